//! Records measured quality figures in docs/quality.md. The quality tests (Lighthouse, page weight,
//! readability) always print their table; with `UPDATE_QUALITY=1` they also rewrite their own
//! section of docs/quality.md, the part between `<!-- NAME:start -->` and `<!-- NAME:end -->`.
//!
//! The other quality tests use it as `crate::quality_report`; its own test checks
//! `replace_section`.

use std::path::PathBuf;

/// docs/quality.md in the repository.
pub fn quality_doc() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/quality.md")
}

/// True when the run was asked to rewrite docs/quality.md (`UPDATE_QUALITY=1`).
pub fn update_requested() -> bool {
    std::env::var("UPDATE_QUALITY").is_ok_and(|v| v == "1")
}

/// `doc` with the text between the `name` markers replaced by `body`.
pub fn replace_section(doc: &str, name: &str, body: &str) -> Result<String, String> {
    let start = format!("<!-- {name}:start -->");
    let end = format!("<!-- {name}:end -->");
    let s = doc
        .find(&start)
        .ok_or_else(|| format!("no `{start}` marker"))?;
    let e = doc.find(&end).ok_or_else(|| format!("no `{end}` marker"))?;
    if e < s {
        return Err(format!("`{end}` comes before `{start}`"));
    }
    let body = body.trim_end();
    Ok(format!("{}{start}\n{body}\n{}", &doc[..s], &doc[e..]))
}

/// Print `body` under `title`; with UPDATE_QUALITY=1 also write it into docs/quality.md.
pub fn record(name: &str, title: &str, body: &str) {
    eprintln!("{title}\n{body}");
    if !update_requested() {
        eprintln!("(run with UPDATE_QUALITY=1 to record this in docs/quality.md)");
        return;
    }
    let path = quality_doc();
    let doc = std::fs::read_to_string(&path).expect("read docs/quality.md");
    let new = replace_section(&doc, name, body).unwrap_or_else(|e| panic!("docs/quality.md: {e}"));
    std::fs::write(&path, new).expect("write docs/quality.md");
    eprintln!("recorded in {}", path.display());
}

#[test]
fn replace_section_swaps_only_the_marked_part() {
    let doc = "# Q\n\n<!-- a:start -->\nold\n<!-- a:end -->\n\ntail\n<!-- b:start -->\nkeep\n<!-- b:end -->\n";
    let new = replace_section(doc, "a", "| x |\n| 1 |\n").unwrap();
    assert_eq!(
        new,
        "# Q\n\n<!-- a:start -->\n| x |\n| 1 |\n<!-- a:end -->\n\ntail\n<!-- b:start -->\nkeep\n<!-- b:end -->\n"
    );
    assert!(replace_section(doc, "c", "x").is_err());
    assert!(replace_section("<!-- a:end --><!-- a:start -->", "a", "x").is_err());
}

#[test]
fn quality_doc_has_every_section_the_tests_write() {
    let doc = std::fs::read_to_string(quality_doc()).expect("docs/quality.md exists");
    for name in ["lighthouse", "weight", "readability"] {
        assert!(
            replace_section(&doc, name, "x").is_ok(),
            "docs/quality.md lacks the markers of section `{name}`"
        );
    }
}
