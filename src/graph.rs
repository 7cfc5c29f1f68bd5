//! Stage 4, the site graph: everything that relates pages to each other — councils in date
//! order with previous/next, council ↔ domain with commitments, `related` both ways, the
//! timeline, translations — built from indexes, and the checks that need the whole site.

use crate::config::{Config, Lang};
use crate::content::kinds::{CouncilFront, DomainFront, MENU_PAGES, Menu, PageFront};
use crate::content::model::{ContentId, Date};
use crate::content::{Corpus, Entry, EntryId, Key, Kind, Section};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::Rendered;
use ahash::AHashMap as HashMap;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// How one entry relates to the others; positions are indexes into `corpus.entries`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// The same content in the other languages, in `site.yaml`'s language order.
    pub translations: Vec<EntryId>,
    /// For a council: the council before it in date order.
    pub prev: Option<EntryId>,
    /// For a council: the council after it.
    pub next: Option<EntryId>,
    /// For a council: its domains, in the order it lists them.
    pub domains: Vec<EntryId>,
    /// For a domain: the councils that discussed it, newest first.
    pub councils: Vec<EntryId>,
    /// For a domain: related domains, either way, in list order.
    pub related: Vec<EntryId>,
}

/// One year of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    /// The year.
    pub year: u16,
    /// Councils and milestones of that year, in date order.
    pub entries: Vec<EntryId>,
}

/// What one language of the site holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangGraph {
    /// The language.
    pub lang: Lang,
    /// `content/_index.<lang>.md`, if written.
    pub home: Option<EntryId>,
    /// Each section's `_index.<lang>.md`, if written.
    pub section_index: BTreeMap<Section, EntryId>,
    /// Each kind's pages, by [`Section::index`]: dated kinds oldest first, then by rank and
    /// id; the others by rank (a domain's `order`, then title), then id.
    items: Vec<Vec<EntryId>>,
    /// Councils and milestones by year, oldest first.
    pub timeline: Vec<Year>,
}

impl LangGraph {
    /// A kind's pages in this language, in the kind's order.
    pub fn items(&self, section: Section) -> &[EntryId] {
        &self.items[section.index()]
    }
}

/// The whole site, related and checked: what the rendering stage reads.
#[derive(Debug, Clone)]
pub struct SiteGraph {
    /// The content.
    pub corpus: Corpus,
    /// The Markdown of each entry, aligned with `corpus.entries`.
    pub rendered: Vec<Arc<Rendered>>,
    /// The relations of each entry, aligned with `corpus.entries`.
    pub links: Vec<Links>,
    /// One per language, in `site.yaml`'s order.
    pub langs: Vec<LangGraph>,
}

impl SiteGraph {
    /// The entry at `i`.
    pub fn entry(&self, i: EntryId) -> &Entry {
        &self.corpus.entries[i]
    }
}

/// How the corpus's entries relate, with the checks that need only their front matter:
/// everything of the graph but the Markdown, so that it is made while the Markdown renders.
#[derive(Debug)]
pub struct Relations {
    links: Vec<Links>,
    langs: Vec<LangGraph>,
    diagnostics: Diagnostics,
}

/// Relates the corpus's entries: translations, councils in date order and ↔ domains,
/// `related`, the timeline; and checks what needs the whole site but not its Markdown.
pub fn relate(corpus: &Corpus, config: &Config) -> Relations {
    let index = Index::new(corpus);
    let mut diagnostics = Diagnostics::new();
    let mut links = vec![Links::default(); corpus.entries.len()];
    link_translations(corpus, &index, config, &mut links);
    let langs: Vec<LangGraph> = config.languages.iter().map(|l| lang_graph(corpus, &l.code)).collect();
    if let Some(lang) = langs.iter().find(|l| l.lang == config.default_language) {
        diagnostics.extend(numbers_follow_dates(corpus, lang));
    }
    for lang in &langs {
        diagnostics.extend(menus_too_long(corpus, config, lang));
    }
    for lang in &langs {
        let default = &config.default_language;
        link_councils(corpus, &index, lang, default, &mut links, &mut diagnostics);
        link_related(corpus, &index, lang, default, &mut links, &mut diagnostics);
    }
    warn_missing_translations(corpus, &links, config, &mut diagnostics);
    warn_unused_domains(corpus, &langs, &links, &mut diagnostics);
    Relations { links, langs, diagnostics }
}

