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

/// What `portal new` writes in a Romanian file instead of the English of the kinds' table
/// (and of its own header, draft line and placeholder).
const SCAFFOLD: [(&str, &str); 25] = [
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
    ("A council of the Digital Partnership.", "Un Consiliu de parteneriat digital."),
    ("A domain of cooperation.", "Un domeniu de cooperare."),
    ("A dated event that is not a council.", "Un eveniment datat care nu este un consiliu."),
    ("A free page (about, contact…).", "O pagină liberă (despre, contact…)."),
    (
        "required: e.g. Fifth Digital Partnership Council",
        "obligatoriu: de ex. Al cincilea Consiliu de parteneriat digital",
    ),
    (
        "required: YYYY-MM-DD, or YYYY-MM or YYYY while only that is known",
        "obligatoriu: YYYY-MM-DD, sau YYYY-MM ori YYYY cât timp doar atât se știe",
    ),
    ("required: the city, e.g. Brussels", "obligatoriu: orașul, de ex. Bruxelles"),
    (
        "required: 1 for the first council, 2 for the second… (unique)",
        "obligatoriu: 1 pentru primul consiliu, 2 pentru al doilea… (unic)",
    ),
    ("held or planned", "held (a avut loc) sau planned (planificat)"),
    (
        "co-chairs, one per line: - { name: …, role: … }",
        "copreședinții, câte unul pe rând: - { name: …, role: … }",
    ),
    (
        "ids of the domains discussed, e.g. [semiconductors, ai]",
        "id-urile domeniilor discutate, de ex. [semiconductors, ai]",
    ),
    (
        "per domain id, what was agreed on it (Markdown)",
        "pentru fiecare id de domeniu, ce s-a convenit (Markdown)",
    ),
    (
        "required: one or two sentences for lists, cards and feeds",
        "obligatoriu: una sau două fraze pentru liste, carduri și fluxuri",
    ),
    ("required: e.g. Quantum technologies", "obligatoriu: de ex. Tehnologii cuantice"),
    (
        "required: one or two sentences for lists and cards",
        "obligatoriu: una sau două fraze pentru liste și carduri",
    ),
    (
        "ids of related domains, shown on both domains' pages",
        "id-urile domeniilor înrudite, arătate pe paginile amândurora",
    ),
    (
        "position in lists (lower first); then by title",
        "poziția în liste (cele mai mici întâi); apoi după titlu",
    ),
    ("required: e.g. The partnership is signed", "obligatoriu: de ex. Parteneriatul este semnat"),
    (
        "required: one or two sentences for the timeline and feeds",
        "obligatoriu: una sau două fraze pentru cronologie și fluxuri",
    ),
    ("required: e.g. About the partnership", "obligatoriu: de ex. Despre parteneriat"),
    (
        "one or two sentences for search engines and cards",
        "una sau două fraze pentru motoarele de căutare și carduri",
    ),
];
