//! Messages between the extension's contexts: one serde enum per channel.
//!
//! Kept free of wasm types so the protocol is tested natively; the glue
//! converts with serde-wasm-bindgen.

use serde::{Deserialize, Serialize};

use crate::client::CapturedClient;
use crate::fill::{FillLine, FillOptions};
use crate::page::{PageKind, PageSnapshot};
use crate::portal::Portal;
use crate::profile::ClientValues;

/// Which build of the crate runs a content script.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Engine {
    /// The WebAssembly build.
    #[default]
    Wasm,
    /// The same crate compiled to JavaScript, used where the page's CSP refuses
    /// WebAssembly in content scripts.
    Js,
}

impl Engine {
    /// The name the loader passes in and the popup shows (`data-engine`).
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Wasm => "wasm",
            Engine::Js => "js",
        }
    }

    /// Parses the loader's name; anything unknown is an error, not a guess.
    pub fn parse(name: &str) -> Option<Engine> {
        match name {
            "wasm" => Some(Engine::Wasm),
            "js" => Some(Engine::Js),
            _ => None,
        }
    }
}

/// Popup → content script.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ContentRequest {
    /// Asks what the page is, as of now.
    GetState,
    /// Fills the page's form with `values`.
    Fill {
        /// What to fill, derived by the popup from the chosen profile for
        /// the page's provider: the content script parses no profile.
        values: Box<ClientValues>,
        /// What the user chose.
        #[serde(default)]
        options: FillOptions,
    },
}

/// The content script's answer to [`ContentRequest::Fill`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FillResult {
    /// A line per field.
    pub lines: Vec<FillLine>,
    /// Things to check before submitting.
    pub warnings: Vec<String>,
    /// What could not be done.
    pub errors: Vec<String>,
}

/// What a content script reports about its page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentState {
    /// The detected page kind.
    pub kind: PageKind,
    /// Which build runs the content script.
    pub engine: Engine,
    /// The page URL.
    pub url: String,
    /// On a login error page, its text: the extension pages read the
    /// refused login from it and the URL ([`login_error`](crate::portals::login_error)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_text: Option<String>,
}

/// Content script → background.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum BackgroundRequest {
    /// The content script (re)detected its page; the sender's tab is implied.
    PageDetected {
        /// What the page is.
        kind: PageKind,
    },
    /// The page shows these clients as the portal saved them. The
    /// background is the client store's one writer: it merges captures in
    /// the order they arrive, so none is lost when many tabs report at once.
    Captured {
        /// The clients, as the page's portal reads them.
        clients: Vec<CapturedClient>,
        /// The portal whose every client the page listed, if it did.
        #[serde(default)]
        complete: Option<Portal>,
    },
    /// A page that can show clients ([`capture::shows_clients`](crate::capture::shows_clients)),
    /// as the portal saved it: the background captures from it and merges
    /// the clients it finds, like [`BackgroundRequest::Captured`]. The page
    /// comes without its secrets' values ([`is_secret`](crate::page::is_secret)).
    PageShown {
        /// What the page shows.
        page: Box<PageSnapshot>,
    },
    /// The live name check's suggestion: the reply is the name's
    /// [`NameWarning`](crate::names::NameWarning), or null when the name is
    /// fine; the content script, which found the rest itself, takes its
    /// suggestion.
    CheckName {
        /// The portal whose rules apply.
        portal: Portal,
        /// The name in the field.
        name: String,
    },
    /// Asks how the client store is doing: the reply says why the last write
    /// failed, if it did (a full store, a newer version's store).
    Status,
    /// The user removes a captured client from the store (the popup).
    RemoveClient {
        /// Its id.
        client_id: String,
    },
    /// The user undoes a removal: the client as it was shown.
    RestoreClient {
        /// The removed client.
        client: CapturedClient,
    },
    /// A login error page asks what went wrong: the reply is the doctor's
    /// [`LoginDiagnosis`](crate::doctor::LoginDiagnosis), or null when the
    /// page shows no refused login.
    Diagnose {
        /// The page's address.
        url: String,
        /// Its text.
        text: String,
    },
}

/// The toolbar badge for a tab whose page is `kind`: empty where ClientFill
/// has nothing to do.
pub fn badge_text(kind: PageKind) -> &'static str {
    match kind {
        PageKind::None => "",
        _ => "ON",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_use_a_type_tag() {
        let json = serde_json::to_string(&ContentRequest::GetState).unwrap();
        assert_eq!(json, r#"{"type":"getState"}"#);
        let detected: BackgroundRequest =
            serde_json::from_str(r#"{"type":"pageDetected","kind":"legacy:edit"}"#).unwrap();
        assert_eq!(
            detected,
            BackgroundRequest::PageDetected {
                kind: PageKind::LegacyEdit
            }
        );
    }

    #[test]
    fn unknown_messages_are_rejected() {
        assert!(serde_json::from_str::<ContentRequest>(r#"{"type":"format-disk"}"#).is_err());
        assert!(serde_json::from_str::<BackgroundRequest>(r#"{"kind":"none"}"#).is_err());
    }

    #[test]
    fn state_serializes_camel_case_with_public_names() {
        let state = ContentState {
            kind: PageKind::LegacyRegister,
            engine: Engine::Js,
            url: "https://www.instagram.com/developer/clients/register/".into(),
            page_text: None,
        };
        let value = serde_json::to_value(&state).unwrap();
        assert_eq!(value["kind"], "legacy:register");
        assert_eq!(value["engine"], "js");
    }

    #[test]
    fn engine_names_round_trip() {
        for engine in [Engine::Wasm, Engine::Js] {
            assert_eq!(Engine::parse(engine.as_str()), Some(engine));
        }
        assert_eq!(Engine::parse("WASM"), None);
    }

    #[test]
    fn badge_is_shown_only_on_portal_pages() {
        assert_eq!(badge_text(PageKind::None), "");
        assert_eq!(badge_text(PageKind::LegacyManage), "ON");
    }
}
