//! `portal mv OLD NEW`: renames a page without breaking a link to it. Every language's file
//! and the page's picture folder move to the new id; each old URL that changes is kept in
//! the file's `aliases` (the site publishes a page there that leads to the new one); every
//! `@/` link to the page, in every file, is rewritten, and so is a domain's id where councils
//! and domains name it. The whole rename is worked out first and the site, as it would be
//! after it, loaded in a scratch folder: nothing is written if any of it would fail.

use crate::base::ContentId;
use crate::config::Config;
use crate::content::kinds::{Key, Kind, Section};
use crate::content::versions::{self, Currency, TranslatedFrom};
use crate::content::{self, CONTENT_DIR, Corpus, LoadOptions};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::sources::Staged;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// What a rename did, for its report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renamed {
    /// Each language's file: old path, new path (relative to the site's folder).
    pub files: Vec<(PathBuf, PathBuf)>,
    /// The picture folder, if the page had one.
    pub folder: Option<(PathBuf, PathBuf)>,
    /// The old URLs now kept as aliases (`en/councils/third/`).
    pub aliases: Vec<String>,
    /// `@/` links (and, for a domain, ids under `domains`, `related` and `commitments`)
    /// rewritten.
    pub links: usize,
    /// The files they were in.
    pub linking_files: usize,
    /// Translations that were current and stay so (their original changed only by the rename).
    pub kept_current: usize,
    /// Whether the move was recorded in git's index (the site is in a repository that
    /// tracked the old files), as `git mv` would: `git commit -a` then keeps the new files.
    pub staged: bool,
    /// Whether the move was left out of git's index because the old files had edits the
    /// editor had not staged: `git add` would have staged them with the move, where `git mv`
    /// leaves them unstaged.
    pub unstaged_edits: bool,
}

/// Renames the page `old` to `new` in the site at `root`. `old` is written as in an `@/`
/// link, with or without `@/`, `content/`, its language and `.md` (`councils/third`,
/// `content/councils/third.en.md`); `new` is the new id, or the same folder and the new id.
pub fn rename(root: &Path, old: &str, new: &str) -> Result<Renamed, Diagnostics> {
    // One command that writes the site at a time: two renames, or a rename and a build, would
    // each read what the other is changing.
    let _lock = crate::output::lock(root).map_err(|e| Diagnostics::from(usage(e.to_string())))?;
    let config = crate::urls::load_config(root, None)?;
    let (section, old_id) = page(old)?;
    let new_id = new_id(section, new)?;
    // The whole check `portal check` makes (links and anchors in the texts, pictures, the
    // theme…), not only the loading: what is wrong before is not mixed with what the rename
    // would break, and the renamed site is checked against a site that was right.
    // (Without the search index, which checks nothing and takes most of a build's time.)
    let checked = crate::pipeline::load(root, &crate::pipeline::Options::default())
        .and_then(|loaded| crate::pipeline::finish(loaded.without_search(), crate::render::Sink::Memory));
    let (corpus, diagnostics) = content::load(&config, LoadOptions { drafts: true });
    if let Some(mut all) = checked.err().or_else(|| diagnostics.has_errors().then_some(diagnostics)) {
        all.push(usage("`portal mv` renames pages of a site without errors: fix these first".to_string()));
        return Err(all);
    }
    let corpus = corpus.with_versions(&config);
    let plan = Plan::make(&config, &corpus, section, &old_id, &new_id)?;
    let plan = plan.checked(&config, &corpus)?;
    let tracked = tracked(root, &plan.renamed);
    let unstaged_edits = !tracked.is_empty() && has_unstaged_edits(root, &tracked);
    plan.apply(root)?;
    let mut renamed = plan.renamed;
    renamed.staged = !tracked.is_empty() && !unstaged_edits && stage(root, &tracked);
    renamed.unstaged_edits = unstaged_edits;
    Ok(renamed)
}

