//! English: its months, its quotation marks (“…” with ‘…’ inside), its locale, and the
//! language `portal new` and the kinds' table are written in.

use super::{Quotes, Rules};

/// English's rules.
pub static RULES: Rules = Rules {
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    locale: "en_GB",
    quotes: ENGLISH_QUOTES,
    wrong_letters: &[],
    wrong_letters_are: "",
    placeholder_body: PLACEHOLDER_BODY,
    // The kinds' table and `portal new` are written in English.
    scaffold: &[],
};

/// “…” with ‘…’ inside: English's, and every language's without rules of its own.
pub const ENGLISH_QUOTES: Quotes = Quotes { double: ('“', '”'), single: ('‘', '’') };

/// The body `portal new` writes: in a page that is not a draft, it is an error.
pub const PLACEHOLDER_BODY: &str = "Write the text here, in Markdown.";
