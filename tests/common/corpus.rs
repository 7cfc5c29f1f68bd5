//! A synthetic bilingual (en, ro) partnership portal for the tests and the benchmark: N
//! councils, D domains and M milestones per language, the same bytes for the same
//! arguments. Its shape follows the corpus the benchmark has always used: three-section
//! council bodies with emphasis, external links, a list, a table and a quote, `@/` links
//! to another council and a domain, three domains and commitments per council. Its words
//! follow real text: each language draws from a vocabulary of 40,000 words (its most
//! frequent real words first, then made-up words spelled as the language spells) with Zipf
//! frequencies, the word of rank k about 1/k as often as the first, so that the number of
//! distinct words grows with the corpus as it does in real text (a few dozen words repeated
//! flatter an index).
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// The most frequent words of each language, most frequent first: function words, then the
/// portal's own subjects. The rest of the vocabulary is made up after them.
const FREQUENT_EN: &str = "the of and to in a is for on that with as by at from it be are this an will was its \
    or their has have which between under also more both these other";
const FREQUENT_RO: &str = "de și la în a pe cu se că pentru din care un o al ai sub mai este sunt privind prin \
    au fost nu ca lor acest această între după";
/// How many words a language's vocabulary has.
const VOCABULARY: usize = 40_000;
const WORDS_EN: &str = "partnership research semiconductor quantum network council digital standard \
    security cooperation innovation trusted infrastructure exchange forum resilient supply chain platform \
    data skills connectivity cable startup joint agreement";
const WORDS_RO: &str = "parteneriat cercetare semiconductori cuantic rețea consiliu digital standard \
    securitate cooperare inovare încredere infrastructură schimb forum reziliență lanț aprovizionare \
    platformă date competențe conectivitate cablu întreprindere comun acord";
const LANGS: [&str; 2] = ["en", "ro"];

/// How large a corpus to write.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    /// Councils per language.
    pub councils: usize,
    /// Domains per language.
    pub domains: usize,
    /// Milestones per language.
    pub milestones: usize,
    /// Councils (the first ones) with a photo: as the card picture and in the text.
    pub photos: usize,
}

impl Size {
    /// `councils` councils with the benchmark's 50 domains and 100 milestones, no photos.
    pub fn councils(councils: usize) -> Self {
        Self { councils, domains: 50, milestones: 100, photos: 0 }
    }
}

/// Writes a photo-like JPEG of 2400 × 1600 pixels, as an editor exports one: a gradient
/// with grain, so that it compresses as a photo does (about 1 MB), not as a flat drawing.
fn photo(path: &Path, seed: u64) {
    let mut rng = Rng(seed);
    let (w, h) = (2400u32, 1600u32);
    let tint = [rng.below(200) as u32, rng.below(200) as u32, rng.below(200) as u32];
    let mut pixels = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let grain = rng.next();
            for (c, base) in tint.iter().enumerate() {
                let v = base / 2 + (x * 80 / w) + (y * 60 / h) + ((grain >> (c * 8)) & 31) as u32;
                pixels.push(v.min(255) as u8);
            }
        }
    }
    let image = image::RgbImage::from_raw(w, h, pixels).expect("as many pixels as the size says");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    image.save(path).unwrap();
}

/// SplitMix64: small, fast and the same everywhere, which is all a corpus needs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }
}

/// A language's words with their Zipf frequencies: the word of rank k (from 1) is drawn
/// with weight 1/k.
pub struct Vocabulary {
    words: Vec<String>,
    /// Running sums of the weights, for drawing by binary search.
    cumulative: Vec<f64>,
}

impl Vocabulary {
    /// The vocabulary of `lang` (`en` or `ro`), the same every time.
    pub fn of(lang: &str) -> Self {
        let (frequent, subjects) =
            if lang == "en" { (FREQUENT_EN, WORDS_EN) } else { (FREQUENT_RO, WORDS_RO) };
        let mut words: Vec<String> = Vec::with_capacity(VOCABULARY);
        let mut seen = std::collections::HashSet::new();
        for w in frequent.split_whitespace().chain(subjects.split_whitespace()) {
            if seen.insert(w.to_string()) {
                words.push(w.to_string());
            }
        }
        let mut rng = Rng(if lang == "en" { 7 } else { 11 });
        while words.len() < VOCABULARY {
            let w = made_up(&mut rng, lang);
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|k| {
                total += 1.0 / k as f64;
                total
            })
            .collect();
        Self { words, cumulative }
    }

    /// A word, drawn by its frequency.
    fn pick(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let at = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let i = self.cumulative.partition_point(|&c| c < at).min(self.words.len() - 1);
        &self.words[i]
    }

