//! Stage 3, beside Markdown, media: the site's images. [`Catalog::new`] finds every image
//! beside the pages (`content/<folder>/<id>/…`) and in `static/`, with its size; Markdown
//! [`Catalog::resolve`]s each image a page shows to a [`Picture`] (sizes, formats, URLs,
//! all known before anything is encoded); [`crate::images::process`] then writes the copies the
//! pictures name, each encoded once and kept in `.portal-cache/`.

mod svg;

pub use svg::check as check_svg;

use crate::config::Config;
use crate::content::Entry;
use ahash::AHashMap as HashMap;
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The widths of the smaller copies of a photo, in pixels, for phones and tablets (each
/// only when narrower than the original).
const WIDTHS: [u32; 3] = [480, 960, 1440];

/// The widest copy: a photo wider than this is shown at most this wide.
const MAX_WIDTH: u32 = 1920;

/// How wide a picture in a page's text is shown: the text column (70 characters, about
/// 44 rem) on a wide screen, the screen's width on a phone.
pub const BODY_SIZES: &str = "(min-width: 48rem) 44rem, 100vw";

/// How wide a card's picture is shown: a column of the card grid.
pub const CARD_SIZES: &str = "(min-width: 40rem) 22rem, 100vw";

/// The image formats `portal` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Format {
    /// Photos.
    Jpeg,
    /// Drawings, charts, screenshots.
    Png,
    /// Either, already compressed for the web.
    Webp,
    /// Vector drawings: passed through as they are.
    Svg,
}

impl Format {
    /// The format a file's extension names, if `portal` shows it.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "jpg" | "jpeg" => Format::Jpeg,
            "png" => Format::Png,
            "webp" => Format::Webp,
            "svg" => Format::Svg,
            _ => return None,
        })
    }

    /// The extension of its copies.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
            Format::Svg => "svg",
        }
    }
}

/// Extensions of pictures in formats `portal` does not show, to say so when one is used.
const OTHER_IMAGES: [&str; 8] = ["gif", "bmp", "tif", "tiff", "heic", "heif", "avif", "ico"];

/// An image file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file, relative to the site root.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// Its width and height as shown (turned as its EXIF orientation says); `None` for an
    /// SVG that states no size.
    pub size: Option<(u32, u32)>,
    /// Whether its pixels must be turned or flipped to be shown upright.
    pub turned: bool,
    /// A hash of its bytes: in its copies' names, so that a changed image gets new URLs
    /// (no browser shows yesterday's), and in the cache's keys.
    pub hash: u64,
    /// Its copies' folder and name without extension, e.g. `media/councils/third/signing`.
    stem: String,
}

/// One copy of an image, as it is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Its output name, e.g. `media/councils/third/signing-960.3fa2c1b0.webp`.
    pub name: String,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// Its format.
    pub format: Format,
}

impl Source {
    /// Every copy of this image the site publishes: for a raster image, each width of
    /// [`WIDTHS`] narrower than it and its own width (at most [`MAX_WIDTH`]), in its own
    /// format and in WebP; an SVG as it is.
    pub fn variants(&self) -> Vec<Variant> {
        let hash = self.hash as u32;
        let (w, h) = match (self.format, self.size) {
            (Format::Svg, size) | (_, size @ None) => {
                let (width, height) = size.unwrap_or((0, 0));
                let name = format!("{}.{hash:08x}.svg", self.stem);
                return vec![Variant { name, width, height, format: Format::Svg }];
            }
            (_, Some(size)) => size,
        };
        let largest = w.min(MAX_WIDTH);
        let widths = WIDTHS.iter().copied().filter(|&x| x < largest).chain([largest]);
        let formats: &[Format] =
            if self.format == Format::Webp { &[Format::Webp] } else { &[self.format, Format::Webp] };
        widths
            .flat_map(|width| {
                let height =
                    ((u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w)).max(1) as u32;
                formats.iter().map(move |&format| Variant {
                    name: format!("{}-{width}.{hash:08x}.{}", self.stem, format.extension()),
                    width,
                    height,
                    format,
                })
            })
            .collect()
    }
}

