// Shared helpers for the e2e tests: Debian Chromium through playwright-core (no browser download),
// a page wrapper that fails the test on any console error or page error, screenshots, and
// helpers to read/replace the manifest in the editor (a <textarea> or a contenteditable editor).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.join(E2E_DIR, 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

if (!process.env.BASE_URL) {
  throw new Error('BASE_URL is not set (e.g. BASE_URL=http://127.0.0.1:8080/ node e2e/run.mjs)');
}
/** Base URL of the served dist/, always ending in "/". */
export const BASE_URL = process.env.BASE_URL.endsWith('/') ? process.env.BASE_URL : `${process.env.BASE_URL}/`;

export const SEL = {
  manifest: '[aria-label="Manifest YAML"]',
  selectedPods: '[data-testid="selected-pods"]',
  problems: '[data-testid="problems"]',
};

/** Time allowed for the wasm app to load and render, and for one update. */
export const LOAD_TIMEOUT = 20_000;
export const UPDATE_TIMEOUT = 10_000;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Test file name without extension, to prefix screenshot names. */
const FILE_TAG = path.basename(process.argv[1] ?? 'e2e').replace(/\.test\.mjs$|\.mjs$/, '');

function safeName(s) {
  return s.replace(/[^a-z0-9._-]+/gi, '-').replace(/^-+|-+$/g, '').slice(0, 100);
}

/** Saves a full-page screenshot to e2e/artifacts/<name>.png; never throws. */
export async function screenshot(page, name) {
  const file = path.join(ARTIFACTS, `${safeName(name)}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
  } catch (e) {
    console.log(`# screenshot ${file} failed: ${e.message}`);
  }
  return file;
}

/**
 * Runs `fn({ page, errors })` in a fresh browser context. Afterwards (pass or fail) it saves a
 * screenshot named after the test, then fails the test if the page logged any console error or
 * threw any uncaught error. `colorScheme` is the emulated prefers-color-scheme; `initScript`
 * (Playwright's addInitScript argument) runs in every page before its own scripts.
 */
export async function withPage(browser, t, fn, { viewport = { width: 1280, height: 800 }, colorScheme = 'light', initScript } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      errors.push(`console.error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.stack || err.message || err}`));
  page.on('crash', () => errors.push('page crashed'));
  try {
    await fn({ page, errors });
  } finally {
    await screenshot(page, `${FILE_TAG}--${t.name}`);
    await context.close();
  }
  assert.deepEqual(errors, [], `the page reported errors:\n${errors.join('\n')}`);
}

/** No favicon in dist/: answer it, so the browser's 404 is not a console error. */
export async function quietFavicon(page) {
  await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204, body: '' }));
}

/**
 * Navigates to `url` (default: the app) with the favicon answered, and waits until `ready` (a
 * selector; default the selected-pods view) is visible and, with `manifest: true`, until the
 * editor holds some text.
 */
export async function openApp(page, url = BASE_URL, { ready = SEL.selectedPods, manifest = false } = {}) {
  await quietFavicon(page);
  await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT });
  await page.locator(ready).first().waitFor({ state: 'visible', timeout: LOAD_TIMEOUT });
  if (manifest) {
    await waitUntil(async () => (await getManifest(page)).length > 0, 'the editor to hold the manifest', LOAD_TIMEOUT);
  }
}

/** The manifest text currently in the editor (textarea value, or a contenteditable's text). */
export async function getManifest(page) {
  return page.locator(SEL.manifest).first().evaluate((el) => {
    if ('value' in el && typeof el.value === 'string') return el.value;
    // CodeMirror 6 keeps a reference to its view on the .cm-content node (`cmTile` in current
    // versions, `cmView` in older ones); the whole document, not just the rendered lines.
    const view = el.cmTile?.root?.view ?? el.cmView?.rootView?.view ?? el.cmView?.view;
    if (view?.state?.doc) return view.state.doc.toString();
    return el.innerText;
  });
}

/**
 * Replaces the whole manifest with Playwright's fill, as the brief for the first slice asks. Note that
 * Chromium inserts multi-line text line by line here, so the app sees one `input` event per line.
 */
export async function setManifest(page, text) {
  await page.locator(SEL.manifest).first().fill(text, { timeout: UPDATE_TIMEOUT });
}

/**
 * Replaces the whole manifest in one step, like a paste, and records `window.__e2eEditAt`
 * (performance.now()) just before the edit is handed to the page:
 *  - <textarea>: sets the value and dispatches one bubbling `input` event (inputType insertFromPaste);
 *  - CodeMirror 6: one transaction replacing the document (userEvent "input.paste"), which is what
 *    the editor produces for a real paste;
 *  - any other contenteditable: Playwright's fill.
 */
