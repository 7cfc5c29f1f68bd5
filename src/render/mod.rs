//! Stage 5, rendering: every page of the [`SiteGraph`] through the theme's Tera templates,
//! in parallel, into a [`RenderedSite`]: held in memory, or each file handed to a
//! [`FileSink`] (the output's staging folder) as soon as it is rendered.

pub mod context;
pub mod data;
mod jobs;
mod script;
mod site_files;
mod statics;
pub mod theme;

use crate::config::{Config, Language};
use crate::content::{EntryId, Kind, Section};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::{LangGraph, SiteGraph};
use crate::urls::{self, SiteFile};
use context::Views;
use jobs::{Job, is_page, job_in, job_language, job_url, jobs, site_page_is, template_of};
use rayon::prelude::*;
pub use statics::static_file;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use tera::Context;
pub use theme::Theme;

/// The whole site, keyed by output path (`en/councils/first/index.html`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedSite {
    /// Output path → contents (shared, so that a rebuild copies the map, not the pages), for
    /// a site kept in memory.
    pub files: BTreeMap<String, Arc<Vec<u8>>>,
    /// HTML pages per language code, for the build summary.
    pub pages_per_lang: BTreeMap<String, usize>,
}

/// Somewhere that takes each file as soon as it is rendered (the output's staging folder),
/// so that a build need not hold the whole site in memory. Called from many threads.
pub trait FileSink: Sync {
    /// Takes the file of output name `name` (`en/index.html`).
    fn put(&self, name: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// Where a file of this name ends up, for messages.
    fn destination(&self, name: &str) -> PathBuf;
}

/// A rendered file as its sink left it: its bytes if the site keeps them in memory.
type Kept = Option<Vec<u8>>;

/// Where rendered files go.
#[derive(Clone, Copy)]
pub enum Sink<'a> {
    /// Kept in the [`RenderedSite`]: for the preview and `check`.
    Memory,
    /// Handed to a [`FileSink`] at once, then dropped.
    Stream(&'a dyn FileSink),
}

impl Sink<'_> {
    /// The file to keep in the site, if this sink keeps files.
    fn keep(self, path: &str, bytes: Vec<u8>) -> Result<Kept, Diagnostic> {
        match self {
            Sink::Memory => Ok(Some(held(bytes))),
            Sink::Stream(sink) => {
                sink.put(path, &bytes).map(|()| None).map_err(|e| unwritable(sink, path, &e))
            }
        }
    }

    /// Whether files are handed on (not kept in the site).
    pub fn streams(self) -> bool {
        matches!(self, Sink::Stream(_))
    }

    /// A file already shared (an image's copy): kept without copying it, or handed on.
    pub fn keep_shared(self, path: &str, bytes: &Arc<Vec<u8>>) -> Result<Option<Arc<Vec<u8>>>, Diagnostic> {
        match self {
            Sink::Memory => Ok(Some(bytes.clone())),
            Sink::Stream(sink) => {
                sink.put(path, bytes).map(|()| None).map_err(|e| unwritable(sink, path, &e))
            }
        }
    }
}

fn unwritable(sink: &dyn FileSink, path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(sink.destination(path), format!("cannot write this file: {e}"))
}

/// A file to hold in memory until every one is rendered: without spare capacity (a quarter
/// of a page on average).
fn held(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes.shrink_to_fit();
    bytes
}

impl RenderedSite {
    fn add(&mut self, path: String, kept: Kept) {
        if let Some(bytes) = kept {
            self.files.insert(path, Arc::new(bytes));
        }
    }

