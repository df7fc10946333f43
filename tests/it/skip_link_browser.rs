//! The skip link, from the keyboard in Chromium: focus moves into `<main>`, and `<main>` does
//! not turn yellow or get a frame (tests/browser/skip-link.mjs).

use crate::common;

#[test]
fn the_skip_link_moves_focus_without_painting_main() {
    if !common::browser_available("skip_link_browser") {
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
    common::run_node("skip-link.mjs", &args);
}
