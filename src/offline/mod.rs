//! The offline downloads: `downloads/<slug>-offline.zip` (the whole site) and
//! `downloads/<slug>.html` (the whole guide as one self-contained page).
//!
//! This is the build's last stage, because the zip holds every other file. The home and about
//! pages link to both downloads and give their sizes, which are known only once the downloads
//! are made. So the templates render the links between two marker comments, with placeholder
//! sizes (`partials/downloads.html`), and this stage:
//! 1. makes a reading copy of the site with the marked block cut out (a copy has no downloads
//!    folder, so it must not link to one);
//! 2. zips the reading copy and builds the single file from it;
//! 3. puts the real sizes into the site's own pages and drops the markers.
//!
//! Every step is a pure function of the files, so the output stays deterministic.

mod archive;
pub mod html;
mod single;

pub use archive::zip_files;
pub use single::single_file;

use crate::content::Content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::search::{Document, Terms};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use tera::Tera;

/// Written by `partials/downloads.html` around the download links.
pub const BLOCK_START: &str = "<!--downloads-->";
pub const BLOCK_END: &str = "<!--/downloads-->";
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

/// The file name stem of the downloads, from the guide's title: `back-pain-after-working-out`.
pub fn slug(content_title: &str) -> String {
    crate::markdown::slugify(content_title)
}

pub fn download_links(title: &str) -> DownloadLinks {
    let slug = slug(title);
    DownloadLinks {
        zip: format!("downloads/{slug}-offline.zip"),
        zip_size: ZIP_SIZE,
        single: format!("downloads/{slug}.html"),
        single_size: SINGLE_SIZE,
    }
}

/// Make both downloads from `files` (every other output file) and add them, then fill in the
/// sizes on the pages that link to them.
pub fn add_downloads(
    content: &Content,
    docs: &[Document],
    terms: &Terms,
    tera: &Tera,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), Diagnostics> {
    if let Some(path) = files.keys().find(|p| p.starts_with("downloads/")) {
        return Err(crate::publish::clash(path).into());
    }
    let links = download_links(&content.guide.title);

    // Borrowed from `files` except the few pages that have a download block to cut: a copy of
    // every file would be a second copy of the whole site.
    let mut reading: BTreeMap<&str, Cow<[u8]>> = BTreeMap::new();
    for (path, bytes) in files.iter() {
        if crate::publish::SERVER_FILES.contains(&path.as_str()) {
            continue;
        }
        let bytes = match std::str::from_utf8(bytes) {
            Ok(text) if path.ends_with(".html") => {
                match without_block(text)
                    .map_err(|e| Diagnostics::from(Diagnostic::new("templates/", e)))?
                {
                    Cow::Borrowed(_) => Cow::Borrowed(bytes.as_slice()),
                    Cow::Owned(cut) => Cow::Owned(cut.into_bytes()),
                }
            }
            _ => Cow::Borrowed(bytes.as_slice()),
        };
        reading.insert(path, bytes);
    }

    // The two downloads do not depend on each other: make them side by side.
    let (zip, single) = rayon::join(
        || zip_files(&reading.iter().map(|(p, b)| (*p, b.as_ref())).collect()),
        || single_file(content, docs, terms, tera, &reading),
    );
    let zip = zip.map_err(|e| Diagnostic::new(&links.zip, format!("cannot make the zip: {e}")))?;
    let single = single?;
    let sizes = [
        (ZIP_SIZE, human_size(zip.len())),
        (SINGLE_SIZE, human_size(single.len())),
    ];

    for bytes in files.values_mut() {
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        if text.contains(BLOCK_START) {
            let mut text = text.replace(BLOCK_START, "").replace(BLOCK_END, "");
            for (placeholder, size) in &sizes {
                text = text.replace(placeholder, size);
            }
            *bytes = text.into_bytes();
        }
    }
    files.insert(links.zip, zip);
    files.insert(links.single, single.into_bytes());
    Ok(())
}

/// `text` with every marked download block cut out. A size placeholder left outside a block
/// means the template moved the links out of it, which would break the offline copies.
fn without_block(text: &str) -> Result<Cow<'_, str>, String> {
    if !text.contains(BLOCK_START) {
        if text.contains(ZIP_SIZE) || text.contains(SINGLE_SIZE) {
            return Err(placeholder_outside());
        }
        return Ok(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(BLOCK_START) {
        let end = rest[start..]
            .find(BLOCK_END)
            .map(|e| start + e + BLOCK_END.len())
            .ok_or_else(|| format!("{BLOCK_START} without {BLOCK_END}"))?;
        out.push_str(&rest[..start]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    if out.contains(ZIP_SIZE) || out.contains(SINGLE_SIZE) {
        return Err(placeholder_outside());
    }
    Ok(Cow::Owned(out))
}

fn placeholder_outside() -> String {
    format!(
        "the download sizes (site.downloads) must be used between {BLOCK_START} and {BLOCK_END}, as in partials/downloads.html"
    )
}

/// A size as readers say it: `830 bytes`, `120 KB`, `1.4 MB` (1 KB = 1024 bytes).
pub fn human_size(bytes: usize) -> String {
    const KB: usize = 1024;
    if bytes < KB {
        format!("{bytes} bytes")
    } else if bytes < KB * KB {
        format!("{} KB", (bytes + KB / 2) / KB)
    } else {
        format!("{:.1} MB", bytes as f64 / (KB * KB) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(830), "830 bytes");
        assert_eq!(human_size(122_880), "120 KB");
        assert_eq!(human_size(1_468_006), "1.4 MB");
    }

    #[test]
    fn the_block_is_cut_out_and_stray_placeholders_are_errors() {
        let page = format!("a{BLOCK_START}<a>{ZIP_SIZE}</a>{BLOCK_END}b");
        assert_eq!(without_block(&page).unwrap(), "ab");
        assert!(without_block(&format!("a {ZIP_SIZE}")).is_err());
        assert!(without_block(&format!("a {BLOCK_START} b")).is_err());
    }

    #[test]
    fn downloads_are_named_after_the_guide() {
        let links = download_links("Back pain after a workout");
        assert_eq!(links.zip, "downloads/back-pain-after-a-workout-offline.zip");
        assert_eq!(links.single, "downloads/back-pain-after-a-workout.html");
    }
}
