//! The Meta App Dashboard, `developers.facebook.com/apps/<app id>/...`:
//!
//! - Instagram Basic Display settings (`meta:app-settings`): Display Name,
//!   Valid OAuth Redirect URIs, Deauthorize and Data Deletion URLs; shows
//!   the Instagram App ID;
//! - "API setup with Instagram business login" (`meta:instagram-login`): the
//!   Business login settings dialog holds the OAuth redirect URIs and the
//!   two Meta URLs, and shows the Instagram app ID, which is the `client_id`
//!   of Instagram logins (not the Meta app id in the URL); the page's Embed
//!   URL carries it too;
//! - Facebook Login settings (`meta:facebook-login`): Client OAuth settings
//!   with the Valid OAuth Redirect URIs and the switches the flow needs; the
//!   Meta App ID is the `client_id`.
//!
//! The dashboard is a React application with generated class names: every
//! field is found by its visible label.

use super::{
    decoded_param, query_param, segments, DoctorSpec, FormSpec, LoginError, NeededSwitch,
    PortalSpec, Steps, Target, UriList,
};
use crate::client::{new_client, CapturedClient, IdKind};
use crate::credentials::MetaAppId;
use crate::page::find_field;
use crate::page::{fold_whitespace, split_uris, FieldSnapshot, PageKind, PageSnapshot, Widget};
use crate::portal::Portal;
use crate::profile::ClientField;

/// The Meta App Dashboard.
pub const SPEC: PortalSpec = PortalSpec {
    portal: Portal::Meta,
    steps: Steps {
        entry_list: true,
        ..Steps::NONE
    },
    detect,
    form: |kind| match kind {
        PageKind::MetaAppSettings => Some(&BASIC_DISPLAY),
        PageKind::MetaInstagramLogin => Some(&INSTAGRAM_LOGIN),
        PageKind::MetaFacebookLogin => Some(&FACEBOOK_LOGIN),
        _ => None,
    },
    // React makes its ids up at each render.
    form_scope: None,
    valid_id: |id| MetaAppId::try_from(id.to_owned()).is_ok(),
    // Each page shows one app.
    lists_all: |_| false,
    capture,
};

/// What the doctor reads of this portal.
pub const DOCTOR: DoctorSpec = DoctorSpec {
    portal: Portal::Meta,
    login_page,
    login_error,
    settings_url,
};

/// Buttons that add a row where the dashboard shows one input per URI.
const ADD_ROW: &[&str] = &["Add URI", "Add another URI", "Add redirect URI", "Add"];
/// What the dashboard shows once it has saved.
const SAVED: &[&str] = &["Changes saved", "Saved", "Your changes have been saved"];

const BASIC_DISPLAY: FormSpec = FormSpec {
    targets: &[
        Target {
            field: ClientField::AppName,
            label: "Display Name",
            labels: &["display name"],
            names: &[],
        },
        Target {
            field: ClientField::RedirectUris,
            label: "Valid OAuth Redirect URIs",
            labels: &["valid oauth redirect uri"],
            names: &[],
        },
        Target {
            field: ClientField::DeauthorizeUrl,
            label: "Deauthorize Callback URL",
            labels: &["deauthorize callback url", "deauthorize"],
            names: &[],
        },
        Target {
            field: ClientField::DataDeletionUrl,
            label: "Data Deletion Request URL",
            labels: &["data deletion request url", "data deletion"],
            names: &[],
        },
    ],
    uri_list: UriList::Entries,
    add_row: ADD_ROW,
    opener: None,
    choose: None,
    name_max: None,
    prefilled: &[],
    implicit_oauth: None,
    switches: &[],
    save: &["Save Changes", "Save"],
    saved: SAVED,
};

