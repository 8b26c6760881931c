//! Redirect URIs: parsing, per-portal rules, and diagnosis of mismatches.
//!
//! A URI is parsed with WHATWG URL semantics (the `url` crate, the rules browsers
//! and the portals apply), and is also split as written, because the portals
//! compare what was typed into them with what the broker sends, not a
//! normalised form.
//!
//! # Errors and warnings
//!
//! [`check`] reports errors (the portal would refuse the URI, or store
//! something other than what was typed) and warnings (the portal accepts it,
//! but login is likely to fail or be insecure):
//!
//! | code | kind | when |
//! |---|---|---|
//! | `invalid` | error | not an absolute `scheme://host/...` URL, a backslash, a bad port, a non-ASCII host |
//! | `notHttp` | error | the scheme is neither `http` nor `https` |
//! | `fragment` | error | it contains `#` (the token comes back in the fragment) |
//! | `whitespace` | error | a space, tab, newline or control character anywhere, ends included |
//! | `credentials` | error | a `user:password@` part (even an empty one) |
//! | `emptyHost` | error | nothing between `//` and the path |
//! | `plainHttp` | warning | `http` to a host other than localhost / a loopback address |
//! | `localhost` | warning | Meta only: Meta refuses localhost and loopback addresses |
//! | `wildcard` | warning | Google only: Google refuses `*` in redirect URIs |
//! | `duplicate` | warning | [`check_list`]: the portal would treat it as the same as an earlier entry |
//! | `differsFromBroker` | warning | [`check_list`]: close to, but not exactly, a URI the broker needs |
//!
//! # Matching
//!
//! The portals compare a redirect URI on scheme, host, port and path,
//! trailing slash included. ClientFill compares those parts *as written*: case,
//! an explicit default port (`:443`) and a trailing slash all count, because
//! nothing documents that the portals normalise them, and the broker sends its
//! string unchanged. Each portal's rule is a [`MatchRule`]:
//!
//! | portal | rule |
//! |---|---|
//! | legacy Instagram | [`MatchRule::IgnoreQuery`]: the request may add query parameters, so the query (and a trailing `?`) is ignored |
//! | Meta (strict mode) | [`MatchRule::Exact`]: the whole URI, query included |
//! | GitHub OAuth Apps | [`MatchRule::Subdirectory`]: one callback URL; a login may use the callback's host or a subdomain of it, the same port (any port on loopback) and the callback's path or a path under it |
//! | GitHub Apps | [`MatchRule::Exact`], against each of up to 10 callback URLs |
//! | Google | [`MatchRule::Exact`]; `https` except for localhost, no wildcards (warned); Authorized JavaScript origins are scheme, host and port only, which ClientFill derives from the Website URL |
//! | Discord | [`MatchRule::Exact`] |
//!
//! [`diagnose`] pairs the URIs a broker needs with those registered on the
//! portal and explains every near miss ("differs only by a trailing slash",
//! "spells out the default port :443"...), which is what fixes the portal's
//! `Redirect URI does not match registered redirect URI` error.
//!
//! ```
//! use clientfill_core::portal::Portal;
//! use clientfill_core::uri::{diagnose, Difference};
//!
//! let expected = vec!["https://acme.eu.auth0.com/login/callback".to_string()];
//! let registered = vec!["https://acme.eu.auth0.com/login/callback/".to_string()];
//! let diagnosis = diagnose(Portal::LegacyInstagram, &expected, &registered);
//! assert!(diagnosis.missing.is_empty());
//! assert_eq!(diagnosis.near_misses[0].differences, vec![Difference::TrailingSlash]);
//! ```

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::portal::Portal;

/// How a portal compares a login's redirect URI with the registered ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MatchRule {
    /// Scheme, host, port and path exactly; the query may differ (the
    /// legacy Instagram portal).
    IgnoreQuery,
    /// The whole URI exactly (Meta's strict mode, Google, Discord, GitHub
    /// Apps).
    Exact,
    /// GitHub OAuth Apps: the same scheme and port (any port on loopback),
    /// the callback's host or a subdomain of it, and the callback's path or
    /// a path under it.
    Subdirectory,
}

impl MatchRule {
    /// The rule `portal` applies (GitHub Apps, stricter than GitHub's OAuth
    /// Apps, are matched with [`MatchRule::Exact`] by the callers that know
    /// the kind of app).
    pub fn of(portal: Portal) -> MatchRule {
        match portal {
            Portal::LegacyInstagram => MatchRule::IgnoreQuery,
            Portal::GitHub => MatchRule::Subdirectory,
            Portal::Meta | Portal::Google | Portal::Discord => MatchRule::Exact,
        }
    }
}

/// What is wrong with a URI, or what to watch out for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum IssueCode {
    /// Error: not an absolute `http(s)://host/...` URL the way it is written.
    Invalid,
    /// Error: the scheme is not `http` or `https`.
    NotHttp,
    /// Error: contains a `#fragment`.
    Fragment,
    /// Error: contains whitespace or a control character.
    Whitespace,
    /// Error: contains a `user:password@` part.
    Credentials,
    /// Error: has no host.
    EmptyHost,
    /// Warning: plain `http` to a host that is not local.
    PlainHttp,
    /// Warning: a local address on a portal that refuses them (Meta).
    Localhost,
    /// Warning: a `*` on a portal that refuses wildcards (Google).
    Wildcard,
    /// Warning: the portal treats it as the same URI as an earlier entry.
    Duplicate,
    /// Warning: close to, but not exactly, a URI the broker needs.
    DiffersFromBroker,
}

impl IssueCode {
    /// Whether the portal would refuse (or silently alter) the URI.
    pub fn is_error(self) -> bool {
        matches!(
            self,
            IssueCode::Invalid
                | IssueCode::NotHttp
                | IssueCode::Fragment
                | IssueCode::Whitespace
                | IssueCode::Credentials
                | IssueCode::EmptyHost
        )
    }
}

/// One error or warning about a URI, with a plain-language message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    /// Machine-readable kind.
    pub code: IssueCode,
    /// What is wrong and what to do, for the user.
    pub message: String,
}

