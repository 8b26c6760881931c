// The content script ships one build per portal family: every portal
// pattern the extension can hold must have its family's build in both
// browsers' dist, reachable by the page (web-accessible) and by nothing else.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { FAMILIES, familyOf } from '../../extension/loader.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8'));
const patterns = [...manifest.host_permissions, ...manifest.optional_host_permissions];

test('every portal pattern has a family', () => {
  for (const pattern of patterns) assert.ok(familyOf(pattern), `${pattern} has no content build`);
  // And every family serves a pattern: none is built for nothing.
  for (const family of Object.keys(FAMILIES)) {
    assert.ok(patterns.some((p) => familyOf(p) === family), `${family} serves no pattern`);
  }
});

test('the families are the builds build.sh makes', () => {
  const script = readFileSync(path.join(root, 'build.sh'), 'utf8');
  const built = script.match(/^FAMILIES=\(([^)]*)\)$/m)?.[1].split(/\s+/).filter(Boolean);
  assert.deepEqual(built, Object.keys(FAMILIES));
});

for (const browser of ['chromium', 'firefox']) {
  test(`${browser}: each family's build is in dist and web-accessible on its pages only`, () => {
    const dist = path.join(root, 'dist', browser);
    assert.deepEqual(readdirSync(path.join(dist, 'pkg/content')).sort(), Object.keys(FAMILIES).sort());
    for (const family of Object.keys(FAMILIES)) {
      for (const file of ['glue.js', 'clientfill_content_bg.wasm', 'js-build.js']) {
        assert.ok(existsSync(path.join(dist, 'pkg/content', family, file)), `${family}/${file}`);
      }
      // Compiled as it loads in Chromium, not function by function in the first read.
      const jsBuild = readFileSync(path.join(dist, 'pkg/content', family, 'js-build.js'), 'utf8');
      assert.ok(jsBuild.startsWith('//# allFunctionsCalledOnLoad\n'), `${family}/js-build.js has no compile hint`);
    }
    const built = JSON.parse(readFileSync(path.join(dist, 'manifest.json'), 'utf8'));
    const resources = built.web_accessible_resources.flatMap((w) => w.resources);
    assert.deepEqual(resources.sort(), ['pkg/content/*/clientfill_content_bg.wasm', 'pkg/content/*/js-build.js']);
  });
}

test("the providers' login pages get the login build, which alone has the doctor's banner", () => {
  for (const pattern of patterns) {
    const login = /\/(oauth|login|dialog|signin)\b|accounts\.google\.com/.test(pattern);
    assert.equal(familyOf(pattern) === 'login', login, `${pattern}: ${familyOf(pattern)}`);
  }
  // The banner's link text, in the .wasm of each family as shipped.
  const banner = Buffer.from("Open the client's settings");
  for (const family of Object.keys(FAMILIES)) {
    const wasm = readFileSync(path.join(root, 'dist/chromium/pkg/content', family, 'clientfill_content_bg.wasm'));
    assert.equal(wasm.includes(banner), family === 'login', `${family}'s build and the doctor's banner`);
  }
});