/// Every file git tracks among the old paths of `renamed` (its files, and those in its
/// picture folder), with where each now is; none where the site is not in a repository, or
/// git is not installed.
fn tracked(root: &Path, renamed: &Renamed) -> Vec<(PathBuf, PathBuf)> {
    let moves: Vec<&(PathBuf, PathBuf)> = renamed.files.iter().chain(&renamed.folder).collect();
    let mut args = vec![OsStr::new("ls-files"), OsStr::new("-z"), OsStr::new("--")];
    args.extend(moves.iter().map(|(from, _)| from.as_os_str()));
    let Some(listed) = git(root, &args) else { return Vec::new() };
    let now = |old: &Path| {
        moves.iter().find_map(|(from, to)| {
            let rest = old.strip_prefix(from).ok()?;
            Some(if rest.as_os_str().is_empty() { to.clone() } else { to.join(rest) })
        })
    };
    listed
        .split('\0')
        .filter(|p| !p.is_empty())
        .filter_map(|p| Some((PathBuf::from(p), now(Path::new(p))?)))
        .collect()
}

/// Records the moves of the `tracked` files in git's index, as `git mv` does: their new
/// paths added (with the rename's edits), then their old ones taken out; files git did not
/// track stay untracked. The files on disk are already moved: if the first step fails the
/// index is as it was, and if the second does the new files are in it and the old still
/// listed, for the editor to see in `git status`.
fn stage(root: &Path, tracked: &[(PathBuf, PathBuf)]) -> bool {
    let run = |first: &[&str], paths: Vec<&PathBuf>| {
        let mut args: Vec<&OsStr> = first.iter().map(OsStr::new).collect();
        args.extend(paths.iter().map(|p| p.as_os_str()));
        git(root, &args).is_some()
    };
    run(&["add", "--"], tracked.iter().map(|(_, new)| new).collect())
        && run(&["rm", "--cached", "--quiet", "--"], tracked.iter().map(|(old, _)| old).collect())
}

/// Whether any of the `tracked` files (at their old paths, before the move) differs from
/// what git's index holds of it (or git cannot tell).
fn has_unstaged_edits(root: &Path, tracked: &[(PathBuf, PathBuf)]) -> bool {
    let mut args = vec![OsStr::new("diff"), OsStr::new("--quiet"), OsStr::new("--")];
    args.extend(tracked.iter().map(|(old, _)| old.as_os_str()));
    git(root, &args).is_none()
}

/// Runs git in `root`, quietly: its output if it ran and succeeded.
fn git(root: &Path, args: &[&OsStr]) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn usage(message: String) -> Diagnostic {
    Diagnostic::error(Path::new("portal mv"), message)
}

/// The section and id of a page named as in an `@/` link.
fn page(name: &str) -> Result<(Section, ContentId), Diagnostic> {
    let bare = name.trim_start_matches("@/").trim_start_matches("./");
    let bare = bare.strip_prefix(CONTENT_DIR).map_or(bare, |r| r.trim_start_matches('/'));
    let bare = bare.strip_suffix(".md").unwrap_or(bare);
    let hint = "name it as in a link: `councils/third` (its folder under content/ and its id)";
    let Some((folder, file)) = bare.split_once('/') else {
        return Err(usage(format!("`{name}` does not say which folder the page is in")).with_hint(hint));
    };
    let Some(section) = Section::from_folder(folder) else {
        return Err(usage(format!("`{folder}` is not a folder of content/")).with_hint(hint));
    };
    // The language suffix, if written, names one file of the page: the page is the id.
    let id = file.split_once('.').map_or(file, |(id, _)| id);
    let id = ContentId::parse(id).map_err(|m| usage(m).with_hint(hint))?;
    Ok((section, id))
}

/// The new id: `third-council`, or `councils/third-council` (a page keeps its kind).
fn new_id(section: Section, new: &str) -> Result<ContentId, Diagnostic> {
    let bare = new.trim_start_matches("@/").trim_end_matches(".md");
    let id = match bare.split_once('/') {
        Some((folder, id)) if folder == section.folder() => id,
        Some((folder, _)) => {
            return Err(usage(format!(
                "a page keeps its kind: it cannot move from {}/ to {folder}/",
                section.folder()
            ))
            .with_hint(format!("write the new id alone, or as `{}/<new id>`", section.folder())));
        }
        None => bare,
    };
    ContentId::parse(id).map_err(usage)
}

/// Every change of a rename, worked out before anything is written.
struct Plan {
    /// Files to write: path (relative to the site's folder) → new text.
    writes: BTreeMap<PathBuf, String>,
    /// Files to remove once the new ones are written (the old names of the moved files).
    removes: Vec<PathBuf>,
    renamed: Renamed,
}

