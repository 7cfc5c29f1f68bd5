//! Translations that cannot drift: facts written once in the default language and taken by
//! the translations, and outdated translations seen without any git history (the fixture
//! sites are copied into folders without `.git`).

use crate::common;
use common::Site;

fn edit(site: &Site, path: &str, from: &str, to: &str) {
    let file = site.root().join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} has no {from:?}");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
}

fn report(site: &Site) -> serde_json::Value {
    let run = site.run(&["check", "--translations", "--format", "json"]);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn state(site: &Site, section: &str, id: &str, lang: &str) -> String {
    let report = report(site);
    let row = report["rows"].as_array().unwrap().iter().find(|r| r["section"] == section && r["id"] == id);
    row.unwrap()["languages"][lang].as_str().unwrap().to_string()
}

const NOTICE: &str = "class=\"wrap notice\"";

#[test]
fn a_translation_takes_the_facts_it_leaves_out_from_the_original() {
    let site = Site::fixture("basic");
    let ro = site.read_source("content/councils/second.ro.md");
    assert!(!ro.contains("number:") && !ro.contains("date:"), "the fixture leaves them out");
    let built = site.build();
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page = site.main_of("ro/consilii/second/index.html");
    assert!(page.contains("datetime=\"2024-03-26\""), "{page}");
    assert!(page.contains("Consiliul nr. 2"), "{page}");
    assert!(page.contains("Alice Example, Comisar"), "the roles stay translated: {page}");
}

#[test]
fn a_fact_a_translation_states_otherwise_is_an_error_naming_both_files() {
    let site = Site::fixture("basic");
    edit(&site, "content/councils/second.ro.md", "  - name: Alice Example", "  - name: Alicia Example");
    site.run(&["check"]).refused(&[
        "`chairs` is [Alicia Example] here but [Alice Example] in content/councils/second.en.md:",
        "content/councils/second.ro.md:4:",
    ]);
    // A fact only the translation writes: the original must write it.
    let site = Site::fixture("basic");
    edit(&site, "content/domains/chips.en.md", "order: 2\n", "");
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains("content/domains/chips.en.md, which this page translates, does not write it"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_edit_of_the_original_makes_a_tracked_translation_outdated_until_marked_current() {
    let site = Site::fixture("basic");
    let marked = site.run(&["translations", "mark-current", "--all"]);
    assert_eq!(marked.code, 0, "{}", marked.stderr);
    assert!(marked.stdout.contains(
        "content/councils/first.ro.md: marked current with content/councils/first.en.md (version "
    ));
    assert!(site.read_source("content/councils/first.ro.md").contains("translated_from:\n  version: "));
    assert_eq!(site.run(&["check", "--translations", "--strict"]).code, 0);

    // Whitespace, and a fact every language shares, change nothing a translator translates.
    edit(&site, "content/councils/first.en.md", "## Outcomes\n", "## Outcomes   \n\n");
    edit(&site, "content/councils/first.en.md", "status: held", "status: planned");
    edit(&site, "content/councils/first.ro.md", "status: held", "status: planned");
    assert_eq!(state(&site, "councils", "first", "ro"), "present");

    // Words do.
    edit(&site, "content/councils/first.en.md", "## Outcomes", "## What was agreed");
    edit(&site, "content/councils/first.en.md", "title:", "updated: 2026-11-20\ntitle:");
    assert_eq!(state(&site, "councils", "first", "ro"), "outdated");
    let json = report(&site);
    let outdated = &json["outdated"][0];
    assert_eq!(outdated["path"], "content/councils/first.ro.md");
    assert_eq!(outdated["original"], "content/councils/first.en.md");
    assert_eq!(outdated["original_changed"], "2026-11-20");
    assert_eq!(outdated["translated"].as_str().unwrap(), portal::base::today().to_string());
    let table = site.run(&["check", "--translations"]);
    assert_eq!(table.code, 0, "outdated is not an error without --strict");
    assert!(
        table.stdout.contains("OUTDATED") && table.stdout.contains("1 outdated translation\n"),
        "{}",
        table.stdout
    );
    let strict = site.run(&["check", "--translations", "--strict"]);
    strict.refused(&["translations: 1 outdated (--strict)"]);
    // In a pull request, the outdated translation is an annotation on its file.
    let github = site.run(&["check", "--translations", "--format", "github"]);
    assert!(
        github.stdout.contains("::warning file=content/councils/first.ro.md::outdated: content/councils/first.en.md changed on 2026-11-20"),
        "{}",
        github.stdout
    );

    // The built site says so on the translation, linking the original; not on the original.
    assert_eq!(site.build().code, 0);
    let ro = site.read("ro/consilii/first/index.html");
    assert!(
        ro.contains(NOTICE) && ro.contains("href=\"/portal/en/councils/first/\" hreflang=\"en\""),
        "{ro}"
    );
    assert!(!site.read("en/councils/first/index.html").contains(NOTICE));
    assert!(!site.read("ro/consilii/second/index.html").contains(NOTICE));

    // Marked current again, by id and language; a second time changes nothing.
    let again = site.run(&["translations", "mark-current", "councils/first", "ro"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let text = site.read_source("content/councils/first.ro.md");
    assert_eq!(text.matches("translated_from:").count(), 1, "replaced, not added: {text}");
    for target in ["content/councils/first.ro.md", "councils/first.ro"] {
        let same = site.run(&["translations", "mark-current", target]);
        assert!(same.stdout.contains("already current"), "{target}: {}", same.stdout);
    }
    let bare = site.run(&["translations", "mark-current", "councils/first"]);
    assert_eq!(bare.code, 2);
    assert!(bare.stderr.contains("mark-current councils/first ro"), "{}", bare.stderr);
    assert_eq!(site.run(&["check", "--translations", "--strict"]).code, 0);
    assert_eq!(site.build().code, 0);
    assert!(!site.read("ro/consilii/first/index.html").contains(NOTICE));
}

#[test]
fn mark_current_names_what_it_cannot_find() {
    let site = Site::fixture("basic");
    let run = site.run(&["translations", "mark-current", "fifth", "ro"]);
    run.refused(&["no translation matches `fifth` in `ro`"]);
    let run = site.run(&["translations", "mark-current", "first"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("name the language after the id"), "{}", run.stderr);
    let run = site.run(&["translations", "mark-current", "content/councils/first.en.md"]);
    assert!(
        run.stderr.contains("no translation matches"),
        "the original is not a translation: {}",
        run.stderr
    );
}

#[test]
fn marking_current_keeps_every_byte_it_does_not_record_the_bom_line_endings_and_notes() {
    let site = Site::fixture("basic");
    let path = "content/councils/first.ro.md";
    let marked = |site: &Site| site.run(&["translations", "mark-current", path]);
    assert_eq!(marked(&site).code, 0);
    // An editor on Windows: a BOM, CRLF in the front matter (and not in the body), a note at
    // column 0 after the recorded block.
    let text = site
        .read_source(path)
        .replace("date: 2023-06-30", "# Dates as in the press release\ndate: 2023-06-30");
    let text = text.replace("translated_from:", "# Recorded by portal; do not edit\ntranslated_from:");
    let text = text.replace("---\n## Rezultate", "# Seoul, not Busan\n---\n## Rezultate");
    let (front, body) = text.split_at(text.find("## Rezultate").unwrap());
    let windows = format!("\u{feff}{}{body}", front.replace('\n', "\r\n"));
    // The English page changes: the Romanian is outdated, and marking it rewrites its block.
    let en = site.read_source("content/councils/first.en.md").replace("## Outcomes", "## Outcomes\n\nMore.");
    site.write("content/councils/first.en.md", &en);
    site.write(path, &windows);
    let run = marked(&site);
    assert!(run.code == 0 && run.stdout.contains("marked current"), "{}{}", run.stdout, run.stderr);
    let after = std::fs::read_to_string(site.root().join(path)).unwrap();
    let block = |t: &str| t[t.find("translated_from:").unwrap()..t.find("# Seoul").unwrap()].to_string();
    assert_ne!(block(&after), block(&windows), "the block was recorded again");
    assert_eq!(after.replace(&block(&after), ""), windows.replace(&block(&windows), ""), "{after:?}");
    assert!(after.starts_with("\u{feff}---\r\n") && block(&after).ends_with("\r\n"));
}

#[test]
fn marking_a_file_the_loading_refuses_says_why_it_cannot_be_found() {
    let site = Site::fixture("basic");
    let path = "content/councils/first.ro.md";
    site.write(path, &site.read_source(path).replace("## Rezultate", "## Re\rzultate"));
    // Another page's mistake is not this command's business.
    let other = "content/domains/chips.ro.md";
    site.write(other, &site.read_source(other).replace("title:", "titel:"));
    let run = site.run(&["translations", "mark-current", path]);
    run.refused(&["no translation matches"]);
    assert!(run.stderr.contains("first.ro.md:16:6"), "the loading's error, at its line: {}", run.stderr);
    assert!(!run.stderr.contains("chips.ro.md"), "{}", run.stderr);
    // Marking every translation, every refused file is said, and none is marked until fixed.
    let before = site.read_source("content/councils/second.ro.md");
    let all = site.run(&["translations", "mark-current", "--all"]);
    assert_eq!(all.code, 1, "{}", all.stdout);
    assert!(all.stderr.contains("first.ro.md:16:6") && all.stderr.contains("chips.ro.md"), "{}", all.stderr);
    assert_eq!(site.read_source("content/councils/second.ro.md"), before, "nothing marked");
}

#[test]
fn a_new_picture_on_the_original_makes_a_translation_that_describes_it_outdated() {
    let site = common::images::site_with_images(400);
    let outdated =
        |site: &Site| site.run(&["check", "--translations"]).stdout.contains("1 outdated translation");
    assert_eq!(site.run(&["translations", "mark-current", "--all"]).code, 0);
    assert!(!outdated(&site));
    let path = "content/councils/second.en.md";
    std::fs::copy(
        site.root().join("content/councils/second/signing.jpg"),
        site.root().join("content/councils/second/other.jpg"),
    )
    .unwrap();
    site.write(path, &site.read_source(path).replace("image: signing.jpg", "image: other.jpg"));
    let report = site.run(&["check", "--translations"]);
    assert!(
        outdated(&site),
        "the Romanian still describes the old picture: {}{}",
        report.stdout,
        report.stderr
    );
}

#[test]
fn a_domain_not_yet_translated_is_listed_and_linked_by_its_page_in_the_default_language() {
    // Publishing a domain in English first and its translation later is an editor's everyday
    // order: the Romanian council that names it, and its text's link, lead to the English page.
    let site = Site::fixture("basic");
    std::fs::remove_file(site.root().join("content/domains/chips.ro.md")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = site.run(&["check"]);
    assert!(check.stderr.contains("content/domains/chips.en.md: no Română translation"), "{}", check.stderr);
    let council = site.main_of("ro/consilii/second/index.html");
    assert!(
        council.contains("<dt><a href=\"/portal/en/domains/chips/\" hreflang=\"en\" lang=\"en\">"),
        "the commitment names the English page, in English:\n{council}"
    );
    assert!(
        council.contains("href=\"/portal/en/domains/chips/\">cipurilor</a>"),
        "the text's link:\n{council}"
    );
    // The English page lists the English councils only.
    let domain = site.main_of("en/domains/chips/index.html");
    assert!(!domain.contains("/ro/"), "{domain}");
    // A translation begun (`portal new` writes drafts) blocks nothing either.
    let ai = site.read_source("content/domains/ai.ro.md");
    site.write("content/domains/chips.ro.md", &ai.replacen("---\n", "---\ndraft: true\n", 1));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        site.main_of("ro/consilii/second/index.html")
            .contains("href=\"/portal/en/domains/chips/\" hreflang=\"en\"")
    );
}

/// A page not yet translated says so in its switcher, a sentence too long to share a phone's
/// first row with the site's name: the two never overlap.
#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn the_switcher_of_a_page_not_yet_translated_leaves_room_for_the_site_s_name_on_phones() {
    use common::browser::Browser;
    let site = Site::fixture("basic");
    std::fs::remove_file(site.root().join("content/domains/chips.ro.md")).unwrap();
    assert_eq!(site.build().code, 0);
    let host = common::host::Host::start(&site.root().join("public"), "/portal/");
    let mut browser = Browser::launch();
    let boxes = "[...document.querySelectorAll('.site-header .site-name, .site-header .switcher li')].map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })";
    for width in [320, 390, 700] {
        let size =
            serde_json::json!({ "width": width, "height": 800, "deviceScaleFactor": 1, "mobile": true });
        browser.call("Emulation.setDeviceMetricsOverride", size);
        browser.goto(&host.url("/portal/en/domains/chips/"));
        let found = browser.eval(&format!("JSON.stringify({boxes})"));
        let found: Vec<[f64; 4]> = serde_json::from_str(found.as_str().unwrap_or("[]")).unwrap_or_default();
        assert!(found.len() >= 3, "the name and two languages: {found:?}");
        let name = found[0];
        for item in &found[1..] {
            let apart = item[0] >= name[2] || item[2] <= name[0] || item[1] >= name[3] || item[3] <= name[1];
            assert!(apart, "at {width} px the switcher {item:?} overlaps the name {name:?}");
        }
    }
}
