//! Raw HTML written in Markdown: what content may contain, checked by parsing it as a browser
//! would (the html5ever tokenizer: any spacing, case, quoting or character reference), and the
//! same allow-list enforced on the rendered HTML by `ammonia`.
//!
//! Content arrives by pull request, so its HTML is treated as hostile: plain formatting tags
//! only, no attributes but a few harmless ones, and no links but `tel:` and `mailto:` (other
//! links are written in Markdown, where the checker can follow them).

use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The tags content may write as HTML: plain formatting, lists and tables.
pub const ALLOWED_TAGS: &[&str] = &[
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "hr",
    "i",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
    // Only with a `tel:` or `mailto:` href; see `allowed_link`.
    "a",
];

/// The attributes content may write, by tag. Nothing else: no event handlers, styles, classes
/// or ids.
const ALLOWED_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href"]),
    ("abbr", &["title"]),
    ("ol", &["start"]),
    ("td", &["colspan", "rowspan"]),
    ("th", &["colspan", "rowspan"]),
];

/// Attributes that load or go to an address (or, for `http-equiv`, can redirect the page).
const LINK_ATTRIBUTES: &[&str] = &[
    "action",
    "archive",
    "background",
    "cite",
    "codebase",
    "data",
    "dynsrc",
    "formaction",
    "href",
    "http-equiv",
    "icon",
    "longdesc",
    "lowsrc",
    "manifest",
    "ping",
    "poster",
    "src",
    "srcdoc",
    "srcset",
    "xlink:href",
];

/// Something in a text's raw HTML that the allow-list would remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// A tag outside `ALLOWED_TAGS`, e.g. `script`.
    Tag(String),
    /// An attribute outside `ALLOWED_ATTRIBUTES`: (tag, attribute).
    Attribute(String, String),
    /// A link attribute whose address is not `tel:` or `mailto:`: (tag, attribute).
    Link(String, String),
    /// The HTML stops inside a tag, a quoted value or a comment, so it would swallow the page
    /// text that follows it.
    Unfinished,
}

impl Finding {
    pub fn is_link(&self) -> bool {
        matches!(self, Finding::Link(..))
    }

    pub fn message(&self) -> String {
        match self {
            Finding::Tag(tag) => format!(
                "HTML tag `<{tag}>` is not allowed in content and would be removed: write plain \
                 formatting only (such as <b>, <em>, <sup>, <br>, lists and tables), or use Markdown; \
                 scripts, styles, forms, frames, images and embedded objects cannot be part of the guide"
            ),
            Finding::Attribute(tag, attr) => format!(
                "HTML attribute `{attr}` on `<{tag}>` is not allowed in content and would be removed: \
                 no event handlers, styles, classes or ids; remove the attribute"
            ),
            Finding::Link(tag, attr) => format!(
                "a link written in HTML (`{attr}` on `<{tag}>`) is not checked; write it in Markdown \
                 instead, e.g. [the topic](../my-section/my-topic.md) (only tel: and mailto: links may be HTML)"
            ),
            Finding::Unfinished => "this HTML is not finished (a tag, a quote or a comment is left \
                 open), so it would swallow the text after it; close it"
                .to_string(),
        }
    }
}

/// A marker tag put after the HTML: if the tokenizer does not see it as a plain start tag, the
/// HTML left it inside a tag, a value or a comment.
const END: &str = "backguide-end";

