//! What a page is, decided by the portals' own rules: the one place above
//! both the page model ([`page`](crate::page)) and the portal modules
//! ([`portals`]), so neither depends on the other.

use crate::page::{PageKind, PageSnapshot};
use crate::portals::{self, FormSpec};

impl PageKind {
    /// The client form the page has, as its portal describes it.
    pub fn form(self) -> Option<&'static FormSpec> {
        self.portal()
            .and_then(portals::spec)
            .and_then(|spec| (spec.form)(self))
    }

    /// Whether the page has a client form (whose app name is checked live).
    pub fn has_client_form(self) -> bool {
        self.form().is_some()
    }

    /// Whether ClientFill fills the page's form.
    pub fn is_fillable(self) -> bool {
        self.has_client_form()
    }
}

/// The host and path of a URL, without parsing anything else; `None` when the
/// URL is not http(s).
fn host_and_path(url: &str) -> Option<(String, String)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    // After any user info; a byte search, not a reverse splitter.
    let host = authority
        .bytes()
        .rposition(|b| b == b'@')
        .map_or(authority, |at| &authority[at + 1..])
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let after = &rest[end..];
    let path_end = after.find(['?', '#']).unwrap_or(after.len());
    let path = if after[..path_end].is_empty() {
        "/".to_owned()
    } else {
        after[..path_end].to_owned()
    };
    Some((host, path))
}

impl PageSnapshot {
    /// Decides what the page is.
    ///
    /// The host must be a portal's; within it the portal's own rules decide
    /// (see [`portals`]): the page itself (headings, labels, buttons) first,
    /// so a page whose ids or paths change is still recognised, and the path
    /// only when the page says nothing yet (a late-rendering page).
    pub fn kind(&self) -> PageKind {
        let Some((host, path)) = host_and_path(&self.url) else {
            return PageKind::None;
        };
        portals::login_page(&host, &path, self)
            .or_else(|| {
                portals::ALL
                    .iter()
                    .find_map(|spec| (spec.detect)(&host, &path, self))
            })
            .unwrap_or(PageKind::None)
    }
}
