//! The reader scenarios of tests/clinical_scenarios.yaml, each walked through the built
//! decision.json the way a reader would answer (see tests/common/scenarios.rs), must end at the
//! tier a clinician would expect, as the cited source says. The suite covers every finding and
//! "Not sure" at every question, and it fails on a tree the build's checker accepts but that
//! sends a reader to the wrong place.

use crate::common;

use common::scenarios::{self, Scenario};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn decision_json(site: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(site.join("decision.json")).unwrap()).unwrap()
}

fn source_ids() -> BTreeSet<String> {
    let text = fs::read_to_string(common::repo_root().join("content/sources.yaml")).unwrap();
    let list: Vec<serde_yaml::Value> = serde_yaml::from_str(&text).unwrap();
    list.iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_scenario_reaches_the_tier_a_clinician_would_expect() {
    let (_dir, site) = common::build_real_guide();
    let tree = decision_json(&site);
    let all = scenarios::load();
    let failed = scenarios::failures(&tree, &all);
    assert!(
        failed.is_empty(),
        "{} of {} scenarios fail:\n{}",
        failed.len(),
        all.len(),
        failed.join("\n")
    );
    eprintln!("{} scenarios pass", all.len());
}

#[test]
fn the_scenarios_cover_every_finding_every_question_and_cite_a_source() {
    let (_dir, site) = common::build_real_guide();
    let tree = decision_json(&site);
    let all = scenarios::load();
    assert!(all.len() >= 40, "only {} scenarios", all.len());

    let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "a scenario id is used twice");

    let findings: BTreeSet<String> = tree["findings"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let questions: BTreeSet<String> = tree["nodes"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, n)| n["type"] == "question")
        .map(|(id, _)| id.clone())
        .collect();
    let sources = source_ids();
    for s in &all {
        for f in &s.signs {
            assert!(findings.contains(f), "{}: `{f}` is not a finding", s.id);
        }
        for q in &s.unsure_at {
            assert!(questions.contains(q), "{}: `{q}` is not a question", s.id);
        }
        assert!(
            sources.contains(&s.source),
            "{}: source `{}` is not in content/sources.yaml",
            s.id,
            s.source
        );
        scenarios::rank(&s.expect);
    }

    // Every finding is a sign of some reader, and of some reader who has it alone or with
    // soreness-like signs only, so each one's own effect is tested.
    let used: BTreeSet<&String> = all.iter().flat_map(|s| &s.signs).collect();
    let missing: Vec<&String> = findings.iter().filter(|f| !used.contains(f)).collect();
    assert!(missing.is_empty(), "no scenario has {missing:?}");
    // "Not sure" at every question.
    let unsure: BTreeSet<&String> = all.iter().flat_map(|s| &s.unsure_at).collect();
    let missing: Vec<&String> = questions.iter().filter(|q| !unsure.contains(q)).collect();
    assert!(missing.is_empty(), "no scenario is unsure at {missing:?}");
    // Red flags hidden behind soreness: every emergency outcome reached by a reader whose other
    // signs would lead to self-care.
    let doms = ["delayed_onset", "dull_generalized", "eases_with_movement"];
    let hidden = all
        .iter()
        .filter(|s| s.expect == "emergency" && doms.iter().all(|d| s.signs.iter().any(|f| f == d)))
        .count();
    assert!(
        hidden >= 3,
        "only {hidden} red flags hidden behind soreness"
    );
    // Every tier is expected somewhere.
    let tiers: BTreeSet<&str> = all.iter().map(|s| s.expect.as_str()).collect();
    assert_eq!(tiers.len(), 4, "{tiers:?}");
}

/// A tree the build accepts (no red flag is involved, "Not sure" still never lowers urgency) but
/// that sends a reader who has had cancer on to the leg questions, and so to self-care: the
/// scenarios must catch it.
#[test]
fn the_scenarios_fail_on_a_tree_that_sends_a_reader_to_the_wrong_place() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    common::copy_guide_sources(&root);
    let path = root.join("content/decision.yaml");
    let yaml = fs::read_to_string(&path).unwrap();
    let from = "        findings: [cancer_history]\n        next: urgent\n";
    assert!(yaml.contains(from), "decision.yaml has no {from:?}");
    fs::write(
        &path,
        yaml.replacen(
            from,
            "        findings: [cancer_history]\n        next: down-the-leg\n",
            1,
        ),
    )
    .unwrap();
    let out = dir.path().join("site");
    let output = common::build(&root, &out);
    assert!(
        output.status.success(),
        "the checker should accept this tree: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let failed = scenarios::failures(&decision_json(&out), &scenarios::load());
    assert!(
        failed.iter().any(|f| f.starts_with("had-cancer ")),
        "the scenarios did not notice: {failed:#?}"
    );
}

/// The walker itself: a reader with two matching answers takes the more urgent one, and a
/// reader whose signs match nothing where no answer says "none" is reported, not passed.
#[test]
fn the_walk_takes_the_most_urgent_match_and_reports_a_dead_end() {
    let tree: Value = serde_json::from_str(
        r#"{"version": 1, "start": "q", "findings": {"a": {"label": "A"}, "b": {"label": "B"}},
            "nodes": {
              "q": {"type": "question", "text": "?", "answers": [
                {"label": "A", "findings": ["a"], "next": "low"},
                {"label": "B", "findings": ["b"], "next": "high"},
                {"label": "Not sure", "findings": [], "next": "high"}]},
              "low": {"type": "outcome", "tier": "routine", "title": "", "body_html": "", "links": []},
              "high": {"type": "outcome", "tier": "emergency", "title": "", "body_html": "", "links": []}}}"#,
    )
    .unwrap();
    let reader = |signs: &[&str], unsure: &[&str]| Scenario {
        id: "t".into(),
        reader: "t".into(),
        signs: signs.iter().map(|s| s.to_string()).collect(),
        unsure_at: unsure.iter().map(|s| s.to_string()).collect(),
        expect: "emergency".into(),
        source: "article".into(),
    };
    let w = scenarios::walk(&tree, &reader(&["a", "b"], &[])).unwrap();
    assert_eq!((w.answers, w.tier.as_str()), (vec![1], "emergency"));
    let w = scenarios::walk(&tree, &reader(&["a"], &[])).unwrap();
    assert_eq!(w.tier, "routine");
    assert_eq!(scenarios::failures(&tree, &[reader(&["a"], &[])]).len(), 1);
    let w = scenarios::walk(&tree, &reader(&["a"], &["q"])).unwrap();
    assert_eq!(w.answers, vec![2]);
    let e = scenarios::walk(&tree, &reader(&[], &[])).unwrap_err();
    assert!(e.contains("no \"None of these\" or \"No\" answer"), "{e}");
}
