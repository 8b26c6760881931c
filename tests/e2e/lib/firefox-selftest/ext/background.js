// Answers the content script, so the self-test also covers runtime messaging.
browser.runtime.onMessage.addListener((msg, sender) => {
  if (msg && msg.type === 'selftest-ping') {
    return Promise.resolve({ pong: true, tabId: sender.tab && sender.tab.id });
  }
  return undefined;
});
