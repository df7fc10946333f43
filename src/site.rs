//! The build pipeline: load → page table → check → render → (write). `check` runs every stage but the last.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::pages::{Kind, Pages};
use crate::search::{self, SearchIndex};
use crate::util::memo::{Key, Keyer, Memo};
use crate::{check, content, decision, offline, publish, render, review, theme};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Every output file of a site, by output-relative path, each shared with the build that may
/// reuse it.
pub type SharedFiles = BTreeMap<String, Arc<Vec<u8>>>;

/// A built site held in memory: every output file, by output-relative path.
#[derive(Debug)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

/// What a build wrote.
#[derive(Debug)]
pub struct Built {
    pub pages: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Choices made on the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Overrides `base_url` in guide.yaml; already checked by `util::url::parse_base_url`.
    pub base_url: Option<String>,
    /// The date overdue reviews are judged against; `None` skips that warning. Only warnings
    /// depend on it, never the files built.
    pub today: Option<time::Date>,
}

/// Build the site in memory, with the settings of guide.yaml.
pub fn build_site(root: &Path) -> Result<Site, Diagnostics> {
    build_site_with(root, &BuildOptions::default())
}

/// Build the site in memory (for `check` and tests).
pub fn build_site_with(root: &Path, options: &BuildOptions) -> Result<Site, Diagnostics> {
    build_in_memory(root, options, Worker::Include)
}

/// Every stage of a build, for `check`: into a staging folder in the system's temporary folder,
/// deleted afterwards, so that `check` holds no more of the site in memory than `build` does
/// (held in memory, the pages and downloads of a 10,000-topic guide took twice `build`'s peak).
/// Falls back to memory where no temporary folder can be made.
pub fn check_site(root: &Path, options: &BuildOptions) -> Result<Built, Diagnostics> {
    let place = std::env::temp_dir().join(format!("backguide-check-{}", std::process::id()));
    if std::fs::create_dir(&place).is_err() {
        let site = build_site_with(root, options)?;
        return Ok(Built {
            pages: site.pages,
            files: site.files.len(),
            warnings: site.warnings,
        });
    }
    let built = Output::staging(&place.join("site")).and_then(|output| {
        // Dropped without being swapped in: the staging folder is deleted with it.
        build_stages(root, options, &output, Worker::Include)
    });
    // Only the empty folder made above is left; remove_dir never removes anything else.
    let _ = std::fs::remove_dir(&place);
    built
}

/// Build the site in memory for `serve`: without the service worker, whose saved pages would
/// hide each edit from the page that live reload reloads.
pub fn build_site_for_serve(root: &Path) -> Result<Site, Diagnostics> {
    build_in_memory(root, &BuildOptions::default(), Worker::Leave)
}

/// A build for `serve` whose downloads are still to be made, so that the pages can be served
/// (and open pages reloaded) first. [`ServeBuild::finish`] makes them: the files are then those
/// of [`build_site_for_serve`], byte for byte.
pub struct ServeBuild {
    output: Output,
    later: Later,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    /// What the next build after an edit may start from.
    pub base: Arc<Base>,
    /// How many pages were made again, when the build patched the last one.
    pub patched: Option<usize>,
}

/// What `serve` keeps from one build for the next, so that a build after an edit does again
/// only the work whose inputs changed: each page parsed, the glossary terms and plain text of
/// each Markdown text, and each page written, by the key of what it was made from
/// (`util::memo`). The files are those a build from scratch would make, byte for byte.
#[derive(Default)]
pub struct Memos {
    pages: content::PageMemo,
    terms: check::TermsMemo,
    texts: search::TextMemo,
    files: Memo<offline::WrittenFile>,
}

impl Memos {
    /// Forget what the last build did not use. The texts are forgotten when the search index
    /// is made, after the pages.
    fn sweep(&self) {
        self.pages.sweep();
        self.terms.sweep();
        self.files.sweep();
    }
}

/// A good build of `serve` as its pages were published, before the search index and the
/// downloads: its model, its templates, and every file made so far. A build after an edit
/// that changed only some topics' text starts from it ([`patch_pages_for_serve`]).
pub struct Base {
    model: Arc<Model>,
    files: SharedFiles,
    pending: offline::Pending,
    outline: Arc<offline::Outline>,
    synonyms: Arc<Vec<content::SearchTerm>>,
    tera: Arc<tera::Tera>,
    site: Arc<render::SiteContext>,
    templates: Key,
    pages: usize,
    warnings: Vec<Diagnostic>,
}

