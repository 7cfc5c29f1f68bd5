//! The shipped site (the repository's own `site.yaml`, `content/` and theme): complete in
//! both languages, every domain reached from a council, a timeline in date order, Romanian
//! written with comma-below letters, and a language switcher that never points nowhere.

use crate::common;
use common::{between, hrefs};
use portal::content::Section;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn content_files() -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(root().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect()
}

fn built() -> portal::pipeline::Built {
    portal::pipeline::run(root(), &Default::default()).unwrap_or_else(|d| panic!("{}", d.render(root())))
}

#[test]
fn every_content_file_exists_in_english_and_romanian() {
    let mut langs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in content_files() {
        let rel = path.strip_prefix(root().join("content")).unwrap().to_string_lossy().into_owned();
        let (id, lang) = rel
            .trim_end_matches(".md")
            .rsplit_once('.')
            .unwrap_or_else(|| panic!("{rel} has no language suffix"));
        langs.entry(id.to_string()).or_default().insert(lang.to_string());
    }
    // 4 councils, 12 domains, 7 milestones, 4 pages, and the home and 3 sections' own texts.
    assert_eq!(langs.len(), 31);
    for (id, found) in langs {
        assert_eq!(found, BTreeSet::from(["en".to_string(), "ro".to_string()]), "{id}");
    }
    // One warning only, until the site's owner names who publishes it.
    let warnings: Vec<String> = built().warnings.into_iter().map(|d| d.message).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("no `publisher` is given"), "{warnings:?}");
}

#[test]
fn every_domain_is_discussed_by_at_least_one_council() {
    let built = built();
    for lang in &built.graph.langs {
        assert_eq!(lang.items(Section::Domains).len(), 12, "the twelve domains the sources name");
        for &d in lang.items(Section::Domains) {
            assert!(
                !built.graph.links[d].councils.is_empty(),
                "{} is linked from no council",
                built.graph.entry(d).path.display()
            );
        }
    }
}

