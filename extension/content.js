// Content scripts cannot be ES modules: import the module loader at run time.
import((globalThis.browser ?? globalThis.chrome).runtime.getURL('boot.js'))
  .then((boot) => boot.startContent())
  .catch((error) => console.error('ClientFill could not start:', error));
