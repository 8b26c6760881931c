//! What the fuzz targets check, shared with the test that replays their
//! corpus (`crate/tests/fuzz_corpus.rs`): no panic on any input, plus the
//! invariants below.
#![allow(dead_code)] // each fuzz target uses one function

use clientfill_core::credentials::{
    find_credentials, ClientSecret, Credential, LegacyClientId, MetaAppId,
};
use clientfill_core::names::{check_name, is_compliant, suggest_name};
use clientfill_core::portal::Portal;
use clientfill_core::profile::{export, import};
use clientfill_core::uri::{check, check_list, diagnose, RedirectUri};

/// Profile import: on success every profile is valid, derives values, has a
/// unique id, and survives export then import unchanged; on failure there is
/// at least one problem and each says something.
pub fn profile_import(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match import(&text) {
        Ok(profiles) => {
            for (i, profile) in profiles.iter().enumerate() {
                assert!(profile.validate().is_ok(), "{profile:?}");
                let values = profile.values().expect("a valid profile derives values");
                assert!(!values.redirect_uris.is_empty());
                for uri in &values.redirect_uris {
                    assert!(RedirectUri::parse(uri).is_ok(), "{uri}");
                }
                assert!(
                    profiles[..i].iter().all(|p| p.id != profile.id),
                    "duplicate id {}",
                    profile.id
                );
            }
            let again = import(&export(&profiles)).expect("an export re-imports");
            assert_eq!(again, profiles);
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            assert!(problems.iter().all(|p| !p.message.is_empty()));
        }
    }
}

/// URI parsing: a URI that parses keeps its exact text and its normalised
/// form parses too; lists and diagnoses account for every entry. The input is
/// one URI, and also a list (lines; a blank line splits expected from
/// registered).
pub fn uri_parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for portal in Portal::ALL {
        let result = check(portal, &text);
        assert_eq!(result.input, text);
        match RedirectUri::parse(&text) {
            Ok(uri) => {
                assert!(result.is_valid());
                assert_eq!(uri.as_str(), text);
                assert!(uri.differences(&uri).is_empty());
                assert!(uri.matches(portal, &uri));
                let normalized = uri.normalized().to_owned();
                assert_eq!(result.normalized.as_deref(), Some(normalized.as_str()));
                let again = RedirectUri::parse(&normalized)
                    .unwrap_or_else(|e| panic!("{normalized}: {e:?}"));
                assert_eq!(again.normalized(), normalized);
            }
            Err(errors) => {
                assert!(!errors.is_empty());
                assert!(errors.iter().all(|e| e.code.is_error()));
                assert!(!result.is_valid());
            }
        }

        let (expected, registered) = match text.split_once("\n\n") {
            Some((a, b)) => (lines(a), lines(b)),
            None => (lines(&text), lines(&text)),
        };
        assert_eq!(
            check_list(portal, &registered, &expected).len(),
            registered.len()
        );
        let d = diagnose(portal, &expected, &registered);
        assert_eq!(
            d.matched.len()
                + d.near_misses.len()
                + d.extra.len()
                + d.duplicates.len()
                + d.invalid_registered.len(),
            registered.len()
        );
        assert!(
            d.matched.len() + d.near_misses.len() + d.missing.len() + d.invalid_expected.len()
                <= expected.len()
        );
    }
}

fn lines(text: &str) -> Vec<String> {
    text.split('\n').map(str::to_owned).collect()
}

/// Names and credentials: spans point at what they report, suggestions
/// comply, found credentials parse back.
pub fn text_rules(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for portal in Portal::ALL {
        for finding in check_name(portal, &text) {
            let span = finding.byte_span;
            assert_eq!(
                text.get(span.start..span.end),
                Some(finding.matched.as_str())
            );
            let chars = text[..span.start].chars().count();
            assert_eq!(finding.char_span.start, chars);
            assert_eq!(
                finding.char_span.end - finding.char_span.start,
                finding.matched.chars().count()
            );
            let utf16: usize = text[..span.start].chars().map(char::len_utf16).sum();
            assert_eq!(finding.utf16_span.start, utf16);
        }
        let suggestion = suggest_name(portal, &text);
        assert!(is_compliant(portal, &suggestion), "{suggestion:?}");
    }
    for found in find_credentials(&text) {
        let span = found.byte_span;
        let token = &text[span.start..span.end];
        let same = match &found.credential {
            Credential::ClientId(id) => LegacyClientId::parse(token).as_ref() == Some(id),
            Credential::ClientSecret(secret) | Credential::UnlabeledHex(secret) => {
                ClientSecret::parse(token).as_ref() == Some(secret)
            }
            Credential::MetaAppId(id) => MetaAppId::parse(token).as_ref() == Some(id),
        };
        assert!(same, "{token}");
    }
}
