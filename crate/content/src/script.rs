//! The content script: detects the portal page, fills it on request, warns
//! about banned names as the user types, and captures issued clients.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::{Interval, Timeout};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, MutationObserver, MutationObserverInit};

use crate::collect::{self, PageRead};
use crate::overlay::{Callout, Overlay, Tone};
use crate::{apply, wire};
use clientfill_core::capture::{self, SaveGate};
use clientfill_core::cat;
use clientfill_core::fill::{self, FillOptions};
use clientfill_core::messages::{ContentRequest, ContentState, Engine, FillResult};
use clientfill_core::names::{self, NameWarning};
use clientfill_core::page::{PageKind, PageSnapshot};
use clientfill_core::portal::Portal;
use clientfill_core::portals;
use clientfill_core::profile::ClientValues;
use clientfill_web::{dom, ext};

/// How long the page must be quiet before it is read again after changes
/// (late-rendered parts, tab switches).
const SETTLE_MS: u32 = 250;
/// How long widgets get to commit what the fill typed or pasted, checked
/// every `COMMIT_POLL_MS`: the report is sent as soon as they have.
const WIDGET_SETTLE_MS: u32 = 300;
const COMMIT_POLL_MS: u32 = 10;
/// How often a page that is no portal page is checked for a new address (a
/// single-page dashboard navigating without a reload).
const ADDRESS_POLL_MS: u32 = 1000;
/// How often the watched form is checked to be still in the page, and the
/// page read while a save is awaited.
const CHECKUP_MS: u32 = 500;
/// How long a dialog gets to show its form after Fill pressed its button,
/// and a page recognised by its address to render its form: upper bounds,
/// generous because a tab in the background (the popup opened in a tab of
/// its own) has its timers and rendering throttled.
const OPEN_WAIT_MS: u32 = 6000;
const FORM_WAIT_MS: u32 = 8000;
const POLL_MS: u32 = 50;
/// How long after a read that found a form the fill's steps are rehearsed
/// ([`warm_up`]): a task of its own, and soon, since a Fill click may
/// come soon after a late form renders.
const WARM_UP_MS: u32 = 20;
/// How many times the fill is rehearsed ([`warm_up`]).
const WARM_UPS: u32 = 3;
/// Waits before each retry of a capture the background did not take; the
/// last attempt (0) gives up and says so.
const CAPTURE_RETRY_MS: [u32; 4] = [250, 1000, 3000, 0];

/// Everything the content script owns; dropping it removes its listeners.
struct ContentScript {
    engine: Engine,
    kind: PageKind,
    /// Controls the user typed into (trusted input events).
    edited: Vec<Element>,
    overlay: Option<Overlay>,
    pending_refresh: Option<Timeout>,
    /// A read is under way (it yields to the page between slices); a refresh
    /// asked for meanwhile runs once it is done.
    reading: bool,
    refresh_again: bool,
    /// A fill is changing the page: no observer meanwhile.
    filling: bool,
    /// The last read while it is still what the page shows (no change seen
    /// since): requests answer from it, and a fill starts from it.
    fresh: Option<Rc<PageRead>>,
    /// The form the observer watches, if it watches one: its controls are
    /// the only ones read again, on a page that shows no saved client.
    form: Option<Element>,
    /// The first read has looked for the portal's form by its selector
    /// ([`portals::PortalSpec::form_scope`]); once only, so that a page it
    /// misled is read whole from then on.
    form_guessed: bool,
    /// Whether the page shows what the portal saved (captures wait for it).
    gate: SaveGate,
    /// The name field the live check watches, and its portal: a keystroke
    /// there re-checks that one value, never the whole page.
    name_field: Option<(Portal, Element)>,
    /// How many name checks were asked: only the last one's answer shows.
    name_checks: u32,
    /// The last name the background made a suggestion for, and it.
    suggestion: Option<(Portal, String, Option<String>)>,
    /// The address of the login error page the doctor has been asked about
    /// (once per address).
    #[cfg(feature = "login")]
    diagnosed: Option<String>,
    /// The fill's steps have been rehearsed, or soon will be ([`warm_up`]).
    warmed: bool,
    /// This login error page's text, for the popup.
    page_text: Option<String>,
    /// Watches the page only while it is a portal page, and not while a
    /// fill changes it; elsewhere `address` polls for a new address.
    observer: Option<Observer>,
    /// While the observer watches only the form: checks that the form is
    /// still in the page (a re-render replaces it) and, after a save click,
    /// reads the page until the portal says it saved.
    checkup: Option<Interval>,
    address: Option<(String, Interval)>,
    _messages: ext::MessageListener,
    _input: EventListener,
    _keydown: EventListener,
    _click: EventListener,
    _loaded: Option<EventListener>,
}

thread_local! {
    static CONTENT: RefCell<Option<ContentScript>> = const { RefCell::new(None) };
}

