//! Reading a source file as text, the same way for every file of a site (`site.yaml`,
//! content, templates, UI strings): UTF-8 is required — an invalid byte is an error at its
//! line and column —, a byte-order mark is dropped and Windows line endings become `\n`
//! (line numbers stay the same).

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// Reads `root/path` as text; the error names `path` (relative to the site's root).
pub fn read(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let bytes =
        std::fs::read(root.join(path)).map_err(|e| Diagnostic::error(path, format!("cannot read: {e}")))?;
    decode(bytes).map_err(|(line, column)| {
        Diagnostic::error(path, "this file is not UTF-8 text")
            .at(line, column)
            .with_hint("save it as UTF-8 in your editor (\"Save with encoding\" → UTF-8)")
    })
}

/// Decodes a file's bytes; Err is the line and column (in characters) of the first byte
/// that is not UTF-8.
pub fn decode(bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line_start = memchr::memrchr(b'\n', valid).map_or(0, |i| i + 1);
        let line = 1 + memchr::memchr_iter(b'\n', valid).count();
        // The bytes before it on its line are valid UTF-8: count their characters.
        let column = 1 + std::str::from_utf8(&valid[line_start..]).map_or(0, |s| s.chars().count());
        (line, column)
    })?;
    let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
    let windows = memchr::memchr(b'\r', text.as_bytes()).is_some();
    Ok(if windows { text.replace("\r\n", "\n") } else { text })
}

/// Appends `text` escaped for a double-quoted HTML attribute.
pub fn escape_attribute(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_drops_the_bom_and_windows_line_endings() {
        let t = decode(b"\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\n".to_vec()).unwrap();
        assert_eq!(t, "---\ntitle: a\n---\n");
    }

    #[test]
    fn decode_names_the_line_and_column_of_an_invalid_byte() {
        assert_eq!(decode(b"a\nb\n\xFFc".to_vec()), Err((3, 1)));
        let mut bytes = "a\ntitlu: ș".as_bytes().to_vec();
        bytes.push(0xFF);
        assert_eq!(decode(bytes), Err((2, 9)), "ș is one character");
    }
}
