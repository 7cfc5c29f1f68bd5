//! A site's source files: the one list of the folders that hold them (for loading,
//! fingerprinting, watching, and keeping the output out of them), the names that are never
//! sources (editors' swap and backup files), and the one walk over a source folder. A walk
//! follows symbolic links whose target stays inside the site, and reports — as an error
//! naming the link — one that leads out of the site, points to nothing, or loops.

use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::path::{Component, Path, PathBuf};

/// The site's configuration file, at its root.
pub const CONFIG_FILE: &str = "site.yaml";

/// The folder of what a build keeps for the next (image copies, the search index's parts),
/// at the site root: never published, ignored by git, safe to delete.
pub const CACHE_DIR: &str = ".portal-cache";

/// The folders of a site that hold its sources, under its root (besides [`CONFIG_FILE`]).
pub const SOURCE_DIRS: [&str; 5] = ["content", "themes", "templates", "static", "i18n"];

/// Writes generated source files (`portal schema`, `portal cms`) into `dir`, made if it is
/// missing: (name, text) each; returns the paths written. Where `dir` is in the site at
/// `root`, nothing is written through a link out of it (see [`replace_file`]); a folder
/// given outside the site is the caller's own.
pub fn write_all(
    root: &Path,
    dir: &Path,
    files: &[(impl AsRef<str>, String)],
) -> std::io::Result<Vec<PathBuf>> {
    let in_site =
        dir.strip_prefix(root).is_ok_and(|rest| rest.components().all(|c| matches!(c, Component::Normal(_))));
    let bound = if in_site { root } else { dir };
    if in_site {
        // Made only where what exists of it stays in the site.
        let existing = dir.ancestors().find(|a| a.exists()).unwrap_or(root);
        if !std::fs::canonicalize(existing)?.starts_with(std::fs::canonicalize(root)?) {
            return Err(out_of_site(existing));
        }
    }
    std::fs::create_dir_all(dir)?;
    files
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name.as_ref());
            replace_file(bound, path.strip_prefix(bound).unwrap_or(&path), text.as_bytes())?;
            Ok(path)
        })
        .collect()
}

/// Writes `bytes` as the file `path` of the folder `bound` (a site's root, where a command
/// rewrites or writes its sources) through a new file beside it renamed over it, so that an
/// interruption leaves the old file whole. Nothing put in the way is written through: the
/// new file is made afresh (a link or file already at its name refuses it), a link at
/// `path` is followed only to a file inside `bound` (which is written, and the link kept),
/// and a folder on the way that leads out of `bound` refuses it.
pub fn replace_file(bound: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    stage(bound, path, bytes)?.commit()
}

/// `bytes` written beside the file `path` of `bound`, ready to take its place (see
/// [`replace_file`]): [`Staged::commit`] puts it there, [`Staged::discard`] removes it.
pub fn stage(bound: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
    use std::io::Write;
    static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let target = real_place(bound, path)?;
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temporary = hidden_beside(&target, &format!("portal-{}-{n}", std::process::id()));
    let mut file = std::fs::File::options().write(true).create_new(true).open(&temporary)?;
    if let Err(e) = file.write_all(bytes) {
        let _ = std::fs::remove_file(&temporary);
        return Err(e);
    }
    Ok(Staged { temporary, target })
}

/// Makes the new file `path` of `bound` (a site's root) with `bytes`, and the folders it
/// needs: never over anything already there (a link included), and never in a folder that
/// leads out of `bound`.
pub fn create_file(bound: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let full = bound.join(path);
    std::fs::create_dir_all(full.parent().unwrap_or(bound))?;
    let full = real_folder(bound, &full)?;
    let mut file = std::fs::File::options().write(true).create_new(true).open(&full)?;
    file.write_all(bytes).inspect_err(|_| drop(std::fs::remove_file(&full)))
}

/// A hidden name beside `path` for a file a command keeps while it works (`tag` tells whose):
/// hidden, so that it is never a source if a killed command leaves it behind.
pub fn hidden_beside(path: &Path, tag: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{tag}"))
}

/// A file's new text written beside it, not yet in its place.
#[derive(Debug)]
pub struct Staged {
    temporary: PathBuf,
    target: PathBuf,
}

impl Staged {
    /// Puts the new text in the file's place (the one step that changes the file).
    pub fn commit(self) -> std::io::Result<()> {
        std::fs::rename(&self.temporary, &self.target).inspect_err(|_| {
            let _ = std::fs::remove_file(&self.temporary);
        })
    }

    /// Drops the new text; the file stays as it was.
    pub fn discard(self) {
        let _ = std::fs::remove_file(&self.temporary);
    }

    /// The file the new text is for (where a link was followed, the file it leads to).
    pub fn target(&self) -> &Path {
        &self.target
    }
}

