//! The toolbar popup: what the content script found in the target tab, the
//! profile picker and Fill, and the captured clients.
//!
//! `popup.html?tab=<id>` targets that tab, otherwise the active tab: this and
//! the `data-testid`s here are the public automation surface (README).

use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlInputElement, HtmlSelectElement};

use clientfill_core::capture::{self, CapturedClient};
use clientfill_core::checklist::{self, StepState};
use clientfill_core::display::visible;
use clientfill_core::export;
use clientfill_core::fill::FillOptions;
use clientfill_core::messages::{BackgroundRequest, ContentState, Engine, FillResult};
use clientfill_core::page::PageKind;
use clientfill_core::portal::Portal;
use clientfill_core::profile::Profile;
use clientfill_core::store;
use clientfill_web::dom::{self, append, button, element, say, Tone};
use clientfill_web::ext;

use crate::filling;

/// How long a copy button says "Copied" before it names its action again.
const COPIED_MS: u32 = 2000;

/// Entry point of the popup page.
#[wasm_bindgen]
pub fn start_popup() -> Result<(), JsValue> {
    let doc = dom::document()?;
    let status = doc
        .get_element_by_id("status")
        .ok_or_else(|| JsValue::from_str("popup.html lacks #status"))?;
    let requested_tab = requested_tab(&doc)?;
    wasm_bindgen_futures::spawn_local(async move {
        let state = match requested_tab {
            Ok(Some(tab)) => Ok((tab, filling::page_state(tab).await)),
            Ok(None) => match ext::active_tab_id().await {
                Ok(Some(tab)) => Ok((tab, filling::page_state(tab).await)),
                Ok(None) => Err("There is no active tab.".to_owned()),
                Err(error) => Err(format!("The active tab could not be found: {error}")),
            },
            Err(message) => Err(message),
        };
        let access = ext::has_host_access().await.unwrap_or(true);
        // Portals ClientFill may run on once the user turns them on: the
        // page's own when the browser shows its address, else every one
        // that is off.
        let mut site_off = Vec::new();
        if let Ok((tab, Err(_))) = &state {
            let url = ext::tab_url(*tab).await.ok().flatten();
            let sites: Vec<&'static clientfill_core::access::SiteAccess> = match &url {
                Some(url) => clientfill_core::access::for_url(url).into_iter().collect(),
                None => clientfill_core::access::OPTIONAL.iter().collect(),
            };
            for site in sites {
                if !ext::has_origins(site.patterns).await.unwrap_or(true) {
                    site_off.push(site);
                }
            }
        }
        // Why the background could not store captures lately, if it could not.
        let write_error = ext::ask_background::<_, serde_json::Value>(&BackgroundRequest::Status)
            .await
            .ok()
            .and_then(|status| status.get("writeError")?.as_str().map(str::to_owned));
        let stored = ext::storage_get(&[
            store::PROFILES_KEY,
            store::CLIENTS_KEY,
            store::SELECTED_PROFILE_KEY,
            store::SELECTED_BY_PORTAL_KEY,
        ])
        .await;
        if let Err(error) = render(&doc, &status, state, stored, access, write_error, site_off) {
            web_sys::console::error_2(&"ClientFill popup:".into(), &error);
        }
    });
    Ok(())
}

/// `Ok(None)` when no tab was named; `Err` when the parameter is not a tab id.
fn requested_tab(doc: &Document) -> Result<Result<Option<i32>, String>, JsValue> {
    let search = doc
        .location()
        .map(|l| l.search())
        .transpose()?
        .unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search)?;
    Ok(match params.get("tab") {
        None => Ok(None),
        Some(raw) => raw
            .parse::<i32>()
            .map(Some)
            .map_err(|_| format!("“{raw}” is not a tab id.")),
    })
}

type TabState = Result<(i32, Result<ContentState, ext::ExtError>), String>;
type Stored = ext::Result<serde_json::Map<String, serde_json::Value>>;

/// What the popup keeps alive: its listeners.
struct Popup {
    _listeners: Vec<EventListener>,
    /// The captured-clients list's own listeners, replaced when it is redrawn.
    client_listeners: Vec<EventListener>,
    _storage: ext::StorageListener,
}

thread_local! {
    static POPUP: std::cell::RefCell<Option<Popup>> = const { std::cell::RefCell::new(None) };
}

