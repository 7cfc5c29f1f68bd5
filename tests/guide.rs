//! The editor's guide, `docs/editing.md`, cannot drift from the code: every example in it
//! is a real file (a fixture, or a snapshot of a real error message) shown verbatim, the
//! example site builds, and every field of every schema is documented.

mod common;
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
fn the_guide_s_example_site_builds_without_a_warning() {
    let site = Site::fixture("guide");
    let run = site.run(&["check", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
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
