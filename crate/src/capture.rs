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
//! use clientfill::capture::capture;
//! use clientfill::page::{Fact, PageSnapshot, Record};
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

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::credentials::{LegacyClientId, MetaAppId};
use crate::page::{
    fold_whitespace, split_uris, FieldSnapshot, PageKind, PageSnapshot, Record, Widget,
};
use crate::portal::Portal;
use crate::profile::{ClientValues, Profile};
use crate::uri::{self, Diagnosis};

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
}

impl CapturedClient {
    /// Whether `client_id` is a well-formed id for `portal`, taken exactly
    /// (nothing trimmed): stored data is checked with this before it is trusted.
    pub fn has_valid_id(&self) -> bool {
        match self.portal {
            Portal::LegacyInstagram => LegacyClientId::try_from(self.client_id.clone()).is_ok(),
            Portal::Meta => MetaAppId::try_from(self.client_id.clone()).is_ok(),
        }
    }
}

/// Reads every client `page` shows. `now_ms` (ms since the Unix epoch) becomes
/// `first_seen` and `captured_at`; nothing here reads a clock.
///
/// - Manage Clients: one client per record that has a CLIENT ID fact, named
///   by the record's heading (the card's `<h2>`).
/// - Edit Client: the "Client ID" fact with the form's Application Name,
///   Website URL, redirect URIs and Contact email. The form shows what is
///   registered only as loaded, so nothing once the user has typed in it
///   ([`FieldSnapshot::user_edited`]); the glue captures the page before
///   filling it, for the same reason. Nothing either while the form is not
///   rendered yet (the portal can insert it late): a capture then would look
///   like a client with no URIs.
/// - Meta Basic Display: the "Instagram App ID" (field or fact) with the
///   Display Name and the committed redirect URI chips.
/// - Any other page: nothing.
///
/// An id that does not parse (wrong length, upper-case hex, ...) is skipped
/// with its record. A client shown twice is returned once, as first shown.
/// `profile_id` is left empty: see [`match_profile`].
pub fn capture(page: &PageSnapshot, now_ms: u64) -> Vec<CapturedClient> {
    let new = |client_id: String, portal: Portal| CapturedClient {
        client_id,
        portal,
        app_name: String::new(),
        website_url: None,
        redirect_uris: Vec::new(),
        support_email: None,
        profile_id: None,
        first_seen: now_ms,
        captured_at: now_ms,
        page_url: page.url.clone(),
    };
    let found: Vec<CapturedClient> = match page.kind() {
        PageKind::LegacyManage => page
            .records
            .iter()
            .filter_map(|record| {
                let id = record_value(record, "Client ID").and_then(LegacyClientId::parse)?;
                Some(CapturedClient {
                    app_name: fold_whitespace(&record.heading),
                    website_url: record_value(record, "Website URL").and_then(present),
                    redirect_uris: record_value(record, "Redirect URI")
                        .map(split_uris)
                        .unwrap_or_default(),
                    support_email: record_value(record, "Support Email").and_then(present),
                    ..new(id.into(), Portal::LegacyInstagram)
                })
            })
            .collect(),
        PageKind::LegacyEdit => capture_edit(page)
            .map(|(id, edit)| CapturedClient {
                app_name: edit.app_name,
                website_url: edit.website_url,
                redirect_uris: edit.redirect_uris,
                support_email: edit.support_email,
                ..new(id.into(), Portal::LegacyInstagram)
            })
            .into_iter()
            .collect(),
        PageKind::MetaAppSettings => capture_meta(page)
            .map(|(id, app_name, redirect_uris)| CapturedClient {
                app_name,
                redirect_uris,
                ..new(id.into(), Portal::Meta)
            })
            .into_iter()
            .collect(),
        PageKind::None | PageKind::LegacySignup | PageKind::LegacyRegister => Vec::new(),
    };
    let mut seen = HashSet::new();
    found
        .into_iter()
        .filter(|client| seen.insert(client.client_id.clone()))
        .collect()
}

/// What the Edit Client form shows.
struct EditForm {
    app_name: String,
    website_url: Option<String>,
    redirect_uris: Vec<String>,
    support_email: Option<String>,
}

