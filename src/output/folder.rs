//! Which folder a build may write, and one build at a time into it. A build writes only into
//! a folder that does not exist yet or that `portal build` made (it holds [`MARKER`]); never
//! into the site's own folder, an ancestor of it, a source folder, `/` or the home folder;
//! never through a symbolic link. A lock at the site's root makes a second build wait.

use std::fmt;
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Component, Path, PathBuf};

/// The file by which `portal build` recognises an output folder of its own.
pub const MARKER: &str = ".portal-output";

/// The marker's text, for whoever opens it.
pub const MARKER_TEXT: &str = "This folder is written by `portal build`, which replaces all of it on every build.\n\
     Do not keep anything of your own here: edit the site's sources instead.\n";

use crate::sources::SOURCE_DIRS;

/// Why a build may not write where it was asked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputError {
    /// What is wrong, naming the folder.
    pub message: String,
    /// What to do instead.
    pub hint: Option<String>,
}

impl OutputError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self { message: message.into(), hint: Some(hint.into()) }
    }

    /// An error of the file system, naming what was being done.
    pub fn io(doing: impl fmt::Display, e: &std::io::Error) -> Self {
        Self { message: format!("{doing}: {e}"), hint: None }
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        match &self.hint {
            Some(hint) => write!(f, "\n  = help: {hint}"),
            None => Ok(()),
        }
    }
}

/// An output folder a build may write: checked against the rules, absolute, with the name
/// the editor gave it for messages.
#[derive(Debug, Clone)]
pub struct OutputDir {
    /// Absolute, with every existing ancestor's links resolved.
    pub path: PathBuf,
    /// As the editor wrote it (`public`), for messages.
    pub shown: String,
}

impl OutputDir {
    /// Checks `output` (relative to the site's `root`) against the rules; `force` allows a
    /// foreign non-empty folder, and nothing else.
    pub fn check(root: &Path, output: &Path, force: bool) -> Result<Self, OutputError> {
        let shown = output.display().to_string();
        let refuse = |why: &str, hint: &str| {
            Err(OutputError::new(format!("refusing to write the site into `{shown}`: {why}"), hint))
        };
        let elsewhere = "choose another folder with `--output`, such as `public`";
        let root = std::fs::canonicalize(root)
            .map_err(|e| OutputError::io(format!("cannot open the site's folder {}", root.display()), &e))?;
        let path = resolve(&root.join(output))
            .map_err(|e| OutputError::io(format!("cannot look at `{shown}`"), &e))?;
        if path.parent().is_none() {
            return refuse("it is the root of the file system", elsewhere);
        }
        if home().is_some_and(|home| home == path) {
            return refuse("it is your home folder", elsewhere);
        }
        if path == root {
            return refuse("it is the site's own folder, which holds its sources", elsewhere);
        }
        if root.starts_with(&path) {
            return refuse("it holds the site's own folder", elsewhere);
        }
        let inside_source = SOURCE_DIRS.iter().map(|d| root.join(d)).find(|d| path.starts_with(d));
        if let Some(source) = inside_source {
            let name = source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let why = if source == path { "it is a source folder" } else { "it is inside a source folder" };
            return refuse(&format!("{why} (`{name}/`)"), elsewhere);
        }
        let exists = match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(OutputError::io(format!("cannot look at `{shown}`"), &e)),
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&path).map(|t| t.display().to_string()).unwrap_or_default();
                return refuse(
                    &format!("it is a symbolic link (to `{target}`), and portal never writes through one"),
                    "pass the folder it points to with `--output`, or remove the link",
                );
            }
            Ok(meta) if !meta.is_dir() => return refuse("it is a file, not a folder", elsewhere),
            Ok(_) => true,
        };
        if exists
            && !force
            && !is_ours_or_empty(&path).map_err(|e| OutputError::io(format!("cannot read `{shown}`"), &e))?
        {
            return refuse(
                &format!("it is not empty and was not made by `portal build` (it has no `{MARKER}`)"),
                "choose another folder with `--output`, or pass `--force` to replace everything in it \
                 (once, for a folder that an older `portal` made without the marker)",
            );
        }
        Ok(Self { path, shown })
    }

    /// The hidden sibling a build is staged in (`.public.portal-new`); after a swap, the
    /// old site is there until it is removed.
    pub fn staging(&self) -> PathBuf {
        self.sibling("portal-new")
    }

    /// Where the old site waits during a swap where the system cannot exchange two folders
    /// in one step (`.public.portal-old`).
    pub fn aside(&self) -> PathBuf {
        self.sibling("portal-old")
    }

    /// The `n`th name for what an earlier build left and could not remove
    /// (`.public.portal-stuck-1`): out of the way of every later build.
    pub fn stuck(&self, n: usize) -> PathBuf {
        self.sibling(&format!("portal-stuck-{n}"))
    }

    fn sibling(&self, what: &str) -> PathBuf {
        let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        self.path.with_file_name(format!(".{name}.{what}"))
    }
}

/// The lock file of a site, at its root: one build at a time writes its output and record.
pub const LOCK: &str = ".portal-lock";

