//! `backguide serve` as an author meets it: a real server on a copy of the real guide, asked
//! over plain HTTP and server-sent events.

use crate::common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long to wait for anything the server does. Generous: the machine is shared.
const PATIENCE: Duration = Duration::from_secs(10);

/// A running `backguide serve`, killed when dropped.
struct Server {
    child: Child,
    /// host:port
    address: String,
    /// Everything it printed, for failure messages.
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(root: &Path) -> Server {
        Server::start_with(root, &[], &[])
    }

    fn start_with(root: &Path, extra: &[&str], env: &[(&str, String)]) -> Server {
        Server::spawn(
            Command::new(env!("CARGO_BIN_EXE_backguide")),
            root,
            extra,
            env,
        )
    }

    /// The server with at most `files` open file descriptors, as on a machine with a low limit.
    fn start_with_file_limit(root: &Path, files: u32) -> Server {
        let mut sh = Command::new("sh");
        sh.args([
            "-c",
            &format!("ulimit -n {files} && exec \"$0\" \"$@\""),
            env!("CARGO_BIN_EXE_backguide"),
        ]);
        Server::spawn(sh, root, &[], &[])
    }

    fn spawn(mut command: Command, root: &Path, extra: &[&str], env: &[(&str, String)]) -> Server {
        let mut child = command
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start backguide serve");
        let log = Arc::new(Mutex::new(String::new()));
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut server = Server {
            child,
            address: String::new(),
            log: log.clone(),
        };
        let stderr = server.child.stderr.take().unwrap();
        drain(stderr, log.clone());
        let mut line = String::new();
        loop {
            line.clear();
            let n = stdout
                .read_line(&mut line)
                .expect("read the server's output");
            log.lock().unwrap().push_str(&line);
            if n == 0 {
                panic!("serve exited before serving:\n{}", server.log());
            }
            if let Some(url) = line.trim().strip_prefix("Serving ") {
                let address = url
                    .strip_prefix("http://")
                    .and_then(|a| a.strip_suffix('/'))
                    .unwrap_or_else(|| panic!("not a local URL: {url}"));
                assert!(address.starts_with("127.0.0.1:"), "{address}");
                server.address = address.to_string();
                break;
            }
        }
        drain(stdout, log);
        server
    }

    fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Response {
        self.request("GET", path)
    }

    /// One request, written byte for byte as given: `path` is not normalised by any client.
    fn request(&self, method: &str, path: &str) -> Response {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read the response");
        Response::parse(&raw)
    }

    /// One request with the given `Host` header line (or none), exactly as written.
    fn request_as(&self, request_line: &str, host: Option<&str>) -> Response {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let host = host.map_or(String::new(), |h| format!("Host: {h}\r\n"));
        write!(stream, "{request_line}\r\n{host}Connection: close\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read the response");
        Response::parse(&raw)
    }

    /// Subscribe to the live-reload events.
    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        write!(
            stream,
            "GET /__livereload HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.get_ref().set_read_timeout(Some(PATIENCE)).unwrap();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        let mut chunked = false;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("content-type:") {
                assert!(lower.contains("text/event-stream"), "{line}");
            }
            chunked |= lower.starts_with("transfer-encoding:") && lower.contains("chunked");
            if line == "\r\n" {
                break;
            }
        }
        Events {
            reader,
            chunked,
            pending: String::new(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Keep reading a pipe into `log`, so the server never blocks on a full pipe.
fn drain(pipe: impl Read + Send + 'static, log: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let mut log = log.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    });
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text.split_once("\r\n\r\n").expect("a complete response");
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let chunked = headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
        let body = if chunked {
            dechunk(body)
        } else {
            body.to_string()
        };
        Response {
            status,
            headers,
            body,
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    loop {
        let (size, rest) = body.split_once("\r\n").expect("a chunk size");
        let size = usize::from_str_radix(size.trim(), 16).expect("a hex chunk size");
        if size == 0 {
            return out;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
}

/// The live-reload event stream, read one event at a time.
struct Events {
    reader: BufReader<TcpStream>,
    chunked: bool,
    /// Text read but not yet parsed into events.
    pending: String,
}

#[derive(Debug)]
struct Event {
    name: String,
    data: String,
}

impl Events {
    /// The next event other than a keep-alive comment, waiting at most `PATIENCE`.
    fn next(&mut self, log: &Server) -> Event {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(event) = self.take_event() {
                return event;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "no event within {PATIENCE:?}; server said:\n{}",
                log.log()
            );
            self.reader.get_ref().set_read_timeout(Some(left)).unwrap();
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => panic!("the event stream closed; server said:\n{}", log.log()),
                Ok(_) => {}
                Err(e) => panic!("no event ({e}); server said:\n{}", log.log()),
            }
            if self.chunked {
                // A chunk-size line; the chunk's text follows on lines of its own.
                let is_size = line.trim().chars().all(|c| c.is_ascii_hexdigit());
                if is_size && !line.trim().is_empty() {
                    continue;
                }
            }
            self.pending.push_str(&line.replace("\r\n", "\n"));
        }
    }

    /// The next event with `name`, skipping others.
    fn expect(&mut self, name: &str, log: &Server) -> Event {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let event = self.next(log);
            if event.name == name {
                return event;
            }
            assert!(Instant::now() < deadline, "no `{name}` event");
        }
    }

    fn take_event(&mut self) -> Option<Event> {
        loop {
            let end = self.pending.find("\n\n")?;
            let block: String = self.pending.drain(..end + 2).collect();
            let mut name = String::from("message");
            let mut data = Vec::new();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    name = v.trim_start().to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                }
            }
            // A block of comments only is a keep-alive.
            if !data.is_empty() {
                return Some(Event {
                    name,
                    data: data.join("\n"),
                });
            }
        }
    }
}

