//! The offline downloads: the zip of the whole site and the single-file guide.

use crate::common;

use common::linkcheck::{check_site, tags, visible_text};
use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

const SLUG: &str = "back-pain-after-working-out";

fn zip_path(site: &Path) -> PathBuf {
    site.join(format!("downloads/{SLUG}-offline.zip"))
}

fn single_path(site: &Path) -> PathBuf {
    site.join(format!("downloads/{SLUG}.html"))
}

/// Unpack the zip at `zip` into `to` with the zip crate; returns the entry names in order.
fn unzip(zip: &Path, to: &Path) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(fs::File::open(zip).unwrap()).unwrap();
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let path = entry
            .enclosed_name()
            .expect("entry stays inside the folder");
        let time = entry.last_modified().unwrap();
        assert_eq!(
            (
                time.year(),
                time.month(),
                time.day(),
                time.hour(),
                time.minute()
            ),
            (1980, 1, 1, 0, 0),
            "{name} has a fixed timestamp"
        );
        assert_eq!(entry.unix_mode(), Some(0o100644), "{name}");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let target = to.join(path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, bytes).unwrap();
        names.push(name);
    }
    names
}

#[test]
fn the_zip_unpacks_to_a_site_whose_every_link_resolves() {
    let (_guard, site) = common::build_real_guide();
    let dir = tempfile::tempdir().unwrap();
    let names = unzip(&zip_path(&site), dir.path());

    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "entries are sorted");
    assert!(
        names.contains(&"index.html".to_string()),
        "index.html at the top"
    );
    for left_out in [
        "downloads/",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        ".nojekyll",
    ] {
        assert!(
            !names.iter().any(|n| n.starts_with(left_out)),
            "{left_out} is in the zip"
        );
    }
    for needed in [
        "style.css",
        "search.js",
        "search-engine.js",
        "search-index.js",
        "causes/doms.html",
        "glossary.html",
    ] {
        assert!(
            names.contains(&needed.to_string()),
            "no {needed} in the zip"
        );
    }
    // Every page of the site (but the server's 404 page) is in the zip, byte for byte, except
    // that the copies of the home and about pages have no links to the downloads.
    for name in &names {
        let copy = fs::read(dir.path().join(name)).unwrap();
        let original = fs::read(site.join(name)).unwrap();
        if name == "index.html" || name == "about.html" {
            let text = String::from_utf8(copy).unwrap();
            assert!(
                !text.contains("downloads/"),
                "{name} links to the downloads"
            );
        } else {
            assert!(copy == original, "{name} differs from the site's");
        }
    }
    let problems = check_site(dir.path());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn two_builds_give_identical_downloads() {
    let (_a, first) = common::build_real_guide();
    let (_b, second) = common::build_real_guide();
    let a = fs::read(zip_path(&first)).unwrap();
    assert!(a.len() > 20_000, "the zip holds the site");
    assert!(a == fs::read(zip_path(&second)).unwrap(), "zips differ");
    assert!(
        fs::read(single_path(&first)).unwrap() == fs::read(single_path(&second)).unwrap(),
        "single files differ"
    );
}

#[test]
fn the_single_file_references_no_other_file() {
    let (_guard, site) = common::build_real_guide();
    let html = fs::read_to_string(single_path(&site)).unwrap();
    let mut ids = BTreeSet::new();
    let mut anchors = Vec::new();
    for tag in tags(&html) {
        for (name, value) in &tag.attrs {
            match name.as_str() {
                "id" => assert!(ids.insert(value.clone()), "id {value} used twice"),
                "href" | "xlink:href" => {
                    if let Some(id) = value.strip_prefix('#') {
                        anchors.push(id.to_string());
                    } else {
                        assert!(
                            ["https://", "http://", "tel:", "mailto:"]
                                .iter()
                                .any(|s| value.starts_with(s)),
                            "<{}> {name}=\"{value}\" refers to a file",
                            tag.name
                        );
                    }
                }
                "src" | "srcset" | "poster" | "action" | "data" | "formaction" => {
                    panic!("<{}> {name}=\"{value}\" refers to a file", tag.name)
                }
                _ => {}
            }
        }
        assert!(
            !(tag.name == "link" && tag.attr("rel") == Some("stylesheet")),
            "a stylesheet link"
        );
    }
    for id in &anchors {
        assert!(ids.contains(id), "the link #{id} goes nowhere");
    }
    assert!(anchors.len() > 100, "internal links became anchors");
    // `url()` only to a place in the file (SVG markers) or to data.
    for (i, _) in html.match_indices("url(") {
        let value = &html[i + 4..i + 4 + html[i + 4..].find(')').unwrap()];
        let value = value.trim().trim_matches(['"', '\'']);
        match value.strip_prefix('#') {
            Some(id) => assert!(ids.contains(id), "url(#{id}) goes nowhere"),
            None => assert!(value.starts_with("data:"), "url({value}) refers to a file"),
        }
    }
    assert!(!html.contains("fetch("), "no fetch");
    assert!(html.contains("<style>"), "CSS inline");
    assert!(
        html.contains("window.BACKGUIDE_SEARCH="),
        "search index inline"
    );
    assert!(html.contains("<svg"), "SVG inline");
    assert!(html.contains("@media print"), "print styles");
}

