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
        self.within_bounds()?;
        let text = if self.text.trim().is_empty() { "{}" } else { self.text };
        let value = serde_yaml::from_str(text).map_err(|e| self.diagnostic(&e, &example))?;
        self.no_escaped_control()?;
        Ok(value)
    }

    /// Refuses a control character written as an escape in a double-quoted string
    /// (`"\x0b"`, `"\u0007"`, `"\v"`): the file's own bytes are checked as it is read, but
    /// an escape becomes one only when parsed. An escape-like text outside double quotes is
    /// text, so a suspect is confirmed on the parsed document before it is reported.
    fn no_escaped_control(&self) -> Result<(), Diagnostic> {
        let Some((line, column, c)) = escaped_control(self.text) else { return Ok(()) };
        let parsed: serde_yaml::Value = serde_yaml::from_str(self.text).unwrap_or_default();
        if !holds_forbidden(&parsed) {
            return Ok(());
        }
        Err(crate::text::control_error(self.path, c).at(line + self.first_line - 1, column))
    }

    /// Refuses, before the parser runs, YAML whose parsing could cost far more than its
    /// size: longer than [`MAX_BYTES`], nested deeper than [`MAX_DEPTH`], or coming to more
    /// than [`MAX_EXPANDED`] with its aliases repeated.
    fn within_bounds(&self) -> Result<(), Diagnostic> {
        if self.text.len() > MAX_BYTES {
            let message = format!(
                "this YAML is {} KiB long; portal reads at most {} KiB",
                self.text.len() / 1024,
                MAX_BYTES / 1024
            );
            return Err(Diagnostic::error(self.path, message)
                .at(self.first_line, 1)
                .with_hint("move long text into the Markdown body"));
        }
        match too_deep(self.text) {
            Some((line, column)) => Err(Diagnostic::error(
                self.path,
                format!("lists and mappings are nested more than {MAX_DEPTH} levels deep here"),
            )
            .at(line + self.first_line - 1, column)
            .with_hint("front matter needs a few levels at most: check the brackets and the indentation")),
            None => Ok(()),
        }?;
        if let Some((line, column)) = expands_too_far(self.text) {
            let message = format!(
                "with its aliases (`*name`) repeated, this YAML would be more than {} KiB",
                MAX_EXPANDED / 1024
            );
            return Err(Diagnostic::error(self.path, message)
                .at(line + self.first_line - 1, column)
                .with_hint(
                    "write the value out where it is needed instead of repeating an anchor (`&name`)",
                ));
        }
        Ok(())
    }

    /// The 1-based file line on which top-level `key:` is written, if it is.
    pub fn line_of_key(&self, key: &str) -> Option<usize> {
        self.text
            .lines()
            .position(|l| l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')))
            .map(|i| i + self.first_line)
    }

    /// Whether `text` occurs anywhere in the front matter.
    pub fn text_has(&self, text: &str) -> bool {
        self.text.contains(text)
    }

    /// Whether the front matter writes `key` at its top level.
    pub fn has_key(&self, key: &str) -> bool {
        key_block(self.text, key).is_some()
    }

    /// The file line and column of `value` written after `key:` (on its line or below it).
    pub fn locate(&self, key: &str, value: &str) -> (usize, usize) {
        self.locate_nth(key, value, 0)
    }

    /// The file line and column where `value` is written under `key` for the `n`th time
    /// (from 0): a value listed again is shown where it is repeated. The first time where it
    /// is written fewer times.
    pub fn locate_nth(&self, key: &str, value: &str, n: usize) -> (usize, usize) {
        let Some(key_line) = self.line_of_key(key) else {
            return (self.first_line, 1);
        };
        let start = key_line - self.first_line;
        let mut found = Vec::new();
        for (i, line) in self.text.lines().enumerate().skip(start) {
            if i > start && !line.starts_with([' ', '\t', '-']) {
                break;
            }
            let mut from = if i == start { key.len() + 1 } else { 0 };
            while let Some(col) = find_token(line, value, from) {
                found.push((i + self.first_line, line[..col].chars().count() + 1));
                if found.len() > n {
                    return found[n];
                }
                from = col + value.len().max(1);
            }
        }
        found.first().copied().unwrap_or((key_line, 1))
    }

    fn diagnostic(&self, e: &serde_yaml::Error, example: &dyn Fn(&str) -> Option<String>) -> Diagnostic {
        let message = strip_locations(&e.to_string());
        let stopped = e.location().map(|l| l.line());
        if let Some((what, (line, column))) = Opened::scan(self.text).mistake(&message, stopped) {
            let hint = "close it, or put the whole value in quotes if the character is part of the text";
            return Diagnostic::error(self.path, what).at(line + self.first_line - 1, column).with_hint(hint);
        }
        // serde_yaml places some value errors at the start of the mapping or list that holds
        // them: find the value there.
        let at = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let (line, column) = if message.starts_with("missing field") {
            at
        } else {
            self.find_value(&message, at).unwrap_or(at)
        };
        let d = Diagnostic::error(self.path, explain(&message)).at(line + self.first_line - 1, column);
        match hint_for(&message, example) {
            Some(hint) => d.with_hint(hint),
            None => d,
        }
    }
}

