//! The index made: each language's pages read (or reused from the previous index or the
//! cache), merged into Pagefind's bundle, and Pagefind's own files beside it.

use super::page::PageIndex;
use super::{Effort, Out, SearchIndex, assets, bundle, cache, page, text, words};
use crate::config::{Config, Language};
use crate::content::kinds::CouncilFront;
use crate::content::{EntryId, Kind, Section};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::SiteGraph;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// What an index keeps for the next: each page's part, by its record's key, and what each
/// language's bundle left.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Kept {
    pages: HashMap<u128, Option<Arc<PageIndex>>>,
    bundles: BTreeMap<String, Arc<bundle::Made>>,
}

/// One language's bundle: its code, how many records it holds, its files by output path.
struct Bundle {
    lang: String,
    count: usize,
    files: Vec<(String, Arc<Vec<u8>>)>,
    pages: Vec<(u128, Option<Arc<PageIndex>>)>,
    made: Option<bundle::Made>,
    read: usize,
}

/// Below this many pages to read, they are read on the index's own thread: handing them to
/// rayon's threads would wait for the rendering to end.
const FEW: usize = 64;

/// Part of every page's key: changed whenever a page's part would come out differently.
const FORMAT: &str = "pagefind-1.6 portal-2";

/// What one page gives the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Its URL, with the base URL's path (`/portal/en/councils/first/`).
    pub url: String,
    /// The text searched and quoted: title, summary, body, commitments.
    pub content: String,
    /// Shown with a result: `title`, `kind` (`council`…), `date` (the language's way),
    /// `summary` where the page has one.
    pub meta: BTreeMap<String, String>,
    /// `kind`, and `year` for a dated page.
    pub filters: BTreeMap<String, Vec<String>>,
}

