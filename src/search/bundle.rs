//! A language's bundle from its pages' parts, in Pagefind 1.6's format: the words of every
//! page merged into sorted chunks (a query loads only the chunk its word falls in), the filter
//! indexes, the metadata that ties them together, and every page's fragment; all
//! CBOR where Pagefind writes CBOR, compressed as its JavaScript reads them.

use super::cbor;
use super::gzip::{INDEX_LEVEL, compress};
use super::page::{Entry, PageIndex};
use super::words::NONE;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// How much a chunk of the word index holds, in bytes of positions (about one a position):
/// a query fetches the chunk of each of its words, and the metadata every first query
/// fetches lists every chunk. At 1,000 councils, 8,000 (328 chunks) sends a first query the
/// same bytes as 4,000 (610) for a word of a median chunk, 2.6 KiB fewer for the largest
/// word, and 2.3 KiB more for a later query's median word. Pagefind's default is 20,000.
const CHUNK_SIZE: usize = 8_000;

/// What a bundle's bytes depend on besides its pages: changed with any change to how the
/// chunks are cut, encoded or compressed, or how the filters and metadata are written, so
/// that a bundle kept by another `portal` is never reused (its chunk size and compression
/// level are part of it by themselves). A test holds a bundle's bytes to it.
const BUNDLE_FORMAT: &str = "portal-bundle-4";

/// Hex digits of a hash that name a file, at the least (more where two would share them: see
/// [`short_names`]): the metadata names every page's fragment, and each digit costs a first
/// query about half a byte a page. At 1,000 pages, about one pair of a language's files
/// shares five digits (both then take more); that a new file's name is one a browser still
/// keeps for other contents (GitHub Pages lets it keep a file ten minutes) is a chance in a
/// million for each file changed.
const SHORT_HASH: usize = 5;

/// Where a page's word is: its page's number, and where its entry starts in the page's.
type Posting = (u32, u32);

/// What a bundle leaves for the next of its language: enough to give the same files again
/// without merging anything when no page changed, and to encode again only the chunks that
/// hold a changed page's words when some did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Made {
    /// What made it: Pagefind's version, [`BUNDLE_FORMAT`], the chunk size and the
    /// compression level.
    pub made_by: String,
    /// Its pages' keys, in their order (their numbers in the index).
    pub keys: Vec<u128>,
    /// Its metadata fields, in the order that numbers them.
    pub meta_fields: Vec<String>,
    /// Its chunks of the word index, in order.
    pub chunks: Vec<Chunk>,
    /// The name of its metadata file (which the entry file gives).
    pub meta_name: String,
    /// Its filter indexes and metadata, by name.
    pub files: Files,
}

/// A chunk of the word index as made: its first and last word, the hash of its bytes
/// before compression, and its bytes compressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Its first word, in full.
    pub from: String,
    /// Its last word, in full.
    pub to: String,
    /// The hash of its bytes before compression.
    pub hash: u128,
    /// Its bytes, compressed as Pagefind reads them.
    pub bytes: Arc<Vec<u8>>,
}

