//! SVG drawings are published as they are, so one is read as XML first: a drawing opened
//! at its own URL runs on the site's origin, and a script, an event handler, a
//! `foreignObject` (HTML inside the drawing) or a reference to another site would run or load
//! there. Each is refused, naming the line of the drawing that holds it.

use super::Problem;

/// SVG's namespace, and XHTML's.
const SVG: &str = "http://www.w3.org/2000/svg";
const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// Elements that run code, embed a document, or hold HTML.
const REFUSED_ELEMENTS: [&str; 8] =
    ["script", "foreignObject", "iframe", "embed", "object", "handler", "listener", "audio"];

/// The largest drawing read (a detailed map is a few megabytes): the XML reader's check of an
/// element's attributes grows with the square of their number, so the file's size and the
/// attributes of one element are bounded before it is read.
pub const MAX_BYTES: usize = 16 << 20;

/// The most attributes one element may have (drawing programs write a few dozen).
const MAX_ATTRIBUTES: usize = 256;

/// The most namespace declarations a drawing may hold (drawing programs write a dozen, on its
/// root; a sheet of drawings one each): the XML reader resolves each element's names through
/// every declaration in scope (4,000 nested took 53 s, 256 take milliseconds).
const MAX_NAMESPACES: usize = 256;

/// The size a clean SVG states (its root's `width` and `height` in pixels, else its
/// `viewBox`), if any; what is wrong with one that is not XML, not an SVG, or not safe.
pub fn check(bytes: &[u8]) -> Result<Option<(u32, u32)>, Problem> {
    let hint = "a drawing to publish needs no script, event, embedded page or outside file: \
                remove it in a vector or text editor, or publish the drawing as a PNG";
    if bytes.len() > MAX_BYTES {
        return Err(problem(&format!(
            "is a drawing of {} MiB, more than the {} MiB a page may show",
            bytes.len().div_ceil(1 << 20),
            MAX_BYTES >> 20
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| problem("is not an SVG (not UTF-8 text)"))?;
    if let Some(encoding) = other_encoding(text) {
        return Err((
            format!(
                "declares the encoding `{encoding}`: a browser would read it otherwise than it is checked"
            ),
            "save the drawing as UTF-8 (in a vector or text editor), with `encoding=\"UTF-8\"` or none"
                .into(),
        ));
    }
    // The DTD is read before the XML reader reads the drawing: an entity with markup would
    // give it elements the counts below never see (and is refused anyway).
    if let Some((what, at)) = unsafe_declaration(text) {
        let line = text[..at].matches('\n').count() + 1;
        return Err((
            format!("{what} (line {line} of the drawing); an SVG may not run or load anything"),
            hint.into(),
        ));
    }
    let (attributes, namespaces) = attribute_counts(text);
    if attributes > MAX_ATTRIBUTES {
        return Err(problem(&format!("has an element with more than {MAX_ATTRIBUTES} attributes")));
    }
    if namespaces > MAX_NAMESPACES {
        return Err(problem(&format!("declares more than {MAX_NAMESPACES} namespaces")));
    }
    // Drawing programs write a DTD with entities (what they expand to is bounded above), and
    // the nodes limit bounds the rest.
    let options = roxmltree::ParsingOptions { allow_dtd: true, nodes_limit: 1_000_000, ..Default::default() };
    let document = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| problem(&format!("is not an SVG: its XML is broken ({e})")))?;
    let root = document.root_element();
    if root.tag_name().name() != "svg" {
        return Err(problem("is not an SVG (its root element is not <svg>)"));
    }
    let stylesheet =
        document.root().descendants().find(|n| n.pi().is_some_and(|pi| pi.target == "xml-stylesheet"));
    if let Some(pi) = stylesheet {
        let line = document.text_pos_at(pi.range().start).row;
        return Err((
            format!("applies a stylesheet (line {line} of the drawing); an SVG may not run or load anything"),
            hint.into(),
        ));
    }
    let found = root.descendants().find_map(|node| unsafe_part(&node).map(|w| (w, node)));
    if let Some((what, node)) =
        found.or_else(|| unsafe_style(&root).map(|node| (STYLE_LOADS.to_string(), node)))
    {
        let line = document.text_pos_at(node.range().start).row;
        return Err((
            format!("{what} (line {line} of the drawing); an SVG may not run or load anything"),
            hint.into(),
        ));
    }
    Ok(size(&root))
}

fn problem(message: &str) -> Problem {
    (message.to_string(), super::hint_for_format())
}

/// A declaration of the DTD in `text` that this check could not see through, and where it
/// starts: an attribute list gives elements attributes (`onload`, `href`) that the XML reader
/// does not apply and a browser does; an external entity would load another file; and an
/// entity whose text holds markup or a reference (`&#60;script>`) is text to the XML reader
/// and elements to a browser, which reads a character reference in it as the character.
/// And entities whose references would expand past [`MAX_EXPANDED`] (then said at its start).
fn unsafe_declaration(text: &str) -> Option<(String, usize)> {
    // Anywhere, comments too: no drawing program writes one, so a false alarm costs nothing.
    if let Some(at) = text.find("<!ATTLIST") {
        return Some(("declares default attributes in its DTD (<!ATTLIST>)".into(), at));
    }
    let entities = entity_declarations(text);
    if let Some((at, what)) = entities.iter().find_map(|(at, d)| Some((*at, unsafe_entity(d)?))) {
        return Some((what.into(), at));
    }
    // What the entities would expand to: each reference is its entity's text again (none
    // holds a reference, see above), which the XML reader does not bound.
    // A name declared twice is counted at its longest (the XML reader takes the first).
    let mut values: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (name, length) in entities.iter().filter_map(|(_, d)| entity_value(d)) {
        let longest = values.entry(name).or_default();
        *longest = (*longest).max(length);
    }
    let expanded: usize = references(text).filter_map(|name| values.get(name)).sum();
    (expanded > MAX_EXPANDED)
        .then(|| (format!("has entities that would expand to {} MiB of text", expanded.div_ceil(1 << 20)), 0))
}

/// The most text a drawing's entities may expand to: as much as a drawing may weigh (a style
/// written once as an entity and used on every path of a large map is some megabytes).
const MAX_EXPANDED: usize = MAX_BYTES;

/// Each `<!ENTITY …` declaration of `text` and where it starts, read in one pass as XML
/// reads them: a comment, an instruction or a quoted literal (the DOCTYPE's) is skipped
/// whole, and each declaration is read to its end once (searching from each `<!ENTITY` to the
/// next `>` took the square of the prolog's length).
fn entity_declarations(text: &str) -> Vec<(usize, &str)> {
    let mut found_all = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find(['<', '"', '\'']).map(|p| p + at) {
        let rest = &text[found..];
        let skip = |end: &str| rest.find(end).map_or(text.len(), |e| found + e + end.len());
        at = if let Some(quoted) = rest.strip_prefix(['"', '\'']) {
            let quote = &rest[..1];
            quoted.find(quote).map_or(text.len(), |e| found + 1 + e + 1)
        } else if rest.starts_with("<!--") {
            skip("-->")
        } else if rest.starts_with("<?") {
            skip("?>")
        } else if rest.starts_with("<!ELEMENT") || rest.starts_with("<!NOTATION") {
            // Read to their first `>`, quotes or not, as the XML reader reads them.
            skip(">")
        } else if rest.starts_with("<!ENTITY") {
            let declaration = declaration_at(rest);
            found_all.push((found, declaration));
            found + declaration.len().max(1)
        } else {
            found + 1
        };
    }
    found_all
}

/// A general entity's name and the length of its text (`<!ENTITY name "text">`).
fn entity_value(declaration: &str) -> Option<(&str, usize)> {
    let mut words = declaration.split_ascii_whitespace().skip(1);
    let name = words.next().filter(|n| *n != "%")?;
    let value = declaration.split_once(['"', '\'']).map_or("", |(_, v)| v);
    Some((name, value.len()))
}

/// The names of the entity references (`&name;`) of `text`.
fn references(text: &str) -> impl Iterator<Item = &str> {
    // A name is anything up to the `;` (XML's names take many more letters and marks than
    // `is_alphanumeric`: `&€;` is one), and no space, markup or quote.
    text.match_indices('&').filter_map(|(at, _)| {
        let rest = &text[at + 1..];
        let end =
            rest.find(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '<' | '>' | '"' | '\''))?;
        rest[end..].starts_with(';').then(|| &rest[..end]).filter(|n| !n.is_empty())
    })
}

/// The encoding the XML declaration names, if it names one other than UTF-8 (which this
/// check reads): a browser decodes the drawing in it, and could read there what this check
/// did not (a CDATA section that, in Shift_JIS, runs over a `<script>`).
fn other_encoding(text: &str) -> Option<&str> {
    let declaration = text.trim_start_matches('\u{feff}').strip_prefix("<?xml")?;
    let declaration = &declaration[..declaration.find("?>")?];
    let after = declaration.split_once("encoding")?.1.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let name = after[1..].split(quote).next()?;
    (!name.eq_ignore_ascii_case("utf-8") && !name.eq_ignore_ascii_case("utf8")).then_some(name)
}

/// What is unsafe in one `<!ENTITY …` declaration, if anything.
fn unsafe_entity(declaration: &str) -> Option<&'static str> {
    if declaration.split_ascii_whitespace().take(4).any(|w| matches!(w, "SYSTEM" | "PUBLIC")) {
        return Some("declares an external entity in its DTD, which would load another file");
    }
    let value = declaration.split_once(['"', '\'']).map_or("", |(_, v)| v);
    value.contains(['<', '&', '%']).then_some(
        "declares an entity whose text holds markup or a reference, which a browser reads as elements",
    )
}

