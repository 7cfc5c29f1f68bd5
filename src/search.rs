//! Stage 5b, search: a Pagefind index per language of the site's councils, domains,
//! milestones and pages (not list pages, not the 404), made from the graph beside the
//! rendering and published under `<lang>/pagefind/`. A language's bundle holds only its own
//! pages, so a search never returns a page of another language.

use crate::config::{Config, Language};
use crate::content::{EntryId, Kind, Meta, Section};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::SiteGraph;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The folder of a language's search bundle, under the language's own: `en/pagefind/`.
pub fn bundle(lang: &str) -> String {
    format!("{lang}/pagefind/")
}

/// The search bundles of every language: output path → contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchIndex {
    /// Output path (`en/pagefind/pagefind.js`) → contents.
    pub files: BTreeMap<String, Arc<Vec<u8>>>,
    /// Records per language code.
    pub records: BTreeMap<String, usize>,
}

/// One language's bundle: its code, how many records it holds, its files by output path.
struct Bundle {
    lang: String,
    count: usize,
    files: Vec<(String, Vec<u8>)>,
}

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
    /// `date` (`YYYY-MM-DD`), for a dated page.
    pub sort: BTreeMap<String, String>,
}

/// How hard the indexing may work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    /// Every core: a build, where the index is part of the result.
    Full,
    /// One thread at a low priority: the preview, where the index must not slow the next
    /// save's rebuild (which has every core) down.
    Background,
}

/// Indexes every item page of `graph`, each language on its own thread. Err if Pagefind
/// refuses a record or cannot make an index.
pub fn index(graph: &SiteGraph, config: &Config, effort: Effort) -> Result<SearchIndex, Diagnostics> {
    // Each language on a thread of its own, outside rayon's pools: Pagefind runs a tokio
    // runtime and, inside it, rayon. A rayon worker blocked in one runtime could take the
    // other language's job while it waits and start a runtime inside the runtime, which
    // tokio refuses with a panic (it did, now and then, when tests shared the pool).
    let bundles: Vec<Result<Bundle, Diagnostic>> = std::thread::scope(|scope| {
        let jobs: Vec<_> = config
            .languages
            .iter()
            .map(|language| scope.spawn(move || language_job(graph, config, language, effort)))
            .collect();
        jobs.into_iter()
            .zip(&config.languages)
            .map(|(job, language)| {
                job.join().unwrap_or_else(|_| {
                    Err(Diagnostic::error(
                        bundle(language.code.as_str()),
                        "the search indexer stopped unexpectedly",
                    ))
                })
            })
            .collect()
    });
    let mut index = SearchIndex::default();
    let mut errors = Diagnostics::new();
    for bundle in bundles {
        match bundle {
            Ok(Bundle { lang, count, files }) => {
                index.records.insert(lang, count);
                index.files.extend(files.into_iter().map(|(name, bytes)| (name, Arc::new(bytes))));
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(index)
    }
}

/// One language's bundle, on the calling thread; in the background, on a pool of one
/// low-priority thread of its own (so that the preview's next rebuild keeps every core).
fn language_job(
    graph: &SiteGraph,
    config: &Config,
    language: &Language,
    effort: Effort,
) -> Result<Bundle, Diagnostic> {
    let work = || {
        let records = records(graph, config, language);
        let count = records.len();
        let files = language_bundle(language.code.as_str(), records, effort)?;
        Ok(Bundle { lang: language.code.to_string(), count, files })
    };
    if effort == Effort::Full {
        return work();
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "search-index".into())
        .start_handler(|_| lower_priority())
        .build();
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// The records of a language's item pages, in the graph's order.
pub fn records(graph: &SiteGraph, config: &Config, language: &Language) -> Vec<Record> {
    let Some(lang) = graph.langs.iter().find(|l| l.lang == language.code) else {
        return Vec::new();
    };
    Section::ALL
        .into_iter()
        .flat_map(|section| lang.items(section).iter().copied())
        .collect::<Vec<_>>()
        .par_iter()
        .map(|&i| record(graph, config, language, i))
        .collect()
}

fn record(graph: &SiteGraph, config: &Config, language: &Language, i: EntryId) -> Record {
    let entry = graph.entry(i);
    let rendered = &graph.rendered[i];
    let title = entry.title().unwrap_or_default();
    let mut content = String::with_capacity(rendered.html.len() + 256);
    // The title weighs as Pagefind weighs an `<h1>`, the headings as theirs (below).
    content.push_str(&weighted(1));
    content.push_str(title);
    content.push('.');
    content.push_str(END_WEIGHT);
    content.push('\n');
    let summary = entry.meta.front().summary();
    if let Some(summary) = summary {
        content.push_str(summary);
        content.push('\n');
    }
    push_text(&rendered.html, &mut content);
    if let Meta::Council(_) = entry.meta {
        for (_, html) in &rendered.commitments {
            content.push('\n');
            push_text(html, &mut content);
        }
    }
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
    let mut sort = BTreeMap::new();
    if let Some(date) = entry.date() {
        meta.insert("date".into(), language.dates.format(date));
        filters.insert("year".into(), vec![date.year.to_string()]);
        sort.insert("date".into(), date.to_string());
    }
    Record { url: config.base_url.join(&entry.url), content, meta, filters, sort }
}

/// Pagefind's marker that ends a weighted stretch of a record's text.
const END_WEIGHT: &str = " ___END_PAGEFIND_WEIGHT___ ";

/// Pagefind's marker that starts a stretch weighted as a heading of `level` (1 for the
/// title): 7 for a title, down to 2 for an `<h6>`, as its own HTML indexer weighs them, so
/// that a word in a heading ranks a page above one that has it only in a paragraph.
fn weighted(level: u8) -> String {
    format!(" ___PAGEFIND_AUTO_WEIGHT___{} ", 8 - level.clamp(1, 6))
}

/// The level of a heading tag (`<h2 …>` or `</h2>`, from its `<`), if `tag` is one.
fn heading_level(tag: &str) -> Option<u8> {
    let name = tag[1..].trim_start_matches('/').as_bytes();
    match name {
        [b'h' | b'H', d @ b'1'..=b'6', rest @ ..]
            if rest.first().is_none_or(|c| !c.is_ascii_alphanumeric()) =>
        {
            Some(d - b'0')
        }
        _ => None,
    }
}

/// Appends the text of an HTML fragment: tags dropped (block tags as spaces, so that words
/// of two paragraphs stay apart; inline ones as nothing), `<script>` and `<style>` left out,
/// entities decoded; a heading's words between Pagefind's weight markers. An editor's own
/// text never holds a marker: a word of it that begins like one loses its underscores.
pub fn push_text(html: &str, out: &mut String) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_decoded(after_space(out, &rest[..open]), out);
        let tag = &rest[open..];
        let skip_to = ["script", "style"].into_iter().find_map(|name| {
            let opens =
                tag.as_bytes().get(1..=name.len()).is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()));
            opens.then(|| format!("</{name}"))
        });
        let end = match skip_to {
            Some(close) => tag.find(&close).map_or(tag.len(), |c| c + close.len()),
            None => 0,
        };
        let Some(close) = tag[end..].find('>') else {
            push_decoded(tag, out);
            return;
        };
        if !is_inline(tag) && !out.ends_with(char::is_whitespace) {
            out.push(' ');
        }
        if let Some(level) = heading_level(tag) {
            if tag.as_bytes()[1] == b'/' {
                out.push_str(END_WEIGHT);
            } else {
                out.push_str(&weighted(level));
            }
        }
        rest = &tag[end + close + 1..];
    }
    push_decoded(after_space(out, rest), out);
}

