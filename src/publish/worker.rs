//! `sw.js`, the service worker that keeps the hosted guide readable offline after one visit
//! (its logic, and why it serves from its cache first, are in `templates/sw.js`). Rust gives it
//! only data: every file of the reading site with its sha256 (checked by the browser as each file
//! is saved), and a version that is a sha256 over those paths and digests. So the same build
//! gives a byte-identical worker, and a change to any saved file gives a new version.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Sha256Digest;
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

/// The worker for a site of the files `paths` (output-relative, sorted), each with its SHA-256
/// from `sha256`. Made last, from the files as written, so the version covers every byte a
/// reader is served.
pub fn service_worker(
    paths: &[String],
    sha256: impl Fn(&str) -> Result<Sha256Digest, Diagnostic> + Sync,
    tera: &Tera,
) -> Result<Vec<u8>, Diagnostics> {
    if paths.iter().any(|p| p == PATH) {
        return Err(super::clash(PATH).into());
    }
    let digests = paths
        .par_iter()
        .filter(|p| saves(p))
        .map(|p| Ok((p.as_str(), sha256(p)?)))
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
            Value::from(vec![
                Value::from(*path),
                Value::from(format!("sha256-{integrity}")),
            ])
        })
        .collect();
    let mut ctx = Context::new();
    ctx.insert("version", &Value::from(version).to_string());
    ctx.insert("files", &Value::from(files).to_string());
    tera.render(PATH, &ctx)
        .map(String::into_bytes)
        .map_err(|e| template_error(&e).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn worker(files: &BTreeMap<String, Vec<u8>>) -> Result<String, Diagnostics> {
        let mut tera = Tera::new();
        tera.add_raw_template(PATH, "{{ version | safe }}\n{{ files | safe }}")
            .unwrap();
        let paths: Vec<String> = files.keys().cloned().collect();
        let sha256 = |p: &str| Ok(Sha256::digest(&files[p]).into());
        service_worker(&paths, sha256, &tera).map(|b| String::from_utf8(b).unwrap())
    }

    fn site() -> BTreeMap<String, Vec<u8>> {
        [
            ("index.html", "home"),
            ("causes/doms.html", "doms"),
            ("style.css", "css"),
            ("downloads/guide.html", "single"),
            ("downloads/guide-offline.zip", "zip"),
            ("404.html", "missing"),
            ("robots.txt", "robots"),
        ]
        .into_iter()
        .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
        .collect()
    }

    #[test]
    fn lists_the_reading_site_with_each_files_sha256() {
        let out = worker(&site()).unwrap();
        let (version, files) = out.split_once('\n').unwrap();
        assert_eq!(version.len(), 66, "a quoted sha256 in hex: {version}");
        let files: Vec<(String, String)> = serde_json::from_str(files).unwrap();
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["causes/doms.html", "index.html", "style.css"]);
        // echo -n home | openssl dgst -sha256 -binary | base64
        assert_eq!(
            files[1].1,
            "sha256-TqFAWIFQdzzjqs54au739ASc4QD6ZJyU+73blg8dqUI="
        );
    }

    #[test]
    fn the_version_follows_every_saved_byte_and_nothing_else() {
        let first = worker(&site()).unwrap();
        assert_eq!(
            worker(&site()).unwrap(),
            first,
            "the same site, the same worker"
        );
        let mut changed = site();
        changed.insert("style.css".into(), b"css!".to_vec());
        let changed = worker(&changed).unwrap();
        assert_ne!(changed.lines().next(), first.lines().next());
        let mut bigger_zip = site();
        bigger_zip.insert("downloads/guide-offline.zip".into(), b"zip, again".to_vec());
        assert_eq!(
            worker(&bigger_zip).unwrap(),
            first,
            "the downloads are not saved"
        );
        let mut moved = site();
        let css = moved.remove("style.css").unwrap();
        moved.insert("styles.css".into(), css);
        assert_ne!(worker(&moved).unwrap().lines().next(), first.lines().next());
    }

    #[test]
    fn a_static_file_named_like_the_worker_is_refused() {
        let mut files = site();
        files.insert(PATH.into(), b"mine".to_vec());
        let err = worker(&files).unwrap_err();
        assert!(
            err.errors[0].to_string().contains("static/sw.js"),
            "{err:?}"
        );
    }
}
