//! What each row of the table of what the site writes (`urls::OUTPUTS`) adds to the common
//! context of its pages, or the bytes of its files made from data: one line of [`MAKERS`]
//! and one function per row that needs more than the common context.

use super::context::{Card, Views};
use super::data;
use super::jobs::{Job, is_page, job_in, job_url, jobs};
use super::theme::Theme;
use crate::config::Language;
use crate::content::kinds::{CouncilFront, Status};
use crate::content::{EntryId, Order, Section};
use crate::graph::LangGraph;
use crate::urls::{self, Dataset, Output, SiteFile};
use serde::Serialize;
use tera::Context;

/// What a row's files need to be made.
pub(super) struct Fill<'a, 'c> {
    /// The site.
    pub views: &'a Views<'c>,
    /// The theme, for UI strings.
    pub theme: &'a Theme,
    /// The file to make.
    pub file: SiteFile<'c>,
    /// The graph of the language it is rendered in (a page for every language, such as the
    /// 404, is rendered in the default language).
    pub graph: Option<&'a LangGraph>,
    /// The page's title, as its breadcrumbs and share card give it (a file's is `None`).
    pub title: Option<&'a str>,
}

/// How a row's files get what they show beyond the common context.
#[derive(Clone, Copy)]
enum Maker {
    /// A page or feed: what its template reads.
    Context(fn(&Fill, &mut Context)),
    /// A page or feed of one language: what its template reads, from its language's graph.
    LanguageContext(fn(&Fill, &LangGraph, &mut Context)),
    /// A file made from data: its bytes (`None` when the site gives none).
    Bytes(fn(&Fill) -> Option<Vec<u8>>),
}

/// The rows that need more than the common context: each with what makes it. (A row with a
/// template and none here is rendered with the common context only.)
static MAKERS: &[(&Output, Maker)] = &[
    (&urls::SITEMAP_FILE, Maker::Context(sitemap_page)),
    (&urls::DATA_SCHEMA, Maker::Bytes(|f| Some(data::schema(f.file.dataset()?).into_bytes()))),
    (&urls::NOJEKYLL_FILE, Maker::Bytes(|_| Some(Vec::new()))),
    (
        &urls::CNAME_FILE,
        Maker::Bytes(|f| Some(format!("{}\n", f.views.config.cname.as_deref()?).into_bytes())),
    ),
    (&urls::HOME, Maker::LanguageContext(home)),
    (&urls::LIST, Maker::LanguageContext(list)),
    (&urls::TIMELINE, Maker::LanguageContext(timeline)),
    (&urls::FEED, Maker::LanguageContext(feed)),
    (&urls::FOLLOW, Maker::LanguageContext(follow)),
    (&urls::DATA_PAGE, Maker::LanguageContext(data_page)),
    (&urls::CALENDAR, Maker::Bytes(calendar)),
    (&urls::DATA, Maker::Bytes(dataset)),
];

/// The rows whose pages tell search engines more than that they are a `WebPage` (the
/// structured data of their head): each with what its page is about.
static ABOUT: &[(&Output, About)] = &[
    (&urls::HOME, |_, _, _, _| data::Subject::Site),
    (&urls::DATA_PAGE, |f, l, name, url| {
        data::Subject::Data(name, url, data::data_files(f.views, l, |key| ui(f, l, key)))
    }),
];

/// What a page of a row is about, from its language, its name and its site-relative URL.
type About = for<'s> fn(&Fill, &Language, &'s str, &'s str) -> data::Subject<'s>;

/// What the page of `fill` in `lang`, called `name` at `url`, is about, for its structured
/// data: a `WebPage` unless its row says more in [`ABOUT`].
pub(super) fn subject<'s>(fill: &Fill, lang: &Language, name: &'s str, url: &'s str) -> data::Subject<'s> {
    match ABOUT.iter().find(|(output, _)| fill.file.is(output)) {
        Some((_, about)) => about(fill, lang, name, url),
        None => data::Subject::Page(name, url),
    }
}

fn maker(file: SiteFile) -> Option<Maker> {
    MAKERS.iter().find(|(output, _)| file.is(output)).map(|(_, maker)| *maker)
}

/// Adds what a page or feed of the table shows to its context.
pub(super) fn fill(fill: &Fill, ctx: &mut Context) {
    match (maker(fill.file), fill.graph) {
        (Some(Maker::Context(add)), _) => add(fill, ctx),
        (Some(Maker::LanguageContext(add)), Some(g)) => add(fill, g, ctx),
        _ => {}
    }
}

/// The bytes of a file of the table made from data; `None` for a page or feed.
pub(super) fn file(views: &Views, theme: &Theme, file: SiteFile) -> Option<Vec<u8>> {
    let graph = file.language().and_then(|l| views.graph.langs.iter().find(|g| g.lang == l.code));
    match maker(file) {
        Some(Maker::Bytes(make)) => make(&Fill { views, theme, file, graph, title: None }),
        _ => None,
    }
}

