//! backguide's developer tasks: `cargo xtask TASK ...` (an alias for `cargo run -p xtask --`).
//!
//! `cargo xtask synth N DIR` writes a synthetic guide of N topics for benchmarks, as backguide
//! content, a Hugo site and an mdBook. Then build `DIR/backguide` with backguide, `DIR/hugo` with
//! `hugo`, and `DIR/mdbook` with `mdbook build`; `bench/run.sh` does all of it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use xtask::synth;

const USAGE: &str = "usage: cargo xtask synth N DIR";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("synth") => synth_task(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}\n\n  synth N DIR  write a synthetic guide of N topics to DIR/{{backguide,hugo,mdbook}}");
            ExitCode::SUCCESS
        }
        Some(other) => usage(&format!("unknown task `{other}`")),
        None => usage("expected a task"),
    }
}

fn synth_task(args: &[String]) -> ExitCode {
    let (n, dir) = match args {
        [n, dir] => match n.replace('_', "").parse::<usize>() {
            Ok(n) if n >= synth::MIN_TOPICS => (n, PathBuf::from(dir)),
            _ => {
                return usage(&format!(
                    "N must be a whole number of at least {}, not `{n}`",
                    synth::MIN_TOPICS
                ))
            }
        },
        _ => return usage("synth expects two arguments"),
    };
    // The real guide's templates/ and static/ are copied from the repository, xtask/'s parent.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ is inside the repository");
    for tool in ["backguide", "hugo", "mdbook"] {
        let old = dir.join(tool);
        if old.exists() {
            if let Err(e) = std::fs::remove_dir_all(&old) {
                eprintln!("error: cannot clear {}: {e}", old.display());
                return ExitCode::FAILURE;
            }
        }
    }
    match synth::generate(n, &dir, repo) {
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
    eprintln!("error: {why}\n{USAGE}");
    ExitCode::from(2)
}
