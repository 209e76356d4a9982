#!/usr/bin/env bash
# The wasm's size by kind of code, for bench/SIZE.md: builds the app's wasm with cargo (release
# profile), runs wasm-bindgen and wasm-opt as trunk does (-Oz --converge, index.html), prints the
# gzip -9 size of that, then the raw bytes per group of a names-kept copy (wasm-bindgen
# --keep-debug, wasm-opt -Oz -g; twiggy top) and the largest functions. Needs twiggy
# (`cargo install twiggy`) and node_modules (wasm-opt). Informational: asserts nothing.
#
#   scripts/size-breakdown.sh [OUT_DIR]      (default: target/size-breakdown)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$(realpath -m "${1:-target/size-breakdown}")"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
command -v twiggy >/dev/null || { echo "size-breakdown: needs twiggy (cargo install twiggy)" >&2; exit 1; }
CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}" cargo build -q --release --target wasm32-unknown-unknown --bin service-playground
W=target/wasm32-unknown-unknown/release/service-playground.wasm
rm -rf "$OUT"; mkdir -p "$OUT"
FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals)
wasm-bindgen --target web --no-typescript --out-dir "$OUT/rel" "$W"
wasm-bindgen --target web --no-typescript --keep-debug --out-dir "$OUT/names" "$W"
wasm-opt -Oz --converge "${FEATURES[@]}" "$OUT/rel/service-playground_bg.wasm" -o "$OUT/release.wasm"
wasm-opt -Oz -g "${FEATURES[@]}" "$OUT/names/service-playground_bg.wasm" -o "$OUT/names.wasm"
raw=$(wc -c < "$OUT/release.wasm"); gz=$(gzip -9 -c "$OUT/release.wasm" | wc -c)
awk -v r="$raw" -v g="$gz" 'BEGIN { printf "release-like wasm: %.1f KB raw, %.1f KB gzip -9\n\n", r / 1024, g / 1024 }'
twiggy top -n 1000000 -f csv "$OUT/names.wasm" > "$OUT/top.csv"
python3 - "$OUT/top.csv" <<'PY'
import csv, re, sys
# Each item counts in the first group its name matches.
GROUPS = [
    ("names section (not shipped)", r'subsection|custom section|producers'),
    ("engine::pipeline::Analyzer::step (the stages, inlined)", r'Analyzer::step'),
    ("traffic diagram (components::diagram, present::diagram)", r'components::diagram|present::diagram'),
    ("Yew component views (+ components::*)", r'Stateful>::view|service_playground::components'),
    ("std sort monomorphisations", r'slice::sort::|driftsort|bulk_build_from_sorted'),
    ("YAML: libyaml-rs, engine::yaml, yaml_serde/serde", r'libyaml|engine::yaml|yaml_serde|serde'),
    ("core::fmt, float and number formatting/parsing", r'core::fmt|fmt::|flt2dec|dec2flt|FromStr|Formatter'),
    ("other engine", r'^engine::|<engine::'),
    ("yew / wasm-bindgen / web-sys / gloo runtime", r'yew|wasm_bindgen|web_sys|js_sys|gloo|__wbg|wbindgen'),
    ("app, other", r'service_playground'),
    ("BTree / alloc / iterator / drop generics", r'btree|BTree|alloc::|drop_in_place|core::iter|Iterator|hashbrown|vec::'),
    ("data (.rodata: messages, examples, tables)", r'data segment'),
]
tot, items = {}, []
for r in csv.DictReader(open(sys.argv[1])):
    name, b = r['Name'], int(r['ShallowSize'])
    if name.startswith(('Σ', '...')):
        continue
    g = next((g for g, p in GROUPS if re.search(p, name)), 'rest')
    tot[g] = tot.get(g, 0) + b
    if g != GROUPS[0][0]:
        items.append((b, name))
for g in [g for g, _ in GROUPS] + ['rest']:
    print(f"{tot.get(g, 0) / 1024:8.1f} KB  {g}")
print(f"{sum(b for b, _ in items) / 1024:8.1f} KB  total (without names)\n\nlargest items:")
for b, name in sorted(items, reverse=True)[:15]:
    print(f"{b / 1024:8.1f} KB  {re.sub(r'::h[0-9a-f]{16}$', '', name)[:120]}")
PY