/// The files of a language's bundle (names relative to its folder), without the JavaScript
/// and WebAssembly, from its pages (with their keys): `version` is Pagefind's version, which
/// its JavaScript checks. Also the name of its metadata file, which the entry file gives,
/// and what the bundle leaves for the next.
///
/// From `last`, the bundle this language had before, and `old`, its pages by key: where the
/// pages are the same, the same files are given again; where some changed, only the chunks
/// that hold one of their words (before or after) are encoded again, and a chunk whose bytes
/// are `last`'s is not compressed again. The files are the same either way.
pub fn bundle(
    lang: &str,
    pages: &[(u128, Arc<PageIndex>)],
    version: &str,
    last: &Made,
    old: &dyn Fn(u128) -> Option<Arc<PageIndex>>,
) -> (String, Files, Made) {
    let keys: Vec<u128> = pages.iter().map(|(key, _)| *key).collect();
    let pages: Vec<Arc<PageIndex>> = pages.iter().map(|(_, page)| page.clone()).collect();
    let made_by = format!("pagefind {version}, {BUNDLE_FORMAT}, chunks of {CHUNK_SIZE}, level {INDEX_LEVEL}");
    let fragments = name_fragments(lang, &pages);
    let made = if last.made_by == made_by && last.keys == keys {
        last.clone()
    } else {
        let pages = Named { lang, pages: &pages, fragments: &fragments };
        merge(pages, keys, made_by, version, last, old)
    };
    let mut files: Files = chunk_names(lang, &made.chunks)
        .into_iter()
        .zip(&made.chunks)
        .map(|(n, c)| (chunk_path(&n), c.bytes.clone()))
        .collect();
    files.extend(made.files.iter().cloned());
    let mut written = BTreeSet::new();
    for (page, name) in pages.iter().zip(fragments) {
        if written.insert(name.clone()) {
            files.push((format!("fragment/{name}.pf_fragment"), page.fragment.clone()));
        }
    }
    (made.meta_name.clone(), files, made)
}

/// A language's pages with their fragments' names (named once, for the files and the
/// metadata).
struct Named<'p> {
    lang: &'p str,
    pages: &'p [Arc<PageIndex>],
    fragments: &'p [String],
}

/// The pages' words merged into chunks, their filters and the metadata, reusing what of
/// `last` their changes left as it was.
fn merge(
    named: Named<'_>,
    keys: Vec<u128>,
    made_by: String,
    version: &str,
    last: &Made,
    old: &dyn Fn(u128) -> Option<Arc<PageIndex>>,
) -> Made {
    let Named { lang, pages, fragments } = named;
    let vocabulary = super::words::vocabulary(lang).words();
    let meta_fields: Vec<String> = pages
        .iter()
        .flat_map(|p| p.meta_fields.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let fields = renumbered_fields(pages, &meta_fields);
    let changed = (last.made_by == made_by && last.meta_fields == meta_fields)
        .then(|| changed_words(pages, &keys, &last.keys, old, &vocabulary))
        .flatten();
    let chunks = encode_chunks(pages, &fields, &vocabulary, last, changed.as_ref());
    let names = chunk_names(lang, &chunks);
    let mut index_chunks: Vec<(String, String, String)> =
        chunks.iter().zip(names).map(|(c, name)| (c.from.clone(), c.to.clone(), name)).collect();
    trim_chunk_bounds(&mut index_chunks);
    let mut files = Vec::new();
    let indexes = filter_indexes(pages);
    let hashes: Vec<String> = indexes.iter().map(|(_, cbor)| full_hash(cbor)).collect();
    let names = short_names(lang, &hashes.iter().map(String::as_str).collect::<Vec<_>>());
    let mut filters = Vec::new();
    for ((filter, cbor), name) in indexes.into_iter().zip(names) {
        files.push((format!("filter/{name}.pf_filter"), Arc::new(compress(&cbor, INDEX_LEVEL))));
        filters.push((filter, name));
    }
    let meta = encode_meta(version, pages, fragments, &index_chunks, &filters, &meta_fields);
    let meta_name = short_names(lang, &[&full_hash(&meta)]).remove(0);
    files.push((format!("pagefind.{meta_name}.pf_meta"), Arc::new(compress(&meta, INDEX_LEVEL))));
    Made { made_by, keys, meta_fields, chunks, meta_name, files }
}

/// The words of the pages whose place holds another page than at `last_keys` (as they were
/// and as they are), by their text, sorted; `None` where there are more or fewer pages than
/// there were (a page added or removed, or one that gained or lost all its words: the pages
/// after it have other numbers), or a page as it was is not known.
fn changed_words<'v>(
    pages: &[Arc<PageIndex>],
    keys: &[u128],
    last_keys: &[u128],
    old: &dyn Fn(u128) -> Option<Arc<PageIndex>>,
    vocabulary: &'v [Arc<str>],
) -> Option<Vec<&'v str>> {
    if keys.len() != last_keys.len() {
        return None;
    }
    let mut words = BTreeSet::new();
    for ((page, key), was) in pages.iter().zip(keys).zip(last_keys) {
        if key != was {
            let before = old(*was)?;
            for p in [&before, page] {
                for (_, entry) in p.entries() {
                    // A word this process does not know: no chunk is taken as it was.
                    words.insert(&**vocabulary.get(entry.word as usize)?);
                }
            }
        }
    }
    Some(words.into_iter().collect())
}

