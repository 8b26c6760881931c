// What ships to each context, raw and gzip (each file gzipped on its own,
// -9, then summed), and which crates the content .wasm is made of.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

function measure(files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const data = readFileSync(file);
    raw += data.length;
    gzip += gzipSync(data, { level: 9 }).length;
  }
  return { raw, gzip };
}

// Which files of pkg/content a path loads: the JavaScript path's build
// (wasm2js) and the WebAssembly path's .wasm exclude each other; the glue
// shipped beside them loads on both.
const JS_ONLY = /js-build|\.wasm\.js$/;
const WASM_ONLY = /\.wasm$/;

/**
 * Sizes per context: ClientFill's dist/chromium and the baseline. `files`
 * lists what each figure counts, relative to its extension's directory.
 * A portal page loads its family's build only (pkg/content/<family>/):
 * `families` has each one's two paths, and `wasmPath` / `jsPath` are the
 * largest family's.
 */
export function shippedSizes(root) {
  const dist = path.join(root, 'dist/chromium');
  const loader = ['content.js'].map((f) => path.join(dist, f));
  const named = (dir, files) => ({ ...measure(files), names: files.map((f) => path.relative(dir, f)) });
  const families = readdirSync(path.join(dist, 'pkg/content')).sort().map((family) => {
    const content = filesUnder(path.join(dist, 'pkg/content', family));
    return {
      family,
      wasmPath: named(dist, [...loader, ...content.filter((f) => !JS_ONLY.test(path.basename(f)))]),
      jsPath: named(dist, [...loader, ...content.filter((f) => !WASM_ONLY.test(path.basename(f)))]),
    };
  });
  if (!families.length) throw new Error('dist/chromium/pkg/content has no family build');
  const largest = (which) => families.reduce((a, b) => (b[which].gzip > a[which].gzip ? b : a));
  const pages = filesUnder(path.join(dist, 'pkg/app'));
  const baseline = path.join(root, 'tools/baseline');
  const baselineContent = [path.join(baseline, 'content.js')];
  const baselinePages = ['popup.js', 'background.js'].map((f) => path.join(baseline, f));
  return {
    families,
    largestWasm: largest('wasmPath').family,
    largestJs: largest('jsPath').family,
    wasmPath: largest('wasmPath').wasmPath,
    jsPath: largest('jsPath').jsPath,
    pages: named(dist, pages),
    baselineContent: named(baseline, baselineContent),
    baselinePages: named(baseline, baselinePages),
  };
}

const FEATURES = [
  '--enable-bulk-memory', '--enable-bulk-memory-opt', '--enable-sign-ext',
  '--enable-nontrapping-float-to-int', '--enable-mutable-globals',
];

// The crate a (demangled) item belongs to: its path's first segment; for
// `<T as Trait>::f` the type's crate, or the trait's when T is a primitive.
export function crateOf(name) {
  if (/^data segment |^data\[\d+\]$/.test(name)) return '(data segments)';
  // Inherent methods of primitives: `<char>::is_whitespace`, `<str>::…`.
  if (/^<(?:char|str|bool|[iuf](?:8|16|32|64|128|size)|\[[^\]]*\])>::/.test(name)) return 'core';
  // v0-mangled names twiggy left as they are: the first crate they name.
  const v0 = /^_R.*?C(?:s[0-9A-Za-z]*_)?(\d+)([A-Za-z_]\w*)/.exec(name);
  if (v0) return v0[2].slice(0, Number(v0[1]));
  const crate = (text) => /^[<&*(\[\s]*(?:(?:mut|dyn|const) )*([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(text)?.[1];
  const own = crate(name);
  if (own) return own;
  const trait = / as ([^>]+)>/.exec(name);
  if (trait && crate(trait[1])) return crate(trait[1]);
  return null;
}

/**
 * The content .wasm of `family` by crate, from twiggy on a build that keeps
 * its names: the same crates, features, flags, wasm-bindgen and wasm-opt
 * passes as ./build.sh, with symbols kept (-g) in target/bench-names. Returns
 * { rows, namedBytes } or { error }.
 */
// The content crate's RUSTFLAGS as ./build.sh sets them (its MVP and
// CONTENT_FLAGS lines), so the breakdown is of the same code.
function contentFlags(root) {
  const script = readFileSync(path.join(root, 'build.sh'), 'utf8');
  const mvp = script.match(/^MVP="([^"]*)"$/m)?.[1];
  const flags = script.match(/^CONTENT_FLAGS="([^"]*)"$/m)?.[1];
  if (mvp === undefined || flags === undefined) throw new Error('build.sh has no MVP or CONTENT_FLAGS line');
  return flags.replace('$MVP', mvp);
}

// The content script's wasm-opt passes, as ./build.sh runs them.
function contentPasses(root) {
  const passes = readFileSync(path.join(root, 'build.sh'), 'utf8').match(/^CONTENT_PASSES="([^"]*)"$/m)?.[1];
  if (passes === undefined) throw new Error('build.sh has no CONTENT_PASSES line');
  return passes.split(' ');
}

