//! Rewriting the generated HTML for the single-file guide: ids made unique per page, and links
//! to other pages turned into links to in-page anchors.
//!
//! This is not a general HTML parser. It reads the markup the templates and pulldown-cmark write:
//! attribute values in double quotes, and no markup inside `<script>`, `<style>` or comments.
//! What it cannot place is reported by `check_document`, so a surprise fails the build.

use crate::util::find;
use std::collections::BTreeSet;
// A fast hash: the document's sets hold every id and anchor of a large guide (300,000 of each at
// N = 10,000), merged on one thread. Nothing is read from them in their order.
use foldhash::HashSet;

/// Attributes whose value is one id.
const ID_REF_ATTRS: &[&str] = &["for", "list", "form"];
/// Attributes whose value is a space-separated list of ids.
const ID_LIST_ATTRS: &[&str] = &[
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "headers",
];

/// Where pages and their ids go in the single file. Each page's ids get the page's prefix
/// (`causes/doms.html#x` → `#causes-doms--x`), so ids stay unique, except on pages whose own
/// script finds elements by id (the decision page): those keep their ids.
#[derive(Debug, Default)]
pub struct Anchors {
    kept: BTreeSet<String>,
}

impl Anchors {
    /// `kept`: the output paths of the pages that keep their ids.
    pub fn new(kept: impl IntoIterator<Item = String>) -> Self {
        Anchors {
            kept: kept.into_iter().collect(),
        }
    }

    /// The id of the element that holds a page: `causes/doms.html` → `causes-doms`. A page that
    /// keeps its ids may use that one itself, so its holder is `decide--page`.
    pub fn part(&self, path: &str) -> String {
        let mut part = String::new();
        self.write_part(path, &mut part);
        part
    }

    /// The anchor of a page and an optional fragment: `causes-doms` or `causes-doms--x`.
    pub fn of(&self, path: &str, fragment: Option<&str>) -> String {
        let mut anchor = String::new();
        self.write_of(path, fragment, &mut anchor);
        anchor
    }

    /// [`Anchors::part`], written at the end of `out`.
    fn write_part(&self, path: &str, out: &mut String) {
        let page = path.strip_suffix(".html").unwrap_or(path);
        for (i, piece) in page.split('/').enumerate() {
            if i > 0 {
                out.push('-');
            }
            out.push_str(piece);
        }
        if self.kept.contains(path) {
            out.push_str("--page");
        }
    }

    /// [`Anchors::of`], written at the end of `out`.
    fn write_of(&self, path: &str, fragment: Option<&str>, out: &mut String) {
        match fragment {
            Some(f) if !f.is_empty() && self.kept.contains(path) => out.push_str(f),
            Some(f) if !f.is_empty() => {
                self.write_part(path, out);
                out.push_str("--");
                out.push_str(f);
            }
            _ => self.write_part(path, out),
        }
    }

    /// Rewrite ids and links in `html` for the single file.
    pub fn rewrite(&self, html: &str, scope: Scope) -> String {
        self.rewrite_visiting(html, scope, |_, _| {})
    }

    /// `rewrite`, and the `DocumentCheck::scan` of the result, in one walk over the HTML.
    pub fn rewrite_and_scan(&self, html: &str, scope: Scope) -> (String, DocumentCheck) {
        let mut check = DocumentCheck::default();
        let out = self.rewrite_visiting(html, scope, |name, value| check.attribute(name, value));
        check.urls(&out);
        (out, check)
    }

    /// `rewrite`, calling `visit` with each attribute as it is written. Each new value is
    /// written straight into the copy: the single file of a large guide has hundreds of
    /// thousands of ids and links.
    fn rewrite_visiting(
        &self,
        html: &str,
        scope: Scope,
        mut visit: impl FnMut(&str, &str),
    ) -> String {
        let ids = match scope {
            Scope::Page(p) => Ids::Page {
                path: p,
                part: self.part(p),
                kept: self.kept.contains(p),
            },
            Scope::Chrome => Ids::Chrome,
        };
        let mut target = String::new();
        let mut out = String::with_capacity(html.len() + html.len() / 8);
        walk_attributes(html, Some(&mut out), |name, value, out| {
            let Some(out) = out else { return false };
            let start = out.len();
            let wrote = self.write_attribute(name, value, &ids, &mut target, out);
            visit(name, if wrote { &out[start..] } else { value });
            wrote
        });
        out
    }

