//! Writing the site: refuse dangerous output folders, write everything into a temporary folder
//! beside the output, and swap it in only when every file was written.

use crate::diagnostic::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Seek, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

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

/// Where a build puts its files as it makes them: a staging folder beside the output (swapped in
/// whole when the build succeeds, deleted when it fails), or memory (`serve`, `check`, tests).
/// Files go out as soon as they are made, so a large guide is never held in memory whole.
pub struct Output {
    target: Target,
    /// Every path put so far, with its size.
    written: Mutex<BTreeMap<String, u64>>,
}

enum Target {
    /// The staging folder, and the output it will replace.
    Folder {
        staging: PathBuf,
        out: PathBuf,
    },
    Memory(Mutex<BTreeMap<String, Vec<u8>>>),
}

impl Output {
    /// Files kept in memory.
    pub fn memory() -> Output {
        Output {
            target: Target::Memory(Mutex::default()),
            written: Mutex::default(),
        }
    }

    /// Files written into `.<out>.building-<pid>` beside `out`, for `swap_in` to put in place.
    pub fn staging(out: &Path) -> Result<Output, Diagnostics> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "create the folder", e))?;
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir_all(&staging).map_err(|e| io_error(&staging, "create the folder", e))?;
        Ok(Output {
            target: Target::Folder {
                staging,
                out: out.to_path_buf(),
            },
            written: Mutex::default(),
        })
    }

    /// Write one whole file. Safe to call from many threads at once.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        match &self.target {
            Target::Folder { staging, out } => {
                let file = staging.join(path);
                let write = || {
                    if let Some(dir) = file.parent() {
                        fs::create_dir_all(dir)?;
                    }
                    fs::write(&file, bytes)
                };
                write().map_err(|e| write_error(out, path, e))?;
            }
            Target::Memory(files) => {
                lock(files).insert(path.to_string(), bytes.to_vec());
            }
        }
        lock(&self.written).insert(path.to_string(), bytes.len() as u64);
        Ok(())
    }

    /// Start a file that is written in pieces (the downloads); `OutFile::finish` ends it.
    pub fn create(&self, path: &str) -> Result<OutFile<'_>, Diagnostic> {
        let sink = match &self.target {
            Target::Folder { staging, out } => {
                let file = staging.join(path);
                let open = || {
                    if let Some(dir) = file.parent() {
                        fs::create_dir_all(dir)?;
                    }
                    fs::File::create(&file)
                };
                let handle = open().map_err(|e| write_error(out, path, e))?;
                FileSink::Folder(io::BufWriter::with_capacity(1 << 16, handle))
            }
            Target::Memory(_) => FileSink::Memory(io::Cursor::new(Vec::new())),
        };
        Ok(OutFile {
            output: self,
            path: path.to_string(),
            sink,
        })
    }

    /// A file written earlier, read back.
    pub fn read(&self, path: &str) -> Result<Vec<u8>, Diagnostic> {
        match &self.target {
            Target::Folder { staging, out } => {
                fs::read(staging.join(path)).map_err(|e| read_error(out, path, e))
            }
            Target::Memory(files) => lock(files)
                .get(path)
                .cloned()
                .ok_or_else(|| read_error(Path::new(""), path, io::ErrorKind::NotFound.into())),
        }
    }

    /// Every path written so far, sorted.
    pub fn paths(&self) -> Vec<String> {
        lock(&self.written).keys().cloned().collect()
    }

    pub fn len(&self) -> usize {
        lock(&self.written).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The files of a memory output (none for a folder: they are on disk).
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        match &self.target {
            Target::Memory(files) => std::mem::take(&mut *lock(files)),
            Target::Folder { .. } => BTreeMap::new(),
        }
    }

    /// Put the staging folder where the output is. A memory output has nothing to do.
    pub fn swap_in(self) -> Result<(), Diagnostics> {
        if let Target::Folder { staging, out } = &self.target {
            swap_in(staging, out).map_err(|e| io_error(out, "write the site", e))?;
        }
        Ok(())
    }
}

