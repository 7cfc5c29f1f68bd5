//! Errors and warnings as values: each names a file, a line and column, what is wrong and how
//! to fix it. They are collected for a whole run and rendered once, with the source line.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Config as TermConfig};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How serious a diagnostic is: errors fail the run, warnings fail it only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The site cannot be built as it is.
    Error,
    /// The site builds, but something is probably not what the editor wants.
    Warning,
}

/// A 1-based line and column (in characters) in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

/// One problem found in the site's sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site's root.
    pub path: PathBuf,
    /// Where in the file, when known.
    pub location: Option<Location>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// How many more problems of the same file it stands for, beyond itself (see
    /// [`Bounded`]): counted, not kept.
    pub also: usize,
}

impl Diagnostic {
    /// An error in `path`, with no location yet.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            path: path.into(),
            location: None,
            message: message.into(),
            hint: None,
            also: 0,
        }
    }

    /// A warning in `path`, with no location yet.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(path, message) }
    }

    /// The same diagnostic, placed at `line`:`column` (both 1-based).
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.location = Some(Location { line: line.max(1), column: column.max(1) });
        self
    }

    /// The same diagnostic, with a hint on how to fix it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic fails a build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// A one-line form, `path:line:column: message`, for logs and the preview overlay.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(loc) = self.location {
            write!(f, ":{}:{}", loc.line, loc.column)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// The diagnostics one check finds in one file: the first [`SHOWN_PER_FILE`] kept, and
/// of the others only the first error and the first warning, each counting (in `also`) the
/// others of its severity (a page of 700,000 misplaced letters held as many diagnostics, half
/// a gigabyte, of which 100 were shown).
#[derive(Debug, Default)]
pub struct Bounded {
    kept: Vec<Diagnostic>,
    /// The first error and the first warning not kept, with the count of those after them.
    more: [Option<Diagnostic>; 2],
}

impl Bounded {
    /// Adds one diagnostic: kept while there are few, else counted.
    pub fn push(&mut self, d: Diagnostic) {
        if self.kept.len() < SHOWN_PER_FILE {
            return self.kept.push(d);
        }
        match &mut self.more[usize::from(!d.is_error())] {
            Some(first) => first.also += 1,
            slot => *slot = Some(d),
        }
    }

    /// Adds each of `more`.
    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        more.into_iter().for_each(|d| self.push(d));
    }

    /// Whether the next diagnostic would only be counted: a check may then skip what only a
    /// kept one needs (its place in the file, a suggestion).
    pub fn is_full(&self) -> bool {
        self.kept.len() >= SHOWN_PER_FILE
    }

    /// The diagnostics kept, then the first of each severity not kept, with its count.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        let mut all = self.kept;
        all.extend(self.more.into_iter().flatten());
        all
    }
}

