use super::*;
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::load::{SourceFile, Sources};
use crate::model::{ModelOptions, build_model};
use std::sync::Mutex;

fn http(url: &str, host: &str) -> Normalized {
    Normalized::Http {
        url: url.to_string(),
        host: host.to_string(),
    }
}

#[test]
fn urls_are_normalised_for_fetching_once() {
    assert_eq!(
        normalize("HTTPS://Example.ORG/Docs/A#Intro"),
        http("https://example.org/Docs/A", "example.org")
    );
    assert_eq!(
        normalize("https://example.org"),
        http("https://example.org/", "example.org")
    );
    assert_eq!(
        normalize("https://example.org?q=1"),
        http("https://example.org/?q=1", "example.org")
    );
    assert_eq!(
        normalize("http://127.0.0.1:8080/a b|c"),
        http("http://127.0.0.1:8080/a%20b%7Cc", "127.0.0.1")
    );
    assert_eq!(
        normalize("https://user@Example.org:8443/x"),
        http("https://user@example.org:8443/x", "example.org")
    );
    assert_eq!(
        normalize("https://[::1]:3000/"),
        http("https://[::1]:3000/", "[::1]")
    );
    assert_eq!(
        normalize("//cdn.example.org/lib.js"),
        http("https://cdn.example.org/lib.js", "cdn.example.org")
    );
    // Already-encoded URLs are left alone.
    assert_eq!(
        normalize("https://example.org/a%20b"),
        http("https://example.org/a%20b", "example.org")
    );
}

#[test]
fn other_schemes_invalid_and_unsupported_urls() {
    assert_eq!(normalize("mailto:people@example.org"), Normalized::NotHttp);
    assert_eq!(normalize("ftp://example.org/file"), Normalized::NotHttp);
    assert!(matches!(normalize("https://"), Normalized::Invalid(_)));
    assert!(matches!(normalize("https:///path"), Normalized::Invalid(_)));
    assert!(matches!(
        normalize("http:example.org"),
        Normalized::Invalid(_)
    ));
    assert!(matches!(
        normalize("https://bücher.example/"),
        Normalized::Unsupported(_)
    ));
}

const T: Duration = Duration::from_secs(10);

fn status(status: u16) -> Fetched {
    Fetched::Status {
        status,
        moved_to: None,
    }
}

#[test]
fn only_definite_failures_are_broken() {
    assert_eq!(verdict(&status(200), "a", true, T), Verdict::Ok);
    assert_eq!(verdict(&status(204), "a", true, T), Verdict::Ok);
    for code in [404, 410] {
        assert!(
            matches!(
                verdict(&status(code), "a", false, T),
                Verdict::Broken { .. }
            ),
            "{code}"
        );
    }
    for code in [400, 401, 403, 405, 429, 500, 502, 503, 999, 304] {
        assert!(
            matches!(verdict(&status(code), "a", true, T), Verdict::Unverified(_)),
            "{code}"
        );
    }
    let Verdict::Unverified(why) = verdict(&status(503), "a", true, T) else {
        panic!()
    };
    assert_eq!(why, "the server failed (503 Service Unavailable)");
    for fetched in [
        Fetched::TimedOut,
        Fetched::Failed("the connection was reset".into()),
        Fetched::Failed("TLS error (unknown issuer)".into()),
    ] {
        assert!(matches!(
            verdict(&fetched, "a", true, T),
            Verdict::Unverified(_)
        ));
    }
    assert_eq!(
        verdict(&Fetched::TimedOut, "a", true, Duration::from_millis(500)),
        Verdict::Unverified("no answer within 0.5 s".into())
    );
}

#[test]
fn a_missing_host_is_broken_only_when_other_hosts_resolve() {
    let Verdict::Broken { reason, .. } = verdict(&Fetched::NoSuchHost, "nope.example", true, T)
    else {
        panic!("a definite failure")
    };
    assert_eq!(reason, "the host `nope.example` does not exist");
    assert!(matches!(
        verdict(&Fetched::NoSuchHost, "nope.example", false, T),
        Verdict::Unverified(_)
    ));
    assert!(is_looked_up("example.org"));
    assert!(!is_looked_up("127.0.0.1"));
    assert!(!is_looked_up("[::1]"));
    assert!(!is_looked_up("localhost"));
}

