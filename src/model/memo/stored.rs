//! The model memo as the build cache stores it between two runs of `handbook build` (see
//! `build_cache::kept`): each file's parse and body with a hash of the text they were made from
//! and the lookups the body made. Restored entries go through the same checks as `serve`'s
//! ([`ModelMemo::parsed`], [`ModelMemo::body`]), so a stored entry is used only when it would be
//! made the same again.
//!
//! The types below mirror the model's with plain data (postcard cannot read `serde_json` values
//! or the diagnostics' JSON form), and the conversions destructure every field, so a field added
//! to the model does not compile until it is stored too.

use super::{BodyCut, BodyInputs, MemoBody, ModelMemo, ParseInputs};
use crate::build_cache::{StoredDiagnostic, restore};
use crate::config::Config;
use crate::load::frontmatter::PageMeta;
use crate::load::{RelPath, Sources};
use crate::markdown::{Heading, LinkKind, LinkRef};
use crate::model::links::{Link, Target};
use crate::model::{Bodies, Body, Parsed, Site};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Every entry of a model memo, as stored.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredModel {
    files: Vec<StoredFile>,
}

impl StoredModel {
    /// How many files have an entry.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file has one.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredFile {
    rel_path: String,
    /// The digest of the file's text ([`crate::load::SourceFile::text_digest`]).
    text: u128,
    /// The parse, with the file's `translation` flag. A decision record's is not kept: it holds
    /// the record, and parsing it again is cheap next to rendering.
    parsed: Option<(bool, StoredParsed)>,
    body: Option<StoredBody>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredParsed {
    meta: StoredMeta,
    title: String,
    body_offset: usize,
    skip_title: Option<(usize, usize)>,
    diagnostics: Vec<StoredDiagnostic>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredMeta {
    title: Option<String>,
    description: Option<String>,
    tags: Vec<String>,
    weight: Option<i64>,
    draft: bool,
    slug: Option<String>,
    permalink: Option<String>,
    aliases: Vec<String>,
    owner: Option<String>,
    /// Days from the common era (chrono's count).
    reviewed: Option<i32>,
    updated: Option<i32>,
    search: bool,
    nav_title: Option<String>,
    nav_exclude: bool,
    hide_toc: bool,
    lang: Option<String>,
    /// The fields as JSON (in their order: serde_json keeps it).
    extra: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredBody {
    body_offset: usize,
    skip_title: Option<(usize, usize)>,
    hidden: Vec<(usize, usize)>,
    /// Each link resolved while rendering, with the href written for it.
    lookups: Vec<(StoredLinkRef, Option<String>)>,
    includes: Vec<(String, Option<String>)>,
    html: String,
    headings: Vec<(u8, String, String)>,
    ids: Vec<String>,
    summary: String,
    has_mermaid: bool,
    word_count: usize,
    diagnostics: Vec<StoredDiagnostic>,
    /// The page's links (their targets are resolved again when the body is reused).
    links: Vec<(StoredLinkRef, u32, u32, bool)>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredLinkRef {
    dest: String,
    offset: usize,
    /// 0 link, 1 image, 2 wiki link.
    kind: u8,
}

impl ModelMemo {
    /// The entries of the build just made (with [`super::super::build_model_reusing`]'s
    /// `remember`), with the bodies of `site`'s pages: copied, or taken out of the pages (which
    /// are then left without one) with `take_bodies`.
    pub fn store(&self, site: &mut Site, take_bodies: bool) -> StoredModel {
        let mut bodies: HashMap<&str, StoredBody> = HashMap::new();
        for (page, links) in site.pages.iter_mut().zip(&site.links) {
            if super::body_source(page).is_none() {
                continue;
            }
            let Some(rel_path) = page.rel_path.as_ref() else {
                continue;
            };
            let Some((cut, inputs)) = self.inputs.get(rel_path.as_str()) else {
                continue;
            };
            let body = if take_bodies {
                std::mem::take(&mut page.body)
            } else {
                page.body.clone()
            };
            bodies.insert(rel_path.as_str(), store_body(cut, inputs, body, links));
        }
        let mut paths: Vec<&RelPath> = self.parsed.keys().chain(self.inputs.keys()).collect();
        paths.sort();
        paths.dedup();
        let files = paths
            .into_iter()
            .filter_map(|rel_path| {
                Some(StoredFile {
                    rel_path: rel_path.to_string(),
                    text: *self.texts.get(rel_path.as_str())?,
                    parsed: self
                        .parsed
                        .get(rel_path.as_str())
                        .filter(|(inputs, _)| inputs.record.is_none())
                        .map(|(inputs, parsed)| (inputs.translation, store_parsed(parsed))),
                    body: bodies.remove(rel_path.as_str()),
                })
            })
            .collect();
        StoredModel { files }
    }

    /// A memo of the entries of `stored` whose file has the same text in `sources`, valid for a
    /// build under `config` (`stored` was made under the same config: the build cache's key says
    /// so) and `bodies`.
    pub fn from_stored(
        stored: StoredModel,
        sources: &Sources,
        config: &Config,
        bodies: Bodies,
    ) -> ModelMemo {
        let by_path: HashMap<&str, &crate::load::SourceFile> = sources
            .markdown
            .iter()
            .map(|f| (f.rel_path.as_str(), f))
            .collect();
        let same: Vec<(StoredFile, &crate::load::SourceFile)> = stored
            .files
            .into_par_iter()
            .filter_map(|entry| {
                let file = *by_path.get(entry.rel_path.as_str())?;
                (file.text_digest() == entry.text).then_some((entry, file))
            })
            .collect();
        let mut memo = ModelMemo {
            config: Some(config.clone()),
            templates: sources.templates.clone(),
            bodies_mode: Some(bodies),
            ..ModelMemo::default()
        };
        for (entry, file) in same {
            let rel_path = file.rel_path.clone();
            let parsed = entry.parsed.and_then(|(translation, p)| {
                let inputs = ParseInputs {
                    translation,
                    record: None,
                };
                Some((inputs, std::sync::Arc::new(restore_parsed(p)?)))
            });
            let body = entry.body.and_then(restore_body);
            if parsed.is_none() && body.is_none() {
                continue;
            }
            memo.texts.insert(rel_path.clone(), entry.text);
            if let Some(parsed) = parsed {
                memo.parsed.insert(rel_path.clone(), parsed);
            }
            if let Some(body) = body {
                memo.inputs
                    .insert(rel_path.clone(), (body.cut.clone(), body.inputs.clone()));
                memo.bodies.insert(rel_path, Mutex::new(body));
            }
        }
        memo
    }
}

fn store_parsed(parsed: &Parsed) -> StoredParsed {
    let Parsed {
        meta,
        title,
        body_offset,
        skip_title,
        diagnostics,
        decision: _,
    } = parsed;
    StoredParsed {
        meta: store_meta(meta),
        title: title.clone(),
        body_offset: *body_offset,
        skip_title: skip_title.as_ref().map(|r| (r.start, r.end)),
        diagnostics: diagnostics.iter().map(StoredDiagnostic::from).collect(),
    }
}

fn restore_parsed(p: StoredParsed) -> Option<Parsed> {
    Some(Parsed {
        meta: Arc::new(restore_meta(p.meta)?),
        title: p.title,
        body_offset: p.body_offset,
        skip_title: p.skip_title.map(|(start, end)| start..end),
        diagnostics: restore_all(p.diagnostics)?,
        // Records are never kept: their parse reads the history.
        decision: None,
    })
}

fn store_meta(meta: &PageMeta) -> StoredMeta {
    let PageMeta {
        title,
        description,
        tags,
        weight,
        draft,
        slug,
        permalink,
        aliases,
        owner,
        reviewed,
        updated,
        search,
        nav_title,
        nav_exclude,
        hide_toc,
        lang,
        extra,
        digest_cache: _,
    } = meta.clone();
    let day = |d: Option<NaiveDate>| d.map(|d| chrono::Datelike::num_days_from_ce(&d));
    StoredMeta {
        title,
        description,
        tags,
        weight,
        draft,
        slug,
        permalink,
        aliases,
        owner,
        reviewed: day(reviewed),
        updated: day(updated),
        search,
        nav_title,
        nav_exclude,
        hide_toc,
        lang,
        extra: serde_json::Value::Object(extra).to_string(),
    }
}

fn restore_meta(m: StoredMeta) -> Option<PageMeta> {
    let day = |d: Option<i32>| match d {
        Some(days) => NaiveDate::from_num_days_from_ce_opt(days).map(Some),
        None => Some(None),
    };
    let serde_json::Value::Object(extra) = serde_json::from_str(&m.extra).ok()? else {
        return None;
    };
    Some(PageMeta {
        title: m.title,
        description: m.description,
        tags: m.tags,
        weight: m.weight,
        draft: m.draft,
        slug: m.slug,
        permalink: m.permalink,
        aliases: m.aliases,
        owner: m.owner,
        reviewed: day(m.reviewed)?,
        updated: day(m.updated)?,
        search: m.search,
        nav_title: m.nav_title,
        nav_exclude: m.nav_exclude,
        hide_toc: m.hide_toc,
        lang: m.lang,
        extra,
        digest_cache: Default::default(),
    })
}

fn store_body(cut: &BodyCut, inputs: &BodyInputs, body: Body, links: &[Link]) -> StoredBody {
    let BodyCut {
        body_offset,
        skip_title,
        hidden,
    } = cut;
    let BodyInputs {
        links: lookups,
        includes,
    } = inputs;
    // The one field left out is the digest of the HTML, worked out again when needed.
    let Body {
        html,
        headings,
        ids,
        summary,
        has_mermaid,
        word_count,
        diagnostics,
        ..
    } = body;
    // The edges a record's relations add after rendering are not the body's: they are added
    // again whenever the body is reused.
    let links = links
        .iter()
        .filter(|link| link.made_by_body())
        .map(|link| {
            let Link {
                raw,
                target: _,
                line,
                column,
                from_relation,
            } = link;
            (store_link(raw), *line, *column, *from_relation)
        })
        .collect();
    StoredBody {
        body_offset: *body_offset,
        skip_title: skip_title.as_ref().map(|r| (r.start, r.end)),
        hidden: hidden.iter().map(|r| (r.start, r.end)).collect(),
        lookups: lookups
            .iter()
            .map(|(link, href)| (store_link(link), href.clone()))
            .collect(),
        includes: includes.clone(),
        html,
        headings: headings
            .into_iter()
            .map(|Heading { level, id, text }| (level, id, text))
            .collect(),
        ids: ids.into_iter().collect(),
        summary,
        has_mermaid,
        word_count,
        diagnostics: diagnostics.iter().map(StoredDiagnostic::from).collect(),
        links,
    }
}

fn restore_body(b: StoredBody) -> Option<MemoBody> {
    let links = b
        .links
        .into_iter()
        .map(|(raw, line, column, from_relation)| {
            Some(Link {
                raw: restore_link(raw)?,
                // Every target is resolved again before the body is used (see `ModelMemo::body`).
                target: Target::External,
                line,
                column,
                from_relation,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let lookups = b
        .lookups
        .into_iter()
        .map(|(link, href)| Some((restore_link(link)?, href)))
        .collect::<Option<Vec<_>>>()?;
    let mut body = Body::with_html(b.html);
    body.headings = b
        .headings
        .into_iter()
        .map(|(level, id, text)| Heading { level, id, text })
        .collect();
    body.ids = b.ids.into_iter().collect();
    body.summary = b.summary;
    body.has_mermaid = b.has_mermaid;
    body.word_count = b.word_count;
    body.diagnostics = restore_all(b.diagnostics)?;
    Some(MemoBody {
        cut: BodyCut {
            body_offset: b.body_offset,
            skip_title: b.skip_title.map(|(start, end)| start..end),
            hidden: b
                .hidden
                .into_iter()
                .map(|(start, end)| start..end)
                .collect(),
        },
        inputs: BodyInputs {
            links: lookups,
            includes: b.includes,
        },
        body,
        links,
    })
}

fn store_link(link: &LinkRef) -> StoredLinkRef {
    let LinkRef { dest, offset, kind } = link;
    StoredLinkRef {
        dest: dest.clone(),
        offset: *offset,
        kind: match kind {
            LinkKind::Link => 0,
            LinkKind::Image => 1,
            LinkKind::Wiki => 2,
            LinkKind::WikiFile => 3,
        },
    }
}

fn restore_link(link: StoredLinkRef) -> Option<LinkRef> {
    Some(LinkRef {
        dest: link.dest,
        offset: link.offset,
        kind: match link.kind {
            0 => LinkKind::Link,
            1 => LinkKind::Image,
            2 => LinkKind::Wiki,
            3 => LinkKind::WikiFile,
            _ => return None,
        },
    })
}

fn restore_all(diagnostics: Vec<StoredDiagnostic>) -> Option<Vec<crate::diagnostic::Diagnostic>> {
    diagnostics.into_iter().map(restore).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFile;
    use crate::model::{ModelOptions, build_model_reusing};

    fn sources(pages: &[(&str, &str)]) -> Sources {
        Sources {
            markdown: pages
                .iter()
                .map(|(rel, text)| SourceFile::new(rel.to_string(), rel.into(), text.to_string()))
                .collect(),
            ..Sources::default()
        }
    }

    /// What a page shows of its parse and body.
    fn shown(site: &Site) -> Vec<String> {
        site.pages
            .iter()
            .map(|p| {
                format!(
                    "{:?} {} {:?} {:?}",
                    p.meta, p.title, p.body, site.links[p.id.0]
                )
            })
            .collect()
    }

    #[test]
    fn stored_entries_come_back_and_are_used_only_for_the_same_text() {
        let pages = [
            (
                "index.md",
                "# Home\n\n[guide](guide.md#first) [gone](guid.md) [[Guide]]\n",
            ),
            (
                "guide.md",
                "---\ntitle: Guide\nreviewed: 2026-01-02\nowner: ada\ncustom: {a: [1, 2.5, x]}\n---\n\n## First\n\nWords.\n\n```rust\nfn main() {}\n```\n",
            ),
            ("other.md", "# Other\n\n{{< mystery >}}\n"),
        ];
        let options = ModelOptions::default();
        let mut memo = ModelMemo::default();
        let (mut first, _) = build_model_reusing(
            Config::default(),
            &sources(&pages),
            &options,
            &mut memo,
            true,
        );
        let before = shown(&first);
        let stored = memo.store(&mut first, true);
        assert_eq!(stored.len(), 3);
        assert!(first.pages.iter().all(|p| p.body.html.is_empty()), "taken");
        let bytes = postcard::to_stdvec(&stored).unwrap();
        let stored: StoredModel = postcard::from_bytes(&bytes).unwrap();

        // `other.md` changed: the two others are taken from the memo, equal to what they were.
        let mut edited = pages;
        edited[2].1 = "# Other\n\nNew words.\n";
        let edited = sources(&edited);
        let mut memo = ModelMemo::from_stored(stored, &edited, &Config::default(), Bodies::Full);
        let (again, _) = build_model_reusing(Config::default(), &edited, &options, &mut memo, true);
        assert_eq!(memo.reused(), (2, 2));
        let after = shown(&again);
        assert_eq!(before[..2], after[..2]);
        assert_ne!(before[2], after[2]);
        let clean = crate::model::build_model(Config::default(), &edited, &options).0;
        assert_eq!(after, shown(&clean));
    }
}
