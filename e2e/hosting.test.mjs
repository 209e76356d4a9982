// Hosting: the built dist/ works under any path (relative asset URLs), and it is a release build
// (no trunk live-reload client). A server of the test's own serves dist/ at /playground/, as a
// GitHub Pages project site or a docs site's subfolder would, and answers 404 to everything else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, withPage, getManifest, waitUntil, serveUnderPath, SEL, BASE_URL, LOAD_TIMEOUT } from './lib.mjs';

let browser;
let host;
before(async () => {
  browser = await launch();
  host = await serveUnderPath('/playground/');
});
after(async () => {
  await browser?.close();
  await host?.close();
});

test('index.html is a release build with relative asset URLs and no live-reload client', async () => {
  const page = await (await fetch(BASE_URL)).text();
  assert.doesNotMatch(page, /\.well-known\/trunk\/ws|__TRUNK_/, 'no trunk live-reload script');
  // The prerendered first view (scripts/prerender.mjs) is the page's content, not its assets: its
  // links (the Kubernetes docs) are not asset URLs.
  const html = page.replace(/<!-- prerender:start[\s\S]*?<!-- prerender:end -->/, '');
  const urls = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => !u.startsWith('data:'));
  assert.ok(urls.length >= 3, `index.html refers to its assets (${urls.join(', ')})`);
  for (const u of urls) assert.doesNotMatch(u, /^\/|^[a-z]+:/i, `asset URL ${u} is relative`);
  const imports = [...html.matchAll(/(?:from\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
  for (const u of imports) assert.match(u, /^\.\//, `module import ${u} is relative`);
});

test('dist/ served under /playground/ renders, with no 404', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    const failed = [];
    page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
    page.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));
    for (const path of ['/playground/', '/playground/index.html#example=nodeport&view=endpoints']) {
      await page.goto(host.url(path), { waitUntil: 'load', timeout: LOAD_TIMEOUT });
      await page.locator(SEL.selectedPods).first().waitFor({ state: 'visible', timeout: LOAD_TIMEOUT });
      await waitUntil(async () => (await getManifest(page)).includes('kind: Service'), 'the manifest in the editor', LOAD_TIMEOUT);
      // The editor bundle is imported after the first view: wait for it, or the next navigation
      // aborts its request (a failed request of the test's making, not of the sub-path).
      await page.locator('[data-editor="codemirror"]').waitFor({ state: 'attached', timeout: LOAD_TIMEOUT });
    }
    assert.equal(await page.locator('#tab-endpoints').getAttribute('aria-selected'), 'true', 'the link under the sub-path applies');
    assert.match(await getManifest(page), /nodePort: 30007/);
    // The wasm, its glue, the CSS and the editor bundle all came from under /playground/.
    const assets = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    assert.ok(assets.some((p) => p.endsWith('.wasm')), `the wasm was loaded (${assets.join(', ')})`);
    for (const p of assets) assert.ok(p.startsWith('/playground/'), `${p} is under /playground/`);
    assert.deepEqual(failed, [], 'no request failed');
    assert.deepEqual(host.misses, [], 'nothing was asked for outside /playground/');
  });
});