fn ui(f: &Fill, l: &Language, key: &str) -> String {
    f.theme.ui_string(l.code.as_str(), key)
}

fn home(f: &Fill, g: &LangGraph, ctx: &mut Context) {
    let views = f.views;
    ctx.insert_value("section", g.home.map(|h| views.page(h)).into());
    // Read from the typed entries, not from cards: a portal may have thousands.
    let status = |c: EntryId| views.graph.entry(c).meta.get::<CouncilFront>().map(|council| council.status);
    let held = g.items(Section::Councils).iter().rev().find(|&&c| status(c) == Some(Status::Held));
    let planned = g.items(Section::Councils).iter().find(|&&c| status(c) == Some(Status::Planned));
    ctx.insert_value("latest_council", held.map(|&c| views.card_value(c)).into());
    ctx.insert_value("next_council", planned.map(|&c| views.card_value(c)).into());
    ctx.insert_value("domains", views.cards(g.items(Section::Domains).iter().copied()));
    // What has happened: a council still to come is the "next council", not news.
    let happened = |&i: &EntryId| status(i) != Some(Status::Planned);
    let recent =
        g.timeline.iter().rev().flat_map(|y| y.entries.iter().rev().copied()).filter(happened).take(5);
    ctx.insert_value("recent", views.cards(recent));
}

fn list(f: &Fill, g: &LangGraph, ctx: &mut Context) {
    let Some(s) = f.file.section() else { return };
    ctx.insert("list_title", f.title.unwrap_or_default());
    ctx.insert_value("section", g.section_index.get(&s).map(|&x| f.views.page(x)).into());
    let items = match s.info().order {
        Order::NewestFirst => f.views.cards(g.items(s).iter().rev().copied()),
        Order::AsRelated => f.views.cards(g.items(s).iter().copied()),
    };
    ctx.insert_value("items", items);
}

fn timeline(f: &Fill, g: &LangGraph, ctx: &mut Context) {
    let years: Vec<YearView> = g
        .timeline
        .iter()
        .map(|y| YearView { year: y.year, entries: f.views.cards(y.entries.iter().copied()) })
        .collect();
    ctx.insert("years", &years);
}

fn feed(f: &Fill, g: &LangGraph, ctx: &mut Context) {
    let entries = feed_entries(f.views, g);
    // Fixed when there is nothing to date, so that output stays deterministic.
    let newest = entries.iter().map(|e| e.updated.as_str()).max().unwrap_or("1970-01-01T00:00:00Z");
    ctx.insert("feed_updated", newest);
    ctx.insert("entries", &entries);
}

fn sitemap_page(f: &Fill, ctx: &mut Context) {
    ctx.insert("entries", &sitemap(f.views));
}

fn follow(f: &Fill, g: &LangGraph, ctx: &mut Context) {
    let (config, Some(l)) = (f.views.config, f.file.language()) else { return };
    let latest = feed_entries(f.views, g).into_iter().take(FOLLOW_LATEST).map(|e| e.card);
    ctx.insert("latest", &latest.collect::<Vec<_>>());
    for (name, html, address) in [
        ("feed_address", "feed_address_html", config.base_url.absolute(&urls::feed(&l.code))),
        ("calendar_address", "calendar_address_html", config.base_url.absolute(&urls::calendar(config, l))),
    ] {
        ctx.insert_value(html, tera::Value::safe_string(&breakable(&address)));
        ctx.insert(name, &address);
    }
}

/// An address as HTML that a narrow screen breaks after a `/` of its path (`<wbr>`), not
/// inside a word nor inside its `://`.
fn breakable(address: &str) -> String {
    let mut escaped = String::with_capacity(address.len() + 32);
    crate::text::escape_attribute(address, &mut escaped);
    let (scheme, rest) = escaped.split_once("://").unwrap_or(("", &escaped));
    let sep = if scheme.is_empty() { "" } else { "://" };
    format!("{scheme}{sep}{}", rest.replace('/', "/<wbr>"))
}

fn data_page(f: &Fill, g: &LangGraph, ctx: &mut Context) {
    let (config, Some(l)) = (f.views.config, f.file.language()) else { return };
    let files = data::data_files(f.views, l, |key| ui(f, l, key));
    // The JSON files; the calendar has a row of its own (its count, its specification).
    let datasets: Vec<DatasetView> = files
        .into_iter()
        .filter_map(|file| {
            let d = file.dataset?;
            Some(DatasetView {
                title: file.title,
                description: file.description,
                url: config.base_url.join(&file.url),
                schema: config.base_url.join(&urls::data_schema(d.name())),
                records: match d {
                    Dataset::Councils => g.items(Section::Councils).len(),
                    Dataset::Domains => g.items(Section::Domains).len(),
                    Dataset::Milestones => g.items(Section::Milestones).len(),
                },
            })
        })
        .collect();
    ctx.insert("datasets", &datasets);
    ctx.insert("calendar_events", &data::dated(f.views, g.items(Section::Councils)).len());
    ctx.insert("licence", &config.licence);
}

