//! The image copies (a leaf of the pipeline): every image the pages show, each encoded once.
//! A copy is kept in `.portal-cache/images/` under a key made of the image's bytes and how
//! the copy is made, so that a later build (or the preview) reads it instead of encoding it
//! again. A kept copy
//! ends with a seal — its length and a hash of its bytes — and is used only if the seal
//! matches: a copy damaged on the disk, truncated or overwritten is made again.

// Without the `images` feature no copy is made, so what makes and keeps one goes unused.
#![cfg_attr(not(feature = "images"), allow(dead_code))]

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
#[cfg(feature = "images")]
mod raster;

/// Without the `images` feature, no raster image reaches this stage (the catalog refuses
/// them where a page shows one); this says so should one ever come.
#[cfg(not(feature = "images"))]
mod raster {
    pub(super) fn copies(
        _: &super::Work<'_>,
        source: &crate::media::Source,
        _: &[&crate::media::Variant],
    ) -> Result<super::Copies, crate::diagnostics::Diagnostic> {
        let (problem, hint) = crate::media::without_images();
        let message = format!("this image {problem}");
        Err(crate::diagnostics::Diagnostic::error(&source.path, message).with_hint(hint))
    }
}

use crate::media::{Catalog, Format, Source, Variant};
use crate::sources::CACHE_DIR;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

/// Part of every cache key: changed whenever a copy would come out differently (quality,
/// filter, encoder), so that no copy made the old way is used.
const RECIPE: &str = "jpeg82 webp80m2 png-default fir-catmullrom 3-sealed";

/// Copies of an image: output name and contents.
type Copies = Vec<(String, Arc<Vec<u8>>)>;

/// The images' files of a build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Media {
    /// Output name → contents.
    pub files: BTreeMap<String, Arc<Vec<u8>>>,
    /// How many copies this build encoded (the others came from the cache, or from the
    /// previous build in the preview).
    pub encoded: usize,
}

/// The pixels over which a picture is decoded on its own (a 24-megapixel camera's photo is
/// 96 MB decoded).
const LARGE: u64 = 25_000_000;

/// Makes every copy of the images in `used` (catalog keys), reusing those of `previous`
/// (the preview's last build) and of the cache. Errors name an image that cannot be decoded.
pub fn process(
    config: &Config,
    catalog: &Catalog,
    used: &BTreeSet<String>,
    previous: Option<&Media>,
) -> Result<Media, Diagnostics> {
    let cache = config.root.join(CACHE_DIR).join("images");
    let encoded = AtomicUsize::new(0);
    let work = Work {
        root: &config.root,
        cache: &cache,
        previous,
        encoded: &encoded,
        max_pixels: config.max_image_pixels,
    };
    let sources: Vec<&Source> = used.iter().filter_map(|key| catalog.get(key)).collect();
    // Large pictures one at a time (each resized on every core), the others side by side:
    // a decoded picture of 100 million pixels takes up to a gigabyte, one per core would
    // take a laptop's memory.
    let (large, small): (Vec<&Source>, Vec<&Source>) =
        sources.into_iter().partition(|s| s.size.is_some_and(|(w, h)| u64::from(w) * u64::from(h) > LARGE));
    let mut results: Vec<Result<Copies, Diagnostic>> =
        small.par_iter().map(|source| work.copies(source)).collect();
    results.extend(large.iter().map(|source| work.copies(source)));
    let mut media = Media::default();
    let mut errors = Diagnostics::new();
    for result in results {
        match result {
            Ok(files) => media.files.extend(files),
            Err(e) => errors.push(e),
        }
    }
    media.encoded = encoded.into_inner();
    if errors.has_errors() { Err(errors) } else { Ok(media) }
}

/// Makes the cache's folder (when a first copy is kept), marked as one that backups and
/// archivers may skip (the CACHEDIR.TAG convention).
fn make_cache(images: &Path) -> bool {
    if images.is_dir() {
        return true;
    }
    if std::fs::create_dir_all(images).is_err() {
        return false;
    }
    if let Some(dir) = images.parent() {
        let text = "Signature: 8a477f597d28d172789f06886806bc55\n# portal's image cache: safe to delete.\n";
        let _ = std::fs::write(dir.join("CACHEDIR.TAG"), text);
    }
    true
}

struct Work<'a> {
    root: &'a Path,
    cache: &'a Path,
    previous: Option<&'a Media>,
    encoded: &'a AtomicUsize,
    /// The most pixels a picture may have.
    max_pixels: u64,
}

