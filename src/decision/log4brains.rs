//! log4brains records: MADR 2 "with Log4brains patch".
//!
//! ```markdown
//! # Use the ADR slug as its unique ID
//!
//! - Status: superseded by [20201016-use-the-adr-slug](20201016-use-the-adr-slug.md)
//! - Deciders: John Doe, Foo bar
//! - Date: 2020-10-16
//! - Tags: foo, bar
//! ```
//!
//! As in log4brains (`MarkdownBody.ts`), metadata is the list between the title and the first
//! h2, even after an intro paragraph; keys are case-insensitive. The id is the slug (file stem),
//! and links between records are by slug, so they resolve in [`super::log`] by id too.

use super::body::Body;
use super::{DecisionInput, Meta, apply_fields, preamble_fields};

/// Reads log4brains metadata of `body` into `meta`.
pub(crate) fn read(_input: &DecisionInput<'_>, body: &Body<'_>, meta: &mut Meta) {
    apply_fields(&preamble_fields(body), meta);
}