/// Entry point of the content script; `engine` names the build the loader
/// chose (`wasm` or `js`).
#[wasm_bindgen]
pub fn start_content(engine: &str) -> Result<(), JsValue> {
    let engine = Engine::parse(engine)
        .ok_or_else(|| JsValue::from_str(&cat!("unknown engine “", engine, "”")))?;
    let doc = dom::document()?;
    let messages = ext::MessageListener::new(handle_message);
    let input = EventListener::new_with_options(
        &doc,
        "input",
        EventListenerOptions::run_in_capture_phase(),
        on_input,
    );
    let keydown = EventListener::new_with_options(
        &doc,
        "keydown",
        EventListenerOptions::run_in_capture_phase(),
        on_keydown,
    );
    let click = EventListener::new_with_options(
        &doc,
        "click",
        EventListenerOptions::run_in_capture_phase(),
        on_click,
    );
    // Started before the page is parsed (so the build loads meanwhile), the
    // script reads the page once it is, in a task of its own rather than in
    // the page's DOMContentLoaded work.
    let parsing = doc.ready_state() == "loading";
    let loaded = parsing.then(|| {
        EventListener::once(&doc, "DOMContentLoaded", |_| {
            Timeout::new(0, refresh).forget();
        })
    });
    CONTENT.with(|c| {
        *c.borrow_mut() = Some(ContentScript {
            engine,
            kind: PageKind::None,
            edited: Vec::new(),
            overlay: None,
            pending_refresh: None,
            reading: false,
            refresh_again: false,
            filling: false,
            fresh: None,
            form: None,
            form_guessed: false,
            gate: SaveGate::default(),
            name_field: None,
            name_checks: 0,
            suggestion: None,
            #[cfg(feature = "login")]
            diagnosed: None,
            warmed: false,
            page_text: None,
            observer: None,
            checkup: None,
            address: None,
            _messages: messages,
            _input: input,
            _keydown: keydown,
            _click: click,
            _loaded: loaded,
        })
    });
    if !parsing {
        refresh();
    }
    Ok(())
}

fn with_state<R>(f: impl FnOnce(&mut ContentScript) -> R) -> Option<R> {
    CONTENT.with(|c| c.try_borrow_mut().ok()?.as_mut().map(f))
}

fn log_error(context: &str, error: &str) {
    web_sys::console::warn_1(&cat!("ClientFill: ", context, ": ", error).into());
}

/// The page as a fill starts from it: the last read while the page has not
/// changed since, with the values its controls hold now (typing changes no
/// nodes), else a new read.
async fn start_read() -> Result<(Document, PageRead), JsValue> {
    let doc = dom::document()?;
    let url = doc.url()?;
    let fresh = with_state(|s| {
        s.fresh
            .clone()
            .filter(|f| !s.reading && f.page.url == url)
            .map(|f| (f, s.edited.clone()))
    })
    .flatten();
    match fresh {
        Some((fresh, edited)) => {
            let mut read = PageRead::clone(&fresh);
            collect::refresh_values(&mut read, &edited);
            Ok((doc, read))
        }
        None => read(None).await,
    }
}

/// Reads the page, or with `form` the form's controls alone
/// ([`collect::read`]).
async fn read(form: Option<&Element>) -> Result<(Document, PageRead), JsValue> {
    let doc = dom::document()?;
    let edited = with_state(|s| s.edited.clone()).unwrap_or_default();
    let read = collect::read(&doc, &edited, form).await?;
    Ok((doc, read))
}

/// Reads the page again after it changed.
fn schedule_refresh() {
    // At most one pending: a page that never stops changing still gets read,
    // and each change costs no more than this check.
    with_state(|s| {
        s.fresh = None;
        if s.pending_refresh.is_none() {
            s.pending_refresh = Some(Timeout::new(SETTLE_MS, refresh));
        }
    });
}

/// Re-detects the page, updates the badge, the name warning and captures;
/// one read at a time.
fn refresh() {
    let start = with_state(|s| {
        s.pending_refresh = None;
        if s.reading {
            s.refresh_again = true;
            return false;
        }
        s.reading = true;
        true
    });
    if start != Some(true) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        loop {
            refresh_now().await;
            let again = with_state(|s| {
                let again = std::mem::take(&mut s.refresh_again);
                s.reading = again;
                again
            });
            if again != Some(true) {
                break;
            }
        }
    });
}