/// Takes the site's build lock, waiting (and saying so on stderr) while another build
/// holds it. The lock is released when the returned value is dropped, or when the process
/// ends however it ends (the system releases it; a killed build never leaves it taken).
pub fn lock(root: &Path) -> Result<Lock, OutputError> {
    let path = root.join(LOCK);
    let mut options = File::options();
    options.read(true).write(true).create(true).truncate(false);
    // A lock file committed as a link would have the pid written over whatever it points
    // to (`~/.bashrc`): a link is not followed, and only a plain file is written.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let cannot = |e: std::io::Error| {
        let shown =
            format!("cannot open the build lock {} (delete it: portal makes it anew)", path.display());
        OutputError::io(shown, &e)
    };
    let mut file = options.open(&path).map_err(cannot)?;
    if !file.metadata().map_err(cannot)?.is_file() {
        return Err(cannot(std::io::Error::other("it is not a plain file")));
    }
    if file.try_lock().is_err() {
        let mut pid = String::new();
        let _ = file.read_to_string(&mut pid);
        let pid = pid.trim();
        let who = if pid.is_empty() { String::new() } else { format!(" (pid {pid})") };
        crate::tell!("another build of this site is running{who}; waiting for it to finish");
        file.lock().map_err(|e| OutputError::io(format!("cannot lock {}", path.display()), &e))?;
    }
    // Whoever waits next reads who holds it; a failure here only loses the pid.
    let _ =
        file.set_len(0).and_then(|()| file.rewind()).and_then(|()| write!(file, "{}", std::process::id()));
    Ok(Lock { _file: file })
}

/// The build lock of a site, held while it lives.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Whether `dir` holds portal's marker (a plain file, not a link) or nothing at all.
fn is_ours_or_empty(dir: &Path) -> std::io::Result<bool> {
    if std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file()) {
        return Ok(true);
    }
    Ok(std::fs::read_dir(dir)?.next().is_none())
}

/// `path` made absolute and free of `.` and `..`, with the links of its existing part
/// resolved; its last component is left as it is when it is a link, so that the caller
/// can see it.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut resolved = PathBuf::new();
    let components: Vec<Component> = absolute.components().collect();
    for (i, component) in components.iter().enumerate() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                let last = i + 1 == components.len();
                let is_link = std::fs::symlink_metadata(&resolved).is_ok_and(|m| m.file_type().is_symlink());
                if is_link && !last {
                    resolved = std::fs::canonicalize(&resolved)?;
                }
            }
        }
    }
    Ok(resolved)
}

fn home() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    std::fs::canonicalize(home).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for d in SOURCE_DIRS {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        std::fs::write(dir.path().join("site.yaml"), "title: x\n").unwrap();
        dir
    }

    fn refused(root: &Path, output: &str) -> String {
        OutputDir::check(root, Path::new(output), true).expect_err(output).message
    }

    #[test]
    fn the_site_its_ancestors_and_its_sources_are_refused_even_with_force() {
        let dir = site();
        let root = dir.path();
        assert!(refused(root, ".").contains("the site's own folder"));
        assert!(refused(root, "content/..").contains("the site's own folder"));
        assert!(refused(root, "..").contains("holds the site's own folder"));
        assert!(refused(root, "/").contains("root of the file system"));
        for d in SOURCE_DIRS {
            assert!(refused(root, d).contains("is a source folder"), "{d}");
            assert!(refused(root, &format!("{d}/out")).contains("inside a source folder"), "{d}/out");
        }
        assert!(refused(root, "site.yaml").contains("a file"));
    }

    #[test]
    fn a_foreign_folder_is_refused_unless_forced_and_ours_or_an_empty_one_is_taken() {
        let dir = site();
        let root = dir.path();
        std::fs::create_dir_all(root.join("mine")).unwrap();
        std::fs::write(root.join("mine/notes.txt"), "keep me").unwrap();
        let err = OutputDir::check(root, Path::new("mine"), false).unwrap_err();
        assert!(err.message.contains("not made by `portal build`"), "{err}");
        assert!(OutputDir::check(root, Path::new("mine"), true).is_ok());
        std::fs::create_dir_all(root.join("empty")).unwrap();
        assert!(OutputDir::check(root, Path::new("empty"), false).unwrap().path.is_dir());
        std::fs::create_dir_all(root.join("ours")).unwrap();
        std::fs::write(root.join("ours/index.html"), "x").unwrap();
        std::fs::write(root.join("ours").join(MARKER), MARKER_TEXT).unwrap();
        assert!(OutputDir::check(root, Path::new("ours"), false).is_ok());
        assert!(!OutputDir::check(root, Path::new("new/public"), false).unwrap().path.exists());
    }

    #[test]
    fn a_link_as_the_output_is_refused_and_one_above_it_resolved() {
        let dir = site();
        let root = dir.path();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), root.join("public")).unwrap();
        let err = OutputDir::check(root, Path::new("public"), true).unwrap_err();
        assert!(err.message.contains("symbolic link"), "{err}");
        std::os::unix::fs::symlink(root.join("content"), root.join("alias")).unwrap();
        assert!(
            refused(root, "alias/out").contains("inside a source folder"),
            "a link does not hide a source folder"
        );
        let ok = OutputDir::check(root, Path::new("public/../out"), false).unwrap();
        let beside_target = std::fs::canonicalize(elsewhere.path()).unwrap().parent().unwrap().join("out");
        assert_eq!(ok.path, beside_target, "`..` after a link climbs from its target, as the system does");
    }

    #[test]
    fn a_marker_that_is_a_link_does_not_make_a_folder_ours() {
        let dir = site();
        let root = dir.path();
        std::fs::create_dir_all(root.join("out")).unwrap();
        std::fs::write(root.join("out/notes.txt"), "keep me").unwrap();
        std::os::unix::fs::symlink(root.join("site.yaml"), root.join("out").join(MARKER)).unwrap();
        assert!(OutputDir::check(root, Path::new("out"), false).is_err());
    }
}
