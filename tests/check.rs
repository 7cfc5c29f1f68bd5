//! `portal check`: everything build verifies, without writing, plus warnings; `--strict`;
//! exit status 0 (fine), 1 (content errors, or warnings with --strict), 2 (usage).

use crate::common;
use common::Site;

#[test]
fn a_complete_site_checks_clean_and_nothing_is_written() {
    let site = Site::fixture("basic");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "No problems found.");
    assert!(!site.root().join("public").exists(), "check writes nothing");
}

#[test]
fn missing_translations_drafts_and_unused_domains_are_warnings() {
    let site = Site::fixture("basic");
    site.write("content/domains/quantum.en.md", "---\ntitle: Quantum\nsummary: Qubits.\n---\n");
    site.write("content/pages/soon.en.md", "---\ntitle: Soon\ndraft: true\n---\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("No errors; 3 warnings."), "{}", run.stdout);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn strict_makes_warnings_errors() {
    let site = Site::fixture("basic");
    site.write("content/domains/quantum.en.md", "---\ntitle: Quantum\nsummary: Qubits.\n---\n");
    let run = site.run(&["check", "--strict"]);
    run.refused(&["content/domains/quantum.en.md", "no Română translation", "check failed with 2 errors"]);
}

#[test]
fn content_errors_fail_check_with_status_1() {
    let site = Site::bad("unknown_domain");
    let run = site.run(&["check"]);
    run.refused(&["content/councils/second.en.md:8:5"]);
}

#[test]
fn usage_errors_exit_with_status_2() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["check", "--no-such-flag"]).code, 2);
    assert_eq!(site.run(&["frobnicate"]).code, 2);
}

#[test]
fn a_site_folder_without_site_yaml_is_a_clear_error() {
    let site = Site::fixture("basic");
    std::fs::remove_file(site.root().join("site.yaml")).unwrap();
    let run = site.run(&["build"]);
    run.refused(&["there is no site.yaml", "--root"]);
}

#[test]
fn help_describes_every_command() {
    let site = Site::fixture("basic");
    let run = site.run(&["--help"]);
    assert_eq!(run.code, 0);
    for command in ["build", "check"] {
        assert!(run.stdout.contains(command), "{}", run.stdout);
    }
    let build = site.run(&["build", "--help"]);
    assert!(build.stdout.contains("--base-url") && build.stdout.contains("--drafts"));
}

#[test]
fn links_in_sources_are_followed_inside_the_site_and_refused_when_they_leave_it_or_loop() {
    use std::os::unix::fs::symlink;
    let site = Site::fixture("basic");
    let root = site.root();
    std::fs::rename(root.join("content/pages"), root.join("shared-pages")).unwrap();
    symlink(root.join("shared-pages"), root.join("content/pages")).unwrap();
    let built = site.run(&["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(site.exists("en/about/index.html"), "pages behind a link inside the site are built");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.en.md"), "---\ntitle: X\n---\n").unwrap();
    symlink(outside.path(), root.join("content/milestones/elsewhere")).unwrap();
    symlink(root.join("content"), root.join("shared-pages/loop")).unwrap();
    let run = site.run(&["check"]);
    run.refused(&[
        "content/milestones/elsewhere: this link leads out of the site",
        "content/pages/loop: this link loops back to content",
    ]);
}

/// The basic site with one error (a mistyped field) and one warning (a missing translation).
fn site_with_an_error_and_a_warning() -> Site {
    let site = Site::fixture("basic");
    site.write("content/domains/quantum.en.md", "---\ntitle: Quantum\nsummary: Qubits.\n---\n");
    let about = std::fs::read_to_string(site.root().join("content/pages/about.en.md")).unwrap();
    site.write("content/pages/about.en.md", &about.replacen("title:", "titel:", 1));
    site
}

