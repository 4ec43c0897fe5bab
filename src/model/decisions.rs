//! Decision records in the site model: which pages are records, the logs they form (one per
//! decision folder), and the relations between them added to the link graph.

use super::links::{Link, Target};
use super::{PageId, Site};
use crate::decision::{self, Decision, DecisionId};
use crate::diagnostic::Diagnostic;
use crate::markdown::{LinkKind, LinkRef};
use std::collections::HashMap;

/// One decision folder and its records.
#[derive(Debug, Clone)]
pub struct DecisionLog {
    /// The folder, relative to the root (`""` for the root).
    folder: String,
    /// Its section page, which shows the log.
    page: PageId,
    /// Its records, newest first.
    records: Vec<DecisionId>,
}

impl DecisionLog {
    /// The folder, relative to the root (`""` for the root; [`COMBINED_FOLDER`] for the
    /// combined log).
    pub fn folder(&self) -> &str {
        &self.folder
    }

    /// Its section page, which shows the log (the home page for the combined log).
    pub fn page(&self) -> PageId {
        self.page
    }

    /// Its records, newest first.
    pub fn records(&self) -> &[DecisionId] {
        &self.records
    }
}

/// Where the combined log of several decision folders is published.
pub const COMBINED_FOLDER: &str = "decision-log";

/// Decision records of the site.
#[derive(Debug, Clone, Default)]
pub struct Decisions {
    /// Every record, in source order.
    records: Vec<Decision>,
    /// The page of each record (same index).
    pages: Vec<PageId>,
    /// One log per decision folder, in folder order.
    logs: Vec<DecisionLog>,
    /// With several logs, all records together, shown at `decision-log/`.
    combined: Option<DecisionLog>,
    /// Record by page.
    by_page: HashMap<PageId, DecisionId>,
    /// The log (index into `logs`) of each record.
    log_of_record: Vec<Option<usize>>,
}

impl Decisions {
    /// A digest of the records and logs, their pages by `page_key` (their URL: ids shift when
    /// a page is added earlier in the site), each record by its [`Decisions::record_digests`]:
    /// equal for two builds when none changed. Lists every field, so that a new one is not left
    /// out unnoticed.
    pub(crate) fn digest(
        &self,
        page_key: impl Fn(PageId) -> u128,
        record_digests: &[u128],
    ) -> u128 {
        let Decisions {
            // By `record_digests`.
            records: _,
            pages,
            logs,
            combined,
            // `pages` by page: the same when `pages` is (and its `Debug` order is random).
            by_page: _,
            log_of_record,
        } = self;
        let mut digest = crate::digest::Digester::new();
        digest.number(record_digests.len() as u64);
        for &record in record_digests {
            digest.digest(record);
        }
        digest.debug(log_of_record);
        for &page in pages {
            digest.digest(page_key(page));
        }
        for log in logs.iter().chain(combined) {
            let DecisionLog {
                folder,
                page,
                records,
            } = log;
            digest
                .bytes(folder.as_bytes())
                .digest(page_key(*page))
                .debug(records);
        }
        digest.number(u64::from(combined.is_some()));
        digest.finish()
    }

    /// Every record, in source order (`DecisionId` `i` is the `i`th).
    pub fn records(&self) -> &[Decision] {
        &self.records
    }

    /// One record.
    pub fn record(&self, id: DecisionId) -> &Decision {
        // A record is part of what its page holds (see `render::reuse::trace`).
        if let Some(&page) = self.pages.get(id.index()) {
            super::reads::note(page);
        }
        &self.records[id.index()]
    }

    /// The records before `id` in its supersession chain (oldest first) and after it, as
    /// [`crate::decision::log::supersession_chain`] finds them; each record walked is noted as
    /// read (see [`super::reads`]).
    pub(crate) fn supersession_chain(&self, id: DecisionId) -> (Vec<DecisionId>, Vec<DecisionId>) {
        let (before, after) = crate::decision::log::supersession_chain(&self.records, id);
        // The walk read each record of the chain and the record itself, and nothing past the
        // ends (a record with no further link, or the length shown).
        for &walked in before.iter().chain([&id]).chain(&after) {
            self.record(walked);
        }
        (before, after)
    }

