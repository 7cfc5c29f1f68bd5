//! What templates see: small serializable views of the graph, built per page. Field names
//! here are the theme's API (listed in the README, beside Tera's functions).

use crate::config::{Config, Language};
use crate::content::kinds::{CouncilFront, Menu, PageFront, Status};
use crate::content::model::{Date, SourceKind};
use crate::content::versions::Currency;
use crate::content::{Entry, EntryId, Kind, Section};
use crate::graph::SiteGraph;
use crate::urls;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Value;
use tera::value::Key;

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
    /// The same without its year (under a year's heading); empty for a date that is a year.
    pub date_in_year: Option<String>,
    /// For councils.
    pub number: Option<u32>,
    /// For councils: `held` or `planned`.
    pub status: Option<Status>,
    /// For councils.
    pub location: Option<&'a str>,
    /// Marked `draft: true`: only ever seen in the preview (or `build --drafts`).
    pub draft: bool,
    /// The page's card picture, as HTML (`<picture>…`), if it has one.
    pub picture: Option<String>,
    /// For councils: what was agreed on each domain, by domain id (HTML, marked safe).
    /// Carried by the card, made once, so that a domain's page listing hundreds of councils
    /// shares their cards instead of copying each to add one commitment.
    pub commitments: Option<BTreeMap<&'a str, Value>>,
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
    pub home: &'a str,
    /// Whether it is the page's own language.
    pub current: bool,
    /// The site's title in that language.
    pub title: &'a str,
    /// The site's description in that language.
    pub description: &'a str,
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
    /// Free pages of the header's menu (`menu: header`, the default), by id.
    pub pages: Vec<Card<'a>>,
    /// Free pages of the footer (`menu: footer`: legal notice, privacy…), by id.
    pub footer: Vec<Card<'a>>,
    /// Whose partnership it is (`partners` in `site.yaml`), if the site says.
    pub partners: Option<Vec<&'a str>>,
    /// How to reach the site's owner (`contact` in `site.yaml`), if the site says.
    pub contact: Option<&'a str>,
    /// Who publishes the site, in this language, once `site.yaml` names it.
    pub publisher: Option<PublisherView<'a>>,
    /// The Atom feed of this language.
    pub feed: String,
    /// The calendar of councils of this language (`.ics`).
    pub calendar: String,
    /// The share card image (absolute URL), if the site has one.
    pub image: Option<String>,
    /// Search, when the site has it (`search: false` in `site.yaml` turns it off).
    pub search: Option<SearchView>,
    /// The open data's licence, when site.yaml names one.
    pub licence: Option<&'a crate::config::Licence>,
}

/// The site's publisher, as one language's pages name it.
#[derive(Debug, Serialize)]
pub struct PublisherView<'a> {
    /// Its name in this language.
    pub name: &'a str,
    /// Its postal address in this language, if given.
    pub address: Option<&'a str>,
    /// Its website, if given.
    pub website: Option<&'a str>,
    /// How to reach it (`mailto:` or `https:`).
    pub contact: &'a str,
    /// The contact as a reader reads it: the e-mail address without `mailto:`, or the page.
    pub contact_text: &'a str,
    /// Where accessibility problems are reported.
    pub accessibility_contact: &'a str,
    /// That contact as a reader reads it.
    pub accessibility_contact_text: &'a str,
    /// The enforcement body's name in this language.
    pub enforcement_name: &'a str,
    /// The enforcement body's page.
    pub enforcement_url: &'a str,
}

/// Where a language's search lives.
#[derive(Debug, Serialize)]
pub struct SearchView {
    /// The search page, which lists every result (and, without JavaScript, the sections).
    pub page: String,
    /// The folder of the language's Pagefind bundle (`/repo/en/pagefind/`).
    pub bundle: String,
}

/// The menu's entries in one language, by name (`home`, `councils`, `domains`,
/// `milestones`, `timeline`, `data`, `follow`): the rows of the table of site files that
/// have one.
pub type Nav = BTreeMap<&'static str, String>;

/// Builds the templates' values over one graph. Every entry's card and every language's
/// site-wide values are made once and shared (tera values are reference-counted), so that a
/// list of ten thousand councils costs ten thousand pointer copies, not serializations.
pub struct Views<'g> {
    /// The graph.
    pub graph: &'g SiteGraph,
    /// The configuration.
    pub config: &'g Config,
    cards: Vec<std::sync::OnceLock<Value>>,
    /// Every language's home page, in the order of the configuration.
    homes: Vec<String>,
    sites: Vec<Value>,
    languages: Vec<Value>,
}

