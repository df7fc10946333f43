//! `backguide check`: every stage of a build except writing.

use crate::diagnostic::Diagnostics;
use crate::site::{self, BuildOptions};
use std::path::Path;
use std::time::Instant;

/// With `strict`, any warning is an error.
pub fn run(root: &Path, options: &BuildOptions, strict: bool) -> Result<String, Diagnostics> {
    let started = Instant::now();
    let site = site::check_site(root, options)?;
    if strict && !site.warnings.is_empty() {
        return Err(super::strict_errors(site.warnings));
    }
    super::print_warnings(&site.warnings, root);
    Ok(format!(
        "checked {} pages: no errors, {} warning{} in {} ms",
        site.pages,
        site.warnings.len(),
        if site.warnings.len() == 1 { "" } else { "s" },
        started.elapsed().as_millis()
    ))
}
