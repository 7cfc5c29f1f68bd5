//! Recognises a build whose inputs and output are exactly as the last successful build left
//! them, so that `portal build` can stop without rendering anything. The record, in
//! `.portal-build` at the site root (never published), holds a hash of every source file
//! (`site.yaml`, `content/`, `themes/`, `templates/`, `static/`, `i18n/`), of the options and
//! of the `portal` binary itself, and the size and modification time of every output file.
//! Any difference — a source edited, added or removed, an output file touched — means a
//! full build.

use crate::output::Stamp;
use rayon::prelude::*;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// The record's file name, at the site root.
pub const RECORD: &str = ".portal-build";

/// Where the sources of a site live, under its root (besides `site.yaml`).
pub const SOURCE_DIRS: [&str; 5] = ["content", "themes", "templates", "static", "i18n"];

/// What a successful build leaves: the input hash, the summary line's figures and the outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    inputs: u64,
    /// `en 12, ro 12`, for the summary line.
    pub pages: String,
    /// The total of pages.
    pub total: usize,
    outputs: Vec<Stamp>,
}

/// A hash of every source file (path and bytes), of `options` and of the running binary.
pub fn inputs(root: &Path, options: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    options.hash(&mut hasher);
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    if let Some(meta) = std::env::current_exe().ok().and_then(|exe| exe.metadata().ok()) {
        Stamp::new(PathBuf::new(), &meta).hash(&mut hasher);
    }
    let mut files = vec![root.join(crate::config::CONFIG_FILE)];
    for dir in SOURCE_DIRS {
        files.extend(
            walkdir::WalkDir::new(root.join(dir))
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path()),
        );
    }
    // Each file on its own, in parallel; the order of `files` keeps the result stable.
    let each: Vec<u64> = files
        .par_iter()
        .map(|file| {
            let mut hasher = DefaultHasher::new();
            file.hash(&mut hasher);
            std::fs::read(file).unwrap_or_default().hash(&mut hasher);
            hasher.finish()
        })
        .collect();
    each.hash(&mut hasher);
    hasher.finish()
}

/// The record to save after a write that left the output folder's files as `stamps` say
/// (sorted by path, as [`crate::output::write`] returns them).
pub fn record(inputs: u64, pages: String, total: usize, stamps: Vec<Stamp>) -> Record {
    Record { inputs, pages, total, outputs: stamps }
}

/// The last record, if the inputs and every output file are as it says.
pub fn unchanged(root: &Path, inputs: u64, out: &Path) -> Option<Record> {
    let text = std::fs::read_to_string(root.join(RECORD)).ok()?;
    let record = parse(&text)?;
    (record.inputs == inputs && record.outputs == outputs(out)).then_some(record)
}

/// Saves the record (a failure to save only costs the next build its shortcut).
pub fn save(root: &Path, record: &Record) {
    let mut text = format!("{:x}\n{}\n{}\n", record.inputs, record.total, record.pages);
    for Stamp { path, len, modified } in &record.outputs {
        text.push_str(&format!("{len} {modified} {}\n", path.display()));
    }
    let _ = std::fs::write(root.join(RECORD), text);
}

/// Removes the record (before writing, so that an interrupted write is never trusted).
pub fn forget(root: &Path) {
    let _ = std::fs::remove_file(root.join(RECORD));
}

fn parse(text: &str) -> Option<Record> {
    let mut lines = text.lines();
    let inputs = u64::from_str_radix(lines.next()?, 16).ok()?;
    let total = lines.next()?.parse().ok()?;
    let pages = lines.next()?.to_string();
    let outputs = lines
        .map(|l| {
            let mut parts = l.splitn(3, ' ');
            let len = parts.next()?.parse().ok()?;
            let modified = parts.next()?.parse().ok()?;
            Some(Stamp { path: PathBuf::from(parts.next()?), len, modified })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Record { inputs, pages, total, outputs })
}

/// Every file under `out` with its size and modification time, sorted by path.
fn outputs(out: &Path) -> Vec<Stamp> {
    let mut stamps: Vec<Stamp> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| Some(Stamp::new(e.path().strip_prefix(out).ok()?.to_path_buf(), &e.metadata().ok()?)))
        .collect();
    stamps.sort_unstable();
    stamps
}
