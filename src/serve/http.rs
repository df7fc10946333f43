//! The HTTP side: the site's files from memory, and the live-reload event stream.

use super::content_type;
use super::inject::{with_reload_script, SCRIPT, SCRIPT_PATH};
use super::request_path::{resolve, Target};
use super::state::{messages_between, Message, Snapshot};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Where pages listen for reloads. The double underscore keeps it clear of the site's paths.
pub const EVENTS_PATH: &str = "/__livereload";
/// The shared worker that holds one event stream for all open pages.
pub const WORKER_PATH: &str = "/__livereload-worker.js";
const WORKER: &str = include_str!("livereload-worker.js");

type Published = watch::Receiver<Arc<Snapshot>>;

/// How long a connection may take to send a request's headers, and how long it may sit idle
/// between requests, before it is closed. Without it, a few hundred idle sockets hold every
/// file descriptor and no page loads. A browser simply opens a new connection.
const HEADER_AND_IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// Serve `router` on `listener` until the process stops, one task per connection, each closed
/// when it goes quiet for `HEADER_AND_IDLE_TIMEOUT` (the event stream is a response in
/// progress, so it is not cut).
pub async fn serve(listener: TcpListener, router: Router) -> std::io::Result<()> {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, most likely: idle connections time out and free them.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_AND_IDLE_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            // A client that goes away or times out is nothing to report.
            let _ = connection.await;
        });
    }
}

pub fn router(state: Published) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(WORKER_PATH, get(worker))
        .route(SCRIPT_PATH, get(reload_script))
        .fallback(files)
        .with_state(state)
        .layer(middleware::from_fn(loopback_only))
}

/// Answer only requests addressed to this machine by name: `localhost`, `127.0.0.1` or `[::1]`,
/// with or without a port. A page on another site that points its own host name at 127.0.0.1
/// (DNS rebinding) sends its own name, so it cannot read the guide or the error stream.
async fn loopback_only(request: Request, next: Next) -> Response {
    if is_loopback_request(request.headers(), request.uri()) {
        next.run(request).await
    } else {
        StatusCode::MISDIRECTED_REQUEST.into_response()
    }
}

fn is_loopback_request(headers: &HeaderMap, uri: &Uri) -> bool {
    let mut hosts = headers.get_all(header::HOST).iter();
    let host = match (hosts.next(), hosts.next()) {
        (Some(host), None) => host.to_str().ok(),
        _ => None,
    };
    let Some(host) = host else {
        return false;
    };
    let authority_ok = uri.authority().is_none_or(|a| is_loopback_host(a.as_str()));
    is_loopback_host(host) && authority_ok
}

/// `localhost`, `127.0.0.1` or `[::1]`, optionally with `:port`.
pub fn is_loopback_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !name.is_empty() && !name.ends_with(':') => {
            if !port.chars().all(|c| c.is_ascii_digit()) {
                return host == "[::1]";
            }
            name
        }
        _ => host,
    };
    name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1" || name == "[::1]"
}

async fn files(State(state): State<Published>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "only GET and HEAD\n",
        )
            .into_response();
    }
    let snapshot = state.borrow().clone();
    let Some(site) = &snapshot.files else {
        return not_built_yet(&snapshot.version);
    };
    match resolve(uri.path(), site) {
        Target::File(key) => file(StatusCode::OK, &key, &site[&key], &snapshot.version),
        Target::Redirect(location) => (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response(),
        // The site's own 404 page, as GitHub Pages would serve it.
        Target::NotFound => match site.get("404.html") {
            Some(page) => file(StatusCode::NOT_FOUND, "404.html", page, &snapshot.version),
            None => (StatusCode::NOT_FOUND, "404 Not Found\n").into_response(),
        },
    }
}

fn file(status: StatusCode, key: &str, bytes: &[u8], version: &str) -> Response {
    let content_type = content_type::for_path(key);
    let body = if content_type.starts_with("text/html") {
        with_reload_script(bytes, version)
    } else {
        bytes.to_vec()
    };
    (
        status,
        [
            (header::CONTENT_TYPE, content_type),
            // Every reload must fetch the new stylesheet and pages, never a cached copy.
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}

/// Before the first good build there is no site; this page waits for one and shows the errors.
fn not_built_yet(version: &str) -> Response {
    let page = b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
        <title>Not built yet</title></head><body><h1>The guide has not built yet</h1>\
        <p>Fix the errors shown in the terminal; this page reloads by itself when it builds.</p>\
        </body></html>\n";
    let mut response = file(StatusCode::SERVICE_UNAVAILABLE, "index.html", page, version);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
    response
}

async fn reload_script() -> Response {
    file(StatusCode::OK, SCRIPT_PATH, SCRIPT.as_bytes(), "")
}

async fn worker() -> Response {
    file(StatusCode::OK, WORKER_PATH, WORKER.as_bytes(), "")
}

/// Server-sent events: `hello` with the current version on connecting (and the current errors,
/// if any), then `reload` or `build-error` as builds finish.
async fn events(
    State(state): State<Published>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut state = state.clone();
    let current = state.borrow_and_update().clone();
    let mut queue = VecDeque::from([Event::default().event("hello").data(&current.version)]);
    if let Some(error) = &current.error {
        queue.push_back(to_event(Message::BuildError(error.clone())));
    }
    let stream = stream::unfold(
        (state, queue, current),
        |(mut state, mut queue, mut last)| async move {
            loop {
                if let Some(event) = queue.pop_front() {
                    return Some((Ok(event), (state, queue, last)));
                }
                // Ends the stream when the server shuts down.
                state.changed().await.ok()?;
                let next = state.borrow_and_update().clone();
                queue.extend(messages_between(&last, &next).into_iter().map(to_event));
                last = next;
            }
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn to_event(message: Message) -> Event {
    match message {
        Message::Reload(version) => Event::default().event("reload").data(version),
        Message::BuildError(text) => Event::default().event("build-error").data(text),
    }
}

#[cfg(test)]
mod tests {
    use super::is_loopback_host;

    #[test]
    fn only_loopback_names_are_answered() {
        for host in [
            "localhost",
            "LocalHost:8000",
            "127.0.0.1",
            "127.0.0.1:4000",
            "[::1]",
            "[::1]:80",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8000",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "127.0.0.2",
            "0.0.0.0",
            "[::2]",
            "localhost:80:80",
            "localhost:x",
            "",
            ":80",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
