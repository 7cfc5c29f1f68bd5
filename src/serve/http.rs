//! The preview's HTTP side (hyper): serves the in-memory site under the base path (and
//! nothing else: no file on disk is ever read), injects the live-reload script into HTML,
//! and holds each open page's WebSocket. It answers only what a browser showing the preview
//! asks: `GET` and `HEAD` without a body (anything else is refused before a byte of a body is
//! read) and a `Host` that names this machine, so that a web page elsewhere cannot read the
//! preview through DNS rebinding.

use super::Shared;
use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

const LIVE_JS: &str = include_str!("live.js");
const FIRST_PORT: u16 = 1111;

/// The most live-reload connections held open at once: far more than the tabs an editor
/// has open, and few enough that no client can starve the preview of threads.
pub const MAX_LIVE: usize = 64;

/// How often an idle live-reload connection is pinged, to find a page that went away
/// without a word (a machine asleep, a network gone).
const PING_EVERY: Duration = Duration::from_secs(5);

/// How often a live-reload connection looks whether its page closed it: a page that goes
/// (a closed tab, a link followed) is let go within about this long.
const LOOK_EVERY: Duration = Duration::from_millis(250);

/// How long a page may leave a ping unanswered, or a message unread, before its connection
/// is dropped (a page that went to sleep, or a client that only holds the connection).
const SILENT_AT_MOST: Duration = Duration::from_secs(3 * PING_EVERY.as_secs());

/// A response of the preview.
type Answer = Response<Full<Bytes>>;

/// Listens on `port`, or on the first free port from 1111 (saying so) when none is given.
pub fn bind(address: IpAddr, port: Option<u16>) -> Result<(TcpListener, u16), String> {
    let open = |p: u16| TcpListener::bind((address, p)).ok().map(|s| (s, p));
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
                crate::say!("Port {FIRST_PORT} is taken; using {} instead.", found.1);
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

/// What every request is answered from.
struct Server {
    shared: Arc<Shared>,
    base: String,
    /// The address and port the preview listens on, for the `Host` check.
    bound: SocketAddr,
}

/// Answers requests, each connection a task of one small runtime on a thread of its own,
/// for as long as the process runs.
pub fn spawn(listener: TcpListener, shared: Arc<Shared>, base: String) -> Result<(), String> {
    let bound = listener.local_addr().map_err(|e| format!("cannot listen: {e}"))?;
    listener.set_nonblocking(true).map_err(|e| format!("cannot listen: {e}"))?;
    let server = Arc::new(Server { shared, base, bound });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the preview's server: {e}"))?;
    std::thread::spawn(move || runtime.block_on(accept(listener, server)));
    Ok(())
}

async fn accept(listener: TcpListener, server: Arc<Server>) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors (or another passing failure): the listener stays ready,
            // so trying again at once would spin; a pause lets connections close.
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            continue;
        };
        let server = server.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let server = server.clone();
                async move { Ok::<_, std::convert::Infallible>(server.answer(request)) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(Duration::from_secs(10))
                .max_buf_size(64 * 1024)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .with_upgrades()
                .await;
        });
    }
}

impl Server {
    fn answer(&self, request: Request<Incoming>) -> Answer {
        if let Some(refused) = self.refusal(&request) {
            return refused;
        }
        let Some(path) = site_path(request.uri().path(), &self.base) else {
            return text(404, &format!("Not found. The preview serves the site under {}", self.base));
        };
        match path.as_str() {
            "__portal/live" if !self.is_own_origin(&request) => {
                text(403, "Only the preview's own pages may open its live-reload connection.")
            }
            "__portal/live" => live(request, &self.shared),
            "__portal/live.js" => {
                with_kind(Response::new(Full::new(Bytes::from_static(LIVE_JS.as_bytes()))), "js")
            }
            _ => page(&self.shared, &self.base, &path),
        }
    }

    /// What is refused before anything is served or read: a `Host` that does not name this
    /// machine (421), a method other than `GET` and `HEAD` (405), a body (413). The
    /// connection is closed after a refusal, so that a body sent anyway is never read.
    fn refusal(&self, request: &Request<Incoming>) -> Option<Answer> {
        let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok());
        let refused = if !host.is_some_and(|h| self.is_own_host(h)) {
            let ours = format!("{}:{}", host_name(self.bound.ip()), self.bound.port());
            text(421, &format!("This preview answers only as http://{ours}/ (or localhost)."))
        } else if !matches!(*request.method(), Method::GET | Method::HEAD) {
            let mut answer = text(405, "The preview only shows pages: GET and HEAD.");
            answer.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            answer
        } else if has_body(request) {
            text(413, "The preview takes no request body.")
        } else {
            return None;
        };
        let mut refused = refused;
        refused.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        Some(refused)
    }

    /// Whether a WebSocket request comes from one of the preview's own pages: its `Origin`
    /// (which browsers always send with one) is `http://` and the very host the request is
    /// sent to (its `Host`), which [`Self::is_own_host`] accepts. A page of another site open
    /// in the editor's browser may not listen in — nor, with the preview bound to all
    /// addresses, a page served from some other address and port of the network.
    fn is_own_origin(&self, request: &Request<Incoming>) -> bool {
        let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok());
        match request.headers().get(header::ORIGIN).map(|o| o.to_str()) {
            None => true, // not a browser: no page to trick
            Some(Ok(origin)) => origin.strip_prefix("http://").is_some_and(|from| {
                host.is_some_and(|h| from.eq_ignore_ascii_case(h)) && self.is_own_host(from)
            }),
            Some(Err(_)) => false,
        }
    }

    /// Whether `host` (a `Host` header) names this preview: `localhost`, `127.0.0.1`,
    /// `[::1]` or the address it is bound to (any address of the machine when bound to all),
    /// with its port. A name other than `localhost` is refused: it may be a stranger's name
    /// pointed at this machine (DNS rebinding).
    fn is_own_host(&self, host: &str) -> bool {
        let Some((name, port)) = host.rsplit_once(':') else { return false };
        if port.parse::<u16>().ok() != Some(self.bound.port()) {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let Ok(ip) = name.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() else {
            return false;
        };
        ip.is_loopback() || ip == self.bound.ip() || self.bound.ip().is_unspecified()
    }
}

