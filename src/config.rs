//! Stage 1, configuration: `site.yaml` parsed into a [`Config`] whose values are already
//! checked (languages, base URL, date styles, section names), so later stages trust it.

pub mod publisher;

pub use publisher::Publisher;

use crate::base::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::YamlSource;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The name of the configuration file at the site's root.
pub use crate::sources::CONFIG_FILE;

pub use crate::base::Lang;

/// How a language writes a date: a pattern with `{day}`, `{month}`, `{year}` and month names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateStyle {
    pattern: String,
    months: Vec<String>,
}

impl DateStyle {
    /// A date the language's way without its year, for a list under the year's heading:
    /// `28 noiembrie`, `martie`, or nothing for a date that is only a year.
    pub fn format_in_year(&self, date: Date) -> String {
        let full = self.format(date);
        let year = date.year.to_string();
        let trimmed = full.replacen(&year, "", 1);
        trimmed.trim_matches(|c: char| c.is_whitespace() || c == ',').to_string()
    }

    /// Writes a date the language's way, e.g. `28 noiembrie 2025`, `martie 2026`, `2026`.
    pub fn format(&self, date: Date) -> String {
        let (year, Some(month)) = (date.year, date.month) else {
            return date.year.to_string();
        };
        let name = &self.months[usize::from(month.clamp(1, 12)) - 1];
        let Some(day) = date.day else {
            return format!("{name} {year}");
        };
        // One pass over the pattern: every card of the site has a date written this way.
        let mut out = String::with_capacity(self.pattern.len() + name.len());
        let mut rest = self.pattern.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            rest = &rest[open..];
            let field =
                ["{day}", "{dd}", "{month}", "{mm}", "{year}"].into_iter().find(|f| rest.starts_with(f));
            let _ = match field {
                Some("{day}") => write!(out, "{day}"),
                Some("{dd}") => write!(out, "{day:02}"),
                Some("{month}") => out.write_str(name),
                Some("{mm}") => write!(out, "{month:02}"),
                Some(_) => write!(out, "{year}"),
                None => out.write_char('{'),
            };
            rest = &rest[field.map_or(1, str::len)..];
        }
        out.push_str(rest);
        out
    }
}

/// The site's own pages that `sections:` in `site.yaml` may rename, each with what the
/// editor's schema says of it; unless written, each has its name as its segment. (The kinds'
/// list pages are renamed there too: which those are is the kinds table's to say, and
/// `urls::load_config` checks every name written.)
pub const SITE_PAGES: [(&str, &str); 4] = [
    ("timeline", "Segment of the timeline page."),
    ("data", "Segment of the open data page (and of its files)."),
    ("search", "Segment of the search page."),
    ("follow", "Segment of the page that says how to follow the site (its feed and calendars)."),
];

/// The URL segments one language gives its sections and its site pages in `site.yaml`
/// (`councils: consilii`), each as written and where; a name not written keeps its own.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SectionNames(BTreeMap<String, SectionName>);

/// One name written under `sections`, with its line and column in `site.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionName {
    /// The URL segment.
    pub segment: String,
    /// Where the name is written (1-based).
    pub at: (usize, usize),
}

impl SectionNames {
    /// The segment of the section or site page `name` (its folder, `timeline`…): as written,
    /// else `name` itself.
    pub fn segment<'a>(&'a self, name: &'a str) -> &'a str {
        self.0.get(name).map_or(name, |n| n.segment.as_str())
    }

    /// Every name written, with its segment and place.
    pub fn written(&self) -> impl Iterator<Item = (&str, &SectionName)> {
        self.0.iter().map(|(name, n)| (name.as_str(), n))
    }

    /// The timeline's segment.
    pub fn timeline(&self) -> &str {
        self.segment("timeline")
    }

    /// The open data page's segment.
    pub fn data(&self) -> &str {
        self.segment("data")
    }

    /// The search page's segment.
    pub fn search(&self) -> &str {
        self.segment("search")
    }

    /// The follow page's segment.
    pub fn follow(&self) -> &str {
        self.segment("follow")
    }
}

/// `sections:` as `site.yaml` writes it: any name, each a URL segment. Its schema names the
/// site pages; `schema.rs` adds the kinds'.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
struct RawSectionNames(BTreeMap<String, String>);

