//! A site's source files: the one list of the folders that hold them (for loading,
//! fingerprinting, watching, and keeping the output out of them), the names that are never
//! sources (editors' swap and backup files), and the one walk over a source folder. A walk
//! follows symbolic links whose target stays inside the site, and reports — as an error
//! naming the link — one that leads out of the site, points to nothing, or loops.

use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The site's configuration file, at its root.
pub const CONFIG_FILE: &str = "site.yaml";

/// The folders of a site that hold its sources, under its root (besides [`CONFIG_FILE`]).
pub const SOURCE_DIRS: [&str; 5] = ["content", "themes", "templates", "static", "i18n"];

/// Editors' swap, backup and hidden files, which are never sources.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
        || name.starts_with('#')
}

/// Sorts paths by their bytes, in parallel: a stable order for a walk, at a fraction of the
/// cost of walkdir's sorting by file name (which parses each path to find its name).
pub fn sort_paths(paths: &mut [PathBuf]) {
    paths.par_sort_unstable_by(|a, b| a.as_os_str().as_encoded_bytes().cmp(b.as_os_str().as_encoded_bytes()));
}

/// Every file under `dir` (a folder of the site in `root`; none if it does not exist), as
/// paths through `dir`, sorted by their bytes; and an error for each link that leaves the
/// site, points to nothing or loops, and each folder that cannot be read. Errors name paths
/// relative to `root`.
pub fn walk(root: &Path, dir: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let relative = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let walker = walkdir::WalkDir::new(dir).follow_links(true).into_iter();
    let mut walker =
        walker.filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_str().unwrap_or("")));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e)
                if e.io_error().is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
                    && e.depth() == 0 =>
            {
                continue; // The folder is optional.
            }
            Err(e) => {
                errors.push(walk_error(&e, &relative));
                continue;
            }
        };
        if entry.path_is_symlink() {
            let target = std::fs::canonicalize(entry.path()).unwrap_or_default();
            if !target.starts_with(&site) {
                let message = format!("this link leads out of the site, to {}", target.display());
                let hint = "copy the files into the site, or point the link at a folder inside it";
                errors.push(Diagnostic::error(relative(entry.path()), message).with_hint(hint));
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    sort_paths(&mut files);
    (files, errors)
}

fn walk_error(e: &walkdir::Error, relative: &dyn Fn(&Path) -> PathBuf) -> Diagnostic {
    let path = relative(e.path().unwrap_or(Path::new("")));
    if let Some(ancestor) = e.loop_ancestor() {
        let message = format!("this link loops back to {}, which holds it", relative(ancestor).display());
        return Diagnostic::error(path, message).with_hint("remove the link, or point it elsewhere");
    }
    match e.io_error() {
        Some(io) if io.kind() == std::io::ErrorKind::NotFound => {
            Diagnostic::error(path, "this link points to nothing")
                .with_hint("remove the link, or fix where it points")
        }
        Some(io) => Diagnostic::error(path, format!("cannot read: {io}")),
        None => Diagnostic::error(path, format!("cannot read: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(root: &Path, files: &[PathBuf]) -> Vec<String> {
        files.iter().map(|f| f.strip_prefix(root).unwrap().display().to_string()).collect()
    }

    #[test]
    fn links_inside_the_site_are_followed_and_others_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.join("content/pages")).unwrap();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::write(root.join("shared/a.md"), "a").unwrap();
        std::fs::write(root.join("content/pages/b.md"), "b").unwrap();
        std::fs::write(root.join("content/pages/.b.md.swp"), "x").unwrap();
        std::fs::write(outside.path().join("secret.md"), "s").unwrap();
        symlink(root.join("shared"), root.join("content/domains")).unwrap();
        symlink(outside.path(), root.join("content/milestones")).unwrap();
        symlink(outside.path().join("secret.md"), root.join("content/pages/c.md")).unwrap();
        symlink(root.join("missing"), root.join("content/pages/d.md")).unwrap();
        symlink(root.join("content"), root.join("content/pages/loop")).unwrap();
        let (files, errors) = walk(root, &root.join("content"));
        assert_eq!(names(root, &files), ["content/domains/a.md", "content/pages/b.md"]);
        let mut messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        messages.sort();
        assert_eq!(messages.len(), 4, "{messages:#?}");
        assert!(
            messages[0].starts_with("content/milestones: this link leads out of the site"),
            "{messages:#?}"
        );
        assert!(
            messages[1].starts_with("content/pages/c.md: this link leads out of the site"),
            "{messages:#?}"
        );
        assert!(messages[2].starts_with("content/pages/d.md: this link points to nothing"), "{messages:#?}");
        assert!(
            messages[3].starts_with("content/pages/loop: this link loops back to content, which holds it")
        );
    }

    #[test]
    fn a_missing_folder_has_no_files_and_no_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(walk(dir.path(), &dir.path().join("static")), (Vec::new(), Vec::new()));
    }
}
