//! Write a synthetic guide of N topics for benchmarks, as backguide content, a Hugo site and an
//! mdBook: `cargo run --release --example synth -- N DIR`.
//!
//! Then build `DIR/backguide` with backguide, `DIR/hugo` with `hugo`, and `DIR/mdbook` with
//! `mdbook build`; `bench/run.sh` does all of it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (n, dir) = match args.as_slice() {
        [n, dir] => match n.replace('_', "").parse::<usize>() {
            Ok(n) if n >= backguide::synth::MIN_TOPICS => (n, PathBuf::from(dir)),
            _ => {
                return usage(&format!(
                    "N must be a whole number of at least {}, not `{n}`",
                    backguide::synth::MIN_TOPICS
                ))
            }
        },
        _ => return usage("expected two arguments"),
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for tool in ["backguide", "hugo", "mdbook"] {
        let old = dir.join(tool);
        if old.exists() {
            if let Err(e) = std::fs::remove_dir_all(&old) {
                eprintln!("error: cannot clear {}: {e}", old.display());
                return ExitCode::FAILURE;
            }
        }
    }
    match backguide::synth::generate(n, &dir, repo) {
        Ok(s) => {
            println!(
                "wrote {} topics ({} words, {} links) to {}/{{backguide,hugo,mdbook}}",
                s.topics,
                s.words,
                s.links,
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}

fn usage(why: &str) -> ExitCode {
    eprintln!("error: {why}\nusage: cargo run --release --example synth -- N DIR");
    ExitCode::from(2)
}
