//! The offline downloads: `downloads/<slug>-offline.zip` (the whole site) and
//! `downloads/<slug>.html` (the whole guide as one self-contained page).
//!
//! This is the build's last stage, because the zip holds every other file. The home and about
//! pages link to both downloads and give their sizes, which are known only once the downloads
//! are made. So the templates render the links between two marker comments, with placeholder
//! sizes (`partials/downloads.html`), and:
//! 1. while the site is written, `Pending::emit` holds back the pages with the marked block;
//! 2. the downloads are made from the files written so far, reading each back in turn, with the
//!    marked block cut out of the held pages (a copy has no downloads folder, so it must not
//!    link to one);
//! 3. the held pages are written with the real sizes, and the markers dropped.
//!
//! Both downloads are written a batch of files at a time, so a large guide is never in memory
//! whole. Every step is a pure function of the files, so the output stays deterministic.

mod archive;
pub mod html;
mod single;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::{lock, Output};
use crate::pages::{Kind, Pages};
use crate::render::SiteContext;
use crate::search::SearchIndex;
use crate::util::find::holds;
use crate::util::names::{download_links, SINGLE_SIZE, ZIP_SIZE};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Mutex;
use tera::Tera;

/// Written by `partials/downloads.html` around the download links.
pub const BLOCK_START: &str = "<!--downloads-->";
pub const BLOCK_END: &str = "<!--/downloads-->";
/// What the downloads need of the page table, so the content model can be dropped before they
/// are made: the guide's title, its reading order, and the decision pages' order.
#[derive(Debug)]
pub struct Outline {
    pub title: String,
    pub sections: Vec<SectionOutline>,
    /// The decision pages' output paths in the table's order: decide.html, each node's page as
    /// the tree writes them (the start question first), the flowchart, the list.
    pub decision: Vec<String>,
}

#[derive(Debug)]
pub struct SectionOutline {
    /// `causes/index.html`
    pub index: String,
    /// The topics' output paths, in reading order.
    pub topics: Vec<String>,
}

impl Outline {
    pub fn of(pages: &Pages) -> Outline {
        let mut sections: Vec<SectionOutline> = Vec::new();
        for page in pages.iter() {
            match page.kind {
                Kind::Section(_) => sections.push(SectionOutline {
                    index: page.output.clone(),
                    topics: Vec::new(),
                }),
                Kind::Topic { .. } => {
                    if let Some(section) = sections.last_mut() {
                        section.topics.push(page.output.clone());
                    }
                }
                _ => {}
            }
        }
        Outline {
            title: pages.home().title.clone(),
            sections,
            decision: (pages.iter())
                .filter(|p| p.kind.is_decision())
                .map(|p| p.output.clone())
                .collect(),
        }
    }
}

/// Every file of the site goes out through `emit`, which notes what the downloads will need:
/// the pages with the download links, held back until the sizes are known, and each page's
/// title and scripts (so the single file need not read every page twice).
#[derive(Debug, Default)]
pub struct Pending {
    /// Each held page as rendered, and without its download block (as the downloads hold it).
    held: Mutex<BTreeMap<String, Held>>,
    notes: Mutex<BTreeMap<String, PageNote>>,
}

#[derive(Debug, Clone)]
struct Held {
    page: String,
    cut: String,
}

/// A file as [`Pending::emit_page`] wrote it, and what it noted of it.
#[derive(Debug, Clone)]
pub struct WrittenFile {
    bytes: std::sync::Arc<Vec<u8>>,
    note: Option<PageNote>,
}

/// What the single file needs to know of a page before it writes any.
#[derive(Debug, Clone)]
pub struct PageNote {
    /// The page's title for the contents, or why it cannot be included.
    pub title: Result<String, Diagnostic>,
    /// Scripts the page loads of its own: the page keeps its ids and its scripts come inline.
    pub scripts: Vec<String>,
    /// The inline scripts and styles of the page's `<main>`, which the single file's
    /// Content-Security-Policy must allow.
    pub main_inline: crate::publish::csp::Inline,
}

impl Pending {
    /// A copy of what has been noted and held so far, for a build that starts from this one's
    /// files (`serve`, patching the site after an edit).
    pub fn copy(&self) -> Pending {
        Pending {
            held: Mutex::new(lock(&self.held).clone()),
            notes: Mutex::new(lock(&self.notes).clone()),
        }
    }

    /// Write one file of the site into `output`, or hold it back. Safe from many threads.
    pub fn emit(&self, output: &Output, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.emit_page(output, path, bytes).map(|_| ())
    }

    /// [`Pending::emit`], returning the file as written, with what was noted of it, unless it
    /// was held back: `serve` writes it again with [`Pending::emit_again`] when nothing it was
    /// made from has changed.
    pub fn emit_page(
        &self,
        output: &Output,
        path: &str,
        bytes: Vec<u8>,
    ) -> Result<Option<WrittenFile>, Diagnostic> {
        let mut note = None;
        if path.ends_with(".html") {
            if let Ok(text) = std::str::from_utf8(&bytes) {
                note = Some(PageNote {
                    title: single::page_title(text, path),
                    scripts: single::head_scripts(text, path),
                    main_inline: single::main_inline(text),
                });
                // memchr's searches: each page is looked through three times here.
                if holds(text, BLOCK_START) {
                    // Cut now, so a broken block is reported before the downloads are made.
                    let cut = without_block(text)
                        .map_err(|e| Diagnostic::new("templates/", e))?
                        .into_owned();
                    if let Some(note) = note {
                        lock(&self.notes).insert(path.to_string(), note);
                    }
                    let page = String::from_utf8(bytes).unwrap_or_default();
                    lock(&self.held).insert(path.to_string(), Held { page, cut });
                    return Ok(None);
                }
                if holds(text, ZIP_SIZE) || holds(text, SINGLE_SIZE) {
                    return Err(Diagnostic::new("templates/", placeholder_outside()));
                }
            }
        }
        let file = WrittenFile {
            bytes: std::sync::Arc::new(bytes),
            note,
        };
        self.emit_again(output, path, &file)?;
        Ok(Some(file))
    }

