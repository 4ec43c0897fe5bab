//! External links (`check --external`): every http(s) URL the pages link to, fetched once per run
//! and reported at the link's `file:line:col`, the way broken internal links are.
//!
//! Off by default (CI is often offline). Decided rules (the README documents them):
//! - Only definite failures are errors (`broken-external-link`): `404` and `410`, a host that does
//!   not exist, and a URL that cannot be one (no host). A name that does not resolve counts only
//!   when some other named host answered in the same run; otherwise the machine is probably
//!   offline and it is a note.
//! - Anything else that is not a success (timeouts, `429`, `5xx`, `401`/`403` bot walls, TLS and
//!   connection failures) is a note (`unverified-external-link`) saying why: it never fails a run.
//! - A URL that redirects only permanently (`301`, `308`) to another address is a note
//!   (`moved-external-link`) naming the new address.
//! - Each distinct URL (fragment removed, scheme and host lowercased) is fetched once: HEAD, then
//!   GET when HEAD gets no success; at most [`DEFAULT_CONCURRENCY`] at once, [`PER_HOST`] per host.
//! - Working URLs are cached ([`cache`]) for a day; failures are fetched again on every run.

pub mod cache;
mod fetch;

use crate::diagnostic::{Code, Diagnostic};
use crate::markdown::LinkKind;
use crate::model::Site;
use crate::model::links::Target;
use cache::Cache;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// How long one URL may take, redirects included, unless `--external-timeout` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// URLs fetched at once, unless `--external-concurrency` says otherwise.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// URLs of one host fetched at once, so one server is never hammered.
pub const PER_HOST: usize = 2;

/// How to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// Time allowed for each URL (HEAD, the GET retry and redirects together).
    pub timeout: Duration,
    /// URLs fetched at once.
    pub concurrency: usize,
    /// URLs matching any of these are not fetched.
    pub exclude: Vec<Regex>,
    /// The cache file; `None` reads and writes no cache.
    pub cache: Option<PathBuf>,
    /// How long a working URL stays in the cache.
    pub max_age: Duration,
    /// The time, in seconds since the Unix epoch (for the cache).
    pub now: u64,
}

impl Options {
    /// The defaults, with no cache and the current time.
    pub fn new() -> Self {
        Options {
            timeout: DEFAULT_TIMEOUT,
            concurrency: DEFAULT_CONCURRENCY,
            exclude: Vec::new(),
            cache: None,
            max_age: cache::DEFAULT_MAX_AGE,
            now: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options::new()
    }
}

/// A link destination, as far as fetching it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Normalized {
    /// An http(s) URL to fetch: the key it is fetched and cached by (no fragment, lowercase
    /// scheme and host, unsafe characters percent-encoded), and its host (no port).
    Http {
        /// The URL to fetch.
        url: String,
        /// Its host, lowercase, without the port.
        host: String,
    },
    /// Another scheme (`mailto:`, `tel:`, `ftp:`): not checked.
    NotHttp,
    /// Cannot work anywhere (for example no host): the reason.
    Invalid(String),
    /// An http(s) URL this checker does not fetch: the reason.
    Unsupported(String),
}

/// Characters a browser would percent-encode in a URL as written in Markdown.
const UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^');

/// Normalises a link destination as written (`HTTPS://Example.org/a b#x` ->
/// `https://example.org/a%20b`), so that links to one URL are fetched once.
pub(crate) fn normalize(dest: &str) -> Normalized {
    let dest = dest.trim();
    let without_fragment = dest.split_once('#').map_or(dest, |(u, _)| u);
    let (scheme, rest) = if let Some(rest) = without_fragment.strip_prefix("//") {
        // Protocol-relative: the published site is served over https.
        ("https".to_string(), rest)
    } else {
        let Some((scheme, rest)) = without_fragment.split_once(':') else {
            return Normalized::NotHttp;
        };
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Normalized::NotHttp;
        }
        match rest.strip_prefix("//") {
            Some(rest) => (scheme, rest),
            None => {
                return Normalized::Invalid(format!(
                    "`{scheme}:` must be followed by `//` and a host"
                ));
            }
        }
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.find(']').map_or(host_port, |i| &host_port[..=i])
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    if host.is_empty() {
        return Normalized::Invalid("it has no host".to_string());
    }
    if !host.is_ascii() {
        return Normalized::Unsupported(
            "internationalised domain names are not checked".to_string(),
        );
    }
    let path = if path.is_empty() || path.starts_with('?') {
        format!("/{path}")
    } else {
        path.to_string()
    };
    let url = format!(
        "{scheme}://{}{}",
        authority.to_ascii_lowercase(),
        utf8_percent_encode(&path, UNSAFE)
    );
    match url.parse::<ureq::http::Uri>() {
        Ok(_) => Normalized::Http {
            url,
            host: host.to_ascii_lowercase(),
        },
        Err(err) => Normalized::Unsupported(format!("`{url}` is not a URL it can fetch ({err})")),
    }
}