impl schemars::JsonSchema for RawSectionNames {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SectionNames".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let properties: serde_json::Map<String, serde_json::Value> = SITE_PAGES
            .iter()
            .map(|(name, description)| {
                let property =
                    serde_json::json!({"description": description, "type": "string", "default": name});
                (name.to_string(), property)
            })
            .collect();
        schemars::json_schema!({
            "description": "The URL segment of each section in one language (`consilii` for councils in Romanian).",
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        })
    }
}

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// Its code.
    pub code: Lang,
    /// Its name, written in itself (`Română`).
    pub name: String,
    /// How it writes dates.
    pub dates: DateStyle,
    /// Its URL segments.
    pub sections: SectionNames,
    /// Its locale for share cards (`og:locale`), such as `ro_RO`.
    pub locale: String,
}

/// The site's base URL, split into origin (`https://org.github.io`) and path (`/repo/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    origin: String,
    path: String,
}

impl BaseUrl {
    /// An absolute URL for a path that already has the base path (`/repo/en/`).
    pub fn origin_join(&self, path_with_base: &str) -> String {
        format!("{}{path_with_base}", self.origin)
    }

    /// The host (and port) alone, e.g. `org.github.io`: a calendar's `UID` domain.
    pub fn host(&self) -> &str {
        self.origin.split_once("://").map_or(self.origin.as_str(), |(_, host)| host)
    }

    /// Parses `http(s)://host[:port][/path][/]`.
    pub fn parse(url: &str) -> Result<Self, String> {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| format!("`{url}` must start with https:// or http://"))?;
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if host.is_empty() || url.contains(['?', '#', ' ']) {
            return Err(format!("`{url}` is not a URL of the form https://host/path/"));
        }
        let path = path.trim_matches('/');
        let path = if path.is_empty() { "/".to_string() } else { format!("/{path}/") };
        let origin = url[..url.len() - rest.len() + host.len()].to_string();
        Ok(Self { origin, path })
    }

    /// The path prefix every internal URL carries, with leading and trailing `/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The site-relative `path` (with or without a leading `/`) under the base path.
    pub fn join(&self, path: &str) -> String {
        [self.path.as_str(), path.trim_start_matches('/')].concat()
    }

    /// The absolute URL of a site-relative path.
    pub fn absolute(&self, path: &str) -> String {
        [self.origin.as_str(), &self.path, path.trim_start_matches('/')].concat()
    }
}

/// The checked configuration of one site.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder that holds `site.yaml`.
    pub root: PathBuf,
    /// The site's title per language.
    pub title: BTreeMap<Lang, String>,
    /// The site's description per language.
    pub description: BTreeMap<Lang, String>,
    /// Where the site is published.
    pub base_url: BaseUrl,
    /// The languages, in the order `site.yaml` gives them.
    pub languages: Vec<Language>,
    /// The language of files without a language suffix.
    pub default_language: Lang,
    /// The theme's folder name under `themes/`.
    pub theme: String,
    /// The custom domain for GitHub Pages, if any.
    pub cname: Option<String>,
    /// The share card image of every page (`og:image`): a static file's output path.
    pub image: Option<String>,
    /// Per language, the partners who hold the councils (their `organizer`).
    pub partners: BTreeMap<Lang, Vec<String>>,
    /// The licence of the open data.
    pub licence: Option<Licence>,
    /// Whether the build writes a search index per language (`search: false` turns it off).
    pub search: bool,
    /// How to reach the site's owner: a `mailto:` or `https://` address.
    pub contact: Option<String>,
    /// The most pixels (width × height) a picture may have; bigger ones are refused before
    /// they are decoded.
    pub max_image_pixels: u64,
    /// Who publishes the site, once `site.yaml` names it.
    pub publisher: Option<Publisher>,
    /// The GitHub repository of the site's sources (`owner/name`), where the content
    /// manager commits, if `site.yaml` names it.
    pub repository: Option<String>,
}

/// A licence, as the open data page and files name it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    /// Its short name, e.g. `CC BY 4.0`.
    pub name: String,
    /// Where its text is, e.g. `https://creativecommons.org/licenses/by/4.0/`.
    pub url: String,
}

impl Config {
    /// The declared language with this code.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code.as_str() == code)
    }

    /// The declared language codes, for "expected one of" messages.
    pub fn language_codes(&self) -> Vec<&str> {
        self.languages.iter().map(|l| l.code.as_str()).collect()
    }

    /// The theme's folder.
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }
}

