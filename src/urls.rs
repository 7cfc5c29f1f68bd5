//! The site's one URL scheme, and the one table of everything the site writes. Every page
//! and file has a site-relative URL — `en/`, `ro/consilii/`, `ro/consilii/al-treilea/`,
//! `en/about/`, `en/atom.xml`, no base path — and an output path, the file that serves it
//! (`ro/consilii/index.html`). Besides the content pages (whose URLs [`entry`] gives), what
//! the site writes is a row of [`SiteFile`]: its URL, its name, whether it is a page of one
//! language (in the sitemap, with translations), its menu entry. Loading checks every
//! content page's URL against the rows ([`taken`]); rendering renders the rows
//! ([`written`]), and the sitemap and the menu read them.

use crate::base::{Lang, Slug};
use crate::config::{Config, Language};
use crate::content::kinds::{Key, Kind, Section};
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::Path;

/// The page that lets a reader choose a language.
pub const ROOT: &str = "";
/// What GitHub Pages serves for a missing path.
pub const NOT_FOUND: &str = "404.html";
/// The sitemap.
pub const SITEMAP: &str = "sitemap.xml";
/// The robots file, naming the sitemap.
pub const ROBOTS: &str = "robots.txt";
/// Tells GitHub Pages not to run Jekyll.
pub const NOJEKYLL: &str = ".nojekyll";
/// The custom domain, for GitHub Pages.
pub const CNAME: &str = "CNAME";

/// A language's home page: `en/`.
pub fn home(lang: &Lang) -> String {
    format!("{lang}/")
}

/// A section's list page in a language: `ro/consilii/`. Free pages have none: their
/// section's own text is the home page's.
pub fn list(config: &Config, lang: &Lang, section: Section) -> String {
    match segment(config, lang, section) {
        "" => home(lang),
        segment => format!("{lang}/{segment}/"),
    }
}

/// A language's timeline: `ro/cronologie/`.
pub fn timeline(language: &Language) -> String {
    format!("{}/{}/", language.code, language.sections.timeline())
}

/// A language's Atom feed: `en/atom.xml`.
pub fn feed(lang: &Lang) -> String {
    format!("{lang}/atom.xml")
}

/// A language's open data page: `ro/date-deschise/`.
pub fn data_page(language: &Language) -> String {
    format!("{}/{}/", language.code, language.sections.data())
}

/// A language's search page: `ro/cautare/`.
pub fn search(language: &Language) -> String {
    format!("{}/{}/", language.code, language.sections.search())
}

/// The folder of a language's search index (Pagefind's bundle): `en/pagefind/`.
pub fn search_bundle(lang: &Lang) -> String {
    format!("{lang}/pagefind/")
}

/// A language's open data file of one kind: `en/data/councils.json`.
pub fn dataset(language: &Language, name: &str) -> String {
    format!("{}{name}.json", data_page(language))
}

/// The JSON Schema of one kind's open data files, shared by the languages.
pub fn data_schema(name: &str) -> String {
    format!("schemas/{name}.schema.json")
}

/// A language's calendar of councils, beside their list: `en/councils/calendar.ics`.
pub fn calendar(config: &Config, language: &Language) -> String {
    format!("{}calendar.ics", list(config, &language.code, Section::Councils))
}

/// One council's calendar file, in its page's folder and named as it is:
/// `en/councils/third/third.ics`, `ro/consilii/al-treilea/al-treilea.ics`. Named after the
/// page's address, not its file, so that an old address (an alias) holds the calendar under
/// the name it had there, and a rename that keeps the address keeps the calendar's.
pub fn council_calendar(page: &str) -> String {
    let name = page.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
    format!("{page}{name}.ics")
}

/// A language's page on following the site (its feed, its calendars): `ro/urmariti/`.
pub fn follow(language: &Language) -> String {
    format!("{}/{}/", language.code, language.sections.follow())
}

/// A kind's open data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    /// Every council, with what it agreed per domain.
    Councils,
    /// Every domain, with the councils that discussed it.
    Domains,
    /// Every milestone.
    Milestones,
}

impl Dataset {
    /// All of them, in the order the open data page lists them.
    pub const ALL: [Dataset; 3] = [Self::Councils, Self::Domains, Self::Milestones];

