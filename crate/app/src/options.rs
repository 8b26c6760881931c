//! The options page: the user's profiles, and import of the documented
//! profile JSON (README, docs/profiles.md).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlInputElement, HtmlTextAreaElement};

use crate::editor;
use clientfill_core::form::Draft;
use clientfill_core::preset::PRESETS;

use clientfill_core::profile::{self, Profile};
use clientfill_core::provider::Provider;
use clientfill_core::store;
use clientfill_web::dom::{self, append, button, element, say, Tone};
use clientfill_web::ext;

/// What the page keeps alive: its listeners.
struct OptionsPage {
    _listeners: Vec<EventListener>,
}

thread_local! {
    static PAGE: RefCell<Option<OptionsPage>> = const { RefCell::new(None) };
    /// The profile cards' listeners, replaced whenever the list is drawn.
    static CARDS: RefCell<Vec<EventListener>> = const { RefCell::new(Vec::new()) };
    /// The last deleted profile and where it stood, until it is restored or
    /// another is deleted (the page keeps it while it is open).
    static DELETED: RefCell<Option<(usize, Profile)>> = const { RefCell::new(None) };
}

/// Entry point of the options page.
#[wasm_bindgen]
pub fn start_options() -> Result<(), JsValue> {
    let doc = dom::document()?;
    let main = doc
        .get_element_by_id("options")
        .ok_or_else(|| JsValue::from_str("options.html lacks #options"))?;
    main.set_text_content(None);
    append(&main, element(&doc, "h2", &[], "Profiles")?)?;
    let create = button(
        &doc,
        &main,
        "primary",
        "Create a profile",
        &[("data-testid", "profile-create")],
    )?;
    append(&main, element(&doc, "div", &[("id", "editor")], "")?)?;
    append(
        &main,
        element(
            &doc,
            "div",
            &[("id", "profiles-feedback"), ("aria-live", "polite")],
            "",
        )?,
    )?;
    let list = append(
        &main,
        element(
            &doc,
            "div",
            &[("id", "profiles"), ("aria-live", "polite")],
            "",
        )?,
    )?;

    append(
        &main,
        element(&doc, "h2", &[("id", "import-heading")], "Import profiles")?,
    )?;
    say(&doc, &main, Tone::Note, "Paste a profiles document (JSON, format “clientfill-profiles”) or choose a file. Profiles with the same id are replaced; nothing changes if the document has any problem.")?;
    let import: HtmlTextAreaElement = append(
        &main,
        element(
            &doc,
            "textarea",
            &[
                ("id", "profile-import"),
                ("data-testid", "profile-import"),
                ("rows", "12"),
                ("spellcheck", "false"),
                ("aria-label", "Profiles JSON"),
            ],
            "",
        )?,
    )?
    .unchecked_into();
    let actions = append(&main, element(&doc, "div", &[("class", "actions")], "")?)?;
    let submit = button(
        &doc,
        &actions,
        "primary",
        "Import",
        &[("data-testid", "profile-import-submit")],
    )?;
    // A file is imported as it is: the text box keeps what was typed there.
    let file_label = append(
        &actions,
        element(&doc, "label", &[("class", "button secondary file")], "")?,
    )?;
    file_label.append_with_str_1("Import a file…")?;
    let file: HtmlInputElement = append(
        &file_label,
        element(
            &doc,
            "input",
            &[
                ("type", "file"),
                ("accept", ".json,application/json"),
                ("data-testid", "profile-import-file"),
                ("class", "visually-hidden"),
            ],
            "",
        )?,
    )?
    .unchecked_into();
    let feedback = append(&main, element(&doc, "div", &[("aria-live", "polite")], "")?)?;

    append(&main, element(&doc, "h2", &[], "Export")?)?;
    // A file of its own: the import box keeps what the user typed there.
    append(
        &main,
        element(
            &doc,
            "a",
            &[
                ("id", "profile-export"),
                ("data-testid", "profile-export"),
                ("class", "button secondary"),
                ("download", "clientfill-profiles.json"),
                ("href", "#"),
                ("aria-disabled", "true"),
            ],
            "Download all profiles (JSON)",
        )?,
    )?;

    crate::sites::render(&doc, &main)?;

    let listeners = vec![
        EventListener::new(&create, "click", {
            let doc = doc.clone();
            move |_| open_editor(&doc, None)
        }),
        EventListener::new(&submit, "click", {
            let (doc, list, feedback, import) =
                (doc.clone(), list.clone(), feedback.clone(), import.clone());
            move |_| {
                let (doc, list, feedback, import) =
                    (doc.clone(), list.clone(), feedback.clone(), import.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let json = import.value();
                    let source = Source::Pasted(&import);
                    if let Err(error) = import_profiles(&doc, &list, &feedback, &json, source).await
                    {
                        web_sys::console::error_1(&error);
                    }
                });
            }
        }),
        EventListener::new(&file, "change", {
            let (doc, list, feedback, file) =
                (doc.clone(), list.clone(), feedback.clone(), file.clone());
            move |_| {
                let Some(chosen) = file.files().and_then(|f| f.get(0)) else {
                    return;
                };
                // The same file may be chosen again after a fix.
                file.set_value("");
                let (doc, list, feedback) = (doc.clone(), list.clone(), feedback.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let name = chosen.name();
                    let read = wasm_bindgen_futures::JsFuture::from(chosen.text()).await;
                    let shown = match read.map(|text| text.as_string()) {
                        Ok(Some(json)) => {
                            import_profiles(&doc, &list, &feedback, &json, Source::File(&name))
                                .await
                        }
                        _ => {
                            feedback.set_text_content(None);
                            say(
                                &doc,
                                &feedback,
                                Tone::Error,
                                &format!("“{name}” could not be read; nothing was imported."),
                            )
                            .map(drop)
                        }
                    };
                    if let Err(error) = shown {
                        web_sys::console::error_1(&error);
                    }
                });
            }
        }),
    ];
    PAGE.with(|p| {
        *p.borrow_mut() = Some(OptionsPage {
            _listeners: listeners,
        })
    });
    wasm_bindgen_futures::spawn_local(async move {
        let shown = match load_profiles().await {
            Ok(profiles) => render_profiles(&doc, &list, &profiles),
            Err(message) => say(&doc, &list, Tone::Error, &message).map(drop),
        };
        if let Err(error) = shown {
            web_sys::console::error_1(&error);
        }
    });
    Ok(())
}

