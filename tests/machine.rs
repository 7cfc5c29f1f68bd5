//! The site for machines, read back with real parsers: every page's share card (Open Graph
//! and Twitter tags), its JSON-LD with each type's required properties, the calendars
//! (with an iCalendar parser, and RFC 5545's line rules), and the open data against the
//! JSON Schemas the site publishes.

use crate::common;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn shipped() -> portal::pipeline::Built {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    portal::pipeline::run(root, &Default::default()).unwrap_or_else(|d| panic!("{}", d.render(root)))
}

fn file(built: &portal::pipeline::Built, path: &str) -> String {
    let bytes = built.site.files.get(path).unwrap_or_else(|| panic!("no {path}"));
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The `content` of every `<meta property|name="…">` of a page, by property (repeated ones
/// joined with `|`).
fn metas(html: &str) -> BTreeMap<String, String> {
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    for tag in html.split("<meta ").skip(1).map(|t| t.split('>').next().unwrap()) {
        let attr = |name: &str| tag.split(&format!("{name}=\"")).nth(1).and_then(|s| s.split('"').next());
        if let (Some(key), Some(content)) = (attr("property").or(attr("name")), attr("content")) {
            found
                .entry(key.to_string())
                .and_modify(|v| *v = format!("{v}|{content}"))
                .or_insert(content.to_string());
        }
    }
    found
}

fn json_ld(html: &str) -> Value {
    let script = html
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("a JSON-LD script");
    serde_json::from_str(script).expect("JSON-LD is JSON")
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[test]
fn every_page_has_a_complete_share_card_under_the_sub_path() {
    let built = shipped();
    let mut descriptions: BTreeMap<String, String> = BTreeMap::new();
    let pages: Vec<&String> =
        built.site.files.keys().filter(|p| p.ends_with("index.html") && common::for_readers(p)).collect();
    assert_eq!(pages.len(), 71, "68 pages of the two languages, their search pages and the root");
    // Every council, domain, milestone and free page is an article; lists are websites.
    let articles: std::collections::BTreeSet<String> = built
        .graph
        .corpus
        .iter()
        .filter(|(_, e)| matches!(e.key.kind, portal::content::Kind::Item(_)))
        .map(|(_, e)| format!("{}index.html", e.url))
        .collect();
    assert_eq!(articles.len(), 54, "4 councils, 12 domains, 7 milestones and 4 pages, twice");
    for path in pages {
        let html = file(&built, path);
        let m = metas(&html);
        let canonical =
            html.split("<link rel=\"canonical\" href=\"").nth(1).unwrap().split('"').next().unwrap();
        assert_eq!(m["og:url"], canonical, "{path}");
        assert!(canonical.starts_with("https://example.github.io/portal/"), "{path}: {canonical}");
        for key in ["og:title", "og:description", "og:site_name", "twitter:title", "twitter:description"] {
            assert!(!m.get(key).map_or("", String::as_str).is_empty(), "{path}: no {key}");
        }
        assert_eq!(m["og:image"], "https://example.github.io/portal/card.png", "{path}");
        assert!(built.site.files.contains_key("card.png"), "the card image is published");
        let card = image::load_from_memory(&built.site.files["card.png"]).unwrap();
        let size = [card.width().to_string(), card.height().to_string()];
        assert_eq!([&m["og:image:width"], &m["og:image:height"]], [&size[0], &size[1]], "{path}");
        assert_eq!(m["twitter:card"], "summary_large_image");
        let description = unescape(&m["description"]);
        assert!(description.chars().count() <= 160, "{path}: {} characters", description.chars().count());
        assert_eq!(m["og:description"], m["description"]);
        let (locale, other) = if path.starts_with("ro/") { ("ro_RO", "en_GB") } else { ("en_GB", "ro_RO") };
        assert_eq!(m["og:locale"], locale, "{path}");
        if path != "index.html" {
            assert_eq!(m.get("og:locale:alternate").map(String::as_str), Some(other), "{path}: translated");
        }
        let kind = if articles.contains(path.as_str()) { "article" } else { "website" };
        assert_eq!(m["og:type"], kind, "{path}");
        descriptions.insert(path.clone(), description);
    }
    // The list pages, the timeline and the open data page each say what they are.
    let lists = ["en/councils/", "en/domains/", "en/milestones/", "en/timeline/", "en/data/", "en/"];
    let said: std::collections::BTreeSet<&String> =
        lists.iter().map(|l| &descriptions[&format!("{l}index.html")]).collect();
    assert_eq!(said.len(), lists.len(), "distinct: {said:?}");
    let long = &descriptions["en/councils/second/index.html"];
    assert!(long.ends_with('…') && !long.ends_with(" …"), "a long summary is cut at a word: {long}");
}

#[test]
fn every_council_page_describes_an_event_with_its_required_properties() {
    let built = shipped();
    for (path, start) in [
        ("en/councils/first/index.html", Some("2023-06-30")),
        ("ro/consilii/al-treilea/index.html", Some("2025-11-28")),
        ("en/councils/fourth/index.html", None),
    ] {
        let data = json_ld(&file(&built, path));
        assert_eq!(data["@context"], "https://schema.org");
        let graph = data["@graph"].as_array().unwrap();
        // The shipped site.yaml names no publisher: none is made up.
        assert!(graph.iter().all(|n| n["@type"] != "Organization" && n.get("publisher").is_none()), "{path}");
        let event =
            graph.iter().find(|n| n["@type"] == "Event").unwrap_or_else(|| panic!("{path}: no Event"));
        for key in ["name", "description", "location", "organizer", "inLanguage", "url"] {
            assert!(!event[key].is_null(), "{path}: Event without {key}");
        }
        // Scheduled only when its day is known: a council "in 2026" claims no schedule.
        let scheduled = start.map(|_| "https://schema.org/EventScheduled");
        assert_eq!(event["eventStatus"].as_str(), scheduled, "{path}");
        assert_eq!(event["location"]["@type"], "Place");
        assert_eq!(event["location"]["address"]["@type"], "PostalAddress");
        assert!(
            event["location"]["address"]["addressCountry"].as_str().is_some_and(|c| c == "KR" || c == "BE")
        );
        let organizers: Vec<&str> =
            event["organizer"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
        assert_eq!(organizers.len(), 2, "{path}: the EU and the Republic of Korea");
        assert!(event["url"].as_str().unwrap().ends_with(&path.replace("index.html", "")));
        assert_eq!(event["startDate"].as_str(), start, "{path}: only a known day");
    }
    let domain = json_ld(&file(&built, "en/domains/ai/index.html"));
    assert!(
        domain["@graph"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["@type"] == "WebPage" && n["name"] == "Artificial intelligence")
    );
    let home = json_ld(&file(&built, "ro/index.html"));
    assert!(
        home["@graph"].as_array().unwrap().iter().any(|n| n["@type"] == "WebSite" && n["inLanguage"] == "ro")
    );
}

/// Every line of a calendar: CRLF-ended, at most 75 octets.
fn check_lines(ics: &str) {
    assert!(ics.ends_with("\r\n"));
    for line in ics.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains('\n'), "a bare line feed: {line:?}");
    }
}

fn events(ics: &str) -> Vec<BTreeMap<String, String>> {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let calendar = parser.next().expect("one calendar").expect("a valid calendar");
    assert!(parser.next().is_none());
    calendar
        .events
        .into_iter()
        .map(|e| e.properties.into_iter().map(|p| (p.name, p.value.unwrap_or_default())).collect())
        .collect()
}

#[test]
fn the_calendars_hold_the_councils_with_a_known_day_in_each_language() {
    let built = shipped();
    let en = file(&built, "en/councils/calendar.ics");
    let ro = file(&built, "ro/consilii/calendar.ics");
    check_lines(&en);
    check_lines(&ro);
    let (en_events, ro_events) = (events(&en), events(&ro));
    let days: Vec<&str> = en_events.iter().map(|e| e["DTSTART"].as_str()).collect();
    assert_eq!(days, ["20230630", "20240326", "20251128"], "the three held councils; 2026 has no day yet");
    assert!(en.contains("DTSTART;VALUE=DATE:20230630\r\n"));
    assert!(
        en.contains("X-WR-CALDESC:")
            && en.replace("\r\n ", "").contains("Councils without an exact date yet: 1.")
    );
    for (e, r) in en_events.iter().zip(&ro_events) {
        assert_eq!(e["UID"], r["UID"], "one event, whichever language's calendar adds it");
        assert_eq!(e["DTSTAMP"], r["DTSTAMP"]);
        assert_ne!(e["SUMMARY"], r["SUMMARY"]);
        for key in ["DTEND", "LOCATION", "URL", "DESCRIPTION"] {
            assert!(!e[key].is_empty(), "{key}");
        }
    }
    assert_eq!(ro_events[0]["SUMMARY"], "Primul Consiliu de parteneriat digital");
    assert_eq!(ro_events[0]["LOCATION"], "Seul\\, KR");
    assert!(ro_events[2]["URL"].starts_with("https://example.github.io/portal/ro/consilii/al-treilea/"));
    // A council that has met links the calendar of all councils; none has a file of its own.
    assert!(
        file(&built, "en/councils/third/index.html").contains("href=\"/portal/en/councils/calendar.ics\"")
    );
    assert!(!built.site.files.keys().any(|f| f.ends_with(".ics") && !f.ends_with("calendar.ics")));
    assert!(file(&built, "en/councils/index.html").contains("href=\"/portal/en/councils/calendar.ics\""));
}

#[test]
fn a_council_to_come_whose_day_is_known_has_a_calendar_file_of_its_own() {
    // In the fixture, the third council is planned for 2026-05-01.
    let site = common::Site::fixture("basic");
    site.build();
    for (page, ics) in [
        ("en/councils/third/index.html", "en/councils/third/third.ics"),
        ("ro/consilii/al-treilea/index.html", "ro/consilii/al-treilea/al-treilea.ics"),
    ] {
        let one = site.read(ics);
        check_lines(&one);
        let events = events(&one);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0]["DTSTART"], "20260501");
        assert_eq!(events[0]["UID"], "council-third@example.org");
        assert!(site.read(page).contains(&format!("href=\"/portal/{ics}\" download")), "{page} links it");
    }
    assert!(!site.exists("en/councils/first/first.ics"), "a council that has met: in the calendar of all");
    assert!(site.read("en/councils/first/index.html").contains("href=\"/portal/en/councils/calendar.ics\""));
}

