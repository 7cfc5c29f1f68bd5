//! The typed content model: ids, dates, and the front matter of each kind of file, parsed
//! so that later stages never see an invalid value.

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// The id of a piece of content, shared by its translations (`ai` for `ai.en.md`, `ai.ro.md`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ContentId(Arc<str>);

/// A URL segment: a page's `slug`, or its id when it has none.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Slug(Arc<str>);

impl ContentId {
    /// Checks that `s` is a clean slug (lowercase letters, digits, `-`, `_`).
    pub fn parse(s: &str) -> Result<Self, String> {
        check_segment(s, "id").map(|()| Self(s.into()))
    }

    /// The id of a section's own text, `_index`.
    pub fn index() -> Self {
        Self("_index".into())
    }

    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Slug {
    /// Checks that `s` is one clean URL segment.
    pub fn parse(s: &str) -> Result<Self, String> {
        check_segment(s, "slug").map(|()| Self(s.into()))
    }

    /// The slug as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&ContentId> for Slug {
    fn from(id: &ContentId) -> Self {
        Self(id.0.clone())
    }
}

impl fmt::Display for ContentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Deserialization (through `parse`) and a JSON Schema for a URL-segment type.
macro_rules! segment_type {
    ($name:ident, $description:literal) => {
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$", "description": $description })
            }
        }
    };
}

segment_type!(
    ContentId,
    "The id of a piece of content: its file name without language and .md (lowercase letters, digits, hyphens)."
);
segment_type!(Slug, "This language's URL segment (lowercase letters, digits, hyphens).");

fn check_segment(s: &str, what: &str) -> Result<(), String> {
    if crate::config::is_segment(s) {
        return Ok(());
    }
    if s.contains(['/', '\\']) || s.contains("..") {
        return Err(format!(
            "{what} `{s}` would write outside public/: use one segment such as `{}`",
            suggest_slug(s)
        ));
    }
    Err(format!(
        "`{s}` is not a valid {what}: use lowercase letters, digits and hyphens, such as `{}`",
        suggest_slug(s)
    ))
}

/// A clean slug close to `s`: transliterated, lowercased, other characters made hyphens.
pub fn suggest_slug(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "page".into()
    } else {
        out
    }
}

/// A calendar date, written `YYYY-MM-DD` in front matter — or, when only that much is known
/// (a council planned for "2026"), `YYYY-MM` or `YYYY`. A partial date sorts before the
/// full dates of its month or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12, when known.
    pub month: Option<u8>,
    /// Day of the month, when known.
    pub day: Option<u8>,
}

