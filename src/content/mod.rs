//! Stage 2, content loading: walks `content/`, reads every Markdown file and parses its
//! front matter into typed entries. The result, a [`Corpus`], holds only valid entries.

pub mod frontmatter;
pub mod kinds;
pub mod model;
pub mod translations;
pub mod versions;

use crate::config::{Config, Lang};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::urls::SiteFile;
use crate::yaml::YamlSource;
use ahash::{AHashMap as HashMap, AHashSet as HashSet};
pub use kinds::{Key, Kind, KindInfo, Order, PLACEHOLDER_BODY, Section};
pub use model::Meta;
use model::*;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The content folder under the site root.
pub const CONTENT_DIR: &str = "content";

/// One parsed content file.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Kind, id, language.
    pub key: Key,
    /// The file, relative to the site root.
    pub path: PathBuf,
    /// The URL segment in this language.
    pub slug: Slug,
    /// The page's path under the site root, such as `ro/consilii/al-treilea/` (no base path).
    pub url: String,
    /// The parsed front matter.
    pub meta: Meta,
    /// The front matter's YAML text, to place later errors on its lines.
    pub front: String,
    /// The Markdown body.
    pub body: String,
    /// The 1-based line of the file on which the body starts.
    pub body_line: usize,
    /// For a page in the default language that a translation tracks, its version now.
    pub version: Option<versions::Version>,
    /// The day of the last commit that changed the file, when the site has git history.
    pub last_changed: Option<Date>,
    /// The day of the commit that added the file, when the site has git history.
    pub first_changed: Option<Date>,
}

impl Entry {
    /// An error about `value`, written under `key` in this entry's front matter, at its line.
    pub fn error_at(&self, key: &str, value: &str, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.locate(key, value);
        Diagnostic::error(&self.path, message).at(line, col)
    }

    /// Whether the file itself writes `field` (a translation may take it from its original).
    pub fn states(&self, field: &str) -> bool {
        self.yaml().has_key(field)
    }

    /// The file line and column of `value` written under `key` in the front matter.
    pub fn locate(&self, key: &str, value: &str) -> (usize, usize) {
        self.yaml().locate(key, value)
    }

    /// The same, for the `n`th time (from 0) `value` is written there.
    pub fn locate_nth(&self, key: &str, value: &str, n: usize) -> (usize, usize) {
        self.yaml().locate_nth(key, value, n)
    }

    fn yaml(&self) -> YamlSource<'_> {
        YamlSource { path: &self.path, text: &self.front, first_line: 2 }
    }

    /// The title, where the kind has one.
    pub fn title(&self) -> Option<&str> {
        // Only a draft may have a blank title (a page just started with `portal new`): the
        // preview shows it by its id, not as a link with nothing to click.
        self.meta.front().title().map(|t| if t.trim().is_empty() { self.key.id.as_str() } else { t })
    }

    /// When the page was last changed, if its front matter says so.
    pub fn updated(&self) -> Option<Date> {
        self.meta.front().updated()
    }

    /// When the page last changed: its `updated`, or else its file's last commit.
    pub fn last_updated(&self) -> Option<Date> {
        self.updated().or(self.last_changed)
    }

    /// The date, for a dated kind.
    pub fn date(&self) -> Option<Date> {
        self.meta.front().date()
    }
}

/// The place of an entry in its corpus: an index into `Corpus::entries` and into every
/// vector aligned with it (the graph's links and rendered Markdown), typed so that it is
/// never taken for another number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryId(u32);

impl EntryId {
    /// The id of the entry at position `i`.
    pub fn new(i: usize) -> Self {
        // A corpus is far smaller than four billion files.
        Self(u32::try_from(i).unwrap_or(u32::MAX))
    }

    /// Its position in the corpus's vectors.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl<T> std::ops::Index<EntryId> for [T] {
    type Output = T;
    fn index(&self, id: EntryId) -> &T {
        &self[id.index()]
    }
}

impl<T> std::ops::IndexMut<EntryId> for [T] {
    fn index_mut(&mut self, id: EntryId) -> &mut T {
        &mut self[id.index()]
    }
}

impl<T> std::ops::Index<EntryId> for Vec<T> {
    type Output = T;
    fn index(&self, id: EntryId) -> &T {
        &self[id.index()]
    }
}

impl<T> std::ops::IndexMut<EntryId> for Vec<T> {
    fn index_mut(&mut self, id: EntryId) -> &mut T {
        &mut self[id.index()]
    }
}

/// Every valid content file of the site, in a stable order, with an index by key.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The entries, sorted by key.
    pub entries: Vec<Arc<Entry>>,
    index: HashMap<Key, EntryId>,
    /// Each entry by its URL (`en/councils/first/`) and its old ones (`aliases`), for links
    /// written from the host's root.
    by_url: HashMap<String, EntryId>,
    /// Keys of drafts left out of this build.
    pub drafts: HashSet<Key>,
    /// Keys of files that exist but failed to load (so links to them are not "missing").
    pub failed: HashSet<Key>,
    /// The files under `content/` that are not Markdown (a page's images), relative to the
    /// site root.
    pub files: Vec<PathBuf>,
}

