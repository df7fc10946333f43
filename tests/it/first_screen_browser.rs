//! The first screen of a phone, 390 x 844, in headless Chromium from file:// (issue 9): on every
//! topic, section index and the other pages, the emergency box and the page's own title; on
//! decide.html, the first question's first answer and a tappable emergency number. With
//! JavaScript on and off. See tests/browser/first-screen.mjs; set SCREENSHOT_DIR to keep shots.

use crate::common;

use std::fs;
use std::path::Path;

fn html_pages(site: &Path, dir: &str, out: &mut Vec<String>) {
    for entry in fs::read_dir(site.join(dir)).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let rel = if dir.is_empty() {
            name.clone()
        } else {
            format!("{dir}/{name}")
        };
        if site.join(&rel).is_dir() {
            if rel != "downloads" {
                html_pages(site, &rel, out);
            }
        } else if name.ends_with(".html") && name != "404.html" {
            out.push(rel);
        }
    }
}

#[test]
fn the_emergency_box_and_the_title_fit_the_first_phone_screen() {
    if !common::browser_available("first_screen_browser") {
        return;
    }
    let (_guard, site) = common::build_real_guide();
    let mut pages = Vec::new();
    html_pages(&site, "", &mut pages);
    pages.sort();
    assert!(pages.contains(&"decide.html".to_string()), "{pages:?}");
    assert!(pages.len() > 40, "{pages:?}");
    let mut args = vec![site.to_str().unwrap().to_string()];
    args.extend(pages);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    common::run_node("first-screen.mjs", &args);
}
