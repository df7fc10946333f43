use backguide::cmd;
use backguide::site::BuildOptions;
use backguide::util::url::parse_base_url;
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc: a large build makes and frees millions of small strings on every core, and glibc's
/// allocator spent a tenth of the build there (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Build the guide from content/, templates/ and static/.
#[derive(Parser)]
#[command(name = "backguide", version, about)]
struct Cli {
    /// The folder that holds content/, templates/ and static/.
    #[arg(short, long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: <root>/public).
    Build {
        /// Where to write the site. Replaced whole, so it must be new, empty, or an earlier
        /// build with nothing added (see README: "What --out replaces").
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        #[command(flatten)]
        checks: CheckArgs,
    },
    /// Do everything build does, but write nothing.
    Check {
        #[command(flatten)]
        checks: CheckArgs,
    },
    /// Build, serve on 127.0.0.1, and rebuild and reload open pages on every edit.
    Serve {
        /// Where to keep the built site on disk (default: <root>/public); the same rules as
        /// build --out.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Write a new guide into DIR (new or empty): one section of each kind, a glossary,
    /// sources, an about page and a two-question decision page, all placeholders, that builds
    /// at once. The templates and static files are built in.
    Init {
        /// The folder to create the guide in, e.g. knee-pain-guide.
        dir: PathBuf,
    },
    /// Write a new topic, content/<SECTION>/<NAME>.md, with the fields its section needs.
    New {
        /// The section folder and the topic's file name, e.g. causes/hip-flexor-strain:
        /// lowercase words joined by hyphens.
        #[arg(value_name = "SECTION/NAME", value_parser = cmd::new::parse_topic_path)]
        topic: cmd::new::TopicPath,
    },
    /// List every page with its review dates, overdue first.
    Review {
        /// Exit with 1 when any review is overdue.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        today: TodayArg,
    },
    /// Write the JSON Schemas that let an editor check content/ as you type (see README:
    /// "Editor support"), generated from the types the build loads.
    Schema {
        /// The folder to write them to (default: <root>/schemas). Only the schema files are
        /// written; nothing else there is touched.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Args)]
struct CheckArgs {
    /// The site's address, e.g. https://user.github.io/repo/ (overrides base_url in
    /// guide.yaml). Used only for the sitemap, canonical and Open Graph tags and 404.html.
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    base_url: Option<String>,
    /// Treat warnings as errors: list them and exit with 1, writing nothing.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    today: TodayArg,
}

#[derive(Args)]
struct TodayArg {
    /// The date to check reviews against, instead of today's (UTC), e.g. 2027-01-31. Only
    /// warnings depend on it, never what is built.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = cmd::review::parse_date)]
    today: Option<time::Date>,
}

impl TodayArg {
    fn date(&self) -> time::Date {
        self.today.unwrap_or_else(cmd::review::today)
    }
}

impl CheckArgs {
    fn options(self) -> (BuildOptions, bool) {
        let options = BuildOptions {
            base_url: self.base_url,
            today: Some(self.today.date()),
        };
        (options, self.strict)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root;
    let result = match cli.command {
        Command::Build { out, checks } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let (options, strict) = checks.options();
            cmd::build::run(&root, &out, &options, strict)
        }
        Command::Check { checks } => {
            let (options, strict) = checks.options();
            cmd::check::run(&root, &options, strict)
        }
        Command::Serve { out, port, open } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            cmd::serve::run(&root, &out, port, open)
        }
        Command::Init { dir } => cmd::init::run(&dir),
        Command::New { topic } => cmd::new::run(&root, &topic),
        Command::Review { strict, today } => cmd::review::run(&root, today.date(), strict),
        Command::Schema { out } => cmd::schema::run(&out.unwrap_or_else(|| root.join("schemas"))),
    };
    match result {
        Ok(summary) => {
            // A reader such as `head` may stop early; that is not an error.
            let _ = writeln!(std::io::stdout(), "{summary}");
            ExitCode::SUCCESS
        }
        Err(diags) => {
            cmd::report(&diags, &root);
            ExitCode::from(1)
        }
    }
}
