//! `handbook decisions`: the decision log in the terminal, as an aligned table or as the records
//! of `decisions.json`. Reads the model through the [`Session`]; renders and writes nothing.

use super::{EXIT_CONTENT, EXIT_FAILURE, print_report};
use clap::Args;
use handbook::decision::status::KNOWN_STATUSES;
use handbook::decision::{Decision, DecisionId, Status, parse_status};
use handbook::diagnostic::{Diagnostics, ReportFormat};
use handbook::model::Bodies;
use handbook::model::decisions::sort_newest_first;
use handbook::render::decisions::decisions_json_of;
use handbook::session::{Session, SessionOptions};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct DecisionsArgs {
    /// The handbook folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Only records with this status (`accepted`; spellings such as `approved` work too).
    #[arg(long)]
    status: Option<String>,
    /// Only records with this tag (case-insensitive).
    #[arg(long)]
    tag: Option<String>,
    /// How to print the log.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
}

/// `--format` values of `handbook decisions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

impl DecisionsArgs {
    pub(crate) fn run(self) -> anyhow::Result<u8> {
        // The log needs the records alone: no page body is rendered.
        let mut session = Session::new(SessionOptions {
            bodies: Bodies::None,
            ..SessionOptions::read_only(self.dir.clone())
        })?;
        let model = session.model()?;
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(
            model
                .diagnostics
                .items()
                .iter()
                .filter(|d| d.code.is_about_records())
                .cloned(),
        );
        diagnostics.sort();
        print_report(&diagnostics, ReportFormat::Text, false);

        let records = model.site.decisions.records();
        let wanted_status = self.status.as_deref().map(status_filter);
        if let Some(Status::Custom(custom)) = &wanted_status
            && !records.iter().any(|d| {
                d.status
                    .as_ref()
                    .is_some_and(|s| s.as_str().eq_ignore_ascii_case(custom))
            })
        {
            let mut valid: Vec<String> = KNOWN_STATUSES.iter().map(|s| s.to_string()).collect();
            for d in records {
                if let Some(Status::Custom(s)) = &d.status
                    && !valid.contains(s)
                {
                    valid.push(s.clone());
                }
            }
            errln!(
                "handbook: error: no status `{custom}`; the statuses are: {}",
                valid.join(", ")
            );
            return Ok(EXIT_FAILURE);
        }
        let mut ids: Vec<DecisionId> = model
            .site
            .decisions
            .iter()
            .filter(|(_, d, _)| {
                wanted_status
                    .as_ref()
                    .is_none_or(|s| {
                        d.status.as_ref() == Some(s)
                            || matches!((s, &d.status), (Status::Custom(a), Some(Status::Custom(b))) if a.eq_ignore_ascii_case(b))
                    })
                    && self
                        .tag
                        .as_deref()
                        .is_none_or(|t| d.tags.iter().any(|x| x.eq_ignore_ascii_case(t)))
            })
            .map(|(id, _, _)| id)
            .collect();
        sort_newest_first(records, &mut ids);
        match self.format {
            ListFormat::Json => out!("{}", decisions_json_of(&model.site, &ids)),
            ListFormat::Table => {
                if records.is_empty() {
                    errln!(
                        "handbook: no decision records found in `{}`",
                        self.dir.display()
                    );
                } else {
                    let rows: Vec<&Decision> = ids
                        .iter()
                        .map(|&i| model.site.decisions.record(i))
                        .collect();
                    out!("{}", table(&rows));
                }
            }
        }
        Ok(if diagnostics.has_errors() {
            EXIT_CONTENT
        } else {
            0
        })
    }
}

/// The status a `--status` value names: a known spelling (`approved` is accepted), else the
/// value itself as a custom status.
fn status_filter(raw: &str) -> Status {
    parse_status(raw)
        .0
        .unwrap_or_else(|| Status::Custom(raw.trim().to_string()))
}

/// The log as a table with aligned columns (widths in characters, not bytes, for non-ASCII
/// titles). Missing values are `-`.
fn table(records: &[&Decision]) -> String {
    let header = ["NUMBER", "TITLE", "STATUS", "DATE", "TAGS"];
    let rows: Vec<[String; 5]> = records
        .iter()
        .map(|d| {
            [
                d.number.map_or_else(|| "-".to_string(), |n| n.to_string()),
                d.title.clone(),
                match (&d.status, &d.status_label) {
                    (None, _) => "-".to_string(),
                    (Some(s), None) => s.as_str().to_string(),
                    // Another vocabulary's word: `accepted (implemented)`.
                    (Some(s), Some(word)) => format!("{} ({})", s.as_str(), word.to_lowercase()),
                },
                d.date.map_or_else(|| "-".to_string(), |x| x.to_string()),
                d.tags.join(", "),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header = header.map(str::to_string);
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] - cell.chars().count();
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use handbook::decision::DecisionFormat;

    fn record(number: Option<u32>, title: &str, status: Option<Status>, tags: &[&str]) -> Decision {
        Decision {
            number,
            status,
            date: chrono::NaiveDate::from_ymd_opt(2024, 2, 13),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Decision::new(
                &format!("decisions/{title}.md"),
                title,
                DecisionFormat::Nygard,
            )
        }
    }

    #[test]
    fn table_aligns_columns_by_characters() {
        let a = record(
            Some(12),
            "Café menus",
            Some(Status::Accepted),
            &["ops", "x"],
        );
        let b = record(None, "Short", None, &[]);
        let text = table(&[&a, &b]);
        assert_eq!(
            text,
            "NUMBER  TITLE       STATUS    DATE        TAGS\n\
             12      Café menus  accepted  2024-02-13  ops, x\n\
             -       Short       -         2024-02-13\n"
        );
    }

    #[test]
    fn status_filter_understands_spellings() {
        assert_eq!(status_filter("approved"), Status::Accepted);
        assert_eq!(status_filter("Superseded"), Status::Superseded);
        assert_eq!(
            status_filter("on hold"),
            Status::Custom("on hold".to_string())
        );
    }
}
