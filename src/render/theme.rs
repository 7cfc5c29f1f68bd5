//! The theme, loaded in layers: built-in templates (embedded in the binary), then the
//! theme's `templates/`, then the site's own `templates/`; UI strings from the theme's and
//! the site's `i18n/<lang>.yaml`; static files from the theme's and the site's `static/`.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::YamlSource;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use tera::{ErrorKind, Kwargs, State, Tera};

/// Templates every site has unless its theme overrides them.
const BUILTIN: [(&str, &str); 4] = [
    ("sitemap.xml", include_str!("builtin/sitemap.xml")),
    ("atom.xml", include_str!("builtin/atom.xml")),
    ("robots.txt", include_str!("builtin/robots.txt")),
    ("alias.html", include_str!("builtin/alias.html")),
];

/// The UI strings portal uses outside templates, through [`Theme::ui_string`]: every theme
/// must have them.
const ENGINE_STRINGS: [&str; 19] = [
    "home",
    "councils",
    "domains",
    "milestones",
    "calendar",
    "councils_data",
    "domains_data",
    "milestones_data",
    "calendar_data",
    "timeline",
    "timeline_description",
    "open_data",
    "open_data_description",
    "follow",
    "not_found_title",
    "calendar_note",
    "calendar_note_one",
    "moved",
    "feed_author",
];

/// The most a language's UI strings may come to (the theme's are about 8 KiB).
const MAX_STRINGS_BYTES: usize = 32 * 1024;

/// UI strings: language code → key → text.
pub type Strings = HashMap<String, BTreeMap<String, String>>;

/// A loaded theme, ready to render.
pub struct Theme {
    /// The template engine with every layer loaded and portal's functions registered.
    pub tera: Tera,
    /// Template name → the file it came from (relative to the site root), for errors.
    pub sources: HashMap<String, PathBuf>,
    /// Static files: output path → source file.
    pub statics: BTreeMap<String, PathBuf>,
    /// The stylesheets and scripts as published, read once for their `?v=` versions: a
    /// build's (empty in the preview, which links them unversioned and re-reads an edited one).
    pub published: HashMap<String, Vec<u8>>,
    /// Each language's UI strings as one template value, `ui` in every page's context.
    ui: HashMap<String, tera::Value>,
    /// Template name → its text, to read the expression an error points at.
    texts: HashMap<String, String>,
    /// Where the theme's UI strings live (`themes/<name>/i18n`), for hints.
    strings_dir: String,
    /// The width and height of the site's share card (`image` in `site.yaml`), as its file
    /// says: pages state the size only when it is known.
    pub share_card: Option<(u32, u32)>,
}

impl Theme {
    /// The UI strings of `lang`, as templates see them (`{{ ui.home }}`).
    pub fn ui(&self, lang: &str) -> tera::Value {
        self.ui.get(lang).cloned().unwrap_or_else(tera::Value::none)
    }

    /// One UI string of a language, for what is written without a template (calendars,
    /// share cards): one of [`ENGINE_STRINGS`], which loading the theme made sure of.
    pub fn ui_string(&self, lang: &str, key: &str) -> String {
        let ui = self.ui.get(lang);
        ui.and_then(|u| u.get_from_path(key)).and_then(tera::Value::as_str).unwrap_or(key).to_string()
    }

    /// The file a template came from, for diagnostics.
    pub fn source_of(&self, template: &str) -> PathBuf {
        self.sources.get(template).cloned().unwrap_or_else(|| PathBuf::from(format!("(built-in) {template}")))
    }

