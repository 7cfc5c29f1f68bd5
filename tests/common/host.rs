//! Plain static hosting, as GitHub Pages does it, for the browser tests of the built site: a
//! folder served under a sub-path (`/portal/`), a folder's `index.html` for its URL, the
//! site's `404.html` for anything else, and a log of what was asked and how many bytes went.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A running static host; stops with the test process.
pub struct Host {
    /// Its port on 127.0.0.1.
    pub port: u16,
    served: Arc<Mutex<Vec<(String, usize)>>>,
}

impl Host {
    /// Serves `dir` under `prefix` (`/portal/`).
    pub fn start(dir: &Path, prefix: &'static str) -> Self {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("a free port");
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let served = Arc::new(Mutex::new(Vec::new()));
        let (dir, log) = (dir.to_path_buf(), served.clone());
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let path = request.url().split('?').next().unwrap_or("/").to_string();
                let (status, file) = match file_of(&dir, prefix, &path) {
                    Some(file) => (200, file),
                    None => (404, dir.join("404.html")),
                };
                let bytes = std::fs::read(&file).unwrap_or_default();
                // The whole address asked, query included: what a host's log would keep.
                log.lock().unwrap().push((request.url().to_string(), bytes.len()));
                let kind = tiny_http::Header::from_bytes("Content-Type", content_type(&file)).unwrap();
                let _ = request.respond(
                    tiny_http::Response::from_data(bytes).with_status_code(status).with_header(kind),
                );
            }
        });
        Self { port, served }
    }

    /// The URL of `path` under the host.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Every address asked so far (path and query), with the bytes sent for it.
    pub fn served(&self) -> Vec<(String, usize)> {
        self.served.lock().unwrap().clone()
    }
}

fn file_of(dir: &Path, prefix: &str, path: &str) -> Option<PathBuf> {
    let rest = path.strip_prefix(prefix)?;
    if rest.split('/').any(|s| s == "..") {
        return None;
    }
    let file = dir.join(rest);
    let file = if file.is_dir() { file.join("index.html") } else { file };
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("css") => "text/css",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}