impl Issue {
    fn new(code: IssueCode, message: impl Into<String>) -> Self {
        Issue {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A redirect URI that passed every error check.
///
/// Keeps the string exactly as written (what the portal stores and compares)
/// beside its WHATWG parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedirectUri {
    raw: String,
    url: Url,
    parts: Parts,
}

/// Byte ranges of the components of `raw`, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Parts {
    scheme: Range<usize>,
    host: Range<usize>,
    /// The digits after `:` (possibly empty), when a `:` follows the host.
    port: Option<Range<usize>>,
    path: Range<usize>,
    /// The text after `?`, when there is a `?`.
    query: Option<Range<usize>>,
}

impl RedirectUri {
    /// Parses one redirect URI, returning every error found.
    ///
    /// ```
    /// use clientfill_core::uri::{IssueCode, RedirectUri};
    ///
    /// let uri = RedirectUri::parse("https://socialize.eu1.gigya.com/GS/GSLogin.aspx?").unwrap();
    /// assert_eq!(uri.as_str(), "https://socialize.eu1.gigya.com/GS/GSLogin.aspx?");
    /// let errors = RedirectUri::parse("https://x.example/cb#top").unwrap_err();
    /// assert_eq!(errors[0].code, IssueCode::Fragment);
    /// ```
    pub fn parse(raw: &str) -> Result<RedirectUri, Vec<Issue>> {
        let mut errors = Vec::new();
        if raw.is_empty() {
            errors.push(Issue::new(IssueCode::Invalid, "The URI is empty."));
            return Err(errors);
        }
        if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
            // Browsers silently drop some of these (WHATWG strips tabs and
            // newlines), so the portal could store something other than what
            // the broker sends.
            errors.push(Issue::new(
                IssueCode::Whitespace,
                "The URI contains a space, tab, line break or control character; remove it.",
            ));
        }
        // Leading or trailing whitespace is already an error; splitting the
        // rest finds the others without a misleading "not a URL".
        let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || c.is_control());
        let Some(parts) = split(trimmed, &mut errors) else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        match Url::parse(raw) {
            Ok(url) => Ok(RedirectUri {
                raw: raw.to_owned(),
                url,
                parts,
            }),
            Err(error) => {
                errors.push(parse_error(error));
                Err(errors)
            }
        }
    }

    /// The URI exactly as written.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The WHATWG serialisation (lower-case scheme and host, default port
    /// dropped, `/` for an empty path, percent-encoding applied).
    pub fn normalized(&self) -> &str {
        self.url.as_str()
    }

    /// The scheme, lower-cased: `http` or `https`.
    pub fn scheme(&self) -> &str {
        self.url.scheme()
    }

    /// The host as the browser sees it (lower-cased).
    pub fn host(&self) -> &str {
        // A parsed http(s) URL always has a host.
        self.url.host_str().unwrap_or_default()
    }

    /// The port in effect, explicit or the scheme's default.
    pub fn port(&self) -> u16 {
        self.url.port_or_known_default().unwrap_or_default()
    }

    /// The port as written after the host (`Some("443")` for `host:443`).
    pub fn written_port(&self) -> Option<&str> {
        self.parts.port.clone().map(|r| &self.raw[r])
    }

    /// The path as written (empty for `https://host`).
    pub fn written_path(&self) -> &str {
        &self.raw[self.parts.path.clone()]
    }

    /// The query as written after `?` (`Some("")` for a trailing `?`).
    pub fn written_query(&self) -> Option<&str> {
        self.parts.query.clone().map(|r| &self.raw[r])
    }

    /// Whether the host is `localhost` (or a subdomain of it) or a loopback address.
    pub fn is_local(&self) -> bool {
        match self.url.host() {
            Some(url::Host::Domain(domain)) => {
                domain == "localhost" || domain.ends_with(".localhost")
            }
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        }
    }

    /// The warnings for this URI on `portal` (never errors: those stop [`parse`](Self::parse)).
    pub fn warnings(&self, portal: Portal) -> Vec<Issue> {
        let mut warnings = Vec::new();
        let http = self.scheme() == "http";
        if self.is_local() {
            if portal == Portal::Meta {
                warnings.push(Issue::new(
                    IssueCode::Localhost,
                    "Meta refuses localhost and loopback addresses (and plain http): serve the \
                     callback through a public https address, for example an ngrok tunnel.",
                ));
            }
        } else if http {
            warnings.push(match portal {
                Portal::Meta => Issue::new(
                    IssueCode::PlainHttp,
                    "Meta accepts only https redirect URIs: use https.",
                ),
                Portal::Google => Issue::new(
                    IssueCode::PlainHttp,
                    "Google accepts http only for localhost: use https.",
                ),
                Portal::LegacyInstagram | Portal::GitHub | Portal::Discord => Issue::new(
                    IssueCode::PlainHttp,
                    "Plain http: the access token would travel unencrypted. Use https unless \
                     the broker only sends http.",
                ),
            });
        }
        if portal == Portal::Google && self.raw.contains('*') {
            warnings.push(Issue::new(
                IssueCode::Wildcard,
                "Google refuses wildcards (*) in redirect URIs: register each URI in full.",
            ));
        }
        warnings
    }

    /// Whether `portal` would accept a login redirected to `self` when `other`
    /// is registered (see the module documentation for the rule).
    pub fn matches(&self, portal: Portal, other: &RedirectUri) -> bool {
        self.matches_by(MatchRule::of(portal), other)
    }

    /// Whether a login redirected to `self` passes `rule` with `other`
    /// registered.
    pub fn matches_by(&self, rule: MatchRule, other: &RedirectUri) -> bool {
        let same_query = self.written_query() == other.written_query();
        let exact_endpoint = self.written_scheme() == other.written_scheme()
            && self.written_host() == other.written_host()
            && self.written_port() == other.written_port()
            && self.written_path() == other.written_path();
        match rule {
            MatchRule::IgnoreQuery => exact_endpoint,
            MatchRule::Exact => exact_endpoint && same_query,
            MatchRule::Subdirectory => {
                let (host, registered) = (self.written_host(), other.written_host());
                let host_ok = host == registered
                    || host
                        .strip_suffix(registered)
                        .is_some_and(|sub| sub.ends_with('.'));
                // GitHub lets a loopback callback take any port.
                let port_ok = self.written_port() == other.written_port()
                    || (self.is_local() && other.is_local());
                let base = other.written_path().trim_end_matches('/');
                let path = self.written_path();
                let path_ok = path == other.written_path()
                    || path
                        .strip_prefix(base)
                        .is_some_and(|rest| rest.starts_with('/'));
                self.written_scheme() == other.written_scheme() && host_ok && port_ok && path_ok
            }
        }
    }

    /// Whether `self` and `other` are the same endpoint up to the differences
    /// [`differences`](Self::differences) can name, so a mismatch between them
    /// is a near miss rather than a different URI.
    pub fn is_near(&self, other: &RedirectUri) -> bool {
        fn strip_www(host: &str) -> &str {
            host.strip_prefix("www.").unwrap_or(host)
        }
        fn loose_path(path: &str) -> String {
            path.trim_end_matches('/').to_ascii_lowercase()
        }
        strip_www(self.host()) == strip_www(other.host())
            && loose_path(self.written_path()) == loose_path(other.written_path())
    }

    /// What differs between `self` (expected) and `other` (registered), part by
    /// part, as written. Empty when the two strings are identical.
    pub fn differences(&self, other: &RedirectUri) -> Vec<Difference> {
        let mut out = Vec::new();
        if self.written_scheme() != other.written_scheme() {
            out.push(Difference::Scheme);
        }
        let (a, b) = (self.written_host(), other.written_host());
        if a != b {
            if a.eq_ignore_ascii_case(b) {
                out.push(Difference::HostCase);
            } else {
                let strip = |h: &str| h.to_ascii_lowercase().trim_start_matches("www.").to_owned();
                if strip(a) == strip(b) {
                    out.push(Difference::WwwPrefix);
                    if a.trim_start_matches("www.") != b.trim_start_matches("www.") {
                        out.push(Difference::HostCase);
                    }
                } else {
                    out.push(Difference::Host);
                }
            }
        }
        if self.written_port() != other.written_port() {
            out.push(Difference::Port);
        }
        let (a, b) = (self.written_path(), other.written_path());
        if a != b {
            let (ta, tb) = (a.trim_end_matches('/'), b.trim_end_matches('/'));
            if ta == tb || a.ends_with('/') != b.ends_with('/') {
                out.push(Difference::TrailingSlash);
            }
            if ta != tb {
                out.push(if ta.eq_ignore_ascii_case(tb) {
                    Difference::PathCase
                } else {
                    Difference::Path
                });
            }
        }
        match (self.written_query(), other.written_query()) {
            (a, b) if a == b => {}
            (Some(""), None) | (None, Some("")) => out.push(Difference::TrailingQuestionMark),
            _ => out.push(Difference::Query),
        }
        out
    }

    fn written_scheme(&self) -> &str {
        &self.raw[self.parts.scheme.clone()]
    }

    fn written_host(&self) -> &str {
        &self.raw[self.parts.host.clone()]
    }
}

