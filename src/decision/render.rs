//! The contexts the decision templates see, and rendering decide.html, one no-JavaScript page
//! per node (decide/<id>.html) and the flowchart page. All of them come from the same checked
//! tree; the markup is in templates/decide*.html and templates/partials/decide-*.html.

use super::flowchart::{self, Flowchart};
use super::graph;
use super::model::{Answer, Tier, Tree};
use super::{compile, JSON};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pages::{Kind, Pages};
use crate::render::template_error;
use crate::render::SiteContext;
use crate::util::paths::root_prefix;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use tera::{Context, Tera, Value};

/// The fields base.html reads from `page`.
#[derive(Serialize)]
struct PageCtx {
    kind: &'static str,
    path: String,
    title: String,
    summary: String,
    breadcrumbs: Vec<Crumb>,
    prev: Option<Crumb>,
    next: Option<Crumb>,
    section: Option<Crumb>,
}

#[derive(Serialize, Clone)]
struct Crumb {
    title: String,
    path: String,
}

/// One node, as the partials see it (`node`).
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum NodeCtx<'a> {
    Question {
        id: &'a str,
        text: &'a str,
        help: Option<&'a str>,
        answers: Vec<AnswerCtx<'a>>,
        /// Question number on the longest way here, and the most questions that can follow.
        step: usize,
        remaining: usize,
        is_start: bool,
        /// The question before this one, when only one leads here.
        back: Option<&'a str>,
    },
    Outcome {
        id: &'a str,
        tier: Tier,
        title: &'a str,
        body_html: String,
        links: Vec<LinkCtx>,
        /// "Why this result" without JavaScript: findings on every path here ...
        why_all: Vec<&'a str>,
        /// ... and at least one of these, from the answers that lead straight here.
        why_any: Vec<&'a str>,
        /// A "Not sure" answer leads straight here.
        why_unsure: bool,
        back: Option<&'a str>,
        /// When several questions lead here, each of them: without JavaScript the page cannot
        /// know which one the reader came from, so it offers them all.
        back_to: Vec<BackCtx<'a>>,
    },
}

#[derive(Serialize)]
struct BackCtx<'a> {
    id: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct AnswerCtx<'a> {
    label: &'a str,
    next: &'a str,
    unsure: bool,
}

#[derive(Serialize)]
struct LinkCtx {
    path: String,
    title: String,
}

/// The tree as the flowchart page's text alternative: each question with where its answers go.
#[derive(Serialize)]
struct FlowItem<'a> {
    id: &'a str,
    number: usize,
    text: &'a str,
    answers: Vec<FlowAnswer<'a>>,
}

#[derive(Serialize)]
struct FlowAnswer<'a> {
    label: &'a str,
    next: &'a str,
    /// The question number it leads to, or none for an outcome.
    question: Option<usize>,
    tier: Option<Tier>,
    title: &'a str,
}

/// Everything the decision templates see as `decision`.
#[derive(Serialize)]
struct DecisionCtx<'a> {
    title: &'a str,
    intro_html: String,
    start: &'a str,
    /// Every reachable node, questions in the order asked, then outcomes by urgency.
    nodes: Vec<NodeCtx<'a>>,
    /// The tree for decide.js, as JSON safe to put inside `<script>`.
    data: String,
    flowchart: Flowchart,
    questions: Vec<FlowItem<'a>>,
    outcomes: Vec<FlowAnswer<'a>>,
    most_questions: usize,
    /// Signs that need help today (the findings that lead straight to an urgent outcome),
    /// shown to watch for on less urgent outcomes.
    urgent_signs: Vec<&'a str>,
}

/// Every file the tree adds to the site, by output path: the pages and decision.json. The pages
/// are the table's (`pages`), which names, titles and orders them.
pub fn outputs(
    tree: &Tree,
    pages: &Pages,
    tera: &Tera,
    site: &SiteContext,
) -> Result<BTreeMap<String, String>, Diagnostics> {
    let mut files = render_pages(tree, pages, tera, site)?;
    files.insert(JSON.to_string(), compile::public_json(tree));
    Ok(files)
}