const INSTAGRAM_LOGIN: FormSpec = FormSpec {
    targets: &[
        Target {
            field: ClientField::RedirectUris,
            label: "OAuth redirect URIs",
            labels: &["oauth redirect uri", "valid oauth redirect uri"],
            names: &[],
        },
        Target {
            field: ClientField::DeauthorizeUrl,
            label: "Deauthorize callback URL",
            labels: &["deauthorize callback url", "deauthorize"],
            names: &[],
        },
        Target {
            field: ClientField::DataDeletionUrl,
            label: "Data deletion request URL",
            labels: &["data deletion request url", "data deletion"],
            names: &[],
        },
    ],
    uri_list: UriList::Entries,
    add_row: ADD_ROW,
    opener: Some(OPENER),
    choose: None,
    name_max: None,
    prefilled: &[],
    implicit_oauth: None,
    switches: &[],
    save: &["Save"],
    saved: SAVED,
};

/// The button that opens the Business login settings dialog.
const OPENER: &str = "Business login settings";

const FACEBOOK_LOGIN: FormSpec = FormSpec {
    // Only the list: the Redirect URI Validator beside it ("Redirect URI to
    // Check") tests a URI and saves nothing, so it is never a target.
    targets: &[Target {
        field: ClientField::RedirectUris,
        label: "Valid OAuth Redirect URIs",
        labels: &["valid oauth redirect uri"],
        names: &[],
    }],
    uri_list: UriList::Entries,
    add_row: ADD_ROW,
    opener: None,
    choose: None,
    name_max: None,
    prefilled: &[],
    implicit_oauth: None,
    switches: &[
        NeededSwitch {
            label: "Client OAuth login",
            why: "without it no OAuth client flow works",
        },
        NeededSwitch {
            label: "Web OAuth login",
            why: "a broker's web login is a web OAuth flow",
        },
    ],
    save: &["Save changes", "Save"],
    saved: SAVED,
};

const FACEBOOK_HOST: &str = "developers.facebook.com";

/// An app's pages under `/apps/`: the page itself first (its headings,
/// labels and buttons), then the route, so a late-rendering page is known
/// by its path and a moved page by what it shows.
fn detect(host: &str, path: &str, page: &PageSnapshot) -> Option<PageKind> {
    if host != FACEBOOK_HOST || !path.starts_with("/apps/") {
        return None;
    }
    Some(
        kind_from_page(page)
            .or_else(|| kind_from_route(path, &page.url))
            .or_else(|| {
                page.has_label("Valid OAuth Redirect URIs")
                    .then_some(PageKind::MetaAppSettings)
            })
            .unwrap_or(PageKind::None),
    )
}

/// Instagram's authorize page and Facebook's OAuth dialog: their login
/// error kind when they say a refusal.
fn login_page(host: &str, path: &str, page: &PageSnapshot) -> Option<PageKind> {
    let kind = login_kind(host, path)?;
    let refused = if kind == PageKind::MetaFacebookLoginError {
        FACEBOOK_REFUSALS
    } else {
        INSTAGRAM_REFUSALS
    };
    Some(super::login_page_kind(page, refused, kind))
}

/// The login error kind a login page at `host` and `path` may be:
/// Instagram's authorize page, Facebook's OAuth dialog (versioned or not).
fn login_kind(host: &str, path: &str) -> Option<PageKind> {
    let path = path.trim_end_matches('/');
    match host {
        "www.instagram.com" | "instagram.com" if path == "/oauth/authorize" => {
            Some(PageKind::MetaInstagramLoginError)
        }
        "www.facebook.com" | "facebook.com" | "m.facebook.com" => {
            let dialog = match segments(path).as_slice() {
                [version, "dialog", "oauth"] => version.starts_with('v'),
                ["dialog", "oauth"] => true,
                _ => false,
            };
            dialog.then_some(PageKind::MetaFacebookLoginError)
        }
        _ => None,
    }
}

/// What Instagram answers a login whose redirect URI is not registered (a
/// JSON error shown as text), lower case.
const INSTAGRAM_REFUSALS: &[&str] = &[
    "invalid redirect_uri",
    "invalid redirect uri",
    "redirect uri does not match registered redirect uri",
];

/// What Facebook's dialog says for a redirect URI it does not accept, in
/// today's and older wordings, lower case.
const FACEBOOK_REFUSALS: &[&str] = &[
    "redirect uri is not whitelisted",
    "url blocked",
    "can't load url",
    "can\u{2019}t load url",
    "isn't included in the app's domains",
    "isn\u{2019}t included in the app\u{2019}s domains",
];

