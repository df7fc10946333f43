//! The section row on a phone (360 px) scrolls sideways, and a fade at its right edge says so:
//! it shows while links run past the edge and is gone scrolled to the end, light and dark, with
//! reduced motion, with JavaScript on and off (issue 12; tests/browser/nav-scroll.mjs).

use crate::common;

#[test]
fn the_section_row_shows_that_it_scrolls() {
    if !common::browser_available("nav_scroll_browser") {
        return;
    }
    let (_guard, site) = common::build_real_guide();
    let pages = [
        "index.html",
        "causes/doms.html",
        "warning-signs/index.html",
        "decide.html",
        "glossary.html",
    ];
    let mut args = vec![site.to_str().unwrap()];
    args.extend(pages);
    common::run_node("nav-scroll.mjs", &args);
}
