//! The Content-Security-Policy every page carries, as a `<meta http-equiv>` tag the build adds
//! to the `<head>`: only the guide's own files, plus the inline blocks the templates wrote,
//! each allowed by the SHA-256 hash of its exact bytes. No `'unsafe-inline'`, no
//! `'unsafe-eval'`: a script that got into a page any other way does not run.
//!
//! A policy in a meta tag cannot carry `frame-ancestors` (browsers ignore it there); that needs
//! an HTTP header, which GitHub Pages does not let a site set.
//!
//! `<script type="application/json">` and `application/ld+json` blocks are data, which browsers
//! never run, so the policy does not govern them and they need no hash.

use crate::util::find;
use crate::util::html::each_piece_standing_in;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// The hashes of a document's inline scripts and style blocks, as CSP sources
/// (`'sha256-…'`), sorted so the policy is the same on every build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    pub scripts: BTreeSet<String>,
    pub styles: BTreeSet<String>,
}

impl Inline {
    pub fn extend(&mut self, other: &Inline) {
        self.scripts.extend(other.scripts.iter().cloned());
        self.styles.extend(other.styles.iter().cloned());
    }
}

/// The policy of a page of the site: its own files (`'self'`) and its inline blocks.
pub fn site_policy(inline: &Inline) -> String {
    policy("'self'", Some("'self'"), inline)
}

/// The policy of the single-file guide, which loads no file at all: only its inline blocks,
/// and `data:` images (the one kind of CSS `url()` it may hold).
pub fn single_file_policy(inline: &Inline) -> String {
    format!("{}; img-src data:", policy("'none'", None, inline))
}

fn policy(default: &str, own_files: Option<&str>, inline: &Inline) -> String {
    let sources = |hashes: &BTreeSet<String>| {
        let list: Vec<&str> = own_files
            .into_iter()
            .chain(hashes.iter().map(String::as_str))
            .collect();
        if list.is_empty() {
            "'none'".to_string()
        } else {
            list.join(" ")
        }
    };
    format!(
        "default-src {default}; script-src {}; style-src {}; object-src 'none'; base-uri 'none'; form-action 'none'",
        sources(&inline.scripts),
        sources(&inline.styles),
    )
}

/// `'sha256-…'` of exactly these bytes, as a browser hashes an inline block.
pub fn hash_source(text: &str) -> String {
    encode_hash(&Sha256::digest(text.as_bytes()))
}

fn encode_hash(digest: &[u8]) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The hashes of every inline `<script>` (without `src`, and not a JSON data block) and every
/// `<style>` element in `html`, which is markup the build wrote: the content's own HTML has
/// been through the allow-list, which admits neither element.
pub fn inline_blocks(html: &str) -> Inline {
    inline_blocks_with(html, None)
}

