//! The theme's scripts as they are published: without their comments, indentation and blank
//! lines, which a reader's browser would fetch for nothing (a third of `search.js`, on every
//! first search). Only what is plainly a comment or whitespace between lines goes; a script
//! this reading cannot follow to its end is published exactly as written.

/// Words after which a `/` starts a regular expression, not a division (unless the word
/// is a property's name: `o.new / 2`).
const BEFORE_REGEX: &[&str] = &[
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
    "default",
];

/// Words that are keywords in some places and names in others (`const of = 4; of / 2`): after
/// one, only a parser knows what a `/` is.
const CONTEXTUAL: &[&str] = &["of", "yield", "await", "let", "async", "get", "set", "static"];

/// Words whose parenthesised head may be followed by a regular expression: `if (x) /a/.test(y)`.
const HEADS: &[&str] = &["if", "while", "for", "with"];

/// Where the reading is: in code (with how many `{` are open since it began: the file's
/// start, or a template's `${`), or in a template literal's text.
#[derive(Clone, Copy)]
enum Mode {
    Code(usize),
    Template,
}

/// `source` without its comments (but `/*! … */`, kept as licences are), each line's
/// indentation and trailing blanks, and blank lines; `None` (then it is published as
/// written) where its strings, templates, regular expressions or comments do not end as
/// JavaScript's must, or where it has what needs rules of its own: line ends other than
/// `\n`, spaces beyond the plain ones, HTML-like comments, or a `/` after a `}` or after a
/// word that is a keyword only in places (`of`, `yield`…).
pub fn compact(source: &str) -> Option<String> {
    // Line ends other than `\n` (a lone `\r`, U+2028, U+2029), other spaces beyond ASCII and
    // HTML-like comments would each need rules of their own: such a script is left whole.
    let unusual = source.contains("<!--")
        || source.contains("-->")
        || source
            .bytes()
            .enumerate()
            .any(|(i, b)| b == b'\r' && source.as_bytes().get(i + 1) != Some(&b'\n'))
        || source.chars().any(|c| c.is_whitespace() && !matches!(c, ' ' | '\t' | '\r' | '\n'));
    if unusual {
        return None;
    }
    let mut reader =
        Reader { bytes: source.as_bytes(), at: 0, out: Vec::with_capacity(source.len()), parens: Vec::new() };
    reader.run()?;
    String::from_utf8(reader.out).ok()
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    out: Vec<u8>,
    /// For each `(` open, whether it is a head of [`HEADS`].
    parens: Vec<bool>,
}

