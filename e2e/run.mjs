#!/usr/bin/env node
// Tiny e2e runner on node's built-in test runner (node >= 20): runs e2e/*.test.mjs (or the files
// given as arguments) one file at a time, prints TAP, then a line "N passed, N failed".
// Writes the counts to e2e/artifacts/summary.json. Exit code 0 only if every test passed.
//
//   BASE_URL=http://127.0.0.1:8080/ node e2e/run.mjs [e2e/some.test.mjs ...]
import { run } from 'node:test';
import { tap } from 'node:test/reporters';
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.join(dir, 'artifacts');
mkdirSync(artifacts, { recursive: true });

if (!process.env.BASE_URL) {
  console.error('e2e/run.mjs: set BASE_URL to the served dist/ (e.g. BASE_URL=http://127.0.0.1:8080/)');
  process.exit(2);
}

const files = process.argv.length > 2
  ? process.argv.slice(2).map((f) => path.resolve(f))
  : readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join(dir, f));
if (files.length === 0) {
  console.error(`e2e/run.mjs: no *.test.mjs files in ${dir}`);
  process.exit(2);
}

const counts = { passed: 0, failed: 0, skipped: 0, todo: 0 };
const failures = [];
const stream = run({
  files,
  concurrency: 1, // one file (and one browser) at a time: steadier timings on 2 cores
  timeout: Number(process.env.E2E_FILE_TIMEOUT_MS || 4 * 60_000),
});

// Count tests the way node does (suites are not tests; a test with subtests counts itself too).
stream.on('test:pass', (d) => {
  if (d.details?.type === 'suite') return;
  if (d.skip !== undefined) counts.skipped++;
  else if (d.todo !== undefined) counts.todo++;
  else counts.passed++;
});
stream.on('test:fail', (d) => {
  if (d.details?.type === 'suite') return;
  if (d.todo !== undefined) { counts.todo++; return; }
  counts.failed++;
  failures.push(`${path.relative(process.cwd(), d.file ?? '?')}: ${d.name}`);
});

const out = stream.compose(tap);
out.pipe(process.stdout);

out.on('end', () => {
  // TAP output ends without a newline.
  process.stdout.write('\n');
  if (failures.length) {
    console.log('# failed tests:');
    for (const f of failures) console.log(`#   ${f}`);
  }
  console.log(`# screenshots: ${path.relative(process.cwd(), artifacts)}/`);
  writeFileSync(path.join(artifacts, 'summary.json'), `${JSON.stringify(counts)}\n`);
  const extra = [counts.skipped && `${counts.skipped} skipped`, counts.todo && `${counts.todo} todo`].filter(Boolean);
  console.log(`${counts.passed} passed, ${counts.failed} failed${extra.length ? ` (${extra.join(', ')})` : ''}`);
  process.exitCode = counts.failed > 0 || counts.passed === 0 ? 1 : 0;
});
