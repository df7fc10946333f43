//! Publishing on the web: the base URL, and the files a web host wants beside the pages
//! (`.nojekyll`, `robots.txt`, `sitemap.xml`) plus each page's schema.org JSON-LD, and the
//! service worker that keeps the hosted site readable offline (`worker`).
//!
//! The base URL is used only where an absolute URL is required: the sitemap, `<link
//! rel="canonical">`, Open Graph tags, JSON-LD and the 404 page (which GitHub Pages serves at any
//! depth, so relative links cannot work there). Every other link stays relative.

pub mod csp;
pub mod css;
pub mod html;
pub mod js;
pub mod jsonld;
pub mod sitemap;
pub mod worker;

use crate::content::GuideSettings;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::template_error;
use std::collections::BTreeMap;
use tera::{Context, Tera};

/// The pages that are not part of the guide's reading and stay out of the sitemap and the
/// offline copy: a web server's files, not a reader's.
pub const SERVER_FILES: &[&str] = &[".nojekyll", "404.html", "robots.txt", "sitemap.xml"];

/// A file of static/ as it is published: stylesheets minified and scripts shrunk (pages load
/// them; see `css` and `js`), the rest as written. A file that is not UTF-8 is published as it is.
pub fn published_static(path: &str, bytes: Vec<u8>) -> Vec<u8> {
    let css = path.ends_with(".css");
    if !css && !path.ends_with(".js") {
        return bytes;
    }
    match String::from_utf8(bytes) {
        Ok(text) if css => css::minify(&text).into_bytes(),
        Ok(text) => match js::shrink(&text) {
            Some(js) => js.into_bytes(),
            None => text.into_bytes(),
        },
        Err(e) => e.into_bytes(),
    }
}

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

fn with_trailing_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// Let `--base-url` win over `base_url` in guide.yaml, and end either with `/`.
pub fn apply_base_url(guide: &mut GuideSettings, from_command_line: Option<&str>) {
    if let Some(url) = from_command_line {
        guide.base_url = Some(url.to_string());
    }
    guide.base_url = guide.base_url.as_deref().map(with_trailing_slash);
}

/// `en-GB` → `en_GB`, the form Open Graph wants.
pub fn og_locale(language: &str) -> String {
    language.replace('-', "_")
}

/// The prefix for links on the 404 page. GitHub Pages serves it for a missing page at any depth,
/// so with a base URL its links are absolute; without one they are relative to the site root and
/// work only there (the page says so).
pub fn not_found_root(base_url: Option<&str>) -> String {
    base_url.unwrap_or("").to_string()
}

/// The template function `medical_jsonld(page=page, site=site)`: the page's schema.org JSON-LD,
/// already safe inside `<script type="application/ld+json">` (write it with `| safe`). A function
/// rather than a page field, so every page gets it, whichever module renders the page.
pub fn register_functions(tera: &mut Tera) {
    tera.register_function(
        "medical_jsonld",
        |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let args: jsonld::Args = kwargs.deserialize()?;
            Ok(jsonld::medical_web_page(&args.site, &args.page))
        },
    );
}

/// `.nojekyll`, `robots.txt` and, with a base URL, `sitemap.xml`. `pages` are the output paths
/// of the site's HTML pages. Call after `render_site`, whose `site` global the templates use.
pub fn server_files(
    guide: &GuideSettings,
    pages: &[&str],
    tera: &Tera,
) -> Result<BTreeMap<String, Vec<u8>>, Diagnostics> {
    let mut files = BTreeMap::new();
    // GitHub Pages would otherwise run Jekyll, which hides files and folders starting with `_`.
    files.insert(".nojekyll".to_string(), Vec::new());
    let render = |name: &str, ctx: &Context| {
        tera.render(name, ctx)
            .map_err(|e| Diagnostics::from(template_error(&e)))
    };
    let mut ctx = Context::new();
    let urls = guide
        .base_url
        .as_deref()
        .map(|base| sitemap::urls(base, pages))
        .unwrap_or_default();
    ctx.insert(
        "sitemap_url",
        &guide.base_url.as_ref().map(|b| format!("{b}sitemap.xml")),
    );
    files.insert(
        "robots.txt".into(),
        render("robots.txt", &ctx)?.into_bytes(),
    );
    if guide.base_url.is_some() {
        ctx.insert("urls", &urls);
        let xml = render("sitemap.xml", &ctx)?;
        files.insert("sitemap.xml".into(), xml.into_bytes());
    }
    Ok(files)
}

/// A generated file whose path a static file also uses.
pub fn clash(path: &str) -> Diagnostic {
    Diagnostic::new(
        format!("static/{path}"),
        "this file has the same path as a file the build generates; rename it",
    )
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

    #[test]
    fn open_graph_locale_uses_an_underscore() {
        assert_eq!(og_locale("en-GB"), "en_GB");
        assert_eq!(og_locale("fr"), "fr");
    }
}
