#!/usr/bin/env bash
# Builds the unpacked extension into dist/chromium and dist/firefox.
#
# Installs what the build needs when it is missing: the wasm32 Rust target,
# the wasm-bindgen CLI matching Cargo.lock, and the pinned npm tools in tools/
# (binaryen's wasm-opt and wasm2js, esbuild). Debian's own wasm-opt is never
# used: its binaryen is too old for current wasm-bindgen output.
#
# The crate is compiled once; the same optimized .wasm ships as the
# WebAssembly build and, through wasm2js, as the JavaScript build that content
# scripts fall back to where a page's CSP refuses WebAssembly.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
work=$root/build
crate=clientfill
features=(--enable-bulk-memory --enable-bulk-memory-opt --enable-sign-ext
  --enable-nontrapping-float-to-int --enable-mutable-globals)

log() { printf '==> %s\n' "$*" >&2; }

ensure_rust_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
  [ -n "$want" ] || { echo "wasm-bindgen is not in Cargo.lock" >&2; exit 1; }
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
    log "installing wasm-bindgen-cli $want (a few minutes, once)"
    # Not --locked: a pinned transitive version is missing from some mirrors.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_node() {
  if ! command -v npm >/dev/null; then
    log "installing Node.js"
    apt-get update -qq && apt-get install -y -qq nodejs npm
  fi
}

# npm ci only when the lock file changed since the last install.
ensure_npm_dir() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.installed" ] ||
    [ "$dir/package-lock.json" -nt "$dir/node_modules/.installed" ]; then
    log "installing npm packages in ${dir#"$root"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$dir/node_modules/.installed"
  fi
}

build_wasm() {
  log "compiling the crate"
  # One wasm serves both builds, and wasm2js only understands the MVP feature set.
  RUSTFLAGS="-C target-cpu=mvp" cargo build --release --target wasm32-unknown-unknown -p "$crate"
  local wasm=$root/target/wasm32-unknown-unknown/release/$crate.wasm
  local stamp
  stamp=$(cat "$wasm" crate/js/*.js tools/package-lock.json | sha256sum | cut -d' ' -f1)
  if [ -f "$work/stamp" ] && [ "$(cat "$work/stamp")" = "$stamp" ] && [ -f "$work/pkg/${crate}_bg.wasm.js" ]; then
    log "wasm unchanged, post-processing skipped"
    return
  fi
  rm -rf "$work/pkg"
  mkdir -p "$work/pkg"
  wasm-bindgen --target bundler --out-dir "$work/bindgen" --out-name "$crate" "$wasm"
  cp "$work/bindgen/${crate}_bg.js" "$work/pkg/"
  cp -r "$work/bindgen/snippets" "$work/pkg/"
  log "optimizing"
  tools/node_modules/.bin/wasm-opt -Oz "${features[@]}" \
    "$work/bindgen/${crate}_bg.wasm" -o "$work/pkg/${crate}_bg.wasm"
  log "compiling the JavaScript build (wasm2js)"
  tools/node_modules/.bin/wasm2js -Oz "${features[@]}" \
    "$work/pkg/${crate}_bg.wasm" -o "$work/wasm2js.js"
  python3 tools/patch_wasm2js.py "$work/wasm2js.js"
  tools/node_modules/.bin/esbuild "$work/wasm2js.js" --minify --format=esm \
    --log-level=warning --outfile="$work/pkg/${crate}_bg.wasm.js"
  echo "$stamp" >"$work/stamp"
}

assemble() {
  local browser=$1 out=$root/dist/$1
  rm -rf "$out"
  mkdir -p "$out"
  cp -r extension/. "$out/"
  cp -r "$work/pkg" "$out/pkg"
  python3 tools/manifest.py "$browser" manifest.json "$out/manifest.json"
}

ensure_rust_target
ensure_wasm_bindgen
ensure_node
ensure_npm_dir "$root/tools"
build_wasm
assemble chromium
assemble firefox
log "built dist/chromium and dist/firefox"
