//! What the commands say on the terminal, written without a panic when no one reads it: a
//! closed pipe (`portal check | head -1`) or a full disk (`> /dev/full`) must not turn a
//! finished build into a crash report. Rust's `println!` panics on either; the crate denies
//! it (`clippy::print_stdout`, `clippy::print_stderr`) so that every word goes through here.

use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether standard output has failed once (said once on standard error).
static OUT_FAILED: AtomicBool = AtomicBool::new(false);

/// A line of a command's report on standard output (`Built 68 pages…`). Lost without a word
/// when the reader has gone (a closed pipe); on any other failure, standard error says so
/// once: the work the line reports is done either way.
pub fn say(args: fmt::Arguments<'_>) {
    let text = args.to_string();
    let line = visible(&text);
    let mut out = io::stdout().lock();
    if let Err(e) =
        out.write_all(line.as_bytes()).and_then(|()| out.write_all(b"\n")).and_then(|()| out.flush())
    {
        out_failed(&e);
    }
}

/// A line on standard error (a diagnostic, a warning, a note). If standard error cannot be
/// written, there is nowhere left to say so.
pub fn tell(args: fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "{}", visible(&args.to_string()));
}

/// Text as it is on standard error (rendered diagnostics, which end their own lines).
pub fn tell_text(text: &str) {
    let _ = io::stderr().lock().write_all(visible(text).as_bytes());
}

/// `text` with every control character but tab and line break written out (`\u{1b}`): a
/// file's name or line quoted in a message comes from an editor, and an escape sequence in
/// it would retitle or clear the terminal of whoever runs portal.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = crate::text::is_forbidden;
    if !text.contains(hidden) {
        return text.into();
    }
    text.chars()
        .map(|c| if hidden(c) { c.escape_unicode().to_string() } else { c.to_string() })
        .collect::<String>()
        .into()
}

/// A command's product on standard output (a JSON report, a table), all of it or an error:
/// a reader who closed the pipe wanted no more (`Ok`), but a product that did not reach a
/// file (a full disk) is a failed command.
pub fn data(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => result,
    }
}

fn out_failed(e: &io::Error) {
    if e.kind() != io::ErrorKind::BrokenPipe && !OUT_FAILED.swap(true, Ordering::Relaxed) {
        tell(format_args!("warning: cannot write to standard output: {e}"));
    }
}

/// A line of a command's report on standard output, as `println!` without its panic (see
/// [`console::say`](crate::console::say)).
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => { $crate::console::say(format_args!($($arg)*)) };
}

/// A line on standard error, as `eprintln!` without its panic (see
/// [`console::tell`](crate::console::tell)).
#[macro_export]
macro_rules! tell {
    ($($arg:tt)*) => { $crate::console::tell(format_args!($($arg)*)) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_from_a_file_name_or_text_are_shown_not_run() {
        assert_eq!(
            visible("x\u{1b}]0;PWNED\u{7}\u{1b}[2Jy.en.md:1"),
            "x\\u{1b}]0;PWNED\\u{7}\\u{1b}[2Jy.en.md:1"
        );
        assert_eq!(visible("a\u{202e}b\u{9b}c"), "a\\u{202e}b\\u{9b}c");
        assert_eq!(visible("error: ș „x”\n\tat line 2\n"), "error: ș „x”\n\tat line 2\n");
    }
}
