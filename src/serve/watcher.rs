//! Watching the sources. Editors save in bursts (write, rename, touch a swap file), so changes
//! are gathered until the folders have been quiet for a moment, then reported once.

use crate::diagnostic::Diagnostic;
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// The folders whose changes trigger a rebuild.
pub const WATCHED: &[&str] = crate::sources::SOURCE_FOLDERS;

/// How long the sources must stay quiet before a rebuild starts. Short, because it adds
/// directly to the time from save to reload; long enough to cover one editor's save.
pub const QUIET: Duration = Duration::from_millis(40);

/// Watch the sources under `root`, calling `on_change` with the changed paths after each burst
/// of edits. Watching stops when the returned watcher is dropped.
pub fn start(
    root: &Path,
    mut on_change: impl FnMut(Vec<PathBuf>) + Send + 'static,
) -> Result<RecommendedWatcher, Diagnostic> {
    let fail = |what: &Path, e: notify::Error| {
        Diagnostic::new(what.display().to_string(), format!("cannot watch: {e}"))
    };
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    // Links are not followed, as the build does not read through them (see `sources`): a link
    // out of the root must not make `serve` watch folders elsewhere on the machine.
    let config = notify::Config::default().with_follow_symlinks(false);
    let mut watcher = RecommendedWatcher::new(
        move |event| {
            // Fails only once the debounce thread is gone, i.e. while shutting down.
            let _ = tx.send(event);
        },
        config,
    )
    .map_err(|e| fail(root, e))?;
    for name in WATCHED {
        let dir = root.join(name);
        // A linked source folder is refused by the build; watching it would watch its target.
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| fail(&dir, e))?;
        }
    }
    let root = root.to_path_buf();
    std::thread::Builder::new()
        .name("backguide-watch".into())
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut changed = relevant_paths(first, &root);
                loop {
                    match rx.recv_timeout(QUIET) {
                        Ok(event) => changed.extend(relevant_paths(event, &root)),
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                if !changed.is_empty() {
                    changed.sort();
                    changed.dedup();
                    on_change(changed);
                }
            }
        })
        .map_err(|e| Diagnostic::new("watcher", format!("cannot start: {e}")))?;
    Ok(watcher)
}

/// The paths of an event that should cause a rebuild. When the watcher lost track of the
/// changes (its queue overflowed, say), `root` itself: a change to the whole root makes the
/// next build a full one, which reads every file again.
fn relevant_paths(event: notify::Result<notify::Event>, root: &Path) -> Vec<PathBuf> {
    match event {
        Ok(e) if e.need_rescan() => vec![root.to_path_buf()],
        // Reading the sources (as every build does) must not trigger another build.
        Ok(e) if matches!(e.kind, EventKind::Access(_)) => Vec::new(),
        Ok(e) => e
            .paths
            .into_iter()
            .filter(|p| !is_editor_scratch(p))
            .collect(),
        Err(_) => vec![root.to_path_buf()],
    }
}

/// Swap, backup and lock files that editors write beside the file being edited.
fn is_editor_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.starts_with(".#")
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || (name.starts_with('.') && name.ends_with(".tmp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_scratch_files_are_ignored() {
        for name in ["doms.md", "style.css", "_section.yaml", ".nojekyll"] {
            assert!(!is_editor_scratch(Path::new(name)), "{name}");
        }
        for name in [".doms.md.swp", "doms.md~", ".#doms.md", "4913", ".x.tmp"] {
            assert!(is_editor_scratch(Path::new(name)), "{name}");
        }
    }

    /// When the watcher loses track, the change is the whole root, so that `serve` builds in
    /// full instead of patching a build that may miss an edit.
    #[test]
    fn a_lost_track_is_a_change_to_the_whole_root() {
        let root = Path::new("/guide");
        let file = root.join("content/a.md");
        let modified = notify::Event::new(EventKind::Modify(notify::event::ModifyKind::Any));
        assert_eq!(
            relevant_paths(Ok(modified.clone().add_path(file.clone())), root),
            [file]
        );
        let rescan = modified.set_flag(notify::event::Flag::Rescan);
        assert_eq!(relevant_paths(Ok(rescan), root), [root]);
        let lost = notify::Error::generic("the queue overflowed");
        assert_eq!(relevant_paths(Err(lost), root), [root]);
    }

    #[test]
    fn reports_a_change_once_per_burst() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        let (tx, rx) = mpsc::channel();
        let _watcher = start(dir.path(), move |paths| tx.send(paths).unwrap()).unwrap();
        std::fs::write(content.join("a.md"), "one").unwrap();
        std::fs::write(content.join("a.md"), "two").unwrap();
        std::fs::write(dir.path().join("outside.txt"), "not watched").unwrap();
        let paths = rx.recv_timeout(Duration::from_secs(10)).expect("a change");
        assert!(
            paths.iter().all(|p| p.ends_with("content/a.md")),
            "{paths:?}"
        );
        // Both writes fell in one burst, and the unwatched file caused nothing.
        assert!(rx.recv_timeout(QUIET * 10).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn does_not_follow_a_link_out_of_the_sources() {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside) = (dir.path().join("root"), dir.path().join("outside"));
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(outside.join("static")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("content/out")).unwrap();
        std::os::unix::fs::symlink(outside.join("static"), root.join("static")).unwrap();
        let (tx, rx) = mpsc::channel();
        let _watcher = start(&root, move |paths| tx.send(paths).unwrap()).unwrap();
        std::fs::write(outside.join("a.md"), "outside").unwrap();
        std::fs::write(outside.join("static/b.css"), "outside").unwrap();
        std::thread::sleep(QUIET * 5);
        std::fs::write(root.join("content/a.md"), "inside").unwrap();
        let paths = rx.recv_timeout(Duration::from_secs(10)).expect("a change");
        assert!(
            paths.iter().all(|p| p.ends_with("content/a.md")),
            "{paths:?}"
        );
    }
}
