// Performance figures (printed, never asserted): time from navigation to the first render of
// [data-testid="selected-pods"], and from an input event in the editor to the updated view, for the
// default example and for a generated 1,000-pod manifest. Figures also go to e2e/artifacts/perf.json.
// Edits are made in one step, like a paste (see pasteManifest in lib.mjs), so each figure is one update.
import { test, before, after } from 'node:test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  launch, withPage, openApp, getManifest, pasteManifest, generatedManifest, ARTIFACTS, BASE_URL,
  LOAD_TIMEOUT, SEL,
} from './lib.mjs';

const RUNS = 3; // cold loads (fresh browser context each) for the navigation figure
const BIG_TIMEOUT = 60_000;
const figures = {};

let browser;
before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  writeFileSync(path.join(ARTIFACTS, 'perf.json'), `${JSON.stringify({ base_url: BASE_URL, ...figures }, null, 2)}\n`);
  console.log(`perf: figures written to ${path.relative(process.cwd(), path.join(ARTIFACTS, 'perf.json'))}`);
});

const ms = (x) => (typeof x === 'number' ? `${x.toFixed(1)} ms` : String(x));
function report(key, value) {
  figures[key] = value;
  console.log(`perf: ${key.padEnd(44)} ${typeof value === 'object' && value !== null ? JSON.stringify(value) : ms(value)}`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Init script: records (performance.now(), i.e. ms since navigation start) when the selected-pods
 * element is first in the DOM and visible, and when it first names a generated pod.
 */
function installRenderProbe(sel) {
  const marks = (window.__e2ePerf = { firstRender: null, firstBigRender: null });
  const check = () => {
    const el = document.querySelector(sel);
    if (!el || el.getClientRects().length === 0) return;
    const now = performance.now();
    if (marks.firstRender === null) marks.firstRender = now;
    if (marks.firstBigRender === null && /pod-\d{4}/.test(el.textContent)) marks.firstBigRender = now;
    if (marks.firstRender !== null && marks.firstBigRender !== null) obs.disconnect();
  };
  const obs = new MutationObserver(check);
  const start = () => { obs.observe(document.documentElement, { childList: true, subtree: true, characterData: true }); check(); };
  if (document.documentElement) start(); else document.addEventListener('readystatechange', start, { once: true });
}

/**
 * Arms an in-page measurement: t0 = window.__e2eEditAt, set by pasteManifest just before it hands
 * the edit to the page (an `input` event on a textarea, a transaction in CodeMirror); t1 = the first
 * DOM mutation after which the selected-pods text has every name in `has` and none in `hasNot`;
 * next frame = two animation frames after t1 (the frame that shows the update has been produced).
 * The result resolves `window.__e2eUpdate`.
 */
async function armUpdateProbe(page, { has, hasNot }) {
  await page.evaluate(({ sel, has, hasNot }) => {
    window.__e2eEditAt = null;
    let resolve;
    window.__e2eUpdate = new Promise((r) => { resolve = r; });
    const satisfied = () => {
      // Join text nodes with spaces: textContent would glue adjacent items ("myapp-1myapp-2").
      const parts = [];
      for (const root of document.querySelectorAll(sel)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) parts.push(walker.currentNode.data);
      }
      const n = new Set(parts.join(' ').split(/[^a-z0-9.-]+/).filter(Boolean));
      return has.every((x) => n.has(x)) && !hasNot.some((x) => n.has(x));
    };
    const obs = new MutationObserver(() => {
      const t0 = window.__e2eEditAt;
      if (t0 === null || !satisfied()) return;
      const t1 = performance.now();
      obs.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => {
        resolve({ input_to_dom_ms: t1 - t0, input_to_next_frame_ms: performance.now() - t0 });
      }));
    });
    obs.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  }, { sel: SEL.selectedPods, has, hasNot });
}

async function measureUpdate(page, newText, expect, timeout) {
  await armUpdateProbe(page, expect);
  const t0 = Date.now();
  await pasteManifest(page, newText);
  const result = await page.evaluate((ms) => Promise.race([
    window.__e2eUpdate,
    new Promise((resolve) => setTimeout(() => resolve(null), ms)),
  ]), timeout);
  if (!result) throw new Error(`no matching update of ${SEL.selectedPods} within ${timeout} ms`);
  return { ...result, wall_clock_incl_fill_ms: Date.now() - t0 };
}

/**
 * Types `chars` one key at a time (40 ms apart, a fast typist) on a new last line of the editor and
 * reports, from the browser's Event Timing and Long Tasks entries: the slowest and median keystroke
 * (key down to the next frame painted), the longest main-thread task, and the time from the last
 * key to the analysis being current again (the "Analysing" status gone).
 */
async function measureTyping(page, chars, timeout) {
  await page.evaluate(() => {
    const t = (window.__e2eTyping = { keys: [], longest: 0, lastKeyAt: 0, currentAt: 0 });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (e.name === 'keydown') t.keys.push(e.duration);
    }).observe({ type: 'event', durationThreshold: 16, buffered: false });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) t.longest = Math.max(t.longest, e.duration);
    }).observe({ type: 'longtask', buffered: false });
    document.addEventListener('keydown', () => { t.lastKeyAt = performance.now(); }, true);
    // When the results stop being busy (the analysis of the newest text is shown).
    const pane = document.querySelector('section.results-pane');
    new MutationObserver(() => {
      if (pane.getAttribute('aria-busy') === 'false') t.currentAt = performance.now();
    }).observe(pane, { attributes: true, attributeFilter: ['aria-busy'] });
  });
  await page.locator(SEL.manifest).first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(chars, { delay: 40 });
  await page.waitForFunction(() => {
    const t = window.__e2eTyping;
    return t.currentAt > t.lastKeyAt && document.querySelector('section.results-pane').getAttribute('aria-busy') === 'false';
  }, null, { timeout });
  await page.waitForTimeout(100); // let the last entries arrive
  const t = await page.evaluate(() => window.__e2eTyping);
  const settle_ms = t.currentAt - t.lastKeyAt;
  // Event Timing only reports keys slower than 16 ms; the others count as 16.
  const keys = [...t.keys, ...Array(Math.max(0, chars.length - t.keys.length)).fill(16)];
  return {
    keys: chars.length,
    slowest_key_to_frame_ms: Math.max(...keys),
    median_key_to_frame_ms: median(keys),
    longest_task_ms: t.longest,
    last_key_to_analysis_current_ms: settle_ms,
  };
}

