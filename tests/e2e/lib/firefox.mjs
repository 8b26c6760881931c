// Minimal, dependency-free Firefox (ESR) end-to-end driver: geckodriver + raw
// WebDriver over HTTP. Node 20+, ESM, no npm packages.
//
// Needs `firefox-esr` (Debian package) and `geckodriver` (`cargo install geckodriver`)
// on PATH, or FIREFOX_BIN / GECKODRIVER set to their locations.
//
//   import { launchFirefox, Keys } from './firefox.mjs';
//   const ff = await launchFirefox({ extensionDir, hostMap: { 'www.instagram.com': port } });
//   try {
//     await ff.navigate(ff.pageUrl('www.instagram.com', '/developer/'));
//     await ff.waitFor(() => ff.execute(() => document.documentElement.dataset.x));
//   } finally { await ff.close(); }
//
// ---------------------------------------------------------------------------
// Host mapping (fixture server on 127.0.0.1:<random port> serving real host names)
//
// Chosen: a tiny in-process HTTP CONNECT proxy. Firefox gets the prefs
// `network.proxy.type = 1` + `network.proxy.ssl/http = 127.0.0.1:<proxy port>`; for
// every CONNECT to a host in `hostMap` the proxy opens a TCP tunnel to
// 127.0.0.1:<hostMap[host]> (whatever port was asked for), every other host gets
// an immediate 502 (so Firefox's own background traffic fails fast instead of
// waiting on DNS). TLS is end to end between Firefox and the fixture server, so
// the fixture server's certificate must name the host (acceptInsecureCerts takes
// care of it being self-signed). Result: tests use the exact production URLs,
// e.g. `https://www.instagram.com/developer/`, so `location.origin`, cookies, the
// Origin/Referer headers and the manifest's match patterns are all the real ones,
// and no privileged port (443) is needed. Loopback addresses are never proxied
// (Firefox's default `network.proxy.allow_hijacking_localhost = false`), so
// `http://127.0.0.1:<port>/` keeps working directly.
//
// Also verified (by the self-test): URLs with an explicit port, e.g.
// `https://www.instagram.com:<port>/developer/`, do run content scripts whose
// `matches` is `https://www.instagram.com/developer/*` — Firefox match patterns
// ignore the port. That alternative (with `network.dns.localDomains` resolving
// the host to 127.0.0.1, which is also set here) works without a proxy but
// changes `location.origin`/`host`, so `pageUrl()` builds port-less URLs.
//
// ---------------------------------------------------------------------------
// Host permissions (Firefox MV3 treats host_permissions and content script
// matches as optional, user-revocable "origin controls")
//
// Found in Firefox's Extension.sys.mjs: on ADDON_INSTALL of an MV3 extension all
// manifest origins (host_permissions + content_scripts matches) are granted when
// the pref `extensions.originControls.grantByDefault` is true (the default in
// Firefox's greprefs.js, seen in ESR 153). A temporary install through
// `POST /session/{id}/moz/addon/install {temporary: true}` counts as an install,
// so nothing has to be clicked. The driver sets the pref explicitly anyway. The
// self-test checks `browser.permissions.getAll()` from an extension page and that
// the content script really runs on the mapped host. Verified the other way
// round too: with the pref false, no origin is granted, the content script does
// not run, and `browser.permissions.request()` from a WebDriver click on an
// extension page never settles (it waits for the browser-chrome prompt).
//
// ---------------------------------------------------------------------------
// Extension context: the extension gets a fixed internal UUID (pref
// `extensions.webextensions.uuids`, set at start-up, i.e. before the install), so
// its pages live at `moz-extension://<uuid>/...` (`extensionUrl(path)`).
// Marionette refuses to navigate a tab to moz-extension:// ("not allowed in this
// context") unless geckodriver runs with `--allow-system-access`, which the driver
// passes (it is a throwaway test profile). WebDriver scripts run in a sandbox that
// sees the page's globals unwrapped, so `execute()` in such a tab can use
// `browser.*` / `chrome.*` directly, e.g. `browser.tabs.query({})` to find a
// page's tab id (see `openExtensionPage()`). The privileged chrome context is
// used only by the extension-permission methods (`inChrome()`).

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { createServer as createNetServer, connect as netConnect } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir, homedir } from 'node:os';
import { join, resolve, delimiter } from 'node:path';

