//! One page's part of a language's index, made on its own (so pages are read in parallel and
//! a page that did not change is not read again): the words it holds with their positions and
//! weights, packed as Pagefind 1.6 packs them, and its fragment (the text and metadata a
//! result shows), compressed and named by its hash.

use super::text::{ANCHOR, AUTO_WEIGHT, END_WEIGHT};
use super::words::{Found, NONE, Words};
use super::{Record, cbor};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A weight of 1 (plain text), as Pagefind stores it: weights are kept as 24ths.
const UNIT_WEIGHT: u8 = 24;

/// The highest weight a marker can ask for, in units.
const MAX_WEIGHT: f32 = 10.0;

/// The weight that needs no marker in a packed list of positions (Pagefind's default).
const DEFAULT_PACKED_WEIGHT: u8 = 25;

/// A page's part of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageIndex {
    /// Its fragment's name, `{lang}_{hash}` in full (the bundle shortens it).
    pub hash: String,
    /// Its fragment, compressed as Pagefind reads it (shared with the bundle's files).
    pub fragment: Arc<Vec<u8>>,
    /// How many words its text has.
    pub word_count: u32,
    /// Each word (and each form of it with diacritics) it holds, with its positions, one
    /// after the other in a stream of bytes (see [`Entry`]): a page holds hundreds of words,
    /// and the index of a language thousands of pages.
    pub entries: Vec<u8>,
    /// The names of its metadata fields, sorted: its `meta_locs` number fields by this list.
    pub meta_fields: Vec<String>,
    /// Its filters (`kind`, `year`).
    pub filters: BTreeMap<String, Vec<String>>,
}

/// One word of a page, read from its `entries`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'p> {
    /// The indexed (folded, stemmed) form, by its number in the vocabulary.
    pub word: u32,
    /// The form as written, for a form with diacritics (a variant of `word`); else
    /// [`NONE`].
    pub variant: u32,
    /// Its positions in the text (weights as markers), a CBOR array as the index has it.
    pub text: &'p [u8],
    /// Its positions in the metadata (fields, by their number in the page's `meta_fields`,
    /// as markers), a CBOR array.
    pub meta: &'p [u8],
}

impl PageIndex {
    /// The entry that starts at `offset` of `entries`, and where the next starts.
    pub fn entry(&self, offset: usize) -> (Entry<'_>, usize) {
        let mut at = offset;
        let word = varint(&self.entries, &mut at);
        let variant = varint(&self.entries, &mut at).checked_sub(1).unwrap_or(NONE);
        let text_len = varint(&self.entries, &mut at) as usize;
        let text = self.entries.get(at..at + text_len).unwrap_or_default();
        at += text_len;
        let meta_len = varint(&self.entries, &mut at) as usize;
        let meta = self.entries.get(at..at + meta_len).unwrap_or_default();
        (Entry { word, variant, text, meta }, at + meta_len)
    }

    /// Every entry, with its offset.
    pub fn entries(&self) -> impl Iterator<Item = (u32, Entry<'_>)> {
        let mut at = 0;
        std::iter::from_fn(move || {
            (at < self.entries.len()).then(|| {
                let (entry, next) = self.entry(at);
                let offset = at as u32;
                at = next;
                (offset, entry)
            })
        })
    }
}

/// A page's `entries` with each word's number `n` replaced by `numbers[n]`; `None` if the
/// stream does not hold whole entries.
pub fn renumber(entries: &[u8], numbers: &[u32]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(entries.len() + entries.len() / 8);
    let mut at = 0;
    while at < entries.len() {
        let word = *numbers.get(varint(entries, &mut at) as usize)?;
        let variant = match varint(entries, &mut at) {
            0 => 0,
            v => numbers.get(v as usize - 1)?.checked_add(1)?,
        };
        push_varint(&mut out, word);
        push_varint(&mut out, variant);
        for _ in 0..2 {
            let len = varint(entries, &mut at) as usize;
            let part = entries.get(at..at.checked_add(len)?)?;
            at += len;
            push_varint(&mut out, len as u32);
            out.extend_from_slice(part);
        }
    }
    Some(out)
}