impl Plan {
    fn make(
        config: &Config,
        corpus: &Corpus,
        section: Section,
        old: &ContentId,
        new: &ContentId,
    ) -> Result<Plan, Diagnostics> {
        let folder = Path::new(CONTENT_DIR).join(section.folder());
        let moved: Vec<&content::Entry> = corpus
            .iter()
            .map(|(_, e)| e)
            .filter(|e| e.key.kind == Kind::Item(section) && &e.key.id == old)
            .collect();
        if moved.is_empty() {
            let d = usage(format!(
                "there is no page `{}/{old}` (no {}/{old}.<lang>.md)",
                section.folder(),
                folder.display()
            ));
            return Err(d.into());
        }
        if old == new {
            return Err(usage(format!("`{old}` is already the page's id")).into());
        }
        refuse_taken(config, &folder, new)?;
        refuse_links(config, &moved)?;
        let mut plan = Plan { writes: BTreeMap::new(), removes: Vec::new(), renamed: Renamed::default() };
        for e in &moved {
            let target = folder.join(format!("{new}.{}.md", e.key.lang));
            let mut text = read(&config.root, &e.path)?;
            let own_slug = e.meta.front().slug().is_some();
            let new_url = crate::urls::entry(config, &Key { id: new.clone(), ..e.key.clone() }, &new.into());
            if !own_slug && new_url != e.url {
                // (An old URL that is the new one again, `mv a b` then `mv b a`, is no alias.)
                let mut aliases: Vec<String> = e
                    .meta
                    .front()
                    .aliases()
                    .iter()
                    .map(|a| a.as_str().to_string())
                    .filter(|a| *a != new_url)
                    .collect();
                aliases.push(e.url.clone());
                text = with_aliases(&text, &aliases);
                plan.renamed.aliases.push(e.url.clone());
            }
            plan.writes.insert(target.clone(), text);
            plan.removes.push(e.path.clone());
            plan.renamed.files.push((e.path.clone(), target));
        }
        let pictures = folder.join(old.as_str());
        if config.root.join(&pictures).is_dir() {
            plan.renamed.folder = Some((pictures, folder.join(new.as_str())));
        }
        plan.rewrite_links(config, corpus, section, old, new)?;
        Ok(plan)
    }

    /// Rewrites the links to the page in every Markdown file of content/, the moved ones
    /// included (as they will be written).
    fn rewrite_links(
        &mut self,
        config: &Config,
        corpus: &Corpus,
        section: Section,
        old: &ContentId,
        new: &ContentId,
    ) -> Result<(), Diagnostics> {
        let moved: BTreeMap<PathBuf, PathBuf> = self.renamed.files.iter().cloned().collect();
        let mut paths: Vec<PathBuf> = corpus.entries.iter().map(|e| e.path.clone()).collect();
        paths.sort();
        paths.dedup();
        for path in paths {
            let target = moved.get(&path).cloned().unwrap_or_else(|| path.clone());
            let text = match self.writes.get(&target) {
                Some(t) => t.clone(),
                None => read(&config.root, &path)?,
            };
            let (text, mut count) = rewrite_at_links(&text, section.folder(), old.as_str(), new.as_str());
            let text = if section == Section::Domains {
                let (text, ids) = rewrite_domain_ids(&text, old.as_str(), new.as_str());
                count += ids;
                text
            } else {
                text
            };
            if count > 0 {
                self.renamed.links += count;
                self.renamed.linking_files += 1;
                self.writes.insert(target, text);
            }
        }
        Ok(())
    }

    /// The plan, once the site as it would be after it loads without errors; with each
    /// translation that was current with its original and is outdated only by the rename's
    /// own changes (a rewritten link) marked current again.
    fn checked(mut self, config: &Config, before: &Corpus) -> Result<Plan, Diagnostics> {
        let scratch = Scratch::new()?;
        let after = scratch.load(config, &self)?;
        let moved: BTreeMap<&Path, &Path> =
            self.renamed.files.iter().map(|(a, b)| (a.as_path(), b.as_path())).collect();
        let now_path = |p: &Path| moved.get(p).map_or_else(|| p.to_path_buf(), |n| n.to_path_buf());
        let mut updates = Vec::new();
        for e in before.entries.iter() {
            let Some(TranslatedFrom { date, .. }) = e.meta.front().translated_from() else { continue };
            if before.currency(config, e) != Some(Currency::Current) {
                continue;
            }
            let path = now_path(&e.path);
            let Some(a) = after.entries.iter().find(|a| a.path == path) else { continue };
            if after.currency(config, a) != Some(Currency::Outdated) {
                continue;
            }
            let Some(version) = after.original(config, a).and_then(|o| after.get(o).version) else {
                continue;
            };
            updates.push((path, TranslatedFrom { version, date: *date }));
        }
        for (path, recorded) in updates {
            let text = match self.writes.get(&path) {
                Some(t) => t.clone(),
                None => read(&config.root, &path)?,
            };
            self.writes.insert(path, with_front(&text, |front| versions::record(front, &recorded)));
            self.renamed.kept_current += 1;
        }
        Ok(self)
    }

