//! The options page's profile form: a preset picker, the preset's parameters
//! as controls of their kind, the profile's own fields, checked as they are
//! typed with import's messages (`clientfill_core::form`), and the values
//! they derive shown per provider.
//!
//! The form is read back into a [`Draft`] on every change; the DOM holds
//! what was typed, so nothing is kept twice.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

use clientfill_core::form::{self, Draft, FieldKind, Input, Report};
use clientfill_core::names::Severity;
use clientfill_core::preset::{ParamDefault, ParamKind, ParamSpec, Preset, PRESETS};
use clientfill_core::profile::ClientValues;
use clientfill_core::provider::Provider;
use clientfill_web::dom::{append, button, element, query_all, say, Tone};

/// What an open form keeps: its listeners, the controls a user has left
/// (their problems are shown), whether Save was tried (every problem is
/// shown), and parameter values typed for another preset (kept should the
/// user switch back).
struct Open {
    form: Element,
    /// The draft as the form opened: its id is the profile being edited,
    /// and it tells whether anything changed.
    initial: Draft,
    on_save: OnSave,
    taken: Vec<String>,
    touched: BTreeSet<String>,
    attempted: bool,
    other_params: BTreeMap<String, Input>,
    _listeners: Vec<EventListener>,
    param_listeners: Vec<EventListener>,
}

thread_local! {
    static OPEN: RefCell<Option<Open>> = const { RefCell::new(None) };
    /// The Reopen button of the last discarded changes.
    static REOPEN: RefCell<Option<EventListener>> = const { RefCell::new(None) };
}

/// What the options page does with a profile the form saves: store it, or
/// say why it could not (the form stays open then, nothing lost).
pub type OnSave = Rc<dyn Fn(Draft) -> Pin<Box<dyn Future<Output = Result<(), String>>>>>;

