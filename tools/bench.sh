#!/usr/bin/env bash
# Prints the size of what ships (raw and gzip) and how long the crate takes to
# load in each build, measured in Node on this machine. Build first (./build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=dist/chromium/pkg
[ -f "$pkg/clientfill_bg.wasm" ] || { echo "run ./build.sh first" >&2; exit 1; }

size() {
  printf '%-34s %8d bytes raw %8d bytes gzip\n' "$1" "$(wc -c <"$2")" "$(gzip -9c "$2" | wc -c)"
}
echo "Shipped sizes"
size "WebAssembly build (.wasm)" "$pkg/clientfill_bg.wasm"
size "JavaScript build (wasm2js)" "$pkg/clientfill_bg.wasm.js"
size "wasm-bindgen glue" "$pkg/clientfill_bg.js"
total=$(cat dist/chromium/*.js dist/chromium/*.html dist/chromium/*.css "$pkg"/*.js "$pkg"/*.wasm | wc -c)
printf '%-34s %8d bytes\n' "extension total (no icons)" "$total"
echo
echo "Load time (import + instantiate, median of 15 fresh processes)"
node tools/bench-load.mjs "$pkg"
