//! The identity providers a portal page registers clients for.
//!
//! A broker's callback often names the provider (Strapi's
//! `/api/connect/facebook/callback`, Auth.js's `/api/auth/callback/instagram`),
//! so the same profile derives different redirect URIs on an Instagram page
//! and on a Facebook Login page. The page decides which provider it is for
//! ([`PageKind::provider`](crate::page::PageKind::provider)); presets take it
//! through the built-in `{provider}` placeholder.

use serde::{Deserialize, Serialize};

/// A login provider, named as brokers name it in their URLs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Provider {
    /// Instagram login (the legacy portal, Basic Display, Instagram business login).
    #[default]
    Instagram,
    /// Facebook Login (and Facebook Login for Business).
    Facebook,
    /// Sign in with GitHub (OAuth Apps and GitHub Apps).
    #[serde(rename = "github")]
    GitHub,
    /// Sign in with Google.
    Google,
    /// Login with Discord.
    Discord,
}

impl Provider {
    /// Every provider, in a stable order.
    pub const ALL: [Provider; 5] = [
        Provider::Instagram,
        Provider::Facebook,
        Provider::GitHub,
        Provider::Google,
        Provider::Discord,
    ];

    /// The name brokers use in paths and aliases: `instagram`, `facebook`,
    /// `github`, `google`, `discord`.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Instagram => "instagram",
            Provider::Facebook => "facebook",
            Provider::GitHub => "github",
            Provider::Google => "google",
            Provider::Discord => "discord",
        }
    }

    /// The display name.
    pub fn label(self) -> &'static str {
        match self {
            Provider::Instagram => "Instagram",
            Provider::Facebook => "Facebook",
            Provider::GitHub => "GitHub",
            Provider::Google => "Google",
            Provider::Discord => "Discord",
        }
    }

    /// The provider named `name` (as [`as_str`](Self::as_str) writes it).
    pub fn parse(name: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// Another provider whose name stands as a whole path segment of `uri`:
    /// a redirect URI made for that provider, not for this one.
    pub fn other_named_in(self, uri: &str) -> Option<Provider> {
        let path = uri
            .split_once("://")
            .map_or(uri, |(_, rest)| rest)
            .split(['?', '#'])
            .next()
            .unwrap_or_default();
        let segments: Vec<String> = path
            .split('/')
            .skip(1)
            .map(|s| s.to_ascii_lowercase())
            .collect();
        Provider::ALL
            .into_iter()
            .filter(|p| *p != self)
            .find(|p| segments.iter().any(|s| s == p.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for provider in Provider::ALL {
            assert_eq!(Provider::parse(provider.as_str()), Some(provider));
            assert_eq!(
                serde_json::to_value(provider).unwrap(),
                provider.as_str(),
                "serialized as in URLs"
            );
        }
        assert_eq!(Provider::parse("Instagram"), None);
    }

    #[test]
    fn other_named_in_finds_whole_path_segments_only() {
        let ig = Provider::Instagram;
        assert_eq!(
            ig.other_named_in("https://api.acme.example/api/connect/facebook/callback"),
            Some(Provider::Facebook)
        );
        assert_eq!(
            ig.other_named_in("https://facebook.acme.example/api/auth/callback/instagram"),
            None,
            "the host does not count"
        );
        assert_eq!(ig.other_named_in("https://a.example/cb?via=facebook"), None);
        assert_eq!(ig.other_named_in("https://a.example/facebooks/cb"), None);
        assert_eq!(
            Provider::Facebook
                .other_named_in("https://a.example/realms/x/broker/Instagram/endpoint"),
            Some(Provider::Instagram)
        );
    }
}
