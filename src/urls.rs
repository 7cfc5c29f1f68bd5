//! The site's one URL scheme, and the one table of everything the site writes. Every page
//! and file has a site-relative URL — `en/`, `ro/consilii/`, `ro/consilii/al-treilea/`,
//! `en/about/`, `en/atom.xml`, no base path — and an output path, the file that serves it
//! (`ro/consilii/index.html`). Besides the content pages (whose URLs [`entry`] gives), what
//! the site writes is the table [`OUTPUTS`]: each row an [`Output`] (its name, its files'
//! URLs, how they are made, whether they are pages of one language, in the sitemap and the
//! menu, with translations), each of its files a [`SiteFile`]. Loading checks every content
//! page's URL against the files ([`taken`]); rendering renders them ([`written`]), and the
//! sitemap and the menu read them.

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
    format!("{lang}/{SEARCH_BUNDLE}/")
}

/// The name of the search index's folder in each language, which no section may take.
const SEARCH_BUNDLE: &str = "pagefind";

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

/// How a row's files are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Made {
    /// By the theme's template of this name (a list page by its kind's own list template,
    /// where the kind has one).
    Template(&'static str),
    /// By the rendering, from the site's data: open data, schemas, calendars, and the files
    /// written as they are.
    Data,
    /// By the search stage: a folder.
    Search,
}

/// What a row's files are to a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// An HTML page of one language: in the menu (by its name) and the sitemap, counted in a
    /// build's summary, with breadcrumbs, translations and a head of its own (a description,
    /// a share card, structured data).
    Page,
    /// A page of one language that is a tool rather than content (search): breadcrumbs,
    /// translations and a head of its own, but neither in the menu nor in the sitemap.
    Tool,
    /// An HTML page for the readers of every language (the language choice, the 404): a head
    /// of its own and a footer per language.
    Shared,
    /// Not an HTML page.
    File,
}

/// When the site writes a row's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Always.
    Always,
    /// When the site has search (`search: true`); their URLs are the site's even without.
    Search,
    /// When the site has a custom domain (`cname:`).
    Cname,
}

/// How many files a row has, and their URLs.
#[derive(Debug, Clone, Copy)]
pub enum Urls {
    /// One for the site, at this URL.
    Site(&'static str),
    /// One per kind of open data, shared by the languages.
    Dataset(fn(Dataset) -> String),
    /// One per language.
    Language(fn(&Config, &Language) -> String),
    /// One per language and kind with a list page.
    Section(fn(&Config, &Language, Section) -> String),
    /// One per language and kind of open data.
    LanguageDataset(fn(&Language, Dataset) -> String),
}

/// A row of the table of what the site writes besides its content pages (and a council's
/// own calendar, in its page's folder): one kind of page or file. A new one is a `static`
/// here and its place in [`OUTPUTS`]; the rendering adds what it shows (`render::site_files`).
#[derive(Debug)]
pub struct Output {
    /// What it is, in an error about its URL; its name under `sections` in `site.yaml` and
    /// its entry in the menu where it has them (a list page's are its kind's folder).
    pub name: &'static str,
    /// Where its files are.
    pub urls: Urls,
    /// How they are made.
    pub made: Made,
    /// What they are to a reader.
    pub role: Role,
    /// The UI string (a key of the theme's `i18n/<lang>.yaml`) that names a page that has no
    /// text of its own to take a title from, in its breadcrumbs and share card.
    pub title_key: Option<&'static str>,
    /// The UI string that describes such a page to search engines and in its share card;
    /// `None` where the site's description does.
    pub description_key: Option<&'static str>,
    /// When the site writes them.
    pub when: When,
}

impl Output {
    /// A row with what every row must say (its name, its URLs, how its files are made), of
    /// files that are not HTML pages, always written, with no UI strings of their own.
    const fn new(name: &'static str, urls: Urls, made: Made) -> Output {
        Output {
            name,
            urls,
            made,
            role: Role::File,
            title_key: None,
            description_key: None,
            when: When::Always,
        }
    }

