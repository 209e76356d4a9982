// Accessibility: axe-core (npm `axe-core`, injected into the page) finds no serious or critical
// violation, in the light and the dark theme, on every view of the default example, with the
// menus open, on the Traffic view of every example (each draws a different diagram), and on the
// teaching aids (type ladder, port explainer and glossary open, label badges with near misses,
// the kubectl expose form, the what-if notice with its next step).
// A failure lists each violation as theme/state: rule (impact) element — axe's summary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { launch, withPage, openApp, quietFavicon, waitUntil, BASE_URL, E2E_DIR, LOAD_TIMEOUT, UPDATE_TIMEOUT } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = { path: require.resolve('axe-core/axe.min.js') };
const VIEWS = ['traffic', 'endpoints', 'dns', 'routing', 'stored', 'problems'];
// The gallery's ids, in menu order (src/components/examples_menu.rs); checked against the page below.
const EXAMPLE_FILES = readdirSync(path.join(E2E_DIR, '..', 'examples')).filter((f) => f.endsWith('.yaml'));

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Two frames, so the view just switched to is painted before axe reads colours. */
async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** axe's serious and critical findings on the page now, one line each, tagged with `where`. */
async function serious(page, where) {
  const found = await page.evaluate(async () => {
    const res = await window.axe.run(document, { resultTypes: ['violations'] });
    const out = [];
    for (const v of res.violations) {
      for (const n of v.nodes) {
        const impact = n.impact ?? v.impact;
        if (impact !== 'serious' && impact !== 'critical') continue;
        const why = (n.failureSummary || '').replace(/\s+/g, ' ').replace(/^Fix (any|all) of the following: /, '');
        out.push(`${v.id} (${impact}) ${n.target.join(' ')} — ${why.slice(0, 220)}`);
      }
    }
    return out;
  });
  return found.map((f) => `${where}: ${f}`);
}

async function openTab(page, id) {
  await page.locator(`#tab-${id}`).click();
  await page.locator(`#tab-${id}[aria-selected="true"]`).waitFor({ timeout: UPDATE_TIMEOUT });
  await settle(page);
}

for (const scheme of ['light', 'dark']) {
  test(`axe: no serious or critical violation on any view of the default example (${scheme})`, async (t) => {
    await withPage(browser, t, async ({ page }) => {
      await quietFavicon(page);
      await openApp(page);
      // The CodeMirror editor is part of the page people use: wait for it.
      await page.locator('.editor-host .cm-editor').waitFor({ timeout: LOAD_TIMEOUT });
      const isDark = await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme.trim() === 'dark');
      assert.equal(isDark, scheme === 'dark', `the page follows prefers-color-scheme: ${scheme}`);
      const found = [];
      for (const view of VIEWS) {
        await openTab(page, view);
        found.push(...await serious(page, `${scheme}/${view}`));
      }
      // The menus, open over the page.
      await openTab(page, 'traffic');
      for (const menu of ['examples', 'whatif']) {
        await page.locator(`.${menu}-menu > summary`).click();
        await page.locator(`.${menu}-menu[open] .menu-panel`).waitFor({ timeout: UPDATE_TIMEOUT });
        await settle(page);
        found.push(...await serious(page, `${scheme}/${menu} menu open`));
        await page.keyboard.press('Escape');
        await waitUntil(async () => !(await page.locator(`.${menu}-menu`).evaluate((d) => d.open)), `the ${menu} menu to close`);
      }
      assert.deepEqual(found, [], `axe found ${found.length} serious/critical violation(s):\n${found.join('\n')}`);
    }, { colorScheme: scheme, initScript: AXE });
  });

  test(`axe: no serious or critical violation on the Traffic view of every example (${scheme})`, async (t) => {
    await withPage(browser, t, async ({ page }) => {
      await quietFavicon(page);
      await openApp(page);
      const ids = await page.locator('button[data-example]').evaluateAll((els) => els.map((e) => e.dataset.example));
      assert.equal(ids.length, EXAMPLE_FILES.length, 'every example is in the gallery');
      const found = [];
      for (const id of ids) {
        await page.goto('about:blank');
        await page.goto(`${BASE_URL}#example=${id}&view=traffic`, { waitUntil: 'load', timeout: LOAD_TIMEOUT });
        await page.locator('#tab-traffic[aria-selected="true"]').waitFor({ timeout: LOAD_TIMEOUT });
        await page.locator('.editor-host .cm-editor').waitFor({ timeout: LOAD_TIMEOUT });
        await settle(page);
        found.push(...await serious(page, `${scheme}/${id}/traffic`));
      }
      assert.deepEqual(found, [], `axe found ${found.length} serious/critical violation(s):\n${found.join('\n')}`);
    }, { colorScheme: scheme, initScript: AXE });
  });

  test(`axe: no serious or critical violation on the teaching aids, the expose form and the what-if notice (${scheme})`, async (t) => {
    await withPage(browser, t, async ({ page }) => {
      await quietFavicon(page);
      const found = [];
      // The default example: its other-app pod is a near miss, with a mismatching label badge.
      await openApp(page);
      await page.locator('.editor-host .cm-editor').waitFor({ timeout: LOAD_TIMEOUT });
      await page.locator('[data-testid="near-miss-pods"] .lbl.mismatch').first().waitFor({ timeout: UPDATE_TIMEOUT });
      await page.locator('[data-testid="type-ladder"] .rung.current').first().waitFor({ timeout: UPDATE_TIMEOUT });
      await page.locator('details[data-testid="teach"] > summary').click();
      await page.locator('details[data-testid="teach"][open] [data-testid="port-chains"]').waitFor({ timeout: UPDATE_TIMEOUT });
      await settle(page);
      found.push(...await serious(page, `${scheme}/default/ladder, badges, explainer open`));
      // A Deployment: the expose form in the What if… menu, then Kill pod and its notice.
      await page.goto('about:blank');
      await page.goto(`${BASE_URL}#example=nginx-deployment&view=traffic`, { waitUntil: 'load', timeout: LOAD_TIMEOUT });
      await page.locator('.editor-host .cm-editor').waitFor({ timeout: LOAD_TIMEOUT });
      await page.locator('.whatif-menu > summary').click();
      await page.locator('select[aria-label="Object to change"]').selectOption({ label: 'Deployment nginx-deployment' });
      const form = page.locator('form[data-testid="expose-form"]');
      await form.locator('select[aria-label="--type"]').selectOption('NodePort');
      await form.locator('input[aria-label="--port"]').fill('8081');
      await form.locator('input[aria-label="--port"]').focus();
      await page.locator('[data-testid="expose-preview"] .line.hot').waitFor({ timeout: UPDATE_TIMEOUT });
      await settle(page);
      found.push(...await serious(page, `${scheme}/nginx-deployment/expose form`));
      await page.locator('button.whatif', { hasText: /^Kill pod nginx-deployment-/ }).first().click();
      await page.locator('[data-testid="undo-notice"] [data-testid="next-step"]').waitFor({ timeout: UPDATE_TIMEOUT });
      await settle(page);
      found.push(...await serious(page, `${scheme}/nginx-deployment/what-if notice`));
      assert.deepEqual(found, [], `axe found ${found.length} serious/critical violation(s):\n${found.join('\n')}`);
    }, { colorScheme: scheme, initScript: AXE });
  });
}
