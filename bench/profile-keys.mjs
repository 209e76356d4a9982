#!/usr/bin/env node
// Where a keystroke's time goes: the `keys` figure of bench/run.mjs (Backspace / "p" at the end of
// the Service's `app: MyApp` selector line), profiled. Not a benchmark figure and not a test: a
// tool for finding what to make faster.
//
//   node bench/profile-keys.mjs [default|big]      serves DIST (default dist/) itself
//   BASE_URL=http://127.0.0.1:8080/ node bench/profile-keys.mjs big
//
// Environment: PROFILE_KEYS=10 (keys per run), PROFILE_RUNS=1 (fresh pages), PROFILE_JSON=FILE
// (every key's breakdown as JSON), DIST, and the ones below.
//
// For each key it records, in headless Chromium, a CDP trace (devtools.timeline: the tasks of the
// page's main thread, style, layout, paint, GC) and a CPU profile (sampled every 100 µs), and splits
// the time from the key event's timestamp to the end of the frame that shows the new selection
// (the first Commit of the page's main thread once the view is in the DOM) into:
//   input delay        the key's timestamp → its keydown handler starts
//   script, by phase   CPU profile samples, each put in the phase of its stack: CodeMirror (the
//                      editor bundle's own work, with the whole text handed to the app),
//                      "on_edit → reducer" (`State::reduce`; the analysis inside it apart), "render"
//                      (the component functions, the engine's diagram apart), "yew patch" (diffing,
//                      and the DOM calls that apply it), effects, other wasm (the runner's slices of
//                      a large text's analysis), other JS, GC
//   style, layout, pre-paint + paint, commit ...   trace events of the main thread
//   idle / waiting     the rest of the window (between tasks: the frame's own timing)
// The wasm needs its function names, which the release build drops: `bench/profile-dist.sh DIST OUT`
// makes a copy of a build whose wasm keeps them (and whose editor bundle is not minified); without
// names the wasm's samples are "wasm (no names)". Release builds inline most component functions
// into Yew's `view`, so "render" is one phase, with the engine's diagram apart.
// Forced style and layout inside a script (CodeMirror measuring) are counted twice: as the
// script's samples and as style/layout events. Sampling (PROFILE_INTERVAL=100 µs) slows scripts.
// PROFILE_TOP=N lists the functions with the most self time; PROFILE_STACKS=phase prints the
// heaviest stacks of a phase; PROFILE_DUMP=1 the main thread's events of the second key.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { armKey, cursorToLineEnd, serveBuild } from './lib.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');
const DIST = path.resolve(process.env.DIST || path.join(ROOT, 'dist'));
const KEYS = Number(process.env.PROFILE_KEYS || 10);
const RUNS = Number(process.env.PROFILE_RUNS || 1);
const WHICH = process.argv[2] || 'default';
const log = (...a) => console.error('#', ...a);

const { url: BASE_URL, server } = await serveBuild(DIST, `bench/profile-keys.mjs: no .wasm in ${DIST}`);
const { launch, getManifest, pasteManifest, generatedManifest, SEL } = await import('../e2e/lib.mjs');

/** The phase a CPU profile sample's stack (root first) belongs to. */
const DOM_CALL = /^(removeChild|insertBefore|appendChild|createElement|createElementNS|createTextNode|setAttribute|removeAttribute|set (nodeValue|textContent|value|checked)|get namespaceURI|namespaceURI|addEventListener|removeEventListener|replaceChild|remove|getAttribute)$|^__wbg_/;
function phaseOf(stack) {
  const leaf = stack[stack.length - 1];
  if (!leaf) return 'other';
  if (leaf.functionName === '(garbage collector)') return 'GC';
  if (leaf.functionName === '(program)' || leaf.functionName === '(idle)' || leaf.functionName === '(root)') return null;
  let wasm = false, cm = false, reduce = false, analysis = false, view = false, reconcile = false, yew = false;
  let changed = false, effect = false, present = null, dom = false;
  for (const f of stack) {
    const n = f.functionName || '';
    const isWasm = f.url.startsWith('wasm://') || /::/.test(n) || /^\$?func\d+/.test(n);
    if (DOM_CALL.test(n)) dom = true;
    if (isWasm) wasm = true;
    else if (/editor-[0-9a-f]+\.js/.test(f.url)) cm = true;
    if (!isWasm) continue;
    if (/components::editor::changed|components::editor::flush/.test(n)) changed = true;
    if (/use_reducer::Reducible>::reduce|\bstate::State::|state::run_cached/.test(n)) reduce = true;
    if (/engine::pipeline::|engine::analyze|Analyzer/.test(n)) analysis = true;
    if (/Stateful>::view|components::[a-z_]+::/.test(n)) view = true;
    if (/Reconcilable|dom_bundle/.test(n)) reconcile = true;
    if (/engine::present::diagram/.test(n)) present = present ?? 'engine diagram (build, layout, draw)';
    else if (/engine::present::/.test(n)) present = present ?? 'engine present';
    if (/Stateful>::rendered|use_effect|Effect/.test(n)) effect = true;
    if (/^<?yew::|yew::/.test(n)) yew = true;
  }
  if (!wasm) return cm ? 'CodeMirror (JS)' : 'other JS';
  if (reduce || (changed && analysis)) return analysis ? 'on_edit → reducer: analysis' : 'on_edit → reducer: other';
  if (changed) return 'on_edit: text into wasm';
  if (reconcile) return dom ? 'yew patch: DOM calls' : 'yew patch: diff';
  if (view) return present ? `render: ${present}` : 'render: component functions';
  if (effect) return 'effects';
  if (yew) return 'yew other';
  if (stack.some((f) => /^\$?func\d+|^wasm-function/.test(f.functionName))) return 'wasm (no names)';
  return 'wasm other';
}

