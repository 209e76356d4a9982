#!/usr/bin/env bash
# fetch-corpus.sh — make the public manifest corpus available for tests, without copying it.
#
# Mechanism
#   The corpus (crates/engine/tests/corpus/public.tsv) lists files that live in other projects'
#   repositories: Kubernetes, Istio, Argo CD, ingress-nginx, Knative, ... We never commit those
#   files. Each of these projects is also a Go module, and the Go module proxy serves every tagged
#   version (or pseudo-version) of a module as a zip of the repository's tree at that commit (minus
#   subtrees that carry their own go.mod). So the Go toolchain is our dependency manager for them:
#
#     go mod download -json MODULE@VERSION
#
#   downloads the zip once, checks it against the checksum database (GOSUMDB) and extracts it into a
#   module cache; the TSV's `module_sum` column (the module's `h1:` hash, as in a go.sum) is compared
#   with the hash the go command reports, so the bytes are pinned even with GOSUMDB=off. Nothing
#   is built or run; the go command only fetches and unpacks.
#
#   The module cache is ours alone: target/corpus/gomod (gitignored, under target/ so `cargo clean`
#   removes it; -modcacherw keeps it deletable). Override with SVCPLAY_CORPUS_DIR (the whole output
#   directory) or SVCPLAY_CORPUS_GOMODCACHE (the module cache only, e.g. to share ~/go/pkg/mod).
#   About 750 MB on disk (the zips plus the unpacked trees). SVCPLAY_CORPUS_TSV reads another list.
#
# Output
#   stdout:                       the absolute path of each corpus file, one a line, in TSV order
#   $SVCPLAY_CORPUS_DIR/paths.tsv `id<TAB>absolute path`, one line per TSV row, same order
#                                 (default target/corpus/paths.tsv; written only when all succeed)
#   stderr:                       progress and errors
#
# Exit status: 0 all files present; 1 a download failed, a hash differs or a listed file is
#   missing, empty or a template (nothing is skipped silently); 2 `go` missing or a bad TSV.
#
# Needs: `go` (any recent release; GOTOOLCHAIN=local is forced, no toolchain is downloaded) and
#   network access to the Go module proxy on a cold cache. A warm run makes no network request
#   except what `go mod download` itself does for a cached version (none).
#
# Usage: scripts/fetch-corpus.sh            # fetch (if needed) and print the paths
#        scripts/fetch-corpus.sh --quiet    # fetch, write paths.tsv, print nothing on stdout
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TSV="${SVCPLAY_CORPUS_TSV:-$ROOT/crates/engine/tests/corpus/public.tsv}"
OUT="${SVCPLAY_CORPUS_DIR:-$ROOT/target/corpus}"
QUIET=0
for arg in "$@"; do
  case "$arg" in
    --quiet) QUIET=1 ;;
    -h|--help) sed -n '2,40p' "$0"; exit 0 ;;
    *) echo "fetch-corpus: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

if ! command -v go >/dev/null 2>&1; then
  echo "fetch-corpus: error: the 'go' command is not on PATH." >&2
  echo "  The public corpus is fetched as Go modules through the Go module proxy; install Go" >&2
  echo "  (e.g. 'apt-get install golang-go', or a release in /usr/local/go/bin) and run again." >&2
  exit 2
fi
[ -r "$TSV" ] || { echo "fetch-corpus: error: cannot read $TSV" >&2; exit 2; }

mkdir -p "$OUT"
export GOMODCACHE="${SVCPLAY_CORPUS_GOMODCACHE:-$OUT/gomod}"
export GOTOOLCHAIN=local GOWORK=off GO111MODULE=on
export GOFLAGS="-mod=mod -modcacherw"
# Run where no go.mod applies: module queries here must not touch any project's module graph.
cd "$OUT"

# Distinct MODULE@VERSION with the expected hash, from the TSV (header: id module version path
# repository commit license module_sum note).
header="$(head -n1 "$TSV")"
if [ "$header" != "$(printf 'id\tmodule\tversion\tpath\trepository\tcommit\tlicense\tmodule_sum\tnote')" ]; then
  echo "fetch-corpus: error: unexpected header in $TSV" >&2; exit 2
