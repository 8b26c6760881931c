// The extension's pages for keyboard and low-vision users: a new user goes
// from no profile to a filled portal and an export with the keyboard alone;
// every control has a name, is reached by Tab and shows where the focus is;
// all text has a contrast of at least 4.5:1, in the light and the dark scheme.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFixtureServer } from '../fixtures/server.mjs';
import { browsers, eventually, openPopupFor } from './lib/browsers.mjs';

const FB = 'developers.facebook.com';
const BACKEND = 'https://65e60559.ngrok.io';
const APP = '3141592653600001';
// The Facebook Login settings, once the dashboard has drawn them.
async function openFbLogin(session) {
  const tab = await session.openTab(session.pageUrl(FB, `/apps/${APP}/fb-login/settings/?csp=strict`));
  await eventually(() => tab.evaluate(() => [...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Save changes')), {
    what: 'the Facebook Login settings',
  });
  return tab;
}

// Runs in a page: every visible text whose contrast with what is behind it
// is under `minimum`, as WCAG computes it (alpha blended over the layers
// down to the canvas).
function lowContrast(minimum) {
  const parse = (css) => {
    const m = css.match(/^rgba?\(([^)]+)\)$/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const over = (top, below) => ({
    r: top.r * top.a + below.r * (1 - top.a),
    g: top.g * top.a + below.g * (1 - top.a),
    b: top.b * top.a + below.b * (1 - top.a),
    a: 1,
  });
  const probe = document.createElement('div');
  probe.style.backgroundColor = 'Canvas';
  document.body.append(probe);
  const canvas = parse(getComputedStyle(probe).backgroundColor);
  probe.remove();
  const behind = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    return layers.reverse().reduce((below, top) => over(top, below), canvas);
  };
  const luminance = ({ r, g, b }) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!own || el.closest('[disabled], [hidden], [aria-hidden="true"]')) continue;
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (rect.width <= 1 || rect.height <= 1 || style.visibility !== 'visible' || style.display === 'none') continue;
    const bg = behind(el);
    const fg = over(parse(style.color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < minimum) found.push(`${ratio.toFixed(2)}:1 “${el.textContent.trim().slice(0, 40)}” ${style.color} on ${JSON.stringify(bg)}`);
  }
  return found;
}

