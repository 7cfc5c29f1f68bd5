//! Stage 5b, search: an index per language of the site's councils, domains, milestones and
//! pages (not list pages, not the 404), made from the graph beside the rendering and
//! published under `<lang>/pagefind/`. A language's bundle holds only its own pages, so a
//! search never returns a page of another language.
//!
//! The index is written in Pagefind 1.6's format by our own code, and read in the browser by
//! Pagefind's own JavaScript and WebAssembly (taken from the `pagefind` crate, so the reader's
//! version is the format's). Each page is read on its own, in parallel ([`page`]), and a page
//! whose record did not change since the previous index is not read again; the pages' parts
//! are then merged into the bundle ([`bundle`]). A test checks, in Chromium, that Pagefind's
//! JavaScript finds the same pages in it as in an index made by Pagefind itself.

#[cfg(feature = "search")]
mod assets;
#[cfg(feature = "search")]
mod bundle;
#[cfg(feature = "search")]
mod cache;
#[cfg(feature = "search")]
mod cbor;
#[cfg(feature = "search")]
mod gzip;
#[cfg(feature = "search")]
mod make;
#[cfg(feature = "search")]
mod page;
#[cfg(feature = "search")]
mod text;
#[cfg(feature = "search")]
mod words;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::SiteGraph;
#[cfg(feature = "search")]
use make::Kept;
#[cfg(feature = "search")]
pub use make::{Record, records};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Without the `search` feature nothing is kept (and no index is made: the configuration
/// refuses a site that has search).
#[cfg(not(feature = "search"))]
type Kept = ();

/// The search bundles of every language: output path → contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchIndex {
    /// Output path (`en/pagefind/pagefind.js`) → contents.
    pub files: BTreeMap<String, Arc<Vec<u8>>>,
    /// Records per language code.
    pub records: BTreeMap<String, usize>,
    /// What a later index reuses.
    kept: Kept,
    /// How many pages were read for this index (the others were reused).
    read: usize,
}

impl SearchIndex {
    /// How many pages of this index were read (the others were reused).
    pub fn pages_read(&self) -> usize {
        self.read
    }
}

/// Where a build's index files go as soon as a language's are made (the output).
pub type Out<'a> = dyn Fn(&str, &Arc<Vec<u8>>) -> Result<(), Diagnostic> + Sync + 'a;

/// How hard the indexing may work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    /// Every core: a build, where the index is part of the result.
    Full,
    /// One thread at a low priority: the preview, where the index must not slow the next
    /// save's rebuild (which has every core) down.
    Background,
}

/// Indexes every item page of `graph`, reusing the parts of `previous` (the last index made
/// in this process) for the pages whose record did not change. The result keeps its pages'
/// parts for the next index only with `keep` (the preview's); a build drops each language's
/// as soon as its bundle is made. With `out`, each language's files are handed to it as soon
/// as they are made, and not kept in the result. Err if Pagefind's JavaScript and WebAssembly
/// cannot be had, or `out` refuses a file.
pub fn index(
    graph: &SiteGraph,
    config: &Config,
    effort: Effort,
    previous: Option<&SearchIndex>,
    keep: bool,
    out: Option<&Out<'_>>,
) -> Result<SearchIndex, Diagnostics> {
    #[cfg(feature = "search")]
    return make::index(graph, config, effort, previous, keep, out);
    #[cfg(not(feature = "search"))]
    {
        let _ = (graph, config, effort, previous, keep, out);
        let message = "this `portal` was built without its `search` feature";
        Err(Diagnostic::error(crate::sources::CONFIG_FILE, message).into())
    }
}
