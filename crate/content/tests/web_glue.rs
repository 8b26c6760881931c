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
async fn read_gives_labels_and_values() {
    let container = mount(
        r#"<h1>Register  new
             Client ID</h1>
           <label for="id_name">Application Name</label><input id="id_name" name="name" value="Acme">
           <label>Description <textarea name="description">Hello</textarea></label>
           <input aria-label="Website URL" id="id_website_url" type="url">
           <span id="redir">Valid redirect URIs</span><input aria-labelledby="redir" id="r">
           <input type="checkbox" id="implicit" checked style="display:none">
           <button type="submit">Register</button><input type="button" value="Cancel">
           <label for="id_name">A later label of the same field</label>"#,
    );
    let doc = web_sys::window().unwrap().document().unwrap();
    let read = collect::read(&doc, &[], None).await.unwrap();
    let page = &read.page;

    assert!(
        page.has_heading("Register new Client ID"),
        "{:?}",
        page.headings
    );
    assert!(page.has_button("Register") && page.has_button("Cancel"));
    let by_id = |id: &str| page.fields.iter().find(|f| f.id == id).unwrap();
    // The first label of an id names it, as `querySelector` would find.
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
    assert_eq!(read.controls.len(), page.fields.len());
    container.remove();
}

#[wasm_bindgen_test]
async fn each_kind_of_control_reports_its_name() {
    let container = mount(
        r#"<input id="n_input" name="website_url">
           <textarea id="n_area" name="description"></textarea>
           <select id="n_select" name="platform"><option>Web</option></select>
           <div role="switch" id="n_switch" name="sandbox" aria-checked="true"></div>
           <input id="n_none">"#,
    );
    let doc = web_sys::window().unwrap().document().unwrap();
    let read = collect::read(&doc, &[], None).await.unwrap();
    let name = |id: &str| {
        let field = read.page.fields.iter().find(|f| f.id == id).unwrap();
        field.name.as_str()
    };
    assert_eq!(name("n_input"), "website_url");
    assert_eq!(name("n_area"), "description");
    assert_eq!(name("n_select"), "platform");
    // A switch drawn as an element has the attribute but no such property.
    assert_eq!(name("n_switch"), "sandbox");
    assert_eq!(name("n_none"), "");
    container.remove();
}

#[wasm_bindgen_test]
async fn read_indexes_fields_in_document_order() {
    let container = mount(
        r#"<input id="a"><select id="b"><option>x</option></select><textarea id="c"></textarea>"#,
    );
    let doc = web_sys::window().unwrap().document().unwrap();
    let read = collect::read(&doc, &[], None).await.unwrap();
    let page = &read.page;
    let ours: Vec<_> = page
        .fields
        .iter()
        .filter(|f| ["a", "b", "c"].contains(&f.id.as_str()))
        .map(|f| (f.id.as_str(), f.tag.as_str()))
        .collect();
    assert_eq!(ours, [("a", "input"), ("b", "select"), ("c", "textarea")]);
    assert!(page.fields.windows(2).all(|w| w[0].index < w[1].index));
    // fields[i] is controls[i].
    for (field, element) in page.fields.iter().zip(&read.controls) {
        assert_eq!(field.id, element.id());
    }
    container.remove();
}

