//! `portal serve`: the live preview. It builds the site in memory with the same pipeline as
//! `build` (never touching `public/`), serves it under `base_url`'s sub-path, watches the
//! sources, rebuilds what a save affects, and tells the open pages over a WebSocket: reload,
//! swap the stylesheets, or show the error over the last good page.

mod http;
mod watch;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::SiteGraph;
use crate::pipeline::{self, Built, Options, Scope};
use crate::render::RenderedSite;
use crate::search::{self, SearchIndex};
use serde::Serialize;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, mpsc};
use std::time::Instant;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on (127.0.0.1 by default).
    pub bind: IpAddr,
    /// Port; when `None`, the first free one from 1111.
    pub port: Option<u16>,
    /// Include drafts (the preview does, unless told not to).
    pub drafts: bool,
    /// Open the site in the default browser.
    pub open: bool,
}

/// The error shown over the page: the rendered diagnostics and where the first one is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorReport {
    /// Every diagnostic, rendered as in the terminal.
    pub text: String,
    /// The file of the first error, relative to the site root.
    pub file: String,
    /// Its line, when known.
    pub line: Option<usize>,
    /// How many errors.
    pub count: usize,
}

impl ErrorReport {
    fn new(diagnostics: Diagnostics, root: &Path) -> Self {
        let count = diagnostics.error_count();
        let errors: Diagnostics = diagnostics.into_iter().filter(|d| d.is_error()).collect();
        let first = errors.clone().sorted().into_iter().next();
        Self {
            file: first.as_ref().map(|d| d.path.display().to_string().replace('\\', "/")).unwrap_or_default(),
            line: first.and_then(|d| d.location).map(|l| l.line),
            text: errors.render(root),
            count,
        }
    }
}

/// What the server shows: the last good site, and the current error if the sources have one.
#[derive(Default)]
pub struct State {
    /// The last site that built.
    pub site: Arc<RenderedSite>,
    /// The current error, shown over the pages.
    pub error: Option<ErrorReport>,
    /// Bumped on every successful rebuild.
    pub generation: u64,
    /// The search index of a recent build, made in the background after it: served beside
    /// the site, replaced whole when the next one is ready.
    pub search: Arc<SearchIndex>,
}

/// The state and the open pages' channels, shared by the HTTP threads and the rebuild loop.
#[derive(Default)]
pub struct Shared {
    /// What is served.
    pub state: RwLock<State>,
    clients: Mutex<Vec<mpsc::Sender<String>>>,
    /// Live-reload connections open now (at most [`http::MAX_LIVE`]).
    live: std::sync::atomic::AtomicUsize,
}

impl Shared {
    /// Sends a message to every open page, forgetting pages that went away.
    fn broadcast(&self, message: &str) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.send(message.to_string()).is_ok());
        }
    }

    /// A new open page's channel.
    fn subscribe(&self) -> mpsc::Receiver<String> {
        let (tx, rx) = mpsc::channel();
        if let Ok(mut clients) = self.clients.lock() {
            clients.push(tx);
        }
        rx
    }

    /// The message that tells a (re)connecting page where things stand.
    fn hello(&self) -> String {
        let state = self.state.read().unwrap_or_else(|e| e.into_inner());
        serde_json::json!({ "type": "hello", "generation": state.generation, "error": state.error })
            .to_string()
    }
}

/// Runs the preview until the process is stopped. Err only when it cannot start.
pub fn serve(root: &Path, options: &ServeOptions) -> Result<(), String> {
    let base_path = crate::urls::load_config(root, None)
        .map(|c| c.base_url.path().to_string())
        .unwrap_or_else(|_| "/".into());
    let (server, port) = http::bind(options.bind, options.port)?;
    let host = if options.bind.is_unspecified() { "localhost".to_string() } else { http::host(options.bind) };
    let url = format!("http://{host}:{port}{base_path}");
    let build_options = Options { base_url: Some(url.clone()), drafts: options.drafts, preview: true };
    let shared = Arc::new(Shared::default());
    let mut preview = Preview {
        root: root.to_path_buf(),
        options: build_options,
        shared: shared.clone(),
        last_good: None,
        pending: Vec::new(),
        base_path: base_path.clone(),
        warned_path: None,
        shown_error: None,
        indexer: Indexer::start(shared.clone()),
    };
    preview.rebuild(Vec::new());
    let watcher = watch::Watcher::start(root).map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    http::spawn(server, shared, base_path)?;
    crate::say!("Serving the site at {url} — edits are shown as you save (Ctrl+C to stop)");
    if options.open {
        open_browser(&url);
    }
    for changed in watcher.changes() {
        preview.rebuild(changed);
    }
    Ok(())
}

