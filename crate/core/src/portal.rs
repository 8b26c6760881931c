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

    /// The serialized name (`legacyInstagram`, `meta`), as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Portal::LegacyInstagram => "legacyInstagram",
            Portal::Meta => "meta",
        }
    }

    /// A short display name.
    pub fn label(self) -> &'static str {
        match self {
            Portal::LegacyInstagram => "Instagram developer portal (legacy)",
            Portal::Meta => "Meta App Dashboard",
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
