//! `handbook check`: every validation of a build, nothing written. For CI.

use super::{EXIT_CONTENT, FormatArg, default_format, print_report};
use clap::Args;
use handbook::decision::Decision;
use handbook::decision::branch::{BaseFiles, numbers_taken_on_base};
use handbook::diagnostic::{Code, Diagnostic, Report, ReportFormat};
use handbook::session::{Session, SessionOptions};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The handbook folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Print only what needs fixing: no notes, no summary line.
    #[arg(long, short)]
    quiet: bool,
    /// Format of the diagnostics (default: text; github inside GitHub Actions).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Also report decision records added here whose number this git ref (the branch to merge
    /// into, e.g. origin/main) has given to another record.
    #[arg(long, value_name = "GIT-REF")]
    base: Option<String>,
    #[command(flatten)]
    external: super::external::ExternalArgs,
}

impl CheckArgs {
    pub(crate) fn run(self) -> anyhow::Result<u8> {
        let mut session = Session::new(SessionOptions::read_only(self.dir.clone()))?;
        let mut build = session.build()?;
        for id in handbook::model::links::orphans(&build.site) {
            let page = build.site.page(id);
            if let Some(rel_path) = &page.rel_path {
                build.diagnostics.push(
                    Diagnostic::note(Code::OrphanPage, rel_path, 0, 0, "no other page links here; readers can only find it through the navigation or search")
                        .with_help("link to it from a related page, or remove it if it is no longer needed"),
                );
            }
        }
        if let Some(note) = handbook::render::health::feeds_note(&build.site) {
            build.diagnostics.push(note);
        }
        if let Some(base) = &self.base {
            let taken = numbers_taken_on(&self.dir, base, build.site.decisions.records())?;
            build.diagnostics.extend(taken);
        }
        let format = default_format(self.format.map(Into::into));
        if self.external.enabled() {
            let external = self.external.check(
                &self.dir,
                &build.config,
                &build.site,
                format == ReportFormat::Text,
            );
            build.diagnostics.extend(external);
        }
        build.diagnostics.sort();
        if self.deny_warnings {
            build.diagnostics.deny_warnings();
        }
        print_report(&build.diagnostics, format, self.quiet);
        if format == ReportFormat::Text && !self.quiet {
            let pages = handbook::diagnostic::plural(build.page_count(), "page");
            let counts = Report::new(&build.diagnostics, format).counts();
            errln!("handbook: {pages} checked: {counts}");
        }
        Ok(if build.diagnostics.has_errors() {
            EXIT_CONTENT
        } else {
            0
        })
    }
}

/// `--base`: records new on this branch whose number `base` has given to another record.
fn numbers_taken_on(
    dir: &Path,
    base: &str,
    records: &[Decision],
) -> anyhow::Result<Vec<Diagnostic>> {
    // Numbers are unique per folder, so the folders that hold records are the ones to compare.
    let mut folders: Vec<String> = records
        .iter()
        .map(|d| handbook::load::rel_path::parent(&d.rel_path).to_string())
        .collect();
    folders.sort();
    folders.dedup();
    if folders.is_empty() {
        return Ok(Vec::new());
    }
    let listing = super::git::list_base(dir, base, &folders)?;
    let files = BaseFiles {
        base_ref: base,
        at_base: &listing.at_base,
        at_merge_base: &listing.at_merge_base,
    };
    Ok(numbers_taken_on_base(records, &files, &|rel| {
        dir.join(rel).exists()
    }))
}
