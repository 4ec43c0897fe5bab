//! `handbook.yml`: the raw schema as written, validated into [`Config`].
//!
//! Unknown keys are errors from day one (`deny_unknown_fields`): mdBook made them errors only in
//! 0.5, and turning strictness on later is a breaking change.

use crate::diagnostic::{Code, Diagnostic};
pub use crate::load::decisions::DecisionFolderConfig;
use crate::period::{Period, parse_period};
use serde::Deserialize;
use std::path::Path;

/// How long a decision may stay `proposed` unless `proposed_for` says otherwise.
pub const DEFAULT_PROPOSED_FOR: Period = Period::Days(30);

/// The config file's name, at the handbook root.
pub const CONFIG_FILE: &str = "handbook.yml";

/// Every key `handbook.yml` accepts, listed in diagnostics.
pub const CONFIG_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "languages",
    "output",
    "theme",
    "decisions",
    "edit_url",
    "exclude",
    "footer",
    "search",
    "review_every",
    "proposed_for",
    "external_exclude",
    "repository",
    "unsafe_html",
    "definition_lists",
];

/// `handbook.yml` exactly as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    unsafe_html: Option<bool>,
    definition_lists: Option<bool>,
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    languages: Option<Vec<String>>,
    output: Option<String>,
    theme: Option<String>,
    decisions: Option<Vec<DecisionFolderConfig>>,
    edit_url: Option<String>,
    exclude: Option<Vec<String>>,
    footer: Option<String>,
    search: Option<bool>,
    review_every: Option<String>,
    proposed_for: Option<String>,
    external_exclude: Option<Vec<String>>,
    repository: Option<String>,
}

/// The validated site configuration, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Site title, shown in the header and the `<title>` of every page.
    pub title: String,
    /// Whether `title` is only the folder's name (no `title` in `handbook.yml`): the theme then
    /// prefers the home page's own title.
    pub title_from_folder: bool,
    /// One-sentence description, used in meta tags and the home page.
    pub description: String,
    /// Absolute URL the site is published at (`https://example.org/handbook/`), always ending in
    /// `/`; needed for the sitemap and feeds. Pages themselves link relatively.
    pub base_url: Option<String>,
    /// BCP 47 language tag (`en`), for `<html lang>` and search stemming: the default
    /// language of a multilingual handbook.
    pub language: String,
    /// Whether `language` was written in `handbook.yml` (else it may be detected from the text).
    pub language_set: bool,
    /// The other languages of a multilingual handbook (`languages:`, without `language`),
    /// each with its content folder at the root (`ja/`) or its `page.ja.md` files.
    pub languages: Vec<String>,
    /// Output folder, relative to the handbook root unless absolute.
    pub output: String,
    /// A theme folder relative to the root, holding `templates/` and `static/`.
    pub theme: Option<String>,
    /// Folders (relative to the root) holding decision records, each with the fields it requires;
    /// empty means detect them.
    pub decisions: Vec<DecisionFolderConfig>,
    /// "Edit this page" link pattern, with `{path}` replaced by the page's source path.
    pub edit_url: Option<String>,
    /// Globs (relative to the root) of files and folders to leave out.
    pub exclude: Vec<String>,
    /// Footer text (Markdown inline, rendered as HTML).
    pub footer: Option<String>,
    /// Whether to build the search index.
    pub search: bool,
    /// How often every page should be reviewed (`None`: reviews are off).
    pub review_every: Option<Period>,
    /// How long a decision may stay `proposed` before `check` warns.
    pub proposed_for: Period,
    /// Regular expressions of URLs that `check --external` does not fetch (each one valid).
    pub external_exclude: Vec<String>,
    /// The folder holding the pages, relative to the root: empty for the root itself, `content`
    /// for a Hugo site (not a `handbook.yml` key: it comes from the Hugo config).
    pub content_dir: String,
    /// Pages in navigation order (paths relative to `content_dir`), from an MkDocs `nav:` or an
    /// mdBook `SUMMARY.md`; pages not listed follow, by `weight` then title.
    pub nav_order: Vec<String>,
    /// The handbook's repository on the web (`https://github.com/org/repo`), from `repository`
    /// or the git remote `origin`: links to its `blob/`/`tree/` pages are internal links.
    pub repository: Option<String>,
    /// Where the handbook folder is inside its git repository (`docs/`, or empty), from git.
    pub repository_subdir: String,
    /// Raw HTML and `javascript:` links in pages pass through (`true`, as on GitHub Pages and
    /// Hugo), or are shown as text and made inert (`false`, for handbooks that take pages from
    /// people they do not trust).
    pub unsafe_html: bool,
    /// A Docusaurus docs folder's folder labels and positions; when set, `.mdx` files are pages
    /// and number prefixes (`01-intro.md`) are left out of URLs and titles (not a
    /// `handbook.yml` key: it comes from `docusaurus.config.js`).
    pub docusaurus: Option<crate::load::foreign::docusaurus::DocusaurusDocs>,
    /// Definition lists (`Term` / `: definition`) in pages: as `handbook.yml` says, else as the
    /// other tool whose folder this is reads them (Hugo, Jekyll, MkDocs with `def_list`), else
    /// off, as on GitHub (`None` until one of them says).
    pub definition_lists: Option<bool>,
    /// The handbook is an Obsidian vault (a `.obsidian/` folder at its root): `%%comments%%`
    /// and `==highlights==` are read (not a `handbook.yml` key).
    pub obsidian_vault: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Handbook".to_string(),
            title_from_folder: true,
            description: String::new(),
            base_url: None,
            language: "en".to_string(),
            language_set: false,
            languages: Vec::new(),
            output: "public".to_string(),
            theme: None,
            decisions: Vec::new(),
            edit_url: None,
            exclude: Vec::new(),
            footer: None,
            search: true,
            review_every: None,
            proposed_for: DEFAULT_PROPOSED_FOR,
            external_exclude: Vec::new(),
            content_dir: String::new(),
            nav_order: Vec::new(),
            repository: None,
            repository_subdir: String::new(),
            unsafe_html: true,
            docusaurus: None,
            definition_lists: None,
            obsidian_vault: false,
        }
    }
}