/// [`super::index`]: indexes every item page of `graph`, reusing the parts of `previous` (the last index made
/// in this process) for the pages whose record did not change. The result keeps its pages'
/// parts for the next index only with `keep` (the preview's); a build drops each language's
/// as soon as its bundle is made. With `out`, each language's files are handed to it as soon
/// as they are made, and not kept in the result. Err if Pagefind's JavaScript and WebAssembly
/// cannot be had, or `out` refuses a file.
pub(super) fn index(
    graph: &SiteGraph,
    config: &Config,
    effort: Effort,
    previous: Option<&SearchIndex>,
    keep: bool,
    out: Option<&Out<'_>>,
) -> Result<SearchIndex, Diagnostics> {
    let work = || {
        config
            .languages
            .iter()
            .map(|language| {
                let mut bundle = language_bundle(graph, config, language, previous, keep)?;
                if let Some(out) = out {
                    for (path, bytes) in std::mem::take(&mut bundle.files) {
                        out(&path, &bytes)?;
                    }
                }
                Ok(bundle)
            })
            .collect::<Vec<_>>()
    };
    let bundles = match effort {
        Effort::Full => work(),
        // One thread at a low priority, of its own, so that the preview's next rebuild
        // keeps every core.
        Effort::Background => rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "search-index".into())
            .start_handler(|_| lower_priority())
            .build()
            .map_or_else(|_| work(), |pool| pool.install(work)),
    };
    let mut index = SearchIndex::default();
    let mut errors = Diagnostics::new();
    for bundle in bundles {
        match bundle {
            Ok(Bundle { lang, count, files, pages, made, read }) => {
                if let Some(made) = made {
                    index.kept.bundles.insert(lang.clone(), Arc::new(made));
                }
                index.records.insert(lang, count);
                index.files.extend(files);
                index.kept.pages.extend(pages);
                index.read += read;
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.has_errors() { Err(errors) } else { Ok(index) }
}

/// One language's bundle: its pages read (or reused), merged, and Pagefind's files.
fn language_bundle(
    graph: &SiteGraph,
    config: &Config,
    language: &Language,
    previous: Option<&SearchIndex>,
    keep: bool,
) -> Result<Bundle, Diagnostic> {
    let lang = language.code.as_str();
    let assets = assets::assets(lang).map_err(|e| {
        Diagnostic::error(
            crate::urls::search_bundle(&language.code),
            format!("cannot make the search index: {e}"),
        )
    })?;
    let entries = entries(graph, language);
    let count = entries.len();
    // Without a previous index in memory, the pages kept on the disk by the last build.
    let disk = previous.is_none().then(|| cache::path(&config.root, lang));
    let vocabulary = words::vocabulary(lang);
    let kept = disk.as_deref().map(|file| cache::read(file, &vocabulary)).unwrap_or_default();
    // Each page's key, and its part where the previous index or the cache has it: cheap, so
    // done on this thread, which goes on while the pages are rendered (rayon's threads take
    // work from outside only once the rendering's is done).
    let known = previous.map_or(&kept, |p| &p.kept.pages);
    let mut pages: Vec<(u128, Option<Option<Arc<PageIndex>>>)> = Vec::with_capacity(entries.len());
    // The pages to read: their places, and their records without text (made once, for the
    // key too).
    let (mut slots, mut to_read): (Vec<usize>, Vec<(EntryId, Record)>) = Default::default();
    for &i in &entries {
        let record = record_without_text(graph, config, language, i);
        let key = key(lang, &record, &sources(graph, i));
        let page = known.get(&key).cloned();
        if page.is_none() {
            slots.push(pages.len());
            to_read.push((i, record));
        }
        pages.push((key, page));
    }
    // Each page's text is made, read and dropped on the same thread: the texts of a language
    // are never all in memory at once.
    let read_page = |(i, record): (EntryId, Record)| {
        let record = Record { content: content(graph, i), ..record };
        with_words(lang, |words| page::index_page(&record, lang, words)).map(Arc::new)
    };
    let few = to_read.len() < FEW;
    let fresh: Vec<Option<Arc<PageIndex>>> = if few {
        to_read.into_iter().map(read_page).collect()
    } else {
        to_read.into_par_iter().map(read_page).collect()
    };
    if !keep {
        // The memory of tokens read is for the next index of this language: a build has
        // none, and the bundle is made without it.
        let forget = || drop(WORDS.with(|all| all.borrow_mut().remove(lang)));
        if few {
            forget();
        } else {
            rayon::broadcast(|_| forget());
        }
    }
    let read = fresh.len();
    for (n, page) in slots.into_iter().zip(fresh) {
        pages[n].1 = Some(page);
    }
    let pages: Vec<(u128, Option<Arc<PageIndex>>)> =
        pages.into_iter().map(|(key, page)| (key, page.flatten())).collect();
    if let Some(file) = disk.as_deref().filter(|_| read > 0 || kept.len() != pages.len()) {
        cache::write(file, &pages, &vocabulary);
    }
    let indexed: Vec<(u128, Arc<PageIndex>)> =
        pages.iter().filter_map(|(key, p)| Some((*key, p.clone()?))).collect();
    let bundle_file = disk.as_deref().map(cache::bundle_path);
    let last = match (previous, &bundle_file) {
        (Some(previous), _) => previous.kept.bundles.get(lang).cloned().unwrap_or_default(),
        (None, Some(file)) => Arc::new(cache::read_bundle(file)),
        (None, None) => Default::default(),
    };
    // The pages as they were, for the words of those that changed.
    let old = |key: u128| known.get(&key).cloned().flatten();
    let (meta, written, made) = bundle::bundle(lang, &indexed, &assets.version, &last, &old);
    drop(kept);
    if let Some(file) = bundle_file.filter(|_| made != *last) {
        cache::write_bundle(&file, &made);
    }
    drop(last);
    let folder = crate::urls::search_bundle(&language.code);
    let mut files: Vec<(String, Arc<Vec<u8>>)> =
        written.into_iter().map(|(name, bytes)| (format!("{folder}{name}"), bytes)).collect();
    files.extend(assets.files.iter().map(|(name, bytes)| (format!("{folder}{name}"), bytes.clone())));
    let entry = serde_json::json!({
        "version": assets.version,
        "languages": { lang: { "hash": meta, "wasm": assets.own_wasm.then_some(lang), "page_count": indexed.len() } },
        "include_characters": words::WORD_SYMBOLS,
    });
    files.push((format!("{folder}pagefind-entry.json"), Arc::new(entry.to_string().into_bytes())));
    Ok(Bundle {
        lang: lang.to_string(),
        count,
        files,
        pages: if keep { pages } else { Vec::new() },
        made: keep.then_some(made),
        read,
    })
}

/// A page's key: what its part of the index depends on (its record without its text, and
/// what the text is made of).
fn key(lang: &str, record: &Record, sources: &[&str]) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut part = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    for s in [FORMAT, lang, &record.url].into_iter().chain(sources.iter().copied()) {
        part(s.as_bytes());
    }
    // The fragment is kept compressed: a page read at another level is read again.
    part(&super::gzip::FRAGMENT_LEVEL.to_le_bytes());
    for (k, v) in &record.meta {
        part(k.as_bytes());
        part(v.as_bytes());
    }
    for (k, values) in &record.filters {
        part(k.as_bytes());
        values.iter().for_each(|v| part(v.as_bytes()));
    }
    hasher.digest128()
}

thread_local! {
    /// This thread's word rules and memory of each language: a text's words repeat, so most
    /// are looked up; kept from one index to the next (the preview's).
    static WORDS: std::cell::RefCell<HashMap<String, words::Words>> = Default::default();
}

/// Runs `f` with this thread's word rules of `lang`.
fn with_words<T>(lang: &str, f: impl FnOnce(&mut words::Words) -> T) -> T {
    WORDS.with(|all| {
        let mut all = all.borrow_mut();
        let words = all.entry(lang.to_string()).or_insert_with(|| words::Words::new(lang));
        f(words)
    })
}

/// The records of a language's item pages, in the graph's order.
pub fn records(graph: &SiteGraph, config: &Config, language: &Language) -> Vec<Record> {
    entries(graph, language).par_iter().map(|&i| record(graph, config, language, i)).collect()
}

/// A language's item pages, in the graph's order.
fn entries(graph: &SiteGraph, language: &Language) -> Vec<EntryId> {
    let Some(lang) = graph.langs.iter().find(|l| l.lang == language.code) else {
        return Vec::new();
    };
    Section::ALL.into_iter().flat_map(|section| lang.items(section).iter().copied()).collect()
}

fn record(graph: &SiteGraph, config: &Config, language: &Language, i: EntryId) -> Record {
    Record { content: content(graph, i), ..record_without_text(graph, config, language, i) }
}

/// What a page's text is made of: its title, summary, body and commitments (HTML). The key
/// of its part of the index is made of these, so that a page that did not change is known
/// without its text being made.
fn sources(graph: &SiteGraph, i: EntryId) -> Vec<&str> {
    let entry = graph.entry(i);
    let rendered = &graph.rendered[i];
    let mut sources =
        vec![entry.title().unwrap_or_default(), entry.meta.front().summary().unwrap_or_default()];
    sources.push(&rendered.html);
    if entry.meta.is::<CouncilFront>() {
        sources.extend(rendered.commitments.iter().map(|(_, html)| html.as_str()));
    }
    sources
}

/// The text of a page's record: its title (weighted as Pagefind weighs an `<h1>`), summary,
/// body and commitments, with the markers of its headings.
fn content(graph: &SiteGraph, i: EntryId) -> String {
    let entry = graph.entry(i);
    let rendered = &graph.rendered[i];
    let mut content = String::with_capacity(rendered.html.len() + 256);
    content.push_str(&text::weighted(1));
    text::push_plain(entry.title().unwrap_or_default(), &mut content);
    content.push_str(". ");
    content.push_str(text::END_WEIGHT);
    content.push('\n');
    if let Some(summary) = entry.meta.front().summary() {
        text::push_plain(summary, &mut content);
        content.push('\n');
    }
    let mut anchors = 0;
    text::push_text(&rendered.html, &mut content, &mut anchors);
    if entry.meta.is::<CouncilFront>() {
        for (_, html) in &rendered.commitments {
            content.push('\n');
            text::push_text(html, &mut content, &mut anchors);
        }
    }
    content
}

/// A page's record with an empty text: its URL, metadata and filters.
fn record_without_text(graph: &SiteGraph, config: &Config, language: &Language, i: EntryId) -> Record {
    let entry = graph.entry(i);
    let title = entry.title().unwrap_or_default();
    let summary = entry.meta.front().summary();
    let kind = match entry.key.kind {
        Kind::Item(section) => section.info().word,
        Kind::Home | Kind::Index(_) => "section",
    };
    let mut meta =
        BTreeMap::from([("title".to_string(), title.to_string()), ("kind".to_string(), kind.to_string())]);
    if let Some(summary) = summary {
        meta.insert("summary".into(), summary.to_string());
    }
    let mut filters = BTreeMap::from([("kind".to_string(), vec![kind.to_string()])]);
    if let Some(date) = entry.date() {
        meta.insert("date".into(), language.dates.format(date));
        filters.insert("year".into(), vec![date.year.to_string()]);
    }
    Record { url: config.base_url.join(&entry.url), content: String::new(), meta, filters }
}

/// Gives the calling thread a low priority (nice 15 of 19), where the system allows it
/// (Linux: a thread's nice value is its own).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority and gettid only read their arguments; a refusal changes nothing.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 15);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The calling thread's nice value, from `/proc` (field 19 of its `stat`).
    #[cfg(target_os = "linux")]
    fn nice() -> i32 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
        let after_name = &stat[stat.rfind(')').unwrap() + 1..];
        after_name.split_whitespace().nth(16).unwrap().parse().unwrap()
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_background_indexer_lowers_its_own_threads_priority_only() {
        let before = nice();
        let lowered = std::thread::spawn(|| {
            lower_priority();
            nice()
        })
        .join()
        .unwrap();
        // A process already below 15 stays where it is: raising a priority needs a privilege.
        assert_eq!(lowered, before.max(15));
        assert_eq!(nice(), before, "the calling thread of another thread keeps its priority");
    }
}