/// `site.yaml` as written (checked into a [`Config`] by [`load`]).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// The site's title in every language, e.g. `{ en: …, ro: … }`.
    title: BTreeMap<String, String>,
    /// The site's description per language.
    #[serde(default)]
    description: BTreeMap<String, String>,
    /// Where the site is published, e.g. `https://org.github.io/repo/`.
    base_url: String,
    /// The language of files without a language suffix.
    default_language: String,
    /// The languages of the site, in the order the language switcher shows them.
    languages: Vec<RawLanguage>,
    /// The theme's folder under `themes/`.
    theme: String,
    /// A custom domain for GitHub Pages (written to `CNAME`).
    #[serde(default)]
    cname: Option<String>,
    /// The share card image of every page (`og:image`), a static file such as `card.png`
    /// (best 1200 × 630 pixels; pages state the size its file has).
    #[serde(default)]
    image: Option<String>,
    /// Per language, who holds the councils, e.g. `{ en: [European Union, Republic of Korea] }`.
    #[serde(default)]
    partners: BTreeMap<String, Vec<String>>,
    /// The licence of the open data, `{ name: CC BY 4.0, url: https://… }`.
    #[serde(default)]
    licence: Option<Licence>,
    /// Whether the site has a search box and a search index per language (default `true`).
    #[serde(default = "yes")]
    search: bool,
    /// How to reach the site's owner, linked as "Contact" in every page's footer: an e-mail
    /// address (`mailto:portal@example.eu`) or a page (`https://…`).
    #[serde(default)]
    contact: Option<String>,
    /// The most pixels (width × height) a picture may have, in millions (default 50, a
    /// 8,660 × 5,773 photo): a bigger one is refused before it is decoded, since decoding
    /// needs 4 bytes a pixel.
    #[serde(default = "default_megapixels")]
    #[schemars(range(min = 1, max = 120))]
    max_image_megapixels: u32,
    /// Who publishes the site: its name per language, address or website, contact, where
    /// accessibility problems are reported and the enforcement body. Until it is given, the
    /// site names no publisher and `portal check --strict` fails.
    #[serde(default)]
    publisher: Option<publisher::RawPublisher>,
    /// The GitHub repository of the site's sources, `owner/name`: where the content manager
    /// (`portal cms`) commits what editors save. Without it, the content manager takes it
    /// from the address it is served at (`owner.github.io/name/`).
    #[serde(default)]
    #[schemars(regex(pattern = "^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$"))]
    repository: Option<String>,
}

/// The most languages a site may have (the EU has 24): each page's missing translations
/// are warnings, one a language, and each language a site of its own.
pub const MAX_LANGUAGES: usize = 64;

/// The default of `max_image_megapixels`.
pub const DEFAULT_MEGAPIXELS: u32 = 50;

/// The most `max_image_megapixels` may be: a medium-format camera's 100 million pixels, and
/// some room (while its copies are made, a picture of 120 million pixels takes 0.5 GB, and
/// 2 GB at 16 bits a channel; pictures over 25 million are made one at a time).
pub const MAX_MEGAPIXELS: u32 = 120;

fn default_megapixels() -> u32 {
    DEFAULT_MEGAPIXELS
}

fn yes() -> bool {
    true
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    /// The code used in file names and URLs, e.g. `ro`.
    code: String,
    /// The language's name, written in itself, e.g. `Română`.
    name: String,
    /// How dates are written, with `{day}`, `{month}`, `{year}` (default `{day} {month} {year}`).
    #[serde(default)]
    date_format: Option<String>,
    /// The twelve month names (built in for `en` and `ro`).
    #[serde(default)]
    months: Option<Vec<String>>,
    /// This language's URL segments for the sections.
    #[serde(default)]
    sections: RawSectionNames,
    /// Its locale for share cards, e.g. `ro_RO` (built in for `en`: `en_GB`, and `ro`).
    #[serde(default)]
    locale: Option<String>,
}

/// Loads and checks `site.yaml` in `root`; `base_url` overrides the file's when given. The
/// names under `sections` are checked against the kinds by `urls::load_config`, which every
/// command calls instead of this.
pub fn load(root: &Path, base_url: Option<&str>) -> Result<Config, Diagnostics> {
    let path = Path::new(CONFIG_FILE);
    if !root.join(path).is_file() {
        return Err(Diagnostic::error(path, format!("there is no {CONFIG_FILE} in {}", root.display()))
            .with_hint("run portal in the site's folder, or pass --root DIR")
            .into());
    }
    let text = crate::text::read_alone(root, path)?;
    let source = YamlSource { path, text: &text, first_line: 1 };
    let raw: RawConfig = source.parse(example_field)?;
    check(root, raw, &source, base_url)
}