/// All the diagnostics of one run, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// No diagnostics.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// How many errors there are (with those only counted, see [`Bounded`]).
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).map(|d| 1 + d.also).sum()
    }

    /// How many warnings there are.
    pub fn warning_count(&self) -> usize {
        self.0.iter().filter(|d| !d.is_error()).map(|d| 1 + d.also).sum()
    }

    /// Whether there are none at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The diagnostics, sorted by file, position and message, so that output is stable.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.path, a.location, &a.message, a.severity).cmp(&(&b.path, b.location, &b.message, b.severity))
        });
        self.0.dedup();
        self.0
    }

    /// [`Self::sorted`], as they are shown: a file's first diagnostics, then how many more
    /// (400,000 from one file, a page of `<div>`s, printed 128 MB that no one reads).
    fn shown(self) -> Vec<Diagnostic> {
        let sorted = self.sorted();
        let mut shown = Vec::with_capacity(sorted.len().min(4096));
        for file in sorted.chunk_by(|a, b| a.path == b.path) {
            // What a check only counted (see `Bounded`) is among the problems not shown.
            let (counted, file): (Vec<&Diagnostic>, Vec<&Diagnostic>) = file.iter().partition(|d| d.also > 0);
            shown.extend(file.iter().take(SHOWN_PER_FILE).map(|d| (*d).clone()));
            let more: Vec<&Diagnostic> = file.iter().skip(SHOWN_PER_FILE).chain(&counted).copied().collect();
            if !more.is_empty() {
                let count: usize = more.iter().map(|d| 1 + d.also).sum();
                let severity = more.iter().map(|d| d.severity).min().unwrap_or(Severity::Warning);
                let message = match count {
                    1 => "and 1 more problem in this file, not shown".to_string(),
                    n => format!("and {n} more problems in this file, not shown"),
                };
                shown.push(Diagnostic { severity, ..Diagnostic::error(more[0].path.clone(), message) });
            }
        }
        shown
    }

    /// The same problem met again and again told once: a mistake in a template that every
    /// page uses stops every page alike. Diagnostics that differ only in their hint (the
    /// page being rendered) become the first of them, its hint saying how many more
    /// places (`place`, `places`: the noun, singular and plural) it stopped.
    pub fn merge_repeats(self, place: &str, places: &str) -> Self {
        let mut merged: Vec<(Diagnostic, usize)> = Vec::new();
        let mut first: std::collections::HashMap<(Severity, PathBuf, Option<Location>, String), usize> =
            std::collections::HashMap::new();
        for d in self.0 {
            let key = (d.severity, d.path.clone(), d.location, d.message.clone());
            match first.get(&key) {
                Some(&i) => merged[i].1 += 1,
                None => {
                    first.insert(key, merged.len());
                    merged.push((d, 0));
                }
            }
        }
        let with_count = |(mut d, more): (Diagnostic, usize)| {
            if more > 0 {
                let also = format!("the same on {more} other {}", if more == 1 { place } else { places });
                d.hint = Some(d.hint.map_or_else(|| also.clone(), |h| format!("{h}; {also}")));
            }
            d
        };
        Self(merged.into_iter().map(with_count).collect())
    }

    /// Turns every warning into an error (`--strict`).
    pub fn warnings_as_errors(mut self) -> Self {
        for d in &mut self.0 {
            d.severity = Severity::Error;
        }
        self
    }

    /// Renders every diagnostic with its source line, reading sources under `root`.
    pub fn render(self, root: &Path) -> String {
        // Each file read once and its lines found once, however many diagnostics it has.
        let mut sources: HashMap<PathBuf, Source> = HashMap::new();
        let mut out = String::new();
        for d in self.shown().iter() {
            // Only a diagnostic with a line shows its file's text.
            let source = match d.location {
                Some(_) => sources.entry(d.path.clone()).or_insert_with(|| Source::read(root, &d.path)),
                None => &Source::new(shown_path(&d.path), String::new()),
            };
            out.push_str(&render_one(d, source));
        }
        out
    }

    /// Every diagnostic as JSON, for scripts: `{"errors", "warnings", "diagnostics": [{"severity",
    /// "file", "line", "column", "message", "hint", "more_not_kept"}]}`: the last, where the file had
    /// more problems than were kept, is how many more of its severity were found after it.
    pub fn to_json(self) -> String {
        let (errors, warnings) = (self.error_count(), self.warning_count());
        // Every one kept, for scripts (a count stands for those not kept).
        let all: Vec<serde_json::Value> = self
            .sorted()
            .iter()
            .map(|d| {
                serde_json::json!({
                    "severity": if d.is_error() { "error" } else { "warning" },
                    "file": d.path.display().to_string().replace('\\', "/"),
                    "line": d.location.map(|l| l.line),
                    "column": d.location.map(|l| l.column),
                    "message": d.message,
                    "hint": d.hint,
                    "more_not_kept": d.also,
                })
            })
            .collect();
        let report = serde_json::json!({ "errors": errors, "warnings": warnings, "diagnostics": all });
        serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
    }

    /// Every diagnostic as a GitHub Actions workflow command (`::error file=…,line=…,col=…::…`),
    /// so that a pull request shows each one on its line.
    pub fn to_github(self) -> String {
        self.shown().iter().map(github_annotation).collect()
    }
}

/// One workflow command. GitHub reads `%`, `\r` and `\n` escaped in the message, and `:` and
/// `,` too in the properties.
fn github_annotation(d: &Diagnostic) -> String {
    let escape = |s: &str| s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let property = |s: &str| escape(s).replace(':', "%3A").replace(',', "%2C");
    let level = if d.is_error() { "error" } else { "warning" };
    let mut out = format!("::{level} file={}", property(&d.path.display().to_string().replace('\\', "/")));
    if let Some(loc) = d.location {
        out.push_str(&format!(",line={},col={}", loc.line, loc.column));
    }
    let message = match &d.hint {
        Some(hint) => format!("{} (help: {hint})", d.message),
        None => d.message.clone(),
    };
    out.push_str(&format!("::{}\n", escape(&message)));
    out
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Self(vec![d])
    }
}

