//! Search: the index is a script (no fetch), small, and finds the pages readers ask for.

use crate::common;

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
    assert!(page.contains("data-engine=\"../search-engine.js\""));
    assert!(!page.contains("src=\"../search-engine.js\""));
    for file in ["search.js", "search-engine.js"] {
        let js = fs::read_to_string(site.join(file)).unwrap();
        assert!(!js.contains("innerHTML"), "{file} must not use innerHTML");
        assert!(!js.contains("fetch("), "{file} must not fetch");
        assert!(
            !js.contains("eval(") && !js.contains("Function("),
            "{file}: no eval"
        );
    }
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

/// One line of tests/search_queries.yaml: what a reader types, and the pages that answer it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ReaderQuery {
    query: String,
    expect: Vec<String>,
}

/// Texts whose words search.js must split exactly as src/search/ does.
const AWKWARD_TEXTS: &[&str] = &[
    "The Deadlifts, squats & sciatica: it's a 48-hour thing",
    "I can't walk, it doesn't ease; dogs' legs ’tis O’Brien a''b ' ’ x'",
    "ÆSOP's fables, naïve NAÏVE Naïves, Ærø, ß STRASSE straße",
    "ΟΔΟΣ ΣΟΦΟΣ Σσ ΣΑΣ, ὈΔΥΣΣΕΎΣ ΟΔΟΣ’ ΟΔΟΣ.x",
    "İstanbul İ İİ ǅemal Ǆǅǆ ﬁne ﬃs",
    "日本語のテキスト 中文 한국어 مرحبا עברית",
    "Ⅻ ⅻs ½ ² 42 4s 1st 2nds e\u{301}s caf\u{e9}s",
    "emoji 👍🏽s 🙂ok ok🙂s 𝒜𝒷𝒸 𝒜",
    "THEIR Those WHICH while About, aFTer, YOUR yours myself MY",
];

/// The real browser code, run in Node against the built index: each reader query in
/// tests/search_queries.yaml has an expected page in its first three results, and
/// search-engine.js splits words as src/search/ does.
#[test]
fn reader_queries_find_their_pages_in_the_first_three() {
    let node = std::process::Command::new("node").arg("--version").output();
    let missing = match node {
        Ok(_) => Vec::new(),
        Err(_) => vec!["node".to_string()],
    };
    if !common::nothing_missing(
        "reader_queries_find_their_pages_in_the_first_three: needs",
        &missing,
    ) {
        return;
    }
    let (guard, site) = common::build_real_guide();
    let (size, index) = index(&site);
    assert!(size <= 50 * 1024, "search-index.js is {size} bytes");

    let file = "tests/search_queries.yaml";
    let text = fs::read_to_string(common::repo_root().join(file)).unwrap();
    let queries: Vec<ReaderQuery> =
        backguide::yaml::parse(&text, file, 1).unwrap_or_else(|e| panic!("{e}"));
    assert!(queries.len() >= 30, "only {} queries", queries.len());

    let mut texts: Vec<String> = AWKWARD_TEXTS.iter().map(|t| t.to_string()).collect();
    texts.extend(queries.iter().map(|q| q.query.clone()));
    for page in index["pages"].as_array().unwrap() {
        texts.push(format!(
            "{} {}",
            page[1].as_str().unwrap(),
            page[2].as_str().unwrap()
        ));
    }
    let words: Vec<Value> = texts
        .iter()
        .map(|t| {
            let terms: Vec<String> = backguide::search::terms(t).collect();
            let raw = backguide::search::synonyms::raw_words(t);
            serde_json::json!([t, terms, raw])
        })
        .collect();
    let input = guard.path().join("queries.json");
    let queries_json: Vec<&str> = queries.iter().map(|q| q.query.as_str()).collect();
    fs::write(
        &input,
        serde_json::json!({ "queries": queries_json, "words": words }).to_string(),
    )
    .unwrap();
    let out = common::node("search-queries.mjs")
        .args([&site, &input])
        .output()
        .expect("run node");
    let (stdout, stderr) = common::output_text(&out);
    assert!(
        out.status.success(),
        "search-queries.mjs failed:\n{stdout}\n{stderr}"
    );
    let out: Value = serde_json::from_str(&stdout).expect("search-queries.mjs prints JSON");

    let disagree = out["disagree"].as_array().unwrap();
    assert!(
        disagree.is_empty(),
        "search.js splits words differently: {disagree:#?}"
    );

    let (mut first, mut top3, mut misses) = (0, 0, Vec::new());
    for (q, result) in queries.iter().zip(out["results"].as_array().unwrap()) {
        let hrefs: Vec<&str> = result["hrefs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_str().unwrap())
            .collect();
        let rank = hrefs.iter().position(|h| q.expect.iter().any(|e| e == h));
        match rank {
            Some(0) => first += 1,
            Some(1 | 2) => {}
            _ => misses.push(format!(
                "{:?}: expected one of {:?}, got {:?}",
                q.query,
                q.expect,
                &hrefs[..hrefs.len().min(5)]
            )),
        }
        if rank.is_some_and(|r| r < 3) {
            top3 += 1;
        }
    }
    eprintln!(
        "{} reader queries: {top3} with an expected page in the first three, {first} first; index {size} bytes",
        queries.len()
    );
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn search_yaml_mistakes_name_the_file_and_line_and_the_file_is_optional() {
    let dir = common::copy_of_the_guide();
    let root = dir.path();
    let file = root.join("content/search.yaml");
    fs::write(
        &file,
        "- words: [wet myself]\n  means: bladder control\n- words: [numb bum, Wet Myself]\n  means: groin\n  mean: typo\n",
    )
    .unwrap();
    let o = common::backguide(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("content/search.yaml:5:3: ") && err.contains("unknown field `mean`"),
        "{err}"
    );
    fs::write(
        &file,
        "- words: [wet myself]\n  means: bladder control\n- words: [\"?!\", Wet Myself]\n  means: the\n- words: [zz]\n  means: zebra\n",
    )
    .unwrap();
    let o = common::backguide(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    for want in [
        "content/search.yaml:3: means `the` has no word search can look for",
        "content/search.yaml:3: words `?!` has no letters or digits",
        "content/search.yaml:3: words `Wet Myself` is listed twice (first on line 1)",
    ] {
        assert!(err.contains(want), "{want}\n{err}");
    }
    // Fixed, the entry whose `means` no page has is a warning, not an error.
    fs::write(&file, "- words: [zz]\n  means: zebra\n").unwrap();
    let o = common::backguide(&["check", "--root", root.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("content/search.yaml:1: means `zebra`: no page has the word `zebra`"),
        "{err}"
    );
    // Without the file the guide builds, and the index has no readers' words.
    fs::remove_file(&file).unwrap();
    let out = root.join("public");
    let o = common::build(root, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (_, index) = index(&out);
    assert_eq!(index["syn"], serde_json::json!([]));
}