impl Corpus {
    /// The entry with this key.
    pub fn find(&self, key: &Key) -> Option<EntryId> {
        self.index.get(key).copied()
    }

    /// Every entry's id with the entry, in order.
    pub fn iter(&self) -> impl Iterator<Item = (EntryId, &Entry)> {
        self.entries.iter().enumerate().map(|(i, e)| (EntryId::new(i), e.as_ref()))
    }

    /// The entry `id`.
    pub fn get(&self, id: EntryId) -> &Entry {
        &self.entries[id]
    }

    /// The entry published at `url` (site-relative, `en/councils/first/`), or that was, by
    /// one of its `aliases`.
    pub fn at_url(&self, url: &str) -> Option<EntryId> {
        self.by_url.get(url).copied()
    }

    /// Every URL of `e`: its own, then its old ones.
    fn urls_of(e: &Entry) -> impl Iterator<Item = &str> {
        std::iter::once(e.url.as_str()).chain(e.meta.front().aliases().iter().map(|a| a.as_str()))
    }

    /// The URL index of the entries: an alias never takes an entry's own URL (a clash that
    /// is an error of its own).
    fn index_urls(&mut self) {
        let own = self.iter().map(|(i, e)| (e.url.clone(), i));
        let old = self.iter().flat_map(|(i, e)| Self::urls_of(e).skip(1).map(move |u| (u.to_string(), i)));
        self.by_url = old.chain(own).collect();
    }

    /// Whether a file with this key exists, valid or not, published or draft.
    pub fn exists(&self, key: &Key) -> bool {
        self.index.contains_key(key) || self.failed.contains(key) || self.drafts.contains(key)
    }
}

/// Options that change what is loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include drafts.
    pub drafts: bool,
}

/// Loads every content file of the site. Returns the valid entries and every problem found.
pub fn load(config: &Config, options: LoadOptions) -> (Corpus, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let (files, others) = walk(config, &mut diagnostics);
    let loaded = load_files(config, &files);
    let mut corpus = Corpus { files: others, ..Corpus::default() };
    let mut seen: HashMap<Key, PathBuf> = HashMap::new();
    for ((path, key), (result, found)) in files.into_iter().zip(loaded) {
        if let Some(first) = seen.get(&key) {
            diagnostics.push(duplicate(&path, first, &key));
            continue;
        }
        seen.insert(key.clone(), path);
        match result {
            Ok(entry) if is_draft(&entry) && !options.drafts => {
                diagnostics.push(
                    Diagnostic::warning(&entry.path, "draft: left out of the build").with_hint(
                        "remove `draft: true` to publish it; `portal serve` shows it, marked draft",
                    ),
                );
                corpus.drafts.insert(key);
            }
            Ok(entry) => {
                diagnostics.extend(found);
                corpus.entries.push(Arc::new(entry));
            }
            Err(error) => {
                diagnostics.push(error);
                corpus.failed.insert(key);
            }
        }
    }
    corpus.entries.sort_by(|a, b| a.key.cmp(&b.key));
    corpus.index = corpus.iter().map(|(i, e)| (e.key.clone(), i)).collect();
    corpus.index_urls();
    diagnostics.extend(clashing_urls(config, &corpus));
    diagnostics.extend(disagreements(config, &corpus));
    let history = crate::history::load(&config.root, CONTENT_DIR);
    for e in &mut corpus.entries {
        // Each entry is its corpus's alone here: `make_mut` copies nothing.
        let e = Arc::make_mut(e);
        e.last_changed = history.last_changed(&e.path);
        e.first_changed = history.first_changed(&e.path);
    }
    (corpus.with_versions(config), diagnostics)
}

/// A loaded file: its entry or why it failed, and what its text's checks found.
type Loaded = (Result<Entry, Diagnostic>, Vec<Diagnostic>);

