// The Cluster view and the Service chooser of a big input:
//  - the Cluster view lists every setting with its source; changing the Service CIDR and the
//    cluster domain there is an edit of the text (a ClusterConfiguration document), the DNS view
//    follows, a stated setting's position jumps the editor there, and Ctrl+Z undoes the change;
//  - with many Services the chooser is a searchable list with a namespace filter, usable from the
//    keyboard alone.
//
// Contract with the app (besides lib.mjs's):
//   #tab-cluster                              the Cluster view's tab
//   [data-testid="cluster-<setting>"]         one row per setting (service-cidrs, pod-cidrs,
//                                             node-port-range, cluster-domain, kubernetes-version,
//                                             proxy-mode, nodes); data-source = stated|inferred|default
//   button "Change the <label>"               opens the row's form: a field "New <label>", Enter applies
//   [data-testid="dns-records"]               the DNS view's records
//   [data-testid="service-search"]            the chooser of a big input: a toggle button, then a
//                                             combobox "Search Services", a select "Namespace" and
//                                             a listbox "Services" of role=option items
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, withPage, openApp, getManifest, pasteManifest, waitUntil, textOf, SEL, LOAD_TIMEOUT, UPDATE_TIMEOUT,
} from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

async function quietFavicon(page) {
  await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204, body: '' }));
}

async function openTab(page, id) {
  await page.click(`#tab-${id}`);
  await page.locator(`#tab-${id}[aria-selected="true"]`).waitFor({ timeout: UPDATE_TIMEOUT });
}

const row = (id) => `[data-testid="cluster-${id}"]`;

async function change(page, label, value) {
  await page.getByRole('button', { name: `Change the ${label}` }).click();
  const field = page.getByLabel(`New ${label}`);
  await field.waitFor({ timeout: UPDATE_TIMEOUT });
  await waitUntil(async () => ({ ok: await field.evaluate((el) => el === document.activeElement) }), `the ${label} field has the focus`);
  await field.fill(value);
  await field.press('Enter');
}

test('the Cluster view: change the Service CIDR and the domain, the text and DNS follow, Ctrl+Z undoes', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await quietFavicon(page);
    await openApp(page);
    await page.locator('.cm-editor').waitFor({ timeout: LOAD_TIMEOUT });
    const original = await getManifest(page);
    await openTab(page, 'cluster');

    // Every setting, each with its source; the default example states none.
    for (const id of ['service-cidrs', 'pod-cidrs', 'node-port-range', 'cluster-domain', 'kubernetes-version', 'proxy-mode', 'nodes']) {
      assert.equal(await page.locator(row(id)).getAttribute('data-source'), 'default', `${id} is a default`);
    }
    assert.match(await textOf(page, row('service-cidrs')), /10\.96\.0\.0\/12[\s\S]*IPv4[\s\S]*default[\s\S]*networking\.serviceSubnet/);
    assert.match(await textOf(page, row('nodes')), /3 nodes: node-a, node-b, node-c/);

    await change(page, 'Service CIDRs', '10.0.0.0/16');
    await waitUntil(async () => ({ ok: /kind: ClusterConfiguration\nnetworking:\n  serviceSubnet: 10\.0\.0\.0\/16\n/.test(await getManifest(page)) }),
      'the text gets a ClusterConfiguration stating the Service CIDR');
    const text = await getManifest(page);
    assert.ok(text.startsWith(original), 'what was written before is untouched');
    const line = text.split('\n').findIndex((l) => l.includes('serviceSubnet')) + 1;
    await waitUntil(async () => ({ ok: (await page.locator(row('service-cidrs')).getAttribute('data-source')) === 'stated' }), 'the Service CIDR is stated');
    assert.match(await textOf(page, row('service-cidrs')), new RegExp(`10\\.0\\.0\\.0/16[\\s\\S]*stated\\s+in ClusterConfiguration, line ${line}`));

    await change(page, 'Cluster domain', 'corp.example');
    await waitUntil(async () => ({ ok: /\n  dnsDomain: corp\.example\n/.test(await getManifest(page)) }), 'the domain joins the same document');
    assert.equal((await getManifest(page)).match(/kind: ClusterConfiguration/g).length, 1, 'one ClusterConfiguration, updated');

    // The stated position jumps the editor there.
    await page.getByRole('button', { name: `in ClusterConfiguration, line ${line}` }).click();
    await waitUntil(async () => ({ ok: /serviceSubnet/.test(await page.locator('.cm-activeLine').first().innerText().catch(() => '')) }),
      'the editor\'s cursor is on the serviceSubnet line');

    // The DNS view answers in the new domain with a clusterIP from the new range.
    await openTab(page, 'dns');
    await waitUntil(async () => {
      const dns = (await textOf(page, '[data-testid="dns-records"]')).replace(/\s+/g, ' ');
      return { ok: /my-service\.default\.svc\.corp\.example\. A 10\.0\.\d+\.\d+/.test(dns), dns };
    }, 'DNS answers my-service.default.svc.corp.example. with an address in 10.0.0.0/16');

    // Undo takes both changes back.
    await page.locator(SEL.manifest).first().click();
    await waitUntil(async () => {
      if ((await getManifest(page)) !== original) await page.keyboard.press(`${MOD}+z`);
      return { ok: (await getManifest(page)) === original };
    }, 'Ctrl+Z restores the text', UPDATE_TIMEOUT, 200);
    await waitUntil(async () => {
      const dns = (await textOf(page, '[data-testid="dns-records"]')).replace(/\s+/g, ' ');
      return { ok: /my-service\.default\.svc\.cluster\.local\. A 10\.(9[6-9]|10[0-9]|11[01])\./.test(dns), dns };
    }, 'DNS is back to cluster.local and 10.96.0.0/12');
  });
});

