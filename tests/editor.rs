//! The editor's workflow: `portal new` for every kind, the translation report, and the JSON
//! Schemas kept in step with the loader and validating every shipped content file.

use crate::common;
use common::Site;
use std::path::Path;

/// Edits a file as an editor does: `edit` gets the text and returns the new one.
fn edit(site: &Site, path: &str, edit: impl Fn(String) -> String) {
    let file = site.root().join(path);
    std::fs::write(&file, edit(std::fs::read_to_string(&file).unwrap())).unwrap();
}

/// Publishes a file `portal new` wrote: drops `draft: true`, gives it a title.
fn publish_with_title_only(site: &Site, path: &str, title: &str) {
    edit(site, path, |text| {
        assert!(text.contains("title: \"\"") && text.contains("draft: true"), "{path}:\n{text}");
        let text = text.replacen("title: \"\"", &format!("title: {title}"), 1);
        text.lines().filter(|l| !l.starts_with("draft:")).map(|l| format!("{l}\n")).collect()
    });
}

const KINDS: [(&str, &str, &str); 4] = [
    ("council", "fourth", "councils"),
    ("domain", "quantum", "domains"),
    ("milestone", "launch", "milestones"),
    ("page", "contact", "pages"),
];

#[test]
fn new_starts_every_kind_as_a_draft_that_is_checked_but_never_published() {
    let site = Site::fixture("basic");
    for (kind, id, folder) in KINDS {
        let run = site.run(&["new", kind, id]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for lang in ["en", "ro"] {
            assert!(
                run.stdout.contains(&format!("created content/{folder}/{id}.{lang}.md")),
                "{}",
                run.stdout
            );
        }
    }
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "drafts are only warnings: {}", check.stderr);
    assert_eq!(check.stderr.matches("draft: left out of the build").count(), 8, "{}", check.stderr);
    site.build();
    assert!(!site.exists("en/contact/index.html") && !site.exists("ro/repere/launch/index.html"));
}

#[test]
fn a_page_published_with_only_its_title_is_refused_until_it_is_filled_in() {
    let site = Site::fixture("basic");
    for (kind, id, folder) in KINDS {
        assert_eq!(site.run(&["new", kind, id]).code, 0);
        for lang in ["en", "ro"] {
            publish_with_title_only(
                &site,
                &format!("content/{folder}/{id}.{lang}.md"),
                &format!("{kind} {lang}"),
            );
        }
    }
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1);
    let council = "content/councils/fourth.en.md";
    for (what, line) in [
        ("`location` is empty, and this page is not a draft", 5),
        ("`summary` is empty", 11),
        ("the text `portal new` wrote is still here", 14),
    ] {
        let at = format!("{council}:{line}:1");
        assert!(
            check.stderr.contains(what) && check.stderr.contains(&at),
            "{what} at {at}:\n{}",
            check.stderr
        );
    }
    assert!(!check.stderr.contains("content/pages/contact.en.md:2"), "a page needs no summary");
    assert!(check.stderr.contains("content/councils/fourth.ro.md:9:1"), "the Romanian placeholder too");
    assert!(
        !check.stderr.contains("content/councils/fourth.ro.md:1:1"),
        "the place it inherits: once, in English"
    );
    let romanian = std::fs::read_to_string(site.root().join("content/councils/fourth.ro.md")).unwrap();
    assert!(
        romanian.contains("# obligatoriu: una sau două fraze pentru liste")
            && romanian
                .contains("# Luate din original dacă nu sunt scrise aici (English): number, date, status")
            && !romanian.contains("\nnumber:")
            && romanian.contains("Scrieți textul aici"),
        "{romanian}"
    );
    for (_, id, folder) in KINDS {
        for lang in ["en", "ro"] {
            edit(&site, &format!("content/{folder}/{id}.{lang}.md"), |text| {
                text.replace("location: \"\"", "location: Seoul")
                    .replace("summary: \"\"", "summary: Ready.")
                    .replace(portal::lang::en::RULES.placeholder_body, "The text.")
                    .replace(portal::lang::ro::RULES.placeholder_body, "Textul.")
            });
        }
    }
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    site.build();
    assert!(site.exists("ro/repere/launch/index.html") && site.exists("en/contact/index.html"));
}

