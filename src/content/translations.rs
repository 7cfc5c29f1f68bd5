//! The translation report of `portal check --translations`: every id of the site, by
//! language — present, missing, draft, or present with errors.

use super::{Corpus, Kind, Section};
use crate::config::Config;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// What one language has of one id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Written and valid.
    Present,
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
}

/// Builds the report from everything the loader saw, drafts and invalid files included.
pub fn report(corpus: &Corpus, config: &Config) -> Report {
    let mut rows: BTreeMap<(Kind, String), BTreeMap<String, State>> = BTreeMap::new();
    let keys = corpus
        .entries
        .iter()
        .map(|e| (&e.key, State::Present))
        .chain(corpus.drafts.iter().map(|k| (k, State::Draft)))
        .chain(corpus.failed.iter().map(|k| (k, State::Invalid)));
    for (key, state) in keys {
        rows.entry((key.kind, key.id.to_string())).or_default().insert(key.lang.to_string(), state);
    }
    let languages: Vec<String> = config.languages.iter().map(|l| l.code.to_string()).collect();
    let mut missing = 0;
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
    Report { languages, rows, missing }
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
                l.push_str(&format!("  {c:<8}"));
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
        writeln!(f, "{n} missing translation{}", if n == 1 { "" } else { "s" })
    }
}
