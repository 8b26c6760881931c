//! Small DOM helpers shared by the contexts.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

/// The document of this context; every context the glue runs in has one.
pub fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document in this context"))
}

/// The message of a thrown JS value (an `Error` or a string), if it has one.
pub fn error_text(value: &JsValue) -> Option<String> {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
}

/// What to say of a thrown JS value: its message, else a plain sentence
/// (the content script's build keeps no `Debug` formatting).
pub fn describe_error(value: &JsValue) -> String {
    error_text(value).unwrap_or_else(|| "an unexpected error".to_owned())
}

/// Creates `<tag>` with a text content.
pub fn element_with_text(doc: &Document, tag: &str, text: &str) -> Result<Element, JsValue> {
    let element = doc.create_element(tag)?;
    element.set_text_content(Some(text));
    Ok(element)
}

/// Creates `<tag>` with attributes and a text content (empty: none).
pub fn element(
    doc: &Document,
    tag: &str,
    attributes: &[(&str, &str)],
    text: &str,
) -> Result<Element, JsValue> {
    let element = doc.create_element(tag)?;
    for (name, value) in attributes {
        element.set_attribute(name, value)?;
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    Ok(element)
}

/// Appends `child` to `parent` and returns the child.
pub fn append(parent: &Element, child: Element) -> Result<Element, JsValue> {
    parent.append_child(&child)?;
    Ok(child)
}

/// Every element matching `selector` under `root`, in document order.
pub fn query_all(root: &Element, selector: &str) -> Result<Vec<Element>, JsValue> {
    let list = root.query_selector_all(selector)?;
    // A selector matches elements only: no type check per node, which a
    // page of thousands of controls would pay for in calls.
    Ok((0..list.length())
        .filter_map(|i| list.item(i))
        .map(|node| node.unchecked_into::<Element>())
        .collect())
}

/// How a message in the popup or options page reads.
#[derive(Clone, Copy)]
pub enum Tone {
    /// Secondary information.
    Note,
    /// Something that worked.
    Ok,
    /// Something to check.
    Warning,
    /// Something that failed; announced to assistive technology at once.
    Error,
}

/// Appends a paragraph saying `text` in `tone` to `parent`.
pub fn say(doc: &Document, parent: &Element, tone: Tone, text: &str) -> Result<Element, JsValue> {
    let attributes: &[(&str, &str)] = match tone {
        Tone::Note => &[("class", "note")],
        Tone::Ok => &[("class", "ok"), ("role", "status")],
        Tone::Warning => &[("class", "warning")],
        Tone::Error => &[("class", "error"), ("role", "alert")],
    };
    append(parent, element(doc, "p", attributes, text)?)
}

/// Appends a `<button type="button">` of `class` (`primary` or `secondary`)
/// reading `label`, with more `attributes` (a test id, an accessible name).
pub fn button(
    doc: &Document,
    parent: &Element,
    class: &str,
    label: &str,
    attributes: &[(&str, &str)],
) -> Result<Element, JsValue> {
    let button = append(
        parent,
        element(
            doc,
            "button",
            &[("type", "button"), ("class", class)],
            label,
        )?,
    )?;
    for (name, value) in attributes {
        button.set_attribute(name, value)?;
    }
    Ok(button)
}