/// The address as the `Host` check says it: `localhost` for one bound to all addresses.
fn host_name(ip: IpAddr) -> String {
    if ip.is_unspecified() { "localhost".into() } else { host(ip) }
}

/// Whether a request carries a body (or says it will).
fn has_body(request: &Request<Incoming>) -> bool {
    let headers = request.headers();
    let length = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok());
    headers.contains_key(header::TRANSFER_ENCODING) || length.is_some_and(|l| l.trim() != "0")
}

/// The site-relative path a URL path asks for, or `None` for anything outside the base path
/// or that tries to climb out of it (`..`, encoded slashes or backslashes, NUL).
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
fn page(shared: &Shared, base: &str, path: &str) -> Answer {
    let (site, search, has_error, generation) = {
        let state = shared.state.read().unwrap_or_else(|e| e.into_inner());
        (state.site.clone(), state.search.clone(), state.error.is_some(), state.generation)
    };
    let file = |bytes: &[u8], name: &str, status| file(bytes, name, base, generation, status);
    let name =
        if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
    let mut answer = match site.files.get(&name).or_else(|| search.files.get(&name)) {
        Some(bytes) => file(bytes, &name, 200),
        None if site.files.contains_key(&format!("{name}/index.html")) => {
            let mut moved = status(301, Bytes::new());
            if let Ok(to) = HeaderValue::from_str(&format!("{base}{path}/")) {
                moved.headers_mut().insert(header::LOCATION, to);
            }
            moved
        }
        None => match site.files.get("404.html") {
            Some(bytes) => file(bytes, "404.html", 404),
            // The site never built: an empty page that still shows the error and reloads.
            None if has_error => file(b"<!doctype html><title>portal</title><body></body>", ".html", 503),
            None => text(404, "Not found"),
        },
    };
    answer.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    answer
}

fn file(bytes: &[u8], name: &str, base: &str, generation: u64, code: u16) -> Answer {
    let ext = name.rsplit('.').next().unwrap_or("");
    let body = if ext == "html" { inject(bytes, base, generation) } else { bytes.to_vec() };
    with_kind(status(code, Bytes::from(body)), ext)
}

/// `answer` with the `Content-Type` of a file with extension `ext`.
fn with_kind(mut answer: Answer, ext: &str) -> Answer {
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
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    };
    answer.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    answer
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
struct LiveSlot(Arc<Shared>);

impl LiveSlot {
    /// A slot, if fewer than [`MAX_LIVE`] are taken.
    fn take(shared: &Arc<Shared>) -> Option<Self> {
        let open = &shared.live;
        open.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < MAX_LIVE).then_some(n + 1)).ok()?;
        Some(Self(shared.clone()))
    }
}