#[test]
fn warnings_are_shown_with_errors() {
    let site = site_with_an_error_and_a_warning();
    for command in [&["check"][..], &["build"][..]] {
        let run = site.run(command);
        assert_eq!(run.code, 1, "{command:?}");
        assert!(run.stderr.contains("unknown field `titel`"), "{}", run.stderr);
        assert!(
            run.stderr.contains("warning: content/domains/quantum.en.md: no Română translation"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("with 1 error and "), "{}", run.stderr);
    }
}

#[test]
fn check_prints_every_diagnostic_as_json_or_as_github_annotations() {
    let site = site_with_an_error_and_a_warning();
    let json = site.run(&["check", "--format", "json"]);
    assert_eq!(json.code, 1);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON on stdout");
    assert_eq!(value["errors"], 1);
    let all = value["diagnostics"].as_array().unwrap();
    let error = all.iter().find(|d| d["severity"] == "error").unwrap();
    assert_eq!(
        (error["file"].as_str(), error["line"].as_u64()),
        (Some("content/pages/about.en.md"), Some(2))
    );
    assert!(all.iter().any(|d| d["severity"] == "warning" && d["file"] == "content/domains/quantum.en.md"));
    let github = site.run(&["check", "--format", "github"]);
    assert_eq!(github.code, 1);
    insta::assert_snapshot!(github.stdout);
    let clean = Site::fixture("basic").run(&["check", "--format", "github"]);
    assert_eq!((clean.code, clean.stdout.as_str()), (0, ""), "nothing to annotate");
}

#[test]
fn translations_strict_fails_when_a_translation_is_missing() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["check", "--translations", "--strict"]).code, 1, "not tracked yet");
    assert_eq!(site.run(&["translations", "mark-current", "--all"]).code, 0);
    assert_eq!(site.run(&["check", "--translations", "--strict"]).code, 0, "all translated");
    std::fs::remove_file(site.root().join("content/pages/about.ro.md")).unwrap();
    assert_eq!(site.run(&["check", "--translations"]).code, 0, "a warning without --strict");
    let strict = site.run(&["check", "--translations", "--strict"]);
    strict.refused(&["translations: 1 missing (--strict)"]);
    let json = site.run(&["check", "--translations", "--format", "json"]);
    assert!(
        serde_json::from_str::<serde_json::Value>(&json.stdout).is_ok(),
        "stdout stays JSON: {}",
        json.stdout
    );
}

/// The basic site without its `publisher:`.
fn site_without_a_publisher() -> Site {
    let site = Site::fixture("basic");
    let config = site.read_source("site.yaml");
    site.write("site.yaml", &config[..config.find("publisher:").expect("the fixture names one")]);
    site
}

#[test]
fn a_site_without_a_publisher_is_warned_at_site_yaml_and_may_not_pass_strict() {
    let site = site_without_a_publisher();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning: site.yaml: no `publisher` is given"), "{}", run.stderr);
    assert!(
        run.stderr.contains("publisher:\n     name: { en: …, ro: … }"),
        "it says what to write:\n{}",
        run.stderr
    );
    let strict = site.run(&["check", "--strict"]);
    assert_eq!(strict.code, 1, "the publishing gate fails without a publisher");
    let build = site.run(&["build"]);
    assert_eq!(build.code, 0);
    assert!(build.stderr.contains("1 warning"), "{}", build.stderr);
    // Every page says so, in its language: a reader who takes the site's name for its author
    // is told otherwise.
    for (path, bytes) in
        site.tree().into_iter().filter(|(p, _)| p.ends_with(".html") && common::for_readers(p))
    {
        let html = String::from_utf8_lossy(&bytes);
        let said = if path.starts_with("ro/") {
            "nu se exprimă în numele Uniunii Europene"
        } else {
            "does not speak for the European Union"
        };
        assert!(html.contains(said), "{path} does not say it names no publisher");
    }
    // Nothing names a publisher: no page, no feed, no data.
    // (The data files' JSON Schemas describe a `licensor` a file may have.)
    for (path, bytes) in site.tree().into_iter().filter(|(p, _)| !p.ends_with(".schema.json")) {
        let text = String::from_utf8_lossy(&bytes);
        // (A cited document's own publisher, in `sources`, is not the site's.)
        for invented in ["#publisher\"", "<author><name>EU", "Published by", "Publicat de", "\"licensor\""] {
            assert!(!text.contains(invented), "{path} names a publisher ({invented})");
        }
    }
    // A feed still has the author Atom requires (RFC 4287, 4.1.1): those who write it.
    for (feed, editors) in
        [("en/atom.xml", "The editors of this site"), ("ro/atom.xml", "Editorii acestui site")]
    {
        let xml = site.read(feed);
        assert_eq!(xml.matches("<author>").count(), 1, "{feed}: one author, the feed's");
        assert!(xml.contains(&format!("<author><name>{editors}</name></author>")), "{feed}:\n{xml}");
    }
}

#[test]
fn a_publisher_s_contact_that_is_no_address_is_an_error_at_its_line() {
    let site = Site::fixture("basic");
    let config = site
        .read_source("site.yaml")
        .replace("contact: mailto:portal@example.org", "contact: the press office");
    site.write("site.yaml", &config);
    site.run(&["check"]).refused(&[
        "publisher `contact` `the press office` is neither an e-mail address nor a web page",
        "site.yaml:24:12",
    ]);
}

