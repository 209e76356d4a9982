#!/usr/bin/env node
// Budget figures measured in headless Chromium against a served dist/ (printed, never asserted):
//  * a kubectl-style dump (default 24 MB, bench/gen-manifest.py dump) opened with the page's own
//    "Open file…" → time until the analysis is shown, and whether the page stayed responsive;
//  * the same text parsed by js-yaml (the fastest JavaScript YAML parser) in the same browser.
//
//   BASE_URL=http://127.0.0.1:8080/ node bench/browser-bench.mjs [MEGABYTES]
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import os from 'node:os';

const require = createRequire(import.meta.url);
const base = process.env.BASE_URL;
if (!base) { console.error('set BASE_URL'); process.exit(2); }
const mb = process.argv[2] ?? '24';
const dir = mkdtempSync(path.join(os.tmpdir(), 'svcplay-bench-'));
const file = path.join(dir, 'dump.yaml');
writeFileSync(file, execFileSync('python3', [path.join(path.dirname(new URL(import.meta.url).pathname), 'gen-manifest.py'), 'dump', mb], { maxBuffer: 1 << 30 }));
const text = readFileSync(file, 'utf8');
console.log(`input: ${(text.length / 1048576).toFixed(1)} MB, ${text.split('\n').length} lines`);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  // js-yaml in the browser, on the same text.
  const page = await browser.newPage();
  await page.goto('about:blank');
  await page.addScriptTag({ path: path.join(path.dirname(require.resolve('js-yaml')), 'dist', 'js-yaml.min.js') });
  const js = await page.evaluate((t) => {
    const t0 = performance.now();
    const docs = [];
    window.jsyaml.loadAll(t, (d) => docs.push(d));
    return { ms: performance.now() - t0, items: docs[0]?.items?.length };
  }, text);
  console.log(`js-yaml loadAll: ${js.ms.toFixed(0)} ms (${js.items} items)`);
  await page.close();

  // The playground, opening the file like a person would.
  const app = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await app.goto(base);
  await app.locator('[data-testid="selected-pods"]').first().waitFor();
  await app.evaluate(() => {
    // Longest main-thread stall while the file is read and analysed (the page "freezing").
    window.__gaps = []; let last = performance.now();
    const tick = () => { const now = performance.now(); window.__gaps.push(now - last); last = now; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const t0 = Date.now();
  await app.locator('input[type="file"]').setInputFiles(file);
  // A large text is analysed in slices under an "Analysing…" status: wait for it to come and go.
  await app.locator('[data-testid="analysing"]').waitFor({ state: 'attached', timeout: 600_000 });
  const shownAt = Date.now() - t0;
  await app.locator('[data-testid="analysing"]').waitFor({ state: 'detached', timeout: 600_000 });
  await app.waitForFunction(() => document.querySelectorAll('.chooser, [role="tablist"]').length > 0, null, { timeout: 600_000 });
  await app.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const wall = Date.now() - t0;
  const gaps = await app.evaluate(() => window.__gaps);
  const longest = Math.max(...gaps);
  const over = (ms) => gaps.filter((g) => g > ms).length;
  console.log(`playground: file opened -> analysis shown: ${wall} ms (text in the editor, "Analysing" shown after ${shownAt} ms)`);
  console.log(`  frames: longest gap ${longest.toFixed(0)} ms; ${over(50)} gaps over 50 ms, ${over(100)} over 100 ms, ${over(500)} over 500 ms`);
  console.log(`  the 5 longest gaps: ${gaps.slice().sort((a, b) => b - a).slice(0, 5).map((g) => g.toFixed(0)).join(', ')} ms`);
  console.log(`ratio playground / js-yaml: ${(wall / js.ms).toFixed(2)}`);
} finally {
  await browser.close();
}