impl ServeBuild {
    /// A build whose pages are all in `output` and whose model is in `later`.
    fn new(output: Output, later: Later, pages: usize, warnings: Vec<Diagnostic>) -> ServeBuild {
        let Search::ToMake { model, synonyms } = &later.search else {
            unreachable!("serve makes the search index after the pages");
        };
        let base = Arc::new(Base {
            model: model.clone(),
            files: output.shared_files(),
            pending: later.pending.copy(),
            outline: later.outline.clone(),
            synonyms: synonyms.clone(),
            tera: later.tera.clone(),
            site: later.site.clone(),
            templates: later.templates,
            pages,
            warnings: warnings.clone(),
        });
        ServeBuild {
            output,
            later,
            pages,
            warnings,
            base,
            patched: None,
        }
    }
}

/// Every stage of [`build_site_for_serve`] but the search index and the downloads, reusing
/// and refilling `memos`.
pub fn build_pages_for_serve(root: &Path, memos: &Memos) -> Result<ServeBuild, Diagnostics> {
    let output = Output::memory();
    let (later, pages, warnings) =
        build_pages(root, &BuildOptions::default(), &output, Some(memos))?;
    memos.sweep();
    Ok(ServeBuild::new(output, later, pages, warnings))
}

/// [`build_pages_for_serve`] after an edit of the topics at `changed` (root-relative paths,
/// `content/causes/doms.md`), starting from `base`, when the edit changed only those topics'
/// text or titles: when each is still a topic that parses with no warning, its own checks are
/// silent now as they were, and its face (`check::TopicFace`: all that other pages and the
/// checks read of it) is as it was, or differs only in its title and summary. Then only the
/// pages that show what changed are made again: the topic's own page and, for a new title, the
/// pages that show it (`render::readers_of`) and the decision pages. The search index and
/// downloads follow from the new model as after any build. `None` when the edit may have
/// changed more: a full build is needed (and says what is wrong, if anything is).
pub fn patch_pages_for_serve(
    root: &Path,
    base: &Base,
    changed: &[String],
    memos: &Memos,
) -> Option<ServeBuild> {
    let mut timings = crate::timings::Timings::from_env();
    let old = &base.model;
    let mut content = old.content.clone();
    let mut pages: Option<Pages> = None;
    let mut positions = std::collections::BTreeSet::new();
    let mut retitled = Vec::new();
    let faces = check::Faces::new(&old.content, &old.checked.index, &memos.terms);
    for path in changed
        .iter()
        .filter(|p| !is_passing_scratch(root, base, p))
    {
        let source = path.strip_prefix("content/")?;
        let position = old.pages.position_by_source(source)?;
        let entry = old.pages.at(position);
        let Kind::Topic { section, topic } = entry.kind else {
            return None;
        };
        let folder = &content.sections[section];
        let (page, warnings) =
            content::reload_topic(root, source, &folder.slug, folder.kind, &memos.pages)?.ok()?;
        let file = page.file().to_string();
        let (old_face, old_checks) = faces.of(&content, entry)?;
        content.sections[section].topics[topic] = page;
        let (new_face, new_checks) = faces.of(&content, entry)?;
        let quiet = warnings.is_empty()
            && old_checks.is_empty()
            && new_checks.is_empty()
            && !base.warnings.iter().any(|w| w.file == file);
        if !quiet || !new_face.same_apart_from_titles(&old_face) {
            return None;
        }
        if new_face != old_face {
            let table = pages.get_or_insert_with(|| Pages::clone(&old.pages));
            table.remake_topic(position, &content.sections[section].topics[topic]);
            retitled.push(position);
        }
        positions.insert(position);
    }
    if positions.is_empty() {
        return None;
    }
    let pages = match pages {
        Some(table) => Arc::new(table),
        None => old.pages.clone(),
    };
    if !retitled.is_empty() {
        // Two topics with one title are warned about; the warnings must stay as they were.
        let warned = |content: &content::Content| check::topic_warnings(content).warnings;
        if warned(&content) != warned(&old.content) {
            return None;
        }
        // `site`, which every page reads, names the sections, not the topics; check it.
        if render::site_context(&content, &pages).key != base.site.key {
            return None;
        }
        for &position in &retitled {
            positions.extend(render::readers_of(&content, &pages, &old.checked, position));
        }
    }
    timings.stage("patch: read and check");
    let output = Output::memory_with(&base.files);
    let pending = base.pending.copy();
    let emitter = Emitter {
        output: &output,
        pending: &pending,
        memos: Some(memos),
    };
    let emit = |path: &str, text: String, key: Option<Key>| emitter.emit(path, text, key);
    let reuse_page = |path: &str, key: &Key| emitter.reuse(path, key);
    let reuse = render::Reuse {
        templates: base.templates,
        page: &reuse_page,
    };
    // A page that no longer renders is reported by a full build.
    render::render_site(
        &content,
        &pages,
        &old.checked,
        &base.tera,
        &base.site,
        &emit,
        Some(&reuse),
        Some(&positions),
    )
    .ok()?;
    if let (false, Some(tree)) = (retitled.is_empty(), old.decision.as_ref()) {
        let made = decision::render::outputs(tree, &pages, &base.tera, &base.site).ok()?;
        for (path, text) in made {
            emit(&path, text, None).ok()?;
        }
    }
    timings.stage("patch: render");
    let model = Model {
        content,
        pages,
        checked: old.checked.clone(),
        decision: old.decision.clone(),
    };
    let later = Later {
        pending,
        outline: base.outline.clone(),
        search: Search::ToMake {
            model: Arc::new(model),
            synonyms: base.synonyms.clone(),
        },
        tera: base.tera.clone(),
        site: base.site.clone(),
        templates: base.templates,
    };
    let mut built = ServeBuild::new(output, later, base.pages, base.warnings.clone());
    built.patched = Some(positions.len());
    Some(built)
}

