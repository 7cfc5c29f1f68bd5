//! Reading a source file as text, the same way for every file of a site (`site.yaml`,
//! content, templates, UI strings): UTF-8 is required — an invalid byte is an error at its
//! line and column —, a byte-order mark is dropped and Windows line endings become `\n`
//! (line numbers stay the same). A control character other than tab and newline (pasted
//! from a word processor, it leaves a feed or a sitemap not well-formed XML) is an error at
//! its line and column.

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// The most a source text may hold. A long page is a few hundred kilobytes; Markdown's
/// tables take about 90 times their size in memory while they are read, so a text of tens
/// of megabytes would take gigabytes.
pub const MAX_TEXT_BYTES: u64 = 2 << 20;

/// Reads `root/path` as [`read`] does, once it is found to be in the site (a link to
/// elsewhere, or into a hidden folder such as `.git`, is an error, and nothing is read): for
/// a source read on its own (`site.yaml`, a UI strings file), not found by a walk of a
/// source folder, which checks its links itself.
pub fn read_alone(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    match crate::sources::out_of_site_source(root, path) {
        Some(error) => Err(error),
        None => read(root, path),
    }
}

/// Reads `root/path` as text; the error names `path` (relative to the site's root).
pub fn read(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    use std::io::Read;
    let cannot = |e: std::io::Error| Diagnostic::error(path, format!("cannot read: {e}"));
    let file = std::fs::File::open(root.join(path)).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    // One byte more than the bound tells a file over it, even one that grows as it is read.
    let mut bytes = Vec::with_capacity(size.min(MAX_TEXT_BYTES + 1) as usize);
    file.take(MAX_TEXT_BYTES + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(Diagnostic::error(
            path,
            format!("this file is over {} MiB; portal reads texts of at most that", MAX_TEXT_BYTES >> 20),
        )
        .with_hint(
            "split the page in two, or publish the long text as a document (a PDF) that the page links to",
        ));
    }
    let text = decode(bytes).map_err(|(line, column)| {
        Diagnostic::error(path, "this file is not UTF-8 text")
            .at(line, column)
            .with_hint("save it as UTF-8 in your editor (\"Save with encoding\" → UTF-8)")
    })?;
    match find_control(&text) {
        Some((line, column, c)) => Err(control_error(path, c).at(line, column)),
        None => Ok(text),
    }
}

/// Whether `c` is a character no text of the site may hold: a control character other than
/// tab and newline (C0, DEL, C1), or one XML cannot carry (U+FFFE, U+FFFF).
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{fffe}' | '\u{ffff}')
        || is_direction_control(c)
}

/// Whether `c` overrides, embeds or marks a writing direction (U+202A–U+202E,
/// U+2066–U+2069, and the marks U+200E, U+200F, U+061C): invisible, it makes text read
/// otherwise than it is (a link's address shown backwards, "12 - 3" shown "3 - 12").
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// The line, column and character of the first forbidden character of `text` (see
/// [`is_forbidden`]), if any. Only the bytes that can start one are looked at.
pub fn find_control(text: &str) -> Option<(usize, usize, char)> {
    let bytes = text.as_bytes();
    let at = bytes.iter().enumerate().find_map(|(i, &b)| {
        // (U+202A–U+202E, U+2066–U+2069 and U+200E–F are E2 80 AA–AE, E2 81 A6–A9 and E2
        // 80 8E–8F, U+061C is D8 9C: the dashes and quotes that share their first byte are
        // not looked at twice.)
        let direction = || match bytes.get(i + 1..i + 3) {
            Some([0x80, c]) => (0xaa..=0xae).contains(c) || (0x8e..=0x8f).contains(c),
            Some([0x81, c]) => (0xa6..=0xa9).contains(c),
            _ => false,
        };
        let suspect = (b < 0x20 && b != b'\t' && b != b'\n')
            || b == 0x7f
            || b == 0xc2
            || b == 0xef
            || (b == 0xe2 && direction())
            || (b == 0xd8 && bytes.get(i + 1) == Some(&0x9c));
        if !suspect {
            return None;
        }
        let c = text.get(i..)?.chars().next()?;
        is_forbidden(c).then_some((i, c))
    })?;
    let (offset, c) = at;
    let line_start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
    let line = 1 + memchr::memchr_iter(b'\n', &bytes[..offset]).count();
    Some((line, text[line_start..offset].chars().count() + 1, c))
}

