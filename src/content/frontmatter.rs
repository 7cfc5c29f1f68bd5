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

/// Decodes a file's bytes: UTF-8 required; a BOM is dropped and Windows line endings become
/// `\n` (line numbers stay the same). Err names the line of the first invalid byte.
pub fn decode(bytes: Vec<u8>) -> Result<String, usize> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        1 + valid.iter().filter(|&&b| b == b'\n').count()
    })?;
    let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
    let windows = memchr::memchr(b'\r', text.as_bytes()).is_some();
    Ok(if windows { text.replace("\r\n", "\n") } else { text })
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

    #[test]
    fn decode_drops_the_bom_and_windows_line_endings() {
        let t = decode(b"\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\n".to_vec()).unwrap();
        assert_eq!(t, "---\ntitle: a\n---\n");
    }

    #[test]
    fn decode_names_the_line_of_an_invalid_byte() {
        assert_eq!(decode(b"a\nb\n\xFFc".to_vec()), Err(3));
    }
}
