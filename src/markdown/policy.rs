//! What an editor's Markdown may publish: raw HTML limited to an allow-list fit for an
//! institution's content, and links to `http`, `https`, `mailto` or the site itself. Raw HTML
//! is read by a WHATWG tokenizer (html5gum: the tags and attributes a browser would see,
//! character references decoded), never matched by patterns; anything outside the policy is
//! refused with what it is and where, so that nothing in a page's text can run on the site.

use html5gum::{Token, Tokenizer};

/// The elements raw HTML may use, with the attributes each may carry besides
/// [`GLOBAL_ATTRIBUTES`]. None of them changes how the browser reads what follows (no
/// `script`, `style`, `textarea`, `title`, `svg`…), so that each piece can be checked alone.
const ELEMENTS: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang", "rel", "type"]),
    ("abbr", &[]),
    ("address", &[]),
    ("b", &[]),
    ("bdi", &[]),
    ("blockquote", &["cite"]),
    ("br", &[]),
    ("caption", &[]),
    ("cite", &[]),
    ("code", &[]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("data", &["value"]),
    ("dd", &[]),
    ("del", &["cite", "datetime"]),
    ("details", &["open"]),
    ("dfn", &[]),
    ("div", &[]),
    ("dl", &[]),
    ("dt", &[]),
    ("em", &[]),
    ("figcaption", &[]),
    ("figure", &[]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("hr", &[]),
    ("i", &[]),
    ("ins", &["cite", "datetime"]),
    ("kbd", &[]),
    ("li", &["value"]),
    ("mark", &[]),
    ("ol", &["reversed", "start", "type"]),
    ("p", &[]),
    ("pre", &[]),
    ("q", &["cite"]),
    ("rt", &[]),
    ("ruby", &[]),
    ("s", &[]),
    ("samp", &[]),
    ("small", &[]),
    ("span", &[]),
    ("strong", &[]),
    ("sub", &[]),
    ("summary", &[]),
    ("sup", &[]),
    ("table", &[]),
    ("tbody", &[]),
    ("td", &["colspan", "headers", "rowspan"]),
    ("tfoot", &[]),
    ("th", &["abbr", "colspan", "headers", "rowspan", "scope"]),
    ("thead", &[]),
    ("time", &["datetime"]),
    ("tr", &[]),
    ("u", &[]),
    ("ul", &[]),
    ("var", &[]),
    ("wbr", &[]),
];

/// Attributes every allowed element may carry.
const GLOBAL_ATTRIBUTES: [&str; 4] = ["dir", "id", "lang", "title"];

/// Why a page's text has no `class`: the theme styles the text by its elements, and its
/// classes are its own parts' (the header, the notices, text for screen readers or paper
/// only), which a class in the text would imitate or use to hide what it says.
pub const CLASS_REFUSED: &str = "a class would give the text the look of the site's own parts (its header, its notices), or hide it from some readers";

/// Attributes whose value is a URL, checked by [`check_url`].
const URL_ATTRIBUTES: [&str; 2] = ["href", "cite"];

/// The schemes a link may use; any other (`javascript:`, `data:`, `vbscript:`, `file:`…) is
/// refused. A URL without a scheme is relative: the site's own.
const SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// One thing the policy refuses: where it starts (a byte offset in the checked text), what
/// it is, and how to write it instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Byte offset in the checked HTML.
    pub offset: usize,
    /// What is refused, in one sentence.
    pub message: String,
    /// What to write instead.
    pub hint: String,
}

impl Refusal {
    fn new(offset: usize, message: String, hint: &str) -> Self {
        Self { offset, message, hint: hint.to_string() }
    }
}

/// The hint of a refused element or attribute.
const HTML_HINT: &str = "pages may use plain HTML for tables, abbreviations, sub- and superscripts, \
     figures and details (see \"What a page may contain\" in docs/editing.md); write the rest in \
     Markdown, or ask a developer to add it to the theme";

