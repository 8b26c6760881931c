//! The redirect-URI error doctor: a provider's page refusing a login (see
//! [`PageKind::is_login_error`]) says which `client_id` and `redirect_uri`
//! the login sent; the captured client with that id says what is
//! registered. The doctor compares the two with the portal's own matching
//! rule and says what differs and where to fix it.
//!
//! ```
//! use clientfill_core::client::{CapturedClient, IdKind};
//! use clientfill_core::doctor::{diagnose_login, Verdict};
//! use clientfill_core::page::PageKind;
//! use clientfill_core::portal::Portal;
//! use clientfill_core::portals::LoginError;
//!
//! let mut client = CapturedClient::new("1187243319820456", Portal::Meta, 0, "");
//! client.id_kind = Some(IdKind::MetaAppId);
//! client.redirect_uris = vec!["https://acme.example/api/auth/callback/facebook".into()];
//! let error = LoginError {
//!     client_id: "1187243319820456".into(),
//!     redirect_uri: Some("https://acme.example/api/auth/callback/facebook/".into()),
//!     message: "URL blocked".into(),
//! };
//! let found = diagnose_login(PageKind::MetaFacebookLoginError, &error, &[client]);
//! assert_eq!(found.verdict, Verdict::NearMiss);
//! assert!(found.fix.contains("https://acme.example/api/auth/callback/facebook/"));
//! ```

use serde::{Deserialize, Serialize};

use crate::client::{CapturedClient, IdKind};
use crate::page::{PageKind, PageSnapshot};
use crate::portal::Portal;
use crate::portals::{self, LoginError};
use crate::uri::{diagnose_by, MatchRule};

/// What the doctor concluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// No captured client has the login's `client_id`.
    NotCaptured,
    /// The login sent no `redirect_uri` the page shows.
    NoRedirect,
    /// A registered URI almost matches: the named difference is the fault.
    NearMiss,
    /// Nothing registered is close: the URI must be added.
    Missing,
    /// What ClientFill captured accepts the URI: the portal has not saved
    /// it yet, or the capture is older than a change on the portal.
    Registered,
}

impl Verdict {
    /// The stable name used in `data-verdict`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::NotCaptured => "not-captured",
            Verdict::NoRedirect => "no-redirect",
            Verdict::NearMiss => "near-miss",
            Verdict::Missing => "missing",
            Verdict::Registered => "registered",
        }
    }
}

/// The doctor's report, shown in the page and in the popup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginDiagnosis {
    /// What it concluded.
    pub verdict: Verdict,
    /// The heading.
    pub title: String,
    /// What the login sent and what is registered, one fact a line.
    pub lines: Vec<String>,
    /// What to do, in a sentence.
    pub fix: String,
    /// The portal page where the client's redirect URIs are changed.
    pub settings_url: Option<String>,
    /// The login's `client_id`.
    pub client_id: String,
    /// The login's `redirect_uri`, as sent.
    pub attempted: Option<String>,
    /// The client's registered redirect URIs, as captured.
    pub registered: Vec<String>,
}

/// Where a client's redirect URIs are set, in the portal's words.
fn uri_field(portal: Portal, kind: IdKind) -> &'static str {
    match (portal, kind) {
        (_, IdKind::MetaAppId) => "Valid OAuth Redirect URIs (Facebook Login settings)",
        (Portal::Meta, _) => "OAuth redirect URIs (Business login settings)",
        (_, IdKind::GithubClientId) => "Authorization callback URL",
        (_, IdKind::GithubAppClientId) => "Callback URL",
        (_, IdKind::GoogleClientId) => "Authorized redirect URIs",
        (_, IdKind::DiscordClientId) => "Redirects (OAuth2)",
        _ => "Valid redirect URIs",
    }
}

/// The doctor's report on the login error page at `url` showing `text`, as
/// the content script sends them; `None` when the page shows no refused
/// login.
pub fn diagnose_page(url: &str, text: &str, clients: &[CapturedClient]) -> Option<LoginDiagnosis> {
    let page = PageSnapshot {
        url: url.to_owned(),
        text: text.to_owned(),
        ..PageSnapshot::default()
    };
    let error = portals::login_error(&page)?;
    Some(diagnose_login(page.kind(), &error, clients))
}

