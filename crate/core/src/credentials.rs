//! Credentials the portals show: parsed into typed values, or nothing.
//!
//! - Legacy Instagram **Client ID** and **Client Secret**, and Meta's
//!   **Instagram App Secret**: exactly 32 lower-case hexadecimal characters.
//! - Meta's **App ID** and **Instagram app ID**: 10 to 20 ASCII digits (15
//!   or 16 today), no leading zero.
//!
//! `parse` accepts the value alone, with surrounding whitespace, or after one
//! of the labels the portals print beside it (see each type), followed by
//! optional `:` or `=`. Nothing else is trimmed, corrected or guessed: upper-case
//! hex, quotes, a wrong length or any other character gives `None`.
//!
//! [`find_credentials`] scans page text for them.
//!
//! ```
//! use clientfill_core::credentials::{LegacyClientId, MetaAppId};
//!
//! let id = LegacyClientId::parse("CLIENT ID: 0123456789abcdef0123456789abcdef").unwrap();
//! assert_eq!(id.as_str(), "0123456789abcdef0123456789abcdef");
//! assert!(LegacyClientId::parse("0123456789ABCDEF0123456789ABCDEF").is_none());
//! assert_eq!(MetaAppId::parse(" 563883201184965\n").unwrap().as_str(), "563883201184965");
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::names::Span;

/// The value was not a valid credential of the expected type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidCredential(&'static str);

impl fmt::Display for InvalidCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a valid {}", self.0)
    }
}

impl std::error::Error for InvalidCredential {}

fn is_hex32(value: &str) -> bool {
    value.len() == 32
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Meta's numeric ids grow over time (15 and 16 digits in 2024-2026, shorter
/// for old apps): any length from 10 to 20 digits, no leading zero.
fn is_app_id(value: &str) -> bool {
    (10..=20).contains(&value.len())
        && !value.starts_with('0')
        && value.bytes().all(|b| b.is_ascii_digit())
}

/// Trims whitespace and one leading label (ASCII case-insensitive) followed by
/// whitespace, `:` or `=`.
fn strip_label<'a>(text: &'a str, labels: &[&str]) -> &'a str {
    let text = text.trim();
    for label in labels {
        let Some(head) = text.get(..label.len()) else {
            continue;
        };
        let rest = &text[label.len()..];
        if head.eq_ignore_ascii_case(label)
            && rest.starts_with(|c: char| c.is_whitespace() || c == ':' || c == '=')
        {
            let rest = rest.trim_start();
            let rest = rest.strip_prefix([':', '=']).unwrap_or(rest);
            return rest.trim_start();
        }
    }
    text
}

const CLIENT_ID_LABELS: &[&str] = &["client id", "client_id"];
const SECRET_LABELS: &[&str] = &[
    "instagram app secret",
    "client secret",
    "client_secret",
    "app secret",
];
const APP_ID_LABELS: &[&str] = &[
    "instagram app id",
    "app id",
    "app_id",
    "client id",
    "client_id",
];

