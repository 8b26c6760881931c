// The legacy Instagram developer portal, end to end under a strict CSP: fill
// the Register and Edit Client forms from profiles and check what the portal's
// own form submitted; the live banned-name warning; capture from Manage
// Clients; and a page outside the portal left alone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFixtureServer } from '../fixtures/server.mjs';
import { browsers, eventually, importProfiles, openPopupFor } from './lib/browsers.mjs';
import * as steps from './lib/steps.mjs';
import { SHOP_GIGYA } from './lib/profiles.mjs';

const IG = 'www.instagram.com';
const CSP = 'csp=strict';

const PROFILES = {
  format: 'clientfill-profiles',
  version: 1,
  profiles: [
    {
      id: 'acme-auth0',
      name: 'Acme (Auth0)',
      preset: 'auth0',
      params: { tenant: 'acme.eu.auth0.com' },
      appName: 'Acme Login',
      description: 'Login for the Acme shop',
      companyName: 'Acme Corp',
      privacyPolicyUrl: 'https://acme.example.com/privacy',
      contactEmail: 'dev@acme.example.com',
    },
    SHOP_GIGYA,
    {
      id: 'front-lr',
      name: 'Shopfront (LoginRadius)',
      preset: 'loginradius',
      params: { protocol: 'https', siteName: 'shopfront.hub.loginradius.com', port: 443 },
      appName: 'Shopfront Social',
      description: 'Social login through LoginRadius',
      companyName: 'Shopfront Inc',
      privacyPolicyUrl: 'https://shopfront.example/privacy',
      contactEmail: 'team@shopfront.example',
    },
    {
      id: 'local-token',
      name: 'Local token testing',
      preset: 'token-testing',
      appName: 'Token Tester',
      description: 'Client-side token for local testing',
    },
  ],
};

const EXPECTED = {
  'acme-auth0': {
    website: 'https://acme.eu.auth0.com',
    uris: ['https://acme.eu.auth0.com/login/callback'],
  },
  'shop-gigya': {
    website: 'https://www.shop.example',
    uris: [
      'https://socialize.us1.gigya.com/GS/GSLogin.aspx?',
      'https://socialize.eu1.gigya.com/GS/GSLogin.aspx?',
      'https://socialize.ru1.gigya.com/GS/GSLogin.aspx?',
    ],
  },
  'front-lr': {
    website: 'https://shopfront.hub.loginradius.com',
    uris: ['https://shopfront.hub.loginradius.com:443/socialauth/validate.sauth'],
  },
};

const splitUris = (value) => value.split(/[\s,]+/).filter(Boolean);
const field = (submission, name) => submission.fields.filter(([n]) => n === name).map(([, v]) => v);

