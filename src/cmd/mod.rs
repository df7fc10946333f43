//! One module per subcommand.

pub mod build;
pub mod check;
pub mod new;
pub mod review;
pub mod serve;

use crate::diagnostic::{Diagnostic, Diagnostics};

/// Print errors and warnings the way compilers do, one per line.
pub fn report(diags: &Diagnostics) {
    for w in &diags.warnings {
        eprintln!("warning: {w}");
    }
    for e in &diags.errors {
        eprintln!("error: {e}");
    }
    if !diags.errors.is_empty() {
        let n = diags.errors.len();
        eprintln!(
            "{n} error{} found; nothing was written",
            if n == 1 { "" } else { "s" }
        );
    }
}

pub fn print_warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        eprintln!("warning: {w}");
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
