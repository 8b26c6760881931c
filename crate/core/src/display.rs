//! Text from pages and profiles made safe to show: characters that reorder
//! or hide text (bidirectional controls, zero-width and other invisible
//! characters, control characters) are shown as visible `⟨U+202E⟩` marks, so
//! `Photo \u{202E}gnp.exe\u{202C} Viewer` cannot pass for `Photo exe.png
//! Viewer`. The glue also isolates such text (`<bdi>`), so what is left
//! cannot reorder the text around it.
//!
//! ```
//! use clientfill_core::display::visible;
//!
//! assert_eq!(visible("Photo \u{202E}gnp.exe\u{202C} Viewer"), "Photo ⟨U+202E⟩gnp.exe⟨U+202C⟩ Viewer");
//! assert_eq!(visible("Acme Login"), "Acme Login");
//! ```

/// Whether `c` reorders, hides or joins text without showing itself.
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        // Bidirectional embeddings, overrides, isolates and marks.
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        // Zero-width and invisible formatting characters.
        | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}'
        | '\u{180E}' | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{E0000}'..='\u{E007F}')
        || c.is_control()
}

/// `text` with every [hidden](is_hidden) character written as `⟨U+XXXX⟩`.
pub fn visible(text: &str) -> String {
    if !text.chars().any(is_hidden) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden(c) {
            out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reordering_or_invisible_character_is_shown() {
        for c in [
            '\u{202E}',
            '\u{2067}',
            '\u{200B}',
            '\u{FEFF}',
            '\u{0007}',
            '\u{E0041}',
            '\n',
        ] {
            let shown = visible(&format!("a{c}b"));
            assert!(
                shown.starts_with("a⟨U+") && shown.ends_with("⟩b"),
                "{c:?}: {shown}"
            );
            assert!(!shown.contains(c), "{c:?}");
        }
    }

    #[test]
    fn ordinary_text_in_any_script_is_kept() {
        for text in [
            "Acme Login",
            "Ünïcødé ✓",
            "שלום",
            "مرحبا",
            "日本語",
            "https://a.example/cb?x=1",
        ] {
            assert_eq!(visible(text), text);
        }
    }
}
