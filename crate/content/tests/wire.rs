//! The content script's hand-written messages against the serde shapes the
//! extension pages decode and encode (`clientfill_core::messages`), in a real
//! browser (wasm-bindgen-test, headless Chromium).
#![cfg(target_arch = "wasm32")]

use clientfill_content::wire;
use clientfill_core::client::{CapturedClient, IdKind};
use clientfill_core::doctor::diagnose_login;
use clientfill_core::fill::{FillLine, FillOptions, Outcome};
use clientfill_core::messages::{
    BackgroundRequest, ContentRequest, ContentState, Engine, FillResult,
};
use clientfill_core::page::PageKind;
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

    let client = CapturedClient {
        client_id: "1029384756473829".into(),
        portal: Portal::Meta,
        app_name: "Acme IG".into(),
        website_url: None,
        redirect_uris: vec!["https://a.example/cb".into()],
        support_email: Some("x@acme.example".into()),
        profile_id: None,
        first_seen: 1_718_000_000_123,
        captured_at: 1_718_000_000_456,
        page_url: "https://developers.facebook.com/apps/1/instagram-business/API-Setup/".into(),
        id_kind: Some(IdKind::InstagramAppId),
        gone_at: Some(1_718_000_000_789),
        partial: true,
    };
    let plain = CapturedClient {
        id_kind: None,
        gone_at: None,
        partial: false,
        portal: Portal::LegacyInstagram,
        ..client.clone()
    };
    let both = [client, plain];
    for complete in [None, Some(Portal::LegacyInstagram)] {
        let captured: BackgroundRequest =
            serde_wasm_bindgen::from_value(wire::encode_captured(&both, complete)).unwrap();
        assert_eq!(
            captured,
            BackgroundRequest::Captured {
                clients: both.to_vec(),
                complete
            }
        );
    }
}
