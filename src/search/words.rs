//! The words of a token as Pagefind 1.6 indexes them, so that the WebAssembly it ships (which
//! reads a query by the same rules) finds what we index: lower case, diacritics folded (the
//! form with them kept as a variant), stemmed by the language's Snowball stemmer, and the
//! parts of a compound (`EU-Korea`, `ThreeAntelopes`) as words of their own.

use convert_case::{Case, Casing};
use pagefind_stem::{Algorithm, Stemmer};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, LazyLock, Mutex, RwLock};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Characters that count as part of a word besides letters and digits (Unicode's
/// "connector punctuation"), as Pagefind's index and its query reader both keep them.
pub const WORD_SYMBOLS: [char; 10] = ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

const MAX_KATAKANA_SUFFIX_CHARS: usize = 16;
const MAX_DOTTED_TAIL_CHARS: usize = 64;

static EMOJI: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new("\\p{Emoji}").expect("a valid pattern"));

/// One word a token is found under, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Indexable {
    /// The folded, stemmed form: the key of the index.
    pub stemmed: Arc<str>,
    /// A part of a compound (weighs a share of the whole).
    pub compound_part: bool,
    /// The form before diacritics were folded, where it differs.
    pub original: Option<Arc<str>>,
}

/// The stemmer of a language (by its code's first part), where Pagefind has one; a language
/// without one is indexed unstemmed, as Pagefind's WebAssembly for it reads queries.
pub fn stemmer(lang: &str) -> Option<Stemmer> {
    let algorithm = match lang.split('-').next().unwrap_or(lang) {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// One word a token is found under, by its number in the language's [`Vocabulary`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The folded, stemmed form.
    pub word: u32,
    /// The form as written, where it has diacritics; else [`NONE`].
    pub variant: u32,
    /// A part of a compound (weighs a share of the whole).
    pub compound_part: bool,
}

/// No variant.
pub const NONE: u32 = u32::MAX;

/// Every word a language's index has met in this process, each with a number: a page's
/// words are numbers (sorted and merged as numbers, kept in a quarter of the memory), and
/// a word's text is kept once.
#[derive(Default)]
pub struct Vocabulary {
    interned: RwLock<Interned>,
}

#[derive(Default)]
struct Interned {
    ids: HashMap<Arc<str>, u32, foldhash::fast::RandomState>,
    words: Vec<Arc<str>>,
}

impl Vocabulary {
    /// The number of `word`, given now if it has none.
    pub fn id(&self, word: &str) -> u32 {
        if let Some(&id) = self.interned.read().unwrap_or_else(|e| e.into_inner()).ids.get(word) {
            return id;
        }
        let mut interned = self.interned.write().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = interned.ids.get(word) {
            return id;
        }
        let id = u32::try_from(interned.words.len()).unwrap_or(NONE - 1);
        let word: Arc<str> = word.into();
        interned.words.push(word.clone());
        interned.ids.insert(word, id);
        id
    }

    /// Every word so far, by number.
    pub fn words(&self) -> Vec<Arc<str>> {
        self.interned.read().unwrap_or_else(|e| e.into_inner()).words.clone()
    }
}

/// The vocabulary of each language, for the life of the process. Sound as a process-wide
/// memory: a number stands for the same word wherever it is used, the output is ordered by
/// the words themselves (never by their numbers), and the preview's pages, kept from one
/// index to the next, keep meaning what they meant.
static VOCABULARIES: Mutex<BTreeMap<String, Arc<Vocabulary>>> = Mutex::new(BTreeMap::new());

/// The vocabulary of `lang`.
pub fn vocabulary(lang: &str) -> Arc<Vocabulary> {
    VOCABULARIES.lock().unwrap_or_else(|e| e.into_inner()).entry(lang.to_string()).or_default().clone()
}

/// A language's word rules with a memory of the tokens already read: text repeats its words
/// (Zipf), so most tokens are looked up, not stemmed again.
pub struct Words {
    stemmer: Option<Stemmer>,
    vocabulary: Arc<Vocabulary>,
    seen: Memory,
    seen_in_meta: Memory,
}

/// Tokens already read, and what they are found under.
type Memory = HashMap<Box<str>, Arc<[Found]>, foldhash::fast::RandomState>;

/// How many tokens a memory keeps: a page of made-up tokens must not grow it without end.
const REMEMBERED: usize = 200_000;

impl Words {
    /// The word rules of the language `lang` (a code such as `ro` or `pt-BR`).
    pub fn new(lang: &str) -> Self {
        Self {
            stemmer: stemmer(lang),
            vocabulary: vocabulary(lang),
            seen: Memory::default(),
            seen_in_meta: Memory::default(),
        }
    }

    /// The words a token of the text is found under, dotted tails included
    /// (`sysconfig.is_python_build` under `is_python_build`).
    pub fn of_text(&mut self, token: &str) -> Arc<[Found]> {
        if let Some(known) = self.seen.get(token) {
            return known.clone();
        }
        // `Council,` is found under what `council` is: read once for every such form.
        if let Some(plain) = plain_form(token) {
            let found = self.of_text(&plain);
            remember(&mut self.seen, token, &found);
            return found;
        }
        let mut words = indexable(token, self.stemmer.as_ref());
        let tails = dotted_tails(token, self.stemmer.as_ref(), &words);
        words.extend(tails);
        let found: Arc<[Found]> = words.iter().map(|w| self.number(w)).collect();
        remember(&mut self.seen, token, &found);
        found
    }

    /// The words a token of a metadata field (a title, a date) is found under.
    pub fn of_meta(&mut self, token: &str) -> Arc<[Found]> {
        if let Some(known) = self.seen_in_meta.get(token) {
            return known.clone();
        }
        let found: Arc<[Found]> =
            indexable(token, self.stemmer.as_ref()).iter().map(|w| self.number(w)).collect();
        remember(&mut self.seen_in_meta, token, &found);
        found
    }

    fn number(&self, w: &Indexable) -> Found {
        Found {
            word: self.vocabulary.id(&w.stemmed),
            variant: w.original.as_deref().map_or(NONE, |o| self.vocabulary.id(o)),
            compound_part: w.compound_part,
        }
    }
}

/// The lower-case letters of a token that is a word of letters (capitalised at most on its
/// first) with ASCII punctuation before or after it, if it is one and differs from them: by
/// Pagefind's rules such a token is found under exactly what its lower-case letters are
/// (its punctuation splits off nothing, and no dotted tail is left). Not for `#` and `*`,
/// which its emoji rule reads, nor katakana, whose suffixes are words.
fn plain_form(token: &str) -> Option<String> {
    let punctuation = |c: char| c.is_ascii_punctuation() && c != '#' && c != '*';
    let core = token.trim_matches(punctuation);
    let plain = !core.is_empty()
        && core.chars().all(|c| c.is_alphabetic() && !is_katakana(c))
        && !core.chars().skip(1).any(char::is_uppercase);
    // Letter by letter, as the index lowers them (a string's rules differ for a final sigma).
    let lower: String = core.chars().flat_map(char::to_lowercase).collect();
    (plain && lower != token).then_some(lower)
}

fn remember(memory: &mut Memory, token: &str, found: &Arc<[Found]>) {
    if memory.len() >= REMEMBERED {
        memory.clear();
    }
    memory.insert(token.into(), found.clone());
}

/// The words a token is found under: its whole normalized form, then katakana suffixes,
/// compound parts and emoji.
fn indexable(raw: &str, stemmer: Option<&Stemmer>) -> Vec<Indexable> {
    let mut results = Vec::new();
    let normalized = normalize(raw);
    if !normalized.is_empty() {
        results.push(stem(&normalized, stemmer, false));
    }
    for suffix in katakana_suffixes(raw) {
        let folded = fold_diacritics(suffix);
        results.push(Indexable {
            stemmed: folded.as_deref().unwrap_or(suffix).into(),
            original: folded.map(|_| suffix.into()),
            compound_part: true,
        });
    }
    let possibly_compound =
        raw.chars().any(|c| !c.is_alphanumeric()) || raw.chars().skip(1).any(|c| c.is_uppercase());
    if !possibly_compound {
        return results;
    }
    let (parts, emoji) = discrete_words(raw);
    if !normalized.is_empty() && (parts.contains(char::is_whitespace) || !normalized.starts_with(&parts)) {
        for part in parts.split_whitespace().filter(|w| w.len() > 1) {
            let folded = fold_diacritics(part);
            let base = folded.as_deref().unwrap_or(part);
            let stemmed = stemmed(stemmer, base);
            results.push(Indexable { stemmed, original: folded.map(|_| part.into()), compound_part: true });
        }
    }
    results.extend(emoji.into_iter().map(|e| Indexable {
        stemmed: e.into(),
        original: None,
        compound_part: false,
    }));
    results
}

/// The compound tails after each dot of a token, where they are compounds themselves and
/// not already among `existing`.
fn dotted_tails(raw: &str, stemmer: Option<&Stemmer>, existing: &[Indexable]) -> Vec<Indexable> {
    let mut tails: Vec<Indexable> = Vec::new();
    if !raw.contains('.') {
        return tails;
    }
    let mut known: std::collections::HashSet<Arc<str>> = existing.iter().map(|w| w.stemmed.clone()).collect();
    for (i, _) in raw.match_indices('.') {
        let rest = &raw[i + 1..];
        let tail = match rest.char_indices().nth(MAX_DOTTED_TAIL_CHARS) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        let compound =
            tail.chars().any(|c| !c.is_alphanumeric()) || tail.chars().skip(1).any(|c| c.is_uppercase());
        if !compound {
            continue;
        }
        let normalized = normalize(tail);
        if normalized.chars().count() < 2 {
            continue;
        }
        let word = stem(&normalized, stemmer, true);
        // A set beside the list: a token of a hundred thousand dots has as many tails.
        if known.insert(word.stemmed.clone()) {
            tails.push(word);
        }
    }
    tails
}

/// Letters, digits and word symbols, lower-cased.
fn normalize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for mut c in raw.chars() {
        if c.is_alphanumeric() || WORD_SYMBOLS.contains(&c) {
            c.make_ascii_lowercase();
            if c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
    out
}

fn stem(normalized: &str, stemmer: Option<&Stemmer>, compound_part: bool) -> Indexable {
    let folded = fold_diacritics(normalized);
    let base = folded.as_deref().unwrap_or(normalized);
    Indexable { stemmed: stemmed(stemmer, base), original: folded.map(|_| normalized.into()), compound_part }
}

/// The longest word stemmed (in bytes): no word of a language is longer, and the stemmer
/// copies the word at each change it makes (a word of a million letters took 34 s).
const LONGEST_STEMMED: usize = 256;

/// `word` stemmed by `stemmer`, if it has one and the word is not longer than any word.
fn stemmed(stemmer: Option<&Stemmer>, word: &str) -> std::sync::Arc<str> {
    match stemmer {
        Some(stemmer) if word.len() <= LONGEST_STEMMED => stemmer.stem(word).into(),
        _ => word.into(),
    }
}

/// The word without its combining marks (`ședință` → `sedinta`), if that differs; the kana
/// sound marks, which tell words apart, are kept.
pub fn fold_diacritics(word: &str) -> Option<String> {
    if word.is_ascii() || !has_decomposition(word) {
        return None;
    }
    let kana_mark = |c: char| matches!(c, '\u{3099}' | '\u{309A}');
    let stripped: String =
        word.nfd().filter(|&c| !unicode_normalization::char::is_combining_mark(c) || kana_mark(c)).collect();
    let folded = if stripped.chars().any(kana_mark) { stripped.nfc().collect() } else { stripped };
    (folded != word).then_some(folded)
}

fn has_decomposition(word: &str) -> bool {
    word.chars().any(|c| {
        unicode_normalization::char::is_combining_mark(c) || {
            let mut decomposes = false;
            unicode_normalization::char::decompose_canonical(c, |part| decomposes |= part != c);
            decomposes
        }
    })
}

/// A compound's parts, lower-cased and space-separated, and the emoji it holds.
fn discrete_words(raw: &str) -> (String, Vec<String>) {
    let words = raw
        .replace(|c: char| c.is_ascii_punctuation(), " ")
        .to_case(Case::Lower)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let emoji = if EMOJI.is_match(raw) {
        raw.graphemes(true).filter(|g| emojis::get(g).is_some()).map(str::to_string).collect()
    } else {
        Vec::new()
    };
    (words, emoji)
}

fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// Every suffix of a katakana word (no word breaks are known inside one).
fn katakana_suffixes(word: &str) -> Vec<&str> {
    if word.chars().count() < 3 || !word.chars().all(is_katakana) {
        return Vec::new();
    }
    let mut suffixes: Vec<&str> = Vec::new();
    // A set beside the list: a katakana token may be a whole page long.
    let mut seen = std::collections::HashSet::new();
    for (i, _) in word.char_indices().skip(1) {
        let rest = &word[i..];
        let suffix = match rest.char_indices().nth(MAX_KATAKANA_SUFFIX_CHARS) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        if suffix.chars().count() >= 2 && seen.insert(suffix) {
            suffixes.push(suffix);
        }
    }
    suffixes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(token: &str, lang: &str) -> Vec<(String, bool, Option<String>)> {
        let found = Words::new(lang).of_text(token);
        let words = vocabulary(lang).words();
        let text = |id: u32| words[id as usize].to_string();
        found
            .iter()
            .map(|w| (text(w.word), w.compound_part, (w.variant != NONE).then(|| text(w.variant))))
            .collect()
    }

    #[test]
    fn a_compound_is_indexed_whole_and_by_its_parts_whatever_its_spelling() {
        let expected = vec![
            ("threeantelop".to_string(), false, None),
            ("three".to_string(), true, None),
            ("antelop".to_string(), true, None),
        ];
        assert_eq!(stems("ThreeAntelopes", "en"), expected);
        assert_eq!(stems("three-antelopes", "en"), expected);
        assert_eq!(stems("three_antelopes", "en")[1..], expected[1..]);
    }

    #[test]
    fn diacritics_are_folded_and_the_written_form_kept() {
        assert_eq!(stems("ședință", "ro"), vec![("sedint".to_string(), false, Some("ședință".to_string()))]);
        assert_eq!(stems("Seoul,", "en"), vec![("seoul".to_string(), false, None)]);
        assert_eq!(stems("café-crème", "fr")[1], ("caf".to_string(), true, Some("café".to_string())));
        assert!(stems("—", "en").is_empty());
    }

    /// The words of a token by Pagefind's rules, without the memory's shortcut.
    fn read_in_full(token: &str, lang: &str) -> Vec<(String, bool, Option<String>)> {
        let stemmer = stemmer(lang);
        let mut words = indexable(token, stemmer.as_ref());
        let tails = dotted_tails(token, stemmer.as_ref(), &words);
        words.extend(tails);
        words
            .iter()
            .map(|w| (w.stemmed.to_string(), w.compound_part, w.original.as_deref().map(str::to_string)))
            .collect()
    }

    #[test]
    fn a_word_with_punctuation_or_a_capital_is_found_under_what_its_letters_are() {
        let words = ["council", "Council", "ședință", "Ședința", "Ștefan", "x", "EU", "café", "Seoul"];
        let around = ["", ",", ".", ").", "(", "\"", "'", "...", ".,", "[", "—", "#", "*", ".x", "-"];
        let mut shortcuts = 0;
        for word in words {
            for before in around {
                for after in around {
                    let token = format!("{before}{word}{after}");
                    for lang in ["en", "ro"] {
                        // Every token the shortcut takes is found as Pagefind's rules find it.
                        if let Some(plain) = plain_form(&token) {
                            shortcuts += 1;
                            assert_eq!(read_in_full(&plain, lang), read_in_full(&token, lang), "{token}");
                        }
                        assert_eq!(stems(&token, lang), read_in_full(&token, lang), "{token} ({lang})");
                    }
                }
            }
        }
        assert!(shortcuts > 500, "the shortcut is taken ({shortcuts})");
        assert_eq!(plain_form("EU,"), None, "a capital after the first is a compound's");
        assert_eq!(plain_form("#council"), None);
        assert_eq!(plain_form("council"), None, "already plain");
    }

    #[test]
    fn a_language_without_a_stemmer_keeps_its_words_whole() {
        assert!(stemmer("ko").is_none());
        assert_eq!(stems("councils", "ko"), vec![("councils".to_string(), false, None)]);
    }
}
