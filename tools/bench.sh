#!/usr/bin/env bash
# Benchmarks the built extension (dist/chromium) against a minimal
# hand-written one (tools/baseline/) in headless Chromium on the portal
# fixtures, and prints one table: shipped sizes, the content .wasm by crate,
# content-script cold start, fill and popup latency, keystroke to name
# warning, and the cost on a busy page and on a page with 10,000 inputs.
# BENCHMARKS.md says what each figure means. About 12 minutes on 2 cores.
# Installs Chromium (apt) and twiggy (cargo) when they are missing.
#
# BENCH_RUNS=N runs per figure and subject (default 15); BENCH_BUSY_BURSTS=N
# bursts per busy run (default 10), BENCH_BUSY_MS=N ms per burst (default
# 250); CHROMIUM=/path.
set -euo pipefail
cd "$(dirname "$0")/.."

dist=dist/chromium
for f in manifest.json content.js loader.js pkg/content/legacy/glue.js pkg/content/legacy/clientfill_content_bg.wasm pkg/content/meta/clientfill_content_bg.wasm pkg/app/clientfill_app_bg.wasm; do
  if [ ! -f "$dist/$f" ]; then
    echo "bench: $dist/$f is missing: build the extension first with ./build.sh" >&2
    exit 1
  fi
done
if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "==> installing chromium" >&2
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "bench: no Chromium at ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium, or set CHROMIUM)" >&2
  exit 1
fi
# The content .wasm by crate is read with twiggy.
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v twiggy >/dev/null; then
  echo "==> installing twiggy (about a minute and a half, once)" >&2
  cargo install twiggy --version 0.8.0 --locked --quiet
fi
if [ ! -x tools/node_modules/.bin/wasm-opt ]; then
  echo "bench: tools/node_modules is missing: run ./build.sh first" >&2
  exit 1
fi
# playwright-core and the fixtures' packages, from the tests' lock file.
if [ ! -f tests/node_modules/.installed ] || [ tests/package-lock.json -nt tests/node_modules/.installed ]; then
  echo "==> installing test packages (tests/node_modules)" >&2
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
  touch tests/node_modules/.installed
fi
exec node tools/bench.mjs
