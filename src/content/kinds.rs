//! The kinds of content, in one table: for each, its folder, its name, its templates, how
//! its list orders it, whether it is dated (on the timeline and in the feeds) and how a new
//! file of it starts. Every other stage asks [`Section::info`]; a new kind is a new variant
//! here, its front matter in `model.rs`, and its templates in the theme.

use crate::base::{ContentId, Lang};

/// A folder of `content/`, which decides the kind of the files in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// `content/councils/`.
    Councils,
    /// `content/domains/`.
    Domains,
    /// `content/milestones/`.
    Milestones,
    /// `content/pages/`.
    Pages,
}

/// What a file is: one of the section's pages, or a section's (or the home page's) own text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `content/_index.<lang>.md`.
    Home,
    /// `content/<folder>/_index.<lang>.md`.
    Index(Section),
    /// `content/<folder>/<id>.<lang>.md`.
    Item(Section),
}

/// Identifies one file: its kind, id and language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// Home, section index or item.
    pub kind: Kind,
    /// Shared by translations.
    pub id: ContentId,
    /// From the file name's suffix.
    pub lang: Lang,
}

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

const DATE_COMMENT: &str = "required: YYYY-MM-DD, or YYYY-MM or YYYY while only that is known";

static COUNCILS: KindInfo = KindInfo {
    folder: "councils",
    word: "council",
    template: "council.html",
    list_template: Some("councils.html"),
    order: Order::NewestFirst,
    dated: true,
    cited: true,
    about: "A council of the Digital Partnership.",
    scaffold: &[
        ("title: \"\"", "required: e.g. Fifth Digital Partnership Council"),
        ("date: {today}", DATE_COMMENT),
        ("location: \"\"", "required: the city, e.g. Brussels"),
        ("number: {number}", "required: 1 for the first council, 2 for the second… (unique)"),
        ("status: planned", "held or planned"),
        ("chairs: []", "co-chairs, one per line: - { name: …, role: … }"),
        ("domains: []", "ids of the domains discussed, e.g. [semiconductors, ai]"),
        ("commitments: {}", "per domain id, what was agreed on it (Markdown)"),
        ("summary: \"\"", "required: one or two sentences for lists, cards and feeds"),
    ],
    inherited: &[
        "number",
        "date",
        "status",
        "domains",
        "chairs",
        "location",
        "country",
        "image",
        "image_alt",
        "sources",
    ],
    schema: || schemars::schema_for!(super::model::CouncilFront),
};

static DOMAINS: KindInfo = KindInfo {
    folder: "domains",
    word: "domain",
    template: "domain.html",
    list_template: Some("domains.html"),
    order: Order::AsRelated,
    dated: false,
    cited: false,
    about: "A domain of cooperation.",
    scaffold: &[
        ("title: \"\"", "required: e.g. Quantum technologies"),
        ("summary: \"\"", "required: one or two sentences for lists and cards"),
        ("related: []", "ids of related domains, shown on both domains' pages"),
        ("order: 100", "position in lists (lower first); then by title"),
    ],
    inherited: &["related", "order", "image", "image_alt", "sources"],
    schema: || schemars::schema_for!(super::model::DomainFront),
};

static MILESTONES: KindInfo = KindInfo {
    folder: "milestones",
    word: "milestone",
    template: "milestone.html",
    list_template: Some("milestones.html"),
    order: Order::NewestFirst,
    dated: true,
    cited: true,
    about: "A dated event that is not a council.",
    scaffold: &[
        ("title: \"\"", "required: e.g. The partnership is signed"),
        ("date: {today}", DATE_COMMENT),
        ("summary: \"\"", "required: one or two sentences for the timeline and feeds"),
    ],
    inherited: &["date", "image", "image_alt", "sources"],
    schema: || schemars::schema_for!(super::model::MilestoneFront),
};

static PAGES: KindInfo = KindInfo {
    folder: "pages",
    word: "page",
    template: "page.html",
    list_template: None,
    order: Order::AsRelated,
    dated: false,
    cited: false,
    about: "A free page (about, contact…).",
    scaffold: &[
        ("title: \"\"", "required: e.g. About the partnership"),
        ("summary: \"\"", "one or two sentences for search engines and cards"),
    ],
    inherited: &["menu", "image", "image_alt", "sources"],
    schema: || schemars::schema_for!(super::model::PageFront),
};

impl Section {
    /// Every kind, in the order of the site's navigation.
    pub const ALL: [Section; 4] = [Self::Councils, Self::Domains, Self::Milestones, Self::Pages];

    /// Everything about this kind.
    pub fn info(self) -> &'static KindInfo {
        match self {
            Self::Councils => &COUNCILS,
            Self::Domains => &DOMAINS,
            Self::Milestones => &MILESTONES,
            Self::Pages => &PAGES,
        }
    }

    /// The folder's name under `content/`, as used in `@/` links.
    pub fn folder(self) -> &'static str {
        self.info().folder
    }

    /// The folder named `name`.
    pub fn from_folder(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.folder() == name)
    }

    /// The kind named `word` (`council`).
    pub fn from_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.info().word == word)
    }

    /// The kinds that have a list page.
    pub fn listed() -> impl Iterator<Item = Section> {
        Self::ALL.into_iter().filter(|s| s.info().list_template.is_some())
    }

    /// The kinds on the timeline and in the feeds.
    pub fn dated() -> impl Iterator<Item = Section> {
        Self::ALL.into_iter().filter(|s| s.info().dated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_folder_word_and_templates() {
        for (i, a) in Section::ALL.iter().enumerate() {
            for b in &Section::ALL[i + 1..] {
                assert_ne!(a.folder(), b.folder());
                assert_ne!(a.info().word, b.info().word);
                assert_ne!(a.info().template, b.info().template);
            }
            assert_eq!(Section::from_folder(a.folder()), Some(*a));
            assert_eq!(Section::from_word(a.info().word), Some(*a));
        }
        for s in Section::ALL {
            let info = s.info();
            let own = [SCAFFOLD_HEADER, SCAFFOLD_INHERITED, SCAFFOLD_DRAFT, PLACEHOLDER_BODY];
            let comments = info.scaffold.iter().map(|(_, c)| *c);
            for english in std::iter::once(info.about).chain(comments).chain(own) {
                assert!(
                    crate::lang::ro::RULES.scaffold.iter().any(|(en, _)| *en == english),
                    "no Romanian for {english:?}"
                );
            }
        }
        let dated: Vec<_> = Section::dated().collect();
        assert_eq!(dated, [Section::Councils, Section::Milestones]);
    }
}
