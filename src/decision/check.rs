//! The rules every decision tree keeps, checked on every build so that no edit can make it unsafe.
//!
//! Each error names decision.yaml, the line, and the node.

use super::graph;
use super::model::{Tier, Tree};
use crate::content::{Lines, Sign};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::links::LinkIndex;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Check `tree`; links in outcomes are resolved against `index`.
pub fn check(tree: &Tree, index: &LinkIndex) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut refs_ok = true;
    let err = |line: usize, message: String| Diagnostic::at(&tree.file, line, message);

    vocabulary(tree, &mut diags);

    match tree.node(&tree.start) {
        None => {
            refs_ok = false;
            diags.error(err(
                tree.start_line,
                format!(
                    "start `{}` is not a node; known nodes: {}",
                    tree.start,
                    known(tree)
                ),
            ));
        }
        Some(n) if n.question().is_none() => diags.error(err(
            tree.start_line,
            format!(
                "start `{}` is an outcome; the tree must start with a question",
                tree.start
            ),
        )),
        Some(_) => {}
    }

    let mut used_findings = BTreeSet::new();
    for node in &tree.nodes {
        match (node.question(), node.outcome()) {
            (Some(q), _) => {
                if q.answers.len() < 2 {
                    diags.error(err(
                        node.line,
                        format!(
                            "node `{}`: a question needs at least two answers; it has {}",
                            node.id,
                            q.answers.len()
                        ),
                    ));
                }
                let mut labels = BTreeSet::new();
                for a in &q.answers {
                    if !labels.insert(a.label.as_str()) {
                        diags.error(err(
                            a.line,
                            format!(
                                "node `{}`: the answer \"{}\" is written twice",
                                node.id, a.label
                            ),
                        ));
                    }
                    if tree.node(&a.next).is_none() {
                        refs_ok = false;
                        diags.error(err(
                            a.line,
                            format!(
                                "node `{}`: answer \"{}\" leads to `{}`, which is not a node; known nodes: {}",
                                node.id, a.label, a.next, known(tree)
                            ),
                        ));
                    }
                    for f in &a.findings {
                        used_findings.insert(f.as_str());
                        if tree.finding(f).is_none() {
                            diags.error(err(
                                a.line,
                                format!(
                                    "node `{}`: answer \"{}\" asserts `{f}`, which is not in `findings`; known findings: {}",
                                    node.id,
                                    a.label,
                                    tree.findings.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(", ")
                                ),
                            ));
                        }
                    }
                }
            }
            (_, Some(o)) => {
                let line = node.line;
                if o.links.is_empty() {
                    diags.error(err(
                        line,
                        format!("node `{}`: an outcome needs at least one link into the guide in `links`, such as my-section/my-topic.html", node.id),
                    ));
                }
                for link in &o.links {
                    if let Err(reason) = index.resolve_output(&link.path) {
                        diags.error(err(
                            link.line,
                            format!("node `{}`: broken link `{}`: {reason}", node.id, link.path),
                        ));
                    }
                }
                let body = crate::markdown::analyze(&o.body, o.body_line);
                let raw = body
                    .raw_html_links
                    .iter()
                    .map(|&line| crate::markdown::Link {
                        dest: "(an HTML link)".into(),
                        line,
                        image: false,
                    });
                for l in body.links.iter().cloned().chain(raw) {
                    diags.error(err(
                        l.line,
                        format!("node `{}`: link `{}` in `body`: list links in `links` instead, so they are checked and shown the same way on every page", node.id, l.dest),
                    ));
                }
            }
            _ => {}
        }
    }
    for f in &tree.findings {
        if !used_findings.contains(f.id.as_str()) {
            diags.warn(err(
                f.line,
                format!("finding `{}` is never asserted by an answer", f.id),
            ));
        }
    }

    let live = graph::reachable(tree);
    for node in &tree.nodes {
        if !live.contains(node.id.as_str()) && tree.node(&tree.start).is_some() {
            diags.error(err(
                node.line,
                format!(
                    "node `{}` is unreachable: no answer on a path from start `{}` leads to it",
                    node.id, tree.start
                ),
            ));
        }
    }

    red_flags_lead_to_emergency(tree, &mut diags);
    red_flags_on_the_start_question(tree, &mut diags);

    let cycles = graph::cycles(tree);
    for cycle in &cycles {
        let first = tree.node(&cycle[0]).map_or(1, |n| n.line);
        diags.error(err(
            first,
            format!(
                "node `{}` is part of a cycle: {}; every answer must move on towards an outcome",
                cycle[0],
                cycle.join(" → ")
            ),
        ));
    }
    // The path rules assume every path ends; with a cycle or an unknown node they would only
    // repeat the errors above.
    if cycles.is_empty() && refs_ok {
        red_flags_first(tree, &mut diags);
        unsure_never_lowers(tree, &mut diags);
    }
    diags.sort();
    diags
}

