//! Every link in the real guide's output works from file://, from / and from a sub-path: it is
//! relative, names an existing file and an existing #id, and no link points to another host.

use crate::common;

use common::linkcheck::{check_site, tags, visible_text};
use std::fs;
use std::path::Path;

#[test]
fn every_link_in_the_real_guide_resolves() {
    let (_guard, site) = common::build_real_guide();
    let problems = check_site(&site);
    assert!(
        problems.is_empty(),
        "{} broken links:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_real_guide_links_every_page_somewhere() {
    // The checker only looks at links that exist; make sure it saw plenty of them, so an empty
    // or link-less output cannot pass.
    let (_guard, site) = common::build_real_guide();
    let page = fs::read_to_string(site.join("causes/doms.html")).unwrap();
    let hrefs: Vec<String> = tags(&page)
        .iter()
        .filter_map(|t| t.attr("href").map(str::to_string))
        .collect();
    for expected in [
        "../style.css",
        "../index.html",
        "../causes/index.html",
        "../warning-signs/cauda-equina.html",
        "#main",
    ] {
        assert!(
            hrefs.iter().any(|h| h == expected),
            "no href {expected} in causes/doms.html: {hrefs:?}"
        );
    }
}

/// A tiny hand-made site with one of each mistake, so the checker is shown to fail.
fn write_bad_site(dir: &Path) {
    // `root` is the way back to the site root from the page's folder, as the generator writes it.
    let page = |root: &str, links: &str| {
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><link rel=\"stylesheet\" href=\"{root}style.css\">\
             </head><body><h1 id=\"top\">Title</h1>{links}</body></html>"
        )
    };
    fs::create_dir_all(dir.join("causes")).unwrap();
    fs::write(
        dir.join("index.html"),
        page(
            "",
            concat!(
                "<a href=\"good.html\">ok</a>\n",
                "<link rel=\"canonical\" href=\"https://example.org/index.html\">\n",
                "<link rel=\"icon\" href=\"https://example.org/favicon.ico\">\n",
                "<a href=\"good.html#here\">ok</a>\n",
                "<a href='#top'>ok</a>\n",
                "<a href=\"causes/doms.html#a&amp;b\">ok, entity decoded</a>\n",
                "<a href=\"tel:999\">ok</a> <a href=\"mailto:a@example.org\">ok</a>\n",
                "<!-- <a href=\"commented-out.html\">ignored</a> -->\n",
                "<script>if (a<b) { x = '<a href=\"in-script.html\">'; }</script>\n",
                "<a href=\"/abs.html\">1</a>\n",
                "<script src=\"//cdn.example.org/x.js\"></script>\n",
                "<a href=\"https://example.org/\">3</a>\n",
                "<a href=\"HTTP://example.org/x.html\">4</a>\n",
                "<a href=\"causes/\">5</a>\n",
                "<a href=\"causes\">6</a>\n",
                "<a href=\"missing.html\">7</a>\n",
                "<a href=\"good.html#nope\">8</a>\n",
                "<a href=\"#nowhere\">9</a>\n",
                "<a href=\"../outside.html\">10</a>\n",
                "<img src=\"pic.png\" alt=\"\">\n",
                "<a href=\"\">12</a>\n",
                "<a href=\"javascript:void(0)\">13</a>\n",
                "<p id=\"dup\">a</p><p id=\"dup\">b</p>\n",
                "<a href=\"style.css#x\">16</a>\n",
            ),
        ),
    )
    .unwrap();
    fs::write(dir.join("good.html"), page("", "<p id=\"here\">here</p>")).unwrap();
    fs::write(dir.join("causes/index.html"), page("../", "")).unwrap();
    fs::write(
        dir.join("causes/doms.html"),
        page(
            "../",
            "<h2 id=\"a&amp;b\">x</h2><a href=\"../index.html#top\">ok</a><a href=\"./\">17</a>",
        ),
    )
    .unwrap();
    fs::write(
        dir.join("style.css"),
        "@import \"https://fonts.example.org/a.css\";\nbody { background: url(missing.png); }\n\
         h1 { background: url('causes/index.html'); }\n",
    )
    .unwrap();
}

