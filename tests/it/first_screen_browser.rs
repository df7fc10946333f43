//! The first screen of a phone, 390 x 844 and 360 x 640, in headless Chromium from file://
//! (issues 9 and 12): on every topic, section index and the other pages, the emergency box with a
//! tappable number, the page's own title and the first line of its lead; its signs one tap away
//! (and shown without a tap on a desktop); every control of the header and the box at least
//! 44 x 44 px; on the decision pages, the question's first answer. With JavaScript on and off.
//! See tests/browser/first-screen.mjs; set SCREENSHOT_DIR to keep shots.

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
fn the_emergency_box_the_title_and_the_lead_fit_the_first_phone_screen() {
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
