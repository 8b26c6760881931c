//! Reads the page into a [`PageSnapshot`]: the only place that looks at the
//! portal's DOM. It reads and never writes.

use wasm_bindgen::prelude::*;
use web_sys::{
    Document, Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, NodeList,
};

use clientfill_core::page::{
    fold_whitespace, Fact, FieldSnapshot, Group, PageSnapshot, Record, Widget,
};
use clientfill_core::{fill, portals};
use clientfill_web::dom::query_all;

/// The controls a read lists, in [`PageRead::controls`].
/// Switches drawn as plain elements (`role=switch`) count as controls.
const CONTROLS: &str = "input, textarea, select, [role=switch]";
/// Status and alert messages, as a portal shows them after a save.
const NOTICES: &str = "[role=status], [role=alert]";
/// A list entry's remove control (a chip's ×, a row's Remove).
const REMOVE: &str = "button, [role=button]";
/// How far up from an input a chip or row list is looked for.
const LIST_DEPTH: usize = 4;
/// Loose label/value pairs read at most, so a huge page stays cheap.
const MAX_PAIRS: usize = 400;
/// bootstrap-tokenfield's wrapper around the submitted input and its tokens.
const TOKENFIELD: &str = ".tokenfield";

/// One read of the page: its snapshot and the controls it lists
/// (`page.fields[i]` is `controls[i]`), so what follows from the read (the
/// form's root, the name field, the fill) uses the same elements without
/// querying the page again.
#[derive(Clone)]
pub struct PageRead {
    /// What the page showed.
    pub page: PageSnapshot,
    /// The elements of `page.fields`, in the same order.
    pub controls: Vec<Element>,
}

/// Reads again what a control's value can change without a change of the
/// page's nodes: values, check states and the user's edits.
pub fn refresh_values(read: &mut PageRead, edited: &[Element]) {
    for (field, element) in read.page.fields.iter_mut().zip(&read.controls) {
        (field.value, field.checked) = value_of(element, &field.tag, &field.input_type);
        field.user_edited = edited.iter().any(|e| e == element);
    }
}

/// The value and check state of a control whose tag and type are known.
fn value_of(element: &Element, tag: &str, input_type: &str) -> (String, bool) {
    match tag {
        "input" => {
            let input = element.unchecked_ref::<HtmlInputElement>();
            let checked = matches!(input_type, "checkbox" | "radio") && input.checked();
            (input.value(), checked)
        }
        "textarea" => (
            element.unchecked_ref::<HtmlTextAreaElement>().value(),
            false,
        ),
        "select" => (element.unchecked_ref::<HtmlSelectElement>().value(), false),
        // A `role=switch` element: its state is its aria-checked.
        _ => (
            String::new(),
            element.get_attribute("aria-checked").as_deref() == Some("true"),
        ),
    }
}

/// Work done in one task while reading: a large page then gets its main
/// thread back before it is read on, so no read makes a long task (50 ms)
/// of its own.
const SLICE_MS: f64 = 20.0;
/// Elements read between two looks at the clock.
const CLOCK_EVERY: usize = 64;

/// Yields to the page once a slice of work is used up.
struct Slices {
    since: f64,
    count: usize,
}

impl Slices {
    fn new() -> Slices {
        Slices {
            since: js_sys::Date::now(),
            count: 0,
        }
    }

    async fn tick(&mut self) {
        self.count += 1;
        if self.count.is_multiple_of(CLOCK_EVERY) && js_sys::Date::now() - self.since >= SLICE_MS {
            gloo_timers::future::TimeoutFuture::new(0).await;
            self.since = js_sys::Date::now();
        }
    }
}

