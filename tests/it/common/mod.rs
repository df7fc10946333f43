//! Helpers shared by the integration tests: copying and building the real guide, and finding and
//! running the browser.

pub mod linkcheck;
pub mod scenarios;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where Cargo.toml, content/, templates/ and static/ are).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copy the folder `from` to `to`, recursively (creating `to`).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Copy the real guide's sources (content/, templates/ and static/) into the folder `root`.
pub fn copy_guide_sources(root: &Path) {
    let repo = repo_root();
    for folder in ["content", "templates", "static"] {
        copy_dir(&repo.join(folder), &root.join(folder));
    }
}

/// A temporary folder holding a copy of the real guide's sources at its top, to change freely.
pub fn copy_of_the_guide() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_guide_sources(dir.path());
    dir
}

/// Every file, folder and symlink under a folder, by relative path, without following links:
/// a file's bytes, a folder's marker, a link's target. Snapshot a folder with [`tree`] to compare
/// it before and after.
pub type Tree = BTreeMap<String, Vec<u8>>;

pub fn tree(dir: &Path) -> Tree {
    fn walk(dir: &Path, prefix: &str, out: &mut Tree) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap()).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let path = entry.path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                let target = fs::read_link(&path).unwrap();
                let target = format!("symlink -> {}", target.display());
                out.insert(rel, target.into_bytes());
            } else if meta.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(&path, &format!("{rel}/"), out);
            } else {
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = Tree::new();
    walk(dir, "", &mut out);
    out
}

/// The text of the file `path` (relative) in the folder `site`; fails the test naming it if it
/// cannot be read.
pub fn read(site: &Path, path: &str) -> String {
    fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Run the backguide binary with `args`.
pub fn backguide(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_backguide"))
        .args(args)
        .output()
        .expect("run backguide")
}

/// Run the backguide binary with `args` from inside the folder `dir`.
pub fn backguide_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_backguide"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run backguide")
}

/// Run `backguide build --root <root> --out <out>`.
pub fn build(root: &Path, out: &Path) -> Output {
    backguide(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

/// A finished command's stdout and stderr, as text.
pub fn output_text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Build the real guide into a fresh temporary folder and return it (kept alive by the guard).
pub fn build_real_guide() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let output = build(&repo_root(), &out);
    assert!(
        output.status.success(),
        "build failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (dir, out)
}

/// Where the browser tests' node_modules live.
pub fn browser_dir() -> PathBuf {
    repo_root().join("tests/browser")
}

/// True when headless Chromium and playwright-core are installed. When they are missing, a
/// test run outside CI says so and skips; in CI (`CI=true`) it fails instead.
pub fn browser_available(test: &str) -> bool {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut missing = Vec::new();
    if !Path::new(&chromium).exists() {
        missing.push(format!(
            "Chromium at {chromium} (apt-get install -y chromium)"
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node".to_string());
    }
    if !browser_dir().join("node_modules/playwright-core").exists() {
        missing.push("playwright-core (npm ci --prefix tests/browser)".to_string());
    }
    nothing_missing(&format!("{test}: browser test needs"), &missing)
}

/// True when `missing` (the tools a test needs that are not installed) is empty. Otherwise
/// `<needs> <missing, joined>` is said: outside CI the test skips with it; in CI (`CI=true`) it
/// fails with it.
pub fn nothing_missing(needs: &str, missing: &[String]) -> bool {
    if missing.is_empty() {
        return true;
    }
    let message = format!("{needs} {}", missing.join(", "));
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}: missing in CI");
    }
    eprintln!("SKIPPED {message}");
    false
}

/// The command `node tests/browser/<script>`, run from tests/browser: add arguments (and
/// environment), then run it.
pub fn node(script: &str) -> Command {
    let mut command = Command::new("node");
    command
        .arg(browser_dir().join(script))
        .current_dir(browser_dir());
    command
}

/// Run `node tests/browser/<script> <site>` without failing the test; returns whether it
/// succeeded, and its stdout followed by its stderr.
pub fn node_check(script: &str, site: &Path) -> (bool, String) {
    let out = node(script).arg(site).output().expect("run node");
    let (stdout, stderr) = output_text(&out);
    (out.status.success(), format!("{stdout}{stderr}"))
}

/// Run `node tests/browser/<script> <args...>` and fail the test with its output if it fails.
pub fn run_node(script: &str, args: &[&str]) -> String {
    let output = node(script).args(args).output().expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{script} failed:\n{stdout}\n{stderr}"
    );
    eprintln!("{stdout}");
    stdout
}