/** Default fixed internal UUID of the extension under test. */
export const DEFAULT_EXTENSION_UUID = '3c1b5a8e-7f0d-4c2b-9e61-c11e7f111e2e';

/** WebDriver key codes for `type()` / `sendKeys()`. */
export const Keys = Object.freeze({
  Enter: '\uE007',
  Return: '\uE006',
  Tab: '\uE004',
  Escape: '\uE00C',
  Backspace: '\uE003',
  Delete: '\uE017',
  Space: '\uE00D',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Home: '\uE011',
  End: '\uE010',
  Shift: '\uE008',
  Control: '\uE009',
  Alt: '\uE00A',
  Meta: '\uE03D',
});

const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
const DEFAULT_HTTP_TIMEOUT_MS = 30_000;
const SESSION_TIMEOUT_MS = 90_000;
const LOG_TAIL_LINES = 80;
// WebDriver errors caused by the test itself: reported without the browser log tail.
const EXPECTED_ERRORS = new Set([
  'no such element',
  'javascript error',
  'stale element reference',
  'element not interactable',
  'element click intercepted',
  'invalid selector',
  'no such window',
  'script timeout',
]);

export class FirefoxError extends Error {}

// ---------------------------------------------------------------------------
// helpers

function which(name) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      if (statSync(p).isFile()) return p;
    } catch {}
  }
  return null;
}

