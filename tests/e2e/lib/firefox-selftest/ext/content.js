// Self-test content script: leaves markers on <html data-*> for the driver to read.
(() => {
  const ds = document.documentElement.dataset;
  ds.selftest = 'ran';

  // The smallest valid module: "\0asm" + version 1.
  const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  WebAssembly.instantiate(bytes).then(
    (r) => { ds.wasm = r.instance instanceof WebAssembly.Instance ? 'ok' : 'no-instance'; },
    (e) => { ds.wasm = 'error: ' + e; },
  );

  import(browser.runtime.getURL('mod.js')).then(
    (m) => { ds.module = m.answer === 42 ? 'ok' : 'wrong-export'; },
    (e) => { ds.module = 'error: ' + e; },
  );

  browser.runtime.sendMessage({ type: 'selftest-ping' }).then(
    (r) => { ds.message = r && r.pong ? 'ok' : 'no-pong'; },
    (e) => { ds.message = 'error: ' + e; },
  );
})();
