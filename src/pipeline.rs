//! The whole build, from a site folder to a rendered site in memory: the one chain of stages
//! that `build`, `check` and `serve` share. It collects every diagnostic of every stage.
//! [`rebuild`] is the same chain after a change, redoing only what the change can affect;
//! a test holds it to be byte-identical to a clean [`run`].

use crate::config::{self, Config};
use crate::content::{self, Corpus, Entry, EntryId, LoadOptions};
use crate::diagnostics::Diagnostics;
use crate::graph::{self, SiteGraph};
use crate::images::{self, Media};
use crate::markdown;
use crate::media::Catalog;
use crate::render::{self, FileSink, RenderedSite, Sink, Theme};
use crate::search::{self, SearchIndex};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a run may change.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    /// Includes drafts.
    pub drafts: bool,
    /// For the preview: stylesheets and scripts are linked by their plain names, so that an
    /// edited stylesheet is swapped into the open page, where a build links them with their
    /// contents' hash so that no browser shows a new site with yesterday's stylesheet.
    pub preview: bool,
}

/// A successful run: the site, and what is kept to rebuild it after a change.
pub struct Built {
    /// The configuration used.
    pub config: Config,
    /// The loaded theme.
    pub theme: Arc<Theme>,
    /// The related content.
    pub graph: SiteGraph,
    /// Every file of the site.
    pub site: RenderedSite,
    /// The site's images, as found.
    pub catalog: Arc<Catalog>,
    /// The copies of the images the pages show.
    pub media: Arc<Media>,
    /// The search index, when the site has one and this run made it (the preview makes it
    /// in the background instead).
    pub search: Option<Arc<SearchIndex>>,
    /// Warnings (missing translations, drafts, unused domains…).
    pub warnings: Diagnostics,
    /// The warnings of the loading stage alone, which a body edit cannot change.
    load_warnings: Diagnostics,
    /// The warnings of relating the entries, which a body edit cannot change either.
    relation_warnings: Diagnostics,
}

/// How much a rebuild redid, for the preview's log and the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everything, from `site.yaml` on.
    Full,
    /// The Markdown bodies of these many files, and the pages that show them.
    Bodies(usize),
    /// These many static files, re-read.
    Statics(usize),
}

/// Runs every stage on the site in `root`, keeping the rendered site in memory. On failure,
/// every error and warning of the run.
pub fn run(root: &Path, options: &Options) -> Result<Built, Diagnostics> {
    run_with(root, options, Sink::Memory)
}

/// [`run`], handing each file to `sink` as soon as it is rendered instead of keeping it
/// (the site's `files` stay empty).
pub fn run_into(root: &Path, options: &Options, sink: &dyn FileSink) -> Result<Built, Diagnostics> {
    run_with(root, options, Sink::Stream(sink))
}

fn run_with(root: &Path, options: &Options, sink: Sink) -> Result<Built, Diagnostics> {
    finish(load(root, options)?, sink)
}

/// The first stages of a run: the configuration, the theme and the content, with what they
/// found wrong so far. `check --translations` reports on this corpus, then [`finish`]es.
pub struct Loaded {
    /// The configuration.
    pub config: Config,
    /// The loaded theme, or why it could not be.
    theme: Result<Theme, Diagnostics>,
    /// The valid entries, and the keys of drafts and of files that failed to load.
    pub corpus: Corpus,
    /// Every diagnostic of loading.
    diagnostics: Diagnostics,
    /// Whether to make the search index in this run.
    search: bool,
}

/// Loads the configuration, the theme and the content of the site in `root`. Err only when
/// `site.yaml` itself cannot be used.
pub fn load(root: &Path, options: &Options) -> Result<Loaded, Diagnostics> {
    let mut clock = Timings::start();
    let config = crate::urls::load_config(root, options.base_url.as_deref())?;
    let theme = render::theme::load(&config, !options.preview);
    clock.lap("config and theme");
    let (corpus, mut diagnostics) = content::load(&config, LoadOptions { drafts: options.drafts });
    clock.lap("content");
    if config.publisher.is_none() && !options.preview {
        diagnostics.push(config::publisher::missing());
    }
    if !diagnostics.has_errors() {
        // (Content that failed to load would make the forms look out of date.)
        diagnostics.extend(crate::cms::stale(&config, &corpus));
    }
    if !options.preview {
        // (The preview publishes nothing, and answers a save within milliseconds.)
        diagnostics.extend(cache_in_repository(root));
    }
    let search = config.search && !options.preview;
    Ok(Loaded { config, theme, corpus, diagnostics, search })
}

