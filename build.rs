//! Lists the built-in theme (every file of templates/ and static/) for `src/theme.rs`, so the
//! binary carries it: a guide with no templates/ or static/ of its own builds with these. Also
//! the new guide `backguide init` writes (skeleton/).

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut code = String::new();
    let folders = [
        ("templates", "TEMPLATES"),
        ("static", "STATIC"),
        ("skeleton", "SKELETON"),
    ];
    for (folder, name) in folders {
        println!("cargo:rerun-if-changed={folder}");
        let mut files = Vec::new();
        list(&Path::new(&manifest).join(folder), "", &mut files);
        files.sort();
        writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
        for rel in files {
            writeln!(
                code,
                "    ({rel:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?}))),",
                format!("/{folder}/{rel}")
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("theme.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}

/// Every file under `dir`, as a `/`-separated path inside it.
fn list(dir: &Path, prefix: &str, files: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        let path = entry.path();
        if path.is_dir() {
            list(&path, &format!("{rel}/"), files);
        } else {
            println!("cargo:rerun-if-changed={}", path.display());
            files.push(rel);
        }
    }
}
