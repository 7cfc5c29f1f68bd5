//! The preview's incremental rebuilds are held to the full build: after each kind of change,
//! the site `pipeline::rebuild` returns is byte-identical to a clean `pipeline::run` of the
//! same files, and it redid only as much as it says.

use crate::common;
use common::Site;
use portal::pipeline::{self, Options, Scope};
use std::path::PathBuf;

/// The preview's options: what `serve` rebuilds with.
fn preview() -> Options {
    Options { preview: true, ..Options::default() }
}

/// Builds the fixture, applies `change`, rebuilds incrementally and compares with a clean build.
fn after(change: impl FnOnce(&Site), changed: &[&str]) -> Scope {
    after_on(Site::fixture("basic"), change, changed)
}

/// [`after`] on a given site.
fn after_on(site: Site, change: impl FnOnce(&Site), changed: &[&str]) -> Scope {
    after_with(site, &preview(), change, changed).0
}

/// [`after_on`] with other options; the scope and the incremental build.
fn after_with(
    site: Site,
    options: &Options,
    change: impl FnOnce(&Site),
    changed: &[&str],
) -> (Scope, pipeline::Built) {
    let previous =
        pipeline::run(site.root(), options).unwrap_or_else(|d| panic!("{}", d.render(site.root())));
    change(&site);
    let changed: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
    let (incremental, scope) = pipeline::rebuild(&previous, site.root(), options, &changed);
    let incremental = incremental.unwrap_or_else(|d| panic!("{}", d.render(site.root())));
    let clean = pipeline::run(site.root(), options).unwrap();
    let differing: Vec<&String> = clean
        .site
        .files
        .keys()
        .filter(|k| incremental.site.files.get(*k) != clean.site.files.get(*k))
        .collect();
    assert!(differing.is_empty(), "differ from a clean build: {differing:?}");
    assert_eq!(incremental.site.files.len(), clean.site.files.len());
    assert_eq!(incremental.warnings.clone().sorted(), clean.warnings.clone().sorted());
    (scope, incremental)
}

fn edit(site: &Site, path: &str, from: &str, to: &str) {
    let file = site.root().join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} has no {from:?}");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn outside_the_preview_a_body_edit_remakes_the_search_index_of_a_clean_build() {
    let (scope, built) = after_with(
        Site::fixture("basic"),
        &Options::default(),
        |s| {
            edit(s, "content/domains/chips.ro.md", "Text despre cipuri.", "Text despre știința materialelor.")
        },
        &["content/domains/chips.ro.md"],
    );
    assert_eq!(scope, Scope::Bodies(1));
    assert!(
        built.site.files.keys().any(|k| k.starts_with("ro/pagefind/fragment/")),
        "the index is in the site"
    );
}

#[test]
fn a_body_edit_rebuilds_that_page_only_and_matches_a_clean_build() {
    let scope = after(
        |s| edit(s, "content/councils/first.en.md", "## Outcomes", "## Results\n\nNew text."),
        &["content/councils/first.en.md"],
    );
    assert_eq!(scope, Scope::Bodies(1));
}

fn site_with_images() -> Site {
    common::images::site_with_images(1000)
}

#[test]
fn a_body_edit_that_shows_another_picture_matches_a_clean_build() {
    let scope = after_on(
        site_with_images(),
        |s| {
            edit(
                s,
                "content/councils/second.en.md",
                "](signing.jpg \"Brussels, 2024\")",
                "](/images/wafer.png)",
            );
            edit(s, "content/councils/second.en.md", "![A portrait photo, taken turned.](portrait.jpg)", "");
        },
        &["content/councils/second.en.md"],
    );
    assert_eq!(scope, Scope::Bodies(1));
}

#[test]
fn a_changed_picture_matches_a_clean_build() {
    let scope = after_on(
        site_with_images(),
        |s| common::images::picture(&s.root().join("content/councils/second/signing.jpg"), 1000, 700),
        &["content/councils/second/signing.jpg"],
    );
    assert_eq!(scope, Scope::Full);
}

