// The Meta App Dashboard, end to end under a strict CSP: Instagram business
// login's settings dialog and the three Facebook Login settings routes are
// detected, filled from profiles and saved by the user; what the dashboard's
// own React state posted is checked, and what ClientFill captured from the
// saved settings. Also the live banned-name warning on Basic Display and the
// fill's warnings about localhost and another provider's callback.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFixtureServer } from '../fixtures/server.mjs';
import { browsers, eventually, importProfiles, openPopupFor } from './lib/browsers.mjs';
import * as steps from './lib/steps.mjs';

const FB = 'developers.facebook.com';
const CSP = 'csp=strict';

// Seed app "Acme Strapi": one saved redirect URI on both login pages, and
// Web OAuth login off.
const SEED = '1187243319820456';
const SEED_IG_APP = '1029384756473829';
const KEEP_IG = 'https://keep.acme.example/auth/instagram/callback';
const KEEP_FB = 'https://keep.acme.example/auth/facebook/callback';

const instagramLogin = (id) => ({ path: `/apps/${id}/instagram-business/API-Setup/`, query: '' });
const basicDisplay = (id) => ({ path: `/apps/${id}/instagram-basic-display/basic-display/`, query: '' });
const FB_ROUTES = {
  'fb-login': (id) => ({ path: `/apps/${id}/fb-login/settings/`, query: '' }),
  'business-login': (id) => ({ path: `/apps/${id}/business-login/settings/`, query: '' }),
  'use-case': (id) => ({
    path: `/apps/${id}/use_cases/customize/settings/`,
    query: 'use_case_enum=FB_LOGIN&selected_tab=settings&product_route=fb-login',
  }),
};

// Unknown numeric app ids are created on first visit: one per case keeps
// the cases from seeing each other's saves.
let lastId = 3141592653500000;
const freshId = () => String(++lastId);

const PROFILES = {
  format: 'clientfill-profiles',
  version: 1,
  profiles: [
    { id: 'acme-strapi', name: 'Acme (Strapi)', preset: 'strapi', params: { backendUrl: 'https://65e60559.ngrok.io' }, appName: 'Acme Shop' },
    { id: 'acme-auth0', name: 'Acme (Auth0)', preset: 'auth0', params: { tenant: 'acme.eu.auth0.com' }, appName: 'Acme Login' },
    { id: 'acme-supabase', name: 'Acme (Supabase)', preset: 'supabase', params: { projectRef: 'abcdefghijklmnopqrst' }, appName: 'Acme Accounts' },
    { id: 'acme-authjs', name: 'Acme (Auth.js)', preset: 'authjs', params: { siteUrl: 'https://www.acme.example' }, appName: 'Acme Web' },
    // Meta refuses "Insta" in a name.
    { id: 'insta-pics', name: 'InstaPics (Auth0)', preset: 'auth0', params: { tenant: 'instapics.us.auth0.com' }, appName: 'InstaPics Login' },
    { id: 'strapi-local', name: 'Strapi on localhost', preset: 'strapi', params: { backendUrl: 'http://localhost:1337' }, appName: 'Local Shop' },
    {
      id: 'authjs-custom',
      name: 'Auth.js by hand',
      preset: 'custom',
      params: { redirectUris: ['https://www.acme.example/api/auth/callback/instagram'] },
      appName: 'Acme Web',
    },
  ],
};

const BACKEND = 'https://65e60559.ngrok.io';
const EXPECTED = {
  'acme-strapi': {
    instagram: [`${BACKEND}/api/connect/instagram/callback`],
    facebook: [`${BACKEND}/api/connect/facebook/callback`],
    metaUrls: BACKEND,
  },
  'acme-auth0': {
    instagram: ['https://acme.eu.auth0.com/login/callback'],
    facebook: ['https://acme.eu.auth0.com/login/callback'],
  },
  'acme-supabase': {
    // Supabase has no Instagram login: nothing to fill on Instagram pages.
    instagram: null,
    facebook: ['https://abcdefghijklmnopqrst.supabase.co/auth/v1/callback'],
  },
  'acme-authjs': {
    instagram: ['https://www.acme.example/api/auth/callback/instagram'],
    facebook: ['https://www.acme.example/api/auth/callback/facebook'],
  },
};

const IG_LINES = ['OAuth redirect URIs', 'Deauthorize callback URL', 'Data deletion request URL'];
const FB_LINES = ['Valid OAuth Redirect URIs', 'Client OAuth login', 'Web OAuth login'];

// Facebook Login's switches: the app's state member and the member the page posts.
const FB_FLAGS = [
  ['clientOauthLogin', 'client_oauth_login'],
  ['webOauthLogin', 'web_oauth_login'],
  ['enforceHttps', 'enforce_https'],
  ['forceWebOauthReauth', 'force_web_oauth_reauthentication'],
  ['embeddedBrowserOauthLogin', 'embedded_browser_oauth_login'],
  ['useStrictMode', 'use_strict_mode'],
  ['loginFromDevices', 'login_from_devices'],
  ['loginWithJsSdk', 'login_with_js_sdk'],
];

const { outcomes } = steps;