export function findFirefox() {
  const candidates = [
    process.env.FIREFOX_BIN,
    which('firefox-esr'),
    '/usr/bin/firefox-esr',
    which('firefox'),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new FirefoxError('Firefox not found: install it (apt-get install -y firefox-esr) or set FIREFOX_BIN');
  return found;
}

export function findGeckodriver() {
  const candidates = [
    process.env.GECKODRIVER,
    which('geckodriver'),
    join(homedir(), '.cargo', 'bin', 'geckodriver'),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new FirefoxError('geckodriver not found: install it (cargo install geckodriver) or set GECKODRIVER');
  return found;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createNetServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class LogTail {
  constructor(max = LOG_TAIL_LINES) {
    this.max = max;
    this.lines = [];
    this.partial = '';
  }
  push(chunk) {
    const text = this.partial + chunk.toString('utf8');
    const parts = text.split('\n');
    this.partial = parts.pop();
    for (const l of parts) {
      this.lines.push(l);
      if (this.lines.length > this.max * 4) this.lines.splice(0, this.lines.length - this.max);
    }
  }
  tail(n = this.max) {
    const all = this.partial ? [...this.lines, this.partial] : this.lines;
    return all.slice(-n).join('\n');
  }
}

/** WebDriver script body for a function (called with the arguments) or a source string. */
function scriptBody(fnOrSource) {
  if (typeof fnOrSource === 'function') return `return (${fnOrSource.toString()}).apply(null, arguments);`;
  if (typeof fnOrSource === 'string') return fnOrSource;
  throw new TypeError('script must be a function or a string of source');
}

function readGeckoId(extensionDir) {
  const manifestPath = join(extensionDir, 'manifest.json');
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (e) {
    throw new FirefoxError(`cannot read ${manifestPath}: ${e.message}`);
  }
  const bss = manifest.browser_specific_settings || manifest.applications || {};
  const id = bss.gecko && bss.gecko.id;
  if (!id) throw new FirefoxError(`${manifestPath} has no browser_specific_settings.gecko.id (needed for a fixed UUID)`);
  return id;
}

// ---------------------------------------------------------------------------
// Extension permissions (also used by chromium.mjs)

/**
 * `scheme://host/*` for a host permission: both browsers keep only scheme and
 * host (`permissions.getAll()` reports `https://discord.com/developers/*` as
 * `https://discord.com/*`), and chrome://extensions takes no other form.
 */
export function hostPattern(origin) {
  const m = /^([a-z*]+):\/\/([^/]+)/.exec(origin);
  if (!m) throw new FirefoxError(`not a host permission: ${origin}`);
  return `${m[1]}://${m[2]}/*`;
}

/**
 * Runs in an extension page: records each `permissions.request()` the page
 * makes (`{ origins, permissions, outcome }`, outcome `pending`, `granted`,
 * `refused` or `error: <message>`) and passes the call on at once, unchanged,
 * so the click's user activation still reaches the browser. Idempotent; a
 * reload of the page drops it.
 */
export function recordPermissionRequests() {
  const log = (window.__e2ePermissionRequests ??= []);
  for (const api of new Set([globalThis.browser, globalThis.chrome].filter((a) => a?.permissions))) {
    const original = api.permissions.request;
    if (original.e2eRecorder) continue;
    const recorder = function (asked, ...rest) {
      const entry = { origins: [...(asked?.origins ?? [])], permissions: [...(asked?.permissions ?? [])], outcome: 'pending' };
      log.push(entry);
      const settle = (granted) => (entry.outcome = granted ? 'granted' : 'refused');
      const fail = (error) => (entry.outcome = `error: ${error?.message ?? error}`);
      if (typeof rest[0] === 'function') {
        const callback = rest[0];
        return original.call(this, asked, (granted) => {
          const error = globalThis.chrome?.runtime?.lastError;
          if (error) fail(error);
          else settle(granted);
          callback(granted);
        });
      }
      const answer = original.call(this, asked, ...rest);
      answer?.then?.(settle, fail);
      return answer;
    };
    recorder.e2eRecorder = true;
    api.permissions.request = recorder;
  }
}

/** Runs in the page: what recordPermissionRequests() saw there. */
export const recordedPermissionRequests = () => window.__e2ePermissionRequests ?? [];

// Runs in the browser window's chrome scope: clicks Allow on the add-on's
// permission doorhanger (the one a user answers) when every origin it asks for
// was allowed by the test; any other prompt stays open, unanswered, as it does
// in Chromium. The origins come from the topic the prompt is shown for.
function answerPermissionPrompts(addonId, allowed) {
  const pattern = (o) => {
    const m = /^([a-z*]+):\/\/([^/]+)/.exec(o);
    return m ? `${m[1]}://${m[2]}/*` : o;
  };
  for (const win of Services.wm.getEnumerator('navigator:browser')) {
    const state = (win.__e2ePermissionPrompts ??= { allowed: new Set(), asked: null });
    for (const o of allowed) state.allowed.add(o);
    if (state.armed) continue;
    state.armed = true;
    Services.obs.addObserver((subject) => {
      const ask = subject.wrappedJSObject;
      if (ask.id === addonId && win.gBrowser.getTabForBrowser(ask.browser)) state.asked = ask.permissions;
    }, 'webextension-optional-permission-prompt');
    win.PopupNotifications.panel.addEventListener('popupshown', (event) => {
      const note = win.document.getElementById('addon-webext-permissions-notification');
      const ask = state.asked;
      if (event.target !== win.PopupNotifications.panel || !ask || !note || note.hidden) return;
      if (ask.permissions.length || ask.data_collection?.length) return;
      if (!ask.origins.every((o) => state.allowed.has(pattern(o)))) return;
      state.asked = null;
      note.button.click();
    });
  }
}

// ---------------------------------------------------------------------------
// CONNECT proxy: maps host names to 127.0.0.1:<port>

async function startHostProxy(hostMap) {
  const map = new Map(Object.entries(hostMap).map(([h, p]) => [h.toLowerCase(), Number(p)]));
  for (const [h, p] of map) {
    if (!Number.isInteger(p) || p <= 0 || p > 65535) throw new FirefoxError(`hostMap[${h}] is not a port: ${hostMap[h]}`);
  }
  const sockets = new Set();
  const track = (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  const server = createHttpServer((req, res) => {
    // Plain-HTTP proxy requests: not supported (fixtures are HTTPS).
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`e2e host proxy: only CONNECT to mapped hosts (${[...map.keys()].join(', ')})\n`);
  });
  server.on('connection', track);
  server.on('connect', (req, client, head) => {
    const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(req.url || '');
    const host = m ? m[1].toLowerCase() : '';
    const port = map.get(host);
    if (!port) {
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = netConnect(port, '127.0.0.1');
    track(upstream);
    const fail = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head && head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (!upstream.connecting && client.writable) client.destroy();
      else client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
    });
    client.on('error', fail);
  });
  await new Promise((r, j) => {
    server.once('error', j);
    server.listen(0, '127.0.0.1', r);
  });
  return {
    port: server.address().port,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

// ---------------------------------------------------------------------------
// the session

export class FirefoxSession {
  constructor({ baseUrl, sessionId, child, logs, tmpRoot, proxy, uuid, geckoId, hostMap, addonId }) {
    this.baseUrl = baseUrl;
    this.sessionId = sessionId;
    this.child = child;
    this.logs = logs;
    this.tmpRoot = tmpRoot;
    this.proxy = proxy;
    this.uuid = uuid;
    this.geckoId = geckoId;
    this.addonId = addonId;
    this.hostMap = { ...hostMap };
    this.closed = false;
  }

  /** Last lines of geckodriver's and Firefox's output (stderr + stdout, interleaved). */
  logTail(n = LOG_TAIL_LINES) {
    return this.logs.tail(n);
  }

  /** Raw WebDriver command for this session: cmd('POST', '/url', {url}). */
  async cmd(method, path, body, opts = {}) {
    if (this.closed && !opts.allowClosed) throw new FirefoxError('session is closed');
    return wdRequest(this.baseUrl, method, `/session/${this.sessionId}${path}`, body, {
      logs: this.logs,
      ...opts,
    });
  }

  // -- URLs

  /** URL a test must use for `path` on a mapped host: https://<host><path> (no port). */
  pageUrl(host, path = '/') {
    if (!(host.toLowerCase() in lowerKeys(this.hostMap))) {
      throw new FirefoxError(`host ${host} is not in hostMap (${Object.keys(this.hostMap).join(', ')})`);
    }
    return `https://${host}${path.startsWith('/') ? path : '/' + path}`;
  }

  /** moz-extension://<fixed uuid>/<path> */
  extensionUrl(path = '') {
    return `moz-extension://${this.uuid}/${path.replace(/^\//, '')}`;
  }

  // -- navigation

  async navigate(url) {
    await this.cmd('POST', '/url', { url }, { timeout: 60_000 });
  }

  async currentUrl() {
    return this.cmd('GET', '/url');
  }

  async title() {
    return this.cmd('GET', '/title');
  }

  async refresh() {
    await this.cmd('POST', '/refresh', {}, { timeout: 60_000 });
  }

  // -- scripts

  /**
   * Runs a function (or source string with `arguments`) in the current page and
   * returns its (JSON-serialisable) result. Async functions are awaited.
   */
  async execute(fnOrSource, ...args) {
    return this.cmd('POST', '/execute/sync', { script: scriptBody(fnOrSource), args }, { timeout: 60_000 });
  }

  /**
   * Callback-style async script: the function receives (...args, done) and must call done(result).
   * Bounded by the session's script timeout (30 s unless changed with setTimeouts()).
   */
  async executeAsync(fnOrSource, ...args) {
    return this.cmd('POST', '/execute/async', { script: scriptBody(fnOrSource), args }, { timeout: 60_000 });
  }

  async setTimeouts({ script, pageLoad, implicit } = {}) {
    const t = {};
    if (script != null) t.script = script;
    if (pageLoad != null) t.pageLoad = pageLoad;
    if (implicit != null) t.implicit = implicit;
    await this.cmd('POST', '/timeouts', t);
  }

  /**
   * Polls `fn` (a Node-side function, may be async and may call this.execute) until
   * it returns a truthy value, which is returned. Throws after `timeout` ms with the
   * last error seen.
   */
  async waitFor(fn, { timeout = 10_000, interval = 100, message = 'condition' } = {}) {
    const deadline = Date.now() + timeout;
    let lastErr;
    for (;;) {
      try {
        const v = await fn();
        if (v) return v;
        lastErr = undefined;
      } catch (e) {
        lastErr = e;
      }
      if (Date.now() >= deadline) {
        throw new FirefoxError(
          `waitFor(${message}) timed out after ${timeout} ms${lastErr ? `; last error: ${lastErr.message}` : ''}`,
        );
      }
      await sleep(interval);
    }
  }

  // -- elements

  /** Element reference (opaque) for a CSS selector; throws if absent. */
  async findElement(css) {
    const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return { [ELEMENT_KEY]: v[ELEMENT_KEY], selector: css };
  }

  async findElements(css) {
    const v = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return v.map((e) => ({ [ELEMENT_KEY]: e[ELEMENT_KEY], selector: css }));
  }

  /** Waits (default 10 s) until the selector matches an element, returns it. */
  async waitForElement(css, { timeout = 10_000 } = {}) {
    return this.waitFor(async () => (await this.findElements(css))[0], { timeout, message: `element ${css}` });
  }

  async _el(target) {
    return typeof target === 'string' ? this.findElement(target) : target;
  }

  /** WebDriver element click (a trusted click, counts as a user gesture). */
  async click(target) {
    const el = await this._el(target);
    await this.cmd('POST', `/element/${el[ELEMENT_KEY]}/click`, {});
  }

  /** Real keystrokes into an element (focuses it first). Use Keys.Enter etc. for special keys. */
  async type(target, text) {
    const el = await this._el(target);
    await this.cmd('POST', `/element/${el[ELEMENT_KEY]}/value`, { text: String(text) });
  }

  async clear(target) {
    const el = await this._el(target);
    await this.cmd('POST', `/element/${el[ELEMENT_KEY]}/clear`, {});
  }

  async text(target) {
    const el = await this._el(target);
    return this.cmd('GET', `/element/${el[ELEMENT_KEY]}/text`);
  }

  async property(target, name) {
    const el = await this._el(target);
    return this.cmd('GET', `/element/${el[ELEMENT_KEY]}/property/${encodeURIComponent(name)}`);
  }

  /**
   * Keystrokes to whatever has focus (WebDriver actions). `text` may contain Keys.*,
   * e.g. sendKeys('hello' + Keys.Enter). With a target, same as type(target, text).
   */
  async sendKeys(targetOrText, maybeText) {
    if (maybeText !== undefined) return this.type(targetOrText, maybeText);
    const actions = [];
    for (const ch of String(targetOrText)) {
      actions.push({ type: 'keyDown', value: ch }, { type: 'keyUp', value: ch });
    }
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.cmd('DELETE', '/actions');
  }

  /** Presses Enter in the focused element (or in `target`). */
  async pressEnter(target) {
    if (target) return this.type(target, Keys.Enter);
    return this.sendKeys(Keys.Enter);
  }

  // -- windows / tabs

  async windowHandle() {
    return this.cmd('GET', '/window');
  }

  async windowHandles() {
    return this.cmd('GET', '/window/handles');
  }

  /** Opens a new tab (or 'window') and returns its handle; does NOT switch to it. */
  async newWindow(type = 'tab') {
    const v = await this.cmd('POST', '/window/new', { type });
    return v.handle;
  }

  async switchTo(handle) {
    await this.cmd('POST', '/window', { handle });
  }

  /** Closes the current tab; returns the remaining handles (switch to one of them next). */
  async closeWindow() {
    return this.cmd('DELETE', '/window');
  }

  /** New tab, switched to, at extensionUrl(path). Returns its handle. */
  async openExtensionPage(path = 'popup.html') {
    const handle = await this.newWindow('tab');
    await this.switchTo(handle);
    await this.navigate(this.extensionUrl(path));
    return handle;
  }

  /** Saves a PNG of the current viewport; returns the path. */
  async screenshot(path) {
    const b64 = await this.cmd('GET', '/screenshot');
    writeFileSync(path, Buffer.from(b64, 'base64'));
    return path;
  }

  // -- extension permissions
  //
  // `permissions.request()` shows a doorhanger in the browser window (headless
  // too) that nothing answers unless allowPermissionRequests() was called; the
  // pref `extensions.webextOptionalPermissionPrompts=false` would grant every
  // request unseen, so it is left alone. Grants and revocations go through
  // ExtensionPermissions as the add-on's Permissions tab in about:addons does,
  // so `permissions.onAdded`/`onRemoved` fire in the background. Same methods
  // as the Chromium session.

  /** Runs `fn` in the privileged chrome scope (needs --allow-system-access), then back to content. */
  async inChrome(fn, ...args) {
    await this.cmd('POST', '/moz/context', { context: 'chrome' });
    try {
      return await this.execute(fn, ...args);
    } finally {
      await this.cmd('POST', '/moz/context', { context: 'content' });
    }
  }

  /** The origins the add-on holds now, sorted: `permissions.getAll().origins`. */
  async hostPermissions() {
    const origins = await this.inChrome((id) => WebExtensionPolicy.getByID(id).extension.activePermissions.origins, this.addonId ?? this.geckoId);
    return [...origins].sort();
  }

  /** Grants origins of the manifest (optional or not) as the user does in about:addons. */
  async grantHostPermissions(origins) {
    await this.inChrome(
      async (id, wanted) => {
        const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
        const { extension } = WebExtensionPolicy.getByID(id);
        const undeclared = wanted.filter((o) => !extension.optionalOrigins.subsumes(new MatchPattern(o)));
        if (undeclared.length) throw new Error(`not in the manifest: ${undeclared.join(', ')}`);
        await ExtensionPermissions.add(id, { permissions: [], origins: wanted }, extension);
      },
      this.addonId ?? this.geckoId,
      origins,
    );
  }

  /** Revokes origins as the user does in about:addons; later requests for them are not allowed any more. */
  async revokeHostPermissions(origins) {
    await this.inChrome(
      async (id, wanted, patterns) => {
        const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
        await ExtensionPermissions.remove(id, { permissions: [], origins: wanted }, WebExtensionPolicy.getByID(id).extension);
        for (const win of Services.wm.getEnumerator('navigator:browser')) {
          for (const p of patterns) win.__e2ePermissionPrompts?.allowed.delete(p);
        }
      },
      this.addonId ?? this.geckoId,
      origins,
      origins.map(hostPattern),
    );
  }

  /**
   * From now on a permission prompt of the add-on asking only for `origins` is
   * answered Allow, as a user clicks it; and the requests made by `tab` (an
   * extension page: an object with `evaluate(fn, arg)`, default the current
   * window) are recorded. Resolves to `{ requests() }`.
   */
  async allowPermissionRequests(tab, origins) {
    const page = tab ?? { evaluate: (fn, arg) => this.execute(fn, arg) };
    await this.inChrome(answerPermissionPrompts, this.addonId ?? this.geckoId, origins.map(hostPattern));
    await page.evaluate(recordPermissionRequests);
    return { requests: () => page.evaluate(recordedPermissionRequests) };
  }

  // -- teardown

  /** Deletes the session, stops geckodriver/Firefox, the proxy, and removes the temp profile. */
  async close() {
    if (this.closed) return;
    this.closed = true;
    try {
      await wdRequest(this.baseUrl, 'DELETE', `/session/${this.sessionId}`, undefined, {
        logs: this.logs,
        timeout: 20_000,
      });
    } catch {
      // fall through to killing the processes
    }
    await teardown({ child: this.child, proxy: this.proxy, tmpRoot: this.tmpRoot });
  }
}

function lowerKeys(obj) {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k.toLowerCase(), v]));
}

async function wdRequest(baseUrl, method, path, body, { timeout = DEFAULT_HTTP_TIMEOUT_MS, logs } = {}) {
  const url = baseUrl + path;
  let res;
  let text;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeout),
    });
    text = await res.text();
  } catch (e) {
    const why = e.name === 'TimeoutError' ? `timed out after ${timeout} ms` : e.message;
    throw new FirefoxError(
      `WebDriver ${method} ${path}: ${why}${logs ? `\n--- geckodriver/firefox output (tail) ---\n${logs.tail()}` : ''}`,
    );
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new FirefoxError(`WebDriver ${method} ${path}: HTTP ${res.status}, not JSON: ${text.slice(0, 500)}`);
  }
  const v = json && json.value;
  if (!res.ok || (v && typeof v === 'object' && typeof v.error === 'string')) {
    const err = new FirefoxError(
      `WebDriver ${method} ${path}: ${v && v.error} — ${v && v.message}` +
        (logs && !EXPECTED_ERRORS.has(v && v.error) ? `\n--- geckodriver/firefox output (tail) ---\n${logs.tail(30)}` : ''),
    );
    err.webdriverError = v && v.error;
    err.stacktrace = v && v.stacktrace;
    throw err;
  }
  return v;
}

