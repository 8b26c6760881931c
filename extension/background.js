// MV3 backgrounds are woken by events: the listener must exist as soon as this
// script runs, before the crate has loaded, or the waking message is lost.
import { loadApp } from './app.js';

const api = globalThis.browser ?? globalThis.chrome;
const crate = loadApp();
api.runtime.onMessage.addListener((message, sender, reply) => {
  // Only the extension's own pages and content scripts; the crate checks the
  // shape of what they send.
  if (sender.id !== api.runtime.id) {
    console.warn('ClientFill: message from outside the extension dropped');
    return false;
  }
  crate
    .then((c) => c.background_message(message, sender.tab?.id ?? null))
    .then(reply, (error) => reply({ error: String(error) }));
  return true;
});