/// Opens the form in `host` on `draft`: a new profile (no id) or one to
/// edit; `taken` are the stored ids, so a new profile's id is shown as it
/// will be stored. A form already open is replaced; its changes, if any,
/// can be reopened from the note it leaves.
pub fn open(
    doc: &Document,
    host: &Element,
    draft: Draft,
    taken: Vec<String>,
    on_save: OnSave,
) -> Result<(), JsValue> {
    let discarded = take_changes();
    host.set_text_content(None);
    let title = match &draft.id {
        Some(_) => format!("Edit “{}”", draft.name),
        None => "Create a profile".to_owned(),
    };
    let form = append(
        host,
        element(
            doc,
            "form",
            &[
                ("data-testid", "profile-form"),
                ("class", "profile-form"),
                ("novalidate", ""),
                ("aria-labelledby", "pf-title"),
            ],
            "",
        )?,
    )?;
    append(&form, element(doc, "h2", &[("id", "pf-title")], &title)?)?;

    let preset_row = append(&form, element(doc, "div", &[("class", "control")], "")?)?;
    append(
        &preset_row,
        element(
            doc,
            "label",
            &[("for", "pf-preset")],
            "Identity broker (preset)",
        )?,
    )?;
    let select = append(
        &preset_row,
        element(
            doc,
            "select",
            &[
                ("id", "pf-preset"),
                ("data-testid", "profile-preset"),
                ("aria-describedby", "pf-preset-help"),
            ],
            "",
        )?,
    )?;
    for preset in PRESETS {
        let option = append(
            &select,
            element(doc, "option", &[("value", preset.id)], preset.label)?,
        )?;
        if preset.id == draft.preset {
            option.set_attribute("selected", "")?;
        }
    }
    append(
        &preset_row,
        element(doc, "p", &[("id", "pf-preset-help"), ("class", "note")], "")?,
    )?;

    control(
        doc,
        &form,
        "name",
        "Profile name",
        "Shown in the popup's profile list; a new profile's id is made from it.",
        &text_input(doc, "name", &draft.name, "text")?,
    )?;
    append(
        &form,
        element(
            doc,
            "fieldset",
            &[("id", "pf-params"), ("data-testid", "profile-params")],
            "",
        )?,
    )?;
    let fields = append(&form, element(doc, "fieldset", &[], "")?)?;
    append(
        &fields,
        element(doc, "legend", &[], "What the portal forms ask for")?,
    )?;
    for f in &form::FIELDS {
        let value = draft.fields.get(f.key).map_or("", String::as_str);
        let input = match f.kind {
            FieldKind::Text => {
                let area = element(
                    doc,
                    "textarea",
                    &[("rows", "3"), ("data-key", f.key), ("id", &id_of(f.key))],
                    "",
                )?;
                area.unchecked_ref::<web_sys::HtmlTextAreaElement>()
                    .set_value(value);
                area
            }
            FieldKind::Url => text_input(doc, f.key, value, "url")?,
            FieldKind::Email => text_input(doc, f.key, value, "email")?,
            FieldKind::Line => text_input(doc, f.key, value, "text")?,
        };
        let row = control(doc, &fields, f.key, f.label, f.help, &input)?;
        if f.key == "appName" {
            append(
                &row,
                element(
                    doc,
                    "ul",
                    &[("data-testid", "name-findings"), ("class", "findings")],
                    "",
                )?,
            )?;
        }
    }

    let derived = append(
        &form,
        element(
            doc,
            "section",
            &[("data-testid", "derived"), ("class", "derived")],
            "",
        )?,
    )?;
    append(
        &derived,
        element(doc, "h3", &[], "What ClientFill will fill")?,
    )?;
    append(&derived, element(doc, "div", &[("id", "pf-derived")], "")?)?;

    let feedback = append(
        &form,
        element(
            doc,
            "div",
            &[
                ("data-testid", "profile-form-feedback"),
                ("aria-live", "polite"),
            ],
            "",
        )?,
    )?;
    let actions = append(&form, element(doc, "div", &[("class", "actions")], "")?)?;
    append(
        &actions,
        element(
            doc,
            "button",
            &[
                ("type", "submit"),
                ("class", "primary"),
                ("data-testid", "profile-save"),
            ],
            if draft.id.is_some() {
                "Save changes"
            } else {
                "Save profile"
            },
        )?,
    )?;
    let cancel = button(
        doc,
        &actions,
        "secondary",
        "Cancel",
        &[("data-testid", "profile-cancel")],
    )?;

    let mut listeners = Vec::new();
    // Problems show at the controls already left; the derived values
    // follow every keystroke.
    listeners.push(EventListener::new(&form, "input", {
        let doc = doc.clone();
        move |_| {
            let _ = refresh(&doc);
        }
    }));
    listeners.push(EventListener::new(&form, "focusout", {
        let doc = doc.clone();
        move |event| {
            let key = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| key_of(&t));
            let Some(key) = key else {
                return;
            };
            touch(&key);
            // Focus going to a button of the form (Save, Add URI, Remove):
            // drawing the problem now would move that button between the
            // press and the release, and the click would be lost. Save
            // shows every problem; the others redraw after their action.
            let to_button = event
                .dyn_ref::<web_sys::FocusEvent>()
                .and_then(|e| e.related_target())
                .and_then(|t| t.dyn_into::<Element>().ok())
                .is_some_and(|t| t.tag_name() == "BUTTON");
            if !to_button {
                let _ = refresh(&doc);
            }
        }
    }));
    listeners.push(EventListener::new(&select, "change", {
        let doc = doc.clone();
        move |_| {
            if let Err(error) = preset_changed(&doc) {
                web_sys::console::error_1(&error);
            }
        }
    }));
    listeners.push(EventListener::new_with_options(
        &form,
        "submit",
        EventListenerOptions::enable_prevent_default(),
        {
            let (doc, feedback) = (doc.clone(), feedback.clone());
            move |event| {
                event.prevent_default();
                let (doc, feedback) = (doc.clone(), feedback.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(error) = submit(&doc, &feedback).await {
                        web_sys::console::error_1(&error);
                    }
                });
            }
        },
    ));
    listeners.push(EventListener::new(&cancel, "click", {
        let (doc, host) = (doc.clone(), host.clone());
        move |_| discard(&doc, &host)
    }));
    // Escape closes the form as Cancel does.
    listeners.push(EventListener::new(&form, "keydown", {
        let (doc, host) = (doc.clone(), host.clone());
        move |event| {
            let event = event.unchecked_ref::<web_sys::KeyboardEvent>();
            if event.key() == "Escape" {
                discard(&doc, &host);
            }
        }
    }));

    OPEN.with(|o| {
        *o.borrow_mut() = Some(Open {
            form: form.clone(),
            initial: draft.clone(),
            on_save,
            taken,
            touched: BTreeSet::new(),
            attempted: false,
            other_params: draft.params.clone(),
            _listeners: listeners,
            param_listeners: Vec::new(),
        })
    });
    render_params(doc, &draft)?;
    refresh(doc)?;
    if let Some(changes) = discarded {
        offer_reopen(doc, host, changes, true)?;
    }
    let _ = select.unchecked_ref::<HtmlElement>().focus();
    form.scroll_into_view();
    Ok(())
}

