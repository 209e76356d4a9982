// The embed kit (dist/embed.js) on the sample docs page (docs/embed-sample/index.html): three code
// blocks marked `# service-playground: …` in mdBook, Docusaurus and Hugo markup, and a
// <service-playground> element. The page and the playground are served by the test's own host,
// the playground under /playground/ as a docs site would hold it. Checked: iframes are created
// lazily, sized from the height message, follow the page's theme live (prefers-color-scheme and
// data-theme), the blocks stay as the no-JS fallback, single-page navigation is followed, the
// "Embed" button's snippet works when pasted into a page, and no frame logs a console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launch, withPage, waitUntil, serveUnderPath, screenshot, getManifest, E2E_DIR, ARTIFACTS, LOAD_TIMEOUT } from './lib.mjs';

const SAMPLE = path.join(E2E_DIR, '..', 'docs', 'embed-sample');
const PASTED = path.join(ARTIFACTS, 'pasted-snippet');
mkdirSync(PASTED, { recursive: true });

let browser;
let host;
before(async () => {
  browser = await launch();
  host = await serveUnderPath('/playground/', { '/docs/': SAMPLE, '/pasted/': PASTED });
});
after(async () => {
  await browser?.close();
  await host?.close();
});

/** Every playground iframe on the page: the marked blocks' and the custom elements' (in shadow roots). */
const frameCount = (page) => page.evaluate(() => document.querySelectorAll('iframe.service-playground-frame').length +
  [...document.querySelectorAll('service-playground')].filter((e) => e.shadowRoot?.querySelector('iframe')).length);

/** For each iframe, in page order: its height, whether it was sized, its color-scheme, and what its page shows. */
async function frames(page) {
  const handles = await page.evaluateHandle(() => [
    ...document.querySelectorAll('iframe.service-playground-frame'),
    ...[...document.querySelectorAll('service-playground')].map((e) => e.shadowRoot?.querySelector('iframe')).filter(Boolean),
  ]);
  const n = await handles.evaluate((a) => a.length);
  const out = [];
  for (let i = 0; i < n; i++) {
    const el = await handles.evaluateHandle((a, j) => a[j], i);
    const outer = await el.evaluate((f) => ({ height: f.getBoundingClientRect().height, sized: f.hasAttribute('data-sized'), scheme: f.style.colorScheme, title: f.title }));
    const frame = await el.asElement().contentFrame();
    const inner = await frame.evaluate(() => {
      const app = document.querySelector('.app');
      return {
        appHeight: app ? app.getBoundingClientRect().height : 0,
        classes: app ? app.className : '',
        view: app?.dataset.view,
        theme: document.documentElement.dataset.theme ?? null,
        innerScheme: getComputedStyle(document.documentElement).colorScheme,
        text: (() => {
          const el = document.querySelector('[aria-label="Manifest YAML"]');
          const view = el?.cmTile?.root?.view ?? el?.cmView?.rootView?.view ?? el?.cmView?.view;
          return view?.state?.doc ? view.state.doc.toString() : (el?.textContent ?? '');
        })(),
        editable: !!document.querySelector('[contenteditable="true"], textarea'),
      };
    }).catch((e) => ({ error: String(e) }));
    out.push({ ...outer, ...inner });
  }
  return out;
}

test('the sample docs page: lazy iframes, sized, the right manifests and options, no console errors', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(host.url('/docs/'), { waitUntil: 'load', timeout: LOAD_TIMEOUT });
    // Only the first block is near the viewport: one iframe, sized by its height message.
    await waitUntil(async () => (await frames(page)).some((f) => f.sized), 'the first playground, sized', LOAD_TIMEOUT);
    await page.waitForTimeout(500);
    assert.equal(await frameCount(page), 1, 'the blocks below the fold have no iframe yet');
    const [first] = await frames(page);
    assert.match(first.text, /name: web\b/);
    assert.doesNotMatch(first.text, /service-playground/, 'the marker line is not part of the manifest');
    assert.ok(!first.editable, 'readonly');
    assert.ok(Math.abs(first.height - first.appHeight) <= 2 && first.height > 250, `iframe height follows the page (${first.height} vs ${first.appHeight})`);
    assert.equal(await page.locator('#mdbook + pre').isHidden(), true, 'the source block is hidden once the playground is there');
    assert.equal(await page.locator('#mdbook + pre').count(), 1, 'and kept in the page');
    await screenshot(page, 'embed-kit--first-block');

    // Scrolling brings the others.
    for (const id of ['#docusaurus', '#hugo', '#element']) {
      await page.locator(id).scrollIntoViewIfNeeded();
      await page.waitForTimeout(200);
    }
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await waitUntil(async () => {
      const fs = await frames(page);
      return { ok: fs.length === 4 && fs.every((f) => f.sized && f.appHeight > 0), fs: fs.map((f) => [f.sized, f.height]) };
    }, 'four sized playgrounds', LOAD_TIMEOUT);
    const [, docusaurus, hugo, element] = await frames(page);
    // Docusaurus draws each line as a span ending in <br>: the lines survive.
    assert.match(docusaurus.text, /type: NodePort\n/);
    assert.match(docusaurus.text, /nodePort: 30007/);
    assert.equal(docusaurus.view, 'endpoints');
    assert.ok(docusaurus.editable, 'no readonly option: editable');
    assert.match(hugo.classes, /\bfigure\b/, 'the figure option');
    assert.equal(hugo.text, '', 'a figure has no editor');
    assert.equal(element.view, 'dns');
    assert.match(element.text, /^apiVersion: v1\nkind: Service\n/, 'the element\'s <pre>, dedented');
    assert.equal(element.title, 'Service Playground: a headless Service');
    for (const f of await frames(page)) {
      assert.ok(Math.abs(f.height - f.appHeight) <= 2, `each iframe is as tall as its playground (${f.height} vs ${f.appHeight})`);
    }
    // The figure shows the Service the marker names.
    const hugoFrame = page.frames().find((f) => /figure/.test(f.url()));
    assert.ok(hugoFrame, 'the figure frame');
    assert.match(await hugoFrame.locator('#view').innerText(), /web-local/);
    await screenshot(page, 'embed-kit--all-blocks');
  });
});

