//! Stage 6, output: brings the output folder to the rendered site's state — creates what is
//! new, replaces what changed (through a temporary and a rename), removes what is stale, and
//! leaves identical files alone. Called only after the whole site rendered without error.
//! A folder that does not exist yet is instead filled while the site renders, through a
//! [`Staging`] folder that becomes the output folder only when the whole build succeeded.

use crate::render::RenderedSite;
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

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
}

/// Writes `site` into `out`, creating it if needed. Files are written in parallel; a file
/// that exists and differs is replaced through a temporary file and a rename, so that it is
/// never seen half-written; an identical one is left alone. (A folder that does not exist
/// yet is filled through a [`Staging`] folder instead.)
pub fn write(site: &RenderedSite, out: &Path) -> io::Result<Written> {
    std::fs::create_dir_all(out)?;
    let files: Vec<(PathBuf, &std::sync::Arc<Vec<u8>>)> = site
        .files
        .iter()
        .map(|(name, bytes)| Ok((out.join(safe_relative(name)?), bytes)))
        .collect::<io::Result<_>>()?;
    let mut dirs: Vec<&Path> = files.iter().filter_map(|(path, _)| path.parent()).collect();
    dirs.dedup();
    dirs.par_iter().try_for_each(std::fs::create_dir_all)?;
    let outcomes: Vec<(Outcome, Stamp)> = files
        .par_iter()
        .map(|(path, bytes)| {
            let (outcome, meta) = write_one(path, bytes)?;
            Ok((outcome, Stamp::new(path.strip_prefix(out).unwrap_or(path).to_path_buf(), &meta)))
        })
        .collect::<io::Result<_>>()?;
    let mut written = Written::default();
    for (outcome, stamp) in outcomes {
        match outcome {
            Outcome::Written => written.stats.written += 1,
            Outcome::Unchanged => written.stats.unchanged += 1,
        }
        written.stamps.push(stamp);
    }
    written.stamps.par_sort_unstable();
    let keep: HashSet<PathBuf> = files.into_iter().map(|(path, _)| path).collect();
    written.stats.removed = remove_stale(out, &keep)?;
    Ok(written)
}

enum Outcome {
    Written,
    Unchanged,
}

/// Writes one file unless it is already as rendered; returns its metadata afterwards.
fn write_one(path: &Path, bytes: &[u8]) -> io::Result<(Outcome, std::fs::Metadata)> {
    match std::fs::metadata(path).ok() {
        None => Ok((Outcome::Written, create(path, bytes)?)),
        Some(meta) if meta.len() == bytes.len() as u64 && std::fs::read(path)? == bytes => {
            Ok((Outcome::Unchanged, meta))
        }
        Some(_) => {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
            let tmp = path.with_file_name(format!(".{name}.portal-tmp"));
            create(&tmp, bytes)?;
            std::fs::rename(&tmp, path)?;
            std::fs::metadata(path).map(|meta| (Outcome::Written, meta))
        }
    }
}

/// Creates (or truncates) `path` with `bytes`; the metadata comes from the open file.
fn create(path: &Path, bytes: &[u8]) -> io::Result<std::fs::Metadata> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.metadata()
}

/// A new output folder being filled as the site renders: every file goes into a hidden
/// sibling (`.public.portal-new`) as soon as it is rendered, so that a fresh build never holds
/// the whole site in memory. [`Staging::commit`] renames it to the output folder; dropped
/// without a commit (a failed build), it is removed, and the output folder never existed.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    /// The output folder's parent, when this staging created it.
    created_parent: Option<PathBuf>,
    committed: bool,
}

impl Staging {
    /// Starts filling `out` if it does not exist; `None` if it does ([`write`] brings an
    /// existing folder up to date). A staging folder an interrupted build left is removed.
    pub fn begin(out: &Path) -> io::Result<Option<Self>> {
        if out.symlink_metadata().is_ok() {
            return Ok(None);
        }
        let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("public");
        let dir = out.with_file_name(format!(".{name}.portal-new"));
        if dir.symlink_metadata().is_ok() {
            std::fs::remove_dir_all(&dir)?;
        }
        let created_parent = out.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists());
        let created_parent = created_parent.map(Path::to_path_buf);
        std::fs::create_dir_all(&dir)?;
        Ok(Some(Self { dir, out: out.to_path_buf(), created_parent, committed: false }))
    }

    /// Writes the file of output name `name` (`en/index.html`); returns its stamp.
    pub fn put(&self, name: &str, bytes: &[u8]) -> io::Result<Stamp> {
        let relative = safe_relative(name)?;
        let path = self.dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        Ok(Stamp::new(relative.to_path_buf(), &create(&path, bytes)?))
    }

    /// Where a file of output name `name` ends up, for messages.
    pub fn destination(&self, name: &str) -> PathBuf {
        self.out.join(name)
    }

    /// Makes the staged files, whose stamps [`Staging::put`] returned, the output folder.
    pub fn commit(mut self, mut stamps: Vec<Stamp>) -> io::Result<Written> {
        std::fs::rename(&self.dir, &self.out)?;
        self.committed = true;
        stamps.par_sort_unstable();
        let stats = WriteStats { written: stamps.len(), ..WriteStats::default() };
        Ok(Written { stats, stamps })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
            if let Some(parent) = &self.created_parent {
                let _ = std::fs::remove_dir(parent); // only if nothing else went into it
            }
        }
    }
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