/// Closes the open form, if any (its DOM is left to the caller).
pub fn close() {
    OPEN.with(|o| o.borrow_mut().take());
}

/// What a closed form held that differs from what it opened with: the
/// draft, the stored ids and what saves it.
struct Changes(Draft, Vec<String>, OnSave);

/// Closes the open form and returns its changes, if it had any.
fn take_changes() -> Option<Changes> {
    let now = OPEN.with(|o| o.borrow().as_ref().map(|open| read_draft(&open.form)));
    let open = OPEN.with(|o| o.borrow_mut().take())?;
    match now {
        // Compared as profiles: an empty box and an absent field are the same.
        Some(Ok(now)) if now.to_profile(&[]) != open.initial.to_profile(&[]) => {
            Some(Changes(now, open.taken, open.on_save))
        }
        _ => None,
    }
}

/// Cancel and Escape: the form closes unsaved, and what was typed in it
/// can be reopened while the page is open.
fn discard(doc: &Document, host: &Element) {
    let changes = take_changes();
    host.set_text_content(None);
    if let Some(changes) = changes {
        if let Err(error) = offer_reopen(doc, host, changes, false) {
            web_sys::console::error_1(&error);
        }
    }
}

/// A note in `host` (before the form, when one is open) saying the changes
/// were not saved, with a button that reopens them.
fn offer_reopen(
    doc: &Document,
    host: &Element,
    changes: Changes,
    before_form: bool,
) -> Result<(), JsValue> {
    let what = match &changes.0.id {
        Some(_) => format!("Your changes to “{}” were not saved.", changes.0.name),
        None => "The profile you were making was not saved.".to_owned(),
    };
    let note = element(
        doc,
        "p",
        &[
            ("class", "note"),
            ("role", "status"),
            ("data-testid", "profile-form-discarded"),
        ],
        &what,
    )?;
    if before_form {
        host.prepend_with_node_1(&note)?;
    } else {
        host.append_child(&note)?;
    }
    let reopen = button(
        doc,
        &note,
        "secondary",
        "Reopen them",
        &[("data-testid", "profile-form-reopen")],
    )?;
    if !before_form {
        let _ = reopen.unchecked_ref::<HtmlElement>().focus();
    }
    let (doc, host) = (doc.clone(), host.clone());
    let changes = RefCell::new(Some(changes));
    let listener = EventListener::new(&reopen, "click", move |_| {
        let Some(Changes(draft, taken, on_save)) = changes.borrow_mut().take() else {
            return;
        };
        if let Err(error) = open(&doc, &host, draft, taken, on_save) {
            web_sys::console::error_1(&error);
        }
    });
    REOPEN.with(|r| *r.borrow_mut() = Some(listener));
    Ok(())
}

fn id_of(key: &str) -> String {
    format!("pf-{}", key.replace('.', "-"))
}

