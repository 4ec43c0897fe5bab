//! Problems found in a handbook's content, and the one place that prints them.
//!
//! Bad content (a broken link, invalid front matter, a malformed decision record) never aborts a
//! build: each stage pushes a [`Diagnostic`] and carries on, so a writer sees every problem at once.
//! `Err` is kept for a failing environment (unreadable folder, bad arguments). `build`, `check` and
//! `serve` all print through [`Report`], so the three can never drift apart.

mod code;
pub use code::Code;

use serde::Serialize;
use std::fmt::Write as _;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails `check` and `build --strict`; plain `build` still writes the site.
    Error,
    /// Reported, but only fails under `--deny-warnings`.
    Warning,
    /// Informational (for example a decision template left out of the log).
    Note,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One problem, located in a file of the handbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// What kind of problem it is; printed as a stable kebab-case name (`broken-link`, ...).
    pub code: Code,
    /// The file, relative to the handbook root with `/` separators; empty for whole-site problems.
    pub file: String,
    /// 1-based line; 0 when the problem is about the whole file.
    pub line: u32,
    /// 1-based column; 0 when unknown.
    pub column: u32,
    /// What is wrong, starting lowercase, without a final period.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error in `file` at `line:column`.
    pub fn error(
        code: Code,
        file: &str,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, code, file, line, column, message)
    }

    /// A warning in `file` at `line:column`.
    pub fn warning(
        code: Code,
        file: &str,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, file, line, column, message)
    }

    /// A note in `file` at `line:column`.
    pub fn note(
        code: Code,
        file: &str,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Note, code, file, line, column, message)
    }

    /// A diagnostic of any severity (for codes whose severity is decided by the table).
    pub(crate) fn new(
        severity: Severity,
        code: Code,
        file: &str,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        debug_assert!(
            code.severities().contains(&severity),
            "`{code}` is not reported as a {severity:?} (see src/diagnostic/code.rs)"
        );
        Diagnostic {
            severity,
            code,
            file: file.to_string(),
            line,
            column,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn sort_key(&self) -> (&str, u32, u32, &'static str, &str) {
        (
            &self.file,
            self.line,
            self.column,
            self.code.name(),
            &self.message,
        )
    }

    /// `file:line:col` as editors and CI annotate it (missing parts are left out).
    pub fn location(&self) -> String {
        match (self.file.is_empty(), self.line, self.column) {
            (true, _, _) => "handbook".to_string(),
            (false, 0, _) => self.file.clone(),
            (false, line, 0) => format!("{}:{line}", self.file),
            (false, line, col) => format!("{}:{line}:{col}", self.file),
        }
    }
}

/// The diagnostics of one build, kept in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records many diagnostics.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// Sorts by file, line, column and code, dropping exact duplicates, so output is deterministic.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            a.sort_key()
                .cmp(&b.sort_key())
                .then(a.severity.cmp(&b.severity))
        });
        self.items.dedup();
    }

    /// All diagnostics, in their current order.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// How many diagnostics have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// True when at least one error was recorded.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Turns every warning into an error (`--deny-warnings`).
    pub fn deny_warnings(&mut self) {
        for d in &mut self.items {
            if d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
        }
    }
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportFormat {
    /// `path:line:col: error: message` plus an indented `help:` line.
    #[default]
    Text,
    /// One JSON array.
    Json,
    /// GitHub Actions workflow commands (`::error file=...,line=...::message`).
    Github,
}

/// Formats diagnostics for people, scripts or CI. The single reporter of the project.
pub struct Report<'a> {
    diagnostics: &'a Diagnostics,
    format: ReportFormat,
    colour: bool,
    hide_notes: bool,
}

impl<'a> Report<'a> {
    /// A report of these diagnostics in this format.
    pub fn new(diagnostics: &'a Diagnostics, format: ReportFormat) -> Self {
        Report {
            diagnostics,
            format,
            colour: false,
            hide_notes: false,
        }
    }

    /// Text with ANSI colours (for a terminal; the caller decides, see `--color`).
    pub fn coloured(mut self, colour: bool) -> Self {
        self.colour = colour;
        self
    }

    /// Text without notes (`--quiet`): only what needs fixing.
    pub fn without_notes(mut self, hide: bool) -> Self {
        self.hide_notes = hide;
        self
    }