    /// Turns a Tera error into diagnostics at the template's line, naming the page rendered.
    pub fn diagnostics(&self, error: &tera::Error, template: &str, page: &str) -> Vec<Diagnostic> {
        let found: Vec<(String, usize, usize, String)> = match error.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
                let name = if r.filename().is_empty() { template } else { r.filename() };
                vec![(name.to_string(), r.span().start_line, r.span().start_col + 1, r.message().to_string())]
            }
            // Tera reports unknown filters, functions and includes as text reports.
            ErrorKind::Msg(text) if text.contains(" --> ") => {
                text.split("\n\n").filter_map(parse_report).collect()
            }
            other => vec![self.place_unlocated(&other.to_string(), template)],
        };
        found
            .into_iter()
            .map(|(name, line, column, message)| {
                let (message, hint) = match self.missing_ui_string(&name, line, column) {
                    Some(key) => (format!("no UI string `{key}`"), self.ui_hint(&key, page)),
                    None => (format!("template error: {message}"), format!("while {page}")),
                };
                let d = Diagnostic::error(self.source_of(&name), message);
                let d = if line > 0 { d.at(line, column) } else { d };
                d.with_hint(hint)
            })
            .collect()
    }

    /// An error Tera gives without a place (a missing parent template, say): placed in the
    /// first template its message names, at the line that names the other thing quoted.
    fn place_unlocated(&self, message: &str, template: &str) -> (String, usize, usize, String) {
        let quoted: Vec<&str> = message.split('\'').skip(1).step_by(2).collect();
        let name = quoted.iter().copied().find(|n| self.texts.contains_key(*n)).unwrap_or(template);
        let text = self.texts.get(name).map_or("", String::as_str);
        let place = quoted.iter().filter(|q| **q != name).find_map(|q| {
            text.lines().enumerate().find_map(|(i, line)| Some((i + 1, line.find(&format!("\"{q}\""))? + 2)))
        });
        let (line, column) = place.unwrap_or((0, 0));
        (name.to_string(), line, column, message.to_string())
    }

    /// A near key if there is one, else where to add it; and the page rendered.
    fn ui_hint(&self, key: &str, page: &str) -> String {
        let keys = self.ui.values().filter_map(tera::Value::as_map).flat_map(|m| m.keys());
        match crate::yaml::closest(key, keys.filter_map(|k| k.as_str())) {
            Some(near) => format!("did you mean `ui.{near}`? (while {page})"),
            None => {
                format!("add `{key}: …` to every language's file in {}/ (while {page})", self.strings_dir)
            }
        }
    }

    /// The key, when the expression at `line`:`column` of a template is `ui.<key>` (Tera
    /// itself only says that a field is not defined, listing every string of the language).
    fn missing_ui_string(&self, template: &str, line: usize, column: usize) -> Option<String> {
        let text = self.texts.get(template)?.lines().nth(line.checked_sub(1)?)?;
        let at = text.char_indices().nth(column.checked_sub(1)?)?.0;
        text[..at]
            .ends_with("ui.")
            .then(|| text[at..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect())
    }
}

/// Reads Tera's text report (`error: …` then ` --> name:line:col`).
fn parse_report(report: &str) -> Option<(String, usize, usize, String)> {
    let message = report.lines().next()?.trim().trim_start_matches("error: ").to_string();
    let place = report.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), line, column, message))
}

/// Loads the theme named in `site.yaml` with the site's overrides; with `versioned`, `url()`
/// links a stylesheet or script with a hash of its contents (`style.css?v=1a2b3c4d`).
pub fn load(config: &Config, versioned: bool) -> Result<Theme, Diagnostics> {
    let theme_dir = config.theme_dir();
    if !theme_dir.is_dir() {
        let d = Diagnostic::error(
            "site.yaml",
            format!("the theme `{}` is not in themes/{}/", config.theme, config.theme),
        );
        return Err(d.with_hint("copy the theme folder next to site.yaml, or fix `theme`").into());
    }
    let mut diagnostics = Diagnostics::new();
    let strings = ui_values(&load_strings(config, &mut diagnostics));
    let ui = ui_maps(&strings);
    let mut layers: BTreeMap<String, (String, Option<PathBuf>)> =
        BUILTIN.iter().map(|(n, s)| (n.to_string(), (s.to_string(), None))).collect();
    for dir in [theme_dir.join("templates"), config.root.join("templates")] {
        for (name, path) in files_under(&dir, &config.root, &mut diagnostics) {
            match crate::text::read(&config.root, &path) {
                Ok(text) => {
                    layers.insert(name, (text, Some(path)));
                }
                Err(d) => diagnostics.push(d),
            }
        }
    }
    let sources: HashMap<String, PathBuf> =
        layers.iter().filter_map(|(n, (_, p))| Some((n.clone(), p.clone()?))).collect();
    let mut statics = BTreeMap::new();
    for (name, path) in files_under(&theme_dir.join("static"), &config.root, &mut diagnostics) {
        statics.insert(name, config.root.join(path));
    }
    // Every name the site writes, as a disk that ignores case or Unicode form sees it.
    let mut seen: HashMap<String, String> = crate::urls::taken_urls(config)
        .into_keys()
        .map(|url| crate::urls::output_path(&url))
        .chain(statics.keys().cloned())
        .map(|name| (folded(&name), name))
        .collect();
    for (name, path) in files_under(&config.root.join("static"), &config.root, &mut diagnostics) {
        match (statics.get(&name), seen.get(&folded(&name))) {
            (Some(theirs), _) => diagnostics.push(shadows_the_theme(&name, &path, theirs, &config.root)),
            // (The same name as a page's is refused where the page is written.)
            (None, Some(other)) if *other != name => diagnostics.push(
                Diagnostic::error(&path, format!("this file's name differs from `{other}`, also published, only in letter case or in how its accents are encoded"))
                    .with_hint("rename one of them: on a Mac's or a Windows disk, and in many archives, one would overwrite the other"),
            ),
            (None, _) => {
                seen.insert(folded(&name), name.clone());
                statics.insert(name, config.root.join(path));
            }
        }
    }
    let published = if versioned { versioned_files(config, &statics) } else { HashMap::new() };
    let versions = published
        .iter()
        .map(|(name, bytes)| (name.clone(), format!("?v={:08x}", xxhash_rust::xxh3::xxh3_64(bytes) as u32)))
        .collect();
    let mut tera = Tera::new();
    register(&mut tera, config, strings, versions);
    let templates = layers.iter().map(|(name, (text, _))| (name.as_str(), text.as_str()));
    let texts = layers.iter().map(|(name, (text, _))| (name.clone(), text.clone())).collect();
    let strings_dir = strings_dir(config);
    let share_card = config
        .image
        .as_deref()
        .and_then(|image| statics.get(image))
        .and_then(|file| crate::media::size_of(&config.root, file, config.max_image_pixels));
    let mut theme =
        Theme { tera: Tera::new(), sources, statics, published, ui, texts, strings_dir, share_card };
    if let Err(e) = tera.add_raw_templates(templates) {
        diagnostics.extend(theme.diagnostics(&e, "", "loading the theme's templates"));
    }
    theme.tera = tera;
    if diagnostics.has_errors() { Err(diagnostics) } else { Ok(theme) }
}

