//! `portal new <kind> <id>`: starts a page in every language of the site, with the kind's
//! front matter ready to fill in and a comment on every field. It never overwrites a file.

use crate::base::Lang;
pub use crate::base::today;
use crate::config::Config;
use crate::content::kinds::CouncilFront;
use crate::content::kinds::{SCAFFOLD_DRAFT, SCAFFOLD_HEADER, SCAFFOLD_INHERITED};
use crate::content::model::{ContentId, Date, suggest_slug};
use crate::content::{self, CONTENT_DIR, LoadOptions, Section};
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

/// Err where the page would have, in some language, the address of a page or file the site
/// writes itself (`portal new page search`), or of another page (`portal new page despre`,
/// where the about page's Romanian `slug` is `despre`): said now, not once the draft is
/// published.
fn taken_addresses(
    config: &Config,
    corpus: &content::Corpus,
    section: Section,
    id: &ContentId,
    files: &[PathBuf],
) -> Result<(), Diagnostics> {
    let site = crate::urls::taken_urls(config);
    let taken: Diagnostics = config
        .languages
        .iter()
        .zip(files)
        .filter_map(|(language, file)| {
            let key = content::kinds::Key {
                kind: content::Kind::Item(section),
                id: id.clone(),
                lang: language.code.clone(),
            };
            let url = crate::urls::entry(config, &key, &crate::base::Slug::from(id));
            let what = match (site.get(&url), corpus.at_url(&url)) {
                (Some(f), _) => content::taken_by_the_site(*f).0,
                (None, Some(other)) => format!("{} already uses", corpus.get(other).path.display()),
                (None, None) => return None,
            };
            let message = format!("this page would be written to /{url}, which {what}");
            Some(Diagnostic::error(file, message).with_hint("choose another id"))
        })
        .collect();
    if taken.is_empty() { Ok(()) } else { Err(taken) }
}

/// Writes `content/<folder>/<id>.<lang>.md` for every language; returns the paths written
/// (relative to the site root). Nothing is written if any of them exists already.
pub fn new_content(
    root: &Path,
    section: Section,
    id: &str,
    today: Date,
) -> Result<Vec<PathBuf>, Diagnostics> {
    let config = crate::urls::load_config(root, None)?;
    let id = ContentId::parse(id).map_err(|e| {
        let d = Diagnostic::error(format!("{CONTENT_DIR}/{}/", section.folder()), e);
        d.with_hint(format!("try `portal new {} {}`", section.info().word, suggest_slug(id)))
    })?;
    let files: Vec<PathBuf> = config
        .languages
        .iter()
        .map(|l| Path::new(CONTENT_DIR).join(section.folder()).join(format!("{id}.{}.md", l.code)))
        .collect();
    // A default-language page may also be written without its language (`contact.md`).
    let plain = Path::new(CONTENT_DIR).join(section.folder()).join(format!("{id}.md"));
    let existing: Diagnostics = files
        .iter()
        .chain([&plain])
        .filter(|f| std::fs::symlink_metadata(root.join(f)).is_ok())
        .map(|f| {
            Diagnostic::error(f, "this file exists already, and `portal new` never overwrites")
                .with_hint("choose another id, or edit the existing file")
        })
        .collect();
    if !existing.is_empty() {
        return Err(existing);
    }
    // Drafts too: a draft's address is taken once it is published.
    let (corpus, _) = content::load(&config, LoadOptions { drafts: true });
    taken_addresses(&config, &corpus, section, &id, &files)?;
    let number = next_number(&corpus, section);
    let mut written: Vec<&PathBuf> = Vec::new();
    for (f, language) in files.iter().zip(&config.languages) {
        let original = (language.code != config.default_language).then(|| original_name(&config));
        let text = template(section, &language.code, original.as_deref(), today, number);
        if let Err(e) = crate::sources::create_file(root, f, text.as_bytes()) {
            // All the languages' files or none: a page in one language only is not a page.
            written.iter().for_each(|w| drop(std::fs::remove_file(root.join(w))));
            return Err(Diagnostic::error(f, format!("cannot write: {e}")).into());
        }
        written.push(f);
    }
    Ok(files)
}

/// The number after the highest council number of the site (drafts included), for a kind
/// whose new files start with a `{number}`.
fn next_number(corpus: &content::Corpus, section: Section) -> u32 {
    if !section.info().scaffold.iter().any(|(field, _)| field.contains("{number}")) {
        return 0;
    }
    let highest = corpus.entries.iter().filter_map(|e| e.meta.get::<CouncilFront>().map(|c| c.number));
    highest.max().unwrap_or(0) + 1
}

/// The default language's name, as a translation's comment names it.
fn original_name(config: &Config) -> String {
    config
        .language(config.default_language.as_str())
        .map_or_else(|| config.default_language.to_string(), |l| l.name.clone())
}

/// The front matter of a new file of a kind, one comment per field (from the kind's table).
/// The comments and the placeholder are in the file's language (English where there is
/// no translation of them). A translation (`original` names the default language) leaves
/// out the fields it takes from the original, and says which.
fn template(section: Section, lang: &Lang, original: Option<&str>, today: Date, number: u32) -> String {
    let info = section.info();
    let say = |english: &'static str| info.say(lang, english);
    let mut text = format!("---\n# {} {}\n", say(info.about), say(SCAFFOLD_HEADER));
    if let Some(original) = original.filter(|_| !info.inherited.is_empty()) {
        let fields = info.inherited.join(", ");
        text.push_str(&format!("# {} ({original}): {fields}\n", say(SCAFFOLD_INHERITED)));
    }
    let own = |(field, _): &&(&str, &str)| {
        original.is_none() || !info.inherited.iter().any(|i| field.split(':').next() == Some(i))
    };
    for (field, comment) in info.scaffold.iter().filter(own).chain(&[("draft: true", SCAFFOLD_DRAFT)]) {
        let field = field.replace("{today}", &today.to_string()).replace("{number}", &number.to_string());
        text.push_str(&format!("{field:<26}# {}\n", say(comment)));
    }
    text + "---\n\n" + say(content::PLACEHOLDER_BODY) + "\n"
}