/// Whether `path` (root-relative) is a file in `content/` that is gone and that the last build
/// did not read: an editor's temporary file, written and renamed over the file being saved in
/// one save (gedit's `.goutputstream-…`, JetBrains' `…___jb_tmp___`). A file the last build read
/// or warned about is never one: its going changes the site or the warnings.
fn is_passing_scratch(root: &Path, base: &Base, path: &str) -> bool {
    let Some(source) = path.strip_prefix("content/") else {
        return false;
    };
    std::fs::symlink_metadata(root.join(path)).is_err()
        && base.model.pages.position_by_source(source).is_none()
        && !content::is_settings_file(path)
        && !base.warnings.iter().any(|w| w.file == path)
}

impl ServeBuild {
    /// Every file made so far, with the pages that link to the downloads saying `sizes` (the
    /// last build's): the site to serve while the downloads are made. It has no downloads/,
    /// and no search index until [`ServeBuild::make_search`].
    pub fn provisional(&self, sizes: &offline::DownloadSizes) -> SharedFiles {
        let mut files = self.output.shared_files();
        let held = self.later.pending.held_pages_with(sizes);
        files.extend(
            held.into_iter()
                .map(|(path, bytes)| (path, Arc::new(bytes))),
        );
        files
    }

    /// Make the search index, if it is still to make (see [`ServeBuild::provisional`]), and
    /// return the warnings that come with it.
    pub fn make_search(&mut self, memos: &Memos) -> Result<Vec<Diagnostic>, Diagnostics> {
        self.later.make_search(&self.output, Some(&memos.texts))
    }

    /// Make the downloads: the whole site, and the downloads' sizes.
    pub fn finish(self) -> Result<(SharedFiles, offline::DownloadSizes), Diagnostics> {
        let (sizes, _) = self.later.write_downloads(&self.output)?;
        Ok((self.output.into_shared_files(), sizes))
    }
}

/// Whether the build writes `sw.js` (`publish::worker`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Worker {
    Include,
    Leave,
}

fn build_in_memory(
    root: &Path,
    options: &BuildOptions,
    worker: Worker,
) -> Result<Site, Diagnostics> {
    let output = Output::memory();
    let built = build_stages(root, options, &output, worker)?;
    Ok(Site {
        files: output.into_files(),
        pages: built.pages,
        warnings: built.warnings,
    })
}

/// Run every stage, writing each file into `output` as soon as it is made. On an error some
/// files may have been written: a folder output is a staging folder, dropped unless swapped in.
pub fn build_into(
    root: &Path,
    options: &BuildOptions,
    output: &Output,
) -> Result<Built, Diagnostics> {
    build_stages(root, options, output, Worker::Include)
}

fn build_stages(
    root: &Path,
    options: &BuildOptions,
    output: &Output,
    worker: Worker,
) -> Result<Built, Diagnostics> {
    let (later, page_count, warnings) = build_pages(root, options, output, None)?;
    let mut timings = crate::timings::Timings::from_env();
    let (_, tera) = later.write_downloads(output)?;
    timings.stage("downloads");
    if worker == Worker::Include {
        // Last: its version covers every file a reader is served, as written.
        let sha256 = |path: &str| output.sha256(path);
        let worker = publish::worker::service_worker(&output.paths(), sha256, &tera)?;
        output.put(publish::worker::PATH, &worker)?;
        timings.stage("worker");
    }
    Ok(Built {
        pages: page_count,
        files: output.len(),
        warnings,
    })
}

/// What the downloads need once every page is written: they are made last, and by `serve`
/// after the pages are served.
struct Later {
    pending: offline::Pending,
    outline: Arc<offline::Outline>,
    search: Search,
    tera: Arc<tera::Tera>,
    site: Arc<render::SiteContext>,
    /// A key of the templates, which each page's key starts from (`serve`).
    templates: Key,
}

