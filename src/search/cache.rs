//! The index's pages kept between builds, in `.portal-cache/search/<lang>.pages`: a build
//! reads only the pages whose key (what their part depends on) is not there, and writes the
//! file anew for the next. One file a language: the words its pages use, then each page.
//! Beside it, `<lang>.bundle`: what the language's last bundle left (its pages' keys, its
//! chunks and other files), so that a bundle whose pages did not change is not merged again,
//! and one where a page changed encodes only the chunks of its words. Each file ends with a
//! seal (a hash of its bytes): a file damaged, truncated or written by another version is
//! not used, and everything is made again.

use super::bundle::{Chunk, Made};
use super::page::PageIndex;
use super::words::Vocabulary;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The first bytes of a cache file of pages: changed with [`super::FORMAT`]'s layout.
const MAGIC: &[u8] = b"portal search pages 2\n";

/// The first bytes of a cache file of a bundle.
const BUNDLE_MAGIC: &[u8] = b"portal search bundle 1\n";

/// The pages of a cache file, by key (`None`: a page with no word to find).
pub type Kept = HashMap<u128, Option<Arc<PageIndex>>>;

/// The cache file of `lang`'s pages under the site's `root`.
pub fn path(root: &Path, lang: &str) -> PathBuf {
    root.join(crate::sources::CACHE_DIR).join("search").join(format!("{lang}.pages"))
}

/// The cache file of what `lang`'s last bundle left, beside its pages'.
pub fn bundle_path(pages: &Path) -> PathBuf {
    pages.with_extension("bundle")
}

/// What the last build's bundle left; nothing if the file is not sound.
pub fn read_bundle(file: &Path) -> Made {
    remove_leftovers(file);
    // What an earlier `portal` kept in its place: only the compressed chunks.
    let _ = std::fs::remove_file(file.with_extension("chunks"));
    Reader::open(file, BUNDLE_MAGIC).and_then(parse_bundle).unwrap_or_default()
}

fn parse_bundle(mut r: Reader) -> Option<Made> {
    let made_by = r.text()?;
    let keys = (0..r.len()?).map(|_| r.u128()).collect::<Option<_>>()?;
    let meta_fields = (0..r.len()?).map(|_| r.text()).collect::<Option<_>>()?;
    let chunks = (0..r.len()?)
        .map(|_| {
            let (from, to, hash) = (r.text()?, r.text()?, r.u128()?);
            Some(Chunk { from, to, hash, bytes: Arc::new(r.bytes()?) })
        })
        .collect::<Option<_>>()?;
    let meta_name = r.text()?;
    let files: super::bundle::Files =
        (0..r.len()?).map(|_| Some((r.text()?, Arc::new(r.bytes()?)))).collect::<Option<_>>()?;
    // The seal says the file is whole, not that this program wrote it (anyone can seal
    // one): only the names an index's files have are taken, so a planted cache cannot
    // publish a page (`evil.html`) beside the index.
    let named = files.iter().all(|(name, _)| is_index_file(name))
        && is_index_file(&format!("pagefind.{meta_name}.pf_meta"));
    (r.sealed() && named).then_some(Made { made_by, keys, meta_fields, chunks, meta_name, files })
}

/// Whether `name` is one an index's file has: `fragment/`, `filter/` or `index/`, then a
/// language and a hex name, and its own kind (`.pf_fragment`…); or `pagefind.<…>.pf_meta`.
fn is_index_file(name: &str) -> bool {
    let stem_ok = |stem: &str| {
        stem.split_once('_').is_some_and(|(lang, hex)| {
            !lang.is_empty()
                && lang.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !hex.is_empty()
                && hex.bytes().all(|b| b.is_ascii_hexdigit())
        })
    };
    let kinds = [
        ("fragment/", ".pf_fragment"),
        ("filter/", ".pf_filter"),
        ("index/", ".pf_index"),
        ("pagefind.", ".pf_meta"),
    ];
    kinds
        .iter()
        .any(|(folder, ext)| name.strip_prefix(folder).and_then(|r| r.strip_suffix(ext)).is_some_and(stem_ok))
}