fn login_error(page: &PageSnapshot, kind: PageKind) -> Option<LoginError> {
    let refusals = match kind {
        PageKind::MetaInstagramLoginError => INSTAGRAM_REFUSALS,
        PageKind::MetaFacebookLoginError => FACEBOOK_REFUSALS,
        _ => return None,
    };
    Some(LoginError {
        client_id: decoded_param(&page.url, "client_id")?,
        redirect_uri: decoded_param(&page.url, "redirect_uri"),
        message: super::refusal(page, refusals)?,
    })
}

/// Facebook Login's settings for a Meta App ID; for an Instagram app ID
/// (not in any route) the product page it was captured on.
fn settings_url(client: &CapturedClient) -> Option<String> {
    match client.id_kind() {
        IdKind::MetaAppId => Some(format!(
            "https://{FACEBOOK_HOST}/apps/{}/fb-login/settings/",
            client.client_id
        )),
        _ => client
            .page_url
            .starts_with(&format!("https://{FACEBOOK_HOST}/apps/"))
            .then(|| client.page_url.clone()),
    }
}

fn kind_from_page(page: &PageSnapshot) -> Option<PageKind> {
    let has_switch = |label: &str| {
        page.fields
            .iter()
            .any(|f| f.is_switch() && f.label_starts_with(label))
    };
    if has_switch("Client OAuth login")
        || has_switch("Web OAuth login")
        || page.has_label("Redirect URI to Check")
    {
        return Some(PageKind::MetaFacebookLogin);
    }
    if page.has_heading("API setup with Instagram business login")
        || page.has_button(OPENER)
        || page
            .fields
            .iter()
            .any(|f| f.label_starts_with("OAuth redirect URI"))
    {
        return Some(PageKind::MetaInstagramLogin);
    }
    None
}

fn kind_from_route(path: &str, url: &str) -> Option<PageKind> {
    let segments = segments(path);
    let ["apps", id, product, rest @ ..] = segments.as_slice() else {
        return None;
    };
    if !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match (*product, rest) {
        ("instagram-business", _) => Some(PageKind::MetaInstagramLogin),
        ("fb-login" | "business-login", ["settings", ..]) => Some(PageKind::MetaFacebookLogin),
        ("use_cases", ["customize", ..])
            if query_param(url, "product_route") == Some("fb-login")
                || query_param(url, "use_case_enum") == Some("FB_LOGIN") =>
        {
            Some(PageKind::MetaFacebookLogin)
        }
        (product, _) if product.starts_with("instagram") => Some(PageKind::MetaAppSettings),
        _ => None,
    }
}

fn capture(page: &PageSnapshot, kind: PageKind, now_ms: u64) -> Vec<CapturedClient> {
    let client = match kind {
        PageKind::MetaAppSettings => capture_basic_display(page),
        PageKind::MetaInstagramLogin => capture_instagram_login(page),
        PageKind::MetaFacebookLogin => capture_facebook_login(page),
        _ => None,
    };
    client
        .map(|found| CapturedClient {
            app_name: found.app_name,
            redirect_uris: found.redirect_uris.clone().unwrap_or_default(),
            partial: found.redirect_uris.is_none(),
            id_kind: Some(found.kind),
            ..new_client(page, found.id.into(), Portal::Meta, now_ms)
        })
        .into_iter()
        .collect()
}

/// What one dashboard page says of its app's client.
struct Found {
    id: MetaAppId,
    kind: IdKind,
    app_name: String,
    /// `None` when the page does not show the list.
    redirect_uris: Option<Vec<String>>,
}

/// An id shown as a field's value or as a label/value fact.
fn shown_id(page: &PageSnapshot, label: &str) -> Option<MetaAppId> {
    page.fields
        .iter()
        .filter(|f| {
            f.label
                .trim()
                .trim_end_matches(':')
                .eq_ignore_ascii_case(label)
        })
        .find_map(|f| MetaAppId::parse(&f.value))
        .or_else(|| page.fact(label).and_then(MetaAppId::parse))
}

