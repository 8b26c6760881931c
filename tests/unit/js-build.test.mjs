// The JavaScript build (wasm2js) that content scripts fall back to, loaded
// in Node exactly as boot.js loads it, against the WebAssembly build.
// wasm2js grows memory by copying into a new buffer; the glue must see the
// new one, so a multi-megabyte string has to come back whole.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/chromium/pkg');

// Each build gets its own copy of the glue module (the glue keeps the
// instance in module state), as each extension context does. The JavaScript
// build imports the glue by its plain URL, so that copy is the plain one.
async function load(build) {
  const plain = pathToFileURL(path.join(pkg, 'clientfill_bg.js')).href;
  const glueUrl = build === 'js' ? plain : `${plain}?${build}`;
  const glue = await import(glueUrl);
  let exports;
  if (build === 'wasm') {
    const bytes = await readFile(path.join(pkg, 'clientfill_bg.wasm'));
    ({ instance: { exports } } = await WebAssembly.instantiate(bytes, { './clientfill_bg.js': glue }));
  } else {
    exports = await import(pathToFileURL(path.join(pkg, 'clientfill_bg.wasm.js')).href);
  }
  glue.__wbg_set_wasm(exports);
  return { glue, memory: exports.memory };
}

const document = (description) =>
  JSON.stringify({
    format: 'clientfill-profiles',
    version: 1,
    profiles: [{ id: 'acme', name: 'Acme', preset: 'auth0', params: { tenant: 'acme.eu.auth0.com' }, description }],
  });

test('a multi-megabyte string goes through the JavaScript build whole', async () => {
  const { glue, memory } = await load('js');
  const before = memory.buffer.byteLength;
  // As large as a profiles document may be: 500 profiles with 2000-character
  // descriptions of multi-byte characters, about 3 MB of UTF-8 each way.
  const profiles = Array.from({ length: 500 }, (_, i) => ({
    id: `p${i}`,
    name: `Site ${i}`,
    preset: 'auth0',
    params: { tenant: `t${i}.eu.auth0.com` },
    description: `${i} ${'✓'.repeat(1990)}`,
  }));
  const input = JSON.stringify({ format: 'clientfill-profiles', version: 1, profiles });
  assert.ok(Buffer.byteLength(input) > 2_500_000, 'the document is multi-megabyte');
  const output = glue.normalize_profiles(input);
  assert.ok(Buffer.byteLength(output) > 2_500_000);
  assert.ok(memory.buffer.byteLength > before, 'memory grew during the call');
  const out = JSON.parse(output);
  assert.equal(out.profiles.length, 500);
  assert.deepEqual(out.profiles.map((p) => p.description), profiles.map((p) => p.description));
  // Later calls see the grown memory too.
  const again = JSON.parse(glue.normalize_profiles(document('short')));
  assert.equal(again.profiles[0].description, 'short');
});

test('both builds give the same answers', async () => {
  const js = (await load('js')).glue;
  const wasm = (await load('wasm')).glue;
  const ok = document('Login for Acme');
  assert.equal(js.normalize_profiles(ok), wasm.normalize_profiles(ok));
  const bad = '{"format":"clientfill-profiles","version":1,"profiles":[{"name":"X","preset":"auth0"}]}';
  const message = (glue) => {
    try {
      glue.normalize_profiles(bad);
    } catch (error) {
      return error.message;
    }
    return null;
  };
  assert.match(message(js), /profiles\[0\]/);
  assert.equal(message(js), message(wasm));
});
