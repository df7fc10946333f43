//! Geometry of the flowchart of the whole tree. Questions stand in a column on the left, in the
//! order they are asked; outcomes stand on the right, level with the questions that lead to
//! them. The SVG markup itself is `templates/flowchart.svg`.

use super::graph;
use super::model::{Tier, Tree};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct Flowchart {
    pub width: u32,
    pub height: u32,
    pub boxes: Vec<FlowBox>,
    pub edges: Vec<FlowEdge>,
}

#[derive(Debug, Serialize)]
pub struct FlowBox {
    pub id: String,
    /// `question` or `outcome`.
    pub kind: &'static str,
    pub tier: Option<Tier>,
    /// 1-based question number, in the order asked.
    pub number: Option<usize>,
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    /// The wrapped text, one entry per line, with its baseline.
    pub lines: Vec<TextLine>,
    /// Baseline of the tier line of an outcome (the words are in the template).
    pub tier_y: u32,
}

#[derive(Debug, Serialize)]
pub struct TextLine {
    pub x: u32,
    pub y: u32,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct FlowEdge {
    pub points: Vec<(u32, u32)>,
    /// One label per answer that takes this edge, each with its baseline.
    pub labels: Vec<TextLine>,
}

const QX: u32 = 16;
const QW: u32 = 300;
const GAP_X: u32 = 250;
const OX: u32 = QX + QW + GAP_X;
const OW: u32 = 250;
const WIDTH: u32 = OX + OW + 16;
const TOP: u32 = 16;
const LINE: u32 = 18;
const PAD: u32 = 12;
const VGAP: u32 = 48;
const OGAP: u32 = 20;
/// Characters per line at the chart's font size, for each column.
const Q_CHARS: usize = 36;
const O_CHARS: usize = 28;
const LABEL_CHARS: usize = 24;
const LABEL_LINE: u32 = 14;
/// Space around each right-hand exit line, below its labels.
const EXIT_GAP: u32 = 10;

/// Where one question's answers go: one exit per target, labelled with the answers taking it.
struct Exit<'a> {
    target: &'a str,
    answers: Vec<&'a str>,
    /// The answers' labels, wrapped.
    labels: Vec<Vec<String>>,
}

impl Exit<'_> {
    fn lines(&self) -> u32 {
        self.labels.iter().map(|l| l.len() as u32).sum()
    }
}

