//! The files a rendering makes, each a [`Job`]: every entry's page, each file of the table
//! of what the site writes (`urls::OUTPUTS`), councils' calendars and the small pages at old
//! URLs; with what every stage of the rendering asks of a job (its URL, language, template,
//! the same page in another language).

use super::context::{self, Views};
use crate::config::{Config, Language};
use crate::content::EntryId;
use crate::content::Kind;
use crate::graph::SiteGraph;
use crate::urls::{self, SiteFile};

/// One file to produce.
#[derive(Debug, Clone, Copy)]
pub(super) enum Job<'c> {
    /// A council, domain, milestone or free page.
    Entry(EntryId),
    /// One council's calendar (a council to come, whose day is known), in its page's folder,
    /// or (by position in its `aliases`) in the folder of one of its old URLs, so that the
    /// calendar's old address keeps working too.
    CouncilCalendar(EntryId, Option<usize>),
    /// A file of a row of the table of what the site writes: its pages, feeds, data and
    /// files.
    Site(SiteFile<'c>),
    /// The small page at one of an entry's old URLs (its `aliases`, by position) that leads
    /// to it.
    Alias(EntryId, usize),
}

/// Every file of a rendering: the table's (but the search index, the search stage's), every
/// item's page, councils' calendars and the pages at old URLs.
pub(super) fn jobs<'c>(graph: &SiteGraph, config: &'c Config) -> Vec<Job<'c>> {
    let site = urls::written(config).into_iter().filter(|f| f.output().made != urls::Made::Search);
    let mut jobs: Vec<Job> = site.map(Job::Site).collect();
    jobs.extend(
        graph.corpus.iter().filter(|(_, e)| matches!(e.key.kind, Kind::Item(_))).map(|(i, _)| Job::Entry(i)),
    );
    for (i, e) in graph.corpus.iter().filter(|(_, e)| context::has_calendar(e)) {
        let aliases = (0..e.meta.front().aliases().len()).map(Some);
        jobs.extend(std::iter::once(None).chain(aliases).map(|n| Job::CouncilCalendar(i, n)));
    }
    for (i, e) in graph.corpus.iter() {
        jobs.extend((0..e.meta.front().aliases().len()).map(|n| Job::Alias(i, n)));
    }
    jobs
}

/// The language a job's file is in (pages and feeds), decided here once.
pub(super) fn job_language<'c>(graph: &SiteGraph, config: &'c Config, job: Job<'c>) -> Option<&'c Language> {
    match job {
        Job::Entry(i) | Job::CouncilCalendar(i, _) | Job::Alias(i, _) => {
            config.language(graph.entry(i).key.lang.as_str())
        }
        Job::Site(f) => f.language(),
    }
}

/// Whether a job is an HTML page of one language: counted in the summary, listed in the
/// sitemap, given translations.
pub(super) fn is_page(job: Job) -> bool {
    site_page_is(job, SiteFile::is_page)
}

/// Whether a job is an entry's page, or a site page that `row` says is one of its kind.
pub(super) fn site_page_is<'c>(job: Job<'c>, row: fn(SiteFile<'c>) -> bool) -> bool {
    match job {
        Job::Entry(_) => true,
        Job::CouncilCalendar(..) | Job::Alias(..) => false,
        Job::Site(f) => row(f),
    }
}

/// The site-relative path of a page job's URL (`en/councils/`), or of a file.
pub(super) fn job_url(views: &Views, job: Job) -> String {
    match job {
        Job::Entry(i) => views.graph.entry(i).url.clone(),
        Job::CouncilCalendar(i, None) => urls::council_calendar(&views.graph.entry(i).url),
        Job::CouncilCalendar(i, Some(n)) => {
            urls::council_calendar(views.graph.entry(i).meta.front().aliases()[n].as_str())
        }
        Job::Site(f) => f.url(views.config),
        Job::Alias(i, n) => views.graph.entry(i).meta.front().aliases()[n].as_str().to_string(),
    }
}

/// The same page in another language (for the switcher and hreflang), if it exists.
pub(super) fn job_in<'c>(views: &Views<'c>, job: Job<'c>, other: &'c Language) -> Option<String> {
    match job {
        Job::Entry(i) if views.graph.entry(i).key.lang == other.code => {
            Some(views.graph.entry(i).url.clone())
        }
        Job::Entry(i) => views.graph.links[i]
            .translations
            .iter()
            .map(|&t| views.graph.entry(t))
            .find(|e| e.key.lang == other.code)
            .map(|e| e.url.clone()),
        Job::Site(f) => f.in_language(other).map(|f| f.url(views.config)),
        Job::CouncilCalendar(..) | Job::Alias(..) => None,
    }
}

/// The template of a job; `None` for a file written from data.
pub(super) fn template_of(views: &Views, job: Job) -> Option<&'static str> {
    match job {
        Job::Entry(i) => Some(match views.graph.entry(i).key.kind {
            Kind::Item(s) => s.info().template,
            // Entries of these kinds are rendered as the home or list page they introduce.
            Kind::Home | Kind::Index(_) => "page.html",
        }),
        Job::Site(f) => f.template(),
        Job::Alias(..) => Some("alias.html"),
        Job::CouncilCalendar(..) => None,
    }
}
