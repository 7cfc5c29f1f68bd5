//! Renaming a page (`portal mv`) and the old URLs a page keeps (`aliases`): a rename moves
//! every language's file and rewrites every link, an old URL leads to the page in its
//! language, and a rename that would fail writes nothing.

use crate::common;
use common::Site;

/// The site's source files (not `public/`, not the cache), path → bytes.
fn sources(site: &Site) -> std::collections::BTreeMap<String, Vec<u8>> {
    common::tree(site.root())
        .into_iter()
        .filter(|(p, _)| !p.starts_with("public/") && !p.starts_with(".portal-cache/") && p != ".portal-lock")
        .collect()
}

/// The line of a build's output that counts the search index's pages.
fn search_line(run: &common::Run) -> String {
    let line = run.stdout.lines().find(|l| l.starts_with("Search:")).unwrap_or_default();
    line.split(" pages").next().unwrap_or_default().to_string()
}

#[test]
fn a_renamed_page_moves_in_every_language_and_every_link_to_it_follows() {
    let site = Site::fixture("basic");
    let before = site.build();
    let run = site.run(&["mv", "councils/second", "second-council"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("moved content/councils/second.en.md → content/councils/second-council.en.md"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("alias /en/councils/second/ kept"), "{}", run.stdout);
    assert!(run.stdout.contains("rewrote 2 links in 2 files"), "{}", run.stdout);
    for lang in ["en", "ro"] {
        assert!(!site.root().join(format!("content/councils/second.{lang}.md")).exists());
        let moved = site.read_source(&format!("content/councils/second-council.{lang}.md"));
        assert!(moved.contains("aliases:\n  - /"), "{lang}: {moved}");
        let linking = site.read_source(&format!("content/councils/first.{lang}.md"));
        assert!(
            linking.contains("(@/councils/second-council.md)") && !linking.contains("@/councils/second.md")
        );
    }
    let after = site.build();
    assert_eq!(search_line(&after), search_line(&before), "the old URLs are not in the search index");
    assert!(site.read("en/councils/second-council/index.html").contains("Second council"));
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("/en/councils/second-council/") && !sitemap.contains("/en/councils/second/<"));
}

#[test]
fn an_old_url_leads_to_the_page_in_its_language_with_a_canonical_and_a_visible_link() {
    let site = Site::fixture("basic");
    site.run(&["mv", "councils/second", "second-council"]);
    site.build();
    let en = site.read("en/councils/second/index.html");
    assert!(en.contains("<html lang=\"en\">"), "{en}");
    assert!(
        en.contains("<meta http-equiv=\"refresh\" content=\"0; url=/portal/en/councils/second-council/\">"),
        "{en}"
    );
    assert!(en.contains(
        "<link rel=\"canonical\" href=\"https://example.org/portal/en/councils/second-council/\">"
    ));
    assert!(en.contains("This page has moved: <a href=\"/portal/en/councils/second-council/\">"), "{en}");
    let ro = site.read("ro/consilii/second/index.html");
    assert!(ro.contains("<html lang=\"ro\">") && ro.contains("Această pagină a fost mutată:"), "{ro}");
    assert!(ro.contains("url=/portal/ro/consilii/second-council/"), "{ro}");
}

#[test]
fn a_renamed_domain_is_renamed_where_councils_list_it_and_in_their_commitments() {
    let site = Site::fixture("basic");
    let run = site.run(&["mv", "domains/chips", "semiconductors"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = site.read_source("content/councils/first.en.md");
    assert!(first.contains("domains: [ai, semiconductors]"), "{first}");
    assert!(
        first.contains("\n  semiconductors: A forum for [researchers](@/domains/semiconductors.md)."),
        "{first}"
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn a_rename_that_would_fail_writes_nothing() {
    let site = Site::fixture("basic");
    let untouched = sources(&site);
    for (args, says) in [
        (["mv", "councils/second", "third"], "content/councils/third.en.md already exists"),
        (["mv", "councils/second", "domains/second"], "a page keeps its kind"),
        (["mv", "councils/tenth", "eleventh"], "there is no page `councils/tenth`"),
        (["mv", "councils/second", "Second Council"], "not a valid id"),
    ] {
        let run = site.run(&args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(says) && run.stderr.contains("nothing was written"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(sources(&site), untouched, "{args:?} changed the site");
    }
    // A new URL that another page keeps as an old one: the renamed site would not load, so
    // nothing moves.
    site.write(
        "content/pages/about.en.md",
        "---\ntitle: About\naliases: [/en/councils/second-council/]\n---\nText.\n",
    );
    let untouched = sources(&site);
    let run = site.run(&["mv", "councils/second", "second-council"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/pages/about.en.md:3:")
            && run.stderr.contains(
                "the old URL /en/councils/second-council/ is taken by content/councils/second-council.en.md"
            ),
        "{}",
        run.stderr
    );
    assert_eq!(sources(&site), untouched);
    // A site with an error of its own is not renamed.
    site.write("content/pages/about.en.md", "---\ntitle: About\nsumary: typo\n---\nText.\n");
    let untouched = sources(&site);
    let run = site.run(&["mv", "councils/second", "second-council"]);
    run.refused(&["renames pages of a site without errors"]);
    assert_eq!(sources(&site), untouched);
    // Nor one whose error is in a page's text (a link to no page), which loading alone misses.
    site.write("content/pages/about.en.md", "---\ntitle: About\n---\nSee [x](@/domains/nope.md).\n");
    let untouched = sources(&site);
    let run = site.run(&["mv", "councils/second", "second-council"]);
    run.refused(&["content/pages/about.en.md:4", "renames pages of a site without errors"]);
    assert_eq!(sources(&site), untouched);
}

#[test]
fn a_renamed_page_s_picture_folder_moves_with_it() {
    let site = Site::fixture("basic");
    common::images::picture(&site.root().join("content/councils/second/signing.png"), 64, 48);
    let en = site.read_source("content/councils/second.en.md");
    site.write(
        "content/councils/second.en.md",
        &en.replacen("---\n", "---\nimage: signing.png\nimage_alt: The signing.\n", 1),
    );
    let run = site.run(&["mv", "councils/second", "second-council"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.root().join("content/councils/second-council/signing.png").exists());
    assert!(!site.root().join("content/councils/second").exists());
    site.build();
}

/// Runs git in the site's folder; its standard output.
fn git(site: &Site, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(site.root())
        .args(["-c", "user.name=Editor", "-c", "user.email=editor@example.org"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_rename_in_a_git_repository_is_recorded_in_its_index_as_git_mv_records_it() {
    let site = Site::fixture("basic");
    git(&site, &["init", "--quiet"]);
    git(&site, &["add", "-A"]);
    git(&site, &["commit", "--quiet", "-m", "the site"]);
    // The page's picture folder: one picture tracked, one the editor has not added.
    site.write("content/councils/second/tracked.txt", "in git");
    git(&site, &["add", "content/councils/second/tracked.txt"]);
    git(&site, &["commit", "--quiet", "-m", "a picture"]);
    site.write("content/councils/second/untracked.txt", "not in git");
    let run = site.run(&["mv", "councils/second", "second-council"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("recorded the move in git's index"), "{}", run.stdout);
    let status = git(&site, &["status", "--porcelain"]);
    for lang in ["en", "ro"] {
        let moved =
            format!("R  content/councils/second.{lang}.md -> content/councils/second-council.{lang}.md");
        assert!(status.lines().any(|l| l == moved), "{moved}\n{status}");
    }
    let picture = "R  content/councils/second/tracked.txt -> content/councils/second-council/tracked.txt";
    assert!(status.lines().any(|l| l == picture), "{status}");
    assert!(status.lines().any(|l| l == "?? content/councils/second-council/untracked.txt"), "{status}");
    site.write("content/councils/second-council/untracked.txt", "");
    std::fs::remove_file(site.root().join("content/councils/second-council/untracked.txt")).unwrap();
    // What `git commit -a` records is the renamed site, with nothing left out.
    git(&site, &["commit", "--quiet", "-a", "-m", "rename"]);
    assert_eq!(git(&site, &["status", "--porcelain", "--", "content"]), "");
    // A page with edits the editor has not staged: moved, but not recorded, so that `git add`
    // stages none of them behind the editor's back (`git mv` would leave them unstaged too).
    site.write(
        "content/councils/first.en.md",
        &format!("{}\nA draft paragraph.\n", site.read_source("content/councils/first.en.md")),
    );
    let run = site.run(&["mv", "councils/first", "first-council"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("not recorded in git's index") && !run.stdout.contains("recorded the move"),
        "{}",
        run.stdout
    );
    assert_eq!(git(&site, &["diff", "--cached", "--name-only"]), "", "nothing staged");
    let told = "`git add -A -- content/councils/first.en.md content/councils/first-council.en.md content/councils/first.ro.md";
    assert!(run.stdout.contains(told), "{}", run.stdout);
    assert!(
        site.read_source("content/councils/first-council.en.md").contains("A draft paragraph."),
        "the edits kept"
    );
    // Outside a repository, nothing is said of git.
    let plain = Site::fixture("basic");
    let run = plain.run(&["mv", "councils/second", "second-council"]);
    assert!(run.code == 0 && !run.stdout.contains("git"), "{}", run.stdout);
}

#[test]
fn a_renamed_council_to_come_keeps_its_calendar_s_old_address_in_every_language() {
    // The third council is planned for a known day: its page links its own calendar. Its
    // Romanian page has a `slug` of its own, so its address (and its calendar's) stays.
    let site = Site::fixture("basic");
    site.build();
    let old = [site.read("en/councils/third/third.ics"), site.read("ro/consilii/al-treilea/al-treilea.ics")];
    assert_eq!(site.run(&["mv", "councils/third", "third-council"]).code, 0);
    site.build();
    let page = site.read("en/councils/third-council/index.html");
    assert!(page.contains("href=\"/portal/en/councils/third-council/third-council.ics\" download"), "{page}");
    let new = site.read("en/councils/third-council/third-council.ics");
    assert_eq!(site.read("en/councils/third/third.ics"), new, "the old address serves the calendar");
    assert!(
        !site.exists("ro/consilii/al-treilea/third-council.ics"),
        "named after the address, not the file"
    );
    for (before, after) in old.iter().zip([new, site.read("ro/consilii/al-treilea/al-treilea.ics")]) {
        // The same day and title (its URL line follows the page).
        let event = |ics: &str| {
            ics.lines()
                .filter(|l| l.starts_with("DTSTART") || l.starts_with("SUMMARY"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert!(event(&after).contains("DTSTART"), "{after}");
        assert_eq!(event(before), event(&after), "the same event");
    }
}

#[test]
fn a_page_renamed_and_renamed_back_keeps_only_the_address_it_left() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["mv", "councils/second", "second-council"]).code, 0);
    let back = site.run(&["mv", "councils/second-council", "second"]);
    assert_eq!(back.code, 0, "{}", back.stderr);
    let en = site.read_source("content/councils/second.en.md");
    assert!(en.contains("aliases:\n  - /en/councils/second-council/\n"), "{en}");
    assert!(!en.contains("- /en/councils/second/"), "its own address is no alias: {en}");
    site.build();
    assert!(site.read("en/councils/second-council/index.html").contains("url=/portal/en/councils/second/"));
}

#[test]
fn links_planted_where_mv_and_mark_current_write_are_never_written_through() {
    let site = Site::fixture("basic");
    let config = site.read_source("site.yaml");
    // Where the commands used to stage their files: a link there led the write elsewhere.
    for name in ["first.en.md.portal-mv", "first.ro.md.portal-mv", "second.ro.md.portal-tmp"] {
        std::os::unix::fs::symlink("../../site.yaml", site.root().join("content/councils").join(name))
            .unwrap();
    }
    let run = site.run(&["mv", "councils/second", "second-council"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = "content/councils/third.ro.md";
    site.write(path, &site.read_source(path));
    let run = site.run(&["translations", "mark-current", "content/councils/first.ro.md"]);
    assert_eq!(site.read_source("site.yaml"), config, "{}{}", run.stdout, run.stderr);
    assert!(site.read_source("content/councils/first.en.md").contains("second-council"), "the link followed");
}

#[test]
fn a_rename_stopped_halfway_is_undone_and_the_site_is_as_it_was() {
    let site = Site::fixture("basic");
    let before = sources(&site);
    // The last file the rename writes cannot be replaced: where its old text would be kept
    // aside, a folder is in the way (the rename runs in this process, whose id names it).
    let last = site.root().join("content/councils/second.ro.md");
    let kept = last.with_file_name(format!(".second.ro.md.portal-old-{}", std::process::id()));
    std::fs::create_dir_all(kept.join("in-the-way")).unwrap();
    let failed = portal::rename::rename(site.root(), "councils/first", "first-council");
    let error = failed.expect_err("the rename stops").render(site.root());
    assert!(error.contains("second.ro.md"), "the error names the file: {error}");
    std::fs::remove_dir_all(&kept).unwrap();
    let after = sources(&site);
    let differing: Vec<&String> =
        before.keys().chain(after.keys()).filter(|k| before.get(*k) != after.get(*k)).collect();
    assert!(differing.is_empty(), "every file as it was, nothing left aside: {differing:?}");
    site.build();
}

#[test]
fn cms_and_schema_never_write_through_a_link_out_of_the_site() {
    let site = Site::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    std::fs::write(&victim, "keep me").unwrap();
    std::fs::create_dir_all(site.root().join("schemas")).unwrap();
    std::os::unix::fs::symlink(&victim, site.root().join("schemas/site.schema.json")).unwrap();
    let run = site.run(&["schema"]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(run.stderr.contains("leads out of the site"), "{}", run.stderr);
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("static/admin")).unwrap();
    let run = site.run(&["cms"]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1, "nothing written beside it");
    // A folder of the site named on purpose is written, as before.
    let run = site.run(&["schema", "--out", "other-schemas"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.root().join("other-schemas/site.schema.json").is_file());
}

#[test]
fn portal_new_writes_every_language_s_file_or_none_and_never_over_a_link() {
    let site = Site::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("created.md");
    std::os::unix::fs::symlink(&target, site.root().join("content/councils/fifth.en.md")).unwrap();
    let run = site.run(&["new", "council", "fifth"]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(!target.exists(), "nothing written where the link leads");
    // The second language's file cannot be made: the first is not left alone.
    std::fs::create_dir_all(site.root().join("content/councils/sixth.ro.md")).unwrap();
    let run = site.run(&["new", "council", "sixth"]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(!site.root().join("content/councils/sixth.en.md").exists(), "{}", run.stderr);
    // A page written without its language is the default language's: taken too.
    site.write("content/pages/contact.md", "---\ntitle: Contact\n---\nWrite to us.\n");
    let run = site.run(&["new", "page", "contact"]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(run.stderr.contains("content/pages/contact.md"), "{}", run.stderr);
}

#[test]
fn a_rename_stopped_before_it_could_clean_up_leaves_no_scratch_folder_behind_the_next() {
    let site = Site::fixture("basic");
    // What a rename killed mid-way leaves: its scratch folder, named for a process now gone
    // (a number above any process number Linux gives).
    let stale = std::env::temp_dir().join("portal-mv-4999999999-1");
    std::fs::create_dir_all(stale.join("content")).unwrap();
    let unrelated = std::env::temp_dir().join("portal-mv-notes");
    std::fs::create_dir_all(&unrelated).unwrap();
    let run = site.run(&["mv", "councils/second", "second-council"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    if std::path::Path::new("/proc/self").exists() {
        assert!(!stale.exists(), "the stopped rename's scratch folder is removed");
    }
    assert!(unrelated.exists(), "a folder that is not a rename's is left alone");
    std::fs::remove_dir_all(unrelated).unwrap();
}

#[test]
#[cfg(unix)]
fn a_page_whose_file_is_a_link_is_not_moved_into_a_copy() {
    let site = Site::fixture("basic");
    std::fs::create_dir_all(site.root().join("shared")).unwrap();
    std::fs::rename(
        site.root().join("content/councils/second.en.md"),
        site.root().join("shared/second.en.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "../../shared/second.en.md",
        site.root().join("content/councils/second.en.md"),
    )
    .unwrap();
    let run = site.run(&["mv", "councils/second", "second-council"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("content/councils/second.en.md") && run.stderr.contains("is a link"),
        "{}",
        run.stderr
    );
    let link = std::fs::symlink_metadata(site.root().join("content/councils/second.en.md")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is left as it was");
    assert!(!site.root().join("content/councils/second-council.ro.md").exists(), "nothing was moved");
}

#[test]
fn translations_that_were_current_stay_current_after_a_rename() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["translations", "mark-current", "--all"]).code, 0);
    assert_eq!(site.run(&["check", "--translations", "--strict"]).code, 0);
    // The page renamed and the pages whose links to it are rewritten, in both languages.
    let run = site.run(&["mv", "councils/second", "second-council"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        site.read_source("content/councils/first.en.md").contains("second-council"),
        "a link was rewritten"
    );
    let check = site.run(&["check", "--translations", "--strict"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(!check.stdout.contains("OUTDATED"), "{}", check.stdout);
}
