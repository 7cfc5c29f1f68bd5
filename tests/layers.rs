//! The code's floors, kept by a test: the README draws the modules of `src/` in layers, and
//! every import of the crate's code must go to its own layer or one below it, with no
//! circle of imports between any two files. The diagram is read from the README itself, so
//! the picture a newcomer reads and the rule the code keeps are one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The line just before the README's diagram.
const MARKER: &str = "<!-- the layers: kept true by tests/layers.rs -->";

/// The README's layers, from the top (the command line) down (the core): each a list of
/// modules.
fn layers() -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let after = readme.split_once(MARKER).expect("the README has the layer diagram").1;
    let block = after.trim_start().strip_prefix("```text\n").expect("a ```text block after the marker");
    let block = &block[..block.find("```").expect("the block ends")];
    block
        .lines()
        .map(|line| {
            let names = line.split("  ").next().unwrap_or_default();
            names.split('·').map(|m| m.trim().to_string()).filter(|m| !m.is_empty()).collect()
        })
        .filter(|row: &Vec<String>| !row.is_empty())
        .collect()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A module path: `["search", "cache"]`.
type Module = Vec<String>;
/// Every file of `src/` by its module: its path and text.
type Files = BTreeMap<Module, (PathBuf, String)>;
/// File → the files it imports.
type Edges = BTreeMap<Module, BTreeSet<Module>>;

/// Every Rust file of `src/`, by its module path (`["search", "cache"]`; `main` for the
/// binary), with its text.
fn sources() -> Files {
    let src = root().join("src");
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap().with_extension("");
        let mut module: Vec<String> = relative.iter().map(|s| s.to_string_lossy().into_owned()).collect();
        if module.last().is_some_and(|m| m == "mod" || m == "lib") {
            module.pop();
        }
        files.insert(module, (path.to_path_buf(), std::fs::read_to_string(path).unwrap()));
    }
    files
}

/// The file's own code: comments removed, and its test module (at the end of a file, by the
/// project's convention) left out: tests may reach anywhere below them.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
    text.lines().map(strip_comment).collect::<Vec<_>>().join("\n")
}

fn strip_comment(line: &str) -> &str {
    let mut quotes = 0;
    let bytes = line.as_bytes();
    for i in 0..bytes.len() {
        match bytes[i] {
            b'"' if i == 0 || bytes[i - 1] != b'\\' => quotes += 1,
            b'/' if quotes % 2 == 0 && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

/// Every path the code names from the crate's root (`crate::`, `super::`, `portal::` in
/// the binary, or one of the module's own `children`), with `use` groups expanded:
/// `["search", "cache", "write"]`.
fn paths(module: &[String], children: &[&str], code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let starts = ["crate::", "super::", "portal::"].map(String::from);
    let children = children.iter().map(|c| format!("{c}::"));
    for start in starts.into_iter().chain(children) {
        let mut from = 0;
        while let Some(at) = code[from..].find(start.as_str()).map(|i| i + from) {
            from = at + start.len();
            let before = at.checked_sub(1).map(|i| bytes[i]);
            if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':') {
                continue;
            }
            let base: Vec<String> = match start.as_str() {
                "super::" => module[..module.len().saturating_sub(1)].to_vec(),
                "crate::" | "portal::" => Vec::new(),
                child => [module, &[child.trim_end_matches(':').to_string()]].concat(),
            };
            let mut rest = &code[from..];
            group(&base, &mut rest, &mut found);
        }
    }
    found
}

/// Reads one path (or `{ … }` group of paths) from the start of `rest`, after `prefix`.
fn group(prefix: &[String], rest: &mut &str, found: &mut Vec<Vec<String>>) {
    let mut path = prefix.to_vec();
    loop {
        *rest = rest.trim_start();
        if let Some(inner) = rest.strip_prefix('{') {
            *rest = inner;
            loop {
                *rest = rest.trim_start();
                if let Some(after) = rest.strip_prefix('}') {
                    *rest = after;
                    return;
                }
                group(&path, rest, found);
                *rest = rest.trim_start();
                // `x as y`: the alias is not a path.
                if let Some(after) = rest.strip_prefix("as ") {
                    let end = after.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(after.len());
                    *rest = &after[end..];
                }
                *rest = rest.trim_start().strip_prefix(',').unwrap_or(rest);
                if rest.is_empty() {
                    return;
                }
            }
        }
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let word = &rest[..end];
        *rest = &rest[end..];
        match word {
            "" | "self" | "super" => {}
            _ => path.push(word.to_string()),
        }
        match rest.strip_prefix("::") {
            Some(after) => *rest = after,
            None => break,
        }
    }
    found.push(path);
}

/// The file a path leads to: the longest module path that is a file.
fn file_of<'a>(
    path: &[String],
    modules: &'a BTreeMap<Vec<String>, (PathBuf, String)>,
) -> Option<&'a [String]> {
    (1..=path.len()).rev().find_map(|n| modules.get_key_value(&path[..n]).map(|(k, _)| k.as_slice()))
}

