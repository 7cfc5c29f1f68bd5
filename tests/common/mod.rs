//! The one helper the integration tests share: copy a fixture site (with the project's
//! themes) into a temporary folder, run the `portal` binary on it, and inspect the result.
#![allow(dead_code)]

pub mod browser;
pub mod corpus;
pub mod host;
pub mod images;

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A fixture site copied into a temporary folder (or a site folder made elsewhere).
pub struct Site {
    root: PathBuf,
    _dir: Option<tempfile::TempDir>,
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

impl Run {
    /// Asserts that the run stopped on the site's errors (exit status 1, not a crash or a
    /// usage error) and said each of `said` on standard error; its standard error.
    #[track_caller]
    pub fn refused(&self, said: &[&str]) -> &str {
        assert_eq!(self.code, 1, "expected exit status 1\n{}{}", self.stdout, self.stderr);
        for words in said {
            assert!(self.stderr.contains(words), "expected «{words}» on standard error:\n{}", self.stderr);
        }
        &self.stderr
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies the folder `from` to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
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

/// Whether a page of the built site is one for readers: every page but the editors' one
/// (`admin/`, the content manager `portal cms` writes), which what the site says of its
/// pages (accessibility, structured data, links) does not cover, as its statements say.
pub fn for_readers(path: &str) -> bool {
    !path.starts_with("admin/")
}

impl Site {
    /// `tests/fixtures/<name>`, with the project's `themes/` beside its `site.yaml`.
    pub fn fixture(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &dir.path().join("themes"));
        copy_tree(&fixtures().join(name), dir.path());
        Self { root: dir.path().to_path_buf(), _dir: Some(dir) }
    }

    /// A copy of the shipped site: the repository's `site.yaml`, `content/`, `themes/` and
    /// `static/` (the editors' page).
    pub fn shipped() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in ["content", "themes", "static"] {
            copy_tree(&root.join(folder), &dir.path().join(folder));
        }
        std::fs::copy(root.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
        Self { root: dir.path().to_path_buf(), _dir: Some(dir) }
    }

    /// The site in `root`, which the caller owns.
    pub fn at(root: &Path) -> Self {
        Self { root: root.to_path_buf(), _dir: None }
    }

    /// A copy of this site's sources (without `public/` or any record) in a new folder.
    pub fn copy(&self) -> Self {
        let dir = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(self.root()).unwrap() {
            let name = entry.unwrap().file_name();
            let (from, to) = (self.root().join(&name), dir.path().join(&name));
            if name.to_string_lossy().starts_with('.') || name == "public" {
                continue;
            }
            if from.is_dir() {
                copy_tree(&from, &to);
            } else {
                std::fs::copy(from, to).unwrap();
            }
        }
        Self { root: dir.path().to_path_buf(), _dir: Some(dir) }
    }

    /// The `basic` fixture with the files of `tests/fixtures/bad/<case>` laid over it.
    pub fn bad(case: &str) -> Self {
        Self::layered(&format!("bad/{case}"))
    }

    /// The `basic` fixture with the files of `tests/fixtures/<layer>` laid over it.
    pub fn layered(layer: &str) -> Self {
        let site = Self::fixture("basic");
        copy_tree(&fixtures().join(layer), site.root());
        site
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes (or replaces) a file of the site.
    pub fn write(&self, path: &str, text: &str) {
        self.write_bytes(path, text.as_bytes());
    }

    /// Replaces the English about page with one of a title, a summary and `body` (its
    /// first line on line 5 of the file).
    pub fn write_about(&self, body: &str) {
        self.write(
            "content/pages/about.en.md",
            &format!("---\ntitle: About\nsummary: About us.\n---\n{body}"),
        );
    }

    /// Writes (or replaces) a file of the site with these bytes.
    pub fn write_bytes(&self, path: &str, bytes: &[u8]) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// Runs `portal <args>` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(&[], args)
    }

    /// Runs `portal <args>` in the site's folder with these environment variables.
    pub fn run_with(&self, env: &[(&str, &str)], args: &[&str]) -> Run {
        let mut command = Command::cargo_bin("portal").unwrap();
        command.current_dir(self.root()).args(args).envs(env.iter().copied());
        let out = command.output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Starts `portal <args>` in the site's folder without waiting for it.
    pub fn spawn(&self, env: &[(&str, &str)], args: &[&str]) -> std::process::Child {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("portal"))
            .current_dir(self.root())
            .args(args)
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Adds `n` councils (English only, numbered from 100), each with a body long enough
    /// that a build takes a while.
    pub fn add_councils(&self, n: usize) {
        let body = "A paragraph about the council and what it agreed on. ".repeat(40);
        for i in 0..n {
            self.write(
                &format!("content/councils/c{i}.en.md"),
                &format!(
                    "---\ntitle: Council {i}\ndate: 2027-01-01\nlocation: Seoul\nnumber: {}\nstatus: held\n\
                     domains: [ai]\ncommitments:\n  ai: More of it.\nsummary: Council {i}.\n\
                     sources: [{{ title: A statement, language: en }}]\n---\n{body}\n",
                    100 + i
                ),
            );
        }
    }

    /// The names in the site's own folder, sorted (what a build left beside `public/`).
    pub fn entries(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
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

    /// A source file of the site (not of `public/`), as text.
    pub fn read_source(&self, path: &str) -> String {
        let full = self.root().join(path);
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
        tree(&self.root().join("public"))
    }
}

/// Every file under `dir`, path → bytes; a link is listed as `-> target`, not followed.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let bytes = if e.file_type().is_symlink() {
                format!("-> {}", std::fs::read_link(e.path()).unwrap().display()).into_bytes()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"), bytes)
        })
        .collect()
}

/// Every `href="…"` value in an HTML page.
/// The text between the first `open` and the next `close` after it: `between(html,
/// "<footer", "</footer>")` is a page's footer.
pub fn between<'a>(html: &'a str, open: &str, close: &str) -> Option<&'a str> {
    html.split_once(open).and_then(|(_, after)| after.split(close).next())
}

pub fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"").skip(1).filter_map(|s| s.split('"').next()).map(str::to_string).collect()
}

/// GET over plain HTTP/1.1 on loopback, the request line sent exactly as given (no client
/// normalises it); returns the status and the body (read to its Content-Length).
pub fn http_get(port: u16, path: &str) -> (u16, String) {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").unwrap();
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
        head.push_str(&line);
    }
    let mut body = Vec::new();
    match length {
        Some(n) => {
            body.resize(n, 0);
            reader.read_exact(&mut body).unwrap();
        }
        None => {
            let _ = reader.read_to_end(&mut body);
        }
    }
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, String::from_utf8_lossy(&body).into_owned())
}