impl YamlSource<'_> {
    /// The lines of the block that starts at `from` (its line, then those indented under it;
    /// from the text's start, every line), each with its number and the byte it is read from.
    fn block_from(&self, from: (usize, usize)) -> impl Iterator<Item = (usize, &str, usize)> {
        let whole = from == (1, 1);
        let lines = self.text.lines().enumerate().skip(from.0.saturating_sub(1));
        lines
            .enumerate()
            .take_while(move |(n, (_, line))| {
                *n == 0 || whole || line.is_empty() || line.starts_with([' ', '\t', '-', '#'])
            })
            .map(move |(n, (i, line))| {
                let start = match n {
                    0 => line.char_indices().nth(from.1.saturating_sub(1)).map_or(line.len(), |(b, _)| b),
                    _ => 0,
                };
                (i + 1, line, start)
            })
    }

    /// The (YAML-relative) line and column of the first backticked value in `message`, from
    /// `from` to the end of the block that starts there (the whole text from its start).
    fn find_value(&self, message: &str, from: (usize, usize)) -> Option<(usize, usize)> {
        let value = message.split('`').nth(1).filter(|v| !v.is_empty())?;
        let written = self.block_from(from).find_map(|(number, line, start)| {
            let at = line[start..].find(value)? + start;
            Some((number, line[..at].chars().count() + 1))
        });
        // Else a value written quoted, with YAML's escapes (`"a\tb"`, `'it''s'`), after a key or
        // a list's dash: the line whose quoted value reads as it.
        written.or_else(|| {
            self.block_from(from).find_map(|(number, line, _)| {
                let dash = line.trim_start().strip_prefix("- ").map(|rest| line.len() - rest.len());
                let at = line.find(": ").map(|p| p + 2).or(dash)?;
                let quoted = line[at..].trim();
                let read = quoted
                    .starts_with(['"', '\''])
                    .then(|| serde_yaml::from_str::<String>(quoted).ok())??;
                (read == value).then(|| (number, line[..at].chars().count() + 1))
            })
        })
    }
}

/// The YAML line, column and character of the first escape of a forbidden character
/// (`\a`, `\x0b`, `\u0085`…; see [`crate::text::is_forbidden`]), wherever it is written.
fn escaped_control(text: &str) -> Option<(usize, usize, char)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let mut from = 0;
        while let Some(at) = line[from..].find('\\').map(|p| p + from) {
            let rest = &line[at + 1..];
            let hex = |n: usize| rest.get(1..=n).and_then(|h| u32::from_str_radix(h, 16).ok());
            let c = match rest.chars().next() {
                Some('0') => Some('\0'),
                Some('a') => Some('\u{7}'),
                Some('b') => Some('\u{8}'),
                Some('v') => Some('\u{b}'),
                Some('f') => Some('\u{c}'),
                Some('r') => Some('\r'),
                Some('e') => Some('\u{1b}'),
                Some('N') => Some('\u{85}'),
                Some('x') => hex(2).and_then(char::from_u32),
                Some('u') => hex(4).and_then(char::from_u32),
                Some('U') => hex(8).and_then(char::from_u32),
                _ => None,
            };
            if let Some(c) = c.filter(|&c| crate::text::is_forbidden(c)) {
                return Some((i + 1, line[..at].chars().count() + 1, c));
            }
            // An escaped backslash is not the start of an escape.
            from = at + if rest.starts_with('\\') { 2 } else { 1 };
        }
        None
    })
}

/// Whether any string of a parsed YAML document holds a forbidden character.
fn holds_forbidden(value: &serde_yaml::Value) -> bool {
    use serde_yaml::Value;
    match value {
        Value::String(s) => s.chars().any(crate::text::is_forbidden),
        Value::Sequence(items) => items.iter().any(holds_forbidden),
        Value::Mapping(map) => map.iter().any(|(k, v)| holds_forbidden(k) || holds_forbidden(v)),
        Value::Tagged(tagged) => holds_forbidden(&tagged.value),
        _ => false,
    }
}

/// The most bytes a YAML document (front matter, `site.yaml`, UI strings) may have.
pub const MAX_BYTES: usize = 256 * 1024;

/// The most a YAML text may come to with its aliases expanded: each alias (`*a`) is a copy
/// of its anchor's value, so 256 KiB of aliases to one long text could make gigabytes.
pub const MAX_EXPANDED: usize = 4 * MAX_BYTES;

