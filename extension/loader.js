// Registers the content script on the portal pages (the manifest's host
// permissions and the optional ones granted): each pattern gets its portal
// family's build (FAMILIES), as one of two builds per site. In Chromium a page whose CSP
// lacks 'wasm-unsafe-eval' refuses WebAssembly in content scripts; a site
// seen refusing it (`wasmRefusedSites`: site -> time) gets the crate compiled
// to JavaScript injected with the glue, so its pages start the build that
// can run with no storage read, no probe and no module fetch first; every
// other site gets the glue and the loader, which fetch the .wasm. A refusal
// is tried again after RETRY_AFTER_MS, as a site's policy may change.

const api = globalThis.browser ?? globalThis.chrome;
const REFUSED_SITES = 'wasmRefusedSites';
const RETRY_AFTER_MS = 30 * 24 * 60 * 60 * 1000;
const LOADER = 'content.js';

// Each portal family's content build (pkg/content/<family>/, see build.sh)
// and the address prefixes of its patterns; the first family whose prefix a
// pattern starts with is its build. The providers' login pages come first:
// they get the build that reads their errors, none of a portal's.
export const FAMILIES = {
  login: ['https://www.facebook.com/', 'https://www.instagram.com/oauth/', 'https://github.com/login/', 'https://accounts.google.com/'],
  legacy: ['https://www.instagram.com/developer/'],
  meta: ['https://developers.facebook.com/'],
  github: ['https://github.com/'],
  google: ['https://console.cloud.google.com/'],
  discord: ['https://discord.com/'],
};

/** The family whose build runs on the pages of `pattern`; `undefined` for none. */
export function familyOf(pattern) {
  return Object.keys(FAMILIES).find((family) => FAMILIES[family].some((prefix) => pattern.startsWith(prefix)));
}

// Site -> time of the refusal. Any other shape (a hand edit, an old bug) is
// kept aside under a backup key and replaced, so one bad value cannot stop
// the content script on every portal page.
async function refusedSites() {
  const { [REFUSED_SITES]: value } = await api.storage.local.get(REFUSED_SITES);
  if (value === undefined) return {};
  const plain = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (plain && Object.values(value).every((t) => typeof t === 'number')) return value;
  await api.storage.local.set({ [`${REFUSED_SITES}.corrupt.${Date.now()}`]: value, [REFUSED_SITES]: {} });
  return {};
}

// The portal patterns the extension holds: the manifest's, and the
// optional ones the user turned on in the options page.
async function grantedPatterns() {
  const manifest = api.runtime.getManifest();
  // Asked one by one: the browsers report a granted pattern without its
  // path (https://discord.com/*), so only `contains` answers exactly.
  const optional = manifest.optional_host_permissions ?? [];
  const held = await Promise.all(optional.map((p) => api.permissions.contains({ origins: [p] })));
  return [...manifest.host_permissions, ...optional.filter((_, i) => held[i])];
}

// The portal patterns of each kind of site.
function plan(patterns, refused, now) {
  const recent = (pattern) =>
    Object.entries(refused).some(([site, at]) => pattern.startsWith(`${site}/`) && now - at < RETRY_AFTER_MS);
  const js = patterns.filter(recent);
  return { wasm: patterns.filter((p) => !js.includes(p)), js };
}

const script = (id, matches, js) => ({ id, matches, js, runAt: 'document_start', allFrames: false });

// One registration per family and engine: `clientfill-wasm-github` runs
// pkg/content/github/glue.js and the loader, which fetches the family's .wasm;
// `clientfill-js-github` injects the family's JavaScript build with them.
function registrations(patterns, engine) {
  const byFamily = {};
  for (const pattern of patterns) {
    const family = familyOf(pattern);
    if (family === undefined) {
      console.error('ClientFill: no content build for', pattern);
      continue;
    }
    (byFamily[family] ??= []).push(pattern);
  }
  return Object.entries(byFamily).map(([family, matches]) => {
    const dir = `pkg/content/${family}/`;
    const files = engine === 'js' ? [`${dir}glue.js`, `${dir}js-build.js`, LOADER] : [`${dir}glue.js`, LOADER];
    return script(`clientfill-${engine}-${family}`, matches, files);
  });
}

// One registration at a time: events may ask for several at once.
let queue = Promise.resolve();
export function syncContentScripts() {
  const next = queue.then(sync, sync);
  queue = next.catch((error) => console.error('ClientFill: content scripts not registered:', error));
  return next;
}

async function sync() {
  const now = Date.now();
  const refused = await refusedSites();
  // A refusal older than RETRY_AFTER_MS is forgotten: the site's pages probe again.
  const kept = Object.fromEntries(Object.entries(refused).filter(([, at]) => now - at < RETRY_AFTER_MS));
  if (Object.keys(kept).length !== Object.keys(refused).length) await api.storage.local.set({ [REFUSED_SITES]: kept });
  const { wasm, js } = plan(await grantedPatterns(), kept, now);
  const wanted = [...registrations(wasm, 'wasm'), ...registrations(js, 'js')];
  // Every registration the extension holds, those of an older version's
  // names included: any not wanted now is dropped.
  const have = await api.scripting.getRegisteredContentScripts();
  // The browser may list patterns in another order: compared as sets, so a
  // registration in place is never dropped and made again (pages loading in
  // between would get no content script).
  const samePatterns = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
  // Scripts run in their order.
  const sameScripts = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const held = (id) => have.find((h) => h.id === id);
  const changed = wanted.filter((w) => held(w.id) && !(samePatterns(w.matches, held(w.id).matches) && sameScripts(w.js, held(w.id).js)));
  const added = wanted.filter((w) => !held(w.id));
  const dropped = have.filter((h) => !wanted.some((w) => w.id === h.id));
  // The new registration comes first, so a site moving to the other build
  // always has one: a page loading in between matches both (Chromium injects
  // each file once a page, and both share the glue and the loader), never
  // neither, which left it with no content script.
  if (added.length) await api.scripting.registerContentScripts(added);
  // A registration in place is updated, never dropped and made again.
  if (changed.length) await api.scripting.updateContentScripts(changed);
  if (dropped.length) await api.scripting.unregisterContentScripts({ ids: dropped.map((h) => h.id) });
}

export async function rememberRefusal(site) {
  if (typeof site !== 'string' || !/^https:\/\//.test(site)) return;
  const refused = await refusedSites();
  refused[site] = Date.now();
  // The storage change registers the JavaScript build for the site.
  await api.storage.local.set({ [REFUSED_SITES]: refused });
}
