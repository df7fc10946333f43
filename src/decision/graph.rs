//! Walking the tree: following answers, listing every path, and what can be reached from a node.
//!
//! The checks use these to prove the rules; the pages use them for progress and the flowchart;
//! the tests use `walk` and `paths` to compare the browser with the model.

use super::model::{Tier, Tree};
use std::collections::{BTreeMap, BTreeSet};

/// One step of a path: at question `node`, the reader chose answer number `answer` (from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub node: String,
    pub answer: usize,
}

/// Follow `answers` (answer indexes, from 0) from the start. Returns the id of the node reached:
/// an outcome when the answers complete a path, otherwise the next question.
pub fn walk<'a>(tree: &'a Tree, answers: &[usize]) -> Result<&'a str, String> {
    let mut at = tree.start.as_str();
    for (i, &n) in answers.iter().enumerate() {
        let node = tree
            .node(at)
            .ok_or_else(|| format!("step {}: no node `{at}`", i + 1))?;
        let question = node
            .question()
            .ok_or_else(|| format!("step {}: `{at}` is an outcome, not a question", i + 1))?;
        let answer = question.answers.get(n).ok_or_else(|| {
            format!(
                "step {}: `{at}` has {} answers, not {}",
                i + 1,
                question.answers.len(),
                n + 1
            )
        })?;
        at = &answer.next;
    }
    Ok(at)
}

/// Every path from the start to an outcome, in answer order. Cycles are cut (the checks report
/// them), so this ends on any tree.
pub fn paths(tree: &Tree) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    let mut on_path = BTreeSet::new();
    collect(tree, &tree.start, &mut path, &mut on_path, &mut out);
    out
}

fn collect<'a>(
    tree: &'a Tree,
    at: &'a str,
    path: &mut Vec<Step>,
    on_path: &mut BTreeSet<&'a str>,
    out: &mut Vec<Vec<Step>>,
) {
    let Some(node) = tree.node(at) else { return };
    if node.outcome().is_some() {
        out.push(path.clone());
        return;
    }
    if !on_path.insert(at) {
        return;
    }
    for (i, answer) in node.answers().iter().enumerate() {
        path.push(Step {
            node: at.to_string(),
            answer: i,
        });
        collect(tree, &answer.next, path, on_path, out);
        path.pop();
    }
    on_path.remove(at);
}

/// Ids of every node reachable from the start (including it), following known nodes only.
/// The findings that lead straight to a result of tier urgent, each once, in the order the
/// tree asks about them: the signs every less urgent result lists under "get help today".
pub fn urgent_findings(tree: &Tree) -> Vec<&str> {
    let mut seen = BTreeSet::new();
    tree.nodes
        .iter()
        .flat_map(|n| n.answers())
        .filter(|a| {
            tree.node(&a.next)
                .and_then(|t| t.outcome())
                .is_some_and(|o| o.tier == Tier::Urgent)
        })
        .flat_map(|a| a.findings.iter().map(String::as_str))
        .filter(|f| seen.insert(*f))
        .collect()
}

pub fn reachable(tree: &Tree) -> BTreeSet<&str> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![tree.start.as_str()];
    while let Some(id) = stack.pop() {
        let Some(node) = tree.node(id) else { continue };
        if seen.insert(node.id.as_str()) {
            stack.extend(node.answers().iter().map(|a| a.next.as_str()));
        }
    }
    seen
}

/// Each cycle found, as the ids along it, starting and ending at the same node.
pub fn cycles(tree: &Tree) -> Vec<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit<'a>(
        tree: &'a Tree,
        id: &'a str,
        marks: &mut BTreeMap<&'a str, Mark>,
        stack: &mut Vec<&'a str>,
        out: &mut Vec<Vec<String>>,
    ) {
        marks.insert(id, Mark::Open);
        stack.push(id);
        let Some(node) = tree.node(id) else { return };
        for answer in node.answers() {
            let next = answer.next.as_str();
            if tree.node(next).is_none() {
                continue;
            }
            match marks.get(next) {
                Some(Mark::Open) => {
                    let from = stack.iter().position(|s| *s == next).unwrap_or(0);
                    let mut cycle: Vec<String> =
                        stack[from..].iter().map(|s| s.to_string()).collect();
                    cycle.push(next.to_string());
                    out.push(cycle);
                }
                Some(Mark::Done) => {}
                None => visit(tree, next, marks, stack, out),
            }
        }
        stack.pop();
        marks.insert(id, Mark::Done);
    }
    let mut marks = BTreeMap::new();
    let mut out = Vec::new();
    for node in &tree.nodes {
        if !marks.contains_key(node.id.as_str()) {
            visit(tree, &node.id, &mut marks, &mut Vec::new(), &mut out);
        }
    }
    out
}

