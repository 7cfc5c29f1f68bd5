//! Stage 3, Markdown: renders each body (and each council's commitments) to HTML with
//! pulldown-cmark, gives headings stable unique ids, builds the table of contents, and
//! resolves `@/…` links to URLs in the page's language, recording them for anchor checks.
//! What a text may publish — raw HTML and link schemes — is [`policy`]'s to say; a
//! commitment, front matter, is text: HTML in it is shown as written.

pub mod policy;

use crate::config::{Config, Lang};
use crate::content::kinds::CouncilFront;
use crate::content::model::ContentId;
use crate::content::{Corpus, Entry, EntryId, Key, Kind, Section};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::media::{Catalog, Picture};
use ahash::AHashSet as HashSet;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::Arc;

/// One heading of a page, for its table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The `id` attribute, unique in the page.
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// An `@/` link (or a `#anchor` link) found in a page, kept to check its anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The entry linked to.
    pub target: EntryId,
    /// The `#anchor`, if any.
    pub anchor: Option<String>,
    /// Where the link is written, for errors.
    pub line: usize,
    /// Column of the link.
    pub column: usize,
}

/// The rendered Markdown of one entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// The body's headings, in order.
    pub toc: Vec<Heading>,
    /// Every council commitment as inline HTML, in the order of the council's domains.
    pub commitments: Vec<(ContentId, String)>,
    /// The links to check.
    pub links: Vec<InternalLink>,
    /// The site's images the page shows (catalog keys), for their copies to be made.
    pub images: Vec<String>,
    /// The page's own picture (front matter `image`), for cards and share cards.
    pub picture: Option<Picture>,
}

/// The pulldown-cmark extensions every page gets.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders every entry of the corpus, whose Markdown `bodies` (aligned with
/// `corpus.entries`, see [`Corpus::take_bodies`]) are freed one by one as they are rendered,
/// in parallel. The result is aligned with `corpus.entries`.
pub fn render(
    corpus: &Corpus,
    bodies: Vec<String>,
    config: &Config,
    catalog: &Catalog,
) -> (Vec<Arc<Rendered>>, Diagnostics) {
    let results: Vec<(Rendered, Vec<Diagnostic>)> = bodies
        .into_par_iter()
        .enumerate()
        .map(|(i, body)| render_entry(corpus, config, catalog, EntryId::new(i), &body))
        .collect();
    let mut diagnostics = Diagnostics::new();
    let rendered = results
        .into_iter()
        .map(|(r, errors)| {
            diagnostics.extend(errors);
            Arc::new(r)
        })
        .collect();
    (rendered, diagnostics)
}

/// Renders one entry's Markdown `body` and its commitments.
pub fn render_entry(
    corpus: &Corpus,
    config: &Config,
    catalog: &Catalog,
    index: EntryId,
    body: &str,
) -> (Rendered, Vec<Diagnostic>) {
    let entry = &corpus.entries[index];
    let mut page = PageRender {
        corpus,
        config,
        catalog,
        entry,
        index,
        errors: Default::default(),
        links: Vec::new(),
        images: Vec::new(),
        pictures: 0,
        lines: Lines::default(),
        missed_so_far: Default::default(),
        written: None,
        admin: None,
    };
    let picture = page.own_picture();
    let (html, toc) = page.markdown(body, Position::Body(entry.body_line));
    let commitments = match entry.meta.get::<CouncilFront>() {
        // Each domain's once, even where `domains` lists it again (an error of its own).
        Some(c) => c
            .domains
            .iter()
            .filter({
                let mut seen = std::collections::HashSet::new();
                move |d| seen.insert(*d)
            })
            .filter_map(|d| Some((d, c.commitments.get(d)?)))
            .map(|(d, text)| {
                let html = simple_inline(text).unwrap_or_else(|| {
                    let html = page.markdown(text, Position::Commitment(d.as_str())).0;
                    inline(&html).unwrap_or_else(|| {
                        page.errors.push(not_inline(entry, d.as_str()));
                        html
                    })
                });
                (d.clone(), html)
            })
            .collect(),
        None => Vec::new(),
    };
    let rendered = Rendered { html, toc, commitments, links: page.links, images: page.images, picture };
    (rendered, page.errors.into_vec())
}

/// The bytes Markdown, HTML or smart punctuation may act on (every one is ASCII), and the
/// line breaks and tabs a one-line text has none of; a table, as every byte is looked up.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"*_`[]<>&\\!#'\"|~$\n\r\t";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// Whether a one-line text has nothing Markdown, HTML or smart punctuation would change,
/// so that it is its own HTML (most commitments are plain sentences).
fn is_plain(text: &str) -> bool {
    let starts_block = text.trim_start().starts_with(|c: char| c.is_ascii_digit() || "-+>=".contains(c));
    !text.bytes().any(|b| SPECIAL[usize::from(b)])
        && !text.contains("--")
        && !text.contains("...")
        && !starts_block
        && text.trim() == text
}

/// The HTML of a one-line text that is plain but for `*emphasis*` around words — what most
/// commitments are — exactly as pulldown-cmark renders it; `None` for anything else, which
/// goes through the parser. Each star pair must open after a space, `(` or the start and
/// before a letter or digit, and close after one and before a space, `.,;:?)` or the end:
/// there CommonMark's flanking rules leave no choice.
fn simple_inline(text: &str) -> Option<String> {
    if is_plain(text) {
        return Some(text.to_string());
    }
    let stars: Vec<usize> = text.match_indices('*').map(|(i, _)| i).collect();
    if !stars.len().is_multiple_of(2) || !is_plain(&text.replace('*', "")) {
        return None;
    }
    let before = |i: usize| text[..i].chars().next_back();
    let after = |i: usize| text[i + 1..].chars().next();
    let mut html = String::with_capacity(text.len() + 8 * stars.len());
    let mut from = 0;
    for pair in stars.chunks(2) {
        let (open, close) = (pair[0], pair[1]);
        let opens = before(open).is_none_or(|c| c == ' ' || c == '(')
            && after(open).is_some_and(char::is_alphanumeric);
        let closes = before(close).is_some_and(char::is_alphanumeric)
            && after(close).is_none_or(|c| " .,;:?)".contains(c));
        if !(opens && closes) {
            return None;
        }
        html.push_str(&text[from..open]);
        html.push_str("<em>");
        html.push_str(&text[open + 1..close]);
        html.push_str("</em>");
        from = close + 1;
    }
    html.push_str(&text[from..]);
    Some(html)
}

