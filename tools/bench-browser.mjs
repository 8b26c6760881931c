// Headless Chromium sessions for the benchmark and the probes it puts into
// pages. Each subject gets its own browser and profile, launched as the
// end-to-end tests launch theirs (tests/e2e/lib/chromium.mjs), so the two
// content scripts never share a page; "none" is a profile without extensions.
//
// Times that span two processes (a message sent from the service worker, its
// effect seen in the page) are epoch milliseconds: performance.timeOrigin +
// performance.now() on each side, both taken from the system clock.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromiumArgs, launchChromium } from '../tests/e2e/lib/chromium.mjs';

// playwright-core lives in the tests' node_modules.
const require = createRequire(new URL('../tests/package.json', import.meta.url));
const { chromium } = require('playwright-core');

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Runs in every page's main world before its own scripts: long tasks from
// the start (the renderer's main thread, so a content script's count too),
// and, in extension pages, when the popup's Fill button became usable.
function pageInit() {
  window.__benchLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__benchLongTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API.
  }
  if (location.protocol !== 'chrome-extension:') return;
  const seen = () => {
    const button = document.querySelector('[data-testid="fill"]');
    if (button && !button.disabled && window.__benchFillReadyAt === undefined) {
      window.__benchFillReadyAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
}

export async function launchSubject({ name, extensionDir, port }) {
  let session;
  if (extensionDir) {
    session = await launchChromium({ extensionDir, port });
  } else {
    const profile = await mkdtemp(path.join(tmpdir(), 'clientfill-bench-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      ignoreHTTPSErrors: true,
      args: ['--disable-extensions', ...chromiumArgs(port)],
    });
    session = {
      context,
      async close() {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  }
  await session.context.addInitScript(pageInit);
  return { name, ...session };
}

// The subject's service worker; Playwright keeps it attached, and so alive.
export function sw(subject, fn, arg) {
  return subject.worker.evaluate(fn, arg);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens `url` in a new tab from the service worker and asks the content
 * script {type: 'getState'} every `interval` ms until it answers with
 * `kind`. Returns the Playwright page, the tab id, the answer, `readyMs`:
 * that answer's time minus the page's navigation start, and `afterDclMs`:
 * minus the page's DOMContentLoaded end instead.
 */
export async function openReady(subject, url, { kind, interval = 5, timeout = 20000 }) {
  const pageEvent = subject.context.waitForEvent('page', { timeout });
  const polled = sw(
    subject,
    async ({ url, kind, interval, timeout }) => {
      const now = () => performance.timeOrigin + performance.now();
      const tab = await chrome.tabs.create({ url, active: true });
      const end = now() + timeout;
      let last = null;
      while (now() < end) {
        try {
          const answer = await chrome.tabs.sendMessage(tab.id, { type: 'getState' });
          if (answer?.kind === kind) return { tabId: tab.id, at: now(), answer };
          last = JSON.stringify(answer);
        } catch (error) {
          last = String(error?.message ?? error);
        }
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
      return { tabId: tab.id, at: null, last };
    },
    { url, kind, interval, timeout },
  );
  const [page, result] = await Promise.all([pageEvent, polled]);
  if (result.at === null) {
    await page.close();
    throw new Error(`no getState answer with kind ${kind} from ${url} (last: ${result.last})`);
  }
  // The load event's end is known once the page has finished loading,
  // which may be after the answer.
  const { origin, dcl, load } = await page.evaluate(async () => {
    const nav = () => performance.getEntriesByType('navigation')[0];
    for (let i = 0; i < 200 && !(nav()?.loadEventEnd > 0); i++) await new Promise((r) => setTimeout(r, 10));
    return { origin: performance.timeOrigin, dcl: nav()?.domContentLoadedEventEnd ?? NaN, load: nav()?.loadEventEnd || NaN };
  });
  // What a content script adds once the page is parsed: the baseline's
  // starts after DOMContentLoaded, ClientFill's reads the page from then.
  // After the load event: the page has then also laid itself out; negative
  // when the answer came before it.
  return {
    page, tabId: result.tabId, answer: result.answer, readyMs: result.at - origin,
    afterDclMs: result.at - origin - dcl, afterLoadMs: result.at - origin - load,
  };
}

// Page side of a fill: resolves (epoch ms) once every expected value is in
// place: inputs by id, bootstrap-tokenfield tokens, React chips. Checked on
// every DOM change and input event, so the time is when the page got there.
function installFillProbe(expect) {
  const ok = () =>
    expect.fields.every(([id, value]) => document.getElementById(id)?.value === value) &&
    expect.tokens.every((t) => [...document.querySelectorAll('.tokenfield .token')].some((e) => e.dataset.value === t)) &&
    expect.chips.every((c) =>
      [...document.querySelectorAll('[title]')].some((e) => e.title === c && e.querySelector('[aria-label^="Remove "]')),
    );
  window.__benchFilled = null;
  const check = () => {
    if (window.__benchFilled === null && ok()) {
      window.__benchFilled = performance.timeOrigin + performance.now();
      observer.disconnect();
      document.removeEventListener('input', check, true);
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  document.addEventListener('input', check, true);
}

/**
 * Sends {type: 'fill', values} from the service worker and times it:
 * `filledMs` until the page shows every expected value, `answerMs` until the
 * content script answered.
 */
export async function timeFill(subject, page, tabId, values, expect) {
  await page.evaluate(installFillProbe, expect);
  const sent = await sw(
    subject,
    async ({ tabId, values }) => {
      const now = () => performance.timeOrigin + performance.now();
      const t0 = now();
      const result = await chrome.tabs.sendMessage(tabId, { type: 'fill', values, options: {} });
      return { t0, t1: now(), result };
    },
    { tabId, values },
  );
  if (sent.result?.errors?.length) throw new Error(`fill errors: ${sent.result.errors.join('; ')}`);
  await page.waitForFunction(() => window.__benchFilled !== null, null, { timeout: 10000 }).catch(() => {
    throw new Error(`the page never showed every value (answer: ${JSON.stringify(sent.result)})`);
  });
  const filled = await page.evaluate(() => window.__benchFilled);
  return { filledMs: filled - sent.t0, answerMs: sent.t1 - sent.t0 };
}

// Page side of typing: every keydown's time, and when a name warning (either
// extension's overlay, an open shadow root) first appeared, after how many keys.
function installWarningProbe() {
  window.__benchKeys = [];
  window.__benchWarning = null;
  const hosts = () => document.querySelectorAll('clientfill-overlay, baseline-overlay');
  const watched = new Set();
  const check = () => {
    for (const host of hosts()) {
      if (host.shadowRoot && !watched.has(host)) {
        watched.add(host);
        observer.observe(host.shadowRoot, { childList: true, subtree: true });
      }
      if (window.__benchWarning === null && host.shadowRoot?.querySelector('[data-testid="name-warning"]')) {
        window.__benchWarning = { at: performance.now(), keys: window.__benchKeys.length };
      }
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
  check();
  window.addEventListener('keydown', (e) => window.__benchKeys.push(e.timeStamp), true);
}

/**
 * Types `text` key by key at the end of the field `css` and times the
 * warning from the keydown of the key that made it appear. Fails when it was
 * already shown before typing.
 */
export async function timeWarning(page, css, text, { gap = 60 } = {}) {
  await page.focus(css);
  await page.keyboard.press('End');
  await page.evaluate(installWarningProbe);
  if (await page.evaluate(() => window.__benchWarning !== null)) throw new Error('a name warning was shown before typing');
  await typeKeys(page, text, gap);
  await page.waitForFunction(() => window.__benchWarning !== null, null, { timeout: 5000 }).catch(() => {
    throw new Error(`no name warning after typing ${JSON.stringify(text)}`);
  });
  const { warning, keys } = await page.evaluate(() => ({ warning: window.__benchWarning, keys: window.__benchKeys }));
  return { ms: warning.at - keys[warning.keys - 1], key: warning.keys };
}

// Types `text` into the focused control one key at a time, `gap` ms apart,
// as a person would.
export async function typeKeys(page, text, gap = 60) {
  for (const ch of text) {
    await page.keyboard.type(ch);
    await sleep(gap);
  }
}

// Long tasks that started after DOMContentLoaded (the page's own parsing and
// scripts are done by then): count and longest, ms; and the same from the
// load event's end (the page has laid itself out by then).
export function longTasksAfterLoad(page) {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const from = (t) => {
      const after = window.__benchLongTasks.filter(([start]) => start >= t);
      return { count: after.length, max: after.reduce((m, [, d]) => Math.max(m, d), 0) };
    };
    const dcl = from(nav?.domContentLoadedEventEnd ?? 0);
    return { ...dcl, afterLoad: from(nav?.loadEventEnd ?? 0) };
  });
}

// Popup side of Fill: the click's time and when the first result line
// appeared, in the popup's clock.
function installPopupProbe() {
  window.__benchClick = null;
  window.__benchResult = null;
  window.addEventListener(
    'click',
    (e) => {
      if (e.target.closest?.('[data-testid="fill"]') && window.__benchClick === null) window.__benchClick = e.timeStamp;
    },
    true,
  );
  const observer = new MutationObserver(() => {
    if (document.querySelector('[data-testid="fill-result"] li')) {
      window.__benchResult = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * Opens popup.html?tab=<tabId>, clicks Fill and times the click to the first
 * [data-testid=fill-result] li; also the popup's navigation start to its Fill
 * button being usable.
 */
export async function timePopup(subject, tabId) {
  const popup = await subject.context.newPage();
  try {
    await popup.goto(`chrome-extension://${subject.extensionId}/popup.html?tab=${tabId}`);
    await popup.waitForFunction(() => window.__benchFillReadyAt !== undefined, null, { timeout: 10000 });
    await popup.evaluate(installPopupProbe);
    await popup.click('[data-testid="fill"]');
    await popup.waitForFunction(() => window.__benchResult !== null, null, { timeout: 10000 });
    const times = await popup.evaluate(() => ({
      open: window.__benchFillReadyAt,
      result: window.__benchResult - window.__benchClick,
      outcomes: [...document.querySelectorAll('[data-testid="fill-result"] li')].map((li) => li.dataset.outcome),
    }));
    if (!times.outcomes.includes('filled')) throw new Error(`the popup reported no filled field: ${times.outcomes}`);
    return { openMs: times.open, resultMs: times.result };
  } finally {
    await popup.close();
  }
}