fn example_field(field: &str) -> Option<String> {
    Some(
        match field {
            "title" => "title: { en: EU–Korea Digital Partnership }",
            "base_url" => "base_url: https://org.github.io/repo/",
            "default_language" => "default_language: en",
            "languages" => "languages: [{ code: en, name: English }]",
            "theme" => "theme: partnership",
            "code" => "code: en",
            "name" => "name: English",
            _ => return None,
        }
        .to_string(),
    )
}

/// What a site that has search (the default) hears from a `portal` built without it.
const WITHOUT_SEARCH: &str = "this site has a search box and index (`search` is true unless written \
     false), but this `portal` was built without its `search` feature";

fn check(
    root: &Path,
    raw: RawConfig,
    src: &YamlSource,
    base_url: Option<&str>,
) -> Result<Config, Diagnostics> {
    let mut errors = Diagnostics::new();
    let err =
        |key: &str, msg: String| Diagnostic::error(src.path, msg).at(src.line_of_key(key).unwrap_or(1), 1);
    if raw.languages.len() > MAX_LANGUAGES {
        let message = format!(
            "`languages` declares {} languages; a site may have at most {MAX_LANGUAGES}",
            raw.languages.len()
        );
        let d = err("languages", message)
            .with_hint("each language is a whole site of its own: keep those the site is written in");
        return Err(d.into());
    }
    let written: Vec<String> = raw.languages.iter().map(|l| l.code.clone()).collect();
    let languages: Vec<Language> =
        raw.languages.into_iter().filter_map(|l| language(l, src).map_err(|e| errors.push(e)).ok()).collect();
    let declared = Declared { languages: &languages, written: &written };
    if languages.is_empty() {
        errors.push(err("languages", "`languages` must declare at least one language".into()));
    }
    let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
    for (i, code) in codes.iter().enumerate() {
        if codes[..i].contains(code) {
            let (line, col) = src.locate("languages", code);
            errors.push(
                Diagnostic::error(src.path, format!("language `{code}` is declared twice")).at(line, col),
            );
        }
    }
    let default_language = match languages.iter().find(|l| l.code.as_str() == raw.default_language) {
        Some(l) => Some(l.code.clone()),
        None => {
            errors.push(
                err(
                    "default_language",
                    format!("default_language `{}` is not one of the languages", raw.default_language),
                )
                .with_hint(format!("use one of: {}", codes.join(", "))),
            );
            None
        }
    };
    let title = per_language("title", raw.title, declared, src, &mut errors, true);
    let description = per_language("description", raw.description, declared, src, &mut errors, false);
    let partners = per_language("partners", raw.partners, declared, src, &mut errors, false);
    // Every page repeats these: their length is a factor of the whole site's.
    longer_than("title", title.values().map(String::as_str), NAME_CHARS, src, &mut errors);
    longer_than("description", description.values().map(String::as_str), DESCRIPTION_CHARS, src, &mut errors);
    longer_than("partners", partners.values().flatten().map(String::as_str), NAME_CHARS, src, &mut errors);
    longer_than("languages", languages.iter().map(|l| l.name.as_str()), NAME_CHARS, src, &mut errors);
    longer_than("base_url", std::iter::once(raw.base_url.as_str()), DESCRIPTION_CHARS, src, &mut errors);
    longer_than("contact", raw.contact.as_deref().into_iter(), DESCRIPTION_CHARS, src, &mut errors);
    if let Some(licence) = &raw.licence {
        longer_than("licence", [licence.name.as_str()].into_iter(), NAME_CHARS, src, &mut errors);
        longer_than("licence", [licence.url.as_str()].into_iter(), DESCRIPTION_CHARS, src, &mut errors);
    }
    let base_url = match BaseUrl::parse(base_url.unwrap_or(&raw.base_url)) {
        Ok(b) => Some(b),
        Err(msg) => {
            let d = match base_url {
                Some(_) => Diagnostic::error("--base-url", msg),
                None => err("base_url", format!("base_url {msg}")),
            };
            errors.push(d.with_hint("write it like https://org.github.io/repo/"));
            None
        }
    };
    if !is_segment(&raw.theme) {
        errors.push(err("theme", format!("theme `{}` must be a folder name under themes/", raw.theme)));
    }
    if let Some(image) = raw.image.as_deref().map(|i| i.trim_start_matches('/')) {
        let dirs = [root.join("static"), root.join("themes").join(&raw.theme).join("static")];
        // A path inside the static folders only (`../` would look outside the site).
        let inside = Path::new(image).components().all(|c| matches!(c, std::path::Component::Normal(_)));
        let found = inside && dirs.iter().any(|d| d.join(image).is_file());
        if !image.is_empty() && !found {
            errors.push(
                err(
                    "image",
                    format!("the share image `{image}` is not a static file of the site or its theme"),
                )
                .with_hint(format!("put it at static/{image} (1200 × 630 pixels), or remove `image`")),
            );
        }
    }
    let contact = raw.contact.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    if let Some(contact) = contact.as_deref().filter(|c| !is_contact(c)) {
        errors.push(
            err("contact", format!("contact `{contact}` is neither an e-mail address nor a web page"))
                .with_hint("write it like mailto:portal@example.eu or https://example.eu/contact"),
        );
    }
    if let Some(licence) = raw.licence.as_ref().filter(|l| !is_web_page(&l.url)) {
        let (line, column) = src.locate("licence", &licence.url);
        errors.push(
            Diagnostic::error(src.path, format!("the licence's `url` `{}` is not a web page", licence.url))
                .at(line, column)
                .with_hint("give the address of the licence's text, like https://creativecommons.org/licenses/by/4.0/"),
        );
    }
    if let Some(cname) = raw.cname.as_deref().map(str::trim).filter(|c| !c.is_empty() && !is_host_name(c)) {
        errors.push(
            err("cname", format!("cname `{}` is not a domain name", cname.escape_debug()))
                .with_hint("write the custom domain alone, like portal.example.eu (no https://, no path)"),
        );
    }
    if raw.max_image_megapixels > MAX_MEGAPIXELS {
        errors.push(
            err(
                "max_image_megapixels",
                format!(
                    "max_image_megapixels is {}: portal takes pictures of at most {MAX_MEGAPIXELS} million \
                     pixels, which already take a gigabyte to decode",
                    raw.max_image_megapixels
                ),
            )
            .with_hint(format!(
                "write a number up to {MAX_MEGAPIXELS}, or leave it out for {DEFAULT_MEGAPIXELS}"
            )),
        );
    }
    let publisher = raw.publisher.and_then(|p| publisher::check(p, declared, src, &mut errors));
    let repository = raw.repository.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
    if let Some(repo) = repository.as_deref().filter(|r| !is_repository(r)) {
        errors.push(
            err("repository", format!("repository `{repo}` is not a GitHub repository's `owner/name`"))
                .with_hint("write it as GitHub shows it after github.com/, such as `eu-korea/portal`"),
        );
    }
    if raw.search && !cfg!(feature = "search") {
        errors.push(err("search", WITHOUT_SEARCH.into()).with_hint(
            "set `search: false` in site.yaml, or build portal with its default features \
             (`cargo install --locked --path .`)",
        ));
    }
    match (errors.has_errors(), default_language, base_url) {
        (false, Some(default_language), Some(base_url)) => Ok(Config {
            root: root.to_path_buf(),
            title,
            description,
            base_url,
            languages,
            default_language,
            theme: raw.theme,
            cname: raw.cname.map(|c| c.trim().to_string()).filter(|c| !c.is_empty()),
            image: raw.image.map(|i| i.trim_start_matches('/').to_string()).filter(|i| !i.is_empty()),
            partners,
            licence: raw.licence,
            search: raw.search,
            contact,
            max_image_pixels: u64::from(raw.max_image_megapixels.max(1)) * 1_000_000,
            publisher,
            repository,
        }),
        _ => Err(errors),
    }
}

