//! The site tried as an attacker and a careless editor would: every file an editor adds is
//! input from outside, and the published site carries an institution's name. Each test
//! attacks one promise of the README's "What a page may contain" and "Safe to publish": the
//! build refuses the attack at its file, line and column, or publishes it harmless.

use crate::common;
use common::Site;
use common::browser::Browser;
use common::host::Host;
use common::images::picture;
use std::time::{Duration, Instant};

/// Builds `site`, expects a content error naming every one of `locations`, and the output
/// left as it was.
fn refused(site: &Site, locations: &[&str]) -> String {
    let before = site.tree();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "expected a content error\n{}{}", run.stdout, run.stderr);
    assert_eq!(site.tree(), before, "the output may not change");
    for location in locations {
        assert!(run.stderr.contains(location), "stderr does not name {location}:\n{}", run.stderr);
    }
    run.stderr
}

/// A free page of the `basic` site whose body is `body` (its first line is the file's 5th).
fn about(body: &str) -> Site {
    let site = Site::fixture("basic");
    site.write_about(body);
    site
}

/// The `basic` site with the first council's commitment on `ai` written as `line`
/// (`ai: …`).
fn with_commitment(line: &str) -> Site {
    let site = Site::fixture("basic");
    let file = site.read_source("content/councils/first.en.md");
    site.write(
        "content/councils/first.en.md",
        &file.replace("ai: A permanent *dialogue* on trustworthy AI.", line),
    );
    site
}

#[test]
fn script_event_handlers_and_script_links_in_a_body_are_errors_at_their_line_and_column() {
    let site = about(
        "Before.\n\
         <script>alert(1)</script>\n\
         An <img src=x onerror=alert(1)> image.\n\
         A [link](javascript:alert(1)) and a [data one](data:text/html,x).\n\
         <p style=\"color:red\" onclick=\"x()\">styled</p>\n\
         <iframe src=\"https://example.org/\"></iframe>\n\
         <a href=\"jav&#x61;script:alert(1)\">encoded</a>\n\
         ## A <span onmouseover=\"x()\">heading</span>\n\
         \n# Title {onfocus=alert(1) tabindex=0}\n\
         <div>\n<!x\n\n<div title=\"><script src=/x.js></script>\">x</div>\n",
    );
    let err = refused(
        &site,
        &[
            "about.en.md:6:1",
            "about.en.md:7:4",
            "about.en.md:8:3",
            "about.en.md:8:37",
            "about.en.md:9:4",
            "about.en.md:9:22",
            "about.en.md:10:1",
            "about.en.md:11:4",
            "about.en.md:12:12",
            "about.en.md:14:1",
            "about.en.md:16:1",
        ],
    );
    for said in [
        "the element <script> is not allowed",
        "the element <img> is not allowed",
        "uses `javascript:`",
        "uses `data:`",
        "the attribute `style` on <p> is not allowed",
        "the event handler `onclick` on <p>",
        "the element <iframe> is not allowed",
        "the event handler `onmouseover` on <span>",
        "the attribute `onfocus` on a heading is not allowed",
        "left open",
    ] {
        assert!(err.contains(said), "not said: {said}\n{err}");
    }
    insta::assert_snapshot!("script_in_a_body", err);
}

#[test]
fn indented_html_blocks_and_html_after_a_tab_in_a_list_or_quote_are_checked_like_any_other() {
    // An HTML block may be indented by up to three spaces; its first line then comes as the
    // indentation and the HTML, and a tab after a list's or a quote's mark does the same.
    let site = about(
        " <script src=\"/x.js\"></script>\n\
         \n  <div onclick=\"x()\">hi\n   <iframe src=\"https://example.org/\"></iframe>\n</div>\n\
         \n-\t<meta http-equiv=\"refresh\" content=\"0;url=https://example.org/\">\n\
         \n>\t<form action=\"https://example.org/\"></form>\n",
    );
    site.write("static/x.js", "document.title = 'ran'");
    let err = refused(
        &site,
        &["about.en.md:5:2", "about.en.md:7:8", "about.en.md:8:4", "about.en.md:11:3", "about.en.md:13:3"],
    );
    for said in [
        "the element <script> is not allowed",
        "the event handler `onclick` on <div>",
        "the element <iframe> is not allowed",
        "the element <meta> is not allowed",
        "the element <form> is not allowed",
    ] {
        assert!(err.contains(said), "not said: {said}\n{err}");
    }
    // In a commitment, indented HTML is text like any other.
    let site = with_commitment("ai: \" <img src=x onerror=alert(1)>\"");
    site.build();
    let main = site.main_of("en/councils/first/index.html");
    assert!(!main.contains("<img src=x") && main.contains("&lt;img src=x onerror=alert(1)&gt;"), "{main}");
}

#[test]
fn the_html_an_institution_writes_is_published_as_written() {
    let site = about(
        "<table>\n<thead><tr><th scope=\"col\">Year</th><th>Projects</th></tr></thead>\n\
         <tbody><tr><td>2025</td><td>12</td></tr></tbody>\n</table>\n\n\
         The <abbr title=\"Artificial Intelligence\">AI</abbr> Act, CO<sub>2</sub>, 10<sup>3</sup>.\n\n\
         <details><summary>More</summary>\n\nHidden <br> text.\n\n</details>\n\n\
         <!-- an editor's note -->\n",
    );
    site.build();
    let main = site.main_of("en/about/index.html");
    for kept in [
        "<th scope=\"col\">Year</th>",
        "<abbr title=\"Artificial Intelligence\">AI</abbr>",
        "CO<sub>2</sub>",
        "<details><summary>More</summary>",
    ] {
        assert!(main.contains(kept), "{kept} not in:\n{main}");
    }
}

