#!/usr/bin/env bash
# The one command that runs every test:
#   1. setup            scripts/setup.sh (installs what is missing; seconds when all is present)
#   2. lint             cargo fmt --all --check; cargo clippy --workspace --all-targets -- -D warnings
#   3. cargo test       scripts/fetch-corpus.sh (the public corpus, as Go modules; fails loudly when it
#                       cannot fetch), then cargo test --workspace (native: engine fixtures, the
#                       corpus, CLI tests, app reducer tests)
#   4. oracle           scripts/oracle.sh when `go` is on PATH (else "skipped: go not on PATH"):
#                       upstream Kubernetes and CoreDNS code run on the same inputs as the engine;
#                       fails on any unexplained disagreement (oracle/README.md)
#   5. wasm tests       cargo test --target wasm32-unknown-unknown, only for packages that use
#                       wasm-bindgen-test (headless Chromium via chromedriver)
#   6. trunk build      scripts/build-site.sh dist (trunk build --release, relative URLs checked) -> dist/
#   7. size report      scripts/size-report.sh dist
#   8. e2e              dist/ served by python3 -m http.server on 127.0.0.1 (free port), then
#                       node e2e/run.mjs (Playwright-core + Debian Chromium); screenshots in e2e/artifacts/
# Stops at the first failing stage. The last line is always "N passed, N failed" for the e2e run.
#
#   scripts/test.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
[ -x /usr/local/go/bin/go ] && export PATH="$PATH:/usr/local/go/bin" # fetch-corpus.sh needs go
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-$([ -t 1 ] && echo auto || echo never)}"

E2E_TIMEOUT="${E2E_TIMEOUT:-900}" # seconds for the whole e2e run

stage_name=""
stage_start=$SECONDS
timings=()
e2e_passed=0
e2e_failed=0
e2e_ran=false
server_pid=""

stage() {
  finish_stage
  stage_name="$1"
  stage_start=$SECONDS
  printf '\n==> [%s] %s\n' "$stage_name" "${2:-}"
}
finish_stage() {
  if [ -n "$stage_name" ]; then
    timings+=("$(printf '%-14s %5ss' "$stage_name" "$((SECONDS - stage_start))")")
  fi
  stage_name=""
}
fail() { # message
  printf '\ntest.sh: FAILED in [%s]: %s\n' "${stage_name:-?}" "$1" >&2
  exit 1
}

stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}

on_exit() {
  local rc=$?
  set +e
  stop_server
  local failed_stage="$stage_name"
  finish_stage
  echo
  echo "==> timings (total $((SECONDS))s)"
  for t in "${timings[@]}"; do echo "    $t"; done
  if [ "$rc" -ne 0 ]; then
    echo "test.sh: FAILED (exit $rc) in [${failed_stage:-?}]"
    $e2e_ran || echo "test.sh: the e2e tests did not run"
  else
    echo "test.sh: all stages passed"
  fi
  echo "${e2e_passed} passed, ${e2e_failed} failed"
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ 1. setup
stage setup "scripts/setup.sh"
bash "$ROOT/scripts/setup.sh" || fail "setup did not complete (see the [setup] ERROR above)"

locked=()
[ "${CI:-}" = "true" ] && locked=(--locked) # CI: Cargo.lock must be up to date

# ------------------------------------------------------------------ 2. lint
stage lint "cargo fmt --all --check; cargo clippy --workspace --all-targets -- -D warnings"
cargo fmt --all --check || fail "code is not formatted: run cargo fmt --all"
cargo clippy --workspace --all-targets "${locked[@]}" -- -D warnings || fail "clippy found problems (see above)"

# ------------------------------------------------------------------ 3. native tests
stage "cargo test" "scripts/fetch-corpus.sh --quiet; cargo test --workspace --no-fail-fast ${locked[*]}"
bash "$ROOT/scripts/fetch-corpus.sh" --quiet \
  || fail "could not fetch the public corpus (see the fetch-corpus errors above); tests/corpus.rs needs target/corpus/paths.tsv"
cargo test --workspace --no-fail-fast "${locked[@]}" || fail "cargo test --workspace failed (see the test output above)"

# ------------------------------------------------------------------ 4. oracle
if command -v go >/dev/null 2>&1; then
  stage oracle "bash scripts/oracle.sh (k8s.io/kubernetes and CoreDNS code on the engine's inputs)"
  bash "$ROOT/scripts/oracle.sh" || fail "scripts/oracle.sh failed: the engine disagrees with upstream Kubernetes / CoreDNS, too many cases are excused by exceptions, or a build failed (see above and oracle/README.md)"
else
  stage oracle "skipped: go not on PATH"
  echo "oracle: skipped: go not on PATH"
fi

# ------------------------------------------------------------------ 5. wasm tests (if any)
wasm_pkgs="$(cargo metadata --no-deps --format-version 1 "${locked[@]}" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const m = JSON.parse(s);
    const names = m.packages
      .filter((p) => p.dependencies.some((d) => d.name === "wasm-bindgen-test"))
      .map((p) => p.name);
    console.log(names.join(" "));
  });')" || fail "cargo metadata failed"