impl fmt::Display for RedirectUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// Splits `raw` as written into its parts, pushing errors for what the WHATWG
/// parser would silently repair or accept but a portal should not see.
/// Returns `None` when the string is too malformed to split.
fn split(raw: &str, errors: &mut Vec<Issue>) -> Option<Parts> {
    let scheme_end = raw.find(':').filter(|&end| {
        end > 0
            && raw[..end].starts_with(|c: char| c.is_ascii_alphabetic())
            && raw[..end]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    let Some(scheme_end) = scheme_end else {
        errors.push(Issue::new(
            IssueCode::Invalid,
            "This is not an absolute URL: it must start with https:// (or http://).",
        ));
        return None;
    };
    let scheme = &raw[..scheme_end];
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        errors.push(Issue::new(
            IssueCode::NotHttp,
            format!("The scheme is \"{scheme}\": the portals accept only http and https URIs."),
        ));
        return None;
    }
    let rest = &raw[scheme_end + 1..];
    if !rest.starts_with("//") {
        errors.push(Issue::new(
            IssueCode::Invalid,
            format!("Write two slashes after the scheme: {scheme}://host/path."),
        ));
        return None;
    }
    if raw.contains('\\') {
        // WHATWG reads `\` as `/` in http(s) URLs; the portal may not.
        errors.push(Issue::new(
            IssueCode::Invalid,
            "The URI contains a backslash (\\); use forward slashes.",
        ));
    }
    if raw.contains('#') {
        errors.push(Issue::new(
            IssueCode::Fragment,
            "Redirect URIs cannot contain # (a fragment): the portal returns the token in the \
             fragment. Remove the # and what follows it.",
        ));
    }
    let authority_start = scheme_end + 3;
    let authority_end = raw[authority_start..]
        .find(['/', '?', '#', '\\'])
        .map_or(raw.len(), |i| authority_start + i);
    let authority = &raw[authority_start..authority_end];
    let host_start = match authority.rfind('@') {
        Some(at) => {
            errors.push(Issue::new(
                IssueCode::Credentials,
                "The URI contains a user name or password (text before @ in the host); remove it.",
            ));
            authority_start + at + 1
        }
        None => authority_start,
    };
    let host_and_port = &raw[host_start..authority_end];
    // The port starts at the last `:` that is not inside an IPv6 `[...]` literal.
    let colon = match host_and_port.rfind(']') {
        Some(bracket) => host_and_port[bracket..].find(':').map(|i| bracket + i),
        None => host_and_port.rfind(':'),
    };
    let (host, port) = match colon {
        Some(c) => (
            host_start..host_start + c,
            Some(host_start + c + 1..authority_end),
        ),
        None => (host_start..authority_end, None),
    };
    if host.is_empty() {
        errors.push(Issue::new(
            IssueCode::EmptyHost,
            "The URI has no host: write it as https://host/path.",
        ));
    } else if !raw[host.clone()].is_ascii() || raw[host.clone()].contains('%') {
        // Refused here, before WHATWG host parsing: with the ASCII-only IDNA
        // back end chosen in Cargo.toml, a non-ASCII host (raw or %-escaped)
        // mixed with upper-case letters trips a debug assertion in idna_adapter
        // (found by the uri_parse fuzz target).
        errors.push(Issue::new(
            IssueCode::Invalid,
            "The host must be plain ASCII, without %-escapes: write a host name with \
             non-ASCII letters in its xn-- form.",
        ));
    }
    let path_end = raw[authority_end..]
        .find(['?', '#'])
        .map_or(raw.len(), |i| authority_end + i);
    let query = raw[path_end..].strip_prefix('?').map(|q| {
        let start = path_end + 1;
        start..start + q.find('#').unwrap_or(q.len())
    });
    Some(Parts {
        scheme: 0..scheme_end,
        host,
        port,
        path: authority_end..path_end,
        query,
    })
}

fn parse_error(error: url::ParseError) -> Issue {
    use url::ParseError as E;
    match error {
        E::EmptyHost => Issue::new(
            IssueCode::EmptyHost,
            "The URI has no host: write it as https://host/path.",
        ),
        E::InvalidPort => Issue::new(
            IssueCode::Invalid,
            "The port is not a number from 0 to 65535.",
        ),
        E::IdnaError => Issue::new(
            IssueCode::Invalid,
            "The host is not a valid domain name. Host names with non-ASCII letters must be \
             written in their xn-- form.",
        ),
        E::InvalidIpv4Address | E::InvalidIpv6Address => {
            Issue::new(IssueCode::Invalid, "The host is not a valid IP address.")
        }
        E::InvalidDomainCharacter => Issue::new(
            IssueCode::Invalid,
            "The host contains a character that is not allowed in a domain name.",
        ),
        other => Issue::new(
            IssueCode::Invalid,
            format!("This is not a valid URL ({other})."),
        ),
    }
}

/// The result of checking one URI as typed into a portal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UriCheck {
    /// The URI as given.
    pub input: String,
    /// The WHATWG serialisation, when the URI parsed.
    pub normalized: Option<String>,
    /// Problems that make the portal refuse or alter the URI.
    pub errors: Vec<Issue>,
    /// Problems that let it be saved but are likely wrong on this portal.
    pub warnings: Vec<Issue>,
}

