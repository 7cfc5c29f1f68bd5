//! Stage 6, output: brings the output folder to the rendered site's state — writes what is
//! new or changed (each file through a temporary and a rename), removes what is stale, and
//! leaves identical files alone. Called only after the whole site rendered without error.

use crate::render::RenderedSite;
use rayon::prelude::*;
use std::collections::HashSet;
use std::io;
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

/// Writes `site` into `out`, creating it if needed. Files are written in parallel; a file
/// that exists and differs is replaced through a temporary file and a rename, so that it is
/// never seen half-written; an identical one is left alone.
pub fn write(site: &RenderedSite, out: &Path) -> io::Result<WriteStats> {
    std::fs::create_dir_all(out)?;
    let files: Vec<(PathBuf, &std::sync::Arc<Vec<u8>>)> = site
        .files
        .iter()
        .map(|(name, bytes)| Ok((out.join(safe_relative(name)?), bytes)))
        .collect::<io::Result<_>>()?;
    let mut dirs: Vec<&Path> = files.iter().filter_map(|(path, _)| path.parent()).collect();
    dirs.dedup();
    dirs.par_iter().try_for_each(std::fs::create_dir_all)?;
    let outcomes: Vec<Outcome> =
        files.par_iter().map(|(path, bytes)| write_one(path, bytes)).collect::<io::Result<_>>()?;
    let mut stats = WriteStats::default();
    for outcome in outcomes {
        match outcome {
            Outcome::Written => stats.written += 1,
            Outcome::Unchanged => stats.unchanged += 1,
        }
    }
    let keep: HashSet<PathBuf> = files.into_iter().map(|(path, _)| path).collect();
    stats.removed = remove_stale(out, &keep)?;
    Ok(stats)
}

enum Outcome {
    Written,
    Unchanged,
}

fn write_one(path: &Path, bytes: &[u8]) -> io::Result<Outcome> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::write(path, bytes)?;
            Ok(Outcome::Written)
        }
        Ok(meta) if meta.len() == bytes.len() as u64 && std::fs::read(path)? == bytes => {
            Ok(Outcome::Unchanged)
        }
        _ => {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
            let tmp = path.with_file_name(format!(".{name}.portal-tmp"));
            std::fs::write(&tmp, bytes)?;
            std::fs::rename(&tmp, path)?;
            Ok(Outcome::Written)
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
        assert_eq!(first, WriteStats { written: 2, unchanged: 0, removed: 0 });
        let second = write(&site(&[("a/index.html", "a2")]), &out).unwrap();
        assert_eq!(second, WriteStats { written: 1, unchanged: 0, removed: 1 });
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "a2");
        assert!(!out.join("b").exists(), "empty folders are removed");
    }

    #[test]
    fn names_that_climb_out_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write(&site(&[("../x", "x")]), &dir.path().join("public")).is_err());
        assert!(!dir.path().join("x").exists());
    }
}
