//! What ClientFill keeps in `chrome.storage.local`: the keys, their JSON
//! shapes and versions, and the rules for reading them back.
//!
//! The glue reads a key, converts the value to a [`serde_json::Value`] and
//! hands it here; what comes back is typed data or a [`StoreError`] with a
//! message for the user. Values written back are made by [`ClientStore::to_value`]
//! and [`profiles_to_value`], converted with serde-wasm-bindgen's
//! JSON-compatible serializer (plain objects, not `Map`s).
//!
//! # Keys
//!
//! | key | written by | value |
//! |---|---|---|
//! | `profiles` ([`PROFILES_KEY`]) | options page, popup | the profiles document, as the JSON object [`profile::export`] writes and [`profile::import`] reads: `{"format": "clientfill-profiles", "version": 1, "profiles": [...]}` (`docs/profiles.md`) |
//! | `clients` ([`CLIENTS_KEY`]) | the background only, from the captures content scripts send it | `{"version": 2, "clients": [...]}`, see below |
//! | `selectedProfile` ([`SELECTED_PROFILE_KEY`]) | popup | the id of the profile the popup fills with, a string; absent when none is chosen. It may name a profile deleted since: look it up, do not trust it |
//! | `selectedProfileByPortal` ([`SELECTED_BY_PORTAL_KEY`]) | popup | the profile last chosen on each portal, `{"<portal>": "<profile id>"}` (portals as [`Portal::as_str`] names them); the popup preselects it there, else `selectedProfile`. Like `selectedProfile`, it may name a deleted profile |
//! | `wasmRefusedSites` ([`WASM_REFUSED_KEY`]) | the JavaScript loaders only (the background's `extension/loader.js` writes it and registers the content scripts from it) | `{"<origin>": <ms>}`: sites whose CSP refused WebAssembly, with when; their content script runs the JavaScript build. Rust neither reads nor writes it |
//! | `clients.corrupt.<ms>`, `profiles.corrupt.<ms>` | glue | a value that could not be read, saved verbatim (see [Corruption](#corruption)) |
//!
//! # `clients`
//!
//! Version 2, one [`CapturedClient`] per issued client, in the order first
//! captured, each client id at most once. Times are ms since the Unix epoch;
//! absent optional fields are `null`. There is no secret anywhere in it.
//!
//! ```json
//! {
//!   "version": 2,
//!   "clients": [{
//!     "clientId": "6f1c0e2b9a8d4c7e5f3a2b1c0d9e8f7a",
//!     "portal": "legacyInstagram",
//!     "appName": "Gigya",
//!     "websiteUrl": "http://www.gigya.com",
//!     "redirectUris": ["https://socialize.gigya.com/GS/GSLogin.aspx?"],
//!     "supportEmail": "gigyaapps@gmail.com",
//!     "profileId": "gigya",
//!     "firstSeen": 1718000000000,
//!     "capturedAt": 1718000000000,
//!     "pageUrl": "https://www.instagram.com/developer/clients/manage/",
//!     "idKind": "client-id"
//!   }]
//! }
//! ```
//!
//! `portal` is `"legacyInstagram"` (a 32 lower-case hex `clientId`) or `"meta"`
//! (a 10-20 digit id); `idKind` says which id it is (`client-id`,
//! `instagram-app-id`, `meta-app-id`). `goneAt`, when present, is when a
//! complete Manage Clients list was first seen without the client.
//!
//! Versions: 1 had no `idKind` (one kind of id per portal); reading a version
//! 1 store fills it in, and the store is written back as version 2
//! (`tests/stores/` holds a store of every earlier version, read by a test).
//! A store of a newer version is not read and not written: it stays as it is,
//! and the popup says so. Reading checks every entry, including
//! its id; fields it does not know are dropped when the store is written back,
//! so nothing but the fields above is ever kept.
//!
//! # Corruption
//!
//! A stored value that cannot be read must not be lost. When
//! [`ClientStore::from_stored`] or [`profiles_from_stored`] fails, the glue
//! first writes the raw value, unchanged, under [`ClientStore::backup_key`]
//! (or [`profiles_backup_key`]), and only then starts from an empty store and
//! shows the error's message. The same applies to a value written by a newer
//! ClientFill ([`StoreError::NewerClients`], or the profiles' version problem):
//! it is kept aside, not overwritten.
//!
//! ```
//! use clientfill_core::store::ClientStore;
//!
//! let stored = serde_json::json!({"version": 1, "clients": "oops"});
//! let error = ClientStore::from_stored(Some(&stored)).unwrap_err();
//! assert!(error.to_string().starts_with("The saved list of captured clients could not be read"));
//! assert_eq!(ClientStore::backup_key(1718000000000), "clients.corrupt.1718000000000");
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client::CapturedClient;
use crate::portal::Portal;
use crate::profile::{self, ImportProblem, Profile};

/// Key of the profiles document.
pub const PROFILES_KEY: &str = "profiles";
/// Key of the [`ClientStore`].
pub const CLIENTS_KEY: &str = "clients";
/// Key of the selected profile's id.
pub const SELECTED_PROFILE_KEY: &str = "selectedProfile";
/// Key of the profile last chosen on each portal.
pub const SELECTED_BY_PORTAL_KEY: &str = "selectedProfileByPortal";
/// Key of the sites where WebAssembly was refused; written by the JavaScript
/// loader, listed here so no other code takes the name.
pub const WASM_REFUSED_KEY: &str = "wasmRefusedSites";

/// The version of the `clients` value this code reads and writes.
pub const CLIENTS_VERSION: u32 = 2;

