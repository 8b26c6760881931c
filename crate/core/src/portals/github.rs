//! GitHub, `github.com` (for an account or an organization):
//!
//! - OAuth Apps: "Register a new OAuth app" (`github:oauth-app-new`,
//!   `/settings/applications/new`) with Application name, Homepage URL,
//!   Application description and one Authorization callback URL; the app's
//!   page (`github:oauth-app`, `/settings/applications/<id>`) shows its
//!   Client ID and the same fields;
//! - GitHub Apps: "Register new GitHub App" (`github:app-new`,
//!   `/settings/apps/new`) with a name of at most 34 characters and up to 10
//!   Callback URL rows; the app's page (`github:app`, `/settings/apps/<slug>`)
//!   shows its App ID and Client ID;
//! - the authorize page refusing a login (`github:login-error`,
//!   `/login/oauth/authorize`) for a redirect_uri that is not the callback's.
//!
//! The pages are server-rendered Rails forms: fields have labels and
//! `oauth_application[...]` / `integration[...]` names.

use super::{
    decoded_param, segments, DoctorSpec, FormSpec, LoginError, PortalSpec, Steps, Target, UriList,
};
use crate::client::{new_client, CapturedClient, IdKind};
use crate::credentials::GitHubClientId;
use crate::page::{field_uris, find_field, fold_whitespace, PageKind, PageSnapshot};
use crate::portal::Portal;
use crate::profile::ClientField;

/// GitHub.
pub const SPEC: PortalSpec = PortalSpec {
    portal: Portal::GitHub,
    steps: Steps {
        entry_list: true,
        single_uri: true,
        ..Steps::NONE
    },
    detect,
    form: |kind| match kind {
        PageKind::GitHubOAuthAppNew | PageKind::GitHubOAuthApp => Some(&OAUTH_APP),
        PageKind::GitHubAppNew | PageKind::GitHubApp => Some(&GITHUB_APP),
        _ => None,
    },
    // Rails names the fields after the model.
    form_scope: Some("form:has([name=\"oauth_application[name]\"], [name=\"integration[name]\"])"),
    valid_id: |id| GitHubClientId::try_from(id.to_owned()).is_ok(),
    // Each page shows one app.
    lists_all: |_| false,
    capture,
};

/// What the doctor reads of this portal.
pub const DOCTOR: DoctorSpec = DoctorSpec {
    portal: Portal::GitHub,
    login_page,
    login_error,
    settings_url,
};

const HOST: &str = "github.com";

const OAUTH_APP: FormSpec = FormSpec {
    targets: &[
        Target {
            field: ClientField::AppName,
            label: "Application name",
            labels: &["application name"],
            names: &["oauth_application[name]"],
        },
        Target {
            field: ClientField::WebsiteUrl,
            label: "Homepage URL",
            labels: &["homepage url"],
            names: &["oauth_application[url]"],
        },
        Target {
            field: ClientField::Description,
            label: "Application description",
            labels: &["application description"],
            names: &["oauth_application[description]"],
        },
        Target {
            field: ClientField::RedirectUris,
            label: "Authorization callback URL",
            labels: &["authorization callback url"],
            names: &["oauth_application[callback_url]"],
        },
    ],
    uri_list: UriList::Single,
    add_row: &[],
    opener: None,
    choose: None,
    name_max: None,
    prefilled: &[],
    implicit_oauth: None,
    switches: &[],
    save: &["Register application", "Update application"],
    saved: &["Application updated successfully"],
};

const GITHUB_APP: FormSpec = FormSpec {
    targets: &[
        Target {
            field: ClientField::AppName,
            label: "GitHub App name",
            labels: &["github app name"],
            names: &["integration[name]"],
        },
        Target {
            field: ClientField::Description,
            label: "Description",
            labels: &["description"],
            names: &["integration[description]"],
        },
        Target {
            field: ClientField::WebsiteUrl,
            label: "Homepage URL",
            labels: &["homepage url"],
            names: &["integration[url]"],
        },
        Target {
            field: ClientField::RedirectUris,
            label: "Callback URL",
            labels: &["callback url"],
            names: &["integration[callback_urls][]"],
        },
    ],
    uri_list: UriList::Entries,
    add_row: &["Add Callback URL", "Add callback URL"],
    opener: None,
    choose: None,
    name_max: Some(34),
    prefilled: &[],
    implicit_oauth: None,
    switches: &[],
    save: &["Create GitHub App", "Save changes"],
    saved: &["Your GitHub App was updated", "Saved"],
};

