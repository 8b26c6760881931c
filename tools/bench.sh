#!/usr/bin/env bash
# Prints the size of what ships (raw and gzip) and how long the crate takes to
# load in each build, measured in Node on this machine. Build first (./build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=dist/chromium/pkg/content
[ -f "$pkg/clientfill_content_bg.wasm" ] || { echo "run ./build.sh first" >&2; exit 1; }

size() {
  printf '%-34s %8d bytes raw %8d bytes gzip\n' "$1" "$(wc -c <"$2")" "$(gzip -9c "$2" | wc -c)"
}
echo "Shipped sizes"
size "content: WebAssembly build" "$pkg/clientfill_content_bg.wasm"
size "content: JavaScript build" "$pkg/clientfill_content_bg.wasm.js"
size "content: wasm-bindgen glue" "$pkg/clientfill_content_bg.js"
size "pages: WebAssembly build" "dist/chromium/pkg/app/clientfill_app_bg.wasm"
total=$(find dist/chromium -type f ! -name '*.png' -print0 | xargs -0 cat | wc -c)
printf '%-34s %8d bytes\n' "extension total (no icons)" "$total"
echo
echo "Load time (import + instantiate, median of 15 fresh processes)"
node tools/bench-load.mjs "$pkg"
