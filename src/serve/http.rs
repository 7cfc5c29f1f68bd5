//! The preview's HTTP side: serves the in-memory site under the base path (and nothing
//! else: no file on disk is ever read), injects the live-reload script into HTML, and holds
//! each open page's WebSocket.

use super::Shared;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;
use tiny_http::{Header, Request, Response, Server};

const LIVE_JS: &str = include_str!("live.js");
const FIRST_PORT: u16 = 1111;

/// The most live-reload connections held open at once: far more than the tabs an editor
/// has open, and few enough that no client can starve the preview of threads.
pub const MAX_LIVE: usize = 64;

/// How often an idle live-reload connection is pinged: a connection whose page went away
/// fails a ping and its thread ends, within two of these.
const PING_EVERY: Duration = Duration::from_secs(5);

/// Listens on `port`, or on the first free port from 1111 (saying so) when none is given.
pub fn bind(address: IpAddr, port: Option<u16>) -> Result<(Server, u16), String> {
    let open = |p: u16| Server::http((address, p)).ok().map(|s| (s, p));
    match port {
        Some(p) => open(p).ok_or_else(|| {
            format!(
                "cannot listen on {}:{p}: the port is taken or not allowed; choose another with --port",
                host(address)
            )
        }),
        None => {
            let found = (FIRST_PORT..FIRST_PORT + 50)
                .find_map(open)
                .ok_or_else(|| "no free port from 1111 to 1160; choose one with --port".to_string())?;
            if found.1 != FIRST_PORT {
                println!("Port {FIRST_PORT} is taken; using {} instead.", found.1);
            }
            Ok(found)
        }
    }
}

/// An address as it is written in a URL.
pub fn host(address: IpAddr) -> String {
    match address {
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    }
}

/// Answers requests on their own threads, for as long as the process runs.
pub fn spawn(server: Server, shared: Arc<Shared>, base: String) {
    let base: Arc<str> = base.into();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let (shared, base) = (shared.clone(), base.clone());
            std::thread::spawn(move || handle(request, &shared, &base));
        }
    });
}

fn handle(request: Request, shared: &Shared, base: &str) {
    let Some(path) = site_path(request.url(), base) else {
        let _ = request.respond(text(404, &format!("Not found. The preview serves the site under {base}")));
        return;
    };
    match path.as_str() {
        "__portal/live" => live(request, shared),
        "__portal/live.js" => {
            let _ = request.respond(
                Response::from_string(LIVE_JS)
                    .with_header(header("Content-Type", "text/javascript; charset=utf-8")),
            );
        }
        _ => page(request, shared, base, &path),
    }
}

/// The site-relative path a URL asks for, or `None` for anything outside the base path or
/// that tries to climb out of it (`..`, encoded slashes or backslashes, NUL).
pub fn site_path(url: &str, base: &str) -> Option<String> {
    let raw = url.split(['?', '#']).next().unwrap_or("");
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return None;
    }
    let decoded = percent_decode(raw)?;
    let rest =
        decoded.strip_prefix(base).or_else(|| (decoded.clone() + "/").strip_prefix(base).map(|_| ""))?;
    if rest.contains('\\') || rest.split('/').any(|s| s == ".." || s == ".") || rest.starts_with('/') {
        return None;
    }
    Some(rest.to_string())
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A page or file of the site; HTML gets the live-reload script, which knows the build it
/// came from.
fn page(request: Request, shared: &Shared, base: &str, path: &str) {
    let (site, search, has_error, generation) = {
        let state = shared.state.read().unwrap_or_else(|e| e.into_inner());
        (state.site.clone(), state.search.clone(), state.error.is_some(), state.generation)
    };
    let with_type = |bytes: &[u8], name: &str, status| with_type(bytes, name, base, generation, status);
    let name =
        if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
    let response = match site.files.get(&name).or_else(|| search.files.get(&name)) {
        Some(bytes) => with_type(bytes, &name, 200),
        None if site.files.contains_key(&format!("{name}/index.html")) => {
            let to = format!("{base}{path}/");
            Response::from_data(Vec::new()).with_status_code(301).with_header(header("Location", &to))
        }
        None => match site.files.get("404.html") {
            Some(bytes) => with_type(bytes, "404.html", 404),
            // The site never built: an empty page that still shows the error and reloads.
            None if has_error => {
                with_type(b"<!doctype html><title>portal</title><body></body>", ".html", 503)
            }
            None => Response::from_data(b"Not found".to_vec()).with_status_code(404),
        },
    };
    let _ = request.respond(response.with_header(header("Cache-Control", "no-store")));
}

