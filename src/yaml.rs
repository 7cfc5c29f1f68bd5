//! YAML parsing shared by `site.yaml`, front matter and the theme's strings: typed
//! deserialization whose errors become diagnostics at the right line of the right file,
//! with a did-you-mean for mistyped field names and values.

use crate::diagnostics::Diagnostic;
use serde::de::DeserializeOwned;
use std::path::Path;

/// A YAML document inside a file: its text and the line of the file its first line is on.
#[derive(Debug, Clone, Copy)]
pub struct YamlSource<'a> {
    /// The file, relative to the site root, for diagnostics.
    pub path: &'a Path,
    /// The YAML text.
    pub text: &'a str,
    /// The 1-based line of the file on which `text` starts.
    pub first_line: usize,
}

impl YamlSource<'_> {
    /// Deserializes the text into `T`; an error is placed at its line in the file.
    pub fn parse<T: DeserializeOwned>(
        &self,
        example: impl Fn(&str) -> Option<String>,
    ) -> Result<T, Diagnostic> {
        let text = if self.text.trim().is_empty() { "{}" } else { self.text };
        serde_yaml::from_str(text).map_err(|e| self.diagnostic(&e, &example))
    }

    /// The 1-based file line on which top-level `key:` is written, if it is.
    pub fn line_of_key(&self, key: &str) -> Option<usize> {
        self.text
            .lines()
            .position(|l| l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')))
            .map(|i| i + self.first_line)
    }

    /// The file line and column of `value` written after `key:` (on its line or below it).
    pub fn locate(&self, key: &str, value: &str) -> (usize, usize) {
        let Some(key_line) = self.line_of_key(key) else {
            return (self.first_line, 1);
        };
        let lines: Vec<&str> = self.text.lines().collect();
        let start = key_line - self.first_line;
        for (i, line) in lines.iter().enumerate().skip(start) {
            if i > start && !line.starts_with([' ', '\t', '-']) {
                break;
            }
            let from = if i == start { key.len() + 1 } else { 0 };
            if let Some(col) = find_token(line, value, from) {
                return (i + self.first_line, line[..col].chars().count() + 1);
            }
        }
        (key_line, 1)
    }

    fn diagnostic(&self, e: &serde_yaml::Error, example: &dyn Fn(&str) -> Option<String>) -> Diagnostic {
        let raw = e.to_string();
        let message = strip_location(&raw);
        let (line, column) = match e.location().map(|l| (l.line(), l.column())) {
            // serde_yaml places some value errors at the start of the mapping: find the value.
            Some((1, 1)) | None if !message.starts_with("missing field") => {
                self.find_value(message).unwrap_or((1, 1))
            }
            Some(at) => at,
            None => (1, 1),
        };
        let d = Diagnostic::error(self.path, explain(message)).at(line + self.first_line - 1, column);
        match hint_for(message, example) {
            Some(hint) => d.with_hint(hint),
            None => d,
        }
    }
}

impl YamlSource<'_> {
    /// The (YAML-relative) line and column of the first backticked value in `message`.
    fn find_value(&self, message: &str) -> Option<(usize, usize)> {
        let value = message.split('`').nth(1).filter(|v| !v.is_empty())?;
        self.text.lines().enumerate().find_map(|(i, line)| {
            let at = line.find(value)?;
            Some((i + 1, line[..at].chars().count() + 1))
        })
    }
}

/// Byte offset of `token` in `line` at or after `from`, as a whole word.
fn find_token(line: &str, token: &str, from: usize) -> Option<usize> {
    let mut at = from.min(line.len());
    while let Some(found) = line.get(at..)?.find(token) {
        let start = at + found;
        let end = start + token.len();
        let before_ok = line[..start].chars().next_back().is_none_or(|c| !is_word(c));
        let after_ok = line[end..].chars().next().is_none_or(|c| !is_word(c));
        if before_ok && after_ok {
            return Some(start);
        }
        at = end;
    }
    None
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// serde_yaml appends ` at line L column C`; the diagnostic carries that itself.
fn strip_location(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => &message[..i],
        _ => message,
    }
}