fn capture_edit(page: &PageSnapshot) -> Option<(LegacyClientId, EditForm)> {
    if page.fields.iter().any(|f| f.user_edited) {
        // Unsaved edits: the form no longer shows what is registered.
        return None;
    }
    let id = page
        .records
        .iter()
        .find_map(|record| record_value(record, "Client ID").and_then(LegacyClientId::parse))?;
    let name = find_field(page, &["Application Name"], &["id_name"]);
    let website = find_field(page, &["Website URL"], &["id_website_url"]);
    let redirect = find_redirect_field(page, &["Valid redirect URI"], &["id_redirect_uri"]);
    if name.is_none() && website.is_none() && redirect.is_none() {
        return None;
    }
    let contact = find_field(page, &["Contact email"], &["id_contact_email"]);
    Some((
        id,
        EditForm {
            app_name: name.map(|f| fold_whitespace(&f.value)).unwrap_or_default(),
            website_url: website.and_then(|f| present(&f.value)),
            redirect_uris: redirect.map(field_uris).unwrap_or_default(),
            support_email: contact.and_then(|f| present(&f.value)),
        },
    ))
}

fn capture_meta(page: &PageSnapshot) -> Option<(MetaAppId, String, Vec<String>)> {
    const LABEL: &str = "Instagram App ID";
    let from_fields = page
        .fields
        .iter()
        .filter(|f| f.label_starts_with(LABEL))
        .find_map(|f| MetaAppId::parse(&f.value));
    let id = from_fields.or_else(|| {
        page.records
            .iter()
            .find_map(|record| record_value(record, LABEL).and_then(MetaAppId::parse))
    })?;
    let app_name = find_field(page, &["Display Name"], &[])
        .map(|f| fold_whitespace(&f.value))
        .unwrap_or_default();
    // The chip input's own value is an uncommitted draft, which the dashboard
    // does not save: only committed chips count, as the glue reports them or,
    // failing that, as the dashboard's form posts them (one `redirect_uris`
    // input per chip).
    let chips: Vec<String> = page
        .fields
        .iter()
        .filter(|f| f.label_starts_with("Valid OAuth Redirect URI"))
        .flat_map(|f| f.tokens.iter().flat_map(|t| split_uris(t)))
        .collect();
    let redirect_uris = if chips.is_empty() {
        page.fields
            .iter()
            .filter(|f| f.name == "redirect_uris")
            .flat_map(|f| split_uris(&f.value))
            .collect()
    } else {
        chips
    };
    Some((id, app_name, redirect_uris))
}

/// The value of the fact labelled `label` (ignoring case and a trailing `:`).
fn record_value<'a>(record: &'a Record, label: &str) -> Option<&'a str> {
    record
        .facts
        .iter()
        .find(|f| {
            f.label
                .trim()
                .trim_end_matches(':')
                .trim_end()
                .eq_ignore_ascii_case(label)
        })
        .map(|f| f.value.as_str())
}

/// The first field named by `labels`, else by `ids` (see
/// [`PageSnapshot::fields_named`]).
fn find_field<'a>(
    page: &'a PageSnapshot,
    labels: &'a [&'a str],
    ids: &'a [&'a str],
) -> Option<&'a FieldSnapshot> {
    page.fields_named(labels, ids).next()
}

/// Like [`find_field`], preferring the bootstrap-tokenfield: the widget moves
/// the label onto its own text input, so the real field may be found only by
/// id, after some other labelled control.
fn find_redirect_field<'a>(
    page: &'a PageSnapshot,
    labels: &'a [&'a str],
    ids: &'a [&'a str],
) -> Option<&'a FieldSnapshot> {
    page.fields_named(labels, ids)
        .find(|f| f.widget == Widget::TokenField)
        .or_else(|| find_field(page, labels, ids))
}

/// The redirect URIs a field holds: its committed tokens, or else its value
/// (a plain field, or a tokenfield the widget has not initialised yet).
fn field_uris(field: &FieldSnapshot) -> Vec<String> {
    if field.tokens.is_empty() {
        split_uris(&field.value)
    } else {
        field.tokens.iter().flat_map(|t| split_uris(t)).collect()
    }
}

