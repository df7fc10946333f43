//! Keeping the output folder on disk up to date, off the path from save to reload: pages are
//! served from memory, and writing a few hundred kilobytes can take longer than the rebuild.

use super::state::Files;
use super::warn;
use crate::output;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Arc;

pub struct DiskWriter {
    sender: mpsc::Sender<Arc<Files>>,
}

impl DiskWriter {
    /// Start the thread that writes each site handed to it into `out`, as `build` does.
    pub fn start(out: PathBuf) -> DiskWriter {
        let (sender, receiver) = mpsc::channel::<Arc<Files>>();
        std::thread::Builder::new()
            .name("backguide-write".into())
            .spawn(move || {
                while let Ok(mut files) = receiver.recv() {
                    // Only the newest site matters: skip any that a faster rebuild replaced.
                    while let Ok(newer) = receiver.try_recv() {
                        files = newer;
                    }
                    if let Err(diags) = output::write_site(&out, &files) {
                        for e in &diags.errors {
                            warn(&format!("warning: the server has the new site, but {e}"));
                        }
                    }
                }
            })
            .expect("start the thread that writes the output folder");
        DiskWriter { sender }
    }

    /// Queue `files` to be written; returns at once.
    pub fn write(&self, files: Arc<Files>) {
        // Fails only if the writer thread died, and then its panic was already printed.
        let _ = self.sender.send(files);
    }
}
