//! Content is input that can be hostile (it arrives by pull request and is built in CI). Each
//! script payload, in every Markdown field, stops the build with an error naming the file and
//! the line, and the previous output stays as it was. Plain formatting HTML still builds.

use crate::common;

use std::fs;
use std::path::Path;

/// Payloads that run script, hide the emergency box, load from another host or leave the page,
/// each written the way a probe writes it.
const TOPIC_PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<svg onload=alert(1)>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<details ontoggle=alert(1) open>x</details>",
    "<input autofocus onfocus=alert(1)>",
    "<p onclick = 'alert(1)'>click</p>",
    "<b style=\"display:none\">x</b>",
    "<a href = \"https://evil.example/\">x</a>",
    "<A HREF=JAVASCRIPT&colon;alert(1)>x</A>",
    "<a href=\"java&#x09;script:alert(1)\">x</a>",
    "<img src = \"https://evil.example/x.png\">",
    "<img src=x onerror=alert(1)>",
    "<meta http-equiv=refresh content=\"0;url=https://evil.example/\">",
    "<base href=\"https://evil.example/\">",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<object data=\"https://evil.example/x.swf\"></object>",
    "<embed src=\"https://evil.example/x.swf\">",
    "<form action=\"https://evil.example/\"><button>Go</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<div title=\"never closed",
    "## Hi {tabindex=0 onfocus=alert(1)}",
    "## Styled {.emergency}",
];

/// Append `payloads` to a Markdown file, a paragraph each; returns the file line of each.
fn append(path: &Path, payloads: &[&str]) -> Vec<usize> {
    let mut text = fs::read_to_string(path).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let mut line = text.lines().count() + 1;
    let mut lines = Vec::new();
    for p in payloads {
        text.push('\n');
        line += 1;
        text.push_str(p);
        text.push('\n');
        lines.push(line);
        line += 1;
    }
    fs::write(path, text).unwrap();
    lines
}

/// Put `payload` as the first line of the block-scalar text of `key:` (the first `key: |` in
/// the file); returns its file line.
fn prepend_to_block(path: &Path, key: &str, payload: &str) -> usize {
    let text = fs::read_to_string(path).unwrap();
    let mut out = String::new();
    let mut at = None;
    for (i, line) in text.lines().enumerate() {
        out.push_str(line);
        out.push('\n');
        if at.is_none() && line.trim_start().starts_with(&format!("{key}: |")) {
            let indent = line.len() - line.trim_start().len() + 2;
            out.push_str(&format!("{}{payload}\n\n", " ".repeat(indent)));
            at = Some(i + 2);
        }
    }
    fs::write(path, out).unwrap();
    at.unwrap_or_else(|| panic!("no `{key}: |` in {}", path.display()))
}

#[test]
fn script_payloads_in_every_markdown_field_fail_the_build_naming_file_and_line() {
    let root = common::copy_of_the_guide();
    let root = root.path();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("site");
    let first = common::build(root, &out);
    assert!(first.status.success(), "{:?}", common::output_text(&first));
    let before = common::tree(&out);

    let mut expected: Vec<String> = Vec::new();
    let topic = "content/causes/doms.md";
    for line in append(&root.join(topic), TOPIC_PAYLOADS) {
        expected.push(format!("{topic}:{line}"));
    }
    let about = "content/about.md";
    let line = append(
        &root.join(about),
        &["<style>.emergency{display:none}</style>"],
    )[0];
    expected.push(format!("{about}:{line}"));
    for (file, key, payload) in [
        (
            "content/causes/_section.yaml",
            "intro",
            "<img src=x onerror=alert(1)>",
        ),
        (
            "content/guide.yaml",
            "intro",
            "<svg><script>alert(1)</script></svg>",
        ),
        (
            "content/decision.yaml",
            "intro",
            "<script>alert(1)</script>",
        ),
        (
            "content/decision.yaml",
            "body",
            "<details open ontoggle=alert(1)>x</details>",
        ),
    ] {
        let line = prepend_to_block(&root.join(file), key, payload);
        expected.push(format!("{file}:{line}"));
    }

    let second = common::build(root, &out);
    let (stdout, stderr) = common::output_text(&second);
    assert_eq!(second.status.code(), Some(1), "{stdout}{stderr}");
    let missing: Vec<&String> = expected
        .iter()
        .filter(|at| !stderr.contains(&format!("{at}:")))
        .collect();
    assert!(
        missing.is_empty(),
        "no error at {missing:?}; the errors were:\n{stderr}"
    );
    assert!(stderr.contains("`<script>` is not allowed"), "{stderr}");
    assert!(stderr.contains("`<style>` is not allowed"), "{stderr}");
    assert!(stderr.contains("a link written in HTML"), "{stderr}");
    assert!(
        stderr.contains("heading attribute `onfocus=alert(1)`"),
        "{stderr}"
    );
    assert!(stderr.contains("this HTML is not finished"), "{stderr}");
    assert_eq!(
        common::tree(&out),
        before,
        "the old output must stay as it was"
    );
}