/// A published name as a disk that ignores letter case and Unicode form (macOS, Windows)
/// stores it.
fn folded(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfc().collect::<String>().to_lowercase()
}

/// A file of the site's `static/` named as one of the theme's: refused, since it would replace
/// the theme's stylesheet, share card or icon on every page. `static/` is the editors' (the
/// content manager uploads there); the theme is the maintainers'.
fn shadows_the_theme(name: &str, path: &Path, theirs: &Path, root: &Path) -> Diagnostic {
    let theirs = theirs.strip_prefix(root).unwrap_or(theirs);
    Diagnostic::error(path, format!("this file would replace the theme's `{name}` on every page")).with_hint(
        format!("change the theme's file, {}, instead, or give this one another name", theirs.display()),
    )
}

/// Every file under `dir`, as (`/`-separated name relative to `dir`, path relative to `root`).
fn files_under(dir: &Path, root: &Path, diagnostics: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    let (files, errors) = crate::sources::walk(root, dir);
    diagnostics.extend(errors);
    files
        .iter()
        .filter_map(|path| {
            let name = path
                .strip_prefix(dir)
                .ok()?
                .iter()
                .map(|p| p.to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            Some((name, path.strip_prefix(root).unwrap_or(path).to_path_buf()))
        })
        .collect()
}

/// Each static stylesheet and script as published (a script compacted), whose hash names
/// its version in the pages' links (`?v=` and 8 hex digits): a newer `portal` may publish the
/// same source otherwise. A file that cannot be published has none: the build says why.
fn versioned_files(config: &Config, statics: &BTreeMap<String, PathBuf>) -> HashMap<String, Vec<u8>> {
    statics
        .iter()
        .filter(|(name, _)| name.ends_with(".css") || name.ends_with(".js"))
        .filter_map(|(name, path)| {
            Some((name.clone(), super::statics::static_file(config, name, path).ok()?))
        })
        .collect()
}

/// Portal's template functions: `url(path)` applies the base URL (and a static stylesheet's
/// or script's version); `t(key)` looks up a UI string in the page's language (or `lang=`),
/// and a missing one is an error, never a blank.
fn register(tera: &mut Tera, config: &Config, values: UiValues, versions: HashMap<String, String>) {
    let base = config.base_url.clone();
    tera.register_function("url", move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
        let path: &str = kwargs.must_get("path")?;
        let absolute: Option<bool> = kwargs.get("absolute")?;
        let url = if absolute.unwrap_or(false) { base.absolute(path) } else { base.join(path) };
        Ok(match versions.get(path.trim_start_matches('/')) {
            Some(version) => url + version,
            None => url,
        })
    });
    let strings_dir = strings_dir(config);
    tera.register_function("t", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<tera::Value> {
        let key: &str = kwargs.must_get("key")?;
        let page_lang = state.get::<tera::Value>("lang")?;
        let lang = match kwargs.get::<&str>("lang")? {
            Some(l) => l,
            None => page_lang.as_ref().and_then(tera::Value::as_str).unwrap_or_default(),
        };
        values.get(lang).and_then(|s| s.get(key)).cloned().ok_or_else(|| {
            tera::Error::message(format!(
                "no UI string `{key}` for language `{lang}`: add it to {strings_dir}/{lang}.yaml"
            ))
        })
    });
}

