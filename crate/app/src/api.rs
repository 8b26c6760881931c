//! Functions for scripts that use the extension's own rules directly (the
//! build's module exports them): validating a profiles document.

use wasm_bindgen::prelude::*;

use clientfill_core::profile;

/// Validates a profiles document and returns it in canonical form (what the
/// options page would store); an invalid document throws one message per
/// problem, each with its path.
#[wasm_bindgen]
pub fn normalize_profiles(json: &str) -> Result<String, JsValue> {
    profile::import(json)
        .map(|profiles| profile::export(&profiles))
        .map_err(|problems| {
            let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            JsValue::from(js_sys::Error::new(&lines.join("\n")))
        })
}
