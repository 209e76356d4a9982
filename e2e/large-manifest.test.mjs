// A manifest above the size the app analyses at once (1,000 pods, about 340 KB, analysed in slices
// between frames): pasted, its analysis is shown; a selector edit re-selects; a reload brings it
// back; and keys typed one at a time while the engine works all land, in order, and the analysis
// catches up with the last one. How long each of these takes is a figure of bench/run.mjs, not a
// test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, withPage, openApp, getManifest, pasteManifest, generatedManifest, selectedPodsText, names, waitUntil,
  SEL, LOAD_TIMEOUT,
} from './lib.mjs';

const BIG_TIMEOUT = 60_000;
const big = generatedManifest(1000); // the Service selects app: MyApp, the even pods
const bigOther = big.replace(/(selector:[ \t]*\r?\n[ \t]+)app: MyApp\b/, '$1app: OtherApp'); // the odd pods

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function waitForPods(page, want, not, timeout = BIG_TIMEOUT) {
  return waitUntil(async () => {
    const n = names(await selectedPodsText(page));
    return { ok: want.every((p) => n.has(p)) && not.every((p) => !n.has(p)), shown: [...n].slice(0, 8) };
  }, `selected pods: ${want.join(', ')} and not ${not.join(', ')}`, timeout);
}

/** The Service card's summary, e.g. "Selects 500 pods (500 Ready)". */
async function selects(page, re) {
  return waitUntil(async () => {
    const text = (await page.getByRole('region', { name: 'Service', exact: true }).innerText()).replace(/\s+/g, ' ');
    return { ok: re.test(text), text: text.slice(0, 160) };
  }, `the Service card to say ${re}`, BIG_TIMEOUT);
}

async function waitUntilCurrent(page) {
  await page.locator('[data-testid="analysing"]').waitFor({ state: 'detached', timeout: BIG_TIMEOUT });
  await waitUntil(async () => ({ ok: (await page.locator('section.results-pane').getAttribute('aria-busy')) === 'false' }),
    'the results to be current (aria-busy="false")', BIG_TIMEOUT);
}

test('a 1,000-pod manifest: pasted, analysed and shown; a selector edit re-selects; a reload restores it', async (t) => {
  assert.ok(big.length > 64 * 1024, 'the manifest is above the size analysed at once');
  assert.notEqual(bigOther, big);
  await withPage(browser, t, async ({ page }) => {
    await openApp(page);
    await pasteManifest(page, big);
    await waitForPods(page, ['pod-0000', 'pod-0002'], ['myapp-1', 'pod-0001']);
    await waitUntilCurrent(page);
    await selects(page, /Selects 500 pods\b/);

    await pasteManifest(page, bigOther);
    await waitForPods(page, ['pod-0001', 'pod-0003'], ['pod-0000', 'pod-0002']);
    await waitUntilCurrent(page);
    await selects(page, /Selects 500 pods\b/);

    // Autosaved, then restored and analysed again after a reload.
    await waitUntil(async () => {
      const saved = await page.evaluate(() => localStorage.getItem('service-playground:session'));
      return { ok: !!saved && saved.includes('big-service') && saved.includes('app: OtherApp'), length: saved?.length ?? 0 };
    }, 'the 1,000-pod manifest in the autosave', BIG_TIMEOUT);
    await page.reload({ waitUntil: 'load', timeout: LOAD_TIMEOUT });
    await waitUntil(async () => ({ ok: (await getManifest(page)) === bigOther }), 'the manifest restored after reload', BIG_TIMEOUT);
    await waitForPods(page, ['pod-0001', 'pod-0003'], ['pod-0000']);
    await selects(page, /Selects 500 pods\b/);
  });
});

test('keys typed one at a time while a 1,000-pod manifest is analysed all land, and the analysis catches up', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await openApp(page);
    await page.locator('.editor-host[data-editor="codemirror"] .cm-editor').waitFor({ timeout: LOAD_TIMEOUT });
    // Count the keys that arrive while the results are marked busy (an analysis under way).
    await page.evaluate(() => {
      window.__keys = { all: 0, busy: 0 };
      document.addEventListener('keydown', () => {
        window.__keys.all++;
        if (document.querySelector('section.results-pane')?.getAttribute('aria-busy') === 'true') window.__keys.busy++;
      }, true);
    });
    await pasteManifest(page, big);
    // At once, while the engine works: to the end of the Service's selector line, MyApp → OtherApp.
    const line = big.split('\n').findIndex((l) => /^\s+app: MyApp$/.test(l)) + 1;
    await page.locator(SEL.manifest).click();
    await page.keyboard.press('Control+Home');
    for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    for (let i = 0; i < 'MyApp'.length; i++) await page.keyboard.press('Backspace', { delay: 40 });
    await page.keyboard.type('OtherApp', { delay: 40 });

    const keys = await page.evaluate(() => window.__keys);
    assert.ok(keys.busy > 0, `some keys were typed while an analysis was under way (${keys.busy} of ${keys.all})`);
    // Every key landed, in order: the text is exactly the edited manifest.
    assert.equal(await getManifest(page), bigOther, 'the editor holds every key typed');
    // The analysis catches up with the last key.
    await waitForPods(page, ['pod-0001', 'pod-0003'], ['pod-0000', 'pod-0002']);
    await waitUntilCurrent(page);
    await selects(page, /Selects 500 pods\b/);
    assert.equal(await getManifest(page), bigOther);
  });
});
