// The browsers the end-to-end scenarios run in. BROWSERS=chromium,firefox
// (the default) picks them; each entry launches a session with the built
// unpacked extension and the portal hosts mapped to the fixture server.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const distDir = (browser) => path.join(root, 'dist', browser);

// `scheme`: 'light' or 'dark', the colour scheme pages see (prefers-color-scheme).
const all = {
  chromium: (server, { scheme } = {}) => launchChromium({ extensionDir: distDir('chromium'), port: server.port, scheme }),
  firefox: async (server, { scheme } = {}) => {
    const { launchFirefoxSession } = await import('./firefox-session.mjs');
    return launchFirefoxSession({ extensionDir: distDir('firefox'), port: server.port, scheme });
  },
};

export function browsers() {
  const wanted = (process.env.BROWSERS ?? 'chromium,firefox').split(',').map((b) => b.trim());
  return wanted.filter(Boolean).map((name) => {
    if (!all[name]) throw new Error(`unknown browser ${name}: expected chromium or firefox`);
    return { name, launch: all[name] };
  });
}

// Polls `check` until it returns a truthy value or the time is up.
export async function eventually(check, { timeout = 10000, interval = 100, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${last?.message ?? last}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

// Opens the popup for the tab showing `url` and returns it once rendered.
export async function openPopupFor(session, url, { hidden = false } = {}) {
  const tabId = await session.tabIdOf(url, { hidden });
  const popup = await session.openTab(session.extensionUrl(`popup.html?tab=${tabId}`));
  await popup.waitFor('[data-testid="page-kind"]');
  return popup;
}

// Imports a profiles document through the options page, as a user pastes it,
// and waits until every profile is listed.
export async function importProfiles(session, doc) {
  const options = await session.openTab(session.extensionUrl('options.html'));
  await options.waitFor('[data-testid="profile-import"]');
  await options.evaluate((json) => {
    document.querySelector('[data-testid="profile-import"]').value = json;
  }, JSON.stringify(doc));
  await options.click('[data-testid="profile-import-submit"]');
  await eventually(async () => (await options.count('[data-testid="profile"]')) === doc.profiles.length, {
    what: 'the imported profiles',
  });
  await options.close();
}
