//! The synthetic corpus of `tests/common/corpus.rs` (which the benchmark builds too) builds
//! as it is, with the project's themes beside its `site.yaml`, and its graph holds what the
//! generator wrote.

use crate::common;

use assert_cmd::Command;
use common::corpus::{self, Size};
use portal::content::Section;

#[test]
fn the_generated_benchmark_corpus_builds_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    corpus::generate(dir.path(), Size::councils(40));
    corpus::add_themes(dir.path());
    let out = Command::cargo_bin("portal").unwrap().arg("-C").arg(dir.path()).arg("build").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // 40 councils + 50 domains + 100 milestones + home, 3 lists, timeline, open data, follow
    // page per language.
    assert!(stdout.starts_with("Built 394 pages (en 197, ro 197)"), "{stdout}");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("cites no source"),
        "every council and milestone cites one"
    );
    let graph = portal::pipeline::run(dir.path(), &Default::default()).expect("builds in-process too");
    let en = &graph.graph.langs[0];
    assert_eq!(
        (
            en.items(Section::Councils).len(),
            en.items(Section::Domains).len(),
            en.items(Section::Milestones).len()
        ),
        (40, 50, 100)
    );
    let timeline: usize = en.timeline.iter().map(|y| y.entries.len()).sum();
    assert_eq!(timeline, 140);
    assert_cross_links_hold(&graph.graph);
}

/// The relations agree with each other: every council names three domains and each of them
/// lists it back, newest first; prev/next walk the councils in date order; related is mutual.
fn assert_cross_links_hold(graph: &portal::graph::SiteGraph) {
    for lang in &graph.langs {
        let mut backlinks = 0;
        for &c in lang.items(Section::Councils) {
            let links = &graph.links[c];
            assert_eq!(links.domains.len(), 3, "{}", graph.entry(c).path.display());
            for &d in &links.domains {
                assert!(
                    graph.links[d].councils.contains(&c),
                    "{} does not list {}",
                    graph.entry(d).path.display(),
                    graph.entry(c).path.display()
                );
            }
        }
        for &d in lang.items(Section::Domains) {
            let councils = &graph.links[d].councils;
            backlinks += councils.len();
            let dates: Vec<_> = councils.iter().map(|&c| graph.entry(c).date().unwrap()).collect();
            assert!(
                dates.windows(2).all(|w| w[0] >= w[1]),
                "newest first on {}",
                graph.entry(d).path.display()
            );
            for &r in &graph.links[d].related {
                assert!(graph.links[r].related.contains(&d));
            }
        }
        assert_eq!(backlinks, 3 * lang.items(Section::Councils).len());
        let mut walked = vec![lang.items(Section::Councils)[0]];
        while let Some(next) = graph.links[*walked.last().unwrap()].next {
            assert_eq!(graph.links[next].prev, walked.last().copied());
            walked.push(next);
        }
        assert_eq!(walked, lang.items(Section::Councils), "prev/next walk every council in date order");
    }
}

#[test]
fn the_corpus_words_follow_zipf_over_a_vocabulary_of_forty_thousand() {
    for lang in ["en", "ro"] {
        let vocabulary = corpus::Vocabulary::of(lang);
        assert_eq!(vocabulary.len(), 40_000);
        let (first, distinct_small, distinct_large) = vocabulary.sample_stats();
        // The most frequent word is about 1/H(40,000) ≈ 9 % of all words drawn.
        assert!((0.075..0.105).contains(&first), "{lang}: the first word is {first} of the text");
        // Distinct words keep growing with the text, as in real text.
        assert!(
            distinct_small > 3_000 && distinct_large > 2 * distinct_small,
            "{lang}: {distinct_small} → {distinct_large}"
        );
    }
}
