//! Publishing on GitHub Pages: `--base-url` is used only for the sitemap, canonical and Open
//! Graph tags, JSON-LD and the 404 page; every other link stays relative.

use crate::common;

use common::linkcheck::{check_site, tags};
use common::read;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

const BASE: &str = "https://example.org/guide/";

fn build(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let root = common::repo_root();
    let mut all = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let output = common::backguide(&all);
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (dir, out)
}

/// Every `.html` page of the site except the downloads, as output paths.
fn pages(site: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p.ends_with(".html") && !p.starts_with("downloads/"))
        .collect();
    pages.sort();
    pages
}

fn meta(html: &str, property: &str) -> Option<String> {
    tags(html)
        .into_iter()
        .find(|t| t.name == "meta" && t.attr("property") == Some(property))
        .and_then(|t| t.attr("content").map(str::to_string))
}

fn canonical(html: &str) -> Option<String> {
    tags(html)
        .into_iter()
        .find(|t| t.name == "link" && t.attr("rel") == Some("canonical"))
        .and_then(|t| t.attr("href").map(str::to_string))
}

fn json_ld(html: &str) -> Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("a JSON-LD script")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

#[test]
fn a_sub_path_build_keeps_every_internal_link_relative() {
    let (_guard, site) = build(&["--base-url", "https://example.org/guide"]);
    // The only absolute links allowed are each page's canonical link and the 404 page's links.
    let mut unexpected = Vec::new();
    let mut absolute_404 = 0;
    for problem in check_site(&site) {
        let (page, rest) = problem.split_once(": ").unwrap();
        let own_canonical = format!("href=\"{BASE}{page}\": points to another host");
        if rest == own_canonical {
            continue;
        }
        if page == "404.html" && rest.contains(&format!("=\"{BASE}")) {
            absolute_404 += 1;
            continue;
        }
        unexpected.push(problem);
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
    assert!(absolute_404 > 5, "404.html should link absolutely");

    let doms = read(&site, "causes/doms.html");
    let hrefs: Vec<String> = tags(&doms)
        .iter()
        .filter_map(|t| t.attr("href").map(str::to_string))
        .collect();
    assert!(hrefs.contains(&"../style.css".to_string()), "{hrefs:?}");
    assert!(hrefs.contains(&"../index.html".to_string()), "{hrefs:?}");
    assert_eq!(
        hrefs.iter().filter(|h| h.starts_with("http")).count(),
        1,
        "only the canonical link is absolute: {hrefs:?}"
    );
}

#[test]
fn the_sitemap_lists_every_page_absolute_under_the_sub_path() {
    let (_guard, site) = build(&["--base-url", BASE]);
    let xml = read(&site, "sitemap.xml");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let locs: Vec<&str> = xml
        .split("<loc>")
        .skip(1)
        .map(|s| &s[..s.find("</loc>").unwrap()])
        .collect();
    let mut sorted = locs.clone();
    sorted.sort();
    assert_eq!(locs, sorted, "sitemap entries are sorted");
    let expected: Vec<String> = pages(&site)
        .into_iter()
        .filter(|p| p != "404.html")
        .map(|p| format!("{BASE}{p}"))
        .collect();
    assert_eq!(locs, expected);
    assert!(locs.contains(&"https://example.org/guide/causes/doms.html"));
    assert!(locs.len() > 30);

    let robots = read(&site, "robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.org/guide/sitemap.xml\n"),
        "{robots}"
    );
    assert!(site.join(".nojekyll").is_file());
}

#[test]
fn pages_carry_canonical_open_graph_and_medical_json_ld() {
    let (_guard, site) = build(&["--base-url", BASE]);
    for page in pages(&site).iter().filter(|p| p.as_str() != "404.html") {
        let html = read(&site, page);
        let url = format!("{BASE}{page}");
        assert_eq!(canonical(&html).as_deref(), Some(url.as_str()), "{page}");
        assert_eq!(
            meta(&html, "og:url").as_deref(),
            Some(url.as_str()),
            "{page}"
        );
        let ld = json_ld(&html);
        assert_eq!(ld["@type"], "MedicalWebPage", "{page}");
        assert_eq!(ld["url"].as_str(), Some(url.as_str()), "{page}");
        for property in [
            "og:title",
            "og:description",
            "og:type",
            "og:site_name",
            "og:locale",
        ] {
            assert!(
                meta(&html, property).is_some_and(|v| !v.is_empty()),
                "{page}: {property}"
            );
        }
    }
    let html = read(&site, "causes/doms.html");
    assert_eq!(meta(&html, "og:locale").as_deref(), Some("en_GB"));
    assert_eq!(meta(&html, "og:type").as_deref(), Some("article"));
    let ld = json_ld(&html);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "MedicalWebPage");
    assert_eq!(ld["url"], "https://example.org/guide/causes/doms.html");
    assert_eq!(ld["inLanguage"], "en-GB");
    assert!(ld["name"].as_str().unwrap().contains("DOMS"));
    assert!(!ld["description"].as_str().unwrap().is_empty());
    // No clinician has checked the guide, so the page claims no review (issue 9).
    assert!(ld.get("lastReviewed").is_none(), "{ld}");
    assert!(ld.get("reviewedBy").is_none(), "{ld}");
    assert!(!ld["about"]["name"].as_str().unwrap().is_empty());
    assert_eq!(
        meta(&read(&site, "index.html"), "og:type").as_deref(),
        Some("website")
    );
}