/// Rewords serde's messages for editors.
fn explain(message: &str) -> String {
    if let Some(field) = backticked_after(message, "unknown field ") {
        return format!("unknown field `{field}`");
    }
    if let Some(field) = backticked_after(message, "missing field ") {
        return format!("missing required field `{field}`");
    }
    if let Some(value) = backticked_after(message, "unknown variant ") {
        let key = message.split(": ").next().filter(|k| !k.contains(' ')).unwrap_or("value");
        return format!("`{value}` is not a valid {key}");
    }
    message.to_string()
}

/// A hint: the closest known name for a typo, or an example of a missing field.
fn hint_for(message: &str, example: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    const SYNTAX: [&str; 5] = [
        "mapping values are not allowed",
        "did not find expected",
        "could not find expected",
        "found character that cannot start",
        "found unexpected end of stream",
    ];
    if SYNTAX.iter().any(|s| message.contains(s)) {
        return Some("this is not valid YAML: check the indentation, and put a value that contains `: ` or starts with a special character in quotes".into());
    }
    if let Some(field) = backticked_after(message, "missing field ") {
        return Some(match example(field) {
            Some(ex) => format!("add a line `{ex}` to the front matter"),
            None => format!("add `{field}:` with a value"),
        });
    }
    let (typo, what) = if let Some(f) = backticked_after(message, "unknown field ") {
        (f, "field")
    } else {
        (backticked_after(message, "unknown variant ")?, "value")
    };
    let expected = expected_names(message);
    Some(match closest(typo, expected.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`?"),
        None if expected.is_empty() => format!("remove this {what}"),
        None => format!("known {what}s are: {}", expected.join(", ")),
    })
}

/// The text between the backticks that follow `prefix` in `message`.
fn backticked_after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    let rest = &message[message.find(prefix)? + prefix.len()..];
    let rest = rest.strip_prefix('`')?;
    Some(&rest[..rest.find('`')?])
}

/// The names serde lists after `expected`.
fn expected_names(message: &str) -> Vec<String> {
    let Some(i) = message.find("expected") else {
        return Vec::new();
    };
    message[i..].split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        title: String,
        date: String,
        #[serde(default)]
        domains: Vec<String>,
    }

    fn src(text: &str) -> YamlSource<'_> {
        YamlSource { path: Path::new("x.md"), text, first_line: 2 }
    }

    #[test]
    fn error_lines_are_offset_by_where_the_yaml_starts_in_the_file() {
        let e = src("title: a\ndate: b\ntitel: c\n").parse::<Front>(|_| None).unwrap_err();
        assert_eq!(e.location.map(|l| (l.line, l.column)), Some((4, 1)));
        assert_eq!(e.message, "unknown field `titel`");
        assert_eq!(e.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn missing_field_hint_shows_an_example() {
        let e = src("title: a\n").parse::<Front>(|f| Some(format!("{f}: 2025-11-28"))).unwrap_err();
        assert_eq!(e.message, "missing required field `date`");
        assert_eq!(e.hint.as_deref(), Some("add a line `date: 2025-11-28` to the front matter"));
    }

    #[test]
    fn locate_finds_a_value_in_a_flow_list_and_in_a_block_list() {
        let s = src("title: a\ndomains: [ai, quantum]\n");
        assert_eq!(s.locate("domains", "quantum"), (3, 15));
        let s = src("domains:\n  - ai\n  - quantum\ntitle: x\n");
        assert_eq!(s.locate("domains", "quantum"), (4, 5));
    }

    #[test]
    fn closest_ignores_far_away_names() {
        assert_eq!(closest("titel", ["title", "date"].into_iter()), Some("title"));
        assert_eq!(closest("colour", ["title", "date"].into_iter()), None);
    }
}