impl Reader<'_> {
    fn run(&mut self) -> Option<()> {
        let mut modes = vec![Mode::Code(0)];
        let mut regex_may_start = true;
        let mut line_start = true;
        while let Some(&c) = self.bytes.get(self.at) {
            let mode = *modes.last()?;
            if let Mode::Template = mode {
                // After `${`, an expression starts (a regular expression may); after the
                // closing backtick, a value has ended.
                regex_may_start = self.template(&mut modes)?;
                continue;
            }
            if line_start && matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
                self.at += 1;
                continue;
            }
            line_start = false;
            match (c, self.bytes.get(self.at + 1)) {
                (b'\n', _) => {
                    self.break_line();
                    self.at += 1;
                    line_start = true;
                }
                (b'/', Some(b'/')) => self.skip_while(|b| b != b'\n'),
                (b'/', Some(b'*')) => line_start = self.block_comment()?,
                // After `}`, a `/` divides an object or starts a regular expression after a
                // block: which one, only a parser knows.
                (b'/', _) if self.last_code() == Some(b'}') || self.after_contextual_word() => return None,
                (b'/', _) if regex_may_start => {
                    self.regex()?;
                    regex_may_start = false;
                }
                (b'\'' | b'"', _) => {
                    self.string(c)?;
                    regex_may_start = false;
                }
                (b'`', _) => {
                    self.copy(1);
                    modes.push(Mode::Template);
                }
                (b'{' | b'}', _) => regex_may_start = self.brace(c, &mut modes),
                _ if is_word(c) => regex_may_start = self.word(),
                (b' ' | b'\t' | b'\r', _) => self.copy(1),
                _ => regex_may_start = self.punctuator(c),
            }
        }
        // A template or `${` left open: not a script this reading understood.
        (modes.len() == 1).then_some(())
    }

    /// A `{` or `}`, copied, with the braces open in `modes` counted (a `}` with none open
    /// since a `${` ends it). Whether a regular expression may follow.
    fn brace(&mut self, c: u8, modes: &mut Vec<Mode>) -> bool {
        self.copy(1);
        let nested = modes.len() > 1;
        match (c, modes.last_mut()) {
            (b'}', Some(Mode::Code(0))) if nested => {
                modes.pop();
                return false;
            }
            (b'{', Some(Mode::Code(depth))) => *depth += 1,
            (b'}', Some(Mode::Code(depth))) => *depth = depth.saturating_sub(1),
            _ => {}
        }
        true
    }

    /// Any other punctuator, copied. Whether a regular expression may follow: not after
    /// `)` (but one that closes the head of a word of [`HEADS`]), `]`, a postfix `++`/`--`
    /// or a property's `.`.
    fn punctuator(&mut self, c: u8) -> bool {
        match c {
            b'(' => {
                let head = HEADS.iter().any(|w| self.ends_with_word(w));
                self.parens.push(head);
            }
            b')' => {
                self.copy(1);
                return self.parens.pop().unwrap_or(false);
            }
            _ => {}
        }
        self.copy(1);
        match c {
            b']' => false,
            b'+' | b'-' => !self.out.ends_with(&[c, c]),
            b'.' => self.out.ends_with(b"..."),
            _ => true,
        }
    }

    /// Whether the code written so far ends with the word `word` (not a property's name).
    fn ends_with_word(&self, word: &str) -> bool {
        let code = self.out.trim_ascii_end();
        code.ends_with(word.as_bytes()) && {
            let before = code[..code.len() - word.len()].last().copied();
            !before.is_some_and(|b| is_word(b) || b == b'.')
        }
    }

    /// Whether the code written so far ends with a word of [`CONTEXTUAL`].
    fn after_contextual_word(&self) -> bool {
        CONTEXTUAL.iter().any(|w| self.ends_with_word(w))
    }

    /// The last byte of code written that is not a blank or line break.
    fn last_code(&self) -> Option<u8> {
        self.out.trim_ascii_end().last().copied()
    }

    /// Copies `n` bytes as they are.
    fn copy(&mut self, n: usize) {
        let end = (self.at + n).min(self.bytes.len());
        self.out.extend_from_slice(&self.bytes[self.at..end]);
        self.at = end;
    }

    fn skip_while(&mut self, keep_going: impl Fn(u8) -> bool) {
        while self.bytes.get(self.at).is_some_and(|&b| keep_going(b)) {
            self.at += 1;
        }
    }

    /// Ends a line of code: its trailing blanks go, and the line break stays (JavaScript
    /// inserts semicolons at some line breaks).
    fn break_line(&mut self) {
        while self.out.last().is_some_and(|&b| b == b' ' || b == b'\t' || b == b'\r') {
            self.out.pop();
        }
        if !self.out.is_empty() && self.out.last() != Some(&b'\n') {
            self.out.push(b'\n');
        }
    }

    /// A `/* … */` comment: kept if it is `/*! … */`, else replaced by what keeps the code
    /// around it apart (a line break if it held one, else a space). Whether a new line starts.
    fn block_comment(&mut self) -> Option<bool> {
        let length = self.bytes[self.at + 2..].windows(2).position(|w| w == b"*/")? + 4;
        let comment = &self.bytes[self.at..self.at + length];
        if comment.get(2) == Some(&b'!') {
            self.copy(length);
            return Some(false);
        }
        let line_break = comment.contains(&b'\n');
        self.at += length;
        if line_break {
            self.break_line();
        } else {
            self.out.push(b' ');
        }
        Some(line_break)
    }

    /// A string between `quote`s, copied; `None` if a line ends inside it unescaped.
    fn string(&mut self, quote: u8) -> Option<()> {
        let start = self.at;
        self.at += 1;
        loop {
            match *self.bytes.get(self.at)? {
                b'\\' => self.at += 2,
                b'\n' => return None,
                b if b == quote => break,
                _ => self.at += 1,
            }
        }
        self.at += 1;
        self.out.extend_from_slice(self.bytes.get(start..self.at)?);
        Some(())
    }

    /// A regular expression literal and its flags, copied; `None` if a line ends inside it.
    fn regex(&mut self) -> Option<()> {
        let start = self.at;
        self.at += 1;
        let mut class = false;
        loop {
            match *self.bytes.get(self.at)? {
                b'\\' => self.at += 1,
                b'\n' => return None,
                b'[' => class = true,
                b']' => class = false,
                b'/' if !class => break,
                _ => {}
            }
            self.at += 1;
        }
        self.at += 1;
        self.skip_while(|b| b.is_ascii_alphabetic());
        self.out.extend_from_slice(self.bytes.get(start..self.at)?);
        Some(())
    }

    /// A template literal's text up to its end or its next `${`, copied as it is (its line
    /// breaks and indentation are part of the string). Whether it stopped at a `${`.
    fn template(&mut self, modes: &mut Vec<Mode>) -> Option<bool> {
        loop {
            match *self.bytes.get(self.at)? {
                b'\\' => self.copy(2),
                b'`' => {
                    self.copy(1);
                    modes.pop();
                    return Some(false);
                }
                b'$' if self.bytes.get(self.at + 1) == Some(&b'{') => {
                    self.copy(2);
                    modes.push(Mode::Code(0));
                    return Some(true);
                }
                _ => self.copy(1),
            }
        }
    }

    /// A name, keyword or number, copied. Whether a regular expression may follow: after
    /// a keyword of [`BEFORE_REGEX`] that is not a property's name.
    fn word(&mut self) -> bool {
        let property = self.out.ends_with(b".") && !self.out.ends_with(b"...");
        let start = self.at;
        self.skip_while(is_word);
        self.out.extend_from_slice(&self.bytes[start..self.at]);
        let word = std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or_default();
        !property && BEFORE_REGEX.contains(&word)
    }
}