impl Config {
    /// Reads `root/handbook.yml` if it exists. A missing file gives the defaults, with the title
    /// taken from the folder name. Content problems come back as diagnostics (with the defaults),
    /// IO failures as `Err`.
    pub fn load(root: &Path) -> anyhow::Result<(Config, Vec<Diagnostic>)> {
        let path = root.join(CONFIG_FILE);
        let folder_title = root
            .canonicalize()
            .ok()
            .and_then(|p| {
                p.file_name()
                    .map(|n| title_from_folder(&n.to_string_lossy()))
            })
            .unwrap_or_else(|| "Handbook".to_string());
        if !path.exists() {
            return Ok((
                Config {
                    title: folder_title,
                    ..Config::default()
                },
                Vec::new(),
            ));
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("failed to read `{}`: {e}", path.display()))?;
        Ok(Config::parse(&text, &folder_title))
    }

    /// Parses the text of `handbook.yml`; `default_title` is used when it has no `title`.
    pub fn parse(text: &str, default_title: &str) -> (Config, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig::default()
        } else {
            match crate::yaml::parse(text) {
                Ok(raw) => raw,
                Err(err) => {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::InvalidConfig,
                            CONFIG_FILE,
                            err.line,
                            err.column,
                            err.message,
                        )
                        .with_help(format!("valid keys are: {}", CONFIG_KEYS.join(", "))),
                    );
                    return (
                        Config {
                            title: default_title.to_string(),
                            ..Config::default()
                        },
                        diagnostics,
                    );
                }
            }
        };
        let defaults = Config::default();
        let base_url = raw.base_url.and_then(|url| match normalize_base_url(&url) {
            Ok(url) => url,
            Err(url) => {
                diagnostics.push(
                    key_error(
                        text,
                        "base_url",
                        format!("`base_url` must be an absolute http(s) URL, not `{url}`"),
                    )
                    .with_help(
                        "write it in full, for example `base_url: https://example.org/handbook/`",
                    ),
                );
                None
            }
        });
        let edit_url = raw.edit_url.filter(|pattern| {
            let ok = pattern.contains("{path}");
            if !ok {
                let (line, column) = key_position(text, "edit_url");
                diagnostics.push(
                    Diagnostic::warning(Code::InvalidConfig, CONFIG_FILE, line, column, "`edit_url` has no `{path}` placeholder, so every page would link to the same URL")
                        .with_help("for example `edit_url: https://github.com/org/repo/edit/main/{path}`"),
                );
            }
            ok
        });
        let external_exclude = raw
            .external_exclude
            .unwrap_or_default()
            .into_iter()
            .filter(|pattern| match regex::Regex::new(pattern) {
                Ok(_) => true,
                Err(err) => {
                    let (line, column) = key_position(text, "external_exclude");
                    diagnostics.push(
                        Diagnostic::warning(
                            Code::InvalidConfig,
                            CONFIG_FILE,
                            line,
                            column,
                            format!(
                                "`external_exclude`: `{pattern}` is not a valid regular expression, so it is ignored: {}",
                                err.to_string().lines().last().unwrap_or_default().trim()
                            ),
                        )
                        .with_help(r"escape dots and other special characters, for example `^https://intranet\.example\.org/`"),
                    );
                    false
                }
            })
            .collect();
        let mut language_tag = |key: &str, tag: String| {
            let tag = tag.trim().to_string();
            if crate::i18n::is_language_tag(&tag) {
                Some(tag)
            } else {
                diagnostics.push(
                    key_error(text, key, format!("`{key}`: `{tag}` is not a language tag"))
                        .with_help("write a BCP 47 tag such as `en`, `ja`, `zh`, `pt-BR` or `ar` (at most 20 characters)"),
                );
                None
            }
        };
        let language_set = raw.language.is_some();
        let language = raw
            .language
            .and_then(|l| language_tag("language", l))
            .unwrap_or(defaults.language);
        let mut languages: Vec<String> = Vec::new();
        for tag in raw.languages.unwrap_or_default() {
            if let Some(tag) = language_tag("languages", tag)
                && !tag.eq_ignore_ascii_case(&language)
                && !languages.iter().any(|l| l.eq_ignore_ascii_case(&tag))
            {
                languages.push(tag);
            }
        }
        let config = Config {
            title_from_folder: raw.title.is_none(),
            title: raw.title.unwrap_or_else(|| default_title.to_string()),
            description: raw.description.unwrap_or_default(),
            base_url,
            language,
            language_set,
            languages,
            output: raw.output.unwrap_or(defaults.output),
            theme: raw.theme,
            decisions: raw.decisions.unwrap_or_default(),
            edit_url,
            exclude: raw.exclude.unwrap_or_default(),
            footer: raw.footer,
            search: raw.search.unwrap_or(true),
            review_every: raw
                .review_every
                .and_then(|v| config_period(text, "review_every", &v, &mut diagnostics))
                .flatten(),
            proposed_for: raw
                .proposed_for
                .and_then(|v| config_period(text, "proposed_for", &v, &mut diagnostics))
                .flatten()
                .unwrap_or(defaults.proposed_for),
            external_exclude,
            content_dir: String::new(),
            nav_order: Vec::new(),
            repository: raw.repository.filter(|r| !r.trim().is_empty()),
            repository_subdir: String::new(),
            unsafe_html: raw.unsafe_html.unwrap_or(true),
            docusaurus: None,
            definition_lists: raw.definition_lists,
            obsidian_vault: false,
        };
        (config, diagnostics)
    }

    /// A page's path in the handbook folder (`content/guide/a.md` for a Hugo site's
    /// `guide/a.md`), for "Edit this page" links.
    pub fn source_path(&self, rel_path: &str) -> String {
        if self.content_dir.is_empty() {
            rel_path.to_string()
        } else {
            format!("{}/{rel_path}", self.content_dir)
        }
    }

    /// The path part of `base_url` (`/handbook/`), or `/` when none is set.
    pub fn base_path(&self) -> String {
        self.base_url
            .as_deref()
            .and_then(|url| url.split_once("://").map(|(_, rest)| rest))
            .map(|rest| {
                rest.find('/')
                    .map_or("/".to_string(), |i| rest[i..].to_string())
            })
            .unwrap_or_else(|| "/".to_string())
    }
}