#[test]
fn html_that_would_break_out_of_the_text_is_refused_at_its_line() {
    // A link left open would be copied by the browser over every block after it, the
    // site's footer and publisher line too; end tags would close the page's own elements.
    let site = about(
        "Intro.\n\n<a href=\"https://evil.example/login\">\n\nEverything after this is a link.\n\n\
         a </p></div></article></main> b\n\n\
         A <b>bold start\n\nthat ends in another paragraph</b>.\n\n\
         <ul><li>one<li>two</ul>\n\n\
         ## A *<b>bold* heading</b>\n",
    );
    let err = refused(
        &site,
        &[
            "about.en.md:7:1",
            "about.en.md:11:3",
            "about.en.md:13:3",
            "about.en.md:17:19",
            "about.en.md:19:23",
        ],
    );
    for said in [
        "<a> is opened here and never closed",
        "`</p>` closes no <p> opened before it",
        "<b> is opened here and never closed",
        "`</ul>` closes <ul> while the <li> opened inside it is still open",
        "`</b>` closes no <b> opened before it in the same part of the text",
    ] {
        assert!(err.contains(said), "not said: {said}\n{err}");
    }
}

#[test]
fn a_source_that_links_out_of_the_site_or_into_its_repository_is_refused_unread() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x:0:0:secret-line").unwrap();
    // site.yaml itself: its text would be read, and quoted in the error.
    let site = Site::fixture("basic");
    std::fs::remove_file(site.root().join("site.yaml")).unwrap();
    symlink(outside.path().join("passwd"), site.root().join("site.yaml")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("site.yaml: this link leads out of the site"), "{}", run.stderr);
    assert!(!run.stderr.contains("secret-line"), "{}", run.stderr);
    // A whole source folder, and a file linked into the repository's own folder.
    let site = Site::fixture("basic");
    symlink(outside.path(), site.root().join("static")).unwrap();
    let stderr = refused(&site, &["static: this link leads out of the site"]);
    assert!(!stderr.contains("secret-line"));
    let site = Site::fixture("basic");
    site.write(".git/config", "[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n");
    std::fs::create_dir_all(site.root().join("static/images")).unwrap();
    symlink("../../.git/config", site.root().join("static/images/notes.txt")).unwrap();
    refused(
        &site,
        &["static/images/notes.txt: this link leads out of the site, or into a hidden folder of it"],
    );
    // A UI strings file, read on its own (not by a walk): its text would be the pages'.
    let site = Site::fixture("basic");
    std::fs::create_dir_all(site.root().join("i18n")).unwrap();
    std::fs::remove_file(site.root().join("i18n/en.yaml")).ok();
    symlink(outside.path().join("passwd"), site.root().join("i18n/en.yaml")).unwrap();
    let stderr = refused(&site, &["i18n/en.yaml: this link leads out of the site"]);
    assert!(!stderr.contains("secret-line"), "{stderr}");
    // A page linked to a device: refused by the walk, and not read to show the error.
    let site = Site::fixture("basic");
    symlink("/dev/zero", site.root().join("content/pages/zero.en.md")).unwrap();
    let started = Instant::now();
    refused(&site, &["content/pages/zero.en.md: this link leads out of the site"]);
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
}

#[test]
fn html_in_a_commitment_is_shown_as_text_on_the_council_and_the_domain() {
    let site = with_commitment("ai: A <img src=x onerror=alert(1)> dialogue <script>alert(2)</script>.");
    site.build();
    for page in ["en/councils/first/index.html", "en/domains/ai/index.html"] {
        let main = site.main_of(page);
        assert!(!main.contains("<img src=x") && !main.contains("<script>"), "{page}:\n{main}");
        assert!(
            main.contains("A &lt;img src=x onerror=alert(1)&gt; dialogue &lt;script&gt;"),
            "{page}:\n{main}"
        );
    }
}

#[test]
fn a_hostile_svg_is_refused_at_the_line_that_shows_it_and_a_clean_one_published() {
    let site = about("![A map.](/images/map.svg)\n\n![A chart.](/images/chart.svg)\n");
    let clean = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><rect width=\"40\" height=\"20\"/></svg>";
    site.write("static/images/chart.svg", clean);
    let hostile = [
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(document.domain)</script>\n</svg>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><p xmlns=\"http://www.w3.org/1999/xhtml\">x</p></foreignObject></svg>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"https://tracker.example/pixel.png\"/></svg>",
    ];
    for (i, svg) in hostile.iter().enumerate() {
        site.write("static/images/map.svg", svg);
        let err = refused(&site, &["content/pages/about.en.md:5:1"]);
        assert!(err.contains("an SVG may not run or load anything"), "{err}");
        if i == 0 {
            assert!(err.contains("has a <script> element (line 2 of the drawing)"), "{err}");
            insta::assert_snapshot!("hostile_svg", err);
        }
    }
    site.write("static/images/map.svg", clean);
    site.build();
    let published: Vec<String> =
        site.tree().into_keys().filter(|k| k.ends_with(".svg") && k.contains("chart")).collect();
    assert_eq!(published.len(), 2, "as a static file and as the page's picture: {published:?}");
    for file in published {
        assert_eq!(site.read(&file), clean, "a clean drawing is published as it is");
    }
    // A hostile drawing that no page shows is refused all the same: static/ is published.
    site.write("static/images/unused.svg", hostile[1]);
    let err = refused(&site, &["static/images/unused.svg"]);
    assert!(err.contains("this drawing has an event handler `onload` on <svg>"), "{err}");
    site.write("static/images/unused.svg", clean);
    site.write("static/verify.html", "<script>alert(document.cookie)</script>");
    let err = refused(&site, &["static/verify.html"]);
    assert!(err.contains("a `.html` file may not be published from static/"), "{err}");
}

