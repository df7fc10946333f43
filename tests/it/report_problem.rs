//! guide.yaml `report` puts a "report a problem" link in every page's footer; a risky address
//! is refused at its line.

use crate::common;
use std::fs;

fn with_report(email: &str) -> tempfile::TempDir {
    let dir = common::copy_of_the_guide();
    let guide = dir.path().join("content/guide.yaml");
    let mut text = fs::read_to_string(&guide).unwrap();
    text.push_str(&format!(
        "report:\n  text: Tell us about a mistake\n  email: {email}\n"
    ));
    fs::write(&guide, text).unwrap();
    dir
}

#[test]
fn every_page_links_to_the_report_address() {
    let dir = with_report("guide-team+errors@example.org");
    let out = dir.path().join("out");
    let built = common::build(dir.path(), &out);
    let (stdout, stderr) = common::output_text(&built);
    assert!(built.status.success(), "{stdout}\n{stderr}");
    let link = "<a href=\"mailto:guide-team+errors@example.org\">Tell us about a mistake</a>";
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "html") && !path.starts_with(out.join("downloads"))
        {
            let html = fs::read_to_string(path).unwrap();
            assert!(html.contains(link), "{} has no report link", path.display());
            pages += 1;
        }
    }
    assert!(pages > 40, "checked only {pages} pages");
}

#[test]
fn an_address_that_could_add_recipients_is_refused_at_its_line() {
    for bad in [
        "guide@example.org?cc=x@y.org",
        "no-at-sign.org",
        "a b@example.org",
        "a@localhost",
    ] {
        let dir = with_report(&format!("\"{bad}\""));
        let built = common::build(dir.path(), &dir.path().join("out"));
        let (_, stderr) = common::output_text(&built);
        assert!(!built.status.success(), "{bad} was accepted");
        let guide = fs::read_to_string(dir.path().join("content/guide.yaml")).unwrap();
        let line = guide.lines().count();
        assert!(
            stderr.contains(&format!("content/guide.yaml:{line}"))
                && stderr.contains("report.email"),
            "{bad}: {stderr}"
        );
        assert!(!dir.path().join("out").exists());
    }
}
