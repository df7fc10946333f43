//! What every page of the real guide must have: language, title, description, viewport, the
//! emergency box before the main content, review dates and the disclaimer; topic pages have
//! breadcrumbs and previous/next; the causes index has the timeline with a text alternative.

use crate::common;

use common::linkcheck::{collapse_whitespace, tags, visible_text, Tag};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The parts of content/guide.yaml the pages must show.
#[derive(Deserialize)]
struct Guide {
    language: String,
    review: Review,
    disclaimer: String,
    emergency: Emergency,
    sections: Vec<String>,
}

#[derive(Deserialize)]
struct Review {
    status: String,
    reviewed: String,
    next_review: String,
}

#[derive(Deserialize)]
struct Emergency {
    heading: String,
    signs: Vec<Sign>,
    numbers: Vec<Number>,
}

#[derive(Deserialize)]
struct Sign {
    text: String,
}

#[derive(Deserialize)]
struct Number {
    number: String,
    #[serde(rename = "where")]
    applies_in: String,
}

fn guide() -> Guide {
    let text = fs::read_to_string(common::repo_root().join("content/guide.yaml")).unwrap();
    serde_yaml::from_str(&text).expect("content/guide.yaml")
}

/// Every .html page of the site, by output path.
fn pages(site: &Path) -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if path.is_dir() {
                walk(&path, &format!("{prefix}{name}/"), out);
            } else if name.ends_with(".html") {
                out.insert(
                    format!("{prefix}{name}"),
                    fs::read_to_string(&path).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(site, "", &mut out);
    out
}

/// The text between the first `<name ...>` and the following `</name>`.
fn element<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let open = html.find(&format!("<{name}"))?;
    let start = open + html[open..].find('>')? + 1;
    let end = start + html[start..].find(&format!("</{name}>"))?;
    Some(&html[start..end])
}

fn first_tag<'a>(tags: &'a [Tag], name: &str, attr: (&str, &str)) -> Option<&'a Tag> {
    tags.iter()
        .find(|t| t.name == name && t.attr(attr.0) == Some(attr.1))
}

/// Topic pages are the pages of a section folder other than its index.
fn is_topic(path: &str, guide: &Guide) -> bool {
    match path.split_once('/') {
        Some((section, name)) => {
            guide.sections.iter().any(|s| s == section) && name != "index.html"
        }
        None => false,
    }
}

