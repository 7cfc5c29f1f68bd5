//! The free page kind (about, the legal notice…). Its front matter, what the other stages
//! read of it, and its row of the kinds table.

use super::row::{KindInfo, Order};
use crate::content::model::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where the site links a free page from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Menu {
    /// The header's menu, after the sections (About).
    #[default]
    Header,
    /// The footer (the legal notice, the privacy notice, the accessibility statement).
    Footer,
    /// No menu: reached by links to it, search and the sitemap.
    None,
}

/// The most pages one menu holds in a language: every page shows its menus, so a menu of
/// every page would grow the site with the square of their number (and no reader scans a
/// menu of thirty).
pub const MENU_PAGES: usize = 12;

item_fields! {
    /// Front matter of `content/pages/*.md`.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct PageFront {
        /// The title, as shown on the page and in lists.
        #[schemars(length(min = 1))]
        pub title: String,
        /// One or two sentences, shown in lists, cards, feeds and search results.
        #[serde(default)]
        pub summary: Option<String>,
        /// Where the site links it from: `header` (the menu; the default), `footer` (legal
        /// notice, privacy, accessibility) or `none` (only links to it, search and the
        /// sitemap). At most 12 pages a menu. Same in every language: a translation inherits it.
        #[serde(default)]
        pub menu: Menu,
    }
}

impl Front for PageFront {
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn plain_texts_mut(&mut self) -> Vec<&mut String> {
        std::iter::once(&mut self.title).chain(self.summary.as_mut()).collect()
    }
    item_front!();
    fn facts(&self) -> Vec<(&'static str, String)> {
        vec![("menu", format!("{:?}", self.menu).to_lowercase())]
    }
}

/// The free pages' row of the kinds table.
pub(super) static PAGES: KindInfo = KindInfo {
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
    schema: || schemars::schema_for!(PageFront),
    words: &[(
        "ro",
        &[
            ("A free page (about, contact…).", "O pagină liberă (despre, contact…)."),
            ("required: e.g. About the partnership", "obligatoriu: de ex. Despre parteneriat"),
            (
                "one or two sentences for search engines and cards",
                "una sau două fraze pentru motoarele de căutare și carduri",
            ),
        ],
    )],
    parse: |yaml| parse_front::<PageFront>(yaml, "About this site"),
};
