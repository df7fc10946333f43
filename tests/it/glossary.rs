//! The glossary page lists its terms A to Z under letter headings, with a link to each letter,
//! whatever order glossary.yaml keeps.

use crate::common;
use std::fs;

/// (terms in page order, letter link targets, heading ids) of a built glossary.html.
fn glossary_page(html: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let terms = html
        .split("<dt id=\"")
        .skip(1)
        .map(|rest| {
            let text = &rest[rest.find('>').unwrap() + 1..rest.find("</dt>").unwrap()];
            let text = text.split(" <span").next().unwrap();
            // Terms may hold a tel: link; keep only the text.
            let mut plain = String::new();
            let mut in_tag = false;
            for c in text.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => plain.push(c),
                    _ => {}
                }
            }
            plain
        })
        .collect();
    let nav = &html[html.find("class=\"letters\"").expect("letter links")..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let links = nav
        .split("href=\"#")
        .skip(1)
        .map(|r| r.split('"').next().unwrap().to_string())
        .collect();
    let headings = html
        .split("<h2 id=\"")
        .skip(1)
        .map(|r| r.split('"').next().unwrap().to_string())
        .filter(|id| id.starts_with("letter-"))
        .collect();
    (terms, links, headings)
}

fn key(term: &str) -> String {
    term.chars()
        .skip_while(|c| !c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn assert_a_to_z(html: &str, expected_terms: usize) {
    let (terms, links, headings) = glossary_page(html);
    assert_eq!(terms.len(), expected_terms, "{terms:?}");
    let keys: Vec<String> = terms.iter().map(|t| key(t)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "the glossary is not A to Z");
    assert!(links.len() > 1, "{links:?}");
    assert_eq!(
        links, headings,
        "each letter link needs its heading, in order"
    );
}

#[test]
fn the_real_glossary_is_a_to_z_with_letter_links() {
    let (_dir, site) = common::build_real_guide();
    let yaml = fs::read_to_string(common::repo_root().join("content/glossary.yaml")).unwrap();
    let entries = yaml.lines().filter(|l| l.starts_with("- id:")).count();
    assert!(entries > 10, "counted {entries} entries");
    assert_a_to_z(&common::read(&site, "glossary.html"), entries);
}

#[test]
fn a_glossary_in_reverse_order_still_reads_a_to_z() {
    let dir = common::copy_of_the_guide();
    let path = dir.path().join("content/glossary.yaml");
    let yaml = fs::read_to_string(&path).unwrap();
    // Reverse the entries (each starts with "- id:"), keeping any header comment first.
    let start = yaml.find("- id:").unwrap();
    let mut entries: Vec<String> =
        yaml[start..]
            .split_inclusive('\n')
            .fold(Vec::<String>::new(), |mut acc, line| {
                if line.starts_with("- id:") || acc.is_empty() {
                    acc.push(String::new());
                }
                acc.last_mut().unwrap().push_str(line);
                acc
            });
    let count = entries.len();
    entries.reverse();
    fs::write(&path, format!("{}{}", &yaml[..start], entries.concat())).unwrap();
    let out = dir.path().join("out");
    let built = common::build(dir.path(), &out);
    let (stdout, stderr) = common::output_text(&built);
    assert!(built.status.success(), "{stdout}\n{stderr}");
    assert_a_to_z(&common::read(&out, "glossary.html"), count);
}
