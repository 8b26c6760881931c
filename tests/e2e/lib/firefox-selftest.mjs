#!/usr/bin/env node
// Self-test of the Firefox driver (firefox.mjs) against a throwaway MV3 extension
// (firefox-selftest/ext) and a local HTTPS fixture server standing in for
// www.instagram.com and developers.facebook.com.
//
//   node tests/e2e/lib/firefox-selftest.mjs        (E2E_FIREFOX_VERBOSE=1 for browser output)
//
// Needs firefox-esr, geckodriver and openssl. Prints PASS/FAIL lines and a
// closing "N passed, N failed" line; exits non-zero on any failure.

import { createServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchFirefox, versions, Keys } from './firefox.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const extensionDir = join(here, 'firefox-selftest', 'ext');
const IG = 'www.instagram.com';
const FB = 'developers.facebook.com';

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}
async function step(name, fn) {
  try {
    const r = await fn();
    if (r === false) return false;
    return check(name, true, typeof r === 'string' ? r : '');
  } catch (e) {
    return check(name, false, e.message.split('\n').slice(0, 12).join('\n'));
  }
}
const ms = (t0) => `${Date.now() - t0} ms`;

// -- fixture certificate and server --------------------------------------------

function makeCert(dir) {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${IG}`,
      '-addext', `subjectAltName=DNS:${IG},DNS:${FB}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 },
  );
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

const PAGE = (title, body) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

const FORM = `
<form id="f"><input id="name" name="name" autocomplete="off"><button id="btn" type="button">Go</button></form>
<p id="out"></p>
<script src="/static/form.js"></script>`;

const FORM_JS = `
document.getElementById('f').addEventListener('submit', (e) => {
  e.preventDefault();
  document.getElementById('out').textContent = 'submitted:' + document.getElementById('name').value;
});
document.getElementById('btn').addEventListener('click', (e) => {
  document.getElementById('out').textContent = 'clicked:' + e.isTrusted;
});`;

function startFixtureServer(tls) {
  const hostsSeen = new Set();
  const server = createServer(tls, (req, res) => {
    hostsSeen.add(req.headers.host);
    const url = new URL(req.url, 'https://fixture.invalid');
    const html = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    if (url.pathname === '/developer/') return html(200, PAGE('fixture developer', `<h1>developer</h1>${FORM}`));
    if (url.pathname === '/developer/csp') {
      return html(
        200,
        PAGE('fixture csp', `<h1>csp</h1><script>document.documentElement.dataset.inline = 'ran';</script>`),
        { 'content-security-policy': "default-src 'none'; script-src 'self'" },
      );
    }
    if (url.pathname === '/other/') return html(200, PAGE('fixture other', '<h1>other</h1>'));
    if (url.pathname === '/apps/') return html(200, PAGE('fixture fb apps', '<h1>apps</h1>'));
    if (url.pathname === '/static/form.js') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      return res.end(FORM_JS);
    }
    html(404, PAGE('not found', 'not found'));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port, hostsSeen }));
  });
}

// -- the test ----------------------------------------------------------------------

