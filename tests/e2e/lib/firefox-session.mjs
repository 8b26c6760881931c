// Adapts the Firefox WebDriver session to the tab interface the scenarios use
// in both browsers (see wrapPage in chromium.mjs). WebDriver drives one window
// at a time, so every tab operation first switches to its window.
import { Keys, launchFirefox } from './firefox.mjs';
import { contentScriptAnswers, PORTAL_HOSTS } from './chromium.mjs';

export async function launchFirefoxSession({ extensionDir, port, scheme = 'light' }) {
  const driver = await launchFirefox({
    extensionDir,
    // What prefers-color-scheme says to pages, extension pages included.
    prefs: { 'layout.css.prefers-color-scheme.content-override': scheme === 'dark' ? 0 : 1, 'ui.systemUsesDarkTheme': scheme === 'dark' ? 1 : 0 },
    hostMap: Object.fromEntries(PORTAL_HOSTS.map((host) => [host, port])),
  });
  let current = await driver.windowHandle();
  const focus = async (handle) => {
    if (handle !== current) {
      await driver.switchTo(handle);
      current = handle;
    }
  };
  // The first window stays open on an extension page: it runs the
  // extension-context helpers (tabs, storage).
  const home = current;
  await driver.navigate(driver.extensionUrl('popup.html'));
  const inExtension = async (fn, ...args) => {
    await focus(home);
    return driver.execute(fn, ...args);
  };
  await inExtension(contentScriptAnswers, `https://${PORTAL_HOSTS[0]}/developer/`);

  const wrap = (handle) => {
    const on = async (fn) => {
      await focus(handle);
      return fn();
    };
    const element = (css) => driver.waitForElement(css);
    return {
      handle,
      url: () => on(() => driver.currentUrl()),
      goto: (url) => on(() => driver.navigate(url)),
      evaluate: (fn, arg) => on(() => driver.execute(fn, arg)),
      waitFor: (css, { timeout = 10000 } = {}) => on(() => driver.waitForElement(css, { timeout })),
      attribute: (css, name) =>
        on(() => driver.execute((c, n) => document.querySelector(c)?.getAttribute(n) ?? null, css, name)),
      text: (css) => on(async () => driver.text(await element(css))),
      count: (css) => on(() => driver.execute((c) => document.querySelectorAll(c).length, css)),
      click: (css) => on(async () => driver.click(await element(css))),
      type: (css, text) => on(async () => driver.type(await element(css), text)),
      press: (css, key) => on(async () => driver.type(await element(css), Keys[key] ?? key)),
      // WebDriver picks an option by clicking it, as a user does.
      select: (css, value) => on(async () => driver.click(await element(`${css} option[value="${value}"]`))),
      // WebDriver sends a file input the file's path.
      chooseFile: (css, file) => on(async () => driver.type(await element(css), file)),
      key: (key) => on(() => driver.sendKeys(Keys[key] ?? key)),
      keys: (text) => on(() => driver.sendKeys(text)),
      screenshot: (file) => on(() => driver.screenshot(file)),
      focused: () =>
        on(() => driver.execute(() => document.activeElement?.dataset?.testid ?? document.activeElement?.id ?? null)),
      close: () =>
        on(async () => {
          await driver.closeWindow();
          current = null;
          await focus(home);
        }),
    };
  };

  return {
    browserName: 'firefox',
    driver,
    pageUrl: (host, pathAndQuery) => driver.pageUrl(host, pathAndQuery),
    extensionUrl: (file) => driver.extensionUrl(file),
    async openTab(url) {
      const handle = await driver.newWindow('tab');
      await focus(handle);
      await driver.navigate(url);
      return wrap(handle);
    },
    // Loads the URLs in new tabs at the same time (through the extension:
    // WebDriver drives one tab at a time); resolves to a function closing them.
    async openTabsTogether(urls) {
      const ids = await inExtension(
        (list) => Promise.all(list.map((url) => browser.tabs.create({ url, active: false }))).then((tabs) => tabs.map((t) => t.id)),
        urls,
      );
      return () => inExtension((list) => browser.tabs.remove(list), ids);
    },
    // `hidden`: the page is on a site the extension may not see (no host
    // access, so no URL): the newest such tab.
    tabIdOf: async (url, { hidden = false } = {}) => {
      const id = await inExtension(
        async (wanted, hide) => {
          // The newest tab wins when several show the same URL.
          const tabs = (await browser.tabs.query({})).filter((t) => (hide ? t.url === undefined : t.url === wanted));
          return tabs.length ? Math.max(...tabs.map((t) => t.id)) : null;
        },
        url,
        hidden,
      );
      if (id === null) throw new Error(`no tab has the URL ${url}`);
      return id;
    },
    storageLocal: (keys = null) => inExtension((k) => browser.storage.local.get(k), keys),
    async setStorage(items) {
      await inExtension((i) => browser.storage.local.set(i), items);
      await this.contentScriptsSynced();
    },
    runCommand: (command, tabId) =>
      inExtension((c, t) => browser.runtime.getBackgroundPage().then((bg) => bg.clientfillCommand(c, { id: t })), command, tabId),
    shortcuts: () => inExtension(() => browser.commands.getAll()),
    toolbar: (tabId) =>
      inExtension(async (t) => ({ badge: await browser.action.getBadgeText({ tabId: t }), title: await browser.action.getTitle({ tabId: t }) }), tabId),
    async clearStorage(keys) {
      await inExtension((k) => browser.storage.local.remove(k), keys);
      await this.contentScriptsSynced();
    },
    // The background registers which build each site gets from the store.
    contentScriptsSynced: () =>
      inExtension(() => browser.runtime.getBackgroundPage().then((bg) => bg.clientfillContentScriptsSynced())),
    hostPermissions: () => driver.hostPermissions(),
    grantHostPermissions: (origins) => driver.grantHostPermissions(origins),
    revokeHostPermissions: (origins) => driver.revokeHostPermissions(origins),
    allowPermissionRequests: (tab, origins) => driver.allowPermissionRequests(tab, origins),
    close: () => driver.close(),
  };
}
