//! The HTTP side of `serve`: the site straight from memory, the live-reload event stream and the
//! client script. Nothing here reads the handbook folder except the copied files the build
//! listed, and those only after checking they are regular files inside an allowed folder.

use crate::output::{Output, OutputData};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::convert::Infallible;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::BroadcastStream;

/// The live-reload client, served at [`SCRIPT_PATH`].
pub const LIVERELOAD_JS: &str = include_str!("livereload.js");
/// Where the client script is served.
pub const SCRIPT_PATH: &str = "/__handbook/livereload.js";
/// Where the client listens for events (Server-Sent Events).
pub const EVENTS_PATH: &str = "/__handbook/events";

/// The snippet added before `</body>` of every served page.
pub fn snippet() -> String {
    format!("<script src=\"{SCRIPT_PATH}\" defer></script>")
}

/// One message to the browsers.
#[derive(Debug, Clone)]
pub struct LiveEvent {
    /// `hello`, `reload` or `diagnostics`.
    pub name: &'static str,
    /// JSON.
    pub data: String,
}

/// What the server shares with the rebuild loop.
pub struct Shared {
    /// The site being served (the last good build).
    site: RwLock<Arc<Output>>,
    /// The search index (`pagefind/...`), built apart from the site and later than it, so that
    /// indexing never holds up a reload.
    search: RwLock<Arc<Output>>,
    /// The overlay payload of the last failed rebuild (`None` when the site is fine).
    overlay: RwLock<Option<String>>,
    events: broadcast::Sender<LiveEvent>,
    /// Folders copied files may come from (canonical).
    allowed: Vec<PathBuf>,
    /// Tells a browser that reconnects to a restarted server to reload.
    instance: String,
}

/// The event (never sent to browsers) that ends every event stream.
const SHUTDOWN: &str = "shutdown";

impl Shared {
    /// Shared state serving `site`; copied files must be inside one of `allowed`.
    pub fn new(site: Output, allowed: Vec<PathBuf>) -> Arc<Self> {
        let (events, _) = broadcast::channel(64);
        let allowed = allowed
            .into_iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        let instance = format!(
            "{:x}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        );
        Arc::new(Shared {
            site: RwLock::new(Arc::new(site)),
            search: RwLock::new(Arc::new(Output::default())),
            overlay: RwLock::new(None),
            events,
            allowed,
            instance,
        })
    }

    /// The site being served.
    pub fn site(&self) -> Arc<Output> {
        self.site
            .read()
            .expect("no panics while holding the lock")
            .clone()
    }

    /// Serves `site` from now on.
    pub fn set_site(&self, site: Arc<Output>) {
        *self.site.write().expect("no panics while holding the lock") = site;
    }

    /// Serves `index` as the search index from now on.
    pub fn set_search(&self, index: Output) {
        *self
            .search
            .write()
            .expect("no panics while holding the lock") = Arc::new(index);
    }

    fn search(&self) -> Arc<Output> {
        self.search
            .read()
            .expect("no panics while holding the lock")
            .clone()
    }

    /// Shows (`Some`) or clears (`None`) the error overlay in every open page.
    pub fn set_overlay(&self, payload: Option<String>) {
        let data = payload
            .clone()
            .unwrap_or_else(|| "{\"errors\":[]}".to_string());
        *self
            .overlay
            .write()
            .expect("no panics while holding the lock") = payload;
        self.send(LiveEvent {
            name: "diagnostics",
            data,
        });
    }

    /// Ends every open event stream (before a graceful shutdown, which waits for them).
    pub fn close_streams(&self) {
        self.send(LiveEvent {
            name: SHUTDOWN,
            data: String::new(),
        });
    }

    /// Sends an event to every open page (none may be listening).
    pub fn send(&self, event: LiveEvent) {
        let _ = self.events.send(event);
    }
}

/// Which `Host` headers the server answers. A server on a loopback address answers only to
/// loopback names (`localhost`, `*.localhost`, `127.0.0.1`, `[::1]`) and its own address, so a
/// web page cannot reach a private handbook through DNS rebinding (a name of the attacker's that
/// resolves to 127.0.0.1). `--bind` to another address means the user wants other machines,
/// under whatever name, to reach it: then every host is answered.
#[derive(Debug, Clone, Copy)]
pub struct Hosts {
    bound: IpAddr,
}

impl Hosts {
    /// The hosts a server bound to `bound` answers.
    pub fn for_bind(bound: IpAddr) -> Self {
        Hosts { bound }
    }