/// The search index: made after the pages and written once the content model is gone
/// (`build`), or (by `serve`) made and written after the pages are served, from the model.
enum Search {
    /// Written.
    Made(SearchIndex),
    /// Made, and still to write.
    ToWrite(SearchIndex),
    ToMake {
        model: Arc<Model>,
        synonyms: Arc<Vec<content::SearchTerm>>,
    },
}

/// What [`build_pages`] keeps past the search index's place: a build, the index it made (the
/// checks' results are gone); `serve`, the checks' results, for the next build's model.
enum Kept {
    Index(SearchIndex),
    Checks(check::Checked),
}

/// The content model of one build, which `serve` keeps so that the next build after an edit
/// can start from it ([`patch_pages_for_serve`]).
struct Model {
    content: content::Content,
    pages: Arc<Pages>,
    checked: Arc<check::Checked>,
    decision: Arc<Option<decision::Tree>>,
}

/// The search index's file, from the site root.
pub const SEARCH_INDEX: &str = "search-index.js";

impl Later {
    /// Make the search index and write its file, if they are still to make. Returns the
    /// warnings about content/search.yaml, which need the index. With `texts`, the plain text
    /// of each page's Markdown is remembered, and what the index no longer uses forgotten.
    fn make_search(
        &mut self,
        output: &Output,
        texts: Option<&search::TextMemo>,
    ) -> Result<Vec<Diagnostic>, Diagnostics> {
        let (search, warnings) =
            match std::mem::replace(&mut self.search, Search::Made(SearchIndex::default())) {
                Search::ToMake { model, synonyms } => {
                    let (search, warnings) = search::index_with(
                        &model.content,
                        &model.pages,
                        model.decision.as_ref().as_ref(),
                        texts,
                        &synonyms,
                    );
                    if let Some(texts) = texts {
                        texts.sweep();
                    }
                    (search, warnings.warnings)
                }
                Search::ToWrite(search) => (search, Vec::new()),
                done => {
                    self.search = done;
                    return Ok(Vec::new());
                }
            };
        self.pending
            .emit(output, SEARCH_INDEX, search.js(str::to_string).into_bytes())?;
        self.search = Search::Made(search);
        Ok(warnings)
    }

    /// Returns the downloads' sizes, and the templates (the service worker's is still to come).
    fn write_downloads(
        mut self,
        output: &Output,
    ) -> Result<(offline::DownloadSizes, Arc<tera::Tera>), Diagnostics> {
        self.make_search(output, None)?;
        let Search::Made(search) = &self.search else {
            unreachable!("made just above");
        };
        let sizes =
            self.pending
                .write_downloads(&self.outline, search, &self.tera, &self.site, output)?;
        Ok((sizes, self.tera))
    }
}

/// Where every file of a build goes: into `output` through `pending`, which holds back the
/// pages that link to the downloads. Every generated page loses its template indentation and
/// gets its Content-Security-Policy (whose hashes are of the trimmed inline scripts and styles)
/// on the way out. With `memos` (`serve`), a page with a key is remembered for the next build.
struct Emitter<'a> {
    output: &'a Output,
    pending: &'a offline::Pending,
    memos: Option<&'a Memos>,
}

impl Emitter<'_> {
    fn emit(&self, path: &str, text: String, key: Option<Key>) -> Result<(), Diagnostic> {
        let text = match path.ends_with(".html") {
            true => publish::csp::protect_page(&publish::html::trim(&text))
                .map_err(|e| Diagnostic::new("templates/", format!("{path}: {e}")))?,
            false => text,
        };
        match (self.memos, key) {
            (Some(memos), Some(key)) => {
                if let Some(file) = self
                    .pending
                    .emit_page(self.output, path, text.into_bytes())?
                {
                    memos.files.put(key, file);
                }
                Ok(())
            }
            _ => self.pending.emit(self.output, path, text.into_bytes()),
        }
    }

    /// Write again the page made before from inputs with `key`; false if there is none.
    fn reuse(&self, path: &str, key: &Key) -> Result<bool, Diagnostic> {
        let remembered = self.memos.and_then(|m| m.files.get(key));
        match remembered {
            Some(file) => self
                .pending
                .emit_again(self.output, path, &file)
                .map(|_| true),
            None => Ok(false),
        }
    }
}

/// Free the content model on every core: on one, its 10,000 topics took 22 ms in which the
/// other core had nothing to do.
fn drop_model<T: Send>(mut content: content::Content, rest: T) {
    use rayon::prelude::*;
    let topics: Vec<Arc<content::Page>> = (content.sections.iter_mut())
        .flat_map(|s| std::mem::take(&mut s.topics))
        .collect();
    rayon::join(
        || topics.into_par_iter().with_min_len(256).for_each(drop),
        || drop((content, rest)),
    );
}

