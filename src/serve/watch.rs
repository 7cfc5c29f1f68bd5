//! Watches what the site is made of — `site.yaml`, `content/`, `themes/`, `templates/`,
//! `static/`, `i18n/` — with notify, debounced, and hands over batches of changed paths
//! (relative to the root), skipping editors' swap and backup files.

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// The folders of a site that the preview watches.
pub use crate::sources::SOURCE_DIRS as WATCHED;

/// Saves within this long of each other are one change (an editor's write-and-rename).
const DEBOUNCE: Duration = Duration::from_millis(25);

/// After an event that ends a save — the file closed after writing, or renamed into
/// place — what else belongs to it comes within this long: the preview need not wait the
/// whole debounce time before it rebuilds.
const SETTLE: Duration = Duration::from_millis(5);

/// A running watcher.
pub struct Watcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<Event>>,
    /// The source folders watched, each with the identity (device and inode) of the folder
    /// that was there when it was watched: a folder deleted and made again is a new one.
    watched: Vec<(PathBuf, (u64, u64))>,
}

impl Watcher {
    /// Starts watching the site in `root`.
    pub fn start(root: &Path) -> notify::Result<Self> {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let (tx, events) = mpsc::channel();
        // Links inside the site are followed, as the build follows them; but where a source
        // folder holds one that leads out of the site (which the build refuses), none is:
        // a link to `/` would have the watcher walk, and watch, the whole machine before the
        // preview answers.
        let follow = WATCHED.iter().all(|d| crate::sources::walk(&root, &root.join(d)).1.is_empty());
        let config = notify::Config::default().with_follow_symlinks(follow);
        let inner = RecommendedWatcher::new(tx, config)?;
        let mut watcher = Self { root, watcher: inner, events, watched: Vec::new() };
        watcher.watcher.watch(&watcher.root.clone(), RecursiveMode::NonRecursive)?;
        watcher.watch_new_folders();
        Ok(watcher)
    }

    /// Brings the watches up to date with the source folders: one that appeared (or was
    /// deleted and made again) is watched, one that went is forgotten, and the terminal says
    /// so: an editor who deletes `content/` learns that the preview waits for it.
    fn watch_new_folders(&mut self) {
        for name in WATCHED {
            let dir = self.root.join(name);
            let now = identity(&dir);
            let known = self.watched.iter().position(|(d, _)| *d == dir);
            match (known.map(|i| self.watched[i].1), now) {
                (Some(was), Some(is)) if was == is => continue,
                (None, None) => continue,
                _ => {}
            }
            if let Some(i) = known {
                let _ = self.watcher.unwatch(&dir);
                self.watched.remove(i);
            }
            match now {
                Some(is) if self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok() => {
                    if known.is_some() {
                        crate::say!("{name}/ was replaced; watching the new one");
                    }
                    self.watched.push((dir, is));
                }
                Some(_) => {
                    crate::tell!("warning: cannot watch {name}/; restart `portal serve` to see its changes")
                }
                None => crate::say!("{name}/ was removed; the preview watches for it to come back"),
            }
        }
    }

    /// Batches of changed paths, relative to the root, forever: a batch closes once no
    /// change has come for the debounce time.
    pub fn changes(mut self) -> impl Iterator<Item = Vec<PathBuf>> {
        std::iter::from_fn(move || {
            loop {
                let first = self.events.recv().ok()?;
                let mut wait = quiet_after(&first);
                let mut paths = self.paths_of(first);
                while let Ok(more) = self.events.recv_timeout(wait) {
                    wait = quiet_after(&more);
                    paths.extend(self.paths_of(more));
                }
                self.watch_new_folders();
                paths.sort();
                paths.dedup();
                if !paths.is_empty() {
                    return Some(paths);
                }
            }
        })
    }

    /// The relevant paths of one event; reading a file (the build's own reads) is no change.
    fn paths_of(&self, event: notify::Result<Event>) -> Vec<PathBuf> {
        match event {
            Ok(e) if matches!(e.kind, EventKind::Access(_)) && !e.need_rescan() => Vec::new(),
            Ok(e) if !e.need_rescan() => e.paths.iter().filter_map(|p| relevant(&self.root, p)).collect(),
            // The watcher lost track (an error, or the system's queue of events overflowed and
            // some were lost): a change to `site.yaml` rebuilds everything.
            _ => vec![PathBuf::from(crate::sources::CONFIG_FILE)],
        }
    }
}

/// A folder's device and inode, if it is a folder.
#[cfg(unix)]
fn identity(dir: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).ok().filter(|m| m.is_dir()).map(|m| (m.dev(), m.ino()))
}

/// Elsewhere, a folder's creation time stands for its identity.
#[cfg(not(unix))]
fn identity(dir: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(dir).ok().filter(|m| m.is_dir())?;
    let created = meta.created().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some((created.as_secs(), u64::from(created.subsec_nanos())))
}

/// How long to wait for more events after `event`: [`SETTLE`] after one that ends a save,
/// [`DEBOUNCE`] after any other.
fn quiet_after(event: &notify::Result<Event>) -> Duration {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    match event.as_ref().map(|e| e.kind) {
        Ok(EventKind::Access(AccessKind::Close(AccessMode::Write)))
        | Ok(EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))) => SETTLE,
        _ => DEBOUNCE,
    }
}

/// The path relative to the root if it is part of the site's sources.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let first = rel.iter().next()?.to_str()?;
    let name = rel.file_name()?.to_str()?;
    if crate::sources::is_ignored(name) || name.ends_with(".tmp") || name.ends_with(".bak") {
        return None;
    }
    (first == crate::sources::CONFIG_FILE || WATCHED.contains(&first)).then(|| rel.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_save_is_waited_on_less_than_a_save_in_progress() {
        use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, ModifyKind, RenameMode};
        let after = |kind| quiet_after(&Ok(Event::new(kind)));
        assert_eq!(after(EventKind::Access(AccessKind::Close(AccessMode::Write))), SETTLE);
        assert_eq!(after(EventKind::Modify(ModifyKind::Name(RenameMode::To))), SETTLE);
        assert_eq!(after(EventKind::Modify(ModifyKind::Data(DataChange::Any))), DEBOUNCE);
        assert_eq!(after(EventKind::Create(CreateKind::File)), DEBOUNCE);
        assert_eq!(after(EventKind::Modify(ModifyKind::Name(RenameMode::From))), DEBOUNCE);
        assert!(SETTLE < DEBOUNCE);
    }

    #[test]
    fn editors_temporary_files_and_other_folders_are_ignored() {
        let root = Path::new("/site");
        for p in [
            "/site/content/.a.md.swp",
            "/site/content/a.md~",
            "/site/content/4913",
            "/site/public/index.html",
            "/site/target/x",
            "/site/content/#a.md#",
        ] {
            assert_eq!(relevant(root, Path::new(p)), None, "{p}");
        }
        assert_eq!(
            relevant(root, Path::new("/site/content/councils/a.en.md")),
            Some(PathBuf::from("content/councils/a.en.md"))
        );
        assert_eq!(relevant(root, Path::new("/site/site.yaml")), Some(PathBuf::from("site.yaml")));
    }
}