async fn refresh_now() {
    // Changes from here on show in the next read. While a form is watched,
    // nothing else was seen to change: its controls alone are read, where
    // the page shows no saved client (a capture may need any of the page).
    let watched = with_state(|s| {
        s.fresh = None;
        let watched = s
            .form
            .clone()
            .filter(|f| f.is_connected() && !capture::shows_clients(s.kind));
        let guess = watched.is_none() && !std::mem::replace(&mut s.form_guessed, true);
        (watched, guess)
    });
    let Some((watched, guess)) = watched else {
        return;
    };
    let guessed = if guess { guess_form() } else { None };
    let form = watched.or_else(|| guessed.clone());
    let (doc, read) = match read(form.as_ref()).await {
        Ok(read) => read,
        Err(error) => return log_error("reading the page", &dom::describe_error(&error)),
    };
    let read = Rc::new(read);
    let page = &read.page;
    let kind = page.kind();
    let changed = with_state(|s| {
        // A read of the form alone that does not stand for the page: the
        // guessed form is no client form, or the page's clients may be
        // anywhere in it; the watched form became another page. Read all
        // of it.
        let partial_misled = if guessed.is_some() {
            kind.form().is_none() || capture::shows_clients(kind)
        } else {
            form.is_some() && s.kind != kind
        };
        if partial_misled {
            s.form = None;
            s.refresh_again = true;
            return None;
        }
        if s.pending_refresh.is_none() {
            s.fresh = Some(read.clone());
        }
        Some(std::mem::replace(&mut s.kind, kind) != kind)
    })
    .flatten();
    let Some(changed) = changed else {
        return;
    };
    watch(&doc, &read);
    if changed {
        wasm_bindgen_futures::spawn_local(async move {
            // The badge is a nicety: a missing background must not stop the page work.
            if let Err(error) = ext::send_js_to_background(&wire::encode_page_detected(kind)).await
            {
                log_error("badge not updated", &error.text());
            }
        });
    }
    update_name_warning(&read);
    if kind.form().is_some()
        && with_state(|s| !std::mem::replace(&mut s.warmed, true)) == Some(true)
    {
        Timeout::new(WARM_UP_MS, || warm_up(WARM_UPS)).forget();
    }
    if kind.is_login_error() {
        // Only the login pages' build has them (feature `login`).
        #[cfg(feature = "login")]
        ask_doctor(page);
        return;
    }
    // Only what the portal has saved counts, on the pages that can show
    // a client; the background reads the clients from the page.
    let saved_view = with_state(|s| s.gate.observe(shows_saved_notice(kind, page))).unwrap_or(true);
    if !saved_view || !capture::shows_clients(kind) {
        return;
    }
    let message = wire::encode_page_shown(page);
    wasm_bindgen_futures::spawn_local(async move {
        // The background is the client store's one writer. A page that
        // shows its clients may never change again: a send the browser
        // dropped (a background still starting, a busy machine) is tried
        // again rather than lost.
        for wait_ms in CAPTURE_RETRY_MS {
            match ext::send_js_to_background(&message).await {
                Ok(()) => return,
                Err(error) if wait_ms == 0 => log_error("clients not captured", &error.text()),
                Err(_) => gloo_timers::future::TimeoutFuture::new(wait_ms).await,
            }
        }
    });
}

/// The `<form>` of a portal's client form, found by the portal's own
/// markup, if the page has one.
fn guess_form() -> Option<Element> {
    // Known at compile time: a build whose portals name no form has no guess.
    if portals::ALL.iter().all(|spec| spec.form_scope.is_none()) {
        return None;
    }
    let doc = dom::document().ok()?;
    portals::ALL
        .iter()
        .filter_map(|spec| spec.form_scope)
        // A browser without `:has()` refuses the selector: no guess.
        .find_map(|selector| doc.query_selector(selector).ok().flatten())
}

/// Observes the page while it is a portal page: only its form once the form
/// is there (a busy page elsewhere costs nothing), the whole document while
/// it is not; otherwise only polls the address, for a single-page dashboard
/// that navigates without a reload.
fn watch(doc: &Document, read: &PageRead) {
    let page = &read.page;
    let root = form_root(read);
    let result = with_state(|s| -> Result<(), JsValue> {
        if page.kind() == PageKind::None {
            s.observer = None;
            s.checkup = None;
            if s.address.as_ref().is_none_or(|(seen, _)| *seen != page.url) {
                let poll = Interval::new(ADDRESS_POLL_MS, || {
                    let moved = dom::document()
                        .and_then(|d| d.url())
                        .ok()
                        .zip(with_state(|s| s.address.as_ref().map(|(u, _)| u.clone())).flatten())
                        .is_some_and(|(now, seen)| now != seen);
                    if moved {
                        refresh();
                    }
                });
                s.address = Some((page.url.clone(), poll));
            }
            return Ok(());
        }
        s.address = None;
        let target: web_sys::Node = match &root {
            Some(root) => root.clone().into(),
            None => doc.clone().into(),
        };
        if !s.filling && s.observer.as_ref().is_none_or(|o| o.target != target) {
            s.observer = Some(Observer::new(&target, schedule_refresh)?);
        }
        s.form = root.clone();
        s.checkup = root.map(|root| {
            Interval::new(CHECKUP_MS, move || {
                // The page may have moved or hidden the named field.
                with_state(|s| s.overlay.as_ref().map(Overlay::place));
                let saving = with_state(|s| s.gate.saving()).unwrap_or(false);
                if saving || !root.is_connected() {
                    refresh();
                }
            })
        });
        Ok(())
    });
    if let Some(Err(error)) = result {
        log_error("watching the page", &dom::describe_error(&error));
    }
}

