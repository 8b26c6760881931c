// MV3 backgrounds are woken by events: the listener must exist as soon as this
// script runs, before the crate has loaded, or the waking message is lost.
import { loadApp } from './app.js';

const crate = loadApp();
(globalThis.browser ?? globalThis.chrome).runtime.onMessage.addListener((message, sender, reply) => {
  crate
    .then((c) => c.background_message(message, sender.tab?.id ?? null))
    .then(reply, (error) => reply({ error: String(error) }));
  return true;
});
