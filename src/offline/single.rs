//! The single-file guide: every page's main content in reading order, in one HTML file with the
//! CSS, the scripts, the search index and the SVG inline, and every internal link an in-page
//! anchor (`causes/doms.html#x` → `#causes-doms--x`). It references no other file.

use super::html::{Anchors, DocumentCheck, Scope};
use super::{Outline, PageNote, Reading};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::template_error;
use crate::render::SiteContext;
use crate::search::SearchIndex;
use crate::util::find;
use crate::util::html::each_piece_standing_in;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use tera::{Context, Tera};

/// The template of the single file.
const TEMPLATE: &str = "single.html";

/// Pages cut and rewritten together, on every core, before they are written in order: only
/// this many pages are in memory at once.
const BATCH: usize = 64;

/// One page of the site, as the template sees it: its HTML is a marker, replaced as the file
/// is written (through Tera, the pages would be copied into the context and again into the
/// output: tens of MB each for a large guide).
#[derive(Serialize)]
struct Part {
    /// The anchor of the part, e.g. `causes-doms`.
    id: String,
    /// The page's `<h1>`, as the (escaped) HTML the page has.
    title: String,
    /// The marker that stands in for the page's main content.
    html: String,
    /// Not one of the guide's own pages (the decision pages): printed without a page break.
    extra: bool,
    /// One step of the decision tool (a question or a result): shown only when a link leads
    /// to it, so that scrolling never shows a result out of its context.
    step: bool,
}

/// A line of the table of contents: a page, with its topics under a section.
#[derive(Serialize)]
struct Entry {
    href: String,
    title: String,
    children: Vec<Entry>,
}