/// The smallest element holding every field of the page's form that is on
/// the page; `None` when none is.
fn form_root(read: &PageRead) -> Option<Element> {
    let fields: Vec<&Element> = fill::form_fields(&read.page)
        .into_iter()
        .filter_map(|i| read.controls.get(i))
        .collect();
    let mut root = fields.first()?.parent_element()?;
    while !fields.iter().all(|f| root.contains(Some(f))) {
        root = root.parent_element()?;
    }
    Some(root)
}

/// Whether the page shows its form's "saved" notice.
fn shows_saved_notice(kind: PageKind, page: &PageSnapshot) -> bool {
    kind.form().is_some_and(|form| {
        form.saved
            .iter()
            .any(|n| page.has_notice(n) || page.has_heading(n))
    })
}

fn on_input(event: &web_sys::Event) {
    // Only the user's own typing counts; the fill's events are synthetic.
    if event.is_trusted() {
        on_typing(event);
    }
}

/// Kept out of [`on_input`]: V8 compiles a WebAssembly function whole when
/// it is first called, and a fill's first event would wait for all of this.
#[inline(never)]
fn on_typing(event: &web_sys::Event) {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    let name_field = with_state(|s| {
        if !s.edited.contains(&target) {
            s.edited.push(target.clone());
        }
        s.gate.edited();
        s.name_field.clone()
    })
    .flatten();
    // Only the name field's value matters to the live check.
    if let Some((portal, field)) = name_field.filter(|(_, f)| *f == target) {
        let value = field
            .dyn_ref::<web_sys::HtmlInputElement>()
            .map(|i| i.value())
            .unwrap_or_default();
        show_name_warning(portal, &value, &field);
    }
}

/// Keys that remove a chip change the form without an `input` event.
fn on_keydown(event: &web_sys::Event) {
    if !event.is_trusted() {
        return;
    }
    let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()) else {
        return;
    };
    if matches!(key.as_str(), "Backspace" | "Delete") {
        with_state(|s| s.gate.edited());
    }
}

/// A save button starts waiting for the portal's saved notice; a user's
/// click on a list entry's Remove edits the form.
fn on_click(event: &web_sys::Event) {
    let Some(button) = event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| {
            t.closest("button, [role=button], input[type=submit]")
                .ok()
                .flatten()
        })
    else {
        return;
    };
    let text = clientfill_core::page::fold_whitespace(
        &button
            .get_attribute("value")
            .filter(|_| button.tag_name().eq_ignore_ascii_case("input"))
            .or_else(|| button.text_content())
            .unwrap_or_default(),
    );
    // The kind the last read found: a click, on a page of any size, reads
    // no more than the notices it needs.
    let kind = with_state(|s| s.kind).unwrap_or_default();
    let Some(form) = kind.form() else {
        return;
    };
    if form.save.iter().any(|s| s.eq_ignore_ascii_case(&text)) {
        let notices = match dom::document().and_then(|doc| collect::notices(&doc)) {
            Ok(notices) => notices,
            Err(error) => return log_error("reading the page", &dom::describe_error(&error)),
        };
        let page = PageSnapshot {
            notices,
            ..PageSnapshot::default()
        };
        let notice = shows_saved_notice(kind, &page);
        with_state(|s| s.gate.save_clicked(notice));
    } else if event.is_trusted() && collect::is_remove(&button) {
        // The same remove controls the list reader knows.
        with_state(|s| s.gate.edited());
    }
}

/// Finds the name field of `page`, remembers it for keystrokes, and shows
/// or clears its callout.
fn update_name_warning(read: &PageRead) {
    let field = fill::app_name_field(&read.page).and_then(|(portal, f)| {
        let element = read.controls.get(f.index)?.clone();
        Some((portal, element, f.value.clone()))
    });
    with_state(|s| s.name_field = field.as_ref().map(|(p, e, _)| (*p, e.clone())));
    match field {
        Some((portal, element, value)) => show_name_warning(portal, &value, &element),
        None => {
            with_state(|s| {
                // A check still under way answers for a field gone.
                s.name_checks += 1;
                if let Some(overlay) = &s.overlay {
                    overlay.clear();
                }
            });
        }
    }
}

