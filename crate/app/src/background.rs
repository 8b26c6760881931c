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
use clientfill_core::messages::{badge_text, BackgroundRequest};
use clientfill_core::portal::Portal;
use clientfill_core::store;
use clientfill_web::ext;

/// Captures waiting to be written, whether the writing loop runs, and why
/// the last write failed (for the popup to say).
#[derive(Default)]
struct Writer {
    queue: Vec<(Vec<CapturedClient>, Option<Portal>)>,
    running: bool,
    error: Option<String>,
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
            enqueue(clients, complete).await;
            Ok(JsValue::TRUE)
        }
        (BackgroundRequest::Captured { .. }, None) => Ok(JsValue::FALSE),
        (BackgroundRequest::Status, _) => {
            let error = WRITER.with(|w| w.borrow().error.clone());
            ext::to_js(&serde_json::json!({ "writeError": error }))
                .map_err(|e| JsValue::from_str(&e.to_string()))
        }
    }
}

/// Queues `clients`; the first caller while the loop is idle runs it until
/// the queue is empty, the others return at once.
async fn enqueue(clients: Vec<CapturedClient>, complete: Option<Portal>) {
    let start = WRITER.with(|w| {
        let mut w = w.borrow_mut();
        w.queue.push((clients, complete));
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
async fn write_batch(batch: Vec<(Vec<CapturedClient>, Option<Portal>)>) -> Result<(), String> {
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
    for (captured, complete) in batch {
        let captured = captured
            .into_iter()
            .map(|mut client| {
                if client.profile_id.is_none() {
                    client.profile_id = capture::match_profile(&client, &profiles);
                }
                client
            })
            .collect();
        changed |= clients.upsert_listing(captured, complete, now).changed();
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
