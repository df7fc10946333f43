//! Rebuilding: run the pipeline, publish the result to the server, then have the output
//! folder on disk updated the way `build` does.

use super::disk::DiskWriter;
use super::state::Snapshot;
use super::{say, warn};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::watch;

pub struct Builder {
    root: PathBuf,
    disk: DiskWriter,
    /// Distinguishes this server's versions from a previous run's, so that pages opened before
    /// a restart reload.
    run_id: String,
    state: watch::Sender<Arc<Snapshot>>,
    /// One build at a time, so that an older build never publishes over a newer one.
    building: Mutex<()>,
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
        }
    }

    /// Build the site and publish it; `why` says what changed, for the terminal.
    pub fn rebuild(&self, why: &str) {
        // A panic is caught inside, so the lock is never poisoned; recover anyway.
        let _one_at_a_time = self.building.lock().unwrap_or_else(|e| e.into_inner());
        let started = Instant::now();
        let result = build_catching_panics(&self.root);
        let old = self.state.borrow().clone();
        match result {
            Ok(site) => {
                for w in &site.warnings {
                    warn(&format!("warning: {w}"));
                }
                let pages = site.pages;
                let Some(new) = old.after_success(&self.run_id, site.files) else {
                    say(&format!("{why}: the output did not change"));
                    return;
                };
                let files = new.files.clone();
                // Publish first: open pages reload while the disk copy is written.
                self.state.send_replace(Arc::new(new));
                say(&format!(
                    "{why}: built {pages} pages in {} ms",
                    started.elapsed().as_millis()
                ));
                if let Some(files) = files {
                    self.disk.write(files);
                }
            }
            Err(diags) => {
                let text = error_text(&diags, &self.root);
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
    }
}

/// A bug that panics inside the build must not stop the server from rebuilding after the next
/// edit: report it like any other failed build.
fn build_catching_panics(root: &Path) -> Result<site::Site, Diagnostics> {
    std::panic::catch_unwind(|| site::build_site_for_serve(root)).unwrap_or_else(|panic| {
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
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    if paths.len() > SHOWN {
        names.push(format!("and {} more", paths.len() - SHOWN));
    }
    format!("changed {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

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
