//! The build pipeline: load → check → render → (write). `check` runs every stage but the last.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::{check, content, output, render};
use std::collections::BTreeMap;
use std::path::Path;

/// A built site held in memory: every output file, by output-relative path.
#[derive(Debug)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Run every stage except writing.
pub fn build_site(root: &Path) -> Result<Site, Diagnostics> {
    let (content, mut diags) = content::load(root)?;
    let (checked, check_diags) = check::check(&content);
    diags.extend(check_diags);
    // Templates are loaded even when the content has errors, so one run reports both.
    let tera = render::load_templates(root);
    let statics = output::read_static(root);
    let mut tera = match tera {
        Ok(t) if !diags.has_errors() => t,
        Ok(_) => return Err(sorted(diags)),
        Err(e) => {
            diags.extend(e);
            return Err(sorted(diags));
        }
    };
    let statics = statics?;
    let rendered = render::render_site(&content, &checked, &mut tera)?;

    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let pages = rendered.pages.len();
    for (path, html) in rendered.pages {
        files.insert(path, html.into_bytes());
    }
    for (path, bytes) in statics {
        if files.contains_key(&path) {
            diags.error(Diagnostic::new(
                format!("static/{path}"),
                "this file has the same path as a generated page; rename it",
            ));
        }
        files.insert(path, bytes);
    }
    let diags = sorted(diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Site {
        files,
        pages,
        warnings: diags.warnings,
    })
}

fn sorted(mut d: Diagnostics) -> Diagnostics {
    d.sort();
    d
}
