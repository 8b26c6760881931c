//! App-name rules: which brand terms a portal refuses in an application name,
//! where they are, why, and a compliant suggestion.
//!
//! # Terms
//!
//! - Legacy Instagram portal (its help text): **Instagram**, **IG**, **insta**, **gram**.
//! - Meta: **FB**, **Face**, **Book**, **Insta**, **Gram**, **IG**, **Rift**,
//!   **WhatsApp**, **Meta**, and the whole brands **Facebook** and
//!   **Instagram** (reported as one finding rather than two halves).
//!
//! # How names are matched
//!
//! 1. **Case never matters**: `insta`, `Insta` and `INSTA` are the same term.
//! 2. **Look-alikes count**: before matching, each character is folded to the
//!    letters it can pass for: digits and symbols (`0`→o, `1`→i/l, `3`→e,
//!    `4`→a, `5`→s, `7`→t, `8`→b, `9`→g, `@`→a, `$`→s, `!`→i, `|`→i/l),
//!    accented Latin letters (`í`→i), Cyrillic and Greek letters that look
//!    Latin (`а`, `о`, `і`, `Ι`...), fullwidth and mathematical letters.
//!    Invisible characters (zero-width spaces, soft hyphens, combining
//!    accents) are skipped. So `Ins7agram`, `1nsta` and `Іnstagram` (Cyrillic
//!    І) are found, with `lookalike: true`.
//! 3. **Split brands**: a space, `-`, `_` or `.` may sit at the brand's natural
//!    split: `Insta Gram`, `Whats-App`, `Face.book`; for the two-letter terms
//!    only `-`, `_` or `.` (`I.G.`, `F-B`), never a space.
//! 4. **Words**: a word ends at anything that is not a letter (space,
//!    punctuation, a digit that is not part of the match) and at a camelCase
//!    change (`MyIGApp` is `My` + `IG` + `App`; in `IGApp` the word changes
//!    before `A`). An all-capitals run is one word (`IGTV` is not split).
//! 5. **Two-letter terms** (IG, FB) count only as a whole word: `MyIGApp`,
//!    `IG-Tools`, `I.G.` are refused; `Digital`, `Big`, `Fbi` are not.
//! 6. **Longer terms** count as a whole word (`Insta Pics`, `InstaPics`,
//!    `Gram Tools`) and also inside a word (`Picgram`, `Instagood`): both are
//!    errors, because a brand glued to another word still reads as the brand.
//!    The exception is an *ordinary English word* that contains the term
//!    (`Telegram`, `Program`, `Instant`, `Install`, `Interface`, `Notebook`,
//!    `Metadata`, `Drift`...): that is a warning only. Reviewers read it as the
//!    ordinary word, but an automatic check might still refuse it, and if the
//!    portal does, this is why.
//!
//! [`suggest_name`] removes every error (never warnings) and tidies what is
//! left; its result always passes [`is_compliant`].
//!
//! ```
//! use clientfill_core::names::{check_name, suggest_name, Severity};
//! use clientfill_core::portal::Portal;
//!
//! let findings = check_name(Portal::LegacyInstagram, "MyIGApp");
//! assert_eq!(findings[0].term, "IG");
//! assert_eq!(findings[0].byte_span.start, 2);
//! assert_eq!(suggest_name(Portal::LegacyInstagram, "MyIGApp"), "My App");
//! assert_eq!(check_name(Portal::LegacyInstagram, "Telegram Tools")[0].severity, Severity::Warning);
//! ```

use serde::{Deserialize, Serialize};

use crate::portal::Portal;

/// A half-open range `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    /// First unit.
    pub start: usize,
    /// One past the last unit.
    pub end: usize,
}

/// How sure the rule is that the portal refuses the name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// The name uses a banned term: change it.
    Error,
    /// An ordinary word contains a banned term: likely accepted.
    Warning,
}

/// One banned term found in a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NameFinding {
    /// The banned term, as the portal spells it (e.g. `Insta`).
    pub term: String,
    /// The text that matched, as written in the name.
    pub matched: String,
    /// Error or warning.
    pub severity: Severity,
    /// Where, in bytes of the UTF-8 name (for Rust).
    pub byte_span: Span,
    /// Where, in Unicode characters.
    pub char_span: Span,
    /// Where, in UTF-16 code units (JavaScript string indices, for highlighting).
    pub utf16_span: Span,
    /// Whether look-alike characters were needed to match.
    pub lookalike: bool,
    /// Why, for the user.
    pub reason: String,
}

/// A banned term: `pattern` is lower-case letters with `~` where a separator
/// may stand.
struct Term {
    name: &'static str,
    pattern: &'static str,
    /// Counts only as a whole word (the two-letter terms).
    whole_word: bool,
}

const fn term(name: &'static str, pattern: &'static str, whole_word: bool) -> Term {
    Term {
        name,
        pattern,
        whole_word,
    }
}