/// Reads, parses and checks every file, in parallel, in the order of `files`: first those in
/// the default language, then the translations, each with the front matter of its original
/// beside it to take the facts it leaves out. Only files are held, never all texts at once.
fn load_files(config: &Config, files: &[(PathBuf, Key)]) -> Vec<Loaded> {
    let default = &config.default_language;
    let load = |(path, key): &(PathBuf, Key), original: Option<&str>| -> Loaded {
        let entry = crate::text::read(&config.root, path)
            .and_then(|text| parse_file(config, path, key.clone(), &text, original));
        let original_file = key.lang == *default;
        let found = entry.as_ref().map(|e| text_checks(e, original_file)).unwrap_or_default();
        (entry, found)
    };
    let (originals, translations): (Vec<usize>, Vec<usize>) =
        (0..files.len()).partition(|&i| files[i].1.lang == *default);
    let first: Vec<Loaded> = originals.par_iter().map(|&i| load(&files[i], None)).collect();
    let fronts: HashMap<(Kind, &ContentId), &str> = first
        .iter()
        .filter_map(|(entry, _)| entry.as_ref().ok())
        .filter(|e| !inherited(e.key.kind).is_empty())
        .map(|e| ((e.key.kind, &e.key.id), e.front.as_str()))
        .collect();
    let failed: HashMap<(Kind, &ContentId), &Path> = originals
        .iter()
        .zip(&first)
        .filter(|(_, (entry, _))| entry.is_err())
        .map(|(&i, _)| ((files[i].1.kind, &files[i].1.id), files[i].0.as_path()))
        .collect();
    let second: Vec<Loaded> = translations
        .par_iter()
        .map(|&i| {
            let (path, key) = &files[i];
            let original = fronts.get(&(key.kind, &key.id)).copied();
            let (entry, found) = load(&files[i], original);
            let failed = failed.get(&(key.kind, &key.id)).copied();
            let entry = entry.map_err(|d| match original {
                None => left_to_no_original(d, config, key, path, failed),
                Some(_) => d,
            });
            (entry, found)
        })
        .collect();
    drop(fronts);
    let mut all: Vec<Option<Loaded>> = (0..files.len()).map(|_| None).collect();
    for (i, loaded) in originals.into_iter().zip(first).chain(translations.into_iter().zip(second)) {
        all[i] = Some(loaded);
    }
    all.into_iter().flatten().collect()
}

/// The error of a translation that leaves a fact to its default-language file when that file
/// could not give it (it has errors of its own, or there is none): said of that file, with
/// no made-up example of the fact. Any other error stays as it is.
fn left_to_no_original(
    d: Diagnostic,
    config: &Config,
    key: &Key,
    path: &Path,
    failed: Option<&Path>,
) -> Diagnostic {
    let Some(field) =
        inherited(key.kind).iter().find(|f| d.message == format!("missing required field `{f}`"))
    else {
        return d;
    };
    let d = Diagnostic { hint: None, ..d };
    let language = config
        .language(config.default_language.as_str())
        .map_or(config.default_language.as_str(), |l| l.name.as_str());
    match failed {
        Some(original) => Diagnostic {
            message: format!(
                "`{field}` comes from the {language} file, {}, which has errors",
                original.display()
            ),
            ..d
        }
        .with_hint(format!("fix that file first: this one then takes its `{field}` from it")),
        None => {
            let original = path.with_file_name(format!("{}.{}.md", key.id, config.default_language));
            Diagnostic {
                message: format!(
                    "`{field}` comes from the {language} file, {}, which does not exist",
                    original.display()
                ),
                ..d
            }
            .with_hint(format!("restore that file, or give `{field}:` here"))
        }
    }
}

/// The fields a translation of this kind may leave out.
fn inherited(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Item(s) => s.info().inherited,
        Kind::Home | Kind::Index(_) => &[],
    }
}

/// A translation's front matter with the inherited fields it leaves out written in, as its
/// default-language file writes them (after its own lines, so that its lines keep their
/// numbers); `None` when it leaves none out.
fn with_inherited(kind: Kind, own: &str, original: &str) -> Option<String> {
    let missing: Vec<&str> = inherited(kind)
        .iter()
        .filter(|f| crate::yaml::key_block(own, f).is_none())
        .filter_map(|f| crate::yaml::key_block(original, f).map(|r| &original[r]))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mut text = own.to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for block in missing {
        text.push_str(block);
        if !block.ends_with('\n') {
            text.push('\n');
        }
    }
    Some(text)
}

/// A translation that states a fact its default-language file states otherwise: an error
/// on the translation's line, naming the other file's.
fn disagreements(config: &Config, corpus: &Corpus) -> Vec<Diagnostic> {
    corpus
        .entries
        .par_iter()
        .filter(|e| e.key.lang != config.default_language && !inherited(e.key.kind).is_empty())
        .flat_map_iter(|e| {
            let original = corpus.original(config, e).map(|o| corpus.get(o));
            original.into_iter().flat_map(move |o| disagreement(e, o))
        })
        .collect()
}

