//! Without JavaScript every decision page but the first has a way back: a Back link to the one
//! question that leads there, or, where several do, a link to each of them.

use crate::common;
use std::fs;

/// Each `<a …>` tag's `href` in `html`, and whether the tag is `hidden`.
fn visible_links(html: &str) -> Vec<(String, bool)> {
    html.split("<a ")
        .skip(1)
        .map(|tag| {
            let tag = &tag[..tag.find('>').unwrap()];
            let href = tag
                .split("href=\"")
                .nth(1)
                .map(|r| r.split('"').next().unwrap().to_string())
                .unwrap_or_default();
            (href, tag.contains(" hidden") || tag.ends_with("hidden"))
        })
        .collect()
}

#[test]
fn every_decision_page_but_the_first_has_a_way_back_without_javascript() {
    let (_dir, site) = common::build_real_guide();
    let decide = site.join("decide");
    let json: serde_json::Value =
        serde_json::from_str(&common::read(&site, "decision.json")).unwrap();
    let start = format!("{}.html", json["start"].as_str().expect("start"));
    let mut checked = 0;
    for entry in fs::read_dir(&decide).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let html = fs::read_to_string(&path).unwrap();
        // The first question, and the two overview pages, are where a reader starts.
        if ["flowchart.html", "questions.html", start.as_str()].contains(&name.as_str()) {
            continue;
        }
        let back: Vec<String> = if let Some(at) = html.find("data-decide-back-to") {
            let list = &html[at..html[at..].find("</div>").unwrap() + at];
            visible_links(list).into_iter().map(|(h, _)| h).collect()
        } else {
            visible_links(&html)
                .into_iter()
                .filter(|(h, hidden)| !hidden && !h.contains("decide.html"))
                .map(|(h, _)| h)
                .filter(|h| html.contains(&format!("class=\"decide-back\" href=\"{h}\"")))
                .collect()
        };
        assert!(
            !back.is_empty(),
            "decide/{name} has no way back without JavaScript"
        );
        // Each way back leads to a question that really leads here.
        for target in &back {
            let question = fs::read_to_string(decide.join(target))
                .unwrap_or_else(|_| panic!("decide/{name}: {target} does not exist"));
            assert!(
                question.contains(&format!("href=\"{name}\"")),
                "decide/{name}: {target} does not lead here"
            );
        }
        checked += 1;
    }
    assert!(checked >= 10, "checked only {checked} pages");
}