/// One tag of raw HTML that opens or closes an element, as [`Balance`] follows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlTag {
    /// Byte offset in the checked HTML.
    pub offset: usize,
    /// The element's name, in lower case.
    pub name: String,
    /// Whether it closes the element (`</a>`).
    pub end: bool,
}

/// What [`check_html`] found in a piece of raw HTML.
#[derive(Debug, Default)]
pub struct Checked {
    /// What the policy refuses, in order.
    pub refused: Vec<Refusal>,
    /// The tags that open or close an element (not those of void elements such as `<br>`),
    /// in order.
    pub tags: Vec<HtmlTag>,
    /// The `id`s its elements give themselves, each with where its attribute is: no other
    /// element of the page may have one (a heading's, whose links would land on it).
    pub ids: Vec<(usize, String)>,
    /// The URLs of its links (`href`, `cite`), each with where its attribute is: where they
    /// lead is checked against the page's address.
    pub urls: Vec<(usize, String)>,
}

/// Elements without content, which no tag closes.
const VOID: [&str; 4] = ["br", "col", "hr", "wbr"];

/// Everything `html` (raw HTML written in Markdown: a block, or one inline tag) holds that
/// the policy refuses, and the tags that open and close its elements.
pub fn check_html(html: &str) -> Checked {
    let mut refused = Vec::new();
    let mut tags = Vec::new();
    let mut ids = Vec::new();
    let mut urls = Vec::new();
    // Each piece must leave the browser's reader where it found it, reading text: a piece
    // that ends inside a comment, a bogus comment (`<!x`, `</ `), a tag or a quoted value
    // would swallow the page's next piece. A sentinel tag after it shows where it ends.
    let sentinel_at = html.len();
    let input = format!("{html}{SENTINEL}");
    let mut closed = false;
    let tokens = Tokenizer::new_with_emitter(&input, html5gum::DefaultEmitter::<usize>::new_with_span());
    for token in tokens.flatten() {
        match token {
            Token::StartTag(tag) if tag.span.start == sentinel_at && *tag.name == *b"portal-end" => {
                closed = true
            }
            Token::StartTag(tag) => {
                check_tag(&tag, &mut refused);
                let values = |names: &'static [&str]| {
                    tag.attributes
                        .iter()
                        .filter(move |(k, _)| names.iter().any(|n| k.as_slice() == n.as_bytes()))
                        .map(|(_, v)| (v.span.start, String::from_utf8_lossy(&v.value).into_owned()))
                };
                ids.extend(values(&["id"]));
                urls.extend(values(&URL_ATTRIBUTES).map(|(at, url)| (at, as_read(&url))));
                // (A browser reads `<span/>` as `<span>`: only a void element is closed by `/>`.)
                push_tag(&mut tags, tag.span.start, &tag.name, false);
            }
            // An end tag carries nothing that runs: the start tag it closes was checked. Where
            // it is placed is [`Balance`]'s to check.
            Token::EndTag(tag) => push_tag(&mut tags, tag.span.start, &tag.name, true),
            Token::Doctype(d) => refused.push(Refusal::new(
                d.span.start,
                "a <!DOCTYPE> has no place in a page's text".into(),
                HTML_HINT,
            )),
            Token::Error(e) => {
                use html5gum::Error::{EofInCdata, EofInComment, EofInDoctype, EofInTag};
                let what = match e.value {
                    EofInComment => {
                        "an HTML comment is never closed (`-->`): it would hide the rest of the page"
                    }
                    EofInTag => "an HTML tag is never closed (`>`): it would swallow what follows it",
                    EofInCdata | EofInDoctype => "an HTML declaration is never closed",
                    _ => continue,
                };
                // Found at the end of the text: placed where what is never closed opens.
                let opens = html[..e.span.start.min(html.len())].rfind('<').unwrap_or(0);
                refused.push(Refusal::new(
                    opens,
                    what.into(),
                    "close it, or write `&lt;` for a `<` that is text",
                ));
            }
            // A reference (`&#x0b;`) writes what the text may not hold as written.
            Token::String(text) => {
                if let Some(c) =
                    String::from_utf8_lossy(&text.value).chars().find(|&c| crate::text::is_forbidden(c))
                {
                    refused.push(reference_refusal(text.span.start, c));
                }
            }
            Token::Comment(_) => {}
        }
    }
    if !closed && !refused.iter().any(|r| r.message.contains("never closed")) {
        let opens = html.rfind('<').unwrap_or(0);
        let what = "HTML here is left open (a comment, a tag or a declaration that `>` does not close \
                    as a browser reads it): it would swallow what follows it";
        refused.push(Refusal::new(opens, what.into(), "close it, or write `&lt;` for a `<` that is text"));
    }
    Checked { refused, tags, ids, urls }
}

