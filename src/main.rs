//! The `portal` command line: parses arguments with clap and calls the library's pipeline.
//! Exit status: 0 success, 1 content errors (or warnings with `--strict`), 2 usage errors.

// Every word to the terminal goes through `console` (`say!`, `tell!`): `println!` panics
// on a closed pipe or a full disk.
#![cfg_attr(not(test), deny(clippy::print_stdout, clippy::print_stderr))]

use clap::{Args, Parser, Subcommand, ValueEnum};
use portal::build::{BuildError, BuildOptions};
use portal::content::{self, Section};
use portal::diagnostics::Diagnostics;
use portal::pipeline::{self, Options};
use portal::{say, tell};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

// A build makes and frees millions of small strings and maps on every core; mimalloc's
// per-thread heaps do that in a fraction of glibc's time (see bench/RESULTS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc commits each arena as it reserves it; committing on first use instead keeps a
// 10,000-council build's peak memory lower at no measurable cost in time (cold builds of
// the benchmark's corpus: 523–563 MiB, against 582–609 MiB with mimalloc's default). The option must be set before the first arena is reserved, that is
// before Rust's runtime allocates anything: by a function the loader runs at start-up, from
// `.init_array`, before `main`.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static COMMIT_ON_FIRST_USE: extern "C" fn() = commit_on_first_use;

#[cfg(target_os = "linux")]
extern "C" fn commit_on_first_use() {
    // `mi_option_arena_eager_commit` in mimalloc's `mi_option_t` (v2 and v3 alike).
    const ARENA_EAGER_COMMIT: std::ffi::c_int = 4;
    unsafe extern "C" {
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }
    // SAFETY: mimalloc (linked in by the global allocator) exports this function; setting
    // an option touches only mimalloc's table of options, which needs no initialisation.
    unsafe { mi_option_set(ARENA_EAGER_COMMIT, 0) }
}

