//! A headless Chromium driven over the DevTools protocol (a WebSocket speaking JSON), for
//! the tests of what only a browser shows. Without Chromium (outside CI) they are marked
//! ignored at build time (`build.rs`): the test run's closing line counts them.

use serde_json::{Value, json};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// A running headless Chromium with one page.
pub struct Browser {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium. The browser tests are marked ignored where there is none (see
    /// `build.rs`), so a missing browser here is a failure, with what to install.
    pub fn launch() -> Self {
        let exe = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        assert!(Path::new(&exe).exists(), "no Chromium at {exe}: apt-get install chromium (or set CHROMIUM)");
        let profile = tempfile::tempdir().unwrap();
        let child = Command::new(&exe)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Chromium starts");
        let port = wait_for_port(&profile.path().join("DevToolsActivePort"));
        let list: Value =
            serde_json::from_str(&super::http_get(port, "/json/list").1).expect("DevTools target list");
        let url = list.as_array().unwrap().iter().find(|t| t["type"] == "page").expect("a page")
            ["webSocketDebuggerUrl"]
            .as_str()
            .unwrap()
            .to_string();
        let (socket, _) = tungstenite::connect(url).expect("DevTools WebSocket");
        Self { child, socket, next_id: 0, _profile: profile }
    }

    /// Calls a DevTools method and returns its result (events in between are skipped).
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.socket
            .send(Message::text(json!({ "id": id, "method": method, "params": params }).to_string()))
            .unwrap();
        loop {
            let message = self.socket.read().expect("DevTools answers");
            let Ok(text) = message.to_text() else {
                continue;
            };
            let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            if value["id"] == id {
                return value;
            }
        }
    }

    /// Opens `url` and waits for it to load.
    pub fn goto(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
        assert!(
            self.wait_until("document.readyState === 'complete' && location.href !== 'about:blank'", 10),
            "{url} did not load"
        );
    }

    /// Evaluates a JavaScript expression in the page (Null if the page is reloading).
    pub fn eval(&mut self, expression: &str) -> Value {
        let answer =
            self.call("Runtime.evaluate", json!({ "expression": expression, "returnByValue": true }));
        answer["result"]["result"]["value"].clone()
    }

    /// Polls `expression` until it is true; false after `seconds`.
    pub fn wait_until(&mut self, expression: &str, seconds: u64) -> bool {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        while Instant::now() < deadline {
            if self.eval(expression) == Value::Bool(true) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for_port(file: &Path) -> u16 {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Some(port) = std::fs::read_to_string(file).ok().and_then(|t| t.lines().next()?.parse().ok()) {
            return port;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("Chromium did not open its DevTools port");
}