/// Render every decision page of the table, by output path. `site` is `render::site_context`.
pub fn render_pages(
    tree: &Tree,
    pages: &Pages,
    tera: &Tera,
    site: &SiteContext,
) -> Result<BTreeMap<String, String>, Diagnostics> {
    let decision = decision_ctx(tree, pages);
    let crumb = |page: &crate::pages::Page| Crumb {
        title: page.label.clone(),
        path: page.output.clone(),
    };
    let home = crumb(pages.home());
    let decide = pages.find(Kind::Decide).map(crumb);
    let page = |kind, entry: &crate::pages::Page, crumbs: Vec<Crumb>| PageCtx {
        kind,
        path: entry.output.clone(),
        title: entry.title.clone(),
        summary: entry.summary.clone(),
        breadcrumbs: crumbs,
        prev: None,
        next: None,
        section: None,
    };
    let under_decide = || {
        std::iter::once(home.clone())
            .chain(decide.clone())
            .collect()
    };
    let node_ctx: BTreeMap<&str, &NodeCtx> = decision
        .nodes
        .iter()
        .map(|node| match node {
            NodeCtx::Question { id, .. } | NodeCtx::Outcome { id, .. } => (*id, node),
        })
        .collect();

    let mut jobs: Vec<(&str, PageCtx, Option<&NodeCtx>)> = Vec::new();
    for entry in pages.iter() {
        match entry.kind {
            Kind::Decide => jobs.push((
                "decide.html",
                page("decide", entry, vec![home.clone()]),
                None,
            )),
            Kind::DecisionNode(i) => {
                // Every node of a checked tree is reachable, so each has its context.
                if let Some(node) = node_ctx.get(tree.nodes[i].id.as_str()) {
                    jobs.push((
                        "decide-node.html",
                        page("decide-node", entry, under_decide()),
                        Some(node),
                    ));
                }
            }
            Kind::Flowchart => jobs.push((
                "decide-flowchart.html",
                page("decide-flowchart", entry, under_decide()),
                None,
            )),
            Kind::DecisionList => jobs.push((
                "decide-questions.html",
                page("decide-questions", entry, under_decide()),
                None,
            )),
            _ => {}
        }
    }

    // Turned into a template value once: its maps and lists are shared, not copied, per page.
    let decision = Value::from_serializable(&decision);
    let rendered: Vec<Result<(String, String), Diagnostic>> = jobs
        .par_iter()
        .map(|(template, page, node)| {
            let mut ctx = Context::new();
            site.insert_into(&mut ctx);
            ctx.insert("root", &root_prefix(&page.path));
            ctx.insert_value("decision", decision.clone());
            if let Some(node) = node {
                ctx.insert("node", node);
            }
            ctx.insert("page", page);
            tera.render(template, &ctx)
                .map(|html| (page.path.clone(), html))
                .map_err(|e| template_error(&e))
        })
        .collect();
    let mut diags = Diagnostics::default();
    let mut pages = BTreeMap::new();
    for result in rendered {
        match result {
            Ok((path, html)) => {
                pages.insert(path, html);
            }
            Err(d) => diags.error(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(pages)
}

fn decision_ctx<'a>(tree: &'a Tree, pages: &Pages) -> DecisionCtx<'a> {
    let progress = graph::progress(tree);
    let parents = graph::parents(tree);
    let paths = graph::paths(tree);
    let order = graph::topological(tree);
    let single_parent = |id: &str| match parents.get(id).map(Vec::as_slice) {
        Some([(p, _)]) => Some(*p),
        Some(ps) if ps.iter().all(|(p, _)| *p == ps[0].0) && !ps.is_empty() => Some(ps[0].0),
        _ => None,
    };
    let every_parent = |id: &str| -> Vec<BackCtx<'a>> {
        if single_parent(id).is_some() {
            return Vec::new();
        }
        let mut seen = BTreeSet::new();
        parents
            .get(id)
            .into_iter()
            .flatten()
            .filter(|(p, _)| seen.insert(*p))
            .filter_map(|(p, _)| {
                let node = tree.node(p)?;
                Some(BackCtx {
                    id: node.id.as_str(),
                    text: node.question()?.text.as_str(),
                })
            })
            .collect()
    };
    let label = |f: &str| tree.finding(f).map_or("", |f| f.label.as_str());
    let urgent_signs: Vec<&str> =
        ordered_unique(super::graph::urgent_findings(tree).into_iter().map(label));

    let mut questions = Vec::new();
    let mut outcomes = Vec::new();
    for id in &order {
        let node = tree.node(id).expect("reachable nodes exist");
        if let Some(q) = node.question() {
            let (step, remaining) = progress.get(id).copied().unwrap_or((1, 0));
            questions.push(NodeCtx::Question {
                id,
                text: &q.text,
                help: q.help.as_deref(),
                answers: q
                    .answers
                    .iter()
                    .map(|a| AnswerCtx {
                        label: &a.label,
                        next: &a.next,
                        unsure: a.unsure,
                    })
                    .collect(),
                step,
                remaining,
                is_start: *id == tree.start,
                back: single_parent(id),
            });
        } else if let Some(o) = node.outcome() {
            // Findings on each path that ends here.
            let per_path: Vec<BTreeSet<&str>> = paths
                .iter()
                .filter(|p| end_of(tree, p) == Some(*id))
                .map(|p| p.iter().flat_map(|s| findings_of(tree, s)).collect())
                .collect();
            let on_every: BTreeSet<&str> = per_path
                .iter()
                .skip(1)
                .fold(per_path.first().cloned().unwrap_or_default(), |acc, s| {
                    acc.intersection(s).copied().collect()
                });
            let direct: Vec<&Answer> = parents
                .get(id)
                .map(|ps| {
                    ps.iter()
                        .map(|(p, i)| &tree.node(p).expect("parent").answers()[*i])
                        .collect()
                })
                .unwrap_or_default();
            let findings_in_order = |keep: &dyn Fn(&str) -> bool| -> Vec<&str> {
                tree.findings
                    .iter()
                    .filter(|f| keep(&f.id))
                    .map(|f| f.label.as_str())
                    .collect()
            };
            let direct_ids: BTreeSet<&str> = direct
                .iter()
                .flat_map(|a| a.findings.iter().map(String::as_str))
                .collect();
            let why_all = findings_in_order(&|f| on_every.contains(f));
            let why_any = if direct_ids.is_subset(&on_every) {
                Vec::new()
            } else {
                findings_in_order(&|f| direct_ids.contains(f) && !on_every.contains(f))
            };
            outcomes.push(NodeCtx::Outcome {
                id,
                tier: o.tier,
                title: &o.title,
                body_html: compile::body_html(&o.body),
                links: o
                    .links
                    .iter()
                    .map(|l| LinkCtx {
                        path: l.path.clone(),
                        title: link_title(pages, &l.path),
                    })
                    .collect(),
                why_all,
                why_any,
                why_unsure: direct.iter().any(|a| a.unsure),
                back: single_parent(id),
                back_to: every_parent(id),
            });
        }
    }
    // Outcomes from most to least urgent, then in the order first reached.
    outcomes.sort_by_key(|n| match n {
        NodeCtx::Outcome { tier, .. } => std::cmp::Reverse(*tier),
        NodeCtx::Question { .. } => std::cmp::Reverse(Tier::Emergency),
    });

    let numbers: BTreeMap<&str, usize> = questions
        .iter()
        .enumerate()
        .filter_map(|(i, n)| match n {
            NodeCtx::Question { id, .. } => Some((*id, i + 1)),
            NodeCtx::Outcome { .. } => None,
        })
        .collect();
    let flow_answer = |label: &'a str, next: &'a str| {
        let target = tree.node(next).expect("checked");
        let outcome = target.outcome();
        FlowAnswer {
            label,
            next,
            question: numbers.get(next).copied(),
            tier: outcome.map(|o| o.tier),
            title: outcome.map_or("", |o| o.title.as_str()),
        }
    };
    let flow_questions = order
        .iter()
        .filter_map(|id| {
            let q = tree.node(id)?.question()?;
            Some(FlowItem {
                id,
                number: numbers[id],
                text: &q.text,
                answers: q
                    .answers
                    .iter()
                    .map(|a| flow_answer(&a.label, &a.next))
                    .collect(),
            })
        })
        .collect();
    let flow_outcomes = outcomes
        .iter()
        .filter_map(|n| match n {
            NodeCtx::Outcome { id, title, .. } => Some(flow_answer(title, id)),
            NodeCtx::Question { .. } => None,
        })
        .collect();

    let most_questions = progress.values().map(|(d, r)| d + r).max().unwrap_or(0);
    let mut nodes = questions;
    nodes.extend(outcomes);
    DecisionCtx {
        title: &tree.title,
        intro_html: compile::body_html(&tree.intro),
        start: &tree.start,
        nodes,
        data: compile::page_json(tree),
        flowchart: flowchart::layout(tree),
        questions: flow_questions,
        outcomes: flow_outcomes,
        most_questions,
        urgent_signs,
    }
}