fn text_input(doc: &Document, key: &str, value: &str, kind: &str) -> Result<Element, JsValue> {
    let input = element(
        doc,
        "input",
        &[
            ("type", kind),
            ("id", &id_of(key)),
            ("data-key", key),
            ("spellcheck", "false"),
            ("autocomplete", "off"),
        ],
        "",
    )?;
    input.unchecked_ref::<HtmlInputElement>().set_value(value);
    Ok(input)
}

/// A labelled control with its help and a place for its problem: the row
/// is `data-control` = the problem path it shows.
fn control(
    doc: &Document,
    parent: &Element,
    key: &str,
    label: &str,
    help: &str,
    input: &Element,
) -> Result<Element, JsValue> {
    let id = id_of(key);
    let row = append(
        parent,
        element(
            doc,
            "div",
            &[("class", "control"), ("data-control", key)],
            "",
        )?,
    )?;
    // A group of rows or choices has no one control to point a label at:
    // the group is named by it instead.
    if input.has_attribute("data-list") {
        let label_id = format!("{id}-label");
        append(&row, element(doc, "label", &[("id", &label_id)], label)?)?;
        input.set_attribute("aria-labelledby", &label_id)?;
    } else {
        append(&row, element(doc, "label", &[("for", &id)], label)?)?;
    }
    row.append_child(input)?;
    let mut described = Vec::new();
    if !help.is_empty() {
        append(
            &row,
            element(
                doc,
                "p",
                &[("class", "note"), ("id", &format!("{id}-help"))],
                help,
            )?,
        )?;
        described.push(format!("{id}-help"));
    }
    append(
        &row,
        element(
            doc,
            "p",
            &[
                ("class", "error"),
                ("id", &format!("{id}-problem")),
                ("data-testid", "problem"),
                ("hidden", ""),
            ],
            "",
        )?,
    )?;
    described.push(format!("{id}-problem"));
    input.set_attribute("aria-describedby", &described.join(" "))?;
    Ok(row)
}