async fn load_profiles() -> Result<Vec<Profile>, String> {
    let stored = ext::storage_get(&[store::PROFILES_KEY])
        .await
        .map_err(|e| e.to_string())?;
    store::profiles_from_stored(stored.get(store::PROFILES_KEY))
        .map_err(|e| format!("Your saved profiles could not be read: {e}. Importing a document replaces them; the unreadable ones are kept aside in storage first."))
}

fn render_profiles(doc: &Document, list: &Element, profiles: &[Profile]) -> Result<(), JsValue> {
    list.set_text_content(None);
    let mut listeners = Vec::new();
    // The download link always holds the list as stored now.
    if let Some(link) = doc.get_element_by_id("profile-export") {
        let document = profile::export(profiles);
        let href = format!(
            "data:application/json;charset=utf-8,{}",
            String::from(js_sys::encode_uri_component(&document))
        );
        link.set_attribute("href", &href)?;
        link.set_attribute(
            "aria-disabled",
            if profiles.is_empty() { "true" } else { "false" },
        )?;
    }
    if profiles.is_empty() {
        render_first_run(doc, list, &mut listeners)?;
        CARDS.with(|c| *c.borrow_mut() = listeners);
        return Ok(());
    }
    for profile in profiles {
        let card = append(
            list,
            element(
                doc,
                "article",
                &[
                    ("data-testid", "profile"),
                    ("data-profile-id", &profile.id),
                    ("class", "profile"),
                ],
                "",
            )?,
        )?;
        append(&card, element(doc, "h3", &[], &profile.name)?)?;
        let actions = append(&card, element(doc, "div", &[("class", "actions")], "")?)?;
        let edit = button(
            doc,
            &actions,
            "secondary",
            "Edit",
            &[
                ("data-testid", "profile-edit"),
                ("aria-label", &format!("Edit {}", profile.name)),
            ],
        )?;
        listeners.push(EventListener::new(&edit, "click", {
            let (doc, id) = (doc.clone(), profile.id.clone());
            move |_| open_editor(&doc, Some(id.clone()))
        }));
        let duplicate = button(
            doc,
            &actions,
            "secondary",
            "Duplicate",
            &[
                ("data-testid", "profile-duplicate"),
                ("aria-label", &format!("Duplicate {}", profile.name)),
            ],
        )?;
        let delete = button(
            doc,
            &actions,
            "secondary",
            "Delete",
            &[
                ("data-testid", "profile-delete"),
                ("aria-label", &format!("Delete {}", profile.name)),
            ],
        )?;
        for (control, action) in [
            (duplicate, CardAction::Duplicate),
            (delete, CardAction::Delete),
        ] {
            let (doc, list, id) = (doc.clone(), list.clone(), profile.id.clone());
            listeners.push(EventListener::new(&control, "click", move |_| {
                let (doc, list, id) = (doc.clone(), list.clone(), id.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(error) = card_action(&doc, &list, &id, action).await {
                        web_sys::console::error_1(&error);
                    }
                });
            }));
        }
        let preset = profile
            .preset()
            .map_or(profile.preset.as_str(), |p| p.label);
        say(
            doc,
            &card,
            Tone::Note,
            &format!("{preset} · id {}", profile.id),
        )?;
        match profile.values() {
            Ok(values) => {
                if let Some(website) = &values.website_url {
                    append(
                        &card,
                        element(doc, "p", &[], &format!("Website URL: {website}"))?,
                    )?;
                }
                // Per provider where the broker's callback names it.
                let per_provider: Vec<(Provider, Vec<String>)> = Provider::ALL
                    .into_iter()
                    .filter_map(|p| Some((p, profile.values_for(p).ok()?.redirect_uris)))
                    .collect();
                let differ = per_provider
                    .iter()
                    .any(|(_, uris)| *uris != values.redirect_uris);
                let uris = append(&card, element(doc, "ul", &[("class", "uris")], "")?)?;
                for (provider, list) in &per_provider {
                    if !differ && *provider != Provider::Instagram {
                        continue;
                    }
                    for uri in list {
                        let item = append(&uris, element(doc, "li", &[], "")?)?;
                        if differ {
                            item.append_with_str_1(&format!("{}: ", provider.label()))?;
                        }
                        append(&item, element(doc, "code", &[], uri)?)?;
                    }
                }
            }
            Err(problems) => {
                for problem in problems {
                    say(doc, &card, Tone::Error, &problem.to_string())?;
                }
            }
        }
    }
    CARDS.with(|c| *c.borrow_mut() = listeners);
    Ok(())
}

