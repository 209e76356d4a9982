#!/usr/bin/env bash
# Prints the size of the release build in dist/ (raw, gzip -9, and brotli -q 11 when `brotli` is on
# PATH): the .wasm, its JS glue, any other .js (e.g. the editor bundle), the rest (HTML, CSS), and
# wasm + JS against the project's 450 KB gzip budget (the guide's "Wasm + JS: 450 KB gzip", issue 12).
# Informational only: never fails on size.
#
#   scripts/size-report.sh [DIST_DIR]      (default: dist)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${1:-$ROOT/dist}"
BUDGET_KB=450

if [ ! -d "$DIST" ] || ! compgen -G "$DIST/*.wasm" >/dev/null; then
  echo "size-report: no .wasm in $DIST: build first (trunk build --release, or scripts/test.sh)" >&2
  exit 1
fi

have_brotli=false
command -v brotli >/dev/null 2>&1 && have_brotli=true

raw_size()    { wc -c < "$1" | tr -d ' '; }
gzip_size()   { gzip -9 -c "$1" | wc -c | tr -d ' '; }
brotli_size() { brotli -q 11 -c "$1" | wc -c | tr -d ' '; }
kb()          { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }

total_raw=0 total_gz=0 total_br=0 code_gz=0

header() {
  if $have_brotli; then
    printf '%-12s %-60s %11s %11s %11s\n' "kind" "file" "raw" "gzip" "brotli"
  else
    printf '%-12s %-60s %11s %11s\n' "kind" "file" "raw" "gzip"
  fi
}
row() { # kind file
  local kind="$1" f="$2" raw gz br
  raw="$(raw_size "$f")"; gz="$(gzip_size "$f")"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  case "$kind" in wasm|"js glue"|js) code_gz=$((code_gz + gz)) ;; esac
  if $have_brotli; then
    br="$(brotli_size "$f")"; total_br=$((total_br + br))
    printf '%-12s %-60s %11s %11s %11s\n' "$kind" "${f#"$DIST"/}" "$(kb "$raw")" "$(kb "$gz")" "$(kb "$br")"
  else
    printf '%-12s %-60s %11s %11s\n' "$kind" "${f#"$DIST"/}" "$(kb "$raw")" "$(kb "$gz")"
  fi
}

echo "Size report for $DIST (gzip -9$($have_brotli && echo ', brotli -q 11' || echo '; brotli not installed'))"
header
declare -A seen=()
# The wasm module(s) and their wasm-bindgen glue (NAME_bg.wasm <-> NAME.js).
while IFS= read -r -d '' w; do
  row wasm "$w"; seen["$w"]=1
  glue="${w%_bg.wasm}.js"
  if [ "$glue" != "$w" ] && [ -f "$glue" ]; then row "js glue" "$glue"; seen["$glue"]=1; fi
done < <(find "$DIST" -type f -name '*.wasm' -print0 | sort -z)
# Any other JavaScript (editor bundle, snippets).
while IFS= read -r -d '' f; do
  [ -n "${seen[$f]:-}" ] && continue
  row js "$f"; seen["$f"]=1
done < <(find "$DIST" -type f \( -name '*.js' -o -name '*.mjs' \) -print0 | sort -z)
# Everything else that is shipped (HTML, CSS, images...).
while IFS= read -r -d '' f; do
  [ -n "${seen[$f]:-}" ] && continue
  row other "$f"
done < <(find "$DIST" -type f -print0 | sort -z)

echo
printf 'wasm + js:   %s gzip\n' "$(kb "$code_gz")"
if $have_brotli; then
  printf 'total dist:  %s raw, %s gzip, %s brotli\n' "$(kb "$total_raw")" "$(kb "$total_gz")" "$(kb "$total_br")"
else
  printf 'total dist:  %s raw, %s gzip\n' "$(kb "$total_raw")" "$(kb "$total_gz")"
fi
budget=$((BUDGET_KB * 1024))
pct=$(awk -v a="$code_gz" -v b="$budget" 'BEGIN { printf "%d", a * 100 / b }')
if [ "$code_gz" -le "$budget" ]; then
  echo "budget:      wasm + js $(kb "$code_gz") of ${BUDGET_KB} KB gzip (${pct}%): within budget"
else
  echo "budget:      wasm + js $(kb "$code_gz") of ${BUDGET_KB} KB gzip (${pct}%): OVER BUDGET by $(kb $((code_gz - budget))) (not a failure)"
fi