/// Lay out a checked tree (no cycles, no unknown nodes).
pub fn layout(tree: &Tree) -> Flowchart {
    let order = graph::topological(tree);
    let is_question = |id: &&str| tree.node(id).is_some_and(|n| n.question().is_some());
    let questions: Vec<&str> = order.iter().copied().filter(is_question).collect();
    let outcomes: Vec<&str> = order
        .iter()
        .copied()
        .filter(|id| !is_question(id))
        .collect();
    let exits: BTreeMap<&str, Vec<Exit>> = questions
        .iter()
        .map(|id| (*id, exits_of(tree, id)))
        .collect();

    // Questions, top to bottom, each tall enough for its text and its right-hand labels.
    let mut boxes: Vec<FlowBox> = Vec::new();
    let mut y = TOP;
    for (i, id) in questions.iter().enumerate() {
        let q = tree
            .node(id)
            .and_then(|n| n.question())
            .expect("a question");
        let lines = wrap(&format!("{}. {}", i + 1, q.text), Q_CHARS);
        let text_height = PAD * 2 + LINE * lines.len() as u32;
        let label_height: u32 = exits[id]
            .iter()
            .filter(|e| !is_next(&questions, i, e.target))
            .map(|e| e.lines() * LABEL_LINE + EXIT_GAP)
            .sum::<u32>()
            + PAD;
        let height = text_height.max(label_height);
        boxes.push(FlowBox {
            id: id.to_string(),
            kind: "question",
            tier: None,
            number: Some(i + 1),
            x: QX,
            y,
            width: QW,
            height,
            lines: text_lines(QX + PAD, y + (height - text_height) / 2 + PAD + 13, lines),
            tier_y: 0,
        });
        y += height + VGAP;
    }
    let question_bottom = y.saturating_sub(VGAP);
    let centre: BTreeMap<&str, u32> = boxes
        .iter()
        .map(|b| (b.id.as_str(), b.y + b.height / 2))
        .collect();

    // Outcomes, each level with the mean of the questions that lead to it, without overlaps.
    let parents = graph::parents(tree);
    let mut wanted: Vec<(u32, &str)> = outcomes
        .iter()
        .map(|id| {
            let ys: Vec<u32> = parents
                .get(id)
                .map(|ps| {
                    ps.iter()
                        .filter_map(|(p, _)| centre.get(p).copied())
                        .collect()
                })
                .unwrap_or_default();
            let mean = if ys.is_empty() {
                TOP
            } else {
                ys.iter().sum::<u32>() / ys.len() as u32
            };
            (mean, *id)
        })
        .collect();
    wanted.sort();
    let mut next_free = TOP;
    for (mean, id) in wanted {
        let o = tree.node(id).and_then(|n| n.outcome()).expect("an outcome");
        let lines = wrap(&o.title, O_CHARS);
        let height = PAD * 2 + LINE * (lines.len() as u32 + 1);
        let top = mean.saturating_sub(height / 2).max(next_free);
        boxes.push(FlowBox {
            id: id.to_string(),
            kind: "outcome",
            tier: Some(o.tier),
            number: None,
            x: OX,
            y: top,
            width: OW,
            height,
            lines: text_lines(OX + PAD, top + PAD + 13 + LINE, lines),
            tier_y: top + PAD + 13,
        });
        next_free = top + height + OGAP;
    }
    let height = question_bottom.max(next_free.saturating_sub(OGAP)) + TOP;

    let edges = edges(&questions, &exits, &boxes);
    Flowchart {
        width: WIDTH,
        height,
        boxes,
        edges,
    }
}

/// True when `target` is the question right after question number `i` (drawn straight down).
fn is_next(questions: &[&str], i: usize, target: &str) -> bool {
    questions.get(i + 1) == Some(&target)
}

fn exits_of<'a>(tree: &'a Tree, id: &str) -> Vec<Exit<'a>> {
    let mut exits: Vec<Exit> = Vec::new();
    for a in tree.node(id).map(|n| n.answers()).unwrap_or_default() {
        match exits.iter_mut().find(|e| e.target == a.next) {
            Some(e) => e.answers.push(&a.label),
            None => exits.push(Exit {
                target: &a.next,
                answers: vec![&a.label],
                labels: Vec::new(),
            }),
        }
    }
    for e in &mut exits {
        e.labels = vec![pack(&e.answers, LABEL_CHARS)];
    }
    exits
}