/// Appends `n` in LEB128 (seven bits a byte, low first).
fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads a LEB128 number at `at`, and moves past it (0 past the end).
fn varint(bytes: &[u8], at: &mut usize) -> u32 {
    let mut n = 0u32;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        n |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
        shift += 7;
        if b < 0x80 {
            break;
        }
    }
    n
}

/// What a fragment file holds (the fields Pagefind's JavaScript reads).
#[derive(Serialize)]
struct Fragment<'r> {
    url: &'r str,
    content: String,
    word_count: u32,
    filters: &'r BTreeMap<String, Vec<String>>,
    meta: &'r BTreeMap<String, String>,
    anchors: Vec<Anchor>,
}

/// A heading with an `id`: where a section starts, for results that land in it.
#[derive(Serialize)]
struct Anchor {
    element: String,
    id: String,
    text: String,
    location: u32,
}

/// One place a word is found, as one number that sorts as the index wants them: by word,
/// form, text before metadata, weight (the default first) or field, then position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Occurrence(u128);

impl Occurrence {
    fn new(found: Found, in_meta: bool, weight_or_field: u16, position: usize) -> Self {
        // In the text, the default weight sorts first, and every other after it in order.
        let order = match (in_meta, weight_or_field) {
            (false, w) if w == u16::from(DEFAULT_PACKED_WEIGHT) => 0,
            (false, w) => u128::from(w) + 1,
            (true, field) => u128::from(field),
        };
        let position = u128::from(u32::try_from(position).unwrap_or(u32::MAX));
        Self(
            (u128::from(found.word) << 96)
                | (u128::from(found.variant) << 64)
                | (u128::from(in_meta) << 63)
                | (order << 32)
                | position,
        )
    }

    /// Word and form.
    fn group(self) -> u64 {
        (self.0 >> 64) as u64
    }

    fn word(self) -> u32 {
        (self.0 >> 96) as u32
    }

    fn variant(self) -> u32 {
        (self.0 >> 64) as u32
    }

    fn in_meta(self) -> bool {
        (self.0 >> 63) & 1 == 1
    }

    /// The weight, in the text; the field's number, in the metadata.
    fn weight_or_field(self) -> u16 {
        let order = ((self.0 >> 32) & 0x7fff_ffff) as u16;
        match (self.in_meta(), order) {
            (true, field) => field,
            (false, 0) => u16::from(DEFAULT_PACKED_WEIGHT),
            (false, w) => w - 1,
        }
    }

    fn position(self) -> u32 {
        self.0 as u32
    }
}

/// Indexes one page of the language `lang` with `words` (the language's rules and memory);
/// `None` for a page with no word to find, which Pagefind leaves out too.
pub fn index_page(record: &Record, lang: &str, words: &mut Words) -> Option<PageIndex> {
    let mut text = read_text(&record.content, words);
    if text.occurrences.is_empty() {
        return None;
    }
    let meta_fields: Vec<String> = record.meta.keys().cloned().collect();
    for (field, value) in record.meta.values().enumerate() {
        for (position, token) in value.split_whitespace().enumerate() {
            for &found in words.of_meta(token).iter() {
                text.occurrences.push(Occurrence::new(found, true, field as u16, position));
            }
        }
    }
    let entries = pack(text.occurrences);
    let fragment = Fragment {
        url: &record.url,
        content: text.content,
        word_count: text.word_count,
        filters: &record.filters,
        meta: &record.meta,
        anchors: text.anchors,
    };
    let json = serde_json::to_vec(&fragment).ok()?;
    let hash = format!("{lang}_{:032x}", xxhash_rust::xxh3::xxh3_128(&json));
    Some(PageIndex {
        hash,
        fragment: Arc::new(super::gzip::compress(&json, super::gzip::FRAGMENT_LEVEL)),
        word_count: text.word_count,
        entries,
        meta_fields,
        filters: record.filters.clone(),
    })
}

