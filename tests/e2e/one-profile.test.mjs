// One broker profile, three portals: the same Auth.js site is registered on
// GitHub, Google and Discord from the popup, each portal getting its own
// provider's callback; the three Client IDs are captured, linked to the
// profile, and listed per portal in the popup; a deliberately wrong callback
// is then diagnosed on the provider's error page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFixtureServer } from '../fixtures/server.mjs';
import { browsers, eventually, importProfiles, openPopupFor } from './lib/browsers.mjs';
import * as steps from './lib/steps.mjs';
import { clickText, outcomes } from './lib/steps.mjs';

const SITE = 'https://www.acme-shop.com';
const CSP = 'csp=strict';
const PROJECT = 'acme-auth-demo';
const DISCORD_APP = '1122334455667788990';
const PROFILE = { id: 'shop', name: 'Shop (Auth.js)', preset: 'authjs', params: { siteUrl: SITE }, appName: 'Acme Shop', description: 'Sign in to the Acme shop' };
const callback = (provider) => `${SITE}/api/auth/callback/${provider}`;
const ALL_SITES = [
  'https://github.com/settings/*',
  'https://github.com/organizations/*',
  'https://github.com/login/oauth/authorize*',
  'https://console.cloud.google.com/*',
  'https://accounts.google.com/o/oauth2/*',
  'https://accounts.google.com/signin/oauth/*',
  'https://discord.com/developers/*',
];

for (const { name, launch } of browsers()) {
  describe(`one profile on three portals in ${name}`, () => {
    let server;
    let session;

    before(async () => {
      server = await startFixtureServer();
      session = await launch(server);
      await importProfiles(session, { format: 'clientfill-profiles', version: 1, profiles: [PROFILE] });
      await session.grantHostPermissions(ALL_SITES);
      await session.contentScriptsSynced();
    });
    after(async () => {
      await session?.close();
      await server?.close();
    });

    const url = (host, path, extra = '') => session.pageUrl(host, `${path}?${[extra, CSP].filter(Boolean).join('&')}`);
    const fill = (tab) => steps.fillFrom(session, tab, PROFILE.id);
    const kindOf = (tab) => steps.kindOf(session, tab);
    const mine = async (portal) => (await steps.storedClients(session)).filter((c) => c.portal === portal && c.profileId === PROFILE.id);
    const posted = (method, path) =>
      eventually(async () => (await server.submissions()).find((s) => s.method === method && s.path === path), { what: `${method} ${path}` });

    test('GitHub, Google and Discord each get their callback, and the three Client IDs are captured for the profile', async () => {
      // GitHub: Register a new OAuth app, then the app's page.
      const gh = await session.openTab(url('github.com', '/settings/applications/new'));
      await eventually(async () => (await kindOf(gh)) === 'github:oauth-app-new', { what: 'GitHub’s form' });
      assert.ok(Object.values(outcomes(await fill(gh))).every((o) => o === 'filled'));
      await gh.click('button[type="submit"], input[type="submit"]');
      const registered = await posted('POST', '/settings/applications');
      assert.deepEqual(registered.fields.find(([k]) => k === 'oauth_application[callback_url]')[1], callback('github'));
      const github = await eventually(async () => (await mine('github'))[0], { what: 'the GitHub client for the profile' });
      assert.equal(github.clientId, registered.clientId);
      await gh.close();

      // Google: Create OAuth client ID, then the client's page.
      const gg = await session.openTab(url('console.cloud.google.com', '/auth/clients/create', `project=${PROJECT}`));
      await eventually(async () => (await kindOf(gg)) === 'google:oauth-client-new', { what: 'Google’s form' });
      assert.equal(outcomes(await fill(gg))['Authorized redirect URIs'], 'filled');
      await clickText(gg, 'button', 'Create');
      const created = await posted('POST', '/auth/clients/create/save');
      assert.deepEqual(created.json.redirectUris, [callback('google')]);
      await eventually(async () => (await steps.storedClients(session)).some((c) => c.clientId === created.clientId), { what: 'the dialog’s Client ID' });
      await gg.goto(url('console.cloud.google.com', `/auth/clients/${created.clientId}`, `project=${PROJECT}`));
      const google = await eventually(async () => (await mine('google'))[0], { what: 'the Google client for the profile' });
      assert.equal(google.clientId, created.clientId);
      await gg.close();

      // Discord: the application's OAuth2 Redirects.
      const dc = await session.openTab(url('discord.com', `/developers/applications/${DISCORD_APP}/oauth2`));
      await eventually(async () => (await kindOf(dc)) === 'discord:oauth2', { what: 'Discord’s OAuth2 page' });
      assert.deepEqual(outcomes(await fill(dc)), { Redirects: 'filled' });
      await clickText(dc, 'button', 'Save Changes');
      const saved = await posted('PATCH', `/api/v9/applications/${DISCORD_APP}`);
      assert.deepEqual(saved.json.redirect_uris, [callback('discord')]);
      const discord = await eventually(async () => (await mine('discord'))[0], { what: 'the Discord client for the profile' });
      assert.equal(discord.clientId, DISCORD_APP);

      // The popup lists each portal's client.
      const popup = await openPopupFor(session, await dc.url());
      await popup.waitFor('[data-testid="client-group"][data-portal="discord"]');
      const groups = await popup.evaluate(() =>
        Object.fromEntries(
          [...document.querySelectorAll('[data-testid="client-group"]')].map((g) => [
            g.dataset.portal,
            [...g.querySelectorAll('[data-testid="client"]')].map((c) => c.dataset.clientId),
          ]),
        ),
      );
      assert.deepEqual(groups.github, [github.clientId]);
      assert.deepEqual(groups.google, [google.clientId]);
      assert.deepEqual(groups.discord, [DISCORD_APP]);
      await popup.close();
      await dc.close();

      // A login sent with Google's callback to GitHub is diagnosed there.
      const login = await session.openTab(
        url('github.com', '/login/oauth/authorize', `client_id=${github.clientId}&redirect_uri=${encodeURIComponent(callback('google'))}`),
      );
      const report = await eventually(() => steps.inOverlay(login, 'doctor'), { what: 'the doctor' });
      assert.equal(report.verdict, 'missing');
      assert.ok(report.text.includes(callback('github')), report.text);
      await login.close();
    });
  });
}
