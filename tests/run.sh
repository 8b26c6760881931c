#!/usr/bin/env bash
# Runs every test: lints, native Rust tests, the glue in headless Chromium,
# the JavaScript build, web-ext lint, and the end-to-end scenarios in Chromium
# and Firefox against the portal fixtures. Installs what it needs when missing
# (browsers from apt, geckodriver with cargo, npm packages from the lock
# file) and builds the extension first.
#
# BROWSERS=chromium (or firefox) narrows the end-to-end run to one browser.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

log() { printf '\n==> %s\n' "$*" >&2; }

ensure_apt() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  command -v openssl >/dev/null || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ensure_geckodriver() {
  if ! command -v geckodriver >/dev/null && [ ! -x "$HOME/.cargo/bin/geckodriver" ]; then
    log "installing geckodriver (a few minutes, once)"
    cargo install geckodriver
  fi
}

ensure_apt
ensure_geckodriver
./build.sh
if [ ! -f tests/node_modules/.installed ] || [ tests/package-lock.json -nt tests/node_modules/.installed ]; then
  log "installing test packages"
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
  touch tests/node_modules/.installed
fi

log "rustfmt and clippy"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy --workspace --target wasm32-unknown-unknown --all-targets -- -D warnings

log "native tests"
cargo test --workspace

# Bounded: a short run each time finds what the replayed corpus misses.
log "fuzzing each target for ${FUZZ_SECONDS:=20} s"
crate/core/fuzz/run.sh "$FUZZ_SECONDS"

log "glue tests in headless Chromium (wasm-bindgen-test)"
CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver)} \
  cargo test -p clientfill-content --target wasm32-unknown-unknown --tests

log "web-ext lint (Firefox build)"
tests/node_modules/.bin/web-ext lint --source-dir dist/firefox --self-hosted --output text

log "portal fixtures behave like the portals (no extension)"
node tests/fixtures/selftest.mjs

log "end-to-end scenarios (both builds of the content script)"
node --test --test-concurrency=1 tests/e2e/*.test.mjs