/// Where the first alias of `text` is written (1-based line and column), if the text with
/// its aliases expanded comes to more than [`MAX_EXPANDED`]. Counted as the parser reads it,
/// without making the copies; a text with no `&` or no `*` has no anchor or no alias, and
/// is not read (most have neither).
fn expands_too_far(text: &str) -> Option<(usize, usize)> {
    use serde::de::DeserializeSeed;
    memchr::memchr(b'&', text.as_bytes())?;
    memchr::memchr(b'*', text.as_bytes())?;
    let left = std::cell::Cell::new(MAX_EXPANDED);
    let read = Budget(&left).deserialize(serde_yaml::Deserializer::from_str(text));
    // A syntax error is the real parse's to report, at its place.
    if read.is_ok() || left.get() > 0 {
        return None;
    }
    // An alias is a value: where a value starts (after `:`, `-`, `[`, `,`, `{` or `?`, or at
    // the start of a line), not a `*` inside a text (`A *key* point`).
    let alias = text.lines().enumerate().find_map(|(i, line)| {
        let at = line.char_indices().find(|&(at, c)| {
            let before = line[..at].trim_end().chars().next_back();
            c == '*' && before.is_none_or(|b| "[{,:-?".contains(b))
        })?;
        Some((i + 1, line[..at.0].chars().count() + 1))
    });
    Some(alias.unwrap_or((1, 1)))
}

/// What is left of [`MAX_EXPANDED`] as a YAML document is read: every value read spends
/// its size (a text its length, any other value a few bytes), and reading stops when none
/// is left.
struct Budget<'b>(&'b std::cell::Cell<usize>);

impl Budget<'_> {
    fn spend<E: serde::de::Error>(&self, bytes: usize) -> Result<(), E> {
        match self.0.get().checked_sub(bytes) {
            Some(left) if left > 0 => {
                self.0.set(left);
                Ok(())
            }
            _ => {
                self.0.set(0);
                Err(E::custom("the YAML expands too far"))
            }
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Budget<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Budget<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.spend(8)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.spend(8)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.spend(8)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.spend(8)
    }
    // (Every kind of value is taken: one the visitor refused would end the count early, and
    // leave the document unchecked. serde_yaml gives a number past 64 bits as these.)
    fn visit_i128<E: serde::de::Error>(self, _: i128) -> Result<(), E> {
        self.spend(16)
    }
    fn visit_u128<E: serde::de::Error>(self, _: u128) -> Result<(), E> {
        self.spend(16)
    }
    fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<(), E> {
        self.spend(bytes.len() + 8)
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        serde::de::DeserializeSeed::deserialize(self, deserializer)
    }
    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<(), E> {
        self.spend(text.len() + 8)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend(8)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend(8)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        serde::de::DeserializeSeed::deserialize(self, deserializer)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend(8)?;
        while seq.next_element_seed(Budget(self.0))?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend(8)?;
        while map.next_key_seed(Budget(self.0))?.is_some() {
            map.next_value_seed(Budget(self.0))?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        let ((), variant) = data.variant_seed(Budget(self.0))?;
        variant.newtype_variant_seed(Budget(self.0))
    }
}

/// The deepest nesting of lists and mappings a YAML document may have.
pub const MAX_DEPTH: usize = 64;

/// Where (YAML line and column, 1-based) the nesting first goes deeper than [`MAX_DEPTH`]:
/// block levels (a stack of indentations, and each `- ` or `? ` that opens a line) plus open
/// flow brackets. Quotes are not tracked — a bracket inside a quoted string may count — which
/// only errs by a level or two in real files; comments are skipped. Linear in the text.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    // Each level needs a line, a bracket or a dash of its own: most front matters have
    // fewer of all three together than the limit, and need no closer look.
    let bytes = text.as_bytes();
    let count = |b: u8| memchr::memchr_iter(b, bytes).count();
    if count(b'\n') + count(b'[') + count(b'{') + count(b'-') + count(b'?') < MAX_DEPTH {
        return None;
    }
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    for (i, line) in text.lines().enumerate() {
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if flow == 0 {
            while indents.last().is_some_and(|&top| top >= indent) {
                indents.pop();
            }
            indents.push(indent);
        }
        let mut rest = body;
        let mut opened = 0;
        while let Some(after) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("? ")) {
            opened += 1;
            rest = after.trim_start_matches(' ');
        }
        let mut depth = indents.len() + opened + flow;
        let offset = line.len() - rest.len();
        for (at, c) in rest.char_indices() {
            match c {
                '#' if rest[..at].ends_with(' ') => break,
                '[' | '{' => {
                    flow += 1;
                    depth += 1;
                }
                ']' | '}' => {
                    flow = flow.saturating_sub(1);
                    depth = depth.saturating_sub(1);
                }
                _ => {}
            }
            if depth > MAX_DEPTH {
                return Some((i + 1, line[..offset + at].chars().count() + 1));
            }
        }
        if depth > MAX_DEPTH {
            return Some((i + 1, indent + 1));
        }
    }
    None
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

/// serde_yaml's messages name places (` at line L column C`, ` at position N`) counted
/// from the YAML's first line, not the file's: the diagnostic carries the place itself.
fn strip_locations(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 4..];
        let skipped = skip_place(after);
        if skipped.len() == after.len() {
            out.push_str(" at ");
        }
        rest = skipped;
    }
    out.push_str(rest);
    out
}

/// `after` without a leading `line L column C` or `position N`, if it has one.
fn skip_place(after: &str) -> &str {
    fn digits(s: &str) -> &str {
        s.trim_start_matches(|c: char| c.is_ascii_digit())
    }
    let number = |s: &str| digits(s).len() < s.len();
    if let Some(r) = after.strip_prefix("line ").filter(|r| number(r))
        && let Some(r) = digits(r).strip_prefix(" column ").filter(|r| number(r))
    {
        return digits(r);
    }
    match after.strip_prefix("position ").filter(|r| number(r)) {
        Some(r) => digits(r),
        None => after,
    }
}