/// Every stage but the downloads and the service worker: every page and file is in `output`
/// except the pages that link to the downloads, which wait for their sizes in `Later`.
/// Returns what the downloads need, the number of pages, and the warnings.
fn build_pages(
    root: &Path,
    options: &BuildOptions,
    output: &Output,
    memos: Option<&Memos>,
) -> Result<(Later, usize, Vec<Diagnostic>), Diagnostics> {
    let mut timings = crate::timings::Timings::from_env();
    // Templates and static files are read even when the content has errors, so one run
    // reports every problem (every refused link, in whichever folder).
    let loaded = content::load_with(root, memos.map(|m| &m.pages));
    // The files as read and their YAML trees are freed; what is kept is the model.
    crate::util::memory::release_freed();
    timings.stage("load content");
    let mut templates_key = Keyer::new("templates");
    let (tera, theme_warnings) = match theme::templates(root) {
        Ok((texts, warnings)) => {
            texts.iter().for_each(|(name, text)| {
                templates_key.text(name).text(text);
            });
            (render::load_templates(&texts), warnings)
        }
        Err(diags) => (Err(diags), Vec::new()),
    };
    let statics = theme::statics(root);
    timings.stage("load");
    let (mut content, mut diags) = match loaded {
        Ok(loaded) => loaded,
        Err(mut diags) => {
            for errors in [tera.err(), statics.err()].into_iter().flatten() {
                diags.extend(errors);
            }
            return Err(sorted(diags));
        }
    };
    theme_warnings.into_iter().for_each(|w| diags.warn(w));
    publish::apply_base_url(&mut content.guide, options.base_url.as_deref());
    let tree = decision::load_tree(&content, &mut diags);
    // Every page's output path, title, anchors and place in the reading order, worked out once:
    // the later stages read them here.
    let pages = Pages::new(&content, tree.as_ref());
    check_clashes(&pages, &mut diags);
    timings.stage("page table");
    let (checked, check_diags) = check::check_with(&content, &pages, memos.map(|m| &m.terms));
    timings.stage("check links");
    diags.extend(check_diags);
    diags.extend(search::synonyms::check(&content.search_terms));
    let decision =
        tree.and_then(|tree| decision::prepare(tree, &content, &checked.index, &mut diags));
    check_file_names(&content, &pages, decision.as_ref(), &mut diags);
    let schedule = review::schedule(&content, &mut diags);
    if let Some(today) = options.today {
        review::overdue_warnings(&schedule, today)
            .into_iter()
            .for_each(|w| diags.warn(w));
    }
    let (tera, statics) = match (tera, statics) {
        (Ok(t), Ok(s)) if !diags.has_errors() => (t, s),
        (tera, statics) => {
            for errors in [tera.err(), statics.err()].into_iter().flatten() {
                diags.extend(errors);
            }
            return Err(sorted(diags));
        }
    };
    timings.stage("check");

    // Every file goes out as soon as it is made; `pending` keeps what the downloads need.
    let pending = offline::Pending::default();
    let emitter = Emitter {
        output,
        pending: &pending,
        memos,
    };
    let emit = |path: &str, text: String, key: Option<Key>| emitter.emit(path, text, key);
    let reuse_page = |path: &str, key: &Key| emitter.reuse(path, key);
    let templates_key = templates_key.finish();
    let reuse = memos.map(|_| render::Reuse {
        templates: templates_key,
        page: &reuse_page,
    });
    // What every template reads as `site`, given to each renderer below.
    let site = render::site_context(&content, &pages);
    let mut page_count = render::render_site(
        &content,
        &pages,
        &checked,
        &tera,
        &site,
        &emit,
        reuse.as_ref(),
        None,
    )?;
    timings.stage("render");
    if let Some(tree) = &decision {
        for (path, text) in decision::render::outputs(tree, &pages, &tera, &site)? {
            page_count += usize::from(path.ends_with(".html"));
            emit(&path, text, None)?;
        }
    }
    timings.stage("decision");
    // The search index after the pages, a run of pages at a time, so that no more than a few
    // runs' text is held at once, and never beside the pages' own working memory (which is
    // handed back first). `serve` makes it after the pages are served: no open page shows it.
    let kept = match memos {
        Some(_) => Kept::Checks(checked),
        None => {
            // Only the pages read the checks' results: they go before the index is made.
            drop(checked);
            crate::util::memory::release_freed();
            let (search, search_warnings) = search::index_with(
                &content,
                &pages,
                decision.as_ref(),
                None,
                &content.search_terms,
            );
            diags.extend(search_warnings);
            Kept::Index(search)
        }
    };
    timings.stage("search");
    // Every page written so far, to keep a static file from replacing one.
    let mut written = output.paths();
    written.extend(pending.held_paths());
    written.push(SEARCH_INDEX.to_string());
    written.dedup();
    written.sort();
    // The web server's files (.nojekyll, robots.txt, sitemap.xml) list every page of the table.
    let html: Vec<&str> = pages.iter().map(|p| p.output.as_str()).collect();
    for (path, bytes) in publish::server_files(&content.guide, &html, &tera, &site)? {
        pending.emit(output, &path, bytes)?;
    }
    for (path, bytes) in statics {
        if written.binary_search(&path).is_ok() {
            diags.error(Diagnostic::new(
                format!("static/{path}"),
                "this file has the same path as a generated page; rename it",
            ));
            continue;
        }
        let bytes = publish::published_static(&path, bytes);
        pending.emit(output, &path, bytes)?;
    }
    let diags = sorted(diags);
    if diags.has_errors() {
        return Err(diags);
    }
    // Last: the downloads hold every other file. A build keeps no content model; `serve`
    // keeps it for the search index and the next build.
    let outline = Arc::new(offline::Outline::of(&pages));
    let site = Arc::new(site);
    let search = match kept {
        Kept::Index(search) => {
            drop_model(content, (decision, pages));
            crate::util::memory::release_freed();
            Search::ToWrite(search)
        }
        Kept::Checks(checked) => {
            let synonyms = Arc::new(std::mem::take(&mut content.search_terms));
            let model = Model {
                content,
                pages: Arc::new(pages),
                checked: Arc::new(checked),
                decision: Arc::new(decision),
            };
            Search::ToMake {
                model: Arc::new(model),
                synonyms,
            }
        }
    };
    timings.stage("site");
    let later = Later {
        pending,
        outline,
        search,
        tera: Arc::new(tera),
        site,
        templates: templates_key,
    };
    Ok((later, page_count, diags.warnings))
}

