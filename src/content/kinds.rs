//! The kinds of content, in one table: for each, its folder, its name, its templates, how
//! its list orders it, whether it is dated (on the timeline and in the feeds), how a new file
//! of it starts and how its front matter is read. Every other stage asks [`Section::info`].
//! A kind is one file under `kinds/` (its front matter and its row) and one line of
//! [`kinds!`] below, with its templates in the theme.

mod council;
mod domain;
mod milestone;
mod page;
mod row;

pub use council::{Chair, CouncilFront, Status};
pub use domain::DomainFront;
pub use milestone::MilestoneFront;
pub use page::{MENU_PAGES, Menu, PageFront};
pub use row::{
    DATE_COMMENT, KindInfo, Order, PLACEHOLDER_BODY, SCAFFOLD_DRAFT, SCAFFOLD_HEADER, SCAFFOLD_INHERITED,
};

use crate::base::{ContentId, Lang};

/// Declares the kinds: each a variant of [`Section`] and the row in its own file, in the order
/// of the site's navigation.
macro_rules! kinds {
    ($($(#[$doc:meta])* $variant:ident => $row:path,)*) => {
        /// A folder of `content/`, which decides the kind of the files in it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Section {
            $($(#[$doc])* $variant,)*
        }

        /// How many kinds there are.
        const KINDS: usize = [$(stringify!($variant)),*].len();

        impl Section {
            /// Every kind, in the order of the site's navigation.
            pub const ALL: [Section; KINDS] = [$(Self::$variant),*];

            /// Everything about this kind.
            pub fn info(self) -> &'static KindInfo {
                match self {
                    $(Self::$variant => &$row,)*
                }
            }
        }
    };
}

kinds! {
    /// `content/councils/`.
    Councils => council::COUNCILS,
    /// `content/domains/`.
    Domains => domain::DOMAINS,
    /// `content/milestones/`.
    Milestones => milestone::MILESTONES,
    /// `content/pages/`.
    Pages => page::PAGES,
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

impl Section {
    /// Its place in [`Section::ALL`].
    pub fn index(self) -> usize {
        self as usize
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
            let ro = Lang::parse("ro").unwrap();
            for english in std::iter::once(info.about).chain(comments).chain(own) {
                assert_ne!(info.say(&ro, english), english, "no Romanian for {english:?}");
            }
        }
        let dated: Vec<_> = Section::dated().collect();
        assert!(dated.starts_with(&[Section::Councils, Section::Milestones]), "{dated:?}");
        assert!(!dated.contains(&Section::Domains) && !dated.contains(&Section::Pages));
    }
}
