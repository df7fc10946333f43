//! Helpers shared by the integration tests: building the real guide, and finding the browser.
#![allow(dead_code)]

pub mod linkcheck;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where Cargo.toml, content/, templates/ and static/ are).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the backguide binary with `args`.
pub fn backguide(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_backguide"))
        .args(args)
        .output()
        .expect("run backguide")
}

/// Build the real guide into a fresh temporary folder and return it (kept alive by the guard).
pub fn build_real_guide() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let root = repo_root();
    let output = backguide(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
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
    if missing.is_empty() {
        return true;
    }
    let message = format!("{test}: browser test needs {}", missing.join(", "));
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}: missing in CI");
    }
    eprintln!("SKIPPED {message}");
    false
}

/// Run `node tests/browser/<script> <args...>` and fail the test with its output if it fails.
pub fn run_node(script: &str, args: &[&str]) -> String {
    let output = Command::new("node")
        .arg(browser_dir().join(script))
        .args(args)
        .current_dir(browser_dir())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{script} failed:\n{stdout}\n{stderr}"
    );
    eprintln!("{stdout}");
    stdout
}