/// Check one piece of raw HTML (an HTML block, or one inline tag), as a browser would read it.
/// Returns each finding with its line, counted from 1 at the start of `html`.
pub fn check(html: &str) -> Vec<(usize, Finding)> {
    let sink = Sink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(format!("{html}<{END}>").as_str().into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let sink = tokenizer.sink;
    let mut findings = sink.findings.into_inner();
    let last = sink.last_start.into_inner();
    if last.as_deref() != Some(END) {
        findings.push((html.lines().count().max(1), Finding::Unfinished));
    }
    findings
}

#[derive(Default)]
struct Sink {
    findings: RefCell<Vec<(usize, Finding)>>,
    /// The name of the last start tag seen, if it had no attributes.
    last_start: RefCell<Option<String>>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            let line = usize::try_from(line).unwrap_or(usize::MAX).max(1);
            if tag.kind == TagKind::StartTag {
                let plain = tag.attrs.is_empty().then(|| tag.name.to_string());
                if plain.as_deref() == Some(END) {
                    *self.last_start.borrow_mut() = plain;
                    return TokenSinkResult::Continue;
                }
                *self.last_start.borrow_mut() = plain;
                let mut findings = self.findings.borrow_mut();
                findings.extend(start_tag_findings(&tag).into_iter().map(|f| (line, f)));
            }
        }
        TokenSinkResult::Continue
    }
}

fn start_tag_findings(tag: &Tag) -> Vec<Finding> {
    let name = tag.name.to_string();
    let mut findings = Vec::new();
    let tag_allowed = ALLOWED_TAGS.contains(&name.as_str());
    if !tag_allowed {
        findings.push(Finding::Tag(name.clone()));
    }
    let allowed_attrs = ALLOWED_ATTRIBUTES
        .iter()
        .find(|(t, _)| *t == name)
        .map_or(&[][..], |(_, a)| *a);
    for attr in &tag.attrs {
        let attr_name = match &attr.name.prefix {
            Some(prefix) => format!("{prefix}:{}", attr.name.local),
            None => attr.name.local.to_string(),
        };
        if LINK_ATTRIBUTES.contains(&attr_name.as_str()) {
            let allowed = tag_allowed
                && allowed_attrs.contains(&attr_name.as_str())
                && allowed_link(&attr.value);
            if !allowed {
                findings.push(Finding::Link(name.clone(), attr_name));
            }
        } else if tag_allowed && !allowed_attrs.contains(&attr_name.as_str()) {
            findings.push(Finding::Attribute(name.clone(), attr_name));
        }
    }
    findings
}

/// A `tel:` or `mailto:` address, read as a browser reads it: leading spaces and controls, and
/// tabs and newlines anywhere, are ignored; the scheme may be in any case.
fn allowed_link(value: &str) -> bool {
    let url: String = value
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    url.starts_with("tel:") || url.starts_with("mailto:")
}

