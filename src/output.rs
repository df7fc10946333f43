//! Writing the site: refuse dangerous output folders, write everything into a temporary folder
//! beside the output, and swap it in only when every file was written.
//!
//! backguide replaces an output folder only when it is missing, empty, or holds exactly what an
//! earlier build wrote: each build leaves a manifest ([`MANIFEST`]) listing its files, and any
//! other entry (a `.git`, a README, a file added by hand) makes the build stop before it writes
//! anything. mdBook and Zola empty their output folder whatever is in it; this never deletes a
//! file backguide did not write.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::sources::SOURCE_FOLDERS;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read, Seek, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The file, at the top of every output folder backguide writes, that lists what it wrote. A
/// dotfile: GitHub's Pages upload leaves it out, and it is never served by `serve` or zipped into
/// the downloads (it describes the folder on the maintainer's disk, not the guide).
pub const MANIFEST: &str = ".backguide-manifest";

/// The manifest's first lines; the build's files follow, one a line, sorted.
const MANIFEST_HEADER: &str = "\
# Written by backguide: every file of the build in this folder, one a line. The next build
# replaces this folder only if it holds nothing but these files. Do not edit.
";

/// A staging folder's manifest, written before any file, so that a build that was killed can be
/// told apart from a folder of the same name that someone else made.
const STAGING_HEADER: &str = "\
# Written by backguide: a build in progress. If no build is running, the next one deletes it.
";

/// Refuse an output folder that would overwrite or delete the author's sources, or anything
/// else backguide did not write.
pub fn guard_output(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    guard_sources(root, out)?;
    check_replaceable(out)
}

fn guard_sources(root: &Path, out: &Path) -> Result<(), Diagnostic> {
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

/// How many of the entries backguide did not write an error names.
const NAMED_ENTRIES: usize = 5;

/// Ok if `out` may be replaced: it does not exist, is an empty folder, or holds only what the
/// build recorded in its manifest.
pub fn check_replaceable(out: &Path) -> Result<(), Diagnostic> {
    let shown = out.display().to_string();
    let refuse = |why: String| Err(Diagnostic::new(shown.clone(), why));
    let meta = match fs::symlink_metadata(out) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return refuse(format!("cannot read the output folder: {e}")),
    };
    if meta.file_type().is_symlink() {
        return refuse(
            "the output folder is a symbolic link; backguide would replace the link with a \
             folder. Give --out the folder it points to, or a new folder"
                .into(),
        );
    }
    if !meta.is_dir() {
        return refuse(
            "this is a file, not a folder; backguide writes the site as a folder and will not \
             replace a file. Give --out a new or empty folder, such as public"
                .into(),
        );
    }
    let listed = read_manifest(out, MANIFEST_HEADER);
    let foreign = not_written_by_us(out, listed.as_ref())
        .map_err(|e| Diagnostic::new(shown.clone(), format!("cannot read the folder: {e}")))?;
    if foreign.is_empty() {
        return Ok(());
    }
    let mut named = foreign
        .iter()
        .take(NAMED_ENTRIES)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if foreign.len() > NAMED_ENTRIES {
        named.push_str(&format!(" and {} more", foreign.len() - NAMED_ENTRIES));
    }
    let why = match listed {
        None => format!(
            "refusing to replace this folder: backguide did not write it (it has no \
             {MANIFEST}), and replacing it would delete what is in it: {named}. Give --out a \
             new or empty folder, such as public; if this is a site built by an older \
             backguide, delete the folder yourself and build again"
        ),
        Some(_) => format!(
            "refusing to replace this folder: it holds what the last build did not write: \
             {named}. Move them out of the folder (files to publish with the guide belong in \
             static/), or give --out another folder"
        ),
    };
    refuse(why)
}

/// The paths a manifest with `header` lists, or None when `dir` has no such manifest.
fn read_manifest(dir: &Path, header: &str) -> Option<BTreeSet<String>> {
    let text = fs::read_to_string(dir.join(MANIFEST)).ok()?;
    let paths = text.strip_prefix(header)?;
    Some(paths.lines().map(str::to_string).collect())
}