/// Strips the paragraph a one-paragraph text is wrapped in.
fn inline(html: &str) -> Option<String> {
    let t = html.trim_end();
    if t.is_empty() {
        return Some(String::new());
    }
    // (Text that is not a paragraph, an HTML block shown as text, comes unwrapped.)
    let inner = t.strip_prefix("<p>").and_then(|t| t.strip_suffix("</p>")).unwrap_or(t);
    // One paragraph holds no block: a second paragraph, a heading, a list, a quote, a table,
    // a code block or a rule would each start with a tag the text cannot hold as text.
    const BLOCKS: [&str; 10] =
        ["<p>", "<h", "<ul", "<ol", "<blockquote", "<table", "<pre", "<hr", "<div", "<section"];
    (!BLOCKS.iter().any(|b| inner.contains(b))).then(|| inner.to_string())
}

/// A commitment that is more than a line of text: the domain's page shows it inside a
/// sentence of its own, where a heading, a list or a second paragraph cannot go.
fn not_inline(entry: &Entry, domain: &str) -> Diagnostic {
    let (line, column) = entry.locate("commitments", domain);
    Diagnostic::error(&entry.path, format!("the commitment on `{domain}` is more than one paragraph of text"))
        .at(line, column)
        .with_hint("a commitment may use emphasis and links; say more in the council's text, under a heading")
}

/// What is said of a link (as `shown`) into the content manager's folder, however written.
fn into_admin(shown: &str) -> (String, String) {
    (
        format!("the link `{shown}` leads into the content manager, which is not for readers"),
        "link a page of the site instead".into(),
    )
}

/// Whether a link is written from the host's root (`/en/`), not to another host (`//host/`).
fn is_rooted(dest: &str) -> bool {
    dest.starts_with('/') && !dest.starts_with("//")
}

/// Whether a relative link names a Markdown file (`first.en.md`, `../domains/ai.md#x`).
fn is_markdown_file(dest: &str) -> bool {
    let path = &dest[..dest.find(['#', '?']).unwrap_or(dest.len())];
    !dest.contains(':') && !dest.starts_with("//") && path.to_ascii_lowercase().ends_with(".md")
}

/// What an `@/` link points to.
enum Target {
    /// A content entry, whose anchors can be checked.
    Entry(EntryId),
    /// A home or section page without its own `_index` file: its path.
    Page(String),
}

/// Where a Markdown text sits in its file, to turn byte offsets into lines.
#[derive(Clone, Copy)]
enum Position<'a> {
    /// A body starting at this line.
    Body(usize),
    /// The commitment on this domain, in the front matter.
    Commitment(&'a str),
}

/// How many of a page's links and pictures may be told the nearest name when missing.
const SUGGESTED_PER_PAGE: usize = 100;

struct PageRender<'a> {
    corpus: &'a Corpus,
    config: &'a Config,
    catalog: &'a Catalog,
    entry: &'a Entry,
    index: EntryId,
    /// Bounded: a page may hold a problem every few bytes.
    errors: crate::diagnostics::Bounded,
    links: Vec<InternalLink>,
    images: Vec<String>,
    /// Pictures written so far: the first loads at once, the others when scrolled to.
    pictures: usize,
    /// Where the text being rendered was last counted, for links' lines.
    lines: Lines,
    /// How many links and pictures were not found so far: the nearest name is suggested for
    /// the first [`SUGGESTED_PER_PAGE`] only (each suggestion reads every name
    /// of its kind: a page of thousands of broken links took seconds each thousand).
    missed_so_far: std::cell::Cell<usize>,
    /// The URLs of the site's own pages and files (the timeline, a feed), made at the first
    /// link from the host's root that needs them.
    written: Option<HashSet<String>>,
    /// The content manager's address (`https://host/portal/admin`), made at the first link
    /// that needs it.
    admin: Option<String>,
}