/// The rebuild loop's own state.
struct Preview {
    root: PathBuf,
    options: Options,
    shared: Arc<Shared>,
    last_good: Option<Built>,
    /// Files changed since the last good build (all of them are redone on the next try).
    pending: Vec<PathBuf>,
    /// The path the preview serves under, as `base_url` said when it started.
    base_path: String,
    /// Another path `base_url` says, which the terminal was told needs a restart.
    warned_path: Option<String>,
    shown_error: Option<String>,
    indexer: Indexer,
}

/// Makes the search index of each new build on a thread of its own, one at a time and at a
/// low priority ([`search::Effort::Background`]), so that a save is shown as fast as without
/// search (at 1,000 councils, 15 ms from save to response with it, 916 ms before it yielded);
/// only the newest build waiting is indexed.
struct Indexer {
    /// A build to index, or `None`: search is off, take its files away.
    jobs: mpsc::Sender<Option<(SiteGraph, Config)>>,
}

impl Indexer {
    fn start(shared: Arc<Shared>) -> Self {
        let (jobs, waiting) = mpsc::channel::<Option<(SiteGraph, Config)>>();
        std::thread::spawn(move || {
            // The last index made: the pages whose record did not change are taken from it.
            let mut last: Option<Arc<SearchIndex>> = None;
            while let Ok(mut job) = waiting.recv() {
                while let Ok(newer) = waiting.try_recv() {
                    job = newer;
                }
                let Some((graph, config)) = job else {
                    last = None;
                    shared.state.write().unwrap_or_else(|e| e.into_inner()).search = Arc::default();
                    continue;
                };
                let index = || {
                    search::index(&graph, &config, search::Effort::Background, last.as_deref(), true, None)
                };
                let made = caught(index).unwrap_or_else(|e| Err(e.into()));
                match made {
                    Ok(index) => {
                        let index = Arc::new(index);
                        last = Some(index.clone());
                        shared.state.write().unwrap_or_else(|e| e.into_inner()).search = index
                    }
                    Err(errors) => crate::console::tell_text(&errors.render(&config.root)),
                }
            }
        });
        Self { jobs }
    }

    /// Indexes `built` when the indexer is free (at once if it is); where search is off,
    /// takes the search files away, in turn, so that no index still being made brings them
    /// back.
    fn index(&self, built: &Built) {
        let job = built.config.search.then(|| (built.graph.clone(), built.config.clone()));
        let _ = self.jobs.send(job);
    }
}

/// `f`'s result, or, if it panics, the panic as an error to show (the preview goes on).
fn caught<T>(f: impl FnOnce() -> T) -> Result<T, Diagnostic> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|panic| internal_error(panic.as_ref()))
}

/// A panic caught in the preview, as an error to show: a bug of portal's, not the editor's.
fn internal_error(panic: &(dyn std::any::Any + Send)) -> Diagnostic {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    Diagnostic::error(Path::new("portal"), format!("portal stopped on an internal error: {what}")).with_hint(
        "this is a bug in portal, not in your files: please report it with the file you last saved",
    )
}

