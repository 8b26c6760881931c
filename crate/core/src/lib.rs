//! ClientFill's pure core: everything the extension decides, from plain data,
//! with no browser in sight, so it is tested natively.
//!
//! From the bottom up:
//! - rules of the portals and brokers: [`provider`], [`portal`],
//!   [`credentials`], [`names`], [`uri`], [`preset`], [`profile`];
//! - the page model the glue reads the DOM into ([`page`]) and the clients
//!   portals issue ([`client`]);
//! - one module per portal ([`portals`]), and above them what a page is
//!   ([`detect`]), what to fill ([`fill`]) and what it shows of its clients
//!   ([`capture`]);
//! - what the extension stores ([`store`]) and the messages between its
//!   contexts ([`messages`]).
//!
//! ```
//! use clientfill_core::page::{PageKind, PageSnapshot};
//!
//! let page = PageSnapshot {
//!     url: "https://www.instagram.com/developer/clients/register/".into(),
//!     headings: vec!["Register new Client ID".into()],
//!     ..PageSnapshot::default()
//! };
//! assert_eq!(page.kind(), PageKind::LegacyRegister);
//! ```
#![warn(missing_docs)]

/// Joins string slices (`&str`, `String`, `&String`) into one `String`.
/// Messages the content script makes are built with it instead of
/// `format!`, which would link `core::fmt` into every portal page.
///
/// ```
/// let n = clientfill_core::decimal(3);
/// assert_eq!(clientfill_core::cat!("Added ", n, " URIs."), "Added 3 URIs.");
/// ```
#[macro_export]
macro_rules! cat {
    ($($part:expr),+ $(,)?) => {
        [$(::core::convert::AsRef::<str>::as_ref(&$part)),+].concat()
    };
}

/// `parts` joined by `sep`. Not `[String]::join`: that one's generic copy
/// loop is about 1 KB in every portal page; this is a tenth of it.
///
/// ```
/// let parts = ["a".to_owned(), "b".to_owned()];
/// assert_eq!(clientfill_core::join(&parts, ", "), "a, b");
/// assert_eq!(clientfill_core::join(&[], ", "), "");
/// ```
pub fn join(parts: &[String], sep: &str) -> String {
    let mut joined = String::new();
    for (at, part) in parts.iter().enumerate() {
        if at > 0 {
            joined.push_str(sep);
        }
        joined.push_str(part);
    }
    joined
}

/// `n` in decimal, without `core::fmt` (see [`cat!`]).
///
/// ```
/// assert_eq!(clientfill_core::decimal(0), "0");
/// assert_eq!(clientfill_core::decimal(1207), "1207");
/// assert_eq!(clientfill_core::decimal(usize::MAX), usize::MAX.to_string());
/// ```
pub fn decimal(mut n: usize) -> String {
    // Right to left into a buffer as long as the longest number.
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[at..].iter().map(|&d| char::from(d)).collect()
}

pub mod credentials;
pub mod display;
pub mod names;
pub mod portal;
pub mod preset;
pub mod profile;
pub mod provider;
pub mod uri;

pub mod client;
pub mod page;

pub mod access;
pub mod capture;
pub mod checklist;
pub mod detect;
pub mod doctor;
pub mod export;
pub mod fill;
pub mod form;
pub mod portals;

pub mod messages;
pub mod store;
