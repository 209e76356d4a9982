// Teaching aids and the what-ifs learners expect (issue 13, "Teach" and "What-ifs").
//
// Contract with the app:
//   [data-testid="type-ladder"]  the "ClusterIP ⊂ NodePort ⊂ LoadBalancer" ladder; .rung.current is
//                                the shown type, ExternalName in .ladder.apart
//   [data-testid="type-badge"] + a.docs-link   "Kubernetes docs ↗" beside the type
//   details[data-testid="teach"] the port explainer ([data-testid="port-chains"]) and the glossary
//   .pod-chip.labelled .lbl.match / .lbl.mismatch / .lbl.missing   label badges on pod chips;
//   [data-testid="near-miss-pods"] pods the selector misses
//   .problem-docs a.docs-link    a docs link on each explaining check in Problems
//   [data-testid="undo-notice"]  after a what-if: "Done: …", [data-testid="next-step"], "Undo"
//   form[data-testid="expose-form"]  --type/--port/--target-port/--name, [data-testid="expose-preview"]
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  launch, withPage, openApp, getManifest, pasteManifest, selectedPodsText, names, waitUntil, SEL, BASE_URL, LOAD_TIMEOUT, E2E_DIR,
} from './lib.mjs';

const EXAMPLE = (f) => readFileSync(path.join(E2E_DIR, '..', 'examples', f), 'utf8');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const open = (page, url = BASE_URL) => openApp(page, url, { manifest: true });

async function waitForManifest(page, pred, what) {
  return waitUntil(async () => {
    const text = await getManifest(page);
    return { ok: pred(text), text: text.slice(-300) };
  }, what);
}

async function openWhatIf(page) {
  if (!(await page.locator('.whatif-menu').evaluate((d) => d.open))) await page.locator('.whatif-menu > summary').click();
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

test('"Add to selector" narrows the Service to the pods with that label, and Undo puts it back', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    const base = (await getManifest(page)).replace('  name: myapp-1\n  labels:\n    app: MyApp\n', '  name: myapp-1\n  labels:\n    app: MyApp\n    tier: web\n');
    await pasteManifest(page, base);
    await waitForManifest(page, (x) => x.includes('tier: web'), 'the tier label');
    await openWhatIf(page);
    await page.locator('select[aria-label="Object to change"]').selectOption({ label: 'Pod myapp-1' });
    await page.locator('button.whatif', { hasText: "Add tier=web to my-service's selector" }).click();
    await waitForManifest(page, (x) => x.includes('  selector:\n    app: MyApp\n    tier: web\n'), 'tier=web in the selector');
    await waitUntil(async () => {
      const n = names(await selectedPodsText(page));
      return n.has('myapp-1') && !n.has('myapp-2');
    }, 'only myapp-1 selected');
    const notice = page.locator('[data-testid="undo-notice"]');
    assert.match(await notice.innerText(), /Done: Add tier=web to my-service's selector/);
    await notice.getByRole('button', { name: 'Undo' }).click();
    await waitForManifest(page, (x) => x === base, 'the text before the what-if');
    await waitUntil(async () => names(await selectedPodsText(page)).has('myapp-2'), 'myapp-2 selected again');
  });
});

