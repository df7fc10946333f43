//! The decision page, "What should I do now?": a decision tree written in
//! `content/decision.yaml`, checked on every build, compiled to `decision.json`, and rendered as
//! decide.html (one question per screen, run by static/decide.js), one plain page per node
//! (decide/<id>.html, which work without JavaScript), a flowchart (decide/flowchart.html) and
//! its text alternative, the tree written out as a nested list (decide/questions.html).
//!
//! Stages, as in the rest of the build: [`load`] types the YAML, [`check()`] proves the rules,
//! [`compile`] writes the JSON, and [`render`] writes the pages.

mod check;
pub mod compile;
pub mod flowchart;
pub mod graph;
mod load;
pub mod model;
pub mod render;

pub use check::check;
pub use graph::{paths, walk, Step};
pub use load::load;
pub(crate) use load::RawTree;
pub use model::{Answer, Finding, Node, NodeKind, Outcome, Question, Tier, Tree};

use crate::content::Content;
use crate::diagnostic::Diagnostics;
use crate::links::LinkIndex;

/// The page that runs the tree.
pub const PAGE: &str = crate::util::names::DECISION_PAGE;
/// The flowchart of the whole tree.
pub const FLOWCHART_PAGE: &str = crate::util::names::FLOWCHART_PAGE;
/// The whole tree as a nested list: the flowchart's text alternative. A page of its own so
/// that each page stays within its weight (30 KB with the CSS and scripts it loads).
pub const LIST_PAGE: &str = crate::util::names::LIST_PAGE;
/// The compiled tree.
pub const JSON: &str = "decision.json";

pub use crate::util::names::node_page;

/// Load the guide's tree: `None` when the guide has no decision.yaml, or when it cannot be
/// loaded (the errors are added to `diags`). Its pages go into the page table (`crate::pages`).
pub fn load_tree(content: &Content, diags: &mut Diagnostics) -> Option<Tree> {
    match load(content.decision.as_ref()?) {
        Ok(tree) => Some(tree),
        Err(errors) => {
            errors.into_iter().for_each(|e| diags.error(e));
            None
        }
    }
}

/// Check the loaded tree, its links against `index` (made from the page table, which holds the
/// tree's own pages). `None` when it has errors (added to `diags`).
pub fn prepare(
    tree: Tree,
    content: &Content,
    index: &LinkIndex,
    diags: &mut Diagnostics,
) -> Option<Tree> {
    let mut found = check(&tree, index);
    found.extend(check::agrees_with_emergency_box(
        &tree,
        &content.guide.emergency.signs,
        &content.guide_lines,
    ));
    check_markdown(&tree, &mut found);
    let ok = !found.has_errors();
    diags.extend(found);
    ok.then_some(tree)
}

/// The intro and each outcome's body go through the same Markdown checks as every other text
/// of the guide (raw HTML, heading attributes, comments).
fn check_markdown(tree: &Tree, diags: &mut Diagnostics) {
    let bodies = tree
        .nodes
        .iter()
        .filter_map(Node::outcome)
        .map(|o| (&o.body, o.body_line));
    for (text, first_line) in std::iter::once((&tree.intro, tree.intro_line)).chain(bodies) {
        let analysis = crate::markdown::analyze(text, first_line);
        for (line, message) in crate::markdown::problems(&analysis) {
            diags.error(crate::diagnostic::Diagnostic::at(&tree.file, line, message));
        }
    }
}