    /// A row of HTML pages of one language made by `template`, in the menu and the sitemap.
    const fn page(name: &'static str, urls: Urls, template: &'static str) -> Output {
        Output { role: Role::Page, ..Output::new(name, urls, Made::Template(template)) }
    }
}

/// `/index.html`, which lets the reader choose a language.
pub static LANGUAGE_CHOICE: Output = Output {
    role: Role::Shared,
    ..Output::new("language choice", Urls::Site(ROOT), Made::Template("root.html"))
};
/// `/404.html`.
pub static NOT_FOUND_PAGE: Output = Output {
    role: Role::Shared,
    title_key: Some("not_found_title"),
    ..Output::new("not found", Urls::Site(NOT_FOUND), Made::Template("404.html"))
};
/// `/sitemap.xml`.
pub static SITEMAP_FILE: Output = Output::new("sitemap", Urls::Site(SITEMAP), Made::Template("sitemap.xml"));
/// `/robots.txt`.
pub static ROBOTS_FILE: Output = Output::new("robots", Urls::Site(ROBOTS), Made::Template("robots.txt"));
/// The JSON Schema of one kind's open data files, shared by the languages.
pub static DATA_SCHEMA: Output =
    Output::new("open data file", Urls::Dataset(|d| data_schema(d.name())), Made::Data);
/// A language's home page.
pub static HOME: Output = Output::page("home", Urls::Language(home_of), "home.html");
/// A kind's list page in a language (by its kind's list template).
pub static LIST: Output =
    Output::page("list", Urls::Section(|config, l, s| list(config, &l.code, s)), "page.html");
/// A language's timeline.
pub static TIMELINE: Output = Output {
    title_key: Some("timeline"),
    description_key: Some("timeline_description"),
    ..Output::page("timeline", Urls::Language(|_, l| timeline(l)), "timeline.html")
};
/// A language's Atom feed.
pub static FEED: Output =
    Output::new("feed", Urls::Language(|_, l| feed(&l.code)), Made::Template("atom.xml"));
/// A language's page on following the site: its feed, its calendars, its latest entries.
pub static FOLLOW: Output = Output {
    title_key: Some("follow"),
    ..Output::page("follow", Urls::Language(|_, l| follow(l)), "follow.html")
};
/// A language's open data page.
pub static DATA_PAGE: Output = Output {
    title_key: Some("open_data"),
    description_key: Some("open_data_description"),
    ..Output::page("data", Urls::Language(|_, l| data_page(l)), "data.html")
};
/// A language's calendar of councils.
pub static CALENDAR: Output = Output::new("calendar", Urls::Language(calendar), Made::Data);
/// A language's open data file of one kind.
pub static DATA: Output =
    Output::new("open data file", Urls::LanguageDataset(|l, d| dataset(l, d.name())), Made::Data);
/// A language's search page.
pub static SEARCH: Output = Output {
    role: Role::Tool,
    title_key: Some("search"),
    description_key: Some("search_description"),
    when: When::Search,
    ..Output::new("search", Urls::Language(|_, l| search(l)), Made::Template("search.html"))
};
/// A language's search index, a folder (written by the search stage).
pub static SEARCH_INDEX: Output = Output {
    when: When::Search,
    ..Output::new("search index", Urls::Language(|_, l| search_bundle(&l.code)), Made::Search)
};
/// `/.nojekyll`, which tells GitHub Pages not to run Jekyll (written as it is).
pub static NOJEKYLL_FILE: Output = Output::new(".nojekyll", Urls::Site(NOJEKYLL), Made::Data);
/// `/CNAME`, the custom domain for GitHub Pages, when the site has one (written as it is).
pub static CNAME_FILE: Output =
    Output { when: When::Cname, ..Output::new("CNAME", Urls::Site(CNAME), Made::Data) };

/// [`HOME`]'s URL in a language.
fn home_of(_: &Config, language: &Language) -> String {
    home(&language.code)
}

/// The table: every kind of page and file the site writes besides its content pages, in the
/// order it renders them (a language's pages in the order of its menu and sitemap).
pub static OUTPUTS: &[&Output] = &[
    &LANGUAGE_CHOICE,
    &NOT_FOUND_PAGE,
    &SITEMAP_FILE,
    &ROBOTS_FILE,
    &DATA_SCHEMA,
    &NOJEKYLL_FILE,
    &CNAME_FILE,
    &HOME,
    &LIST,
    &TIMELINE,
    &FEED,
    &FOLLOW,
    &DATA_PAGE,
    &CALENDAR,
    &DATA,
    &SEARCH,
    &SEARCH_INDEX,
];

/// One file of a row: the row, and which of its files (the language, kind, open data).
#[derive(Debug, Clone, Copy)]
pub struct SiteFile<'c> {
    output: &'static Output,
    place: Place<'c>,
}