async function main() {
  const v = versions();
  console.log(`# ${v.firefox}; ${v.geckodriver}; node ${process.version}`);
  check('extension fixture present', existsSync(join(extensionDir, 'manifest.json')), extensionDir);

  const tmp = mkdtempSync(join(tmpdir(), 'e2e-ff-selftest-'));
  let fixture;
  let ff;
  try {
    fixture = await startFixtureServer(makeCert(tmp));
    const { port } = fixture;

    let t0 = Date.now();
    ff = await launchFirefox({ extensionDir, hostMap: { [IG]: port, [FB]: port } });
    const startMs = Date.now() - t0;
    check('launchFirefox (geckodriver + session + temporary add-on install)', true, `${startMs} ms, add-on ${ff.addonId}`);
    check('add-on id is the manifest gecko id', ff.addonId === ff.geckoId, `${ff.addonId}`);

    const igUrl = ff.pageUrl(IG, '/developer/');
    await step(`content script runs on ${igUrl} (mapped host, no port)`, async () => {
      t0 = Date.now();
      await ff.navigate(igUrl);
      const navMs = ms(t0);
      const cur = await ff.currentUrl();
      if (cur !== igUrl) throw new Error(`currentUrl ${cur}`);
      await ff.waitFor(() => ff.execute(() => document.documentElement.dataset.selftest === 'ran'), {
        timeout: 10_000,
        message: 'data-selftest=ran',
      });
      return `navigate ${navMs}, marker after ${ms(t0)}`;
    });
    await step('page origin is the real one', async () => {
      const o = await ff.execute(() => location.origin);
      if (o !== `https://${IG}`) throw new Error(o);
      return o;
    });
    await step('content script <-> background messaging', async () => {
      const r = await ff.waitFor(() => ff.execute(() => document.documentElement.dataset.message), { message: 'data-message' });
      if (r !== 'ok') throw new Error(r);
    });
    await step('fixture server saw Host: www.instagram.com', async () => {
      if (!fixture.hostsSeen.has(IG)) throw new Error([...fixture.hostsSeen].join(','));
    });

    await step('type() with real keystrokes + Keys.Enter submits the form', async () => {
      await ff.click('#name');
      await ff.type('#name', 'hello' + Keys.Enter);
      const out = await ff.waitFor(async () => {
        const t = await ff.text('#out');
        return t.startsWith('submitted:') && t;
      }, { message: '#out submitted' });
      if (out !== 'submitted:hello') throw new Error(out);
      return out;
    });
    await step('sendKeys() to the focused element + pressEnter()', async () => {
      await ff.clear('#name');
      await ff.click('#name');
      await ff.sendKeys('abc');
      await ff.pressEnter();
      const out = await ff.waitFor(async () => {
        const t = await ff.text('#out');
        return t === 'submitted:abc' && t;
      }, { message: '#out submitted:abc', timeout: 5_000 });
      return out;
    });
    await step('click() is a trusted event', async () => {
      await ff.click('#btn');
      const out = await ff.text('#out');
      if (out !== 'clicked:true') throw new Error(out);
    });
    await step('executeAsync() (callback style) and async execute()', async () => {
      const a = await ff.executeAsync((x, done) => setTimeout(() => done(x * 2), 10), 21);
      const b = await ff.execute(async (x) => { await new Promise((r) => setTimeout(r, 10)); return x + 1; }, 41);
      if (a !== 42 || b !== 42) throw new Error(`${a} ${b}`);
    });

    await step('content script does not run outside its matches (/other/)', async () => {
      await ff.navigate(ff.pageUrl(IG, '/other/'));
      await new Promise((r) => setTimeout(r, 500));
      const m = await ff.execute(() => document.documentElement.dataset.selftest || null);
      if (m !== null) throw new Error(`marker ${m}`);
    });
    await step(`second mapped host ${FB} is reachable`, async () => {
      await ff.navigate(ff.pageUrl(FB, '/apps/'));
      const t = await ff.title();
      if (t !== 'fixture fb apps') throw new Error(t);
    });
    await step('explicit-port URL also matches (match patterns ignore the port)', async () => {
      const url = `https://${IG}:${port}/developer/`;
      await ff.navigate(url);
      await ff.waitFor(() => ff.execute(() => document.documentElement.dataset.selftest === 'ran'), {
        message: 'marker on explicit-port URL',
      });
      return url.replace(String(port), '<port>');
    });
    await step('unmapped hosts fail fast (no real network)', async () => {
      t0 = Date.now();
      try {
        await ff.navigate('https://unmapped.example.invalid/');
      } catch {
        // a neterror page or a WebDriver error are both fine
      }
      const took = Date.now() - t0;
      if (took > 10_000) throw new Error(`took ${took} ms`);
      return `${took} ms`;
    });

    const cspUrl = ff.pageUrl(IG, '/developer/csp');
    await step(`CSP page (default-src 'none'; script-src 'self'): page inline script blocked`, async () => {
      await ff.navigate(cspUrl);
      await ff.waitFor(() => ff.execute(() => document.documentElement.dataset.selftest === 'ran'), { message: 'marker' });
      const inline = await ff.execute(() => document.documentElement.dataset.inline || null);
      if (inline !== null) throw new Error('inline script ran: CSP not in effect');
    });
    await step('CSP page: content script WebAssembly.instantiate works', async () => {
      const r = await ff.waitFor(() => ff.execute(() => document.documentElement.dataset.wasm), { message: 'data-wasm' });
      if (r !== 'ok') throw new Error(r);
    });
    await step('CSP page: content script dynamic import(runtime.getURL("mod.js")) works', async () => {
      const r = await ff.waitFor(() => ff.execute(() => document.documentElement.dataset.module), { message: 'data-module' });
      if (r !== 'ok') throw new Error(r);
    });

    const pageHandle = await ff.windowHandle();
    let popupHandle;
    await step(`extension page opens at ${ff.extensionUrl('popup.html')}`, async () => {
      popupHandle = await ff.openExtensionPage('popup.html');
      const cur = await ff.currentUrl();
      if (cur !== ff.extensionUrl('popup.html')) throw new Error(cur);
      await ff.waitFor(async () => (await ff.text('#status')) === 'popup ready', { message: '#status' });
      return `${(await ff.windowHandles()).length} tabs`;
    });
    await step('extension page: browser.* and chrome.* are available to execute()', async () => {
      const r = await ff.execute(() => ({
        browser: typeof browser !== 'undefined' && typeof browser.tabs.query,
        chrome: typeof chrome !== 'undefined' && typeof chrome.runtime.getURL,
        url: browser.runtime.getURL('x'),
      }));
      if (r.browser !== 'function' || r.chrome !== 'function') throw new Error(JSON.stringify(r));
      if (r.url !== ff.extensionUrl('x')) throw new Error(r.url);
    });
    await step('extension page: host permissions granted without a prompt', async () => {
      const p = await ff.execute(() => browser.permissions.getAll());
      const want = [`https://${IG}/*`, `https://${FB}/*`];
      const missing = want.filter((o) => !p.origins.includes(o));
      if (missing.length) throw new Error(`missing ${missing.join(', ')}; have ${JSON.stringify(p)}`);
      return p.origins.join(' ');
    });
    await step('extension page: browser.tabs.query finds the mapped page tab', async () => {
      const tabs = await ff.execute(async () =>
        (await browser.tabs.query({})).map((t) => ({ id: t.id, url: t.url || null, active: t.active })),
      );
      const tab = tabs.find((t) => t.url === cspUrl);
      if (!tab) throw new Error(JSON.stringify(tabs));
      return `tab ${tab.id} (${tabs.length} tabs)`;
    });
    await step('switchTo() back to the page tab, screenshot()', async () => {
      await ff.switchTo(pageHandle);
      if ((await ff.currentUrl()) !== cspUrl) throw new Error(await ff.currentUrl());
      const png = await ff.screenshot(join(tmp, 'shot.png'));
      const buf = readFileSync(png);
      if (buf.length < 100 || buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
      await ff.switchTo(popupHandle);
      await ff.closeWindow();
      await ff.switchTo(pageHandle);
      return `${buf.length} bytes`;
    });

    const { child, tmpRoot } = ff;
    t0 = Date.now();
    await ff.close();
    const closeMs = Date.now() - t0;
    check('close() stops geckodriver/Firefox and removes the temp profile', child.exitCode !== null || child.signalCode !== null ? !existsSync(tmpRoot) : false, `${closeMs} ms`);
    ff = null;
  } catch (e) {
    check('self-test ran to the end', false, e.stack || e.message);
  } finally {
    if (ff) await ff.close().catch(() => {});
    if (fixture) fixture.server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

await main();
