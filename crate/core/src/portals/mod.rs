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

pub mod discord;
pub mod github;
pub mod google;
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
    /// One URL only (GitHub's Authorization callback URL): the first URI
    /// goes in, the others are reported.
    Single,
}

/// A choice the page wants made before it shows the form (Google's
/// Application type); Fill makes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choose {
    /// The control's label (a `<select>` or an ARIA combobox).
    pub label: &'static str,
    /// The option to choose, by its text.
    pub option: &'static str,
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
    /// The choice that makes the page show the form, when it needs one.
    pub choose: Option<Choose>,
    /// The longest app name the portal takes, in characters.
    pub name_max: Option<usize>,
    /// Starts of the values the portal puts in a new form's text fields
    /// itself (a generated name): Fill replaces them as if empty.
    pub prefilled: &'static [&'static str],
    /// The checkbox to uncheck for the token flow, if the form has one.
    pub implicit_oauth: Option<ImplicitOAuthBox>,
    /// Switches the login flow needs on.
    pub switches: &'static [NeededSwitch],
    /// Texts of the buttons that save the form.
    pub save: &'static [&'static str],
    /// Starts of the notices the page shows once a save succeeded.
    pub saved: &'static [&'static str],
}

/// Which of the fill's steps a portal's forms use: a build leaves out the
/// planning and the page work of steps none of its portals uses (the
/// content script is built per portal family). A test checks each portal's
/// against its forms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Steps {
    /// A redirect URI list as one separated value ([`UriList::Separated`]).
    pub separated_list: bool,
    /// A single callback URL ([`UriList::Single`]).
    pub single_uri: bool,
    /// A list with one entry per value ([`UriList::Entries`], and the
    /// JavaScript origins).
    pub entry_list: bool,
    /// The token flow's checkbox ([`FormSpec::implicit_oauth`]).
    pub implicit_oauth: bool,
    /// A choice made before the form shows ([`FormSpec::choose`]).
    pub choose: bool,
}

impl Steps {
    /// No step past setting text fields and entry lists.
    pub const NONE: Steps = Steps {
        separated_list: false,
        single_uri: false,
        entry_list: false,
        implicit_oauth: false,
        choose: false,
    };

    const fn or(self, other: Steps) -> Steps {
        Steps {
            separated_list: self.separated_list || other.separated_list,
            single_uri: self.single_uri || other.single_uri,
            entry_list: self.entry_list || other.entry_list,
            implicit_oauth: self.implicit_oauth || other.implicit_oauth,
            choose: self.choose || other.choose,
        }
    }
}

/// The steps of this build's portals.
pub const STEPS: Steps = {
    let mut steps = Steps::NONE;
    let mut i = 0;
    while i < ALL.len() {
        steps = steps.or(ALL[i].steps);
        i += 1;
    }
    steps
};

/// What ClientFill knows about one portal.
#[derive(Clone, Copy, Debug)]
pub struct PortalSpec {
    /// Which portal this is.
    pub portal: Portal,
    /// The fill steps its forms use.
    pub steps: Steps,
    /// What the page at `host` (lower-case) and `path` is; `None` when the
    /// URL is not this portal's, `Some(PageKind::None)` when it is but the
    /// page is not one ClientFill works on.
    pub detect: fn(host: &str, path: &str, page: &PageSnapshot) -> Option<PageKind>,
    /// The client form of a page of this portal, if it has one.
    pub form: fn(kind: PageKind) -> Option<&'static FormSpec>,
    /// A selector for the `<form>` holding a client form, where the portal's
    /// markup names its fields the same way every time. A page's first read
    /// covers that form alone (a page may hold thousands of other
    /// controls); the whole page is read when no form matches, or when what
    /// the form's read finds is not a client form or is a page that can show
    /// a saved client ([`crate::capture::shows_clients`]).
    pub form_scope: Option<&'static str>,
    /// Whether `id`, taken exactly, is a well-formed client id of the portal.
    pub valid_id: fn(id: &str) -> bool,
    /// Whether a page of `kind` lists every client the portal has issued
    /// (so one it does not list is gone).
    pub lists_all: fn(kind: PageKind) -> bool,
    /// Reads the clients a page of this portal (of kind `kind`) shows;
    /// `now_ms` becomes their timestamps. Duplicates are removed by the caller.
    pub capture: fn(page: &PageSnapshot, kind: PageKind, now_ms: u64) -> Vec<CapturedClient>,
}