/// What fetching a URL gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The server answered (after following redirects).
    Status {
        /// The final status.
        status: u16,
        /// The final URL, when the URL redirected and every redirect was permanent.
        moved_to: Option<String>,
    },
    /// The resolver says the host name does not exist.
    NoSuchHost,
    /// No answer in time.
    TimedOut,
    /// The host itself could not be reached (connection refused, TLS handshake, a name lookup
    /// that failed for now): the reason. Other URLs of the host are not tried.
    Unreachable(String),
    /// Any other failure (connection reset, protocol, a failing redirect target): the reason.
    Failed(String),
    /// Not fetched: the machine looks offline (no server answered, many hosts unreachable).
    NotTried,
}

/// What a fetch means for the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It works.
    Ok,
    /// It works, but only through permanent redirects to this URL.
    Moved(String),
    /// It is definitely broken: why, and what to do.
    Broken {
        /// What is wrong (`the server answered 404 Not Found`).
        reason: String,
        /// How to fix it.
        help: String,
    },
    /// It could not be verified: why. Not a failure.
    Unverified(String),
    /// It was not fetched because the machine looks offline; reported once for the whole run.
    NotTried,
}

/// Classifies a fetch of a URL of `host`. `dns_works` says whether some other named host
/// answered in this run, which makes a name that does not resolve a definite failure.
pub(crate) fn verdict(
    fetched: &Fetched,
    host: &str,
    dns_works: bool,
    timeout: Duration,
) -> Verdict {
    match fetched {
        Fetched::Status { status, moved_to } => {
            let text = fetch::status_text(*status);
            match status {
                200..=299 => moved_to.clone().map_or(Verdict::Ok, Verdict::Moved),
                404 => Verdict::Broken {
                    reason: format!("the server answered {text}"),
                    help: "update the link to where the page moved, or remove it".to_string(),
                },
                410 => Verdict::Broken {
                    reason: format!("the server answered {text}"),
                    help: "the page was removed for good: remove the link or point it at a replacement".to_string(),
                },
                401 | 403 | 407 => Verdict::Unverified(format!(
                    "the server refused access ({text}), as some sites do for automated checks"
                )),
                429 => Verdict::Unverified(format!("the server is limiting requests ({text})")),
                500..=599 => Verdict::Unverified(format!("the server failed ({text})")),
                _ => Verdict::Unverified(format!("the server answered {text}")),
            }
        }
        Fetched::NoSuchHost if dns_works => Verdict::Broken {
            reason: format!("the host `{host}` does not exist"),
            help: "check the address for a typo; if it is right, the domain has lapsed".to_string(),
        },
        Fetched::NoSuchHost => Verdict::Unverified(format!(
            "the host `{host}` could not be resolved, and no other named host answered in this run (is this machine offline?)"
        )),
        Fetched::TimedOut => Verdict::Unverified(format!("no answer within {}", seconds(timeout))),
        Fetched::Failed(reason) | Fetched::Unreachable(reason) => {
            Verdict::Unverified(reason.clone())
        }
        Fetched::NotTried => Verdict::NotTried,
    }
}

/// Timeouts of one host after which its other URLs are not tried.
const TIMEOUTS_PER_HOST: usize = 2;

/// Hosts that could not be reached, with no server answering at all, after which the machine is
/// taken to be offline and nothing more is tried.
const OFFLINE_AFTER: usize = 10;