    /// What each record's page shows of it: the record and the log it is in, by record. Part
    /// of the page's digest in `render::reuse::trace`, and of [`Decisions::digest`]: made once
    /// for both, on every core (each is what `Debug` prints of a record, the costliest digest
    /// of a save).
    pub(crate) fn record_digests(&self) -> Vec<u128> {
        use rayon::prelude::*;
        let ids: Vec<DecisionId> = DecisionId::all(self.records.len()).collect();
        ids.into_par_iter()
            .map(|id| {
                let mut digest = crate::digest::Digester::new();
                digest
                    .number(id.index() as u64)
                    .debug(&self.records[id.index()]);
                match self.log_of(id) {
                    Some(log) => digest.bytes(log.folder.as_bytes()),
                    None => digest.number(u64::MAX),
                };
                digest.finish()
            })
            .collect()
    }

    /// Every record with its id and page, in source order.
    pub fn iter(&self) -> impl Iterator<Item = (DecisionId, &Decision, PageId)> {
        DecisionId::all(self.records.len())
            .zip(&self.records)
            .zip(&self.pages)
            .map(|((id, record), &page)| (id, record, page))
    }

    /// Whether the site has no record.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The page showing a record.
    pub(crate) fn page_of(&self, id: DecisionId) -> PageId {
        self.pages[id.index()]
    }

    /// The record shown on a page.
    pub(crate) fn of_page(&self, page: PageId) -> Option<DecisionId> {
        self.by_page.get(&page).copied()
    }

    /// One log per decision folder, in folder order.
    pub fn logs(&self) -> &[DecisionLog] {
        &self.logs
    }

    /// With several logs, all records together, shown at `decision-log/`.
    pub(crate) fn combined(&self) -> Option<&DecisionLog> {
        self.combined.as_ref()
    }

    /// The log of the folder a record is in.
    pub(crate) fn log_of(&self, id: DecisionId) -> Option<&DecisionLog> {
        self.log_of_record
            .get(id.index())
            .copied()
            .flatten()
            .map(|l| &self.logs[l])
    }

    /// Adds the record shown on `page`.
    pub(crate) fn push(&mut self, page: PageId, record: Decision) -> DecisionId {
        let id = DecisionId(self.records.len());
        self.by_page.insert(page, id);
        self.records.push(record);
        self.pages.push(page);
        id
    }
}

/// Links every record (relations both ways, duplicate numbers, cycles), builds the logs and adds
/// the relations to the link graph so that records list each other under "Referenced by".
pub(crate) fn attach(site: &mut Site, folders: &[String]) -> Vec<Diagnostic> {
    let decisions = &mut site.decisions;
    let diagnostics = decision::log::link_decisions(&mut decisions.records);
    let mut logs = Vec::new();
    for folder in folders {
        let Some(&page) = site.sections.get(folder.as_str()) else {
            continue;
        };
        let mut records: Vec<DecisionId> = decisions
            .iter()
            .filter(|(_, record, _)| {
                crate::load::decisions::is_in_decision_folder(&record.rel_path, folder)
            })
            .map(|(id, _, _)| id)
            .collect();
        if records.is_empty() {
            continue;
        }
        sort_newest_first(&decisions.records, &mut records);
        logs.push(DecisionLog {
            folder: folder.clone(),
            page,
            records,
        });
    }
    decisions.log_of_record = vec![None; decisions.records.len()];
    for (l, log) in logs.iter().enumerate() {
        for &r in &log.records {
            decisions.log_of_record[r.index()] = Some(l);
        }
    }
    if logs.len() > 1 {
        let mut records: Vec<DecisionId> = logs
            .iter()
            .flat_map(|l| l.records.iter().copied())
            .collect();
        sort_newest_first(&decisions.records, &mut records);
        decisions.combined = Some(DecisionLog {
            folder: COMBINED_FOLDER.to_string(),
            page: site.home,
            records,
        });
    }
    decisions.logs = logs;

    for (_, record, from) in decisions.iter() {
        for relation in &record.relations {
            if let Some(target) = relation.resolved {
                let to = decisions.page_of(target);
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
pub fn sort_newest_first(records: &[Decision], ids: &mut [DecisionId]) {
    ids.sort_by(|&a, &b| {
        let (x, y) = (&records[a], &records[b]);
        y.date
            .cmp(&x.date)
            .then(y.number.cmp(&x.number))
            .then(y.id.cmp(&x.id))
    });
}