/// The answer a step chose.
fn answer_of<'a>(tree: &'a Tree, step: &graph::Step) -> Option<&'a Answer> {
    tree.node(&step.node)?.answers().get(step.answer)
}

fn findings_of<'a>(tree: &'a Tree, step: &graph::Step) -> impl Iterator<Item = &'a str> {
    answer_of(tree, step)
        .into_iter()
        .flat_map(|a| a.findings.iter().map(String::as_str))
}

/// The node a path ends at.
fn end_of<'a>(tree: &'a Tree, path: &[graph::Step]) -> Option<&'a str> {
    answer_of(tree, path.last()?).map(|a| a.next.as_str())
}

fn ordered_unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = BTreeSet::new();
    items.filter(|i| !i.is_empty() && seen.insert(*i)).collect()
}

/// How an outcome names its link to `path` (`page.html#heading`): "Page title: heading" when
/// the fragment is one of the page's headings, else the page's label; the path itself when it
/// is not a page.
fn link_title(pages: &Pages, path: &str) -> String {
    let (page, fragment) = path.split_once('#').unwrap_or((path, ""));
    match pages.by_output(page) {
        Some(page) => match page.anchors.get(fragment) {
            Some(Some(heading)) => format!("{}: {}", page.label, lower_first(heading)),
            _ => page.label.clone(),
        },
        None => page.to_string(),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