/// Why a stored value could not be read (or an import not applied).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The `clients` value is not `{"version": 1, "clients": [...]}`.
    ClientsShape {
        /// What is wrong with it, in plain language.
        detail: String,
    },
    /// The `clients` value was written by a newer ClientFill.
    NewerClients {
        /// The version it was written in.
        version: u64,
    },
    /// One entry of the `clients` list is not a valid captured client.
    InvalidClient {
        /// Its position in the list, from 0.
        index: usize,
        /// What is wrong with it, in plain language.
        reason: String,
    },
    /// The `profiles` document has problems (never empty).
    Profiles(Vec<ImportProblem>),
    /// An import would leave more profiles than a document may hold.
    TooManyProfiles {
        /// How many there would be.
        count: usize,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const CLIENTS: &str = "The saved list of captured clients could not be read";
        match self {
            StoreError::ClientsShape { detail } => write!(f, "{CLIENTS}: {detail}."),
            StoreError::NewerClients { version } => write!(
                f,
                "The saved list of captured clients was written by a newer version of \
                 ClientFill (format {version}; this one reads format {CLIENTS_VERSION}). \
                 Update ClientFill to see it."
            ),
            StoreError::InvalidClient { index, reason } => {
                write!(f, "{CLIENTS}: entry {} {reason}.", index + 1)
            }
            StoreError::Profiles(problems) => {
                f.write_str("The saved profiles could not be read")?;
                if let Some(first) = problems.first() {
                    write!(f, ": {first}")?;
                }
                match problems.len() {
                    0 | 1 => Ok(()),
                    2 => f.write_str(" (and 1 more problem)"),
                    n => write!(f, " (and {} more problems)", n - 1),
                }
            }
            StoreError::TooManyProfiles { count } => write!(
                f,
                "Importing these profiles would make {count}; ClientFill keeps at most {}. \
                 Delete some profiles first, or import fewer.",
                profile::MAX_PROFILES
            ),
        }
    }
}

impl std::error::Error for StoreError {}

/// The result of reading the store.
pub type Result<T> = std::result::Result<T, StoreError>;

/// The captured clients, as kept under [`CLIENTS_KEY`].
///
/// Not `Deserialize` on purpose: stored data goes through
/// [`from_stored`](Self::from_stored), which checks every entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClientStore {
    /// The format version, [`CLIENTS_VERSION`].
    pub version: u32,
    /// One entry per client id, in the order first captured.
    pub clients: Vec<CapturedClient>,
}

impl Default for ClientStore {
    fn default() -> Self {
        ClientStore::new()
    }
}

/// What [`ClientStore::upsert`] did, by client id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpsertSummary {
    /// Clients seen for the first time.
    pub added: Vec<String>,
    /// Known clients whose data changed.
    pub updated: Vec<String>,
    /// Known clients captured again with the same data.
    pub unchanged: Vec<String>,
    /// Captures refused because their client id is not valid for their
    /// portal: storing them would make the store unreadable.
    pub rejected: Vec<String>,
}

impl UpsertSummary {
    /// Whether the store changed, i.e. needs writing back.
    pub fn changed(&self) -> bool {
        !self.added.is_empty() || !self.updated.is_empty()
    }
}

impl ClientStore {
    /// An empty store.
    pub fn new() -> Self {
        ClientStore {
            version: CLIENTS_VERSION,
            clients: Vec::new(),
        }
    }

    /// Reads the value stored under [`CLIENTS_KEY`]: absent (or `null`) is an
    /// empty store. Any other shape, an invalid entry, a repeated client id or
    /// a newer version is an error; see [Corruption](self#corruption) for what
    /// the caller does then. Never panics.
    pub fn from_stored(value: Option<&Value>) -> Result<ClientStore> {
        let shape = |detail: &str| StoreError::ClientsShape {
            detail: detail.to_owned(),
        };
        let map = match value {
            None | Some(Value::Null) => return Ok(ClientStore::new()),
            Some(Value::Object(map)) => map,
            Some(_) => return Err(shape("it is not a JSON object")),
        };
        let version = match map.get("version") {
            None => return Err(shape("it has no version")),
            Some(version) => version
                .as_u64()
                .ok_or_else(|| shape("its version is not a whole number"))?,
        };
        if version > u64::from(CLIENTS_VERSION) {
            return Err(StoreError::NewerClients { version });
        }
        if version == 0 {
            return Err(shape("its version is 0, which no ClientFill writes"));
        }
        let list = match map.get("clients") {
            Some(Value::Array(list)) => list,
            Some(_) => return Err(shape("its \"clients\" is not a list")),
            None => return Err(shape("it has no \"clients\" list")),
        };
        let mut clients: Vec<CapturedClient> = Vec::with_capacity(list.len());
        for (index, entry) in list.iter().enumerate() {
            let invalid = |reason: String| StoreError::InvalidClient { index, reason };
            let client = CapturedClient::deserialize(entry)
                .map_err(|error| invalid(format!("is not a captured client ({error})")))?;
            if !client.has_valid_id() {
                return Err(invalid(
                    "has a client id that is not valid for its portal".to_owned(),
                ));
            }
            // Version 1 had one kind of id per portal; version 2 names it.
            let mut client = client;
            client.id_kind = Some(client.id_kind());
            client.partial = false;
            if let Some(first) = clients.iter().position(|c| c.client_id == client.client_id) {
                return Err(invalid(format!(
                    "repeats the client id of entry {}",
                    first + 1
                )));
            }
            clients.push(client);
        }
        Ok(ClientStore {
            version: CLIENTS_VERSION,
            clients,
        })
    }

    /// The key under which the glue saves an unreadable `clients` value
    /// before starting a fresh store: `clients.corrupt.<now_ms>`.
    pub fn backup_key(now_ms: u64) -> String {
        backup_key(CLIENTS_KEY, now_ms)
    }

    /// The client with this id, if known.
    pub fn get(&self, client_id: &str) -> Option<&CapturedClient> {
        self.clients.iter().find(|c| c.client_id == client_id)
    }