/// Reads `doc`; `edited` are the controls the user typed in. A large page is
/// read in slices between which it runs its own work: what changes meanwhile
/// shows in the next read, which the change itself schedules.
///
/// With `form`, only the controls under it are read (a page's other
/// controls may be thousands); the page's texts (headings, buttons,
/// notices) are read whole either way.
pub async fn read(
    doc: &Document,
    edited: &[Element],
    form: Option<&Element>,
) -> Result<PageRead, JsValue> {
    let root = doc
        .document_element()
        .ok_or_else(|| JsValue::from_str("the page has no root element"))?;
    let scope = form.unwrap_or(&root);
    let mut slices = Slices::new();
    let mut buttons = texts(&root, "button, a.btn, a.button, [role=button]")?;
    for input in query_all(&root, "input[type=submit], input[type=button]")? {
        if let Some(value) = input.get_attribute("value") {
            buttons.push(fold_whitespace(&value));
        }
    }
    let mut labels = Labels::of(scope, &mut slices).await?;
    labels.partial = form.is_some();
    let controls = query_all(scope, CONTROLS)?;
    let tokenfields = TokenFields::of(scope)?;
    let mut fields = Vec::with_capacity(controls.len());
    // A property, not `getAttribute("name")`: a string passed into the
    // page costs as much as one read from it, per control.
    let name_key = JsValue::from_str("name");
    for (index, element) in controls.iter().enumerate() {
        let name = js_sys::Reflect::get(element, &name_key)
            .ok()
            .and_then(|name| name.as_string())
            .unwrap_or_default();
        fields.push(field(
            doc,
            &labels,
            index,
            element,
            name,
            edited,
            &tokenfields,
        ));
        slices.tick().await;
    }
    let groups = groups(doc, &root, &controls, &mut fields)?;
    let mut records = records(&root)?;
    let pairs = loose_pairs(&root)?;
    if !pairs.is_empty() {
        records.push(Record {
            heading: String::new(),
            facts: pairs,
        });
    }
    let url = doc.url()?;
    // Login error pages are told apart by their text alone.
    let text = if clientfill_core::page::wants_text(&url) {
        doc.body()
            .map(|b| fold_whitespace(&b.text_content().unwrap_or_default()))
            .unwrap_or_default()
    } else {
        String::new()
    };
    let mut page = PageSnapshot {
        url,
        headings: texts(&root, "h1, h2, h3")?,
        buttons,
        fields,
        records,
        notices: texts(&root, NOTICES)?,
        text,
        groups,
    };
    // Chip and row lists are looked for only where the page's form has a
    // list: walking up from every input of a large page would cost O(n²).
    for index in fill::list_fields(&page) {
        if let (Some(element), Some(field)) = (controls.get(index), page.fields.get_mut(index)) {
            if field.widget == Widget::None && is_text_input(element) {
                (field.widget, field.tokens) = list_entries(element);
            }
        }
    }
    Ok(PageRead { page, controls })
}

/// Labelled groups of controls: what a list with no row yet is found by.
pub const GROUPS: &str = "[role=group][aria-labelledby],[role=group][aria-label],[role=region][aria-labelledby],[role=region][aria-label],section[aria-labelledby],section[aria-label],fieldset";
/// More groups than a portal form has: a page this busy is not read for them.
const MAX_GROUPS: usize = 40;

/// The page's labelled groups, and each control's innermost group name.
fn groups(
    doc: &Document,
    root: &Element,
    controls: &[Element],
    fields: &mut [FieldSnapshot],
) -> Result<Vec<Group>, JsValue> {
    // They name entry lists and their rows only: a build whose portals have
    // none reads no group (a query over every element of the page).
    if !portals::STEPS.entry_list {
        return Ok(Vec::new());
    }
    let containers = query_all(root, GROUPS)?;
    if containers.len() > MAX_GROUPS {
        return Ok(Vec::new());
    }
    let mut groups = Vec::new();
    // Document order: an inner group comes after its outer one and wins.
    for container in containers {
        let name = group_name(doc, &container);
        if name.is_empty() {
            continue;
        }
        for (element, field) in controls.iter().zip(fields.iter_mut()) {
            if container.contains(Some(element)) {
                field.group = name.clone();
            }
        }
        groups.push(Group {
            name,
            buttons: texts(&container, "button, [role=button]")?,
        });
    }
    Ok(groups)
}