/// The markup declaration at the start of `text`, up to its `>` (one inside quotes is text).
fn declaration_at(text: &str) -> &str {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return &text[..i],
            _ => {}
        }
    }
    text
}

/// What is unsafe in one node of the drawing, if anything.
fn unsafe_part(node: &roxmltree::Node) -> Option<String> {
    if !node.is_element() {
        return None;
    }
    let name = node.tag_name().name();
    // Only SVG's own elements: XHTML inside a drawing (forms, meta, pictures) is another
    // document's vocabulary, with links of its own.
    let namespace = node.tag_name().namespace().unwrap_or(SVG);
    if namespace == XHTML {
        return Some(format!("has an HTML element <{name}> inside it"));
    }
    if REFUSED_ELEMENTS.iter().any(|r| r.eq_ignore_ascii_case(name)) {
        return Some(format!("has a <{name}> element"));
    }
    let animated = node.attribute("attributeName").unwrap_or_default();
    for attribute in node.attributes() {
        let key = attribute.name();
        if is_handler(key) {
            return Some(format!("has an event handler `{key}` on <{name}>"));
        }
        let value = attribute.value();
        let animates_link = matches!(key, "to" | "values" | "from" | "by") && animated.ends_with("href");
        let is_link = matches!(key, "href" | "src" | "action" | "formaction" | "data") || animates_link;
        // `values` is a list: each of its values is a link.
        if is_link && value.split(';').any(|v| !is_local(v)) {
            return Some(format!("links to `{value}` from <{name}>, outside the drawing"));
        }
        // A presentation attribute takes CSS too (`fill="url(https://…)"`, `cursor`, `mask`,
        // `filter`, `clip-path`, `marker-start`…): any attribute's value is read as a style is.
        let lower = value.to_ascii_lowercase();
        let css = key == "style"
            || name == "style"
            || ["url(", "image(", "image-set", "\\"].iter().any(|w| lower.contains(w));
        if css && loads_elsewhere(value) {
            return Some(format!("has a style on <{name}> that loads from elsewhere"));
        }
    }
    if is_handler(animated) {
        return Some(format!("animates the event handler `{animated}`"));
    }
    None
}

