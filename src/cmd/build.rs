//! `backguide build`: build the site into a temporary folder and swap it in.

use crate::diagnostic::Diagnostics;
use crate::output::{self, Output};
use crate::site::{self, BuildOptions};
use std::path::Path;
use std::time::Instant;

pub fn run(root: &Path, out: &Path, options: &BuildOptions) -> Result<String, Diagnostics> {
    let started = Instant::now();
    output::guard_output(root, out).map_err(Diagnostics::from)?;
    // Dropped on an error, which deletes the staging folder and leaves the old site as it was.
    let staging = Output::staging(out)?;
    let built = site::build_into(root, options, &staging)?;
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