/// Longest patterns first, so `Instagram` is one finding, not `Insta` + `gram`.
static LEGACY_TERMS: &[Term] = &[
    term("Instagram", "insta~gram", false),
    term("insta", "insta", false),
    term("gram", "gram", false),
    term("IG", "i~g", true),
];

static META_TERMS: &[Term] = &[
    term("Instagram", "insta~gram", false),
    term("WhatsApp", "whats~app", false),
    term("Facebook", "face~book", false),
    term("Insta", "insta", false),
    term("Gram", "gram", false),
    term("Face", "face", false),
    term("Book", "book", false),
    term("Rift", "rift", false),
    term("Meta", "meta", false),
    term("FB", "f~b", true),
    term("IG", "i~g", true),
];

/// Discord refuses its own name anywhere in an application's name
/// ("Application name cannot contain "discord"").
static DISCORD_TERMS: &[Term] = &[term("discord", "discord", false)];

/// Ordinary words (and stems) that contain a term; a term inside one of them
/// is only a warning. Lower case; a word also covers its longer forms
/// (`program` covers `programmer`).
static ORDINARY_WORDS: &[&str] = &[
    // gram
    "telegram",
    "program",
    "diagram",
    "kilogram",
    "milligram",
    "microgram",
    "hologram",
    "histogram",
    "anagram",
    "epigram",
    "monogram",
    "pictogram",
    "cardiogram",
    "sonogram",
    "ideogram",
    "cryptogram",
    "grammar",
    "grammatic",
    "gramophone",
    "grams",
    "bigram",
    "trigram",
    "ngram",
    // insta
    "instant",
    "install",
    "instal",
    "instance",
    "instability",
    // face
    "facet",
    "interface",
    "surface",
    "typeface",
    "preface",
    "efface",
    "deface",
    "boldface",
    // book
    "notebook",
    "cookbook",
    "handbook",
    "textbook",
    "bookmark",
    "booking",
    "bookkeep",
    "bookshelf",
    "bookstore",
    "bookcase",
    "booklet",
    "bookworm",
    "ebook",
    "guestbook",
    "logbook",
    "scrapbook",
    "workbook",
    "yearbook",
    "sketchbook",
    "playbook",
    "storybook",
    "audiobook",
    "passbook",
    "phrasebook",
    "rulebook",
    "songbook",
    "checkbook",
    "chequebook",
    // meta
    "metadata",
    "metal",
    "metabol",
    "metaphor",
    "metamorph",
    "metaphys",
    "metastas",
    // rift
    "drift",
    "thrift",
    "adrift",
    "shrift",
];

fn terms(portal: Portal) -> &'static [Term] {
    if !portal.is_built() {
        return &[];
    }
    match portal {
        Portal::LegacyInstagram => LEGACY_TERMS,
        Portal::Meta => META_TERMS,
        Portal::Discord => DISCORD_TERMS,
        // Neither refuses a term in a client's name.
        Portal::GitHub | Portal::Google => &[],
    }
}

fn rule(portal: Portal) -> &'static str {
    if !portal.is_built() {
        return "";
    }
    match portal {
        Portal::LegacyInstagram => {
            "The portal's help text says: do not use Instagram, IG, insta or gram in your app name."
        }
        Portal::Meta => {
            "Meta refuses FB, Face, Book, Insta, Gram, IG, Rift, WhatsApp, Meta and confusingly \
             similar terms where they could be read as a reference to its brands."
        }
        Portal::Discord => "Discord says: Application name cannot contain \"discord\".",
        Portal::GitHub | Portal::Google => "",
    }
}

/// One character of the name, folded for matching.
struct Ch {
    c: char,
    byte: usize,
    char_index: usize,
    utf16: usize,
    /// The lower-case ASCII letters it can pass for (empty for separators and
    /// other symbols).
    folds: &'static [char],
}

impl Ch {
    fn end_byte(&self) -> usize {
        self.byte + self.c.len_utf8()
    }

    fn is_separator(&self, whole_word: bool) -> bool {
        matches!(self.c, '-' | '_' | '.') || (!whole_word && self.c == ' ')
    }
}

/// Characters skipped entirely: invisible ones and combining accents.
fn is_ignorable(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
        || ('\u{0300}'..='\u{036F}').contains(&c)
        || ('\u{FE00}'..='\u{FE0F}').contains(&c)
}

static LETTERS: [[char; 1]; 26] = {
    let mut out = [['a']; 26];
    let mut i = 0;
    while i < 26 {
        out[i] = [(b'a' + i as u8) as char];
        i += 1;
    }
    out
};

fn letter(c: char) -> &'static [char] {
    let c = c.to_ascii_lowercase();
    if c.is_ascii_lowercase() {
        &LETTERS[(c as u8 - b'a') as usize]
    } else {
        &[]
    }
}

