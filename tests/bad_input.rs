//! One fixture per mistake an editor can make (`tests/fixtures/bad/<case>/`, laid over the
//! `basic` site): the build fails with status 1, leaves nothing written, and the message
//! names the file and the line. Each rendered diagnostic is kept as a snapshot.

use crate::common;
use common::Site;

/// Builds the case, checks status and location, snapshots stderr.
fn fails_at(case: &str, locations: &[&str]) -> String {
    let site = Site::bad(case);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{case}: expected a content error\n{}", run.stderr);
    assert!(!site.exists("index.html"), "{case}: nothing may be written");
    for location in locations {
        assert!(run.stderr.contains(location), "{case}: stderr does not name {location}:\n{}", run.stderr);
    }
    insta::assert_snapshot!(case, run.stderr);
    run.stderr
}

#[test]
fn broken_yaml_names_the_line() {
    fails_at("broken_yaml", &["content/councils/first.en.md:5:9"]);
}

#[test]
fn a_missing_field_is_named_with_an_example() {
    let err = fails_at("missing_field", &["content/councils/first.en.md:2:1"]);
    assert!(err.contains("missing required field `date`") && err.contains("date: 2025-11-28"));
}

#[test]
fn a_mistyped_field_suggests_the_closest_one() {
    let err = fails_at("unknown_field", &["content/domains/ai.en.md:2:1"]);
    assert!(err.contains("did you mean `title`?"));
}

#[test]
fn a_mistyped_value_suggests_the_closest_one() {
    let err = fails_at("unknown_status", &["content/councils/first.en.md:6:9"]);
    assert!(err.contains("did you mean `held`?"));
}

#[test]
fn a_date_that_does_not_exist_is_refused() {
    let err = fails_at("wrong_date", &["content/milestones/signature.en.md:3:7"]);
    assert!(err.contains("28 days"));
}

#[test]
fn an_unknown_domain_id_is_located_and_corrected() {
    let err = fails_at("unknown_domain", &["content/councils/second.en.md:8:5"]);
    assert!(err.contains("there is no domain `aj`") && err.contains("did you mean `ai`?"));
    assert!(!err.contains("second.ro.md"), "the translation takes the ids: reported once, in English");
}

#[test]
fn a_domain_listed_twice_by_a_council_is_refused_at_its_line() {
    // Its commitment would be shown once per time it is listed.
    let err = fails_at("repeated_domain", &["content/councils/second.en.md:10:18"]);
    assert!(err.contains("`chips` is listed more than once in `domains`"), "{err}");
}

#[test]
fn a_commitment_on_a_domain_the_council_does_not_list_is_refused() {
    fails_at("commitment_not_listed", &["content/councils/second.en.md:9:3"]);
}

#[test]
fn a_broken_at_link_is_located_and_corrected() {
    let err = fails_at("broken_link", &["content/pages/about.en.md:6:12"]);
    assert!(err.contains("did you mean `@/domains/ai.md`?"));
}

#[test]
fn a_broken_anchor_is_located_and_corrected() {
    let err = fails_at("broken_anchor", &["content/pages/about.en.md:6:10"]);
    assert!(err.contains("did you mean `#overview`?"));
}

#[test]
fn two_councils_with_the_same_number_are_refused() {
    let err = fails_at("duplicate_number", &["content/councils/second.en.md:5:9"]);
    assert!(err.contains("council number 1 is also used by content/councils/first.en.md"));
}

#[test]
fn two_files_for_one_id_and_language_are_refused() {
    let err = fails_at("duplicate_file", &["content/domains/ai.md:1:1"]);
    assert!(err.contains("content/domains/ai.en.md"));
}

#[test]
fn an_undeclared_language_suffix_is_refused() {
    let err = fails_at("undeclared_language", &["content/domains/ai.fr.md"]);
    assert!(err.contains("use one of: en, ro"));
}

#[test]
fn a_file_that_is_not_utf8_is_refused_at_its_line() {
    fails_at("not_utf8", &["content/pages/about.en.md:4:4"]);
}

#[test]
fn an_id_that_would_write_outside_public_is_refused() {
    let err = fails_at("id_outside_public", &["content/pages/about.en.md:3:7"]);
    assert!(err.contains("outside public/"));
}

#[test]
fn a_file_name_that_is_not_a_clean_id_gets_a_suggestion() {
    let err = fails_at("bad_id", &["content/domains/Big_Data.en.md"]);
    assert!(err.contains("`big-data`"));
}

#[test]
fn an_unclosed_front_matter_is_refused() {
    fails_at("unclosed_front_matter", &["content/pages/about.en.md:1:1"]);
}