#[test]
fn the_site_s_static_folder_publishes_only_kinds_of_file_no_browser_runs_script_in() {
    // GitHub Pages serves `.xsd` (and a hundred other names) as XML, in which a browser runs
    // XHTML script; a site's `.js` would replace the theme's script of the same name, which
    // every page loads.
    let site = Site::fixture("basic");
    let xml = "<x:html xmlns:x=\"http://www.w3.org/1999/xhtml\"><x:script>alert(1)</x:script></x:html>";
    let kind = "is not among the kinds static/ publishes: some kinds run script";
    for (name, bytes, said) in [
        ("static/images/report.xsd", xml, kind),
        ("static/data/service.wsdl", xml, kind),
        ("static/tools.js", "document.title = 'ran'", kind),
        ("static/search-start.js", "document.title = 'ran'", "would replace the theme's `search-start.js`"),
        ("static/tools.mjs", "export {}", kind),
    ] {
        site.write(name, bytes);
        let err = refused(&site, &[name]);
        assert!(err.contains(said), "{err}");
        std::fs::remove_file(site.root().join(name)).unwrap();
    }
    // What an institution publishes is published as it is.
    for name in [
        "static/docs/report.pdf",
        "static/docs/budget.xlsx",
        "static/data/councils.csv",
        "static/fonts/a.woff2",
    ] {
        site.write(name, "bytes");
    }
    site.build();
    for name in ["docs/report.pdf", "docs/budget.xlsx", "data/councils.csv", "fonts/a.woff2"] {
        assert_eq!(site.read(name), "bytes", "{name}");
    }
    assert!(site.read("search-start.js").contains("import("), "the theme's own script");
}

