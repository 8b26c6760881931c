// ClientFill against a minimal hand-written extension (tools/baseline/), in
// headless Chromium on the portal fixtures: what ships, how soon the content
// script answers, how long fills take, how soon a banned name is pointed
// out, and what the content script costs a busy page and a huge one. Prints
// one table; measures, never judges. Run through tools/bench.sh.
//
// The subjects run in separate browsers, one run each in turn (who goes
// first alternates), so a slow minute of the machine hits both alike.
// BENCH_RUNS (default 15) runs per figure and subject, after one warm-up.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FACEBOOK_HOST, INSTAGRAM_HOST, startFixtureServer } from '../tests/fixtures/server.mjs';
import {
  CHROMIUM, launchSubject, longTasksAfterLoad, openReady, sleep, sw, timeFill, timePopup, timeWarning, typeKeys,
} from './bench-browser.mjs';
import { crateBreakdown, shippedSizes } from './bench-sizes.mjs';
import { SHOP_GIGYA } from '../tests/e2e/lib/profiles.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 15));
// A busy run: the page loaded in all three browsers at once, then
// BUSY_BURSTS rounds of a BUSY_MS loop in each, taking turns. The page's speed
// swings by half from one second to the next on a small machine (two pages
// without an extension, side by side, differ from 40 % to 240 % burst by
// burst), so short bursts taken in turn share the machine's slow moments,
// and a run's figure sums all its bursts.
const BUSY_MS = Number(process.env.BENCH_BUSY_MS ?? 250);
const BUSY_BURSTS = Math.max(1, Number(process.env.BENCH_BUSY_BURSTS ?? 10));
const EXTRA_INPUTS = 10000;
// BENCH_ONLY=register,js,facebook,popup,busy,huge: only those loops (and no
// per-crate build), to look at one figure while working on it.
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const wanted = (loop) => !ONLY || ONLY.has(loop);
// After the content script first answers: the page's own late work (the
// tokenfield, React's first render) and ClientFill's 250 ms re-read settle.
const SETTLE_MS = 300;

// The legacy tests' Gigya profile, and the values its popup derives from it
// for the Register page (what the benchmark sends both content scripts).
const PROFILE = SHOP_GIGYA;
const NO_VALUES = {
  appName: null, description: null, companyName: null, websiteUrl: null, redirectUris: [],
  privacyPolicyUrl: null, contactEmail: null, deauthorizeUrl: null, dataDeletionUrl: null, implicitOauth: false,
};
const REGISTER_VALUES = {
  ...NO_VALUES,
  appName: PROFILE.appName,
  description: PROFILE.description,
  companyName: PROFILE.companyName,
  websiteUrl: 'https://www.shop.example',
  redirectUris: ['us1', 'eu1', 'ru1'].map((dc) => `https://socialize.${dc}.gigya.com/GS/GSLogin.aspx?`),
  privacyPolicyUrl: PROFILE.privacyPolicyUrl,
  contactEmail: PROFILE.contactEmail,
};
const REGISTER_EXPECT = {
  fields: [
    ['id_name', REGISTER_VALUES.appName],
    ['id_description', REGISTER_VALUES.description],
    ['id_company_name', REGISTER_VALUES.companyName],
    ['id_website_url', REGISTER_VALUES.websiteUrl],
    ['id_privacy_policy_url', REGISTER_VALUES.privacyPolicyUrl],
    ['id_contact_email', REGISTER_VALUES.contactEmail],
  ],
  tokens: REGISTER_VALUES.redirectUris,
  chips: [],
};
// The seed app's Facebook Login: one saved URI; two more become chips.
const FB_APP = '1187243319820456';
const FB_VALUES = {
  ...NO_VALUES,
  redirectUris: ['https://65e60559.ngrok.io/api/connect/facebook/callback', 'https://www.acme.example/api/auth/callback/facebook'],
};
const FB_EXPECT = { fields: [], tokens: [], chips: FB_VALUES.redirectUris };
// Typed after the name: the warning comes with its fifth key.
const BANNED = 'Insta';

const CF = 'ClientFill';
const BASE = 'baseline';
const NONE = 'no extension';

function log(message) {
  process.stderr.write(`==> ${message}\n`);
}