    /// Write again a file that [`Pending::emit_page`] wrote in an earlier build.
    pub fn emit_again(
        &self,
        output: &Output,
        path: &str,
        file: &WrittenFile,
    ) -> Result<(), Diagnostic> {
        if let Some(note) = &file.note {
            lock(&self.notes).insert(path.to_string(), note.clone());
        }
        output.put_shared(path, file.bytes.clone())
    }

    /// The pages held back so far.
    pub fn held_paths(&self) -> Vec<String> {
        lock(&self.held).keys().cloned().collect()
    }

    /// The held pages as they would be with downloads of `sizes`: for `serve`, which shows the
    /// last build's sizes while it makes the new downloads.
    pub fn held_pages_with(&self, sizes: &DownloadSizes) -> Vec<(String, Vec<u8>)> {
        lock(&self.held)
            .iter()
            .map(|(path, held)| (path.clone(), sizes.fill(&held.page).into_bytes()))
            .collect()
    }

    /// Make both downloads from the files written so far, then write the held pages with the
    /// downloads' sizes, which it returns. The build's last stage: the zip holds every other file.
    pub fn write_downloads(
        self,
        outline: &Outline,
        search: &SearchIndex,
        tera: &Tera,
        site: &SiteContext,
        output: &Output,
    ) -> Result<DownloadSizes, Diagnostics> {
        let held = self.held.into_inner().unwrap_or_else(|e| e.into_inner());
        let notes = self.notes.into_inner().unwrap_or_else(|e| e.into_inner());
        let written = output.paths();
        if let Some(path) = written.iter().find(|p| p.starts_with("downloads/")) {
            return Err(crate::publish::clash(path).into());
        }
        let links = download_links(&outline.title);

        // The reading copy: every file but the web server's, with the download blocks cut out
        // (a copy has no downloads folder, so it must not link to one).
        let mut cut = BTreeMap::new();
        let mut pages = Vec::new();
        for (path, held) in held {
            cut.insert(path.clone(), held.cut);
            pages.push((path, held.page));
        }
        let mut paths: Vec<String> = written
            .into_iter()
            .chain(cut.keys().cloned())
            .filter(|p| !crate::publish::SERVER_FILES.contains(&p.as_str()))
            .collect();
        paths.sort();
        paths.dedup();
        let reading = Reading { paths, cut, output };

        // Side by side: each keeps a core busy while the other writes out its batch.
        let (zip_size, single_size) = rayon::join(
            || -> Result<u64, Diagnostics> {
                let file = output.create(&links.zip)?;
                let paths: Vec<&str> = reading.paths().collect();
                let file =
                    archive::write_zip(file, &paths, |p| reading.read(p)).map_err(|e| match e {
                        archive::ZipError::Read(d) => d,
                        archive::ZipError::Write(e) => {
                            Diagnostic::new(&links.zip, format!("cannot make the zip: {e}"))
                        }
                    })?;
                Ok(file.finish()?)
            },
            || -> Result<u64, Diagnostics> {
                let mut file = output.create(&links.single)?;
                single::single_file(outline, search, tera, site, &reading, &notes, &mut file)?;
                Ok(file.finish()?)
            },
        );
        let (zip_size, single_size) = (zip_size?, single_size?);

        let sizes = DownloadSizes {
            zip: human_size(zip_size),
            single: human_size(single_size),
        };
        for (path, text) in pages {
            output.put(&path, sizes.fill(&text).as_bytes())?;
        }
        Ok(sizes)
    }
}

/// The downloads' sizes as the pages that link to them say them, e.g. `343 KB`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadSizes {
    pub zip: String,
    pub single: String,
}

impl DownloadSizes {
    /// A held page as it is published: the block's markers gone, the sizes filled in.
    fn fill(&self, page: &str) -> String {
        page.replace(BLOCK_START, "")
            .replace(BLOCK_END, "")
            .replace(ZIP_SIZE, &self.zip)
            .replace(SINGLE_SIZE, &self.single)
    }
}

/// The site as the downloads hold it: the files written so far, and the held pages with their
/// download blocks cut out.
pub struct Reading<'a> {
    /// Sorted.
    paths: Vec<String>,
    cut: BTreeMap<String, String>,
    output: &'a Output,
}

impl Reading<'_> {
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.paths.iter().map(String::as_str)
    }

    pub fn read(&self, path: &str) -> Result<Vec<u8>, Diagnostic> {
        match self.cut.get(path) {
            Some(text) => Ok(text.clone().into_bytes()),
            None => self.output.read(path),
        }
    }
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
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
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
}
