//! Page weight (issue 12): every page of the real guide is at most 30 KB (30,000 bytes) counting its HTML and
//! the files it loads: stylesheets and icons (`<link rel="stylesheet|icon" href>`), scripts
//! (`<script src>`), images (`<img src>`, `<img srcset>`, `<source srcset>`), embedded files
//! (`<iframe>`, `<embed>`, `<video>`, `<audio>` and `<source>` `src`, `<object data>`) and what
//! the stylesheets load (`url(...)`). Each file counts once per page. `decide.html` may weigh 40 KB (its first two questions list every emergency and urgent sign);
//! `sources.html` and `decide/flowchart.html`, which grow with the content, 45 KB.
//! Pages under `downloads/` (the offline copies) are not web pages and are left out.
//! The test prints a table, heaviest first, and names the heaviest page.

use crate::common;
use crate::quality_report;

use common::linkcheck::{css_url_calls, tags};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

const LIMIT: u64 = 30_000;
/// decide.html holds its outcome screens and the tree's data, for the script, as well as the page.
const DECIDE_LIMIT: u64 = 40_000;
/// Reference pages that grow with the content, not with the design: the sources page quotes the
/// words relied on for every cited claim, and the flowchart draws every question and answer.
const REFERENCE_PAGES: [&str; 2] = ["sources.html", "decide/flowchart.html"];
const REFERENCE_LIMIT: u64 = 45_000;

#[derive(Debug)]
struct Weight {
    page: String,
    html: u64,
    assets: u64,
    files: BTreeSet<String>,
    limit: u64,
    problems: Vec<String>,
}

impl Weight {
    fn total(&self) -> u64 {
        self.html + self.assets
    }
}

fn limit_for(page: &str) -> u64 {
    if page == "decide.html" {
        DECIDE_LIMIT
    } else if REFERENCE_PAGES.contains(&page) {
        REFERENCE_LIMIT
    } else {
        LIMIT
    }
}

/// Every file under `dir`, as sorted `/`-separated relative paths.
fn site_files(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        let mut entries: Vec<_> = fs::read_dir(dir).expect("read dir").flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.path().is_dir() {
                walk(&entry.path(), &format!("{rel}/"), out);
            } else {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, "", &mut out);
    out
}

/// Resolve `url`, found in site file `from`, to a site path. `None` for URLs that load nothing
/// from the site (another scheme, a fragment); an error for one that climbs above the root.
fn resolve(from: &str, url: &str) -> Option<Result<String, String>> {
    let url = url.trim();
    let path = url.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || url.starts_with("//") || path.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        from.split('/').collect()
    };
    parts.pop(); // the file name of `from`
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Some(Err(format!("`{url}` climbs above the site root")));
                }
            }
            p => parts.push(p),
        }
    }
    Some(Ok(parts.join("/")))
}

/// The URLs a page loads as it is shown (not the ones it links to).
fn loaded_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for tag in tags(html) {
        let rel_has = |want: &str| {
            tag.attr("rel")
                .is_some_and(|r| r.split_whitespace().any(|r| r.eq_ignore_ascii_case(want)))
        };
        match tag.name.as_str() {
            "link" if rel_has("stylesheet") || rel_has("icon") || rel_has("preload") => {
                urls.extend(tag.attr("href").map(str::to_string))
            }
            "script" | "img" | "iframe" | "embed" | "video" | "audio" | "source" => {
                urls.extend(tag.attr("src").map(str::to_string))
            }
            "object" => urls.extend(tag.attr("data").map(str::to_string)),
            _ => {}
        }
        if matches!(tag.name.as_str(), "img" | "source") {
            if let Some(srcset) = tag.attr("srcset") {
                for candidate in srcset.split(',') {
                    urls.extend(candidate.split_whitespace().next().map(str::to_string));
                }
            }
        }
    }
    urls
}

/// Weigh every page of the site in `dir` (downloads excepted), heaviest first.
fn weigh_site(dir: &Path) -> Vec<Weight> {
    let size = |p: &str| fs::metadata(dir.join(p)).map(|m| m.len());
    let mut weights = Vec::new();
    for page in site_files(dir) {
        if !page.ends_with(".html") || page.starts_with("downloads/") {
            continue;
        }
        let html = fs::read_to_string(dir.join(&page)).expect("read page");
        let mut files = BTreeSet::new();
        let mut problems = Vec::new();
        let mut queue: Vec<(String, String)> = loaded_urls(&html)
            .into_iter()
            .map(|u| (page.clone(), u))
            .collect();
        while let Some((from, url)) = queue.pop() {
            match resolve(&from, &url) {
                None => {}
                Some(Err(e)) => problems.push(e),
                Some(Ok(path)) => {
                    if size(&path).is_err() {
                        problems.push(format!("loads `{url}`, which is not a file of the site"));
                    } else if files.insert(path.clone()) && path.ends_with(".css") {
                        let css = fs::read_to_string(dir.join(&path)).unwrap_or_default();
                        queue.extend(css_url_calls(&css).into_iter().map(|u| (path.clone(), u)));
                    }
                }
            }
        }
        let assets = files.iter().map(|f| size(f).unwrap_or(0)).sum();
        weights.push(Weight {
            limit: limit_for(&page),
            html: html.len() as u64,
            page,
            assets,
            files,
            problems,
        });
    }
    weights.sort_by(|a, b| b.total().cmp(&a.total()).then(a.page.cmp(&b.page)));
    weights
}