/// Draws the controls of the selected preset's parameters with the values
/// typed for them, in this preset or an earlier one.
fn render_params(doc: &Document, draft: &Draft) -> Result<(), JsValue> {
    let Some(fieldset) = doc.get_element_by_id("pf-params") else {
        return Ok(());
    };
    fieldset.set_text_content(None);
    let preset = Preset::find(&draft.preset).unwrap_or(&PRESETS[0]);
    if let Some(help) = doc.get_element_by_id("pf-preset-help") {
        help.set_text_content(Some(&format!("From {}", preset.source)));
    }
    append(
        &fieldset,
        element(doc, "legend", &[], &format!("{} settings", preset.label))?,
    )?;
    if preset.params.is_empty() {
        say(doc, &fieldset, Tone::Note, "This preset takes no settings.")?;
    }
    let mut listeners = Vec::new();
    for spec in preset.params {
        let key = format!("params.{}", spec.name);
        let value = draft.params.get(spec.name);
        let label = match (spec.required, spec.default) {
            (true, _) => spec.label.to_owned(),
            (false, ParamDefault::Text(text)) => format!("{} (default {text})", spec.label),
            (false, ParamDefault::Provider) => {
                format!("{} (default: the provider, e.g. instagram)", spec.label)
            }
            (false, _) => format!("{} (optional)", spec.label),
        };
        let text = match value {
            Some(Input::Text(text)) => text.clone(),
            _ => String::new(),
        };
        match spec.kind {
            ParamKind::Choice { options } => {
                let select = element(
                    doc,
                    "select",
                    &[("id", &id_of(&key)), ("data-key", &key)],
                    "",
                )?;
                if !spec.required {
                    append(
                        &select,
                        element(doc, "option", &[("value", "")], "Default")?,
                    )?;
                }
                for option in options {
                    let item = append(
                        &select,
                        element(doc, "option", &[("value", option.value)], option.label)?,
                    )?;
                    if option.value == text {
                        item.set_attribute("selected", "")?;
                    }
                }
                control(doc, &fieldset, &key, &label, spec.help, &select)?;
            }
            ParamKind::Flag { .. } => {
                let checked = match (value, spec.default) {
                    (Some(Input::Flag(flag)), _) => *flag,
                    (_, ParamDefault::Flag(flag)) => flag,
                    _ => false,
                };
                let input = element(
                    doc,
                    "input",
                    &[
                        ("type", "checkbox"),
                        ("id", &id_of(&key)),
                        ("data-key", &key),
                    ],
                    "",
                )?;
                input
                    .unchecked_ref::<HtmlInputElement>()
                    .set_checked(checked);
                let row = control(doc, &fieldset, &key, spec.label, spec.help, &input)?;
                row.set_attribute("class", "control flag")?;
            }
            ParamKind::MultiChoice { options } => {
                let chosen = match value {
                    Some(Input::List(list)) => list.clone(),
                    _ => Vec::new(),
                };
                let group = list_group(doc, &key, "choices")?;
                for option in options {
                    let line = append(&group, element(doc, "label", &[("class", "choice")], "")?)?;
                    let tick = append(
                        &line,
                        element(
                            doc,
                            "input",
                            &[("type", "checkbox"), ("value", option.value)],
                            "",
                        )?,
                    )?;
                    tick.unchecked_ref::<HtmlInputElement>()
                        .set_checked(chosen.iter().any(|c| c == option.value));
                    line.append_with_str_1(&format!(" {}", option.label))?;
                }
                control(doc, &fieldset, &key, &label, spec.help, &group)?;
            }
            ParamKind::UrlList => {
                let rows = match value {
                    Some(Input::List(list)) if !list.is_empty() => list.clone(),
                    _ => vec![String::new()],
                };
                let group = list_group(doc, &key, "rows")?;
                control(doc, &fieldset, &key, &label, spec.help, &group)?;
                for (i, item) in rows.iter().enumerate() {
                    add_row(doc, &group, spec, i, item, &mut listeners)?;
                }
                let add = element(
                    doc,
                    "button",
                    &[
                        ("type", "button"),
                        ("class", "secondary"),
                        ("data-testid", "add-row"),
                    ],
                    "Add URI",
                )?;
                group.after_with_node_1(&add)?;
                let (doc2, group2) = (doc.clone(), group.clone());
                listeners.push(EventListener::new(&add, "click", move |_| {
                    let count = group2.child_element_count() as usize;
                    let mut more = Vec::new();
                    if let Ok(input) = add_row(&doc2, &group2, spec, count, "", &mut more) {
                        OPEN.with(|o| {
                            if let Some(open) = o.borrow_mut().as_mut() {
                                open.param_listeners.extend(more);
                            }
                        });
                        let _ = input.unchecked_ref::<HtmlElement>().focus();
                    }
                    let _ = refresh(&doc2);
                }));
            }
            ParamKind::Port => {
                let input = text_input(doc, &key, &text, "text")?;
                input.set_attribute("inputmode", "numeric")?;
                control(doc, &fieldset, &key, &label, spec.help, &input)?;
            }
            _ => {
                let kind = match spec.kind {
                    ParamKind::Url | ParamKind::BaseUrl => "url",
                    _ => "text",
                };
                let input = text_input(doc, &key, &text, kind)?;
                if spec.required {
                    input.set_attribute("aria-required", "true")?;
                }
                control(doc, &fieldset, &key, &label, spec.help, &input)?;
            }
        }
    }
    OPEN.with(|o| {
        if let Some(open) = o.borrow_mut().as_mut() {
            open.param_listeners = listeners;
        }
    });
    Ok(())
}

/// The group holding a list parameter's rows or choices: `data-list` says
/// which, for [`read_draft`].
fn list_group(doc: &Document, key: &str, list: &str) -> Result<Element, JsValue> {
    element(
        doc,
        "div",
        &[
            ("id", &id_of(key)),
            ("data-key", key),
            ("data-list", list),
            ("role", "group"),
        ],
        "",
    )
}

