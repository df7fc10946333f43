//! The build pipeline: load → check → render → (write). `check` runs every stage but the last.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::{check, content, decision, offline, output, publish, render, search};
use std::collections::BTreeMap;
use std::path::Path;

/// A built site held in memory: every output file, by output-relative path.
#[derive(Debug)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Choices made on the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Overrides `base_url` in guide.yaml; already checked by `publish::parse_base_url`.
    pub base_url: Option<String>,
}

/// Run every stage except writing, with the settings of guide.yaml.
pub fn build_site(root: &Path) -> Result<Site, Diagnostics> {
    build_site_with(root, &BuildOptions::default())
}

/// Run every stage except writing.
pub fn build_site_with(root: &Path, options: &BuildOptions) -> Result<Site, Diagnostics> {
    let mut timings = crate::timings::Timings::from_env();
    // Templates are loaded even when the content has errors, so one run reports both.
    let loaded = content::load(root);
    let tera = render::load_templates(root);
    timings.stage("load");
    let (mut content, mut diags) = match loaded {
        Ok(loaded) => loaded,
        Err(mut diags) => {
            if let Err(template_errors) = tera {
                diags.extend(template_errors);
            }
            return Err(sorted(diags));
        }
    };
    publish::apply_base_url(&mut content.guide, options.base_url.as_deref());
    let (mut checked, check_diags) = check::check(&content);
    diags.extend(check_diags);
    let decision = decision::prepare(&content, &mut checked.index, &mut diags);
    timings.stage("check");
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
    timings.stage("render");

    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut pages = rendered.pages.len();
    for (path, html) in rendered.pages {
        files.insert(path, html.into_bytes());
    }
    if let Some(tree) = &decision {
        for (path, text) in decision::outputs(tree, &content, &tera)? {
            pages += usize::from(path.ends_with(".html"));
            files.insert(path, text.into_bytes());
        }
    }
    // The search index and the web server's files (.nojekyll, robots.txt, sitemap.xml).
    let docs = search::documents(&content);
    let terms = search::terms_of(&docs);
    files.insert(
        "search-index.js".into(),
        search::index_js(&docs, &terms, str::to_string).into_bytes(),
    );
    let html: Vec<&str> = files.keys().map(String::as_str).collect();
    let server = publish::server_files(&content.guide, &html, &tera)?;
    files.extend(server);
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
    timings.stage("search");
    // Last: the downloads hold every other file.
    offline::add_downloads(&content, &docs, &terms, &tera, &mut files)?;
    timings.stage("downloads");
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