/// Removes files under `dir` that are not in `keep`, then folders left empty.
fn remove_stale(dir: &Path, keep: &HashSet<PathBuf>) -> io::Result<usize> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).contents_first(true) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else if !keep.contains(entry.path()) {
            std::fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    for d in dirs {
        if std::fs::read_dir(&d)?.next().is_none() {
            std::fs::remove_dir(&d)?;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> RenderedSite {
        RenderedSite {
            files: files
                .iter()
                .map(|(n, b)| (n.to_string(), std::sync::Arc::new(b.as_bytes().to_vec())))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn second_write_changes_only_what_changed_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = write(&site(&[("a/index.html", "a"), ("b/index.html", "b")]), &out).unwrap();
        assert_eq!(first.stats, WriteStats { written: 2, unchanged: 0, removed: 0 });
        let second = write(&site(&[("a/index.html", "a2"), ("c/index.html", "c")]), &out).unwrap();
        assert_eq!(second.stats, WriteStats { written: 2, unchanged: 0, removed: 1 });
        let third = write(&site(&[("a/index.html", "a2"), ("c/index.html", "c")]), &out).unwrap();
        assert_eq!(third.stats, WriteStats { written: 0, unchanged: 2, removed: 0 });
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "a2");
        assert!(!out.join("b").exists(), "empty folders are removed");
        assert_eq!(third.stamps, second.stamps, "an unchanged file keeps its stamp");
    }

    #[test]
    fn stamps_are_what_the_file_system_says_after_the_write() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let written = write(&site(&[("b/index.html", "bb"), ("a.txt", "a")]), &out).unwrap();
        let paths: Vec<_> = written.stamps.iter().map(|s| s.path.clone()).collect();
        assert_eq!(paths, [PathBuf::from("a.txt"), PathBuf::from("b/index.html")]);
        for stamp in &written.stamps {
            let meta = std::fs::metadata(out.join(&stamp.path)).unwrap();
            assert_eq!(*stamp, Stamp::new(stamp.path.clone(), &meta));
        }
    }

    #[test]
    fn a_staged_folder_becomes_the_output_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::begin(&out).unwrap().expect("the folder does not exist");
        let stamps = vec![staging.put("b/index.html", b"bb").unwrap(), staging.put("a.txt", b"a").unwrap()];
        assert!(!out.exists(), "nothing is visible before the commit");
        let written = staging.commit(stamps).unwrap();
        assert_eq!(written.stats, WriteStats { written: 2, unchanged: 0, removed: 0 });
        assert_eq!(std::fs::read_to_string(out.join("b/index.html")).unwrap(), "bb");
        for stamp in &written.stamps {
            let meta = std::fs::metadata(out.join(&stamp.path)).unwrap();
            assert_eq!(*stamp, Stamp::new(stamp.path.clone(), &meta), "the rename keeps every stamp");
        }
        assert!(Staging::begin(&out).unwrap().is_none(), "an existing folder is brought up to date instead");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["public"], "no staging folder is left");
    }

    #[test]
    fn an_abandoned_staging_folder_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::begin(&out).unwrap().unwrap();
        staging.put("a/index.html", b"a").unwrap();
        assert!(staging.put("../x", b"x").is_err(), "names that climb out are refused here too");
        drop(staging);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let nested = Staging::begin(&dir.path().join("build/site")).unwrap().unwrap();
        assert!(dir.path().join("build").is_dir());
        drop(nested);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nor a parent it created");
    }

    #[test]
    fn names_that_climb_out_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write(&site(&[("../x", "x")]), &dir.path().join("public")).is_err());
        assert!(!dir.path().join("x").exists());
    }
}
