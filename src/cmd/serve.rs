//! `backguide serve`: build, serve on 127.0.0.1, and rebuild and reload on every edit.

use crate::diagnostic::Diagnostics;
use crate::{output, serve};
use std::path::Path;

pub fn run(root: &Path, out: &Path, port: u16, open: bool) -> Result<String, Diagnostics> {
    output::guard_output(root, out).map_err(Diagnostics::from)?;
    super::print_warnings(&output::clean_stale_staging(out), root);
    serve::run(serve::Options {
        root: root.to_path_buf(),
        out: out.to_path_buf(),
        port,
        open,
    })?;
    Ok("the server stopped".into())
}
