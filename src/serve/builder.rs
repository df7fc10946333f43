//! Rebuilding: run the pipeline, publish the result to the server, then have the output
//! folder on disk updated the way `build` does.

use super::disk::DiskWriter;
use super::state::{made_later, Files, Snapshot};
use super::{say, warn};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::watch;

/// How long the downloads wait after the pages are published: an open page reloads in about
/// 100 ms here (docs/benchmarks.md), and the downloads would slow it down. An edit in that time
/// starts a new build, and these downloads are never made.
const RELOAD_TIME: std::time::Duration = std::time::Duration::from_millis(300);

pub struct Builder {
    root: PathBuf,
    disk: DiskWriter,
    /// Distinguishes this server's versions from a previous run's, so that pages opened before
    /// a restart reload.
    run_id: String,
    state: watch::Sender<Arc<Snapshot>>,
    /// One build of the pages at a time, so that an older build never publishes over a newer one.
    building: Mutex<()>,
    /// Counts the builds: the downloads of a build that a newer one replaced are dropped.
    generation: AtomicU64,
    /// Held while a site is published: the downloads check their generation under it.
    publishing: Mutex<()>,
    /// The last downloads' sizes, which the pages say until the new downloads are made.
    sizes: Mutex<Option<crate::offline::DownloadSizes>>,
    /// What each build remembers for the next, so that it does again only what an edit changed.
    memos: site::Memos,
    /// The threads the downloads are made on, of the lowest priority: a rebuild after the next
    /// edit takes the cores from them, so the downloads never delay a reload.
    downloads_pool: Option<rayon::ThreadPool>,
    /// The thread making the newest build's downloads, for [`Builder::settle`].
    downloads: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// The last good build, which the next may patch; `None` after a failed build, whose
    /// edits the next build must see whole.
    base: Mutex<Option<Arc<site::Base>>>,
}

impl Builder {
    pub fn new(
        root: PathBuf,
        disk: DiskWriter,
        run_id: String,
        state: watch::Sender<Arc<Snapshot>>,
    ) -> Builder {
        Builder {
            root,
            disk,
            run_id,
            state,
            building: Mutex::new(()),
            generation: AtomicU64::new(0),
            publishing: Mutex::new(()),
            sizes: Mutex::new(None),
            memos: site::Memos::default(),
            downloads_pool: rayon::ThreadPoolBuilder::new()
                .thread_name(|i| format!("backguide-downloads-{i}"))
                .start_handler(|_| lowest_priority())
                .build()
                .ok(),
            downloads: Mutex::new(None),
            base: Mutex::new(None),
        }
    }