    /// Its file's name without extension, and its UI string's key.
    pub fn name(self) -> &'static str {
        match self {
            Self::Councils => "councils",
            Self::Domains => "domains",
            Self::Milestones => "milestones",
        }
    }
}

/// A row of the table of what the site writes besides its content pages (and a council's
/// own calendar, in its page's folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteFile<'c> {
    /// `/index.html`, which lets the reader choose a language.
    Root,
    /// `/404.html`.
    NotFound,
    /// `/sitemap.xml`.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// The JSON Schema of one kind's open data files, shared by the languages.
    DataSchema(Dataset),
    /// A language's home page.
    Home(&'c Language),
    /// A section's list page.
    List(&'c Language, Section),
    /// A language's timeline.
    Timeline(&'c Language),
    /// A language's Atom feed.
    Feed(&'c Language),
    /// A language's page on following the site: its feed, its calendars, its latest entries.
    Follow(&'c Language),
    /// A language's open data page.
    DataPage(&'c Language),
    /// A language's calendar of councils.
    Calendar(&'c Language),
    /// A language's open data file of one kind.
    Data(&'c Language, Dataset),
    /// A language's search page.
    Search(&'c Language),
    /// A language's search index, a folder (written by the search stage).
    SearchIndex(&'c Language),
    /// `/.nojekyll`, which tells GitHub Pages not to run Jekyll (written as it is).
    NoJekyll,
    /// `/CNAME`, the custom domain for GitHub Pages, when the site has one (written as it is).
    Cname,
}

/// Every row the site writes, in the order it renders them (which is the sitemap's).
pub fn written(config: &Config) -> Vec<SiteFile<'_>> {
    table(config, config.search)
}

/// Every row whose URL no content page may take: what [`written`] gives, and the search
/// page's and index's even with `search: false`, so that turning search on never moves a
/// page.
pub fn taken(config: &Config) -> Vec<SiteFile<'_>> {
    table(config, true)
}

/// Every URL no content page may take ([`taken`]), with what the site writes there.
pub fn taken_urls(config: &Config) -> std::collections::HashMap<String, SiteFile<'_>> {
    taken(config).into_iter().map(|f| (f.url(config), f)).collect()
}

fn table(config: &Config, search: bool) -> Vec<SiteFile<'_>> {
    use SiteFile::*;
    let mut rows = vec![Root, NotFound, Sitemap, Robots];
    rows.extend(Dataset::ALL.map(DataSchema));
    for l in &config.languages {
        rows.push(Home(l));
        rows.extend(Section::listed().map(|s| List(l, s)));
        rows.extend([Timeline(l), Feed(l), Follow(l), DataPage(l), Calendar(l)]);
        rows.extend(Dataset::ALL.map(|d| Data(l, d)));
        if search {
            rows.extend([Search(l), SearchIndex(l)]);
        }
    }
    rows.push(NoJekyll);
    if config.cname.is_some() {
        rows.push(Cname);
    }
    rows
}

impl<'c> SiteFile<'c> {
    /// Its site-relative URL.
    pub fn url(self, config: &Config) -> String {
        use SiteFile::*;
        match self {
            Root => ROOT.into(),
            NotFound => NOT_FOUND.into(),
            Sitemap => SITEMAP.into(),
            Robots => ROBOTS.into(),
            NoJekyll => NOJEKYLL.into(),
            Cname => CNAME.into(),
            DataSchema(d) => data_schema(d.name()),
            Home(l) => home(&l.code),
            List(l, s) => list(config, &l.code, s),
            Timeline(l) => timeline(l),
            Feed(l) => feed(&l.code),
            Follow(l) => follow(l),
            DataPage(l) => data_page(l),
            Calendar(l) => calendar(config, l),
            Data(l, d) => dataset(l, d.name()),
            Search(l) => search(l),
            SearchIndex(l) => search_bundle(&l.code),
        }
    }

    /// What it is, in an error about its URL: its name under `sections` in `site.yaml` where
    /// it has one.
    pub fn name(self) -> &'static str {
        use SiteFile::*;
        match self {
            Root => "language choice",
            NotFound => "not found",
            Sitemap => "sitemap",
            Robots => "robots",
            NoJekyll => ".nojekyll",
            Cname => "CNAME",
            DataSchema(_) | Data(..) => "open data file",
            Home(_) => "home",
            List(_, s) => s.folder(),
            Timeline(_) => "timeline",
            Feed(_) => "feed",
            Follow(_) => "follow",
            DataPage(_) => "data",
            Calendar(_) => "calendar",
            Search(_) => "search",
            SearchIndex(_) => "search index",
        }
    }

    /// The language it is in; `None` for the site's own files.
    pub fn language(self) -> Option<&'c Language> {
        use SiteFile::*;
        match self {
            Home(l)
            | List(l, _)
            | Timeline(l)
            | Feed(l)
            | Follow(l)
            | DataPage(l)
            | Calendar(l)
            | Data(l, _)
            | Search(l)
            | SearchIndex(l) => Some(l),
            Root | NotFound | Sitemap | Robots | DataSchema(_) | NoJekyll | Cname => None,
        }
    }

    /// Whether it is an HTML page of one language: counted in a build's summary, listed in
    /// the sitemap. (The search page, a tool rather than content, is not.)
    pub fn is_page(self) -> bool {
        use SiteFile::*;
        matches!(self, Home(_) | List(..) | Timeline(_) | DataPage(_) | Follow(_))
    }

    /// Whether it is an HTML page with a head of its own (a description, a share card,
    /// structured data): the pages, the search page, the language choice and the 404.
    pub fn has_head(self) -> bool {
        self.is_page() || matches!(self, SiteFile::Root | SiteFile::NotFound | SiteFile::Search(_))
    }

    /// Whether its breadcrumbs lead to it from its language's home: the pages and the search
    /// page (not the home page itself, which has none).
    pub fn in_trail(self) -> bool {
        self.is_page() || matches!(self, SiteFile::Search(_))
    }

    /// The same page in `other` language, for the switcher and `hreflang`: `None` for what is
    /// not a page of one language.
    pub fn in_language(self, other: &'c Language) -> Option<SiteFile<'c>> {
        use SiteFile::*;
        Some(match self {
            Home(_) => Home(other),
            List(_, s) => List(other, s),
            Timeline(_) => Timeline(other),
            DataPage(_) => DataPage(other),
            Follow(_) => Follow(other),
            Search(_) => Search(other),
            _ => return None,
        })
    }

    /// The UI string (a key of the theme's `i18n/<lang>.yaml`) that names a page of the site's
    /// own that has no text of its own to take a title from, in its breadcrumbs and share
    /// card; `None` for the others.
    pub fn title_key(self) -> Option<&'static str> {
        use SiteFile::*;
        match self {
            Timeline(_) => Some("timeline"),
            DataPage(_) => Some("open_data"),
            Follow(_) => Some("follow"),
            Search(_) => Some("search"),
            NotFound => Some("not_found_title"),
            // (Each named, so that a new row is a decision here, not a silent `None`.)
            Root | Sitemap | Robots | DataSchema(_) | Home(_) | List(..) | Feed(_) | Calendar(_)
            | Data(..) | SearchIndex(_) | NoJekyll | Cname => None,
        }
    }

    /// The UI string that describes such a page to search engines and in its share card;
    /// `None` where the site's description does.
    pub fn description_key(self) -> Option<&'static str> {
        use SiteFile::*;
        match self {
            Timeline(_) => Some("timeline_description"),
            DataPage(_) => Some("open_data_description"),
            Search(_) => Some("search_description"),
            Root | NotFound | Sitemap | Robots | DataSchema(_) | Home(_) | List(..) | Feed(_) | Follow(_)
            | Calendar(_) | Data(..) | SearchIndex(_) | NoJekyll | Cname => None,
        }
    }

    /// Its entry of the menu (`site.nav`), which the pages below it mark as theirs too:
    /// `home`, `councils`, `timeline`…; `None` for what the menu does not name.
    pub fn menu(self) -> Option<&'static str> {
        use SiteFile::*;
        match self {
            Home(_) | List(..) | Timeline(_) | DataPage(_) | Follow(_) => Some(self.name()),
            _ => None,
        }
    }

    /// How it is made: the theme's template of a page or feed, `None` for the files
    /// written from data (open data, schemas, calendars), the search index and the files
    /// written as they are.
    pub fn template(self) -> Option<&'static str> {
        use SiteFile::*;
        Some(match self {
            Root => "root.html",
            NotFound => "404.html",
            Sitemap => "sitemap.xml",
            Robots => "robots.txt",
            Home(_) => "home.html",
            List(_, s) => s.info().list_template.unwrap_or("page.html"),
            Timeline(_) => "timeline.html",
            Feed(_) => "atom.xml",
            Follow(_) => "follow.html",
            DataPage(_) => "data.html",
            Search(_) => "search.html",
            DataSchema(_) | Data(..) | Calendar(_) | SearchIndex(_) | NoJekyll | Cname => return None,
        })
    }
}

