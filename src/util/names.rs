//! The names of output files: the page a content source becomes, and the downloads'.

use super::paths::split_fragment;
use super::slug::slugify;
use serde::Serialize;

/// The page that runs the decision tree (`decision.yaml` becomes it).
pub const DECISION_PAGE: &str = "decide.html";
/// The flowchart of the whole tree.
pub const FLOWCHART_PAGE: &str = "decide/flowchart.html";
/// The whole tree as a nested list: the flowchart's text alternative.
pub const LIST_PAGE: &str = "decide/questions.html";

/// The no-JavaScript page of decision node `id`.
pub fn node_page(id: &str) -> String {
    format!("decide/{id}.html")
}

/// The index page of the section in folder `slug`: `causes` → `causes/index.html`.
pub fn section_page(slug: &str) -> String {
    format!("{slug}/index.html")
}

/// `causes/doms.md` → `causes/doms.html`.
pub fn source_to_output(source: &str) -> String {
    match source.strip_suffix(".md") {
        Some(stem) => format!("{stem}.html"),
        None => source.to_string(),
    }
}

/// A content source path as the output path it becomes.
pub fn output_of(source: &str) -> String {
    match source.rsplit_once('/') {
        Some((dir, "_section.yaml")) => section_page(dir),
        _ => source_to_output(source),
    }
}

/// A link from the content root, written as a source (`causes/doms.md#when`,
/// `causes/_section.yaml`, `decision.yaml`), as the site-root-relative page it names
/// (`causes/doms.html#when`). Any other link (`causes/doms.html`) is kept as written.
pub fn output_link(dest: &str) -> String {
    let (path, fragment) = split_fragment(dest);
    let output = if path == "decision.yaml" {
        DECISION_PAGE.to_string()
    } else if path == "guide.yaml" {
        "index.html".to_string()
    } else if path.ends_with(".md") || path.ends_with("/_section.yaml") {
        output_of(path)
    } else {
        path.to_string()
    };
    match fragment {
        Some(f) => format!("{output}#{f}"),
        None => output,
    }
}

/// Stand-ins for the sizes until the downloads exist.
pub const ZIP_SIZE: &str = "BACKGUIDE-ZIP-SIZE";
pub const SINGLE_SIZE: &str = "BACKGUIDE-SINGLE-SIZE";

/// Where the downloads are, site-root-relative, as the templates see them (`site.downloads`).
#[derive(Debug, Serialize)]
pub struct DownloadLinks {
    pub zip: String,
    pub zip_size: &'static str,
    pub single: String,
    pub single_size: &'static str,
}

/// The longest download name stem, in bytes: a title of any length gives a name that fits.
const MAX_SLUG: usize = 60;

/// The file name stem of the downloads, from the guide's title: `back-pain-after-working-out`.
/// A long title is cut at the last whole word that fits, so it never makes a file name too long.
pub fn download_slug(content_title: &str) -> String {
    let mut slug = slugify(content_title);
    if slug.len() > MAX_SLUG {
        let mut end = MAX_SLUG;
        while !slug.is_char_boundary(end) {
            end -= 1;
        }
        // Cut before the hyphen that ends the last whole word (the slug never starts with one).
        let cut = if slug[end..].starts_with('-') {
            end
        } else {
            slug[..end].rfind('-').unwrap_or(end)
        };
        slug.truncate(cut);
    }
    slug
}

/// The downloads' paths, with stand-ins for their sizes.
pub fn download_links(title: &str) -> DownloadLinks {
    let slug = download_slug(title);
    DownloadLinks {
        zip: format!("downloads/{slug}-offline.zip"),
        zip_size: ZIP_SIZE,
        single: format!("downloads/{slug}.html"),
        single_size: SINGLE_SIZE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_title_gives_a_short_slug_cut_at_a_word() {
        assert_eq!(
            download_slug("Back pain after working out"),
            "back-pain-after-working-out"
        );
        let long = download_slug(&"Back pain ".repeat(40));
        assert_eq!(long, "back-pain-".repeat(6).trim_end_matches('-'));
        let greek = download_slug(&"πόνος ".repeat(40));
        assert!(
            greek.len() <= MAX_SLUG && greek.ends_with("πόνος"),
            "{greek}"
        );
        let one_word = download_slug(&"a".repeat(100));
        assert_eq!(one_word.len(), MAX_SLUG);
    }

    #[test]
    fn downloads_are_named_after_the_guide() {
        let links = download_links("Back pain after a workout");
        assert_eq!(links.zip, "downloads/back-pain-after-a-workout-offline.zip");
        assert_eq!(links.single, "downloads/back-pain-after-a-workout.html");
    }
}
