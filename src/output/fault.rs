//! Faults the tests inject into a build's output, in debug builds only (a release build
//! has none of this): `PORTAL_FAULT=<what>@<when>[,…]`. `when` is a number *n* (the *n*-th
//! file staged) or a named point of the commit (`swap`: just after the swap, before the old
//! site is removed; `between-renames`: inside the two-rename fallback). `what` is `abort`
//! (the process dies at once, as under `kill -9`: no clean-up runs), `pause` (it sleeps for
//! a minute, for a test to kill it there), `delay` (it sleeps for half a second), or, at a
//! numbered file only, `enospc`, `eacces` or `eio` (that file's write fails with that
//! error). `fallback` alone makes the swap use the two-rename fallback.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};

static STAGED: AtomicUsize = AtomicUsize::new(0);

/// The faults asked for, as (what, when) pairs.
fn spec() -> Vec<(String, String)> {
    if !cfg!(debug_assertions) {
        return Vec::new();
    }
    let spec = std::env::var("PORTAL_FAULT").unwrap_or_default();
    spec.split(',')
        .map(|f| f.split_once('@').unwrap_or((f, "")))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Whether the swap must use its two-rename fallback.
pub fn forced_fallback() -> bool {
    spec().iter().any(|(what, _)| what == "fallback")
}

/// Called before each staged file: the injected error, if this is the file.
pub fn before_file() -> io::Result<()> {
    let faults = spec();
    if faults.is_empty() {
        return Ok(());
    }
    let n = STAGED.fetch_add(1, Ordering::SeqCst) + 1;
    let Some((what, _)) = faults.into_iter().find(|(_, when)| when.parse::<usize>().ok() == Some(n)) else {
        return Ok(());
    };
    let code = match what.as_str() {
        "enospc" => 28,
        "eacces" => 13,
        "eio" => 5,
        _ => {
            strike(&what);
            return Ok(());
        }
    };
    Err(io::Error::from_raw_os_error(code))
}

/// Called at the named point of the commit.
pub fn point(name: &str) {
    for (what, _) in spec().into_iter().filter(|(_, when)| when == name) {
        strike(&what);
    }
}

fn strike(what: &str) {
    match what {
        "abort" => std::process::abort(),
        "pause" => {
            crate::tell!("fault: paused");
            std::thread::sleep(std::time::Duration::from_secs(60));
        }
        "delay" => std::thread::sleep(std::time::Duration::from_millis(500)),
        _ => {}
    }
}