    /// Build the site and publish it; `why` says what changed, for the terminal, and `changed`
    /// lists the files (none for the first build).
    ///
    /// After an edit that changed only some topics' text or titles, the last build is patched:
    /// only the pages that show what changed are made again (`site::patch_pages_for_serve`).
    /// Otherwise every stage runs, reusing what the memos remember.
    ///
    /// The pages are published (and open pages reload) before the downloads are made, on a
    /// thread of their own: until then the old downloads are served, and the pages that link to
    /// them give the last build's sizes. The downloads follow without a reload (unless a size
    /// as shown changed), and the disk copy is written once the site is whole, so it always
    /// equals a full build. The first build makes its downloads before it publishes.
    pub fn rebuild(self: &Arc<Self>, why: &str, changed: &[PathBuf]) {
        let _one_at_a_time = lock(&self.building);
        let started = Instant::now();
        let base = lock(&self.base).clone();
        let changed = relative_paths(&self.root, changed);
        let result = catching_panics(|| {
            let patched = (base.as_deref().zip(changed)).and_then(|(base, changed)| {
                site::patch_pages_for_serve(&self.root, base, &changed, &self.memos)
            });
            match patched {
                Some(built) => Ok(built),
                None => site::build_pages_for_serve(&self.root, &self.memos),
            }
        });
        let built = match result {
            Ok(built) => built,
            Err(diags) => return self.failed(why, &diags),
        };
        let old_base = lock(&self.base).replace(built.base.clone());
        // Freeing a large guide's model takes a while, and there are pages to serve first.
        drop(std::thread::spawn(move || drop((old_base, base))));
        // A build that failed leaves the last one's downloads to finish; this one replaces them.
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        for w in &built.warnings {
            warn(&format!("warning: {w}"));
        }
        let pages = built.pages;
        let sizes = lock(&self.sizes).clone();
        let old = self.state.borrow().clone();
        let (Some(sizes), Some(old_files)) = (sizes, old.files.clone()) else {
            // Nothing served yet (or no downloads yet): the whole site, then publish.
            return self.finish(built, generation, why, started, None);
        };
        let files = with_old_later_files(built.provisional(&sizes), &old_files);
        {
            let _publish = lock(&self.publishing);
            match old.after_success(&self.run_id, files) {
                Some(new) => {
                    self.state.send_replace(Arc::new(new));
                    let again = match built.patched {
                        Some(1) => ", making 1 page again".to_string(),
                        Some(n) => format!(", making {n} pages again"),
                        None => String::new(),
                    };
                    say(&format!(
                        "{why}: built {pages} pages in {} ms{again}",
                        started.elapsed().as_millis()
                    ));
                }
                None => say(&format!("{why}: the output did not change")),
            }
        }
        let this = Arc::clone(self);
        let why = why.to_string();
        let handle = std::thread::spawn(move || {
            std::thread::sleep(RELOAD_TIME);
            if this.generation.load(Ordering::SeqCst) != generation {
                return;
            }
            // Checked again at each step: a newer build makes this one's work wasted, and
            // each build held on to would hold a copy of the guide's text.
            let current = || this.generation.load(Ordering::SeqCst) == generation;
            let finish = || {
                let mut built = built;
                if current() && this.publish_search(&mut built, generation, &sizes, &why) {
                    this.finish(built, generation, &why, Instant::now(), Some(started))
                }
            };
            match &this.downloads_pool {
                Some(pool) => pool.install(finish),
                None => finish(),
            }
        });
        *lock(&self.downloads) = Some(handle);
    }

    /// Make `built`'s search index, if it is still to make, and print its warnings; false if
    /// that failed (and was reported).
    fn make_search(&self, built: &mut site::ServeBuild, why: &str) -> bool {
        match catching_panics(|| built.make_search(&self.memos)) {
            Ok(warnings) => {
                warnings.iter().for_each(|w| warn(&format!("warning: {w}")));
                true
            }
            Err(diags) => {
                self.failed(why, &diags);
                false
            }
        }
    }

    /// Make the search index of build `generation` and publish it (without a reload: no open
    /// page shows it), unless a newer build has started. Returns whether it was published.
    fn publish_search(
        &self,
        built: &mut site::ServeBuild,
        generation: u64,
        sizes: &crate::offline::DownloadSizes,
        why: &str,
    ) -> bool {
        let started = Instant::now();
        if !self.make_search(built, why) {
            return false;
        }
        let _publish = lock(&self.publishing);
        let old = self.state.borrow().clone();
        let Some(old_files) = &old.files else {
            return false;
        };
        if self.generation.load(Ordering::SeqCst) != generation {
            return false;
        }
        let files = with_old_later_files(built.provisional(sizes), old_files);
        if let Some(new) = old.after_later_files(&self.run_id, files) {
            self.state.send_replace(Arc::new(new));
            say(&format!(
                "{why}: the search index followed, in {} ms",
                started.elapsed().as_millis()
            ));
        }
        true
    }

    /// Make the downloads of build `generation` and publish the whole site, unless a newer
    /// build has started. `served` is when its pages went out, if they have.
    fn finish(
        &self,
        mut built: site::ServeBuild,
        generation: u64,
        why: &str,
        started: Instant,
        served: Option<Instant>,
    ) {
        let pages = built.pages;
        if !self.make_search(&mut built, why) {
            return;
        }
        let (site_files, new_sizes) = match catching_panics(|| built.finish()) {
            Ok(done) => done,
            Err(diags) => return self.failed(why, &diags),
        };
        let _publish = lock(&self.publishing);
        if self.generation.load(Ordering::SeqCst) != generation {
            return;
        }
        *lock(&self.sizes) = Some(new_sizes);
        let old = self.state.borrow().clone();
        // After the pages were served, a build may have failed since: its errors stay.
        let next = match served {
            Some(_) => old.after_later_files(&self.run_id, site_files),
            None => old.after_success(&self.run_id, site_files),
        };
        let Some(new) = next else {
            if served.is_none() {
                say(&format!("{why}: the output did not change"));
            }
            return;
        };
        let files = new.files.clone();
        let reloads = new.version != old.version;
        self.state.send_replace(Arc::new(new));
        let ms = started.elapsed().as_millis();
        match served {
            Some(_) if !reloads => say(&format!("{why}: the downloads followed, in {ms} ms")),
            // Not "built … pages": that is said once per build, when its pages are served. What
            // changed with the downloads is a page that gives their sizes, or sw.js.
            Some(_) => say(&format!(
                "{why}: the downloads followed, in {ms} ms; open pages reload, as files they use \
                 changed with them"
            )),
            None => say(&format!("{why}: built {pages} pages in {ms} ms")),
        }
        if let Some(files) = files {
            self.disk.write(files);
        }
    }