/// What the redirect-URI doctor needs of a portal: kept out of
/// [`PortalSpec`], so a portal page's content script links none of it. The
/// login error pages' own build recognises them ([`login_page`]); the
/// extension pages read them (no query decoding in any page).
#[derive(Clone, Copy, Debug)]
pub struct DoctorSpec {
    /// Which portal this is.
    pub portal: Portal,
    /// What the provider's login page at `host` (lower-case) and `path` is:
    /// its login error kind when the page says a refusal,
    /// `Some(PageKind::None)` when it says none; `None` for any other page.
    pub login_page: LoginPage,
    /// The login a page of `kind` (a `*:login-error` kind) shows refused,
    /// read from its address and text.
    pub login_error: fn(page: &PageSnapshot, kind: PageKind) -> Option<LoginError>,
    /// The portal page where `client`'s redirect URIs are changed.
    pub settings_url: fn(client: &CapturedClient) -> Option<String>,
}

/// A login a provider refused, as its error page shows it: what the
/// request sent, which the doctor compares with what is registered.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginError {
    /// The `client_id` the login sent.
    pub client_id: String,
    /// The `redirect_uri` it sent, decoded; `None` when the page does not
    /// show it.
    pub redirect_uri: Option<String>,
    /// The provider's words for the error.
    pub message: String,
}

/// The first of `refusals` (lower case) the page's text says, as the page
/// writes it, with the sentence around it: how login error pages are told
/// apart from the authorize pages at the same address.
pub(crate) fn refusal(page: &PageSnapshot, refusals: &[&str]) -> Option<String> {
    let at = refusal_at(page, refusals)?;
    let start = page.text[..at]
        .rfind(['.', '!', '{', '"', ':'])
        .map_or(0, |i| i + 1);
    let end = page.text[at..]
        .find(['.', '"', '}'])
        .map_or(page.text.len(), |i| at + i + 1);
    Some(
        page.text[start..end]
            .trim()
            .trim_end_matches('"')
            .to_owned(),
    )
}

/// A login page's kind: `error` when its text says one of `refusals` (lower
/// case), else [`PageKind::None`] (the authorize page at the same address,
/// nothing ClientFill works on).
pub(crate) fn login_page_kind(page: &PageSnapshot, refusals: &[&str], error: PageKind) -> PageKind {
    if refusal_at(page, refusals).is_some() {
        error
    } else {
        PageKind::None
    }
}

/// Where in the page's text the first of `refusals` (lower case) it says
/// starts.
fn refusal_at(page: &PageSnapshot, refusals: &[&str]) -> Option<usize> {
    // ASCII lower-casing keeps every byte offset (and pulls no Unicode
    // case tables into the content script).
    let lower = page.text.to_ascii_lowercase();
    refusals.iter().find_map(|r| lower.find(r))
}

/// The id a page shows after `label`: as a label/value fact (whose value
/// may go on with a copy button's text), else as a labelled field's value.
pub(crate) fn shown_id<T>(
    page: &PageSnapshot,
    label: &str,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    page.fact(label)
        .and_then(|v| v.split_whitespace().find_map(parse))
        .or_else(|| {
            page.fields
                .iter()
                .filter(|f| f.label_starts_with(label))
                .find_map(|f| parse(&f.value))
        })
}

/// No login error page: for portals whose login errors are not read.
pub(crate) fn no_login_error(_: &PageSnapshot, _: PageKind) -> Option<LoginError> {
    None
}

/// No login page: for portals whose login errors are not read.
pub(crate) fn no_login_page(_: &str, _: &str, _: &PageSnapshot) -> Option<PageKind> {
    None
}

