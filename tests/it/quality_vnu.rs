//! Valid HTML and CSS: the Nu HTML Checker (npm vnu-jar, run with Java) finds no error in any page,
//! stylesheet or SVG file of the real guide (and so none in the SVG drawn inside the pages). The
//! checker is tests/browser/vnu-check.mjs.

use crate::common;

use std::fs;
use std::process::Command;

/// True when Java, node and vnu.jar are there. Outside CI a missing one skips the test with a
/// message; in CI (`CI=true`) it fails.
fn vnu_available() -> bool {
    let mut missing = Vec::new();
    if Command::new("java").arg("-version").output().is_err() {
        missing.push("java (apt-get install -y default-jre-headless)".to_string());
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node".to_string());
    }
    if !common::browser_dir()
        .join("node_modules/vnu-jar/build/dist/vnu.jar")
        .exists()
    {
        missing.push("vnu-jar (npm ci --prefix tests/browser)".to_string());
    }
    common::nothing_missing("quality_vnu: needs", &missing)
}

#[test]
fn every_page_and_stylesheet_of_the_real_guide_is_valid() {
    if !vnu_available() {
        return;
    }
    let (_guard, site) = common::build_real_guide();
    let (ok, out) = common::node_check("vnu-check.mjs", &site);
    eprintln!("{out}");
    assert!(ok, "the Nu HTML Checker found errors:\n{out}");
    let summary = out
        .lines()
        .find(|l| l.starts_with("vnu: "))
        .unwrap_or_else(|| panic!("no summary line in:\n{out}"));
    assert!(summary.ends_with(", 0 errors"), "{summary}");
    assert!(!summary.contains("(0 html"), "{summary}");
    assert!(
        !summary.contains(" 0 css,"),
        "no stylesheet was checked: {summary}"
    );
}

/// The checker reports an HTML error, a CSS error and an SVG error with their file names.
#[test]
fn vnu_check_reports_html_css_and_svg_errors() {
    if !vnu_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("causes")).unwrap();
    fs::write(
        d.join("causes/bad.html"),
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Bad</title></head>\n<body>\n\
         <p><div>block in a paragraph</div></p>\n<img src=\"x.png\">\n\
         <svg viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" nonsense=\"1\"/></svg>\n</body></html>\n",
    )
    .unwrap();
    fs::write(d.join("style.css"), "a { colr: red; }\n").unwrap();
    let (ok, out) = common::node_check("vnu-check.mjs", d);
    assert!(!ok, "vnu-check passed bad files:\n{out}");
    assert!(out.contains("causes/bad.html:4:"), "{out}");
    assert!(out.contains("“alt” attribute"), "{out}");
    assert!(out.contains("“nonsense”"), "{out}");
    assert!(out.contains("style.css:1:"), "{out}");
    assert!(out.contains("“colr”"), "{out}");
}
