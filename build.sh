#!/usr/bin/env bash
# Builds the unpacked extension into dist/chromium and dist/firefox.
#
# Installs what the build needs when it is missing: the wasm32 Rust target,
# the wasm-bindgen CLI matching Cargo.lock, and the pinned npm tools in tools/
# (binaryen's wasm-opt and wasm2js, esbuild). Debian's own wasm-opt is never
# used: its binaryen is too old for current wasm-bindgen output.
#
# Two builds ship, each with only its own glue: the content script
# (crate/content, the only code portal pages load) and the extension pages
# (crate/app: popup, options, background). The content build also ships as
# JavaScript, through wasm2js, for pages whose CSP refuses WebAssembly in
# content scripts; the extension pages never need that.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
work=$root/build
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

ensure_rust_src() {
  if ! rustup component list --installed | grep -q '^rust-src'; then
    log "adding the rust-src component (the content script's std is built from it)"
    rustup component add rust-src
  fi
}

# wasm2js only understands the MVP feature set.
MVP="-C target-cpu=mvp"
# The content script goes into every portal page: its std is rebuilt without
# panic messages, source locations or Debug formatting (immediate-abort), and
# with its smaller variants of sorting and formatting (optimize_for_size),
# which the stable toolchain offers only behind RUSTC_BOOTSTRAP. About 10 %
# of the .wasm; a separate target directory keeps the two sets of flags from
# rebuilding each other. Bulk memory, which wasm2js also understands, turns
# the memcpy and memset functions into single instructions (0.8 KB gzip).
CONTENT_FLAGS="$MVP -C target-feature=+bulk-memory -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
CONTENT_TARGET=$root/target/content
# The content script's wasm-opt passes: its control flow rebuilt first
# (flatten, rereloop), then optimized twice; about 1 % off both its builds.
CONTENT_PASSES="--flatten --rereloop -Oz -Oz"

# The content script is built once per portal family, each with only its
# family's portal modules (cargo features of crate/content): a portal page
# loads its own family's build, never the others' rules and texts. `login`
# is the providers' login error pages, with the doctor's banner and no
# portal. extension/loader.js maps each host pattern to its family.
FAMILIES=(login legacy meta github google discord)

compile() {
  log "compiling the crates"
  RUSTFLAGS="$MVP" cargo build --release --target wasm32-unknown-unknown -p clientfill-app
  mkdir -p "$CONTENT_TARGET/families"
  local family
  for family in "${FAMILIES[@]}"; do
    log "compiling the content script for $family"
    RUSTC_BOOTSTRAP=1 RUSTFLAGS="$CONTENT_FLAGS" CARGO_TARGET_DIR="$CONTENT_TARGET" \
      cargo build --release --target wasm32-unknown-unknown -p clientfill-content \
      --no-default-features --features "$family" \
      -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
    # Every family's build lands on the same path: kept aside before the next.
    cp "$CONTENT_TARGET/wasm32-unknown-unknown/release/clientfill_content.wasm" \
      "$CONTENT_TARGET/families/$family.wasm"
  done
}