/// A group's accessible name: `aria-labelledby`, `aria-label`, or its
/// `<legend>`.
pub fn group_name(doc: &Document, container: &Element) -> String {
    if let Some(ids) = container.get_attribute("aria-labelledby") {
        labelled_by(doc, &ids)
    } else if let Some(label) = container.get_attribute("aria-label") {
        fold_whitespace(&label)
    } else {
        container
            .query_selector("legend")
            .ok()
            .flatten()
            .map(|l| text_of(&l))
            .unwrap_or_default()
    }
}

/// The texts of the page's `<label for>` elements by the id they name, read
/// once per read: one `label[for="…"]` query per control would make a large
/// page quadratic. A small open-addressing table (no sort or hash map code
/// in every portal page).
struct Labels {
    /// Read under a form alone: a `<label for>` outside it may name one of
    /// its controls.
    partial: bool,
    entries: Vec<(String, String)>,
    /// Index + 1 into `entries`; 0 is empty. A power of two, at least twice
    /// the entries.
    slots: Vec<u32>,
}

impl Labels {
    async fn of(root: &Element, slices: &mut Slices) -> Result<Labels, JsValue> {
        let mut entries = Vec::new();
        let html_for = JsValue::from_str("htmlFor");
        for label in query_all(root, "label[for]")? {
            let id = js_sys::Reflect::get(&label, &html_for)
                .ok()
                .and_then(|id| id.as_string())
                .unwrap_or_default();
            entries.push((id, text_of(&label)));
            slices.tick().await;
        }
        let mut slots = vec![0u32; (entries.len() * 2).next_power_of_two().max(2)];
        let mask = slots.len() - 1;
        for (at, (id, _)) in entries.iter().enumerate() {
            let mut slot = fnv(id) & mask;
            loop {
                match slots[slot] {
                    0 => {
                        slots[slot] = at as u32 + 1;
                        break;
                    }
                    // The first label of an id names it, as `querySelector`
                    // would find.
                    taken if entries[taken as usize - 1].0 == *id => break,
                    _ => slot = (slot + 1) & mask,
                }
            }
        }
        Ok(Labels {
            partial: false,
            entries,
            slots,
        })
    }