export async function pasteManifest(page, text) {
  // Found and edited in one task of the page: a locator would resolve the element first and run
  // the function in a later round trip, by which time CodeMirror may have replaced the textarea
  // (after the first paint) and the edit would go to a detached node and be lost.
  const done = await page.evaluate(([selector, value]) => {
    const node = document.querySelector(selector);
    if (!node) return false;
    if (node instanceof HTMLTextAreaElement || node instanceof HTMLInputElement) {
      node.focus();
      node.value = value;
      window.__e2eEditAt = performance.now();
      node.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
      return true;
    }
    const view = node.cmTile?.root?.view ?? node.cmView?.rootView?.view ?? node.cmView?.view;
    if (view?.dispatch && view.state?.doc) {
      window.__e2eEditAt = performance.now();
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value }, userEvent: 'input.paste' });
      return true;
    }
    return false;
  }, [SEL.manifest, text]);
  if (!done) {
    const el = page.locator(SEL.manifest).first();
    await el.evaluate(() => { window.__e2eEditAt = performance.now(); });
    await el.fill(text, { timeout: UPDATE_TIMEOUT });
  }
}

/** Text of the element(s) matching `sel`, text nodes joined with spaces (so list items stay apart). */
export async function textOf(page, sel) {
  return page.evaluate((s) => {
    const parts = [];
    for (const root of document.querySelectorAll(s)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) parts.push(walker.currentNode.data);
      parts.push('\n');
    }
    return parts.join(' ');
  }, sel);
}

/** Text of the selected-pods element(s). */
export async function selectedPodsText(page) {
  return textOf(page, SEL.selectedPods);
}

/** Pod-name tokens in a piece of text (k8s names: lower-case alphanumerics and '-'/'.'). */
export function names(text) {
  return new Set(text.split(/[^a-z0-9.-]+/).filter(Boolean));
}

/** A generated manifest: one Service selecting app: MyApp and `count` pods, every other one matching. */
export function generatedManifest(count = 1000) {
  const docs = [
    [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: big-service',
      'spec:',
      '  selector:',
      '    app: MyApp',
      '  ports:',
      '    - protocol: TCP',
      '      port: 80',
      '      targetPort: 9376',
    ].join('\n'),
  ];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(4, '0');
    const app = i % 2 === 0 ? 'MyApp' : 'OtherApp';
    docs.push([
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      `  name: pod-${n}`,
      '  labels:',
      `    app: ${app}`,
      `    tier: t${i % 7}`,
      'spec:',
      `  nodeName: node-${i % 5}`,
      '  containers:',
      '    - name: app',
      '      image: registry.k8s.io/serve_hostname',
      '      ports:',
      '        - containerPort: 9376',
      'status:',
      '  phase: Running',
      `  podIP: 10.244.${Math.floor(i / 250)}.${(i % 250) + 2}`,
      '  conditions:',
      '    - type: Ready',
      '      status: "True"',
    ].join('\n'));
  }
  return `${docs.join('\n---\n')}\n`;
}

/** Polls `probe()` until it returns a truthy value; throws with `what` and the last value on timeout. */
export async function waitUntil(probe, what, timeout = UPDATE_TIMEOUT, interval = 25) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await probe();
    if (last?.ok ?? last) return last;
    if (Date.now() > deadline) {
      const shown = typeof last === 'object' ? JSON.stringify(last) : String(last);
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; last seen: ${shown}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * A static host of our own on 127.0.0.1: the served dist/ (BASE_URL) under `prefix` (e.g.
 * "/playground/"), as a docs site or a GitHub Pages project site would host it, and the files of
 * `extra` ({ "/docs/": absoluteDir }) beside it. Every request outside those paths is a 404, and
 * every 404 is recorded in `misses`. Returns { url(path), misses, close() }.
 */
export async function serveUnderPath(prefix = '/playground/', extra = {}) {
  const http = await import('node:http');
  const fs = await import('node:fs/promises');
  const misses = [];
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.md': 'text/plain; charset=utf-8' };
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    if (pathname === '/favicon.ico') { // the docs pages have none: not an error of ours
      res.writeHead(204);
      res.end();
      return;
    }
    try {
      if (pathname.startsWith(prefix)) {
        const upstream = await fetch(new URL(pathname.slice(prefix.length), BASE_URL));
        const body = Buffer.from(await upstream.arrayBuffer());
        if (upstream.status >= 400) misses.push(`${upstream.status} ${pathname}`);
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream' });
        res.end(body);
        return;
      }
      for (const [at, dir] of Object.entries(extra)) {
        if (!pathname.startsWith(at)) continue;
        const rel = decodeURIComponent(pathname.slice(at.length)) || 'index.html';
        if (rel.split('/').includes('..')) break;
        const file = path.join(dir, rel.endsWith('/') ? `${rel}index.html` : rel);
        const body = await fs.readFile(file);
        res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
        res.end(body);
        return;
      }
    } catch { /* a 404 below */ }
    misses.push(`404 ${pathname}`);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    url: (p) => `${origin}${p}`,
    misses,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