/// The page of a content file: its section's list page for a section's own text, and
/// below it, by slug, for an item (free pages sit right under the language).
pub fn entry(config: &Config, key: &Key, slug: &Slug) -> String {
    match key.kind {
        Kind::Home => home(&key.lang),
        Kind::Index(section) => list(config, &key.lang, section),
        Kind::Item(section) => format!("{}{}/", list(config, &key.lang, section), slug.as_str()),
    }
}

/// A section's URL segment in a language (`consilii`): as `sections:` in `site.yaml` names
/// it, else its folder; empty for a kind without a list page (free pages, at the language's
/// root).
pub fn segment<'c>(config: &'c Config, lang: &Lang, section: Section) -> &'c str {
    if section.info().list_template.is_none() {
        return "";
    }
    match config.language(lang.as_str()) {
        Some(l) => l.sections.segment(section.folder()),
        None => section.folder(),
    }
}

/// Every name `sections:` may write in a language, with its segment there: each listed kind's
/// folder, then the site's own pages.
pub fn section_names(language: &Language) -> Vec<(&'static str, &str)> {
    let kinds = Section::listed().map(Section::folder);
    let names = kinds.chain(crate::config::SITE_PAGES.iter().map(|(name, _)| *name));
    names.map(|name| (name, language.sections.segment(name))).collect()
}

