//! `backguide serve`: build the guide, serve it on 127.0.0.1, and rebuild and reload open pages
//! whenever the sources change.
//!
//! The site is served from memory (the last good build), so a failed build never leaves the
//! server with half a site, and no path can reach a file that is not part of the build. The
//! output folder on disk is updated after each good build, as `build` would.
//!
//! Modules: [`watcher`] notices edits, [`builder`] rebuilds and publishes a [`state::Snapshot`]
//! (and hands it to [`disk`]), [`http`] serves it and tells pages to reload over server-sent
//! events, using [`request_path`], [`content_type`] and [`inject`].

mod builder;
mod content_type;
mod disk;
mod http;
mod inject;
mod request_path;
mod state;
mod watcher;

use crate::diagnostic::{Diagnostic, Diagnostics};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

pub struct Options {
    /// The folder that holds content/, templates/ and static/.
    pub root: PathBuf,
    /// The output folder kept up to date on disk.
    pub out: PathBuf,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// Serve until the process is stopped. Returns only if the server cannot start or fails.
pub fn run(options: Options) -> Result<(), Diagnostics> {
    let root = options.root.canonicalize().map_err(|e| {
        Diagnostic::new(
            options.root.display().to_string(),
            format!("cannot open: {e}"),
        )
    })?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::new("serve", format!("cannot start the server: {e}")))?;
    let address = ("127.0.0.1", options.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(address))
        .map_err(|e| {
            Diagnostic::new(
                format!("127.0.0.1:{}", options.port),
                format!("cannot listen: {e}; try another --port, or --port 0 for any free one"),
            )
        })?;
    let url = match listener.local_addr() {
        Ok(a) => format!("http://{a}/"),
        Err(e) => return Err(Diagnostic::new("serve", e.to_string()).into()),
    };

    let run_id = run_id();
    let (sender, receiver) =
        tokio::sync::watch::channel(Arc::new(state::Snapshot::initial(&run_id)));
    let builder = Arc::new(builder::Builder::new(
        root.clone(),
        disk::DiskWriter::start(options.out),
        run_id,
        sender,
    ));
    // Watch before the first build, so that an edit made while it runs is not missed.
    let watch_root = root.clone();
    let on_change = builder.clone();
    let _watcher = watcher::start(&root, move |paths| {
        on_change.rebuild(&builder::describe_changes(&watch_root, &paths), &paths)
    })?;
    builder.rebuild("first build", &[]);

    say(&format!("Serving {url}"));
    say("Watching content/, templates/ and static/; press Ctrl-C to stop.");
    if options.open {
        open_browser(&url);
    }
    runtime
        .block_on(http::serve(listener, http::router(receiver)))
        .map_err(|e| Diagnostic::new("serve", format!("the server stopped: {e}")).into())
}

/// Different for every run of the server, so pages can tell they came from an earlier one.
fn run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{:x}{:x}", std::process::id(), nanos)
}

/// Print a line to the terminal. A server must not die because its terminal went away, so
/// failures to print are ignored (unlike `println!`, which panics).
fn say(line: &str) {
    let _ = writeln!(std::io::stdout(), "{line}");
}

fn warn(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Open `url` in the default browser. Failing is fine: the URL is printed anyway.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match command.spawn() {
        // Reap the opener when it exits, without holding up the server.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => warn(&format!(
            "could not open a browser ({e}); open {url} yourself"
        )),
    }
}
