//! Search: a Pagefind index per language with one record per page, the box in every page's
//! header, `search: false`, and, in Chromium, queries typed into the box of the shipped site
//! built under a sub-path and served as plain static files.

use crate::common;
use common::Site;
use common::browser::Browser;
use common::host::Host;
use serde_json::Value;
use std::path::Path;

/// The item pages of a language in a site's sources: councils, domains, milestones, pages.
fn item_pages(root: &Path, lang: &str) -> usize {
    ["councils", "domains", "milestones", "pages"]
        .iter()
        .flat_map(|folder| std::fs::read_dir(root.join("content").join(folder)).into_iter().flatten())
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(&format!(".{lang}.md")) && !name.starts_with('_'))
        .count()
}

fn entry_of(site: &Site, lang: &str) -> Value {
    serde_json::from_str(&site.read(&format!("{lang}/pagefind/pagefind-entry.json"))).unwrap()
}

#[test]
fn each_language_has_its_own_index_with_one_record_per_page() {
    let site = Site::fixture("basic");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Search: an index per language (en 7, ro 7 pages) in <language>/pagefind/"),
        "{}",
        run.stdout
    );
    for (lang, other) in [("en", "ro"), ("ro", "en")] {
        let pages = item_pages(site.root(), lang);
        assert_eq!(pages, 7, "the fixture's councils, domains, milestone and page");
        let entry = entry_of(&site, lang);
        let languages = entry["languages"].as_object().unwrap();
        assert_eq!(languages.keys().collect::<Vec<_>>(), [lang], "only its own language");
        assert_eq!(languages[lang]["page_count"], pages, "one record per page of {lang}");
        assert!(languages.get(other).is_none());
        let fragments =
            std::fs::read_dir(site.root().join(format!("public/{lang}/pagefind/fragment"))).unwrap();
        assert_eq!(fragments.count(), pages, "one fragment (record) per page");
        assert!(site.exists(&format!("{lang}/pagefind/pagefind.js")));
        assert!(site.exists(&format!("{lang}/pagefind/wasm.{lang}.pagefind")), "stemming for {lang}");
        assert!(!site.exists(&format!("{lang}/pagefind/pagefind-ui.js")), "the theme has its own interface");
    }
    let first = std::fs::read_dir(site.root().join("public/en/pagefind/fragment"))
        .unwrap()
        .map(|f| fragment(&f.unwrap().path()))
        .find(|f| f["url"] == "/portal/en/councils/first/")
        .expect("the first council is a record");
    assert_eq!(first["meta"]["title"], "First council");
    assert_eq!(first["meta"]["kind"], "council");
    assert_eq!(first["meta"]["summary"], "The first meeting.");
    assert_eq!(first["filters"]["kind"], serde_json::json!(["council"]));
    assert!(first["meta"]["date"].as_str().is_some_and(|d| d.contains("2023")), "{first}");
    assert_eq!(first["filters"]["year"], serde_json::json!(["2023"]));
}

