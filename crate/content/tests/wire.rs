//! The content script's hand-written messages against the serde shapes the
//! extension pages decode and encode (`clientfill_core::messages`), in a real
//! browser (wasm-bindgen-test, headless Chromium).
#![cfg(target_arch = "wasm32")]

use clientfill_content::wire;
use clientfill_core::client::CapturedClient;
use clientfill_core::doctor::diagnose_login;
use clientfill_core::fill::{FillLine, FillOptions, Outcome};
use clientfill_core::messages::{
    BackgroundRequest, ContentRequest, ContentState, Engine, FillResult,
};
use clientfill_core::names::name_warning;
use clientfill_core::page::{Fact, FieldSnapshot, Group, PageKind, PageSnapshot, Record, Widget};
use clientfill_core::portal::Portal;
use clientfill_core::portals::LoginError;
use clientfill_core::profile::ClientValues;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap()
}

fn values() -> ClientValues {
    ClientValues {
        app_name: Some("Acme “Login”".into()),
        description: None,
        company_name: Some("Acme".into()),
        website_url: Some("https://acme.example".into()),
        redirect_uris: vec![
            "https://a.example/cb".into(),
            "https://b.example/cb?".into(),
        ],
        privacy_policy_url: None,
        contact_email: Some("dev@acme.example".into()),
        deauthorize_url: Some("https://acme.example".into()),
        data_deletion_url: None,
        implicit_oauth: true,
        javascript_origins: vec!["https://acme.example".into()],
    }
}

fn error() -> LoginError {
    LoginError {
        client_id: "Ov23liAbCdEfGhIjKlMn".into(),
        redirect_uri: Some("https://acme.example/cb".into()),
        message: "The redirect_uri is not associated with this application.".into(),
    }
}

/// The background's diagnosis, as serde writes it, is read by the content
/// script's own decoder.
#[wasm_bindgen_test]
fn the_doctors_answer_is_read() {
    let clients: [CapturedClient; 0] = [];
    let found = diagnose_login(PageKind::GitHubLoginError, &error(), &clients);
    let reply = wire::decode_diagnosis(&to_js(&found)).expect("a diagnosis");
    assert_eq!(reply.verdict, found.verdict.as_str());
    assert_eq!(reply.title, found.title);
    assert_eq!(reply.lines, found.lines);
    assert_eq!(reply.fix, found.fix);
    assert_eq!(reply.settings_url, found.settings_url);
    assert!(wire::decode_diagnosis(&JsValue::from_str("no")).is_none());
}

#[wasm_bindgen_test]
fn requests_the_popup_sends_are_decoded() {
    let fill = ContentRequest::Fill {
        values: Box::new(values()),
        options: FillOptions { overwrite: true },
    };
    assert_eq!(wire::decode_request(&to_js(&fill)), Some(fill));
    assert_eq!(
        wire::decode_request(&to_js(&ContentRequest::GetState)),
        Some(ContentRequest::GetState)
    );
}

#[wasm_bindgen_test]
fn anything_else_is_not_a_request() {
    for bad in [
        r#"{"type":"formatDisk"}"#,
        r#"{"values":{}}"#,
        r#"{"type":"fill"}"#,
        r#"{"type":"fill","values":{"appName":42}}"#,
        r#"{"type":"fill","values":{"redirectUris":["a",1]}}"#,
        r#"{"type":"fill","values":{},"options":{"overwrite":"yes"}}"#,
        "null",
        "\"getState\"",
    ] {
        let value = js_sys::JSON::parse(bad).unwrap();
        assert_eq!(wire::decode_request(&value), None, "{bad}");
    }
}

