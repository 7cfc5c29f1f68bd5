//! The translation report of `portal check --translations`: every id of the site, by
//! language — present (current, outdated or untracked), missing, draft, or with errors —
//! and the outdated translations with the date of each side.

use super::model::Date;
use super::versions::Currency;
use super::{Corpus, Entry, Kind, Section};
use crate::config::Config;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// What one language has of one id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Written and valid: the default language's page, or a translation current with it.
    Present,
    /// A translation whose default-language page changed since it was marked current.
    Outdated,
    /// A translation that records no version of its page (never marked current).
    Untracked,
    /// No file.
    Missing,
    /// Written, but `draft: true`.
    Draft,
    /// Written, but it has errors.
    Invalid,
}

/// One id across the languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The content folder (`councils`…), or `home`.
    pub section: &'static str,
    /// The id (`_index` for a section's own text).
    pub id: String,
    /// Language code → state, in `site.yaml`'s order.
    pub languages: BTreeMap<String, State>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The site's language codes, in `site.yaml`'s order.
    pub languages: Vec<String>,
    /// One row per id, by section then id.
    pub rows: Vec<Row>,
    /// How many (id, language) pairs have no file.
    pub missing: usize,
    /// The outdated translations, in the order of the rows.
    pub outdated: Vec<Outdated>,
    /// How many translations record no version.
    pub untracked: usize,
}

/// A translation whose default-language page changed since it was marked current.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outdated {
    /// The translation's file.
    pub path: String,
    /// The language it is in.
    pub lang: String,
    /// The day it was last marked current.
    pub translated: Date,
    /// The page it translates.
    pub original: String,
    /// When that page last changed: its `updated`, or else its file's modification day.
    pub original_changed: Option<Date>,
}

/// Builds the report from everything the loader saw, drafts and invalid files included.
pub fn report(corpus: &Corpus, config: &Config) -> Report {
    let mut rows: BTreeMap<(Kind, String), BTreeMap<String, State>> = BTreeMap::new();
    let mut outdated = Vec::new();
    let keys = corpus
        .entries
        .iter()
        .map(|e| {
            let state = match corpus.currency(config, e) {
                Some(Currency::Outdated) => {
                    outdated.extend(outdated_row(corpus, config, e));
                    State::Outdated
                }
                Some(Currency::Untracked) => State::Untracked,
                Some(Currency::Current) | None => State::Present,
            };
            (&e.key, state)
        })
        .chain(corpus.drafts.iter().map(|k| (k, State::Draft)))
        .chain(corpus.failed.iter().map(|k| (k, State::Invalid)));
    for (key, state) in keys {
        rows.entry((key.kind, key.id.to_string())).or_default().insert(key.lang.to_string(), state);
    }
    let languages: Vec<String> = config.languages.iter().map(|l| l.code.to_string()).collect();
    let mut missing = 0;
    let untracked = rows.values().flat_map(|r| r.values()).filter(|s| **s == State::Untracked).count();
    let rows = rows
        .into_iter()
        .map(|((kind, id), mut states)| {
            for l in &languages {
                states.entry(l.clone()).or_insert_with(|| {
                    missing += 1;
                    State::Missing
                });
            }
            Row { section: section_name(kind), id, languages: states }
        })
        .collect();
    outdated.sort_by(|a, b| a.path.cmp(&b.path));
    Report { languages, rows, missing, outdated, untracked }
}

fn outdated_row(corpus: &Corpus, config: &Config, e: &Entry) -> Option<Outdated> {
    let original = corpus.get(corpus.original(config, e)?);
    let modified = || std::fs::metadata(config.root.join(&original.path)).and_then(|m| m.modified()).ok();
    Some(Outdated {
        path: slashed(&e.path),
        lang: e.key.lang.to_string(),
        translated: e.meta.front().translated_from()?.date,
        original: slashed(&original.path),
        original_changed: original.updated().or_else(|| modified().map(crate::base::day_of)),
    })
}

fn slashed(path: &std::path::Path) -> String {
    path.display().to_string().replace('\\', "/")
}

fn section_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Home => "home",
        Kind::Index(s) | Kind::Item(s) => Section::folder(s),
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            State::Present => "present",
            State::Outdated => "OUTDATED",
            State::Untracked => "untracked",
            State::Missing => "MISSING",
            State::Draft => "draft",
            State::Invalid => "invalid",
        })
    }
}

impl fmt::Display for Report {
    /// A plain-text table, one row per id, one column per language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id_width = self.rows.iter().map(|r| r.id.len()).chain([2]).max().unwrap_or(2);
        let line = |section: &str, id: &str, cells: Vec<String>| {
            let mut l = format!("{section:<10}  {id:<id_width$}");
            for c in cells {
                l.push_str(&format!("  {c:<9}"));
            }
            l.trim_end().to_string()
        };
        writeln!(f, "{}", line("section", "id", self.languages.clone()))?;
        for row in &self.rows {
            let cells = self
                .languages
                .iter()
                .map(|l| row.languages.get(l).copied().unwrap_or(State::Missing).to_string())
                .collect();
            writeln!(f, "{}", line(row.section, &row.id, cells))?;
        }
        let n = self.missing;
        writeln!(f, "{n} missing translation{}", if n == 1 { "" } else { "s" })?;
        let n = self.outdated.len();
        writeln!(f, "{n} outdated translation{}", if n == 1 { "" } else { "s" })?;
        for o in &self.outdated {
            let changed = o.original_changed.map_or_else(|| "unknown".to_string(), |d| d.to_string());
            writeln!(f, "  {}: translated {}; {} changed {changed}", o.path, o.translated, o.original)?;
        }
        if self.untracked > 0 {
            let n = self.untracked;
            writeln!(
                f,
                "{n} translation{} not tracked: run `portal translations mark-current` once each is up to date",
                if n == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}
