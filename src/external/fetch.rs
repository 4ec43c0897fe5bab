//! Fetching: one URL (HEAD, then GET when HEAD gets no success; redirects followed by hand so
//! their kind is known), and a small pool of threads that fetches many, with a limit per host.

use super::Fetched;
use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};
use ureq::http::{StatusCode, Uri};

/// Redirects followed before giving up.
pub(crate) const MAX_REDIRECTS: usize = 10;

/// A configured HTTP client.
pub(crate) struct Fetcher {
    agent: ureq::Agent,
    timeout: Duration,
}

impl Fetcher {
    /// A client whose every URL gets at most `timeout`, redirects and the GET retry included.
    pub(crate) fn new(timeout: Duration) -> Self {
        let agent = ureq::Agent::config_builder()
            // Statuses are data here, not errors.
            .http_status_as_error(false)
            // Redirects are followed in `follow`, which needs each hop's status.
            .max_redirects(0)
            .user_agent(format!(
                "handbook/{} (link checker)",
                env!("CARGO_PKG_VERSION")
            ))
            .timeout_global(Some(timeout))
            .build()
            .new_agent();
        Fetcher { agent, timeout }
    }

    /// Fetches `url` (no fragment): HEAD first; when that gets anything but a success (servers
    /// that refuse or mishandle HEAD answer 405, 501, 403, even 404), GET decides. A timeout or
    /// an unreachable host is not retried.
    pub(crate) fn fetch(&self, url: &str) -> Fetched {
        let deadline = Instant::now() + self.timeout;
        let head = self.follow(url, Method::Head, deadline);
        match head {
            Fetched::Status { status, .. } if (200..300).contains(&status) => head,
            Fetched::TimedOut | Fetched::NoSuchHost | Fetched::Unreachable(_) => head,
            _ => self.follow(url, Method::Get, deadline),
        }
    }

    /// One method, following up to [`MAX_REDIRECTS`] redirects.
    fn follow(&self, url: &str, method: Method, deadline: Instant) -> Fetched {
        let mut current = url.to_string();
        let mut all_permanent = true;
        for hop in 0..=MAX_REDIRECTS {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Fetched::TimedOut;
            }
            let response = match method {
                Method::Head => self
                    .agent
                    .head(&current)
                    .config()
                    .timeout_global(Some(left))
                    .build()
                    .call(),
                Method::Get => self
                    .agent
                    .get(&current)
                    .config()
                    .timeout_global(Some(left))
                    .build()
                    .call(),
            };
            let response = match response {
                Ok(r) => r,
                Err(err) if hop == 0 => return from_error(&err),
                // Past a redirect, a failure is the target's, not the linked host's.
                Err(err) => {
                    let why = match from_error(&err) {
                        Fetched::NoSuchHost => "its host does not exist".to_string(),
                        Fetched::TimedOut => "no answer in time".to_string(),
                        Fetched::Failed(why) | Fetched::Unreachable(why) => why,
                        Fetched::Status { .. } | Fetched::NotTried => err.to_string(),
                    };
                    return Fetched::Failed(format!("it redirects to `{current}`: {why}"));
                }
            };
            let status = response.status().as_u16();
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            // Leave the body unread: dropping the response closes the connection.
            drop(response);
            match (status, location) {
                (301 | 302 | 303 | 307 | 308, Some(location)) => {
                    all_permanent &= matches!(status, 301 | 308);
                    match join_location(&current, &location) {
                        Some(next) => current = next,
                        None => {
                            return Fetched::Failed(format!(
                                "it redirects to `{location}`, which is not an http(s) URL"
                            ));
                        }
                    }
                }
                (status, _) => {
                    let moved_to = (hop > 0 && all_permanent).then_some(current);
                    return Fetched::Status { status, moved_to };
                }
            }
        }
        Fetched::Failed(format!("more than {MAX_REDIRECTS} redirects"))
    }
}