#[test]
fn windows_line_endings_and_a_bom_keep_line_numbers_right() {
    let err = fails_at("crlf_bom_error", &["content/pages/about.en.md:3:1"]);
    assert!(err.contains("did you mean `summary`?"));
}

#[test]
fn an_unknown_content_folder_is_refused() {
    let err = fails_at("unknown_folder", &["content/council/fourth.en.md"]);
    assert!(err.contains("did you mean `content/councils/`?"));
}

#[test]
fn a_template_error_names_the_template_line_and_the_page() {
    let err = fails_at("template_error", &["templates/council.html:4:"]);
    assert!(err.contains("no_such_filter"), "{err}");
}

#[test]
fn a_missing_ui_string_is_an_error_not_a_blank() {
    let err = fails_at("missing_ui_string", &["templates/page.html:4:"]);
    assert!(err.contains("no UI string `no_such_string`") && err.contains("while rendering /en/about/"));
}

#[test]
fn a_missing_ui_key_is_an_error_naming_the_strings_file() {
    let err = fails_at("missing_ui_key", &["templates/page.html:4:"]);
    assert!(err.contains("no UI string `no_such_string`") && err.contains("themes/partnership/i18n/"));
    assert!(!err.contains("Available fields"), "the list of every string is noise here:\n{err}");
    // Both languages' pages fail on that line: one error, saying how many pages it stopped.
    assert!(err.contains("the same on 1 other page") && err.contains("build failed with 1 error"), "{err}");
}

#[test]
fn a_mistyped_ui_key_suggests_the_closest_one() {
    let err = fails_at("mistyped_ui_key", &["templates/page.html:4:10"]);
    assert!(err.contains("no UI string `hme`") && err.contains("did you mean `ui.home`?"));
}

#[test]
fn a_mistyped_key_in_site_yaml_is_named() {
    let err = fails_at("bad_config", &["site.yaml:4:1"]);
    assert!(err.contains("did you mean `base_url`?"));
}

#[test]
fn a_contact_that_is_not_a_link_is_refused() {
    let err = fails_at("bad_contact", &["site.yaml:20:1"]);
    assert!(err.contains("mailto:portal@example.eu"), "the hint shows the form: {err}");
}

#[test]
fn translations_of_a_council_must_share_its_date() {
    fails_at("translation_disagrees", &["content/councils/second.ro.md:3:7"]);
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let err = fails_at(
        "many_errors",
        &[
            "content/domains/ai.en.md:3:1",
            "content/milestones/signature.ro.md:3:7",
            "content/pages/about.en.md:4:5",
        ],
    );
    assert!(err.contains("build failed with 3 errors"), "{err}");
}

#[test]
fn a_ui_string_missing_in_one_language_is_an_error() {
    let err = fails_at("untranslated_ui_string", &["themes/partnership/i18n/ro.yaml"]);
    assert!(err.contains("UI string `share` is missing") && err.contains("Share this page"), "{err}");
}

#[test]
fn two_sections_with_one_url_segment_are_refused_at_the_second() {
    let err = fails_at("clashing_sections", &["site.yaml:16:7"]);
    assert!(err.contains("`domains` and `councils` of `ro` both use the URL segment `consilii`"), "{err}");
}

#[test]
fn a_mistyped_section_name_is_refused_at_its_line_with_the_name_meant() {
    let err = fails_at("unknown_section", &["site.yaml:17:7"]);
    assert!(err.contains("unknown section `milestons` under `sections` of `ro`"), "{err}");
    assert!(err.contains("did you mean `milestones`?"), "{err}");
}

#[test]
fn a_section_name_for_a_kind_without_a_list_page_is_refused() {
    let site = Site::fixture("basic");
    let config = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &config.replace("      councils: consilii\n", "      councils: consilii\n      pages: pagini\n"),
    );
    let run = site.run(&["check"]);
    run.refused(&["unknown section `pages`", "site.yaml:16:7"]);
}

#[test]
fn a_static_file_in_a_page_s_place_is_refused() {
    let err = fails_at("static_over_a_page", &["static/en/index.html"]);
    assert!(
        err.contains("would be written to /en/index.html, where the site writes a page or file of its own"),
        "{err}"
    );
}

#[test]
fn a_static_file_in_the_search_index_s_folder_is_refused_at_its_path() {
    // It made `File exists (os error 17)`, naming no file.
    let site = Site::fixture("basic");
    site.write("static/en/pagefind/pagefind-entry.json", "{}");
    let run = site.run(&["build"]);
    run.refused(&[
        "static/en/pagefind/pagefind-entry.json: this static file would be written to /en/pagefind/pagefind-entry.json",
    ]);
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
}

