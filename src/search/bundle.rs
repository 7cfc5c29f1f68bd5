//! A language's bundle from its pages' parts, in Pagefind 1.6's format: the words of every
//! page merged into sorted chunks (a query loads only the chunk its word falls in), the filter
//! and sort indexes, the metadata that ties them together, and every page's fragment; all
//! CBOR where Pagefind writes CBOR, compressed as its JavaScript reads them.

use super::cbor;
use super::gzip::{INDEX_LEVEL, compress};
use super::page::{Entry, PageIndex};
use super::words::NONE;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// How much a chunk of the word index holds, in bytes of positions (about one a position):
/// a query fetches the chunk of each of its words, so smaller chunks send less for a query
/// and make more files. Pagefind's default is 20,000 positions.
const CHUNK_SIZE: usize = 4_000;

/// Hex digits of a hash that name a file, at the least (more where two would clash).
const SHORT_HASH: usize = 7;

/// Where a page's word is: its page's number, and where its entry starts in the page's.
type Posting = (u32, u32);

/// The files of a language's bundle (names relative to its folder), without the JavaScript
/// and WebAssembly: `version` is Pagefind's version, which its JavaScript checks. Also the
/// name of its metadata file, which the entry file gives.
///
/// A chunk of the word index whose bytes are among `compressed` (by their hash, as the last
/// bundle left them) is not compressed again; the chunks of this bundle are returned so.
pub fn bundle(
    lang: &str,
    pages: &[Arc<PageIndex>],
    version: &str,
    compressed: &Chunks,
) -> (String, Files, Chunks) {
    let vocabulary = super::words::vocabulary(lang).words();
    let meta_fields: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.meta_fields.iter().map(String::as_str))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let fields = renumbered_fields(pages, &meta_fields);
    let fragments = name_fragments(lang, pages);
    // Each chunk encoded and compressed on a thread of its own: its bytes before compression
    // are dropped at once, never all held together.
    let encoded: Vec<(u128, Arc<Vec<u8>>, String, String)> = chunks(pages, &vocabulary)
        .par_iter()
        .map(|chunk| {
            let cbor = encode_chunk(chunk, pages, &fields, &vocabulary);
            let from = chunk.first().map_or("", |(w, _)| w).to_string();
            let to = chunk.last().map_or("", |(w, _)| w).to_string();
            let hash = xxhash_rust::xxh3::xxh3_128(&cbor);
            let bytes =
                compressed.get(&hash).cloned().unwrap_or_else(|| Arc::new(compress(&cbor, INDEX_LEVEL)));
            (hash, bytes, from, to)
        })
        .collect();
    let mut files = Vec::new();
    let mut chunk_names = Namer::default();
    let mut index_chunks = Vec::new();
    let mut made = Chunks::default();
    for (hash, bytes, from, to) in encoded {
        let name = chunk_names.name_hash(lang, &format!("{hash:032x}"));
        files.push((format!("index/{name}.pf_index"), bytes.clone()));
        made.insert(hash, bytes);
        index_chunks.push((from, to, name));
    }
    trim_chunk_bounds(&mut index_chunks);
    let mut filter_names = Namer::default();
    let mut filters = Vec::new();
    for (filter, cbor) in filter_indexes(pages) {
        let name = filter_names.name_hash(lang, &full_hash(&cbor));
        files.push((format!("filter/{name}.pf_filter"), Arc::new(compress(&cbor, INDEX_LEVEL))));
        filters.push((filter, name));
    }
    let meta = encode_meta(version, pages, &fragments, &index_chunks, &filters, &meta_fields);
    let meta_name = Namer::default().name_hash(lang, &full_hash(&meta));
    files.push((format!("pagefind.{meta_name}.pf_meta"), Arc::new(compress(&meta, INDEX_LEVEL))));
    let mut written = BTreeSet::new();
    for (page, name) in pages.iter().zip(&fragments) {
        if written.insert(name.as_str()) {
            files.push((format!("fragment/{name}.pf_fragment"), page.fragment.clone()));
        }
    }
    (meta_name, files, made)
}

/// Each page's metadata fields by their number in the bundle's list, where that is not the
/// page's own (most pages have every field).
fn renumbered_fields(pages: &[Arc<PageIndex>], meta_fields: &[&str]) -> Vec<Option<Vec<i64>>> {
    pages
        .iter()
        .map(|p| {
            let number = |name: &String| meta_fields.binary_search(&name.as_str()).unwrap_or_default() as i64;
            let renumber: Vec<i64> = p.meta_fields.iter().map(number).collect();
            (!renumber.iter().enumerate().all(|(i, &n)| n == i as i64)).then_some(renumber)
        })
        .collect()
}

/// The hash of a file's contents, in hex: what names it.
fn full_hash(contents: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(contents))
}

/// Compressed chunks of the word index, by the hash of their bytes before compression.
pub type Chunks = std::collections::HashMap<u128, Arc<Vec<u8>>>;

/// Files by name, their contents shared.
pub type Files = Vec<(String, Arc<Vec<u8>>)>;

