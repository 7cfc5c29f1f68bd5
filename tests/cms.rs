//! `portal cms`: the content manager's configuration is written from the kinds and kept in
//! step with them, its page is the one HTML file `static/` may publish (as portal writes it,
//! not as anyone edits it), and what it declares follows the loader's own rules. The
//! content manager in a browser is `.ci/check-cms.mjs` (Decap CMS and its local backend).

use crate::common;
use common::Site;

/// The shipped site's `static/admin/` is what `portal cms` writes for it now.
#[test]
fn the_shipped_content_manager_is_what_portal_cms_writes_for_the_kinds_as_they_are() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = portal::cms::for_site(root, portal::cms::Cms::Decap).unwrap();
    for (name, text) in files {
        let committed =
            std::fs::read_to_string(root.join(portal::cms::ADMIN_DIR).join(name)).unwrap_or_default();
        assert!(committed == text, "static/admin/{name} is out of date: run `cargo run -- cms`");
    }
}

#[test]
fn a_new_domain_makes_the_configuration_stale_until_portal_cms_writes_it_again() {
    let site = Site::fixture("basic");
    let wrote = site.run(&["cms"]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    assert!(wrote.stdout.contains("wrote static/admin/config.yml"), "{}", wrote.stdout);
    assert_eq!(site.run(&["cms", "--check"]).code, 0);
    site.write("content/domains/quantum.en.md", "---\ntitle: Quantum\nsummary: Qubits.\n---\nText.\n");
    let check = site.run(&["cms", "--check"]);
    check.refused(&["static/admin/config.yml", "run `portal cms`"]);
    let warned = site.run(&["check"]);
    assert!(
        warned.stderr.contains("static/admin/config.yml")
            && warned.stderr.contains("is not what `portal cms` writes for this content"),
        "portal check says so too: {}",
        warned.stderr
    );
    assert_eq!(site.run(&["cms"]).code, 0);
    assert!(site.read_source("static/admin/config.yml").contains("name: quantum"));
    assert_eq!(site.run(&["cms", "--check"]).code, 0);
    // An edit by hand is shown at its line, not hidden behind "out of date".
    let config = site.read_source("static/admin/config.yml");
    site.write(
        "static/admin/config.yml",
        &config.replace("  branch: main\n", "  branch: main\n  base_url: https://evil.example\n"),
    );
    let warned = site.run(&["check"]);
    assert!(warned.stderr.contains("line 7 is `  base_url: https://evil.example`"), "{}", warned.stderr);
    // Content that fails to load says so once: the forms are not called out of date for it.
    site.run(&["cms"]);
    site.write("content/domains/quantum.en.md", "---\ntitle: Quantum\nsumary: Qubits.\n---\nText.\n");
    let failed = site.run(&["check"]);
    assert!(
        failed.stderr.contains("unknown field `sumary`") && !failed.stderr.contains("config.yml"),
        "{}",
        failed.stderr
    );
}

#[test]
fn the_admin_page_is_published_as_portal_writes_it_and_refused_once_edited() {
    let site = Site::fixture("basic");
    site.run(&["cms"]);
    site.build();
    assert!(site.read("admin/index.html").contains("https://unpkg.com/decap-cms@"));
    assert!(site.exists("admin/config.yml") && site.exists("admin/cms.js"));
    let page = site.read_source("static/admin/index.html");
    site.write("static/admin/index.html", &page.replace("</body>", "<script>alert(1)</script></body>"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "an edited admin page is refused: {}", run.stderr);
    let stale = "is not the one `portal cms` writes for this site.yaml";
    assert!(run.stderr.contains("static/admin/index.html") && run.stderr.contains(stale), "{}", run.stderr);
    // Written for the site as it was, the page is refused as that, with what writes it again.
    site.write("static/admin/index.html", &page);
    let config = site.read_source("site.yaml");
    let retitled = config.replacen("title:\n  en: ", "title:\n  en: Renamed ", 1);
    assert_ne!(retitled, config);
    site.write("site.yaml", &retitled);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(stale) && run.stderr.contains("run `portal cms` to write it again"),
        "{}",
        run.stderr
    );
    site.write("site.yaml", &config);
    // Portal's page, elsewhere than admin/, is an HTML file like any other too.
    site.write("static/admin/index.html", &page);
    site.write("static/images/index.html", &page);
    let run = site.run(&["build"]);
    run.refused(&["static/images/index.html"]);
    std::fs::remove_file(site.root().join("static/images/index.html")).unwrap();
    // The page's own script is portal's, or the build stops.
    site.write("static/admin/cms.js", "alert(document.cookie);\n");
    let run = site.run(&["build"]);
    run.refused(&["static/admin/cms.js", "not what `portal cms` writes"]);
    assert_eq!(site.run(&["cms"]).code, 0);
    site.build();
}

#[test]
fn sveltia_reads_the_same_configuration_and_the_choice_is_kept() {
    let site = Site::fixture("basic");
    site.run(&["cms"]);
    let decap = site.read_source("static/admin/config.yml");
    assert_eq!(site.run(&["cms", "--cms", "sveltia"]).code, 0);
    assert_eq!(site.read_source("static/admin/config.yml"), decap, "one configuration for both");
    let page = site.read_source("static/admin/index.html");
    assert!(page.contains("https://unpkg.com/@sveltia/cms@") && !page.contains("'unsafe-eval'"), "{page}");
    assert_eq!(site.run(&["cms"]).code, 0, "without --cms, the folder's choice stays");
    assert!(site.read_source("static/admin/index.html").contains("@sveltia/cms@"));
    site.build();
}

/// What the configuration declares, read back: a collection per kind in its folder, the
/// languages default first with portal's file layout, each field required as the loader
/// requires it, the facts copied into translations, new pages drafts.
#[test]
fn the_configuration_follows_the_loader_s_rules_for_every_kind() {
    let site = Site::fixture("basic");
    site.run(&["cms"]);
    let config: serde_yaml::Value =
        serde_yaml::from_str(&site.read_source("static/admin/config.yml")).unwrap();
    assert_eq!(config["i18n"]["structure"], "multiple_files");
    assert_eq!(config["i18n"]["locales"], serde_yaml::from_str::<serde_yaml::Value>("[en, ro]").unwrap());
    let collections = config["collections"].as_sequence().unwrap();
    let collection =
        |name: &str| collections.iter().find(|c| c["name"] == name).unwrap_or_else(|| panic!("{name}"));
    let fields = |c: &serde_yaml::Value| c["fields"].as_sequence().unwrap().clone();
    let field = |c: &serde_yaml::Value, name: &str| {
        fields(c).into_iter().find(|f| f["name"] == name).unwrap_or_else(|| panic!("{name}"))
    };
    for (name, schema) in
        [("councils", "council"), ("domains", "domain"), ("milestones", "milestone"), ("pages", "page")]
    {
        let c = collection(name);
        assert_eq!(c["folder"], format!("content/{name}").as_str());
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(format!("schemas/{schema}.schema.json")).unwrap())
                .unwrap();
        let required: Vec<&str> =
            schema["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        for property in schema["properties"].as_object().unwrap().keys() {
            let f = field(c, property);
            let optional = f["required"] == serde_yaml::Value::Bool(false);
            assert_eq!(optional, !required.contains(&property.as_str()), "{name}.{property}");
        }
        assert_eq!(
            field(c, "draft")["default"],
            serde_yaml::Value::Bool(true),
            "{name}: new pages are drafts"
        );
        assert_eq!(field(c, "body")["widget"], "markdown");
    }
    let councils = collection("councils");
    for fact in ["number", "date", "status", "domains", "country"] {
        assert_eq!(field(councils, fact)["i18n"], "duplicate", "{fact}");
    }
    for translated in ["title", "summary", "location", "commitments", "chairs"] {
        assert_eq!(field(councils, translated)["i18n"], serde_yaml::Value::Bool(true), "{translated}");
    }
    assert_eq!(field(councils, "domains")["widget"], "relation");
    assert_eq!(
        field(councils, "status")["options"],
        serde_yaml::from_str::<serde_yaml::Value>("[held, planned]").unwrap()
    );
    let commitments: Vec<String> = field(councils, "commitments")["fields"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(commitments, ["ai", "chips"], "a commitment per domain of the site");
    let texts: Vec<&str> = collection("section-texts")["files"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert!(
        texts.contains(&"content/_index.ro.md") && texts.contains(&"content/councils/_index.en.md"),
        "{texts:?}"
    );
}

#[test]
fn a_site_with_a_page_that_cannot_be_read_gets_no_content_manager_until_it_is_mended() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["cms"]).code, 0);
    let written = site.read_source("static/admin/config.yml");
    let path = "content/domains/ai.en.md";
    let page = site.read_source(path);
    site.write(path, &page.replacen("title:", "titel:", 1));
    let run = site.run(&["cms"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("content/domains/ai.en.md:2") && run.stderr.contains("nothing was written"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read_source("static/admin/config.yml"), written, "the configuration as it was");
    assert_eq!(site.run(&["cms", "--check"]).code, 1, "nor is a broken site's configuration up to date");
    site.write(path, &page);
    assert_eq!(site.run(&["cms", "--check"]).code, 0);
    // A draft just started, its fields still empty, is no such page.
    assert_eq!(site.run(&["new", "domain", "space"]).code, 0);
    let run = site.run(&["cms"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
