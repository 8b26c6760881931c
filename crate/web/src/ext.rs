//! Bindings to the extension APIs (`chrome.*` / `browser.*`) through the one
//! hand-written JS module, plus typed helpers over the message channels.

use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/ext.js")]
extern "C" {
    #[wasm_bindgen(js_name = runtimeSendMessage)]
    fn runtime_send_message(message: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = tabsSendMessage)]
    fn tabs_send_message(tab_id: i32, message: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = activeTabId)]
    fn active_tab_id_promise() -> js_sys::Promise;
    #[wasm_bindgen(js_name = tabUrl)]
    fn tab_url_promise(tab_id: i32) -> js_sys::Promise;
    #[wasm_bindgen(js_name = portalPatterns)]
    fn portal_patterns_promise() -> js_sys::Promise;
    #[wasm_bindgen(js_name = permissionsRequest)]
    fn permissions_request_promise(origins: &js_sys::Array) -> js_sys::Promise;
    #[wasm_bindgen(js_name = permissionsRemove)]
    fn permissions_remove_promise(origins: &js_sys::Array) -> js_sys::Promise;
    #[wasm_bindgen(js_name = permissionsContains)]
    fn permissions_contains_promise(origins: &js_sys::Array) -> js_sys::Promise;
    #[wasm_bindgen(js_name = addPermissionsListener)]
    fn add_permissions_listener(handler: &Closure<dyn FnMut()>) -> js_sys::Function;
    #[wasm_bindgen(js_name = addMessageListener)]
    fn add_message_listener(
        handler: &Closure<dyn FnMut(JsValue, JsValue) -> JsValue>,
    ) -> js_sys::Function;
    #[wasm_bindgen(js_name = storageGet)]
    fn storage_get_promise(keys: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storageSet)]
    fn storage_set_promise(items: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = openOptionsPage)]
    fn open_options_page_promise() -> js_sys::Promise;
    #[wasm_bindgen(js_name = copyText)]
    fn copy_text_promise(text: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = hasHostAccess)]
    fn has_host_access_promise() -> js_sys::Promise;
    #[wasm_bindgen(js_name = requestHostAccess)]
    fn request_host_access_promise() -> js_sys::Promise;
    #[wasm_bindgen(js_name = addStorageListener)]
    fn add_storage_listener(handler: &Closure<dyn FnMut(JsValue)>) -> js_sys::Function;
    #[wasm_bindgen(js_name = setBadgeText)]
    fn set_badge_text_promise(tab_id: i32, text: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = setTitle)]
    fn set_title_promise(tab_id: i32, title: &str) -> js_sys::Promise;
}

/// What can go wrong talking to the extension APIs.
#[derive(Debug)]
pub enum ExtError {
    /// The API call failed (for example: no content script in that tab).
    Api(String),
    /// A message or reply did not have the expected shape.
    Malformed(String),
}

impl ExtError {
    /// What went wrong, in a sentence; built without `core::fmt`, which the
    /// content script does not link.
    pub fn text(&self) -> String {
        match self {
            ExtError::Api(message) => message.clone(),
            ExtError::Malformed(message) => ["unexpected message: ", message].concat(),
        }
    }
}

impl std::fmt::Display for ExtError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

/// Result alias of this module.
pub type Result<T> = std::result::Result<T, ExtError>;

fn js_error_text(value: &JsValue) -> String {
    crate::dom::describe_error(value)
}

/// Storage and messages use JSON-compatible values (maps become objects).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| ExtError::Malformed(e.to_string()))
}

/// Converts a JS value into `T`, reporting a shape mismatch as an error.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T> {
    serde_wasm_bindgen::from_value(value).map_err(|e| ExtError::Malformed(e.to_string()))
}

async fn settle(promise: js_sys::Promise) -> Result<JsValue> {
    JsFuture::from(promise)
        .await
        .map_err(|e| ExtError::Api(js_error_text(&e)))
}

