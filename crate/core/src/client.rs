//! The client a portal issued, as ClientFill stores it: its id, what the
//! portal calls that id, and what the portal has registered for it.

use serde::{Deserialize, Serialize};

use crate::page::PageSnapshot;
use crate::portal::Portal;
use crate::portals;
use crate::provider::Provider;

/// A client the portal has issued, as read from one of its pages.
///
/// Serialized in camelCase; this is the element of the `clients` list in
/// `chrome.storage.local` (see [`store`](crate::store)). There is deliberately
/// no secret field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CapturedClient {
    /// The legacy Client ID (32 lower-case hex) or Meta's Instagram App ID
    /// (15-16 digits), as produced by the credentials parsers.
    pub client_id: String,
    /// The portal that issued it.
    pub portal: Portal,
    /// Application Name (legacy) or Display Name (Meta); empty when the page
    /// did not show one.
    pub app_name: String,
    /// The registered Website URL, when the page shows one.
    pub website_url: Option<String>,
    /// The registered redirect URIs, in page order, exactly as shown.
    pub redirect_uris: Vec<String>,
    /// The support (contact) email, when the page shows one.
    pub support_email: Option<String>,
    /// The profile the client was registered for, once known.
    pub profile_id: Option<String>,
    /// When the client was first captured, ms since the Unix epoch.
    pub first_seen: u64,
    /// When the current data was captured, ms since the Unix epoch.
    pub captured_at: u64,
    /// The page it was captured from.
    pub page_url: String,
    /// What the portal calls the id; absent in clients stored before the
    /// portals had more than one kind (see [`CapturedClient::id_kind`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_kind: Option<IdKind>,
    /// When a complete list of the portal's clients (Manage Clients) was
    /// first seen without this one: deleted on the portal. The client is
    /// kept, with `captured_at` the last time it was seen; a capture clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gone_at: Option<u64>,
    /// Whether the page did not show the client's redirect URI list (a
    /// closed dialog): such a capture must not empty the list already known.
    /// Travels with a capture to the store's writer, never stored.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

/// What kind of id a portal issued, which is also what its pages call it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdKind {
    /// The legacy portal's Client ID (32 hex).
    ClientId,
    /// The Instagram app ID of Basic Display or Instagram business login,
    /// the `client_id` of Instagram logins; not the Meta app id.
    InstagramAppId,
    /// The Meta App ID, the `client_id` of Facebook Login.
    MetaAppId,
    /// A GitHub OAuth App's Client ID.
    GithubClientId,
    /// A GitHub App's Client ID (the App ID is another number).
    GithubAppClientId,
    /// A Google OAuth client id.
    GoogleClientId,
    /// A Discord application's Client ID (its application id).
    DiscordClientId,
}

impl IdKind {
    /// The portal's own words for the id.
    pub fn label(self) -> &'static str {
        match self {
            IdKind::ClientId => "Client ID",
            IdKind::InstagramAppId => "Instagram app ID",
            IdKind::MetaAppId => "App ID",
            IdKind::GithubClientId
            | IdKind::GithubAppClientId
            | IdKind::GoogleClientId
            | IdKind::DiscordClientId => "Client ID",
        }
    }

    /// The stable name used in `data-id-kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::ClientId => "client-id",
            IdKind::InstagramAppId => "instagram-app-id",
            IdKind::MetaAppId => "meta-app-id",
            IdKind::GithubClientId => "github-client-id",
            IdKind::GithubAppClientId => "github-app-client-id",
            IdKind::GoogleClientId => "google-client-id",
            IdKind::DiscordClientId => "discord-client-id",
        }
    }

    /// The provider whose logins use the id as `client_id`.
    pub fn provider(self) -> Provider {
        match self {
            IdKind::MetaAppId => Provider::Facebook,
            IdKind::ClientId | IdKind::InstagramAppId => Provider::Instagram,
            IdKind::GithubClientId | IdKind::GithubAppClientId => Provider::GitHub,
            IdKind::GoogleClientId => Provider::Google,
            IdKind::DiscordClientId => Provider::Discord,
        }
    }
}

impl CapturedClient {
    /// A client with only its id, the time it was seen and the page it was
    /// seen on; everything else empty.
    pub fn new(
        client_id: impl Into<String>,
        portal: Portal,
        now_ms: u64,
        page_url: impl Into<String>,
    ) -> CapturedClient {
        CapturedClient {
            client_id: client_id.into(),
            portal,
            app_name: String::new(),
            website_url: None,
            redirect_uris: Vec::new(),
            support_email: None,
            profile_id: None,
            first_seen: now_ms,
            captured_at: now_ms,
            page_url: page_url.into(),
            id_kind: None,
            gone_at: None,
            partial: false,
        }
    }

    /// What kind of id this is; clients stored without one are of the only
    /// kind their portal had then.
    pub fn id_kind(&self) -> IdKind {
        self.id_kind.unwrap_or(match self.portal {
            Portal::LegacyInstagram => IdKind::ClientId,
            Portal::Meta => IdKind::InstagramAppId,
            Portal::GitHub => IdKind::GithubClientId,
            Portal::Google => IdKind::GoogleClientId,
            Portal::Discord => IdKind::DiscordClientId,
        })
    }

    /// Whether `client_id` is a well-formed id for `portal`, taken exactly
    /// (nothing trimmed): stored data is checked with this before it is trusted.
    pub fn has_valid_id(&self) -> bool {
        portals::spec(self.portal).is_some_and(|spec| (spec.valid_id)(&self.client_id))
    }
}

/// A client of `portal` with only its id, timestamps and page: the portals'
/// capture functions fill in what their page shows.
pub(crate) fn new_client(
    page: &PageSnapshot,
    client_id: String,
    portal: Portal,
    now_ms: u64,
) -> CapturedClient {
    CapturedClient::new(client_id, portal, now_ms, page.url.clone())
}