/// Writes what this build's bundle left for the next, as [`write`] writes pages.
pub fn write_bundle(file: &Path, made: &Made) {
    write_sealed(file, |out| {
        out.write_all(BUNDLE_MAGIC)?;
        put_bytes(out, made.made_by.as_bytes())?;
        put_len(out, made.keys.len())?;
        made.keys.iter().try_for_each(|key| out.write_all(&key.to_le_bytes()))?;
        put_len(out, made.meta_fields.len())?;
        made.meta_fields.iter().try_for_each(|field| put_bytes(out, field.as_bytes()))?;
        put_len(out, made.chunks.len())?;
        for chunk in &made.chunks {
            put_bytes(out, chunk.from.as_bytes())?;
            put_bytes(out, chunk.to.as_bytes())?;
            out.write_all(&chunk.hash.to_le_bytes())?;
            put_bytes(out, &chunk.bytes)?;
        }
        put_bytes(out, made.meta_name.as_bytes())?;
        put_len(out, made.files.len())?;
        for (name, bytes) in &made.files {
            put_bytes(out, name.as_bytes())?;
            put_bytes(out, bytes)?;
        }
        Ok(())
    });
}

/// The pages kept for `lang`, their words numbered in `vocabulary`; none if there is no
/// file, or it is not sound. What a stopped build left beside it is removed.
pub fn read(file: &Path, vocabulary: &Vocabulary) -> Kept {
    remove_leftovers(file);
    Reader::open(file, MAGIC).and_then(|r| parse(r, vocabulary)).unwrap_or_default()
}

/// Writes `pages` (by key) for the next build: to a file beside, then moved in place, so
/// that a build stopped halfway leaves the last good file; written as it is made, never
/// whole in memory. A failure costs the next build time, not correctness: it is not an error.
pub fn write(file: &Path, pages: &[(u128, Option<Arc<PageIndex>>)], vocabulary: &Vocabulary) {
    write_sealed(file, |out| encode(out, pages, &vocabulary.words()));
}

/// Writes what `body` writes, then its seal, to a file beside `file`, then moves it in place.
fn write_sealed(
    file: &Path,
    body: impl FnOnce(&mut Sealed<std::io::BufWriter<std::fs::File>>) -> std::io::Result<()>,
) {
    let Some(folder) = file.parent() else { return };
    let temporary = file.with_extension(format!("{}.{}", extension(file), std::process::id()));
    remove_leftovers(file);
    let written = std::fs::create_dir_all(folder)
        .and_then(|()| std::fs::File::create(&temporary))
        .and_then(|f| {
            let mut out = Sealed { out: std::io::BufWriter::new(f), hasher: xxhash_rust::xxh3::Xxh3::new() };
            body(&mut out)?;
            let seal = out.hasher.digest128();
            out.out.write_all(&seal.to_le_bytes())?;
            out.out.into_inner().map_err(|e| e.into_error())?.sync_all()
        })
        .and_then(|()| std::fs::rename(&temporary, file));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
}

fn extension(file: &Path) -> &str {
    file.extension().and_then(|e| e.to_str()).unwrap_or_default()
}

