//! Search: the index is a script (no fetch), small, and finds the pages readers ask for.

mod common;

use serde_json::Value;
use std::fs;
use std::path::Path;

/// The index of a built site, parsed.
fn index(site: &Path) -> (usize, Value) {
    let js = fs::read_to_string(site.join("search-index.js")).unwrap();
    let json = js
        .strip_prefix("window.BACKGUIDE_SEARCH=")
        .and_then(|j| j.trim_end().strip_suffix(';'))
        .expect("search-index.js sets window.BACKGUIDE_SEARCH");
    (
        js.len(),
        serde_json::from_str(json).expect("the index is JSON"),
    )
}

/// The hrefs of the pages that hold `term`, best first.
fn pages_for(index: &Value, term: &str) -> Vec<String> {
    let refs = index["terms"][term]
        .as_array()
        .unwrap_or_else(|| panic!("no term {term}"));
    let mut scored: Vec<(u64, String)> = refs
        .chunks(2)
        .map(|c| {
            let page = c[0].as_u64().unwrap() as usize;
            let href = index["pages"][page][0].as_str().unwrap().to_string();
            (c[1].as_u64().unwrap(), href)
        })
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    scored.into_iter().map(|(_, h)| h).collect()
}

#[test]
fn the_index_is_a_small_script_that_finds_the_right_pages() {
    let (_guard, site) = common::build_real_guide();
    let (size, index) = index(&site);
    assert!(size <= 50 * 1024, "search-index.js is {size} bytes");

    let sciatica = pages_for(&index, "sciatica");
    assert_eq!(sciatica[0], "warning-signs/pain-down-the-leg.html");
    assert!(sciatica.contains(&"glossary.html#sciatica".to_string()));
    assert_eq!(pages_for(&index, "ice")[0], "recovery/cold-and-heat.html");
    assert_eq!(
        pages_for(&index, "wheat"),
        ["recovery/cold-and-heat.html"],
        "\"wheat\" comes from the topic's keywords"
    );
    let deadlift = pages_for(&index, "deadlift");
    for page in ["prevention/good-form.html", "causes/poor-form.html"] {
        assert!(deadlift.contains(&page.to_string()), "{deadlift:?}");
    }
    // Every page has a title and a snippet, and every href names a file of the site.
    for page in index["pages"].as_array().unwrap() {
        let href = page[0].as_str().unwrap();
        assert!(!page[1].as_str().unwrap().is_empty(), "{href}: no title");
        assert!(!page[2].as_str().unwrap().is_empty(), "{href}: no snippet");
        let file = href.split('#').next().unwrap();
        assert!(site.join(file).is_file(), "{href} names no file");
    }
    // Stop words ship with the index and are not terms.
    assert!(index["stop"].as_array().unwrap().contains(&"the".into()));
    assert!(index["terms"].get("the").is_none());
}

#[test]
fn the_index_is_not_loaded_by_pages_until_search_is_used() {
    let (_guard, site) = common::build_real_guide();
    let page = fs::read_to_string(site.join("causes/doms.html")).unwrap();
    assert!(page.contains("<script src=\"../search.js\" defer></script>"));
    assert!(!page.contains("src=\"../search-index.js\""));
    assert!(page.contains("data-index=\"../search-index.js\""));
    // Hidden for readers without JavaScript.
    assert!(page.contains("<form class=\"site-search\" role=\"search\" hidden"));
    let js = fs::read_to_string(site.join("search.js")).unwrap();
    assert!(
        !js.contains("innerHTML"),
        "search.js must not use innerHTML"
    );
    assert!(!js.contains("fetch("), "search.js must not fetch");
}

#[test]
fn keywords_are_checked_like_other_fields() {
    let dir = common::copy_of_the_guide();
    let root = dir.path();
    let topic = root.join("content/recovery/rest.md");
    let text = fs::read_to_string(&topic).unwrap();
    let text = text.replacen("---\n", "---\nkeywords: [lie down, \"?!\", Lie down]\n", 1);
    fs::write(&topic, text).unwrap();
    let o = common::backguide(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("content/recovery/rest.md:2: keyword `?!` has no searchable word"),
        "{err}"
    );
    assert!(
        err.contains("content/recovery/rest.md:2: keyword `Lie down` is listed twice"),
        "{err}"
    );
}

#[test]
fn the_search_works_from_file_url() {
    if !common::browser_available("the_search_works_from_file_url") {
        return;
    }
    let (_guard, site) = common::build_real_guide();
    common::run_node("search.mjs", &[site.to_str().unwrap()]);
}