/// Adds the tag at `offset` to `tags` unless it is a void element's start, or the sentinel.
fn push_tag(tags: &mut Vec<HtmlTag>, offset: usize, name: &[u8], end: bool) {
    let name = String::from_utf8_lossy(name).to_ascii_lowercase();
    if (!end && VOID.contains(&name.as_str())) || name == "portal-end" {
        return;
    }
    tags.push(HtmlTag { offset, name, end });
}

/// The elements a text's raw HTML has opened and not yet closed, with the Markdown elements
/// around them (a paragraph, a list item, a quote, a cell…) as floors: what opens inside one
/// closes inside it. A browser stretches an element left open over what follows it (the
/// site's own menus and footer too), and an end tag without its start closes the site's page
/// around the text; both are refused.
#[derive(Default)]
pub struct Balance {
    /// Each open element's name and where its start tag is (a byte offset of the text).
    open: Vec<(String, usize)>,
    /// For each Markdown element the text is inside, how many were open when it started.
    floors: Vec<usize>,
    /// Elements whose start tag was shown as text (its piece refused), with how many
    /// Markdown elements the text was inside then: their end tag is shown as text too.
    shown: Vec<(String, usize)>,
}

/// The most elements shown as text [`Balance`] follows.
const SHOWN_MOST: usize = 1000;

/// How far back [`Balance`] looks for the element an end tag closes.
const LOOKED_BACK: usize = 64;

/// A change a piece's tag made to [`Balance`]'s stacks, to undo if the piece is not published.
enum Undo {
    /// An element was opened.
    Pushed,
    /// This element was closed.
    Popped((String, usize)),
    /// This element shown as text, at this place of the list, was closed.
    Unshown(usize, (String, usize)),
}

/// What becomes of a piece of raw HTML.
#[derive(Debug, PartialEq, Eq)]
pub enum Placed {
    /// Its tags are where they may be: it is published as written.
    Html,
    /// It closes an element shown as text: it is shown as text as well.
    Text,
    /// It is refused (and shown as text), for these reasons (offsets in the text).
    Refused(Vec<Refusal>),
}

impl Balance {
    /// Enters a Markdown element.
    pub fn enter(&mut self) {
        self.floors.push(self.open.len());
    }

    /// Leaves the Markdown element entered last: the elements opened inside it and left open.
    pub fn leave(&mut self) -> Vec<Refusal> {
        let floor = self.floors.pop().unwrap_or(0);
        // (`shown` is in the order of depth: what was entered last is at its end.)
        let depth = self.floors.len();
        while self.shown.last().is_some_and(|(_, at)| *at > depth) {
            self.shown.pop();
        }
        self.unclosed(floor)
    }

    /// The end of the text: every element still open.
    pub fn finish(&mut self) -> Vec<Refusal> {
        self.floors.clear();
        self.shown.clear();
        self.unclosed(0)
    }

