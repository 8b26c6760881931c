//! The content script's side of its messages, written by hand over
//! `js_sys` rather than through serde: serde's derive code, its number
//! formatting and serde-wasm-bindgen would be most of the bytes every portal
//! page downloads. The shapes are those of `clientfill_core::messages` (the
//! extension pages decode them with serde); `tests/wire.rs` checks the two
//! agree, both ways.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use clientfill_core::fill::FillOptions;
use clientfill_core::messages::{ContentRequest, ContentState, FillResult};
use clientfill_core::names::NameWarning;
use clientfill_core::page::{is_secret, PageKind, PageSnapshot};
use clientfill_core::portal::Portal;
use clientfill_core::profile::ClientValues;

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(object: &JsValue, key: &str) -> Option<String> {
    get(object, key).as_string()
}

fn texts(object: &JsValue, key: &str) -> Option<Vec<String>> {
    let list = get(object, key);
    if list.is_undefined() || list.is_null() {
        return Some(Vec::new());
    }
    let list = list.dyn_into::<Array>().ok()?;
    list.iter().map(|item| item.as_string()).collect()
}

/// `Some(text)`, `None` for null or absent; `Err` for anything else.
fn optional(object: &JsValue, key: &str) -> Result<Option<String>, ()> {
    let value = get(object, key);
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        value.as_string().map(Some).ok_or(())
    }
}

fn flag(object: &JsValue, key: &str) -> Option<bool> {
    let value = get(object, key);
    if value.is_undefined() {
        Some(false)
    } else {
        value.as_bool()
    }
}

/// Decodes a request to the content script; `None` for anything that is
/// not one, which the script then ignores.
pub fn decode_request(message: &JsValue) -> Option<ContentRequest> {
    if !message.is_object() {
        return None;
    }
    match text(message, "type")?.as_str() {
        "getState" => Some(ContentRequest::GetState),
        "fill" => {
            let values = get(message, "values");
            if !values.is_object() {
                return None;
            }
            let options = get(message, "options");
            let overwrite = if options.is_object() {
                flag(&options, "overwrite")?
            } else {
                false
            };
            let o = |key| optional(&values, key).ok();
            Some(ContentRequest::Fill {
                values: Box::new(ClientValues {
                    app_name: o("appName")?,
                    description: o("description")?,
                    company_name: o("companyName")?,
                    website_url: o("websiteUrl")?,
                    redirect_uris: texts(&values, "redirectUris")?,
                    privacy_policy_url: o("privacyPolicyUrl")?,
                    contact_email: o("contactEmail")?,
                    deauthorize_url: o("deauthorizeUrl")?,
                    data_deletion_url: o("dataDeletionUrl")?,
                    implicit_oauth: flag(&values, "implicitOauth")?,
                    javascript_origins: texts(&values, "javascriptOrigins").unwrap_or_default(),
                }),
                options: FillOptions { overwrite },
            })
        }
        _ => None,
    }
}

/// A fill request with a value in each kind of field, for
/// [`script::warm_up`](crate::script): it is decoded and planned, never
/// applied.
pub fn sample_fill_request() -> JsValue {
    let example = "https://www.example.com/callback".to_owned();
    let values = Builder::new()
        .set("appName", "Example")
        .set("websiteUrl", "https://www.example.com")
        .set("contactEmail", "dev@example.com")
        .set_list("redirectUris", &[example])
        .build();
    Builder::new()
        .set("type", "fill")
        .set("values", values)
        .build()
}

/// A plain object built key by key.
struct Builder(Object);

impl Builder {
    fn new() -> Self {
        Builder(Object::new())
    }

    fn set(self, key: &str, value: impl Into<JsValue>) -> Self {
        self.put(key, &value.into())
    }

    // One copy for every key of every message, not one per call.
    #[inline(never)]
    fn put(self, key: &str, value: &JsValue) -> Self {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), value);
        self
    }

    fn set_opt(self, key: &str, value: &Option<String>) -> Self {
        match value {
            Some(value) => self.set(key, value.as_str()),
            None => self.set(key, JsValue::NULL),
        }
    }

    fn set_list(self, key: &str, items: &[String]) -> Self {
        let list: Array = items.iter().map(|s| JsValue::from_str(s)).collect();
        self.set(key, list)
    }

    fn build(self) -> JsValue {
        self.0.into()
    }
}

/// The answer to `getState`.
pub fn encode_state(state: &ContentState) -> JsValue {
    let message = Builder::new()
        .set("kind", state.kind.as_str())
        .set("engine", state.engine.as_str())
        .set("url", state.url.as_str());
    message.set_opt("pageText", &state.page_text).build()
}

