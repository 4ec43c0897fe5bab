//! `handbook serve` end to end: the real binary on a temporary copy of
//! `tests/fixtures/serve/basic`, driven through plain HTTP on loopback. Every wait is a poll
//! with a generous deadline; the server is killed when a test ends (even by a panic).

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(30);

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve/basic")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A running `handbook serve`, killed on drop.
struct Server {
    child: Child,
    addr: String,
    root: PathBuf,
    _dir: tempfile::TempDir,
    /// What serve printed after its URL, line by line.
    stdout: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("hb");
        copy_dir(&fixture(), &root);
        let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .arg("serve")
            .arg(&root)
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            root,
            _dir: dir,
            stdout: rx,
        };
        let started = Instant::now();
        while server.addr.is_empty() {
            let line = server
                .stdout
                .recv_timeout(DEADLINE.saturating_sub(started.elapsed()))
                .expect("serve printed its URL");
            if let Some(rest) = line.split("http://").nth(1) {
                server.addr = rest.split('/').next().unwrap().to_string();
            }
        }
        server
    }

    /// The next line serve prints about a rebuild (`HH:MM:SS what: N pages rendered, ...`).
    fn rebuild_line(&self) -> String {
        let started = Instant::now();
        loop {
            let line = self
                .stdout
                .recv_timeout(DEADLINE.saturating_sub(started.elapsed()))
                .expect("serve printed a rebuild line");
            if line.contains(" ms") {
                return line;
            }
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// One GET: (status, headers, body).
    fn get(&self, path: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).to_string();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head.to_string(), body.to_string())
    }

    /// Polls `path` until `check` accepts the response.
    fn wait_for(&self, path: &str, what: &str, check: impl Fn(u16, &str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (status, _, body) = self.get(path);
            if check(status, &body) {
                return body;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "timed out waiting for {path}: {what} (last status {status})"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        write!(
            stream,
            "GET /__handbook/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut events = Events {
            stream,
            raw: Vec::new(),
            body: Vec::new(),
            headers_done: false,
        };
        let hello = events.next_matching(|name, _| name == "hello");
        assert!(hello.contains("instance"));
        events
    }
}

/// A Server-Sent Events stream read with a plain socket (chunked encoding undone by hand).
struct Events {
    stream: TcpStream,
    raw: Vec<u8>,
    body: Vec<u8>,
    headers_done: bool,
}

impl Events {
    /// Reads until an event satisfies `matches`, returning its data.
    fn next_matching(&mut self, matches: impl Fn(&str, &str) -> bool) -> String {
        let started = Instant::now();
        loop {
            while let Some((name, data)) = self.pop_event() {
                if matches(&name, &data) {
                    return data;
                }
            }
            assert!(
                started.elapsed() < DEADLINE,
                "timed out waiting for an event"
            );
            let mut buf = [0u8; 8192];
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("event stream closed"),
                Ok(n) => {
                    self.raw.extend_from_slice(&buf[..n]);
                    self.dechunk();
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("event stream failed: {e}"),
            }
        }
    }

    fn dechunk(&mut self) {
        if !self.headers_done {
            let Some(end) = find(&self.raw, b"\r\n\r\n") else {
                return;
            };
            self.raw.drain(..end + 4);
            self.headers_done = true;
        }
        while let Some(line_end) = find(&self.raw, b"\r\n") {
            let size = usize::from_str_radix(
                std::str::from_utf8(&self.raw[..line_end]).unwrap().trim(),
                16,
            )
            .unwrap();
            if self.raw.len() < line_end + 2 + size + 2 {
                return;
            }
            self.body
                .extend_from_slice(&self.raw[line_end + 2..line_end + 2 + size]);
            self.raw.drain(..line_end + 2 + size + 2);
        }
    }

    fn pop_event(&mut self) -> Option<(String, String)> {
        let end = find(&self.body, b"\n\n")?;
        let block = String::from_utf8_lossy(&self.body[..end]).to_string();
        self.body.drain(..end + 2);
        let mut name = String::from("message");
        let mut data = String::new();
        for line in block.lines() {
            if let Some(n) = line.strip_prefix("event:") {
                name = n.trim().to_string();
            } else if let Some(d) = line.strip_prefix("data:") {
                data.push_str(d.strip_prefix(' ').unwrap_or(d));
            }
        }
        Some((name, data))
    }

    fn reload(&mut self, path: &str) -> String {
        self.next_matching(|name, data| {
            name == "reload"
                && (data.contains(&format!("\"{path}\"")) || data.contains("\"all\":true"))
        })
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn append(path: &Path, text: &str) {
    let mut file = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

#[test]
fn serves_pages_folders_and_the_404_page() {
    let server = Server::start();
    let (status, head, body) = server.get("/guide/alpha/");
    assert_eq!(status, 200);
    assert!(
        head.to_lowercase().contains("content-type: text/html"),
        "{head}"
    );
    assert!(
        body.contains("/__handbook/livereload.js"),
        "the live-reload client is injected"
    );
    let (status, head, _) = server.get("/guide/alpha");
    assert_eq!(status, 308);
    assert!(head.contains("location: /guide/alpha/"), "{head}");
    let (status, _, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("<html"), "the theme's 404 page");
    let (status, head, _) = server.get("/assets/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("text/css"), "{head}");
    let (status, head, body) = server.get("/__handbook/livereload.js");
    assert_eq!(status, 200);
    assert!(head.contains("text/javascript") && body.contains("EventSource"));
}

#[test]
fn nothing_outside_the_site_is_served() {
    let server = Server::start();
    std::fs::write(server.path("../secret.txt"), "top secret").unwrap();
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "//etc/passwd",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/guide/%2E%2E/%2E%2E/secret.txt",
        "/etc/passwd",
        "/handbook.yml",
        "/guide/alpha.md",
    ] {
        let (status, _, body) = server.get(path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(
            !body.contains("root:")
                && !body.contains("[package]")
                && !body.contains("top secret")
                && !body.contains("title: Alpha"),
            "{path}"
        );
    }
}

#[test]
fn a_page_edit_reloads_that_page() {
    let server = Server::start();
    let mut events = server.events();
    append(&server.path("guide/alpha.md"), "\nEDITED-ALPHA\n");
    let data = events.reload("/guide/alpha/");
    assert!(
        !data.contains("\"/notes/one/\""),
        "an unrelated page does not reload: {data}"
    );
    server.wait_for("/guide/alpha/", "the edit", |s, b| {
        s == 200 && b.contains("EDITED-ALPHA")
    });
}

#[test]
fn a_body_edit_renders_only_what_it_touches_and_a_title_edit_renders_everything() {
    let server = Server::start();
    let mut events = server.events();
    append(&server.path("notes/one.md"), "\nMore notes.\n");
    events.reload("/notes/one/");
    let line = server.rebuild_line();
    assert!(line.contains("notes/one.md: 1 page rendered"), "{line}");
    assert!(!line.contains("whole site"), "{line}");

    std::fs::write(
        server.path("notes/one.md"),
        "# One, renamed\n\nMore notes.\n",
    )
    .unwrap();
    events.reload("/notes/one/");
    let line = server.rebuild_line();
    assert!(
        line.contains("(whole site: a title or front matter changed)"),
        "{line}"
    );
    // Its section lists it under the new title.
    server.wait_for("/notes/", "the new title", |s, b| {
        s == 200 && b.contains("One, renamed")
    });
}

#[test]
fn a_new_page_and_a_deleted_page() {
    let server = Server::start();
    let mut events = server.events();
    std::fs::write(server.path("guide/gamma.md"), "# Gamma\n\nNEW-GAMMA\n").unwrap();
    events.reload("/guide/gamma/");
    server.wait_for("/guide/gamma/", "the new page", |s, b| {
        s == 200 && b.contains("NEW-GAMMA")
    });
    server.wait_for("/guide/", "the section lists it", |_, b| {
        b.contains("Gamma")
    });

    // (Deleting a page that others link to is a broken link: that keeps the last good site.)
    std::fs::remove_file(server.path("guide/delta.md")).unwrap();
    events.reload("/guide/delta/");
    server.wait_for("/guide/delta/", "the page is gone", |s, _| s == 404);
}

#[test]
fn a_renamed_folder() {
    let server = Server::start();
    let mut events = server.events();
    std::fs::rename(server.path("notes"), server.path("journal")).unwrap();
    events.reload("/journal/one/");
    server.wait_for("/journal/one/", "the moved page", |s, b| {
        s == 200 && b.contains("NOTE-ONE")
    });
    server.wait_for("/notes/one/", "the old URL is gone", |s, _| s == 404);
}

#[test]
fn config_and_template_changes_rebuild_everything() {
    let server = Server::start();
    let mut events = server.events();
    std::fs::write(server.path("handbook.yml"), "title: Renamed Fixture\n").unwrap();
    events.reload("/guide/beta/");
    server.wait_for("/guide/beta/", "the new site title", |_, b| {
        b.contains("Renamed Fixture")
    });

    std::fs::create_dir_all(server.path("templates/partials")).unwrap();
    std::fs::write(
        server.path("templates/partials/page-footer.html"),
        "<footer>CUSTOM-FOOTER</footer>\n",
    )
    .unwrap();
    events.reload("/guide/beta/");
    server.wait_for("/guide/beta/", "the new footer", |_, b| {
        b.contains("CUSTOM-FOOTER")
    });
}

#[test]
fn a_broken_edit_keeps_the_last_good_page_and_shows_the_overlay() {
    let server = Server::start();
    let mut events = server.events();
    let good = std::fs::read_to_string(server.path("guide/alpha.md")).unwrap();
    std::fs::write(
        server.path("guide/alpha.md"),
        "---\ntitle: [unclosed\n---\n\nBROKEN-ALPHA\n",
    )
    .unwrap();
    let overlay =
        events.next_matching(|name, data| name == "diagnostics" && data.contains("guide/alpha.md"));
    assert!(overlay.contains("invalid-front-matter"), "{overlay}");
    assert!(
        overlay.contains("guide/alpha.md:2"),
        "the overlay names file and line: {overlay}"
    );
    let (status, _, body) = server.get("/guide/alpha/");
    assert_eq!(status, 200);
    assert!(
        !body.contains("BROKEN-ALPHA") && body.contains("Alpha links to"),
        "the last good page is still served"
    );

    std::fs::write(
        server.path("guide/alpha.md"),
        format!("{good}\nFIXED-ALPHA\n"),
    )
    .unwrap();
    events.next_matching(|name, data| name == "diagnostics" && data.contains("\"errors\":[]"));
    events.reload("/guide/alpha/");
    server.wait_for("/guide/alpha/", "the fix", |s, b| {
        s == 200 && b.contains("FIXED-ALPHA")
    });
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_with_pages_open() {
    let mut server = Server::start();
    let _events = server.events();
    let pid = server.child.id().to_string();
    let status = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(status.success());
    let started = Instant::now();
    loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            assert!(exit.success(), "{exit:?}");
            break;
        }
        assert!(started.elapsed() < DEADLINE, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_search_index_is_served_and_follows_edits() {
    let server = Server::start();
    let entry = server.wait_for(
        "/pagefind/pagefind-entry.json",
        "the search index",
        |s, _| s == 200,
    );
    let (status, head, _) = server.get("/pagefind/pagefind.js");
    assert_eq!(status, 200, "{head}");
    // A new word makes new index chunks, so the entry file (which names them) changes.
    let mut events = server.events();
    append(&server.path("notes/one.md"), "\nZyzzogeton notes.\n");
    events.reload("/notes/one/");
    server.wait_for(
        "/pagefind/pagefind-entry.json",
        "a new index after the edit",
        |s, body| s == 200 && body != entry,
    );
}

impl Server {
    /// Sends `request` as it is and returns the status of the answer (0 when none).
    fn raw_status(&self, request: &str) -> u16 {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        String::from_utf8_lossy(&raw)
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }
}

#[test]
fn foreign_host_names_and_other_methods_are_refused() {
    let server = Server::start();
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    let get = |host: &str| {
        server.raw_status(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    };
    // DNS rebinding: a name of an attacker's that resolves to 127.0.0.1.
    assert_eq!(get(&format!("evil.example:{port}")), 421);
    assert_eq!(get("evil.example"), 421);
    assert_eq!(get(&format!("127.0.0.1.evil.example:{port}")), 421);
    for host in [
        format!("localhost:{port}"),
        format!("LOCALHOST.:{port}"),
        format!("docs.localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "[::1]".to_string(),
    ] {
        assert_eq!(get(&host), 200, "{host}");
    }
    assert_eq!(server.raw_status("GET / HTTP/1.0\r\n\r\n"), 421, "no Host");
    assert_eq!(
        server.raw_status("CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n"),
        405
    );
    assert_eq!(
        server.raw_status(&format!(
            "POST / HTTP/1.1\r\nHost: localhost:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )),
        405
    );
}

#[test]
fn ctrl_c_stops_with_a_half_sent_request_open() {
    let mut server = Server::start();
    let mut half = TcpStream::connect(&server.addr).unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHost: localh").unwrap();
    let _events = server.events();
    std::thread::sleep(Duration::from_millis(100));
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let started = Instant::now();
    loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            assert!(exit.success(), "{exit:?}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(8),
            "serve did not stop on Ctrl-C with a half-sent request open"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
