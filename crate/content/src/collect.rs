//! Reads the page into a [`PageSnapshot`]: the only place that looks at the
//! portal's DOM. It reads and never writes.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use clientfill_core::fill;
use clientfill_core::page::{fold_whitespace, Fact, FieldSnapshot, PageSnapshot, Record, Widget};
use clientfill_web::dom::query_all;

/// The controls a snapshot lists; [`control`] finds one again by index.
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

/// Collects the snapshot of `doc`; `edited` are the controls the user typed in.
pub fn snapshot(doc: &Document, edited: &[Element]) -> Result<PageSnapshot, JsValue> {
    let root = doc
        .document_element()
        .ok_or_else(|| JsValue::from_str("the page has no root element"))?;
    let texts = |selector: &str| -> Result<Vec<String>, JsValue> {
        Ok(query_all(&root, selector)?
            .iter()
            .map(text_of)
            .filter(|t| !t.is_empty())
            .collect())
    };
    let mut buttons = texts("button, a.btn, a.button, [role=button]")?;
    for input in query_all(&root, "input[type=submit], input[type=button]")? {
        if let Some(value) = input.get_attribute("value") {
            buttons.push(fold_whitespace(&value));
        }
    }
    let labels = Labels::of(&root)?;
    let controls = query_all(&root, CONTROLS)?;
    let fields = controls
        .iter()
        .enumerate()
        .map(|(index, element)| field(doc, &labels, index, element, edited))
        .collect();
    let mut records = records(&root)?;
    let pairs = loose_pairs(&root)?;
    if !pairs.is_empty() {
        records.push(Record {
            heading: String::new(),
            facts: pairs,
        });
    }
    let mut page = PageSnapshot {
        url: doc.url()?,
        headings: texts("h1, h2, h3")?,
        buttons,
        fields,
        records,
        notices: texts(NOTICES)?,
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
    Ok(page)
}

/// The texts of the page's `<label for>` elements by the id they name, read
/// once per snapshot: one `label[for="…"]` query per control would make a
/// large page quadratic.
struct Labels(Vec<(String, String)>);

impl Labels {
    fn of(root: &Element) -> Result<Labels, JsValue> {
        let mut labels: Vec<(String, String)> = query_all(root, "label[for]")?
            .iter()
            .filter_map(|l| Some((l.get_attribute("for")?, text_of(l))))
            .collect();
        // The first label of an id names it, as `querySelector` would find.
        labels.sort_by(|a, b| a.0.cmp(&b.0));
        labels.dedup_by(|later, first| later.0 == first.0);
        Ok(Labels(labels))
    }

    fn get(&self, id: &str) -> Option<&str> {
        let at = self
            .0
            .binary_search_by(|(for_id, _)| for_id.as_str().cmp(id))
            .ok()?;
        Some(self.0[at].1.as_str())
    }
}

/// The page's status and alert messages alone, what [`snapshot`] lists as
/// its notices, for a check that needs nothing else of the page.
pub fn notices(doc: &Document) -> Result<Vec<String>, JsValue> {
    let root = doc
        .document_element()
        .ok_or_else(|| JsValue::from_str("the page has no root element"))?;
    Ok(query_all(&root, NOTICES)?
        .iter()
        .map(text_of)
        .filter(|t| !t.is_empty())
        .collect())
}

/// The control a snapshot listed at `index`, if the page still has it.
pub fn control(doc: &Document, index: usize) -> Result<Option<Element>, JsValue> {
    Ok(controls(doc)?.into_iter().nth(index))
}

/// The controls a snapshot lists, in its order: `fields[i]` is `controls()[i]`.
pub fn controls(doc: &Document) -> Result<Vec<Element>, JsValue> {
    let root = doc
        .document_element()
        .ok_or_else(|| JsValue::from_str("the page has no root element"))?;
    query_all(&root, CONTROLS)
}

fn text_of(element: &Element) -> String {
    fold_whitespace(&element.text_content().unwrap_or_default())
}

fn field(
    doc: &Document,
    labels: &Labels,
    index: usize,
    element: &Element,
    edited: &[Element],
) -> FieldSnapshot {
    let (value, checked, input_type) = if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        (
            input.value(),
            input.checked(),
            input.type_().to_ascii_lowercase(),
        )
    } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        (area.value(), false, String::new())
    } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
        (select.value(), false, String::new())
    } else {
        // A `role=switch` element: its state is its aria-checked.
        let on = element.get_attribute("aria-checked").as_deref() == Some("true");
        (String::new(), on, "switch".to_owned())
    };
    let wrapper = element.closest(TOKENFIELD).ok().flatten();
    let (widget, tokens, label) = match &wrapper {
        // The submitted input is the one that keeps its name; the widget's
        // own inputs (typing, copy helper) have none.
        Some(wrapper) if element.has_attribute("name") => {
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
                .map(|input| label_of(doc, labels, &input))
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| label_of(doc, labels, element));
            (Widget::TokenField, tokens, label)
        }
        Some(_) => (
            Widget::TokenInput,
            Vec::new(),
            label_of(doc, labels, element),
        ),
        None => (Widget::None, Vec::new(), label_of(doc, labels, element)),
    };
    FieldSnapshot {
        index,
        tag: element.tag_name().to_ascii_lowercase(),
        input_type,
        id: element.id(),
        name: element.get_attribute("name").unwrap_or_default(),
        label,
        value,
        checked,
        visible: element.get_client_rects().length() > 0,
        widget,
        tokens,
        user_edited: edited.iter().any(|e| e == element),
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
        .is_some_and(|h| h.eq_ignore_ascii_case("remove"))
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

/// The accessible-name sources a portal uses: `<label for>`, a wrapping
/// `<label>`, `aria-label`, `aria-labelledby`, and, where none is there, a
/// label-looking element just before the control or its wrapper.
fn label_of(doc: &Document, labels: &Labels, element: &Element) -> String {
    let id = element.id();
    if let Some(label) = labels.get(&id).filter(|_| !id.is_empty()) {
        return label.to_owned();
    }
    if let Ok(Some(label)) = element.closest("label") {
        return text_of(&label);
    }
    if let Some(aria) = element.get_attribute("aria-label") {
        return fold_whitespace(&aria);
    }
    if let Some(ids) = element.get_attribute("aria-labelledby") {
        let text: Vec<String> = ids
            .split_whitespace()
            .filter_map(|id| doc.get_element_by_id(id))
            .map(|e| text_of(&e))
            .collect();
        return text.join(" ");
    }
    sibling_label(element).unwrap_or_default()
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