/// One row of a URI list, with its Remove button; returns the text box.
fn add_row(
    doc: &Document,
    group: &Element,
    spec: &'static ParamSpec,
    index: usize,
    value: &str,
    listeners: &mut Vec<EventListener>,
) -> Result<Element, JsValue> {
    let line = append(group, element(doc, "div", &[("class", "row")], "")?)?;
    let input = append(
        &line,
        element(
            doc,
            "input",
            &[
                ("type", "url"),
                ("spellcheck", "false"),
                ("data-row", ""),
                ("aria-label", &format!("{} {}", spec.label, index + 1)),
            ],
            "",
        )?,
    )?;
    input.unchecked_ref::<HtmlInputElement>().set_value(value);
    let remove = button(
        doc,
        &line,
        "secondary",
        "Remove",
        &[
            ("data-testid", "remove-row"),
            (
                "aria-label",
                &format!("Remove {} {}", spec.label, index + 1),
            ),
        ],
    )?;
    let (doc, group, line2) = (doc.clone(), group.clone(), line.clone());
    listeners.push(EventListener::new(&remove, "click", move |_| {
        // The list keeps one row to type into.
        if group.child_element_count() > 1 {
            line2.remove();
        } else if let Ok(Some(input)) = line2.query_selector("input") {
            input.unchecked_ref::<HtmlInputElement>().set_value("");
        }
        if let Ok(Some(first)) = group.query_selector("input") {
            let _ = first.unchecked_ref::<HtmlElement>().focus();
        }
        let _ = refresh(&doc);
    }));
    Ok(input)
}

/// The problem path a control (or a row inside one) reports to.
fn key_of(target: &Element) -> Option<String> {
    target
        .closest("[data-control]")
        .ok()
        .flatten()?
        .get_attribute("data-control")
}

fn touch(key: &str) {
    OPEN.with(|o| {
        if let Some(open) = o.borrow_mut().as_mut() {
            open.touched.insert(key.to_owned());
        }
    });
}

/// Reads the form's controls back into a draft.
fn read_draft(form: &Element) -> Result<Draft, JsValue> {
    let preset = form
        .query_selector("#pf-preset")?
        .map(|s| s.unchecked_into::<HtmlSelectElement>().value())
        .unwrap_or_default();
    let mut draft = Draft::new(&preset);
    draft.id = OPEN.with(|o| o.borrow().as_ref().and_then(|open| open.initial.id.clone()));
    for control in query_all(form, "[data-key]")? {
        let Some(key) = control.get_attribute("data-key") else {
            continue;
        };
        let input = match control.get_attribute("data-list").as_deref() {
            Some("rows") => Input::List(
                query_all(&control, "input[data-row]")?
                    .into_iter()
                    .map(|i| i.unchecked_into::<HtmlInputElement>().value())
                    .collect(),
            ),
            Some(_) => Input::List(
                query_all(&control, "input:checked")?
                    .into_iter()
                    .map(|i| i.unchecked_into::<HtmlInputElement>().value())
                    .collect(),
            ),
            None => match control.dyn_ref::<HtmlInputElement>() {
                Some(input) if input.type_() == "checkbox" => Input::Flag(input.checked()),
                Some(input) => Input::Text(input.value()),
                None => match control.dyn_ref::<HtmlSelectElement>() {
                    Some(select) => Input::Text(select.value()),
                    None => Input::Text(
                        control
                            .unchecked_ref::<web_sys::HtmlTextAreaElement>()
                            .value(),
                    ),
                },
            },
        };
        match (key.strip_prefix("params."), input) {
            (Some(name), input) => {
                draft.params.insert(name.to_owned(), input);
            }
            (None, Input::Text(text)) if key == "name" => draft.name = text,
            (None, Input::Text(text)) => {
                draft.fields.insert(key, text);
            }
            (None, _) => {}
        }
    }
    Ok(draft)
}

