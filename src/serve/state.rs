//! What the server holds between builds: the last good site and the last build's errors.

use std::sync::Arc;

/// Every output file of a built site, by output-relative path. A file that a rebuild did not
/// change is the same shared bytes in both sites, and compares without a byte read.
pub type Files = crate::site::SharedFiles;

/// One published state of the server. A new one replaces the old whole, so a request never sees
/// half a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Names the site being served. It changes whenever pages should reload; an open page
    /// carries the version it was served with and compares.
    pub version: String,
    /// The last site that built without errors; `None` until one has.
    pub files: Option<Arc<Files>>,
    /// The errors of the latest build, one per line, if it failed.
    pub error: Option<String>,
}

impl Snapshot {
    /// The state before the first build.
    pub fn initial(run_id: &str) -> Snapshot {
        Snapshot {
            version: format!("{run_id}-0"),
            files: None,
            error: None,
        }
    }

    /// The state after a build that succeeded with `files`, or `None` if nothing changed. The
    /// version moves on when the output changed, and also when an error overlay is showing, so
    /// that pages clear it.
    ///
    /// Only a change to a file not [`made_later`] reloads: the downloads are files to save and
    /// the search index is read when a reader searches, not pages that are open, and `serve`
    /// makes them after the pages it has already served.
    pub fn after_success(&self, run_id: &str, files: Files) -> Option<Snapshot> {
        // Each file is compared once: the pages, then the downloads.
        let (pages_same, same) = match self.files.as_deref() {
            Some(old) => {
                let pages_same = same_where(old, &files, |p| !made_later(p));
                let downloads_same = same_where(old, &files, made_later);
                (pages_same, pages_same && downloads_same)
            }
            None => (false, false),
        };
        if same && self.error.is_none() {
            return None;
        }
        if pages_same && self.error.is_none() {
            return Some(Snapshot {
                files: Some(Arc::new(files)),
                ..self.clone()
            });
        }
        Some(Snapshot {
            version: format!("{run_id}-{}", self.generation() + 1),
            files: if same {
                self.files.clone()
            } else {
                Some(Arc::new(files))
            },
            error: None,
        })
    }

    /// The state once the search index or the downloads of the last good build follow its
    /// pages (`serve::builder`): as [`Snapshot::after_success`], except that a build that has
    /// failed since keeps its errors showing, and no page reloads until an edit fixes it.
    pub fn after_later_files(&self, run_id: &str, files: Files) -> Option<Snapshot> {
        match self.error {
            Some(_) => Some(Snapshot {
                files: Some(Arc::new(files)),
                ..self.clone()
            }),
            None => self.after_success(run_id, files),
        }
    }

    /// The state after a failed build: the same site, with the errors to show.
    pub fn after_failure(&self, error: String) -> Snapshot {
        Snapshot {
            error: Some(error),
            ..self.clone()
        }
    }

    fn generation(&self) -> u64 {
        self.version
            .rsplit_once('-')
            .and_then(|(_, n)| n.parse().ok())
            .unwrap_or(0)
    }
}

/// Whether `a` and `b` hold the same files among the paths `keep` accepts.
fn same_where(a: &Files, b: &Files, keep: impl Fn(&str) -> bool) -> bool {
    let kept = |f: &'_ Files| f.iter().filter(|(p, _)| keep(p)).count();
    kept(a) == kept(b) && (a.iter().filter(|(p, _)| keep(p))).eq(b.iter().filter(|(p, _)| keep(p)))
}

/// Whether `serve` makes the file at `path` after the pages: the downloads and the search
/// index.
pub fn made_later(path: &str) -> bool {
    path.starts_with("downloads/") || path == crate::site::SEARCH_INDEX
}

/// What an open page is told when the state changes from `old` to `new`.
#[derive(Debug, PartialEq, Eq)]
pub enum Message {
    /// Reload if your version differs from this one.
    Reload(String),
    /// The latest build failed with these errors; the page stays as it is.
    BuildError(String),
}

pub fn messages_between(old: &Snapshot, new: &Snapshot) -> Vec<Message> {
    if new.version != old.version {
        return vec![Message::Reload(new.version.clone())];
    }
    match &new.error {
        Some(e) if old.error.as_ref() != Some(e) => vec![Message::BuildError(e.clone())],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The state after a first good build of `files("one")`.
    fn first_good() -> Snapshot {
        Snapshot::initial("r")
            .after_success("r", files("one"))
            .unwrap()
    }

    fn files(body: &str) -> Files {
        Files::from([("index.html".to_string(), Arc::new(body.as_bytes().to_vec()))])
    }

    #[test]
    fn a_changed_build_reloads_and_an_unchanged_one_does_not() {
        let start = Snapshot::initial("r");
        let first = start.after_success("r", files("one")).unwrap();
        assert_eq!(
            messages_between(&start, &first),
            [Message::Reload("r-1".into())]
        );
        assert_eq!(first.after_success("r", files("one")), None);
        let second = first.after_success("r", files("two")).unwrap();
        assert_eq!(
            messages_between(&first, &second),
            [Message::Reload("r-2".into())]
        );
    }

    /// The downloads of the last good build, finished after a newer build failed, are served,
    /// but the errors stay on the open pages, which do not reload.
    #[test]
    fn files_that_follow_a_good_build_do_not_clear_a_later_error() {
        let good = first_good();
        let failed = good.after_failure("content/a.md:3: broken".into());
        let mut later = files("one");
        later.insert("downloads/guide.zip".into(), Arc::new(b"zip".to_vec()));
        let followed = failed.after_later_files("r", later.clone()).unwrap();
        assert_eq!(followed.error, failed.error);
        assert_eq!(followed.version, failed.version);
        assert_eq!(followed.files.as_deref(), Some(&later));
        assert_eq!(messages_between(&failed, &followed), []);
        // Without an error, they are any good build's files.
        assert_eq!(
            good.after_later_files("r", later.clone()),
            good.after_success("r", later)
        );
    }

    #[test]
    fn new_downloads_alone_are_served_without_a_reload() {
        let first = Snapshot::initial("r")
            .after_success("r", files("one"))
            .unwrap();
        let mut with_downloads = files("one");
        with_downloads.insert("downloads/guide.zip".into(), Arc::new(b"zip".to_vec()));
        let quiet = first.after_success("r", with_downloads.clone()).unwrap();
        assert_eq!(quiet.version, first.version);
        assert_eq!(quiet.files.as_deref(), Some(&with_downloads));
        assert!(messages_between(&first, &quiet).is_empty());
        let mut page = with_downloads;
        page.insert("index.html".into(), Arc::new(b"two".to_vec()));
        let loud = quiet.after_success("r", page).unwrap();
        assert_eq!(
            messages_between(&quiet, &loud),
            [Message::Reload("r-2".into())]
        );
    }

    #[test]
    fn a_failure_keeps_the_site_and_its_fix_reloads() {
        let good = first_good();
        let broken = good.after_failure("content/a.md:3: bad".into());
        assert_eq!(broken.files, good.files);
        assert_eq!(
            messages_between(&good, &broken),
            [Message::BuildError("content/a.md:3: bad".into())]
        );
        // The same error again tells nothing new.
        let again = broken.after_failure("content/a.md:3: bad".into());
        assert!(messages_between(&broken, &again).is_empty());
        // A fix that restores the old output still reloads, to clear the overlay.
        let fixed = again.after_success("r", files("one")).unwrap();
        assert_eq!(fixed.error, None);
        assert_eq!(
            messages_between(&again, &fixed),
            [Message::Reload("r-2".into())]
        );
    }
}
