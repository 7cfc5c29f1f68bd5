//! `portal build` on the bilingual fixture: the pages it writes, the cross-links between
//! them, determinism, and that a failed build leaves `public/` as it was.

use crate::common;
use common::{Site, between, hrefs};
use portal::content::Kind;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn pages_of_a_small_bilingual_site_render_as_expected() {
    let site = Site::fixture("basic");
    let run = site.build();
    assert!(run.stdout.starts_with("Built 28 pages (en 14, ro 14) in "), "{}", run.stdout);
    for page in [
        "en/index.html",
        "ro/index.html",
        "en/councils/first/index.html",
        "ro/consilii/al-treilea/index.html",
        "en/domains/chips/index.html",
        "ro/domenii/inteligenta-artificiala/index.html",
        "en/timeline/index.html",
        "ro/cronologie/index.html",
        "en/councils/index.html",
        "ro/despre/index.html",
        "en/milestones/signature/index.html",
    ] {
        insta::assert_snapshot!(page.replace('/', "_"), site.main_of(page));
    }
}

#[test]
fn site_level_files_are_written() {
    let site = Site::fixture("basic");
    site.build();
    for file in [
        ".nojekyll",
        "404.html",
        "index.html",
        "sitemap.xml",
        "robots.txt",
        "en/atom.xml",
        "ro/atom.xml",
        "style.css",
    ] {
        assert!(site.exists(file), "{file} is missing");
    }
    assert!(!site.exists("CNAME"), "no CNAME without `cname`");
    let root = site.read("index.html");
    assert!(root.contains(r#"href="/portal/en/""#) && root.contains(r#"href="/portal/ro/""#), "{root}");
    assert!(site.read("robots.txt").contains("Sitemap: https://example.org/portal/sitemap.xml"));
}

#[test]
fn a_council_links_to_its_domains_with_its_commitments_and_to_its_neighbours() {
    let site = Site::fixture("basic");
    site.build();
    let first = site.main_of("en/councils/first/index.html");
    assert!(first.contains(r#"<a href="/portal/en/domains/ai/">Artificial intelligence</a></dt>"#));
    assert!(first.contains("<dd>A permanent <em>dialogue</em> on trustworthy AI.</dd>"));
    assert!(first.contains(r#"<a rel="next" href="/portal/en/councils/second/">"#));
    assert!(!first.contains(r#"rel="prev""#), "the first council has no previous one");
    let second = site.main_of("en/councils/second/index.html");
    assert!(second.contains(r#"<a rel="prev" href="/portal/en/councils/first/">"#));
    assert!(second.contains(r#"<a rel="next" href="/portal/en/councils/third/">"#));
}

#[test]
fn a_domain_lists_every_council_that_discussed_it_newest_first() {
    let site = Site::fixture("basic");
    site.build();
    let chips = site.main_of("en/domains/chips/index.html");
    let second = chips.find("/portal/en/councils/second/").expect("second council listed");
    let first = chips.find("/portal/en/councils/first/").expect("first council listed");
    assert!(second < first, "newest first");
    assert!(chips.contains("A forum for <a href=\"/portal/en/domains/chips/\">researchers</a>."));
    let ai = site.main_of("ro/domenii/inteligenta-artificiala/index.html");
    let planned = ai.find("/portal/ro/consilii/al-treilea/").expect("planned council listed");
    assert!(planned < ai.find("/portal/ro/consilii/first/").unwrap());
}

#[test]
fn related_domains_are_shown_both_ways() {
    let site = Site::fixture("basic");
    site.build();
    // Only ai.md says `related: [chips]`; chips shows ai too.
    assert!(
        site.main_of("en/domains/ai/index.html")
            .contains(r#"<li><a href="/portal/en/domains/chips/">Semiconductors</a></li>"#)
    );
    assert!(
        site.main_of("en/domains/chips/index.html")
            .contains(r#"<li><a href="/portal/en/domains/ai/">Artificial intelligence</a></li>"#)
    );
}

#[test]
fn every_page_links_to_its_translations_and_says_when_there_is_none() {
    let site = Site::fixture("basic");
    site.write("content/pages/only-en.en.md", "---\ntitle: Only English\n---\nHi.\n");
    site.build();
    let page = site.read("ro/domenii/inteligenta-artificiala/index.html");
    assert!(page.contains(r#"<a href="/portal/en/domains/ai/" hreflang="en" lang="en">English</a>"#));
    assert!(page.contains(
        r#"<link rel="alternate" hreflang="en" href="https://example.org/portal/en/domains/ai/">"#
    ));
    assert!(page.contains(
        r#"<link rel="canonical" href="https://example.org/portal/ro/domenii/inteligenta-artificiala/">"#
    ));
    assert!(page.contains(r#"<html lang="ro">"#));
    let lonely = site.read("en/only-en/index.html");
    assert!(
        lonely.contains(r#"<li class="untranslated" lang="ro">Română — încă netradus · <a href="/portal/ro/" hreflang="ro">Acasă</a></li>"#),
        "says so in words, and links that language's home page by its name: {lonely}"
    );
}

#[test]
fn at_links_resolve_per_language_with_their_anchor() {
    let site = Site::fixture("basic");
    site.build();
    assert!(
        site.main_of("en/index.html").contains(r#"<a href="/portal/en/domains/ai/#overview">AI domain</a>"#)
    );
    assert!(
        site.main_of("ro/index.html")
            .contains(r#"<a href="/portal/ro/domenii/inteligenta-artificiala/#prezentare">domeniul IA</a>"#)
    );
    let first = site.main_of("ro/consilii/first/index.html");
    assert!(
        first.contains(r#"<h2 id="pasii-urmatori">Pașii următori</h2>"#),
        "Romanian heading ids are transliterated"
    );
    assert!(first.contains(r##"<a href="#pasii-urmatori">"##));
}

#[test]
fn a_link_to_a_given_language_goes_to_that_language() {
    let site = Site::fixture("basic");
    site.write(
        "content/pages/about.en.md",
        "---\ntitle: About\n---\nRead it [in Romanian](@/pages/about.ro.md).\n",
    );
    site.build();
    assert!(site.main_of("en/about/index.html").contains(r#"<a href="/portal/ro/despre/">in Romanian</a>"#));
}

#[test]
fn the_timeline_is_in_date_order_grouped_by_year_with_dates_in_each_language() {
    let site = Site::fixture("basic");
    site.build();
    let en = site.main_of("en/timeline/index.html");
    let order: Vec<usize> = [
        r#"<time datetime="2022-11-28">28 November</time>"#,
        r#"<time datetime="2023-06-30">30 June</time>"#,
        r#"<time datetime="2024-03-26">26 March</time>"#,
        r#"<time datetime="2026-05-01">1 May</time>"#,
    ]
    .iter()
    .map(|d| en.find(d).unwrap_or_else(|| panic!("{d} missing")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "date order, each year named once: {order:?}");
    assert!(en.contains(r#"<h2 id="y2023"><span class="year-mark">2023</span></h2>"#));
    assert_eq!(en.matches(r#"class="timeline""#).count(), 1, "one line through the years");
    let ro = site.main_of("ro/cronologie/index.html");
    assert!(ro.contains(">28 noiembrie</time>") && ro.contains(">26 martie</time>"));
    assert!(ro.contains(r#"class="tl-council tl-planned""#), "planned councils are marked");
    assert!(ro.contains(r#" · <span class="badge">planificat</span>"#), "in words, not by a marker alone");
    assert!(
        ro.contains(r#"<span class="tl-kind">Consiliu</span>"#)
            && ro.contains(r#"<span class="tl-kind">Reper</span>"#)
    );
    assert!(ro.contains(r#"<ul class="legend""#), "a legend");
}

#[test]
fn every_internal_link_points_to_a_built_page() {
    let site = Site::fixture("basic");
    site.build();
    let tree = site.tree();
    for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        for href in hrefs(&String::from_utf8_lossy(bytes)) {
            let Some(rest) = href.strip_prefix("/portal/") else {
                continue;
            };
            let rest = rest.split(['#', '?']).next().unwrap();
            let file = if rest.is_empty() || rest.ends_with('/') {
                format!("{rest}index.html")
            } else {
                rest.to_string()
            };
            assert!(tree.contains_key(&file), "{path} links to {href}, which was not built");
        }
    }
}

#[test]
fn the_stylesheet_is_linked_with_a_hash_of_its_contents_that_changes_with_it() {
    let site = Site::fixture("basic");
    site.build();
    let link = |site: &Site| {
        let versions = versions(site, "en/councils/first/index.html");
        format!("style.css?v={}", versions.get("style.css").expect("the stylesheet is versioned"))
    };
    let before = link(&site);
    assert_eq!(link(&site), before);
    let css = site.read_source("themes/partnership/static/style.css");
    site.write("themes/partnership/static/style.css", &format!("{css}\nbody {{ color: red; }}\n"));
    site.build();
    let after = link(&site);
    assert_ne!(after, before, "a changed stylesheet gets a new link");
    assert_eq!(site.read("404.html").matches(&after).count(), 1, "the 404 page links the same version");
}

/// Each `?v=` names the file as published (a script compacted), so that it changes exactly
/// when the bytes a browser keeps do: not for a comment in a script's source.
#[test]
fn a_versioned_link_names_the_published_file_s_bytes_not_its_source_s() {
    let site = Site::fixture("basic");
    site.build();
    let versions = |site: &Site| versions(site, "en/index.html");
    let before = versions(&site);
    assert!(before.contains_key("style.css") && before.keys().any(|f| f.ends_with(".js")), "{before:?}");
    let script = "themes/partnership/static/search-start.js";
    site.write(script, &format!("// A comment no reader downloads.\n{}", site.read_source(script)));
    site.build();
    assert_eq!(versions(&site), before, "a comment changes no published byte, and no version");
}

/// Each versioned file a built page links (`style.css?v=…`), with its version, which must be
/// the hash of the file as published.
fn versions(site: &Site, page: &str) -> BTreeMap<String, String> {
    let page = site.read(page);
    let mut found = BTreeMap::new();
    for part in page.split("/portal/").skip(1) {
        let Some((file, rest)) = part.split_once("?v=") else { continue };
        if file.contains(['"', ' ', '<']) {
            continue;
        }
        let version = rest[..8].to_string();
        let published = std::fs::read(site.root().join("public").join(file)).unwrap();
        let hash = format!("{:08x}", xxhash_rust::xxh3::xxh3_64(&published) as u32);
        assert_eq!(version, hash, "{file}: the version of another content");
        found.insert(file.to_string(), version);
    }
    found
}

#[test]
fn base_url_override_applies_to_every_link() {
    let site = Site::fixture("basic");
    let run = site.run(&["build", "--base-url", "https://org.github.io/repo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("en/councils/first/index.html");
    assert!(page.contains(r#"href="/repo/style.css?v="#));
    assert!(page.contains(r#"<link rel="canonical" href="https://org.github.io/repo/en/councils/first/">"#));
    assert!(!page.contains("/portal/"));
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let a = Site::fixture("basic");
    let b = Site::fixture("basic");
    a.build();
    b.build();
    assert_eq!(a.tree(), b.tree());
    let before = a.tree();
    a.build();
    assert_eq!(a.tree(), before, "rebuilding in place changes nothing");
}

#[test]
fn a_failed_build_leaves_public_as_it_was() {
    let site = Site::fixture("basic");
    site.build();
    let before = site.tree();
    site.write("content/councils/first.en.md", "---\ntitle: [broken\n---\n");
    site.write("content/pages/new.en.md", "---\ntitle: New\n---\nNew page.\n");
    let run = site.run(&["build"]);
    run.refused(&["public/ was left as it was"]);
    assert_eq!(site.tree(), before);
}

#[test]
fn a_failed_build_into_a_new_folder_leaves_no_folder_behind() {
    let site = Site::fixture("basic");
    site.write("content/councils/first.en.md", "---\ntitle: [broken\n---\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    let mut left: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [".portal-lock", "content", "site.yaml", "themes"],
        "neither public/ nor its staging folder"
    );
}

#[test]
fn a_new_folder_filled_while_rendering_holds_exactly_the_site_rendered_in_memory() {
    use portal::pipeline::{self, Options};
    let site = Site::fixture("basic");
    let out = portal::output::OutputDir::check(site.root(), std::path::Path::new("public"), false).unwrap();
    let staging = portal::output::Staging::begin(&out).unwrap();
    let staged = pipeline::run_into(site.root(), &Options::default(), &staging).unwrap();
    assert!(staged.site.files.is_empty(), "nothing is held in memory");
    let written = staging.commit().unwrap();
    let in_memory = pipeline::run(site.root(), &Options::default()).unwrap();
    let mut expected: std::collections::BTreeMap<String, Vec<u8>> =
        in_memory.site.files.iter().map(|(path, bytes)| (path.clone(), bytes.to_vec())).collect();
    expected.insert(".portal-output".into(), portal::output::folder::MARKER_TEXT.into());
    assert_eq!(site.tree(), expected);
    assert_eq!(staged.site.pages_per_lang, in_memory.site.pages_per_lang);
    assert_eq!(written.stamps.len(), expected.len());
}

#[test]
fn a_successful_build_removes_stale_files() {
    let site = Site::fixture("basic");
    site.build();
    assert!(site.exists("en/about/index.html"));
    std::fs::remove_file(site.root().join("content/pages/about.en.md")).unwrap();
    site.build();
    assert!(!site.exists("en/about/index.html"));
    assert!(!site.exists("en/about"), "its folder goes too");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Site::fixture("basic");
    site.write("content/pages/draft.en.md", "---\ntitle: Soon\ndraft: true\n---\nSoon.\n");
    site.build();
    assert!(!site.exists("en/draft/index.html"));
    assert_eq!(site.run(&["build", "--drafts"]).code, 0);
    assert!(site.exists("en/draft/index.html"));
}

#[test]
fn windows_line_endings_and_a_bom_are_accepted() {
    let text = "\u{feff}---\r\ntitle: About\r\nsummary: Windows.\r\n---\r\n## Heading\r\n\r\nText.\r\n";
    let main = about_page_main(text);
    assert!(main.contains(r#"<h2 id="heading">Heading</h2>"#), "{main}");
    assert!(!main.contains('\r'));
}

#[test]
fn inline_code_and_emphasis_in_a_heading_keep_their_markup_and_its_id_its_words() {
    let main = about_page_main("---\ntitle: About\nsummary: Code.\n---\n## The `portal` *tool*\n\nText.\n");
    let heading = r#"<h2 id="the-portal-tool">The <code>portal</code> <em>tool</em></h2>"#;
    assert!(main.contains(heading), "{main}");
}

#[test]
fn a_cname_is_written_when_configured() {
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{config}cname: partnership.example.eu\n"));
    site.build();
    assert_eq!(site.read("CNAME"), "partnership.example.eu\n");
}

#[test]
fn site_templates_override_the_theme_s() {
    let site = Site::fixture("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p>custom {{ page.title }}</p>{% endblock main %}",
    );
    site.build();
    assert!(site.main_of("en/about/index.html").contains("<p>custom About</p>"));
}

#[test]
fn a_second_build_with_nothing_changed_renders_nothing_and_changes_nothing() {
    let site = Site::fixture("basic");
    site.build();
    let before = site.tree();
    let again = site.build();
    assert!(
        again.stdout.contains("Built 28 pages (en 14, ro 14)")
            && again.stdout.trim_end().ends_with("nothing changed"),
        "{}",
        again.stdout
    );
    assert_eq!(site.tree(), before);
}

#[test]
fn a_link_put_into_the_output_is_not_kept_by_the_nothing_changed_shortcut() {
    // The shortcut keeps the output as the last build left it; a link added since (which a
    // static server would follow) is not what it left, so the build replaces the output.
    let site = Site::fixture("basic");
    site.build();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.root().join("public/home")).unwrap();
    let again = site.build();
    assert!(!again.stdout.contains("nothing changed"), "{}", again.stdout);
    assert!(site.root().join("public/home").symlink_metadata().is_err(), "the link is gone");
}

#[test]
fn a_shallow_clone_fetched_whole_is_built_again_for_its_history() {
    // A shallow clone has no history: its pages have no "last updated" day. Fetched whole,
    // it is at the same commit with the same files, and the days can now be known.
    let origin = Site::fixture("basic");
    let git = |dir: &std::path::Path, args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=Editor", "-c", "user.email=editor@example.org"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(origin.root(), &["init", "--quiet"]);
    git(origin.root(), &["add", "-A"]);
    git(origin.root(), &["commit", "--quiet", "-m", "one"]);
    origin.write("content/pages/about.en.md", "---\ntitle: About\n---\nAgain.\n");
    git(origin.root(), &["commit", "--quiet", "-am", "two"]);
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.root().display());
    git(clones.path(), &["clone", "--quiet", "--depth", "1", &url, "site"]);
    let site = Site::at(&clones.path().join("site"));
    assert_eq!(site.build().code, 0);
    git(site.root(), &["fetch", "--quiet", "--unshallow"]);
    let again = site.build();
    assert!(!again.stdout.contains("nothing changed"), "{}", again.stdout);
}

#[test]
fn sources_that_age_past_the_racy_window_between_two_builds_are_still_unchanged() {
    let site = Site::fixture("basic");
    let written = std::time::SystemTime::now() - std::time::Duration::from_millis(2500);
    for entry in walkdir::WalkDir::new(site.root()).into_iter().filter_map(Result::ok) {
        if entry.file_type().is_file() {
            let file = std::fs::File::options().write(true).open(entry.path()).unwrap();
            file.set_modified(written).unwrap();
        }
    }
    site.build();
    std::thread::sleep(std::time::Duration::from_millis(1000));
    let again = site.build();
    assert!(again.stdout.trim_end().ends_with("nothing changed"), "{}", again.stdout);
}

#[test]
fn any_change_to_a_source_an_option_or_the_output_means_a_real_build() {
    let site = Site::fixture("basic");
    site.build();
    site.write("content/pages/about.en.md", "---\ntitle: About\n---\nChanged.\n");
    assert!(!site.build().stdout.contains("nothing changed"), "an edited source");
    assert!(site.main_of("en/about/index.html").contains("Changed."));
    std::fs::write(site.root().join("public/en/about/index.html"), "tampered").unwrap();
    assert!(!site.build().stdout.contains("nothing changed"), "a touched output file");
    assert!(site.main_of("en/about/index.html").contains("Changed."), "repaired");
    std::fs::remove_file(site.root().join("public/en/index.html")).unwrap();
    assert!(!site.build().stdout.contains("nothing changed"), "a deleted output file");
    assert!(site.exists("en/index.html"));
    let other = site.run(&["build", "--base-url", "https://org.github.io/repo/"]);
    assert!(!other.stdout.contains("nothing changed"), "another base URL");
    assert!(site.read("en/index.html").contains("/repo/style.css"));
    assert!(!site.build().stdout.contains("nothing changed"), "back to the first base URL is a change too");
    assert!(site.build().stdout.contains("nothing changed"));
}

/// The `<main>` of the basic fixture's About page after writing `text` as its source.
fn about_page_main(text: &str) -> String {
    let site = Site::fixture("basic");
    site.write("content/pages/about.en.md", text);
    site.build();
    site.main_of("en/about/index.html")
}

#[test]
fn quotes_are_written_each_language_s_way() {
    let site = Site::fixture("basic");
    site.write(
        "content/pages/about.en.md",
        "---\ntitle: The EU's \"digital\" partner\nsummary: A 'digital' partner\n---\nThe EU's \"digital 'partner'\".\n",
    );
    site.write(
        "content/pages/about.ro.md",
        "---\ntitle: Partenerul \"digital\" al UE\nsummary: Un partener 'digital'\nslug: despre\n---\nParteneriatul \"digital 'l'Europe'\".\n",
    );
    site.build();
    let en = site.read("en/about/index.html");
    assert!(en.contains("The EU’s “digital ‘partner’”."), "{en}");
    assert!(en.contains("<h1>The EU’s “digital” partner</h1>"), "the title too: {en}");
    assert!(en.contains("content=\"A ‘digital’ partner\""), "and the summary: {en}");
    let ro = site.read("ro/despre/index.html");
    assert!(ro.contains("Parteneriatul „digital «l’Europe»”."), "nested, the apostrophe kept: {ro}");
    assert!(ro.contains("<h1>Partenerul „digital” al UE</h1>"), "{ro}");
    assert!(ro.contains("content=\"Un partener «digital»\""), "{ro}");
}

fn git(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", "2024-05-06T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-05-06T12:00:00Z")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn last_updated_is_updated_or_the_last_commit_and_never_the_build_s_day() {
    let site = Site::fixture("basic");
    site.write("content/pages/about.en.md", "---\ntitle: About\nupdated: 2025-12-01\n---\nAbout.\n");
    site.build();
    let shown = |site: &Site, page: &str| {
        let html = site.read(page);
        html.split("<p class=\"updated\">").nth(1).map(|p| p.split("</p>").next().unwrap().to_string())
    };
    assert_eq!(shown(&site, "en/councils/first/index.html"), None, "no history: no date");
    assert!(
        shown(&site, "en/about/index.html").unwrap().contains("datetime=\"2025-12-01\""),
        "`updated` says"
    );
    let root = site.root();
    git(root, &["init", "-q"]);
    git(root, &["-c", "user.name=Editor", "-c", "user.email=e@example.org", "add", "content", "site.yaml"]);
    git(root, &["-c", "user.name=Editor", "-c", "user.email=e@example.org", "commit", "-q", "-m", "Content"]);
    site.build();
    let first = shown(&site, "en/councils/first/index.html").expect("the last commit's day");
    assert!(first.contains("<time datetime=\"2024-05-06\">6 May 2024</time>"), "{first}");
    assert!(shown(&site, "en/about/index.html").unwrap().contains("2025-12-01"), "`updated` comes first");
    assert!(site.read("sitemap.xml").contains("<lastmod>2024-05-06</lastmod>"));
    // A shallow clone has one commit for every file: it dates nothing.
    let shallow = tempfile::tempdir().unwrap();
    let url = format!("file://{}", root.display());
    git(shallow.path(), &["clone", "-q", "--depth", "1", &url, "site"]);
    let clone = Site::at(&shallow.path().join("site"));
    common::copy_tree(&root.join("themes"), &clone.root().join("themes"));
    clone.build();
    assert_eq!(shown(&clone, "en/councils/first/index.html"), None, "a shallow clone dates nothing");
}

#[test]
fn the_footer_links_the_contact_and_the_footer_pages_in_the_page_s_language() {
    let site = Site::fixture("basic");
    let config = site.read_source("site.yaml");
    site.write("site.yaml", &format!("{config}contact: mailto:portal@example.eu\n"));
    site.write("content/pages/privacy.en.md", "---\ntitle: Privacy notice\nmenu: footer\n---\nNo cookies.\n");
    site.write(
        "content/pages/privacy.ro.md",
        "---\ntitle: Confidențialitate\nslug: confidentialitate\n---\nFără cookie-uri.\n",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let footer = |page: &str| {
        let html = site.read(page);
        hrefs(between(&html, "<footer", "</footer>").unwrap())
    };
    let about_en = footer("en/about/index.html");
    assert!(about_en.contains(&"mailto:portal@example.eu".to_string()), "{about_en:?}");
    assert!(about_en.contains(&"/portal/en/privacy/".to_string()), "{about_en:?}");
    // The translation takes `menu: footer` from the English page.
    assert!(footer("ro/index.html").contains(&"/portal/ro/confidentialitate/".to_string()));
    let root = footer("index.html");
    assert!(
        root.contains(&"/portal/en/privacy/".to_string())
            && root.contains(&"/portal/ro/confidentialitate/".to_string())
    );
    // The root already gives each language's description: its footers do not repeat it.
    let description = "A small bilingual site for tests.";
    assert!(
        between(&site.read("en/about/index.html"), "<footer", "</footer>").unwrap().contains(description)
    );
    assert!(!between(&site.read("index.html"), "<footer", "</footer>").unwrap().contains(description));
    let menu = site.read("en/index.html");
    let menu = between(&menu, "<nav class=\"menu\"", "</nav>").unwrap();
    assert!(hrefs(menu).contains(&"/portal/en/about/".to_string()) && !menu.contains("/privacy/"), "{menu}");
}

#[test]
fn a_site_with_a_warning_keeps_the_nothing_changed_shortcut_and_still_says_the_warning() {
    let site = Site::fixture("basic");
    // No publisher (the last block of the fixture's site.yaml): a warning on every build,
    // which must not cost every build in full.
    let config = site.read_source("site.yaml");
    site.write("site.yaml", &config[..config.find("publisher:").expect("the fixture names one")]);
    let first = site.build();
    assert!(first.stderr.contains("1 warning"), "{}", first.stderr);
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let again = site.build();
    assert!(again.stdout.trim_end().ends_with("nothing changed"), "{}", again.stdout);
    assert!(again.stderr.contains("1 warning"), "the warning is still said: {}", again.stderr);
}

#[test]
fn every_file_a_build_writes_is_a_content_page_a_picture_a_static_file_or_a_row_of_the_site_table() {
    use portal::urls::{self, SiteFile};
    let site = Site::shipped();
    let yaml = site.read_source("site.yaml");
    site.write("site.yaml", &format!("{yaml}\ncname: portal.example.org\n"));
    let built = portal::pipeline::run(site.root(), &portal::pipeline::Options::default()).unwrap();
    let config = &built.config;
    let rows: BTreeMap<String, SiteFile> =
        urls::written(config).into_iter().map(|f| (urls::output_path(&f.url(config)), f)).collect();
    let bundles: Vec<String> =
        rows.values().filter(|f| f.is(&urls::SEARCH_INDEX)).map(|f| f.url(config)).collect();
    assert_eq!(bundles.len(), config.languages.len(), "a search index per language");
    let mut pages = BTreeSet::new();
    for (_, e) in built.graph.corpus.iter().filter(|(_, e)| matches!(e.key.kind, Kind::Item(_))) {
        // Its calendar (a council to come), at its address and at its old ones.
        let addresses =
            std::iter::once(e.url.as_str()).chain(e.meta.front().aliases().iter().map(|a| a.as_str()));
        for address in addresses {
            pages.insert(urls::output_path(address));
            pages.insert(urls::council_calendar(address));
        }
    }
    let search = built.search.as_ref().expect("the shipped site has search");
    let mut unclaimed = Vec::new();
    for path in built.site.files.keys().chain(search.files.keys()) {
        let claimed = rows.contains_key(path)
            || pages.contains(path)
            || built.media.files.contains_key(path)
            || built.theme.statics.contains_key(path)
            || bundles.iter().any(|b| path.starts_with(b.as_str()));
        if !claimed {
            unclaimed.push(path.clone());
        }
    }
    assert!(
        unclaimed.is_empty(),
        "written, but neither a content page nor a row of the table: {unclaimed:?}"
    );
    let missing: Vec<&String> = rows
        .iter()
        .filter(|(_, f)| !f.is(&urls::SEARCH_INDEX))
        .map(|(path, _)| path)
        .filter(|path| !built.site.files.contains_key(*path))
        .collect();
    assert!(missing.is_empty(), "rows of the table the build did not write: {missing:?}");
    assert_eq!(built.site.files["CNAME"].as_slice(), b"portal.example.org\n");
    assert!(rows.values().any(|f| f.is(&urls::FOLLOW)) && rows.contains_key("en/follow/index.html"));
}

/// `portal <args>` in `site` with standard output going to `stdout`; its exit status and
/// standard error.
fn run_into(site: &Site, args: &[&str], stdout: std::process::Stdio) -> (i32, String) {
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("portal"))
        .current_dir(site.root())
        .args(args)
        .stdout(stdout)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_closed_pipe_or_a_full_disk_on_standard_output_never_turns_a_command_into_a_panic() {
    let site = Site::fixture("basic");
    for args in [&["build"][..], &["check"], &["check", "--format", "json"], &["check", "--translations"]] {
        // A reader gone before the command says anything (`portal build | true`).
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let (code, stderr) = run_into(&site, args, writer.into());
        assert_eq!(code, 0, "{args:?} into a closed pipe: {stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("standard output"), "{args:?}: {stderr}");
    }
    // A full disk loses the report of a build that is done: said, not a failure.
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap().into();
    let (code, stderr) = run_into(&site, &["build"], full());
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("warning: cannot write to standard output: No space left on device"), "{stderr}");
    assert!(site.root().join("public/en/index.html").is_file());
    // A report that is the command's product and never reached its file is a failure.
    for args in [&["check", "--format", "json"][..], &["check", "--translations"]] {
        let (code, stderr) = run_into(&site, args, full());
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: cannot write the") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_link_from_the_host_s_root_is_made_the_site_s_url_or_refused_where_it_leads_nowhere() {
    // The basic site lives under a sub-path: `/en/councils/first/` as written would leave it.
    let site = Site::fixture("basic");
    site.write("static/files/report.pdf", "%PDF-1.4");
    site.write("static/files/my report.pdf", "%PDF-1.4");
    site.write_about(
        "[first](/en/councils/first/#next-steps) [report](/files/report.pdf) [timeline](/en/timeline/) \
         [home](/en/) [mine](/files/my%20report.pdf)\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let main = site.main_of("en/about/index.html");
    let base = "/portal/";
    for url in
        ["en/councils/first/#next-steps", "files/report.pdf", "en/timeline/", "en/", "files/my%20report.pdf"]
    {
        assert!(main.contains(&format!("href=\"{base}{url}\"")), "{url} under {base}:\n{main}");
    }
    // A page's old address (an alias) leads to where it is now.
    let first = site.read_source("content/councils/first.en.md");
    site.write(
        "content/councils/first.en.md",
        &first.replacen("---\n", "---\naliases: [/en/old-first/]\n", 1),
    );
    site.write_about("[first](/en/old-first/)\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.main_of("en/about/index.html").contains("href=\"/portal/en/councils/first/\""));
    // A page the site does not write (no search without `search: true`) is no target.
    let config = site.read_source("site.yaml");
    site.write("site.yaml", &format!("{config}search: false\n"));
    site.write_about("[s](/en/search/)\n");
    let run = site.run(&["check"]);
    run.refused(&["the link `/en/search/` leads to no page or file of the site"]);
    site.write("site.yaml", &config);
    // A typo, the sub-path written in, a missing anchor, a Markdown file: errors at their place.
    site.write_about(
        "[a](/en/councils/frist/)\n\n[b](/portal/en/)\n\n[c](/en/councils/first/?x#nowhere)\n\n[d](first.en.md)\n",
    );
    let run = site.run(&["check"]);
    let stderr = run.refused(&[
        "content/pages/about.en.md:5:1",
        "content/pages/about.en.md:7:1",
        "content/pages/about.en.md:9:1",
        "content/pages/about.en.md:11:1",
    ]);
    assert!(
        stderr.contains("the link `/en/councils/frist/` leads to no page or file of the site"),
        "{stderr}"
    );
    assert!(stderr.contains("leave out `/portal`"), "{stderr}");
    assert!(stderr.contains("nowhere"), "{stderr}");
    assert!(stderr.contains("link the page it makes: `@/pages/first.en.md`"), "{stderr}");
}