#[test]
fn permanent_redirects_name_the_new_address() {
    let moved = Fetched::Status {
        status: 200,
        moved_to: Some("https://new.example/".into()),
    };
    assert_eq!(
        verdict(&moved, "old.example", true, T),
        Verdict::Moved("https://new.example/".into())
    );
    assert!(!moved_enough(
        "https://a.example/docs",
        "https://a.example/docs/"
    ));
    assert!(moved_enough("http://a.example/", "https://a.example/"));
}

/// A model of these pages.
fn site(pages: &[(&str, &str)]) -> Site {
    let sources = Sources {
        markdown: pages
            .iter()
            .map(|(rel, text)| SourceFile::new(rel.to_string(), rel.into(), text.to_string()))
            .collect(),
        ..Sources::default()
    };
    build_model(Config::default(), &sources, &ModelOptions::default()).0
}

fn options() -> Options {
    Options {
        now: 1_800_000_000,
        ..Options::new()
    }
}

#[test]
fn each_url_is_fetched_once_and_reported_at_every_link() {
    let site = site(&[
        (
            "index.md",
            "# Home\n\n[a](https://gone.example/x#top) [b](https://ok.example/)\n[mail](mailto:a@b.example)\n",
        ),
        (
            "guide.md",
            "# Guide\n\nSee ![logo](HTTPS://Gone.example/x) and [skip](https://internal.example/y).\n",
        ),
    ]);
    let options = Options {
        exclude: vec![Regex::new(r"internal\.example").unwrap()],
        ..options()
    };
    let check = ExternalCheck::new(&site, options);
    assert_eq!(check.to_fetch(), 2);
    let calls = Mutex::new(Vec::new());
    let (diagnostics, stats) = check.run_with(|url| {
        calls.lock().unwrap().push(url.to_string());
        match url {
            "https://gone.example/x" => status(404),
            _ => status(200),
        }
    });
    let mut calls = calls.into_inner().unwrap();
    calls.sort();
    assert_eq!(calls, ["https://gone.example/x", "https://ok.example/"]);
    let lines: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("{}: {:?}: {}", d.location(), d.severity, d.message))
        .collect();
    assert_eq!(
        lines,
        [
            "index.md:3:1: Error: link to `https://gone.example/x#top` is broken: the server answered 404 Not Found",
            "guide.md:3:5: Error: image to `HTTPS://Gone.example/x` is broken: the server answered 404 Not Found",
        ]
    );
    assert_eq!(
        stats,
        Stats {
            urls: 2,
            from_cache: 0,
            excluded: 1,
            broken: 1,
            unverified: 0,
            nothing_answered: false,
        }
    );
}

#[test]
fn working_urls_are_cached_and_failures_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.json");
    let site = site(&[(
        "index.md",
        "# Home\n\n[a](https://ok.example/) [b](https://down.example/) [c](https://gone.example/)\n",
    )]);
    let options = Options {
        cache: Some(path.clone()),
        ..options()
    };
    let fetch = |url: &str| match url {
        "https://ok.example/" => status(200),
        "https://down.example/" => status(503),
        _ => status(410),
    };
    let (first, _) = ExternalCheck::new(&site, options.clone()).run_with(fetch);
    assert_eq!(first.len(), 2, "{first:?}");
    let cached = Cache::load(&path).0;
    assert_eq!(cached.len(), 1);
    assert!(
        cached
            .fresh("https://ok.example/", options.now, options.max_age)
            .is_some()
    );

    let again = ExternalCheck::new(&site, options.clone());
    assert_eq!((again.to_fetch(), again.from_cache()), (2, 1));
    let calls = Mutex::new(Vec::new());
    let (second, stats) = again.run_with(|url| {
        calls.lock().unwrap().push(url.to_string());
        fetch(url)
    });
    assert!(
        !calls
            .lock()
            .unwrap()
            .iter()
            .any(|u| u.contains("ok.example"))
    );
    assert_eq!(second, first);
    assert_eq!(
        (stats.from_cache, stats.broken, stats.unverified),
        (1, 1, 1)
    );

    // A day later the cached success is fetched again.
    let later = Options {
        now: options.now + options.max_age.as_secs() + 1,
        ..options
    };
    assert_eq!(ExternalCheck::new(&site, later).to_fetch(), 3);
}