fn disagreement(e: &Entry, original: &Entry) -> Vec<Diagnostic> {
    let theirs = original.meta.front().facts();
    let yaml = e.yaml();
    e.meta
        .front()
        .facts()
        .into_iter()
        .zip(theirs)
        .filter(|((field, ours), (_, theirs))| ours != theirs && yaml.has_key(field))
        .map(|((field, ours), (_, theirs))| {
            let (line, column) = yaml.locate(field, &ours);
            // A list of thousands is said by its start (each translation would repeat it).
            let (ours, theirs) = (crate::text::shortened(&ours, 120), crate::text::shortened(&theirs, 120));
            let source = original.path.display();
            let Some(their_line) = original.yaml().line_of_key(field) else {
                let message = format!("`{field}` is {ours} here, but {source}, which this page translates, does not write it");
                return Diagnostic::error(&e.path, message).at(line, column).with_hint(format!(
                    "`{field}` is the same in every language: write it in {source}, and the translation takes it from there"
                ));
            };
            let what = if field == "chairs" { "the chairs' names" } else { "it" };
            let message = format!("`{field}` is {ours} here but {theirs} in {source}:{their_line}, which this page translates");
            Diagnostic::error(&e.path, message).at(line, column).with_hint(format!(
                "`{field}` is the same in every language: remove it here (the translation takes it from {source}) \
                 or make {what} agree"
            ))
        })
        .collect()
}

/// How an error says that a page's URL is the site's own file `f`'s: the end of "this page
/// would be written to /URL, which …", and the hint.
pub fn taken_by_the_site(f: SiteFile<'_>) -> (String, &'static str) {
    match f {
        f if f.is(&crate::urls::LIST) => {
            ("is a section of the site".to_string(), "give it another `slug` or id")
        }
        f if f.is(&crate::urls::SEARCH_INDEX) => {
            ("the search index's folder already uses".to_string(), "give this page another `slug` (or id)")
        }
        // (The hint says which side can move: a site page's name is in site.yaml.)
        f => (
            format!("the site's own `{}` page already uses", f.name()),
            "give this page another `slug` (or id), or the site's page another name under `sections` in site.yaml",
        ),
    }
}

/// Two entries, or an entry and a row of the table of what the site writes (a list page,
/// the timeline, the search index…), that would be written to the same URL. The error is at
/// the entry's `slug` if it has one. Then each page's `aliases`, whose small pages may take
/// no URL the site writes (nor another alias's): the error is at the alias.
fn clashing_urls(config: &Config, corpus: &Corpus) -> Vec<Diagnostic> {
    let site = crate::urls::taken_urls(config);
    let mut owners: HashMap<&str, &Path> = HashMap::new();
    let mut errors = Vec::new();
    let items = || corpus.entries.iter().filter(|e| matches!(e.key.kind, Kind::Item(_)));
    for e in items() {
        let first = owners.insert(&e.url, &e.path);
        let (what, hint) = match (site.get(&e.url), first) {
            (Some(f), _) => taken_by_the_site(*f),
            (None, Some(first)) => {
                (format!("{} already uses", first.display()), "give one of them another `slug`")
            }
            (None, None) => continue,
        };
        let d = Diagnostic::error(&e.path, format!("this page would be written to /{}, which {what}", e.url));
        let line = e.yaml().line_of_key("slug").unwrap_or(1);
        errors.push(d.at(line, 1).with_hint(hint));
    }
    let mut aliases: HashMap<&str, &Path> = HashMap::new();
    let base = config.base_url.path().trim_start_matches('/');
    for e in items() {
        // Past the most a page may keep (an error of its own), the rest are not checked: each
        // is found in the front matter again.
        for alias in e.meta.front().aliases().iter().take(MAX_ALIASES) {
            let url = alias.as_str();
            // Written with its first `/` or without.
            let shown = url.trim_end_matches('/');
            let with_slash = format!("/{shown}");
            let place = if e.yaml().text_has(&with_slash) { with_slash.as_str() } else { shown };
            if url.starts_with(crate::base::ADMIN_FOLDER) {
                let message = format!("the old URL /{url} is in the content manager's folder");
                errors.push(
                    e.error_at("aliases", place, message)
                        .with_hint("remove this alias: admin/ is the editors'"),
                );
                continue;
            }
            if !base.is_empty() && url.starts_with(base) {
                let message = format!("the old URL /{url} starts with the site's own path, /{base}");
                let hint = format!(
                    "leave out `/{}`: portal puts the site's path before it",
                    base.trim_end_matches('/')
                );
                errors.push(e.error_at("aliases", place, message).with_hint(hint));
                continue;
            }
            let static_file = || {
                let file = crate::urls::output_path(url);
                [config.root.join("static"), config.theme_dir().join("static")]
                    .into_iter()
                    .find(|dir| dir.join(&file).is_file())
                    .map(|dir| {
                        dir.join(&file).strip_prefix(&config.root).map(Path::to_path_buf).unwrap_or_default()
                    })
            };
            let taken_by = match (site.get(url), owners.get(url), aliases.insert(url, &e.path)) {
                (Some(f), _, _) => format!("the site's own `{}` page", f.name()),
                (None, Some(page), _) if *page == e.path => "this page itself".to_string(),
                (None, Some(page), _) => page.display().to_string(),
                (None, None, Some(other)) => format!("an alias of {}", other.display()),
                (None, None, None) => match static_file() {
                    Some(file) => format!("the static file {}", file.display()),
                    None => continue,
                },
            };
            errors.push(
                e.error_at(
                    "aliases",
                    place,
                    format!("the old URL /{url} is taken by {taken_by}: its redirect would replace it"),
                )
                .with_hint(
                    "remove this alias: an old URL can only lead to one page, and only where no page is",
                ),
            );
        }
    }
    errors
}