/// Where a quoted string or a flow bracket that is never closed was opened (YAML line and
/// column, 1-based): the place to show for "found unexpected end of stream".
#[derive(Debug, Default, PartialEq, Eq)]
struct Opened {
    quote: Option<(usize, usize)>,
    bracket: Option<(char, (usize, usize))>,
    /// The quoted texts that run over a line's end, each with where it opens and the line
    /// of the quote that closes it: YAML allows it, so a quote left open is read up to the
    /// next quote, lines below, where the parser then fails.
    over_lines: Vec<((usize, usize), usize)>,
}

/// Whether a value may start after `previous` (the last character that is not a space):
/// at the start of a line, or after `:`, `-`, `?`, `[`, `{` or `,`.
fn starts_value(previous: Option<char>) -> bool {
    previous.is_none_or(|p| matches!(p, ':' | '-' | '[' | '{' | ',' | '?'))
}

impl Opened {
    /// What to report for a parser's `message`, and where, when the cause is something
    /// never closed: the parser stops at the end of the text, but the mistake is where the
    /// unclosed thing began. A bracket never closed may even parse (to the end of the text)
    /// and fail later as a type error: the bracket is the mistake all the same.
    fn mistake(&self, message: &str, line: Option<usize>) -> Option<(&'static str, (usize, usize))> {
        match (self.quote, self.bracket) {
            (Some(at), _) if message.contains("while scanning a quoted scalar") => {
                Some(("this quoted text is never closed", at))
            }
            (_, Some(('[', at))) => Some(("this list, opened with `[`, is never closed", at)),
            (_, Some((_, at))) => Some(("this mapping, opened with `{`, is never closed", at)),
            // Only where the parser stopped in it or on its closing line: a quote folded over
            // lines on purpose is valid, and another line's mistake is that line's.
            _ if SYNTAX.iter().any(|s| message.contains(s)) => {
                let line = line?;
                let (at, _) =
                    self.over_lines.iter().find(|((open, _), close)| (*open..=*close).contains(&line))?;
                Some(("this quoted text is not closed on its line, so it runs on to the next quote", *at))
            }
            _ => None,
        }
    }

    fn scan(text: &str) -> Self {
        let mut quote: Option<(char, (usize, usize))> = None;
        let mut brackets: Vec<(char, (usize, usize))> = Vec::new();
        let mut over_lines = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let mut previous = None; // the last character that is not a space
            let mut before = None; // the character just before
            let mut chars = line.chars().enumerate().peekable();
            while let Some((col, c)) = chars.next() {
                let place = (i + 1, col + 1);
                match (quote, c) {
                    (Some(('"', _)), '\\') => {
                        chars.next();
                    }
                    (Some(('\'', _)), '\'') if chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                        chars.next();
                    }
                    (Some((q, at)), c) if c == q => {
                        if at.0 < place.0 {
                            over_lines.push((at, place.0));
                        }
                        quote = None;
                    }
                    (Some(_), _) => {}
                    (None, '#') if before.is_none_or(|b| b == ' ') => break,
                    (None, '"' | '\'') if starts_value(previous) => quote = Some((c, place)),
                    (None, '[' | '{') if starts_value(previous) => brackets.push((c, place)),
                    (None, ']' | '}') => {
                        brackets.pop();
                    }
                    _ => {}
                }
                if c != ' ' {
                    previous = Some(c);
                }
                before = Some(c);
            }
        }
        Self { quote: quote.map(|(_, at)| at), bracket: brackets.first().copied(), over_lines }
    }
}

/// The keys of the flow mapping that `value` (a key's value, after its `:`) is, as byte
/// ranges of `value`, quotes included: `{ai: Korea's lead, 'chips': x}` → `ai`, `'chips'`.
/// Only the outer mapping's keys, never a word of a value, a comment or a nested collection.
/// A quote opens a scalar only where one may start (after `{`, `[`, `,`, a separating `:`,
/// `? `, a tag or an anchor), and `#` after a space starts a comment. `None` where the value
/// is not a flow mapping (spaces, line ends, comments, a tag or an anchor before its `{`
/// aside).
pub fn flow_keys(value: &str) -> Option<Vec<std::ops::Range<usize>>> {
    let blank = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    let (mut keys, mut depth) = (Vec::new(), 0usize);
    // Whether a scalar may start here; whether a quote just closed (`"a":b` separates).
    let (mut starts, mut closed) = (true, false);
    // Where a key of the outer mapping may start next, and where the one being read did.
    let (mut key_next, mut key_start) = (false, None::<usize>);
    let mut before = None::<char>;
    let mut chars = value.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '#' && before.is_none_or(blank) {
            while chars.next_if(|(_, n)| *n != '\n').is_some() {}
            continue;
        }
        before = Some(c);
        if blank(c) {
            continue;
        }
        let next_blank = chars.peek().is_none_or(|(_, n)| blank(*n));
        if starts && matches!(c, '!' | '&') {
            // A tag or an anchor: the scalar or collection it marks comes after it.
            while chars.next_if(|(_, n)| !blank(*n)).is_some() {}
            continue;
        }
        let separates =
            closed || next_blank || chars.peek().is_some_and(|(_, n)| matches!(n, ',' | '}' | ']'));
        closed = false;
        match c {
            '?' if depth == 1 && key_next && next_blank => {} // a complex key's marker
            '{' | '[' if depth > 0 || (c == '{' && starts) => {
                depth += 1;
                (key_next, starts) = (depth == 1, true);
            }
            '}' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    return Some(keys);
                }
                starts = false;
            }
            ',' if depth > 0 => (key_next, key_start, starts) = (depth == 1, None, true),
            ':' if depth > 0 && separates => {
                if let Some(start) = key_start.take().filter(|_| depth == 1) {
                    keys.push(start..start + value[start..i].trim_end().len());
                }
                starts = true;
            }
            _ if depth == 0 => return None,
            _ => {
                if depth == 1 && key_next {
                    (key_next, key_start) = (false, Some(i));
                }
                if matches!(c, '"' | '\'') && starts {
                    skip_quoted(&mut chars, c);
                    closed = true;
                }
                starts = false;
            }
        }
    }
    None
}

