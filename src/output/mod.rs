//! Stage 6, output: the output folder, replaced as a whole. Each file is written as soon as
//! it is rendered into a [`Staging`] folder beside the output folder (a file the output
//! folder already holds byte for byte is hard-linked from there, not written); when the
//! whole site rendered without error, the staging folder and the output folder swap places
//! in one step and the old site is removed. A failed or interrupted build leaves the output
//! folder exactly as it was. Which folder may be written, and one build at a time, is
//! [`folder`]'s part.

mod fault;
pub mod folder;
mod swap;

pub use folder::{Lock, OutputDir, OutputError, lock};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files created or changed.
    pub written: usize,
    /// Files already as rendered.
    pub unchanged: usize,
    /// Stale files removed.
    pub removed: usize,
}

/// An output file as the file system describes it after the write: what the record of an
/// unchanged site compares (see [`crate::unchanged`]). Stamps compare, sort and hash by the
/// path's bytes, not its components: a site's twenty thousand are sorted on every build.
#[derive(Debug, Clone)]
pub struct Stamp {
    /// Relative to the output folder.
    pub path: PathBuf,
    /// Size in bytes.
    pub len: u64,
    /// Modification time, in nanoseconds since the Unix epoch.
    pub modified: u128,
}

impl Stamp {
    fn key(&self) -> (&[u8], u64, u128) {
        (self.path.as_os_str().as_encoded_bytes(), self.len, self.modified)
    }

    /// The stamp of the file at `path` (relative to the output folder) with this metadata.
    pub fn new(path: PathBuf, meta: &std::fs::Metadata) -> Self {
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        Self { path, len: meta.len(), modified }
    }
}

impl PartialEq for Stamp {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Stamp {}

impl PartialOrd for Stamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Stamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl std::hash::Hash for Stamp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

/// The result of a write: its counts, and every output file's stamp, sorted by path.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// What was written, left alone and removed.
    pub stats: WriteStats,
    /// Every file of the output folder after the write.
    pub stamps: Vec<Stamp>,
    /// What could not be removed (the old site after the swap, which the next build tries
    /// again; what an earlier build left and that was set aside), each said as a warning.
    pub leftover: Vec<String>,
}

/// The next state of an output folder, built beside it (`.public.portal-new`) as the site
/// renders: each file is written as soon as it is rendered, or, when the output folder
/// already holds it byte for byte, hard-linked from there (it keeps its stamp, and nothing
/// is copied). [`Staging::commit`] swaps it with the output folder in one step and removes
/// the old site. Dropped without a commit (a failed build), it is removed, and the output
/// folder is exactly as it was: it is never written into, only read.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    out: OutputDir,
    /// The output folder's regular files (relative path → stamp), found without following
    /// any link: only these are ever reused.
    old: HashMap<PathBuf, Stamp>,
    /// Whether the output folder exists, and is swapped rather than created.
    replaces: bool,
    stamps: Mutex<Vec<Stamp>>,
    /// The folders made so far: a site writes tens of thousands of files into a few
    /// thousand folders, and asking the system for each file's folder again costs more
    /// than the write.
    folders: Mutex<std::collections::HashSet<PathBuf>>,
    /// The first write that failed: later files are skipped, and the commit fails with it.
    failed: OnceLock<io::Error>,
    /// The output folder's parent, when this staging created it.
    created_parent: Option<PathBuf>,
    committed: bool,
    /// What [`recover`] could not remove and set aside, as warnings.
    set_aside: Vec<String>,
}

