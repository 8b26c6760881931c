// Starts the content script's build in a portal page; the background
// registers it (loader.js) before the page is parsed, so the build loads
// while the page does. The glue of the page's portal family
// (pkg/content/<family>/glue.js) has defined ClientFillContent, with `pkg`,
// the family's folder; on a site remembered for refusing WebAssembly the
// family's JavaScript build (js-build.js, ClientFillJs) came with it.
// Elsewhere compiling an empty module asks the page's policy before the
// .wasm is fetched: a refusal (or a policy that only a later <meta> element
// sets, refusing the .wasm after the probe allowed it) loads the JavaScript
// build instead and is remembered, so a site sees at most one CSP violation
// from ClientFill and no page downloads both builds.
//
// Every file is reached through runtime.getURL: Chromium serves them on a
// per-session URL only (use_dynamic_url), which a page cannot guess.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const { glue, pkg: PKG } = globalThis.ClientFillContent;
  const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

  function wasmAllowed() {
    try {
      new WebAssembly.Module(EMPTY_MODULE);
      return true;
    } catch {
      return false;
    }
  }

  async function loadWasm() {
    const module = await WebAssembly.compileStreaming(fetch(api.runtime.getURL(`${PKG}clientfill_content_bg.wasm`)));
    // Every import comes from the glue, under the one module name the build
    // gave them.
    const imports = Object.fromEntries(WebAssembly.Module.imports(module).map(({ module: m }) => [m, glue]));
    return (await WebAssembly.instantiate(module, imports)).exports;
  }

  async function loadJs() {
    // The background registers the JavaScript build for the site's next pages.
    api.runtime.sendMessage({ type: 'wasmRefused' }).catch((error) => console.warn('ClientFill:', error));
    await import(api.runtime.getURL(`${PKG}js-build.js`));
    return globalThis.ClientFillJs.exports;
  }

  async function start() {
    let exports = globalThis.ClientFillJs?.exports;
    let wasm = !exports && wasmAllowed();
    if (wasm) {
      try {
        exports = await loadWasm();
      } catch (error) {
        if (!(error instanceof WebAssembly.CompileError)) throw error;
        wasm = false;
      }
    }
    exports ??= await loadJs();
    glue.__wbg_set_wasm(exports);
    exports.__wbindgen_start?.();
    glue.start_content(wasm ? 'wasm' : 'js');
  }

  start().catch((error) => console.error('ClientFill could not start:', error));
})();