/// Shows the banned-name callout under `anchor` for `name`, or removes it.
/// The findings are drawn at once, in the keystroke's task; a refused
/// name's suggestion comes from the background (its code stays out of the
/// page) and is added when it answers, unless a newer check was made since.
/// The last suggestion is kept for a name checked again.
fn show_name_warning(portal: Portal, name: &str, anchor: &Element) {
    let Some(mut warning) = names::name_warning_without_suggestion(portal, name) else {
        with_state(|s| s.name_checks += 1);
        return draw_name_warning(portal, anchor, None);
    };
    let known = with_state(|s| {
        s.name_checks += 1;
        let known = s
            .suggestion
            .as_ref()
            .filter(|(p, n, _)| *p == portal && n == name)
            .map(|(_, _, suggestion)| suggestion.clone());
        (s.name_checks, known)
    });
    let Some((asked, known)) = known else {
        return;
    };
    let ask = warning.refused && known.is_none();
    warning.suggestion = known.flatten();
    draw_name_warning(portal, anchor, Some(&warning));
    if !ask {
        return;
    }
    let message = wire::encode_check_name(portal, name);
    let (anchor, name) = (anchor.clone(), name.to_owned());
    wasm_bindgen_futures::spawn_local(async move {
        let reply = match ext::ask_js_background(&message).await {
            Ok(reply) => reply,
            Err(error) => return log_error("name suggestion", &error.text()),
        };
        let Some(answer) = wire::decode_name_warning(&reply) else {
            return log_error("name suggestion", "not a name check");
        };
        let suggestion = answer.and_then(|a| a.suggestion);
        let latest = with_state(|s| {
            s.suggestion = Some((portal, name, suggestion.clone()));
            s.name_checks == asked
        });
        if latest == Some(true) && suggestion.is_some() {
            warning.suggestion = suggestion;
            draw_name_warning(portal, &anchor, Some(&warning));
        }
    });
}

/// Draws `warning` under `anchor`, or removes the callout for `None`.
fn draw_name_warning(portal: Portal, anchor: &Element, warning: Option<&NameWarning>) {
    let shown = dom::document().and_then(|doc| {
        with_state(|s| -> Result<(), JsValue> {
            let Some(warning) = warning else {
                if let Some(overlay) = &s.overlay {
                    overlay.clear();
                }
                return Ok(());
            };
            if s.overlay.is_none() {
                s.overlay = Some(Overlay::new(&doc)?);
            }
            let callout = Callout {
                tone: if warning.refused {
                    Tone::Refusal
                } else {
                    Tone::Soft
                },
                title: &warning.title,
                lines: &warning.lines,
                suggestion: warning.suggestion.as_deref(),
            };
            let field = anchor.clone();
            let apply = move |name: &str| {
                // As if typed: the page's own handlers see the new value.
                if let Err(error) = apply::set_value(&field, name) {
                    return log_error("applying the name", &dom::describe_error(&error));
                }
                show_name_warning(portal, name, &field);
            };
            s.overlay
                .as_ref()
                .map_or(Ok(()), |o| o.show(anchor, "name-warning", &callout, apply))
        })
        .unwrap_or(Ok(()))
    });
    if let Err(error) = shown {
        log_error("name warning", &dom::describe_error(&error));
    }
}

fn handle_message(message: JsValue, _tab: Option<i32>) -> JsValue {
    let Some(request) = wire::decode_request(&message) else {
        return JsValue::UNDEFINED;
    };
    match request {
        ContentRequest::GetState => match cached_state() {
            Some(state) => wire::encode_state(&state),
            None => wasm_bindgen_futures::future_to_promise(async {
                Ok(match state().await {
                    Ok(state) => wire::encode_state(&state),
                    Err(error) => error_reply(&dom::error_text(&error).unwrap_or_default()),
                })
            })
            .into(),
        },
        ContentRequest::Fill { values, options } => fill_reply(values, options, false).into(),
    }
}

/// The answer to a fill request, once the fill is done. `rehearse` runs the
/// fill's steps on a control outside the page instead ([`warm_up`]).
fn fill_reply(values: Box<ClientValues>, options: FillOptions, rehearse: bool) -> js_sys::Promise {
    // The login pages' build has no portal, so no form: none of the fill's
    // code goes into it (the future is never made there).
    if portals::ALL.is_empty() {
        let result = FillResult {
            warnings: vec![fill::NO_FORM.to_owned()],
            ..FillResult::default()
        };
        return js_sys::Promise::resolve(&wire::encode_fill_result(&result));
    }
    wasm_bindgen_futures::future_to_promise(async move {
        let result = fill_page(&values, options, rehearse).await;
        Ok(wire::encode_fill_result(&result))
    })
}

