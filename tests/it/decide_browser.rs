//! decide.html in headless Chromium from file://: one path to a result of each tier, each
//! compared with the result the Rust model computes for the same answers; then Back, browser
//! Back and Forward, reload with a hash, Start again, the keyboard, bad hashes, and the same
//! answers without JavaScript. Then, on a 390x844 touch screen, one tap on each red-flag answer
//! of the first question, and a sample of the reader scenarios (tests/clinical_scenarios.yaml).
//! The script is tests/browser/decide.mjs.

use crate::common;

use backguide::content::SourceFile;
use backguide::decision::{self, Tier};
use std::collections::BTreeMap;

#[test]
fn decide_html_runs_in_chromium_from_file_urls() {
    if !common::browser_available("decide_html_runs_in_chromium_from_file_urls") {
        return;
    }
    let (_dir, site) = common::build_real_guide();
    let file = SourceFile {
        path: "content/decision.yaml".into(),
        text: std::fs::read_to_string(common::repo_root().join("content/decision.yaml")).unwrap(),
    };
    let tree = decision::load(&file).expect("the real tree loads");

    // The first path to each tier, most urgent first, and a long one last (for Back and reload).
    let mut by_tier: BTreeMap<Tier, Vec<usize>> = BTreeMap::new();
    for path in decision::paths(&tree) {
        let answers: Vec<usize> = path.iter().map(|s| s.answer).collect();
        let id = decision::walk(&tree, &answers).unwrap();
        let tier = tree.node(id).unwrap().outcome().unwrap().tier;
        let shortest = by_tier.entry(tier).or_insert_with(|| answers.clone());
        if answers.len() > shortest.len() && tier == Tier::SelfCare {
            *shortest = answers;
        }
    }
    assert_eq!(by_tier.len(), 4, "a path to every tier");
    let cases: Vec<serde_json::Value> = Tier::ALL
        .iter()
        .map(|tier| {
            let answers = &by_tier[tier];
            // The expected result comes from the Rust model, not from the page.
            let outcome = decision::walk(&tree, answers).unwrap();
            serde_json::json!({ "answers": answers, "outcome": outcome, "tier": tier.name() })
        })
        .collect();
    let cases = serde_json::to_string(&cases).unwrap();
    eprintln!("cases: {cases}");

    // Each red-flag answer of the first question, with where the model says it leads.
    let start = tree.node(&tree.start).unwrap();
    let red_flags: Vec<serde_json::Value> = start
        .answers()
        .iter()
        .enumerate()
        .filter(|(_, a)| tree.red_flags_of(a).next().is_some())
        .map(|(index, a)| serde_json::json!({ "index": index, "outcome": a.next }))
        .collect();
    // Every third reader scenario, walked through the built decision.json.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("decision.json")).unwrap())
            .unwrap();
    let scenarios: Vec<serde_json::Value> = common::scenarios::load()
        .iter()
        .step_by(3)
        .map(|s| {
            let w = common::scenarios::walk(&json, s).unwrap();
            assert_eq!(w.tier, s.expect, "{}", s.id);
            serde_json::json!({ "id": s.id, "answers": w.answers, "outcome": w.outcome, "tier": w.tier })
        })
        .collect();
    let phone = serde_json::json!({ "redFlags": red_flags, "scenarios": scenarios }).to_string();
    eprintln!("phone: {phone}");
    common::run_node("decide.mjs", &[site.to_str().unwrap(), &cases, &phone]);
}
