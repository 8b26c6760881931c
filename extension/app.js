// Loads the extension pages' build (popup, options, background). Extension
// pages allow 'wasm-unsafe-eval' in their own CSP, so they never need the
// JavaScript build.
import * as glue from './pkg/app/clientfill_app_bg.js';

const api = globalThis.browser ?? globalThis.chrome;

export async function loadApp() {
  const url = api.runtime.getURL('pkg/app/clientfill_app_bg.wasm');
  const imports = { './clientfill_app_bg.js': glue };
  const { instance } = await WebAssembly.instantiateStreaming(fetch(url), imports);
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  return glue;
}