#[test]
fn the_timeline_is_in_date_order_with_the_councils_and_milestones() {
    let built = built();
    for lang in &built.graph.langs {
        let dates: Vec<_> = lang
            .timeline
            .iter()
            .flat_map(|y| &y.entries)
            .map(|&i| built.graph.entry(i).date().unwrap())
            .collect();
        assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{}: {dates:?}", lang.lang);
        assert_eq!(dates.len(), lang.items(Section::Councils).len() + lang.items(Section::Milestones).len());
        assert_eq!(lang.items(Section::Councils).len(), 4);
    }
    let page = String::from_utf8(built.site.files["en/timeline/index.html"].to_vec()).unwrap();
    let shown: Vec<&str> =
        page.split("<time datetime=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    let mut sorted = shown.clone();
    sorted.sort();
    assert_eq!(shown, sorted, "the rendered timeline reads in date order");
    for (day, shown) in [("2022-11-28", "28 November"), ("2023-06-30", "30 June"), ("2024-03-26", "26 March")]
    {
        assert!(page.contains(&format!(r#"<time datetime="{day}">{shown}</time>"#)), "{day}");
    }
}

#[test]
fn romanian_text_uses_comma_below_letters_never_cedillas() {
    let mut files: Vec<_> =
        content_files().into_iter().filter(|p| p.to_string_lossy().ends_with(".ro.md")).collect();
    files.push(root().join("themes/partnership/i18n/ro.yaml"));
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            assert!(
                !line.contains(['ş', 'ţ', 'Ş', 'Ţ']),
                "{}:{}: cedilla in {line:?}",
                path.display(),
                n + 1
            );
        }
    }
}

#[test]
fn every_language_switcher_points_to_a_built_page() {
    let built = built();
    let files = &built.site.files;
    let base = built.config.base_url.path().to_string();
    let mut checked = 0;
    for (path, bytes) in
        files.iter().filter(|(p, _)| p.ends_with("index.html") && p.contains('/') && common::for_readers(p))
    {
        let html = String::from_utf8_lossy(bytes);
        let switcher = between(&html, "<nav class=\"switcher\"", "</nav>")
            .unwrap_or_else(|| panic!("{path} has no switcher"));
        for href in hrefs(switcher) {
            let target =
                href.strip_prefix(&base).unwrap_or_else(|| panic!("{path}: {href} is outside the site"));
            assert!(
                files.contains_key(&format!("{target}index.html")),
                "{path}: the switcher points to {href}, which is not built"
            );
            checked += 1;
        }
    }
    assert!(checked >= 50, "checked {checked} switcher links");
}

#[test]
fn every_translation_is_current_with_its_original() {
    let root = root();
    let loaded =
        portal::pipeline::load(root, &Default::default()).unwrap_or_else(|d| panic!("{}", d.render(root)));
    let report = portal::content::translations::report(&loaded.corpus, &loaded.config);
    let outdated: Vec<&str> = report.outdated.iter().map(|o| o.path.as_str()).collect();
    assert!(
        outdated.is_empty(),
        "bring these up to date, then `portal translations mark-current`: {outdated:?}"
    );
    assert_eq!((report.missing, report.untracked), (0, 0));
}

#[test]
fn the_council_has_its_official_romanian_name() {
    // „Consiliul de parteneriat digital”, as the Romanian source names it; never a
    // word-for-word „Consiliul parteneriatului digital”.
    for path in content_files().into_iter().filter(|p| p.to_string_lossy().ends_with(".ro.md")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let lower = text.to_lowercase();
        assert!(
            !lower.contains("consiliu al parteneriatului digital")
                && !lower.contains("consiliul parteneriatului digital"),
            "{}",
            path.display()
        );
        if path.parent().unwrap().ends_with("councils") && !path.ends_with("_index.ro.md") {
            let title = text.lines().find(|l| l.starts_with("title:")).unwrap();
            assert!(title.contains("Consiliu de parteneriat digital"), "{}: {title}", path.display());
        }
    }
}

#[test]
fn every_page_links_the_legal_notice_privacy_notice_and_accessibility_statement() {
    // The EU's Web Accessibility Directive asks for the statement to be reachable from every
    // page; the root and the 404 page, which speak both languages, link both versions.
    let built = built();
    let files = &built.site.files;
    let base = built.config.base_url.path().to_string();
    let legal = |lang: &str| -> Vec<String> {
        let slugs = match lang {
            "en" => ["accessibility", "legal-notice", "privacy"],
            _ => ["accesibilitate", "aviz-juridic", "confidentialitate"],
        };
        slugs.iter().map(|s| format!("{base}{lang}/{s}/")).collect()
    };
    let mut pages = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html") && common::for_readers(p)) {
        let html = String::from_utf8_lossy(bytes);
        let footer = between(&html, "<footer", "</footer>").unwrap_or_else(|| panic!("{path} has no footer"));
        let links = hrefs(footer);
        let langs: &[&str] = match path.split('/').next() {
            Some(lang @ ("en" | "ro")) => &[lang],
            _ => &["en", "ro"],
        };
        for lang in langs {
            for url in legal(lang) {
                assert!(links.contains(&url), "{path}: the footer lacks {url}: {links:?}");
                let target = url.strip_prefix(&base).unwrap();
                assert!(files.contains_key(&format!("{target}index.html")), "{url} is not built");
            }
        }
        // The partners are not the site's owners: no footer lists them as if they were.
        assert!(!footer.contains("Partners:") && !footer.contains("Parteneri:"), "{path}: an owners' line");
        let menu = between(&html, "<nav class=\"menu\"", "</nav>").unwrap_or_default();
        assert!(
            !menu.contains("/legal-notice/") && !menu.contains("/aviz-juridic/"),
            "{path}: not in the menu"
        );
        pages += 1;
    }
    assert!(pages > 60, "checked {pages} pages");
    let privacy = String::from_utf8_lossy(&files["en/privacy/index.html"]);
    assert!(privacy.contains("sets no cookies"), "the privacy notice says what the site does");
}

#[test]
fn every_page_has_a_link_that_skips_to_its_content_as_the_accessibility_statement_says() {
    let built = built();
    let statement = String::from_utf8_lossy(&built.site.files["en/accessibility/index.html"]).into_owned();
    assert!(statement.contains("a link at the top of every page skips to its content"));
    for (path, bytes) in
        built.site.files.iter().filter(|(p, _)| p.ends_with(".html") && common::for_readers(p))
    {
        let html = String::from_utf8_lossy(bytes);
        let body = html.split("<body>").nth(1).unwrap_or_else(|| panic!("{path}: no <body>"));
        assert!(
            body.trim_start().starts_with("<a class=\"skip\" href=\"#main\">"),
            "{path}: no skip link first"
        );
        assert!(html.contains("<main id=\"main\" tabindex=\"-1\""), "{path}: nothing to skip to");
    }
}

/// The compliance status an accessibility statement gives follows from what it lists: a
/// site "partially compliant" names the success criteria it fails (`1.4.3`), and one that
/// names none claims neither that nor full compliance without an assessment.
#[test]
fn the_accessibility_statement_s_status_follows_from_the_failures_it_names() {
    let built = built();
    for (path, partial, full, unassessed) in [
        (
            "en/accessibility/index.html",
            "partially compliant",
            "fully compliant</strong>",
            "has not yet been assessed",
        ),
        (
            "ro/accesibilitate/index.html",
            "parțial conform",
            "pe deplin conform</strong>",
            "nu a fost încă evaluată",
        ),
    ] {
        let html = String::from_utf8_lossy(&built.site.files[path]).into_owned();
        let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
        // A success criterion's number: `1.4.3`.
        let b = main.as_bytes();
        let names_failures = (0..b.len().saturating_sub(4)).any(|i| {
            b[i].is_ascii_digit()
                && b[i + 1] == b'.'
                && b[i + 2].is_ascii_digit()
                && b[i + 3] == b'.'
                && b[i + 4].is_ascii_digit()
        });
        assert!(
            !main.contains(partial) || names_failures,
            "{path}: partially compliant, with no criterion named"
        );
        assert!(!main.contains(full), "{path}: full compliance claimed without an assessment");
        assert!(names_failures || main.contains(unassessed), "{path}: says no status it can support");
    }
}

/// WCAG 2.4.3: the keyboard moves through the header as a reader reads it, row by row and
/// left to right (the source order once put the menu before the languages and the search
/// box that stand above it), on a phone, a tablet and a desktop screen, the menu open or not.
#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn the_keyboard_goes_through_the_header_in_the_order_it_is_read_at_every_width() {
    use common::browser::Browser;
    let site = shipped_under_sub_path();
    let host = common::host::Host::start(&site.root().join("public"), "/portal/");
    let mut browser = Browser::launch();
    // Each focusable control of the header, in the order Tab reaches them (the source's), and
    // whether each one starts on a lower row than the last, or on its row to its right.
    let order = r#"(() => {
        const shown = [...document.querySelectorAll("header a, header summary, header input, header button")]
            .filter(e => e.checkVisibility());
        const out = []; let last = null;
        for (const e of shown) {
            const r = e.getBoundingClientRect();
            if (last && !(r.top >= last.bottom - 2 || (r.top < last.bottom && r.bottom > last.top && r.left > last.left)))
                out.push(`${e.textContent.trim() || e.placeholder} (${[r.left, r.top, r.right, r.bottom].map(Math.round)}) before ${last.name} (${[last.left, last.bottom].map(Math.round)})`);
            last = { top: r.top, bottom: r.bottom, left: r.left, name: e.textContent.trim() || e.placeholder };
        }
        return JSON.stringify({ count: shown.length, wrong: out });
    })()"#;
    for width in [390, 700, 1280] {
        let size = serde_json::json!({ "width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 500 });
        browser.call("Emulation.setDeviceMetricsOverride", size);
        for (page, open) in [("en/councils/", false), ("ro/", false), ("en/councils/", true)] {
            browser.goto(&host.url(&format!("/portal/{page}")));
            if open {
                browser.eval("document.querySelector('.menu-toggle').open = true");
            }
            let found: serde_json::Value =
                serde_json::from_str(browser.eval(order).as_str().unwrap_or("{}")).unwrap();
            assert!(found["count"].as_u64().unwrap_or(0) >= 5, "{page} at {width} px: {found}");
            assert_eq!(found["wrong"], serde_json::json!([]), "{page} at {width} px, menu open: {open}");
        }
    }
}

/// The address (after the sub-path) of every page of a built site that is for its readers.
fn reader_pages(site: &common::Site) -> Vec<String> {
    site.tree()
        .into_keys()
        .filter(|p| p.ends_with("index.html") && !p.contains("pagefind") && common::for_readers(p))
        .map(|p| p.trim_end_matches("index.html").to_string())
        .collect()
}

/// WCAG 1.4.4 and 1.4.10 on a phone: with the browser's text at 200 % (a default font size
/// of 32 px, which rem and em media queries follow), at 320 and 390 px, no page of the
/// shipped site scrolls sideways, and the header's search box keeps at least 150 px to type in.
#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn every_page_reflows_at_320_and_390_px_with_text_at_200_percent() {
    use common::browser::Browser;
    let site = shipped_under_sub_path();
    let host = common::host::Host::start(&site.root().join("public"), "/portal/");
    let pages: Vec<String> = reader_pages(&site).into_iter().chain(["no/such/page/".to_string()]).collect();
    let mut browser = Browser::launch();
    browser.call("Page.setFontSizes", serde_json::json!({ "fontSizes": { "standard": 32, "fixed": 26 } }));
    let mut problems = Vec::new();
    for width in [320, 390] {
        let size =
            serde_json::json!({ "width": width, "height": 800, "deviceScaleFactor": 1, "mobile": true });
        browser.call("Emulation.setDeviceMetricsOverride", size);
        for page in &pages {
            browser.goto(&host.url(&format!("/portal/{page}")));
            let wide = browser.eval("document.documentElement.scrollWidth").as_f64().unwrap_or(0.0);
            // (A pixel over is the rounding of fractional widths, not a scroll a reader meets.)
            if wide > f64::from(width) + 1.0 {
                let culprit = format!(
                    "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > {width} + 1).slice(-2).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.textContent || '').trim().slice(0, 30)).join(' | ')"
                );
                problems
                    .push(format!("/{page} at {width} px is {wide} px wide ({})", browser.eval(&culprit)));
            }
            // A header that fits by squeezing the site's name into a column of letters fails.
            let name = "document.querySelector('.site-name').getBoundingClientRect().width";
            let name = browser.eval(name).as_f64().unwrap_or(0.0);
            if name < 120.0 {
                problems.push(format!("/{page} at {width} px: the site's name is {name} px wide"));
            }
            let field = "document.querySelector('.site-header input[type=search]')?.getBoundingClientRect().width ?? 999";
            let field = browser.eval(field).as_f64().unwrap_or(0.0);
            if field < 150.0 {
                problems.push(format!("/{page} at {width} px: the search box is {field} px wide"));
            }
        }
    }
    assert!(
        browser.eval("parseFloat(getComputedStyle(document.documentElement).fontSize)").as_f64()
            == Some(32.0)
    );
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));

    // At 1,280 px with ordinary text, the menu is one row in both languages.
    browser.call("Page.setFontSizes", serde_json::json!({ "fontSizes": { "standard": 16, "fixed": 13 } }));
    let size = serde_json::json!({ "width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false });
    browser.call("Emulation.setDeviceMetricsOverride", size);
    for home in ["en/", "ro/"] {
        browser.goto(&host.url(&format!("/portal/{home}")));
        let rows = "new Set([...document.querySelectorAll('.menu-toggle li')].map(li => Math.round(li.getBoundingClientRect().top))).size";
        assert_eq!(browser.eval(rows).as_u64(), Some(1), "/{home}: the menu wraps at 1,280 px");
    }
}

/// What the accessibility statement says the pages do, tried on every page in Chromium: they
/// follow the device's light or dark scheme (dark text on light, light text on dark); they
/// print black on white, even from a dark screen; and without JavaScript every link and
/// button still works (no button is left that only a script would answer; search aside,
/// which the statement names).
#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn the_statement_s_colour_schemes_paper_and_pages_without_javascript_hold_on_every_page() {
    use common::browser::Browser;
    let site = shipped_under_sub_path();
    let host = common::host::Host::start(&site.root().join("public"), "/portal/");
    let pages = reader_pages(&site);
    let mut browser = Browser::launch();
    // The relative luminance (WCAG) of the page's background, and of the darkest and the
    // lightest of its running text (on paper: of all its visible text).
    let read = r#"(() => {
        const lum = (c) => { const v = c.match(/[\d.]+/g).slice(0, 3).map(Number).map(x => x / 255)
            .map(x => x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
            return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
        const texts = [...document.querySelectorAll(matchMedia("print").matches ? "main *, header *, footer *" : "main p")]
            .filter(e => e.checkVisibility() && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
        const ls = texts.map(e => lum(getComputedStyle(e).color));
        return [lum(getComputedStyle(document.body).backgroundColor), Math.min(...ls), Math.max(...ls)];
    })()"#;
    let mut problems = Vec::new();
    for scheme in ["light", "dark"] {
        let features = serde_json::json!([{ "name": "prefers-color-scheme", "value": scheme }]);
        for media in ["screen", "print"] {
            browser.call(
                "Emulation.setEmulatedMedia",
                serde_json::json!({ "media": media, "features": features }),
            );
            for page in &pages {
                browser.goto(&host.url(&format!("/portal/{page}")));
                let got = browser.eval(read);
                let [background, darkest, lightest] = [0, 1, 2].map(|i| got[i].as_f64().unwrap_or(f64::NAN));
                let fine = match (scheme, media) {
                    (_, "print") => background > 0.99 && lightest < 0.04,
                    ("light", _) => background > 0.8 && lightest < 0.25,
                    _ => background < 0.05 && darkest > 0.3,
                };
                if !fine {
                    problems.push(format!("/{page}, {scheme} {media}: background {background:.3}, text {darkest:.3}–{lightest:.3}"));
                }
            }
        }
    }
    browser.call("Emulation.setEmulatedMedia", serde_json::json!({ "media": "screen", "features": [] }));
    browser.call("Emulation.setScriptExecutionDisabled", serde_json::json!({ "value": true }));
    let dead = r#"[...document.querySelectorAll("button, [role=button], a:not([href])")]
        .filter(e => e.checkVisibility() && !e.closest("form") ).map(e => e.outerHTML.slice(0, 80))"#;
    for page in pages.iter().filter(|p| !p.ends_with("search/") && !p.ends_with("cautare/")) {
        browser.goto(&host.url(&format!("/portal/{page}")));
        let found = browser.eval(dead);
        if found != serde_json::json!([]) {
            problems.push(format!("/{page} without JavaScript: buttons that do nothing: {found}"));
        }
        let links = browser.eval("document.querySelectorAll('main a[href]').length").as_u64().unwrap_or(0);
        if links == 0 {
            problems.push(format!("/{page} without JavaScript: no link in its content"));
        }
    }
    // (Scripts were off: the follow page's copy buttons, which copy.js shows, stayed hidden.)
    browser.goto(&host.url("/portal/en/follow/"));
    assert_eq!(browser.eval("document.querySelector('button[data-copy]').hidden"), serde_json::json!(true));
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// What the privacy notice says, tried in a browser on every page of the shipped site
/// served under a sub-path: no cookie and nothing stored, no request to another origin, and
/// a search whose words reach the host in no address (only the index parts it loads).
#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn the_privacy_notice_holds_on_every_page_no_cookie_no_storage_no_other_origin_no_words_sent() {
    use common::browser::Browser;
    let site = shipped_under_sub_path();
    let notice = site.read("en/privacy/index.html");
    for claim in [
        "sets no cookies and keeps nothing in your browser’s storage",
        "the pages you read load nothing from other websites",
        "One page is not for readers: the site’s <code>admin/</code> page",
        "through Netlify’s authentication service",
        "a small file for each result it shows or checks",
        "It loads the content manager, Decap CMS, from unpkg.com",
        "the words you type are not sent as such",
        "a part of the address that browsers do not send",
        "the parts of the index that cover your words",
        "Without JavaScript, the search box sends your words to the search page as part of its address",
    ] {
        assert!(notice.contains(claim), "the notice no longer says {claim:?}: update this test with it");
    }
    // The one page that loads from another origin, as the notice says: the editors' page, whose
    // only outside resource is the content manager's pinned script (and whose policy says so).
    let admin = site.read("admin/index.html");
    let script = portal::cms::Cms::Decap.script();
    // Every address the page loads (`src`); its links and policy name the others it may reach.
    let loaded: Vec<&str> = admin.split(" src=\"").skip(1).filter_map(|a| a.split('"').next()).collect();
    assert_eq!(
        loaded,
        ["cms.js", script.url().as_str()],
        "the admin page loads only its own script and the pinned one"
    );
    assert!(admin.contains(&format!("src=\"{}\" integrity=\"{}\"", script.url(), script.integrity)));
    // Decap CMS signs in through Netlify's service unless its backend names another.
    let config = site.read("admin/config.yml");
    assert!(config.contains("name: github") && !config.contains("base_url"), "{config}");
    let release = format!("{}{}@{}/", portal::cms::CDN, script.package, script.version);
    assert!(admin.contains(&format!("script-src 'self' {release} ")), "scripts from the pinned release only");
    let linking: Vec<String> = site
        .tree()
        .into_iter()
        .filter(|(p, b)| {
            p.ends_with(".html")
                && common::for_readers(p)
                && hrefs(&String::from_utf8_lossy(b)).iter().any(|h| h.contains("admin/"))
        })
        .map(|(p, _)| p)
        .collect();
    assert!(linking.is_empty(), "no page links to the admin page: {linking:?}");
    let host = common::host::Host::start(&site.root().join("public"), "/portal/");
    let pages = reader_pages(&site);
    let mut browser = Browser::launch();
    let origin = host.url("");
    let elsewhere = format!(
        "performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith({}))",
        serde_json::json!(origin)
    );
    for page in &pages {
        browser.goto(&host.url(&format!("/portal/{page}")));
        let other = browser.eval(&elsewhere);
        assert_eq!(other, serde_json::json!([]), "/{page} loaded from another origin");
        assert_eq!(browser.eval("document.cookie").as_str(), Some(""), "/{page} set a cookie");
    }
    // A search, as a reader makes it: typed in the header's box, then Enter.
    browser.goto(&host.url("/portal/en/councils/"));
    let before = host.served().len();
    browser.eval("document.querySelector('.site-header input[type=search]').focus()");
    browser.call("Input.insertText", serde_json::json!({ "text": "semiconductors" }));
    assert!(browser.wait_until("document.querySelectorAll('.search-results li').length > 0", 10));
    browser.eval("document.querySelector('.site-header form.search').requestSubmit()");
    assert!(browser.wait_until("location.pathname.endsWith('/search/') && document.querySelectorAll('.search-results li').length > 0", 10));
    assert_eq!(browser.eval(&elsewhere), serde_json::json!([]), "search loaded from another origin");
    let asked = host.served().split_off(before);
    let with_words: Vec<&String> =
        asked.iter().map(|(p, _)| p).filter(|p| p.contains("semicond") || p.contains("q=")).collect();
    assert!(with_words.is_empty(), "the words reached the host: {with_words:?}");
    assert!(
        asked.iter().any(|(p, _)| p.contains("/en/pagefind/index/")),
        "the index parts are what it loads"
    );
    // Nothing kept in the browser, by any of the ways a page can keep something.
    browser.eval("indexedDB.databases().then(d => window.kept_databases = d.length)");
    browser.eval("caches.keys().then(k => window.kept_caches = k.length)");
    assert!(
        browser.wait_until("window.kept_databases === 0 && window.kept_caches === 0", 10),
        "a database or cache"
    );
    assert_eq!(
        browser.eval("localStorage.length + sessionStorage.length + document.cookie.length"),
        serde_json::json!(0)
    );
}

/// A copy of the shipped site, built for a local host under the sub-path `/portal/`, as the
/// browser tests serve it.
fn shipped_under_sub_path() -> common::Site {
    let site = common::Site::shipped();
    let run = site.run(&["build", "--base-url", "http://127.0.0.1/portal/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

/// The pages where the site speaks of itself (privacy, legal notice, accessibility) keep
/// their whole summary in what search engines and share cards show: cut short, a summary
/// would keep its reassuring half and drop what qualifies it.
#[test]
fn the_statements_about_the_site_are_described_by_their_whole_summary() {
    let built = built();
    let statements = ["privacy", "legal-notice", "accessibility"];
    let mut seen = 0;
    for e in built.graph.corpus.entries.iter().filter(|e| statements.contains(&e.key.id.as_str())) {
        let summary = e.meta.front().summary().expect("a statement has a summary");
        let html =
            String::from_utf8_lossy(&built.site.files[&portal::urls::output_path(&e.url)]).into_owned();
        let escaped = summary.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
        for tag in ["name=\"description\"", "property=\"og:description\"", "name=\"twitter:description\""] {
            let shown = between(&html, &format!("<meta {tag} content=\""), "\"");
            assert_eq!(
                shown,
                Some(escaped.as_str()),
                "{} cuts its summary in <meta {tag}>",
                e.path.display()
            );
        }
        seen += 1;
    }
    assert_eq!(seen, 6, "three statements in two languages");
}

/// The open data page on a phone: every file's name, count and schema on the screen (three
/// columns left the schemas off it), each count and schema labelled; a table on a desktop.
#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn the_open_data_files_fit_a_phone_s_screen_with_their_labels_and_are_a_table_on_a_desktop() {
    use common::browser::Browser;
    let site = shipped_under_sub_path();
    let host = common::host::Host::start(&site.root().join("public"), "/portal/");
    let mut browser = Browser::launch();
    let outside = "(w => [...document.querySelectorAll('.datasets a, .datasets td')].filter(e => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > w + 0.5; }).map(e => e.textContent))";
    let labels = "[...document.querySelectorAll('.datasets td[data-label]')].map(td => getComputedStyle(td, '::before').content)";
    for (width, page) in [(320, "en/data/"), (390, "ro/date-deschise/"), (1280, "en/data/")] {
        let size = serde_json::json!({ "width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 500 });
        browser.call("Emulation.setDeviceMetricsOverride", size);
        browser.goto(&host.url(&format!("/portal/{page}")));
        let cells = browser.eval("document.querySelectorAll('.datasets td').length").as_u64();
        assert_eq!(cells, Some(12), "/{page}: four files, each with what it holds, its count and schema");
        // A row's header is the file's name and format: a screen reader repeats it at each cell.
        let row_headers = browser
            .eval("[...document.querySelectorAll('.datasets tbody th')].map(th => th.textContent.length)");
        assert!(
            row_headers.as_array().unwrap().iter().all(|n| n.as_u64() < Some(40)),
            "/{page}: {row_headers}"
        );
        assert_eq!(
            browser.eval(&format!("{outside}({width})")),
            serde_json::json!([]),
            "/{page} at {width} px"
        );
        let shown = browser.eval(labels);
        let header = browser.eval("getComputedStyle(document.querySelector('.datasets thead')).position");
        if width < 500 {
            let expected = if page.starts_with("en") {
                ["\"Records: \" / \"\"", "\"Schema or specification: \" / \"\""]
            } else {
                ["\"Înregistrări: \" / \"\"", "\"Schemă sau specificație: \" / \"\""]
            };
            // (After `/`: seen, not read again, as the column's header says it.)
            let all: Vec<&str> = shown.as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
            assert_eq!(all, expected.repeat(4), "/{page} at {width} px: each count and schema labelled");
            assert_eq!(header.as_str(), Some("absolute"), "the column headers are for screen readers only");
        } else {
            assert!(
                shown.as_array().unwrap().iter().all(|v| v == "none"),
                "/{page}: no labels in a table: {shown}"
            );
            assert_eq!(header.as_str(), Some("static"), "/{page}: a table with its column headers");
        }
    }
}

/// The pages of every language (the language choice, the 404) give each language the same
/// heading: none is second.
#[test]
fn the_pages_for_every_language_head_them_alike() {
    let built = built();
    for (page, en, ro) in [
        ("index.html", "Choose a language", "Alegeți limba"),
        ("404.html", "Page not found", "Pagina nu a fost găsită"),
    ] {
        let html = String::from_utf8_lossy(&built.site.files[page]).into_owned();
        let h1 = between(&html, "<h1>", "</h1>").unwrap_or_default();
        for (code, text) in [("en", en), ("ro", ro)] {
            assert!(
                h1.contains(&format!("<span class=\"title-in\" lang=\"{code}\">{text}</span>")),
                "{page}: {h1}"
            );
        }
        assert_eq!(html.matches("<h1").count(), 1, "{page}: one heading");
    }
}