#[test]
fn every_page_has_the_search_box_and_the_index_leaves_out_list_pages() {
    let site = Site::fixture("basic");
    site.build();
    for page in
        ["en/index.html", "en/councils/index.html", "ro/consilii/first/index.html", "en/about/index.html"]
    {
        let html = site.read(page);
        assert!(html.contains(r#"<form class="search search-box" role="search""#), "{page}");
        assert!(
            !html.contains("search.js\"></script>"),
            "{page}: no script is fetched before the box is used"
        );
    }
    let box_ro = site.read("ro/index.html");
    assert!(
        box_ro.contains(r#"aria-label="Căutați pe site""#)
            && box_ro.contains(r#"action="/portal/ro/search/""#)
    );
    let search_page = site.read("ro/search/index.html");
    assert!(search_page.contains(r#"data-search="page""#), "the search page has the form in its main");
    assert!(!search_page.contains("search-box"), "and no second one in the header");
    assert!(search_page.contains("<noscript>") && search_page.contains("/portal/ro/consilii/"));
    assert!(!site.read("sitemap.xml").contains("/search/"), "the search page is not a page to list");
    let urls: Vec<String> = std::fs::read_dir(site.root().join("public/en/pagefind/fragment"))
        .unwrap()
        .map(|f| fragment_url(&f.unwrap().path()))
        .collect();
    assert!(urls.iter().all(|u| u.starts_with("/portal/en/")), "{urls:?}");
    assert!(
        !urls.iter().any(|u| u == "/portal/en/" || u == "/portal/en/councils/"),
        "no list pages: {urls:?}"
    );
}

/// The URL a Pagefind fragment (gzip of JSON) records.
/// A Pagefind fragment (one record), unzipped: `url`, `meta`, `filters`, `content`.
fn fragment(path: &Path) -> Value {
    let json = fragment_text(&std::fs::read(path).unwrap());
    serde_json::from_str(json.trim_start_matches("pagefind_dcd")).unwrap()
}

fn fragment_url(path: &Path) -> String {
    fragment(path)["url"].as_str().unwrap().to_string()
}

#[test]
fn search_false_writes_no_index_no_search_page_and_no_box() {
    let site = Site::fixture("basic");
    let config = site.read_source("site.yaml");
    site.write("site.yaml", &format!("{config}search: false\n"));
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.exists("en/pagefind/pagefind-entry.json") && !site.exists("en/search/index.html"));
    let home = site.read("en/index.html");
    assert!(
        !home.contains("role=\"search\"") && !home.contains("<script type=\"module\""),
        "no box, no loader"
    );
}

/// The `basic` site with the `search` layer, built under `/portal/` and served as static
/// files.
fn site_hosted() -> (Site, Host) {
    let site = Site::layered("search");
    let run = site.run(&["build", "--base-url", "https://example.github.io/portal/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let host = Host::start(&site.root().join("public"), "/portal/");
    (site, host)
}

/// Types `query` into the header's box and waits for its results; their titles.
fn search(browser: &mut Browser, query: &str) -> Vec<String> {
    browser.eval("document.querySelector('.site-header input[type=search]').focus()");
    browser.call("Input.insertText", serde_json::json!({ "text": query }));
    let status = "document.querySelector('.search-status')?.textContent";
    assert!(
        browser.wait_until(&format!("({status} || '').includes({})", serde_json::json!(query)), 10),
        "no result count for {query:?}: {}",
        browser.eval(status)
    );
    let titles = browser
        .eval("[...document.querySelectorAll('.search-results .search-title > *')].map(a => a.textContent)");
    titles.as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect()
}

fn clear(browser: &mut Browser) {
    let script = "{ const i = document.querySelector('.site-header input[type=search]'); i.value = ''; i.dispatchEvent(new Event('input')); }";
    browser.eval(script);
    assert!(browser.wait_until("document.querySelector('.search-status').textContent === ''", 5));
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn a_visitor_finds_pages_in_either_language_without_diacritics_under_the_sub_path() {
    let (_site, host) = site_hosted();
    let mut browser = Browser::launch();
    browser.goto(&host.url("/portal/ro/"));
    assert!(
        !host.served().iter().any(|(p, _)| p.contains("pagefind") || p.contains("search.js")),
        "a page that does not search downloads nothing for it"
    );
    let hrefs = "[...document.querySelectorAll('.search-results a')].map(a => a.getAttribute('href'))";
    for (query, expected) in [
        ("sedinta", "Parteneriatul este semnat"),
        ("stiinta materialelor", "Semiconductori"),
        ("consiliului", "Primul consiliu"),
    ] {
        let titles = search(&mut browser, query);
        assert!(titles.iter().any(|t| t == expected), "{query}: {titles:?}");
        let links = browser.eval(hrefs);
        let links: Vec<&str> = links.as_array().unwrap().iter().filter_map(Value::as_str).collect();
        assert!(links.iter().all(|l| l.starts_with("/portal/ro/")), "only Romanian pages: {links:?}");
        clear(&mut browser);
    }
    let fetched: Vec<String> = host.served().into_iter().map(|(p, _)| p).collect();
    assert!(fetched.iter().any(|p| p.starts_with("/portal/ro/pagefind/wasm.ro")), "{fetched:?}");
    assert!(!fetched.iter().any(|p| p.contains("/en/pagefind/")), "never the other language's index");

    // English stems: `councils` finds a page that says `council`; Enter in the box opens the
    // search page with every result.
    browser.goto(&host.url("/portal/en/domains/"));
    search(&mut browser, "councils");
    press(&mut browser, "Enter");
    assert!(
        browser.wait_until("location.pathname === '/portal/en/search/'", 10),
        "Enter opens the search page"
    );
    assert!(browser.wait_until("document.querySelectorAll('.search-results li').length > 0", 10));
    let titles = browser
        .eval("[...document.querySelectorAll('.search-results h2.search-title a')].map(a => a.textContent)");
    assert!(titles.as_array().unwrap().iter().any(|t| t == "The partnership is signed"), "{titles}");
    // The words stay in the browser: in the address's fragment, never in what was asked of
    // the host (the privacy notice says so).
    assert_eq!(browser.eval("location.hash").as_str(), Some("#q=councils"));
    let asked = host.served();
    assert!(!asked.iter().any(|(p, _)| p.contains("councils") && !p.contains("pagefind")), "{asked:?}");
    assert!(!asked.iter().any(|(p, _)| p.contains("q=")), "no address carried the words: {asked:?}");
    // "See every result" leads there the same way; an old `?q=` link is moved to `#q=`.
    browser.goto(&host.url("/portal/en/search/?q=chips"));
    assert!(browser.wait_until("location.hash === '#q=chips' && location.search === ''", 10));
    assert!(browser.wait_until("document.querySelectorAll('.search-results li').length > 0", 10));
    // The language switcher takes the words along, in the fragment too.
    let switcher = browser.eval("document.querySelector('.switcher a[hreflang=ro]').getAttribute('href')");
    assert!(switcher.as_str().is_some_and(|h| h.ends_with("/portal/ro/search/#q=chips")), "{switcher}");
    browser.goto(&host.url("/portal/en/domains/"));
    search(&mut browser, "council");
    let all = browser.eval("document.querySelector('.search-all').getAttribute('href')");
    assert!(all.as_str().is_some_and(|a| a.ends_with("/portal/en/search/#q=council")), "{all}");
    // So do the 404 page's forms, one per language, at any address the host has no page for.
    let before = host.served().len();
    browser.goto(&host.url("/portal/en/no-such-page/"));
    browser.eval("const f = document.querySelectorAll('form.not-found-search')[1]; f.q.value = 'consiliu'; f.requestSubmit()");
    let romanian_search = browser.eval("document.querySelectorAll('form.not-found-search')[1]?.action ?? ''");
    assert!(
        browser.wait_until("location.hash === '#q=consiliu' && location.search === ''", 10),
        "the 404 page's form opens {romanian_search} with the words after #"
    );
    let asked = host.served();
    assert!(
        !asked[before..].iter().any(|(p, _)| p.contains("q=")),
        "no address carried the words: {asked:?}"
    );

    // The box is an ARIA 1.2 combobox: its results are options of a listbox; ↓ chooses the
    // first (focus stays in the box), Enter follows it.
    browser.goto(&host.url("/portal/en/domains/"));
    let titles = search(&mut browser, "chips");
    assert!(!titles.is_empty());
    let input = "document.querySelector('.site-header input[type=search]')";
    assert_eq!(browser.eval(&format!("{input}.getAttribute('role')")).as_str(), Some("combobox"));
    assert_eq!(browser.eval(&format!("{input}.getAttribute('aria-expanded')")).as_str(), Some("true"));
    let listbox = format!("document.getElementById({input}.getAttribute('aria-controls'))");
    assert_eq!(browser.eval(&format!("{listbox}.getAttribute('role')")).as_str(), Some("listbox"));
    let options =
        browser.eval(&format!("[...{listbox}.children].every(o => o.getAttribute('role') === 'option')"));
    assert_eq!(options, Value::Bool(true));
    let first = browser.eval(&format!("new URL({listbox}.children[0].dataset.href, location.href).href"));
    press(&mut browser, "ArrowDown");
    assert_eq!(
        browser.eval("document.activeElement.type").as_str(),
        Some("search"),
        "focus stays in the box"
    );
    let active = browser.eval(&format!("{input}.getAttribute('aria-activedescendant') === {listbox}.children[0].id && {listbox}.children[0].getAttribute('aria-selected') === 'true'"));
    assert_eq!(active, Value::Bool(true), "↓ chooses the first option");
    press(&mut browser, "Enter");
    assert!(browser.wait_until(&format!("location.href === {first}"), 10), "Enter follows the option");
    // A pointer press on an option follows it (the press must not close the list first).
    browser.goto(&host.url("/portal/en/domains/"));
    search(&mut browser, "chips");
    let target = browser.eval(&format!("new URL({listbox}.children[0].dataset.href, location.href).href"));
    let rect = browser.eval(&format!("(() => {{ const r = {listbox}.children[0].getBoundingClientRect(); return [r.x + r.width / 2, r.y + 10]; }})()"));
    let (x, y) = (rect[0].as_f64().unwrap(), rect[1].as_f64().unwrap());
    for kind in ["mousePressed", "mouseReleased"] {
        let event = serde_json::json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 });
        browser.call("Input.dispatchMouseEvent", event);
    }
    assert!(browser.wait_until(&format!("location.href === {target}"), 10), "a click follows the option");
    // No key of one character takes the focus (WCAG 2.1.4); Escape closes the results.
    assert!(browser.wait_until("document.readyState === 'complete'", 10));
    press(&mut browser, "/");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_ne!(browser.eval("document.activeElement.type").as_str(), Some("search"), "/ is the browser's");
    search(&mut browser, "chips");
    assert_eq!(browser.eval("document.querySelector('.search-panel').hidden"), Value::Bool(false));
    press(&mut browser, "Escape");
    assert_eq!(browser.eval("document.querySelector('.search-panel').hidden"), Value::Bool(true));
    assert_eq!(browser.eval(&format!("{input}.getAttribute('aria-expanded')")).as_str(), Some("false"));
}

/// Romanian has many short words (se, la, sub): a word that no page contains must not find
/// the pages of the short word that begins it. It is named under the results, a synonym
/// is tried first, and where nothing matches the reader gets words and the sections.
#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn a_word_no_page_contains_finds_nothing_is_named_and_gets_help_and_synonyms() {
    let (_site, host) = site_hosted();
    let mut browser = Browser::launch();
    browser.goto(&host.url("/portal/ro/"));
    let notes = "[...document.querySelectorAll('.search-note')].map(n => n.textContent).join(' ')";
    // The fixture's text has `se`, `la` and `sub`; these words are not in it.
    for query in ["sezon", "subventii", "lasere", "sesiunile"] {
        let titles = search(&mut browser, query);
        assert!(titles.is_empty(), "{query}: a false hit {titles:?}");
        // The note and the help are written after the count: wait for them (a loaded machine
        // may read the page in between).
        let note = serde_json::json!(format!("Nicio pagină nu conține „{query}”"));
        assert!(
            browser.wait_until(&format!("{notes}.includes({note})"), 5),
            "{query}: {}",
            browser.eval(notes)
        );
        let links = "JSON.stringify([...document.querySelectorAll('.search-help a')].map(a => a.getAttribute('href')))";
        let expected =
            serde_json::json!(r#"["/portal/ro/cronologie/","/portal/ro/consilii/","/portal/ro/domenii/"]"#);
        assert!(
            browser.wait_until(&format!("{links} === {expected}"), 5),
            "{query}: {}",
            browser.eval(links)
        );
        clear(&mut browser);
    }
    // The closest words: `semafor` is not there, `semnat` is; choosing it searches it.
    search(&mut browser, "semafor");
    assert!(
        browser.wait_until(
            "[...document.querySelectorAll('.search-word')].some(b => b.textContent === 'semnat')",
            10
        ),
        "{}",
        browser.eval(notes)
    );
    // Each word once, as a reader types it: no `semnat.` beside `semnat`.
    let words = "[...document.querySelectorAll('.search-word')].map(b => b.textContent)";
    let listed = browser.eval(&format!("JSON.stringify({words})"));
    let listed: Vec<String> = serde_json::from_str(listed.as_str().unwrap_or("[]")).unwrap_or_default();
    assert!(listed.iter().all(|w| w.chars().all(char::is_alphanumeric)), "{listed:?}");
    // On the search page, a note is shown once: under the results, not in the count's line
    // as well (which says it to screen readers, hidden).
    browser.goto(&host.url("/portal/ro/search/#q=semafor"));
    assert!(browser.wait_until(&format!("{notes}.includes('semafor')"), 10), "{}", browser.eval(notes));
    let seen = "[...document.querySelector('main .search-status').childNodes].filter(n => !n.classList?.contains('visually-hidden')).map(n => n.textContent).join('')";
    assert!(!browser.eval(seen).as_str().unwrap_or("").contains("Nicio pagină"), "{}", browser.eval(seen));
    let heard = "document.querySelector('main .search-status').textContent";
    assert!(browser.eval(heard).as_str().unwrap_or("").contains("Nicio pagină"), "{}", browser.eval(heard));
    browser.goto(&host.url("/portal/ro/"));
    search(&mut browser, "semafor");
    let semnat = "[...document.querySelectorAll('.search-word')].some(b => b.textContent === 'semnat')";
    assert!(browser.wait_until(semnat, 10), "{}", browser.eval(notes));
    browser
        .eval("[...document.querySelectorAll('.search-word')].find(b => b.textContent === 'semnat').click()");
    assert!(browser.wait_until("document.querySelectorAll('.search-results [role=option]').length > 0", 10));
    clear(&mut browser);
    // A synonym from the theme's strings: `Seoul` is written `Seul` in Romanian.
    let titles = search(&mut browser, "Seoul");
    assert!(titles.iter().any(|t| t == "Parteneriatul este semnat"), "{titles:?}");
    let said = browser.eval(notes);
    assert!(said.as_str().is_some_and(|n| n.contains("„Seul”")), "{said}");
    clear(&mut browser);
    // In a query of several words, the one no page contains is named; the others search.
    let titles = search(&mut browser, "semnat sezon");
    assert!(titles.iter().any(|t| t == "Parteneriatul este semnat"), "{titles:?}");
    assert!(browser.eval(notes).as_str().is_some_and(|n| n.contains("„sezon”")));
    let status = browser.eval("document.querySelector('.site-header [role=status]').textContent");
    assert!(status.as_str().is_some_and(|s| s.contains("„sezon”")), "the status says it too: {status}");
}

/// Presses and releases a key in the page.
fn press(browser: &mut Browser, key: &str) {
    let (code, text) = match key {
        "ArrowDown" => (40, ""),
        "Enter" => (13, "\r"),
        "Escape" => (27, ""),
        _ => (key.chars().next().unwrap() as u32, key),
    };
    for kind in ["keyDown", "keyUp"] {
        let mut event = serde_json::json!({ "type": kind, "key": key, "windowsVirtualKeyCode": code });
        if kind == "keyDown" && !text.is_empty() {
            event["text"] = text.into();
        }
        browser.call("Input.dispatchKeyEvent", event);
    }
}

/// A word in a heading ranks its page above a page that has it only in paragraphs, as
/// Pagefind's own HTML indexer weighs headings (the records carry its weight markers).
#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn a_word_in_a_heading_ranks_its_page_above_one_that_has_it_in_the_text() {
    let (_site, host) = site_hosted();
    let mut browser = Browser::launch();
    browser.goto(&host.url("/portal/en/"));
    let titles = search(&mut browser, "interoperability");
    assert_eq!(titles.first().map(String::as_str), Some("Alpha notes"), "{titles:?}");
    assert!(titles.iter().any(|t| t == "Beta notes"), "{titles:?}");
}

/// A long page's words in one of its sections: the result leads to the section's heading
/// (Pagefind's sub-result) and names it, in the box and on the search page.
#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn a_result_for_a_section_leads_to_its_heading_and_names_it() {
    let (_site, host) = site_hosted();
    let mut browser = Browser::launch();
    browser.goto(&host.url("/portal/en/"));
    let titles = search(&mut browser, "cryogenics");
    assert_eq!(titles, ["Gamma report"]);
    let option = "document.querySelector('.search-results [role=option]')";
    assert_eq!(
        browser.eval(&format!("{option}.dataset.href")).as_str(),
        Some("/portal/en/gamma/#quantum-sensors")
    );
    assert_eq!(
        browser.eval(&format!("{option}.querySelector('.search-section').textContent")).as_str(),
        Some("Quantum sensors")
    );
    let excerpt = browser.eval(&format!("{option}.querySelector('.search-excerpt').textContent"));
    assert!(excerpt.as_str().is_some_and(|e| e.contains("cooled by cryogenics")), "{excerpt}");
    // A word of the page's start leads to the page itself, with no section named.
    clear(&mut browser);
    search(&mut browser, "year");
    assert_eq!(browser.eval(&format!("{option}.dataset.href")).as_str(), Some("/portal/en/gamma/"));
    assert_eq!(browser.eval(&format!("{option}.querySelector('.search-section')")), Value::Null);
    browser.goto(&host.url("/portal/en/search/#q=cryogenics"));
    assert!(browser.wait_until("document.querySelectorAll('.search-results li').length > 0", 10));
    let link = browser.eval("document.querySelector('.search-results .search-title a').getAttribute('href')");
    assert_eq!(link.as_str(), Some("/portal/en/gamma/#quantum-sensors"));
}

/// Queries of both languages for the parity test: words of the shipped site with and
/// without diacritics, stems, prefixes, phrases of two words, and words it does not have.
const PARITY_QUERIES: [(&str, &str); 40] = [
    ("en", "council"),
    ("en", "councils"),
    ("en", "semiconductors"),
    ("en", "digital partnership"),
    ("en", "Seoul"),
    ("en", "artificial intelligence"),
    ("en", "quantum"),
    ("en", "5G"),
    ("en", "cybersecurity"),
    ("en", "data"),
    ("en", "research"),
    ("en", "Brussels"),
    ("en", "minister"),
    ("en", "trade"),
    ("en", "connectivity"),
    ("en", "skills"),
    ("en", "platforms"),
    ("en", "semi"),
    ("en", "digi"),
    ("en", "zzqx"),
    ("ro", "consiliu"),
    ("ro", "ședință"),
    ("ro", "sedinta"),
    ("ro", "semiconductori"),
    ("ro", "inteligență artificială"),
    ("ro", "inteligenta"),
    ("ro", "cercetare"),
    ("ro", "securitate cibernetică"),
    ("ro", "date"),
    ("ro", "parteneriat"),
    ("ro", "Seul"),
    ("ro", "cuantic"),
    ("ro", "competențe"),
    ("ro", "platforme"),
    ("ro", "ministru"),
    ("ro", "comerț"),
    ("ro", "stiinta materialelor"),
    ("ro", "subventii"),
    ("ro", "lasere"),
    ("ro", "sesiune"),
];

/// The results of a parity query without their scores.
fn without_scores(results: &Value) -> Value {
    let mut results = results.clone();
    for r in results.as_array_mut().unwrap() {
        r[1] = Value::Null;
    }
    results
}

fn scores(results: &Value) -> Vec<f64> {
    results.as_array().unwrap().iter().map(|r| r[1].as_f64().unwrap()).collect()
}

/// Pagefind's own index of the same records, made with its `add_custom_record`.
fn pagefind_reference(records: Vec<portal::search::Record>, lang: &str, into: &Path) {
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let files = runtime.block_on(async {
        let options =
            pagefind::options::PagefindServiceConfig::builder().force_language(lang.to_string()).build();
        let mut index = pagefind::api::PagefindIndex::new(Some(options)).unwrap();
        for r in records {
            let (meta, filters) = (Some(r.meta), Some(r.filters));
            index.add_custom_record(r.url, r.content, lang.to_string(), meta, filters, None).await.unwrap();
        }
        index.get_files().await.unwrap()
    });
    for file in files {
        let path = into.join(&file.filename);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, file.contents).unwrap();
    }
}

/// The index is written by our own code in Pagefind's format: Pagefind's JavaScript, run in
/// Chromium over it, finds for every query the same pages, in the same order, with the same
/// scores, excerpts and texts, as over an index that Pagefind itself made of the same records.
#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn pagefind_finds_in_our_index_what_it_finds_in_its_own_for_forty_queries() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built =
        portal::pipeline::run(root, &Default::default()).unwrap_or_else(|d| panic!("{}", d.render(root)));
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours");
    for (name, bytes) in &built.search.as_ref().expect("the shipped site has search").files {
        let path = ours.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes.as_slice()).unwrap();
    }
    for language in &built.config.languages {
        let lang = language.code.as_str();
        let records = portal::search::records(&built.graph, &built.config, language);
        pagefind_reference(records, lang, &dir.path().join("theirs").join(lang).join("pagefind"));
    }
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>parity</title>").unwrap();
    let host = Host::start(dir.path(), "/t/");
    let mut browser = Browser::launch();
    browser.goto(&host.url("/t/index.html"));
    let queries = serde_json::to_string(&PARITY_QUERIES[..]).unwrap();
    let script = format!(
        r#"(async () => {{
            const found = {{}};
            for (const side of ["ours", "theirs"]) {{
                for (const lang of ["en", "ro"]) {{
                    window.progress = `${{side}} ${{lang}} import`;
                    const pagefind = await import(`/t/${{side}}/${{lang}}/pagefind/pagefind.js`);
                    window.progress = `${{side}} ${{lang}} init`;
                    await pagefind.init();
                    for (const [l, q] of {queries}) {{
                        if (l !== lang) continue;
                        window.progress = `${{side}} ${{lang}} ${{q}}`;
                        const search = await pagefind.search(q);
                        // One fragment after the other: the test's host, one thread, can
                        // leave a request of twenty at once unanswered.
                        const data = [];
                        for (const r of search.results) data.push(await r.data());
                        // Pagefind puts its bundle's folder before a page's URL.
                        const folder = `/t/${{side}}/${{lang}}`;
                        found[`${{side}} ${{lang}} ${{q}}`] = data.map((d, i) => [
                            d.url.replace(folder, ""), search.results[i].score, d.excerpt, d.word_count, d.content,
                        ]);
                    }}
                }}
            }}
            window.parity = found;
        }})().catch((e) => {{ window.parity = String(e); }})"#
    );
    browser.eval(&script);
    let done = browser.wait_until("window.parity !== undefined", 60);
    let served = host.served();
    assert!(
        done,
        "the queries did not finish: {} {} {:?}",
        browser.eval("window.progress"),
        served.len(),
        &served[served.len().saturating_sub(4)..]
    );
    let found = browser.eval("window.parity");
    assert!(found.is_object(), "{found}");
    let mut with_results = 0;
    for (lang, query) in PARITY_QUERIES {
        let ours = &found[format!("ours {lang} {query}")];
        let theirs = &found[format!("theirs {lang} {query}")];
        assert!(theirs.is_array(), "{lang} {query}: {found}");
        assert_eq!(
            without_scores(ours),
            without_scores(theirs),
            "{lang} «{query}»: our index, then Pagefind's"
        );
        // Scores are sums of floats: the order in which they are added follows how the index
        // is cut into chunks (ours are smaller than Pagefind's), which moves the last digits;
        // with the whole index in one chunk they are equal to the bit.
        for (a, b) in scores(ours).iter().zip(scores(theirs)) {
            assert!((a - b).abs() <= 1e-5 * b.abs(), "{lang} «{query}»: scores {a} and {b}");
        }
        with_results += usize::from(!theirs.as_array().unwrap().is_empty());
    }
    assert!(with_results >= 30, "the queries find pages ({with_results} of 40 do)");
}