fn shown_name(page: &PageSnapshot, labels: &[&str]) -> String {
    let field = find_field(page, labels, &[]).map(|f| fold_whitespace(&f.value));
    field
        .filter(|n| !n.is_empty())
        .or_else(|| {
            labels
                .iter()
                .find_map(|label| page.fact(label))
                .map(fold_whitespace)
        })
        .unwrap_or_default()
}

/// The committed entries of the list labelled by `labels`: chips, or rows
/// of inputs. A chip input's own value is an uncommitted draft, which the
/// dashboard does not save. `None` when the page does not show the list.
fn shown_uris(page: &PageSnapshot, labels: &[&str]) -> Option<Vec<String>> {
    let fields: Vec<&FieldSnapshot> = page
        .fields_named(labels, &[])
        .filter(|f| f.input_type != "hidden")
        .collect();
    if fields.is_empty() {
        return None;
    }
    let rows = fields.len() > 1 || fields.iter().any(|f| f.widget == Widget::Row);
    Some(
        fields
            .iter()
            .flat_map(|f| {
                if rows {
                    split_uris(&f.value)
                } else {
                    f.tokens.iter().flat_map(|t| split_uris(t)).collect()
                }
            })
            .collect(),
    )
}

/// Basic Display: the "Instagram App ID" with the Display Name and the
/// committed redirect URI chips (or, failing those, the form's posted
/// `redirect_uris`, one hidden input per chip).
fn capture_basic_display(page: &PageSnapshot) -> Option<Found> {
    let id = shown_id(page, "Instagram App ID")?;
    let mut redirect_uris = shown_uris(page, &["Valid OAuth Redirect URI"]).unwrap_or_default();
    if redirect_uris.is_empty() {
        redirect_uris = page
            .fields
            .iter()
            .filter(|f| f.name == "redirect_uris")
            .flat_map(|f| split_uris(&f.value))
            .collect();
    }
    Some(Found {
        id,
        kind: IdKind::InstagramAppId,
        app_name: shown_name(page, &["Display Name"]),
        redirect_uris: Some(redirect_uris),
    })
}

/// Instagram business login: the Instagram app ID from the page or the
/// Business login settings dialog, else from the Embed URL's `client_id`;
/// the redirect URIs only while the dialog shows them.
fn capture_instagram_login(page: &PageSnapshot) -> Option<Found> {
    let id = shown_id(page, "Instagram app ID").or_else(|| embed_url_client_id(page))?;
    Some(Found {
        id,
        kind: IdKind::InstagramAppId,
        app_name: shown_name(page, &["Instagram app name", "App name", "Display name"]),
        redirect_uris: shown_uris(page, INSTAGRAM_LOGIN.targets[0].labels),
    })
}

/// The `client_id` of the Embed URL (an Instagram authorize URL), shown as a
/// fact, a field's value or a link's text.
fn embed_url_client_id(page: &PageSnapshot) -> Option<MetaAppId> {
    const AUTHORIZE: &str = "https://www.instagram.com/oauth/authorize";
    let facts = page
        .records
        .iter()
        .flat_map(|r| r.facts.iter().map(|f| f.value.as_str()));
    let fields = page.fields.iter().map(|f| f.value.as_str());
    facts
        .chain(fields)
        .filter(|text| text.trim_start().starts_with(AUTHORIZE))
        .find_map(|url| query_param(url.trim(), "client_id").and_then(MetaAppId::parse))
}

/// Facebook Login: the Meta App ID (shown as "App ID", else the one in the
/// route, which is the same id) with the Valid OAuth Redirect URIs.
fn capture_facebook_login(page: &PageSnapshot) -> Option<Found> {
    let from_route = || {
        let (_, rest) = page.url.split_once("/apps/")?;
        MetaAppId::parse(rest.split('/').next()?)
    };
    let id = shown_id(page, "App ID").or_else(from_route)?;
    let redirect_uris = shown_uris(page, FACEBOOK_LOGIN.targets[0].labels);
    // Nothing while the settings are not rendered yet: a capture then would
    // look like an app with no redirect URIs.
    redirect_uris.as_ref()?;
    Some(Found {
        id,
        kind: IdKind::MetaAppId,
        app_name: shown_name(page, &["App name", "Display name", "Display Name"]),
        redirect_uris,
    })
}

