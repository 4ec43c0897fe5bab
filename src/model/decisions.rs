//! Decision records in the site model: which pages are records, the logs they form (one per
//! decision folder), and the relations between them added to the link graph.

use super::links::{Link, Target};
use super::{PageId, Site};
use crate::decision::{self, Decision};
use crate::diagnostic::Diagnostic;
use crate::markdown::{LinkKind, LinkRef};

/// One decision folder and its records.
#[derive(Debug, Clone)]
pub struct DecisionLog {
    /// The folder, relative to the root (`""` for the root).
    pub folder: String,
    /// Its section page, which shows the log.
    pub page: PageId,
    /// Indices into [`Site::decisions`], newest first.
    pub records: Vec<usize>,
}

/// Where the combined log of several decision folders is published.
pub const COMBINED_FOLDER: &str = "decision-log";

/// Decision records of the site.
#[derive(Debug, Clone, Default)]
pub struct Decisions {
    /// Every record, in source order.
    pub records: Vec<Decision>,
    /// The page of each record (same index).
    pub pages: Vec<PageId>,
    /// One log per decision folder, in folder order.
    pub logs: Vec<DecisionLog>,
    /// With several logs, all records together, shown at `decision-log/`.
    pub combined: Option<DecisionLog>,
    /// Record index by page.
    pub by_page: std::collections::HashMap<PageId, usize>,
    /// The log (index into `logs`) of each record.
    pub log_of_record: Vec<Option<usize>>,
}

impl Decisions {
    /// The record shown on a page.
    pub fn of_page(&self, page: PageId) -> Option<usize> {
        self.by_page.get(&page).copied()
    }
}

/// Links every record (relations both ways, duplicate numbers, cycles), builds the logs and adds
/// the relations to the link graph so that records list each other under "Referenced by".
pub fn attach(site: &mut Site, folders: &[String]) -> Vec<Diagnostic> {
    let diagnostics = decision::log::link_decisions(&mut site.decisions.records);
    let mut logs = Vec::new();
    for folder in folders {
        let Some(&page) = site.sections.get(folder) else {
            continue;
        };
        let mut records: Vec<usize> = (0..site.decisions.records.len())
            .filter(|&i| {
                crate::load::decisions::is_in_decision_folder(
                    &site.decisions.records[i].rel_path,
                    folder,
                )
            })
            .collect();
        if records.is_empty() {
            continue;
        }
        sort_newest_first(&site.decisions.records, &mut records);
        logs.push(DecisionLog {
            folder: folder.clone(),
            page,
            records,
        });
    }
    site.decisions.log_of_record = vec![None; site.decisions.records.len()];
    for (l, log) in logs.iter().enumerate() {
        for &r in &log.records {
            site.decisions.log_of_record[r] = Some(l);
        }
    }
    if logs.len() > 1 {
        let mut records: Vec<usize> = logs
            .iter()
            .flat_map(|l| l.records.iter().copied())
            .collect();
        sort_newest_first(&site.decisions.records, &mut records);
        site.decisions.combined = Some(DecisionLog {
            folder: COMBINED_FOLDER.to_string(),
            page: site.home,
            records,
        });
    }
    site.decisions.logs = logs;

    for (i, record) in site.decisions.records.iter().enumerate() {
        let from = site.decisions.pages[i];
        for relation in &record.relations {
            if let Some(target) = relation.resolved {
                let to = site.decisions.pages[target];
                let raw = LinkRef {
                    dest: relation.target.to_string(),
                    offset: 0,
                    kind: LinkKind::Link,
                };
                site.links[from.0].push(Link {
                    raw,
                    target: Target::Page {
                        page: to,
                        fragment: None,
                    },
                    line: relation.line,
                    column: 0,
                    from_relation: true,
                });
            }
        }
    }
    diagnostics
}

/// Newest first: by date, then by number, then by id (records without a date last).
pub fn sort_newest_first(records: &[Decision], indices: &mut [usize]) {
    indices.sort_by(|&a, &b| {
        let (x, y) = (&records[a], &records[b]);
        y.date
            .cmp(&x.date)
            .then(y.number.cmp(&x.number))
            .then(y.id.cmp(&x.id))
    });
}
