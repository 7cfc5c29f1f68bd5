//! Rules of each language's writing that a spell checker would not catch. Romanian is
//! written with ș and ț (comma below); ş and ţ (cedilla) are Turkish letters that old
//! keyboards and fonts put in their place, which screen readers mispronounce and search
//! does not match. And each language's quotation marks: smart punctuation for the texts of
//! the front matter (titles, summaries), as Markdown's gives the bodies.

use crate::base::Lang;
use crate::diagnostics::Diagnostic;
use std::path::Path;

/// One error per line of `text` (which starts on line `first_line` of `path`) that writes
/// a letter its language must not be written with (Romanian's ş and ţ with a cedilla), at
/// its first such letter.
pub fn check(lang: &Lang, path: &Path, text: &str, first_line: usize) -> Vec<Diagnostic> {
    let Some(rules) = crate::lang::known(lang.as_str()).filter(|r| !r.wrong_letters.is_empty()) else {
        return Vec::new();
    };
    let letters = rules.wrong_letters;
    // A quick look first, for the first byte of each letter in UTF-8 (Romanian's four all
    // start with 0xC5): most files have none at all.
    let mut utf8 = [0; 4];
    if !letters
        .iter()
        .any(|(w, _)| memchr::memchr(w.encode_utf8(&mut utf8).as_bytes()[0], text.as_bytes()).is_some())
    {
        return Vec::new();
    }
    let mut found = crate::diagnostics::Bounded::default();
    found.extend(text.lines().enumerate().filter_map(|(i, line)| {
        let (column, (wrong, right)) = line
            .chars()
            .enumerate()
            .find_map(|(col, c)| letters.iter().find(|(w, _)| *w == c).map(|pair| (col, *pair)))?;
        let fixed: String =
            line.chars().map(|c| letters.iter().find(|(w, _)| *w == c).map_or(c, |(_, r)| *r)).collect();
        let what = rules.wrong_letters_are.replace("{right}", &right.to_string());
        let message = format!("`{wrong}` {what}");
        let hint = format!("write the line as: {}", fixed.trim());
        Some(Diagnostic::error(path, message).at(first_line + i, column + 1).with_hint(hint))
    }));
    found.into_vec()
}

/// The nested opening quote of `lang` (Markdown's ‘ becomes it), and its closing one.
pub fn nested_quotes(lang: &Lang) -> (char, char) {
    crate::lang::quotes(lang).single
}

/// `text` (a title, a summary: plain text, not Markdown) with straight quotes made the
/// language's own, apostrophes ’, `--` and `---` dashes – and —, and `...` an ellipsis…, as
/// smart punctuation does for the bodies. A quote opens at the start or after a space or an
/// opening bracket or dash, and closes elsewhere; a single one inside a word (`EU's`) or
/// with no quote open is an apostrophe.
pub fn smarten(lang: &Lang, text: &str) -> Option<String> {
    if !text.contains(['"', '\'']) && !text.contains("--") && !text.contains("...") {
        return None;
    }
    let q = crate::lang::quotes(lang);
    let text = text.replace("---", "—").replace("--", "–").replace("...", "…");
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut open_single = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let opens = before.is_none_or(|b| b.is_whitespace() || "([{–—-„“«‘".contains(b))
            && after.is_some_and(|a| !a.is_whitespace());
        out.push(match c {
            '"' if opens => q.double.0,
            '"' => q.double.1,
            '\'' if opens => {
                open_single += 1;
                q.single.0
            }
            '\'' if open_single > 0 && after.is_none_or(|a| !a.is_alphanumeric()) => {
                open_single -= 1;
                q.single.1
            }
            '\'' => '’',
            other => other,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_texts_get_each_language_s_quotes_and_one_apostrophe() {
        let (en, ro) = (lang("en"), lang("ro"));
        assert_eq!(smarten(&en, "The EU's \"digital\" decade").unwrap(), "The EU’s “digital” decade");
        assert_eq!(smarten(&ro, "Deceniul \"digital\" al UE").unwrap(), "Deceniul „digital” al UE");
        assert_eq!(
            smarten(&ro, "\"Programul 'Europa digitală' continuă\"").unwrap(),
            "„Programul «Europa digitală» continuă”"
        );
        assert_eq!(
            smarten(&en, "\"The 'Digital Europe' programme\"").unwrap(),
            "“The ‘Digital Europe’ programme”"
        );
        assert_eq!(smarten(&en, "2023--2025 -- and more...").unwrap(), "2023–2025 – and more…");
        assert_eq!(
            smarten(&en, "Partners' plans").unwrap(),
            "Partners’ plans",
            "no quote open: an apostrophe"
        );
        assert_eq!(smarten(&en, "Plain text"), None);
    }

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