/// The top module a file belongs to (`main` for the binary).
fn top(module: &[String]) -> &str {
    module.first().map_or("lib", String::as_str)
}

/// File → files it imports.
fn imports() -> (Edges, Files) {
    let modules = sources();
    let mut edges = BTreeMap::new();
    for (module, (_, text)) in &modules {
        if module.is_empty() {
            continue; // lib.rs only declares the modules
        }
        let children: Vec<&str> = modules
            .keys()
            .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
            .filter_map(|m| m.last().map(String::as_str))
            .collect();
        // A file's own folder (`super::` up to its `mod.rs`) is the room it stands in, not an
        // import: only imports between rooms and between files of one folder count.
        let targets: BTreeSet<Vec<String>> = paths(module, &children, &code(text))
            .iter()
            .filter_map(|p| file_of(p, &modules))
            .filter(|target| !target.is_empty() && !module.starts_with(target))
            .map(<[String]>::to_vec)
            .collect();
        edges.insert(module.clone(), targets);
    }
    (edges, modules)
}

#[test]
fn every_module_of_src_is_in_one_layer_of_the_readme_diagram() {
    let rows = layers();
    let named: Vec<&String> = rows.iter().flatten().collect();
    let unique: BTreeSet<&String> = named.iter().copied().collect();
    assert_eq!(named.len(), unique.len(), "a module is drawn twice: {named:?}");
    let modules: BTreeSet<String> =
        sources().keys().filter(|m| !m.is_empty()).map(|m| top(m).to_string()).collect();
    let drawn: BTreeSet<String> = unique.into_iter().cloned().collect();
    assert_eq!(drawn, modules, "the README's layers and src/'s modules differ");
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let rows = layers();
    let row = |m: &str| rows.iter().position(|r| r.iter().any(|x| x == m));
    let (edges, modules) = imports();
    let mut upward = Vec::new();
    for (from, targets) in &edges {
        for to in targets {
            let (a, b) = (top(from), top(to));
            if let (Some(ra), Some(rb)) = (row(a), row(b))
                && rb < ra
            {
                let file = modules[from].0.strip_prefix(root()).unwrap().display().to_string();
                upward.push(format!("{file} imports {} (layer of `{b}` is above `{a}`'s)", to.join("::")));
            }
        }
    }
    assert!(upward.is_empty(), "imports against the layers:\n{}", upward.join("\n"));
}

#[test]
fn no_files_import_each_other_in_a_circle() {
    let (edges, _) = imports();
    // Depth-first search: a file met again while it is still open closes a circle.
    fn visit<'a>(
        at: &'a Vec<String>,
        edges: &'a Edges,
        open: &mut Vec<&'a Vec<String>>,
        done: &mut BTreeSet<&'a Vec<String>>,
        circles: &mut Vec<String>,
    ) {
        if done.contains(at) {
            return;
        }
        if let Some(i) = open.iter().position(|m| *m == at) {
            let names: Vec<String> = open[i..].iter().chain([&at]).map(|m| m.join("::")).collect();
            circles.push(names.join(" → "));
            return;
        }
        open.push(at);
        for next in edges.get(at).into_iter().flatten() {
            visit(next, edges, open, done, circles);
        }
        open.pop();
        done.insert(at);
    }
    let mut circles = Vec::new();
    let mut done = BTreeSet::new();
    for module in edges.keys() {
        visit(module, &edges, &mut Vec::new(), &mut done, &mut circles);
    }
    assert!(circles.is_empty(), "import circles:\n{}", circles.join("\n"));
}

#[test]
fn the_import_reader_sees_groups_aliases_and_super() {
    let module = vec!["search".to_string(), "cache".to_string()];
    let code = "use crate::{config::Config, content::{kinds::{Key as K, Kind}, Meta}};\n\
                let x = super::page::index(crate::urls::home(l));";
    let found: Vec<String> = paths(&module, &[], code).iter().map(|p| p.join("::")).collect();
    assert_eq!(
        found,
        [
            "config::Config",
            "content::kinds::Key",
            "content::kinds::Kind",
            "content::Meta",
            "urls::home",
            "search::page::index"
        ]
    );
    let found: Vec<String> = paths(&["content".to_string()], &["kinds"], "pub use kinds::{Key, Kind};")
        .iter()
        .map(|p| p.join("::"))
        .collect();
    assert_eq!(found, ["content::kinds::Key", "content::kinds::Kind"]);
    assert_eq!(strip_comment(r#"let u = "https://x"; // crate::render"#), r#"let u = "https://x"; "#);
    assert!(Path::new(&root().join("src/lib.rs")).exists());
}