/// The letters `c` can pass for; see the module docs.
fn fold(c: char) -> &'static [char] {
    if c.is_ascii_alphabetic() {
        return letter(c);
    }
    match c {
        '0' => return letter('o'),
        '1' | '|' => return &['i', 'l'],
        '3' => return letter('e'),
        '4' | '@' => return letter('a'),
        '5' | '$' => return letter('s'),
        '7' => return letter('t'),
        '8' => return letter('b'),
        '9' => return letter('g'),
        '!' => return letter('i'),
        _ => {}
    }
    let cp = c as u32;
    // Fullwidth Latin letters.
    if (0xFF21..=0xFF3A).contains(&cp) {
        return letter((b'a' + (cp - 0xFF21) as u8) as char);
    }
    if (0xFF41..=0xFF5A).contains(&cp) {
        return letter((b'a' + (cp - 0xFF41) as u8) as char);
    }
    // Mathematical alphanumeric letters: 13 alphabets of A-Z then a-z.
    if (0x1D400..=0x1D6A3).contains(&cp) {
        return letter((b'a' + ((cp - 0x1D400) % 52 % 26) as u8) as char);
    }
    let ascii = match c {
        'à'..='å' | 'À'..='Å' | 'ā' | 'ă' | 'ą' | 'Ā' | 'Ă' | 'Ą' => 'a',
        'ç' | 'Ç' | 'ć' | 'ĉ' | 'ċ' | 'č' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => 'c',
        'è'..='ë' | 'È'..='Ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => {
            'e'
        }
        'ĝ' | 'ğ' | 'ġ' | 'ģ' | 'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' | 'ɡ' => 'g',
        'ì'..='ï' | 'Ì'..='Ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => {
            'i'
        }
        'ł' | 'Ł' => 'l',
        'ñ' | 'Ñ' | 'ń' | 'ņ' | 'ň' | 'Ń' | 'Ņ' | 'Ň' => 'n',
        'ò'..='ö' | 'ø' | 'Ò'..='Ö' | 'Ø' | 'ō' | 'ŏ' | 'ő' | 'Ō' | 'Ŏ' | 'Ő' => 'o',
        'ś' | 'ŝ' | 'ş' | 'š' | 'Ś' | 'Ŝ' | 'Ş' | 'Š' => 's',
        'ţ' | 'ť' | 'Ţ' | 'Ť' => 't',
        'ù'..='ü' | 'Ù'..='Ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
        // Cyrillic letters drawn like Latin ones.
        'а' | 'А' => 'a',
        'в' | 'В' | 'Ь' | 'ь' => 'b',
        'с' | 'С' => 'c',
        'ԁ' => 'd',
        'е' | 'Е' | 'ё' | 'Ё' => 'e',
        'һ' | 'Н' => 'h',
        'і' | 'І' | 'ї' | 'Ї' => 'i',
        'ј' | 'Ј' => 'j',
        'к' | 'К' => 'k',
        'м' | 'М' => 'm',
        'о' | 'О' => 'o',
        'р' | 'Р' => 'p',
        'ԛ' => 'q',
        'ѕ' | 'Ѕ' => 's',
        'т' | 'Т' => 't',
        'у' | 'У' => 'y',
        'х' | 'Х' => 'x',
        // Greek letters drawn like Latin ones.
        'α' | 'Α' => 'a',
        'β' | 'Β' => 'b',
        'ε' | 'Ε' => 'e',
        'Η' => 'h',
        'ι' | 'Ι' => 'i',
        'κ' | 'Κ' => 'k',
        'Μ' => 'm',
        'ν' | 'Ν' => 'n',
        'ο' | 'Ο' => 'o',
        'ρ' | 'Ρ' => 'p',
        'τ' | 'Τ' => 't',
        'υ' | 'Υ' => 'y',
        'χ' | 'Χ' => 'x',
        'Ζ' => 'z',
        _ => return &[],
    };
    letter(ascii)
}
fn prepare(name: &str) -> Vec<Ch> {
    let mut out = Vec::new();
    let mut utf16 = 0;
    for (char_index, (byte, c)) in name.char_indices().enumerate() {
        if !is_ignorable(c) {
            out.push(Ch {
                c,
                byte,
                char_index,
                utf16,
                folds: fold(c),
            });
        }
        utf16 += c.len_utf16();
    }
    out
}

/// Matches `pattern` at `start`; returns the end (exclusive) and whether a
/// look-alike was needed.
fn match_at(chars: &[Ch], start: usize, term: &Term) -> Option<(usize, bool)> {
    let mut i = start;
    let mut lookalike = false;
    for p in term.pattern.chars() {
        if p == '~' {
            if chars
                .get(i)
                .is_some_and(|ch| ch.is_separator(term.whole_word))
            {
                i += 1;
            }
            continue;
        }
        let ch = chars.get(i)?;
        if !ch.folds.contains(&p) {
            return None;
        }
        lookalike |= ch.c.to_ascii_lowercase() != p;
        i += 1;
    }
    Some((i, lookalike))
}

