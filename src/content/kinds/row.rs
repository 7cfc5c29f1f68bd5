//! What a row of the kinds table says of a kind ([`KindInfo`]), and the texts the rows share:
//! each kind's file fills one in, and `kinds.rs` lists them.

use crate::base::Lang;
use crate::content::model::Meta;
use crate::diagnostics::Diagnostic;
use crate::yaml::YamlSource;

/// How a kind's list page orders it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// By date, the newest first.
    NewestFirst,
    /// As the graph orders it (domains: by their `order`, then title).
    AsRelated,
}

/// Everything that differs between the kinds of content.
#[derive(Debug)]
pub struct KindInfo {
    /// Its folder under `content/`, as in `@/` links.
    pub folder: &'static str,
    /// Its name: `portal new <word>`, a card's `kind`.
    pub word: &'static str,
    /// The template of one of its pages.
    pub template: &'static str,
    /// The template of its list page; `None` for a kind without one (free pages).
    pub list_template: Option<&'static str>,
    /// How its list page orders it.
    pub order: Order,
    /// Whether its pages have a date that puts them on the timeline and in the feeds.
    pub dated: bool,
    /// Whether its pages report facts that must name where they come from (`sources:`):
    /// one without is a warning, and `check --strict` fails on it.
    pub cited: bool,
    /// What a new file of it is, for its first comment.
    pub about: &'static str,
    /// The fields a new file starts with, each with its comment; `{today}` and `{number}`
    /// are filled in.
    pub scaffold: &'static [(&'static str, &'static str)],
    /// The fields a translation may leave out, taking them from the default-language file:
    /// the facts that are the same in every language (which, where a translation states
    /// them, must agree: [`Front::facts`](super::model::Front::facts)), a council's
    /// `location`, a name that a language may write its own way (Seoul, Seul), and the
    /// page's `image` and `image_alt`, which a language may replace with its own (an
    /// infographic in Romanian, the alternative text in its words; until it does, the
    /// original's changed text shows the translation as outdated).
    pub inherited: &'static [&'static str],
    /// The JSON Schema of its front matter in the default language, from the type the loader
    /// reads it into (the content manager's forms are written from it).
    pub schema: fn() -> schemars::Schema,
    /// Its `about` and comments as `portal new` writes them in other languages: per language
    /// code, each English text with its translation (the comments kinds share, such as a
    /// date's, are in the language's rules, `lang/`).
    pub words: &'static [(&'static str, &'static [(&'static str, &'static str)])],
    /// Reads a file's front matter as this kind's: `parse_front::<ItsFront>`, with an
    /// example of its title for the hint of a file that has none.
    pub parse: fn(&YamlSource) -> Result<Meta, Diagnostic>,
}

impl KindInfo {
    /// `english`, one of this kind's texts for `portal new`, in `lang`: the kind's own
    /// translation, else the language's, else itself.
    pub fn say(&self, lang: &Lang, english: &'static str) -> &'static str {
        let own = self.words.iter().filter(|(code, _)| *code == lang.as_str());
        let found = own.flat_map(|(_, words)| words.iter()).find(|(en, _)| *en == english);
        found.map_or_else(|| crate::lang::scaffold_phrase(lang, english), |(_, translated)| translated)
    }
}

/// The body `portal new` writes: in a page that is not a draft, it is an error.
pub const PLACEHOLDER_BODY: &str = crate::lang::en::PLACEHOLDER_BODY;

/// The first comment of a file `portal new` writes.
pub const SCAFFOLD_HEADER: &str = "Fill in the title (and every field), then run `portal check`.";
/// Before the fields a translation takes from its original: followed by the language's name
/// and the fields.
pub const SCAFFOLD_INHERITED: &str = "Taken from the original unless written here";
/// The comment on a new file's `draft: true`.
pub const SCAFFOLD_DRAFT: &str = "remove this line when the page is ready: drafts are never published";

pub const DATE_COMMENT: &str = "required: YYYY-MM-DD, or YYYY-MM or YYYY while only that is known";
