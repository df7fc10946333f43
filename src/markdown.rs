//! Markdown: finding headings and links (for checking), and rendering to HTML with links
//! rewritten, heading ids added and the first use of each glossary term linked.

use crate::raw_html;
/// Heading ids are made here; the function lives in `util::slug`, for the downloads' names too.
pub use crate::util::slug::slugify;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use pulldown_cmark::{
    html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, TextMergeStream,
};
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub dest: String,
    pub line: usize,
    /// Written as an image (`![alt](src)`) rather than a link.
    pub image: bool,
}

/// What the checker needs to know about a Markdown text.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Explicit `{#id}`s written twice, with the line of the second.
    pub duplicate_ids: Vec<(String, usize)>,
    /// Lines of an HTML comment (`<!--`) that is never closed: it would hide the rest of the page.
    pub unclosed_comments: Vec<usize>,
    /// Lines of raw HTML that carries a link other than `tel:` or `mailto:`: such links would
    /// bypass the checker and the rewriting of `.md` paths, so they are refused.
    pub raw_html_links: Vec<usize>,
    /// What the raw HTML allow-list would remove (links included), with the line of each.
    pub raw_html: Vec<(usize, raw_html::Finding)>,
    /// Heading attributes other than `{#id}` (`{.class}`, `{onfocus=...}`), and ids that are
    /// not plain: (line, what was written).
    pub heading_attributes: Vec<(usize, String)>,
}

/// Every problem `analyze` found that makes a text unsafe or unchecked, as (file line, message).
/// The one place each Markdown field's checks are reported from, whichever file it is in.
pub fn problems(analysis: &Analysis) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    for line in &analysis.unclosed_comments {
        problems.push((*line, "this HTML comment `<!--` is never closed with `-->`, so it would hide the rest of the page".to_string()));
    }
    for (line, finding) in &analysis.raw_html {
        problems.push((*line, finding.message()));
    }
    for (line, written) in &analysis.heading_attributes {
        problems.push((*line, format!("heading attribute `{written}` is not allowed: only an id such as {{#how-it-feels}} (letters, digits, - and _) may follow a heading")));
    }
    for (id, line) in &analysis.duplicate_ids {
        problems.push((
            *line,
            format!("heading id `{id}` is used twice on this page"),
        ));
    }
    problems.sort();
    problems
}

impl Analysis {
    pub fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id)
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_STRIKETHROUGH
}

/// Find headings (with stable, unique ids) and links. `first_line` is the file line the text
/// starts on, so that line numbers count from the top of the file.
pub fn analyze(text: &str, first_line: usize) -> Analysis {
    let mut analysis = Analysis::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut heading: Option<(u8, Option<String>, String, usize)> = None;

    // Raw HTML to check: an HTML block's lines together (a tag may span them), and each inline
    // tag on its own: (file line it starts on, the HTML).
    let mut html_chunks: Vec<(usize, String)> = Vec::new();
    let mut in_html_block = false;

    let mut lines = LineCounter::new(text, first_line);
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let line = lines.line_at(range.start);
                let written = classes
                    .iter()
                    .map(|c| format!(".{c}"))
                    .chain(attrs.iter().map(|(k, v)| match v {
                        Some(v) => format!("{k}={v}"),
                        None => k.to_string(),
                    }))
                    .chain(id.iter().filter(|i| !plain_id(i)).map(|i| format!("#{i}")));
                analysis
                    .heading_attributes
                    .extend(written.map(|w| (line, w)));
                heading = Some((
                    level_number(level),
                    id.map(|i| i.to_string()),
                    String::new(),
                    line,
                ));
            }
            Event::Start(Tag::HtmlBlock) => {
                in_html_block = true;
                html_chunks.push((lines.line_at(range.start), String::new()));
            }
            Event::End(TagEnd::HtmlBlock) => in_html_block = false,
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, buf, _)) = heading.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text, line)) = heading.take() {
                    let id = match explicit {
                        Some(id) => {
                            if seen.contains_key(&id) {
                                analysis.duplicate_ids.push((id.clone(), line));
                            }
                            seen.insert(id.clone(), 1);
                            id
                        }
                        None => unique_id(&mut seen, slugify(&text)),
                    };
                    analysis.headings.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        id,
                        line,
                    });
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                analysis.links.push(Link {
                    dest: dest_url.to_string(),
                    line: lines.line_at(range.start),
                    image: false,
                });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                analysis.links.push(Link {
                    dest: dest_url.to_string(),
                    line: lines.line_at(range.start),
                    image: true,
                });
            }
            Event::Html(html) if in_html_block => {
                if let Some((_, chunk)) = html_chunks.last_mut() {
                    chunk.push_str(&html);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                html_chunks.push((lines.line_at(range.start), html.to_string()));
            }
            _ => {}
        }
    }
    for (line, html) in &html_chunks {
        for (at, finding) in raw_html::check(html) {
            let line = line + at - 1;
            if finding.is_link() {
                analysis.raw_html_links.push(line);
            }
            analysis.raw_html.push((line, finding));
        }
    }

    if let Some(open) = unclosed_comment(text) {
        analysis
            .unclosed_comments
            .push(first_line + crate::diagnostic::line_of_offset(text, open) - 1);
    }
    analysis
}