/// The account's or an organization's settings; the page itself first
/// (its heading), then the route.
/// The authorize page, when it says a refusal.
fn login_page(host: &str, path: &str, page: &PageSnapshot) -> Option<PageKind> {
    (host == HOST && segments(path) == ["login", "oauth", "authorize"])
        .then(|| super::login_page_kind(page, REFUSALS, PageKind::GitHubLoginError))
}

fn detect(host: &str, path: &str, page: &PageSnapshot) -> Option<PageKind> {
    if host != HOST {
        return None;
    }
    let segments = segments(path);
    let settings = match segments.as_slice() {
        ["settings", rest @ ..] => rest,
        ["organizations", _, "settings", rest @ ..] => rest,
        _ => return None,
    };
    if page.has_heading("Register a new OAuth app")
        || page.has_heading("Register a new OAuth application")
    {
        return Some(PageKind::GitHubOAuthAppNew);
    }
    if page.has_heading("Register new GitHub App") {
        return Some(PageKind::GitHubAppNew);
    }
    Some(match settings {
        ["applications", "new"] => PageKind::GitHubOAuthAppNew,
        ["applications", id] if id.bytes().all(|b| b.is_ascii_digit()) => PageKind::GitHubOAuthApp,
        ["apps", "new"] => PageKind::GitHubAppNew,
        ["apps", _slug] => PageKind::GitHubApp,
        _ => PageKind::None,
    })
}

/// What GitHub says when a login's redirect_uri is not the app's callback
/// (its authorize page, and the error its redirect carries), lower case.
const REFUSALS: &[&str] = &[
    "the redirect_uri is not associated with this application",
    "the redirect_uri must match the registered callback url",
    "redirect_uri_mismatch",
];

fn login_error(page: &PageSnapshot, kind: PageKind) -> Option<LoginError> {
    if kind != PageKind::GitHubLoginError {
        return None;
    }
    Some(LoginError {
        client_id: decoded_param(&page.url, "client_id")?,
        redirect_uri: decoded_param(&page.url, "redirect_uri"),
        message: super::refusal(page, REFUSALS)?,
    })
}

/// The app's page, where the capture was made.
fn settings_url(client: &CapturedClient) -> Option<String> {
    let prefix = format!("https://{HOST}/");
    client.page_url.starts_with(&prefix).then(|| {
        client
            .page_url
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_owned()
    })
}

fn capture(page: &PageSnapshot, kind: PageKind, now_ms: u64) -> Vec<CapturedClient> {
    let (form, id_kind) = match kind {
        PageKind::GitHubOAuthApp => (&OAUTH_APP, IdKind::GithubClientId),
        PageKind::GitHubApp => (&GITHUB_APP, IdKind::GithubAppClientId),
        _ => return Vec::new(),
    };
    let Some(id) = shown_client_id(page) else {
        return Vec::new();
    };
    let target = |field: ClientField| form.targets.iter().find(|t| t.field == field);
    let value = |field: ClientField| {
        target(field)
            .and_then(|t| find_field(page, t.labels, t.names))
            .map(|f| fold_whitespace(&f.value))
            .filter(|v| !v.is_empty())
    };
    let mut uris: Vec<String> = Vec::new();
    if let Some(t) = target(ClientField::RedirectUris) {
        // A field found by label and by name comes twice.
        let mut seen: Vec<usize> = Vec::new();
        for field in page.fields_named(t.labels, t.names) {
            if !seen.contains(&field.index) {
                seen.push(field.index);
                uris.extend(field_uris(field));
            }
        }
    }
    let app_name = value(ClientField::AppName)
        .or_else(|| page.headings.first().cloned())
        .unwrap_or_default();
    vec![CapturedClient {
        app_name,
        website_url: value(ClientField::WebsiteUrl),
        redirect_uris: uris,
        id_kind: Some(id_kind),
        ..new_client(page, id.into(), Portal::GitHub, now_ms)
    }]
}

/// The Client ID as the app's page shows it: a label/value pair, a
/// read-only field, or "Client ID: ..." text.
fn shown_client_id(page: &PageSnapshot) -> Option<GitHubClientId> {
    super::shown_id(page, "Client ID", GitHubClientId::parse)
}

#[cfg(test)]
mod tests {
    use crate::capture::capture;
    use crate::client::IdKind;
    use crate::page::test_support::{fact, page, text_input};
    use crate::page::{FieldSnapshot, PageKind, PageSnapshot, Record};
    use crate::portal::Portal;

    const NOW: u64 = 1_718_000_000_000;

    fn field(input: FieldSnapshot, name: &str) -> FieldSnapshot {
        FieldSnapshot {
            name: name.into(),
            ..input
        }
    }