#[test]
fn a_body_edit_of_a_section_s_own_text_matches_a_clean_build() {
    let scope = after(
        |s| edit(s, "content/_index.ro.md", "Parteneriatul", "Noul parteneriat"),
        &["content/_index.ro.md"],
    );
    assert_eq!(scope, Scope::Bodies(1));
}

#[test]
fn a_front_matter_edit_that_moves_a_council_in_the_timeline_matches_a_clean_build() {
    let scope = after(
        // Before the milestone of 2022-11-28 (the Romanian file writes the date too).
        |s| {
            edit(s, "content/councils/first.en.md", "date: 2023-06-30", "date: 2022-01-10");
            edit(s, "content/councils/first.ro.md", "date: 2023-06-30", "date: 2022-01-10");
        },
        &["content/councils/first.en.md", "content/councils/first.ro.md"],
    );
    assert_eq!(scope, Scope::Full);
}

#[test]
fn a_summary_edit_updates_the_open_data_calendars_and_share_cards_like_a_clean_build() {
    let site = Site::fixture("basic");
    let before = pipeline::run(site.root(), &preview()).unwrap();
    let scope = after_on(
        site.copy(),
        |s| {
            edit(
                s,
                "content/councils/third.en.md",
                "summary: The next meeting.",
                "summary: The next, in Brussels.",
            )
        },
        &["content/councils/third.en.md"],
    );
    assert_eq!(scope, Scope::Full);
    // And the edit reaches each of them (after_on compared every file with a clean build).
    let copy = site.copy();
    edit(
        &copy,
        "content/councils/third.en.md",
        "summary: The next meeting.",
        "summary: The next, in Brussels.",
    );
    let after = pipeline::run(copy.root(), &preview()).unwrap();
    for file in [
        "en/data/councils.json",
        "en/councils/calendar.ics",
        "en/councils/third/third.ics",
        "en/councils/third/index.html",
    ] {
        assert_ne!(before.site.files.get(file), after.site.files.get(file), "{file} follows the summary");
    }
}

#[test]
fn a_front_matter_edit_a_translation_inherits_matches_a_clean_build() {
    // The Romanian file of the second council takes its date from the English one.
    let scope = after(
        |s| edit(s, "content/councils/second.en.md", "date: 2024-03-26", "date: 2023-07-10"),
        &["content/councils/second.en.md"],
    );
    assert_eq!(scope, Scope::Full);
}

#[test]
fn a_body_edit_of_a_translated_page_shows_its_translation_outdated_like_a_clean_build() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["translations", "mark-current", "--all"]).code, 0);
    let scope = after_on(
        site.copy(),
        |s| edit(s, "content/councils/first.en.md", "## Outcomes", "## Results\n\nNew text."),
        &["content/councils/first.en.md"],
    );
    assert_eq!(scope, Scope::Bodies(1));
    // And back: the words it was marked current with make it current again.
    edit(&site, "content/councils/first.en.md", "## Outcomes", "## Results");
    let outdated = site.copy();
    assert!(outdated.build().stdout.contains("Built"));
    assert!(outdated.read("ro/consilii/first/index.html").contains("class=\"wrap notice\""));
    let scope = after_on(
        site,
        |s| edit(s, "content/councils/first.en.md", "## Results", "## Outcomes"),
        &["content/councils/first.en.md"],
    );
    assert_eq!(scope, Scope::Bodies(1));
}

#[test]
fn a_new_file_matches_a_clean_build() {
    after(
        |s| s.write("content/domains/quantum.en.md", "---\ntitle: Quantum\nsummary: Q.\n---\nQubits.\n"),
        &["content/domains/quantum.en.md"],
    );
}

#[test]
fn a_deleted_file_matches_a_clean_build() {
    after(
        |s| std::fs::remove_file(s.root().join("content/milestones/signature.ro.md")).unwrap(),
        &["content/milestones/signature.ro.md"],
    );
}

#[test]
fn a_template_edit_matches_a_clean_build() {
    let scope = after(
        |s| {
            edit(
                s,
                "themes/partnership/templates/council.html",
                "<dt>{{ ui.location }}</dt>",
                "<dt>{{ ui.location }} (edited)</dt>",
            )
        },
        &["themes/partnership/templates/council.html"],
    );
    assert_eq!(scope, Scope::Full);
}