test('navigation to first render (default example)', async (t) => {
  const firsts = [];
  for (let i = 0; i < RUNS; i++) {
    await withPage(browser, { name: `${t.name} run ${i + 1}` }, async ({ page }) => {
      await page.addInitScript(installRenderProbe, SEL.selectedPods);
      await openApp(page);
      const m = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const wasm = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.wasm'));
        return {
          firstRender: window.__e2ePerf.firstRender,
          domContentLoaded: nav?.domContentLoadedEventEnd,
          load: nav?.loadEventEnd,
          wasmFetched: wasm.length ? Math.max(...wasm.map((r) => r.responseEnd)) : null,
        };
      });
      firsts.push(m.firstRender);
      report(`default: cold load ${i + 1}`, {
        first_render_ms: +m.firstRender.toFixed(1),
        dom_content_loaded_ms: +(m.domContentLoaded ?? NaN).toFixed(1),
        wasm_fetched_ms: m.wasmFetched === null ? null : +m.wasmFetched.toFixed(1),
      });
    });
  }
  report('default: navigation -> first render (median)', median(firsts));
});

test('input -> updated view (default example)', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    await openApp(page);
    const yaml = await getManifest(page);
    const other = yaml.replace(/(selector:[ \t]*\r?\n[ \t]+)app: MyApp\b/, '$1app: OtherApp');
    const samples = [];
    for (let i = 0; i < 3; i++) {
      samples.push(await measureUpdate(page, other, { has: ['other-app'], hasNot: ['myapp-1'] }, LOAD_TIMEOUT));
      samples.push(await measureUpdate(page, yaml, { has: ['myapp-1', 'myapp-2'], hasNot: ['other-app'] }, LOAD_TIMEOUT));
    }
    report('default: input -> DOM updated (median)', median(samples.map((s) => s.input_to_dom_ms)));
    report('default: input -> next frame (median)', median(samples.map((s) => s.input_to_next_frame_ms)));
  });
});

test('1,000-pod manifest: paste, edit, reload', async (t) => {
  const big = generatedManifest(1000);
  const bigOther = big.replace(/(selector:[ \t]*\r?\n[ \t]+)app: MyApp\b/, '$1app: OtherApp');
  report('1000 pods: manifest size', { bytes: big.length, lines: big.split('\n').length - 1 });
  await withPage(browser, t, async ({ page }) => {
    await page.addInitScript(installRenderProbe, SEL.selectedPods);
    await openApp(page);
    const attempt = async (key, fn) => {
      try { await fn(); return true; } catch (e) { report(key, `n/a (${e.message.split('\n')[0]})`); return false; }
    };
    const pasted = await attempt('1000 pods: paste -> DOM updated', async () => {
      const r = await measureUpdate(page, big, { has: ['pod-0000', 'pod-0002'], hasNot: ['myapp-1', 'pod-0001'] }, BIG_TIMEOUT);
      report('1000 pods: paste -> DOM updated', r.input_to_dom_ms);
      report('1000 pods: paste -> next frame', r.input_to_next_frame_ms);
    });
    if (!pasted) return;
    await attempt('1000 pods: edit selector -> DOM updated', async () => {
      const samples = [];
      for (let i = 0; i < 2; i++) {
        samples.push(await measureUpdate(page, bigOther, { has: ['pod-0001'], hasNot: ['pod-0000'] }, BIG_TIMEOUT));
        samples.push(await measureUpdate(page, big, { has: ['pod-0000'], hasNot: ['pod-0001'] }, BIG_TIMEOUT));
      }
      report('1000 pods: edit selector -> DOM updated', median(samples.map((s) => s.input_to_dom_ms)));
      report('1000 pods: edit selector -> next frame', median(samples.map((s) => s.input_to_next_frame_ms)));
    });
    await attempt('1000 pods: typing', async () => {
      report('1000 pods: typing', await measureTyping(page, '# typed while the engine works', BIG_TIMEOUT));
    });
    // Navigation with the big manifest: only possible if the app restores the manifest on reload.
    await attempt('1000 pods: navigation -> first render', async () => {
      await page.reload({ waitUntil: 'load', timeout: LOAD_TIMEOUT });
      await page.locator(SEL.selectedPods).first().waitFor({ state: 'visible', timeout: BIG_TIMEOUT });
      const restored = (await getManifest(page)).includes('big-service');
      if (!restored) {
        report('1000 pods: navigation -> first render', 'n/a (the app does not restore the manifest on reload)');
        return;
      }
      const m = await page.waitForFunction(() => window.__e2ePerf.firstBigRender, null, { timeout: BIG_TIMEOUT });
      report('1000 pods: navigation -> first render', await m.jsonValue());
    });
  });
});