    fn oauth_app_page(client_id: &str) -> PageSnapshot {
        PageSnapshot {
            headings: vec!["Acme Auth0".into()],
            fields: vec![
                field(
                    text_input(
                        0,
                        "oauth_application_name",
                        "Application name",
                        "Acme Auth0",
                    ),
                    "oauth_application[name]",
                ),
                field(
                    text_input(
                        1,
                        "oauth_application_url",
                        "Homepage URL",
                        "https://acme.eu.auth0.com",
                    ),
                    "oauth_application[url]",
                ),
                field(
                    text_input(
                        2,
                        "oauth_application_callback_url",
                        "Authorization callback URL",
                        "https://acme.eu.auth0.com/login/callback",
                    ),
                    "oauth_application[callback_url]",
                ),
            ],
            records: vec![Record {
                heading: String::new(),
                facts: vec![fact("Client ID", client_id)],
            }],
            ..page("https://github.com/settings/applications/2741882")
        }
    }

    #[test]
    fn pages_are_told_by_route_and_heading() {
        let kind = |url: &str| page(url).kind();
        assert_eq!(
            kind("https://github.com/settings/applications/new"),
            PageKind::GitHubOAuthAppNew
        );
        assert_eq!(
            kind("https://github.com/organizations/acme/settings/applications/new"),
            PageKind::GitHubOAuthAppNew
        );
        assert_eq!(
            kind("https://github.com/settings/applications/2741882"),
            PageKind::GitHubOAuthApp
        );
        assert_eq!(
            kind("https://github.com/settings/apps/new"),
            PageKind::GitHubAppNew
        );
        assert_eq!(
            kind("https://github.com/settings/apps/acme-keycloak"),
            PageKind::GitHubApp
        );
        assert_eq!(kind("https://github.com/settings/profile"), PageKind::None);
        assert_eq!(
            kind("https://github.com/acme/settings/applications/new"),
            PageKind::None
        );
        assert_eq!(
            kind("https://github.com.evil.example/settings/apps/new"),
            PageKind::None
        );
        let moved = PageSnapshot {
            headings: vec!["Register a new OAuth app".into()],
            ..page("https://github.com/settings/developers/oauth/new")
        };
        assert_eq!(moved.kind(), PageKind::GitHubOAuthAppNew);
    }

    #[test]
    fn the_authorize_page_is_an_error_only_when_it_refuses() {
        let url = "https://github.com/login/oauth/authorize?client_id=Ov23liAbCdEfGhIjKlMn&redirect_uri=https%3A%2F%2Facme.example%2Fcb";
        let refused = PageSnapshot {
            text: "Be careful! The redirect_uri is not associated with this application. The application might be misconfigured.".into(),
            ..page(url)
        };
        assert_eq!(refused.kind(), PageKind::GitHubLoginError);
        let error =
            (crate::portals::doctor_spec(Portal::GitHub).login_error)(&refused, refused.kind())
                .unwrap();
        assert_eq!(error.client_id, "Ov23liAbCdEfGhIjKlMn");
        assert_eq!(
            error.redirect_uri.as_deref(),
            Some("https://acme.example/cb")
        );
        assert_eq!(
            error.message,
            "The redirect_uri is not associated with this application."
        );
        let asking = PageSnapshot {
            text: "Authorize Acme Auth0. Acme Auth0 by acme wants to access your account".into(),
            ..page(url)
        };
        assert_eq!(asking.kind(), PageKind::None);
    }

    #[test]
    fn the_app_pages_give_the_client_id_and_callback() {
        let clients = capture(&oauth_app_page("Ov23liAbCdEfGhIjKlMn"), NOW);
        assert_eq!(clients.len(), 1);
        let client = &clients[0];
        assert_eq!(client.client_id, "Ov23liAbCdEfGhIjKlMn");
        assert_eq!(client.portal, Portal::GitHub);
        assert_eq!(client.id_kind, Some(IdKind::GithubClientId));
        assert_eq!(client.app_name, "Acme Auth0");
        assert_eq!(
            client.redirect_uris,
            ["https://acme.eu.auth0.com/login/callback"]
        );
        assert_eq!(
            client.website_url.as_deref(),
            Some("https://acme.eu.auth0.com")
        );
        assert!(capture(&oauth_app_page("not an id"), NOW).is_empty());
        // Pre-2024 ids are 20 hex.
        assert_eq!(
            capture(&oauth_app_page("0123456789abcdef0123"), NOW).len(),
            1
        );
    }
}