/// The `application/ld+json` blocks of a page, each parsed.
fn structured_data(html: &str) -> Vec<serde_json::Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| {
            let json = &rest[..rest.find("</script>").expect("the block ends")];
            assert!(!json.contains(['<', '>', '&']), "unescaped in a data block: {json}");
            serde_json::from_str(json).expect("the block is JSON")
        })
        .collect()
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn a_comment_or_script_tag_in_site_yaml_or_a_ui_string_cannot_blank_a_page() {
    let site = Site::fixture("basic");
    let config = site
        .read_source("site.yaml")
        .replace("en: Test partnership", "en: \"Test <!--<script> partnership</script>\"");
    site.write("site.yaml", &format!("{config}partners:\n  en: [\"EU <!--<script>\", \"ROK & co\"]\n"));
    site.write("i18n/en.yaml", "home: \"Home <!--<script>\"\n");
    site.build();
    for page in ["en/index.html", "en/councils/first/index.html", "en/about/index.html"] {
        let data = structured_data(&site.read(page));
        assert!(data[0].to_string().contains("<!--<script>"), "{page}: the text is kept, escaped");
    }
    let host = Host::start(&site.root().join("public"), "/portal/");
    let mut browser = Browser::launch();
    for page in ["en/", "en/councils/first/"] {
        browser.goto(&host.url(&format!("/portal/{page}")));
        let shown = browser.eval("document.body.innerText.length").as_u64().unwrap_or(0);
        assert!(shown > 200, "{page} shows {shown} characters");
        assert!(browser.eval("document.querySelector('h1') !== null").as_bool().unwrap(), "{page}");
    }
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn the_content_security_policy_keeps_an_injected_inline_script_from_running() {
    let site = Site::fixture("basic");
    site.build();
    let page = site.root().join("public/en/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let policy = html.split("http-equiv=\"Content-Security-Policy\" content=\"").nth(1).unwrap();
    assert!(policy.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval';"), "{policy}");
    // What a sanitiser missed would look like this, in the body of a published page.
    let injected = html.replace(
        "</main>",
        "<script>document.title = 'ran'</script><img src=x onerror=\"document.title='ran'\"></main>",
    );
    std::fs::write(&page, injected).unwrap();
    let host = Host::start(&site.root().join("public"), "/portal/");
    let mut browser = Browser::launch();
    browser.goto(&host.url("/portal/en/"));
    std::thread::sleep(Duration::from_millis(300));
    assert_ne!(browser.eval("document.title").as_str(), Some("ran"), "an inline script ran");
    assert!(browser.eval("document.querySelector('main h1') !== null").as_bool().unwrap(), "the page shows");
    let missing = common::between(&html, "<head>", "</head>").unwrap();
    assert!(
        missing.find("Content-Security-Policy") < missing.find("<script"),
        "the policy comes before any script"
    );
}

#[test]
fn every_page_carries_the_content_security_policy() {
    let site = Site::fixture("basic");
    site.build();
    let pages: Vec<String> = site.tree().into_keys().filter(|k| k.ends_with(".html")).collect();
    assert!(pages.len() > 20);
    for page in pages {
        let html = site.read(&page);
        let head = common::between(&html, "<head>", "</head>").unwrap_or_else(|| panic!("{page}"));
        let policy = head
            .split("<meta http-equiv=\"Content-Security-Policy\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{page}: no policy"));
        // Each of the README's directives, exactly: a looser one would not fail otherwise.
        let directives: Vec<&str> = policy.split("; ").collect();
        assert_eq!(
            directives,
            [
                "default-src 'self'",
                "script-src 'self' 'wasm-unsafe-eval'",
                "style-src 'self'",
                "img-src 'self'",
                "font-src 'self'",
                "connect-src 'self'",
                "worker-src 'self'",
                "object-src 'none'",
                "frame-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
            ],
            "{page}"
        );
        assert!(
            !html.contains("<script>") && !html.contains("<script type=\"module\">"),
            "{page}: an inline script"
        );
    }
}

#[test]
fn control_characters_are_refused_at_their_line_in_every_kind_of_text() {
    for (path, text, location) in [
        (
            "content/pages/about.en.md",
            "---\ntitle: \"About \\x0b us\"\nsummary: s\n---\nx\n",
            "about.en.md:2:15",
        ),
        (
            "content/pages/about.en.md",
            "---\ntitle: About\nsummary: \"a\\u0007b\"\n---\nx\n",
            "about.en.md:3:12",
        ),
        ("content/pages/about.en.md", "---\ntitle: About \u{b} us\nsummary: s\n---\nx\n", "about.en.md:2:14"),
        (
            "content/pages/about.en.md",
            "---\ntitle: About\nsummary: s\n---\nText \u{1b}[31m red.\n",
            "about.en.md:5:6",
        ),
        ("content/councils/first.en.md", "", "first.en.md:"),
        ("i18n/en.yaml", "home: \"Home\\x0c\"\n", "i18n/en.yaml:1:12"),
        // Written as character references, in a body, a heading, a link and raw HTML.
        ("content/pages/about.en.md", "---\ntitle: About\n---\nBody A&#x0b;B&#27;C.\n", "about.en.md:4:7"),
        ("content/pages/about.en.md", "---\ntitle: About\n---\n## Head&#11;ing\n", "about.en.md:4:8"),
        ("content/pages/about.en.md", "---\ntitle: About\n---\n[x](a&#x7f;b \"t\")\n", "about.en.md:4:1"),
        (
            "content/pages/about.en.md",
            "---\ntitle: About\n---\nA ![a&#11;b](p.png \"t\").\n",
            "about.en.md:4:6",
        ),
        (
            "content/pages/about.en.md",
            "---\ntitle: About\n---\n<span title=\"a&#1;\">x&#2;</span>\n",
            "about.en.md:4:7",
        ),
    ] {
        let site = Site::fixture("basic");
        let text = if text.is_empty() {
            site.read_source(path).replace("location: Seoul", "location: \"Seoul\\u0085\"")
        } else {
            text.to_string()
        };
        site.write(path, &text);
        let err = refused(&site, &[location]);
        assert!(err.contains("a control character (U+"), "{path}: {err}");
    }
    let site = Site::fixture("basic");
    site.write("site.yaml", &site.read_source("site.yaml").replace("A small", "A \u{8}small"));
    let err = refused(&site, &["site.yaml:5:9"]);
    insta::assert_snapshot!("control_character", err);
}

#[test]
fn a_direction_override_that_would_show_text_backwards_is_refused_at_its_place() {
    // `https://` + U+202E + `elpmaxe.live` shows as an address it is not.
    for (text, location) in [
        (
            "---\ntitle: About\n---\nSee [https://\u{202e}evil.live](https://example.org).\n",
            "about.en.md:4:14",
        ),
        ("---\ntitle: About \u{2066}x\n---\nText.\n", "about.en.md:2:14"),
        ("---\ntitle: About\n---\nSee &#x202E;evil.\n", "about.en.md:4:5"),
    ] {
        let site = about("");
        site.write("content/pages/about.en.md", text);
        let err = refused(&site, &[location, "an invisible direction control (U+"]);
        assert!(err.contains("browsers show it in its own direction"), "{err}");
    }
}

#[test]
fn the_feeds_and_the_sitemap_are_well_formed_xml_whatever_the_text() {
    let site = Site::fixture("basic");
    let file = site.read_source("content/councils/first.en.md");
    let text = "title: \"First <council> & ]]> 'x' \\\"y\\\" \\u00a0\\uFFFD ș\"";
    site.write("content/councils/first.en.md", &file.replace("title: First council", text));
    site.build();
    for xml in ["en/atom.xml", "ro/atom.xml", "sitemap.xml"] {
        let text = site.read(xml);
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{xml} is not well-formed: {e}"));
    }
    assert!(site.read("en/atom.xml").contains("First &lt;council&gt; &amp; ]]&gt;"));
}

/// A PNG header and first chunk claiming `width` × `height` pixels, one bit each, with the
/// real (all-zero) pixel data compressed: a small file that decodes to a huge picture.
fn png_bomb(width: u32, height: u32) -> Vec<u8> {
    png_with_profile(width, height, 0)
}

/// A black greyscale PNG of `width` × `height`, with a colour profile (iCCP) of `profile`
/// zero bytes when it is not 0, packed as tight as zlib packs them.
fn png_with_profile(width: u32, height: u32, profile: usize) -> Vec<u8> {
    use std::io::Write;
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend(kind);
        out.extend(data);
        out.extend(crc.sum().to_be_bytes());
    }
    let zlib = |level, bytes: &mut dyn FnMut(&mut dyn Write)| {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), level);
        bytes(&mut z);
        z.finish().unwrap()
    };
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([1, 0, 0, 0, 0]); // 1 bit, greyscale
    chunk(&mut png, b"IHDR", &header);
    if profile > 0 {
        let zeros = vec![0u8; 1 << 20];
        let packed = zlib(flate2::Compression::best(), &mut |z| {
            (0..profile >> 20).for_each(|_| z.write_all(&zeros).unwrap())
        });
        chunk(&mut png, b"iCCP", &[b"icc\0\0".as_slice(), &packed].concat());
    }
    let row = vec![0u8; 1 + (width as usize).div_ceil(8)];
    let pixels =
        zlib(flate2::Compression::fast(), &mut |z| (0..height).for_each(|_| z.write_all(&row).unwrap()));
    chunk(&mut png, b"IDAT", &pixels);
    chunk(&mut png, b"IEND", &[]);
    png
}

