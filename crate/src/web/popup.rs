//! The toolbar popup: shows what the content script found in the target tab.
//!
//! `popup.html?tab=<id>` targets that tab, otherwise the active tab: this is
//! part of the public automation surface.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::{dom, ext};
use crate::messages::{ContentRequest, ContentState};
use crate::page::PageKind;

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
            Ok(Some(tab)) => Ok((tab, query_state(tab).await)),
            Ok(None) => match ext::active_tab_id().await {
                Ok(Some(tab)) => Ok((tab, query_state(tab).await)),
                Ok(None) => Err("There is no active tab.".to_owned()),
                Err(error) => Err(format!("The active tab could not be found: {error}")),
            },
            Err(message) => Err(message),
        };
        if let Err(error) = render(&doc, &status, state) {
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

/// How long the popup waits for a content script that is still starting (a
/// page that has just loaded), before it says ClientFill does not run there.
const CONTENT_START_ATTEMPTS: u32 = 12;
const CONTENT_START_INTERVAL_MS: u32 = 250;

async fn query_state(tab: i32) -> Result<ContentState, ext::ExtError> {
    let mut attempt = 1;
    loop {
        match ext::send_to_tab(tab, &ContentRequest::GetState).await {
            Err(ext::ExtError::Api(_)) if attempt < CONTENT_START_ATTEMPTS => {
                attempt += 1;
                gloo_timers::future::TimeoutFuture::new(CONTENT_START_INTERVAL_MS).await;
            }
            result => return result,
        }
    }
}

type TabState = Result<(i32, Result<ContentState, ext::ExtError>), String>;

fn render(doc: &Document, status: &Element, state: TabState) -> Result<(), JsValue> {
    status.set_text_content(None);
    let (kind, detail) = match &state {
        Ok((_, Ok(state))) => (state.kind, None),
        // No content script answers on pages outside the portals.
        Ok((_, Err(_))) => (
            PageKind::None,
            Some("ClientFill does not run on this page.".to_owned()),
        ),
        Err(message) => (PageKind::None, Some(message.clone())),
    };
    let kind_box = dom::element_with_text(doc, "p", kind.description())?;
    kind_box.set_attribute("data-testid", "page-kind")?;
    kind_box.set_attribute("data-kind", kind.as_str())?;
    kind_box.set_class_name("page-kind");
    status.append_child(&kind_box)?;
    if let Some(detail) = detail {
        let note = dom::element_with_text(doc, "p", &detail)?;
        note.set_class_name("note");
        status.append_child(&note)?;
    }
    if let Ok((_, Ok(state))) = &state {
        let label = match state.engine {
            crate::messages::Engine::Wasm => "Page script: WebAssembly build",
            crate::messages::Engine::Js => {
                "Page script: JavaScript build (this site's security policy blocks WebAssembly)"
            }
        };
        let engine = dom::element_with_text(doc, "p", label)?;
        engine.set_attribute("data-testid", "content-engine")?;
        engine.set_attribute("data-engine", state.engine.as_str())?;
        engine.set_class_name("engine");
        status.append_child(&engine)?;
    }
    Ok(())
}