impl Staging {
    /// Starts the next state of `out`. What an interrupted build left beside it is cleaned
    /// first (the caller holds the build lock, so it is no other build's): a staging folder
    /// is removed, and an old site set aside by an interrupted fallback swap is put back.
    pub fn begin(out: &OutputDir) -> io::Result<Self> {
        let dir = out.staging();
        let set_aside = recover(out)?;
        let parent = out.path.parent().filter(|p| !p.exists());
        let created_parent = parent.map(Path::to_path_buf);
        std::fs::create_dir_all(&dir)?;
        let replaces = out.path.symlink_metadata().is_ok();
        let old = if replaces { index(&out.path)? } else { HashMap::new() };
        let staging = Self {
            dir,
            out: out.clone(),
            old,
            replaces,
            stamps: Mutex::new(Vec::new()),
            folders: Mutex::new(std::collections::HashSet::new()),
            failed: OnceLock::new(),
            created_parent,
            committed: false,
            set_aside,
        };
        staging.stage(Path::new(folder::MARKER), folder::MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// Stages the file of output name `name` (`en/index.html`). A name that climbs out of
    /// the folder is refused at once; a write that fails (a full disk) is kept for
    /// [`Staging::commit`] to report, and every later file is skipped.
    pub fn put(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let relative = safe_relative(name)?;
        if self.failed.get().is_some() {
            return Ok(());
        }
        if let Err(e) = fault::before_file().and_then(|()| self.stage(relative, bytes)) {
            // The first failure is the one reported; later ones only follow from it.
            let _ = self.failed.set(io::Error::new(e.kind(), format!("{name}: {e}")));
        }
        Ok(())
    }

    fn stage(&self, relative: &Path, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(relative);
        if let Some(parent) = relative.parent() {
            let known = self.folders.lock().map_err(|_| poisoned())?.contains(parent);
            if !known {
                std::fs::create_dir_all(self.dir.join(parent))?;
                self.folders.lock().map_err(|_| poisoned())?.insert(parent.to_path_buf());
            }
        }
        let stamp = match self.reuse(relative, &path, bytes) {
            Some(stamp) => stamp,
            None => Stamp::new(relative.to_path_buf(), &create(&path, bytes)?),
        };
        self.stamps.lock().map_err(|_| poisoned())?.push(stamp);
        Ok(())
    }

    /// Links the output folder's copy of `relative` into the staging folder if it holds
    /// exactly `bytes`, and returns its stamp (a link is the same file: same size and time);
    /// `None` (and a plain write) if it does not, or if linking fails.
    fn reuse(&self, relative: &Path, path: &Path, bytes: &[u8]) -> Option<Stamp> {
        let stamp = self.old.get(relative).filter(|s| s.len == bytes.len() as u64)?;
        let old = self.out.path.join(relative);
        if std::fs::read(&old).ok()? != bytes {
            return None;
        }
        std::fs::hard_link(&old, path).ok()?;
        Some(stamp.clone())
    }

    /// Makes the staged files the output folder, in one step, then removes the old site;
    /// or, if a file could not be staged, fails with that error and changes nothing.
    pub fn commit(mut self) -> io::Result<Written> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let mut stamps = std::mem::take(self.stamps.get_mut().map_err(|_| poisoned())?);
        stamps.par_sort_unstable();
        // A reused file is the old one, linked: its stamp is the old stamp, to the nanosecond.
        let unchanged = stamps.iter().filter(|s| self.old.get(&s.path) == Some(*s)).count();
        let kept = stamps.iter().filter(|s| self.old.contains_key(&s.path)).count();
        let stats =
            WriteStats { written: stamps.len() - unchanged, unchanged, removed: self.old.len() - kept };
        let mut leftover = std::mem::take(&mut self.set_aside);
        if self.replaces {
            swap::exchange(&self.dir, &self.out.path, &self.out.aside())?;
            self.committed = true;
            fault::point("swap");
            if let Err(e) = remove_tree(&self.dir) {
                leftover.push(format!(
                    "cannot remove the previous site, now in {}: {e}; the next build removes it, \
                     or sets it aside",
                    self.dir.display()
                ));
            }
        } else {
            std::fs::rename(&self.dir, &self.out.path)?;
            self.committed = true;
        }
        Ok(Written { stats, stamps, leftover })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_any(&self.dir);
            if let Some(parent) = &self.created_parent {
                let _ = std::fs::remove_dir(parent); // only if nothing else went into it
            }
        }
    }
}

impl crate::render::FileSink for Staging {
    fn put(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        Staging::put(self, name, bytes)
    }

    fn destination(&self, name: &str) -> PathBuf {
        Path::new(&self.out.shown).join(name)
    }
}

fn poisoned() -> io::Error {
    io::Error::other("a rendering thread panicked")
}

/// Cleans what an interrupted build left beside `out`: an old site set aside by the
/// two-rename swap goes back if the output folder is missing (else it is the old site of a
/// finished swap, and goes), and a staging folder goes. What cannot be removed (a read-only
/// or immutable folder in it) is renamed out of the way instead, so that it never stops a
/// build; each such folder is returned as a warning naming it and what to do.
pub fn recover(out: &OutputDir) -> io::Result<Vec<String>> {
    let mut warnings = Vec::new();
    let aside = out.aside();
    if aside.symlink_metadata().is_ok() {
        if out.path.symlink_metadata().is_err() {
            std::fs::rename(&aside, &out.path)?;
        } else {
            clear(out, &aside, &mut warnings)?;
        }
    }
    clear(out, &out.staging(), &mut warnings)?;
    Ok(warnings)
}

