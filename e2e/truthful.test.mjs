// Issue 13, "never mislead": what the page says is true, and says where to look.
//   #tab-problems .count             errors + warnings only (info notes are not problems)
//   [data-testid="problem-summary"]  "1 error, 2 warnings · 1 note"
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import path from 'node:path';
import { launch, withPage, openApp, pasteManifest, waitUntil, SEL, BASE_URL, LOAD_TIMEOUT, E2E_DIR } from './lib.mjs';

const example = (f) => readFileSync(path.join(E2E_DIR, '..', 'examples', f), 'utf8');
const MY_SERVICE = example('01-my-service.yaml');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const open = (page, url = `${BASE_URL}#example=my-service`) => openApp(page, url);

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

test('a typo keeps the last analysis on screen under a banner that names the error and jumps to it', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    const typo = MY_SERVICE.replace('  selector:', '  selectr:');
    const line = typo.split('\n').findIndex((l) => l.includes('selectr:')) + 1;
    await pasteManifest(page, typo);
    const banner = page.locator('[data-testid="stale-banner"]');
    await banner.waitFor({ timeout: LOAD_TIMEOUT });
    const text = await banner.innerText();
    assert.match(text, new RegExp(`line ${line}:3`), text);
    assert.match(text, /unknown field `selectr`/, text);
    assert.doesNotMatch(await page.locator('#view').innerText(), /write one|pick an example/, 'no "write a Service" advice');
    // The views still show the last analysis: my-service and its two pods.
    assert.match(await page.locator(SEL.selectedPods).first().innerText(), /myapp-1/);
    assert.equal(await page.locator('.results-pane').evaluate((e) => e.classList.contains('stale')), true, 'dimmed');
    await page.screenshot({ path: `${E2E_DIR}/artifacts/truthful--stale-banner.png`, fullPage: true });
    // The link puts the editor's cursor on the error's line.
    await banner.locator('[data-testid="error-jump"]').click();
    await waitUntil(async () => {
      const active = await page.locator('.cm-activeLine').first().innerText().catch(() => '');
      return { ok: active.includes('selectr'), active };
    }, 'the cursor on the typo');
    // Fixed: the banner goes, the current analysis shows.
    await pasteManifest(page, MY_SERVICE.replace('port: 80', 'port: 8080'));
    await waitUntil(async () => ({ ok: (await banner.count()) === 0 }), 'the banner gone');
    assert.equal(await page.locator('.results-pane').evaluate((e) => e.classList.contains('stale')), false);
  });
});

test('a manifest opened with an error names it in every view, not "write a Service"', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    // An indentation error in the Service's document: the pods after it are still analysed.
    const broken = MY_SERVICE.replace('    - protocol: TCP', '   - protocol: TCP');
    const link = deflateRawSync(Buffer.from(`1\ntraffic\n\n${broken}`)).toString('base64url');
    await page.route('**/favicon.ico', (r) => r.fulfill({ status: 204, body: '' }));
    await page.goto(`${BASE_URL}#s=${link}`, { waitUntil: 'load', timeout: LOAD_TIMEOUT });
    await page.locator(SEL.manifest).first().waitFor({ state: 'visible', timeout: LOAD_TIMEOUT });
    for (const view of ['traffic', 'endpoints', 'dns', 'routing', 'stored']) {
      await page.locator(`#tab-${view}`).click();
      const card = page.locator('[data-testid="error-card"]');
      await card.waitFor({ timeout: LOAD_TIMEOUT });
      const text = await card.innerText();
      assert.match(text, /line \d+:\d+/, `${view}: ${text}`);
      assert.match(text, /YAML syntax error/, `${view}: ${text}`);
      assert.doesNotMatch(await page.locator('#view').innerText(), /write one|pick an example/, view);
    }
  });
});

/** Picks source and destination (by their labels' text) and sends; returns the result element. */
async function send(page, source, destination) {
  await page.locator('#tab-traffic').click();
  const src = page.locator('select[aria-label="Source"]');
  const dst = page.locator('select[aria-label="Destination"]');
  const label = async (sel, re) => (await sel.locator('option').allInnerTexts()).find((t) => re.test(t));
  await src.selectOption({ label: await label(src, source) });
  await dst.selectOption({ label: await label(dst, destination) });
  await page.locator('form.send-form button[type="submit"]').click();
  const result = page.locator('[data-testid="trace-result"]');
  await result.waitFor({ timeout: LOAD_TIMEOUT });
  return result;
}

