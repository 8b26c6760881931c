//! The developer portals ClientFill knows.

use serde::{Deserialize, Serialize};

/// A developer portal on which OAuth clients are registered.
///
/// Rules (banned names, accepted redirect URIs) differ per portal, so most
/// checks take one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Portal {
    /// The legacy Instagram developer portal, `www.instagram.com/developer/`.
    LegacyInstagram,
    /// The Meta App Dashboard's Instagram products, `developers.facebook.com/apps/`.
    Meta,
    /// GitHub's OAuth Apps and GitHub Apps, `github.com/settings/...`.
    #[serde(rename = "github")]
    GitHub,
    /// Google Auth Platform's OAuth clients, `console.cloud.google.com/auth/clients`.
    Google,
    /// The Discord Developer Portal, `discord.com/developers/applications`.
    Discord,
}

impl Portal {
    /// Every portal, in a stable order.
    pub const ALL: [Portal; 5] = [
        Portal::LegacyInstagram,
        Portal::Meta,
        Portal::GitHub,
        Portal::Google,
        Portal::Discord,
    ];

    /// The serialized name (`legacyInstagram`, `meta`, `github`, `google`,
    /// `discord`), as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Portal::LegacyInstagram => "legacyInstagram",
            Portal::Meta => "meta",
            Portal::GitHub => "github",
            Portal::Google => "google",
            Portal::Discord => "discord",
        }
    }

    /// Whether this build has the portal's module (its cargo feature): the
    /// content script is built per portal family and leaves the others out.
    /// A constant per build, so checks on it cost nothing.
    pub fn is_built(self) -> bool {
        match self {
            Portal::LegacyInstagram => cfg!(feature = "legacy"),
            Portal::Meta => cfg!(feature = "meta"),
            Portal::GitHub => cfg!(feature = "github"),
            Portal::Google => cfg!(feature = "google"),
            Portal::Discord => cfg!(feature = "discord"),
        }
    }

    /// A short display name.
    pub fn label(self) -> &'static str {
        match self {
            Portal::LegacyInstagram => "Instagram developer portal (legacy)",
            Portal::Meta => "Meta App Dashboard",
            Portal::GitHub => "GitHub",
            Portal::Google => "Google Auth Platform",
            Portal::Discord => "Discord Developer Portal",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_serialized_ones() {
        for portal in Portal::ALL {
            assert_eq!(serde_json::to_value(portal).unwrap(), portal.as_str());
        }
    }
}

/// Whether `url` matches a WebExtension match pattern such as
/// `https://developers.facebook.com/apps/*`: the pattern's literal parts in
/// order, each `*` standing for any text (no scheme or host wildcards, which
/// the manifest does not use).
pub fn matches_pattern(pattern: &str, url: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else {
        return false;
    };
    let Some(mut rest) = url.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if last {
            return part.is_empty() || rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod pattern_tests {
    use super::matches_pattern;

    #[test]
    fn portal_patterns_match_their_pages_only() {
        let fb = "https://developers.facebook.com/apps/*";
        assert!(matches_pattern(
            fb,
            "https://developers.facebook.com/apps/1187243319820456/fb-login/settings/"
        ));
        assert!(matches_pattern(fb, "https://developers.facebook.com/apps/"));
        assert!(!matches_pattern(
            fb,
            "https://developers.facebook.com/docs/"
        ));
        assert!(!matches_pattern(
            fb,
            "https://developers.facebook.com.evil.example/apps/1/"
        ));
        assert!(!matches_pattern(
            fb,
            "http://developers.facebook.com/apps/1/"
        ));
        assert!(matches_pattern(
            "https://a.example/x",
            "https://a.example/x"
        ));
        assert!(!matches_pattern(
            "https://a.example/x",
            "https://a.example/xy"
        ));
        assert!(matches_pattern(
            "https://a.example/*/edit",
            "https://a.example/1/edit"
        ));
    }
}