/// What a `<style>` that loads from elsewhere is told.
const STYLE_LOADS: &str = "has a <style> that loads from elsewhere";

/// The first `<style>` whose text (all of it, as one, wherever it is split) loads from
/// elsewhere. Only outermost ones are read: a `<style>` inside another is in its text, and
/// reading each again would take the square of their number.
fn unsafe_style<'a>(root: &roxmltree::Node<'a, 'a>) -> Option<roxmltree::Node<'a, 'a>> {
    let mut read_until = 0;
    root.descendants().find(|node| {
        if !node.is_element() || node.tag_name().name() != "style" || node.range().start < read_until {
            return false;
        }
        read_until = node.range().end;
        loads_elsewhere(&node.descendants().filter_map(|n| n.text()).collect::<String>())
    })
}

/// The most attributes of one start tag of `text`, and how many namespaces its tags declare
/// in all (`xmlns…=`), read in one pass as XML reads it: comments, CDATA sections,
/// instructions and declarations are skipped whole (a quote in one of them, counted, would
/// hide every tag after it).
fn attribute_counts(text: &str) -> (usize, usize) {
    let (mut most, mut namespaces, mut at) = (0, 0, 0);
    while let Some(found) = text[at..].find('<').map(|p| p + at) {
        let rest = &text[found..];
        let skip = |end: &str| rest.find(end).map_or(text.len(), |e| found + e + end.len());
        at = if rest.starts_with("<!--") {
            skip("-->")
        } else if rest.starts_with("<![CDATA[") {
            skip("]]>")
        } else if rest.starts_with("<?") {
            skip("?>")
        } else if rest.starts_with("<!DOCTYPE") {
            // Into it: its declarations are read one by one (a quote in a comment of its
            // subset, read as a literal, would hide every tag after it).
            found + "<!DOCTYPE".len()
        } else if rest.starts_with("<!ELEMENT") || rest.starts_with("<!NOTATION") {
            skip(">")
        } else if rest.starts_with("<!") {
            found + declaration_at(rest).len().max(1)
        } else {
            let tag = declaration_at(rest);
            let (attributes, declared) = attributes_of(tag);
            most = most.max(attributes);
            namespaces += declared;
            found + tag.len().max(1)
        };
    }
    (most, namespaces)
}

