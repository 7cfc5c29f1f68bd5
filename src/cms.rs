//! `portal cms`: the content manager for editors who work in a browser. Decap CMS and
//! Sveltia CMS read one configuration format (`admin/config.yml`) and give editors forms over
//! the same Markdown files, committed to the same repository; portal writes that
//! configuration from what it knows of the content — every kind, each field's type, which
//! fields are required, which a translation takes from its original (the JSON Schemas of
//! `portal schema` and the kinds table) — so that it never drifts from the front matter the
//! loader accepts. Beside it: the admin page, which loads the content manager's script from a
//! pinned version with its integrity hash, and a small script of the site's own.

use crate::config::Config;
use crate::content::kinds::{KindInfo, Section};
use crate::content::model::IndexFront;
use schemars::schema_for;
use serde_json::Value as Json;
use serde_yaml::{Mapping, Value};
use std::path::{Path, PathBuf};

/// Where `portal cms` writes by default, under the site's folder: a static folder, published
/// as it is at `/admin/`.
pub const ADMIN_DIR: &str = "static/admin";

/// Where pictures uploaded through the content manager go (published at `/images/`), a
/// static folder that every page may show a picture from (`image: /images/signing.jpg`).
/// (The content managers' folder templates cannot name a page's id in portal's
/// `<id>.<lang>.md` layout, so a page's own folder is out of their reach.)
pub const MEDIA_DIR: &str = "static/images";

/// Which content manager the admin page loads: both read the same `config.yml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cms {
    /// Decap CMS (formerly Netlify CMS), the reference of the format.
    Decap,
    /// Sveltia CMS, a lighter reimplementation that signs in to GitHub with a token.
    Sveltia,
}

/// A pinned release of a content manager's script, as npm publishes it (unpkg serves npm's
/// files as they are, so the hash is the npm file's).
#[derive(Debug, Clone, Copy)]
pub struct Script {
    /// The npm package.
    pub package: &'static str,
    /// Its version.
    pub version: &'static str,
    /// The script's path in the package.
    pub file: &'static str,
    /// The Subresource Integrity hash of the file.
    pub integrity: &'static str,
}

impl Script {
    /// Where the admin page loads it from.
    pub fn url(&self) -> String {
        format!("{CDN}{}@{}/{}", self.package, self.version, self.file)
    }
}

/// The origin the scripts are loaded from: npm's files, served as they are.
pub const CDN: &str = "https://unpkg.com/";

impl Cms {
    /// The pinned script of this content manager.
    pub fn script(self) -> Script {
        match self {
            Cms::Decap => Script {
                package: "decap-cms",
                version: "3.16.3",
                file: "dist/decap-cms.js",
                integrity: "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p",
            },
            Cms::Sveltia => Script {
                package: "@sveltia/cms",
                version: "0.221.1",
                file: "dist/sveltia-cms.js",
                integrity: "sha384-JQ+XsKx/UzwdTiNnFStza3XtqqQoVtyNPApkfvwlzZDfhe7giE9CnfQrpHqgv3k6",
            },
        }
    }
}

/// The files of the admin folder: (name, contents).
pub fn files(config: &Config, domains: &[(String, String)], cms: Cms) -> Vec<(&'static str, String)> {
    vec![
        ("config.yml", configuration(config, domains)),
        ("index.html", page(config, cms)),
        ("cms.js", script_of(config)),
    ]
}

