//! Rules of each language's writing that a spell checker would not catch. Romanian is
//! written with ș and ț (comma below); ş and ţ (cedilla) are Turkish letters that old
//! keyboards and fonts put in their place, which screen readers mispronounce and search
//! does not match.

use crate::base::Lang;
use crate::diagnostics::Diagnostic;
use std::path::Path;

/// Letters with a cedilla and the Romanian letters they stand for.
const CEDILLAS: [(char, char); 4] = [('ş', 'ș'), ('Ş', 'Ș'), ('ţ', 'ț'), ('Ţ', 'Ț')];

/// One error per line of `text` (which starts on line `first_line` of `path`) that writes
/// Romanian with a cedilla, at its first such letter. Other languages have no such rule.
pub fn check(lang: &Lang, path: &Path, text: &str, first_line: usize) -> Vec<Diagnostic> {
    // All four are two bytes starting with 0xC5 in UTF-8: most files have none at all.
    if lang.as_str() != "ro" || memchr::memchr(0xC5, text.as_bytes()).is_none() {
        return Vec::new();
    }
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let (column, (wrong, right)) = line
                .chars()
                .enumerate()
                .find_map(|(col, c)| CEDILLAS.iter().find(|(w, _)| *w == c).map(|pair| (col, *pair)))?;
            let fixed: String =
                line.chars().map(|c| CEDILLAS.iter().find(|(w, _)| *w == c).map_or(c, |(_, r)| *r)).collect();
            let message = format!("`{wrong}` has a cedilla: Romanian writes `{right}`, with a comma below");
            let hint = format!("write the line as: {}", fixed.trim());
            Some(Diagnostic::error(path, message).at(first_line + i, column + 1).with_hint(hint))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str) -> Lang {
        Lang::parse(code).unwrap()
    }

    #[test]
    fn a_cedilla_in_romanian_is_an_error_at_its_line_and_column_with_the_line_fixed() {
        let found = check(&lang("ro"), Path::new("a.ro.md"), "titlu: Ştiinţa\nBine.\nşi ţară ş\n", 2);
        let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2);
        assert!(shown[0].starts_with("a.ro.md:2:8: `Ş` has a cedilla"), "{}", shown[0]);
        assert!(shown[0].ends_with("(write the line as: titlu: Știința)"), "{}", shown[0]);
        assert!(shown[1].starts_with("a.ro.md:4:1: `ş`"), "{}", shown[1]);
    }

    #[test]
    fn comma_below_letters_and_other_languages_pass() {
        assert!(check(&lang("ro"), Path::new("a"), "Știința și țara", 1).is_empty());
        assert!(check(&lang("en"), Path::new("a"), "Ştiinţa (quoted in Turkish)", 1).is_empty());
    }
}
