// popup.html?tab=<id>: Fill sends the values stored under `values` (set by
// the benchmark) to that tab and lists the answer, one li per field, as
// ClientFill's popup does.
const tab = Number(new URLSearchParams(location.search).get('tab'));
const values = chrome.storage.local.get('values').then((items) => items.values ?? {});

document.querySelector('[data-testid="fill"]').addEventListener('click', async () => {
  const result = await chrome.tabs.sendMessage(tab, { type: 'fill', values: await values });
  const list = document.querySelector('[data-testid="fill-result"]');
  list.replaceChildren(
    ...(result?.lines ?? []).map((line) => {
      const li = document.createElement('li');
      li.dataset.field = line.field;
      li.dataset.outcome = line.outcome;
      li.textContent = `${line.field}: ${line.outcome}`;
      return li;
    }),
  );
});
