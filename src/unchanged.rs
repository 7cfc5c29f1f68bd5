//! Recognises a build whose inputs and output are exactly as the last successful build left
//! them, so that `portal build` can stop without rendering anything. The record, in
//! `.portal-build` at the site root (never published), holds a hash of every source file
//! (`site.yaml`, `content/`, `themes/`, `templates/`, `static/`, `i18n/`), of the options and
//! of the `portal` binary itself, and the size and modification time of every output file.
//! Any difference — a source edited, added or removed, an output file touched — means a
//! full build.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

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
    outputs: Vec<(PathBuf, u64, u128)>,
}

/// A hash of every source file (path and bytes), of `options` and of the running binary.
pub fn inputs(root: &Path, options: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    options.hash(&mut hasher);
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    if let Some(meta) = std::env::current_exe().ok().and_then(|exe| exe.metadata().ok()) {
        (meta.len(), mtime(&meta)).hash(&mut hasher);
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
    for file in files {
        file.hash(&mut hasher);
        std::fs::read(&file).unwrap_or_default().hash(&mut hasher);
    }
    hasher.finish()
}

/// The record to save after writing `out`.
pub fn record(inputs: u64, pages: String, total: usize, out: &Path) -> Record {
    Record { inputs, pages, total, outputs: outputs(out) }
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
    for (path, len, mtime) in &record.outputs {
        text.push_str(&format!("{len} {mtime} {}\n", path.display()));
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
            Some((
                PathBuf::from(parts.nth(2)?),
                l.split(' ').next()?.parse().ok()?,
                l.split(' ').nth(1)?.parse().ok()?,
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Record { inputs, pages, total, outputs })
}

/// Every file under `out` with its size and modification time, in a stable order.
fn outputs(out: &Path) -> Vec<(PathBuf, u64, u128)> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            Some((e.path().strip_prefix(out).ok()?.to_path_buf(), meta.len(), mtime(&meta)))
        })
        .collect()
}

fn mtime(meta: &std::fs::Metadata) -> u128 {
    meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos())
}