#[cfg(test)]
mod tests {
    use crate::capture::capture;
    use crate::client::IdKind;
    use crate::page::test_support::{fact, field, page, text_input};
    use crate::page::{FieldSnapshot, PageKind, PageSnapshot, Record, Widget};
    use crate::portal::Portal;

    const NOW: u64 = 1_718_000_000_000;
    const META_APP: &str = "1187243319820456";
    const IG_APP: &str = "1029384756473829";

    fn switch(label: &str, on: bool) -> FieldSnapshot {
        FieldSnapshot {
            tag: "div".into(),
            input_type: "switch".into(),
            label: label.into(),
            checked: on,
            ..FieldSnapshot::default()
        }
    }

    fn chips(index: usize, label: &str, tokens: &[&str]) -> FieldSnapshot {
        FieldSnapshot {
            widget: Widget::Chips,
            tokens: tokens.iter().map(|t| (*t).to_owned()).collect(),
            name: String::new(),
            ..text_input(index, &format!(":r{index}:"), label, "")
        }
    }

    fn pairs(facts: &[(&str, &str)]) -> Record {
        Record {
            heading: String::new(),
            facts: facts.iter().map(|(l, v)| fact(l, v)).collect(),
        }
    }

    /// The API setup page with the Business login settings dialog open.
    fn instagram_login(dialog: bool) -> PageSnapshot {
        let embed = format!("https://www.instagram.com/oauth/authorize?enable_fb_login=0&client_id={IG_APP}&redirect_uri=https%3A%2F%2Fkeep.acme.example%2Fcb&response_type=code&scope=instagram_business_basic");
        let mut page = PageSnapshot {
            url: format!(
                "https://developers.facebook.com/apps/{META_APP}/instagram-business/API-Setup/"
            ),
            headings: vec!["API setup with Instagram business login".into()],
            buttons: vec!["Business login settings".into()],
            fields: vec![
                text_input(0, ":r0:", "Callback URL", ""),
                text_input(1, ":r1:", "Verify token", ""),
            ],
            records: vec![pairs(&[
                ("Instagram app name", "Acme IG"),
                ("Embed URL", &embed),
            ])],
            ..PageSnapshot::default()
        };
        if dialog {
            page.records.push(pairs(&[
                ("Instagram app ID", IG_APP),
                ("Instagram app secret", "•••• Show"),
            ]));
            page.fields.extend([
                chips(2, "OAuth redirect URIs", &["https://keep.acme.example/cb"]),
                text_input(3, ":r3:", "Deauthorize callback URL", ""),
                text_input(4, ":r4:", "Data deletion request URL", ""),
            ]);
        }
        page
    }

