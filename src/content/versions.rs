//! Which version of the default-language page a translation was made from: the page's
//! version is a stable hash of what a translator translates (its text fields and body,
//! whitespace aside), and a translation records the version it is current with in
//! `translated_from`, which `portal translations mark-current` writes. No git history is
//! needed: a fresh clone, or a folder without `.git`, tells the same.

use super::{Corpus, Entry};
use crate::base::Date;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A page's version: sixteen hexadecimal digits of the XXH3 hash of its translatable text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Version(u64);

impl Version {
    /// The version of a page with these front-matter texts ([`Front::texts`]) and body.
    ///
    /// [`Front::texts`]: super::model::Front::texts Runs of whitespace count
    /// as one space, so re-wrapping a paragraph or trailing spaces change nothing; and
    /// typography counts as typed (a curly quote as a straight one, a dash as hyphens), so
    /// that neither an editor's quotes nor the smart punctuation of titles (applied when
    /// they are loaded, and free to improve from one release to the next) change a version.
    pub fn of(texts: Vec<&str>, body: &str) -> Self {
        let mut text = String::with_capacity(body.len() + 256);
        for part in texts.into_iter().chain([body]) {
            for word in part.split_whitespace() {
                for c in word.chars() {
                    match c {
                        '‘' | '’' | '«' | '»' => text.push('\''),
                        '“' | '”' | '„' => text.push('"'),
                        '–' => text.push_str("--"),
                        '—' => text.push_str("---"),
                        '…' => text.push_str("..."),
                        c => text.push(c),
                    }
                }
                text.push(' ');
            }
            // Keeps "a" + "b c" apart from "a b" + "c".
            text.push('\u{1}');
        }
        Self(xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
    }

    /// Reads the sixteen digits.
    pub fn parse(s: &str) -> Result<Self, String> {
        let ok = s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit());
        match u64::from_str_radix(s, 16) {
            Ok(v) if ok => Ok(Self(v)),
            _ => Err(format!(
                "`{s}` is not a version: `portal translations mark-current` writes sixteen hexadecimal digits"
            )),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // YAML reads sixteen decimal digits as a number: take the text either way.
        let value = serde_yaml::Value::deserialize(d)?;
        let text = match &value {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Number(n) => format!("{n:0>16}"),
            _ => String::new(),
        };
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Version {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Version".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9a-f]{16}$",
            "description": "The version of the default-language page, written by `portal translations mark-current`."
        })
    }
}

/// What a translation records of the page it translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslatedFrom {
    /// The version of the default-language page this translation is current with.
    pub version: Version,
    /// The day it was marked current.
    pub date: Date,
}

/// Where a translation stands against the page it translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Currency {
    /// Made from the page as it is now.
    Current,
    /// The page changed after the translation was last marked current.
    Outdated,
    /// It records no version, so nothing can be said.
    Untracked,
}

impl Currency {
    /// How a translation recording `recorded` stands against a page now at `now`.
    pub fn of(recorded: Option<&TranslatedFrom>, now: Version) -> Self {
        match recorded {
            Some(t) if t.version == now => Self::Current,
            Some(_) => Self::Outdated,
            None => Self::Untracked,
        }
    }
}

/// `front` (a file's front matter, without its `---` lines) with its `translated_from` set
/// to `recorded`: the block replaced where there is one, added at the end otherwise. Every
/// other line is kept as written.
pub fn record(front: &str, recorded: &TranslatedFrom) -> String {
    let block = format!("translated_from:\n  version: {}\n  date: {}\n", recorded.version, recorded.date);
    crate::yaml::set_block(front, "translated_from", &block)
}

/// What `portal translations mark-current` is asked to mark.
#[derive(Debug, Clone)]
pub enum Target {
    /// A translation's file, relative to the site's folder or to the working directory.
    File(PathBuf),
    /// An id (`third`, or `councils/third` where ids of two kinds are alike) in a language.
    Id(String, String),
    /// Every translation of the site.
    All,
}

/// A translation marked current.
#[derive(Debug, Clone)]
pub struct Marked {
    /// The translation's file, relative to the site's folder.
    pub path: PathBuf,
    /// The page it is now current with.
    pub original: PathBuf,
    /// What it recorded.
    pub recorded: TranslatedFrom,
    /// Whether it was current already (and is left as it was).
    pub already: bool,
}

