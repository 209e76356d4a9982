#!/usr/bin/env bash
# Prepares a build of a Go module that adds project files to upstream k8s.io/kubernetes packages.
#
# Go refuses -overlay replacements beneath GOMODCACHE (cmd/go/internal/work/init.go), so the
# pinned k8s.io/kubernetes module is mirrored as a tree of symlinks into the module cache under
# oracle/.build/ (build output, not committed; nothing is copied), a build-time go.mod
# (-modfile) replaces k8s.io/kubernetes with that mirror, and overlay.json adds each project file
# under oracle/overlay/<dir>/ (or overlay/<dir>/<minor>/ for a release whose unexported
# signatures differ) to the package it names.
#
# Usage: overlay.sh MODULE_DIR   -> prints the flags for `go build`: -modfile=... -overlay=...
set -euo pipefail
mod="$(cd "$1" && pwd)"
here="$(cd "$(dirname "$0")/.." && pwd)"
build="$here/.build/$(basename "$mod")"
mkdir -p "$build"
cd "$mod"
kver=$(go list -m -f '{{.Version}}' k8s.io/kubernetes)
kdir=$(go list -m -f '{{.Dir}}' k8s.io/kubernetes)
if [ -z "$kdir" ] || [ ! -d "$kdir" ]; then
  go mod download k8s.io/kubernetes >&2
  kdir=$(go list -m -f '{{.Dir}}' k8s.io/kubernetes)
fi
mirror="$here/.build/kubernetes@$kver"
if [ ! -f "$mirror/.complete" ]; then
  rm -rf "$mirror"
  cp -rs "$kdir" "$mirror"
  chmod -R u+w "$mirror"
  touch "$mirror/.complete"
fi
cp go.mod "$build/go.mod"
cp go.sum "$build/go.sum"
go mod edit -modfile="$build/go.mod" -replace="k8s.io/kubernetes=$mirror"
declare -A pkg=(
  [svcstorage]=pkg/registry/core/service/storage
  [endpoint]=pkg/controller/endpoint
  [endpointslice]=pkg/controller/endpointslice
  [mirroring]=pkg/controller/endpointslicemirroring
  [iptables]=pkg/proxy/iptables
)
{
  echo '{"Replace": {'
  sep=""
  minor=$(echo "$kver" | sed -E 's/^v([0-9]+\.[0-9]+)\..*/\1/')
  for d in "${!pkg[@]}"; do
    src="$here/overlay/$d"
    # A release whose unexported signatures differ gets its own variant: overlay/<dir>/<minor>/.
    [ -d "$src/$minor" ] && src="$src/$minor"
    for f in "$src"/*.go; do
      printf '%s\n  "%s": "%s"' "$sep" "$mirror/${pkg[$d]}/$(basename "$f")" "$f"
      sep=","
    done
  done
  echo; echo '}}'
} > "$build/overlay.json"
echo "-modfile=$build/go.mod -overlay=$build/overlay.json"
