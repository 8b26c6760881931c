// What a user does with the popup on a portal page, and what the page's
// overlay shows, shared by the portal scenarios.
import assert from 'node:assert/strict';
import { openPopupFor } from './browsers.mjs';

// Chooses `profileId` in the popup for `tab`, presses Fill and returns the
// report: a line per field ({ field, outcome, text }), the fill's warnings
// (`allWarnings`: every warning the popup shows, the captured clients'
// too) and its errors.
export async function fillFrom(session, tab, profileId, { overwrite = false, allWarnings = false } = {}) {
  const popup = await openPopupFor(session, await tab.url());
  await popup.waitFor('[data-testid="profile-select"]');
  await popup.evaluate(
    ([id, overwrite]) => {
      const select = document.querySelector('[data-testid="profile-select"]');
      select.value = id;
      select.dispatchEvent(new Event('change'));
      document.querySelector('[data-testid="overwrite"]').checked = overwrite;
    },
    [profileId, overwrite],
  );
  await popup.click('[data-testid="fill"]');
  await popup.waitFor('[data-testid="fill-result"] li, [data-testid="fill-result"] .error', { timeout: 20000 });
  const result = await popup.evaluate((all) => ({
    lines: [...document.querySelectorAll('[data-testid="fill-result"] li')].map((li) => ({
      field: li.dataset.field,
      outcome: li.dataset.outcome,
      text: li.textContent,
    })),
    // Only the fill's own messages, not those of the captured clients.
    warnings: [...document.querySelectorAll(all ? '[data-testid="warning"]' : '[data-testid="fill-result"] [data-testid="warning"]')].map((w) => w.textContent),
    errors: [...document.querySelectorAll('[data-testid="fill-result"] .error')].map((e) => e.textContent),
  }), allWarnings);
  await popup.close();
  return result;
}

// The report's outcome per field.
export const outcomes = (result) => Object.fromEntries(result.lines.map((l) => [l.field, l.outcome]));

// What the popup says the page of `tab` is (its data-kind).
export async function kindOf(session, tab) {
  const popup = await openPopupFor(session, await tab.url());
  const kind = await popup.attribute('[data-testid="page-kind"]', 'data-kind');
  await popup.close();
  return kind;
}

// The captured clients as stored.
export async function storedClients(session) {
  const { clients } = await session.storageLocal('clients');
  return clients?.clients ?? [];
}

// The part of ClientFill's overlay with `testid` in `tab`: its tone,
// verdict, text and link, or null while it is not shown.
export const inOverlay = (tab, testid) =>
  tab.evaluate((id) => {
    const box = document.querySelector('clientfill-overlay')?.shadowRoot?.querySelector(`[data-testid="${id}"]`);
    return box && { tone: box.dataset.tone, verdict: box.dataset.verdict, text: box.textContent, href: box.querySelector('a')?.href ?? null };
  }, testid);

// A trusted click on the element of `css` whose text is `text` (the
// portals' buttons have no stable ids).
export async function clickText(tab, css, text) {
  const found = await tab.evaluate(
    ([sel, wanted]) => {
      const el = [...document.querySelectorAll(sel)].find((e) => e.textContent.trim() === wanted);
      el?.setAttribute('data-e2e-target', '');
      return Boolean(el);
    },
    [css, text],
  );
  assert.ok(found, `no ${css} reading “${text}”`);
  await tab.click('[data-e2e-target]');
  // The click may navigate (Create opens the new application): then there
  // is no mark left to remove.
  await tab.evaluate(() => document.querySelector('[data-e2e-target]')?.removeAttribute('data-e2e-target')).catch(() => {});
}