/// How many attributes a tag has (`=` outside its quoted values), and how many of them
/// declare a namespace.
fn attributes_of(tag: &str) -> (usize, usize) {
    let (mut quote, mut word, mut last_word, mut attributes, mut namespaces) = (None, None, "", 0, 0);
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, c) if c.is_whitespace() || c == '=' => {
                if let Some(start) = word.take() {
                    last_word = &tag[start..i];
                }
                if c == '=' {
                    // The name before `=`, spaces around it or not (`xmlns:p = "…"`).
                    attributes += 1;
                    namespaces += usize::from(last_word.starts_with("xmlns"));
                    last_word = "";
                }
            }
            (None, _) => {
                word.get_or_insert(i);
            }
        }
    }
    (attributes, namespaces)
}

/// Whether an attribute's name is an event handler's (`onload`, `ONCLICK`): one that
/// starts with `on` and goes on. Read as bytes: a name may start with any letter (`中="1"`).
fn is_handler(name: &str) -> bool {
    name.len() > 2 && name.as_bytes()[..2].eq_ignore_ascii_case(b"on")
}

/// Whether a reference stays in the drawing (`#id`) or on the site (a relative path).
fn is_local(reference: &str) -> bool {
    let r: String = reference.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect();
    if r.contains('\\') {
        return false; // browsers read `\\host` as `//host`
    }
    r.starts_with('#')
        || (!r.starts_with("//") && crate::text::scheme(&r).is_none())
        || r.starts_with("data:image/png")
        || r.starts_with("data:image/jpeg")
}

/// Whether CSS imports or loads anything but the drawing's own parts.
fn loads_elsewhere(css: &str) -> bool {
    let lower = css.to_ascii_lowercase();
    // An escape (`u\72l(`, `@\69mport`) or `image-set` could hide a load from the words below.
    lower.contains('\\')
        || lower.contains("image-set")
        || lower.contains("@import")
        || lower.match_indices("url(").any(|(at, _)| {
            let inside = lower[at + 4..].trim_start_matches([' ', '"', '\'']);
            !inside.starts_with('#')
        })
}

