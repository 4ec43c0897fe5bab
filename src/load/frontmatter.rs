//! Front matter: split it off a Markdown file and read the fields every page understands.
//!
//! YAML between `---` lines, or TOML between `+++` lines (as Hugo and Zola write it). Unknown
//! fields are kept for templates and for the decision-record parsers. All positions are mapped
//! back to lines of the whole file, not of the front-matter block (a bug Zola lived with, #1133).

use crate::diagnostic::{Code, Diagnostic};
use chrono::NaiveDate;
use serde_json::{Map, Value};

/// The syntax a front-matter block was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterKind {
    /// `---` fenced YAML.
    Yaml,
    /// `+++` fenced TOML.
    Toml,
}

/// The raw front matter of a file, before typed fields are read.
#[derive(Debug, Clone, Default)]
pub struct RawFrontMatter {
    /// The syntax, or `None` when the file has no front matter.
    pub kind: Option<FrontMatterKind>,
    /// Every field as written, in file order.
    pub fields: Map<String, Value>,
    /// 1-based line of the first front-matter line after the opening fence (0 if none).
    pub first_line: u32,
    /// The front matter's own text (between the fences).
    pub text: String,
    /// Byte offset where the Markdown body starts.
    pub body_offset: usize,
}

impl RawFrontMatter {
    /// The file line holding `key` (for diagnostics on a value that parsed but is wrong), or the
    /// first front-matter line when it cannot be found.
    pub fn line_of(&self, key: &str) -> u32 {
        let sep = if self.kind == Some(FrontMatterKind::Toml) {
            '='
        } else {
            ':'
        };
        self.text
            .lines()
            .position(|line| {
                let line = line.trim_start();
                line.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(sep))
                    || line
                        .strip_prefix(&format!("\"{key}\""))
                        .is_some_and(|rest| rest.trim_start().starts_with(sep))
            })
            .map_or(self.first_line, |i| self.first_line + i as u32)
    }
}

/// Splits and parses the front matter of `text` (a whole file). A malformed block is reported
/// and treated as absent, so the page still builds.
pub fn parse_raw(rel_path: &str, text: &str) -> (RawFrontMatter, Option<Diagnostic>) {
    let Some((kind, block, block_start, body_offset)) = split(text) else {
        return (RawFrontMatter::default(), None);
    };
    let first_line = text[..block_start].matches('\n').count() as u32 + 1;
    let mut raw = RawFrontMatter {
        kind: Some(kind),
        fields: Map::new(),
        first_line,
        text: block.to_string(),
        body_offset,
    };
    let parsed = match kind {
        FrontMatterKind::Yaml => parse_yaml_block(block, first_line),
        FrontMatterKind::Toml => parse_toml_block(block, first_line),
    };
    match parsed {
        Ok(fields) => {
            raw.fields = fields;
            (raw, None)
        }
        Err((line, column, message)) => {
            let fence = if kind == FrontMatterKind::Yaml {
                "---"
            } else {
                "+++"
            };
            let d = Diagnostic::error(Code::InvalidFrontMatter, rel_path, line, column, message).with_help(format!(
                "front matter is {} between `{fence}` lines at the top of the file; fix the syntax or remove the block",
                if kind == FrontMatterKind::Yaml { "YAML" } else { "TOML" }
            ));
            (raw, Some(d))
        }
    }
}

