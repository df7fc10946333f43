//! The decision tool's pages as search documents: decide.html holds every question, and each
//! result (decide/<id>.html) is a document of its own.
//!
//! The question pages in decide/ are left out on purpose: a search result leading into the
//! middle of the tree would skip the red-flag questions asked first. A reader who searches for
//! a symptom the tool asks about is sent to its start instead.

use super::{shorten, Document, BODY, HEADING, SNIPPET_CHARS, SUMMARY, TITLE};
use crate::decision::Tree;
use crate::markdown::plain_text;
use crate::pages::{Kind, Pages};

/// The documents of the tree's pages in `pages` (the page table, which gives each its href and
/// title): decide.html, with every question's words, then each result in the table's order.
pub fn documents(tree: &Tree, pages: &Pages) -> Vec<Document> {
    let Some(decide) = pages.find(Kind::Decide) else {
        return Vec::new();
    };
    let mut start = Document {
        href: decide.output.clone(),
        title: decide.title.clone(),
        snippet: shorten(plain_text(&tree.intro).trim(), SNIPPET_CHARS),
        text: vec![
            (TITLE, tree.title.clone()),
            (SUMMARY, plain_text(&tree.intro)),
        ],
    };
    for q in tree.nodes.iter().filter_map(|n| n.question()) {
        start.text.push((HEADING, q.text.clone()));
        start.text.extend(q.help.iter().map(|h| (BODY, h.clone())));
        start
            .text
            .extend(q.answers.iter().map(|a| (BODY, a.label.clone())));
    }
    let outcomes = pages.iter().filter_map(|page| {
        let Kind::DecisionNode(i) = page.kind else {
            return None;
        };
        let node = tree.nodes.get(i)?;
        let o = node.outcome()?;
        let body = plain_text(&o.body);
        let mut text = vec![(TITLE, o.title.clone()), (BODY, body.clone())];
        // What leads here ("Trouble controlling when you pee or poo"), so a reader who
        // searches for a sign finds the result it gives.
        text.extend(leading_to(tree, &node.id).map(|label| (SUMMARY, label)));
        Some(Document {
            href: page.output.clone(),
            title: page.title.clone(),
            snippet: shorten(body.trim(), SNIPPET_CHARS),
            text,
        })
    });
    std::iter::once(start).chain(outcomes).collect()
}

/// The labels of the findings asserted by answers that lead straight to `id`, each once.
fn leading_to<'a>(tree: &'a Tree, id: &'a str) -> impl Iterator<Item = String> + 'a {
    let mut seen = std::collections::BTreeSet::new();
    tree.nodes
        .iter()
        .flat_map(|n| n.answers())
        .filter(move |a| a.next == id)
        .flat_map(|a| a.findings.iter())
        .filter_map(|f| tree.finding(f))
        .filter(move |f| seen.insert(f.id.as_str()))
        .map(|f| f.label.clone())
}
