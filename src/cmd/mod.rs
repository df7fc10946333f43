//! One module per subcommand.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod review;
pub mod schema;
pub mod serve;

use crate::diagnostic::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;
use std::path::Path;

/// Print errors and warnings the way compilers do: the `file:line:col: message` line, then the
/// line of the file (read from `root`) with a caret under the column, and what to do.
pub fn report(diags: &Diagnostics, root: &Path) {
    print_warnings(&diags.warnings, root);
    let mut sources = BTreeMap::new();
    for e in &diags.errors {
        eprintln!("{}", e.render("error", source(&mut sources, root, e)));
    }
    if !diags.errors.is_empty() {
        let n = diags.errors.len();
        eprintln!(
            "{n} error{} found; nothing was written",
            if n == 1 { "" } else { "s" }
        );
    }
}

pub fn print_warnings(warnings: &[Diagnostic], root: &Path) {
    let mut sources = BTreeMap::new();
    for w in warnings {
        eprintln!("{}", w.render("warning", source(&mut sources, root, w)));
    }
}

/// `--strict`: the warnings, as errors, so the run fails and lists them.
pub fn strict_errors(warnings: Vec<Diagnostic>) -> Diagnostics {
    Diagnostics {
        errors: warnings
            .into_iter()
            .map(|mut w| {
                w.message
                    .push_str(" (a warning; --strict makes it an error)");
                w
            })
            .collect(),
        warnings: Vec::new(),
    }
}

/// The text of the diagnostic's file, read once per file (`None` if it cannot be read).
fn source<'a>(
    sources: &'a mut BTreeMap<String, Option<String>>,
    root: &Path,
    d: &Diagnostic,
) -> Option<&'a str> {
    d.line?;
    sources
        .entry(d.file.clone())
        .or_insert_with(|| {
            let text = std::fs::read_to_string(root.join(&d.file)).ok()?;
            Some(text.replace("\r\n", "\n"))
        })
        .as_deref()
}