// ---------------------------------------------------------------- results

const results = new Map();
// Off during the warm-up.
let recording = false;
function record(figure, subject, value) {
  if (!recording) return;
  const key = `${figure}\u0000${subject}`;
  if (!results.has(key)) results.set(key, []);
  results.get(key).push(value);
}
const get = (figure, subject) => results.get(`${figure}\u0000${subject}`) ?? [];
// Failed runs, by loop and subject: listed under the table.
const failures = new Map();

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// `list` starting at its `n`th item (mod its length): who goes first.
const rotated = (list, n) => {
  const shift = n % list.length;
  return [...list.slice(shift), ...list.slice(0, shift)];
};

// A failed run is counted under `key`, reported, and not retried.
function failed(key, what, error) {
  const line = error.message.split('\n')[0];
  if (!failures.has(key)) failures.set(key, []);
  failures.get(key).push(line);
  log(`  ${what} failed: ${line}`);
}

// Runs `fn(subject, i)` RUNS times for each subject, taking turns; who goes
// first alternates.
async function interleaved(figure, subjects, fn) {
  const t0 = Date.now();
  log(`${figure} (${RUNS} runs each)`);
  for (let i = 0; i < RUNS; i++) {
    for (const subject of rotated(subjects, i)) {
      try {
        await fn(subject, i);
      } catch (error) {
        failed(`${figure}, ${subject.name}`, `${subject.name}, run ${i + 1}`, error);
      }
    }
  }
  log(`  ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

// ---------------------------------------------------------------- runs

let fixture;
const url = (host, pathAndQuery) => fixture.url(host, pathAndQuery);

// ClientFill remembers, per site, that WebAssembly was refused there. The
// WebAssembly-path runs start without that memory; the JavaScript-path runs
// with it, as every visit after a site's first.
async function setWasmRefused(subject, refused) {
  if (subject.name !== CF) return;
  await sw(
    subject,
    ({ refused, site }) =>
      refused ? chrome.storage.local.set({ wasmRefusedSites: { [site]: Date.now() } }) : chrome.storage.local.remove('wasmRefusedSites'),
    { refused, site: `https://${INSTAGRAM_HOST}` },
  );
  // The background registers which build the site's pages get.
  await sw(subject, () => globalThis.clientfillContentScriptsSynced());
}

async function engineIs(subject, answer, engine) {
  if (subject.name === CF && answer.engine !== engine) throw new Error(`expected the ${engine} build, got ${answer.engine}`);
}

// Register, no CSP: cold start, then a fill, then typing a banned name.
async function registerRun(subject) {
  await setWasmRefused(subject, false);
  const { page, tabId, answer, readyMs, afterDclMs } = await openReady(subject, url(INSTAGRAM_HOST, '/developer/clients/register/'), { kind: 'legacy:register' });
  try {
    await engineIs(subject, answer, 'wasm');
    await sleep(SETTLE_MS);
    const fill = await timeFill(subject, page, tabId, REGISTER_VALUES, REGISTER_EXPECT);
    await sleep(SETTLE_MS);
    const warning = await timeWarning(page, '#id_name', BANNED);
    record('cold start, WebAssembly path', subject.name, readyMs);
    record('cold start, WebAssembly path, after DOMContentLoaded', subject.name, afterDclMs);
    record('Register fill: all fields and tokens shown', subject.name, fill.filledMs);
    record('Register fill: answer received', subject.name, fill.answerMs);
    record('keystroke → name warning', subject.name, warning.ms);
    record('keystroke → name warning: key', subject.name, warning.key);
  } finally {
    await page.close();
  }
}

async function jsPathRun(subject) {
  await setWasmRefused(subject, true);
  const { page, tabId, answer, readyMs, afterDclMs } = await openReady(subject, url(INSTAGRAM_HOST, '/developer/clients/register/?csp=strict'), { kind: 'legacy:register' });
  try {
    await engineIs(subject, answer, 'js');
    await sleep(SETTLE_MS);
    const fill = await timeFill(subject, page, tabId, REGISTER_VALUES, REGISTER_EXPECT);
    record('cold start, JavaScript path', subject.name, readyMs);
    record('cold start, JavaScript path, after DOMContentLoaded', subject.name, afterDclMs);
    record('Register fill, JavaScript path: all fields and tokens shown', subject.name, fill.filledMs);
    record('Register fill, JavaScript path: answer received', subject.name, fill.answerMs);
  } finally {
    await page.close();
    await setWasmRefused(subject, false);
  }
}