test('the playgrounds follow the page theme live: prefers-color-scheme, then data-theme', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(host.url('/docs/'), { waitUntil: 'load', timeout: LOAD_TIMEOUT });
    await waitUntil(async () => (await frames(page)).some((f) => f.sized), 'the first playground', LOAD_TIMEOUT);
    const all = async (want) => waitUntil(async () => {
      const fs = await frames(page);
      // The iframe's color-scheme (set by embed.js), the playground's theme and its page's
      // color-scheme all match: no white box on a dark page.
      return { ok: fs.length > 0 && fs.every((f) => f.scheme === want && f.theme === want && f.innerScheme === want), fs: fs.map((f) => [f.scheme, f.theme, f.innerScheme]) };
    }, `every playground ${want}`);
    await all('light');
    // The system turns dark: no toggle on the page, so the playgrounds follow it.
    await page.emulateMedia({ colorScheme: 'dark' });
    await all('dark');
    await screenshot(page, 'embed-kit--system-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await all('light');
    // The page's own toggle (data-theme on <html>, as Docusaurus does) wins over the system.
    await page.locator('#theme-toggle').click();
    await all('dark');
    await screenshot(page, 'embed-kit--toggle-dark');
    await page.locator('#theme-toggle').click();
    await all('light');
  });
});

test('without JavaScript the marked blocks stay plain YAML', async (t) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(host.url('/docs/'), { waitUntil: 'load', timeout: LOAD_TIMEOUT });
    assert.equal(await page.locator('iframe').count(), 0);
    for (const sel of ['#mdbook + pre', '#docusaurus + div pre', '#hugo + div pre', 'service-playground pre']) {
      assert.ok(await page.locator(sel).isVisible(), `${sel} is visible`);
      assert.match(await page.locator(sel).innerText(), /kind: Service/);
    }
    await screenshot(page, `embed-kit--${t.name.replace(/\s+/g, '-')}`);
  } finally {
    await context.close();
  }
});

test('single-page navigation: a block that arrives later becomes a playground', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await page.goto(host.url('/docs/'), { waitUntil: 'load', timeout: LOAD_TIMEOUT });
    await waitUntil(async () => (await frameCount(page)) >= 1, 'the first playground', LOAD_TIMEOUT);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.locator('#next-page').click();
    await page.locator('h1', { hasText: 'EndpointSlices' }).waitFor();
    await waitUntil(async () => {
      const fs = await frames(page);
      return { ok: fs.length === 1 && fs[0].sized && /name: spa-service/.test(fs[0].text), fs: fs.map((f) => f.text.slice(0, 60)) };
    }, 'a playground for the new page\'s block', LOAD_TIMEOUT);
  });
});

test('"Embed" copies a snippet that works when pasted into a docs page', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await page.goto(host.url('/playground/#example=nodeport&view=endpoints'), { waitUntil: 'load', timeout: LOAD_TIMEOUT });
    await waitUntil(async () => (await getManifest(page)).includes('nodePort: 30007'), 'the NodePort example', LOAD_TIMEOUT);
    await page.locator('[data-testid="copy-embed"]').click();
    const snippet = await page.locator('[data-testid="embed-snippet"]').inputValue();
    assert.match(snippet, new RegExp(`^<script src="${host.url('/playground/embed.js').replace(/[.?]/g, '\\$&')}" defer></script>\n\n`));
    assert.match(snippet, /```yaml\n# service-playground: view=endpoints service=default\/my-service\n/);
    await screenshot(page, 'embed-kit--snippet');
    // A Markdown renderer's output for the snippet: the <script> as is, the block as <pre><code>.
    const [, script, , body] = /^(<script[^>]*><\/script>)\n\n(`{3,})yaml\n([\s\S]*?)\n\2\n$/.exec(snippet);
    const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    writeFileSync(path.join(PASTED, 'index.html'), `<!doctype html><meta charset="utf-8"><title>Pasted</title>${script}
      <h1>My page</h1><pre><code class="language-yaml">${esc(body)}\n</code></pre>`);
    await page.goto(host.url('/pasted/'), { waitUntil: 'load', timeout: LOAD_TIMEOUT });
    await waitUntil(async () => {
      const fs = await frames(page);
      return { ok: fs.length === 1 && fs[0].sized && fs[0].view === 'endpoints' && /nodePort: 30007/.test(fs[0].text) };
    }, 'the pasted snippet as a playground', LOAD_TIMEOUT);
  });
});