test('verdicts tell the truth: cluster IP from outside, ExternalName, a targetPort no container declares', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    let r = await send(page, /^External client → node-a$/, /\(cluster IP\)$/);
    assert.equal(await r.getAttribute('data-verdict'), 'conditional');
    assert.equal(await r.locator('.verdict-tag').innerText(), 'Only if routed');
    assert.match(await r.innerText(), /only if your network routes the Service CIDR/);
    assert.doesNotMatch(await r.locator('.verdict-tag').innerText(), /Delivered/);
    await page.screenshot({ path: `${E2E_DIR}/artifacts/truthful--clusterip-from-outside.png`, fullPage: true });

    // A targetPort no container declares: amber, with the warning in the verdict.
    await pasteManifest(page, MY_SERVICE.replace('targetPort: 9376', 'targetPort: 9377'));
    await waitUntil(async () => ({ ok: (await page.locator('#tab-problems .count').count()) === 1 }), 'the warning');
    r = await send(page, /^Pod default\/other-app/, /\(cluster IP\)$/);
    assert.equal(await r.getAttribute('data-verdict'), 'at-risk');
    assert.match(await r.locator('[data-testid="verdict-why"]').innerText(), /targetPort 9377 is not a containerPort/);

    // A working ExternalName leaves the cluster as a CNAME; it is not dropped.
    await pasteManifest(page, example('07-externalname.yaml'));
    r = await send(page, /^Host network of node-a$/, /\(DNS name\)$/);
    assert.equal(await r.getAttribute('data-verdict'), 'leaves-cluster');
    assert.match(await r.innerText(), /leaves the cluster as CNAME my\.service\.domain\.com/);
    assert.equal(await page.locator('[data-testid="trace-path"] .trace-drop').count(), 0, 'no drop mark');
    await page.screenshot({ path: `${E2E_DIR}/artifacts/truthful--externalname.png`, fullPage: true });
  });
});

test('a name outside the cluster is forwarded upstream, not NXDOMAIN', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    await page.locator('#tab-dns').click();
    await page.locator('input[name="qname"]').fill('example.com');
    const answer = page.locator('[data-testid="dns-answer"]');
    await waitUntil(async () => ({ ok: /Forwarded upstream/.test(await answer.innerText()) }), 'forwarded upstream');
    assert.equal(await answer.locator('strong').first().innerText(), 'Forwarded upstream (not modelled)', 'not an NXDOMAIN answer');
    assert.equal(await answer.evaluate((e) => e.classList.contains('upstream')), true);
    await page.locator('input[name="qname"]').fill('my-servic');
    await waitUntil(async () => ({ ok: /NXDOMAIN/.test(await answer.innerText()) }), 'a typo is NXDOMAIN');
  });
});

test('Send request: choosing "External client → node-c" sets To to node-c\'s address', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page, `${BASE_URL}#example=nodeport`);
    await page.locator('#tab-traffic').click();
    const src = page.locator('select[aria-label="Source"]');
    const dst = page.locator('select[aria-label="Destination"]');
    const chosen = () => dst.evaluate((s) => s.options[s.selectedIndex].textContent);
    assert.match(await chosen(), /nodePort on node-a/);
    await src.selectOption({ label: 'External client → node-c' });
    await waitUntil(async () => ({ ok: /nodePort on node-c/.test(await chosen()), got: await chosen() }), 'To follows the source');
    await page.locator('form.send-form button[type="submit"]').click();
    const r = page.locator('[data-testid="trace-result"]');
    await r.waitFor({ timeout: LOAD_TIMEOUT });
    assert.doesNotMatch(await r.innerText(), /\(not node-c\)/);
    // A pod source leaves an explicit choice alone.
    await dst.selectOption({ label: (await dst.locator('option').allInnerTexts()).find((x) => /nodePort on node-a/.test(x)) });
    await src.selectOption({ label: (await src.locator('option').allInnerTexts()).find((x) => x.startsWith('Pod ')) });
    assert.match(await chosen(), /nodePort on node-a/);
  });
});

test('new diagnostics: matchLabels in a Service selector at its own line, Endpoints without a Service, a missing namespace', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    const text = MY_SERVICE.replace('  selector:\n    app: MyApp', '  selector:\n    matchLabels:\n      app: MyApp');
    const line = text.split('\n').findIndex((l) => l.includes('matchLabels:')) + 1;
    await pasteManifest(page, text);
    await page.locator('#tab-problems').click();
    const item = page.locator(`${SEL.problems} button`, { hasText: 'selector-not-label-selector' });
    await item.waitFor({ timeout: LOAD_TIMEOUT });
    assert.equal(await item.getAttribute('data-line'), String(line), 'reported on the matchLabels line');
    assert.match(await item.innerText(), /selector: \{app: MyApp\}/);

    await pasteManifest(page, `${MY_SERVICE}---\napiVersion: v1\nkind: Endpoints\nmetadata: {name: my-servce}\nsubsets: [{addresses: [{ip: 10.0.0.5}], ports: [{port: 9376}]}]\n`);
    await page.locator(`${SEL.problems} button`, { hasText: 'endpoints-unknown-service' }).waitFor({ timeout: LOAD_TIMEOUT });

    await pasteManifest(page, `apiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n---\n${MY_SERVICE.replace('  name: my-service', '  name: my-service\n  namespace: prd')}`);
    const ns = page.locator(`${SEL.problems} button`, { hasText: 'namespace-not-found' });
    await ns.waitFor({ timeout: LOAD_TIMEOUT });
    assert.match(await ns.innerText(), /namespaces "prd" not found/);
    await page.screenshot({ path: `${E2E_DIR}/artifacts/truthful--new-diagnostics.png`, fullPage: true });
  });
});