#[test]
fn plain_formatting_html_and_phone_links_still_build_and_reach_the_page() {
    let root = common::copy_of_the_guide();
    let root = root.path();
    append(
        &root.join("content/causes/doms.md"),
        &["Call <a HREF=\"tel:999\">999</a>, <b>now</b> or H<sub>2</sub>O <!-- a note -->"],
    );
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("site");
    let built = common::build(root, &out);
    assert!(built.status.success(), "{:?}", common::output_text(&built));
    let page = common::read(&out, "causes/doms.html");
    assert!(
        page.contains("Call <a href=\"tel:999\">999</a>, <b>now</b> or H<sub>2</sub>O"),
        "the allowed HTML must reach the page"
    );
}

#[test]
fn a_base_url_with_a_line_break_fails_naming_guide_yaml_and_its_line() {
    let root = common::copy_of_the_guide();
    let root = root.path();
    let guide = root.join("content/guide.yaml");
    let mut text = fs::read_to_string(&guide).unwrap();
    let line = text.lines().count() + 1;
    text.push_str("base_url: \"https://example.org/\\nDisallow: /\"\n");
    fs::write(&guide, text).unwrap();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("site");
    let built = common::build(root, &out);
    let (stdout, stderr) = common::output_text(&built);
    assert_eq!(built.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains(&format!("content/guide.yaml:{line}:")) && stderr.contains("line breaks"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing may be written");
}

/// Interface words are text wherever they are shown: in a page, in an attribute, around a link
/// filled into a `{placeholder}`. Every built-in key, reworded with markup and quotes, builds,
/// and no page holds the markup.
#[test]
fn hostile_interface_words_are_printed_as_text_on_every_page() {
    let dir = common::copy_of_the_guide();
    let payload = " <script>alert(1)</script> \"'><img src=x onerror=alert(1)> &amp;";
    let mut groups = serde_json::Map::new();
    for (group, keys) in backguide::content::Words::built_in().groups() {
        let keys: serde_json::Map<String, serde_json::Value> = keys
            .iter()
            .map(|(k, text)| (k.clone(), format!("{text}{payload}").into()))
            .collect();
        groups.insert(group.clone(), keys.into());
    }
    // JSON is YAML, and quotes every text.
    let words = serde_json::to_string_pretty(&groups).unwrap();
    fs::write(dir.path().join("content/words.yaml"), words).unwrap();
    let out = dir.path().join("out");
    let built = common::build(dir.path(), &out);
    let (stdout, stderr) = common::output_text(&built);
    assert!(built.status.success(), "{stdout}\n{stderr}");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let path = entry.path();
        if !path
            .extension()
            .is_some_and(|e| e == "html" || e == "svg" || e == "js")
        {
            continue;
        }
        let text = fs::read_to_string(path).unwrap();
        pages += 1;
        for markup in ["<script>alert", "<img src=x", "onerror=alert(1)>"] {
            assert!(!text.contains(markup), "{} holds {markup}", path.display());
        }
    }
    assert!(pages > 50, "only {pages} files");
    // The words did reach the pages, escaped.
    assert!(
        common::read(&out, "index.html").contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || common::read(&out, "index.html").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
}