fn preset_changed(doc: &Document) -> Result<(), JsValue> {
    let Some(form) = OPEN.with(|o| o.borrow().as_ref().map(|open| open.form.clone())) else {
        return Ok(());
    };
    let mut draft = read_draft(&form)?;
    // Values typed for the previous preset's parameters stay at hand.
    let params = OPEN.with(|o| {
        let mut o = o.borrow_mut();
        let open = o.as_mut()?;
        for (name, value) in &draft.params {
            open.other_params.insert(name.clone(), value.clone());
        }
        Some(open.other_params.clone())
    });
    draft.params = params.unwrap_or_default();
    render_params(doc, &draft)?;
    refresh(doc).map(drop)
}

/// Checks the form as it stands and shows the result: problems at the
/// controls the user has left (or all once Save was tried), the app name's
/// findings, and the derived values. Returns the draft and its report;
/// `None` when no form is open.
fn refresh(doc: &Document) -> Result<Option<(Draft, Report)>, JsValue> {
    let Some((form, taken, touched, attempted)) = OPEN.with(|o| {
        o.borrow().as_ref().map(|open| {
            (
                open.form.clone(),
                open.taken.clone(),
                open.touched.clone(),
                open.attempted,
            )
        })
    }) else {
        return Ok(None);
    };
    let draft = read_draft(&form)?;
    let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
    let report = draft.check(&taken);
    for row in query_all(&form, "[data-control]")? {
        let Some(key) = row.get_attribute("data-control") else {
            continue;
        };
        let shown = attempted || touched.contains(&key);
        let messages: Vec<&str> = report
            .problems
            .iter()
            .filter(|p| form::belongs_to(&p.path, &key))
            .map(|p| p.message.as_str())
            .collect();
        let problem = row.query_selector("[data-testid=problem]")?;
        let target = row.query_selector("[data-key]")?;
        if let (Some(problem), Some(target)) = (problem, target) {
            if shown && !messages.is_empty() {
                problem.set_text_content(Some(&messages.join(" ")));
                problem.remove_attribute("hidden")?;
                target.set_attribute("aria-invalid", "true")?;
            } else {
                problem.set_text_content(None);
                problem.set_attribute("hidden", "")?;
                target.remove_attribute("aria-invalid")?;
            }
        }
    }
    render_findings(doc, &form, &report)?;
    render_derived(doc, &report)?;
    Ok(Some((draft, report)))
}

fn render_findings(doc: &Document, form: &Element, report: &Report) -> Result<(), JsValue> {
    let Some(list) = form.query_selector("[data-testid=name-findings]")? else {
        return Ok(());
    };
    list.set_text_content(None);
    for (portal, findings) in &report.names {
        for finding in findings {
            let (tone, verb) = match finding.severity {
                Severity::Error => ("error", "refuses"),
                Severity::Warning => ("warning", "may question"),
            };
            append(
                &list,
                element(
                    doc,
                    "li",
                    &[
                        ("class", tone),
                        ("data-portal", portal.as_str()),
                        ("data-severity", tone),
                    ],
                    &format!(
                        "{} {verb} “{}”: {}",
                        portal.label(),
                        finding.matched,
                        finding.reason
                    ),
                )?,
            )?;
        }
    }
    Ok(())
}

fn render_derived(doc: &Document, report: &Report) -> Result<(), JsValue> {
    let Some(host) = doc.get_element_by_id("pf-derived") else {
        return Ok(());
    };
    host.set_text_content(None);
    if report.derived.is_empty() {
        say(
            doc,
            &host,
            Tone::Note,
            "Complete the marked settings to see the Website URL and redirect URIs.",
        )?;
        return Ok(());
    }
    // Providers that get the same values share one section.
    let mut groups: Vec<(Vec<Provider>, &ClientValues)> = Vec::new();
    for (provider, values) in &report.derived {
        match groups.iter_mut().find(|(_, v)| *v == values) {
            Some((providers, _)) => providers.push(*provider),
            None => groups.push((vec![*provider], values)),
        }
    }
    for (providers, values) in &groups {
        let names: Vec<&str> = providers.iter().map(|p| p.as_str()).collect();
        let section = append(
            &host,
            element(
                doc,
                "section",
                &[
                    ("data-provider", providers[0].as_str()),
                    ("data-providers", &names.join(" ")),
                ],
                "",
            )?,
        )?;
        let heading = if groups.len() == 1 && providers.len() == report.derived.len() {
            "On every provider's page".to_owned()
        } else {
            let labels: Vec<&str> = providers.iter().map(|p| p.label()).collect();
            format!("On {} pages", labels.join(", "))
        };
        append(&section, element(doc, "h4", &[], &heading)?)?;
        derived_values(doc, &section, values)?;
    }
    // The logins the broker does not offer, said rather than left out.
    if let Some(preset) = report.profile.preset() {
        let missing: Vec<&str> = Provider::ALL
            .into_iter()
            .filter(|p| !preset.supports(*p))
            .map(|p| p.label())
            .collect();
        if !missing.is_empty() {
            say(
                doc,
                &host,
                Tone::Note,
                &format!("{} has no {} login.", preset.label, missing.join(" or ")),
            )?
            .set_attribute("data-testid", "derived-unsupported")?;
        }
    }
    Ok(())
}

