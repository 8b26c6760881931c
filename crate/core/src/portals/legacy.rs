//! The legacy Instagram developer portal, `www.instagram.com/developer/`:
//! Developer Signup, Register new Client ID (2016 and 2014 layouts), Edit
//! Client and Manage Clients.

use super::{segments, DoctorSpec, FormSpec, ImplicitOAuthBox, PortalSpec, Steps, Target, UriList};
use crate::client::{new_client, CapturedClient};
use crate::credentials::LegacyClientId;
use crate::page::{field_uris, find_field, present};
use crate::page::{fold_whitespace, split_uris, FieldSnapshot, PageKind, PageSnapshot, Widget};
use crate::portal::Portal;
use crate::profile::ClientField;

/// The legacy portal.
pub const SPEC: PortalSpec = PortalSpec {
    portal: Portal::LegacyInstagram,
    steps: Steps {
        separated_list: true,
        implicit_oauth: true,
        ..Steps::NONE
    },
    detect,
    form: |kind| matches!(kind, PageKind::LegacyRegister | PageKind::LegacyEdit).then_some(&FORM),
    // Django names the controls after the model's fields.
    form_scope: Some("form:has([name=name]):has([name=redirect_uri])"),
    valid_id: |id| LegacyClientId::try_from(id.to_owned()).is_ok(),
    // Manage Clients shows every client of the account.
    lists_all: |kind| kind == PageKind::LegacyManage,
    capture,
};

/// What the doctor reads of this portal.
pub const DOCTOR: DoctorSpec = DoctorSpec {
    portal: Portal::LegacyInstagram,
    login_page: super::no_login_page,
    login_error: super::no_login_error,
    settings_url,
};

/// The Edit Client page of a legacy client.
fn settings_url(client: &CapturedClient) -> Option<String> {
    Some(format!(
        "https://www.instagram.com/developer/clients/{}/edit/",
        client.client_id
    ))
}

/// Register new Client ID and Edit Client share one form.
const FORM: FormSpec = FormSpec {
    targets: TARGETS,
    uri_list: UriList::Separated,
    add_row: &[],
    opener: None,
    choose: None,
    name_max: None,
    prefilled: &[],
    implicit_oauth: Some(ImplicitOAuthBox {
        label_prefix: "disable implicit oauth",
        label: "Disable implicit OAuth",
        place: "Security tab",
    }),
    switches: &[],
    // Both submit the page, so what the next page shows is what was saved.
    save: &["Register", "Update Client"],
    saved: &["Successfully"],
};

const TARGETS: &[Target] = &[
    Target {
        field: ClientField::AppName,
        label: "Application Name",
        labels: &["application name"],
        names: &["id_name", "name"],
    },
    Target {
        field: ClientField::Description,
        label: "Description",
        labels: &["description"],
        names: &["id_description", "description"],
    },
    Target {
        field: ClientField::CompanyName,
        label: "Company Name",
        labels: &["company name"],
        names: &["id_company_name", "company_name"],
    },
    Target {
        field: ClientField::WebsiteUrl,
        label: "Website URL",
        labels: &["website url", "website"],
        names: &["id_website_url", "website_url"],
    },
    Target {
        field: ClientField::RedirectUris,
        label: "Valid redirect URIs",
        labels: &["valid redirect uri", "redirect uri", "oauth redirect_uri"],
        names: &["id_redirect_uri", "redirect_uri"],
    },
    Target {
        field: ClientField::PrivacyPolicyUrl,
        label: "Privacy Policy URL",
        labels: &["privacy policy url", "privacy policy"],
        names: &["id_privacy_policy_url", "privacy_policy_url"],
    },
    Target {
        field: ClientField::ContactEmail,
        label: "Contact email",
        labels: &["contact email", "contact e-mail"],
        names: &["id_contact_email", "contact_email"],
    },
];

/// Any page under `/developer` of the portal's host; the page itself decides
/// (so changed ids or paths still work), the path only when the page says
/// nothing yet (a late-rendering page).
fn detect(host: &str, path: &str, page: &PageSnapshot) -> Option<PageKind> {
    let ours =
        matches!(host, "www.instagram.com" | "instagram.com") && path.starts_with("/developer");
    ours.then(|| kind_from_page(page).unwrap_or_else(|| kind_from_path(path)))
}

fn kind_from_page(page: &PageSnapshot) -> Option<PageKind> {
    if page.has_heading("Edit Client") || page.has_button("Update Client") {
        return Some(PageKind::LegacyEdit);
    }
    if page.has_heading("Register new Client ID")
        || (page.has_label("Application Name") && page.has_label("Valid redirect URI"))
    {
        return Some(PageKind::LegacyRegister);
    }
    if page.has_heading("Developer Signup") {
        return Some(PageKind::LegacySignup);
    }
    if page.has_heading("Manage Clients") {
        return Some(PageKind::LegacyManage);
    }
    None
}

fn kind_from_path(path: &str) -> PageKind {
    match segments(path).as_slice() {
        ["developer", "register"] => PageKind::LegacySignup,
        ["developer", "clients", "register"] => PageKind::LegacyRegister,
        ["developer", "clients", "manage"] => PageKind::LegacyManage,
        ["developer", "clients", _, "edit"] => PageKind::LegacyEdit,
        _ => PageKind::None,
    }
}