/// The checks of one file's text: its fields, its sources and its language's typography.
fn text_checks(entry: &Entry, original: bool) -> Vec<Diagnostic> {
    let lang = &entry.key.lang;
    let mut found = blank_fields(entry);
    found.extend(too_long(entry));
    found.extend(unsourced(entry, original));
    found.extend(blank_sources(entry, original));
    found.extend(crate::typography::check(lang, &entry.path, &entry.front, 2));
    found.extend(crate::typography::check(lang, &entry.path, &entry.body, entry.body_line));
    found
}

/// The longest title: a title is shown in menus, cards, lists and the tab, and the longest
/// of an institution's (a treaty's full name) is about 130 characters. A council's place
/// is held to it too.
pub const MAX_TITLE_CHARS: usize = 200;

/// The most old addresses (`aliases`) a page keeps: each is a page of its own, and a
/// council's a calendar too.
pub const MAX_ALIASES: usize = 10;

/// What pages repeat held to a length: a title (in menus, cards, lists), a council's place
/// (on the page of every domain it lists, and in its calendar on every old address), and
/// a page's old addresses (each a page, and a council's a calendar too).
fn too_long(entry: &Entry) -> Vec<Diagnostic> {
    let front = entry.meta.front();
    let place = entry.meta.get::<kinds::CouncilFront>().map_or(0, |c| c.location.chars().count());
    let title = front.title().map_or(0, |t| t.chars().count());
    let aliases = front.aliases().len();
    let limits = [
        (
            "title",
            title,
            MAX_TITLE_CHARS,
            "the title is {n} characters long; a title has at most {max}",
            "shorten it, and say the rest in `summary` or the text",
        ),
        (
            "location",
            place,
            MAX_TITLE_CHARS,
            "the location is {n} characters long; a place has at most {max}",
            "write the city (and the venue, if it matters) only",
        ),
        (
            "aliases",
            aliases,
            MAX_ALIASES,
            "this page lists {n} old addresses; a page has at most {max}",
            "keep the addresses the page really had that readers may still follow",
        ),
    ];
    let yaml = entry.yaml();
    limits
        .into_iter()
        .filter(|(_, n, max, ..)| n > max)
        .map(|(field, n, max, message, hint)| {
            let message = message.replace("{n}", &n.to_string()).replace("{max}", &max.to_string());
            Diagnostic::error(&entry.path, message)
                .at(yaml.line_of_key(field).unwrap_or(1), 1)
                .with_hint(hint)
        })
        .collect()
}

/// An empty title, a field a kind needs (a summary, a council's place) left empty, and the
/// placeholder text `portal new` writes, are errors in a page to publish, and only warnings
/// in a draft (seen in the preview, a draft without a title by its id): a page just started
/// blocks nothing.
fn blank_fields(entry: &Entry) -> Vec<Diagnostic> {
    let yaml = entry.yaml();
    let at = |field: &str| yaml.line_of_key(field).unwrap_or(1);
    let mut found = Vec::new();
    let draft = is_draft(entry);
    let but = if draft { "" } else { ", and this page is not a draft" };
    let severity = |path: &Path, message: String| {
        if draft { Diagnostic::warning(path, message) } else { Diagnostic::error(path, message) }
    };
    if entry.meta.front().title().is_some_and(|t| t.trim().is_empty()) {
        found.push(
            severity(&entry.path, format!("the title is empty{but}"))
                .at(at("title"), 1)
                .with_hint("write the page's title after `title:`"),
        );
    }
    let keep = if draft { "" } else { ", or keep the page a draft (`draft: true`)" };
    // A field a translation takes from its original is reported there, once.
    let blank = |(field, text): &(&str, &str)| text.trim().is_empty() && entry.states(field);
    for (field, _) in entry.meta.front().expected_text().into_iter().filter(blank) {
        found.push(
            severity(&entry.path, format!("`{field}` is empty{but}"))
                .at(at(field), 1)
                .with_hint(format!("write the {field} after `{field}:`{keep}")),
        );
    }
    // Every body is searched: with SIMD, not line by line.
    let placeholder = crate::lang::placeholder_bodies()
        .find_map(|p| memchr::memmem::find(entry.body.as_bytes(), p.as_bytes()));
    if let Some(line) = placeholder.map(|at| memchr::memchr_iter(b'\n', &entry.body.as_bytes()[..at]).count())
    {
        found.push(
            severity(&entry.path, format!("the text `portal new` wrote is still here{but}"))
                .at(entry.body_line + line, 1)
                .with_hint(format!("write the page's text in its place{keep}")),
        );
    }
    found
}