/// Write the single file into `out`, from the reading copy of the site and what was noted of
/// each page as it was written. `site` is `render::site_context`.
pub fn single_file(
    outline: &Outline,
    search: &SearchIndex,
    tera: &Tera,
    site: &SiteContext,
    reading: &Reading,
    notes: &BTreeMap<String, PageNote>,
    out: &mut impl Write,
) -> Result<(), Diagnostics> {
    let file = TEMPLATE;
    let template_diag =
        |e: String| Diagnostics::from(Diagnostic::new(format!("templates/{file}"), e));
    let page = |path: &str| -> Result<String, Diagnostic> {
        let bytes = reading.read(path)?;
        Ok(String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    };
    let scripted = notes.iter().filter(|(_, n)| !n.scripts.is_empty());
    let anchors = Anchors::new(scripted.clone().map(|(p, _)| p.clone()));
    let page_scripts: BTreeSet<&String> = scripted.flat_map(|(_, n)| &n.scripts).collect();

    // Reading order: home, then each section and its topics, then any other page (the decision
    // pages in the tree's order, then any other, sorted by path), then the reference pages.
    let references = ["about.html", "glossary.html", "sources.html"];
    let mut order: Vec<(String, bool)> = vec![("index.html".into(), false)];
    for section in &outline.sections {
        order.push((section.index.clone(), false));
        order.extend(section.topics.iter().map(|t| (t.clone(), false)));
    }
    let placed: BTreeSet<String> = order.iter().map(|(p, _)| anchors.part(p)).collect();
    let decision = outline.decision.iter().map(String::as_str);
    let others = reading
        .paths()
        .filter(|p| !outline.decision.iter().any(|d| d == p));
    let extra: Vec<&str> = decision
        .chain(others)
        .filter(|p| p.ends_with(".html") && !references.contains(p))
        .filter(|p| !placed.contains(&anchors.part(p)))
        .collect();
    order.extend(extra.iter().map(|p| (p.to_string(), true)));
    order.extend(references.iter().map(|p| (p.to_string(), false)));

    // The titles, for the contents, which come before the pages.
    let titles = order.iter().map(|(path, _)| match notes.get(path) {
        Some(note) => note.title.clone(),
        None => page_title(&page(path)?, path),
    });
    let mut parts = Vec::with_capacity(order.len());
    for (i, ((path, extra), title)) in order.iter().zip(titles).enumerate() {
        parts.push(Part {
            id: anchors.part(path),
            title: title?,
            html: format!("{MARKER}{i}{MARKER}"),
            extra: *extra,
            step: *extra && is_decision_step(path),
        });
    }

    // The contents: sections hold their topics; a page in folder `x/` is listed under `x.html`
    // (decide/flowchart.html under decide.html).
    let mut contents: Vec<Entry> = Vec::new();
    let mut groups: BTreeMap<&str, usize> = BTreeMap::new();
    let mut next = 0;
    let mut take = |contents: &mut Vec<Entry>| {
        let e = entry(&parts[next]);
        next += 1;
        contents.push(e);
    };
    take(&mut contents);
    for section in &outline.sections {
        take(&mut contents);
        let at = contents.len() - 1;
        for _ in &section.topics {
            let mut children = Vec::new();
            take(&mut children);
            contents[at].children.extend(children);
        }
    }
    for path in &extra {
        let mut one = Vec::new();
        take(&mut one);
        let folder = path.rsplit_once('/').map(|(f, _)| f);
        match folder.and_then(|f| groups.get(f).copied()) {
            Some(i) => contents[i].children.extend(one),
            None => {
                groups.insert(path.trim_end_matches(".html"), contents.len());
                contents.extend(one);
            }
        }
    }
    for _ in references {
        take(&mut contents);
    }

    let text = |path: &str| -> Result<String, Diagnostic> {
        let bytes = reading
            .read(path)
            .map_err(|_| Diagnostic::new(format!("static/{path}"), "missing"))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if text.to_ascii_lowercase().contains("</script") || text.contains("</style") {
            return Err(Diagnostic::new(
                format!("static/{path}"),
                "cannot be put inline: it contains </script> or </style>",
            ));
        }
        Ok(text)
    };
    let mut ctx = FrameContext::default();
    for (key, value) in site.values() {
        ctx.insert_value(key, value);
    }
    ctx.insert("root", "");
    ctx.insert("search_inline", &true);
    // The other stylesheets follow the main one, as they do on the site: the guide's pages'
    // own, then the decision pages'.
    let mut css = text("style.css")?;
    for sheet in ["pages.css", "decide.css"] {
        if reading.read(sheet).is_ok() {
            css.push('\n');
            css.push_str(&text(sheet)?);
        }
    }
    ctx.insert("css", &css);
    ctx.insert("search_js", &text("search.js")?);
    ctx.insert("search_engine_js", &text("search-engine.js")?);
    let page_js = page_scripts
        .iter()
        .map(|p| text(p))
        .collect::<Result<Vec<_>, _>>()?;
    ctx.insert("page_scripts", &page_js);
    // The index (10 MB for 10,000 pages) goes into the file where its stand-in is, as it is
    // written: not through Tera and every copy of the frame.
    let index_js = search.js(|href| {
        let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
        format!("#{}", anchors.of(path, Some(fragment)))
    });
    ctx.insert("contents", &contents);
    ctx.insert("pages", &parts);
    let index_stand_in = ctx.stand_in_for(&index_js);
    ctx.insert("search_index_js", &index_stand_in);
    let ctx = ctx.ctx;
    let rendered = tera
        .render(TEMPLATE, &ctx)
        .map_err(|e| Diagnostics::from(template_error(&e)))?;
    drop(ctx);
    // Each copy of the frame holds the search index (10 MB for 10,000 pages): each goes as soon
    // as the next is made.
    let frame = {
        let unprotected = anchors.rewrite(&rendered, Scope::Chrome);
        drop(rendered);
        // The policy allows the frame's inline blocks and those of every page's main content.
        let stand_in = Some((index_stand_in.as_str(), index_js.as_str()));
        let mut inline = crate::publish::csp::inline_blocks_with(&unprotected, stand_in);
        for note in notes.values() {
            inline.extend(&note.main_inline);
        }
        let policy = crate::publish::csp::single_file_policy(&inline);
        crate::publish::csp::with_policy(&unprotected, &policy).map_err(template_diag)?
    };
    let pieces = split_frame(&frame, parts.len()).map_err(template_diag)?;

    // Second pass: each page's main content, rewritten, written where its marker was.
    let mut check = DocumentCheck::scan(&frame);
    for _ in 0..frame.matches(&index_stand_in).count() {
        check.add_text(&index_js);
    }
    let write_error = |e: std::io::Error| {
        Diagnostics::from(Diagnostic::new(
            format!("templates/{file}"),
            format!("cannot write the single-file guide: {e}"),
        ))
    };
    for batch in pieces.chunks(BATCH) {
        let done: Vec<Result<(String, DocumentCheck), Diagnostic>> = batch
            .par_iter()
            .map(|(_, i)| {
                let Some(i) = *i else {
                    return Ok((String::new(), DocumentCheck::default()));
                };
                let path = &order[i].0;
                let html = page(path)?;
                let main = inner(&html, "<main", "</main>").unwrap_or("");
                Ok(anchors.rewrite_and_scan(main, Scope::Page(path)))
            })
            .collect();
        for ((before, _), result) in batch.iter().zip(done) {
            let (main, scan) = result?;
            let mut written = Ok(());
            each_piece_standing_in(before, &index_stand_in, &index_js, |piece| {
                if written.is_ok() {
                    written = out.write_all(piece.as_bytes());
                }
            });
            written.map_err(write_error)?;
            out.write_all(main.as_bytes()).map_err(write_error)?;
            check.add(scan);
        }
    }

    let problems = check.problems();
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
    Ok(())
}

/// The single file's template context, with a digest of every value put in it, from which
/// the search index's stand-in is made.
#[derive(Default)]
struct FrameContext {
    ctx: Context,
    digest: Sha256,
}

impl FrameContext {
    fn insert(&mut self, key: &'static str, value: &(impl Serialize + ?Sized)) {
        self.insert_value(key, tera::Value::from_serializable(value));
    }

    fn insert_value(&mut self, key: &'static str, value: tera::Value) {
        struct Digesting<'a>(&'a mut Sha256);
        impl std::io::Write for Digesting<'_> {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.update(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        self.digest.update(key.as_bytes());
        // A value as JSON is the value, whole, and cut off from the next by the format itself.
        serde_json::to_writer(Digesting(&mut self.digest), &value)
            .expect("a template value is JSON");
        self.ctx.insert_value(key, value);
    }

    /// What stands in for the search index `index_js` in the frame rendered from this context:
    /// a digest of both. Every text of the frame comes from the template or from the context,
    /// so none can hold it (a title written as `"\x02…"` in YAML reaches the frame; had it held
    /// the stand-in, it would have changed the digest).
    fn stand_in_for(&self, index_js: &str) -> String {
        let mut digest = self.digest.clone();
        digest.update(index_js.as_bytes());
        let hex: String = (digest.finalize().iter())
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("\u{2}search-index-{hex}\u{2}")
    }
}