fn render(
    doc: &Document,
    status: &Element,
    state: TabState,
    stored: Stored,
    access: bool,
    write_error: Option<String>,
    site_off: Vec<&'static clientfill_core::access::SiteAccess>,
) -> Result<(), JsValue> {
    status.set_text_content(None);
    if let Some(error) = write_error {
        say(
            doc,
            status,
            Tone::Error,
            &format!("Captured clients are not being saved: {error}"),
        )?
        .set_attribute("data-testid", "store-error")?;
    }
    let mut listeners = Vec::new();
    if !access {
        render_access_request(doc, status, &mut listeners)?;
    }
    let (kind, detail) = match &state {
        Ok((_, Ok(state))) => (state.kind, None),
        // No content script answers on pages outside the portals.
        Ok((_, Err(_))) => (
            PageKind::None,
            Some("ClientFill does not run on this page.".to_owned()),
        ),
        Err(message) => (PageKind::None, Some(message.clone())),
    };
    let kind_box = append(
        status,
        element(
            doc,
            "p",
            &[
                ("data-testid", "page-kind"),
                ("data-kind", kind.as_str()),
                ("class", "page-kind"),
            ],
            kind.description(),
        )?,
    )?;
    drop(kind_box);
    if let Some(detail) = detail {
        say(doc, status, Tone::Note, &detail)?;
    }
    if !site_off.is_empty() {
        render_site_request(doc, status, &site_off, &mut listeners)?;
    }
    if let Ok((_, Ok(state))) = &state {
        let label = match state.engine {
            Engine::Wasm => "Page script: WebAssembly build",
            Engine::Js => {
                "Page script: JavaScript build (this site's security policy blocks WebAssembly)"
            }
        };
        append(
            status,
            element(
                doc,
                "p",
                &[
                    ("data-testid", "content-engine"),
                    ("data-engine", state.engine.as_str()),
                    ("class", "engine"),
                ],
                label,
            )?,
        )?;
    }

    let stored = match stored {
        Ok(stored) => stored,
        Err(error) => {
            say(
                doc,
                status,
                Tone::Error,
                &format!("Your saved data could not be read: {error}"),
            )?;
            serde_json::Map::new()
        }
    };
    let profiles = match store::profiles_from_stored(stored.get(store::PROFILES_KEY)) {
        Ok(profiles) => profiles,
        Err(error) => {
            say(
                doc,
                status,
                Tone::Error,
                &format!(
                    "Your profiles could not be read: {error}. Open the options to repair them."
                ),
            )?;
            Vec::new()
        }
    };
    if let Some(provider) = kind
        .provider()
        .filter(|_| kind.portal() == Some(Portal::Meta))
    {
        say(
            doc,
            status,
            Tone::Note,
            &format!(
                "Redirect URIs are filled for {} login; press the page's own Save afterwards.",
                provider.label()
            ),
        )?;
    }
    // Read once: the checklist and the list of clients both show it.
    let parsed = store::ClientStore::from_stored(stored.get(store::CLIENTS_KEY));
    let known = Rc::new(std::cell::RefCell::new(clients_of(&parsed)));
    if let Ok((
        _,
        Ok(ContentState {
            page_text: Some(text),
            url,
            ..
        }),
    )) = &state
    {
        if let Some(found) = clientfill_core::doctor::diagnose_page(url, text, &known.borrow()) {
            render_doctor(doc, status, &found)?;
        }
    }
    if let (Ok((tab, Ok(_))), true) = (&state, kind.is_fillable()) {
        render_fill(
            doc,
            status,
            *tab,
            kind,
            profiles.clone(),
            Choices {
                last: stored.get(store::SELECTED_PROFILE_KEY).cloned(),
                by_portal: stored.get(store::SELECTED_BY_PORTAL_KEY).cloned(),
                known: known.clone(),
            },
            &mut listeners,
        )?;
    } else if profiles.is_empty() {
        render_no_profiles(doc, status, &mut listeners)?;
    }
    // Outside the list, which is redrawn: the note of a removal and its Undo.
    append(
        status,
        element(
            doc,
            "div",
            &[("id", "client-feedback"), ("aria-live", "polite")],
            "",
        )?,
    )?;
    let clients = append(status, element(doc, "div", &[("aria-live", "polite")], "")?)?;
    let mut client_listeners = Vec::new();
    render_clients(doc, &clients, &parsed, &profiles, &mut client_listeners)?;
    // Clients are captured in the page while the popup may already be open:
    // the list and the checklist are redrawn whenever the stored clients
    // change.
    let storage = ext::StorageListener::new({
        let doc = doc.clone();
        move |key, value| {
            if key != store::CLIENTS_KEY {
                return;
            }
            clients.set_text_content(None);
            let parsed = store::ClientStore::from_stored(value.as_ref());
            *known.borrow_mut() = clients_of(&parsed);
            if let Err(error) = render_notes(&doc, kind, &profiles, &known.borrow()) {
                web_sys::console::error_1(&error);
            }
            let mut redrawn = Vec::new();
            if let Err(error) = render_clients(&doc, &clients, &parsed, &profiles, &mut redrawn) {
                web_sys::console::error_1(&error);
            }
            POPUP.with(|p| {
                if let Some(popup) = p.borrow_mut().as_mut() {
                    popup.client_listeners = redrawn;
                }
            });
        }
    });
    POPUP.with(|p| {
        *p.borrow_mut() = Some(Popup {
            _listeners: listeners,
            client_listeners,
            _storage: storage,
        })
    });
    Ok(())
}

