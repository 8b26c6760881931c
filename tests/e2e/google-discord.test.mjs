// Google Auth Platform and the Discord Developer Portal, end to end under a
// strict CSP, once the user has turned them on: Google's Angular-style form
// (a combobox to choose first, rows added with "Add URI", a model fed only
// by input events) is filled and created by the user, its Client ID
// captured from the "OAuth client created" dialog and the client's page;
// Google's "Error 400: redirect_uri_mismatch" is explained. Discord's React
// Create dialog warns about "discord" in the name; its OAuth2 Redirects get
// a row from "Add Redirect", are saved by the user, and the Client ID is
// captured.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFixtureServer } from '../fixtures/server.mjs';
import { browsers, eventually, importProfiles, openPopupFor } from './lib/browsers.mjs';
import * as steps from './lib/steps.mjs';
import { clickText, inOverlay, outcomes } from './lib/steps.mjs';

const CONSOLE = 'console.cloud.google.com';
const ACCOUNTS = 'accounts.google.com';
const DISCORD = 'discord.com';
const CSP = 'csp=strict';
const PROJECT = 'acme-auth-demo';
const SITE = 'https://www.acme-shop.com';
const GOOGLE_CALLBACK = `${SITE}/api/auth/callback/google`;
const DISCORD_CALLBACK = `${SITE}/api/auth/callback/discord`;
const PATTERNS = [
  'https://console.cloud.google.com/*',
  'https://accounts.google.com/o/oauth2/*',
  'https://accounts.google.com/signin/oauth/*',
  'https://discord.com/developers/*',
];

const PROFILES = {
  format: 'clientfill-profiles',
  version: 1,
  profiles: [
    { id: 'shop-authjs', name: 'Shop (Auth.js)', preset: 'authjs', params: { siteUrl: SITE }, appName: 'Acme Shop' },
    { id: 'shop-discord-name', name: 'Shop (Discord in the name)', preset: 'authjs', params: { siteUrl: SITE }, appName: 'Acme Discord Login' },
    { id: 'shop-firebase', name: 'Shop (Firebase)', preset: 'firebase', params: { projectId: 'acme-shop' }, appName: 'Acme Shop' },
  ],
};


