//! Speed and quality scores: Lighthouse on the home page, a topic page and decide.html (when it
//! exists), served from 127.0.0.1 by tests/browser/serve-static.mjs, one run each (the runner is
//! tests/browser/lighthouse-check.mjs). Accessibility, best practices and SEO must score 100;
//! performance, which measures CPU time on a shared machine, at least 95. The scores are printed;
//! `UPDATE_QUALITY=1` also records them in docs/quality.md.

use crate::common;
use crate::quality_report;

use std::collections::BTreeMap;

const MIN_SCORE: u64 = 95;
/// Each category and the least it may score.
const CATEGORIES: [(&str, u64); 4] = [
    ("performance", MIN_SCORE),
    ("accessibility", 100),
    ("best-practices", 100),
    ("seo", 100),
];

// A speed score measures CPU time, so it runs alone, after the rest (`.ci/run`): beside the
// other tests of the one test binary it measured their load, not the pages.
#[test]
#[ignore = "run alone: cargo test --test it -- --ignored --test-threads=1"]
fn lighthouse_scores_home_topic_and_decision_page_at_least_95() {
    if !common::browser_available("quality_lighthouse") {
        return;
    }
    assert!(
        common::browser_dir()
            .join("node_modules/lighthouse/cli/index.js")
            .exists(),
        "lighthouse is not installed: npm ci --prefix tests/browser"
    );
    let (_guard, site) = common::build_real_guide();
    let out = common::node("lighthouse-check.mjs")
        .arg(&site)
        .env("LIGHTHOUSE_MIN", MIN_SCORE.to_string())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}{stderr}");
    let json = stdout
        .lines()
        .find_map(|l| l.strip_prefix("LIGHTHOUSE_JSON "))
        .unwrap_or_else(|| panic!("lighthouse-check.mjs gave no scores:\n{stdout}\n{stderr}"));
    let scores: BTreeMap<String, BTreeMap<String, Option<u64>>> =
        serde_json::from_str(json).expect("scores are JSON");

    let mut pages = vec!["index.html".to_string()];
    pages.extend(
        scores
            .keys()
            .filter(|p| *p != "index.html" && *p != "decide.html")
            .cloned(),
    );
    if site.join("decide.html").exists() {
        pages.push("decide.html".to_string());
    }
    assert_eq!(
        pages.len(),
        scores.len(),
        "expected scores for the home page, one topic and decide.html (if built): {scores:?}"
    );
    let mut table = String::from(
        "| page | performance | accessibility | best practices | SEO |\n| --- | ---: | ---: | ---: | ---: |\n",
    );
    let mut low = Vec::new();
    for page in &pages {
        let s = scores
            .get(page)
            .unwrap_or_else(|| panic!("no scores for {page}: {scores:?}"));
        let mut row = format!("| {page} |");
        for (c, least) in CATEGORIES {
            let v = s.get(c).copied().flatten();
            row.push_str(&match v {
                Some(v) => format!(" {v} |"),
                None => " none |".to_string(),
            });
            if v.is_none_or(|v| v < least) {
                low.push(format!("{page}: {c} {v:?}, below {least}"));
            }
        }
        table.push_str(&row);
        table.push('\n');
    }
    quality_report::record("lighthouse", "Lighthouse scores:", &table);
    assert!(
        low.is_empty(),
        "Lighthouse scores too low:\n{}",
        low.join("\n")
    );
    assert!(
        out.status.success(),
        "lighthouse-check.mjs failed:\n{stdout}\n{stderr}"
    );
}