/// Without access to the portals no content script runs there: say so, and
/// ask within the click.
fn render_access_request(
    doc: &Document,
    parent: &Element,
    listeners: &mut Vec<EventListener>,
) -> Result<(), JsValue> {
    let note = say(
        doc,
        parent,
        Tone::Warning,
        "ClientFill is not allowed on the developer portals yet, so it cannot read or fill them.",
    )?;
    let button = button(
        doc,
        parent,
        "primary",
        "Allow on the developer portals",
        &[("data-testid", "grant-access")],
    )?;
    listeners.push(EventListener::new(&button, "click", move |_| {
        let asked = ext::request_host_access();
        let note = note.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let text = match asked.await {
                Ok(true) => "Allowed. Reload the portal page to start.",
                Ok(false) => "Not allowed: ClientFill stays off the portals.",
                Err(_) => "The browser did not ask; allow ClientFill in the extension's settings.",
            };
            note.set_text_content(Some(text));
        });
    }));
    Ok(())
}

/// The doctor's report on a login error page: what the login sent, what
/// is registered, and what to change where.
fn render_doctor(
    doc: &Document,
    parent: &Element,
    found: &clientfill_core::doctor::LoginDiagnosis,
) -> Result<(), JsValue> {
    let section = append(
        parent,
        element(
            doc,
            "section",
            &[
                ("class", "doctor"),
                ("data-testid", "doctor"),
                ("data-verdict", found.verdict.as_str()),
                ("aria-labelledby", "doctor-title"),
            ],
            "",
        )?,
    )?;
    append(
        &section,
        element(
            doc,
            "h2",
            &[("id", "doctor-title"), ("data-testid", "doctor-title")],
            &found.title,
        )?,
    )?;
    let facts = append(&section, element(doc, "ul", &[], "")?)?;
    for line in &found.lines {
        append(&facts, element(doc, "li", &[], line)?)?;
    }
    say(doc, &section, Tone::Warning, &found.fix)?.set_attribute("data-testid", "doctor-fix")?;
    if let Some(url) = found
        .settings_url
        .as_deref()
        .filter(|u| u.starts_with("https://"))
    {
        append(
            &section,
            element(
                doc,
                "a",
                &[
                    ("class", "button primary"),
                    ("href", url),
                    ("target", "_blank"),
                    ("rel", "noopener noreferrer"),
                    ("data-testid", "doctor-open-settings"),
                ],
                "Open the client's settings",
            )?,
        )?;
    }
    Ok(())
}