    /// Write the new value of one attribute into `out`; false (and nothing written) to keep it.
    fn write_attribute(
        &self,
        name: &str,
        value: &str,
        ids: &Ids,
        target: &mut String,
        out: &mut String,
    ) -> bool {
        match name {
            "id" => ids.write(value, out),
            "href" | "xlink:href" => return self.write_href(value, ids, target, out),
            n if ID_REF_ATTRS.contains(&n) => ids.write(value, out),
            n if ID_LIST_ATTRS.contains(&n) => {
                for (i, id) in value.split_whitespace().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    ids.write(id, out);
                }
            }
            // SVG paint and markers: `marker-end="url(#arrow)"`.
            _ if value.contains("url(#") => write_urls(value, ids, out),
            _ => return false,
        }
        true
    }

    /// A link's new value: an in-page anchor for a page of the site, or false to keep it.
    /// `target` is room for the path it leads to.
    fn write_href(&self, href: &str, ids: &Ids, target: &mut String, out: &mut String) -> bool {
        if let Some(fragment) = href.strip_prefix('#') {
            // `#` and `#a=1` are a page script's state (the decision tool's answers).
            if fragment.is_empty() || fragment.contains('=') {
                return false;
            }
            out.push('#');
            ids.write(fragment, out);
            return true;
        }
        if has_scheme(href) || href.starts_with("//") {
            return false;
        }
        let (path, fragment) = match href.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (href, None),
        };
        let from = ids.page().unwrap_or("index.html");
        // Left as written when it leads to no page: `check_document` reports it.
        if !join_into(crate::util::paths::parent(from), path, target) || !target.ends_with(".html")
        {
            return false;
        }
        out.push('#');
        self.write_of(target, fragment, out);
        true
    }
}

/// What the ids of a piece become.
enum Ids<'a> {
    /// The page at `path`, whose holder is `part`: its ids get the prefix `part--`, unless the
    /// page keeps them.
    Page {
        path: &'a str,
        part: String,
        kept: bool,
    },
    /// The single file's own: kept as they are.
    Chrome,
}

impl Ids<'_> {
    fn page(&self) -> Option<&str> {
        match self {
            Ids::Page { path, .. } => Some(path),
            Ids::Chrome => None,
        }
    }

    /// The id `id` as it is in the single file (`Anchors::of` of the page and `id`).
    fn write(&self, id: &str, out: &mut String) {
        match self {
            Ids::Page { part, .. } if id.is_empty() => out.push_str(part),
            Ids::Page { kept: true, .. } | Ids::Chrome => out.push_str(id),
            Ids::Page { part, .. } => {
                out.push_str(part);
                out.push_str("--");
                out.push_str(id);
            }
        }
    }
}

/// How to treat a piece of HTML.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// The main content of the page at this output path: its ids (and `#x` links) get the
    /// page's prefix, and links to files become anchors.
    Page(&'a str),
    /// The single file's own header and contents: only links to files change.
    Chrome,
}

/// `value` with every `url(#id)` given the page's prefix, written into `out`.
fn write_urls(value: &str, ids: &Ids, out: &mut String) {
    let mut rest = value;
    while let Some(i) = find::text(rest, "url(#") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        let end = rest.find(')').unwrap_or(rest.len());
        ids.write(&rest[..end], out);
        rest = &rest[end..];
    }
    out.push_str(rest);
}

/// `mailto:`, `tel:`, `https:` and other absolute URLs.
fn has_scheme(href: &str) -> bool {
    href.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    })
}

/// `util::paths::join` of `dir` and `href` into `into` (cleared first), without a list of the
/// parts: false if it leaves the root.
fn join_into(dir: &str, href: &str, into: &mut String) -> bool {
    into.clear();
    let push = |into: &mut String, part: &str| {
        if !into.is_empty() {
            into.push('/');
        }
        into.push_str(part);
    };
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        push(into, part);
    }
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => match into.rfind('/') {
                Some(slash) => into.truncate(slash),
                None if into.is_empty() => return false,
                None => into.clear(),
            },
            p => push(into, p),
        }
    }
    true
}

/// Call `f(name, value)` for each double-quoted attribute, as the rewrite sees them, without
/// copying `html`: the single file is tens of megabytes for a large guide.
pub fn visit_attributes(html: &str, mut f: impl FnMut(&str, &str)) {
    walk_attributes(html, None, |name, value, _| {
        f(name, value);
        false
    });
}