/// The longest file name (one path segment, in bytes) that common file systems allow.
const MAX_FILE_NAME: usize = 255;

/// Names in the content that become file names in the site must fit the file system. Say which
/// file and field made a name too long, instead of failing later on an output path.
fn check_file_names(
    content: &content::Content,
    pages: &Pages,
    tree: Option<&decision::Tree>,
    diags: &mut Diagnostics,
) {
    let too_long = |path: &str| {
        let name = path.rsplit('/').next().unwrap_or(path);
        (name.len() > MAX_FILE_NAME).then(|| {
            format!(
                "makes the file name `{name}`, {} bytes long, and file systems allow at most \
                 {MAX_FILE_NAME}",
                name.len()
            )
        })
    };
    for page in pages.iter() {
        let Some(why) = too_long(&page.output) else {
            continue;
        };
        match (page.kind, tree) {
            (Kind::Topic { section, topic }, _) => diags.error(Diagnostic::new(
                content.sections[section].topics[topic].file(),
                format!("this file's name {why}: shorten the file name"),
            )),
            (Kind::DecisionNode(i), Some(tree)) => diags.error(Diagnostic::at(
                tree.file.as_str(),
                tree.nodes[i].line,
                format!("node id `{}` {why}: choose a shorter id", tree.nodes[i].id),
            )),
            _ => {}
        }
    }
}

/// Two pages the content would write to the same file (a topic `decide/flowchart.md`, say): one
/// would overwrite the other.
fn check_clashes(pages: &Pages, diags: &mut Diagnostics) {
    let name = |page: &crate::pages::Page| match &page.source {
        Some(source) => source.clone(),
        None if page.kind.is_decision() => "decision.yaml".to_string(),
        None => page.output.clone(),
    };
    for (first, later) in pages.clashes() {
        diags.error(Diagnostic::new(
            format!("content/{}", name(later)),
            format!(
                "this page would be written to `{}`, where the page of {} goes; rename one of them",
                later.output,
                name(first)
            ),
        ));
    }
}

