//! A small HTML reader for the tests, and a link checker over a built site.
//!
//! The reader is not a full HTML parser: it knows tags, attributes, comments, entities and that
//! `<script>` and `<style>` hold no markup. That is all the generated pages use, and it keeps the
//! tests free of a parser crate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A start tag with its attributes (names lowercased, values decoded), and where it starts.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub offset: usize,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone)]
pub enum Token<'a> {
    Start(Tag),
    End(String),
    /// Raw text between tags, entities not yet decoded.
    Text(&'a str),
}

/// Split `html` into start tags, end tags and text. Comments and doctypes are dropped, and the
/// contents of `<script>` and `<style>` are skipped.
pub fn tokens(html: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < html.len() {
        let Some(lt) = html[i..].find('<').map(|p| i + p) else {
            out.push(Token::Text(&html[i..]));
            break;
        };
        if lt > i {
            out.push(Token::Text(&html[i..lt]));
        }
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |p| lt + p + 3);
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            i = rest.find('>').map_or(html.len(), |p| lt + p + 1);
        } else if let Some(end) = rest.strip_prefix("</") {
            let name: String = end
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
                .collect();
            out.push(Token::End(name.to_ascii_lowercase()));
            i = rest.find('>').map_or(html.len(), |p| lt + p + 1);
        } else if let Some((tag, len)) = start_tag(rest, lt) {
            i = lt + len;
            let raw = matches!(tag.name.as_str(), "script" | "style");
            let name = tag.name.clone();
            out.push(Token::Start(tag));
            if raw {
                // No markup inside: jump to the end tag.
                let close = format!("</{name}");
                i = html[i..]
                    .to_ascii_lowercase()
                    .find(&close)
                    .map_or(html.len(), |p| i + p);
            }
        } else {
            // A `<` that starts no tag is text.
            out.push(Token::Text("<"));
            i = lt + 1;
        }
    }
    out
}

/// Every start tag in `html`.
pub fn tags(html: &str) -> Vec<Tag> {
    tokens(html)
        .into_iter()
        .filter_map(|t| match t {
            Token::Start(tag) => Some(tag),
            _ => None,
        })
        .collect()
}

/// Parse the start tag at the beginning of `s`; returns it and its length in bytes.
fn start_tag(s: &str, offset: usize) -> Option<(Tag, usize)> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || b"-:".contains(&bytes[i])) {
        i += 1;
    }
    if i == 1 {
        return None;
    }
    let name = s[1..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return Some((
                Tag {
                    name,
                    attrs,
                    offset,
                },
                i,
            ));
        }
        if bytes[i] == b'>' {
            return Some((
                Tag {
                    name,
                    attrs,
                    offset,
                },
                i + 1,
            ));
        }
        let start = i;
        while i < bytes.len() && !b" \t\r\n=>/".contains(&bytes[i]) {
            i += 1;
        }
        let attr = s[start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i] as char;
                let end = s[i + 1..].find(quote).map_or(s.len(), |p| i + 1 + p);
                value = decode_entities(&s[i + 1..end]);
                i = (end + 1).min(s.len());
            } else {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&s[start..i]);
            }
        }
        if !attr.is_empty() {
            attrs.push((attr, value));
        }
    }
}

