//! Never lose a file: the output folder's rules, whole-site updates under injected faults
//! (a kill at every point of an update, write errors, a full disk), links in and at the
//! output, and builds that run at the same time.

use crate::common;

use common::{Site, tree};
use std::collections::BTreeMap;
use std::path::Path;

type Tree = BTreeMap<String, Vec<u8>>;

/// The basic site built once (`old`), then edited so that a second build changes, adds and
/// removes files; `new` is what a clean build of the edited site gives.
struct Update {
    site: Site,
    old: Tree,
    new: Tree,
}

impl Update {
    fn prepare() -> Self {
        let site = Site::fixture("basic");
        site.build();
        let old = site.tree();
        let about = site.root().join("content/pages/about.en.md");
        let text = std::fs::read_to_string(&about).unwrap();
        std::fs::write(&about, text + "\nChanged.\n").unwrap();
        site.write("content/pages/extra.en.md", "---\ntitle: Extra\n---\nA new page.\n");
        site.write("content/pages/extra.ro.md", "---\ntitle: În plus\n---\nO pagină nouă.\n");
        for lang in ["en", "ro"] {
            std::fs::remove_file(site.root().join(format!("content/milestones/signature.{lang}.md")))
                .unwrap();
        }
        let new = clean_build(&site, &["build"]);
        assert_ne!(old, new);
        Self { site, old, new }
    }

    /// Asserts that `public/` is the whole old site or the whole new one.
    fn old_or_new(&self, what: &str) -> &'static str {
        let now = self.site.tree();
        if now == self.old {
            "old"
        } else if now == self.new {
            "new"
        } else {
            let differ: Vec<_> = now.keys().filter(|k| self.old.get(*k) != now.get(*k)).take(5).collect();
            panic!("{what}: public/ is a mix of the old and new sites (differs from the old in {differ:?})")
        }
    }

    /// Asserts that the next plain build recovers: the whole new site, nothing left beside.
    fn recovers(&self, what: &str) {
        let run = self.site.run(&["build"]);
        assert_eq!(run.code, 0, "{what}: the next build failed:\n{}", run.stderr);
        assert!(self.site.tree() == self.new, "{what}: the next build did not give the new site");
        assert_eq!(
            self.site.entries(),
            [".portal-build", ".portal-cache", ".portal-lock", "content", "public", "site.yaml", "themes"],
            "{what}"
        );
        assert_eq!(search_cache(&self.site), SEARCH_CACHE, "{what}: nothing left beside");
    }
}