/// An image as a page shows it: everything its `<img>` (or `<picture>`) says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Picture {
    /// The URL of the largest copy in the image's own format (or the image's own URL).
    pub src: String,
    /// That URL with the site's origin, for a share card (`og:image`).
    pub absolute: String,
    /// Every copy in the image's own format, `url 480w, …`; empty for an SVG.
    pub srcset: String,
    /// Every copy in WebP, for a `<source>`, when the image is not WebP already.
    pub webp_srcset: String,
    /// Width and height of the largest copy, when known.
    pub width: Option<u32>,
    /// Height of the largest copy, when known.
    pub height: Option<u32>,
    /// The alternative text; empty for a decorative image.
    pub alt: String,
    /// The title, shown as a tooltip.
    pub title: Option<String>,
    /// The image's own file (its key in the catalog), when it is the site's.
    #[serde(skip)]
    pub source: Option<String>,
}

impl Picture {
    /// The HTML of the picture: an `<img>` with its size, in a `<picture>` with a WebP
    /// `<source>` when there is one. `sizes` says how wide it is shown; `lazy` leaves a
    /// picture below the first screen to load when it is scrolled to.
    pub fn html(&self, sizes: &str, lazy: bool) -> String {
        let mut out = String::with_capacity(256 + 2 * self.srcset.len());
        let attribute = |out: &mut String, name: &str, value: &str| {
            out.push_str(&format!(" {name}=\""));
            crate::text::escape_attribute(value, out);
            out.push('"');
        };
        if !self.webp_srcset.is_empty() {
            out.push_str("<picture><source type=\"image/webp\"");
            attribute(&mut out, "srcset", &self.webp_srcset);
            attribute(&mut out, "sizes", sizes);
            out.push('>');
        }
        out.push_str("<img");
        attribute(&mut out, "src", &self.src);
        if !self.srcset.is_empty() {
            attribute(&mut out, "srcset", &self.srcset);
            attribute(&mut out, "sizes", sizes);
        }
        if let (Some(w), Some(h)) = (self.width, self.height) {
            out.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        attribute(&mut out, "alt", &self.alt);
        if let Some(title) = &self.title {
            attribute(&mut out, "title", title);
        }
        if lazy {
            out.push_str(" loading=\"lazy\"");
        }
        out.push_str(" decoding=\"async\">");
        if !self.webp_srcset.is_empty() {
            out.push_str("</picture>");
        }
        out
    }
}

/// What is wrong with an image reference: the message and a hint.
pub type Problem = (String, String);

/// Every image of the site, by its path relative to the root (`/`-separated), read once per
/// build; a file that is no image `portal` can show is kept with what is wrong with it.
#[derive(Debug, Default)]
pub struct Catalog {
    files: HashMap<String, Result<Source, Problem>>,
    /// The static folders, relative to the root, that `/…` paths look in, the site's first.
    statics: Vec<String>,
    /// The other files of those folders (documents, fonts…), by the same keys, for links.
    documents: std::collections::HashSet<String>,
}

impl Catalog {
    /// Looks at `content_files` (the files under `content/` that are not Markdown, relative to
    /// the root) and the image files of the site's and the theme's `static/` folders: their
    /// formats and sizes, in parallel.
    pub fn new(config: &Config, content_files: &[PathBuf]) -> Catalog {
        let root = &config.root;
        let theme_static = config.theme_dir().join("static");
        let theme_static = theme_static.strip_prefix(root).unwrap_or(&theme_static).to_path_buf();
        let statics = vec!["static".to_string(), slashed(&theme_static)];
        let mut paths: Vec<PathBuf> = content_files.to_vec();
        let mut documents = std::collections::HashSet::new();
        for dir in &statics {
            let (files, _) = crate::sources::walk(root, &root.join(dir));
            for file in files {
                let file = file.strip_prefix(root).map(Path::to_path_buf).unwrap_or(file);
                match Format::of(&file) {
                    Some(_) => paths.push(file),
                    None => drop(documents.insert(slashed(&file))),
                }
            }
        }
        let limit = config.max_image_pixels;
        let looked: Vec<_> =
            paths.into_par_iter().map(|path| (slashed(&path), look_at(root, path, limit))).collect();
        let files = looked.into_iter().collect();
        Catalog { files, statics, documents }
    }

    /// Whether `path` (as a link from the host's root writes it, without its `/`) is a file of
    /// the site's or the theme's `static/`.
    pub fn is_static(&self, path: &str) -> bool {
        !path.split(['/', '\\']).any(|part| part == "..")
            && self
                .statics
                .iter()
                .map(|dir| format!("{dir}/{path}"))
                .any(|k| self.files.contains_key(&k) || self.documents.contains(&k))
    }

    /// The image file with this key (its path relative to the root), if it is one.
    pub fn get(&self, key: &str) -> Option<&Source> {
        self.files.get(key)?.as_ref().ok()
    }