/// Records in each translation `target` names the version of its default-language page as
/// it is now, and `today`: the translation is current from then on. Drafts count. Marking
/// needs the site's configuration and its content alone, neither the theme nor the build.
pub fn mark_current(config: &Config, target: &Target, today: Date) -> Result<Vec<Marked>, Diagnostics> {
    let root = config.root.as_path();
    let (corpus, loaded) = super::load(config, super::LoadOptions { drafts: true });
    let corpus = &corpus;
    let with_loading = |errors: Diagnostics| with_loading_errors(errors, target, &loaded);
    // Every translation cannot be marked while the loading refuses one: none is, until fixed.
    if matches!(target, Target::All) && loaded.has_errors() {
        return Err(with_loading(Diagnostics::new()));
    }
    let chosen = choose(root, config, corpus, target).map_err(with_loading)?;
    let mut marked = Vec::new();
    let mut errors = Diagnostics::new();
    for e in chosen {
        let Some(original) = corpus.original(config, e).map(|o| corpus.get(o)) else {
            errors.push(
                Diagnostic::error(&e.path, "there is no default-language page for this translation")
                    .with_hint(format!(
                        "write content/{}.{}.md first",
                        e.path.parent().map_or(String::new(), |p| p.display().to_string()),
                        config.default_language
                    )),
            );
            continue;
        };
        let recorded = TranslatedFrom {
            version: Version::of(original.meta.front().texts(), &original.body),
            date: today,
        };
        let already = e.meta.front().translated_from().is_some_and(|t| t.version == recorded.version);
        if !already && let Err(d) = rewrite(root, &e.path, &recorded) {
            errors.push(d);
            continue;
        }
        let recorded =
            if already { e.meta.front().translated_from().copied().unwrap_or(recorded) } else { recorded };
        marked.push(Marked { path: e.path.clone(), original: original.path.clone(), recorded, already });
    }
    if errors.is_empty() { Ok(marked) } else { Err(with_loading(errors)) }
}

fn choose<'c>(
    root: &Path,
    config: &Config,
    corpus: &'c Corpus,
    target: &Target,
) -> Result<Vec<&'c Entry>, Diagnostics> {
    let translations =
        corpus.entries.iter().map(Arc::as_ref).filter(|e| e.key.lang != config.default_language);
    let found: Vec<&Entry> = match target {
        Target::All => translations.collect(),
        Target::File(file) => {
            let wanted = std::fs::canonicalize(file).or_else(|_| std::fs::canonicalize(root.join(file))).ok();
            translations
                .filter(|e| wanted.is_some() && std::fs::canonicalize(root.join(&e.path)).ok() == wanted)
                .collect()
        }
        Target::Id(id, lang) => {
            let (folder, id) = id.rsplit_once('/').map_or((None, id.as_str()), |(f, i)| (Some(f), i));
            translations
                .filter(|e| e.key.id.as_str() == id && e.key.lang.as_str() == lang)
                .filter(|e| {
                    folder.is_none_or(|f| e.path.parent().and_then(|p| p.file_name()).is_some_and(|n| n == f))
                })
                .collect()
        }
    };
    match (found.len(), target) {
        (_, Target::All) | (1, _) => Ok(found),
        (0, _) => Err(Diagnostic::error("content", format!("no translation matches {}", describe(target)))
            .with_hint("name a translation's file (content/councils/third.ro.md) or its id and language (third ro); the default language's pages are the originals")
            .into()),
        (_, _) => Err(Diagnostic::error("content", format!("{} matches {} translations", describe(target), found.len()))
            .with_hint("put the kind's folder before the id, such as councils/third")
            .into()),
    }
}

/// `errors` of marking, and the loading's errors of the pages they and `target` concern: a
/// file the loading refused is not there to be chosen or to be an original, and its errors
/// say why. Every such error when marking every translation; else only those of the pages
/// concerned, not every broken file of the site.
fn with_loading_errors(errors: Diagnostics, target: &Target, loaded: &Diagnostics) -> Diagnostics {
    let mut all: Vec<Diagnostic> = errors.into_iter().collect();
    let mut concerned: Vec<Page> = match target {
        Target::File(f) => Page::of(f).into_iter().collect(),
        Target::Id(id, _) => {
            let (folder, id) = id.rsplit_once('/').map_or((None, id.as_str()), |(f, i)| (Some(f), i));
            vec![Page { folder: folder.map(str::to_string), id: id.to_string() }]
        }
        Target::All => Vec::new(),
    };
    concerned.extend(all.iter().filter_map(|d| Page::of(&d.path)));
    let theirs = |d: &Diagnostic| {
        let page = Page::of(&d.path);
        d.is_error()
            && (matches!(target, Target::All) || page.is_some_and(|p| concerned.iter().any(|c| c.is(&p))))
    };
    all.extend(loaded.clone().sorted().into_iter().filter(theirs));
    all.into_iter().collect()
}

