//! Everything specific to one portal, one module per portal.
//!
//! The concern modules ([`page`](crate::page), [`fill`](crate::fill),
//! [`capture`](crate::capture)) stay generic and ask the portal's
//! [`PortalSpec`]: how its pages are recognised, which form fields it has,
//! and how its issued clients are read. Adding a portal is one new module
//! here and one entry in [`ALL`].

use crate::client::CapturedClient;
use crate::page::{PageKind, PageSnapshot};
use crate::portal::Portal;
use crate::profile::ClientField;

pub mod legacy;
pub mod meta;

/// A text field of a portal form and how to find it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    /// The profile value that goes in it.
    pub field: ClientField,
    /// The field as the portal labels it (shown in the fill report).
    pub label: &'static str,
    /// Label prefixes (case does not matter); the first field whose label
    /// starts with one wins.
    pub labels: &'static [&'static str],
    /// Ids and names, for pages whose labels are missing.
    pub names: &'static [&'static str],
}

/// A settings checkbox the token (implicit OAuth) flow needs unchecked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImplicitOAuthBox {
    /// Lower-case prefix of the checkbox's label.
    pub label_prefix: &'static str,
    /// The checkbox as the portal labels it (shown in the fill report).
    pub label: &'static str,
    /// Where on the page it is, for the report ("Security tab").
    pub place: &'static str,
}

/// A switch the login flow needs on. ClientFill points it out and never
/// flips it: it changes how every login of the app behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NeededSwitch {
    /// The switch as the portal labels it; also the label prefix it is found by.
    pub label: &'static str,
    /// Why the flow needs it, for the report.
    pub why: &'static str,
}

/// How a form takes its list of redirect URIs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UriList {
    /// One text control (a textarea, an input, or a tokenfield over one)
    /// holding every URI, separated by whitespace or commas.
    Separated,
    /// One entry per URI: chips committed with Enter, or rows of inputs.
    Entries,
}

/// A client form of a portal page: what it holds and how it is used.
#[derive(Clone, Copy, Debug)]
pub struct FormSpec {
    /// The form's text fields, in the order they are filled.
    pub targets: &'static [Target],
    /// How the redirect URI target takes its URIs.
    pub uri_list: UriList,
    /// Texts of the button that adds a row to a one-input-per-URI list.
    pub add_row: &'static [&'static str],
    /// Text of the button that shows the form when the page hides it (a
    /// dialog); Fill presses it.
    pub opener: Option<&'static str>,
    /// The checkbox to uncheck for the token flow, if the form has one.
    pub implicit_oauth: Option<ImplicitOAuthBox>,
    /// Switches the login flow needs on.
    pub switches: &'static [NeededSwitch],
    /// Texts of the buttons that save the form.
    pub save: &'static [&'static str],
    /// Starts of the notices the page shows once a save succeeded.
    pub saved: &'static [&'static str],
}

/// What ClientFill knows about one portal.
#[derive(Clone, Copy, Debug)]
pub struct PortalSpec {
    /// Which portal this is.
    pub portal: Portal,
    /// What the page at `host` (lower-case) and `path` is; `None` when the
    /// URL is not this portal's, `Some(PageKind::None)` when it is but the
    /// page is not one ClientFill works on.
    pub detect: fn(host: &str, path: &str, page: &PageSnapshot) -> Option<PageKind>,
    /// The client form of a page of this portal, if it has one.
    pub form: fn(kind: PageKind) -> Option<&'static FormSpec>,
    /// Whether `id`, taken exactly, is a well-formed client id of the portal.
    pub valid_id: fn(id: &str) -> bool,
    /// Whether a page of `kind` lists every client the portal has issued
    /// (so one it does not list is gone).
    pub lists_all: fn(kind: PageKind) -> bool,
    /// Reads the clients a page of this portal (of kind `kind`) shows;
    /// `now_ms` becomes their timestamps. Duplicates are removed by the caller.
    pub capture: fn(page: &PageSnapshot, kind: PageKind, now_ms: u64) -> Vec<CapturedClient>,
}

/// Every portal, in [`Portal::ALL`] order.
pub const ALL: [&PortalSpec; 2] = [&legacy::SPEC, &meta::SPEC];

/// The description of `portal`.
pub fn spec(portal: Portal) -> &'static PortalSpec {
    ALL.into_iter()
        .find(|spec| spec.portal == portal)
        .expect("every portal has its entry in portals::ALL")
}

/// The query parameter `name` of `url`, as written (not decoded).
pub(crate) fn query_param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    let query = url.split_once('?')?.1.split('#').next()?;
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The path's non-empty segments, as the portals' path rules match them.
pub(crate) fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_param_reads_raw_values() {
        let url = "https://x.example/p?a=1&use_case_enum=FB_LOGIN&b#frag";
        assert_eq!(query_param(url, "use_case_enum"), Some("FB_LOGIN"));
        assert_eq!(query_param(url, "a"), Some("1"));
        assert_eq!(query_param(url, "b"), None);
        assert_eq!(query_param("https://x.example/p", "a"), None);
    }

    #[test]
    fn every_portal_has_one_spec_in_order() {
        assert_eq!(ALL.len(), Portal::ALL.len());
        for (spec_of, portal) in ALL.iter().zip(Portal::ALL) {
            assert_eq!(spec_of.portal, portal);
            assert_eq!(spec(portal).portal, portal);
        }
    }
}