impl Work<'_> {
    /// Every copy of one image: from the previous build, the cache, or encoded now (the
    /// image decoded once for all the copies it lacks).
    fn copies(&self, source: &Source) -> Result<Copies, Diagnostic> {
        let variants = source.variants();
        if source.format == Format::Svg {
            let bytes = self.read(source)?;
            return Ok(vec![(variants[0].name.clone(), Arc::new(bytes))]);
        }
        let mut found: Copies = Vec::with_capacity(variants.len());
        let mut missing: Vec<&Variant> = Vec::new();
        for v in &variants {
            match self.kept(source, v) {
                Some(bytes) => found.push((v.name.clone(), bytes)),
                None => missing.push(v),
            }
        }
        if missing.is_empty() {
            return Ok(found);
        }
        found.extend(raster::copies(self, source, &missing)?);
        Ok(found)
    }

    /// A copy already made: by the previous build, or in the cache.
    fn kept(&self, source: &Source, v: &Variant) -> Option<Arc<Vec<u8>>> {
        if let Some(bytes) = self.previous.and_then(|p| p.files.get(&v.name)) {
            return Some(bytes.clone());
        }
        let kept = std::fs::read(self.cache_path(source, v)).ok()?;
        unseal(kept).map(Arc::new)
    }

    /// Where the cache keeps a copy: named by a hash of the image's bytes and the recipe.
    fn cache_path(&self, source: &Source, v: &Variant) -> PathBuf {
        let key = format!(
            "{RECIPE} {:016x} {}x{} {:?} {}",
            source.hash, v.width, v.height, v.format, source.turned
        );
        let hash = xxhash_rust::xxh3::xxh3_128(key.as_bytes());
        self.cache.join(format!("{hash:032x}.{}", v.format.extension()))
    }

    fn read(&self, source: &Source) -> Result<Vec<u8>, Diagnostic> {
        std::fs::read(self.root.join(&source.path))
            .map_err(|e| Diagnostic::error(&source.path, format!("cannot read this image: {e}")))
    }
}

/// What follows a copy in the cache: its length and its hash (8 bytes each, little-endian)
/// and this tag.
const SEAL_TAG: &[u8; 8] = b"portal1\n";

/// The length of a seal.
const SEAL: usize = 24;

/// `bytes` followed by their seal.
fn seal(bytes: &[u8]) -> Vec<u8> {
    let mut sealed = Vec::with_capacity(bytes.len() + SEAL);
    sealed.extend_from_slice(bytes);
    sealed.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    sealed.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(bytes).to_le_bytes());
    sealed.extend_from_slice(SEAL_TAG);
    sealed
}

/// The copy a cache file holds, if its seal says it is exactly what was written.
fn unseal(mut kept: Vec<u8>) -> Option<Vec<u8>> {
    let body = kept.len().checked_sub(SEAL)?;
    let seal = &kept[body..];
    let number = |at: usize| seal.get(at..at + 8).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes);
    let intact = &seal[16..] == SEAL_TAG
        && number(0) == Some(body as u64)
        && number(8) == Some(xxhash_rust::xxh3::xxh3_64(&kept[..body]));
    if !intact || body == 0 {
        return None;
    }
    kept.truncate(body);
    Some(kept)
}

/// Writes a copy into the cache, sealed: to a file of its own first, flushed to the disk,
/// then renamed, so that a build killed mid-write, two at once or a power cut never leave a
/// half copy under the real name (and a damaged one fails its seal). A cache that cannot be
/// written is no error: the copy is made again next time.
fn store(path: &Path, bytes: &[u8]) {
    use std::io::Write;
    let temporary = path.with_extension(format!("tmp{}", std::process::id()));
    let written = std::fs::File::create(&temporary)
        .and_then(|mut file| file.write_all(&seal(bytes)).and_then(|()| file.sync_all()));
    if written.is_err() || std::fs::rename(&temporary, path).is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_copy_reads_back_and_any_damage_to_it_is_found() {
        let copy = b"\xff\xd8 a small JPEG \xff\xd9".to_vec();
        let sealed = seal(&copy);
        assert_eq!(unseal(sealed.clone()), Some(copy.clone()));
        assert_eq!(unseal(Vec::new()), None, "an empty file");
        assert_eq!(unseal(sealed[..sealed.len() - 1].to_vec()), None, "truncated");
        assert_eq!(unseal(sealed[5..].to_vec()), None, "its start lost");
        let mut flipped = sealed.clone();
        flipped[3] ^= 1;
        assert_eq!(unseal(flipped), None, "a byte changed");
        assert_eq!(unseal(b"garbage garbage garbage garbage".to_vec()), None);
        assert_eq!(unseal(copy), None, "an unsealed copy of an older portal");
    }
}