/// The most diagnostics shown for one file; the rest are counted.
const SHOWN_PER_FILE: usize = 100;

/// The most of a file a diagnostic reads to show a line: more than any text a build reads.
const SHOWN_BYTES: u64 = 4 << 20;

/// A path as diagnostics name it, with `/` between its parts on every system.
fn shown_path(path: &Path) -> String {
    // On one line, whatever the name holds (a line break would start a line of its own).
    path.display().to_string().replace('\\', "/").replace('\n', "\\n").replace('\r', "\\r")
}

/// A file as diagnostics show it: its name, its text (lines ended by `\n`), and where each
/// of its lines starts.
struct Source {
    name: String,
    text: Arc<str>,
    starts: Vec<usize>,
    /// For a piece of one long line ([`Source::window`]): its line's number, and how many
    /// characters of the line come before it, so that the place printed is the file's.
    shifted: Option<(usize, usize)>,
}

impl Source {
    /// The file `path` of the site at `root`, read only if it is a plain file in the site
    /// (not through a link out of it, not a device or a pipe), and only its first
    /// [`SHOWN_BYTES`].
    fn read(root: &Path, path: &Path) -> Self {
        use std::io::Read;
        // Checked here, not by `sources` and `text`, which report through diagnostics.
        let real = |p: &Path| std::fs::canonicalize(p).ok();
        let in_site = real(&root.join(path))
            .is_some_and(|file| real(root).is_some_and(|site| file.starts_with(site)) && file.is_file());
        let mut bytes = Vec::new();
        if in_site && let Ok(file) = std::fs::File::open(root.join(path)) {
            let _ = file.take(SHOWN_BYTES).read_to_end(&mut bytes);
        }
        // A byte that is not UTF-8 shows as one replacement character: columns stay right.
        let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
        Self::new(shown_path(path), text)
    }

    fn new(name: String, text: String) -> Self {
        let starts =
            std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect();
        Self { name, text: text.into(), starts, shifted: None }
    }

    /// The part of line `loc.line`, too long to print whole, around `loc.column`: a few
    /// dozen characters before it and after, each side cut with `…` (which counts for none).
    fn window(&self, loc: Location) -> Option<(Source, std::ops::Range<usize>)> {
        const BEFORE: usize = 60;
        const AFTER: usize = 100;
        let (_, line) = self.line(loc.line)?;
        let column = loc.column.checked_sub(1)?;
        let first = column.saturating_sub(BEFORE);
        let shown: String = line.chars().skip(first).take(column - first + AFTER).collect();
        let cut_before = if first > 0 { "…" } else { "" };
        let cut_after = if line.chars().count() > column + AFTER { "…" } else { "" };
        let mut window = Source::new(self.name.clone(), format!("{cut_before}{shown}{cut_after}"));
        // `…` stands in for the characters cut: one fewer is counted before the window.
        window.shifted = Some((loc.line, first - usize::from(first > 0)));
        let at = window.text.char_indices().nth(column - first + usize::from(first > 0))?.0;
        // The token ends before the `…` that cuts the line, if it runs to it.
        let shown = window.text.len() - cut_after.len();
        let end = at + token_len(window.text.get(at..shown)?);
        Some((window, at..end))
    }

    /// The text of 1-based line `line` (without its end), and where it starts.
    fn line(&self, line: usize) -> Option<(usize, &str)> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(self.text.len(), |&next| next - 1);
        Some((start, self.text.get(start..end)?))
    }
}

impl<'a> Files<'a> for Source {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }
    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, FilesError> {
        Ok(self.shifted.map_or(line_index + 1, |(line, _)| line))
    }
    fn column_number(&'a self, (): (), line_index: usize, byte_index: usize) -> Result<usize, FilesError> {
        let start = self.line_range((), line_index)?.start;
        let before = self.text.get(start..byte_index).map_or(0, |t| t.chars().count());
        Ok(before + 1 + self.shifted.map_or(0, |(_, cut)| cut))
    }
    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }
    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.starts.partition_point(|&start| start <= byte_index).saturating_sub(1))
    }
    fn line_range(&'a self, (): (), line_index: usize) -> Result<std::ops::Range<usize>, FilesError> {
        let start = *self.starts.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: self.starts.len().saturating_sub(1),
        })?;
        let end = self.starts.get(line_index + 1).copied().unwrap_or(self.text.len());
        Ok(start..end)
    }
}