macro_rules! credential {
    ($(#[$doc:meta])* $name:ident, $what:literal, $valid:ident, $labels:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses the value, alone or after a label (see the type docs);
            /// `None` for anything else.
            pub fn parse(text: &str) -> Option<Self> {
                let value = strip_label(text, $labels);
                $valid(value).then(|| $name(value.to_owned()))
            }

            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidCredential;

            /// Exactly the value, nothing trimmed (for stored data).
            fn try_from(value: String) -> Result<Self, Self::Error> {
                if $valid(&value) {
                    Ok($name(value))
                } else {
                    Err(InvalidCredential($what))
                }
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

credential!(
    /// A legacy Instagram Client ID: 32 lower-case hex characters.
    ///
    /// Labels accepted by `parse`: `Client ID`, `client_id`.
    LegacyClientId,
    "Client ID",
    is_hex32,
    CLIENT_ID_LABELS
);

credential!(
    /// A client secret: the legacy Client Secret or Meta's Instagram App
    /// Secret, 32 lower-case hex characters. `Debug` does not show it.
    ///
    /// Labels accepted by `parse`: `Client Secret`, `client_secret`,
    /// `App Secret`, `Instagram App Secret`.
    ClientSecret,
    "client secret",
    is_hex32,
    SECRET_LABELS
);

credential!(
    /// A Meta App ID or Instagram app ID: 10 to 20 digits, no leading zero.
    ///
    /// Labels accepted by `parse`: `Instagram App ID`, `App ID`, `app_id`,
    /// `Client ID`, `client_id` (the OAuth parameter that carries it).
    MetaAppId,
    "App ID",
    is_app_id,
    APP_ID_LABELS
);

/// GitHub client ids: an OAuth App's (`Ov23li` and 14 letters or digits, 20
/// in all; apps made before 2024 have 20 lower-case hex) or a GitHub App's
/// (`Iv23li` and 14, older `Iv1.` and 16 hex).
fn is_github_client_id(value: &str) -> bool {
    let alnum = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric());
    let hex = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    match value.len() {
        20 => {
            hex(value)
                || ["Ov23", "Iv23"]
                    .iter()
                    .any(|p| value.starts_with(p) && alnum(value))
        }
        _ => value
            .strip_prefix("Iv1.")
            .is_some_and(|rest| rest.len() == 16 && hex(rest)),
    }
}

/// A Google OAuth client id: the project number, `-`, a lower-case hash and
/// `.apps.googleusercontent.com`.
fn is_google_client_id(value: &str) -> bool {
    let Some(head) = value.strip_suffix(".apps.googleusercontent.com") else {
        return false;
    };
    let Some((number, hash)) = head.split_once('-') else {
        return false;
    };
    (1..=20).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit())
        && (8..=64).contains(&hash.len())
        && hash
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// A Discord snowflake: 17 to 20 digits (they grow with time).
fn is_snowflake(value: &str) -> bool {
    (17..=20).contains(&value.len())
        && !value.starts_with('0')
        && value.bytes().all(|b| b.is_ascii_digit())
}

credential!(
    /// A GitHub OAuth App or GitHub App Client ID (see `is_github_client_id`).
    ///
    /// Labels accepted by `parse`: `Client ID`, `client_id`.
    GitHubClientId,
    "GitHub Client ID",
    is_github_client_id,
    CLIENT_ID_LABELS
);

credential!(
    /// A Google OAuth client id, `<number>-<hash>.apps.googleusercontent.com`.
    ///
    /// Labels accepted by `parse`: `Client ID`, `client_id`.
    GoogleClientId,
    "Google client ID",
    is_google_client_id,
    CLIENT_ID_LABELS
);

credential!(
    /// A Discord application id (the OAuth2 Client ID), a snowflake.
    ///
    /// Labels accepted by `parse`: `Client ID`, `client_id`, `Application ID`.
    DiscordClientId,
    "Discord Client ID",
    is_snowflake,
    DISCORD_ID_LABELS
);

const DISCORD_ID_LABELS: &[&str] = &["client id", "client_id", "application id"];

impl GitHubClientId {
    /// Whether the id is a GitHub App's (`Iv...`), not an OAuth App's.
    pub fn is_github_app(&self) -> bool {
        self.0.starts_with("Iv")
    }
}

impl fmt::Debug for GitHubClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("GitHubClientId").field(&self.0).finish()
    }
}

impl fmt::Debug for GoogleClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("GoogleClientId").field(&self.0).finish()
    }
}

impl fmt::Debug for DiscordClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DiscordClientId").field(&self.0).finish()
    }
}

impl fmt::Debug for LegacyClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("LegacyClientId").field(&self.0).finish()
    }
}

impl fmt::Debug for MetaAppId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("MetaAppId").field(&self.0).finish()
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Keeps secrets out of logs and panic messages.
        f.write_str("ClientSecret(<redacted>)")
    }
}

/// A credential found in page text, by what the text labels it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "value")]
pub enum Credential {
    /// 32 hex after a "Client ID" label.
    ClientId(LegacyClientId),
    /// 32 hex after a "Client Secret" / "App Secret" label.
    ClientSecret(ClientSecret),
    /// 32 hex without a label: an id or a secret, kept as secret-grade.
    UnlabeledHex(ClientSecret),
    /// 15-16 digits: a Meta App ID.
    MetaAppId(MetaAppId),
}