impl Preview {
    fn rebuild(&mut self, changed: Vec<PathBuf>) {
        for path in changed {
            if !self.pending.contains(&path) {
                self.pending.push(path);
            }
        }
        let start = Instant::now();
        let build = || match &self.last_good {
            Some(previous) => pipeline::rebuild(previous, &self.root, &self.options, &self.pending),
            None => (pipeline::run(&self.root, &self.options), Scope::Full),
        };
        // A fault of portal's own on some input (a bug) is reported like a content error: the
        // preview goes on serving the last good version, and the next save tries again.
        let (result, scope) = caught(build).unwrap_or_else(|e| (Err(e.into()), Scope::Full));
        match result {
            Ok(built) => self.succeeded(built, scope, start),
            Err(diagnostics) => self.failed(diagnostics),
        }
    }

    fn succeeded(&mut self, built: Built, scope: Scope, start: Instant) {
        self.follows_base_path();
        let unchanged = self.last_good.as_ref().is_some_and(|old| old.site == built.site);
        if unchanged && self.shown_error.is_none() {
            // A save that changed nothing (or a second event for the same save).
            self.pending.clear();
            self.last_good = Some(built);
            return;
        }
        let generation = {
            let mut state = self.shared.state.write().unwrap_or_else(|e| e.into_inner());
            state.site = Arc::new(built.site.clone());
            state.error = None;
            state.generation += 1;
            state.generation
        };
        let had_error = self.shown_error.take().is_some();
        if self.last_good.is_some() || had_error {
            let what = match scope {
                Scope::Full => "the whole site".to_string(),
                Scope::Bodies(n) => format!("{n} page{}", if n == 1 { "" } else { "s" }),
                Scope::Statics(n) => format!("{n} static file{}", if n == 1 { "" } else { "s" }),
            };
            crate::say!("Rebuilt {what} in {} ms", start.elapsed().as_millis());
            let kind = if matches!(scope, Scope::Statics(_))
                && !had_error
                && self.pending.iter().all(|p| p.extension().is_some_and(|e| e == "css"))
            {
                "css"
            } else {
                "reload"
            };
            self.shared.broadcast(&serde_json::json!({ "type": kind, "generation": generation }).to_string());
        }
        self.pending.clear();
        self.indexer.index(&built);
        self.last_good = Some(built);
    }

    /// Says so when `base_url`'s path is no longer the one the preview serves under (or
    /// could not be read when it started): the server's paths are fixed when it starts.
    fn follows_base_path(&mut self) {
        if !self.pending.iter().any(|p| p == Path::new(crate::sources::CONFIG_FILE)) {
            return;
        }
        let Ok(config) = crate::urls::load_config(&self.root, None) else { return };
        let now = config.base_url.path().to_string();
        if now != self.base_path && self.warned_path.as_ref() != Some(&now) {
            crate::tell!(
                "warning: base_url's path is now {now}, but the preview serves under {}: restart `portal serve` to follow it",
                self.base_path
            );
        }
        // (Once per path; back to the path served, nothing to say.)
        self.warned_path = (now != self.base_path).then_some(now);
    }

    fn failed(&mut self, diagnostics: Diagnostics) {
        let report = ErrorReport::new(diagnostics, &self.root);
        if self.shown_error.as_deref() != Some(report.text.as_str()) {
            crate::console::tell_text(&report.text);
            crate::tell!(
                "error: {} error{}; still serving the last good version",
                report.count,
                if report.count == 1 { "" } else { "s" }
            );
            self.shown_error = Some(report.text.clone());
        }
        let message = serde_json::json!({ "type": "error", "error": report }).to_string();
        self.shared.state.write().unwrap_or_else(|e| e.into_inner()).error = Some(report);
        self.shared.broadcast(&message);
    }
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(command).arg(url).spawn().is_err() {
        crate::tell!("Could not open a browser; open {url} yourself.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_caught_in_the_preview_is_an_error_that_says_what_stopped_it() {
        let runs: [Box<dyn FnOnce()>; 2] = [
            Box::new(|| panic!("byte index 2 is not a char boundary")),
            Box::new(|| panic!("{} went wrong", "the index")),
        ];
        for run in runs {
            let error = caught(run).expect_err("it panicked");
            assert!(error.message.starts_with("portal stopped on an internal error: "), "{}", error.message);
            assert!(
                error.message.contains("char boundary") || error.message.contains("the index went wrong")
            );
        }
    }
}
