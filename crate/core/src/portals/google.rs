//! Google Auth Platform, `console.cloud.google.com/auth/clients`:
//!
//! - "Create OAuth client ID" (`google:oauth-client-new`,
//!   `/auth/clients/create`, older `/apis/credentials/oauthclient`): an
//!   Application type to choose first, then Name, Authorized JavaScript
//!   origins and Authorized redirect URIs, each list a column of rows added
//!   with "+ Add URI"; Create opens the "OAuth client created" dialog with
//!   the Client ID (the secret is shown only there, and never read);
//! - a client's page (`google:oauth-client`, `/auth/clients/<client id>`);
//! - the sign-in error page (`google:login-error`, `accounts.google.com`),
//!   "Error 400: redirect_uri_mismatch".
//!
//! The console is an Angular application: its inputs take native `input`
//! events, and the rows of both lists carry the same labels ("URIs 1"), so
//! they are told apart by their section.

use super::{
    decoded_param, segments, Choose, DoctorSpec, FormSpec, LoginError, PortalSpec, Steps, Target,
    UriList,
};
use crate::client::{new_client, CapturedClient, IdKind};
use crate::credentials::GoogleClientId;
use crate::page::{field_uris, find_field, fold_whitespace, PageKind, PageSnapshot};
use crate::portal::Portal;
use crate::profile::ClientField;

/// Google Auth Platform.
pub const SPEC: PortalSpec = PortalSpec {
    portal: Portal::Google,
    steps: Steps {
        entry_list: true,
        choose: true,
        ..Steps::NONE
    },
    detect,
    form: |kind| {
        matches!(
            kind,
            PageKind::GoogleOAuthClientNew | PageKind::GoogleOAuthClient
        )
        .then_some(&FORM)
    },
    // Angular makes its ids up at each render.
    form_scope: None,
    valid_id: |id| GoogleClientId::try_from(id.to_owned()).is_ok(),
    lists_all: |_| false,
    capture,
};

/// What the doctor reads of this portal.
pub const DOCTOR: DoctorSpec = DoctorSpec {
    portal: Portal::Google,
    login_page,
    login_error,
    settings_url,
};

const CONSOLE: &str = "console.cloud.google.com";

/// The section labels of the two lists.
pub(crate) const ORIGINS: &[&str] = &["authorized javascript origins"];
pub(crate) const REDIRECTS: &[&str] = &["authorized redirect uris"];

const FORM: FormSpec = FormSpec {
    targets: &[
        Target {
            field: ClientField::AppName,
            label: "Name",
            labels: &["name"],
            names: &[],
        },
        Target {
            field: ClientField::JavascriptOrigins,
            label: "Authorized JavaScript origins",
            labels: ORIGINS,
            names: &[],
        },
        Target {
            field: ClientField::RedirectUris,
            label: "Authorized redirect URIs",
            labels: REDIRECTS,
            names: &[],
        },
    ],
    uri_list: UriList::Entries,
    add_row: &["+ Add URI", "Add URI", "add Add URI"],
    opener: None,
    choose: Some(Choose {
        label: "Application type",
        option: "Web application",
    }),
    name_max: None,
    // The console names a new client "Web client 1", "Web client 2"...
    prefilled: &["Web client "],
    implicit_oauth: None,
    switches: &[],
    save: &["Create", "Save"],
    saved: &["OAuth client created", "OAuth client saved", "Saved"],
};

/// The dialog Create opens, with the new client's id.
const CREATED: &str = "OAuth client created";

/// Google's sign-in pages, when one says a refusal.
fn login_page(host: &str, _path: &str, page: &PageSnapshot) -> Option<PageKind> {
    (host == "accounts.google.com")
        .then(|| super::login_page_kind(page, REFUSALS, PageKind::GoogleLoginError))
}

fn detect(host: &str, path: &str, page: &PageSnapshot) -> Option<PageKind> {
    if host != CONSOLE {
        return None;
    }
    let kind = match segments(path).as_slice() {
        ["auth", "clients", "create"] | ["apis", "credentials", "oauthclient"] => {
            PageKind::GoogleOAuthClientNew
        }
        // Create moves to the client list and opens the dialog over it.
        ["auth", "clients"] if page.has_heading(CREATED) => PageKind::GoogleOAuthClientNew,
        ["auth", "clients", id] if GoogleClientId::try_from((*id).to_owned()).is_ok() => {
            PageKind::GoogleOAuthClient
        }
        ["apis", "credentials", "oauthclient", id]
            if GoogleClientId::try_from((*id).to_owned()).is_ok() =>
        {
            PageKind::GoogleOAuthClient
        }
        _ => PageKind::None,
    };
    Some(kind)
}

/// What Google's error page says for a redirect URI the client does not
/// have, lower case.
const REFUSALS: &[&str] = &["redirect_uri_mismatch"];

/// The attempted redirect URI, from the page's "Request details:
/// redirect_uri=... flowName=..." (Google keeps it out of the address).
fn shown_redirect_uri(text: &str) -> Option<String> {
    let at = text.find("redirect_uri=")? + "redirect_uri=".len();
    let uri = text[at..].split_whitespace().next()?;
    Some(uri.trim_end_matches([',', ';']).to_owned())
}