/// Portals the user has not turned on (this page's, or every one when the
/// browser does not show the address): one click asks the browser for
/// exactly a site's pages.
fn render_site_request(
    doc: &Document,
    parent: &Element,
    sites: &[&'static clientfill_core::access::SiteAccess],
    listeners: &mut Vec<EventListener>,
) -> Result<(), JsValue> {
    let text = match sites {
        [site] => format!(
            "ClientFill is off on {}. {} Turn it on to use it here (the browser asks for these pages only: {}).",
            site.label,
            site.why,
            site.patterns.join(", ")
        ),
        _ => "Registering on another portal? Turn it on here or in the options; the browser asks for its pages only.".to_owned(),
    };
    let note = say(doc, parent, Tone::Note, &text)?;
    note.set_attribute("data-testid", "site-off")?;
    let actions = append(parent, element(doc, "div", &[("class", "actions")], "")?)?;
    for site in sites {
        render_site_button(doc, &actions, site, &note, listeners)?;
    }
    Ok(())
}

fn render_site_button(
    doc: &Document,
    parent: &Element,
    site: &'static clientfill_core::access::SiteAccess,
    note: &Element,
    listeners: &mut Vec<EventListener>,
) -> Result<(), JsValue> {
    let button = button(
        doc,
        parent,
        "secondary",
        &format!("Turn on {}", site.label),
        &[
            ("data-testid", "site-access-request"),
            ("data-access", site.id),
        ],
    )?;
    let note = note.clone();
    listeners.push(EventListener::new(&button, "click", move |_| {
        // Asked within the click: the browser requires a user gesture.
        let asked = ext::request_origins(site.patterns);
        let note = note.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let text = match asked.await {
                Ok(true) => "Turned on. Reload the page to start.",
                Ok(false) => "Not allowed: ClientFill stays off here.",
                Err(_) => "The browser did not ask; allow ClientFill on these pages in the extension's settings.",
            };
            note.set_text_content(Some(text));
            let _ = note.set_attribute("data-state", "answered");
        });
    }));
    Ok(())
}

fn render_no_profiles(
    doc: &Document,
    parent: &Element,
    listeners: &mut Vec<EventListener>,
) -> Result<(), JsValue> {
    say(
        doc,
        parent,
        Tone::Note,
        "No profiles yet. Add one for your identity broker in the options.",
    )?;
    let open = button(doc, parent, "secondary", "Open options", &[])?;
    listeners.push(EventListener::new(&open, "click", |_| {
        wasm_bindgen_futures::spawn_local(async {
            if let Err(error) = ext::open_options_page().await {
                web_sys::console::error_1(&error.to_string().into());
            }
        });
    }));
    Ok(())
}

/// The stored profile choices, as read when the popup opened, and the
/// captured clients as they are now (for the checklist).
struct Choices {
    /// `selectedProfile`: the last one anywhere.
    last: Option<serde_json::Value>,
    /// `selectedProfileByPortal`.
    by_portal: Option<serde_json::Value>,
    /// The stored clients, kept current by the popup's storage listener.
    known: Rc<std::cell::RefCell<Vec<CapturedClient>>>,
}

