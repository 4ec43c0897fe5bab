//! `--external` and its options, shared by `check` and `build`.

use clap::Args;
use handbook::config::Config;
use handbook::diagnostic::{Diagnostic, plural};
use handbook::external::{self, ExternalCheck, Options, cache};
use handbook::model::Site;
use regex::Regex;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Args)]
#[command(next_help_heading = "External links")]
pub(crate) struct ExternalArgs {
    /// Also check http(s) links by fetching them (off by default: CI is often offline). Only
    /// 404, 410 and hosts that do not exist are errors; other failures are notes.
    #[arg(long)]
    external: bool,
    /// Seconds allowed for each URL, redirects included (decimals allowed).
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_seconds, requires = "external")]
    external_timeout: Duration,
    /// URLs fetched at once (at most 2 of one host).
    #[arg(long, value_name = "N", default_value_t = external::DEFAULT_CONCURRENCY as u16,
          value_parser = clap::value_parser!(u16).range(1..=64), requires = "external")]
    external_concurrency: u16,
    /// Do not fetch URLs matching this regular expression (repeatable; adds to `external_exclude`
    /// of handbook.yml).
    #[arg(long, value_name = "REGEX", value_parser = parse_regex, requires = "external")]
    external_exclude: Vec<Regex>,
    /// The cache of working URLs (default: .handbook-cache/external-links.json in the handbook).
    #[arg(long, value_name = "FILE", requires = "external")]
    external_cache: Option<PathBuf>,
    /// Read and write no cache: fetch every URL.
    #[arg(long, requires = "external", conflicts_with = "external_cache")]
    no_external_cache: bool,
}

impl ExternalArgs {
    /// True with `--external`.
    pub(crate) fn enabled(&self) -> bool {
        self.external
    }

    /// Checks the external links of `site` (the handbook at `root`), printing progress and a
    /// summary to stderr when `progress` is set, and returns the diagnostics.
    pub(crate) fn check(
        &self,
        root: &Path,
        config: &Config,
        site: &Site,
        progress: bool,
    ) -> Vec<Diagnostic> {
        let mut exclude = self.external_exclude.clone();
        // handbook.yml's patterns were validated when it was read.
        exclude.extend(
            config
                .external_exclude
                .iter()
                .filter_map(|p| Regex::new(p).ok()),
        );
        let cache = if self.no_external_cache {
            None
        } else {
            Some(
                self.external_cache
                    .clone()
                    .unwrap_or_else(|| cache::default_path(root)),
            )
        };
        let options = Options {
            timeout: self.external_timeout,
            concurrency: usize::from(self.external_concurrency),
            exclude,
            cache,
            ..Options::new()
        };
        let check = ExternalCheck::new(site, options);
        let (to_fetch, from_cache) = (check.to_fetch(), check.from_cache());
        if progress && to_fetch > 0 {
            errln!(
                "handbook: checking {}{}...",
                plural(to_fetch, "external URL"),
                if from_cache > 0 {
                    format!(" ({from_cache} more from the cache)")
                } else {
                    String::new()
                }
            );
        }
        let (diagnostics, stats) = check.run();
        if progress {
            let mut details = Vec::new();
            if stats.from_cache > 0 {
                details.push(format!("{} from cache", stats.from_cache));
            }
            if stats.excluded > 0 {
                details.push(format!("{} excluded", stats.excluded));
            }
            let details = if details.is_empty() {
                String::new()
            } else {
                format!(" ({})", details.join(", "))
            };
            let mut outcome = Vec::new();
            if stats.broken > 0 {
                outcome.push(format!("{} broken", stats.broken));
            }
            if stats.unverified > 0 {
                outcome.push(format!("{} could not be verified", stats.unverified));
            }
            let outcome = if outcome.is_empty() {
                "all working".to_string()
            } else {
                outcome.join(", ")
            };
            let hint = if stats.nothing_answered {
                " (no server answered: is this machine offline?)"
            } else {
                ""
            };
            errln!(
                "handbook: checked {}{details}: {outcome}{hint}",
                plural(stats.urls, "external URL")
            );
        }
        diagnostics
    }
}

/// `10`, `0.5`: seconds, more than zero, at most an hour.
fn parse_seconds(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds"))?;
    if !(secs > 0.0 && secs <= 3600.0) {
        return Err("the timeout must be more than 0 and at most 3600 seconds".to_string());
    }
    Ok(Duration::from_secs_f64(secs))
}

fn parse_regex(s: &str) -> Result<Regex, String> {
    Regex::new(s).map_err(|e| {
        e.to_string()
            .lines()
            .last()
            .unwrap_or_default()
            .trim()
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds() {
        assert_eq!(parse_seconds("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_seconds("0.25"), Ok(Duration::from_millis(250)));
        assert!(parse_seconds("0").is_err());
        assert!(parse_seconds("-1").is_err());
        assert!(parse_seconds("NaN").is_err());
        assert!(parse_seconds("ten").is_err());
    }
}