/// Compares the login that `kind`'s page refused with the captured client
/// of the same id, under the rule of the client's portal.
pub fn diagnose_login(
    kind: PageKind,
    error: &LoginError,
    clients: &[CapturedClient],
) -> LoginDiagnosis {
    let portal = kind.portal().unwrap_or(Portal::Meta);
    let spec = portals::doctor_spec(portal);
    let client = clients
        .iter()
        .filter(|c| c.portal == portal && c.gone_at.is_none())
        .find(|c| c.client_id == error.client_id);
    let attempted = error.redirect_uri.clone();
    let mut lines = vec![format!("{} says: {}", portal.label(), error.message)];
    if let Some(uri) = &attempted {
        lines.push(format!("The login sent redirect_uri {uri}"));
    }
    let Some(client) = client else {
        // Portals whose settings page follows from the id alone still get
        // a link.
        let probe = CapturedClient::new(error.client_id.clone(), portal, 0, "");
        return LoginDiagnosis {
            verdict: Verdict::NotCaptured,
            title: format!(
                "ClientFill has not seen client {} on {}",
                error.client_id,
                portal.label()
            ),
            lines,
            fix: format!(
                "Open the client's settings on {} once, so ClientFill reads what it has registered; then try the login again.",
                portal.label()
            ),
            settings_url: (spec.settings_url)(&probe).filter(|_| portal != Portal::GitHub),
            client_id: error.client_id.clone(),
            attempted,
            registered: Vec::new(),
        };
    };
    let field = uri_field(portal, client.id_kind());
    let registered = client.redirect_uris.clone();
    lines.push(if registered.is_empty() {
        format!("{field}: nothing registered")
    } else {
        format!("{field}: {}", registered.join(", "))
    });
    let settings_url = (spec.settings_url)(client);
    let name = if client.app_name.is_empty() {
        client.client_id.clone()
    } else {
        format!("“{}”", client.app_name)
    };
    let report = |verdict, title: String, fix: String, lines| LoginDiagnosis {
        verdict,
        title,
        lines,
        fix,
        settings_url: settings_url.clone(),
        client_id: client.client_id.clone(),
        attempted: attempted.clone(),
        registered: registered.clone(),
    };
    let Some(uri) = &attempted else {
        return report(
            Verdict::NoRedirect,
            format!("The login sent no redirect_uri to {name}"),
            format!("Make the broker send its callback as redirect_uri, registered in {field}."),
            lines,
        );
    };
    // GitHub Apps match exactly; GitHub's OAuth Apps take subdirectories.
    let rule = if client.id_kind() == IdKind::GithubAppClientId {
        MatchRule::Exact
    } else {
        MatchRule::of(portal)
    };
    let diagnosis = diagnose_by(portal, rule, std::slice::from_ref(uri), &registered);
    if let Some(miss) = diagnosis.near_misses.first() {
        return report(
            Verdict::NearMiss,
            format!("The redirect URI almost matches {name}'s"),
            format!(
                "{} In {field}, change {} to {uri}, save, and try again.",
                miss.message, miss.registered
            ),
            lines,
        );
    }
    if !diagnosis.matched.is_empty() {
        let wait = if portal == Portal::Google {
            " Google can take 5 minutes to a few hours to apply a change."
        } else {
            ""
        };
        return report(
            Verdict::Registered,
            format!("{uri} is registered for {name}"),
            format!(
                "ClientFill's capture of {field} accepts it: check that the change was saved on the portal (open its settings so ClientFill reads them again).{wait}"
            ),
            lines,
        );
    }
    let single = client.id_kind() == IdKind::GithubClientId;
    let fix = if single && !registered.is_empty() {
        format!(
            "An OAuth App has one callback URL: set {field} to {uri} (or to a URL it sits under), save, and try again."
        )
    } else {
        format!("Add {uri} to {field} exactly as written, save, and try again.")
    };
    report(
        Verdict::Missing,
        format!("{uri} is not registered for {name}"),
        fix,
        lines,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(portal: Portal, id: &str, kind: IdKind, uris: &[&str]) -> CapturedClient {
        let mut c = CapturedClient::new(id, portal, 1, "https://portal.example/app");
        c.id_kind = Some(kind);
        c.app_name = "Acme".into();
        c.redirect_uris = uris.iter().map(|u| (*u).to_owned()).collect();
        c
    }

    fn error(id: &str, uri: Option<&str>) -> LoginError {
        LoginError {
            client_id: id.into(),
            redirect_uri: uri.map(str::to_owned),
            message: "refused".into(),
        }
    }

    const GOOGLE_ID: &str =
        "483920175533-k2v9q0c7m1x4b8n6d3f5h7j9l2p4r6t8.apps.googleusercontent.com";

    #[test]
    fn a_trailing_slash_is_named_with_the_fix() {
        let clients = [client(
            Portal::Google,
            GOOGLE_ID,
            IdKind::GoogleClientId,
            &["https://abcdefghijklmnopqrst.supabase.co/auth/v1/callback"],
        )];
        let found = diagnose_login(
            PageKind::GoogleLoginError,
            &error(
                GOOGLE_ID,
                Some("https://abcdefghijklmnopqrst.supabase.co/auth/v1/callback/"),
            ),
            &clients,
        );
        assert_eq!(found.verdict, Verdict::NearMiss);
        assert!(found.fix.contains("trailing slash"), "{}", found.fix);
        assert!(
            found.fix.contains("Authorized redirect URIs"),
            "{}",
            found.fix
        );
        assert_eq!(
            found.settings_url.as_deref(),
            Some(&*format!(
                "https://console.cloud.google.com/auth/clients/{GOOGLE_ID}"
            ))
        );
    }

    #[test]
    fn an_unknown_uri_is_missing_and_an_unknown_client_not_captured() {
        let clients = [client(
            Portal::Discord,
            "1187243319820456789",
            IdKind::DiscordClientId,
            &["https://app.acme.example/api/auth/callback/discord"],
        )];
        let missing = diagnose_login(
            PageKind::GoogleLoginError,
            &error("1187243319820456789", Some("https://other.example/cb")),
            &clients,
        );
        // Another portal's client with the same id is not this one.
        assert_eq!(missing.verdict, Verdict::NotCaptured);
        let github = [client(
            Portal::GitHub,
            "Ov23liAbCdEfGhIjKlMn",
            IdKind::GithubClientId,
            &["https://acme.eu.auth0.com/login/callback"],
        )];
        let wrong = diagnose_login(
            PageKind::GitHubLoginError,
            &error(
                "Ov23liAbCdEfGhIjKlMn",
                Some("https://acme.us.auth0.com/login/callback"),
            ),
            &github,
        );
        assert_eq!(wrong.verdict, Verdict::Missing);
        assert!(wrong.fix.contains("one callback URL"), "{}", wrong.fix);
        // A path under the callback is accepted by an OAuth App...
        let under = diagnose_login(
            PageKind::GitHubLoginError,
            &error(
                "Ov23liAbCdEfGhIjKlMn",
                Some("https://acme.eu.auth0.com/login/callback/more"),
            ),
            &github,
        );
        assert_eq!(under.verdict, Verdict::Registered);
        // ...not by a GitHub App.
        let app = [client(
            Portal::GitHub,
            "Iv23liAbCdEfGhIjKlMn",
            IdKind::GithubAppClientId,
            &["https://acme.eu.auth0.com/login/callback"],
        )];
        let strict = diagnose_login(
            PageKind::GitHubLoginError,
            &error(
                "Iv23liAbCdEfGhIjKlMn",
                Some("https://acme.eu.auth0.com/login/callback/more"),
            ),
            &app,
        );
        assert_ne!(strict.verdict, Verdict::Registered);
        let none = diagnose_login(
            PageKind::GitHubLoginError,
            &error("Ov23liZZZZZZZZZZZZZZ", None),
            &github,
        );
        assert_eq!(none.verdict, Verdict::NotCaptured);
        assert_eq!(
            none.settings_url, None,
            "GitHub's page is not known from the id"
        );
    }
}