fn render_fill(
    doc: &Document,
    parent: &Element,
    tab: i32,
    kind: PageKind,
    profiles: Vec<Profile>,
    choices: Choices,
    listeners: &mut Vec<EventListener>,
) -> Result<(), JsValue> {
    // The profile last chosen on this portal, else the last one anywhere.
    if profiles.is_empty() {
        return render_no_profiles(doc, parent, listeners);
    }
    let form = append(parent, element(doc, "div", &[("class", "fill")], "")?)?;
    let label = append(
        &form,
        element(doc, "label", &[("for", "profile")], "Profile")?,
    )?;
    drop(label);
    let select: HtmlSelectElement = append(
        &form,
        element(
            doc,
            "select",
            &[("id", "profile"), ("data-testid", "profile-select")],
            "",
        )?,
    )?
    .unchecked_into();
    for profile in &profiles {
        let option = element(doc, "option", &[("value", &profile.id)], &profile.name)?;
        select.append_child(&option)?;
    }
    // The one the keyboard shortcut fills with too.
    let offered = kind.portal().and_then(|portal| {
        store::offered_profile(
            &profiles,
            choices.by_portal.as_ref(),
            choices.last.as_ref(),
            portal,
        )
    });
    if let Some(offered) = offered {
        select.set_value(&offered.id);
    }
    let overwrite_label = append(&form, element(doc, "label", &[("class", "check")], "")?)?;
    let overwrite: HtmlInputElement = append(
        &overwrite_label,
        element(
            doc,
            "input",
            &[
                ("type", "checkbox"),
                ("id", "overwrite"),
                ("data-testid", "overwrite"),
            ],
            "",
        )?,
    )?
    .unchecked_into();
    overwrite_label.append_with_str_1(" Overwrite fields that already have another value")?;
    let button = button(
        doc,
        &form,
        "primary",
        "Fill this form",
        &[("data-testid", "fill")],
    )?;
    // What the chosen profile lacks here, and what is left on this portal.
    append(
        parent,
        element(
            doc,
            "div",
            &[("id", "profile-notes"), ("aria-live", "polite")],
            "",
        )?,
    )?;
    let known = choices.known;
    render_notes(doc, kind, &profiles, &known.borrow())?;
    let result = append(
        parent,
        element(
            doc,
            "section",
            &[
                ("data-testid", "fill-result"),
                ("aria-live", "polite"),
                ("class", "fill-result"),
            ],
            "",
        )?,
    )?;

    // The choices as read when the popup opened, kept up to date here: the
    // write starts at the change itself, with no read first, so a popup
    // closed right after the choice still stores it.
    let by_portal = Rc::new(std::cell::RefCell::new(choices.by_portal));
    listeners.push(EventListener::new(&select, "change", {
        let (select, doc, profiles) = (select.clone(), doc.clone(), profiles.clone());
        move |_| {
            if let Err(error) = render_notes(&doc, kind, &profiles, &known.borrow()) {
                web_sys::console::error_1(&error);
            }
            let Some(portal) = kind.portal() else {
                return;
            };
            let item = store::select_profile(by_portal.borrow().as_ref(), portal, &select.value());
            *by_portal.borrow_mut() = item.get(store::SELECTED_BY_PORTAL_KEY).cloned();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(error) = ext::storage_set(&item).await {
                    web_sys::console::warn_1(&error.to_string().into());
                }
            });
        }
    }));
    let profiles = Rc::new(profiles);
    let doc = doc.clone();
    let button_el = button.clone();
    listeners.push(EventListener::new(&button, "click", move |_| {
        let Some(profile) = profiles.iter().find(|p| p.id == select.value()).cloned() else {
            return;
        };
        let options = FillOptions {
            overwrite: overwrite.checked(),
        };
        let (doc, result, button) = (doc.clone(), result.clone(), button_el.clone());
        let _ = button.set_attribute("disabled", "");
        result.set_text_content(Some("Filling…"));
        wasm_bindgen_futures::spawn_local(async move {
            let reply = filling::fill_tab(tab, kind, &profile, options).await;
            let _ = button.remove_attribute("disabled");
            if let Err(error) = render_fill_result(&doc, &result, reply) {
                web_sys::console::error_1(&error);
            }
            // Keyboard and screen-reader users land on what the fill did.
            let _ = result.set_attribute("tabindex", "-1");
            let _ = result.unchecked_ref::<web_sys::HtmlElement>().focus();
        });
    }));
    Ok(())
}

/// Under the profile picker: the fields this page's form requires that the
/// chosen profile lacks (before the user submits), and the portal's
/// checklist for it.
fn render_notes(
    doc: &Document,
    kind: PageKind,
    profiles: &[Profile],
    clients: &[CapturedClient],
) -> Result<(), JsValue> {
    let Some(host) = doc.get_element_by_id("profile-notes") else {
        return Ok(());
    };
    host.set_text_content(None);
    let chosen = doc
        .get_element_by_id("profile")
        .map(|s| s.unchecked_into::<HtmlSelectElement>().value());
    let Some(profile) = chosen.and_then(|id| profiles.iter().find(|p| p.id == id)) else {
        return Ok(());
    };
    let provider = kind.provider().unwrap_or_default();
    if !profile.supports(provider) {
        if let Some(preset) = profile.preset() {
            // Said before Fill: the broker would never send a URI for it.
            say(
                doc,
                &host,
                Tone::Warning,
                &clientfill_core::profile::unsupported(preset, provider),
            )?
            .set_attribute("data-testid", "profile-unsupported")?;
        }
        return Ok(());
    }
    if let Ok(values) = profile.values_for(provider) {
        let missing = checklist::missing_before_submit(kind, &values);
        if !missing.is_empty() {
            say(
                doc,
                &host,
                Tone::Warning,
                &format!(
                    "“{}” has no {}, which this form requires: add it in the options before you submit.",
                    profile.name,
                    missing.join(", ")
                ),
            )?
            .set_attribute("data-testid", "profile-missing")?;
        }
    }
    let steps = checklist::steps(kind, profile, clients);
    if steps.is_empty() {
        return Ok(());
    }
    let section = append(
        &host,
        element(
            doc,
            "section",
            &[("data-testid", "checklist"), ("class", "checklist")],
            "",
        )?,
    )?;
    append(
        &section,
        element(doc, "h2", &[], "Left to do on this portal")?,
    )?;
    let list = append(&section, element(doc, "ul", &[], "")?)?;
    for step in steps {
        let item = append(
            &list,
            element(
                doc,
                "li",
                &[("data-step", step.key), ("data-state", step.state.as_str())],
                "",
            )?,
        )?;
        let (mark, said) = match step.state {
            StepState::Done => ("✓", "Done: "),
            StepState::Todo => ("○", "To do: "),
            StepState::Check => ("?", "Check on the portal: "),
        };
        append(
            &item,
            element(
                doc,
                "span",
                &[("class", "mark"), ("aria-hidden", "true")],
                mark,
            )?,
        )?;
        append(
            &item,
            element(doc, "span", &[("class", "visually-hidden")], said)?,
        )?;
        item.append_with_str_1(&step.text)?;
    }
    Ok(())
}