/// Reads past a quoted scalar opened with `quote`, to its closing quote (or the end): its
/// escapes (`\"` in double quotes, `''` in single ones) do not close it.
fn skip_quoted(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, quote: char) {
    while let Some((_, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => drop(chars.next()),
            '\'' if quote == '\'' && chars.next_if(|(_, n)| *n == '\'').is_some() => {}
            c if c == quote => return,
            _ => {}
        }
    }
}

/// Rewords serde's messages for editors.
fn explain(message: &str) -> String {
    if message.contains("found a tab character") {
        return "a tab is used to indent this line; YAML indents with spaces only".into();
    }
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
    if let Some((key, found, wanted)) = wrong_type(message) {
        let field = key.map_or_else(|| "this value".to_string(), |k| format!("`{k}`"));
        return format!("{field} must be {}, and this is {}", kind_wanted(wanted), kind_found(found));
    }
    message.to_string()
}

/// The field, what was found and what was wanted in serde's "invalid type" message:
/// `number: invalid type: string "two", expected u32`.
fn wrong_type(message: &str) -> Option<(Option<&str>, &str, &str)> {
    let at = message.find("invalid type: ")?;
    let key = message[..at].strip_suffix(": ").filter(|k| !k.is_empty() && !k.contains(' '));
    let (found, wanted) = message[at + "invalid type: ".len()..].rsplit_once(", expected ")?;
    Some((key.map(|k| k.rsplit('.').next().unwrap_or(k)), found, wanted))
}

/// What serde wanted, as an editor writes it.
fn kind_wanted(wanted: &str) -> String {
    let whole = ["u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize"];
    match wanted {
        w if whole.contains(&w) => "a whole number, such as `3`".into(),
        "f32" | "f64" => "a number, such as `2.5`".into(),
        "a boolean" => "`true` or `false`".into(),
        "a sequence" => "a list, such as `[a, b]`".into(),
        "a string" => "text".into(),
        w if w.starts_with("struct ") || w == "a map" => {
            "a group of fields, one `name: value` a line, indented below it".into()
        }
        w => w.to_string(),
    }
}

/// What serde found, as an editor wrote it.
fn kind_found(found: &str) -> String {
    let value = || found.split_once(' ').map_or("", |(_, v)| v.trim_matches('`'));
    match found.split(' ').next().unwrap_or(found) {
        "string" => format!("the text {}", value()),
        "integer" | "floating" => {
            format!("the number {}", found.rsplit(' ').next().unwrap_or("").trim_matches('`'))
        }
        "boolean" => format!("`{}`", value()),
        "sequence" => "a list".into(),
        "map" => "a group of fields".into(),
        "unit" => "empty".into(),
        _ => found.to_string(),
    }
}

/// What the YAML parser says of text that is not YAML (as against a value of the wrong kind).
const SYNTAX: [&str; 5] = [
    "mapping values are not allowed",
    "did not find expected",
    "could not find expected",
    "found character that cannot start",
    "found unexpected end of stream",
];