#[test]
fn a_corrupt_cache_is_a_note_and_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.json");
    std::fs::write(&path, "{\"version\": 1, \"urls\": [").unwrap();
    let site = site(&[("index.md", "# Home\n\n[a](https://ok.example/)\n")]);
    let options = Options {
        cache: Some(path.clone()),
        ..options()
    };
    let (diagnostics, _) = ExternalCheck::new(&site, options).run_with(|_| status(200));
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Note);
    assert_eq!(diagnostics[0].code, Code::ExternalCache);
    assert_eq!(Cache::load(&path).0.len(), 1);
}

#[test]
fn nothing_to_fetch_writes_no_cache() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.json");
    let site = site(&[("index.md", "# Home\n\n[a](mailto:x@y.example)\n")]);
    let options = Options {
        cache: Some(path.clone()),
        ..options()
    };
    let (diagnostics, stats) = ExternalCheck::new(&site, options).run_with(|_| unreachable!());
    assert!(diagnostics.is_empty());
    assert_eq!(stats, Stats::default());
    assert!(!path.exists());
}

#[test]
fn a_dead_host_is_tried_once_or_twice_not_for_every_link() {
    let mut text = String::from("# Home\n\n");
    for i in 0..6 {
        text.push_str(&format!(
            "[r{i}](https://refused.example/{i}) [s{i}](https://slow.example/{i}) [n{i}](https://nohost.example/{i})\n"
        ));
    }
    text.push_str("[ok](https://ok.example/)\n");
    let site = site(&[("index.md", &text)]);
    let calls = Mutex::new(Vec::new());
    let (diagnostics, stats) = ExternalCheck::new(&site, options()).run_with(|url| {
        calls.lock().unwrap().push(url.to_string());
        if url.contains("refused") {
            Fetched::Unreachable("the connection was refused".into())
        } else if url.contains("slow") {
            Fetched::TimedOut
        } else if url.contains("nohost") {
            Fetched::NoSuchHost
        } else {
            status(200)
        }
    });
    let calls = calls.into_inner().unwrap();
    let count = |host: &str| calls.iter().filter(|u| u.contains(host)).count();
    // At most PER_HOST fetches can be under way before the first failure is known.
    assert!(count("refused") <= PER_HOST, "{calls:?}");
    assert!(count("nohost") <= PER_HOST, "{calls:?}");
    assert!(count("slow") <= TIMEOUTS_PER_HOST + 1, "{calls:?}");
    // Every link is still reported: the missing host as broken (ok.example resolved).
    assert_eq!(
        (stats.urls, stats.broken, stats.unverified),
        (19, 6, 12),
        "{diagnostics:#?}"
    );
    assert!(diagnostics.iter().any(|d| d.message.ends_with(
        "could not be verified: not tried: other links to `slow.example` got no answer within 10 s"
    )));
}

#[test]
fn offline_runs_stop_trying_after_a_few_hosts() {
    let mut text = String::from("# Home\n\n");
    for i in 0..40 {
        text.push_str(&format!("[h{i}](https://host{i:02}.example/)\n"));
    }
    let site = site(&[("index.md", &text)]);
    let calls = Mutex::new(0);
    let (diagnostics, stats) = ExternalCheck::new(&site, options()).run_with(|_| {
        *calls.lock().unwrap() += 1;
        Fetched::NoSuchHost
    });
    let calls = calls.into_inner().unwrap();
    assert!(
        calls < OFFLINE_AFTER + DEFAULT_CONCURRENCY,
        "{calls} fetches"
    );
    assert_eq!((stats.urls, stats.unverified, stats.broken), (40, 40, 0));
    assert!(stats.nothing_answered);
    // A note for each link of a host tried, one for all the rest.
    assert!(diagnostics.len() < OFFLINE_AFTER + DEFAULT_CONCURRENCY + 1);
    let rest = diagnostics.iter().find(|d| d.file.is_empty()).unwrap();
    assert_eq!(
        rest.message,
        format!(
            "{} external URLs were not fetched: the first 10 hosts tried could not be reached and no server answered (is this machine offline?)",
            40 - calls
        )
    );
}