/// Which of a row's files, with the function that gives its URL (the row's, so that a place
/// and its URL always agree).
#[derive(Debug, Clone, Copy)]
enum Place<'c> {
    Site(&'static str),
    Dataset(fn(Dataset) -> String, Dataset),
    Language(fn(&Config, &Language) -> String, &'c Language),
    Section(fn(&Config, &Language, Section) -> String, &'c Language, Section),
    LanguageDataset(fn(&Language, Dataset) -> String, &'c Language, Dataset),
}

/// Every file the site writes besides its content pages, in the order it renders them
/// (which is the sitemap's).
pub fn written(config: &Config) -> Vec<SiteFile<'_>> {
    table(config, config.search)
}

/// Every file whose URL no content page may take: what [`written`] gives, and the search
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
    let rows = OUTPUTS.iter().copied().filter(|o| match o.when {
        When::Always => true,
        When::Search => search,
        When::Cname => config.cname.is_some(),
    });
    let site = rows.clone().flat_map(|o| SiteFile::files(o, None));
    let languages =
        config.languages.iter().flat_map(|l| rows.clone().flat_map(move |o| SiteFile::files(o, Some(l))));
    site.chain(languages).collect()
}

impl<'c> SiteFile<'c> {
    /// The files of row `output` for the site (`lang` `None`) or in one language: none when
    /// the row has no file there.
    pub fn files(output: &'static Output, lang: Option<&'c Language>) -> Vec<Self> {
        let places = match (output.urls, lang) {
            (Urls::Site(url), None) => vec![Place::Site(url)],
            (Urls::Dataset(f), None) => Dataset::ALL.map(|d| Place::Dataset(f, d)).to_vec(),
            (Urls::Language(f), Some(l)) => vec![Place::Language(f, l)],
            (Urls::Section(f), Some(l)) => Section::listed().map(|s| Place::Section(f, l, s)).collect(),
            (Urls::LanguageDataset(f), Some(l)) => {
                Dataset::ALL.map(|d| Place::LanguageDataset(f, l, d)).to_vec()
            }
            _ => Vec::new(),
        };
        places.into_iter().map(|place| SiteFile { output, place }).collect()
    }

    /// A language's home page.
    pub fn home(lang: &'c Language) -> Self {
        SiteFile { output: &HOME, place: Place::Language(home_of, lang) }
    }

    /// A kind's list page in a language; `None` for a kind without one.
    pub fn list(lang: &'c Language, section: Section) -> Option<Self> {
        Self::files(&LIST, Some(lang)).into_iter().find(|f| f.section() == Some(section))
    }

    /// Its row.
    pub fn output(self) -> &'static Output {
        self.output
    }

    /// Whether it is a file of row `output`.
    pub fn is(self, output: &'static Output) -> bool {
        std::ptr::eq(self.output, output)
    }

    /// Its site-relative URL.
    pub fn url(self, config: &Config) -> String {
        match self.place {
            Place::Site(url) => url.into(),
            Place::Dataset(f, d) => f(d),
            Place::Language(f, l) => f(config, l),
            Place::Section(f, l, s) => f(config, l, s),
            Place::LanguageDataset(f, l, d) => f(l, d),
        }
    }

    /// What it is, in an error about its URL: its name under `sections` in `site.yaml` where
    /// it has one.
    pub fn name(self) -> &'static str {
        self.section().map_or(self.output.name, Section::folder)
    }

    /// The language it is in; `None` for the site's own files.
    pub fn language(self) -> Option<&'c Language> {
        match self.place {
            Place::Site(_) | Place::Dataset(..) => None,
            Place::Language(_, l) | Place::Section(_, l, _) | Place::LanguageDataset(_, l, _) => Some(l),
        }
    }

    /// The kind whose list page it is.
    pub fn section(self) -> Option<Section> {
        match self.place {
            Place::Section(_, _, s) => Some(s),
            _ => None,
        }
    }

    /// The kind of open data it holds or describes.
    pub fn dataset(self) -> Option<Dataset> {
        match self.place {
            Place::Dataset(_, d) | Place::LanguageDataset(_, _, d) => Some(d),
            _ => None,
        }
    }

    /// Whether it is an HTML page of one language: counted in a build's summary, listed in
    /// the sitemap. (The search page, a tool rather than content, is not.)
    pub fn is_page(self) -> bool {
        self.output.role == Role::Page
    }

    /// Whether it is an HTML page with a head of its own (a description, a share card,
    /// structured data): the pages, the search page, the language choice and the 404.
    pub fn has_head(self) -> bool {
        self.output.role != Role::File
    }

    /// Whether its breadcrumbs lead to it from its language's home: the pages and the search
    /// page (not the home page itself, which has no title of its own).
    pub fn in_trail(self) -> bool {
        matches!(self.output.role, Role::Page | Role::Tool)
    }

    /// The same page in `other` language, for the switcher and `hreflang`: `None` for what is
    /// not a page of one language.
    pub fn in_language(self, other: &'c Language) -> Option<SiteFile<'c>> {
        let place = match (self.output.role, self.place) {
            (Role::Page | Role::Tool, Place::Language(f, _)) => Place::Language(f, other),
            (Role::Page | Role::Tool, Place::Section(f, _, s)) => Place::Section(f, other, s),
            _ => return None,
        };
        Some(SiteFile { place, ..self })
    }

    /// Its entry of the menu (`site.nav`), which the pages below it mark as theirs too:
    /// `home`, `councils`, `timeline`…; `None` for what the menu does not name.
    pub fn menu(self) -> Option<&'static str> {
        self.is_page().then(|| self.name())
    }

    /// How it is made: the theme's template of a page or feed, `None` for the files
    /// written from data (open data, schemas, calendars), the search index and the files
    /// written as they are.
    pub fn template(self) -> Option<&'static str> {
        match self.output.made {
            Made::Template(t) => Some(self.section().and_then(|s| s.info().list_template).unwrap_or(t)),
            Made::Data | Made::Search => None,
        }
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
    for (name, written) in
        language.sections.written().filter(|(n, _)| language.sections.segment(n) == SEARCH_BUNDLE)
    {
        let message =
            format!("`{name}` of `{code}` uses the URL segment `{SEARCH_BUNDLE}`, the search index's folder");
        errors.push(
            Diagnostic::error(file, message)
                .at(written.at.0, written.at.1)
                .with_hint("give it another segment"),
        );
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

    /// The configuration of a site whose `site.yaml` is `yaml`.
    fn config(yaml: &str) -> Config {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(crate::config::CONFIG_FILE), yaml).unwrap();
        load_config(dir.path(), None).unwrap()
    }

    #[test]
    fn every_page_of_a_language_but_the_home_and_the_lists_may_be_renamed_in_site_yaml() {
        let site = "title: { en: T, ro: T }\ndescription: { en: D, ro: D }\nbase_url: https://example.org/\n\
                    default_language: en\nlanguages:\n  - code: en\n    name: English\n  - code: ro\n    name: Română\n\
                    \x20   sections: { timeline: cronologie, data: date, search: cautare, follow: urmariti }\n\
                    theme: partnership\nsearch: false\n";
        let config = config(site);
        let mut checked = Vec::new();
        for language in &config.languages {
            for f in table(&config, true) {
                let (Some(l), true) = (f.language(), f.in_trail()) else { continue };
                if l != language || f.is(&HOME) || f.is(&LIST) {
                    continue;
                }
                let renamable = crate::config::SITE_PAGES.iter().any(|(name, _)| *name == f.name());
                assert!(renamable, "`{}` is not among the names `sections:` may give", f.name());
                assert_eq!(f.url(&config), format!("{}/{}/", l.code, l.sections.segment(f.name())));
                checked.push(f.url(&config));
            }
        }
        assert!(checked.contains(&"ro/cronologie/".to_string()), "{checked:?}");
    }

    #[test]
    fn no_two_files_of_the_table_share_a_url_and_every_row_is_in_it_once() {
        let site = "title: { en: T }\ndescription: { en: D }\nbase_url: https://example.org/\n\
                    default_language: en\nlanguages:\n  - code: en\n    name: English\n\
                    theme: partnership\nsearch: false\ncname: portal.example.org\n";
        // (`search: false`: `taken` holds the search page and index all the same, and a portal
        // built without its search feature refuses `search: true`.)
        let config = config(site);
        assert_eq!(taken_urls(&config).len(), taken(&config).len());
        for output in OUTPUTS {
            let files = taken(&config).into_iter().filter(|f| f.is(output)).count();
            assert!(files > 0, "`{}` writes nothing", output.name);
            assert_eq!(OUTPUTS.iter().filter(|o| std::ptr::eq(**o, *output)).count(), 1, "{}", output.name);
        }
        // Every row declared here is in the table (a row left out would never be written).
        let declared = include_str!("urls.rs").matches(concat!(": Output", " =")).count();
        assert_eq!(declared, OUTPUTS.len());
    }

    #[test]
    fn a_folder_url_is_served_by_its_index_and_a_file_by_itself() {
        assert_eq!(output_path(ROOT), "index.html");
        assert_eq!(output_path("ro/consilii/"), "ro/consilii/index.html");
        assert_eq!(output_path("en/atom.xml"), "en/atom.xml");
    }
}