    /// Adds new clients and updates known ones, by client id.
    ///
    /// An update replaces the stored data with the capture's, except that it
    /// keeps the first `first_seen`, and keeps the known `profile_id` when the
    /// capture has none (a page never says which profile a client is for),
    /// the known redirect URIs when the page did not show the list
    /// ([`CapturedClient::partial`]) and the known app name when the page
    /// showed none.
    /// When nothing but the capture time and page differ, the stored entry is
    /// left as it was and the client is reported unchanged, so an unchanged
    /// store need not be written. A capture whose id is not valid for its
    /// portal is rejected.
    pub fn upsert(&mut self, captured: Vec<CapturedClient>) -> UpsertSummary {
        let mut summary = UpsertSummary::default();
        for mut client in captured {
            let id = client.client_id.clone();
            client.id_kind = Some(client.id_kind());
            if !client.has_valid_id() {
                summary.rejected.push(id);
                continue;
            }
            let outcome = match self.clients.iter_mut().find(|c| c.client_id == id) {
                None => {
                    client.partial = false;
                    client.gone_at = None;
                    self.clients.push(client);
                    Outcome::Added
                }
                Some(known) => {
                    client.first_seen = known.first_seen;
                    if client.partial {
                        client.redirect_uris = known.redirect_uris.clone();
                    }
                    client.partial = false;
                    client.gone_at = None;
                    if client.app_name.is_empty() {
                        client.app_name = known.app_name.clone();
                    }
                    if client.profile_id.is_none() {
                        client.profile_id = known.profile_id.clone();
                    }
                    if same_data(known, &client) {
                        Outcome::Unchanged
                    } else {
                        *known = client;
                        Outcome::Updated
                    }
                }
            };
            summary.note(id, outcome);
        }
        summary
    }

    /// Like [`upsert`](Self::upsert), for a page that lists every client of
    /// `complete` (legacy Manage Clients): the stored clients of that portal
    /// it does not list are marked gone at `now_ms` (kept, not removed), so
    /// nobody is sent to a deleted id.
    pub fn upsert_listing(
        &mut self,
        captured: Vec<CapturedClient>,
        complete: Option<Portal>,
        now_ms: u64,
    ) -> UpsertSummary {
        let listed: Vec<String> = captured.iter().map(|c| c.client_id.clone()).collect();
        let mut summary = self.upsert(captured);
        if let Some(portal) = complete {
            for client in &mut self.clients {
                if client.portal == portal
                    && client.gone_at.is_none()
                    && !listed.contains(&client.client_id)
                {
                    client.gone_at = Some(now_ms);
                    summary.updated.push(client.client_id.clone());
                }
            }
        }
        summary
    }

    /// Removes the client `client_id` (the user's choice: the portal may
    /// still have it) and returns it; `None` when it is not stored.
    pub fn remove(&mut self, client_id: &str) -> Option<CapturedClient> {
        let at = self.clients.iter().position(|c| c.client_id == client_id)?;
        Some(self.clients.remove(at))
    }

    /// Puts a removed client back in first-captured order. A client captured
    /// again meanwhile is kept as captured: the page knows better than the
    /// copy. Returns whether the store changed.
    pub fn restore(&mut self, client: CapturedClient) -> bool {
        if self.clients.iter().any(|c| c.client_id == client.client_id) {
            return false;
        }
        let at = self
            .clients
            .iter()
            .position(|c| c.first_seen > client.first_seen)
            .unwrap_or(self.clients.len());
        self.clients.insert(at, client);
        true
    }

    /// The value to store under [`CLIENTS_KEY`].
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("a client store is strings, numbers and lists")
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Unchanged,
    Updated,
    Added,
}

impl UpsertSummary {
    /// Records what happened to `id`, keeping one entry per id: when a batch
    /// holds a client twice, what happened first to the store counts (added
    /// over updated over unchanged).
    fn note(&mut self, id: String, outcome: Outcome) {
        let previous = if self.added.contains(&id) {
            Some(Outcome::Added)
        } else if self.updated.contains(&id) {
            Some(Outcome::Updated)
        } else if self.unchanged.contains(&id) {
            Some(Outcome::Unchanged)
        } else {
            None
        };
        match previous {
            Some(previous) if previous >= outcome => {}
            _ => {
                self.unchanged.retain(|u| *u != id);
                match outcome {
                    Outcome::Added => self.added.push(id),
                    Outcome::Updated => self.updated.push(id),
                    Outcome::Unchanged => self.unchanged.push(id),
                }
            }
        }
    }
}

/// Equal in everything a capture reports, ignoring when and where it was made.
fn same_data(a: &CapturedClient, b: &CapturedClient) -> bool {
    a.client_id == b.client_id
        && a.portal == b.portal
        && a.app_name == b.app_name
        && a.website_url == b.website_url
        && a.redirect_uris == b.redirect_uris
        && a.support_email == b.support_email
        && a.profile_id == b.profile_id
        && a.id_kind() == b.id_kind()
        && a.gone_at == b.gone_at
}

fn backup_key(key: &str, now_ms: u64) -> String {
    format!("{key}.corrupt.{now_ms}")
}

/// The key under which the glue saves an unreadable `profiles` value before
/// starting with no profiles: `profiles.corrupt.<now_ms>`.
pub fn profiles_backup_key(now_ms: u64) -> String {
    backup_key(PROFILES_KEY, now_ms)
}

/// Reads the value stored under [`PROFILES_KEY`] with [`profile::import`], so
/// stored profiles get exactly the checks of an imported file. Absent (or
/// `null`) is no profiles. The document's text (a JSON string holding what
/// [`profile::export`] writes) is read too. Every problem found is in the
/// error.
pub fn profiles_from_stored(value: Option<&Value>) -> Result<Vec<Profile>> {
    let text = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    };
    profile::import(&text).map_err(StoreError::Profiles)
}

/// The value to store under [`PROFILES_KEY`]: the document
/// [`profile::export`] writes, as a JSON object.
pub fn profiles_to_value(profiles: &[Profile]) -> Value {
    serde_json::from_str(&profile::export(profiles)).expect("profile::export writes valid JSON")
}

