//! The single-file guide: every page's main content in reading order, in one HTML file with the
//! CSS, the scripts, the search index and the SVG inline, and every internal link an in-page
//! anchor (`causes/doms.html#x` → `#causes-doms--x`). It references no other file.

use super::html::{check_document, Anchors, Scope};
use crate::content::Content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::template_error;
use crate::search::{index_js, Document, Terms};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
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
    /// Not one of the guide's own pages (the decision pages): printed without a page break.
    extra: bool,
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
    terms: &Terms,
    tera: &Tera,
    site: &BTreeMap<&str, Cow<'_, [u8]>>,
) -> Result<String, Diagnostics> {
    let file = TEMPLATE;
    let page = |path: &str| -> Result<Cow<'_, str>, Diagnostic> {
        let bytes = site
            .get(path)
            .ok_or_else(|| Diagnostic::new(file, format!("no page {path} to include")))?;
        Ok(String::from_utf8_lossy(bytes))
    };
    // A page whose <head> loads its own script (the decision page) keeps its ids, which the
    // script looks up, and the script comes along inline.
    let mut kept = Vec::new();
    let mut page_scripts = BTreeSet::new();
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let scripts = head_scripts(&html, path);
        if !scripts.is_empty() {
            kept.push(path.to_string());
            page_scripts.extend(scripts);
        }
    }
    let anchors = Anchors::new(kept);
    let part = |path: &str| -> Result<Part, Diagnostic> {
        let html = page(path)?;
        let main = inner(&html, "<main", "</main>")
            .ok_or_else(|| Diagnostic::new(file, format!("{path} has no <main> element")))?;
        // The page's <title> without " – <guide title>".
        let title = inner(&html, "<title", "</title>").unwrap_or(path);
        let title = title.rsplit_once(" – ").map_or(title, |(t, _)| t);
        Ok(Part {
            id: anchors.part(path),
            title: title.trim().to_string(),
            html: anchors.rewrite(main, Scope::Page(path)),
            extra: false,
        })
    };

    // Reading order: home, then each section and its topics, then the reference pages.
    let mut parts = vec![part("index.html")?];
    let mut contents = vec![entry(&parts[0])];
    for section in &content.sections {
        let index = part(&format!("{}/index.html", section.slug))?;
        let mut e = entry(&index);
        parts.push(index);
        // Cutting and rewriting the pages is most of the single file's work: use every core,
        // then take the results (and the first error) in reading order.
        let topics: Vec<Result<Part, Diagnostic>> = section
            .topics
            .par_iter()
            .map(|topic| part(&topic.output_path()))
            .collect();
        for p in topics {
            let p = p?;
            e.children.push(entry(&p));
            parts.push(p);
        }
        contents.push(e);
    }
    // Then any other page (the decision pages), sorted by path, so every link has its target.
    // A page in folder `x/` is listed under `x.html` (decide/flowchart.html under decide.html).
    let references = ["about.html", "glossary.html", "sources.html"];
    let placed: BTreeSet<String> = parts.iter().map(|p| p.id.clone()).collect();
    let extra: Vec<&str> = site
        .keys()
        .copied()
        .filter(|p| p.ends_with(".html") && !references.contains(p))
        .filter(|p| !placed.contains(&anchors.part(p)))
        .collect();
    let mut groups: BTreeMap<&str, usize> = BTreeMap::new();
    for path in &extra {
        let mut p = part(path)?;
        p.extra = true;
        let folder = path.rsplit_once('/').map(|(f, _)| f);
        let parent = folder.and_then(|f| groups.get(f).copied());
        match parent {
            Some(i) => contents[i].children.push(entry(&p)),
            None => {
                groups.insert(path.trim_end_matches(".html"), contents.len());
                contents.push(entry(&p));
            }
        }
        parts.push(p);
    }
    for path in references {
        let p = part(path)?;
        contents.push(entry(&p));
        parts.push(p);
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
    let page_js = page_scripts
        .iter()
        .map(|p| text(p))
        .collect::<Result<Vec<_>, _>>()?;
    ctx.insert("page_scripts", &page_js);
    ctx.insert(
        "search_index_js",
        &index_js(docs, terms, |href| {
            let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
            format!("#{}", anchors.of(path, Some(fragment)))
        }),
    );
    ctx.insert("contents", &contents);
    // Tera renders the frame with a marker in place of each page's HTML, and the pages go in
    // after: through Tera they would be copied into the context and again into the output,
    // tens of MB each for a large guide, and the frame's rewrite has nothing to change in pages
    // that are already rewritten.
    let markers: Vec<Part> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| Part {
            id: p.id.clone(),
            title: p.title.clone(),
            html: format!("{MARKER}{i}{MARKER}"),
            extra: p.extra,
        })
        .collect();
    ctx.insert("pages", &markers);
    let rendered = tera
        .render(TEMPLATE, &ctx)
        .map_err(|e| Diagnostics::from(template_error(&e)))?;
    drop(ctx);
    let frame = anchors.rewrite(&rendered, Scope::Chrome);
    drop(rendered);
    let html = splice(&frame, &parts)
        .map_err(|e| Diagnostics::from(Diagnostic::new(format!("templates/{TEMPLATE}"), e)))?;
    drop(parts);

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

