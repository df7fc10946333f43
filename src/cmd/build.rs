//! `backguide build`: build the site into a temporary folder and swap it in.

use crate::diagnostic::Diagnostics;
use crate::output;
use crate::site::{self, BuildOptions};
use std::path::Path;
use std::time::Instant;

pub fn run(root: &Path, out: &Path, options: &BuildOptions) -> Result<String, Diagnostics> {
    let started = Instant::now();
    output::guard_output(root, out).map_err(Diagnostics::from)?;
    let site = site::build_site_with(root, options)?;
    output::write_site(out, &site.files)?;
    crate::timings::Timings::from_env().stage("write");
    super::print_warnings(&site.warnings);
    Ok(format!(
        "built {} pages ({} files) in {} with {} warning{} in {} ms",
        site.pages,
        site.files.len(),
        out.display(),
        site.warnings.len(),
        if site.warnings.len() == 1 { "" } else { "s" },
        started.elapsed().as_millis()
    ))
}