    /// Writes the plan as one change: every new text staged beside its place first (a full
    /// disk or a file that cannot be written stops it before anything moved); then the
    /// picture folder moved, each file's new text put in its place (its old text kept aside),
    /// and the old files moved aside. If a step fails, every step done is undone, and the
    /// site is as it was; once all are done, what was kept aside goes.
    fn apply(&self, root: &Path) -> Result<(), Diagnostic> {
        let mut staged = Vec::new();
        for (path, text) in &self.writes {
            match crate::sources::stage(root, path, text.as_bytes()) {
                Ok(s) => staged.push((path, s)),
                Err(e) => {
                    staged.into_iter().for_each(|(_, s)| s.discard());
                    return Err(stopped(path, &e));
                }
            }
        }
        let mut undo = Undo::default();
        let done = self.commit(root, staged, &mut undo);
        match done {
            Ok(()) => undo.forget(),
            Err(_) => undo.roll_back(),
        }
        done
    }

    /// The steps that change the site, each recorded in `undo` once done.
    fn commit(
        &self,
        root: &Path,
        staged: Vec<(&PathBuf, Staged)>,
        undo: &mut Undo,
    ) -> Result<(), Diagnostic> {
        let mut staged = staged.into_iter();
        let discard = |rest: std::vec::IntoIter<(&PathBuf, Staged)>| rest.for_each(|(_, s)| s.discard());
        if let Some((from, to)) = &self.renamed.folder {
            if let Err(e) = std::fs::rename(root.join(from), root.join(to)) {
                discard(staged);
                return Err(stopped(from, &e));
            }
            undo.moved = Some((root.join(to), root.join(from)));
        }
        while let Some((path, new)) = staged.next() {
            let target = new.target().to_path_buf();
            let kept = std::fs::symlink_metadata(&target).is_ok().then(|| aside(&target));
            let linked = kept.as_ref().map_or(Ok(()), |kept| std::fs::hard_link(&target, kept));
            let placed = match linked {
                Ok(()) => new.commit(),
                Err(e) => {
                    new.discard();
                    Err(e)
                }
            };
            if let Err(e) = placed {
                kept.iter().for_each(|k| drop(std::fs::remove_file(k)));
                discard(staged);
                return Err(stopped(path, &e));
            }
            undo.replaced.push((target, kept));
        }
        for path in &self.removes {
            let full = root.join(path);
            let kept = aside(&full);
            std::fs::rename(&full, &kept).map_err(|e| stopped(path, &e))?;
            undo.removed.push((kept, full));
        }
        Ok(())
    }
}

/// What `Plan::commit` did, to undo it: the folder moved (where it is, where it was), the
/// files written (with their old text kept aside where they had one), the files removed
/// (kept aside).
#[derive(Default)]
struct Undo {
    moved: Option<(PathBuf, PathBuf)>,
    replaced: Vec<(PathBuf, Option<PathBuf>)>,
    removed: Vec<(PathBuf, PathBuf)>,
}

impl Undo {
    /// Puts everything back as it was, last step first.
    fn roll_back(self) {
        for (kept, path) in self.removed.into_iter().rev() {
            let _ = std::fs::rename(kept, path);
        }
        for (path, kept) in self.replaced.into_iter().rev() {
            let _ = match kept {
                Some(kept) => std::fs::rename(kept, path),
                None => std::fs::remove_file(path),
            };
        }
        if let Some((now, was)) = self.moved {
            let _ = std::fs::rename(now, was);
        }
    }