    /// The whole report as text, ending in a newline (empty when there is nothing to say, except
    /// for JSON, which is always an array).
    pub fn render(&self) -> String {
        let items = self.diagnostics.items();
        match self.format {
            ReportFormat::Json => {
                let mut s =
                    serde_json::to_string_pretty(items).expect("diagnostics always serialize");
                s.push('\n');
                s
            }
            ReportFormat::Text => {
                // Errors first, then warnings, then notes, each in file order: what must be
                // fixed is what a reader sees first.
                let mut ordered: Vec<&Diagnostic> = items
                    .iter()
                    .filter(|d| !(self.hide_notes && d.severity == Severity::Note))
                    .collect();
                ordered.sort_by_key(|d| d.severity);
                let paint = |code: &str, text: &str| {
                    if self.colour {
                        format!("\x1b[{code}m{text}\x1b[0m")
                    } else {
                        text.to_string()
                    }
                };
                let mut out = String::new();
                for d in ordered {
                    let colour = match d.severity {
                        Severity::Error => "1;31",
                        Severity::Warning => "1;33",
                        Severity::Note => "1;36",
                    };
                    let _ = writeln!(
                        out,
                        "{}: {}: {}",
                        paint("1", &d.location()),
                        paint(colour, d.severity.label()),
                        d.message
                    );
                    if let Some(help) = &d.help {
                        let _ = writeln!(out, "  {}: {help}", paint("1;32", "help"));
                    }
                }
                out
            }
            ReportFormat::Github => {
                let mut out = String::new();
                for d in items {
                    let level = match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Note => "notice",
                    };
                    let mut props = Vec::new();
                    if !d.file.is_empty() {
                        props.push(format!("file={}", github_property(&d.file)));
                    }
                    if d.line > 0 {
                        props.push(format!("line={}", d.line));
                    }
                    if d.column > 0 {
                        props.push(format!("col={}", d.column));
                    }
                    props.push(format!("title={}", github_property(d.code.name())));
                    let mut message = d.message.clone();
                    if let Some(help) = &d.help {
                        message.push_str("\nhelp: ");
                        message.push_str(help);
                    }
                    let _ = writeln!(
                        out,
                        "::{level} {}::{}",
                        props.join(","),
                        github_data(&message)
                    );
                }
                out
            }
        }
    }

    /// Every count, notes included: `2 errors, 1 warning, 3 notes`, or `no problems` (with the
    /// notes, when there are any: `no problems, 2 notes`). Notes hidden by `--quiet` are not
    /// counted.
    pub fn counts(&self) -> String {
        let notes = match self.hide_notes {
            true => 0,
            false => self.diagnostics.count(Severity::Note),
        };
        let mut line = self.summary().unwrap_or_else(|| "no problems".to_string());
        if notes > 0 {
            line.push_str(", ");
            line.push_str(&plural(notes, "note"));
        }
        line
    }

    /// A one-line count such as `2 errors, 1 warning`, or `None` when there are none.
    pub fn summary(&self) -> Option<String> {
        let errors = self.diagnostics.count(Severity::Error);
        let warnings = self.diagnostics.count(Severity::Warning);
        let mut parts = Vec::new();
        if errors > 0 {
            parts.push(plural(errors, "error"));
        }
        if warnings > 0 {
            parts.push(plural(warnings, "warning"));
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// The diagnostics of codes said once per site ([`Code::once_per_site`]) folded into their first
/// occurrence (by file, line and column), whose message then says how often and in how many
/// files; the others as they are.
pub fn once_per_site(items: impl IntoIterator<Item = Diagnostic>) -> Vec<Diagnostic> {
    let mut kept: Vec<Diagnostic> = Vec::new();
    // (code, message) -> (index in `kept`, uses, files)
    let mut repeats: std::collections::HashMap<(Code, String), (usize, usize, Vec<String>)> =
        std::collections::HashMap::new();
    for d in items {
        if !d.code.once_per_site() {
            kept.push(d);
            continue;
        }
        match repeats.entry((d.code, d.message.clone())) {
            std::collections::hash_map::Entry::Occupied(mut seen) => {
                let (at, uses, files) = seen.get_mut();
                *uses += 1;
                if !files.contains(&d.file) {
                    files.push(d.file.clone());
                }
                if d.sort_key() < kept[*at].sort_key() {
                    kept[*at] = d;
                }
            }
            std::collections::hash_map::Entry::Vacant(new) => {
                new.insert((kept.len(), 1, vec![d.file.clone()]));
                kept.push(d);
            }
        }
    }
    for (at, uses, files) in repeats.into_values() {
        if uses > 1 {
            let d = &mut kept[at];
            d.message = format!(
                "{} ({} times in {}; this is the first)",
                d.message,
                uses,
                plural(files.len(), "file")
            );
        }
    }
    kept
}

/// `1 page`, `2 pages`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

// Escaping rules of GitHub workflow commands (actions/toolkit `command.ts`).
fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Maps byte offsets in a text to 1-based line and column (columns count characters).
///
/// Both lookups are logarithmic: a page with 100,000 links on one line must not count that
/// line's characters again for every link.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// For text that is not all ASCII: every [`CHECKPOINT`] bytes or so, a byte offset and the
    /// number of characters from its line's start to it. Empty for ASCII text, where a column
    /// is a byte count.
    checkpoints: Vec<(usize, usize)>,
    ascii: bool,
}

const CHECKPOINT: usize = 128;

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut checkpoints = Vec::new();
        let ascii = text.is_ascii();
        if !ascii {
            let (mut column, mut last) = (0, 0);
            for (i, c) in text.char_indices() {
                if i - last >= CHECKPOINT {
                    checkpoints.push((i, column));
                    last = i;
                }
                column = if c == '\n' { 0 } else { column + 1 };
            }
        }
        LineIndex {
            line_starts,
            checkpoints,
            ascii,
        }
    }

    /// The 1-based (line, column) of byte `offset` in `text` (the text this index was built from).
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let (from, before) = match self.checkpoints.partition_point(|&(at, _)| at <= offset) {
            0 => (start, 0),
            n => match self.checkpoints[n - 1] {
                (at, column) if at >= start => (at, column),
                _ => (start, 0),
            },
        };
        let column = if self.ascii {
            offset - start
        } else {
            before
                + text
                    .get(from..offset)
                    .map_or(offset - from, |s| s.chars().count())
        } + 1;
        (line as u32 + 1, column as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_report_has_location_severity_and_help() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::warning(
            Code::ReviewOverdue,
            "z.md",
            1,
            1,
            "later file",
        ));
        d.push(
            Diagnostic::error(
                Code::BrokenLink,
                "a.md",
                3,
                7,
                "link to `x.md` does not resolve",
            )
            .with_help("did you mean `y.md`?"),
        );
        d.sort();
        let text = Report::new(&d, ReportFormat::Text).render();
        assert_eq!(
            text,
            "a.md:3:7: error: link to `x.md` does not resolve\n  help: did you mean `y.md`?\nz.md:1:1: warning: later file\n"
        );
        assert_eq!(
            Report::new(&d, ReportFormat::Text).summary().unwrap(),
            "1 error, 1 warning"
        );
    }

    #[test]
    fn github_format_escapes_properties_and_message() {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error(Code::BrokenLink, "a,b.md", 2, 0, "50% broken\nnext")
                .with_help("fix"),
        );
        let text = Report::new(&d, ReportFormat::Github).render();
        assert_eq!(
            text,
            "::error file=a%2Cb.md,line=2,title=broken-link::50%25 broken%0Anext%0Ahelp: fix\n"
        );
    }

    #[test]
    fn deny_warnings_promotes() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::warning(Code::ReviewOverdue, "a.md", 1, 1, "w"));
        assert!(!d.has_errors());
        d.deny_warnings();
        assert!(d.has_errors());
    }

    #[test]
    fn line_index_maps_offsets() {
        let text = "ab\ncdé\nf";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        assert_eq!(idx.line_col(text, 7), (2, 4));
        assert_eq!(idx.line_col(text, 8), (3, 1));
    }

    #[test]
    fn line_col_counts_characters_and_stays_fast_on_one_huge_line() {
        let text = "ab\né€x\n".to_string() + &"é[l](x) ".repeat(100_000);
        let index = LineIndex::new(&text);
        assert_eq!(index.line_col(&text, 0), (1, 1));
        assert_eq!(index.line_col(&text, 3), (2, 1));
        assert_eq!(index.line_col(&text, "ab\né€".len()), (2, 3));
        let third = "ab\né€x\n".len();
        let unit = "é[l](x) ";
        for k in [0, 1, 17, 50_000, 99_999] {
            let offset = third + k * unit.len() + "é".len();
            assert_eq!(index.line_col(&text, offset), (3, (k * 8 + 2) as u32));
        }
        let started = std::time::Instant::now();
        for k in 0..100_000 {
            index.line_col(&text, third + k * unit.len());
        }
        // Linear: well under a second; quadratic would take minutes.
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        let ascii = "x".repeat(10) + "\n" + &"[l](x) ".repeat(10);
        assert_eq!(LineIndex::new(&ascii).line_col(&ascii, 11 + 7), (2, 8));
    }

    #[test]
    fn text_puts_errors_first_can_hide_notes_and_colour() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::note(Code::OrphanPage, "a.md", 1, 1, "a note"));
        d.push(Diagnostic::warning(
            Code::ReviewOverdue,
            "b.md",
            1,
            1,
            "a warning",
        ));
        d.push(Diagnostic::error(Code::BrokenLink, "c.md", 1, 1, "an error").with_help("fix it"));
        d.sort();
        let text = Report::new(&d, ReportFormat::Text).render();
        let order: Vec<&str> = text.lines().map(|l| l.split(':').next().unwrap()).collect();
        assert_eq!(order, ["c.md", "  help", "b.md", "a.md"]);
        let quiet = Report::new(&d, ReportFormat::Text).without_notes(true);
        assert!(!quiet.render().contains("a note"));
        assert_eq!(quiet.counts(), "1 error, 1 warning");
        assert_eq!(
            Report::new(&d, ReportFormat::Text).counts(),
            "1 error, 1 warning, 1 note"
        );
        let coloured = Report::new(&d, ReportFormat::Text).coloured(true).render();
        assert!(coloured.contains("\x1b[1;31merror\x1b[0m"), "{coloured}");
        assert!(!text.contains('\x1b'));
    }
}