impl UriCheck {
    /// No errors (warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Checks one redirect URI for `portal`.
///
/// ```
/// use clientfill_core::portal::Portal;
/// use clientfill_core::uri::{check, IssueCode};
///
/// let result = check(Portal::Meta, "http://localhost");
/// assert!(result.is_valid());
/// assert_eq!(result.warnings[0].code, IssueCode::Localhost);
/// ```
pub fn check(portal: Portal, raw: &str) -> UriCheck {
    match RedirectUri::parse(raw) {
        Ok(uri) => UriCheck {
            input: raw.to_owned(),
            normalized: Some(uri.normalized().to_owned()),
            errors: Vec::new(),
            warnings: uri.warnings(portal),
        },
        Err(errors) => UriCheck {
            input: raw.to_owned(),
            normalized: None,
            errors,
            warnings: Vec::new(),
        },
    }
}

/// Checks a list of redirect URIs for `portal`: each one as [`check`] does,
/// plus `duplicate` warnings, and, when `expected` (the broker's URIs) is not
/// empty, a `differsFromBroker` warning on each entry that is close to but not
/// exactly one of them. The result has one entry per input, in order.
pub fn check_list(portal: Portal, uris: &[String], expected: &[String]) -> Vec<UriCheck> {
    let mut checks: Vec<UriCheck> = uris.iter().map(|raw| check(portal, raw)).collect();
    let parsed: Vec<Option<RedirectUri>> = uris
        .iter()
        .map(|raw| RedirectUri::parse(raw).ok())
        .collect();
    for (i, uri) in parsed.iter().enumerate() {
        let Some(uri) = uri else { continue };
        let earlier = parsed[..i]
            .iter()
            .position(|e| e.as_ref().is_some_and(|e| e.matches(portal, uri)));
        if let Some(first) = earlier {
            let message = if uris[first] == uris[i] {
                format!("Duplicate of entry {}.", first + 1)
            } else {
                format!(
                    "{} treats this as the same URI as entry {} ({}).",
                    portal.label(),
                    first + 1,
                    uris[first]
                )
            };
            checks[i]
                .warnings
                .push(Issue::new(IssueCode::Duplicate, message));
        }
    }
    if !expected.is_empty() {
        let diagnosis = diagnose(portal, expected, uris);
        let near = diagnosis
            .near_misses
            .iter()
            .map(|n| (&n.registered, &n.message));
        let noted = diagnosis
            .matched
            .iter()
            .filter_map(|m| m.note.as_ref().map(|note| (&m.registered, note)));
        for (registered, message) in near.chain(noted) {
            if let Some(i) = uris.iter().position(|u| u == registered) {
                checks[i]
                    .warnings
                    .push(Issue::new(IssueCode::DiffersFromBroker, message.clone()));
            }
        }
    }
    checks
}

/// One way two redirect URIs differ, part by part as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Difference {
    /// `http` vs `https`, or the scheme spelled in another case.
    Scheme,
    /// The host differs only in upper/lower case.
    HostCase,
    /// One host has a `www.` prefix the other lacks.
    WwwPrefix,
    /// Another host altogether.
    Host,
    /// A different port, or the default port spelled out (`:443`) on one side only.
    Port,
    /// A trailing `/` on one side only.
    TrailingSlash,
    /// The path differs only in upper/lower case.
    PathCase,
    /// Another path altogether.
    Path,
    /// A trailing `?` (empty query) on one side only.
    TrailingQuestionMark,
    /// Another query string.
    Query,
}

impl Difference {
    /// A plain-language description, `expected` being what the broker sends.
    pub fn describe(self, expected: &RedirectUri, registered: &RedirectUri) -> String {
        match self {
            Difference::Scheme => format!(
                "the scheme is \"{}\" where the broker sends \"{}\"",
                registered.written_scheme(),
                expected.written_scheme()
            ),
            Difference::HostCase => format!(
                "the host is spelled \"{}\" where the broker sends \"{}\" (letter case counts)",
                registered.written_host(),
                expected.written_host()
            ),
            Difference::WwwPrefix => format!(
                "the host is \"{}\" where the broker sends \"{}\" (www. counts)",
                registered.written_host(),
                expected.written_host()
            ),
            Difference::Host => format!(
                "the host is \"{}\" where the broker sends \"{}\"",
                registered.written_host(),
                expected.written_host()
            ),
            Difference::Port => match (expected.written_port(), registered.written_port()) {
                (Some(e), None) => format!(
                    "the broker sends the port :{e} explicitly; add it to the registered URI"
                ),
                (None, Some(r)) => {
                    format!("the registered URI has the port :{r}, which the broker does not send")
                }
                (e, r) => format!(
                    "the port is :{} where the broker sends :{}",
                    r.unwrap_or_default(),
                    e.unwrap_or_default()
                ),
            },
            Difference::TrailingSlash => {
                if registered.written_path().ends_with('/')
                    && !expected.written_path().ends_with('/')
                {
                    "the registered URI ends with a slash the broker does not send".to_owned()
                } else if expected.written_path().ends_with('/')
                    && !registered.written_path().ends_with('/')
                {
                    "the broker sends a trailing slash the registered URI lacks".to_owned()
                } else {
                    "the number of trailing slashes differs".to_owned()
                }
            }
            Difference::PathCase => format!(
                "the path is spelled \"{}\" where the broker sends \"{}\" (letter case counts)",
                registered.written_path(),
                expected.written_path()
            ),
            Difference::Path => format!(
                "the path is \"{}\" where the broker sends \"{}\"",
                registered.written_path(),
                expected.written_path()
            ),
            Difference::TrailingQuestionMark => {
                if expected.written_query().is_some() {
                    "the broker's URI ends with \"?\", the registered one does not".to_owned()
                } else {
                    "the registered URI ends with \"?\", the broker's does not".to_owned()
                }
            }
            Difference::Query => format!(
                "the query is \"{}\" where the broker sends \"{}\"",
                registered.written_query().unwrap_or_default(),
                expected.written_query().unwrap_or_default()
            ),
        }
    }
}

/// An expected URI and the registered URI that satisfies it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Matched {
    /// The URI the broker sends.
    pub expected: String,
    /// The registered URI the portal accepts for it.
    pub registered: String,
    /// Differences the portal's rule ignores (on the legacy portal, the query).
    pub differences: Vec<Difference>,
    /// Why those differences may still matter, when there are any.
    pub note: Option<String>,
}