#[wasm_bindgen_test]
async fn a_large_page_is_read_in_slices_and_completely() {
    let rows: String = (0..20000)
        .map(|i| format!(r#"<label for="x{i}">Extra {i}</label><input id="x{i}" name="x{i}">"#))
        .collect();
    let container = mount(&rows);
    let doc = web_sys::window().unwrap().document().unwrap();
    // A timer set before the read runs before it ends: the read yielded.
    let fired = std::rc::Rc::new(std::cell::Cell::new(false));
    let seen = fired.clone();
    let _timer = gloo_timers::callback::Timeout::new(0, move || seen.set(true));
    let read = collect::read(&doc, &[], None).await.unwrap();
    let extra: Vec<_> = read
        .page
        .fields
        .iter()
        .filter(|f| f.id.starts_with('x'))
        .collect();
    assert_eq!(extra.len(), 20000);
    assert_eq!(extra[19999].label, "Extra 19999");
    assert!(
        fired.get(),
        "the read never gave the page its main thread back"
    );
    container.remove();
}

/// The fields a test compares: what detection and planning use, and the
/// element each one is.
fn summary(read: &collect::PageRead) -> Vec<(String, String, String, String)> {
    assert_eq!(read.page.fields.len(), read.controls.len());
    read.page
        .fields
        .iter()
        .zip(&read.controls)
        .enumerate()
        .map(|(i, (f, e))| {
            assert_eq!(
                (f.index, f.id.as_str()),
                (i, e.id().as_str()),
                "fields[i] is controls[i]"
            );
            (
                f.id.clone(),
                f.name.clone(),
                f.label.clone(),
                f.value.clone(),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_read_of_the_form_alone_is_the_whole_reads_form_part() {
    let container = mount(
        r#"<h2>Heading outside</h2><input id="before"><label for="outside">Named from outside the form</label>
           <form id="f"><label for="a">A</label><input id="a" name="a">
             <input id="gone"><input id="outside" value="kept">
             <select id="s"><option>x</option></select></form>
           <label for="after">After</label><input id="after" name="after">"#,
    );
    let doc = web_sys::window().unwrap().document().unwrap();
    let form = doc.get_element_by_id("f").unwrap();
    // Fields come, go and are relabelled inside the form.
    doc.get_element_by_id("gone").unwrap().remove();
    form.insert_adjacent_html(
        "afterbegin",
        r#"<label>New <input id="new" name="new"></label>"#,
    )
    .unwrap();
    doc.query_selector("label[for=a]")
        .unwrap()
        .unwrap()
        .set_text_content(Some("A, renamed"));
    let alone = collect::read(&doc, &[], Some(&form)).await.unwrap();
    let whole = collect::read(&doc, &[], None).await.unwrap();
    let in_form: Vec<_> = summary(&whole)
        .into_iter()
        .zip(&whole.controls)
        .filter(|(_, e)| form.contains(Some(e)))
        .map(|(f, _)| f)
        .collect();
    assert_eq!(summary(&alone), in_form);
    let ids: Vec<_> = alone.page.fields.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["new", "a", "outside", "s"]);
    let labels: Vec<_> = alone.page.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(
        labels,
        ["New", "A, renamed", "Named from outside the form", ""]
    );
    // The page's texts are read whole.
    assert!(alone.page.has_heading("Heading outside"));
    container.remove();
}

#[wasm_bindgen_test]
fn each_portals_form_selector_finds_its_client_form_and_no_other() {
    use clientfill_core::{portal::Portal, portals};
    // The portals' markup (as the fixtures and the source pages have it),
    // each after a search form the selector must pass over.
    let forms = [
        (
            Portal::LegacyInstagram,
            r#"<input name="name"><input name="redirect_uri">"#,
        ),
        (
            Portal::GitHub,
            r#"<input name="oauth_application[name]"><input name="oauth_application[callback_url]">"#,
        ),
        (
            Portal::GitHub,
            r#"<input name="integration[name]"><input name="integration[application_callback_urls_attributes][0][url]">"#,
        ),
    ];
    let doc = web_sys::window().unwrap().document().unwrap();
    for (portal, inputs) in forms {
        let spec = portals::ALL.iter().find(|s| s.portal == portal).unwrap();
        let selector = spec.form_scope.unwrap();
        let container = mount(&format!(
            r#"<form id="search"><input name="q"><input name="name"></form><form id="client">{inputs}</form>"#
        ));
        let found = doc.query_selector(selector).unwrap().map(|f| f.id());
        assert_eq!(found.as_deref(), Some("client"), "{selector}");
        container.remove();
    }
}