/// Whether `repo` is a GitHub repository's `owner/name`.
fn is_repository(repo: &str) -> bool {
    let Some((owner, name)) = repo.split_once('/') else {
        return false;
    };
    let owner_ok = !owner.is_empty() && owner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let name_ok = !name.is_empty()
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    owner_ok && name_ok
}

/// Whether `url` is the address of a web page: `https://…` or `http://…` and a host.
fn is_web_page(url: &str) -> bool {
    url.trim()
        .split_once("://")
        .is_some_and(|(scheme, rest)| matches!(scheme, "https" | "http") && !rest.is_empty())
        && !url.trim().chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Whether `name` is a domain name a `CNAME` file may hold: dot-separated labels of ASCII
/// letters, digits and inner hyphens, two at least.
fn is_host_name(name: &str) -> bool {
    let label = |l: &str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    name.len() <= 253 && name.split('.').count() >= 2 && name.split('.').all(label)
}

/// Whether `contact` is a link a visitor can follow: `mailto:` with an address, or a web page.
fn is_contact(contact: &str) -> bool {
    let address =
        |a: &str| a.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
    match contact.split_once(':') {
        Some(("mailto", rest)) => address(rest),
        Some(("https" | "http", rest)) => rest.starts_with("//") && rest.len() > 2,
        _ => false,
    }
}

/// The longest name `site.yaml` gives (the site's title, a partner's or the publisher's).
pub(crate) const NAME_CHARS: usize = 200;

/// The longest description or address `site.yaml` gives.
pub(crate) const DESCRIPTION_CHARS: usize = 500;

/// An error at each of `values` (written under `key`) longer than `max` characters.
pub(crate) fn longer_than<'v>(
    key: &str,
    values: impl Iterator<Item = &'v str>,
    max: usize,
    src: &YamlSource,
    errors: &mut Diagnostics,
) {
    for value in values.filter(|v| v.chars().count() > max) {
        let (line, column) = src.locate(key, value);
        let message =
            format!("this `{key}` is {} characters long; it may be at most {max}", value.chars().count());
        errors.push(
            Diagnostic::error(src.path, message)
                .at(line, column)
                .with_hint("shorten it: every page shows it"),
        );
    }
}