/// Removes `path` (what an earlier build left beside `out`), or, if it cannot be removed,
/// renames it to a free `.<output>.portal-stuck-N` and says so in `warnings`.
fn clear(out: &OutputDir, path: &Path, warnings: &mut Vec<String>) -> io::Result<()> {
    let Err(e) = remove_any(path) else { return Ok(()) };
    let stuck = (1..1000).map(|n| out.stuck(n)).find(|p| p.symlink_metadata().is_err());
    let moved = stuck.as_ref().map(|to| std::fs::rename(path, to));
    match (stuck, moved) {
        (Some(to), Some(Ok(()))) => {
            warnings.push(format!(
                "cannot remove {} ({e}), left by an earlier build; it was set aside as {}: \
                 make it writable and delete it (`chmod -R u+w`, and `chattr -i` for an \
                 immutable file)",
                path.display(),
                to.display()
            ));
            Ok(())
        }
        _ => Err(io::Error::new(e.kind(), format!("cannot remove or set aside {}: {e}", path.display()))),
    }
}

/// Removes `path` whatever it is — a folder with all it holds, a file, a link (never what it
/// points to) — if it exists.
fn remove_any(path: &Path) -> io::Result<()> {
    match path.symlink_metadata() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
    }
}

/// The regular files under `dir` with their sizes, relative to it; links are not followed
/// (nor listed), so that no file outside the output folder is ever reused. Folders are read
/// in parallel: a site has tens of thousands.
fn index(dir: &Path) -> io::Result<HashMap<PathBuf, Stamp>> {
    fn files_of(dir: &Path, relative: &Path) -> io::Result<Vec<Stamp>> {
        let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
        let nested: Vec<Vec<Stamp>> = entries
            .par_iter()
            .map(|entry| {
                let kind = entry.file_type()?;
                let name = relative.join(entry.file_name());
                if kind.is_dir() {
                    files_of(&entry.path(), &name)
                } else if kind.is_file() {
                    Ok(vec![Stamp::new(name, &entry.metadata()?)])
                } else {
                    Ok(Vec::new())
                }
            })
            .collect::<io::Result<_>>()?;
        Ok(nested.into_iter().flatten().collect())
    }
    // An output folder that is a link (made one since it was checked) has no files of ours.
    if !dir.symlink_metadata()?.is_dir() {
        return Ok(HashMap::new());
    }
    Ok(files_of(dir, Path::new(""))?.into_iter().map(|s| (s.path.clone(), s)).collect())
}