export function crateBreakdown(root, family, shippedWasmBytes) {
  const run = (cmd, args, env = {}) =>
    execFileSync(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  try {
    run('twiggy', ['--version']);
  } catch {
    return { error: 'twiggy is not installed (cargo install twiggy)' };
  }
  const tmp = mkdtempSync(path.join(tmpdir(), 'clientfill-bench-wasm-'));
  try {
    // The release profile strips symbols; keep them here only. Same
    // RUSTFLAGS as ./build.sh, separate target dir so nothing shipped changes.
    run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'clientfill-content', '--no-default-features', '--features', family, '-Zbuild-std=std,panic_abort', '-Zbuild-std-features=optimize_for_size'], {
      CARGO_PROFILE_RELEASE_STRIP: 'debuginfo',
      CARGO_TARGET_DIR: path.join(root, 'target/bench-names'),
      RUSTC_BOOTSTRAP: '1',
      RUSTFLAGS: contentFlags(root),
    });
    const wasmOpt = path.join(root, 'tools/node_modules/.bin/wasm-opt');
    const built = path.join(root, 'target/bench-names/wasm32-unknown-unknown/release/clientfill_content.wasm');
    // wasm-bindgen needs the target-features section gone (strip = true does
    // that in the shipped build).
    run(wasmOpt, [...FEATURES, '-g', '--strip-target-features', built, '-o', path.join(tmp, 'in.wasm')]);
    run('wasm-bindgen', ['--target', 'bundler', '--out-dir', tmp, '--out-name', 'clientfill_content', path.join(tmp, 'in.wasm')]);
    const named = path.join(tmp, 'named.wasm');
    run(wasmOpt, [...contentPasses(root), ...FEATURES, '-g', path.join(tmp, 'clientfill_content_bg.wasm'), '-o', named]);
    const items = JSON.parse(run('twiggy', ['top', '-n', '1000000', '-f', 'json', named]).toString());
    const groups = new Map();
    let namedBytes = 0;
    for (const { name, shallow_size: size } of items) {
      // The name section is what -g keeps; the shipped file has none.
      if (/names?" subsection|custom section 'name'/.test(name)) continue;
      namedBytes += size;
      let crate = crateOf(name);
      if (crate === '__rustc') crate = '__rustc (allocator shims)';
      // Unnamed code and plain symbols: wasm-bindgen's exports and shims,
      // memcpy-style intrinsics. Anything else is the module's own
      // structure: types, imports, exports, tables.
      crate ??= /^code\[\d+\]$|^[A-Za-z_$][\w$]*$/.test(name) ? '(exports, shims, intrinsics)' : '(imports, exports, types, tables)';
      groups.set(crate, (groups.get(crate) ?? 0) + size);
    }
    const rows = [...groups].map(([crate, bytes]) => ({ crate, bytes })).sort((a, b) => b.bytes - a.bytes);
    return { rows, namedBytes, shippedWasmBytes, family };
  } catch (error) {
    const detail = String(error.stderr ?? error.message).trim().split('\n').slice(-3).join(' ');
    return { error: `the build with names failed: ${detail}` };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