# post_process NAME WASM DIR [js]: wasm-bindgen and wasm-opt into
# build/pkg/DIR/, plus the wasm2js build with `js`. Skipped when nothing that
# goes in changed.
post_process() {
  local name=$1 wasm=$2 dir=$3 js=${4:-}
  local out=$work/pkg/$dir stamp tag=${3//\//-}
  stamp=$(cat "$wasm" crate/web/js/*.js tools/package-lock.json tools/*.py build.sh | sha256sum | cut -d' ' -f1)
  if [ -f "$work/stamp-$tag" ] && [ "$(cat "$work/stamp-$tag")" = "$stamp" ] && [ -d "$out" ]; then
    log "$dir: wasm unchanged, post-processing skipped"
    return
  fi
  rm -rf "$out" "$work/bindgen-$tag"
  mkdir -p "$out"
  wasm-bindgen --target bundler --out-dir "$work/bindgen-$tag" --out-name "$name" "$wasm"
  cp "$work/bindgen-$tag/${name}_bg.js" "$out/"
  cp -r "$work/bindgen-$tag/snippets" "$out/"
  log "$dir: optimizing"
  local passes=(-Oz)
  if [ "$js" = js ]; then
    read -ra passes <<<"$CONTENT_PASSES"
  fi
  tools/node_modules/.bin/wasm-opt "${passes[@]}" "${features[@]}" \
    "$work/bindgen-$tag/${name}_bg.wasm" -o "$out/${name}_bg.wasm"
  if [ "$js" = js ]; then
    log "$dir: short import and export names"
    tools/node_modules/.bin/wasm-opt "${features[@]}" --minify-imports-and-exports-and-modules \
      "$out/${name}_bg.wasm" -o "$work/bindgen-$tag/minified.wasm" >"$work/bindgen-$tag/names.json"
    mv "$work/bindgen-$tag/minified.wasm" "$out/${name}_bg.wasm"
    python3 tools/minify_names.py "$work/bindgen-$tag/names.json" "$work/bindgen-$tag/${name}_bg.js"
    log "$dir: compiling the JavaScript build (wasm2js)"
    tools/node_modules/.bin/wasm2js -Oz "${features[@]}" \
      "$out/${name}_bg.wasm" -o "$work/bindgen-$tag/${name}_bg.wasm.js"
    python3 tools/patch_wasm2js.py "$work/bindgen-$tag/${name}_bg.wasm.js"
    bundle_content "$name" "$tag" "$dir"
  fi
  echo "$stamp" >"$work/stamp-$tag"
}

# The content script's glue (with the snippets) as a classic script,
# pkg/content/<family>/glue.js, which the loader registers before content.js:
# it runs with it, no module to fetch first. The JavaScript path's build,
# pkg/content/<family>/js-build.js, is one file that calls that same glue: Chromium
# serves web-accessible files through a per-session URL (use_dynamic_url),
# against which a relative import would not resolve.
bundle_content() {
  local name=$1 src=$work/bindgen-$2 out=$work/pkg/$3
  # `pkg` tells content.js where its family's .wasm and JavaScript build are.
  printf "export * as glue from './%s_bg.js';\nexport const pkg = 'pkg/%s/';\n" "$name" "$3" >"$src/glue.js"
  tools/node_modules/.bin/esbuild "$src/glue.js" --bundle --minify --format=iife \
    --global-name=ClientFillContent --log-level=warning --outfile="$out/glue.js"
  # The wasm2js build imports the glue as a module; it gets the global one.
  python3 - "$src/${name}_bg.wasm.js" <<'PY'
import re, sys
path = sys.argv[1]
source = open(path, encoding="utf-8").read()
imports = re.findall(r"^import \* as (\S+) from '[^']+';$", source, flags=re.M)
if len(imports) != 1:
    sys.exit(f"{path}: the wasm2js build does not import the glue as expected")
fixed = re.sub(r"^import \* as (\S+) from '[^']+';$",
               lambda m: f"const {m.group(1)} = globalThis.ClientFillContent.glue;", source, flags=re.M)
open(path, "w", encoding="utf-8").write(fixed)
PY
  # A classic script (injected with the glue on sites that refuse
  # WebAssembly) that also runs as a module (imported on a site's first
  # refusal): it sets its global itself. The compile hint has V8 compile
  # every function as the script loads, before the page is parsed, rather
  # than each on its first call, in the page's first read (BENCHMARKS.md).
  printf "export * as exports from './%s_bg.wasm.js';\n" "$name" >"$src/js-build.js"
  tools/node_modules/.bin/esbuild "$src/js-build.js" --bundle --minify --format=iife \
    --banner:js='//# allFunctionsCalledOnLoad' \
    --global-name=ClientFillJs --footer:js='globalThis.ClientFillJs = ClientFillJs;' \
    --log-level=warning --outfile="$out/js-build.js"
  rm -rf "$out/${name}_bg.js" "$out/snippets"
}

assemble() {
  local browser=$1 out=$root/dist/$1
  rm -rf "$out"
  mkdir -p "$out"
  cp -r extension/. "$out/"
  cp -r "$work/pkg" "$out/pkg"
  # The loader goes into every portal page: shipped minified (the source in
  # extension/ is the readable one).
  tools/node_modules/.bin/esbuild extension/content.js --minify --log-level=warning \
    --outfile="$out/content.js" --allow-overwrite
  python3 tools/manifest.py "$browser" manifest.json "$out/manifest.json"
  node tools/render_guide.mjs docs/profiles.md "$out/profiles.html"
}

ensure_rust_target
ensure_rust_src
ensure_wasm_bindgen
ensure_node
ensure_npm_dir "$root/tools"
compile
# Files of the single build that came before the families.
find "$work/pkg/content" -maxdepth 1 -type f -delete 2>/dev/null || true
for family in "${FAMILIES[@]}"; do
  post_process clientfill_content "$CONTENT_TARGET/families/$family.wasm" "content/$family" js
done
post_process clientfill_app "$root/target/wasm32-unknown-unknown/release/clientfill_app.wasm" app
assemble chromium
assemble firefox
log "built dist/chromium and dist/firefox"