/// What a user with no profile sees: what a profile is, and the two ways
/// to get one.
fn render_first_run(
    doc: &Document,
    list: &Element,
    listeners: &mut Vec<EventListener>,
) -> Result<(), JsValue> {
    let intro = append(
        list,
        element(
            doc,
            "section",
            &[("data-testid", "first-run"), ("class", "first-run")],
            "",
        )?,
    )?;
    append(&intro, element(doc, "p", &[], "A profile is what ClientFill fills for one site: your identity broker (Auth0, Strapi, Keycloak…) and a few of its settings, from which it derives the exact Website URL and redirect URIs each portal asks for. Create one with a form, or import a profiles document you exported before.")?)?;
    let actions = append(&intro, element(doc, "div", &[("class", "actions")], "")?)?;
    let create = button(
        doc,
        &actions,
        "primary",
        "Create a profile",
        &[("data-testid", "first-run-create")],
    )?;
    let import = button(
        doc,
        &actions,
        "secondary",
        "Import",
        &[("data-testid", "first-run-import")],
    )?;
    append(
        &intro,
        element(
            doc,
            "a",
            &[
                ("href", "profiles.html"),
                ("target", "_blank"),
                ("data-testid", "profile-guide"),
            ],
            "How profiles work, and the JSON format",
        )?,
    )?;
    listeners.push(EventListener::new(&create, "click", {
        let doc = doc.clone();
        move |_| open_editor(&doc, None)
    }));
    listeners.push(EventListener::new(&import, "click", {
        let doc = doc.clone();
        move |_| {
            if let Some(area) = doc.get_element_by_id("profile-import") {
                area.scroll_into_view();
                let _ = area.unchecked_ref::<web_sys::HtmlElement>().focus();
            }
        }
    }));
    Ok(())
}

