// The options page as a new user meets it: the first-run page, a profile
// made with the form (no JSON), checked as it is typed with import's
// messages and showing the URIs it derives per provider, edited later; a
// profiles file imported; a broken document marked at its line.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFixtureServer } from '../fixtures/server.mjs';
import { browsers, eventually } from './lib/browsers.mjs';

const BACKEND = 'https://65e60559.ngrok.io';

for (const { name, launch } of browsers()) {
  describe(`options page in ${name}`, () => {
    let server;
    let session;
    let files;

    before(async () => {
      server = await startFixtureServer();
      session = await launch(server);
      files = await mkdtemp(path.join(tmpdir(), 'clientfill-files-'));
    });
    after(async () => {
      await session?.close();
      await server?.close();
      if (files) await rm(files, { recursive: true, force: true });
    });

    const stored = async () => (await session.storageLocal('profiles')).profiles?.profiles ?? [];

    test('a first run explains profiles and offers Create and Import; the guide ships with the extension', async () => {
      await session.clearStorage('profiles');
      const options = await session.openTab(session.extensionUrl('options.html'));
      await options.waitFor('[data-testid="first-run"]');
      assert.match(await options.text('[data-testid="first-run"]'), /A profile is what ClientFill fills for one site/);
      await options.click('[data-testid="first-run-import"]');
      assert.equal(await options.focused(), 'profile-import', 'Import leads to the text box');
      const guide = await options.attribute('[data-testid="profile-guide"]', 'href');
      await options.goto(session.extensionUrl(guide));
      await options.waitFor('h1');
      assert.equal(await options.text('h1'), 'Profiles: the JSON format');
      assert.equal(await options.count('#presets-and-their-parameters'), 1, 'the guide keeps its anchors');
      await options.close();
    });

    test('a profile is made with the form: live checks with import’s words, URIs per provider, banned names, then stored', async () => {
      await session.clearStorage('profiles');
      const options = await session.openTab(session.extensionUrl('options.html'));
      await options.waitFor('[data-testid="first-run-create"]');
      await options.click('[data-testid="first-run-create"]');
      await options.waitFor('[data-testid="profile-form"]');
      assert.equal(await options.focused(), 'profile-preset', 'the preset picker has the focus');
      await options.select('[data-testid="profile-preset"]', 'strapi');
      await options.waitFor('[data-control="params.backendUrl"]');
      await options.type('[data-control="name"] input', 'Shop');
      await options.type('[data-control="params.backendUrl"] input', 'ftp://65e60559.ngrok.io');
      // Left: the problem shows, in import's words.
      await options.press('[data-control="params.backendUrl"] input', 'Tab');
      await eventually(async () => (await options.attribute('[data-control="params.backendUrl"] input', 'aria-invalid')) === 'true', {
        what: 'the backend URL marked',
      });
      assert.match(await options.text('[data-control="params.backendUrl"] [data-testid="problem"]'), /Backend URL/);
      // Fixed: the derived URIs appear per provider, as typed.
      await options.evaluate(() => {
        const input = document.querySelector('[data-control="params.backendUrl"] input');
        input.select();
      });
      await options.type('[data-control="params.backendUrl"] input', BACKEND);
      await eventually(async () => (await options.count('[data-testid="derived"] [data-provider]')) === 5, { what: 'the derived values' });
      const derived = await options.evaluate(() =>
        [...document.querySelectorAll('[data-testid="derived"] [data-provider]')].map((s) => [
          s.dataset.provider,
          [...s.querySelectorAll('[data-testid="derived-uri"]')].map((u) => u.textContent),
        ]),
      );
      assert.deepEqual(derived, [
        ['instagram', [`${BACKEND}/api/connect/instagram/callback`]],
        ['facebook', [`${BACKEND}/api/connect/facebook/callback`]],
        ['github', [`${BACKEND}/api/connect/github/callback`]],
        ['google', [`${BACKEND}/api/connect/google/callback`]],
        ['discord', [`${BACKEND}/api/connect/discord/callback`]],
      ]);
      assert.equal(await options.attribute('[data-control="params.backendUrl"] input', 'aria-invalid'), null);

      // The app name is checked with each portal's rules right there.
      await options.type('[data-control="appName"] input', 'Shop Book');
      await eventually(async () => (await options.count('[data-testid="name-findings"] li')) > 0, { what: 'a name finding' });
      const findings = await options.evaluate(() =>
        [...document.querySelectorAll('[data-testid="name-findings"] li')].map((l) => [l.dataset.portal, l.dataset.severity]),
      );
      assert.deepEqual(findings, [['meta', 'error']], 'Meta refuses “Book”; the legacy portal does not');

      // Save with a bad email: nothing stored, the field focused.
      await options.type('[data-control="contactEmail"] input', 'dev at shop');
      await options.click('[data-testid="profile-save"]');
      await options.waitFor('[data-testid="profile-form-feedback"] .error');
      assert.match(await options.text('[data-testid="profile-form-feedback"]'), /Nothing was saved: one field needs a fix/);
      assert.equal(await options.focused(), 'pf-contactEmail');
      assert.deepEqual(await stored(), []);

      await options.evaluate(() => document.querySelector('[data-control="contactEmail"] input').select());
      await options.type('[data-control="contactEmail"] input', 'dev@shop.example');
      // Enter saves, as in any form.
      await options.press('[data-control="contactEmail"] input', 'Enter');
      await eventually(async () => (await stored()).length === 1, { what: 'the stored profile' });
      assert.deepEqual((await stored())[0], {
        id: 'shop',
        name: 'Shop',
        preset: 'strapi',
        params: { backendUrl: BACKEND },
        appName: 'Shop Book',
        contactEmail: 'dev@shop.example',
      });
      await options.waitFor('[data-testid="profile"][data-profile-id="shop"]');
      assert.equal(await options.count('[data-testid="profile-form"]'), 0, 'the form closed');
      assert.equal(await options.focused(), 'profile-edit', 'focus on the saved profile');
      await options.close();
    });

    test('a profile is edited in place; list, port and flag parameters take their types; Escape cancels', async () => {
      await session.clearStorage('profiles');
      const options = await session.openTab(session.extensionUrl('options.html'));
      await options.waitFor('[data-testid="profile-create"]');
      await options.click('[data-testid="profile-create"]');
      await options.select('[data-testid="profile-preset"]', 'custom');
      await options.waitFor('[data-control="params.redirectUris"]');
      await options.type('[data-control="name"] input', 'Local');
      await options.type('[data-control="params.redirectUris"] input[data-row]', 'https://a.example/cb');
      await options.click('[data-testid="add-row"]');
      assert.equal(await options.count('[data-control="params.redirectUris"] input[data-row]'), 2);
      await options.type('[data-control="params.redirectUris"] .row:nth-child(2) input', 'https://b.example/cb');
      await options.click('[data-testid="add-row"]');
      await options.type('[data-control="params.redirectUris"] .row:nth-child(3) input', 'https://c.example/cb');
      await options.click('[data-control="params.redirectUris"] .row:nth-child(2) [data-testid="remove-row"]');
      await options.click('[data-control="params.implicitOauth"] input');
      await eventually(async () => (await options.count('[data-testid="derived-uri"]')) === 2, { what: 'two URIs' });
      await options.click('[data-testid="profile-save"]');
      await eventually(async () => (await stored()).length === 1, { what: 'the custom profile' });
      assert.deepEqual((await stored())[0].params, {
        redirectUris: ['https://a.example/cb', 'https://c.example/cb'],
        implicitOauth: true,
      });

      // Edit: the same id, the preset switched, and the earlier values kept
      // should the user switch back.
      await options.waitFor('[data-testid="profile-edit"]');
      await options.click('[data-testid="profile-edit"]');
      await options.waitFor('[data-testid="profile-form"]');
      assert.equal(await options.text('#pf-title'), 'Edit “Local”');
      await options.select('[data-testid="profile-preset"]', 'loginradius');
      await options.waitFor('[data-control="params.port"]');
      await options.type('[data-control="params.siteName"] input', 'local.hub.loginradius.com');
      await options.type('[data-control="params.port"] input', '443');
      await options.select('[data-testid="profile-preset"]', 'custom');
      await options.waitFor('[data-control="params.redirectUris"]');
      assert.equal(await options.count('[data-control="params.redirectUris"] input[data-row]'), 2, 'the rows came back');
      await options.select('[data-testid="profile-preset"]', 'loginradius');
      await options.waitFor('[data-control="params.port"]');
      assert.equal(await options.evaluate(() => document.querySelector('[data-control="params.port"] input').value), '443');
      await options.click('[data-testid="profile-save"]');
      await eventually(async () => (await stored())[0]?.preset === 'loginradius', { what: 'the edited profile' });
      assert.deepEqual(await stored(), [
        { id: 'local', name: 'Local', preset: 'loginradius', params: { siteName: 'local.hub.loginradius.com', port: 443 } },
      ]);

      await options.waitFor('[data-testid="profile-edit"]');
      await options.click('[data-testid="profile-edit"]');
      await options.waitFor('[data-testid="profile-form"]');
      await options.evaluate(() => document.querySelector('#pf-name').select());
      await options.type('[data-control="name"] input', 'Local changed');
      await options.key('Escape');
      await eventually(async () => (await options.count('[data-testid="profile-form"]')) === 0, { what: 'the form closed' });
      assert.equal((await stored())[0].name, 'Local', 'Escape stored nothing');
      // What was typed is not lost: it can be reopened, and saved.
      assert.match(await options.text('[data-testid="profile-form-discarded"]'), /Your changes to “Local changed” were not saved/);
      assert.equal(await options.focused(), 'profile-form-reopen');
      await options.key('Enter');
      await options.waitFor('[data-testid="profile-form"]');
      assert.equal(await options.evaluate(() => document.querySelector('#pf-name').value), 'Local changed');
      await options.click('[data-testid="profile-save"]');
      await eventually(async () => (await stored())[0]?.name === 'Local changed', { what: 'the reopened changes saved' });
      assert.equal((await stored())[0].id, 'local', 'the same profile');
      // A form closed with nothing changed leaves no note.
      await options.waitFor('[data-testid="profile-edit"]');
      await options.click('[data-testid="profile-edit"]');
      await options.waitFor('[data-testid="profile-form"]');
      await options.click('[data-testid="profile-cancel"]');
      await eventually(async () => (await options.count('[data-testid="profile-form"]')) === 0, { what: 'the form closed' });
      assert.equal(await options.count('[data-testid="profile-form-discarded"]'), 0);
      await options.close();
    });

    test('a profiles file is imported without touching the text box; a broken document is marked at its line', async () => {
      await session.clearStorage('profiles');
      const file = path.join(files, 'profiles.json');
      const doc = {
        format: 'clientfill-profiles',
        version: 1,
        profiles: [{ id: 'acme', name: 'Acme', preset: 'auth0', params: { tenant: 'acme.eu.auth0.com' } }],
      };
      await writeFile(file, JSON.stringify(doc, null, 2));
      const options = await session.openTab(session.extensionUrl('options.html'));
      await options.waitFor('[data-testid="profile-import"]');
      const typed = '{ "half": "typed';
      await options.type('[data-testid="profile-import"]', typed);
      await options.chooseFile('[data-testid="profile-import-file"]', file);
      await options.waitFor('[data-testid="profile"][data-profile-id="acme"]');
      assert.deepEqual((await stored()).map((p) => p.id), ['acme']);
      assert.equal(await options.evaluate(() => document.querySelector('[data-testid="profile-import"]').value), typed);

      const broken = '{\n  "format": "clientfill-profiles",\n  "version": 1\n  "profiles": []\n}';
      await options.evaluate((json) => {
        document.querySelector('[data-testid="profile-import"]').value = json;
      }, broken);
      await options.click('[data-testid="profile-import-submit"]');
      await options.waitFor('[data-testid="profile-import-error"]');
      assert.match(await options.text('[data-testid="profile-import-error"]'), /not valid JSON: line 4, column 3/);
      assert.match(await options.text('[data-testid="profile-import-line"]'), /^4 \|\s+"profiles": \[\]\n\s+\^$/);
      const selected = await options.evaluate(() => {
        const area = document.querySelector('[data-testid="profile-import"]');
        return area.value.slice(area.selectionStart, area.selectionEnd);
      });
      assert.equal(selected, '  "profiles": []', 'the bad line is selected');

      await options.evaluate(() => {
        document.querySelector('[data-testid="profile-import"]').value = '  ';
      });
      await options.click('[data-testid="profile-import-submit"]');
      await eventually(async () => /The document is empty/.test(await options.text('[data-testid="profile-import-error"]')), {
        what: 'the empty-document message',
      });
      assert.deepEqual((await stored()).map((p) => p.id), ['acme'], 'nothing changed');
      await options.close();
    });
  });
}
