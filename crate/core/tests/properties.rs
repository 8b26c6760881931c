//! Property tests: no panic on any input, and the invariants the fuzz targets
//! check (shared through `crate/fuzz/checks.rs`), on random and on
//! structured inputs that reach deep into the validators.
//!
//! Native only: proptest is not built for the browser target.
#![cfg(not(target_arch = "wasm32"))]

use clientfill_core::credentials::{find_credentials, ClientSecret, Credential, MetaAppId};
use clientfill_core::names::{check_name, Severity};
use clientfill_core::portal::Portal;
use clientfill_core::preset::{ParamKind, PRESETS};
use clientfill_core::profile::import;
use clientfill_core::uri::{diagnose, RedirectUri};
use proptest::prelude::*;
use serde_json::{json, Value};

#[path = "../fuzz/checks.rs"]
mod checks;

/// Strings that sit on the validators' edges.
fn edge_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("acme.eu.auth0.com".to_owned()),
        Just("https://65e60559.ngrok.io/".to_owned()),
        Just("Acme.EU.auth0.com".to_owned()),
        Just("localhost:8080".to_owned()),
        Just("eu1.gigya.com".to_owned()),
        Just("gigya.com".to_owned()),
        Just("https".to_owned()),
        Just("master".to_owned()),
        Just("..".to_owned()),
        Just("bücher.example".to_owned()),
        Just("https://a.example/cb#x".to_owned()),
        Just("http://localhost".to_owned()),
        "[a-z0-9.:/?#@-]{0,24}",
        any::<String>(),
    ]
}

fn edge_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        edge_text().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        prop_oneof![
            Just(0u64),
            Just(443),
            Just(65535),
            Just(65536),
            any::<u64>()
        ]
        .prop_map(Value::from),
        Just(json!(-1)),
        Just(json!(1.5)),
        Just(Value::Null),
        prop::collection::vec(edge_text(), 0..4).prop_map(Value::from),
        Just(json!([1, "a"])),
        Just(json!({"x": 1})),
    ]
}

/// A profile object: a real preset with a mix of its own parameter names
/// and stray ones, or something broken.
fn profile_json() -> impl Strategy<Value = Value> {
    let preset = prop::sample::select(
        PRESETS
            .iter()
            .map(|p| p.id)
            .chain(["nope"])
            .collect::<Vec<_>>(),
    );
    (
        preset,
        prop::collection::vec((0usize..6, edge_value()), 0..5),
        prop::option::of("[a-z0-9-]{1,8}"),
        "[ -~]{0,12}",
        prop::option::of(edge_text()),
    )
        .prop_map(|(preset, params, id, name, email)| {
            let spec = PRESETS.iter().find(|p| p.id == preset);
            let mut object = serde_json::Map::new();
            for (index, value) in params {
                let key = spec
                    .and_then(|s| s.params.get(index))
                    .map_or("stray", |p| p.name);
                object.insert(key.to_owned(), value);
            }
            let mut profile = json!({"name": name, "preset": preset, "params": object});
            if let Some(id) = id {
                profile["id"] = id.into();
            }
            if let Some(email) = email {
                profile["contactEmail"] = email.into();
            }
            profile
        })
}

/// A valid value for each parameter kind, so whole documents import.
fn valid_params(preset: &clientfill_core::preset::Preset) -> Value {
    let mut object = serde_json::Map::new();
    for spec in preset.params {
        let value = match spec.kind {
            ParamKind::Domain => json!("login.example.com"),
            ParamKind::Host => json!("sso.example.com:8443"),
            ParamKind::Label => json!("acme-prod"),
            ParamKind::PathSegment => json!("master"),
            ParamKind::BaseUrl => json!("https://app.example.com/"),
            ParamKind::Url => json!("https://www.example.com"),
            ParamKind::UrlList => json!(["https://a.example/cb?", "https://a.example:443/cb"]),
            ParamKind::Choice { options } => json!(options[0].value),
            ParamKind::MultiChoice { options } => json!([options[0].value, options[1].value]),
            ParamKind::Port => json!(443),
            ParamKind::Flag { .. } => json!(true),
        };
        object.insert(spec.name.to_owned(), value);
    }
    Value::Object(object)
}

fn uri_like() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "https://",
            "http://",
            "HTTPS://",
            "ftp://",
            "https:",
            "",
            "https:///",
        ]),
        prop::sample::select(vec![
            "acme.eu.auth0.com",
            "Acme.EU.auth0.com",
            "www.example.com",
            "localhost",
            "127.0.0.1",
            "[::1]",
            "u:p@h.example",
            "",
            "bücher.example",
        ]),
        prop::sample::select(vec!["", ":443", ":80", ":3000", ":", ":99999"]),
        prop::sample::select(vec![
            "",
            "/",
            "/login/callback",
            "/login/callback/",
            "/GS/GSLogin.aspx",
            "/a b",
            "/Cb",
        ]),
        prop::sample::select(vec!["", "?", "?a=1", "#f", "?#"]),
    )
        .prop_map(|(a, b, c, d, e)| format!("{a}{b}{c}{d}{e}"))
}

