//! Finding the guide's source files. Every reader (content, templates, static files) walks its
//! folder through here, so one rule decides which symbolic links are followed: a link is read
//! only when it leads to a file inside `content/`, `templates/` or `static/`. A link to anywhere
//! else (outside the root, or inside it but in `.git` or the output folder) is refused, so content
//! that arrives by pull request cannot publish a file from the machine that builds it. A link to a
//! folder is refused too: it could lead back into itself, and a real folder says what it holds.

use crate::diagnostic::{Diagnostic, Diagnostics};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The folders under the root that hold the guide's sources.
pub const SOURCE_FOLDERS: &[&str] = &["content", "templates", "static"];

/// A file found under a source folder.
#[derive(Debug)]
pub struct SourcePath {
    /// Where it is, relative to the root, with `/` separators: `content/causes/doms.md`.
    pub name: String,
    /// Where to read it: the file itself, or the file a permitted link leads to.
    pub path: PathBuf,
}

/// Every file under `root/folder`, sorted by path, or `None` if there is no such folder. Every
/// refused link and unreadable folder is an error, and all of them are reported together.
pub fn walk(root: &Path, folder: &str) -> Result<Option<Vec<SourcePath>>, Diagnostics> {
    let dir = root.join(folder);
    let meta = match fs::symlink_metadata(&dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Diagnostic::new(folder, format!("cannot read: {e}")).into()),
    };
    let allowed = Allowed::under(root)?;
    if meta.file_type().is_symlink() {
        // Even a link to a folder inside the root is refused: the folder itself must be real.
        let refused = allowed.follow(root, &dir).err().unwrap_or_else(|| {
            Diagnostic::new(folder, "this is a symbolic link to a file, not a folder")
                .with_help(format!("replace the link with a real {folder}/ folder"))
        });
        return Err(refused.into());
    }
    if !meta.is_dir() {
        return Ok(None);
    }

    let mut files = Vec::new();
    let mut diags = Diagnostics::default();
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(SourcePath {
                name: relative(root, e.path()),
                path: e.into_path(),
            }),
            Ok(e) if e.path_is_symlink() => match allowed.follow(root, e.path()) {
                Ok(target) => files.push(SourcePath {
                    name: relative(root, e.path()),
                    path: target,
                }),
                Err(d) => diags.error(d),
            },
            // Folders are walked into; sockets and pipes are not sources.
            Ok(_) => {}
            Err(err) => {
                let place = err
                    .path()
                    .map_or_else(|| folder.to_string(), |p| relative(root, p));
                diags.error(Diagnostic::new(place, format!("cannot read: {err}")));
            }
        }
    }
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    Ok(Some(files))
}

/// Where a link may lead: the source folders, found from the root with every link resolved.
struct Allowed {
    root: PathBuf,
}

impl Allowed {
    fn under(root: &Path) -> Result<Allowed, Diagnostics> {
        let root = fs::canonicalize(root).map_err(|e| {
            Diagnostic::new(root.display().to_string(), format!("cannot read: {e}"))
        })?;
        Ok(Allowed { root })
    }

    /// The file the link at `link` leads to, if it may be read; otherwise an error naming the
    /// link, where it points (as written in the link) and what to do instead.
    fn follow(&self, root: &Path, link: &Path) -> Result<PathBuf, Diagnostic> {
        let name = relative(root, link);
        let written = fs::read_link(link)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        let refuse = |why: &str, help: &str| {
            Diagnostic::new(
                name.as_str(),
                format!("this is a symbolic link to `{written}`, {why}"),
            )
            .with_help(help.to_string())
        };
        let copy_in = "copy the file in (not a link to it); backguide reads only files inside \
                       content/, templates/ and static/";
        let Ok(target) = fs::canonicalize(link) else {
            return Err(refuse(
                "which does not exist",
                "remove the link, or copy the file in",
            ));
        };
        let inside = SOURCE_FOLDERS
            .iter()
            .any(|folder| target.starts_with(self.root.join(folder)));
        if !inside {
            let why = if target.starts_with(&self.root) {
                "which is inside the guide's folder but not in content/, templates/ or static/"
            } else {
                "which is outside the guide's folder"
            };
            return Err(refuse(why, copy_in));
        }
        match fs::metadata(&target) {
            Ok(meta) if meta.is_file() => Ok(target),
            Ok(meta) if meta.is_dir() => Err(refuse(
                "a folder: links to folders are not followed, as they can lead back into themselves",
                "make it a real folder, and copy the files in",
            )),
            Ok(_) => Err(refuse("which is not a file", copy_in)),
            Err(e) => Err(refuse(&format!("which cannot be read ({e})"), copy_in)),
        }
    }
}

/// `root/content/a/b.md` → `content/a/b.md`, with `/` separators on every platform.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

// The tests make links with the Unix call; the rule itself holds on every platform.
#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(files: &[SourcePath]) -> Vec<&str> {
        files.iter().map(|f| f.name.as_str()).collect()
    }

    #[test]
    fn follows_a_link_to_a_file_in_the_sources() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("static/img")).unwrap();
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("content/logo.svg"), "<svg/>").unwrap();
        // `..` in the target is fine while the file it reaches is a source.
        symlink("../../content/logo.svg", root.join("static/img/logo.svg")).unwrap();
        let files = walk(root, "static").unwrap().unwrap();
        assert_eq!(names(&files), ["static/img/logo.svg"]);
        assert_eq!(fs::read_to_string(&files[0].path).unwrap(), "<svg/>");
    }

    #[test]
    fn refuses_every_bad_link_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("guide");
        fs::create_dir_all(root.join("static/sub")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::write(root.join(".git/config"), "token").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        symlink("../../secret.txt", root.join("static/a.txt")).unwrap();
        symlink("../.git/config", root.join("static/b.txt")).unwrap();
        symlink("..", root.join("static/sub/loop")).unwrap();
        symlink("missing.txt", root.join("static/d.txt")).unwrap();
        let errors = walk(&root, "static").unwrap_err().errors;
        let files: Vec<&str> = errors.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(
            files,
            [
                "static/a.txt",
                "static/b.txt",
                "static/d.txt",
                "static/sub/loop"
            ]
        );
        assert!(errors[0].message.contains("`../../secret.txt`"));
        assert!(errors[0].message.contains("outside the guide's folder"));
        assert!(errors[1].message.contains("not in content/"));
        assert!(errors[2].message.contains("does not exist"));
        assert!(errors[3].message.contains("a folder"));
    }

    #[test]
    fn refuses_a_linked_source_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("guide");
        fs::create_dir_all(root.join("assets")).unwrap();
        fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
        symlink("../elsewhere", root.join("templates")).unwrap();
        symlink("assets", root.join("static")).unwrap();
        let outside = walk(&root, "templates").unwrap_err().errors;
        assert_eq!(outside[0].file, "templates");
        assert!(outside[0].message.contains("outside"), "{outside:?}");
        let inside = walk(&root, "static").unwrap_err().errors;
        assert_eq!(inside[0].file, "static");
        assert!(walk(&root, "content").unwrap().is_none());
    }
}