    /// Whether a request with this `Host` header is answered.
    pub fn allows(&self, host: Option<&str>) -> bool {
        if !self.bound.is_loopback() {
            return true;
        }
        let Some(host) = host else {
            return false;
        };
        let name = match host.strip_prefix('[') {
            Some(v6) => match v6.split_once(']') {
                Some((ip, _)) => ip,
                None => return false,
            },
            None => host.rsplit_once(':').map_or(host, |(name, port)| {
                if port.bytes().all(|b| b.is_ascii_digit()) {
                    name
                } else {
                    host
                }
            }),
        };
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        name == "localhost"
            || name.ends_with(".localhost")
            || name
                .parse::<IpAddr>()
                .is_ok_and(|ip| ip.is_loopback() || ip == self.bound)
    }
}

/// Answers only GET and HEAD, and only to allowed hosts, before any route runs.
async fn guard(State(hosts): State<Hosts>, request: Request<Body>, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "handbook serve answers GET and HEAD only\n",
        )
            .into_response();
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    if !hosts.allows(host) {
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "handbook serve answers only to localhost and its own address (a page elsewhere must \
             not read a private handbook); to serve other machines, start it with --bind 0.0.0.0\n",
        )
            .into_response();
    }
    next.run(request).await
}

/// How long a client may take to send a request's headers: a half-sent request is dropped.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long Ctrl-C waits for requests in flight before the server stops anyway.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// Serves `app` on `listener` until Ctrl-C. Every connection has [`HEADER_TIMEOUT`] to send
/// its headers, and Ctrl-C stops the server within [`SHUTDOWN_GRACE`] whatever the clients do
/// (axum's own `serve` waits forever for a client that never finishes its request).
pub async fn serve_until_ctrl_c(
    listener: tokio::net::TcpListener,
    app: Router,
    shared: Arc<Shared>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let mut ctrl_c = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors, say: wait rather than spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                let service = TowerToHyperService::new(app.clone());
                let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            }
            _ = &mut ctrl_c => break,
        }
    }
    shared.close_streams();
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {}
    }
}

/// The router: events, client script, then the site; every request passes [`guard`] first.
pub fn router(shared: Arc<Shared>, hosts: Hosts) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(
            SCRIPT_PATH,
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (header::CACHE_CONTROL, "no-cache"),
                    ],
                    LIVERELOAD_JS,
                )
            }),
        )
        .fallback(site_file)
        .layer(axum::middleware::from_fn_with_state(hosts, guard))
        .with_state(shared)
}

async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let mut initial = vec![LiveEvent {
        name: "hello",
        data: format!("{{\"instance\":\"{}\"}}", shared.instance),
    }];
    if let Some(overlay) = shared
        .overlay
        .read()
        .expect("no panics while holding the lock")
        .clone()
    {
        initial.push(LiveEvent {
            name: "diagnostics",
            data: overlay,
        });
    }
    // Open event streams would hold a graceful shutdown forever: they end at `SHUTDOWN`.
    let live = BroadcastStream::new(shared.events.subscribe())
        .filter_map(Result::ok)
        .take_while(|e| e.name != SHUTDOWN);
    let stream = tokio_stream::iter(initial)
        .chain(live)
        .map(|e| Ok::<_, Infallible>(Event::default().event(e.name).data(e.data)));
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Sse::new(stream).keep_alive(KeepAlive::default()),
    )
}

/// A request path made safe: percent-decoded, no `.` or `..` segment, no backslash or NUL, empty
/// segments dropped. `dir` is true when it names a folder (ends in `/`).
#[derive(Debug, PartialEq, Eq)]
pub struct SitePath {
    /// `/`-separated, without leading or trailing `/` (`""` is the root).
    pub rel: String,
    /// The request ended in `/`.
    pub dir: bool,
}

/// Checks a raw request path; `Err` for anything that tries to leave the site.
pub fn sanitize(raw: &str) -> Result<SitePath, StatusCode> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| StatusCode::BAD_REQUEST)?;
    if decoded.contains(['\\', '\0']) {
        return Err(StatusCode::BAD_REQUEST);
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return Err(StatusCode::BAD_REQUEST),
            s if s.contains(':') && segments.is_empty() && s.len() == 2 => {
                return Err(StatusCode::BAD_REQUEST);
            }
            s => segments.push(s),
        }
    }
    Ok(SitePath {
        rel: segments.join("/"),
        dir: decoded.is_empty() || decoded.ends_with('/'),
    })
}