/// File lines of byte offsets, counted on from the last offset asked about rather than from the
/// start of the text each time, which made `analyze` quadratic in the length of a page.
/// Offsets asked about in document order (heading, link and HTML starts) cost one pass in all.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str, first_line: usize) -> Self {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: first_line,
        }
    }

    fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let newlines = |bytes: &[u8]| bytes.iter().filter(|&&b| b == b'\n').count();
        if offset >= self.offset {
            self.line += newlines(&self.text[self.offset..offset]);
        } else {
            self.line -= newlines(&self.text[offset..self.offset]);
        }
        self.offset = offset;
        self.line
    }
}

/// An id written as `{#id}`: letters, digits, `-` and `_`.
fn plain_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn unique_id(seen: &mut HashMap<String, usize>, base: String) -> String {
    match seen.get_mut(&base) {
        None => {
            seen.insert(base.clone(), 1);
            base
        }
        Some(count) => {
            *count += 1;
            let id = format!("{base}-{count}");
            seen.insert(id.clone(), 1);
            id
        }
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Byte offset of a `<!--` with no `-->` after it.
fn unclosed_comment(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(open) = text[from..].find("<!--").map(|i| from + i) {
        match text[open + 4..].find("-->") {
            Some(close) => from = open + 4 + close + 3,
            None => return Some(open),
        }
    }
    None
}

/// Finds glossary terms in text. Built once per site and shared by every page.
#[derive(Debug, Clone, Default)]
pub struct TermMatcher {
    /// (lowercase needle, glossary id), longest needle first so "muscle strain" wins over "strain".
    needles: Vec<(String, String)>,
    /// One automaton over the distinct needles, so a text is read once whatever the number of
    /// terms; `None` when there are none.
    automaton: Option<AhoCorasick>,
    /// For each pattern of the automaton, the indexes into `needles` with that text, in order.
    by_pattern: Vec<Vec<usize>>,
    /// The longest needle's length in bytes: how far past a start a match can end.
    longest: usize,
}

impl TermMatcher {
    pub fn new<'a>(terms: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut needles: Vec<(String, String)> = terms
            .into_iter()
            .filter(|(needle, _)| !needle.trim().is_empty())
            .map(|(needle, id)| (needle.to_ascii_lowercase(), id.to_string()))
            .collect();
        needles.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        let mut patterns: Vec<&str> = Vec::new();
        let mut by_pattern: Vec<Vec<usize>> = Vec::new();
        let mut pattern_of: HashMap<&str, usize> = HashMap::new();
        for (i, (needle, _)) in needles.iter().enumerate() {
            let p = *pattern_of.entry(needle.as_str()).or_insert_with(|| {
                patterns.push(needle.as_str());
                by_pattern.push(Vec::new());
                patterns.len() - 1
            });
            by_pattern[p].push(i);
        }
        // Standard matching with overlaps: every needle at every position is reported. A DFA
        // (a table per state) took 7% off the 10,000-topic build against the automaton the
        // crate picks itself; a glossary too large for a DFA gets that one.
        let automaton = (!patterns.is_empty()).then(|| {
            let mut builder = AhoCorasick::builder();
            builder.match_kind(MatchKind::Standard);
            (builder
                .clone()
                .kind(Some(AhoCorasickKind::DFA))
                .build(&patterns))
            .or_else(|_| builder.build(&patterns))
            .expect("glossary needles fit an automaton")
        });
        let longest = needles.first().map_or(0, |(n, _)| n.len());
        TermMatcher {
            needles,
            automaton,
            by_pattern,
            longest,
        }
    }

    /// Every whole-word match in `lower` as (start, end, indexes into `needles`), by end. The
    /// start of `lower` counts as the start of a word.
    fn whole_words<'s>(
        &'s self,
        lower: &'s str,
    ) -> impl Iterator<Item = (usize, usize, &'s [usize])> + 's {
        self.automaton
            .iter()
            .flat_map(move |ac| ac.find_overlapping_iter(lower))
            .filter(move |m| {
                let word = |s: &str| s.chars().next().is_some_and(char::is_alphanumeric);
                let before = lower[..m.start()].chars().next_back();
                !before.is_some_and(char::is_alphanumeric) && !word(&lower[m.end()..])
            })
            .map(|m| {
                (
                    m.start(),
                    m.end(),
                    &self.by_pattern[m.pattern().as_usize()][..],
                )
            })
    }

    /// How many different ids the terms have: once a set of found ids is this long, no text can
    /// add to it.
    pub fn distinct_ids(&self) -> usize {
        let ids: BTreeSet<&str> = self.needles.iter().map(|(_, id)| id.as_str()).collect();
        ids.len()
    }

    /// Add to `found` the id of every term used in `text`, in one pass over it.
    pub fn ids_in(&self, text: &str, found: &mut BTreeSet<String>) {
        let lower = text.to_ascii_lowercase();
        for (_, _, indexes) in self.whole_words(&lower) {
            for &i in indexes {
                let id = &self.needles[i].1;
                if !found.contains(id) {
                    found.insert(id.clone());
                }
            }
        }
    }

    /// The earliest whole-word match in `lower` (text already ASCII-lowercased) of a term whose
    /// id is not in `used`, the longest at that position: (start, end, id).
    fn find(&self, lower: &str, used: &BTreeSet<String>) -> Option<(usize, usize, &str)> {
        // (start, index into `needles`, end) of the best so far: earliest start, then the first
        // needle in their order.
        let mut best: Option<(usize, usize, usize)> = None;
        for (start, end, indexes) in self.whole_words(lower) {
            // Matches come by end: once one ends past the best start plus the longest needle,
            // none still to come can start at or before it.
            if best.is_some_and(|(s, _, _)| end > s + self.longest) {
                break;
            }
            let Some(&i) = indexes
                .iter()
                .find(|&&i| !used.contains(&self.needles[i].1))
            else {
                continue;
            };
            if best.is_none_or(|(s, j, _)| (start, i) < (s, j)) {
                best = Some((start, i, end));
            }
        }
        best.map(|(start, i, end)| (start, end, self.needles[i].1.as_str()))
    }
}

/// How to render one Markdown text.
pub struct RenderOptions<'a> {
    /// The ids `analyze` gave the headings, in order.
    pub headings: &'a [Heading],
    /// Map a link as written to the href to emit; `None` keeps it as written.
    pub resolve_link: &'a dyn Fn(&str) -> Option<String>,
    /// Link the first use of each term to `glossary_href#id`; `None` to link no terms.
    pub terms: Option<(&'a TermMatcher, &'a str)>,
}

