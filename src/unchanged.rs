//! Recognises a build whose inputs and output are exactly as the last successful build left
//! them, so that `portal build` can stop without rendering anything. The record, in
//! `.portal-build` at the site root (never published), holds a fingerprint of every source
//! file (`site.yaml`, `content/`, `themes/`, `templates/`, `static/`, `i18n/`), of the options
//! and of the `portal` binary itself, and the size and modification time of every output file.
//! Any difference — a source edited, added or removed, an output file touched — means a
//! full build.
//!
//! A source's fingerprint is its path, size and modification time, as Cargo, make and git
//! judge a file, so that checking twenty thousand sources reads none of them. As in git's
//! answer to "racy" files, a source modified less than [`RACY`] before the record's sources
//! were looked at is also fingerprinted by its contents — then, and at every later
//! comparison with that record: a second edit within the file system's timestamp
//! granularity keeps the time.

use crate::output::Stamp;
use rayon::prelude::*;
use std::collections::hash_map::DefaultHasher;
use std::fmt::Write;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The record's file name, at the site root.
pub const RECORD: &str = ".portal-build";

/// What a successful build leaves: the input hash, the summary line's figures and the outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    inputs: Fingerprint,
    /// `en 12, ro 12`, for the summary line.
    pub pages: String,
    /// The total of pages.
    pub total: usize,
    /// How many warnings the build gave: an unchanged build says the same count again (a
    /// site that has a warning, such as no publisher yet, keeps its shortcut).
    pub warnings: usize,
    outputs: Vec<Stamp>,
}

/// What a record knows of the sources: their hash, and when they were looked at (which
/// decides the files that were racy then).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    hash: u64,
    at: u128,
}

/// How recent a modification time must be for a file's contents to be hashed too: longer
/// than any file system's timestamp granularity (FAT's is two seconds).
pub const RACY: Duration = Duration::from_secs(3);

/// The sources of a site as the file system describes them, looked at once per build.
#[derive(Debug, Clone)]
pub struct Sources {
    options: String,
    files: Vec<(PathBuf, Option<std::fs::Metadata>)>,
    looked_at: SystemTime,
}

impl Sources {
    /// Walks and stats every source file of `root` (in parallel); `options` are the build's.
    pub fn look(root: &Path, options: &str) -> Self {
        let looked_at = SystemTime::now();
        let mut paths = vec![root.join(crate::sources::CONFIG_FILE)];
        // The same walk as the build's, links and all; its errors are the build's to report.
        for dir in crate::sources::SOURCE_DIRS {
            paths.extend(crate::sources::walk(root, &root.join(dir)).0);
        }
        crate::sources::sort_paths(&mut paths);
        let files = paths
            .into_par_iter()
            .map(|path| {
                let meta = std::fs::metadata(&path).ok();
                (path, meta)
            })
            .collect();
        Self { options: options.to_string(), files, looked_at }
    }

    /// The sources' fingerprint as of when they were looked at. Taken before the build reads
    /// them, so that a source edited while the build runs is not recorded as built.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint { hash: self.hash(self.looked_at), at: nanos(self.looked_at) }
    }

    /// A hash of the options, the running binary and every file's fingerprint, with the
    /// files racy at `reference` fingerprinted by their contents too. The same sources give
    /// the same hash for the same reference, however much later it is computed.
    fn hash(&self, reference: SystemTime) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.options.hash(&mut hasher);
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        if let Some(meta) = std::env::current_exe().ok().and_then(|exe| exe.metadata().ok()) {
            Stamp::new(PathBuf::new(), &meta).hash(&mut hasher);
        }
        // In parallel; the order of `files` keeps the result stable.
        let each: Vec<u64> =
            self.files.par_iter().map(|(path, meta)| fingerprint(path, meta.as_ref(), reference)).collect();
        each.hash(&mut hasher);
        hasher.finish()
    }
}

/// A file's path, size and modification time — and its contents if it was modified less
/// than [`RACY`] before `reference` (or after it). A missing file has a fingerprint of its own.
fn fingerprint(path: &Path, meta: Option<&std::fs::Metadata>, reference: SystemTime) -> u64 {
    let mut hasher = DefaultHasher::new();
    path.hash(&mut hasher);
    if let Some(meta) = meta {
        Stamp::new(PathBuf::new(), meta).hash(&mut hasher);
        let age = meta.modified().ok().and_then(|m| reference.duration_since(m).ok());
        if age.is_none_or(|age| age < RACY) {
            hash_contents(path, &mut hasher);
        }
    }
    hasher.finish()
}

/// Hashes a file's bytes a piece at a time: a new video of gigabytes is not held in memory
/// to tell whether it changed (an unreadable file hashes as empty).
fn hash_contents(path: &Path, hasher: &mut DefaultHasher) {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else { return };
    let mut piece = vec![0; 1 << 16];
    while let Ok(n @ 1..) = file.read(&mut piece) {
        piece[..n].hash(hasher);
    }
}

/// The record to save after a write that left the output folder's files as `stamps` say
/// (sorted by path, as [`crate::output::Staging::commit`] returns them).
pub fn record(
    inputs: Fingerprint,
    pages: String,
    total: usize,
    warnings: usize,
    stamps: Vec<Stamp>,
) -> Record {
    Record { inputs, pages, total, warnings, outputs: stamps }
}

