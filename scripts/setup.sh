#!/usr/bin/env bash
# Installs everything the playground needs to build, serve and test, and nothing twice.
#
#   scripts/setup.sh
#
# Needs only cargo/rustup, node >= 20 + npm, python3 and (for Chromium) apt on the machine.
# Every step is skipped when the right version is already present, so a second run takes seconds:
#   - rustup target wasm32-unknown-unknown, components rustfmt and clippy
#   - trunk (TRUNK_VERSION below) via cargo install --locked
#   - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (cargo install, not --locked:
#     its own lock file pins a crate version the registry does not serve)
#   - npm ci (binaryen's wasm-opt, playwright-core, esbuild, CodeMirror), skipped when node_modules
#     already matches package-lock.json
#   - apt: golang-go (for scripts/fetch-corpus.sh) and chromium + chromium-driver, only when
#     missing (as root, or through sudo)
#
# Callers put "$ROOT/node_modules/.bin" and cargo's bin directory first on PATH (trunk looks for
# wasm-opt and wasm-bindgen on PATH and checks their versions).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$ROOT/node_modules/.bin:$CARGO_BIN:$PATH"

log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

start=$SECONDS

# ---------------------------------------------------------------- prerequisites
for tool in cargo rustup node npm python3; do
  have "$tool" || die "'$tool' is not on PATH. Needed: cargo + rustup (https://rustup.rs), node >= 20 with npm, python3."
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "node >= 20 is required (found $(node --version)): playwright-core and the node:test runner need it."

# Cargo installs of the tools below: no fat LTO / single codegen unit (trunk's release profile asks for
# them), which drops the long single-threaded final link. Only for these installs, not the project.
cargo_install() {
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
}

# ---------------------------------------------------------------- rust target
if rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
  log "rust target wasm32-unknown-unknown: present"
else
  log "rust target wasm32-unknown-unknown: installing"
  rustup target add wasm32-unknown-unknown || die "rustup target add wasm32-unknown-unknown failed"
fi

# ---------------------------------------------------------------- rustfmt, clippy (the lint stage of test.sh)
for component in rustfmt clippy; do
  if rustup component list --installed | grep -q "^${component}"; then
    log "rust component $component: present"
  else
    log "rust component $component: installing"
    rustup component add "$component" || die "rustup component add $component failed"
  fi
done

# ---------------------------------------------------------------- trunk
trunk_have="$( (trunk --version 2>/dev/null || true) | awk '{print $2}')"
if [ "$trunk_have" = "$TRUNK_VERSION" ]; then
  log "trunk $TRUNK_VERSION: present"
else
  log "trunk $TRUNK_VERSION: installing from crates.io (found '${trunk_have:-none}'; about 5 minutes the first time)"
  cargo_install --locked "trunk@$TRUNK_VERSION" \
    || die "cargo install --locked trunk@$TRUNK_VERSION failed"
  trunk_have="$(trunk --version | awk '{print $2}')"
  [ "$trunk_have" = "$TRUNK_VERSION" ] || die "trunk on PATH is '$trunk_have' after install, expected $TRUNK_VERSION (check PATH order: $(command -v trunk))"
fi

# ---------------------------------------------------------------- wasm-bindgen-cli (version from Cargo.lock)
WB_VERSION="$(awk '
  /^\[\[package\]\]/ { in_wb = 0 }
  /^name = "wasm-bindgen"$/ { in_wb = 1; next }
  in_wb && /^version = / { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)"
[ -n "$WB_VERSION" ] || die "could not read the wasm-bindgen version from Cargo.lock"
wb_have="$( (wasm-bindgen --version 2>/dev/null || true) | awk '{print $2}')"
if [ "$wb_have" = "$WB_VERSION" ]; then
  log "wasm-bindgen-cli $WB_VERSION (from Cargo.lock): present"
else
  log "wasm-bindgen-cli $WB_VERSION (from Cargo.lock): installing (found '${wb_have:-none}'; about 3 minutes the first time)"
  cargo_install --force "wasm-bindgen-cli@$WB_VERSION" \
    || die "cargo install wasm-bindgen-cli@$WB_VERSION failed"
  wb_have="$(wasm-bindgen --version | awk '{print $2}')"
  [ "$wb_have" = "$WB_VERSION" ] || die "wasm-bindgen on PATH is '$wb_have' after install, expected $WB_VERSION (check PATH order: $(command -v wasm-bindgen))"
fi

# ---------------------------------------------------------------- npm packages
# npm ci wipes and reinstalls node_modules; skip it when node_modules was installed from this exact
# package.json + package-lock.json and its wasm-opt answers.
stamp_file="node_modules/.setup-stamp"
want_stamp="$(cat package.json package-lock.json | cksum)"
binaryen_major="$(node -p 'require("./package.json").devDependencies.binaryen.split(".")[0]')"
if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$want_stamp" ] \
   && [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ]; then
  log "npm packages: up to date with package-lock.json"
else
  log "npm packages: npm ci"
  npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed"
  printf '%s\n' "$want_stamp" > "$stamp_file"
fi
# (wasm-opt from npm is a node wrapper: about a second per call, so ask it once.)
wasm_opt_version="$(node_modules/.bin/wasm-opt --version 2>&1 | head -n1 || true)"
case "$wasm_opt_version" in
  *"(version_${binaryen_major})"*) ;;
  *) die "node_modules/.bin/wasm-opt does not report version_${binaryen_major} (got: '$wasm_opt_version'); trunk needs it (Trunk.toml [tools] wasm_opt)" ;;
esac

# ---------------------------------------------------------------- go (fetches the public corpus)
[ -x /usr/local/go/bin/go ] && PATH="/usr/local/go/bin:$PATH"
if have go; then
  log "go: present ($(go version 2>/dev/null | cut -d' ' -f3))"
else
  log "go: installing golang-go with apt (scripts/fetch-corpus.sh fetches the corpus as Go modules)"
  have apt-get || die "go missing and apt-get is not available: install Go (https://go.dev/dl) yourself"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    have sudo || die "go missing; need root or sudo to apt-get install golang-go"
    SUDO=sudo
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends golang-go \
    || die "apt-get install golang-go failed"
fi

# ---------------------------------------------------------------- chromium (e2e) + chromedriver
if have chromium && have chromedriver; then
  log "chromium + chromedriver: present"
else
  log "chromium + chromedriver: installing with apt"
  have apt-get || die "chromium/chromedriver missing and apt-get is not available: install Chromium at /usr/bin/chromium yourself"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    have sudo || die "chromium/chromedriver missing; need root or sudo to apt-get install chromium chromium-driver"
    SUDO="sudo"
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver \
    || die "apt-get install chromium chromium-driver failed"
fi
[ -x /usr/bin/chromium ] || log "warning: /usr/bin/chromium not found; the e2e tests launch that path (set CHROMIUM_PATH to override)"

log "ready in $((SECONDS - start))s: $(trunk --version), $(wasm-bindgen --version), $wasm_opt_version, node $(node --version), $(chromium --version 2>/dev/null | head -n1)"