/// Where the file `path` of `bound` really is: in its folder (links resolved, which must
/// stay in `bound`), and where `path` is itself a link, the file inside `bound` it leads to.
fn real_place(bound: &Path, path: &Path) -> std::io::Result<PathBuf> {
    let full = bound.join(path);
    let target = real_folder(bound, &full)?;
    if !std::fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
        return Ok(target);
    }
    match std::fs::canonicalize(&target) {
        Ok(real) if real.starts_with(std::fs::canonicalize(bound)?) && real.is_file() => Ok(real),
        _ => Err(out_of_site(&full)),
    }
}

/// `full` (a path under `bound`) with its folder's links resolved, which must leave it in
/// `bound`; its last part as it is.
fn real_folder(bound: &Path, full: &Path) -> std::io::Result<PathBuf> {
    let (Some(parent), Some(name)) = (full.parent(), full.file_name()) else {
        return Err(std::io::Error::other(format!("{} is not a file's name", full.display())));
    };
    let folder = std::fs::canonicalize(parent)?;
    if !folder.starts_with(std::fs::canonicalize(bound)?) {
        return Err(out_of_site(parent));
    }
    Ok(folder.join(name))
}

fn out_of_site(path: &Path) -> std::io::Error {
    std::io::Error::other(format!(
        "{} is a link that leads out of the site, or to no file in it: nothing is written through it",
        path.display()
    ))
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
    std::fs::canonicalize(root.join(path)).is_ok_and(|real| in_site(&site, &real) && real.is_file())
}

/// Whether `real` (a path with its links resolved) is in the site whose folder is `site`
/// (resolved too), and in none of its hidden folders: `.git` holds the repository's history
/// and, in a workflow, its access token; `.portal-cache` is the build's own.
pub fn in_site(site: &Path, real: &Path) -> bool {
    real.strip_prefix(site).is_ok_and(|inside| {
        inside
            .components()
            .all(|c| !matches!(c, Component::Normal(name) if name.as_encoded_bytes().starts_with(b".")))
    })
}

/// An error for the source `path` (relative to the site at `root`) when it is a link (or in a
/// folder that is one) whose target is not in the site, or is in one of its hidden folders:
/// nothing is read through it.
pub fn out_of_site_source(root: &Path, path: &Path) -> Option<Diagnostic> {
    let site = std::fs::canonicalize(root).ok()?;
    let real = std::fs::canonicalize(root.join(path)).ok()?;
    (!in_site(&site, &real)).then(|| leads_out(path, &real))
}

fn leads_out(shown: &Path, target: &Path) -> Diagnostic {
    let message =
        format!("this link leads out of the site, or into a hidden folder of it, to {}", target.display());
    Diagnostic::error(shown, message)
        .with_hint("copy the files into the site, or point the link at a folder inside it")
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
    let real = std::fs::canonicalize(dir).ok();
    // The folder may itself be a link (`static -> /elsewhere`): a walk follows it, unchecked.
    if let (Some(real), Ok(rel)) = (&real, dir.strip_prefix(root))
        && !in_site(&site, real)
    {
        return (Vec::new(), vec![leads_out(rel, real)]);
    }
    let through = real.into_iter().collect();
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
        if !in_site(self.site, &target) {
            self.errors.push(leads_out(&shown, &target));
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
        // Inside the site, but in its repository: `.git/config` holds a workflow's token.
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), "extraheader = AUTHORIZATION: basic x").unwrap();
        symlink(root.join(".git/config"), root.join("content/pages/e.md")).unwrap();
        let (files, errors) = walk(root, &root.join("content"));
        assert_eq!(names(root, &files), ["content/domains/a.md", "content/pages/b.md"]);
        let mut messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        messages.sort();
        assert_eq!(messages.len(), 5, "{messages:#?}");
        assert!(
            messages[3]
                .starts_with("content/pages/e.md: this link leads out of the site, or into a hidden folder"),
            "{messages:#?}"
        );
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
            messages[4].starts_with("content/pages/loop: this link loops back to content, which holds it")
        );
    }

    #[test]
    fn a_source_folder_that_is_itself_a_link_out_of_the_site_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("s.txt"), "secret").unwrap();
        symlink(outside.path(), dir.path().join("static")).unwrap();
        let (files, errors) = walk(dir.path(), &dir.path().join("static"));
        assert_eq!(files, Vec::<PathBuf>::new());
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].to_string().starts_with("static: this link leads out of the site"),
            "{}",
            errors[0]
        );
        // One inside the site is followed.
        std::fs::create_dir_all(dir.path().join("shared")).unwrap();
        std::fs::write(dir.path().join("shared/a.css"), "a").unwrap();
        symlink(dir.path().join("shared"), dir.path().join("themes")).unwrap();
        assert_eq!(walk(dir.path(), &dir.path().join("themes")).0.len(), 1);
    }

    #[test]
    fn a_missing_folder_has_no_files_and_no_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(walk(dir.path(), &dir.path().join("static")), (Vec::new(), Vec::new()));
    }
}