fn known(tree: &Tree) -> String {
    tree.nodes
        .iter()
        .map(|n| n.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The tree declares its own findings; the safety rules read `red_flag` and the tiers, never
/// fixed ids. A triage tree with no red flag at all would never send anyone to emergency help.
fn vocabulary(tree: &Tree, diags: &mut Diagnostics) {
    if !tree.findings.iter().any(|f| f.red_flag) {
        diags.error(
            Diagnostic::at(
                &tree.file,
                tree.findings_line,
                "no finding is marked `red_flag: true`: a decision tree must name the signs that need emergency help",
            )
            .with_help("mark each emergency sign's finding `red_flag: true`, and list it as an answer of the start question"),
        );
    }
}

/// A red flag always means emergency: an answer asserting one leads straight to an emergency
/// outcome.
fn red_flags_lead_to_emergency(tree: &Tree, diags: &mut Diagnostics) {
    for node in &tree.nodes {
        for a in node.answers() {
            let Some(flag) = tree.red_flags_of(a).next() else {
                continue;
            };
            let Some(next) = tree.node(&a.next) else {
                continue; // reported as an unknown node
            };
            let tier = next.outcome().map(|o| o.tier);
            if tier != Some(Tier::Emergency) {
                diags.error(Diagnostic::at(
                    &tree.file,
                    a.line,
                    format!(
                        "node `{}`: answer \"{}\" asserts the red flag `{flag}`, so it must lead straight to an emergency outcome, not to `{}` ({})",
                        node.id,
                        a.label,
                        next.id,
                        match tier {
                            Some(t) => format!("a {} outcome", t.name()),
                            None => "a question".to_string(),
                        }
                    ),
                ));
            }
        }
    }
}

/// One tap to "call now": every red flag has an answer of its own on the start question (the
/// rule above then makes that answer lead straight to an emergency outcome). A red flag asked
/// only further in could be missed by a reader who stops at the first screen.
fn red_flags_on_the_start_question(tree: &Tree, diags: &mut Diagnostics) {
    let Some(start) = tree.node(&tree.start).and_then(|n| n.question()) else {
        return; // reported with the start
    };
    let asked: BTreeSet<&str> = start
        .answers
        .iter()
        .flat_map(|a| tree.red_flags_of(a))
        .collect();
    for f in tree.findings.iter().filter(|f| f.red_flag) {
        if !asked.contains(f.id.as_str()) {
            diags.error(Diagnostic::at(
                &tree.file,
                f.line,
                format!(
                    "finding `{}` is a red flag, but no answer of the start question `{}` asserts it; give it an answer of its own there, leading to an emergency outcome, so that one tap reaches \"call now\"",
                    f.id, tree.start
                ),
            ));
        }
    }
}

/// Red flags first: on every path, each question with a red-flag answer comes before every
/// question without one. Searches (node, first red-flag-free question seen) states.
fn red_flags_first(tree: &Tree, diags: &mut Diagnostics) {
    let mut seen: BTreeSet<(&str, Option<&str>)> = BTreeSet::new();
    let mut reported = BTreeSet::new();
    let mut queue = VecDeque::from([(tree.start.as_str(), None::<&str>)]);
    while let Some((id, plain)) = queue.pop_front() {
        if !seen.insert((id, plain)) {
            continue;
        }
        let Some(node) = tree.node(id) else { continue };
        let Some(q) = node.question() else { continue };
        let asks = tree.asks_red_flag(q);
        if asks {
            if let Some(before) = plain {
                if reported.insert(id) {
                    diags.error(Diagnostic::at(
                        &tree.file,
                        node.line,
                        format!(
                            "node `{id}` asks about a red flag, but a path reaches it after `{before}`, which asks about none; red-flag questions must come first on every path"
                        ),
                    ));
                }
            }
        }
        let plain = if asks { plain } else { plain.or(Some(id)) };
        for a in &q.answers {
            queue.push_back((a.next.as_str(), plain));
        }
    }
}

/// Unsure never lowers urgency: every outcome a "Not sure" answer can lead to is at least as
/// urgent as every outcome the other answers to the same question can lead to.
fn unsure_never_lowers(tree: &Tree, diags: &mut Diagnostics) {
    let ranges: BTreeMap<&str, (Tier, Tier)> = graph::tier_ranges(tree);
    for node in &tree.nodes {
        let answers = node.answers();
        let highest_other = answers
            .iter()
            .filter(|a| !a.unsure)
            .filter_map(|a| ranges.get(a.next.as_str()).map(|r| r.1))
            .max();
        let Some(highest) = highest_other else {
            continue;
        };
        for a in answers.iter().filter(|a| a.unsure) {
            let Some(&(lowest, _)) = ranges.get(a.next.as_str()) else {
                continue;
            };
            if lowest < highest {
                diags.error(Diagnostic::at(
                    &tree.file,
                    a.line,
                    format!(
                        "node `{}`: the unsure answer \"{}\" can lead to a {} outcome, but another answer can lead to {}; an unsure answer must never lower urgency",
                        node.id, a.label, lowest.name(), highest.name()
                    ),
                ));
            }
        }
    }
}

/// The emergency box on every page (guide.yaml `emergency.signs`) and the tree's red flags are one
/// list: each sign's id is a red-flag finding, and each red flag has a sign, so that no page
/// leaves out a sign the decision page calls an emergency, or the reverse.
pub fn agrees_with_emergency_box(tree: &Tree, signs: &[Sign], guide: &Lines) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let red: Vec<&str> = tree
        .findings
        .iter()
        .filter(|f| f.red_flag)
        .map(|f| f.id.as_str())
        .collect();
    for sign in signs {
        if !red.contains(&sign.id.as_str()) {
            diags.error(Diagnostic::at(
                &guide.file,
                guide.of_pair("id", &sign.id).first().copied().unwrap_or_else(|| guide.of("signs")),
                format!(
                    "emergency sign `{}` is not a red flag of {}; its red flags are {}. Use one of these ids, or add the finding there with `red_flag: true`",
                    sign.id,
                    tree.file,
                    red.join(", ")
                ),
            ));
        }
    }
    for f in tree.findings.iter().filter(|f| f.red_flag) {
        if !signs.iter().any(|s| s.id == f.id) {
            diags.error(Diagnostic::at(
                &tree.file,
                f.line,
                format!(
                    "red flag `{}` is not in {}'s emergency.signs, so the emergency box on every page leaves it out; add `- id: {}` there with its words",
                    f.id, guide.file, f.id
                ),
            ));
        }
    }
    diags
}