/// Decode the entities the generator writes, plus numeric ones.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let name = &rest[1..semi];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            };
            c.map(|c| (c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text a reader sees in `html` (the `<body>`, or all of it if there is none): tags
/// dropped, entities decoded, whitespace collapsed to single spaces. Case is kept.
pub fn visible_text(html: &str) -> String {
    let body = html.find("<body").map_or(html, |i| &html[i..]);
    let mut text = String::new();
    for token in tokens(body) {
        match token {
            Token::Text(t) => text.push_str(&decode_entities(t)),
            // Tags separate words ("a</li><li>b" reads as "a b"); inline tags rarely split one.
            _ => text.push(' '),
        }
    }
    collapse_whitespace(&text)
}

pub fn collapse_whitespace(text: &str) -> String {
    text.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The attributes that hold a URL the browser follows or fetches.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "xlink:href",
    "poster",
    "action",
    "formaction",
];

/// Check every link of the site in `dir`. Returns one line per problem, sorted; empty when
/// every `href` and `src` names an existing file of the site (and its `#fragment` an id in it),
/// relatively, and nothing points to another host. `tel:` and `mailto:` are allowed.
pub fn check_site(dir: &Path) -> Vec<String> {
    let files = site_files(dir);
    let mut problems = Vec::new();
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut refs: Vec<(&str, String, String)> = Vec::new();

    for file in &files {
        let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
            continue;
        };
        if file.ends_with(".html") || file.ends_with(".svg") {
            let page_ids = ids.entry(file).or_default();
            for tag in tags(&text) {
                // A canonical URL must be absolute; nothing fetches or follows it.
                let canonical = tag.name == "link"
                    && tag
                        .attr("rel")
                        .is_some_and(|r| r.split_whitespace().any(|r| r == "canonical"));
                for (name, value) in &tag.attrs {
                    if canonical
                        && name == "href"
                        && scheme(value).is_some_and(|s| s.starts_with("http"))
                    {
                        continue;
                    }
                    if name == "id" && !page_ids.insert(value.clone()) {
                        problems.push(format!("{file}: id `{value}` is used twice"));
                    }
                    if URL_ATTRS.contains(&name.as_str()) {
                        refs.push((file, name.clone(), value.clone()));
                    }
                    if name == "srcset" {
                        for candidate in value.split(',') {
                            let url = candidate.split_whitespace().next().unwrap_or("");
                            refs.push((file, name.clone(), url.to_string()));
                        }
                    }
                }
            }
        } else if file.ends_with(".css") {
            for url in css_urls(&text) {
                refs.push((file, "url()".into(), url));
            }
        }
    }

    for (page, attr, value) in &refs {
        if let Err(why) = check_ref(dir, page, value, &files, &ids) {
            problems.push(format!("{page}: {attr}=\"{value}\": {why}"));
        }
    }
    problems.sort();
    problems
}

/// Every file under `dir`, as `/`-separated relative paths.
fn site_files(dir: &Path) -> BTreeSet<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeSet<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{prefix}{name}");
            let path = entry.path();
            if path.is_dir() {
                walk(&path, &format!("{rel}/"), out);
            } else {
                out.insert(rel);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, "", &mut out);
    out
}

/// The targets of `url(...)` in a stylesheet (not those of `@import "..."`).
pub fn css_url_calls(css: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        rest = &rest[i + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        urls.push(rest[..end].trim().trim_matches(['"', '\'']).to_string());
        rest = &rest[end..];
    }
    urls
}

/// The targets of `url(...)` and `@import "..."` in a stylesheet.
fn css_urls(css: &str) -> Vec<String> {
    let mut urls = css_url_calls(css);
    let mut rest = css;
    while let Some(i) = rest.find("@import") {
        rest = rest[i + 7..].trim_start();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let end = rest[1..].find(q).map_or(rest.len(), |e| e + 1);
            urls.push(rest[1..end].to_string());
        }
    }
    urls
}

/// Whether `value`, found in the site file `page`, is a good link.
fn check_ref(
    dir: &Path,
    page: &str,
    value: &str,
    files: &BTreeSet<String>,
    ids: &BTreeMap<&str, BTreeSet<String>>,
) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err("empty link".into());
    }
    if value.starts_with("//") {
        return Err("points to another host".into());
    }
    if let Some(scheme) = scheme(value) {
        return match scheme.as_str() {
            "tel" | "mailto" => Ok(()),
            "http" | "https" => Err("points to another host".into()),
            other => Err(format!("uses the `{other}:` scheme")),
        };
    }
    if value.starts_with('/') {
        return Err("starts with `/`: links must be relative".into());
    }
    let (path, fragment) = match value.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (value, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let target = if path.is_empty() {
        page.to_string()
    } else {
        if path.ends_with('/') {
            return Err("names a folder, not a file".into());
        }
        let base = page.rsplit_once('/').map_or("", |(d, _)| d);
        let joined = join(base, &percent_decode(path))
            .ok_or_else(|| "goes above the site's root folder".to_string())?;
        if dir.join(&joined).is_dir() {
            return Err("names a folder, not a file".into());
        }
        if !files.contains(&joined) {
            return Err(format!("no such file: {joined}"));
        }
        joined
    };
    match fragment {
        None => Ok(()),
        Some("") => Err("empty #fragment".into()),
        Some(f) => match ids.get(target.as_str()) {
            Some(set) if set.contains(f) => Ok(()),
            Some(_) => Err(format!("no id `{f}` in {target}")),
            None => Err(format!("#{f} points into {target}, which is not a page")),
        },
    }
}

/// The scheme of an absolute URL (`https` in `https://x`), lowercased.
fn scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let valid = scheme.chars().next()?.is_ascii_alphabetic()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// Join a relative path onto a folder; `None` if it climbs above the root.
fn join(base: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit));
        if let (b'%', Some(hex)) = (bytes[i], hex) {
            let hex = std::str::from_utf8(hex).expect("ASCII");
            out.push(u8::from_str_radix(hex, 16).expect("hex digits"));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