/// Whether the text changes word between `chars[at - 1]` and `chars[at]`;
/// `match_range` marks the characters that matched a term (they count as
/// letters even when they are digits or symbols).
fn is_boundary(chars: &[Ch], at: usize, match_range: (usize, usize)) -> bool {
    if at == 0 || at >= chars.len() {
        return true;
    }
    let inside = |i: usize| i >= match_range.0 && i < match_range.1;
    let is_letter =
        |i: usize| is_word_char(chars[i].c) || (inside(i) && !chars[i].folds.is_empty());
    let (prev, cur) = (&chars[at - 1], &chars[at]);
    if !is_letter(at - 1) || !is_letter(at) {
        return true;
    }
    if lower(prev.c) && upper(cur.c) {
        return true;
    }
    // "IGApp": an upper-case letter followed by a lower-case one starts a word.
    upper(prev.c) && upper(cur.c) && chars.get(at + 1).is_some_and(|next| lower(next.c))
}

// Letters and their case, by hand rather than from Rust's Unicode tables,
// which were some 3 KB gzip of every portal page. Cased: ASCII, Latin-1,
// Latin Extended-A, Greek and Cyrillic, the scripts brand names and their
// look-alikes are written in. Any other character past ASCII counts as a
// caseless letter (CJK, Arabic, combining accents) unless it is a space, a
// punctuation mark or a symbol (emoji among them).

/// Whether `c` is part of a word.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    !matches!(c,
        '\u{80}'..='\u{BF}' | '\u{D7}' | '\u{F7}'
        | '\u{2000}'..='\u{2BFF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FE30}'..='\u{FE6F}'
        | '\u{FF00}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}'
        | '\u{1F000}'..='\u{1FAFF}' | '\u{E0000}'..='\u{E007F}')
}

/// Whether `c` is an upper-case letter (see [`is_word_char`] for which are known).
fn upper(c: char) -> bool {
    match c {
        'A'..='Z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{DE}' => true,
        // Latin Extended-A pairs its cases: upper first (ı and ĸ stand alone).
        '\u{100}'..='\u{137}' | '\u{14A}'..='\u{177}' => (c as u32).is_multiple_of(2),
        '\u{139}'..='\u{148}' | '\u{179}'..='\u{17E}' => !(c as u32).is_multiple_of(2),
        '\u{178}' => true,
        '\u{386}' | '\u{388}'..='\u{38F}' | '\u{391}'..='\u{3AB}' => {
            !matches!(c, '\u{38B}' | '\u{38D}' | '\u{3A2}')
        }
        '\u{400}'..='\u{42F}' => true,
        _ => false,
    }
}

/// Whether `c` is a lower-case letter (see [`is_word_char`] for which are known).
fn lower(c: char) -> bool {
    match c {
        'a'..='z' | '\u{DF}'..='\u{F6}' | '\u{F8}'..='\u{FF}' => true,
        '\u{100}'..='\u{137}' | '\u{14A}'..='\u{177}' => !(c as u32).is_multiple_of(2),
        '\u{139}'..='\u{148}' | '\u{179}'..='\u{17E}' => (c as u32).is_multiple_of(2),
        '\u{138}' | '\u{149}' | '\u{17F}' => true,
        '\u{390}' | '\u{3AC}'..='\u{3CE}' => true,
        '\u{430}'..='\u{45F}' => true,
        _ => false,
    }
}

/// Whether an ordinary word covers `start..end` inside the word around it.
fn in_ordinary_word(chars: &[Ch], start: usize, end: usize) -> bool {
    // No ordinary word reaches further than its own length from the match,
    // so the search window stays small however long the name is.
    const LONGEST: usize = 12;
    let range = (start, end);
    let mut word_start = start;
    while word_start > start.saturating_sub(LONGEST) && !is_boundary(chars, word_start, range) {
        word_start -= 1;
    }
    let limit = (end + LONGEST).min(chars.len());
    let mut word_end = end;
    while word_end < limit && !is_boundary(chars, word_end, range) {
        word_end += 1;
    }
    ORDINARY_WORDS.iter().any(|word| {
        let len = word.chars().count();
        (word_start..=start).any(|s| {
            s + len >= end
                && s + len <= word_end
                && word
                    .chars()
                    .enumerate()
                    .all(|(k, w)| chars[s + k].folds.contains(&w))
        })
    })
}

