//! `portal serve`, end to end: a real server process on loopback, a real headless Chromium
//! (see `common/browser.rs`), and files edited on disk as an editor saves them.

use crate::common;
use common::browser::Browser;
use common::{Site, http_get};
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A `portal serve` process on a free port; stopped when dropped.
struct Preview {
    child: Child,
    port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Preview {
    fn start(site: &Site) -> Self {
        Self::start_with(site, &[])
    }

    /// The preview with more of `serve`'s options.
    fn start_with(site: &Site, options: &[&str]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_portal"))
            .args(["serve", "--port", &port.to_string()])
            .args(options)
            .current_dir(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        assert!(line.starts_with(&format!("Serving the site at http://127.0.0.1:{port}/portal/")), "{line}");
        let stdout = collect(stdout);
        let stderr = collect(child.stderr.take().unwrap());
        Self { child, port, stdout, stderr }
    }

    /// Whether the preview printed `text` on its standard output within `seconds`.
    fn said(&self, text: &str, seconds: u64) -> bool {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        while Instant::now() < deadline {
            if self.stdout.lock().unwrap().contains(text) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        false
    }

    /// The preview's threads now, as the system counts them.
    fn threads(&self) -> usize {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status.lines().find_map(|l| l.strip_prefix("Threads:")).unwrap().trim().parse().unwrap()
    }

    /// The preview's threads once the first build's background work (the search index) is
    /// over: the same count for a second.
    fn settled_threads(&self) -> usize {
        let mut last = (self.threads(), Instant::now());
        while last.1.elapsed() < Duration::from_secs(1) {
            std::thread::sleep(Duration::from_millis(100));
            let now = self.threads();
            if now != last.0 {
                last = (now, Instant::now());
            }
        }
        last.0
    }

    /// A live-reload connection, as a page opens one.
    fn connect(
        &self,
    ) -> Result<
        tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>,
        tungstenite::Error,
    > {
        tungstenite::connect(format!("ws://127.0.0.1:{}/portal/__portal/live", self.port)).map(|(s, _)| s)
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/portal/{path}", self.port)
    }
}

/// Everything read from `pipe`, as it comes.
fn collect(mut pipe: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    std::thread::spawn(move || {
        let mut buf = [0; 4096];
        while let Ok(n) = pipe.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    text
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn append(site: &Site, path: &str, text: &str) {
    let file = site.root().join(path);
    let old = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, old + text).unwrap();
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn an_edited_council_shows_its_new_text_without_the_test_reloading_the_page() {
    let mut browser = Browser::launch();
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    browser.goto(&preview.url("en/councils/first/"));
    assert!(browser.wait_until("document.querySelector('h1').textContent === 'First council'", 5));
    append(&site, "content/councils/first.en.md", "\nA paragraph written while previewing.\n");
    assert!(
        browser.wait_until("document.body.innerText.includes('A paragraph written while previewing.')", 10),
        "the page did not update itself"
    );
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn a_broken_front_matter_shows_an_overlay_naming_file_and_line_until_it_is_fixed() {
    let mut browser = Browser::launch();
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    browser.goto(&preview.url("en/councils/first/"));
    let file = site.root().join("content/councils/first.en.md");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, good.replacen("title: First council", "titel: First council", 1)).unwrap();
    assert!(browser.wait_until("!!document.getElementById('portal-overlay')", 10), "no overlay");
    let overlay = browser
        .eval("document.getElementById('portal-overlay').innerText")
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        overlay.contains("content/councils/first.en.md:2") && overlay.contains("did you mean `title`?"),
        "{overlay}"
    );
    assert!(
        browser.eval("document.querySelector('h1').textContent") == "First council",
        "the last good page stays underneath"
    );
    std::fs::write(&file, good.replacen("## Outcomes", "## Fixed outcomes", 1)).unwrap();
    assert!(browser.wait_until("!document.getElementById('portal-overlay') && document.body.innerText.includes('Fixed outcomes')", 10), "the overlay did not clear, or the page is not current");
    let stderr = preview.stderr.lock().unwrap().clone();
    assert_eq!(
        stderr.matches("unknown field `titel`").count(),
        1,
        "the terminal shows the error once:\n{stderr}"
    );
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn a_stylesheet_edit_changes_the_style_without_a_page_reload() {
    let mut browser = Browser::launch();
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    browser.goto(&preview.url("en/"));
    browser.eval("window.__notReloaded = true");
    assert!(browser.eval("getComputedStyle(document.querySelector('h1')).letterSpacing") != "7px");
    append(&site, "themes/partnership/static/style.css", "\nh1 { letter-spacing: 7px; }\n");
    assert!(
        browser.wait_until("getComputedStyle(document.querySelector('h1')).letterSpacing === '7px'", 10),
        "the style did not change"
    );
    assert!(browser.eval("window.__notReloaded") == true, "the page was reloaded");
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn a_changed_picture_reloads_its_page_and_a_broken_one_shows_in_the_overlay() {
    let mut browser = Browser::launch();
    let site = common::images::site_with_images(800);
    let preview = Preview::start(&site);
    browser.goto(&preview.url("en/councils/second/"));
    let photo = "document.querySelector('img[alt^=\"Two people\"]')";
    let loaded = |height: u32| {
        format!(
            "{photo}.getAttribute('height') === '{height}' && {photo}.complete && {photo}.naturalWidth > 0"
        )
    };
    assert!(browser.wait_until(&loaded(500), 10), "the photo did not show");
    let file = site.root().join("content/councils/second/signing.jpg");
    common::images::picture(&file, 800, 600);
    assert!(browser.wait_until(&loaded(600), 10), "the page did not show the new photo");
    std::fs::write(&file, "not a photo").unwrap();
    assert!(browser.wait_until("!!document.getElementById('portal-overlay')", 10), "no overlay");
    let overlay = browser.eval("document.getElementById('portal-overlay').innerText");
    let overlay = overlay.as_str().unwrap_or_default();
    assert!(
        overlay.contains("content/councils/second/signing.jpg` is not a valid JPEG image")
            && overlay.contains("content/councils/second.en.md:14"),
        "{overlay}"
    );
    common::images::picture(&file, 800, 400);
    assert!(
        browser.wait_until(&format!("!document.getElementById('portal-overlay') && {}", loaded(400)), 10)
    );
}

#[test]
fn paths_outside_the_site_get_404_and_no_file_content() {
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    assert_eq!(http_get(preview.port, "/portal/en/").0, 200);
    for path in [
        "/portal/../site.yaml",
        "/portal/%2e%2e/site.yaml",
        "/portal/..%2fsite.yaml",
        "/portal/en/%2e%2e%2f%2e%2e%2fsite.yaml",
        "/portal/..%5csite.yaml",
        "/portal//etc/passwd",
        "/etc/passwd",
        "/site.yaml",
        "/content/councils/first.en.md",
        "/portal/content/councils/first.en.md",
        "//portal/site.yaml",
    ] {
        let (status, body) = http_get(preview.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("base_url") && !body.contains("root:") && !body.contains("title: First council"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn the_live_reload_script_exists_only_in_the_preview() {
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    let (_, page) = http_get(preview.port, "/portal/en/");
    assert!(page.contains("/portal/__portal/live.js"));
    site.build();
    for (path, bytes) in site.tree() {
        assert!(!String::from_utf8_lossy(&bytes).contains("__portal"), "{path} carries the preview's script");
    }
    assert!(!site.root().join("public/__portal").exists());
    let deadline = Instant::now() + Duration::from_secs(1);
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Polls the preview until `path` carries `text` (true) or `seconds` pass (false).
fn shows(preview: &Preview, path: &str, text: &str, seconds: u64) -> bool {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < deadline {
        if http_get(preview.port, &format!("/portal/{path}")).1.contains(text) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    false
}

#[test]
fn an_atomic_save_through_a_temporary_file_and_a_rename_is_picked_up() {
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    let file = site.root().join("content/councils/first.en.md");
    let text = std::fs::read_to_string(&file).unwrap() + "\nSaved atomically.\n";
    // As editors such as vim (`4913`, `.swp`) and VS Code save: write elsewhere, then rename over.
    std::fs::write(site.root().join("content/councils/4913"), "").unwrap();
    std::fs::write(site.root().join("content/councils/.first.en.md.swp"), "swap").unwrap();
    let temporary = site.root().join("content/councils/first.en.md.tmp-1234");
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, &file).unwrap();
    std::fs::remove_file(site.root().join("content/councils/4913")).unwrap();
    assert!(shows(&preview, "en/councils/first/", "Saved atomically.", 10));
}

#[test]
fn a_file_replaced_by_a_link_out_of_the_site_or_a_pipe_is_never_read_and_the_preview_goes_on() {
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("id_rsa"), "SECRET-KEY").unwrap();
    // As a checkout would: a link made beside the stylesheet, then renamed over it.
    let css = site.root().join("themes/partnership/static/style.css");
    let link = site.root().join("themes/partnership/static/.style.css.new");
    std::os::unix::fs::symlink(outside.path().join("id_rsa"), &link).unwrap();
    std::fs::rename(&link, &css).unwrap();
    // Alone in its batch, it would be re-read as a stylesheet edit: it goes to the full
    // build, which refuses the link (and says so).
    let said = |text: &str| {
        preview.stderr.lock().unwrap().contains(text) || preview.stdout.lock().unwrap().contains(text)
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !said("leads out of the site") && !said("Rebuilt 1 static file") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(25));
    }
    assert!(said("leads out of the site"), "the full build refused the link");
    assert!(
        !http_get(preview.port, "/portal/style.css").1.contains("SECRET-KEY"),
        "served a file from outside"
    );
    // A page replaced by a pipe, which a read would wait on for ever.
    let about = site.root().join("content/pages/about.en.md");
    std::fs::remove_file(&about).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(&about).status().unwrap().success());
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        !http_get(preview.port, "/portal/style.css").1.contains("SECRET-KEY"),
        "served a file from outside"
    );
    // The rebuilds go on: a later save is shown.
    append(&site, "content/councils/first.en.md", "\nStill watching.\n");
    std::fs::remove_file(&about).unwrap();
    std::fs::remove_file(&css).unwrap();
    std::fs::write(&css, "h1 { color: red }").unwrap();
    assert!(shows(&preview, "en/councils/first/", "Still watching.", 10), "the preview stopped rebuilding");
    assert!(!http_get(preview.port, "/portal/style.css").1.contains("SECRET-KEY"));
}

#[test]
fn a_link_to_the_whole_machine_in_a_source_folder_is_refused_not_watched() {
    // Watched through, the link would have the preview walk every folder of the machine
    // (and spend a watch on each) before it answered.
    let site = Site::fixture("basic");
    std::os::unix::fs::symlink("/", site.root().join("content/everything")).unwrap();
    let started = Instant::now();
    let preview = Preview::start(&site);
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?} to answer", started.elapsed());
    // No good version yet: the preview answers, and says why.
    assert_eq!(http_get(preview.port, "/portal/en/").0, 503);
    // What it printed may reach the pipe a little after its answer.
    let deadline = Instant::now() + Duration::from_secs(10);
    let said = || preview.stderr.lock().unwrap().contains("this link leads out of the site");
    while !said() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(25));
    }
    assert!(said(), "{}", preview.stderr.lock().unwrap());
    // Removed, the site builds again and its edits show.
    std::fs::remove_file(site.root().join("content/everything")).unwrap();
    append(&site, "content/councils/first.en.md", "\nWatched again.\n");
    assert!(shows(&preview, "en/councils/first/", "Watched again.", 10));
}

#[test]
fn after_a_burst_of_saves_the_last_one_is_shown() {
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    let file = site.root().join("content/pages/about.en.md");
    for i in 0..20 {
        std::fs::write(&file, format!("---\ntitle: About\n---\nVersion {i} of the text.\n")).unwrap();
    }
    assert!(shows(&preview, "en/about/", "Version 19 of the text.", 10));
}

#[test]
fn new_renamed_and_deleted_files_appear_and_disappear() {
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    site.write("content/pages/contact.en.md", "---\ntitle: Contact\n---\nWrite to us.\n");
    assert!(shows(&preview, "en/contact/", "Write to us.", 10));
    std::fs::rename(
        site.root().join("content/pages/contact.en.md"),
        site.root().join("content/pages/reach-us.en.md"),
    )
    .unwrap();
    assert!(shows(&preview, "en/reach-us/", "Write to us.", 10));
    assert!(shows(&preview, "en/contact/", "Page not found", 10), "the old address is gone");
}

#[test]
fn a_source_folder_deleted_and_made_again_is_watched_again() {
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    let content = site.root().join("content");
    let saved = tempfile::tempdir().unwrap();
    common::copy_tree(&content, saved.path());
    std::fs::remove_dir_all(&content).unwrap();
    assert!(preview.said("content/ was removed; the preview watches for it to come back", 10));
    // Made again, as a checkout or a restore from a backup does: a new folder.
    common::copy_tree(saved.path(), &content);
    assert!(shows(&preview, "en/councils/first/", "First council", 10), "the restored site is shown");
    append(&site, "content/councils/first.en.md", "\nWritten after the restore.\n");
    assert!(shows(&preview, "en/councils/first/", "Written after the restore.", 10), "edits are seen again");
}

#[test]
fn live_reload_connections_are_capped_and_closed_when_their_page_goes() {
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    let before = preview.settled_threads();
    let (mut open, mut refused) = (Vec::new(), 0);
    for _ in 0..200 {
        match preview.connect() {
            Ok(socket) => open.push(socket),
            Err(_) => refused += 1,
        }
    }
    assert_eq!((open.len(), refused), (64, 136), "64 live connections at most");
    for socket in &mut open {
        let hello = socket.read().unwrap();
        assert!(hello.to_text().unwrap().contains("\"hello\""), "each one is told the current build");
    }
    assert!(preview.threads() >= before + 64, "one thread per open connection");
    // The pages go, as a closed tab does: the README says they are let go within a second.
    let gone = Instant::now();
    drop(open);
    while preview.threads() > before && gone.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let took = gone.elapsed();
    assert!(preview.threads() <= before, "{} threads left behind", preview.threads() - before);
    assert!(took < Duration::from_secs(1), "the connections were let go after {took:?}");
    assert!(preview.connect().is_ok(), "a new page connects again");
}

#[test]
fn live_connections_that_never_answer_are_let_go() {
    // Clients that hold their connection open but never read (so never answer a ping): a
    // page gone to sleep, or someone taking every slot.
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    let held: Vec<_> = (0..64).map(|_| preview.connect().unwrap()).collect();
    assert!(preview.connect().is_err(), "every slot is taken");
    // The README: let go after fifteen seconds without an answer (a ping goes every five).
    let start = Instant::now();
    while preview.connect().is_err() && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(250));
    }
    let took = start.elapsed();
    assert!(took > Duration::from_secs(8) && took < Duration::from_secs(25), "let go after {took:?}");
    drop(held);
}

/// The build a page was served from, as its live-reload script is told.
fn generation_of(html: &str) -> u64 {
    html.split("data-generation=\"").nth(1).and_then(|r| r.split('"').next()).unwrap().parse().unwrap()
}

#[test]
fn a_page_that_connects_after_a_newer_build_is_told_it_is_behind() {
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    let page = generation_of(&http_get(preview.port, "/portal/en/about/").1);
    append(&site, "content/pages/about.en.md", "\nA save made while the page was loading.\n");
    assert!(shows(&preview, "en/about/", "A save made while the page was loading.", 10));
    let mut socket = preview.connect().unwrap();
    let hello: serde_json::Value = serde_json::from_str(socket.read().unwrap().to_text().unwrap()).unwrap();
    assert_eq!(hello["type"], "hello");
    assert!(hello["generation"].as_u64().unwrap() > page, "the page learns that it is behind: {hello}");
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn a_page_whose_live_connection_opens_after_a_save_reloads_to_show_it() {
    let mut browser = Browser::launch();
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    // The page's live connection waits until the test lets it open: the race between a
    // page (re)connecting and a save, made to happen every time.
    let hold = "const Real = window.WebSocket; window.WebSocket = function (url) { \
        const self = this; self.readyState = 0; \
        const open = () => { const ws = new Real(url); \
          ws.onopen = (e) => self.onopen && self.onopen(e); ws.onmessage = (e) => self.onmessage && self.onmessage(e); \
          ws.onclose = (e) => self.onclose && self.onclose(e); }; \
        const wait = () => (window.__connect ? open() : setTimeout(wait, 20)); wait(); };";
    browser.call("Page.enable", serde_json::json!({}));
    browser.call("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": hold }));
    browser.goto(&preview.url("en/about/"));
    append(&site, "content/pages/about.en.md", "\nSaved before the page connected.\n");
    assert!(shows(&preview, "en/about/", "Saved before the page connected.", 10));
    browser.eval("window.__connect = true");
    assert!(
        browser.wait_until(
            "window.__connect = true, document.body.innerText.includes('Saved before the page connected.')",
            10
        ),
        "the page did not catch up with the save it missed"
    );
}

#[test]
fn the_preview_shows_drafts_marked_on_their_page_and_in_lists_and_build_leaves_them_out() {
    let site = Site::fixture("basic");
    site.write("content/pages/soon.en.md", "---\ntitle: Soon\ndraft: true\n---\nComing soon.\n");
    site.write(
        "content/domains/quantum.en.md",
        "---\ntitle: Quantum\nsummary: Qubits.\ndraft: true\n---\nText.\n",
    );
    let preview = Preview::start(&site);
    let badge = r#"<span class="badge badge-draft">draft</span>"#;
    let page = http_get(preview.port, "/portal/en/soon/").1;
    assert!(page.contains("Coming soon.") && page.contains(badge), "{page}");
    let list = http_get(preview.port, "/portal/en/domains/").1;
    assert!(list.contains("Quantum") && list.contains(badge), "{list}");
    let about = http_get(preview.port, "/portal/en/about/").1;
    assert!(!about.contains("badge-draft"), "a published page has no badge");
    site.build();
    assert!(!site.exists("en/soon/index.html") && !site.read("en/domains/index.html").contains("Quantum"));
    // With `--no-drafts`, the preview shows the site as a build publishes it.
    let published = Preview::start_with(&site, &["--no-drafts"]);
    assert_eq!(http_get(published.port, "/portal/en/soon/").0, 404);
    let list = http_get(published.port, "/portal/en/domains/").1;
    assert!(list.contains("Domains") && !list.contains("Quantum"), "{list}");
}

#[test]
fn the_preview_never_touches_the_output_folder_or_the_build_s_records() {
    let site = Site::fixture("basic");
    site.build();
    let kept = |site: &Site| {
        let mut files = common::tree(site.root());
        files.retain(|path, _| path.starts_with("public/") || path.starts_with(".portal-"));
        files
    };
    let before = kept(&site);
    assert!(before.keys().any(|p| p.starts_with(".portal-build")), "the build's record is there");
    let preview = Preview::start(&site);
    append(&site, "content/councils/first.en.md", "\nPreviewed only.\n");
    assert!(shows(&preview, "en/councils/first/", "Previewed only.", 10));
    append(&site, "themes/partnership/static/style.css", "\nh1 { color: teal }\n");
    std::thread::sleep(Duration::from_millis(500));
    assert!(kept(&site) == before, "public/ or a record of the build changed");
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn the_footer_s_follow_link_opens_a_page_that_copies_the_feed_s_address() {
    let mut browser = Browser::launch();
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    browser.goto(&preview.url("ro/consilii/al-treilea/"));
    assert!(browser.wait_until("!!document.querySelector('.site-footer a[href$=\"/ro/urmariti/\"]')", 10));
    browser.eval("document.querySelector('.site-footer a[href$=\"/ro/urmariti/\"]').click()");
    assert!(browser.wait_until("location.pathname.endsWith('/ro/urmariti/')", 10), "the link leads there");
    assert!(browser.wait_until("!!document.querySelector('#feed-address')", 10));
    assert_eq!(browser.eval("document.documentElement.lang").as_str(), Some("ro"));
    let address = browser.eval("document.querySelector('#feed-address').textContent");
    // The preview's own address, as a feed reader on this machine would need it.
    assert_eq!(address.as_str(), Some(preview.url("ro/atom.xml").as_str()));
    let first = browser.eval("document.querySelector('.latest a').textContent");
    assert_eq!(first.as_str(), Some("Al treilea consiliu"));
    // The copy button appears where a script runs; pressed, it copies (or, refused the
    // clipboard, selects the address for Ctrl+C). Either way the reader is not left guessing.
    let button = "document.querySelector('button[data-copy=feed-address]')";
    assert!(browser.wait_until(&format!("!{button}.hidden"), 10), "the copy button is shown");
    browser.eval(&format!("{button}.click()"));
    let done = "document.querySelector('.copy-status').textContent === 'Copiat.' \
                || getSelection().toString().trim() === document.querySelector('#feed-address').textContent";
    assert!(browser.wait_until(done, 10), "pressing it copies or selects the address");
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn the_menu_is_a_button_on_a_phone_and_open_on_a_wide_screen_without_script() {
    let mut browser = Browser::launch();
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    let visible =
        "document.querySelector('.menu-toggle ul a').checkVisibility({ contentVisibilityAuto: true })";
    let set_width = |browser: &mut Browser, width: u32| {
        let size =
            serde_json::json!({ "width": width, "height": 800, "deviceScaleFactor": 1, "mobile": false });
        browser.call("Emulation.setDeviceMetricsOverride", size);
    };
    set_width(&mut browser, 390);
    browser.goto(&preview.url("en/councils/first/"));
    assert!(browser.wait_until("!!document.querySelector('.menu-toggle summary')", 5));
    assert_eq!(browser.eval(visible).as_bool(), Some(false), "closed on a phone");
    let measure = |browser: &mut Browser, selector: &str, side: &str| {
        let js = format!("document.querySelector('{selector}').getBoundingClientRect().{side}");
        browser.eval(&js).as_f64().unwrap_or_else(|| panic!("no {selector}"))
    };
    // The "Menu" button shares its row with the search box (after it), which keeps room to type.
    assert!(measure(&mut browser, ".site-header input[type=search]", "width") >= 150.0, "a usable box");
    assert!(measure(&mut browser, ".site-header", "height") <= 160.0, "a header that leaves the page room");
    browser.eval("document.querySelector('.menu-toggle summary').click()");
    assert!(browser.wait_until(visible, 5), "the button opens it");
    let box_bottom = measure(&mut browser, ".site-header .search", "bottom");
    assert!(
        measure(&mut browser, ".menu-toggle ul", "top") >= box_bottom,
        "the open menu opens below the box, where the keyboard reaches it after the box"
    );
    set_width(&mut browser, 1280);
    browser.goto(&preview.url("en/councils/first/"));
    assert!(browser.wait_until(visible, 5), "open on a wide screen");
    let button = "getComputedStyle(document.querySelector('.menu-toggle summary')).display";
    assert_eq!(browser.eval(button).as_str(), Some("none"), "and no button there");
}

#[test]
fn the_preview_search_index_follows_a_new_page_in_the_background() {
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    let pages = |preview: &Preview| {
        let (status, body) = http_get(preview.port, "/portal/en/pagefind/pagefind-entry.json");
        let entry: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        (status == 200).then(|| entry["languages"]["en"]["page_count"].as_u64()).flatten()
    };
    let wait_for = |preview: &Preview, expected: Option<u64>| {
        let deadline = Instant::now() + Duration::from_secs(20);
        let found = |n: Option<u64>| n.is_some() && (expected.is_none() || n == expected);
        while Instant::now() < deadline && !found(pages(preview)) {
            std::thread::sleep(Duration::from_millis(50));
        }
        pages(preview)
    };
    let before = wait_for(&preview, None).expect("the first index is made after the first build");
    assert_eq!(before, 7, "the fixture's English councils, domains, milestone and page");
    site.write("content/pages/contact.en.md", "---\ntitle: Contact\n---\nWrite to us.\n");
    assert!(shows(&preview, "en/contact/", "Write to us.", 10), "the page is shown first");
    assert_eq!(wait_for(&preview, Some(before + 1)), Some(before + 1), "then the index has it");
    // Search turned off: its files go with it. A new path in `base_url` is said to need a
    // restart (the server's paths are fixed when it starts).
    let yaml = site.read_source("site.yaml").replace("example.org/portal/", "example.org/portail/");
    site.write("site.yaml", &format!("{yaml}search: false\n"));
    let deadline = Instant::now() + Duration::from_secs(10);
    while http_get(preview.port, "/portal/en/pagefind/pagefind-entry.json").0 == 200
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(http_get(preview.port, "/portal/en/pagefind/pagefind-entry.json").0, 404);
    let stderr = preview.stderr.lock().unwrap().clone();
    assert!(
        stderr.contains("base_url's path is now /portail/, but the preview serves under /portal/"),
        "{stderr}"
    );
    // Back to the path it serves: nothing to restart for.
    site.write("site.yaml", &format!("{}search: false\n", yaml.replace("/portail/", "/portal/")));
    append(&site, "content/councils/first.en.md", "\nBack home.\n");
    assert!(shows(&preview, "en/councils/first/", "Back home.", 10));
    let stderr = preview.stderr.lock().unwrap().clone();
    assert!(!stderr.contains("base_url's path is now /portal/"), "{stderr}");
}

/// Sends `request` (head and all) to the preview and returns the status of its answer.
fn status_of(port: u16, request: &str) -> u16 {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut head = String::new();
    BufReader::new(stream).read_line(&mut head).unwrap();
    head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// The most memory the preview has held so far, in MiB.
fn peak_mib(preview: &Preview) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", preview.child.id())).unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .unwrap()
        .trim()
        .trim_end_matches(" kB")
        .parse()
        .unwrap();
    kib / 1024
}

#[test]
fn the_preview_answers_only_this_machine_s_names_and_never_reads_a_body() {
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    let port = preview.port;
    let get = |host: &str| {
        status_of(port, &format!("GET /portal/en/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"))
    };
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}")] {
        assert_eq!(get(&host), 200, "{host}");
    }
    // DNS rebinding: a stranger's name, pointed at 127.0.0.1, asks for the drafts.
    for host in [format!("attacker.example:{port}"), "127.0.0.1:80".into(), "localhost".into()] {
        assert_eq!(get(&host), 421, "{host}");
    }
    for method in ["PUT", "DELETE", "TRACE", "OPTIONS", "POST", "PATCH"] {
        let request =
            format!("{method} /portal/en/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
        assert_eq!(status_of(port, &request), 405, "{method}");
    }
    let head = format!("HEAD /portal/en/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    assert_eq!(status_of(port, &head), 200);
    // A page of another site in the editor's browser may not listen to the live reload.
    let upgrade = |origin: &str| {
        format!(
            "GET /portal/__portal/live HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {origin}\r\n\
             Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        )
    };
    assert_eq!(status_of(port, &upgrade("https://attacker.example")), 403);
    assert_eq!(status_of(port, &upgrade(&format!("http://127.0.0.1:{port}"))), 101);
    // Nor a page of another address or port of this machine (or, bound to all addresses,
    // of the network): its origin is not the host the request goes to.
    assert_eq!(status_of(port, &upgrade(&format!("http://localhost:{port}"))), 403);
    assert_eq!(status_of(port, &upgrade(&format!("http://[::1]:{port}"))), 403);
    let with_body =
        format!("GET /portal/en/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 5\r\n\r\nhello");
    assert_eq!(status_of(port, &with_body), 413);

    // Four clients each send a 250 MB body: each is answered at once and cut off, and the
    // preview's memory does not grow by what they send.
    let before = peak_mib(&preview);
    let senders: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(move || {
                use std::io::Write;
                let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
                let size = 250 * 1024 * 1024;
                let head = format!(
                    "PUT /portal/en/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {size}\r\n\r\n"
                );
                stream.write_all(head.as_bytes()).unwrap();
                let chunk = vec![b'x'; 64 * 1024];
                let mut sent = 0;
                while sent < size && stream.write_all(&chunk).is_ok() {
                    sent += chunk.len();
                }
                sent
            })
        })
        .collect();
    for sender in senders {
        let sent = sender.join().unwrap();
        assert!(sent < 64 * 1024 * 1024, "the preview took {} MiB of a body it refused", sent >> 20);
    }
    let after = peak_mib(&preview);
    assert!(after < before + 32, "the preview's peak memory went from {before} to {after} MiB");
    assert_eq!(get(&format!("127.0.0.1:{port}")), 200, "and it still serves");
}

#[test]
fn the_preview_serves_an_old_url_as_a_page_that_leads_to_the_new_one() {
    let site = Site::fixture("basic");
    let preview = Preview::start(&site);
    let en = site.read_source("content/councils/second.en.md");
    site.write(
        "content/councils/second.en.md",
        &en.replacen("---\n", "---\naliases: [/en/councils/old-second/]\n", 1),
    );
    assert!(shows(&preview, "en/councils/old-second/", "url=/portal/en/councils/second/", 10));
}