/// Writes the admin folder's files into `dir` (of the site at `root`: never through a link
/// out of it); returns the paths written.
pub fn write(root: &Path, dir: &Path, files: &[(&'static str, String)]) -> std::io::Result<Vec<PathBuf>> {
    crate::sources::write_all(root, dir, files)
}

/// The site's own script on the admin page: it starts the content manager by hand so that,
/// where `site.yaml` names no repository, the repository is the one GitHub Pages serves the
/// site from (`owner.github.io/name/` is `owner/name`).
const CMS_JS: &str = include_str!("cms.js");

fn script_of(config: &Config) -> String {
    CMS_JS.replace("REPOSITORY_NAMED", &config.repository.is_some().to_string())
}

/// The admin page: no theme, only the content manager, with a policy of its own (the one page
/// of the site that loads from another origin).
fn page(config: &Config, cms: Cms) -> String {
    let script = cms.script();
    let title = config.title.get(&config.default_language).map_or("", String::as_str);
    let policy = policy(cms);
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <title>Content manager · {title}</title>\n\
         <script src=\"cms.js\"></script>\n\
         <script src=\"{url}\" integrity=\"{integrity}\" crossorigin=\"anonymous\"></script>\n\
         </head>\n<body>\n</body>\n</html>\n",
        lang = config.default_language,
        title = html_escape(title),
        url = script.url(),
        integrity = script.integrity,
    )
}

/// The admin page's Content-Security-Policy: the content manager's scripts from its pinned
/// release, GitHub's API and sign-in, the local backend (`decap-server`, for editors who run
/// it beside a clone), and the inline styles and pictures a content manager makes.
pub fn policy(cms: Cms) -> String {
    let (eval, fonts) = match cms {
        // Decap compiles its configuration's schema (ajv) with `new Function`.
        Cms::Decap => (" 'unsafe-eval'", ""),
        // Sveltia loads its fonts and icons from jsDelivr.
        Cms::Sveltia => ("", " https://cdn.jsdelivr.net"),
    };
    // Scripts from the pinned release's folder only (its chunks load from beside it), not from
    // all of unpkg.com: the integrity hash covers the one script tag.
    let script = cms.script();
    let release = format!("{CDN}{}@{}/", script.package, script.version);
    format!(
        "default-src 'self'; script-src 'self' {release}{eval}; style-src 'self' 'unsafe-inline' {CDN}{fonts}; \
         img-src 'self' data: blob: https:; media-src 'self' blob:; font-src 'self' data: {CDN}{fonts}; \
         connect-src 'self' data: blob: {CDN} https://api.github.com https://github.com http://localhost:8081 http://127.0.0.1:8081; \
         frame-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self' https://github.com"
    )
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The header of `config.yml`.
const HEADER: &str = "# The content manager's configuration (Decap CMS and Sveltia CMS read it alike), written\n\
# by `portal cms` from portal's kinds of content, their fields and site.yaml. Run `portal cms`\n\
# again rather than edit it: `portal cms --check` fails when it is out of date.\n";

/// `config.yml`: the backend, the languages and one collection per kind.
pub fn configuration(config: &Config, domains: &[(String, String)]) -> String {
    let mut root = Mapping::new();
    let mut backend = map(&[("name", "github".into())]);
    if let Some(repo) = &config.repository {
        backend.insert("repo".into(), repo.as_str().into());
    }
    backend.insert("branch".into(), "main".into());
    root.insert("backend".into(), backend.into());
    root.insert("local_backend".into(), true.into());
    root.insert("media_folder".into(), MEDIA_DIR.into());
    root.insert("public_folder".into(), "/images".into());
    root.insert(
        "slug".into(),
        map(&[
            ("encoding", "ascii".into()),
            ("clean_accents", true.into()),
            ("sanitize_replacement", "-".into()),
        ])
        .into(),
    );
    root.insert("omit_empty_optional_fields".into(), true.into());
    let default = config.default_language.to_string();
    let others = config.languages.iter().map(|l| l.code.to_string()).filter(|c| *c != default);
    let locales: Vec<String> = std::iter::once(default.clone()).chain(others).collect();
    root.insert(
        "i18n".into(),
        map(&[
            ("structure", "multiple_files".into()),
            ("locales", seq(locales.into_iter().map(Value::from))),
            ("default_locale", config.default_language.as_str().into()),
        ])
        .into(),
    );
    let mut collections: Vec<Value> =
        Section::ALL.iter().map(|&s| collection(s, &kind_schema(s), domains).into()).collect();
    collections.push(section_texts(config).into());
    root.insert("collections".into(), Value::Sequence(collections));
    let yaml = serde_yaml::to_string(&Value::Mapping(root)).unwrap_or_default();
    format!("{HEADER}{yaml}")
}

/// The JSON Schema of a kind's front matter in its default language.
fn kind_schema(section: Section) -> Json {
    serde_json::to_value((section.info().schema)()).unwrap_or_default()
}

/// The order fields are shown in a form; a field of a schema that is missing here is a
/// mistake that a test finds.
const FIELD_ORDER: [&str; 23] = [
    "title",
    "number",
    "date",
    "status",
    "location",
    "country",
    "chairs",
    "domains",
    "commitments",
    "related",
    "order",
    "menu",
    "summary",
    "image",
    "image_alt",
    "sources",
    "slug",
    "aliases",
    "updated",
    "draft",
    "extra",
    "translated_from",
    "body",
];

/// The fields that are facts, the same in every language: written once, in the default
/// language's form, and copied into every translation (`i18n: duplicate`). The other fields
/// a translation takes from its original when it leaves them out (a council's `location`,
/// its chairs, a picture's `image_alt`) may read differently in each language.
fn is_fact(field: &str, info: &KindInfo) -> bool {
    info.inherited.contains(&field) && !matches!(field, "location" | "chairs" | "image_alt")
}

/// One folder collection: a kind's files, one per id and language.
fn collection(section: Section, schema: &Json, domains: &[(String, String)]) -> Mapping {
    let info = section.info();
    let required: Vec<&str> =
        schema["required"].as_array().into_iter().flatten().filter_map(Json::as_str).collect();
    let properties = schema["properties"].as_object();
    let mut fields: Vec<Value> = FIELD_ORDER
        .iter()
        .filter(|f| properties.is_some_and(|p| p.contains_key(**f)))
        .map(|&name| {
            let property = &schema["properties"][name];
            let mut f = field(name, property, &schema["$defs"], domains);
            // (Decap CMS copies no list between languages: a translation's own list, left
            // empty, is left out, and the translation takes its original's.)
            let list = f.get("widget").and_then(Value::as_str) == Some("list");
            let i18n: Value = if is_fact(name, info) && !list { "duplicate".into() } else { true.into() };
            f.insert("i18n".into(), i18n);
            if !required.contains(&name) && !matches!(name, "draft") {
                f.insert("required".into(), false.into());
            }
            f.into()
        })
        .collect();
    fields.push(body().into());
    let plural = capitalised(section.folder());
    let mut c = map(&[
        ("name", section.folder().into()),
        ("label", plural.into()),
        ("label_singular", capitalised(info.word).into()),
        ("description", info.about.into()),
        ("folder", format!("content/{}", section.folder()).into()),
        ("create", true.into()),
        ("extension", "md".into()),
        ("format", "frontmatter".into()),
        ("i18n", true.into()),
    ]);
    let summary = if info.dated { "{{title}} ({{date}})" } else { "{{title}}" };
    c.insert("summary".into(), summary.into());
    let sortable: Vec<Value> = ["title", "date", "number"]
        .iter()
        .filter(|f| properties.is_some_and(|p| p.contains_key(**f)))
        .map(|&f| f.into())
        .collect();
    c.insert("sortable_fields".into(), Value::Sequence(sortable));
    let drafts = map(&[("label", "Drafts".into()), ("field", "draft".into()), ("pattern", true.into())]);
    c.insert("view_filters".into(), seq([drafts.into()]));
    c.insert("editor".into(), map(&[("preview", false.into())]).into());
    c.insert("fields".into(), Value::Sequence(fields));
    c
}

/// The home page's and the sections' own texts (`_index.<lang>.md`), as one collection of
/// files, a file per language (the content managers translate a collection of files side by
/// side only where all languages share one file).
fn section_texts(config: &Config) -> Mapping {
    let schema = serde_json::to_value(schema_for!(IndexFront)).unwrap_or_default();
    let mut texts = vec![("home", "Home page".to_string(), "content".to_string())];
    texts.extend(
        Section::listed().map(|s| (s.folder(), capitalised(s.folder()), format!("content/{}", s.folder()))),
    );
    let mut files = Vec::new();
    for (name, label, folder) in &texts {
        for l in &config.languages {
            let file = format!("{folder}/_index.{}.md", l.code);
            files.push(index_file(
                &format!("{name}-{}", l.code),
                &format!("{label} ({})", l.name),
                &file,
                &schema,
            ));
        }
    }
    let mut c = map(&[
        ("name", "section-texts".into()),
        ("label", "Section texts".into()),
        ("description", "The text at the top of the home page and of each section's list.".into()),
        ("format", "frontmatter".into()),
    ]);
    c.insert("editor".into(), map(&[("preview", false.into())]).into());
    c.insert("files".into(), Value::Sequence(files));
    c
}

fn index_file(name: &str, label: &str, file: &str, schema: &Json) -> Value {
    let mut fields: Vec<Value> = ["title", "summary", "extra", "translated_from"]
        .iter()
        .map(|&n| {
            let mut f = field(n, &schema["properties"][n], &schema["$defs"], &[]);
            f.insert("required".into(), false.into());
            f.into()
        })
        .collect();
    let mut text = body();
    text.remove("i18n");
    fields.push(text.into());
    let mut m = map(&[("name", name.into()), ("label", label.into()), ("file", file.into())]);
    m.insert("fields".into(), Value::Sequence(fields));
    m.into()
}

/// The Markdown text below the front matter.
fn body() -> Mapping {
    map(&[
        ("name", "body".into()),
        ("label", "Text".into()),
        ("widget", "markdown".into()),
        ("i18n", true.into()),
        ("hint", "Links to other pages are written `@/<folder>/<id>.md`, e.g. `@/domains/ai.md`.".into()),
    ])
}

/// A date as the loader reads it: a whole date, or only the month or year while only that
/// is known (which a date picker cannot write).
const DATE_PATTERN: &str = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";
const DATE_HINT: &str = "YYYY-MM-DD, or YYYY-MM or YYYY while only that is known";
const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";

/// One field of a form: the widget its type needs, its label, and its description as a hint.
fn field(name: &str, property: &Json, defs: &Json, domains: &[(String, String)]) -> Mapping {
    let mut f = map(&[("name", name.into()), ("label", label(name).into())]);
    let hint = property["description"].as_str().unwrap_or_default().replace('\n', " ");
    let widget = |f: &mut Mapping, w: &str| {
        f.insert("widget".into(), w.into());
    };
    let pattern = |f: &mut Mapping, p: &str, what: &str| {
        f.insert("pattern".into(), seq([p.into(), what.into()]));
    };
    match name {
        "summary" => widget(&mut f, "text"),
        "date" | "updated" => {
            widget(&mut f, "string");
            pattern(&mut f, DATE_PATTERN, DATE_HINT);
        }
        "number" | "order" => {
            widget(&mut f, "number");
            f.insert("value_type".into(), "int".into());
            if name == "number" {
                f.insert("min".into(), 1.into());
            }
        }
        // (A source's `kind` has no default: a list whose fields have one starts a new page
        // with an item. Left out, a source is `official`.)
        "status" | "menu" | "kind" => {
            widget(&mut f, "select");
            let options = enum_values(property, defs);
            f.insert("options".into(), seq(options.iter().map(|o| Value::from(o.as_str()))));
            match name {
                "status" => f.insert("default".into(), "held".into()),
                "menu" => f.insert("default".into(), "header".into()),
                _ => None,
            };
        }
        "language" => {
            widget(&mut f, "string");
            pattern(&mut f, "^[a-z]{2}$", "its ISO 639-1 code, e.g. en, ko");
        }
        "url" => {
            widget(&mut f, "string");
            pattern(&mut f, "^https?://[^\\s/?#]+", "the whole address, from https://");
        }
        "country" => {
            widget(&mut f, "string");
            pattern(&mut f, "^[A-Z]{2}$", "two capital letters, e.g. KR, BE");
        }
        "slug" => {
            widget(&mut f, "string");
            pattern(&mut f, ID_PATTERN, "lowercase letters, digits and hyphens");
        }
        "domains" | "related" => {
            widget(&mut f, "relation");
            f.insert("collection".into(), "domains".into());
            f.insert("value_field".into(), "{{slug}}".into());
            f.insert("search_fields".into(), seq(["title".into()]));
            f.insert("display_fields".into(), seq(["title".into()]));
            f.insert("multiple".into(), true.into());
        }
        "commitments" => {
            widget(&mut f, "object");
            f.insert("collapsed".into(), true.into());
            let per_domain = domains.iter().map(|(id, title)| {
                let mut d = map(&[("name", id.as_str().into()), ("label", title.as_str().into())]);
                d.insert("widget".into(), "text".into());
                d.insert("required".into(), false.into());
                d.into()
            });
            f.insert("fields".into(), Value::Sequence(per_domain.collect()));
        }
        "chairs" => {
            widget(&mut f, "list");
            f.insert("summary".into(), "{{fields.name}}, {{fields.role}}".into());
            let chair = &defs["Chair"];
            let fields = ["name", "role"].map(|n| field(n, &chair["properties"][n], defs, &[]).into());
            f.insert("fields".into(), seq(fields));
        }
        "sources" => {
            widget(&mut f, "list");
            f.insert("summary".into(), "{{fields.title}}".into());
            f.insert("fields".into(), Value::Sequence(source_fields(defs)));
        }
        "aliases" => {
            widget(&mut f, "list");
            let old =
                map(&[("name", "url".into()), ("label", "Old address".into()), ("widget", "string".into())]);
            f.insert("field".into(), old.into());
        }
        "image" => {
            widget(&mut f, "image");
            f.insert("choose_url".into(), false.into());
        }
        "draft" => {
            widget(&mut f, "boolean");
            f.insert("default".into(), true.into());
            f.insert("required".into(), false.into());
        }
        "extra" | "translated_from" => widget(&mut f, "hidden"),
        // title, location, image_alt, a chair's name and role, a source's title: one line.
        _ => widget(&mut f, "string"),
    }
    if !hint.is_empty() && !matches!(name, "extra" | "translated_from") {
        f.insert("hint".into(), hint.into());
    }
    f
}

/// The fields of one source.
fn source_fields(defs: &Json) -> Vec<Value> {
    let source = &defs["Source"];
    let required: Vec<&str> =
        source["required"].as_array().into_iter().flatten().filter_map(Json::as_str).collect();
    ["title", "language", "publisher", "date", "url", "kind"]
        .iter()
        .map(|&n| {
            let mut f = field(n, &source["properties"][n], defs, &[]);
            if !required.contains(&n) {
                f.insert("required".into(), false.into());
            }
            f.into()
        })
        .collect()
}

/// The values an enumerated type (`Status`, `Menu`, `SourceKind`) takes, from its schema.
fn enum_values(property: &Json, defs: &Json) -> Vec<String> {
    let name = property["$ref"].as_str().and_then(|r| r.rsplit('/').next()).unwrap_or_default();
    let def = &defs[name];
    let variants = def["oneOf"].as_array().or_else(|| def["enum"].as_array());
    variants
        .into_iter()
        .flatten()
        .filter_map(|v| v["const"].as_str().or_else(|| v.as_str()).map(str::to_string))
        .collect()
}

/// A field's label in the forms.
fn label(name: &str) -> String {
    match name {
        "image_alt" => "What the picture shows".into(),
        "slug" => "Address segment (this language)".into(),
        "aliases" => "Old addresses".into(),
        "draft" => "Draft (not published)".into(),
        "updated" => "Last changed in substance".into(),
        "translated_from" => "Translated from".into(),
        "order" => "Position in lists".into(),
        "menu" => "Linked from".into(),
        _ => capitalised(name),
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn map(entries: &[(&str, Value)]) -> Mapping {
    entries.iter().map(|(k, v)| (Value::from(*k), v.clone())).collect()
}

fn seq(values: impl IntoIterator<Item = Value>) -> Value {
    Value::Sequence(values.into_iter().collect())
}

/// The admin folder's files for the site in `root`.
pub fn for_site(
    root: &Path,
    cms: Cms,
) -> Result<Vec<(&'static str, String)>, crate::diagnostics::Diagnostics> {
    let config = crate::urls::load_config(root, None)?;
    // The forms list the published domains: a draft's (a page `portal new` just wrote, with
    // its fields still empty) is neither read nor an error here.
    let (corpus, diagnostics) = crate::content::load(&config, crate::content::LoadOptions { drafts: false });
    // A page that cannot be read would be left out of the forms (a domain without its
    // commitments' field), and `--check` would then call the result up to date.
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(files(&config, &domains(&config, &corpus), cms))
}

/// The domains (id, title in the default language) a council's commitments are written per:
/// the published ones, so that a build with or without drafts finds the same.
fn domains(config: &Config, corpus: &crate::content::Corpus) -> Vec<(String, String)> {
    corpus
        .entries
        .iter()
        .filter(|e| e.key.kind == crate::content::Kind::Item(Section::Domains))
        .filter(|e| e.key.lang == config.default_language && !e.meta.front().draft())
        .map(|e| (e.key.id.to_string(), e.title().unwrap_or_default().to_string()))
        .collect()
}

/// A warning when the site has a content manager (`static/admin/config.yml`) that is not
/// what `portal cms` would write for its content now (a new domain, a new field), so that
/// `portal check` and the check workflow say so.
pub fn stale(config: &Config, corpus: &crate::content::Corpus) -> Option<crate::diagnostics::Diagnostic> {
    let path = Path::new(ADMIN_DIR).join("config.yml");
    let written = crate::text::read_alone(&config.root, &path).ok()?;
    let wanted = configuration(config, &domains(config, corpus));
    if written == wanted {
        return None;
    }
    // The first line that differs, as the file has it: a domain missing from the forms, or
    // an edit by hand (a backend's `base_url` that would send the editors' sign-in elsewhere).
    let differs = wanted.lines().zip(written.lines().chain(std::iter::repeat(""))).position(|(w, t)| w != t);
    let (line, what) = match differs {
        Some(i) => {
            let shown: String = crate::console::visible(written.lines().nth(i).unwrap_or_default())
                .chars()
                .take(80)
                .collect();
            (i + 1, format!("line {} is `{shown}`", i + 1))
        }
        // The same lines, and more after them (or a line end more or less at the end).
        None => {
            let at = wanted.lines().count().min(written.lines().count()).max(1);
            (at, format!("it has other lines or line ends after line {at}"))
        }
    };
    Some(
        crate::diagnostics::Diagnostic::warning(
            &path,
            format!("the content manager's configuration is not what `portal cms` writes for this content: {what}"),
        )
        .at(line, 1)
        .with_hint("run `portal cms` to write it again: it writes the whole file from the site's kinds and domains, and undoes any edit made by hand"),
    )
}

/// Whether `bytes` are the admin page `portal cms` writes for this site (for either content
/// manager): the one HTML file a site may publish from static/, since no editor wrote it.
pub fn is_admin_page(config: &Config, name: &str, bytes: &[u8]) -> bool {
    name == ADMIN_PAGE && [Cms::Decap, Cms::Sveltia].into_iter().any(|c| page(config, c).as_bytes() == bytes)
}

/// What keeps a static file from being published as the admin page's own script: the page
/// runs it on the site, so it must be exactly portal's (`None` for any other file).
pub fn admin_script_problem(config: &Config, name: &str, bytes: &[u8]) -> Option<(String, String)> {
    (name == ADMIN_SCRIPT && script_of(config).as_bytes() != bytes).then(|| {
        (
            "this is the content manager's own script, which its page runs, and it is not what `portal cms` writes".into(),
            "run `portal cms` to write it again; a site's own scripts go in its theme".into(),
        )
    })
}

/// What keeps the admin page from being published where it loads a content manager as
/// portal's does but is not the page `portal cms` writes for this `site.yaml` (edited, or
/// written before the site's title or repository changed): said as that, with the command
/// that writes it again, not as any HTML file static/ refuses. `None` for this site's page,
/// and for any other file (which the usual checks read).
pub fn admin_page_problem(config: &Config, name: &str, bytes: &[u8]) -> Option<(String, String)> {
    let stale = name == ADMIN_PAGE
        && !is_admin_page(config, name, bytes)
        && std::str::from_utf8(bytes).ok().and_then(loaded_by).is_some();
    stale.then(|| {
        (
            "this content manager's page is not the one `portal cms` writes for this site.yaml: it was edited, or written before the site's title or repository changed".into(),
            "run `portal cms` to write it again for this site.yaml".into(),
        )
    })
}

/// The output names of the admin page and its script.
const ADMIN_PAGE: &str = "admin/index.html";
pub(crate) const ADMIN_SCRIPT: &str = "admin/cms.js";

/// The content manager an admin folder's page loads, if it is one of portal's.
pub fn loaded_by(page: &str) -> Option<Cms> {
    [Cms::Decap, Cms::Sveltia].into_iter().find(|c| page.contains(&format!("{CDN}{}@", c.script().package)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_every_kind_has_a_place_in_the_forms() {
        for section in Section::ALL {
            let schema = kind_schema(section);
            for name in schema["properties"].as_object().unwrap().keys() {
                assert!(
                    FIELD_ORDER.contains(&name.as_str()),
                    "{}: `{name}` has no place in FIELD_ORDER",
                    section.folder()
                );
            }
        }
    }

    #[test]
    fn the_enumerations_are_read_from_the_schemas() {
        let schema = kind_schema(Section::Councils);
        assert_eq!(enum_values(&schema["properties"]["status"], &schema["$defs"]), ["held", "planned"]);
        let schema = kind_schema(Section::Pages);
        assert_eq!(
            enum_values(&schema["properties"]["menu"], &schema["$defs"]),
            ["header", "footer", "none"]
        );
    }
}
