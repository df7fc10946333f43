//! Offline after one visit, in headless Chromium: the built guide served from a sub-path
//! (`http://127.0.0.1:PORT/repo/`) by a loopback server; one page visited, the server stopped,
//! other pages, a search and the decision tool opened from the service worker's saved copy with
//! its notice; then a changed build served, whose words appear after one reload (and the one
//! load the worker's takeover adds); a copy with one file not the build's is never installed;
//! no request to another host; nothing from file://. The
//! steps are in tests/browser/offline-worker.mjs.

use crate::common;

use std::fs;

const TOPIC: &str = "causes/doms.html";
const OLD_WORDS: &str = "It is very common.";
const NEW_WORDS: &str = "It is very common, and this sentence is new in the second build.";

#[test]
fn the_hosted_guide_works_offline_after_one_visit_and_takes_a_new_build() {
    if !common::browser_available("offline_worker_browser") {
        return;
    }
    let old = tempfile::tempdir().unwrap();
    let built = common::build(&common::repo_root(), &old.path().join("repo"));
    assert!(built.status.success(), "{:?}", common::output_text(&built));

    // The same build with one file changed afterwards, as a CDN's stale copy would be.
    common::copy_dir(&old.path().join("repo"), &old.path().join("tampered"));
    let css = old.path().join("tampered/style.css");
    let mut tampered = fs::read(&css).unwrap();
    tampered.extend_from_slice(b"\n/* not the build's bytes */\n");
    fs::write(&css, tampered).unwrap();

    let sources = common::copy_of_the_guide();
    let doms = sources.path().join("content/causes/doms.md");
    let text = fs::read_to_string(&doms).unwrap();
    assert!(
        text.contains(OLD_WORDS),
        "the test's words are gone from doms.md"
    );
    fs::write(&doms, text.replacen(OLD_WORDS, NEW_WORDS, 1)).unwrap();
    let new = tempfile::tempdir().unwrap();
    let built = common::build(sources.path(), &new.path().join("repo"));
    assert!(built.status.success(), "{:?}", common::output_text(&built));
    assert_ne!(
        fs::read(old.path().join("repo/sw.js")).unwrap(),
        fs::read(new.path().join("repo/sw.js")).unwrap(),
        "a changed topic gives a new worker"
    );

    common::run_node(
        "offline-worker.mjs",
        &[
            old.path().to_str().unwrap(),
            new.path().to_str().unwrap(),
            TOPIC,
            NEW_WORDS,
        ],
    );
}
