//! The decision tool's pages as search documents: decide.html holds every question, and each
//! result (decide/<id>.html) is a document of its own.
//!
//! The question pages in decide/ are left out on purpose: a search result leading into the
//! middle of the tree would skip the red-flag questions asked first. A reader who searches for
//! a symptom the tool asks about is sent to its start instead.

use super::{shorten, Document, BODY, HEADING, SNIPPET_CHARS, SUMMARY, TITLE};
use crate::decision::{self, NodeKind, Tree};
use crate::markdown::plain_text;

pub fn documents(tree: &Tree) -> Vec<Document> {
    let mut start = Document {
        href: decision::PAGE.into(),
        title: tree.title.clone(),
        snippet: shorten(plain_text(&tree.intro).trim(), SNIPPET_CHARS),
        text: vec![
            (TITLE, tree.title.clone()),
            (SUMMARY, plain_text(&tree.intro)),
        ],
    };
    let mut outcomes = Vec::new();
    for node in &tree.nodes {
        match &node.kind {
            NodeKind::Question(q) => {
                start.text.push((HEADING, q.text.clone()));
                start.text.extend(q.help.iter().map(|h| (BODY, h.clone())));
                start
                    .text
                    .extend(q.answers.iter().map(|a| (BODY, a.label.clone())));
            }
            NodeKind::Outcome(o) => {
                let body = plain_text(&o.body);
                let mut text = vec![(TITLE, o.title.clone()), (BODY, body.clone())];
                // What leads here ("Trouble controlling when you pee or poo"), so a reader who
                // searches for a sign finds the result it gives.
                text.extend(leading_to(tree, &node.id).map(|label| (SUMMARY, label)));
                outcomes.push(Document {
                    href: decision::node_page(&node.id),
                    title: o.title.clone(),
                    snippet: shorten(body.trim(), SNIPPET_CHARS),
                    text,
                });
            }
        }
    }
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
