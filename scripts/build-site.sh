#!/usr/bin/env bash
# Builds the static site for hosting: a release build (no development live-reload client) into
# DIST (default dist/), then checks it can be hosted anywhere:
#   - every asset URL in index.html is relative (Trunk.toml `public_url = "./"`), so the folder
#     works at /, at /playground/, on a GitHub Pages project site or inside a docs site;
#   - no trunk live-reload script (`trunk serve` injects one; this never runs `trunk serve`);
#   - embed.js (the docs embed kit, README "Embedding in documentation") is there;
#   - the prerendered first view is in index.html (scripts/prerender.mjs, trunk's post_build hook):
#     a hosted site without it is a correct page but its first paint waits for the wasm, so this
#     build fails loudly instead of shipping that by accident (PRERENDER=0 builds without it on
#     purpose).
# Then prints the sizes (scripts/size-report.sh). Installs what is missing first (scripts/setup.sh)
# unless SKIP_SETUP=1.
#
#   scripts/build-site.sh [DIST [EXTRA TRUNK ARGS...]]      (e.g. --locked)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DIST="$(realpath -m "${1:-$ROOT/dist}")"
shift || true

[ "${SKIP_SETUP:-}" = 1 ] || bash "$ROOT/scripts/setup.sh"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

trunk build --release --offline --public-url ./ --dist "$DIST" "$@"

fail() { echo "build-site: $1" >&2; exit 1; }
index="$DIST/index.html"
[ -f "$index" ] || fail "no index.html in $DIST"
compgen -G "$DIST/*.wasm" >/dev/null || fail "no .wasm in $DIST"
# src="/…" or href="/…" (an absolute path) breaks hosting under a sub-path; "//host" too.
if grep -Eo '(src|href)="/[^"]*"' "$index"; then
  fail "index.html refers to assets by absolute path (above): set public_url = \"./\" in Trunk.toml"
fi
if grep -Eq "from '/|import\('/" "$index"; then
  fail "index.html imports a module by absolute path"
fi
if grep -q '.well-known/trunk/ws' "$index"; then
  fail "index.html carries trunk's live-reload client: this is a \`trunk serve\` build, not a release build"
fi

[ -f "$DIST/embed.js" ] || fail "embed.js (the docs embed kit) is missing from $DIST"
if [ "${PRERENDER:-}" != 0 ] && ! grep -q 'id="sp-prerender"' "$index"; then
  fail "index.html has no prerendered first view: scripts/prerender.mjs could not run (its message is above; it needs Chromium, which scripts/setup.sh installs). PRERENDER=0 builds without it."
fi

echo "build-site: $DIST is ready to copy to any static host (relative URLs, no live reload)"
bash "$ROOT/scripts/size-report.sh" "$DIST"
