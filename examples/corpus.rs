//! usage: cargo run --release --example corpus -- --councils N [--domains D] [--milestones M] [--photos P] --out DIR
//!
//! Writes the synthetic bilingual portal that the benchmark (`bench/run.py`) and the tests
//! build, with the project's `themes/` beside its `site.yaml`: the same bytes for the same
//! arguments.

#[path = "../tests/common/corpus.rs"]
mod corpus;

use std::path::PathBuf;

fn main() {
    let mut size = corpus::Size::councils(1000);
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_else(|| usage(&format!("{flag} needs a value")));
        let number = || value.parse().unwrap_or_else(|_| usage(&format!("{flag} takes a number")));
        match flag.as_str() {
            "--councils" => size.councils = number(),
            "--domains" => size.domains = number(),
            "--milestones" => size.milestones = number(),
            "--photos" => size.photos = number(),
            "--out" => out = Some(PathBuf::from(&value)),
            other => usage(&format!("unknown option {other}")),
        }
    }
    let out = out.unwrap_or_else(|| usage("--out DIR is required"));
    corpus::generate(&out, size);
    corpus::add_themes(&out);
    println!(
        "wrote {} councils ({} with a photo), {} domains, {} milestones per language into {}",
        size.councils,
        size.photos,
        size.domains,
        size.milestones,
        out.display()
    );
}

fn usage(problem: &str) -> ! {
    eprintln!(
        "error: {problem}\nusage: corpus --councils N [--domains D] [--milestones M] [--photos P] --out DIR"
    );
    std::process::exit(2);
}