/// Stands in for a page's HTML in the rendered frame: `\u{1}3\u{1}` is the fourth page. No
/// text the templates print can hold the control character.
const MARKER: char = '\u{1}';

/// `frame` with each marker replaced by its page's HTML. Every page must appear exactly once.
fn splice(frame: &str, parts: &[Part]) -> Result<String, String> {
    let size = frame.len() + parts.iter().map(|p| p.html.len()).sum::<usize>();
    let mut out = String::with_capacity(size);
    let mut placed = vec![false; parts.len()];
    let mut rest = frame;
    while let Some(start) = rest.find(MARKER) {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find(MARKER).ok_or("a page marker is cut short")?;
        let i: usize = after[..end]
            .parse()
            .map_err(|_| "a page marker is garbled")?;
        match placed.get_mut(i) {
            Some(seen) if !*seen => *seen = true,
            _ => return Err("print each page's html exactly once: {{ p.html | safe }}".into()),
        }
        out.push_str(&parts[i].html);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    if placed.iter().all(|&p| p) {
        Ok(out)
    } else {
        Err("print each page's html exactly once: {{ p.html | safe }}".into())
    }
}

/// The site-root-relative paths of the scripts the page at `path` loads in its `<head>`, other
/// than search.js, which every page loads.
fn head_scripts(html: &str, path: &str) -> Vec<String> {
    let head = inner(html, "<head", "</head>").unwrap_or("");
    let root = crate::links::root_prefix(path);
    let mut scripts = Vec::new();
    super::html::visit_attributes(head, |name, value| {
        if name == "src" {
            if let Some(script) = value.strip_prefix(root.as_str()) {
                if script != "search.js" && !script.contains(':') {
                    scripts.push(script.to_string());
                }
            }
        }
    });
    scripts
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
    fn pages_are_spliced_into_their_markers_once_each() {
        let part = |html: &str| Part {
            id: String::new(),
            title: String::new(),
            html: html.into(),
            extra: false,
        };
        let parts = [part("<p>a</p>"), part("<p>b</p>")];
        let frame = format!("<main>{MARKER}0{MARKER}<hr>{MARKER}1{MARKER}</main>");
        assert_eq!(
            splice(&frame, &parts).unwrap(),
            "<main><p>a</p><hr><p>b</p></main>"
        );
        assert!(splice(&format!("{MARKER}0{MARKER}"), &parts).is_err());
        assert!(splice(&format!("{MARKER}0{MARKER}{MARKER}0{MARKER}"), &parts[..1]).is_err());
        assert!(splice(&format!("{MARKER}x{MARKER}"), &parts).is_err());
    }

    #[test]
    fn inner_takes_the_element_content() {
        let html = r#"<body><main id="main" tabindex="-1"><h1>T &amp; U</h1></main></body>"#;
        assert_eq!(inner(html, "<main", "</main>"), Some("<h1>T &amp; U</h1>"));
        assert_eq!(inner(html, "<h1", "</h1>"), Some("T &amp; U"));
        assert_eq!(inner(html, "<nav", "</nav>"), None);
    }
}