/// Each chunk's name, by its hash.
fn chunk_names(lang: &str, chunks: &[Chunk]) -> Vec<String> {
    let fulls: Vec<String> = chunks.iter().map(|c| format!("{:032x}", c.hash)).collect();
    short_names(lang, &fulls.iter().map(String::as_str).collect::<Vec<_>>())
}

/// A chunk's file in the bundle, from its name.
fn chunk_path(name: &str) -> String {
    format!("index/{name}.pf_index")
}

/// Each page's metadata fields by their number in the bundle's list, where that is not the
/// page's own (most pages have every field).
fn renumbered_fields(pages: &[Arc<PageIndex>], meta_fields: &[String]) -> Vec<Option<Vec<i64>>> {
    pages
        .iter()
        .map(|p| {
            let number = |name: &String| meta_fields.binary_search(name).unwrap_or_default() as i64;
            let renumber: Vec<i64> = p.meta_fields.iter().map(number).collect();
            (!renumber.iter().enumerate().all(|(i, &n)| n == i as i64)).then_some(renumber)
        })
        .collect()
}

/// The hash of a file's contents, in hex: what names it.
fn full_hash(contents: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(contents))
}

/// Files by name, their contents shared.
pub type Files = Vec<(String, Arc<Vec<u8>>)>;

/// The names of files of `lang` whose contents have the hashes `fulls` (hex): `{lang}_` and
/// each hash's first digits, as many as tell it from every other hash of the list (at
/// least [`SHORT_HASH`]). A name depends only on the hashes it shares a start with, never on
/// the order of the files: two files that share a start both take longer names, so that no
/// file takes over a name another had in the last build while that one is still there.
fn short_names(lang: &str, fulls: &[&str]) -> Vec<String> {
    let mut sorted: Vec<&str> = fulls.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let common = |a: &str, b: &str| a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let length: HashMap<&str, usize> = sorted
        .iter()
        .enumerate()
        .map(|(i, full)| {
            let before = i.checked_sub(1).map_or(0, |j| common(sorted[j], full));
            let after = sorted.get(i + 1).map_or(0, |next| common(next, full));
            (*full, (before.max(after) + 1).max(SHORT_HASH).min(full.len()))
        })
        .collect();
    fulls.iter().map(|full| format!("{lang}_{}", &full[..length[full]])).collect()
}

/// Each page's fragment name, in page order (identical fragments share one).
fn name_fragments(lang: &str, pages: &[Arc<PageIndex>]) -> Vec<String> {
    let prefix = format!("{lang}_");
    let fulls: Vec<&str> = pages.iter().map(|p| p.hash.strip_prefix(&prefix).unwrap_or(&p.hash)).collect();
    short_names(lang, &fulls)
}