fn kb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1000.0)
}

fn table(weights: &[Weight]) -> String {
    let mut out = String::from(
        "| page | HTML (KB) | CSS, JS, images (KB) | total (KB) | limit (KB) |\n| --- | ---: | ---: | ---: | ---: |\n",
    );
    for w in weights {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            w.page,
            kb(w.html),
            kb(w.assets),
            kb(w.total()),
            kb(w.limit)
        ));
    }
    out
}

/// The pages over their limit or loading something that is not there, one line each.
fn failures(weights: &[Weight]) -> Vec<String> {
    let mut out = Vec::new();
    for w in weights {
        if w.total() > w.limit {
            out.push(format!(
                "{}: {} bytes, over its limit of {} bytes (HTML {}, plus {:?})",
                w.page,
                w.total(),
                w.limit,
                w.html,
                w.files
            ));
        }
        out.extend(w.problems.iter().map(|p| format!("{}: {p}", w.page)));
    }
    out
}

#[test]
fn every_page_of_the_real_guide_is_within_its_weight_limit() {
    let (_guard, site) = common::build_real_guide();
    let weights = weigh_site(&site);
    assert!(
        weights.len() >= 10,
        "only {} pages weighed in {}",
        weights.len(),
        site.display()
    );
    // Every page loads the stylesheet, so a broken extractor cannot pass as "light pages".
    for w in &weights {
        assert!(
            w.files.contains("style.css"),
            "{} does not count style.css: {:?}",
            w.page,
            w.files
        );
    }
    let heaviest = &weights[0];
    let summary = format!(
        "{}\nHeaviest page: {}, {} KB of its {} KB limit.\n",
        table(&weights),
        heaviest.page,
        kb(heaviest.total()),
        kb(heaviest.limit)
    );
    quality_report::record("weight", "Page weight, heaviest first:", &summary);
    let failures = failures(&weights);
    assert!(failures.is_empty(), "page weight:\n{}", failures.join("\n"));
}

/// A hand-made site: the weigher counts HTML, CSS (and what it loads), scripts and images once
/// each, applies the decide.html limit, skips downloads/ and reports a missing file.
#[test]
fn the_weigher_counts_what_a_page_loads_and_fails_heavy_pages() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("topics")).unwrap();
    fs::create_dir_all(d.join("downloads")).unwrap();
    fs::write(
        d.join("style.css"),
        format!("a{{background:url(\"bg.png\")}}{}", " ".repeat(9_000)),
    )
    .unwrap();
    fs::write(d.join("bg.png"), vec![0u8; 1_000]).unwrap();
    fs::write(d.join("big.js"), vec![b' '; 25_000]).unwrap();
    fs::write(d.join("pic.svg"), vec![b' '; 500]).unwrap();
    fs::write(d.join("chart.svg"), vec![b' '; 700]).unwrap();
    let page = |root: &str, extra: &str| {
        format!(
            "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"{root}style.css\">\
             <link rel=\"stylesheet\" href=\"{root}style.css#again\">{extra}</head><body>\
             <a href=\"{root}big.js\">a link loads nothing</a></body></html>"
        )
    };
    fs::write(
        d.join("topics/light.html"),
        page(
            "../",
            "<img src=\"../pic.svg\" alt=\"\"><object data=\"../chart.svg\"></object>",
        ),
    )
    .unwrap();
    fs::write(
        d.join("heavy.html"),
        page("", "<script src=\"big.js\"></script>"),
    )
    .unwrap();
    fs::write(
        d.join("decide.html"),
        page("", "<script src=\"big.js\"></script>"),
    )
    .unwrap();
    fs::write(
        d.join("broken.html"),
        page("", "<img src=\"nope.png\" alt=\"\">"),
    )
    .unwrap();
    fs::write(d.join("downloads/all.html"), vec![b' '; 100_000]).unwrap();

    let weights = weigh_site(d);
    let by_page = |p: &str| weights.iter().find(|w| w.page == p).unwrap();
    assert!(weights.iter().all(|w| !w.page.starts_with("downloads/")));

    let light = by_page("topics/light.html");
    let css = fs::metadata(d.join("style.css")).unwrap().len();
    assert_eq!(light.assets, css + 1_000 + 500 + 700, "{light:?}");
    assert_eq!(light.total(), light.html + css + 2_200);

    let heavy = by_page("heavy.html");
    assert_eq!(heavy.assets, css + 1_000 + 25_000);
    assert_eq!(
        weights[0].total(),
        heavy.total().max(by_page("decide.html").total())
    );

    let failures = failures(&weights);
    assert!(
        failures
            .iter()
            .any(|f| f.starts_with("heavy.html: ") && f.contains("over its limit")),
        "{failures:?}"
    );
    assert!(
        !failures.iter().any(|f| f.starts_with("decide.html")),
        "{failures:?}"
    );
    assert!(
        !failures.iter().any(|f| f.starts_with("topics/light.html")),
        "{failures:?}"
    );
    assert!(
        failures
            .iter()
            .any(|f| f.starts_with("broken.html: loads `nope.png`")),
        "{failures:?}"
    );
    assert!(table(&weights).contains("| heavy.html |"));
}
