// Nothing to do: the service worker exists so the benchmark has an
// extension context to send tab messages from (chrome.tabs.sendMessage).
