// The prerendered first view (scripts/prerender.mjs writes the app's own first view of the default
// example into the built index.html): a cold visitor sees the default Service before the wasm has
// arrived; the copy is inert and carries none of the app's ids, roles, labels or test hooks; it is
// shown only on a visit that will show the default example, in the theme the app will apply; and
// once the app has mounted there is exactly one app on the page.
//
// The wasm is held back (a route that answers only when the test says so): whatever the page
// shows meanwhile is what a visitor sees before the app can run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, withPage, quietFavicon, screenshot, SEL, BASE_URL, LOAD_TIMEOUT } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const DEFAULT_TEXT = readFileSync(new URL('../examples/01-my-service.yaml', import.meta.url), 'utf8');

/** Holds every .wasm request until `release()`; the page meanwhile cannot start the app. */
async function holdWasm(page) {
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route(/\.wasm(\?.*)?$/, async (route) => {
    await gate;
    await route.continue().catch(() => {}); // the page may be gone by then
  });
  return release;
}

/** Goes to `url` with the wasm held; resolves once the document has been parsed. */
async function openHeld(page, url = BASE_URL) {
  await quietFavicon(page);
  const release = await holdWasm(page);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: LOAD_TIMEOUT });
  return release;
}

/** What the page holds and shows while the app has not started. */
function heldState() {
  const p = document.getElementById('sp-prerender');
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const area = p?.querySelector('textarea');
  return {
    copy: !!p,
    visible: !!p && p.getClientRects().length > 0 && getComputedStyle(p).display !== 'none',
    text: p?.textContent ?? '',
    manifest: area ? area.value : null,
    inert: !!p?.inert,
    ariaHidden: p?.getAttribute('aria-hidden'),
    // What must stay the live app's own: none of it inside the copy (but the ids the diagram
    // refers to within itself, e.g. its arrowhead marker).
    hooks: p ? [...p.querySelectorAll('[id], [role], [data-testid], [data-act], [aria-label], [aria-labelledby], [aria-controls], [data-sp-dark]')]
      .filter((e) => !(e.id && e.closest('svg defs')) || e.getAttributeNames().some((n) => n !== 'id' && /^(role|data-|aria-)/.test(n)))
      .map((e) => e.outerHTML.slice(0, 80)) : [],
    arrowheads: p ? p.querySelectorAll('[marker-end]').length : 0,
    appRendered: !!document.querySelector('[data-testid="selected-pods"]'),
    painted: !!fcp,
    theme: document.documentElement.getAttribute('data-theme'),
    background: getComputedStyle(document.body).backgroundColor,
  };
}

test('index.html carries the prerendered first view', async () => {
  const html = await (await fetch(BASE_URL)).text();
  assert.match(html, /<!-- prerender:start[\s\S]*id="sp-prerender"[\s\S]*<!-- prerender:end -->/,
    'no prerendered first view in index.html: the build could not run scripts/prerender.mjs (see its message)');
});

test('a cold visit shows the default Service before the wasm has arrived; then exactly one app', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    const release = await openHeld(page);
    await page.locator('#sp-prerender').waitFor({ state: 'visible', timeout: LOAD_TIMEOUT });
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: LOAD_TIMEOUT });
    const held = await page.evaluate(heldState);
    assert.ok(held.painted && held.visible, 'the first contentful paint happened, with the copy visible');
    assert.equal(held.appRendered, false, 'the app has not rendered (its wasm is held back)');
    assert.match(held.text, /my-service/, 'the Service is named');
    for (const pod of ['myapp-1', 'myapp-2']) assert.match(held.text, new RegExp(`\\b${pod}\\b`), `its pod ${pod} is shown`);
    assert.equal(held.manifest, DEFAULT_TEXT, 'the editor shows the default example');
    assert.ok(await page.locator('#sp-prerender svg').first().isVisible(), 'the traffic diagram is drawn');
    assert.ok(held.arrowheads > 0, 'with its arrows');
    assert.ok(held.inert && held.ariaHidden === 'true', 'the copy is inert and hidden from assistive technology');
    assert.deepEqual(held.hooks, [], 'the copy carries none of the app\'s ids, roles, labels or hooks');
    // Nothing of the copy takes focus or input: a click on its text box leaves the focus where it was.
    const box = await page.locator('#sp-prerender textarea').boundingBox();
    await page.mouse.click(box.x + 40, box.y + 40);
    await page.keyboard.type('x');
    assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'the focus stays on the page');
    assert.equal(await page.evaluate(() => document.querySelector('#sp-prerender textarea').value), DEFAULT_TEXT, 'nothing was typed into the copy');
    await screenshot(page, 'prerender--wasm-held');

    release();
    await page.locator(SEL.selectedPods).first().waitFor({ state: 'visible', timeout: LOAD_TIMEOUT });
    const after = await page.evaluate(() => ({
      copies: document.querySelectorAll('#sp-prerender').length,
      apps: document.querySelectorAll('.app').length,
      appsInBody: document.querySelectorAll('body > .app').length,
      manifests: document.querySelectorAll('[aria-label="Manifest YAML"]').length,
      selected: document.querySelectorAll('[data-testid="selected-pods"]').length,
    }));
    assert.deepEqual(after, { copies: 0, apps: 1, appsInBody: 1, manifests: 1, selected: 1 }, 'exactly one app, the live one');
    assert.match(await page.locator(SEL.selectedPods).first().innerText(), /myapp-1/);
  });
});

