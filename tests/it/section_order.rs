//! Warning signs are listed most urgent first, whatever their weights say: a worried reader
//! meets "call now" before "get help today".

use crate::common;
use std::fs;
use std::path::Path;

fn rank(tier: &str) -> u8 {
    match tier {
        "emergency" => 0,
        "urgent" => 1,
        _ => 2,
    }
}

/// The tiers of the topics listed on a section index, in page order.
fn listed_tiers(index_html: &str) -> Vec<String> {
    index_html
        .split("tier-label tier-")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

fn assert_most_urgent_first(site: &Path) {
    let mut checked = 0;
    for entry in fs::read_dir(site).unwrap() {
        let index = entry.unwrap().path().join("index.html");
        let Ok(html) = fs::read_to_string(&index) else {
            continue;
        };
        let tiers = listed_tiers(&html);
        let ranks: Vec<u8> = tiers.iter().map(|t| rank(t)).collect();
        let mut sorted = ranks.clone();
        sorted.sort();
        assert_eq!(ranks, sorted, "{}: {tiers:?}", index.display());
        checked += tiers.len();
    }
    assert!(checked > 0, "no tier labels found on any section index");
}

#[test]
fn the_real_guide_lists_warning_signs_most_urgent_first() {
    let (_dir, site) = common::build_real_guide();
    assert_most_urgent_first(&site);
}

#[test]
fn a_light_weight_does_not_lift_an_urgent_sign_above_an_emergency() {
    let dir = common::copy_of_the_guide();
    let signs = dir.path().join("content/warning-signs");
    for entry in fs::read_dir(&signs).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        if text.contains("tier: urgent") {
            let lighter = text
                .lines()
                .map(|l| {
                    if l.starts_with("weight:") {
                        "weight: -100"
                    } else {
                        l
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            fs::write(&path, lighter + "\n").unwrap();
        }
    }
    let out = dir.path().join("out");
    let built = common::build(dir.path(), &out);
    let (stdout, stderr) = common::output_text(&built);
    assert!(built.status.success(), "{stdout}\n{stderr}");
    assert_most_urgent_first(&out);
}