/// Resolve `href` written on the page at `from` to a site path, dropping any fragment.
fn resolve(from: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap();
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The href of the page's `rel` link (prev or next), as a site path.
fn pager(path: &str, html: &str, rel: &str) -> Option<String> {
    tags(html)
        .iter()
        .find(|t| t.name == "a" && t.attr("rel") == Some(rel))
        .and_then(|t| t.attr("href"))
        .map(|href| resolve(path, href))
}

#[test]
fn every_page_has_the_common_parts() {
    let guide = guide();
    let (_guard, site) = common::build_real_guide();
    let pages = pages(&site);
    assert!(pages.len() >= 30, "only {} pages", pages.len());
    assert_eq!(guide.language, "en-GB");
    assert!(guide
        .emergency
        .heading
        .starts_with("Call your emergency number now"));
    assert_eq!(guide.review.status, "not-clinically-reviewed");
    let disclaimer = collapse_whitespace(&guide.disclaimer);
    let mut problems = Vec::new();
    for (path, html) in &pages {
        let mut problem = |what: String| problems.push(format!("{path}: {what}"));
        let tags = tags(html);

        match tags.iter().find(|t| t.name == "html") {
            Some(t) if t.attr("lang") == Some("en-GB") => {}
            _ => problem("no <html lang=\"en-GB\">".into()),
        }
        if element(html, "title").is_none_or(|t| t.trim().is_empty()) {
            problem("no <title>, or an empty one".into());
        }
        if first_tag(&tags, "meta", ("name", "description"))
            .and_then(|t| t.attr("content"))
            .is_none_or(|c| c.trim().is_empty())
        {
            problem("no meta description".into());
        }
        if first_tag(&tags, "meta", ("name", "viewport"))
            .and_then(|t| t.attr("content"))
            .is_none_or(|c| !c.contains("width=device-width"))
        {
            problem("no meta viewport with width=device-width".into());
        }

        // The emergency box comes before the page's own content, on every page.
        let Some(main_at) = html.find("<main") else {
            problem("no <main>".into());
            continue;
        };
        let before_main = visible_text(&html[..main_at]);
        // Every emergency number is a tel: link in the box.
        for n in &guide.emergency.numbers {
            let tel = format!("tel:{}", n.number);
            if !tags
                .iter()
                .any(|t| t.offset < main_at && t.name == "a" && t.attr("href") == Some(&tel))
            {
                problem(format!("no <a href=\"{tel}\"> in the emergency box"));
            }
        }
        // Every page shows the numbers; the decision pages start with a question that asks
        // about every sign, so their box is short, and every other page shows the whole list.
        let mut emergency: Vec<String> = guide
            .emergency
            .numbers
            .iter()
            .map(|n| format!("{} in {}", n.number, n.applies_in))
            .collect();
        if !path.starts_with("decide") {
            emergency.push(guide.emergency.heading.clone());
            emergency.extend(guide.emergency.signs.iter().map(|s| s.text.clone()));
            // The red flags of issues 1 and 9, whatever words surround them.
            for flag in [
                "control when you pee or poo",
                "genitals or bottom",
                "both legs",
                "legs getting weaker",
                "sex",
                "chest pain",
                "fall from a height",
            ] {
                emergency.push(flag.to_string());
            }
        }
        for words in &emergency {
            if !before_main.contains(&collapse_whitespace(words)) {
                problem(format!("emergency box before <main> lacks {words:?}"));
            }
        }
        if !tags
            .iter()
            .any(|t| t.offset < main_at && t.attr("class").is_some_and(|c| c.contains("emergency")))
        {
            problem("no element of class emergency before <main>".into());
        }

        let text = visible_text(html);
        for words in [
            "This guide has not yet been checked by a clinician.",
            "Next review due",
            disclaimer.as_str(),
        ] {
            if !text.contains(words) {
                problem(format!("no {words:?}"));
            }
        }
        for date in [&guide.review.reviewed, &guide.review.next_review] {
            if !tags
                .iter()
                .any(|t| t.name == "time" && t.attr("datetime") == Some(date.as_str()))
            {
                problem(format!("no <time datetime=\"{date}\">"));
            }
        }
        let footer = html.find("<footer").map_or("", |i| &html[i..]);
        if !visible_text(footer).contains(&disclaimer) {
            problem("the disclaimer is not in the footer".into());
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn topic_pages_have_breadcrumbs() {
    let guide = guide();
    let (_guard, site) = common::build_real_guide();
    let pages = pages(&site);
    let mut problems = Vec::new();
    let mut topics = 0;
    for (path, html) in pages.iter().filter(|(p, _)| is_topic(p, &guide)) {
        topics += 1;
        let section = path.split('/').next().unwrap();
        let Some(crumbs) = html
            .find("aria-label=\"Breadcrumb\"")
            .and_then(|i| element(&html[i..], "ol"))
        else {
            problems.push(format!("{path}: no breadcrumbs"));
            continue;
        };
        let targets: Vec<String> = tags(crumbs)
            .iter()
            .filter_map(|t| t.attr("href"))
            .map(|h| resolve(path, h))
            .collect();
        let expected = vec!["index.html".to_string(), format!("{section}/index.html")];
        if targets != expected {
            problems.push(format!("{path}: breadcrumbs go to {targets:?}"));
        }
    }
    assert!(topics >= 20, "only {topics} topic pages");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn previous_and_next_walk_every_section_and_topic_in_order() {
    let guide = guide();
    let (_guard, site) = common::build_real_guide();
    let pages = pages(&site);
    // From the home page, follow "Next" to the end; each step's "Previous" leads back.
    let mut order = vec!["index.html".to_string()];
    let mut seen = BTreeSet::from(["index.html".to_string()]);
    let mut problems = Vec::new();
    while let Some(next) = pager(order.last().unwrap(), &pages[order.last().unwrap()], "next") {
        let here = order.last().unwrap().clone();
        let Some(html) = pages.get(&next) else {
            problems.push(format!("{here}: next goes to missing page {next}"));
            break;
        };
        if !seen.insert(next.clone()) {
            problems.push(format!("{here}: next goes back to {next}: a loop"));
            break;
        }
        if pager(&next, html, "prev").as_deref() != Some(here.as_str()) {
            problems.push(format!("{next}: previous does not go back to {here}"));
        }
        order.push(next);
    }
    // Reading order: each section's index, then its topics, in guide.yaml's order.
    let walked_sections: Vec<&str> = order
        .iter()
        .filter_map(|p| p.strip_suffix("/index.html"))
        .collect();
    assert_eq!(walked_sections, guide.sections, "sections in reading order");
    let expected: BTreeSet<&String> = pages
        .keys()
        .filter(|p| is_topic(p, &guide) || p.ends_with("/index.html"))
        .collect();
    let walked: BTreeSet<&String> = order.iter().skip(1).collect();
    let unreached: Vec<_> = expected.difference(&walked).collect();
    assert!(
        unreached.is_empty(),
        "previous/next never reach: {unreached:?}"
    );
    for page in order.iter().skip(1) {
        let section = page.split('/').next().unwrap();
        let index = format!("{section}/index.html");
        let pos = |p: &str| order.iter().position(|o| o == p).unwrap();
        if pos(page) < pos(&index) {
            problems.push(format!("{page} comes before its section's index"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn causes_index_has_a_timeline_with_a_text_alternative() {
    let (_guard, site) = common::build_real_guide();
    let html = fs::read_to_string(site.join("causes/index.html")).unwrap();
    let svg_at = html.find("<svg").expect("an <svg> on the causes index");
    let svg = &html[svg_at..svg_at + html[svg_at..].find("</svg>").expect("</svg>")];
    let svg_tags = tags(svg);
    let svg_tag = &svg_tags[0];
    assert_eq!(svg_tag.attr("role"), Some("img"), "the svg is an image");

    let title = element(svg, "title").map(visible_text).unwrap_or_default();
    let desc = element(svg, "desc").map(visible_text).unwrap_or_default();
    assert!(title.len() > 10, "the svg's <title> is {title:?}");
    assert!(desc.len() > 20, "the svg's <desc> is {desc:?}");
    // The description is drawn from the causes' onset fields: DOMS is 12 to 72 hours.
    assert!(desc.contains("12") && desc.contains("72"), "desc: {desc}");

    // aria-labelledby names ids that exist inside the drawing.
    let labelled = svg_tag
        .attr("aria-labelledby")
        .expect("the svg names its title and desc with aria-labelledby");
    let ids: BTreeSet<&str> = svg_tags.iter().filter_map(|t| t.attr("id")).collect();
    for id in labelled.split_whitespace() {
        assert!(
            ids.contains(id),
            "aria-labelledby names `{id}`, not in the svg"
        );
    }
}

/// Issue 9: every cause and soreness-or-injury topic ends with "What to do now" and then the
/// care cards; the red card lists every emergency sign, as does every emergency warning-sign
/// topic; the urgent card says where NHS 111 works.
#[test]
fn cause_and_soreness_topics_end_with_what_to_do_now_and_the_care_cards() {
    let guide = guide();
    let (_guard, site) = common::build_real_guide();
    let pages = pages(&site);
    let mut problems = Vec::new();
    let mut checked = 0;
    for (path, html) in &pages {
        let cards_expected = path.starts_with("causes/") || path.starts_with("soreness-or-injury/");
        let emergency_topic =
            path.starts_with("warning-signs/") && html.contains("tier-emergency\">");
        if !is_topic(path, &guide) || !(cards_expected || emergency_topic) {
            continue;
        }
        checked += 1;
        let main = element(html, "main").unwrap_or_default();
        let text = visible_text(main);
        for sign in &guide.emergency.signs {
            if !text.contains(&collapse_whitespace(&sign.text)) {
                problems.push(format!("{path}: the red card lacks {:?}", sign.text));
            }
        }
        if !cards_expected {
            continue;
        }
        let (Some(prose), Some(cards)) = (
            html.find("class=\"prose\""),
            html.find("class=\"care-cards\""),
        ) else {
            problems.push(format!("{path}: no prose or no care cards"));
            continue;
        };
        let last_h2 = html[prose..cards]
            .rfind("<h2")
            .map(|i| &html[prose + i..cards]);
        let heading = last_h2.map(|h| visible_text(element(h, "h2").unwrap_or_default()));
        if heading.as_deref() != Some("What to do now") {
            problems.push(format!(
                "{path}: the last heading before the cards is not \"What to do now\""
            ));
        }
        for words in [
            "Call 999 or go to A&E now if",
            "Ask for an urgent GP appointment or call NHS 111 if",
            "See a GP or physiotherapist if",
            "NHS 111 is for England and Wales",
        ] {
            if !visible_text(&html[cards..]).contains(words) {
                problems.push(format!("{path}: the care cards lack {words:?}"));
            }
        }
    }
    assert!(checked >= 16, "only {checked} topics checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Issue 9: until a clinician is named, every decision result and the single file say so beside
/// the dates, and no page's JSON-LD claims a review.
#[test]
fn every_result_and_the_single_file_say_no_clinician_has_checked_the_guide() {
    const NOT_CHECKED: &str = "This guide has not yet been checked by a clinician.";
    let guide = guide();
    assert_eq!(guide.review.status, "not-clinically-reviewed");
    let (_guard, site) = common::build_real_guide();
    let pages = pages(&site);
    let mut problems = Vec::new();
    // decide.html: the common part every result shows, a <template> filled in by decide.js.
    let decide = &pages["decide.html"];
    let common = decide
        .find("<template id=\"decide-common\">")
        .map(|i| &decide[i..i + decide[i..].find("</template>").unwrap()]);
    if !common.is_some_and(|c| visible_text(c).contains(NOT_CHECKED) && c.contains("<time")) {
        problems.push(
            "decide.html: the results' common part lacks the review note with its dates".into(),
        );
    }
    for (path, html) in &pages {
        if path.starts_with("decide/") && html.contains("class=\"decide-result") {
            let result = &html[html.find("class=\"decide-result").unwrap()..];
            if !visible_text(&result[..result.find("<footer").unwrap_or(result.len())])
                .contains(NOT_CHECKED)
            {
                problems.push(format!("{path}: the result lacks {NOT_CHECKED:?}"));
            }
        }
        for t in tags(html)
            .iter()
            .filter(|t| t.attr("type") == Some("application/ld+json"))
        {
            let start = html[t.offset..].find('>').unwrap() + t.offset + 1;
            let json = &html[start..start + html[start..].find("</script>").unwrap()];
            if json.contains("reviewedBy") || json.contains("lastReviewed") {
                problems.push(format!("{path}: JSON-LD claims a review"));
            }
        }
    }
    let single = pages
        .iter()
        .find(|(p, _)| p.starts_with("downloads/"))
        .map(|(_, h)| h)
        .expect("the single file");
    if !visible_text(single).contains(NOT_CHECKED) {
        problems.push("the single file lacks the review note".into());
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The home page's "read the warning signs first" is a link, not just words (issue 12).
#[test]
fn the_home_page_sends_a_worried_reader_to_the_warning_signs_by_a_link() {
    let (_dir, site) = common::build_real_guide();
    let home = common::read(&site, "index.html");
    assert!(
        home.contains("read the warning signs first"),
        "the sentence is gone"
    );
    assert!(
        home.contains("<a href=\"warning-signs/index.html\">read the warning signs first</a>"),
        "\"read the warning signs first\" is not a link to the warning signs"
    );
}