#[test]
fn the_single_file_holds_every_page_in_reading_order() {
    let (_guard, site) = common::build_real_guide();
    let html = fs::read_to_string(single_path(&site)).unwrap();
    let text = visible_text(&html);
    let position = |id: &str| {
        html.find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no part {id}"))
    };
    let order = [
        "index",
        "causes-index",
        "causes-doms",
        "soreness-or-injury-index",
        "recovery-index",
        "recovery-cold-and-heat",
        "prevention-index",
        "warning-signs-index",
        "warning-signs-cauda-equina",
        "decide--page",
        "decide-flowchart",
        "about",
        "glossary",
        "sources",
    ];
    for pair in order.windows(2) {
        assert!(position(pair[0]) < position(pair[1]), "{pair:?}");
    }
    for page in fs::read_dir(site.join("causes")).unwrap() {
        let name = page.unwrap().file_name().to_string_lossy().into_owned();
        let id = format!("causes-{}", name.trim_end_matches(".html"));
        position(&id);
    }
    // The glossary's entries, the sources and the emergency box are all there.
    assert!(html.contains("id=\"glossary--sciatica\""));
    assert!(text.contains("Call your emergency number now"));
    assert!(text.contains("Where this information comes from"));
    // Links between pages now point into the file.
    assert!(html.contains("href=\"#warning-signs-cauda-equina\""));
    assert!(html.contains("href=\"#glossary--doms\""));
    // The downloads are not linked from inside a download.
    assert!(!html.contains("downloads/"));
}

/// The decision pages come in the tree's order, as the page table lists them: decide.html, each
/// node's page as decision.yaml writes them (the start question first), the flowchart and the
/// list; in the contents too, under decide.html.
#[test]
fn the_single_file_lists_the_decision_pages_in_the_trees_order() {
    let (_guard, site) = common::build_real_guide();
    let html = fs::read_to_string(single_path(&site)).unwrap();
    let file = backguide::content::SourceFile {
        path: "content/decision.yaml".into(),
        text: fs::read_to_string(common::repo_root().join("content/decision.yaml")).unwrap(),
    };
    let tree = backguide::decision::load(&file).expect("the real tree loads");
    let mut expected = vec!["decide--page".to_string(), format!("decide-{}", tree.start)];
    expected.extend(
        (tree.nodes.iter())
            .filter(|n| n.id != tree.start)
            .map(|n| format!("decide-{}", n.id)),
    );
    expected.extend(["decide-flowchart".into(), "decide-questions".into()]);
    // The nodes are not written in the order of their names, so this is not the sorted order.
    let mut sorted = expected.clone();
    sorted.sort();
    assert_ne!(expected, sorted);

    // The parts of the decision pages: `single-part single-extra` (and ` single-step` for a
    // question or a result, shown only when a link leads to it).
    let marker = "class=\"single-part single-extra";
    let parts: Vec<&str> = html
        .match_indices(marker)
        .map(|(i, _)| {
            let rest = &html[i..];
            let rest = &rest[rest.find(" id=\"").unwrap() + 5..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(parts, expected);

    let start = html.find("<nav id=\"contents\"").unwrap();
    let nav = &html[start..start + html[start..].find("</nav>").unwrap()];
    let listed: Vec<&str> = nav
        .match_indices("href=\"#decide")
        .map(|(i, _)| {
            let rest = &nav[i + "href=\"#".len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(listed, expected);
}

#[test]
fn home_and_about_link_to_both_downloads_with_their_sizes() {
    let (_guard, site) = common::build_real_guide();
    let kb = |path: &Path| (fs::metadata(path).unwrap().len() as usize + 512) / 1024;
    let zip_text = format!("(zip, {} KB)", kb(&zip_path(&site)));
    let single_text = format!("(HTML, {} KB)", kb(&single_path(&site)));
    for page in ["index.html", "about.html"] {
        let html = fs::read_to_string(site.join(page)).unwrap();
        let links: Vec<(String, String)> = tags(&html)
            .into_iter()
            .filter(|t| t.name == "a")
            .filter_map(|t| t.attr("href").map(str::to_string).map(|h| (h, t)))
            .filter(|(h, _)| h.starts_with("downloads/"))
            .map(|(h, t)| {
                let end = html[t.offset..].find("</a>").unwrap() + t.offset;
                (h, visible_text(&html[t.offset..end]))
            })
            .collect();
        assert_eq!(links.len(), 2, "{page}: {links:?}");
        assert!(
            links
                .iter()
                .any(|(h, text)| h == &format!("downloads/{SLUG}-offline.zip")
                    && text.contains(&zip_text)),
            "{page}: {links:?}, expected {zip_text}"
        );
        assert!(
            links
                .iter()
                .any(|(h, text)| h == &format!("downloads/{SLUG}.html")
                    && text.contains(&single_text)),
            "{page}: {links:?}, expected {single_text}"
        );
        assert!(
            !html.contains("BACKGUIDE-"),
            "{page}: a placeholder is left"
        );
        assert!(!html.contains("<!--downloads"), "{page}: a marker is left");
    }
}

#[test]
fn the_single_file_search_works_from_file_url() {
    if !common::browser_available("the_single_file_search_works_from_file_url") {
        return;
    }
    let (_guard, site) = common::build_real_guide();
    common::run_node("single.mjs", &[single_path(&site).to_str().unwrap()]);
}

#[test]
fn the_unzipped_copy_searches_from_file_url() {
    if !common::browser_available("the_unzipped_copy_searches_from_file_url") {
        return;
    }
    let (_guard, site) = common::build_real_guide();
    let dir = tempfile::tempdir().unwrap();
    unzip(&zip_path(&site), dir.path());
    common::run_node("search.mjs", &[dir.path().to_str().unwrap()]);
}