pub fn render(text: &str, opts: &RenderOptions) -> String {
    let mut out = String::with_capacity(text.len() * 3 / 2);
    let mut heading_index = 0;
    let mut used_terms = BTreeSet::new();
    // Depth of tags inside which terms must not be linked: headings, links, code, images.
    let mut no_terms = 0usize;
    let mut events: Vec<Event> = Vec::new();
    let mut has_raw_html = false;

    for event in TextMergeStream::new(Parser::new_ext(text, options())) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let id = opts
                    .headings
                    .get(heading_index)
                    .map(|h| CowStr::from(h.id.clone()));
                heading_index += 1;
                no_terms += 1;
                // Classes and other attributes never reach the HTML (the checker refuses them).
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            // Alignment would be a `style` attribute, which the Content-Security-Policy blocks.
            Event::Start(Tag::Table(columns)) => {
                let plain = vec![pulldown_cmark::Alignment::None; columns.len()];
                events.push(Event::Start(Tag::Table(plain)));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                has_raw_html = true;
                events.push(event);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                no_terms += 1;
                let dest_url = (opts.resolve_link)(&dest_url).map_or(dest_url, CowStr::from);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                no_terms += 1;
                let dest_url = (opts.resolve_link)(&dest_url).map_or(dest_url, CowStr::from);
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(tag @ Tag::CodeBlock(_)) => {
                no_terms += 1;
                events.push(Event::Start(tag));
            }
            Event::End(
                end @ (TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock),
            ) => {
                no_terms = no_terms.saturating_sub(1);
                events.push(Event::End(end));
            }
            Event::Text(t) if no_terms == 0 => match opts.terms {
                Some((matcher, href)) => link_terms(t, matcher, href, &mut used_terms, &mut events),
                None => events.push(Event::Text(t)),
            },
            other => events.push(other),
        }
    }
    html::push_html(&mut out, events.into_iter());
    if has_raw_html {
        raw_html::clean(&out)
    } else {
        out
    }
}

