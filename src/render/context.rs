//! What templates see: small serializable views of the graph, built per page. Field names
//! here are the theme's API (documented in the README's theme section).

use crate::config::{Config, Language};
use crate::content::model::{Chair, Date, Status};
use crate::content::{Entry, Kind, Meta, Section};
use crate::graph::SiteGraph;
use crate::markdown::Heading;
use serde::Serialize;

/// A link to another page, with what lists and cards show of it.
#[derive(Debug, Clone, Serialize)]
pub struct Card<'a> {
    /// `council`, `domain`, `milestone`, `page` or `section`.
    pub kind: &'static str,
    /// Shared across translations.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Summary, if any.
    pub summary: Option<&'a str>,
    /// Path with the base URL's path.
    pub url: String,
    /// `YYYY-MM-DD`, for councils and milestones.
    pub date: Option<Date>,
    /// The date written the page language's way.
    pub date_display: Option<String>,
    /// For councils.
    pub number: Option<u32>,
    /// For councils: `held` or `planned`.
    pub status: Option<Status>,
    /// For councils.
    pub location: Option<&'a str>,
    /// For a council listed on a domain page: what it agreed on that domain (HTML).
    pub commitment: Option<&'a str>,
}

/// The page being rendered, with everything its kind has.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    /// The card fields (kind, title, url, date…).
    #[serde(flatten)]
    pub card: Card<'a>,
    /// Absolute URL.
    pub permalink: String,
    /// The body as HTML.
    pub content: &'a str,
    /// The body's headings.
    pub toc: &'a [Heading],
    /// `extra:` from the front matter.
    pub extra: Option<&'a serde_yaml::Value>,
    /// The source file, relative to the site root.
    pub source: String,
    /// For councils: co-chairs.
    pub chairs: &'a [Chair],
    /// For councils: each domain with the commitment on it.
    pub domains: Vec<Card<'a>>,
    /// For councils.
    pub prev: Option<Card<'a>>,
    /// For councils.
    pub next: Option<Card<'a>>,
    /// For domains: councils that discussed it, newest first, each with its commitment.
    pub councils: Vec<Card<'a>>,
    /// For domains: related domains, both ways.
    pub related: Vec<Card<'a>>,
}

/// One entry of the language switcher and of hreflang alternates.
#[derive(Debug, Serialize)]
pub struct Translation<'a> {
    /// Language code.
    pub code: &'a str,
    /// Language name, in itself.
    pub name: &'a str,
    /// The page in that language, or `None` when it is not translated.
    pub url: Option<String>,
    /// Absolute URL of that page.
    pub permalink: Option<String>,
    /// That language's home page.
    pub home: String,
    /// Whether it is the page's own language.
    pub current: bool,
}

/// Site-wide values for one language.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    /// Site title in this language.
    pub title: &'a str,
    /// Site description in this language.
    pub description: &'a str,
    /// The base URL's path (`/repo/`).
    pub base_path: &'a str,
    /// Navigation: section URLs in this language.
    pub nav: Nav,
    /// Free pages, for navigation.
    pub pages: Vec<Card<'a>>,
    /// The Atom feed of this language.
    pub feed: String,
}

/// Section URLs in one language.
#[derive(Debug, Serialize)]
pub struct Nav {
    /// Home.
    pub home: String,
    /// Councils list.
    pub councils: String,
    /// Domains list.
    pub domains: String,
    /// Milestones list.
    pub milestones: String,
    /// Timeline.
    pub timeline: String,
}

/// Builds views over one graph.
pub struct Views<'g> {
    /// The graph.
    pub graph: &'g SiteGraph,
    /// The configuration.
    pub config: &'g Config,
}

