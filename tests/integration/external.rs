//! `check --external` against a tiny HTTP server on 127.0.0.1 started by each test (no internet).

use crate::support::Handbook;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// An HTTP/1.1 server answering by path, recording every request as `METHOD /path`.
struct Server {
    port: u16,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = Arc::clone(&log);
                std::thread::spawn(move || answer(stream, &log));
            }
        });
        Server { port, requests }
    }

    /// `http://127.0.0.1:PORT/path`.
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    fn count(&self, request: &str) -> usize {
        self.requests().iter().filter(|r| *r == request).count()
    }
}

fn answer(stream: TcpStream, log: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let mut parts = first.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    log.lock().unwrap().push(format!("{method} {path}"));
    let (status, extra) = match (method, path) {
        (_, "/ok" | "/ok/") => ("200 OK", String::new()),
        (_, "/missing") => ("404 Not Found", String::new()),
        (_, "/gone") => ("410 Gone", String::new()),
        (_, "/error") => ("500 Internal Server Error", String::new()),
        (_, "/forbidden") => ("403 Forbidden", String::new()),
        (_, "/busy") => ("429 Too Many Requests", String::new()),
        ("HEAD", "/no-head") => ("405 Method Not Allowed", String::new()),
        ("GET", "/no-head") => ("200 OK", String::new()),
        (_, "/moved") => ("301 Moved Permanently", "Location: /ok\r\n".to_string()),
        (_, "/temporary") => ("302 Found", "Location: /ok\r\n".to_string()),
        (_, "/moved-to-missing") => (
            "308 Permanent Redirect",
            "Location: /missing\r\n".to_string(),
        ),
        (_, "/slow") => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", String::new())
        }
        _ => ("404 Not Found", String::new()),
    };
    let body = if method == "GET" { "body\n" } else { "" };
    let _ = write!(
        &stream,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
    let _ = (&stream).flush();
}

/// A one-page handbook linking to these paths of the server, one link a line from line 3.
fn handbook(server: &Server, paths: &[&str]) -> Handbook {
    let mut text = String::from("# Home\n\n");
    for path in paths {
        text.push_str(&format!("- see [{path}]({})\n", server.url(path)));
    }
    // A `base_url`, so that `check` has no note about feeds.
    Handbook::new()
        .file("handbook.yml", BASE_URL)
        .file("index.md", &text)
}

const BASE_URL: &str = "base_url: https://handbook.example/\n";

