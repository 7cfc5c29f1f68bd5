//! Tells the tests whether a browser is here: without Chromium (and outside CI, where a
//! missing browser must fail the browser tests), they are marked ignored, so that every
//! test run's closing line counts them and names why.

fn main() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    println!("cargo::rustc-check-cfg=cfg(no_chromium)");
    println!("cargo::rerun-if-env-changed=CHROMIUM");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-changed={chromium}");
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
    if !std::path::Path::new(&chromium).exists() && !in_ci {
        println!("cargo::rustc-cfg=no_chromium");
    }
}
