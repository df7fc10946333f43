//! The build's other inputs, read with the same walk as the content (`sources::walk`): the
//! templates' texts and the static files.

use super::load::read_text;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::sources;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Every file under `root/templates`, as (name inside `templates/`, text).
pub fn read_templates(root: &Path) -> Result<Vec<(String, String)>, Diagnostics> {
    let Some(found) = sources::walk(root, "templates")? else {
        return Err(Diagnostic::new(
            "templates/",
            "no templates folder: expected templates/base.html and the page templates",
        )
        .into());
    };
    let mut diags = Diagnostics::default();
    let mut templates = Vec::new();
    for file in &found {
        match read_text(&file.name, &file.path) {
            Ok(source) => {
                let name = source.path.trim_start_matches("templates/").to_string();
                templates.push((name, source.text));
            }
            Err(d) => diags.error(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(templates)
}

/// Every file under `root/static`, by path inside `static/`.
pub fn read_static(root: &Path) -> Result<BTreeMap<String, Vec<u8>>, Diagnostics> {
    let mut files = BTreeMap::new();
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