impl Relations {
    /// The errors and warnings found while relating the entries.
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }
}

impl SiteGraph {
    /// The graph's relations again, with the `diagnostics` [`relate`] found: after an edit
    /// that leaves every front matter as it was, they are what relating again would give.
    pub fn relations(&self, diagnostics: Diagnostics) -> Relations {
        Relations { links: self.links.clone(), langs: self.langs.clone(), diagnostics }
    }
}

/// The site graph: the corpus, its `relations` ([`relate`]) and its `rendered` Markdown,
/// whose `#anchor` links it checks. Errors and warnings of both steps are returned beside
/// the graph so that a run can report everything at once.
pub fn build(corpus: Corpus, rendered: Vec<Arc<Rendered>>, relations: Relations) -> (SiteGraph, Diagnostics) {
    let Relations { links, langs, mut diagnostics } = relations;
    check_anchors(&corpus, &rendered, &mut diagnostics);
    (SiteGraph { corpus, rendered, links, langs }, diagnostics)
}

/// Lookups by (kind, id) and by key, so that no check scans the corpus in a loop.
struct Index {
    by_id: HashMap<(Kind, ContentId), Vec<EntryId>>,
}

impl Index {
    fn new(corpus: &Corpus) -> Self {
        let mut by_id: HashMap<(Kind, ContentId), Vec<EntryId>> = HashMap::new();
        for (i, e) in corpus.iter() {
            by_id.entry((e.key.kind, e.key.id.clone())).or_default().push(i);
        }
        Self { by_id }
    }

    fn domain(&self, corpus: &Corpus, lang: &Lang, id: &ContentId) -> Option<EntryId> {
        corpus.find(&Key { kind: Kind::Item(Section::Domains), id: id.clone(), lang: lang.clone() })
    }
}

fn link_translations(corpus: &Corpus, index: &Index, config: &Config, links: &mut [Links]) {
    let order: HashMap<&Lang, usize> =
        config.languages.iter().enumerate().map(|(i, l)| (&l.code, i)).collect();
    for group in index.by_id.values() {
        let mut group = group.clone();
        group.sort_by_key(|&i| order.get(&corpus.entries[i].key.lang).copied().unwrap_or(usize::MAX));
        for &i in &group {
            links[i].translations = group.iter().copied().filter(|&j| j != i).collect();
        }
    }
}

fn lang_graph(corpus: &Corpus, lang: &Lang) -> LangGraph {
    let mut g = LangGraph {
        lang: lang.clone(),
        home: None,
        section_index: BTreeMap::new(),
        items: vec![Vec::new(); Section::ALL.len()],
        timeline: Vec::new(),
    };
    for (i, e) in corpus.iter().filter(|(_, e)| &e.key.lang == lang) {
        match e.key.kind {
            Kind::Home => g.home = Some(i),
            Kind::Index(s) => {
                g.section_index.insert(s, i);
            }
            Kind::Item(s) => g.items[s.index()].push(i),
        }
    }
    for items in &mut g.items {
        items.sort_by_cached_key(|&i| {
            let e = &corpus.entries[i];
            (e.date(), e.meta.front().rank(), e.key.id.clone())
        });
    }
    g.timeline = timeline(corpus, &g);
    g
}

