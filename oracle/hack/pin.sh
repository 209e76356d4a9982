#!/usr/bin/env bash
# Pins k8s.io/kubernetes v$1 in the Go module of the current directory, with one replace line per
# staging module (k8s.io/* required at v0.0.0 by that tag's go.mod) set to the matching v0.N.P.
# Usage (from oracle/core, or oracle/core134 with 1.34.4): ../hack/pin.sh 1.37.2
set -euo pipefail
V="${1:?usage: pin.sh 1.N.P}"
S="v0.${V#1.}"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod
tmp=$(mktemp -d)
modfile=$(cd "$tmp" && go mod download -json "k8s.io/kubernetes@v$V" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
rm -rf "$tmp"
[ -f "$modfile" ] || { echo "pin.sh: cannot download k8s.io/kubernetes@v$V" >&2; exit 1; }
go mod edit -require="k8s.io/kubernetes@v$V"
# Drop replaces of an earlier pin, then add this tag's set.
for m in $(go mod edit -json | sed -n 's/.*"Path": "\(k8s\.io\/[^"]*\)".*/\1/p' | sort -u); do
  go mod edit -dropreplace="$m" 2>/dev/null || true
done
for m in $(awk '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" {print $1}' "$modfile" | sort -u); do
  go mod edit -replace="$m=$m@$S"
done
echo "pinned k8s.io/kubernetes v$V, staging modules at $S"
