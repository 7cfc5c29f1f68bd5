//! Splits a content file into its YAML front matter and its Markdown body, keeping the line
//! on which each starts so that errors point at the editor's line.

/// A file's text cut at the `---` lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines (empty when the file has none).
    pub front: &'a str,
    /// The 1-based line on which the YAML starts.
    pub front_line: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// The 1-based line on which the body starts.
    pub body_line: usize,
}

/// A front matter whose fences are not as they must be: where, what, and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfenced {
    /// The 1-based line of the fence that is wrong.
    pub line: usize,
    /// What is wrong, for an editor.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl Unfenced {
    fn new(line: usize, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self { line, message: message.into(), hint: hint.into() }
    }
}

/// Cuts `text` (already free of BOM and `\r\n`) at its front matter fences: a first line
/// `---` (trailing spaces allowed, as on the closing one) and the next such line. Err when
/// the opening fence has no closing one, or when the file looks as if it meant to open one
/// and did not (`----`, `+++`, blank lines above `---`): read as a file without a front
/// matter, it would fail for a missing title on a line that has one.
pub fn split(text: &str) -> Result<Split<'_>, Unfenced> {
    let first_end = memchr::memchr(b'\n', text.as_bytes()).unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return match misfenced(text) {
            Some(wrong) => Err(wrong),
            None => Ok(Split { front: "", front_line: 1, body: text, body_line: 1 }),
        };
    }
    let rest = text.get(first_end + 1..).unwrap_or("");
    // Line by line with memchr: front matters are short, but there is one per file.
    let (mut start, mut line) = (0, 2);
    for end in memchr::memchr_iter(b'\n', rest.as_bytes()).chain(std::iter::once(rest.len())) {
        if rest[start..end].trim_end() == "---" {
            let body = rest.get(end + 1..).unwrap_or("");
            return Ok(Split { front: &rest[..start], front_line: 2, body, body_line: line + 1 });
        }
        (start, line) = (end + 1, line + 1);
        if start > rest.len() {
            break;
        }
    }
    Err(Unfenced::new(
        1,
        "the front matter opened on line 1 is never closed",
        "add a line `---` after the front matter",
    ))
}

/// The mistake of a file whose first lines look like a fence that is not one.
fn misfenced(text: &str) -> Option<Unfenced> {
    let (number, line) = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty())?;
    let line = line.trim_end();
    let (number, shown) = (number + 1, crate::console::visible(line));
    if line == "---" {
        return Some(Unfenced::new(
            number,
            format!("the front matter starts on line {number}, below blank lines: it must start on line 1"),
            "remove the blank lines above it",
        ));
    }
    if number > 1 || !(line.starts_with("---") || line.starts_with("+++")) {
        return None;
    }
    let (message, hint) = if line.starts_with("+++") {
        (
            format!(
                "line 1 opens the front matter with `{shown}` (TOML): portal reads YAML between `---` lines"
            ),
            "write `---` on the first line and on the line that closes the front matter, and each field as `name: value`",
        )
    } else {
        (
            format!("line 1 opens the front matter with `{shown}`: it takes a line of exactly three dashes"),
            "make the first line `---`",
        )
    };
    Some(Unfenced::new(1, message, hint))
}