/// The pages of every dated kind merged in date order, grouped by year. Each kind's list
/// is sorted already, and on one date the kinds keep the table's order (a council before a
/// milestone): a stable sort of the lists end to end, which merges their runs.
fn timeline(corpus: &Corpus, g: &LangGraph) -> Vec<Year> {
    let date = |i: EntryId| corpus.entries[i].date().unwrap_or(Date { year: 0, month: None, day: None });
    let mut merged: Vec<EntryId> = Section::dated().flat_map(|s| g.items(s).iter().copied()).collect();
    merged.sort_by_key(|&i| date(i));
    let mut years: Vec<Year> = Vec::new();
    for i in merged {
        let y = date(i).year;
        match years.last_mut() {
            Some(last) if last.year == y => last.entries.push(i),
            _ => years.push(Year { year: y, entries: vec![i] }),
        }
    }
    years
}

/// A commitment on a domain the council does not list: a typo of a domain it lists (and
/// that exists) is the likely mistake, else the domain is missing from `domains`.
fn commitment_hint<'a>(listed: impl Iterator<Item = &'a ContentId>, id: &ContentId) -> String {
    match crate::yaml::closest(id.as_str(), listed.map(ContentId::as_str)) {
        Some(near) => format!("did you mean `{near}`, which the council lists?"),
        None => format!("add `{id}` to `domains`, or remove this commitment"),
    }
}

/// Council 5 dated before council 4 is a mistake in one of the two: an error on the later
/// number's date (in the default language; translations take both from there).
fn numbers_follow_dates(corpus: &Corpus, lang: &LangGraph) -> Vec<Diagnostic> {
    let mut councils: Vec<(u32, Date, &Entry)> = lang
        .items(Section::Councils)
        .iter()
        .map(|&i| corpus.get(i))
        .filter_map(|e| e.meta.get::<CouncilFront>().map(|c| (c.number, c.date, e)))
        .collect();
    councils.sort_by_key(|(number, ..)| *number);
    councils
        .windows(2)
        .filter(|pair| pair[1].1.surely_before(&pair[0].1) && pair[0].0 != pair[1].0)
        .map(|pair| {
            let ((before, date_before, earlier), (number, date, e)) = (&pair[0], &pair[1]);
            let message = format!(
                "council {number} is dated {date}, before council {before} ({date_before}, in {})",
                earlier.path.display()
            );
            e.error_at("date", &date.to_string(), message).with_hint(
                "councils are numbered in the order they meet: correct this date, or one of the two numbers",
            )
        })
        .collect()
}

/// A free page past the [`MENU_PAGES`]th of its menu in its language: an error on its
/// `menu` line. A translation's menus are its original's (an error there, once), so in
/// another language the pages without an original (written in that language only) are
/// the ones counted past the limit.
fn menus_too_long(corpus: &Corpus, config: &Config, lang: &LangGraph) -> Vec<Diagnostic> {
    let default = lang.lang == config.default_language;
    let own = |i: EntryId| !default && corpus.original(config, corpus.get(i)).is_none();
    let menu_of = |i: &EntryId| corpus.get(*i).meta.get::<PageFront>().map(|p| (p.menu, own(*i), *i));
    let mut pages: Vec<(Menu, bool, EntryId)> =
        lang.items(Section::Pages).iter().filter_map(menu_of).collect();
    pages.retain(|(menu, ..)| *menu != Menu::None);
    // By menu; in it, the translations before the pages of this language alone (each by id).
    pages.sort_by_key(|&(menu, own, _)| (menu as u8, own));
    let mut found = Vec::new();
    for run in pages.chunk_by(|a, b| a.0 == b.0) {
        for &(menu, _, i) in run.iter().skip(MENU_PAGES).filter(|(_, own, _)| default || *own) {
            let e = corpus.get(i);
            let name = format!("{menu:?}").to_lowercase();
            let message = format!("the {name} menu already holds {MENU_PAGES} pages");
            let d = match e.states("menu") {
                true => e.error_at("menu", &name, message),
                false => Diagnostic::error(&e.path, message)
                    .at(e.locate("title", e.meta.front().title().unwrap_or_default()).0, 1),
            };
            found.push(d.with_hint(
                "put this page in another menu (`menu: footer`), or in none (`menu: none`): links, search and the sitemap still lead to it",
            ));
        }
    }
    found
}

