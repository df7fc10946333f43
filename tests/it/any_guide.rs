//! A decision tree declares its own findings: the safety rules read `red_flag` and the tiers,
//! never fixed ids, and a guide may have no decision page at all.

use crate::common;
use std::fs;
use std::path::Path;

/// The finding ids declared under `findings:` in a decision.yaml.
fn finding_ids(decision: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut inside = false;
    for line in decision.lines() {
        if line.starts_with("findings:") {
            inside = true;
        } else if inside && !line.starts_with(' ') && !line.trim().is_empty() {
            break;
        } else if inside && line.starts_with("  ") && !line.starts_with("   ") {
            if let Some(id) = line.trim().strip_suffix(':') {
                ids.push(id.to_string());
            }
        }
    }
    ids
}

/// Replace `id` as a whole word (ids are snake_case, so a word ends at a non-identifier byte).
fn replace_word(text: &str, id: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    while let Some(at) = rest.find(id) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + id.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(is_ident) || after.is_some_and(is_ident) {
            out.push_str(id);
        } else {
            out.push_str(with);
        }
        rest = &rest[at + id.len()..];
    }
    out.push_str(rest);
    out
}

fn rewrite(path: &Path, change: impl Fn(&str) -> String) {
    let text = fs::read_to_string(path).unwrap();
    fs::write(path, change(&text)).unwrap();
}

#[test]
fn a_tree_with_its_own_finding_ids_builds_and_keeps_its_red_flags() {
    let dir = common::copy_of_the_guide();
    let content = dir.path().join("content");
    let decision = fs::read_to_string(content.join("decision.yaml")).unwrap();
    let ids = finding_ids(&decision);
    assert!(ids.len() > 10, "found only {ids:?}");
    for file in ["decision.yaml", "guide.yaml"] {
        rewrite(&content.join(file), |text| {
            ids.iter().enumerate().fold(text.to_string(), |t, (n, id)| {
                replace_word(&t, id, &format!("sign{n}"))
            })
        });
    }
    let out = dir.path().join("out");
    let built = common::build(dir.path(), &out);
    let (stdout, stderr) = common::output_text(&built);
    assert!(built.status.success(), "{stdout}\n{stderr}");
    let json = common::read(&out, "decision.json");
    assert!(
        json.contains("\"sign0\""),
        "renamed ids missing from decision.json"
    );
    assert!(
        !json.contains(&format!("\"{}\"", ids[0])),
        "old id still there"
    );
}

#[test]
fn a_tree_without_a_red_flag_is_refused() {
    let dir = common::copy_of_the_guide();
    let content = dir.path().join("content");
    rewrite(&content.join("decision.yaml"), |t| {
        t.replace("red_flag: true", "red_flag: false")
    });
    let built = common::build(dir.path(), &dir.path().join("out"));
    let (_, stderr) = common::output_text(&built);
    assert!(!built.status.success());
    assert!(
        stderr.contains("content/decision.yaml") && stderr.contains("red_flag: true"),
        "{stderr}"
    );
}

#[test]
fn a_guide_without_a_decision_page_builds_and_never_links_to_one() {
    let dir = common::copy_of_the_guide();
    fs::remove_file(dir.path().join("content/decision.yaml")).unwrap();
    let out = dir.path().join("out");
    let built = common::build(dir.path(), &out);
    let (stdout, stderr) = common::output_text(&built);
    assert!(built.status.success(), "{stdout}\n{stderr}");
    assert!(!out.join("decide.html").exists());
    assert!(!out.join("decision.json").exists());
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = fs::read_to_string(entry.path()).unwrap();
            assert!(
                !html.contains("decide.html") && !html.contains("decide/"),
                "{} links to the decision page",
                entry.path().display()
            );
        }
    }
}
