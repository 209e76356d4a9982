// Issue 13, "never mislead": what the page says is true, and says where to look.
//   #tab-problems .count             errors + warnings only (info notes are not problems)
//   [data-testid="problem-summary"]  "1 error, 2 warnings · 1 note"
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, withPage, pasteManifest, waitUntil, SEL, BASE_URL, LOAD_TIMEOUT, E2E_DIR } from './lib.mjs';

const example = (f) => readFileSync(path.join(E2E_DIR, '..', 'examples', f), 'utf8');
const MY_SERVICE = example('01-my-service.yaml');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function open(page, url = `${BASE_URL}#example=my-service`) {
  await page.route('**/favicon.ico', (r) => r.fulfill({ status: 204, body: '' }));
  await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT });
  await page.locator(SEL.manifest).first().waitFor({ state: 'visible', timeout: LOAD_TIMEOUT });
  await page.locator(SEL.selectedPods).first().waitFor({ timeout: LOAD_TIMEOUT });
}

const badge = async (page) => {
  const b = page.locator('#tab-problems .count');
  return (await b.count()) ? (await b.innerText()).trim() : '';
};

test('an info note is listed under Problems but not counted as a problem', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    await pasteManifest(page, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n---\n${MY_SERVICE}`);
    await page.locator('#tab-problems').click();
    await waitUntil(async () => ({ ok: (await page.locator(`${SEL.problems} .info`).count()) === 1 }), 'the ConfigMap note');
    assert.equal(await badge(page), '', 'no count on the Problems tab for a note');
    assert.equal(await page.locator('[data-testid="problem-summary"]').innerText(), 'No problems · 1 note');
    // A real problem is counted.
    await pasteManifest(page, MY_SERVICE.replace('targetPort: 9376', 'targetPort: 70000'));
    await waitUntil(async () => ({ ok: (await badge(page)) === '1', got: await badge(page) }), 'Problems 1 for the bad targetPort');
  });
});