fn link_councils(
    corpus: &Corpus,
    index: &Index,
    lang: &LangGraph,
    default: &Lang,
    links: &mut [Links],
    diagnostics: &mut Diagnostics,
) {
    let mut numbers: HashMap<u32, EntryId> = HashMap::new();
    for (pos, &i) in lang.items(Section::Councils).iter().enumerate() {
        links[i].prev = pos.checked_sub(1).map(|p| lang.items(Section::Councils)[p]);
        links[i].next = lang.items(Section::Councils).get(pos + 1).copied();
        let e = &corpus.entries[i];
        let Some(c) = e.meta.get::<CouncilFront>() else { continue };
        // A number a translation takes from its original is reported there, once.
        let inherited = e.key.lang != *default && !e.states("number");
        if let Some(&first) = numbers.get(&c.number).filter(|_| !inherited) {
            let other = &corpus.entries[first];
            diagnostics.push(
                e.error_at(
                    "number",
                    &c.number.to_string(),
                    format!("council number {} is also used by {}", c.number, other.path.display()),
                )
                .with_hint("each council has its own number: 1 for the first, 2 for the second…"),
            );
        } else {
            numbers.insert(c.number, i);
        }
        let (mut listed, mut repeated) = (HashSet::new(), HashSet::new());
        // Bounded: a council may list thousands of ids that name nothing.
        let mut found = crate::diagnostics::Bounded::default();
        for id in &c.domains {
            // (Listed again, it would show its commitment again: once is what is meant.)
            if !listed.insert(id) {
                // (A translation that takes `domains` from its original: reported there, once.)
                let taken = e.key.lang != *default && !e.states("domains");
                if repeated.insert(id) && !taken {
                    let message = format!("`{id}` is listed more than once in `domains`");
                    let hint = "list each domain once: its commitment is shown once";
                    let d = Diagnostic::error(&e.path, message);
                    if found.is_full() {
                        found.push(d);
                        continue;
                    }
                    // At the repeat: its second listing.
                    let (line, column) = e.locate_nth("domains", id.as_str(), 1);
                    found.push(d.at(line, column).with_hint(hint));
                }
                continue;
            }
            match index.domain(corpus, &lang.lang, id) {
                Some(d) => {
                    links[i].domains.push(d);
                    links[d].councils.push(i);
                }
                // Not yet translated: listed by its page in the default language (whose own
                // list of councils is its language's).
                None => match untranslated(corpus, index, lang, default, id) {
                    Some(d) => links[i].domains.push(d),
                    None => {
                        found.extend(unknown_domain(corpus, lang, default, e, "domains", id, found.is_full()))
                    }
                },
            }
        }
        for id in c.commitments.keys().filter(|id| !listed.contains(id)) {
            if found.is_full() {
                found.push(Diagnostic::error(&e.path, format!("a commitment on `{id}`")));
                continue;
            }
            let message = format!("a commitment on `{id}`, which is not in this council's `domains`");
            let existing = c.domains.iter().filter(|d| index.domain(corpus, &lang.lang, d).is_some());
            let mut hint = commitment_hint(existing, id);
            if e.key.lang != *default && !e.states("domains") {
                hint = format!("{hint} (this translation takes `domains` from its original, in `{default}`)");
            }
            found.push(e.error_at("commitments", id.as_str(), message).with_hint(hint));
        }
        diagnostics.extend(found.into_vec());
    }
    for &d in lang.items(Section::Domains) {
        links[d].councils.reverse();
    }
}

/// The default-language page of a domain that `lang` has not translated (no file, or a
/// draft left out of the build; not a file with errors): a missing translation is a
/// warning, so the pages that name the domain lead to the page there is.
fn untranslated(
    corpus: &Corpus,
    index: &Index,
    lang: &LangGraph,
    default: &Lang,
    id: &ContentId,
) -> Option<EntryId> {
    let key = Key { kind: Kind::Item(Section::Domains), id: id.clone(), lang: lang.lang.clone() };
    if lang.lang == *default || corpus.failed.contains(&key) || corpus.find(&key).is_some() {
        return None;
    }
    index.domain(corpus, default, id)
}

