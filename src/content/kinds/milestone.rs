//! The milestone kind: a dated event of the partnership that is not a council. Its front
//! matter, what the other stages read of it, and its row of the kinds table.

use super::row::{DATE_COMMENT, KindInfo, Order};
use crate::content::model::*;
use schemars::JsonSchema;
use serde::Deserialize;

item_fields! {
    /// Front matter of `content/milestones/*.md`.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct MilestoneFront {
        /// The title, as shown on the page and in lists.
        #[schemars(length(min = 1))]
        pub title: String,
        /// When it happened: YYYY-MM-DD (or YYYY-MM, or YYYY when only that is known).
        pub date: Date,
        /// One or two sentences, shown in lists, cards, feeds and search results.
        pub summary: String,
    }
}

impl Front for MilestoneFront {
    fn summary(&self) -> Option<&str> {
        Some(&self.summary)
    }
    fn plain_texts_mut(&mut self) -> Vec<&mut String> {
        vec![&mut self.title, &mut self.summary]
    }
    fn date(&self) -> Option<Date> {
        Some(self.date)
    }
    item_front!();
    fn expected_text(&self) -> Vec<(&'static str, &str)> {
        vec![("summary", &self.summary)]
    }
    fn facts(&self) -> Vec<(&'static str, String)> {
        vec![("date", self.date.to_string())]
    }
}

/// The milestones' row of the kinds table.
pub(super) static MILESTONES: KindInfo = KindInfo {
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
    schema: || schemars::schema_for!(MilestoneFront),
    words: &[(
        "ro",
        &[
            ("A dated event that is not a council.", "Un eveniment datat care nu este un consiliu."),
            ("required: e.g. The partnership is signed", "obligatoriu: de ex. Parteneriatul este semnat"),
            (
                "required: one or two sentences for the timeline and feeds",
                "obligatoriu: una sau două fraze pentru cronologie și fluxuri",
            ),
        ],
    )],
    parse: |yaml| parse_front::<MilestoneFront>(yaml, "Partnership signed"),
};
