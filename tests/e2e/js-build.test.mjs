// The JavaScript build (wasm2js) that runs where a page's CSP refuses
// WebAssembly in content scripts: only Chromium refuses it, so only Chromium
// runs this. wasm2js grows memory by copying into a new buffer and the glue
// must see the new one: a page holding a value far larger than that memory
// has to be read whole and reported whole.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFixtureServer } from '../fixtures/server.mjs';
import { browsers, eventually, importProfiles, openPopupFor } from './lib/browsers.mjs';

const PROFILES = {
  format: 'clientfill-profiles',
  version: 1,
  profiles: [{ id: 'acme', name: 'Acme (Auth0)', preset: 'auth0', params: { tenant: 'acme.eu.auth0.com' }, description: 'Login for Acme' }],
};

for (const { name, launch } of browsers().filter((b) => b.name === 'chromium')) {
  describe(`the JavaScript build in ${name}`, () => {
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

    test('a field far larger than its memory goes through the JavaScript build whole', async () => {
      const tab = await session.openTab(session.pageUrl('www.instagram.com', '/developer/clients/register/?csp=strict'));
      await tab.waitFor('#id_description');
      // 600 KB of UTF-8, copied several times on its way through: the heap
      // starts near the end of the build's initial 1.1 MB, so memory grows.
      const big = await tab.evaluate((count) => {
        const value = `${'✓'.repeat(count)} end`;
        const area = document.querySelector('#id_description');
        area.value = value;
        area.dispatchEvent(new Event('input', { bubbles: true }));
        return value.length;
      }, 200_000);
      const popup = await openPopupFor(session, await tab.url());
      assert.equal(await popup.attribute('[data-testid="content-engine"]', 'data-engine'), 'js');
      await popup.click('[data-testid="fill"]');
      await popup.waitFor('[data-testid="fill-result"] li');
      const line = await eventually(() =>
        popup.evaluate(() => document.querySelector('[data-testid="fill-result"] li[data-field="Description"]')?.textContent),
      );
      // The value read from the page comes back in the report, every character of it.
      const quoted = line.slice(line.indexOf('“') + 1, line.indexOf('”); kept'));
      assert.equal(quoted.length, big);
      assert.ok(quoted.endsWith('✓ end'));
      // And the rest of the fill is right after the memory grew.
      const website = await popup.evaluate(() => document.querySelector('[data-testid="fill-result"] li[data-field="Website URL"]').dataset.outcome);
      assert.equal(website, 'filled');
      assert.equal(await tab.evaluate(() => document.querySelector('#id_website_url').value), 'https://acme.eu.auth0.com');
      await popup.close();
      await tab.close();
    });
  });
}
