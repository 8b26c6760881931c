//! Capturing issued clients from portal pages, and relating them to profiles.
//!
//! After a client is registered, the portal shows what it issued: the legacy
//! portal's **Manage Clients** page has one card per client (app name, then a
//! CLIENT ID / CLIENT SECRET / WEBSITE URL / REDIRECT URI / SUPPORT EMAIL
//! table), its **Edit Client** page the Client ID and Secret above the form,
//! and Meta's Basic Display settings the **Instagram App ID** beside the
//! Display Name. [`capture`] turns a [`PageSnapshot`] of such a page into
//! [`CapturedClient`]s; [`match_profile`] finds the profile a client was
//! registered for and [`diagnose_client`] says whether its registered redirect
//! URIs still fit that profile.
//!
//! Client ids only ever come out of the [`credentials`](crate::credentials)
//! parsers, so page text that is not a well-formed id is never stored as one.
//! Client secrets are never captured: a [`CapturedClient`] has no field that
//! could hold one.
//!
//! ```
//! use clientfill_core::capture::capture;
//! use clientfill_core::page::{Fact, PageSnapshot, Record};
//!
//! let fact = |label: &str, value: &str| Fact { label: label.into(), value: value.into() };
//! let page = PageSnapshot {
//!     url: "https://www.instagram.com/developer/clients/manage/".into(),
//!     headings: vec!["Manage Clients".into()],
//!     records: vec![Record {
//!         heading: "Acme Login".into(),
//!         facts: vec![
//!             fact("CLIENT ID", "c41d9e07a2b35f68d1e4c7a09b2f5e38"),
//!             fact("CLIENT SECRET", "9e27b4c1d8f03a65e2b7c9d04f1a8e63"),
//!             fact("REDIRECT URI", "https://acme.eu.auth0.com/login/callback"),
//!         ],
//!     }],
//!     ..PageSnapshot::default()
//! };
//! let clients = capture(&page, 1_700_000_000_000);
//! assert_eq!(clients[0].client_id, "c41d9e07a2b35f68d1e4c7a09b2f5e38");
//! assert_eq!(clients[0].app_name, "Acme Login");
//! assert_eq!(clients[0].redirect_uris, ["https://acme.eu.auth0.com/login/callback"]);
//! ```

pub use crate::client::{CapturedClient, IdKind};
use crate::page::{PageKind, PageSnapshot};
use crate::portal::Portal;
use crate::portals;
use crate::profile::{ClientValues, Profile};
use crate::uri::{self, Diagnosis};

/// Reads every client `page` shows. `now_ms` (ms since the Unix epoch) becomes
/// `first_seen` and `captured_at`; nothing here reads a clock.
///
/// The page's portal reads it (see [`portals`]):
/// - legacy Manage Clients: one client per card;
/// - legacy Edit Client: the client being edited, unless the form has
///   unsaved edits or is not rendered yet;
/// - Meta Basic Display: the Instagram App ID with the Display Name and the
///   committed redirect URI chips;
/// - any other page: nothing.
///
/// An id that does not parse (wrong length, upper-case hex, ...) is skipped
/// with its record. A client shown twice is returned once, as first shown.
/// `profile_id` is left empty: see [`match_profile`].
pub fn capture(page: &PageSnapshot, now_ms: u64) -> Vec<CapturedClient> {
    let kind = page.kind();
    if !shows_clients(kind) {
        return Vec::new();
    }
    let found = kind
        .portal()
        .and_then(portals::spec)
        .map(|spec| (spec.capture)(page, kind, now_ms))
        .unwrap_or_default();
    // A page shows a handful of clients: a list beats a hash set's code size
    // in the content script.
    let mut unique: Vec<CapturedClient> = Vec::with_capacity(found.len());
    for client in found {
        if !unique.iter().any(|c| c.client_id == client.client_id) {
            unique.push(client);
        }
    }
    unique
}

/// Whether a page of `kind` can show an issued client: [`capture`] reads
/// nothing from any other, so the content script sends only these pages
/// to the background, which captures from them.
pub fn shows_clients(kind: PageKind) -> bool {
    matches!(
        kind,
        PageKind::LegacyManage
            | PageKind::LegacyEdit
            | PageKind::MetaAppSettings
            | PageKind::MetaInstagramLogin
            | PageKind::MetaFacebookLogin
            | PageKind::GitHubOAuthApp
            | PageKind::GitHubApp
            // The "OAuth client created" dialog shows the new client's id.
            | PageKind::GoogleOAuthClientNew
            | PageKind::GoogleOAuthClient
            | PageKind::DiscordOAuth2
    )
}

