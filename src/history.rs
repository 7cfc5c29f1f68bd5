//! When each content file last changed, from the site's git history: one `git log` for the
//! whole site, read once per build. Nothing when there is no git, no repository, or only a
//! shallow clone (whose one commit would date every file alike): a page then shows no
//! date rather than a wrong one, and never the build's.

use crate::base::Date;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Each file's first and last commit days, by its path relative to the site's folder.
#[derive(Debug, Clone, Default)]
pub struct History(HashMap<PathBuf, (Date, Date)>);

impl History {
    /// The day of the last commit that changed `path` (relative to the site's folder).
    pub fn last_changed(&self, path: &Path) -> Option<Date> {
        self.0.get(path).map(|&(_, last)| last)
    }

    /// The day of the first commit that added `path`: when the page was first written.
    pub fn first_changed(&self, path: &Path) -> Option<Date> {
        self.0.get(path).map(|&(first, _)| first)
    }
}

/// The commit the site's repository is at, and whether the clone is shallow (its history,
/// and so the pages' days, come whole only once it is not), if it is in one.
pub fn head(root: &Path) -> Option<String> {
    let args = ["rev-parse", "HEAD", "--is-shallow-repository"];
    let out = Command::new("git").arg("-C").arg(root).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Whether git tracks a file under `path` (of the site at `root`); false where the site is
/// not in a repository or git is not installed.
pub fn tracks(root: &Path, path: &str) -> bool {
    let pathspec = format!(":(icase){path}");
    let out = Command::new("git").arg("-C").arg(root).args(["ls-files", "--", &pathspec]).output();
    out.is_ok_and(|out| out.status.success() && !out.stdout.is_empty())
}

/// Reads the history of `folder` (under `root`) in the git repository `root` is in.
pub fn load(root: &Path, folder: &str) -> History {
    let git = |args: &[&str]| {
        let out = Command::new("git").arg("-C").arg(root).args(args).output().ok()?;
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    if git(&["rev-parse", "--is-shallow-repository"]).is_none_or(|s| s.trim() != "false") {
        return History::default();
    }
    // `--name-status -M`: a renamed file keeps its history (a page moved keeps the day it was
    // first written), as `git log --follow` does for one file.
    let args = [
        "-c",
        "core.quotePath=false",
        "log",
        "--format=%x00%cs",
        "--name-status",
        "-M",
        "--relative",
        "--",
        folder,
    ];
    git(&args).map(|log| parse(&log)).unwrap_or_default()
}

/// `git log --format=%x00%cs --name-status -M` output: newest commit first, so a file's
/// first mention is its last change, and its last mention its first. A rename (`R<score>`,
/// old and new path) makes the old path's older commits the new path's.
fn parse(log: &str) -> History {
    let mut days: HashMap<PathBuf, (Date, Date)> = HashMap::new();
    let mut now_named: HashMap<PathBuf, PathBuf> = HashMap::new();
    let mut day = None;
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            day = Date::parse(date.trim()).ok();
            continue;
        }
        let (Some(d), Some((status, paths))) = (day, line.split_once('\t')) else { continue };
        let (old, new) = paths.split_once('\t').unwrap_or(("", paths));
        let path = PathBuf::from(new);
        let current = now_named.get(&path).cloned().unwrap_or(path);
        days.entry(current.clone()).and_modify(|(first, _)| *first = d).or_insert((d, d));
        if status.starts_with('R') {
            now_named.insert(PathBuf::from(old), current);
        }
    }
    History(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_s_last_change_is_its_newest_commit() {
        let log = "\u{0}2025-12-01\n\nM\tcontent/a.en.md\n\u{0}2024-01-02\n\nA\tcontent/a.en.md\nA\tcontent/b.en.md\n";
        let h = parse(log);
        assert_eq!(h.last_changed(Path::new("content/a.en.md")).unwrap().to_string(), "2025-12-01");
        assert_eq!(h.last_changed(Path::new("content/b.en.md")).unwrap().to_string(), "2024-01-02");
        assert!(h.last_changed(Path::new("content/c.en.md")).is_none());
        assert_eq!(h.first_changed(Path::new("content/a.en.md")).unwrap().to_string(), "2024-01-02");
        assert_eq!(h.first_changed(Path::new("content/b.en.md")).unwrap().to_string(), "2024-01-02");
    }

    #[test]
    fn a_renamed_file_keeps_the_day_it_was_first_written() {
        let log = "\u{0}2026-03-01\n\nM\tcontent/new.en.md\n\u{0}2026-02-01\n\nR100\tcontent/old.en.md\tcontent/new.en.md\n\u{0}2025-01-05\n\nA\tcontent/old.en.md\n";
        let h = parse(log);
        assert_eq!(h.first_changed(Path::new("content/new.en.md")).unwrap().to_string(), "2025-01-05");
        assert_eq!(h.last_changed(Path::new("content/new.en.md")).unwrap().to_string(), "2026-03-01");
        assert!(h.last_changed(Path::new("content/old.en.md")).is_none(), "the old name is the new one's");
    }
}