/// A temporary copy of the real guide's sources, with a secret file beside them that no
/// request may reach.
fn copy_of_guide() -> tempfile::TempDir {
    let dir = common::copy_of_the_guide();
    fs::write(dir.path().join("Cargo.toml"), "secret outside the site\n").unwrap();
    dir
}

/// Replace the first line starting with `prefix` in `path`.
fn edit_line(path: &Path, prefix: &str, new_line: &str) {
    let text = fs::read_to_string(path).unwrap();
    let mut done = false;
    let edited: Vec<&str> = text
        .lines()
        .map(|l| {
            if !done && l.starts_with(prefix) {
                done = true;
                new_line
            } else {
                l
            }
        })
        .collect();
    assert!(
        done,
        "no line starting with {prefix:?} in {}",
        path.display()
    );
    fs::write(path, edited.join("\n") + "\n").unwrap();
}

/// The start of the live-reload script tag `serve` adds to every page.
const RELOAD_TAG: &str = "<script src=\"/__livereload.js\" data-version=";

/// The page as the build wrote it: the response with the injected script taken out.
fn without_reload_script(body: &str) -> String {
    let start = body.find(RELOAD_TAG).expect("the reload script");
    let end = start + body[start..].find("</script>\n").unwrap() + "</script>\n".len();
    format!("{}{}", &body[..start], &body[end..])
}

fn title_of(html: &str) -> &str {
    let start = html.find("<title>").expect("a title") + "<title>".len();
    &html[start..start + html[start..].find("</title>").unwrap()]
}

/// Wait until `done` holds, failing after `PATIENCE`.
fn eventually(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn doms(root: &Path) -> PathBuf {
    root.join("content/causes/doms.md")
}

#[test]
fn serves_the_site_with_the_reload_script_and_nothing_outside_it() {
    let dir = copy_of_guide();
    let server = Server::start(dir.path());
    let out = dir.path().join("public");

    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", server.log());
    // The disk copy is written just after the site is published.
    eventually("the output folder is written", || {
        out.join("index.html").is_file()
    });
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.body.contains("class=\"page-home\""),
        "not the home page"
    );
    assert!(home.body.contains(RELOAD_TAG));
    // A file of its own, so the pages' Content-Security-Policy allows it as one of the site's.
    let script = server.get("/__livereload.js");
    assert_eq!(script.status, 200);
    assert!(script.body.contains("new EventSource('/__livereload')"));
    // The script is only added in serve mode: the file on disk is the plain build.
    let on_disk = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!on_disk.contains("__livereload"));
    assert_eq!(without_reload_script(&home.body), on_disk);
    assert!(home.body.find(RELOAD_TAG).unwrap() < home.body.rfind("</body>").unwrap());

    let causes = server.get("/causes/");
    assert_eq!(causes.status, 200);
    assert_eq!(
        without_reload_script(&causes.body),
        fs::read_to_string(out.join("causes/index.html")).unwrap()
    );
    let folder = server.get("/causes");
    assert_eq!(folder.status, 307);
    assert_eq!(folder.header("location"), Some("causes/"));

    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.body, fs::read_to_string(out.join("style.css")).unwrap());
    let head = server.request("HEAD", "/style.css");
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    assert_eq!(server.request("POST", "/").status, 405);
    assert_eq!(server.get("/no-such-page.html").status, 404);

    // A symlink planted in the output folder is not part of the build, so it is not served.
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("Cargo.toml"), out.join("linked.toml")).unwrap();
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/..%2fCargo.toml",
        "/causes/..%2f..%2fCargo.toml",
        "/%2E%2E%2FCargo.toml",
        "/causes/%2e%2e/%2e%2e/Cargo.toml",
        "/linked.toml",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(!response.body.contains("secret"), "{path}");
    }
    // Backslashes are not even valid in a request target; any refusal will do.
    let backslash = server.get("/..\\Cargo.toml");
    assert!(
        matches!(backslash.status, 400 | 404),
        "{}",
        backslash.status
    );
    assert!(!backslash.body.contains("secret"));
}

