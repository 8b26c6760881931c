//! Reads the page into a [`PageSnapshot`]: the only place that looks at the
//! portal's DOM. It reads and never writes.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use super::dom::query_all;
use crate::page::{fold_whitespace, Fact, FieldSnapshot, PageSnapshot, Record, Widget};

/// The controls a snapshot lists; [`control`] finds one again by index.
const CONTROLS: &str = "input, textarea, select";
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
    let fields = query_all(&root, CONTROLS)?
        .iter()
        .enumerate()
        .map(|(index, element)| field(doc, index, element, edited))
        .collect();
    Ok(PageSnapshot {
        url: doc.url()?,
        headings: texts("h1, h2, h3")?,
        buttons,
        fields,
        records: records(&root)?,
    })
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

fn field(doc: &Document, index: usize, element: &Element, edited: &[Element]) -> FieldSnapshot {
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
        (String::new(), false, String::new())
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
                .map(|input| label_of(doc, &input))
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| label_of(doc, element));
            (Widget::TokenField, tokens, label)
        }
        Some(_) => (Widget::TokenInput, Vec::new(), label_of(doc, element)),
        None => (Widget::None, Vec::new(), label_of(doc, element)),
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

/// The accessible-name sources a portal uses: `<label for>`, a wrapping
/// `<label>`, `aria-label`, `aria-labelledby`.
fn label_of(doc: &Document, element: &Element) -> String {
    let id = element.id();
    if !id.is_empty() {
        let selector = format!("label[for=\"{}\"]", id.replace(['"', '\\'], ""));
        if let Ok(Some(label)) = doc.query_selector(&selector) {
            return text_of(&label);
        }
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
    String::new()
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
