#!/usr/bin/env bash
# A copy of a release build for profiling (bench/profile-keys.mjs): the same wasm with its function
# names kept (wasm-bindgen --keep-debug, wasm-opt -Oz -g, from the release build's
# target/wasm32-unknown-unknown/release/service-playground.wasm) and the editor bundle not minified,
# so a CPU profile names Rust functions and CodeMirror's. Integrity attributes are dropped (the
# files differ from the ones index.html was built with). Not for hosting.
#
#   bench/profile-dist.sh [DIST [OUT]]      (defaults: dist, target/profile-dist)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DIST="$(realpath "${1:-dist}")"
OUT="$(realpath -m "${2:-target/profile-dist}")"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
WASM="${CARGO_TARGET_DIR:-$ROOT/target}/wasm32-unknown-unknown/release/service-playground.wasm"
[ -f "$WASM" ] || { echo "profile-dist: no $WASM (build the release site first)" >&2; exit 1; }

rm -rf "$OUT"
cp -a "$DIST" "$OUT"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target web --no-typescript --keep-debug --out-dir "$tmp" --out-name service-playground "$WASM"
bg="$(basename "$(ls "$OUT"/*_bg.wasm)")"
# The glue and the inline-JS snippets of this wasm (trunk names the glue after a hash; the module
# name it imports, ./service-playground_bg.js, is the same).
cp "$tmp/service-playground.js" "$OUT/${bg%_bg.wasm}.js"
rm -rf "$OUT/snippets" && cp -a "$tmp/snippets" "$OUT/snippets"
wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  -o "$OUT/$bg" "$tmp/service-playground_bg.wasm"
ed="$(basename "$(ls "$OUT"/editor-*.js)")"
esbuild editor/main.js --bundle --format=esm --target=es2020 --legal-comments=none --log-level=warning \
  --outfile="$OUT/$ed" --allow-overwrite
sed -i 's/ integrity="[^"]*"//g' "$OUT/index.html"
echo "profile-dist: $OUT (wasm with names, editor not minified)"
