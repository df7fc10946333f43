//! Turning a request's raw URL path into a file of the built site, refusing anything that could
//! name a file outside it.
//!
//! The site is served from memory, so a path can only ever name a key of the files map; still,
//! `..`, `.` and encoded separators are refused outright rather than normalised, so that what a
//! browser shows in its address bar is exactly the file that was served.

use std::collections::BTreeMap;

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the site, by output-relative path such as `causes/index.html`.
    File(String),
    /// A folder asked for without its trailing slash: redirect here (relative to the request).
    Redirect(String),
    NotFound,
}

/// Resolve `raw` (the URL path, still percent-encoded, without the query) against `files`.
pub fn resolve<V>(raw: &str, files: &BTreeMap<String, V>) -> Target {
    let Some(segments) = segments(raw) else {
        return Target::NotFound;
    };
    let folder = raw.ends_with('/');
    let key = segments.join("/");
    if folder || key.is_empty() {
        let index = if key.is_empty() {
            "index.html".to_string()
        } else {
            format!("{key}/index.html")
        };
        return match files.contains_key(&index) {
            true => Target::File(index),
            false => Target::NotFound,
        };
    }
    if files.contains_key(&key) {
        return Target::File(key);
    }
    // `/causes` is the folder `/causes/`: send the browser there so relative links resolve.
    if files.contains_key(&format!("{key}/index.html")) {
        if let Some(last) = segments.last() {
            return Target::Redirect(format!("{}/", encode_segment(last)));
        }
    }
    Target::NotFound
}

/// The decoded segments of `raw`, or `None` if any is unsafe or empty: `//index.html` and
/// `/causes//doms.html` are not found, rather than collapsed into a file that exists (only
/// the one slash after a folder name is allowed).
fn segments(raw: &str) -> Option<Vec<String>> {
    if !raw.starts_with('/') || raw.contains('\\') {
        return None;
    }
    if raw == "/" {
        return Some(Vec::new());
    }
    let path = &raw[1..];
    let path = path.strip_suffix('/').unwrap_or(path);
    let mut out = Vec::new();
    for part in path.split('/') {
        if part.is_empty() {
            return None;
        }
        let decoded = percent_decode(part)?;
        let unsafe_segment = decoded == ".."
            || decoded == "."
            || decoded.contains(['/', '\\', '\0'])
            || decoded.chars().any(char::is_control);
        if unsafe_segment {
            return None;
        }
        out.push(decoded);
    }
    Some(out)
}

/// Decode `%XX` escapes; `None` for a malformed escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Encode a segment for a `Location` header: keep unreserved characters, escape the rest.
fn encode_segment(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> BTreeMap<String, Vec<u8>> {
        [
            "index.html",
            "causes/index.html",
            "causes/doms.html",
            "style.css",
            "a b.html",
        ]
        .into_iter()
        .map(|k| (k.to_string(), Vec::new()))
        .collect()
    }

    fn file(k: &str) -> Target {
        Target::File(k.to_string())
    }

    #[test]
    fn folders_serve_their_index() {
        let files = site();
        assert_eq!(resolve("/", &files), file("index.html"));
        assert_eq!(resolve("/causes/", &files), file("causes/index.html"));
        assert_eq!(
            resolve("/causes", &files),
            Target::Redirect("causes/".into())
        );
        assert_eq!(resolve("/style.css/", &files), Target::NotFound);
        for raw in [
            "//",
            "////index.html",
            "/causes//doms.html",
            "//causes/",
            "/causes//",
        ] {
            assert_eq!(resolve(raw, &files), Target::NotFound, "{raw}");
        }
    }

    #[test]
    fn files_are_found_by_decoded_path() {
        let files = site();
        assert_eq!(
            resolve("/causes/doms.html", &files),
            file("causes/doms.html")
        );
        assert_eq!(resolve("/a%20b.html", &files), file("a b.html"));
        assert_eq!(resolve("/missing.html", &files), Target::NotFound);
    }

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        let mut files = site();
        // Even a key that a traversal would normalise to must not be reachable that way.
        files.insert("Cargo.toml".into(), Vec::new());
        for raw in [
            "/../Cargo.toml",
            "/causes/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/Cargo.toml",
            "/.%2e/Cargo.toml",
            "/..%2fCargo.toml",
            "/..%2FCargo.toml",
            "/..%5cCargo.toml",
            "/..\\Cargo.toml",
            "/causes/..%2f..%2fCargo.toml",
            "/./Cargo.toml",
            "/%00Cargo.toml",
            "/%zzCargo.toml",
            "/%2",
            "/%ff.html",
            "Cargo.toml",
        ] {
            assert_eq!(resolve(raw, &files), Target::NotFound, "{raw}");
        }
        assert_eq!(resolve("/Cargo.toml", &files), file("Cargo.toml"));
    }
}
