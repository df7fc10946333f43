//! `sw.js`, the service worker of the hosted guide (src/publish/worker.rs, templates/sw.js): it
//! lists what the offline zip holds, each file with the sha256 of its built bytes, under a
//! version that hashes them all; its logic stays small and names no host; every page loads the
//! registration script from the site root and carries the hidden saved-copy notice; `serve`
//! builds without it. Its behaviour in Chromium is tests/offline_worker_browser.rs.

use crate::common;

use base64::Engine;
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

/// The worker's list: (path, integrity), and the worker's text without it.
fn listed(site: &Path) -> (Vec<(String, String)>, String, String) {
    let sw = common::read(site, "sw.js");
    let line = sw
        .lines()
        .find(|l| l.starts_with("const FILES = "))
        .expect("sw.js has its list of files");
    let files = serde_json::from_str(&line["const FILES = ".len()..line.len() - 1]).unwrap();
    let version = sw
        .lines()
        .find_map(|l| l.strip_prefix("const VERSION = "))
        .expect("sw.js has its version");
    let version: String = serde_json::from_str(version.trim_end_matches(';')).unwrap();
    (files, version, sw.replace(line, ""))
}

fn zip_entries(site: &Path) -> Vec<String> {
    let zip = site.join("downloads/back-pain-after-working-out-offline.zip");
    let mut archive = zip::ZipArchive::new(fs::File::open(zip).unwrap()).unwrap();
    let mut names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn the_worker_lists_what_the_zip_holds_each_with_its_built_sha256() {
    let (_guard, site) = common::build_real_guide();
    let (files, version, _) = listed(&site);
    let paths: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(
        paths,
        zip_entries(&site),
        "the worker saves the reading copy"
    );
    let mut hash = Sha256::new();
    for (path, integrity) in &files {
        let digest = Sha256::digest(fs::read(site.join(path)).unwrap());
        let expected = base64::engine::general_purpose::STANDARD.encode(digest);
        assert_eq!(integrity, &format!("sha256-{expected}"), "{path}");
        hash.update(path.as_bytes());
        hash.update([0]);
        hash.update(digest);
    }
    let expected: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        version, expected,
        "the version hashes every saved path and file"
    );
}

#[test]
fn the_worker_is_small_and_names_no_host() {
    let (_guard, site) = common::build_real_guide();
    let (files, _, logic) = listed(&site);
    assert!(
        logic.len() < 3 * 1024,
        "sw.js is {} bytes before its data",
        logic.len()
    );
    for banned in [
        "http:",
        "https:",
        "//",
        "importScripts",
        "eval(",
        "Function(",
    ] {
        assert!(!logic.contains(banned), "sw.js contains {banned}");
    }
    for (path, _) in &files {
        assert!(
            !path.contains(':') && !path.starts_with('/') && !path.contains(".."),
            "{path} is not a path inside the site"
        );
    }
    eprintln!(
        "sw.js: {} bytes of logic, {} bytes in all, {} files",
        logic.len(),
        common::read(&site, "sw.js").len(),
        files.len()
    );
}

#[test]
fn every_page_registers_the_worker_from_the_root_and_has_the_hidden_notice() {
    let (_guard, site) = common::build_real_guide();
    let (files, _, _) = listed(&site);
    let review = common::read(&site, "index.html");
    let date = review
        .split("<p class=\"review-dates\">")
        .nth(1)
        .and_then(|s| s.split("datetime=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .expect("the home page shows its review date")
        .to_string();
    let mut pages = 0;
    for (path, _) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = common::read(&site, path);
        let root = "../".repeat(path.matches('/').count());
        let script = format!("<script src=\"{root}sw-register.js\" defer></script>");
        assert_eq!(html.matches(&script).count(), 1, "{path}: {script}");
        let notice = html
            .split("<p id=\"saved-copy\"")
            .nth(1)
            .and_then(|s| s.split("</p>").next())
            .unwrap_or_else(|| panic!("{path} has no saved-copy notice"));
        assert!(
            notice.contains(" hidden>"),
            "{path}: the notice is not hidden"
        );
        assert!(
            notice.contains(&format!("datetime=\"{date}\"")),
            "{path}: {notice}"
        );
        pages += 1;
    }
    assert!(pages > 50, "{pages} pages");
}

#[test]
fn serve_builds_without_the_worker() {
    let root = common::repo_root();
    let built = backguide::site::build_site(&root).unwrap();
    assert!(built.files.contains_key("sw.js"));
    let served = backguide::site::build_site_for_serve(&root).unwrap();
    assert!(!served.files.contains_key("sw.js"));
    let mut without = built.files.clone();
    without.remove("sw.js");
    assert_eq!(without, served.files, "only the worker differs");
}