/// A council or milestone that cites no document: a warning in its original (a translation
/// takes the original's sources), or in a translation that writes an empty list of its own.
fn unsourced(entry: &Entry, original: bool) -> Option<Diagnostic> {
    let Kind::Item(section) = entry.key.kind else { return None };
    let cited = section.info().cited && !is_draft(entry);
    let missing = entry.meta.front().sources().is_empty() && (original || entry.states("sources"));
    (cited && missing).then(|| {
        let line = entry.yaml().line_of_key("sources").unwrap_or(1);
        Diagnostic::warning(&entry.path, format!("this {} cites no source", section.info().word))
            .at(line, 1)
            .with_hint(
                "name the documents its facts come from, e.g.\nsources:\n  - title: Republic of Korea - EU Joint Statement\n    publisher: European Commission\n    language: en\n(add `date:` and `url:` only where you know them)",
            )
    })
}

/// A source whose title or publisher is empty is an error (an empty citation says nothing);
/// a translation that takes a bracketed description from its original shows it in the
/// original's language, which is a warning: it should write its own list.
fn blank_sources(entry: &Entry, original: bool) -> Vec<Diagnostic> {
    let sources = entry.meta.front().sources();
    let line = entry.yaml().line_of_key("sources").unwrap_or(1);
    let mut found = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        let blank = [("title", Some(&s.title)), ("publisher", s.publisher.as_ref())]
            .into_iter()
            .find(|(_, v)| v.is_some_and(|v| v.trim().is_empty()));
        if let Some((field, _)) = blank.filter(|_| original || entry.states("sources")) {
            found.push(
                Diagnostic::error(&entry.path, format!("source {} has an empty `{field}`", i + 1))
                    .at(line, 1)
                    .with_hint(if field == "title" {
                        "write its title as published, or, if it is not known, what it is in [brackets]"
                            .to_string()
                    } else {
                        format!("write its {field}, or leave `{field}:` out if it is not known")
                    }),
            );
        }
    }
    let described = sources.iter().any(|s| s.title.starts_with('['));
    if !original && !entry.states("sources") && described {
        found.push(
            Diagnostic::warning(&entry.path, "this translation takes its sources from the original, whose descriptions in [brackets] are in the original's language")
                .at(1, 1)
                .with_hint("write its own `sources:`, the same documents with the descriptions in this language"),
        );
    }
    found
}

fn is_draft(entry: &Entry) -> bool {
    entry.meta.front().draft()
}

fn duplicate(path: &Path, first: &Path, key: &Key) -> Diagnostic {
    Diagnostic::error(
        path,
        format!("`{}` in language `{}` is also written in {}", key.id, key.lang, first.display()),
    )
    .at(1, 1)
    .with_hint("a file without a language suffix is in the default language: keep one of the two files")
}

/// Finds every Markdown file under `content/` and works out its key from its path; and the
/// other files (images), relative to the root.
fn walk(config: &Config, diagnostics: &mut Diagnostics) -> (Vec<(PathBuf, Key)>, Vec<PathBuf>) {
    let (root, dir) = (&config.root, &config.root.join(CONTENT_DIR));
    if !dir.is_dir() {
        // A site without pages is a site in the wrong folder, or one whose pages were lost.
        diagnostics.push(
            Diagnostic::error(CONTENT_DIR, "the site has no content/ folder, so no page")
                .with_hint("run portal in the site's folder (where site.yaml is), or restore content/"),
        );
        return (Vec::new(), Vec::new());
    }
    let (paths, errors) = crate::sources::walk(root, dir);
    diagnostics.extend(errors);
    // Keys in parallel (a large site has tens of thousands of files), kept in walk order.
    let keys: Vec<_> = paths
        .par_iter()
        .map(|path| {
            let rel = path.strip_prefix(root).unwrap_or(path);
            (rel, key_of(config, rel, path.strip_prefix(dir).unwrap_or(path)))
        })
        .collect();
    let mut files = Vec::with_capacity(keys.len());
    let mut others = Vec::new();
    for (rel, key) in keys {
        match key {
            Ok(Some(key)) => files.push((rel.to_path_buf(), key)),
            Ok(None) => others.push(rel.to_path_buf()),
            Err(d) => diagnostics.push(d),
        }
    }
    (files, others)
}

