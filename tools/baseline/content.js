// The benchmark's baseline: the least a filler needs on the legacy Register
// page and on Facebook Login settings, by hand, no build step. Fields are
// found by their label (id as a fallback) and get the events the pages
// listen to, the same way ClientFill does, so timings compare the engines,
// not the techniques. Answers {type: 'getState'} and {type: 'fill', values}.
'use strict';

const LEGACY_FIELDS = [
  ['Application Name', 'id_name', 'appName'],
  ['Description', 'id_description', 'description'],
  ['Company Name', 'id_company_name', 'companyName'],
  ['Website URL', 'id_website_url', 'websiteUrl'],
  ['Privacy Policy URL', 'id_privacy_policy_url', 'privacyPolicyUrl'],
  ['Contact email', 'id_contact_email', 'contactEmail'],
];
// The legacy portal refuses these in an app name (its help text).
const BANNED = /instagram|insta|gram|\big\b/i;

const fold = (text) => text.replace(/\s+/g, ' ').trim();

function byLabel(text, id) {
  const label = [...document.querySelectorAll('label')].find((l) => fold(l.textContent) === text);
  return (label && document.getElementById(label.htmlFor)) || (id && document.getElementById(id)) || null;
}

function fire(element, type) {
  element.dispatchEvent(new Event(type, { bubbles: true }));
}

function pageKind() {
  if (byLabel('Valid OAuth Redirect URIs')) return 'meta:facebook-login';
  if (location.pathname.endsWith('/clients/register/') && byLabel('Application Name', 'id_name')) return 'legacy:register';
  return 'none';
}

// A task for the page's framework to render what the last event changed
// (React renders a chip after the dispatching script yields).
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

async function fill(values) {
  const lines = [];
  for (const [label, id, key] of LEGACY_FIELDS) {
    const element = values[key] && byLabel(label, id);
    if (!element) continue;
    element.value = values[key];
    fire(element, 'input');
    fire(element, 'change');
    lines.push({ field: label, outcome: 'filled' });
  }
  const uris = values.redirectUris ?? [];
  // bootstrap-tokenfield: a change of its submitted input sets the tokens
  // listed in its value, the ones it shows first.
  const wrapper = byLabel('Valid redirect URIs')?.closest('.tokenfield');
  const submitted = wrapper?.querySelector('input[name]');
  if (submitted && uris.length) {
    const have = [...wrapper.querySelectorAll('.token')].map((t) => t.dataset.value);
    submitted.value = [...have, ...uris.filter((u) => !have.includes(u))].join(',');
    fire(submitted, 'change');
    lines.push({ field: 'Valid redirect URIs', outcome: 'filled' });
  }
  // Meta's chip input: the value, input, then Enter, one URI per task.
  const chipInput = byLabel('Valid OAuth Redirect URIs');
  if (chipInput && uris.length) {
    // Chips are the input's siblings: <div title=uri>.
    const have = () => [...chipInput.parentElement.querySelectorAll(':scope > [title]')].map((c) => c.title);
    for (const uri of uris) {
      if (have().includes(uri)) continue;
      chipInput.value = uri;
      fire(chipInput, 'input');
      for (const type of ['keydown', 'keyup']) {
        const init = { key: 'Enter', code: 'Enter', keyCode: 13, which: 13, bubbles: true, cancelable: true };
        chipInput.dispatchEvent(new KeyboardEvent(type, init));
      }
      await nextTask();
    }
    lines.push({ field: 'Valid OAuth Redirect URIs', outcome: 'filled' });
  }
  return { lines, warnings: [], errors: [] };
}

// The name warning: an open shadow root of its own under the field.
let overlay = null;
function updateWarning(field) {
  const banned = BANNED.exec(field.value);
  if (!banned) {
    overlay?.shadowRoot.replaceChildren();
    return;
  }
  if (!overlay) {
    overlay = document.createElement('baseline-overlay');
    overlay.attachShadow({ mode: 'open' });
    Object.assign(overlay.style, { position: 'absolute', top: '0', left: '0', zIndex: '2147483647' });
    document.documentElement.append(overlay);
  }
  const rect = field.getBoundingClientRect();
  const callout = document.createElement('div');
  callout.dataset.testid = 'name-warning';
  callout.setAttribute('role', 'alert');
  Object.assign(callout.style, {
    position: 'absolute', top: `${rect.bottom + scrollY + 4}px`, left: `${rect.left + scrollX}px`,
    width: `${Math.min(Math.max(rect.width, 280), 640)}px`, padding: '8px 10px', border: '1px solid #d92d20',
    background: '#fef3f2', color: '#7a271a', font: '13px/1.4 system-ui, sans-serif',
  });
  callout.textContent = `The portal will refuse this name: it contains “${banned[0]}”.`;
  overlay.shadowRoot.replaceChildren(callout);
}

// Looked up once, again only when the page replaced it: a keystroke must not
// walk every label of a large page.
let nameField = null;
document.addEventListener('input', (event) => {
  if (!nameField?.isConnected) nameField = byLabel('Application Name', 'id_name');
  if (nameField && event.target === nameField) updateWarning(nameField);
}, true);

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (message?.type === 'getState') {
    reply({ kind: pageKind(), engine: 'js', url: location.href });
    return false;
  }
  if (message?.type === 'fill') {
    fill(message.values ?? {}).then(reply, (error) => reply({ errors: [String(error)] }));
    return true;
  }
  return false;
});