/// A credential and where it is in the scanned text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FoundCredential {
    /// The typed value.
    pub credential: Credential,
    /// Byte range in the scanned text.
    pub byte_span: Span,
}

/// Finds credentials in page text, in order.
///
/// A candidate is a whole *token*: a maximal run of ASCII letters, digits,
/// `.`, `-` and `_`, less sentence-ending dots. So the 32-hex tail of an
/// access token (`<user-id>.<7 hex>.<32 hex>`), a UUID or a longer hex string
/// is never taken for a credential, while `client_id=<hex>` in a URL is.
/// A 32-hex token is labelled by the text just before it (`Client ID`,
/// `Client Secret`, `App Secret`, with only spaces, `:`, `=` or quotes in
/// between). A 15-16 digit token preceded by `+` (a phone number) is skipped.
///
/// ```
/// use clientfill_core::credentials::{find_credentials, Credential};
///
/// let text = "CLIENT ID 0123456789abcdef0123456789abcdef\nCLIENT SECRET ffffffffffffffffffffffffffffffff";
/// let found = find_credentials(text);
/// assert!(matches!(&found[0].credential, Credential::ClientId(id) if id.as_str().starts_with("0123")));
/// assert!(matches!(&found[1].credential, Credential::ClientSecret(_)));
/// ```
pub fn find_credentials(text: &str) -> Vec<FoundCredential> {
    let is_token = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_');
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !is_token(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_token(bytes[i]) {
            i += 1;
        }
        // Token bytes are ASCII, so these are char boundaries.
        let token = text[start..i].trim_end_matches('.');
        let end = start + token.len();
        let before = &text[..start];
        let credential = if is_hex32(token) {
            let value = token.to_owned();
            Some(match label_before(before) {
                Some(Label::Id) => Credential::ClientId(LegacyClientId(value)),
                Some(Label::Secret) => Credential::ClientSecret(ClientSecret(value)),
                None => Credential::UnlabeledHex(ClientSecret(value)),
            })
        } else if (15..=16).contains(&token.len()) && is_app_id(token) && !before.ends_with('+') {
            // Unlabelled digits in free text: only today's lengths, as shorter or
            // longer runs are far more often timestamps or phone numbers.
            Some(Credential::MetaAppId(MetaAppId(token.to_owned())))
        } else {
            None
        };
        if let Some(credential) = credential {
            found.push(FoundCredential {
                credential,
                byte_span: Span { start, end },
            });
        }
    }
    found
}

enum Label {
    Id,
    Secret,
}

