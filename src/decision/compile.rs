//! Compiling the checked tree to `decision.json` (version 1, a documented public interface) and
//! to the data embedded in decide.html for its script.

use super::model::{NodeKind, Tier, Tree};
use crate::markdown::{self, RenderOptions};
use serde::Serialize;
use std::collections::BTreeMap;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Json<'a> {
    version: u32,
    start: &'a str,
    findings: BTreeMap<&'a str, FindingJson<'a>>,
    nodes: BTreeMap<&'a str, NodeJson<'a>>,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    label: &'a str,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum NodeJson<'a> {
    Question {
        text: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        help: Option<&'a str>,
        answers: Vec<AnswerJson<'a>>,
    },
    Outcome {
        tier: Tier,
        title: &'a str,
        body_html: String,
        links: Vec<&'a str>,
    },
}

#[derive(Serialize)]
struct AnswerJson<'a> {
    label: &'a str,
    findings: &'a [String],
    next: &'a str,
}

fn public(tree: &Tree) -> Json<'_> {
    let nodes = tree
        .nodes
        .iter()
        .map(|node| {
            let json = match &node.kind {
                NodeKind::Question(q) => NodeJson::Question {
                    text: &q.text,
                    help: q.help.as_deref(),
                    answers: q
                        .answers
                        .iter()
                        .map(|a| AnswerJson {
                            label: &a.label,
                            findings: &a.findings,
                            next: &a.next,
                        })
                        .collect(),
                },
                NodeKind::Outcome(o) => NodeJson::Outcome {
                    tier: o.tier,
                    title: &o.title,
                    body_html: body_html(&o.body),
                    links: o.links.iter().map(|l| l.path.as_str()).collect(),
                },
            };
            (node.id.as_str(), json)
        })
        .collect();
    Json {
        version: VERSION,
        start: &tree.start,
        findings: tree
            .findings
            .iter()
            .map(|f| (f.id.as_str(), FindingJson { label: &f.label }))
            .collect(),
        nodes,
    }
}

/// The copy decide.js runs on: the questions' words and where answers lead, but not the
/// outcomes' words, which decide.html holds in `<template>`s. Not a public interface: its keys
/// are one letter to keep decide.html light (see `PageNode` and `PageAnswer`).
#[derive(Serialize)]
struct PageData<'a> {
    start: &'a str,
    /// Each finding's label, for "Why this result". Answers name a finding by its place in
    /// this list: the ids are the author's words, and decide.html need not carry them.
    findings: Vec<&'a str>,
    /// The findings (places in `findings`) that need help today, listed on less urgent results.
    urgent: Vec<usize>,
    nodes: BTreeMap<&'a str, PageNode<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum PageNode<'a> {
    Question {
        #[serde(rename = "t")]
        text: &'a str,
        #[serde(rename = "h", skip_serializing_if = "str::is_empty")]
        help: &'a str,
        /// The most questions that can follow this one, for "Question 2 of up to 9".
        #[serde(rename = "r")]
        remaining: usize,
        #[serde(rename = "a")]
        answers: Vec<PageAnswer<'a>>,
    },
    Outcome {
        tier: Tier,
    },
}

#[derive(Serialize)]
struct PageAnswer<'a> {
    #[serde(rename = "l")]
    label: &'a str,
    #[serde(rename = "n")]
    next: &'a str,
    #[serde(rename = "f", skip_serializing_if = "Vec::is_empty")]
    findings: Vec<usize>,
    #[serde(rename = "u", skip_serializing_if = "std::ops::Not::not")]
    unsure: bool,
}

fn page(tree: &Tree) -> PageData<'_> {
    let progress = super::graph::progress(tree);
    let live = super::graph::reachable(tree);
    let place: BTreeMap<&str, usize> = (tree.findings.iter().enumerate())
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    PageData {
        start: &tree.start,
        findings: tree.findings.iter().map(|f| f.label.as_str()).collect(),
        urgent: super::graph::urgent_findings(tree)
            .into_iter()
            .filter_map(|f| place.get(f).copied())
            .collect(),
        nodes: tree
            .nodes
            .iter()
            .filter(|n| live.contains(n.id.as_str()))
            .map(|node| {
                let data = match &node.kind {
                    NodeKind::Question(q) => PageNode::Question {
                        text: &q.text,
                        help: q.help.as_deref().unwrap_or(""),
                        remaining: progress.get(node.id.as_str()).map_or(0, |p| p.1),
                        answers: q
                            .answers
                            .iter()
                            .map(|a| PageAnswer {
                                label: &a.label,
                                next: &a.next,
                                // Every finding an answer names is declared: the checks say so.
                                findings: (a.findings.iter())
                                    .filter_map(|f| place.get(f.as_str()).copied())
                                    .collect(),
                                unsure: a.unsure,
                            })
                            .collect(),
                    },
                    NodeKind::Outcome(o) => PageNode::Outcome { tier: o.tier },
                };
                (node.id.as_str(), data)
            })
            .collect(),
    }
}

/// decision.json: pretty-printed, keys sorted, ending in a newline.
pub fn public_json(tree: &Tree) -> String {
    let mut json =
        serde_json::to_string_pretty(&public(tree)).expect("plain data always serialises");
    json.push('\n');
    json
}

/// The copy for `<script type="application/json">`, with `<`, `>` and `&` escaped so that no
/// text in it can close the script element.
pub fn page_json(tree: &Tree) -> String {
    let json = serde_json::to_string(&page(tree)).expect("plain data always serialises");
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// An outcome's Markdown body as HTML. Bodies hold no links (the checks refuse them), so the
/// HTML is the same on every page and in decision.json.
pub fn body_html(body: &str) -> String {
    let analysis = markdown::analyze(body, 1);
    let keep = |_: &str| None;
    markdown::render(
        body,
        &RenderOptions {
            headings: &analysis.headings,
            resolve_link: &keep,
            terms: None,
        },
    )
}
