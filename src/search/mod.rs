//! The search index, written at build time as `search-index.js` (`window.BACKGUIDE_SEARCH = …`)
//! so search works from `file://`, where a browser will not `fetch` a file. static/search.js
//! loads it on first use by adding a `<script>` element.
//!
//! To stay small (the real guide's index is well under 50 KB) the index holds terms with page
//! numbers and scores, not the pages' text; a result shows the page's title and its summary.
//!
//! Format: `{"stop": [stop words], "pages": [[href, title, snippet], …],
//! "terms": {term: [page, score, page, score, …], …}}`, keys sorted, so builds are identical.

mod tokens;

pub use tokens::{stem, terms, STOP_WORDS};

use crate::content::{Content, Page, TopicKind};
use crate::markdown::plain_text;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Where a word was found, and how much that counts. A word in a title says more about a page
/// than the same word in passing.
const TITLE: u32 = 10;
const KEYWORD: u32 = 10;
const HEADING: u32 = 5;
const SUMMARY: u32 = 4;
const BODY: u32 = 1;
/// Repeats in the body stop counting here, so a long page does not drown a short one.
const MAX_SCORE: u32 = 40;
/// Glossary definitions are cut to this many characters for the snippet.
const SNIPPET_CHARS: usize = 110;

/// One searchable page (or glossary entry) and its text, by weight.
#[derive(Debug, Clone)]
pub struct Document {
    /// Site-root-relative, e.g. `causes/doms.html` or `glossary.html#sciatica`.
    pub href: String,
    pub title: String,
    pub snippet: String,
    pub text: Vec<(u32, String)>,
}

/// Every searchable document of the guide, in reading order.
pub fn documents(content: &Content) -> Vec<Document> {
    let g = &content.guide;
    let mut docs = vec![Document {
        href: "index.html".into(),
        title: g.title.clone(),
        snippet: g.description.clone(),
        text: vec![
            (TITLE, g.title.clone()),
            (SUMMARY, g.description.clone()),
            (BODY, plain_text(&g.intro)),
        ],
    }];
    for section in &content.sections {
        let s = &section.settings;
        docs.push(Document {
            href: format!("{}/index.html", section.slug),
            title: s.title.clone(),
            snippet: s.summary.clone(),
            text: vec![
                (TITLE, s.title.clone()),
                (SUMMARY, s.summary.clone()),
                (BODY, plain_text(&s.intro)),
            ],
        });
        docs.extend(section.topics.iter().map(page_document));
    }
    docs.push(page_document(&content.about));
    for entry in &content.glossary {
        let names = std::iter::once(entry.term.clone())
            .chain(entry.aliases.iter().cloned())
            .collect::<Vec<_>>()
            .join(", ");
        docs.push(Document {
            href: format!("glossary.html#{}", entry.id),
            title: format!("{} (glossary)", names),
            snippet: shorten(&entry.definition, SNIPPET_CHARS),
            // Weighted like body text, so a page about a word ranks above its definition.
            text: vec![(BODY, names), (BODY, entry.definition.clone())],
        });
    }
    let source_titles: Vec<String> = content.sources.iter().map(|s| s.title.clone()).collect();
    docs.push(Document {
        href: "sources.html".into(),
        title: "Where this information comes from".into(),
        snippet: "The sources this guide is based on.".into(),
        text: vec![(TITLE, "sources".into()), (BODY, source_titles.join("\n"))],
    });
    docs
}

fn page_document(page: &Page) -> Document {
    let f = &page.fields;
    let mut text = vec![
        (TITLE, f.title.clone()),
        (SUMMARY, f.summary.clone()),
        (BODY, plain_text(&page.body)),
    ];
    text.extend(f.keywords.iter().map(|k| (KEYWORD, k.clone())));
    text.extend(
        page.analysis
            .headings
            .iter()
            .map(|h| (HEADING, h.text.clone())),
    );
    let extra: Vec<&String> = match &f.kind {
        TopicKind::Cause { feels_like, .. } => feels_like.iter().collect(),
        TopicKind::SorenessOrInjury { soreness, injury } => vec![soreness, injury],
        TopicKind::WarningSign { signs, .. } => signs.iter().collect(),
        _ => Vec::new(),
    };
    text.extend(extra.into_iter().map(|t| (SUMMARY, t.clone())));
    Document {
        href: page.output_path(),
        title: f.title.clone(),
        snippet: f.summary.clone(),
        text,
    }
}

