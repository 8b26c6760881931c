//! ClientFill's content script, the only code that runs in portal pages:
//! it reads the page into a [`PageSnapshot`](clientfill_core::page::PageSnapshot)
//! ([`collect`]), replays the fill plans the core makes (`apply`), draws
//! the name warning in its own overlay (`overlay`), and reports what the
//! page shows of its clients to the background (`script`).
//!
//! It links only what it uses of `clientfill-core`: no profile parsing, no
//! JSON, no URL parser. Everything here is wasm32-only; natively the crate
//! is empty.
#![warn(missing_docs)]

#[cfg(target_arch = "wasm32")]
mod apply;
#[cfg(target_arch = "wasm32")]
pub mod collect;
#[cfg(target_arch = "wasm32")]
mod overlay;
#[cfg(target_arch = "wasm32")]
mod script;
#[cfg(target_arch = "wasm32")]
pub mod wire;

#[cfg(target_arch = "wasm32")]
pub use script::start_content;

/// The allocator: talc, smaller and faster in WebAssembly than the
/// standard library's dlmalloc (about 1.7 KB gzip less in every portal page).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
