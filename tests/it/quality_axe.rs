//! Accessibility: axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) in headless Chromium finds no
//! violation on any page of the real guide, opened from file://, in light and in dark mode, and on
//! decide.html at the question step and at an outcome. The checker is tests/browser/axe-check.mjs.

use crate::common;

use std::fs;

fn html_files(dir: &std::path::Path) -> usize {
    walkdir_count(dir, "html")
}

fn walkdir_count(dir: &std::path::Path, ext: &str) -> usize {
    let mut n = 0;
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            n += walkdir_count(&p, ext);
        } else if p.extension().is_some_and(|e| e == ext) {
            n += 1;
        }
    }
    n
}

#[test]
fn axe_finds_no_violation_on_any_page_in_light_and_dark_mode() {
    if !common::browser_available("quality_axe") {
        return;
    }
    let (_guard, site) = common::build_real_guide();
    let (ok, out) = common::node_check("axe-check.mjs", &site);
    eprintln!("{out}");
    assert!(ok, "axe found accessibility violations:\n{out}");
    // Every file was checked twice (light and dark), and decide.html also at one outcome of
    // each tier in both modes.
    let files = html_files(&site);
    let mut outcomes = 0;
    if site.join("decide.html").exists() {
        for mode in ["light", "dark"] {
            for tier in ["emergency", "urgent", "routine", "self-care"] {
                let line = format!("decide.html [{mode}]: {tier} outcome");
                assert!(
                    out.contains(&line),
                    "decide.html was not checked at `{line}`:\n{out}"
                );
                outcomes += 1;
            }
        }
    }
    let expected = format!(
        "axe: {} page states checked ({files} files, light and dark), 0 violations",
        2 * files + outcomes
    );
    assert!(out.contains(&expected), "expected `{expected}` in:\n{out}");
}

/// The checker fails on a page with known violations, and the dark-mode run sees what only dark
/// mode gets wrong.
#[test]
fn axe_check_reports_violations_with_page_rule_and_target() {
    if !common::browser_available("quality_axe") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("bad.html"),
        "<!DOCTYPE html><html lang=\"en\"><head><title>Bad</title><style>\
         @media (prefers-color-scheme: dark) { body { background: #000 } .dim { color: #111 } }\
         </style></head><body><main><h1>Bad</h1><img src=\"x.png\" class=\"photo\">\
         <p class=\"dim\">Only dark mode makes this unreadable.</p></main></body></html>",
    )
    .unwrap();
    let (ok, out) = common::node_check("axe-check.mjs", dir.path());
    assert!(!ok, "axe-check passed a bad page:\n{out}");
    assert!(out.contains("bad.html [light] image-alt"), "{out}");
    assert!(out.contains("    target: img\n"), "{out}");
    assert!(out.contains("    target: p\n"), "{out}");
    assert!(out.contains("bad.html [dark] color-contrast"), "{out}");
    assert!(!out.contains("bad.html [light] color-contrast"), "{out}");
}