impl PageRender<'_> {
    fn line_col(&mut self, text: &str, offset: usize, at: Position) -> (usize, usize) {
        match at {
            Position::Body(first) => self.lines.at(text, offset, first),
            Position::Commitment(domain) => (self.entry.locate("commitments", domain).0, 1),
        }
    }

    /// Renders `text`, streaming pulldown-cmark's events into the HTML writer; only a
    /// heading's events are held back, until its text (and so its id) is known.
    fn markdown(&mut self, text: &str, at: Position) -> (String, Vec<Heading>) {
        self.lines = Lines::default();
        let parser = Parser::new_ext(text, options()).into_offset_iter();
        let mut events = Events {
            page: self,
            text,
            at,
            parser,
            held: VecDeque::new(),
            toc: Vec::new(),
            used: Ids::reserved(),
            nested: 0,
            balance: policy::Balance::default(),
            // (`&#x200f;`, and the named `&rlm;`: any reference.)
            references: memchr::memchr(b'&', text.as_bytes()).is_some(),
            raw_ids: Vec::new(),
        };
        let mut html = String::with_capacity(text.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, events.by_ref());
        let unclosed = events.balance.finish();
        events.refuse_all(unclosed);
        let (raw_ids, used) = (std::mem::take(&mut events.raw_ids), std::mem::take(&mut events.used.used));
        let toc = events.toc;
        self.errors.extend(shared_ids(&self.entry.path, raw_ids, &used));
        if html.len() > MAX_HTML_BYTES {
            // A short text can make a long page: each picture is a `<picture>` of copies.
            let message = format!(
                "this text makes {} MiB of HTML; a page may have at most {} MiB",
                html.len().div_ceil(1 << 20),
                MAX_HTML_BYTES >> 20
            );
            let hint = "split it into several pages, or show fewer pictures on one";
            self.errors.push(Diagnostic::error(&self.entry.path, message).with_hint(hint));
            html = String::new();
        }
        html.shrink_to_fit();
        (html, toc)
    }

    /// The HTML of an image written `![alt](dest "title")` at `line`:`column`: its picture,
    /// or nothing when it is missing, broken or has no alternative text (errors).
    fn picture(
        &mut self,
        dest: &str,
        title: &str,
        alt: &str,
        decorative: bool,
        at: (usize, usize),
    ) -> String {
        let suggest = self.may_suggest();
        let mut fail = |message: String, hint: String| {
            let d = Diagnostic::error(&self.entry.path, message).at(at.0, at.1).with_hint(hint);
            self.errors.push(d);
        };
        if alt.is_empty() && !decorative {
            fail(
                format!("the image `{dest}` has no alternative text"),
                format!(
                    "say what it shows for readers who cannot see it: `![The co-chairs sign the statement]({dest})`; \
                     an image that only decorates is written `![\"\"]({dest})`"
                ),
            );
        }
        match self.catalog.resolve(self.config, self.entry, dest, alt, suggest) {
            Ok(mut picture) => {
                picture.title = (!title.is_empty()).then(|| title.to_string());
                self.images.extend(picture.source.clone());
                self.pictures += 1;
                picture.html(crate::media::BODY_SIZES, self.pictures > 1)
            }
            Err((message, hint)) => {
                fail(message, hint);
                self.missed();
                String::new()
            }
        }
    }

    /// The page's own picture, from its front matter's `image` and `image_alt`.
    /// A translation that leaves `image` out takes its original's: what is wrong with it is
    /// the original's to report, once.
    fn own_picture(&mut self) -> Option<Picture> {
        let (dest, alt) = self.entry.meta.front().image()?;
        let alt = alt.unwrap_or_default().trim();
        let own = self.entry.states("image");
        let at = self.entry.locate("image", dest);
        if alt.is_empty() && own {
            let d = Diagnostic::error(&self.entry.path, format!("the image `{dest}` has no `image_alt`"))
                .at(at.0, at.1)
                .with_hint("add `image_alt:` with what it shows, for readers who cannot see it");
            self.errors.push(d);
        }
        let suggest = self.may_suggest();
        match self.catalog.resolve(self.config, self.entry, dest, alt, suggest) {
            Ok(picture) => {
                self.images.extend(picture.source.clone());
                Some(picture)
            }
            Err((message, hint)) => {
                if own {
                    self.errors
                        .push(Diagnostic::error(&self.entry.path, message).at(at.0, at.1).with_hint(hint));
                }
                None
            }
        }
    }

    /// The URL of an `@/` or `#anchor` link; `None` leaves other links as written.
    fn resolve(&mut self, dest: &str, line: usize, column: usize) -> Option<String> {
        if let Some(anchor) = dest.strip_prefix('#') {
            self.links.push(InternalLink {
                target: self.index,
                anchor: Some(anchor.to_string()),
                line,
                column,
            });
            return None;
        }
        let rest = dest.strip_prefix("@/")?;
        let (path, anchor) = match rest.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (rest, None),
        };
        match self.target(path) {
            Ok(Target::Entry(target)) => {
                let url = self.config.base_url.join(&self.corpus.entries[target].url);
                let url = match &anchor {
                    Some(a) => format!("{url}#{a}"),
                    None => url,
                };
                self.links.push(InternalLink { target, anchor, line, column });
                Some(url)
            }
            Ok(Target::Page(url)) => Some(self.config.base_url.join(&url)),
            // The target failed to load: its own error is reported; do not repeat it here.
            Err(None) => None,
            Err(Some((message, hint))) => {
                let d = Diagnostic::error(&self.entry.path, format!("broken link `{dest}`: {message}"))
                    .at(line, column);
                self.errors.push(d.with_hint(hint));
                Some(dest.to_string())
            }
        }
    }

    /// A link written from the host's root (`/en/councils/first/`, `/files/report.pdf`) or to
    /// a Markdown file (`first.en.md`): made the site's URL, under its sub-path, when it names
    /// a page, a file of `static/` or a page the site writes (the timeline, a feed); else an
    /// error: under a sub-path it would leave the site, and a `.md` file is never published.
    fn rooted(&mut self, dest: &str, line: usize, column: usize) -> Option<String> {
        let (path, rest) = dest.split_at(dest.find(['#', '?']).unwrap_or(dest.len()));
        if ["%2f", "%5c"].iter().any(|e| path.to_ascii_lowercase().contains(e)) {
            // Decoded, it would name a file in a folder; a host reads it as one name.
            let message = format!(
                "the link `{dest}` has an encoded `/` or `\\` (`%2F`, `%5C`), which no host reads as a folder"
            );
            self.errors
                .push(Diagnostic::error(&self.entry.path, message).at(line, column).with_hint("write `/`"));
            return None;
        }
        // As a browser reads it: `my%20report.pdf` is `my report.pdf` on the disk.
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let local = decoded.trim_start_matches('/');
        let error = |message: String, hint: String| {
            Diagnostic::error(&self.entry.path, message).at(line, column).with_hint(hint)
        };
        if dest.starts_with('/') && format!("{local}/").starts_with(crate::base::ADMIN_FOLDER) {
            // The editors' page, which holds their sign-in: no reader is sent there.
            let (message, hint) = into_admin(dest);
            self.errors.push(error(message, hint));
            return None;
        }
        if !dest.starts_with('/') {
            let (folder, file) = match path.rsplit_once('/') {
                Some((folder, file)) => (folder.rsplit('/').next().unwrap_or(folder), file),
                None => match self.entry.key.kind {
                    Kind::Item(s) | Kind::Index(s) => (s.folder(), path),
                    Kind::Home => ("<folder>", path),
                },
            };
            let message = format!("the link `{dest}` is to a Markdown file, which is not published");
            self.errors.push(error(message, format!("link the page it makes: `@/{folder}/{file}{rest}`")));
            return None;
        }
        let page = self.corpus.at_url(local).or_else(|| self.corpus.at_url(&format!("{local}/")));
        if let Some(target) = page {
            let anchor = rest.split_once('#').map(|(_, a)| a.to_string());
            self.links.push(InternalLink { target, anchor, line, column });
            return Some(format!("{}{rest}", self.config.base_url.join(&self.corpus.entries[target].url)));
        }
        // What the site writes (not what it keeps free: with `search: false`, no search page).
        let config = self.config;
        let written = self
            .written
            .get_or_insert_with(|| crate::urls::written(config).iter().map(|f| f.url(config)).collect());
        if self.catalog.is_static(local) || written.contains(local) || written.contains(&format!("{local}/"))
        {
            // (Written as it was: the decoded form is for the lookups.)
            return Some(format!("{}{rest}", self.config.base_url.join(path.trim_start_matches('/'))));
        }
        let base = self.config.base_url.path();
        let hint = match local.strip_prefix(base.trim_start_matches('/')).filter(|_| base != "/") {
            Some(_) => format!(
                "leave out `{}`: portal puts the site's own path before every link",
                base.trim_end_matches('/')
            ),
            None => "link a page as `@/<folder>/<id>.md`, and a file of static/ as `/<its path in static/>`"
                .into(),
        };
        let message = format!("the link `{dest}` leads to no page or file of the site");
        self.errors.push(error(message, hint));
        None
    }

    /// What is wrong with a link that leaves the site or leads into the content manager while
    /// it reads as one of the site's: a relative path that climbs above the site
    /// (`../../../other-repo/`, another site of the same host) or into `admin/`, or the
    /// site's own address of `admin/`.
    fn leaves(&mut self, dest: &str) -> Option<(String, String)> {
        let path = &dest[..dest.find(['#', '?']).unwrap_or(dest.len())];
        let shown: String = dest.chars().take(60).collect();
        // Its whole address, or the same without its scheme (`//host/portal/admin`), with or
        // without its last `/` (a host adds it).
        let config = self.config;
        let admin = self.admin.get_or_insert_with(|| config.base_url.absolute(crate::base::ADMIN_FOLDER));
        let admin = admin.trim_end_matches('/');
        let hostless = admin.split_once(':').map_or("", |(_, rest)| rest);
        let names = |base: &str| {
            !base.is_empty()
                && dest.len() >= base.len()
                && dest.is_char_boundary(base.len())
                && dest[..base.len()].eq_ignore_ascii_case(base)
                && dest[base.len()..].chars().next().is_none_or(|c| matches!(c, '/' | '?' | '#'))
        };
        if names(admin) || names(hostless) {
            return Some(into_admin(&shown));
        }
        if crate::text::scheme(path).is_some() || path.starts_with("//") {
            return None;
        }
        // From the folder of the page's own address (`en/about/`).
        let mut at: Vec<&str> = self.entry.url.split('/').filter(|s| !s.is_empty()).collect();
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        for segment in decoded.split('/') {
            match segment {
                ".." if at.pop().is_none() => {
                    return Some((
                        format!(
                            "the link `{shown}` climbs above the site's address, to other sites of its host"
                        ),
                        "link a page of the site with `@/…`, and another site by its whole address".into(),
                    ));
                }
                ".." | "." | "" => {}
                other => at.push(other),
            }
        }
        (format!("{}/", at.join("/")).starts_with(crate::base::ADMIN_FOLDER)).then(|| into_admin(&shown))
    }

    /// The entry an `@/` path names, or what is wrong with it and a hint (`None` when the
    /// target exists but has errors of its own).
    fn target(&self, path: &str) -> Result<Target, Option<(String, String)>> {
        let usage = || {
            (
                "links are written `@/<folder>/<id>.md` or `@/<folder>/<id>.<lang>.md`".to_string(),
                "for example `[AI](@/domains/ai.md)`".to_string(),
            )
        };
        let (folder, file) = path.split_once('/').unwrap_or(("", path));
        let name = file.strip_suffix(".md").ok_or_else(|| Some(usage()))?;
        let (id, suffix) = name.rsplit_once('.').unwrap_or((name, ""));
        let lang = if suffix.is_empty() {
            self.entry.key.lang.clone()
        } else {
            self.config.language(suffix).map(|l| l.code.clone()).ok_or_else(|| {
                (
                    format!("`{suffix}` is not a language of the site"),
                    format!("use one of: {}", self.config.language_codes().join(", ")),
                )
            })?
        };
        let kind = match (folder, id) {
            ("", "_index") => Kind::Home,
            ("", _) => return Err(Some(usage())),
            (f, i) => {
                let section = Section::from_folder(f).ok_or_else(|| {
                    (
                        format!("`{f}` is not a content folder"),
                        format!("content folders are: {}", Section::ALL.map(Section::folder).join(", ")),
                    )
                })?;
                if i == "_index" { Kind::Index(section) } else { Kind::Item(section) }
            }
        };
        let id = if id == "_index" {
            ContentId::index()
        } else {
            ContentId::parse(id).map_err(|e| Some((e, "check the file name".to_string())))?
        };
        let key = Key { kind, id, lang };
        if let Some(i) = self.corpus.find(&key) {
            return Ok(Target::Entry(i));
        }
        if matches!(key.kind, Kind::Home | Kind::Index(_)) {
            // Home and section pages exist whether or not their own text is written.
            let slug = crate::content::model::Slug::from(&key.id);
            return Ok(Target::Page(crate::urls::entry(self.config, &key, &slug)));
        }
        if self.corpus.failed.contains(&key) {
            return Err(None);
        }
        // A page not yet translated: its page in the default language, as a link written
        // for the page's own language (no suffix) would show a reader who switched.
        let original = Key { lang: self.config.default_language.clone(), ..key.clone() };
        match self.corpus.find(&original).filter(|_| suffix.is_empty()) {
            Some(i) => Ok(Target::Entry(i)),
            None => Err(Some(self.missing(&key, folder))),
        }
    }

    /// Whether a missing target may be told the nearest name.
    fn may_suggest(&self) -> bool {
        self.missed_so_far.get() < SUGGESTED_PER_PAGE
    }

    /// Counts one more target missing.
    fn missed(&self) {
        self.missed_so_far.set(self.missed_so_far.get() + 1);
    }

    fn missing(&self, key: &Key, folder: &str) -> (String, String) {
        if self.corpus.drafts.contains(key) {
            return (
                "it links to a draft, which is not published".into(),
                "publish the target (remove `draft: true`) or remove the link".into(),
            );
        }
        if self.corpus.failed.contains(key) {
            return ("its target has errors of its own (see below)".into(), "fix the target file".into());
        }
        let lang_name = lang_name(self.config, &key.lang);
        let ids = self
            .corpus
            .entries
            .iter()
            .filter(|e| e.key.kind == key.kind && e.key.lang == key.lang)
            .map(|e| e.key.id.as_str());
        let best = if self.may_suggest() { crate::yaml::closest(key.id.as_str(), ids) } else { None };
        self.missed();
        let hint = match best {
            Some(best) => format!("did you mean `@/{folder}/{best}.md`?"),
            None => format!("create content/{folder}/{}.{}.md, or fix the link", key.id, key.lang),
        };
        (format!("there is no `{}` in {folder} in {lang_name}", key.id), hint)
    }
}

