//! The rules of each language `portal` knows, one file a language: how it names the months,
//! which quotation marks it writes, which letters it must not be written with, its locale,
//! and what `portal new` writes in it. A site may use other languages (with `months:` in
//! `site.yaml`); they get English's quotation marks and no other rule.

pub mod en;
pub mod ro;

use crate::base::Lang;

/// One language's rules.
#[derive(Debug)]
pub struct Rules {
    /// The months' names, January first, as written in a date.
    pub months: [&'static str; 12],
    /// Its locale for share cards (`og:locale`).
    pub locale: &'static str,
    /// Its quotation marks.
    pub quotes: Quotes,
    /// Letters that stand wrongly for others of the language (wrong, right).
    pub wrong_letters: &'static [(char, char)],
    /// What is wrong with such a letter, after it: `{right}` is the letter to write.
    pub wrong_letters_are: &'static str,
    /// The body `portal new` writes.
    pub placeholder_body: &'static str,
    /// What `portal new` writes instead of the English of its comments (English, this
    /// language); empty for English.
    pub scaffold: &'static [(&'static str, &'static str)],
}

/// A language's quotation marks: double (opening, closing), then the nested ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotes {
    /// `“` and `”`.
    pub double: (char, char),
    /// `‘` and `’`, inside the double ones.
    pub single: (char, char),
}

/// Every language `portal` knows the rules of.
pub const KNOWN: [(&str, &Rules); 2] = [("en", &en::RULES), ("ro", &ro::RULES)];

/// The rules of the language with this code, if `portal` knows them.
pub fn known(code: &str) -> Option<&'static Rules> {
    KNOWN.iter().find(|(c, _)| *c == code).map(|(_, rules)| *rules)
}

/// The quotation marks of `lang`: its own, or English's.
pub fn quotes(lang: &Lang) -> Quotes {
    known(lang.as_str()).map_or(en::ENGLISH_QUOTES, |rules| rules.quotes)
}

/// `english` as `portal new` writes it in `lang` (itself where the language has no
/// translation of it).
pub fn scaffold_phrase(lang: &Lang, english: &'static str) -> &'static str {
    let table = known(lang.as_str()).map_or(&[][..], |rules| rules.scaffold);
    table.iter().find(|(en, _)| *en == english).map_or(english, |(_, translated)| translated)
}

/// The placeholder body in every language `portal new` writes it in.
pub fn placeholder_bodies() -> impl Iterator<Item = &'static str> {
    KNOWN.iter().map(|(_, rules)| rules.placeholder_body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_known_language_has_twelve_months_and_quotes_that_open_and_close() {
        for (code, rules) in KNOWN {
            assert!(rules.months.iter().all(|m| !m.is_empty()), "{code}");
            assert_ne!(rules.quotes.double.0, rules.quotes.single.0, "{code}");
            assert_eq!(rules.wrong_letters.is_empty(), rules.wrong_letters_are.is_empty(), "{code}");
        }
        assert_eq!(quotes(&Lang::parse("de").unwrap()), en::ENGLISH_QUOTES, "others write English's");
        assert_eq!(
            scaffold_phrase(&Lang::parse("ro").unwrap(), en::PLACEHOLDER_BODY),
            ro::RULES.placeholder_body
        );
    }
}