impl<'g> Views<'g> {
    /// The language an entry is written in.
    pub fn language(&self, e: &Entry) -> &'g Language {
        self.config
            .language(e.key.lang.as_str())
            .unwrap_or(&self.config.languages[0])
    }

    /// The card of entry `i`.
    pub fn card(&self, i: usize) -> Card<'g> {
        let e = self.graph.entry(i);
        let date = e.date();
        let (number, status, location) = match &e.meta {
            Meta::Council(c) => (Some(c.number), Some(c.status), Some(c.location.as_str())),
            _ => (None, None, None),
        };
        Card {
            kind: kind_name(e.key.kind),
            id: e.key.id.as_str(),
            title: e.title().unwrap_or_default(),
            summary: summary(e),
            url: self.config.base_url.join(&e.url),
            date,
            date_display: date.map(|d| self.language(e).dates.format(d)),
            number,
            status,
            location,
            commitment: None,
        }
    }

    /// The full view of entry `i`.
    pub fn page(&self, i: usize) -> PageView<'g> {
        let e = self.graph.entry(i);
        let links = &self.graph.links[i];
        let rendered = &self.graph.rendered[i];
        let commitment_of = |d: usize| {
            let domain = &self.graph.entry(d).key.id;
            rendered
                .commitments
                .iter()
                .find(|(id, _)| id == domain)
                .map(|(_, html)| html.as_str())
        };
        let on_domain = |c: usize| {
            let domain = &e.key.id;
            self.graph.rendered[c]
                .commitments
                .iter()
                .find(|(id, _)| id == domain)
                .map(|(_, html)| html.as_str())
        };
        let (chairs, extra) = match &e.meta {
            Meta::Council(c) => (c.chairs.as_slice(), c.extra.as_ref()),
            Meta::Domain(d) => (&[][..], d.extra.as_ref()),
            Meta::Milestone(m) => (&[][..], m.extra.as_ref()),
            Meta::Page(p) => (&[][..], p.extra.as_ref()),
            Meta::Index(x) => (&[][..], x.extra.as_ref()),
        };
        PageView {
            card: self.card(i),
            permalink: self.config.base_url.absolute(&e.url),
            content: &rendered.html,
            toc: &rendered.toc,
            extra,
            source: e.path.display().to_string().replace('\\', "/"),
            chairs,
            domains: links
                .domains
                .iter()
                .map(|&d| Card {
                    commitment: commitment_of(d),
                    ..self.card(d)
                })
                .collect(),
            prev: links.prev.map(|p| self.card(p)),
            next: links.next.map(|n| self.card(n)),
            councils: links
                .councils
                .iter()
                .map(|&c| Card {
                    commitment: on_domain(c),
                    ..self.card(c)
                })
                .collect(),
            related: links.related.iter().map(|&r| self.card(r)).collect(),
        }
    }

    /// The language switcher of entry `i` (or of a section page when `i` is `None`, whose
    /// other-language versions are given by `url_in`).
    pub fn translations(
        &self,
        own: &Language,
        url_in: impl Fn(&Language) -> Option<String>,
    ) -> Vec<Translation<'g>> {
        self.config
            .languages
            .iter()
            .map(|l| {
                let url = url_in(l);
                Translation {
                    code: l.code.as_str(),
                    name: &l.name,
                    permalink: url.as_deref().map(|u| self.config.base_url.absolute(u)),
                    url: url.map(|u| self.config.base_url.join(&u)),
                    home: self.config.base_url.join(&format!("{}/", l.code)),
                    current: l.code == own.code,
                }
            })
            .collect()
    }

    /// The site-wide values for a language.
    pub fn site(&self, lang: &'g Language) -> SiteView<'g> {
        let seg = |s: &str| self.config.base_url.join(&format!("{}/{s}/", lang.code));
        let pages = self
            .graph
            .langs
            .iter()
            .find(|g| g.lang == lang.code)
            .map(|g| g.pages.iter().map(|&p| self.card(p)).collect())
            .unwrap_or_default();
        SiteView {
            title: self.config.title.get(&lang.code).map_or("", String::as_str),
            description: self
                .config
                .description
                .get(&lang.code)
                .map_or("", String::as_str),
            base_path: self.config.base_url.path(),
            nav: Nav {
                home: self.config.base_url.join(&format!("{}/", lang.code)),
                councils: seg(&lang.sections.councils),
                domains: seg(&lang.sections.domains),
                milestones: seg(&lang.sections.milestones),
                timeline: seg(&lang.sections.timeline),
            },
            pages,
            feed: self
                .config
                .base_url
                .join(&format!("{}/atom.xml", lang.code)),
        }
    }
}

/// The template-facing name of a kind.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Home | Kind::Index(_) => "section",
        Kind::Item(Section::Councils) => "council",
        Kind::Item(Section::Domains) => "domain",
        Kind::Item(Section::Milestones) => "milestone",
        Kind::Item(Section::Pages) => "page",
    }
}

fn summary(e: &Entry) -> Option<&str> {
    match &e.meta {
        Meta::Council(c) => Some(&c.summary),
        Meta::Domain(d) => Some(&d.summary),
        Meta::Milestone(m) => Some(&m.summary),
        Meta::Page(p) => p.summary.as_deref(),
        Meta::Index(x) => x.summary.as_deref(),
    }
}