/// The size the root states: `width` and `height` in pixels, else its `viewBox`.
fn size(root: &roxmltree::Node) -> Option<(u32, u32)> {
    let pixels = |v: &str| v.trim().trim_end_matches("px").parse::<f64>().ok().filter(|n| *n > 0.0);
    let stated = |name: &str| root.attribute(name).and_then(pixels);
    if let (Some(w), Some(h)) = (stated("width"), stated("height")) {
        return Some((w.round() as u32, h.round() as u32));
    }
    let view: Vec<f64> = root
        .attribute("viewBox")
        .map(|v| v.split([' ', ',']).filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_default();
    match view.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 => Some((w.round() as u32, h.round() as u32)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = "xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'";

    fn svg(inner: &str) -> Result<Option<(u32, u32)>, Problem> {
        check(format!("<svg {NS} width='120px' height=\"80\">\n{inner}\n</svg>").as_bytes())
    }

    #[test]
    fn attribute_names_of_any_letters_are_read_without_stopping() {
        // A name whose second byte is inside a letter (`中`) was cut there, and panicked.
        assert_eq!(svg("<rect 中='1' é='2' width='1' height='1'/>"), Ok(Some((120, 80))));
        assert!(svg("<set attributeName='中' to='1'/>").is_ok());
        assert!(svg("<rect ONclick='x()'/>").is_err());
        assert!(svg("<set attributeName='onclick' to='x()'/>").is_err());
    }

    #[test]
    fn a_clean_drawing_states_its_size_from_width_and_height_or_its_view_box() {
        assert_eq!(svg("<rect width='1' height='1' fill='url(#g)'/><use href='#a'/>"), Ok(Some((120, 80))));
        let view = format!("<?xml version='1.0'?><svg {NS} viewBox=\"0 0 300 150\"></svg>");
        assert_eq!(check(view.as_bytes()), Ok(Some((300, 150))));
        assert_eq!(check(format!("<svg {NS} width=\"100%\"/>").as_bytes()), Ok(None));
        assert!(check(b"<html></html>").is_err());
        assert!(check(b"<svg").is_err(), "broken XML");
    }

    #[test]
    fn scripts_handlers_foreign_objects_and_outside_references_are_refused_at_their_line() {
        for (inner, said) in [
            ("<script>alert(1)</script>", "<script>"),
            ("<SCRIPT>alert(1)</SCRIPT>", "<SCRIPT>"),
            ("<rect onload='alert(1)'/>", "onload"),
            ("<g ONCLICK='x()'/>", "ONCLICK"),
            ("<foreignObject><div xmlns='http://www.w3.org/1999/xhtml'/></foreignObject>", "foreignObject"),
            ("<a xlink:href='javascript:alert(1)'><text>x</text></a>", "javascript:"),
            ("<a href=' java\tscript:alert(1)'/>", "java"),
            ("<image href='https://tracker.example/p.png'/>", "https://tracker"),
            ("<use href='//evil.example/s.svg#x'/>", "//evil"),
            ("<set attributeName='href' to='javascript:alert(1)'/>", "javascript:"),
            ("<set attributeName='onmouseover' to='alert(1)'/>", "onmouseover"),
            ("<style>@import url(https://evil.example/x.css);</style>", "<style>"),
            ("<rect style=\"fill: url('https://evil.example/x')\"/>", "style"),
            ("<a><animate attributeName='href' values='#a;javascript:alert(1)'/></a>", "javascript:"),
            ("<?xml-stylesheet type='text/xsl' href='x.svg'?>", "applies a stylesheet"),
            ("<h:form xmlns:h='http://www.w3.org/1999/xhtml' action='javascript:x'/>", "HTML element <form>"),
            ("<style>/**/<![CDATA[@import url(//evil/x.css)]]></style>", "<style>"),
            ("<image href='\\\\evil.example/p.png'/>", "evil.example"),
            ("<rect fill='url(https://tracker.example/p.svg#g)'/>", "loads from elsewhere"),
            ("<rect cursor='url(https://tracker.example/c.png), auto'/>", "loads from elsewhere"),
            ("<path marker-start='URL(//tracker.example/m.svg#m)'/>", "loads from elsewhere"),
            ("<rect fill='u\\72l(https://tracker.example/x)'/>", "loads from elsewhere"),
            (
                "<rect cursor=\"image-set('https://tracker.example/c.png' 1x), auto\"/>",
                "loads from elsewhere",
            ),
        ] {
            let (message, _) = svg(inner).expect_err(inner);
            assert!(message.contains(said), "{inner}: {message}");
            assert!(message.contains("(line 2 of the drawing)"), "{inner}: {message}");
        }
    }

    #[test]
    fn a_dtd_that_gives_elements_attributes_or_loads_a_file_is_refused_at_its_line() {
        let doctype =
            |subset: &str| format!("<?xml version='1.0'?>\n<!DOCTYPE svg [\n{subset}\n]>\n<svg {NS}/>");
        for (subset, said) in [
            ("<!ATTLIST svg onload CDATA \"alert(1)\">", "default attributes"),
            ("<!ENTITY a 'x'>\n<!ATTLIST a href CDATA 'javascript:alert(1)'>", "default attributes"),
            ("<!ENTITY x SYSTEM \"https://tracker.example/x\">", "external entity"),
            ("<!ENTITY % p PUBLIC \"-//x//EN\" \"x.dtd\">", "external entity"),
            ("<!ENTITY e \"&#60;script>alert(1)&#60;/script>\">", "holds markup or a reference"),
            ("<!ENTITY e '&#x3c;image href=\"x\" onerror=\"alert(1)\"/>'>", "holds markup or a reference"),
            ("<!ENTITY a 'x'>\n<!ENTITY e '&a;&a;'>", "holds markup or a reference"),
            ("<!ENTITY e \"<a href='javascript:alert(1)'>x</a>\">", "holds markup or a reference"),
        ] {
            let (message, _) = check(doctype(subset).as_bytes()).expect_err(subset);
            assert!(message.contains(said), "{subset}: {message}");
            let line = if subset.starts_with("<!ENTITY a ") { 4 } else { 3 };
            assert!(message.contains(&format!("(line {line} of the drawing)")), "{subset}: {message}");
        }
        // What drawing programs write: a public DTD, and entities of text (one with `>` in it).
        let illustrator = format!(
            "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\" [\n\
             <!ENTITY ns_svg \"http://www.w3.org/2000/svg\">\n<!ENTITY arrow 'a > b SYSTEM'>\n]>\n<svg {NS} width='2' height='1'/>"
        );
        assert_eq!(check(illustrator.as_bytes()), Ok(Some((2, 1))));
        // A comment's start inside the DOCTYPE's literal hides nothing after it.
        let hidden =
            format!("<!DOCTYPE svg SYSTEM \"<!--\" [\n<!ENTITY e \"&#60;script>\">\n]><!-- -->\n<svg {NS}/>");
        let (message, _) = check(hidden.as_bytes()).expect_err("an entity behind a literal");
        assert!(message.contains("holds markup or a reference") && message.contains("line 2"), "{message}");
        // A comment's words are not declarations.
        let noted = format!("<!-- <!ENTITY e \"<x>\"> -->\n<svg {NS} width='1' height='1'/>");
        assert_eq!(check(noted.as_bytes()), Ok(Some((1, 1))));
    }

    #[test]
    fn a_drawing_in_another_encoding_than_the_one_it_is_checked_in_is_refused() {
        // In Shift_JIS, the bytes before `]]>` swallow its `]`: to a browser the CDATA section
        // runs on over what this check read as a comment, and the script in it runs.
        let trick = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text><![CDATA[ \u{3041}]]> <!-- ]]> <script>alert(1)</script> --></text></svg>";
        let (message, _) = check(trick.as_bytes()).unwrap_err();
        assert!(message.contains("declares the encoding `Shift_JIS`"), "{message}");
        for fine in [
            "<?xml version='1.0' encoding='UTF-8'?>",
            "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"no\"?>",
            "<?xml version='1.0'?>",
            "",
        ] {
            assert!(check(format!("{fine}<svg {NS} width='1' height='1'/>").as_bytes()).is_ok(), "{fine}");
        }
    }

    #[test]
    fn drawings_made_to_be_slow_are_read_in_linear_time_or_refused() {
        let started = std::time::Instant::now();
        // Declarations in a comment, each once searched to the end of the prolog.
        let comment = format!("<!-- {}-->\n<svg {NS} width='1' height='1'/>", "<!ENTITY ".repeat(200_000));
        assert_eq!(check(comment.as_bytes()), Ok(Some((1, 1))));
        // Styles in styles, each once read with all its descendants' text.
        let nested = format!("<svg {NS}>{}{}</svg>", "<style>x".repeat(20_000), "</style>".repeat(20_000));
        assert!(check(nested.as_bytes()).is_ok());
        let loads =
            format!("<svg {NS}><style>a<style>@import url(https://evil.example/x.css)</style></style></svg>");
        assert!(
            check(loads.as_bytes()).unwrap_err().0.contains("<style> that loads"),
            "the inner style is read"
        );
        // One element with thousands of attributes, which the XML reader compares pairwise.
        let attributes: String = (0..20_000).map(|i| format!(" a{i}=\"\"")).collect();
        let (message, _) = check(format!("<svg {NS}><g{attributes}/></svg>").as_bytes()).unwrap_err();
        assert!(message.contains("more than 256 attributes"), "{message}");
        // Nor hidden from the count behind a quote in a comment, an instruction or CDATA.
        for before in ["<!-- \" -->", "<?x ' ?>", "<![CDATA[ \" ]]>"] {
            let (message, _) =
                check(format!("<svg {NS}>{before}<g{attributes}/></svg>").as_bytes()).unwrap_err();
            assert!(message.contains("more than 256 attributes"), "{before}: {message}");
        }
        // Nor made by an entity, whose markup the XML reader would read as elements: refused
        // before it is read.
        let entity = format!(
            "<!DOCTYPE svg [<!ENTITY e \"<g{}/>\">]>\n<svg {NS}>&e;</svg>",
            attributes.replace('"', "'")
        );
        let (message, _) = check(entity.as_bytes()).unwrap_err();
        assert!(message.contains("holds markup or a reference") && message.contains("line 1"), "{message}");
        // Entities that expand to gigabytes, which the XML reader does not bound.
        let bomb = format!(
            "<!DOCTYPE svg [<!ENTITY a \"{}\">]>\n<svg {NS}><text>{}</text></svg>",
            "x".repeat(100_000),
            "&a;".repeat(4_000)
        );
        assert!(check(bomb.as_bytes()).unwrap_err().0.contains("would expand to 382 MiB"));
        let named = format!(
            "<!DOCTYPE svg [<!ENTITY ns_svg \"{SVG}\">]>\n<svg xmlns=\"&ns_svg;\" width='1' height='1'/>"
        );
        assert_eq!(check(named.as_bytes()), Ok(Some((1, 1))), "what drawing programs write");
        // Namespaces declared over and over, each resolved through all those in scope.
        let nested = format!(
            "<svg {NS}>{}{}</svg>",
            (0..4_000).map(|i| format!("<g xmlns:p{i} = 'u'>")).collect::<String>(),
            "</g>".repeat(4_000)
        );
        assert!(check(nested.as_bytes()).unwrap_err().0.contains("more than 256 namespaces"));
        // Nor hidden from the count: a name declared again, empty (the reader takes the
        // first); a name of letters `is_alphanumeric` does not know; an entity behind a quote
        // in an element's declaration (which the reader reads to its first `>`); attributes
        // behind a quote in a comment of the DTD.
        let long = "x".repeat(100_000);
        for (dtd, name) in [
            (format!("<!ENTITY a \"{long}\"><!ENTITY a \"\">"), "a"),
            (format!("<!ENTITY € \"{long}\">"), "€"),
            (format!("<!ELEMENT x '><!ENTITY a \"{long}\"><!ELEMENT y '>"), "a"),
        ] {
            let refs = format!("&{name};").repeat(200);
            let bomb = format!("<!DOCTYPE svg [{dtd}]>\n<svg {NS}><text>{refs}</text></svg>");
            let said = check(bomb.as_bytes()).map_err(|(m, _)| m);
            assert!(
                said.as_ref().is_err_and(|m| m.contains("would expand to 20 MiB")),
                "{dtd:.40}: {said:?}"
            );
        }
        let hidden = format!("<!DOCTYPE svg [<!-- ' -->]>\n<svg {NS}><g{attributes}/></svg>");
        assert!(check(hidden.as_bytes()).unwrap_err().0.contains("more than 256 attributes"));
        let big = vec![b' '; MAX_BYTES + 1];
        assert!(check(&big).unwrap_err().0.contains("MiB"));
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }
}
