// GitHub, end to end under a strict CSP: the install holds no GitHub
// access until the user turns it on in the options page (which asks the
// browser for exactly GitHub's patterns); then Register a new OAuth app and
// Register new GitHub App are filled from a broker profile, submitted by the
// user as GitHub's own Rails forms post them, the Client IDs are captured
// from the app pages, and a login sent with a wrong redirect_uri is
// explained on GitHub's authorize page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFixtureServer } from '../fixtures/server.mjs';
import { browsers, eventually, importProfiles, openPopupFor } from './lib/browsers.mjs';
import * as steps from './lib/steps.mjs';
import { clickText, inOverlay, outcomes } from './lib/steps.mjs';

const GH = 'github.com';
const CSP = 'csp=strict';
const GITHUB_PATTERNS = [
  'https://github.com/settings/*',
  'https://github.com/organizations/*',
  'https://github.com/login/oauth/authorize*',
];
const CALLBACK = 'https://acme.eu.auth0.com/login/callback';

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
      description: 'Sign in to Acme',
    },
    {
      id: 'acme-two',
      name: 'Acme (two callbacks)',
      preset: 'custom',
      params: { redirectUris: ['https://app.acme.example/api/auth/callback/github', 'https://staging.acme.example/api/auth/callback/github'] },
      appName: 'Acme Web Sign In For Every Team Member',
      websiteUrl: 'https://app.acme.example',
    },
  ],
};

const field = (submission, name) => submission.fields.filter(([k]) => k === name).map(([, v]) => v);