fn render_fill_result(
    doc: &Document,
    result: &Element,
    reply: ext::Result<FillResult>,
) -> Result<(), JsValue> {
    result.set_text_content(None);
    let reply = match reply {
        Ok(reply) => reply,
        Err(error) => {
            say(
                doc,
                result,
                Tone::Error,
                &format!("The page could not be filled: {error}"),
            )?;
            return Ok(());
        }
    };
    let list = append(result, element(doc, "ul", &[("class", "lines")], "")?)?;
    for line in &reply.lines {
        let item = append(
            &list,
            element(
                doc,
                "li",
                &[
                    ("data-outcome", line.outcome.as_str()),
                    ("data-field", &line.field),
                ],
                "",
            )?,
        )?;
        append(&item, element(doc, "strong", &[], &line.field)?)?;
        item.append_with_str_1(" — ")?;
        append(&item, element(doc, "bdi", &[], &visible(&line.detail))?)?;
    }
    for error in &reply.errors {
        say(doc, result, Tone::Error, &visible(error))?.set_attribute("data-testid", "warning")?;
    }
    for warning in &reply.warnings {
        say(doc, result, Tone::Warning, &visible(warning))?
            .set_attribute("data-testid", "warning")?;
    }
    Ok(())
}

/// The captured clients of a stored list; none when it cannot be read
/// (the list says why).
fn clients_of(parsed: &Result<store::ClientStore, store::StoreError>) -> Vec<CapturedClient> {
    parsed
        .as_ref()
        .map(|s| s.clients.clone())
        .unwrap_or_default()
}

fn render_clients(
    doc: &Document,
    parent: &Element,
    parsed: &Result<store::ClientStore, store::StoreError>,
    profiles: &[Profile],
    listeners: &mut Vec<EventListener>,
) -> Result<(), JsValue> {
    let clients = match parsed {
        Ok(store) => &store.clients,
        Err(error @ store::StoreError::NewerClients { .. }) => {
            say(
                doc,
                parent,
                Tone::Error,
                &format!("{error} They are kept as they are."),
            )?;
            return Ok(());
        }
        Err(error) => {
            say(
                doc,
                parent,
                Tone::Error,
                &format!("{error} The list is kept aside when the next client is captured."),
            )?;
            return Ok(());
        }
    };
    if clients.is_empty() {
        return Ok(());
    }
    let section = append(
        parent,
        element(doc, "section", &[("class", "clients")], "")?,
    )?;
    append(&section, element(doc, "h2", &[], "Captured clients")?)?;
    let mut newest_first: Vec<&CapturedClient> = clients.iter().collect();
    newest_first.sort_by_key(|c| std::cmp::Reverse(c.captured_at));
    for portal in Portal::ALL {
        let of_portal: Vec<&&CapturedClient> =
            newest_first.iter().filter(|c| c.portal == portal).collect();
        if of_portal.is_empty() {
            continue;
        }
        let group = append(
            &section,
            element(
                doc,
                "section",
                &[
                    ("data-testid", "client-group"),
                    ("data-portal", portal.as_str()),
                ],
                "",
            )?,
        )?;
        append(&group, element(doc, "h3", &[], portal.label())?)?;
        let list = append(&group, element(doc, "ul", &[], "")?)?;
        for client in of_portal {
            render_client(doc, &list, client, profiles, listeners)?;
        }
    }
    // What a broker's settings need from the portal, for every client at once
    // (never a secret: none is stored).
    let export = serde_json::to_string_pretty(&newest_first).unwrap_or_default();
    copy_button(
        doc,
        &section,
        "Copy all as JSON",
        "Copy every captured client as JSON",
        export,
        &[("data-testid", "export-clients")],
        listeners,
    )?;
    Ok(())
}