test('a bad value in the Cluster view changes nothing and says why', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await quietFavicon(page);
    await openApp(page);
    const original = await getManifest(page);
    await openTab(page, 'cluster');
    await change(page, 'Service CIDRs', '10.0.0.0/33');
    const notice = page.locator('[data-testid="notice"]');
    await notice.waitFor({ timeout: UPDATE_TIMEOUT });
    assert.match(await notice.innerText(), /The Service CIDR was not changed/);
    assert.equal(await getManifest(page), original);
  });
});

/** `count` Services over three namespaces, each with a pod. */
function manyServices(count) {
  const docs = [];
  for (let i = 0; i < count; i++) {
    const ns = ['default', 'payments', 'search'][i % 3];
    docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: ${ns}\nspec:\n  selector:\n    app: app-${i}\n  ports:\n  - port: 80\n`);
    docs.push(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-${i}\n  namespace: ${ns}\n  labels:\n    app: app-${i}\nspec:\n  containers:\n  - name: c\n    image: nginx\n`);
  }
  return docs.join('---\n');
}

test('many Services: the chooser is a searchable list with a namespace filter, keyboard only', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await quietFavicon(page);
    await openApp(page);
    await pasteManifest(page, manyServices(60));
    const search = page.locator('[data-testid="service-search"]');
    await search.waitFor({ timeout: LOAD_TIMEOUT });
    assert.equal(await page.locator('.service-head .chooser').count(), 0, 'no wall of buttons');
    const toggle = search.getByRole('button');
    assert.match(await toggle.innerText(), /Service 1 of 60\s+in 3 namespaces/);

    // Keyboard only: focus the toggle, open, type, filter by namespace, move, choose.
    await toggle.focus();
    await page.keyboard.press('Enter');
    const box = page.getByRole('combobox', { name: 'Search Services' });
    await box.waitFor({ timeout: UPDATE_TIMEOUT });
    const focused = () => waitUntil(async () => ({ ok: await box.evaluate((el) => el === document.activeElement) }), 'the search box has the focus');
    await focused();
    assert.equal(await page.getByRole('listbox', { name: 'Services' }).getByRole('option').count(), 60);
    await page.keyboard.type('svc-1');
    // svc-1, svc-10..19: 11 Services.
    await waitUntil(async () => ({ ok: (await page.getByRole('listbox', { name: 'Services' }).getByRole('option').count()) === 11 }), '11 Services match svc-1');
    await page.keyboard.press('Tab');
    const ns = page.getByRole('combobox', { name: 'Namespace' });
    assert.ok(await ns.evaluate((el) => el === document.activeElement), 'Tab reaches the namespace filter');
    await ns.selectOption('payments');
    // payments holds i % 3 == 1: svc-1, 10, 13, 16, 19.
    await waitUntil(async () => {
      const names = await page.getByRole('listbox', { name: 'Services' }).getByRole('option').allInnerTexts();
      return { ok: names.length === 5 && names.every((n) => /^payments\//.test(n.replace(/\s+/g, ''))), names };
    }, 'the namespace filter keeps payments/svc-1, 10, 13, 16, 19');
    await box.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const active = await box.getAttribute('aria-activedescendant');
    assert.equal(await page.locator(`#${active}`).innerText().then((s) => s.replace(/\s+/g, '')), 'payments/svc-13');
    await page.keyboard.press('Enter');

    await waitUntil(async () => ({ ok: /svc-13/.test(await textOf(page, '.service-head .svc-name')) }), 'Service svc-13 is shown');
    assert.match(await textOf(page, SEL.selectedPods), /pod-13/);
    assert.equal(await box.count(), 0, 'the list closes');
    assert.ok(await toggle.evaluate((el) => el === document.activeElement), 'the focus returns to the toggle');
    assert.match(await toggle.innerText(), /Service 14 of 60/);

    // Escape closes without choosing.
    await page.keyboard.press('Enter');
    await box.waitFor({ timeout: UPDATE_TIMEOUT });
    await focused();
    await page.keyboard.type('nothing-like-it');
    await waitUntil(async () => ({ ok: /No Service matches/.test(await textOf(page, '[data-testid="service-search-count"]')) }), 'no match is said');
    await page.keyboard.press('Escape');
    assert.equal(await box.count(), 0);
    assert.match(await textOf(page, '.service-head .svc-name'), /svc-13/);
  });
});
