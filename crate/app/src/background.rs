//! The background context: keeps the toolbar badge in step with each tab,
//! and is the one writer of the client store.
//!
//! Its JS loader registers the message listener synchronously (MV3 wakes the
//! background with the message) and hands each message here.
//!
//! Content scripts of many tabs report captures at once. Were each to read,
//! merge and write the store itself, one tab's write would overwrite
//! another's; here captures join a queue that one loop drains, a batch per
//! read-merge-write, so every capture lands.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use clientfill_core::capture;
use clientfill_core::client::CapturedClient;
use clientfill_core::fill::{FillOptions, Outcome};
use clientfill_core::messages::{badge_text, BackgroundRequest};
use clientfill_core::portal::Portal;
use clientfill_core::store;
use clientfill_web::ext;

use crate::filling;

/// Captures waiting to be written, whether the writing loop runs, and why
/// the last write failed (for the popup to say).
#[derive(Default)]
struct Writer {
    queue: Vec<Change>,
    running: bool,
    error: Option<String>,
}

/// One change to the client store, applied in the order it came.
enum Change {
    /// Clients a page shows, and the portal whose every client it listed.
    Captured(Vec<CapturedClient>, Option<Portal>),
    /// The user removed a client.
    Removed(String),
    /// The user undid a removal.
    Restored(CapturedClient),
}

thread_local! {
    static WRITER: RefCell<Writer> = RefCell::default();
}

/// Handles one message sent to the background by the tab `tab` (if any);
/// the loader has already dropped messages from outside the extension.
#[wasm_bindgen]
pub async fn background_message(message: JsValue, tab: Option<i32>) -> Result<JsValue, JsValue> {
    let request: BackgroundRequest = match ext::from_js(message) {
        Ok(request) => request,
        Err(error) => {
            web_sys::console::warn_1(&format!("ClientFill: message dropped: {error}").into());
            return Ok(JsValue::UNDEFINED);
        }
    };
    match (request, tab) {
        (BackgroundRequest::PageDetected { kind }, Some(tab)) => {
            ext::set_badge_text(tab, badge_text(kind))
                .await
                .map_err(|e| JsValue::from_str(&e.to_string()))?;
            Ok(JsValue::TRUE)
        }
        // Only a tab has a badge; nothing to do for other senders.
        (BackgroundRequest::PageDetected { .. }, None) => Ok(JsValue::FALSE),
        // Captures come from content scripts, which run in tabs only.
        (BackgroundRequest::Captured { clients, complete }, Some(_)) => {
            enqueue(Change::Captured(clients, complete)).await;
            Ok(JsValue::TRUE)
        }
        (BackgroundRequest::Captured { .. }, None) => Ok(JsValue::FALSE),
        // The page's portal reads its clients here, not in the page: the
        // parsers stay out of the content script.
        (BackgroundRequest::PageShown { page }, Some(_)) => {
            let (clients, complete) = capture::listing(&page, ext::now_ms());
            if !clients.is_empty() || complete.is_some() {
                enqueue(Change::Captured(clients, complete)).await;
            }
            Ok(JsValue::TRUE)
        }
        (BackgroundRequest::PageShown { .. }, None) => Ok(JsValue::FALSE),
        (BackgroundRequest::CheckName { portal, name }, _) => {
            match clientfill_core::names::name_warning(portal, &name) {
                Some(warning) => {
                    ext::to_js(&warning).map_err(|e| JsValue::from_str(&e.to_string()))
                }
                None => Ok(JsValue::NULL),
            }
        }
        // From the popup, which is no tab.
        (BackgroundRequest::RemoveClient { client_id }, None) => {
            enqueue(Change::Removed(client_id)).await;
            Ok(JsValue::TRUE)
        }
        (BackgroundRequest::RestoreClient { client }, None) => {
            enqueue(Change::Restored(client)).await;
            Ok(JsValue::TRUE)
        }
        // A page may not remove what it did not capture.
        (
            BackgroundRequest::RemoveClient { .. } | BackgroundRequest::RestoreClient { .. },
            Some(_),
        ) => Ok(JsValue::FALSE),
        (BackgroundRequest::Diagnose { url, text }, _) => {
            let stored = ext::storage_get(&[store::CLIENTS_KEY])
                .await
                .map_err(|e| JsValue::from_str(&e.to_string()))?;
            let clients = store::ClientStore::from_stored(stored.get(store::CLIENTS_KEY))
                .map(|s| s.clients)
                .unwrap_or_default();
            match clientfill_core::doctor::diagnose_page(&url, &text, &clients) {
                Some(diagnosis) => {
                    ext::to_js(&diagnosis).map_err(|e| JsValue::from_str(&e.to_string()))
                }
                None => Ok(JsValue::NULL),
            }
        }
        (BackgroundRequest::Status, _) => {
            let error = WRITER.with(|w| w.borrow().error.clone());
            ext::to_js(&serde_json::json!({ "writeError": error }))
                .map_err(|e| JsValue::from_str(&e.to_string()))
        }
    }
}

