//! The Meta App Dashboard's Instagram settings, `developers.facebook.com/apps/`:
//! detected, its Display Name checked and its Instagram App ID captured; not
//! filled yet (its redirect URI chips need their own widget support).

use super::{segments, PortalSpec, Target};
use crate::capture::{find_field, new_client, record_value, CapturedClient};
use crate::credentials::MetaAppId;
use crate::page::{fold_whitespace, split_uris, PageKind, PageSnapshot};
use crate::portal::Portal;
use crate::profile::ClientField;

/// The Meta App Dashboard.
pub const SPEC: PortalSpec = PortalSpec {
    portal: Portal::Meta,
    detect,
    targets: TARGETS,
    implicit_oauth: None,
    valid_id: |id| MetaAppId::try_from(id.to_owned()).is_ok(),
    capture,
};

const TARGETS: &[Target] = &[
    Target {
        field: ClientField::AppName,
        label: "Display Name",
        labels: &["display name"],
        names: &[],
    },
    Target {
        field: ClientField::RedirectUris,
        label: "Valid OAuth Redirect URIs",
        labels: &["valid oauth redirect uris"],
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
];

/// An app's pages under `/apps/`: the settings form by its redirect URI
/// label, or by an Instagram product path while the form is not rendered.
fn detect(host: &str, path: &str, page: &PageSnapshot) -> Option<PageKind> {
    if host != "developers.facebook.com" || !path.starts_with("/apps/") {
        return None;
    }
    Some(
        if page.has_label("Valid OAuth Redirect URIs") || settings_path(path) {
            PageKind::MetaAppSettings
        } else {
            PageKind::None
        },
    )
}

/// `/apps/<numeric id>/instagram.../...`: the Instagram product pages of an app.
fn settings_path(path: &str) -> bool {
    matches!(
        segments(path).as_slice(),
        ["apps", id, product, ..]
            if id.bytes().all(|b| b.is_ascii_digit()) && product.starts_with("instagram")
    )
}

/// Basic Display settings: the "Instagram App ID" (field or fact) with the
/// Display Name and the committed redirect URI chips.
fn capture(page: &PageSnapshot, kind: PageKind, now_ms: u64) -> Vec<CapturedClient> {
    if kind != PageKind::MetaAppSettings {
        return Vec::new();
    }
    capture_settings(page)
        .map(|(id, app_name, redirect_uris)| CapturedClient {
            app_name,
            redirect_uris,
            ..new_client(page, id.into(), Portal::Meta, now_ms)
        })
        .into_iter()
        .collect()
}

fn capture_settings(page: &PageSnapshot) -> Option<(MetaAppId, String, Vec<String>)> {
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

#[cfg(test)]
mod tests {
    use crate::capture::capture;
    use crate::page::test_support::{fact, field, page, text_input};
    use crate::page::{PageKind, PageSnapshot, Record};
    use crate::portal::Portal;

    const NOW: u64 = 1_718_000_000_000;

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
    fn kind_follows_the_page_over_the_path() {
        let mut meta = page("https://developers.facebook.com/apps/42/settings/");
        meta.fields = vec![field("Valid OAuth Redirect URIs")];
        assert_eq!(meta.kind(), PageKind::MetaAppSettings);
    }

    // ---- capture

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
}
