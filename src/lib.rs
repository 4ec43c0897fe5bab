//! `handbook` turns a folder of Markdown pages and decision records into a fast, searchable,
//! cross-linked static site.
//!
//! The pipeline, one module per stage, driven by [`session::Session`]:
//!
//! ```text
//! load (walk, read, front matter) -> model (pages, nav, links) -> render (templates) -> search -> write
//! ```
//!
//! Content problems never abort a stage: they are collected as [`diagnostic::Diagnostic`]s and
//! printed by the one reporter, [`diagnostic::Report`].

#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod build_cache;
pub mod config;
pub mod decision;
pub mod diagnostic;
pub mod digest;
pub mod external;
pub mod i18n;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod period;
pub mod render;
pub mod search;
pub mod serve;
pub mod session;
pub mod timings;
pub mod write;
pub mod yaml;