/// An error for a domain id that names no domain (none when the domain exists but failed to
/// load or is a draft, which is reported on its own); only `counted` (not placed in the
/// file, nor told the nearest id) when the entry already has errors enough.
fn unknown_domain(
    corpus: &Corpus,
    lang: &LangGraph,
    default: &Lang,
    e: &Entry,
    field: &str,
    id: &ContentId,
    counted: bool,
) -> Option<Diagnostic> {
    let key = Key { kind: Kind::Item(Section::Domains), id: id.clone(), lang: lang.lang.clone() };
    if corpus.failed.contains(&key) {
        return None;
    }
    let taken = e.key.lang != *default && !e.states(field);
    if taken && corpus.drafts.contains(&key) {
        let message = format!(
            "domain `{id}` is a draft in `{}`, which `{field}` (taken from the original) names",
            lang.lang
        );
        let d = Diagnostic::error(&e.path, message).at(1, 1);
        return Some(
            d.with_hint(format!("publish content/domains/{id}.{}.md (remove `draft: true`)", lang.lang)),
        );
    }
    if taken {
        // The ids come from the original: a wrong one is reported there; one that only
        // this language lacks is a translation to write.
        let original = Key { lang: default.clone(), ..key.clone() };
        corpus.find(&original)?;
        let message = format!(
            "there is no domain `{id}` in `{}`, which `{field}` (taken from the original) names",
            lang.lang
        );
        let d = Diagnostic::error(&e.path, message).at(1, 1);
        return Some(d.with_hint(format!("translate it: content/domains/{id}.{}.md", lang.lang)));
    }
    if counted {
        return Some(Diagnostic::error(&e.path, format!("there is no domain `{id}`")));
    }
    if corpus.drafts.contains(&key) {
        let d = e.error_at(field, id.as_str(), format!("domain `{id}` is a draft, so it is not published"));
        return Some(d.with_hint("publish the domain (remove `draft: true`) or remove it here"));
    }
    let ids = lang.items(Section::Domains).iter().map(|&i| corpus.entries[i].key.id.as_str());
    let hint = match crate::yaml::closest(id.as_str(), ids) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("create content/domains/{id}.{}.md, or use the id of an existing domain", lang.lang),
    };
    Some(e.error_at(field, id.as_str(), format!("there is no domain `{id}`")).with_hint(hint))
}

fn link_related(
    corpus: &Corpus,
    index: &Index,
    lang: &LangGraph,
    default: &Lang,
    links: &mut [Links],
    diagnostics: &mut Diagnostics,
) {
    let position: HashMap<EntryId, usize> =
        lang.items(Section::Domains).iter().enumerate().map(|(p, &i)| (i, p)).collect();
    for &i in lang.items(Section::Domains) {
        let e = &corpus.entries[i];
        let Some(d) = e.meta.get::<DomainFront>() else { continue };
        let mut found = crate::diagnostics::Bounded::default();
        for id in &d.related {
            match index.domain(corpus, &lang.lang, id) {
                Some(j) if j == i => {
                    found.push(e.error_at("related", id.as_str(), "a domain cannot be related to itself"))
                }
                Some(j) => {
                    links[i].related.push(j);
                    links[j].related.push(i);
                }
                None => match untranslated(corpus, index, lang, default, id) {
                    Some(j) => links[i].related.push(j),
                    None => {
                        found.extend(unknown_domain(corpus, lang, default, e, "related", id, found.is_full()))
                    }
                },
            }
        }
        diagnostics.extend(found.into_vec());
    }
    for &i in lang.items(Section::Domains) {
        let related = &mut links[i].related;
        // (A domain not yet translated, listed by its default-language page, comes last.)
        related.sort_by_key(|j| position.get(j).copied().unwrap_or(usize::MAX));
        // Once each, those of the default language too (unsorted among themselves).
        let mut seen = std::collections::HashSet::new();
        related.retain(|j| seen.insert(*j));
    }
}