    /// Wait until the newest build's downloads are made and published.
    #[cfg(test)]
    pub fn settle(&self) {
        let handle = lock(&self.downloads).take();
        if let Some(handle) = handle {
            let _ = handle.join();
        }
    }

    /// Report a failed build, keep serving the last good one, and show the errors on open pages.
    fn failed(&self, why: &str, diags: &Diagnostics) {
        // The next build cannot patch the last good one: the edits since are not all known.
        drop(lock(&self.base).take());
        let old = self.state.borrow().clone();
        let text = error_text(diags, &self.root);
        for e in &diags.errors {
            warn(&format!("error: {e}"));
        }
        let kept = match old.files {
            Some(_) => "still serving the last good build",
            None => "nothing to serve until it builds",
        };
        warn(&format!(
            "{why}: the build failed with {} error{}; {kept}",
            diags.errors.len(),
            if diags.errors.len() == 1 { "" } else { "s" }
        ));
        self.state.send_replace(Arc::new(old.after_failure(text)));
    }
}

/// `files`, with the files made after the pages (the search index and the downloads) taken
/// from `old` where `files` does not have them yet.
fn with_old_later_files(mut files: Files, old: &Files) -> Files {
    let later = old
        .iter()
        .filter(|(p, _)| made_later(p) && !files.contains_key(*p));
    let later: Vec<_> = later.map(|(p, b)| (p.clone(), b.clone())).collect();
    files.extend(later);
    files
}

/// Give the calling thread the lowest scheduling priority (Linux's nice is per thread).
fn lowest_priority() {
    #[cfg(unix)]
    // SAFETY: nice(2) takes a plain integer and only changes this thread's priority.
    unsafe {
        libc::nice(19);
    }
}

/// A bug that panics inside the build must not stop the server from rebuilding after the next
/// edit: report it like any other failed build.
fn catching_panics<T>(build: impl FnOnce() -> Result<T, Diagnostics>) -> Result<T, Diagnostics> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(build)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Diagnostic::new(
            "backguide",
            format!("internal error: the build panicked: {why}"),
        )
        .into())
    })
}

