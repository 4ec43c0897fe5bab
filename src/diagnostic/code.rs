//! Every diagnostic code, with all the policy about it in one table.
//!
//! A code used to be a string, and the rules about codes lived in four places (which errors stop
//! the write, which make `health` untrustworthy, which `decisions` shows, which count as broken
//! links): a typo silently turned a fatal error into a harmless one. Here a code is a [`Code`], and
//! each row of the table below says its kebab-case name (what `--format json` prints), the
//! severities it is reported with (the first is the usual one), the policies it belongs to, and a
//! one-line description. The README's code tables are tested against this table.

use super::Severity;
use serde::{Serialize, Serializer};
use std::fmt;

/// A policy a code can belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Policy {
    /// As an error, the output would be wrong as a whole, so nothing is written.
    Fatal,
    /// As an error, it makes `handbook health`'s report untrustworthy: printed, and fails the command.
    BlocksHealth,
    /// Shown by `handbook decisions` next to the log.
    AboutRecords,
    /// Counted as a broken link on the health page.
    BrokenLink,
    /// Said once for the whole site, at its first place, with how often and in how many files
    /// (a theme's shortcode used on every page is one problem, not hundreds).
    OncePerSite,
}

macro_rules! codes {
    ($(
        #[doc = $doc:literal]
        $variant:ident = $name:literal, $severity:ident $(| $also:ident)* $(, $policy:ident)*;
    )*) => {
        /// A stable diagnostic code; serialised as its kebab-case [`Code::name`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $(#[doc = $doc] $variant,)*
        }

        impl Code {
            /// Every code, in the order of the table.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The kebab-case name (`broken-link`), as printed and documented.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// The severities this code is reported with; the first is the usual one.
            pub(crate) const fn severities(self) -> &'static [Severity] {
                match self {
                    $(Code::$variant => &[Severity::$severity $(, Severity::$also)*],)*
                }
            }

            /// One line saying when the code is reported.
            pub fn doc(self) -> &'static str {
                match self {
                    $(Code::$variant => $doc.trim(),)*
                }
            }

            const fn policies(self) -> &'static [Policy] {
                match self {
                    $(Code::$variant => &[$(Policy::$policy),*],)*
                }
            }
        }
    };
}

