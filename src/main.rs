//! The `portal` command line: parses arguments with clap and calls the library's pipeline.
//! Exit status: 0 success, 1 content errors (or warnings with `--strict`), 2 usage errors.

use clap::{Args, Parser, Subcommand};
use portal::diagnostics::Diagnostics;
use portal::pipeline::{self, Options};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Static site generator for the EU–Republic of Korea Digital Partnership portal.
#[derive(Parser)]
#[command(name = "portal", version, about, long_about = None)]
struct Cli {
    /// The site's folder (the one with site.yaml).
    #[arg(
        short = 'C',
        long,
        global = true,
        default_value = ".",
        value_name = "DIR"
    )]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (left as it was if the build fails).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site, relative to the site's folder.
        #[arg(short, long, default_value = "public", value_name = "DIR")]
        output: PathBuf,
    },
    /// Check everything build checks, plus missing translations and other warnings; write nothing.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
}

#[derive(Args)]
struct SiteArgs {
    /// Override base_url from site.yaml (e.g. https://org.github.io/repo/).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

impl SiteArgs {
    fn options(&self) -> Options {
        Options {
            base_url: self.base_url.clone(),
            drafts: self.drafts,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { site, output } => build(&cli.root, &site.options(), &output),
        Command::Check { site, strict } => check(&cli.root, &site.options(), strict),
    }
}

fn build(root: &Path, options: &Options, output: &Path) -> ExitCode {
    let start = Instant::now();
    let built = match pipeline::run(root, options) {
        Ok(built) => built,
        Err(diagnostics) => {
            return fail(
                root,
                diagnostics,
                "build failed",
                "public/ was left as it was",
            )
        }
    };
    let out = root.join(output);
    if let Err(e) = portal::output::write(&built.site, &out) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    let warnings = built.warnings.warning_count();
    if warnings > 0 {
        eprintln!(
            "{warnings} warning{} (run `portal check` to see them)",
            plural(warnings)
        );
    }
    let per_lang: Vec<String> = built
        .site
        .pages_per_lang
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    let total: usize = built.site.pages_per_lang.values().sum();
    println!(
        "Built {total} pages ({}) in {:.2} s into {}",
        per_lang.join(", "),
        start.elapsed().as_secs_f64(),
        output.display()
    );
    ExitCode::SUCCESS
}

fn check(root: &Path, options: &Options, strict: bool) -> ExitCode {
    match pipeline::run(root, options) {
        Ok(built) if built.warnings.is_empty() => {
            println!("No problems found.");
            ExitCode::SUCCESS
        }
        Ok(built) if strict => fail(
            root,
            built.warnings.warnings_as_errors(),
            "check failed",
            "warnings are errors with --strict",
        ),
        Ok(built) => {
            let n = built.warnings.warning_count();
            eprint!("{}", built.warnings.render(root));
            println!("No errors; {n} warning{}.", plural(n));
            ExitCode::SUCCESS
        }
        Err(diagnostics) => fail(root, diagnostics, "check failed", "fix the errors above"),
    }
}

/// Prints every diagnostic at once, then one summary line; exit status 1.
fn fail(root: &Path, diagnostics: Diagnostics, what: &str, note: &str) -> ExitCode {
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    let shown: Diagnostics = diagnostics.into_iter().filter(|d| d.is_error()).collect();
    eprint!("{}", shown.render(root));
    let w = if warnings > 0 {
        format!(" and {warnings} warning{}", plural(warnings))
    } else {
        String::new()
    };
    eprintln!(
        "error: {what} with {errors} error{}{w}; {note}",
        plural(errors)
    );
    ExitCode::FAILURE
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
