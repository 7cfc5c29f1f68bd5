//! The domain kind: a domain of cooperation, which councils discuss. Its front matter, what
//! the other stages read of it, and its row of the kinds table.

use super::row::{KindInfo, Order};
use crate::content::model::*;
use schemars::JsonSchema;
use serde::Deserialize;

item_fields! {
    /// Front matter of `content/domains/*.md`.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct DomainFront {
        /// The title, as shown on the page and in lists.
        #[schemars(length(min = 1))]
        pub title: String,
        /// One or two sentences, shown in lists, cards, feeds and search results.
        pub summary: String,
        /// Ids of related domains; each is also shown on the other's page.
        #[serde(default)]
        pub related: Vec<ContentId>,
        /// Position in lists, lower first; domains without one come last, by title.
        #[serde(default)]
        pub order: Option<i64>,
    }
}

impl Front for DomainFront {
    fn summary(&self) -> Option<&str> {
        Some(&self.summary)
    }
    fn plain_texts_mut(&mut self) -> Vec<&mut String> {
        vec![&mut self.title, &mut self.summary]
    }
    fn rank(&self) -> (i64, String) {
        (self.order.unwrap_or(i64::MAX), self.title.to_lowercase())
    }
    item_front!();
    fn facts(&self) -> Vec<(&'static str, String)> {
        let related: Vec<&str> = self.related.iter().map(ContentId::as_str).collect();
        let order = self.order.map_or_else(|| "none".to_string(), |o| o.to_string());
        vec![("related", format!("[{}]", related.join(", "))), ("order", order)]
    }
    fn expected_text(&self) -> Vec<(&'static str, &str)> {
        vec![("summary", &self.summary)]
    }
}

/// The domains' row of the kinds table.
pub(super) static DOMAINS: KindInfo = KindInfo {
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
    schema: || schemars::schema_for!(DomainFront),
    words: &[(
        "ro",
        &[
            ("A domain of cooperation.", "Un domeniu de cooperare."),
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
        ],
    )],
    parse: |yaml| parse_front::<DomainFront>(yaml, "Artificial intelligence"),
};