#[test]
fn the_checker_reports_each_kind_of_bad_link() {
    let dir = tempfile::tempdir().unwrap();
    write_bad_site(dir.path());
    let problems = check_site(dir.path());
    let expected = [
        "index.html: href=\"/abs.html\": starts with `/`",
        "index.html: src=\"//cdn.example.org/x.js\": points to another host",
        "index.html: href=\"https://example.org/\": points to another host",
        "index.html: href=\"HTTP://example.org/x.html\": points to another host",
        "index.html: href=\"https://example.org/favicon.ico\": points to another host",
        "index.html: href=\"causes/\": names a folder",
        "index.html: href=\"causes\": names a folder",
        "index.html: href=\"missing.html\": no such file: missing.html",
        "index.html: href=\"good.html#nope\": no id `nope` in good.html",
        "index.html: href=\"#nowhere\": no id `nowhere` in index.html",
        "index.html: href=\"../outside.html\": goes above the site's root folder",
        "index.html: src=\"pic.png\": no such file: pic.png",
        "index.html: href=\"\": empty link",
        "index.html: href=\"javascript:void(0)\": uses the `javascript:` scheme",
        "index.html: id `dup` is used twice",
        "index.html: href=\"style.css#x\": #x points into style.css, which is not a page",
        "causes/doms.html: href=\"./\": names a folder",
        "style.css: url()=\"https://fonts.example.org/a.css\": points to another host",
        "style.css: url()=\"missing.png\": no such file: missing.png",
    ];
    let mut missing = Vec::new();
    for e in expected {
        if !problems.iter().any(|p| p.starts_with(e)) {
            missing.push(e);
        }
    }
    assert!(
        missing.is_empty(),
        "the checker missed:\n{}\nit reported:\n{}",
        missing.join("\n"),
        problems.join("\n")
    );
    assert_eq!(
        problems.len(),
        expected.len(),
        "the checker reported something it should not have:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_passes_a_good_site() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("a")).unwrap();
    fs::write(
        d.join("index.html"),
        "<html><body><a id=x href=a/b.html#y>b</a> <a href=\"#x\">x</a> \
         <img src=\"a/pic%20one.png\" alt=\"\"></body></html>",
    )
    .unwrap();
    fs::write(d.join("a/pic one.png"), b"png").unwrap();
    fs::write(
        d.join("a/b.html"),
        "<body><h2 id=\"y\">y</h2><a href=\"../index.html\">home</a></body>",
    )
    .unwrap();
    assert_eq!(check_site(d), Vec::<String>::new());
}

#[test]
fn visible_text_drops_tags_scripts_and_decodes_entities() {
    let html = "<head><title>Not body</title></head><body><p>Fish &amp; chips</p>\
                <script>var a = '<p>no</p>';</script><ul><li>one</li><li>two&#39;s&nbsp;x</li></ul>\
                <!-- hidden --></body>";
    assert_eq!(visible_text(html), "Fish & chips one two's x");
}

/// Build a copy of the real guide after `edit`; returns (success, stdout + stderr, site folder).
fn build_edited(edit: impl FnOnce(&Path)) -> (bool, String, tempfile::TempDir) {
    let dir = common::copy_of_the_guide();
    edit(dir.path());
    let out = dir.path().join("site");
    let output = common::build(dir.path(), &out);
    let (stdout, stderr) = common::output_text(&output);
    (output.status.success(), stdout + &stderr, dir)
}

fn replace_in(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} no longer contains {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn decision_outcome_links_take_the_same_md_paths_as_bodies() {
    let (ok, log, dir) = build_edited(|root| {
        let text = fs::read_to_string(root.join("content/decision.yaml")).unwrap();
        // Every `.html` link in `links:` written as its `.md` source instead.
        let text = text
            .lines()
            .map(|l| match l.trim_start().strip_prefix("- ") {
                Some(link) if link.contains(".html") && !link.contains(' ') => {
                    l.replace(".html", ".md")
                }
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert!(text.contains("warning-signs/cauda-equina.md"));
        fs::write(root.join("content/decision.yaml"), text).unwrap();
    });
    assert!(ok, "{log}");
    let json = fs::read_to_string(dir.path().join("site/decision.json")).unwrap();
    assert!(
        json.contains("\"warning-signs/cauda-equina.html\""),
        "{json}"
    );
    assert!(
        !json.contains(".md\""),
        "a source path reached decision.json"
    );
}

#[test]
fn a_broken_link_suggests_the_nearest_page() {
    let (ok, log, _dir) = build_edited(|root| {
        let path = root.join("content/causes/doms.md");
        let text = fs::read_to_string(&path).unwrap();
        fs::write(
            &path,
            format!("{text}\nSee [rest](../recovery/rests.md).\n"),
        )
        .unwrap();
        replace_in(
            root,
            "content/decision.yaml",
            "- warning-signs/cauda-equina.html",
            "- warning-signs/cauda-equine.md",
        );
    });
    assert!(!ok, "{log}");
    assert!(
        log.contains("broken link `../recovery/rests.md`: no such page: ../recovery/rests.md; did you mean ../recovery/rest.md?"),
        "{log}"
    );
    assert!(
        log.contains("did you mean warning-signs/cauda-equina.html?"),
        "{log}"
    );
}
