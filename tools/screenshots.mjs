// Takes the screenshots in docs/screenshots/ from the built extension in
// headless Chromium, against the fixture portals: the popup on a Meta
// Facebook Login page after a fill (with its checklist, captured clients and
// broker exports) and the options page with the profile form open, each in
// the light and the dark scheme.
//
//   node tools/screenshots.mjs      (after ./build.sh; tests/node_modules installed)
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFixtureServer } from '../tests/fixtures/server.mjs';
import { distDir, eventually, openPopupFor } from '../tests/e2e/lib/browsers.mjs';
import { launchChromium } from '../tests/e2e/lib/chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'screenshots');
const APP = '1187243319820456';
const BACKEND = 'https://65e60559.ngrok.io';

await mkdir(out, { recursive: true });
const server = await startFixtureServer();
try {
  for (const scheme of ['light', 'dark']) {
    const session = await launchChromium({ extensionDir: distDir('chromium'), port: server.port, scheme });
    try {
      await server.reset();
      await session.setStorage({
        profiles: {
          format: 'clientfill-profiles',
          version: 1,
          profiles: [
            { id: 'shop', name: 'Shop (Strapi)', preset: 'strapi', params: { backendUrl: BACKEND }, appName: 'Shop Login' },
            { id: 'acme', name: 'Acme (Auth0)', preset: 'auth0', params: { tenant: 'acme.eu.auth0.com' }, appName: 'Acme Login' },
          ],
        },
        selectedProfileByPortal: { meta: 'shop' },
      });
      const tab = await session.openTab(session.pageUrl('developers.facebook.com', `/apps/${APP}/fb-login/settings/?csp=strict`));
      await eventually(() => tab.evaluate(() => [...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Save changes')), {
        what: 'the Facebook Login settings',
      });
      await eventually(async () => (await session.storageLocal('clients')).clients?.clients?.length, { what: 'the captured App ID' });
      const popup = await openPopupFor(session, await tab.url());
      await popup.page.setViewportSize({ width: 420, height: 600 });
      await popup.waitFor('[data-testid="client"]');
      await popup.click('[data-testid="fill"]');
      await popup.waitFor('[data-testid="fill-result"] li');
      await popup.click('[data-testid="exports"] summary');
      await popup.screenshot(path.join(out, `popup-${scheme}.png`));
      await popup.close();
      await tab.close();

      const options = await session.openTab(session.extensionUrl('options.html'));
      await options.page.setViewportSize({ width: 900, height: 700 });
      await options.waitFor('[data-testid="profile-create"]');
      await options.click('[data-testid="profile-create"]');
      await options.select('[data-testid="profile-preset"]', 'keycloak');
      await options.waitFor('[data-control="params.host"]');
      await options.type('[data-control="name"] input', 'Acme SSO (Keycloak)');
      await options.type('[data-control="params.host"] input', 'sso.acme.example');
      await options.type('[data-control="params.realm"] input', 'acme');
      await options.type('[data-control="appName"] input', 'Acme Insta Login');
      await options.type('[data-control="contactEmail"] input', 'dev@acme');
      await options.press('[data-control="contactEmail"] input', 'Tab');
      await options.screenshot(path.join(out, `options-${scheme}.png`));
      await options.close();
      console.log(`${scheme}: popup-${scheme}.png, options-${scheme}.png`);
    } finally {
      await session.close();
    }
  }
} finally {
  await server.close();
}