    /// The picture that `dest`, an image written in `entry` with alternative text `alt`,
    /// shows: a path relative to the page's folder (`signing.jpg`), to `content/`
    /// (`@/councils/third/signing.jpg`) or to `static/` (`/images/map.svg`). A URL of another
    /// site, or with a scheme (`data:`), is refused. A missing one is told the nearest name
    /// if `suggest` (looked for among all the folder's names: not for every miss of a page).
    pub fn resolve(
        &self,
        config: &Config,
        entry: &Entry,
        dest: &str,
        alt: &str,
        suggest: bool,
    ) -> Result<Picture, Problem> {
        if is_elsewhere(dest) {
            let shown: String = dest.chars().take(60).collect();
            return Err((
                format!("the picture `{shown}` is not a file of the site"),
                "pages show only the site's own pictures (nothing is loaded from another site, \
                 and the site's Content-Security-Policy would block it): download it beside the \
                 page and write its file name"
                    .into(),
            ));
        }
        let key = self.key(entry, dest)?;
        match self.files.get(&key) {
            Some(Ok(source)) => Ok(picture(config, source, key, alt)),
            Some(Err((problem, hint))) => Err((format!("`{key}` {problem}"), hint.clone())),
            None => Err(self.missing(&key, suggest)),
        }
    }

    /// The catalog key of the file `dest` names from `entry`.
    fn key(&self, entry: &Entry, dest: &str) -> Result<String, Problem> {
        let dest = &*unescape(dest);
        if dest.split(['/', '\\']).any(|part| part == "..") {
            return Err((
                format!("the image path `{dest}` goes up a folder with `..`"),
                "write another page's image as `@/<folder>/<id>/<file>`, a static one as `/<file>`".into(),
            ));
        }
        if let Some(rest) = dest.strip_prefix("@/") {
            return Ok(format!("content/{rest}"));
        }
        if let Some(rest) = dest.strip_prefix('/') {
            let found =
                self.statics.iter().map(|dir| format!("{dir}/{rest}")).find(|k| self.files.contains_key(k));
            return Ok(found.unwrap_or_else(|| format!("static/{rest}")));
        }
        Ok(format!("{}/{dest}", slashed(&page_folder(entry))))
    }

