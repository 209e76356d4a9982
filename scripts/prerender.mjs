#!/usr/bin/env node
// Prerenders the app's own first view of the default example into the built index.html, so a cold
// visitor sees the default Service (the manifest, the Service's details, its pods, the traffic
// diagram) at the first contentful paint, before the wasm has even arrived; the app then replaces
// it when it mounts (Yew clears <body> and renders into it, in one task: src/main.rs).
//
//   node scripts/prerender.mjs [DIR]      DIR: the built site (default $TRUNK_STAGING_DIR, else dist)
//
// Run by trunk as a post_build hook (Trunk.toml) on every build, `trunk build` and `trunk serve`
// alike, so the snapshot is never older than the app beside it. Nothing is written by hand: the
// snapshot is the DOM the built app renders, taken in headless Chromium (playwright-core, as e2e/
// does) from DIR served on 127.0.0.1, with the editor bundle held back (so it is the app's
// textarea view, before CodeMirror), at 1280 × 800. What it writes into index.html:
//
//   <!-- prerender:start … -->
//   <div class="app" id="sp-prerender" inert aria-hidden="true">…the app's DOM…</div>
//   <script>…keep it only on a visit that will show the default example…</script>
//   <!-- prerender:end -->
//
// The copy is inert (nothing in it can be focused, clicked or typed into) and hidden from
// assistive technology, and it carries none of the app's ids (but those it refers to itself, e.g.
// the diagram's arrowhead marker), roles, labels or test hooks (`data-testid`, `data-act`): the
// app's own elements are the only ones a test or a screen reader finds. index.html's <head>
// script decides before the first paint whether the visit will show the default example (no share
// link, example, view, Service or embed option in the URL, no autosaved session in localStorage)
// and applies a remembered theme; otherwise the copy is removed before anything is painted. The
// DOM is rendered in the light and the dark scheme; where the two differ (attributes only, e.g.
// the Export menu's preselected theme), the dark value rides along in `data-sp-dark` and the
// inline script applies it on a dark page. Any other difference, or a first view that keeps
// changing from frame to frame, means it is not a pure function of the build: then nothing is
// written (a stale or wrong first view is worse than none). The same build gives the same bytes.
//
// When it cannot run (no Chromium, no playwright-core, the app did not show the default Service
// within the time limit), it says why on stderr, leaves index.html without a placeholder and
// exits 0: the page works as before, its first paint just waits for the wasm. `trunk serve` keeps
// working on a machine without a browser. scripts/build-site.sh (the build for hosting) checks
// the placeholder is there and fails loudly when it is not. PRERENDER=0 skips it on purpose.
import http from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const DIR = path.resolve(process.argv[2] || process.env.TRUNK_STAGING_DIR || 'dist');
const INDEX = path.join(DIR, 'index.html');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.PRERENDER_TIMEOUT_MS || 30_000);
const VIEWPORT = { width: 1280, height: 800 };
const START = '<!-- prerender:start';
const END = '<!-- prerender:end -->';
const say = (msg) => console.error(`prerender: ${msg}`);

/** index.html without a placeholder of an earlier run (the file trunk wrote). */
function withoutPrerender(html) {
  const a = html.indexOf(START);
  const b = html.indexOf(END);
  return a >= 0 && b > a ? html.slice(0, a) + html.slice(b + END.length).replace(/^\n/, '') : html;
}

// Runs in the page after the placeholder has been parsed (before anything is painted): removes it
// unless <head> marked the visit as one that shows the default example, and applies the dark
// values of attributes on a dark page (the theme's own rule: the data-theme <head> set, else the
// system's scheme, as src/persist.rs `shows_dark`). While the copy is there (the app has not
// mounted), an uncaught error means the app could not start: a notice says so in the copy.
const KEEP_SCRIPT = `(function () {
  var d = document.documentElement, p = document.getElementById('sp-prerender');
  if (!p) return;
  if (!d.hasAttribute('data-sp-default-view')) { p.remove(); return; }
  var t = d.getAttribute('data-theme');
  var dark = t ? t === 'dark' : !!(window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches);
  var ds = p.querySelectorAll('[data-sp-dark]');
  for (var i = 0; i < ds.length; i++) {
    var e = ds[i], a = JSON.parse(e.getAttribute('data-sp-dark'));
    e.removeAttribute('data-sp-dark');
    if (!dark) continue;
    for (var k in a) { if (a[k] === null) e.removeAttribute(k); else e.setAttribute(k, a[k]); }
  }
  // The app could not start (the wasm did not load or run): say so, rather than leave a page that
  // looks live and answers nothing.
  function failed() {
    if (!p.isConnected || document.getElementById('sp-failed')) return;
    var m = document.createElement('p');
    m.id = 'sp-failed';
    m.className = 'notice';
    m.setAttribute('role', 'alert');
    m.textContent = 'Service Playground could not start in this browser (it needs WebAssembly): what is shown is a picture of its first view. Reload to try again.';
    p.parentNode.insertBefore(m, p); // outside the copy: read out, not inert
  }
  addEventListener('error', failed);
  addEventListener('unhandledrejection', failed);
})();`;

