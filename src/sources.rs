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

/// The folder of what a build keeps for the next (image copies, the search index's parts),
/// at the site root: never published, ignored by git, safe to delete.
pub const CACHE_DIR: &str = ".portal-cache";

/// The folders of a site that hold its sources, under its root (besides [`CONFIG_FILE`]).
pub const SOURCE_DIRS: [&str; 5] = ["content", "themes", "templates", "static", "i18n"];

/// Writes generated source files (`portal schema`, `portal cms`) into `dir`, made if it is
/// missing: (name, text) each; returns the paths written.
pub fn write_all(dir: &Path, files: &[(impl AsRef<str>, String)]) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    files
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name.as_ref());
            std::fs::write(&path, text)?;
            Ok(path)
        })
        .collect()
}

/// Editors' swap, backup and hidden files, which are never sources.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
        || name.starts_with('#')
}

/// Whether `path` (under the site at `root`) is a file a full walk would read: a regular
/// file whose real place (links followed) is inside the site. Not a link out of the site, a
/// pipe or a device: reading one could serve a file from elsewhere, or never end. For the
/// preview's quick rebuilds of one file, which do not walk.
pub fn is_source_file(root: &Path, path: &Path) -> bool {
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    std::fs::canonicalize(root.join(path)).is_ok_and(|real| real.starts_with(&site) && real.is_file())
}

/// Sorts paths by their bytes, in parallel: a stable order for a walk, at a fraction of the
/// cost of walkdir's sorting by file name (which parses each path to find its name).
pub fn sort_paths(paths: &mut [PathBuf]) {
    paths.par_sort_unstable_by(|a, b| a.as_os_str().as_encoded_bytes().cmp(b.as_os_str().as_encoded_bytes()));
}

/// Every file under `dir` (a folder of the site in `root`; none if it does not exist), as
/// paths through `dir`, sorted by their bytes; and an error for each link that leaves the
/// site, points to nothing or loops, and each folder that cannot be read. Errors name paths
/// relative to `root`. Only links are looked at twice: the rest is listed from the folders'
/// own entries, without a `stat` each (a site has tens of thousands of files).
pub fn walk(root: &Path, dir: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let through = std::fs::canonicalize(dir).into_iter().collect();
    let mut walk = Walk { root, site: &site, files: Vec::new(), errors: Vec::new(), through };
    walk.folder(dir);
    sort_paths(&mut walk.files);
    (walk.files, walk.errors)
}

/// A walk in progress.
struct Walk<'a> {
    root: &'a Path,
    /// The site's folder with its own links resolved.
    site: &'a Path,
    files: Vec<PathBuf>,
    errors: Vec<Diagnostic>,
    /// The walked folder and the resolved targets of the links the walk is inside of, to
    /// tell a loop.
    through: Vec<PathBuf>,
}

impl Walk<'_> {
    fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }

    fn folder(&mut self, dir: &Path) {
        let walker = walkdir::WalkDir::new(dir).into_iter();
        let walker =
            walker.filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_str().unwrap_or("")));
        for entry in walker {
            match entry {
                Ok(entry) if entry.path_is_symlink() && entry.depth() > 0 => self.link(entry.path()),
                Ok(entry) if entry.file_type().is_file() => self.files.push(entry.into_path()),
                Ok(_) => {}
                // The folder itself is optional.
                Err(e)
                    if e.depth() == 0
                        && e.io_error().is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) => {}
                Err(e) => {
                    let path = self.relative(e.path().unwrap_or(Path::new("")));
                    self.errors.push(Diagnostic::error(path, format!("cannot read: {e}")));
                }
            }
        }
    }

    /// A link: followed if its target is inside the site (and not a folder it is already in).
    fn link(&mut self, link: &Path) {
        let shown = self.relative(link);
        let Ok(target) = std::fs::canonicalize(link) else {
            let hint = "remove the link, or fix where it points";
            self.errors
                .push(Diagnostic::error(shown, "this link points to nothing (or loops)").with_hint(hint));
            return;
        };
        if !target.starts_with(self.site) {
            let message = format!("this link leads out of the site, to {}", target.display());
            let hint = "copy the files into the site, or point the link at a folder inside it";
            self.errors.push(Diagnostic::error(shown, message).with_hint(hint));
        } else if target.is_file() {
            self.files.push(link.to_path_buf());
        } else if target.is_dir() {
            let parent = link.parent().and_then(|p| std::fs::canonicalize(p).ok()).unwrap_or_default();
            if parent.starts_with(&target) || self.through.contains(&target) {
                let inside = target.strip_prefix(self.site).unwrap_or(&target);
                let message = format!("this link loops back to {}, which holds it", inside.display());
                self.errors.push(
                    Diagnostic::error(shown, message).with_hint("remove the link, or point it elsewhere"),
                );
                return;
            }
            self.through.push(target);
            self.folder(link);
            self.through.pop();
        }
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
    fn only_a_regular_file_inside_the_site_is_a_source_file_to_read_alone() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(root.join("static/a.css"), "a").unwrap();
        std::fs::write(outside.path().join("key"), "secret").unwrap();
        symlink(root.join("static/a.css"), root.join("static/b.css")).unwrap();
        symlink(outside.path().join("key"), root.join("static/c.css")).unwrap();
        symlink("/dev/zero", root.join("static/d.css")).unwrap();
        let fifo = std::process::Command::new("mkfifo").arg(root.join("static/e.css")).status();
        assert!(is_source_file(root, Path::new("static/a.css")));
        assert!(is_source_file(root, Path::new("static/b.css")), "a link inside the site");
        assert!(!is_source_file(root, Path::new("static/c.css")), "a link out of the site");
        assert!(!is_source_file(root, Path::new("static/d.css")), "a device");
        if fifo.is_ok_and(|s| s.success()) {
            assert!(!is_source_file(root, Path::new("static/e.css")), "a pipe");
        }
        assert!(!is_source_file(root, Path::new("static/missing.css")));
        assert!(!is_source_file(root, Path::new("static")), "a folder");
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
