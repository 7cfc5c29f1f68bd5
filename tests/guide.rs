//! The editor's guide, `docs/editing.md`, cannot drift from the code: every example in it
//! is a real file (a fixture, or a snapshot of a real error message) shown verbatim, the
//! example site builds, and every field of every schema is documented.

use crate::common;
use common::Site;
use std::path::Path;

fn guide() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/editing.md")).unwrap()
}

/// Every fenced block whose info string names a file: (file, the block's text).
fn examples(guide: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut lines = guide.lines();
    while let Some(line) = lines.next() {
        let Some(file) = line
            .strip_prefix("```")
            .and_then(|info| info.split_once("file="))
            .map(|(_, f)| f.trim().to_string())
        else {
            continue;
        };
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        found.push((file, body.join("\n") + "\n"));
    }
    found
}

#[test]
fn every_example_in_the_guide_is_a_real_file_shown_verbatim() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples = examples(&guide());
    assert!(examples.len() >= 20, "found {} examples", examples.len());
    for (file, shown) in examples {
        let text = std::fs::read_to_string(root.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        // A snapshot's body comes after its `---` header.
        let real =
            if file.ends_with(".snap") { text.splitn(3, "---\n").nth(2).unwrap().to_string() } else { text };
        assert!(real == shown, "docs/editing.md shows {file} differently from the real file");
    }
}

#[test]
fn the_guide_s_example_site_builds_with_no_warning_but_the_publisher_s() {
    let site = Site::fixture("guide");
    let run = site.run(&["check", "--translations"]);
    assert_eq!(run.code, 0, "every translation current:\n{}{}", run.stdout, run.stderr);
    // Its site.yaml, shown in the guide, names no publisher: an example may not invent one.
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("warning")).collect();
    assert_eq!(
        warnings,
        [
            "warning: site.yaml: no `publisher` is given: the site names no publisher (no page, feed or data does), and it may not be published so"
        ],
        "{}",
        run.stderr
    );
    site.build();
    let council = site.main_of("ro/consilii/al-treilea/index.html");
    assert!(
        council.contains(r#"href="/portal/ro/domenii/inteligenta-artificiala/#reglementare""#),
        "{council}"
    );
    assert!(site.main_of("en/about/index.html").contains(r#"<a href="/portal/en/domains/">domains</a>"#));
}

#[test]
fn every_field_of_every_kind_is_documented() {
    let guide = guide();
    for (name, schema) in portal::schema::schemas() {
        let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
        for field in schema["properties"].as_object().unwrap().keys() {
            assert!(guide.contains(&format!("`{field}`")), "{name}: the guide never mentions `{field}`");
        }
    }
}

/// The guide's walk from a draft to a published translation, step by step, with the
/// guide's own files; the outputs it shows are the snapshots taken here.
#[test]
fn the_guide_s_walk_from_draft_to_published_translation_works_as_written() {
    let site = Site::fixture("guide");
    let step = |name: &str, to: &str| {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/walkthrough").join(name);
        std::fs::copy(from, site.root().join("content/milestones").join(to)).unwrap();
    };
    let today = portal::base::today().to_string();
    // Today's date where a command writes it (the day a translation is marked current),
    // and only there: the day the English page changed is its `updated`, fixed in the file.
    let fixed = |text: &str| {
        text.replace(&format!(", {today})"), ", 2026-11-28)")
            .replace(&format!("translated {today}"), "translated 2026-11-28")
    };

    // 1. Started as drafts in both languages; the Romanian file leaves the date to the English.
    assert_eq!(site.run(&["new", "milestone", "summit-2026"]).code, 0);
    insta::assert_snapshot!("walkthrough_new_ro", site.read_source("content/milestones/summit-2026.ro.md"));
    let report = site.run(&["check", "--translations"]);
    assert!(report.stdout.contains("milestones  summit-2026         draft      draft"), "{}", report.stdout);

    // 2. Written, translated, marked current: the translation is published with its original.
    step("summit-2026.en.md", "summit-2026.en.md");
    step("summit-2026.ro.md", "summit-2026.ro.md");
    let marked = site.run(&["translations", "mark-current", "summit-2026", "ro"]);
    assert_eq!(marked.code, 0, "{}", marked.stderr);
    insta::assert_snapshot!("walkthrough_mark_current", fixed(&marked.stdout));
    assert_eq!(site.run(&["check", "--strict", "--translations"]).code, 0);
    site.build();
    let ro = site.read("ro/repere/summit-2026/index.html");
    assert!(ro.contains("mai 2026") && !ro.contains("class=\"wrap notice\""), "the date comes from English");

    // 3. The English changes: the Romanian is outdated, in the report and on its page.
    step("summit-2026.en.changed.md", "summit-2026.en.md");
    let outdated = site.run(&["check", "--translations"]);
    insta::assert_snapshot!("walkthrough_outdated", fixed(&outdated.stdout));
    assert_eq!(site.run(&["check", "--strict", "--translations"]).code, 1);
    site.build();
    assert!(site.read("ro/repere/summit-2026/index.html").contains("class=\"wrap notice\""));

    // 4. Brought up to date and marked current again: published without the notice.
    step("summit-2026.ro.changed.md", "summit-2026.ro.md");
    assert_eq!(site.run(&["translations", "mark-current", "content/milestones/summit-2026.ro.md"]).code, 0);
    assert_eq!(site.run(&["check", "--strict", "--translations"]).code, 0);
    site.build();
    let ro = site.read("ro/repere/summit-2026/index.html");
    assert!(ro.contains("adoptă o declarație comună") && !ro.contains("class=\"wrap notice\""));
}

/// The files a patch changes, from its `diff --git a/… b/…` lines.
fn patch_files(patch: &str) -> Vec<String> {
    patch
        .lines()
        .filter_map(|l| l.strip_prefix("diff --git a/"))
        .filter_map(|l| l.split_once(" b/").map(|(a, _)| a.to_string()))
        .collect()
}

/// A guide's patch, which must apply to the code as it is, and the files its page names in
/// its table (the first column of each row, in backticks): `(patch, files named)`.
fn guide_patch(patch: &str, page: &str) -> (String, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let check = std::process::Command::new("git")
        .args(["apply", "--check", patch])
        .current_dir(root)
        .output()
        .expect("git runs");
    assert!(check.status.success(), "{patch} no longer applies:\n{}", String::from_utf8_lossy(&check.stderr));
    let page = std::fs::read_to_string(root.join(page)).unwrap();
    let table = page.split_once("<!-- the patch's files: kept true by tests/guide.rs -->").unwrap().1;
    let named = table
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| l.split('|').nth(1))
        .flat_map(|cell| cell.split('`').skip(1).step_by(2))
        .map(String::from)
        .collect();
    (std::fs::read_to_string(root.join(patch)).unwrap(), named)
}

/// Every file the patch changes is named on its page, and every file named is changed.
fn names_each_file(files: &[String], named: &[String]) {
    for file in files {
        assert!(
            named.iter().any(|n| file == n || (n.ends_with('/') && file.starts_with(n.as_str()))),
            "the page does not name {file}"
        );
    }
    for name in named {
        assert!(
            files.iter().any(|f| f == name || f.starts_with(name.as_str())),
            "the page names {name}, which the patch does not change"
        );
    }
}

/// The lines a patch adds to and removes from one file.
fn changed_lines<'p>(patch: &'p str, file: &str) -> (Vec<&'p str>, Vec<&'p str>) {
    let diff = patch.split("diff --git").find(|d| d.starts_with(&format!(" a/{file} "))).unwrap();
    let added = diff.lines().filter(|l| l.starts_with('+') && !l.starts_with("+++")).collect();
    let removed = diff.lines().filter(|l| l.starts_with('-') && !l.starts_with("---")).collect();
    (added, removed)
}