/// The trimmed text, or `None` when blank.
fn present(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
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
        let Ok(values) = profile.values() else {
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
/// expects, under the client's portal rule; `None` when the profile's values
/// cannot be derived (an invalid profile has nothing to compare with).
pub fn diagnose_client(client: &CapturedClient, profile: &Profile) -> Option<Diagnosis> {
    let values = profile.values().ok()?;
    Some(uri::diagnose(
        client.portal,
        &values.redirect_uris,
        &client.redirect_uris,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::test_support::{card, fact, text_input};
    use crate::uri::Difference;

    const NOW: u64 = 1_718_000_000_000;
    const GIGYA_ID: &str = "6f1c0e2b9a8d4c7e5f3a2b1c0d9e8f7a";
    const GIGYA_SECRET: &str = "0b8e4d2c6a9f1e3d5c7b9a0e2f4d6c8b";
    const ACME_ID: &str = "c41d9e07a2b35f68d1e4c7a09b2f5e38";
    const SHOP_ID: &str = "3b8f2a6d0c9e4f17a5d2c8b6e0f3a914";
    const GIGYA_URIS: [&str; 4] = [
        "https://socialize.gigya.com/GS/GSLogin.aspx?",
        "https://socialize.eu1.gigya.com/GS/GSLogin.aspx?",
        "https://socialize.us1.gigya.com/GS/GSLogin.aspx?",
        "https://socialize.au1.gigya.com/GS/GSLogin.aspx?",
    ];
    const MANAGE_URL: &str = "https://www.instagram.com/developer/clients/manage/";

    fn gigya_card() -> Record {
        card(
            "Gigya",
            GIGYA_ID,
            GIGYA_SECRET,
            "http://www.gigya.com",
            &GIGYA_URIS.join(" "),
            "gigyaapps@gmail.com",
        )
    }

    fn manage(records: Vec<Record>) -> PageSnapshot {
        PageSnapshot {
            url: MANAGE_URL.into(),
            headings: vec!["Manage Clients".into(), "CLIENT INFO".into()],
            records,
            ..PageSnapshot::default()
        }
    }

    /// The fixture's three seed clients.
    fn manage_page() -> PageSnapshot {
        manage(vec![
            gigya_card(),
            card(
                "Acme Login",
                ACME_ID,
                "9e27b4c1d8f03a65e2b7c9d04f1a8e63",
                "https://acme.eu.auth0.com",
                "https://acme.eu.auth0.com/login/callback",
                "dev@acme.example.com",
            ),
            card(
                "Shopfront Social",
                SHOP_ID,
                "d6a0e3f9b2c7418e5a9d3c6f0b2e7a45",
                "https://shopfront.hub.loginradius.com",
                "https://shopfront.hub.loginradius.com:443/socialauth/validate.sauth",
                "it@shopfront.example.net",
            ),
        ])
    }

    /// The fixture's Edit Client page for the Gigya client, tokenfield
    /// initialised: the label points at the widget's own input.
    fn edit_page() -> PageSnapshot {
        let mut redirect = text_input(0, "id_redirect_uri", "", &GIGYA_URIS.join(", "));
        redirect.widget = Widget::TokenField;
        redirect.visible = false;
        redirect.tokens = GIGYA_URIS.iter().map(|s| (*s).to_owned()).collect();
        let mut token_input = text_input(
            0,
            "id_redirect_uri-tokenfield",
            "Valid redirect URIs",
            "https://draft.example/",
        );
        token_input.widget = Widget::TokenInput;
        PageSnapshot {
            url: format!("https://www.instagram.com/developer/clients/{GIGYA_ID}/edit/"),
            headings: vec!["Edit Client".into()],
            buttons: vec!["RESET SECRET".into(), "Update Client".into()],
            records: vec![Record {
                heading: String::new(),
                facts: vec![
                    fact("Client ID", GIGYA_ID),
                    fact("Client Secret", GIGYA_SECRET),
                ],
            }],
            fields: vec![
                text_input(0, "id_name", "Application Name", "Gigya"),
                text_input(
                    0,
                    "id_description",
                    "Description",
                    "Social login for www.gigya.com.",
                ),
                text_input(0, "id_company_name", "Company Name", "Gigya"),
                text_input(0, "id_website_url", "Website URL", "http://www.gigya.com"),
                text_input(
                    0,
                    "id_privacy_policy_url",
                    "Privacy Policy URL",
                    "http://www.gigya.com/privacy-policy/",
                ),
                text_input(
                    0,
                    "id_contact_email",
                    "Contact email",
                    "gigyaapps@gmail.com",
                ),
                token_input,
                redirect,
            ],
        }
    }

    fn meta_page() -> PageSnapshot {
        let mut chips = text_input(
            0,
            ":r3:",
            "Valid OAuth Redirect URIs",
            "https://draft.example/",
        );
        chips.name = String::new();
        chips.tokens = vec!["https://api.acme.example.com/api/connect/instagram/callback".into()];
        PageSnapshot {
            url: "https://developers.facebook.com/apps/1187243319820456/instagram-basic-display/basic-display/".into(),
            headings: vec!["Basic Display".into(), "Client OAuth Settings".into()],
            fields: vec![
                text_input(0, ":r0:", "Instagram App ID", "742918305561237"),
                text_input(0, ":r1:", "Instagram App Secret", "••••••••••••••••"),
                text_input(0, ":r2:", "Display Name", "Acme Strapi"),
                chips,
            ],
            ..PageSnapshot::default()
        }
    }

    fn gigya_profile(id: &str, centers: &[&str]) -> Profile {
        Profile::new(id, "Gigya", "gigya")
            .with_param("siteUrl", "http://www.gigya.com")
            .with_param("dataCenters", centers)
    }

    // ---- capture

    #[test]
    fn capture_reads_every_manage_card() {
        let clients = capture(&manage_page(), NOW);
        let ids: Vec<&str> = clients.iter().map(|c| c.client_id.as_str()).collect();
        assert_eq!(ids, [GIGYA_ID, ACME_ID, SHOP_ID]);
        let gigya = &clients[0];
        assert_eq!(gigya.portal, Portal::LegacyInstagram);
        assert_eq!(gigya.app_name, "Gigya");
        assert_eq!(gigya.website_url.as_deref(), Some("http://www.gigya.com"));
        assert_eq!(gigya.redirect_uris, GIGYA_URIS);
        assert_eq!(gigya.support_email.as_deref(), Some("gigyaapps@gmail.com"));
        assert_eq!(gigya.profile_id, None);
        assert_eq!((gigya.first_seen, gigya.captured_at), (NOW, NOW));
        assert_eq!(gigya.page_url, MANAGE_URL);
        assert_eq!(
            clients[2].redirect_uris,
            ["https://shopfront.hub.loginradius.com:443/socialauth/validate.sauth"]
        );
    }

    #[test]
    fn capture_splits_uris_on_whitespace_and_commas() {
        let uris = format!(
            "{} {}\n{},{} , ",
            GIGYA_URIS[0], GIGYA_URIS[1], GIGYA_URIS[2], GIGYA_URIS[3]
        );
        let page = manage(vec![card("Gigya", GIGYA_ID, GIGYA_SECRET, "", &uris, "")]);
        let client = &capture(&page, NOW)[0];
        assert_eq!(client.redirect_uris, GIGYA_URIS);
        assert_eq!(client.website_url, None, "blank is absent");
        assert_eq!(client.support_email, None);
    }

    #[test]
    fn capture_skips_ids_that_do_not_parse() {
        let short = &GIGYA_ID[..31];
        let upper = GIGYA_ID.to_ascii_uppercase();
        let quoted = format!("\"{ACME_ID}\"");
        let page = manage(vec![
            card("Short", short, GIGYA_SECRET, "", "https://a.example/cb", ""),
            card(
                "Upper",
                &upper,
                GIGYA_SECRET,
                "",
                "https://a.example/cb",
                "",
            ),
            card(
                "Quoted",
                &quoted,
                GIGYA_SECRET,
                "",
                "https://a.example/cb",
                "",
            ),
            Record {
                heading: "No id".into(),
                facts: vec![fact("CLIENT SECRET", GIGYA_SECRET)],
            },
            card(
                "Shop",
                SHOP_ID,
                GIGYA_SECRET,
                "",
                "https://a.example/cb",
                "",
            ),
        ]);
        let clients = capture(&page, NOW);
        assert_eq!(clients.len(), 1);
        assert_eq!(clients[0].client_id, SHOP_ID);
    }

    #[test]
    fn capture_collapses_duplicate_ids() {
        let mut second = gigya_card();
        second.heading = "Gigya again".into();
        let clients = capture(&manage(vec![gigya_card(), second]), NOW);
        assert_eq!(clients.len(), 1);
        assert_eq!(clients[0].app_name, "Gigya");
    }

    #[test]
    fn capture_never_keeps_the_secret() {
        let clients = capture(&manage_page(), NOW);
        let json = serde_json::to_string(&clients).unwrap();
        assert!(!json.contains(GIGYA_SECRET));
        assert!(!json.to_ascii_lowercase().contains("secret"), "{json}");
        let json = serde_json::to_string(&capture(&edit_page(), NOW)).unwrap();
        assert!(!json.contains(GIGYA_SECRET));
    }

    #[test]
    fn capture_reads_the_edit_page() {
        let clients = capture(&edit_page(), NOW);
        assert_eq!(clients.len(), 1);
        let client = &clients[0];
        assert_eq!(client.client_id, GIGYA_ID);
        assert_eq!(client.app_name, "Gigya");
        assert_eq!(client.website_url.as_deref(), Some("http://www.gigya.com"));
        // The tokens, not the widget's draft text.
        assert_eq!(client.redirect_uris, GIGYA_URIS);
        assert_eq!(client.support_email.as_deref(), Some("gigyaapps@gmail.com"));
        assert!(client.page_url.ends_with("/edit/"));
    }

    #[test]
    fn capture_on_edit_falls_back_to_ids_and_plain_values() {
        let mut page = edit_page();
        for f in &mut page.fields {
            f.label.clear();
            f.tokens.clear();
            f.widget = Widget::None;
        }
        page.fields.retain(|f| f.id != "id_redirect_uri-tokenfield");
        let client = &capture(&page, NOW)[0];
        assert_eq!(client.app_name, "Gigya");
        assert_eq!(client.website_url.as_deref(), Some("http://www.gigya.com"));
        // The value the widget writes: tokens joined by ", ".
        assert_eq!(client.redirect_uris, GIGYA_URIS);
    }

    #[test]
    fn capture_on_edit_ignores_a_form_with_unsaved_edits() {
        let mut page = edit_page();
        // The user typed a token into the widget's own input.
        let token_input = page
            .fields
            .iter_mut()
            .find(|f| f.widget == Widget::TokenInput)
            .unwrap();
        token_input.user_edited = true;
        assert_eq!(capture(&page, NOW), []);
    }

    #[test]
    fn capture_on_edit_waits_for_the_form() {
        let mut page = edit_page();
        page.fields.clear();
        assert_eq!(capture(&page, NOW), []);
        let mut page = edit_page();
        page.records[0].facts[0].value = GIGYA_ID.to_ascii_uppercase();
        assert_eq!(capture(&page, NOW), []);
    }

    #[test]
    fn capture_reads_the_meta_app_id() {
        let clients = capture(&meta_page(), NOW);
        assert_eq!(clients.len(), 1);
        let client = &clients[0];
        assert_eq!(client.client_id, "742918305561237");
        assert_eq!(client.portal, Portal::Meta);
        assert_eq!(client.app_name, "Acme Strapi");
        assert_eq!(
            client.redirect_uris,
            ["https://api.acme.example.com/api/connect/instagram/callback"]
        );
        assert_eq!(client.website_url, None);
    }

    #[test]
    fn capture_on_meta_uses_posted_chips_and_facts() {
        let mut page = meta_page();
        page.fields[3].tokens.clear();
        let mut hidden = text_input(
            0,
            "",
            "",
            "https://api.acme.example.com/api/connect/instagram/callback",
        );
        hidden.name = "redirect_uris".into();
        hidden.input_type = "hidden".into();
        page.fields.push(hidden);
        // The App ID shown as text rather than in a field.
        let id_field = page.fields.remove(0);
        page.records.push(Record {
            heading: String::new(),
            facts: vec![fact("Instagram App ID", &id_field.value)],
        });
        let client = &capture(&page, NOW)[0];
        assert_eq!(client.client_id, "742918305561237");
        // Never the chip input's uncommitted draft.
        assert_eq!(
            client.redirect_uris,
            ["https://api.acme.example.com/api/connect/instagram/callback"]
        );
    }

    #[test]
    fn capture_on_meta_needs_a_real_app_id() {
        for bad in [
            "74291830556123",
            "74291830556123712",
            "742918305561237x",
            "",
        ] {
            let mut page = meta_page();
            page.fields[0].value = bad.into();
            assert_eq!(capture(&page, NOW), [], "{bad:?}");
        }
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
