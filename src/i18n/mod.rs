//! LANGUAGES: the interface strings of the theme in each language, and what a language tag says
//! about writing (direction, the word for the language, how dates are written).
//!
//! Every string a template shows comes from a table, one YAML file per language: the default
//! theme's `i18n/<lang>.yml` (embedded), then a `theme:` folder's `i18n/<lang>.yml`, then the
//! handbook's own `i18n/<lang>.yml`, each layer overriding keys of the one before, over English,
//! which has every key. Templates read the table of the page's language as `t` (`{{ t.menu }}`).
//! Strings with `{name}` placeholders are filled in by the templates with `replace`.
//!
//! Values stay canonical: a status is `accepted` in the data, in filters and in `decisions.json`;
//! only its label (`t.status_names.accepted`) is translated.

pub mod script;

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};
use crate::load::SourceFile;
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The folder of a handbook or theme holding the translation tables.
pub const I18N_DIR: &str = "i18n";

/// The language every table falls back to, and the one with every key.
pub const FALLBACK: &str = "en";

/// The languages the default theme ships tables for.
pub const SHIPPED: &[&str] = &["en", "ja", "zh", "de", "fr", "es", "pt", "ko"];

/// Names of languages the theme has no table for, in their own language.
const ENDONYMS: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("he", "עברית"),
    ("fa", "فارسی"),
    ("ru", "Русский"),
    ("uk", "Українська"),
    ("it", "Italiano"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
    ("tr", "Türkçe"),
    ("sv", "Svenska"),
    ("hi", "हिन्दी"),
    ("th", "ไทย"),
    ("vi", "Tiếng Việt"),
    ("id", "Bahasa Indonesia"),
];

/// Right-to-left languages: pages in them get `dir="rtl"`.
const RTL: &[&str] = &["ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"];

/// The translation tables of a site, merged per language, ready for templates.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    /// Merged table by lowercase language tag (`ja`, `pt-br`), for every language that has a
    /// table in some layer.
    tables: BTreeMap<String, Arc<Value>>,
    /// The table used for a language nobody asked for: English.
    fallback: Arc<Value>,
}

/// One layer's tables: `(language, file path for diagnostics, YAML text)`.
pub type LayerFiles = Vec<(String, String, String)>;

impl Translations {
    /// Loads the tables of every language from the default theme, the `theme:` folder (relative to
    /// `root`) and the handbook's own `i18n/` folder. A table that does not parse is reported and
    /// left out; a key that looks like a typo of a known key is reported and kept.
    pub fn load(root: &Path, theme_dir: Option<&str>) -> (Translations, Vec<Diagnostic>) {
        let mut layers: Vec<LayerFiles> = vec![embedded_tables()];
        if let Some(theme) = theme_dir {
            layers.push(read_folder(
                &root.join(theme).join(I18N_DIR),
                &format!("{theme}/{I18N_DIR}"),
            ));
        }
        layers.push(read_folder(&root.join(I18N_DIR), I18N_DIR));
        Translations::from_layers(&layers)
    }

    /// The tables from layers of files, first layer lowest.
    pub(crate) fn from_layers(layers: &[LayerFiles]) -> (Translations, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut parsed: Vec<BTreeMap<String, Value>> = Vec::new();
        for layer in layers {
            let mut tables = BTreeMap::new();
            for (lang, path, text) in layer {
                match parse_table(path, text) {
                    Ok(table) => {
                        tables.insert(lang.to_lowercase(), table);
                    }
                    Err(d) => diagnostics.push(d),
                }
            }
            parsed.push(tables);
        }
        let english = parsed
            .first()
            .and_then(|l| l.get(FALLBACK))
            .cloned()
            .unwrap_or_else(|| Value::Object(Map::new()));
        // Keys of the handbook's and a theme's own tables are checked against English.
        for (layer, files) in parsed.iter().zip(layers).skip(1) {
            for (lang, path, text) in files {
                if let Some(table) = layer.get(&lang.to_lowercase()) {
                    check_keys(path, text, table, &english, &mut diagnostics);
                }
            }
        }
        let merged_for = |lang: &str| {
            let mut table = Value::Object(Map::new());
            let lower = lang.to_lowercase();
            let base = base_language(&lower).to_string();
            let mut chain = vec![FALLBACK.to_string()];
            for code in [base, lower] {
                if !chain.contains(&code) {
                    chain.push(code);
                }
            }
            for layer in &parsed {
                for code in &chain {
                    if let Some(t) = layer.get(code) {
                        merge(&mut table, t);
                    }
                }
            }
            // The English layers come first in the chain, so a language missing in every layer
            // is plain English.
            table
        };
        let codes: std::collections::BTreeSet<&String> =
            parsed.iter().flat_map(|layer| layer.keys()).collect();
        let tables = codes
            .into_iter()
            .map(|code| (code.clone(), Arc::new(merged_for(code))))
            .collect();
        (
            Translations {
                tables,
                fallback: Arc::new(merged_for(FALLBACK)),
            },
            diagnostics,
        )
    }

