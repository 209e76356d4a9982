#!/usr/bin/env bash
# svcplay's command line, answered by the upstream oracles (after scripts/oracle.sh built them):
#
#   oracle-cli.sh check  [PATH...]
#   oracle-cli.sh select -l SELECTOR [PATH...]
#   oracle-cli.sh dns    NAME [A|AAAA|SRV|CNAME] [--from-namespace NS] [PATH...]
#   oracle-cli.sh trace  --from SOURCE --to IP:PORT [--protocol P] [PATH...]
#
# The engine (SVCPLAY, default target/release/svcplay) still supplies what upstream has no
# stand-alone equivalent for: the pods it simulates for workloads and its allocation picks (pin
# mode). A relative NAME is tried as NAME.NS.svc.cluster.local (NS from --from-namespace, default
# `default`); names with a dot are taken as fully qualified.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="$here/bin"
svcplay="${SVCPLAY:-$here/../target/release/svcplay}"
cmd="${1:?usage: oracle-cli.sh check|select|dns|trace ...}"; shift
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Split our flags from PATHs.
flags=(); paths=(); pos=(); ns=default
while [ $# -gt 0 ]; do
  case "$1" in
    -l|--selector|--from|--to|--protocol) flags+=("$1" "$2"); shift 2 ;;
    --from-namespace) ns="$2"; shift 2 ;;
    --format) shift 2 ;;
    *) if [ -e "$1" ] || [ "$1" = - ]; then paths+=("$1"); else pos+=("$1"); fi; shift ;;
  esac
done
[ ${#paths[@]} -gt 0 ] || { cat > "$tmp/stdin.yaml"; paths=("$tmp/stdin.yaml"); }
"$svcplay" check --format json "${paths[@]}" > "$tmp/engine.json" || [ $? -eq 1 ]
case "$cmd" in
  check)  exec "$bin/k8s-oracle" check --engine "$tmp/engine.json" "${paths[@]}" ;;
  select) exec "$bin/k8s-oracle" select "${flags[@]}" --engine "$tmp/engine.json" ;;
  trace)  "$bin/k8s-oracle" world --engine "$tmp/engine.json" > "$tmp/world.json"
          exec "$bin/k8s-oracle" trace "${flags[@]}" --world "$tmp/world.json" ;;
  dns)    name="${pos[0]:?dns needs a NAME}"; type="${pos[1]:-A}"
          case "$name" in *.*) ;; *) name="$name.$ns.svc.cluster.local" ;; esac
          "$bin/k8s-oracle" world --engine "$tmp/engine.json" > "$tmp/world.json"
          exec "$bin/dns-oracle" "$name" "$type" --world "$tmp/world.json" ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