async function teardown({ child, proxy, tmpRoot }) {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    killGroup(child, 'SIGTERM');
    const t = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!t) {
      killGroup(child, 'SIGKILL');
      await Promise.race([exited, sleep(2_000)]);
    }
  }
  if (child && child._ffCleanup) liveCleanups.delete(child._ffCleanup);
  if (proxy) await proxy.close().catch(() => {});
  if (tmpRoot) {
    for (let i = 0; i < 5; i++) {
      try {
        rmSync(tmpRoot, { recursive: true, force: true });
        break;
      } catch {
        await sleep(200);
      }
    }
  }
}

// Synchronous last-resort cleanups of sessions not closed, run on process exit and
// on SIGINT/SIGTERM/SIGHUP (geckodriver runs detached, so a terminal's Ctrl-C does
// not reach it). A signal is re-raised afterwards when nobody else handles it.
const liveCleanups = new Set();
let exitHooksInstalled = false;
function runLiveCleanups() {
  for (const f of [...liveCleanups]) {
    liveCleanups.delete(f);
    try {
      f();
    } catch {}
  }
}
function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', runLiveCleanups);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const onSignal = () => {
      runLiveCleanups();
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

// geckodriver is started in its own process group (detached), Firefox is its child:
// killing the group by the geckodriver's pid also ends a Firefox left behind.
function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {}
  }
}

