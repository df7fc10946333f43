use backguide::cmd;
use backguide::publish::parse_base_url;
use backguide::site::BuildOptions;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc: a large build makes and frees millions of small strings on every core, and glibc's
/// allocator spent a tenth of the build there (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Build the back-pain guide from content/, templates/ and static/.
#[derive(Parser)]
#[command(name = "backguide", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: <root>/public).
    Build {
        /// The folder that holds content/, templates/ and static/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The site's address, e.g. https://user.github.io/repo/ (overrides base_url in
        /// guide.yaml). Used only for the sitemap, canonical and Open Graph tags and 404.html.
        #[arg(long, value_name = "URL", value_parser = parse_base_url)]
        base_url: Option<String>,
    },
    /// Do everything build does, but write nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// As for build.
        #[arg(long, value_name = "URL", value_parser = parse_base_url)]
        base_url: Option<String>,
    },
    /// Build, serve on 127.0.0.1, and rebuild and reload open pages on every edit.
    Serve {
        /// The folder that holds content/, templates/ and static/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to keep the built site on disk (default: <root>/public).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = match &cli.command {
        Command::Build { root, .. } | Command::Check { root, .. } | Command::Serve { root, .. } => {
            root.clone()
        }
    };
    let result = match cli.command {
        Command::Build {
            root,
            out,
            base_url,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            cmd::build::run(&root, &out, &BuildOptions { base_url })
        }
        Command::Check { root, base_url } => cmd::check::run(&root, &BuildOptions { base_url }),
        Command::Serve {
            root,
            out,
            port,
            open,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            cmd::serve::run(&root, &out, port, open)
        }
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(diags) => {
            cmd::report(&diags, &root);
            ExitCode::from(1)
        }
    }
}