async function facebookRun(subject) {
  await fixture.reset();
  const { page, tabId } = await openReady(subject, url(FACEBOOK_HOST, `/apps/${FB_APP}/fb-login/settings/`), { kind: 'meta:facebook-login' });
  try {
    // Known by its route before React rendered it: wait for the chip input.
    await page.waitForFunction(() => [...document.querySelectorAll('label')].some((l) => l.textContent.trim() === 'Valid OAuth Redirect URIs'));
    await sleep(SETTLE_MS);
    const fill = await timeFill(subject, page, tabId, FB_VALUES, FB_EXPECT);
    record('Facebook Login fill: chips shown', subject.name, fill.filledMs);
    record('Facebook Login fill: answer received', subject.name, fill.answerMs);
  } finally {
    await page.close();
  }
}

async function popupRun(subject) {
  await setWasmRefused(subject, false);
  const { page, tabId } = await openReady(subject, url(INSTAGRAM_HOST, '/developer/clients/register/'), { kind: 'legacy:register' });
  try {
    await sleep(SETTLE_MS);
    const popup = await timePopup(subject, tabId);
    record('popup: click Fill → first result line', subject.name, popup.resultMs);
    record('popup: open → Fill usable', subject.name, popup.openMs);
  } finally {
    await page.close();
  }
}

// The busy loop on two pages: one that is no form of a portal, and the
// Register page, where a content script may watch for late-rendered parts.
// ms=0: the loop runs only when busyRun(ms) is called.
const BUSY_PAGES = {
  'busy page': { path: '/developer/busy/?ms=0', kind: 'none' },
  'busy Register page': { path: '/developer/clients/register/?busy=0', kind: 'legacy:register' },
};

async function openBusy(subject, busyUrl, kind) {
  if (subject.name === NONE) {
    const page = await subject.context.newPage();
    await page.goto(busyUrl);
    return page;
  }
  await setWasmRefused(subject, false);
  return (await openReady(subject, busyUrl, { kind })).page;
}

// One run: the page opened by every subject (in turn, so none loads while
// another's loop runs), then the bursts. Work kept: the run's iterations per
// second with an extension as a share of the same run's without one.
async function busyRun(label, subjects, round) {
  const { path: busyPath, kind } = BUSY_PAGES[label];
  const busyUrl = url(INSTAGRAM_HOST, busyPath);
  const pages = new Map();
  try {
    for (const subject of subjects) pages.set(subject, await openBusy(subject, busyUrl, kind));
    await sleep(SETTLE_MS);
    const sums = new Map(subjects.map((s) => [s, { iterations: 0, seconds: 0, longtasks: 0, max: 0 }]));
    for (let b = 0; b < BUSY_BURSTS; b++) {
      for (const subject of rotated(subjects, round + b)) {
        const got = await pages.get(subject).evaluate((ms) => window.busyRun(ms), BUSY_MS);
        const sum = sums.get(subject);
        sum.iterations += got.iterations;
        sum.seconds += got.seconds;
        sum.longtasks += got.longtasks;
        sum.max = Math.max(sum.max, got.longtaskMax);
      }
    }
    const rate = (s) => sums.get(s).iterations / sums.get(s).seconds;
    const none = subjects.find((s) => s.name === NONE);
    for (const subject of subjects) {
      const sum = sums.get(subject);
      record(`${label}: iterations per second`, subject.name, rate(subject));
      if (subject !== none) record(`${label}: work kept`, subject.name, (rate(subject) / rate(none)) * 100);
      record(`${label}: long tasks`, subject.name, sum.longtasks);
      record(`${label}: longest task`, subject.name, sum.max);
    }
  } finally {
    await Promise.allSettled([...pages.values()].map((page) => page.close()));
  }
}

