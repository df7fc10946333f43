//! Adding the live-reload script to HTML pages as they are served.
//!
//! The script is a file the server serves (`/__livereload.js`), not an inline block: the pages'
//! Content-Security-Policy allows the site's own files (`'self'`) and no inline script but the
//! build's, so the built pages need no trace of `serve`.

/// Where the live-reload script is served.
pub const SCRIPT_PATH: &str = "/__livereload.js";
pub const SCRIPT: &str = include_str!("livereload.js");

/// The page with the live-reload script inserted before its last `</body>` (or at the end if it
/// has none). `version` names the site the page came from, so the script can tell it is stale.
pub fn with_reload_script(html: &[u8], version: &str) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{SCRIPT_PATH}\" data-version=\"{}\"></script>\n",
        version.replace(['"', '<', '>', '&'], "")
    );
    let at = rfind_ascii_case_insensitive(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ascii_case_insensitive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goes_before_the_last_body_end_tag() {
        let page = b"<html><body><pre>&lt;/body&gt;</pre></BODY></html>";
        let out = String::from_utf8(with_reload_script(page, "r-3")).unwrap();
        let script = out
            .find("<script src=\"/__livereload.js\" data-version=\"r-3\"></script>")
            .unwrap();
        assert!(script < out.find("</BODY>").unwrap());
        assert!(script > out.find("</pre>").unwrap());
        assert!(SCRIPT.contains("new EventSource('/__livereload')"));
        assert!(out.ends_with("</BODY></html>"));
    }

    #[test]
    fn a_page_without_body_gets_it_at_the_end() {
        let out = String::from_utf8(with_reload_script(b"<p>hi", "v")).unwrap();
        assert!(out.starts_with("<p>hi<script src=\"/__livereload.js\" data-version=\"v\">"));
    }
}