/// The key of the file at `rel` (relative to the root; `inner` relative to `content/`).
/// `Ok(None)` for files that are not Markdown.
fn key_of(config: &Config, rel: &Path, inner: &Path) -> Result<Option<Key>, Diagnostic> {
    let parts: Vec<&str> = inner.iter().filter_map(|p| p.to_str()).collect();
    let Some(name) = parts.last().and_then(|n| n.strip_suffix(".md")) else {
        return match parts.last().and_then(|n| markdown_misnamed(n)) {
            Some(stem) => Err(Diagnostic::error(
                rel,
                "portal reads Markdown files whose names end in `.md`, and this one is left out",
            )
            .with_hint(format!("rename it `{stem}.md`"))),
            None => Ok(None),
        };
    };
    let section = match parts.as_slice() {
        [_] => None,
        [folder, _] => Some(Section::from_folder(folder).ok_or_else(|| unknown_folder(rel, folder))?),
        _ => {
            return Err(Diagnostic::error(
                rel,
                "content files go one folder deep: content/<folder>/<id>.<lang>.md",
            )
            .with_hint("move the file up into its section's folder"));
        }
    };
    let (id, lang) = match name.rsplit_once('.') {
        Some((id, lang)) => (id, lang),
        None => (name, ""),
    };
    let kind = match (section, id) {
        (None, "_index") => Kind::Home,
        (None, _) => {
            let folders: Vec<String> = Section::ALL.iter().map(|s| format!("{}/", s.folder())).collect();
            return Err(Diagnostic::error(rel, "only `_index.<lang>.md` files go at the top of content/")
                .with_hint(format!("move the file into one of {}", folders.join(", "))));
        }
        (Some(s), "_index") if s.info().list_template.is_none() => {
            return Err(Diagnostic::error(
                rel,
                format!("{}s have no list page, so `{}/_index` is never shown", s.info().word, s.folder()),
            )
            .with_hint("put the home page's text in content/_index.<lang>.md"));
        }
        (Some(s), "_index") => Kind::Index(s),
        (Some(s), _) => Kind::Item(s),
    };
    let id = if id == "_index" {
        ContentId::index()
    } else {
        ContentId::parse(id).map_err(|e| Diagnostic::error(rel, e).at(1, 1).with_hint("rename the file"))?
    };
    let lang = resolve_lang(config, rel, lang)?;
    Ok(Some(Key { kind, id, lang }))
}

/// The name, without its extension, of a file that is Markdown by its extension but not
/// named `.md` (`ai.en.markdown`, `ai.en.MD`): published, it would be missing; left out,
/// it would be missed.
fn markdown_misnamed(name: &str) -> Option<&str> {
    let (stem, extension) = name.rsplit_once('.')?;
    ["md", "markdown", "mdown", "mkd", "mdx"]
        .iter()
        .any(|e| extension.eq_ignore_ascii_case(e))
        .then_some(stem)
}

fn unknown_folder(rel: &Path, folder: &str) -> Diagnostic {
    let d = Diagnostic::error(rel, format!("`content/{folder}/` is not a content folder")).at(1, 1);
    let folders = Section::ALL.map(Section::folder);
    match crate::yaml::closest(folder, folders.into_iter()) {
        Some(best) => d.with_hint(format!("did you mean `content/{best}/`?")),
        None => d.with_hint(format!("content folders are: {}", folders.join(", "))),
    }
}

/// Loads one file again (for the preview's rebuilds), a translation taking the facts it
/// leaves out from its default-language page in `corpus`: `Ok(None)` when `path` (relative
/// to the root) is not a content file.
pub fn load_one(config: &Config, corpus: &Corpus, path: &Path) -> Result<Option<Entry>, Diagnostic> {
    let Ok(inner) = path.strip_prefix(CONTENT_DIR) else {
        return Ok(None);
    };
    let Some(key) = key_of(config, path, inner)? else {
        return Ok(None);
    };
    let text = crate::text::read(&config.root, path)?;
    let original = Key { lang: config.default_language.clone(), ..key.clone() };
    let original = (key.lang != original.lang).then(|| corpus.find(&original)).flatten();
    parse_file(config, path, key, &text, original.map(|o| corpus.get(o).front.as_str())).map(Some)
}

impl Corpus {
    /// The same corpus without its Markdown bodies, and the bodies (aligned with `entries`):
    /// the Markdown stage frees each as soon as it is rendered, and nothing later reads them
    /// (a large site holds a hundred megabytes of them). For a corpus just loaded, whose
    /// entries nothing else holds: on a shared one, each entry would be copied to take its body.
    pub fn take_bodies(mut self) -> (Corpus, Vec<String>) {
        debug_assert!(self.entries.iter().all(|e| Arc::strong_count(e) == 1), "a shared corpus");
        let bodies = self.entries.iter_mut().map(|e| std::mem::take(&mut Arc::make_mut(e).body)).collect();
        (self, bodies)
    }

    /// The same corpus with the entry at `index` replaced by `entry` (which has its key).
    pub fn with_entry(mut self, index: EntryId, entry: Entry) -> Corpus {
        let changed = Self::urls_of(&self.entries[index]).ne(Self::urls_of(&entry));
        self.entries[index] = Arc::new(entry);
        if changed {
            // (The preview loads the whole content again for a slug or alias edited, so
            // this is for any other caller: the index never lags its entries.)
            self.index_urls();
        }
        self
    }

