//! The benchmark generator keeps working: a small synthetic guide builds with backguide with no
//! errors or warnings, and has the shape the benchmark relies on. (Benchmarks are not tests:
//! the large runs are `bench/run.sh`.) The generator is the `xtask` workspace member's library,
//! a dev-dependency; `cargo xtask synth N DIR` is its command line.

use std::path::Path;
use std::process::Command;
use xtask::synth;

const N: usize = 30;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_small_synthetic_guide_builds_with_no_errors_or_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let summary = synth::generate(N, dir.path(), repo()).unwrap();
    assert_eq!(summary.topics, N);

    let site = backguide::site::build_site(&dir.path().join("backguide")).unwrap_or_else(|d| {
        let all: Vec<String> = d.errors.iter().map(ToString::to_string).collect();
        panic!("the synthetic guide does not build:\n{}", all.join("\n"))
    });
    assert!(site.warnings.is_empty(), "{:?}", site.warnings);

    // Every topic became a page, with its glossary terms linked and its links rewritten.
    for topic in synth::plan(N).topics {
        let path = topic.path().replace(".md", ".html");
        let html = String::from_utf8(site.files[&path].clone()).unwrap();
        assert!(
            html.contains("class=\"term\""),
            "no glossary term on {path}"
        );
        assert!(
            !html.contains(".md\""),
            "a link was not rewritten on {path}"
        );
    }
}

#[test]
fn topics_have_300_to_800_words_and_links_with_anchors() {
    let guide = synth::plan(N);
    let mut anchored = 0;
    for t in &guide.topics {
        let words = backguide::markdown::plain_text(&t.body)
            .split_whitespace()
            .count();
        assert!((300..=800).contains(&words), "{}: {words} words", t.path());
        assert_eq!(words, t.words, "{}: the generator miscounts", t.path());
        let links = backguide::markdown::analyze(&t.body, 1).links;
        assert!(links.len() >= 2, "{}: {} links", t.path(), links.len());
        anchored += links.iter().filter(|l| l.dest.contains(".md#")).count();
        assert!(!t.related.is_empty(), "{}: no related", t.path());
    }
    assert!(anchored > 0, "no link points at an anchor");
}

#[test]
fn the_same_n_gives_the_same_guide() {
    let a = synth::plan(N);
    let b = synth::plan(N);
    let bodies =
        |g: &synth::Guide| -> Vec<String> { g.topics.iter().map(|t| t.path() + &t.body).collect() };
    assert_eq!(bodies(&a), bodies(&b));
    assert_ne!(bodies(&a), bodies(&synth::plan(N + 1)));
}

/// xtask keeps a copy of backguide's slug rule (so that it need not link backguide): the anchors
/// its links point at are the ids backguide gives the headings, only while the two agree.
#[test]
fn the_generators_slugs_are_backguides() {
    let guide = synth::plan(N);
    let texts = guide
        .topics
        .iter()
        .flat_map(|t| t.headings.iter().copied().chain([t.title.as_str()]))
        .chain(guide.glossary.iter().map(|t| t.term.as_str()))
        .chain([
            "When it's an injury",
            "  Heat & cold: why?  ",
            "48-hour rule_of thumb",
            "!!!",
            "Ärger über Übungen",
        ]);
    for text in texts {
        assert_eq!(
            synth::slugify(text),
            backguide::markdown::slugify(text),
            "{text:?}"
        );
    }
}

/// Hugo and mdBook build their copies too, when installed (they are not needed for `cargo test`).
#[test]
fn hugo_and_mdbook_copies_build_when_the_tools_are_installed() {
    let dir = tempfile::tempdir().unwrap();
    synth::generate(N, dir.path(), repo()).unwrap();
    assert!(dir.path().join("hugo/hugo.toml").is_file());
    assert!(dir.path().join("mdbook/src/SUMMARY.md").is_file());
    let runs: [(&str, &[&str], &str); 2] = [
        ("hugo", &["--quiet", "-d", "../hugo-out"], "hugo"),
        ("mdbook", &["build", "-d", "../mdbook-out"], "mdbook"),
    ];
    for (tool, args, folder) in runs {
        let output = match Command::new(tool)
            .args(args)
            .current_dir(dir.path().join(folder))
            .output()
        {
            Ok(output) => output,
            Err(_) => {
                eprintln!("SKIPPED {tool}: not installed");
                continue;
            }
        };
        assert!(
            output.status.success(),
            "{tool} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    if dir.path().join("hugo-out").exists() {
        let topic = &synth::plan(N).topics[0];
        let page = dir
            .path()
            .join("hugo-out")
            .join(topic.path().replace(".md", ".html"));
        assert!(page.is_file(), "hugo did not write {}", page.display());
    }
}
