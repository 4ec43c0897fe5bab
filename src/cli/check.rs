//! `handbook check`: every validation of a build, nothing written. For CI.

use super::{EXIT_CONTENT, FormatArg, default_format, print_diagnostics};
use clap::Args;
use handbook::diagnostic::{Diagnostic, Report, ReportFormat};
use handbook::session::{Session, SessionOptions};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The handbook folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Format of the diagnostics (default: text; github inside GitHub Actions).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
}

impl CheckArgs {
    pub(crate) fn run(self) -> anyhow::Result<u8> {
        let mut session = Session::new(SessionOptions {
            root: self.dir.clone(),
            no_search: true,
            ..SessionOptions::default()
        })?;
        let mut build = session.build()?;
        for id in handbook::model::links::orphans(&build.site) {
            let page = &build.site.pages[id.0];
            if let Some(rel_path) = &page.rel_path {
                build.diagnostics.push(
                    Diagnostic::note("orphan-page", rel_path, 0, 0, "no other page links here; readers can only find it through the navigation or search")
                        .with_help("link to it from a related page, or remove it if it is no longer needed"),
                );
            }
        }
        build.diagnostics.sort();
        if self.deny_warnings {
            build.diagnostics.deny_warnings();
        }
        let format = default_format(self.format.map(Into::into));
        print_diagnostics(&build.diagnostics, format);
        let report = Report::new(&build.diagnostics, format);
        if format == ReportFormat::Text {
            match report.summary() {
                Some(s) => eprintln!("handbook: {} pages checked: {s}", build.page_count()),
                None => eprintln!(
                    "handbook: {} pages checked: no problems",
                    build.page_count()
                ),
            }
        }
        Ok(if build.diagnostics.has_errors() {
            EXIT_CONTENT
        } else {
            0
        })
    }
}