fn with_type(
    bytes: &[u8],
    name: &str,
    base: &str,
    generation: u64,
    status: u16,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let ext = name.rsplit('.').next().unwrap_or("");
    let kind = match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" | "xsl" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "json" => "application/json; charset=utf-8",
        _ => "application/octet-stream",
    };
    let body = if ext == "html" { inject(bytes, base, generation) } else { bytes.to_vec() };
    Response::from_data(body).with_status_code(status).with_header(header("Content-Type", kind))
}

/// The page with the live-reload script before `</body>`, told the build the page is from:
/// a page that (re)connects after a newer build reloads, so no save is ever missed.
fn inject(html: &[u8], base: &str, generation: u64) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{base}__portal/live.js\" data-base=\"{base}\" data-generation=\"{generation}\"></script>"
    );
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// One open live-reload connection, counted in the preview's [`Shared`] while it lives.
struct LiveSlot<'s>(&'s AtomicUsize);

impl<'s> LiveSlot<'s> {
    /// A slot, if fewer than [`MAX_LIVE`] are taken.
    fn take(open: &'s AtomicUsize) -> Option<Self> {
        open.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < MAX_LIVE).then_some(n + 1)).ok()?;
        Some(Self(open))
    }
}

impl Drop for LiveSlot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Upgrades to a WebSocket and forwards the preview's messages to the page until it leaves
/// (found out by a failed send or ping). Beyond [`MAX_LIVE`] connections, refused with 503.
fn live(request: Request, shared: &Shared) {
    let Some(_slot) = LiveSlot::take(&shared.live) else {
        let _ = request.respond(text(503, "too many live-reload connections; close some preview tabs"));
        return;
    };
    let key = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Sec-WebSocket-Key"))
        .map(|h| h.value.as_str().to_string());
    let Some(key) = key else {
        let _ = request.respond(text(400, "a WebSocket endpoint"));
        return;
    };
    let accept = tungstenite::handshake::derive_accept_key(key.as_bytes());
    let response = Response::empty(101).with_header(header("Sec-WebSocket-Accept", &accept));
    let stream = request.upgrade("websocket", response);
    let mut socket =
        tungstenite::WebSocket::from_raw_socket(stream, tungstenite::protocol::Role::Server, None);
    let messages = shared.subscribe();
    let mut next = tungstenite::Message::text(shared.hello());
    loop {
        if socket.send(next).is_err() {
            return;
        }
        next = match messages.recv_timeout(PING_EVERY) {
            Ok(message) => tungstenite::Message::text(message),
            Err(mpsc::RecvTimeoutError::Timeout) => tungstenite::Message::Ping(Vec::new().into()),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
    }
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(body)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|()| Header::from_bytes(&b"X-Portal"[..], &b"invalid"[..]).expect("a valid header"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_under_the_base_are_served() {
        assert_eq!(site_path("/portal/en/", "/portal/").as_deref(), Some("en/"));
        assert_eq!(site_path("/portal", "/portal/").as_deref(), Some(""));
        assert_eq!(site_path("/portal/style.css?v=2", "/portal/").as_deref(), Some("style.css"));
        assert_eq!(site_path("/other/", "/portal/"), None);
        assert_eq!(site_path("/", "/portal/"), None);
    }

    #[test]
    fn traversal_attempts_are_refused() {
        for url in [
            "/portal/../etc/passwd",
            "/portal/%2e%2e/etc/passwd",
            "/portal/en%2f..%2f..%2fetc",
            "/portal/..%5cwin.ini",
            "/portal//etc/passwd",
            "/portal/%00",
            "/portal/a/./b",
        ] {
            assert_eq!(site_path(url, "/portal/"), None, "{url}");
        }
    }
}