/// Decides when a form page shows what its portal has saved, so a capture
/// never records unsaved edits (typing, or a fill not saved yet).
///
/// A page starts clean: what it was served with is saved. Any edit makes it
/// dirty. A click on the form's save button then waits for the portal's
/// "saved" notice to appear (if one was already shown, for it to go and come
/// back); only then is the page clean again. A page that reloads after
/// saving (a form post) starts clean anyway.
///
/// ```
/// use clientfill_core::capture::SaveGate;
///
/// let mut gate = SaveGate::default();
/// assert!(gate.observe(false));
/// gate.edited();
/// assert!(!gate.observe(false));
/// gate.save_clicked(false);
/// assert!(!gate.observe(false), "still saving");
/// assert!(gate.observe(true), "the portal said it saved");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SaveGate {
    dirty: bool,
    saving: Option<Saving>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Saving {
    /// A saved notice from before the click is still shown.
    OldNoticeShown,
    /// Waiting for the notice.
    AwaitingNotice,
}

impl SaveGate {
    /// The user or the fill changed the form.
    pub fn edited(&mut self) {
        self.dirty = true;
        self.saving = None;
    }

    /// The form's save button was pressed; `notice_shown` says whether a
    /// saved notice is on the page at that moment.
    pub fn save_clicked(&mut self, notice_shown: bool) {
        if self.dirty {
            self.saving = Some(if notice_shown {
                Saving::OldNoticeShown
            } else {
                Saving::AwaitingNotice
            });
        }
    }

    /// Whether a save was pressed and the portal has not said it saved yet.
    pub fn saving(&self) -> bool {
        self.saving.is_some()
    }

    /// The page as it is now (`notice_shown`: a saved notice is shown);
    /// returns whether it shows what the portal has saved.
    pub fn observe(&mut self, notice_shown: bool) -> bool {
        match (self.saving, notice_shown) {
            (Some(Saving::OldNoticeShown), false) => self.saving = Some(Saving::AwaitingNotice),
            (Some(Saving::AwaitingNotice), true) => {
                self.dirty = false;
                self.saving = None;
            }
            _ => {}
        }
        !self.dirty
    }
}

/// What a page shows of its portal's clients: [`capture`]'s clients, and the
/// portal when the page lists every client it issued (legacy Manage
/// Clients), so the store can mark the ones it does not list as gone.
pub fn listing(page: &PageSnapshot, now_ms: u64) -> (Vec<CapturedClient>, Option<Portal>) {
    let kind = page.kind();
    let complete = kind
        .portal()
        .filter(|portal| portals::spec(*portal).is_some_and(|spec| (spec.lists_all)(kind)));
    (capture(page, now_ms), complete)
}

/// How well a profile's values fit a client; compared field by field, in
/// declaration order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Fit {
    /// Expected URIs the portal accepts as registered.
    matched: usize,
    /// Expected URIs with a registered look-alike (trailing slash, case...):
    /// the client was almost certainly made for this profile, and these are
    /// the clients whose diagnosis matters most.
    near: usize,
    website: bool,
    app_name: bool,
}

impl Fit {
    fn of(client: &CapturedClient, values: &ClientValues) -> Fit {
        let diagnosis = uri::diagnose(client.portal, &values.redirect_uris, &client.redirect_uris);
        let same_url = |a: &str, b: &str| {
            let loose = |s: &str| s.trim().trim_end_matches('/').to_ascii_lowercase();
            loose(a) == loose(b)
        };
        Fit {
            matched: diagnosis.matched.len(),
            near: diagnosis.near_misses.len(),
            website: matches!(
                (&client.website_url, &values.website_url),
                (Some(a), Some(b)) if same_url(a, b)
            ),
            app_name: values.app_name.as_deref().is_some_and(|name| {
                !client.app_name.is_empty() && name.trim().eq_ignore_ascii_case(&client.app_name)
            }),
        }
    }

    fn overlaps(self) -> bool {
        self.matched > 0 || self.near > 0 || self.website || self.app_name
    }
}