    /// Drops what was kept aside: the change stands.
    fn forget(self) {
        let kept =
            self.replaced.into_iter().filter_map(|(_, k)| k).chain(self.removed.into_iter().map(|(k, _)| k));
        kept.for_each(|k| drop(std::fs::remove_file(k)));
    }
}

/// Where a file's old text is kept while a rename is under way: a hidden name beside it
/// (never a source, if a killed `portal mv` leaves it).
fn aside(path: &Path) -> PathBuf {
    crate::sources::hidden_beside(path, &format!("portal-old-{}", std::process::id()))
}

/// The error of a rename that stopped at `path` (and was undone).
fn stopped(path: &Path, e: &std::io::Error) -> Diagnostic {
    usage(format!("the rename stopped at {}: {e}", path.display()))
}

/// An error when any language's file, or the picture folder, of `new` exists.
fn refuse_taken(config: &Config, folder: &Path, new: &ContentId) -> Result<(), Diagnostic> {
    let taken = config
        .languages
        .iter()
        .map(|l| folder.join(format!("{new}.{}.md", l.code)))
        .chain([folder.join(new.as_str())])
        .find(|p| config.root.join(p).exists());
    match taken {
        Some(p) => Err(usage(format!("{} already exists", p.display()))
            .with_hint("choose another id, or remove that page first (`portal mv` never overwrites)")),
        None => Ok(()),
    }
}

/// Err where a file of the page is a link (to a file kept elsewhere in the site): moving it
/// would turn the link into a copy, and the file it led to would no longer be the page.
fn refuse_links(config: &Config, moved: &[&content::Entry]) -> Result<(), Diagnostics> {
    let linked: Diagnostics = moved
        .iter()
        .filter(|e| {
            std::fs::symlink_metadata(config.root.join(&e.path)).is_ok_and(|m| m.file_type().is_symlink())
        })
        .map(|e| {
            let to = std::fs::read_link(config.root.join(&e.path))
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            Diagnostic::error(
                &e.path,
                format!("this file is a link (to {to}): `portal mv` moves files, not links"),
            )
            .with_hint(
                "rename the link and the file it leads to by hand, or make the link a plain file first",
            )
        })
        .collect();
    if linked.is_empty() { Ok(()) } else { Err(linked) }
}

fn read(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    std::fs::read_to_string(root.join(path))
        .map_err(|e| Diagnostic::error(path, format!("cannot read it: {e}")))
}

/// `text` with its front matter (between the `---` lines) replaced by `f` of it; the file
/// as it is when it has none.
fn with_front(text: &str, f: impl FnOnce(&str) -> String) -> String {
    content::frontmatter::edit_front(text, f).unwrap_or_else(|| text.to_string())
}

/// `text` with `aliases` as its front matter's list of old URLs (replacing the list it had).
fn with_aliases(text: &str, aliases: &[String]) -> String {
    let mut block = String::from("aliases:\n");
    for a in aliases {
        block.push_str(&format!("  - /{a}\n"));
    }
    with_front(text, |front| crate::yaml::set_block(front, "aliases", &block))
}

/// `text` with every `@/<folder>/<old>` link (to the page, `.md` or `.<lang>.md`, with or
/// without an anchor, or to a file of its folder, `@/<folder>/<old>/photo.jpg`) made to
/// name `new`; and how many there were.
fn rewrite_at_links(text: &str, folder: &str, old: &str, new: &str) -> (String, usize) {
    let needle = format!("@/{folder}/{old}");
    let mut out = String::with_capacity(text.len());
    let (mut rest, mut count) = (text, 0);
    while let Some(at) = rest.find(&needle) {
        let after = &rest[at + needle.len()..];
        out.push_str(&rest[..at]);
        if links_to_page(after) {
            out.push_str(&format!("@/{folder}/{new}"));
            count += 1;
        } else {
            out.push_str(&needle);
        }
        rest = after;
    }
    out.push_str(rest);
    (out, count)
}

/// Whether what follows `@/<folder>/<id>` ends the page's name: `/`, `.md` or `.<lang>.md`.
fn links_to_page(after: &str) -> bool {
    if after.starts_with('/') || after.starts_with(".md") {
        return true;
    }
    let Some(rest) = after.strip_prefix('.') else { return false };
    let lang_len = rest.bytes().take_while(|b| b.is_ascii_lowercase()).count();
    (2..=3).contains(&lang_len) && rest[lang_len..].starts_with(".md")
}