/// Short, unique names of files by their contents' hash.
#[derive(Default)]
struct Namer {
    /// Short name → full hash.
    taken: HashMap<String, String>,
}

impl Namer {
    /// The name of a file of `lang` whose contents have the hash `full`: `{lang}_` and the
    /// hash's first digits, more of them where another file's name has those.
    fn name_hash(&mut self, lang: &str, full: &str) -> String {
        let mut length = SHORT_HASH;
        loop {
            let name = format!("{lang}_{}", &full[..length.min(full.len())]);
            match self.taken.get(&name) {
                Some(other) if other != full && length < full.len() => length += 1,
                _ => {
                    self.taken.insert(name.clone(), full.to_string());
                    return name;
                }
            }
        }
    }
}

/// Each page's fragment name, in page order (identical fragments share one).
fn name_fragments(lang: &str, pages: &[Arc<PageIndex>]) -> Vec<String> {
    let mut names = Namer::default();
    pages
        .iter()
        .map(|p| names.name_hash(lang, p.hash.strip_prefix(&format!("{lang}_")).unwrap_or(&p.hash)))
        .collect()
}

/// Every word of the pages with where it is, sorted by word, cut into chunks of about
/// [`CHUNK_SIZE`] bytes of positions (a word is never cut).
fn chunks<'v>(pages: &[Arc<PageIndex>], vocabulary: &'v [Arc<str>]) -> Vec<Vec<(&'v str, Vec<Posting>)>> {
    // Counted first, so that each word's list is made at its size (lists grown by doubling
    // took a third more memory).
    let mut counts = vec![0usize; vocabulary.len()];
    for page in pages {
        for (_, entry) in page.entries() {
            if let Some(count) = counts.get_mut(entry.word as usize) {
                *count += 1;
            }
        }
    }
    let mut postings: Vec<Vec<Posting>> = counts.into_iter().map(Vec::with_capacity).collect();
    let mut sizes = vec![0usize; vocabulary.len()];
    let mut forms: Vec<(u32, u32)> = Vec::new();
    for (number, page) in pages.iter().enumerate() {
        let number = u32::try_from(number).unwrap_or(u32::MAX);
        for (offset, entry) in page.entries() {
            if let Some(list) = postings.get_mut(entry.word as usize) {
                list.push((number, offset));
                sizes[entry.word as usize] += entry.text.len() + entry.meta.len() + 2;
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
    let mut words: Vec<(&str, usize, Vec<Posting>)> = postings
        .into_iter()
        .zip(sizes)
        .enumerate()
        .filter(|(_, (list, _))| !list.is_empty())
        .map(|(id, (list, size))| (&*vocabulary[id], size, list))
        .collect();
    words.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut chunks = Vec::new();
    let mut chunk = Vec::new();
    let mut size = 0;
    for (word, word_size, postings) in words {
        size += word_size;
        chunk.push((word, postings));
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
    chunk: &[(&str, Vec<Posting>)],
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
        for &(number, offset) in postings {
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
    meta_fields: &[&str],
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
    let sorts = sorts(pages);
    cbor::array(&mut out, sorts.len());
    for (sort, numbers) in &sorts {
        cbor::array(&mut out, 2);
        cbor::text(&mut out, sort);
        cbor::ints(&mut out, numbers.iter().map(|&n| i64::from(n)));
    }
    cbor::array(&mut out, meta_fields.len());
    for field in meta_fields {
        cbor::text(&mut out, field);
    }
    out
}

/// Each sort key's pages in its order: by number where every value is a number, else by
/// text (pages of equal values in page order).
fn sorts(pages: &[Arc<PageIndex>]) -> BTreeMap<&str, Vec<u32>> {
    let keys: BTreeSet<&str> = pages.iter().flat_map(|p| p.sort.keys().map(String::as_str)).collect();
    keys.into_iter()
        .map(|key| {
            let mut values: Vec<(&str, u32)> = pages
                .iter()
                .enumerate()
                .filter_map(|(n, p)| p.sort.get(key).map(|v| (v.as_str(), n as u32)))
                .collect();
            let number = |v: &str| v.parse::<i32>().map(|i| i as f32).or_else(|_| v.parse::<f32>()).ok();
            if values.iter().all(|(v, _)| number(v).is_some()) {
                values.sort_by(|a, b| {
                    number(a.0).unwrap_or_default().total_cmp(&number(b.0).unwrap_or_default())
                });
            } else {
                values.sort_by_key(|(v, _)| *v);
            }
            (key, values.into_iter().map(|(_, n)| n).collect())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn names_grow_only_where_two_hashes_share_their_start() {
        let mut names = Namer::default();
        assert_eq!(names.name_hash("en", "abcdef0123"), "en_abcdef0");
        assert_eq!(names.name_hash("en", "abcdef0999"), "en_abcdef09");
        assert_eq!(names.name_hash("en", "abcdef0123"), "en_abcdef0", "the same contents keep their name");
    }
}