/// Finds a front-matter block: `(kind, block text, block byte start, body byte start)`. The one
/// splitter of the crate: the decision tools that edit a record's front matter use it too.
pub fn split(text: &str) -> Option<(FrontMatterKind, &str, usize, usize)> {
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - text_no_bom.len();
    let (kind, fence) = if text_no_bom.starts_with("---") {
        (FrontMatterKind::Yaml, "---")
    } else if text_no_bom.starts_with("+++") {
        (FrontMatterKind::Toml, "+++")
    } else {
        return None;
    };
    let first_nl = text_no_bom.find('\n')?;
    // The opening fence must be alone on its line (`----` is a thematic break, not front matter).
    if text_no_bom[..first_nl].trim_end() != fence {
        return None;
    }
    let block_start = bom + first_nl + 1;
    let mut pos = block_start;
    for line in text[block_start..].split_inclusive('\n') {
        if line.trim_end() == fence || (kind == FrontMatterKind::Yaml && line.trim_end() == "...") {
            let block = &text[block_start..pos];
            return Some((kind, block, block_start, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

fn parse_yaml_block(
    block: &str,
    first_line: u32,
) -> Result<Map<String, Value>, (u32, u32, String)> {
    if block.trim().is_empty() {
        return Ok(Map::new());
    }
    match crate::yaml::parse::<Value>(block) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(_) => Err((
            first_line,
            1,
            "front matter must be a mapping of `key: value` lines".to_string(),
        )),
        Err(err) => Err((
            first_line + err.line.saturating_sub(1),
            err.column,
            format!("invalid YAML front matter: {}", err.message),
        )),
    }
}

fn parse_toml_block(
    block: &str,
    first_line: u32,
) -> Result<Map<String, Value>, (u32, u32, String)> {
    match block.parse::<toml::Table>() {
        Ok(table) => Ok(table
            .into_iter()
            .map(|(k, v)| (k, toml_to_json(v)))
            .collect()),
        Err(err) => {
            let (line, column) = err.span().map_or((0, 0), |span| {
                let before = &block[..span.start.min(block.len())];
                let line = before.matches('\n').count() as u32;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
                (line, column)
            });
            Err((
                first_line + line,
                column,
                format!("invalid TOML front matter: {}", err.message()),
            ))
        }
    }
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// The front-matter fields every page understands, type-checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMeta {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `tags` (a list, or one comma-separated string).
    pub tags: Vec<String>,
    /// `weight`: lower sorts first in navigation.
    pub weight: Option<i64>,
    /// `draft: true` leaves the page out of the build.
    pub draft: bool,
    /// `slug`: replaces the last segment of the page's URL.
    pub slug: Option<String>,
    /// A fixed URL for the page instead of the one its path gives: Jekyll's and Eleventy's
    /// `permalink`, Hugo's `url`, a Docusaurus `slug` with a `/`. Site-relative, ending in `/`
    /// (empty for the home page).
    pub permalink: Option<String>,
    /// `aliases` (and jekyll-redirect-from's `redirect_from`): old URLs that redirect here.
    pub aliases: Vec<String>,
    /// `owner`: the person or team that keeps the page true.
    pub owner: Option<String>,
    /// `reviewed`: date of the last review.
    pub reviewed: Option<NaiveDate>,
    /// `updated`: date of the last change, when not taken from git.
    pub updated: Option<NaiveDate>,
    /// `search: false` keeps the page out of the search index.
    pub search: bool,
    /// The page's name in the navigation when it differs from its title (Docusaurus
    /// `sidebar_label`, Hugo `linkTitle`).
    pub nav_title: Option<String>,
    /// Published but not listed in the navigation (Just-the-Docs `nav_exclude`).
    pub nav_exclude: bool,
    /// No table of contents (MkDocs `hide: [toc]`).
    pub hide_toc: bool,
    /// `lang`: the page's language (a BCP 47 tag), when it differs from the site's.
    pub lang: Option<String>,
    /// Every field as written, known or not, for templates (`page.extra`).
    pub extra: Map<String, Value>,
    /// [`PageMeta::digest`], once worked out: `serve`'s pages share their front matter with
    /// the parses it keeps, so a save digests only the front matter it parsed again. Changed
    /// front matter goes through [`PageMeta::edit`], which forgets it.
    pub digest_cache: crate::digest::DigestCache,
}

impl PageMeta {
    /// Front matter to change, shared or not (see [`PageMeta::digest_cache`]).
    pub fn edit(meta: &mut std::sync::Arc<PageMeta>) -> &mut PageMeta {
        let meta = std::sync::Arc::make_mut(meta);
        meta.digest_cache.forget();
        meta
    }

    /// A digest of every field: equal for two pages' front matter when it says the same.
    /// Worked out once (see [`PageMeta::digest_cache`]); debug builds check the kept one.
    pub(crate) fn digest(&self) -> u128 {
        let digest = self.digest_cache.get_or(|| self.digest_fields());
        debug_assert_eq!(
            digest,
            self.digest_fields(),
            "front matter changed without `edit`"
        );
        digest
    }

    fn digest_fields(&self) -> u128 {
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
        } = self;
        let mut digest = crate::digest::Digester::new();
        for text in [title, description, slug, permalink, owner, nav_title, lang] {
            digest.opt_str(text.as_deref());
        }
        for list in [tags, aliases] {
            digest.number(list.len() as u64);
            for item in list {
                digest.bytes(item.as_bytes());
            }
        }
        digest
            .opt_number(*weight)
            .opt_date(*reviewed)
            .opt_date(*updated)
            .number(u64::from(*draft) | u64::from(*search) << 1)
            .number(u64::from(*nav_exclude) | u64::from(*hide_toc) << 1)
            .json_object(extra);
        digest.finish()
    }
}

/// Reads the typed fields out of raw front matter, reporting each wrong type at its line.
pub fn page_meta(rel_path: &str, raw: &RawFrontMatter) -> (PageMeta, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut meta = PageMeta {
        search: true,
        extra: raw.fields.clone(),
        ..PageMeta::default()
    };
    let mut wrong = |key: &str, expected: &str| {
        diags.push(
            Diagnostic::error(
                Code::InvalidFrontMatter,
                rel_path,
                raw.line_of(key),
                1,
                format!("`{key}` must be {expected}"),
            )
            .with_help(format!("fix the value of `{key}` or remove the line")),
        );
    };
    // Weights written for other tools count when `weight` is not given.
    let mut foreign_weight = None;
    // Fields of other tools with a value we cannot use: a warning each, after the loop.
    let mut ignored_fields: Vec<(&str, &str)> = Vec::new();
    for (key, value) in &raw.fields {
        // Hugo, Jekyll and MkDocs read `description:` with nothing after it as no description.
        if is_empty_value(value) {
            continue;
        }
        let mut ignored = |expected: &'static str| ignored_fields.push((key.as_str(), expected));
        match key.as_str() {
            // Hugo's `lastmod`, jekyll-last-modified-at's `last_modified_at`.
            "lastmod" | "last_modified_at" if meta.updated.is_none() => {
                match scalar_string(value).as_deref().and_then(parse_date) {
                    Some(d) => meta.updated = Some(d),
                    None => ignored("a date written YYYY-MM-DD"),
                }
            }
            // Just-the-Docs `nav_order`, Docusaurus `sidebar_position` (which may be 1.5).
            "nav_order" | "sidebar_position" => match value.as_f64() {
                Some(w) => foreign_weight = Some(w.round() as i64),
                None => ignored("a number"),
            },
            "sidebar_label" | "linkTitle" => match scalar_string(value) {
                Some(s) => meta.nav_title = Some(s),
                None => ignored("a string"),
            },
            "nav_exclude" => match value.as_bool() {
                Some(b) => meta.nav_exclude = b,
                None => ignored("`true` or `false`"),
            },
            // MkDocs Material: `hide: [navigation, toc]`; only the table of contents is ours.
            "hide" => match string_list(value) {
                Some(list) => meta.hide_toc = list.iter().any(|h| h == "toc"),
                None => ignored("a list such as `[toc]`"),
            },
            "title" => match scalar_string(value) {
                Some(s) => meta.title = Some(s),
                None => wrong(key, "a string"),
            },
            "description" => match scalar_string(value) {
                Some(s) => meta.description = Some(s),
                None => wrong(key, "a string"),
            },
            "slug" => match value.as_str() {
                Some(s) if is_valid_slug(s) => meta.slug = Some(s.to_string()),
                // Docusaurus: `slug: /` (the home page), `/guides/start`, or `guides/start`
                // from the page's folder.
                Some(s) if s.contains('/') => {
                    let folder = super::rel_path::parent(rel_path);
                    let path = match s.trim().strip_prefix('/') {
                        Some(absolute) => Some(absolute.to_string()),
                        None if folder.is_empty() => Some(s.trim().to_string()),
                        None => Some(format!("{folder}/{}", s.trim())),
                    };
                    match path.as_deref().and_then(url_path) {
                        Some(url) => meta.permalink = Some(url),
                        None => wrong(key, "a URL segment, or a path such as `/guides/start`"),
                    }
                }
                _ => wrong(
                    key,
                    "a single URL segment (letters, digits, `-`, `_`, `.`), or a path such as `/guides/start`",
                ),
            },
            // Jekyll and Eleventy; Hugo's `url` (only as a path: other tools use `url` for
            // anything).
            "permalink" | "url" if meta.permalink.is_none() => {
                match value.as_str().map(str::trim) {
                    Some(path) if key == "url" && !path.starts_with('/') => {}
                    Some(path) => match url_path(path) {
                        Some(url) => meta.permalink = Some(url),
                        None => ignored(
                            "a fixed URL path such as `/guides/start/` (placeholders such as `:title` are not read)",
                        ),
                    },
                    None => ignored("a URL path such as `/guides/start/`"),
                }
            }
            // jekyll-redirect-from, also used by Eleventy sites.
            "redirect_from" => match string_list(value) {
                Some(list) => meta.aliases.extend(list),
                None => ignored("a list of URL paths"),
            },
            "owner" => match scalar_string(value) {
                // `owner: ""` (a template left unfilled) is no owner, for health as for pages.
                Some(s) if s.trim().is_empty() => meta.owner = None,
                Some(s) => meta.owner = Some(s),
                None => wrong(key, "a string (a person or a team)"),
            },
            "tags" => match string_list(value) {
                Some(list) => meta.tags = list,
                None => wrong(key, "a list of strings"),
            },
            "aliases" => match string_list(value) {
                Some(list) => meta.aliases.extend(list),
                None => wrong(key, "a list of URL paths"),
            },
            "weight" => match value.as_i64() {
                Some(w) => meta.weight = Some(w),
                None => wrong(key, "a whole number"),
            },
            "draft" => match value.as_bool() {
                Some(b) => meta.draft = b,
                None => wrong(key, "`true` or `false`"),
            },
            "search" => match value.as_bool() {
                Some(b) => meta.search = b,
                None => wrong(key, "`true` or `false`"),
            },
            "lang" => match value.as_str().map(str::trim) {
                Some(tag) if crate::i18n::is_language_tag(tag) => meta.lang = Some(tag.to_string()),
                _ => wrong(key, "a language tag such as `ja`, `pt-BR` or `ar`"),
            },
            "reviewed" | "updated" => match value.as_str().and_then(parse_date) {
                Some(d) if key == "reviewed" => meta.reviewed = Some(d),
                Some(d) => meta.updated = Some(d),
                None => wrong(key, "a date written YYYY-MM-DD"),
            },
            _ => {}
        }
    }
    if meta.weight.is_none() {
        meta.weight = foreign_weight;
    }
    for (key, expected) in ignored_fields {
        diags.push(
            Diagnostic::warning(
                Code::IgnoredFrontMatter,
                rel_path,
                raw.line_of(key),
                1,
                format!("`{key}` is ignored: it must be {expected}"),
            )
            .with_help(format!(
                "fix the value of `{key}`; it is kept for templates as `page.extra.{key}`"
            )),
        );
    }
    (meta, diags)
}

/// `key:` with nothing after it, `key: ""` or `key: []`: no value.
fn is_empty_value(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// A string, or a number/bool written where a string was meant (`title: 2024`).
fn scalar_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of strings, or one comma-separated string.
pub(crate) fn string_list(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Array(items) => items.iter().map(scalar_string).collect(),
        Value::String(s) => Some(
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        ),
        Value::Null => Some(Vec::new()),
        _ => None,
    }
}

/// `YYYY-MM-DD`, optionally followed by a time (`2024-02-12T10:00:00Z`, `2024-02-12 10:00`).
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let date_part = s.get(..10)?;
    NaiveDate::parse_from_str(date_part, "%Y-%m-%d").ok()
}

/// A written URL path (`/guides/start/`, `guides/start.html`, `/`) as a site-relative page URL
/// (`guides/start/`, empty for the home page); `None` for placeholders (`/:title/`), templates,
/// absolute URLs and paths that climb (`..`).
fn url_path(written: &str) -> Option<String> {
    if written.contains(':') || written.contains("{{") || written.contains("{%") {
        return None;
    }
    let path = written.split(['?', '#']).next().unwrap_or_default();
    let path = path
        .strip_suffix("index.html")
        .or_else(|| path.strip_suffix(".html"))
        .unwrap_or(path);
    let mut segments = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s => segments.push(s),
        }
    }
    if segments.is_empty() {
        return Some(String::new());
    }
    Some(format!("{}/", segments.join("/")))
}

fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_is_split_and_parsed() {
        let text = "---\ntitle: Hello\ntags: [a, b]\nweight: 3\ncustom: x\n---\n# Body\n";
        let (raw, diag) = parse_raw("a.md", text);
        assert!(diag.is_none());
        assert_eq!(raw.kind, Some(FrontMatterKind::Yaml));
        assert_eq!(&text[raw.body_offset..], "# Body\n");
        let (meta, diags) = page_meta("a.md", &raw);
        assert!(diags.is_empty());
        assert_eq!(meta.title.as_deref(), Some("Hello"));
        assert_eq!(meta.tags, vec!["a", "b"]);
        assert_eq!(meta.weight, Some(3));
        assert_eq!(meta.extra["custom"], "x");
    }

    #[test]
    fn toml_front_matter_is_split_and_parsed() {
        let text = "+++\ntitle = \"Hello\"\ndate = 2024-02-12\ndraft = true\n+++\nBody\n";
        let (raw, diag) = parse_raw("a.md", text);
        assert!(diag.is_none(), "{diag:?}");
        let (meta, _) = page_meta("a.md", &raw);
        assert_eq!(meta.title.as_deref(), Some("Hello"));
        assert!(meta.draft);
        assert_eq!(raw.fields["date"], "2024-02-12");
    }

    #[test]
    fn no_front_matter() {
        let (raw, diag) = parse_raw("a.md", "# Title\n\n---\n");
        assert!(diag.is_none());
        assert_eq!(raw.kind, None);
        assert_eq!(raw.body_offset, 0);
    }

    #[test]
    fn yaml_error_is_mapped_to_file_line() {
        let text = "---\ntitle: ok\ntags: [a, b\nweight: 1\n---\nbody";
        let (_, diag) = parse_raw("p.md", text);
        let d = diag.expect("an error");
        assert!(d.line >= 3, "{d:?}");
        assert_eq!(d.code, Code::InvalidFrontMatter);
    }

    #[test]
    fn wrong_type_is_reported_at_its_line() {
        let text = "---\ntitle: ok\nweight: heavy\n---\n";
        let (raw, _) = parse_raw("p.md", text);
        let (_, diags) = page_meta("p.md", &raw);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 3);
        assert!(diags[0].message.contains("weight"));
    }

    #[test]
    fn empty_values_are_absent() {
        let text =
            "---\ntitle:\ndescription: \"\"\nslug:\nweight:\ndate:\nreviewed:\ntags: []\n---\n";
        let (raw, _) = parse_raw("p.md", text);
        let (meta, diags) = page_meta("p.md", &raw);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(meta.title, None);
        assert_eq!(meta.description, None);
        assert_eq!(meta.slug, None);
    }

    #[test]
    fn other_tools_fields_are_read() {
        let text = "---\nlastmod: 2024-03-01T10:00:00+01:00\nnav_order: 2\nparent: Guides\nnav_exclude: true\nsidebar_label: Short\nhide:\n  - toc\n  - navigation\ncustom_thing: {a: 1}\n---\n";
        let (raw, _) = parse_raw("p.md", text);
        let (meta, diags) = page_meta("p.md", &raw);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(meta.updated, NaiveDate::from_ymd_opt(2024, 3, 1));
        assert_eq!(meta.weight, Some(2));
        assert!(meta.nav_exclude);
        assert!(meta.hide_toc);
        assert_eq!(meta.nav_title.as_deref(), Some("Short"));
        assert_eq!(meta.extra["parent"], "Guides");
        assert_eq!(meta.extra["custom_thing"]["a"], 1);
    }

    #[test]
    fn weight_beats_sidebar_position_and_a_bad_foreign_value_is_a_warning() {
        let text = "---\nsidebar_position: 1.6\nweight: 7\nnav_order: first\n---\n";
        let (raw, _) = parse_raw("p.md", text);
        let (meta, diags) = page_meta("p.md", &raw);
        assert_eq!(meta.weight, Some(7));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::IgnoredFrontMatter);
        assert_eq!(diags[0].line, 4);
    }

    #[test]
    fn thematic_break_is_not_front_matter() {
        let (raw, _) = parse_raw("a.md", "----\ntext\n----\n");
        assert_eq!(raw.kind, None);
    }

    #[test]
    fn unterminated_block_is_not_front_matter() {
        let (raw, _) = parse_raw("a.md", "---\ntitle: x\n");
        assert_eq!(raw.kind, None);
    }

    #[test]
    fn dates_accept_times() {
        assert_eq!(
            parse_date("2024-02-12T10:00:00Z"),
            NaiveDate::from_ymd_opt(2024, 2, 12)
        );
        assert_eq!(parse_date("12/02/2024"), None);
    }

    #[test]
    fn written_url_paths_become_page_urls() {
        assert_eq!(url_path("/"), Some(String::new()));
        assert_eq!(url_path("/guides/start/"), Some("guides/start/".into()));
        assert_eq!(url_path("guides/start"), Some("guides/start/".into()));
        assert_eq!(url_path("/about.html"), Some("about/".into()));
        assert_eq!(url_path("/tools/index.html"), Some("tools/".into()));
        assert_eq!(url_path("/:categories/:title/"), None);
        assert_eq!(url_path("{{ page.fileSlug }}/"), None);
        assert_eq!(url_path("https://example.org/x/"), None);
        assert_eq!(url_path("/a/../../b/"), None);
    }

    #[test]
    fn other_tools_fields_place_the_page() {
        let meta = |text: &str| {
            let (raw, error) = parse_raw("docs/guide/a.md", text);
            assert!(error.is_none());
            page_meta("docs/guide/a.md", &raw)
        };
        let (m, d) = meta("---\nslug: /\n---\n");
        assert_eq!((m.permalink.as_deref(), d.len()), (Some(""), 0));
        let (m, _) = meta("---\nslug: deep/page\n---\n");
        assert_eq!(m.permalink.as_deref(), Some("docs/guide/deep/page/"));
        let (m, _) = meta("---\nurl: https://example.org/\n---\n");
        assert_eq!(m.permalink, None);
        let (m, _) = meta("---\naliases: [/a/]\nredirect_from: /b/\n---\n");
        assert_eq!(m.aliases, ["/a/", "/b/"]);
    }
}
