//! Replays a [`FillPlan`] on the page with the events its scripts expect.

use wasm_bindgen::prelude::*;
use web_sys::{
    Document, Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlTextAreaElement,
};

use super::{collect, dom};
use crate::fill::{FillAction, FillPlan};
use crate::page::PageSnapshot;

/// Applies `plan`, made from `page`, to `doc`. Returns a message per action
/// that could not be applied (the page changed, a widget is missing).
pub fn apply(doc: &Document, page: &PageSnapshot, plan: &FillPlan) -> Vec<String> {
    // Read once: the plan's indices are those of the page before any change.
    let controls = match collect::controls(doc) {
        Ok(controls) => controls,
        Err(error) => return vec![format!("The page could not be read: {}", js_text(&error))],
    };
    plan.actions
        .iter()
        .filter_map(|action| apply_one(&controls, page, action).err())
        .collect()
}

fn apply_one(controls: &[Element], page: &PageSnapshot, action: &FillAction) -> Result<(), String> {
    let index = match action {
        FillAction::SetValue { field, .. }
        | FillAction::AddTokens { field, .. }
        | FillAction::SetChecked { field, .. } => *field,
    };
    let element = same_control(controls, page, index)?;
    let result = match action {
        FillAction::SetValue { value, .. } => set_value(&element, value),
        FillAction::AddTokens { tokens, .. } => add_tokens(&element, tokens),
        FillAction::SetChecked { checked, .. } => set_checked(&element, *checked),
    };
    result.map_err(|e| format!("{}: {}", describe(page, index), js_text(&e)))
}

fn describe(page: &PageSnapshot, index: usize) -> String {
    page.fields
        .get(index)
        .map(|f| {
            if f.label.is_empty() {
                f.id.clone()
            } else {
                f.label.clone()
            }
        })
        .unwrap_or_default()
}

fn js_text(value: &JsValue) -> String {
    dom::error_text(value).unwrap_or_else(|| "could not be filled".to_owned())
}

/// The control at `index`, checked to be the one the plan was made for: a page
/// that re-rendered in between must not get values in the wrong fields.
fn same_control(
    controls: &[Element],
    page: &PageSnapshot,
    index: usize,
) -> Result<Element, String> {
    let expected = page
        .fields
        .get(index)
        .ok_or("the plan names an unknown field")?;
    let element = controls
        .get(index)
        .cloned()
        .filter(|e| {
            e.id() == expected.id && e.get_attribute("name").unwrap_or_default() == expected.name
        })
        .ok_or_else(|| {
            format!(
                "{}: the page changed before it could be filled; fill again",
                describe(page, index)
            )
        })?;
    Ok(element)
}

fn dispatch(element: &Element, kind: &str) -> Result<(), JsValue> {
    let init = EventInit::new();
    init.set_bubbles(true);
    element.dispatch_event(&Event::new_with_event_init_dict(kind, &init)?)?;
    Ok(())
}

/// Sets the value the way typing ends up: `input` then `change`, and `blur`
/// for validators that run when the field is left. Setting `value` from the
/// extension's isolated world bypasses React's value tracker, so React-
/// controlled inputs see the change in their `onChange`.
fn set_value(element: &Element, value: &str) -> Result<(), JsValue> {
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(value);
    } else {
        return Err("not a text field".into());
    }
    dispatch(element, "input")?;
    dispatch(element, "change")?;
    dispatch(element, "blur")
}

/// Commits tokens through bootstrap-tokenfield's typing input with a paste,
/// which the widget turns into tokens split on its delimiter, as it does for a
/// user's paste. Its own token events (and the page's validation on them) run.
fn add_tokens(element: &Element, tokens: &[String]) -> Result<(), JsValue> {
    let input = element
        .closest(".tokenfield")?
        .and_then(|w| w.query_selector(".token-input").ok().flatten())
        .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
        .ok_or_else(|| JsValue::from_str("the token widget is missing"))?;
    if let Some(bad) = tokens.iter().find(|t| t.contains(',')) {
        return Err(JsValue::from_str(&format!(
            "“{bad}” contains a comma, which the widget splits on"
        )));
    }
    input.set_value(&tokens.join(","));
    dispatch(&input, "input")?;
    dispatch(&input, "paste")
}

/// A click toggles a checkbox with the events a user's click has.
fn set_checked(element: &Element, checked: bool) -> Result<(), JsValue> {
    let input = element
        .dyn_ref::<HtmlInputElement>()
        .ok_or_else(|| JsValue::from_str("not a checkbox"))?;
    if input.checked() != checked {
        element.unchecked_ref::<HtmlElement>().click();
    }
    Ok(())
}