#[test]
fn a_site_yaml_edit_matches_a_clean_build() {
    after(
        |s| edit(s, "site.yaml", "ro: Parteneriat de test", "ro: Parteneriat de încercare"),
        &["site.yaml"],
    );
}

#[test]
fn a_stylesheet_edit_rereads_the_stylesheet_only_and_matches_a_clean_build() {
    let scope = after(
        |s| edit(s, "themes/partnership/static/style.css", "--wrap: 68rem", "--wrap: 60rem"),
        &["themes/partnership/static/style.css"],
    );
    assert_eq!(scope, Scope::Statics(1));
}

#[test]
fn a_theme_script_edit_rereads_the_script_only_and_publishes_it_without_comments_as_a_build_does() {
    let (scope, built) = after_with(
        Site::fixture("basic"),
        &preview(),
        |s| {
            edit(
                s,
                "themes/partnership/static/search.js",
                "const BOX_RESULTS = 6;",
                "// Seven.\n  const BOX_RESULTS = 7;",
            )
        },
        &["themes/partnership/static/search.js"],
    );
    assert_eq!(scope, Scope::Statics(1));
    let script = String::from_utf8(built.site.files["search.js"].to_vec()).unwrap();
    assert!(script.lines().any(|l| l == "const BOX_RESULTS = 7;") && !script.contains("Seven"), "{script}");
}

#[test]
fn a_site_static_file_edited_into_one_a_build_refuses_is_refused_by_the_quick_rebuild_too() {
    let site = Site::fixture("basic");
    site.run(&["cms"]);
    let previous =
        pipeline::run(site.root(), &preview()).unwrap_or_else(|d| panic!("{}", d.render(site.root())));
    edit(&site, "static/admin/index.html", "</body>", "<script>alert(1)</script></body>");
    let changed = [PathBuf::from("static/admin/index.html")];
    let (result, scope) = pipeline::rebuild(&previous, site.root(), &preview(), &changed);
    assert_eq!(scope, Scope::Statics(1), "the quick rebuild of a static file");
    let errors = result.err().expect("an edited admin page is refused").render(site.root());
    assert!(
        errors.contains("static/admin/index.html")
            && errors.contains("is not the one `portal cms` writes for this site.yaml"),
        "{errors}"
    );
}

#[test]
fn a_body_edit_that_breaks_an_anchor_elsewhere_is_an_error() {
    let site = Site::fixture("basic");
    let previous = pipeline::run(site.root(), &preview()).unwrap();
    // The home page links to ai.md#overview; renaming that heading breaks the link.
    edit(&site, "content/domains/ai.en.md", "## Overview", "## Summary");
    let (result, scope) =
        pipeline::rebuild(&previous, site.root(), &preview(), &[PathBuf::from("content/domains/ai.en.md")]);
    assert_eq!(scope, Scope::Bodies(1));
    let errors = result.err().expect("a broken anchor").render(site.root());
    assert!(errors.contains("content/_index.en.md:4:") && errors.contains("#overview"), "{errors}");
}

/// Writes a flat PNG of `width` × `height` pixels at `path` in the site.
fn png(site: &Site, path: &str, width: u32, height: u32) {
    let file = site.root().join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    image::RgbImage::from_pixel(width, height, image::Rgb([10, 20, 30])).save(&file).unwrap();
}

#[test]
fn a_static_picture_replaced_by_one_of_another_size_matches_a_clean_build() {
    let site = Site::fixture("basic");
    png(&site, "static/pics/map.png", 800, 500);
    edit(&site, "content/domains/ai.en.md", "Text about AI.", "Text about AI.\n\n![A map](/pics/map.png)");
    after_on(site, |s| png(s, "static/pics/map.png", 400, 300), &["static/pics/map.png"]);
}

#[test]
fn a_share_card_replaced_by_one_of_another_size_matches_a_clean_build() {
    let site = Site::fixture("basic");
    png(&site, "static/share.png", 1200, 630);
    edit(&site, "site.yaml", "theme: partnership", "theme: partnership\nimage: share.png");
    after_on(site, |s| png(s, "static/share.png", 600, 600), &["static/share.png"]);
}