    /// Places a piece of raw HTML that `check_html` read (`at` gives the text's offset of
    /// one of the piece's): its tags change what is open only if it is published as written.
    pub fn piece(&mut self, checked: &Checked, at: impl Fn(usize) -> usize) -> Placed {
        let refused: Vec<Refusal> =
            checked.refused.iter().map(|r| Refusal { offset: at(r.offset), ..r.clone() }).collect();
        if !refused.is_empty() {
            self.shown_as_text(&checked.tags);
            return Placed::Refused(refused);
        }
        // The tags change the stacks as they are read, each change noted to be undone: a
        // copy of the stacks for each piece made a page of many pieces quadratic.
        let floor = self.floors.last().copied().unwrap_or(0);
        let (mut undo, mut misplaced, mut closes_shown) = (Vec::new(), Vec::new(), false);
        for tag in &checked.tags {
            match self.placed(floor, tag, at(tag.offset), &mut undo) {
                Ok(closed_shown) => closes_shown |= closed_shown,
                Err(refusal) => misplaced.push(refusal),
            }
        }
        if !misplaced.is_empty() {
            self.undo(undo, true);
            self.shown_as_text(&checked.tags);
            return Placed::Refused(misplaced);
        }
        if closes_shown {
            // What it closed that was shown stays closed; what it opened or closed of the
            // rest is undone.
            self.undo(undo, false);
            self.shown_as_text(&checked.tags);
            return Placed::Text;
        }
        Placed::Html
    }

    /// Undoes the changes `undo` noted, last first (those to `shown` only when `shown`).
    fn undo(&mut self, undo: Vec<Undo>, shown: bool) {
        for change in undo.into_iter().rev() {
            match change {
                Undo::Pushed => drop(self.open.pop()),
                Undo::Popped(open) => self.open.push(open),
                Undo::Unshown(i, element) if shown => self.shown.insert(i, element),
                Undo::Unshown(..) => {}
            }
        }
    }

    /// Follows one tag at `at` (above `floor`), noting each change in `undo`: whether it
    /// closed an element shown as text, or why it is misplaced.
    fn placed(
        &mut self,
        floor: usize,
        tag: &HtmlTag,
        at: usize,
        undo: &mut Vec<Undo>,
    ) -> Result<bool, Refusal> {
        let name = &tag.name;
        if !tag.end {
            self.open.push((name.clone(), at));
            undo.push(Undo::Pushed);
            return Ok(false);
        }
        // The element it closes is looked for among the last few open (an end tag that
        // closes one opened deeper is misplaced all the same): a page of errors may hold
        // thousands of each.
        let floor = floor.max(self.open.len().saturating_sub(LOOKED_BACK)).min(self.open.len());
        match self.open[floor..].iter().rposition(|(o, _)| o == name) {
            Some(i) if floor + i + 1 == self.open.len() => {
                undo.extend(self.open.pop().map(Undo::Popped));
                Ok(false)
            }
            Some(i) => {
                let inner = self.open[floor + i + 1..].last().map_or("", |(n, _)| n.as_str());
                let message =
                    format!("`</{name}>` closes <{name}> while the <{inner}> opened inside it is still open");
                let hint = format!(
                    "close the <{inner}> first: `</{inner}>` (HTML lets some end tags be left out; a page may not)"
                );
                Err(Refusal::new(at, message, &hint))
            }
            None => match self.shown.iter().rev().take(LOOKED_BACK).position(|(n, _)| n == name) {
                Some(back) => {
                    let i = self.shown.len() - 1 - back;
                    undo.push(Undo::Unshown(i, self.shown.remove(i)));
                    Ok(true)
                }
                None => Err(Refusal::new(
                    at,
                    format!(
                        "`</{name}>` closes no <{name}> opened before it in the same part of the text \
                         (its paragraph, list item, quote or cell): it would close the site's own \
                         page around the text"
                    ),
                    "remove it, or open the element before it in the same part of the text",
                )),
            },
        }
    }

    /// Notes the elements a piece shown as text opens and does not close itself.
    fn shown_as_text(&mut self, tags: &[HtmlTag]) {
        let mut opened: Vec<&str> = Vec::new();
        for tag in tags {
            match (tag.end, opened.last()) {
                (true, Some(last)) if *last == tag.name => {
                    opened.pop();
                }
                (true, _) => {}
                (false, _) => opened.push(&tag.name),
            }
        }
        let depth = self.floors.len();
        // Bounded: a page of thousands of refused pieces has errors enough, and its end
        // tags need not be looked for among them all.
        let room = SHOWN_MOST.saturating_sub(self.shown.len());
        self.shown.extend(opened.into_iter().take(room).map(|name| (name.to_string(), depth)));
    }