for (const { name, launch } of browsers()) {
  describe(`GitHub in ${name}`, () => {
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

    const page = (path, extra = '') => session.pageUrl(GH, `${path}?${[extra, CSP].filter(Boolean).join('&')}`);

    const fillFrom = (tab, profileId) => steps.fillFrom(session, tab, profileId);
    const kindOf = (tab) => steps.kindOf(session, tab);
    const clients = () => steps.storedClients(session);

    test('off until turned on: the popup offers it, the options page asks for exactly GitHub’s pages', async () => {
      assert.deepEqual(
        (await session.hostPermissions()).filter((o) => o.includes('github.com')),
        [],
        'an install holds no GitHub access',
      );
      const tab = await session.openTab(page('/settings/applications/new'));
      // Without access the browser hides the page's address from the
      // extension: the popup offers every portal that is off.
      const popup = await openPopupFor(session, await tab.url(), { hidden: true });
      await popup.waitFor('[data-testid="site-off"]');
      assert.equal(await popup.attribute('[data-testid="page-kind"]', 'data-kind'), 'none');
      const offered = await popup.evaluate(() =>
        [...document.querySelectorAll('[data-testid="site-access-request"]')].map((b) => b.dataset.access),
      );
      assert.deepEqual(offered, ['github', 'google', 'discord', 'meta-login-errors']);
      await popup.close();

      const options = await session.openTab(session.extensionUrl('options.html'));
      const toggle = '[data-testid="portal-access"][data-access="github"]';
      await options.waitFor(toggle);
      assert.equal(await options.evaluate((sel) => document.querySelector(sel).checked, toggle), false);
      const asked = await session.allowPermissionRequests(options, GITHUB_PATTERNS);
      await options.click(toggle);
      await eventually(
        async () => (await options.attribute('[data-testid="portal-access-state"][data-access="github"]', 'data-state')) === 'on',
        { what: 'the GitHub switch on' },
      );
      const requests = await asked.requests();
      assert.equal(requests.length, 1);
      assert.deepEqual([...requests[0].origins].sort(), [...GITHUB_PATTERNS].sort(), 'exactly GitHub’s patterns');
      assert.equal(requests[0].outcome, 'granted');
      await options.close();
      await session.contentScriptsSynced();
      // The already open page starts once reloaded.
      await tab.goto(await tab.url());
      await eventually(async () => (await kindOf(tab)) === 'github:oauth-app-new', { what: 'the registration page detected' });
      await tab.close();
    });

    test('Register a new OAuth app: filled, registered by the user, the Client ID captured; a second fill changes nothing', async () => {
      await server.reset({ only: 'records' });
      const tab = await session.openTab(page('/settings/applications/new'));
      await eventually(async () => (await kindOf(tab)) === 'github:oauth-app-new', { what: 'the OAuth app form' });
      const result = await fillFrom(tab, 'acme-auth0');
      assert.deepEqual(outcomes(result), {
        'Application name': 'filled',
        'Homepage URL': 'filled',
        'Application description': 'filled',
        'Authorization callback URL': 'filled',
      });
      assert.deepEqual(await fillFrom(tab, 'acme-auth0').then(outcomes), {
        'Application name': 'unchanged',
        'Homepage URL': 'unchanged',
        'Application description': 'unchanged',
        'Authorization callback URL': 'unchanged',
      });
      await tab.click('button[type="submit"], input[type="submit"]');
      const submission = await eventually(
        async () => (await server.submissions()).find((s) => s.method === 'POST' && s.path === '/settings/applications'),
        { what: 'the registration post' },
      );
      assert.equal(submission.outcome, 'registered', JSON.stringify(submission.errors ?? {}));
      assert.deepEqual(field(submission, 'oauth_application[name]'), ['Acme Login']);
      assert.deepEqual(field(submission, 'oauth_application[url]'), ['https://acme.eu.auth0.com']);
      assert.deepEqual(field(submission, 'oauth_application[description]'), ['Sign in to Acme']);
      assert.deepEqual(field(submission, 'oauth_application[callback_url]'), [CALLBACK]);
      await eventually(async () => (await kindOf(tab)) === 'github:oauth-app', { what: 'the app page' });
      const captured = await eventually(
        async () => (await clients()).find((c) => c.clientId === submission.clientId),
        { what: 'the captured Client ID' },
      );
      assert.match(captured.clientId, /^Ov23li[A-Za-z0-9]{14}$/);
      assert.equal(captured.portal, 'github');
      assert.equal(captured.idKind, 'github-client-id');
      assert.deepEqual(captured.redirectUris, [CALLBACK]);
      const again = await fillFrom(tab, 'acme-auth0');
      assert.ok(Object.values(outcomes(again)).every((o) => o === 'unchanged'), JSON.stringify(again.lines));
      await tab.close();
    });

    test('Register new GitHub App: every callback in its own row, the 34-character name limit said before Create', async () => {
      await server.reset({ only: 'records' });
      const tab = await session.openTab(page('/settings/apps/new'));
      await eventually(async () => (await kindOf(tab)) === 'github:app-new', { what: 'the GitHub App form' });
      const result = await fillFrom(tab, 'acme-two');
      assert.equal(outcomes(result)['Callback URL'], 'filled', JSON.stringify(result));
      assert.ok(
        result.warnings.some((w) => w.includes('at most 34')),
        `the name limit: ${JSON.stringify(result.warnings)}`,
      );
      const rows = await tab.evaluate(() =>
        [...document.querySelectorAll('input[name^="integration[application_callback_urls_attributes]"]')].map((i) => i.value),
      );
      assert.deepEqual(rows, PROFILES.profiles[1].params.redirectUris);
      // The user shortens the name and creates the app (its webhook off).
      await tab.evaluate(() => {
        const name = document.querySelector('[name="integration[name]"]');
        name.value = 'Acme Web Sign In';
        const hook = document.querySelector('[name="integration[hook_attributes][active]"][type="checkbox"]');
        if (hook?.checked) hook.click();
      });
      await tab.click('input[type="submit"][value="Create GitHub App"]');
      const submission = await eventually(
        async () => (await server.submissions()).find((s) => s.method === 'POST' && s.path === '/settings/apps'),
        { what: 'the GitHub App post' },
      );
      assert.equal(submission.outcome, 'registered', JSON.stringify(submission.errors ?? {}));
      const posted = submission.fields.filter(([k]) => /^integration\[application_callback_urls_attributes\]\[\d+\]\[url\]$/.test(k)).map(([, v]) => v);
      assert.deepEqual(posted, PROFILES.profiles[1].params.redirectUris);
      const captured = await eventually(
        async () => (await clients()).find((c) => c.clientId === submission.clientId),
        { what: 'the GitHub App Client ID' },
      );
      assert.equal(captured.idKind, 'github-app-client-id');
      assert.deepEqual(captured.redirectUris, PROFILES.profiles[1].params.redirectUris);
      await tab.close();
    });

    test('the doctor: a wrong redirect_uri on GitHub’s authorize page is explained, with the app’s settings one click away', async () => {
      const app = (await clients()).find((c) => c.idKind === 'github-client-id');
      assert.ok(app, 'the OAuth app captured above');
      const wrong = 'https://acme.us.auth0.com/login/callback';
      const url = page('/login/oauth/authorize', `client_id=${app.clientId}&redirect_uri=${encodeURIComponent(wrong)}&scope=read%3Auser`);
      const tab = await session.openTab(url);
      await tab.waitFor('h1');
      assert.equal(await tab.text('h1'), 'Be careful!');
      const report = await eventually(
        () =>
          tab.evaluate(() => {
            const box = document.querySelector('clientfill-overlay')?.shadowRoot?.querySelector('[data-testid="doctor"]');
            return box && { verdict: box.dataset.verdict, text: box.textContent, href: box.querySelector('[data-testid="doctor-open-settings"]')?.href };
          }),
        { what: 'the doctor in the page' },
      );
      assert.equal(report.verdict, 'missing');
      assert.ok(report.text.includes(wrong), report.text);
      assert.ok(report.text.includes(CALLBACK), 'what is registered');
      assert.ok(report.text.includes('Authorization callback URL'), report.text);
      assert.equal(report.href, app.pageUrl.split('?')[0]);

      const popup = await openPopupFor(session, await tab.url());
      assert.equal(await popup.attribute('[data-testid="page-kind"]', 'data-kind'), 'github:login-error');
      await popup.waitFor('[data-testid="doctor"]');
      assert.equal(await popup.attribute('[data-testid="doctor"]', 'data-verdict'), 'missing');
      assert.match(await popup.text('[data-testid="doctor-fix"]'), /one callback URL/);
      assert.equal(await popup.attribute('[data-testid="doctor-open-settings"]', 'href'), app.pageUrl.split('?')[0]);
      await popup.close();

      // A path under the callback is one GitHub accepts: no error page, no report.
      const fine = await session.openTab(page('/login/oauth/authorize', `client_id=${app.clientId}&redirect_uri=${encodeURIComponent(`${CALLBACK}/more`)}`));
      await fine.waitFor('h1');
      assert.match(await fine.text('h1'), /^Authorize/);
      assert.equal(await kindOf(fine), 'none');
      await fine.close();
      await tab.close();
    });
  });
}