/// The walk behind the rewrite and the visit: each double-quoted attribute's name and value go
/// to `f`, with `out` when there is a copy. `f` writes the attribute's new value there and says
/// true, or says false to keep the value. Comments and the insides of `<script>` and `<style>`
/// are copied unchanged.
fn walk_attributes(
    html: &str,
    mut out: Option<&mut String>,
    mut f: impl FnMut(&str, &str, Option<&mut String>) -> bool,
) {
    let push = |out: &mut Option<&mut String>, s: &str| {
        if let Some(out) = out {
            out.push_str(s);
        }
    };
    let mut rest = html;
    while let Some(lt) = find::byte(rest, b'<') {
        push(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            let end = find::text(rest, "-->").map_or(rest.len(), |e| e + 3);
            push(&mut out, &rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let Some(gt) = tag_end(rest) else {
            break;
        };
        let tag = &rest[..gt];
        map_tag(tag, out.as_deref_mut(), &mut f);
        rest = &rest[gt..];
        let name_len = tag[1..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag.len() - 1);
        let name = &tag[1..1 + name_len];
        let raw = ["script", "style"]
            .into_iter()
            .find(|raw| name.eq_ignore_ascii_case(raw));
        if let Some(raw) = raw {
            let end = find_close(rest, raw).unwrap_or(rest.len());
            push(&mut out, &rest[..end]);
            rest = &rest[end..];
        }
    }
    push(&mut out, rest);
}

/// Where `</name` starts in `s` (the element's name in lower case, as the templates write it).
fn find_close(s: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = find::text(&s[from..], "</") {
        let at = from + i;
        let after = &s[at + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// The length of the tag at the start of `s`, up to and including its `>`, skipping `>` inside
/// quoted values.
fn tag_end(s: &str) -> Option<usize> {
    // Bytes, not chars: the three bytes looked for are ASCII, never part of a longer character.
    let bytes = s.as_bytes();
    let mut at = 1.min(bytes.len());
    loop {
        let i = at + memchr::memchr3(b'"', b'\'', b'>', &bytes[at..])?;
        match bytes[i] {
            b'>' => return Some(i + 1),
            quote => at = i + 1 + memchr::memchr(quote, &bytes[i + 1..])? + 1,
        }
    }
}

/// Rewrite the attributes of one tag (`<a href="x" class="y">`) into `out`, or only visit them.
fn map_tag(
    tag: &str,
    mut out: Option<&mut String>,
    f: &mut impl FnMut(&str, &str, Option<&mut String>) -> bool,
) {
    let mut rest = tag;
    let mut name = String::new();
    while let Some(eq) = find::text(rest, "=\"") {
        let before = &rest[..eq];
        let name_start = before
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |i| i + 1);
        let raw_name = &before[name_start..];
        let name: &str = if raw_name.bytes().any(|b| b.is_ascii_uppercase()) {
            name.clear();
            name.push_str(raw_name);
            name.make_ascii_lowercase();
            &name
        } else {
            raw_name
        };
        let value_start = eq + 2;
        let Some(len) = find::byte(&rest[value_start..], b'"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        match out.as_deref_mut() {
            Some(out) => {
                out.push_str(&rest[..value_start]);
                if !f(name, value, Some(out)) {
                    out.push_str(value);
                }
                out.push('"');
            }
            None => {
                f(name, value, None);
            }
        }
        rest = &rest[value_start + len + 1..];
    }
    if let Some(out) = out {
        out.push_str(rest);
    }
}

/// Every problem that would make the single file depend on another file or break a link:
/// an `href`, `src` or similar that is not an in-page anchor, an http(s), `tel:` or `mailto:`
/// link; an anchor with no element; an id used twice; a CSS `url()` that is not `data:`.
pub fn check_document(html: &str) -> Vec<String> {
    DocumentCheck::scan(html).problems()
}

/// `check_document` for a document made of pieces: scan each piece (on any thread), `add` the
/// scans in any order, then ask for the `problems`. The single file of a large guide is tens of
/// megabytes, written piece by piece, and never whole in memory.
#[derive(Debug, Default)]
pub struct DocumentCheck {
    ids: HashSet<String>,
    /// `#x` in links and `url(#x)`: each must name an id somewhere in the document.
    anchors: HashSet<String>,
    url_ids: HashSet<String>,
    problems: Vec<String>,
}

impl DocumentCheck {
    /// The ids, anchors and problems of one piece.
    pub fn scan(html: &str) -> DocumentCheck {
        let mut check = DocumentCheck::default();
        visit_attributes(html, |name, value| check.attribute(name, value));
        check.urls(html);
        check
    }

    /// Note one attribute.
    fn attribute(&mut self, name: &str, value: &str) {
        let is_file_ref = match name {
            "id" => {
                if !self.ids.insert(value.to_string()) {
                    self.problems.push(twice(value));
                }
                false
            }
            "href" | "xlink:href" => match value.strip_prefix('#') {
                Some(a) => {
                    if !a.is_empty() && !a.contains('=') {
                        self.anchors.insert(a.to_string());
                    }
                    false
                }
                None => !["https://", "http://", "tel:", "mailto:"]
                    .iter()
                    .any(|s| value.starts_with(s)),
            },
            "src" | "srcset" | "poster" | "action" | "formaction" | "data" | "data-index" => {
                !value.starts_with("data:")
            }
            _ => false,
        };
        if is_file_ref {
            self.problems
                .push(format!("`{name}=\"{value}\"` refers to another file"));
        }
    }

    /// Note every CSS `url()` in `html`, wherever it is.
    fn urls(&mut self, html: &str) {
        let mut rest = html;
        while let Some(i) = find::text(rest, "url(") {
            rest = &rest[i + 4..];
            let end = rest.find(')').unwrap_or(rest.len());
            let value = rest[..end].trim().trim_matches(['"', '\'']);
            if let Some(id) = value.strip_prefix('#') {
                self.url_ids.insert(id.to_string());
            } else if !value.starts_with("data:") {
                self.problems
                    .push(format!("`url({value})` refers to another file"));
            }
        }
    }

    /// Note a text that goes into the document inside a script, which holds no attributes
    /// but may hold a `url(…)`, as [`DocumentCheck::scan`] would.
    pub fn add_text(&mut self, text: &str) {
        self.urls(text);
    }

    /// Take in the scan of another piece of the same document.
    pub fn add(&mut self, piece: DocumentCheck) {
        for id in piece.ids {
            if let Some(id) = self.ids.replace(id) {
                self.problems.push(twice(&id));
            }
        }
        self.anchors.extend(piece.anchors);
        self.url_ids.extend(piece.url_ids);
        self.problems.extend(piece.problems);
    }

    /// Every problem of the whole document, sorted, each once.
    pub fn problems(mut self) -> Vec<String> {
        for a in &self.anchors {
            if !self.ids.contains(a) {
                self.problems
                    .push(format!("the link `#{a}` has no element with that id"));
            }
        }
        for id in &self.url_ids {
            if !self.ids.contains(id) {
                self.problems
                    .push(format!("`url(#{id})` has no element with that id"));
            }
        }
        self.problems.sort();
        self.problems.dedup();
        self.problems
    }
}

fn twice(id: &str) -> String {
    format!("the id `{id}` is used twice")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_added_to_the_document_is_checked_for_urls_as_a_scan_would() {
        let text = "window.X=[\"see url(pic.png)\"];";
        let scanned = DocumentCheck::scan(&format!("<script>{text}</script>")).problems();
        let mut added = DocumentCheck::scan("<script></script>");
        added.add_text(text);
        assert_eq!(added.problems(), scanned);
        assert!(scanned.iter().any(|p| p.contains("url(pic.png)")));
    }

    #[test]
    fn joining_in_place_gives_what_paths_join_gives() {
        let mut into = String::from("left over");
        for dir in ["", "causes", "decide/more", "a//b"] {
            for href in [
                "x.html",
                "../x.html",
                "../../x.html",
                "./a/../b.html",
                "",
                "a/",
                "..",
                "a/./../../c",
            ] {
                let joined = crate::util::paths::join(dir, href);
                assert_eq!(
                    join_into(dir, href, &mut into),
                    joined.is_some(),
                    "{dir} + {href}"
                );
                if let Some(joined) = joined {
                    assert_eq!(into, joined, "{dir} + {href}");
                }
            }
        }
    }

    #[test]
    fn a_tag_ends_at_the_first_unquoted_greater_than() {
        assert_eq!(tag_end(r#"<a href="x>y" title='>'>z"#), Some(24));
        assert_eq!(tag_end("<br>"), Some(4));
        assert_eq!(tag_end(r#"<a href="x>"#), None);
        assert_eq!(tag_end("<"), None);
    }

    #[test]
    fn anchors_name_the_page_and_fragment() {
        let a = Anchors::new(["decide.html".to_string()]);
        assert_eq!(a.of("causes/doms.html", Some("x")), "causes-doms--x");
        assert_eq!(a.of("causes/index.html", None), "causes-index");
        assert_eq!(a.of("index.html", Some("")), "index");
        assert_eq!(a.of("decide.html", Some("how")), "how");
        assert_eq!(a.of("decide.html", None), "decide--page");
        assert_eq!(a.of("decide/a.html", None), "decide-a");
    }

    #[test]
    fn a_page_that_keeps_its_ids_keeps_them_and_its_state_links() {
        let a = Anchors::new(["decide.html".to_string()]);
        let out = a.rewrite(
            r##"<div id="decide"><a href="#q=1">y</a><a href="#">again</a><a href="#how">h</a><a href="decide/q.html">n</a></div>"##,
            Scope::Page("decide.html"),
        );
        assert_eq!(
            out,
            r##"<div id="decide"><a href="#q=1">y</a><a href="#">again</a><a href="#how">h</a><a href="#decide-q">n</a></div>"##
        );
    }

    #[test]
    fn page_ids_and_links_become_in_page_anchors() {
        let html = r##"<h2 id="how">How</h2><a href="#how">x</a> <a href="../recovery/rest.html#when">r</a>
<a href="doms.html">d</a><a href="tel:999">t</a><a href="https://nhs.uk/">n</a>
<svg aria-labelledby="t d"><title id="t">T</title><path marker-end="url(#m)"/></svg><label for="q">Q</label>
<script>if (a<b && c > "d") x = '<a href="e.html">';</script><!-- <a href="f.html"> -->"##;
        let out = Anchors::default().rewrite(html, Scope::Page("causes/strain.html"));
        assert!(out.contains(r#"<h2 id="causes-strain--how">"#), "{out}");
        assert!(out.contains(r##"<a href="#causes-strain--how">"##), "{out}");
        assert!(out.contains(r##"href="#recovery-rest--when""##), "{out}");
        assert!(out.contains(r##"href="#causes-doms""##), "{out}");
        assert!(out.contains(r#"href="tel:999""#), "{out}");
        assert!(out.contains(r#"href="https://nhs.uk/""#), "{out}");
        assert!(
            out.contains(r#"aria-labelledby="causes-strain--t causes-strain--d""#),
            "{out}"
        );
        assert!(out.contains(r#"for="causes-strain--q""#), "{out}");
        assert!(
            out.contains(r##"marker-end="url(#causes-strain--m)""##),
            "{out}"
        );
        assert!(out.contains(r#"x = '<a href="e.html">';"#), "{out}");
        assert!(out.contains(r#"<!-- <a href="f.html"> -->"#), "{out}");
    }

    #[test]
    fn chrome_keeps_its_ids_and_fragments() {
        let out = Anchors::default().rewrite(
            r##"<a id="top" href="#main">s</a><a href="warning-signs/cauda-equina.html">m</a>"##,
            Scope::Chrome,
        );
        assert_eq!(
            out,
            r##"<a id="top" href="#main">s</a><a href="#warning-signs-cauda-equina">m</a>"##
        );
    }

    #[test]
    fn the_document_check_finds_files_missing_anchors_and_twice_used_ids() {
        let html = r##"<p id="a"></p><p id="a"></p><a href="#b">x</a><a href="#a">y</a>
<link href="style.css"><img src="x.png"><style>p { background: url("bg.png") }</style>"##;
        let problems = check_document(html);
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(check_document(r##"<p id="a"></p><a href="#a">y</a>"##).is_empty());
    }

    #[test]
    fn rewriting_and_scanning_in_one_walk_gives_what_two_walks_give() {
        let a = Anchors::new(["decide.html".to_string()]);
        let html = r##"<h2 id="how">How</h2><a href="#how">x</a><a href="#gone">y</a>
<a href="../decide.html#q">d</a><img src="x.png"><svg><path fill="url(#g)"/></svg>
<style>p { background: url("bg.png") }</style>"##;
        let scope = Scope::Page("causes/strain.html");
        let (out, scan) = a.rewrite_and_scan(html, scope);
        assert_eq!(out, a.rewrite(html, scope));
        let problems = scan.problems();
        assert_eq!(problems, check_document(&out));
        assert_eq!(problems.len(), 5, "{problems:#?}");
    }

    #[test]
    fn a_document_checked_in_pieces_gives_what_it_gives_whole() {
        let pieces = [
            r##"<p id="a"></p><a href="#b">x</a><svg><path fill="url(#g)"/></svg>"##,
            r##"<p id="b"></p><p id="a"></p><a href="#c">y</a><img src="x.png">"##,
            r##"<b id="g"></b><a href="#a=1">state</a><a href="#">top</a>"##,
        ];
        let mut check = DocumentCheck::default();
        for piece in pieces.iter().rev() {
            check.add(DocumentCheck::scan(piece));
        }
        let in_pieces = check.problems();
        assert_eq!(in_pieces, check_document(&pieces.concat()));
        assert_eq!(in_pieces.len(), 3, "{in_pieces:#?}");
    }
}