/// The most headings a broken anchor's hint compares it with, or lists: a page of 50,000
/// headings linked 200,000 times must not make the check quadratic.
const HINT_HEADINGS: usize = 1000;

/// How many broken anchors of one page get a "did you mean".
const SUGGESTED_ANCHORS: usize = 100;

fn check_anchors(corpus: &Corpus, rendered: &[Arc<Rendered>], diagnostics: &mut Diagnostics) {
    // Each target's ids, gathered once when a link first asks for them.
    let mut anchors: ahash::AHashMap<usize, ahash::AHashSet<&str>> = ahash::AHashMap::new();
    for (i, r) in rendered.iter().enumerate() {
        // A page's first broken anchors get a suggestion; thousands would take minutes.
        let mut suggested = 0;
        for link in &r.links {
            let Some(anchor) = &link.anchor else { continue };
            let target = &rendered[link.target];
            let ids = anchors
                .entry(link.target.index())
                .or_insert_with(|| target.toc.iter().map(|h| h.id.as_str()).collect());
            if ids.contains(anchor.as_str()) || anchor.is_empty() {
                continue;
            }
            let target_entry = &corpus.entries[link.target];
            let ids = target.toc.iter().take(HINT_HEADINGS).map(|h| h.id.as_str());
            suggested += 1;
            let best = if suggested <= SUGGESTED_ANCHORS { crate::yaml::closest(anchor, ids) } else { None };
            let hint = match best {
                Some(best) => format!("did you mean `#{best}`?"),
                None if target.toc.is_empty() => {
                    format!("{} has no headings", target_entry.path.display())
                }
                None => format!(
                    "its headings are: {}",
                    target.toc.iter().take(12).map(|h| format!("#{}", h.id)).collect::<Vec<_>>().join(", ")
                ),
            };
            diagnostics.push(
                Diagnostic::error(
                    &corpus.entries[i].path,
                    format!(
                        "broken anchor `#{anchor}`: {} has no heading with that id",
                        target_entry.path.display()
                    ),
                )
                .at(link.line, link.column)
                .with_hint(hint),
            );
        }
    }
}

fn warn_missing_translations(
    corpus: &Corpus,
    links: &[Links],
    config: &Config,
    diagnostics: &mut Diagnostics,
) {
    let order: HashMap<&Lang, usize> =
        config.languages.iter().enumerate().map(|(i, l)| (&l.code, i)).collect();
    for (i, e) in corpus.entries.iter().enumerate() {
        // Reported once per id, on the file in the first language that has one.
        let first_lang = links[i].translations.first().map(|&j| &corpus.entries[j].key.lang);
        if first_lang.is_some_and(|l| order.get(l) < order.get(&e.key.lang)) {
            continue;
        }
        for l in config.languages.iter().filter(|l| l.code != e.key.lang) {
            let key = Key { lang: l.code.clone(), ..e.key.clone() };
            if !corpus.exists(&key) {
                let file = e.path.with_file_name(format!("{}.{}.md", e.key.id, l.code));
                diagnostics.push(
                    Diagnostic::warning(&e.path, format!("no {} translation", l.name))
                        .with_hint(format!("create {}", file.display())),
                );
            }
        }
    }
}

fn warn_unused_domains(corpus: &Corpus, langs: &[LangGraph], links: &[Links], diagnostics: &mut Diagnostics) {
    for lang in langs {
        for &d in lang.items(Section::Domains).iter().filter(|&&d| links[d].councils.is_empty()) {
            let e = &corpus.entries[d];
            diagnostics.push(
                Diagnostic::warning(&e.path, format!("no council discusses the domain `{}`", e.key.id))
                    .with_hint("list it under `domains` of a council, or remove it"),
            );
        }
    }
}