/// Stands in for a page's HTML in the rendered frame: `\u{1}3\u{1}` is the fourth page. No
/// text the templates print can hold the control character.
const MARKER: char = '\u{1}';

/// `frame` cut at its markers: each piece is the text before a marker and the page the marker
/// stands for; the last piece is the rest, with no page. Every page must appear exactly once.
fn split_frame(frame: &str, pages: usize) -> Result<Vec<(&str, Option<usize>)>, String> {
    let once = || "print each page's html exactly once: {{ p.html | safe }}".to_string();
    let mut pieces = Vec::with_capacity(pages + 1);
    let mut placed = vec![false; pages];
    let mut rest = frame;
    while let Some(start) = rest.find(MARKER) {
        let after = &rest[start + 1..];
        let end = after.find(MARKER).ok_or("a page marker is cut short")?;
        let i: usize = after[..end]
            .parse()
            .map_err(|_| "a page marker is garbled")?;
        match placed.get_mut(i) {
            Some(seen) if !*seen => *seen = true,
            _ => return Err(once()),
        }
        pieces.push((&rest[..start], Some(i)));
        rest = &after[end + 1..];
    }
    pieces.push((rest, None));
    if placed.iter().all(|&p| p) {
        Ok(pieces)
    } else {
        Err(once())
    }
}