/// A footnote's reference or definition with its label (its id) given a prefix, `fn-`, so
/// that `[^main]` takes no id of the theme's (the skip link leads to `#main`).
fn footnote(event: &mut Event) {
    if let Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) = event {
        *label = CowStr::from(format!("fn-{label}"));
    }
}

/// The most HTML one text may make (its page is published, and kept in the preview's memory).
const MAX_HTML_BYTES: usize = 32 << 20;

/// The opening double quote of a language (Romanian opens low, „…”).
fn opening_quote(lang: &Lang) -> char {
    crate::lang::quotes(lang).double.0
}

/// pulldown-cmark's events of one text, as the HTML writer pulls them: links resolved,
/// headings given their ids. Most events pass straight through; the others leave the hot
/// path for functions of their own.
struct Events<'p, 'a, 't> {
    page: &'p mut PageRender<'a>,
    text: &'t str,
    at: Position<'t>,
    parser: pulldown_cmark::OffsetIter<'t, pulldown_cmark::DefaultBrokenLinkCallback>,
    /// A heading's events, held until its id is known.
    held: VecDeque<Event<'t>>,
    toc: Vec<Heading>,
    used: Ids,
    /// Nested quotes open (‘ made «) and not yet closed, in a language that writes them.
    nested: usize,
    /// The elements the text's raw HTML has opened, within the Markdown elements around them.
    balance: policy::Balance,
    /// Whether the text writes a numeric character reference (`&#x0b;`): the one way a
    /// text with no control character as written could show one.
    references: bool,
    /// The ids raw HTML gives its elements, where each is written.
    raw_ids: Vec<((usize, usize), String)>,
}

