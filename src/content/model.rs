//! The typed content model: ids, dates, sources, what every kind's front matter tells
//! ([`Front`]) and how a stage holds one of any kind ([`Meta`]), parsed so that later stages
//! never see an invalid value. Each kind's own front matter is in its file under `kinds/`.

pub use super::versions::{TranslatedFrom, Version};
pub use crate::base::{Alias, ContentId, Country, Date, LanguageCode, Slug, WebAddress, suggest_slug};
use crate::diagnostics::Diagnostic;
use crate::yaml::YamlSource;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::any::Any;
use std::fmt::Debug;

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
    /// The plain texts that readers see (titles, summaries, a council's place…), to set in
    /// the language's typography; Markdown fields are smartened as the bodies are.
    fn plain_texts_mut(&mut self) -> Vec<&mut String>;
    /// Its place among its kind's pages of one date (or undated): a council's number; a
    /// domain's `order`, then its title. Pages that tie are in the order of their ids.
    fn rank(&self) -> (i64, String) {
        (0, String::new())
    }
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
        self.title().into_iter().chain(self.summary()).chain(self.picture_texts()).collect()
    }
    /// The picture and what it shows: a new picture makes a translation's own description
    /// (`image_alt`) of the old one outdated, as a new description does.
    fn picture_texts(&self) -> Vec<&str> {
        self.image().map_or_else(Vec::new, |(image, alt)| [Some(image), alt].into_iter().flatten().collect())
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

impl Front for IndexFront {
    fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn plain_texts_mut(&mut self) -> Vec<&mut String> {
        self.title.as_mut().into_iter().chain(self.summary.as_mut()).collect()
    }
    fn extra(&self) -> Option<&serde_yaml::Value> {
        self.extra.as_ref()
    }
    fn translated_from(&self) -> Option<&TranslatedFrom> {
        self.translated_from.as_ref()
    }
}

/// Any kind's front matter, as the stages hold it: [`Meta::front`] tells what every kind
/// tells; [`Meta::get`] gives a stage that needs one kind's own fields (a council's number)
/// its type. A kind's row parses into it ([`parse_front`]), so no stage lists the kinds.
#[derive(Debug)]
pub struct Meta(Box<dyn KindFront>);

/// A front matter type a kind's row parses into: [`Front`], and a value the stages can clone
/// and share between threads.
pub trait KindFront: Front + Any + Debug + Send + Sync {
    /// A copy in a new box.
    fn clone_box(&self) -> Box<dyn KindFront>;
}

impl<T: Front + Any + Debug + Clone + Send + Sync> KindFront for T {
    fn clone_box(&self) -> Box<dyn KindFront> {
        Box::new(self.clone())
    }
}

impl Clone for Meta {
    fn clone(&self) -> Self {
        Self(self.0.clone_box())
    }
}

impl Meta {
    /// What every kind's front matter tells, whichever kind it is.
    pub fn front(&self) -> &dyn Front {
        self.0.as_ref()
    }

    /// The front matter as kind `T`'s, if it is one (`meta.get::<CouncilFront>()`).
    pub fn get<T: Any>(&self) -> Option<&T> {
        let any: &dyn Any = self.0.as_ref();
        any.downcast_ref()
    }

    /// Whether it is kind `T`'s.
    pub fn is<T: Any>(&self) -> bool {
        self.get::<T>().is_some()
    }

    /// The same front matter with its plain texts in the language's typography.
    pub fn smartened(mut self, lang: &crate::base::Lang) -> Self {
        for text in self.0.plain_texts_mut() {
            if let Some(smart) = crate::typography::smarten(lang, text) {
                *text = smart;
            }
        }
        self
    }
}

/// Reads a front matter as the kind `T`'s: each row of the kinds table names this with its
/// type as the row's `parse`.
pub fn parse_front<T: KindFront + DeserializeOwned>(
    yaml: &YamlSource,
    title: &str,
) -> Result<Meta, Diagnostic> {
    let example = |field: &str| match field {
        "title" => Some(format!("title: {title}")),
        _ => field_example(field),
    };
    yaml.parse::<T>(example).map(|front| Meta(Box::new(front)))
}

/// An example line for each required field, shown when it is missing.
pub fn field_example(field: &str) -> Option<String> {
    Some(
        match field {
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

pub(crate) use item_front;

/// Declares a kind's front matter: the struct with its own fields as written, then the
/// fields every item kind has alike (its `slug`, `aliases`, `sources`, `draft`, `updated`,
/// `image`, `image_alt`, `extra` and `translated_from`), which [`item_front!`] reads.
macro_rules! item_fields {
    ($(#[$attr:meta])* pub struct $name:ident { $($(#[$field_attr:meta])* pub $field:ident: $ty:ty,)* }) => {
        $(#[$attr])*
        pub struct $name {
            $($(#[$field_attr])* pub $field: $ty,)*
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
    };
}

pub(crate) use item_fields;