fn label_before(before: &str) -> Option<Label> {
    let before =
        before.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '=' | '"' | '\''));
    let ends_with = |label: &str| {
        before.len() >= label.len()
            && before.is_char_boundary(before.len() - label.len())
            && before[before.len() - label.len()..].eq_ignore_ascii_case(label)
    };
    if SECRET_LABELS.iter().any(|l| ends_with(l)) {
        Some(Label::Secret)
    } else if CLIENT_ID_LABELS.iter().any(|l| ends_with(l)) {
        Some(Label::Id)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // From the Strapi guide's example.
    const APP_ID: &str = "563883201184965";
    const SECRET: &str = "f5ba10a7dd78c2410ab6b8a35ab28226";

    #[test]
    fn parse_accepts_the_value_and_documented_labels_only() {
        assert_eq!(ClientSecret::parse(SECRET).unwrap().as_str(), SECRET);
        assert!(ClientSecret::parse(&format!("  {SECRET}\n")).is_some());
        assert!(ClientSecret::parse(&format!("Client Secret: {SECRET}")).is_some());
        assert!(ClientSecret::parse(&format!("client_secret={SECRET}")).is_some());
        assert!(ClientSecret::parse(&format!("Instagram App Secret {SECRET}")).is_some());
        assert!(LegacyClientId::parse(&format!("CLIENT ID\t{SECRET}")).is_some());
        for bad in [
            SECRET.to_uppercase(),
            format!("\"{SECRET}\""),
            format!("{SECRET}."),
            format!("{SECRET}0"),
            SECRET[1..].to_owned(),
            format!("ID: {SECRET}"),
            format!("Client ID{SECRET}"),
            format!("{}g", &SECRET[1..]),
            String::new(),
        ] {
            assert_eq!(LegacyClientId::parse(&bad), None, "{bad}");
        }
        assert_eq!(MetaAppId::parse(APP_ID).unwrap().as_str(), APP_ID);
        assert!(MetaAppId::parse("1234567890123456").is_some());
        assert!(MetaAppId::parse(&format!("Instagram App ID: {APP_ID}")).is_some());
        // Any plausible length, as Meta's ids grow.
        assert!(MetaAppId::parse("12345678901234").is_some());
        assert!(MetaAppId::parse("12345678901234567890").is_some());
        for bad in [
            "123456789",
            "123456789012345678901",
            "0123456789012345",
            "56388320118496x",
            "+563883201184965",
            "563 883 201 184 965",
        ] {
            assert_eq!(MetaAppId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let secret = ClientSecret::parse(SECRET).unwrap();
        assert_eq!(format!("{secret:?}"), "ClientSecret(<redacted>)");
        assert_eq!(secret.to_string(), SECRET);
        let found = format!("{:?}", find_credentials(SECRET));
        assert!(!found.contains(SECRET), "{found}");
    }

    #[test]
    fn serde_validates() {
        let id: MetaAppId = serde_json::from_str(&format!("\"{APP_ID}\"")).unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{APP_ID}\""));
        assert!(serde_json::from_str::<MetaAppId>("\"123\"").is_err());
        // Stored data must be exact: no label or whitespace trimming.
        assert!(serde_json::from_str::<ClientSecret>(&format!("\" {SECRET}\"")).is_err());
        let found =
            serde_json::to_value(&find_credentials(&format!("App Secret: {SECRET}"))[0]).unwrap();
        assert_eq!(found["credential"]["kind"], "clientSecret");
        assert_eq!(found["credential"]["value"], SECRET);
        assert_eq!(found["byteSpan"]["start"], 12);
    }

    #[test]
    fn find_reads_a_manage_clients_card() {
        let id = "0123456789abcdef0123456789abcdef";
        let text = format!(
            "Gigya\nDELETE RESET SECRET EDIT\nCLIENT INFO\nCLIENT ID {id}\nCLIENT SECRET {SECRET}\n\
             WEBSITE URL http://www.gigya.com\nREDIRECT URI https://socialize.gigya.com/GS/GSLogin.aspx?"
        );
        let found = find_credentials(&text);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].credential,
            Credential::ClientId(LegacyClientId::parse(id).unwrap())
        );
        assert_eq!(
            found[1].credential,
            Credential::ClientSecret(ClientSecret::parse(SECRET).unwrap())
        );
        let span = found[1].byte_span;
        assert_eq!(&text[span.start..span.end], SECRET);
    }

    #[test]
    fn find_skips_what_only_contains_a_credential() {
        let hex = "0123456789abcdef0123456789abcdef";
        // An access token: <user-id>.<first 7 of client id>.<32 hex>.
        assert_eq!(
            find_credentials(&format!("token 1234567.0123456.{hex}")),
            []
        );
        assert_eq!(find_credentials(&format!("{hex}ff")), []);
        assert_eq!(find_credentials("123e4567-e89b-12d3-a456-426614174000"), []);
        assert_eq!(find_credentials(&hex.to_uppercase()), []);
        assert_eq!(find_credentials("call +563883201184965"), []);
        assert_eq!(find_credentials("12345678901234567890"), []);
        // In a URL query, after = : found, unlabeled.
        let found = find_credentials(&format!(
            "https://api.instagram.com/oauth/authorize/?client_id={hex}&response_type=token"
        ));
        assert!(matches!(
            &found[..],
            [FoundCredential {
                credential: Credential::ClientId(_),
                ..
            }]
        ));
        let found = find_credentials(&format!("The key is {hex}. Done"));
        assert!(matches!(
            &found[..],
            [FoundCredential {
                credential: Credential::UnlabeledHex(_),
                ..
            }]
        ));
        let found = find_credentials(&format!(
            "Instagram App ID\n{APP_ID}\nInstagram App Secret\n{SECRET}"
        ));
        assert!(matches!(found[0].credential, Credential::MetaAppId(_)));
        assert!(matches!(found[1].credential, Credential::ClientSecret(_)));
        assert_eq!(find_credentials("é€ no ids here ü"), []);
    }
}
