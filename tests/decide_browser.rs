//! decide.html in headless Chromium from file://: one path to a result of each tier, each
//! compared with the result the Rust model computes for the same answers; then Back, browser
//! Back and Forward, reload with a hash, Start again, the keyboard, bad hashes, and the same
//! answers without JavaScript. The script is tests/browser/decide.mjs.

mod common;

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
    common::run_node("decide.mjs", &[site.to_str().unwrap(), &cases]);
}