/// Cut `text` at a word boundary to at most `max` characters, adding an ellipsis if cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([',', '.', ';', ':']))
}

#[derive(Serialize)]
struct Index<'a> {
    stop: &'a [&'a str],
    pages: Vec<(String, &'a str, &'a str)>,
    terms: &'a BTreeMap<String, Vec<u32>>,
}

/// Each term of the documents with its pages and scores, `[page, score, page, score, …]`:
/// the costly part of the index, worked out once for search-index.js and the single file.
#[derive(Debug, Clone, Default)]
pub struct Terms(BTreeMap<String, Vec<u32>>);

/// The index as JSON. `href` maps each document's href to the one the results should link to
/// (unchanged for the site; an in-page anchor for the single-file guide).
pub fn index_json(docs: &[Document], terms: &Terms, href: impl Fn(&str) -> String) -> String {
    let index = Index {
        stop: STOP_WORDS,
        pages: docs
            .iter()
            .map(|d| (href(&d.href), d.title.as_str(), d.snippet.as_str()))
            .collect(),
        terms: &terms.0,
    };
    serde_json::to_string(&index).expect("the index serialises")
}

/// The terms of `docs`, scored by where each word is.
pub fn terms_of(docs: &[Document]) -> Terms {
    // Each page's scores, on every core. Capping a sum of positive weights once at the end
    // gives the same score as capping after each word.
    let pages: Vec<HashMap<String, u32>> = docs
        .par_iter()
        .map(|doc| {
            let mut scores: HashMap<String, u32> = HashMap::new();
            for (weight, text) in &doc.text {
                for term in terms(text) {
                    let score = match scores.get_mut(&term) {
                        Some(score) => score,
                        None => scores.entry(term).or_default(),
                    };
                    *score = (*score + weight).min(MAX_SCORE);
                }
            }
            scores
        })
        .collect();
    // Then each term's [page, score, page, score, …], in page order.
    let mut all: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, scores) in pages.into_iter().enumerate() {
        let page = u32::try_from(i).expect("fewer than 4 billion pages");
        for (term, score) in scores {
            all.entry(term).or_default().extend([page, score]);
        }
    }
    Terms(all.into_iter().collect())
}

/// `search-index.js`: the index as a script that sets `window.BACKGUIDE_SEARCH`. The JSON is
/// made safe to sit inside a `<script>` element too, for the single-file guide.
pub fn index_js(docs: &[Document], terms: &Terms, href: impl Fn(&str) -> String) -> String {
    let json = crate::publish::jsonld::script_safe(&index_json(docs, terms, href));
    format!("window.BACKGUIDE_SEARCH={json};\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(href: &str, text: &[(u32, &str)]) -> Document {
        Document {
            href: href.into(),
            title: href.into(),
            snippet: String::new(),
            text: text.iter().map(|(w, t)| (*w, t.to_string())).collect(),
        }
    }

    #[test]
    fn scores_by_where_a_word_is_and_caps_repeats() {
        let docs = [
            doc("a.html", &[(TITLE, "Deadlift form"), (BODY, "form form")]),
            doc("b.html", &[(BODY, &"deadlifts ".repeat(100))]),
        ];
        let v: serde_json::Value =
            serde_json::from_str(&index_json(&docs, &terms_of(&docs), str::to_string)).unwrap();
        assert_eq!(v["terms"]["deadlift"], serde_json::json!([0, 10, 1, 40]));
        assert_eq!(v["terms"]["form"], serde_json::json!([0, 12]));
        assert_eq!(v["pages"][1][0], "b.html");
    }

    #[test]
    fn hrefs_can_be_mapped_and_the_script_cannot_be_closed() {
        let docs = [doc("a.html", &[(TITLE, "x </script> y")])];
        let js = index_js(&docs, &terms_of(&docs), |h| format!("#{h}"));
        assert!(js.starts_with("window.BACKGUIDE_SEARCH={"), "{js}");
        assert!(!js.contains("</"), "{js}");
        assert!(js.contains("\"#a.html\""), "{js}");
    }

    #[test]
    fn snippets_are_cut_at_a_word() {
        assert_eq!(shorten("one two three", 9), "one two…");
        assert_eq!(shorten("short", 9), "short");
    }
}