#[derive(Debug, Clone, Copy)]
enum Method {
    Head,
    Get,
}

/// What a transport failure tells about the link (or its whole host).
fn from_error(err: &ureq::Error) -> Fetched {
    use std::io::ErrorKind;
    match err {
        ureq::Error::HostNotFound => Fetched::NoSuchHost,
        ureq::Error::Timeout(_) => Fetched::TimedOut,
        ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => Fetched::TimedOut,
        ureq::Error::Io(io) if is_no_such_host(&io.to_string()) => Fetched::NoSuchHost,
        ureq::Error::Io(io) if io.to_string().contains("failed to lookup address") => {
            Fetched::Unreachable(format!("the host name could not be looked up ({io})"))
        }
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused => {
                Fetched::Unreachable("the connection was refused".to_string())
            }
            ErrorKind::HostUnreachable | ErrorKind::NetworkUnreachable => {
                Fetched::Unreachable(format!("the host cannot be reached ({io})"))
            }
            ErrorKind::ConnectionReset => Fetched::Failed("the connection was reset".to_string()),
            _ => Fetched::Failed(io.to_string()),
        },
        ureq::Error::ConnectionFailed => Fetched::Unreachable("the connection failed".to_string()),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => {
            Fetched::Unreachable(format!("TLS error ({err})"))
        }
        other => Fetched::Failed(other.to_string()),
    }
}

/// The resolver's words for a name that does not exist, as opposed to one it could not look up
/// right now ("Temporary failure in name resolution"): glibc, macOS and Windows.
pub(crate) fn is_no_such_host(message: &str) -> bool {
    const NO_SUCH_HOST: &[&str] = &[
        "Name or service not known",
        "No address associated with hostname",
        "nodename nor servname provided",
        "No such host is known",
    ];
    NO_SUCH_HOST.iter().any(|m| message.contains(m))
}

/// The absolute URL of a `Location` header, relative to the URL that answered with it.
pub(crate) fn join_location(base: &str, location: &str) -> Option<String> {
    let location = location.trim();
    let lower = location.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(location.to_string());
    }
    let uri: Uri = base.parse().ok()?;
    let scheme = uri.scheme_str()?;
    let authority = uri.authority()?.as_str();
    if let Some(rest) = location.strip_prefix("//") {
        return Some(format!("{scheme}://{rest}"));
    }
    if let Some((scheme, _)) = location.split_once(':')
        && !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        // Another scheme (`mailto:`, `ftp:`).
        return None;
    }
    if location.starts_with('/') {
        return Some(format!("{scheme}://{authority}{location}"));
    }
    let path = uri.path();
    if let Some(query) = location.strip_prefix('?') {
        return Some(format!("{scheme}://{authority}{path}?{query}"));
    }
    let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let folder = if folder.is_empty() { "/" } else { folder };
    Some(format!("{scheme}://{authority}{folder}{location}"))
}

/// `404 Not Found`, or the bare number for a status without a standard reason.
pub(crate) fn status_text(status: u16) -> String {
    StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map_or_else(|| status.to_string(), |reason| format!("{status} {reason}"))
}