/// A page's text read token by token, as Pagefind reads a record.
struct Text {
    content: String,
    occurrences: Vec<Occurrence>,
    anchors: Vec<Anchor>,
    word_count: u32,
}

/// Reads the text with its markers: weights (a stack: a heading inside an explicitly weighted
/// stretch takes that weight) and anchors (whose text is the heading's words).
fn read_text(content: &str, words: &mut Words) -> Text {
    let mut text = Text {
        content: String::with_capacity(content.len()),
        occurrences: Vec::with_capacity(content.len() / 5),
        anchors: Vec::new(),
        word_count: 0,
    };
    let mut weights = vec![UNIT_WEIGHT];
    let mut open_anchor: Option<usize> = None;
    let mut position: usize = 0;
    let mut last = 0;
    for token in content.split_whitespace() {
        if token.starts_with('_') {
            if let Some(anchor) = token.strip_prefix(ANCHOR) {
                if let Some((element, (_, id))) =
                    anchor.split_once(':').and_then(|(e, rest)| Some((e, rest.split_once(':')?)))
                {
                    open_anchor = Some(text.anchors.len());
                    let location = u32::try_from(position).unwrap_or(u32::MAX);
                    text.anchors.push(Anchor {
                        element: element.into(),
                        id: id.into(),
                        text: String::new(),
                        location,
                    });
                }
                continue;
            }
            if let Some(weight) = token.strip_prefix(AUTO_WEIGHT) {
                let top = *weights.last().unwrap_or(&UNIT_WEIGHT);
                let weight = weight.parse::<f32>().unwrap_or(1.0).clamp(0.0, MAX_WEIGHT);
                weights.push(if weights.len() == 1 { (weight * f32::from(UNIT_WEIGHT)) as u8 } else { top });
                continue;
            }
            if token.starts_with(END_WEIGHT) {
                weights.pop();
                open_anchor = None;
                continue;
            }
        }
        let cleaned;
        let word = if token.contains('\u{200B}') {
            cleaned = token.replace('\u{200B}', "");
            cleaned.as_str()
        } else {
            token
        };
        if word.is_empty() {
            continue;
        }
        text.content.push_str(word);
        text.content.push(' ');
        if let Some(anchor) = open_anchor.and_then(|a| text.anchors.get_mut(a)) {
            if !anchor.text.is_empty() {
                anchor.text.push(' ');
            }
            anchor.text.push_str(word);
        }
        let weight = *weights.last().unwrap_or(&1);
        let found = words.of_text(word);
        let parts = found.iter().filter(|w| w.compound_part).count();
        let part_weight = match parts {
            0 => 0,
            _ if weight == 0 => 0,
            n => (weight / u8::try_from(n).unwrap_or(u8::MAX)).max(1),
        };
        for &w in found.iter() {
            let weight = if w.compound_part { part_weight } else { weight };
            text.occurrences.push(Occurrence::new(w, false, u16::from(weight), position));
        }
        last = position;
        position += 1;
    }
    text.content.pop();
    text.word_count = u32::try_from(last + 1).unwrap_or(u32::MAX);
    text
}

/// Groups a page's occurrences by word and form, and packs each group's positions into the
/// page's entries.
fn pack(mut occurrences: Vec<Occurrence>) -> Vec<u8> {
    occurrences.sort_unstable();
    let mut entries = Vec::with_capacity(occurrences.len() * 2);
    let (mut locs, mut packed) = (Vec::new(), Vec::new());
    for group in occurrences.chunk_by(|a, b| a.group() == b.group()) {
        push_varint(&mut entries, group[0].word());
        push_varint(&mut entries, group[0].variant().wrapping_add(1));
        let split = group.partition_point(|o| !o.in_meta());
        for (part, pack_part) in [
            (&group[..split], pack_text_positions as fn(&[Occurrence], &mut Vec<i32>)),
            (&group[split..], pack_meta_positions),
        ] {
            locs.clear();
            pack_part(part, &mut locs);
            packed.clear();
            cbor::ints(&mut packed, locs.iter().map(|&l| i64::from(l)));
            push_varint(&mut entries, packed.len() as u32);
            entries.extend_from_slice(&packed);
        }
    }
    entries
}