/// Static site generator for the EU–Republic of Korea Digital Partnership portal.
#[derive(Parser)]
#[command(name = "portal", version, about, long_about = None)]
struct Cli {
    /// The site's folder (the one with site.yaml).
    #[arg(short = 'C', long, global = true, default_value = ".", value_name = "DIR")]
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
        /// Where to write the site, relative to the site's folder: a folder that does not
        /// exist yet or that `portal build` made (never the site's folder, a source folder,
        /// `/` or the home folder).
        #[arg(short, long, default_value = "public", value_name = "DIR")]
        output: PathBuf,
        /// Replace a non-empty output folder that `portal build` did not make.
        #[arg(long)]
        force: bool,
    },
    /// Check everything build checks, plus missing translations and other warnings; write nothing.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Treat warnings as errors (with --translations: a translation missing, outdated or
        /// not tracked too).
        #[arg(long)]
        strict: bool,
        /// Print a table of every id by language: present, OUTDATED, untracked, MISSING, draft
        /// or invalid; then each outdated translation with the date of each side.
        #[arg(long)]
        translations: bool,
        /// `text` (for people, on stderr), `json` (every diagnostic, on stdout; with
        /// --translations, the table) or `github` (GitHub Actions annotations, on stdout).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Preview the site: build it in memory, serve it, and rebuild and reload as you save.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
        /// Port to listen on (default: the first free one from 1111).
        #[arg(long, value_name = "N")]
        port: Option<u16>,
        /// Leave out the pages marked `draft: true`, as `build` does (the preview shows them,
        /// marked "draft").
        #[arg(long)]
        no_drafts: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Start a page in every language: content/<kind's folder>/<ID>.<lang>.md (never overwrites).
    New {
        /// What to start: council, domain, milestone or page.
        #[arg(value_parser = kind_of)]
        kind: Section,
        /// Its id: lowercase letters, digits and hyphens (the file name, shared by translations).
        id: String,
    },
    /// Rename a page: every language's file and its picture folder, keeping each old URL
    /// as an alias and rewriting every link to it (nothing is written if any step would fail).
    Mv {
        /// The page, as in a link: `councils/third` (or its file, content/councils/third.en.md).
        old: String,
        /// Its new id: `third-council` (or `councils/third-council`).
        new: String,
    },
    /// Write the content manager for editors in a browser (Decap CMS or Sveltia CMS):
    /// static/admin/config.yml from the kinds of content, and its page.
    Cms {
        /// Where to write it, relative to the site's folder (published at admin/ under the site's address).
        #[arg(long, default_value = portal::cms::ADMIN_DIR, value_name = "DIR")]
        out: PathBuf,
        /// Which content manager the page loads (both read the same config.yml); by default
        /// the one the folder's page loads already, else Decap CMS.
        #[arg(long, value_enum)]
        cms: Option<CmsChoice>,
        /// Write nothing; fail if the files are missing or out of date.
        #[arg(long)]
        check: bool,
    },
    /// Work with translations: mark one current with the page it translates.
    #[command(subcommand)]
    Translations(TranslationsCommand),
    /// Write JSON Schemas of site.yaml and of each kind's front matter, for editors.
    Schema {
        /// Where to write them, relative to the site's folder.
        #[arg(long, default_value = portal::schema::SCHEMA_DIR, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum TranslationsCommand {
    /// Record that a translation is up to date with its default-language page as it is now
    /// (`check --translations` calls it outdated when that page changes again).
    MarkCurrent {
        /// The translation's file (content/councils/third.ro.md), or its id (third, or
        /// councils/third) followed by its language.
        #[arg(required_unless_present = "all")]
        target: Option<String>,
        /// The language, after an id.
        lang: Option<String>,
        /// Every translation of the site (for a site that starts tracking them).
        #[arg(long, conflicts_with = "target")]
        all: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CmsChoice {
    Decap,
    Sveltia,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
    Github,
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
        Options { base_url: self.base_url.clone(), drafts: self.drafts, preview: false }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { site, output, force } => {
            build(&cli.root, BuildOptions { site: site.options(), output, force })
        }
        Command::Check { site, strict, translations: false, format } => {
            check(&cli.root, &site.options(), strict, format)
        }
        Command::Check { site, strict, format, .. } => {
            translations(&cli.root, &site.options(), strict, format)
        }
        Command::Serve { bind, port, no_drafts, open } => {
            let options = portal::serve::ServeOptions { bind, port, drafts: !no_drafts, open };
            match portal::serve::serve(&cli.root, &options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    tell!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::New { kind, id } => new(&cli.root, kind, &id),
        Command::Schema { out } => schema(&cli.root, &out),
        Command::Mv { old, new } => rename(&cli.root, &old, &new),
        Command::Cms { out, cms, check } => content_manager(&cli.root, &out, cms, check),
        Command::Translations(TranslationsCommand::MarkCurrent { target, lang, all }) => {
            mark_current(&cli.root, target, lang, all)
        }
    }
}

fn mark_current(root: &Path, target: Option<String>, lang: Option<String>, all: bool) -> ExitCode {
    use content::versions::Target;
    let target = match (target, lang) {
        _ if all => Target::All,
        (Some(id), Some(lang)) => Target::Id(id, lang),
        (Some(file), None) if file.ends_with(".md") => Target::File(file.into()),
        // `councils/first.ro`, as the file is named without its `.md`.
        (Some(id), None) => match id.rsplit_once('.') {
            Some((id, lang))
                if !id.is_empty() && !lang.is_empty() && lang.bytes().all(|b| b.is_ascii_lowercase()) =>
            {
                Target::Id(id.into(), lang.into())
            }
            _ => {
                tell!(
                    "error: name the language after the id, such as `portal translations mark-current {id} ro`"
                );
                return ExitCode::from(2);
            }
        },
        (None, _) => Target::All,
    };
    let marked = portal::urls::load_config(root, None)
        .and_then(|config| content::versions::mark_current(&config, &target, portal::base::today()));
    match marked {
        Ok(marked) => {
            for m in &marked {
                let (path, original) = (m.path.display(), m.original.display());
                let (version, date) = (m.recorded.version, m.recorded.date);
                if m.already {
                    say!("{path}: already current with {original} (version {version}, marked {date})");
                } else {
                    say!("{path}: marked current with {original} (version {version}, {date})");
                }
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => fail(root, diagnostics, "nothing more was marked", "fix the above first"),
    }
}

/// A kind of content by its word (`council`), for `portal new`.
fn kind_of(word: &str) -> Result<Section, String> {
    Section::from_word(word).ok_or_else(|| {
        let words: Vec<&str> = Section::ALL.iter().map(|s| s.info().word).collect();
        format!("`{word}` is not a kind of content; choose one of: {}", words.join(", "))
    })
}

fn new(root: &Path, section: Section, id: &str) -> ExitCode {
    match portal::scaffold::new_content(root, section, id, portal::scaffold::today()) {
        Ok(paths) => {
            for p in paths {
                say!("created {}", p.display());
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => fail(root, diagnostics, "portal new stopped", "no file was written"),
    }
}

fn rename(root: &Path, old: &str, new: &str) -> ExitCode {
    match portal::rename::rename(root, old, new) {
        Ok(r) => {
            for (from, to) in r.files.iter().chain(&r.folder) {
                say!("moved {} → {}", from.display(), to.display());
            }
            for alias in &r.aliases {
                say!("alias /{alias} kept: it leads to the new address");
            }
            if r.staged {
                say!("recorded the move in git's index, as `git mv` does");
            }
            if r.unstaged_edits {
                let paths: Vec<String> = r
                    .files
                    .iter()
                    .chain(&r.folder)
                    .flat_map(|(a, b)| [a, b])
                    .map(|p| shell_quoted(&p.display().to_string()))
                    .collect();
                say!(
                    "not recorded in git's index: the page had changes you had not staged, which recording \
                     the move would have staged with it; `git add -A -- {}` records both when you are ready",
                    paths.join(" ")
                );
            }
            let (links, files) = (r.links, r.linking_files);
            say!("rewrote {links} link{} in {files} file{}", plural(links), plural(files));
            if r.kept_current > 0 {
                let n = r.kept_current;
                say!(
                    "{n} translation{} still current (only the rename changed {})",
                    plural(n),
                    if n == 1 { "its original" } else { "their originals" }
                );
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => fail(root, diagnostics, "portal mv stopped", "nothing was written"),
    }
}

fn content_manager(root: &Path, out: &Path, choice: Option<CmsChoice>, check: bool) -> ExitCode {
    use portal::cms::{self, Cms};
    let dir = root.join(out);
    let existing = std::fs::read_to_string(dir.join("index.html")).ok();
    let cms = match choice {
        Some(CmsChoice::Decap) => Cms::Decap,
        Some(CmsChoice::Sveltia) => Cms::Sveltia,
        None => existing.as_deref().and_then(cms::loaded_by).unwrap_or(Cms::Decap),
    };
    let files = match cms::for_site(root, cms) {
        Ok(files) => files,
        Err(diagnostics) => return fail(root, diagnostics, "portal cms stopped", "nothing was written"),
    };
    if check {
        let stale: Vec<String> = files
            .iter()
            .filter(|(name, text)| std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text))
            .map(|(name, _)| out.join(name).display().to_string())
            .collect();
        if stale.is_empty() {
            say!("{} is up to date", out.display());
            return ExitCode::SUCCESS;
        }
        tell!("error: out of date (or missing): {}; run `portal cms` to write them again", stale.join(", "));
        return ExitCode::FAILURE;
    }
    written(root, cms::write(root, &dir, &files), &format!("the content manager into {}", out.display()))
}

fn schema(root: &Path, out: &Path) -> ExitCode {
    if !root.join(portal::sources::CONFIG_FILE).is_file() {
        tell!(
            "error: {} has no {}: is it a site's folder? (`-C DIR` names one)",
            root.display(),
            portal::sources::CONFIG_FILE
        );
        return ExitCode::FAILURE;
    }
    written(
        root,
        portal::schema::write(root, &root.join(out)),
        &format!("the schemas into {}", out.display()),
    )
}

/// Says which files a command wrote, or what it could not write.
fn written(root: &Path, result: std::io::Result<Vec<PathBuf>>, what: &str) -> ExitCode {
    match result {
        Ok(paths) => {
            for p in paths {
                say!("wrote {}", p.strip_prefix(root).unwrap_or(&p).display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            tell!("error: cannot write {what}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The translation report of the corpus the check loads (once); the site's diagnostics
/// follow (its errors set the exit status), and under `--strict` so do the translations
/// missing, outdated or untracked.
fn translations(root: &Path, options: &Options, strict: bool, format: Format) -> ExitCode {
    let loaded = match pipeline::load(root, options) {
        Ok(loaded) => loaded,
        Err(d) => return fail(root, d, "check failed", "fix site.yaml first"),
    };
    let report = content::translations::report(&loaded.corpus, &loaded.config);
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        Format::Text | Format::Github => report.to_string(),
    };
    if let Err(e) = portal::console::data(&text) {
        tell!("error: cannot write the translation report: {e}");
        return ExitCode::FAILURE;
    }
    let mut diagnostics = match pipeline::finish(loaded, portal::render::Sink::Memory) {
        Ok(built) => built.warnings,
        Err(diagnostics) => diagnostics,
    };
    if format == Format::Github {
        // A pull request shows each outdated translation on its file, as it shows a missing one.
        diagnostics.extend(report.outdated.iter().map(|o| {
            let changed = o.original_changed.map_or_else(String::new, |d| format!(" on {d}"));
            portal::diagnostics::Diagnostic::warning(
                &o.path,
                format!("outdated: {} changed{changed}, after this translation", o.original),
            )
            .with_hint(format!("bring it up to date, then run `portal translations mark-current {}`", o.path))
        }));
    }
    // The table is this command's output: the diagnostics go to stderr (or are annotations).
    let format = if format == Format::Json { Format::Text } else { format };
    // `--strict` is about translations here (the README's promise); the site's other
    // warnings are shown as warnings, and `check --strict` is the gate for them.
    let site = report_check(root, diagnostics, false, format, false);
    let (missing, outdated, untracked) = (report.missing, report.outdated.len(), report.untracked);
    if strict && missing + outdated + untracked > 0 {
        let counts = [(missing, "missing"), (outdated, "outdated"), (untracked, "not tracked")];
        let said: Vec<String> =
            counts.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{n} {what}")).collect();
        tell!("error: translations: {} (--strict)", said.join(", "));
        return ExitCode::FAILURE;
    }
    site
}

fn build(root: &Path, options: BuildOptions) -> ExitCode {
    let start = Instant::now();
    let report = match portal::build::build(root, &options) {
        Ok(report) => report,
        Err(BuildError::Output(e)) => {
            tell!("{e}");
            return ExitCode::FAILURE;
        }
        Err(BuildError::Content(diagnostics)) => {
            let shown = options.output.display();
            return fail(root, diagnostics, "build failed", &format!("{shown}/ was left as it was"));
        }
    };
    let output = options.output.display();
    let elapsed = start.elapsed().as_secs_f64();
    let (total, pages) = (report.total, &report.pages);
    let warnings = report.warnings;
    if warnings > 0 {
        tell!("{warnings} warning{} (run `portal check` to see them)", plural(warnings));
    }
    if report.unchanged {
        say!("Built {total} pages ({pages}) in {elapsed:.2} s into {output}: nothing changed");
        return ExitCode::SUCCESS;
    }
    for leftover in &report.leftover {
        tell!("warning: {leftover}");
    }
    say!("Built {total} pages ({pages}) in {elapsed:.2} s into {output}");
    if let Some(media) = report.built.as_ref().map(|b| &b.media).filter(|m| !m.files.is_empty()) {
        let (copies, encoded) = (media.files.len(), media.encoded);
        say!(
            "Images: {copies} cop{}, {encoded} encoded now, the others from .portal-cache/",
            if copies == 1 { "y" } else { "ies" }
        );
    }
    if let Some(search) = report.built.as_ref().and_then(|b| b.search.as_ref()) {
        let counts: Vec<String> = search.records.iter().map(|(lang, n)| format!("{lang} {n}")).collect();
        let pages: usize = search.records.values().sum();
        let kept = match search.pages_read() {
            read if read < pages => format!(", {read} read now, the others from .portal-cache/"),
            _ => String::new(),
        };
        say!("Search: an index per language ({} pages{kept}) in <language>/pagefind/", counts.join(", "));
    }
    // The process ends here: freeing the whole site and graph piece by piece would only
    // delay the exit (a tenth of a build's single-threaded time at 10,000 councils).
    std::mem::forget(report);
    ExitCode::SUCCESS
}

fn check(root: &Path, options: &Options, strict: bool, format: Format) -> ExitCode {
    let diagnostics = match pipeline::run(root, options) {
        Ok(built) => built.warnings,
        Err(diagnostics) => diagnostics,
    };
    report_check(root, diagnostics, strict, format, true)
}

/// Prints a check's diagnostics in `format` and returns its exit status: 1 when there is an
/// error, or any warning under `--strict`. The closing line goes to stdout when it is the
/// command's output, to stderr when a table is.
fn report_check(
    root: &Path,
    diagnostics: Diagnostics,
    strict: bool,
    format: Format,
    own_output: bool,
) -> ExitCode {
    let diagnostics = if strict { diagnostics.warnings_as_errors() } else { diagnostics };
    let failed = diagnostics.has_errors();
    let machine = match format {
        Format::Json => Some(diagnostics.clone().to_json()),
        // A file's name is an editor's: an escape sequence in it is shown, not run, in a log.
        Format::Github => Some(portal::console::visible(&diagnostics.clone().to_github()).into_owned()),
        Format::Text => None,
    };
    if let Some(text) = machine {
        if let Err(e) = portal::console::data(&text) {
            tell!("error: cannot write the report: {e}");
            return ExitCode::FAILURE;
        }
        return if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS };
    }
    if failed {
        let note = if strict { "warnings are errors with --strict" } else { "fix the errors above" };
        return fail(root, diagnostics, "check failed", note);
    }
    let n = diagnostics.warning_count();
    let summary = if n == 0 {
        "No problems found.".to_string()
    } else {
        format!("No errors; {n} warning{}.", plural(n))
    };
    portal::console::tell_text(&diagnostics.render(root));
    if own_output {
        say!("{summary}");
    } else {
        tell!("{summary}");
    }
    ExitCode::SUCCESS
}

/// Prints every diagnostic at once, then one summary line; exit status 1.
fn fail(root: &Path, diagnostics: Diagnostics, what: &str, note: &str) -> ExitCode {
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    // Warnings too: a reader fixing the errors sees everything else that is wrong.
    portal::console::tell_text(&diagnostics.render(root));
    let w = if warnings > 0 { format!(" and {warnings} warning{}", plural(warnings)) } else { String::new() };
    tell!("error: {what} with {errors} error{}{w}; {note}", plural(errors));
    ExitCode::FAILURE
}

/// `word` as a POSIX shell reads it back: as it is where it is plain, else in single quotes
/// (`my photo.jpg` → `'my photo.jpg'`), for a command the reader may paste.
fn shell_quoted(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() || "/._-".contains(c)) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