#[test]
fn the_404_page_links_absolutely_from_the_base_url() {
    let (_guard, site) = build(&["--base-url", BASE]);
    let html = read(&site, "404.html");
    let urls: Vec<String> = tags(&html)
        .iter()
        .filter_map(|t| t.attr("href").or(t.attr("src")).map(str::to_string))
        .filter(|u| !u.starts_with('#') && !u.starts_with("tel:") && !u.starts_with("mailto:"))
        .collect();
    assert!(urls.len() > 5, "{urls:?}");
    for url in &urls {
        assert!(url.starts_with(BASE), "404.html: {url} is not under {BASE}");
        let file = site.join(url[BASE.len()..].split('#').next().unwrap());
        assert!(file.is_file(), "404.html: {url} names no file");
    }
    for needed in ["style.css", "index.html", "search.js"] {
        assert!(
            urls.contains(&format!("{BASE}{needed}")),
            "404.html: no link to {needed}"
        );
    }
    assert!(
        canonical(&html).is_none(),
        "a 404 page has no canonical URL"
    );
}

#[test]
fn without_a_base_url_nothing_is_absolute() {
    let (_guard, site) = build(&[]);
    assert!(!site.join("sitemap.xml").exists());
    let robots = read(&site, "robots.txt");
    assert!(robots.starts_with("User-agent: *\n"), "{robots}");
    assert!(!robots.contains("Sitemap"), "{robots}");
    let doms = read(&site, "causes/doms.html");
    assert!(canonical(&doms).is_none());
    assert!(meta(&doms, "og:url").is_none());
    assert!(meta(&doms, "og:title").is_some());
    assert!(json_ld(&doms).get("url").is_none());
    // The 404 page links relative to the site root, and says so.
    let html = read(&site, "404.html");
    assert!(html.contains("href=\"style.css\""), "{html}");
    assert!(html.contains("href=\"index.html\""), "{html}");
    assert!(html.contains("top folder of the guide"));
    assert!(check_site(&site).is_empty(), "{:?}", check_site(&site));
}

#[test]
fn base_url_can_be_set_in_guide_yaml_and_the_command_line_wins() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    common::copy_guide_sources(&root);
    let guide = root.join("content/guide.yaml");
    let text = fs::read_to_string(&guide).unwrap();
    fs::write(
        &guide,
        format!("{text}\nbase_url: https://me.github.io/back\n"),
    )
    .unwrap();

    let out = dir.path().join("a");
    let run = |out: &Path, extra: &[&str]| {
        let mut args = vec!["build", "--root", root.to_str().unwrap()];
        args.extend_from_slice(&["--out", out.to_str().unwrap()]);
        args.extend_from_slice(extra);
        let o = common::backguide(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    run(&out, &[]);
    assert!(read(&out, "sitemap.xml").contains("<loc>https://me.github.io/back/index.html</loc>"));
    let out = dir.path().join("b");
    run(&out, &["--base-url", "https://other.example/x/"]);
    let xml = read(&out, "sitemap.xml");
    assert!(
        xml.contains("<loc>https://other.example/x/index.html</loc>"),
        "{xml}"
    );
    assert!(!xml.contains("me.github.io"));

    // A bad base_url in guide.yaml is an error naming the file and line.
    fs::write(&guide, format!("{text}\nbase_url: me.github.io/back\n")).unwrap();
    let o = common::backguide(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("content/guide.yaml:"), "{err}");
    assert!(
        err.contains(
            "base_url \"me.github.io/back/\" cannot be used: the base URL must start with https://"
        ),
        "{err}"
    );
}

#[test]
fn a_bad_base_url_on_the_command_line_is_a_usage_error() {
    for bad in ["example.org/guide", "https://", "https://example.org/?q=1"] {
        let o = common::backguide(&["check", "--base-url", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--base-url"), "{bad}: {err}");
    }
}