#[test]
fn the_open_data_follows_its_published_schemas_and_the_pages() {
    let built = shipped();
    for lang in ["en/data", "ro/date-deschise"] {
        for (name, records) in [("councils", 4), ("domains", 12), ("milestones", 7)] {
            let schema: Value =
                serde_json::from_str(&file(&built, &format!("schemas/{name}.schema.json"))).unwrap();
            let validator = jsonschema::validator_for(&schema).expect("a valid schema");
            let data: Value = serde_json::from_str(&file(&built, &format!("{lang}/{name}.json"))).unwrap();
            let errors: Vec<String> = validator.iter_errors(&data).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{lang}/{name}.json: {errors:?}");
            assert_eq!(data["records"].as_array().unwrap().len(), records, "{lang}/{name}");
            assert_eq!(
                data["schema"],
                format!("https://example.github.io/portal/schemas/{name}.schema.json")
            );
            assert_eq!(data["licence"]["name"], "CC BY 4.0");
            for record in data["records"].as_array().unwrap() {
                let url = record["url"].as_str().unwrap();
                let page = url.strip_prefix("https://example.github.io/portal/").unwrap();
                assert!(built.site.files.contains_key(&format!("{page}index.html")), "{url} is a page");
            }
        }
    }
    let councils: Value = serde_json::from_str(&file(&built, "ro/date-deschise/councils.json")).unwrap();
    let first = &councils["records"][0];
    assert_eq!(
        (first["id"].as_str(), first["number"].as_u64(), first["date"].as_str()),
        (Some("first"), Some(1), Some("2023-06-30"))
    );
    assert_eq!(first["location"], "Seul");
    assert_eq!(first["commitments"].as_array().unwrap().len(), 10);
    assert_eq!(first["commitments"][0]["domain"], "semiconductors");
    assert_eq!(councils["records"][3]["date"], "2026", "a planned council's date as known");
    let page = file(&built, "ro/date-deschise/index.html");
    for link in [
        "/portal/ro/date-deschise/councils.json",
        "/portal/schemas/councils.schema.json",
        "https://creativecommons.org/licenses/by/4.0/",
    ] {
        assert!(page.contains(&format!("href=\"{link}\"")), "the open data page links {link}");
    }
    assert!(
        file(&built, "sitemap.xml").contains("<loc>https://example.github.io/portal/ro/date-deschise/</loc>")
    );
    assert!(
        file(&built, "en/index.html").contains("href=\"/portal/en/data/\""),
        "linked from every page's footer"
    );
}

