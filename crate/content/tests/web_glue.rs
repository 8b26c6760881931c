//! The web-sys glue in a real browser (wasm-bindgen-test, headless Chromium).
#![cfg(target_arch = "wasm32")]

use clientfill_content::collect;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `html` in a fresh container; the runner owns `document.body`, so the
/// body itself is never replaced.
fn mount(html: &str) -> HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let container: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    container.set_inner_html(html);
    doc.body().unwrap().append_child(&container).unwrap();
    container
}

#[wasm_bindgen_test]
fn snapshot_reads_labels_values_and_visibility() {
    let container = mount(
        r#"<h1>Register  new
             Client ID</h1>
           <label for="id_name">Application Name</label><input id="id_name" name="name" value="Acme">
           <label>Description <textarea name="description">Hello</textarea></label>
           <input aria-label="Website URL" id="id_website_url" type="url">
           <span id="redir">Valid redirect URIs</span><input aria-labelledby="redir" id="r">
           <input type="checkbox" id="implicit" checked style="display:none">
           <button type="submit">Register</button><input type="button" value="Cancel">"#,
    );
    let doc = web_sys::window().unwrap().document().unwrap();
    let page = collect::snapshot(&doc, &[]).unwrap();

    assert!(
        page.has_heading("Register new Client ID"),
        "{:?}",
        page.headings
    );
    assert!(page.has_button("Register") && page.has_button("Cancel"));
    let by_id = |id: &str| page.fields.iter().find(|f| f.id == id).unwrap();
    assert_eq!(by_id("id_name").label, "Application Name");
    assert_eq!(by_id("id_name").value, "Acme");
    assert_eq!(by_id("id_name").name, "name");
    assert_eq!(by_id("id_website_url").label, "Website URL");
    assert_eq!(by_id("id_website_url").input_type, "url");
    assert_eq!(by_id("r").label, "Valid redirect URIs");
    let description = page.fields.iter().find(|f| f.tag == "textarea").unwrap();
    assert_eq!(description.label, "Description Hello");
    assert_eq!(description.value, "Hello");
    assert!(by_id("implicit").checked);
    assert!(!by_id("implicit").visible, "display:none is not visible");
    assert!(by_id("id_name").visible);
    container.remove();
}

#[wasm_bindgen_test]
fn snapshot_indexes_fields_in_document_order() {
    let container = mount(
        r#"<input id="a"><select id="b"><option>x</option></select><textarea id="c"></textarea>"#,
    );
    let doc = web_sys::window().unwrap().document().unwrap();
    let page = collect::snapshot(&doc, &[]).unwrap();
    let ours: Vec<_> = page
        .fields
        .iter()
        .filter(|f| ["a", "b", "c"].contains(&f.id.as_str()))
        .map(|f| (f.id.as_str(), f.tag.as_str()))
        .collect();
    assert_eq!(ours, [("a", "input"), ("b", "select"), ("c", "textarea")]);
    assert!(page.fields.windows(2).all(|w| w[0].index < w[1].index));
    container.remove();
}