const RENDER_EVENTS = {
  UpdateLayoutTree: 'style', ScheduleStyleRecalculation: null, Layout: 'layout', PrePaint: 'pre-paint + paint',
  Paint: 'pre-paint + paint', PaintImage: 'pre-paint + paint', Layerize: 'layerize + commit', Commit: 'layerize + commit',
  UpdateLayer: 'layerize + commit', 'LocalFrameView::RunPostLifecycleSteps': null, HitTest: 'hit test',
  IntersectionObserverController: 'other rendering',
};

async function profileOnce(browser, which) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(BASE_URL, { waitUntil: 'load' });
  await page.locator('.editor-host[data-editor="codemirror"] .cm-editor').waitFor({ timeout: 30_000 });
  await page.locator(SEL.selectedPods).first().waitFor();
  let line, pod;
  if (which === 'big') {
    const big = generatedManifest(1000);
    line = big.split('\n').findIndex((l) => /^\s+app: MyApp$/.test(l)) + 1;
    pod = 'pod-0000';
    await page.evaluate(armKey, { sel: SEL.selectedPods, pod, want: true, now: true });
    await pasteManifest(page, big);
    await page.waitForFunction(() => window.__key, null, { timeout: 120_000, polling: 50 });
  } else {
    const text = await getManifest(page);
    line = text.split('\n').findIndex((l, n, ls) => /^\s+app: MyApp$/.test(l) && /selector:/.test(ls[n - 1] ?? '')) + 1;
    pod = 'myapp-1';
  }
  await cursorToLineEnd(page, SEL.manifest, line);
  await page.waitForTimeout(500);

  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const traceDone = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: Number(process.env.PROFILE_INTERVAL || 100) });
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8', 'toplevel', '__metadata'],
    },
  });
  await cdp.send('Profiler.start');
  const keys = [];
  for (let k = 0; k < KEYS; k++) {
    const remove = k % 2 === 0;
    await page.evaluate(armKey, { sel: SEL.selectedPods, pod, want: !remove });
    await page.evaluate((k) => performance.mark(`key-${k}`), k);
    const markAt = await page.evaluate((k) => performance.getEntriesByName(`key-${k}`)[0].startTime, k);
    await page.keyboard.press(remove ? 'Backspace' : 'p');
    await page.waitForFunction(() => window.__key, null, { timeout: 120_000, polling: 50 });
    const r = await page.evaluate(() => window.__key);
    await page.waitForTimeout(250);
    keys.push({ k, key: remove ? 'Backspace' : 'p', markAt, ...r });
  }
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  await traceDone;
  await context.close();
  return { keys, profile, events };
}

