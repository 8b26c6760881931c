// Hostile pages and faults, in both browsers: a fill report that matches what
// the form sends when the page undoes part of the fill, a loader that no bad
// stored value stops, files no page can fetch, page text that cannot pose as
// other text, captures of saved data only, deleted clients marked gone, and a
// newer version's store left alone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFixtureServer } from '../fixtures/server.mjs';
import { browsers, eventually, importProfiles, openPopupFor } from './lib/browsers.mjs';

const IG = 'www.instagram.com';
const GIGYA_ID = '6f1c0e2b9a8d4c7e5f3a2b1c0d9e8f7a';
// What a page can know of the extension: Chromium's public id, Firefox's add-on id.
const GECKO_ID = 'clientfill@clientfill.dev';

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
    },
  ],
};

const field = (submission, name) => submission.fields.filter(([n]) => n === name).map(([, v]) => v);

for (const { name, launch } of browsers()) {
  describe(`trust in ${name}`, () => {
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

    const portal = (path, query = '') => session.pageUrl(IG, `${path}?csp=strict${query}`);

    async function fill(tab) {
      const popup = await openPopupFor(session, await tab.url());
      await popup.waitFor('[data-testid="fill"]');
      await popup.click('[data-testid="fill"]');
      await popup.waitFor('[data-testid="fill-result"] li');
      const lines = await popup.evaluate(() =>
        Object.fromEntries(
          [...document.querySelectorAll('[data-testid="fill-result"] li')].map((li) => [li.dataset.field, li.dataset.outcome]),
        ),
      );
      await popup.close();
      return lines;
    }

    async function submitted(tab) {
      await tab.evaluate(() => document.querySelector('form').requestSubmit());
      return eventually(async () => (await server.submissions()).find((s) => s.method === 'POST'), { what: 'the post' });
    }

    test('a field the page replaces during the fill is filled again, and the report says what the form sends', async () => {
      await server.reset();
      const tab = await session.openTab(portal('/developer/clients/register/', '&hostile=replace'));
      await tab.waitFor('#id_website_url');
      const lines = await fill(tab);
      assert.equal(lines['Website URL'], 'filled');
      const post = await submitted(tab);
      assert.deepEqual(field(post, 'website_url'), ['https://acme.eu.auth0.com']);
      await tab.close();
    });

    test('a field the page removes during the fill is reported gone, as the form sends none', async () => {
      await server.reset();
      const tab = await session.openTab(portal('/developer/clients/register/', '&hostile=remove'));
      await tab.waitFor('#id_website_url');
      const lines = await fill(tab);
      assert.equal(lines['Website URL'], 'gone');
      assert.equal(lines['Application Name'], 'filled');
      assert.equal(lines['Valid redirect URIs'], 'filled', 'the tokens held: no false alarm');
      const post = await submitted(tab);
      assert.deepEqual(field(post, 'website_url'), []);
      assert.deepEqual(field(post, 'name'), ['Acme Login']);
      await tab.close();
    });

    for (const [label, bad] of [['a string', 'garbage'], ['null', null], ['a number', 42], ['a list', [1]], ['a bad time', { 'https://www.instagram.com': 'x' }]]) {
      test(`wasmRefusedSites holding ${label} is kept aside and the content script runs`, async () => {
        await session.clearStorage(null === bad ? 'wasmRefusedSites' : []);
        await session.setStorage({ wasmRefusedSites: bad });
        const tab = await session.openTab(portal('/developer/clients/register/'));
        const popup = await openPopupFor(session, await tab.url());
        assert.equal(await popup.attribute('[data-testid="page-kind"]', 'data-kind'), 'legacy:register');
        assert.ok(await popup.count('[data-testid="content-engine"]'), 'the content script answered');
        await popup.close();
        const stored = await session.storageLocal(null);
        const backups = Object.keys(stored).filter((k) => k.startsWith('wasmRefusedSites.corrupt.'));
        assert.ok(backups.some((k) => JSON.stringify(stored[k]) === JSON.stringify(bad)), JSON.stringify(stored));
        const now = stored.wasmRefusedSites;
        assert.ok(now && typeof now === 'object' && !Array.isArray(now), JSON.stringify(now));
        await session.clearStorage(backups);
        await tab.close();
      });
    }

    test('a page of the same site outside the portal cannot fetch the extension files', async () => {
      const tab = await session.openTab(session.pageUrl(IG, '/explore/'));
      const base = name === 'chromium' ? `chrome-extension://${session.extensionId}/` : `moz-extension://${GECKO_ID}/`;
      for (const file of ['content.js', 'pkg/content/legacy/glue.js', 'pkg/content/legacy/js-build.js', 'pkg/content/legacy/clientfill_content_bg.wasm']) {
        const result = await tab.evaluate(
          (url) => fetch(url).then((r) => `fetched ${r.status}`, (e) => `refused: ${e.message}`),
          base + file,
        );
        assert.match(result, /^refused/, `${file}: ${result}`);
      }
      await tab.close();
    });

    test('a client name with bidirectional controls shows them instead of reordering', async () => {
      await server.reset();
      const tricky = 'Photo \u202Egnp.exe\u202C Viewer';
      server.setClients([{ id: GIGYA_ID, name: tricky, websiteUrl: 'https://photo.example', redirectUris: ['https://photo.example/cb'] }]);
      await session.clearStorage('clients');
      const tab = await session.openTab(portal('/developer/clients/manage/'));
      await eventually(async () => (await session.storageLocal('clients')).clients?.clients?.length === 1, { what: 'the capture' });
      const popup = await openPopupFor(session, await tab.url());
      await popup.waitFor('[data-testid="client"] bdi');
      const shown = await popup.text('[data-testid="client"] bdi');
      assert.equal(shown, 'Photo ⟨U+202E⟩gnp.exe⟨U+202C⟩ Viewer');
      await popup.close();
      await tab.close();
    });

    test('Edit Client: a fill or typing that is not saved is not captured; Update Client is', async () => {
      await server.reset();
      await session.clearStorage('clients');
      const tab = await session.openTab(portal(`/developer/clients/${GIGYA_ID}/edit/`));
      const saved = await eventually(async () => (await session.storageLocal('clients')).clients?.clients?.[0], { what: 'the capture' });
      assert.equal(saved.redirectUris.length, 4);
      const lines = await fill(tab);
      assert.equal(lines['Valid redirect URIs'], 'filled');
      await new Promise((r) => setTimeout(r, 1500));
      const after = (await session.storageLocal('clients')).clients.clients[0];
      assert.deepEqual(after.redirectUris, saved.redirectUris, 'unsaved: not captured');
      await tab.evaluate(() =>
        [...document.querySelectorAll('button, input[type=submit]')].find((b) => /Update Client/.test(b.textContent || b.value)).click(),
      );
      await eventually(async () => (await session.storageLocal('clients')).clients.clients[0].redirectUris.length === 5, {
        what: 'the saved URIs captured',
      });
      await tab.close();
    });

    test('a client deleted on the portal is kept and marked gone', async () => {
      await server.reset();
      await session.clearStorage('clients');
      const manage = await session.openTab(portal('/developer/clients/manage/'));
      await eventually(async () => (await session.storageLocal('clients')).clients?.clients?.length === 3, { what: 'three clients' });
      await manage.evaluate((id) => document.querySelector(`[data-client-id="${id}"] form, form[action*="${id}/delete"]`).requestSubmit(), GIGYA_ID);
      await eventually(async () => {
        const list = (await session.storageLocal('clients')).clients.clients;
        return list.length === 3 && list.find((c) => c.clientId === GIGYA_ID)?.goneAt;
      }, { what: 'the deleted client marked gone' });
      const popup = await openPopupFor(session, await manage.url());
      await popup.waitFor(`[data-testid="client"][data-client-id="${GIGYA_ID}"][data-gone="true"]`);
      assert.match(await popup.text(`[data-testid="client"][data-client-id="${GIGYA_ID}"]`), /Gone/);
      assert.equal(await popup.count('[data-testid="client"][data-gone="true"]'), 1);
      await popup.close();
      await manage.close();
    });

    test('a store written by a newer version is left as it is, and the popup says so', async () => {
      await server.reset();
      const newer = { version: 99, clients: [{ future: true }] };
      await session.setStorage({ clients: newer });
      const tab = await session.openTab(portal('/developer/clients/manage/'));
      const popup = await openPopupFor(session, await tab.url());
      await eventually(async () => (await popup.count('[data-testid="store-error"]')) > 0 || (await popup.evaluate(() => document.body.textContent.includes('newer version'))), {
        what: 'the popup saying so',
      });
      assert.deepEqual((await session.storageLocal('clients')).clients, newer, 'not overwritten');
      await popup.close();
      await tab.close();
      await session.clearStorage('clients');
    });

    test('profiles and selectedProfile of the wrong shape: the popup still works, an import keeps them aside', async () => {
      await session.setStorage({ profiles: 42, selectedProfile: { not: 'an id' } });
      const tab = await session.openTab(portal('/developer/clients/register/'));
      const popup = await openPopupFor(session, await tab.url());
      assert.equal(await popup.attribute('[data-testid="page-kind"]', 'data-kind'), 'legacy:register');
      assert.match(await popup.evaluate(() => document.body.textContent), /profiles could not be read/);
      await popup.close();
      await importProfiles(session, PROFILES);
      const stored = await session.storageLocal(null);
      const backups = Object.keys(stored).filter((k) => k.startsWith('profiles.corrupt.'));
      assert.ok(backups.some((k) => stored[k] === 42), Object.keys(stored).join());
      await tab.close();
    });
  });
}