/// `site.yaml`, loaded and checked, with the names under each language's `sections:` checked
/// against the kinds table and the site's pages: a name that is neither (a typo, a kind
/// without a list page) and two names with one segment are errors at their lines. Every
/// command loads the configuration through this.
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, Diagnostics> {
    let config = crate::config::load(root, base_url)?;
    let errors: Diagnostics = config.languages.iter().flat_map(section_errors).collect();
    if errors.has_errors() { Err(errors) } else { Ok(config) }
}

fn section_errors(language: &Language) -> Vec<Diagnostic> {
    let names = section_names(language);
    let file = Path::new(crate::config::CONFIG_FILE);
    let code = &language.code;
    let mut errors = Vec::new();
    for (name, written) in language.sections.written() {
        if names.iter().any(|(known, _)| *known == name) {
            continue;
        }
        let known = names.iter().map(|(known, _)| *known);
        let hint = match crate::yaml::closest(name, known.clone()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("known names are: {}", known.collect::<Vec<_>>().join(", ")),
        };
        let message = format!("unknown section `{name}` under `sections` of `{code}`");
        errors.push(Diagnostic::error(file, message).at(written.at.0, written.at.1).with_hint(hint));
    }
    for (i, (name, segment)) in names.iter().enumerate() {
        let Some((first, _)) = names[..i].iter().find(|(_, other)| other == segment) else { continue };
        // At the later name where it is written, else at the earlier (written, since two
        // names do not share a segment unless one is).
        let written = |n: &str| language.sections.written().find(|(w, _)| *w == n).map(|(_, w)| w.at);
        let (later, at) = match written(name) {
            Some(at) => (*name, at),
            None => (*first, written(first).unwrap_or((1, 1))),
        };
        let message = format!(
            "`{name}` and `{first}` of `{code}` both use the URL segment `{segment}`: one page would overwrite the other"
        );
        let hint = format!("give `{later}` a segment of its own");
        errors.push(Diagnostic::error(file, message).at(at.0, at.1).with_hint(hint));
    }
    errors
}

/// The file that serves a URL: a folder's `index.html`, or the file itself.
pub fn output_path(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') { format!("{url}index.html") } else { url.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_url_is_served_by_its_index_and_a_file_by_itself() {
        assert_eq!(output_path(ROOT), "index.html");
        assert_eq!(output_path("ro/consilii/"), "ro/consilii/index.html");
        assert_eq!(output_path("en/atom.xml"), "en/atom.xml");
    }
}
