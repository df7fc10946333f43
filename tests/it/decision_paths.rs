//! Every path through the real tree in content/decision.yaml, checked against the rules by
//! walking it, independently of the checker in src/decision/check.rs.

use backguide::content::SourceFile;
use backguide::decision::{self, Step, Tier, Tree};
use std::collections::{BTreeMap, BTreeSet};

fn real_tree() -> Tree {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("content/decision.yaml")).expect("decision.yaml");
    let file = SourceFile {
        path: "content/decision.yaml".into(),
        text,
    };
    decision::load(&file).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn indexes(path: &[Step]) -> Vec<usize> {
    path.iter().map(|s| s.answer).collect()
}

/// The tier of the outcome a path ends at, found by walking its answers from the start.
fn end_tier(tree: &Tree, path: &[Step]) -> Tier {
    let id = decision::walk(tree, &indexes(path)).expect("the path walks");
    tree.node(id)
        .and_then(|n| n.outcome())
        .unwrap_or_else(|| panic!("path {path:?} ends at `{id}`, not an outcome"))
        .tier
}

fn asks_red_flag(tree: &Tree, node: &str) -> bool {
    tree.node(node).unwrap().answers().iter().any(|a| {
        a.findings
            .iter()
            .any(|f| tree.finding(f).is_some_and(|f| f.red_flag))
    })
}

#[test]
fn every_path_keeps_the_rules() {
    let tree = real_tree();
    let paths = decision::paths(&tree);
    assert!(paths.len() >= 20, "only {} paths", paths.len());

    // The most urgent outcome reachable through each answer, from the paths themselves.
    let mut highest: BTreeMap<(String, usize), Tier> = BTreeMap::new();
    for path in &paths {
        let tier = end_tier(&tree, path);
        for s in path {
            let e = highest
                .entry((s.node.clone(), s.answer))
                .or_insert(Tier::SelfCare);
            *e = (*e).max(tier);
        }
    }

    let mut tiers = BTreeSet::new();
    let mut visited = BTreeSet::new();
    for path in &paths {
        let tier = end_tier(&tree, path);
        tiers.insert(tier);
        let mut plain_seen: Option<&str> = None;
        for (i, s) in path.iter().enumerate() {
            visited.insert(s.node.clone());
            let node = tree.node(&s.node).unwrap();
            let answer = &node.answers()[s.answer];
            visited.insert(answer.next.clone());

            // Red flags first.
            if asks_red_flag(&tree, &s.node) {
                assert!(
                    plain_seen.is_none(),
                    "path {:?}: red-flag question `{}` after `{}`",
                    indexes(path),
                    s.node,
                    plain_seen.unwrap()
                );
            } else {
                plain_seen.get_or_insert(&s.node);
            }

            // A red flag always means emergency, straight away.
            if answer
                .findings
                .iter()
                .any(|f| tree.finding(f).unwrap().red_flag)
            {
                assert_eq!(
                    i,
                    path.len() - 1,
                    "path {:?} goes on after a red flag",
                    indexes(path)
                );
                assert_eq!(tier, Tier::Emergency, "path {:?}", indexes(path));
            }

            // Unsure never lowers urgency.
            if answer.unsure {
                for (j, other) in node.answers().iter().enumerate() {
                    if j != s.answer && !other.unsure {
                        let other_tier = highest[&(s.node.clone(), j)];
                        assert!(
                            tier >= other_tier,
                            "path {:?}: unsure at `{}` ends at {tier:?}, but \"{}\" can reach {other_tier:?}",
                            indexes(path),
                            s.node,
                            other.label
                        );
                    }
                }
            }
        }
    }
    assert_eq!(tiers.len(), 4, "every tier is reached: {tiers:?}");
    let all: BTreeSet<String> = tree.nodes.iter().map(|n| n.id.clone()).collect();
    assert_eq!(visited, all, "every node is on some path");
}