for (const { name, launch } of browsers()) {
  describe(`legacy portal in ${name}`, () => {
    let server;
    let session;

    before(async () => {
      server = await startFixtureServer();
      session = await launch(server);
      await importProfiles(session, PROFILES);
    });
    after(async () => {
      await session?.close();
      await server?.close();
    });

    const portal = (path) => session.pageUrl(IG, `${path}${path.includes('?') ? '&' : '?'}${CSP}`);

    const fillFrom = (tab, profileId, { overwrite = false } = {}) =>
      steps.fillFrom(session, tab, profileId, { overwrite, allWarnings: true });

    test('imported profiles are listed, a broken document changes nothing', async () => {
      const options = await session.openTab(session.extensionUrl('options.html'));
      await options.waitFor('[data-testid="profile"]');
      assert.equal(await options.count('[data-testid="profile"]'), PROFILES.profiles.length);
      const broken = { ...PROFILES, profiles: [{ id: 'x', name: 'X', preset: 'auth0', params: {} }, { name: 'Y', preset: 'nope' }] };
      await options.evaluate((json) => {
        document.querySelector('[data-testid="profile-import"]').value = json;
      }, JSON.stringify(broken));
      await options.click('[data-testid="profile-import-submit"]');
      await options.waitFor('[data-testid="profile-import-error"]');
      const error = await options.text('[data-testid="profile-import-error"]');
      assert.match(error, /profiles\[0\]\.params\.tenant/);
      assert.match(error, /profiles\[1\]\.preset/);
      assert.equal(await options.count('[data-testid="profile"]'), PROFILES.profiles.length, 'nothing imported');
      await options.close();
    });

    test('a profile is duplicated, deleted and restored, and the download holds the list as stored', async () => {
      const options = await session.openTab(session.extensionUrl('options.html'));
      await options.waitFor('[data-testid="profile"]');
      const first = PROFILES.profiles[0];
      const ids = () => options.evaluate(() => [...document.querySelectorAll('[data-testid="profile"]')].map((p) => p.dataset.profileId));
      const stored = async () => (await session.storageLocal('profiles')).profiles.profiles.map((p) => p.id);
      const downloaded = () =>
        options.evaluate(() => {
          const href = document.querySelector('[data-testid="profile-export"]').getAttribute('href');
          return JSON.parse(decodeURIComponent(href.slice(href.indexOf(',') + 1))).profiles.map((p) => p.id);
        });
      const before = await ids();
      assert.deepEqual(await downloaded(), before);

      await options.click(`[data-testid="profile"][data-profile-id="${first.id}"] [data-testid="profile-duplicate"]`);
      const copy = `${first.id}-copy`;
      await eventually(async () => (await ids()).includes(copy), { what: 'the copy' });
      assert.deepEqual(await ids(), [first.id, copy, ...before.slice(1)]);
      assert.deepEqual(await stored(), await ids());
      assert.deepEqual(await downloaded(), await ids());
      assert.equal(await options.text(`[data-testid="profile"][data-profile-id="${copy}"] h3`), `${first.name} (copy)`);

      await options.click(`[data-testid="profile"][data-profile-id="${copy}"] [data-testid="profile-delete"]`);
      await options.waitFor('[data-testid="profile-undo"]');
      assert.deepEqual(await stored(), before);
      await options.click(`[data-testid="profile"][data-profile-id="${first.id}"] [data-testid="profile-delete"]`);
      await eventually(async () => !(await ids()).includes(first.id), { what: 'the deletion' });
      await options.click('[data-testid="profile-undo"]');
      await eventually(async () => JSON.stringify(await stored()) === JSON.stringify(before), { what: 'the restored profile' });
      assert.deepEqual(await ids(), before, 'back where it stood');
      await options.close();
    });

    for (const profileId of Object.keys(EXPECTED)) {
      test(`Register: ${profileId} fills the form the portal submits`, async () => {
        await server.reset();
        const tab = await session.openTab(portal('/developer/clients/register/'));
        const result = await fillFrom(tab, profileId);
        const filled = result.lines.filter((l) => l.outcome === 'filled').map((l) => l.field);
        for (const f of ['Application Name', 'Website URL', 'Valid redirect URIs', 'Company Name', 'Privacy Policy URL', 'Contact email']) {
          assert.ok(filled.includes(f), `${f} filled: ${JSON.stringify(result.lines)}`);
        }
        // The widget shows the URIs as real tokens.
        const tokens = await tab.evaluate(() => [...document.querySelectorAll('.tokenfield .token')].map((t) => t.dataset.value));
        assert.deepEqual(tokens, EXPECTED[profileId].uris);
        await tab.click('button[type="submit"]');
        const submission = await posted(server, 'the form submission');
        const profile = PROFILES.profiles.find((p) => p.id === profileId);
        assert.deepEqual(field(submission, 'website_url'), [EXPECTED[profileId].website]);
        assert.deepEqual(splitUris(field(submission, 'redirect_uri')[0]), EXPECTED[profileId].uris);
        assert.deepEqual(field(submission, 'name'), [profile.appName]);
        assert.deepEqual(field(submission, 'company_name'), [profile.companyName]);
        assert.deepEqual(field(submission, 'privacy_policy_url'), [profile.privacyPolicyUrl]);
        assert.deepEqual(field(submission, 'contact_email'), [profile.contactEmail]);
        assert.equal(submission.outcome, 'registered', JSON.stringify(submission.errors));
        await landed(tab, 'Manage Clients');
        await tab.close();
      });
    }

    test('the keyboard shortcut fills with the profile the popup offers, and the toolbar says so', async () => {
      const [fill] = (await session.shortcuts()).filter((c) => c.name === 'fill');
      assert.ok(fill, 'the fill command is registered');
      assert.equal(fill.shortcut.replace(/\s/g, ''), 'Alt+Shift+F');
      await server.reset();
      await session.setStorage({ selectedProfileByPortal: { legacyInstagram: 'shop-gigya' } });
      const tab = await session.openTab(portal('/developer/clients/register/'));
      const tabId = await session.tabIdOf(await tab.url());
      const said = await session.runCommand('fill', tabId);
      assert.match(said, /filled \d+ field\(s\) from “Shop \(Gigya US\+EU\+RU\)”/);
      const toolbar = await session.toolbar(tabId);
      assert.equal(toolbar.badge, '✓');
      assert.equal(toolbar.title, `ClientFill: ${said}`);
      const tokens = await tab.evaluate(() => [...document.querySelectorAll('.tokenfield .token')].map((t) => t.dataset.value));
      assert.deepEqual(tokens, EXPECTED['shop-gigya'].uris);
      await tab.click('button[type="submit"]');
      const submission = await posted(server, 'the form submission');
      assert.deepEqual(field(submission, 'website_url'), [EXPECTED['shop-gigya'].website]);
      await landed(tab, 'Manage Clients');
      // Outside a form, it says there is nothing to fill and changes nothing.
      const other = await session.openTab(session.pageUrl(IG, `/accounts/login/?${CSP}`));
      const otherId = await session.tabIdOf(await other.url());
      assert.equal(await session.runCommand('fill', otherId), 'nothing to fill on this page.');
      await other.close();
      await tab.close();
    });

    test('Register (2014 layout): plain fields are filled', async () => {
      await server.reset();
      const tab = await session.openTab(portal('/developer/clients/register/?layout=2014'));
      await fillFrom(tab, 'shop-gigya');
      await tab.click('button[type="submit"], input[type="submit"]');
      const submission = await posted(server, 'the form submission');
      assert.deepEqual(splitUris(field(submission, 'redirect_uri')[0]), EXPECTED['shop-gigya'].uris);
      assert.deepEqual(field(submission, 'website_url'), [EXPECTED['shop-gigya'].website]);
      await landed(tab, 'Manage Clients');
      await tab.close();
    });

    test('a late-rendered form with changed ids is still recognised and filled', async () => {
      await server.reset();
      const tab = await session.openTab(portal('/developer/clients/register/?late=1&ids=changed'));
      const popup = await openPopupFor(session, await tab.url());
      assert.equal(await popup.attribute('[data-testid="page-kind"]', 'data-kind'), 'legacy:register');
      await popup.close();
      await eventually(() => tab.evaluate(() => document.querySelectorAll('.tokenfield').length === 1), { what: 'the late form' });
      assert.equal(await tab.count('#id_website_url'), 0, 'the ids really changed');
      const result = await fillFrom(tab, 'acme-auth0');
      assert.equal(result.lines.find((l) => l.field === 'Valid redirect URIs').outcome, 'filled');
      await tab.evaluate(() => document.querySelector('form.client-form, form').requestSubmit());
      const submission = await posted(server, 'the form submission');
      assert.deepEqual(field(submission, 'website_url'), [EXPECTED['acme-auth0'].website]);
      assert.deepEqual(splitUris(field(submission, 'redirect_uri')[0]), EXPECTED['acme-auth0'].uris);
      await landed(tab, 'Manage Clients');
      await tab.close();
    });

    test('until Fill is asked, the form gets no event and no value from ClientFill', async () => {
      // Late-rendered: the form arrives after the listeners below are in place.
      const tab = await session.openTab(portal('/developer/clients/register/?late=1'));
      await tab.evaluate(() => {
        window.__events = [];
        for (const type of ['input', 'change', 'blur', 'focusout', 'keydown', 'keyup', 'paste', 'click']) {
          // On elements: the window's own blur when the popup's tab opens is not ClientFill's.
          document.addEventListener(type, (e) => e.target instanceof Element && window.__events.push(`${type} ${e.target.id || e.target.tagName}`), true);
        }
      });
      await eventually(() => tab.evaluate(() => document.querySelectorAll('.tokenfield').length === 1), { what: 'the late form' });
      assert.equal(await steps.kindOf(session, tab), 'legacy:register');
      // The content script rehearses a fill a moment after it found the form.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.deepEqual(await tab.evaluate(() => window.__events), []);
      const values = await tab.evaluate(() =>
        [...document.querySelectorAll('form input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=checkbox]):not([type=radio]), form textarea')].map((e) => e.value).filter(Boolean),
      );
      assert.deepEqual(values, []);
      assert.equal(await tab.evaluate(() => document.querySelectorAll('.tokenfield .token').length), 0);
      await tab.close();
    });

    test('the token-flow profile unchecks "Disable implicit OAuth" on the Security tab', async () => {
      await server.reset();
      const tab = await session.openTab(portal('/developer/clients/register/'));
      assert.equal(await tab.evaluate(() => document.querySelector('#id_disable_implicit_oauth').checked), true);
      const result = await fillFrom(tab, 'local-token');
      assert.equal(result.lines.find((l) => l.field === 'Disable implicit OAuth').outcome, 'filled');
      await tab.click('button[type="submit"]');
      const submission = await posted(server, 'the form submission');
      assert.deepEqual(field(submission, 'disable_implicit_oauth'), [], 'the box was submitted unchecked');
      assert.deepEqual(splitUris(field(submission, 'redirect_uri')[0]), ['http://localhost']);
      await landed(tab, 'Manage Clients');
      await tab.close();
    });

    test('what the user typed is kept unless they choose to overwrite', async () => {
      const tab = await session.openTab(portal('/developer/clients/register/'));
      await tab.type('#id_website_url', 'https://typed.example');
      const kept = await fillFrom(tab, 'acme-auth0');
      assert.equal(kept.lines.find((l) => l.field === 'Website URL').outcome, 'skipped');
      assert.equal(await tab.evaluate(() => document.querySelector('#id_website_url').value), 'https://typed.example');
      const replaced = await fillFrom(tab, 'acme-auth0', { overwrite: true });
      assert.equal(replaced.lines.find((l) => l.field === 'Website URL').outcome, 'filled');
      assert.equal(await tab.evaluate(() => document.querySelector('#id_website_url').value), 'https://acme.eu.auth0.com');
      await tab.close();
    });

    test('Edit: existing tokens are merged, and a second fill changes nothing', async () => {
      const log = (...a) => process.env.E2E_DEBUG && console.error('[edit]', ...a);
      await server.reset();
      const gigya = (await server.clients()).find((c) => c.name === 'Gigya');
      const tab = await session.openTab(portal(`/developer/clients/${gigya.id}/edit/`));
      const tokens = () => tab.evaluate(() => [...document.querySelectorAll('.tokenfield .token')].map((t) => t.dataset.value));
      const before = await tokens();
      log('before', before);
      // Opening Edit Client captures the client (never its secret).
      const stored = await eventually(async () => {
        const { clients: store } = await session.storageLocal('clients');
        return store?.clients?.find((c) => c.clientId === gigya.id);
      }, { what: 'the Edit page capture' });
      assert.equal(stored.appName, 'Gigya');
      assert.ok(!JSON.stringify(stored).includes(gigya.secret));
      assert.equal(before.length, 4);
      const first = await fillFrom(tab, 'shop-gigya');
      log('first', first);
      assert.equal(first.lines.find((l) => l.field === 'Valid redirect URIs').outcome, 'filled');
      const merged = await tokens();
      assert.deepEqual(merged, [...before, 'https://socialize.ru1.gigya.com/GS/GSLogin.aspx?']);
      const second = await fillFrom(tab, 'shop-gigya');
      log('second', second);
      assert.deepEqual(await tokens(), merged, 'no token added twice');
      assert.equal(second.lines.find((l) => l.field === 'Valid redirect URIs').outcome, 'unchanged');
      // Existing details of the client are kept (no overwrite asked).
      assert.equal(second.lines.find((l) => l.field === 'Website URL').outcome, 'skipped');
      await tab.evaluate(() => document.querySelector('.client-form button[type="submit"]').click());
      const submission = await posted(server, 'the update');
      assert.deepEqual(splitUris(field(submission, 'redirect_uri')[0]), merged);
      assert.deepEqual(field(submission, 'website_url'), [gigya.websiteUrl]);
      await landed(tab, 'Manage Clients');
      await tab.close();
    });

    test('a banned name is flagged while typing and the warning clears', async () => {
      const tab = await session.openTab(portal('/developer/clients/register/'));
      const warning = () =>
        tab.evaluate(
          () => document.querySelector('clientfill-overlay')?.shadowRoot?.querySelector('[data-testid="name-warning"]')?.textContent ?? null,
        );
      const formBefore = await tab.evaluate(() => document.querySelector('form').outerHTML);
      await tab.type('#id_name', 'My Insta Tool');
      // The findings show at once; the suggestion comes from the background.
      const text = await eventually(
        async () => {
          const t = await warning();
          return t?.includes('Use “') ? t : null;
        },
        { what: 'the name warning with its suggestion' },
      );
      assert.match(text, /Insta/);
      assert.match(text, /Use “My Tool”/);
      await tab.evaluate(() => {
        const input = document.querySelector('#id_name');
        input.select();
      });
      await tab.type('#id_name', 'Acme Tool');
      await eventually(async () => (await warning()) === null, { what: 'the warning to clear' });
      const formAfter = await tab.evaluate(() => document.querySelector('form').outerHTML);
      assert.equal(formAfter.replace(/value="[^"]*"/g, ''), formBefore.replace(/value="[^"]*"/g, ''), 'form markup untouched');
      await tab.close();
    });

    test('the name warning covers no control, follows its field, hides with it, tells refusals from soft warnings, applies its suggestion and can be dismissed', async () => {
      const tab = await session.openTab(portal('/developer/clients/register/'));
      const callout = () =>
        tab.evaluate(() => {
          const box = document.querySelector('clientfill-overlay')?.shadowRoot?.querySelector('[data-testid="name-warning"]');
          // Only what the user can see: hidden while it is being placed.
          if (!box || getComputedStyle(box).display === 'none' || getComputedStyle(box).visibility === 'hidden') return null;
          const r = box.getBoundingClientRect();
          const f = document.querySelector('#id_name').getBoundingClientRect();
          // Every control of the page the callout overlaps.
          const covered = [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, label, a')]
            .filter((c) => {
              const b = c.getBoundingClientRect();
              return b.width && b.height && b.left < r.right && r.left < b.right && b.top < r.bottom && r.top < b.bottom;
            })
            .map((c) => c.id || c.name || c.textContent.trim());
          return {
            tone: box.dataset.tone,
            role: box.getAttribute('role'),
            text: box.textContent,
            dx: Math.round(r.left - f.left),
            dy: Math.round(r.top - f.top),
            covered,
            suggestion: box.querySelector('[data-testid="name-suggestion"]')?.textContent ?? null,
          };
        });
      // The overlay lives in a shadow root, which WebDriver's selectors do
      // not reach: its buttons are clicked from the page.
      const press = (testid) =>
        tab.evaluate((t) => document.querySelector('clientfill-overlay').shadowRoot.querySelector(`[data-testid="${t}"]`).click(), testid);

      await tab.type('#id_name', 'My Insta Tool');
      // The findings show at once; the suggestion, the background's, a moment later.
      const shown = await eventually(async () => {
        const c = await callout();
        return c?.suggestion ? c : null;
      }, { what: 'the name warning with its suggestion' });
      assert.equal(shown.tone, 'refusal');
      assert.equal(shown.role, 'alert');
      assert.deepEqual(shown.covered, [], 'no control of the page under the warning');
      assert.equal(shown.suggestion, 'Use “My Tool”');

      // Scrolled: it stays where it was beside the field.
      await tab.evaluate(() => {
        document.body.style.minHeight = '3000px';
        window.scrollBy(0, 120);
      });
      await eventually(async () => {
        const now = await callout();
        return now && now.dx === shown.dx && now.dy === shown.dy;
      }, { what: 'the warning to follow the field' });

      // Hidden with its field, back with it.
      await tab.evaluate(() => {
        document.querySelector('#id_name').style.display = 'none';
      });
      await eventually(async () => (await callout()) === null, { what: 'the warning hidden with the field' });
      await tab.evaluate(() => {
        document.querySelector('#id_name').style.display = '';
      });
      await eventually(callout, { what: 'the warning back' });

      // The suggestion goes into the field, as typed, and the warning clears.
      await press('name-suggestion');
      await eventually(async () => (await tab.evaluate(() => document.querySelector('#id_name').value)) === 'My Tool', {
        what: 'the suggestion applied',
      });
      await eventually(async () => (await callout()) === null, { what: 'the warning to clear' });

      // An ordinary word holding a term: soft, and nothing to suggest.
      await tab.evaluate(() => document.querySelector('#id_name').select());
      await tab.type('#id_name', 'Telegram Tools');
      const soft = await eventually(callout, { what: 'the soft warning' });
      assert.equal(soft.tone, 'soft');
      assert.equal(soft.role, 'status');
      assert.equal(soft.suggestion, null);
      assert.match(soft.text, /Probably fine/);

      // Dismissed: gone, and it stays away while it has nothing new to say.
      await press('name-warning-dismiss');
      await eventually(async () => (await callout()) === null, { what: 'the dismissed warning' });
      await tab.type('#id_name', 's');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await callout(), null, 'still dismissed');
      await tab.evaluate(() => document.querySelector('#id_name').select());
      await tab.type('#id_name', 'IG Tools');
      assert.equal((await eventually(callout, { what: 'a new warning' })).tone, 'refusal');
      await tab.close();
    });

    test('Manage Clients: every client is captured, without secrets, with mismatches shown', async () => {
      await server.reset();
      // A store that cannot be read is kept aside, not overwritten (one a
      // newer version wrote is left in place: tests/e2e/trust.test.mjs).
      await session.setStorage({ clients: { version: 1, clients: 'not a list' } });
      const clients = await server.clients();
      const tab = await session.openTab(portal('/developer/clients/manage/'));
      const stored = await eventually(async () => {
        const { clients: store } = await session.storageLocal('clients');
        return store?.clients?.length === clients.length ? store : null;
      }, { what: 'the captured clients' });
      const text = JSON.stringify(stored);
      const all = await session.storageLocal(null);
      const backups = Object.keys(all).filter((k) => k.startsWith('clients.corrupt.'));
      assert.equal(backups.length, 1, Object.keys(all).join());
      assert.deepEqual(all[backups[0]], { version: 1, clients: 'not a list' });
      for (const client of clients) {
        assert.ok(text.includes(client.id), `captured ${client.name}`);
        assert.ok(!text.includes(client.secret), 'no client secret stored');
      }
      const popup = await openPopupFor(session, await tab.url());
      await popup.waitFor('[data-testid="client"]');
      const shown = await popup.evaluate(() => [...document.querySelectorAll('[data-testid="client"]')].map((c) => ({ id: c.dataset.clientId, text: c.textContent, warnings: [...c.querySelectorAll('[data-testid="warning"]')].map((w) => w.textContent) })));
      assert.deepEqual(shown.map((c) => c.id).sort(), clients.map((c) => c.id).sort());
      const gigya = shown.find((c) => c.id === clients.find((x) => x.name === 'Gigya').id);
      assert.match(gigya.text, /Shop \(Gigya/);
      assert.ok(gigya.warnings.some((w) => w.includes('https://socialize.ru1.gigya.com/GS/GSLogin.aspx?')), JSON.stringify(gigya.warnings));
      const auth0 = shown.find((c) => c.id === clients.find((x) => x.name === 'Acme Login').id);
      assert.deepEqual(auth0.warnings, [], 'the Auth0 client matches its profile');
      assert.equal(await popup.count('[data-testid="export-clients"]'), 1);
      // The open popup follows the store: a client captured or removed elsewhere shows at once.
      const { clients: store } = await session.storageLocal('clients');
      const onlyAuth0 = { ...store, clients: store.clients.filter((c) => c.appName === 'Acme Login') };
      await session.setStorage({ clients: onlyAuth0 });
      await eventually(async () => (await popup.count('[data-testid="client"]')) === 1, { what: 'the popup to redraw' });
      await popup.close();
      await tab.close();
    });

    test('unreadable stored profiles are reported, kept aside, and an import replaces them', async () => {
      const garbage = { format: 'clientfill-profiles', version: 7, profiles: 'lost?' };
      await session.setStorage({ profiles: garbage });
      const options = await session.openTab(session.extensionUrl('options.html'));
      await options.waitFor('#profiles [role="alert"]');
      assert.match(await options.text('#profiles [role="alert"]'), /could not be read/);
      await options.close();
      await importProfiles(session, PROFILES);
      const all = await session.storageLocal(null);
      const backups = Object.keys(all).filter((k) => k.startsWith('profiles.corrupt.'));
      assert.equal(backups.length, 1, Object.keys(all).join());
      assert.deepEqual(all[backups[0]], garbage);
    });

    test('a page outside the developer portal is left alone', async () => {
      const tab = await session.openTab(session.pageUrl(IG, `/accounts/login/?${CSP}`));
      await tab.type('input:not([type=hidden])', 'Instagram');
      await new Promise((r) => setTimeout(r, 800));
      assert.equal(await tab.count('clientfill-overlay'), 0);
      await tab.close();
    });
  });
}

// The first form POST the fixture portal received since its last reset.
// Waits for the portal's answer page, as a user does before moving on.
async function landed(tab, heading) {
  await eventually(async () => (await tab.evaluate(() => document.querySelector('h1')?.textContent ?? '')).includes(heading), {
    what: `the ${heading} page`,
  });
}

function posted(server, what) {
  return eventually(async () => (await server.submissions()).find((s) => s.method === 'POST'), { what });
}
