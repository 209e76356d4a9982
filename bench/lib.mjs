// What bench/run.mjs and bench/profile-keys.mjs share: serving a build, and how a keystroke is
// made and timed (so the profile replays exactly the keys the figure measures).

import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitForServer(url, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try { if ((await fetch(url)).ok) return; } catch {}
    if (Date.now() > deadline) throw new Error(`no answer from ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * `process.env.BASE_URL` (ending in `/`), or else `dist` served by python3's http.server on a free
 * port. Exits with 2 and `hint` when `dist` holds no build. Returns the URL and the server (null
 * when none was started), which the caller stops.
 */
export async function serveBuild(dist, hint) {
  let url = process.env.BASE_URL;
  let server = null;
  if (!url) {
    if (!existsSync(dist) || !readdirSync(dist).some((f) => f.endsWith('.wasm'))) {
      console.error(hint);
      process.exit(2);
    }
    const port = await freePort();
    server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dist], { stdio: 'ignore' });
    url = `http://127.0.0.1:${port}/`;
    await waitForServer(url);
  }
  if (!url.endsWith('/')) url += '/';
  process.env.BASE_URL = url; // e2e/lib.mjs reads it when imported
  return { url, server };
}

/**
 * In the page: arms one keystroke measurement: t0 = the timeStamp of the next keydown; dom = the
 * first DOM mutation after which the results are not busy and the text under `sel` does (or does
 * not) name `pod`; painted = the end of the rendering of the next frame (rAF, then
 * ResizeObserver). Resolves `window.__key`.
 */
export function armKey({ sel, pod, want, now = false }) {
  window.__key = null;
  const r = { t0: now ? performance.now() : null };
  const onKey = (e) => { if (r.t0 === null) r.t0 = e.timeStamp; };
  document.addEventListener('keydown', onKey, { capture: true, once: true });
  const shows = () => {
    const pane = document.querySelector('section.results-pane');
    if (!pane || pane.getAttribute('aria-busy') !== 'false') return false;
    const parts = [];
    for (const root of document.querySelectorAll(sel)) {
      const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      while (w.nextNode()) parts.push(w.currentNode.data);
    }
    return new Set(parts.join(' ').split(/[^a-z0-9.-]+/)).has(pod) === want;
  };
  const obs = new MutationObserver(() => {
    if (r.t0 === null || !shows()) return;
    r.dom = performance.now();
    obs.disconnect();
    requestAnimationFrame(() => {
      r.raf = performance.now();
      const ro = new ResizeObserver(() => { ro.disconnect(); r.painted = performance.now(); window.__key = r; });
      ro.observe(document.documentElement);
    });
  });
  obs.observe(document.documentElement, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-busy'] });
}

/** Puts the cursor at the end of the Service's `app: MyApp` selector line (1-based `line`) of the editor `manifest`. */
export async function cursorToLineEnd(page, manifest, line) {
  await page.locator(manifest).click();
  await page.keyboard.press('Control+Home');
  // ArrowDown moves by screen line, and long comment lines wrap: go down until the active line's
  // number (its gutter) is `line`.
  const at = () => page.evaluate(() => Number(document.querySelector('.cm-activeLineGutter')?.textContent));
  for (let i = 0; i < 4 * line && (await at()) < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  const text = await page.evaluate(() => document.querySelector('.cm-activeLine')?.textContent ?? '');
  if (!/app: MyApp$/.test(text)) throw new Error(`the cursor is not on the selector line (it is on "${text}")`);
}