/// The id of the profile `client` was most likely registered for.
///
/// Profiles are ranked by the redirect URIs they expect that the portal
/// accepts as registered (its matching rule, see [`uri::diagnose`]), then by
/// near misses (the same endpoint with a trailing slash, another case...),
/// then by an equal Website URL (ignoring case and a trailing slash), then
/// by an equal app name. Profiles whose values cannot be derived are skipped.
///
/// `None` when no profile overlaps at all, and also when the best two
/// profiles fit equally well: a guess could attach the client to the wrong
/// site, and the user can choose.
pub fn match_profile(client: &CapturedClient, profiles: &[Profile]) -> Option<String> {
    let mut best: Option<(Fit, &Profile)> = None;
    let mut tied = false;
    for profile in profiles {
        let Ok(values) = profile.values_for(client.id_kind().provider()) else {
            continue;
        };
        let fit = Fit::of(client, &values);
        if !fit.overlaps() {
            continue;
        }
        match &best {
            Some((top, _)) if fit < *top => {}
            Some((top, _)) if fit == *top => tied = true,
            _ => {
                best = Some((fit, profile));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied)
        .map(|(_, profile)| profile.id.clone())
}

/// Compares the redirect URIs registered for `client` with those `profile`
/// expects for the client's provider, under the client's portal rule; `None`
/// when the profile's values cannot be derived (an invalid profile has
/// nothing to compare with).
pub fn diagnose_client(client: &CapturedClient, profile: &Profile) -> Option<Diagnosis> {
    let values = profile.values_for(client.id_kind().provider()).ok()?;
    Some(uri::diagnose(
        client.portal,
        &values.redirect_uris,
        &client.redirect_uris,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portals::legacy::test_support::{gigya_card, manage, manage_page, GIGYA_ID};
    use crate::uri::Difference;

    const NOW: u64 = 1_718_000_000_000;

    fn gigya_profile(id: &str, centers: &[&str]) -> Profile {
        Profile::new(id, "Gigya", "gigya")
            .with_param("siteUrl", "http://www.gigya.com")
            .with_param("dataCenters", centers)
    }

    // ---- save gate

    #[test]
    fn save_gate_waits_for_a_fresh_saved_notice() {
        let mut gate = SaveGate::default();
        assert!(gate.observe(true), "as served");
        gate.edited();
        // A notice from an earlier save is still up when Save is pressed.
        gate.save_clicked(true);
        assert!(!gate.observe(true), "the old notice does not count");
        assert!(!gate.observe(false));
        assert!(gate.observe(true), "the new notice");
        assert!(gate.observe(false), "clean until the next edit");
    }

    #[test]
    fn save_gate_ignores_saves_without_edits_and_edits_during_a_save() {
        let mut gate = SaveGate::default();
        gate.save_clicked(false);
        assert!(gate.observe(false));
        gate.edited();
        gate.save_clicked(false);
        gate.edited();
        assert!(!gate.observe(true), "edited again after pressing Save");
    }

    // ---- capture

    #[test]
    fn capture_collapses_duplicate_ids() {
        let mut second = gigya_card();
        second.heading = "Gigya again".into();
        let clients = capture(&manage(vec![gigya_card(), second]), NOW);
        assert_eq!(clients.len(), 1);
        assert_eq!(clients[0].app_name, "Gigya");
    }

    #[test]
    fn capture_ignores_other_pages() {
        let mut register = manage_page();
        register.url = "https://www.instagram.com/developer/clients/register/".into();
        register.headings = vec!["Register new Client ID".into()];
        assert_eq!(capture(&register, NOW), []);
        let mut elsewhere = manage_page();
        elsewhere.url = "https://example.com/developer/clients/manage/".into();
        assert_eq!(capture(&elsewhere, NOW), []);
    }

    // ---- match_profile

    fn gigya_client() -> CapturedClient {
        capture(&manage_page(), NOW).remove(0)
    }

    #[test]
    fn match_profile_prefers_the_most_matched_uris() {
        let profiles = [
            Profile::new("acme", "Acme", "auth0").with_param("tenant", "acme.eu.auth0.com"),
            gigya_profile("gigya-us", &["gigya.com"]),
            gigya_profile(
                "gigya-all",
                &[
                    "gigya.com",
                    "eu1.gigya.com",
                    "us1.gigya.com",
                    "au1.gigya.com",
                ],
            ),
            gigya_profile("gigya-eu", &["eu1.gigya.com"]),
        ];
        assert_eq!(
            match_profile(&gigya_client(), &profiles).as_deref(),
            Some("gigya-all")
        );
        let acme = capture(&manage_page(), NOW).remove(1);
        assert_eq!(match_profile(&acme, &profiles).as_deref(), Some("acme"));
    }

    #[test]
    fn match_profile_breaks_ties_by_website_then_app_name() {
        let mut other_site = gigya_profile("other-site", &["gigya.com"]);
        other_site.website_url = Some("https://other.example".into());
        let same_site = gigya_profile("same-site", &["gigya.com"]);
        let profiles = [other_site.clone(), same_site.clone()];
        assert_eq!(
            match_profile(&gigya_client(), &profiles).as_deref(),
            Some("same-site")
        );

        let mut named = other_site.clone();
        named.id = "named".into();
        named.app_name = Some("gigya".into());
        let profiles = [other_site, named];
        assert_eq!(
            match_profile(&gigya_client(), &profiles).as_deref(),
            Some("named")
        );
    }

    #[test]
    fn match_profile_counts_near_misses() {
        let mut client = capture(&manage_page(), NOW).remove(1);
        client.redirect_uris = vec!["https://acme.eu.auth0.com/login/callback/".into()];
        client.website_url = None;
        let profiles = [
            Profile::new("other", "Other", "auth0").with_param("tenant", "other.eu.auth0.com"),
            Profile::new("acme", "Acme", "auth0").with_param("tenant", "acme.eu.auth0.com"),
        ];
        assert_eq!(match_profile(&client, &profiles).as_deref(), Some("acme"));
    }

    #[test]
    fn match_profile_is_none_without_overlap_or_on_a_tie() {
        let profiles = [
            Profile::new("acme", "Acme", "auth0").with_param("tenant", "other.eu.auth0.com"),
            Profile::new("broken", "Broken", "auth0"),
        ];
        assert_eq!(match_profile(&gigya_client(), &profiles), None);
        assert_eq!(match_profile(&gigya_client(), &[]), None);
        let twins = [
            gigya_profile("a", &["gigya.com"]),
            gigya_profile("b", &["gigya.com"]),
        ];
        assert_eq!(match_profile(&gigya_client(), &twins), None);
    }

    #[test]
    fn match_profile_applies_the_portal_rule() {
        // The legacy portal ignores the query when matching; Meta does not.
        let mut client = gigya_client();
        client.redirect_uris = vec!["https://socialize.gigya.com/GS/GSLogin.aspx".into()];
        client.website_url = None;
        let profiles = [gigya_profile("g", &["gigya.com"])];
        let legacy = diagnose_client(&client, &profiles[0]).unwrap();
        assert_eq!(legacy.matched.len(), 1);
        client.portal = Portal::Meta;
        let meta = diagnose_client(&client, &profiles[0]).unwrap();
        assert_eq!(
            meta.near_misses[0].differences,
            [Difference::TrailingQuestionMark]
        );
        // Still the profile it was made for, through the near miss.
        assert_eq!(match_profile(&client, &profiles).as_deref(), Some("g"));
    }

    // ---- diagnose_client

    #[test]
    fn diagnose_client_compares_with_the_profile() {
        let profile = gigya_profile(
            "g",
            &[
                "gigya.com",
                "eu1.gigya.com",
                "us1.gigya.com",
                "au1.gigya.com",
            ],
        );
        let diagnosis = diagnose_client(&gigya_client(), &profile).unwrap();
        assert!(diagnosis.is_ok());
        assert_eq!(diagnosis.matched.len(), 4);

        let profile = Profile::new("g", "G", "gigya")
            .with_param("siteUrl", "http://www.gigya.com")
            .with_param("dataCenters", ["gigya.com", "ru1.gigya.com"]);
        let diagnosis = diagnose_client(&gigya_client(), &profile).unwrap();
        assert_eq!(
            diagnosis.missing,
            ["https://socialize.ru1.gigya.com/GS/GSLogin.aspx?"]
        );
        assert_eq!(diagnosis.extra.len(), 3);

        let mut client = capture(&manage_page(), NOW).remove(1);
        client.redirect_uris = vec!["https://acme.eu.auth0.com/login/callback/".into()];
        let profile =
            Profile::new("acme", "Acme", "auth0").with_param("tenant", "acme.eu.auth0.com");
        let diagnosis = diagnose_client(&client, &profile).unwrap();
        assert_eq!(
            diagnosis.near_misses[0].differences,
            [Difference::TrailingSlash]
        );
    }

    #[test]
    fn diagnose_client_needs_a_valid_profile() {
        assert_eq!(
            diagnose_client(&gigya_client(), &Profile::new("x", "X", "auth0")),
            None
        );
    }

    #[test]
    fn has_valid_id_checks_the_exact_value() {
        let mut client = gigya_client();
        assert!(client.has_valid_id());
        client.client_id = format!(" {GIGYA_ID}");
        assert!(!client.has_valid_id());
        client.client_id = "742918305561237".into();
        assert!(!client.has_valid_id());
        client.portal = Portal::Meta;
        assert!(client.has_valid_id());
    }
}
