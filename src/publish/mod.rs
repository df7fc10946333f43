//! Publishing on the web: the base URL, and the files a web host wants beside the pages
//! (`.nojekyll`, `robots.txt`, `sitemap.xml`), each page's Content-Security-Policy (`csp`), and
//! the service worker that keeps the hosted site readable offline (`worker`). The base URL is
//! checked by `util::url`; each page's schema.org JSON-LD is written as it renders
//! (`render::jsonld`).
//!
//! The base URL is used only where an absolute URL is required: the sitemap, `<link
//! rel="canonical">`, Open Graph tags, JSON-LD and the 404 page (which GitHub Pages serves at any
//! depth, so relative links cannot work there). Every other link stays relative.

pub mod csp;
pub mod css;
pub mod html;
pub mod js;
pub mod sitemap;
pub mod worker;

use crate::content::GuideSettings;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::template_error;
use crate::render::SiteContext;
use crate::util::url::with_trailing_slash;
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

/// Let `--base-url` win over `base_url` in guide.yaml, and end either with `/`.
pub fn apply_base_url(guide: &mut GuideSettings, from_command_line: Option<&str>) {
    if let Some(url) = from_command_line {
        guide.base_url = Some(url.to_string());
    }
    guide.base_url = guide.base_url.as_deref().map(with_trailing_slash);
}

/// `.nojekyll`, `robots.txt` and, with a base URL, `sitemap.xml`. `pages` are the output paths
/// of the site's HTML pages; `site` is `render::site_context`, which the sitemap reads.
pub fn server_files(
    guide: &GuideSettings,
    pages: &[&str],
    tera: &Tera,
    site: &SiteContext,
) -> Result<BTreeMap<String, Vec<u8>>, Diagnostics> {
    let mut files = BTreeMap::new();
    // GitHub Pages would otherwise run Jekyll, which hides files and folders starting with `_`.
    files.insert(".nojekyll".to_string(), Vec::new());
    let render = |name: &str, ctx: &Context| {
        tera.render(name, ctx)
            .map_err(|e| Diagnostics::from(template_error(&e)))
    };
    let mut ctx = Context::new();
    site.insert_into(&mut ctx);
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