/// The languages `site.yaml` declares: those that are valid, and every code written (a
/// language whose declaration has an error of its own is still declared: its values are
/// not "for an undeclared language").
#[derive(Clone, Copy)]
pub(crate) struct Declared<'a> {
    languages: &'a [Language],
    written: &'a [String],
}

/// A map keyed by language code, checked against the declared languages.
fn per_language<T>(
    key: &str,
    map: BTreeMap<String, T>,
    declared: Declared,
    src: &YamlSource,
    errors: &mut Diagnostics,
    required: bool,
) -> BTreeMap<Lang, T> {
    let (languages, mut out) = (declared.languages, BTreeMap::new());
    for (code, value) in map {
        match languages.iter().find(|l| l.code.as_str() == code) {
            Some(l) => {
                out.insert(l.code.clone(), value);
            }
            None if declared.written.contains(&code) => {}
            None => {
                let (line, col) = src.locate(key, &code);
                errors.push(
                    Diagnostic::error(
                        src.path,
                        format!("`{key}` has a value for `{code}`, which is not a declared language"),
                    )
                    .at(line, col)
                    .with_hint("declare the language under `languages`, or remove this line"),
                );
            }
        }
    }
    for l in languages.iter().filter(|l| required && !out.contains_key(&l.code)) {
        errors.push(
            Diagnostic::error(src.path, format!("`{key}` has no value for language `{}`", l.code))
                .at(src.line_of_key(key).unwrap_or(1), 1)
                .with_hint(format!("add `{}: …` under `{key}`", l.code)),
        );
    }
    out
}

fn language(raw: RawLanguage, src: &YamlSource) -> Result<Language, Diagnostic> {
    let (line, col) = src.locate("languages", &raw.code);
    let at = |msg: String| Diagnostic::error(src.path, msg).at(line, col);
    let code =
        Lang::parse(&raw.code).map_err(|e| at(e).with_hint("use a lowercase code such as `en` or `ro`"))?;
    let months = match (raw.months, crate::lang::known(&raw.code)) {
        (Some(m), _) if m.len() == 12 => m,
        (Some(m), _) => {
            return Err(at(format!("`months` of `{}` lists {} names; it needs 12", raw.code, m.len())));
        }
        (None, Some(rules)) => rules.months.map(String::from).to_vec(),
        (None, None) => {
            return Err(at(format!("portal does not know the month names of `{}`", raw.code))
                .with_hint("add `months: [January, February, …]` (12 names) to this language"));
        }
    };
    let pattern = raw.date_format.unwrap_or_else(|| "{day} {month} {year}".into());
    if !pattern.contains("{year}") {
        return Err(at(format!("date_format `{pattern}` of `{}` has no {{year}}", raw.code))
            .with_hint("write it like \"{day} {month} {year}\""));
    }
    let sections =
        section_names(raw.sections, src, &raw.code).map_err(|(message, (line, column), segment)| {
            let hint =
                format!("write it as a page's address does, e.g. `{}`", crate::base::suggest_slug(&segment));
            Diagnostic::error(src.path, message).at(line, column).with_hint(hint)
        })?;
    let locale = raw.locale.unwrap_or_else(|| {
        crate::lang::known(code.as_str()).map_or(code.to_string(), |rules| rules.locale.into())
    });
    Ok(Language { code, name: raw.name, dates: DateStyle { pattern, months }, sections, locale })
}