impl<'t> Iterator for Events<'_, '_, 't> {
    type Item = Event<'t>;

    #[inline]
    fn next(&mut self) -> Option<Event<'t>> {
        if !self.held.is_empty() {
            return self.held.pop_front();
        }
        let (mut event, range) = self.parser.next()?;
        self.no_control(&mut event, range.start);
        match &event {
            Event::Start(Tag::Heading { .. }) => return self.heading(event, range.start),
            Event::Start(Tag::Image { .. }) => return Some(self.image(event, range)),
            Event::Start(Tag::Link { .. }) => self.link(&mut event, range.start),
            Event::Start(Tag::HtmlBlock) => return self.html_block(event),
            // (An HTML block's lines are read by `html_block`: one found here is checked too,
            // so that no HTML ever passes unchecked.)
            Event::InlineHtml(_) | Event::Html(_) => return Some(self.raw_html(event, range.start)),
            // Smart punctuation's opening double quote, as the page's language writes it.
            Event::Text(t) if t.as_ref() == "“" => {
                event = Event::Text(opening_quote(&self.page.entry.key.lang).into())
            }
            Event::Text(t) if matches!(t.as_ref(), "‘" | "’") => self.single_quote(&mut event, range.end),
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)) => footnote(&mut event),
            _ => {}
        }
        self.floor(&event);
        Some(event)
    }
}

impl<'t> Events<'_, '_, 't> {
    /// Smart punctuation's single quotes as the page's language nests them (Romanian «…»);
    /// a ’ closes one only where it ends a word (`end`: after it in the source), so that an
    /// apostrophe inside a quote stays one.
    #[inline(never)]
    fn single_quote(&mut self, event: &mut Event<'t>, end: usize) {
        let (open, close) = crate::typography::nested_quotes(&self.page.entry.key.lang);
        if open == '‘' {
            return;
        }
        let ends_word = self.text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        match event {
            Event::Text(t) if t.as_ref() == "‘" => {
                self.nested += 1;
                *event = Event::Text(open.to_string().into());
            }
            _ if self.nested > 0 && ends_word => {
                self.nested -= 1;
                *event = Event::Text(close.to_string().into());
            }
            _ => {}
        }
    }

