//! Replays a [`FillPlan`] on the page with the events its scripts expect.

use wasm_bindgen::prelude::*;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlTextAreaElement, KeyboardEvent,
    KeyboardEventInit,
};

use crate::collect::PageRead;
use clientfill_core::cat;
use clientfill_core::fill::{EntryMode, FillAction, FillPlan};
use clientfill_core::page::PageSnapshot;
use clientfill_core::portals;
use clientfill_web::dom;

/// Applies `plan`, made from `read`, to the page. Returns a message per
/// action that could not be applied (the page changed, a widget is missing).
/// `rehearse` applies it to an input outside the page instead, whose events
/// reach no page script.
pub async fn apply(read: &PageRead, plan: &FillPlan, rehearse: bool) -> Vec<String> {
    // The plan's indices are those of the read it was made from.
    let (controls, page) = (&read.controls, &read.page);
    let stand_in = rehearse
        .then(|| dom::document().and_then(|d| d.create_element("input")).ok())
        .flatten();
    let mut errors = Vec::new();
    for action in &plan.actions {
        if let Err(error) = apply_one(controls, page, action, stand_in.as_ref()).await {
            errors.push(error);
        }
    }
    errors
}

/// Lets the page's framework render what an event changed: React 18 and
/// others render in a microtask or task after the event, not during it.
async fn rendered() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

async fn apply_one(
    controls: &[Element],
    page: &PageSnapshot,
    action: &FillAction,
    stand_in: Option<&Element>,
) -> Result<(), String> {
    let index = match action {
        FillAction::SetValue { field, .. }
        | FillAction::AddTokens { field, .. }
        | FillAction::AddEntries { field, .. }
        | FillAction::SetChecked { field, .. } => *field,
    };
    let mut element = same_control(controls, page, index)?;
    if let Some(stand_in) = stand_in {
        element = stand_in.clone();
    }
    let result = match action {
        FillAction::SetValue { value, .. } => set_value(&element, value),
        FillAction::AddTokens { tokens, .. } => add_tokens(&element, tokens),
        FillAction::AddEntries {
            entries,
            mode,
            add_row,
            ..
        } => add_entries(&element, entries, *mode, add_row).await,
        FillAction::SetChecked { checked, .. } => set_checked(&element, *checked),
    };
    result.map_err(|e| cat!(describe(page, index), ": ", js_text(&e)))
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
            cat!(
                describe(page, index),
                ": the page changed before it could be filled; fill again"
            )
        })?;
    Ok(element)
}

/// `input` then `change`, as a user's choice in a `<select>` sends them.
#[cfg(feature = "google")]
pub(crate) fn dispatch_change(element: &Element) -> Result<(), JsValue> {
    dispatch(element, "input")?;
    dispatch(element, "change")
}

fn dispatch(element: &Element, kind: &str) -> Result<(), JsValue> {
    let init = EventInit::new();
    init.set_bubbles(true);
    element.dispatch_event(&Event::new_with_event_init_dict(kind, &init)?)?;
    Ok(())
}

/// Puts `text` in a text input as typing does: the value, then `input`.
fn type_text(element: &Element, text: &str) -> Result<(), JsValue> {
    element
        .dyn_ref::<HtmlInputElement>()
        .ok_or_else(|| JsValue::from_str("not a text field"))?
        .set_value(text);
    dispatch(element, "input")
}