/// Runs a fill `times` times through every step a Fill click takes (a
/// request decoded, the page planned, the plan applied), with a control
/// outside the page in place of each of the page's: V8 compiles each
/// WebAssembly function the first time it is called, which made a Fill click
/// wait two milliseconds more, and runs the JavaScript build's code in its
/// interpreter until it has run a few times (1.9× the baseline's fill with
/// one rehearsal, about 1.0× with three).
fn warm_up(times: u32) {
    // The login pages' build has no fill to rehearse.
    if portals::ALL.is_empty() {
        return;
    }
    // A page changed since the read: the rehearsal would read all of it
    // again; the next read tries instead.
    if with_state(|s| s.fresh.is_none()).unwrap_or(true) {
        with_state(|s| s.warmed = false);
        return;
    }
    if let Some(ContentRequest::Fill { values, options }) =
        wire::decode_request(&wire::sample_fill_request())
    {
        let _ = fill_reply(values, options, true);
    }
    if times > 1 {
        // Each in a task of its own: a long page's read is cloned each time.
        Timeout::new(WARM_UP_MS, move || warm_up(times - 1)).forget();
    }
}

/// Returns once the page is parsed: a form still arriving may be half there.
async fn parsed() {
    while dom::document().is_ok_and(|d| d.ready_state() == "loading") {
        gloo_timers::future::TimeoutFuture::new(POLL_MS / 10).await;
    }
}

/// What the last read found, while the page has not changed since and is
/// still at its address.
fn cached_state() -> Option<ContentState> {
    let url = dom::document().and_then(|d| d.url()).ok()?;
    with_state(|s| {
        let fresh = s.fresh.as_ref()?;
        (fresh.page.url == url && !s.reading).then(|| ContentState {
            kind: s.kind,
            engine: s.engine,
            url,
            page_text: s.page_text.clone(),
        })
    })
    .flatten()
}

/// The page as the read under way finds it (one read at a time serves every
/// request), else read afresh, so late-rendered parts count.
async fn state() -> Result<ContentState, JsValue> {
    parsed().await;
    while with_state(|s| s.reading).unwrap_or(false) {
        gloo_timers::future::TimeoutFuture::new(POLL_MS / 10).await;
    }
    if let Some(state) = cached_state() {
        return Ok(state);
    }
    let (_, read) = read(None).await?;
    let kind = read.page.kind();
    Ok(ContentState {
        kind,
        engine: with_state(|s| s.engine).unwrap_or_default(),
        page_text: kind.is_login_error().then(|| read.page.text.clone()),
        url: read.page.url,
    })
}

/// Fills the page with `values`; `rehearse` fills a control outside the page
/// instead, from a read that holds the form, and changes nothing else.
async fn fill_page(values: &ClientValues, options: FillOptions, rehearse: bool) -> FillResult {
    let failed = |errors: Vec<String>| FillResult {
        errors,
        ..FillResult::default()
    };
    parsed().await;
    let (doc, mut page) = match start_read().await {
        Ok(read) => read,
        Err(error) => {
            return failed(vec![cat!(
                "The page could not be read: ",
                dom::describe_error(&error)
            )])
        }
    };
    let mut plan = fill::plan_fill(&page.page, values, options);
    if rehearse {
        if plan.form_absent {
            // A form still rendering: the read that finds it tries again.
            with_state(|s| s.warmed = false);
        } else {
            apply::apply(&page, &plan, true).await;
        }
        return FillResult::default();
    }
    if plan.form_absent && plan.open.is_none() {
        // Known by its address, its form still rendering: wait for it.
        if let Some(rendered) = wait_for(
            FORM_WAIT_MS,
            |plan| !plan.form_absent || plan.open.is_some(),
            values,
            options,
        )
        .await
        {
            (page, plan) = rendered;
        }
    }
    if let Some((label, option)) = plan.choose.clone() {
        // Only Google's form asks for a choice first (`portals::Steps`,
        // whose test checks it): the other families' builds leave choosing
        // out, which takes a build feature in a future.
        #[cfg(feature = "google")]
        let chosen = choose_first(&doc, &label, &option, values, options).await;
        #[cfg(not(feature = "google"))]
        let chosen = None;
        match chosen {
            Some((chosen, chosen_plan)) => (page, plan) = (chosen, chosen_plan),
            None => {
                return failed(vec![cat!(
                    "The form appears once “",
                    option,
                    "” is chosen as ",
                    label,
                    ": choose it, then fill again."
                )])
            }
        }
    }
    if let Some(opener) = plan.open.clone() {
        match open_form(&doc, &opener, values, options).await {
            Some((opened, opened_plan)) => (page, plan) = (opened, opened_plan),
            None => {
                return failed(vec![cat!(
                    "The form is behind “",
                    opener,
                    "”: open it, then fill again."
                )])
            }
        }
    }
    // Lists with no row yet get one from their own Add button, then the
    // page is planned again (at most a few rounds: a page that ignores
    // the button is reported, not pressed forever).
    let mut rounds = 0;
    while !plan.grow.is_empty() && rounds < 3 {
        rounds += 1;
        for (group, add) in plan.grow.clone() {
            if !press_in_group(&doc, &group, &add) {
                return failed(vec![cat!(
                    group,
                    " has no row to fill and its add button could not be pressed."
                )]);
            }
        }
        match wait_for(OPEN_WAIT_MS, |plan| plan.grow.is_empty(), values, options).await {
            Some(grown) => (page, plan) = grown,
            None => break,
        }
    }
    if !plan.actions.is_empty() {
        // Filled, not saved: captures wait until the portal has saved.
        with_state(|s| s.gate.edited());
    }
    // The fill's own changes need no re-reading while it runs.
    let observer = with_state(|s| {
        s.filling = true;
        s.fresh = None;
        s.observer.take()
    })
    .flatten();
    let mut errors = apply::apply(&page, &plan, false).await;
    // The page shows what was filled before it is read back.
    gloo_timers::future::TimeoutFuture::new(0).await;
    // Widgets commit asynchronously, and a page may change or replace a
    // field after it was filled: read the page back until it holds what was
    // filled, or the widgets had their time; where the page lost a value
    // (a re-rendered form), fill once more; then report what the page holds.
    // Elapsed time, not a count of polls: a background tab's timers may be
    // throttled to far longer than asked.
    let mut since = ext::now_ms();
    let mut refilled = false;
    let mut lines = plan.lines.clone();
    loop {
        let Ok((_, after)) = read(None).await else {
            break;
        };
        let again = fill::plan_fill(&after.page, values, options);
        let waited = ext::now_ms().saturating_sub(since);
        let holds = fill::holds(&plan, &again);
        let settled = holds || waited >= u64::from(WIDGET_SETTLE_MS);
        if settled && !holds && !refilled && !again.actions.is_empty() {
            refilled = true;
            errors.extend(apply::apply(&after, &again, false).await);
            since = ext::now_ms();
            continue;
        }
        if settled {
            lines = fill::verify(&plan, &again);
            update_name_warning(&after);
            break;
        }
        gloo_timers::future::TimeoutFuture::new(COMMIT_POLL_MS).await;
    }
    with_state(|s| {
        s.filling = false;
        s.observer = observer;
    });
    // Nothing watched the fill's own changes: the page is read again.
    schedule_refresh();
    FillResult {
        lines,
        warnings: plan.warnings,
        errors,
    }
}