#[derive(Clone, Copy)]
enum CardAction {
    Duplicate,
    Delete,
}

/// Duplicates or deletes a profile in storage and draws the list again; a
/// deletion can be undone from the note it leaves.
async fn card_action(
    doc: &Document,
    list: &Element,
    id: &str,
    action: CardAction,
) -> Result<(), JsValue> {
    let mut removed = None;
    let note = edit_profiles(doc, list, |profiles| match action {
        CardAction::Duplicate => store::duplicate_profile(profiles, id)
            .map(|(next, new_id)| (next, format!("Duplicated as “{new_id}”.")))
            .ok_or("It could not be duplicated: it is gone, or the list is full.".to_owned()),
        CardAction::Delete => store::remove_profile(profiles, id)
            .map(|(next, at, profile)| {
                let message = format!("Deleted “{}”.", profile.name);
                removed = Some((at, profile));
                (next, message)
            })
            .ok_or("It is already gone.".to_owned()),
    })
    .await?;
    // Undo is offered once the deletion is stored, never before.
    let (Some(note), Some(removed)) = (note, removed) else {
        return Ok(());
    };
    DELETED.with(|d| *d.borrow_mut() = Some(removed));
    let undo = button(
        doc,
        &note,
        "secondary",
        "Undo",
        &[("data-testid", "profile-undo")],
    )?;
    let (doc, list) = (doc.clone(), list.clone());
    let listener = EventListener::new(&undo, "click", move |_| {
        let (doc, list) = (doc.clone(), list.clone());
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(error) = undo_delete(&doc, &list).await {
                web_sys::console::error_1(&error);
            }
        });
    });
    CARDS.with(|c| c.borrow_mut().push(listener));
    let _ = undo.unchecked_ref::<web_sys::HtmlElement>().focus();
    Ok(())
}

/// Puts the last deleted profile back where it stood; kept for another try
/// when that could not be stored.
async fn undo_delete(doc: &Document, list: &Element) -> Result<(), JsValue> {
    let Some((at, removed)) = DELETED.with(|d| d.borrow_mut().take()) else {
        return Ok(());
    };
    let restored = removed.clone();
    let note = edit_profiles(doc, list, |profiles| {
        let message = format!("Restored “{}”.", restored.name);
        Ok((store::restore_profile(profiles, at, restored), message))
    })
    .await?;
    if note.is_none() {
        DELETED.with(|d| *d.borrow_mut() = Some((at, removed)));
    }
    Ok(())
}

/// Reads the stored profiles, applies `edit` (the new list and what to say,
/// or why nothing changes), stores the result and draws it. Says in the
/// profiles' feedback area what happened and returns that note, `None` when
/// nothing was stored.
async fn edit_profiles(
    doc: &Document,
    list: &Element,
    edit: impl FnOnce(&[Profile]) -> Result<(Vec<Profile>, String), String>,
) -> Result<Option<Element>, JsValue> {
    let feedback = doc
        .get_element_by_id("profiles-feedback")
        .ok_or_else(|| JsValue::from_str("options page lacks #profiles-feedback"))?;
    feedback.set_text_content(None);
    match store_edit(edit).await {
        Ok((next, message)) => show_stored(doc, list, &next, &message).map(Some),
        Err(message) => say(doc, &feedback, Tone::Error, &message).map(|_| None),
    }
}

/// Reads the stored profiles, applies `edit` and stores the list it makes:
/// that list and what `edit` returned with it, or why nothing was stored.
async fn store_edit<T>(
    edit: impl FnOnce(&[Profile]) -> Result<(Vec<Profile>, T), String>,
) -> Result<(Vec<Profile>, T), String> {
    let profiles = load_profiles().await?;
    let (next, said) = edit(&profiles)?;
    save_profiles(&next).await?;
    Ok((next, said))
}