test('the kubectl expose form marks what each flag sets and adds the Service', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page, `${BASE_URL}#example=nginx-deployment`);
    await page.reload();
    await waitForManifest(page, (x) => x.includes('kind: Deployment'), 'the Deployment example');
    await openWhatIf(page);
    await page.locator('select[aria-label="Object to change"]').selectOption({ label: 'Deployment nginx-deployment' });
    const form = page.locator('form[data-testid="expose-form"]');
    await form.locator('select[aria-label="--type"]').selectOption('NodePort');
    await form.locator('input[aria-label="--port"]').fill('8081');
    await form.locator('input[aria-label="--target-port"]').fill('80');
    await form.locator('input[aria-label="--name"]').fill('web');
    assert.equal(await form.locator('[data-testid="expose-command"]').innerText(),
      'kubectl expose deployment nginx-deployment --port=8081 --target-port=80 --type=NodePort --name=web');
    const preview = form.locator('[data-testid="expose-preview"]');
    for (const [flag, line] of [['--name', 'name: web'], ['--type', 'type: NodePort'], ['--port', 'port: 8081'], ['--target-port', 'targetPort: 80']]) {
      const l = preview.locator(`.line.given[data-flag="${flag}"]`);
      assert.equal(await l.count(), 1, flag);
      assert.match(await l.innerText(), new RegExp(line));
    }
    await form.locator('input[aria-label="--port"]').focus();
    assert.equal(await preview.locator('.line.hot').getAttribute('data-flag'), '--port', 'the focused flag\'s line is highlighted');
    const before = await getManifest(page);
    await form.getByRole('button', { name: 'Add this Service' }).click();
    await waitForManifest(page, (x) => x.startsWith(before) && x.includes('  name: web\n') && x.includes('  type: NodePort\n'), 'the new Service in the YAML');
    await page.keyboard.press('Escape');
    await waitUntil(async () => (await page.locator('.service-head .chooser [role="tab"]', { hasText: 'default/web' }).count()) === 1, 'Service web listed');
    assert.match(await page.locator('[data-testid="undo-notice"]').innerText(), /kubectl expose deployment nginx-deployment/);
  });
});

test('"Kill pod" replaces a Deployment pod in steps the user advances', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page, `${BASE_URL}#example=nginx-deployment`);
    await page.reload();
    await waitForManifest(page, (x) => x.includes('kind: Deployment'), 'the Deployment example');
    const original = await getManifest(page);
    await openWhatIf(page);
    await page.locator('select[aria-label="Object to change"]').selectOption({ label: 'Deployment nginx-deployment' });
    const kill = page.locator('button.whatif', { hasText: /^Kill pod nginx-deployment-/ }).first();
    const victim = (await kill.innerText()).replace('Kill pod ', '').trim();
    await kill.click();
    await page.keyboard.press('Escape');
    const chips = page.locator(`${SEL.selectedPods} .pod-chip`);
    const stateOf = async (name) => {
      const c = chips.filter({ hasText: name }).first();
      return (await c.count()) ? (await c.getAttribute('class')).split(/\s+/).filter((x) => ['ready', 'not-ready', 'terminating'].includes(x))[0] : 'absent';
    };
    await waitUntil(async () => (await stateOf(victim)) === 'terminating', `${victim} terminating`);
    const notice = page.locator('[data-testid="undo-notice"]');
    const next = notice.locator('[data-testid="next-step"]');
    const step2 = await next.innerText();
    const m = step2.match(/, (nginx-deployment-\S+) runs at/);
    assert.ok(m, step2);
    const replacement = m[1];
    assert.equal(await stateOf(replacement), 'not-ready');
    // Step 2: the old pod is gone, the replacement runs, not Ready.
    await next.click();
    await waitUntil(async () => !names(await selectedPodsText(page)).has(victim), `${victim} gone`);
    assert.equal(await stateOf(replacement), 'not-ready');
    assert.match(await next.innerText(), /passes its readiness probe/);
    // Step 3: Ready; no further step.
    await next.click();
    await waitUntil(async () => (await stateOf(replacement)) === 'ready', `${replacement} Ready`);
    assert.equal(await next.count(), 0);
    assert.match(await page.locator('.svc-pods').first().innerText(), /Selects 3 pods \(3 Ready\)/);
    // Undo takes back the last step only; the text still starts with the example.
    await notice.getByRole('button', { name: 'Undo' }).click();
    await waitUntil(async () => (await stateOf(replacement)) === 'not-ready', 'the last step undone');
    assert.ok((await getManifest(page)).startsWith(original));
  });
});