#[test]
fn reloads_after_an_edit_and_survives_a_broken_one() {
    let dir = copy_of_guide();
    let server = Server::start(dir.path());
    let mut events = server.events();
    let hello = events.expect("hello", &server);
    let page = server.get("/causes/doms.html");
    assert!(page
        .body
        .contains(&format!("data-version=\"{}\"", hello.data)));

    // An edit: the stream says reload with a new version, and the new title is served.
    edit_line(
        &doms(dir.path()),
        "title:",
        "title: Soreness that comes later",
    );
    let reload = events.expect("reload", &server);
    assert_ne!(reload.data, hello.data);
    let page = server.get("/causes/doms.html");
    assert!(
        title_of(&page.body).starts_with("Soreness that comes later"),
        "{}",
        title_of(&page.body)
    );
    assert!(page
        .body
        .contains(&format!("data-version=\"{}\"", reload.data)));
    // The disk copy is written just after the new site is published.
    eventually("the output folder is updated", || {
        fs::read_to_string(dir.path().join("public/causes/doms.html"))
            .is_ok_and(|html| title_of(&html).starts_with("Soreness that comes later"))
    });

    // A broken edit: the error names the file and line, and the last good page stays.
    edit_line(
        &doms(dir.path()),
        "title:",
        "titel: Soreness that comes later",
    );
    let error = events.expect("build-error", &server);
    assert!(
        error
            .data
            .contains("content/causes/doms.md:2:1: unknown field `titel`"),
        "{}",
        error.data
    );
    let page = server.get("/causes/doms.html");
    assert_eq!(page.status, 200);
    assert!(title_of(&page.body).starts_with("Soreness that comes later"));
    eventually("the error is printed in the terminal", || {
        server.log().contains("error: content/causes/doms.md:2:1")
    });
    // A page opened now learns of the error as soon as it connects.
    let mut late = server.events();
    late.expect("hello", &server);
    let told = late.expect("build-error", &server);
    assert_eq!(told.data, error.data);

    // The fix reloads both listeners.
    edit_line(&doms(dir.path()), "titel:", "title: Soreness, fixed");
    let fixed = events.expect("reload", &server);
    assert_ne!(fixed.data, reload.data);
    assert_eq!(late.expect("reload", &server).data, fixed.data);
    let page = server.get("/causes/doms.html");
    assert!(title_of(&page.body).starts_with("Soreness, fixed"));
}

#[test]
fn waits_for_a_first_good_build() {
    let dir = copy_of_guide();
    edit_line(&doms(dir.path()), "title:", "titel: Broken from the start");
    let server = Server::start(dir.path());
    let home = server.get("/");
    assert_eq!(home.status, 503);
    assert!(home.body.contains(RELOAD_TAG));
    assert!(
        !dir.path().join("public").exists(),
        "a failed build wrote output"
    );
    let mut events = server.events();
    events.expect("hello", &server);
    assert!(events
        .expect("build-error", &server)
        .data
        .contains("content/causes/doms.md:2:1"));

    edit_line(&doms(dir.path()), "titel:", "title: Fixed");
    events.expect("reload", &server);
    assert_eq!(server.get("/").status, 200);
    eventually("the output folder is written", || {
        dir.path().join("public/index.html").is_file()
    });
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let dir = copy_of_guide();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let root = dir.path().to_str().unwrap();
    let output = common::backguide(&["serve", "--root", root, "--port", &port]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("127.0.0.1:{port}: cannot listen")),
        "{stderr}"
    );
}

