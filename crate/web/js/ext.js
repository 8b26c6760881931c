// The extension APIs the Rust glue uses, in one module. Firefox offers
// promise-based `browser.*`; Chromium's MV3 `chrome.*` returns promises too.
// Resolved lazily so the module also loads where neither exists (tests in Node).
const api = () => globalThis.browser ?? globalThis.chrome;

export function runtimeSendMessage(message) {
  return api().runtime.sendMessage(message);
}

export function tabsSendMessage(tabId, message) {
  return api().tabs.sendMessage(tabId, message);
}

// The tab's address, where the extension may see it (its host permissions
// cover the tab); null elsewhere.
export async function tabUrl(tabId) {
  const tab = await api().tabs.get(tabId);
  return tab?.url ?? null;
}

// The portal pages the content script runs on: the manifest's host
// permissions and the optional ones the user has turned on.
export async function portalPatterns() {
  const manifest = api().runtime.getManifest();
  const optional = manifest.optional_host_permissions ?? [];
  // The browsers report granted patterns without their paths: `contains`
  // answers for the exact pattern.
  const held = await Promise.all(optional.map((p) => api().permissions.contains({ origins: [p] })));
  return [...(manifest.host_permissions ?? []), ...optional.filter((_, i) => held[i])];
}

// Optional host access. A request must run within the click that asks for
// it (a user gesture): callers start it before any await.
export function permissionsRequest(origins) {
  return api().permissions.request({ origins });
}

export function permissionsRemove(origins) {
  return api().permissions.remove({ origins });
}

export function permissionsContains(origins) {
  return api().permissions.contains({ origins });
}

// `handler()` after any grant or removal; returns the remover.
export function addPermissionsListener(handler) {
  const listener = () => handler();
  api().permissions.onAdded.addListener(listener);
  api().permissions.onRemoved.addListener(listener);
  return () => {
    api().permissions.onAdded.removeListener(listener);
    api().permissions.onRemoved.removeListener(listener);
  };
}

export async function activeTabId() {
  const [tab] = await api().tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

// `handler(message, senderTabId)` returns a value, a promise, or undefined
// (not handled). Returns the function that removes the listener.
export function addMessageListener(handler) {
  const listener = (message, sender, sendResponse) => {
    // Only the extension's own contexts may ask anything.
    if (sender?.id !== api().runtime.id) {
      console.warn('ClientFill: message from outside the extension dropped');
      return false;
    }
    const reply = handler(message, sender?.tab?.id ?? null);
    if (reply === undefined) return false;
    Promise.resolve(reply).then(sendResponse, (error) =>
      sendResponse({ error: String(error?.message ?? error) }),
    );
    return true;
  };
  api().runtime.onMessage.addListener(listener);
  return () => api().runtime.onMessage.removeListener(listener);
}

export function storageGet(keys) {
  return api().storage.local.get(keys);
}

export function storageSet(items) {
  return api().storage.local.set(items);
}

export function setBadgeText(tabId, text) {
  return api().action.setBadgeText({ tabId, text });
}

export function setTitle(tabId, title) {
  return api().action.setTitle({ tabId, title });
}

export function openOptionsPage() {
  return api().runtime.openOptionsPage();
}

export function copyText(text) {
  return navigator.clipboard.writeText(text);
}

// Firefox treats MV3 host permissions as optional: the user may not have
// granted them, and then no content script runs on the portals.
const hostOrigins = () => api().runtime.getManifest().host_permissions ?? [];

export function hasHostAccess() {
  return api().permissions.contains({ origins: hostOrigins() });
}

// Must run within the click that asks for it (a user gesture).
export function requestHostAccess() {
  return api().permissions.request({ origins: hostOrigins() });
}

// `handler(changes)` for each change to storage.local; returns the remover.
export function addStorageListener(handler) {
  const listener = (changes, area) => {
    if (area === 'local') handler(changes);
  };
  api().storage.onChanged.addListener(listener);
  return () => api().storage.onChanged.removeListener(listener);
}