/// The errors as the browser overlay shows them: one `file:line:col: message` per line, with
/// every path relative to the root. The overlay is a web page's to read, so it must not tell
/// where the guide lives on this machine.
fn error_text(diags: &Diagnostics, root: &Path) -> String {
    let root = root.display().to_string();
    let text = diags
        .errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    text.replace(&format!("{root}/"), "").replace(&root, ".")
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic is caught where a build runs, so no lock is poisoned; recover anyway.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// `paths` relative to `root`, with `/` between the folders (`content/causes/doms.md`), or
/// `None` when there are none or one is not under the root.
fn relative_paths(root: &Path, paths: &[PathBuf]) -> Option<Vec<String>> {
    let relative = |path: &PathBuf| {
        let parts: Option<Vec<&str>> = (path.strip_prefix(root).ok()?.components())
            .map(|c| match c {
                std::path::Component::Normal(name) => name.to_str(),
                _ => None,
            })
            .collect();
        parts.map(|parts| parts.join("/"))
    };
    let relative: Option<Vec<String>> = paths.iter().map(relative).collect();
    relative.filter(|r| !r.is_empty())
}

/// `paths` as the author knows them: relative to the root, at most a few.
pub fn describe_changes(root: &Path, paths: &[PathBuf]) -> String {
    const SHOWN: usize = 3;
    // Editors that save by renaming leave a vanished temporary name among the changes; show
    // the files that are there, unless the change was a deletion.
    let existing: Vec<&PathBuf> = paths.iter().filter(|p| p.exists()).collect();
    let paths: Vec<&PathBuf> = match existing.is_empty() {
        true => paths.iter().collect(),
        false => existing,
    };
    let mut names: Vec<String> = paths
        .iter()
        .take(SHOWN)
        .map(|p| match p.strip_prefix(root) {
            // The watcher lost track of what changed (see `watcher`).
            Ok(rest) if rest.as_os_str().is_empty() => "the sources".to_string(),
            Ok(rest) => rest.display().to_string(),
            Err(_) => p.display().to_string(),
        })
        .collect();
    if paths.len() > SHOWN {
        names.push(format!("and {} more", paths.len() - SHOWN));
    }
    format!("changed {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::fs;

    /// An edit a maintainer makes to tests/fixtures/shins, as a test can write it. Returns the
    /// files it wrote and renamed away, which the watcher reports too.
    fn edit(root: &Path, kind: usize, n: usize) -> Vec<PathBuf> {
        let c = root.join("content");
        let append = |path: &str, text: &str| {
            let mut t = fs::read_to_string(c.join(path)).unwrap();
            t.push_str(text);
            fs::write(c.join(path), t).unwrap();
        };
        let replace = |path: &str, from: &str, to: &str| {
            let t = fs::read_to_string(c.join(path)).unwrap();
            fs::write(c.join(path), t.replacen(from, to, 1)).unwrap();
        };
        match kind {
            0 => append("why-it-hurts/shin-splints.md", &format!("\nOne more line, {n}.\n")),
            1 => replace("why-it-hurts/stress-fracture.md", "title: ", &format!("title: {n} ")),
            2 => fs::write(
                c.join(format!("staying-well/new-{n}.md")),
                format!("---\ntitle: New {n}\nsummary: A new page.\nphase: after\n---\nIt links to [rest](../getting-better/rest-from-running.md).\n"),
            )
            .unwrap(),
            3 => {
                // The pages edits 2 and 19 added, which nothing links to.
                for (folder, prefix) in [("staying-well", "new-"), ("getting-better", "moved-")] {
                    for entry in fs::read_dir(c.join(folder)).unwrap() {
                        let path = entry.unwrap().path();
                        if path.file_name().is_some_and(|f| f.to_string_lossy().starts_with(prefix)) {
                            fs::remove_file(path).unwrap();
                        }
                    }
                }
            }
            // The pages edit 2 added, moved to another section (whose kind wants other fields).
            19 => {
                let mut moved = Vec::new();
                for entry in fs::read_dir(c.join("staying-well")).unwrap() {
                    let path = entry.unwrap().path();
                    let name = path.file_name().unwrap().to_string_lossy().into_owned();
                    if let Some(rest) = name.strip_prefix("new-") {
                        let t = fs::read_to_string(&path).unwrap().replacen("phase: after", "when: later", 1);
                        fs::write(c.join(format!("getting-better/moved-{rest}")), t).unwrap();
                        fs::remove_file(&path).unwrap();
                        moved.push(path);
                    }
                }
                return moved;
            }
            // The guide's settings: its title (on every page) and an emergency number's place.
            20 => replace("guide.yaml", "title: Shin pain after running", &format!("title: Shin pain after running {n}")),
            21 => replace("guide.yaml", "where: the EU", &format!("where: the EU ({n})")),
            // A section's own settings: its title and intro.
            22 => {
                replace("getting-better/_section.yaml", "title: Getting better", &format!("title: Getting better {n}"));
                append("getting-better/_section.yaml", &format!("  More about it, {n}.\n"));
            }
            // The sources list, which topics cite.
            23 => replace("sources.yaml", "title: A test source", &format!("title: A test source {n}")),
            // A typed field and keywords: the facts box and the search index change.
            24 => {
                let path = c.join("getting-better/rest-from-running.md");
                let t = fs::read_to_string(&path).unwrap();
                let t = match t.contains("when: first-48-hours") {
                    true => t.replacen("when: first-48-hours", &format!("when: later\nkeywords: [shin rest {n}]"), 1),
                    false => t.lines().filter(|l| !l.starts_with("keywords:")).collect::<Vec<_>>().join("\n").replacen("when: later", "when: first-48-hours", 1) + "\n",
                };
                fs::write(path, t).unwrap();
            }
            // The guide's own template and static file taken away: the built-in ones again.
            25 => {
                for path in [root.join("templates/base.html"), root.join("static/extra.css")] {
                    if path.exists() {
                        fs::remove_file(path).unwrap();
                    }
                }
            }
            4 => replace("glossary.yaml", "definition: ", &format!("definition: ({n}) ")),
            5 => replace("decision.yaml", "title: Rest from running", &format!("title: Rest from running {n}")),
            6 => append("words.yaml", &format!("search:\n  try_another: Try again {n}.\n")),
            // A link to an anchor: the backlinks of the page it leads to change.
            8 => append("staying-well/build-up-slowly.md", &format!("\nSee [how shin splints feel {n}](../why-it-hurts/shin-splints.md#how-it-feels).\n")),
            // A new heading: the page's anchors, contents and search entry change.
            9 => append("why-it-hurts/shin-splints.md", &format!("\n## Part {n}\n\nMore about it.\n")),
            // A related list, added or taken away.
            10 => {
                let path = c.join("staying-well/build-up-slowly.md");
                let t = fs::read_to_string(&path).unwrap();
                let t = match t.contains("related:") {
                    true => t.lines().filter(|l| !l.starts_with("related:")).collect::<Vec<_>>().join("\n") + "\n",
                    false => t.replacen("phase: between\n", "phase: between\nrelated: [why-it-hurts/shin-splints.md]\n", 1),
                };
                fs::write(path, t).unwrap();
            }
            // Body text only, in the middle of a page: the page is patched alone.
            12 => replace("getting-better/rest-from-running.md", "a few days", &format!("a few days ({n})")),
            // A paragraph before the first heading: every line below it moves.
            13 => replace("getting-better/rest-from-running.md", "---\n## What to do", &format!("---\nFirst, line {n}.\n\n## What to do")),
            // A glossary term, used where it may not have been.
            14 => append("staying-well/build-up-slowly.md", &format!("\nA stress fracture is rare ({n}).\n")),
            // Two topics' text in one save.
            15 => {
                append("why-it-hurts/shin-splints.md", &format!("\nAnd another, {n}.\n"));
                replace("getting-better/rest-from-running.md", "Walking", &format!("Walking ({n})"));
            }
            // Saved as some editors do: a temporary file, renamed over the topic.
            18 => {
                let topic = c.join("getting-better/rest-from-running.md");
                let scratch = c.join(format!("getting-better/.goutputstream-{n}"));
                let t = fs::read_to_string(&topic).unwrap();
                fs::write(&scratch, t.replacen("Stop running", &format!("Stop running ({n})"), 1)).unwrap();
                fs::rename(&scratch, &topic).unwrap();
                return vec![scratch];
            }
            // A summary, which the section's page and the neighbours show.
            17 => replace("getting-better/rest-from-running.md", "summary: ", &format!("summary: ({n}) ")),
            // A broken link in a topic's text: the build fails.
            16 => append("why-it-hurts/stress-fracture.md", &format!("\n[gone](missing-{n}.md)\n")),
            // The guide's own copy of a template, and a static file of its own.
            11 => {
                let built_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/base.html");
                let t = fs::read_to_string(built_in).unwrap();
                fs::create_dir_all(root.join("templates")).unwrap();
                fs::create_dir_all(root.join("static")).unwrap();
                fs::write(root.join("templates/base.html"), t.replacen("</main>", &format!("<p>Edit {n}</p></main>"), 1)).unwrap();
                fs::write(root.join("static/extra.css"), format!("p {{ margin: {n}px }}\n")).unwrap();
            }
            // A broken link: the build fails, and the served site must stay as it was.
            _ => append("about.md", &format!("\n[gone](missing-{n}.md)\n")),
        }
        Vec::new()
    }

    /// Every source file and its bytes, to tell which files an edit changed, as the watcher
    /// would.
    fn sources(root: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
        let folders = ["content", "templates", "static"].map(|f| root.join(f));
        (folders.iter())
            .flat_map(walkdir::WalkDir::new)
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().to_path_buf(), fs::read(e.path()).unwrap()))
            .collect()
    }

    /// The files `change` created, changed or deleted.
    fn changed_by(root: &Path, change: impl FnOnce()) -> Vec<PathBuf> {
        let before = sources(root);
        change();
        let after = sources(root);
        let mut paths: Vec<PathBuf> = (before.iter())
            .filter(|(path, bytes)| after.get(*path) != Some(*bytes))
            .map(|(path, _)| path.clone())
            .chain(after.keys().filter(|p| !before.contains_key(*p)).cloned())
            .collect();
        paths.sort();
        paths
    }

    fn builder(root: &Path, out: PathBuf) -> (Arc<Builder>, watch::Receiver<Arc<Snapshot>>) {
        let (tx, rx) = watch::channel(Arc::new(Snapshot::initial("t")));
        let b = Builder::new(root.to_path_buf(), DiskWriter::start(out), "t".into(), tx);
        (Arc::new(b), rx)
    }

    proptest! {
        // Each case builds the guide twice per edit; PROPTEST_CASES raises it for a campaign.
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(6)
        ))]
        /// After any sequence of edits, the site serve publishes equals a full build of the
        /// same sources, byte for byte; after an edit that breaks the build, it is the last
        /// good one.
        #[test]
        fn after_any_edits_the_served_site_is_a_full_build(
            edits in proptest::collection::vec((0usize..26, 0usize..100), 1..6)
        ) {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().join("guide");
            let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shins");
            copy(&fixture, &root);
            let (b, rx) = builder(&root, dir.path().join("public"));
            b.rebuild("first build", &[]);
            for (kind, n) in edits {
                let before = rx.borrow().files.clone();
                let mut renamed_away = Vec::new();
                let mut changed = changed_by(&root, || renamed_away = edit(&root, kind, n));
                changed.extend(renamed_away);
                b.rebuild("edit", &changed);
                b.settle();
                let served = rx.borrow().clone();
                match site::build_site_for_serve(&root) {
                    Ok(full) => {
                        prop_assert!(served.error.is_none(), "{:?}", served.error);
                        let served = served.files.as_deref().expect("a site is served");
                        let differ: Vec<&String> = (full.files.iter())
                            .filter(|(path, bytes)| served.get(*path).map(|b| b.as_slice()) != Some(bytes.as_slice()))
                            .map(|(path, _)| path)
                            .chain(served.keys().filter(|p| !full.files.contains_key(*p)))
                            .collect();
                        prop_assert!(differ.is_empty(), "edit {kind}: the served site differs from a full build in {differ:?}");
                        // These always change what a reader sees: an edit that reached no page
                        // would make the comparison above say nothing.
                        if [0, 1, 4, 20, 21, 22, 23, 24].contains(&kind) {
                            prop_assert!(before.as_deref() != Some(served), "edit {kind} changed no file");
                        }
                    }
                    Err(_) => {
                        prop_assert!(served.error.is_some());
                        prop_assert!(served.files == before, "a failed build changed the site");
                        // Undo the broken link, so the next edit starts from a guide that builds.
                        let fixed = changed_by(&root, || {
                            for path in sources(&root).into_keys().filter(|p| p.extension().is_some_and(|e| e == "md")) {
                                let t = fs::read_to_string(&path).unwrap();
                                if t.contains("](missing-") {
                                    let t = t.lines().filter(|l| !l.contains("](missing-")).collect::<Vec<_>>().join("\n") + "\n";
                                    fs::write(&path, t).unwrap();
                                }
                            }
                        });
                        b.rebuild("fix", &fixed);
                        b.settle();
                    }
                }
            }
        }
    }

    fn copy(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).unwrap();
            } else {
                fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    #[test]
    fn the_overlay_shows_paths_relative_to_the_root() {
        let diags = Diagnostics::from(Diagnostic::new(
            "content/",
            "no content folder in /home/me/guide: expected content/guide.yaml; see /home/me/guide/x.md",
        ));
        let text = error_text(&diags, Path::new("/home/me/guide"));
        assert!(!text.contains("/home/me"), "{text}");
        assert!(
            text.contains("no content folder in .: ") && text.contains("see x.md"),
            "{text}"
        );
    }
}