// 256 cases each by default; set PROPTEST_CASES for a longer run.
proptest! {
    #[test]
    fn import_never_panics_on_any_text(text in any::<String>()) {
        checks::profile_import(text.as_bytes());
    }

    #[test]
    fn import_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        checks::profile_import(&bytes);
    }

    #[test]
    fn import_holds_its_invariants_on_structured_documents(
        profiles in prop::collection::vec(profile_json(), 0..6),
        version in prop_oneof![Just(json!(1)), Just(json!(2)), Just(json!("1"))],
    ) {
        let document = json!({"format": "clientfill-profiles", "version": version, "profiles": profiles});
        checks::profile_import(document.to_string().as_bytes());
    }

    #[test]
    fn valid_documents_import_with_every_preset(
        picks in prop::collection::vec((0..PRESETS.len(), "[A-Za-z][A-Za-z ]{0,11}"), 1..8),
    ) {
        let profiles: Vec<Value> = picks
            .iter()
            .map(|(i, name)| json!({"name": name, "preset": PRESETS[*i].id, "params": valid_params(&PRESETS[*i])}))
            .collect();
        let document = json!({"format": "clientfill-profiles", "version": 1, "profiles": profiles});
        let imported = import(&document.to_string());
        prop_assert!(imported.is_ok(), "{:?}", imported);
        let imported = imported.unwrap();
        prop_assert_eq!(imported.len(), picks.len());
        for profile in &imported {
            let uris = profile.values().unwrap().redirect_uris;
            for portal in Portal::ALL {
                prop_assert!(diagnose(portal, &uris, &uris).is_ok());
            }
        }
        checks::profile_import(document.to_string().as_bytes());
    }

    #[test]
    fn uri_checks_never_panic(text in any::<String>()) {
        checks::uri_parse(text.as_bytes());
    }

    #[test]
    fn uri_checks_hold_on_uri_like_strings(
        a in uri_like(),
        b in uri_like(),
        c in uri_like(),
    ) {
        checks::uri_parse(a.as_bytes());
        checks::uri_parse(format!("{a}\n{b}\n\n{c}\n{a}").as_bytes());
    }

    #[test]
    fn a_slash_is_always_a_near_miss(path in "/[a-z]{1,8}(/[a-z]{1,8}){0,2}") {
        let expected = format!("https://acme.example{path}");
        let registered = format!("{expected}/");
        prop_assert!(RedirectUri::parse(&expected).is_ok());
        for portal in Portal::ALL {
            let d = diagnose(
                portal,
                std::slice::from_ref(&expected),
                std::slice::from_ref(&registered),
            );
            prop_assert_eq!(d.near_misses.len(), 1);
            prop_assert_eq!(&d.near_misses[0].differences, &[clientfill_core::uri::Difference::TrailingSlash]);
        }
    }

    #[test]
    fn text_rules_never_panic(text in any::<String>()) {
        checks::text_rules(text.as_bytes());
    }

    #[test]
    fn a_standalone_term_is_always_an_error(
        before in "[a-z]{0,8}",
        after in "[a-z]{0,8}",
        term in prop::sample::select(vec!["IG", "Instagram", "insta", "gram"]),
    ) {
        let name = format!("{before} {term} {after}");
        let findings = check_name(Portal::LegacyInstagram, &name);
        let start = before.len() + 1;
        prop_assert!(
            findings.iter().any(|f| f.severity == Severity::Error && f.byte_span.start == start),
            "{name}: {findings:?}"
        );
    }

    #[test]
    fn credentials_are_found_wherever_they_stand(
        secret in "[0-9a-f]{32}",
        app_id in "[1-9][0-9]{14,15}",
        before in "[ A-Za-z:]{0,12}",
        after in "[ ,;]{1,4}[A-Za-z ]{0,12}",
    ) {
        prop_assert_eq!(ClientSecret::parse(&secret).map(|s| s.as_str().to_owned()), Some(secret.clone()));
        prop_assert!(MetaAppId::parse(&app_id).is_some());
        let text = format!("{before} {secret}{after} {app_id}");
        let found = find_credentials(&text);
        prop_assert_eq!(found.len(), 2, "{}", text);
        prop_assert!(matches!(found[1].credential, Credential::MetaAppId(_)));
        prop_assert_eq!(&text[found[0].byte_span.start..found[0].byte_span.end], secret.as_str());
    }
}