    /// What to say of an image file that is not there: the nearest name in its folder, if
    /// `suggest`.
    fn missing(&self, key: &str, suggest: bool) -> Problem {
        let (folder, name) = key.rsplit_once('/').unwrap_or(("", key));
        let names = || {
            self.files
                .keys()
                .filter_map(|k| k.strip_prefix(folder)?.strip_prefix('/'))
                .filter(|n| !n.contains('/'))
        };
        // A name that differs only in case is the one meant: the web's addresses, and a
        // Linux disk, tell `Photo.PNG` from `photo.png`; a laptop's disk may not.
        let same = suggest.then(|| names().find(|n| n.eq_ignore_ascii_case(name))).flatten();
        let best = if suggest { same.or_else(|| crate::yaml::closest(name, names())) } else { None };
        let hint = match best {
            Some(best) if Some(best) == same => {
                format!("did you mean `{best}`? (in {folder}/; names are case-sensitive)")
            }
            Some(best) => format!("did you mean `{best}`? (in {folder}/)"),
            None => format!("put the image at {key}, or fix the path"),
        };
        (format!("the image `{key}` does not exist"), hint)
    }
}

/// The folder of a page's own files: its file's path without the language and `.md`,
/// `content/councils/third/` for `content/councils/third.en.md`, shared by its translations.
pub fn page_folder(entry: &Entry) -> PathBuf {
    let parent = entry.path.parent().unwrap_or(Path::new("content"));
    parent.join(entry.key.id.as_str())
}

/// Whether an image is on another site or written with a scheme (`data:`, `javascript:`).
fn is_elsewhere(dest: &str) -> bool {
    let dest = dest.trim();
    dest.starts_with("//") || crate::text::scheme(dest).is_some()
}

fn hint_for_format() -> String {
    "use a JPEG or PNG photo, a PNG or SVG drawing, or WebP; re-save the file if it is one".into()
}

/// A path with `/` between its parts, as catalog keys and URLs write it.
fn slashed(path: &Path) -> String {
    path.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The picture of a catalogued image.
fn picture(config: &Config, source: &Source, key: String, alt: &str) -> Picture {
    let variants = source.variants();
    let url = |v: &Variant| config.base_url.join(&v.name);
    let set = |format: Format| {
        let list: Vec<String> = variants
            .iter()
            .filter(|v| v.format == format)
            .map(|v| format!("{} {}w", url(v), v.width))
            .collect();
        list.join(", ")
    };
    let own = source.format;
    let largest = variants.iter().rev().find(|v| v.format == own).unwrap_or(&variants[0]);
    let sized = source.size.is_some();
    Picture {
        src: url(largest),
        absolute: config.base_url.absolute(&largest.name),
        srcset: if own == Format::Svg { String::new() } else { set(own) },
        webp_srcset: if matches!(own, Format::Svg | Format::Webp) {
            String::new()
        } else {
            set(Format::Webp)
        },
        width: sized.then_some(largest.width),
        height: sized.then_some(largest.height),
        alt: alt.to_string(),
        title: None,
        source: Some(key),
    }
}

/// The width and height of the picture at `path` (relative to `root`), read from its header;
/// `None` if it is not one `portal` reads, or it states none.
pub fn size_of(root: &Path, path: &Path, limit: u64) -> Option<(u32, u32)> {
    look_at(root, path.to_path_buf(), limit).ok()?.size
}

/// The most a file of the site may weigh: GitHub refuses a file over 100 MB in a repository,
/// and a build reads a picture or a static file whole.
pub const MAX_FILE_BYTES: u64 = 100 << 20;

/// Reads one file of the catalog: what it is and how big, or what is wrong with it (a
/// picture of more than `limit` pixels is refused from its header, before any decoding).
fn look_at(root: &Path, path: PathBuf, limit: u64) -> Result<Source, Problem> {
    let format = match Format::of(&path) {
        Some(format) => format,
        None => {
            let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
            return Err((
                if OTHER_IMAGES.contains(&ext.as_str()) {
                    format!("is a `.{ext}` image, a format portal does not show")
                } else {
                    "is not an image (portal shows JPEG, PNG, WebP and SVG)".to_string()
                },
                hint_for_format(),
            ));
        }
    };
    let format_problem = |problem: String| (problem, hint_for_format());
    // Measured before it is read: a file is read whole.
    let most = if format == Format::Svg { svg::MAX_BYTES as u64 } else { MAX_FILE_BYTES };
    let weight = std::fs::metadata(root.join(&path)).map_or(0, |m| m.len());
    if weight > most {
        let (mib, most) = (weight.div_ceil(1 << 20), most >> 20);
        return Err(format_problem(format!(
            "is a file of {mib} MiB, more than the {most} MiB a picture may weigh"
        )));
    }
    let bytes =
        std::fs::read(root.join(&path)).map_err(|e| format_problem(format!("cannot be read: {e}")))?;
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    let (size, turned) = match format {
        Format::Svg => (svg::check(&bytes)?, false),
        _ => {
            let (size, turned) = raster_size(&bytes, format)?;
            within_limit(size, limit)?;
            complete(&bytes, format).map_err(format_problem)?;
            (Some(size), turned)
        }
    };
    let stem = Path::new("media")
        .join(path.strip_prefix("content").or_else(|_| path.strip_prefix("static")).unwrap_or(&path));
    let stem = web_name(&slashed(&stem.with_extension("")));
    Ok(Source { path, format, size, turned, hash, stem })
}

/// Where the first scan of a JPEG starts, found by walking its segments from the start (a
/// thumbnail inside the EXIF segment, with scans of its own, is stepped over whole).
fn jpeg_scan(bytes: &[u8]) -> Option<usize> {
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        if marker == 0xDA {
            return Some(at);
        }
        if marker == 0xFF || (0xD0..=0xD8).contains(&marker) || marker == 0x01 {
            at += if marker == 0xFF { 1 } else { 2 };
            continue;
        }
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        at += 2 + length;
    }
    None
}

/// Refuses a picture of more than `limit` pixels: decoding it would take 4 bytes a pixel
/// (a 30,000 × 30,000 PNG of 875 KB is 3.6 GB decoded).
fn within_limit((w, h): (u32, u32), limit: u64) -> Result<(), Problem> {
    let pixels = u64::from(w) * u64::from(h);
    if pixels <= limit {
        return Ok(());
    }
    let millions = |n: u64| format!("{:.1}", n as f64 / 1e6);
    Err((
        format!(
            "is {w} × {h} pixels ({} million); portal takes pictures of at most {} million pixels",
            millions(pixels),
            millions(limit)
        ),
        "scale it down (the site shows it at most 1,920 pixels wide), or raise \
         `max_image_megapixels` in site.yaml"
            .to_string(),
    ))
}

/// Refuses a JPEG, PNG or WebP file that ends before its last part: a truncated file decodes
/// to a picture half grey, or fails halfway through the build. Checked from the structure
/// of the format, not by decoding: a JPEG's last scan is closed by its end marker, a PNG
/// ends with its `IEND` chunk, a WebP's RIFF header states its length.
fn complete(bytes: &[u8], format: Format) -> Result<(), String> {
    let whole = match format {
        Format::Jpeg => jpeg_scan(bytes).is_some_and(|scan| {
            // Inside a scan 0xFF is always followed by 0x00 or a restart marker, so the end
            // marker cannot appear there by chance. What follows the picture's end (a phone's
            // motion video) is not looked at.
            memchr::memmem::find(&bytes[scan..], &[0xFF, 0xD9]).is_some()
        }),
        Format::Png => {
            memchr::memmem::rfind(bytes, &[b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]).is_some()
        }
        Format::Webp => bytes
            .get(4..8)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
            .is_some_and(|riff| bytes.len() as u64 >= u64::from(riff) + 8),
        Format::Svg => true,
    };
    if whole { Ok(()) } else { Err("is cut short: the file ends before the picture does".into()) }
}

/// A file's path as its copies' URLs write it: letters (transliterated: ș → s), digits,
/// `.`, `_`, `-` and `/`, every other run of characters one `-` (a space would end a URL in
/// a `srcset`).
fn web_name(path: &str) -> String {
    let ascii = deunicode::deunicode(path);
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || "._-/".contains(c) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out
}

/// A path written in Markdown with `%20` and other escapes, as the file is named.
fn unescape(dest: &str) -> std::borrow::Cow<'_, str> {
    if !dest.contains('%') {
        return std::borrow::Cow::Borrowed(dest);
    }
    let bytes = dest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_or(std::borrow::Cow::Borrowed(dest), std::borrow::Cow::Owned)
}