impl Drop for LiveSlot {
    fn drop(&mut self) {
        self.0.live.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Upgrades to a WebSocket; the connection is then handed to a thread of its own, which
/// forwards the preview's messages to the page until it leaves. Beyond [`MAX_LIVE`]
/// connections, refused with 503.
fn live(request: Request<Incoming>, shared: &Arc<Shared>) -> Answer {
    let Some(slot) = LiveSlot::take(shared) else {
        return text(503, "too many live-reload connections; close some preview tabs");
    };
    let Some(key) = request.headers().get(header::SEC_WEBSOCKET_KEY) else {
        return text(400, "a WebSocket endpoint");
    };
    let accept = tungstenite::handshake::derive_accept_key(key.as_bytes());
    tokio::spawn(async move {
        let Ok(upgraded) = hyper::upgrade::on(request).await else { return };
        type Io = hyper_util::rt::TokioIo<tokio::net::TcpStream>;
        let Ok(parts) = upgraded.downcast::<Io>() else { return };
        let Ok(stream) = parts.io.into_inner().into_std() else { return };
        let buffered = parts.read_buf.to_vec();
        std::thread::spawn(move || forward(stream, buffered, slot));
    });
    let mut switching = status(101, Bytes::new());
    let headers = switching.headers_mut();
    headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    headers.insert(header::CONNECTION, HeaderValue::from_static("Upgrade"));
    if let Ok(accept) = HeaderValue::from_str(&accept) {
        headers.insert(header::SEC_WEBSOCKET_ACCEPT, accept);
    }
    switching
}

/// Forwards the preview's messages to one page over its WebSocket until the page closes it
/// (seen within [`LOOK_EVERY`]) or stops answering: a send that cannot go out within
/// [`SILENT_AT_MOST`], or nothing heard from it (not even the answer to a ping) for as long.
fn forward(stream: std::net::TcpStream, buffered: Vec<u8>, slot: LiveSlot) {
    let shared = &slot.0;
    if stream.set_nonblocking(false).is_err()
        || stream.set_read_timeout(Some(Duration::from_millis(1))).is_err()
        || stream.set_write_timeout(Some(SILENT_AT_MOST)).is_err()
    {
        return;
    }
    let role = tungstenite::protocol::Role::Server;
    // A page sends nothing but its pongs and its close: a small message is all it may send.
    let limits = tungstenite::protocol::WebSocketConfig::default()
        .max_message_size(Some(4096))
        .max_frame_size(Some(4096));
    let mut socket = tungstenite::WebSocket::from_partially_read(stream, buffered, role, Some(limits));
    let messages = shared.subscribe();
    let mut next = Some(tungstenite::Message::text(shared.hello()));
    let (mut pinged, mut heard) = (Instant::now(), Instant::now());
    loop {
        if let Some(message) = next.take()
            && socket.send(message).is_err()
        {
            return;
        }
        // Pinged on time however many messages go out: its answer is what says it is there.
        if pinged.elapsed() >= PING_EVERY {
            pinged = Instant::now();
            if socket.send(tungstenite::Message::Ping(Vec::new().into())).is_err() {
                return;
            }
        }
        match read(&mut socket) {
            Heard::Closed => return,
            Heard::Something => heard = Instant::now(),
            Heard::Nothing if heard.elapsed() > SILENT_AT_MOST => return,
            Heard::Nothing => {}
        }
        next = match messages.recv_timeout(LOOK_EVERY) {
            Ok(message) => Some(tungstenite::Message::text(message)),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
    }
}

/// What came from the page within the socket's read timeout.
enum Heard {
    /// It closed its end: a close frame, or the connection gone.
    Closed,
    /// A message (a pong, most likely): it is there.
    Something,
    /// Nothing yet.
    Nothing,
}

/// What came from the page, waiting at most the socket's read timeout.
fn read(socket: &mut tungstenite::WebSocket<std::net::TcpStream>) -> Heard {
    use std::io::ErrorKind::{TimedOut, WouldBlock};
    match socket.read() {
        Ok(tungstenite::Message::Close(_)) => Heard::Closed,
        Ok(_) => Heard::Something,
        Err(tungstenite::Error::Io(e)) if matches!(e.kind(), WouldBlock | TimedOut) => Heard::Nothing,
        Err(_) => Heard::Closed,
    }
}

fn status(code: u16, body: Bytes) -> Answer {
    let mut answer = Response::new(Full::new(body));
    *answer.status_mut() = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    answer
}

fn text(code: u16, body: &str) -> Answer {
    with_kind(status(code, Bytes::from(body.to_string())), "txt")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_first_port_moves_to_the_next_free_one_and_a_taken_chosen_port_is_an_error() {
        let loopback = IpAddr::from([127, 0, 0, 1]);
        // Held here (or already taken by something else: taken either way).
        let _held = TcpListener::bind((loopback, FIRST_PORT));
        let (_listener, port) = bind(loopback, None).unwrap();
        assert!(port > FIRST_PORT && port < FIRST_PORT + 50, "{port}");
        let e = bind(loopback, Some(port)).unwrap_err();
        assert!(e.contains(&format!("cannot listen on 127.0.0.1:{port}: the port is taken")), "{e}");
    }

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

    #[test]
    fn only_hosts_that_name_this_machine_with_its_port_are_answered() {
        let server = |bound: &str| Server {
            shared: Arc::new(Shared::default()),
            base: "/".into(),
            bound: bound.parse().unwrap(),
        };
        let local = server("127.0.0.1:1111");
        for good in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST:1111", "[::1]:1111"] {
            assert!(local.is_own_host(good), "{good}");
        }
        for bad in [
            "evil.example:1111",
            "127.0.0.1:80",
            "127.0.0.1",
            "localhost",
            "192.168.1.5:1111",
            "localhost.evil.example:1111",
            "",
        ] {
            assert!(!local.is_own_host(bad), "{bad}");
        }
        let shared = server("0.0.0.0:1111");
        assert!(shared.is_own_host("192.168.1.5:1111"), "bound to all: any address of the machine");
        assert!(!shared.is_own_host("rebound.example:1111"), "but never a name");
        let one = server("192.168.1.5:1111");
        assert!(one.is_own_host("192.168.1.5:1111") && one.is_own_host("localhost:1111"));
        assert!(!one.is_own_host("10.0.0.1:1111"));
        assert!(!local.is_own_host("localhost.:1111"), "a trailing dot is another name");
    }
}
