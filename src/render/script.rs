//! The theme's scripts as they are published: without their comments, indentation and blank
//! lines, which a reader's browser would fetch for nothing (a third of `search.js`, on every
//! first search). Only what is plainly a comment or whitespace between lines goes; a script
//! this reading cannot follow to its end is published exactly as written.

/// Words after which a `/` starts a regular expression, not a division.
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
];

/// Where the reading is: in code (with how many `{` are open since the template's `${`), or
/// in a template literal's text.
#[derive(Clone, Copy)]
enum Mode {
    Code(usize),
    Template,
}

/// `source` without its comments (but `/*! … */`, kept as licences are), each line's
/// indentation and trailing blanks, and blank lines; `None` where its strings, templates,
/// regular expressions or comments do not end as JavaScript's must (then it is published as
/// written).
pub fn compact(source: &str) -> Option<String> {
    let mut reader = Reader { bytes: source.as_bytes(), at: 0, out: Vec::with_capacity(source.len()) };
    reader.run()?;
    String::from_utf8(reader.out).ok()
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    out: Vec<u8>,
}

impl Reader<'_> {
    fn run(&mut self) -> Option<()> {
        let mut modes = vec![Mode::Code(0)];
        let mut regex_may_start = true;
        let mut line_start = true;
        while let Some(&c) = self.bytes.get(self.at) {
            let mode = *modes.last()?;
            if let Mode::Template = mode {
                self.template(&mut modes)?;
                regex_may_start = false;
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
                (b'{', _) => {
                    self.copy(1);
                    modes.pop();
                    modes.push(open(mode, 1));
                    regex_may_start = true;
                }
                (b'}', _) => {
                    self.copy(1);
                    match mode {
                        Mode::Code(0) if modes.len() > 1 => drop(modes.pop()),
                        _ => {
                            modes.pop();
                            modes.push(open(mode, -1));
                        }
                    }
                    regex_may_start = !matches!(modes.last(), Some(Mode::Template));
                }
                _ if is_word(c) => regex_may_start = BEFORE_REGEX.contains(&self.word()),
                (b' ' | b'\t' | b'\r', _) => self.copy(1),
                (b')' | b']', _) => {
                    self.copy(1);
                    regex_may_start = false;
                }
                _ => {
                    self.copy(1);
                    regex_may_start = true;
                }
            }
        }
        // A template or `${` left open: not a script this reading understood.
        (modes.len() == 1).then_some(())
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
    /// breaks and indentation are part of the string).
    fn template(&mut self, modes: &mut Vec<Mode>) -> Option<()> {
        loop {
            match *self.bytes.get(self.at)? {
                b'\\' => self.copy(2),
                b'`' => {
                    self.copy(1);
                    modes.pop();
                    return Some(());
                }
                b'$' if self.bytes.get(self.at + 1) == Some(&b'{') => {
                    self.copy(2);
                    modes.push(Mode::Code(0));
                    return Some(());
                }
                _ => self.copy(1),
            }
        }
    }

    /// A name, keyword or number, copied; the word.
    fn word(&mut self) -> &str {
        let start = self.at;
        self.skip_while(is_word);
        self.out.extend_from_slice(&self.bytes[start..self.at]);
        std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or_default()
    }
}

/// A byte of a name, keyword or number (any byte of a character beyond ASCII counts).
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// Code mode with one more (`1`) or one fewer (`-1`) brace open.
fn open(mode: Mode, by: isize) -> Mode {
    match mode {
        Mode::Code(depth) => Mode::Code(depth.saturating_add_signed(by)),
        Mode::Template => Mode::Template,
    }
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
    fn a_script_that_does_not_end_as_javascript_must_is_left_as_written() {
        for broken in
            ["const a = 'open\n';", "const t = `open", "/* open", "const r = /open\n/;", "x = `${ 1 "]
        {
            assert_eq!(compact(broken), None, "{broken:?}");
        }
    }

    #[test]
    fn the_theme_s_scripts_lose_a_quarter_and_keep_every_line_of_code() {
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