codes! {
    /// a link to a file, page or wiki title that does not exist
    BrokenLink = "broken-link", Error, BrokenLink;
    /// a link's `#fragment` names no heading or anchor of its target
    BrokenFragment = "broken-fragment", Error, BrokenLink;
    /// a link's `#fragment` names a heading only when letter case and punctuation are ignored (`#LOA-TLDR` for `#loa-tldr`); the page's script finds it, as GitHub does
    LooseFragment = "loose-fragment", Warning;
    /// a link to a draft, which is not published
    LinkToDraft = "link-to-draft", Error, BrokenLink;
    /// a link to a decision record template, which is not published (a log's introduction often points at it)
    LinkToTemplate = "link-to-template", Warning, BrokenLink;
    /// a wiki link whose title matches more than one page
    AmbiguousLink = "ambiguous-link", Error, BrokenLink;
    /// a page's alias is not a usable URL
    InvalidAlias = "invalid-alias", Error;
    /// two pages would be written to one URL; the second is left out
    DuplicateUrl = "duplicate-url", Error;
    /// `handbook.yml` or a setting in it is invalid (a warning when the value is only ignored)
    InvalidConfig = "invalid-config", Error | Warning, Fatal, BlocksHealth, AboutRecords;
    /// a page's front matter cannot be read
    InvalidFrontMatter = "invalid-front-matter", Error, BlocksHealth;
    /// a file is not UTF-8: read as UTF-16 after a byte order mark, else in the encoding its bytes suggest
    InvalidEncoding = "invalid-encoding", Warning;
    /// a file of the handbook or the theme cannot be read
    UnreadableFile = "unreadable-file", Error;
    /// a template does not parse or fails to render
    TemplateError = "template-error", Error, Fatal;
    /// raw HTML in a page is opened and never closed
    UnclosedHtml = "unclosed-html", Warning;
    /// raw HTML in a page closes an element that was never opened
    UnmatchedHtmlClose = "unmatched-html-close", Warning;
    /// a page that no other page links to
    OrphanPage = "orphan-page", Note;
    /// the search index could not be built, or Pagefind had something to say
    SearchIndex = "search-index", Error | Warning | Note;
    /// the site's language was not set and could not be detected
    LanguageNotSet = "language-not-set", Warning;
    /// the handbook is in a shallow git clone, so pages changed before its oldest commit have no date
    ShallowClone = "shallow-clone", Warning;
    /// a translation file is invalid
    InvalidTranslation = "invalid-translation", Warning;
    /// a translation file has a key the interface does not use
    UnknownTranslationKey = "unknown-translation-key", Warning;
    /// an http(s) link that is definitely broken
    BrokenExternalLink = "broken-external-link", Error;
    /// an http(s) link that could not be verified
    UnverifiedExternalLink = "unverified-external-link", Note;
    /// an http(s) link that redirects permanently
    MovedExternalLink = "moved-external-link", Note;
    /// the external-link cache could not be read or written
    ExternalCache = "external-cache", Note;
    /// a page's review was due before today
    ReviewOverdue = "review-overdue", Warning;
    /// no feeds are written without a `base_url`
    FeedsNeedBaseUrl = "feeds-need-base-url", Note;
    /// a record has no title heading
    DecisionMissingTitle = "decision-missing-title", Warning, AboutRecords;
    /// a record states no status
    DecisionMissingStatus = "decision-missing-status", Warning, AboutRecords;
    /// a record has no date
    DecisionMissingDate = "decision-missing-date", Warning, AboutRecords;
    /// a record's date is not a date
    DecisionInvalidDate = "decision-invalid-date", Warning, AboutRecords;
    /// a record's status is not a known one
    DecisionUnknownStatus = "decision-unknown-status", Warning, AboutRecords;
    /// a record's status or date is still the template placeholder
    DecisionPlaceholder = "decision-placeholder", Warning, AboutRecords;
    /// a relation field in a record's front matter names no decision
    DecisionInvalidField = "decision-invalid-field", Warning, AboutRecords;
    /// a record's title number differs from its file name's
    DecisionNumberMismatch = "decision-number-mismatch", Warning, AboutRecords;
    /// a record template, left out of the log
    DecisionTemplate = "decision-template", Note, AboutRecords;
    /// two records of one folder share a number
    DecisionDuplicateNumber = "decision-duplicate-number", Error, AboutRecords;
    /// a relation names no record of the log
    DecisionBrokenRelation = "decision-broken-relation", Error, AboutRecords;
    /// two records disagree about a relation
    DecisionRelationMismatch = "decision-relation-mismatch", Warning, AboutRecords;
    /// supersession goes round in a circle
    DecisionRelationCycle = "decision-relation-cycle", Error, AboutRecords;
    /// the status says superseded but nothing supersedes the record
    DecisionSupersededWithoutSuccessor = "decision-superseded-without-successor", Warning, AboutRecords;
    /// superseded by a record, but the status says otherwise
    DecisionStatusMismatch = "decision-status-mismatch", Warning, AboutRecords;
    /// a record new on this branch uses a number the base ref gave to another record
    DecisionNumberTaken = "decision-number-taken", Error, AboutRecords;
    /// a record has been `proposed` for longer than `proposed_for`
    DecisionProposedTooLong = "decision-proposed-too-long", Warning, AboutRecords;
    /// a folder has several index pages (`index.md`, `README.md`, `_index.md`); the others are left out
    ShadowedIndex = "shadowed-index", Note;
    /// an alias equals a page's or a generated page's URL, or another page's alias; it is dropped
    AliasClash = "alias-clash", Warning;
    /// a file of the handbook has the path of a file handbook writes; it is not copied
    GeneratedFileClash = "generated-file-clash", Warning;
    /// a front matter field other tools write has a value that cannot be used; it is ignored
    IgnoredFrontMatter = "ignored-front-matter", Warning;
    /// links to the handbook's own repository were read as links inside the site
    SelfLinks = "self-links", Note;
    /// the folder is a Hugo, MkDocs or mdBook site, read as it is
    ForeignSite = "foreign-site", Note;
    /// another tool's config file (Hugo, MkDocs, mdBook) cannot be read; defaults are used
    InvalidForeignConfig = "invalid-foreign-config", Warning;
    /// a file name no URL can carry (a backslash, control characters, invalid bytes); the file is skipped
    OddFileName = "odd-file-name", Warning;
    /// two file names differ only in case, so they are one file on most hosts
    CaseCollision = "case-collision", Warning;
    /// a symbolic link leads out of the handbook; it is skipped
    SymlinkOutside = "symlink-outside", Warning;
    /// a shortcode or Liquid tag handbook does not know; its content is kept, its tags dropped
    UnknownShortcode = "unknown-shortcode", Warning, OncePerSite;
    /// a `readfile`/`include` shortcode names no Markdown file of the handbook
    BrokenInclude = "broken-include", Error;
    /// a shortcode template of the handbook failed to render
    ShortcodeError = "shortcode-error", Warning;
    /// raw HTML loads a script or stylesheet from another host
    ExternalResource = "external-resource", Warning;
    /// a formula (`$…$`, `$$…$$`, ```` ```math ````) is not LaTeX math that can be read; it is shown as written
    InvalidMath = "invalid-math", Warning;
    /// a code block took too long to highlight; it is shown without colours
    HighlightTimeout = "highlight-timeout", Warning;
    /// `.log4brains.yml` cannot be read to find the decision folders
    InvalidLog4brainsConfig = "invalid-log4brains-config", Warning, AboutRecords;
}