/// Removes what a build stopped while writing `file` left beside it (`en.pages.<pid>`). Two
/// builds of a site never run at once (the output's lock), so none of these is being written.
fn remove_leftovers(file: &Path) {
    let (Some(folder), Some(name)) = (file.parent(), file.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let prefix = format!("{name}.");
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        if entry.file_name().to_str().is_some_and(|n| n.starts_with(&prefix)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A file being written, and the hash of what was written so far.
struct Sealed<W> {
    out: W,
    hasher: xxhash_rust::xxh3::Xxh3,
}

impl<W: Write> Write for Sealed<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(bytes)?;
        self.hasher.update(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// What a page keeps besides its fragment and words.
#[derive(serde::Serialize, serde::Deserialize)]
struct Small {
    hash: String,
    word_count: u32,
    meta_fields: Vec<String>,
    filters: BTreeMap<String, Vec<String>>,
}

fn encode(
    out: &mut impl Write,
    pages: &[(u128, Option<Arc<PageIndex>>)],
    words: &[Arc<str>],
) -> std::io::Result<()> {
    out.write_all(MAGIC)?;
    put_len(out, words.len())?;
    for word in words {
        put_bytes(out, word.as_bytes())?;
    }
    put_len(out, pages.len())?;
    for (key, page) in pages {
        out.write_all(&key.to_le_bytes())?;
        let Some(page) = page else {
            out.write_all(&[0])?;
            continue;
        };
        out.write_all(&[1])?;
        let small = Small {
            hash: page.hash.clone(),
            word_count: page.word_count,
            meta_fields: page.meta_fields.clone(),
            filters: page.filters.clone(),
        };
        put_bytes(out, &serde_json::to_vec(&small).unwrap_or_default())?;
        put_bytes(out, &page.fragment)?;
        put_bytes(out, &page.entries)?;
    }
    Ok(())
}

fn parse(mut r: Reader, vocabulary: &Vocabulary) -> Option<Kept> {
    let words: Vec<String> = (0..r.len()?).map(|_| r.text()).collect::<Option<_>>()?;
    let mut pages = Vec::new();
    for _ in 0..r.len()? {
        let key = r.u128()?;
        if r.take(1)? == [0] {
            pages.push((key, None));
            continue;
        }
        let small: Small = serde_json::from_slice(&r.bytes()?).ok()?;
        let (fragment, entries) = (r.bytes()?, r.bytes()?);
        pages.push((key, Some((small, fragment, entries))));
    }
    // Only a sound file's words join the process's vocabulary (which the next file keeps).
    if !r.sealed() {
        return None;
    }
    // The file's numbers for its words, as this process numbers them.
    let numbers: Vec<u32> = words.iter().map(|w| vocabulary.id(w)).collect();
    let same = numbers.iter().enumerate().all(|(i, &n)| n as usize == i);
    pages
        .into_iter()
        .map(|(key, page)| {
            let Some((small, fragment, entries)) = page else { return Some((key, None)) };
            let entries = if same { entries } else { super::page::renumber(&entries, &numbers)? };
            let page = PageIndex {
                hash: small.hash,
                fragment: Arc::new(fragment),
                word_count: small.word_count,
                entries,
                meta_fields: small.meta_fields,
                filters: small.filters,
            };
            Some((key, Some(Arc::new(page))))
        })
        .collect()
}

fn put_len(out: &mut impl Write, n: usize) -> std::io::Result<()> {
    out.write_all(&(n as u64).to_le_bytes())
}

fn put_bytes(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    put_len(out, bytes.len())?;
    out.write_all(bytes)
}

/// Reads a sealed cache file's parts in order, as they are needed (the file is never
/// whole in memory: at 10,000 councils a language's pages take 60 MB), hashing what it
/// reads; `None` past its end, or for a part longer than what is left of it.
struct Reader {
    file: std::io::BufReader<std::fs::File>,
    hasher: xxhash_rust::xxh3::Xxh3,
    left: u64,
}

impl Reader {
    /// The file, if it can be read and begins with `magic`.
    fn open(path: &Path, magic: &[u8]) -> Option<Self> {
        let file = std::fs::File::open(path).ok()?;
        let left = file.metadata().ok()?.len();
        let file = std::io::BufReader::with_capacity(1 << 20, file);
        let mut r = Self { file, hasher: xxhash_rust::xxh3::Xxh3::new(), left };
        (r.take(magic.len())? == magic).then_some(r)
    }

    fn take(&mut self, n: usize) -> Option<Vec<u8>> {
        // A damaged length must not ask for more memory than the file has bytes.
        if u64::try_from(n).ok()? > self.left {
            return None;
        }
        let mut part = vec![0; n];
        self.fill(&mut part)?;
        Some(part)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        let mut part = [0; N];
        self.fill(&mut part)?;
        Some(part)
    }

    fn fill(&mut self, part: &mut [u8]) -> Option<()> {
        self.left = self.left.checked_sub(u64::try_from(part.len()).ok()?)?;
        std::io::Read::read_exact(&mut self.file, part).ok()?;
        self.hasher.update(part);
        Some(())
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(u64::from_le_bytes(self.array()?)).ok()
    }

    fn bytes(&mut self) -> Option<Vec<u8>> {
        let n = self.len()?;
        self.take(n)
    }

    fn text(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?).ok()
    }

    fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.array()?))
    }

    /// Whether what was read is the whole file but its seal, and the seal is its hash.
    fn sealed(mut self) -> bool {
        let hash = self.hasher.digest128().to_le_bytes();
        self.left == 16 && self.array::<16>() == Some(hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::words::Words;

    fn page(text: &str) -> Arc<PageIndex> {
        let record = crate::search::Record {
            url: "/en/x/".into(),
            content: text.into(),
            meta: BTreeMap::from([("title".to_string(), "X".to_string())]),
            filters: BTreeMap::new(),
        };
        Arc::new(super::super::page::index_page(&record, "en", &mut Words::new("en")).unwrap())
    }

    #[test]
    fn kept_pages_read_back_as_written_and_a_damaged_file_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("en.pages");
        let pages = vec![(1u128, Some(page("the councils met in Seoul"))), (2, None)];
        let vocabulary = super::super::words::vocabulary("en");
        write(&file, &pages, &vocabulary);
        let kept = read(&file, &vocabulary);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[&1], pages[0].1);
        assert_eq!(kept[&2], None);
        // In another numbering of the words (another process), the words are the same.
        let other = Vocabulary::default();
        other.id("zebra");
        let renumbered = read(&file, &other);
        let words = |p: &PageIndex, v: &Vocabulary| {
            let all = v.words();
            p.entries().map(|(_, e)| all[e.word as usize].to_string()).collect::<Vec<_>>()
        };
        let original = kept[&1].as_ref().unwrap();
        let moved = renumbered[&1].as_ref().unwrap();
        assert_eq!(words(moved, &other), words(original, &vocabulary));
        assert_ne!(moved.entries, original.entries, "renumbered");
        // One byte changed, or the file cut short: nothing is used.
        let mut bytes = std::fs::read(&file).unwrap();
        bytes[40] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert!(read(&file, &vocabulary).is_empty());
        let fresh = Vocabulary::default();
        assert!(read(&file, &fresh).is_empty());
        assert!(fresh.words().is_empty(), "a damaged file's words do not join the vocabulary");
        std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
        assert!(read(&file, &vocabulary).is_empty());
    }

    #[test]
    fn a_kept_bundle_reads_back_as_written_and_a_damaged_file_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("en.bundle");
        let chunk = |from: &str, hash| Chunk {
            from: from.into(),
            to: "zz".into(),
            hash,
            bytes: Arc::new(vec![1, 2]),
        };
        let made = Made {
            made_by: "pagefind 1.6.0, portal-bundle-2".into(),
            keys: vec![1, u128::MAX],
            meta_fields: vec!["kind".into(), "title".into()],
            chunks: vec![chunk("a", 7), chunk("m", 9)],
            meta_name: "en_1234567".into(),
            files: vec![("filter/en_7654321.pf_filter".into(), Arc::new(vec![3]))],
        };
        write_bundle(&file, &made);
        assert_eq!(read_bundle(&file), made);
        let written = std::fs::read(&file).unwrap();
        // A byte changed anywhere (a length, a chunk's bytes, the seal), a byte more at the
        // end, a byte less: the file is not used.
        for at in [30, written.len() - 40, written.len() - 1] {
            let mut bytes = written.clone();
            bytes[at] ^= 1;
            std::fs::write(&file, &bytes).unwrap();
            assert_eq!(read_bundle(&file), Made::default(), "byte {at} changed");
        }
        for bytes in [[written.as_slice(), b"x"].concat(), written[..written.len() - 1].to_vec()] {
            std::fs::write(&file, &bytes).unwrap();
            assert_eq!(read_bundle(&file), Made::default(), "{} bytes", bytes.len());
        }
        // A length damaged into a huge one asks for no memory: the file is simply not used.
        let mut bytes = std::fs::read(&file).unwrap();
        bytes[BUNDLE_MAGIC.len()..BUNDLE_MAGIC.len() + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(read_bundle(&file), Made::default());
        // A sealed file that names a page to publish beside the index is not taken.
        let planted =
            Made { files: vec![("evil.html".into(), Arc::new(b"<script>".to_vec()))], ..made.clone() };
        write_bundle(&file, &planted);
        assert_eq!(read_bundle(&file), Made::default(), "a planted page");
        for good in ["fragment/en_1a2b3.pf_fragment", "index/ro_ff.pf_index", "pagefind.en_00abc.pf_meta"] {
            assert!(is_index_file(good), "{good}");
        }
        for bad in ["fragment/../x.pf_fragment", "fragment/en_x.html", "evil.svg", "index/en_12.pf_index/x"] {
            assert!(!is_index_file(bad), "{bad}");
        }
        // A file left by a stopped build beside it is removed when the cache is read.
        std::fs::write(dir.path().join("en.bundle.12345"), b"half").unwrap();
        read_bundle(&file);
        assert!(!dir.path().join("en.bundle.12345").exists());
    }
}