/// The rendered HTML of a text that holds raw HTML, cleaned with the same allow-list plus the
/// markup the Markdown renderer writes itself. The build refuses any text the check above finds
/// fault with, so this changes nothing a reader sees; it is there so that no gap in the check
/// can publish a script.
pub fn clean(rendered: &str) -> String {
    cleaner().clean(rendered).to_string()
}

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        // What pulldown-cmark writes, beyond the tags content may write.
        const RENDERER_TAGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];
        let mut attributes: HashMap<&str, HashSet<&str>> = ALLOWED_ATTRIBUTES
            .iter()
            .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
            .collect();
        for heading in RENDERER_TAGS {
            attributes.entry(heading).or_default().insert("id");
        }
        // Glossary terms (`class="term"`), link titles and fenced code's language class.
        attributes
            .entry("a")
            .or_default()
            .extend(["class", "title"]);
        attributes.entry("code").or_default().insert("class");
        let mut builder = ammonia::Builder::empty();
        builder
            .tags(ALLOWED_TAGS.iter().chain(RENDERER_TAGS).copied().collect())
            .tag_attributes(attributes)
            .url_schemes(HashSet::from(["tel", "mailto"]))
            .link_rel(None)
            .strip_comments(true);
        builder
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(html: &str) -> Vec<(usize, Finding)> {
        check(html)
    }

    #[test]
    fn plain_formatting_passes() {
        assert_eq!(found("<b>bold</b> <em>x</em> <sup>2</sup><br>"), vec![]);
        assert_eq!(
            found("<table>\n<tr><td colspan=\"2\">a</td></tr>\n</table>"),
            vec![]
        );
        assert_eq!(
            found("<a href=\"tel:999\">999</a> <a HREF=' MAILTO:x@y'>m</a>"),
            vec![]
        );
        assert_eq!(found("<!-- a comment -->"), vec![]);
    }

    #[test]
    fn scripts_handlers_and_styles_are_found_however_written() {
        let tag = |t: &str| Finding::Tag(t.into());
        assert_eq!(found("<script>alert(1)</script>"), vec![(1, tag("script"))]);
        assert_eq!(
            found("<SCRIPT >alert(1)</SCRIPT>"),
            vec![(1, tag("script"))]
        );
        assert!(found("<svg onload=alert(1)>").contains(&(1, tag("svg"))));
        assert!(found("<style>.emergency{display:none}</style>").contains(&(1, tag("style"))));
        for (html, attr) in [
            ("<details ontoggle=alert(1) open>", "ontoggle"),
            ("<b onmouseover = 'alert(1)'>x</b>", "onmouseover"),
            ("<p style=\"display:none\">", "style"),
            ("<span\nclass=x>", "class"),
        ] {
            let f = found(html);
            assert!(
                f.iter()
                    .any(|(_, f)| matches!(f, Finding::Attribute(_, a) if a == attr))
                    || f.iter().any(|(_, f)| matches!(f, Finding::Tag(_))),
                "{html}: {f:?}"
            );
        }
        assert_eq!(
            found("<input autofocus onfocus=alert(1)>")[0],
            (1, tag("input"))
        );
        assert_eq!(found("<iframe srcdoc=\"<script>\">")[0], (1, tag("iframe")));
    }

    #[test]
    fn links_are_found_with_any_spacing_case_quoting_or_entities() {
        for html in [
            "<a href = \"https://evil.example/\">x</a>",
            "<A HREF=https://evil.example/>x</A>",
            "<a\thref\n=\n'//evil.example'>x</a>",
            "<a href=\"javascript&colon;alert(1)\">x</a>",
            "<a href=\"java&#x09;script:alert(1)\">x</a>",
            "<a href=\"&#116;el-not:1\">x</a>",
            "<img src = \"https://evil.example/x.png\">",
            "<meta http-equiv=refresh content=\"0;url=https://evil.example/\">",
            "<form action=https://evil.example/><button>go</button></form>",
        ] {
            assert!(
                found(html).iter().any(|(_, f)| f.is_link()),
                "{html}: {:?}",
                found(html)
            );
        }
        // An entity cannot sneak a tel: past the check either way round.
        assert_eq!(found("<a href=\"&#116;el:999\">999</a>"), vec![]);
    }

    #[test]
    fn unfinished_html_is_found() {
        assert_eq!(found("<div title=\"x"), vec![(1, Finding::Unfinished)]);
        assert!(found("<div\n<!-- x").contains(&(2, Finding::Unfinished)));
        assert!(found("<b>x</b> <!-- never closed").contains(&(1, Finding::Unfinished)));
        assert_eq!(found("<div>\n<b>ok</b>\n</div>"), vec![]);
    }

    #[test]
    fn lines_count_from_the_start_of_the_html() {
        let f = found("<div>\n<b>ok</b>\n<img src=x onerror=alert(1)>\n</div>");
        assert!(f.iter().all(|(line, _)| *line == 3), "{f:?}");
    }

    #[test]
    fn the_cleaner_keeps_the_renderers_markup_and_drops_the_rest() {
        let kept = "<h2 id=\"rest\">Rest</h2>\n<p><a class=\"term\" href=\"../glossary.html#doms\">DOMS</a> <b>b</b></p>\n";
        assert_eq!(clean(kept), kept);
        let cleaned = clean(
            "<p>a<script>alert(1)</script><img src=x onerror=alert(1)><style>p{}</style></p>",
        );
        assert_eq!(cleaned, "<p>a</p>");
        assert_eq!(clean("<a href=\"javascript:alert(1)\">x</a>"), "<a>x</a>");
    }
}