/// Removes the folder `dir` and all it holds, in parallel; a link inside it is removed, never
/// followed, and so is `dir` itself if it has become a link (the output folder replaced by
/// one while a build ran: what it leads to is not ours).
fn remove_tree(dir: &Path) -> io::Result<()> {
    if !dir.symlink_metadata()?.is_dir() {
        return std::fs::remove_file(dir);
    }
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

/// Creates `path` with `bytes`; the metadata comes from the open file.
fn create(path: &Path, bytes: &[u8]) -> io::Result<std::fs::Metadata> {
    let mut file = std::fs::File::create_new(path)?;
    file.write_all(bytes)?;
    file.metadata()
}

/// Refuses any output name that is absolute or climbs out of the output folder.
fn safe_relative(name: &str) -> io::Result<&Path> {
    let path = Path::new(name);
    if path.components().all(|c| matches!(c, Component::Normal(_))) {
        Ok(path)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {name}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site folder with an output folder `public` checked against the rules.
    fn output(dir: &Path) -> OutputDir {
        OutputDir::check(dir, Path::new("public"), false).unwrap()
    }

    /// Stages `files` into `public` and commits.
    fn build(dir: &Path, files: &[(&str, &str)]) -> Written {
        let staging = Staging::begin(&output(dir)).unwrap();
        files.par_iter().for_each(|(name, text)| staging.put(name, text.as_bytes()).unwrap());
        staging.commit().unwrap()
    }

    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| {
                let name = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(e.path()).unwrap_or_default())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn an_output_folder_made_a_link_while_a_build_runs_loses_the_link_not_what_it_leads_to() {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), &[("index.html", "one")]);
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::write(elsewhere.path().join("keep.txt"), "mine").unwrap();
        let staging = Staging::begin(&output(dir.path())).unwrap();
        staging.put("index.html", b"two").unwrap();
        // Between the check and the swap, `public` is moved away and a link put in its place.
        let public = dir.path().join("public");
        std::fs::rename(&public, dir.path().join("old")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), &public).unwrap();
        staging.commit().unwrap();
        assert_eq!(std::fs::read_to_string(elsewhere.path().join("keep.txt")).unwrap(), "mine");
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "two");
        assert!(!public.symlink_metadata().unwrap().is_symlink(), "the new site is a folder of its own");
    }

    #[test]
    fn a_second_build_reuses_what_is_unchanged_and_drops_what_is_stale() {
        let dir = tempfile::tempdir().unwrap();
        let first = build(dir.path(), &[("a/index.html", "a"), ("b/index.html", "b")]);
        assert_eq!(
            first.stats,
            WriteStats { written: 3, unchanged: 0, removed: 0 },
            "two files and the marker"
        );
        let second = build(dir.path(), &[("a/index.html", "a2"), ("c/index.html", "c")]);
        assert_eq!(second.stats, WriteStats { written: 2, unchanged: 1, removed: 1 });
        let third = build(dir.path(), &[("a/index.html", "a2"), ("c/index.html", "c")]);
        assert_eq!(third.stats, WriteStats { written: 0, unchanged: 3, removed: 0 });
        assert_eq!(third.stamps, second.stamps, "an unchanged file keeps its stamp");
        let public = dir.path().join("public");
        assert_eq!(
            tree(&public),
            [
                (".portal-output".into(), folder::MARKER_TEXT.into()),
                ("a/index.html".into(), "a2".into()),
                ("c/index.html".into(), "c".into())
            ]
        );
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["public"], "no staging folder or old site is left beside it");
    }

    #[test]
    fn stamps_are_what_the_file_system_says_after_the_swap() {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), &[("b/index.html", "b")]);
        let written = build(dir.path(), &[("b/index.html", "b"), ("a.txt", "a")]);
        let paths: Vec<_> = written.stamps.iter().map(|s| s.path.clone()).collect();
        assert_eq!(
            paths,
            [PathBuf::from(".portal-output"), PathBuf::from("a.txt"), PathBuf::from("b/index.html")]
        );
        for stamp in &written.stamps {
            let meta = std::fs::metadata(dir.path().join("public").join(&stamp.path)).unwrap();
            assert_eq!(*stamp, Stamp::new(stamp.path.clone(), &meta));
        }
    }

    #[test]
    fn an_abandoned_staging_leaves_the_output_as_it_was_and_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), &[("a/index.html", "a")]);
        let before = tree(&dir.path().join("public"));
        let staging = Staging::begin(&output(dir.path())).unwrap();
        staging.put("a/index.html", b"changed").unwrap();
        staging.put("b/index.html", b"new").unwrap();
        assert!(staging.put("../x", b"x").is_err(), "names that climb out are refused");
        assert!(staging.put("/x", b"x").is_err());
        drop(staging);
        assert_eq!(tree(&dir.path().join("public")), before);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let nested = OutputDir::check(dir.path(), Path::new("build/site"), false).unwrap();
        drop(Staging::begin(&nested).unwrap());
        assert!(!dir.path().join("build").exists(), "nor a parent it created");
    }

    #[test]
    fn links_inside_the_old_output_are_neither_followed_nor_reused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("index.html"), "a").unwrap();
        build(dir.path(), &[("a/index.html", "a")]);
        let public = dir.path().join("public");
        std::os::unix::fs::symlink(outside.path(), public.join("en")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("index.html"), public.join("b.html")).unwrap();
        let written = build(dir.path(), &[("en/index.html", "a"), ("b.html", "b"), ("a/index.html", "a")]);
        assert_eq!(written.stats.unchanged, 2, "the marker and a/index.html only");
        assert!(!public.join("en").is_symlink() && !public.join("b.html").is_symlink());
        assert_eq!(tree(outside.path()), [("index.html".into(), "a".into())], "nothing outside was touched");
    }

    #[test]
    fn what_an_interrupted_build_left_is_cleaned_or_put_back() {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), &[("a/index.html", "a")]);
        let out = output(dir.path());
        std::fs::create_dir_all(out.staging().join("x")).unwrap();
        std::fs::rename(&out.path, out.aside()).unwrap();
        // As if killed between the fallback's renames: the old site is aside, no output.
        let out = OutputDir::check(dir.path(), Path::new("public"), false).unwrap();
        drop(Staging::begin(&out).unwrap());
        assert_eq!(tree(&out.path).len(), 2, "the old site came back");
        assert!(!out.staging().exists() && !out.aside().exists());
    }
}