fi
declare -A want_sum=()
modules=()
while IFS=$'\t' read -r id module version path repo commit license sum note; do
  [ -n "$id" ] || continue
  if [ -z "$module" ] || [ -z "$version" ] || [ -z "$path" ] || [ -z "$sum" ]; then
    echo "fetch-corpus: error: incomplete row '$id' in $TSV" >&2; exit 2
  fi
  key="$module@$version"
  if [ -z "${want_sum[$key]+x}" ]; then
    want_sum[$key]="$sum"; modules+=("$key")
  elif [ "${want_sum[$key]}" != "$sum" ]; then
    echo "fetch-corpus: error: rows for $key disagree on module_sum" >&2; exit 2
  fi
done < <(tail -n +2 "$TSV")

echo "fetch-corpus: ${#modules[@]} modules into $GOMODCACHE" >&2
# One invocation: the go command downloads in parallel and prints one JSON object per module.
set +e
json="$(go mod download -json "${modules[@]}" 2>"$OUT/go-download.err")"
status=$?
set -e
# The objects are pretty-printed, one field a line; keep Path, Version, Dir, Sum, Error.
declare -A dir_of=() sum_of=() err_of=()
cur=""
while IFS= read -r line; do
  case "$line" in
    $'\t"Path": '*)    p="${line#*: \"}"; p="${p%\",}"; cur="$p" ;;
    $'\t"Version": '*) v="${line#*: \"}"; v="${v%\",}"; cur="$cur@$v" ;;
    $'\t"Dir": '*)     d="${line#*: \"}"; d="${d%\",}"; dir_of[$cur]="$d" ;;
    $'\t"Sum": '*)     s="${line#*: \"}"; s="${s%\",}"; s="${s%\"}"; sum_of[$cur]="$s" ;;
    $'\t"Error": '*)   e="${line#*: \"}"; e="${e%\",}"; e="${e%\"}"; err_of[$cur]="$e" ;;
  esac
done <<< "$json"

failed=0
for key in "${modules[@]}"; do
  if [ -n "${err_of[$key]:-}" ]; then
    echo "fetch-corpus: error: download of $key failed: ${err_of[$key]}" >&2; failed=1
  elif [ -z "${dir_of[$key]:-}" ] || [ ! -d "${dir_of[$key]}" ]; then
    echo "fetch-corpus: error: go mod download gave no directory for $key" >&2; failed=1
  elif [ "${sum_of[$key]:-}" != "${want_sum[$key]}" ]; then
    echo "fetch-corpus: error: $key has hash ${sum_of[$key]:-<none>}, public.tsv pins ${want_sum[$key]}" >&2
    failed=1
  fi
done
if [ "$failed" -ne 0 ] || [ "$status" -ne 0 ]; then
  [ -s "$OUT/go-download.err" ] && sed 's/^/  go: /' "$OUT/go-download.err" >&2
  if [ "$status" -ne 0 ]; then
    echo "fetch-corpus: error: could not fetch the corpus (go mod download exited $status)." >&2
    echo "  If the checksum database is unreachable but the module proxy is not, retry with" >&2
    echo "  GOSUMDB=off: the module_sum column still pins every module's content." >&2
  else
    echo "fetch-corpus: error: the downloaded modules do not match public.tsv." >&2
  fi
  exit 1
fi

tmp="$OUT/paths.tsv.tmp"
: > "$tmp"
paths=()
while IFS=$'\t' read -r id module version path repo commit license sum note; do
  [ -n "$id" ] || continue
  file="${dir_of[$module@$version]}/$path"
  if [ ! -f "$file" ]; then
    echo "fetch-corpus: error: $id: $path is not in $module@$version" >&2; failed=1; continue
  fi
  if [ ! -s "$file" ]; then
    echo "fetch-corpus: error: $id: $file is empty" >&2; failed=1; continue
  fi
  if grep -q '{{' "$file"; then
    echo "fetch-corpus: error: $id: $file contains '{{' (a template, not plain YAML)" >&2; failed=1; continue
  fi
  printf '%s\t%s\n' "$id" "$file" >> "$tmp"
  paths+=("$file")
done < <(tail -n +2 "$TSV")
if [ "$failed" -ne 0 ]; then rm -f "$tmp"; exit 1; fi
mv "$tmp" "$OUT/paths.tsv"
echo "fetch-corpus: ${#paths[@]} files; list in $OUT/paths.tsv" >&2
if [ "$QUIET" -eq 0 ]; then printf '%s\n' "${paths[@]}"; fi