/// Hosts found unreachable during a run, so that a dead host with a hundred links costs one or
/// two fetches, not a hundred timeouts.
#[derive(Default)]
struct DeadHosts {
    dead: HashMap<String, Fetched>,
    timeouts: HashMap<String, usize>,
    /// Some server answered in this run.
    answered: bool,
}

impl DeadHosts {
    /// What to answer, without fetching, for a URL of `host`.
    fn known(&self, host: &str) -> Option<Fetched> {
        if let Some(known) = self.dead.get(host) {
            return Some(known.clone());
        }
        (!self.answered && self.dead.len() >= OFFLINE_AFTER).then_some(Fetched::NotTried)
    }

    /// Learns from the fetch of a URL of `host`.
    fn learn(&mut self, host: &str, fetched: &Fetched, timeout: Duration) {
        match fetched {
            Fetched::Status { .. } => self.answered = true,
            Fetched::NoSuchHost | Fetched::Unreachable(_) => {
                self.dead.insert(host.to_string(), fetched.clone());
            }
            Fetched::TimedOut => {
                let n = self.timeouts.entry(host.to_string()).or_default();
                *n += 1;
                if *n >= TIMEOUTS_PER_HOST {
                    self.dead.insert(
                        host.to_string(),
                        Fetched::Failed(format!(
                            "not tried: other links to `{host}` got no answer within {}",
                            seconds(timeout)
                        )),
                    );
                }
            }
            _ => {}
        }
    }
}

/// `10 s`, `0.5 s`.
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

/// True for a host written as a name that a resolver looks up: not an IP address, not
/// `localhost` (answered from the hosts file even offline).
fn is_looked_up(host: &str) -> bool {
    !(host.starts_with('[')
        || host.parse::<std::net::IpAddr>().is_ok()
        || host == "localhost"
        || host.ends_with(".localhost"))
}

/// A permanent redirect that only adds or removes a trailing slash is not worth a note.
fn moved_enough(from: &str, to: &str) -> bool {
    from.trim_end_matches('/') != to.trim_end_matches('/')
}

/// One external link of a page.
#[derive(Debug, Clone)]
struct Occurrence {
    file: String,
    line: u32,
    column: u32,
    what: &'static str,
    dest: String,
    normalized: Normalized,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Distinct URLs checked (fetched, taken from the cache, or not fetchable at all).
    pub urls: usize,
    /// Of those, taken from the cache.
    pub from_cache: usize,
    /// Distinct URLs left out by an exclude pattern.
    pub excluded: usize,
    /// Of those, definitely broken.
    pub broken: usize,
    /// Of those, not verified.
    pub unverified: usize,
    /// URLs were fetched and no server answered any (offline, or no network for this process).
    pub nothing_answered: bool,
}

/// The external links of a site, ready to fetch: see [`ExternalCheck::run`].
pub struct ExternalCheck {
    options: Options,
    occurrences: Vec<Occurrence>,
    /// Distinct URLs: host, and the verdict when the cache had one.
    urls: BTreeMap<String, (String, Option<Verdict>)>,
    cache: Cache,
    excluded: usize,
    notes: Vec<Diagnostic>,
}