async fn site_file(State(shared): State<Arc<Shared>>, request: Request<Body>) -> Response {
    let path = match sanitize(request.uri().path()) {
        Ok(p) => p,
        Err(status) => return (status, "bad request path\n").into_response(),
    };
    let site = shared.site();
    let key = if path.rel.is_empty() {
        "index.html".to_string()
    } else if path.dir {
        format!("{}/index.html", path.rel)
    } else {
        path.rel.clone()
    };
    if let Some(data) = site.files.get(&key) {
        return file_response(&shared, &key, data, StatusCode::OK).await;
    }
    if let Some(data) = shared.search().files.get(&key) {
        return file_response(&shared, &key, data, StatusCode::OK).await;
    }
    if !path.dir && site.files.contains_key(&format!("{}/index.html", path.rel)) {
        // A folder page asked for without its `/`: relative links in it only work with it.
        let mut location = format!("/{}/", crate::model::url::encode_path(&path.rel));
        if let Some(query) = request.uri().query() {
            location.push('?');
            location.push_str(query);
        }
        return (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response();
    }
    not_found(&shared, &site).await
}

async fn not_found(shared: &Shared, site: &Output) -> Response {
    match site.files.get("404.html") {
        Some(data) => file_response(shared, "404.html", data, StatusCode::NOT_FOUND).await,
        // No site yet (the first build failed): a page that still listens, to show the errors
        // and reload once they are fixed.
        None => html_response(
            StatusCode::NOT_FOUND,
            format!(
                "<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><p>Not found.</p>{}</body></html>",
                snippet()
            ),
        ),
    }
}

async fn file_response(
    shared: &Shared,
    key: &str,
    data: &OutputData,
    status: StatusCode,
) -> Response {
    let bytes: Vec<u8> = match data {
        OutputData::Bytes(b) => b.as_ref().clone(),
        OutputData::Static(b) => b.to_vec(),
        OutputData::File(path, _) => match read_copied_file(path, &shared.allowed) {
            Some(bytes) => bytes,
            None => return (StatusCode::NOT_FOUND, "not found\n").into_response(),
        },
    };
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(key)),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn html_response(status: StatusCode, html: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

/// Reads a copied file, but only a regular file (not a symlink) whose real path is inside one
/// of the `allowed` folders: the build listed it, yet it may have been swapped since.
pub fn read_copied_file(path: &Path, allowed: &[PathBuf]) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let real = path.canonicalize().ok()?;
    if !allowed.iter().any(|a| real.starts_with(a)) {
        return None;
    }
    std::fs::read(real).ok()
}

/// The `Content-Type` of a site file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "md" | "markdown" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// The URL path of an output file: `a/index.html` -> `/a/`, `style.css` -> `/style.css`.
pub fn url_of(output_path: &str) -> String {
    match output_path.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
        _ => format!("/{output_path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_sanitized() {
        assert_eq!(
            sanitize("/"),
            Ok(SitePath {
                rel: String::new(),
                dir: true
            })
        );
        assert_eq!(
            sanitize("/guide/a/"),
            Ok(SitePath {
                rel: "guide/a".into(),
                dir: true
            })
        );
        assert_eq!(
            sanitize("/guide/a"),
            Ok(SitePath {
                rel: "guide/a".into(),
                dir: false
            })
        );
        assert_eq!(
            sanitize("/img/x%20y.png"),
            Ok(SitePath {
                rel: "img/x y.png".into(),
                dir: false
            })
        );
        assert_eq!(
            sanitize("//etc/passwd"),
            Ok(SitePath {
                rel: "etc/passwd".into(),
                dir: false
            })
        );
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/a/%2E%2E/b",
            "/a/./b",
            "/a%5c..%5cb",
            "/a%00b",
            "/%ff",
            "/C:/x",
        ] {
            assert_eq!(sanitize(bad), Err(StatusCode::BAD_REQUEST), "{bad}");
        }
    }

    #[test]
    fn copied_files_stay_inside_the_allowed_folders() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(site.join("a.png"), "png").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let allowed = vec![site.canonicalize().unwrap()];
        assert_eq!(
            read_copied_file(&site.join("a.png"), &allowed).as_deref(),
            Some(&b"png"[..])
        );
        assert_eq!(
            read_copied_file(&dir.path().join("secret.txt"), &allowed),
            None
        );
        assert_eq!(
            read_copied_file(&site.join("../secret.txt"), &allowed),
            None
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("link.txt"))
                .unwrap();
            assert_eq!(read_copied_file(&site.join("link.txt"), &allowed), None);
        }
    }

    #[test]
    fn urls_and_types() {
        assert_eq!(url_of("index.html"), "/");
        assert_eq!(url_of("guide/a/index.html"), "/guide/a/");
        assert_eq!(url_of("assets/style.css"), "/assets/style.css");
        assert_eq!(url_of("xindex.html"), "/xindex.html");
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.SVG"), "image/svg+xml");
        assert_eq!(content_type("x"), "application/octet-stream");
    }

    #[test]
    fn loopback_servers_answer_loopback_names_only() {
        let local = Hosts::for_bind("127.0.0.1".parse().unwrap());
        for ok in [
            "localhost",
            "localhost:3000",
            "a.localhost",
            "127.0.0.1:3000",
            "127.0.0.2",
            "[::1]:80",
        ] {
            assert!(local.allows(Some(ok)), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:3000",
            "localhost.evil.example",
            "[::1",
            "10.0.0.1",
        ] {
            assert!(!local.allows(Some(bad)), "{bad}");
        }
        assert!(!local.allows(None));
        let open = Hosts::for_bind("0.0.0.0".parse().unwrap());
        assert!(open.allows(Some("handbook.internal:3000")));
    }
}