/// Runs `fetch(host, url)` on every `(host, url)` job from `workers` threads, with at most
/// `per_host` jobs of one host under way at once. Results come back in no particular order.
pub(crate) fn run_pool<T: Send>(
    jobs: Vec<(String, String)>,
    workers: usize,
    per_host: usize,
    fetch: impl Fn(&str, &str) -> T + Sync,
) -> Vec<(String, T)> {
    struct State<T> {
        pending: VecDeque<(String, String)>,
        busy: HashMap<String, usize>,
        done: Vec<(String, T)>,
    }
    let workers = workers.max(1).min(jobs.len());
    let per_host = per_host.max(1);
    let state = Mutex::new(State {
        pending: jobs.into(),
        busy: HashMap::new(),
        done: Vec::new(),
    });
    let ready = Condvar::new();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let (host, url) = {
                        let mut st = state.lock().expect("pool state");
                        loop {
                            if st.pending.is_empty() {
                                return;
                            }
                            let free = st.pending.iter().position(|(host, _)| {
                                st.busy.get(host).copied().unwrap_or(0) < per_host
                            });
                            if let Some(i) = free {
                                let job = st.pending.remove(i).expect("index in range");
                                *st.busy.entry(job.0.clone()).or_default() += 1;
                                break job;
                            }
                            st = ready.wait(st).expect("pool state");
                        }
                    };
                    let result = fetch(&host, &url);
                    let mut st = state.lock().expect("pool state");
                    if let Some(n) = st.busy.get_mut(&host) {
                        *n -= 1;
                    }
                    st.done.push((url, result));
                    ready.notify_all();
                }
            });
        }
    });
    state.into_inner().expect("pool state").done
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn locations_are_joined_like_a_browser() {
        let base = "https://a.example/docs/page?x=1";
        assert_eq!(
            join_location(base, "https://b.example/").as_deref(),
            Some("https://b.example/")
        );
        assert_eq!(
            join_location(base, "//c.example/x").as_deref(),
            Some("https://c.example/x")
        );
        assert_eq!(
            join_location(base, "/root").as_deref(),
            Some("https://a.example/root")
        );
        assert_eq!(
            join_location(base, "other").as_deref(),
            Some("https://a.example/docs/other")
        );
        assert_eq!(
            join_location(base, "?y=2").as_deref(),
            Some("https://a.example/docs/page?y=2")
        );
        assert_eq!(
            join_location("http://a.example", "next").as_deref(),
            Some("http://a.example/next")
        );
        assert_eq!(join_location(base, "mailto:x@a.example"), None);
    }

    #[test]
    fn resolver_messages() {
        assert!(is_no_such_host(
            "failed to lookup address information: Name or service not known"
        ));
        assert!(is_no_such_host(
            "failed to lookup address information: nodename nor servname provided, or not known"
        ));
        assert!(!is_no_such_host(
            "failed to lookup address information: Temporary failure in name resolution"
        ));
    }

    #[test]
    fn status_texts() {
        assert_eq!(status_text(404), "404 Not Found");
        assert_eq!(status_text(410), "410 Gone");
        assert_eq!(status_text(999), "999");
    }

    #[test]
    fn the_pool_fetches_each_job_once_within_the_limits() {
        let jobs: Vec<(String, String)> = (0..24)
            .map(|i| {
                let host = ["a", "b", "c"][i % 3].to_string();
                (host.clone(), format!("https://{host}/{i}"))
            })
            .collect();
        let per_host: Mutex<HashMap<String, usize>> = Mutex::new(HashMap::new());
        let max_per_host = AtomicUsize::new(0);
        let in_flight = AtomicUsize::new(0);
        let max_in_flight = AtomicUsize::new(0);
        let done = run_pool(jobs, 5, 2, |_, url| {
            let host = url[8..9].to_string();
            let n = {
                let mut m = per_host.lock().unwrap();
                let n = m.entry(host.clone()).or_default();
                *n += 1;
                *n
            };
            max_per_host.fetch_max(n, Ordering::SeqCst);
            let total = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            max_in_flight.fetch_max(total, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(5));
            in_flight.fetch_sub(1, Ordering::SeqCst);
            *per_host.lock().unwrap().get_mut(&host).unwrap() -= 1;
            url.len()
        });
        assert_eq!(done.len(), 24);
        let mut urls: Vec<_> = done.iter().map(|(u, _)| u.clone()).collect();
        urls.sort();
        urls.dedup();
        assert_eq!(urls.len(), 24);
        assert!(max_per_host.load(Ordering::SeqCst) <= 2);
        assert!(max_in_flight.load(Ordering::SeqCst) <= 5);
        assert!(run_pool(Vec::new(), 8, 2, |_, u| u.len()).is_empty());
    }
}