/// Every word of the pages with where it is, sorted by word, cut into chunks of about
/// [`CHUNK_SIZE`] bytes of positions (a word is never cut), each encoded and compressed on a
/// thread of its own (its bytes before compression dropped at once, never all held
/// together). With `changed` (the words of the pages that changed since `last`, sorted), a
/// chunk with `last`'s bounds and none of those words is `last`'s, not encoded again.
fn encode_chunks(
    pages: &[Arc<PageIndex>],
    fields: &[Option<Vec<i64>>],
    vocabulary: &[Arc<str>],
    last: &Made,
    changed: Option<&Vec<&str>>,
) -> Vec<Chunk> {
    let (counts, sizes) = word_sizes(pages, vocabulary.len());
    let mut words: Vec<(u32, usize)> =
        (0..vocabulary.len()).filter(|&id| counts[id] > 0).map(|id| (id as u32, sizes[id])).collect();
    words.sort_unstable_by(|a, b| vocabulary[a.0 as usize].cmp(&vocabulary[b.0 as usize]));
    let word = |id: u32| &*vocabulary[id as usize];
    let cut = cut(&words);
    let reused = reusable(&cut, vocabulary, last, changed);
    // The words of the chunks to encode, with where they are.
    let mut wanted = vec![false; vocabulary.len()];
    for (ids, _) in cut.iter().zip(&reused).filter(|(_, r)| r.is_none()) {
        ids.iter().for_each(|&id| wanted[id as usize] = true);
    }
    let postings = postings(pages, &counts, &wanted);
    let compressed: HashMap<u128, &Arc<Vec<u8>>> = last.chunks.iter().map(|c| (c.hash, &c.bytes)).collect();
    let make = |(ids, reused): (&Vec<u32>, Option<&Chunk>)| {
        if let Some(chunk) = reused {
            return chunk.clone();
        }
        let chunk: Vec<(&str, &[Posting])> =
            ids.iter().map(|&id| (word(id), postings[id as usize].as_slice())).collect();
        let cbor = encode_chunk(&chunk, pages, fields, vocabulary);
        let hash = xxhash_rust::xxh3::xxh3_128(&cbor);
        let bytes =
            compressed.get(&hash).map_or_else(|| Arc::new(compress(&cbor, INDEX_LEVEL)), |b| (*b).clone());
        Chunk { from: chunk[0].0.to_string(), to: chunk[chunk.len() - 1].0.to_string(), hash, bytes }
    };
    // Where a few pages changed, the chunks of their words (a few hundred a page, a small
    // part of the whole) are made on this thread: rayon's would take them only once the
    // rendering's work is done.
    if reused.iter().filter(|r| r.is_none()).count() * 4 < cut.len() {
        cut.iter().zip(reused).map(make).collect()
    } else {
        cut.par_iter().zip(reused).map(make).collect()
    }
}

/// For each chunk of `cut`, `last`'s chunk of the same bounds where none of the `changed`
/// words falls between them (its words are then the same, and where each is too).
fn reusable<'l>(
    cut: &[Vec<u32>],
    vocabulary: &[Arc<str>],
    last: &'l Made,
    changed: Option<&Vec<&str>>,
) -> Vec<Option<&'l Chunk>> {
    let kept: HashMap<(&str, &str), &Chunk> =
        last.chunks.iter().map(|c| ((c.from.as_str(), c.to.as_str()), c)).collect();
    cut.iter()
        .map(|ids| {
            let (from, to) = (&*vocabulary[ids[0] as usize], &*vocabulary[ids[ids.len() - 1] as usize]);
            let changed = changed?;
            let first_after = changed.partition_point(|w| *w < from);
            let untouched = changed.get(first_after).is_none_or(|w| *w > to);
            kept.get(&(from, to)).copied().filter(|_| untouched)
        })
        .collect()
}

/// How many entries each word has in the pages, and how many bytes its positions take
/// (about): each entry's, and one for each form of it.
fn word_sizes(pages: &[Arc<PageIndex>], words: usize) -> (Vec<usize>, Vec<usize>) {
    let mut counts = vec![0usize; words];
    let mut sizes = vec![0usize; words];
    let mut forms: Vec<(u32, u32)> = Vec::new();
    for page in pages {
        for (_, entry) in page.entries() {
            let id = entry.word as usize;
            if id < words {
                counts[id] += 1;
                sizes[id] += entry.text.len() + entry.meta.len() + 2;
                if entry.variant != NONE {
                    forms.push((entry.word, entry.variant));
                }
            }
        }
    }
    // A word's forms count once each.
    forms.sort_unstable();
    forms.dedup();
    for (word, _) in forms {
        sizes[word as usize] += 1;
    }
    (counts, sizes)
}