/// Renders one diagnostic the way compilers do: header, `path:line:col`, the line, the hint.
fn render_one(d: &Diagnostic, source: &Source) -> String {
    let name = &source.name;
    // A message is one line: a value with a line break in it must not start a line of its
    // own (`::error::…` is a command to a GitHub runner reading the output).
    let message = d.message.replace('\n', "\\n").replace('\r', "\\r");
    let d = &Diagnostic { message, ..d.clone() };
    // A line too long to print whole is shown around the place: the window is the source.
    let window = d.location.filter(|&loc| too_long(source, loc)).and_then(|loc| source.window(loc));
    let (source, range) = match &window {
        Some((window, range)) => (window, Some(range.clone())),
        None => (source, d.location.and_then(|loc| byte_range(source, loc))),
    };
    let mut report = match d.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    };
    report = match (&range, d.location) {
        (Some(range), _) => {
            report.with_message(&d.message).with_labels(vec![Label::primary((), range.clone())])
        }
        (None, Some(loc)) => {
            report.with_message(format!("{}:{}:{}: {}", name, loc.line, loc.column, d.message))
        }
        (None, None) => report.with_message(format!("{}: {}", name, d.message)),
    };
    if let Some(hint) = &d.hint {
        report = report.with_notes(vec![format!("help: {hint}")]);
    }
    let config = TermConfig::default();
    term::emit_into_string(&config, source, &report).unwrap_or_else(|_| format!("{d}\n"))
}

/// The longest source line a diagnostic prints (a generated or hostile file can have a line
/// of megabytes).
const LONGEST_SHOWN: usize = 400;

/// Whether `loc` is on a line too long to print whole.
fn too_long(source: &Source, loc: Location) -> bool {
    source.line(loc.line).is_some_and(|(_, line)| line.len() > LONGEST_SHOWN)
}

/// The length in bytes of the token `text` starts with (a word, up to a space, `:`, `,` or
/// `]`), or of its first character where it starts with one of those.
fn token_len(text: &str) -> usize {
    let token =
        text.find(|c: char| c.is_whitespace() || c == ':' || c == ',' || c == ']').unwrap_or(text.len());
    token.max(text.chars().next().map_or(0, char::len_utf8))
}