for (const { name, launch } of browsers()) {
  describe(`Meta App Dashboard in ${name}`, () => {
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

    const dashboard = ({ path, query }, extra = '') =>
      session.pageUrl(FB, `${path}?${[query, extra, CSP].filter(Boolean).join('&')}`);

    const fillFrom = (tab, profileId, options) => steps.fillFrom(session, tab, profileId, options);

    const kindOf = (tab) => steps.kindOf(session, tab);

    // The page as a user sees it once it has loaded: the skeleton is gone.
    async function openInstagramLogin(id, extra) {
      const tab = await session.openTab(dashboard(instagramLogin(id), extra));
      await eventually(() => hasButton(tab, 'Business login settings'), { what: 'the API setup page' });
      return tab;
    }
    async function openFacebookLogin(route, extra) {
      const tab = await session.openTab(dashboard(route, extra));
      await eventually(() => hasButton(tab, 'Save changes'), { what: 'the Facebook Login settings' });
      return tab;
    }

    const appState = async (id) => (await server.apps()).find((a) => a.id === id);

    // The JSON the page posted to `<page path>save/`.
    const saved = (route, what = 'the saved settings') =>
      eventually(
        async () => (await server.submissions()).find((s) => s.method === 'POST' && s.path === `${route.path}save/`),
        { what },
      );
    const saves = async (route) =>
      (await server.submissions()).filter((s) => s.method === 'POST' && s.path === `${route.path}save/`);

    async function saveDialog(tab) {
      await pressButton(tab, 'Save', '[role="dialog"]');
      await changesSaved(tab);
    }
    async function saveChanges(tab) {
      await pressButton(tab, 'Save changes');
      await changesSaved(tab);
    }

    async function storedClient(clientId) {
      const { clients: store } = await session.storageLocal('clients');
      return store?.clients?.find((c) => c.clientId === clientId) ?? null;
    }

    test('imported profiles are listed', async () => {
      const options = await session.openTab(session.extensionUrl('options.html'));
      await options.waitFor('[data-testid="profile"]');
      assert.equal(await options.count('[data-testid="profile"]'), PROFILES.profiles.length);
      await options.close();
    });

    test('each dashboard page is detected', async () => {
      await server.reset();
      const ig = await openInstagramLogin(SEED);
      assert.equal(await ig.count('[role="dialog"]'), 0, 'the dialog starts closed');
      assert.equal(await kindOf(ig), 'meta:instagram-login', 'dialog closed');
      await pressButton(ig, 'Business login settings');
      await ig.waitFor('[role="dialog"][aria-modal="true"]');
      assert.equal(await kindOf(ig), 'meta:instagram-login', 'dialog open');
      await ig.close();
      for (const [routeName, route] of Object.entries(FB_ROUTES)) {
        const tab = await openFacebookLogin(route(SEED));
        assert.equal(await kindOf(tab), 'meta:facebook-login', routeName);
        await tab.close();
      }
      const bd = await session.openTab(dashboard(basicDisplay(SEED)));
      await eventually(() => hasButton(bd, 'Save Changes'), { what: 'the Basic Display page' });
      assert.equal(await kindOf(bd), 'meta:app-settings');
      await bd.close();
    });

    test('Instagram business login: a broker without Instagram login says so and fills nothing', async () => {
      await server.reset();
      const id = freshId();
      const tab = await openInstagramLogin(id);
      const popup = await openPopupFor(session, await tab.url());
      await popup.waitFor('[data-testid="profile-select"]');
      await popup.evaluate(() => {
        const select = document.querySelector('[data-testid="profile-select"]');
        select.value = 'acme-supabase';
        select.dispatchEvent(new Event('change'));
      });
      await popup.waitFor('[data-testid="profile-unsupported"]');
      const note = await popup.evaluate(() => document.querySelector('[data-testid="profile-unsupported"]').textContent);
      assert.match(note, /Supabase Auth has no Instagram login/);
      await popup.click('[data-testid="fill"]');
      await popup.waitFor('[data-testid="fill-result"] .error');
      const error = await popup.evaluate(() => document.querySelector('[data-testid="fill-result"] .error').textContent);
      assert.match(error, /has no Instagram login/);
      await popup.close();
      assert.equal(await tab.count('[role="dialog"]'), 0, 'the dialog stays closed');
      assert.equal((await server.submissions()).length, 0);
      await tab.close();
    });

    for (const profileId of Object.keys(EXPECTED).filter((id) => EXPECTED[id].instagram)) {
      test(`Instagram business login: ${profileId} fills the dialog the user saves`, async () => {
        await server.reset();
        const id = freshId();
        const route = instagramLogin(id);
        const tab = await openInstagramLogin(id);
        assert.equal(await tab.count('[role="dialog"]'), 0, 'the dialog starts closed');
        const result = await fillFrom(tab, profileId);
        const got = outcomes(result);
        assert.deepEqual(Object.keys(got).sort(), [...IG_LINES].sort(), JSON.stringify(result.lines));
        assert.equal(got['OAuth redirect URIs'], 'filled');
        const metaUrls = EXPECTED[profileId].metaUrls ? 'filled' : 'missing';
        assert.equal(got['Deauthorize callback URL'], metaUrls);
        assert.equal(got['Data deletion request URL'], metaUrls);
        assert.ok(!result.warnings.some((w) => /did not accept/.test(w)), JSON.stringify(result.warnings));
        // Fill opened the dialog itself.
        assert.equal(await tab.count('[role="dialog"]'), 1);
        assert.deepEqual(await chips(tab, '[role="dialog"]'), EXPECTED[profileId].instagram, 'the URIs are real chips');
        // The webhook fields of step 2 are not ClientFill's.
        assert.equal(await valueOf(tab, 'Callback URL'), '');
        assert.equal(await valueOf(tab, 'Verify token'), '');
        await saveDialog(tab);
        const submission = await saved(route);
        assert.equal(submission.contentType, 'application/json');
        assert.equal(submission.outcome, 'saved', JSON.stringify(submission.errors));
        assert.deepEqual(submission.json.redirect_uris, EXPECTED[profileId].instagram);
        assert.equal(submission.json.deauthorize_callback_url, EXPECTED[profileId].metaUrls ?? '');
        assert.equal(submission.json.data_deletion_request_url, EXPECTED[profileId].metaUrls ?? '');
        await tab.close();
      });
    }

    // Every route, and an app with both needed switches off.
    const FB_CASES = [
      ['acme-strapi', 'fb-login', {}],
      ['acme-auth0', 'business-login', {}],
      ['acme-supabase', 'use-case', {}],
      ['acme-authjs', 'use-case', { clientOauthLogin: false, webOauthLogin: false }],
    ];
    for (const [profileId, routeName, switches] of FB_CASES) {
      const off = Object.keys(switches).length ? ' (switches off)' : '';
      test(`Facebook Login (${routeName})${off}: ${profileId} fills the redirect URIs, never the switches`, async () => {
        await server.reset();
        const id = freshId();
        if (off) await server.setApps([...(await server.apps()), { id, name: 'Acme Web', facebookLogin: switches }]);
        const route = FB_ROUTES[routeName](id);
        const tab = await openFacebookLogin(route);
        const app = (await appState(id)).facebookLogin;
        const switchesBefore = await switchStates(tab);
        const result = await fillFrom(tab, profileId);
        const got = outcomes(result);
        assert.deepEqual(Object.keys(got).sort(), [...FB_LINES].sort(), JSON.stringify(result.lines));
        assert.equal(got['Valid OAuth Redirect URIs'], 'filled');
        assert.equal(got['Client OAuth login'], app.clientOauthLogin ? 'unchanged' : 'skipped');
        assert.equal(got['Web OAuth login'], app.webOauthLogin ? 'unchanged' : 'skipped');
        if (!app.webOauthLogin) {
          assert.match(result.lines.find((l) => l.field === 'Web OAuth login').text, /turn it on/);
        }
        assert.deepEqual(await switchStates(tab), switchesBefore, 'no switch flipped on the page');
        assert.equal(await valueOf(tab, 'Redirect URI to Check'), '', 'the validator is left alone');
        await saveChanges(tab);
        const submission = await saved(route);
        assert.equal(submission.outcome, 'saved', JSON.stringify(submission.errors));
        assert.deepEqual(submission.json.valid_oauth_redirect_uris, EXPECTED[profileId].facebook);
        for (const [member, key] of FB_FLAGS) {
          assert.equal(submission.json[key], app[member], `${key} posted as the app had it`);
        }
        assert.deepEqual(submission.json.js_sdk_allowed_domains, app.jsSdkAllowedDomains);
        const checks = (await server.submissions()).filter((s) => s.outcome === 'checked' || s.path.endsWith('/check/'));
        assert.deepEqual(checks, [], 'nobody used the Redirect URI Validator');
        await tab.close();
      });
    }

    test('existing redirect URIs are kept first and never repeated (seed app, both pages)', async () => {
      await server.reset();
      const igRoute = instagramLogin(SEED);
      const ig = await openInstagramLogin(SEED);
      const igResult = await fillFrom(ig, 'acme-strapi');
      assert.equal(outcomes(igResult)['OAuth redirect URIs'], 'filled');
      assert.deepEqual(await chips(ig, '[role="dialog"]'), [KEEP_IG, ...EXPECTED['acme-strapi'].instagram]);
      await saveDialog(ig);
      assert.deepEqual((await saved(igRoute)).json.redirect_uris, [KEEP_IG, ...EXPECTED['acme-strapi'].instagram]);
      await ig.close();

      const fbRoute = FB_ROUTES['fb-login'](SEED);
      const fb = await openFacebookLogin(fbRoute);
      const fbResult = await fillFrom(fb, 'acme-strapi');
      const got = outcomes(fbResult);
      assert.equal(got['Valid OAuth Redirect URIs'], 'filled');
      assert.equal(got['Client OAuth login'], 'unchanged');
      assert.equal(got['Web OAuth login'], 'skipped', 'the seed app has Web OAuth login off');
      assert.equal((await switchStates(fb))['Web OAuth login'], false, 'and it stays off');
      await saveChanges(fb);
      const submission = await saved(fbRoute);
      assert.deepEqual(submission.json.valid_oauth_redirect_uris, [KEEP_FB, ...EXPECTED['acme-strapi'].facebook]);
      assert.equal(submission.json.web_oauth_login, false);
      assert.equal(submission.json.client_oauth_login, true);
      assert.deepEqual(submission.json.js_sdk_allowed_domains, ['acme.example']);
      assert.equal((await switchStates(fb))['Web OAuth login'], false, 'still off after the save');
      await fb.close();
    });

    test('a second fill before saving changes nothing (both pages)', async () => {
      await server.reset();
      const igId = freshId();
      const igRoute = instagramLogin(igId);
      const ig = await openInstagramLogin(igId);
      await fillFrom(ig, 'acme-strapi');
      const again = await fillFrom(ig, 'acme-strapi');
      assert.deepEqual(Object.values(outcomes(again)), IG_LINES.map(() => 'unchanged'), JSON.stringify(again.lines));
      await saveDialog(ig);
      const igSaved = await saved(igRoute);
      assert.deepEqual(igSaved.json.redirect_uris, EXPECTED['acme-strapi'].instagram);
      await ig.close();

      const fbRoute = FB_ROUTES['fb-login'](SEED);
      const fb = await openFacebookLogin(fbRoute);
      await fillFrom(fb, 'acme-auth0');
      const second = await fillFrom(fb, 'acme-auth0');
      assert.deepEqual(outcomes(second), {
        'Valid OAuth Redirect URIs': 'unchanged',
        'Client OAuth login': 'unchanged',
        'Web OAuth login': 'skipped',
      });
      await saveChanges(fb);
      assert.deepEqual((await saved(fbRoute)).json.valid_oauth_redirect_uris, [KEEP_FB, ...EXPECTED['acme-auth0'].facebook]);
      await fb.close();
    });

    test('after save and reload, a fill finds everything in place and posts nothing (both pages)', async () => {
      await server.reset();
      const igId = freshId();
      const igRoute = instagramLogin(igId);
      const ig = await openInstagramLogin(igId);
      await fillFrom(ig, 'acme-strapi');
      await saveDialog(ig);
      await saved(igRoute);
      await ig.goto(dashboard(igRoute));
      await eventually(() => hasButton(ig, 'Business login settings'), { what: 'the reloaded page' });
      const igAgain = await fillFrom(ig, 'acme-strapi');
      // The dashboard saved the bare origin with a trailing slash: still the same URL.
      assert.deepEqual(Object.values(outcomes(igAgain)), IG_LINES.map(() => 'unchanged'), JSON.stringify(igAgain.lines));
      await stays(async () => (await saves(igRoute)).length === 1, { what: 'no post without Save' });
      await saveDialog(ig);
      await eventually(async () => (await saves(igRoute)).length === 2, { what: 'the second save' });
      const second = (await saves(igRoute))[1];
      assert.deepEqual(second.json.redirect_uris, EXPECTED['acme-strapi'].instagram);
      assert.equal(second.json.deauthorize_callback_url, `${BACKEND}/`);
      await ig.close();

      const fbRoute = FB_ROUTES['business-login'](freshId());
      const fb = await openFacebookLogin(fbRoute);
      await fillFrom(fb, 'acme-supabase');
      await saveChanges(fb);
      await saved(fbRoute);
      await fb.goto(dashboard(fbRoute));
      await eventually(() => hasButton(fb, 'Save changes'), { what: 'the reloaded settings' });
      const fbAgain = await fillFrom(fb, 'acme-supabase');
      assert.deepEqual(outcomes(fbAgain), {
        'Valid OAuth Redirect URIs': 'unchanged',
        'Client OAuth login': 'unchanged',
        'Web OAuth login': 'unchanged',
      });
      await stays(async () => (await saves(fbRoute)).length === 1, { what: 'no post without Save' });
      await saveChanges(fb);
      await eventually(async () => (await saves(fbRoute)).length === 2, { what: 'the second save' });
      assert.deepEqual((await saves(fbRoute))[1].json.valid_oauth_redirect_uris, EXPECTED['acme-supabase'].facebook);
      await fb.close();
    });

    test('a fill right after a late render is what the dashboard saves (late=1, both pages)', async () => {
      await server.reset();
      const igRoute = instagramLogin(freshId());
      const ig = await session.openTab(dashboard(igRoute, 'late=1'));
      await eventually(async () => (await kindOf(ig)) === 'meta:instagram-login', { what: 'the kind in the popup' });
      // The popup knows the page by its route while the skeleton still
      // shows: Fill waits for the form the route promises.
      const igResult = await fillFrom(ig, 'acme-authjs');
      assert.equal(outcomes(igResult)['OAuth redirect URIs'], 'filled', JSON.stringify(igResult.lines));
      // Whatever the page re-renders in that time must not drop the fill.
      await new Promise((r) => setTimeout(r, 1500));
      await saveDialog(ig);
      assert.deepEqual((await saved(igRoute)).json.redirect_uris, EXPECTED['acme-authjs'].instagram);
      await ig.close();

      const fbRoute = FB_ROUTES['use-case'](freshId());
      const fb = await session.openTab(dashboard(fbRoute, 'late=1'));
      await eventually(async () => (await kindOf(fb)) === 'meta:facebook-login', { what: 'the kind in the popup' });
      // Likewise here, without waiting for the settings to show.
      const fbResult = await fillFrom(fb, 'acme-authjs');
      assert.equal(outcomes(fbResult)['Valid OAuth Redirect URIs'], 'filled', JSON.stringify(fbResult.lines));
      await new Promise((r) => setTimeout(r, 1500));
      await saveChanges(fb);
      assert.deepEqual((await saved(fbRoute)).json.valid_oauth_redirect_uris, EXPECTED['acme-authjs'].facebook);
      await fb.close();
    });

    test('until Fill is asked, Facebook Login gets no event, no text and no chip from ClientFill (late=1)', async () => {
      await server.reset();
      const route = FB_ROUTES['fb-login'](SEED);
      const tab = await session.openTab(dashboard(route, 'late=1'));
      // In place before the settings render, so the rehearsal after they do is seen.
      await tab.evaluate(() => {
        window.__events = [];
        for (const type of ['input', 'change', 'blur', 'focusout', 'keydown', 'keyup', 'paste', 'click']) {
          document.addEventListener(type, (e) => e.target instanceof Element && window.__events.push(`${type} ${e.target.id || e.target.tagName}`), true);
        }
      });
      await eventually(() => hasButton(tab, 'Save changes'), { what: 'the Facebook Login settings' });
      assert.equal(await kindOf(tab), 'meta:facebook-login');
      // The content script rehearses a fill a moment after it read the settings.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.deepEqual(await tab.evaluate(() => window.__events), []);
      // The saved redirect URI, then the seed app's JavaScript SDK domain.
      assert.deepEqual(await chips(tab, 'body'), [KEEP_FB, 'acme.example'], 'only the saved chips');
      assert.equal(await valueOf(tab, 'Valid OAuth Redirect URIs'), '');
      const result = await fillFrom(tab, 'acme-authjs');
      assert.equal(outcomes(result)['Valid OAuth Redirect URIs'], 'filled', JSON.stringify(result.lines));
      assert.deepEqual(await chips(tab, 'body'), [KEEP_FB, ...EXPECTED['acme-authjs'].facebook, 'acme.example']);
      await tab.close();
    });

    test('one input per URI (uris=rows, both pages)', async () => {
      await server.reset();
      const igId = freshId();
      const igRoute = instagramLogin(igId);
      const ig = await openInstagramLogin(igId, 'uris=rows');
      const igResult = await fillFrom(ig, 'acme-strapi');
      assert.equal(outcomes(igResult)['OAuth redirect URIs'], 'filled', JSON.stringify(igResult.lines));
      await saveDialog(ig);
      const igSaved = await saved(igRoute);
      assert.deepEqual(igSaved.json.redirect_uris, EXPECTED['acme-strapi'].instagram);
      assert.equal(igSaved.json.deauthorize_callback_url, BACKEND);
      await ig.close();

      // The seed app's saved row stays, the new one comes after it.
      const fbRoute = FB_ROUTES['fb-login'](SEED);
      const fb = await openFacebookLogin(fbRoute, 'uris=rows');
      const fbResult = await fillFrom(fb, 'acme-authjs');
      assert.equal(outcomes(fbResult)['Valid OAuth Redirect URIs'], 'filled', JSON.stringify(fbResult.lines));
      const again = await fillFrom(fb, 'acme-authjs');
      assert.equal(outcomes(again)['Valid OAuth Redirect URIs'], 'unchanged', 'no row added twice');
      await saveChanges(fb);
      assert.deepEqual((await saved(fbRoute)).json.valid_oauth_redirect_uris, [KEEP_FB, ...EXPECTED['acme-authjs'].facebook]);
      await fb.close();
    });

    test('the profile chosen on each portal is the one the popup offers there next time', async () => {
      await session.clearStorage(['selectedProfile', 'selectedProfileByPortal']);
      const meta = await session.openTab(dashboard(FB_ROUTES['fb-login'](SEED)));
      const legacy = await session.openTab(session.pageUrl('www.instagram.com', '/developer/clients/register/'));
      const choose = async (tab, id) => {
        const popup = await openPopupFor(session, await tab.url());
        await popup.waitFor('[data-testid="profile-select"]');
        await popup.evaluate((id) => {
          const select = document.querySelector('[data-testid="profile-select"]');
          select.value = id;
          select.dispatchEvent(new Event('change'));
        }, id);
        await popup.close();
      };
      const offered = async (tab) => {
        const popup = await openPopupFor(session, await tab.url());
        await popup.waitFor('[data-testid="profile-select"]');
        const value = await popup.evaluate(() => document.querySelector('[data-testid="profile-select"]').value);
        await popup.close();
        return value;
      };
      await choose(meta, 'acme-strapi');
      await eventually(async () => (await session.storageLocal('selectedProfileByPortal')).selectedProfileByPortal?.meta === 'acme-strapi', {
        what: 'the choice on Meta',
      });
      await choose(legacy, 'acme-auth0');
      await eventually(
        async () => (await session.storageLocal('selectedProfileByPortal')).selectedProfileByPortal?.legacyInstagram === 'acme-auth0',
        { what: 'the choice on the legacy portal' },
      );
      assert.equal(await offered(meta), 'acme-strapi');
      assert.equal(await offered(legacy), 'acme-auth0');
      await meta.close();
      await legacy.close();
    });

    test('capture: the Instagram app ID with the saved URIs, never unsaved ones', async () => {
      await server.reset();
      await session.clearStorage('clients');
      const igId = (await appState(SEED)).instagramLogin.instagramAppId;
      assert.equal(igId, SEED_IG_APP);
      assert.notEqual(igId, SEED, 'the Instagram app ID is not the Meta app id');
      const ig = await openInstagramLogin(SEED);
      // The user opens the dialog: it shows the saved list.
      await pressButton(ig, 'Business login settings');
      const first = await eventually(async () => {
        const client = await storedClient(igId);
        return client?.redirectUris?.length ? client : null;
      }, { what: 'the capture of the saved settings' });
      assert.deepEqual(first.redirectUris, [KEEP_IG]);
      assert.equal(first.idKind, 'instagram-app-id');
      assert.equal(await storedClient(SEED), null, 'nothing stored under the Meta app id');
      await fillFrom(ig, 'acme-strapi');
      // Longer than the content script takes to notice a change.
      await stays(async () => JSON.stringify((await storedClient(igId))?.redirectUris) === JSON.stringify([KEEP_IG]), {
        what: 'the stored list to stay the saved one',
      });
      await saveDialog(ig);
      const wanted = [KEEP_IG, ...EXPECTED['acme-strapi'].instagram];
      await eventually(async () => JSON.stringify((await storedClient(igId))?.redirectUris) === JSON.stringify(wanted), {
        what: 'the capture after Save',
      });
      const shown = await clientsInPopup(ig);
      const item = shown.find((c) => c.id === igId);
      assert.ok(item, JSON.stringify(shown));
      assert.equal(item.kind, 'instagram-app-id');
      assert.match(item.text, /Instagram app ID/);
      assert.ok(!shown.some((c) => c.id === SEED && c.kind === 'instagram-app-id'), JSON.stringify(shown));
      await ig.close();
    });

    test('capture: the Meta app id on Facebook Login, with the saved URIs only', async () => {
      await server.reset();
      await session.clearStorage('clients');
      const route = FB_ROUTES['business-login'](SEED);
      const fb = await openFacebookLogin(route);
      const first = await eventually(() => storedClient(SEED), { what: 'the capture on load' });
      assert.deepEqual(first.redirectUris, [KEEP_FB]);
      assert.equal(first.idKind, 'meta-app-id');
      await fillFrom(fb, 'acme-auth0');
      await stays(async () => JSON.stringify((await storedClient(SEED))?.redirectUris) === JSON.stringify([KEEP_FB]), {
        what: 'the stored list to stay the saved one',
      });
      await saveChanges(fb);
      const wanted = [KEEP_FB, ...EXPECTED['acme-auth0'].facebook];
      await eventually(async () => JSON.stringify((await storedClient(SEED))?.redirectUris) === JSON.stringify(wanted), {
        what: 'the capture after Save',
      });
      const shown = await clientsInPopup(fb);
      const item = shown.find((c) => c.id === SEED);
      assert.ok(item, JSON.stringify(shown));
      assert.equal(item.kind, 'meta-app-id');
      assert.match(item.text, /App ID/);

      // What the broker takes: the profile's broker first, the App ID in its
      // Management API body, a named placeholder for the secret.
      const popup = await openPopupFor(session, await fb.url());
      const client = `[data-testid="client"][data-client-id="${SEED}"]`;
      await popup.click(`${client} [data-testid="exports"] summary`);
      const exports = await popup.evaluate(
        (css) =>
          [...document.querySelectorAll(`${css} [data-testid="broker-export"]`)].map((e) => ({
            target: e.dataset.target,
            text: e.querySelector('[data-testid="export-text"]').textContent,
            note: e.textContent,
          })),
        client,
      );
      assert.equal(exports[0]?.target, 'auth0', JSON.stringify(exports.map((e) => e.target)));
      const body = JSON.parse(exports[0].text);
      assert.deepEqual(body, { name: 'facebook', strategy: 'facebook', options: { client_id: SEED, client_secret: '<FACEBOOK_APP_SECRET>' } });
      assert.match(exports[0].note, /App settings → Basic/);
      const authjs = exports.find((e) => e.target === 'authjs');
      assert.equal(authjs?.text, `AUTH_FACEBOOK_ID=${SEED}\nAUTH_FACEBOOK_SECRET=<FACEBOOK_APP_SECRET>\n`);
      assert.ok(!exports.some((e) => e.target === 'embed-url'), 'the Embed URL is Instagram business login\'s');
      await popup.close();
      await fb.close();
    });

    test('the popup flags missing fields and ticks the checklist; clients are grouped, removed and restored; absent exports say why', async () => {
      await server.reset();
      await session.clearStorage('clients');
      const tab = await openInstagramLogin(SEED);
      const popup = await openPopupFor(session, await tab.url());
      await popup.waitFor('[data-testid="profile-select"]');
      const steps = () =>
        popup.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid="checklist"] li')].map((l) => [l.dataset.step, l.dataset.state])));
      // Auth0 documents no Deauthorize or Data Deletion URL.
      await popup.select('[data-testid="profile-select"]', 'acme-auth0');
      await popup.waitFor('[data-testid="profile-missing"]');
      assert.match(await popup.text('[data-testid="profile-missing"]'), /no Deauthorize callback URL, Data deletion request URL/);
      assert.deepEqual(await steps(), { register: 'todo', 'redirect-uris': 'todo', 'meta-urls': 'todo', live: 'check', broker: 'todo' });
      // Strapi's are its backend URL.
      await popup.select('[data-testid="profile-select"]', 'acme-strapi');
      await eventually(async () => (await popup.count('[data-testid="profile-missing"]')) === 0, { what: 'nothing missing' });
      assert.equal((await steps())['meta-urls'], 'done');

      // Filled and saved on the dashboard: the capture ticks the steps in the
      // open popup.
      await popup.click('[data-testid="fill"]');
      await popup.waitFor('[data-testid="fill-result"] li');
      await saveDialog(tab);
      await eventually(async () => (await steps()).register === 'done' && (await steps())['redirect-uris'] === 'done', {
        what: 'the checklist ticked from the capture',
      });
      assert.equal((await steps()).broker, 'done');
      assert.equal(await popup.attribute('[data-testid="client-group"]', 'data-portal'), 'meta');
      const item = `[data-testid="client"][data-client-id="${SEED_IG_APP}"]`;
      await popup.waitFor(item);
      // Instagram has no Auth0 connection: the export says so instead of a gap.
      await popup.click(`${item} [data-testid="exports"] summary`);
      assert.match(await popup.text(`${item} [data-testid="export-unsupported"][data-target="auth0"]`), /no Instagram connection/);

      await popup.click(`${item} [data-testid="client-remove"]`);
      await popup.waitFor('[data-testid="client-undo"]');
      assert.equal(await storedClient(SEED_IG_APP), null, 'removed from the store');
      await eventually(async () => (await popup.count(item)) === 0, { what: 'the client gone from the list' });
      assert.equal(await popup.focused(), 'client-undo');
      await popup.key('Enter');
      await eventually(() => storedClient(SEED_IG_APP), { what: 'the restored client' });
      await popup.waitFor(item);
      await popup.close();
      await tab.close();
    });

    test('Basic Display: a banned Display Name is flagged while typing and the warning clears', async () => {
      await server.reset();
      const tab = await session.openTab(dashboard(basicDisplay(SEED)));
      await eventually(() => hasButton(tab, 'Save Changes'), { what: 'the Basic Display page' });
      // React's useId ids (":r2:") need the attribute form of a selector.
      const id = await tab.evaluate(() => [...document.querySelectorAll('label')].find((l) => l.textContent.trim() === 'Display Name')?.htmlFor);
      assert.ok(id, 'the Display Name field');
      const input = `[id="${id}"]`;
      const warning = () =>
        tab.evaluate(
          () => document.querySelector('clientfill-overlay')?.shadowRoot?.querySelector('[data-testid="name-warning"]')?.textContent ?? null,
        );
      assert.equal(await warning(), null, 'no warning for the saved name');
      await retype(tab, input, 'InstaPics');
      // The findings show at once; the suggestion, the background's, a moment later.
      const text = await eventually(async () => {
        const t = await warning();
        return t?.includes('Use “') ? t : null;
      }, { what: 'the name warning with its suggestion' });
      assert.match(text, /Insta/);
      assert.match(text, /Use “Pics”/);
      // The suggestion reaches the dashboard's React state: it is what Save sends.
      await server.reset();
      await tab.evaluate(() => document.querySelector('clientfill-overlay').shadowRoot.querySelector('[data-testid="name-suggestion"]').click());
      await eventually(async () => (await warning()) === null, { what: 'the warning to clear' });
      assert.equal(await tab.evaluate((css) => document.querySelector(css).value, input), 'Pics');
      await tab.evaluate(() => {
        window.beforeSave = true;
      });
      await pressButton(tab, 'Save Changes');
      const sent = await eventually(async () => (await server.submissions()).find((s) => s.method === 'POST'), { what: 'the save' });
      assert.equal(Object.fromEntries(sent.fields ?? [])['display_name'], 'Pics', JSON.stringify(sent.fields));
      // The save is a form post: the page the portal answers with, loaded
      // before the tab is closed.
      await eventually(async () => !(await tab.evaluate(() => window.beforeSave)) && hasButton(tab, 'Save Changes'), {
        what: 'the page after the save',
      });
      await tab.close();

      // A profile's refused name is pointed out when filling.
      const filled = await session.openTab(dashboard(basicDisplay(SEED)));
      await eventually(() => hasButton(filled, 'Save Changes'), { what: 'the Basic Display page' });
      const result = await fillFrom(filled, 'insta-pics', { overwrite: true });
      assert.ok(result.warnings.some((w) => /InstaPics Login/.test(w) && /refused/.test(w)), JSON.stringify(result.warnings));
      await filled.close();
    });

    test('the doctor: Facebook’s “URL blocked” and Instagram’s “Invalid redirect_uri” are explained against the captured clients', async () => {
      await server.reset();
      await session.grantHostPermissions([
        'https://www.facebook.com/dialog/oauth*',
        'https://www.facebook.com/*/dialog/oauth*',
        'https://www.instagram.com/oauth/authorize*',
      ]);
      await session.contentScriptsSynced();
      const stored = () => steps.storedClients(session);
      // The seed app's clients, captured from its settings as saved.
      const fb = await openFacebookLogin(FB_ROUTES['fb-login'](SEED));
      await eventually(async () => (await stored()).some((c) => c.clientId === SEED), { what: 'the Meta App ID captured' });
      await fb.close();
      const ig = await openInstagramLogin(SEED);
      await pressButton(ig, 'Business login settings');
      await eventually(
        async () => (await stored()).find((c) => c.clientId === SEED_IG_APP)?.redirectUris?.includes(KEEP_IG),
        { what: 'the Instagram app ID captured with its URIs' },
      );
      await ig.close();
      const doctor = (tab) => eventually(() => steps.inOverlay(tab, 'doctor'), { what: 'the doctor in the page' });

      // Facebook: the login sends the callback with a trailing slash.
      const sentFb = `${KEEP_FB}/`;
      const dialog = await session.openTab(
        session.pageUrl('www.facebook.com', `/v19.0/dialog/oauth?client_id=${SEED}&redirect_uri=${encodeURIComponent(sentFb)}&state=x`),
      );
      const fbReport = await doctor(dialog);
      assert.equal(fbReport.verdict, 'near-miss');
      assert.ok(fbReport.text.includes('trailing slash'), fbReport.text);
      assert.ok(fbReport.text.includes('Valid OAuth Redirect URIs'), fbReport.text);
      assert.equal(fbReport.href, `https://${FB}/apps/${SEED}/fb-login/settings/`);
      const popup = await openPopupFor(session, await dialog.url());
      assert.equal(await popup.attribute('[data-testid="page-kind"]', 'data-kind'), 'meta:facebook-login-error');
      assert.equal(await popup.attribute('[data-testid="doctor"]', 'data-verdict'), 'near-miss');
      await popup.close();
      await dialog.close();

      // Instagram: a callback registered nowhere.
      const sentIg = 'https://shop.acme.example/auth/instagram/callback';
      const authorize = await session.openTab(
        session.pageUrl(
          'www.instagram.com',
          `/oauth/authorize?client_id=${SEED_IG_APP}&redirect_uri=${encodeURIComponent(sentIg)}&response_type=code&scope=instagram_business_basic`,
        ),
      );
      const igReport = await doctor(authorize);
      assert.equal(igReport.verdict, 'missing');
      assert.ok(igReport.text.includes(sentIg) && igReport.text.includes(KEEP_IG), igReport.text);
      assert.ok(igReport.text.includes('OAuth redirect URIs'), igReport.text);
      assert.ok(igReport.href.startsWith(`https://${FB}/apps/${SEED}/instagram-business/API-Setup/`), igReport.href);
      await authorize.close();
    });

    test('warnings: localhost, and a callback made for Instagram on Facebook Login', async () => {
      await server.reset();
      const local = await openFacebookLogin(FB_ROUTES['fb-login'](freshId()));
      const localResult = await fillFrom(local, 'strapi-local');
      assert.ok(localResult.warnings.some((w) => /localhost/.test(w)), JSON.stringify(localResult.warnings));
      await local.close();

      const custom = await openFacebookLogin(FB_ROUTES['fb-login'](freshId()));
      const customResult = await fillFrom(custom, 'authjs-custom');
      assert.ok(
        customResult.warnings.some((w) => w.includes('https://www.acme.example/api/auth/callback/instagram') && /callback for Instagram login/.test(w)),
        JSON.stringify(customResult.warnings),
      );
      await custom.close();
    });

    async function clientsInPopup(tab) {
      const popup = await openPopupFor(session, await tab.url());
      await popup.waitFor('[data-testid="client"]');
      const shown = await popup.evaluate(() =>
        [...document.querySelectorAll('[data-testid="client"]')].map((c) => ({
          id: c.dataset.clientId,
          kind: c.dataset.idKind,
          text: c.textContent,
        })),
      );
      await popup.close();
      return shown;
    }
  });
}