/// A button that copies `text` and says whether it worked.
/// The client as each broker takes it, behind a disclosure: the text, Copy,
/// and where the portal shows the secret its placeholder stands for.
fn render_exports(
    doc: &Document,
    item: &Element,
    client: &CapturedClient,
    profile: Option<&Profile>,
    listeners: &mut Vec<EventListener>,
) -> Result<(), JsValue> {
    let exports = export::exports(client, profile);
    let provider = client.id_kind().provider();
    let refused: Vec<(export::Target, String)> = export::Target::ALL
        .into_iter()
        .filter_map(|t| Some((t, export::unsupported(t, provider)?)))
        .collect();
    if exports.is_empty() && refused.is_empty() {
        return Ok(());
    }
    let details = append(
        item,
        element(
            doc,
            "details",
            &[("class", "exports"), ("data-testid", "exports")],
            "",
        )?,
    )?;
    append(
        &details,
        element(doc, "summary", &[], "Export for the broker")?,
    )?;
    for export in &exports {
        let target = export.target.as_str();
        let block = append(
            &details,
            element(
                doc,
                "section",
                &[("data-testid", "broker-export"), ("data-target", target)],
                "",
            )?,
        )?;
        append(
            &block,
            element(
                doc,
                "h3",
                &[],
                &format!("{}: {}", export.target.label(), export.title),
            )?,
        )?;
        append(
            &block,
            element(doc, "pre", &[("data-testid", "export-text")], &export.text)?,
        )?;
        copy_button(
            doc,
            &block,
            &format!("Copy for {}", export.target.label()),
            &format!(
                "Copy the {} text for {}",
                export.target.label(),
                client.app_name
            ),
            export.text.clone(),
            &[("data-testid", "copy-export"), ("data-target", target)],
            listeners,
        )?;
        if let Some(secret) = &export.secret {
            say(
                doc,
                &block,
                Tone::Note,
                &format!("Not included: the secret. {secret}"),
            )?;
        }
    }
    // Why a broker has no button here, rather than a silent gap.
    for (target, why) in refused {
        let note = say(
            doc,
            &details,
            Tone::Note,
            &format!("No {} export: {why}", target.label()),
        )?;
        note.set_attribute("data-testid", "export-unsupported")?;
        note.set_attribute("data-target", target.as_str())?;
    }
    Ok(())
}

fn copy_button(
    doc: &Document,
    parent: &Element,
    label: &str,
    description: &str,
    text: String,
    extra: &[(&str, &str)],
    listeners: &mut Vec<EventListener>,
) -> Result<(), JsValue> {
    let mut attributes = vec![("aria-label", description)];
    attributes.extend_from_slice(extra);
    let button = button(doc, parent, "secondary", label, &attributes)?;
    let target = button.clone();
    let label = label.to_owned();
    listeners.push(EventListener::new(&button, "click", move |_| {
        let (text, button, label) = (text.clone(), target.clone(), label.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let result = match ext::copy_text(&text).await {
                Ok(()) => "Copied",
                Err(_) => "Copy failed",
            };
            button.set_text_content(Some(result));
            // The button says what it does again, for the next copy.
            gloo_timers::future::TimeoutFuture::new(COPIED_MS).await;
            button.set_text_content(Some(&label));
        });
    }));
    Ok(())
}