/// Presses the button that shows the form (a dialog's) and waits for the
/// form; returns the page as it is then and the plan for it.
async fn open_form(
    doc: &Document,
    opener: &str,
    values: &ClientValues,
    options: FillOptions,
) -> Option<(PageRead, fill::FillPlan)> {
    let button = dom::query_all(&doc.document_element()?, "button, [role=button], a")
        .ok()?
        .into_iter()
        .find(|b| {
            clientfill_core::page::fold_whitespace(&b.text_content().unwrap_or_default())
                .eq_ignore_ascii_case(opener)
        })?;
    button.unchecked_ref::<web_sys::HtmlElement>().click();
    wait_for(OPEN_WAIT_MS, |plan| plan.open.is_none(), values, options).await
}

/// Chooses `option` in the control labelled `label` (a `<select>`, or an
/// ARIA combobox opened with a click) the way a user does, and waits for
/// the form it brings.
#[cfg(feature = "google")]
async fn choose_first(
    doc: &Document,
    label: &str,
    option: &str,
    values: &ClientValues,
    options: FillOptions,
) -> Option<(PageRead, fill::FillPlan)> {
    let root = doc.document_element()?;
    let named = |element: &Element| {
        let text = collect::accessible_name(doc, element);
        text.to_ascii_lowercase()
            .starts_with(&label.to_ascii_lowercase())
    };
    let same = |e: &Element| {
        clientfill_core::page::fold_whitespace(&e.text_content().unwrap_or_default())
            .eq_ignore_ascii_case(option)
    };
    let select = dom::query_all(&root, "select")
        .ok()?
        .into_iter()
        .find(|s| named(s));
    if let Some(select) = select {
        let select: web_sys::HtmlSelectElement = select.unchecked_into();
        let at = dom::query_all(&select, "option")
            .ok()?
            .iter()
            .position(&same)?;
        select.set_selected_index(at as i32);
        apply::dispatch_change(&select).ok()?;
    } else {
        let combo = dom::query_all(&root, "[role=combobox]")
            .ok()?
            .into_iter()
            .find(|c| named(c))?;
        combo.unchecked_ref::<web_sys::HtmlElement>().click();
        // The list renders after the click.
        let mut found = None;
        for _ in 0..40 {
            gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
            found = dom::query_all(&root, "[role=option]")
                .ok()?
                .into_iter()
                .find(|o| same(o));
            if found.is_some() {
                break;
            }
        }
        found?.unchecked_ref::<web_sys::HtmlElement>().click();
    }
    wait_for(
        OPEN_WAIT_MS,
        |plan| plan.choose.is_none() && !plan.form_absent,
        values,
        options,
    )
    .await
}

