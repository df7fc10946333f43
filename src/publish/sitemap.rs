//! The entries of `sitemap.xml`: every reading page, absolute under the base URL.

use serde::Serialize;

/// One `<url>` of the sitemap.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Url {
    pub loc: String,
}

/// The sitemap entries for `pages` (output paths), sorted, leaving out the server's own pages
/// (404.html) and the downloads. `base` ends with `/` and may have a sub-path, such as
/// `https://user.github.io/repo/`; entries name their file, like every link in the site.
pub fn urls(base: &str, pages: &[&str]) -> Vec<Url> {
    let mut urls: Vec<Url> = pages
        .iter()
        .filter(|p| p.ends_with(".html"))
        .filter(|p| !super::SERVER_FILES.contains(p) && !p.starts_with("downloads/"))
        .map(|p| Url {
            loc: format!("{base}{p}"),
        })
        .collect();
    urls.sort();
    urls.dedup();
    urls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_sorted_absolute_and_leave_out_server_pages() {
        let urls = urls(
            "https://example.org/guide/",
            &[
                "recovery/rest.html",
                "404.html",
                "index.html",
                "style.css",
                "downloads/guide.html",
                "causes/doms.html",
            ],
        );
        let locs: Vec<&str> = urls.iter().map(|u| u.loc.as_str()).collect();
        assert_eq!(
            locs,
            [
                "https://example.org/guide/causes/doms.html",
                "https://example.org/guide/index.html",
                "https://example.org/guide/recovery/rest.html",
            ]
        );
    }
}