impl<'g> Views<'g> {
    /// Prepares the shared values of `graph`.
    pub fn new(graph: &'g SiteGraph, config: &'g Config) -> Self {
        let cards = (0..graph.corpus.entries.len()).map(|_| std::sync::OnceLock::new()).collect();
        let homes = config.languages.iter().map(|l| config.base_url.join(&urls::home(&l.code))).collect();
        let mut views = Self { graph, config, cards, homes, sites: Vec::new(), languages: Vec::new() };
        views.sites = config.languages.iter().map(|l| Value::from_serializable(&views.site(l))).collect();
        views.languages = config
            .languages
            .iter()
            .map(|l| Value::from_serializable(&views.translations(l, |other| Some(urls::home(&other.code)))))
            .collect();
        views
    }

    /// Frees the shared values on the thread pool, in the background: a large site has tens
    /// of thousands of cards, and the caller need not wait for them.
    pub fn discard(self) {
        let Self { cards, sites, languages, .. } = self;
        rayon::spawn(move || drop((cards, sites, languages)));
    }

    /// The language an entry is written in.
    pub fn language(&self, e: &Entry) -> &'g Language {
        self.config.language(e.key.lang.as_str()).unwrap_or(&self.config.languages[0])
    }

    /// The card of entry `i`.
    pub fn card(&self, i: EntryId) -> Card<'g> {
        let e = self.graph.entry(i);
        let date = e.date();
        let (number, status, location) = match e.meta.get::<CouncilFront>() {
            Some(c) => (Some(c.number), Some(c.status), Some(c.location.as_str())),
            None => (None, None, None),
        };
        let commitments = e.meta.is::<CouncilFront>().then(|| {
            let rendered = &self.graph.rendered[i].commitments;
            rendered.iter().map(|(domain, html)| (domain.as_str(), Value::safe_string(html))).collect()
        });
        Card {
            kind: kind_name(e.key.kind),
            id: e.key.id.as_str(),
            title: e.title().unwrap_or_default(),
            summary: summary(e),
            url: self.config.base_url.join(&e.url),
            date,
            date_display: date.map(|d| self.language(e).dates.format(d)),
            date_in_year: date.map(|d| self.language(e).dates.format_in_year(d)),
            number,
            status,
            location,
            draft: e.meta.front().draft(),
            picture: self.graph.rendered[i].picture.as_ref().map(|p| p.html(crate::media::CARD_SIZES, true)),
            commitments,
        }
    }

    /// The card of entry `i`, as the value templates get: made once, then shared.
    pub fn card_value(&self, i: EntryId) -> Value {
        match self.cards.get(i.index()) {
            Some(cell) => cell.get_or_init(|| Value::from_serializable(&self.card(i))).clone(),
            None => Value::from_serializable(&self.card(i)),
        }
    }

    /// The cards of `ids`, in that order, as one template value.
    pub fn cards(&self, ids: impl Iterator<Item = EntryId>) -> Value {
        Value::from(ids.map(|i| self.card_value(i)).collect::<Vec<_>>())
    }

    /// The same, each with its `lang`: a page's domains and related domains may be in
    /// another language than the page (a domain not yet translated, listed by its page in
    /// the default language), which the link says. (Not on every card: a key more on each
    /// of twenty thousand shared cards cost 30 MB.)
    fn cards_in_language(&self, ids: impl Iterator<Item = EntryId>) -> Value {
        let card = |i: EntryId| {
            with(&self.card_value(i), vec![("lang", self.graph.entry(i).key.lang.as_str().into())])
        };
        Value::from(ids.map(card).collect::<Vec<_>>())
    }

    /// The site-wide values of a language.
    pub fn site_value(&self, lang: &Language) -> Value {
        self.position(lang)
            .and_then(|p| self.sites.get(p).cloned())
            .unwrap_or_else(|| Value::from_serializable(&self.site(lang)))
    }

    /// The links to every language's home page, from a page in `lang`.
    pub fn languages_value(&self, lang: &Language) -> Value {
        self.position(lang).and_then(|p| self.languages.get(p).cloned()).unwrap_or_else(Value::none)
    }

    fn position(&self, lang: &Language) -> Option<usize> {
        self.config.languages.iter().position(|l| l.code == lang.code)
    }

    /// The full view of entry `i`: its card's fields, and `calendar` (the `.ics` of a council
    /// to come whose day is known), `outdated` (for a translation whose
    /// default-language page changed since: that page's `url` and `language`), `permalink`, `content` (HTML),
    /// `toc`, `extra`, `source`, `sources` (with `source_groups`: them by kind), `first_written` and
    /// `reviewed` (its first and last change in any language); for a council `chairs`, `domains` (cards; the council's own
    /// `commitments` has what was agreed on each), `prev` and `next`; for a domain
    /// `councils` (cards, newest first; each council's `commitments` has what it agreed on
    /// this domain) and `related`.
    pub fn page(&self, i: EntryId) -> Value {
        let e = self.graph.entry(i);
        let links = &self.graph.links[i];
        let rendered = &self.graph.rendered[i];
        let chairs = match e.meta.get::<CouncilFront>() {
            Some(c) => Value::from_serializable(&c.chairs),
            None => Value::from(Vec::<Value>::new()),
        };
        let extra = e.meta.front().extra();
        let calendar = has_calendar(e).then(|| self.config.base_url.join(&urls::council_calendar(&e.url)));
        let last_updated = e.last_updated();
        let sources = self.sources(e);
        // The page in every language is one document: it was first written when its first
        // version was, and reviewed when its last one changed.
        let versions = || std::iter::once(e).chain(links.translations.iter().map(|&t| self.graph.entry(t)));
        let first_written = versions().filter_map(|v| v.first_changed).min();
        let reviewed = versions().filter_map(Entry::last_updated).max();
        let dates = &self.language(e).dates;
        let fields = vec![
            ("last_updated", last_updated.map(|d| d.to_string()).into()),
            ("last_updated_display", last_updated.map(|d| dates.format(d)).into()),
            ("first_written", first_written.map(|d| d.to_string()).into()),
            ("first_written_display", first_written.map(|d| dates.format(d)).into()),
            ("reviewed", reviewed.map(|d| d.to_string()).into()),
            ("reviewed_display", reviewed.map(|d| dates.format(d)).into()),
            ("outdated", self.outdated(e)),
            ("calendar", calendar.into()),
            ("permalink", self.config.base_url.absolute(&e.url).into()),
            ("content", Value::safe_string(&rendered.html)),
            ("toc", Value::from_serializable(&rendered.toc)),
            ("extra", extra.map(Value::from_serializable).into()),
            ("source", e.path.display().to_string().replace('\\', "/").into()),
            ("chairs", chairs),
            ("domains", self.cards_in_language(links.domains.iter().copied())),
            ("prev", links.prev.map(|p| self.card_value(p)).into()),
            ("next", links.next.map(|n| self.card_value(n)).into()),
            ("councils", self.cards(links.councils.iter().copied())),
            ("related", self.cards_in_language(links.related.iter().copied())),
            ("sources", Value::from_serializable(&sources)),
            ("source_groups", source_groups(&sources)),
        ];
        with(&self.card_value(i), fields)
    }

    /// The documents the page cites, each with `title`, `language` (its code: the theme names
    /// it with the UI string `language_<code>`), and where known `publisher`, `url`, `date`
    /// and `date_display` (as the page's language writes dates); `title_lang` where the title
    /// is the document's own, in another language than the page's (a description in square
    /// brackets is in the page's language).
    fn sources(&self, e: &Entry) -> Vec<serde_json::Value> {
        let dates = &self.language(e).dates;
        let title_lang = |s: &crate::content::model::Source| {
            let own = !s.title.starts_with('[') && s.language.as_str() != e.key.lang.as_str();
            own.then(|| s.language.as_str().to_string())
        };
        e.meta
            .front()
            .sources()
            .iter()
            .map(|s| {
                serde_json::json!({
                    "title": s.title,
                    "title_lang": title_lang(s),
                    "kind": s.kind,
                    "publisher": s.publisher,
                    "language": s.language.as_str(),
                    "url": s.url.as_ref().map(|u| u.as_str()),
                    "date": s.date.map(|d| d.to_string()),
                    "date_display": s.date.map(|d| dates.format(d)),
                })
            })
            .collect()
    }

    /// For a translation whose default-language page changed since it was marked current:
    /// that page's `url`, its language's `code` and `language` (name), for the theme's notice.
    fn outdated(&self, e: &Entry) -> Value {
        let corpus = &self.graph.corpus;
        if corpus.currency(self.config, e) != Some(Currency::Outdated) {
            return Value::none();
        }
        let Some(original) = corpus.original(self.config, e).map(|o| corpus.get(o)) else {
            return Value::none();
        };
        let language = self.language(original);
        let url = self.config.base_url.join(&original.url);
        let fields =
            serde_json::json!({ "url": url, "language": language.name, "code": language.code.as_str() });
        Value::from_serializable(&fields)
    }

    /// The language switcher of a page in `own` whose other-language versions `url_in` gives.
    pub fn translations(
        &self,
        own: &Language,
        url_in: impl Fn(&Language) -> Option<String>,
    ) -> Vec<Translation<'_>> {
        self.config
            .languages
            .iter()
            .zip(&self.homes)
            .map(|(l, home)| {
                let url = url_in(l);
                Translation {
                    code: l.code.as_str(),
                    name: &l.name,
                    permalink: url.as_deref().map(|u| self.config.base_url.absolute(u)),
                    url: url.map(|u| self.config.base_url.join(&u)),
                    home,
                    current: l.code == own.code,
                    title: self.config.title.get(&l.code).map_or("", String::as_str),
                    description: self.config.description.get(&l.code).map_or("", String::as_str),
                }
            })
            .collect()
    }

    /// The site-wide values for a language.
    pub fn site(&self, lang: &Language) -> SiteView<'g> {
        let in_menu = |menu: Menu| -> Vec<Card<'g>> {
            let pages =
                self.graph.langs.iter().find(|g| g.lang == lang.code).map(|g| g.items(Section::Pages));
            let of_menu =
                |p: &&EntryId| self.graph.entry(**p).meta.get::<PageFront>().is_some_and(|m| m.menu == menu);
            pages.unwrap_or_default().iter().filter(of_menu).map(|&p| self.card(p)).collect()
        };
        SiteView {
            title: self.config.title.get(&lang.code).map_or("", String::as_str),
            description: self.config.description.get(&lang.code).map_or("", String::as_str),
            base_path: self.config.base_url.path(),
            nav: urls::written(self.config)
                .into_iter()
                .filter(|f| f.language() == Some(lang))
                .filter_map(|f| Some((f.menu()?, self.config.base_url.join(&f.url(self.config)))))
                .collect(),
            pages: in_menu(Menu::Header),
            footer: in_menu(Menu::Footer),
            partners: self.config.partners.get(&lang.code).map(|p| p.iter().map(String::as_str).collect()),
            contact: self.config.contact.as_deref(),
            publisher: self.config.publisher.as_ref().map(|p| PublisherView {
                name: p.name_in(&lang.code),
                address: p.address.get(&lang.code).map(String::as_str),
                website: p.website.as_deref(),
                contact: &p.contact,
                contact_text: as_read(&p.contact),
                accessibility_contact: &p.accessibility_contact,
                accessibility_contact_text: as_read(&p.accessibility_contact),
                enforcement_name: p.enforcement_name.get(&lang.code).map_or("", String::as_str),
                enforcement_url: &p.enforcement_url,
            }),
            licence: self.config.licence.as_ref(),
            feed: self.config.base_url.join(&urls::feed(&lang.code)),
            calendar: self.config.base_url.join(&urls::calendar(self.config, lang)),
            image: self.config.image.as_deref().map(|i| self.config.base_url.absolute(i)),
            search: self.config.search.then(|| SearchView {
                page: self.config.base_url.join(&urls::search(lang)),
                bundle: self.config.base_url.join(&crate::urls::search_bundle(&lang.code)),
            }),
        }
    }
}