// RUNS busy runs on one page; who opens and bursts first alternates.
async function busyRuns(label, subjects) {
  const t0 = Date.now();
  log(`${label} (${RUNS} runs of ${BUSY_BURSTS} × ${BUSY_MS} ms bursts each, after one warm-up)`);
  recording = false;
  await busyRun(label, subjects, 0);
  recording = true;
  for (let i = 0; i < RUNS; i++) {
    try {
      await busyRun(label, rotated(subjects, i), i);
    } catch (error) {
      failed(`${label}, all subjects`, `run ${i + 1}`, error);
    }
  }
  log(`  ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function recordHugeTasks(subject, tasks) {
  record('10,000 inputs: long tasks after DOMContentLoaded', subject.name, tasks.count);
  record('10,000 inputs: longest task after DOMContentLoaded', subject.name, tasks.max);
  record('10,000 inputs: long tasks after the load event', subject.name, tasks.afterLoad.count);
  record('10,000 inputs: longest task after the load event', subject.name, tasks.afterLoad.max);
}

// ?inputs=10000: detection, a fill, typing; long tasks over all of it.
// Without an extension: the same waits and typing and no fill, so the page's
// own long tasks show beside the subjects'.
async function hugeRun(subject) {
  const hugeUrl = url(INSTAGRAM_HOST, `/developer/clients/register/?inputs=${EXTRA_INPUTS}`);
  if (subject.name === NONE) {
    const page = await subject.context.newPage();
    try {
      await page.goto(hugeUrl, { waitUntil: 'load' });
      await sleep(2 * SETTLE_MS);
      await page.focus('#id_name');
      await typeKeys(page, BANNED);
      await sleep(100);
      const tasks = await longTasksAfterLoad(page);
      recordHugeTasks(subject, tasks);
    } finally {
      await page.close();
    }
    return;
  }
  await setWasmRefused(subject, false);
  const { page, tabId, readyMs, afterDclMs, afterLoadMs } = await openReady(subject, hugeUrl, { kind: 'legacy:register' });
  try {
    await sleep(SETTLE_MS);
    const fill = await timeFill(subject, page, tabId, REGISTER_VALUES, REGISTER_EXPECT);
    await sleep(SETTLE_MS);
    const warning = await timeWarning(page, '#id_name', BANNED);
    await sleep(100);
    const tasks = await longTasksAfterLoad(page);
    record('10,000 inputs: detected (getState legacy:register)', subject.name, readyMs);
    record('10,000 inputs: detected, after DOMContentLoaded', subject.name, afterDclMs);
    record('10,000 inputs: detected, after the load event', subject.name, afterLoadMs);
    record('10,000 inputs: fill, all fields and tokens shown', subject.name, fill.filledMs);
    record('10,000 inputs: keystroke → name warning', subject.name, warning.ms);
    recordHugeTasks(subject, tasks);
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------- table

const ms = (v) => (v < 100 ? v.toFixed(1) : v.toFixed(0));
const int = (v) => Math.round(v).toLocaleString('en-US');
const bytes = (v) => `${v.toLocaleString('en-US')} B`;

function cell(figure, subject, format = ms) {
  const values = get(figure, subject);
  if (!values.length) return '—';
  const short = values.length < RUNS ? ` (${values.length} runs)` : '';
  return `${format(median(values))} [${format(Math.min(...values))}–${format(Math.max(...values))}]${short}`;
}

function ratio(a, b) {
  // Counts of zero (no long task) have no useful ratio.
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === 0 || b === 0) return '—';
  const r = a / b;
  return `${r < 10 ? r.toFixed(2) : r.toFixed(0)}×`;
}
const medianOf = (figure, subject) => {
  const values = get(figure, subject);
  return values.length ? median(values) : NaN;
};

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function mainTable(sizes) {
  const rows = [];
  const size = (label, cf, base) =>
    rows.push([label, `${bytes(cf.raw)} / ${bytes(cf.gzip)}`, `${bytes(base.raw)} / ${bytes(base.gzip)}`, '—',
      `${ratio(cf.raw, base.raw)} / ${ratio(cf.gzip, base.gzip)}`]);
  size(`shipped, content script, WebAssembly path, largest family: ${sizes.largestWasm} (raw / gzip)`, sizes.wasmPath, sizes.baselineContent);
  size(`shipped, content script, JavaScript path, largest family: ${sizes.largestJs} (raw / gzip)`, sizes.jsPath, sizes.baselineContent);
  for (const { family, wasmPath, jsPath } of sizes.families) {
    size(`  ${family} pages, WebAssembly path (raw / gzip)`, wasmPath, sizes.baselineContent);
    size(`  ${family} pages, JavaScript path (raw / gzip)`, jsPath, sizes.baselineContent);
  }
  size('shipped, extension pages (raw / gzip)', sizes.pages, sizes.baselinePages);
  const timing = (figure, label = figure, format = ms) =>
    rows.push([`${label} (ms)`, cell(figure, CF, format), cell(figure, BASE, format), '—', ratio(medianOf(figure, CF), medianOf(figure, BASE))]);
  timing('cold start, WebAssembly path');
  timing('cold start, WebAssembly path, after DOMContentLoaded');
  timing('cold start, JavaScript path');
  timing('cold start, JavaScript path, after DOMContentLoaded');
  timing('Register fill: all fields and tokens shown');
  timing('Register fill: answer received');
  timing('Register fill, JavaScript path: all fields and tokens shown');
  timing('Register fill, JavaScript path: answer received');
  timing('Facebook Login fill: chips shown');
  timing('Facebook Login fill: answer received');
  timing('popup: click Fill → first result line');
  timing('popup: open → Fill usable');
  const keys = [CF, BASE].map((s) => [...new Set(get('keystroke → name warning: key', s))].join('/'));
  timing('keystroke → name warning', `keystroke → name warning (key ${keys[0]} / ${keys[1]} of "${BANNED}")`);
  const counted = (figure, format) =>
    rows.push([figure + (format === ms ? ' (ms)' : ''), cell(figure, CF, format), cell(figure, BASE, format), cell(figure, NONE, format),
      ratio(medianOf(figure, CF), medianOf(figure, BASE))]);
  const pct = (v) => `${v.toFixed(1)} %`;
  for (const label of Object.keys(BUSY_PAGES)) {
    counted(`${label}: iterations per second`, int);
    const kept = `${label}: work kept`;
    rows.push([`${kept} (% of the run's no-extension rate)`, cell(kept, CF, pct), cell(kept, BASE, pct), '100 %',
      ratio(medianOf(kept, CF), medianOf(kept, BASE))]);
    counted(`${label}: long tasks`, int);
    counted(`${label}: longest task`, ms);
  }
  timing('10,000 inputs: detected (getState legacy:register)');
  timing('10,000 inputs: detected, after DOMContentLoaded');
  timing('10,000 inputs: detected, after the load event');
  timing('10,000 inputs: fill, all fields and tokens shown');
  timing('10,000 inputs: keystroke → name warning');
  counted('10,000 inputs: long tasks after DOMContentLoaded', int);
  counted('10,000 inputs: longest task after DOMContentLoaded', ms);
  counted('10,000 inputs: long tasks after the load event', int);
  counted('10,000 inputs: longest task after the load event', ms);
  return table(['figure', `${CF}: median [min–max]`, `${BASE}: median [min–max]`, NONE, `${CF} ÷ ${BASE}`], rows);
}