fn link_terms<'e>(
    text: CowStr<'e>,
    matcher: &TermMatcher,
    href: &str,
    used: &mut BTreeSet<String>,
    events: &mut Vec<Event<'e>>,
) {
    let lower = text.to_ascii_lowercase();
    let mut found = matcher.find(&lower, used);
    // Most texts name no term still to link: they go on as they came, not copied.
    if found.is_none() {
        events.push(Event::Text(text));
        return;
    }
    let mut rest = &text[..];
    while let Some((start, end, id)) = found {
        if start > 0 {
            events.push(Event::Text(CowStr::from(rest[..start].to_string())));
        }
        let id = id.to_string();
        events.push(Event::InlineHtml(CowStr::from(format!(
            "<a class=\"term\" href=\"{href}#{id}\">{}</a>",
            crate::util::html::escape(&rest[start..end])
        ))));
        used.insert(id);
        rest = &rest[end..];
        found = matcher.find(&lower[text.len() - rest.len()..], used);
    }
    if !rest.is_empty() {
        events.push(Event::Text(CowStr::from(rest.to_string())));
    }
}

/// The words of a Markdown text without markup, for search and readability.
pub fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids_and_file_lines() {
        let a = analyze("intro\n\n## Rest\n\ntext\n\n## Rest\n\n## Own {#mine}\n", 5);
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["rest", "rest-2", "mine"]);
        assert_eq!(a.headings[0].line, 7);
        assert_eq!(a.headings[2].text, "Own");
    }

    #[test]
    fn images_and_unclosed_comments_are_found() {
        let a = analyze(
            "one\n\n![x](doms.md)\n\n<!-- ok -->\n\n<!-- never closed\n\ntext\n",
            3,
        );
        assert!(a.links[0].image, "{:?}", a.links);
        assert_eq!(a.unclosed_comments, vec![9]);
        assert!(analyze("<!-- a -->\n<!-- b -->\n", 1)
            .unclosed_comments
            .is_empty());
    }

    #[test]
    fn raw_html_links_are_found() {
        let a = analyze(
            "text\n\nRaw <a href=\"https://x.example/\">x</a>.\n\n<img src=\"a.png\">\n",
            10,
        );
        assert_eq!(a.raw_html_links, vec![12, 14]);
        assert!(analyze("<b>bold</b> and <span class=\"x\">y</span>\n", 1)
            .raw_html_links
            .is_empty());
    }

    #[test]
    fn raw_html_is_checked_by_parsing_with_file_lines() {
        let text = "one\n\n<a href = \"https://evil.example/\">x</a>\n\n<div>\n<img\nsrc=x onerror=alert(1)>\n</div>\n\n<b>ok</b> <a href=\"tel:999\">999</a>\n";
        let a = analyze(text, 20);
        assert_eq!(a.raw_html_links, vec![22, 26], "{:?}", a.raw_html);
        let lines: Vec<usize> = problems(&a).iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![22, 26, 26], "{:?}", problems(&a));
    }

    #[test]
    fn heading_attributes_other_than_an_id_are_refused_and_never_rendered() {
        let text = "## Hi {tabindex=0 onfocus=alert(1)}\n\n## Two {.big #two}\n\n## Three {#three}\n\n## Four {#a\"b}\n";
        let a = analyze(text, 5);
        let written: Vec<&str> = a
            .heading_attributes
            .iter()
            .map(|(_, w)| w.as_str())
            .collect();
        assert_eq!(written, ["tabindex=0", "onfocus=alert(1)", ".big", "#a\"b"]);
        assert_eq!(a.heading_attributes[0].0, 5);
        assert_eq!(a.heading_attributes[2].0, 7);
        let resolve = |_: &str| None;
        let html = render(
            text,
            &RenderOptions {
                headings: &a.headings,
                resolve_link: &resolve,
                terms: None,
            },
        );
        assert!(
            !html.contains("onfocus") && !html.contains("tabindex"),
            "{html}"
        );
        assert!(!html.contains("class"), "{html}");
        assert!(html.contains("<h2 id=\"three\">Three</h2>"), "{html}");
    }

    #[test]
    fn rendered_raw_html_is_cleaned_and_tables_carry_no_style() {
        let resolve = |_: &str| None;
        let opts = RenderOptions {
            headings: &[],
            resolve_link: &resolve,
            terms: None,
        };
        let html = render(
            "a <b>b</b> <script>alert(1)</script> <img src=x onerror=alert(1)>\n",
            &opts,
        );
        assert_eq!(html, "<p>a <b>b</b>  </p>\n");
        let table = render("| a | b |\n|:--|--:|\n| 1 | 2 |\n", &opts);
        assert!(!table.contains("style"), "{table}");
    }

    #[test]
    fn line_counter_moves_both_ways() {
        let mut lines = LineCounter::new("a\nb\nc\n", 10);
        assert_eq!(lines.line_at(0), 10);
        assert_eq!(lines.line_at(4), 12);
        assert_eq!(lines.line_at(2), 11);
        assert_eq!(lines.line_at(99), 13);
    }

    #[test]
    fn links_carry_their_line() {
        let a = analyze("one\n\ntwo [x](a.md#b)\n", 3);
        assert_eq!(
            a.links,
            vec![Link {
                dest: "a.md#b".into(),
                line: 5,
                image: false
            }]
        );
    }

    #[test]
    fn first_use_of_a_term_links_once_and_not_in_headings() {
        let m = TermMatcher::new([
            ("DOMS", "doms"),
            ("muscle strain", "strain"),
            ("strain", "strain"),
        ]);
        let body = "## DOMS\n\nDOMS is common. DOMS again. A muscle strain, a strain.\n";
        let a = analyze(body, 1);
        let resolve = |_: &str| None;
        let html = render(
            body,
            &RenderOptions {
                headings: &a.headings,
                resolve_link: &resolve,
                terms: Some((&m, "g.html")),
            },
        );
        assert!(html.contains("<h2 id=\"doms\">DOMS</h2>"), "{html}");
        assert_eq!(html.matches("href=\"g.html#doms\"").count(), 1, "{html}");
        assert!(
            html.contains("<a class=\"term\" href=\"g.html#strain\">muscle strain</a>"),
            "{html}"
        );
        assert_eq!(html.matches("g.html#strain").count(), 1, "{html}");
    }

    #[test]
    fn terms_match_whole_words_only() {
        let m = TermMatcher::new([("core", "core")]);
        let body = "A score. The core.\n";
        let resolve = |_: &str| None;
        let html = render(
            body,
            &RenderOptions {
                headings: &[],
                resolve_link: &resolve,
                terms: Some((&m, "g.html")),
            },
        );
        assert!(html.contains("A score. The <a class=\"term\""), "{html}");
    }

    #[test]
    fn the_earliest_term_wins_and_a_used_term_gives_way_to_a_shorter_one() {
        let m = TermMatcher::new([
            ("strain", "strain"),
            ("back muscle strain", "back"),
            ("muscle strain", "muscle"),
        ]);
        let used = BTreeSet::new();
        // "muscle strain" starts before "strain" and is longer than nothing else there.
        assert_eq!(m.find("a muscle strain", &used), Some((2, 15, "muscle")));
        let used = BTreeSet::from(["muscle".to_string()]);
        assert_eq!(m.find("a muscle strain", &used), Some((9, 15, "strain")));
        // Not inside a word, at either end.
        assert_eq!(m.find("strains, restrain", &BTreeSet::new()), None);
    }

    #[test]
    fn a_term_and_its_aliases_are_one_id_to_find() {
        let m = TermMatcher::new([("disc", "disc"), ("discs", "disc"), ("strain", "strain")]);
        assert_eq!(m.distinct_ids(), 2);
        assert_eq!(TermMatcher::new([("  ", "blank")]).distinct_ids(), 0);
    }

    #[test]
    fn two_terms_with_one_needle_are_both_found_and_the_second_links_once_the_first_is_used() {
        let m = TermMatcher::new([
            ("disc", "b-disc"),
            ("disc", "a-disc"),
            ("disc pain", "pain"),
        ]);
        let mut found = BTreeSet::new();
        m.ids_in("Disc pain, a disc.", &mut found);
        assert_eq!(
            found,
            BTreeSet::from(["a-disc", "b-disc", "pain"].map(String::from))
        );
        let used = BTreeSet::from(["pain".to_string()]);
        assert_eq!(m.find("disc pain", &used), Some((0, 4, "a-disc")));
        let used = BTreeSet::from(["pain".to_string(), "a-disc".to_string()]);
        assert_eq!(m.find("disc pain", &used), Some((0, 4, "b-disc")));
        // The start of the text is the start of a word; a match that ends later but starts
        // earlier still wins.
        assert_eq!(
            m.find("disc pains; disc", &BTreeSet::new()),
            Some((0, 4, "a-disc"))
        );
    }

    #[test]
    fn links_are_rewritten() {
        let resolve = |d: &str| d.strip_suffix(".md").map(|s| format!("{s}.html"));
        let html = render(
            "[x](a.md)\n",
            &RenderOptions {
                headings: &[],
                resolve_link: &resolve,
                terms: None,
            },
        );
        assert!(html.contains("href=\"a.html\""), "{html}");
    }
}