/// Draws the stored list and says `message` above it; returns the note.
fn show_stored(
    doc: &Document,
    list: &Element,
    profiles: &[Profile],
    message: &str,
) -> Result<Element, JsValue> {
    render_profiles(doc, list, profiles)?;
    let feedback = doc
        .get_element_by_id("profiles-feedback")
        .ok_or_else(|| JsValue::from_str("options page lacks #profiles-feedback"))?;
    feedback.set_text_content(None);
    say(doc, &feedback, Tone::Ok, message)
}

async fn save_profiles(profiles: &[Profile]) -> Result<(), String> {
    let item = serde_json::json!({ store::PROFILES_KEY: store::profiles_to_value(profiles) });
    ext::storage_set(&item)
        .await
        .map_err(|error| format!("The profiles could not be saved: {error}"))
}

/// Where an imported document came from.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// The text box, whose bad line is selected.
    Pasted(&'a HtmlTextAreaElement),
    /// A chosen file, by name.
    File(&'a str),
}

async fn import_profiles(
    doc: &Document,
    list: &Element,
    feedback: &Element,
    json: &str,
    source: Source<'_>,
) -> Result<(), JsValue> {
    feedback.set_text_content(None);
    match save_import(json).await {
        Ok((merged, summary)) => {
            append(
                feedback,
                element(
                    doc,
                    "p",
                    &[("class", "ok"), ("role", "status")],
                    &format!(
                        "Imported: {} added, {} replaced.",
                        summary.added.len(),
                        summary.replaced.len()
                    ),
                )?,
            )?;
            render_profiles(doc, list, &merged)
        }
        Err(problems) => {
            let error = append(
                feedback,
                element(
                    doc,
                    "div",
                    &[
                        ("data-testid", "profile-import-error"),
                        ("role", "alert"),
                        ("class", "error"),
                    ],
                    "",
                )?,
            )?;
            let count = problems.len();
            let from = match source {
                Source::File(name) => format!(" from “{name}”"),
                Source::Pasted(_) => String::new(),
            };
            let heading = match count {
                1 => format!("Nothing was imported{from}:"),
                _ => format!("Nothing was imported{from}: {count} problems found."),
            };
            append(&error, element(doc, "p", &[], &heading)?)?;
            let items = append(&error, element(doc, "ul", &[], "")?)?;
            for problem in problems {
                append(&items, element(doc, "li", &[], &problem)?)?;
            }
            if let Some(spot) = profile::syntax_spot(json) {
                mark_spot(doc, &error, &spot, source)?;
            }
            Ok(())
        }
    }
}

/// Validates, merges and stores an imported document; any problem leaves the
/// stored profiles as they were and is returned, one message each.
async fn save_import(json: &str) -> Result<(Vec<Profile>, store::ImportSummary), Vec<String>> {
    let imported = profile::import(json)
        .map_err(|problems| problems.iter().map(|p| p.to_string()).collect::<Vec<_>>())?;
    let stored = ext::storage_get(&[store::PROFILES_KEY])
        .await
        .map_err(|error| vec![error.to_string()])?;
    let mut items = serde_json::Map::new();
    let existing = match store::profiles_from_stored(stored.get(store::PROFILES_KEY)) {
        Ok(existing) => existing,
        // Unreadable profiles are kept aside under a key of their own, so the
        // import can go ahead without losing them.
        Err(_) => {
            if let Some(raw) = stored.get(store::PROFILES_KEY) {
                items.insert(store::profiles_backup_key(ext::now_ms()), raw.clone());
            }
            Vec::new()
        }
    };
    let (merged, summary) =
        store::merge_import(&existing, imported).map_err(|error| vec![error.to_string()])?;
    items.insert(
        store::PROFILES_KEY.to_owned(),
        store::profiles_to_value(&merged),
    );
    ext::storage_set(&serde_json::Value::Object(items))
        .await
        .map_err(|error| vec![format!("The profiles could not be saved: {error}")])?;
    Ok((merged, summary))
}

/// Shows the line where the document stops being JSON, with a caret under
/// the column, and selects that line in the text box it came from.
fn mark_spot(
    doc: &Document,
    error: &Element,
    spot: &profile::SyntaxSpot,
    source: Source<'_>,
) -> Result<(), JsValue> {
    let gutter = format!("{} | ", spot.line);
    let caret = " ".repeat(gutter.chars().count() + spot.column.saturating_sub(1));
    append(
        error,
        element(
            doc,
            "pre",
            &[("data-testid", "profile-import-line"), ("class", "spot")],
            &format!("{gutter}{}\n{caret}^", spot.text),
        )?,
    )?;
    if let Source::Pasted(area) = source {
        let value = area.value();
        // Selection offsets are UTF-16 units.
        let start: usize = value
            .split('\n')
            .take(spot.line - 1)
            .map(|l| l.encode_utf16().count() + 1)
            .sum();
        let end = start + spot.text.encode_utf16().count();
        let _ = area.focus();
        area.set_selection_range(start as u32, end as u32)?;
    }
    Ok(())
}

/// Opens the profile form for a new profile (`editing` `None`) or the
/// stored profile `editing`.
fn open_editor(doc: &Document, editing: Option<String>) {
    let doc = doc.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = show_editor(&doc, editing).await {
            web_sys::console::error_1(&error);
        }
    });
}