/// `text` with the domain id `old` made `new` where the front matter names domains: in
/// `domains` and `related`, and as a key of `commitments`; and how many there were.
fn rewrite_domain_ids(text: &str, old: &str, new: &str) -> (String, usize) {
    let mut count = 0;
    let out = with_front(text, |front| {
        let mut front = front.to_string();
        for key in ["domains", "related"] {
            if let Some(range) = crate::yaml::key_block(&front, key) {
                let (block, n) = replace_tokens(&front[range.clone()][key.len()..], old, new);
                count += n;
                front = format!("{}{key}{block}{}", &front[..range.start], &front[range.end..]);
            }
        }
        if let Some(range) = crate::yaml::key_block(&front, "commitments") {
            let (block, n) = rename_commitment_keys(&front[range.clone()], old, new);
            count += n;
            front = format!("{}{block}{}", &front[..range.start], &front[range.end..]);
        }
        front
    });
    (out, count)
}

/// `block`, the `commitments` key and its value, with the domain id `old` made `new` where
/// it is a key (plain, or quoted as a content manager may write an id), and how many times:
/// the keys of a flow mapping (`commitments: {ai: …}`), or the lines at the block's first
/// indent (deeper lines are a text's).
fn rename_commitment_keys(block: &str, old: &str, new: &str) -> (String, usize) {
    let written = |q: &str| format!("{q}{old}{q}");
    let colon = block.find(':').map_or(block.len(), |c| c + 1);
    if let Some(keys) = crate::yaml::flow_keys(&block[colon..]) {
        let (mut out, mut count) = (block.to_string(), 0);
        for key in keys.iter().rev().map(|k| k.start + colon..k.end + colon) {
            if let Some(q) = ["", "\"", "'"].into_iter().find(|q| out[key.clone()] == written(q)) {
                out.replace_range(key, &format!("{q}{new}{q}"));
                count += 1;
            }
        }
        return (out, count);
    }
    let (mut out, mut count) = (String::new(), 0);
    let indent_of = |line: &str| line.len() - line.trim_start().len();
    let lines: Vec<&str> = block.split_inclusive('\n').collect();
    let key_indent = lines.iter().skip(1).find(|l| !l.trim().is_empty()).map(|l| indent_of(l));
    for line in lines {
        let indent = indent_of(line);
        let key = ["", "\"", "'"].into_iter().find_map(|q| {
            let rest = line.trim_start().strip_prefix(&written(q))?;
            rest.trim_start().starts_with(':').then_some((q, rest))
        });
        match key {
            Some((q, rest)) if Some(indent) == key_indent => {
                out.push_str(&format!("{}{q}{new}{q}{rest}", &line[..indent]));
                count += 1;
            }
            _ => out.push_str(line),
        }
    }
    (out, count)
}