#[test]
fn red_flags_then_urgent_signs_then_strain_then_soreness() {
    let tree = real_tree();
    // Taking the first answer that leads on to another question walks them in the order asked.
    let mut order = Vec::new();
    let mut at = Some(tree.start.clone());
    while let Some(id) = at {
        let q = tree.node(&id).and_then(|n| n.question()).unwrap();
        order.push(id);
        at = q
            .answers
            .iter()
            .find(|a| tree.node(&a.next).is_some_and(|n| n.question().is_some()))
            .map(|a| a.next.clone());
    }
    let asserted = |id: &str| -> BTreeSet<String> {
        tree.node(id)
            .unwrap()
            .answers()
            .iter()
            .flat_map(|a| a.findings.clone())
            .collect()
    };
    let position = |finding: &str| {
        order
            .iter()
            .position(|q| asserted(q).contains(finding))
            .unwrap_or_else(|| panic!("no question asks about {finding}"))
    };
    let groups = [
        vec![
            "bladder_bowel_loss",
            "bladder_bowel_change",
            "saddle_numbness",
            "sexual_function_change",
            "bilateral_leg_symptoms",
            "progressive_leg_weakness",
            "major_trauma",
            "chest_pain",
        ],
        vec![
            "fever_unwell",
            "weight_loss",
            "cancer_history",
            "night_pain",
            "fragile_bones_injury",
            "cough_sneeze_worse",
            "lump_or_shape_change",
            "upper_back_pain",
        ],
        vec![
            "radiating_below_knee",
            "radiating_leg",
            "leg_numbness_tingling",
            "severe_unrelenting",
        ],
        vec!["sudden_onset", "sharp_localized", "worse_with_movement"],
    ];
    for pair in groups.windows(2) {
        let last_before = pair[0].iter().map(|f| position(f)).max().unwrap();
        let first_after = pair[1].iter().map(|f| position(f)).min().unwrap();
        assert!(
            last_before < first_after,
            "{:?} must all be asked before {:?}: {order:?}",
            pair[0],
            pair[1]
        );
    }
    // The soreness signs are asked alongside the strain signs, never before them.
    for f in ["delayed_onset", "dull_generalized", "eases_with_movement"] {
        assert!(position(f) >= position("sudden_onset"), "{f}");
    }
}

/// One tap to "call now": each red flag has an answer of its own on the first question, leading
/// straight to an emergency result; so does "Not sure"; and "None of these" goes on.
#[test]
fn each_red_flag_is_one_tap_from_the_start() {
    let tree = real_tree();
    let start = tree.node(&tree.start).unwrap().question().unwrap();
    let red: BTreeSet<&str> = tree
        .findings
        .iter()
        .filter(|f| f.red_flag)
        .map(|f| f.id.as_str())
        .collect();
    assert!(red.len() >= 8, "{red:?}");
    for flag in &red {
        let answers: Vec<_> = start
            .answers
            .iter()
            .filter(|a| a.findings.iter().any(|f| f == flag))
            .collect();
        assert_eq!(answers.len(), 1, "`{flag}`: one answer of its own");
        assert_eq!(
            answers[0].findings.len(),
            1,
            "`{flag}`: its answer asserts only it"
        );
        let tier = tree
            .node(&answers[0].next)
            .unwrap()
            .outcome()
            .map(|o| o.tier);
        assert_eq!(tier, Some(Tier::Emergency), "`{flag}`");
        assert!(
            answers[0].label.len() <= 60,
            "short enough to tap: {:?}",
            answers[0].label
        );
    }
    let unsure: Vec<_> = start.answers.iter().filter(|a| a.unsure).collect();
    assert_eq!(unsure.len(), 1);
    assert_eq!(
        tree.node(&unsure[0].next)
            .unwrap()
            .outcome()
            .map(|o| o.tier),
        Some(Tier::Emergency)
    );
    let none = start
        .answers
        .iter()
        .find(|a| a.label == "None of these")
        .expect("None of these");
    assert!(none.findings.is_empty() && tree.node(&none.next).unwrap().question().is_some());
}

#[test]
fn every_question_has_a_not_sure_answer_and_plain_words() {
    let tree = real_tree();
    let mut texts: Vec<(String, String)> = Vec::new();
    for node in &tree.nodes {
        if let Some(q) = node.question() {
            assert!(
                q.answers.iter().any(|a| a.unsure && a.label == "Not sure"),
                "`{}` has no \"Not sure\" answer marked unsure: true",
                node.id
            );
            texts.push((node.id.clone(), q.text.clone()));
            texts.extend(q.help.iter().map(|h| (node.id.clone(), h.clone())));
            texts.extend(q.answers.iter().map(|a| (node.id.clone(), a.label.clone())));
        }
        if let Some(o) = node.outcome() {
            texts.push((node.id.clone(), o.title.clone()));
            texts.push((node.id.clone(), o.body.clone()));
        }
    }
    texts.extend(
        tree.findings
            .iter()
            .map(|f| (f.id.clone(), f.label.clone())),
    );
    for (id, text) in texts {
        for sentence in text.split(['.', '?', '!', '\n']) {
            let words = sentence.split_whitespace().count();
            assert!(
                words <= 20,
                "`{id}`: a sentence of {words} words: {sentence:?}"
            );
        }
    }
}

#[test]
fn walk_follows_answers_and_refuses_bad_ones() {
    let tree = real_tree();
    assert_eq!(decision::walk(&tree, &[]).unwrap(), tree.start);
    assert_eq!(decision::walk(&tree, &[0]).unwrap(), "emergency");
    assert!(decision::walk(&tree, &[0, 0])
        .unwrap_err()
        .contains("is an outcome"));
    let first = tree.node(&tree.start).unwrap().answers().len();
    assert!(decision::walk(&tree, &[first])
        .unwrap_err()
        .contains(&format!("has {first} answers")));
}
