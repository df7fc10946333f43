//! Reader scenarios (tests/clinical_scenarios.yaml) walked through a built decision.json the way
//! a reader would answer: at each question, the answer naming one of their signs (the one that can
//! lead to the most urgent result if several do), "Not sure" where the scenario says they are
//! unsure, and otherwise the answer that names no sign ("None of these", "No").
//!
//! The walk reads only decision.json, the public interface, and not the Rust model, so that it
//! checks what the pages are built from. "Not sure" is found by its label: the JSON has no
//! `unsure` field.

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub reader: String,
    pub signs: Vec<String>,
    #[serde(default)]
    pub unsure_at: Vec<String>,
    pub expect: String,
    pub source: String,
}

/// Where a walk ended: the answers tapped (indexes from 0), the outcome and its tier.
#[derive(Debug, Clone)]
pub struct Walked {
    pub answers: Vec<usize>,
    pub questions: Vec<String>,
    pub outcome: String,
    pub tier: String,
}

pub const UNSURE_LABEL: &str = "Not sure";

pub fn load() -> Vec<Scenario> {
    let path = super::repo_root().join("tests/clinical_scenarios.yaml");
    let text = std::fs::read_to_string(&path).expect("tests/clinical_scenarios.yaml");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The tiers from least to most urgent.
pub fn rank(tier: &str) -> usize {
    ["self-care", "routine", "urgent", "emergency"]
        .iter()
        .position(|t| *t == tier)
        .unwrap_or_else(|| panic!("unknown tier {tier:?}"))
}

/// The most urgent tier reachable from `id`.
fn highest(tree: &Value, id: &str, memo: &mut BTreeMap<String, usize>) -> usize {
    if let Some(&r) = memo.get(id) {
        return r;
    }
    let node = &tree["nodes"][id];
    let r = match node["type"].as_str() {
        Some("outcome") => rank(node["tier"].as_str().unwrap()),
        _ => node["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| highest(tree, a["next"].as_str().unwrap(), memo))
            .max()
            .unwrap_or(0),
    };
    memo.insert(id.to_string(), r);
    r
}

/// Walk `s` through `tree` (a parsed decision.json).
pub fn walk(tree: &Value, s: &Scenario) -> Result<Walked, String> {
    let mut memo = BTreeMap::new();
    let mut at = tree["start"].as_str().unwrap().to_string();
    let mut answers = Vec::new();
    let mut questions = Vec::new();
    for _ in 0..100 {
        let node = &tree["nodes"][&at];
        if node.is_null() {
            return Err(format!("reached `{at}`, which is not a node"));
        }
        if node["type"] == "outcome" {
            return Ok(Walked {
                answers,
                questions,
                outcome: at,
                tier: node["tier"].as_str().unwrap().to_string(),
            });
        }
        let list = node["answers"].as_array().unwrap();
        let findings = |a: &Value| -> Vec<String> {
            a["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap().to_string())
                .collect()
        };
        let chosen = if s.unsure_at.contains(&at) {
            list.iter()
                .position(|a| a["label"] == UNSURE_LABEL)
                .ok_or_else(|| format!("`{at}` has no \"{UNSURE_LABEL}\" answer"))?
        } else {
            let matching = list
                .iter()
                .enumerate()
                .filter(|(_, a)| findings(a).iter().any(|f| s.signs.contains(f)));
            // The first of the most urgent: `max_by_key` keeps the last, so compare reversed.
            let best = matching
                .map(|(i, a)| (highest(tree, a["next"].as_str().unwrap(), &mut memo), i))
                .max_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)))
                .map(|(_, i)| i);
            match best {
                Some(i) => i,
                None => list
                    .iter()
                    .position(|a| findings(a).is_empty() && a["label"] != UNSURE_LABEL)
                    .ok_or_else(|| {
                        format!(
                            "at `{at}` no answer names one of the signs {:?}, and there is no \"None of these\" or \"No\" answer",
                            s.signs
                        )
                    })?,
            }
        };
        answers.push(chosen);
        questions.push(at.clone());
        at = list[chosen]["next"].as_str().unwrap().to_string();
    }
    Err("more than 100 questions: the tree has a cycle".into())
}

/// Every way `scenarios` fail on `tree`: a wrong tier, a walk that does not end, or a question
/// the scenario is unsure at that the walk never reaches.
pub fn failures(tree: &Value, scenarios: &[Scenario]) -> Vec<String> {
    let mut out = Vec::new();
    for s in scenarios {
        match walk(tree, s) {
            Err(e) => out.push(format!("{}: {e}", s.id)),
            Ok(w) => {
                if w.tier != s.expect {
                    out.push(format!(
                        "{} ({}): expected {} ({}), the tree gives {} at `{}` after {:?}",
                        s.id, s.reader, s.expect, s.source, w.tier, w.outcome, w.questions
                    ));
                }
                for q in &s.unsure_at {
                    if !w.questions.contains(q) {
                        out.push(format!(
                            "{}: unsure at `{q}`, but the walk never asks it: {:?}",
                            s.id, w.questions
                        ));
                    }
                }
            }
        }
    }
    out
}