/// An expected URI and a registered URI that is close but does not match.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NearMiss {
    /// The URI the broker sends.
    pub expected: String,
    /// The registered URI that almost matches.
    pub registered: String,
    /// Everything that differs.
    pub differences: Vec<Difference>,
    /// A sentence for the user: what differs and what to register instead.
    pub message: String,
}

/// How a registered list compares with the URIs a broker needs, on one portal.
///
/// Every expected URI is in exactly one of `matched`, `near_misses`,
/// `missing` or `invalid_expected` (an expected URI repeated counts once);
/// every registered URI in exactly one of `matched`, `near_misses`, `extra`,
/// `duplicates` or `invalid_registered`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    /// The portal whose matching rule was applied.
    pub portal: Portal,
    /// Expected URIs the portal will accept.
    pub matched: Vec<Matched>,
    /// Expected URIs with a registered look-alike that the portal will refuse.
    pub near_misses: Vec<NearMiss>,
    /// Expected URIs with nothing close registered: register them.
    pub missing: Vec<String>,
    /// Registered URIs that correspond to nothing expected (harmless, but
    /// often a leftover from an earlier setup).
    pub extra: Vec<String>,
    /// Registered URIs the portal treats as the same as an earlier entry.
    pub duplicates: Vec<String>,
    /// Expected URIs that are not valid redirect URIs (a broken profile).
    pub invalid_expected: Vec<UriCheck>,
    /// Registered URIs that are not valid redirect URIs.
    pub invalid_registered: Vec<UriCheck>,
}

impl Diagnosis {
    /// Whether every expected URI is matched, i.e. the login cannot fail on a
    /// redirect URI mismatch.
    pub fn is_ok(&self) -> bool {
        self.near_misses.is_empty() && self.missing.is_empty() && self.invalid_expected.is_empty()
    }
}

/// Compares the URIs a broker needs (`expected`) with those registered on
/// `portal`, following the portal's matching rule (see the module docs).
///
/// Exact matches are paired first, then near misses (same host up to case and
/// `www.`, same path up to case and trailing slashes), each registered URI
/// being used at most once.
pub fn diagnose(portal: Portal, expected: &[String], registered: &[String]) -> Diagnosis {
    diagnose_by(portal, MatchRule::of(portal), expected, registered)
}

/// [`diagnose`] with another matching rule than the portal's usual one
/// (GitHub Apps are stricter than GitHub's OAuth Apps).
pub fn diagnose_by(
    portal: Portal,
    rule: MatchRule,
    expected: &[String],
    registered: &[String],
) -> Diagnosis {
    let mut diagnosis = Diagnosis {
        portal,
        matched: Vec::new(),
        near_misses: Vec::new(),
        missing: Vec::new(),
        extra: Vec::new(),
        duplicates: Vec::new(),
        invalid_expected: Vec::new(),
        invalid_registered: Vec::new(),
    };

    let mut wanted: Vec<RedirectUri> = Vec::new();
    for raw in expected {
        match RedirectUri::parse(raw) {
            // The same URI expected twice is needed once.
            Ok(uri) if wanted.iter().any(|w| w.matches_by(rule, &uri)) => {}
            Ok(uri) => wanted.push(uri),
            Err(_) => diagnosis.invalid_expected.push(check(portal, raw)),
        }
    }
    let mut have: Vec<RedirectUri> = Vec::new();
    for raw in registered {
        match RedirectUri::parse(raw) {
            Ok(uri) if have.iter().any(|h| h.matches_by(rule, &uri)) => {
                diagnosis.duplicates.push(raw.clone())
            }
            Ok(uri) => have.push(uri),
            Err(_) => diagnosis.invalid_registered.push(check(portal, raw)),
        }
    }

    let mut used = vec![false; have.len()];
    let mut unmatched = Vec::new();
    for want in &wanted {
        let found = (0..have.len()).find(|&i| !used[i] && want.matches_by(rule, &have[i]));
        match found {
            Some(i) => {
                used[i] = true;
                let differences = want.differences(&have[i]);
                let note = (!differences.is_empty()).then(|| match rule {
                    MatchRule::Subdirectory => format!(
                        "Accepted by {}, which takes URLs under the callback's host and path, \
                         but {}.",
                        portal.label(),
                        describe_all(&differences, want, &have[i]),
                    ),
                    _ => format!(
                        "Accepted by {}, which ignores the query, but {}; if the broker adds \
                         nothing to the query, register {} exactly.",
                        portal.label(),
                        describe_all(&differences, want, &have[i]),
                        want
                    ),
                });
                diagnosis.matched.push(Matched {
                    expected: want.raw.clone(),
                    registered: have[i].raw.clone(),
                    differences,
                    note,
                });
            }
            None => unmatched.push(want),
        }
    }
    for want in unmatched {
        let found = (0..have.len()).find(|&i| !used[i] && want.is_near(&have[i]));
        match found {
            Some(i) => {
                used[i] = true;
                let differences = want.differences(&have[i]);
                let mut message = format!(
                    "{} does not match {}: {}. Register {} exactly.",
                    have[i],
                    want,
                    describe_all(&differences, want, &have[i]),
                    want
                );
                if portal == Portal::Meta
                    && differences.contains(&Difference::TrailingSlash)
                    && have[i].written_path().ends_with('/')
                {
                    message.push_str(
                        " Meta's dashboard may add the slash when saving: check the saved value.",
                    );
                }
                diagnosis.near_misses.push(NearMiss {
                    expected: want.raw.clone(),
                    registered: have[i].raw.clone(),
                    differences,
                    message,
                });
            }
            None => diagnosis.missing.push(want.raw.clone()),
        }
    }
    diagnosis.extra = have
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(uri, _)| uri.raw.clone())
        .collect();
    diagnosis
}