function crateTable(breakdown) {
  if (breakdown.error) return `content .wasm by crate: not measured: ${breakdown.error}`;
  const total = breakdown.namedBytes;
  const shown = breakdown.rows.slice(0, 14);
  const rest = breakdown.rows.slice(14).reduce((sum, r) => sum + r.bytes, 0);
  const rows = shown.map((r) => [r.crate, bytes(r.bytes), `${((r.bytes / total) * 100).toFixed(1)} %`]);
  if (rest) rows.push([`${breakdown.rows.length - 14} more`, bytes(rest), `${((rest / total) * 100).toFixed(1)} %`]);
  rows.push(['total (name section left out)', bytes(total), `shipped .wasm: ${bytes(breakdown.shippedWasmBytes)}`]);
  return table([`content .wasm by crate, ${breakdown.family} family (twiggy, build with names)`, 'bytes', 'share'], rows);
}

// What each size row counts (gzip: each file on its own, -9, summed).
function sizeFiles(sizes) {
  const list = (label, part) => `${label}: ${part.names.join(', ')}`;
  return [
    ...sizes.families.flatMap(({ family, wasmPath, jsPath }) => [
      list(`${CF}, content script, ${family} pages, WebAssembly path`, wasmPath),
      list(`${CF}, content script, ${family} pages, JavaScript path`, jsPath),
    ]),
    list(`${CF}, extension pages`, sizes.pages),
    list(`${BASE}, content script`, sizes.baselineContent),
    list(`${BASE}, extension pages`, sizes.baselinePages),
  ].join('\n');
}