/// Without the `images` feature, a raster picture is refused where a page shows it.
#[cfg(not(feature = "images"))]
fn raster_size(_: &[u8], _: Format) -> Result<((u32, u32), bool), Problem> {
    Err(without_images())
}

/// What a JPEG, PNG or WebP picture is, to a `portal` built without the `images` feature
/// (no encoders): the problem (after the file's name) and the hint.
pub fn without_images() -> Problem {
    (
        "cannot be shown: this `portal` was built without its `images` feature, which makes \
         a picture's copies"
            .into(),
        "build portal with its default features (`cargo install --locked --path .`), or show \
         an SVG drawing instead"
            .into(),
    )
}

/// The most a picture's header may unpack to (its colour profile, EXIF and texts): a
/// profile is tens of kilobytes, a large one a few megabytes.
#[cfg(feature = "images")]
pub(crate) const HEADER_BYTES: u64 = 32 << 20;

/// The size of a JPEG, PNG or WebP image as shown, and whether it must be turned: read
/// from its header (and EXIF), not its pixels.
#[cfg(feature = "images")]
fn raster_size(bytes: &[u8], format: Format) -> Result<((u32, u32), bool), Problem> {
    use image::ImageDecoder;
    use std::io::Cursor;
    let name = match format {
        Format::Jpeg => "JPEG",
        Format::Png => "PNG",
        _ => "WebP",
    };
    let broken = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => (
            format!("holds more than {} MiB of data beside its pixels", HEADER_BYTES >> 20),
            hint_for_format(),
        ),
        e => (format!("is not a valid {name} image ({e})"), hint_for_format()),
    };
    let image_format = match format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        _ => image::ImageFormat::WebP,
    };
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), image_format);
    // Reading the header unpacks a PNG's colour profile and texts: bounded, so that one
    // packed a thousand to one (1 MB that unpacks to 1 GB) is not unpacked past the bound
    // (the PNG decoder then drops the profile).
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(HEADER_BYTES);
    reader.limits(limits);
    let mut reader = reader.into_decoder().map_err(broken)?;
    let (w, h) = reader.dimensions();
    let orientation = reader.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    if w == 0 || h == 0 {
        return Err(("has no pixels".into(), hint_for_format()));
    }
    use image::metadata::Orientation::*;
    let turned = orientation != NoTransforms;
    let size = match orientation {
        Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH => (h, w),
        _ => (w, h),
    };
    Ok((size, turned))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(format: Format, size: Option<(u32, u32)>) -> Source {
        let stem = "media/councils/third/signing".to_string();
        Source {
            path: "content/councils/third/signing.jpg".into(),
            format,
            size,
            turned: false,
            hash: 0xabcdef12_3456789a,
            stem,
        }
    }

    /// A PNG of 3 × 2 red pixels.
    const PNG: [u8; 73] = [
        137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0,
        18, 22, 241, 77, 0, 0, 0, 16, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 0, 65, 12, 112, 22, 0, 65,
        210, 5, 251, 135, 240, 185, 72, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
    ];

    #[test]
    fn a_raster_picture_is_read_with_images_and_refused_with_a_hint_without() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/pages/about")).unwrap();
        std::fs::write(dir.path().join("content/pages/about/red.png"), PNG).unwrap();
        std::fs::write(
            dir.path().join("content/pages/about/map.svg"),
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 2"/>"#,
        )
        .unwrap();
        let png = look_at(dir.path(), "content/pages/about/red.png".into(), 1_000_000);
        if cfg!(feature = "images") {
            assert_eq!(png.unwrap().size, Some((3, 2)));
        } else {
            let (problem, hint) = png.unwrap_err();
            assert!(problem.contains("without its `images` feature"), "{problem}");
            assert!(hint.contains("SVG"), "{hint}");
        }
        let svg = look_at(dir.path(), "content/pages/about/map.svg".into(), 1_000_000);
        assert!(svg.is_ok(), "a drawing needs no encoder: {svg:?}");
    }

    #[test]
    fn a_photo_gets_each_smaller_width_and_its_own_in_its_format_and_in_webp() {
        let names: Vec<String> = source(Format::Jpeg, Some((1200, 800)))
            .variants()
            .into_iter()
            .map(|v| format!("{} {}x{}", v.name, v.width, v.height))
            .collect();
        assert_eq!(
            names,
            [
                "media/councils/third/signing-480.3456789a.jpg 480x320",
                "media/councils/third/signing-480.3456789a.webp 480x320",
                "media/councils/third/signing-960.3456789a.jpg 960x640",
                "media/councils/third/signing-960.3456789a.webp 960x640",
                "media/councils/third/signing-1200.3456789a.jpg 1200x800",
                "media/councils/third/signing-1200.3456789a.webp 1200x800",
            ]
        );
        let huge = source(Format::Png, Some((6000, 4000))).variants();
        assert_eq!(huge.last().map(|v| (v.width, v.height)), Some((1920, 1280)));
        assert_eq!(source(Format::Webp, Some((300, 200))).variants().len(), 1);
        assert_eq!(source(Format::Svg, None).variants()[0].name, "media/councils/third/signing.3456789a.svg");
    }

    #[test]
    fn a_file_name_with_spaces_and_diacritics_is_found_and_published_under_a_plain_name() {
        assert_eq!(unescape("semnare%20la%20Seul.jpg"), "semnare la Seul.jpg");
        assert_eq!(unescape("100%.jpg"), "100%.jpg");
        assert_eq!(unescape("%C8%99.jpg"), "ș.jpg");
        assert_eq!(
            web_name("media/councils/third/Semnare la Seul (ș)"),
            "media/councils/third/Semnare-la-Seul-s-"
        );
    }

    #[test]
    fn a_picture_is_written_with_its_size_its_sets_and_escaped_text() {
        let p = Picture {
            src: "/p/a-960.1.jpg".into(),
            absolute: String::new(),
            srcset: "/p/a-480.1.jpg 480w, /p/a-960.1.jpg 960w".into(),
            webp_srcset: "/p/a-480.1.webp 480w".into(),
            width: Some(960),
            height: Some(640),
            alt: "The \"co-chairs\" & <guests>".into(),
            title: None,
            source: None,
        };
        assert_eq!(
            p.html("100vw", true),
            "<picture><source type=\"image/webp\" srcset=\"/p/a-480.1.webp 480w\" sizes=\"100vw\"><img src=\"/p/a-960.1.jpg\" srcset=\"/p/a-480.1.jpg 480w, /p/a-960.1.jpg 960w\" sizes=\"100vw\" width=\"960\" height=\"640\" alt=\"The &quot;co-chairs&quot; &amp; &lt;guests&gt;\" loading=\"lazy\" decoding=\"async\"></picture>"
        );
    }
}
