//! The site's one URL scheme. Every page and file has a site-relative URL — `en/`,
//! `ro/consilii/`, `ro/consilii/al-treilea/`, `en/about/`, `en/atom.xml`, no base path — and
//! an output path, the file that serves it (`ro/consilii/index.html`). Every stage asks
//! here: loading (a page's URL, and clashes), rendering (each job's file, the switcher,
//! the sitemap) and the templates' navigation.

use crate::base::{Lang, Slug};
use crate::config::{Config, Language};
use crate::content::kinds::{Key, Kind, Section};

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
    format!("{}/{}/", language.code, language.sections.timeline)
}

/// A language's Atom feed: `en/atom.xml`.
pub fn feed(lang: &Lang) -> String {
    format!("{lang}/atom.xml")
}

/// A language's open data page: `ro/date-deschise/`.
pub fn data_page(language: &Language) -> String {
    format!("{}/{}/", language.code, language.sections.data)
}

/// A language's search page: `ro/cautare/`.
pub fn search(language: &Language) -> String {
    format!("{}/{}/", language.code, language.sections.search)
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

/// One council's calendar file, in its page's folder: `en/councils/third/third.ics`.
pub fn council_calendar(page: &str, id: &str) -> String {
    format!("{page}{id}.ics")
}

/// A language's page on following the site (its feed, its calendars): `ro/urmariti/`.
pub fn follow(language: &Language) -> String {
    format!("{}/{}/", language.code, language.sections.follow)
}

/// A language's own pages and folders, not written from content files, each with its name
/// (under `sections` in `site.yaml`, but for the search index's folder): no content page
/// may take their URLs. The search page's is kept even with `search: false`, so that
/// turning search on never moves a page.
pub fn site_pages(language: &Language) -> [(&'static str, String); 5] {
    [
        ("timeline", timeline(language)),
        ("data", data_page(language)),
        ("search", search(language)),
        ("follow", follow(language)),
        ("search index", search_bundle(&language.code)),
    ]
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

/// A section's URL segment in a language (`consilii`); empty for free pages.
pub fn segment<'c>(config: &'c Config, lang: &Lang, section: Section) -> &'c str {
    let Some(l) = config.language(lang.as_str()) else {
        return section.folder();
    };
    match section {
        Section::Councils => &l.sections.councils,
        Section::Domains => &l.sections.domains,
        Section::Milestones => &l.sections.milestones,
        Section::Pages => "",
    }
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