/// A hint: the closest known name for a typo, the way to write a value of the wrong kind,
/// or an example of a missing field.
fn hint_for(message: &str, example: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if SYNTAX.iter().any(|s| message.contains(s)) {
        return Some("this is not valid YAML: check the indentation, and put a value that contains `: ` or starts with a special character in quotes".into());
    }
    if let Some((key, found, wanted)) = wrong_type(message) {
        let key = key.unwrap_or("name");
        return Some(match (found.split(' ').next().unwrap_or(found), wanted) {
            ("sequence", "a string") => {
                format!(
                    "a value that starts with `[` is read as a list: put it in quotes, `{key}: \"[…] …\"`"
                )
            }
            ("map", "a string") => {
                format!("a value with `: ` in it is read as fields: put it in quotes, `{key}: \"…: …\"`")
            }
            ("string", "a sequence") => {
                format!("write the list in brackets, `{key}: [a, b]`, or one `- item` a line below `{key}:`")
            }
            ("string", "a boolean") => format!("write `{key}: true` or `{key}: false`"),
            _ => format!("write `{key}: ` and {}", kind_wanted(wanted)),
        });
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

/// `front` (a front matter's YAML) with the top-level `key`'s block replaced by `block` (its
/// key line and value, ending with a newline), or `block` added at the end; every other
/// line kept as written.
pub fn set_block(front: &str, key: &str, block: &str) -> String {
    match key_block(front, key) {
        Some(range) => format!("{}{block}{}", &front[..range.start], &front[range.end..]),
        None if front.is_empty() || front.ends_with('\n') => format!("{front}{block}"),
        None => format!("{front}\n{block}"),
    }
}

/// The byte range of the top-level `key` in the YAML `text`: its line and every line below
/// that belongs to its value (indented, or a `- ` item), with the blank lines and comments
/// between them, up to the next top-level key. Blank lines and column-0 comments after its
/// last line are not its own: they stand before what follows (an editor's note on the next
/// key), and are kept where the block is replaced. `None` when `text` does not write `key`.
pub fn key_block(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    let mut block: Option<std::ops::Range<usize>> = None;
    for line in text.split_inclusive('\n') {
        let next = offset + line.len();
        match &mut block {
            None if line.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')) => {
                block = Some(offset..next);
            }
            Some(_) if line.trim().is_empty() || line.starts_with('#') => {}
            Some(range) if line.starts_with([' ', '\t', '-']) => range.end = next,
            Some(range) => return Some(range.clone()),
            None => {}
        }
        offset = next;
    }
    block
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    // The distance costs the product of the lengths: a name is compared, not a text (a
    // 30,000-character anchor against a heading as long took seconds).
    if word.len() > LONGEST_COMPARED {
        return None;
    }
    // A name differs from another by its difference in length at least: those too far apart
    // to be a typo are not compared. And the comparisons of one call are bounded, so that a
    // page of thousands of broken links to pages of thousands of long ids stays linear.
    let chars = word.chars().count();
    let most = |c: &str| (c.chars().count().max(chars) / 3).max(1);
    let mut budget = COMPARED_PAIRS;
    candidates
        .filter(|c| c.len() <= LONGEST_COMPARED && c.chars().count().abs_diff(chars) <= most(c))
        .take_while(|c| {
            let cost = (c.len() * word.len()).max(1);
            budget = budget.saturating_sub(cost);
            budget > 0
        })
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= most(c))
        .min()
        .map(|(_, c)| c)
}

/// How many pairs of characters one [`closest`] compares at most (a millisecond or so).
const COMPARED_PAIRS: usize = 1_000_000;

