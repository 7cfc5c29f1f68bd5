//! The theme's and the site's static files as they are published: each checked (no
//! document that would run script on the site's address, no drawing with a script, only
//! the kinds a site's `static/` may hold), and the theme's scripts without their comments.
//! The build, the preview's quick rebuild and the stylesheets' and scripts' `?v=` versions
//! all read a static file through [`static_file`].

use super::script;
use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// The largest static file published (see [`crate::media::MAX_FILE_BYTES`]).
pub const MAX_FILE_BYTES: u64 = crate::media::MAX_FILE_BYTES;

/// The most the static files may weigh together: a site on GitHub Pages may be 1 GB.
pub const MAX_TOTAL_BYTES: u64 = 1 << 30;

/// What keeps a static file from being published as it is: a document a browser would run
/// on the site's own origin (an HTML, XML or XSLT file), or an SVG drawing with a script,
/// an event handler or an outside reference (see [`crate::media::check_svg`]).
fn static_problem(name: &str, bytes: &[u8]) -> Option<(String, String)> {
    let ext = extension(name);
    match ext.as_str() {
        "html" | "htm" | "shtml" | "xhtml" | "xht" | "xml" | "xsl" | "xslt" | "svgz" | "rss" | "atom"
        | "rdf" | "mml" | "xul" | "kml" => Some((
            format!("a `.{ext}` file may not be published from static/: it could run script on the site"),
            "write a page in Markdown under content/; put a document to download in a PDF".into(),
        )),
        "svg" => crate::media::check_svg(bytes)
            .err()
            .map(|(problem, hint)| (format!("this drawing {problem}"), hint)),
        _ => None,
    }
}

/// The kinds of file (by extension, lower case) a site's own `static/` may publish: pictures,
/// documents to download, data, fonts, stylesheets, sound and video, and none (served as a
/// download). Any other may be one a browser runs script in — `.js`, and XML documents
/// under some hundred names (`.xsd`, `.wsdl`, `.smil`…), which GitHub Pages serves as XML —
/// or replace one of the theme's scripts. A site's scripts belong to its theme.
const SITE_STATIC_KINDS: &[&str] = &[
    "", "png", "jpg", "jpeg", "gif", "webp", "avif", "heic", "heif", "tif", "tiff", "ico", "bmp", "svg",
    "pdf", "txt", "md", "csv", "tsv", "json", "gz", "7z", "asc", "sig", "geojson", "ics", "yml", "yaml",
    "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "ppt", "pptx", "odp", "epub", "zip", "woff", "woff2",
    "ttf", "otf", "css", "mp3", "mp4", "m4a", "webm", "ogg", "oga", "ogv", "wav", "vtt",
];

/// What keeps a file of the site's own `static/` from being published: a name that hides
/// what it is, or a kind not in [`SITE_STATIC_KINDS`]. (The content manager's script is
/// checked on its own.)
fn site_kind_problem(name: &str) -> Option<(String, String)> {
    // A name is published as it is: no invisible character (an escape sequence, a
    // direction override that shows `invoice` U+202E `fdp.zip` as a PDF), and no name that ends in
    // a dot, whose kind no one can tell (`page.html.`).
    let file = name.rsplit('/').next().unwrap_or(name);
    let hidden = |c: char| {
        c.is_control()
            || crate::text::is_forbidden(c)
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{061c}')
    };
    if name.chars().any(hidden) || file.ends_with('.') {
        return Some((
            format!("the name `{}` holds an invisible character or ends in a dot", name.escape_debug()),
            "rename it using letters, digits, `-` and `_`, with one `.` before its extension".into(),
        ));
    }
    let ext = extension(name);
    if SITE_STATIC_KINDS.contains(&ext.as_str()) || name == crate::cms::ADMIN_SCRIPT {
        return None;
    }
    Some((
        format!(
            "a `.{ext}` file is not among the kinds static/ publishes: some kinds run script in a browser, on the site's own address"
        ),
        "static/ publishes pictures, documents to download (PDF, office files, CSV, JSON), fonts, stylesheets, sound \
         and video; a script belongs in the theme, a page in Markdown under content/, and another kind of file in a ZIP"
            .into(),
    ))
}

/// A file name's extension, lower case (`""` for none): `report.PDF` → `pdf`.
fn extension(name: &str) -> String {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

/// The bytes a static file `name` (at `path`) is published as, or why it is not: the
/// site's are checked against the kinds static/ publishes, and the theme's scripts go out
/// without their comments (as a full build and the preview's quick rebuild both write it).
pub fn static_file(config: &Config, name: &str, path: &std::path::Path) -> Result<Vec<u8>, Diagnostic> {
    let shown = path.strip_prefix(&config.root).unwrap_or(path);
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            shown,
            format!(
                "this file is {} MiB: GitHub refuses a file over {} MiB",
                size.div_ceil(1 << 20),
                MAX_FILE_BYTES >> 20
            ),
        )
        .with_hint(
            "publish it elsewhere (the publisher's own site, a release of the repository) and link it",
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::error(shown, format!("cannot read static file: {e}")))?;
    // The content manager's page, exactly as `portal cms` writes it for this site, is the
    // one HTML file static/ may publish.
    if crate::cms::is_admin_page(config, name, &bytes) {
        return Ok(bytes);
    }
    let site_static = path.starts_with(config.root.join("static"));
    if let Some((message, hint)) = crate::cms::admin_page_problem(config, name, &bytes)
        .or_else(|| static_problem(name, &bytes))
        .or_else(|| crate::cms::admin_script_problem(config, name, &bytes))
        .or_else(|| site_kind_problem(name).filter(|_| site_static))
    {
        return Err(Diagnostic::error(shown, message).with_hint(hint));
    }
    let compacted = (!site_static && extension(name) == "js")
        .then(|| std::str::from_utf8(&bytes).ok().and_then(script::compact))
        .flatten();
    Ok(compacted.map_or(bytes, String::into_bytes))
}