/// What [`merge_import`] did, by profile id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    /// Profiles that were not there before, appended in import order.
    pub added: Vec<String>,
    /// Existing profiles replaced, in place, by an imported one.
    pub replaced: Vec<String>,
}

/// Merges imported profiles into the existing ones: an imported profile
/// replaces the one with the same id where it stands, the others are appended
/// in import order, so the order of the list is stable. Should `imported` name
/// an id twice, the later profile wins.
///
/// Fails, changing nothing, when the result would hold more than
/// [`profile::MAX_PROFILES`]: such a list could be stored but never read back.
pub fn merge_import(
    existing: &[Profile],
    imported: Vec<Profile>,
) -> Result<(Vec<Profile>, ImportSummary)> {
    let mut merged = existing.to_vec();
    let mut summary = ImportSummary::default();
    for profile in imported {
        match merged.iter().position(|p| p.id == profile.id) {
            Some(at) => {
                let id = profile.id.clone();
                merged[at] = profile;
                let was_there = existing.iter().any(|p| p.id == id);
                if was_there && !summary.replaced.contains(&id) {
                    summary.replaced.push(id);
                }
            }
            None => {
                summary.added.push(profile.id.clone());
                merged.push(profile);
            }
        }
    }
    if merged.len() > profile::MAX_PROFILES {
        return Err(StoreError::TooManyProfiles {
            count: merged.len(),
        });
    }
    Ok((merged, summary))
}

/// The list with `profile` in place of the stored one of its id, or added
/// at the end; `None` when it is new and the list is full.
pub fn put_profile(profiles: &[Profile], profile: Profile) -> Option<Vec<Profile>> {
    let mut list = profiles.to_vec();
    match list.iter().position(|p| p.id == profile.id) {
        Some(at) => list[at] = profile,
        None if list.len() >= profile::MAX_PROFILES => return None,
        None => list.push(profile),
    }
    Some(list)
}

/// A copy of the profile `id`, placed after it, with an id no profile has
/// (`<id>-copy`, `<id>-copy-2`...) and "(copy)" after its name; `None` when
/// there is no such profile or the list is full.
pub fn duplicate_profile(profiles: &[Profile], id: &str) -> Option<(Vec<Profile>, String)> {
    let at = profiles.iter().position(|p| p.id == id)?;
    if profiles.len() >= profile::MAX_PROFILES {
        return None;
    }
    let taken = |candidate: &str| profiles.iter().any(|p| p.id == candidate);
    // Ids stay within their 64 characters.
    let stem: String = id.chars().take(52).collect();
    let new_id = std::iter::once(format!("{stem}-copy"))
        .chain((2..).map(|n| format!("{stem}-copy-{n}")))
        .find(|candidate| !taken(candidate))?;
    let mut copy = profiles[at].clone();
    copy.id = new_id.clone();
    copy.name = format!("{} (copy)", copy.name);
    let mut list = profiles.to_vec();
    list.insert(at + 1, copy);
    Some((list, new_id))
}

/// The list without the profile `id`, and where it stood, so that
/// [`restore_profile`] can put it back; `None` when there is no such profile.
pub fn remove_profile(profiles: &[Profile], id: &str) -> Option<(Vec<Profile>, usize, Profile)> {
    let at = profiles.iter().position(|p| p.id == id)?;
    let mut list = profiles.to_vec();
    let removed = list.remove(at);
    Some((list, at, removed))
}

/// Puts a removed profile back where it stood (at the end if the list has
/// become shorter); a profile that took its id meanwhile is replaced.
pub fn restore_profile(profiles: &[Profile], at: usize, removed: Profile) -> Vec<Profile> {
    let mut list: Vec<Profile> = profiles
        .iter()
        .filter(|p| p.id != removed.id)
        .cloned()
        .collect();
    list.insert(at.min(list.len()), removed);
    list
}

/// The profile id to preselect on `portal`: the one last chosen there, else
/// the one last chosen anywhere (`selectedProfile`); anything but a string
/// counts as none.
pub fn selected_profile(
    by_portal: Option<&Value>,
    selected: Option<&Value>,
    portal: Portal,
) -> Option<String> {
    by_portal
        .and_then(|map| map.get(portal.as_str()))
        .and_then(Value::as_str)
        .or_else(|| selected.and_then(Value::as_str))
        .map(str::to_owned)
}

/// The profile the popup offers first on `portal`, which the keyboard
/// shortcut fills with: the one [`selected_profile`] names if it is still
/// stored, else the first.
pub fn offered_profile<'a>(
    profiles: &'a [Profile],
    by_portal: Option<&Value>,
    selected: Option<&Value>,
    portal: Portal,
) -> Option<&'a Profile> {
    let chosen = selected_profile(by_portal, selected, portal);
    chosen
        .and_then(|id| profiles.iter().find(|p| p.id == id))
        .or_else(|| profiles.first())
}