#[test]
fn refuses_an_output_folder_inside_the_sources() {
    let dir = copy_of_guide();
    let root = dir.path().to_str().unwrap();
    let out = dir.path().join("content/out");
    let output = common::backguide(&[
        "serve",
        "--root",
        root,
        "--port",
        "0",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing to use this output folder"));
}

/// `--open` hands the URL to the desktop's opener; a stand-in `xdg-open` records it.
#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn open_hands_the_url_to_the_desktop() {
    use std::os::unix::fs::PermissionsExt;
    let dir = copy_of_guide();
    let bin = tempfile::tempdir().unwrap();
    let record = bin.path().join("opened");
    let opener = bin.path().join("xdg-open");
    fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", record.display()),
    )
    .unwrap();
    fs::set_permissions(&opener, fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let server = Server::start_with(dir.path(), &["--open"], &[("PATH", path)]);
    eventually("the browser is opened", || {
        fs::read_to_string(&record).is_ok_and(|url| url.trim() == server.url())
    });
}

#[test]
fn a_page_in_chromium_reloads_and_shows_build_errors() {
    if !common::browser_available("serve reload") {
        return;
    }
    let dir = copy_of_guide();
    let server = Server::start(dir.path());
    let root = dir.path().to_str().unwrap();
    common::run_node("serve_reload.mjs", &[&server.url(), root]);
}

#[test]
fn answers_only_loopback_host_names() {
    let dir = copy_of_guide();
    let server = Server::start(dir.path());
    let port = server.address.rsplit_once(':').unwrap().1.to_string();
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        "[::1]".to_string(),
        format!("[::1]:{port}"),
    ] {
        let response = server.request_as("GET /causes/doms.html HTTP/1.1", Some(&host));
        assert_eq!(response.status, 200, "Host: {host}");
    }
    // A DNS-rebinding page sends its own name; it gets no page, no script and no error stream.
    for (line, host) in [
        ("GET / HTTP/1.1", Some("evil.example")),
        (
            "GET / HTTP/1.1",
            Some(format!("evil.example:{port}").as_str()),
        ),
        (
            "GET / HTTP/1.1",
            Some(format!("localhost.evil.example:{port}").as_str()),
        ),
        (
            "GET / HTTP/1.1",
            Some(format!("127.0.0.1.nip.io:{port}").as_str()),
        ),
        ("GET / HTTP/1.1", Some("0.0.0.0")),
        ("GET /__livereload HTTP/1.1", Some("evil.example")),
        ("GET /__livereload.js HTTP/1.1", Some("evil.example")),
        ("GET /__livereload-worker.js HTTP/1.1", Some("evil.example")),
        ("GET /no-such-page.html HTTP/1.1", Some("evil.example")),
        ("GET http://evil.example/ HTTP/1.1", Some("localhost")),
        ("GET / HTTP/1.0", None),
    ] {
        let response = server.request_as(line, host);
        assert!(
            matches!(response.status, 421 | 403 | 400),
            "{line} with Host {host:?}: {}",
            response.status
        );
        assert!(
            response.body.is_empty(),
            "{line} with Host {host:?}: {}",
            response.body
        );
        assert!(!response.body.contains("Back pain"));
    }
}

#[test]
fn empty_path_segments_are_not_found() {
    let dir = copy_of_guide();
    let server = Server::start(dir.path());
    assert_eq!(server.get("/causes/doms.html").status, 200);
    for path in [
        "//",
        "////index.html",
        "//index.html",
        "/causes//doms.html",
        "//causes/",
        "/causes//",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(
            response.body.contains("class=\"page-404\""),
            "{path}: not the 404 page"
        );
    }
}

#[test]
fn idle_connections_time_out_so_a_real_request_still_gets_through() {
    let dir = copy_of_guide();
    // 256 file descriptors, as on the machine where 300 idle sockets starved the server.
    let server = Server::start_with_file_limit(dir.path(), 256);
    assert_eq!(server.get("/").status, 200, "{}", server.log());
    // Half of them send half a request and stop; the rest send nothing at all.
    let idle: Vec<TcpStream> = (0..300)
        .map(|i| {
            let mut s = TcpStream::connect(&server.address).expect("connect an idle socket");
            if i % 2 == 0 {
                let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n");
            }
            s
        })
        .collect();
    // A guard, not a timing assertion: without timeouts the request waits forever.
    let (sender, receiver) = std::sync::mpsc::channel();
    let address = server.address.clone();
    std::thread::spawn(move || {
        let mut stream = TcpStream::connect(&address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        write!(
            stream,
            "GET /causes/doms.html HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let _ = sender.send(raw);
    });
    let raw = receiver
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| {
            panic!(
                "the request never got an answer; server said:\n{}",
                server.log()
            )
        });
    assert!(!raw.is_empty(), "the connection was closed unanswered");
    assert_eq!(Response::parse(&raw).status, 200);
    drop(idle);
}

#[test]
fn the_error_stream_shows_paths_relative_to_the_root() {
    let dir = copy_of_guide();
    fs::rename(dir.path().join("content"), dir.path().join("content-away")).unwrap();
    let server = Server::start(dir.path());
    let mut events = server.events();
    events.expect("hello", &server);
    let error = events.expect("build-error", &server);
    let root = dir.path().canonicalize().unwrap();
    assert!(error.data.contains("no content folder"), "{}", error.data);
    for absolute in [root.display().to_string(), dir.path().display().to_string()] {
        assert!(!error.data.contains(&absolute), "{}", error.data);
    }
}