#[test]
fn the_adding_an_output_patch_applies_to_the_code_as_it_is_and_touches_only_the_table_and_the_makers() {
    let (text, named) = guide_patch("docs/dev/json-feed.patch", "docs/dev/adding-an-output.md");
    let files = patch_files(&text);
    let code: Vec<&str> = files.iter().map(String::as_str).filter(|f| f.starts_with("src/")).collect();
    assert_eq!(code, ["src/render/site_files.rs", "src/urls.rs"], "the patch's code");
    for file in code {
        let (added, removed) = changed_lines(&text, file);
        assert!(removed.is_empty(), "nothing of {file} changes: {removed:?}");
        assert!(!added.is_empty(), "{file}");
    }
    let (added, _) = changed_lines(&text, "src/urls.rs");
    assert_eq!(added.len(), 4, "the row, with its comment, and its line in the table: {added:?}");
    let (added, _) = changed_lines(&text, "src/render/site_files.rs");
    let makers = added.iter().filter(|l| l.starts_with("+    (&urls::")).count();
    assert_eq!(makers, 1, "one line of MAKERS, and its function: {added:?}");
    names_each_file(&files, &named);
}

#[test]
fn the_adding_a_kind_patch_applies_to_the_code_as_it_is_and_its_page_names_each_of_its_files() {
    let (text, named) = guide_patch("docs/dev/event-kind.patch", "docs/dev/adding-a-kind.md");
    let files = patch_files(&text);
    assert!(files.len() >= 8, "{files:?}");
    // A kind is one file and its line in the table: no other Rust file of `src/` changes.
    let code: Vec<&str> = files.iter().map(String::as_str).filter(|f| f.starts_with("src/")).collect();
    assert_eq!(code, ["src/content/kinds.rs", "src/content/kinds/event.rs"], "the patch's code");
    let (added, removed) = changed_lines(&text, "src/content/kinds.rs");
    assert_eq!(added.len(), 3, "the module, and the row with its comment: {added:?}");
    assert!(removed.is_empty(), "nothing of the table changes");
    names_each_file(&files, &named);
}
