//! The real guide in headless Chromium at phone size, from file://: no sideways scrolling, tap
//! targets of 44px, no request to any host, no console error, and the emergency box visible
//! with JavaScript off. See tests/browser/smoke.mjs.

use crate::common;

#[test]
fn the_guide_works_on_a_phone_from_file_urls() {
    if !common::browser_available("smoke_browser") {
        return;
    }
    let (_guard, site) = common::build_real_guide();
    let shots = std::env::temp_dir();
    common::run_node(
        "smoke.mjs",
        &[site.to_str().unwrap(), shots.to_str().unwrap()],
    );
}