impl Drop for Output {
    /// A build that failed (or was not swapped in) leaves nothing behind.
    fn drop(&mut self) {
        if let Target::Folder { staging, .. } = &self.target {
            let _ = fs::remove_dir_all(staging);
        }
    }
}

/// A file being written in pieces. Seekable, as a zip writer needs.
pub struct OutFile<'a> {
    output: &'a Output,
    path: String,
    sink: FileSink,
}

enum FileSink {
    Folder(io::BufWriter<fs::File>),
    Memory(io::Cursor<Vec<u8>>),
}

impl OutFile<'_> {
    /// Flush the file and record it; returns its size in bytes.
    pub fn finish(self) -> Result<u64, Diagnostic> {
        let OutFile { output, path, sink } = self;
        let size = match sink {
            FileSink::Folder(mut w) => {
                let flushed = w.flush().and_then(|()| w.stream_position());
                let out = match &output.target {
                    Target::Folder { out, .. } => out.as_path(),
                    Target::Memory(_) => Path::new(""),
                };
                flushed.map_err(|e| write_error(out, &path, e))?
            }
            FileSink::Memory(cursor) => {
                let bytes = cursor.into_inner();
                let size = bytes.len() as u64;
                if let Target::Memory(files) = &output.target {
                    lock(files).insert(path.clone(), bytes);
                }
                size
            }
        };
        lock(&output.written).insert(path, size);
        Ok(size)
    }
}

impl Write for OutFile<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            FileSink::Folder(w) => w.write(buf),
            FileSink::Memory(c) => c.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            FileSink::Folder(w) => w.flush(),
            FileSink::Memory(c) => c.flush(),
        }
    }
}

impl Seek for OutFile<'_> {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        match &mut self.sink {
            FileSink::Folder(w) => w.seek(pos),
            FileSink::Memory(c) => c.seek(pos),
        }
    }
}

/// A poisoned lock only means another thread panicked; the map itself is still whole.
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn io_error(path: &Path, what: &str, e: io::Error) -> Diagnostics {
    Diagnostics::from(Diagnostic::new(
        path.display().to_string(),
        format!("cannot {what}: {e}"),
    ))
}

fn write_error(out: &Path, path: &str, e: io::Error) -> Diagnostic {
    Diagnostic::new(
        out.join(path).display().to_string(),
        format!("cannot write the file: {e}"),
    )
}

fn read_error(out: &Path, path: &str, e: io::Error) -> Diagnostic {
    Diagnostic::new(
        out.join(path).display().to_string(),
        format!("cannot read back the file just written: {e}"),
    )
}

/// Write `files` (output-relative path → bytes) as the new contents of `out`.
pub fn write_site(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<(), Diagnostics> {
    let output = Output::staging(out)?;
    files
        .par_iter()
        .try_for_each(|(path, bytes)| output.put(path, bytes))
        .map_err(Diagnostics::from)?;
    output.swap_in()
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

    #[test]
    fn files_written_in_pieces_or_whole_read_back_in_both_kinds_of_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for output in [Output::memory(), Output::staging(&out).unwrap()] {
            output.put("a/b.html", b"whole").unwrap();
            let mut file = output.create("downloads/c.zip").unwrap();
            file.write_all(b"in ").unwrap();
            file.write_all(b"pieces").unwrap();
            assert_eq!(file.finish().unwrap(), 9);
            assert_eq!(output.read("a/b.html").unwrap(), b"whole");
            assert_eq!(output.read("downloads/c.zip").unwrap(), b"in pieces");
            assert!(output.read("missing.html").is_err());
            assert_eq!(output.paths(), ["a/b.html", "downloads/c.zip"]);
        }
    }

    #[test]
    fn a_staging_folder_that_is_not_swapped_in_is_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("old.html"), "old").unwrap();
        {
            let output = Output::staging(&out).unwrap();
            output.put("new.html", b"new").unwrap();
            // Dropped here, as when a later stage of the build fails.
        }
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
        assert_eq!(fs::read_to_string(out.join("old.html")).unwrap(), "old");
        assert!(!out.join("new.html").exists());
    }
}