#[test]
fn a_new_council_gets_the_next_number_and_today_s_date() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["new", "council", "fourth"]).code, 0);
    let text = std::fs::read_to_string(site.root().join("content/councils/fourth.en.md")).unwrap();
    assert!(text.contains("number: 4 "), "the fixture has councils 1 to 3:\n{text}");
    let today = portal::scaffold::today().to_string();
    assert!(text.contains(&format!("date: {today} ")), "{text}");
    assert!(
        text.lines()
            .filter(|l| l.contains(':') && !l.starts_with('#') && !l.starts_with("---"))
            .all(|l| l.contains("  # ")),
        "every field has a comment:\n{text}"
    );
}

#[test]
fn new_never_overwrites_and_writes_nothing_when_one_file_exists() {
    let site = Site::fixture("basic");
    std::fs::remove_file(site.root().join("content/domains/ai.ro.md")).unwrap();
    let before = std::fs::read_to_string(site.root().join("content/domains/ai.en.md")).unwrap();
    let run = site.run(&["new", "domain", "ai"]);
    run.refused(&["content/domains/ai.en.md", "never overwrites"]);
    assert_eq!(std::fs::read_to_string(site.root().join("content/domains/ai.en.md")).unwrap(), before);
    assert!(!site.root().join("content/domains/ai.ro.md").exists(), "not even the missing translation");
}

#[test]
fn new_refuses_an_id_that_is_not_a_clean_slug_and_suggests_one() {
    let site = Site::fixture("basic");
    let run = site.run(&["new", "domain", "Inteligență Artificială"]);
    run.refused(&["portal new domain inteligenta-artificiala"]);
    assert_eq!(site.run(&["new", "festival", "x"]).code, 2, "an unknown kind is a usage error");
}