/// Sends `request` to the content script of `tab_id` and decodes its reply.
pub async fn send_to_tab<Q: Serialize, R: DeserializeOwned>(tab_id: i32, request: &Q) -> Result<R> {
    let reply = settle(tabs_send_message(tab_id, &to_js(request)?)).await?;
    reject_error_reply(&reply)?;
    from_js(reply)
}

/// Sends `request` to the background context, ignoring any reply.
pub async fn send_to_background<Q: Serialize>(request: &Q) -> Result<()> {
    settle(runtime_send_message(&to_js(request)?))
        .await
        .map(drop)
}

/// Sends `request` to the background context and decodes its reply.
pub async fn ask_background<Q: Serialize, R: DeserializeOwned>(request: &Q) -> Result<R> {
    let reply = settle(runtime_send_message(&to_js(request)?)).await?;
    reject_error_reply(&reply)?;
    from_js(reply)
}

/// Sends a message already built as a JS value to the background (for
/// contexts that build their messages without serde); an error reply is an
/// error, any other reply is ignored.
pub async fn send_js_to_background(message: &JsValue) -> Result<()> {
    let reply = settle(runtime_send_message(message)).await?;
    reject_error_reply(&reply)
}

/// Sends a message already built as a JS value to the background and
/// returns its reply (an error reply is an error).
pub async fn ask_js_background(message: &JsValue) -> Result<JsValue> {
    let reply = settle(runtime_send_message(message)).await?;
    reject_error_reply(&reply)?;
    Ok(reply)
}

/// The address of tab `tab_id`, where the extension may see it: `None` on a
/// page outside its host permissions.
pub async fn tab_url(tab_id: i32) -> Result<Option<String>> {
    Ok(settle(tab_url_promise(tab_id)).await?.as_string())
}

/// The match patterns of the pages the content script runs on: the
/// manifest's and the optional ones granted.
pub async fn portal_patterns() -> Vec<String> {
    settle(portal_patterns_promise())
        .await
        .map(|list| {
            js_sys::Array::from(&list)
                .iter()
                .filter_map(|p| p.as_string())
                .collect()
        })
        .unwrap_or_default()
}

fn origins(patterns: &[&str]) -> js_sys::Array {
    patterns.iter().map(|p| JsValue::from_str(p)).collect()
}

/// Asks the browser for host access to `patterns`. Starts the request at
/// once, so call it within the click that asks (a user gesture).
pub fn request_origins(patterns: &[&str]) -> impl std::future::Future<Output = Result<bool>> {
    let promise = permissions_request_promise(&origins(patterns));
    async move { Ok(settle(promise).await?.as_bool().unwrap_or(false)) }
}

/// Gives up host access to `patterns`.
pub async fn remove_origins(patterns: &[&str]) -> Result<bool> {
    Ok(settle(permissions_remove_promise(&origins(patterns)))
        .await?
        .as_bool()
        .unwrap_or(false))
}

/// Whether the extension holds host access to every one of `patterns`.
pub async fn has_origins(patterns: &[&str]) -> Result<bool> {
    Ok(settle(permissions_contains_promise(&origins(patterns)))
        .await?
        .as_bool()
        .unwrap_or(false))
}

/// Calls `handler` whenever host access is granted or removed; the
/// listener lives as long as the returned value.
pub struct PermissionsListener {
    remove: js_sys::Function,
    _closure: Closure<dyn FnMut()>,
}

impl PermissionsListener {
    /// Starts listening.
    pub fn new(handler: impl FnMut() + 'static) -> Self {
        let closure = Closure::<dyn FnMut()>::new(handler);
        let remove = add_permissions_listener(&closure);
        PermissionsListener {
            remove,
            _closure: closure,
        }
    }
}

impl Drop for PermissionsListener {
    fn drop(&mut self) {
        let _ = self.remove.call0(&JsValue::NULL);
    }
}

/// The id of the active tab of the current window, if any.
pub async fn active_tab_id() -> Result<Option<i32>> {
    let id = settle(active_tab_id_promise()).await?;
    Ok(id.as_f64().map(|id| id as i32))
}