/// The least and most urgent tier reachable from each node. Call only on a tree without cycles.
pub fn tier_ranges(tree: &Tree) -> BTreeMap<&str, (Tier, Tier)> {
    fn visit<'a>(
        tree: &'a Tree,
        id: &'a str,
        memo: &mut BTreeMap<&'a str, (Tier, Tier)>,
    ) -> Option<(Tier, Tier)> {
        if let Some(r) = memo.get(id) {
            return Some(*r);
        }
        let node = tree.node(id)?;
        let range = match node.outcome() {
            Some(o) => Some((o.tier, o.tier)),
            None => node
                .answers()
                .iter()
                .filter_map(|a| visit(tree, &a.next, memo))
                .reduce(|(lo, hi), (l, h)| (lo.min(l), hi.max(h))),
        }?;
        memo.insert(&node.id, range);
        Some(range)
    }
    let mut memo = BTreeMap::new();
    for node in &tree.nodes {
        visit(tree, &node.id, &mut memo);
    }
    memo
}

/// For each question: the most questions asked before it on any path from the start (1 for the
/// start), and the most still to come after it. Call only on a tree without cycles.
pub fn progress(tree: &Tree) -> BTreeMap<&str, (usize, usize)> {
    let order = topological(tree);
    let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
    depth.insert(tree.start.as_str(), 1);
    for id in &order {
        let Some(&d) = depth.get(id) else { continue };
        for a in tree.node(id).map(|n| n.answers()).unwrap_or_default() {
            if tree.node(&a.next).is_some_and(|n| n.question().is_some()) {
                let e = depth.entry(a.next.as_str()).or_insert(0);
                *e = (*e).max(d + 1);
            }
        }
    }
    let mut remaining: BTreeMap<&str, usize> = BTreeMap::new();
    for id in order.iter().rev() {
        let Some(node) = tree.node(id) else { continue };
        if node.question().is_none() {
            continue;
        }
        let after = node
            .answers()
            .iter()
            .filter_map(|a| remaining.get(a.next.as_str()).map(|r| r + 1))
            .max()
            .unwrap_or(0);
        remaining.insert(id, after);
    }
    depth
        .into_iter()
        .filter_map(|(id, d)| remaining.get(id).map(|&r| (id, (d, r))))
        .collect()
}

/// Reachable nodes in an order where every node comes after all the nodes that lead to it;
/// ties keep the author's order. Call only on a tree without cycles.
pub fn topological(tree: &Tree) -> Vec<&str> {
    let live = reachable(tree);
    let mut incoming: BTreeMap<&str, usize> = live.iter().map(|id| (*id, 0)).collect();
    for id in &live {
        for a in tree.node(id).map(|n| n.answers()).unwrap_or_default() {
            if let Some(c) = incoming.get_mut(a.next.as_str()) {
                *c += 1;
            }
        }
    }
    let mut order = Vec::new();
    let mut done = BTreeSet::new();
    while order.len() < live.len() {
        // The first node in author order with nothing left pointing at it.
        let Some(next) = tree
            .nodes
            .iter()
            .map(|n| n.id.as_str())
            .find(|id| !done.contains(id) && incoming.get(id) == Some(&0))
        else {
            break; // a cycle: the checks report it
        };
        done.insert(next);
        order.push(next);
        for a in tree.node(next).map(|n| n.answers()).unwrap_or_default() {
            if let Some(c) = incoming.get_mut(a.next.as_str()) {
                *c -= 1;
            }
        }
    }
    order
}

/// Questions that lead to each node, in author order, with the answers that do.
pub fn parents(tree: &Tree) -> BTreeMap<&str, Vec<(&str, usize)>> {
    let mut out: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for node in &tree.nodes {
        for (i, a) in node.answers().iter().enumerate() {
            out.entry(a.next.as_str()).or_default().push((&node.id, i));
        }
    }
    out
}
