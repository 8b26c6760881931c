//! The options page: the user's profiles.

use wasm_bindgen::prelude::*;

use super::dom;

/// Entry point of the options page.
#[wasm_bindgen]
pub fn start_options() -> Result<(), JsValue> {
    let doc = dom::document()?;
    let main = doc
        .get_element_by_id("options")
        .ok_or_else(|| JsValue::from_str("options.html lacks #options"))?;
    main.set_text_content(None);
    let heading = dom::element_with_text(&doc, "h2", "Profiles")?;
    main.append_child(&heading)?;
    let empty = dom::element_with_text(&doc, "p", "No profiles yet.")?;
    empty.set_class_name("note");
    main.append_child(&empty)?;
    Ok(())
}