function machine() {
  let chromium = '?';
  try {
    chromium = execFileSync(CHROMIUM, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    // Reported as unknown.
  }
  const cpus = os.cpus();
  return [
    `machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}`,
    `browser: ${chromium}, headless, through playwright-core; Node ${process.version}`,
    `runs: ${RUNS} per figure and subject after one warm-up, interleaved; busy runs of ${BUSY_BURSTS} bursts of ${BUSY_MS} ms per subject`,
    `load average (1 min) at start ${loadAtStart.toFixed(2)}, at end ${os.loadavg()[0].toFixed(2)}`,
  ].join('\n');
}

// ---------------------------------------------------------------- main

// Other work on the machine skews every figure: the table says how busy it was.
const loadAtStart = os.loadavg()[0];

async function main() {
  const started = Date.now();
  log('shipped sizes');
  const sizes = shippedSizes(root);
  log('content .wasm by crate (a build with names in target/bench-names; ~30 s when the crates changed)');
  const wasm = sizes.wasmPath.names.find((f) => f.endsWith('.wasm'));
  const breakdown = ONLY ? { error: 'left out (BENCH_ONLY)' } : crateBreakdown(root, sizes.largestWasm, statSync(path.join(root, 'dist/chromium', wasm)).size);

  fixture = await startFixtureServer();
  const port = fixture.port;
  log('launching Chromium: ClientFill, baseline, no extension');
  const cf = await launchSubject({ name: CF, extensionDir: path.join(root, 'dist/chromium'), port });
  const base = await launchSubject({ name: BASE, extensionDir: path.join(root, 'tools/baseline'), port });
  const none = await launchSubject({ name: NONE, port });
  try {
    // ClientFill's popup fills from the chosen profile; the baseline's from
    // the values its popup reads.
    await sw(cf, (p) => chrome.storage.local.set({
      profiles: { format: 'clientfill-profiles', version: 1, profiles: [p] }, selectedProfile: p.id,
    }), PROFILE);
    await sw(base, (values) => chrome.storage.local.set({ values }), REGISTER_VALUES);

    // The warm-up doubles as the check that both content scripts work: a
    // subject that cannot fill would only time out run after run.
    log('warm-up');
    for (const subject of [cf, base]) {
      try {
        for (const run of [registerRun, jsPathRun, facebookRun, popupRun, hugeRun]) await run(subject);
      } catch (error) {
        throw new Error(`${subject.name} does not work on the fixtures, nothing measured: ${error.message}`);
      }
    }
    recording = true;
    const both = [cf, base];
    if (wanted('register')) await interleaved('Register: cold start, fill, typing', both, registerRun);
    if (wanted('js')) await interleaved('Register under a strict CSP: cold start', both, jsPathRun);
    if (wanted('facebook')) await interleaved('Facebook Login: fill', both, facebookRun);
    if (wanted('popup')) await interleaved('popup: Fill', both, popupRun);
    for (const label of Object.keys(BUSY_PAGES)) {
      if (!wanted('busy')) break;
      await busyRuns(label, [none, cf, base]);
    }
    if (wanted('huge')) await interleaved('10,000 inputs', [none, cf, base], hugeRun);
  } finally {
    await Promise.allSettled([cf.close(), base.close(), none.close()]);
    await fixture.close();
  }
  console.log(machine());
  console.log();
  console.log(mainTable(sizes));
  console.log();
  console.log(crateTable(breakdown));
  console.log();
  console.log(sizeFiles(sizes));
  for (const [key, errors] of failures) {
    console.log(`failed: ${key}: ${errors.length} of ${RUNS} runs (${[...new Set(errors)].join('; ')})`);
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

try {
  await main();
} catch (error) {
  console.error(`bench: ${error.message}`);
  process.exit(1);
}