// ---------------------------------------------------------------------------

/**
 * Starts geckodriver + Firefox, installs the unpacked extension temporarily.
 *
 * @param {object} o
 * @param {string} [o.extensionDir]   unpacked extension (manifest.json with browser_specific_settings.gecko.id)
 * @param {Record<string, number>} [o.hostMap]  host name -> port of an HTTPS server on 127.0.0.1
 * @param {boolean} [o.headless=true]
 * @param {string} [o.extensionUuid]  fixed moz-extension:// UUID (default DEFAULT_EXTENSION_UUID)
 * @param {Record<string, string|number|boolean>} [o.prefs]  extra Firefox prefs
 * @param {boolean} [o.verbose]  echo geckodriver/Firefox output to stderr
 * @returns {Promise<FirefoxSession>}
 */
export async function launchFirefox({
  extensionDir,
  hostMap = {},
  headless = true,
  extensionUuid = DEFAULT_EXTENSION_UUID,
  prefs: extraPrefs = {},
  firefoxBinary,
  geckodriverBinary,
  verbose = !!process.env.E2E_FIREFOX_VERBOSE,
  windowSize = { width: 1280, height: 900 },
} = {}) {
  const firefox = firefoxBinary || findFirefox();
  const geckodriver = geckodriverBinary || findGeckodriver();
  const extDir = extensionDir ? resolve(extensionDir) : null;
  const geckoId = extDir ? readGeckoId(extDir) : null;

  const logs = new LogTail();
  const tmpRoot = mkdtempSync(join(tmpdir(), 'e2e-firefox-'));
  let child;
  let proxy;
  try {
    if (Object.keys(hostMap).length) proxy = await startHostProxy(hostMap);

    const port = await freePort();
    let bidiPort = await freePort();
    while (bidiPort === port) bidiPort = await freePort();
    child = spawn(
      geckodriver,
      [
        '--host', '127.0.0.1',
        '--port', String(port),
        '--websocket-port', String(bidiPort),
        '--profile-root', tmpRoot,
        // Needed to navigate a tab to moz-extension:// URLs (Marionette refuses
        // "non web-safe" schemes otherwise: "Navigation to ... is not allowed in this context").
        '--allow-system-access',
      ],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: tmpRoot } },
    );
    const onData = (d) => {
      logs.push(d);
      if (verbose) process.stderr.write(d);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let spawnError = null;
    child.once('error', (e) => (spawnError = e));
    // Last-resort cleanup if the test process exits or is signalled without close().
    child._ffCleanup = () => {
      killGroup(child, 'SIGKILL');
      try {
        rmSync(tmpRoot, { recursive: true, force: true });
      } catch {}
    };
    liveCleanups.add(child._ffCleanup);
    installExitHooks();

    const baseUrl = `http://127.0.0.1:${port}`;
    // Wait for geckodriver to listen.
    const readyBy = Date.now() + 15_000;
    for (;;) {
      if (spawnError) throw new FirefoxError(`cannot start ${geckodriver}: ${spawnError.message}`);
      if (child.exitCode !== null) {
        throw new FirefoxError(`geckodriver exited with ${child.exitCode}\n${logs.tail()}`);
      }
      try {
        const st = await wdRequest(baseUrl, 'GET', '/status', undefined, { timeout: 1_000 });
        if (st && st.ready !== false) break;
      } catch {}
      if (Date.now() > readyBy) throw new FirefoxError(`geckodriver did not answer on ${baseUrl}\n${logs.tail()}`);
      await sleep(50);
    }

    const hosts = Object.keys(hostMap);
    const prefs = {
      // Host permissions / content-script matches of MV3 extensions granted at install.
      'extensions.originControls.grantByDefault': true,
      // No add-on signature check or update/metadata traffic.
      'xpinstall.signatures.required': false,
      'extensions.update.enabled': false,
      'extensions.getAddons.cache.enabled': false,
      // Quiet background traffic (it would only hit the proxy's 502 anyway).
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'browser.safebrowsing.downloads.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'app.update.disabledForTesting': true,
      'browser.shell.checkDefaultBrowser': false,
      'dom.disable_open_during_load': false,
      // Self-signed fixture certs for pinned / HSTS-preloaded real host names.
      'security.cert_pinning.enforcement_level': 0,
      // console.* of pages and extension scripts -> geckodriver's output (logTail()).
      'devtools.console.stdout.content': true,
      'devtools.console.stdout.chrome': true,
      ...extraPrefs,
    };
    if (geckoId) prefs['extensions.webextensions.uuids'] = JSON.stringify({ [geckoId]: extensionUuid });
    if (proxy) {
      Object.assign(prefs, {
        'network.proxy.type': 1,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxy.port,
        'network.proxy.share_proxy_settings': false,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': false,
        // Also resolve the names to loopback (only used for direct connections).
        'network.dns.localDomains': hosts.join(','),
        // No DNS-over-HTTPS / prefetch detours.
        'network.trr.mode': 5,
        'network.dns.disablePrefetch': true,
      });
    }

    const args = [];
    if (headless) args.push('-headless');
    const caps = {
      capabilities: {
        alwaysMatch: {
          browserName: 'firefox',
          acceptInsecureCerts: true,
          pageLoadStrategy: 'normal',
          timeouts: { script: 30_000, pageLoad: 45_000, implicit: 0 },
          'moz:firefoxOptions': { binary: firefox, args, prefs, log: { level: 'info' } },
        },
      },
    };
    const started = await wdRequest(baseUrl, 'POST', '/session', caps, { timeout: SESSION_TIMEOUT_MS, logs });
    const session = new FirefoxSession({
      baseUrl,
      sessionId: started.sessionId,
      child,
      logs,
      tmpRoot,
      proxy,
      uuid: extensionUuid,
      geckoId,
      hostMap,
    });
    session.capabilities = started.capabilities;
    try {
      if (windowSize) await session.cmd('POST', '/window/rect', { width: windowSize.width, height: windowSize.height });
      if (extDir) {
        session.addonId = await session.cmd('POST', '/moz/addon/install', { path: extDir, temporary: true }, { timeout: 60_000 });
      }
    } catch (e) {
      await session.close();
      throw e;
    }
    return session;
  } catch (e) {
    await teardown({ child, proxy, tmpRoot });
    if (e instanceof FirefoxError && !/geckodriver\/firefox output|exited with|did not answer/.test(e.message)) {
      e.message += `\n--- geckodriver/firefox output (tail) ---\n${logs.tail()}`;
    }
    throw e;
  }
}

// Exported for tests that want version information in their logs.
export function versions() {
  const out = {};
  try {
    out.firefox = execFileSync(findFirefox(), ['--version'], { encoding: 'utf8', timeout: 20_000 }).trim();
  } catch (e) {
    out.firefox = `unknown (${e.message.split('\n')[0]})`;
  }
  try {
    out.geckodriver = execFileSync(findGeckodriver(), ['--version'], { encoding: 'utf8', timeout: 10_000 }).split('\n')[0].trim();
  } catch (e) {
    out.geckodriver = `unknown (${e.message.split('\n')[0]})`;
  }
  return out;
}
