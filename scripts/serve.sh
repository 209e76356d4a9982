#!/usr/bin/env bash
# Builds the playground (release) and serves it on http://127.0.0.1:8080/, rebuilding on changes.
# Installs what is missing first (scripts/setup.sh).
#
#   scripts/serve.sh                 PORT=9000 scripts/serve.sh       scripts/serve.sh --no-autoreload
# Extra arguments go to `trunk serve`. The development build (with trunk's live-reload client) goes
# to target/serve-dist, never to dist/: build the site for hosting with scripts/build-site.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash "$ROOT/scripts/setup.sh"

# trunk finds wasm-opt (npm binaryen) and wasm-bindgen (cargo install) on PATH.
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

PORT="${PORT:-8080}"
echo
echo "Service Playground: building, then serving at  http://127.0.0.1:${PORT}/   (Ctrl-C to stop)"
echo
exec trunk serve --release --offline --dist "$ROOT/target/serve-dist" --address 127.0.0.1 --port "$PORT" "$@"
