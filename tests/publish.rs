//! Publishing: the built site works under a GitHub Pages sub-path (and without one) when
//! served by a static server that answers 404.html for missing paths, as Pages does; the
//! sitemap and the Atom feeds parse and point at built pages.

use crate::common;
use common::{Site, between, hrefs, http_get as get};
use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

/// A static server for `public/` under `prefix`, on a free loopback port, like GitHub Pages.
struct Pages {
    port: u16,
    server: std::sync::Arc<tiny_http::Server>,
}

impl Pages {
    fn start() -> Self {
        let server = std::sync::Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        Self { port, server }
    }

    fn serve(&self, public: PathBuf, prefix: &'static str) {
        let server = self.server.clone();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let (status, body) = lookup(&public, prefix, request.url());
                let _ = request.respond(tiny_http::Response::from_data(body).with_status_code(status));
            }
        });
    }
}

impl Drop for Pages {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

/// What GitHub Pages answers for `url`: the file, `index.html` of a folder, or 404.html.
fn lookup(public: &Path, prefix: &str, url: &str) -> (u16, Vec<u8>) {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let found =
        path.strip_prefix(prefix).filter(|rest| !rest.split('/').any(|s| s == "..")).and_then(|rest| {
            let file = public.join(rest);
            let file = if file.is_dir() { file.join("index.html") } else { file };
            std::fs::read(file).ok()
        });
    match found {
        Some(body) => (200, body),
        None => (404, std::fs::read(public.join("404.html")).unwrap_or_default()),
    }
}

/// Every `src="…"`, form `action="…"` and search script (`data-script="…"`) in a page.
fn srcs(html: &str) -> Vec<String> {
    [" src=\"", " action=\"", " data-script=\""]
        .iter()
        .flat_map(|attribute| html.split(attribute).skip(1).filter_map(|s| s.split('"').next()))
        .map(str::to_string)
        .collect()
}

/// Crawls from `start`, following every internal link and asset; asserts each answers 200
/// and each `#anchor` exists on its page. Returns the pages visited.
fn crawl(port: u16, origin: &str, prefix: &str, start: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([(start.to_string(), "(start)".to_string())]);
    while let Some((url, from)) = queue.pop_front() {
        let (path, anchor) = match url.split_once('#') {
            Some((p, a)) => (p.to_string(), Some(a.to_string())),
            None => (url.clone(), None),
        };
        let (status, body) = get(port, &path);
        assert_eq!(status, 200, "{from} links to {url}, which answers {status}");
        if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
            assert!(
                body.contains(&format!("id=\"{anchor}\"")),
                "{from} links to {url}: no id {anchor:?} there"
            );
        }
        if !seen.insert(path.clone()) || !(path.ends_with('/') || path.ends_with(".html")) {
            continue;
        }
        for link in hrefs(&body).into_iter().chain(srcs(&body)) {
            let link = link.strip_prefix(origin).map(str::to_string).unwrap_or(link);
            let resolved = if let Some(a) = link.strip_prefix('#') {
                format!("{path}#{a}")
            } else if link.starts_with('/') {
                link.clone()
            } else {
                continue; // an external link
            };
            assert!(resolved.starts_with(prefix), "{path} links to {link}, outside {prefix}");
            queue.push_back((resolved, path.clone()));
        }
    }
    seen
}