/// Whether `tag` (from its `<`) opens or closes an element inside a line of text, which
/// must not part a word from what follows it: `<a>council</a>,` is "council,".
fn is_inline(tag: &str) -> bool {
    let name = tag[1..].trim_start_matches('/');
    let end = name.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(name.len());
    const INLINE: [&str; 15] = [
        "a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span", "strong", "sub",
        "sup",
    ];
    INLINE.iter().any(|t| t.eq_ignore_ascii_case(&name[..end]))
}

/// `text` without its leading white space if `out` ends with some: one space between words.
fn after_space<'t>(out: &str, text: &'t str) -> &'t str {
    if out.ends_with(char::is_whitespace) {
        text.trim_start()
    } else {
        text
    }
}

/// Appends `text` with its character references decoded (those Markdown writes, and
/// numeric ones); an unknown one is kept as written. Pagefind reads a word that begins
/// with `___PAGEFIND` as an instruction: such a word of the text is written without it.
fn push_decoded(text: &str, out: &mut String) {
    let start = out.len();
    push_decoded_raw(text, out);
    if out[start..].contains("___PAGEFIND") || out[start..].contains("___END_PAGEFIND") {
        let cleaned =
            out[start..].replace("___PAGEFIND", "PAGEFIND").replace("___END_PAGEFIND", "END_PAGEFIND");
        out.truncate(start);
        out.push_str(&cleaned);
    }
}