/// What `portal <args>` gives for the site's sources, built in a fresh copy.
fn clean_build(site: &Site, args: &[&str]) -> Tree {
    let clean = site.copy();
    let run = clean.run(args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    clean.tree()
}

#[test]
fn a_kill_at_any_point_of_an_update_leaves_the_old_or_the_new_site_and_the_next_build_recovers() {
    let update = Update::prepare();
    // Every file of the new site is staged through the fault point, but the folder's marker,
    // staged before the first.
    let files = update.new.len() - 1;
    assert!(update.new.contains_key(".portal-output"));
    for n in (1..=files).step_by(3).map(|n| n.to_string()).chain(["swap".to_string()]) {
        let run = update.site.run_with(&[("PORTAL_FAULT", &format!("abort@{n}"))], &["build"]);
        assert_ne!(run.code, 0, "killed at {n}");
        let seen = update.old_or_new(&format!("killed at {n}"));
        assert_eq!(seen, if n == "swap" { "new" } else { "old" }, "killed at {n}");
        update.recovers(&format!("killed at {n}"));
        // Back to the old site for the next try.
        std::fs::remove_dir_all(update.site.root().join("public")).unwrap();
        copy_tree_into(&update.old, &update.site.root().join("public"));
    }
}

/// Writes `files` as a folder.
fn copy_tree_into(files: &Tree, dir: &Path) {
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

#[test]
fn a_kill_between_the_fallback_s_two_renames_is_undone_by_the_next_build() {
    let update = Update::prepare();
    let run = update.site.run_with(&[("PORTAL_FAULT", "fallback,abort@between-renames")], &["build"]);
    assert_ne!(run.code, 0);
    assert!(!update.site.root().join("public").exists(), "killed where the fallback has no public/");
    update.recovers("killed between the renames");
    let again =
        update.site.run_with(&[("PORTAL_FAULT", "fallback")], &["build", "--base-url", "https://x.org/"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(update.site.read("en/index.html").contains("https://x.org/"), "the fallback swap works");
}

#[test]
fn a_write_error_in_the_middle_of_an_update_leaves_the_old_site_and_says_which_file() {
    let update = Update::prepare();
    for (fault, message) in [
        ("enospc", "No space left on device"),
        ("eacces", "Permission denied"),
        ("eio", "Input/output error"),
    ] {
        let run = update.site.run_with(&[("PORTAL_FAULT", &format!("{fault}@7"))], &["build"]);
        assert_eq!(run.code, 1, "{fault}");
        assert!(
            run.stderr.contains("error: cannot write `public`: ") && run.stderr.contains(message),
            "{}",
            run.stderr
        );
        // Which file is the seventh depends on the threads: any file of the site.
        let named = run.stderr.split("cannot write `public`: ").nth(1).and_then(|r| r.split(": ").next());
        assert!(named.is_some_and(|f| f.contains('.') && !f.contains(' ')), "names the file: {}", run.stderr);
        assert!(run.stderr.contains("`public` was left as it was"), "{}", run.stderr);
        assert_eq!(update.old_or_new(fault), "old");
        assert_eq!(
            update.site.entries(),
            [".portal-cache", ".portal-lock", "content", "public", "site.yaml", "themes"],
            "{fault}"
        );
    }
    update.recovers("after the write errors");
}

/// A real full disk: the site on a 4 MiB tmpfs (room for the site with its search index) in
/// a mount namespace of its own (root, or an unprivileged user namespace, is needed to mount
/// it).
#[test]
fn a_real_full_disk_leaves_the_old_site_and_the_next_build_recovers_once_there_is_room() {
    let update = Update::prepare();
    let outside = tempfile::tempdir().unwrap();
    let portal = assert_cmd::cargo::cargo_bin("portal");
    let script = format!(
        r#"set -e
        mount -t tmpfs -o size=4m tmpfs "$MNT"
        cp -r "$SITE" "$MNT/site"
        # Fill the disk but for six pages: fewer than the update's changed files need.
        dd if=/dev/zero of="$MNT/filler" bs=1k count=$(( $(df -k --output=avail "$MNT" | tail -1) - 24 )) 2>/dev/null
        set +e; {portal} -C "$MNT/site" build > "$OUT/full.out" 2> "$OUT/full.err"; echo $? > "$OUT/full.code"; set -e
        cp -r "$MNT/site/public" "$OUT/after-full"; ls -a "$MNT/site" > "$OUT/beside"
        rm "$MNT/filler"
        {portal} -C "$MNT/site" build > /dev/null
        cp -r "$MNT/site/public" "$OUT/after-room"
        "#,
        portal = portal.display()
    );
    let mnt = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "--propagation", "private", "sh", "-c", &script])
        .env("MNT", mnt.path())
        .env("SITE", update.site.root())
        .env("OUT", outside.path())
        .status()
        .expect("unshare (util-linux) runs");
    assert!(status.success(), "the script could not set up a full disk (is this root?)");
    let read = |name: &str| std::fs::read_to_string(outside.path().join(name)).unwrap();
    assert_eq!(read("full.code").trim(), "1", "{}", read("full.err"));
    assert!(read("full.err").contains("No space left on device"), "{}", read("full.err"));
    assert!(tree(&outside.path().join("after-full")) == update.old, "the old site, whole");
    assert!(!read("beside").contains("portal-new"), "no staging left behind:\n{}", read("beside"));
    assert!(tree(&outside.path().join("after-room")) == update.new, "the next build recovers by itself");
}

#[test]
fn kill_9_at_random_moments_of_a_larger_update_never_leaves_a_mix() {
    let site = Site::fixture("basic");
    site.add_councils(300);
    site.build();
    let old = site.tree();
    let ai = std::fs::read_to_string(site.root().join("content/domains/ai.en.md")).unwrap();
    site.write("content/domains/ai.en.md", &ai.replace("summary: ", "summary: Changed. "));
    let new = clean_build(&site, &["build"]);
    let mut seen = Vec::new();
    for delay in [50, 150, 300, 500, 800, 1200] {
        let mut child = site.spawn(&[], &["build"]);
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = site.tree();
        assert!(now == old || now == new, "killed after {delay} ms: a mix of the old and new sites");
        seen.push(if now == old { "old" } else { "new" });
        std::fs::remove_dir_all(site.root().join("public")).unwrap();
        copy_tree_into(&old, &site.root().join("public"));
    }
    eprintln!("after each kill: {seen:?}");
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(site.tree() == new);
}

#[test]
fn builds_at_the_same_time_wait_for_each_other_and_each_gives_the_whole_site() {
    let site = Site::fixture("basic");
    let first = site.spawn(&[("PORTAL_FAULT", "delay@1")], &["build"]);
    std::thread::sleep(std::time::Duration::from_millis(200));
    let others: Vec<_> =
        (0..3).map(|_| site.spawn(&[], &["build", "--base-url", "https://x.org/"])).collect();
    let mut waited = 0;
    for child in std::iter::once(first).chain(others) {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(!stderr.contains("os error"), "{stderr}");
        if stderr.contains("another build of this site is running (pid ") {
            waited += 1;
        }
    }
    assert!(waited >= 1, "the later builds waited for the first");
    assert!(site.tree() == clean_build(&site, &["build", "--base-url", "https://x.org/"]), "the whole site");
    assert_eq!(
        site.entries(),
        [".portal-build", ".portal-cache", ".portal-lock", "content", "public", "site.yaml", "themes"]
    );
    assert_eq!(search_cache(&site), SEARCH_CACHE);
}

/// What the search index keeps for each language: its pages, what its bundle left.
const SEARCH_CACHE: [&str; 4] = ["en.bundle", "en.pages", "ro.bundle", "ro.pages"];

/// The files of the search index's cache (`.portal-cache/search/`).
fn search_cache(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.root().join(".portal-cache/search"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs `portal build --output <output>` (plus `extra`) and asserts that it is refused with
/// `why`, and that nothing of the site changed.
fn refused(site: &Site, output: &str, extra: &[&str], why: &str) {
    let before = tree(site.root());
    let mut args = vec!["build", "--output", output];
    args.extend(extra);
    let run = site.run_with(&[("HOME", &site.root().join("home").to_string_lossy())], &args);
    assert_eq!(run.code, 1, "--output {output}: {}", run.stderr);
    assert!(
        run.stderr.contains("refusing to write the site into") && run.stderr.contains(why),
        "{}",
        run.stderr
    );
    let after = tree(site.root());
    let changed: Vec<_> =
        after.keys().filter(|k| !k.ends_with(".portal-lock") && before.get(*k) != after.get(*k)).collect();
    assert!(changed.is_empty(), "--output {output} changed {changed:?}");
}

#[test]
fn an_output_folder_that_is_not_portal_s_is_refused_and_left_untouched() {
    let site = Site::fixture("basic");
    site.write("home/notes.txt", "mine");
    site.write("mine/notes.txt", "mine");
    refused(&site, ".", &["--force"], "the site's own folder");
    refused(&site, "content/..", &[], "the site's own folder");
    refused(&site, "..", &["--force"], "holds the site's own folder");
    refused(&site, "/", &["--force"], "root of the file system");
    refused(&site, &site.root().join("home").to_string_lossy(), &["--force"], "your home folder");
    for source in ["content", "themes", "templates", "static", "i18n"] {
        refused(&site, source, &["--force"], "is a source folder");
    }
    refused(&site, "themes/partnership/out", &["--force"], "inside a source folder");
    refused(&site, "site.yaml", &[], "a file, not a folder");
    refused(&site, "mine", &[], "not made by `portal build`");
    let forced = site.run(&["build", "--output", "mine", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(site.root().join("mine/en/index.html").is_file() && !site.root().join("mine/notes.txt").exists());
    assert_eq!(site.run(&["build", "--output", "mine"]).code, 0, "a folder it made is its own from then on");
}

#[test]
fn an_output_that_is_a_link_is_refused_and_links_inside_it_are_never_written_through() {
    let site = Site::fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("notes.txt"), "mine").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.root().join("public")).unwrap();
    refused(&site, "public", &["--force"], "symbolic link");
    assert_eq!(tree(elsewhere.path()).len(), 1, "the link's target was not touched");
    std::fs::remove_file(site.root().join("public")).unwrap();
    site.build();
    // Links inside an output folder of portal's: replaced, never followed.
    std::fs::remove_dir_all(site.root().join("public/en")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.root().join("public/en")).unwrap();
    std::fs::remove_file(site.root().join("public/robots.txt")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("notes.txt"), site.root().join("public/robots.txt"))
        .unwrap();
    site.build();
    assert_eq!(tree(elsewhere.path()), Tree::from([("notes.txt".into(), b"mine".to_vec())]));
    assert!(!site.root().join("public/en").is_symlink() && site.exists("en/index.html"));
    assert!(!site.root().join("public/robots.txt").is_symlink());
}

/// Makes `dir`'s file `name` impossible to remove, as a read-only or immutable folder left
/// by a backup or another user does: immutable where the system allows it (as root), else
/// a read-only folder. Returns how to undo it, wherever the file has been moved since under
/// `root`.
fn stuck(root: &Path, dir: &Path, name: &str) -> impl Fn() + use<> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, "kept").unwrap();
    let chattr = |args: &[&str], path: &Path| {
        std::process::Command::new("chattr").args(args).arg(path).status().is_ok_and(|s| s.success())
    };
    if !chattr(&["+i"], &file) {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    assert!(
        std::fs::remove_file(&file).is_err(),
        "the file could be removed: the test needs chattr or a non-root user"
    );
    let root = root.to_path_buf();
    move || {
        chattr(&["-R", "-i"], &root);
        for entry in walkdir::WalkDir::new(&root).into_iter().filter_map(Result::ok) {
            if entry.file_type().is_dir() {
                let _ = std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o755));
            }
        }
    }
}

#[test]
fn an_old_site_that_cannot_be_removed_is_set_aside_with_a_warning_and_the_build_goes_on() {
    let update = Update::prepare();
    // What an earlier build's clean-up could not remove, as it left it.
    let left = update.site.root().join(".public.portal-new");
    let undo = stuck(update.site.root(), &left.join("en"), "index.html");
    let run = update.site.run(&["build"]);
    undo();
    assert_eq!(run.code, 0, "the build stopped:\n{}", run.stderr);
    assert!(update.site.tree() == update.new, "the build gave the new site");
    let aside = update.site.root().join(".public.portal-stuck-1");
    assert!(aside.join("en/index.html").is_file(), "what was stuck is set aside, not lost");
    assert!(
        run.stderr.contains("warning: cannot remove")
            && run.stderr.contains(".public.portal-new")
            && run.stderr.contains("it was set aside as")
            && run.stderr.contains(".public.portal-stuck-1")
            && run.stderr.contains("chmod -R u+w"),
        "the warning names the folder and what to do:\n{}",
        run.stderr
    );
    // Stuck again: a second name, and still a build.
    let undo = stuck(update.site.root(), &left.join("en"), "index.html");
    let again = update.site.run(&["build", "--base-url", "https://example.org/other/"]);
    undo();
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains(".public.portal-stuck-2"), "{}", again.stderr);
}

