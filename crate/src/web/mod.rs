//! The glue: DOM and extension APIs only, each context behind one `start_*`
//! entry point that its JS loader calls. Decisions live in the pure modules.

mod api;
mod apply;
mod background;
pub mod collect;
mod content;
mod dom;
mod ext;
mod options;
mod overlay;
mod popup;

pub use api::normalize_profiles;
pub use background::background_message;
pub use content::start_content;
pub use options::start_options;
pub use popup::start_popup;