/// Where the theme's UI strings live, as editors see it: `themes/<name>/i18n`.
fn strings_dir(config: &Config) -> String {
    format!("themes/{}/i18n", config.theme)
}

/// UI strings as template values: language code → key → text.
type UiValues = HashMap<String, HashMap<String, tera::Value>>;

/// Makes the UI strings template values once: `t` and `ui` then copy pointers.
fn ui_values(strings: &Strings) -> UiValues {
    strings
        .iter()
        .map(|(lang, keys)| {
            (lang.clone(), keys.iter().map(|(k, v)| (k.clone(), tera::Value::from(v.as_str()))).collect())
        })
        .collect()
}

/// Each language's strings as one map value, the `ui` of its pages.
fn ui_maps(values: &UiValues) -> HashMap<String, tera::Value> {
    values
        .iter()
        .map(|(lang, keys)| {
            let map: tera::Map =
                keys.iter().map(|(k, v)| (tera::value::Key::from(k.clone()), v.clone())).collect();
            (lang.clone(), tera::Value::from(map))
        })
        .collect()
}

/// Reads `i18n/<lang>.yaml` of the theme, then of the site, for every language, and checks
/// that every language has every key.
fn load_strings(config: &Config, diagnostics: &mut Diagnostics) -> Strings {
    let mut strings = Strings::new();
    let mut origin: HashMap<String, PathBuf> = HashMap::new();
    for l in &config.languages {
        let mut merged = BTreeMap::new();
        for dir in [config.theme_dir().join("i18n"), config.root.join("i18n")] {
            let file = dir.join(format!("{}.yaml", l.code));
            let rel = file.strip_prefix(&config.root).unwrap_or(&file).to_path_buf();
            if !file.is_file() {
                continue;
            }
            let text = match crate::text::read_alone(&config.root, &rel) {
                Ok(text) => text,
                Err(d) => {
                    diagnostics.push(d);
                    continue;
                }
            };
            let src = YamlSource { path: &rel, text: &text, first_line: 1 };
            match src.parse::<BTreeMap<String, String>>(|_| None) {
                Ok(map) => merged.extend(map),
                Err(d) => diagnostics.push(d),
            }
            diagnostics.extend(crate::typography::check(&l.code, &rel, &text, 1));
            origin.insert(l.code.to_string(), rel);
        }
        let size: usize = merged.iter().map(|(k, v)| k.len() + v.len()).sum();
        if let Some(path) = origin.get(l.code.as_str()).filter(|_| size > MAX_STRINGS_BYTES) {
            // Every page repeats its language's strings: their size is a factor of the site's.
            let message = format!(
                "the UI strings of `{}` come to {} KiB; a language's come to at most {} KiB",
                l.code,
                size / 1024,
                MAX_STRINGS_BYTES / 1024
            );
            diagnostics.push(
                Diagnostic::error(path, message).with_hint("shorten them: a page's text belongs in content/"),
            );
        }
        if !origin.contains_key(l.code.as_str()) {
            let path = format!("{}/{}.yaml", strings_dir(config), l.code);
            diagnostics.push(
                Diagnostic::error(&path, format!("the theme has no UI strings for `{}`", l.code))
                    .with_hint(format!("create {path} with the same keys as the other languages")),
            );
        }
        strings.insert(l.code.to_string(), merged);
    }
    for (lang, keys) in &strings {
        // The strings portal writes itself (calendars, share cards, breadcrumbs): a theme
        // lacking one in every language would print its key.
        let nowhere = |k: &str| !keys.contains_key(k) && strings.values().all(|o| !o.contains_key(k));
        for key in ENGINE_STRINGS.into_iter().filter(|k| nowhere(k)) {
            if let Some(path) = origin.get(lang) {
                diagnostics.push(
                    Diagnostic::error(path, format!("UI string `{key}` is missing; portal writes it itself"))
                        .with_hint(format!("add `{key}: …`, as themes/partnership/i18n/{lang}.yaml has it")),
                );
            }
        }
        for (other, other_keys) in strings.iter().filter(|(o, _)| *o != lang) {
            for (key, text) in other_keys.iter().filter(|(k, _)| !keys.contains_key(*k)) {
                if let Some(path) = origin.get(lang) {
                    diagnostics.push(
                        Diagnostic::error(path, format!("UI string `{key}` is missing"))
                            .with_hint(format!("add `{key}: …` (in {other}: \"{text}\")")),
                    );
                }
            }
        }
    }
    strings
}
