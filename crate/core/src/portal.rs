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
}

impl Portal {
    /// Every portal, in a stable order.
    pub const ALL: [Portal; 2] = [Portal::LegacyInstagram, Portal::Meta];

    /// A short display name.
    pub fn label(self) -> &'static str {
        match self {
            Portal::LegacyInstagram => "Instagram developer portal (legacy)",
            Portal::Meta => "Meta App Dashboard",
        }
    }
}
