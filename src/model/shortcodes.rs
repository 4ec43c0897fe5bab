//! What a page's shortcodes get from the site: the Markdown files that `readfile` / `include`
//! name, and the user's own shortcodes, Tera templates in `templates/shortcodes/NAME.html` (as
//! Zola has them). A template gets each named argument as a variable, the positional ones as
//! `args`, and a paired shortcode's inner text as `inner` (Markdown: write `{{ inner | safe }}`
//! on a line of its own and it is rendered as Markdown).

use super::url;
use crate::load::SourceFile;
use crate::markdown::ShortcodeHost;
use std::collections::BTreeMap;

/// Folder of `templates/` holding the user's shortcodes.
const SHORTCODES_DIR: &str = "shortcodes/";

/// The user's shortcode templates, compiled once per build.
pub struct UserShortcodes {
    tera: Option<tera::Tera>,
    names: BTreeMap<String, String>,
}

impl UserShortcodes {
    /// The shortcodes among the handbook's template overrides (`(name, text)`). A template that
    /// does not compile is reported by the theme (a `template-error`), so here it is just absent.
    pub fn new(templates: &[(String, String)]) -> Self {
        let found: Vec<(String, &str)> = templates
            .iter()
            .filter_map(|(name, text)| {
                let short = name.strip_prefix(SHORTCODES_DIR)?.strip_suffix(".html")?;
                Some((short.to_string(), text.as_str()))
            })
            .collect();
        if found.is_empty() {
            return UserShortcodes {
                tera: None,
                names: BTreeMap::new(),
            };
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        let names: BTreeMap<String, String> = found
            .iter()
            .map(|(short, _)| (short.clone(), format!("{SHORTCODES_DIR}{short}.html")))
            .collect();
        let ok = tera
            .add_raw_templates(
                found
                    .iter()
                    .map(|(short, text)| (names[short].clone(), *text)),
            )
            .is_ok();
        UserShortcodes {
            tera: ok.then_some(tera),
            names,
        }
    }
}

/// The host of one page's shortcodes.
pub struct PageShortcodes<'a> {
    /// The page's folder, for relative `readfile` paths.
    pub folder: &'a str,
    /// `content/` for a Hugo site (its `readfile` paths often start there).
    pub content_dir: &'a str,
    /// Every Markdown file of the handbook.
    pub markdown_files: &'a [SourceFile],
    /// The user's shortcodes.
    pub user: &'a UserShortcodes,
    /// The page is in a Docusaurus docs folder, whose pages are MDX.
    pub mdx: bool,
}

impl ShortcodeHost for PageShortcodes<'_> {
    fn include(&self, path: &str) -> Option<String> {
        let path = path.trim();
        let from_root = path.trim_start_matches('/');
        let from_project = from_root
            .strip_prefix(self.content_dir)
            .map_or(from_root, |p| p.trim_start_matches('/'));
        [
            url::join_relative(self.folder, path),
            url::join_relative("", from_root),
            url::join_relative("", from_project),
        ]
        .into_iter()
        .flatten()
        .find_map(|rel| {
            self.markdown_files
                .iter()
                .find(|f| f.rel_path == rel)
                .map(|f| f.text.clone())
        })
    }

    fn mdx(&self) -> bool {
        self.mdx
    }

    fn has_shortcode(&self, name: &str) -> bool {
        self.user.tera.is_some() && self.user.names.contains_key(name)
    }

    fn shortcode(
        &self,
        name: &str,
        args: &[(Option<String>, String)],
        inner: Option<&str>,
    ) -> Result<String, String> {
        let (Some(tera), Some(template)) = (&self.user.tera, self.user.names.get(name)) else {
            return Err("no such template".to_string());
        };
        let mut ctx = tera::Context::new();
        let positional: Vec<&str> = args
            .iter()
            .filter(|(k, _)| k.is_none())
            .map(|(_, v)| v.as_str())
            .collect();
        ctx.insert("args", &positional);
        for (key, value) in args {
            if let Some(key) = key {
                ctx.insert(key.clone(), value);
            }
        }
        ctx.insert("inner", &inner.unwrap_or_default());
        tera.render(template, &ctx).map_err(|e| {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            message
        })
    }
}
