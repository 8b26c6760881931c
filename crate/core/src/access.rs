//! Which sites ClientFill may run on. An install asks for the Meta hosts
//! only (the manifest's `host_permissions`); every other portal, and the
//! providers' login error pages the doctor reads, is an entry here that the
//! user turns on in the options page, which asks the browser for exactly
//! its patterns (`optional_host_permissions`, the same list).

use serde::Serialize;

use crate::portal::{matches_pattern, Portal};

/// Host access the user can turn on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteAccess {
    /// The stable name used in `data-access`.
    pub id: &'static str,
    /// What it is, for the options page.
    pub label: &'static str,
    /// What ClientFill does there.
    pub why: &'static str,
    /// The portal it belongs to.
    pub portal: Portal,
    /// The match patterns the browser is asked for.
    pub patterns: &'static [&'static str],
}

/// Every optional access, in the options page's order.
pub const OPTIONAL: &[SiteAccess] = &[
    SiteAccess {
        id: "github",
        label: "GitHub",
        why: "Fills Register a new OAuth app and Register new GitHub App, captures the Client ID, and explains GitHub's redirect_uri errors.",
        portal: Portal::GitHub,
        patterns: &[
            "https://github.com/settings/*",
            "https://github.com/organizations/*",
            "https://github.com/login/oauth/authorize*",
        ],
    },
    SiteAccess {
        id: "google",
        label: "Google Auth Platform",
        why: "Fills Create OAuth client ID, captures the Client ID, and explains “Error 400: redirect_uri_mismatch” on Google's sign-in page.",
        portal: Portal::Google,
        patterns: &[
            "https://console.cloud.google.com/*",
            "https://accounts.google.com/o/oauth2/*",
            "https://accounts.google.com/signin/oauth/*",
        ],
    },
    SiteAccess {
        id: "discord",
        label: "Discord Developer Portal",
        why: "Fills an application's Redirects, checks its name, and captures its Client ID.",
        portal: Portal::Discord,
        patterns: &["https://discord.com/developers/*"],
    },
    SiteAccess {
        id: "meta-login-errors",
        label: "Facebook and Instagram login errors",
        why: "Explains “URL blocked” on Facebook's login dialog and “Invalid redirect_uri” on Instagram's, against the clients captured on the Meta App Dashboard.",
        portal: Portal::Meta,
        patterns: &[
            "https://www.facebook.com/dialog/oauth*",
            "https://www.facebook.com/*/dialog/oauth*",
            "https://www.instagram.com/oauth/authorize*",
        ],
    },
];

/// The optional access whose patterns cover `url`, if any.
pub fn for_url(url: &str) -> Option<&'static SiteAccess> {
    OPTIONAL
        .iter()
        .find(|access| access.patterns.iter().any(|p| matches_pattern(p, url)))
}

/// The access named `id`.
pub fn find(id: &str) -> Option<&'static SiteAccess> {
    OPTIONAL.iter().find(|access| access.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> serde_json::Value {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../manifest.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn strings(value: &serde_json::Value) -> Vec<String> {
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    }

    /// The manifest asks for exactly these patterns, as optional ones.
    #[test]
    fn the_manifest_lists_every_optional_pattern() {
        let manifest = manifest();
        let mut optional = strings(&manifest["optional_host_permissions"]);
        let mut ours: Vec<String> = OPTIONAL
            .iter()
            .flat_map(|a| a.patterns.iter().map(|p| (*p).to_owned()))
            .collect();
        optional.sort();
        ours.sort();
        assert_eq!(optional, ours);
        let required = strings(&manifest["host_permissions"]);
        assert!(required.iter().all(|p| !ours.contains(p)));
    }

    #[test]
    fn urls_find_their_access() {
        let id = |url: &str| for_url(url).map(|a| a.id);
        assert_eq!(
            id("https://github.com/settings/applications/new"),
            Some("github")
        );
        assert_eq!(
            id("https://github.com/login/oauth/authorize?client_id=x"),
            Some("github")
        );
        assert_eq!(id("https://github.com/acme/repo"), None);
        assert_eq!(
            id("https://console.cloud.google.com/auth/clients/create"),
            Some("google")
        );
        assert_eq!(
            id("https://accounts.google.com/signin/oauth/error/v2?authError=x"),
            Some("google")
        );
        assert_eq!(
            id("https://discord.com/developers/applications"),
            Some("discord")
        );
        assert_eq!(
            id("https://www.facebook.com/v19.0/dialog/oauth?client_id=1"),
            Some("meta-login-errors")
        );
        assert_eq!(id("https://www.facebook.com/me"), None);
        assert_eq!(find("discord").map(|a| a.portal), Some(Portal::Discord));
    }
}
