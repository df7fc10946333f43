//! `sw.js`, the service worker that keeps the hosted guide readable offline after one visit
//! (its logic, and why it serves from its cache first, are in `templates/sw.js`). Rust gives it
//! only data: every file of the reading site with its sha256 (checked by the browser as each file
//! is saved), and a version that is a sha256 over those paths and digests. So the same build
//! gives a byte-identical worker, and a change to any saved file gives a new version.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::template_error;
use base64::Engine;
use rayon::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tera::{Context, Tera};

/// At the site root, so its scope is the site's own folder whatever the sub-path.
pub const PATH: &str = "sw.js";

/// Whether the worker saves `path`: every file the offline zip holds, so every page, search and
/// the decision tool work offline. Not the downloads (large, and a copy of the rest), nor the web
/// server's own files, nor the worker itself.
pub fn saves(path: &str) -> bool {
    !path.starts_with("downloads/") && !super::SERVER_FILES.contains(&path) && path != PATH
}

/// The worker for a site of the files `paths` (output-relative, sorted), each read with `read`.
/// Made last, from the files as written, so the version covers every byte a reader is served.
pub fn service_worker(
    paths: &[String],
    read: impl Fn(&str) -> Result<Vec<u8>, Diagnostic> + Sync,
    tera: &Tera,
) -> Result<Vec<u8>, Diagnostics> {
    if paths.iter().any(|p| p == PATH) {
        return Err(super::clash(PATH).into());
    }
    let digests = paths
        .par_iter()
        .filter(|p| saves(p))
        .map(|p| Ok((p.as_str(), Sha256::digest(read(p)?))))
        .collect::<Result<Vec<_>, Diagnostic>>()?;
    let mut version = Sha256::new();
    for (path, digest) in &digests {
        version.update(path.as_bytes());
        version.update([0]);
        version.update(digest);
    }
    let version: String = version
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    // JSON is JavaScript: `[["index.html", "sha256-..."], ...]`.
    let files: Vec<Value> = digests
        .iter()
        .map(|(path, digest)| {
            let integrity = base64::engine::general_purpose::STANDARD.encode(digest);
            Value::from(vec![Value::from(*path), Value::from(format!("sha256-{integrity}"))])
        })
        .collect();
    let mut ctx = Context::new();
    ctx.insert("version", &Value::from(version).to_string());
    ctx.insert("files", &Value::from(files).to_string());
    tera.render(PATH, &ctx)
        .map(String::into_bytes)
        .map_err(|e| template_error(&e).into())
}