// ------------------------------------------------------------------------------ in the page

/**
 * The app's root as static HTML: form state (a textarea's text, inputs, the selected option) as
 * attributes, and without what must stay the live app's own (ids, roles, ARIA names and
 * relations, test and action hooks). Runs in the page.
 */
function serialiseApp() {
  const app = document.querySelector('body > .app');
  if (!app) return null;
  const copy = app.cloneNode(true);
  const live = app.querySelectorAll('textarea, input, select');
  const dead = copy.querySelectorAll('textarea, input, select');
  live.forEach((el, i) => {
    const c = dead[i];
    if (el instanceof HTMLTextAreaElement) c.textContent = el.value;
    else if (el instanceof HTMLInputElement) {
      if (el.type === 'checkbox' || el.type === 'radio') c.toggleAttribute('checked', el.checked);
      else c.setAttribute('value', el.value);
    } else if (el instanceof HTMLSelectElement) {
      [...el.options].forEach((o, j) => c.options[j].toggleAttribute('selected', o.selected));
    }
  });
  // Ids the copy refers to itself (an SVG marker, gradient or clip path: `url(#…)`, `<use href>`)
  // stay: the copy and the app are never on the page together.
  const referenced = new Set();
  for (const el of copy.querySelectorAll('*')) {
    for (const name of el.getAttributeNames()) {
      const v = el.getAttribute(name);
      for (const m of v.matchAll(/url\(#([^)]+)\)/g)) referenced.add(m[1]);
      if (el.namespaceURI === 'http://www.w3.org/2000/svg' && /(^|:)href$/.test(name) && v.startsWith('#')) referenced.add(v.slice(1));
    }
  }
  const drop = (name, el) => (name === 'id' && !referenced.has(el.id)) || name === 'role' || name === 'for' || name === 'name' || name === 'autofocus'
    || name === 'data-testid' || name === 'data-act' || name === 'data-editor'
    || (name.startsWith('aria-') && name !== 'aria-hidden');
  for (const el of [copy, ...copy.querySelectorAll('*')]) {
    for (const name of el.getAttributeNames()) if (drop(name, el)) el.removeAttribute(name);
  }
  return copy.outerHTML;
}

/**
 * In the dark page: the light copy with the dark values of the attributes that differ, as
 * `data-sp-dark` (JSON: attribute → value, null = absent). Throws when the two differ in anything
 * but attributes. Runs in the page.
 */
function mergeDark([lightHtml, darkHtml]) {
  const parse = (html) => { const t = document.createElement('template'); t.innerHTML = html; return t.content.firstElementChild; };
  const light = parse(lightHtml);
  const dark = parse(darkHtml);
  const walk = (l, d, at) => {
    if (l.nodeType !== d.nodeType || l.nodeName !== d.nodeName) throw new Error(`${at}: ${l.nodeName} in light, ${d.nodeName} in dark`);
    if (l.nodeType === Node.TEXT_NODE || l.nodeType === Node.COMMENT_NODE) {
      if (l.data !== d.data) throw new Error(`${at}: text "${l.data.slice(0, 40)}" in light, "${d.data.slice(0, 40)}" in dark`);
      return;
    }
    if (l.nodeType !== Node.ELEMENT_NODE) return;
    const diff = {};
    for (const n of new Set([...l.getAttributeNames(), ...d.getAttributeNames()])) {
      if (l.getAttribute(n) !== d.getAttribute(n)) diff[n] = d.getAttribute(n);
    }
    if (Object.keys(diff).length) l.setAttribute('data-sp-dark', JSON.stringify(diff));
    const lc = [...(l.content ?? l).childNodes];
    const dc = [...(d.content ?? d).childNodes];
    if (lc.length !== dc.length) throw new Error(`${at} <${l.localName}>: ${lc.length} children in light, ${dc.length} in dark`);
    lc.forEach((c, i) => walk(c, dc[i], `${at} > ${l.localName}[${i}]`));
  };
  walk(light, dark, 'app');
  return light.outerHTML;
}

// ------------------------------------------------------------------------------ serving DIR

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

/** DIR on 127.0.0.1, its index.html as trunk wrote it (no placeholder, no live-reload client). */
async function serve(indexHtml) {
  const page = withoutPrerender(indexHtml).replace(/<script[^>]*>(?:(?!<\/script>)[\s\S])*\.well-known\/trunk\/ws[\s\S]*?<\/script>/, '');
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    try {
      if (pathname === '/' || pathname === '/index.html') {
        res.writeHead(200, { 'content-type': TYPES['.html'] });
        res.end(page);
        return;
      }
      const rel = decodeURIComponent(pathname).replace(/^\/+/, '');
      if (rel.split('/').includes('..')) throw new Error('outside');
      const body = await readFile(path.join(DIR, rel));
      res.writeHead(200, { 'content-type': TYPES[path.extname(rel)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) };
}

// ------------------------------------------------------------------------------ the snapshot

/** The app's first view of the default example in one colour scheme, once it has settled. */
async function snapshot(browser, url, colorScheme) {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e.message || e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    // The editor bundle stays away (an empty module: no error, no editor): the copy is the app's
    // own textarea view, which is what the app renders until CodeMirror takes over.
    await page.route(/\/editor(-[0-9a-f]+)?\.js$/, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
    await page.route(/\/favicon\.ico$/, (route) => route.fulfill({ status: 204, body: '' }));
    await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT_MS });
    await page.locator('[data-testid="selected-pods"]').first().waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    // Settled: the diagram laid out at the pane's width (a ResizeObserver), and the same DOM in
    // two frames a little apart.
    let last = null;
    for (let i = 0; i < 20; i++) {
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 30)))));
      const html = await page.evaluate(serialiseApp);
      if (html && html === last) {
        if (errors.length) throw new Error(`the page reported errors: ${errors.join(' | ')}`);
        return { html, page, context };
      }
      last = html;
    }
    throw new Error('the first view kept changing');
  } catch (e) {
    await context.close();
    throw e;
  }
}