/// `text` with each whole-word `old` (not part of a longer id) made `new`.
fn replace_tokens(text: &str, old: &str, new: &str) -> (String, usize) {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut out = String::with_capacity(text.len());
    let (mut rest, mut count) = (text, 0);
    while let Some(at) = rest.find(old) {
        let before = rest[..at].chars().next_back().or_else(|| out.chars().next_back());
        let after = rest[at + old.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_none_or(|c| !is_word(c)) && after.is_none_or(|c| !is_word(c)) {
            out.push_str(new);
            count += 1;
        } else {
            out.push_str(old);
        }
        rest = &rest[at + old.len()..];
    }
    out.push_str(rest);
    (out, count)
}

/// A folder outside the site where the site, as a rename would leave it, is laid out and
/// loaded (the Markdown files of `content/`, with the site's configuration); removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Self, Diagnostic> {
        let unique = format!(
            "portal-mv-{}-{}",
            std::process::id(),
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
        );
        Self::sweep();
        let dir = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(&dir)
            .map_err(|e| usage(format!("cannot make a scratch folder in {}: {e}", dir.display())))?;
        Ok(Self(dir))
    }

    /// Removes the scratch folders of renames that were stopped (Ctrl+C, a kill) before they
    /// could remove their own: those whose process is gone. Only where a process can be
    /// looked up by its number (`/proc`); elsewhere they stay, in the system's temporary folder.
    fn sweep() {
        let alive = |pid: &str| Path::new("/proc").join(pid).exists();
        if !Path::new("/proc/self").exists() {
            return;
        }
        let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name();
            let Some(pid) = name.to_str().and_then(|n| n.strip_prefix("portal-mv-")?.split('-').next())
            else {
                continue;
            };
            // (Only a folder of ours: a number, then the time; never a link.)
            let ours = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
            if ours && !alive(pid) && entry.file_type().is_ok_and(|t| t.is_dir()) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }

    /// The corpus of the site after `plan`, or the errors it would have.
    fn load(&self, config: &Config, plan: &Plan) -> Result<Corpus, Diagnostics> {
        let io = |e: std::io::Error| {
            Diagnostics::from(usage(format!("cannot lay out the renamed site in {}: {e}", self.0.display())))
        };
        let removed: Vec<&PathBuf> = plan.removes.iter().filter(|p| !plan.writes.contains_key(*p)).collect();
        for entry in walkdir::WalkDir::new(config.root.join(CONTENT_DIR)).into_iter().filter_map(Result::ok) {
            let Ok(rel) = entry.path().strip_prefix(&config.root) else { continue };
            if !entry.file_type().is_file()
                || rel.extension().is_none_or(|x| x != "md")
                || removed.contains(&&rel.to_path_buf())
            {
                continue;
            }
            let to = self.0.join(rel);
            std::fs::create_dir_all(to.parent().unwrap_or(&self.0)).map_err(io)?;
            std::fs::copy(entry.path(), to).map_err(io)?;
        }
        for (path, text) in &plan.writes {
            let to = self.0.join(path);
            std::fs::create_dir_all(to.parent().unwrap_or(&self.0)).map_err(io)?;
            std::fs::write(to, text).map_err(io)?;
        }
        let scratch_config = Config { root: self.0.clone(), ..config.clone() };
        let (corpus, diagnostics) = content::load(&scratch_config, LoadOptions { drafts: true });
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(corpus.with_versions(&scratch_config))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_to_the_page_or_its_files_is_rewritten_and_a_longer_id_is_not() {
        let text = "[a](@/councils/third.md) [b](@/councils/third.ro.md#x) ![c](@/councils/third/p.jpg) \
                    [d](@/councils/third-bis.md) [e](@/domains/third.md)";
        let (out, n) = rewrite_at_links(text, "councils", "third", "fourth");
        assert_eq!(n, 3);
        assert_eq!(
            out,
            "[a](@/councils/fourth.md) [b](@/councils/fourth.ro.md#x) ![c](@/councils/fourth/p.jpg) \
             [d](@/councils/third-bis.md) [e](@/domains/third.md)"
        );
    }

    #[test]
    fn a_domain_id_is_renamed_as_a_key_of_a_flow_mapping_and_nowhere_else_in_it() {
        let text = "---\ntitle: T\ncommitments: {ai: 'It''s ai: {ai: x}', \"chips\": \"a, ai: \\\" b\",\n  'ai' : [ai, {ai: 1}], air: x, ai-act: y}\n---\nai\n";
        let (out, n) = rewrite_domain_ids(text, "ai", "ia");
        assert_eq!(n, 2, "{out}");
        assert_eq!(
            out,
            text.replacen("{ai: 'It", "{ia: 'It", 1).replacen("'ai' : [", "'ia' : [", 1),
            "only the outer mapping's keys"
        );
        let (out, n) = rewrite_domain_ids("---\ncommitments: {ai: x}\nsummary: ai\n---\n", "ai", "ia");
        assert_eq!((out.as_str(), n), ("---\ncommitments: {ia: x}\nsummary: ai\n---\n", 1));
        // An apostrophe in a plain value, a comment, a mapping on the next line: read as YAML.
        for (front, renamed) in [
            ("commitments: {chips: Korea's lead, ai: More}", "commitments: {chips: Korea's lead, ia: More}"),
            ("commitments: {chips: Korea's plan, platforms: 'Rules, ai: a note'}", ""),
            (
                "commitments: {  # the partners' view\n  ai: x}",
                "commitments: {  # the partners' view\n  ia: x}",
            ),
            ("commitments: {chips: x} # was {ai: y}", ""),
            (
                "commitments:\n  # flow\n  {ai: x, \"ai-act\": y, 'ai' : z}",
                "commitments:\n  # flow\n  {ia: x, \"ai-act\": y, 'ia' : z}",
            ),
            (
                "commitments: {ai: \"a \\\" b: c\", ai2: {ai: 1}, 'it''s': ai}",
                "commitments: {ia: \"a \\\" b: c\", ai2: {ai: 1}, 'it''s': ai}",
            ),
            // Tags, anchors, a complex key, a quote that opens no scalar mid-value.
            (
                "commitments: {ai: !!str 'x, ai: y', chips: z}",
                "commitments: {ia: !!str 'x, ai: y', chips: z}",
            ),
            (
                "commitments: {chips: A - 'b, platforms: 'It''s rules, ai: none', ai: x}",
                "commitments: {chips: A - 'b, platforms: 'It''s rules, ai: none', ia: x}",
            ),
            (
                "commitments: {chips: Plan 2024 - '25 set, ai: More}",
                "commitments: {chips: Plan 2024 - '25 set, ia: More}",
            ),
            ("commitments: {chips: Why? 'Tis so, ai: x}", "commitments: {chips: Why? 'Tis so, ia: x}"),
            ("commitments: {? ai : x}", "commitments: {? ia : x}"),
            ("commitments: &c !!map {ai: x, \"ai\":y}", "commitments: &c !!map {ia: x, \"ia\":y}"),
            ("commitments: {ai: http://x.org/ai: y}", "commitments: {ia: http://x.org/ai: y}"),
        ] {
            let text = format!("---\n{front}\ntitle: T\n---\nai\n");
            let (out, n) = rewrite_domain_ids(&text, "ai", "ia");
            let expected = if renamed.is_empty() { text.clone() } else { text.replace(front, renamed) };
            assert_eq!(out, expected, "{front}");
            assert_eq!(n, text.matches("ai").count() - out.matches("ai").count(), "{front}");
        }
    }

    #[test]
    fn a_domain_id_is_renamed_in_lists_and_commitment_keys_but_not_in_their_text() {
        let text = "---\ntitle: T\ndomains: [ai, air]\ncommitments:\n  ai: More ai, said the ai team.\n  chips: |\n    ai: a line of text\nrelated:\n  - ai\n---\nai stays\n";
        let (out, n) = rewrite_domain_ids(text, "ai", "ia");
        assert_eq!(n, 3);
        assert_eq!(
            out,
            "---\ntitle: T\ndomains: [ia, air]\ncommitments:\n  ia: More ai, said the ai team.\n  chips: |\n    ai: a line of text\nrelated:\n  - ia\n---\nai stays\n"
        );
        // Quoted keys, as a content manager writes an id it could read as a number.
        for (q, key) in [("\"", "\"ai\""), ("'", "'ai'")] {
            let text = format!("---\ndomains: [ai]\ncommitments:\n  {key}: Do.\n  {q}air{q}: Too.\n---\n");
            let (out, n) = rewrite_domain_ids(&text, "ai", "ia");
            assert_eq!(n, 2, "{out}");
            assert!(out.contains(&format!("  {q}ia{q}: Do.\n  {q}air{q}: Too.")), "{out}");
        }
    }

    #[test]
    fn aliases_are_added_to_the_front_matter_keeping_every_other_line_and_its_line_ends() {
        let text = "---\r\ntitle: T # the title\r\n---\r\nBody\r\n";
        assert_eq!(
            with_aliases(text, &["en/councils/third/".into()]),
            "---\r\ntitle: T # the title\r\naliases:\r\n  - /en/councils/third/\r\n---\r\nBody\r\n"
        );
        let text = "---\ntitle: T\naliases: [/en/a/]\nsummary: S\n---\n";
        assert_eq!(
            with_aliases(text, &["en/a/".into(), "en/b/".into()]),
            "---\ntitle: T\naliases:\n  - /en/a/\n  - /en/b/\nsummary: S\n---\n"
        );
    }

    #[test]
    fn a_page_is_named_as_in_a_link_or_by_its_file() {
        for name in ["councils/third", "@/councils/third.md", "content/councils/third.ro.md"] {
            let (section, id) = page(name).unwrap();
            assert_eq!((section, id.as_str()), (Section::Councils, "third"), "{name}");
        }
        assert!(page("third").is_err());
        assert!(page("meetings/third").is_err());
        assert!(new_id(Section::Councils, "domains/x").is_err());
        assert_eq!(new_id(Section::Councils, "councils/fourth").unwrap().as_str(), "fourth");
    }
}