#[test]
fn without_external_nothing_is_fetched() {
    let server = Server::start();
    let hb = handbook(&server, &["/missing", "/ok"]);
    let run = hb.run(&["check", "."]);
    run.assert_code(0);
    assert_eq!(
        run.stderr, "handbook: 1 page checked: no problems\n",
        "{}",
        run.stderr
    );
    assert!(server.requests().is_empty(), "{:?}", server.requests());
    assert!(!hb.root().join(".handbook-cache").exists());
    hb.run(&["build", "."]).assert_code(0);
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[test]
fn only_definite_failures_are_errors_each_at_its_link() {
    let server = Server::start();
    let hb = handbook(
        &server,
        &[
            "/ok",
            "/missing",
            "/gone",
            "/error",
            "/forbidden",
            "/busy",
            "/no-head",
            "/moved",
            "/temporary",
            "/moved-to-missing",
        ],
    );
    // The same URL again, on another page, with a fragment and an image: fetched once.
    let index = std::fs::read_to_string(hb.root().join("index.md")).unwrap();
    let hb = hb
        .file("index.md", &format!("{index}- [more](more.md)\n"))
        .file(
            "more.md",
            &format!(
                "# More\n\n[home](index.md)\n\nText ![chart]({}) and [again]({}#section).\n",
                server.url("/missing"),
                server.url("/ok")
            ),
        );
    let run = hb.run(&["check", ".", "--external"]);
    run.assert_code(1);
    let u = |p: &str| server.url(p);
    let expected = format!(
        "\
handbook: checking 10 external URLs...
handbook: checked 10 external URLs: 3 broken, 3 could not be verified
index.md:4:7: error: link to `{missing}` is broken: the server answered 404 Not Found
  help: update the link to where the page moved, or remove it
index.md:5:7: error: link to `{gone}` is broken: the server answered 410 Gone
  help: the page was removed for good: remove the link or point it at a replacement
index.md:12:7: error: link to `{moved_to_missing}` is broken: the server answered 404 Not Found
  help: update the link to where the page moved, or remove it
more.md:5:6: error: image to `{missing}` is broken: the server answered 404 Not Found
  help: update the link to where the page moved, or remove it
index.md:6:7: note: link to `{error}` could not be verified: the server failed (500 Internal Server Error)
index.md:7:7: note: link to `{forbidden}` could not be verified: the server refused access (403 Forbidden), as some sites do for automated checks
index.md:8:7: note: link to `{busy}` could not be verified: the server is limiting requests (429 Too Many Requests)
index.md:10:7: note: link to `{moved}` redirects permanently to `{ok}`
  help: link to `{ok}` instead
handbook: 2 pages checked: 4 errors, 4 notes
",
        missing = u("/missing"),
        gone = u("/gone"),
        error = u("/error"),
        forbidden = u("/forbidden"),
        busy = u("/busy"),
        moved = u("/moved"),
        ok = u("/ok"),
        moved_to_missing = u("/moved-to-missing"),
    );
    assert_eq!(run.stderr, expected);
    // HEAD first; GET only to confirm what HEAD did not accept; each URL once.
    assert_eq!(server.count("HEAD /ok"), 3, "{:?}", server.requests()); // itself, /moved, /temporary
    assert_eq!(server.count("GET /ok"), 0, "{:?}", server.requests());
    assert_eq!(server.count("HEAD /no-head"), 1);
    assert_eq!(server.count("GET /no-head"), 1);
    assert_eq!(server.count("HEAD /missing"), 2); // itself and the end of /moved-to-missing
    assert_eq!(server.count("GET /missing"), 2);
}

#[test]
fn timeouts_and_unknown_hosts_do_not_fail_the_run() {
    let server = Server::start();
    let hb = handbook(&server, &["/slow"]).file(
        "index.md",
        &format!(
            "# Home\n\n[slow]({})\n[nowhere](http://no-such-host.invalid/page)\n",
            server.url("/slow")
        ),
    );
    let started = std::time::Instant::now();
    let run = hb.run(&["check", ".", "--external", "--external-timeout", "0.5"]);
    run.assert_code(0);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the timeout holds"
    );
    assert!(
        run.stderr.contains(&format!(
            "index.md:3:1: note: link to `{}` could not be verified: no answer within 0.5 s\n",
            server.url("/slow")
        )),
        "{}",
        run.stderr
    );
    // No other named host answered, so a name that does not resolve may just mean "offline".
    assert!(
        run.stderr.contains(
            "index.md:4:1: note: link to `http://no-such-host.invalid/page` could not be verified: "
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
}

#[test]
fn working_urls_are_cached_between_runs() {
    let server = Server::start();
    let hb = handbook(&server, &["/ok", "/missing", "/error"]);
    hb.run(&["check", ".", "--external"]).assert_code(1);
    let cache_dir = hb.root().join(".handbook-cache");
    let cache = std::fs::read_to_string(cache_dir.join("external-links.json")).unwrap();
    assert!(
        cache.contains(&format!("\"{}\"", server.url("/ok"))),
        "{cache}"
    );
    assert!(
        !cache.contains("/missing") && !cache.contains("/error"),
        "{cache}"
    );
    let ignore = std::fs::read_to_string(cache_dir.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    assert_eq!(server.count("HEAD /ok"), 1);

    // Again: the working URL comes from the cache; failures are fetched again.
    let run = hb.run(&["check", ".", "--external"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains(
            "handbook: checking 2 external URLs (1 more from the cache)...\n\
             handbook: checked 3 external URLs (1 from cache): 1 broken, 1 could not be verified\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(server.count("HEAD /ok"), 1);
    assert_eq!(server.count("HEAD /missing"), 2);
    // The cache folder is hidden: no page, no asset.
    hb.run(&["build", "."]).assert_code(0);
    assert!(!hb.out().join(".handbook-cache").exists());

    // Without the cache, or with another one, it is fetched again.
    hb.run(&["check", ".", "--external", "--no-external-cache"])
        .assert_code(1);
    assert_eq!(server.count("HEAD /ok"), 2);
    hb.run(&[
        "check",
        ".",
        "--external",
        "--external-cache",
        "elsewhere.json",
    ])
    .assert_code(1);
    assert_eq!(server.count("HEAD /ok"), 3);
    assert!(hb.root().join("elsewhere.json").is_file());
}

#[test]
fn a_corrupt_cache_is_ignored_with_a_note() {
    let server = Server::start();
    let hb = handbook(&server, &["/ok"]).file(".handbook-cache/external-links.json", "{ oops");
    let run = hb.run(&["check", ".", "--external"]);
    run.assert_code(0);
    assert!(
        run.stderr.contains(
            "handbook: note: ignored the external link cache `./.handbook-cache/external-links.json`: "
        ),
        "{}",
        run.stderr
    );
    assert_eq!(server.count("HEAD /ok"), 1);
    hb.run(&["check", ".", "--external"]).assert_code(0);
    assert_eq!(server.count("HEAD /ok"), 1, "the cache was rewritten");
}

#[test]
fn excluded_urls_are_not_fetched() {
    let server = Server::start();
    let hb = handbook(&server, &["/missing", "/gone", "/ok"]).file(
        "handbook.yml",
        &format!("{BASE_URL}external_exclude:\n  - /gone$\n"),
    );
    let run = hb.run(&[
        "check",
        ".",
        "--external",
        "--external-exclude",
        "/miss",
        "--no-external-cache",
    ]);
    run.assert_code(0);
    assert!(
        run.stderr
            .contains("handbook: checked 1 external URL (2 excluded): all working\n"),
        "{}",
        run.stderr
    );
    assert_eq!(server.requests(), ["HEAD /ok"]);
}

#[test]
fn formats_and_build() {
    let server = Server::start();
    let hb = handbook(&server, &["/gone", "/error"]);
    let run = hb.run(&["check", ".", "--external", "--format", "json"]);
    run.assert_code(1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("only JSON");
    let codes: Vec<_> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["severity"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            ("error", "broken-external-link"),
            ("note", "unverified-external-link")
        ]
    );

    // `build --strict --external` writes nothing when a link is broken; notes do not stop it.
    hb.run(&["build", ".", "--strict", "--external"])
        .assert_code(1);
    assert!(!hb.out().exists());
    let hb = handbook(&server, &["/error", "/ok"]);
    let run = hb.run(&["build", ".", "--strict", "--external"]);
    run.assert_code(0);
    assert!(hb.out().join("index.html").is_file());
}

#[test]
fn external_options_need_external() {
    let hb = Handbook::new().file("index.md", "# Home\n");
    let run = hb.run(&["check", ".", "--external-timeout", "5"]);
    run.assert_code(2);
    assert!(run.stderr.contains("--external"), "{}", run.stderr);
    let run = hb.run(&["check", ".", "--external", "--external-exclude", "("]);
    run.assert_code(2);
}