#[test]
fn the_translation_report_shows_what_is_missing() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["translations", "mark-current", "--all"]).code, 0);
    std::fs::remove_file(site.root().join("content/pages/about.ro.md")).unwrap();
    site.write("content/domains/quantum.en.md", "---\ntitle: Quantum\nsummary: Q.\ndraft: true\n---\n");
    site.write("content/domains/quantum.ro.md", "---\ntitle: Cuantic\nsummary: C.\n---\n");
    let run = site.run(&["check", "--translations"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
    let json = site.run(&["check", "--translations", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON on stdout");
    assert_eq!(report["missing"], 1);
    let about = report["rows"].as_array().unwrap().iter().find(|r| r["id"] == "about").unwrap();
    assert_eq!(about["languages"]["ro"], "missing");
    let quantum = report["rows"].as_array().unwrap().iter().find(|r| r["id"] == "quantum").unwrap();
    assert_eq!(
        (quantum["languages"]["en"].as_str(), quantum["languages"]["ro"].as_str()),
        (Some("draft"), Some("present"))
    );
    // A translation that records no original (`translated_from`) is untracked; a file that
    // does not load is invalid.
    let signature = site.read_source("content/milestones/signature.ro.md");
    let start = signature.find("translated_from:").expect("marked current above");
    let end = start + signature[start..].find("\n  date:").unwrap();
    let end = end + signature[end + 1..].find('\n').unwrap() + 2;
    site.write(
        "content/milestones/signature.ro.md",
        &format!("{}{}", &signature[..start], &signature[end..]),
    );
    site.write("content/councils/third.ro.md", "---\ntitle: [unclosed\n---\nText.\n");
    let json = site.run(&["check", "--translations", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON on stdout");
    let state = |id: &str| {
        let row = report["rows"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap();
        row["languages"]["ro"].as_str().unwrap_or_default().to_string()
    };
    assert_eq!((state("signature").as_str(), state("third").as_str()), ("untracked", "invalid"), "{report}");
    let table = site.run(&["check", "--translations"]).stdout;
    assert!(table.contains("untracked") && table.contains("invalid"), "{table}");
}

fn schema(name: &str) -> jsonschema::Validator {
    let (_, text) = portal::schema::schemas().into_iter().find(|(n, _)| *n == name).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

/// The front matter of a content file, as JSON.
fn front_matter(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let yaml = text.strip_prefix("---\n").and_then(|t| t.split("\n---\n").next()).unwrap_or("");
    serde_yaml::from_str(if yaml.trim().is_empty() { "{}" } else { yaml }).unwrap()
}

fn schema_for(path: &Path) -> &'static str {
    let name = path.file_name().unwrap().to_string_lossy();
    if name.starts_with("_index") {
        return "index.schema.json";
    }
    let translation = name.ends_with(".ro.md");
    match path.parent().unwrap().file_name().unwrap().to_str().unwrap() {
        "councils" if translation => "council.translation.schema.json",
        "councils" => "council.schema.json",
        "domains" => "domain.schema.json",
        "milestones" if translation => "milestone.translation.schema.json",
        "milestones" => "milestone.schema.json",
        _ => "page.schema.json",
    }
}

#[test]
fn the_committed_schemas_are_the_ones_the_loader_s_types_generate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    for (name, text) in portal::schema::schemas() {
        let committed = std::fs::read_to_string(dir.join(&name)).unwrap_or_default();
        assert!(committed == text, "schemas/{name} is out of date: run `cargo run -- schema`");
    }
}

#[test]
fn portal_schema_writes_the_committed_schemas_where_it_is_told() {
    let site = common::Site::fixture("basic");
    let run = site.run(&["schema", "--out", "made/schemas"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let written = common::tree(&site.root().join("made/schemas"));
    assert_eq!(written.len(), portal::schema::schemas().len(), "{:?}", written.keys());
    for (name, bytes) in written {
        assert_eq!(std::fs::read(committed.join(&name)).unwrap(), bytes, "{name}");
    }
}

#[test]
fn every_shipped_content_file_and_site_yaml_validate_against_the_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site: serde_json::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("site.yaml")).unwrap()).unwrap();
    assert!(schema("site.schema.json").is_valid(&site));
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let errors: Vec<String> = schema(schema_for(entry.path()))
            .iter_errors(&front_matter(entry.path()))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", entry.path().display());
        checked += 1;
    }
    assert_eq!(checked, 62);
}

#[test]
fn the_schemas_reject_what_the_loader_rejects() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    for case in [
        "unknown_field/content/domains/ai.en.md",
        "unknown_status/content/councils/first.en.md",
        "missing_field/content/councils/first.en.md",
    ] {
        let path = fixtures.join(case);
        assert!(!schema(schema_for(&path)).is_valid(&front_matter(&path)), "{case} passes the schema");
    }
    let council = schema("council.schema.json");
    let valid = serde_json::json!({"title": "T", "date": "2025-11-28", "location": "x", "number": 1, "domains": [], "summary": "x"});
    assert!(council.is_valid(&valid));
    for (field, value) in [
        ("title", serde_json::json!("")),
        ("date", serde_json::json!("2025-13-01")),
        ("date", serde_json::json!("30 June 2023")),
        ("domains", serde_json::json!(["Big Data"])),
        ("number", serde_json::json!(0)),
    ] {
        let mut bad = valid.clone();
        bad[field] = value.clone();
        assert!(!council.is_valid(&bad), "{field}: {value} passes the schema");
    }
}

#[test]
fn new_refuses_an_id_whose_address_the_site_s_own_pages_use_before_writing_anything() {
    let site = Site::fixture("basic");
    for (id, taken) in [
        ("search", "/en/search/, which the site's own `search` page already uses"),
        ("data", "/en/data/"),
        // Another page's: the about page's Romanian `slug` is `despre`.
        ("despre", "/ro/despre/, which content/pages/about.ro.md already uses"),
    ] {
        let run = site.run(&["new", "page", id]);
        assert_eq!(run.code, 1, "{id}: {}", run.stderr);
        assert!(run.stderr.contains(taken) && run.stderr.contains("choose another id"), "{}", run.stderr);
        assert!(!site.root().join(format!("content/pages/{id}.en.md")).exists(), "{id}: nothing written");
        assert!(!site.root().join(format!("content/pages/{id}.ro.md")).exists(), "{id}: nothing written");
    }
    assert_eq!(site.run(&["new", "page", "contact"]).code, 0, "a free address is fine");
}