/// - Manage Clients: one client per record that has a CLIENT ID fact, named
///   by the record's heading (the card's `<h2>`).
/// - Edit Client: the "Client ID" fact with the form's Application Name,
///   Website URL, redirect URIs and Contact email. The form shows what is
///   registered only as loaded, so nothing once the user has typed in it
///   ([`FieldSnapshot::user_edited`]); the glue captures the page before
///   filling it, for the same reason. Nothing either while the form is not
///   rendered yet (the portal can insert it late): a capture then would look
///   like a client with no URIs.
/// - Other pages: nothing.
fn capture(page: &PageSnapshot, kind: PageKind, now_ms: u64) -> Vec<CapturedClient> {
    let new = |id: LegacyClientId| new_client(page, id.into(), Portal::LegacyInstagram, now_ms);
    match kind {
        PageKind::LegacyManage => page
            .records
            .iter()
            .filter_map(|record| {
                let id = record.value("Client ID").and_then(LegacyClientId::parse)?;
                Some(CapturedClient {
                    app_name: fold_whitespace(&record.heading),
                    website_url: record.value("Website URL").and_then(present),
                    redirect_uris: record
                        .value("Redirect URI")
                        .map(split_uris)
                        .unwrap_or_default(),
                    support_email: record.value("Support Email").and_then(present),
                    ..new(id)
                })
            })
            .collect(),
        PageKind::LegacyEdit => capture_edit(page)
            .map(|(id, edit)| CapturedClient {
                app_name: edit.app_name,
                website_url: edit.website_url,
                redirect_uris: edit.redirect_uris,
                support_email: edit.support_email,
                ..new(id)
            })
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
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
        .find_map(|record| record.value("Client ID").and_then(LegacyClientId::parse))?;
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

/// Legacy portal pages as the glue reads the fixture's markup, shared by the
/// unit tests of the modules that read them (capture, this module).
#[cfg(test)]
pub(crate) mod test_support {
    use crate::page::test_support::{card, fact, text_input};
    use crate::page::{PageSnapshot, Record, Widget};

    pub(crate) const GIGYA_ID: &str = "6f1c0e2b9a8d4c7e5f3a2b1c0d9e8f7a";
    pub(crate) const GIGYA_SECRET: &str = "0b8e4d2c6a9f1e3d5c7b9a0e2f4d6c8b";
    pub(crate) const ACME_ID: &str = "c41d9e07a2b35f68d1e4c7a09b2f5e38";
    pub(crate) const SHOP_ID: &str = "3b8f2a6d0c9e4f17a5d2c8b6e0f3a914";
    pub(crate) const GIGYA_URIS: [&str; 4] = [
        "https://socialize.gigya.com/GS/GSLogin.aspx?",
        "https://socialize.eu1.gigya.com/GS/GSLogin.aspx?",
        "https://socialize.us1.gigya.com/GS/GSLogin.aspx?",
        "https://socialize.au1.gigya.com/GS/GSLogin.aspx?",
    ];
    pub(crate) const MANAGE_URL: &str = "https://www.instagram.com/developer/clients/manage/";

    pub(crate) fn gigya_card() -> Record {
        card(
            "Gigya",
            GIGYA_ID,
            GIGYA_SECRET,
            "http://www.gigya.com",
            &GIGYA_URIS.join(" "),
            "gigyaapps@gmail.com",
        )
    }

    pub(crate) fn manage(records: Vec<Record>) -> PageSnapshot {
        PageSnapshot {
            url: MANAGE_URL.into(),
            headings: vec!["Manage Clients".into(), "CLIENT INFO".into()],
            records,
            ..PageSnapshot::default()
        }
    }

    /// The fixture's three seed clients.
    pub(crate) fn manage_page() -> PageSnapshot {
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
    pub(crate) fn edit_page() -> PageSnapshot {
        let mut redirect = text_input(0, "id_redirect_uri", "", &GIGYA_URIS.join(", "));
        redirect.widget = Widget::TokenField;
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
            notices: Vec::new(),
            text: String::new(),
            groups: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use crate::capture::capture;
    use crate::page::test_support::{card, fact, field, page};
    use crate::page::{PageKind, Record, Widget};
    use crate::portal::Portal;

    const NOW: u64 = 1_718_000_000_000;

    // ---- detection

    #[test]
    fn kind_follows_the_path_when_the_page_says_nothing() {
        let cases = [
            ("https://www.instagram.com/developer/register/", PageKind::LegacySignup),
            ("https://www.instagram.com/developer/clients/register/", PageKind::LegacyRegister),
            ("https://www.instagram.com/developer/clients/register/?csp=strict", PageKind::LegacyRegister),
            ("https://www.instagram.com/developer/clients/manage/", PageKind::LegacyManage),
            ("https://www.instagram.com/developer/clients/0123456789abcdef0123456789abcdef/edit/", PageKind::LegacyEdit),
            ("https://www.instagram.com:8443/developer/clients/manage/", PageKind::LegacyManage),
            ("https://www.instagram.com/developer/", PageKind::None),
            ("https://www.instagram.com/explore/", PageKind::None),
        ];
        for (url, kind) in cases {
            assert_eq!(page(url).kind(), kind, "{url}");
        }
    }

    #[test]
    fn kind_follows_the_page_over_the_path() {
        let mut edit = page("https://www.instagram.com/developer/clients/whatever/");
        edit.headings = vec!["Edit Client".into()];
        assert_eq!(edit.kind(), PageKind::LegacyEdit);

        let mut register = page("https://www.instagram.com/developer/new/");
        register.fields = vec![field("Application Name"), field("Valid redirect URIs")];
        assert_eq!(register.kind(), PageKind::LegacyRegister);

        let mut manage = page("https://www.instagram.com/developer/");
        manage.headings = vec!["manage clients".into()];
        assert_eq!(manage.kind(), PageKind::LegacyManage);
    }

    #[test]
    fn a_heading_elsewhere_is_not_a_portal_page() {
        let mut other = page("https://www.instagram.com/accounts/login/");
        other.headings = vec!["Register new Client ID".into()];
        assert_eq!(other.kind(), PageKind::None);
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
}