/// [`inline_blocks`] of `html` as it will be once each `stand_in.0` in it is replaced by
/// `stand_in.1`: a large block (the single file's search index) is hashed without being
/// copied into the markup first.
pub fn inline_blocks_with(html: &str, stand_in: Option<(&str, &str)>) -> Inline {
    let hash = |body: &str| match stand_in {
        Some((marker, text)) if body.contains(marker) => {
            let mut digest = Sha256::new();
            each_piece_standing_in(body, marker, text, |piece| digest.update(piece.as_bytes()));
            encode_hash(&digest.finalize())
        }
        _ => hash_source(body),
    };
    let mut inline = Inline::default();
    let bytes = html.as_bytes();
    let mut at = 0;
    // Every `<` at or after `at`: one vector search over the page, not one per tag (a page
    // has hundreds of tags, and only a comment, a script or a style matters here).
    for start in memchr::memchr_iter(b'<', bytes) {
        if start < at || !matches!(bytes.get(start + 1), Some(b'!' | b's' | b'S')) {
            continue;
        }
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            at = find::text(&html[start..], "-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let element = ["script", "style"]
            .into_iter()
            .find(|name| starts_tag(&rest[1..], name));
        let Some(element) = element else {
            at = start + 1;
            continue;
        };
        let Some(tag_end) = end_of_tag(html, start) else {
            break;
        };
        let tag = &html[start..tag_end];
        let close = find_ascii_case_insensitive(&html[tag_end..], &format!("</{element}"))
            .map_or(html.len(), |c| tag_end + c);
        let body = &html[tag_end..close];
        if element == "style" {
            inline.styles.insert(hash(body));
        } else if !has_attribute(tag, "src") && !is_data_block(tag) {
            inline.scripts.insert(hash(body));
        }
        at = close.max(start + 1);
    }
    inline
}

/// `html` with the policy's meta tag as the first thing in its `<head>` after the charset, so
/// that it governs every script and style that follows.
pub fn with_policy(html: &str, policy: &str) -> Result<String, String> {
    let head = find_ascii_case_insensitive(html, "<head")
        .filter(|&i| starts_tag(&html.as_bytes()[i + 1..], "head"))
        .ok_or("the page has no <head>, so it cannot carry its Content-Security-Policy")?;
    let mut at = end_of_tag(html, head).ok_or("the page's <head> tag is not closed")?;
    let after_head = &html[at..];
    let trimmed = after_head.trim_start();
    if trimmed.len() >= 13 && trimmed[..13].eq_ignore_ascii_case("<meta charset") {
        let charset = at + (after_head.len() - trimmed.len());
        at = end_of_tag(html, charset).ok_or("the charset <meta> is not closed")?;
    }
    let meta = format!(
        "\n<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        policy.replace('"', "&quot;")
    );
    let mut out = String::with_capacity(html.len() + meta.len());
    out.push_str(&html[..at]);
    out.push_str(&meta);
    out.push_str(&html[at..]);
    Ok(out)
}

/// A page of the site with its policy added.
pub fn protect_page(html: &str) -> Result<String, String> {
    with_policy(html, &site_policy(&inline_blocks(html)))
}

/// `bytes` (just after a `<`) start the tag `name`: the name, then a space, `>` or `/`.
fn starts_tag(bytes: &[u8], name: &str) -> bool {
    bytes.len() > name.len()
        && bytes[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        && matches!(
            bytes[name.len()],
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/'
        )
}

/// The offset just after the `>` that ends the tag starting at `start`, skipping quoted values.
fn end_of_tag(html: &str, start: usize) -> Option<usize> {
    let mut quote = None;
    for (i, b) in html.as_bytes()[start..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(*b),
            (Some(q), b) if *b == q => quote = None,
            (None, b'>') => return Some(start + i + 1),
            _ => {}
        }
    }
    None
}

/// The first `needle` (which starts with `<`) in `haystack`, ignoring ASCII case. Jumps from
/// `<` to `<` (a memchr), as the single file's inline search index runs to megabytes.
fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let bytes = haystack.as_bytes();
    let mut at = 0;
    while let Some(i) = find::byte(&haystack[at..], b'<') {
        let start = at + i;
        if bytes
            .get(start..start + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
        {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// The names and values of a start tag's attributes, in the forms the templates write them.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let inner = tag
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    let mut rest = inner
        .find(|c: char| c.is_ascii_whitespace())
        .map_or("", |i| &inner[i..]);
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_string();
            rest = next;
        }
        out.push((name, value));
    }
}

fn has_attribute(tag: &str, name: &str) -> bool {
    attributes(tag).iter().any(|(n, _)| n == name)
}

/// `<script type="application/json">` or `application/ld+json`: data, never run.
fn is_data_block(tag: &str) -> bool {
    attributes(tag)
        .iter()
        .any(|(n, v)| n == "type" && v.trim().to_ascii_lowercase().ends_with("json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stand_in_is_hashed_as_the_text_it_stands_for() {
        let text = "window.X={\"a\":1};";
        let page = |body: &str| format!("<p>x</p><script>{body}</script><style>b{{}}</style>");
        let with_marker = page("var y;@@;@@");
        let written = page(&format!("var y;{text};{text}"));
        let stood_in = inline_blocks_with(&with_marker, Some(("@@", text)));
        assert_eq!(stood_in, inline_blocks(&written));
        assert_ne!(stood_in, inline_blocks(&with_marker));
        // Without the marker, the blocks are hashed as they are.
        assert_eq!(
            inline_blocks_with(&written, Some(("@@", "other"))),
            inline_blocks(&written)
        );
    }

    #[test]
    fn hashes_match_what_browsers_compute() {
        // The hash Chromium reports for this exact script (see the base template).
        assert_eq!(
            hash_source("document.documentElement.className += ' js';"),
            "'sha256-DamCoPgB/VkDCPsu0R6X4sJsz1c66vGlUGBXLu04Yxg='"
        );
    }

    #[test]
    fn inline_scripts_and_styles_are_found_and_the_rest_left_alone() {
        let html = "<head><script>a()</script><script src=\"s.js\" defer></script>\
            <script type=\"application/ld+json\">{}</script><STYLE>p{}</STYLE>\
            <!-- <script>not()</script> --></head><body><svg><style>.x{}</style></svg>\
            <script type=\"module\">b()</script><scripted>no</scripted></body>";
        let inline = inline_blocks(html);
        let scripts: BTreeSet<String> = ["a()", "b()"].iter().map(|s| hash_source(s)).collect();
        let styles: BTreeSet<String> = ["p{}", ".x{}"].iter().map(|s| hash_source(s)).collect();
        assert_eq!(inline.scripts, scripts);
        assert_eq!(inline.styles, styles);
    }

    #[test]
    fn the_policy_goes_after_the_charset_and_allows_nothing_inline_but_its_hashes() {
        let page = "<!DOCTYPE html>\n<html><head>\n<meta charset=\"utf-8\">\n<title>t</title>\
            <script>x()</script></head><body></body></html>";
        let out = protect_page(page).unwrap();
        let expected = format!(
            "<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' {}; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'\">\n<title>",
            hash_source("x()")
        );
        assert!(out.contains(&expected), "{out}");
        assert!(!out.contains("unsafe-inline") && !out.contains("unsafe-eval"));
        assert!(protect_page("<p>no head</p>").is_err());
        assert!(protect_page("<header>x</header>").is_err());
    }

    #[test]
    fn the_single_file_loads_no_file() {
        let mut inline = Inline::default();
        inline.styles.insert(hash_source("p{}"));
        assert_eq!(
            single_file_policy(&inline),
            format!("default-src 'none'; script-src 'none'; style-src {}; object-src 'none'; base-uri 'none'; form-action 'none'; img-src data:", hash_source("p{}"))
        );
    }
}