/// The answer to `fill`.
pub fn encode_fill_result(result: &FillResult) -> JsValue {
    let lines: Array = result
        .lines
        .iter()
        .map(|line| {
            Builder::new()
                .set("field", line.field.as_str())
                .set("outcome", line.outcome.as_str())
                .set("detail", line.detail.as_str())
                .build()
        })
        .collect();
    Builder::new()
        .set("lines", lines)
        .set_list("warnings", &result.warnings)
        .set_list("errors", &result.errors)
        .build()
}

/// `diagnose` for the background: a login error page's address and text.
#[cfg(feature = "login")]
pub fn encode_diagnose(url: &str, text: &str) -> JsValue {
    Builder::new()
        .set("type", "diagnose")
        .set("url", url)
        .set("text", text)
        .build()
}

/// What the content script shows of the doctor's report.
#[cfg(feature = "login")]
pub struct DoctorReply {
    /// `data-verdict`.
    pub verdict: String,
    /// The heading.
    pub title: String,
    /// The facts.
    pub lines: Vec<String>,
    /// What to do.
    pub fix: String,
    /// Where to do it.
    pub settings_url: Option<String>,
}

/// Reads the background's answer to `diagnose`.
#[cfg(feature = "login")]
pub fn decode_diagnosis(reply: &JsValue) -> Option<DoctorReply> {
    if !reply.is_object() {
        return None;
    }
    Some(DoctorReply {
        verdict: text(reply, "verdict")?,
        title: text(reply, "title")?,
        lines: texts(reply, "lines")?,
        fix: text(reply, "fix")?,
        settings_url: optional(reply, "settingsUrl").ok()?,
    })
}

/// `pageDetected` for the background.
pub fn encode_page_detected(kind: PageKind) -> JsValue {
    Builder::new()
        .set("type", "pageDetected")
        .set("kind", kind.as_str())
        .build()
}

/// `pageShown` for the background, which captures from the page: `page`
/// as the portal saved it, every secret's value left empty
/// ([`is_secret`]) so none leaves the page.
pub fn encode_page_shown(page: &PageSnapshot) -> JsValue {
    let fields: Array = page
        .fields
        .iter()
        .map(|f| {
            let secret = is_secret(&f.label, &f.input_type);
            Builder::new()
                .set("index", f.index as f64)
                .set("tag", f.tag.as_str())
                .set("inputType", f.input_type.as_str())
                .set("id", f.id.as_str())
                .set("name", f.name.as_str())
                .set("label", f.label.as_str())
                .set("value", if secret { "" } else { f.value.as_str() })
                .set("checked", f.checked)
                .set("widget", f.widget.as_str())
                .set_list("tokens", if secret { &[] } else { f.tokens.as_slice() })
                .set("userEdited", f.user_edited)
                .set("group", f.group.as_str())
                .build()
        })
        .collect();
    let records: Array = page
        .records
        .iter()
        .map(|r| {
            let facts: Array = r
                .facts
                .iter()
                .map(|fact| {
                    let secret = is_secret(&fact.label, "");
                    Builder::new()
                        .set("label", fact.label.as_str())
                        .set("value", if secret { "" } else { fact.value.as_str() })
                        .build()
                })
                .collect();
            Builder::new()
                .set("heading", r.heading.as_str())
                .set("facts", facts)
                .build()
        })
        .collect();
    let groups: Array = page
        .groups
        .iter()
        .map(|g| {
            Builder::new()
                .set("name", g.name.as_str())
                .set_list("buttons", &g.buttons)
                .build()
        })
        .collect();
    let snapshot = Builder::new()
        .set("url", page.url.as_str())
        .set_list("headings", &page.headings)
        .set_list("buttons", &page.buttons)
        .set("fields", fields)
        .set("records", records)
        .set_list("notices", &page.notices)
        .set("groups", groups)
        .build();
    Builder::new()
        .set("type", "pageShown")
        .set("page", snapshot)
        .build()
}

/// `checkName` for the background: the live check of the name typed.
pub fn encode_check_name(portal: Portal, name: &str) -> JsValue {
    Builder::new()
        .set("type", "checkName")
        .set("portal", portal.as_str())
        .set("name", name)
        .build()
}

/// Reads the background's answer to `checkName`: `Some(None)` for null (the
/// name is fine), `None` for anything that is not an answer.
pub fn decode_name_warning(reply: &JsValue) -> Option<Option<NameWarning>> {
    if reply.is_null() {
        return Some(None);
    }
    if !reply.is_object() {
        return None;
    }
    Some(Some(NameWarning {
        refused: flag(reply, "refused")?,
        title: text(reply, "title")?,
        lines: texts(reply, "lines")?,
        suggestion: optional(reply, "suggestion").ok()?,
    }))
}