/// A page by its files' folder and id (`councils`, `first`): its languages' files share them.
struct Page {
    /// `None` for a page named by its id alone, which may be in any folder.
    folder: Option<String>,
    id: String,
}

impl Page {
    fn of(path: &Path) -> Option<Page> {
        let folder = path.parent()?.file_name()?.to_str()?.to_string();
        Some(Page { folder: Some(folder), id: path.file_name()?.to_str()?.split('.').next()?.to_string() })
    }

    fn is(&self, file: &Page) -> bool {
        self.id == file.id && (self.folder.is_none() || self.folder == file.folder)
    }
}

fn describe(target: &Target) -> String {
    match target {
        Target::File(f) => format!("`{}`", f.display()),
        Target::Id(id, lang) => format!("`{id}` in `{lang}`"),
        Target::All => "all".into(),
    }
}

/// Writes the file at `path` again with `recorded` in its front matter (its BOM, line
/// endings and body as they were), through a file beside it renamed over it, so that an
/// interrupted write leaves the old file whole.
fn rewrite(root: &Path, path: &Path, recorded: &TranslatedFrom) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| Diagnostic::error(path, format!("cannot write: {e}"));
    // Read as the build reads it: text it would refuse is refused here too.
    crate::text::read(root, path)?;
    let text = std::fs::read_to_string(root.join(path)).map_err(fail)?;
    let out = super::frontmatter::edit_front(&text, |front| record(front, recorded)).ok_or_else(|| {
        Diagnostic::error(path, "this file has no front matter to record the version in").at(1, 1)
    })?;
    crate::sources::replace_file(root, path, out.as_bytes()).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::kinds::PageFront;
    use crate::content::model::Front;

    fn page(title: &str) -> PageFront {
        serde_yaml::from_str(&format!("title: {title}\nsummary: One line.\n")).unwrap()
    }

    #[test]
    fn a_version_ignores_whitespace_but_not_words() {
        let v = Version::of(page("About").texts(), "One  paragraph,\nwrapped.\n\nAnother.");
        assert_eq!(v, Version::of(page("About").texts(), "One paragraph, wrapped.\n\nAnother.   \n"));
        assert_ne!(v, Version::of(page("About").texts(), "One paragraph, wrapped. Another, changed."));
        assert_ne!(v, Version::of(page("About us").texts(), "One  paragraph,\nwrapped.\n\nAnother."));
        let typed = Version::of(page("The EU's \"digital\" decade").texts(), "It's 2023--2025...");
        assert_eq!(typed, Version::of(page("The EU’s “digital” decade").texts(), "It’s 2023–2025…"));
    }

    #[test]
    fn a_version_is_the_same_on_every_machine_and_release() {
        // A recorded version must never change meaning: XXH3-64 (its published value for no
        // input), over the texts as this release joins them.
        assert_eq!(xxhash_rust::xxh3::xxh3_64(b""), 0x2d06_8005_38d3_94c2);
        assert_eq!(Version::of(page("About").texts(), "Text.").to_string(), "bfb0df4530df23ce");
        assert_eq!(Version::parse("3c3a4e8c2bbd2b4b").unwrap().to_string(), "3c3a4e8c2bbd2b4b");
        assert!(Version::parse("3c3a4e8c2bbd2b4").is_err() && Version::parse("+c3a4e8c2bbd2b4b").is_err());
    }

    #[test]
    fn recording_replaces_the_block_and_keeps_the_rest() {
        let t = TranslatedFrom { version: Version(0xab), date: Date::parse("2026-11-28").unwrap() };
        let added = record("title: A\n", &t);
        assert_eq!(added, "title: A\ntranslated_from:\n  version: 00000000000000ab\n  date: 2026-11-28\n");
        let old = "title: A\ntranslated_from:\n  version: 0000000000000001\n  date: 2025-01-01\nsummary: B\n";
        let replaced = record(old, &t);
        assert_eq!(replaced, format!("title: A\n{}summary: B\n", &added["title: A\n".len()..]));
    }

    #[test]
    fn currency_compares_the_recorded_version() {
        let t = TranslatedFrom { version: Version(1), date: Date::parse("2026").unwrap() };
        assert_eq!(Currency::of(Some(&t), Version(1)), Currency::Current);
        assert_eq!(Currency::of(Some(&t), Version(2)), Currency::Outdated);
        assert_eq!(Currency::of(None, Version(2)), Currency::Untracked);
    }
}
