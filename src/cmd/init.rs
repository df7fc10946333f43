//! `backguide init DIR`: write a new guide that builds at once. Content only: the templates
//! and static files are built in (`crate::theme`), so the guide starts with none of its own.
//! Every page says it is a placeholder until its author replaces the words.

use crate::diagnostic::{Diagnostic, Diagnostics};
use std::fs;
use std::io::Write as _;
use std::path::Path;

/// Write the skeleton into `dir`, which must be new or empty: no file is ever overwritten.
pub fn run(dir: &Path) -> Result<String, Diagnostics> {
    let shown = dir.display().to_string();
    let fail = |what: &str, err: std::io::Error| {
        Diagnostics::from(Diagnostic::new(&shown, format!("{what}: {err}")))
    };
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| fail("cannot read this folder", e))?;
        if entries.next().is_some() {
            return Err(Diagnostic::new(
                &shown,
                "this folder is not empty, and init writes only into a new or empty folder so \
                 that it never overwrites a file: choose another folder",
            )
            .into());
        }
    }
    let mut files: Vec<(String, Vec<u8>)> = crate::theme::skeleton()
        .iter()
        .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
        .collect();
    files.push(("content/words.yaml".into(), commented_words().into_bytes()));
    for (path, bytes) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| fail("cannot create a folder", e))?;
        }
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .and_then(|mut file| file.write_all(bytes))
            .map_err(|e| fail(&format!("cannot write {path}"), e))?;
    }
    Ok(format!(
        "wrote a new guide in {shown} ({} files, every page a placeholder). Next: \
         backguide -r {shown} serve, then replace the words in {shown}/content/",
        files.len()
    ))
}

/// The built-in interface words, every line commented out: the guide keeps the built-in words
/// until a line is uncommented and reworded, and a translation starts from the whole list.
fn commented_words() -> String {
    let mut text = String::from(
        "# The words of the interface (labels, headings, short sentences). Every key is here,\n\
         # commented out: uncomment a group's line and the key's line, and reword the text.\n\
         # Keep each {word in braces}: the build fills it in.\n\n",
    );
    for line in crate::content::words::BUILT_IN.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        text.push_str("# ");
        text.push_str(line);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_folder_that_is_not_empty_and_leaves_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = run(dir.path()).unwrap_err();
        assert!(err.errors[0].message.contains("not empty"));
        assert_eq!(
            fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
        assert!(!dir.path().join("content").exists());
    }

    #[test]
    fn the_words_file_rewords_nothing_until_a_line_is_uncommented() {
        let text = commented_words();
        assert!(text.lines().all(|l| l.is_empty() || l.starts_with('#')));
        assert!(text.contains("#   related: Related"));
    }
}