// Runs in a page: controls without an accessible name.
function unnamedControls() {
  const name = (el) =>
    el.getAttribute('aria-label') ||
    (el.getAttribute('aria-labelledby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join('') ||
    [...(el.labels ?? [])].map((l) => l.textContent).join('') ||
    (el.localName === 'button' || el.localName === 'summary' || el.localName === 'a' ? el.textContent : '') ||
    el.getAttribute('title') ||
    '';
  return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, summary, a[href]')]
    .filter((el) => !name(el).trim())
    .map((el) => el.outerHTML.slice(0, 80));
}

// Runs in a page: the controls a user can operate, to check each is reached.
function controls() {
  return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, summary, a[href]')]
    .filter((el) => !el.disabled && !el.closest('[hidden]') && !el.closest('details:not([open]) > :not(summary)'))
    .map((el, i) => {
      el.dataset.a11yIndex = String(i);
      return String(i);
    });
}

// Runs in a page: the focused control, and whether it shows a focus ring
// (its own outline, or its label's for a visually hidden file input).
function focusRing() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const ring = (e) => {
    const s = getComputedStyle(e);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  };
  return { index: el.dataset.a11yIndex ?? null, ring: ring(el) || (el.closest('label') ? ring(el.closest('label')) : false), what: el.outerHTML.slice(0, 80), page: document.hasFocus() };
}

for (const { name, launch } of browsers()) {
  describe(`accessibility in ${name}`, () => {
    let server;
    let session;

    before(async () => {
      server = await startFixtureServer();
      session = await launch(server);
    });
    after(async () => {
      await session?.close();
      await server?.close();
    });

    // Tab until `testid` (or an element with that id) has the focus.
    async function tabTo(page, testid, { limit = 80, back = false } = {}) {
      for (let i = 0; i < limit; i += 1) {
        if ((await page.focused()) === testid) return;
        await page.key(back ? 'Shift+Tab' : 'Tab');
      }
      throw new Error(`Tab never reached ${testid}`);
    }

    test('keyboard only: a profile is created from a preset, a portal filled, the client exported', async () => {
      await session.clearStorage(['profiles', 'clients', 'selectedProfile', 'selectedProfileByPortal']);
      await server.reset();
      const options = await session.openTab(session.extensionUrl('options.html'));
      await options.waitFor('[data-testid="first-run-create"]');
      await tabTo(options, 'first-run-create');
      await options.key('Enter');
      await eventually(async () => (await options.focused()) === 'profile-preset', { what: 'the preset picker focused' });
      // Arrow keys walk the presets of a closed select.
      for (let i = 0; i < 10 && (await options.evaluate(() => document.querySelector('#pf-preset').value)) !== 'strapi'; i += 1) {
        await options.key('ArrowDown');
      }
      await options.waitFor('[data-control="params.backendUrl"]');
      await tabTo(options, 'pf-name');
      await options.keys('Shop');
      await tabTo(options, 'pf-params-backendUrl');
      await options.keys(BACKEND);
      await tabTo(options, 'pf-appName');
      await options.keys('Shop Login');
      await options.key('Enter');
      await eventually(async () => (await session.storageLocal('profiles')).profiles?.profiles?.length === 1, { what: 'the stored profile' });
      assert.equal(await options.focused(), 'profile-edit', 'focus on the saved profile');
      await options.close();

      const tab = await openFbLogin(session);
      const popup = await openPopupFor(session, await tab.url());
      await popup.waitFor('[data-testid="fill"]');
      await tabTo(popup, 'fill');
      await popup.key('Enter');
      await eventually(async () => (await popup.focused()) === 'fill-result', { what: 'focus on the fill result' });
      assert.match(await popup.text('[data-testid="fill-result"]'), /Valid OAuth Redirect URIs/);
      await popup.close();
      // The dashboard's own Save, from the keyboard too.
      await tab.evaluate(() => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Save changes').focus());
      await tab.key('Enter');
      await eventually(async () => {
        const { clients } = await session.storageLocal('clients');
        return clients?.clients?.find((c) => c.clientId === APP)?.redirectUris?.includes(`${BACKEND}/api/connect/facebook/callback`);
      }, { what: 'the captured App ID' });

      const again = await openPopupFor(session, await tab.url());
      await again.waitFor(`[data-testid="client"][data-client-id="${APP}"]`);
      await again.evaluate(() => {
        for (const [i, el] of document.querySelectorAll('summary').entries()) el.dataset.testid = `summary-${i}`;
      });
      await tabTo(again, 'summary-0');
      await again.key('Enter');
      await eventually(() => again.evaluate(() => document.querySelector('[data-testid="exports"]').open), { what: 'the exports open' });
      await tabTo(again, 'copy-export');
      await again.key('Enter');
      await eventually(async () => /Copied|Copy failed/.test(await again.evaluate(() => document.activeElement.textContent)), {
        what: 'the copy answered',
      });
      await again.close();
      await tab.close();
    });

    test('every control has a name, is reached by Tab, and shows its focus', async () => {
      await session.clearStorage(['profiles']);
      // One page at a time: switching windows moves the focus.
      const pages = [
        ['options (first run)', async (page) => page.waitFor('[data-testid="first-run-create"]')],
        [
          'options (profile form)',
          async (page) => {
            await page.waitFor('[data-testid="profile-create"]');
            await page.click('[data-testid="profile-create"]');
            await page.select('[data-testid="profile-preset"]', 'gigya');
            await page.waitFor('[data-control="params.dataCenters"]');
          },
        ],
      ];
      for (const [label, ready] of pages) {
        const page = await session.openTab(session.extensionUrl('options.html'));
        await ready(page);
        assert.deepEqual(await page.evaluate(unnamedControls), [], `${label}: every control has a name`);
        const wanted = await page.evaluate(controls);
        // A click on the page's heading, as a user brings a window to the
        // front: a window without the focus shows no focus ring.
        await page.click('header h1');
        await eventually(() => page.evaluate(() => document.hasFocus()), { what: 'the window to have the focus' });
        await page.evaluate(() => document.activeElement?.blur());
        const reached = new Set();
        // Twice round: Tab also visits the browser's own controls between
        // the page's last control and its first.
        for (let i = 0; i < 2 * wanted.length + 10; i += 1) {
          await page.key('Tab');
          const focus = await page.evaluate(focusRing);
          if (!focus?.page) continue;
          assert.ok(focus.ring, `${label}: a focus ring on ${focus.what}`);
          if (focus.index !== null) reached.add(focus.index);
        }
        const missed = wanted.filter((i) => !reached.has(i));
        assert.deepEqual(missed, [], `${label}: every control reached by Tab`);
        await page.close();
      }
    });

    for (const scheme of ['light', 'dark']) {
      test(`text contrast is at least 4.5:1 in the ${scheme} scheme`, async () => {
        const shown = scheme === 'light' ? session : await launch(server, { scheme });
        try {
          await shown.setStorage({
            profiles: {
              format: 'clientfill-profiles',
              version: 1,
              profiles: [
                { id: 'shop', name: 'Shop', preset: 'strapi', params: { backendUrl: BACKEND }, appName: 'Shop Login' },
                { id: 'acme', name: 'Acme', preset: 'auth0', params: { tenant: 'acme.eu.auth0.com' } },
              ],
            },
            // One client per portal, one of them gone, as the popup lists them.
            clients: {
              version: 2,
              clients: [
                {
                  clientId: '1029384756473829', portal: 'meta', appName: 'Shop Login', websiteUrl: null,
                  redirectUris: [`${BACKEND}/api/connect/instagram/callback`], supportEmail: null, profileId: 'shop',
                  firstSeen: 1, capturedAt: 2, pageUrl: `https://${FB}/apps/${APP}/instagram-business/API-Setup/`, idKind: 'instagram-app-id',
                },
                {
                  clientId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', portal: 'legacyInstagram', appName: 'Old Shop', websiteUrl: BACKEND,
                  redirectUris: ['https://old.example/cb'], supportEmail: null, profileId: 'shop',
                  firstSeen: 1, capturedAt: 3, pageUrl: 'https://www.instagram.com/developer/clients/manage/', goneAt: 4,
                },
              ],
            },
          });
          const dark = await shown.openTab(shown.extensionUrl('options.html'));
          await dark.waitFor('[data-testid="profile"]');
          assert.equal(
            await dark.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches),
            scheme === 'dark',
            'the scheme the page sees',
          );
          await dark.click('[data-testid="profile-create"]');
          await dark.waitFor('[data-testid="profile-form"]');
          await dark.type('[data-control="appName"] input', 'Insta Telegram');
          await dark.click('[data-testid="profile-save"]');
          await dark.waitFor('[data-testid="profile-form-feedback"] .error');
          await dark.evaluate(() => {
            document.querySelector('[data-testid="profile-import"]').value = '{"format":';
          });
          await dark.click('[data-testid="profile-import-submit"]');
          await dark.waitFor('[data-testid="profile-import-error"]');
          assert.deepEqual(await dark.evaluate(lowContrast, 4.5), [], `options page, ${scheme}`);
          await dark.close();

          const tab = await openFbLogin(shown);
          const popup = await openPopupFor(shown, await tab.url());
          await popup.waitFor('[data-testid="fill"]');
          await popup.select('[data-testid="profile-select"]', 'acme');
          await popup.click('[data-testid="fill"]');
          await popup.waitFor('[data-testid="fill-result"] li');
          await popup.waitFor('[data-testid="checklist"]');
          await popup.waitFor('[data-testid="client"][data-gone="true"]');
          await popup.evaluate(() => {
            for (const d of document.querySelectorAll('details')) d.open = true;
          });
          assert.deepEqual(await popup.evaluate(lowContrast, 4.5), [], `popup, ${scheme}`);
          await popup.close();
          await tab.close();
        } finally {
          if (shown !== session) await shown.close();
        }
      });
    }
  });
}