/// Sets the toolbar badge of one tab.
pub async fn set_badge_text(tab_id: i32, text: &str) -> Result<()> {
    settle(set_badge_text_promise(tab_id, text)).await.map(drop)
}

/// Sets the toolbar button's tooltip for one tab.
pub async fn set_title(tab_id: i32, title: &str) -> Result<()> {
    settle(set_title_promise(tab_id, title)).await.map(drop)
}

/// Reads `keys` from `storage.local` as a JSON object.
pub async fn storage_get(keys: &[&str]) -> Result<serde_json::Map<String, serde_json::Value>> {
    let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    let items = settle(storage_get_promise(&to_js(&keys)?)).await?;
    from_js(items)
}

/// Writes `items` (a JSON object) to `storage.local`.
pub async fn storage_set(items: &serde_json::Value) -> Result<()> {
    settle(storage_set_promise(&to_js(items)?)).await.map(drop)
}

/// Opens the options page.
pub async fn open_options_page() -> Result<()> {
    settle(open_options_page_promise()).await.map(drop)
}

/// Copies `text` to the clipboard.
pub async fn copy_text(text: &str) -> Result<()> {
    settle(copy_text_promise(text)).await.map(drop)
}

/// Whether the user granted access to the portal sites.
pub async fn has_host_access() -> Result<bool> {
    Ok(settle(has_host_access_promise()).await?.is_truthy())
}

/// Asks the user for access to the portal sites. Call it from the click
/// handler itself: the browser only asks within a user gesture.
pub fn request_host_access() -> impl std::future::Future<Output = Result<bool>> {
    let promise = request_host_access_promise();
    async move { Ok(settle(promise).await?.is_truthy()) }
}

/// The time now, in ms since the epoch: the one clock the pure modules are given.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A handler's error reply (`{error}`) is an error here too.
fn reject_error_reply(reply: &JsValue) -> Result<()> {
    let error = js_sys::Reflect::get(reply, &JsValue::from_str("error")).unwrap_or_default();
    match error.as_string() {
        Some(message) if reply.is_object() => Err(ExtError::Api(message)),
        _ => Ok(()),
    }
}

/// A `runtime.onMessage` listener that is removed when dropped.
pub struct MessageListener {
    _handler: Closure<dyn FnMut(JsValue, JsValue) -> JsValue>,
    remove: js_sys::Function,
}

impl MessageListener {
    /// Listens with `handler(message, sender_tab_id)`; it returns the reply
    /// (a value or a promise) or `undefined` for messages it does not handle.
    pub fn new(handler: impl FnMut(JsValue, Option<i32>) -> JsValue + 'static) -> Self {
        let mut handler = handler;
        let handler = Closure::new(move |message: JsValue, tab: JsValue| {
            handler(message, tab.as_f64().map(|id| id as i32))
        });
        let remove = add_message_listener(&handler);
        MessageListener {
            _handler: handler,
            remove,
        }
    }
}

impl Drop for MessageListener {
    fn drop(&mut self) {
        // Removing an already removed listener is harmless; nothing to report.
        let _ = self.remove.call0(&JsValue::NULL);
    }
}

/// A `storage.onChanged` listener (local area) that is removed when dropped.
pub struct StorageListener {
    _handler: Closure<dyn FnMut(JsValue)>,
    remove: js_sys::Function,
}

impl StorageListener {
    /// Calls `handler(key, new_value)` for each changed key (`None`: removed).
    pub fn new(mut handler: impl FnMut(&str, Option<serde_json::Value>) + 'static) -> Self {
        let handler = Closure::new(move |changes: JsValue| {
            let Ok(changes) = from_js::<serde_json::Map<String, serde_json::Value>>(changes) else {
                return;
            };
            for (key, change) in changes {
                handler(&key, change.get("newValue").cloned());
            }
        });
        let remove = add_storage_listener(&handler);
        StorageListener {
            _handler: handler,
            remove,
        }
    }
}

impl Drop for StorageListener {
    fn drop(&mut self) {
        // Removing an already removed listener is harmless; nothing to report.
        let _ = self.remove.call0(&JsValue::NULL);
    }
}
