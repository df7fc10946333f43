//! The Content-Type of a served file, by its extension.

/// The MIME type for `path`; text types carry `charset=utf-8` because the build writes UTF-8.
pub fn for_path(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "zip" => "application/zip",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::for_path;

    #[test]
    fn common_types() {
        assert_eq!(for_path("index.html"), "text/html; charset=utf-8");
        assert_eq!(for_path("style.css"), "text/css; charset=utf-8");
        assert_eq!(
            for_path("search/index.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(for_path("timeline.SVG"), "image/svg+xml");
        assert_eq!(for_path("data.json"), "application/json");
        assert_eq!(for_path("sitemap.xml"), "application/xml");
        assert_eq!(for_path("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(for_path("downloads/guide-offline.zip"), "application/zip");
        assert_eq!(for_path(".nojekyll"), "application/octet-stream");
        assert_eq!(for_path("LICENSE"), "application/octet-stream");
    }
}