impl Date {
    /// Parses a real date written `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad =
            || format!("`{s}` is not a date written YYYY-MM-DD (or YYYY-MM, or YYYY), such as 2025-11-28");
        let mut parts = s.split('-');
        let year =
            parts.next().filter(|y| y.len() == 4).and_then(|y| y.parse::<u16>().ok()).ok_or_else(bad)?;
        let mut two = || {
            parts
                .next()
                .map(|p| if p.len() == 2 { p.parse::<u8>().map_err(|_| bad()) } else { Err(bad()) })
                .transpose()
        };
        let (month, day) = (two()?, two()?);
        if parts.next().is_some() {
            return Err(bad());
        }
        if let Some(m) = month.filter(|m| !(1..=12).contains(m)) {
            return Err(format!("`{s}` has no month {m}: months go from 01 to 12"));
        }
        if let (Some(m), Some(d)) = (month, day) {
            let last = days_in_month(year, m);
            if d == 0 || d > last {
                return Err(format!("`{s}` does not exist: that month has {last} days"));
            }
        }
        Ok(Self { year, month, day })
    }

    /// The first day the date covers, as `YYYY-MM-DD` (for feeds and sitemaps).
    pub fn first_day(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD, such as 2025-11-28")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Date, E> {
                Date::parse(s).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date written YYYY-MM-DD, or YYYY-MM, or YYYY when only that is known.",
            "anyOf": [
                { "type": "string", "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$" },
                { "type": "integer", "minimum": 1000, "maximum": 9999 }
            ]
        })
    }
}

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
    pub domains: Vec<ContentId>,
    /// For each domain id listed in `domains`, what was agreed on it (one short Markdown text).
    #[serde(default)]
    pub commitments: BTreeMap<ContentId, String>,
    /// One or two sentences, shown in lists, cards, feeds and search results.
    pub summary: String,
    /// This language's URL segment instead of the id, e.g. `inteligenta-artificiala`.
    #[serde(default)]
    pub slug: Option<Slug>,
    /// `true` to leave it out of the site (preview it with `--drafts`).
    #[serde(default)]
    pub draft: bool,
    /// When the page was last changed in substance (the sitemap's `lastmod`, the feed's
    /// `updated`).
    #[serde(default)]
    pub updated: Option<Date>,
    /// Free data for the theme's templates (`page.extra`).
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub extra: Option<serde_yaml::Value>,
}

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
    /// This language's URL segment instead of the id, e.g. `inteligenta-artificiala`.
    #[serde(default)]
    pub slug: Option<Slug>,
    /// `true` to leave it out of the site (preview it with `--drafts`).
    #[serde(default)]
    pub draft: bool,
    /// When the page was last changed in substance (the sitemap's `lastmod`, the feed's
    /// `updated`).
    #[serde(default)]
    pub updated: Option<Date>,
    /// Free data for the theme's templates (`page.extra`).
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub extra: Option<serde_yaml::Value>,
}

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
    /// This language's URL segment instead of the id, e.g. `inteligenta-artificiala`.
    #[serde(default)]
    pub slug: Option<Slug>,
    /// `true` to leave it out of the site (preview it with `--drafts`).
    #[serde(default)]
    pub draft: bool,
    /// When the page was last changed in substance (the sitemap's `lastmod`, the feed's
    /// `updated`).
    #[serde(default)]
    pub updated: Option<Date>,
    /// Free data for the theme's templates (`page.extra`).
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub extra: Option<serde_yaml::Value>,
}

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
    /// This language's URL segment instead of the id, e.g. `inteligenta-artificiala`.
    #[serde(default)]
    pub slug: Option<Slug>,
    /// `true` to leave it out of the site (preview it with `--drafts`).
    #[serde(default)]
    pub draft: bool,
    /// When the page was last changed in substance (the sitemap's `lastmod`, the feed's
    /// `updated`).
    #[serde(default)]
    pub updated: Option<Date>,
    /// Free data for the theme's templates (`page.extra`).
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub extra: Option<serde_yaml::Value>,
}

/// Front matter of `_index.<lang>.md`: the home page's or a section's own text.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexFront {
    /// The title; the theme's own when absent.
    #[serde(default)]
    pub title: Option<String>,
    /// One or two sentences, shown in lists, cards, feeds and search results.
    #[serde(default)]
    pub summary: Option<String>,
    /// Free data for the theme's templates (`page.extra`).
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub extra: Option<serde_yaml::Value>,
}

/// An example line for each required field, shown when it is missing.
pub fn field_example(field: &str) -> Option<String> {
    Some(
        match field {
            "title" => "title: First Digital Partnership Council",
            "date" => "date: 2025-11-28",
            "location" => "location: Seoul",
            "number" => "number: 3",
            "domains" => "domains: [semiconductors, ai]",
            "summary" => "summary: One or two sentences.",
            "name" => "name: Henna Virkkunen",
            "role" => "role: Executive Vice-President",
            _ => return None,
        }
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").unwrap_err().contains("28 days"));
        assert!(Date::parse("2023-13-01").unwrap_err().contains("no month 13"));
        assert!(Date::parse("30 June 2023").is_err());
        assert!(Date::parse("2023-6-30").is_err());
        assert_eq!(Date::parse("2026").unwrap().to_string(), "2026");
        assert_eq!(Date::parse("2022-05").unwrap().to_string(), "2022-05");
        assert!(Date::parse("2026").unwrap() < Date::parse("2026-01-01").unwrap());
    }

    #[test]
    fn ids_that_escape_the_output_are_refused_with_a_suggestion() {
        let e = Slug::parse("../../etc").unwrap_err();
        assert!(e.contains("outside public/"), "{e}");
        assert!(e.contains("`etc`"), "{e}");
        assert_eq!(suggest_slug("Inteligență Artificială"), "inteligenta-artificiala");
    }
}