    /// How many words it has.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// For the tests: the share of the first word in 10,000 draws, and the distinct words
    /// in 10,000 and in 100,000 draws.
    pub fn sample_stats(&self) -> (f64, usize, usize) {
        let mut rng = Rng(3);
        let mut seen = std::collections::HashSet::new();
        let (mut first, mut small) = (0, 0);
        for i in 0..100_000 {
            let w = self.pick(&mut rng);
            if i < 10_000 && w == self.words[0] {
                first += 1;
            }
            seen.insert(w.to_string());
            if i == 9_999 {
                small = seen.len();
            }
        }
        (f64::from(first) / 10_000.0, small, seen.len())
    }
}

/// A made-up word of two to four syllables, with the letters of `lang` (Romanian's ă, â,
/// î, ș and ț among them, with the comma below).
fn made_up(rng: &mut Rng, lang: &str) -> String {
    let (onsets, vowels, codas): (&[&str], &[&str], &[&str]) = if lang == "en" {
        (
            &[
                "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st", "tr", "pl",
                "cr", "th", "sh",
            ],
            &["a", "e", "i", "o", "u", "ea", "io", "ou"],
            &["", "", "n", "r", "s", "t", "nt", "st", "ng", "l"],
        )
    } else {
        (
            &[
                "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ș", "ț", "st",
                "tr", "pr", "cr",
            ],
            &["a", "e", "i", "o", "u", "ă", "â", "î", "ea", "ia", "oa"],
            &["", "", "n", "r", "s", "t", "nt", "ț", "ș", "l"],
        )
    };
    let syllables = rng.range(2, 4);
    let mut w = String::new();
    for i in 0..syllables {
        w.push_str(onsets[rng.below(onsets.len())]);
        let v = vowels[rng.below(vowels.len())];
        // Romanian writes â only inside a word, î at its ends.
        w.push_str(match (lang, v, i) {
            ("ro", "â", 0) => "î",
            ("ro", "î", n) if n > 0 => "â",
            _ => v,
        });
        if i + 1 == syllables || rng.below(3) == 0 {
            w.push_str(codas[rng.below(codas.len())]);
        }
    }
    w
}

/// A sentence of `n` words (8–18 when `None`), one in emphasis, sometimes one a link.
fn sentence(rng: &mut Rng, words: &Vocabulary, n: Option<usize>) -> String {
    let n = n.unwrap_or_else(|| rng.range(8, 18));
    let mut ws: Vec<String> = (0..n).map(|_| words.pick(rng).to_string()).collect();
    let mut first = ws[0].chars();
    ws[0] = first.next().map(|c| c.to_uppercase().chain(first).collect()).unwrap_or_default();
    let i = 1 + rng.below(n - 1);
    ws[i] = format!("*{}*", ws[i]);
    if rng.below(10) < 3 {
        let j = 1 + rng.below(n - 1);
        let word = ws[j].trim_matches('*').to_string();
        ws[j] = format!("[{word}](https://example.org/{word})");
    }
    ws.join(" ") + "."
}

/// A sentence with no Markdown in it, for front matter.
fn plain(rng: &mut Rng, words: &Vocabulary, n: usize) -> String {
    let s = sentence(rng, words, Some(n));
    let s = s.split('[').next().unwrap_or_default();
    s.replace(['*', ':'], "").trim_end().to_string()
}

fn paragraph(rng: &mut Rng, words: &Vocabulary) -> String {
    (0..rng.range(3, 6)).map(|_| sentence(rng, words, None)).collect::<Vec<_>>().join(" ")
}

fn body(rng: &mut Rng, words: &Vocabulary, links: &[String]) -> String {
    let mut out = String::new();
    for h in 0..3 {
        let heading = sentence(rng, words, Some(3)).replace('*', "");
        let _ = writeln!(out, "## {}\n", heading.trim_end_matches('.'));
        let _ = writeln!(out, "{}\n", paragraph(rng, words));
        if h == 0 {
            let items: Vec<String> = (0..5).map(|_| format!("- {}", sentence(rng, words, Some(6)))).collect();
            let _ = writeln!(out, "{}\n", items.join("\n"));
        }
        if h == 1 {
            let _ = writeln!(out, "| Area | Action | Year |\n|---|---|---|");
            for _ in 0..4 {
                let (a, b, c) = (words.pick(rng), words.pick(rng), words.pick(rng));
                let _ = writeln!(out, "| {a} | {b} {c} | {} |", 2020 + rng.below(10));
            }
            let _ = writeln!(out, "\n> {}\n", sentence(rng, words, None));
        }
        let _ = writeln!(out, "{}\n", paragraph(rng, words));
    }
    let _ = writeln!(out, "See also {}.", links.join(" and "));
    out
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a file in a folder")).expect("create the folder");
    std::fs::write(path, text).expect("write the file");
}

