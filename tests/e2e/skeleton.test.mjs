// The walking skeleton, end to end: the built extension's content script runs
// the Rust crate on every portal page under every CSP variant, the popup shows
// what it detected, and the WebAssembly/JavaScript choice is remembered per
// site.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFixtureServer } from '../fixtures/server.mjs';
import { browsers, eventually, openPopupFor } from './lib/browsers.mjs';

const IG = 'www.instagram.com';
const FB = 'developers.facebook.com';
const PAGES = [
  [IG, '/developer/register/', 'legacy:signup'],
  [IG, '/developer/clients/register/', 'legacy:register'],
  [IG, '/developer/clients/register/?layout=2014', 'legacy:register'],
  [IG, '/developer/clients/manage/', 'legacy:manage'],
  [FB, '/apps/123456789012345/instagram-basic-display/basic-display/', 'meta:app-settings'],
];
const CSP_VARIANTS = ['none', 'self', 'strict'];

const withCsp = (pathAndQuery, csp) =>
  `${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}csp=${csp}`;

for (const { name, launch } of browsers()) {
  describe(`skeleton in ${name}`, () => {
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

    // Chromium refuses WebAssembly in content scripts on pages whose CSP lacks
    // 'wasm-unsafe-eval'; Firefox does not.
    const expectedEngine = (csp) => (name === 'chromium' && csp !== 'none' ? 'js' : 'wasm');

    for (const csp of CSP_VARIANTS) {
      test(`detects every portal page with csp=${csp}`, async (t) => {
        await session.clearStorage('wasmRefusedSites');
        const engines = [];
        for (const [host, path, kind] of PAGES) {
          const url = session.pageUrl(host, withCsp(path, csp));
          const tab = await session.openTab(url);
          const popup = await openPopupFor(session, await tab.url());
          assert.equal(await popup.attribute('[data-testid="page-kind"]', 'data-kind'), kind, url);
          const engine = await popup.attribute('[data-testid="content-engine"]', 'data-engine');
          engines.push(`${path} ${engine}`);
          assert.equal(engine, expectedEngine(csp), `build serving ${url}`);
          await popup.close();
          await tab.close();
        }
        t.diagnostic(`${name} csp=${csp}: ${engines.join(', ')}`);
      });
    }

    test('the edit page of a registered client is detected', async () => {
      const [client] = await server.clients();
      const id = client?.clientId ?? client?.id;
      assert.ok(id, 'the fixture has a client');
      const url = session.pageUrl(IG, `/developer/clients/${id}/edit/?csp=strict`);
      const tab = await session.openTab(url);
      const popup = await openPopupFor(session, await tab.url());
      assert.equal(await popup.attribute('[data-testid="page-kind"]', 'data-kind'), 'legacy:edit');
      await popup.close();
      await tab.close();
    });

    test('a page outside the developer portal is left alone', async () => {
      const url = session.pageUrl(IG, '/explore/?csp=strict');
      const tab = await session.openTab(url);
      const popup = await openPopupFor(session, await tab.url());
      assert.equal(await popup.attribute('[data-testid="page-kind"]', 'data-kind'), 'none');
      assert.equal(await popup.count('[data-testid="content-engine"]'), 0, 'no content script ran');
      await popup.close();
      await tab.close();
    });

    test('a site that refuses WebAssembly sees at most one CSP violation', async () => {
      await session.clearStorage('wasmRefusedSites');
      await server.reset();
      const first = await session.openTab(session.pageUrl(IG, '/developer/clients/register/?csp=strict'));
      const popup = await openPopupFor(session, await first.url());
      const engine = await popup.attribute('[data-testid="content-engine"]', 'data-engine');
      await popup.close();
      await first.close();
      const expected = name === 'chromium' ? 1 : 0;
      const wasmReports = async () =>
        (await server.cspReports()).filter((r) => JSON.stringify(r).includes('wasm')).length;
      if (expected) await eventually(async () => (await wasmReports()) >= 1, { what: 'the CSP report' });

      // Later visits on the same site go straight to the remembered build.
      for (const path of ['/developer/clients/manage/?csp=strict', '/developer/register/?csp=self']) {
        const tab = await session.openTab(session.pageUrl(IG, path));
        const again = await openPopupFor(session, await tab.url());
        assert.equal(await again.attribute('[data-testid="content-engine"]', 'data-engine'), engine);
        await again.close();
        await tab.close();
      }
      await new Promise((r) => setTimeout(r, 1500)); // reports are sent asynchronously
      assert.equal(await wasmReports(), expected, 'WebAssembly CSP violations reported by the site');
      const refused = (await session.storageLocal('wasmRefusedSites')).wasmRefusedSites ?? {};
      assert.equal(Object.keys(refused).length, expected, JSON.stringify(refused));
    });

    test('a remembered refusal is retried after 30 days', async () => {
      const site = 'https://www.instagram.com';
      const day = 24 * 60 * 60 * 1000;
      const engineOn = async (path) => {
        const tab = await session.openTab(session.pageUrl(IG, path));
        const popup = await openPopupFor(session, await tab.url());
        const engine = await popup.attribute('[data-testid="content-engine"]', 'data-engine');
        await popup.close();
        await tab.close();
        return engine;
      };
      await session.setStorage({ wasmRefusedSites: { [site]: Date.now() - 2 * day } });
      assert.equal(await engineOn('/developer/register/?csp=none'), 'js', 'a recent refusal is trusted');
      await session.setStorage({ wasmRefusedSites: { [site]: Date.now() - 31 * day } });
      assert.equal(await engineOn('/developer/register/?csp=none'), 'wasm', 'an old refusal is retried');
      const { wasmRefusedSites } = await session.storageLocal('wasmRefusedSites');
      assert.deepEqual(wasmRefusedSites, {}, 'and forgotten once WebAssembly works');
    });
  });
}