impl Code {
    /// The code named `name`, if there is one.
    pub(crate) fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// The usual severity of this code.
    pub(crate) fn default_severity(self) -> Severity {
        self.severities()[0]
    }

    /// As an error, the output would be wrong as a whole, so nothing is written.
    pub fn is_fatal(self) -> bool {
        self.policies().contains(&Policy::Fatal)
    }

    /// Reported once for the site, however many times it happens (see [`Policy::OncePerSite`]).
    pub fn once_per_site(self) -> bool {
        self.policies().contains(&Policy::OncePerSite)
    }

    /// As an error, `handbook health`'s report cannot be trusted (the command prints it and fails).
    pub fn blocks_health(self) -> bool {
        self.policies().contains(&Policy::BlocksHealth)
    }

    /// Worth showing next to the decision log: about records, or about finding them.
    pub fn is_about_records(self) -> bool {
        self.policies().contains(&Policy::AboutRecords)
    }

    /// Counted as a broken link on the health page.
    pub(crate) fn is_broken_link(self) -> bool {
        self.policies().contains(&Policy::BrokenLink)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn names_are_unique_kebab_case_and_round_trip() {
        for &code in Code::ALL {
            let name = code.name();
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name}"
            );
            assert_eq!(Code::from_name(name), Some(code), "{name}");
            assert!(!code.doc().is_empty(), "{name}");
        }
        assert_eq!(Code::from_name("no-such-code"), None);
    }

    #[test]
    fn serialises_as_its_name() {
        assert_eq!(
            serde_json::to_string(&Code::BrokenLink).unwrap(),
            "\"broken-link\""
        );
    }

    #[test]
    fn policies_match_what_the_commands_promise() {
        let fatal: Vec<_> = Code::ALL.iter().filter(|c| c.is_fatal()).collect();
        assert_eq!(fatal, [&Code::InvalidConfig, &Code::TemplateError]);
        let blocking: Vec<_> = Code::ALL.iter().filter(|c| c.blocks_health()).collect();
        assert_eq!(blocking, [&Code::InvalidConfig, &Code::InvalidFrontMatter]);
        // Every `decision-` code is about records, as `decisions` has always shown them.
        for &code in Code::ALL {
            if code.name().starts_with("decision-") {
                assert!(code.is_about_records(), "{code}");
            }
        }
    }

    /// The README's tables with a `code` and a `severity` column: code name -> severity cell.
    fn readme_codes() -> BTreeMap<String, String> {
        let readme = include_str!("../../README.md");
        let mut codes = BTreeMap::new();
        let mut in_table = false;
        for line in readme.lines() {
            let cells: Vec<&str> = line
                .trim()
                .trim_matches('|')
                .split(" | ")
                .map(str::trim)
                .collect();
            if !line.starts_with('|') {
                in_table = false;
            } else if cells.len() >= 2 && cells[0] == "code" && cells[1] == "severity" {
                in_table = true;
            } else if in_table && !cells[0].starts_with("---") {
                let name = cells[0].trim_matches('`').to_string();
                let earlier = codes.insert(name.clone(), cells[1].to_string());
                assert!(
                    earlier.is_none(),
                    "`{name}` is documented twice in README.md"
                );
            }
        }
        codes
    }

    /// How the README writes a code's severities: `error`, `error or warning`, ...
    fn severity_cell(code: Code) -> String {
        let names: Vec<&str> = code.severities().iter().map(|s| s.label()).collect();
        match names.as_slice() {
            [one] => one.to_string(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
            [] => unreachable!("every code has a severity"),
        }
    }

    #[test]
    fn readme_documents_every_code_with_its_severity() {
        let documented = readme_codes();
        for &code in Code::ALL {
            let cell = documented.get(code.name()).unwrap_or_else(|| {
                panic!(
                    "`{code}` is not in a README.md table with `code` and `severity` columns; add a row: | `{code}` | {} | {} |",
                    severity_cell(code),
                    code.doc()
                )
            });
            assert_eq!(
                cell,
                &severity_cell(code),
                "README.md gives `{code}` another severity than src/diagnostic/code.rs"
            );
        }
        for name in documented.keys() {
            assert!(
                Code::from_name(name).is_some(),
                "README.md documents `{name}`, which src/diagnostic/code.rs does not have"
            );
        }
    }
}
