//! Printing, in Chromium with the print media type and page.pdf() (issue 12): tier labels in
//! ink, no navigation, search, skip link, breadcrumbs, pager or "Pages that link here", no link
//! paths after the guide's own links, the emergency signs printed, and causes/doms.html on two
//! A4 sheets (tests/browser/print.mjs).

use crate::common;

#[test]
fn pages_print_in_ink_without_navigation_or_link_paths() {
    if !common::browser_available("print_browser") {
        return;
    }
    let (_guard, site) = common::build_real_guide();
    let pages = [
        "index.html",
        "about.html",
        "causes/doms.html",
        "causes/index.html",
        "warning-signs/index.html",
        "warning-signs/cauda-equina.html",
        "warning-signs/pain-down-the-leg.html",
        "recovery/rest.html",
        "decide.html",
        "decide/emergency.html",
        "glossary.html",
        "sources.html",
    ];
    let mut args = vec![site.to_str().unwrap()];
    args.extend(pages);
    common::run_node("print.mjs", &args);
}
