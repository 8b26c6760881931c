//! The background context: keeps the toolbar badge in step with each tab.
//!
//! Its JS loader registers the message listener synchronously (MV3 wakes the
//! background with the message) and hands each message here.

use wasm_bindgen::prelude::*;

use super::ext;
use crate::messages::{badge_text, BackgroundRequest};

/// Handles one message sent to the background by the tab `tab` (if any).
#[wasm_bindgen]
pub async fn background_message(message: JsValue, tab: Option<i32>) -> Result<JsValue, JsValue> {
    let request: BackgroundRequest =
        ext::from_js(message).map_err(|e| JsValue::from_str(&e.to_string()))?;
    match (request, tab) {
        (BackgroundRequest::PageDetected { kind }, Some(tab)) => {
            ext::set_badge_text(tab, badge_text(kind))
                .await
                .map_err(|e| JsValue::from_str(&e.to_string()))?;
            Ok(JsValue::TRUE)
        }
        // Only a tab has a badge; nothing to do for other senders.
        (BackgroundRequest::PageDetected { .. }, None) => Ok(JsValue::FALSE),
    }
}
