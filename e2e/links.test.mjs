// Links opened in the open page apply at once (`hashchange`), as they do in a new tab: `#example=`,
// `#view=`, `#service=`, `#embed`; and after the person edits, a reload shows the edit (the
// autosave), not the example link that is still in the address bar.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, withPage, openApp, getManifest, pasteManifest, waitUntil, SEL, BASE_URL, LOAD_TIMEOUT } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const open = (page, url) => openApp(page, url, { ready: SEL.manifest, manifest: true });

/** Clicks a link to `href` in the page, as a docs page or a bookmark in the same tab would open it. */
async function follow(page, href) {
  await page.evaluate((h) => {
    const a = document.createElement('a');
    a.href = h;
    a.textContent = 'link';
    document.body.append(a);
    a.click();
    a.remove();
  }, href);
}

const selectedTab = (page) => page.locator('.tabs [role="tab"][aria-selected="true"]').getAttribute('id');
const shownService = (page) => page.locator('.chooser [role="tab"][aria-selected="true"]').innerText();

test('#example=, #view= and #service= links apply in the open page', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page, BASE_URL);
    assert.match(await getManifest(page), /name: my-service/);
    const loads = [];
    page.on('load', () => loads.push(page.url()));

    await follow(page, '#example=nodeport&view=endpoints');
    await waitUntil(async () => (await getManifest(page)).includes('nodePort: 30007'), 'the NodePort example in the editor');
    await waitUntil(async () => (await selectedTab(page)) === 'tab-endpoints', 'the Endpoints view');

    await follow(page, '#view=dns');
    await waitUntil(async () => (await selectedTab(page)) === 'tab-dns', 'the DNS view');
    assert.match(await getManifest(page), /nodePort: 30007/, 'a view link keeps the text');

    await follow(page, '#example=loadbalancer&service=default/web-local&view=traffic');
    await waitUntil(async () => (await getManifest(page)).includes('name: web-local'), 'the LoadBalancer example');
    await waitUntil(async () => (await shownService(page)) === 'default/web-local', 'the Service named by the link');
    assert.equal(await selectedTab(page), 'tab-traffic');

    await follow(page, '#example=no-such-example');
    await waitUntil(async () => /no example called “no-such-example”/.test(await page.locator('[data-testid="notice"]').innerText().catch(() => '')), 'a notice for an unknown example');
    assert.match(await getManifest(page), /name: web-local/, 'an unknown example changes nothing');
    assert.deepEqual(loads, [], 'no reload: the links applied in place');
  });
});

test('an #embed link opened in the page shows the embedded layout', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page, BASE_URL);
    assert.equal(await page.locator('.app.embed').count(), 0);
    await follow(page, '#embed&example=nodeport&view=endpoints&readonly');
    await page.locator('.app.embed').waitFor({ timeout: LOAD_TIMEOUT });
    await waitUntil(async () => /nodePort: 30007/.test(await page.locator(SEL.manifest).first().innerText()), 'the example in the embed');
    assert.equal(await page.locator('.topbar').count(), 0, 'no toolbar');
    assert.equal(await page.locator('[contenteditable="true"], textarea').count(), 0, 'read-only');
  });
});

test('after an edit, a reload keeps the edit (the autosave wins over the #example= link)', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page, `${BASE_URL}#example=nodeport&view=endpoints`);
    await waitUntil(async () => (await getManifest(page)).includes('nodePort: 30007'), 'the NodePort example');
    // Not edited yet: a reload opens the link again.
    await page.reload({ waitUntil: 'load' });
    await waitUntil(async () => (await getManifest(page)).includes('nodePort: 30007'), 'the example after a plain reload');
    const edited = (await getManifest(page)).replace('nodePort: 30007', 'nodePort: 30099');
    await pasteManifest(page, edited);
    await page.locator('#tab-dns').click();
    await waitUntil(async () => !new URL(page.url()).hash.includes('example='), 'the example link leaves the address bar once edited');
    await page.reload({ waitUntil: 'load' });
    await waitUntil(async () => (await getManifest(page)) === edited, 'the edit after the reload', LOAD_TIMEOUT);
    assert.equal(await selectedTab(page), 'tab-dns', 'and the view the person chose');
    // Opening the example link again replaces the edit, which is kept: Restore brings it back.
    await follow(page, '#example=nodeport');
    await waitUntil(async () => (await getManifest(page)).includes('nodePort: 30007'), 'the example again');
    assert.match(await page.locator('[data-testid="notice"]').innerText(), /Restore brings it back/);
    await page.locator('[data-testid="notice"] button', { hasText: 'Restore' }).click();
    await waitUntil(async () => (await getManifest(page)) === edited, 'the edit restored');
  });
});
