//! The Content-Security-Policy and the emergency box, in headless Chromium from file://. See
//! tests/browser/csp-check.mjs.
//!
//! The build refuses script in content (tests/hostile_content.rs), so to test the policy itself
//! the payloads are written straight into built pages on disk, where only the policy can stop
//! them.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

/// Written into a built page just after `<body ...>` and again before `</body>`.
const PAYLOAD: &str = concat!(
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)></svg>",
    "<details open ontoggle=alert(4)><summary>x</summary></details>",
    "<input autofocus onfocus=alert(5)>",
    "<a id=go href=\"javascript:alert(6)\">x</a><script>document.getElementById('go').click()</script>",
    "<iframe srcdoc=\"<script>parent.alert(7)</script>\"></iframe>",
    "<style>.emergency{display:none!important}</style>",
    "<div style=\"position:fixed;inset:0;background:#fff;z-index:99\"></div>",
    "<script src=\"https://evil.example/x.js\"></script>",
    "<img src=\"https://evil.example/x.png\">",
    "<link rel=stylesheet href=\"https://evil.example/x.css\">",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<object data=\"https://evil.example/x.swf\"></object>",
    "<embed src=\"https://evil.example/x.swf\">",
);

fn inject(path: &Path) {
    let html = fs::read_to_string(path).unwrap();
    let body = html.find("<body").expect("a body");
    let open_end = body + html[body..].find('>').unwrap() + 1;
    let close = html.rfind("</body>").expect("a closing body tag");
    let injected = format!(
        "{}{PAYLOAD}{}{PAYLOAD}{}",
        &html[..open_end],
        &html[open_end..close],
        &html[close..]
    );
    fs::write(path, injected).unwrap();
}

fn single_file(site: &Path) -> PathBuf {
    fs::read_dir(site.join("downloads"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "html"))
        .expect("the single-file guide")
}

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

#[test]
fn the_emergency_box_is_visible_on_every_page_and_in_the_single_file() {
    if !common::browser_available("csp_browser") {
        return;
    }
    let (_guard, site) = common::build_real_guide();
    let mut files = Vec::new();
    html_files(&site, &mut files);
    assert!(files.contains(&single_file(&site)));
    let mut args = vec!["visible".to_string()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    common::run_node("csp-check.mjs", &args);
}

#[test]
fn script_written_into_built_pages_does_not_run_and_reaches_no_other_host() {
    if !common::browser_available("csp_browser") {
        return;
    }
    let (_guard, site) = common::build_real_guide();
    let pages = [
        site.join("index.html"),
        site.join("causes/doms.html"),
        site.join("decide.html"),
        site.join("decide/flowchart.html"),
        site.join("about.html"),
        single_file(&site),
    ];
    for page in &pages {
        inject(page);
    }
    let mut args = vec!["hostile".to_string()];
    args.extend(pages.iter().map(|f| f.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    common::run_node("csp-check.mjs", &args);

    // The check can fail: the same payload in a page without its policy runs.
    let bare = site.join("causes/doms-without-policy.html");
    let html = fs::read_to_string(site.join("causes/doms.html")).unwrap();
    let start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let end = start + html[start..].find('>').unwrap() + 1;
    fs::write(&bare, format!("{}{}", &html[..start], &html[end..])).unwrap();
    let out = common::node("csp-check.mjs")
        .args(["hostile", bare.to_str().unwrap()])
        .output()
        .unwrap();
    let (stdout, _) = common::output_text(&out);
    assert!(!out.status.success(), "{stdout}");
    assert!(
        stdout.contains("a script ran and opened a dialog"),
        "{stdout}"
    );
    assert!(
        stdout.contains("the emergency box is not visible"),
        "{stdout}"
    );
}