/// The words (sorted, with their sizes) cut into chunks: a chunk ends at the word that
/// brings it to [`CHUNK_SIZE`], and a word of that size by itself is a chunk of its own (a
/// query for `the` fetches its positions, not its neighbours' too).
fn cut(words: &[(u32, usize)]) -> Vec<Vec<u32>> {
    let mut chunks = Vec::new();
    let mut chunk = Vec::new();
    let mut size = 0;
    for &(id, word_size) in words {
        if word_size >= CHUNK_SIZE && !chunk.is_empty() {
            chunks.push(std::mem::take(&mut chunk));
            size = 0;
        }
        size += word_size;
        chunk.push(id);
        if size >= CHUNK_SIZE {
            chunks.push(std::mem::take(&mut chunk));
            size = 0;
        }
    }
    if !chunk.is_empty() {
        chunks.push(chunk);
    }
    chunks
}

/// Where each `wanted` word is in the pages, in page order (each list made at its size:
/// lists grown by doubling took a third more memory).
fn postings(pages: &[Arc<PageIndex>], counts: &[usize], wanted: &[bool]) -> Vec<Vec<Posting>> {
    let mut postings: Vec<Vec<Posting>> =
        counts.iter().zip(wanted).map(|(&n, &w)| Vec::with_capacity(if w { n } else { 0 })).collect();
    for (number, page) in pages.iter().enumerate() {
        let number = u32::try_from(number).unwrap_or(u32::MAX);
        for (offset, entry) in page.entries() {
            if wanted.get(entry.word as usize) == Some(&true) {
                postings[entry.word as usize].push((number, offset));
            }
        }
    }
    postings
}

/// Shortens each chunk's bounds to the letters that tell it from its neighbour's, as the
/// WebAssembly expects them (it picks a chunk by comparing a query's word with them).
fn trim_chunk_bounds(chunks: &mut [(String, String, String)]) {
    for i in 1..chunks.len() {
        let (before, after) = chunks.split_at_mut(i);
        let (previous, next) = (&mut before[i - 1], &mut after[0]);
        let common = next.0.chars().zip(previous.1.chars()).take_while(|(a, b)| a == b).count();
        let to: String = previous.1.chars().take(common + 1).collect();
        if to >= previous.0 {
            previous.1 = to;
        }
        next.0 = next.0.chars().take(common + 1).collect();
    }
}