    /// The table of `lang`: its own (`pt-br`), else its base language's (`pt`), else English.
    pub(crate) fn table(&self, lang: &str) -> Arc<Value> {
        let lower = lang.to_lowercase();
        self.tables
            .get(&lower)
            .or_else(|| self.tables.get(base_language(&lower)))
            .cloned()
            .unwrap_or_else(|| self.fallback.clone())
    }

    /// Whether some layer has a table for `lang` or its base language (else English is shown).
    pub(crate) fn has_table(&self, lang: &str) -> bool {
        let lower = lang.to_lowercase();
        self.tables.contains_key(&lower) || self.tables.contains_key(base_language(&lower))
    }

    /// The name of `lang` in that language (`日本語`), for the language switcher: its table's
    /// `language_name`, else a name from a short built-in list, else the tag itself.
    pub(crate) fn language_name(&self, lang: &str) -> String {
        if self.has_table(lang) {
            return self.get(lang, "language_name");
        }
        let base = base_language(&lang.to_lowercase()).to_string();
        ENDONYMS
            .iter()
            .find(|(tag, _)| *tag == base)
            .map_or_else(|| lang.to_string(), |(_, name)| (*name).to_string())
    }

    /// One string of `lang`'s table (`menu`, `status_names.accepted`), or the key itself.
    pub fn get(&self, lang: &str, key: &str) -> String {
        let table = self.table(lang);
        lookup(&table, key)
            .and_then(Value::as_str)
            .map_or_else(|| key.to_string(), str::to_string)
    }

    /// `date` (`YYYY-MM-DD`) as `lang` writes it (`13 February 2024`, `2024年2月13日`); anything
    /// that is not such a date comes back as it is.
    pub(crate) fn format_date(&self, lang: &str, date: &str) -> String {
        format_date(&self.table(lang), date)
    }
}

/// When `handbook.yml` names no language, the language the pages' text is written in, told by
/// its script, with a warning that suggests the setting; `None` when a language is set or the
/// text is in Latin script (English stays the default).
pub(crate) fn detect_language(
    config: &Config,
    files: &[SourceFile],
) -> Option<(String, Diagnostic)> {
    if config.language_set || !config.languages.is_empty() {
        return None;
    }
    let counts = files.par_iter().map(SourceFile::script_counts).reduce(
        script::ScriptCounts::default,
        |mut all, more| {
            all.merge(&more);
            all
        },
    );
    let (lang, script) = counts.suggested_language()?;
    let diagnostic = Diagnostic::warning(
        Code::LanguageNotSet,
        crate::config::CONFIG_FILE,
        0,
        0,
        format!(
            "`language` is not set and the pages are mostly written in {}, so they are published as `{lang}`",
            script.name()
        ),
    )
    .with_help(match lang {
        // Scripts shared by several languages: name another to make the choice visible.
        "ar" | "zh" | "ru" => format!(
            "add `language: {lang}` to handbook.yml, or the right tag (such as `language: {}`), so the language is not guessed",
            match lang {
                "ar" => "fa",
                "zh" => "zh-Hant",
                _ => "uk",
            }
        ),
        _ => format!("add `language: {lang}` to handbook.yml, so the language is not guessed"),
    });
    Some((lang.to_string(), diagnostic))
}

/// Whether a page's front matter sets its own `lang` (a page in another language than the
/// rest of the handbook says so; it does not make the handbook that language). A look at the
/// block's lines, not a parse: this runs over every page before the front matter is read.
pub(crate) fn has_own_language(text: &str) -> bool {
    // The crate's one front-matter splitter (BOM, CRLF and YAML's `...` fence included).
    crate::load::frontmatter::split(text).is_some_and(|(_, block, ..)| {
        block
            .lines()
            .any(|line| line.starts_with("lang:") || line.starts_with("lang ="))
    })
}

