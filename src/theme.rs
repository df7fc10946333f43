//! The built-in theme: every file of backguide's own `templates/` and `static/`, carried in the
//! binary (listed by build.rs), as mdBook and Zola carry a default theme. A guide's own
//! `templates/` or `static/` file overrides the built-in file of the same name, and a file with
//! a new name is added; a guide needs neither folder.
//!
//! The interface words (`templates/words.yaml`) are not a template: a guide rewords them key by
//! key in `content/words.yaml` (`crate::content::words`).

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::{content, sources};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

mod built_in {
    include!(concat!(env!("OUT_DIR"), "/theme.rs"));
}

/// The words file inside templates/, which is not a template.
const WORDS: &str = "words.yaml";

/// Where a theme file came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    Guide,
}

/// Every template by its path inside `templates/`, as (name, text): the built-in ones,
/// overridden or added to by the guide's own. Also the warnings found on the way.
pub type Templates = (Vec<(String, String)>, Vec<Diagnostic>);

pub fn templates(root: &Path) -> Result<Templates, Diagnostics> {
    let (found, warnings) = templates_with_origin(root)?;
    let texts = found
        .into_iter()
        .map(|(name, (text, _))| (name, text))
        .collect();
    Ok((texts, warnings))
}

/// [`templates`], saying which are the guide's own.
#[allow(clippy::type_complexity)]
pub fn templates_with_origin(
    root: &Path,
) -> Result<(BTreeMap<String, (String, Origin)>, Vec<Diagnostic>), Diagnostics> {
    let mut found: BTreeMap<String, (String, Origin)> = built_in::TEMPLATES
        .iter()
        .filter(|(name, _)| *name != WORDS)
        .map(|(name, bytes)| {
            let text = std::str::from_utf8(bytes).expect("the built-in templates are UTF-8");
            (name.to_string(), (text.to_string(), Origin::BuiltIn))
        })
        .collect();
    let Some(files) = sources::walk(root, "templates")? else {
        return Ok((found, Vec::new()));
    };
    let mut diags = Diagnostics::default();
    for file in &files {
        let source = match content::read_source(&file.name, &file.path) {
            Ok(source) => source,
            Err(d) => {
                diags.error(d);
                continue;
            }
        };
        let name = source.path.trim_start_matches("templates/").to_string();
        if name == WORDS {
            // backguide's own repository keeps the built-in file here. Any other copy (one
            // copied with the templates from an older backguide) does nothing: say so, without
            // failing a guide that built before.
            if source.text != content::words::BUILT_IN {
                diags.warn(Diagnostic::new(
                    source.path,
                    "this file is not read: the interface words are built in, and a guide \
                     rewords them in content/words.yaml, under the same group and key; delete \
                     this file",
                ));
            }
            continue;
        }
        found.insert(name, (source.text, Origin::Guide));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((found, diags.warnings))
}

/// Every static file by its path inside `static/`: the built-in ones, overridden or added to
/// by the guide's own.
pub fn statics(root: &Path) -> Result<BTreeMap<String, Vec<u8>>, Diagnostics> {
    let mut files: BTreeMap<String, Vec<u8>> = built_in::STATIC
        .iter()
        .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
        .collect();
    let Some(found) = sources::walk(root, "static")? else {
        return Ok(files);
    };
    let mut diags = Diagnostics::default();
    for file in found {
        match fs::read(&file.path) {
            Ok(bytes) => {
                let key = file.name.trim_start_matches("static/").to_string();
                files.insert(key, bytes);
            }
            Err(err) => diags.error(Diagnostic::new(file.name, format!("cannot read: {err}"))),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(files)
}

/// The new guide `backguide init` writes: each file's path from the guide's root, and its bytes.
pub fn skeleton() -> &'static [(&'static str, &'static [u8])] {
    built_in::SKELETON
}

/// The built-in copy of a template or static file, for tests.
pub fn built_in_file(folder: &str, name: &str) -> Option<&'static [u8]> {
    let list = match folder {
        "templates" => built_in::TEMPLATES,
        "static" => built_in::STATIC,
        _ => return None,
    };
    list.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guide_without_templates_or_static_gets_the_built_in_theme() {
        let dir = tempfile::tempdir().unwrap();
        let (templates, _) = templates_with_origin(dir.path()).unwrap();
        assert!(templates.contains_key("base.html"));
        assert!(templates.contains_key("partials/nav.html"));
        assert!(!templates.contains_key(WORDS));
        assert!(templates.values().all(|(_, o)| *o == Origin::BuiltIn));
        assert!(statics(dir.path()).unwrap().contains_key("style.css"));
    }

    #[test]
    fn a_guide_file_overrides_the_built_in_one_of_the_same_name_and_adds_new_ones() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("templates/partials")).unwrap();
        fs::create_dir_all(dir.path().join("static/img")).unwrap();
        fs::write(
            dir.path().join("templates/partials/nav.html"),
            "<nav>mine</nav>",
        )
        .unwrap();
        fs::write(dir.path().join("static/style.css"), "body{}").unwrap();
        fs::write(dir.path().join("static/img/logo.svg"), "<svg/>").unwrap();
        let (t, _) = templates_with_origin(dir.path()).unwrap();
        assert_eq!(
            t["partials/nav.html"],
            ("<nav>mine</nav>".into(), Origin::Guide)
        );
        assert_eq!(t["base.html"].1, Origin::BuiltIn);
        let s = statics(dir.path()).unwrap();
        assert_eq!(s["style.css"], b"body{}");
        assert_eq!(s["img/logo.svg"], b"<svg/>");
        assert!(s.contains_key("decide.js"));
    }

    #[test]
    fn a_words_file_in_templates_is_a_warning_unless_it_is_the_built_in_one() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("templates")).unwrap();
        fs::write(
            dir.path().join("templates/words.yaml"),
            content::words::BUILT_IN,
        )
        .unwrap();
        assert!(templates(dir.path()).unwrap().1.is_empty());
        fs::write(
            dir.path().join("templates/words.yaml"),
            "page:\n  next: On\n",
        )
        .unwrap();
        let (found, warnings) = templates(dir.path()).unwrap();
        assert!(warnings[0].message.contains("content/words.yaml"));
        assert!(!found.iter().any(|(name, _)| name == WORDS));
    }
}
