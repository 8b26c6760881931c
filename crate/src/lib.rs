//! ClientFill: fills OAuth client registration forms on developer portals.
//!
//! The crate is split the way the extension works:
//! - pure modules decide everything (what a page is, what to fill, which URIs and
//!   names are acceptable) from plain data, and are tested natively;
//! - [`web`] (wasm32 only) is the thin glue that reads the DOM into a
//!   [`page::PageSnapshot`], applies plans and talks to the `chrome.*` APIs.
//!
//! ```
//! use clientfill::page::{PageKind, PageSnapshot};
//!
//! let page = PageSnapshot {
//!     url: "https://www.instagram.com/developer/clients/register/".into(),
//!     headings: vec!["Register new Client ID".into()],
//!     ..PageSnapshot::default()
//! };
//! assert_eq!(page.kind(), PageKind::LegacyRegister);
//! ```
#![warn(missing_docs)]

pub mod fill;
pub mod messages;
pub mod page;
pub mod portal;
pub mod portals;

// Pure core: profiles, presets and the portal rules.
// (core modules are declared below this line)
pub mod capture;
pub mod credentials;
pub mod names;
pub mod preset;
pub mod profile;
pub mod provider;
pub mod store;
pub mod uri;

#[cfg(target_arch = "wasm32")]
pub mod web;