/// The manifest of a build that wrote `paths`.
fn manifest(paths: impl Iterator<Item = String>) -> String {
    let mut text = MANIFEST_HEADER.to_string();
    for path in paths {
        text.push_str(&path);
        text.push('\n');
    }
    text
}

/// Every entry under `dir` that is not in `listed` (a folder not holding a listed file counts as
/// one entry, written `name/`), sorted. Links are not followed.
fn not_written_by_us(dir: &Path, listed: Option<&BTreeSet<String>>) -> io::Result<Vec<String>> {
    let has_manifest = listed.is_some();
    let empty = BTreeSet::new();
    let listed = listed.unwrap_or(&empty);
    let folders: BTreeSet<&str> = listed
        .iter()
        .flat_map(|path| path.match_indices('/').map(move |(at, _)| &path[..at]))
        .collect();
    let mut foreign = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = pending.pop() {
        let mut entries = fs::read_dir(&folder)?.collect::<io::Result<Vec<_>>>()?;
        entries.sort_by_key(fs::DirEntry::file_name);
        for entry in entries {
            let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let kind = entry.file_type()?;
            if kind.is_dir() {
                if folders.contains(rel.as_str()) {
                    pending.push((entry.path(), format!("{rel}/")));
                } else {
                    foreign.push(format!("{rel}/"));
                }
            } else if !(listed.contains(&rel)
                || (has_manifest && prefix.is_empty() && rel == MANIFEST))
            {
                foreign.push(rel);
            }
        }
    }
    foreign.sort();
    Ok(foreign)
}

/// Delete the staging folders that builds into `out` left when they were killed, and only those:
/// a folder named like one that backguide did not write is left alone, with a warning.
pub fn clean_stale_staging(out: &Path) -> Vec<Diagnostic> {
    let (parent, prefix) = staging_place(out);
    let Ok(entries) = fs::read_dir(&parent) else {
        return Vec::new();
    };
    let mut names: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|name| name.starts_with(&prefix))
        .collect();
    names.sort();
    let mut warnings = Vec::new();
    for name in names {
        let Some(pid) = staging_pid(&name[prefix.len()..]) else {
            continue;
        };
        let path = parent.join(&name);
        if pid != std::process::id() && still_running(pid) {
            continue;
        }
        if is_ours(&path) {
            if let Err(e) = fs::remove_dir_all(&path) {
                warnings.push(Diagnostic::new(
                    path.display().to_string(),
                    format!("cannot delete what a stopped build left here: {e}"),
                ));
            }
        } else {
            warnings.push(Diagnostic::new(
                path.display().to_string(),
                "left alone: named like a folder a stopped build leaves, but backguide did not \
                 write it",
            ));
        }
    }
    warnings
}

/// Where the staging folders of `out` go, and how their names start (`.public.building-`).
fn staging_place(out: &Path) -> (PathBuf, String) {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    (parent, format!(".{name}.building-"))
}