    /// An image's events, from its start (written at `range`) to its end, made one piece of
    /// HTML: its picture, with the text between the brackets as its alternative text.
    #[inline(never)]
    fn image(&mut self, start: Event<'t>, range: std::ops::Range<usize>) -> Event<'t> {
        let Event::Start(Tag::Image { dest_url, title, .. }) = start else {
            return start;
        };
        let mut alt = String::new();
        let mut depth = 0;
        while let Some((mut event, at)) = self.parser.next() {
            self.no_control(&mut event, at.start);
            match event {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::End(TagEnd::Image) => depth -= 1,
                Event::Text(t) if t.as_ref() == "“" => alt.push(opening_quote(&self.page.entry.key.lang)),
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        let at = self.page.line_col(self.text, range.start, self.at);
        let decorative = self.text[range].starts_with("![\"\"]");
        let alt = if decorative { "" } else { alt.trim() };
        Event::InlineHtml(self.page.picture(&dest_url, &title, alt, decorative, at).into())
    }

    /// Holds a heading's events until its end, gives it its id, and returns its start.
    #[inline(never)]
    fn heading(&mut self, start: Event<'t>, offset: usize) -> Option<Event<'t>> {
        let at = self.page.line_col(self.text, offset, self.at);
        self.held.push_back(start);
        self.balance.enter();
        let mut title = String::with_capacity(64);
        while let Some((mut event, range)) = self.parser.next() {
            self.no_control(&mut event, range.start);
            if let Event::Start(Tag::Link { .. }) = event {
                self.link(&mut event, range.start);
            }
            footnote(&mut event);
            if let Event::Start(Tag::Image { .. }) = event {
                event = self.image(event, range);
            } else if let Event::InlineHtml(_) = event {
                event = self.raw_html(event, range.start);
            }
            // The heading's own Markdown elements (emphasis, links) are floors too.
            self.floor(&event);
            if let Event::End(TagEnd::Heading(level)) = event {
                self.leave_floor();
                let id = self.heading_id(&title, at);
                let title = if title.trim() == title { title } else { title.trim().to_string() };
                self.toc.push(Heading { level: level as u8, id, title });
                self.held.push_back(event);
                break;
            }
            if let Event::Text(t) | Event::Code(t) = &event {
                title.push_str(t);
            }
            self.held.push_back(event);
        }
        self.held.pop_front()
    }

    /// Sets the id of the held heading (its explicit `{#id}`, or one made from its `title`),
    /// unique in the page; returns it.
    fn heading_id(&mut self, title: &str, at: (usize, usize)) -> String {
        let Some(Event::Start(Tag::Heading { id, classes, attrs, .. })) = self.held.front_mut() else {
            return String::new();
        };
        // `{#id}` is a heading's own; a class (`{.site-header}`) or any other attribute
        // (`{onfocus=…}`, `{style=…}`) would be written on it as it is: refused, and dropped.
        let mut refused: Vec<String> = classes.drain(..).map(|c| format!(".{c}")).collect();
        refused.extend(attrs.drain(..).map(|(key, _)| key.to_string()));
        if let Some(key) = refused.first() {
            let message = match key.strip_prefix('.') {
                Some(_) => {
                    format!("the class `{key}` on a heading is not allowed: {}", policy::CLASS_REFUSED)
                }
                None => format!("the attribute `{key}` on a heading is not allowed: only `{{#id}}` is"),
            };
            let hint = "write `## Title {#its-id}`, or nothing after the title".to_string();
            self.page
                .errors
                .push(Diagnostic::error(&self.page.entry.path, message).at(at.0, at.1).with_hint(hint));
        }
        let base = id.as_ref().map_or_else(|| slugify(title), |i| i.to_string());
        let unique = unique_id(base, &mut self.used);
        *id = Some(unique.clone().into());
        unique
    }

    /// Resolves the destination of an `@/` or `#anchor` link's start event, written at byte
    /// `offset`; checks any other link's scheme against the [`policy`] (a refused one is an
    /// error, and its link goes nowhere).
    #[inline(never)]
    fn link(&mut self, event: &mut Event, offset: usize) {
        let Event::Start(Tag::Link { dest_url, .. }) = event else { return };
        if dest_url.starts_with("@/") || dest_url.starts_with('#') {
            let (line, column) = self.page.line_col(self.text, offset, self.at);
            if let Some(url) = self.page.resolve(dest_url, line, column) {
                *dest_url = CowStr::from(url);
            }
        } else if let Err((message, hint)) = policy::check_url(dest_url) {
            self.refuse(offset, message, hint);
            *dest_url = CowStr::from("");
        } else if is_rooted(dest_url) || is_markdown_file(dest_url) {
            let (line, column) = self.page.line_col(self.text, offset, self.at);
            if let Some(url) = self.page.rooted(dest_url, line, column) {
                *dest_url = CowStr::from(url);
            }
        } else if let Some((message, hint)) = self.page.leaves(dest_url) {
            self.refuse(offset, message, hint);
            *dest_url = CowStr::from("");
        }
    }

    /// Reports what the policy refuses, written at byte `offset` of the text.
    fn refuse(&mut self, offset: usize, message: String, hint: String) {
        let (line, column) = self.page.line_col(self.text, offset, self.at);
        let d = Diagnostic::error(&self.page.entry.path, message).at(line, column).with_hint(hint);
        self.page.errors.push(d);
    }

    /// Reports a control character that a character reference put in `event` (its text, or
    /// its link's address or title), written at byte `offset`, and takes it out. Only a
    /// text that writes a reference can hold one.
    #[inline]
    fn no_control(&mut self, event: &mut Event<'t>, offset: usize) {
        if self.references {
            self.control_from_reference(event, offset);
        }
    }

    #[inline(never)]
    fn control_from_reference(&mut self, event: &mut Event<'t>, offset: usize) {
        let found = match &*event {
            Event::Text(t) => t.chars().find(|&c| crate::text::is_forbidden(c)),
            Event::Start(Tag::Link { dest_url, title, .. } | Tag::Image { dest_url, title, .. }) => {
                dest_url.chars().chain(title.chars()).find(|&c| crate::text::is_forbidden(c))
            }
            _ => None,
        };
        let Some(c) = found else { return };
        let (line, column) = self.page.line_col(self.text, offset, self.at);
        let error = crate::text::control_error(&self.page.entry.path, c).at(line, column);
        self.page.errors.push(error);
        let clean = |t: &str| CowStr::from(t.replace(crate::text::is_forbidden, ""));
        match event {
            Event::Text(t) => *t = clean(t),
            Event::Start(Tag::Link { dest_url, title, .. } | Tag::Image { dest_url, title, .. }) => {
                *dest_url = clean(dest_url);
                *title = clean(title);
            }
            _ => {}
        }
    }

    /// Enters or leaves, for the raw HTML's balance, the Markdown element `event` starts or
    /// ends. (A heading is entered and left by [`Self::heading`], which holds its events.)
    fn floor(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_)) => {}
            Event::Start(_) => self.balance.enter(),
            Event::End(_) => self.leave_floor(),
            _ => {}
        }
    }

    /// Leaves the Markdown element entered last, reporting the raw HTML left open in it.
    fn leave_floor(&mut self) {
        let unclosed = self.balance.leave();
        self.refuse_all(unclosed);
    }

    /// Reports refusals whose offsets are the text's own, in the order they are written (a
    /// tag's attributes come sorted by name: placing them back and forth counted the text
    /// between them again each time).
    fn refuse_all(&mut self, mut refused: Vec<policy::Refusal>) {
        refused.sort_by_key(|r| r.offset);
        for r in refused {
            self.refuse(r.offset, r.message, r.hint);
        }
    }

    /// Whether the piece of raw HTML `html` is published as written: allowed by the
    /// [`policy`], and its tags where they may be (see [`policy::Balance`]); what is not is
    /// reported, `at` giving the text's offset of one of the piece's.
    fn publishes(&mut self, html: &str, at: impl Fn(usize) -> usize) -> bool {
        let checked = policy::check_html(html);
        match self.balance.piece(&checked, &at) {
            policy::Placed::Html => {
                for (offset, id) in checked.ids {
                    let place = self.page.line_col(self.text, at(offset), self.at);
                    self.raw_ids.push((place, id));
                }
                // Where its links lead, which the policy alone cannot tell: into `admin/`.
                let leave: Vec<_> = checked
                    .urls
                    .iter()
                    .filter_map(|(offset, url)| Some((*offset, self.page.leaves(url)?)))
                    .collect();
                for (offset, (message, hint)) in leave {
                    self.refuse(at(offset), message, hint);
                }
                true
            }
            policy::Placed::Text => false,
            policy::Placed::Refused(refused) => {
                self.refuse_all(refused);
                false
            }
        }
    }

    /// Raw HTML written inline at byte `offset`: published as it is if the [`policy`] allows
    /// it, else reported and shown as text. In a commitment it is always text.
    #[inline(never)]
    fn raw_html(&mut self, event: Event<'t>, offset: usize) -> Event<'t> {
        let (Event::InlineHtml(html) | Event::Html(html)) = &event else { return event };
        if matches!(self.at, Position::Commitment(_)) {
            return Event::Text(html.clone());
        }
        let html = html.clone();
        if self.publishes(&html, |at| offset + at) { event } else { Event::Text(html) }
    }

    /// An HTML block, from its start to its end, checked as one piece (a tag may span its
    /// lines); published as it is if the [`policy`] allows it, else shown as text.
    #[inline(never)]
    fn html_block(&mut self, start: Event<'t>) -> Option<Event<'t>> {
        // Each line's place in the joined text and in the source (a block in a list or a
        // quote has its container's marks taken out).
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut joined = String::new();
        let mut lines = Vec::new();
        let mut end = None;
        // Everything up to the block's end is its text: an indented block's first line comes
        // as the indentation (a text event) then the HTML, and so does a line after a tab in
        // a list or a quote. (Stopping at the first text event let the rest of the block
        // through unchecked.)
        for (event, range) in self.parser.by_ref() {
            match event {
                Event::Html(line) | Event::Text(line) => {
                    pieces.push((joined.len(), range.start));
                    joined.push_str(&line);
                    lines.push(line);
                }
                other => {
                    end = Some(other);
                    break;
                }
            }
        }
        let text = matches!(self.at, Position::Commitment(_));
        let in_source = |offset: usize| {
            let piece = pieces.partition_point(|&(at, _)| at <= offset).saturating_sub(1);
            let (at, source) = pieces.get(piece).copied().unwrap_or_default();
            source + offset - at
        };
        let as_text = text || !self.publishes(&joined, in_source);
        self.held.extend(lines.into_iter().map(|l| if as_text { Event::Text(l) } else { Event::Html(l) }));
        self.held.extend(end);
        Some(start)
    }
}

fn lang_name<'c>(config: &'c Config, lang: &'c Lang) -> &'c str {
    config.language(lang.as_str()).map_or(lang.as_str(), |l| l.name.as_str())
}

/// Turns byte offsets of a text into file lines and columns. Links come in the order they
/// are written, so counting goes on from the last offset asked, lines and columns alike:
/// every byte is read once, even with 200,000 links on one line.
#[derive(Default)]
struct Lines {
    offset: usize,
    line: usize,
    /// The column (0-based, in characters) of `offset` on its line.
    column: usize,
}

impl Lines {
    /// The line and column of byte `offset` of `text`, whose first line is `first_line`.
    fn at(&mut self, text: &str, offset: usize, first_line: usize) -> (usize, usize) {
        if offset < self.offset {
            // Back a little (an error placed before the last link of its paragraph): counted
            // back over the bytes between, not again from the start of the text.
            let between = &text.as_bytes()[offset..self.offset];
            match memchr::memchr(b'\n', between) {
                None => self.column -= char_count(between),
                Some(_) => {
                    self.line -= memchr::memchr_iter(b'\n', between).count();
                    let start = memchr::memrchr(b'\n', &text.as_bytes()[..offset]).map_or(0, |i| i + 1);
                    self.column = char_count(&text.as_bytes()[start..offset]);
                }
            }
            self.offset = offset;
            return (first_line + self.line, self.column + 1);
        }
        let between = &text.as_bytes()[self.offset..offset];
        match memchr::memrchr(b'\n', between) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', between).count();
                self.column = char_count(&between[last + 1..]);
            }
            None => self.column += char_count(between),
        }
        self.offset = offset;
        (first_line + self.line, self.column + 1)
    }
}

/// The characters of UTF-8 `bytes` (which may start or end inside none: offsets are the
/// parser's, always on character boundaries).
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// A heading's id: transliterated to ASCII (ș → s), lowercase, words joined by hyphens.
pub fn slugify(text: &str) -> String {
    let ascii = if text.is_ascii() { Cow::Borrowed(text) } else { Cow::Owned(deunicode::deunicode(text)) };
    // Transliterated text is ASCII: byte by byte.
    let mut out = Vec::with_capacity(ascii.len());
    for c in ascii.bytes().map(|b| b.to_ascii_lowercase()) {
        if c.is_ascii_alphanumeric() || c == b'_' {
            out.push(c);
        } else if (c == b'-' || char::from(c).is_whitespace()) && out.last().is_some_and(|&l| l != b'-') {
            out.push(b'-');
        }
    }
    while out.last() == Some(&b'-') {
        out.pop();
    }
    match String::from_utf8(out) {
        Ok(slug) if !slug.is_empty() => slug,
        _ => "section".into(),
    }
}

/// The heading ids given so far in a text, and for each base the next suffix to try, so
/// that 50,000 identical headings take linear time, not a search from `-1` each.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    next: ahash::AHashMap<String, usize>,
}