/// The longest name (in bytes) [`closest`] compares: a field, a value, an id or an anchor.
const LONGEST_COMPARED: usize = 128;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_written_again_is_found_where_it_is_repeated() {
        let s =
            YamlSource { path: Path::new("x.md"), text: "a: 1\ndomains: [ai, chips, ai]\n", first_line: 2 };
        assert_eq!(s.locate_nth("domains", "ai", 0), (3, 11));
        assert_eq!(s.locate_nth("domains", "ai", 1), (3, 22));
        assert_eq!(s.locate_nth("domains", "ai", 2), (3, 11), "the first, where it is not written again");
        let s = YamlSource { path: Path::new("x.md"), text: "domains:\n  - ai\n  - ai\n", first_line: 2 };
        assert_eq!(s.locate_nth("domains", "ai", 1), (4, 5));
    }

    #[test]
    fn a_name_longer_than_any_name_is_not_compared() {
        let long = "a".repeat(30_000);
        let other = format!("{}b", "a".repeat(29_999));
        let started = std::time::Instant::now();
        assert_eq!(closest(&long, [other.as_str()].into_iter()), None);
        assert_eq!(closest("titel", [other.as_str(), "title"].into_iter()), Some("title"));
        // (Compared, the two would take seconds.)
        assert!(started.elapsed().as_millis() < 1000, "compared without its lengths' product");
    }

    #[test]
    fn aliases_that_would_repeat_a_long_value_past_the_limit_are_refused_at_the_first() {
        #[derive(Debug, serde::Deserialize)]
        struct Front {
            #[serde(rename = "a")]
            _a: serde_yaml::Value,
            #[serde(rename = "b")]
            _b: serde_yaml::Value,
        }
        let source = |text: &'static str| YamlSource { path: Path::new("x.md"), text, first_line: 2 };
        let long = "x".repeat(100 * 1024);
        let bomb: &'static str = format!("a: &s \"{long}\"\nb: [1, *s, {}]\n", ["*s"; 20].join(", ")).leak();
        let e = source(bomb).parse::<Front>(|_| None).unwrap_err();
        assert!(e.message.contains("aliases (`*name`) repeated"), "{}", e.message);
        assert_eq!(
            e.location,
            Some(crate::diagnostics::Location { line: 3, column: 8 }),
            "at the first alias"
        );
        // A number past 64 bits, and a `*` inside a text, before it: still counted, still there.
        let bomb: &'static str = format!(
            "title: 100000000000000000000\nnote: A *key* point\na: &s \"{long}\"\nb: [1, *s, {}]\n",
            ["*s"; 20].join(", ")
        )
        .leak();
        let e = source(bomb).parse::<serde_yaml::Value>(|_| None).unwrap_err();
        assert!(e.message.contains("aliases (`*name`) repeated"), "{}", e.message);
        assert_eq!(e.location, Some(crate::diagnostics::Location { line: 5, column: 8 }));
        // Nested: each level ten of the one before.
        let mut laughs =
            String::from("a: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for level in 1..9 {
            let row = vec![format!("*l{}", level - 1); 10].join(", ");
            laughs.push_str(&format!("l{level}: &l{level} [{row}]\n"));
        }
        laughs.push_str("b: *l8\n");
        let started = std::time::Instant::now();
        assert!(source(laughs.leak()).parse::<serde_yaml::Value>(|_| None).is_err());
        assert!(started.elapsed().as_secs() < 5, "refused before it is made");
        // A few short aliases are YAML like any other.
        let fine: Front = source("a: &x [1, 2]\nb: *x\n").parse(|_| None).unwrap();
        assert_eq!(fine._b, serde_yaml::Value::Sequence(vec![1.into(), 2.into()]));
    }
    use serde::Deserialize;

    #[test]
    fn a_key_s_block_runs_to_the_next_top_level_key() {
        let text = "title: A\nchairs:\n- name: B\n  role: C\n  # a comment\n\nnumber: 3\nsummary: |\n  x\n";
        let at = |key| key_block(text, key).map(|r| &text[r]);
        assert_eq!(at("chairs"), Some("chairs:\n- name: B\n  role: C\n  # a comment\n"));
        assert_eq!(at("number"), Some("number: 3\n"));
        assert_eq!(at("summary"), Some("summary: |\n  x\n"), "the last one runs to the end");
        assert_eq!(at("name"), None, "only top-level keys");
        assert_eq!(at("date"), None);
    }

    #[test]
    fn a_note_at_column_0_after_a_block_is_the_next_key_s_and_survives_the_block_s_replacement() {
        let text =
            "a:\n  - x\n\n# between items, kept inside\n  - y\n\n# about b: keep me\nb: 1\n# last words\n";
        assert_eq!(
            &text[key_block(text, "a").unwrap()],
            "a:\n  - x\n\n# between items, kept inside\n  - y\n"
        );
        let replaced = set_block(text, "a", "a: [z]\n");
        assert_eq!(replaced, "a: [z]\n\n# about b: keep me\nb: 1\n# last words\n");
        assert_eq!(set_block(text, "b", "b: 2\n"), text.replace("b: 1", "b: 2"), "the file's last note too");
    }

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
    fn a_wrong_value_written_with_escapes_is_found_in_a_list_as_after_a_key() {
        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "lowercase")]
        #[allow(dead_code)]
        enum Status {
            Held,
        }
        #[derive(Debug, Deserialize)]
        #[serde(try_from = "String")]
        struct Short;
        impl TryFrom<String> for Short {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                if s.len() < 4 { Ok(Short) } else { Err(format!("`{s}` is too long")) }
            }
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Statuses {
            one: Option<Status>,
            many: Option<Vec<Status>>,
            short: Option<Vec<Short>>,
        }
        let at = |text: &str| {
            let e = src(text).parse::<Statuses>(|_| None).unwrap_err();
            (e.location.map(|l| (l.line, l.column)), e.message)
        };
        let (place, message) = at("one: held\nmany:\n  - held\n  - \"h\\u00e9ld\"\n");
        assert!(message.contains("héld"), "{message}");
        assert_eq!(place, Some((5, 5)));
        assert_eq!(at("one: \"h\\u00e9ld\"\n").0, Some((2, 6)));
        let (place, message) = at("short:\n  - ab\n  - \"\\u00e9tudes\"\n");
        assert!(message.contains("études"), "{message}");
        assert_eq!(place, Some((4, 5)));
    }

    #[test]
    fn error_lines_are_offset_by_where_the_yaml_starts_in_the_file() {
        let e = src("title: a\ndate: b\ntitel: c\n").parse::<Front>(|_| None).unwrap_err();
        assert_eq!(e.location.map(|l| (l.line, l.column)), Some((4, 1)));
        assert_eq!(e.message, "unknown field `titel`");
        assert_eq!(e.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn a_control_character_written_as_an_escape_is_an_error_at_its_line_but_not_outside_quotes() {
        let path = Path::new("content/councils/first.en.md");
        let at = |text: &str| {
            let src = YamlSource { path, text, first_line: 2 };
            src.parse::<serde_yaml::Value>(|_| None)
                .err()
                .map(|d| (d.location.map(|l| (l.line, l.column)), d.message))
        };
        let (place, message) = at("title: ok\nsummary: \"a\\x0bb\"\n").unwrap();
        assert_eq!(place, Some((3, 12)));
        assert!(message.contains("U+000B"), "{message}");
        assert!(at("title: \"\\u0007\"").is_some());
        assert!(at("title: \"a\\vb\"").is_some());
        assert_eq!(
            at("title: 'C:\\x0b'\npath: C:\\v\nq: \"\\\\v\\t\\n\""),
            None,
            "backslashes outside double quotes are text"
        );
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

    #[test]
    fn places_counted_from_the_yaml_are_taken_out_of_messages() {
        let m = "found unexpected end of stream at line 3 column 1, while scanning a quoted scalar at line 1 column 8";
        assert_eq!(strip_locations(m), "found unexpected end of stream, while scanning a quoted scalar");
        assert_eq!(strip_locations("bad at position 12"), "bad");
        assert_eq!(strip_locations("look at this"), "look at this");
    }

    #[test]
    fn what_is_never_closed_is_found_where_it_opens() {
        let o = Opened::scan("title: \"a \\\" b\"\nsummary: 'it''s\nnext: x\n");
        assert_eq!(o.quote, Some((2, 10)), "an escaped quote and a doubled one do not close");
        let o = Opened::scan("title: it's [not] a {list}\ndomains: [ai,\n  x\n");
        assert_eq!((o.quote, o.bracket), (None, Some(('[', (2, 10)))), "brackets in plain text do not count");
        let o = Opened::scan("a: [1, {b: 2}] # [ comment\n");
        assert_eq!(o, Opened::default());
    }

    #[test]
    fn nesting_depth_is_counted_across_blocks_dashes_and_brackets() {
        assert_eq!(too_deep("a:\n  b:\n    - [1, {c: 2}]\n"), None);
        let flow = format!("a: {}", "[".repeat(MAX_DEPTH + 5));
        assert_eq!(
            too_deep(&flow),
            Some((1, 3 + MAX_DEPTH)),
            "the bracket that goes past the limit (the key is a level)"
        );
        let dashes = format!("a:\n  {}x\n", "- ".repeat(MAX_DEPTH));
        assert!(too_deep(&dashes).is_some_and(|(line, _)| line == 2));
        let blocks: String = (0..=MAX_DEPTH).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
        assert_eq!(too_deep(&blocks).map(|(line, _)| line), Some(MAX_DEPTH + 1));
        let siblings: String = (0..10_000).map(|i| format!("k{i}: [1]\n")).collect();
        assert_eq!(too_deep(&siblings), None, "many keys side by side are not depth");
    }
}

#[cfg(test)]
mod wording {
    use super::*;

    /// The message and hint portal gives for `front` read as `T`.
    fn said<T: DeserializeOwned + std::fmt::Debug>(front: &str) -> (String, String) {
        let src = YamlSource { path: Path::new("x.md"), text: front, first_line: 2 };
        let d = src.parse::<T>(|_| None).unwrap_err();
        (d.message, d.hint.unwrap_or_default())
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Front {
        title: Option<String>,
        number: Option<u32>,
        draft: Option<bool>,
        domains: Option<Vec<String>>,
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_said_in_an_editor_s_words_with_the_way_to_write_it() {
        for (front, message, hint) in [
            (
                "number: two\n",
                "`number` must be a whole number, such as `3`, and this is the text \"two\"",
                "write `number: ` and a whole number",
            ),
            (
                "number: 2.5\n",
                "`number` must be a whole number, such as `3`, and this is the number 2.5",
                "write `number: ` and a whole number",
            ),
            (
                "draft: yes\n",
                "`draft` must be `true` or `false`, and this is the text \"yes\"",
                "write `draft: true` or `draft: false`",
            ),
            (
                "domains: chips, ai\n",
                "`domains` must be a list, such as `[a, b]`, and this is the text \"chips, ai\"",
                "write the list in brackets",
            ),
            (
                "title: [Draft] Second council\n",
                "`title` must be text, and this is a list",
                "put it in quotes, `title: \"[…] …\"`",
            ),
        ] {
            let (m, h) = said::<Front>(front);
            assert_eq!(m, message, "{front}");
            assert!(h.contains(hint), "{front}: {h}");
            assert!(!m.contains("invalid type") && !m.contains("u32"), "{m}");
        }
    }

    #[test]
    fn a_quote_left_open_is_shown_where_it_opens_not_where_the_parser_stopped() {
        let front = "title: a\nlocation: \"Brussels\nnumber: 2\nsources:\n  - title: \"x\"\n";
        let src = YamlSource { path: Path::new("x.md"), text: front, first_line: 2 };
        let d = src.parse::<serde_yaml::Value>(|_| None).unwrap_err();
        assert!(d.message.contains("not closed on its line"), "{}", d.message);
        assert_eq!(d.location.map(|l| (l.line, l.column)), Some((3, 11)));
        // A quote folded over lines on purpose is valid: another line's mistake is its own.
        let front = "title: a\nsummary: \"one,\n  two.\"\nnumber: 2\nlocation: EU: Korea\n";
        let src = YamlSource { path: Path::new("x.md"), text: front, first_line: 2 };
        let d = src.parse::<serde_yaml::Value>(|_| None).unwrap_err();
        assert!(!d.message.contains("not closed on its line"), "{}", d.message);
        assert_eq!(d.location.map(|l| l.line), Some(6), "{}", d.message);
    }
}