/// The bytes of the token (or, failing that, the character) at `loc` in `source`.
fn byte_range(source: &Source, loc: Location) -> Option<std::ops::Range<usize>> {
    let (line_start, line) = source.line(loc.line)?;
    if line.len() > LONGEST_SHOWN {
        return None; // Named by line and column, not printed.
    }
    let start = line.char_indices().nth(loc.column.checked_sub(1)?).map_or(line.len(), |(i, _)| i);
    let end = start + token_len(&line[start..]);
    Some(line_start + start..line_start + end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source::new("x".into(), text.into())
    }

    #[test]
    fn a_place_on_a_long_line_is_shown_in_a_window_of_it_with_the_file_s_line_and_column() {
        // A paragraph of ordinary length for prose: one line of 1,000 characters.
        let line = format!("{}[x](@/nowhere.md){}", "ș".repeat(500), " word".repeat(100));
        let src = source(&format!("first\n{line}\n"));
        let d = Diagnostic::error("x", "broken link").at(2, 501);
        let shown = render_one(&d, &src);
        assert!(shown.contains("x:2:501"), "{shown}");
        assert!(
            shown.contains("2 │ …ș") && shown.contains("[x](@/nowhere.md) word") && shown.contains("…\n"),
            "{shown}"
        );
        let caret = shown.lines().find(|l| l.contains('^')).unwrap_or_default();
        // (Underlined as on any line: a token ends at a space, `:`, `,` or `]`.)
        assert_eq!(caret.matches('^').count(), "[x".len(), "{shown}");
        assert!(shown.len() < 1000, "not the whole line: {shown}");
    }

    #[test]
    fn byte_range_covers_the_token_at_the_location() {
        let src = source("a: 1\ntitel: x\n");
        let r = byte_range(&src, Location { line: 2, column: 1 }).unwrap();
        assert_eq!(&src.text[r], "titel");
    }

    #[test]
    fn byte_range_counts_columns_in_characters() {
        let src = source("ș: țară\n");
        let r = byte_range(&src, Location { line: 1, column: 4 }).unwrap();
        assert_eq!(&src.text[r], "țară");
    }

    #[test]
    fn github_annotations_escape_what_the_runner_would_read_as_syntax() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::error("content/a,b.md", "100% wrong:\nreally").at(3, 7).with_hint("fix it"));
        all.push(Diagnostic::warning("site.yaml", "meh"));
        assert_eq!(
            all.to_github(),
            "::error file=content/a%2Cb.md,line=3,col=7::100%25 wrong:%0Areally (help: fix it)\n\
             ::warning file=site.yaml::meh\n"
        );
    }

    #[test]
    fn a_bounded_check_keeps_a_hundred_and_counts_each_severity_of_the_rest() {
        let mut found = Bounded::default();
        for i in 0..250 {
            found.push(Diagnostic::error("p.md", format!("e{i}")).at(i + 1, 1));
        }
        for i in 0..30 {
            found.push(Diagnostic::warning("p.md", format!("w{i}")).at(300 + i, 1));
        }
        let kept = found.into_vec();
        assert_eq!(kept.len(), SHOWN_PER_FILE + 2, "a hundred, then the first of each severity");
        let all = Diagnostics(kept.clone());
        assert_eq!((all.error_count(), all.warning_count()), (250, 30), "every one counted");
        assert_eq!(all.clone().warnings_as_errors().error_count(), 280, "--strict counts them all");
        let json: serde_json::Value = serde_json::from_str(&all.clone().to_json()).unwrap();
        assert_eq!((json["errors"].as_u64(), json["warnings"].as_u64()), (Some(250), Some(30)));
        let counted: Vec<u64> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["more_not_kept"].as_u64())
            .filter(|n| *n > 0)
            .collect();
        assert_eq!(counted, [149, 29]);
        // Shown: the first hundred errors, and one line for the 180 others of both kinds.
        let shown = all.shown();
        assert_eq!(shown.len(), SHOWN_PER_FILE + 1);
        let last = shown.last().unwrap();
        assert_eq!(
            (last.message.as_str(), last.severity),
            ("and 180 more problems in this file, not shown", Severity::Error)
        );
        // A repeat merged into it is told once, in its hint; what it counts stays.
        let twice = Diagnostics(vec![kept[100].clone(), Diagnostic { also: 0, ..kept[100].clone() }]);
        assert_eq!(twice.merge_repeats("page", "pages").error_count(), 150);
    }

    #[test]
    fn json_names_every_field_of_every_diagnostic() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::warning("a.md", "w").at(2, 1));
        all.push(Diagnostic::error("a.md", "e").at(1, 4).with_hint("h"));
        let value: serde_json::Value = serde_json::from_str(&all.to_json()).unwrap();
        assert_eq!((value["errors"].as_u64(), value["warnings"].as_u64()), (Some(1), Some(1)));
        let first = &value["diagnostics"][0];
        assert_eq!(first["severity"], "error");
        assert_eq!(
            (first["file"].as_str(), first["line"].as_u64(), first["column"].as_u64()),
            (Some("a.md"), Some(1), Some(4))
        );
        assert_eq!((first["message"].as_str(), first["hint"].as_str()), (Some("e"), Some("h")));
        assert!(value["diagnostics"][1]["hint"].is_null());
    }

    #[test]
    fn a_file_s_first_diagnostics_are_shown_and_the_rest_counted() {
        let mut all = Diagnostics::new();
        for line in 1..=250 {
            all.push(Diagnostic::error("a.md", "x").at(line, 1));
        }
        all.push(Diagnostic::warning("b.md", "y"));
        let shown = all.shown();
        assert_eq!(shown.len(), SHOWN_PER_FILE + 2);
        let more = &shown[SHOWN_PER_FILE];
        assert_eq!(
            (more.message.as_str(), more.is_error()),
            ("and 150 more problems in this file, not shown", true)
        );
        assert_eq!(shown[SHOWN_PER_FILE + 1].message, "y");
    }

    #[test]
    fn sorted_orders_by_path_then_line() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::error("b.md", "x").at(1, 1));
        all.push(Diagnostic::error("a.md", "y").at(9, 1));
        all.push(Diagnostic::error("a.md", "z").at(2, 1));
        let lines: Vec<_> = all.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(lines, ["a.md:2:1: z", "a.md:9:1: y", "b.md:1:1: x"]);
    }
}