/// Every banned term in `name` for `portal`, in order.
///
/// ```
/// use clientfill_core::names::{check_name, Severity};
/// use clientfill_core::portal::Portal;
///
/// let found = check_name(Portal::Meta, "Ins7agram Tools");
/// assert_eq!((found[0].term.as_str(), found[0].lookalike), ("Instagram", true));
/// assert!(check_name(Portal::Meta, "Digital Photo Tools").is_empty());
/// ```
pub fn check_name(portal: Portal, name: &str) -> Vec<NameFinding> {
    let chars = prepare(name);
    let mut findings = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let mut advanced = false;
        for term in terms(portal) {
            let Some((end, lookalike)) = match_at(&chars, at, term) else {
                continue;
            };
            let range = (at, end);
            let whole = is_boundary(&chars, at, range) && is_boundary(&chars, end, range);
            let severity = if whole {
                Severity::Error
            } else if term.whole_word {
                continue;
            } else if in_ordinary_word(&chars, at, end) {
                Severity::Warning
            } else {
                Severity::Error
            };
            let (first, last) = (&chars[at], &chars[end - 1]);
            let end_char = last.char_index + 1;
            let end_utf16 = last.utf16 + last.c.len_utf16();
            let matched = name[first.byte..last.end_byte()].to_owned();
            findings.push(NameFinding {
                term: term.name.to_owned(),
                reason: reason(portal, term, &matched, severity, whole, lookalike),
                matched,
                severity,
                byte_span: Span {
                    start: first.byte,
                    end: last.end_byte(),
                },
                char_span: Span {
                    start: first.char_index,
                    end: end_char,
                },
                utf16_span: Span {
                    start: first.utf16,
                    end: end_utf16,
                },
                lookalike,
            });
            at = end;
            advanced = true;
            break;
        }
        if !advanced {
            at += 1;
        }
    }
    findings
}

fn reason(
    portal: Portal,
    term: &Term,
    matched: &str,
    severity: Severity,
    whole: bool,
    lookalike: bool,
) -> String {
    let what = match (severity, whole) {
        (Severity::Warning, _) => cat!(
            "\"",
            matched,
            "\" is inside an ordinary word, which reviewers should accept; an automatic \
             check may still refuse it."
        ),
        (Severity::Error, true) => cat!("\"", matched, "\" is the banned term ", term.name, "."),
        (Severity::Error, false) => cat!(
            "\"",
            matched,
            "\" is the banned term ",
            term.name,
            " joined to another word, which still reads as the brand."
        ),
    };
    let spelled = if lookalike {
        " It is spelled with look-alike characters, which count the same."
    } else {
        ""
    };
    cat!(what, spelled, " ", rule(portal))
}

/// Whether `name` has no error finding on `portal` (warnings allowed).
pub fn is_compliant(portal: Portal, name: &str) -> bool {
    !name.trim().is_empty()
        && check_name(portal, name)
            .iter()
            .all(|f| f.severity == Severity::Warning)
}

/// The name used when nothing usable is left of the original.
pub const FALLBACK_NAME: &str = "My App";

/// A compliant name close to `name`: the name itself when it already
/// complies, else the name with every banned term removed and the leftovers
/// tidied (`Photos for Instagram` → `Photos`, `MyIGApp` → `My App`), or
/// [`FALLBACK_NAME`] when nothing is left.
pub fn suggest_name(portal: Portal, name: &str) -> String {
    let mut current = name.to_owned();
    // Removing a term can join letters into a new one ("InsInstata"), hence
    // a few rounds.
    for _ in 0..8 {
        if is_compliant(portal, &current) {
            return current;
        }
        let findings = check_name(portal, &current);
        for finding in findings.iter().rev() {
            if finding.severity == Severity::Error {
                current.replace_range(finding.byte_span.start..finding.byte_span.end, " ");
            }
        }
        // A space stands in for the term, so "MyIGApp" becomes "My App" and
        // tidying drops what dangles ("Insta-Pics" → "Pics").
        current = tidy(&current);
    }
    if is_compliant(portal, &current) {
        current
    } else {
        FALLBACK_NAME.to_owned()
    }
}

/// Words that make no sense at either end of a name once a term is removed.
const CONNECTORS: &[&str] = &[
    "for", "with", "and", "on", "to", "by", "of", "via", "from", "in", "x", "&", "+", "|", "-",
    "–", "—", "·", ":", "/",
];

fn tidy(name: &str) -> String {
    let separators = |c: char| matches!(c, '-' | '_' | '.' | '|' | '/' | ':' | '·' | '–' | '—');
    let mut joined: Vec<String> = Vec::new();
    for word in name.split_whitespace() {
        // A trailing dot stays: it usually ends an abbreviation ("Acme Inc.").
        let trimmed = word
            .trim_start_matches(separators)
            .trim_end_matches(|c| separators(c) && c != '.')
            .to_owned();
        if trimmed.is_empty() {
            // Keep one separator between two real words at most.
            if joined.last().is_some_and(|w| !w.chars().all(separators)) {
                joined.push(word.chars().next().map(String::from).unwrap_or_default());
            }
            continue;
        }
        joined.push(trimmed);
    }
    while joined.last().is_some_and(|w| {
        CONNECTORS.contains(&w.to_ascii_lowercase().as_str()) || w.chars().all(separators)
    }) {
        joined.pop();
    }
    while joined.first().is_some_and(|w| {
        CONNECTORS.contains(&w.to_ascii_lowercase().as_str()) || w.chars().all(separators)
    }) {
        joined.remove(0);
    }
    joined.join(" ")
}

