//! `handbook health`: the report of the `health/` page in the terminal (pages needing review by
//! owner, pages without an owner, stale proposals, orphans, broken links, and in a multilingual
//! handbook the missing and outdated translations), as text or JSON.
//! Reads the model through the [`Session`]; renders and writes nothing. Exits 0 whatever the
//! report says (use `check --deny-warnings` to fail CI on overdue reviews), 1 when the
//! handbook cannot be read correctly (invalid config or front matter).

use super::{EXIT_CONTENT, print_report};
use clap::Args;
use handbook::diagnostic::{Diagnostics, ReportFormat, Severity};
use handbook::model::health::{HealthReport, ReportItem, report};
use handbook::session::{Session, SessionOptions};
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct HealthArgs {
    /// The handbook folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = HealthFormat::Text)]
    format: HealthFormat,
}

/// `--format` values of `handbook health`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum HealthFormat {
    Text,
    Json,
}

impl HealthArgs {
    pub(crate) fn run(self) -> anyhow::Result<u8> {
        let mut session = Session::new(SessionOptions::read_only(self.dir.clone()))?;
        let model = session.model()?;
        let mut blocking = Diagnostics::new();
        blocking.extend(
            model
                .diagnostics
                .items()
                .iter()
                .filter(|d| d.severity == Severity::Error && d.code.blocks_health())
                .cloned(),
        );
        blocking.sort();
        print_report(&blocking, ReportFormat::Text, false);
        // Site-relative URLs: there is no page to be relative to.
        let report = report(&model.site, &|url| url.to_string());
        match self.format {
            HealthFormat::Json => outln!("{}", serde_json::to_string_pretty(&report)?),
            HealthFormat::Text => out!("{}", text(&report)),
        }
        Ok(if blocking.is_empty() { 0 } else { EXIT_CONTENT })
    }
}

fn text(report: &HealthReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Handbook health as of {}\n", report.today);
    let _ = writeln!(out, "Needs review ({})", report.needs_review_count);
    for group in &report.needs_review {
        let _ = writeln!(out, "  {}", group.owner.as_deref().unwrap_or("No owner"));
        for item in &group.pages {
            line(&mut out, "    ", item, "due since");
        }
    }
    let _ = writeln!(
        out,
        "Decisions proposed too long ({})",
        report.stale_proposals.len()
    );
    for item in &report.stale_proposals {
        line(&mut out, "  ", item, "proposed since");
    }
    let _ = writeln!(
        out,
        "Pages without an owner ({})",
        report.without_owner.len()
    );
    for item in &report.without_owner {
        line(&mut out, "  ", item, "");
    }
    let _ = writeln!(out, "Orphan pages ({})", report.orphans.len());
    for item in &report.orphans {
        line(&mut out, "  ", item, "");
    }
    let _ = writeln!(out, "Broken links: {}", report.broken_links);
    for t in &report.translations {
        let _ = writeln!(
            out,
            "Translation `{}`: {} missing, {} older than the original",
            t.language,
            t.missing.len(),
            t.outdated.len()
        );
        for item in &t.missing {
            line(&mut out, "  missing: ", item, "");
        }
        for item in &t.outdated {
            line(&mut out, "  outdated: ", item, "original changed");
        }
    }
    out
}

fn line(out: &mut String, indent: &str, item: &ReportItem, since_label: &str) {
    let _ = write!(out, "{indent}{}  {}", item.path, item.title);
    if let Some(since) = &item.since {
        let _ = write!(out, "  ({since_label} {since})");
    }
    out.push('\n');
    if let Some(edit) = &item.edit_url {
        let _ = writeln!(out, "{indent}  edit: {edit}");
    }
}
