// MV3 backgrounds are woken by events: the listener must exist as soon as this
// script runs, before the crate has loaded, or the waking message is lost.
import { loadApp } from './app.js';
import { rememberRefusal, syncContentScripts } from './loader.js';

const api = globalThis.browser ?? globalThis.chrome;
const crate = loadApp();
api.runtime.onMessage.addListener((message, sender, reply) => {
  // Only the extension's own pages and content scripts; the crate checks the
  // shape of what they send.
  if (sender.id !== api.runtime.id) {
    console.warn('ClientFill: message from outside the extension dropped');
    return false;
  }
  if (message?.type === 'wasmRefused') {
    // The site is the sender's, never one a message names.
    const site = sender.url ? new URL(sender.url).origin : null;
    rememberRefusal(site).then(() => reply(true), (error) => reply({ error: String(error) }));
    return true;
  }
  // A tab id for content scripts only: the popup may be open in a tab too.
  const extensionPage = sender.url?.startsWith(api.runtime.getURL(''));
  crate
    .then((c) => c.background_message(message, extensionPage ? null : (sender.tab?.id ?? null)))
    .then(reply, (error) => reply({ error: String(error) }));
  return true;
});

// The keyboard shortcut to fill (manifest `commands`; changeable in the
// browser's shortcut settings). Firefox may not pass the tab: the crate
// then takes the active one.
const onCommand = (command, tab) =>
  crate
    .then((c) => c.background_command(command, tab?.id ?? null))
    .catch((error) => console.error('ClientFill: shortcut failed:', error));
api.commands.onCommand.addListener(onCommand);
// For the end-to-end tests: a browser's shortcut keys cannot be pressed
// from a page, so they run the same handler.
globalThis.clientfillCommand = onCommand;

// Which build each portal site gets is registered, not declared: on every
// start, and whenever the remembered refusals change.
api.runtime.onStartup.addListener(() => syncContentScripts());
api.runtime.onInstalled.addListener(() => syncContentScripts());
// Turning a portal on or off in the options page changes where the content
// script runs.
api.permissions.onAdded.addListener(() => syncContentScripts());
api.permissions.onRemoved.addListener(() => syncContentScripts());
api.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && 'wasmRefusedSites' in changes) syncContentScripts();
});
syncContentScripts();
// For the end-to-end tests, which change the stored refusals and then open
// pages: resolves once the registration reflects the store.
globalThis.clientfillContentScriptsSynced = () => syncContentScripts();
