//! The text of a page's HTML as the index reads it: words only (tags dropped, references
//! decoded), with Pagefind's markers where a heading starts and ends (its weight) and where
//! a heading with an `id` begins a section (an anchor, for results that land in it).

/// Pagefind's marker that ends a weighted stretch of a record's text.
pub const END_WEIGHT: &str = "___END_PAGEFIND_WEIGHT___";

/// Pagefind's marker that starts a stretch weighted automatically.
pub const AUTO_WEIGHT: &str = "___PAGEFIND_AUTO_WEIGHT___";

/// Pagefind's marker of an anchor: `___PAGEFIND_ANCHOR___h2:3:its-id`.
pub const ANCHOR: &str = "___PAGEFIND_ANCHOR___";

/// The marker that starts a stretch weighted as a heading of `level` (1 for the title): 7 for
/// a title, down to 2 for an `<h6>`, as Pagefind's own HTML reader weighs them, so that a
/// word in a heading ranks a page above one that has it only in a paragraph.
pub fn weighted(level: u8) -> String {
    format!(" {AUTO_WEIGHT}{} ", 8 - level.clamp(1, 6))
}

/// Appends the text of an HTML fragment: tags dropped (block tags as spaces, so that words
/// of two paragraphs stay apart; inline ones as nothing), `<script>` and `<style>` left out,
/// entities decoded; a heading's words between weight markers, and an anchor marker before
/// those of a heading with an `id` (numbered from `anchors` on, which counts them). An
/// editor's own text never holds a marker: a word of it that begins like one loses its
/// underscores.
pub fn push_text(html: &str, out: &mut String, anchors: &mut usize) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_decoded(after_space(out, &rest[..open]), out);
        let tag = &rest[open..];
        // A comment is not text: an editor's note the page does not show is not searched.
        if let Some(comment) = tag.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let skip_to = ["script", "style"].into_iter().find_map(|name| {
            let opens =
                tag.as_bytes().get(1..=name.len()).is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()));
            opens.then(|| format!("</{name}"))
        });
        let end = match skip_to {
            Some(close) => tag.find(&close).map_or(tag.len(), |c| c + close.len()),
            None => 0,
        };
        let Some(close) = tag_end(&tag[end..]) else {
            push_decoded(tag, out);
            return;
        };
        if !is_inline(tag) && !out.ends_with(char::is_whitespace) {
            out.push(' ');
        }
        if let Some(level) = heading_level(tag) {
            if tag.as_bytes()[1] == b'/' {
                out.push_str(END_WEIGHT);
                out.push(' ');
            } else {
                out.push_str(&weighted(level));
                if let Some(id) = id_of(&tag[..end + close]) {
                    out.push_str(&format!("{ANCHOR}h{level}:{anchors}:{id} "));
                    *anchors += 1;
                }
            }
        }
        rest = &tag[end + close + 1..];
    }
    push_decoded(after_space(out, rest), out);
}

/// Where the tag at the start of `tag` ends (its `>`): one inside a quoted attribute value
/// (`<abbr title="a > b">`) is the value's, as a browser reads it.
fn tag_end(tag: &str) -> Option<usize> {
    let bytes = tag.as_bytes();
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (None, b'>') => return Some(i),
            (None, b'"' | b'\'') if bytes[..i].trim_ascii_end().ends_with(b"=") => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            _ => {}
        }
    }
    None
}

/// The level of a heading tag (`<h2 …>` or `</h2>`, from its `<`), if `tag` is one.
fn heading_level(tag: &str) -> Option<u8> {
    let name = tag[1..].trim_start_matches('/').as_bytes();
    match name {
        [b'h' | b'H', d @ b'1'..=b'6', rest @ ..]
            if rest.first().is_none_or(|c| !c.is_ascii_alphanumeric()) =>
        {
            Some(d - b'0')
        }
        _ => None,
    }
}

