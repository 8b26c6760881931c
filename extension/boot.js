// Loads the content script's build. The page's CSP decides which: in
// Chromium a page without 'wasm-unsafe-eval' refuses WebAssembly in content
// scripts, and there the same crate compiled to JavaScript runs instead.
// Compiling an empty module asks the policy before a byte of either build is
// fetched, so no page downloads both; a refusal is remembered per site, so a
// site sees at most one CSP violation from ClientFill.
//
// The script starts before the page is parsed, so the build loads while the
// page does; a policy that only a later <meta> element sets refuses the
// .wasm after the probe allowed it, and the JavaScript build runs then.
//
// Every file is reached through runtime.getURL: Chromium serves them on a
// per-session URL only (use_dynamic_url), which a page cannot guess.

const api = globalThis.browser ?? globalThis.chrome;
const REFUSED_SITES = 'wasmRefusedSites';
// A site's policy may change: WebAssembly is tried again after this long.
const RETRY_AFTER_MS = 30 * 24 * 60 * 60 * 1000;
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const PKG = 'pkg/content/';

function wasmAllowed() {
  try {
    new WebAssembly.Module(EMPTY_MODULE);
    return true;
  } catch {
    return false;
  }
}

// Site -> time of the refusal. Any other shape (a hand edit, an old bug) is
// kept aside under a backup key and replaced, so one bad value cannot stop
// the content script on every portal page.
async function refusedSites(stored) {
  const { [REFUSED_SITES]: value } = await stored;
  if (value === undefined) return {};
  const plain = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (plain && Object.values(value).every((t) => typeof t === 'number')) return value;
  await api.storage.local.set({ [`${REFUSED_SITES}.corrupt.${Date.now()}`]: value, [REFUSED_SITES]: {} });
  return {};
}

// The .wasm downloads while the glue module loads.
async function loadWasm() {
  const response = fetch(api.runtime.getURL(`${PKG}clientfill_content_bg.wasm`));
  const { glue } = await import(api.runtime.getURL(`${PKG}wasm-path.js`));
  const { instance } = await WebAssembly.instantiateStreaming(response, { './clientfill_content_bg.js': glue });
  return { glue, exports: instance.exports };
}

const loadJs = () => import(api.runtime.getURL(`${PKG}js-path.js`));

// `stored`: the storage read content.js started while this module loaded.
export async function startContent(stored = api.storage.local.get(REFUSED_SITES)) {
  const site = location.origin;
  const refused = await refusedSites(stored);
  const remember = (wasm) => {
    if (wasm && !Object.hasOwn(refused, site)) return;
    if (wasm) delete refused[site];
    else refused[site] = Date.now();
    // Not awaited: the page is read while this is written.
    api.storage.local.set({ [REFUSED_SITES]: refused }).catch((error) => console.warn('ClientFill:', error));
  };
  const recently = Object.hasOwn(refused, site) && Date.now() - refused[site] < RETRY_AFTER_MS;
  let wasm = !recently && wasmAllowed();
  let build;
  if (wasm) {
    try {
      build = await loadWasm();
    } catch (error) {
      if (!(error instanceof WebAssembly.CompileError)) throw error;
      wasm = false;
    }
  }
  if (!recently) remember(wasm);
  const { glue, exports } = build ?? (await loadJs());
  glue.__wbg_set_wasm(exports);
  exports.__wbindgen_start?.();
  glue.start_content(wasm ? 'wasm' : 'js');
}