fn render_client(
    doc: &Document,
    list: &Element,
    client: &CapturedClient,
    profiles: &[Profile],
    listeners: &mut Vec<EventListener>,
) -> Result<(), JsValue> {
    let item = append(
        list,
        element(
            doc,
            "li",
            &[
                ("data-testid", "client"),
                ("data-client-id", &client.client_id),
                ("data-id-kind", client.id_kind().as_str()),
            ],
            "",
        )?,
    )?;
    if let Some(gone) = client.gone_at {
        item.set_attribute("data-gone", "true")?;
        let date = |ms: u64| {
            String::from(
                js_sys::Date::new(&JsValue::from_f64(ms as f64))
                    .to_locale_string("en", &JsValue::UNDEFINED),
            )
        };
        say(
            doc,
            &item,
            Tone::Warning,
            &format!(
                "Gone: the portal's list no longer shows this client (since {}; last seen {}). Do not use this id.",
                date(gone),
                date(client.captured_at)
            ),
        )?;
    }
    let id_label = client.id_kind().label();
    let head = append(&item, element(doc, "div", &[("class", "client-head")], "")?)?;
    // Page text: its hidden characters shown, and isolated from what is
    // around it.
    let name = append(&head, element(doc, "strong", &[], "")?)?;
    append(&name, element(doc, "bdi", &[], &visible(&client.app_name))?)?;
    append(
        &head,
        element(
            doc,
            "span",
            &[("class", "id-label")],
            &format!("{id_label}:"),
        )?,
    )?;
    append(
        &head,
        element(doc, "code", &[("class", "client-id")], &client.client_id)?,
    )?;
    copy_button(
        doc,
        &head,
        "Copy ID",
        &format!("Copy the {id_label} of {}", client.app_name),
        client.client_id.clone(),
        &[],
        listeners,
    )?;
    let remove = button(
        doc,
        &head,
        "secondary",
        "Remove",
        &[
            ("data-testid", "client-remove"),
            (
                "aria-label",
                &format!(
                    "Remove {} ({id_label} {})",
                    client.app_name, client.client_id
                ),
            ),
        ],
    )?;
    listeners.push(EventListener::new(&remove, "click", {
        let (doc, client) = (doc.clone(), client.clone());
        move |_| {
            let (doc, client) = (doc.clone(), client.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(error) = remove_client(&doc, client).await {
                    web_sys::console::error_1(&error);
                }
            });
        }
    }));
    let profile = client
        .profile_id
        .as_ref()
        .and_then(|id| profiles.iter().find(|p| &p.id == id));
    render_exports(doc, &item, client, profile, listeners)?;
    let Some(profile) = profile else {
        say(doc, &item, Tone::Note, "No profile matches this client.")?;
        return Ok(());
    };
    say(
        doc,
        &item,
        Tone::Note,
        &format!("Profile: {}", profile.name),
    )?;
    if let Some(diagnosis) = capture::diagnose_client(client, profile) {
        for near in &diagnosis.near_misses {
            say(doc, &item, Tone::Warning, &visible(&near.message))?
                .set_attribute("data-testid", "warning")?;
        }
        for missing in &diagnosis.missing {
            say(doc, &item, Tone::Warning, &visible(&format!("Not registered: {missing} — logins through {} will fail with “Redirect URI does not match registered redirect URI”.", profile.name)))?.set_attribute("data-testid", "warning")?;
        }
        if diagnosis.is_ok() {
            say(doc, &item, Tone::Ok, "Redirect URIs match the profile.")?;
        }
    }
    Ok(())
}

/// Asks the background (the client store's one writer) to remove `client`,
/// and offers Undo, which sends the client back as it was shown.
async fn remove_client(doc: &Document, client: CapturedClient) -> Result<(), JsValue> {
    let Some(feedback) = doc.get_element_by_id("client-feedback") else {
        return Ok(());
    };
    feedback.set_text_content(None);
    let request = BackgroundRequest::RemoveClient {
        client_id: client.client_id.clone(),
    };
    if let Err(error) = ext::ask_background::<_, serde_json::Value>(&request).await {
        say(
            doc,
            &feedback,
            Tone::Error,
            &format!("It could not be removed: {error}"),
        )?;
        return Ok(());
    }
    let note = say(
        doc,
        &feedback,
        Tone::Ok,
        &format!(
            "Removed {} ({}).",
            visible(&client.app_name),
            client.client_id
        ),
    )?;
    let undo = button(
        doc,
        &note,
        "secondary",
        "Undo",
        &[("data-testid", "client-undo")],
    )?;
    let _ = undo.unchecked_ref::<web_sys::HtmlElement>().focus();
    let listener = EventListener::once(&undo, "click", {
        let (doc, feedback) = (doc.clone(), feedback.clone());
        move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let request = BackgroundRequest::RestoreClient { client };
                feedback.set_text_content(None);
                let said = match ext::ask_background::<_, serde_json::Value>(&request).await {
                    Ok(_) => say(&doc, &feedback, Tone::Ok, "Restored."),
                    Err(error) => say(
                        &doc,
                        &feedback,
                        Tone::Error,
                        &format!("It could not be restored: {error}"),
                    ),
                };
                if let Err(error) = said {
                    web_sys::console::error_1(&error);
                }
            });
        }
    });
    POPUP.with(|p| {
        if let Some(popup) = p.borrow_mut().as_mut() {
            popup._listeners.push(listener);
        }
    });
    Ok(())
}