#[test]
fn an_unclosed_quote_is_shown_where_it_opens_with_no_second_line_number() {
    let err = fails_at("unclosed_quote", &["content/domains/ai.en.md:2:8"]);
    assert!(err.contains("this quoted text is never closed") && !err.contains(" at line "), "{err}");
}

#[test]
fn an_unclosed_bracket_is_shown_where_it_opens() {
    let err = fails_at("unclosed_bracket", &["content/domains/ai.en.md:4:10"]);
    assert!(!err.contains(" at line "), "{err}");
}

#[test]
fn a_tab_used_to_indent_is_named() {
    let err = fails_at("tab_indent", &["content/domains/ai.en.md:3:1"]);
    assert!(err.contains("YAML indents with spaces only") && !err.contains(" at line "), "{err}");
}

#[test]
fn a_byte_that_is_not_utf8_in_site_yaml_is_placed_at_its_line_and_column() {
    let err = fails_at("site_not_utf8", &["site.yaml:6:27"]);
    assert!(err.contains("not UTF-8"), "{err}");
}

#[test]
fn a_byte_that_is_not_utf8_in_the_ui_strings_is_placed_at_its_line_and_column() {
    let err = fails_at("ui_strings_not_utf8", &["i18n/ro.yaml:1:35"]);
    assert!(err.contains("not UTF-8"), "{err}");
}

#[test]
fn a_missing_parent_template_is_named_in_the_template_that_extends_it() {
    let err = fails_at("missing_parent_template", &["templates/council.html:1:13"]);
    assert!(!err.contains("(built-in)"), "{err}");
}

#[test]
fn a_misspelled_domain_in_commitments_suggests_the_listed_one() {
    let err = fails_at("commitment_typo", &["content/councils/second.en.md:8:3"]);
    assert!(err.contains("did you mean `chips`, which the council lists?"), "{err}");
}

#[test]
fn romanian_written_with_cedillas_is_refused_in_content_and_ui_strings_with_the_fix() {
    let err = fails_at("cedilla", &["content/domains/ai.ro.md:2:17", "i18n/ro.yaml:1:29"]);
    assert!(
        err.contains("Romanian writes `ț`, with a comma below") && err.contains("Salt la conținut"),
        "{err}"
    );
}

#[test]
fn a_council_numbered_after_another_but_dated_before_it_is_refused() {
    let err = fails_at("numbers_out_of_order", &["content/councils/third.en.md:3:7"]);
    assert!(err.contains("council 3 is dated 2024-01-10, before council 2 (2024-03-26"), "{err}");
    assert!(!err.contains("third.ro.md"), "the translation takes the date: reported once");
}

#[test]
fn a_script_or_a_script_link_in_a_page_s_text_is_refused_at_its_column() {
    let err =
        fails_at("script_in_body", &["content/pages/about.en.md:5:18", "content/pages/about.en.md:5:53"]);
    assert!(err.contains("the element <script> is not allowed") && err.contains("uses `javascript:`"));
}

#[test]
fn a_source_in_a_language_the_theme_cannot_name_says_which_string_to_add() {
    let err = fails_at("source_language_unnamed", &["content/councils/first.en.md"]);
    assert!(err.contains("no UI string `language_fr`") && err.contains("i18n/en.yaml"), "{err}");
}

#[test]
fn a_source_s_address_that_is_not_a_web_address_is_an_error_at_its_line() {
    let err = fails_at("source_url_not_web", &["content/milestones/signature.en.md:9:10"]);
    assert!(err.contains("is not a web address"), "{err}");
}

#[test]
fn a_page_whose_slug_is_the_search_index_s_folder_is_an_error_at_its_slug() {
    let site = Site::fixture("basic");
    site.write("content/pages/index.en.md", "---\ntitle: Index\nslug: pagefind\n---\nText.\n");
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stderr.contains("content/pages/index.en.md:3:1"), "at its slug: {}", check.stderr);
    assert!(
        check.stderr.contains(
            "this page would be written to /en/pagefind/, which the search index's folder already uses"
        ),
        "{}",
        check.stderr
    );
}

#[test]
fn a_free_page_at_the_open_data_page_s_address_is_an_error_in_check_as_in_build() {
    let err = fails_at("page_at_site_page", &["content/pages/data.en.md:1:1"]);
    assert!(err.contains("which the site's own `data` page already uses"), "{err}");
    let check = Site::bad("page_at_site_page").run(&["check"]);
    assert_eq!(check.code, 1, "check finds it too: {}", check.stderr);
    assert!(check.stderr.contains("content/pages/data.en.md:1:1"));
}