    /// Adds files made by another stage (images' copies, the search index): kept without
    /// copying them, or handed to the sink. The errors of the files that could not be.
    pub fn add_shared(&mut self, files: &BTreeMap<String, Arc<Vec<u8>>>, sink: Sink) -> Diagnostics {
        let mut errors = Diagnostics::new();
        for (path, bytes) in files {
            match sink.keep_shared(path, bytes) {
                Ok(Some(kept)) => {
                    self.files.insert(path.clone(), kept);
                }
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        errors
    }
}

/// Renders every page of the site into `sink`, with `pictures` (the image copies the pages
/// show: output path → contents). All template errors of the run are returned together.
pub fn render(
    graph: &SiteGraph,
    theme: &Theme,
    config: &Config,
    pictures: &BTreeMap<String, Arc<Vec<u8>>>,
    sink: Sink,
) -> Result<RenderedSite, Diagnostics> {
    let views = Views::new(graph, config);
    let jobs = jobs(graph, config);
    let results: Vec<Result<(String, Kept), Vec<Diagnostic>>> = jobs
        .par_iter()
        .map(|job| {
            let (path, bytes) = render_job(&views, theme, *job)?;
            if let Some(source) = theme.statics.get(&path) {
                return Err(vec![overwritten_by_static(config, source, &path)]);
            }
            let kept = sink.keep(&path, bytes).map_err(|e| vec![e])?;
            Ok((path, kept))
        })
        .collect();
    views.discard();
    let mut site = RenderedSite::default();
    let mut errors = Diagnostics::new();
    for (job, result) in jobs.iter().zip(results) {
        match result {
            Ok((path, kept)) => {
                if let Some(lang) = job_language(graph, config, *job).filter(|_| is_page(*job)) {
                    *site.pages_per_lang.entry(lang.code.to_string()).or_default() += 1;
                }
                site.add(path, kept);
            }
            Err(d) => errors.extend(d),
        }
    }
    for (path, bytes) in other_files(theme, config, pictures, &mut errors) {
        match sink.keep(&path, bytes) {
            Ok(kept) => site.add(path, kept),
            Err(e) => errors.push(e),
        }
    }
    errors.extend(site.add_shared(pictures, sink));
    if errors.has_errors() { Err(errors.merge_repeats("page", "pages")) } else { Ok(site) }
}

/// A static file whose output name is a page's: one would overwrite the other.
fn overwritten_by_static(config: &Config, source: &std::path::Path, path: &str) -> Diagnostic {
    let shown = source.strip_prefix(&config.root).unwrap_or(source);
    Diagnostic::error(
        shown,
        format!(
            "this static file would be written to /{path}, where the site writes a page or file of its own"
        ),
    )
    .with_hint("move or rename it: static files may not take the place of the site's own pages and files")
}

/// Renders again only the pages that show the Markdown body of the given entries (after a
/// body-only edit), on top of `previous`: an item's own page, or the home or section page
/// whose own text it is.
pub fn rerender(
    graph: &SiteGraph,
    theme: &Theme,
    config: &Config,
    previous: &RenderedSite,
    entries: &[EntryId],
) -> Result<RenderedSite, Diagnostics> {
    let views = Views::new(graph, config);
    let jobs: Vec<Job> = entries
        .iter()
        .filter_map(|&i| {
            let e = graph.entry(i);
            let lang = config.language(e.key.lang.as_str())?;
            Some(match e.key.kind {
                Kind::Item(_) => Job::Entry(i),
                Kind::Home => Job::Site(SiteFile::home(lang)),
                // A kind without a list page has no text of its own: the loader refuses it.
                Kind::Index(s) => Job::Site(SiteFile::list(lang, s)?),
            })
        })
        .collect();
    let mut site = previous.clone();
    let mut errors = Diagnostics::new();
    for result in jobs.par_iter().map(|job| render_job(&views, theme, *job)).collect::<Vec<_>>() {
        match result {
            Ok((path, bytes)) => {
                site.files.insert(path, Arc::new(held(bytes)));
            }
            Err(d) => errors.extend(d),
        }
    }
    if errors.has_errors() { Err(errors.merge_repeats("page", "pages")) } else { Ok(site) }
}

/// A rendered file (output path, bytes), or the template errors that stopped it.
type JobResult = Result<(String, Vec<u8>), Vec<Diagnostic>>;

fn render_job(views: &Views, theme: &Theme, job: Job) -> JobResult {
    let url = job_url(views, job);
    if let Some(bytes) = machine_file(views, theme, job) {
        return Ok((urls::output_path(&url), bytes));
    }
    // A job with no template wrote its file above (`machine_file`).
    let template = template_of(views, job).unwrap_or_default();
    let context = match job {
        Job::Alias(i, _) => alias_context(views, theme, i, &url),
        _ => context_of(views, theme, job, &url),
    };
    // Bytes straight from the engine: a page is written as bytes, never used as a `String`.
    let mut html = Vec::with_capacity(16 * 1024);
    theme.tera.render_to(template, &context, &mut html).map_err(|e| {
        let page = match job {
            Job::Entry(i) => format!("/{url} ({})", views.graph.entry(i).path.display()),
            _ => format!("/{url}"),
        };
        theme.diagnostics(&e, template, &format!("rendering {page}"))
    })?;
    let path = urls::output_path(&url);
    let html = if path.ends_with(".html") { with_policy(html) } else { html };
    Ok((path, html))
}

/// The Content-Security-Policy of every page: only the site's own scripts, styles, pictures,
/// fonts and requests, and search's WebAssembly (`'wasm-unsafe-eval'`, which lets a page
/// compile WebAssembly and nothing else); no inline script, no plugin, no frame, no `<base>`,
/// forms sent only to the site. GitHub Pages sets no headers, so it is a `<meta>`, a
/// backstop behind the checks of what pages may contain.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; worker-src 'self'; \
     object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'self'";

/// A rendered page with the [`CONTENT_SECURITY_POLICY`] as the first thing of its `<head>`
/// after the character set (whatever the theme's templates write: no theme can forget it).
fn with_policy(html: Vec<u8>) -> Vec<u8> {
    let head_end = memchr::memmem::find(&html, b"</head>").unwrap_or(html.len());
    let find = |needle: &[u8]| memchr::memmem::find(&html[..head_end], needle);
    let after = |at: usize| html[at..].iter().position(|&b| b == b'>').map(|p| at + p + 1);
    let Some(at) = find(b"<meta charset").or_else(|| find(b"<head")).and_then(after) else {
        return html;
    };
    let meta =
        format!("\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">");
    let mut out = Vec::with_capacity(html.len() + meta.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(meta.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The files written without a template: open data, schemas, calendars, and the files
/// written as they are (`.nojekyll`, `CNAME`).
fn machine_file(views: &Views, theme: &Theme, job: Job) -> Option<Vec<u8>> {
    match job {
        Job::Site(f) => site_files::file(views, theme, f),
        Job::CouncilCalendar(i, _) => {
            let l = views.language(views.graph.entry(i));
            let title = views.graph.entry(i).title().unwrap_or_default();
            Some(data::calendar(
                views,
                l,
                &[i],
                title,
                &theme.ui_string(l.code.as_str(), "calendar_note_one"),
            ))
        }
        Job::Entry(_) | Job::Alias(..) => None,
    }
}

/// What the page at an old URL needs: the page's language, title and address (where the
/// old URL leads, and its canonical link).
fn alias_context(views: &Views, theme: &Theme, i: EntryId, url: &str) -> Context {
    let e = views.graph.entry(i);
    let lang = views.language(e);
    let mut ctx = Context::new();
    ctx.insert("lang", lang.code.as_str());
    ctx.insert_value("ui", theme.ui(lang.code.as_str()));
    ctx.insert("title", e.title().unwrap_or_default());
    ctx.insert("current_url", &views.config.base_url.join(url));
    ctx.insert("target", &views.config.base_url.join(&e.url));
    ctx.insert("permalink", &views.config.base_url.absolute(&e.url));
    ctx
}

fn context_of(views: &Views, theme: &Theme, job: Job, url: &str) -> Context {
    let mut ctx = Context::new();
    let config = views.config;
    let lang = job_language(views.graph, config, job)
        .unwrap_or_else(|| config.language(config.default_language.as_str()).unwrap_or(&config.languages[0]));
    ctx.insert("lang", lang.code.as_str());
    ctx.insert("lang_name", &lang.name);
    ctx.insert_value("ui", theme.ui(lang.code.as_str()));
    ctx.insert_value("site", views.site_value(lang));
    ctx.insert("current_url", &config.base_url.join(url));
    let permalink = config.base_url.absolute(url);
    ctx.insert("permalink", &permalink);
    ctx.insert("translations", &views.translations(lang, |other| job_in(views, job, other)));
    ctx.insert_value("languages", views.languages_value(lang));
    ctx.insert("default_language", config.default_language.as_str());
    let lang_graph = views.graph.langs.iter().find(|g| g.lang == lang.code);
    ctx.insert("nav_section", nav_section(views, job));
    ctx.insert("search_page", &matches!(job, Job::Site(f) if f.is(&urls::SEARCH)));
    if matches!(job, Job::Site(f) if f.output().role == urls::Role::Shared) {
        // Pages of every language: a footer per language.
        let sites = config.languages.iter().map(|l| (l.code.to_string(), views.site_value(l)));
        ctx.insert_value("sites", tera::Value::from(sites.collect::<BTreeMap<_, _>>()));
    }
    let title = page_title(views, theme, job, lang, lang_graph);
    let trail = breadcrumbs(views, theme, job, lang, lang_graph, title.as_deref());
    let fill = match job {
        Job::Site(file) => {
            Some(site_files::Fill { views, theme, file, graph: lang_graph, title: title.as_deref() })
        }
        _ => None,
    };
    if site_page_is(job, SiteFile::has_head) {
        let share = share(views, theme, job, lang, lang_graph, title.clone());
        let subject = match (job, &fill) {
            (Job::Entry(i), _) => data::Subject::Entry(i),
            (_, Some(fill)) => site_files::subject(fill, lang, &share.title, url),
            _ => data::Subject::Page(&share.title, url),
        };
        let structured = data::structured_data(views, lang, subject, &trail);
        let site_name = config.title.get(&lang.code).map_or("", String::as_str);
        let site_image = config.image.as_deref().map(|i| config.base_url.absolute(i));
        let own = match job {
            Job::Entry(i) => views.graph.rendered[i].picture.as_ref(),
            _ => None,
        };
        let image = match (own, &site_image) {
            (Some(p), _) => {
                Some(data::ShareImage { url: &p.absolute, size: p.width.zip(p.height), alt: &p.alt })
            }
            (None, Some(url)) => Some(data::ShareImage { url, size: theme.share_card, alt: site_name }),
            (None, None) => None,
        };
        let tags = data::head_tags(&data::HeadTags {
            title: &share.title,
            description: &share.description,
            kind: share.kind,
            url: &permalink,
            site_name,
            image,
            locale: share.locale,
            alternates: &share.alternates,
            structured_data: &structured,
        });
        ctx.insert("description", &share.description);
        ctx.insert("breadcrumbs", &trail);
        ctx.insert_value("head_tags", tera::Value::safe_string(&tags));
    }
    if let Job::Entry(i) = job {
        ctx.insert_value("page", views.page(i));
    }
    if let Some(fill) = &fill {
        site_files::fill(fill, &mut ctx);
    }
    ctx
}

/// The menu's section a page belongs to (`councils`, `timeline`, a free page's id…), so
/// that the menu marks it on the section's own pages too.
fn nav_section<'c>(views: &Views<'c>, job: Job<'c>) -> &'c str {
    match job {
        Job::Entry(i) => match views.graph.entry(i).key.kind {
            Kind::Item(Section::Pages) => views.graph.entry(i).key.id.as_str(),
            Kind::Item(s) | Kind::Index(s) => s.folder(),
            Kind::Home => "home",
        },
        Job::Site(f) => f.menu().unwrap_or_default(),
        Job::CouncilCalendar(..) | Job::Alias(..) => "",
    }
}

/// What the page of `job` is called in `lang`, for its breadcrumbs and its share card: its
/// own title, its section's, or the UI's name for it. `None` for a home page.
fn page_title(
    views: &Views,
    theme: &Theme,
    job: Job,
    lang: &Language,
    g: Option<&LangGraph>,
) -> Option<String> {
    let ui = |key: &str| theme.ui_string(lang.code.as_str(), key);
    Some(match job {
        Job::Entry(i) => views.graph.entry(i).title()?.to_string(),
        Job::Site(f) => match f.section() {
            Some(s) => section_title(views, theme, lang, g, s),
            None => ui(f.output().title_key?),
        },
        Job::CouncilCalendar(..) | Job::Alias(..) => return None,
    })
}

/// A section's title: its own text's, or the UI's name for it.
fn section_title(views: &Views, theme: &Theme, lang: &Language, g: Option<&LangGraph>, s: Section) -> String {
    g.and_then(|g| g.section_index.get(&s))
        .and_then(|&i| views.graph.entry(i).title().map(String::from))
        .unwrap_or_else(|| theme.ui_string(lang.code.as_str(), s.folder()))
}

/// The way from the language's home page to a page: the title and URL of each page above
/// it and of the page itself. Empty on a home page and on pages of no language.
fn breadcrumbs(
    views: &Views,
    theme: &Theme,
    job: Job,
    lang: &Language,
    g: Option<&LangGraph>,
    title: Option<&str>,
) -> Vec<data::Crumb> {
    let config = views.config;
    let (Some(title), true) = (title, site_page_is(job, SiteFile::in_trail)) else {
        return Vec::new();
    };
    let crumb = |title: String, url: String| data::Crumb { title, url: config.base_url.join(&url) };
    let mut trail = vec![crumb(theme.ui_string(lang.code.as_str(), "home"), urls::home(&lang.code))];
    if let Job::Entry(i) = job
        && let Kind::Item(s) = views.graph.entry(i).key.kind
        && s.info().list_template.is_some()
    {
        trail.push(crumb(section_title(views, theme, lang, g, s), urls::list(config, &lang.code, s)));
    }
    trail.push(crumb(title.to_string(), job_url(views, job)));
    trail
}

/// What a page shows when it is shared, and says to search engines: its title, a description
/// of at most 160 characters, its Open Graph type and locales.
struct Share<'c> {
    title: String,
    description: String,
    /// `article` for a content page, `website` for the others.
    kind: &'static str,
    locale: &'c str,
    /// The locales of the page's other languages.
    alternates: Vec<&'c str>,
}

/// The longest meta description search engines show in full.
const DESCRIPTION_LENGTH: usize = 160;

fn share<'c>(
    views: &Views<'c>,
    theme: &Theme,
    job: Job<'c>,
    lang: &'c Language,
    g: Option<&LangGraph>,
    title: Option<String>,
) -> Share<'c> {
    let config = views.config;
    let site_description = || config.description.get(&lang.code).cloned().unwrap_or_default();
    let ui = |key: &str| theme.ui_string(lang.code.as_str(), key);
    let summary =
        |e: Option<EntryId>| e.and_then(|i| views.graph.entry(i).meta.front().summary().map(String::from));
    let (description, kind) = match job {
        Job::Entry(i) => (summary(Some(i)).unwrap_or_else(site_description), "article"),
        Job::Site(f) if f.is(&urls::HOME) => {
            (summary(g.and_then(|g| g.home)).unwrap_or_else(site_description), "website")
        }
        Job::Site(f) => match f.section() {
            Some(s) => {
                let description = summary(g.and_then(|g| g.section_index.get(&s).copied()))
                    .unwrap_or_else(|| format!("{} · {}", ui(s.folder()), site_description()));
                (description, "website")
            }
            None => (f.output().description_key.map_or_else(site_description, ui), "website"),
        },
        Job::CouncilCalendar(..) | Job::Alias(..) => (site_description(), "website"),
    };
    let alternates = config
        .languages
        .iter()
        .filter(|l| l.code != lang.code && job_in(views, job, l).is_some())
        .map(|l| l.locale.as_str())
        .collect();
    Share {
        title: title.unwrap_or_else(|| config.title.get(&lang.code).cloned().unwrap_or_default()),
        description: crate::text::shortened(&description, DESCRIPTION_LENGTH),
        kind,
        locale: &lang.locale,
        alternates,
    }
}

/// The files that are not rendered: the theme's and the site's static files, each checked,
/// and none where another stage writes (a picture's copy, a search index).
fn other_files(
    theme: &Theme,
    config: &Config,
    pictures: &BTreeMap<String, Arc<Vec<u8>>>,
    errors: &mut Diagnostics,
) -> Vec<(String, Vec<u8>)> {
    let indexes: Vec<String> = urls::taken(config)
        .into_iter()
        .filter(|f| f.is(&urls::SEARCH_INDEX))
        .map(|f| f.url(config))
        .collect();
    let mut files = Vec::new();
    let total: u64 = theme.statics.values().map(|path| std::fs::metadata(path).map_or(0, |m| m.len())).sum();
    if total > statics::MAX_TOTAL_BYTES {
        let d = Diagnostic::error(
            "static",
            format!(
                "the static files weigh {} MiB together: a site on GitHub Pages may weigh {} MiB",
                total >> 20,
                statics::MAX_TOTAL_BYTES >> 20
            ),
        );
        errors.push(d.with_hint("publish the largest elsewhere (the publisher's own site) and link them"));
        return files;
    }
    for (name, path) in &theme.statics {
        if pictures.contains_key(name) || indexes.iter().any(|folder| name.starts_with(folder.as_str())) {
            errors.push(overwritten_by_static(config, path, name));
            continue;
        }
        let read = theme.published.get(name).map(|bytes| Ok(bytes.clone()));
        match read.unwrap_or_else(|| static_file(config, name, path)) {
            Ok(bytes) => files.push((name.clone(), bytes)),
            Err(e) => errors.push(e),
        }
    }
    files
}
