//! The one helper the integration tests share: copy a fixture site (with the project's
//! themes) into a temporary folder, run the `portal` binary on it, and inspect the result.
#![allow(dead_code)]

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A fixture site copied into a temporary folder.
pub struct Site {
    dir: tempfile::TempDir,
}

/// What one run of `portal` did.
pub struct Run {
    /// Exit status code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl Site {
    /// `tests/fixtures/<name>`, with the project's `themes/` beside its `site.yaml`.
    pub fn fixture(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
            &dir.path().join("themes"),
        );
        copy_tree(&fixtures().join(name), dir.path());
        Self { dir }
    }

    /// The `basic` fixture with the files of `tests/fixtures/bad/<case>` laid over it.
    pub fn bad(case: &str) -> Self {
        let site = Self::fixture("basic");
        copy_tree(&fixtures().join("bad").join(case), site.root());
        site
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (or replaces) a file of the site.
    pub fn write(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Runs `portal <args>` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::cargo_bin("portal")
            .unwrap()
            .current_dir(self.root())
            .args(args)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs `portal build` and asserts that it succeeds.
    pub fn build(&self) -> Run {
        let run = self.run(&["build"]);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        run
    }

    /// A built file, as text.
    pub fn read(&self, path: &str) -> String {
        let full = self.root().join("public").join(path);
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
    }

    /// Whether `public/<path>` exists.
    pub fn exists(&self, path: &str) -> bool {
        self.root().join("public").join(path).exists()
    }

    /// The `<main>` element of a built page: the part that differs from page to page.
    pub fn main_of(&self, path: &str) -> String {
        let html = self.read(path);
        let start = html.find("<main").expect("page has a <main>");
        let end = html.find("</main>").expect("page closes <main>") + "</main>".len();
        html[start..end].to_string()
    }

    /// Every file of `public/`, path → bytes.
    pub fn tree(&self) -> BTreeMap<String, Vec<u8>> {
        let public = self.root().join("public");
        walkdir::WalkDir::new(&public)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path()
                        .strip_prefix(&public)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }
}

/// Every `href="…"` value in an HTML page.
pub fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}