fn derived_values(doc: &Document, section: &Element, values: &ClientValues) -> Result<(), JsValue> {
    let list = append(section, element(doc, "dl", &[], "")?)?;
    let row = |label: &str, value: Option<&str>, testid: &str| -> Result<(), JsValue> {
        append(&list, element(doc, "dt", &[], label)?)?;
        let dd = append(&list, element(doc, "dd", &[("data-testid", testid)], "")?)?;
        match value {
            Some(value) => append(&dd, element(doc, "code", &[], value)?).map(drop),
            None => dd.append_with_str_1("not set"),
        }
    };
    row(
        "Website URL",
        values.website_url.as_deref(),
        "derived-website",
    )?;
    row(
        "Deauthorize Callback URL",
        values.deauthorize_url.as_deref(),
        "derived-deauthorize",
    )?;
    row(
        "Data Deletion Request URL",
        values.data_deletion_url.as_deref(),
        "derived-data-deletion",
    )?;
    append(&list, element(doc, "dt", &[], "Redirect URIs")?)?;
    let dd = append(&list, element(doc, "dd", &[], "")?)?;
    let uris = append(&dd, element(doc, "ul", &[("class", "uris")], "")?)?;
    for uri in &values.redirect_uris {
        let item = append(
            &uris,
            element(doc, "li", &[("data-testid", "derived-uri")], "")?,
        )?;
        append(&item, element(doc, "code", &[], uri)?)?;
    }
    if values.implicit_oauth {
        say(
            doc,
            section,
            Tone::Warning,
            "Implicit OAuth must be enabled: ClientFill unticks “Disable implicit OAuth”.",
        )?;
    }
    Ok(())
}

/// Save: every problem is shown, the first one's control focused; with none
/// the profile goes to `on_save`, and the form closes once it is stored.
async fn submit(doc: &Document, feedback: &Element) -> Result<(), JsValue> {
    let Some((form, on_save)) = OPEN.with(|o| {
        let mut o = o.borrow_mut();
        let open = o.as_mut()?;
        open.attempted = true;
        Some((open.form.clone(), open.on_save.clone()))
    }) else {
        return Ok(());
    };
    feedback.set_text_content(None);
    let Some((draft, report)) = refresh(doc)? else {
        return Ok(());
    };
    let problems = report.problems;
    if !problems.is_empty() {
        let count = problems.len();
        say(
            doc,
            feedback,
            Tone::Error,
            &match count {
                1 => "Nothing was saved: one field needs a fix.".to_owned(),
                _ => format!("Nothing was saved: {count} fields need a fix."),
            },
        )?;
        if let Some(first) = form.query_selector("[aria-invalid=true]")? {
            let focusable = if first.matches("input, select, textarea")? {
                Some(first)
            } else {
                first.query_selector("input")?
            };
            if let Some(focusable) = focusable {
                let _ = focusable.unchecked_ref::<HtmlElement>().focus();
            }
        }
        return Ok(());
    }
    if let Err(message) = on_save(draft).await {
        say(doc, feedback, Tone::Error, &message)?;
    }
    Ok(())
}