/// The names a language writes under `sections`, each checked to be a URL segment and
/// placed at its line.
fn section_names(
    raw: RawSectionNames,
    src: &YamlSource,
    code: &str,
) -> Result<SectionNames, (String, (usize, usize), String)> {
    let (from, _) = src.locate("languages", code);
    let mut names = BTreeMap::new();
    for (name, segment) in raw.0 {
        let at = section_line(src, from, &name).unwrap_or((from, 1));
        if !is_segment(&segment) {
            let shown = crate::console::visible(&segment);
            return Err((
                format!("the section name `{shown}` ({name}) of `{code}` is not a URL segment"),
                at,
                segment,
            ));
        }
        names.insert(name, SectionName { segment, at });
    }
    Ok(SectionNames(names))
}

/// Where `name:` is written under `sections` of the language that starts at line `from`.
fn section_line(src: &YamlSource, from: usize, name: &str) -> Option<(usize, usize)> {
    let key = format!("{name}:");
    src.text.lines().enumerate().skip(from).find_map(|(i, line)| {
        let column = line.find(&key)?;
        line[..column].trim().is_empty().then_some((i + src.first_line, column + 1))
    })
}

pub use crate::base::is_segment;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_is_an_e_mail_address_or_a_web_page() {
        for good in ["mailto:portal@example.eu", "https://example.eu/contact", "http://example.eu"] {
            assert!(is_contact(good), "{good}");
        }
        for bad in
            ["portal@example.eu", "mailto:portal", "mailto:@example.eu", "https:example.eu", "ftp://x.eu", ""]
        {
            assert!(!is_contact(bad), "{bad}");
        }
    }

    #[test]
    fn base_url_keeps_the_sub_path_with_or_without_trailing_slash() {
        for url in ["https://org.github.io/repo/", "https://org.github.io/repo"] {
            let b = BaseUrl::parse(url).unwrap();
            assert_eq!(b.join("/en/"), "/repo/en/");
            assert_eq!(b.absolute("en/"), "https://org.github.io/repo/en/");
        }
        let b = BaseUrl::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(b.join("/en/"), "/en/");
        assert_eq!(b.absolute("/"), "http://127.0.0.1:8080/");
    }

    #[test]
    fn what_every_page_repeats_is_held_to_a_length_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let (long, longer) = ("n".repeat(201), "d".repeat(501));
        let site = format!(
            "title: {{ en: T }}\ndescription: {{ en: {longer} }}\nbase_url: https://example.org/\ndefault_language: en\n\
             languages:\n  - code: en\n    name: {long}\ntheme: partnership\npartners: {{ en: [{long}] }}\nsearch: false\n\
             publisher:\n  name: {{ en: {long} }}\n  address: {{ en: {longer} }}\n  contact: mailto:a@b.eu\n  \
             accessibility_contact: mailto:a@b.eu\n  enforcement: {{ name: {{ en: E }}, url: https://b.eu/ }}\n"
        );
        std::fs::write(dir.path().join(CONFIG_FILE), site).unwrap();
        let errors: Vec<Diagnostic> =
            load(dir.path(), None).err().map(|e| e.into_iter().collect()).unwrap_or_default();
        let said: Vec<(Option<usize>, &str)> =
            errors.iter().map(|e| (e.location.map(|l| l.line), e.message.as_str())).collect();
        for (line, what) in [
            (2, "`description` is 501"),
            (7, "`languages` is 201"),
            (9, "`partners` is 201"),
            (12, "`publisher` is 201"),
            (13, "`publisher` is 501"),
        ] {
            assert!(
                said.iter().any(|(l, m)| *l == Some(line) && m.contains(what)),
                "{what} at {line}: {said:?}"
            );
        }
        assert_eq!(errors.len(), 5, "{said:?}");
    }

    #[test]
    fn a_site_with_search_is_refused_at_its_line_only_by_a_portal_built_without_search() {
        let dir = tempfile::tempdir().unwrap();
        let site = "title: { en: T }\ndescription: { en: D }\nbase_url: https://example.org/\ndefault_language: en\n\
                    languages:\n  - code: en\n    name: English\ntheme: partnership\nsearch: true\n";
        std::fs::write(dir.path().join(CONFIG_FILE), site).unwrap();
        match load(dir.path(), None) {
            Ok(config) => assert!(cfg!(feature = "search") && config.search),
            Err(errors) => {
                let all: Vec<Diagnostic> = errors.into_iter().collect();
                assert!(!cfg!(feature = "search") && all.len() == 1, "{all:?}");
                let e = all.into_iter().next().unwrap();
                assert_eq!(e.location.map(|l| l.line), Some(9), "at `search: true`");
                assert!(e.message.contains("without its `search` feature"), "{}", e.message);
                assert!(e.hint.unwrap().contains("search: false"));
            }
        }
        std::fs::write(dir.path().join(CONFIG_FILE), site.replace("search: true", "search: false")).unwrap();
        assert!(!load(dir.path(), None).unwrap().search, "with search off, any portal builds it");
    }

    #[test]
    fn a_site_of_more_languages_than_the_most_is_refused_at_languages_before_they_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let many: String =
            (0..=MAX_LANGUAGES).map(|i| format!("  - {{ code: l{i:03}, name: L{i} }}\n")).collect();
        let site = format!(
            "title: {{ en: T }}\ndescription: {{ en: D }}\nbase_url: https://example.org/\ndefault_language: en\nlanguages:\n{many}theme: partnership\nsearch: false\n"
        );
        std::fs::write(dir.path().join(CONFIG_FILE), site).unwrap();
        let all: Vec<Diagnostic> = load(dir.path(), None).unwrap_err().into_iter().collect();
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].location.map(|l| l.line), Some(5));
        assert!(
            all[0].message.contains("declares 65 languages; a site may have at most 64"),
            "{}",
            all[0].message
        );
    }

    #[test]
    fn a_licence_a_custom_domain_and_the_picture_limit_are_checked_at_their_lines() {
        let dir = tempfile::tempdir().unwrap();
        let site = "title: { en: T }\ndescription: { en: D }\nbase_url: https://example.org/\ndefault_language: en\n\
                    languages:\n  - code: en\n    name: English\ntheme: partnership\nsearch: false\n";
        let errors = |extra: &str| {
            std::fs::write(dir.path().join(CONFIG_FILE), format!("{site}{extra}")).unwrap();
            match load(dir.path(), None) {
                Ok(_) => Vec::new(),
                Err(d) => d.into_iter().map(|e| (e.location.map_or(0, |l| l.line), e.message)).collect(),
            }
        };
        let licence = "licence: { name: CC BY 4.0, url: \"javascript:document.title='x'\" }\n";
        let found = errors(licence);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 10);
        assert!(found[0].1.contains("the licence's `url` `javascript:document.title='x'` is not a web page"));
        let found = errors("cname: \"portal.example.eu\\nother\"\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("cname `portal.example.eu\\nother` is not a domain name"), "{found:?}");
        let found = errors("max_image_megapixels: 4000000\n");
        assert!(found.len() == 1 && found[0].1.contains("at most 120 million pixels"), "{found:?}");
        let good = "licence: { name: CC BY 4.0, url: https://creativecommons.org/licenses/by/4.0/ }\n\
                    cname: portal.example.eu\nmax_image_megapixels: 120\n";
        assert_eq!(errors(good), []);
        for bad in ["https://x.eu", "x", "-x.eu", "x..eu", "x.eu/path", "x.eu:80", "x y.eu"] {
            assert!(!is_host_name(bad), "{bad}");
        }
    }

    #[test]
    fn base_url_without_scheme_is_refused() {
        assert!(BaseUrl::parse("org.github.io/repo").is_err());
    }

    #[test]
    fn dates_are_written_the_language_s_way() {
        let en = DateStyle {
            pattern: "{day} {month} {year}".into(),
            months: crate::lang::en::RULES.months.map(String::from).to_vec(),
        };
        let ro = DateStyle {
            pattern: "{day} {month} {year}".into(),
            months: crate::lang::ro::RULES.months.map(String::from).to_vec(),
        };
        let date = |s| Date::parse(s).unwrap();
        assert_eq!(en.format(date("2025-11-28")), "28 November 2025");
        assert_eq!(ro.format(date("2025-11-28")), "28 noiembrie 2025");
        assert_eq!(ro.format(date("2026-03")), "martie 2026");
        assert_eq!(en.format(date("2026")), "2026");
        assert_eq!(ro.format_in_year(date("2025-11-28")), "28 noiembrie");
        assert_eq!(ro.format_in_year(date("2026-03")), "martie");
        assert_eq!(en.format_in_year(date("2026")), "", "a year alone: its heading says it");
        let numeric = DateStyle { pattern: "{dd}.{mm}.{year} {x} {".into(), months: en.months.clone() };
        assert_eq!(numeric.format(date("2025-03-07")), "07.03.2025 {x} {", "unknown braces stay as written");
    }
}
