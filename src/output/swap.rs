//! Replacing one folder by another in one step. On Linux, `renameat2` with
//! `RENAME_EXCHANGE` swaps the two names atomically: at every moment the output folder is
//! either the whole old site or the whole new one. Where the system or the file system
//! cannot (another system, or a file system without the flag), two renames do it, with a
//! short moment in which the output folder does not exist, never one in which it is a mix;
//! the next build puts the old site back if it was interrupted in that moment.

use std::io;
use std::path::Path;

/// Exchanges the folders `new` and `out`; `aside` is a free name beside them for the
/// fallback. Afterwards `out` is the new site and `new` the old one.
pub fn exchange(new: &Path, out: &Path, aside: &Path) -> io::Result<()> {
    if super::fault::forced_fallback() {
        return two_renames(new, out, aside);
    }
    match exchange_atomically(new, out) {
        Err(e) if unsupported(&e) => two_renames(new, out, aside),
        other => other,
    }
}

#[cfg(target_os = "linux")]
fn exchange_atomically(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: two valid NUL-terminated paths, relative to the working folder; the call
    // reads them and touches no memory of ours.
    let status = unsafe {
        libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE)
    };
    if status == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange_atomically(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether an exchange failed because the system or the file system lacks it.
fn unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

/// `out` → `aside`, `new` → `out`, `aside` → `new`; if the second rename fails, the old
/// site goes back to `out`.
fn two_renames(new: &Path, out: &Path, aside: &Path) -> io::Result<()> {
    std::fs::rename(out, aside)?;
    super::fault::point("between-renames");
    if let Err(e) = std::fs::rename(new, out) {
        std::fs::rename(aside, out)?;
        return Err(e);
    }
    std::fs::rename(aside, new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(path: &Path, file: &str) {
        std::fs::create_dir_all(path).unwrap();
        std::fs::write(path.join(file), file).unwrap();
    }

    #[test]
    fn the_two_folders_trade_places() {
        let dir = tempfile::tempdir().unwrap();
        let (new, out, aside) = (dir.path().join("new"), dir.path().join("out"), dir.path().join("aside"));
        folder(&new, "new.txt");
        folder(&out, "old.txt");
        exchange(&new, &out, &aside).unwrap();
        assert!(out.join("new.txt").is_file() && new.join("old.txt").is_file());
        two_renames(&new, &out, &aside).unwrap();
        assert!(out.join("old.txt").is_file() && new.join("new.txt").is_file());
        assert!(!aside.exists());
    }

    #[test]
    fn a_failed_second_rename_puts_the_old_folder_back() {
        let dir = tempfile::tempdir().unwrap();
        let (out, aside) = (dir.path().join("out"), dir.path().join("aside"));
        folder(&out, "old.txt");
        assert!(two_renames(&dir.path().join("missing"), &out, &aside).is_err());
        assert!(out.join("old.txt").is_file() && !aside.exists());
    }
}