/// Writes the corpus into `out` (which needs the project's `themes/` beside its `site.yaml`
/// to build).
pub fn generate(out: &Path, size: Size) {
    let mut rng = Rng(42);
    let domains: Vec<String> = (0..size.domains).map(|i| format!("d{i:03}")).collect();
    let councils: Vec<(usize, String, Vec<String>, u64)> = (0..size.councils)
        .map(|i| {
            // Numbered in date order, as councils are: one every three days or so from 1990
            // (10,000 councils reach 2072).
            let day = i * 3 + rng.below(3);
            let (y, m, d) = (1990 + day / 336, 1 + day % 336 / 28, 1 + day % 28);
            let mut picked = Vec::new();
            while picked.len() < 3.min(domains.len()) {
                let d = domains[rng.below(domains.len())].clone();
                if !picked.contains(&d) {
                    picked.push(d);
                }
            }
            (i + 1, format!("{y:04}-{m:02}-{d:02}"), picked, rng.next())
        })
        .collect();
    let milestone_seeds: Vec<u64> = (0..size.milestones).map(|_| rng.next()).collect();
    let content = out.join("content");
    for lang in LANGS {
        let words = Vocabulary::of(lang);
        for (i, d) in domains.iter().enumerate() {
            let mut rng = Rng(i as u64);
            let front = format!("title: Domain {d} {lang}\nsummary: {}", plain(&mut rng, &words, 8));
            let text = format!("---\n{front}\n---\n\n{}\n", paragraph(&mut rng, &words));
            write(&content.join(format!("domains/{d}.{lang}.md")), &text);
        }
        for (number, date, picked, seed) in &councils {
            let mut rng = Rng(*seed);
            let other = (number * 7) % councils.len();
            let links = [
                format!("[a council](@/councils/c{other:05}.md)"),
                format!("[a domain](@/domains/{}.md)", picked[0]),
            ];
            let summary = plain(&mut rng, &words, 10);
            let commitments: String =
                picked.iter().map(|d| format!("  {d}: {}\n", plain(&mut rng, &words, 8))).collect();
            let mut front = format!(
                "title: Council {number} {lang}\ndate: {date}\nlocation: Seoul\nnumber: {number}\nstatus: held\n\
                 domains: [{}]\ncommitments:\n{commitments}summary: {summary}\n\
                 sources:\n  - title: Joint statement {number}\n    language: en",
                picked.join(", ")
            );
            let mut text = body(&mut rng, &words, &links);
            if *number <= size.photos {
                front.push_str(&format!("\nimage: photo.jpg\nimage_alt: Photo {number} {lang}"));
                text = format!("![Photo {number} {lang}, in the text.](photo.jpg)\n\n{text}");
                let file = content.join(format!("councils/c{:05}/photo.jpg", number - 1));
                if !file.exists() {
                    photo(&file, *seed);
                }
            }
            let text = format!("---\n{front}\n---\n\n{text}");
            write(&content.join(format!("councils/c{:05}.{lang}.md", number - 1)), &text);
        }
        for (i, seed) in milestone_seeds.iter().enumerate() {
            let mut rng = Rng(*seed);
            let date = format!("{:04}-{:02}-{:02}", 1990 + i % 35, 1 + i % 12, 1 + i % 28);
            let front = format!(
                "title: Milestone m{i:04} {lang}\ndate: {date}\nsummary: {}\n\
                 sources:\n  - title: Statement m{i:04}\n    language: en",
                plain(&mut rng, &words, 8)
            );
            let text = format!("---\n{front}\n---\n\n{}\n", paragraph(&mut rng, &words));
            write(&content.join(format!("milestones/m{i:04}.{lang}.md")), &text);
        }
        for section in ["", "councils/", "domains/", "milestones/"] {
            let name = if section.is_empty() { "home" } else { section };
            write(
                &content.join(format!("{section}_index.{lang}.md")),
                &format!("---\ntitle: Index {name} {lang}\n---\n\nIntro.\n"),
            );
        }
    }
    write(&out.join("site.yaml"), SITE_YAML);
}

const SITE_YAML: &str = "title:
  en: Synthetic partnership portal
  ro: Portal sintetic al parteneriatului
description:
  en: A generated site for benchmarks.
  ro: Un site generat pentru măsurători.
base_url: https://example.org/portal/
default_language: en
languages:
  - code: en
    name: English
  - code: ro
    name: Română
theme: partnership
";

/// Copies the project's `themes/` beside the corpus's `site.yaml`.
pub fn add_themes(out: &Path) {
    let themes = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
    for entry in walkdir::WalkDir::new(&themes) {
        let entry = entry.expect("the themes folder is readable");
        let target = out.join("themes").join(entry.path().strip_prefix(&themes).expect("inside themes"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create a folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}
