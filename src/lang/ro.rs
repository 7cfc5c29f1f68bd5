//! Romanian: its months, its quotation marks („…” with «…» inside), the letters it must
//! not be written with (ş and ţ with a cedilla, for ș and ț with a comma below), its locale,
//! and what `portal new` writes in a Romanian file.

use super::{Quotes, Rules};

/// Romanian's rules.
pub static RULES: Rules = Rules {
    months: [
        "ianuarie",
        "februarie",
        "martie",
        "aprilie",
        "mai",
        "iunie",
        "iulie",
        "august",
        "septembrie",
        "octombrie",
        "noiembrie",
        "decembrie",
    ],
    locale: "ro_RO",
    quotes: Quotes { double: ('„', '”'), single: ('«', '»') },
    wrong_letters: &[('ş', 'ș'), ('Ş', 'Ș'), ('ţ', 'ț'), ('Ţ', 'Ț')],
    wrong_letters_are: "has a cedilla: Romanian writes `{right}`, with a comma below",
    placeholder_body: PLACEHOLDER_BODY,
    scaffold: &SCAFFOLD,
};

/// The body `portal new` writes in a Romanian file.
const PLACEHOLDER_BODY: &str = "Scrieți textul aici, în Markdown.";

/// What `portal new` writes in a Romanian file instead of its English header, draft line,
/// placeholder and the comments several kinds share (each kind's own are in its row).
const SCAFFOLD: [(&str, &str); 5] = [
    ("Taken from the original unless written here", "Luate din original dacă nu sunt scrise aici"),
    (
        "Fill in the title (and every field), then run `portal check`.",
        "Completați titlul (și fiecare câmp), apoi rulați `portal check`.",
    ),
    (
        "remove this line when the page is ready: drafts are never published",
        "ștergeți acest rând când pagina e gata: ciornele nu se publică",
    ),
    (super::en::PLACEHOLDER_BODY, PLACEHOLDER_BODY),
    (
        "required: YYYY-MM-DD, or YYYY-MM or YYYY while only that is known",
        "obligatoriu: YYYY-MM-DD, sau YYYY-MM ori YYYY cât timp doar atât se știe",
    ),
];
