//! Keeps `docs/profiles.md` in step with the code: every preset, parameter
//! and template is documented, and the documented examples import.

use std::fs;
use std::path::PathBuf;

use clientfill::preset::PRESETS;
use clientfill::profile::{import, FORMAT, VERSION};

fn doc() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/profiles.md");
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_preset_param_and_template_is_documented() {
    let doc = doc();
    for preset in PRESETS {
        assert!(
            doc.contains(&format!("`{}` {}", preset.id, preset.label)),
            "{}",
            preset.id
        );
        for spec in preset.params {
            assert!(
                doc.contains(&format!("`{}`", spec.name)),
                "{}.{}",
                preset.id,
                spec.name
            );
        }
        for template in preset.templates() {
            assert!(
                doc.contains(&format!("`{template}`")),
                "{}: {template}",
                preset.id
            );
        }
    }
    assert!(doc.contains(&format!("\"format\": \"{FORMAT}\"")));
    assert!(doc.contains(&format!("\"version\": {VERSION}")));
}

#[test]
fn the_documented_example_imports() {
    let doc = doc();
    let start = doc.find("```json\n").expect("an example document") + "```json\n".len();
    let end = start + doc[start..].find("```").expect("the example's end");
    let profiles = import(&doc[start..end]).expect("the example is valid");
    assert_eq!(profiles[0].id, "acme-eu");
    assert_eq!(profiles[1].id, "shop-strapi");
}

#[test]
fn the_documented_problems_are_the_real_messages() {
    let doc = doc();
    let json = r#"{"format":"clientfill-profiles","version":1,"profiles":[
        {"id":"acme","name":"A","preset":"auth0","params":{"tenant":"https://acme.eu.auth0.com"}},
        {"id":"acme","name":"B","preset":"token-testing"},
        {"name":"C","preset":"auth1"},
        {"name":"D","preset":"token-testing","colour":"red"}]}"#;
    for problem in import(json).unwrap_err() {
        assert!(
            doc.contains(&problem.to_string()),
            "not in the docs: {problem}"
        );
    }
}