#[test]
fn a_colour_profile_that_unpacks_to_a_gigabyte_is_not_unpacked_past_a_small_bound() {
    // 1 MB on disk, 1 GiB unpacked: the header's bound stops the unpacking, and the picture
    // is published without the profile.
    let site = about("![A small picture.](small.png)\n");
    let bomb = png_with_profile(100, 100, 1 << 30);
    assert!(bomb.len() < 2_000_000, "a small file: {} bytes", bomb.len());
    site.write_bytes("content/pages/about/small.png", &bomb);
    let started = Instant::now();
    let (code, err, peak) = measured(&site, &["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert!(peak < 400, "the build held {peak} MiB");
}

/// Runs `portal <args>` in `site`: its exit status, standard error, and the peak memory of
/// that process alone in MiB (from `wait4`, not the largest of every child the tests ran).
#[allow(clippy::zombie_processes, reason = "wait4 reaps it, and reads its peak memory as it does")]
fn measured(site: &Site, args: &[&str]) -> (i32, String, i64) {
    use std::io::Read;
    let mut child = site.spawn(&[], args);
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out = std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        err.read_to_string(&mut text).map(|_| text)
    });
    let (mut status, pid) = (0, child.id() as libc::pid_t);
    // SAFETY: wait4 writes one status and one struct of ours, zeroed before.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::wait4(pid, &mut status, 0, &mut usage), pid);
        usage
    };
    out.join().unwrap().unwrap();
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 };
    (code, err.join().unwrap().unwrap(), usage.ru_maxrss / 1024)
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header_at_once_in_little_memory() {
    let site = about("![A huge picture.](huge.png)\n");
    let bomb = png_bomb(30_000, 30_000);
    assert!(bomb.len() < 2_000_000, "a small file: {} bytes", bomb.len());
    site.write_bytes("content/pages/about/huge.png", &bomb);
    let started = Instant::now();
    let (code, err, peak) = measured(&site, &["build"]);
    let took = started.elapsed();
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("content/pages/about.en.md:5:1"), "{err}");
    assert!(
        err.contains(
            "is 30000 × 30000 pixels (900.0 million); portal takes pictures of at most 50.0 million"
        ),
        "{err}"
    );
    assert!(took < Duration::from_secs(3), "refused after {took:?}");
    // Decoded, it would take 900 MB at the very least.
    assert!(peak < 400, "the build held {peak} MiB");
    insta::assert_snapshot!("decompression_bomb", err);
}

#[test]
fn the_picture_size_limit_is_site_yaml_s_to_raise() {
    let site = about("![A photo.](photo.jpg)\n");
    picture(&site.root().join("content/pages/about/photo.jpg"), 1500, 1000);
    let config = site.read_source("site.yaml");
    site.write("site.yaml", &format!("{config}max_image_megapixels: 1\n"));
    let err = refused(&site, &["content/pages/about.en.md:5:1"]);
    assert!(err.contains("is 1500 × 1000 pixels (1.5 million)"), "{err}");
    site.write("site.yaml", &format!("{config}max_image_megapixels: 2\n"));
    assert_eq!(site.run(&["build"]).code, 0);
}

#[test]
fn a_truncated_picture_is_refused_at_its_line() {
    for name in ["photo.jpg", "chart.png", "photo.webp"] {
        let site = about(&format!("![A picture.]({name})\n"));
        let path = site.root().join("content/pages/about").join(name);
        picture(&path, 300, 200);
        let whole = std::fs::read(&path).unwrap();
        std::fs::write(&path, &whole[..whole.len() * 2 / 3]).unwrap();
        let err = refused(&site, &["content/pages/about.en.md:5:1"]);
        assert!(err.contains("is cut short"), "{name}: {err}");
    }
}