// Whether the page shows a button (or role=button) with exactly this text.
function hasButton(tab, text) {
  return tab.evaluate(
    (text) => [...document.querySelectorAll('button, [role="button"]')].some((b) => b.textContent.replace(/\s+/g, ' ').trim() === text),
    text,
  );
}

// A real click on the button with this text. The session API clicks by CSS
// and the dashboard's buttons have only their text, so the button's path
// from <html> is the selector.
async function pressButton(tab, text, within = 'body') {
  const css = await eventually(
    () =>
      tab.evaluate(
        ([text, within]) => {
          const scope = document.querySelector(within);
          const button = scope && [...scope.querySelectorAll('button, [role="button"]')].find((b) => b.textContent.replace(/\s+/g, ' ').trim() === text);
          if (!button) return null;
          const steps = [];
          for (let el = button; el !== document.documentElement; el = el.parentElement) {
            steps.unshift(`${el.localName}:nth-child(${[...el.parentElement.children].indexOf(el) + 1})`);
          }
          return `html > ${steps.join(' > ')}`;
        },
        [text, within],
      ),
    { what: `the ${text} button` },
  );
  await tab.click(css);
}

// The dashboard's answer to a save, as the user waits for it.
function changesSaved(tab) {
  return eventually(
    () => tab.evaluate(() => [...document.querySelectorAll('[role="status"]')].some((s) => s.textContent.includes('Changes saved'))),
    { what: 'Changes saved' },
  );
}