fn push_decoded_raw(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name.strip_prefix('#').and_then(|n| {
                    match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => n.parse().ok(),
                    }
                    .and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// The files of one language's bundle, named by their output path.
fn language_bundle(
    lang: &str,
    records: Vec<Record>,
    effort: Effort,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let failed = |e: String| Diagnostic::error(bundle(lang), format!("cannot make the search index: {e}"));
    let mut runtime = tokio::runtime::Builder::new_current_thread();
    if effort == Effort::Background {
        // Pagefind reads each record on a thread of tokio's blocking pool.
        runtime.on_thread_start(lower_priority);
    }
    let runtime = runtime.build().map_err(|e| failed(e.to_string()))?;
    let files = runtime.block_on(pagefind_files(lang, records)).map_err(failed)?;
    let has_own_wasm = files.iter().any(|f| f.filename.to_str() == Some(&format!("wasm.{lang}.pagefind")));
    Ok(files
        .into_iter()
        .filter_map(|f| {
            let name = f.filename.to_str()?.replace('\\', "/");
            published(&name, has_own_wasm).then(|| (format!("{}{name}", bundle(lang)), f.contents))
        })
        .collect())
}

async fn pagefind_files(
    lang: &str,
    records: Vec<Record>,
) -> Result<Vec<pagefind::api::SyntheticFile>, String> {
    let options =
        pagefind::options::PagefindServiceConfig::builder().force_language(lang.to_string()).build();
    let mut index = pagefind::api::PagefindIndex::new(Some(options)).map_err(message)?;
    let mut clock = crate::pipeline::Timings::start();
    for r in records {
        index
            .add_custom_record(
                r.url,
                r.content,
                lang.to_string(),
                Some(r.meta),
                Some(r.filters),
                Some(r.sort),
            )
            .await
            .map_err(message)?;
    }
    clock.lap(&format!("search {lang}: records added"));
    let files = index.get_files().await.map_err(message);
    clock.lap(&format!("search {lang}: index written"));
    files
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

/// Pagefind's error with its causes (`{:#}` of its `anyhow` error).
fn message(e: impl std::fmt::Display) -> String {
    format!("{e:#}")
}

/// Whether a file of Pagefind's bundle is published: its index, its search API and
/// WebAssembly, not its ready-made interfaces (the theme has its own).
fn published(name: &str, has_own_wasm: bool) -> bool {
    match name {
        "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json" => true,
        "wasm.unknown.pagefind" => !has_own_wasm,
        _ => !name.starts_with("pagefind-") && !name.starts_with("playground/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        let mut out = String::new();
        push_text(html, &mut out);
        out
    }

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

    #[test]
    fn text_of_html_keeps_words_apart_and_decodes_references() {
        assert_eq!(
            text("<p>Știința</p><p>materialelor &amp; cip&#x219;</p>"),
            " Știința materialelor & cipș "
        );
        assert_eq!(text("a<script>var x = '<b>';</script>b<style>p{}</style>c"), "a b c");
        assert_eq!(text("AT&T &bogus; & 5 < 6"), "AT&T &bogus; & 5 < 6");
        assert_eq!(text("<a>ș</a> și<b>"), "ș și");
        assert_eq!(
            text("<p>the first <a href=\"x\">council</a>, <em>then</em></p><p>x<sup>2</sup></p>"),
            " the first council, then x2 "
        );
    }

    #[test]
    fn headings_are_weighted_as_pagefind_weighs_them_and_text_cannot_forge_a_marker() {
        assert_eq!(
            text("<h2 id=\"a\">Regulation</h2><p>body</p><h3>Sub</h3><hr>"),
            "  ___PAGEFIND_AUTO_WEIGHT___6 Regulation  ___END_PAGEFIND_WEIGHT___ body  ___PAGEFIND_AUTO_WEIGHT___5 Sub  ___END_PAGEFIND_WEIGHT___ "
        );
        assert_eq!(text("<header>x</header>"), " x ");
        assert_eq!(text("<p>___PAGEFIND_WEIGHT___9 loud</p>"), " PAGEFIND_WEIGHT___9 loud ");
    }

    #[test]
    fn only_the_search_api_and_the_index_are_published() {
        assert!(published("pagefind.js", true));
        assert!(published("wasm.ro.pagefind", true));
        assert!(published("index/ro_1a2b3c4.pf_index", true));
        assert!(published("pagefind.ro_abc.pf_meta", true));
        assert!(!published("pagefind-ui.js", true));
        assert!(!published("pagefind-component-ui.css", true));
        assert!(!published("wasm.unknown.pagefind", true));
        assert!(published("wasm.unknown.pagefind", false));
    }
}