#[wasm_bindgen_test]
fn answers_and_reports_decode_as_the_pages_expect() {
    let state = ContentState {
        kind: PageKind::MetaFacebookLogin,
        engine: Engine::Js,
        url: "https://developers.facebook.com/apps/1/fb-login/settings/".into(),
        page_text: None,
    };
    let decoded: ContentState = serde_wasm_bindgen::from_value(wire::encode_state(&state)).unwrap();
    assert_eq!(decoded, state);
    let refused = ContentState {
        kind: PageKind::GitHubLoginError,
        url: "https://github.com/login/oauth/authorize?client_id=Ov23liAbCdEfGhIjKlMn".into(),
        page_text: Some(
            "Be careful! The redirect_uri is not associated with this application.".into(),
        ),
        ..state.clone()
    };
    let decoded: ContentState =
        serde_wasm_bindgen::from_value(wire::encode_state(&refused)).unwrap();
    assert_eq!(decoded, refused);
    let diagnose: BackgroundRequest = serde_wasm_bindgen::from_value(wire::encode_diagnose(
        &refused.url,
        refused.page_text.as_deref().unwrap(),
    ))
    .unwrap();
    assert_eq!(
        diagnose,
        BackgroundRequest::Diagnose {
            url: refused.url.clone(),
            text: refused.page_text.clone().unwrap(),
        }
    );

    let result = FillResult {
        lines: vec![FillLine {
            field: "Web OAuth login".into(),
            outcome: Outcome::Skipped,
            detail: "Off".into(),
        }],
        warnings: vec!["w".into()],
        errors: vec![],
    };
    let decoded: FillResult =
        serde_wasm_bindgen::from_value(wire::encode_fill_result(&result)).unwrap();
    assert_eq!(decoded, result);

    let detected: BackgroundRequest =
        serde_wasm_bindgen::from_value(wire::encode_page_detected(PageKind::LegacyEdit)).unwrap();
    assert_eq!(
        detected,
        BackgroundRequest::PageDetected {
            kind: PageKind::LegacyEdit
        }
    );

    let check: BackgroundRequest = serde_wasm_bindgen::from_value(wire::encode_check_name(
        Portal::LegacyInstagram,
        "Insta “Pics”",
    ))
    .unwrap();
    assert_eq!(
        check,
        BackgroundRequest::CheckName {
            portal: Portal::LegacyInstagram,
            name: "Insta “Pics”".into()
        }
    );
}

/// The page the background captures from arrives as the page showed it,
/// every secret's value left empty.
#[wasm_bindgen_test]
fn a_shown_page_arrives_without_its_secrets() {
    let field = |index: usize, label: &str, input_type: &str, value: &str| FieldSnapshot {
        index,
        tag: "input".into(),
        input_type: input_type.into(),
        id: format!("f{index}"),
        name: format!("n{index}"),
        label: label.into(),
        value: value.into(),
        ..FieldSnapshot::default()
    };
    let fact = |label: &str, value: &str| Fact {
        label: label.into(),
        value: value.into(),
    };
    let chips = FieldSnapshot {
        widget: Widget::Chips,
        tokens: vec!["https://a.example/cb".into(), "https://b.example/cb".into()],
        checked: true,
        user_edited: true,
        group: "Valid OAuth Redirect URIs".into(),
        ..field(2, "Valid OAuth Redirect URIs", "text", "")
    };
    let shown = PageSnapshot {
        url: "https://www.instagram.com/developer/clients/c41d/edit/".into(),
        headings: vec!["Edit Client".into()],
        buttons: vec!["Update".into()],
        fields: vec![
            field(0, "Application Name", "text", "Acme"),
            field(
                1,
                "Client Secret",
                "text",
                "9e27b4c1d8f03a65e2b7c9d04f1a8e63",
            ),
            chips,
            field(3, "Password", "password", "hunter2"),
        ],
        records: vec![Record {
            heading: "Acme".into(),
            facts: vec![
                fact("CLIENT ID", "c41d9e07a2b35f68d1e4c7a09b2f5e38"),
                fact("CLIENT SECRET", "9e27b4c1d8f03a65e2b7c9d04f1a8e63"),
            ],
        }],
        notices: vec!["Saved".into()],
        text: String::new(),
        groups: vec![Group {
            name: "Valid OAuth Redirect URIs".into(),
            buttons: vec!["Add URI".into()],
        }],
    };
    let decoded: BackgroundRequest =
        serde_wasm_bindgen::from_value(wire::encode_page_shown(&shown)).unwrap();
    let mut expected = shown.clone();
    expected.fields[1].value.clear();
    expected.fields[3].value.clear();
    expected.records[0].facts[1].value.clear();
    assert_eq!(
        decoded,
        BackgroundRequest::PageShown {
            page: Box::new(expected)
        }
    );
}

/// The background's name check, as serde writes it, is read by the content
/// script's own decoder; null is a name with nothing found.
#[wasm_bindgen_test]
fn the_name_checks_answer_is_read() {
    for name in ["Insta Pics", "Telegram Tools"] {
        let warning = name_warning(Portal::LegacyInstagram, name).unwrap();
        assert_eq!(
            wire::decode_name_warning(&to_js(&warning)),
            Some(Some(warning))
        );
    }
    assert_eq!(wire::decode_name_warning(&JsValue::NULL), Some(None));
    assert_eq!(wire::decode_name_warning(&JsValue::from_str("no")), None);
}
