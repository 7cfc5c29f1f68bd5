//! The typed content model: ids, dates, and the front matter of each kind of file, parsed
//! so that later stages never see an invalid value.

pub use super::versions::{TranslatedFrom, Version};
pub use crate::base::{Alias, ContentId, Country, Date, LanguageCode, Slug, WebAddress, suggest_slug};
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

/// Where the site links a free page from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Menu {
    /// The header's menu, after the sections (About).
    #[default]
    Header,
    /// The footer (the legal notice, the privacy notice, the accessibility statement).
    Footer,
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

/// What kind of document a source is: the page lists each kind under its own heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Published by a party to what it reports: a joint statement, a press release.
    #[default]
    Official,
    /// A report by someone else: a news site, an agency's article.
    Press,
}

/// A document a page's facts come from, as the page cites it under "Official documents"
/// (or, for a press report, "Press reports").
/// Nothing in it is made up: a field that is not known is left out.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Its title as published, e.g. "Republic of Korea - EU Joint Statement"; for a document
    /// whose title is not known, what it is, in square brackets: "[Press release on …]".
    #[schemars(length(min = 1))]
    pub title: String,
    /// Who published it, e.g. "European Commission", when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// When it was published (YYYY-MM-DD, or YYYY-MM, or YYYY), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The language it is written in: its ISO 639-1 code, e.g. `en`.
    pub language: LanguageCode,
    /// Where it can be read (`https://…`), only when that address is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<WebAddress>,
    /// `official` (the default: a statement, a press release by a party) or `press` (a
    /// report by someone else).
    #[serde(default)]
    pub kind: SourceKind,
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
    pub domains: Vec<ContentId>,
    /// For each domain id listed in `domains`, what was agreed on it (one short Markdown text).
    #[serde(default)]
    pub commitments: BTreeMap<ContentId, String>,
    /// One or two sentences, shown in lists, cards, feeds and search results.
    pub summary: String,
    /// This language's URL segment instead of the id, e.g. `inteligenta-artificiala`.
    #[serde(default)]
    pub slug: Option<Slug>,
    /// Old URLs of this page in this language, after the site's address
    /// (`/en/councils/third/`): each stays a small page that leads here. `portal mv` writes them.
    #[serde(default)]
    pub aliases: Vec<Alias>,
    /// The documents its facts come from, each with `title`, `language` and, where known,
    /// `publisher`, `date` and `url`: shown as "Official documents" on the page, in the open
    /// data and the structured data. A translation takes them from its original.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// `true` to leave it out of the site (preview it with `--drafts`).
    #[serde(default)]
    pub draft: bool,
    /// When the page was last changed in substance (the sitemap's `lastmod`, the feed's
    /// `updated`).
    #[serde(default)]
    pub updated: Option<Date>,
    /// The page's picture in cards and share cards: an image in the page's folder
    /// (`content/<folder>/<id>/`), e.g. `signing.jpg`; `@/…` or `/…` as in Markdown.
    #[serde(default)]
    pub image: Option<String>,
    /// What the picture shows, for readers who cannot see it (required with `image`).
    #[serde(default)]
    pub image_alt: Option<String>,
    /// Free data for the theme's templates (`page.extra`).
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub extra: Option<serde_yaml::Value>,
    /// In a translation: the version of the default-language page it is current with, and
    /// since when. Written by `portal translations mark-current`; not edited by hand.
    #[serde(default)]
    pub translated_from: Option<TranslatedFrom>,
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
    /// Old URLs of this page in this language, after the site's address
    /// (`/en/councils/third/`): each stays a small page that leads here. `portal mv` writes them.
    #[serde(default)]
    pub aliases: Vec<Alias>,
    /// The documents its facts come from, each with `title`, `language` and, where known,
    /// `publisher`, `date` and `url`: shown as "Official documents" on the page, in the open
    /// data and the structured data. A translation takes them from its original.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// `true` to leave it out of the site (preview it with `--drafts`).
    #[serde(default)]
    pub draft: bool,
    /// When the page was last changed in substance (the sitemap's `lastmod`, the feed's
    /// `updated`).
    #[serde(default)]
    pub updated: Option<Date>,
    /// The page's picture in cards and share cards: an image in the page's folder
    /// (`content/<folder>/<id>/`), e.g. `signing.jpg`; `@/…` or `/…` as in Markdown.
    #[serde(default)]
    pub image: Option<String>,
    /// What the picture shows, for readers who cannot see it (required with `image`).
    #[serde(default)]
    pub image_alt: Option<String>,
    /// Free data for the theme's templates (`page.extra`).
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub extra: Option<serde_yaml::Value>,
    /// In a translation: the version of the default-language page it is current with, and
    /// since when. Written by `portal translations mark-current`; not edited by hand.
    #[serde(default)]
    pub translated_from: Option<TranslatedFrom>,
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
    /// Old URLs of this page in this language, after the site's address
    /// (`/en/councils/third/`): each stays a small page that leads here. `portal mv` writes them.
    #[serde(default)]
    pub aliases: Vec<Alias>,
    /// The documents its facts come from, each with `title`, `language` and, where known,
    /// `publisher`, `date` and `url`: shown as "Official documents" on the page, in the open
    /// data and the structured data. A translation takes them from its original.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// `true` to leave it out of the site (preview it with `--drafts`).
    #[serde(default)]
    pub draft: bool,
    /// When the page was last changed in substance (the sitemap's `lastmod`, the feed's
    /// `updated`).
    #[serde(default)]
    pub updated: Option<Date>,
    /// The page's picture in cards and share cards: an image in the page's folder
    /// (`content/<folder>/<id>/`), e.g. `signing.jpg`; `@/…` or `/…` as in Markdown.
    #[serde(default)]
    pub image: Option<String>,
    /// What the picture shows, for readers who cannot see it (required with `image`).
    #[serde(default)]
    pub image_alt: Option<String>,
    /// Free data for the theme's templates (`page.extra`).
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub extra: Option<serde_yaml::Value>,
    /// In a translation: the version of the default-language page it is current with, and
    /// since when. Written by `portal translations mark-current`; not edited by hand.
    #[serde(default)]
    pub translated_from: Option<TranslatedFrom>,
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
    /// Old URLs of this page in this language, after the site's address
    /// (`/en/councils/third/`): each stays a small page that leads here. `portal mv` writes them.
    #[serde(default)]
    pub aliases: Vec<Alias>,
    /// The documents its facts come from, each with `title`, `language` and, where known,
    /// `publisher`, `date` and `url`: shown as "Official documents" on the page, in the open
    /// data and the structured data. A translation takes them from its original.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// `true` to leave it out of the site (preview it with `--drafts`).
    #[serde(default)]
    pub draft: bool,
    /// When the page was last changed in substance (the sitemap's `lastmod`, the feed's
    /// `updated`).
    #[serde(default)]
    pub updated: Option<Date>,
    /// Where the site links it from: `header` (the menu; the default) or `footer` (legal
    /// notice, privacy, accessibility). Same in every language: a translation inherits it.
    #[serde(default)]
    pub menu: Menu,
    /// The page's picture in cards and share cards: an image in the page's folder
    /// (`content/<folder>/<id>/`), e.g. `signing.jpg`; `@/…` or `/…` as in Markdown.
    #[serde(default)]
    pub image: Option<String>,
    /// What the picture shows, for readers who cannot see it (required with `image`).
    #[serde(default)]
    pub image_alt: Option<String>,
    /// Free data for the theme's templates (`page.extra`).
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub extra: Option<serde_yaml::Value>,
    /// In a translation: the version of the default-language page it is current with, and
    /// since when. Written by `portal translations mark-current`; not edited by hand.
    #[serde(default)]
    pub translated_from: Option<TranslatedFrom>,
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
    /// In a translation: the version of the default-language page it is current with, and
    /// since when. Written by `portal translations mark-current`; not edited by hand.
    #[serde(default)]
    pub translated_from: Option<TranslatedFrom>,
}