    fn facebook_login() -> PageSnapshot {
        PageSnapshot {
            url: format!("https://developers.facebook.com/apps/{META_APP}/fb-login/settings/"),
            headings: vec!["Client OAuth settings".into()],
            fields: vec![
                switch("Client OAuth login", true),
                switch("Web OAuth login", false),
                chips(
                    2,
                    "Valid OAuth Redirect URIs",
                    &["https://keep.acme.example/fb"],
                ),
                chips(
                    3,
                    "Allowed Domains for the JavaScript SDK",
                    &["acme.example"],
                ),
                text_input(4, ":r4:", "Redirect URI to Check", ""),
            ],
            records: vec![pairs(&[("App ID", META_APP)])],
            ..PageSnapshot::default()
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

    // ---- detection

    #[test]
    fn kind_follows_the_path_when_the_page_says_nothing() {
        let cases = [
            ("https://developers.facebook.com/apps/123456789012345/instagram-basic-display/basic-display/", PageKind::MetaAppSettings),
            ("https://developers.facebook.com/apps/", PageKind::None),
        ];
        for (url, kind) in cases {
            assert_eq!(page(url).kind(), kind, "{url}");
        }
    }

    #[test]
    fn kind_follows_each_route() {
        let app = "https://developers.facebook.com/apps/1187243319820456";
        let cases = [
            (format!("{app}/instagram-business/API-Setup/"), PageKind::MetaInstagramLogin),
            (format!("{app}/fb-login/settings/"), PageKind::MetaFacebookLogin),
            (format!("{app}/business-login/settings/"), PageKind::MetaFacebookLogin),
            (
                format!("{app}/use_cases/customize/settings/?use_case_enum=FB_LOGIN&selected_tab=settings&product_route=fb-login"),
                PageKind::MetaFacebookLogin,
            ),
            (format!("{app}/use_cases/customize/settings/?use_case_enum=OTHER"), PageKind::None),
            (format!("{app}/fb-login/quickstart/"), PageKind::None),
            (format!("{app}/dashboard/"), PageKind::None),
            ("https://developers.facebook.com/apps/acme/fb-login/settings/".into(), PageKind::None),
            ("https://www.facebook.com/apps/1187243319820456/fb-login/settings/".into(), PageKind::None),
        ];
        for (url, kind) in cases {
            assert_eq!(page(&url).kind(), kind, "{url}");
        }
    }

    #[test]
    fn kind_follows_what_the_page_shows() {
        let url = "https://developers.facebook.com/apps/42/settings/";
        let mut fb = page(url);
        fb.fields = vec![
            switch("Web OAuth login", true),
            field("Valid OAuth Redirect URIs"),
        ];
        assert_eq!(fb.kind(), PageKind::MetaFacebookLogin);
        let mut validator = page(url);
        validator.fields = vec![
            field("Valid OAuth Redirect URIs"),
            field("Redirect URI to Check"),
        ];
        assert_eq!(validator.kind(), PageKind::MetaFacebookLogin);
        let mut ig = page(url);
        ig.buttons = vec!["Business login settings".into()];
        assert_eq!(ig.kind(), PageKind::MetaInstagramLogin);
        let mut dialog = page(url);
        dialog.fields = vec![field("OAuth redirect URIs")];
        assert_eq!(dialog.kind(), PageKind::MetaInstagramLogin);
        // Basic Display also has a "Client OAuth Settings" heading: no switch, no validator.
        let mut basic = page(url);
        basic.headings = vec!["Client OAuth Settings".into()];
        basic.fields = vec![field("Valid OAuth Redirect URIs")];
        assert_eq!(basic.kind(), PageKind::MetaAppSettings);
    }

    #[test]
    fn providers_follow_the_page() {
        use crate::provider::Provider;
        assert_eq!(
            PageKind::MetaInstagramLogin.provider(),
            Some(Provider::Instagram)
        );
        assert_eq!(
            PageKind::MetaAppSettings.provider(),
            Some(Provider::Instagram)
        );
        assert_eq!(
            PageKind::MetaFacebookLogin.provider(),
            Some(Provider::Facebook)
        );
        for kind in [
            PageKind::MetaAppSettings,
            PageKind::MetaInstagramLogin,
            PageKind::MetaFacebookLogin,
        ] {
            assert!(kind.is_fillable(), "{kind:?}");
        }
    }

    #[test]
    fn kind_follows_the_page_over_the_path() {
        let mut meta = page("https://developers.facebook.com/apps/42/settings/");
        meta.fields = vec![field("Valid OAuth Redirect URIs")];
        assert_eq!(meta.kind(), PageKind::MetaAppSettings);
    }

    // ---- capture

    #[test]
    fn instagram_login_captures_the_instagram_app_id_not_the_meta_one() {
        let client = &capture(&instagram_login(true), NOW)[0];
        assert_eq!(client.client_id, IG_APP);
        assert_eq!(client.id_kind(), IdKind::InstagramAppId);
        assert_eq!(client.app_name, "Acme IG");
        assert_eq!(client.redirect_uris, ["https://keep.acme.example/cb"]);
        assert!(!client.partial);
    }

    #[test]
    fn instagram_login_with_the_dialog_closed_reads_the_embed_url() {
        let client = &capture(&instagram_login(false), NOW)[0];
        assert_eq!(client.client_id, IG_APP);
        assert!(client.partial, "the list is not shown: keep the known one");
        assert!(client.redirect_uris.is_empty());
    }

    #[test]
    fn facebook_login_captures_the_meta_app_id_and_only_its_list() {
        let client = &capture(&facebook_login(), NOW)[0];
        assert_eq!(client.client_id, META_APP);
        assert_eq!(client.id_kind(), IdKind::MetaAppId);
        assert_eq!(client.redirect_uris, ["https://keep.acme.example/fb"]);
        // From the route when the page does not show the id.
        let mut page = facebook_login();
        page.records.clear();
        assert_eq!(capture(&page, NOW)[0].client_id, META_APP);
        // Not while the settings are not rendered.
        page.fields.truncate(2);
        assert_eq!(capture(&page, NOW), []);
    }

    #[test]
    fn rows_are_read_as_a_list() {
        let mut page = facebook_login();
        let row = |index, value: &str| FieldSnapshot {
            widget: Widget::Row,
            ..text_input(index, "", "Valid OAuth Redirect URIs", value)
        };
        page.fields.splice(
            2..3,
            [
                row(2, "https://a.example/cb"),
                row(3, "https://b.example/cb"),
                row(4, ""),
            ],
        );
        assert_eq!(
            capture(&page, NOW)[0].redirect_uris,
            ["https://a.example/cb", "https://b.example/cb"]
        );
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
            "742918305",
            "742918305561237123456",
            "0742918305561237",
            "742918305561237x",
            "",
        ] {
            let mut page = meta_page();
            page.fields[0].value = bad.into();
            assert_eq!(capture(&page, NOW), [], "{bad:?}");
        }
    }

    // ---- fill

    use crate::fill::{
        plan_fill, value_warnings, EntryMode, FillAction, FillOptions, FillPlan, Outcome,
    };
    use crate::profile::Profile;
    use crate::provider::Provider;

    fn strapi() -> Profile {
        Profile::new("s", "Strapi", "strapi").with_param("backendUrl", "https://65e60559.ngrok.io")
    }

    fn plan_for(page: &PageSnapshot, profile: &Profile) -> FillPlan {
        let provider = page.kind().provider().unwrap();
        plan_fill(
            page,
            &profile.values_for(provider).unwrap(),
            FillOptions::default(),
        )
    }

    fn outcome(plan: &FillPlan, field: &str) -> Outcome {
        plan.lines
            .iter()
            .find(|l| l.field == field)
            .unwrap_or_else(|| panic!("no line {field}: {:#?}", plan.lines))
            .outcome
    }

    #[test]
    fn a_page_known_by_its_route_may_still_be_rendering() {
        let mut page = facebook_login();
        page.fields.clear();
        page.headings.clear();
        let plan = plan_for(&page, &strapi());
        assert!(plan.form_absent && plan.actions.is_empty());
        assert!(!plan_for(&facebook_login(), &strapi()).form_absent);
    }

    #[test]
    fn a_closed_dialog_is_opened_first() {
        let plan = plan_for(&instagram_login(false), &strapi());
        assert_eq!(plan.open.as_deref(), Some("Business login settings"));
        assert!(plan.actions.is_empty());
    }

    #[test]
    fn the_dialog_gets_chips_and_the_meta_urls() {
        let plan = plan_for(&instagram_login(true), &strapi());
        assert_eq!(plan.open, None);
        assert_eq!(
            plan.actions,
            [
                FillAction::AddEntries {
                    field: 2,
                    entries: vec!["https://65e60559.ngrok.io/api/connect/instagram/callback".into()],
                    mode: EntryMode::Chips,
                    add_row: super::ADD_ROW.iter().map(|s| (*s).to_owned()).collect(),
                },
                FillAction::SetValue {
                    field: 3,
                    value: "https://65e60559.ngrok.io".into()
                },
                FillAction::SetValue {
                    field: 4,
                    value: "https://65e60559.ngrok.io".into()
                },
            ]
        );
        let kept = plan
            .lines
            .iter()
            .find(|l| l.field == "OAuth redirect URIs")
            .unwrap();
        assert!(kept.detail.contains("Kept 1"), "{}", kept.detail);
        // Webhook fields are not ours.
        assert!(!plan
            .actions
            .iter()
            .any(|a| matches!(a, FillAction::SetValue { field: 0 | 1, .. })));
    }

    #[test]
    fn filling_the_dialog_twice_changes_nothing() {
        let mut page = instagram_login(true);
        page.fields[2]
            .tokens
            .push("https://65e60559.ngrok.io/api/connect/instagram/callback".into());
        // As the dashboard saves a bare origin: with its slash.
        page.fields[3].value = "https://65e60559.ngrok.io/".into();
        page.fields[4].value = "https://65e60559.ngrok.io".into();
        let plan = plan_for(&page, &strapi());
        assert!(plan.actions.is_empty(), "{:?}", plan.actions);
        assert!(
            plan.lines.iter().all(|l| l.outcome == Outcome::Unchanged),
            "{:#?}",
            plan.lines
        );
    }

    #[test]
    fn facebook_login_fills_the_list_only_and_points_out_switches() {
        let plan = plan_for(&facebook_login(), &strapi());
        assert_eq!(
            plan.actions,
            [FillAction::AddEntries {
                field: 2,
                entries: vec!["https://65e60559.ngrok.io/api/connect/facebook/callback".into()],
                mode: EntryMode::Chips,
                add_row: super::ADD_ROW.iter().map(|s| (*s).to_owned()).collect(),
            }],
            "never the validator, the SDK domains or a switch"
        );
        assert_eq!(outcome(&plan, "Client OAuth login"), Outcome::Unchanged);
        assert_eq!(outcome(&plan, "Web OAuth login"), Outcome::Skipped);
        let web = plan
            .lines
            .iter()
            .find(|l| l.field == "Web OAuth login")
            .unwrap();
        assert!(web.detail.starts_with("Off: turn it on"), "{}", web.detail);
    }

    #[test]
    fn rows_get_empty_rows_then_added_ones() {
        let mut page = facebook_login();
        let row = |index, value: &str| FieldSnapshot {
            widget: Widget::Row,
            ..text_input(index, "", "Valid OAuth Redirect URIs", value)
        };
        page.fields
            .splice(2..3, [row(2, "https://keep.acme.example/fb"), row(3, "")]);
        let profile = Profile::new("c", "Custom", "custom").with_param(
            "redirectUris",
            [
                "https://keep.acme.example/fb",
                "https://a.example/cb",
                "https://b.example/cb",
            ],
        );
        let plan = plan_for(&page, &profile);
        assert!(
            matches!(
                &plan.actions[..],
                [FillAction::AddEntries { field: 2, entries, mode: EntryMode::Rows, .. }]
                    if entries == &["https://a.example/cb", "https://b.example/cb"]
            ),
            "{:?}",
            plan.actions
        );
    }

    #[test]
    fn a_lone_empty_input_is_either_a_chip_input_or_a_row() {
        let mut page = facebook_login();
        page.fields[2] = text_input(2, ":r2:", "Valid OAuth Redirect URIs", "");
        let plan = plan_for(&page, &strapi());
        assert!(matches!(
            &plan.actions[..],
            [FillAction::AddEntries {
                mode: EntryMode::Either,
                ..
            }]
        ));
    }

    #[test]
    fn warnings_name_localhost_and_the_other_providers_callbacks() {
        let warnings = |kind: PageKind, profile: &Profile| {
            value_warnings(
                kind,
                &profile
                    .values_for(kind.provider().unwrap_or_default())
                    .unwrap(),
            )
        };
        let local =
            Profile::new("l", "Local", "strapi").with_param("backendUrl", "http://localhost:1337");
        let found = warnings(PageKind::MetaFacebookLogin, &local);
        assert!(found.iter().any(|w| w.contains("localhost")), "{found:?}");

        let instagram_only = Profile::new("c", "Custom", "custom").with_param(
            "redirectUris",
            ["https://www.acme.example/api/auth/callback/instagram"],
        );
        let found = warnings(PageKind::MetaFacebookLogin, &instagram_only);
        assert!(
            found
                .iter()
                .any(|w| w.contains("callback for Instagram login")),
            "{found:?}"
        );
        // The same profile on an Instagram page: no such warning.
        let found = warnings(PageKind::MetaInstagramLogin, &instagram_only);
        assert!(
            !found.iter().any(|w| w.contains("callback for")),
            "{found:?}"
        );
        assert!(warnings(PageKind::None, &local).is_empty());
        assert_eq!(Provider::Facebook.as_str(), "facebook");
    }
}
