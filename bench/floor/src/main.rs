//! usage: floor CONTENT_DIR OUT_DIR
//!
//! The benchmark's reference: the least work any generator must do for a site in portal's
//! format. It reads every Markdown file, splits off its front matter, renders the body
//! with pulldown-cmark (the options portal uses) and writes one `index.html` per page, on
//! every core. No templates, no graph, no links resolved, no checks. `portal`'s figures in
//! `bench/run.py` are ratios to this program's time on the same corpus in the same run.

use pulldown_cmark::{html, Options, Parser};
use std::path::{Path, PathBuf};
use std::{env, fs, thread};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// `content/councils/c00001.ro.md` → `OUT/ro/councils/c00001/index.html`.
fn destination(content: &Path, out: &Path, file: &Path) -> Option<PathBuf> {
    let relative = file.strip_prefix(content).ok()?;
    let name = relative.file_name()?.to_str()?;
    let mut parts = name.rsplitn(3, '.');
    let (_md, lang, id) = (parts.next()?, parts.next()?, parts.next()?);
    Some(out.join(lang).join(relative.parent()?).join(id).join("index.html"))
}

fn render(content: &Path, out: &Path, file: &Path) -> std::io::Result<()> {
    let text = fs::read_to_string(file)?;
    let body = match text.strip_prefix("---\n").and_then(|rest| rest.split_once("\n---\n")) {
        Some((_front, body)) => body,
        None => &text,
    };
    let mut page = String::with_capacity(body.len() * 2 + 256);
    page.push_str("<!doctype html><html><head><meta charset=\"utf-8\"></head><body>");
    html::push_html(&mut page, Parser::new_ext(body, options()));
    page.push_str("</body></html>");
    let Some(target) = destination(content, out, file) else {
        return Ok(()); // Not a `<id>.<lang>.md` file.
    };
    fs::create_dir_all(target.parent().unwrap_or(out))?;
    fs::write(target, page)
}

fn main() {
    let args: Vec<String> = env::args().collect();
    let [_, content, out] = args.as_slice() else {
        eprintln!("usage: floor CONTENT_DIR OUT_DIR");
        std::process::exit(2);
    };
    let (content, out) = (PathBuf::from(content), PathBuf::from(out));
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let threads = thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = files.len().div_ceil(threads).max(1);
    let failed = thread::scope(|s| {
        let workers: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                let (content, out) = (&content, &out);
                s.spawn(move || part.iter().filter_map(|f| render(content, out, f).err()).count())
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or(1)).sum::<usize>()
    });
    if failed > 0 {
        eprintln!("floor: {failed} files could not be rendered");
        std::process::exit(1);
    }
    println!("floor: {} pages", files.len());
}
