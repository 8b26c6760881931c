//! The Discord Developer Portal, `discord.com/developers/applications`:
//!
//! - the applications list with its "Create an application" dialog
//!   (`discord:app-new`): the Name, which may not contain "discord";
//! - an application's OAuth2 page (`discord:oauth2`,
//!   `/developers/applications/<id>/oauth2`, older `.../oauth2/general`):
//!   the Client ID (the application id) and the Redirects, one row each,
//!   added with "Add Redirect" and kept with "Save Changes".
//!
//! The portal is a React application: every field is found by its label.

use super::{segments, DoctorSpec, FormSpec, PortalSpec, Steps, Target, UriList};
use crate::client::{new_client, CapturedClient, IdKind};
use crate::credentials::DiscordClientId;
use crate::page::{field_uris, PageKind, PageSnapshot};
use crate::portal::Portal;
use crate::profile::ClientField;

/// The Discord Developer Portal.
pub const SPEC: PortalSpec = PortalSpec {
    portal: Portal::Discord,
    steps: Steps {
        entry_list: true,
        ..Steps::NONE
    },
    detect,
    form: |kind| match kind {
        PageKind::DiscordAppNew => Some(&NEW_APP),
        PageKind::DiscordOAuth2 => Some(&OAUTH2),
        _ => None,
    },
    // React makes its ids up at each render.
    form_scope: None,
    valid_id: |id| DiscordClientId::try_from(id.to_owned()).is_ok(),
    lists_all: |_| false,
    capture,
};

/// What the doctor reads of this portal.
pub const DOCTOR: DoctorSpec = DoctorSpec {
    portal: Portal::Discord,
    login_page: super::no_login_page,
    login_error: super::no_login_error,
    settings_url,
};

const HOST: &str = "discord.com";

const NEW_APP: FormSpec = FormSpec {
    targets: &[Target {
        field: ClientField::AppName,
        label: "Name",
        labels: &["name"],
        names: &[],
    }],
    uri_list: UriList::Entries,
    add_row: &[],
    opener: Some("New Application"),
    choose: None,
    name_max: Some(32),
    prefilled: &[],
    implicit_oauth: None,
    switches: &[],
    save: &["Create"],
    saved: &[],
};

/// The Redirects rows' labels.
const REDIRECTS: &[&str] = &["redirects", "redirect"];

const OAUTH2: FormSpec = FormSpec {
    targets: &[Target {
        field: ClientField::RedirectUris,
        label: "Redirects",
        labels: REDIRECTS,
        names: &[],
    }],
    uri_list: UriList::Entries,
    add_row: &["Add Redirect", "Add Another"],
    opener: None,
    choose: None,
    name_max: None,
    prefilled: &[],
    implicit_oauth: None,
    switches: &[],
    save: &["Save Changes"],
    saved: &["All your edits have been carefully recorded"],
};

fn detect(host: &str, path: &str, page: &PageSnapshot) -> Option<PageKind> {
    if host != HOST {
        return None;
    }
    let kind = match segments(path).as_slice() {
        ["developers", "applications"] => PageKind::DiscordAppNew,
        ["developers", "applications", id, "oauth2", rest @ ..]
            if id.bytes().all(|b| b.is_ascii_digit()) && matches!(rest, [] | ["general"]) =>
        {
            PageKind::DiscordOAuth2
        }
        ["developers", ..] => PageKind::None,
        _ => return None,
    };
    let _ = page;
    Some(kind)
}

/// The application's OAuth2 page.
fn settings_url(client: &CapturedClient) -> Option<String> {
    Some(format!(
        "https://{HOST}/developers/applications/{}/oauth2",
        client.client_id
    ))
}

/// The OAuth2 page's Client ID (shown, else the id in the route: they are
/// the same) and its Redirects.
fn capture(page: &PageSnapshot, kind: PageKind, now_ms: u64) -> Vec<CapturedClient> {
    if kind != PageKind::DiscordOAuth2 {
        return Vec::new();
    }
    let from_route = || {
        let (_, rest) = page.url.split_once("/applications/")?;
        DiscordClientId::parse(rest.split('/').next()?)
    };
    let Some(id) = page
        .fact("Client ID")
        .and_then(DiscordClientId::parse)
        .or_else(from_route)
    else {
        return Vec::new();
    };
    let rows: Vec<&_> = page.fields_named(REDIRECTS, &[]).collect();
    // Nothing while the page has not rendered its Redirects yet.
    if rows.is_empty() && !page.has_heading("Redirects") {
        return Vec::new();
    }
    vec![CapturedClient {
        redirect_uris: rows.into_iter().flat_map(field_uris).collect(),
        id_kind: Some(IdKind::DiscordClientId),
        ..new_client(page, id.into(), Portal::Discord, now_ms)
    }]
}

#[cfg(test)]
mod tests {
    use crate::page::test_support::page;
    use crate::page::PageKind;

    #[test]
    fn pages_are_told_by_route() {
        let kind = |url: &str| page(url).kind();
        assert_eq!(
            kind("https://discord.com/developers/applications"),
            PageKind::DiscordAppNew
        );
        assert_eq!(
            kind("https://discord.com/developers/applications/1187243319820456789/oauth2"),
            PageKind::DiscordOAuth2
        );
        assert_eq!(
            kind("https://discord.com/developers/applications/1187243319820456789/oauth2/general"),
            PageKind::DiscordOAuth2
        );
        assert_eq!(
            kind("https://discord.com/developers/applications/1187243319820456789/bot"),
            PageKind::None
        );
        assert_eq!(kind("https://discord.com/channels/@me"), PageKind::None);
    }
}