#[test]
fn a_section_named_like_another_is_an_error_at_its_line_in_site_yaml() {
    let err = fails_at("section_clash", &["site.yaml:20:"]);
    assert!(err.contains("`search` and `councils` of `ro` both use the URL segment `consilii`"), "{err}");
}

#[test]
fn a_source_with_an_empty_title_is_an_error_at_its_sources() {
    let err = fails_at("source_title_empty", &["content/milestones/signature.en.md:5:1"]);
    assert!(err.contains("source 1 has an empty `title`"), "{err}");
}

#[test]
fn an_alias_that_takes_another_page_s_url_is_an_error_at_the_alias_in_check_as_in_build() {
    let err = fails_at("alias_taken", &["content/councils/second.en.md:4:"]);
    assert!(
        err.contains("the old URL /en/councils/first/ is taken by content/councils/first.en.md"),
        "{err}"
    );
    let check = Site::bad("alias_taken").run(&["check"]);
    check.refused(&["content/councils/second.en.md:4:"]);
}

#[test]
fn an_alias_that_would_leave_the_site_is_refused_at_its_line() {
    let err = fails_at("alias_outside_site", &["content/councils/third.en.md:2:"]);
    assert!(err.contains("is not an old URL of this site"), "{err}");
}

#[test]
fn a_fence_of_four_dashes_is_an_error_at_line_1_not_a_missing_title() {
    let err = fails_at("misfenced_front_matter", &["content/pages/about.en.md:1:1"]);
    assert!(err.contains("it takes a line of exactly three dashes"), "{err}");
    assert!(!err.contains("missing required field"), "{err}");
}

#[test]
fn a_translation_whose_original_has_errors_is_told_so_not_given_an_example() {
    let err = fails_at(
        "original_with_errors",
        &["content/councils/second.en.md:3:7", "content/councils/second.ro.md:2:1"],
    );
    assert!(
        err.contains("`date` comes from the English file, content/councils/second.en.md, which has errors"),
        "{err}"
    );
    assert!(!err.contains("date: 2025-11-28"), "no made-up date: {err}");
}

#[test]
fn a_title_of_hundreds_of_characters_is_refused_at_its_line() {
    let err = fails_at("long_title", &["content/pages/about.en.md:2:1"]);
    assert!(err.contains("the title is 245 characters long; a title has at most 200"), "{err}");
}

#[test]
fn a_thirteenth_page_in_the_header_menu_is_refused_with_the_way_out() {
    // `about` and twelve more: the thirteenth, by id, is `page-11`.
    let err = fails_at("menu_too_long", &["content/pages/page-11.en.md:2:1"]);
    assert!(err.contains("the header menu already holds 12 pages") && err.contains("`menu: none`"), "{err}");
    assert_eq!(err.matches("the header menu already holds").count(), 1, "the thirteenth only: {err}");
}

#[test]
fn a_section_named_as_the_search_index_s_folder_is_refused_at_its_line() {
    let err = fails_at("section_pagefind", &["site.yaml:20:7"]);
    assert!(err.contains("uses the URL segment `pagefind`, the search index's folder"), "{err}");
}

#[test]
fn a_section_name_that_is_no_url_segment_is_one_error_at_its_line_with_the_segment_to_write() {
    let err = fails_at("section_not_a_slug", &["site.yaml:15:7"]);
    assert!(err.contains("e.g. `consilii`"), "{err}");
    // The language it belongs to is still declared: its title is not "for an undeclared language".
    assert!(!err.contains("not a declared language"), "{err}");
    assert!(err.contains("with 1 error"), "{err}");
}