#[test]
fn a_staging_folder_a_killed_build_left_goes_even_when_nothing_is_to_build() {
    let site = Site::fixture("basic");
    site.build();
    // As `kill -9` mid-build leaves it: the next state of the site, half written.
    let left = site.root().join(".public.portal-new");
    std::fs::create_dir_all(left.join("en")).unwrap();
    std::fs::write(left.join("en/index.html"), vec![b'x'; 1 << 20]).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("nothing changed"), "{}", run.stdout);
    assert!(!left.exists(), "the leftover staging folder is removed");
}

#[test]
fn a_lock_file_committed_as_a_link_is_not_followed_and_what_it_points_to_is_left_as_it_was() {
    let site = Site::fixture("basic");
    let victim = tempfile::tempdir().unwrap();
    std::fs::write(victim.path().join("bashrc"), "VICTIM").unwrap();
    std::os::unix::fs::symlink(victim.path().join("bashrc"), site.root().join(".portal-lock")).unwrap();
    let run = site.run(&["build"]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(run.stderr.contains("cannot open the build lock"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(victim.path().join("bashrc")).unwrap(), "VICTIM");
    // One to a file that does not exist makes none.
    std::fs::remove_file(site.root().join(".portal-lock")).unwrap();
    std::os::unix::fs::symlink(victim.path().join("new"), site.root().join(".portal-lock")).unwrap();
    assert_ne!(site.run(&["build"]).code, 0);
    assert!(!victim.path().join("new").exists());
}