fn edges(
    questions: &[&str],
    exits: &BTreeMap<&str, Vec<Exit>>,
    boxes: &[FlowBox],
) -> Vec<FlowEdge> {
    let by_id: BTreeMap<&str, &FlowBox> = boxes.iter().map(|b| (b.id.as_str(), b)).collect();
    let outcome_lane: BTreeMap<&str, u32> = boxes
        .iter()
        .filter(|b| b.kind == "outcome")
        .enumerate()
        .map(|(i, b)| (b.id.as_str(), i as u32))
        .collect();
    let mut edges = Vec::new();
    let mut skip_lane = 0;
    for (qi, id) in questions.iter().enumerate() {
        let from = by_id[id];
        // Right-hand exits share the box's height, each below its own labels.
        let right: Vec<&Exit> = exits[id]
            .iter()
            .filter(|e| !is_next(questions, qi, e.target))
            .collect();
        let needed: u32 = right
            .iter()
            .map(|e| e.lines() * LABEL_LINE + EXIT_GAP)
            .sum();
        let mut cursor = from.y + from.height.saturating_sub(needed) / 2;
        for exit in &exits[id] {
            let to = by_id[exit.target];
            let ty = to.y + to.height / 2;
            let labels: Vec<&str> = exit.labels.iter().flatten().map(String::as_str).collect();
            if is_next(questions, qi, exit.target) {
                let x = QX + QW / 2;
                let top = from.y + from.height + (VGAP - LABEL_LINE * labels.len() as u32) / 2 + 11;
                edges.push(FlowEdge {
                    points: vec![(x, from.y + from.height), (x, to.y)],
                    labels: stacked(x + 8, top, &labels),
                });
                continue;
            }
            cursor += exit.lines() * LABEL_LINE + EXIT_GAP / 2;
            let fy = cursor;
            cursor += EXIT_GAP / 2;
            let first = fy - 4 - LABEL_LINE * (labels.len() as u32 - 1);
            if to.kind == "outcome" {
                // Straight across when level with the outcome, else down or up its own bus.
                let bus = OX - 14 - 10 * outcome_lane[exit.target];
                let points = if fy >= to.y + 8 && fy + 8 <= to.y + to.height {
                    vec![(QX + QW, fy), (OX, fy)]
                } else {
                    vec![(QX + QW, fy), (bus, fy), (bus, ty), (OX, ty)]
                };
                edges.push(FlowEdge {
                    points,
                    labels: stacked(QX + QW + 8, first, &labels),
                });
            } else {
                // A question further down: a lane just right of the column, into its side.
                skip_lane += 1;
                let x = QX + QW + 4 * skip_lane;
                edges.push(FlowEdge {
                    points: vec![(QX + QW, fy), (x, fy), (x, ty), (QX + QW, ty)],
                    labels: stacked(x + 12, first, &labels),
                });
            }
        }
    }
    edges
}

/// Label lines from baseline `y` downwards.
fn stacked(x: u32, y: u32, lines: &[&str]) -> Vec<TextLine> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| TextLine {
            x,
            y: y + LABEL_LINE * i as u32,
            text: l.to_string(),
        })
        .collect()
}

fn text_lines(x: u32, first_baseline: u32, lines: Vec<String>) -> Vec<TextLine> {
    lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| TextLine {
            x,
            y: first_baseline + LINE * i as u32,
            text,
        })
        .collect()
}

/// The labels of the answers that take one exit, as "Yes / Not sure": whole answers share a
/// line when they fit, and a long one wraps on its own lines.
fn pack(answers: &[&str], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for (i, answer) in answers.iter().enumerate() {
        let text = if i + 1 < answers.len() {
            format!("{answer} /")
        } else {
            answer.to_string()
        };
        match lines.last_mut() {
            Some(last) if last.chars().count() + 1 + text.chars().count() <= width => {
                last.push(' ');
                last.push_str(&text);
            }
            _ => lines.extend(wrap(&text, width)),
        }
    }
    lines
}

/// Greedy word wrap at `width` characters (SVG text does not wrap itself).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_whole() {
        assert_eq!(
            wrap("Does the pain spread down your leg?", 14),
            ["Does the pain", "spread down", "your leg?"]
        );
        assert_eq!(wrap("", 10), Vec::<String>::new());
        assert_eq!(
            wrap("supercalifragilistic x", 5),
            ["supercalifragilistic", "x"]
        );
    }

    #[test]
    fn short_answers_share_a_line_and_long_ones_wrap_alone() {
        assert_eq!(pack(&["Yes", "Not sure"], 24), ["Yes / Not sure"]);
        assert_eq!(
            pack(
                &[
                    "Yes, below the knee",
                    "Yes, but not below the knee",
                    "Not sure"
                ],
                24
            ),
            [
                "Yes, below the knee /",
                "Yes, but not below the",
                "knee / Not sure"
            ]
        );
    }
}
