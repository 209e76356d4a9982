// Teaching aids (issue 13, "Teach").
//
// Contract with the app:
//   [data-testid="type-ladder"]  the "ClusterIP ⊂ NodePort ⊂ LoadBalancer" ladder; .rung.current is
//                                the shown type, ExternalName in .ladder.apart
//   [data-testid="type-badge"] + a.docs-link   "Kubernetes docs ↗" beside the type
//   details[data-testid="teach"] the port explainer ([data-testid="port-chains"]) and the glossary
//   .pod-chip.labelled .lbl.match / .lbl.mismatch / .lbl.missing   label badges on pod chips;
//   [data-testid="near-miss-pods"] pods the selector misses
//   .problem-docs a.docs-link    a docs link on each explaining check in Problems
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  launch, withPage, getManifest, pasteManifest, selectedPodsText, names, waitUntil, SEL, BASE_URL, LOAD_TIMEOUT, E2E_DIR,
} from './lib.mjs';

const EXAMPLE = (f) => readFileSync(path.join(E2E_DIR, '..', 'examples', f), 'utf8');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function open(page, url = BASE_URL) {
  await page.route('**/favicon.ico', (r) => r.fulfill({ status: 204, body: '' }));
  await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT });
  await page.locator(SEL.selectedPods).first().waitFor({ state: 'visible', timeout: LOAD_TIMEOUT });
  await waitUntil(async () => (await getManifest(page)).length > 0, 'the editor holds the manifest', LOAD_TIMEOUT);
}

async function waitForManifest(page, pred, what) {
  return waitUntil(async () => {
    const text = await getManifest(page);
    return { ok: pred(text), text: text.slice(-300) };
  }, what);
}

test('the type ladder marks the shown type and links to the Kubernetes docs', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    for (const [example, current, included] of [
      ['my-service', 'ClusterIP', []],
      ['nodeport', 'NodePort', ['ClusterIP']],
      ['loadbalancer', 'LoadBalancer', ['ClusterIP', 'NodePort']],
      ['externalname', 'ExternalName', []],
    ]) {
      await open(page, `${BASE_URL}#example=${example}`);
      await page.reload();
      const ladder = page.locator('[data-testid="type-ladder"]');
      await waitUntil(async () => (await ladder.locator('.rung.current').innerText()).includes(current), `${example}: ${current} highlighted`);
      assert.equal(await ladder.locator('.rung.current').count(), 1);
      assert.deepEqual(await ladder.locator('.rung.included .rung-name').allInnerTexts(), included, example);
      assert.equal(await ladder.locator('.ladder.apart .rung-name').innerText(), 'ExternalName');
      const docs = page.locator('.svc-title a.docs-link');
      assert.match(await docs.getAttribute('href'), /^https:\/\/kubernetes\.io\/docs\/concepts\/services-networking\/service\/#/);
      assert.equal((await docs.innerText()).trim(), 'Kubernetes docs ↗');
      assert.equal(await docs.getAttribute('target'), '_blank');
    }
  });
});

test('the port explainer shows this Service\'s numbers and the pods\' containerPorts', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page, `${BASE_URL}#example=nodeport`);
    await page.reload();
    await page.locator('details[data-testid="teach"] > summary').click();
    const chain = page.locator('[data-testid="port-chains"] .port-chain').first();
    await chain.waitFor({ timeout: LOAD_TIMEOUT });
    const fields = await chain.locator('.port-hop .field').allInnerTexts();
    assert.deepEqual(fields.slice(0, 3), ['nodePort', 'port', 'targetPort']);
    assert.equal(fields.at(-1), 'containerPort');
    assert.deepEqual((await chain.locator('.port-hop .value').allInnerTexts()).slice(0, 3), ['30007', '80', '80']);
    // The glossary explains the trace's words.
    const terms = await page.locator('[data-testid="glossary"] dt').allInnerTexts();
    for (const w of ['DNAT', 'SNAT', 'Masquerade', 'KUBE-SVC / KUBE-EXT', 'Hairpin']) assert.ok(terms.includes(w), `${w} in ${terms}`);
    assert.ok(terms.some((x) => x.startsWith('VIP')));
    // Editing the targetPort changes the explainer.
    const yaml = await getManifest(page);
    await pasteManifest(page, yaml.replace(/targetPort: 80\b/, 'targetPort: 8080'));
    await waitUntil(async () => (await chain.locator('.port-hop.target .value').first().innerText()) === '8080', 'containerPort follows targetPort');
    assert.equal(await chain.locator('.port-hop.undeclared').count(), 1, 'a port no container declares is marked');
  });
});

test('pod chips carry label badges, mismatching keys marked, near misses listed apart', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    const chip = page.locator(`${SEL.selectedPods} .pod-chip.labelled`, { hasText: 'myapp-1' });
    await chip.waitFor({ timeout: LOAD_TIMEOUT });
    assert.match(await chip.locator('.lbl.match').innerText(), /✓\s*app=MyApp/);
    const near = page.locator('[data-testid="near-miss-pods"] .pod-chip', { hasText: 'other-app' });
    assert.match(await near.locator('.lbl.mismatch').innerText(), /app=OtherApp/);
    assert.match(await near.locator('.lbl.mismatch').getAttribute('title'), /wants app=MyApp/);
    assert.ok(!names(await selectedPodsText(page)).has('other-app'), 'a near miss is not in the selected list');
    // A selector key the pods lack is shown as missing on each of them.
    const yaml = await getManifest(page);
    await pasteManifest(page, yaml.replace('  selector:\n    app: MyApp\n', '  selector:\n    app: MyApp\n    tier: web\n'));
    const missing = page.locator('[data-testid="near-miss-pods"] .pod-chip', { hasText: 'myapp-1' }).locator('.lbl.missing');
    await waitUntil(async () => (await missing.count()) === 1, 'tier=web missing on myapp-1');
    assert.match(await missing.innerText(), /tier=web/);
  });
});

test('each explaining check in Problems links to the Kubernetes docs', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    const yaml = await getManifest(page);
    await pasteManifest(page, yaml.replace('    app: MyApp\n  ports:', '    app: Nobody\n  ports:'));
    await page.locator('#tab-problems').click();
    const row = page.locator(`${SEL.problems} li`, { hasText: 'selects-no-pods' });
    await row.waitFor({ timeout: LOAD_TIMEOUT });
    const href = await row.locator('a.docs-link').getAttribute('href');
    assert.match(href, /^https:\/\/kubernetes\.io\/docs\/.*label-selectors/);
  });
});
