//! The content script: detects the portal page and answers the popup.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::{collect, dom, ext};
use crate::messages::{BackgroundRequest, ContentRequest, ContentState, Engine};

/// Everything the content script owns; dropping it removes its listeners.
struct ContentScript {
    _messages: ext::MessageListener,
}

thread_local! {
    static CONTENT: RefCell<Option<ContentScript>> = const { RefCell::new(None) };
}

/// Entry point of the content script; `engine` names the build the loader
/// chose (`wasm` or `js`).
#[wasm_bindgen]
pub fn start_content(engine: &str) -> Result<(), JsValue> {
    let engine = Engine::parse(engine)
        .ok_or_else(|| JsValue::from_str(&format!("unknown engine {engine:?}")))?;
    let state = current_state(engine)?;
    let messages = ext::MessageListener::new(move |message, _tab| handle(engine, message));
    CONTENT.with(|c| {
        *c.borrow_mut() = Some(ContentScript {
            _messages: messages,
        })
    });
    wasm_bindgen_futures::spawn_local(async move {
        let detected = BackgroundRequest::PageDetected { kind: state.kind };
        // The badge is a nicety: a missing background must not stop the page work.
        if let Err(error) = ext::send_to_background(&detected).await {
            web_sys::console::debug_1(&format!("ClientFill: badge not updated: {error}").into());
        }
    });
    Ok(())
}

/// The page is read afresh on every request, so late-rendered parts count.
fn current_state(engine: Engine) -> Result<ContentState, JsValue> {
    let page = collect::snapshot(&dom::document()?)?;
    Ok(ContentState {
        kind: page.kind(),
        engine,
        url: page.url,
    })
}

fn handle(engine: Engine, message: JsValue) -> JsValue {
    let Ok(request) = ext::from_js::<ContentRequest>(message) else {
        return JsValue::UNDEFINED;
    };
    let reply = match request {
        ContentRequest::GetState => current_state(engine)
            .map_err(|e| ext::ExtError::Api(format!("{e:?}")))
            .and_then(|state| ext::to_js(&state)),
    };
    reply.unwrap_or_else(|error| error_reply(&error.to_string()))
}

fn error_reply(message: &str) -> JsValue {
    let reply = js_sys::Object::new();
    // Setting a property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(&reply, &"error".into(), &message.into());
    reply.into()
}