const TOP = new Map();
const STACKS = new Map();
function analyse({ keys, profile, events }) {
  // The page's main thread: where the key marks are.
  const mark0 = events.find((e) => e.name === 'key-0' && e.cat.includes('user_timing'));
  if (!mark0) throw new Error('no user timing mark in the trace');
  const { pid, tid } = mark0;
  const main = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X');
  // performance.now() (ms) → trace clock (µs)
  const off = mark0.ts - keys[0].markAt * 1000;
  const toTs = (ms) => off + ms * 1000;
  // CPU profile samples with their stacks
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackCache = new Map();
  const stackOf = (id) => {
    if (stackCache.has(id)) return stackCache.get(id);
    const s = [];
    for (let x = id; x !== undefined; x = parent.get(x)) s.push(nodes.get(x).callFrame);
    s.reverse();
    stackCache.set(id, s);
    return s;
  };
  const samples = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    samples.push({ t, id: profile.samples[i] });
  }
  for (let i = 0; i < samples.length; i++) samples[i].w = i + 1 < samples.length ? samples[i + 1].t - samples[i].t : 0;
  const phaseCache = new Map();
  const phase = (id) => {
    if (!phaseCache.has(id)) phaseCache.set(id, phaseOf(stackOf(id)));
    return phaseCache.get(id);
  };

  const out = [];
  for (const key of keys) {
    const t0 = toTs(key.t0);
    const dom = toTs(key.dom);
    // End: the first Commit (else Paint) of the main thread that ends after the view was in the DOM.
    const commit = main.filter((e) => (e.name === 'Commit' || e.name === 'Paint') && e.ts + (e.dur ?? 0) >= dom)
      .sort((a, b) => a.ts - b.ts)[0];
    const end = commit ? commit.ts + (commit.dur ?? 0) : toTs(key.painted);
    const clip = (e) => Math.max(0, Math.min(end, e.ts + (e.dur ?? 0)) - Math.max(t0, e.ts));
    const row = { key: key.key, total: (end - t0) / 1000, to_dom: (dom - t0) / 1000 };
    const keydown = main.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown' && e.ts >= t0 - 1000)
      .sort((a, b) => a.ts - b.ts)[0];
    row['input delay'] = keydown ? Math.max(0, keydown.ts - t0) / 1000 : NaN;
    // Rendering (trace), top-level ones only (Layout inside UpdateLayoutTree counts once).
    const render = {};
    for (const e of main) {
      const cat = RENDER_EVENTS[e.name];
      if (!cat) continue;
      const d = clip(e);
      if (d > 0) render[cat] = (render[cat] ?? 0) + d / 1000;
    }
    // Script by phase (profile)
    const script = {};
    for (const s of samples) {
      if (s.t < t0 || s.t >= end) continue;
      const p = phase(s.id);
      if (!p) continue;
      script[p] = (script[p] ?? 0) + s.w / 1000;
      const leaf = nodes.get(s.id).callFrame;
      const name = `${p} · ${leaf.functionName || '(anonymous)'} ${leaf.url.split('/').pop().slice(0, 24)}:${leaf.lineNumber}`;
      TOP.set(name, (TOP.get(name) ?? 0) + s.w / 1000);
      if (process.env.PROFILE_STACKS && p.startsWith(process.env.PROFILE_STACKS)) {
        const st = stackOf(s.id).map((f) => (f.functionName || '?').replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '').slice(0, 160)).join('\n    ');
        STACKS.set(st, (STACKS.get(st) ?? 0) + s.w / 1000);
      }
    }
    // Busy: the union of the main thread's tasks in the window.
    let busy = 0, upto = t0;
    for (const e of main.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts)) {
      const from = Math.max(upto, e.ts, t0), to = Math.min(end, e.ts + (e.dur ?? 0));
      if (to > from) { busy += to - from; upto = to; }
    }
    Object.assign(row, script, render);
    if (process.env.PROFILE_DUMP && key.k === 1) {
      const threads = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
      const after = events.filter((e) => e.ph === 'X' && e.ts >= t0 && e.ts <= end + 60_000 && (e.dur ?? 0) > 200)
        .sort((a, b) => a.ts - b.ts);
      for (const e of after) console.log(((e.ts - t0) / 1000).toFixed(1), ((e.dur ?? 0) / 1000).toFixed(1), threads.get(`${e.pid}:${e.tid}`), e.name, JSON.stringify(e.args?.data ?? {}).slice(0, 80));
      console.log('end', (end - t0) / 1000, 'painted', key.painted - key.t0, 'dom', key.dom - key.t0);
    }
    row['main thread busy'] = busy / 1000;
    row['idle / waiting'] = (end - t0 - busy) / 1000 - (row['input delay'] || 0);
    out.push(row);
  }
  return out;
}

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return 0;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const browser = await launch();
try {
  const rows = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await profileOnce(browser, WHICH);
    rows.push(...analyse(r));
  }
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((c) => c !== 'key');
  const first = ['total', 'to_dom', 'input delay'];
  const rest = cols.filter((c) => !first.includes(c) && c !== 'main thread busy' && c !== 'idle / waiting')
    .sort((a, b) => median(rows.map((r) => r[b] ?? 0)) - median(rows.map((r) => r[a] ?? 0)));
  const order = [...first, ...rest, 'main thread busy', 'idle / waiting'];
  console.log(`keystroke breakdown, ${WHICH === 'big' ? '1,000 pods' : 'default example'}: ${rows.length} keys, ms (median | mean | min–max)`);
  console.log('| part | median | mean | min–max |\n|---|---:|---:|---:|');
  for (const c of order) {
    const xs = rows.map((r) => r[c] ?? 0);
    const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
    console.log(`| ${c} | ${median(xs).toFixed(1)} | ${mean.toFixed(1)} | ${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)} |`);
  }
  const top = Number(process.env.PROFILE_TOP || 0);
  if (top) {
    console.log(`\nself time by function, ms per key (top ${top})`);
    for (const [n, ms] of [...TOP].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(ms / rows.length).toFixed(2).padStart(7)}  ${n}`);
  }
  for (const [st, ms] of [...STACKS].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`\n${(ms / rows.length).toFixed(2)} ms/key:\n    ${st}`);
  if (process.env.PROFILE_JSON) writeFileSync(process.env.PROFILE_JSON, JSON.stringify(rows, null, 1));
} finally {
  await browser.close();
  if (server) server.kill();
}
