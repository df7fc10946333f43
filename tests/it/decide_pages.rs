//! The built decision pages: the no-JavaScript pages followed link by link, decision.json's
//! version 1 format, the copy of the tree in decide.html, the script's safety, its weight, and
//! a guide without a tree.

use crate::common;

use common::linkcheck::{tags, visible_text, Tag};
use common::read;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs;
use std::path::Path;

/// `html` without the `<template>`s (inert until the script clones them) and scripts.
fn visible_markup(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<template") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("</template>").expect("closed") + start;
        rest = &rest[end + "</template>".len()..];
    }
    out.push_str(rest);
    out
}

fn class_has(tag: &Tag, class: &str) -> bool {
    tag.attr("class")
        .is_some_and(|c| c.split_whitespace().any(|x| x == class))
}

/// Site-root-relative path of `href` written on the page at `from`.
fn resolve(from: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap();
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for p in href.split('/') {
        match p {
            ".." => {
                parts.pop().expect("stays inside the site");
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn json(site: &Path) -> Value {
    serde_json::from_str(&read(site, "decision.json")).expect("decision.json parses")
}

#[test]
fn the_no_javascript_pages_lead_link_by_link_to_every_node() {
    let (_dir, site) = common::build_real_guide();
    let tree = json(&site);
    let nodes = tree["nodes"].as_object().unwrap();

    // From decide.html, follow the answer links only, as a reader without JavaScript would.
    let mut queue = VecDeque::from(["decide.html".to_string()]);
    let mut seen = BTreeSet::new();
    let mut reached_tiers = BTreeSet::new();
    while let Some(page) = queue.pop_front() {
        if !seen.insert(page.clone()) {
            continue;
        }
        let html = visible_markup(&read(&site, &page));
        let all = tags(&html);
        let screen = all
            .iter()
            .find(|t| class_has(t, "decide-screen"))
            .unwrap_or_else(|| panic!("{page}: no question or result"));
        let id = screen.attr("data-node").unwrap();
        let node = &nodes[id];
        if page != "decide.html" {
            assert_eq!(page, format!("decide/{id}.html"));
        }
        let text = visible_text(&html);
        match node["type"].as_str().unwrap() {
            "question" => {
                let answers: Vec<&Tag> = all
                    .iter()
                    .filter(|t| class_has(t, "decide-answer"))
                    .collect();
                let expected = node["answers"].as_array().unwrap();
                assert_eq!(answers.len(), expected.len(), "{page}");
                for (link, answer) in answers.iter().zip(expected) {
                    let target = resolve(&page, link.attr("href").unwrap());
                    assert_eq!(
                        target,
                        format!("decide/{}.html", answer["next"].as_str().unwrap()),
                        "{page}: the answer {} goes where the tree says",
                        answer["label"]
                    );
                    assert!(site.join(&target).is_file(), "{page}: {target} is missing");
                    queue.push_back(target);
                }
                assert!(text.contains(node["text"].as_str().unwrap()), "{page}");
            }
            "outcome" => {
                let tier = node["tier"].as_str().unwrap();
                reached_tiers.insert(tier.to_string());
                let words = match tier {
                    "emergency" => "Emergency How soon: now",
                    "urgent" => "Urgent How soon: today",
                    "routine" => "Not an emergency How soon:",
                    _ => "Self-care How soon:",
                };
                assert!(text.contains(words), "{page}: the tier in words: {text}");
                assert!(text.contains(node["title"].as_str().unwrap()), "{page}");
                assert!(
                    text.contains("Why this result This result is for people who said"),
                    "{page}"
                );
                assert_eq!(
                    text.contains("What to watch for"),
                    tier != "emergency",
                    "{page}: the red flags repeat on every non-emergency result, and only there"
                );
                assert!(
                    text.contains("This guide is general information"),
                    "{page}: disclaimer"
                );
                for link in node["links"].as_array().unwrap() {
                    let link = link.as_str().unwrap();
                    let href = format!("../{link}");
                    assert!(
                        all.iter()
                            .any(|t| t.name == "a" && t.attr("href") == Some(href.as_str())),
                        "{page}: no link to {link}"
                    );
                    assert!(
                        site.join(link.split('#').next().unwrap()).is_file(),
                        "{link}"
                    );
                }
                let restart = all
                    .iter()
                    .find(|t| t.attr("data-decide-restart").is_some())
                    .expect("Start again");
                assert_eq!(restart.attr("href"), Some("../decide.html"), "{page}");
            }
            other => panic!("{page}: type {other}"),
        }
    }
    // decide.html is the start question; its own page is reached by the Back links.
    let start = tree["start"].as_str().unwrap();
    let pages: BTreeSet<String> = nodes
        .keys()
        .filter(|id| *id != start)
        .map(|id| format!("decide/{id}.html"))
        .collect();
    let reached: BTreeSet<String> = seen.into_iter().filter(|p| p != "decide.html").collect();
    assert_eq!(
        reached, pages,
        "every node's page is reached from decide.html"
    );
    let second = nodes[start]["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["next"].as_str().unwrap())
        .find(|n| nodes[*n]["type"] == "question")
        .unwrap();
    let back = tags(&read(&site, &format!("decide/{second}.html")))
        .into_iter()
        .find(|t| class_has(t, "decide-back"))
        .unwrap();
    assert_eq!(back.attr("href"), Some(format!("{start}.html").as_str()));
    let start_page = read(&site, &format!("decide/{start}.html"));
    assert!(start_page.contains(nodes[start]["text"].as_str().unwrap()));
    assert_eq!(reached_tiers.len(), 4, "{reached_tiers:?}");
}

#[test]
fn decision_json_is_version_1() {
    let (_dir, site) = common::build_real_guide();
    let tree = json(&site);
    let keys = |v: &Value| -> BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    let set =
        |names: &[&str]| -> BTreeSet<String> { names.iter().map(|s| s.to_string()).collect() };
    assert_eq!(keys(&tree), set(&["version", "start", "findings", "nodes"]));
    assert_eq!(tree["version"], 1);
    let nodes = tree["nodes"].as_object().unwrap();
    assert_eq!(nodes[tree["start"].as_str().unwrap()]["type"], "question");
    for id in [
        "bladder_bowel_loss",
        "bladder_bowel_change",
        "saddle_numbness",
        "sexual_function_change",
        "bilateral_leg_symptoms",
        "progressive_leg_weakness",
        "major_trauma",
        "chest_pain",
        "fever_unwell",
        "weight_loss",
        "cancer_history",
        "night_pain",
        "fragile_bones_injury",
        "cough_sneeze_worse",
        "lump_or_shape_change",
        "upper_back_pain",
        "radiating_below_knee",
        "radiating_leg",
        "leg_numbness_tingling",
        "severe_unrelenting",
        "sharp_localized",
        "sudden_onset",
        "worse_with_movement",
        "delayed_onset",
        "dull_generalized",
        "eases_with_movement",
    ] {
        let finding = &tree["findings"][id];
        assert_eq!(keys(finding), set(&["label"]), "{id}");
        assert!(!finding["label"].as_str().unwrap().is_empty());
    }
    for (id, node) in nodes {
        match node["type"].as_str().unwrap() {
            "question" => {
                let k = keys(node);
                assert!(
                    k == set(&["type", "text", "answers"])
                        || k == set(&["type", "text", "help", "answers"]),
                    "{id}: {k:?}"
                );
                for a in node["answers"].as_array().unwrap() {
                    assert_eq!(keys(a), set(&["label", "findings", "next"]), "{id}");
                    assert!(nodes.contains_key(a["next"].as_str().unwrap()), "{id}");
                    for f in a["findings"].as_array().unwrap() {
                        assert!(
                            tree["findings"].get(f.as_str().unwrap()).is_some(),
                            "{id}: {f}"
                        );
                    }
                }
            }
            "outcome" => {
                assert_eq!(
                    keys(node),
                    set(&["type", "tier", "title", "body_html", "links"]),
                    "{id}"
                );
                let tier = node["tier"].as_str().unwrap();
                assert!(
                    ["emergency", "urgent", "routine", "self-care"].contains(&tier),
                    "{id}"
                );
                assert!(
                    node["body_html"].as_str().unwrap().starts_with("<p>"),
                    "{id}"
                );
                for link in node["links"].as_array().unwrap() {
                    let link = link.as_str().unwrap();
                    assert!(
                        !link.starts_with('/') && link.contains(".html"),
                        "{id}: {link}"
                    );
                    assert!(
                        site.join(link.split('#').next().unwrap()).is_file(),
                        "{id}: {link}"
                    );
                }
            }
            other => panic!("{id}: type {other}"),
        }
    }
}

#[test]
fn decide_html_carries_the_same_tree_and_a_template_per_result() {
    let (_dir, site) = common::build_real_guide();
    let tree = json(&site);
    let html = read(&site, "decide.html");
    let start = html
        .find(r#"<script type="application/json" id="decision-data">"#)
        .unwrap();
    let body = &html[start..];
    let body = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
    assert!(
        !body.contains('<'),
        "the embedded JSON escapes < so it cannot close the script"
    );
    let data: Value = serde_json::from_str(body).expect("embedded data parses");
    assert_eq!(data["start"], tree["start"]);
    for (id, node) in tree["nodes"].as_object().unwrap() {
        let copy = &data["nodes"][id];
        if node["type"] == "question" {
            // The page's copy uses one-letter keys (see src/decision/compile.rs).
            assert_eq!(copy["t"], node["text"], "{id}");
            let answers = node["answers"].as_array().unwrap();
            assert_eq!(copy["a"].as_array().unwrap().len(), answers.len(), "{id}");
            for (i, a) in answers.iter().enumerate() {
                let c = &copy["a"][i];
                assert_eq!(c["l"], a["label"], "{id}");
                assert_eq!(c["n"], a["next"], "{id}");
                // The page names a finding by its place in its list of labels.
                let labels: Vec<&Value> = (c.get("f").and_then(Value::as_array))
                    .map(|f| {
                        f.iter()
                            .map(|i| &data["findings"][i.as_u64().unwrap() as usize])
                            .collect()
                    })
                    .unwrap_or_default();
                let expected: Vec<&Value> = (a["findings"].as_array().unwrap().iter())
                    .map(|f| &tree["findings"][f.as_str().unwrap()]["label"])
                    .collect();
                assert_eq!(labels, expected, "{id}");
            }
        } else {
            assert_eq!(copy["tier"], node["tier"], "{id}");
            assert!(
                html.contains(&format!(r#"<template id="decide-node-{id}">"#)),
                "{id}"
            );
        }
    }
    // Every finding's label, once; the finding ids stay out of the page.
    let labels = data["findings"].as_array().unwrap();
    assert_eq!(labels.len(), tree["findings"].as_object().unwrap().len());
    for (id, finding) in tree["findings"].as_object().unwrap() {
        assert!(labels.contains(&finding["label"]), "{id}");
        assert!(!body.contains(&format!("\"{id}\"")), "{id} is in the page");
    }
}

#[test]
fn the_script_builds_no_html_from_strings_and_fetches_nothing() {
    let js = fs::read_to_string(common::repo_root().join("static/decide.js")).unwrap();
    for banned in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "DOMParser",
        "createContextualFragment",
        "fetch(",
        "XMLHttpRequest",
        "eval(",
        "import(",
    ] {
        assert!(!js.contains(banned), "static/decide.js uses {banned}");
    }
}

/// HTML plus the CSS, scripts and images it loads, in bytes.
fn page_weight(site: &Path, page: &str) -> BTreeMap<String, usize> {
    let html = read(site, page);
    let mut parts = BTreeMap::from([(page.to_string(), html.len())]);
    for tag in tags(&html) {
        let url = match tag.name.as_str() {
            "link" if matches!(tag.attr("rel"), Some("stylesheet" | "icon")) => tag.attr("href"),
            "script" | "img" => tag.attr("src"),
            _ => None,
        };
        if let Some(url) = url {
            let path = resolve(page, url);
            let size = fs::metadata(site.join(&path))
                .map(|m| m.len() as usize)
                .unwrap_or(0);
            parts.insert(path, size);
        }
    }
    parts
}

#[test]
fn decide_html_with_its_css_and_scripts_is_under_45_kb() {
    let (_dir, site) = common::build_real_guide();
    let parts = page_weight(&site, "decide.html");
    let total: usize = parts.values().sum();
    eprintln!("decide.html weighs {total} bytes: {parts:?}");
    assert!(
        parts.contains_key("decide.js") && parts.contains_key("style.css"),
        "{parts:?}"
    );
    assert!(
        total < 40_000,
        "decide.html weighs {total} bytes with what it loads: {parts:?}"
    );
}

#[test]
fn every_page_header_and_the_home_page_link_to_it() {
    let (_dir, site) = common::build_real_guide();
    let mut pages = Vec::new();
    let mut stack = vec![site.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                pages.push(
                    path.strip_prefix(&site)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut checked = 0;
    for page in &pages {
        if page.starts_with("downloads/") {
            continue; // the offline copy has no section navigation
        }
        let html = read(&site, page);
        let Some(header) = html
            .split("</header>")
            .next()
            .filter(|h| h.contains("site-header"))
        else {
            continue; // a page with a layout of its own
        };
        let href = format!("{}decide.html", "../".repeat(page.matches('/').count()));
        assert!(
            tags(header)
                .iter()
                .any(|t| t.name == "a" && t.attr("href") == Some(href.as_str())),
            "{page}: the header does not link to {href}"
        );
        assert!(
            visible_text(header).contains("Check what to do now"),
            "{page}"
        );
        checked += 1;
    }
    assert!(checked > 40, "only {checked} pages have the site header");
}

/// A copy of the real guide in a temporary folder, to break.
fn copy_of_the_guide() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    common::copy_guide_sources(&root);
    (dir, root)
}

#[test]
fn a_guide_without_a_tree_builds_without_the_page() {
    let (dir, root) = copy_of_the_guide();
    fs::remove_file(root.join("content/decision.yaml")).unwrap();
    let out = dir.path().join("site");
    let output = common::build(&root, &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!out.join("decide.html").exists());
    assert!(!out.join("decision.json").exists());
    let home = read(&out, "index.html");
    assert!(
        !home.contains("decide.html"),
        "the home page links to a page that is not there"
    );
}

#[test]
fn a_broken_tree_fails_the_build_naming_the_file_line_and_node_and_keeps_the_old_site() {
    let (dir, root) = copy_of_the_guide();
    let out = dir.path().join("site");
    let build = || common::build(&root, &out);
    assert!(build().status.success());
    let before = read(&out, "decision.json");

    let path = root.join("content/decision.yaml");
    let yaml = fs::read_to_string(&path).unwrap();
    // The "Not sure" answer to the last question now lowers urgency to self-care.
    let at = yaml.find("  moving:").unwrap();
    let end = at + yaml[at..].find("\n\n").unwrap();
    let unsure = at + yaml[at..end].rfind("next: routine-strain").unwrap();
    let broken = format!(
        "{}next: self-care-doms{}",
        &yaml[..unsure],
        &yaml[unsure + "next: routine-strain".len()..]
    );
    fs::write(&path, &broken).unwrap();
    let line = broken[..unsure].matches('\n').count() + 1;

    let output = build();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: content/decision.yaml:"), "{stderr}");
    assert!(stderr.contains("node `moving`"), "{stderr}");
    assert!(stderr.contains("must never lower urgency"), "{stderr}");
    // The answer's line: the `- label: Not sure` line, two lines above its `next`.
    assert!(
        stderr.contains(&format!("decision.yaml:{}:", line - 2)),
        "line {}: {stderr}",
        line - 2
    );
    assert_eq!(
        read(&out, "decision.json"),
        before,
        "the previous site is untouched"
    );
}

#[test]
fn the_emergency_box_and_the_trees_red_flags_are_one_list() {
    let (dir, root) = copy_of_the_guide();
    let out = dir.path().join("site");
    let guide_path = root.join("content/guide.yaml");
    let guide = fs::read_to_string(&guide_path).unwrap();
    let tree = fs::read_to_string(root.join("content/decision.yaml")).unwrap();
    let line_of =
        |text: &str, needle: &str| text[..text.find(needle).unwrap()].matches('\n').count() + 1;

    // A sign of the box with an id the tree does not have as a red flag.
    let broken = guide.replacen("- id: chest_pain\n", "- id: chest_pains\n", 1);
    assert_ne!(broken, guide, "guide.yaml lists chest_pain");
    fs::write(&guide_path, &broken).unwrap();
    let output = common::build(&root, &out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "content/guide.yaml:{}: emergency sign `chest_pains` is not a red flag of content/decision.yaml",
            line_of(&broken, "- id: chest_pains")
        )),
        "{stderr}"
    );
    // So the tree's `chest_pain` has no sign in the box.
    assert!(
        stderr.contains(&format!(
            "content/decision.yaml:{}: red flag `chest_pain` is not in content/guide.yaml's emergency.signs",
            line_of(&tree, "  chest_pain:")
        )),
        "{stderr}"
    );
    assert!(!out.join("index.html").exists(), "nothing is written");
}
