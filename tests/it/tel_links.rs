//! No page shows an emergency or help number that is not a `tel:` link (issue 9): every built
//! page, the decision page's templates and the single-file download. The numbers are the ones in
//! content/guide.yaml, so a number added there is checked too.

use crate::common;

use common::linkcheck::{decode_entities, tokens, Token};
use serde::Deserialize;
use std::fs;
use std::path::Path;

#[derive(Deserialize)]
struct Guide {
    emergency: Emergency,
}

#[derive(Deserialize)]
struct Emergency {
    numbers: Vec<Number>,
    #[serde(default)]
    urgent_numbers: Vec<Number>,
}

#[derive(Deserialize)]
struct Number {
    number: String,
}

fn numbers() -> Vec<String> {
    let text = fs::read_to_string(common::repo_root().join("content/guide.yaml")).unwrap();
    let guide: Guide = serde_yaml::from_str(&text).expect("content/guide.yaml");
    let e = guide.emergency;
    e.numbers
        .into_iter()
        .chain(e.urgent_numbers)
        .map(|n| n.number)
        .collect()
}

/// Each known number in the text of `html` that is not inside `<a href="tel:...">`, with the
/// words around it; and each tel: link without a label that starts with "Call".
fn problems(html: &str, numbers: &[String]) -> Vec<String> {
    let body = html.find("<body").map_or(html, |i| &html[i..]);
    let mut out = Vec::new();
    let mut in_tel = 0usize;
    let mut in_link = 0usize;
    for token in tokens(body) {
        match token {
            Token::Start(tag) if tag.name == "a" => {
                in_link += 1;
                if let Some(href) = tag.attr("href").and_then(|h| h.strip_prefix("tel:")) {
                    in_tel = in_link;
                    if !tag
                        .attr("aria-label")
                        .is_some_and(|l| l.starts_with("Call") && l.contains(href))
                    {
                        out.push(format!(
                            "tel:{href} has no label such as \"Call {href}, ...\""
                        ));
                    }
                }
            }
            Token::End(name) if name == "a" => {
                if in_tel == in_link {
                    in_tel = 0;
                }
                in_link = in_link.saturating_sub(1);
            }
            Token::Text(raw) if in_tel == 0 => {
                let text = decode_entities(raw);
                let mut rest = text.as_str();
                while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
                    let len = rest[start..]
                        .find(|c: char| !c.is_ascii_digit())
                        .unwrap_or(rest.len() - start);
                    let run = &rest[start..start + len];
                    let (before, after) = (
                        &text[..text.len() - rest.len() + start],
                        &rest[start + len..],
                    );
                    if numbers.iter().any(|n| n == run) && stands_alone(before, after) {
                        out.push(format!("{run} is not a tel: link in {:?}", text.trim()));
                    }
                    rest = &rest[start + len..];
                }
            }
            _ => {}
        }
    }
    out
}

/// Digits that are a number of their own, not part of a web address or a word (`nhs-111`,
/// `111.wales.nhs.uk`); the same rule as the build's `tel_links` filter.
fn stands_alone(before: &str, after: &str) -> bool {
    let joined = |c: char| c.is_alphanumeric() || "-_/:#=?@".contains(c);
    let prev_ok = before
        .chars()
        .next_back()
        .is_none_or(|c| !joined(c) && c != '.');
    let mut next = after.chars();
    let next_ok = match next.next() {
        None => true,
        Some('.') => next.next().is_none_or(|c| !c.is_alphanumeric()),
        Some(c) => !joined(c),
    };
    prev_ok && next_ok
}

fn html_files(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if path.is_dir() {
            html_files(&path, &format!("{prefix}{name}/"), out);
        } else if name.ends_with(".html") {
            out.push((
                format!("{prefix}{name}"),
                fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

#[test]
fn every_number_on_every_page_and_the_single_file_is_a_tel_link() {
    let numbers = numbers();
    assert!(numbers.iter().any(|n| n == "999"), "{numbers:?}");
    let (_guard, site) = common::build_real_guide();
    let mut pages = Vec::new();
    html_files(&site, "", &mut pages);
    assert!(
        pages.iter().any(|(p, _)| p.starts_with("downloads/")),
        "the single file is checked too"
    );
    assert!(pages.len() > 40, "{} pages", pages.len());
    let mut all = Vec::new();
    for (path, html) in &pages {
        all.extend(
            problems(html, &numbers)
                .into_iter()
                .map(|p| format!("{path}: {p}")),
        );
    }
    assert!(
        all.is_empty(),
        "{} problems:\n{}",
        all.len(),
        all.join("\n")
    );
}

#[test]
fn the_check_finds_a_bare_number_and_a_link_without_a_label() {
    let numbers = vec!["999".to_string()];
    let html = "<body><p>Call 999 now. <a href=\"tel:999\" aria-label=\"Call 999, the emergency number in the UK\">999</a></p>\
                <a href=\"tel:999\">999</a><p>Year 1999, 12 to 48 hours, https://999.example/ a-999</p></body>";
    let found = problems(html, &numbers);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("999 is not a tel: link"), "{found:?}");
    assert!(found[1].contains("has no label"), "{found:?}");
}
