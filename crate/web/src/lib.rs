//! Browser glue shared by ClientFill's content script and extension pages:
//! small DOM helpers and the extension APIs (`chrome.*` / `browser.*`),
//! reached through one hand-written JS module (`js/ext.js`).
//!
//! Everything here is wasm32-only; natively the crate is empty, so the
//! workspace still builds and tests on the host.
#![warn(missing_docs)]

#[cfg(target_arch = "wasm32")]
pub mod dom;
#[cfg(target_arch = "wasm32")]
pub mod ext;
