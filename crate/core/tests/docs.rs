//! Keeps `docs/profiles.md` in step with the code: every preset, parameter
//! and template is documented, and the documented examples import.

use std::fs;
use std::path::PathBuf;

use clientfill_core::preset::PRESETS;
use clientfill_core::profile::{import, FORMAT, VERSION};

fn doc() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/profiles.md");
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

/// Every row of the "Examples" table derives, for each provider, exactly the
/// URIs it shows.
#[test]
fn the_documented_examples_per_provider_are_derived() {
    use clientfill_core::profile::Profile;
    use clientfill_core::provider::Provider;

    let doc = doc();
    let start = doc
        .find("### Examples, with the values they give")
        .expect("the examples");
    let table = &doc[start..doc[start..].find("\n### ").map_or(doc.len(), |e| start + e)];
    let codes = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    let mut rows = 0;
    for line in table.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
        let head = codes(cells[0]);
        let (preset, params) = (&head[0], &head[1]);
        let json = format!(
            r#"{{"format":"clientfill-profiles","version":1,"profiles":[{{"id":"x","name":"X","preset":"{preset}","params":{params}}}]}}"#
        );
        let profile: Profile = import(&json)
            .unwrap_or_else(|e| panic!("{line}: {e:?}"))
            .remove(0);
        assert_eq!(cells.len(), 1 + Provider::ALL.len(), "{line}");
        for (provider, cell) in Provider::ALL.into_iter().zip(&cells[1..]) {
            match profile.values_for(provider) {
                Ok(values) => {
                    assert_eq!(
                        values.redirect_uris,
                        codes(cell),
                        "{preset} {params} for {provider:?}"
                    )
                }
                // A login the broker does not offer is written as such.
                Err(problems) => {
                    assert_eq!(problems[0].path, "provider", "{preset}: {problems:?}");
                    assert_eq!(
                        cell.trim(),
                        format!("no {} login", provider.label()),
                        "{preset}"
                    );
                }
            }
        }
        rows += 1;
    }
    assert!(rows >= 10, "only {rows} rows read");
}

/// Every JSON example in README.md and docs/ imports as printed.
#[test]
fn every_json_example_in_readme_and_docs_imports() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = vec![root.join("README.md")];
    for entry in fs::read_dir(root.join("docs")).expect("docs/") {
        let path = entry.expect("a docs entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    let mut examples = 0;
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for block in text.split("```json\n").skip(1) {
            let json = &block[..block.find("```").expect("a closed block")];
            if !json.contains("\"clientfill-profiles\"") {
                continue;
            }
            import(json).unwrap_or_else(|e| panic!("{}: {e:?}\n{json}", file.display()));
            examples += 1;
        }
    }
    assert!(examples >= 2, "only {examples} examples found");
}