    /// The default-language entry that `e` translates, if `e` is a translation and it exists.
    pub fn original(&self, config: &Config, e: &Entry) -> Option<EntryId> {
        self.original_in(e, &config.default_language)
    }

    /// The translations of the default-language entry `original`, found by key.
    pub fn translations_of<'c>(
        &'c self,
        config: &'c Config,
        original: EntryId,
    ) -> impl Iterator<Item = EntryId> + 'c {
        let key = &self.get(original).key;
        config
            .languages
            .iter()
            .filter(move |l| l.code != key.lang)
            .filter_map(move |l| self.find(&Key { lang: l.code.clone(), ..key.clone() }))
    }

    fn original_in(&self, e: &Entry, default: &Lang) -> Option<EntryId> {
        if &e.key.lang == default {
            return None;
        }
        self.find(&Key { lang: default.clone(), ..e.key.clone() })
    }

    /// The same corpus with the version of every default-language page that a translation
    /// tracks (computed from the bodies, so before [`Corpus::take_bodies`]). Pages no
    /// translation tracks are not hashed: a site that does not track costs nothing.
    pub fn with_versions(mut self, config: &Config) -> Corpus {
        let default = &config.default_language;
        let tracked: HashSet<EntryId> = self
            .entries
            .iter()
            .filter(|e| e.meta.front().translated_from().is_some())
            .filter_map(|e| self.original_in(e, default))
            .collect();
        self.entries.par_iter_mut().enumerate().for_each(|(i, e)| {
            if tracked.contains(&EntryId::new(i)) && e.version.is_none() {
                let version = versions::Version::of(e.meta.front().texts(), &e.body);
                Arc::make_mut(e).version = Some(version);
            }
        });
        self
    }

    /// Where the translation `e` stands against its default-language page; `None` for a
    /// page in the default language, or one whose default-language page is not published.
    pub fn currency(&self, config: &Config, e: &Entry) -> Option<versions::Currency> {
        let original = self.get(self.original_in(e, &config.default_language)?);
        let recorded = e.meta.front().translated_from();
        Some(match original.version {
            Some(now) => versions::Currency::of(recorded, now),
            None => versions::Currency::Untracked,
        })
    }
}

fn parse_file(
    config: &Config,
    path: &Path,
    key: Key,
    text: &str,
    original: Option<&str>,
) -> Result<Entry, Diagnostic> {
    // (A section's own text may have no front matter, but one that looks mis-fenced is an
    // error there too: read as body, its fields, a `draft: true` among them, were published.)
    let split = frontmatter::split(text)
        .map_err(|e| Diagnostic::error(path, e.message).at(e.line, 1).with_hint(e.hint))?;
    if split.front_line == 1 && matches!(key.kind, Kind::Item(_)) {
        return Err(Diagnostic::error(path, "this file has no front matter").at(1, 1).with_hint(
            "start it with a line `---`, then its fields, one `name: value` a line (`title: …` first), then another line `---`",
        ));
    }
    let whole = original.and_then(|front| with_inherited(key.kind, split.front, front));
    let yaml =
        YamlSource { path, text: whole.as_deref().unwrap_or(split.front), first_line: split.front_line };
    let meta = parse_meta(&key, &yaml)?.smartened(&key.lang);
    let slug = meta.front().slug().cloned().unwrap_or_else(|| Slug::from(&key.id));
    let url = crate::urls::entry(config, &key, &slug);
    Ok(Entry {
        key,
        path: path.to_path_buf(),
        slug,
        url,
        meta,
        front: split.front.to_string(),
        body: split.body.to_string(),
        body_line: split.body_line,
        version: None,
        last_changed: None,
        first_changed: None,
    })
}

fn resolve_lang(config: &Config, path: &Path, suffix: &str) -> Result<Lang, Diagnostic> {
    if suffix.is_empty() {
        return Ok(config.default_language.clone());
    }
    config.language(suffix).map(|l| l.code.clone()).ok_or_else(|| {
        let d =
            Diagnostic::error(path, format!("the language suffix `.{suffix}` is not declared in site.yaml"));
        let lower = suffix.to_lowercase();
        match config.language(&lower) {
            Some(_) => d.with_hint(format!(
                "end its name in `.{lower}.md`: language codes are written in lower case"
            )),
            None => d.with_hint(format!(
                "use one of: {}; or declare `{suffix}` under `languages` in site.yaml",
                config.language_codes().join(", ")
            )),
        }
    })
}

fn parse_meta(key: &Key, yaml: &YamlSource) -> Result<Meta, Diagnostic> {
    match key.kind {
        Kind::Home | Kind::Index(_) => parse_front::<IndexFront>(yaml, "Councils"),
        Kind::Item(section) => (section.info().parse)(yaml),
    }
}
