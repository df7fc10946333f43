//! The base URL: checked once, and used only where an absolute URL is required.

/// Check a `--base-url` given on the command line: it must be an absolute http(s) URL with a host.
/// Returns it with a trailing `/`, so page paths can be appended.
pub fn parse_base_url(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("the base URL must start with https:// or http://")?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err("the base URL has no host name, e.g. https://user.github.io/repo/".into());
    }
    // It is written into robots.txt, the sitemap and attributes: a line break or a quote there
    // would add lines or attributes of the author's choosing.
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "?#\"'<>\\`".contains(c))
    {
        return Err(
            "the base URL must not contain a query, a fragment, spaces, line breaks, quotes or \\"
                .into(),
        );
    }
    if host.contains('@') {
        return Err("the base URL must not carry a user name or password".into());
    }
    Ok(with_trailing_slash(url))
}

/// `url`, ending with `/`.
pub fn with_trailing_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// The prefix for links on the 404 page. GitHub Pages serves it for a missing page at any depth,
/// so with a base URL its links are absolute; without one they are relative to the site root and
/// work only there (the page says so).
pub fn not_found_root(base_url: Option<&str>) -> String {
    base_url.unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked_and_end_with_a_slash() {
        assert_eq!(
            parse_base_url("https://example.org/guide").unwrap(),
            "https://example.org/guide/"
        );
        assert_eq!(
            parse_base_url("http://localhost:8000/").unwrap(),
            "http://localhost:8000/"
        );
        assert!(parse_base_url("example.org/guide").is_err());
        assert!(parse_base_url("https:///guide").is_err());
        assert!(parse_base_url("https://example.org/?q=1").is_err());
        assert!(parse_base_url("/guide/").is_err());
        assert!(parse_base_url("https://example.org/\nDisallow: /").is_err());
        assert!(parse_base_url("https://example.org/\rSitemap:https://evil.example/").is_err());
        assert!(parse_base_url("https://example.org/a\tb").is_err());
        assert!(parse_base_url("https://example.org/'x").is_err());
        assert!(parse_base_url("https://user@example.org/").is_err());
    }
}