/// A chunk as CBOR: `[[word, [page…], [variant…]]…]`, each page
/// `[page number since the last, locs, meta locs]`, each variant `[form, [page…]]`.
fn encode_chunk(
    chunk: &[(&str, &[Posting])],
    pages: &[Arc<PageIndex>],
    fields: &[Option<Vec<i64>>],
    vocabulary: &[Arc<str>],
) -> Vec<u8> {
    let mut out = Vec::new();
    cbor::array(&mut out, 1);
    cbor::array(&mut out, chunk.len());
    let mut plain = Vec::new();
    for (word, postings) in chunk {
        plain.clear();
        // The forms as Pagefind orders them: by their first page, then as text.
        let mut forms: Vec<(u32, Vec<(u32, Entry<'_>)>)> = Vec::new();
        for &(number, offset) in *postings {
            let (entry, _) = pages[number as usize].entry(offset as usize);
            if entry.variant == NONE {
                plain.push((number, entry));
            } else {
                match forms.iter_mut().find(|(f, _)| *f == entry.variant) {
                    Some((_, list)) => list.push((number, entry)),
                    None => forms.push((entry.variant, vec![(number, entry)])),
                }
            }
        }
        let form = |id: u32| vocabulary.get(id as usize).map_or("", |f| f);
        forms.sort_by(|a, b| (a.1[0].0, form(a.0)).cmp(&(b.1[0].0, form(b.0))));
        cbor::array(&mut out, 3);
        cbor::text(&mut out, word);
        encode_pages(&mut out, &plain, fields);
        cbor::array(&mut out, forms.len());
        for (form_id, list) in &forms {
            cbor::array(&mut out, 2);
            cbor::text(&mut out, form(*form_id));
            encode_pages(&mut out, list, fields);
        }
    }
    out
}

fn encode_pages(out: &mut Vec<u8>, entries: &[(u32, Entry<'_>)], fields: &[Option<Vec<i64>>]) {
    cbor::array(out, entries.len());
    let mut last = 0;
    for (number, entry) in entries {
        cbor::array(out, 3);
        cbor::int(out, i64::from(number - last));
        last = *number;
        out.extend_from_slice(entry.text);
        match &fields[*number as usize] {
            // The page numbers its fields as the bundle does.
            None => out.extend_from_slice(entry.meta),
            Some(renumber) => {
                let renumbered =
                    cbor::read_ints(entry.meta).into_iter().map(|l| match usize::try_from(-l - 1) {
                        Ok(field) if l < 0 => -renumber.get(field).copied().unwrap_or(field as i64) - 1,
                        _ => l,
                    });
                cbor::ints(out, renumbered.collect::<Vec<_>>().into_iter());
            }
        }
    }
}

/// Each filter's index as CBOR, by name: `[filter, [[value, [page…]]…]]`, values sorted.
fn filter_indexes(pages: &[Arc<PageIndex>]) -> Vec<(String, Vec<u8>)> {
    let mut filters: BTreeMap<&str, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
    for (number, page) in pages.iter().enumerate() {
        for (filter, values) in &page.filters {
            for value in values {
                filters.entry(filter).or_default().entry(value).or_default().push(number as u32);
            }
        }
    }
    filters
        .into_iter()
        .map(|(filter, values)| {
            let mut out = Vec::new();
            cbor::array(&mut out, 2);
            cbor::text(&mut out, filter);
            cbor::array(&mut out, values.len());
            for (value, numbers) in &values {
                cbor::array(&mut out, 2);
                cbor::text(&mut out, value);
                cbor::ints(&mut out, numbers.iter().map(|&n| i64::from(n)));
            }
            (filter.to_string(), out)
        })
        .collect()
}

/// The bundle's metadata as CBOR: `[version, pages, chunks, filters, sorts, meta fields]`.
fn encode_meta(
    version: &str,
    pages: &[Arc<PageIndex>],
    fragments: &[String],
    chunks: &[(String, String, String)],
    filters: &[(String, String)],
    meta_fields: &[String],
) -> Vec<u8> {
    let mut out = Vec::new();
    cbor::array(&mut out, 6);
    cbor::text(&mut out, version);
    cbor::array(&mut out, pages.len());
    for (page, name) in pages.iter().zip(fragments) {
        cbor::array(&mut out, 3);
        cbor::text(&mut out, name);
        cbor::int(&mut out, i64::from(page.word_count));
        cbor::text(&mut out, "");
    }
    cbor::array(&mut out, chunks.len());
    for (from, to, name) in chunks {
        cbor::array(&mut out, 3);
        for part in [from, to, name] {
            cbor::text(&mut out, part);
        }
    }
    cbor::array(&mut out, filters.len());
    for (filter, name) in filters {
        cbor::array(&mut out, 2);
        cbor::text(&mut out, filter);
        cbor::text(&mut out, name);
    }
    // No sort keys: the site's search never sorts, and every first query would fetch them.
    cbor::array(&mut out, 0);
    cbor::array(&mut out, meta_fields.len());
    for field in meta_fields {
        cbor::text(&mut out, field);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Record, page::index_page, words::Words};

    /// Page `n` of a site whose words are drawn (Zipf-like) from a few thousand made-up
    /// ones, with `extra` added to its text.
    fn page(n: usize, extra: &str) -> (u128, Arc<PageIndex>) {
        let mut seed = n as u64 * 2_654_435_761 + 1;
        let mut words = Vec::new();
        for _ in 0..120 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let rank = 1 + (seed >> 33) % 3_000 / (1 + (seed >> 20) % 20);
            words.push(format!("w{rank}q"));
        }
        page_of(n, &format!("{} {extra}", words.join(" ")))
    }

    /// Page `n` with the text `content`.
    fn page_of(n: usize, content: &str) -> (u128, Arc<PageIndex>) {
        // Every third a dated council, with a summary (metadata fields that other pages lack).
        let year = 1990 + n % 30;
        let (kind, dated) = if n.is_multiple_of(3) { ("council", true) } else { ("domain", false) };
        let mut meta = BTreeMap::from([("title".to_string(), format!("Page {n}"))]);
        let mut filters = BTreeMap::from([("kind".to_string(), vec![kind.to_string()])]);
        if dated {
            meta.insert("summary".into(), format!("Met in {year}"));
            filters.insert("year".into(), vec![year.to_string()]);
        }
        let record = Record { url: format!("/en/p{n}/"), content: content.to_string(), meta, filters };
        let key = xxhash_rust::xxh3::xxh3_128(record.content.as_bytes());
        (key, Arc::new(index_page(&record, "en", &mut Words::new("en")).unwrap()))
    }

    #[test]
    fn a_changed_page_encodes_again_only_the_chunks_of_its_words_and_the_files_are_a_fresh_bundle_s() {
        let mut before: Vec<(u128, Arc<PageIndex>)> = (0..300).map(|n| page(n, "")).collect();
        before[7] = page_of(7, "w1q alpha beta gamma w2q delta");
        let none = |_: u128| None;
        let (_, _, last) = bundle("en", &before, "1.6.0", &Made::default(), &none);
        assert!(last.chunks.len() > 20, "{} chunks", last.chunks.len());
        // Page 7's text changes: a word gone, others new, the rest at other places in it.
        let mut after = before.clone();
        after[7] = page_of(7, "zebra alpha w1q gamma council delta w2q");
        let old: HashMap<u128, Arc<PageIndex>> = before.iter().cloned().collect();
        let old = |key: u128| old.get(&key).cloned();
        let (meta, files, made) = bundle("en", &after, "1.6.0", &last, &old);
        let fresh = bundle("en", &after, "1.6.0", &Made::default(), &none);
        assert_eq!((&meta, &files), (&fresh.0, &fresh.1), "the same files as a bundle made afresh");
        assert_eq!(made, fresh.2);
        // Which chunks were taken as they were, not encoded again: the last bundle's chunks
        // marked (bytes no encoding gives, and a hash none has), so that a chunk encoded again
        // is compressed afresh and one taken as it was shows the mark.
        let mark = Arc::new(b"kept".to_vec());
        let marked = Made {
            chunks: last.chunks.iter().map(|c| Chunk { hash: 0, bytes: mark.clone(), ..c.clone() }).collect(),
            ..last.clone()
        };
        let (_, _, taken) = bundle("en", &after, "1.6.0", &marked, &old);
        let mut reused = 0;
        assert_eq!(taken.chunks.len(), fresh.2.chunks.len());
        for (chunk, fresh) in taken.chunks.iter().zip(&fresh.2.chunks) {
            if chunk.bytes == mark {
                reused += 1;
                let was = last.chunks.iter().find(|l| (&l.from, &l.to) == (&chunk.from, &chunk.to)).unwrap();
                assert_eq!(was, fresh, "a chunk taken as it was is the one a fresh bundle makes");
            } else {
                assert_eq!(chunk, fresh);
            }
        }
        assert!(
            reused > taken.chunks.len() / 2,
            "{reused} of {} chunks taken as they were",
            taken.chunks.len()
        );
        assert!(reused < taken.chunks.len(), "the chunks of the changed page's words are encoded again");
        // The same pages again: the same bundle, nothing merged.
        let (_, again, same) = bundle("en", &after, "1.6.0", &made, &none);
        assert!(same.chunks.iter().zip(&made.chunks).all(|(a, b)| Arc::ptr_eq(&a.bytes, &b.bytes)));
        assert_eq!(again, fresh.1);
        // A page added: every page's number may move, so every chunk is encoded again.
        let mut more = after.clone();
        more.insert(0, page(1000, ""));
        let (_, _, moved) = bundle("en", &more, "1.6.0", &made, &old);
        let fresh = bundle("en", &more, "1.6.0", &Made::default(), &none).2;
        assert_eq!(moved, fresh);
    }

    #[test]
    fn chunk_bounds_are_the_letters_that_tell_neighbours_apart() {
        let mut chunks = vec![
            ("alpha".to_string(), "council".to_string(), "a".to_string()),
            ("country".to_string(), "market".to_string(), "b".to_string()),
            ("marketing".to_string(), "zebra".to_string(), "c".to_string()),
        ];
        trim_chunk_bounds(&mut chunks);
        let bounds: Vec<(&str, &str)> = chunks.iter().map(|(f, t, _)| (f.as_str(), t.as_str())).collect();
        assert_eq!(bounds, [("alpha", "counc"), ("count", "market"), ("marketi", "zebra")]);
    }

    #[test]
    fn a_bundle_s_bytes_are_those_its_format_names() {
        // A bundle kept by the last build is reused when its pages and `made_by` are the
        // same: a change to how a bundle is written must change `BUNDLE_FORMAT` too, or an
        // older `portal`'s bundle would be published as this one's.
        let pages: Vec<(u128, Arc<PageIndex>)> = (0..300).map(|n| page(n, "")).collect();
        let (meta, files, made) = bundle("en", &pages, "1.6.0", &Made::default(), &|_| None);
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(meta.as_bytes());
        for (name, bytes) in files.iter().filter(|(name, _)| !name.starts_with("fragment/")) {
            hasher.update(name.as_bytes());
            hasher.update(bytes);
        }
        for kind in ["index/", "filter/", "pagefind."] {
            assert!(files.iter().any(|(name, _)| name.starts_with(kind)), "a bundle with {kind} files");
        }
        let written = (BUNDLE_FORMAT, CHUNK_SIZE, INDEX_LEVEL, format!("{:032x}", hasher.digest128()));
        assert!(made.made_by.contains(BUNDLE_FORMAT));
        assert_eq!(
            written,
            ("portal-bundle-4", 8_000, 2, "5afe0b34cccb7a444908af68d6aee3ad".to_string()),
            "the bundle's bytes changed: change BUNDLE_FORMAT, then write the new hash here"
        );
    }

    #[test]
    fn a_word_that_fills_a_chunk_is_a_chunk_of_its_own() {
        let words = [(1, 100), (2, 200), (3, CHUNK_SIZE * 5), (4, 100), (5, CHUNK_SIZE - 50), (6, 10)];
        assert_eq!(cut(&words), [vec![1, 2], vec![3], vec![4, 5], vec![6]]);
    }

    #[test]
    fn names_grow_only_where_two_hashes_share_their_start_and_never_hang_on_order() {
        let names = short_names("en", &["abcde0123", "ffff00000", "abcde0999", "abcde0123"]);
        assert_eq!(
            names,
            ["en_abcde01", "en_ffff0", "en_abcde09", "en_abcde01"],
            "the same contents, one name"
        );
        let reversed = short_names("en", &["abcde0999", "ffff00000", "abcde0123"]);
        assert_eq!(reversed, ["en_abcde09", "en_ffff0", "en_abcde01"]);
        // Alone, a hash keeps its shortest name; it never takes the name of one that shared it.
        assert_eq!(short_names("en", &["abcde0999"]), ["en_abcde"]);
    }
}
