//! decide/flowchart.html in Chromium (issue 12): on a phone (390 px) the written-out list comes
//! first and every word of the chart renders at 14 px or more; on a desktop the chart fits its
//! box (tests/browser/flowchart.mjs).

use crate::common;

#[test]
fn the_flowchart_reads_on_a_phone_and_fits_a_desktop() {
    if !common::browser_available("flowchart_browser") {
        return;
    }
    let (_guard, site) = common::build_real_guide();
    common::run_node("flowchart.mjs", &[site.to_str().unwrap()]);
}
