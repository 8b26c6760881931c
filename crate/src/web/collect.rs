//! Reads the page into a [`PageSnapshot`]: the only place that looks at the
//! portal's DOM. It reads and never writes.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use super::dom::query_all;
use crate::page::{fold_whitespace, FieldSnapshot, PageSnapshot};

/// Collects the snapshot of `doc`.
pub fn snapshot(doc: &Document) -> Result<PageSnapshot, JsValue> {
    let root = doc
        .document_element()
        .ok_or_else(|| JsValue::from_str("the page has no root element"))?;
    let texts = |selector: &str| -> Result<Vec<String>, JsValue> {
        Ok(query_all(&root, selector)?
            .iter()
            .map(|e| fold_whitespace(&e.text_content().unwrap_or_default()))
            .filter(|t| !t.is_empty())
            .collect())
    };
    let mut buttons = texts("button, a.btn, a.button, [role=button]")?;
    for input in query_all(&root, "input[type=submit], input[type=button]")? {
        if let Some(value) = input.get_attribute("value") {
            buttons.push(fold_whitespace(&value));
        }
    }
    let fields = query_all(&root, "input, textarea, select")?
        .iter()
        .enumerate()
        .map(|(index, element)| field(doc, index, element))
        .collect();
    Ok(PageSnapshot {
        url: doc.url()?,
        headings: texts("h1, h2, h3")?,
        buttons,
        fields,
    })
}

fn field(doc: &Document, index: usize, element: &Element) -> FieldSnapshot {
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
    FieldSnapshot {
        index,
        tag: element.tag_name().to_ascii_lowercase(),
        input_type,
        id: element.id(),
        name: element.get_attribute("name").unwrap_or_default(),
        label: label_of(doc, element),
        value,
        checked,
        visible: element.get_client_rects().length() > 0,
    }
}

/// The accessible-name sources a portal uses: `<label for>`, a wrapping
/// `<label>`, `aria-label`, `aria-labelledby`.
fn label_of(doc: &Document, element: &Element) -> String {
    let id = element.id();
    if !id.is_empty() {
        let selector = format!("label[for=\"{}\"]", id.replace(['"', '\\'], ""));
        if let Ok(Some(label)) = doc.query_selector(&selector) {
            return fold_whitespace(&label.text_content().unwrap_or_default());
        }
    }
    if let Ok(Some(label)) = element.closest("label") {
        return fold_whitespace(&label.text_content().unwrap_or_default());
    }
    if let Some(aria) = element.get_attribute("aria-label") {
        return fold_whitespace(&aria);
    }
    if let Some(ids) = element.get_attribute("aria-labelledby") {
        let text: Vec<String> = ids
            .split_whitespace()
            .filter_map(|id| doc.get_element_by_id(id))
            .map(|e| fold_whitespace(&e.text_content().unwrap_or_default()))
            .collect();
        return text.join(" ");
    }
    String::new()
}