impl ExternalCheck {
    /// Collects the external links of every page and reads the cache.
    pub fn new(site: &Site, options: Options) -> Self {
        let mut occurrences = Vec::new();
        let mut excluded = std::collections::BTreeSet::new();
        for page in &site.pages {
            let Some(file) = page.rel_path.as_deref() else {
                continue;
            };
            for link in site.links_of(page.id) {
                if link.from_relation || link.target != Target::External {
                    continue;
                }
                let dest = link.raw.dest.trim();
                let normalized = normalize(dest);
                if normalized == Normalized::NotHttp {
                    continue;
                }
                let key = match &normalized {
                    Normalized::Http { url, .. } => url.as_str(),
                    _ => dest,
                };
                if options
                    .exclude
                    .iter()
                    .any(|re| re.is_match(key) || re.is_match(dest))
                {
                    excluded.insert(key.to_string());
                    continue;
                }
                occurrences.push(Occurrence {
                    file: file.to_string(),
                    line: link.line,
                    column: link.column,
                    what: if matches!(link.raw.kind, LinkKind::Image | LinkKind::WikiFile) {
                        "image"
                    } else {
                        "link"
                    },
                    dest: dest.to_string(),
                    normalized,
                });
            }
        }
        let mut notes = Vec::new();
        let cache = match &options.cache {
            Some(path) => {
                let (cache, problem) = Cache::load(path);
                if let Some(problem) = problem {
                    notes.push(
                        Diagnostic::note(
                            Code::ExternalCache,
                            "",
                            0,
                            0,
                            format!(
                                "ignored the external link cache `{}`: {problem}",
                                path.display()
                            ),
                        )
                        .with_help("it is written anew after this run"),
                    );
                }
                cache
            }
            None => Cache::default(),
        };
        let mut urls = BTreeMap::new();
        for occurrence in &occurrences {
            if let Normalized::Http { url, host } = &occurrence.normalized {
                urls.entry(url.clone()).or_insert_with(|| {
                    let cached = cache
                        .fresh(url, options.now, options.max_age)
                        .map(|e| e.moved_to.clone().map_or(Verdict::Ok, Verdict::Moved));
                    (host.clone(), cached)
                });
            }
        }
        ExternalCheck {
            options,
            occurrences,
            urls,
            cache,
            excluded: excluded.len(),
            notes,
        }
    }

    /// Distinct URLs that will be fetched.
    pub fn to_fetch(&self) -> usize {
        self.urls.values().filter(|(_, v)| v.is_none()).count()
    }

    /// Distinct URLs answered from the cache.
    pub fn from_cache(&self) -> usize {
        self.urls.len() - self.to_fetch()
    }

    /// Fetches what the cache did not answer, updates the cache, and returns one diagnostic per
    /// link that is broken, could not be verified or moved, with the counts.
    pub fn run(self) -> (Vec<Diagnostic>, Stats) {
        let fetcher = fetch::Fetcher::new(self.options.timeout);
        self.run_with(|url| fetcher.fetch(url))
    }

