// Captures from many tabs at once: the background is the client store's one
// writer, so none is lost when four Manage Clients pages report together.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startFixtureServer } from '../fixtures/server.mjs';
import { browsers, eventually } from './lib/browsers.mjs';

const TABS = 4;
const PER_TAB = 30;
const ROUNDS = 3;

for (const { name, launch } of browsers()) {
  describe(`captures from ${TABS} tabs at once in ${name}`, () => {
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

    for (let round = 1; round <= ROUNDS; round += 1) {
      test(`round ${round}: ${TABS * PER_TAB} of ${TABS * PER_TAB} clients stored`, async () => {
        await server.reset();
        const ids = Array.from({ length: TABS * PER_TAB }, () => randomBytes(16).toString('hex'));
        server.setClients(ids.map((id, i) => ({ id, name: `Client ${round}-${i}`, websiteUrl: `https://c${i}.example`, redirectUris: [`https://c${i}.example/cb`] })));
        await session.clearStorage('clients');
        const url = (k) => session.pageUrl('www.instagram.com', `/developer/clients/manage/?csp=strict&shard=${k}/${TABS}`);
        // Loaded together: every tab's content script reports about the same time.
        const close = await session.openTabsTogether(Array.from({ length: TABS }, (_, k) => url(k)));
        const stored = await eventually(
          async () => {
            const { clients } = await session.storageLocal('clients');
            const got = (clients?.clients ?? []).map((c) => c.clientId);
            if (got.length !== ids.length) throw new Error(`${got.length} stored`);
            return got;
          },
          { timeout: 20000, what: `all ${ids.length} clients in storage` },
        );
        assert.deepEqual([...stored].sort(), [...ids].sort());
        await close();
      });
    }
  });
}
