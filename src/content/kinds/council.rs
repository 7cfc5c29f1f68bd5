//! The council kind: a meeting of the Digital Partnership Council, numbered and dated. Its front
//! matter, what the other stages read of it, and its row of the kinds table.

use super::row::{DATE_COMMENT, KindInfo, Order};
use crate::content::model::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Whether a council has met or is still to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// It has met.
    #[default]
    Held,
    /// It is announced.
    Planned,
}

/// A co-chair of a council.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Chair {
    /// Full name, e.g. "Henna Virkkunen".
    pub name: String,
    /// Office held at the time of the council.
    pub role: String,
}

item_fields! {
    /// Front matter of `content/councils/*.md`.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct CouncilFront {
        /// The council's title, e.g. "Third Digital Partnership Council".
        #[schemars(length(min = 1))]
        pub title: String,
        /// When it met or will meet: YYYY-MM-DD (or YYYY-MM, or YYYY while only that is known).
        pub date: Date,
        /// The city where it meets, e.g. "Seoul".
        pub location: String,
        /// The country where it meets: its ISO 3166-1 alpha-2 code, e.g. `KR` (for calendars and
        /// search engines).
        #[serde(default)]
        pub country: Option<Country>,
        /// 1 for the first council, 2 for the second… Unique among councils.
        #[schemars(range(min = 1))]
        pub number: u32,
        /// `held` once it has met, `planned` before (default `held`).
        #[serde(default)]
        pub status: Status,
        /// The co-chairs, each with `name` and `role`.
        #[serde(default)]
        pub chairs: Vec<Chair>,
        /// Ids of the domains it discussed (file names under content/domains/), e.g. [semiconductors, ai].
        #[schemars(extend("uniqueItems" = true))]
        pub domains: Vec<ContentId>,
        /// For each domain id listed in `domains`, what was agreed on it (one short Markdown text).
        #[serde(default)]
        pub commitments: BTreeMap<ContentId, String>,
        /// One or two sentences, shown in lists, cards, feeds and search results.
        pub summary: String,
    }
}

impl Front for CouncilFront {
    fn summary(&self) -> Option<&str> {
        Some(&self.summary)
    }
    fn plain_texts_mut(&mut self) -> Vec<&mut String> {
        let mut texts = vec![&mut self.title, &mut self.summary, &mut self.location];
        texts.extend(self.chairs.iter_mut().map(|c| &mut c.role));
        texts
    }
    fn rank(&self) -> (i64, String) {
        (self.number.into(), String::new())
    }
    fn date(&self) -> Option<Date> {
        Some(self.date)
    }
    item_front!();
    fn expected_text(&self) -> Vec<(&'static str, &str)> {
        vec![("summary", &self.summary), ("location", &self.location)]
    }
    fn facts(&self) -> Vec<(&'static str, String)> {
        let names: Vec<&str> = self.chairs.iter().map(|c| c.name.as_str()).collect();
        let domains: Vec<&str> = self.domains.iter().map(ContentId::as_str).collect();
        vec![
            ("number", self.number.to_string()),
            ("date", self.date.to_string()),
            ("status", format!("{:?}", self.status).to_lowercase()),
            ("country", self.country.as_ref().map_or_else(|| "none".to_string(), |c| c.to_string())),
            ("domains", format!("[{}]", domains.join(", "))),
            ("chairs", format!("[{}]", names.join(", "))),
        ]
    }
    fn texts(&self) -> Vec<&str> {
        let mut texts = vec![self.title.as_str(), &self.summary, &self.location];
        texts.extend(self.chairs.iter().map(|c| c.role.as_str()));
        texts.extend(self.commitments.values().map(String::as_str));
        texts.extend(self.picture_texts());
        texts
    }
}

/// The councils' row of the kinds table.
pub(super) static COUNCILS: KindInfo = KindInfo {
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
    schema: || schemars::schema_for!(CouncilFront),
    words: &[(
        "ro",
        &[
            ("A council of the Digital Partnership.", "Un Consiliu de parteneriat digital."),
            (
                "required: e.g. Fifth Digital Partnership Council",
                "obligatoriu: de ex. Al cincilea Consiliu de parteneriat digital",
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
        ],
    )],
    parse: |yaml| parse_front::<CouncilFront>(yaml, "Third Digital Partnership Council"),
};