/// The `id` of an opening tag (without its `>`), decoded, if it has one a URL's fragment can
/// hold as it is (no white space, which would end the marker).
fn id_of(tag: &str) -> Option<String> {
    let value = tag.split(" id=\"").nth(1)?.split('"').next()?;
    let mut id = String::new();
    push_decoded_raw(value, &mut id);
    (!id.is_empty() && !id.contains(char::is_whitespace)).then_some(id)
}

/// Whether `tag` (from its `<`) opens or closes an element inside a line of text, which
/// must not part a word from what follows it: `<a>council</a>,` is "council,".
fn is_inline(tag: &str) -> bool {
    let name = tag[1..].trim_start_matches('/');
    let end = name.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(name.len());
    const INLINE: [&str; 15] = [
        "a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span", "strong", "sub",
        "sup",
    ];
    INLINE.iter().any(|t| t.eq_ignore_ascii_case(&name[..end]))
}

/// `text` without its leading white space if `out` ends with some: one space between words.
fn after_space<'t>(out: &str, text: &'t str) -> &'t str {
    if out.ends_with(char::is_whitespace) { text.trim_start() } else { text }
}

/// Appends `text` with its character references decoded (those Markdown writes, and
/// numeric ones); an unknown one is kept as written. Markers are defused (see
/// [`push_plain`]).
fn push_decoded(text: &str, out: &mut String) {
    let mut decoded = String::with_capacity(text.len());
    push_decoded_raw(text, &mut decoded);
    push_plain(&decoded, out);
}

/// Appends plain text (a title, a summary) as it is, but for a word that begins like one of
/// Pagefind's markers (`___PAGEFIND…`, `___END_PAGEFIND…`), which would be read as an
/// instruction: it loses its underscores.
pub fn push_plain(text: &str, out: &mut String) {
    if text.contains("___PAGEFIND") || text.contains("___END_PAGEFIND") {
        out.push_str(&text.replace("___PAGEFIND", "PAGEFIND").replace("___END_PAGEFIND", "END_PAGEFIND"));
    } else {
        out.push_str(text);
    }
}

fn push_decoded_raw(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name.strip_prefix('#').and_then(|n| {
                    match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => n.parse().ok(),
                    }
                    .and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        let mut out = String::new();
        push_text(html, &mut out, &mut 0);
        out
    }

    #[test]
    fn text_of_html_keeps_words_apart_and_decodes_references() {
        assert_eq!(
            text("<p>Știința</p><p>materialelor &amp; cip&#x219;</p>"),
            " Știința materialelor & cipș "
        );
        assert_eq!(text("a<script>var x = '<b>';</script>b<style>p{}</style>c"), "a b c");
        assert_eq!(text("AT&T &bogus; & 5 < 6"), "AT&T &bogus; & 5 < 6");
        assert_eq!(text("<a>ș</a> și<b>"), "ș și");
        assert_eq!(
            text("<abbr title=\"a > b\">AI</abbr> x<span title='>'>y</span>"),
            "AI xy",
            "a > in a value"
        );
        assert_eq!(text("<p class=x>don't</p>"), " don't ");
        assert_eq!(text("a <!-- > HIDDEN call --> b<!-- never closed"), "a b", "a comment is not text");
        assert_eq!(
            text("<p>the first <a href=\"x\">council</a>, <em>then</em></p><p>x<sup>2</sup></p>"),
            " the first council, then x2 "
        );
    }

    #[test]
    fn headings_are_weighted_and_anchored_and_text_cannot_forge_a_marker() {
        assert_eq!(
            text("<h2 id=\"a&amp;b\">Regulation</h2><p>body</p><h3>Sub</h3><hr>"),
            "  ___PAGEFIND_AUTO_WEIGHT___6 ___PAGEFIND_ANCHOR___h2:0:a&b Regulation ___END_PAGEFIND_WEIGHT___ body  ___PAGEFIND_AUTO_WEIGHT___5 Sub ___END_PAGEFIND_WEIGHT___ "
        );
        assert_eq!(text("<header>x</header>"), " x ");
        assert_eq!(text("<p>___PAGEFIND_WEIGHT___9 loud</p>"), " PAGEFIND_WEIGHT___9 loud ");
    }
}