/// The items to store when `id` is chosen on `portal`: both keys, the
/// per-portal map keeping the other portals' choices (a map of another
/// shape is replaced).
pub fn select_profile(by_portal: Option<&Value>, portal: Portal, id: &str) -> Value {
    let mut map = match by_portal {
        Some(Value::Object(map)) => map.clone(),
        _ => serde_json::Map::new(),
    };
    map.insert(portal.as_str().to_owned(), Value::String(id.to_owned()));
    serde_json::json!({ SELECTED_PROFILE_KEY: id, SELECTED_BY_PORTAL_KEY: map })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::capture;
    use crate::client::IdKind;
    use crate::page::test_support::card;
    use crate::page::{PageSnapshot, Record};
    use serde_json::json;

    const T0: u64 = 1_718_000_000_000;
    const T1: u64 = 1_718_000_060_000;
    const GIGYA_ID: &str = "6f1c0e2b9a8d4c7e5f3a2b1c0d9e8f7a";
    const ACME_ID: &str = "c41d9e07a2b35f68d1e4c7a09b2f5e38";
    const SECRETS: [&str; 2] = [
        "0b8e4d2c6a9f1e3d5c7b9a0e2f4d6c8b",
        "9e27b4c1d8f03a65e2b7c9d04f1a8e63",
    ];
    const GIGYA_URIS: &str = "https://socialize.gigya.com/GS/GSLogin.aspx? \
        https://socialize.eu1.gigya.com/GS/GSLogin.aspx? \
        https://socialize.us1.gigya.com/GS/GSLogin.aspx? \
        https://socialize.au1.gigya.com/GS/GSLogin.aspx?";

    fn manage(records: Vec<Record>) -> PageSnapshot {
        PageSnapshot {
            url: "https://www.instagram.com/developer/clients/manage/".into(),
            headings: vec!["Manage Clients".into()],
            records,
            ..PageSnapshot::default()
        }
    }

    /// The fixture's Gigya and Auth0 cards, captured at `now`.
    fn captured(now: u64) -> Vec<CapturedClient> {
        capture(
            &manage(vec![
                card(
                    "Gigya",
                    GIGYA_ID,
                    SECRETS[0],
                    "http://www.gigya.com",
                    GIGYA_URIS,
                    "dev@acme.example.com",
                ),
                card(
                    "Acme Login",
                    ACME_ID,
                    SECRETS[1],
                    "https://acme.eu.auth0.com",
                    "https://acme.eu.auth0.com/login/callback",
                    "dev@acme.example.com",
                ),
            ]),
            now,
        )
    }

    fn stored_client() -> Value {
        ClientStore {
            version: 1,
            clients: captured(T0),
        }
        .to_value()["clients"][0]
            .clone()
    }

    fn clients_error(value: Value) -> StoreError {
        ClientStore::from_stored(Some(&value)).unwrap_err()
    }

    // ---- keys

    #[test]
    fn keys_are_the_documented_names() {
        assert_eq!(PROFILES_KEY, "profiles");
        assert_eq!(CLIENTS_KEY, "clients");
        assert_eq!(SELECTED_PROFILE_KEY, "selectedProfile");
        assert_eq!(WASM_REFUSED_KEY, "wasmRefusedSites");
        assert_eq!(ClientStore::backup_key(T0), "clients.corrupt.1718000000000");
        assert_eq!(profiles_backup_key(T0), "profiles.corrupt.1718000000000");
    }

    // ---- ClientStore::from_stored / to_value

    #[test]
    fn absent_or_null_is_an_empty_store() {
        assert_eq!(ClientStore::from_stored(None).unwrap(), ClientStore::new());
        assert_eq!(
            ClientStore::from_stored(Some(&Value::Null)).unwrap(),
            ClientStore::default()
        );
        assert_eq!(
            ClientStore::new().to_value(),
            json!({"version": 2, "clients": []})
        );
    }

    #[test]
    fn the_store_round_trips_in_the_documented_shape() {
        let mut store = ClientStore::new();
        store.upsert(captured(T0));
        let value = store.to_value();
        assert_eq!(value["version"], 2);
        let gigya = &value["clients"][0];
        assert_eq!(gigya["clientId"], GIGYA_ID);
        assert_eq!(gigya["portal"], "legacyInstagram");
        assert_eq!(gigya["appName"], "Gigya");
        assert_eq!(gigya["redirectUris"].as_array().unwrap().len(), 4);
        assert_eq!(gigya["profileId"], Value::Null);
        assert_eq!(gigya["firstSeen"], T0);
        assert_eq!(gigya["capturedAt"], T0);
        let mut keys: Vec<&str> = gigya
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "appName",
                "capturedAt",
                "clientId",
                "firstSeen",
                "idKind",
                "pageUrl",
                "portal",
                "profileId",
                "redirectUris",
                "supportEmail",
                "websiteUrl"
            ]
        );
        assert_eq!(ClientStore::from_stored(Some(&value)).unwrap(), store);
    }

    #[test]
    fn no_secret_is_ever_stored() {
        let mut store = ClientStore::new();
        store.upsert(captured(T0));
        let text = store.to_value().to_string();
        for secret in SECRETS {
            assert!(!text.contains(secret), "{text}");
        }
        // A secret someone else wrote into an entry is dropped on rewrite.
        let mut value = store.to_value();
        value["clients"][0]["clientSecret"] = json!(SECRETS[0]);
        let reread = ClientStore::from_stored(Some(&value)).unwrap();
        assert!(!reread.to_value().to_string().contains(SECRETS[0]));
    }

    #[test]
    fn wrong_shapes_are_errors_with_plain_messages() {
        let message = |value: Value| clients_error(value).to_string();
        assert_eq!(
            message(json!([])),
            "The saved list of captured clients could not be read: it is not a JSON object."
        );
        assert!(message(json!("clients")).contains("not a JSON object"));
        assert!(message(json!({"clients": []})).contains("has no version"));
        assert!(message(json!({"version": "1", "clients": []})).contains("not a whole number"));
        assert!(message(json!({"version": 1.5, "clients": []})).contains("not a whole number"));
        assert!(message(json!({"version": -1, "clients": []})).contains("not a whole number"));
        assert!(message(json!({"version": 0, "clients": []})).contains("version is 0"));
        assert!(message(json!({"version": 1})).contains("no \"clients\" list"));
        assert!(message(json!({"version": 1, "clients": {}})).contains("not a list"));
    }

    #[test]
    fn a_newer_version_is_not_read() {
        let error = clients_error(json!({"version": 3, "clients": []}));
        assert_eq!(error, StoreError::NewerClients { version: 3 });
        assert!(
            error.to_string().contains("newer version of ClientFill"),
            "{error}"
        );
    }

    /// Every earlier version's store, as that version wrote it, reads into
    /// today's and is written back in today's version.
    #[test]
    fn stores_of_every_earlier_version_migrate() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/stores");
        for version in 1..CLIENTS_VERSION {
            let path = dir.join(format!("clients-v{version}.json"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let stored: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(stored["version"], version, "{}", path.display());
            let store = ClientStore::from_stored(Some(&stored)).unwrap();
            assert_eq!(store.version, CLIENTS_VERSION);
            assert_eq!(
                store.clients.len(),
                stored["clients"].as_array().unwrap().len()
            );
            let kinds: Vec<_> = store.clients.iter().map(|c| c.id_kind).collect();
            assert_eq!(
                kinds,
                [Some(IdKind::ClientId), Some(IdKind::InstagramAppId)],
                "v{version}"
            );
            let written = store.to_value();
            assert_eq!(written["version"], CLIENTS_VERSION);
            assert_eq!(written["clients"][1]["idKind"], "instagram-app-id");
            assert_eq!(ClientStore::from_stored(Some(&written)).unwrap(), store);
        }
    }

    #[test]
    fn a_complete_listing_marks_the_missing_clients_gone_and_keeps_them() {
        let mut store = ClientStore::new();
        store.upsert(captured(T0));
        let mut shown = captured(T0 + 1);
        shown.remove(0);
        let summary = store.upsert_listing(shown.clone(), Some(Portal::LegacyInstagram), T0 + 1);
        assert!(summary.changed());
        let gigya = store.get(GIGYA_ID).unwrap();
        assert_eq!(gigya.gone_at, Some(T0 + 1), "marked, kept");
        assert_eq!(gigya.captured_at, T0, "last seen");
        assert_eq!(store.get(ACME_ID).unwrap().gone_at, None);
        // A list of another portal, or an incomplete one, marks nothing.
        let mut other = store.clone();
        other.upsert_listing(Vec::new(), Some(Portal::Meta), T0 + 2);
        other.upsert_listing(Vec::new(), None, T0 + 2);
        assert_eq!(other, store);
        // Seen again: live again.
        store.upsert_listing(captured(T0 + 3), Some(Portal::LegacyInstagram), T0 + 3);
        assert_eq!(store.get(GIGYA_ID).unwrap().gone_at, None);
        let value = store.to_value();
        assert_eq!(ClientStore::from_stored(Some(&value)).unwrap(), store);
    }

    #[test]
    fn every_entry_is_checked() {
        let entry = stored_client();

        let mut missing = entry.clone();
        missing.as_object_mut().unwrap().remove("firstSeen");
        let error = clients_error(json!({"version": 1, "clients": [entry.clone(), missing]}));
        assert!(
            matches!(error, StoreError::InvalidClient { index: 1, .. }),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .contains("entry 2 is not a captured client"),
            "{error}"
        );
        assert!(error.to_string().contains("firstSeen"), "{error}");

        for bad_id in [
            json!(GIGYA_ID.to_ascii_uppercase()),
            json!(&GIGYA_ID[..31]),
            json!(format!("{GIGYA_ID} ")),
            json!("742918305561237"),
            json!(42),
        ] {
            let mut bad = entry.clone();
            bad["clientId"] = bad_id.clone();
            let error = clients_error(json!({"version": 1, "clients": [bad]}));
            assert!(
                matches!(error, StoreError::InvalidClient { index: 0, .. }),
                "{bad_id}: {error:?}"
            );
        }
        let mut meta = entry.clone();
        meta["portal"] = json!("meta");
        meta["clientId"] = json!("742918305561237");
        assert!(ClientStore::from_stored(Some(&json!({"version": 1, "clients": [meta]}))).is_ok());

        let error = clients_error(json!({"version": 1, "clients": [entry.clone(), entry]}));
        assert!(
            error
                .to_string()
                .contains("entry 2 repeats the client id of entry 1"),
            "{error}"
        );
    }

    // proptest is a native-only dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn from_stored_never_panics() {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            "[a-zA-Z0-9 ]{0,8}".prop_map(Value::from),
            Just(json!(1)),
            Just(json!(GIGYA_ID)),
        ];
        let keys = prop_oneof![
            Just("version".to_owned()),
            Just("clients".to_owned()),
            Just("clientId".to_owned()),
            Just("portal".to_owned()),
            "[a-z]{1,6}",
        ];
        let value = leaf.prop_recursive(4, 48, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
                prop::collection::btree_map(keys.clone(), inner, 0..6)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        });
        proptest!(|(value in value)| {
            let _ = ClientStore::from_stored(Some(&value));
            let _ = profiles_from_stored(Some(&value));
        });
    }

    // ---- upsert

    #[test]
    fn upsert_adds_then_reports_unchanged() {
        let mut store = ClientStore::new();
        let summary = store.upsert(captured(T0));
        assert_eq!(summary.added, [GIGYA_ID, ACME_ID]);
        assert!(summary.changed());
        let before = store.clone();
        let summary = store.upsert(captured(T1));
        assert_eq!(summary.unchanged, [GIGYA_ID, ACME_ID]);
        assert!(!summary.changed());
        // Nothing to write: the entries keep their capture time.
        assert_eq!(store, before);
    }

    #[test]
    fn upsert_updates_and_keeps_first_seen_and_profile() {
        let mut store = ClientStore::new();
        let mut first = captured(T0);
        first[0].profile_id = Some("gigya".into());
        store.upsert(first);

        let mut again = captured(T1);
        again[0].redirect_uris.pop();
        let summary = store.upsert(again);
        assert_eq!(summary.updated, [GIGYA_ID]);
        assert_eq!(summary.unchanged, [ACME_ID]);
        let gigya = store.get(GIGYA_ID).unwrap();
        assert_eq!(gigya.redirect_uris.len(), 3);
        assert_eq!((gigya.first_seen, gigya.captured_at), (T0, T1));
        assert_eq!(gigya.profile_id.as_deref(), Some("gigya"));

        // A capture that does name a profile replaces the known one.
        let mut relinked = captured(T1).remove(1);
        relinked.profile_id = Some("acme".into());
        assert_eq!(store.upsert(vec![relinked]).updated, [ACME_ID]);
        assert_eq!(
            store.get(ACME_ID).unwrap().profile_id.as_deref(),
            Some("acme")
        );
        // Order is the order first captured.
        let ids: Vec<&str> = store.clients.iter().map(|c| c.client_id.as_str()).collect();
        assert_eq!(ids, [GIGYA_ID, ACME_ID]);
    }

    #[test]
    fn upsert_rejects_invalid_ids_and_counts_each_id_once() {
        let mut store = ClientStore::new();
        let mut batch = captured(T0);
        let mut bad = batch[0].clone();
        bad.client_id = GIGYA_ID.to_ascii_uppercase();
        let mut changed_twin = batch[0].clone();
        changed_twin.app_name = "Gigya EU".into();
        batch.push(bad);
        batch.push(changed_twin);
        let summary = store.upsert(batch);
        assert_eq!(summary.added, [GIGYA_ID, ACME_ID]);
        assert!(summary.updated.is_empty(), "{summary:?}");
        assert_eq!(summary.rejected, [GIGYA_ID.to_ascii_uppercase()]);
        assert_eq!(store.clients.len(), 2);
        assert_eq!(store.get(GIGYA_ID).unwrap().app_name, "Gigya EU");
        assert!(ClientStore::from_stored(Some(&store.to_value())).is_ok());

        let mut meta = captured(T0).remove(0);
        meta.portal = Portal::Meta;
        assert_eq!(store.upsert(vec![meta]).rejected, [GIGYA_ID]);
    }

    // ---- profiles

    fn profiles() -> Vec<Profile> {
        vec![
            Profile::new("acme", "Acme", "auth0").with_param("tenant", "acme.eu.auth0.com"),
            Profile::new("gigya", "Gigya", "gigya")
                .with_param("siteUrl", "http://www.gigya.com")
                .with_param("dataCenters", ["gigya.com", "eu1.gigya.com"]),
            Profile::new("token", "Token", "token-testing"),
        ]
    }

    #[test]
    fn profiles_round_trip_through_the_export_document() {
        let value = profiles_to_value(&profiles());
        assert_eq!(value["format"], "clientfill-profiles");
        assert_eq!(value["version"], 1);
        assert_eq!(
            value["profiles"][1]["params"]["dataCenters"][1],
            "eu1.gigya.com"
        );
        let exported: Value = serde_json::from_str(&profile::export(&profiles())).unwrap();
        assert_eq!(value, exported);
        assert_eq!(profiles_from_stored(Some(&value)).unwrap(), profiles());
        // The document's text is read too.
        let text = Value::String(profile::export(&profiles()));
        assert_eq!(profiles_from_stored(Some(&text)).unwrap(), profiles());
        assert_eq!(profiles_from_stored(None).unwrap(), []);
        assert_eq!(profiles_from_stored(Some(&Value::Null)).unwrap(), []);
    }

    #[test]
    fn stored_profiles_get_the_import_checks() {
        let mut value = profiles_to_value(&profiles());
        value["profiles"][0]["params"]["tenant"] = json!("https://acme.eu.auth0.com");
        value["profiles"][2]["preset"] = json!("nope");
        let error = profiles_from_stored(Some(&value)).unwrap_err();
        let StoreError::Profiles(problems) = &error else {
            panic!("{error:?}");
        };
        assert_eq!(problems[0].path, "profiles[0].params.tenant");
        let message = error.to_string();
        assert!(
            message
                .starts_with("The saved profiles could not be read: profiles[0].params.tenant: "),
            "{message}"
        );
        assert!(message.ends_with(" (and 1 more problem)"), "{message}");

        let newer = json!({"format": "clientfill-profiles", "version": 2, "profiles": []});
        let message = profiles_from_stored(Some(&newer)).unwrap_err().to_string();
        assert!(message.contains("newer ClientFill"), "{message}");
        assert!(profiles_from_stored(Some(&json!([]))).is_err());
        assert!(profiles_from_stored(Some(&json!("not json"))).is_err());
    }

    // ---- merge_import

    #[test]
    fn merge_import_replaces_in_place_and_appends() {
        let mut acme = profiles()[0].clone();
        acme.name = "Acme (EU)".into();
        let imported = vec![
            Profile::new("new", "New", "token-testing"),
            acme.clone(),
            Profile::new("other", "Other", "token-testing"),
        ];
        let (merged, summary) = merge_import(&profiles(), imported).unwrap();
        let ids: Vec<&str> = merged.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["acme", "gigya", "token", "new", "other"]);
        assert_eq!(merged[0], acme);
        assert_eq!(summary.added, ["new", "other"]);
        assert_eq!(summary.replaced, ["acme"]);

        let (merged, summary) = merge_import(&[], profiles()).unwrap();
        assert_eq!(merged, profiles());
        assert_eq!(summary.added, ["acme", "gigya", "token"]);
        assert!(summary.replaced.is_empty());
    }

    #[test]
    fn merge_import_lets_a_later_duplicate_win() {
        let first = Profile::new("dup", "First", "token-testing");
        let second = Profile::new("dup", "Second", "token-testing");
        let (merged, summary) = merge_import(&profiles(), vec![first, second.clone()]).unwrap();
        assert_eq!(merged.last(), Some(&second));
        assert_eq!(merged.len(), 4);
        assert_eq!(summary.added, ["dup"]);
        assert!(summary.replaced.is_empty());
    }

    #[test]
    fn merge_import_keeps_the_list_readable() {
        let many: Vec<Profile> = (0..profile::MAX_PROFILES - 2)
            .map(|i| Profile::new(format!("p{i}"), "P", "token-testing"))
            .collect();
        let error = merge_import(&profiles(), many.clone()).unwrap_err();
        assert_eq!(
            error,
            StoreError::TooManyProfiles {
                count: profile::MAX_PROFILES + 1
            }
        );
        assert!(error.to_string().contains("at most 500"), "{error}");
        let (merged, _) = merge_import(&profiles()[..2], many).unwrap();
        assert_eq!(merged.len(), profile::MAX_PROFILES);
        assert_eq!(
            profiles_from_stored(Some(&profiles_to_value(&merged))).unwrap(),
            merged
        );
    }
    #[test]
    fn a_removed_client_comes_back_where_it_stood_unless_captured_again() {
        let mut store = ClientStore::new();
        for (i, id) in ["a1", "b2", "c3"].iter().enumerate() {
            store.clients.push(CapturedClient::new(
                *id,
                Portal::Meta,
                i as u64,
                "https://x/",
            ));
        }
        let removed = store.remove("b2").unwrap();
        assert!(store.remove("b2").is_none());
        assert!(store.restore(removed.clone()));
        let ids: Vec<&str> = store.clients.iter().map(|c| c.client_id.as_str()).collect();
        assert_eq!(ids, ["a1", "b2", "c3"]);
        let mut again = removed.clone();
        again.app_name = "captured again".into();
        store.remove("b2");
        store.clients.push(again);
        assert!(!store.restore(removed));
        assert_eq!(store.clients[2].app_name, "captured again");
    }

    #[test]
    fn the_offered_profile_is_the_chosen_one_while_it_exists() {
        let list = vec![
            Profile::new("acme", "Acme", "auth0"),
            Profile::new("shop", "Shop", "gigya"),
        ];
        let by_portal = serde_json::json!({ "meta": "shop" });
        let pick = |by: Option<&Value>, last: Option<&Value>, portal| {
            offered_profile(&list, by, last, portal).map(|p| p.id.as_str())
        };
        assert_eq!(pick(Some(&by_portal), None, Portal::Meta), Some("shop"));
        assert_eq!(
            pick(Some(&by_portal), None, Portal::LegacyInstagram),
            Some("acme")
        );
        let gone = serde_json::json!("deleted");
        assert_eq!(pick(None, Some(&gone), Portal::Meta), Some("acme"));
        assert_eq!(offered_profile(&[], None, None, Portal::Meta), None);
    }

    #[test]
    fn a_saved_profile_replaces_its_id_or_goes_last() {
        let list = vec![
            Profile::new("acme", "Acme", "auth0"),
            Profile::new("shop", "Shop", "gigya"),
        ];
        let edited = put_profile(&list, Profile::new("acme", "Acme 2", "auth0")).unwrap();
        assert_eq!(edited[0].name, "Acme 2");
        assert_eq!(edited.len(), 2);
        let added = put_profile(&list, Profile::new("new", "New", "okta")).unwrap();
        assert_eq!(added[2].id, "new");
        let full: Vec<Profile> = (0..profile::MAX_PROFILES)
            .map(|i| Profile::new(format!("p{i}"), "P", "okta"))
            .collect();
        assert!(put_profile(&full, Profile::new("new", "New", "okta")).is_none());
        assert!(put_profile(&full, Profile::new("p3", "P3", "okta")).is_some());
    }

    #[test]
    fn a_duplicate_gets_a_free_id_and_sits_after_its_original() {
        let list = vec![
            Profile::new("acme", "Acme", "auth0"),
            Profile::new("acme-copy", "Acme (copy)", "auth0"),
            Profile::new("shop", "Shop", "gigya"),
        ];
        let (after, id) = duplicate_profile(&list, "acme").unwrap();
        assert_eq!(id, "acme-copy-2");
        let ids: Vec<&str> = after.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["acme", "acme-copy-2", "acme-copy", "shop"]);
        assert_eq!(after[1].name, "Acme (copy)");
        assert_eq!(after[1].preset, "auth0");
        assert!(duplicate_profile(&list, "nobody").is_none());
        let long = "a".repeat(64);
        let original =
            Profile::new(long.clone(), "Long", "auth0").with_param("tenant", "acme.eu.auth0.com");
        let (after, id) = duplicate_profile(&[original], &long).unwrap();
        assert!(id.len() <= 64 && after[1].validate().is_ok(), "{id}");
    }

    #[test]
    fn a_removed_profile_comes_back_where_it_stood() {
        let list = vec![
            Profile::new("a", "A", "auth0"),
            Profile::new("b", "B", "auth0"),
            Profile::new("c", "C", "auth0"),
        ];
        let (after, at, removed) = remove_profile(&list, "b").unwrap();
        assert_eq!(after.len(), 2);
        assert_eq!(restore_profile(&after, at, removed.clone()), list);
        // Restored after the list lost another profile: still in.
        let shorter = &after[..1];
        let back = restore_profile(shorter, at, removed);
        assert_eq!(
            back.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert!(remove_profile(&list, "zz").is_none());
    }
    #[test]
    fn the_profile_chosen_on_a_portal_is_preselected_there_only() {
        let stored = select_profile(None, Portal::Meta, "acme-strapi");
        let stored = select_profile(
            stored.get(SELECTED_BY_PORTAL_KEY),
            Portal::LegacyInstagram,
            "shop-gigya",
        );
        let by_portal = stored.get(SELECTED_BY_PORTAL_KEY);
        let last = stored.get(SELECTED_PROFILE_KEY);
        assert_eq!(
            selected_profile(by_portal, last, Portal::Meta).as_deref(),
            Some("acme-strapi")
        );
        assert_eq!(
            selected_profile(by_portal, last, Portal::LegacyInstagram).as_deref(),
            Some("shop-gigya")
        );
        // Before any per-portal choice: the last one anywhere.
        assert_eq!(
            selected_profile(None, Some(&json!("acme")), Portal::Meta).as_deref(),
            Some("acme")
        );
        // A hand-edited map of another shape is replaced, not trusted.
        assert_eq!(
            selected_profile(Some(&json!([1])), Some(&json!(7)), Portal::Meta),
            None
        );
        let fixed = select_profile(Some(&json!("x")), Portal::Meta, "a");
        assert_eq!(fixed[SELECTED_BY_PORTAL_KEY], json!({ "meta": "a" }));
    }
}