#[test]
fn a_damaged_or_empty_cached_copy_is_made_again_not_published() {
    let site = about("![A picture.](photo.jpg)\n");
    picture(&site.root().join("content/pages/about/photo.jpg"), 1000, 600);
    site.build();
    let first = site.tree();
    let cache = site.root().join(".portal-cache/images");
    let mut kept: Vec<_> = std::fs::read_dir(&cache).unwrap().map(|e| e.unwrap().path()).collect();
    kept.sort();
    assert!(kept.len() >= 4, "{kept:?}");
    std::fs::write(&kept[0], b"garbage, as a bad disk or a stray write leaves it").unwrap();
    std::fs::write(&kept[1], b"").unwrap();
    let half = std::fs::read(&kept[2]).unwrap();
    std::fs::write(&kept[2], &half[..half.len() / 2]).unwrap();
    let run = site.run(&["build", "--force", "--base-url", "https://example.org/portal/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("3 encoded now"), "the three damaged copies are made again:\n{}", run.stdout);
    assert_eq!(site.tree(), first, "the site is the same as with a sound cache");
}

#[test]
fn fifty_thousand_identical_headings_and_a_quarter_million_links_take_linear_time() {
    // Each page as long as a text may be (2 MiB): a quarter of a million links on one.
    let links = format!("## S\n\n{}\n", "[x](#s) ".repeat(250_000));
    let mut headings = "## Same\n\n".repeat(50_000);
    for n in 0..20_000 {
        headings.push_str(&format!("Text[^{n}] | a | b\n"));
    }
    for n in 0..20_000 {
        headings.push_str(&format!("\n[^{n}]: Note.\n"));
    }
    let mut lists = "\n| a | b |\n|---|---|\n".to_string();
    lists.push_str(&"| 1 | 2 |\n".repeat(50_000));
    lists.push('\n');
    lists.push_str(&"- item\n  - nested\n".repeat(50_000));
    let site = about(&links);
    site.write("content/pages/headings.en.md", &format!("---\ntitle: Headings\n---\n{headings}"));
    site.write("content/pages/lists.en.md", &format!("---\ntitle: Lists\n---\n{lists}"));
    let started = Instant::now();
    let run = site.run(&["check"]);
    let took = started.elapsed();
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Quadratic, the headings alone took 214 s and 200,000 links 30 s in a release build.
    assert!(took < Duration::from_secs(20), "{took:?} in a debug build");
    site.build();
    let html = site.read("en/headings/index.html");
    assert!(html.contains("id=\"same-49999\"") && !html.contains("id=\"same-50000\""));
}

#[test]
fn a_picture_from_another_site_or_a_data_url_is_refused() {
    let site =
        about("![A logo.](https://example.org/logo.png)\n\n![A dot.](data:image/png;base64,iVBORw0KGgo=)\n");
    let err = refused(&site, &["content/pages/about.en.md:5:1", "content/pages/about.en.md:7:1"]);
    assert!(err.contains("the picture `https://example.org/logo.png` is not a file of the site"), "{err}");
}

#[test]
fn an_escape_sequence_in_a_file_name_or_a_line_is_shown_not_sent_to_the_terminal() {
    let site = Site::fixture("basic");
    site.write("content/pages/x\u{1b}]0;PWNED\u{7}\u{1b}[2Jy.en.md", "---\ntitle: X\n---\nText.\n");
    site.write("content/pages/about.en.md", "---\ntitle: About \u{1b}[2J\n---\nText.\n");
    let run = site.run(&["check"]);
    let stderr = run.refused(&["x\\u{1b}]0;PWNED\\u{7}\\u{1b}[2Jy.en.md", "About \\u{1b}[2J"]);
    assert!(!stderr.contains(['\u{1b}', '\u{7}']), "{stderr:?}");
}

#[test]
fn a_cache_that_came_with_the_sources_is_refused_before_anything_is_taken_from_it() {
    // A pull request can add `.portal-cache/` (ignored, but `git add -f` takes it): its
    // files are sealed, not signed, and a planted one was published as it was.
    let site = Site::fixture("basic");
    site.build();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git").current_dir(site.root()).args(args).output().unwrap();
        assert!(ok.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&ok.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "-f", ".portal-cache"]);
    let before = site.tree();
    let run = site.run(&["build"]);
    run.refused(&[".portal-cache: git tracks this folder", "git rm -r --cached .portal-cache"]);
    assert_eq!(site.tree(), before, "the output is left as it was");
    git(&["rm", "-r", "-q", "--cached", ".portal-cache"]);
    assert_eq!(site.run(&["build"]).code, 0);
}

#[test]
fn a_footnote_takes_no_id_of_the_theme_s_and_its_links_still_lead_to_it() {
    let site = about(
        "Text[^main] and[^search-box].\n\n## A heading[^h]\n\n[^main]: One.\n[^search-box]: Two.\n[^h]: Three.\n",
    );
    site.build();
    let html = site.read("en/about/index.html");
    assert_eq!(html.matches("id=\"main\"").count(), 1, "only the theme's");
    assert_eq!(html.matches("id=\"search-box\"").count(), 1, "only the theme's");
    for label in ["main", "search-box", "h"] {
        assert!(html.contains(&format!("id=\"fn-{label}\"")), "{label}");
        assert!(html.contains(&format!("href=\"#fn-{label}\"")), "{label}: the reference leads to it");
    }
}

#[test]
fn a_static_file_whose_name_hides_what_it_is_is_refused() {
    for name in ["invoice\u{202e}fdp.zip", "a\u{1b}[31mred.png", "evil.html.", "a\nb.png", "x\u{200b}.pdf"] {
        let site = Site::fixture("basic");
        site.write(&format!("static/files/{name}"), "x");
        refused(&site, &["holds an invisible character or ends in a dot"]);
    }
}

#[test]
fn a_short_text_that_would_make_a_page_of_tens_of_megabytes_is_refused() {
    // 1 MB of `![a](photo.jpg)` made a 93 MB page: each is a <picture> of its copies.
    let site = about(&"![A photo.](photo.jpg)\n".repeat(60_000));
    picture(&site.root().join("content/pages/about/photo.jpg"), 1500, 1000);
    refused(&site, &["content/pages/about.en.md: this text makes", "a page may have at most 32 MiB"]);
}

#[test]
fn a_site_file_named_as_one_of_the_theme_s_is_refused_not_published_over_it() {
    // The site's static/ is the editors' (the content manager uploads there); a stylesheet
    // there would restyle every page: hide the menu, show a made-up banner.
    for name in ["style.css", "card.png", "favicon.svg"] {
        let site = Site::fixture("basic");
        site.write(&format!("static/{name}"), "body { display: none }");
        let stderr = refused(&site, &[&format!("static/{name}")]);
        assert!(
            stderr.contains(&format!("this file would replace the theme's `{name}` on every page")),
            "{stderr}"
        );
        assert!(stderr.contains(&format!("themes/partnership/static/{name}")), "{stderr}");
    }
}

#[test]
fn an_svg_whose_entity_expands_to_a_script_is_refused_in_static_and_beside_a_page() {
    // The XML reader takes `&#60;` in an entity's text as text; a browser expands it into a
    // `<script>` that runs on the site's address (and can read the content manager's token).
    let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY e \"&#60;script>alert(1)&#60;/script>\">\n]>\n\
               <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">&e;</svg>\n";
    let site = Site::fixture("basic");
    site.write("static/images/chart.svg", svg);
    let stderr = refused(&site, &["static/images/chart.svg"]);
    assert!(stderr.contains("declares an entity whose text holds markup or a reference"), "{stderr}");
    assert!(stderr.contains("(line 3 of the drawing)"), "{stderr}");
    let site = about("![A chart](chart.svg)\n");
    site.write("content/pages/about/chart.svg", svg);
    refused(&site, &["content/pages/about/chart.svg"]);
}

#[test]
fn a_class_that_would_borrow_the_theme_s_look_or_hide_text_is_refused_at_its_place() {
    for (body, at) in [
        ("<p class=\"wrap notice\">This translation is out of date.</p>\n", "content/pages/about.en.md:5:4"),
        (
            "Text <span class=\"visually-hidden\">for screen readers only</span>.\n",
            "content/pages/about.en.md:5:12",
        ),
        ("## Sign in again {.site-header}\n", "content/pages/about.en.md:5:1"),
    ] {
        let stderr = refused(&about(body), &[at]);
        assert!(stderr.contains("the look of the site's own parts"), "{body}: {stderr}");
    }
}

#[test]
fn a_commitment_of_headings_quotes_or_paragraphs_is_refused_at_its_line() {
    // The domain's page shows a commitment inside a paragraph of its own: a block there
    // would be a second `<h1>`, or a `<p>` in a `<p>`.
    for line in [
        r#"ai: "Work together.\n\n# This council was annulled""#,
        r#"ai: "> Quoted""#,
        r#"ai: "- one\n- two""#,
        r#"ai: "Text.\n\nMore text.""#,
    ] {
        let site = with_commitment(line);
        let stderr = refused(&site, &["content/councils/first.en.md:"]);
        assert!(
            stderr.contains("the commitment on `ai` is more than one paragraph of text"),
            "{line}: {stderr}"
        );
    }
    // A line of emphasis and links is what a commitment is.
    let site = with_commitment(r#"ai: "A *permanent* dialogue, [on chips](@/domains/chips.md).""#);
    assert_eq!(site.run(&["build"]).code, 0);
}

#[test]
fn static_files_whose_names_differ_only_in_case_or_unicode_form_are_refused() {
    // On a Mac's or a Windows disk (a checkout, an unpacked artifact) one would overwrite the
    // other; the generated `robots.txt` and the theme's `style.css` count too.
    for (first, second) in [
        (None, "static/Robots.txt"),
        (None, "static/Style.CSS"),
        (Some("static/images/știri.png"), "static/images/s\u{0326}tiri.png"),
        (Some("static/docs/Report.pdf"), "static/docs/report.pdf"),
    ] {
        let site = Site::fixture("basic");
        for name in first.iter().chain([&second]) {
            site.write(name, "bytes");
        }
        let stderr = refused(&site, &[]);
        assert!(
            stderr.contains("only in letter case or in how its accents are encoded"),
            "{second}: {stderr}"
        );
    }
}

#[test]
fn links_that_look_like_the_site_s_but_lead_off_it_or_into_the_content_manager_are_refused() {
    for (body, said) in [
        // HTML is not put under the site's path: under `/portal/`, `/en/` is another site.
        ("<a href=\"/en/councils/\">x</a>\n", "a link from the host's root in HTML"),
        // A browser reads `\` as `/`: `/\host` is another host.
        ("<a href=\"/\\evil.example/\">x</a>\n", "has a backslash"),
        ("[x](/\\evil.example/)\n", "has a backslash"),
        // The editors' page, where their sign-in is kept.
        ("[x](/admin/index.html#/collections/councils)\n", "leads into the content manager"),
        ("[x](/admin/)\n", "leads into the content manager"),
    ] {
        let stderr = refused(&about(body), &["content/pages/about.en.md:5:"]);
        assert!(stderr.contains(said), "{body}: {stderr}");
    }
}

#[test]
fn an_id_in_html_that_a_heading_or_another_element_has_is_refused_at_its_place() {
    // The table of contents and `@/…#next-steps` from other pages would land on the first.
    let body = "<span id=\"next-steps\">Hijacked</span>\n\n## Next steps\n\n## Other {#custom}\n\n<p id=\"custom\">x</p>\n\n<b id=\"twice\">a</b> <i id=\"twice\">b</i>\n";
    let stderr = refused(
        &about(body),
        &[
            "content/pages/about.en.md:5:7",
            "content/pages/about.en.md:11:4",
            "content/pages/about.en.md:13:24",
        ],
    );
    assert_eq!(stderr.matches("is another element's on this page").count(), 3, "{stderr}");
    // An id of its own is an anchor like any other.
    let site = about("<span id=\"signing\">The signing</span>\n\n## Next steps\n");
    assert_eq!(site.run(&["build"]).code, 0);
}

#[test]
fn relative_links_that_climb_off_the_site_or_into_the_content_manager_are_refused() {
    // The page is `/portal/en/about/`: `../../admin/` is the editors' page, `../../../x/`
    // another site of the same host; `https:../` is a path of this site to a browser.
    for (body, said) in [
        ("[x](../../admin/)\n", "leads into the content manager"),
        ("[x][r]\n\n[r]: ../../admin/#x\n", "leads into the content manager"),
        ("[x](../../../other-repo/)\n", "climbs above the site's address"),
        ("[x](https:../../admin/)\n", "has no `//` after `https:`"),
        ("[x](https://example.org/portal/admin/#/collections/councils)\n", "leads into the content manager"),
        ("<https://example.org/portal/admin/>\n", "leads into the content manager"),
        ("[x](%2E%2E/%2E%2E/admin/)\n", "leads into the content manager"),
        // In HTML too, by its whole address or without its scheme.
        ("<a href=\"https://example.org/portal/admin/#/\">x</a>\n", "leads into the content manager"),
        ("<a href=\"//example.org/portal/admin/\">x</a>\n", "leads into the content manager"),
        ("<q cite=\"../../../admin/\">x</q>\n", "goes up a folder"),
        // As a browser reads it: a tab in it is dropped, a host adds the last `/`.
        ("<a href=\"..&#9;/..&#9;/..&#9;/other-repo/\">x</a>\n", "goes up a folder"),
        ("<a href=\" ../../../other-repo/\">x</a>\n", "goes up a folder"),
        ("[x](https://example.org/portal/admin?x)\n", "leads into the content manager"),
        // An encoded `/` names no folder to a host.
        ("[x](/files%2Freport.pdf)\n", "encoded `/`"),
    ] {
        let stderr = refused(&about(body), &["content/pages/about.en.md:5:"]);
        assert!(stderr.contains(said), "{body}: {stderr}");
    }
    // A relative link that stays in the site is the editor's; `admin/…` below a page is not
    // the content manager.
    assert_eq!(about("[ro](../../ro/despre/)\n").run(&["build"]).code, 0);
    let stderr = refused(&about("[x](admin/notes.md)\n"), &["content/pages/about.en.md:5:"]);
    assert!(stderr.contains("is to a Markdown file"), "{stderr}");
}

#[test]
fn a_council_s_place_and_a_page_s_old_addresses_are_held_to_a_length() {
    // A place is on every listed domain's page, and each old address of a council to come
    // is a page and a calendar: a long place times many addresses was 215 MB of output.
    let site = Site::fixture("basic");
    let first = site.read_source("content/councils/first.en.md");
    let aliases: Vec<String> = (0..11).map(|i| format!("/en/old-{i}/")).collect();
    let edited = first
        .replacen("location: Seoul", &format!("location: {}", "Seoul ".repeat(40)), 1)
        .replacen("---\n", &format!("---\naliases: [{}]\n", aliases.join(", ")), 1);
    site.write("content/councils/first.en.md", &edited);
    let run = site.run(&["check"]);
    let stderr = run.refused(&["content/councils/first.en.md:2:1"]);
    assert!(stderr.contains("this page lists 11 old addresses; a page has at most 10"), "{stderr}");
    assert!(stderr.contains("the location is 239 characters long; a place has at most 200"), "{stderr}");
    // And no old address in the editors' folder.
    let site = about("x\n");
    site.write("content/pages/about.en.md", "---\ntitle: About\naliases: [/admin/x/]\n---\nx\n");
    site.run(&["check"]).refused(&["the old URL /admin/x/ is in the content manager's folder"]);
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs Chromium: apt-get install chromium")]
fn nested_small_print_stays_readable_and_does_not_shrink_out_of_sight() {
    let nest = |open: &str, close: &str| format!("{}hidden words{}", open.repeat(30), close.repeat(30));
    let body = format!(
        "{}\n\n{}\n\n{}\n",
        nest("<small>", "</small>"),
        nest("<sub>", "</sub>"),
        nest("<ruby>a<rt>", "</rt></ruby>")
    );
    let site = about(&body);
    assert_eq!(site.build().code, 0);
    let host = Host::start(&site.root().join("public"), "/portal/");
    let mut browser = Browser::launch();
    browser.goto(&host.url("/portal/en/about/"));
    let sizes = "JSON.stringify([...document.querySelectorAll('main small, main sub, main rt')].map(e => parseFloat(getComputedStyle(e).fontSize)).reduce((a, b) => Math.min(a, b), 99))";
    let smallest: f64 = browser.eval(sizes).as_str().unwrap_or("0").parse().unwrap_or(0.0);
    assert!(smallest >= 8.0, "the innermost text is {smallest} px");
}

#[test]
fn a_static_file_over_100_mib_or_static_files_over_1_gib_are_refused_before_they_are_read() {
    // Each was read into memory whole: ten of 200 MB took 2 GB. Sparse files: no disk used.
    let site = Site::fixture("basic");
    let sparse = |name: &str, size: u64| {
        let path = site.root().join("static/docs").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::File::create(path).unwrap().set_len(size).unwrap();
    };
    sparse("huge.pdf", 200 << 20);
    site.run(&["build"])
        .refused(&["static/docs/huge.pdf: this file is 200 MiB: GitHub refuses a file over 100 MiB"]);
    std::fs::remove_file(site.root().join("static/docs/huge.pdf")).unwrap();
    // A picture a page shows, too, before the catalog reads it.
    sparse("huge.png", 150 << 20);
    let about = site.read_source("content/pages/about.en.md");
    site.write("content/pages/about.en.md", &format!("{about}\n![A huge map](/docs/huge.png)\n"));
    let said = site.run(&["build"]);
    said.refused(&["`static/docs/huge.png` is a file of 150 MiB, more than the 100 MiB a picture may weigh"]);
    site.write("content/pages/about.en.md", &about);
    std::fs::remove_file(site.root().join("static/docs/huge.png")).unwrap();
    for i in 0..12 {
        sparse(&format!("part{i}.pdf"), 95 << 20);
    }
    site.run(&["build"]).refused(&["the static files weigh 11", "a site on GitHub Pages may weigh 1024 MiB"]);
    assert!(!site.root().join("public").exists(), "nothing published");
}
