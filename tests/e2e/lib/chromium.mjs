// Drives Debian's Chromium with the built unpacked extension through
// playwright-core. Portal host names are mapped to the local fixture server,
// so the manifest's real `matches` patterns are what decides where the
// content script runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { hostPattern, recordPermissionRequests, recordedPermissionRequests } from './firefox.mjs';
import { FIXTURE_HOSTS } from '../../fixtures/lib/hosts.mjs';

// Every host the fixture server serves; [0] is www.instagram.com.
export const PORTAL_HOSTS = [...FIXTURE_HOSTS];

// Flags for a headless Chromium that reaches the portal hosts on the
// fixture server and nothing else on the network.
export function chromiumArgs(port) {
  const rules = PORTAL_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${port}`).join(', ');
  return [
    `--host-resolver-rules=${rules}`,
    '--ignore-certificate-errors',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
  ];
}

// Runs in the extension (service worker or page): resolves once a content
// script answers on a portal page. The background registers the content
// scripts when it starts (an extension declaring them in its manifest, as
// the benchmark's baseline does, has them at once), and a registration the
// browser reports may not yet reach a page that loads at that moment, so
// the page is loaded again until one answers: the tests then never open a
// portal page before the content script can run there.
export async function contentScriptAnswers(url) {
  const api = globalThis.browser ?? globalThis.chrome;
  const end = Date.now() + 25000;
  const pause = () => new Promise((r) => setTimeout(r, 50));
  const declared = () => api.runtime.getManifest().content_scripts?.length;
  while (!declared() && !(await api.scripting.getRegisteredContentScripts()).length) {
    if (Date.now() > end) throw new Error('the background registered no content script');
    await pause();
  }
  const tab = await api.tabs.create({ url, active: false });
  try {
    for (let attempt = 1; Date.now() < end; attempt++) {
      try {
        if (await api.tabs.sendMessage(tab.id, { type: 'getState' })) return true;
      } catch {
        // Not there yet.
      }
      await pause();
      if (attempt % 20 === 0) await api.tabs.reload(tab.id);
    }
    throw new Error(`no content script answered on ${url}`);
  } finally {
    await api.tabs.remove(tab.id);
  }
}

export async function launchChromium({ extensionDir, port, scheme = 'light' }) {
  const profile = await mkdtemp(path.join(tmpdir(), 'clientfill-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    ignoreHTTPSErrors: true,
    colorScheme: scheme,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...chromiumArgs(port),
    ],
  });
  const worker =
    context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    (await context.waitForEvent('serviceworker', { timeout: 15000 }));
  const extensionId = new URL(worker.url()).host;
  await worker.evaluate(contentScriptAnswers, `https://${PORTAL_HOSTS[0]}/developer/`);

  // chrome://extensions' own API, as its Site access settings use it.
  const onExtensionsPage = async (fn, arg) => {
    const page = await context.newPage();
    try {
      await page.goto('chrome://extensions');
      return await withTimeout(page.evaluate(fn, arg), 15000, 'chrome://extensions');
    } finally {
      await page.close();
    }
  };
  // The user allows the extension on these sites; for an optional origin that
  // alone grants nothing (the extension still has to ask).
  const allowSites = (origins) =>
    onExtensionsPage(([id, ps]) => Promise.all(ps.map((p) => chrome.developerPrivate.addHostPermission(id, p))), [extensionId, origins.map(hostPattern)]);

  return {
    browserName: 'chromium',
    context,
    extensionId,
    worker,
    pageUrl: (host, pathAndQuery) => `https://${host}${pathAndQuery}`,
    extensionUrl: (file) => `chrome-extension://${extensionId}/${file}`,
    async openTab(url) {
      const page = await context.newPage();
      await page.goto(url);
      return wrapPage(page);
    },
    // The tab id the extension sees for a page, found by its URL.
    // `hidden`: the page is on a site the extension may not see (no host
    // access, so no URL): the newest such tab.
    async tabIdOf(url, { hidden = false } = {}) {
      const id = await worker.evaluate(async ([wanted, hide]) => {
        // The newest tab wins when several show the same URL.
        const tabs = (await chrome.tabs.query({})).filter((t) => (hide ? t.url === undefined : t.url === wanted));
        return tabs.length ? Math.max(...tabs.map((t) => t.id)) : null;
      }, [url, hidden]);
      if (id === null) throw new Error(`no tab has the URL ${url}`);
      return id;
    },
    // Loads the URLs in new tabs at the same time; resolves to a function
    // closing them.
    async openTabsTogether(urls) {
      const tabs = await Promise.all(urls.map((url) => this.openTab(url)));
      return () => Promise.all(tabs.map((t) => t.close()));
    },
    async storageLocal(keys = null) {
      return worker.evaluate((k) => chrome.storage.local.get(k), keys);
    },
    async setStorage(items) {
      await worker.evaluate((i) => chrome.storage.local.set(i), items);
      await this.contentScriptsSynced();
    },
    // The background registers which build each site gets from the store.
    async contentScriptsSynced() {
      await worker.evaluate(() => globalThis.clientfillContentScriptsSynced());
    },
    // What the keyboard shortcut `command` does in the tab `tabId`.
    async runCommand(command, tabId) {
      return worker.evaluate(([c, t]) => globalThis.clientfillCommand(c, { id: t }), [command, tabId]);
    },
    // The shortcuts the browser registered from the manifest.
    shortcuts: () => worker.evaluate(() => chrome.commands.getAll()),
    // The toolbar button of a tab: its badge and tooltip.
    toolbar: (tabId) =>
      worker.evaluate(async (t) => ({ badge: await chrome.action.getBadgeText({ tabId: t }), title: await chrome.action.getTitle({ tabId: t }) }), tabId),
    // Permissions. Headless Chromium shows permissions.request()'s prompt where
    // nothing can answer it (no switch accepts it), but it grants a request
    // without a prompt when the user already allowed those sites in
    // chrome://extensions (Site access, developerPrivate.addHostPermission):
    // the tests allow sites there, and the extension's own request, from a
    // real click, is then granted by Chromium, onAdded included. Same methods
    // as the Firefox session.
    // The origins the extension holds now, sorted: permissions.getAll().origins.
    hostPermissions: async () => (await worker.evaluate(() => chrome.permissions.getAll())).origins.sort(),
    // From now on a request asking only for `origins` is granted; the requests
    // made by `tab` (an extension page) are recorded: resolves to { requests() }.
    async allowPermissionRequests(tab, origins) {
      await allowSites(origins);
      await tab.evaluate(recordPermissionRequests);
      return { requests: () => tab.evaluate(recordedPermissionRequests) };
    },
    // Grants origins of the manifest as a user who allowed the sites and
    // accepted the extension's request (onAdded fires).
    async grantHostPermissions(origins) {
      await allowSites(origins);
      // Any extension document has the API; playwright's evaluate carries a user activation.
      const page = await context.newPage();
      try {
        await page.goto(`chrome-extension://${extensionId}/manifest.json`);
        const asked = page.evaluate((o) => chrome.permissions.request({ origins: o }), origins);
        if (!(await withTimeout(asked, 15000, `granting ${origins.join(', ')}`))) throw new Error(`not granted: ${origins.join(', ')}`);
      } finally {
        await page.close();
      }
    },
    // Revokes origins the extension holds as the user does in chrome://extensions
    // (onRemoved fires); a later request for them prompts again.
    async revokeHostPermissions(origins) {
      const patterns = origins.map(hostPattern);
      const held = await worker.evaluate((ps) => Promise.all(ps.map((p) => chrome.permissions.contains({ origins: [p] }))), patterns);
      await onExtensionsPage(
        async ([id, ps]) => {
          for (const p of ps) await chrome.developerPrivate.removeHostPermission(id, p);
        },
        [extensionId, patterns.filter((_, i) => held[i])],
      );
    },
    async clearStorage(keys) {
      await worker.evaluate((k) => chrome.storage.local.remove(k), keys);
      await this.contentScriptsSynced();
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

// The tab interface the scenarios use in both browsers.
function wrapPage(page) {
  return {
    page,
    url: () => page.url(),
    goto: (url) => page.goto(url),
    // Playwright's evaluate has no time limit of its own: a hung page must
    // fail the test, not stall the run.
    evaluate: (fn, arg) => withTimeout(page.evaluate(fn, arg), 15000, `evaluate on ${page.url()}`),
    async waitFor(css, { timeout = 10000 } = {}) {
      await page.locator(css).first().waitFor({ state: 'attached', timeout });
    },
    attribute: (css, name) => page.locator(css).first().getAttribute(name),
    text: (css) => page.locator(css).first().innerText(),
    count: (css) => page.locator(css).count(),
    click: (css) => page.locator(css).first().click(),
    // Real keystrokes into the focused element.
    type: (css, text) => page.locator(css).first().pressSequentially(text),
    press: (css, key) => page.locator(css).first().press(key),
    // The option a user picks in a <select>, by value.
    select: (css, value) => page.locator(css).first().selectOption(value),
    // A file chosen in an <input type=file>, by path.
    chooseFile: (css, file) => page.locator(css).first().setInputFiles(file),
    // The key pressed where the focus is, as a keyboard-only user does.
    key: (key) => page.keyboard.press(key),
    // Text typed where the focus is.
    keys: (text) => page.keyboard.type(text),
    screenshot: (file) => page.screenshot({ path: file, fullPage: true }),
    focused: () => page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.id ?? null),
    close: () => withTimeout(page.close(), 15000, `closing ${page.url()}`),
  };
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
