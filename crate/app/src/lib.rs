//! ClientFill's extension pages: the toolbar popup, the options page and the
//! background, each behind one exported `start_*` (or message) entry point
//! that its JS loader calls. Decisions live in `clientfill-core`.
//!
//! Everything here is wasm32-only; natively the crate is empty.
#![warn(missing_docs)]

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod background;
#[cfg(target_arch = "wasm32")]
mod editor;
#[cfg(target_arch = "wasm32")]
mod filling;
#[cfg(target_arch = "wasm32")]
mod options;
#[cfg(target_arch = "wasm32")]
mod popup;
#[cfg(target_arch = "wasm32")]
mod sites;

#[cfg(target_arch = "wasm32")]
pub use api::normalize_profiles;
#[cfg(target_arch = "wasm32")]
pub use background::{background_command, background_message};
#[cfg(target_arch = "wasm32")]
pub use options::start_options;
#[cfg(target_arch = "wasm32")]
pub use popup::start_popup;