/// The process id in the rest of a staging folder's name: `1234`, or `1234.old` for the old
/// output moved aside during the swap.
fn staging_pid(rest: &str) -> Option<u32> {
    let digits = rest.strip_suffix(".old").unwrap_or(rest);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Whether process `pid` is alive; where that cannot be told (no /proc), it is taken as stopped.
fn still_running(pid: u32) -> bool {
    Path::new("/proc/self").exists() && Path::new(&format!("/proc/{pid}")).exists()
}

/// A staging folder of ours (its manifest says a build is in progress), or an old output moved
/// aside that holds only what its manifest lists. Never follows a link.
fn is_ours(path: &Path) -> bool {
    let is_folder = fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    if !is_folder {
        return false;
    }
    if read_manifest(path, STAGING_HEADER).is_some() {
        return true;
    }
    read_manifest(path, MANIFEST_HEADER)
        .is_some_and(|listed| not_written_by_us(path, Some(&listed)).is_ok_and(|f| f.is_empty()))
}

/// Where a build puts its files as it makes them: a staging folder beside the output (swapped in
/// whole when the build succeeds, deleted when it fails), or memory (`serve`, `check`, tests).
/// Files go out as soon as they are made, so a large guide is never held in memory whole.
pub struct Output {
    target: Target,
    /// Every path put so far, with the SHA-256 of a file put whole (the service worker lists
    /// them; hashed as written, the worker need not read every file back).
    written: Mutex<BTreeMap<String, Noted>>,
    /// The staging folder's folders made so far: `create_dir_all` for every file was two
    /// system calls more each (a `mkdir` that fails, then a `stat`).
    folders: Mutex<BTreeSet<PathBuf>>,
}

/// The SHA-256 of a file's bytes.
pub type Sha256Digest = [u8; 32];

/// What was noted of a file as it was put.
#[derive(Debug, Clone, Copy, Default)]
struct Noted {
    /// Of a file put whole.
    digest: Option<Sha256Digest>,
    /// Its length, when this build wrote it: it is read back in one read, without asking the
    /// file system for its size (the downloads read back every page of the site, twice).
    len: Option<u64>,
}

impl Noted {
    fn whole(bytes: &[u8]) -> Noted {
        Noted {
            digest: Some(sha256(bytes)),
            len: Some(bytes.len() as u64),
        }
    }
}

fn sha256(bytes: &[u8]) -> Sha256Digest {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

enum Target {
    /// The staging folder, and the output it will replace.
    Folder { staging: PathBuf, out: PathBuf },
    /// Shared, so that `serve` can hand a page it did not have to make again to the next site
    /// without copying it.
    Memory(Mutex<BTreeMap<String, Arc<Vec<u8>>>>),
}

impl Output {
    /// Files kept in memory, starting with `files` (shared, not copied).
    pub fn memory_with(files: &BTreeMap<String, Arc<Vec<u8>>>) -> Output {
        let written = files
            .keys()
            .map(|p| (p.clone(), Noted::default()))
            .collect();
        Output {
            target: Target::Memory(Mutex::new(files.clone())),
            written: Mutex::new(written),
            folders: Mutex::default(),
        }
    }

    /// Files kept in memory.
    pub fn memory() -> Output {
        Output {
            target: Target::Memory(Mutex::default()),
            written: Mutex::default(),
            folders: Mutex::default(),
        }
    }

    /// Files written into `.<out>.building-<pid>` beside `out`, for `swap_in` to put in place.
    pub fn staging(out: &Path) -> Result<Output, Diagnostics> {
        let (parent, prefix) = staging_place(out);
        fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "create the folder", e))?;
        let staging = parent.join(format!("{prefix}{}", std::process::id()));
        if fs::symlink_metadata(&staging).is_ok() {
            if !is_ours(&staging) {
                return Err(Diagnostic::new(
                    staging.display().to_string(),
                    "backguide needs this name for its staging folder, but did not write what \
                     is there; move it away",
                )
                .into());
            }
            fs::remove_dir_all(&staging).map_err(|e| io_error(&staging, "delete", e))?;
        }
        fs::create_dir_all(&staging).map_err(|e| io_error(&staging, "create the folder", e))?;
        fs::write(staging.join(MANIFEST), STAGING_HEADER)
            .map_err(|e| io_error(&staging, "write the staging folder", e))?;
        Ok(Output {
            target: Target::Folder {
                staging,
                out: out.to_path_buf(),
            },
            written: Mutex::default(),
            folders: Mutex::default(),
        })
    }

    /// Write one whole file. Safe to call from many threads at once.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        match &self.target {
            Target::Folder { staging, out } => {
                let file = staging.join(path);
                let write = || {
                    if let Some(dir) = file.parent() {
                        self.make_folder(dir)?;
                    }
                    fs::write(&file, bytes)
                };
                write().map_err(|e| write_error(out, path, e))?;
            }
            Target::Memory(files) => {
                lock(files).insert(path.to_string(), Arc::new(bytes.to_vec()));
            }
        }
        let noted = Noted::whole(bytes);
        lock(&self.written).insert(path.to_string(), noted);
        Ok(())
    }

    /// [`Output::put`] for bytes that are shared: a memory output keeps them without a copy.
    pub fn put_shared(&self, path: &str, bytes: Arc<Vec<u8>>) -> Result<(), Diagnostic> {
        match &self.target {
            Target::Folder { .. } => self.put(path, &bytes),
            Target::Memory(files) => {
                let noted = Noted::whole(&bytes);
                lock(&self.written).insert(path.to_string(), noted);
                lock(files).insert(path.to_string(), bytes);
                Ok(())
            }
        }
    }

    /// Make `dir` (in the staging folder) and its parents, unless this build already did.
    fn make_folder(&self, dir: &Path) -> io::Result<()> {
        if lock(&self.folders).contains(dir) {
            return Ok(());
        }
        fs::create_dir_all(dir)?;
        lock(&self.folders).insert(dir.to_path_buf());
        Ok(())
    }

    /// Start a file that is written in pieces (the downloads); `OutFile::finish` ends it.
    pub fn create(&self, path: &str) -> Result<OutFile<'_>, Diagnostic> {
        let sink = match &self.target {
            Target::Folder { staging, out } => {
                let file = staging.join(path);
                let open = || {
                    if let Some(dir) = file.parent() {
                        self.make_folder(dir)?;
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
                let len = lock(&self.written).get(path).and_then(|n| n.len);
                read_known(&staging.join(path), len).map_err(|e| read_error(out, path, e))
            }
            Target::Memory(files) => lock(files)
                .get(path)
                .map(|bytes| bytes.to_vec())
                .ok_or_else(|| read_error(Path::new(""), path, io::ErrorKind::NotFound.into())),
        }
    }

    /// The SHA-256 of a file written earlier: noted as it was put, or read back and hashed.
    pub fn sha256(&self, path: &str) -> Result<Sha256Digest, Diagnostic> {
        let noted = lock(&self.written).get(path).and_then(|n| n.digest);
        match noted {
            Some(digest) => Ok(digest),
            None => self.read(path).map(|bytes| sha256(&bytes)),
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
        (self.into_shared_files().into_iter())
            .map(|(path, bytes)| (path, Arc::unwrap_or_clone(bytes)))
            .collect()
    }

    /// The files of a memory output, still shared.
    pub fn into_shared_files(self) -> BTreeMap<String, Arc<Vec<u8>>> {
        match &self.target {
            Target::Memory(files) => std::mem::take(&mut *lock(files)),
            Target::Folder { .. } => BTreeMap::new(),
        }
    }

    /// The files of a memory output so far, shared (none for a folder).
    pub fn shared_files(&self) -> BTreeMap<String, Arc<Vec<u8>>> {
        match &self.target {
            Target::Memory(files) => lock(files).clone(),
            Target::Folder { .. } => BTreeMap::new(),
        }
    }

    /// Write the manifest and put the staging folder where the output is, if the output may
    /// still be replaced (files may have been added to it while the build ran). A memory output
    /// has nothing to do.
    pub fn swap_in(self) -> Result<(), Diagnostics> {
        if let Target::Folder { staging, out } = &self.target {
            let listing = manifest(self.paths().into_iter());
            fs::write(staging.join(MANIFEST), listing)
                .map_err(|e| write_error(out, MANIFEST, e))?;
            check_replaceable(out)?;
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
                    lock(files).insert(path.clone(), Arc::new(bytes));
                }
                size
            }
        };
        let noted = Noted {
            digest: None,
            len: Some(size),
        };
        lock(&output.written).insert(path, noted);
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

/// `fs::read` of a file this build wrote, `len` bytes long when that is known: then in one
/// read, with no call for its size and none to find its end.
fn read_known(path: &Path, len: Option<u64>) -> io::Result<Vec<u8>> {
    let Some(len) = len else {
        return fs::read(path);
    };
    // `read_to_end` would read in pieces of 8 KB and then look for the end.
    let mut bytes = vec![0; len as usize];
    fs::File::open(path)?.read_exact(&mut bytes)?;
    Ok(bytes)
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
pub fn write_site(out: &Path, files: &BTreeMap<String, Arc<Vec<u8>>>) -> Result<(), Diagnostics> {
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
    if fs::symlink_metadata(out).is_ok() {
        let old = staging.with_file_name(format!(
            "{}.old",
            staging
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        if fs::symlink_metadata(&old).is_ok() {
            if !is_ours(&old) {
                return Err(io::Error::other(format!(
                    "{} is in the way, and backguide did not write it; move it away",
                    old.display()
                )));
            }
            fs::remove_dir_all(&old)?;
        }
        fs::rename(out, &old)?;
        if let Err(e) = fs::rename(staging, out) {
            let _ = fs::rename(&old, out);
            return Err(e);
        }
        remove_tree(&old)?;
    } else {
        fs::rename(staging, out)?;
    }
    Ok(())
}

/// `fs::remove_dir_all`, with the folders directly inside `dir` removed side by side: deleting
/// the last site (10,000 files) was a tenth of a second on one core at the end of every build.
/// Links are removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let mut folders = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            folders.push(entry.path());
        }
    }
    folders.par_iter().try_for_each(fs::remove_dir_all)?;
    fs::remove_dir_all(dir)
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
        let old = BTreeMap::from([("stale/page.html".to_string(), Arc::new(b"old".to_vec()))]);
        write_site(&out, &old).unwrap();
        let files = BTreeMap::from([("a/b.html".to_string(), Arc::new(b"new".to_vec()))]);
        write_site(&out, &files).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "new");
        assert!(!out.join("stale").exists());
        assert_eq!(
            fs::read_to_string(out.join(MANIFEST)).unwrap(),
            format!("{MANIFEST_HEADER}a/b.html\n")
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[cfg(unix)]
    #[test]
    fn removing_a_tree_removes_links_and_never_what_they_point_to() {
        let dir = tempfile::tempdir().unwrap();
        let keep = dir.path().join("keep");
        fs::create_dir_all(&keep).unwrap();
        fs::write(keep.join("precious.txt"), "mine").unwrap();
        let tree = dir.path().join("old");
        fs::create_dir_all(tree.join("a/b")).unwrap();
        fs::write(tree.join("a/b/page.html"), "old").unwrap();
        fs::write(tree.join("top.html"), "old").unwrap();
        std::os::unix::fs::symlink(&keep, tree.join("link")).unwrap();
        std::os::unix::fs::symlink(&keep, tree.join("a/link")).unwrap();
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(
            fs::read_to_string(keep.join("precious.txt")).unwrap(),
            "mine"
        );
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
    fn a_files_sha256_is_of_its_last_bytes_however_it_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let shared = BTreeMap::from([("s.html".to_string(), Arc::new(b"shared".to_vec()))]);
        for output in [
            Output::memory(),
            Output::staging(&out).unwrap(),
            Output::memory_with(&shared),
        ] {
            output.put("a.html", b"first").unwrap();
            output.put("a.html", b"second").unwrap();
            assert_eq!(output.sha256("a.html").unwrap(), sha256(b"second"));
            output
                .put_shared("b.html", Arc::new(b"b".to_vec()))
                .unwrap();
            assert_eq!(output.sha256("b.html").unwrap(), sha256(b"b"));
            let mut file = output.create("c.zip").unwrap();
            file.write_all(b"in pieces").unwrap();
            file.finish().unwrap();
            assert_eq!(output.sha256("c.zip").unwrap(), sha256(b"in pieces"));
            assert!(output.sha256("missing.html").is_err());
        }
        let output = Output::memory_with(&shared);
        assert_eq!(output.sha256("s.html").unwrap(), sha256(b"shared"));
    }

    #[test]
    fn a_staging_folder_that_is_not_swapped_in_is_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let old = BTreeMap::from([("old.html".to_string(), Arc::new(b"old".to_vec()))]);
        write_site(&out, &old).unwrap();
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

    /// A folder `dir/name` holding `files` (path → text).
    fn folder(dir: &Path, name: &str, files: &[(&str, &str)]) -> PathBuf {
        let path = dir.join(name);
        fs::create_dir_all(&path).unwrap();
        for (file, text) in files {
            let file = path.join(file);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, text).unwrap();
        }
        path
    }

    #[test]
    fn only_a_missing_empty_or_own_folder_may_be_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert!(check_replaceable(&d.join("missing")).is_ok());
        assert!(check_replaceable(&folder(d, "empty", &[])).is_ok());
        let listing = manifest(["a.html".to_string(), "b/c.html".to_string()].into_iter());
        let ours = folder(
            d,
            "ours",
            &[(MANIFEST, &listing), ("a.html", ""), ("b/c.html", "")],
        );
        assert!(check_replaceable(&ours).is_ok());

        let refused = |path: &Path| check_replaceable(path).unwrap_err().message;
        let docs = folder(d, "docs", &[("guide.md", "mine"), (".git/HEAD", "ref")]);
        let why = refused(&docs);
        assert!(why.contains("backguide did not write it"), "{why}");
        assert!(why.contains(".git/, guide.md."), "{why}");
        let added = folder(
            d,
            "added",
            &[(MANIFEST, &listing), ("a.html", ""), ("b/new.txt", "")],
        );
        let why = refused(&added);
        assert!(why.contains("did not write: b/new.txt."), "{why}");
        let git = folder(
            d,
            "git",
            &[(MANIFEST, &listing), ("a.html", ""), (".git/HEAD", "")],
        );
        assert!(refused(&git).contains(": .git/."));
        let forged = folder(d, "forged", &[(MANIFEST, "a.html\n"), ("a.html", "")]);
        assert!(refused(&forged).contains("did not write it"));
        let many: Vec<(String, &str)> = (0..8).map(|i| (format!("{i}.md"), "")).collect();
        let many: Vec<(&str, &str)> = many.iter().map(|(p, t)| (p.as_str(), *t)).collect();
        assert!(refused(&folder(d, "many", &many)).contains("4.md and 3 more."));
        fs::write(d.join("file"), "").unwrap();
        assert!(refused(&d.join("file")).contains("this is a file"));
        std::os::unix::fs::symlink(&ours, d.join("link")).unwrap();
        assert!(refused(&d.join("link")).contains("symbolic link"));
    }

    #[test]
    fn stale_staging_folders_are_deleted_only_when_ours() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let out = d.join("public");
        let dead = u32::MAX - 1; // no such process
        let listing = manifest(["a.html".to_string()].into_iter());
        let stale = folder(
            d,
            &format!(".public.building-{dead}"),
            &[(MANIFEST, STAGING_HEADER), ("x.html", "")],
        );
        let old = folder(
            d,
            &format!(".public.building-{dead}.old"),
            &[(MANIFEST, &listing), ("a.html", "")],
        );
        let users = folder(
            d,
            &format!(".public.building-{}", dead - 1),
            &[("notes.txt", "keep")],
        );
        let own_id = folder(
            d,
            &format!(".public.building-{}", std::process::id()),
            &[(MANIFEST, STAGING_HEADER)],
        );
        // Process 1 is always running: its build is in progress.
        let running = folder(d, ".public.building-1", &[(MANIFEST, STAGING_HEADER)]);
        let other = folder(d, ".public.building-notes", &[("a.txt", "")]);
        let warnings = clean_stale_staging(&out);
        assert!(!stale.exists() && !old.exists());
        assert!(users.join("notes.txt").exists() && other.exists() && running.exists());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("left alone"));
        // A folder under this process's own id was left by a stopped process that had it before.
        assert!(!own_id.exists());
    }
}