for (const { name, launch } of browsers()) {
  describe(`Google and Discord in ${name}`, () => {
    let server;
    let session;

    before(async () => {
      server = await startFixtureServer();
      session = await launch(server);
      await importProfiles(session, PROFILES);
      await session.grantHostPermissions(PATTERNS);
      await session.contentScriptsSynced();
    });
    after(async () => {
      await session?.close();
      await server?.close();
    });

    const url = (host, path, extra = '') => session.pageUrl(host, `${path}?${[extra, CSP].filter(Boolean).join('&')}`);

    const fillFrom = (tab, profileId) => steps.fillFrom(session, tab, profileId);
    const kindOf = (tab) => steps.kindOf(session, tab);
    const clients = () => steps.storedClients(session);

    test('Google: the type is chosen, both lists get rows, the model Create posts is right, the Client ID is captured', async () => {
      await server.reset();
      const tab = await session.openTab(url(CONSOLE, '/auth/clients/create', `project=${PROJECT}`));
      await eventually(async () => (await kindOf(tab)) === 'google:oauth-client-new', { what: 'the create page' });
      const result = await fillFrom(tab, 'shop-authjs');
      assert.deepEqual(result.errors, []);
      assert.deepEqual(outcomes(result), {
        Name: 'filled',
        'Authorized JavaScript origins': 'filled',
        'Authorized redirect URIs': 'filled',
      }, JSON.stringify(result));
      await clickText(tab, 'button', 'Create');
      const created = await eventually(
        async () => (await server.submissions()).find((s) => s.method === 'POST' && s.path === '/auth/clients/create/save'),
        { what: 'the Create post' },
      );
      assert.equal(created.outcome, 'created', JSON.stringify(created.errors ?? {}));
      assert.deepEqual(created.json, {
        applicationType: 'WEB',
        name: 'Acme Shop',
        javascriptOrigins: [SITE],
        redirectUris: [GOOGLE_CALLBACK],
      });
      const captured = await eventually(async () => (await clients()).find((c) => c.clientId === created.clientId), {
        what: 'the Client ID from the dialog',
      });
      assert.match(captured.clientId, /^\d+-[a-z0-9]+\.apps\.googleusercontent\.com$/);
      assert.equal(captured.idKind, 'google-client-id');
      await tab.close();

      // The client's page: its rows are captured, and a second fill changes nothing.
      const page = await session.openTab(url(CONSOLE, `/auth/clients/${created.clientId}`, `project=${PROJECT}`));
      await eventually(async () => (await clients()).find((c) => c.clientId === created.clientId)?.redirectUris?.length === 1, {
        what: 'the redirect URIs from the client page',
      });
      assert.deepEqual((await clients()).find((c) => c.clientId === created.clientId).redirectUris, [GOOGLE_CALLBACK]);
      const again = await fillFrom(page, 'shop-authjs');
      assert.ok(Object.values(outcomes(again)).every((o) => o === 'unchanged'), JSON.stringify(again.lines));
      await page.close();
    });

    test('Google: a broker without the login says so; Google’s redirect_uri_mismatch is explained', async () => {
      const tab = await session.openTab(url(CONSOLE, '/auth/clients/create', `project=${PROJECT}`));
      await eventually(async () => (await kindOf(tab)) === 'google:oauth-client-new', { what: 'the create page' });
      await tab.close();
      const client = (await clients()).find((c) => c.idKind === 'google-client-id');
      assert.ok(client, 'the client captured above');
      // The login sends the callback with a trailing slash.
      const sent = `${GOOGLE_CALLBACK}/`;
      const login = await session.openTab(
        session.pageUrl(ACCOUNTS, `/o/oauth2/v2/auth?client_id=${encodeURIComponent(client.clientId)}&redirect_uri=${encodeURIComponent(sent)}&response_type=code&scope=openid`),
      );
      const report = await eventually(() => inOverlay(login, 'doctor'), { what: 'the doctor on Google’s error page' });
      assert.equal(report.verdict, 'near-miss');
      assert.ok(report.text.includes('trailing slash'), report.text);
      assert.ok(report.text.includes('Authorized redirect URIs'), report.text);
      assert.equal(report.href, `https://${CONSOLE}/auth/clients/${client.clientId}?project=${PROJECT}`);
      const popup = await openPopupFor(session, await login.url());
      assert.equal(await popup.attribute('[data-testid="page-kind"]', 'data-kind'), 'google:login-error');
      assert.equal(await popup.attribute('[data-testid="doctor"]', 'data-verdict'), 'near-miss');
      await popup.close();
      await login.close();
    });

    test('Discord: "discord" in a name is refused as the user types; Fill opens Create an application', async () => {
      await server.reset();
      const tab = await session.openTab(url(DISCORD, '/developers/applications'));
      await eventually(async () => (await kindOf(tab)) === 'discord:app-new', { what: 'the applications page' });
      const result = await fillFrom(tab, 'shop-discord-name');
      assert.equal(outcomes(result).Name, 'filled', JSON.stringify(result));
      assert.ok(result.warnings.some((w) => w.includes('cannot contain')), JSON.stringify(result.warnings));
      const warning = await eventually(() => inOverlay(tab, 'name-warning'), { what: 'the name warning' });
      assert.equal(warning.tone, 'refusal');
      assert.ok(warning.text.includes('discord'), warning.text);
      // The suggestion goes into React's state: Create then succeeds.
      await eventually(() => inOverlay(tab, 'name-suggestion'), { what: 'the suggestion' });
      await tab.evaluate(() =>
        document.querySelector('clientfill-overlay').shadowRoot.querySelector('[data-testid="name-suggestion"]').click(),
      );
      await eventually(async () => (await tab.evaluate(() => document.querySelector('[role="dialog"] input[type="text"]').value)) === 'Acme Login', {
        what: 'the suggested name in the field',
      });
      await tab.click('[role="dialog"] input[type="checkbox"]');
      await clickText(tab, '[role="dialog"] button', 'Create');
      const post = await eventually(
        async () => (await server.submissions()).find((s) => s.method === 'POST' && s.path === '/api/v9/applications'),
        { what: 'the Create post' },
      );
      assert.deepEqual(post.json, { name: 'Acme Login' });
      // The portal then opens the new application: closing the tab while it
      // navigates can hang the browser's close.
      await eventually(async () => /\/developers\/applications\/\d+\/information/.test(await tab.url()), {
        what: 'the new application’s page',
      });
      await tab.close();
    });

    test('Discord: Redirects get a row, the user saves, the Client ID is captured; a second fill changes nothing', async () => {
      await server.reset();
      const id = '1234567890123456789';
      const tab = await session.openTab(url(DISCORD, `/developers/applications/${id}/oauth2`));
      await eventually(async () => (await kindOf(tab)) === 'discord:oauth2', { what: 'the OAuth2 page' });
      const result = await fillFrom(tab, 'shop-authjs');
      assert.deepEqual(outcomes(result), { Redirects: 'filled' }, JSON.stringify(result));
      await clickText(tab, 'button', 'Save Changes');
      const saved = await eventually(
        async () => (await server.submissions()).find((s) => s.method === 'PATCH' && s.path === `/api/v9/applications/${id}`),
        { what: 'the Save Changes patch' },
      );
      assert.deepEqual(saved.json, { redirect_uris: [DISCORD_CALLBACK] });
      const captured = await eventually(
        async () => (await clients()).find((c) => c.clientId === id && c.redirectUris.length === 1),
        { what: 'the captured Discord client' },
      );
      assert.equal(captured.portal, 'discord');
      assert.equal(captured.idKind, 'discord-client-id');
      assert.deepEqual(captured.redirectUris, [DISCORD_CALLBACK]);
      const again = await fillFrom(tab, 'shop-authjs');
      assert.deepEqual(outcomes(again), { Redirects: 'unchanged' });
      // Firebase has no Discord login: it says so and fills nothing.
      const firebase = await fillFrom(tab, 'shop-firebase');
      assert.ok(firebase.errors.some((e) => e.includes('has no Discord login')), JSON.stringify(firebase));
      await tab.close();
    });
  });
}
