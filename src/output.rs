//! Writing the site: refuse dangerous output folders, write everything into a temporary folder
//! beside the output, and swap it in only when every file was written.

use crate::diagnostic::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The folders an output folder must never be, contain or lie inside.
const SOURCE_FOLDERS: &[&str] = &["content", "templates", "static"];

/// Refuse an output folder that would overwrite or delete the author's sources.
pub fn guard_output(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root).map_err(|e| {
        Diagnostic::new(
            root.display().to_string(),
            format!("cannot resolve the root: {e}"),
        )
    })?;
    let out_abs = absolute(out).map_err(|e| {
        Diagnostic::new(
            out.display().to_string(),
            format!("cannot resolve the output folder: {e}"),
        )
    })?;
    let refuse = |why: String| {
        Err(Diagnostic::new(
            out.display().to_string(),
            format!(
                "refusing to use this output folder: {why}; choose a folder such as {}",
                root.join("public").display()
            ),
        ))
    };
    if out_abs == root {
        return refuse("it is the root itself, which holds your sources".into());
    }
    if root.starts_with(&out_abs) {
        return refuse("it contains the root and its sources".into());
    }
    for name in SOURCE_FOLDERS {
        let src = absolute(&root.join(name)).unwrap_or_else(|_| root.join(name));
        if out_abs.starts_with(&src) {
            return refuse(format!("it lies inside {name}/"));
        }
        if src.starts_with(&out_abs) {
            return refuse(format!("it contains {name}/"));
        }
    }
    Ok(())
}

/// An absolute, normalised path, with symlinks resolved for the part that exists.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    // Canonicalise the longest existing ancestor, then append the rest lexically.
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canon) = existing.canonicalize() {
            let mut full = canon;
            for part in rest.iter().rev() {
                full.push(part);
            }
            return Ok(normalise(&full));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(normalise(&path)),
        }
    }
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Write `files` (output-relative path → bytes) as the new contents of `out`.
pub fn write_site(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<(), Diagnostics> {
    let io_err = |path: &Path, what: &str, e: io::Error| {
        Diagnostics::from(Diagnostic::new(
            path.display().to_string(),
            format!("cannot {what}: {e}"),
        ))
    };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| io_err(&parent, "create the folder", e))?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);

    let result = write_all(&staging, files).and_then(|()| swap_in(&staging, out));
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(io_err(out, "write the site", e));
    }
    Ok(())
}

fn write_all(staging: &Path, files: &BTreeMap<String, Vec<u8>>) -> io::Result<()> {
    fs::create_dir_all(staging)?;
    let mut dirs: Vec<PathBuf> = files
        .keys()
        .filter_map(|p| Path::new(p).parent().map(|d| staging.join(d)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        fs::create_dir_all(dir)?;
    }
    files
        .par_iter()
        .try_for_each(|(path, bytes)| fs::write(staging.join(path), bytes))
}

/// Put `staging` where `out` is. The old output is moved aside first and deleted last, so a
/// failure part-way leaves either the old site or the new one, never a mix.
fn swap_in(staging: &Path, out: &Path) -> io::Result<()> {
    if out.exists() {
        let old = staging.with_file_name(format!(
            "{}.old",
            staging
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        let _ = fs::remove_dir_all(&old);
        fs::rename(out, &old)?;
        if let Err(e) = fs::rename(staging, out) {
            let _ = fs::rename(&old, out);
            return Err(e);
        }
        fs::remove_dir_all(&old)?;
    } else {
        fs::rename(staging, out)?;
    }
    Ok(())
}

/// Every file under `root/static`, by path inside `static/`.
pub fn read_static(root: &Path) -> Result<BTreeMap<String, Vec<u8>>, Diagnostics> {
    let dir = root.join("static");
    let mut files = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    let mut diags = Diagnostics::default();
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(&dir).unwrap_or(e.path());
                let key = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                match fs::read(e.path()) {
                    Ok(bytes) => {
                        files.insert(key, bytes);
                    }
                    Err(err) => diags.error(Diagnostic::new(
                        format!("static/{key}"),
                        format!("cannot read: {err}"),
                    )),
                }
            }
            Ok(_) => {}
            Err(err) => diags.error(Diagnostic::new("static/", format!("cannot read: {err}"))),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_root_and_source_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in SOURCE_FOLDERS {
            fs::create_dir(root.join(name)).unwrap();
        }
        assert!(guard_output(root, root).is_err());
        assert!(guard_output(root, &root.join("content")).is_err());
        assert!(guard_output(root, &root.join("content/causes/out")).is_err());
        assert!(guard_output(root, &root.join("static")).is_err());
        assert!(guard_output(root, &root.join("public/..")).is_err());
        assert!(guard_output(root, root.parent().unwrap()).is_err());
        assert!(guard_output(root, &root.join("public")).is_ok());
        assert!(guard_output(root, &root.join("contents")).is_ok());
    }

    #[test]
    fn swap_replaces_the_old_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("stale.html"), "old").unwrap();
        let files = BTreeMap::from([("a/b.html".to_string(), b"new".to_vec())]);
        write_site(&out, &files).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "new");
        assert!(!out.join("stale.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }
}