if [ -n "$wasm_pkgs" ]; then
  pkg_args=()
  for p in $wasm_pkgs; do pkg_args+=(-p "$p"); done
  stage "wasm tests" "cargo test --target wasm32-unknown-unknown ${pkg_args[*]} (headless Chromium)"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target wasm32-unknown-unknown "${locked[@]}" "${pkg_args[@]}" \
    || fail "wasm-bindgen tests in the browser failed"
fi

# ------------------------------------------------------------------ 6. release build
stage "trunk build" "scripts/build-site.sh dist (trunk build --release --offline) -> dist/"
for f in index.html Trunk.toml; do
  [ -f "$f" ] || fail "$f is missing: the Yew app is not buildable yet"
done
SKIP_SETUP=1 bash "$ROOT/scripts/build-site.sh" "$ROOT/dist" "${locked[@]}" || fail "scripts/build-site.sh failed (see the build output above)"
compgen -G "dist/*.wasm" >/dev/null || fail "trunk build produced no .wasm in dist/"

# ------------------------------------------------------------------ 7. size report
stage "size report" "scripts/size-report.sh dist"
bash "$ROOT/scripts/size-report.sh" "$ROOT/dist" || fail "size report failed"

# ------------------------------------------------------------------ 8. e2e
stage e2e "Playwright (playwright-core + /usr/bin/chromium) against dist/ on 127.0.0.1"
mkdir -p e2e/artifacts
rm -f e2e/artifacts/summary.json e2e/artifacts/*.png
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$ROOT/dist" >e2e/artifacts/http-server.log 2>&1 &
server_pid=$!
base_url="http://127.0.0.1:${port}/"
BASE_URL="$base_url" node -e '
  const deadline = Date.now() + 15000;
  (async function poll() {
    try { const r = await fetch(process.env.BASE_URL); if (r.ok) process.exit(0); } catch {}
    if (Date.now() > deadline) { console.error("no answer from " + process.env.BASE_URL); process.exit(1); }
    setTimeout(poll, 100);
  })();' || fail "python3 -m http.server did not start on port $port (see e2e/artifacts/http-server.log)"
echo "serving dist/ at $base_url (pid $server_pid)"

e2e_ran=true
set +e
BASE_URL="$base_url" timeout --kill-after=10 "$E2E_TIMEOUT" node "$ROOT/e2e/run.mjs"
e2e_rc=$?
set -e
stop_server
if [ -f e2e/artifacts/summary.json ]; then
  # shellcheck disable=SC2016  # JS template literal
  read -r e2e_passed e2e_failed < <(node -p 'const s = require("./e2e/artifacts/summary.json"); `${s.passed} ${s.failed}`')
fi
[ "$e2e_rc" -ne 124 ] || fail "the e2e run timed out after ${E2E_TIMEOUT}s"
[ "$e2e_rc" -eq 0 ] || fail "e2e tests failed (exit $e2e_rc); screenshots in e2e/artifacts/"
finish_stage