/// A copy of a map value with more fields.
/// A page's sources by kind, official ones first, each group with its `kind` and `items` (as
/// in `sources`); a kind the page does not cite has no group.
fn source_groups(sources: &[serde_json::Value]) -> Value {
    let groups: Vec<serde_json::Value> = [SourceKind::Official, SourceKind::Press]
        .into_iter()
        .map(|kind| {
            let kind = serde_json::json!(kind);
            let items: Vec<&serde_json::Value> = sources.iter().filter(|s| s["kind"] == kind).collect();
            serde_json::json!({ "kind": kind, "items": items })
        })
        .filter(|g| g["items"].as_array().is_some_and(|i| !i.is_empty()))
        .collect();
    Value::from_serializable(&groups)
}

/// A contact as a reader reads it: an e-mail address without its `mailto:`, or the page.
fn as_read(contact: &str) -> &str {
    contact.strip_prefix("mailto:").unwrap_or(contact)
}

fn with(base: &Value, fields: Vec<(&'static str, Value)>) -> Value {
    let mut map = base.clone().into_map().unwrap_or_default();
    for (key, value) in fields {
        map.insert(Key::from(key), value);
    }
    Value::from(map)
}

/// The template-facing name of a kind.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Home | Kind::Index(_) => "section",
        Kind::Item(section) => section.info().word,
    }
}

fn summary(e: &Entry) -> Option<&str> {
    e.meta.front().summary()
}

/// Whether an entry is a council to come whose day is known: it gets a calendar file of its
/// own, to add it to one's calendar. (A council that has met is in the language's calendar
/// of all councils; a file per council and language would double the files a site writes.)
pub(super) fn has_calendar(e: &Entry) -> bool {
    e.meta.get::<CouncilFront>().is_some_and(|c| c.status == Status::Planned && c.date.is_day())
}