    fn unclosed(&mut self, floor: usize) -> Vec<Refusal> {
        let floor = floor.min(self.open.len());
        let what = |name: &str| {
            format!(
                "<{name}> is opened here and never closed: a browser would stretch it over what \
                 follows it, the site's own menus and footer too"
            )
        };
        let hint = "close it (`</…>`) after what it holds, before its paragraph, list item, quote or \
                    cell ends (HTML lets some end tags be left out; a page may not)";
        self.open.drain(floor..).map(|(name, at)| Refusal::new(at, what(&name), hint)).collect()
    }
}

/// What [`check_html`] appends to a piece to see whether the piece left the reader in text.
const SENTINEL: &str = "<portal-end>";

/// The attributes `name` may carry, if it is an allowed element.
fn allowed(name: &str) -> Option<&'static [&'static str]> {
    ELEMENTS.iter().find(|(element, _)| *element == name).map(|(_, attributes)| *attributes)
}

/// A character reference that writes a control character (`c`), at `offset`.
fn reference_refusal(offset: usize, c: char) -> Refusal {
    let error = crate::text::control_error(std::path::Path::new(""), c);
    Refusal::new(offset, error.message, error.hint.as_deref().unwrap_or_default())
}

fn check_tag(tag: &html5gum::StartTag<usize>, refused: &mut Vec<Refusal>) {
    let name = String::from_utf8_lossy(&tag.name);
    let Some(own) = allowed(&name) else {
        let hint = match &*name {
            "img" | "picture" => {
                "write a picture in Markdown, `![what it shows](file.jpg)`: it is checked and published in every size"
            }
            _ => HTML_HINT,
        };
        refused.push(Refusal::new(tag.span.start, format!("the element <{name}> is not allowed"), hint));
        return;
    };
    for (key, value) in &tag.attributes {
        let key = String::from_utf8_lossy(key);
        let at = value.span.start;
        let text = String::from_utf8_lossy(&value.value);
        if let Some(c) = text.chars().find(|&c| crate::text::is_forbidden(c)) {
            refused.push(reference_refusal(at, c));
        }
        if !own.contains(&&*key) && !GLOBAL_ATTRIBUTES.contains(&&*key) {
            let what = if key.starts_with("on") {
                format!(
                    "the event handler `{key}` on <{name}> is not allowed: a page's text may not run code"
                )
            } else if key == "class" {
                format!("the attribute `class` on <{name}> is not allowed: {CLASS_REFUSED}")
            } else {
                format!("the attribute `{key}` on <{name}> is not allowed")
            };
            refused.push(Refusal::new(at, what, HTML_HINT));
            continue;
        }
        if key == "dir" && !["auto", "ltr"].contains(&text.trim().to_ascii_lowercase().as_str()) {
            // `rtl` on left-to-right text reorders its runs: "12 to 3" shows as "3 to 12".
            refused.push(Refusal::new(
                at,
                format!("`dir=\"{text}\"` on <{name}> may show the text in another order than it is written"),
                "write `dir=\"auto\"`: the browser takes the direction from the text itself",
            ));
        }
        if key == "id" && super::is_theme_id(&text) {
            refused.push(Refusal::new(
                at,
                format!("the id `{text}` is the theme's own (its skip link, menu or search lead to it)"),
                "give the element another id",
            ));
        }
        if URL_ATTRIBUTES.contains(&&*key) {
            let url = &text;
            if url.trim_start().starts_with("@/") {
                let hint = "write the link in Markdown, `[text](@/domains/ai.md)`, so that it is checked and made a URL";
                refused.push(Refusal::new(
                    at,
                    format!("an `@/` link in HTML (`{url}`) is not resolved"),
                    hint,
                ));
            } else if let Err((message, hint)) = check_url(url) {
                refused.push(Refusal::new(at, message, &hint));
            } else if climbs(url) {
                let hint = "write the link in Markdown (`[text](@/domains/ai.md)`): there, where it leads is checked";
                refused.push(Refusal::new(
                    at,
                    format!("a link in HTML that goes up a folder (`{url}`) could leave the site"),
                    hint,
                ));
            } else if super::is_rooted(url.trim_start()) {
                // Under a sub-path (`/portal/`), `/en/` is another site of the same host.
                let hint = "write the link in Markdown, `[text](/en/councils/)`, so that it is checked and put under the site's path";
                refused.push(Refusal::new(
                    at,
                    format!("a link from the host's root in HTML (`{url}`) is not put under the site's path"),
                    hint,
                ));
            }
        }
    }
}

