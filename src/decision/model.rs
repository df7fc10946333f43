//! The decision tree as plain data: findings, question and outcome nodes, and the tiers.
//!
//! Every item keeps the line it was written on in `content/decision.yaml`, so that the checks,
//! which run after loading, can point the author at it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How urgent an outcome is. The order is the order of urgency: `SelfCare < Emergency`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// Likely delayed-onset muscle soreness: look after it at home.
    SelfCare,
    /// A likely strain or sprain: rest and care; see someone if it is not improving.
    Routine,
    /// Get medical help today.
    Urgent,
    /// Call your emergency number or go to an emergency department now.
    Emergency,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Emergency, Tier::Urgent, Tier::Routine, Tier::SelfCare];

    /// The name used in decision.yaml and decision.json.
    pub fn name(self) -> &'static str {
        match self {
            Tier::SelfCare => "self-care",
            Tier::Routine => "routine",
            Tier::Urgent => "urgent",
            Tier::Emergency => "emergency",
        }
    }
}

/// Node ids that would clash with another page in `decide/`.
pub const RESERVED_NODE_IDS: [&str; 2] = ["flowchart", "questions"];

/// Something the reader may have, asserted by answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub id: String,
    /// What the reader has, in plain words: "Numbness around your groin, bottom or genitals".
    pub label: String,
    /// A red flag: an answer asserting it must lead straight to an emergency outcome.
    pub red_flag: bool,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub label: String,
    /// The findings this answer asserts; "None of these" asserts none.
    pub findings: Vec<String>,
    /// The id of the node this answer leads to.
    pub next: String,
    /// A "Not sure" answer: it must never lead somewhere less urgent than the other answers.
    pub unsure: bool,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub text: String,
    pub help: Option<String>,
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub tier: Tier,
    pub title: String,
    /// What to do, in Markdown.
    pub body: String,
    /// File line the body's text starts on.
    pub body_line: usize,
    /// Links into the guide.
    pub links: Vec<GuideLink>,
}

/// A site-root-relative output path, such as `causes/doms.html#how-it-feels`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideLink {
    pub path: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    Question(Question),
    Outcome(Outcome),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub line: usize,
    pub kind: NodeKind,
}

impl Node {
    pub fn question(&self) -> Option<&Question> {
        match &self.kind {
            NodeKind::Question(q) => Some(q),
            NodeKind::Outcome(_) => None,
        }
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        match &self.kind {
            NodeKind::Outcome(o) => Some(o),
            NodeKind::Question(_) => None,
        }
    }

    /// The answers of a question; none for an outcome.
    pub fn answers(&self) -> &[Answer] {
        self.question().map_or(&[], |q| q.answers.as_slice())
    }
}

/// The whole tree, in the order the author wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree {
    /// Root-relative path of the file, for errors: `content/decision.yaml`.
    pub file: String,
    /// The page's title, e.g. "What should I do now?".
    pub title: String,
    /// Markdown shown above the first question.
    pub intro: String,
    /// The file line the intro's text starts on.
    pub intro_line: usize,
    pub start: String,
    pub start_line: usize,
    pub findings: Vec<Finding>,
    pub findings_line: usize,
    pub nodes: Vec<Node>,
}

impl Tree {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    pub fn finding(&self, id: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.id == id)
    }

    /// The red-flag findings an answer asserts.
    pub fn red_flags_of<'a>(&'a self, answer: &'a Answer) -> impl Iterator<Item = &'a str> + 'a {
        answer
            .findings
            .iter()
            .filter(|f| self.finding(f).is_some_and(|f| f.red_flag))
            .map(String::as_str)
    }

    /// True when some answer of this question asserts a red flag.
    pub fn asks_red_flag(&self, question: &Question) -> bool {
        question
            .answers
            .iter()
            .any(|a| self.red_flags_of(a).next().is_some())
    }
}
