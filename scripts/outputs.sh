#!/usr/bin/env bash
# Writes what `svcplay` prints for every example, fixture, corpus dump, generated benchmark input
# and a few hundred deterministic mutations of them into DIR, one file per input and command, so
# two builds can be compared byte for byte (`diff -r`). Not a test: it asserts nothing.
#
#   scripts/outputs.sh DIR            # e.g. before and after a change to the reader, then diff -r
#   SVCPLAY=/path/to/old/svcplay scripts/outputs.sh DIR   # another build, on the same inputs
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "${1:?usage: scripts/outputs.sh DIR}" && cd "$1" && pwd)"
cd "$ROOT"
if [ -n "${SVCPLAY:-}" ]; then
  BIN="$(cd "$(dirname "$SVCPLAY")" && pwd)/$(basename "$SVCPLAY")"
else
  CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}" cargo build --release -q -p svcplay
  BIN="$ROOT/target/release/svcplay"
fi
mkdir -p "$OUT"
INPUTS="$(mktemp -d)"
trap 'rm -rf "$INPUTS"' EXIT
python3 bench/gen-dump.py 3 > "$INPUTS/dump-3mb.yaml"
python3 bench/gen-manifest.py pods 200 > "$INPUTS/pods-200.yaml"
python3 bench/gen-dump.py 2 --managed-fields --seed 3 > "$INPUTS/dump-2mb-managed.yaml"
# Mutations: deletions and insertions of YAML-significant pieces, from a fixed seed.
python3 - "$INPUTS" examples crates/engine/tests/fixtures crates/engine/tests/data crates/engine/tests/corpus/live <<'PY'
import os, random, sys
out, roots = sys.argv[1], sys.argv[2:]
files = sorted(os.path.join(d, f) for r in roots for d, _, fs in os.walk(r) for f in fs if f.endswith('.yaml'))
pieces = ['\n', ' ', '  ', ':', '- ', '-', '{}', '[]', '"', "'", '#', '|', '|-', '\n  ', 'x: ', '  - a\n', '\n\n',
          'é', '~', '0x1F', 'null', 'yes', '\t', '---\n', '&a ', '*a', '>', '\\', ' # c']
rng = random.Random(12)
for n in range(600):
    text = open(rng.choice(files), encoding='utf-8').read()
    for _ in range(1 + rng.randrange(4)):
        at = rng.randrange(len(text) + 1)
        if rng.randrange(2):
            text = text[:at] + text[at + rng.randrange(8):]
        else:
            text = text[:at] + rng.choice(pieces) + text[at:]
    open(os.path.join(out, f'mutant-{n:03}.yaml'), 'w', encoding='utf-8').write(text)
PY
{
  find examples crates/engine/tests/fixtures crates/engine/tests/corpus crates/engine/tests/data -name '*.yaml' | sort
  (cd "$INPUTS" && find . -name '*.yaml' | sort)
} | while read -r f; do
  name="$(echo "${f#./}" | tr '/' '_')"
  dir="$ROOT"
  case "$f" in ./*) dir="$INPUTS" ;; esac
  (
    cd "$dir"
    "$BIN" check --format json "$f" > "$OUT/$name.check.json" 2>&1 || echo "exit $?" >> "$OUT/$name.check.json"
    "$BIN" check "$f" > "$OUT/$name.check.txt" 2>&1 || echo "exit $?" >> "$OUT/$name.check.txt"
    "$BIN" select -l 'app' --format json "$f" > "$OUT/$name.select.json" 2>&1 || echo "exit $?" >> "$OUT/$name.select.json"
  )
done
echo "outputs.sh: $(ls "$OUT" | wc -l) files in $OUT"