/// The page's `<title>` without " – <guide title>", for the contents. A page without a `<main>`
/// element cannot be part of the single file.
pub(super) fn page_title(html: &str, path: &str) -> Result<String, Diagnostic> {
    inner(html, "<main", "</main>").ok_or_else(|| {
        Diagnostic::new(
            format!("templates/{TEMPLATE}"),
            format!("{path} has no <main> element"),
        )
    })?;
    let title = inner(html, "<title", "</title>").unwrap_or(path);
    let title = title.rsplit_once(" – ").map_or(title, |(t, _)| t);
    Ok(title.trim().to_string())
}

/// The site-root-relative paths of the scripts the page at `path` loads in its `<head>`, other
/// than search.js, which every page loads.
pub(super) fn head_scripts(html: &str, path: &str) -> Vec<String> {
    let head = inner(html, "<head", "</head>").unwrap_or("");
    let root = crate::util::paths::root_prefix(path);
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

/// The inline scripts and styles of the page's `<main>`, as the single file will hold them.
pub(super) fn main_inline(html: &str) -> crate::publish::csp::Inline {
    inner(html, "<main", "</main>")
        .map(crate::publish::csp::inline_blocks)
        .unwrap_or_default()
}

/// `decide/urgent.html`, a page of one question or result, not the flowchart or the list.
fn is_decision_step(path: &str) -> bool {
    use crate::decision::{FLOWCHART_PAGE, LIST_PAGE};
    path.starts_with("decide/") && path != FLOWCHART_PAGE && path != LIST_PAGE
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
    let start = find::text(html, open)?;
    let body = start + find::byte(&html[start..], b'>')? + 1;
    let end = body + find::text(&html[body..], close)?;
    Some(&html[body..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_text_of_the_frame_can_hold_the_index_stand_in() {
        let index = "window.BACKGUIDE_SEARCH={};";
        let framed = |pages: &Vec<String>| {
            let mut ctx = FrameContext::default();
            ctx.insert("pages", pages);
            ctx
        };
        let ctx = framed(&vec!["A title".to_string()]);
        let stand_in = ctx.stand_in_for(index);
        assert!(stand_in.starts_with('\u{2}') && stand_in.ends_with('\u{2}'));
        assert_eq!(
            stand_in,
            ctx.stand_in_for(index),
            "the same inputs, the same stand-in"
        );
        // A title that copies the stand-in changes it: the frame holds the title, not it.
        let next = framed(&vec![stand_in.clone()]).stand_in_for(index);
        assert_ne!(next, stand_in);
        assert_ne!(ctx.stand_in_for("other"), stand_in);
    }

    #[test]
    fn the_frame_is_cut_at_each_marker_once() {
        let frame = format!("<main>{MARKER}1{MARKER}<hr>{MARKER}0{MARKER}</main>");
        assert_eq!(
            split_frame(&frame, 2).unwrap(),
            vec![("<main>", Some(1)), ("<hr>", Some(0)), ("</main>", None)]
        );
        assert!(split_frame(&format!("{MARKER}0{MARKER}"), 2).is_err());
        assert!(split_frame(&format!("{MARKER}0{MARKER}{MARKER}0{MARKER}"), 1).is_err());
        assert!(split_frame(&format!("{MARKER}x{MARKER}"), 1).is_err());
        assert!(split_frame(&format!("{MARKER}0"), 1).is_err());
    }

    #[test]
    fn inner_takes_the_element_content() {
        let html = r#"<body><main id="main" tabindex="-1"><h1>T &amp; U</h1></main></body>"#;
        assert_eq!(inner(html, "<main", "</main>"), Some("<h1>T &amp; U</h1>"));
        assert_eq!(inner(html, "<h1", "</h1>"), Some("T &amp; U"));
        assert_eq!(inner(html, "<nav", "</nav>"), None);
    }
}
