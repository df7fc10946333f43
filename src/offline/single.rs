//! The single-file guide: every page's main content in reading order, in one HTML file with the
//! CSS, the scripts, the search index and the SVG inline, and every internal link an in-page
//! anchor (`causes/doms.html#x` → `#causes-doms--x`). It references no other file.

use super::html::{anchor, check_document, rewrite, Scope};
use crate::content::Content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::template_error;
use crate::search::{index_js, Document};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use tera::{Context, Tera};

/// The template of the single file.
const TEMPLATE: &str = "single.html";

/// One page of the site, as a part of the single file.
#[derive(Serialize)]
struct Part {
    /// The anchor of the part, e.g. `causes-doms`.
    id: String,
    /// The page's `<h1>`, as the (escaped) HTML the page has.
    title: String,
    /// The page's main content, rewritten.
    html: String,
}

/// A line of the table of contents: a page, with its topics under a section.
#[derive(Serialize)]
struct Entry {
    href: String,
    title: String,
    children: Vec<Entry>,
}

/// Build the single file from the reading copy of the site (output path → bytes).
pub fn single_file(
    content: &Content,
    docs: &[Document],
    tera: &Tera,
    site: &BTreeMap<&str, Vec<u8>>,
) -> Result<String, Diagnostics> {
    let file = TEMPLATE;
    let part = |path: &str| -> Result<Part, Diagnostic> {
        let bytes = site
            .get(path)
            .ok_or_else(|| Diagnostic::new(file, format!("no page {path} to include")))?;
        let page = String::from_utf8_lossy(bytes);
        let main = inner(&page, "<main", "</main>")
            .ok_or_else(|| Diagnostic::new(file, format!("{path} has no <main> element")))?;
        let title = inner(main, "<h1", "</h1>")
            .unwrap_or(path)
            .trim()
            .to_string();
        Ok(Part {
            id: anchor(path, None),
            title,
            html: rewrite(main, Scope::Page(path)),
        })
    };

    // Reading order: home, then each section and its topics, then the reference pages.
    let mut parts = vec![part("index.html")?];
    let mut contents = vec![entry(&parts[0])];
    for section in &content.sections {
        let index = part(&format!("{}/index.html", section.slug))?;
        let mut e = entry(&index);
        parts.push(index);
        for topic in &section.topics {
            let p = part(&topic.output_path())?;
            e.children.push(entry(&p));
            parts.push(p);
        }
        contents.push(e);
    }
    for path in ["about.html", "glossary.html", "sources.html"] {
        let p = part(path)?;
        contents.push(entry(&p));
        parts.push(p);
    }
    // Any other page (such as the decision pages), sorted, so every link has its target.
    let placed: BTreeSet<String> = parts.iter().map(|p| p.id.clone()).collect();
    for path in site.keys().filter(|p| p.ends_with(".html")) {
        if !placed.contains(&anchor(path, None)) {
            let p = part(path)?;
            contents.push(entry(&p));
            parts.push(p);
        }
    }

    let text = |path: &str| -> Result<String, Diagnostic> {
        let bytes = site
            .get(path)
            .ok_or_else(|| Diagnostic::new(format!("static/{path}"), "missing"))?;
        let text = String::from_utf8_lossy(bytes).into_owned();
        if text.to_ascii_lowercase().contains("</script") || text.contains("</style") {
            return Err(Diagnostic::new(
                format!("static/{path}"),
                "cannot be put inline: it contains </script> or </style>",
            ));
        }
        Ok(text)
    };
    let mut ctx = Context::new();
    ctx.insert("root", "");
    ctx.insert("search_inline", &true);
    ctx.insert("css", &text("style.css")?);
    ctx.insert("search_js", &text("search.js")?);
    ctx.insert(
        "search_index_js",
        &index_js(docs, |href| {
            let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
            format!("#{}", anchor(path, Some(fragment)))
        }),
    );
    ctx.insert("contents", &contents);
    ctx.insert("pages", &parts);
    let html = tera
        .render(TEMPLATE, &ctx)
        .map_err(|e| Diagnostics::from(template_error(&e)))?;
    let html = rewrite(&html, Scope::Chrome);

    let problems = check_document(&html);
    if !problems.is_empty() {
        let mut diags = Diagnostics::default();
        for p in problems {
            diags.error(Diagnostic::new(
                format!("templates/{TEMPLATE}"),
                format!("the single-file guide would break: {p}"),
            ));
        }
        return Err(diags);
    }
    Ok(html)
}

fn entry(part: &Part) -> Entry {
    Entry {
        href: format!("#{}", part.id),
        title: part.title.clone(),
        children: Vec::new(),
    }
}

/// The content of the first element that starts with `open` (e.g. `<main`) and ends with
/// `close`, after the start tag's `>`. The generated pages have one `<main>` and one `<h1>`.
fn inner<'a>(html: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = html.find(open)?;
    let body = start + html[start..].find('>')? + 1;
    let end = body + html[body..].find(close)?;
    Some(&html[body..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_takes_the_element_content() {
        let html = r#"<body><main id="main" tabindex="-1"><h1>T &amp; U</h1></main></body>"#;
        assert_eq!(inner(html, "<main", "</main>"), Some("<h1>T &amp; U</h1>"));
        assert_eq!(inner(html, "<h1", "</h1>"), Some("T &amp; U"));
        assert_eq!(inner(html, "<nav", "</nav>"), None);
    }
}