/// `base_url` (from `handbook.yml` or `--base-url`) as the site uses it: trimmed, ending in
/// `/`; `Ok(None)` when empty, `Err(url)` when it is not an absolute http(s) URL.
pub fn normalize_base_url(url: &str) -> Result<Option<String>, String> {
    let url = url.trim();
    if url.is_empty() {
        return Ok(None);
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !rest.is_empty() && !rest.starts_with('/') && !url.contains(char::is_whitespace) =>
        {
            Ok(Some(if url.ends_with('/') {
                url.to_string()
            } else {
                format!("{url}/")
            }))
        }
        _ => Err(url.to_string()),
    }
}

/// A period key's value; `None` (after a diagnostic at the key's line) when it does not parse.
fn config_period(
    text: &str,
    key: &str,
    value: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Option<Period>> {
    match parse_period(value) {
        Ok(period) => Some(period),
        Err(message) => {
            diagnostics.push(
                key_error(text, key, format!("`{key}`: {message}"))
                    .with_help(format!("for example `{key}: 6 months`")),
            );
            None
        }
    }
}

/// An `invalid-config` error at the line of `key:`.
fn key_error(text: &str, key: &str, message: String) -> Diagnostic {
    let (line, column) = key_position(text, key);
    Diagnostic::error(Code::InvalidConfig, CONFIG_FILE, line, column, message)
}

/// Where `key:` starts in the YAML text (for diagnostics about a value that parsed fine).
fn key_position(text: &str, key: &str) -> (u32, u32) {
    text.lines()
        .position(|line| line.starts_with(&format!("{key}:")))
        .map_or((0, 0), |i| (i as u32 + 1, 1))
}

/// `my-team_docs` -> `My team docs`.
fn title_from_folder(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Handbook".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_gives_defaults() {
        let (config, diags) = Config::parse("", "Docs");
        assert!(diags.is_empty());
        assert_eq!(config.title, "Docs");
        assert_eq!(config.output, "public");
        assert!(config.search);
    }

    #[test]
    fn unknown_key_names_line_and_valid_keys() {
        let (_, diags) = Config::parse("title: x\ncolour: red\n", "Docs");
        assert_eq!(diags.len(), 1);
        let d = &diags[0];
        assert_eq!((d.file.as_str(), d.line, d.column), ("handbook.yml", 2, 1));
        assert!(d.message.contains("colour"), "{}", d.message);
        assert!(d.help.as_deref().unwrap().contains("base_url"));
    }

    #[test]
    fn base_url_gets_trailing_slash_and_path() {
        let (config, diags) = Config::parse("base_url: https://example.org/handbook", "Docs");
        assert!(diags.is_empty());
        assert_eq!(
            config.base_url.as_deref(),
            Some("https://example.org/handbook/")
        );
        assert_eq!(config.base_path(), "/handbook/");
        let (config, _) = Config::parse("base_url: https://example.org", "Docs");
        assert_eq!(config.base_path(), "/");
    }

    #[test]
    fn relative_base_url_is_an_error() {
        let (_, diags) = Config::parse("title: t\nbase_url: /docs/\n", "Docs");
        assert_eq!(diags[0].line, 2);
    }

    #[test]
    fn external_exclude_patterns_are_checked() {
        let (config, diags) = Config::parse(
            "title: t\nexternal_exclude:\n  - ^https://intranet\\.example/\n  - \"(\"\n",
            "Docs",
        );
        assert_eq!(config.external_exclude, ["^https://intranet\\.example/"]);
        assert_eq!(diags.len(), 1);
        let d = &diags[0];
        assert_eq!(
            (d.line, d.severity),
            (2, crate::diagnostic::Severity::Warning)
        );
        assert!(
            d.message.contains("`(` is not a valid regular expression"),
            "{}",
            d.message
        );
    }

    #[test]
    fn languages_are_checked_and_the_default_left_out_of_the_others() {
        let (config, diags) =
            Config::parse("language: en\nlanguages: [en, ja, pt-BR, ja]\n", "Docs");
        assert!(diags.is_empty(), "{diags:?}");
        assert!(config.language_set);
        assert_eq!(config.languages, ["ja", "pt-BR"]);
        let (config, diags) = Config::parse("language: Japanese\n", "Docs");
        assert_eq!(config.language, "en");
        assert_eq!(diags[0].line, 1);
        assert!(diags[0].message.contains("not a language tag"));
        let (config, _) = Config::parse("title: t\n", "Docs");
        assert!(!config.language_set);
    }

    #[test]
    fn folder_names_become_titles() {
        assert_eq!(title_from_folder("example-handbook"), "Example handbook");
    }

    #[test]
    fn language_must_be_a_short_tag() {
        for ok in ["en", "pt-BR", "zh-Hant-TW", "deu"] {
            assert!(crate::i18n::is_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "english-language-of-england",
            "en_US",
            "en-",
            "x<y",
            "abcdefghijklmnopqrstuvwxyzabc",
        ] {
            assert!(!crate::i18n::is_language_tag(bad), "{bad}");
        }
        let (config, diags) = Config::parse("language: abcdefghijklmnopqrstuvwxyzabcdef\n", "T");
        assert_eq!(config.language, "en");
        assert_eq!(
            (diags[0].line, diags[0].message.contains("language tag")),
            (1, true)
        );
    }

    #[test]
    fn base_urls_are_absolute_and_end_in_a_slash() {
        assert_eq!(
            normalize_base_url(" https://a.org/x "),
            Ok(Some("https://a.org/x/".into()))
        );
        assert_eq!(normalize_base_url(""), Ok(None));
        for bad in [
            "example.org",
            "https://",
            "http:///x",
            "ftp://a.org/",
            "https://a.org/\"\nx: 1",
        ] {
            assert!(normalize_base_url(bad).is_err(), "{bad}");
        }
    }
}