fn calendar(f: &Fill) -> Option<Vec<u8>> {
    let l = f.file.language()?;
    let title = f.views.config.title.get(&l.code).map_or("", String::as_str);
    let name = format!("{title} · {}", ui(f, l, "councils"));
    Some(data::calendar(f.views, l, f.graph?.items(Section::Councils), &name, &ui(f, l, "calendar_note")))
}

fn dataset(f: &Fill) -> Option<Vec<u8>> {
    Some(data::dataset(f.views, f.file.language()?, f.graph?, f.file.dataset()?))
}

/// One open data file, as its page lists it.
#[derive(Serialize)]
struct DatasetView {
    title: String,
    /// What its records hold.
    description: String,
    url: String,
    schema: String,
    records: usize,
}

#[derive(Serialize)]
struct YearView {
    year: u16,
    entries: tera::Value,
}

/// A feed entry: a card with its absolute URL and an Atom timestamp.
#[derive(Serialize)]
struct FeedEntry<'a> {
    #[serde(flatten)]
    card: Card<'a>,
    permalink: String,
    updated: String,
}

/// How many entries a feed carries: the newest.
const FEED_LENGTH: usize = 50;

/// How many of the feed's entries the follow page shows.
const FOLLOW_LATEST: usize = 10;

fn feed_entries<'g>(views: &Views<'g>, g: &LangGraph) -> Vec<FeedEntry<'g>> {
    g.timeline
        .iter()
        .rev()
        .flat_map(|y| y.entries.iter().rev())
        .filter_map(|&i| {
            let entry = views.graph.entry(i);
            // The day it last changed: its `updated`, or its file's last commit; else the
            // day it happened, when that is a whole day. Never a day made up from a year or
            // a month ("2026" is not 1 January 2026): such an entry waits for its history.
            let day = entry.last_updated().or(entry.date().filter(|d| d.is_day()))?;
            let updated = format!("{}T00:00:00Z", day.first_day());
            let permalink = views.config.base_url.absolute(&entry.url);
            Some(FeedEntry { permalink, card: views.card(i), updated })
        })
        .take(FEED_LENGTH)
        .collect()
}

#[derive(Serialize)]
struct SitemapEntry<'a> {
    loc: String,
    lastmod: Option<String>,
    alternates: Vec<Alternate<'a>>,
    /// The page for a reader whose language the site does not have: the language chooser
    /// for a home page, the default language's version for the others.
    x_default: Option<String>,
}

/// A page's version in one language, for the sitemap: just what `<xhtml:link>` needs (the
/// sitemap lists every page, so its values are kept small).
#[derive(Serialize)]
struct Alternate<'a> {
    code: &'a str,
    permalink: String,
}

fn sitemap<'g>(views: &Views<'g>) -> Vec<SitemapEntry<'g>> {
    let config = views.config;
    jobs(views.graph, config)
        .into_iter()
        .filter(|&job| is_page(job))
        .map(|job| SitemapEntry {
            loc: config.base_url.absolute(&job_url(views, job)),
            lastmod: match job {
                Job::Entry(i) => views.graph.entry(i).last_updated().map(|d| d.first_day()),
                _ => None,
            },
            x_default: match job {
                Job::Site(f) if f.is(&urls::HOME) => Some(config.base_url.absolute(urls::ROOT)),
                _ => config
                    .language(config.default_language.as_str())
                    .and_then(|l| job_in(views, job, l))
                    .map(|u| config.base_url.absolute(&u)),
            },
            alternates: config
                .languages
                .iter()
                .filter_map(|l| {
                    let url = job_in(views, job, l)?;
                    Some(Alternate { code: l.code.as_str(), permalink: config.base_url.absolute(&url) })
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::urls::Made;

    #[test]
    fn every_row_made_from_data_has_what_makes_its_bytes_and_every_maker_is_a_row() {
        for output in urls::OUTPUTS {
            let bytes = MAKERS.iter().any(|(o, m)| std::ptr::eq(*o, *output) && matches!(m, Maker::Bytes(_)));
            assert_eq!(bytes, output.made == Made::Data, "{}", output.name);
            // Two would be a silent choice: the first wins.
            let makers = MAKERS.iter().filter(|(o, _)| std::ptr::eq(*o, *output)).count();
            assert!(makers <= 1, "{} has {makers} makers", output.name);
        }
        for (output, _) in MAKERS {
            assert!(
                urls::OUTPUTS.iter().any(|o| std::ptr::eq(*o, *output)),
                "{} is not in the table",
                output.name
            );
        }
    }
}