#[test]
fn an_alias_on_a_static_file_or_with_the_site_s_path_written_in_is_an_error_at_the_alias() {
    let site = Site::fixture("basic");
    site.write("static/admin/index.html", "<!doctype html>");
    site.write("themes/partnership/static/press/index.html", "<!doctype html>");
    site.write(
        "content/pages/about.en.md",
        "---\ntitle: About\nsummary: About us.\naliases: [/admin/, /portal/en/old/, /press/]\n---\nText.\n",
    );
    let run = site.run(&["check"]);
    let stderr = run.refused(&["content/pages/about.en.md:4:"]);
    assert!(stderr.contains("the old URL /admin/ is in the content manager's folder"), "{stderr}");
    assert!(
        stderr.contains(
            "the old URL /press/ is taken by the static file themes/partnership/static/press/index.html"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("starts with the site's own path, /portal/")
            && stderr.contains("leave out `/portal`"),
        "{stderr}"
    );
    assert!(!stderr.contains("move or rename it"), "the alias is the mistake, not the static file: {stderr}");
}

#[test]
fn pages_written_in_one_language_only_count_against_that_language_s_menu() {
    // A translation's menu is its original's; pages with no original (Romanian only) would
    // otherwise fill every Romanian page's menu past the limit.
    let site = Site::fixture("basic");
    for i in 0..12 {
        site.write(
            &format!("content/pages/pagina-{i:02}.ro.md"),
            &format!("---\ntitle: Pagina {i}\n---\nText.\n"),
        );
    }
    let run = site.run(&["check"]);
    let stderr = run.refused(&["content/pages/pagina-11.ro.md:2:1"]);
    assert_eq!(stderr.matches("the header menu already holds 12 pages").count(), 1, "{stderr}");
}

#[test]
fn site_wide_texts_every_page_repeats_are_held_to_a_length() {
    // A quarter-megabyte title on a thousand pages would be gigabytes of site.
    let site = Site::fixture("basic");
    let config = site.read_source("site.yaml");
    let long = "Partnership ".repeat(30);
    site.write("site.yaml", &config.replace("  en: Test partnership", &format!("  en: {long}")));
    let run = site.run(&["check"]);
    let stderr = run.refused(&["site.yaml:2:"]);
    assert!(stderr.contains("this `title` is 359 characters long; it may be at most 200"), "{stderr}");
    // The UI strings too: a site's own `i18n/` adds to the theme's.
    let site = Site::fixture("basic");
    site.write("i18n/en.yaml", &format!("search_synonyms: \"{}\"\n", "seoul: seul; ".repeat(3000)));
    let run = site.run(&["check"]);
    let stderr = run.refused(&["i18n/en.yaml"]);
    assert!(
        stderr.contains("the UI strings of `en` come to") && stderr.contains("at most 32 KiB"),
        "{stderr}"
    );
}

#[test]
fn a_value_written_with_escapes_is_placed_at_its_line_and_its_line_break_starts_no_line() {
    let site = Site::fixture("basic");
    site.write(
        "content/pages/about.en.md",
        "---\ntitle: About\nsummary: About us.\n\nslug: \"a\\n::error::forged\"\n---\nText.\n",
    );
    let run = site.run(&["check"]);
    let stderr = run.refused(&["content/pages/about.en.md:5:"]);
    assert!(!stderr.lines().any(|l| l.starts_with("::")), "a line of its own:\n{stderr}");
    assert!(stderr.contains("a\\n::error::forged"), "{stderr}");
    // Any escape, in either quotes: the line whose value reads as the one refused.
    for (slug, shown) in [("\"A\\x41\"", "`AA`"), ("'It''s'", "`It's`")] {
        site.write(
            "content/pages/about.en.md",
            &format!("---\ntitle: About\nsummary: About us.\n\nslug: {slug}\n---\nText.\n"),
        );
        let run = site.run(&["check"]);
        let stderr = run.refused(&["content/pages/about.en.md:5:7"]);
        assert!(stderr.contains(shown), "{stderr}");
    }
    // A file's name is on one line too.
    let site = Site::fixture("basic");
    site.write("content/pages/x\n::error::forged.en.md", "---\ntitle: X\n---\nText.\n");
    let run = site.run(&["check"]);
    assert!(run.code == 1 && run.stderr.contains("x\\n::error::forged"), "{}", run.stderr);
    assert!(!run.stderr.lines().any(|l| l.starts_with("::")), "a line of its own:\n{}", run.stderr);
}

#[test]
fn an_alias_that_takes_a_site_page_or_another_page_s_alias_is_an_error_at_the_alias() {
    let site = Site::fixture("basic");
    site.write(
        "content/pages/about.en.md",
        "---\ntitle: About\nsummary: About us.\naliases: [/en/timeline/, /en/gone/]\n---\nText.\n",
    );
    site.write(
        "content/pages/press.en.md",
        "---\ntitle: Press\nsummary: For the press.\naliases: [/en/gone/]\n---\nText.\n",
    );
    for command in [&["check"][..], &["build"]] {
        let run = site.run(command);
        let stderr = run.refused(&["content/pages/about.en.md:4:11", "content/pages/press.en.md:4:11"]);
        assert!(
            stderr.contains("the old URL /en/timeline/ is taken by the site's own `timeline` page"),
            "{stderr}"
        );
        assert!(
            stderr.contains("the old URL /en/gone/ is taken by an alias of content/pages/about.en.md"),
            "{stderr}"
        );
    }
}