async fn show_editor(doc: &Document, editing: Option<String>) -> Result<(), JsValue> {
    let (Some(host), Some(list)) = (
        doc.get_element_by_id("editor"),
        doc.get_element_by_id("profiles"),
    ) else {
        return Ok(());
    };
    let profiles = match load_profiles().await {
        Ok(profiles) => profiles,
        Err(message) => {
            host.set_text_content(None);
            return say(doc, &host, Tone::Error, &message).map(drop);
        }
    };
    let draft = match &editing {
        Some(id) => match profiles.iter().find(|p| &p.id == id) {
            Some(profile) => Draft::from_profile(profile),
            None => {
                host.set_text_content(None);
                return say(doc, &host, Tone::Error, "That profile is gone.").map(drop);
            }
        },
        None => Draft::new(PRESETS[0].id),
    };
    let taken = profiles.iter().map(|p| p.id.clone()).collect();
    let on_save: editor::OnSave = {
        let (doc, list, host) = (doc.clone(), list.clone(), host.clone());
        Rc::new(move |draft: Draft| {
            let (doc, list, host) = (doc.clone(), list.clone(), host.clone());
            Box::pin(async move { save_draft(&doc, &list, &host, &draft).await })
        })
    };
    editor::open(doc, &host, draft, taken, on_save)
}

/// Stores the form's profile (in place of the one it edits, else last) and
/// closes the form; the stored ids are read again, so a new profile's id is
/// free even if another page added one meanwhile.
async fn save_draft(
    doc: &Document,
    list: &Element,
    host: &Element,
    draft: &Draft,
) -> Result<(), String> {
    let (next, (name, id)) = store_edit(|profiles| {
        let taken: Vec<&str> = profiles.iter().map(|p| p.id.as_str()).collect();
        let profile = draft.to_profile(&taken);
        let said = (profile.name.clone(), profile.id.clone());
        let next = store::put_profile(profiles, profile).ok_or(format!(
            "Nothing was saved: the list is full ({} profiles).",
            profile::MAX_PROFILES
        ))?;
        Ok((next, said))
    })
    .await?;
    editor::close();
    host.set_text_content(None);
    let shown = (|| -> Result<(), JsValue> {
        show_stored(doc, list, &next, &format!("Saved “{name}”."))?;
        // Focus goes to what was saved.
        let edit = list.query_selector(&format!(
            "[data-profile-id=\"{id}\"] [data-testid=profile-edit]"
        ))?;
        if let Some(edit) = edit {
            let _ = edit.unchecked_ref::<web_sys::HtmlElement>().focus();
        }
        Ok(())
    })();
    shown.map_err(|error| dom::describe_error(&error))
}