/// Clicks the button reading one of `texts` inside the group named
/// `group` (an empty list's "Add URI").
fn press_in_group(doc: &Document, group: &str, texts: &[String]) -> bool {
    let Some(root) = doc.document_element() else {
        return false;
    };
    let named = |container: &Element| collect::group_name(doc, container) == group;
    let button = dom::query_all(&root, collect::GROUPS)
        .unwrap_or_default()
        .into_iter()
        .filter(|c| named(c))
        .find_map(|container| {
            dom::query_all(&container, "button, [role=button]")
                .unwrap_or_default()
                .into_iter()
                .find(|b| {
                    let text = clientfill_core::page::fold_whitespace(
                        &b.text_content().unwrap_or_default(),
                    );
                    texts.iter().any(|t| t.eq_ignore_ascii_case(&text))
                })
        });
    match button {
        Some(button) => {
            button.unchecked_ref::<web_sys::HtmlElement>().click();
            true
        }
        None => false,
    }
}

/// Asks the background what went wrong with the login this error page
/// refused, and shows the answer in the page (once per address).
#[cfg(feature = "login")]
fn ask_doctor(page: &PageSnapshot) {
    let first = with_state(|s| {
        if s.diagnosed.as_deref() == Some(page.url.as_str()) {
            return false;
        }
        s.diagnosed = Some(page.url.clone());
        true
    });
    if first != Some(true) {
        return;
    }
    // The extension pages read the refused login from the text: no query
    // decoding in portal pages.
    with_state(|s| s.page_text = Some(page.text.clone()));
    let message = wire::encode_diagnose(&page.url, &page.text);
    wasm_bindgen_futures::spawn_local(async move {
        let reply = match ext::ask_js_background(&message).await {
            Ok(reply) => reply,
            Err(error) => return log_error("the doctor did not answer", &error.text()),
        };
        // Null: the page shows no refused login after all.
        if reply.is_null() || reply.is_undefined() {
            return;
        }
        let Some(report) = wire::decode_diagnosis(&reply) else {
            return log_error("the doctor's answer", "not a diagnosis");
        };
        let shown = dom::document().and_then(|doc| {
            let mut lines = report.lines.clone();
            lines.push(report.fix.clone());
            with_state(|s| {
                if s.overlay.is_none() {
                    s.overlay = Overlay::new(&doc).ok();
                }
                s.overlay.as_ref().map(|o| {
                    o.show_banner(
                        "doctor",
                        &report.verdict,
                        &Callout {
                            tone: Tone::Refusal,
                            title: &report.title,
                            lines: &lines,
                            suggestion: None,
                        },
                        report.settings_url.as_deref(),
                    )
                })
            })
            .flatten()
            .unwrap_or(Ok(()))
        });
        if let Err(error) = shown {
            log_error("the doctor's report", &dom::describe_error(&error));
        }
    });
}

/// Reads and plans the page until `ready` holds for the plan, for at most
/// `ms`; the page and plan then.
async fn wait_for(
    ms: u32,
    // A function, not a closure type: one copy of this state machine serves
    // every caller.
    ready: fn(&fill::FillPlan) -> bool,
    values: &ClientValues,
    options: FillOptions,
) -> Option<(PageRead, fill::FillPlan)> {
    let start = ext::now_ms();
    while ext::now_ms().saturating_sub(start) < u64::from(ms) {
        if let Ok((_, page)) = read(None).await {
            let plan = fill::plan_fill(&page.page, values, options);
            if ready(&plan) {
                return Some((page, plan));
            }
        }
        gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
    }
    None
}

fn error_reply(message: &str) -> JsValue {
    let reply = js_sys::Object::new();
    // Setting a property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(&reply, &"error".into(), &message.into());
    reply.into()
}

/// A MutationObserver of the nodes under `target`, disconnected when dropped.
struct Observer {
    target: web_sys::Node,
    observer: MutationObserver,
    _callback: Closure<dyn FnMut(js_sys::Array, MutationObserver)>,
}

impl Observer {
    fn new(target: &web_sys::Node, on_change: fn()) -> Result<Observer, JsValue> {
        let callback = Closure::<dyn FnMut(js_sys::Array, MutationObserver)>::new(
            move |_records, _observer| on_change(),
        );
        let observer = MutationObserver::new(callback.as_ref().unchecked_ref())?;
        let options = MutationObserverInit::new();
        // Added and removed nodes only: late-rendered forms, dialogs and
        // notices. Attribute changes are far more frequent and tell nothing
        // a fill or a capture needs.
        options.set_child_list(true);
        options.set_subtree(true);
        observer.observe_with_options(target, &options)?;
        Ok(Observer {
            target: target.clone(),
            observer,
            _callback: callback,
        })
    }
}

impl Drop for Observer {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
