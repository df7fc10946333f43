//! Every fact of the source article is in the built guide: for each entry of tests/facts.yaml,
//! the main content of its page contains every one of its words.

use crate::common;

use common::linkcheck::visible_text;
use serde::Deserialize;
use std::fs;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fact {
    fact: String,
    /// The output page, e.g. `causes/doms.html`.
    page: String,
    words: Vec<String>,
}

fn facts() -> Vec<Fact> {
    let path = common::repo_root().join("tests/facts.yaml");
    let text = fs::read_to_string(&path).expect("read tests/facts.yaml");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("tests/facts.yaml: {e}"))
}

/// What a reader of the page's own content sees: the text of `<main>`, lowercased, with
/// whitespace collapsed. The header, emergency box and footer repeat on every page, so a fact
/// found only there would not be a fact of this page.
fn main_text(html: &str) -> String {
    let start = html.find("<main").expect("a <main> element");
    let end = html[start..]
        .find("</main>")
        .map_or(html.len(), |e| start + e);
    // visible_text reads from <body> when there is one; the slice has none.
    visible_text(&html[start..end]).to_lowercase()
}

#[test]
fn facts_file_is_well_formed() {
    let facts = facts();
    assert!(facts.len() >= 20, "only {} facts", facts.len());
    for f in &facts {
        assert!(!f.fact.trim().is_empty(), "an entry has no fact");
        assert!(
            f.page.ends_with(".html") && !f.page.starts_with('/'),
            "{}: page `{}` must be an output path such as causes/doms.html",
            f.fact,
            f.page
        );
        assert!(!f.words.is_empty(), "{}: no words to look for", f.fact);
    }
}

#[test]
fn every_fact_is_on_its_page() {
    let (_guard, site) = common::build_real_guide();
    let mut missing = Vec::new();
    for f in facts() {
        let Ok(html) = fs::read_to_string(site.join(&f.page)) else {
            missing.push(format!("{}: no page {}", f.fact, f.page));
            continue;
        };
        let text = main_text(&html);
        let absent: Vec<&str> = f
            .words
            .iter()
            .map(String::as_str)
            .filter(|w| !text.contains(&w.to_lowercase()))
            .collect();
        if !absent.is_empty() {
            missing.push(format!("{} ({}): missing {:?}", f.fact, f.page, absent));
        }
    }
    assert!(
        missing.is_empty(),
        "{} facts are not on their page:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn main_text_sees_only_main_and_decodes_entities() {
    let html = "<body><nav>Skip me</nav><main id=\"main\"><h1>Rest &amp; Ice</h1>\n<p>Two\n  \
                days&#39; rest</p></main><footer>Not me</footer></body>";
    assert_eq!(main_text(html), "rest & ice two days' rest");
}