/// A byte of a name, keyword or number (any byte of a character beyond ASCII counts, and
/// the `#` of a private name).
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b == b'#' || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn comments_indentation_and_blank_lines_go_and_code_stays_as_written() {
        let source = "// A file.\n\n/** Adds.\n *  Really. */\nfunction add(a, b) {\n    return a + b; // sum\n\n\n  }\n";
        assert_eq!(compact(source).unwrap(), "function add(a, b) {\nreturn a + b;\n}\n");
    }

    #[test]
    fn what_looks_like_a_comment_inside_a_string_a_regex_or_a_template_is_kept() {
        let source = concat!(
            "const a = \"// not a comment\", b = '/* nor this */';\n",
            "const r = /\\/\\/[/*]x/g.test(a) / 2;\n",
            "const t = `line one\n    // kept, indented\n  ${ {x: `/* inner */`}.x } end`;\n",
            "if (x) return /a\\/b/.exec(t);\n",
        );
        assert_eq!(compact(source).unwrap(), source);
    }

    #[test]
    fn a_division_is_not_read_as_a_regular_expression() {
        let source = "const half = total / 2; // half\nconst q = (a) / (b) / c[1] / 4;\n";
        assert_eq!(compact(source).unwrap(), "const half = total / 2;\nconst q = (a) / (b) / c[1] / 4;\n");
    }

    #[test]
    fn a_comment_between_tokens_keeps_them_apart_and_licences_stay() {
        assert_eq!(compact("/*! MIT */\nlet a/**/= 1;").unwrap(), "/*! MIT */\nlet a = 1;");
        assert_eq!(compact("return /*\n*/ x;").unwrap(), "return\nx;");
    }

    #[test]
    fn a_regular_expression_and_a_division_are_told_apart_where_the_grammar_says() {
        for kept in [
            "if (href) /^\\//.test(href) && links.push(href);\nnext();\n",
            "while (q) /^\\//.test(q) ? q = '' : q = q.slice(1);\n",
            "x = `${/^\\//.test(p) ? 'abs' : 'rel'}`; y = `${a\n}`;\n",
            "export default /^\\//;\n",
            "r = i++ / 2 + \"/ //\";\n",
            "x = o.new / 2, y = \"a/b//c\";\n",
            "x = 1./2 + \"/ //\";\n",
            "f(...[/a\\//]);\n",
            "g(a) / 2 + '//';\n",
            "x = this.#default / 2 + \"/ //\";\n",
        ] {
            assert_eq!(compact(kept).as_deref(), Some(kept), "{kept:?}");
        }
    }

    #[test]
    fn a_script_with_what_needs_rules_of_its_own_is_left_as_written() {
        for whole in [
            "v = {valueOf() { return 6 }} / 2 + \"/ //\";\n",
            "// header\rconst x = 1;\r",
            "x = 1 // c\u{2028}y = 2;\n",
            "function f(s) { return\u{a0}/^\\//.test(s) }\n",
            "x = 1; <!-- a /*\ny = 2; // */\n",
            "const of = 4; x = of / 2 + \"/\"; y = \"http://a\";\n",
            "x = a\u{c}/ 2 + \"/ //\";\n",
        ] {
            assert_eq!(compact(whole), None, "{whole:?}");
        }
    }

    #[test]
    fn a_script_that_does_not_end_as_javascript_must_is_left_as_written() {
        for broken in
            ["const a = 'open\n';", "const t = `open", "/* open", "const r = /open\n/;", "x = `${ 1 "]
        {
            assert_eq!(compact(broken), None, "{broken:?}");
        }
    }

    #[test]
    fn the_theme_s_scripts_lose_a_quarter_and_keep_every_line_of_code() {
        for other in [
            include_str!("../../themes/partnership/static/search-start.js"),
            include_str!("../../themes/partnership/static/copy.js"),
        ] {
            assert!(compact(other).is_some_and(|c| c.len() < other.len()), "{other}");
        }
        let search = include_str!("../../themes/partnership/static/search.js");
        let compacted = compact(search).unwrap();
        assert!(compacted.len() * 4 < search.len() * 3, "{} of {} bytes", compacted.len(), search.len());
        let code = |text: &str| -> Vec<String> {
            text.lines()
                .map(str::trim)
                .filter(|l| {
                    !l.is_empty() && !l.starts_with("//") && !l.starts_with("/*") && !l.starts_with('*')
                })
                .map(|l| l.split(" // ").next().unwrap_or(l).trim_end().to_string())
                .collect()
        };
        assert_eq!(code(&compacted), code(search));
    }
}