/// `date` (`YYYY-MM-DD`, or a longer timestamp starting with one) written with `table`'s
/// `date_format` and `months`.
pub(crate) fn format_date(table: &Value, date: &str) -> String {
    let parsed = date
        .get(..10)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let Some(parsed) = parsed else {
        return date.to_string();
    };
    use chrono::Datelike as _;
    let format = lookup(table, "date_format")
        .and_then(Value::as_str)
        .unwrap_or("{year}-{month_number}-{day}");
    let month = lookup(table, "months")
        .and_then(Value::as_array)
        .and_then(|m| m.get(parsed.month0() as usize))
        .and_then(Value::as_str)
        .map_or_else(|| parsed.month().to_string(), str::to_string);
    format
        .replace("{year}", &parsed.year().to_string())
        .replace("{month_number}", &parsed.month().to_string())
        .replace("{month}", &month)
        .replace("{day}", &parsed.day().to_string())
}

/// `pt` of `pt-BR`, `zh` of `zh_Hant`.
pub(crate) fn base_language(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// Whether `lang` is written right to left.
pub(crate) fn is_rtl(lang: &str) -> bool {
    RTL.contains(&base_language(&lang.to_lowercase()))
}

/// Whether `tag` looks like a BCP 47 language tag (`en`, `pt-BR`, `zh-Hant`): a 2-3 letter
/// language, then letter-or-digit subtags.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    // Pagefind panics on a language longer than its buffers, so a longer tag is refused here,
    // where `check` sees it.
    tag.len() <= 20
        && (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn lookup<'a>(table: &'a Value, key: &str) -> Option<&'a Value> {
    key.split('.').try_fold(table, |v, k| v.get(k))
}

/// Deep merge: objects key by key, anything else replaced.
fn merge(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Object(into), Value::Object(from)) => {
            for (k, v) in from {
                match into.get_mut(k) {
                    Some(existing) if existing.is_object() && v.is_object() => merge(existing, v),
                    _ => {
                        into.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (into, from) => *into = from.clone(),
    }
}

fn parse_table(path: &str, text: &str) -> Result<Value, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    match crate::yaml::parse::<Value>(text) {
        Ok(value @ Value::Object(_)) => Ok(value),
        Ok(_) => Err(Diagnostic::warning(
            Code::InvalidTranslation,
            path,
            1,
            1,
            "a translation table must be a mapping of keys to strings; the file is ignored",
        )
        .with_help("write one `key: text` per line, for example `on_this_page: Auf dieser Seite`")),
        Err(err) => Err(Diagnostic::warning(
            Code::InvalidTranslation,
            path,
            err.line,
            err.column,
            format!("{}; the file is ignored", err.message),
        )
        .with_help("fix the YAML; until then the theme's own strings are used")),
    }
}

/// Reports keys of an override table that English does not have and that look like a typo of
/// one it has; other new keys are kept quietly (a custom template may use them).
fn check_keys(
    path: &str,
    text: &str,
    table: &Value,
    english: &Value,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (Some(table), Some(english)) = (table.as_object(), english.as_object()) else {
        return;
    };
    for key in table.keys() {
        if english.contains_key(key) {
            continue;
        }
        let near = english
            .keys()
            .map(|k| (strsim::levenshtein(k, key), k))
            .filter(|(d, _)| *d <= 2)
            .min();
        if let Some((_, near)) = near {
            let line = text
                .lines()
                .position(|l| l.starts_with(&format!("{key}:")))
                .map_or(0, |i| i as u32 + 1);
            diagnostics.push(
                Diagnostic::warning(
                    Code::UnknownTranslationKey,
                    path,
                    line,
                    1,
                    format!("`{key}` is not a key of the theme's translation table, so no template shows it"),
                )
                .with_help(format!("did you mean `{near}`?")),
            );
        }
    }
}

/// The default theme's tables, embedded in the binary.
fn embedded_tables() -> LayerFiles {
    crate::render::theme::default_i18n_files()
        .into_iter()
        .filter_map(|(name, bytes)| {
            let lang = name.strip_suffix(".yml")?.to_string();
            let text = std::str::from_utf8(bytes).ok()?.to_string();
            Some((lang, format!("(default theme) i18n/{name}"), text))
        })
        .collect()
}

/// The `*.yml` files of a folder (none when it does not exist). `shown` is the folder as
/// diagnostics name it.
fn read_folder(dir: &Path, shown: &str) -> LayerFiles {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: LayerFiles = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().to_string();
            let lang = name
                .strip_suffix(".yml")
                .or_else(|| name.strip_suffix(".yaml"))?
                .to_string();
            let text = std::fs::read_to_string(entry.path()).ok()?;
            Some((lang, format!("{shown}/{name}"), text))
        })
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests;
