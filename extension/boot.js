// Loads the Rust crate. Extension pages and content scripts get the
// WebAssembly build; content scripts fall back to the same crate compiled to
// JavaScript where the page's CSP refuses WebAssembly (Chromium without
// 'wasm-unsafe-eval'), and remember that per site so a site sees at most one
// CSP violation from ClientFill.
import * as glue from './pkg/clientfill_bg.js';

const api = globalThis.browser ?? globalThis.chrome;
const REFUSED_SITES = 'wasmRefusedSites';
// A site's policy may change: WebAssembly is tried again after this long.
const RETRY_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

async function instantiateWasm() {
  const response = await fetch(api.runtime.getURL('pkg/clientfill_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(await response.arrayBuffer(), {
    './clientfill_bg.js': glue,
  });
  return instance.exports;
}

function attach(exports) {
  glue.__wbg_set_wasm(exports);
  exports.__wbindgen_start?.();
  return glue;
}

export async function loadWasm() {
  return attach(await instantiateWasm());
}

export async function startContent() {
  const site = location.origin;
  const { [REFUSED_SITES]: refused = {} } = await api.storage.local.get(REFUSED_SITES);
  const refusedRecently = site in refused && Date.now() - refused[site] < RETRY_AFTER_MS;
  let exports = null;
  if (!refusedRecently) {
    try {
      exports = await instantiateWasm();
      if (site in refused) {
        delete refused[site];
        await api.storage.local.set({ [REFUSED_SITES]: refused });
      }
    } catch {
      refused[site] = Date.now();
      await api.storage.local.set({ [REFUSED_SITES]: refused });
    }
  }
  const engine = exports ? 'wasm' : 'js';
  exports ??= await import('./pkg/clientfill_bg.wasm.js');
  attach(exports).start_content(engine);
}