/// The error for a forbidden character `c` in `path` (the caller places it).
pub fn control_error(path: &Path, c: char) -> Diagnostic {
    let code = u32::from(c);
    if is_direction_control(c) {
        return Diagnostic::error(
            path,
            format!("an invisible direction control (U+{code:04X}) is in this text"),
        )
        .with_hint(
            "it makes text read otherwise than it is (an address shown backwards): delete it (a \
                 word in a right-to-left language needs none: browsers show it in its own direction)",
        );
    }
    Diagnostic::error(path, format!("a control character (U+{code:04X}) is in this text")).with_hint(
        "it is invisible and breaks the feeds and the sitemap: delete it (it often comes with text \
         pasted from a word processor)",
    )
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

/// `value` as JSON to embed in an HTML `<script>` data block: `<`, `>` and `&` are written
/// `\u003c`, `\u003e` and `\u0026` (the same string to a JSON reader), so that no text of
/// any source — `</script>`, `<!--<script>` — can end the block or put the HTML parser in
/// another state.
pub fn json_for_script(value: &serde_json::Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    if !json.contains(['<', '>', '&']) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// The scheme a URL starts with (`javascript` of `javascript:…`), if it has one.
pub fn scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    let scheme = &url[..end];
    let valid = url.as_bytes()[end] == b':'
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then_some(scheme)
}

/// `text` cut at a word to at most `max` characters, with an ellipsis when cut.
pub fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', '.', ' ']))
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

    #[test]
    fn a_scheme_is_told_from_a_path() {
        for (url, found) in [
            ("javascript:x", Some("javascript")),
            ("HTTPS://a", Some("HTTPS")),
            ("a/b:c", None),
            ("#x", None),
            ("x.svg", None),
            ("1a:b", None),
        ] {
            assert_eq!(scheme(url), found, "{url}");
        }
    }

    #[test]
    fn json_in_a_script_block_cannot_end_it_or_open_a_comment_and_reads_back_the_same() {
        let value = serde_json::json!({ "name": "<!--<script> & </script> -->" });
        let json = json_for_script(&value);
        assert!(!json.contains(['<', '>', '&']), "{json}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&json).unwrap(), value);
    }

    #[test]
    fn control_characters_are_found_at_their_line_and_column_but_tab_and_newline_are_text() {
        assert_eq!(find_control("a\tb\nc ș d"), None);
        assert_eq!(find_control("title: a\nsummary: ș\u{b}x"), Some((2, 11, '\u{b}')));
        assert_eq!(find_control("x\r"), Some((1, 2, '\r')));
        assert_eq!(find_control("é\u{85}"), Some((1, 2, '\u{85}')), "C1, from a mis-decoded paste");
        assert_eq!(find_control("\u{7f}"), Some((1, 1, '\u{7f}')));
        assert_eq!(find_control("a\u{fffe}"), Some((1, 2, '\u{fffe}')));
        assert_eq!(find_control("\u{a0}\u{ef}\u{fffd}"), None, "no-break space, ï and U+FFFD are text");
        assert_eq!(find_control("https://\u{202e}elpmaxe"), Some((1, 9, '\u{202e}')), "a direction override");
        assert_eq!(find_control("a\u{2067}b"), Some((1, 2, '\u{2067}')));
        assert_eq!(find_control("– “„” ‘’ … ș ț"), None, "dashes, quotes and Romanian letters are text");
        // The marks reorder text too ("12 - 3" shown "3 - 12"), however written.
        assert_eq!(find_control("the vote \u{200f}12 - 3"), Some((1, 10, '\u{200f}')));
        assert_eq!(find_control("a \u{200e}b"), Some((1, 3, '\u{200e}')));
        assert_eq!(find_control("a\u{61c}b"), Some((1, 2, '\u{61c}')));
    }
}