#[test]
fn a_share_image_that_is_not_there_is_an_error_in_site_yaml() {
    let site = common::Site::fixture("basic");
    let text = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{text}image: cards/missing.png\n"));
    let run = site.run(&["check"]);
    run.refused(&["the share image `cards/missing.png` is not a static file", "site.yaml:"]);
    // Nor is a file outside the static folders, though it exists.
    site.write("site.yaml", &format!("{text}image: ../site.yaml\n"));
    let run = site.run(&["check"]);
    run.refused(&["the share image `../site.yaml` is not a static file"]);
}

#[test]
fn every_page_but_the_home_shows_where_it_is_and_says_so_to_search_engines() {
    let built = shipped();
    for path in built
        .site
        .files
        .keys()
        .filter(|p| p.ends_with("index.html") && p.contains('/') && common::for_readers(p))
    {
        let html = file(&built, path);
        let is_home = path == "en/index.html" || path == "ro/index.html";
        let trail: Vec<String> = html
            .split("<nav class=\"breadcrumbs wrap\"")
            .nth(1)
            .map(|nav| {
                nav.split("</nav>")
                    .next()
                    .unwrap()
                    .split("<li>")
                    .skip(1)
                    .map(|li| li.split('<').nth(1).unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(trail.is_empty(), is_home, "{path}: breadcrumbs on every page but the home");
        let data = json_ld(&html);
        let list = data["@graph"].as_array().unwrap().iter().find(|n| n["@type"] == "BreadcrumbList");
        assert_eq!(list.is_some(), !is_home, "{path}");
        if let Some(list) = list {
            let items = list["itemListElement"].as_array().unwrap();
            assert_eq!(items.len(), trail.len(), "{path}: the same steps as the page shows");
            assert_eq!(
                items.last().unwrap()["item"].as_str().unwrap(),
                format!("https://example.github.io/portal/{}", path.trim_end_matches("index.html"))
            );
        }
    }
    let council = file(&built, "en/councils/first/index.html");
    assert!(
        council.contains(r#"<a href="/portal/en/councils/" aria-current="true">Councils</a>"#),
        "the menu marks the section"
    );
    let milestone = file(&built, "en/milestones/summit-2023/index.html");
    assert!(milestone.contains(r#"<a href="/portal/en/milestones/" aria-current="true">Milestones</a>"#));
}

#[test]
fn a_theme_without_a_string_portal_writes_itself_is_an_error_naming_it() {
    let site = common::Site::fixture("basic");
    for lang in ["en", "ro"] {
        let path = site.root().join(format!("themes/partnership/i18n/{lang}.yaml"));
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("calendar_note:")).collect();
        std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    }
    let run = site.run(&["check"]);
    run.refused(&["UI string `calendar_note` is missing; portal writes it itself"]);
}

#[test]
fn the_publisher_site_yaml_names_is_in_the_footer_the_json_ld_the_feed_and_the_data() {
    let site = common::Site::fixture("basic");
    let licence = "licence: { name: CC BY 4.0, url: https://creativecommons.org/licenses/by/4.0/ }\n";
    site.write("site.yaml", &format!("{}{licence}", site.read_source("site.yaml")));
    site.build();
    for (lang, name, page) in [
        ("en", "Test publisher", "en/councils/first/index.html"),
        ("ro", "Editorul de test", "ro/consilii/first/index.html"),
    ] {
        let html = site.read(page);
        let footer = common::between(&html, "<footer", "</footer>").unwrap();
        assert!(footer.contains(&format!("<a href=\"https://example.org/\">{name}</a>")), "{footer}");
        assert!(!footer.contains("does not yet state") && !footer.contains("nu precizează încă"), "{footer}");
        let data = json_ld(&html);
        let graph = data["@graph"].as_array().unwrap();
        let publisher = graph.iter().find(|n| n["@type"] == "Organization").expect("the publisher");
        assert_eq!(
            (publisher["name"].as_str(), publisher["url"].as_str()),
            (Some(name), Some("https://example.org/"))
        );
        let event = graph.iter().find(|n| n["@type"] == "Event").unwrap();
        assert_eq!(event["publisher"]["@id"], publisher["@id"]);
        let feed = site.read(&format!("{lang}/atom.xml"));
        assert!(
            feed.contains(&format!("<author><name>{name}</name><uri>https://example.org/</uri></author>")),
            "{feed}"
        );
    }
    let councils: serde_json::Value = serde_json::from_str(&site.read("en/data/councils.json")).unwrap();
    assert_eq!(councils["licensor"], "Test publisher");
    let data = site.main_of("en/data/index.html");
    assert!(data.contains("CC BY 4.0</a>, Test publisher.") && !data.contains("does not yet name"), "{data}");
    let page = site.read("en/data/index.html");
    let graph = json_ld(&page)["@graph"].as_array().unwrap().clone();
    let publisher = graph.iter().find(|n| n["@type"] == "Organization").expect("the publisher");
    let datasets = datasets(&page);
    assert_eq!(datasets.len(), 4);
    for dataset in datasets {
        assert_eq!(dataset["publisher"]["@id"], publisher["@id"], "{dataset}");
        assert!(dataset.get("creator").is_none(), "site.yaml names who publishes, not who made it");
    }
}

/// The `Dataset` nodes of a data page's JSON-LD.
fn datasets(html: &str) -> Vec<Value> {
    let data = json_ld(html);
    data["@graph"].as_array().unwrap().iter().filter(|n| n["@type"] == "Dataset").cloned().collect()
}

#[test]
fn the_data_page_describes_each_file_it_offers_to_people_and_to_search_engines_alike() {
    let built = shipped();
    let base = built.config.base_url.absolute("");
    for page in ["en/data/index.html", "ro/date-deschise/index.html"] {
        let html = file(&built, page);
        let main = common::between(&html, "<main", "</main>").unwrap();
        let datasets = datasets(&html);
        // One per file the page offers: each JSON file to download, and the calendar.
        let offered: Vec<String> = common::hrefs(main)
            .into_iter()
            .filter(|h| h.ends_with(".json") && !h.ends_with(".schema.json") || h.ends_with(".ics"))
            .collect();
        assert_eq!(datasets.len(), offered.len(), "{page}: {offered:?}");
        for (node, href) in datasets.iter().zip(&offered) {
            let download = &node["distribution"][0];
            let url = download["contentUrl"].as_str().unwrap();
            assert_eq!(url, built.config.base_url.origin_join(href), "{page}");
            let path = url.strip_prefix(base.as_str()).unwrap();
            assert!(built.site.files.contains_key(path), "{path} is written");
            let format = if path.ends_with(".ics") { "text/calendar" } else { "application/json" };
            assert_eq!(download["encodingFormat"], format);
            // What it says of the file is what the page shows under it, at least 50 characters.
            let description = node["description"].as_str().unwrap();
            assert!(description.chars().count() >= 50 && main.contains(description), "{page}: {description}");
            // The licence site.yaml names, which the page links.
            let licence = built.config.licence.as_ref().expect("the shipped site names one");
            assert!(main.contains(&format!("href=\"{}\"", licence.url)), "{page}");
            assert_eq!(node["license"], licence.url.as_str());
            // No publisher is named in site.yaml: none is made up.
            assert!(node.get("publisher").is_none() && node.get("creator").is_none(), "{node}");
        }
    }
}

#[test]
fn the_shipped_data_page_says_no_one_is_named_yet_to_grant_its_licence_as_the_legal_notice_does() {
    let built = shipped();
    for (data, legal, caveat) in [
        (
            "en/data/index.html",
            "en/legal-notice/index.html",
            "it does not yet name who grants that licence either",
        ),
        (
            "ro/date-deschise/index.html",
            "ro/aviz-juridic/index.html",
            "nu precizează nici cine acordă această licență",
        ),
    ] {
        for page in [data, legal] {
            let text = file(&built, page);
            assert!(text.contains("rel=\"license\"") && text.contains(caveat), "{page}: {text}");
        }
    }
}

#[test]
fn the_shipped_feeds_date_no_entry_by_a_day_made_up_from_a_year() {
    let built = shipped();
    for lang in ["en", "ro"] {
        let feed = file(&built, &format!("{lang}/atom.xml"));
        for updated in feed.split("<updated>").skip(1).map(|rest| &rest[..20]) {
            assert!(!updated.ends_with("-01-01T00:00:00Z"), "{lang}: a year made a day: {updated}");
        }
        assert!(feed.contains("<entry>"), "{lang}: the feed has entries");
    }
}

#[test]
fn the_accessibility_statement_is_dated_by_the_first_and_last_commits_of_its_files_in_any_language() {
    let site = common::Site::shipped();
    let git = |args: &[&str], day: &str| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(site.root())
            .args(["-c", "user.name=Editor", "-c", "user.email=editor@example.org"])
            .args(args)
            .env("GIT_AUTHOR_DATE", format!("{day}T10:00:00Z"))
            .env("GIT_COMMITTER_DATE", format!("{day}T10:00:00Z"))
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "--quiet"], "2026-01-15");
    git(&["add", "-A"], "2026-01-15");
    // The Romanian text comes later: the statement was still prepared on the English one's day.
    git(&["reset", "--quiet", "content/pages/accessibility.ro.md"], "2026-01-15");
    git(&["commit", "--quiet", "-m", "the site"], "2026-01-15");
    let path = "content/pages/accessibility.en.md";
    site.write(path, &format!("{}\nReviewed again.\n", site.read_source(path)));
    git(&["commit", "--quiet", "-am", "reviewed"], "2026-03-20");
    site.build();
    let prepared = |page: &str| {
        let html = site.read(page);
        common::between(&html, "<section class=\"statement\" aria-labelledby=\"prepared\">", "</section>")
            .unwrap_or_else(|| panic!("no preparation section: {html}"))
            .to_string()
    };
    let dated = |text: &str, first: &str, last: &str| {
        text.contains(&format!("<time datetime=\"{first}\">"))
            && text.contains(&format!("<time datetime=\"{last}\">"))
    };
    let en = prepared("en/accessibility/index.html");
    assert!(dated(&en, "2026-01-15", "2026-03-20"), "{en}");
    // One statement in two languages: a later review of the Romanian text dates both.
    let path = "content/pages/accessibility.ro.md";
    site.write(path, &format!("{}\nRevizuită din nou.\n", site.read_source(path)));
    git(&["add", path], "2026-04-02");
    git(&["commit", "--quiet", "-m", "reviewed in Romanian"], "2026-04-02");
    site.build();
    for page in ["en/accessibility/index.html", "ro/accesibilitate/index.html"] {
        let text = prepared(page);
        assert!(dated(&text, "2026-01-15", "2026-04-02") && !text.contains("2026-03-20"), "{page}: {text}");
    }
}

#[test]
fn press_reports_are_listed_apart_from_the_official_documents() {
    let built = shipped();
    for (page, official, press) in [
        ("en/domains/6g/index.html", "Official documents", "Press reports"),
        ("ro/domenii/6g/index.html", "Documente oficiale", "Relatări de presă"),
    ] {
        let html = file(&built, page);
        let official_at = html.find(&format!("<h2 id=\"official-documents\">{official}</h2>")).expect(page);
        let press_at = html.find(&format!("<h2 id=\"press-reports\">{press}</h2>")).expect(page);
        let report = html.find(">EU and South Korea strengthen digital cooperation</cite>").expect(page);
        let first_cited = official_at + html[official_at..].find("</cite>").expect(page);
        assert!(first_cited < press_at && press_at < report, "{page}: a document, then the press apart");
    }
}

#[test]
fn every_shipped_council_and_milestone_cites_its_documents_on_the_page_in_the_data_and_the_json_ld() {
    let built = shipped();
    for (lang, data) in [("en", "en/data/"), ("ro", "ro/date-deschise/")] {
        for name in ["councils", "milestones"] {
            let json: Value = serde_json::from_str(&file(&built, &format!("{data}{name}.json"))).unwrap();
            for record in json["records"].as_array().unwrap() {
                let sources = record["sources"].as_array().unwrap();
                assert!(!sources.is_empty(), "{lang} {name} {} cites nothing", record["id"]);
                // Nothing made up: no address is known for any shipped source.
                assert!(sources.iter().all(|s| s["url"].is_null()), "{}", record["id"]);
                let url = record["url"].as_str().unwrap().replace("https://example.github.io/portal/", "");
                let html = file(&built, &format!("{url}index.html"));
                for (kind, id, en, ro) in [
                    ("official", "official-documents", "Official documents", "Documente oficiale"),
                    ("press", "press-reports", "Press reports", "Relatări de presă"),
                ] {
                    let heading = format!("<h2 id=\"{id}\">{}</h2>", if lang == "en" { en } else { ro });
                    let cited = sources.iter().any(|s| s["kind"] == kind);
                    assert_eq!(html.contains(&heading), cited, "{url}: {heading}");
                }
                for s in sources {
                    let title = s["title"].as_str().unwrap();
                    assert!(html.contains(&format!(">{title}</cite>")), "{url} does not show {title}");
                }
                if name == "councils" {
                    let ld = json_ld(&html);
                    let event =
                        ld["@graph"].as_array().unwrap().iter().find(|n| n["@type"] == "Event").unwrap();
                    let cited = event["subjectOf"].as_array().expect("subjectOf");
                    assert_eq!(cited.len(), sources.len(), "{url}");
                    assert!(cited.iter().all(|w| w["@type"] == "CreativeWork" && w["name"].is_string()));
                }
            }
        }
    }
    // The first council cites the joint statement by the Commission, in each language's words.
    let first = file(&built, "ro/consilii/primul/index.html");
    assert!(first.contains(
        "<cite lang=\"en\">Republic of Korea - EU Joint Statement</cite>, Comisia Europeană (în engleză)"
    ));
}

#[test]
fn the_legal_pages_name_the_publisher_of_site_yaml_or_say_plainly_that_none_is_named() {
    let site = common::Site::fixture("basic");
    for (lang, statement, slug) in [
        ("en", "legal-notice", ""),
        ("en", "privacy", ""),
        ("en", "accessibility", ""),
        ("ro", "accessibility", "slug: accesibilitate\n"),
    ] {
        site.write(
            &format!("content/pages/{statement}.{lang}.md"),
            &format!("---\ntitle: {statement}\nmenu: footer\n{slug}extra: {{ statement: {statement} }}\n---\nThe page's own text.\n"),
        );
    }
    site.build();
    let legal = site.main_of("en/legal-notice/index.html");
    assert!(
        legal.contains("This site is published by <a href=\"https://example.org/\">Test publisher</a>."),
        "{legal}"
    );
    assert!(legal.contains("<a href=\"mailto:portal@example.org\">portal@example.org</a>"), "{legal}");
    let privacy = site.main_of("en/privacy/index.html");
    assert!(privacy.contains("(the controller) is its publisher, Test publisher."), "{privacy}");
    let statement = site.main_of("en/accessibility/index.html");
    assert!(statement.contains("write to the publisher, Test publisher: <a href="), "{statement}");
    assert!(statement.contains("<h2 id=\"enforcement\">Enforcement procedure</h2>"));
    // A site without git history has no dates to give, and says so rather than make one up.
    assert!(statement.contains("which this copy of the site does not have"), "{statement}");
    let ro = site.main_of("ro/accesibilitate/index.html");
    assert!(ro.contains("scrieți editorului, Editorul de test:"), "{ro}");

    // The shipped site names no publisher: its pages say so, in both languages, and name none.
    let built = shipped();
    for (page, says) in [
        ("en/legal-notice/index.html", "This site does not yet state who publishes it."),
        ("ro/aviz-juridic/index.html", "Acest site nu precizează încă cine îl publică."),
        ("en/privacy/index.html", "is not yet named, and the site has no contact address yet."),
        ("en/accessibility/index.html", "because the publisher has not yet been named"),
        ("ro/accesibilitate/index.html", "deoarece editorul nu a fost încă indicat"),
    ] {
        let html = file(&built, page);
        assert!(html.contains(says), "{page} does not say {says:?}");
        assert!(!html.contains("is published by") && !html.contains("este publicat de"), "{page}");
    }
    // Its accessibility statement is dated by its file's history, never by hand.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let git = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["log", "--format=%cs", "--", "content/pages/accessibility.en.md"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).lines().map(String::from).collect::<Vec<_>>())
        .unwrap_or_default();
    let html = file(&built, "en/accessibility/index.html");
    match git.last() {
        Some(first) if !html.contains("does not have") => {
            assert!(
                html.contains(&format!("This statement was prepared on <time datetime=\"{first}\">")),
                "{html}"
            );
        }
        _ => assert!(html.contains("which this copy of the site does not have")),
    }
}

#[test]
fn a_share_card_s_size_is_the_size_of_its_file_or_not_said() {
    let site = common::Site::fixture("basic");
    site.write(
        "site.yaml",
        &site.read_source("site.yaml").replace("theme: partnership", "theme: partnership\nimage: share.png"),
    );
    let file = site.root().join("static/share.png");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    image::RgbImage::from_pixel(600, 315, image::Rgb([10, 20, 30])).save(&file).unwrap();
    site.build();
    let m = metas(&site.read("en/domains/ai/index.html"));
    assert_eq!(m["og:image"], "https://example.org/portal/share.png");
    assert_eq!((m["og:image:width"].as_str(), m["og:image:height"].as_str()), ("600", "315"));
    // A drawing that states no size: none is claimed.
    site.write("site.yaml", &site.read_source("site.yaml").replace("image: share.png", "image: share.svg"));
    site.write("static/share.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>");
    site.build();
    let m = metas(&site.read("en/domains/ai/index.html"));
    assert_eq!(m["og:image"], "https://example.org/portal/share.svg");
    assert!(!m.contains_key("og:image:width") && !m.contains_key("og:image:height"), "{m:?}");
}