#[test]
fn a_council_without_sources_is_a_warning_at_its_file_and_fails_strict_but_not_in_a_draft() {
    let site = Site::fixture("basic");
    let second = site.read_source("content/councils/second.en.md");
    let start = second.find("sources:").expect("the fixture cites a source");
    let end = second[start..].find("---").map(|e| start + e).unwrap();
    site.write("content/councils/second.en.md", &format!("{}{}", &second[..start], &second[end..]));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning: this council cites no source"), "{}", run.stderr);
    assert!(run.stderr.contains("content/councils/second.en.md:1:1"), "{}", run.stderr);
    // The translation takes the original's sources: the warning is given once, at the original.
    assert!(!run.stderr.contains("second.ro.md"), "{}", run.stderr);
    let strict = site.run(&["check", "--strict"]);
    assert_eq!(strict.code, 1, "the publishing gate fails on it: {}", strict.stderr);
    let draft = site.read_source("content/councils/second.en.md").replacen("---\n", "---\ndraft: true\n", 1);
    site.write("content/councils/second.en.md", &draft);
    assert!(!site.run(&["check"]).stderr.contains("cites no source"), "a draft is not yet published");
}

#[test]
fn a_milestone_without_sources_is_a_warning_too_and_fails_strict() {
    let site = Site::fixture("basic");
    let path = "content/milestones/signature.en.md";
    let text = site.read_source(path);
    let start = text.find("sources:").expect("the fixture cites a source");
    let end = text[start..].find("---").map(|e| start + e).unwrap();
    site.write(path, &format!("{}{}", &text[..start], &text[end..]));
    let run = site.run(&["check"]);
    assert!(
        run.code == 0 && run.stderr.contains("warning: this milestone cites no source"),
        "{}",
        run.stderr
    );
    assert_eq!(site.run(&["check", "--strict"]).code, 1);
}

#[test]
fn a_translation_that_takes_a_bracketed_description_from_its_original_is_warned() {
    let site = Site::fixture("basic");
    let signature = site.read_source("content/milestones/signature.en.md");
    site.write(
        "content/milestones/signature.en.md",
        &signature.replace("title: Statement of the fixture", "title: \"[Statement on the signature]\""),
    );
    let run = site.run(&["check"]);
    assert!(run.stderr.contains("this translation takes its sources from the original"), "{}", run.stderr);
    assert!(run.stderr.contains("content/milestones/signature.ro.md:1:1"), "{}", run.stderr);
    assert!(
        site.read_source("content/milestones/signature.ro.md").contains("title:"),
        "the fixture's translation"
    );
}

#[test]
fn github_annotations_show_an_escape_sequence_in_a_file_name_not_run_it() {
    let site = Site::fixture("basic");
    site.write("content/pages/x\u{1b}]0;PWNED\u{7}.en.md", "---\ntitle: X\n---\nText.\n");
    let run = site.run(&["check", "--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stdout.contains(['\u{1b}', '\u{7}']), "{:?}", run.stdout);
    assert!(run.stdout.contains("x\\u{1b}]0;PWNED\\u{7}.en.md"), "{}", run.stdout);
}

#[test]
fn a_markdown_file_not_named_md_or_with_an_upper_case_language_is_an_error_not_left_out() {
    let site = Site::fixture("basic");
    let about = site.read_source("content/pages/about.en.md");
    site.write("content/pages/contact.en.markdown", &about);
    site.write("content/pages/team.en.MD", &about);
    site.write("content/pages/history.EN.md", &about);
    let run = site.run(&["check"]);
    let stderr = run.refused(&[
        "content/pages/contact.en.markdown",
        "content/pages/team.en.MD",
        "content/pages/history.EN.md",
    ]);
    assert!(
        stderr.contains("rename it `contact.en.md`") && stderr.contains("rename it `team.en.md`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("end its name in `.en.md`: language codes are written in lower case"),
        "{stderr}"
    );
}

#[test]
fn a_site_without_a_content_folder_is_an_error_not_an_empty_site() {
    let site = Site::fixture("basic");
    std::fs::remove_dir_all(site.root().join("content")).unwrap();
    let run = site.run(&["build"]);
    let stderr = run.refused(&["content: the site has no content/ folder"]);
    assert!(stderr.contains("run portal in the site's folder"), "{stderr}");
}

#[test]
fn check_keeps_what_the_next_build_reuses_and_writes_no_site() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["check"]).code, 0);
    assert!(!site.root().join("public").exists(), "no site written");
    assert!(site.root().join(".portal-cache/search").is_dir(), "the search index's pages kept");
    let build = site.build();
    let line = build.stdout.lines().find(|l| l.starts_with("Search:")).unwrap_or_default();
    assert!(line.contains(", 0 read now,"), "the build read no page again: {}", build.stdout);
}
