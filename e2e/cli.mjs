// The `svcplay` command line for the e2e tests: built once (debug, one job) from this checkout,
// then run on the gallery's examples. `svcplay diagram` draws with the same engine code as the
// page, so its output is what the page shows and exports.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { E2E_DIR } from './lib.mjs';

export const ROOT = path.join(E2E_DIR, '..');
let built;

/** The path of the `svcplay` binary, built if needed. */
export function svcplayBin() {
  if (!built) {
    execFileSync('cargo', ['build', '--quiet', '-p', 'svcplay'], {
      cwd: ROOT,
      env: { ...process.env, CARGO_BUILD_JOBS: process.env.CARGO_BUILD_JOBS || '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    built = path.join(ROOT, 'target', 'debug', 'svcplay');
  }
  return built;
}

/** `svcplay diagram ARGS... examples/FILE`: its standard output (it must exit 0). */
export function cliDiagram(file, args = []) {
  return execFileSync(svcplayBin(), ['diagram', ...args, path.join(ROOT, 'examples', file)], { encoding: 'utf8' });
}