/// The keyboard shortcut (`commands` in the manifest): fills the portal form
/// of `tab` (else the active tab) with the profile the popup would offer
/// there, and says how it went on the toolbar button (badge and tooltip).
#[wasm_bindgen]
pub async fn background_command(command: String, tab: Option<i32>) -> Result<JsValue, JsValue> {
    if command != "fill" {
        return Ok(JsValue::FALSE);
    }
    let tab = match tab {
        Some(tab) => Some(tab),
        None => ext::active_tab_id().await.ok().flatten(),
    };
    let Some(tab) = tab else {
        return Ok(JsValue::FALSE);
    };
    let (badge, title) = shortcut_fill(tab).await;
    // The outcome is shown where the shortcut's user looks: the toolbar.
    let shown = ext::set_badge_text(tab, badge).await;
    let titled = ext::set_title(tab, &format!("ClientFill: {title}")).await;
    if let Err(error) = shown.and(titled) {
        web_sys::console::warn_1(&format!("ClientFill: {error}").into());
    }
    Ok(JsValue::from_str(&title))
}

/// Fills `tab` for the shortcut: the badge and what to say.
async fn shortcut_fill(tab: i32) -> (&'static str, String) {
    let kind = match filling::page_state(tab).await {
        Ok(state) if state.kind.is_fillable() => state.kind,
        Ok(_) | Err(_) => return ("", "nothing to fill on this page.".to_owned()),
    };
    let Some(portal) = kind.portal() else {
        return ("", "nothing to fill on this page.".to_owned());
    };
    let stored = match ext::storage_get(&[
        store::PROFILES_KEY,
        store::SELECTED_PROFILE_KEY,
        store::SELECTED_BY_PORTAL_KEY,
    ])
    .await
    {
        Ok(stored) => stored,
        Err(error) => return ("!", format!("your profiles could not be read: {error}")),
    };
    let profiles = match store::profiles_from_stored(stored.get(store::PROFILES_KEY)) {
        Ok(profiles) => profiles,
        Err(error) => return ("!", format!("your profiles could not be read: {error}")),
    };
    let Some(profile) = store::offered_profile(
        &profiles,
        stored.get(store::SELECTED_BY_PORTAL_KEY),
        stored.get(store::SELECTED_PROFILE_KEY),
        portal,
    ) else {
        return ("!", "no profile yet: create one in the options.".to_owned());
    };
    match filling::fill_tab(tab, kind, profile, FillOptions::default()).await {
        Ok(result) if result.errors.is_empty() => {
            let filled = result
                .lines
                .iter()
                .filter(|l| l.outcome == Outcome::Filled)
                .count();
            let mut said = format!("filled {filled} field(s) from “{}”", profile.name);
            if !result.warnings.is_empty() {
                said.push_str(&format!(
                    "; {} warning(s): open the popup",
                    result.warnings.len()
                ));
            }
            ("✓", said)
        }
        Ok(result) => ("!", result.errors.join(" ")),
        Err(error) => ("!", format!("the page could not be filled: {error}")),
    }
}

/// Queues `change`; the first caller while the loop is idle runs it until
/// the queue is empty, the others return at once.
async fn enqueue(change: Change) {
    let start = WRITER.with(|w| {
        let mut w = w.borrow_mut();
        w.queue.push(change);
        !std::mem::replace(&mut w.running, true)
    });
    if !start {
        return;
    }
    loop {
        let batch = WRITER.with(|w| std::mem::take(&mut w.borrow_mut().queue));
        if batch.is_empty() {
            WRITER.with(|w| w.borrow_mut().running = false);
            return;
        }
        let result = write_batch(batch).await;
        if let Err(error) = &result {
            web_sys::console::warn_1(&format!("ClientFill: clients not stored: {error}").into());
        }
        WRITER.with(|w| w.borrow_mut().error = result.err());
    }
}

/// Merges one batch into the stored clients, in the order the captures
/// came. A stored list that cannot be read is kept aside under a backup key,
/// never overwritten; one written by a newer ClientFill is left as it is, and
/// nothing is written over it. Returns why nothing could be stored.
async fn write_batch(batch: Vec<Change>) -> Result<(), String> {
    let stored = ext::storage_get(&[store::CLIENTS_KEY, store::PROFILES_KEY])
        .await
        .map_err(|e| format!("the saved clients could not be read: {e}"))?;
    let profiles = store::profiles_from_stored(stored.get(store::PROFILES_KEY)).unwrap_or_default();
    let now = ext::now_ms();
    let mut items = serde_json::Map::new();
    let mut clients = match store::ClientStore::from_stored(stored.get(store::CLIENTS_KEY)) {
        Ok(clients) => clients,
        Err(error @ store::StoreError::NewerClients { .. }) => return Err(error.to_string()),
        Err(error) => {
            web_sys::console::warn_1(
                &format!("ClientFill: stored clients unreadable, kept aside: {error}").into(),
            );
            if let Some(raw) = stored.get(store::CLIENTS_KEY) {
                items.insert(store::ClientStore::backup_key(now), raw.clone());
            }
            store::ClientStore::default()
        }
    };
    let mut changed = false;
    for change in batch {
        changed |= match change {
            Change::Captured(captured, complete) => {
                let captured = captured
                    .into_iter()
                    .map(|mut client| {
                        if client.profile_id.is_none() {
                            client.profile_id = capture::match_profile(&client, &profiles);
                        }
                        client
                    })
                    .collect();
                clients.upsert_listing(captured, complete, now).changed()
            }
            Change::Removed(id) => clients.remove(&id).is_some(),
            Change::Restored(client) => clients.restore(client),
        };
    }
    if !changed && items.is_empty() {
        return Ok(());
    }
    items.insert(store::CLIENTS_KEY.to_owned(), clients.to_value());
    // One call: the new list and any backup land together, or neither does.
    ext::storage_set(&serde_json::Value::Object(items))
        .await
        .map_err(|e| format!("the captured clients could not be saved: {e}"))
}