fn sorted(mut d: Diagnostics) -> Diagnostics {
    d.sort();
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A copy of tests/fixtures/shins, built once for serve.
    fn served_fixture() -> (tempfile::TempDir, std::path::PathBuf, Memos, ServeBuild) {
        served_fixture_with(|_| {})
    }

    /// Links and a related list between the fixture's sections, so that each topic shows on
    /// pages other than its neighbours and its section's.
    fn cross_links(root: &Path) {
        let edit = |path: &str, from: &str, to: &str| {
            let path = root.join("content").join(path);
            let text = fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{path:?} has `{from}`");
            fs::write(&path, text.replacen(from, to, 1)).unwrap();
        };
        edit("staying-well/build-up-slowly.md", "phase: between\n", "phase: between\nrelated: [why-it-hurts/shin-splints.md, get-help/emergency-signs.md]\n");
        let at_end = |path: &str, text: &str| {
            let path = root.join("content").join(path);
            let mut body = fs::read_to_string(&path).unwrap();
            body.push_str(&format!("\n{text}\n"));
            fs::write(&path, body).unwrap();
        };
        at_end(
            "staying-well/build-up-slowly.md",
            "See [one sore spot](../get-help/one-sore-spot.md).",
        );
        at_end(
            "getting-better/rest-from-running.md",
            "Then [build up slowly](../staying-well/build-up-slowly.md).",
        );
        at_end(
            "sore-or-hurt/where-it-hurts.md",
            "Read about [stress fractures](../why-it-hurts/stress-fracture.md).",
        );
        at_end("about.md", "Start with [rest](getting-better/rest-from-running.md) and [where it hurts](sore-or-hurt/where-it-hurts.md).");
    }

    fn served_fixture_with(
        change: impl FnOnce(&Path),
    ) -> (tempfile::TempDir, std::path::PathBuf, Memos, ServeBuild) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("guide");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shins");
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let target = root.join(entry.path().strip_prefix(&fixture).unwrap());
            match entry.file_type().is_dir() {
                true => fs::create_dir_all(&target).unwrap(),
                false => drop(fs::copy(entry.path(), &target).unwrap()),
            }
        }
        change(&root);
        let memos = Memos::default();
        let built = build_pages_for_serve(&root, &memos).unwrap();
        (dir, root, memos, built)
    }

    const TOPIC: &str = "content/getting-better/rest-from-running.md";

    /// The whole site of a build for serve, search index and downloads included.
    fn whole(mut built: ServeBuild, memos: &Memos) -> SharedFiles {
        built.make_search(memos).unwrap();
        built.finish().unwrap().0
    }

    /// Edit `topic` from `from` to `to`; if the edit is patched, check that the patched site is
    /// a full build's, byte for byte, and return how many pages were made again.
    fn patches_at(topic: &str, from: &str, to: &str) -> Option<usize> {
        let (_dir, root, memos, built) = served_fixture_with(cross_links);
        let path = root.join(topic);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{topic} has `{from}`");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let patched = patch_pages_for_serve(&root, &built.base, &[topic.to_string()], &memos)?;
        let made = patched
            .patched
            .expect("a patch says how many pages it made");
        let patched = whole(patched, &memos);
        let fresh = Memos::default();
        let full = whole(build_pages_for_serve(&root, &fresh).unwrap(), &fresh);
        let differ: Vec<&String> = (full.iter())
            .filter(|(path, bytes)| patched.get(*path) != Some(*bytes))
            .map(|(path, _)| path)
            .chain(patched.keys().filter(|p| !full.contains_key(*p)))
            .collect();
        assert!(
            differ.is_empty(),
            "{topic}: `{from}` → `{to}`: the patch differs from a full build in {differ:?}"
        );
        Some(made)
    }

    fn patches(from: &str, to: &str) -> Option<usize> {
        patches_at(TOPIC, from, to)
    }

    /// Whether an edit of TOPIC in the fixture as it is, from `from` to `to`, is patched.
    fn is_patched(from: &str, to: &str) -> bool {
        let (_dir, root, memos, built) = served_fixture();
        let path = root.join(TOPIC);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{TOPIC} has `{from}`");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
        patch_pages_for_serve(&root, &built.base, &[TOPIC.to_string()], &memos).is_some()
    }

    #[test]
    fn an_edit_of_a_topics_text_alone_is_patched_and_changes_only_its_page() {
        let (_dir, root, memos, built) = served_fixture();
        let before = built.output.shared_files();
        let path = root.join(TOPIC);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replacen("a few days", "a few more days", 1)).unwrap();
        let patched = patch_pages_for_serve(&root, &built.base, &[TOPIC.to_string()], &memos);
        let patched = patched.expect("patched");
        assert_eq!(patched.patched, Some(1));
        let after = patched.output.shared_files();
        let changed: Vec<&String> = (after.iter())
            .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
            .map(|(path, _)| path)
            .collect();
        assert_eq!(changed, ["getting-better/rest-from-running.html"]);
        let page = String::from_utf8(after[changed[0]].to_vec()).unwrap();
        assert!(page.contains("a few more days"));
        assert_eq!(patches("a few days", "a few more days"), Some(1));
    }

    /// Every topic's title, changed: wherever the title shows (lists, neighbours, related
    /// lists, backlinks, decision pages, search, downloads), the patch makes what a full build
    /// makes.
    #[test]
    fn a_new_title_or_summary_of_any_topic_is_patched_as_a_full_build_makes_it() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shins");
        let topics: Vec<String> = walkdir::WalkDir::new(fixture.join("content"))
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| {
                e.path()
                    .strip_prefix(&fixture)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .filter(|p| p.ends_with(".md") && p.matches('/').count() == 2)
            .collect();
        assert!(topics.len() >= 5, "{topics:?}");
        for topic in &topics {
            let made = patches_at(topic, "title: ", "title: Renamed ");
            assert!(
                made.is_some_and(|n| n > 1),
                "{topic}: a title edit made {made:?} pages"
            );
            assert!(
                patches_at(topic, "summary: ", "summary: Now ").is_some(),
                "{topic}"
            );
        }
    }

    #[test]
    fn an_edit_that_other_pages_or_checks_read_is_built_in_full() {
        let cases = [
            // The fields decide the order, and what the section's page shows.
            ("when: first-48-hours", "when: later"),
            // Headings are anchors that links elsewhere may name.
            ("## What to do", "## What you can do"),
            // A new link makes a backlink on the page it leads to.
            ("are fine", "are fine ([see](../why-it-hurts/shin-splints.md))"),
            // A broken link must be reported.
            ("are fine", "are fine ([gone](missing.md))"),
            // An empty body is warned about.
            ("## What to do\n\nStop running for a few days. Walking and swimming are fine if they do not hurt.", ""),
            // A glossary term used for the first time on this page.
            ("are fine", "are fine, unlike with a stress fracture"),
            // A title another topic has is warned about.
            ("title: Rest from running", "title: Shin splints"),
        ];
        for (from, to) in cases {
            assert!(!is_patched(from, to), "`{from}` → `{to}` was patched");
        }
    }

    /// An editor that saves by writing a temporary file and renaming it over the topic reports
    /// both paths; the one gone is skipped, unless the last build read it or warned about it.
    #[test]
    fn a_temporary_file_renamed_over_a_topic_is_skipped() {
        let (_dir, root, memos, built) = served_fixture();
        let path = root.join(TOPIC);
        let text = fs::read_to_string(&path).unwrap();
        let scratch = "content/getting-better/.goutputstream-ABC123";
        fs::write(
            root.join(scratch),
            text.replacen("a few days", "two days", 1),
        )
        .unwrap();
        fs::rename(root.join(scratch), &path).unwrap();
        let changed = [scratch.to_string(), TOPIC.to_string()];
        let patched = patch_pages_for_serve(&root, &built.base, &changed, &memos);
        assert_eq!(patched.and_then(|p| p.patched), Some(1));
        // A settings file gone, or a file the last build warned about, is not skipped.
        for gone in [
            "content/search.yaml",
            "content/getting-better/_section.yaml",
        ] {
            assert!(!is_passing_scratch(&root, &built.base, gone), "{gone}");
        }
        fs::remove_file(root.join("content/search.yaml")).ok();
        let changed = ["content/search.yaml".to_string(), TOPIC.to_string()];
        assert!(patch_pages_for_serve(&root, &built.base, &changed, &memos).is_none());
        let (_dir, root, memos, built) = served_fixture_with(|root| {
            fs::write(root.join("content/stray.txt"), "a stray file").unwrap();
        });
        assert!(
            built.warnings.iter().any(|w| w.file == "content/stray.txt"),
            "{:?}",
            built.warnings
        );
        fs::remove_file(root.join("content/stray.txt")).unwrap();
        assert!(!is_passing_scratch(&root, &built.base, "content/stray.txt"));
        let changed = ["content/stray.txt".to_string(), TOPIC.to_string()];
        assert!(patch_pages_for_serve(&root, &built.base, &changed, &memos).is_none());
    }

    #[test]
    fn a_change_to_anything_but_a_topic_is_built_in_full() {
        let (_dir, root, memos, built) = served_fixture();
        for path in [
            "content/about.md",
            "content/glossary.yaml",
            "templates/base.html",
            "content/getting-better/new.md",
        ] {
            let patched = patch_pages_for_serve(&root, &built.base, &[path.to_string()], &memos);
            assert!(patched.is_none(), "{path} was patched");
        }
        // A topic that is a link now, or gone, is for a full build to report.
        let topic = root.join(TOPIC);
        let text = fs::read(&topic).unwrap();
        fs::remove_file(&topic).unwrap();
        #[cfg(unix)]
        {
            let elsewhere = root.parent().unwrap().join("elsewhere.md");
            fs::write(&elsewhere, &text).unwrap();
            std::os::unix::fs::symlink(&elsewhere, &topic).unwrap();
            assert!(
                patch_pages_for_serve(&root, &built.base, &[TOPIC.to_string()], &memos).is_none()
            );
            fs::remove_file(&topic).unwrap();
        }
        assert!(patch_pages_for_serve(&root, &built.base, &[TOPIC.to_string()], &memos).is_none());
        // And back as it was, it is patched (so the cases above were refused for their reason).
        fs::write(&topic, &text).unwrap();
        assert!(patch_pages_for_serve(&root, &built.base, &[TOPIC.to_string()], &memos).is_some());
    }
}