fn login_error(page: &PageSnapshot, kind: PageKind) -> Option<LoginError> {
    if kind != PageKind::GoogleLoginError {
        return None;
    }
    let message = super::refusal(page, REFUSALS)?;
    Some(LoginError {
        client_id: decoded_param(&page.url, "client_id")?,
        redirect_uri: decoded_param(&page.url, "redirect_uri")
            .or_else(|| shown_redirect_uri(&page.text)),
        message: if message.contains("400") {
            message
        } else {
            "Error 400: redirect_uri_mismatch".to_owned()
        },
    })
}

/// The client's page (the project comes along when the capture had one).
fn settings_url(client: &CapturedClient) -> Option<String> {
    let project = super::query_param(&client.page_url, "project")
        .map(|p| format!("?project={p}"))
        .unwrap_or_default();
    Some(format!(
        "https://{CONSOLE}/auth/clients/{}{project}",
        client.client_id
    ))
}

/// The client the page shows: the creation dialog's Client ID or the
/// client page's, with the name and the redirect rows.
fn capture(page: &PageSnapshot, kind: PageKind, now_ms: u64) -> Vec<CapturedClient> {
    if !matches!(
        kind,
        PageKind::GoogleOAuthClientNew | PageKind::GoogleOAuthClient
    ) {
        return Vec::new();
    }
    let from_route = || {
        let (_, rest) = page.url.split_once("/auth/clients/")?;
        GoogleClientId::parse(rest.split(['/', '?', '#']).next()?)
    };
    // The dialog's value carries its copy button's text after the id.
    let shown = super::shown_id(page, "Client ID", GoogleClientId::parse);
    // On the create page only the dialog says the client exists.
    let Some(id) = shown.or_else(|| {
        (kind == PageKind::GoogleOAuthClient)
            .then(from_route)
            .flatten()
    }) else {
        return Vec::new();
    };
    let name = find_field(page, FORM.targets[0].labels, &[])
        .map(|f| fold_whitespace(&f.value))
        .filter(|n| !n.is_empty())
        .or_else(|| page.fact("Name").map(fold_whitespace))
        .unwrap_or_default();
    let rows: Vec<String> = page
        .fields_named(REDIRECTS, &[])
        .flat_map(field_uris)
        .collect();
    vec![CapturedClient {
        app_name: name,
        redirect_uris: rows,
        // Behind the dialog the form may be gone: the list is not known then.
        partial: page.fields_named(REDIRECTS, &[]).next().is_none(),
        id_kind: Some(IdKind::GoogleClientId),
        ..new_client(page, id.into(), Portal::Google, now_ms)
    }]
}

#[cfg(test)]
mod tests {
    use crate::capture::capture;
    use crate::page::test_support::{fact, page};
    use crate::page::{PageKind, PageSnapshot, Record};
    use crate::portal::Portal;

    const ID: &str = "483920175533-k2v9q0c7m1x4b8n6d3f5h7j9l2p4r6t8.apps.googleusercontent.com";

    #[test]
    fn pages_are_told_by_route() {
        let kind = |url: &str| page(url).kind();
        let console = "https://console.cloud.google.com";
        assert_eq!(
            kind(&format!("{console}/auth/clients/create?project=acme")),
            PageKind::GoogleOAuthClientNew
        );
        assert_eq!(
            kind(&format!(
                "{console}/apis/credentials/oauthclient?project=acme"
            )),
            PageKind::GoogleOAuthClientNew
        );
        assert_eq!(
            kind(&format!("{console}/auth/clients/{ID}?project=acme")),
            PageKind::GoogleOAuthClient
        );
        assert_eq!(
            kind(&format!("{console}/auth/clients?project=acme")),
            PageKind::None
        );
        assert_eq!(
            kind(&format!("{console}/auth/clients/nope")),
            PageKind::None
        );
        assert_eq!(
            kind("https://accounts.google.com/o/oauth2/v2/auth?client_id=x"),
            PageKind::None
        );
    }

    #[test]
    fn the_error_page_gives_the_attempt() {
        let error_page = PageSnapshot {
            text: "Access blocked: This app\u{2019}s request is invalid You can\u{2019}t sign in because this app sent an invalid request. Error 400: redirect_uri_mismatch Request details: redirect_uri=https://abcdefghijklmnopqrst.supabase.co/auth/v1/callback/ flowName=GeneralOAuthFlow".into(),
            ..page(&format!("https://accounts.google.com/signin/oauth/error/v2?authError=Cg9yZWRpcmVjdA&client_id={ID}&flowName=GeneralOAuthFlow"))
        };
        assert_eq!(error_page.kind(), PageKind::GoogleLoginError);
        let error = (crate::portals::doctor_spec(Portal::Google).login_error)(
            &error_page,
            PageKind::GoogleLoginError,
        )
        .unwrap();
        assert_eq!(error.client_id, ID);
        assert_eq!(
            error.redirect_uri.as_deref(),
            Some("https://abcdefghijklmnopqrst.supabase.co/auth/v1/callback/")
        );
        assert!(
            error.message.contains("redirect_uri_mismatch"),
            "{}",
            error.message
        );
    }

    #[test]
    fn the_dialog_gives_the_client_id() {
        let dialog = PageSnapshot {
            records: vec![Record {
                heading: "OAuth client created".into(),
                facts: vec![fact("Client ID", ID)],
            }],
            ..page("https://console.cloud.google.com/auth/clients/create?project=acme")
        };
        let clients = capture(&dialog, 1);
        assert_eq!(clients.len(), 1);
        assert_eq!(clients[0].client_id, ID);
        assert_eq!(clients[0].portal, Portal::Google);
        assert!(capture(
            &page("https://console.cloud.google.com/auth/clients/create"),
            1
        )
        .is_empty());
    }
}