/// What the login page at `host` and `path` is (see
/// [`DoctorSpec::login_page`]); always `None` in a build without the login
/// pages (feature `login`): the portal families' content scripts.
pub fn login_page(host: &str, path: &str, page: &PageSnapshot) -> Option<PageKind> {
    if !cfg!(feature = "login") {
        return None;
    }
    // A table of the login page readers alone: one of whole doctor specs
    // would take every portal's error parsers into the login pages' build.
    const LOGIN_PAGES: [LoginPage; 5] = [
        legacy::DOCTOR.login_page,
        meta::DOCTOR.login_page,
        github::DOCTOR.login_page,
        google::DOCTOR.login_page,
        discord::DOCTOR.login_page,
    ];
    LOGIN_PAGES
        .iter()
        .find_map(|login_page| login_page(host, path, page))
}

/// What [`DoctorSpec::login_page`] is.
type LoginPage = fn(host: &str, path: &str, page: &PageSnapshot) -> Option<PageKind>;

/// Every portal of this build (see [`Portal::is_built`]), in [`Portal::ALL`] order.
pub const ALL: &[&PortalSpec] = &[
    #[cfg(feature = "legacy")]
    &legacy::SPEC,
    #[cfg(feature = "meta")]
    &meta::SPEC,
    #[cfg(feature = "github")]
    &github::SPEC,
    #[cfg(feature = "google")]
    &google::SPEC,
    #[cfg(feature = "discord")]
    &discord::SPEC,
];

/// Every portal's doctor side, in [`Portal::ALL`] order.
pub const DOCTORS: [&DoctorSpec; 5] = [
    &legacy::DOCTOR,
    &meta::DOCTOR,
    &github::DOCTOR,
    &google::DOCTOR,
    &discord::DOCTOR,
];

/// The doctor side of `portal`.
pub fn doctor_spec(portal: Portal) -> &'static DoctorSpec {
    DOCTORS
        .into_iter()
        .find(|spec| spec.portal == portal)
        .expect("every portal has its entry in portals::DOCTORS")
}

/// The login `page` (a login error page) shows refused.
pub fn login_error(page: &PageSnapshot) -> Option<LoginError> {
    let kind = page.kind();
    if !kind.is_login_error() {
        return None;
    }
    (doctor_spec(kind.portal()?).login_error)(page, kind)
}

/// The description of `portal`; `None` when this build leaves it out.
pub fn spec(portal: Portal) -> Option<&'static PortalSpec> {
    ALL.iter().copied().find(|spec| spec.portal == portal)
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

/// The query parameter `name` of `url`, percent-decoded (`+` as a space);
/// `None` when absent or not UTF-8 once decoded.
pub(crate) fn decoded_param(url: &str, name: &str) -> Option<String> {
    percent_decode(query_param(url, name)?)
}

/// Decodes `%XX` escapes and `+` (form encoding) in a query value.
pub(crate) fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let pair = bytes.get(i + 1..i + 3)?;
                if !pair.iter().all(u8::is_ascii_hexdigit) {
                    return None;
                }
                let hex = std::str::from_utf8(pair).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The path's non-empty segments, as the portals' path rules match them.
pub(crate) fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_portal_declares_the_steps_its_forms_use() {
        for portal in Portal::ALL {
            let declared = spec(portal).expect("every portal is built in tests").steps;
            let mut used = Steps::NONE;
            for kind in PageKind::ALL
                .into_iter()
                .filter(|k| k.portal() == Some(portal))
            {
                if let Some(form) = kind.form() {
                    used = used.or(Steps {
                        separated_list: form.uri_list == UriList::Separated,
                        single_uri: form.uri_list == UriList::Single,
                        entry_list: form.uri_list == UriList::Entries
                            || form
                                .targets
                                .iter()
                                .any(|t| t.field == crate::profile::ClientField::JavascriptOrigins),
                        implicit_oauth: form.implicit_oauth.is_some(),
                        choose: form.choose.is_some(),
                    });
                }
            }
            assert_eq!(declared, used, "{portal:?}");
        }
        // The content script leaves choosing out of builds without Google
        // by its cargo feature: only Google may choose.
        for portal in Portal::ALL {
            assert_eq!(
                spec(portal).unwrap().steps.choose,
                portal == Portal::Google,
                "{portal:?}"
            );
        }
    }

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
            assert!(portal.is_built());
            assert_eq!(spec(portal).map(|s| s.portal), Some(portal));
            assert_eq!(doctor_spec(portal).portal, portal);
        }
    }
}