    /// [`ExternalCheck::run`] with another way of fetching (tests).
    fn run_with(mut self, fetch: impl Fn(&str) -> Fetched + Sync) -> (Vec<Diagnostic>, Stats) {
        let jobs: Vec<(String, String)> = self
            .urls
            .iter()
            .filter(|(_, (_, cached))| cached.is_none())
            .map(|(url, (host, _))| (host.clone(), url.clone()))
            .collect();
        let fetched_any = !jobs.is_empty();
        let dead = Mutex::new(DeadHosts::default());
        let timeout = self.options.timeout;
        let fetched = fetch::run_pool(
            jobs,
            self.options.concurrency,
            PER_HOST,
            |host: &str, url: &str| {
                if let Some(known) = dead.lock().expect("dead hosts").known(host) {
                    return known;
                }
                let fetched = fetch(url);
                dead.lock()
                    .expect("dead hosts")
                    .learn(host, &fetched, timeout);
                fetched
            },
        );
        let nothing_answered = !fetched.is_empty()
            && !fetched
                .iter()
                .any(|(_, f)| matches!(f, Fetched::Status { .. }));
        let dns_works = fetched.iter().any(|(url, f)| {
            matches!(f, Fetched::Status { .. })
                && self
                    .urls
                    .get(url)
                    .is_some_and(|(host, _)| is_looked_up(host))
        });
        // Links that are not fetchable URLs count once per distinct destination.
        let mut invalid = std::collections::BTreeSet::new();
        let mut unsupported = std::collections::BTreeSet::new();
        for o in &self.occurrences {
            match o.normalized {
                Normalized::Invalid(_) => invalid.insert(o.dest.as_str()),
                Normalized::Unsupported(_) => unsupported.insert(o.dest.as_str()),
                _ => false,
            };
        }
        let mut stats = Stats {
            urls: self.urls.len() + invalid.len() + unsupported.len(),
            broken: invalid.len(),
            unverified: unsupported.len(),
            from_cache: self.from_cache(),
            excluded: self.excluded,
            nothing_answered,
        };
        for (url, result) in fetched {
            let Some((host, slot)) = self.urls.get_mut(&url) else {
                continue;
            };
            let v = verdict(&result, host, dns_works, self.options.timeout);
            if let (Fetched::Status { status, moved_to }, Verdict::Ok | Verdict::Moved(_)) =
                (&result, &v)
            {
                self.cache.insert(
                    url.clone(),
                    cache::Entry {
                        checked: self.options.now,
                        status: *status,
                        moved_to: moved_to.clone(),
                    },
                );
            }
            *slot = Some(v);
        }
        let mut not_tried = 0;
        for (_, verdict) in self.urls.values() {
            match verdict {
                Some(Verdict::Broken { .. }) => stats.broken += 1,
                Some(Verdict::Unverified(_)) => stats.unverified += 1,
                Some(Verdict::NotTried) => {
                    stats.unverified += 1;
                    not_tried += 1;
                }
                _ => {}
            }
        }
        let mut diagnostics = std::mem::take(&mut self.notes);
        if not_tried > 0 {
            // One note, rather than one per link of every host not tried.
            diagnostics.push(Diagnostic::note(
                Code::UnverifiedExternalLink,
                "",
                0,
                0,
                format!(
                    "{} not fetched: the first {OFFLINE_AFTER} hosts tried could not be reached and no server answered (is this machine offline?)",
                    if not_tried == 1 {
                        "1 external URL was".to_string()
                    } else {
                        format!("{not_tried} external URLs were")
                    }
                ),
            ));
        }
        for o in &self.occurrences {
            let d = match &o.normalized {
                Normalized::Http { url, .. } => {
                    match self.urls.get(url).and_then(|(_, v)| v.as_ref()) {
                        Some(v) => diagnostic(o, url, v),
                        None => None,
                    }
                }
                Normalized::Invalid(reason) => Some(
                    Diagnostic::error(
                        Code::BrokenExternalLink,
                        &o.file,
                        o.line,
                        o.column,
                        format!("{} to `{}` is not a valid URL: {reason}", o.what, o.dest),
                    )
                    .with_help("write it in full, for example `https://example.org/page`"),
                ),
                Normalized::Unsupported(reason) => Some(unverified(o, reason)),
                Normalized::NotHttp => None,
            };
            diagnostics.extend(d);
        }
        if let (Some(path), true) = (&self.options.cache, fetched_any)
            && let Err(err) = self
                .cache
                .save(path, self.options.now, self.options.max_age)
        {
            diagnostics.push(Diagnostic::note(
                Code::ExternalCache,
                "",
                0,
                0,
                format!(
                    "could not write the external link cache `{}`: {err}",
                    path.display()
                ),
            ));
        }
        (diagnostics, stats)
    }
}

/// The diagnostic of one link, from the verdict of its URL (`None` when it works).
fn diagnostic(o: &Occurrence, url: &str, verdict: &Verdict) -> Option<Diagnostic> {
    match verdict {
        Verdict::Ok | Verdict::NotTried => None,
        Verdict::Moved(to) if !moved_enough(url, to) => None,
        Verdict::Moved(to) => {
            let fragment = o.dest.find('#').map_or("", |i| &o.dest[i..]);
            Some(
                Diagnostic::note(
                    Code::MovedExternalLink,
                    &o.file,
                    o.line,
                    o.column,
                    format!("{} to `{}` redirects permanently to `{to}`", o.what, o.dest),
                )
                .with_help(format!("link to `{to}{fragment}` instead")),
            )
        }
        Verdict::Broken { reason, help } => Some(
            Diagnostic::error(
                Code::BrokenExternalLink,
                &o.file,
                o.line,
                o.column,
                format!("{} to `{}` is broken: {reason}", o.what, o.dest),
            )
            .with_help(help.clone()),
        ),
        Verdict::Unverified(reason) => Some(unverified(o, reason)),
    }
}

fn unverified(o: &Occurrence, reason: &str) -> Diagnostic {
    Diagnostic::note(
        Code::UnverifiedExternalLink,
        &o.file,
        o.line,
        o.column,
        format!("{} to `{}` could not be verified: {reason}", o.what, o.dest),
    )
}

#[cfg(test)]
mod tests;
