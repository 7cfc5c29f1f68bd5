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

#[cfg(test)]
mod tests {
    use super::*;

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