/// Whether a relative URL goes up a folder (`../`): HTML does not know its page's address, so
/// where it leads is not checked (in Markdown it is).
fn climbs(url: &str) -> bool {
    let read = as_read(url);
    let path = &read[..read.find(['#', '?']).unwrap_or(read.len())];
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    crate::text::scheme(path).is_none() && decoded.split(['/', '\\']).any(|s| s == "..")
}

/// A URL as a browser reads it: spaces and control characters around it, and tabs and
/// line breaks inside it, left out (`..\t/` is `../`, `java\tscript:` is `javascript:`).
pub fn as_read(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect()
}

/// Whether a link's URL is one the policy allows: relative, or `http:`, `https:` or `mailto:`.
/// Read as a browser reads it: tabs and line breaks inside it and spaces and control
/// characters around it are ignored (`java\tscript:` is `javascript:`).
pub fn check_url(url: &str) -> Result<(), (String, String)> {
    let read = as_read(url);
    let path = &read[..read.find(['?', '#']).unwrap_or(read.len())];
    if path.contains('\\') {
        let shown: String = url.chars().take(60).collect();
        return Err((
            format!(
                "the link `{shown}` has a backslash, which browsers read as `/`: `/\\host` is another site"
            ),
            "write the address with `/` only".into(),
        ));
    }
    let Some(scheme) = crate::text::scheme(&read) else { return Ok(()) };
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    if web && !read[scheme.len() + 1..].starts_with("//") {
        // `https:../admin/` is a path of this site to a browser, not an address.
        let shown: String = url.chars().take(60).collect();
        return Err((
            format!(
                "the link `{shown}` has no `//` after `{scheme}:`, so a browser reads it as a path of this site"
            ),
            "write a whole address, `https://host/…`, or a page of the site as `@/…`".into(),
        ));
    }
    if SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
        return Ok(());
    }
    let shown: String = url.chars().take(60).collect();
    Err((
        format!("the link `{shown}` uses `{scheme}:`, which a page may not link to"),
        "link to a web page (https://…), an e-mail address (mailto:…), or a page of the site (@/…)".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(html: &str) -> Vec<String> {
        check_html(html).refused.into_iter().map(|r| r.message).collect()
    }

    #[test]
    fn content_html_of_an_institution_passes() {
        for html in [
            "<table>\n<thead><tr><th scope=\"col\" colspan=\"2\">Year</th></tr></thead>\n<tbody><tr><td>2025</td></tr></tbody>\n</table>",
            "<abbr title=\"Artificial Intelligence\">AI</abbr>",
            "CO<sub>2</sub> and 10<sup>3</sup>",
            "<figure><figcaption>A caption</figcaption></figure>",
            "<details open><summary>More</summary><p>Text<br>line</p></details>",
            "<a href=\"https://digital-strategy.ec.europa.eu/\" hreflang=\"en\">statement</a>",
            "<a href=\"mailto:x@example.eu\">x</a> <a href=\"#top\">top</a> <a href=\"ro/\">ro</a>",
            "<!-- an editor's note -->",
            "<span lang=\"ko\" id=\"y\" dir=\"ltr\" title=\"t\">서울</span>",
            "a < b and c > d",
        ] {
            assert_eq!(check_html(html).refused, [], "{html}");
        }
    }

    #[test]
    fn script_handlers_styles_frames_and_forms_are_refused_with_where_they_are() {
        for (html, offset, said) in [
            ("<script>alert(1)</script>", 0, "<script>"),
            ("x <SCRIPT SRC=//evil.example></SCRIPT>", 2, "<script>"),
            ("<img src=x onerror=alert(1)>", 0, "<img>"),
            ("<span onmouseover=\"alert(1)\">x</span>", 6, "event handler `onmouseover`"),
            ("<p/onclick=alert(1)>x</p>", 3, "`onclick`"),
            ("<p style=\"color:red\">x</p>", 3, "`style`"),
            ("<style>body{}</style>", 0, "<style>"),
            ("<iframe src=\"https://x\"></iframe>", 0, "<iframe>"),
            ("<object data=x></object>", 0, "<object>"),
            ("<form action=x><input></form>", 0, "<form>"),
            ("<svg><script>x</script></svg>", 0, "<svg>"),
            ("<math></math>", 0, "<math>"),
            ("<a href=\"javascript:alert(1)\">x</a>", 3, "`javascript:`"),
            ("<a href=\"jav&#x61;script:alert(1)\">x</a>", 3, "`javascript:`"),
            ("<a href=\" java\tscript:alert(1)\">x</a>", 3, "`javascript:`"),
            ("<a href=\"data:text/html,<script>x</script>\">x</a>", 3, "`data:`"),
            ("<a href=\"VBScript:x\">x</a>", 3, "`VBScript:`"),
            ("<a href=\"@/domains/ai.md\">AI</a>", 3, "`@/` link"),
            ("<blockquote cite=\"javascript:x\">q</blockquote>", 12, "`javascript:`"),
            ("<!-- never closed", 0, "never closed"),
            ("<span title=\"never closed", 0, "never closed"),
            ("<!DOCTYPE html>", 0, "DOCTYPE"),
            ("<base href=\"https://evil.example/\">", 0, "<base>"),
            ("<meta http-equiv=refresh content=\"0;url=javascript:x\">", 0, "<meta>"),
            ("<textarea><script>x</script></textarea>", 0, "<textarea>"),
            ("<div>\n<!x\n", 6, "left open"),
            ("a </ b", 2, "left open"),
            ("<?php x", 0, "left open"),
            ("<div id=\"main\">x</div>", 5, "the id `main` is the theme's own"),
            ("<bdo dir=\"rtl\">elpmaxe</bdo>", 0, "<bdo>"),
            // Shown in another order than written ("12 to 3" as "3 to 12"), or to no one.
            ("the vote was <span dir=\"rtl\">12 to 3</span>", 19, "may show the text in another order"),
            ("<ruby>x<rp>hidden from every reader</rp></ruby>", 7, "the element <rp> is not allowed"),
            // Off the site, or to a path of it that the policy cannot see.
            ("<a href=\"../../../other-repo/\">x</a>", 3, "goes up a folder"),
            ("<q cite=\"https:../../admin/\">x</q>", 3, "has no `//` after `https:`"),
            ("<p id=\"search-box-results-0\">x</p>", 3, "the id `search-box-results-0` is the theme's own"),
        ] {
            let found = check_html(html).refused;
            let first = found.first().unwrap_or_else(|| panic!("{html} passed"));
            assert!(first.message.contains(said), "{html}: {}", first.message);
            assert_eq!(first.offset, offset, "{html}: {}", first.message);
        }
        assert_eq!(messages("<b onclick=x style=y>").len(), 2, "each refused attribute is named");
    }

    #[test]
    fn a_url_is_relative_or_http_https_or_mailto() {
        for good in
            ["https://x.eu", "HTTP://x.eu", "mailto:a@b.eu", "/portal/en/", "a/b:c", "#x", "?q=a:b", "ai.md"]
        {
            assert_eq!(check_url(good), Ok(()), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:x",
            "\u{1}javascript:x",
            "java\nscript:x",
            "data:text/html,x",
            "file:///etc/passwd",
            "tel:+40",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    /// Places `pieces` (each a piece of raw HTML, or `(` and `)` for a Markdown element's
    /// start and end) to the end of the text: what is refused, as (offset, words), and what
    /// each piece became.
    fn balance(pieces: &[&str]) -> (Vec<(usize, String)>, Vec<Placed>) {
        let (mut balance, mut found, mut placed, mut at) = (Balance::default(), Vec::new(), Vec::new(), 0);
        for piece in pieces {
            match *piece {
                "(" => balance.enter(),
                ")" => found.extend(balance.leave()),
                html => match balance.piece(&check_html(html), |offset| at + offset) {
                    Placed::Refused(refused) => {
                        found.extend(refused);
                        placed.push(Placed::Refused(Vec::new()));
                    }
                    other => placed.push(other),
                },
            }
            at += piece.len();
        }
        found.extend(balance.finish());
        (found.into_iter().map(|r| (r.offset, r.message)).collect(), placed)
    }

    #[test]
    fn elements_closed_where_they_are_opened_are_balanced() {
        for pieces in [
            &[
                "<details><summary>More</summary>",
                "(",
                "Text <br> <abbr title=x>AI</abbr>",
                ")",
                "</details>",
            ][..],
            &["(", "<span/>", "x", "</span>", ")"],
            &["<table><tr><td>1</td></tr></table>", "<hr>", "(", "<wbr>", ")"],
            &["<DIV>", "</div>"],
        ] {
            let (found, placed) = balance(pieces);
            assert_eq!(found, [], "{pieces:?}");
            assert!(placed.iter().all(|p| *p == Placed::Html), "{pieces:?}: {placed:?}");
        }
    }

    #[test]
    fn the_end_of_an_element_shown_as_text_is_shown_as_text_in_the_same_part_only() {
        // A refused start tag is text: its end tag is too, not published to close the page's.
        let (found, placed) = balance(&["<div onclick=x>", "(", "a", ")", "</div>"]);
        assert_eq!(found.len(), 1, "one error, for the handler: {found:?}");
        assert_eq!(
            placed,
            [Placed::Refused(Vec::new()), Placed::Html, Placed::Text],
            "the text between is text"
        );
        // One that closed itself leaves nothing shown; one shown inside a paragraph is
        // forgotten at its end.
        for pieces in [&["<div onclick=x></div>", "</div>"][..], &["(", "<b onclick=x>", ")", "</b>"]] {
            let (found, placed) = balance(pieces);
            assert!(found.last().is_some_and(|f| f.1.contains("closes no")), "{pieces:?}: {found:?}");
            assert_eq!(placed.last(), Some(&Placed::Refused(Vec::new())), "{pieces:?}");
        }
        // A refused piece changes nothing that is open: one error, not a cascade.
        let (found, _) = balance(&["<ul><li>a<li>b</ul>"]);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn an_element_left_open_or_an_end_tag_without_its_start_is_refused_where_it_is() {
        for (pieces, offset, said) in [
            // An editor's link over the rest of the page, the footer too.
            (
                &["<a href=\"https://evil.example/\">", "(", "Everything after", ")"][..],
                0,
                "<a> is opened here and never closed",
            ),
            // Opened in one paragraph, closed in the next: open at the first one's end.
            (&["(", "a ", "<b>", ")", "(", "</b>", ")"], 3, "<b> is opened here and never closed"),
            (&["a ", "</p></div></main>"], 2, "`</p>` closes no <p>"),
            (&["<ul><li>a<li>b</ul>"], 14, "`</ul>` closes <ul> while the <li> opened inside it"),
            (&["</br>"], 0, "`</br>` closes no <br>"),
        ] {
            let (found, _) = balance(pieces);
            let first = found.first().unwrap_or_else(|| panic!("{pieces:?} passed"));
            assert!(first.1.contains(said), "{pieces:?}: {}", first.1);
            assert_eq!(first.0, offset, "{pieces:?}: {}", first.1);
        }
    }
}
