//! MADR (Markdown Any/Architectural Decision Records), versions 2 to 4.
//!
//! - MADR 2: `* Status:`, `* Deciders:`, `* Date:` bullets under the H1, `Technical Story:`.
//! - MADR 3: YAML front matter `status`, `date`, `deciders`, `consulted`, `informed`.
//! - MADR 4: the same with `decision-makers`, and `### Confirmation` under the outcome.
//!
//! All three share the sections (`Context and Problem Statement`, `Considered Options`,
//! `Decision Outcome`, `Consequences`, `Pros and Cons of the Options`), which `mod.rs` reads for
//! every format. A record with only Just-the-Docs keys (`parent`, `nav_order`) in its front
//! matter, as MADR's own log has, falls back to bullets under the title.

use super::body::Body;
use super::{DecisionFormat, DecisionInput, Meta, apply_fields, frontmatter, preamble_fields};

/// Reads MADR metadata of `body` into `meta`.
pub(crate) fn read(
    input: &DecisionInput<'_>,
    body: &Body<'_>,
    format: DecisionFormat,
    meta: &mut Meta,
) {
    if format != DecisionFormat::Madr2 {
        frontmatter::read(input, meta, false);
    }
    // `Technical Story:` and any bullets left over from MADR 2 still count; front matter wins.
    apply_fields(&preamble_fields(body), meta);
}