    fn get(&self, id: &str) -> Option<&str> {
        let mask = self.slots.len() - 1;
        let mut slot = fnv(id) & mask;
        loop {
            let (for_id, text) = self
                .entries
                .get(self.slots[slot].checked_sub(1)? as usize)?;
            if for_id == id {
                return Some(text);
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// FNV-1a: a hash for the label table.
fn fnv(text: &str) -> usize {
    text.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    }) as usize
}

/// The page's status and alert messages alone, what [`read`] lists as its
/// notices, for a check that needs nothing else of the page.
pub fn notices(doc: &Document) -> Result<Vec<String>, JsValue> {
    let root = doc
        .document_element()
        .ok_or_else(|| JsValue::from_str("the page has no root element"))?;
    texts(&root, NOTICES)
}

/// The non-empty texts, whitespace folded, of the elements under `root`
/// that match `selector`.
fn texts(root: &Element, selector: &str) -> Result<Vec<String>, JsValue> {
    Ok(query_all(root, selector)?
        .iter()
        .map(text_of)
        .filter(|t| !t.is_empty())
        .collect())
}

fn text_of(element: &Element) -> String {
    fold_whitespace(&element.text_content().unwrap_or_default())
}

/// The ids and names of the controls inside token widgets, read once per
/// read: asking every control of a large page for its ancestors would cost
/// a call each.
struct TokenFields(Vec<(String, String)>);

impl TokenFields {
    fn of(root: &Element) -> Result<TokenFields, JsValue> {
        let mut keys = Vec::new();
        for wrapper in query_all(root, TOKENFIELD)? {
            for input in query_all(&wrapper, CONTROLS)? {
                keys.push((input.id(), input.get_attribute("name").unwrap_or_default()));
            }
        }
        Ok(TokenFields(keys))
    }

    /// Whether the control with this id and name may be in a token widget.
    fn may_hold(&self, id: &str, name: &str) -> bool {
        // Builds whose portals have no separated list read no token widget.
        portals::STEPS.separated_list
            && !self.0.is_empty()
            && ((id.is_empty() && name.is_empty())
                || self.0.iter().any(|(i, n)| i == id && n == name))
    }
}

fn field(
    doc: &Document,
    labels: &Labels,
    index: usize,
    element: &Element,
    name: String,
    edited: &[Element],
    tokenfields: &TokenFields,
) -> FieldSnapshot {
    // Each call into the page costs about a microsecond, and each string
    // passed into it as much again: a page with thousands of controls is
    // read with as few as each control needs. `name` is the control's
    // `name` property (empty without the attribute).
    let tag = element.tag_name().to_ascii_lowercase();
    let id = element.id();
    let input_type = match tag.as_str() {
        "input" => element
            .unchecked_ref::<HtmlInputElement>()
            .type_()
            .to_ascii_lowercase(),
        "textarea" | "select" => String::new(),
        _ => "switch".to_owned(),
    };
    // A switch drawn as an element has no `name` property.
    let name = match input_type.as_str() {
        "switch" if name.is_empty() => element.get_attribute("name").unwrap_or_default(),
        _ => name,
    };
    let (value, checked) = value_of(element, &tag, &input_type);
    let wrapper = tokenfields
        .may_hold(&id, &name)
        .then(|| element.closest(TOKENFIELD).ok().flatten())
        .flatten();
    let (widget, tokens, label) = match &wrapper {
        // The submitted input is the one that keeps its name; the widget's
        // own inputs (typing, copy helper) have none.
        Some(wrapper) if !name.is_empty() => {
            let tokens = query_all(wrapper, ".token")
                .unwrap_or_default()
                .iter()
                .filter_map(|t| t.get_attribute("data-value"))
                .collect();
            // The widget re-points the label at its typing input.
            let label = wrapper
                .query_selector(".token-input")
                .ok()
                .flatten()
                .map(|input| label_of(doc, labels, &input, &input.id()))
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| label_of(doc, labels, element, &id));
            (Widget::TokenField, tokens, label)
        }
        Some(_) => (
            Widget::TokenInput,
            Vec::new(),
            label_of(doc, labels, element, &id),
        ),
        None => (
            Widget::None,
            Vec::new(),
            label_of(doc, labels, element, &id),
        ),
    };
    FieldSnapshot {
        index,
        tag,
        input_type,
        id,
        name,
        label,
        value,
        checked,
        widget,
        tokens,
        user_edited: edited.iter().any(|e| e == element),
        group: String::new(),
    }
}

fn is_text_input(element: &Element) -> bool {
    element
        .dyn_ref::<HtmlInputElement>()
        .is_some_and(|i| matches!(i.type_().as_str(), "text" | "url" | "" | "search"))
}

/// Whether `element` is a list entry's remove control: its accessible name
/// or text starts with "Remove", or it is a bare ×.
pub fn is_remove(element: &Element) -> bool {
    let name = element
        .get_attribute("aria-label")
        .unwrap_or_else(|| text_of(element));
    name.get(..6)
        .is_some_and(|h| h.eq_ignore_ascii_case("remove") || h.eq_ignore_ascii_case("delete"))
        || name == "×"
}

/// Whether the input is part of a list with one entry per value, and the
/// entries it shows. Walking up from the input, the first ancestor that holds
/// remove controls is the list. A remove control that stands beside the
/// input, or whose entry shows no value of its own, belongs to a row of
/// inputs; the others are chips, valued by their title, else by the remove
/// control's "Remove <value>", else by their text. The walk stops at an
/// ancestor holding another control, so one list is never read as another's.
fn list_entries(input: &Element) -> (Widget, Vec<String>) {
    let mut child = input.clone();
    for _ in 0..LIST_DEPTH {
        let Some(parent) = child.parent_element() else {
            break;
        };
        let controls = query_all(&parent, "input, textarea, select").unwrap_or_default();
        if controls.len() > 1 {
            return (Widget::None, Vec::new());
        }
        let removes: Vec<Element> = query_all(&parent, REMOVE)
            .unwrap_or_default()
            .into_iter()
            .filter(is_remove)
            .collect();
        if !removes.is_empty() {
            let mut chips = Vec::new();
            for remove in &removes {
                match entry_of(&parent, remove).and_then(|entry| chip_value(&entry, remove)) {
                    Some(value) => chips.push(value),
                    None => return (Widget::Row, Vec::new()),
                }
            }
            return (Widget::Chips, chips);
        }
        child = parent;
    }
    (Widget::None, Vec::new())
}

/// The child of `list` that holds `remove`, unless it is the control itself
/// (a row's Remove beside its input).
fn entry_of(list: &Element, remove: &Element) -> Option<Element> {
    let mut current = remove.parent_element()?;
    let mut entry = remove.clone();
    while current != *list {
        entry = current.clone();
        current = current.parent_element()?;
    }
    (entry != *remove).then_some(entry)
}

fn chip_value(chip: &Element, remove: &Element) -> Option<String> {
    if let Some(title) = chip.get_attribute("title").filter(|t| !t.trim().is_empty()) {
        return Some(title.trim().to_owned());
    }
    if let Some(name) = remove.get_attribute("aria-label") {
        let rest = name.get(6..).unwrap_or_default().trim();
        if !rest.is_empty() {
            return Some(rest.to_owned());
        }
    }
    let text = text_of(chip);
    let own = text_of(remove);
    let value = text.strip_suffix(own.as_str()).unwrap_or(&text).trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// The name a control's labels give it, for a control found outside a
/// read (a combobox Fill opens).
#[cfg(feature = "google")]
pub fn accessible_name(doc: &Document, element: &Element) -> String {
    let id = element.id();
    let by_for = (!id.is_empty())
        .then(|| doc.document_element())
        .flatten()
        .and_then(|root| query_all(&root, "label").ok())
        .and_then(|labels| {
            labels
                .into_iter()
                .find(|l| l.get_attribute("for").as_deref() == Some(id.as_str()))
        });
    match by_for {
        Some(label) => text_of(&label),
        None => {
            let none = Labels {
                partial: false,
                entries: Vec::new(),
                slots: vec![0; 2],
            };
            label_of(doc, &none, element, "")
        }
    }
}

/// The accessible-name sources a portal uses: `<label for>`, a wrapping
/// `<label>`, `aria-label`, `aria-labelledby`, and, where none is there, a
/// label-looking element just before the control or its wrapper.
fn label_of(doc: &Document, labels: &Labels, element: &Element, id: &str) -> String {
    if let Some(label) = labels.get(id).filter(|_| !id.is_empty()) {
        return label.to_owned();
    }
    if let Some(label) = labels.partial.then(|| label_for(element, id)).flatten() {
        return label;
    }
    if let Ok(Some(label)) = element.closest("label") {
        return text_of(&label);
    }
    if let Some(aria) = element.get_attribute("aria-label") {
        return fold_whitespace(&aria);
    }
    if let Some(ids) = element.get_attribute("aria-labelledby") {
        return labelled_by(doc, &ids);
    }
    sibling_label(element).unwrap_or_default()
}

/// The texts of the elements an `aria-labelledby` names, in its order.
fn labelled_by(doc: &Document, ids: &str) -> String {
    let texts: Vec<String> = ids
        .split_whitespace()
        .filter_map(|id| doc.get_element_by_id(id))
        .map(|e| text_of(&e))
        .collect();
    clientfill_core::join(&texts, " ")
}

/// The text of the first `<label for>` in the page naming `element` (the
/// control's own `labels`, which a `role=switch` element has none of).
fn label_for(element: &Element, id: &str) -> Option<String> {
    if id.is_empty() {
        return None;
    }
    let labels: NodeList = js_sys::Reflect::get(element, &JsValue::from_str("labels"))
        .ok()?
        .dyn_into()
        .ok()?;
    (0..labels.length())
        .filter_map(|i| labels.item(i)?.dyn_into::<Element>().ok())
        .find(|l| l.get_attribute("for").as_deref() == Some(id))
        .map(|l| text_of(&l))
}

/// The text of a short, control-free element right before `element` or
/// before one of its few nearest wrappers (`<div>Deauthorize callback
/// URL</div><div><input></div>`).
fn sibling_label(element: &Element) -> Option<String> {
    let mut current = element.clone();
    for _ in 0..3 {
        if let Some(before) = current.previous_element_sibling() {
            let has_control = before
                .query_selector("input, textarea, select, button")
                .ok()
                .flatten()
                .is_some();
            let text = text_of(&before);
            if !has_control && !text.is_empty() && text.chars().count() <= 80 {
                return Some(text);
            }
            return None;
        }
        current = current.parent_element()?;
    }
    None
}

/// Label/value pairs drawn as plain elements: a wrapper with exactly two
/// element children, the first a short text-only label
/// (`<div><div>Instagram app ID</div><div><span>1029…</span></div></div>`).
fn loose_pairs(root: &Element) -> Result<Vec<Fact>, JsValue> {
    let mut facts = Vec::new();
    for label in query_all(root, "div > div:first-child, div > span:first-child")? {
        if facts.len() >= MAX_PAIRS {
            break;
        }
        let Some(value) = label.next_element_sibling() else {
            continue;
        };
        let wrapper_children = label
            .parent_element()
            .map_or(0, |p| p.child_element_count());
        if wrapper_children != 2 || label.child_element_count() != 0 {
            continue;
        }
        let text = text_of(&label);
        if text.is_empty() || text.chars().count() > 60 {
            continue;
        }
        if value.query_selector("input, textarea, select")?.is_some() {
            continue;
        }
        facts.push(Fact {
            label: text,
            value: text_of(&value),
        });
    }
    // "Client ID: <code>Iv23…</code>" in one paragraph (GitHub's app pages).
    for code in query_all(root, "p > code")? {
        if facts.len() >= MAX_PAIRS {
            break;
        }
        let Some(line) = code.parent_element().map(|p| text_of(&p)) else {
            continue;
        };
        let value = text_of(&code);
        if let Some((label, rest)) = line.split_once(':') {
            if rest.trim().starts_with(value.as_str())
                && !label.is_empty()
                && label.chars().count() <= 40
            {
                facts.push(Fact {
                    label: label.trim().to_owned(),
                    value,
                });
            }
        }
    }
    Ok(facts)
}

/// Label/value tables (`th`/`td` rows) and definition lists (`dt`/`dd`).
fn records(root: &Element) -> Result<Vec<Record>, JsValue> {
    let mut records = Vec::new();
    for table in query_all(root, "table, dl")? {
        let mut facts = Vec::new();
        if table.tag_name().eq_ignore_ascii_case("table") {
            for row in query_all(&table, "tr")? {
                if let (Some(th), Some(td)) = (row.query_selector("th")?, row.query_selector("td")?)
                {
                    facts.push(Fact {
                        label: text_of(&th),
                        value: text_of(&td),
                    });
                }
            }
        } else {
            for term in query_all(&table, "dt")? {
                if let Some(value) = term.next_element_sibling().filter(|e| e.tag_name() == "DD") {
                    facts.push(Fact {
                        label: text_of(&term),
                        value: text_of(&value),
                    });
                }
            }
        }
        if !facts.is_empty() {
            records.push(Record {
                heading: heading_of(&table),
                facts,
            });
        }
    }
    Ok(records)
}

/// The first `h2` of the nearest ancestor that has one: a card's title.
fn heading_of(element: &Element) -> String {
    let mut ancestor = element.parent_element();
    while let Some(current) = ancestor {
        if current.tag_name().eq_ignore_ascii_case("body") {
            break;
        }
        if let Ok(Some(h2)) = current.query_selector("h2") {
            return text_of(&h2);
        }
        ancestor = current.parent_element();
    }
    String::new()
}