/// The ids the theme's templates give their own parts of a page (its sections of
/// commitments, sources, related domains…): a heading of the text named like one of them
/// gets `-1`, so that no two elements of a page share an id (a test keeps this list in step
/// with the templates).
pub const THEME_IDS: [&str; 22] = [
    "agreed",
    "calendar-address",
    "commitments",
    "controller",
    "datasets-caption",
    "domains-heading",
    "enforcement",
    "feed-address",
    "feedback",
    "follow-calendar",
    "follow-feed",
    "follow-latest",
    "latest",
    "main",
    "next",
    "official-documents",
    "prepared",
    "press-reports",
    "recent-heading",
    "related",
    "reuse",
    "who-publishes",
];

/// Whether `id` is one the theme gives a part of the page an editor's text is on: one of
/// [`THEME_IDS`], the header's search box, its list of results and their options
/// (`search-box`, `search-box-results`, `search-box-results-3`), which its script names, the
/// preview's box of errors (`portal-overlay`), or a footnote's (`fn-…`).
pub fn is_theme_id(id: &str) -> bool {
    let options = |rest: &str| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit());
    THEME_IDS.contains(&id)
        || matches!(id, "search-box" | "search-box-results" | "portal-overlay")
        || id.starts_with("fn-")
        || id.strip_prefix("search-box-results-").is_some_and(options)
}

impl Ids {
    fn reserved() -> Self {
        Self { used: THEME_IDS.iter().map(|s| s.to_string()).collect(), next: Default::default() }
    }
}

/// An error at each id raw HTML gives an element that the page gives another already (a
/// heading's, a footnote's, or an element's before it): a link to `#id`, the table of
/// contents' too, would land on the first of them.
fn shared_ids(
    path: &std::path::Path,
    raw: Vec<((usize, usize), String)>,
    used: &HashSet<String>,
) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    raw.into_iter()
        .filter(|(_, id)| used.contains(id) || !seen.insert(id.clone()))
        .map(|((line, column), id)| {
            Diagnostic::error(
                path,
                format!("the id `{id}` is another element's on this page (a heading's, or one before it)"),
            )
            .at(line, column)
            .with_hint(
                "give this element an id of its own: links to `#id` lead to the first element that has it",
            )
        })
        .collect()
}