fn nanos(time: SystemTime) -> u128 {
    time.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

/// The last record, if the sources (judged as racy at the record's time) and every output
/// file are as it says.
pub fn unchanged(root: &Path, sources: &Sources, out: &Path) -> Option<Record> {
    if !out.is_dir() {
        return None; // A fresh build: nothing to compare.
    }
    let text = std::fs::read_to_string(root.join(RECORD)).ok()?;
    let record = parse(&text)?;
    let reference = std::time::UNIX_EPOCH + Duration::from_nanos(u64::try_from(record.inputs.at).ok()?);
    (record.inputs.hash == sources.hash(reference) && record.outputs == outputs(out)).then_some(record)
}

/// Saves the record (a failure to save only costs the next build its shortcut).
pub fn save(root: &Path, record: &Record) {
    let Fingerprint { hash, at } = record.inputs;
    let head = format!("{hash:x} {at}\n{} {}\n{}\n", record.total, record.warnings, record.pages);
    // A line per output file, tens of thousands of them: in parallel, and not through
    // `display()`, whose formatter is slow.
    let lines: Vec<String> = record
        .outputs
        .par_chunks(1024)
        .map(|chunk| {
            let mut text = String::new();
            for Stamp { path, len, modified } in chunk {
                let _ = writeln!(text, "{len} {modified} {}", path.to_string_lossy());
            }
            text
        })
        .collect();
    let _ = std::fs::write(root.join(RECORD), head + &lines.concat());
}

/// Removes the record (before writing, so that an interrupted write is never trusted).
pub fn forget(root: &Path) {
    let _ = std::fs::remove_file(root.join(RECORD));
}

fn parse(text: &str) -> Option<Record> {
    let mut lines = text.lines();
    let (hash, at) = lines.next()?.split_once(' ')?;
    let inputs = Fingerprint { hash: u64::from_str_radix(hash, 16).ok()?, at: at.parse().ok()? };
    let (total, warnings) = lines.next()?.split_once(' ')?;
    let (total, warnings) = (total.parse().ok()?, warnings.parse().ok()?);
    let pages = lines.next()?.to_string();
    let outputs = lines
        .map(|l| {
            let mut parts = l.splitn(3, ' ');
            let len = parts.next()?.parse().ok()?;
            let modified = parts.next()?.parse().ok()?;
            Some(Stamp { path: PathBuf::from(parts.next()?), len, modified })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Record { inputs, pages, total, warnings, outputs })
}

/// Every file under `out` with its size and modification time, sorted by path. Anything
/// else a build never writes there (a link, a pipe) is listed too, with a size no file
/// has: the output is then not the one recorded, and a build replaces it.
fn outputs(out: &Path) -> Vec<Stamp> {
    let mut stamps: Vec<Stamp> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            let path = e.path().strip_prefix(out).ok()?.to_path_buf();
            if !e.file_type().is_file() {
                return Some(Stamp { path, len: u64::MAX, modified: 0 });
            }
            Some(Stamp::new(path, &e.metadata().ok()?))
        })
        .collect();
    stamps.par_sort_unstable();
    stamps
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;

    fn fp(file: &Path, reference: SystemTime) -> u64 {
        fingerprint(file, std::fs::metadata(file).ok().as_ref(), reference)
    }

    /// A folder to write a source `a.md` into, and the time the test calls now.
    fn scratch() -> (tempfile::TempDir, PathBuf, SystemTime) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        (dir, file, SystemTime::now())
    }

    /// Writes `text` to `path` and sets its modification time to `age` before `now`.
    fn write_aged(path: &Path, text: &str, now: SystemTime, age: Duration) {
        std::fs::write(path, text).unwrap();
        File::options().write(true).open(path).unwrap().set_modified(now - age).unwrap();
    }

    #[test]
    fn an_old_file_is_judged_by_its_size_and_time_without_being_read() {
        let (_dir, file, now) = scratch();
        write_aged(&file, "one", now, Duration::from_secs(60));
        let before = fp(&file, now);
        write_aged(&file, "two", now, Duration::from_secs(60));
        assert_eq!(fp(&file, now), before, "same size and time: the contents are not read");
        write_aged(&file, "three", now, Duration::from_secs(60));
        assert_ne!(fp(&file, now), before, "another size");
        write_aged(&file, "one", now, Duration::from_secs(61));
        assert_ne!(fp(&file, now), before, "another time");
    }

    #[test]
    fn a_recent_file_is_judged_by_its_contents_too() {
        let (_dir, file, now) = scratch();
        write_aged(&file, "one", now, Duration::from_millis(10));
        let before = fp(&file, now);
        write_aged(&file, "two", now, Duration::from_millis(10));
        assert_ne!(fp(&file, now), before, "an edit within the timestamp granularity");
    }

    #[test]
    fn a_racy_file_is_judged_the_same_way_later_against_the_same_reference() {
        let (_dir, file, then) = scratch();
        write_aged(&file, "one", then, Duration::from_secs(2));
        let before = fp(&file, then);
        assert_eq!(fp(&file, then + Duration::from_secs(60)), fp(&file, then + Duration::from_secs(61)));
        assert_eq!(fp(&file, then), before, "its contents are read again, not skipped because it aged");
        write_aged(&file, "two", then, Duration::from_secs(2));
        assert_ne!(fp(&file, then), before);
    }

    #[test]
    fn a_missing_file_differs_from_an_empty_one() {
        let (_dir, file, now) = scratch();
        let missing = fp(&file, now);
        write_aged(&file, "", now, Duration::from_secs(60));
        assert_ne!(fp(&file, now), missing);
    }
}
