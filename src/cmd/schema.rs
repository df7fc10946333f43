//! `backguide schema`: write the editor schemas (`crate::schema`) into a folder.

use crate::diagnostic::{Diagnostic, Diagnostics};
use std::fs;
use std::path::Path;

/// Write every schema into `out`, creating it if need be. Files already up to date are left
/// alone, and nothing else in `out` is touched.
pub fn run(out: &Path) -> Result<String, Diagnostics> {
    let shown = out.display().to_string();
    let fail = |what: String, err: std::io::Error| {
        Diagnostics::from(Diagnostic::new(&shown, format!("{what}: {err}")))
    };
    fs::create_dir_all(out).map_err(|e| fail("cannot create this folder".into(), e))?;
    let schemas = crate::schema::all();
    let mut written = 0;
    for schema in &schemas {
        let path = out.join(&schema.name);
        if fs::read_to_string(&path).is_ok_and(|old| old == schema.json) {
            continue;
        }
        fs::write(&path, &schema.json)
            .map_err(|e| fail(format!("cannot write {}", schema.name), e))?;
        written += 1;
    }
    Ok(format!(
        "{} schemas in {shown}: {written} written, {} already up to date",
        schemas.len(),
        schemas.len() - written
    ))
}
