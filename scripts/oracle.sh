#!/usr/bin/env bash
# Differential test of the engine against upstream Kubernetes and CoreDNS code (oracle/README.md).
#
# Builds svcplay (or uses $SVCPLAY) and the Go oracles, then runs the corpus (examples/*.yaml and
# crates/engine/tests/fixtures/**/*.yaml) plus ORACLE_CASES generated cases (default 1000, seed
# ORACLE_SEED, default 1). Last line: `oracle: A/N cases agree, E explained exceptions`; exits
# non-zero on any unexplained disagreement.
#
# Environment: SVCPLAY=/path/to/svcplay (skip the cargo build), ORACLE_CASES, ORACLE_SEED,
# ORACLE_OLD=0|1 (the 1.34 build that decides version-sensitive exceptions; default: built when
# exceptions.json has an `older_release_agrees` entry; without it they are taken as stated),
# ORACLE_REPORT=file (every disagreement as JSON lines), ORACLE_SAVE=dir (the failing cases),
# ORACLE_MAX_EXPLAINED=percent (default 1: more explained exceptions than that fail the run).
#
# Network: only the Go module proxy (GOPROXY, default https://proxy.golang.org, no `direct`
# fallback), and only for modules not yet in the module cache. go.sum pins every module the
# builds need (-mod=readonly: a missing entry is an error, never a silent addition), so the
# checksum database is not asked (GOSUMDB=off).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cases="${ORACLE_CASES:-1000}"
seed="${ORACLE_SEED:-1}"
n_corpus=$(ls examples/*.yaml 2>/dev/null | wc -l)
n_corpus=$((n_corpus + $(find crates/engine/tests/fixtures -name '*.yaml' | wc -l)))
n_total=$((n_corpus + cases))

if ! command -v go >/dev/null 2>&1; then
  echo "oracle: skipped: Go is not installed (the oracle needs Go 1.26+ and the Go module proxy; $n_total cases not run)"
  echo "oracle: 0/0 cases agree, 0 explained exceptions"
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "oracle: skipped: python3 is not installed ($n_total cases not run)"
  echo "oracle: 0/0 cases agree, 0 explained exceptions"
  exit 0
fi
export GOTOOLCHAIN=local GOFLAGS=-mod=readonly GOSUMDB=off
export GOPROXY="${GOPROXY:-https://proxy.golang.org}"

bin="$root/oracle/bin"
mkdir -p "$bin"
t0=$(date +%s)
if [ -z "${SVCPLAY:-}" ]; then
  echo "oracle: building svcplay (cargo build --release -p svcplay)"
  locked=()
  [ "${CI:-}" = "true" ] && locked=(--locked)
  cargo build --release -q "${locked[@]}" -p svcplay
  SVCPLAY="$root/target/release/svcplay"
fi
echo "oracle: building k8s-oracle (k8s.io/kubernetes, oracle/core)"
( cd oracle/core && go mod download && flags=$(../hack/overlay.sh .) && go build -trimpath -p 2 $flags -o "$bin/k8s-oracle" . )
# The 1.34 build only decides `older_release_agrees` exceptions: without one it is not needed.
old_default=0
grep -q '"older_release_agrees"' oracle/exceptions/exceptions.json && old_default=1
if [ "${ORACLE_OLD:-$old_default}" != 0 ]; then
  echo "oracle: building k8s-oracle-1.34 (k8s.io/kubernetes v1.34, oracle/core134: version-sensitive exceptions)"
  ( cd oracle/core134 && go mod download && flags=$(../hack/overlay.sh .) && go build -trimpath -p 2 $flags -o "$bin/k8s-oracle-1.34" . )
  old=(--k8s-oracle-old "$bin/k8s-oracle-1.34")
else
  old=()
fi
echo "oracle: building dns-oracle (coredns/coredns, oracle/dns)"
( cd oracle/dns && go mod download && go build -trimpath -p 2 -o "$bin/dns-oracle" . )
t1=$(date +%s)
echo "oracle: built in $((t1 - t0))s"

args=()
[ -n "${ORACLE_REPORT:-}" ] && args+=(--report "$ORACLE_REPORT")
[ -n "${ORACLE_SAVE:-}" ] && args+=(--save-cases "$ORACLE_SAVE")
mapfile -t corpus < <(ls examples/*.yaml; find crates/engine/tests/fixtures -name '*.yaml' | sort)
exec python3 oracle/harness/oracle.py --svcplay "$SVCPLAY" --k8s-oracle "$bin/k8s-oracle" --dns-oracle "$bin/dns-oracle" "${old[@]}" \
  --exceptions oracle/exceptions/exceptions.json --max-explained "${ORACLE_MAX_EXPLAINED:-1}" \
  --cases "$cases" --seed "$seed" "${args[@]}" --corpus "${corpus[@]}"