/// A build reads again only the pages whose text changed: the others' parts come from
/// `.portal-cache/search/`; the index is the one a build without the cache makes, and a
/// damaged cache is not used.
#[test]
fn a_build_reads_again_only_the_pages_that_changed_and_writes_the_same_index() {
    let site = Site::fixture("basic");
    let first = site.build();
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stdout.contains("Search: an index per language (en 7, ro 7 pages) in"), "{}", first.stdout);
    assert!(site.root().join(".portal-cache/search/en.pages").is_file());
    let council = site.read_source("content/councils/first.en.md");
    site.write("content/councils/first.en.md", &format!("{council}\nThe partners met at dawn.\n"));
    let second = site.build();
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(
        second.stdout.contains("(en 7, ro 7 pages, 1 read now, the others from .portal-cache/)"),
        "{}",
        second.stdout
    );
    let index = |site: &Site| -> std::collections::BTreeMap<String, Vec<u8>> {
        site.tree().into_iter().filter(|(path, _)| path.contains("/pagefind/")).collect()
    };
    let cached = index(&site);
    let found =
        cached.iter().any(|(p, bytes)| p.contains("/fragment/") && fragment_text(bytes).contains("dawn"));
    assert!(found, "the edited page's new text is in the index");
    // The same sources with no cache (a copy leaves it out): the same index, byte for byte.
    let clean = site.copy();
    assert!(!clean.root().join(".portal-cache").exists());
    assert_eq!(clean.build().code, 0);
    assert_eq!(index(&clean), cached);
    // A damaged cache file is not used: every page is read again, and the index is the same.
    let file = site.root().join(".portal-cache/search/ro.pages");
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&file, bytes).unwrap();
    // And a damaged bundle file: the bundle is merged afresh, the same as without a cache.
    let file = site.root().join(".portal-cache/search/en.bundle");
    let mut bytes = std::fs::read(&file).unwrap();
    bytes[40] ^= 0xff;
    std::fs::write(&file, bytes).unwrap();
    site.write("content/councils/first.en.md", &format!("{council}\nThe partners met at noon.\n"));
    let third = site.build();
    assert!(third.stdout.contains("(en 7, ro 7 pages, 8 read now, the others from"), "{}", third.stdout);
    let clean = site.copy();
    assert_eq!(clean.build().code, 0);
    assert_eq!(index(&clean), index(&site));
    // The unchanged language's bundle comes from the cache whole, the changed one's is merged
    // again with the kept one beside it (which chunks may be taken as they were is held by
    // `search::bundle`'s unit tests): both the same as a build without the cache.
    site.write("content/councils/first.en.md", &format!("{council}\nThe partners met at dusk.\n"));
    assert_eq!(site.build().code, 0);
    let clean = site.copy();
    assert_eq!(clean.build().code, 0);
    assert_eq!(index(&clean), index(&site));
    // The record around the text changes too (title and summary: metadata; a slug: the
    // address): the page is read again, the same as without the cache.
    let record = council
        .replace("title: First council", "title: The first council")
        .replace("summary: The first meeting.", "summary: Where it began.")
        .replacen("---\n", "---\nslug: the-first\n", 1);
    assert_ne!(record, council);
    site.write("content/councils/first.en.md", &record);
    let changed = site.build();
    // It and the page that links to it (its link's address changed), not the others.
    assert!(changed.stdout.contains("(en 7, ro 7 pages, 2 read now,"), "{}", changed.stdout);
    let text: String = index(&site)
        .iter()
        .filter(|(p, _)| p.contains("/fragment/"))
        .map(|(_, b)| fragment_text(b))
        .collect();
    assert!(text.contains("Where it began.") && text.contains("/en/councils/the-first/"), "{text}");
    let clean = site.copy();
    assert_eq!(clean.build().code, 0);
    assert_eq!(index(&clean), index(&site));
}

