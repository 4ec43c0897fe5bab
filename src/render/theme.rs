//! The theme: templates and static files. The default theme is embedded in the binary, so an
//! installed `handbook` works anywhere; a handbook overrides any file of it by putting a file at
//! the same relative path under its own `templates/` or `static/` folder (mdBook's model), or
//! picks a whole theme folder with `theme:` in `handbook.yml`.

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Translations;
use crate::load;
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a static file of the theme comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticSource {
    /// Embedded in the binary.
    Embedded(&'static [u8]),
    /// A file on disk (a theme folder's or the handbook's `static/`).
    Disk(PathBuf),
}

/// A loaded theme: its templates ready to render, and its static files.
pub struct Theme {
    /// The compiled templates.
    pub(crate) tera: tera::Tera,
    /// Static files by output path (`assets/style.css`).
    pub static_files: BTreeMap<String, StaticSource>,
    /// Where each template came from, for diagnostics (`templates/page.html`).
    pub template_origin: BTreeMap<String, String>,
    /// The interface strings in every language (see [`crate::i18n`]).
    pub translations: Arc<Translations>,
    /// Problems with the translation tables (each one left out or kept with a warning).
    pub warnings: Vec<Diagnostic>,
    /// Each language's table as a template value, made once: every page of a language shares
    /// it (a table converted for each page cost a fifth of setting a page's variables).
    template_tables: std::sync::Mutex<std::collections::HashMap<String, tera::Value>>,
}

impl Theme {
    /// The translation table of `lang` (see [`Translations::table`]), as the template value `t`.
    pub(crate) fn template_table(&self, lang: &str) -> tera::Value {
        let mut tables = self
            .template_tables
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        tables
            .entry(lang.to_owned())
            .or_insert_with(|| tera::Value::from_serializable(&*self.translations.table(lang)))
            .clone()
    }
}

/// The embedded default theme's templates: (name, text).
pub(crate) fn default_templates() -> Vec<(String, String)> {
    files_under(&DEFAULT_THEME, "templates")
        .into_iter()
        .filter_map(|(name, bytes)| {
            std::str::from_utf8(bytes)
                .ok()
                .map(|t| (name, t.to_string()))
        })
        .collect()
}

/// The embedded default theme's translation tables: (`ja.yml`, bytes).
pub(crate) fn default_i18n_files() -> Vec<(String, &'static [u8])> {
    files_under(&DEFAULT_THEME, crate::i18n::I18N_DIR)
}

/// The embedded default theme's static files: (output path, bytes).
pub(crate) fn default_static_files() -> Vec<(String, &'static [u8])> {
    files_under(&DEFAULT_THEME, "static")
}

fn files_under(dir: &'static Dir<'static>, prefix: &str) -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
        for file in dir.files() {
            out.push((
                file.path().to_string_lossy().replace('\\', "/"),
                file.contents(),
            ));
        }
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    if let Some(sub) = dir.get_dir(prefix) {
        walk(sub, &mut out);
    }
    let strip = format!("{prefix}/");
    let mut out: Vec<_> = out
        .into_iter()
        .map(|(p, b)| (p.strip_prefix(&strip).unwrap_or(&p).to_string(), b))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Loads the theme for a handbook at `root`: the default, then the `theme:` folder, then the
/// handbook's own `templates/` and `static/`, each layer overriding files of the one before.
pub(crate) fn load_theme(
    root: &Path,
    theme_dir: Option<&str>,
    overrides: &[(String, String)],
    static_overrides: &[load::AssetFile],
) -> Result<Theme, Vec<Diagnostic>> {
    let mut templates: BTreeMap<String, (String, String)> = default_templates()
        .into_iter()
        .map(|(name, text)| {
            (
                name.clone(),
                (format!("(default theme) templates/{name}"), text),
            )
        })
        .collect();
    let mut static_files: BTreeMap<String, StaticSource> = default_static_files()
        .into_iter()
        .map(|(path, bytes)| (path, StaticSource::Embedded(bytes)))
        .collect();
    let mut diagnostics = Vec::new();

    if let Some(theme) = theme_dir {
        let dir = root.join(theme);
        if !dir.is_dir() {
            diagnostics.push(
                Diagnostic::error(Code::InvalidConfig, crate::config::CONFIG_FILE, 0, 0, format!("theme folder `{theme}` does not exist"))
                    .with_help("`theme:` names a folder, relative to the handbook, holding `templates/` and `static/`"),
            );
            return Err(diagnostics);
        }
        match load::read_templates(&dir.join("templates")) {
            Ok(list) => {
                for (name, text) in list {
                    templates.insert(name.clone(), (format!("{theme}/templates/{name}"), text));
                }
            }
            Err(e) => diagnostics.push(Diagnostic::error(
                Code::UnreadableFile,
                theme,
                0,
                0,
                format!("{e:#}"),
            )),
        }
        match load::list_files(&dir.join("static")) {
            Ok(list) => {
                for (path, abs) in list {
                    static_files.insert(path, StaticSource::Disk(abs));
                }
            }
            Err(e) => diagnostics.push(Diagnostic::error(
                Code::UnreadableFile,
                theme,
                0,
                0,
                format!("{e:#}"),
            )),
        }
    }
    for (name, text) in overrides {
        templates.insert(
            name.clone(),
            (format!("{}/{name}", load::TEMPLATES_DIR), text.clone()),
        );
    }
    for asset in static_overrides {
        static_files.insert(
            asset.rel_path.clone(),
            StaticSource::Disk(asset.abs_path.clone()),
        );
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }

    let (translations, warnings) = Translations::load(root, theme_dir);
    let translations = Arc::new(translations);
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    register_local_date(&mut tera, translations.clone());
    let template_origin: BTreeMap<String, String> = templates
        .iter()
        .map(|(n, (origin, _))| (n.clone(), origin.clone()))
        .collect();
    let sources: Vec<(String, String)> = templates
        .into_iter()
        .map(|(n, (_, text))| (n, text))
        .collect();
    if let Err(err) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        return Err(vec![template_diagnostic(&err, &template_origin)]);
    }
    Ok(Theme {
        tera,
        static_files,
        template_origin,
        translations,
        warnings,
        template_tables: Default::default(),
    })
}

/// `{{ page.reviewed | local_date }}`: a `YYYY-MM-DD` date as the page's language writes it
/// (the language is the template variable `lang`; English when it is not set).
fn register_local_date(tera: &mut tera::Tera, translations: Arc<Translations>) {
    tera.register_filter(
        "local_date",
        move |date: &str, _: tera::Kwargs, state: &tera::State<'_>| -> String {
            let lang: Option<String> = state.get("lang").ok().flatten();
            translations.format_date(lang.as_deref().unwrap_or(crate::i18n::FALLBACK), date)
        },
    );
}

/// A Tera error as a diagnostic at the template's file and line.
pub(crate) fn template_diagnostic(
    err: &tera::Error,
    origin: &BTreeMap<String, String>,
) -> Diagnostic {
    let (file, line, column, message) = match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let file = origin
                .get(report.filename())
                .cloned()
                .unwrap_or_else(|| report.filename().to_string());
            (
                file,
                report.span().start_line as u32,
                report.span().start_col as u32 + 1,
                report.message().to_string(),
            )
        }
        _ => {
            let mut message = err.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            (String::new(), 0, 0, message)
        }
    };
    Diagnostic::error(
        Code::TemplateError,
        &file,
        line,
        column,
        format!("template error: {}", message.trim()),
    )
    .with_help("fix the template; the variables templates can use are listed in the README")
}
