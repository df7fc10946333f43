//! No third-party requests: one page of each type of the real guide (home, section, topic,
//! glossary, sources, about, decide, ...), opened from file:// in headless Chromium, requests
//! nothing that is not a file: URL, and logs no console error and no page error. The checker is
//! tests/browser/requests-check.mjs.

use crate::common;

use std::fs;

#[test]
fn each_page_type_loads_only_local_files_and_logs_no_error() {
    if !common::browser_available("quality_requests") {
        return;
    }
    let (_guard, site) = common::build_real_guide();
    let (ok, out) = common::node_check("requests-check.mjs", &site);
    eprintln!("{out}");
    assert!(ok, "third-party requests or console errors:\n{out}");
    let mut kinds = vec![
        "page-home",
        "page-section",
        "page-topic",
        "page-glossary",
        "page-sources",
        "page-about",
    ];
    if site.join("decide.html").exists() {
        kinds.push("page-decide");
    }
    for kind in kinds {
        assert!(
            out.lines().any(|l| l.starts_with(&format!("{kind} "))),
            "no {kind} page was checked:\n{out}"
        );
    }
    assert!(out.contains(", 0 problems"), "{out}");
}

/// The checker catches a request to another host, a console error and an uncaught exception.
#[test]
fn requests_check_reports_foreign_requests_and_console_errors() {
    if !common::browser_available("quality_requests") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // 127.0.0.1:9 (discard) stands in for another host: nothing leaves the machine.
    fs::write(
        dir.path().join("index.html"),
        "<!DOCTYPE html><html lang=\"en\"><head><title>Bad</title></head>\
         <body class=\"page-home\"><img src=\"http://127.0.0.1:9/pixel.png\" alt=\"\">\
         <script>console.error('boom'); throw new Error('kaput');</script></body></html>",
    )
    .unwrap();
    let (ok, out) = common::node_check("requests-check.mjs", dir.path());
    assert!(!ok, "requests-check passed a bad page:\n{out}");
    assert!(
        out.contains("index.html: request to another host: http://127.0.0.1:9/pixel.png"),
        "{out}"
    );
    assert!(out.contains("index.html: console error: boom"), "{out}");
    assert!(out.contains("index.html: page error: kaput"), "{out}");
}
