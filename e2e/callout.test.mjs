// Issue 13 item 3, "say why where people look": the callout under the Traffic summary names the
// cause of failing or risky traffic and links to the line to fix.
//   [data-testid="traffic-callout"]   the callout (class fails / at-risk / note)
//   [data-testid="callout-line"]      "→ line N": puts the editor's cursor there
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, withPage, openApp, pasteManifest, waitUntil, SEL, BASE_URL, LOAD_TIMEOUT, E2E_DIR } from './lib.mjs';

const example = (f) => readFileSync(path.join(E2E_DIR, '..', 'examples', f), 'utf8');
const MY_SERVICE = example('01-my-service.yaml');
const CALLOUT = '[data-testid="traffic-callout"]';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const open = (page, url = `${BASE_URL}#example=my-service`) =>
  openApp(page, url, { ready: '[data-testid="diagram-summary"]' });

const calloutText = async (page) => {
  const c = page.locator(CALLOUT);
  return (await c.count()) ? (await c.innerText()).replace(/\s+/g, ' ') : '';
};

test('a working Service has no callout; a selector typo says why there are no endpoints and jumps to it', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    assert.equal(await page.locator(CALLOUT).count(), 0, 'no callout when traffic works');
    const typo = MY_SERVICE.replace('    app: MyApp\n  ports', '    app: MyApp2\n  ports');
    assert.notEqual(typo, MY_SERVICE);
    await pasteManifest(page, typo);
    await waitUntil(async () => ({ ok: /No endpoints/.test(await calloutText(page)), got: await calloutText(page) }), 'the callout');
    const text = await calloutText(page);
    assert.match(text, /selects no pods/);
    assert.match(text, /MyApp2/);
    assert.match(text, /2 pods have/, text);
    assert.equal(await page.locator(CALLOUT).evaluate((e) => e.classList.contains('fails')), true, 'red: traffic fails');
    const jump = page.locator(`${CALLOUT} [data-testid="callout-line"]`).first();
    const line = Number(await jump.getAttribute('data-line'));
    assert.match(typo.split('\n')[line - 1], /selector|MyApp2/, `line ${line} is the selector`);
    assert.match(await jump.innerText(), new RegExp(`line ${line}`));
    await jump.click();
    await waitUntil(async () => {
      const active = await page.locator('.cm-activeLine').first().innerText().catch(() => '');
      return { ok: /selector|MyApp2/.test(active), active };
    }, 'the cursor on the selector');
  });
});

test('a named targetPort no container declares fails, a numbered one is at risk', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page);
    await pasteManifest(page, MY_SERVICE.replace('targetPort: 9376', 'targetPort: http-web'));
    await waitUntil(async () => ({ ok: /Named port not found/.test(await calloutText(page)), got: await calloutText(page) }), 'named port');
    assert.match(await calloutText(page), /container port named `http-web`/);
    assert.equal(await page.locator(CALLOUT).evaluate((e) => e.classList.contains('fails')), true);
    await pasteManifest(page, MY_SERVICE.replace('targetPort: 9376', 'targetPort: 9377'));
    await waitUntil(async () => ({ ok: /targetPort not declared/.test(await calloutText(page)), got: await calloutText(page) }), 'numbered port');
    assert.match(await calloutText(page), /9377/);
    assert.equal(await page.locator(CALLOUT).evaluate((e) => e.classList.contains('at-risk')), true, 'amber: at risk');
  });
});

test('externalTrafficPolicy Local names the nodes that drop external traffic', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page, `${BASE_URL}#example=loadbalancer&service=default/web-local&view=traffic`);
    await waitUntil(async () => ({ ok: /Dropped on some nodes/.test(await calloutText(page)), got: await calloutText(page) }), 'ETP Local');
    const text = await calloutText(page);
    assert.match(text, /externalTrafficPolicy is Local/);
    assert.match(text, /node-c/);
    const line = Number(await page.locator(`${CALLOUT} [data-testid="callout-line"]`).first().getAttribute('data-line'));
    assert.match(example('06-loadbalancer.yaml').split('\n')[line - 1], /externalTrafficPolicy: Local/);
    await page.screenshot({ path: `${E2E_DIR}/artifacts/callout--etp-local.png`, fullPage: true });
  });
});

test('the callout speaks about the frontend the diagram shows', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await open(page, `${BASE_URL}#example=loadbalancer&service=default/web-local&view=traffic`);
    const callout = page.locator(CALLOUT);
    const frontend = async () => ((await callout.count()) ? callout.getAttribute('data-frontend') : 'none');
    // The load balancer is shown first: externalTrafficPolicy Local drops its traffic on node-c.
    await waitUntil(async () => ({ ok: /Dropped on some nodes/.test(await calloutText(page)), got: await calloutText(page) }), 'ETP Local');
    assert.equal(await frontend(), 'loadBalancer');
    assert.match(await callout.getAttribute('aria-label'), /to load balancer [\d.]+:80/);
    // The cluster IP: externalTrafficPolicy does not concern it, so no word about dropped nodes.
    await page.locator('.dg-controls .seg-btn', { hasText: 'Cluster IP' }).click();
    await waitUntil(async () => ({ ok: !/Dropped on some nodes/.test(await calloutText(page)), got: await calloutText(page) }), 'not about the load balancer');
    assert.ok(['none', 'clusterIP'].includes(await frontend()), await frontend());
    // The nodePort: Local drops it on node-c too.
    await page.locator('.dg-controls .seg-btn', { hasText: 'NodePort' }).click();
    await waitUntil(async () => ({ ok: (await frontend()) === 'nodePort', got: await frontend() }), 'about the nodePort');
    assert.match(await calloutText(page), /Dropped on some nodes/);
    assert.match(await callout.getAttribute('aria-label'), /to nodePort \d+ on every node/);
    // Choosing the load balancer in the picture itself brings its callout back.
    await page.locator('.dg-canvas g.box.front').first().click();
    await waitUntil(async () => ({ ok: (await frontend()) === 'loadBalancer', got: await frontend() }), 'about the load balancer');
    assert.equal(await page.locator('.dg-canvas g.box.front.focused').count(), 1);
  });
});

test('a trace from an external client is drawn from an "External client" box', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    // A ClusterIP Service: before any trace the box stands for a client pod.
    await open(page, `${BASE_URL}#example=my-service&view=traffic`);
    const client = page.locator('g.box.client title');
    assert.match(await client.textContent(), /^Client pod/);
    const src = page.locator('form.send-form select[aria-label="Source"]');
    const value = await src.locator('option', { hasText: 'External client' }).first().getAttribute('value');
    await src.selectOption(value);
    await page.locator('form.send-form button[type=submit]').click();
    await waitUntil(async () => ({ ok: /External client/.test(await client.textContent()), got: await client.textContent() }), 'the client box');
    const host = await src.locator('option', { hasText: 'Host network' }).first().getAttribute('value');
    await src.selectOption(host);
    await page.locator('form.send-form button[type=submit]').click();
    await waitUntil(async () => ({ ok: /^Node/.test(await client.textContent()), got: await client.textContent() }), 'the Node box');
  });
});