/// `base`, or the first of `base-1`, `base-2`… not yet used; marks it used.
fn unique_id(base: String, ids: &mut Ids) -> String {
    // The search box's and the footnotes' ids are made from a pattern (any number, any
    // label): a heading named like one is told apart by a word, not a number.
    let base = if is_theme_id(&base) && !THEME_IDS.contains(&base.as_str()) {
        format!("{base}-heading")
    } else {
        base
    };
    if ids.used.insert(base.clone()) {
        return base;
    }
    let mut n = ids.next.get(&base).copied().unwrap_or(1);
    let mut id = format!("{base}-{n}");
    while ids.used.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    ids.next.insert(base, n + 1);
    ids.used.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_never_takes_an_id_the_theme_gives_its_own_parts() {
        let mut ids = Ids::reserved();
        assert_eq!(unique_id("commitments".into(), &mut ids), "commitments-1");
        assert_eq!(unique_id("official-documents".into(), &mut ids), "official-documents-1");
        assert_eq!(unique_id("search-box".into(), &mut ids), "search-box-heading");
        assert_eq!(unique_id("search-box-results-2".into(), &mut ids), "search-box-results-2-heading");
        assert_eq!(unique_id("search-boxes".into(), &mut ids), "search-boxes");
        assert_eq!(unique_id("fn-note".into(), &mut ids), "fn-note-heading", "a footnote's id");
        let templates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/partnership/templates");
        let mut found = std::collections::BTreeSet::new();
        for dir in [templates.clone(), templates.join("partials")] {
            for file in std::fs::read_dir(dir).unwrap().flatten() {
                let text = std::fs::read_to_string(file.path()).unwrap_or_default();
                for piece in text.split(" id=\"").skip(1) {
                    let id = piece.split('"').next().unwrap_or("");
                    if !id.contains('{') {
                        found.insert(id.to_string());
                    }
                }
            }
        }
        let listed: std::collections::BTreeSet<String> = THEME_IDS.iter().map(|s| s.to_string()).collect();
        let missing: Vec<_> = found.difference(&listed).collect();
        assert!(missing.is_empty(), "THEME_IDS must list the ids the theme's templates write: {missing:?}");
        // (An id a template writes from a value, such as the sources' headings, is in its text.)
        let all: String = ["", "partials"]
            .iter()
            .flat_map(|d| std::fs::read_dir(templates.join(d)).unwrap().flatten())
            .map(|f| std::fs::read_to_string(f.path()).unwrap_or_default())
            .collect();
        let stale: Vec<_> = listed.iter().filter(|id| !all.contains(&format!("\"{id}\""))).collect();
        assert!(stale.is_empty(), "THEME_IDS lists ids no template writes: {stale:?}");
    }

    #[test]
    fn heading_ids_transliterate_romanian_and_stay_unique() {
        assert_eq!(
            slugify("Inteligența artificială și securitatea"),
            "inteligenta-artificiala-si-securitatea"
        );
        assert_eq!(slugify("5G, beyond 5G & 6G"), "5g-beyond-5g-6g");
        // Plain ASCII takes a shorter path than transliterated text: both lowercase alike.
        assert_eq!(slugify("ȘTIINȚĂ Deschisă"), "stiinta-deschisa");
        assert_eq!(slugify("Open  DATA_set -- 2\t"), "open-data_set-2");
        assert_eq!(slugify("?!"), "section");
        let mut used = Ids::default();
        assert_eq!(unique_id("a".into(), &mut used), "a");
        assert_eq!(unique_id("a".into(), &mut used), "a-1");
        assert_eq!(unique_id("a-2".into(), &mut used), "a-2");
        assert_eq!(unique_id("a".into(), &mut used), "a-3", "an id written by hand is skipped");
        assert_eq!(unique_id("a-1".into(), &mut used), "a-1-1");
    }

    #[test]
    fn plain_commitments_skip_markdown_but_anything_markdown_would_change_does_not() {
        for plain in [
            "A forum for researchers.",
            "Explore mutual recognition under the AI Act; focus on safety.",
            "Cooperare în standardizare, IA și 6G.",
        ] {
            assert!(is_plain(plain), "{plain}");
            assert_eq!(inline(&pulldown_cmark_html(plain)).as_deref(), Some(plain), "{plain}");
        }
        for marked in [
            "A *dialogue*.",
            "See [AI](@/domains/ai.md).",
            "Research & innovation",
            "the partners' work",
            "1. First",
            "- item",
            "2020--2024",
            "and so on...",
            " padded",
        ] {
            assert!(!is_plain(marked), "{marked}");
        }
    }

    #[test]
    fn simple_emphasis_is_rendered_as_the_parser_would_and_anything_else_is_left_to_it() {
        for (text, html) in [
            ("Exchange *trusted* chain.", Some("Exchange <em>trusted</em> chain.")),
            (
                "*Joint* work on *two words*, (*ș*) and *6G*?",
                Some("<em>Joint</em> work on <em>two words</em>, (<em>ș</em>) and <em>6G</em>?"),
            ),
            ("A forum.", Some("A forum.")),
            ("**strong**", None),
            ("a*b*c", None),
            ("*a *", None),
            ("* item*", None),
            ("one *star", None),
            ("*x*-y", None),
            ("*x* & y", None),
            ("*x*...", None),
        ] {
            assert_eq!(simple_inline(text).as_deref(), html, "{text}");
        }
    }

    #[test]
    fn the_emphasis_shortcut_agrees_with_the_parser_on_every_mix_of_words_stars_and_stops() {
        let words = ["data", "AI", "ș", "6G", "(joint", "skills)", "cable", "x"];
        let marks = ["", "*", "**", " *", "* "];
        let stops = ["", ".", ",", ";", "?", "!", ":", ")", "-", "'"];
        let mut checked = 0;
        for (i, w1) in words.iter().enumerate() {
            for (j, w2) in words.iter().enumerate() {
                for m1 in marks {
                    for m2 in marks {
                        for stop in stops {
                            let text =
                                format!("{m1}{w1}{m2} {m1}{w2}{m2}{stop} end{}", ["", "."][(i + j) % 2]);
                            let text = text.trim().to_string();
                            if let Some(fast) = simple_inline(&text) {
                                assert_eq!(Some(fast), inline(&pulldown_cmark_html(&text)), "{text:?}");
                                checked += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 1000, "only {checked} texts took the shortcut");
    }

    fn pulldown_cmark_html(text: &str) -> String {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(text, options()));
        html
    }

    #[test]
    fn inline_unwraps_a_single_paragraph() {
        assert_eq!(inline("<p>A <em>b</em></p>\n").as_deref(), Some("A <em>b</em>"));
        assert_eq!(inline("").as_deref(), Some(""));
        for blocks in [
            "<p>a</p>\n<p>b</p>\n",
            "<p>a</p>\n<h1>b</h1>\n",
            "<ul>\n<li>a</li>\n</ul>\n",
            "<pre><code>x</code></pre>",
        ] {
            assert_eq!(inline(blocks), None, "{blocks}");
        }
    }

    #[test]
    fn lines_count_from_the_body_s_first_line_in_any_order() {
        let text = "a\nbc [x](y)\n\nș [z](w)";
        let mut lines = Lines::default();
        assert_eq!(lines.at(text, 5, 10), (11, 4));
        assert_eq!(lines.at(text, 16, 10), (13, 3));
        assert_eq!(lines.at(text, 1, 10), (10, 2));
        assert_eq!(lines.at(text, 16, 10), (13, 3));
    }
}