/// The callout shown under a name field: what the live check says of the
/// name typed there. The content script finds it as the user types; the
/// suggestion, the costlier half, comes from the background.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NameWarning {
    /// Whether the portal will refuse the name (an error, not only warnings).
    pub refused: bool,
    /// The callout's heading.
    pub title: String,
    /// One line per reason, each said once.
    pub lines: Vec<String>,
    /// A compliant name to offer, when it differs from the name.
    pub suggestion: Option<String>,
}

/// The warning for `name` on `portal`; `None` when nothing is found.
///
/// ```
/// use clientfill_core::names::name_warning;
/// use clientfill_core::portal::Portal;
///
/// let warning = name_warning(Portal::LegacyInstagram, "Insta Pics").unwrap();
/// assert!(warning.refused);
/// assert_eq!(warning.suggestion.as_deref(), Some("Pics"));
/// assert_eq!(name_warning(Portal::LegacyInstagram, "Photo Tools"), None);
/// ```
pub fn name_warning(portal: Portal, name: &str) -> Option<NameWarning> {
    let mut warning = name_warning_without_suggestion(portal, name)?;
    // A warning alone changes nothing in the suggestion: none then.
    let suggestion = suggest_name(portal, name);
    warning.suggestion = (suggestion.trim() != name.trim()).then_some(suggestion);
    Some(warning)
}

