#!/bin/sh
# Bundles the CodeMirror editor (editor/main.js + the versions pinned in package-lock.json) into one
# minified ES module, static/editor.js (gitignored), which index.html loads with
# <script data-trunk type="module" src="static/editor.js">. Run by trunk as a pre_build hook
# (Trunk.toml); runs offline from node_modules. The output is replaced only when its content
# changes, so `trunk serve` (which also ignores the file) does not rebuild in a loop.
set -eu

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
ESBUILD="$ROOT/node_modules/.bin/esbuild"
OUT="static/editor.js"

if [ ! -x "$ESBUILD" ] || [ ! -d node_modules/@codemirror/view ]; then
  echo "editor/build.sh: node_modules is missing esbuild or CodeMirror: run 'npm ci' (or scripts/setup.sh) at the repo root" >&2
  exit 1
fi

tmp="$(mktemp "${TMPDIR:-/tmp}/editor.js.XXXXXX")"
trap 'rm -f "$tmp"' EXIT

"$ESBUILD" editor/main.js --bundle --format=esm --minify --target=es2020 \
  --legal-comments=none --log-level=warning --outfile="$tmp" --allow-overwrite

if ! cmp -s "$tmp" "$OUT" 2>/dev/null; then
  chmod 644 "$tmp"
  mv "$tmp" "$OUT"
  echo "editor/build.sh: wrote $OUT ($(wc -c < "$OUT") bytes)"
fi