test('the copy is removed unseen when the visit will not show the default example', async (t) => {
  const session = `1\ndns\n\n${DEFAULT_TEXT.replace('my-service', 'restored-service')}`;
  const cases = [
    { name: 'a share link', url: `${BASE_URL}#s=abc` },
    { name: 'an example link', url: `${BASE_URL}#example=nodeport` },
    { name: 'a view', url: `${BASE_URL}#view=dns` },
    { name: 'a Service', url: `${BASE_URL}#service=default/other` },
    { name: 'the embedded layout', url: `${BASE_URL}?embed` },
    { name: 'an autosaved session', url: BASE_URL, stored: session },
  ];
  for (const c of cases) {
    const initScript = c.stored ? `try { localStorage.setItem('service-playground:session', ${JSON.stringify(c.stored)}); } catch (e) {}` : undefined;
    await withPage(browser, { name: `${t.name} (${c.name})` }, async ({ page }) => {
      await openHeld(page, c.url);
      const held = await page.evaluate(heldState);
      assert.equal(held.copy, false, `${c.name}: no prerendered copy in the DOM`);
      assert.doesNotMatch(await page.evaluate(() => document.body.innerText), /my-service|myapp-1/, `${c.name}: nothing of the default example shows`);
    }, { initScript });
  }
  // The autosave the copy made way for is what the app then shows.
  await withPage(browser, { name: `${t.name} (autosave restored)` }, async ({ page }) => {
    const release = await openHeld(page);
    assert.equal((await page.evaluate(heldState)).copy, false);
    release();
    await page.locator('#tab-dns[aria-selected="true"]').waitFor({ timeout: LOAD_TIMEOUT });
    assert.match(await page.evaluate(() => document.body.innerText), /restored-service/);
    assert.equal(await page.locator('.app').count(), 1);
  }, { initScript: `try { localStorage.setItem('service-playground:session', ${JSON.stringify(session)}); } catch (e) {}` });
});

test('the first paint is in the theme the app will apply', async (t) => {
  const cases = [
    // [name, colour scheme of the system, remembered theme, URL, expected data-theme, dark?]
    ['system dark', 'dark', null, BASE_URL, null, true],
    ['remembered dark on a light system', 'light', 'dark', BASE_URL, 'dark', true],
    ['remembered light on a dark system', 'dark', 'light', BASE_URL, 'light', false],
    ['theme=dark in the URL', 'light', 'light', `${BASE_URL}#theme=dark`, 'dark', true],
  ];
  for (const [name, colorScheme, remembered, url, theme, dark] of cases) {
    const initScript = remembered ? `try { localStorage.setItem('service-playground:theme', '${remembered}'); } catch (e) {}` : undefined;
    await withPage(browser, { name: `${t.name} (${name})` }, async ({ page }) => {
      const release = await openHeld(page, url);
      await page.locator('#sp-prerender').waitFor({ state: 'visible', timeout: LOAD_TIMEOUT });
      const held = await page.evaluate(heldState);
      assert.equal(held.theme, theme, `${name}: data-theme before the app`);
      const [r, g, b] = held.background.match(/\d+/g).map(Number);
      assert.equal(r + g + b < 3 * 128, dark, `${name}: the page background ${held.background} is ${dark ? 'dark' : 'light'}`);
      // The copy's theme-dependent attributes follow (the Export menu preselects the page's theme).
      const exportTheme = await page.locator('#sp-prerender select').evaluateAll((els) => els.map((e) => e.value).find((v) => v === 'light' || v === 'dark'));
      if (exportTheme !== undefined) assert.equal(exportTheme, dark ? 'dark' : 'light', `${name}: the copy's Export theme`);
      await screenshot(page, `prerender--theme-${name}`);
      release();
      await page.locator(SEL.selectedPods).first().waitFor({ state: 'visible', timeout: LOAD_TIMEOUT });
      assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-theme')), theme, `${name}: the app keeps that theme`);
    }, { colorScheme, initScript });
  }
});

test('when the app cannot start, a notice says so instead of a copy that looks live', async () => {
  // Not withPage: the failed wasm is an expected console error.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await quietFavicon(page);
    await page.route(/\.wasm(\?.*)?$/, (route) => route.abort());
    await page.goto(BASE_URL, { waitUntil: 'domcontentloaded', timeout: LOAD_TIMEOUT });
    const notice = page.locator('#sp-failed[role="alert"]');
    await notice.waitFor({ state: 'visible', timeout: LOAD_TIMEOUT });
    assert.match(await notice.innerText(), /could not start/);
    assert.equal(await page.evaluate(() => !!document.querySelector('#sp-failed').closest('[inert], [aria-hidden]')), false, 'the notice is outside the inert copy');
    assert.equal(await page.locator('#sp-prerender').count(), 1, 'the copy stays, as a picture');
    await screenshot(page, 'prerender--app-could-not-start');
  } finally {
    await context.close();
  }
});