/// Positions in the text, sorted by weight (the default first) then position: a weight other
/// than the last is written as its negative minus one followed by the position itself; other
/// positions as the distance from the one before.
fn pack_text_positions(group: &[Occurrence], out: &mut Vec<i32>) {
    let mut weight = u16::from(DEFAULT_PACKED_WEIGHT);
    let mut last = 0;
    for o in group {
        if o.weight_or_field() != weight {
            weight = o.weight_or_field();
            out.push(-i32::from(weight) - 1);
            out.push(o.position() as i32);
        } else {
            out.push((o.position() - last) as i32);
        }
        last = o.position();
    }
}

/// Positions in the metadata, sorted by field then position: each field's number (negative
/// minus one) before the distances between its positions, counted from its first word.
fn pack_meta_positions(group: &[Occurrence], out: &mut Vec<i32>) {
    let mut field = None;
    let mut last = 0;
    for o in group {
        if field != Some(o.weight_or_field()) {
            field = Some(o.weight_or_field());
            out.push(-i32::from(o.weight_or_field()) - 1);
            last = 0;
        }
        out.push((o.position() - last) as i32);
        last = o.position();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(content: &str) -> Record {
        Record {
            url: "/en/councils/first/".into(),
            content: content.into(),
            meta: BTreeMap::from([("title".to_string(), "First council".to_string())]),
            filters: BTreeMap::new(),
        }
    }

    fn page(content: &str) -> PageIndex {
        index_page(&record(content), "en", &mut Words::new("en")).unwrap()
    }

    fn locs_of(page: &PageIndex, word: &str) -> (Vec<u8>, Vec<u8>) {
        let words = super::super::words::vocabulary("en").words();
        let (_, entry) =
            page.entries().find(|(_, e)| &*words[e.word as usize] == word && e.variant == NONE).unwrap();
        (entry.text.to_vec(), entry.meta.to_vec())
    }

    fn ints(ns: &[i64]) -> Vec<u8> {
        let mut out = Vec::new();
        cbor::ints(&mut out, ns.iter().copied());
        out
    }

    #[test]
    fn positions_are_packed_by_weight_then_as_distances() {
        let p = page(&format!(
            "{AUTO_WEIGHT}7 Council agenda {END_WEIGHT} the council met; a council {AUTO_WEIGHT}6 council {END_WEIGHT}"
        ));
        // Body at 24 (its marker, 3, then +3), the heading at 144, the title at 168.
        assert_eq!(locs_of(&p, "council"), (ints(&[-25, 3, 3, -145, 7, -169, 0]), ints(&[-1, 1])));
        assert_eq!(p.word_count, 8);
        let agenda = super::super::words::vocabulary("en").id("agenda");
        assert_eq!(p.entries().filter(|(_, e)| e.word == agenda).count(), 1);
    }

    #[test]
    fn a_heading_with_an_id_becomes_an_anchor_with_its_words() {
        let p = page(&format!("intro {AUTO_WEIGHT}6 {ANCHOR}h2:0:trade Trade rules {END_WEIGHT} body"));
        let json = super::super::gzip::decompress(&p.fragment);
        let fragment: serde_json::Value = serde_json::from_slice(&json[12..]).unwrap();
        assert_eq!(fragment["anchors"][0]["id"], "trade");
        assert_eq!(fragment["anchors"][0]["text"], "Trade rules");
        assert_eq!(fragment["anchors"][0]["location"], 1);
        assert_eq!(fragment["content"], "intro Trade rules body");
        assert_eq!(fragment["word_count"], 4);
    }

    #[test]
    fn a_page_without_words_is_left_out() {
        assert!(index_page(&record(" — "), "en", &mut Words::new("en")).is_none());
    }
}
