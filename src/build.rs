//! The `build` command as one library call: takes the site's build lock, checks the output
//! folder against its rules, stops early when nothing changed since the last build, and
//! otherwise runs the pipeline into a staging folder that replaces the output folder in one
//! step only when the whole site rendered. `main` parses arguments and prints; this decides.

use crate::diagnostics::Diagnostics;
use crate::output::{self, OutputDir, OutputError, Staging};
use crate::pipeline::{self, Built, Options, Timings};
use crate::unchanged;
use std::path::{Path, PathBuf};

/// What `portal build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The pipeline's options.
    pub site: Options,
    /// The output folder, relative to the site's folder.
    pub output: PathBuf,
    /// Allows replacing a non-empty folder that `portal build` did not make.
    pub force: bool,
}

/// A successful build.
pub struct Report {
    /// Pages per language, `en 12, ro 12`.
    pub pages: String,
    /// Pages in all.
    pub total: usize,
    /// Whether the output was already as the sources say (nothing was rendered).
    pub unchanged: bool,
    /// The warnings of the run (for an unchanged build, those of the build it repeats).
    pub warnings: usize,
    /// A clean-up that failed after the new site was in place, to report as a warning.
    pub leftover: Vec<String>,
    /// The whole run, for a caller that wants more than the summary (`None` when unchanged).
    pub built: Option<Built>,
}

/// Why a build failed: nothing was written, and the output folder is as it was.
pub enum BuildError {
    /// The output folder may not be written (or could not be).
    Output(OutputError),
    /// The site has errors.
    Content(Diagnostics),
}

impl From<OutputError> for BuildError {
    fn from(e: OutputError) -> Self {
        Self::Output(e)
    }
}

/// Builds the site in `root` into its output folder.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Report, BuildError> {
    let _lock = output::lock(root)?;
    let out = OutputDir::check(root, &options.output, options.force)?;
    let mut clock = Timings::start();
    let Options { base_url, drafts, preview } = &options.site;
    // A commit changes the pages' "last updated" days, though no source file changes; so
    // does the history a shallow clone gains when it is fetched whole.
    let head = crate::history::head(root);
    let inputs = format!("{base_url:?} {drafts:?} {preview:?} {} {head:?}", out.path.display());
    let sources = unchanged::Sources::look(root, &inputs);
    let last = unchanged::unchanged(root, &sources, &out.path);
    clock.lap("sources looked at and record compared");
    if let Some(last) = last {
        // Loading checks this on a build's way; the shortcut of an unchanged site skips
        // the loading, and its output may hold what the cache gave.
        if let Some(error) = pipeline::cache_in_repository(root) {
            return Err(BuildError::Content(error.into()));
        }
        // What a killed build left beside the output goes, though there is nothing to build.
        let leftover = output::recover(&out).map_err(|e| cannot_write(&out, &e))?;
        let (pages, total, warnings) = (last.pages, last.total, last.warnings);
        return Ok(Report { pages, total, unchanged: true, warnings, leftover, built: None });
    }
    let fingerprint = sources.fingerprint();
    let staging = Staging::begin(&out).map_err(|e| cannot_write(&out, &e))?;
    let built = pipeline::run_into(root, &options.site, &staging).map_err(BuildError::Content)?;
    // Before the output folder changes, so that an interrupted swap is never trusted.
    unchanged::forget(root);
    let mut clock = Timings::start();
    let written = staging.commit().map_err(|e| cannot_write(&out, &e))?;
    clock.lap("output");
    let per_lang: Vec<String> = built.site.pages_per_lang.iter().map(|(l, n)| format!("{l} {n}")).collect();
    let pages = per_lang.join(", ");
    let total: usize = built.site.pages_per_lang.values().sum();
    let warnings = built.warnings.warning_count();
    if written.leftover.is_empty() {
        // With its warnings' count, which an unchanged build says again.
        unchanged::save(
            root,
            &unchanged::record(fingerprint, pages.clone(), total, warnings, written.stamps),
        );
        clock.lap("record saved");
    }
    Ok(Report { pages, total, unchanged: false, warnings, leftover: written.leftover, built: Some(built) })
}

fn cannot_write(out: &OutputDir, e: &std::io::Error) -> BuildError {
    let mut error = OutputError::io(format!("cannot write `{}`", out.shown), e);
    error.hint = Some(format!("`{}` was left as it was", out.shown));
    BuildError::Output(error)
}