/// `text`, a file as it is on disk (a BOM, `\r\n` line endings), with its front matter
/// replaced by `edit` of it (given and returned with `\n` line endings): the BOM kept, the
/// front matter written with the line endings of its opening fence (a front matter that
/// mixed them takes that one throughout), and the body kept byte for byte. `None` when the file has no front matter, or no closing fence.
pub fn edit_front(text: &str, edit: impl FnOnce(&str) -> String) -> Option<String> {
    let (bom, raw) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    // The opening fence's line end (the fence may carry trailing spaces).
    let eol =
        if raw.split_inclusive('\n').next().is_some_and(|l| l.ends_with("\r\n")) { "\r\n" } else { "\n" };
    let plain = raw.replace("\r\n", "\n");
    let split = split(&plain).ok().filter(|s| s.front_line == 2)?;
    // The body starts after as many line ends in the file as before it in `plain` (its line
    // number less one: at least two, the fences').
    let ends = memchr::memchr_iter(b'\n', raw.as_bytes()).nth(split.body_line.saturating_sub(2));
    let body = ends.map_or("", |i| &raw[i + 1..]);
    let front = edit(split.front);
    let front = if eol == "\n" { front } else { front.replace('\n', eol) };
    Some(format!("{bom}---{eol}{front}---{eol}{body}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_front_matter_keeps_the_file_s_bom_line_endings_and_body_bytes() {
        let upper = |front: &str| front.to_uppercase();
        let file = "\u{feff}---\r\ntitle: a\r\nsummary: b\r\n---\r\nBody\nwith a lone \r and mixed\r\nends";
        let edited = edit_front(file, upper).unwrap();
        assert_eq!(
            edited,
            "\u{feff}---\r\nTITLE: A\r\nSUMMARY: B\r\n---\r\nBody\nwith a lone \r and mixed\r\nends"
        );
        assert_eq!(edit_front("---\ntitle: a\n---\n", upper).unwrap(), "---\nTITLE: A\n---\n");
        assert_eq!(edit_front("---\ntitle: a\n---", upper).unwrap(), "---\nTITLE: A\n---\n", "no body");
        assert_eq!(edit_front("No front matter\n", upper), None);
        assert_eq!(edit_front("---\ntitle: a\n", upper), None, "never closed");
    }

    #[test]
    fn split_keeps_the_lines_of_front_matter_and_body() {
        let s = split("---\ntitle: a\ndate: b\n---\n\n# Hi\n").unwrap();
        assert_eq!(s.front, "title: a\ndate: b\n");
        assert_eq!((s.front_line, s.body_line), (2, 5));
        assert_eq!(s.body, "\n# Hi\n");
    }

    #[test]
    fn the_closing_fence_may_end_the_file_or_carry_trailing_spaces() {
        let s = split("---\ntitle: a\n---").unwrap();
        assert_eq!((s.front, s.body, s.body_line), ("title: a\n", "", 4));
        let s = split("---\n---  \nBody\n").unwrap();
        assert_eq!((s.front, s.body, s.body_line), ("", "Body\n", 3));
        assert!(split("---\ntitle: a\n----\n").is_err(), "four dashes do not close it");
    }

    #[test]
    fn a_file_without_front_matter_is_all_body() {
        let s = split("# Hi\n").unwrap();
        assert_eq!((s.front, s.body), ("", "# Hi\n"));
    }

    #[test]
    fn an_unclosed_front_matter_is_an_error() {
        assert_eq!(split("---\ntitle: a\n").unwrap_err().line, 1);
    }

    #[test]
    fn an_opening_fence_with_trailing_spaces_opens_it() {
        let s = split("--- \ntitle: a\n---\nBody\n").unwrap();
        assert_eq!((s.front, s.body, s.body_line), ("title: a\n", "Body\n", 4));
        // Edited, it keeps its line ends (taken from the fence's line, spaces and all).
        let edited = edit_front("--- \r\ntitle: a\r\n---\r\nBody\r\n", |f| f.to_uppercase()).unwrap();
        assert_eq!(edited, "---\r\nTITLE: A\r\n---\r\nBody\r\n");
    }

    #[test]
    fn a_fence_that_is_not_one_is_an_error_at_its_line_not_a_file_without_front_matter() {
        let wrong = split("----\ntitle: a\n----\n").unwrap_err();
        assert_eq!((wrong.line, wrong.hint.as_str()), (1, "make the first line `---`"));
        assert!(wrong.message.contains("`----`"), "{}", wrong.message);
        let toml = split("+++\ntitle = \"a\"\n+++\n").unwrap_err();
        assert!(toml.message.contains("(TOML)"), "{}", toml.message);
        let low = split("\n  \n---\ntitle: a\n---\n").unwrap_err();
        assert_eq!(low.line, 3);
        assert_eq!(low.hint, "remove the blank lines above it");
        // A body that starts with a rule or a blank line is a body.
        assert_eq!(split("Text\n\n---\n").unwrap().front_line, 1);
        assert_eq!(split("\n# Hi\n").unwrap().body, "\n# Hi\n");
    }
}