/// The text of a fragment file (gzip of a signature and JSON).
fn fragment_text(bytes: &[u8]) -> String {
    let mut json = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(bytes), &mut json).unwrap();
    json
}

/// The header's panel of results opens on the screen, whatever the width: on a phone the
/// box starts at the left of its row, and a panel anchored at its right ran off the screen.
#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn the_header_s_results_open_within_the_screen_on_phones_tablets_and_desktops() {
    let (_site, host) = site_hosted();
    let mut browser = Browser::launch();
    let panel = "(() => { const r = document.querySelector('.site-header .search-panel').getBoundingClientRect(); return [r.left, r.right, r.width]; })()";
    for width in [320, 390, 700, 1280] {
        let size = serde_json::json!({ "width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 500 });
        browser.call("Emulation.setDeviceMetricsOverride", size);
        for page in ["en/councils/", "ro/"] {
            browser.goto(&host.url(&format!("/portal/{page}")));
            search(&mut browser, "council");
            let [left, right, wide] = [0, 1, 2].map(|i| browser.eval(panel)[i].as_f64().unwrap_or(-1.0));
            assert!(
                left >= 0.0 && right <= f64::from(width) + 0.5,
                "/{page} at {width} px: the panel spans {left}..{right}"
            );
            assert!(wide >= (f64::from(width) - 32.0).min(300.0), "/{page} at {width} px: {wide} px wide");
        }
    }
}