/// Sets the value the way typing ends up: `input` then `change`, and `blur`
/// for validators that run when the field is left. Setting `value` from the
/// extension's isolated world bypasses React's value tracker, so React-
/// controlled inputs see the change in their `onChange`.
pub(crate) fn set_value(element: &Element, value: &str) -> Result<(), JsValue> {
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

/// Commits tokens through bootstrap-tokenfield's own handling, so its token
/// events (and the page's validation on them) run: first its `change`
/// handler on the submitted input, which sets the listed tokens at once;
/// where the widget does not take that (another version), a paste into its
/// typing input, which it splits on its delimiter a moment later, as for a
/// user's paste.
fn add_tokens(element: &Element, tokens: &[String]) -> Result<(), JsValue> {
    // Only a separated list has one: builds without it leave it out.
    if !portals::STEPS.separated_list {
        return Err(JsValue::from_str("the token widget is missing"));
    }
    let wrapper = element
        .closest(".tokenfield")?
        .ok_or_else(|| JsValue::from_str("the token widget is missing"))?;
    let input = wrapper
        .query_selector(".token-input")?
        .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
        .ok_or_else(|| JsValue::from_str("the token widget is missing"))?;
    if let Some(bad) = tokens.iter().find(|t| t.contains(',')) {
        return Err(JsValue::from_str(&cat!(
            "“",
            bad,
            "” contains a comma, which the widget splits on"
        )));
    }
    let shown = || -> Result<Vec<String>, JsValue> {
        Ok(dom::query_all(&wrapper, ".token")?
            .iter()
            .filter_map(|t| t.get_attribute("data-value"))
            .collect())
    };
    let before = shown()?;
    if let Some(submitted) = element.dyn_ref::<HtmlInputElement>() {
        // The widget rebuilds every token from the value: the ones it shows
        // are listed first, so none is lost.
        let all: Vec<String> = before.iter().chain(tokens).cloned().collect();
        let previous = submitted.value();
        submitted.set_value(&clientfill_core::join(&all, ","));
        dispatch(element, "change")?;
        if shown()? != before {
            return Ok(());
        }
        // Not taken: the submitted value goes back to what the widget wrote.
        submitted.set_value(&previous);
    }
    input.set_value(&clientfill_core::join(tokens, ","));
    dispatch(&input, "input")?;
    dispatch(&input, "paste")
}

/// Presses a key on `element` as a user's key press reaches the page's
/// handlers (React reads `key`; older code `keyCode`).
fn press(element: &Element, key: &str, key_code: u32) -> Result<(), JsValue> {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_code(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    // `keyCode` is a legacy member the typed init does not have.
    js_sys::Reflect::set(&init, &"keyCode".into(), &key_code.into())?;
    js_sys::Reflect::set(&init, &"which".into(), &key_code.into())?;
    for kind in ["keydown", "keyup"] {
        let event = KeyboardEvent::new_with_keyboard_event_init_dict(kind, &init)?;
        element.dispatch_event(&event)?;
    }
    Ok(())
}

fn input_value(element: &Element) -> String {
    element
        .dyn_ref::<HtmlInputElement>()
        .map(HtmlInputElement::value)
        .unwrap_or_default()
}

/// Adds entries to a chip list (type, then Enter, which the widget turns
/// into a chip) or to rows of inputs (an empty row each, adding rows with
/// the list's own button). A list the page did not show as either gets
/// Enter first and turns into rows when the input keeps the text.
async fn add_entries(
    element: &Element,
    entries: &[String],
    mode: EntryMode,
    add_row: &[String],
) -> Result<(), JsValue> {
    let mut pending = entries.iter();
    if mode != EntryMode::Rows {
        for entry in pending.by_ref() {
            // Typed, then Enter, as a user does: no change or blur, which a
            // chip input need not see between entries.
            type_text(element, entry)?;
            press(element, "Enter", 13)?;
            rendered().await;
            if input_value(element).trim() == entry.as_str() {
                // The text stayed: a row, not a chip input. It holds this
                // entry; the rest go into rows.
                if mode == EntryMode::Chips {
                    return Err(cat!("the chip list did not take ", entry).into());
                }
                break;
            }
        }
    }
    for entry in pending {
        let row = empty_row(element, add_row).await?;
        set_value(&row, entry)?;
        rendered().await;
    }
    Ok(())
}

/// An empty input of the list `element` is a row of: one already there, or
/// one the list's add button makes.
async fn empty_row(element: &Element, add_row: &[String]) -> Result<Element, JsValue> {
    let list = row_list(element, add_row)
        .ok_or_else(|| JsValue::from_str("the list's add button is missing"))?;
    let empty = |list: &Element| -> Result<Option<Element>, JsValue> {
        Ok(dom::query_all(list, "input")?
            .into_iter()
            .find(|i| is_row_input(i) && input_value(i).is_empty()))
    };
    if let Some(row) = empty(&list.0)? {
        return Ok(row);
    }
    list.1.unchecked_ref::<HtmlElement>().click();
    rendered().await;
    empty(&list.0)?.ok_or_else(|| JsValue::from_str("no new row appeared"))
}

fn is_row_input(input: &Element) -> bool {
    input
        .dyn_ref::<HtmlInputElement>()
        .is_some_and(|i| matches!(i.type_().as_str(), "text" | "url" | ""))
}

/// The nearest ancestor of `element` holding a button whose text is one of
/// `add_row` (the list), and that button.
fn row_list(element: &Element, add_row: &[String]) -> Option<(Element, Element)> {
    let mut current = element.parent_element();
    for _ in 0..6 {
        let list = current?;
        let button = dom::query_all(&list, "button, [role=button]")
            .ok()?
            .into_iter()
            .find(|b| {
                let text =
                    clientfill_core::page::fold_whitespace(&b.text_content().unwrap_or_default());
                let text = text.trim_start_matches(['+', ' ']);
                add_row.iter().any(|a| a.eq_ignore_ascii_case(text))
            });
        if let Some(button) = button {
            return Some((list, button));
        }
        current = list.parent_element();
    }
    None
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