/// An error when git tracks the site's `.portal-cache/`: the cache is trusted as this
/// machine's own, and one that came with the sources (a pull request can add it) could
/// publish what no check saw.
pub fn cache_in_repository(root: &Path) -> Option<crate::diagnostics::Diagnostic> {
    crate::history::tracks(root, crate::sources::CACHE_DIR).then(|| {
        let message = "git tracks this folder: it holds what this machine's builds made, and a \
                       copy that came with the sources could publish what no check has seen";
        let hint = "take it out of git (`git rm -r --cached .portal-cache`); it stays on your machine";
        crate::diagnostics::Diagnostic::error(crate::sources::CACHE_DIR, message).with_hint(hint)
    })
}

impl Loaded {
    /// The same run without the search index: for a run that only checks the site (`portal
    /// mv`), which neither writes the index nor keeps its pages.
    pub fn without_search(self) -> Self {
        Loaded { search: false, ..self }
    }
}

/// Runs the rest of the chain on what [`load`] gave: Markdown, graph, rendering into `sink`.
pub fn finish(loaded: Loaded, sink: Sink) -> Result<Built, Diagnostics> {
    let Loaded { config, theme, corpus, mut diagnostics, search } = loaded;
    let mut clock = Timings::start();
    let load_warnings = diagnostics.clone();
    let (corpus, bodies) = corpus.take_bodies();
    let catalog = Arc::new(Catalog::new(&config, &corpus.files));
    clock.lap("images looked at");
    // The graph's relations need no Markdown: made beside it, on the same threads.
    let ((rendered, errors), relations) = rayon::join(
        || markdown::render(&corpus, bodies, &config, &catalog),
        || graph::relate(&corpus, &config),
    );
    clock.lap("markdown and relations");
    diagnostics.extend(errors);
    let relation_warnings = relations.diagnostics().clone();
    let (graph, errors) = graph::build(corpus, rendered, relations);
    clock.lap("graph");
    diagnostics.extend(errors);
    let theme = match theme {
        Ok(theme) => Arc::new(theme),
        Err(errors) => {
            diagnostics.extend(errors);
            return Err(diagnostics);
        }
    };
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let media = Arc::new(images(&config, &catalog, &graph, None).map_err(|e| with(&diagnostics, e))?);
    clock.lap("images");
    // The index needs the graph only: made beside the pages. Its driver is a plain thread,
    // never one of rayon's workers: a worker blocked waiting for the index's own threads
    // could leave rayon's pool with no thread to run their work (the pages and the index
    // still share the pool's threads for their parallel parts).
    // Where the pages are handed on as they are rendered, so are each language's index files
    // as soon as they are made: they are not held until the end.
    let hand_on = move |path: &str, bytes: &Arc<Vec<u8>>| sink.keep_shared(path, bytes).map(|_| ());
    let out: Option<&search::Out<'_>> = sink.streams().then_some(&hand_on);
    let (site, index) = std::thread::scope(|scope| {
        let (graph, config) = (&graph, &config);
        let index = scope.spawn(move || {
            search.then(|| search::index(graph, config, search::Effort::Full, None, false, out)).transpose()
        });
        let site = render::render(graph, &theme, config, &media.files, sink);
        (site, index.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    clock.lap("render and search index");
    let site = site.and_then(|mut site| {
        let index = index?.map(Arc::new);
        let errors = index.as_ref().map(|i| site.add_shared(&i.files, sink)).unwrap_or_default();
        if errors.has_errors() {
            return Err(errors);
        }
        Ok((site, index))
    });
    match site {
        Ok((site, search)) => Ok(Built {
            config,
            theme,
            graph,
            site,
            catalog,
            media,
            search,
            warnings: diagnostics,
            load_warnings,
            relation_warnings,
        }),
        Err(errors) => {
            diagnostics.extend(errors);
            Err(diagnostics)
        }
    }
}

/// The copies of every image the pages show.
fn images(
    config: &Config,
    catalog: &Catalog,
    graph: &SiteGraph,
    previous: Option<&Media>,
) -> Result<Media, Diagnostics> {
    let used = graph.rendered.iter().flat_map(|r| r.images.iter().cloned()).collect();
    images::process(config, catalog, &used, previous)
}

/// `diagnostics` and then `more`.
fn with(diagnostics: &Diagnostics, more: Diagnostics) -> Diagnostics {
    let mut all = diagnostics.clone();
    all.extend(more);
    all
}

/// Rebuilds `previous` after the files `changed` (relative to `root`) changed on disk.
/// A body edit re-renders that body and the pages that show it; a changed stylesheet or
/// other existing static file is re-read; anything else — front matter, a new, deleted or
/// renamed file, a template, `site.yaml` — runs the whole chain again.
pub fn rebuild(
    previous: &Built,
    root: &Path,
    options: &Options,
    changed: &[PathBuf],
) -> (Result<Built, Diagnostics>, Scope) {
    // Outside the preview, pages link stylesheets and scripts with their contents' hash.
    let versioned = |path: &PathBuf| path.extension().is_some_and(|e| e == "css" || e == "js");
    let statics = changed_statics(previous, root, changed)
        .filter(|_| options.preview || !changed.iter().any(versioned));
    if let Some(statics) = statics {
        return (reread_statics(previous, &statics), Scope::Statics(statics.len()));
    }
    match edited_bodies(previous, changed) {
        Some(edits) if !edits.is_empty() => {
            let n = edits.len();
            (rebuild_bodies(previous, edits), Scope::Bodies(n))
        }
        _ => (run(root, options), Scope::Full),
    }
}

/// The entries whose file changed only below the front matter, with their new version;
/// `None` if any change is more than that.
fn edited_bodies(previous: &Built, changed: &[PathBuf]) -> Option<Vec<(EntryId, Entry)>> {
    let corpus = &previous.graph.corpus;
    changed
        .iter()
        .map(|path| {
            // Only a file the full build would read (not a link out of the site, a pipe…).
            if !crate::sources::is_source_file(&previous.config.root, path) {
                return None;
            }
            let mut entry = content::load_one(&previous.config, corpus, path).ok()??;
            let index = corpus.find(&entry.key)?;
            let old = &corpus.entries[index];
            // Saving a file makes no commit: its history stays as the full build read it.
            (entry.last_changed, entry.first_changed) = (old.last_changed, old.first_changed);
            (old.front == entry.front && old.path == entry.path).then_some((index, entry))
        })
        .collect()
}

fn rebuild_bodies(previous: &Built, edits: Vec<(EntryId, Entry)>) -> Result<Built, Diagnostics> {
    let mut clock = Timings::start();
    let config = &previous.config;
    let mut corpus = previous.graph.corpus.clone();
    let mut rendered = previous.graph.rendered.clone();
    let mut indexes: Vec<EntryId> = edits.iter().map(|(i, _)| *i).collect();
    for (index, entry) in edits {
        corpus = corpus.with_entry(index, entry);
    }
    // The edited pages' versions are made while their bodies are in the corpus.
    let mut corpus = corpus.with_versions(config);
    let bodies: Vec<String> =
        indexes.iter().map(|&i| std::mem::take(&mut Arc::make_mut(&mut corpus.entries[i]).body)).collect();
    let mut diagnostics = previous.load_warnings.clone();
    for (&index, body) in indexes.iter().zip(&bodies) {
        let (r, errors) = markdown::render_entry(&corpus, config, &previous.catalog, index, body);
        rendered[index] = Arc::new(r);
        diagnostics.extend(errors);
    }
    // An edited page's translations may have become outdated, or current again.
    let translations: Vec<EntryId> = indexes
        .iter()
        .filter(|&&i| corpus.get(i).key.lang == config.default_language)
        .flat_map(|&i| corpus.translations_of(config, i))
        .filter(|t| !indexes.contains(t))
        .collect();
    indexes.extend(translations);
    clock.lap("copy and markdown");
    // Only bodies changed: the entries relate as they did.
    let relations = previous.graph.relations(previous.relation_warnings.clone());
    let (graph, errors) = graph::build(corpus, rendered, relations);
    clock.lap("graph");
    diagnostics.extend(errors);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    // A body may show an image it did not, or no longer show one.
    let media = images(config, &previous.catalog, &graph, Some(&previous.media))
        .map_err(|e| with(&diagnostics, e))?;
    let mut site = render::rerender(&graph, &previous.theme, config, &previous.site, &indexes)
        .map_err(|e| with(&diagnostics, e))?;
    replace_files(&mut site, &previous.media.files, &media.files);
    let search = match &previous.search {
        Some(old) => {
            let index = search::index(&graph, config, search::Effort::Full, Some(old), true, None)
                .map_err(|e| with(&diagnostics, e))?;
            replace_files(&mut site, &old.files, &index.files);
            Some(Arc::new(index))
        }
        None => None,
    };
    clock.lap("render");
    Ok(Built {
        config: config.clone(),
        theme: previous.theme.clone(),
        graph,
        site,
        catalog: previous.catalog.clone(),
        media: Arc::new(media),
        search,
        warnings: diagnostics,
        load_warnings: previous.load_warnings.clone(),
        relation_warnings: previous.relation_warnings.clone(),
    })
}

/// The site with the files `old` of a stage replaced by its files `new`.
fn replace_files(site: &mut RenderedSite, old: &Files, new: &Files) {
    for name in old.keys() {
        site.files.remove(name);
    }
    site.files.extend(new.iter().map(|(n, b)| (n.clone(), b.clone())));
}

type Files = std::collections::BTreeMap<String, Arc<Vec<u8>>>;

/// The output names of the changed files if every one is an existing static file.
fn changed_statics(previous: &Built, root: &Path, changed: &[PathBuf]) -> Option<Vec<(String, PathBuf)>> {
    let statics = &previous.theme.statics;
    let found: Option<Vec<_>> = changed
        .iter()
        .map(|path| {
            let full = root.join(path);
            let (name, source) = statics.iter().find(|(_, source)| **source == full)?;
            // A picture's size is in the pages that show it (and its copies are made from it):
            // the full build reads it again.
            if crate::media::Format::of(path).is_some() {
                return None;
            }
            // Replaced by a link out of the site, a pipe or a device: the full build says so.
            crate::sources::is_source_file(root, path).then(|| (name.clone(), source.clone()))
        })
        .collect();
    found.filter(|f| !f.is_empty())
}

fn reread_statics(previous: &Built, statics: &[(String, PathBuf)]) -> Result<Built, Diagnostics> {
    let mut site: RenderedSite = previous.site.clone();
    let mut errors = Diagnostics::default();
    for (name, source) in statics {
        match crate::render::static_file(&previous.config, name, source) {
            Ok(bytes) => drop(site.files.insert(name.clone(), Arc::new(bytes))),
            // Every refused file is said, as a full build says them.
            Err(e) => errors.push(e),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(Built {
        config: previous.config.clone(),
        theme: previous.theme.clone(),
        graph: previous.graph.clone(),
        site,
        catalog: previous.catalog.clone(),
        media: previous.media.clone(),
        search: previous.search.clone(),
        warnings: previous.warnings.clone(),
        load_warnings: previous.load_warnings.clone(),
        relation_warnings: previous.relation_warnings.clone(),
    })
}

/// With `PORTAL_TIMINGS` set, prints how long each step took (for the benchmark's profile).
pub struct Timings(Option<std::time::Instant>);

impl Timings {
    /// Starts the clock if `PORTAL_TIMINGS` is set.
    pub fn start() -> Self {
        Self(std::env::var_os("PORTAL_TIMINGS").map(|_| std::time::Instant::now()))
    }

    /// Prints the time since the last lap, naming the step that just ended.
    pub fn lap(&mut self, stage: &str) {
        if let Some(start) = self.0 {
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            match peak_memory() {
                Some(peak) => crate::tell!("timing: {stage}: {ms:.1} ms (peak memory so far {peak})"),
                None => crate::tell!("timing: {stage}: {ms:.1} ms"),
            }
            self.0 = Some(std::time::Instant::now());
        }
    }
}

/// The process's peak resident memory so far, where the system tells it (Linux).
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
    Some(line.trim().to_string())
}
