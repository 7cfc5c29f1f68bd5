//! The whole build, from a site folder to a rendered site in memory: the one chain of stages
//! that `build`, `check` and `serve` share. It collects every diagnostic of every stage.

use crate::config::{self, Config};
use crate::content::{self, LoadOptions};
use crate::diagnostics::Diagnostics;
use crate::graph::{self, SiteGraph};
use crate::markdown;
use crate::render::{self, RenderedSite};
use std::path::Path;

/// What a run may change.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    /// Includes drafts.
    pub drafts: bool,
}

/// A successful run: the site, and the warnings found on the way.
#[derive(Debug)]
pub struct Built {
    /// The configuration used.
    pub config: Config,
    /// The related content.
    pub graph: SiteGraph,
    /// Every file of the site.
    pub site: RenderedSite,
    /// Warnings (missing translations, drafts, unused domains).
    pub warnings: Diagnostics,
}

/// Runs every stage on the site in `root`. On failure, every error and warning of the run.
pub fn run(root: &Path, options: &Options) -> Result<Built, Diagnostics> {
    let config = config::load(root, options.base_url.as_deref())?;
    let theme = render::theme::load(&config);
    let (corpus, mut diagnostics) = content::load(
        &config,
        LoadOptions {
            drafts: options.drafts,
        },
    );
    let (rendered, errors) = markdown::render(&corpus, &config);
    diagnostics.extend(errors);
    let (graph, errors) = graph::build(corpus, rendered, &config);
    diagnostics.extend(errors);
    let theme = match theme {
        Ok(theme) => theme,
        Err(errors) => {
            diagnostics.extend(errors);
            return Err(diagnostics);
        }
    };
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    match render::render(&graph, &theme, &config) {
        Ok(site) => Ok(Built {
            config,
            graph,
            site,
            warnings: diagnostics,
        }),
        Err(errors) => {
            diagnostics.extend(errors);
            Err(diagnostics)
        }
    }
}
