//! `backguide build`: build the site into a temporary folder and swap it in.

use crate::diagnostic::Diagnostics;
use crate::output::{self, Output};
use crate::site::{self, BuildOptions};
use std::path::Path;
use std::time::Instant;

/// With `strict`, any warning fails the build before the site is swapped in.
pub fn run(
    root: &Path,
    out: &Path,
    options: &BuildOptions,
    strict: bool,
) -> Result<String, Diagnostics> {
    let started = Instant::now();
    output::guard_output(root, out).map_err(Diagnostics::from)?;
    let left_alone = output::clean_stale_staging(out);
    // Dropped on an error, which deletes the staging folder and leaves the old site as it was.
    let staging = Output::staging(out)?;
    let mut built = site::build_into(root, options, &staging)?;
    built.warnings.extend(left_alone);
    if strict && !built.warnings.is_empty() {
        return Err(super::strict_errors(built.warnings));
    }
    staging.swap_in()?;
    super::print_warnings(&built.warnings, root);
    Ok(format!(
        "built {} pages ({} files) in {} with {} warning{} in {} ms",
        built.pages,
        built.files,
        out.display(),
        built.warnings.len(),
        if built.warnings.len() == 1 { "" } else { "s" },
        started.elapsed().as_millis()
    ))
}
