//! `handbook build`: build the site, print what is wrong, write it unless that is unsafe.

use super::{EXIT_CONTENT, FormatArg, default_format, print_report};
use clap::Args;
use handbook::diagnostic::{Report, ReportFormat, plural};
use handbook::session::{Session, SessionOptions};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// The handbook folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Output folder (default: `output` in handbook.yml, else `public` inside the handbook).
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// The URL the site is published at, e.g. https://example.org/handbook/ (overrides handbook.yml).
    #[arg(long, value_parser = base_url_arg)]
    base_url: Option<String>,
    /// Make page links end in index.html, so the site also works opened from disk.
    #[arg(long)]
    relative_index: bool,
    /// Fail on warnings too, and write nothing when there is any error.
    #[arg(long)]
    strict: bool,
    /// Print only what needs fixing: no notes, no summary line.
    #[arg(long, short)]
    quiet: bool,
    /// Format of the diagnostics (default: text; github inside GitHub Actions).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Neither read nor write the build cache (`.handbook-cache/` in the handbook): build
    /// everything and leave the handbook folder as it is (a read-only or shared checkout).
    #[arg(long)]
    no_cache: bool,
    #[command(flatten)]
    external: super::external::ExternalArgs,
}

/// `--base-url` must be an absolute http(s) URL: anything else is a usage error (exit 2).
fn base_url_arg(value: &str) -> Result<String, String> {
    match handbook::config::normalize_base_url(value) {
        Ok(Some(url)) => Ok(url),
        _ => Err(format!(
            "`{value}` is not an absolute http(s) URL; write it in full, for example \
             --base-url https://example.org/handbook/"
        )),
    }
}

impl BuildArgs {
    pub(crate) fn run(self) -> anyhow::Result<u8> {
        super::clean_up_on_signals();
        // The time reported is the whole command's, writing the site included.
        let started = std::time::Instant::now();
        let mut session = Session::new(SessionOptions {
            root: self.dir.clone(),
            out: self.out.clone(),
            base_url: self.base_url.clone(),
            relative_index: self.relative_index,
            ..SessionOptions::default()
        })?;
        let format = default_format(self.format.map(Into::into));
        // A plain build that read exactly what the last one read, into an output folder as the
        // last one left it, is not done again (README, "The build cache").
        let cached = !self.strict && !self.external.enabled();
        let fingerprint = if self.no_cache {
            None
        } else if cached {
            if let Some(hit) = session.unchanged_build()? {
                return Ok(self.report_unchanged(hit, format, started));
            }
            session.preloaded_fingerprint()
        } else {
            // The parses, bodies and pages the cache kept serve these builds too.
            session.start_from_cache()?;
            None
        };
        // Without --strict, nothing found after rendering can stop the write, so the pages are
        // written while the search index is built. --strict decides from every diagnostic, the
        // index's and the external links' included, before anything is written; --external
        // checks the links before writing, as it always did.
        let (mut build, written) = if self.strict || self.external.enabled() {
            (session.build()?, None)
        } else {
            session.build_and_write()?
        };
        if self.external.enabled() {
            let external = self.external.check(
                &self.dir,
                &build.config,
                &build.site,
                format == ReportFormat::Text && !self.quiet,
            );
            build.diagnostics.extend(external);
            build.diagnostics.sort();
        }
        if self.strict {
            build.diagnostics.deny_warnings();
        }
        print_report(&build.diagnostics, format, self.quiet);
        let has_errors = build.diagnostics.has_errors();
        let summary = Report::new(&build.diagnostics, Default::default()).summary();
        if build.is_fatal() || (self.strict && has_errors) {
            errln!(
                "handbook: build failed with {}; nothing was written",
                summary.unwrap_or_default()
            );
            return Ok(EXIT_CONTENT);
        }
        let stats = match written {
            Some(written) => written?,
            None => session.write(&build)?,
        };
        if self.no_cache {
            // Nothing of the cache was read, and nothing is written.
        } else if let Err(e) = session.remember_build(&build, fingerprint) {
            errln!("handbook: note: the build cache could not be written: {e}");
        }
        for note in session.cache_notes() {
            errln!("handbook: note: {note}; the build did not use it");
        }
        if !self.quiet {
            let out = session.out_dir(&build.config);
            let problems = summary.map(|s| format!(" ({s})")).unwrap_or_default();
            let search = build
                .search
                .as_ref()
                .map(|s| {
                    format!(
                        ", search index of {} in {:.2} s (adding {:.2} s, indexing {:.2} s)",
                        plural(s.pages, "page"),
                        (s.add_elapsed + s.index_elapsed).as_secs_f64(),
                        s.add_elapsed.as_secs_f64(),
                        s.index_elapsed.as_secs_f64()
                    )
                })
                .unwrap_or_default();
            // What was worked out again; the rest came from the build cache.
            let work = session.work();
            let line = format!(
                "Built {} in {:.2} s{search} -> {}/{problems} [{} written, {} unchanged, {} removed; {} and {} rendered]",
                plural(build.page_count(), "page"),
                started.elapsed().as_secs_f64(),
                out.display(),
                stats.written,
                stats.unchanged,
                stats.removed,
                match work.bodies {
                    1 => "1 body".to_string(),
                    n => format!("{n} bodies"),
                },
                plural(work.pages, "page"),
            );
            print_built(&line, format);
        }
        Ok(if has_errors { EXIT_CONTENT } else { 0 })
    }

    /// Prints what the last build reported, for a build with nothing to do.
    fn report_unchanged(
        &self,
        hit: handbook::build_cache::Hit,
        format: ReportFormat,
        started: std::time::Instant,
    ) -> u8 {
        print_report(&hit.diagnostics, format, self.quiet);
        if !self.quiet {
            let summary = Report::new(&hit.diagnostics, Default::default()).summary();
            let problems = summary.map(|s| format!(" ({s})")).unwrap_or_default();
            let line = format!(
                "Built {} in {:.2} s -> {}/{problems} [0 written, {} unchanged, 0 removed; nothing changed since the last build]",
                plural(hit.pages, "page"),
                started.elapsed().as_secs_f64(),
                hit.out.display(),
                hit.files,
            );
            print_built(&line, format);
        }
        if hit.diagnostics.has_errors() {
            EXIT_CONTENT
        } else {
            0
        }
    }
}

/// The "Built ..." summary line: on stdout, except with `--format json|github`, where stdout holds
/// the machine output alone.
fn print_built(line: &str, format: ReportFormat) {
    if format == ReportFormat::Text {
        outln!("{line}");
    } else {
        errln!("{line}");
    }
}
