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

/// Cuts `text` (already free of BOM and `\r\n`) at its front matter fences.
/// Err when an opening `---` has no closing one.
pub fn split(text: &str) -> Result<Split<'_>, String> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Ok(Split { front: "", front_line: 1, body: text, body_line: 1 });
    };
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
    Err("the front matter opened on line 1 is never closed".into())
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
    let eol = if raw.starts_with("---\r\n") { "\r\n" } else { "\n" };
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
        assert!(split("---\ntitle: a\n").is_err());
    }
}