fn every_page_resolves_under(prefix: &'static str) {
    let site = Site::fixture("basic");
    let pages = Pages::start();
    let origin = format!("http://127.0.0.1:{}", pages.port);
    let run = site.run(&["build", "--base-url", &format!("{origin}{prefix}")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    pages.serve(site.root().join("public"), prefix);
    let visited = crawl(pages.port, &origin, prefix, prefix);
    let built: BTreeSet<String> = site
        .tree()
        .keys()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| format!("{prefix}{}", p.trim_end_matches("index.html")))
        .collect();
    let missed: Vec<_> = built.difference(&visited).collect();
    assert!(missed.is_empty(), "pages no link reaches: {missed:?}");
    // GitHub Pages answers 404.html for any missing path, at any depth: its links must work.
    let (status, body) = get(pages.port, &format!("{prefix}no/such/deep/page/"));
    assert_eq!(status, 404);
    assert!(body.contains("Page not found") && body.contains("Pagina nu a fost găsită"));
    crawl(pages.port, &origin, prefix, &format!("{prefix}404.html"));
}

#[test]
fn every_link_asset_and_anchor_resolves_under_a_sub_path() {
    every_page_resolves_under("/some/sub/path/");
}

#[test]
fn every_link_asset_and_anchor_resolves_without_a_sub_path() {
    every_page_resolves_under("/");
}

#[test]
fn the_sitemap_lists_every_page_with_its_translations() {
    let site = Site::fixture("basic");
    site.write("content/pages/about.en.md", "---\ntitle: About\nupdated: 2025-12-01\n---\nAbout.\n");
    site.build();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap is well-formed XML");
    let urlset = doc.root_element();
    assert_eq!(urlset.tag_name().namespace(), Some("http://www.sitemaps.org/schemas/sitemap/0.9"));
    let tree = site.tree();
    let urls: Vec<_> = urlset.children().filter(|n| n.has_tag_name("url")).collect();
    let indexable =
        |p: &String| !String::from_utf8_lossy(&tree[p]).contains(r#"<meta name="robots" content="noindex">"#);
    let pages =
        tree.keys().filter(|p| p.ends_with("index.html") && *p != "index.html" && indexable(p)).count();
    assert_eq!(urls.len(), pages, "one <url> per page of a language");
    for url in urls {
        let loc = url.children().find(|n| n.has_tag_name("loc")).and_then(|n| n.text()).unwrap();
        let path = loc.strip_prefix("https://example.org/portal/").expect("absolute, under base_url");
        assert!(tree.contains_key(&format!("{path}index.html")), "{loc} is not a built page");
        let langs: Vec<&str> = url
            .children()
            .filter(|n| n.has_tag_name("link"))
            .filter_map(|n| n.attribute("hreflang"))
            .collect();
        assert_eq!(langs, ["en", "x-default", "ro"], "alternates of {loc}");
        let lastmod = url.children().find(|n| n.has_tag_name("lastmod")).and_then(|n| n.text());
        assert_eq!(lastmod, (path == "en/about/").then_some("2025-12-01"), "lastmod of {loc}");
    }
    assert!(site.read("robots.txt").contains("Sitemap: https://example.org/portal/sitemap.xml"));
}

#[test]
fn each_language_has_a_valid_atom_feed_newest_first() {
    let site = Site::fixture("basic");
    site.build();
    for (lang, newest, oldest) in [
        ("en", "Third council", "The partnership is signed"),
        ("ro", "Al treilea consiliu", "Parteneriatul este semnat"),
    ] {
        let xml = site.read(&format!("{lang}/atom.xml"));
        // For feed readers only: no XSLT (browsers are dropping it); people get the follow page.
        assert!(!xml.contains("xml-stylesheet") && !site.exists(&format!("{lang}/feed.xsl")), "{xml}");
        let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{lang}/atom.xml: {e}"));
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
        let titles: Vec<String> =
            feed.entries.iter().map(|e| e.title.as_ref().unwrap().content.clone()).collect();
        assert_eq!(titles.len(), 4, "councils and milestones: {titles:?}");
        assert_eq!((titles[0].as_str(), titles[3].as_str()), (newest, oldest));
        for entry in &feed.entries {
            let href = &entry.links[0].href;
            let path = href.strip_prefix("https://example.org/portal/").expect("absolute URL");
            assert!(site.exists(&format!("{path}index.html")), "{href} is not a built page");
        }
        let page = site.read(&format!("{lang}/index.html"));
        assert!(page.contains(&format!(
            r#"<link rel="alternate" type="application/atom+xml" title="{}" href="/portal/{lang}/atom.xml">"#,
            feed.title.unwrap().content
        )));
    }
}

#[test]
fn the_root_chooses_a_language_as_the_x_default_and_the_404_leads_back_in_both() {
    let site = Site::fixture("basic");
    site.build();
    let root = site.read("index.html");
    assert!(
        root.contains(r#"<link rel="alternate" hreflang="x-default" href="https://example.org/portal/">"#)
    );
    for (lang, home) in [("en", "/portal/en/"), ("ro", "/portal/ro/")] {
        assert!(
            root.contains(&format!(r#"<li lang="{lang}">"#)) && root.contains(&format!(r#"href="{home}""#))
        );
    }
    assert_eq!(root.matches("<h1").count(), 1);
    let home = site.read("en/index.html");
    assert!(
        home.contains(r#"hreflang="x-default" href="https://example.org/portal/""#),
        "a home page's x-default is the chooser"
    );
    let page = site.read("en/councils/first/index.html");
    assert!(page.contains(r#"hreflang="x-default" href="https://example.org/portal/en/councils/first/""#));
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains(
        r#"<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/portal/"/>"#
    ));
    let missing = site.read("404.html");
    assert_eq!(missing.matches("<h1").count(), 1, "one h1: {missing}");
    assert!(missing.contains(r#"<header class="site-header">"#));
    for home in ["/portal/en/", "/portal/ro/"] {
        assert!(missing.contains(&format!(r#"href="{home}""#)), "a way back at any depth: {home}");
    }
}

#[test]
fn a_feed_entry_is_dated_by_its_last_change_never_by_a_day_made_up_from_a_year() {
    let site = Site::fixture("basic");
    let third = site.read_source("content/councils/third.en.md").replace("date: 2026-05-01", "date: 2026");
    site.write("content/councils/third.en.md", &third);
    site.build();
    let feed = site.read("en/atom.xml");
    assert!(!feed.contains("2026-01-01"), "a year is not a day: {feed}");
    assert!(!feed.contains("Third council"), "no `updated`, no history: it waits for one: {feed}");
    site.write("content/councils/third.en.md", &third.replace("summary:", "updated: 2026-02-10\nsummary:"));
    site.build();
    let feed = site.read("en/atom.xml");
    let entry =
        feed.split("<entry>").find(|e| e.contains("Third council")).expect("in the feed once it has a day");
    assert!(entry.contains("<updated>2026-02-10T00:00:00Z</updated>"), "{entry}");
}

#[test]
fn each_language_has_a_follow_page_with_the_feed_and_calendar_addresses_and_the_feed_s_entries() {
    let site = Site::fixture("basic");
    site.build();
    for (lang, page, calendar) in
        [("en", "en/follow/", "en/councils/calendar.ics"), ("ro", "ro/urmariti/", "ro/consilii/calendar.ics")]
    {
        let html = site.read(&format!("{page}index.html"));
        let main = site.main_of(&format!("{page}index.html"));
        // Shown whole, breakable after each `/` on a narrow screen.
        let shown = |code: &str| {
            between(&main, &format!("<code id=\"{code}\">"), "</code>").map(|a| a.replace("<wbr>", ""))
        };
        let feed = format!("https://example.org/portal/{lang}/atom.xml");
        assert_eq!(shown("feed-address"), Some(feed), "{main}");
        assert_eq!(shown("calendar-address"), Some(format!("https://example.org/portal/{calendar}")));
        assert!(main.contains("https://example.org/<wbr>portal/<wbr>"), "{main}");
        // The latest entries are the feed's, in its order, dated as their pages date them.
        let xml = site.read(&format!("{lang}/atom.xml"));
        let parsed = feed_rs::parser::parse(xml.as_bytes()).expect("a feed");
        let latest = between(&main, "<ul class=\"latest\">", "</ul>").expect("the latest entries");
        let listed: Vec<&str> =
            latest.split("<a href=\"").skip(1).filter_map(|l| l.split('"').next()).collect();
        let in_feed: Vec<String> =
            parsed.entries.iter().map(|e| e.links[0].href.replace("https://example.org", "")).collect();
        assert_eq!(listed, in_feed, "{lang}: the page lists what the feed carries");
        let third =
            if lang == "en" { "en/councils/third/index.html" } else { "ro/consilii/al-treilea/index.html" };
        let date =
            between(&site.main_of(third), "<time datetime=\"2026-05-01\">", "</time>").map(str::to_string);
        assert!(main.contains(&format!("<time datetime=\"2026-05-01\">{}</time>", date.expect("dated"))));
        // Readers find it: every page's footer links it; feed readers still find the feed.
        assert!(html.contains(&format!("href=\"/portal/{page}\"")), "the footer links it");
        let alternate = between(&html, "<link rel=\"alternate\" type=\"application/atom+xml\"", ">");
        assert!(
            alternate.is_some_and(|l| l.contains(&format!("href=\"/portal/{lang}/atom.xml\""))),
            "{alternate:?}"
        );
        assert!(site.read("sitemap.xml").contains(&format!("https://example.org/portal/{page}")));
        let home = site.read(&format!("{lang}/index.html"));
        assert!(home.contains(&format!("href=\"/portal/{page}\"")), "{lang} home links the follow page");
    }
}

#[test]
fn the_publishing_workflow_deploys_only_what_passed_the_strict_check() {
    // The README: "nothing is deployed when the check fails". Each step runs only if the
    // one before it succeeded, so the order of the build job's steps is the gate.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/pages.yml");
    let workflow: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let steps: Vec<String> = workflow["jobs"]["build"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|step| {
            let run = step["run"].as_str().map(String::from);
            run.or_else(|| step["uses"].as_str().map(String::from)).unwrap_or_default()
        })
        .collect();
    let at = |what: &str| {
        steps.iter().position(|s| s.contains(what)).unwrap_or_else(|| panic!("{what}: {steps:?}"))
    };
    let (check, build, upload) = (at("check --strict"), at("-- build"), at("upload-pages-artifact"));
    assert!(check < build && build < upload, "{steps:?}");
    for step in workflow["jobs"]["build"]["steps"].as_sequence().unwrap() {
        assert!(
            step["if"].is_null() && step["continue-on-error"].is_null(),
            "a step that runs anyway: {step:?}"
        );
    }
    assert_eq!(workflow["jobs"]["deploy"]["needs"].as_str(), Some("build"), "deploy waits for the build job");
    // The whole history is checked out: without it every page's "last updated" (its file's
    // last commit) and the statements' dates would be lost without a word.
    let checkout = workflow["jobs"]["build"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/checkout@")))
        .expect("a checkout step");
    assert_eq!(checkout["with"]["fetch-depth"].as_u64(), Some(0), "{checkout:?}");
}