fn describe_all(
    differences: &[Difference],
    expected: &RedirectUri,
    registered: &RedirectUri,
) -> String {
    differences
        .iter()
        .map(|d| d.describe(expected, registered))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use Portal::{LegacyInstagram as Legacy, Meta};

    fn codes(raw: &str) -> Vec<IssueCode> {
        match RedirectUri::parse(raw) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(|e| e.code).collect(),
        }
    }

    fn warnings(portal: Portal, raw: &str) -> Vec<IssueCode> {
        check(portal, raw).warnings.iter().map(|w| w.code).collect()
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parse_keeps_broker_strings_exactly() {
        for raw in [
            "https://socialize.eu1.gigya.com/GS/GSLogin.aspx?",
            "https://acme.hub.loginradius.com:443/socialauth/validate.sauth",
            "http://localhost",
            "https://acme.eu.auth0.com/login/callback",
        ] {
            let uri = RedirectUri::parse(raw).unwrap();
            assert_eq!(uri.as_str(), raw);
            assert_eq!(uri.to_string(), raw);
        }
        let uri =
            RedirectUri::parse("https://acme.hub.loginradius.com:443/socialauth/validate.sauth")
                .unwrap();
        assert_eq!(uri.written_port(), Some("443"));
        assert_eq!(uri.port(), 443);
        // WHATWG drops the default port; the written form keeps it.
        assert_eq!(
            uri.normalized(),
            "https://acme.hub.loginradius.com/socialauth/validate.sauth"
        );
        let gigya = RedirectUri::parse("https://socialize.gigya.com/GS/GSLogin.aspx?").unwrap();
        assert_eq!(gigya.written_query(), Some(""));
        assert_eq!(gigya.written_path(), "/GS/GSLogin.aspx");
        let local = RedirectUri::parse("http://localhost").unwrap();
        assert_eq!(local.written_path(), "");
        assert_eq!(local.normalized(), "http://localhost/");
        assert_eq!(local.host(), "localhost");
        assert_eq!(local.scheme(), "http");
    }

    #[test]
    fn parse_reports_each_error_kind() {
        assert_eq!(codes("ftp://example.com/cb"), [IssueCode::NotHttp]);
        assert_eq!(codes("myapp://callback"), [IssueCode::NotHttp]);
        assert_eq!(codes("https://example.com/cb#top"), [IssueCode::Fragment]);
        assert_eq!(codes("https://example.com/cb#"), [IssueCode::Fragment]);
        assert_eq!(codes("https://example.com/a b"), [IssueCode::Whitespace]);
        assert_eq!(codes(" https://example.com/cb"), [IssueCode::Whitespace]);
        assert_eq!(codes("https://example.com/cb\n"), [IssueCode::Whitespace]);
        assert_eq!(codes("https://example.com/\tcb"), [IssueCode::Whitespace]);
        assert_eq!(
            codes("https://user:pw@example.com/cb"),
            [IssueCode::Credentials]
        );
        // WHATWG drops an empty user part silently; the portal may not.
        assert_eq!(codes("https://@example.com/cb"), [IssueCode::Credentials]);
        assert_eq!(codes("http://"), [IssueCode::EmptyHost]);
        assert_eq!(codes("https:///example.com/cb"), [IssueCode::EmptyHost]);
        assert_eq!(codes("https://:443/cb"), [IssueCode::EmptyHost]);
        assert_eq!(codes(""), [IssueCode::Invalid]);
        assert_eq!(codes("example.com/cb"), [IssueCode::Invalid]);
        assert_eq!(codes("/login/callback"), [IssueCode::Invalid]);
        assert_eq!(codes("https:example.com/cb"), [IssueCode::Invalid]);
        assert_eq!(codes("https://example.com\\cb"), [IssueCode::Invalid]);
        assert_eq!(codes("https://example.com:99999/cb"), [IssueCode::Invalid]);
        assert_eq!(codes("https://exa mple.com/"), [IssueCode::Whitespace]);
        assert_eq!(codes("https://[::1/"), [IssueCode::Invalid]);
    }

    #[test]
    fn parse_collects_every_error() {
        assert_eq!(
            codes("https://me@example.com/a b#x"),
            [
                IssueCode::Whitespace,
                IssueCode::Fragment,
                IssueCode::Credentials
            ]
        );
        assert!(codes("https://example.com/a b")
            .iter()
            .all(|c| c.is_error()));
    }

    #[test]
    fn non_ascii_hosts_need_their_xn_form() {
        let errors = RedirectUri::parse("https://bücher.example/cb").unwrap_err();
        assert_eq!(errors[0].code, IssueCode::Invalid);
        assert!(errors[0].message.contains("xn--"), "{}", errors[0].message);
        assert!(RedirectUri::parse("https://xn--bcher-kva.example/cb").is_ok());
        // These reached a debug assertion in the IDNA back end.
        for raw in [
            "https://Aé.com/",
            "https://A%C3%A9.com/",
            "https://%41é.com",
        ] {
            assert_eq!(codes(raw), [IssueCode::Invalid], "{raw}");
        }
        // Non-ASCII in the path is fine: browsers percent-encode it.
        let uri = RedirectUri::parse("https://example.com/café").unwrap();
        assert_eq!(uri.normalized(), "https://example.com/caf%C3%A9");
    }

    #[test]
    fn ipv6_ports_are_split_outside_the_brackets() {
        let uri = RedirectUri::parse("http://[::1]:8080/cb").unwrap();
        assert_eq!(uri.written_port(), Some("8080"));
        assert!(uri.is_local());
        let uri = RedirectUri::parse("http://[::1]/cb").unwrap();
        assert_eq!(uri.written_port(), None);
    }

    #[test]
    fn warnings_depend_on_the_portal() {
        assert_eq!(
            warnings(Legacy, "http://example.com/cb"),
            [IssueCode::PlainHttp]
        );
        assert_eq!(
            warnings(Meta, "http://example.com/cb"),
            [IssueCode::PlainHttp]
        );
        assert!(check(Meta, "http://example.com/cb").warnings[0]
            .message
            .contains("only https"));
        // The token-testing guide's URI is fine on the legacy portal...
        assert_eq!(warnings(Legacy, "http://localhost"), []);
        assert_eq!(warnings(Legacy, "http://127.0.0.1:3000/cb"), []);
        // ...and refused by Meta, over http or https.
        assert_eq!(warnings(Meta, "http://localhost"), [IssueCode::Localhost]);
        assert_eq!(
            warnings(Meta, "https://localhost:3000/cb"),
            [IssueCode::Localhost]
        );
        assert_eq!(
            warnings(Meta, "https://127.0.0.1/cb"),
            [IssueCode::Localhost]
        );
        assert_eq!(warnings(Meta, "https://[::1]/cb"), [IssueCode::Localhost]);
        assert_eq!(
            warnings(Meta, "https://app.localhost/cb"),
            [IssueCode::Localhost]
        );
        assert_eq!(
            warnings(
                Meta,
                "https://65e60559.ngrok.io/api/connect/instagram/callback"
            ),
            []
        );
        // "localhost" must be the host, not a part of it.
        assert_eq!(warnings(Meta, "https://localhost.example.com/cb"), []);
        assert_eq!(
            warnings(Legacy, "http://localhost.example.com/cb"),
            [IssueCode::PlainHttp]
        );
    }

    #[test]
    fn check_returns_normalized_form_or_errors() {
        let ok = check(Legacy, "HTTPS://Acme.EU.auth0.com:443/login/callback");
        assert!(ok.is_valid());
        assert_eq!(
            ok.normalized.as_deref(),
            Some("https://acme.eu.auth0.com/login/callback")
        );
        let bad = check(Legacy, "https://x.example/#");
        assert!(!bad.is_valid());
        assert_eq!(bad.normalized, None);
        assert_eq!(bad.input, "https://x.example/#");
    }

    #[test]
    fn matching_follows_each_portal() {
        let p = |s: &str| RedirectUri::parse(s).unwrap();
        let gigya = p("https://socialize.gigya.com/GS/GSLogin.aspx?");
        let bare = p("https://socialize.gigya.com/GS/GSLogin.aspx");
        // The legacy portal lets the request add a query; Meta compares it.
        assert!(gigya.matches(Legacy, &bare));
        assert!(!gigya.matches(Meta, &bare));
        for (a, b) in [
            ("https://a.example/cb", "https://a.example/cb/"),
            ("https://a.example:443/cb", "https://a.example/cb"),
            ("https://A.example/cb", "https://a.example/cb"),
            ("https://a.example/cb", "http://a.example/cb"),
            ("https://a.example/CB", "https://a.example/cb"),
            ("http://localhost", "http://localhost/"),
        ] {
            assert!(!p(a).matches(Legacy, &p(b)), "{a} vs {b}");
            assert!(!p(a).matches(Meta, &p(b)), "{a} vs {b}");
            assert!(p(a).is_near(&p(b)), "{a} vs {b}");
        }
        assert!(!p("https://a.example/cb").is_near(&p("https://b.example/cb")));
        assert!(!p("https://a.example/cb").is_near(&p("https://a.example/other")));
    }

    #[test]
    fn differences_name_each_part() {
        let d = |a: &str, b: &str| {
            RedirectUri::parse(a)
                .unwrap()
                .differences(&RedirectUri::parse(b).unwrap())
        };
        use Difference::*;
        assert_eq!(d("https://a.example/cb", "https://a.example/cb"), []);
        assert_eq!(
            d("https://a.example/cb", "https://a.example/cb/"),
            [TrailingSlash]
        );
        assert_eq!(d("http://localhost", "http://localhost/"), [TrailingSlash]);
        assert_eq!(
            d("https://a.example/cb/", "https://a.example/cb//"),
            [TrailingSlash]
        );
        assert_eq!(
            d("https://a.example:443/cb", "https://a.example/cb"),
            [Port]
        );
        assert_eq!(
            d("http://localhost:3000/cb", "http://localhost:3001/cb"),
            [Port]
        );
        assert_eq!(d("https://a.example/cb", "http://a.example/cb"), [Scheme]);
        assert_eq!(d("https://a.example/cb", "HTTPS://a.example/cb"), [Scheme]);
        assert_eq!(
            d("https://a.example/cb", "https://A.Example/cb"),
            [HostCase]
        );
        assert_eq!(
            d("https://example.com/cb", "https://www.example.com/cb"),
            [WwwPrefix]
        );
        assert_eq!(d("https://a.example/cb", "https://b.example/cb"), [Host]);
        assert_eq!(
            d("https://a.example/cb", "https://a.example/Cb"),
            [PathCase]
        );
        assert_eq!(
            d("https://a.example/cb", "https://a.example/Cb/"),
            [TrailingSlash, PathCase]
        );
        assert_eq!(d("https://a.example/cb", "https://a.example/x"), [Path]);
        assert_eq!(
            d("https://a.example/cb?", "https://a.example/cb"),
            [TrailingQuestionMark]
        );
        assert_eq!(
            d("https://a.example/cb?a=1", "https://a.example/cb?a=2"),
            [Query]
        );
        assert_eq!(
            d("https://a.example:443/cb?", "http://a.example/cb/"),
            [Scheme, Port, TrailingSlash, TrailingQuestionMark]
        );
    }

    #[test]
    fn diagnose_finds_a_trailing_slash() {
        let diagnosis = diagnose(
            Legacy,
            &strings(&["https://acme.eu.auth0.com/login/callback"]),
            &strings(&["https://acme.eu.auth0.com/login/callback/"]),
        );
        assert!(!diagnosis.is_ok());
        assert_eq!(diagnosis.missing, Vec::<String>::new());
        assert_eq!(diagnosis.extra, Vec::<String>::new());
        let miss = &diagnosis.near_misses[0];
        assert_eq!(miss.expected, "https://acme.eu.auth0.com/login/callback");
        assert_eq!(miss.registered, "https://acme.eu.auth0.com/login/callback/");
        assert_eq!(miss.differences, [Difference::TrailingSlash]);
        assert!(
            miss.message
                .contains("ends with a slash the broker does not send"),
            "{}",
            miss.message
        );
        assert!(!miss.message.contains("Meta"));
        let meta = diagnose(
            Meta,
            &strings(&["https://acme.eu.auth0.com/login/callback"]),
            &strings(&["https://acme.eu.auth0.com/login/callback/"]),
        );
        assert!(meta.near_misses[0]
            .message
            .ends_with("Meta's dashboard may add the slash when saving: check the saved value."));
    }

    #[test]
    fn diagnose_finds_a_left_out_default_port() {
        let diagnosis = diagnose(
            Legacy,
            &strings(&["https://acme.hub.loginradius.com:443/socialauth/validate.sauth"]),
            &strings(&["https://acme.hub.loginradius.com/socialauth/validate.sauth"]),
        );
        let miss = &diagnosis.near_misses[0];
        assert_eq!(miss.differences, [Difference::Port]);
        assert!(miss.message.contains(":443 explicitly"), "{}", miss.message);
    }

    #[test]
    fn diagnose_trailing_question_mark_per_portal() {
        let expected = strings(&["https://socialize.gigya.com/GS/GSLogin.aspx?"]);
        let registered = strings(&["https://socialize.gigya.com/GS/GSLogin.aspx"]);
        let legacy = diagnose(Legacy, &expected, &registered);
        assert!(legacy.is_ok());
        assert_eq!(
            legacy.matched[0].differences,
            [Difference::TrailingQuestionMark]
        );
        assert!(legacy.matched[0]
            .note
            .as_deref()
            .unwrap()
            .contains("ignores the query"));
        let meta = diagnose(Meta, &expected, &registered);
        assert!(!meta.is_ok());
        assert_eq!(
            meta.near_misses[0].differences,
            [Difference::TrailingQuestionMark]
        );
    }

    #[test]
    fn diagnose_gigya_guides_http_eu_callback() {
        // The Gigya guide's step 6 prints the EU callback with http, its
        // screenshot with https: the diagnosis names the difference.
        let diagnosis = diagnose(
            Legacy,
            &strings(&["https://socialize.eu1.gigya.com/GS/GSLogin.aspx?"]),
            &strings(&["http://socialize.eu1.gigya.com/GS/GSLogin.aspx?"]),
        );
        assert_eq!(diagnosis.near_misses[0].differences, [Difference::Scheme]);
    }

    #[test]
    fn diagnose_sorts_every_uri_into_one_bucket() {
        let expected = strings(&[
            "https://socialize.gigya.com/GS/GSLogin.aspx?",
            "https://socialize.eu1.gigya.com/GS/GSLogin.aspx?",
            "https://socialize.au1.gigya.com/GS/GSLogin.aspx?",
            "https://socialize.gigya.com/GS/GSLogin.aspx?",
        ]);
        let registered = strings(&[
            "https://socialize.gigya.com/GS/GSLogin.aspx?",
            "https://socialize.gigya.com/GS/GSLogin.aspx?",
            "https://Socialize.EU1.gigya.com/GS/GSLogin.aspx?",
            "https://old.example.com/callback",
            "not a uri",
        ]);
        let diagnosis = diagnose(Meta, &expected, &registered);
        assert_eq!(diagnosis.matched.len(), 1);
        assert_eq!(diagnosis.matched[0].differences, []);
        assert_eq!(diagnosis.matched[0].note, None);
        assert_eq!(diagnosis.near_misses.len(), 1);
        assert_eq!(diagnosis.near_misses[0].differences, [Difference::HostCase]);
        assert_eq!(
            diagnosis.missing,
            ["https://socialize.au1.gigya.com/GS/GSLogin.aspx?"]
        );
        assert_eq!(diagnosis.extra, ["https://old.example.com/callback"]);
        assert_eq!(
            diagnosis.duplicates,
            ["https://socialize.gigya.com/GS/GSLogin.aspx?"]
        );
        assert_eq!(diagnosis.invalid_registered.len(), 1);
        assert_eq!(diagnosis.invalid_registered[0].input, "not a uri");
        assert!(diagnosis.invalid_expected.is_empty());
        assert!(!diagnosis.is_ok());
    }

    #[test]
    fn diagnose_prefers_exact_matches_over_near_misses() {
        // The slash variant must not steal the exact match's partner.
        let diagnosis = diagnose(
            Legacy,
            &strings(&["https://a.example/cb/", "https://a.example/cb"]),
            &strings(&["https://a.example/cb"]),
        );
        assert_eq!(diagnosis.matched[0].expected, "https://a.example/cb");
        assert_eq!(diagnosis.missing, ["https://a.example/cb/"]);
        assert!(diagnosis.near_misses.is_empty());
    }

    #[test]
    fn diagnose_all_matched_is_ok() {
        let list = strings(&["https://a.example/cb", "http://localhost"]);
        let diagnosis = diagnose(Legacy, &list, &list);
        assert!(diagnosis.is_ok());
        assert_eq!(diagnosis.matched.len(), 2);
        let empty = diagnose(Legacy, &list, &[]);
        assert_eq!(empty.missing, list);
        let invalid = diagnose(Legacy, &strings(&["ftp://x"]), &[]);
        assert!(!invalid.is_ok());
    }

    #[test]
    fn check_list_warns_on_duplicates_and_near_misses() {
        let uris = strings(&[
            "https://a.example/cb",
            "https://a.example/cb",
            "https://a.example/cb?x=1",
            "https://b.example/cb/",
            "https://c.example/cb#x",
        ]);
        let expected = strings(&["https://b.example/cb"]);
        let checks = check_list(Legacy, &uris, &expected);
        assert_eq!(checks.len(), 5);
        let codes = |i: usize| {
            checks[i]
                .warnings
                .iter()
                .map(|w| w.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(0), []);
        assert_eq!(codes(1), [IssueCode::Duplicate]);
        assert_eq!(checks[1].warnings[0].message, "Duplicate of entry 1.");
        // The legacy portal ignores the query, so this registers the same URI.
        assert_eq!(codes(2), [IssueCode::Duplicate]);
        assert!(checks[2].warnings[0].message.contains("entry 1"));
        assert_eq!(codes(3), [IssueCode::DiffersFromBroker]);
        assert!(!checks[4].is_valid());
        let meta = check_list(Meta, &uris, &[]);
        assert_eq!(meta[2].warnings, []);
    }

    #[test]
    fn results_serialize_in_camel_case() {
        let diagnosis = diagnose(
            Legacy,
            &strings(&["https://a.example/cb"]),
            &strings(&["https://a.example/cb/"]),
        );
        let json = serde_json::to_value(&diagnosis).unwrap();
        assert_eq!(json["portal"], "legacyInstagram");
        assert_eq!(json["nearMisses"][0]["differences"][0], "trailingSlash");
        assert!(json["invalidRegistered"].is_array());
        let check = serde_json::to_value(check(Meta, "http://localhost")).unwrap();
        assert_eq!(check["warnings"][0]["code"], "localhost");
    }
}

#[cfg(test)]
mod rule_tests {
    use super::*;

    fn p(raw: &str) -> RedirectUri {
        RedirectUri::parse(raw).unwrap()
    }

    /// GitHub's documented examples for an OAuth App whose callback is
    /// `http://example.com/path`.
    #[test]
    fn github_oauth_apps_take_subdirectories_and_subdomains() {
        let callback = p("http://example.com/path");
        for good in [
            "http://example.com/path",
            "http://example.com/path/subdir/other",
            "http://oauth.example.com/path",
            "http://oauth.example.com/path/subdir/other",
        ] {
            assert!(p(good).matches(Portal::GitHub, &callback), "{good}");
        }
        for bad in [
            "http://example.com/bar",
            "http://example.com/",
            "http://example.com:8080/path",
            "http://oauth.example.com:8080/path",
            "http://example.org",
            "https://example.com/path",
            "http://example.com/pathology",
            "http://notexample.com/path",
        ] {
            assert!(!p(bad).matches(Portal::GitHub, &callback), "{bad}");
        }
        // Loopback callbacks take any port.
        assert!(
            p("http://127.0.0.1:1234/path").matches(Portal::GitHub, &p("http://127.0.0.1/path"))
        );
        // GitHub Apps, Google and Discord match exactly, query included.
        let exact = p("https://a.example/cb");
        assert!(!p("https://a.example/cb/x").matches_by(MatchRule::Exact, &exact));
        assert!(!p("https://a.example/cb?x=1").matches(Portal::Google, &exact));
        assert!(p("https://a.example/cb").matches(Portal::Discord, &exact));
    }

    #[test]
    fn google_refuses_plain_http_and_wildcards() {
        let codes = |raw: &str| -> Vec<IssueCode> {
            check(Portal::Google, raw)
                .warnings
                .iter()
                .map(|w| w.code)
                .collect()
        };
        assert_eq!(codes("http://app.example/cb"), [IssueCode::PlainHttp]);
        assert_eq!(codes("http://localhost:3000/cb"), []);
        assert_eq!(codes("https://*.example.com/cb"), [IssueCode::Wildcard]);
    }
}