async function main() {
  if (!existsSync(INDEX)) throw new Error(`no index.html in ${DIR}`);
  const original = await readFile(INDEX, 'utf8');
  const clean = withoutPrerender(original);
  if (process.env.PRERENDER === '0') {
    say('skipped (PRERENDER=0): index.html has no prerendered first view');
    if (clean !== original) await writeFile(INDEX, clean);
    return;
  }
  const skip = async (why) => {
    say(`${why}\nprerender: index.html left without a prerendered first view (the page works; its first paint waits for the wasm)`);
    if (clean !== original) await writeFile(INDEX, clean);
  };
  // The <body> tag after </head> (not a mention of it in a comment).
  const head = clean.indexOf('</head>');
  const body = head < 0 ? null : /<body[^>]*>\n?/.exec(clean.slice(head));
  if (!body) throw new Error('index.html has no <body> after </head>');
  if (!clean.includes('data-sp-default-view')) return skip('index.html has no <head> script that sets data-sp-default-view');
  if (!existsSync(CHROMIUM)) return skip(`no Chromium at ${CHROMIUM} (scripts/setup.sh installs it; CHROMIUM_PATH overrides)`);
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    return skip(`playwright-core is not installed (npm ci): ${e.message}`);
  }
  const started = Date.now();
  const server = await serve(original);
  let browser;
  let html;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const light = await snapshot(browser, server.url, 'light');
    await light.context.close();
    const dark = await snapshot(browser, server.url, 'dark');
    try {
      html = await dark.page.evaluate(mergeDark, [light.html, dark.html]);
    } finally {
      await dark.context.close();
    }
  } catch (e) {
    return skip(`could not take the app's first view: ${e.message.split('\n')[0]}`);
  } finally {
    await browser?.close();
    await server.close();
  }
  const placeholder = html.replace(/^<div /, '<div id="sp-prerender" inert aria-hidden="true" ');
  const block = `${START}: the app's first view of the default example, written by scripts/prerender.mjs; the app replaces it -->\n`
    + `${placeholder}\n<script>${KEEP_SCRIPT}</script>\n${END}\n`;
  const at = head + body.index + body[0].length;
  const out = `${clean.slice(0, at)}${body[0].endsWith('\n') ? '' : '\n'}${block}${clean.slice(at)}`;
  await writeFile(INDEX, out);
  say(`wrote the first view into ${path.relative(process.cwd(), INDEX) || INDEX} (${(placeholder.length / 1024).toFixed(1)} KB, ${Date.now() - started} ms)`);
}

main().catch((e) => {
  // Only a broken build (no index.html) fails the build; see the header.
  say(`error: ${e.message}`);
  process.exit(1);
});
