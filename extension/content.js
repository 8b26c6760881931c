// Content scripts cannot be ES modules: import the module loader at run time,
// reading the remembered WebAssembly refusals at the same time.
const api = globalThis.browser ?? globalThis.chrome;
const refused = api.storage.local.get('wasmRefusedSites');
import(api.runtime.getURL('boot.js'))
  .then((boot) => boot.startContent(refused))
  .catch((error) => console.error('ClientFill could not start:', error));