/// What any kind's front matter tells the stages that do not care which kind it is: one
/// impl per kind, so that a new kind says each of these once.
pub trait Front {
    /// The title, where the kind has one.
    fn title(&self) -> Option<&str>;
    /// The one or two sentences shown in lists and cards.
    fn summary(&self) -> Option<&str>;
    /// The date that puts it on the timeline, for a dated kind.
    fn date(&self) -> Option<Date> {
        None
    }
    /// When it last changed in substance, if its front matter says.
    fn updated(&self) -> Option<Date> {
        None
    }
    /// Whether it is a draft, left out of the build.
    fn draft(&self) -> bool {
        false
    }
    /// This language's URL segment, if it has its own.
    fn slug(&self) -> Option<&Slug> {
        None
    }
    /// Its old URLs in this language, each kept as a page that leads to it.
    fn aliases(&self) -> &[Alias] {
        &[]
    }
    /// Free data for the theme.
    fn extra(&self) -> Option<&serde_yaml::Value>;
    /// The documents its facts come from.
    fn sources(&self) -> &[Source] {
        &[]
    }
    /// The page's picture, and what it shows, if it has one.
    fn image(&self) -> Option<(&str, Option<&str>)> {
        None
    }
    /// Text fields that may be empty but should not be (a warning when they are).
    fn expected_text(&self) -> Vec<(&'static str, &str)> {
        Vec::new()
    }
    /// In a translation, the version of the page it is current with.
    fn translated_from(&self) -> Option<&TranslatedFrom>;
    /// The facts that are the same in every language, each with how it reads, to compare a
    /// translation's with its page's (`Section::info().inherited` names the fields).
    fn facts(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    /// What a translator translates: every text of the front matter (the body aside).
    fn texts(&self) -> Vec<&str> {
        let alt = self.image().and_then(|(_, alt)| alt);
        self.title().into_iter().chain(self.summary()).chain(alt).collect()
    }
}

/// The fields every item kind has, alike: `title`, `updated`, `draft`, `slug` and `extra`.
macro_rules! item_front {
    () => {
        fn title(&self) -> Option<&str> {
            Some(&self.title)
        }
        fn updated(&self) -> Option<Date> {
            self.updated
        }
        fn draft(&self) -> bool {
            self.draft
        }
        fn slug(&self) -> Option<&Slug> {
            self.slug.as_ref()
        }
        fn aliases(&self) -> &[Alias] {
            &self.aliases
        }
        fn extra(&self) -> Option<&serde_yaml::Value> {
            self.extra.as_ref()
        }
        fn sources(&self) -> &[Source] {
            &self.sources
        }
        fn translated_from(&self) -> Option<&TranslatedFrom> {
            self.translated_from.as_ref()
        }
        fn image(&self) -> Option<(&str, Option<&str>)> {
            Some((self.image.as_deref()?, self.image_alt.as_deref()))
        }
    };
}

impl Front for CouncilFront {
    fn summary(&self) -> Option<&str> {
        Some(&self.summary)
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
        texts.extend(self.image_alt.as_deref());
        texts
    }
}

impl Front for DomainFront {
    fn summary(&self) -> Option<&str> {
        Some(&self.summary)
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

impl Front for MilestoneFront {
    fn summary(&self) -> Option<&str> {
        Some(&self.summary)
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

impl Front for PageFront {
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    item_front!();
    fn facts(&self) -> Vec<(&'static str, String)> {
        vec![("menu", format!("{:?}", self.menu).to_lowercase())]
    }
}

impl Front for IndexFront {
    fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn extra(&self) -> Option<&serde_yaml::Value> {
        self.extra.as_ref()
    }
    fn translated_from(&self) -> Option<&TranslatedFrom> {
        self.translated_from.as_ref()
    }
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