/// [`name_warning`] without its suggestion, which is the costlier half:
/// the content script draws this at once, as the user types, and asks the
/// background for the suggestion.
pub fn name_warning_without_suggestion(portal: Portal, name: &str) -> Option<NameWarning> {
    let findings = check_name(portal, name);
    if findings.is_empty() {
        return None;
    }
    // Each reason names the term it found; say each once.
    let mut lines: Vec<String> = Vec::new();
    for finding in &findings {
        let line = match finding.severity {
            Severity::Error => finding.reason.clone(),
            Severity::Warning => crate::cat!("Probably fine: ", finding.reason),
        };
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    let refused = findings.iter().any(|f| f.severity == Severity::Error);
    Some(NameWarning {
        refused,
        title: if refused {
            "The portal will refuse this name"
        } else {
            "Check this name"
        }
        .to_owned(),
        lines,
        suggestion: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Portal::{LegacyInstagram as Legacy, Meta};

    /// `(term, matched, severity)` of every finding.
    fn found(portal: Portal, name: &str) -> Vec<(String, String, Severity)> {
        check_name(portal, name)
            .into_iter()
            .map(|f| (f.term, f.matched, f.severity))
            .collect()
    }

    fn error(term: &str, matched: &str) -> (String, String, Severity) {
        (term.to_owned(), matched.to_owned(), Severity::Error)
    }

    fn warning(term: &str, matched: &str) -> (String, String, Severity) {
        (term.to_owned(), matched.to_owned(), Severity::Warning)
    }

    #[test]
    fn legacy_terms_in_any_case() {
        assert_eq!(
            found(Legacy, "Instagram Helper"),
            [error("Instagram", "Instagram")]
        );
        assert_eq!(
            found(Legacy, "INSTAGRAM"),
            [error("Instagram", "INSTAGRAM")]
        );
        assert_eq!(found(Legacy, "insta pics"), [error("insta", "insta")]);
        assert_eq!(found(Legacy, "Gram Tools"), [error("gram", "Gram")]);
        assert_eq!(found(Legacy, "ig tools"), [error("IG", "ig")]);
        assert_eq!(found(Legacy, "Photo Tools"), []);
    }

    #[test]
    fn the_warning_says_each_reason_once_and_offers_a_name() {
        let warning = name_warning(Meta, "Insta Insta Telegram").unwrap();
        assert!(warning.refused);
        assert_eq!(warning.title, "The portal will refuse this name");
        assert_eq!(warning.lines.len(), 2, "{:?}", warning.lines);
        assert!(warning.lines[1].starts_with("Probably fine: \"gram\""));
        assert_eq!(warning.suggestion.as_deref(), Some("Telegram"));
        let soft = name_warning(Meta, "Telegram Tools").unwrap();
        assert!(!soft.refused);
        assert_eq!(soft.title, "Check this name");
        assert_eq!(soft.suggestion, None);
        assert_eq!(name_warning(Meta, "Photo Tools"), None);
        let quick = name_warning_without_suggestion(Meta, "Insta Insta Telegram").unwrap();
        assert_eq!(quick.suggestion, None);
        assert_eq!(
            (quick.refused, quick.lines),
            (warning.refused, warning.lines)
        );
    }

    #[test]
    fn ordinary_words_are_warnings() {
        assert_eq!(found(Legacy, "Telegram Tools"), [warning("gram", "gram")]);
        assert_eq!(found(Meta, "Telegram Tools"), [warning("Gram", "gram")]);
        assert_eq!(found(Legacy, "Programmer Hub"), [warning("gram", "gram")]);
        assert_eq!(found(Legacy, "Instant Photos"), [warning("insta", "Insta")]);
        assert_eq!(found(Legacy, "Installer"), [warning("insta", "Insta")]);
        assert_eq!(found(Meta, "Notebook"), [warning("Book", "book")]);
        assert_eq!(found(Meta, "Booking Assistant"), [warning("Book", "Book")]);
        assert_eq!(found(Meta, "Interface Kit"), [warning("Face", "face")]);
        assert_eq!(found(Meta, "Metadata Viewer"), [warning("Meta", "Meta")]);
        assert_eq!(found(Meta, "Drift"), [warning("Rift", "rift")]);
        assert!(is_compliant(Legacy, "Telegram Tools"));
        assert_eq!(suggest_name(Legacy, "Telegram Tools"), "Telegram Tools");
    }

    #[test]
    fn brand_glued_to_a_word_is_an_error() {
        assert_eq!(found(Legacy, "InstaPics"), [error("insta", "Insta")]);
        assert_eq!(found(Legacy, "Instapics"), [error("insta", "Insta")]);
        assert_eq!(found(Legacy, "Picgram"), [error("gram", "gram")]);
        assert_eq!(found(Legacy, "PicGram"), [error("gram", "Gram")]);
        assert_eq!(
            found(Legacy, "Instagrammer"),
            [error("Instagram", "Instagram")]
        );
        assert_eq!(
            found(Meta, "Bookface"),
            [error("Book", "Book"), error("Face", "face")]
        );
    }

    #[test]
    fn two_letter_terms_need_a_whole_word() {
        assert_eq!(found(Legacy, "MyIGApp"), [error("IG", "IG")]);
        assert_eq!(found(Legacy, "myIgApp"), [error("IG", "Ig")]);
        assert_eq!(found(Legacy, "IG-Tools"), [error("IG", "IG")]);
        assert_eq!(found(Legacy, "I.G. Tools"), [error("IG", "I.G")]);
        assert_eq!(found(Legacy, "IG4Life"), [error("IG", "IG")]);
        assert_eq!(found(Meta, "F-B Friends"), [error("FB", "F-B")]);
        assert_eq!(found(Meta, "fb"), [error("FB", "fb")]);
        for name in [
            "Digital",
            "Big Data",
            "Bigram",
            "Fbi Files",
            "Signal",
            "B1G Tools",
            "IGTV",
        ] {
            assert!(
                !found(Legacy, name).iter().any(|f| f.0 == "IG"),
                "{name}: {:?}",
                found(Legacy, name)
            );
        }
        assert_eq!(
            found(Meta, "I G Tools"),
            [],
            "a space does not join two letters"
        );
    }

    #[test]
    fn lookalikes_are_found() {
        let finding = &check_name(Legacy, "Ins7agram")[0];
        assert_eq!(
            (finding.term.as_str(), finding.lookalike),
            ("Instagram", true)
        );
        assert!(finding.reason.contains("look-alike"));
        assert_eq!(found(Legacy, "1nsta Tools"), [error("insta", "1nsta")]);
        assert_eq!(
            found(Meta, "Faceb00k Tools"),
            [error("Facebook", "Faceb00k")]
        );
        assert_eq!(
            found(Meta, "Wh@tsApp Helper"),
            [error("WhatsApp", "Wh@tsApp")]
        );
        // Cyrillic І and о, fullwidth Ｇ, an accent.
        assert_eq!(
            found(Legacy, "\u{406}nstagram"),
            [error("Instagram", "\u{406}nstagram")]
        );
        assert_eq!(
            found(Meta, "Faceb\u{43e}ok"),
            [error("Facebook", "Faceb\u{43e}ok")]
        );
        assert_eq!(
            found(Legacy, "\u{FF29}\u{FF27}"),
            [error("IG", "\u{FF29}\u{FF27}")]
        );
        assert_eq!(found(Legacy, "Ínsta"), [error("insta", "Ínsta")]);
        // Invisible characters do not split a term; the span covers them.
        let finding = &check_name(Legacy, "Insta\u{200B}gram")[0];
        assert_eq!(finding.term, "Instagram");
        assert_eq!(finding.byte_span, Span { start: 0, end: 12 });
        assert!(!check_name(Legacy, "Instagram")[0].lookalike);
    }

    #[test]
    fn split_brands_are_one_finding() {
        assert_eq!(
            found(Legacy, "Insta Gram"),
            [error("Instagram", "Insta Gram")]
        );
        assert_eq!(
            found(Meta, "Whats App Tools"),
            [error("WhatsApp", "Whats App")]
        );
        assert_eq!(found(Meta, "Face-Book"), [error("Facebook", "Face-Book")]);
        assert_eq!(found(Meta, "Insta Pics"), [error("Insta", "Insta")]);
    }

    #[test]
    fn meta_terms() {
        assert_eq!(found(Meta, "Meta Tools"), [error("Meta", "Meta")]);
        assert_eq!(found(Meta, "Rift Companion"), [error("Rift", "Rift")]);
        assert_eq!(found(Meta, "Book Club"), [error("Book", "Book")]);
        assert_eq!(
            found(Meta, "Facebook Helper"),
            [error("Facebook", "Facebook")]
        );
        assert_eq!(found(Meta, "whatsapp"), [error("WhatsApp", "whatsapp")]);
        assert_eq!(found(Meta, "MyIGApp"), [error("IG", "IG")]);
        // Legacy has no Meta terms.
        assert_eq!(found(Legacy, "Facebook Helper"), []);
        assert!(check_name(Meta, "Book Club")[0]
            .reason
            .starts_with("\"Book\" is the banned term Book."));
    }

    #[test]
    fn spans_in_bytes_chars_and_utf16() {
        let finding = &check_name(Legacy, "Café 😀 Insta")[0];
        assert_eq!(finding.byte_span, Span { start: 11, end: 16 });
        assert_eq!(finding.char_span, Span { start: 7, end: 12 });
        assert_eq!(finding.utf16_span, Span { start: 8, end: 13 });
        assert_eq!(&"Café 😀 Insta"[11..16], "Insta");
    }

    #[test]
    fn suggestions_remove_terms_and_tidy() {
        for (portal, name, suggestion) in [
            (Legacy, "MyIGApp", "My App"),
            (Legacy, "InstaPics", "Pics"),
            (Legacy, "Insta-Pics", "Pics"),
            (Legacy, "Photos for Instagram", "Photos"),
            (Legacy, "My-IG-App", "My App"),
            (Legacy, "Pics | IG | Tools", "Pics | Tools"),
            (Legacy, "Acme Inc. IG", "Acme Inc."),
            (Legacy, "PicGram", "Pic"),
            (Meta, "Facebook Helper", "Helper"),
            (Meta, "Meta Book Tools", "Tools"),
            (Legacy, "Instagram", FALLBACK_NAME),
            (Legacy, "IG", FALLBACK_NAME),
            (Legacy, "", FALLBACK_NAME),
            (Legacy, "InsInstata", "Ins ta"),
            (Legacy, "Insta IG Gram", FALLBACK_NAME),
            (Legacy, "Acme Login", "Acme Login"),
        ] {
            let got = suggest_name(portal, name);
            assert_eq!(got, suggestion, "{name}");
            assert!(is_compliant(portal, &got), "{got}");
        }
        for portal in Portal::ALL {
            assert!(is_compliant(portal, FALLBACK_NAME));
        }
    }

    #[test]
    fn ordinary_words_fit_the_search_window() {
        assert!(ORDINARY_WORDS.iter().all(|w| w.len() <= 12 && w.is_ascii()));
    }

    #[test]
    fn long_names_stay_linear() {
        // A pathological name: thousands of embedded terms in one word.
        let name = "gram".repeat(20_000);
        let started = std::time::Instant::now();
        assert_eq!(check_name(Legacy, &name).len(), 20_000);
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn findings_serialize_in_camel_case() {
        let json = serde_json::to_value(&check_name(Legacy, "MyIGApp")[0]).unwrap();
        assert_eq!(json["byteSpan"]["start"], 2);
        assert_eq!(json["utf16Span"]["end"], 4);
        assert_eq!(json["severity"], "error");
    }

    #[test]
    fn letters_and_cases_agree_with_unicode_where_they_are_known() {
        // Every cased range the hand-written tests know, against Rust's tables.
        let known = ('\u{0}'..='\u{17F}')
            .chain('\u{386}'..='\u{3CE}')
            .chain('\u{400}'..='\u{45F}');
        for c in known.filter(|c| !c.is_control()) {
            assert_eq!(upper(c), c.is_uppercase(), "{c:?} upper");
            assert_eq!(
                lower(c),
                c.is_lowercase() && c != '\u{AA}' && c != '\u{BA}' && c != '\u{B5}',
                "{c:?} lower"
            );
            if c.is_alphabetic() && c > '\u{BF}' {
                assert!(is_word_char(c), "{c:?} letter");
            }
        }
        for c in [
            '\u{A0}', '«', '»', '·', '×', '–', '—', '“', '…', '\u{200D}', '😀', '\u{FE0F}', '，',
            '。',
        ] {
            assert!(!is_word_char(c), "{c:?} is no letter");
        }
        for c in ['é', 'Ж', 'λ', '中', 'ب', '\u{301}'] {
            assert!(is_word_char(c), "{c:?} is a letter");
        }
    }

    #[test]
    fn words_split_at_case_changes_past_ascii_too() {
        for name in ["InstaÉcole", "ÉcoleInsta", "Café—Insta", "Мой Insta"] {
            assert_eq!(found(Legacy, name), [error("insta", "Insta")], "{name}");
        }
    }
}