// The committed chips inside `scope`, in order.
function chips(tab, scope) {
  return tab.evaluate(
    (scope) => [...document.querySelector(scope).querySelectorAll('[title] > [aria-label^="Remove "]')].map((b) => b.parentElement.title),
    scope,
  );
}

// The value of the input a <label for> names.
function valueOf(tab, label) {
  return tab.evaluate((label) => {
    const found = [...document.querySelectorAll('label')].find((l) => l.textContent.trim() === label);
    return found ? document.getElementById(found.htmlFor)?.value ?? null : null;
  }, label);
}

// Every switch on the page by its label: a div role=switch labelled by a
// span, or a checkbox role=switch inside its label.
function switchStates(tab) {
  return tab.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[role="switch"]')].map((s) =>
        s.localName === 'input'
          ? [s.closest('label').textContent.trim(), s.checked]
          : [document.getElementById(s.getAttribute('aria-labelledby')).textContent.trim(), s.getAttribute('aria-checked') === 'true'],
      ),
    ),
  );
}

// Replaces an input's text with real keystrokes, as a user selecting it and typing.
async function retype(tab, css, text) {
  await tab.evaluate((css) => {
    const input = document.querySelector(css);
    input.focus();
    input.select();
  }, css);
  await tab.type(css, text);
  await eventually(async () => (await tab.evaluate((css) => document.querySelector(css).value, css)) === text, {
    what: `the typed ${text}`,
  });
}

// Fails if `check` stops holding within `ms`: for what must NOT happen.
async function stays(check, { ms = 1500, interval = 100, what = 'condition' } = {}) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    assert.ok(await check(), `no longer true: ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
