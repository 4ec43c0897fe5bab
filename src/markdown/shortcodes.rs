//! Hugo shortcodes, `{{< name args >}}` and `{{% name args %}}`, paired (`{{< /name >}}`) or
//! not: Hugo's built-ins and Docsy's common ones become the Markdown or HTML they stand for; an
//! unknown one loses its tags and keeps its content, and is reported once per name. A shortcode
//! is never printed raw, so neither the page nor its description shows `{{<`.
//!
//! Liquid, as Jekyll and Eleventy pages carry it, is read the same way: a tag `{% name args %}`
//! (paired with `{% endname %}`) is a shortcode of another spelling, and an output
//! `{{ site.baseurl }}` or `{{ '/path/' | relative_url }}` is the path it stands for. Only outputs
//! that are plainly Liquid count (a quoted path, or a variable of `site`, `page`, `include`,
//! `layout` or `jekyll`), so `{{ .Title }}`, `{{name}}` and other braces in prose stay text.

use super::admonitions;
use super::escape_attr;
use super::escape_text;

/// How a tag is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// `{{< name >}}`, `{{% name %}}`.
    Hugo,
    /// `{% name %}`, `{% endname %}`.
    Liquid,
    /// `{{ expression }}`; the expression is in [`Tag::text`].
    LiquidOutput,
}

/// One shortcode tag in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag {
    /// How it is written.
    pub syntax: Syntax,
    /// Byte range of the whole tag in the scanned text.
    pub range: std::ops::Range<usize>,
    /// The shortcode's name (`alert`, `ref`).
    pub name: String,
    /// `{{< /name >}}`.
    pub closing: bool,
    /// `{{</* name */>}}`: shown as written (documentation about shortcodes).
    pub escaped: bool,
    /// Arguments: (`Some(key)` for `key="value"`, value).
    pub args: Vec<(Option<String>, String)>,
    /// The tag's text, for an escaped tag; the expression of a Liquid output.
    pub text: String,
}

impl Tag {
    /// A named argument, else the positional one at `index`.
    pub(crate) fn arg(&self, key: &str, index: usize) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k.as_deref() == Some(key))
            .or_else(|| self.args.iter().filter(|(k, _)| k.is_none()).nth(index))
            .map(|(_, v)| v.as_str())
    }

    fn named(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k.as_deref() == Some(key))
            .map(|(_, v)| v.as_str())
    }
}

/// What a tag is written as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Replacement {
    /// Text in the flow of the line (a link's destination, a Markdown image).
    Inline(String),
    /// A block of its own (raw HTML or a code fence line).
    Block(String),
}

/// Every shortcode tag in `text`, in order: Hugo's, and Liquid's tags and outputs.
pub(crate) fn find_tags(text: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find('{').map(|i| i + from) {
        let rest = &text[i..];
        if rest.starts_with("{%") {
            match liquid_tag(text, i) {
                Some(tag) => {
                    from = tag.range.end;
                    tags.push(tag);
                }
                None => from = i + 2,
            }
            continue;
        }
        if !rest.starts_with("{{") {
            from = i + 1;
            continue;
        }
        let Some(kind) = text[i + 2..]
            .chars()
            .next()
            .filter(|c| *c == '<' || *c == '%')
        else {
            match liquid_output(text, i) {
                Some(tag) => {
                    from = tag.range.end;
                    tags.push(tag);
                }
                None => from = i + 2,
            }
            continue;
        };
        let close = if kind == '<' { ">}}" } else { "%}}" };
        let Some(end) = find_close(text, i + 3, close) else {
            from = i + 3;
            continue;
        };
        let inner = text[i + 3..end].trim();
        let (escaped, inner) = match inner.strip_prefix("/*").and_then(|s| s.strip_suffix("*/")) {
            Some(s) => (true, s.trim()),
            None => (false, inner),
        };
        let (closing, inner) = match inner.strip_prefix('/') {
            Some(s) => (true, s.trim_start()),
            None => (false, inner),
        };
        let inner = inner.strip_suffix('/').unwrap_or(inner).trim_end();
        let mut tokens = tokenize(inner).into_iter();
        let Some((None, name)) = tokens.next() else {
            from = i + 3;
            continue;
        };
        let full_end = end + close.len();
        let text_of = if escaped {
            let open = format!("{{{{{kind}");
            format!("{open} {} {}", inner, close)
        } else {
            String::new()
        };
        tags.push(Tag {
            syntax: Syntax::Hugo,
            range: i..full_end,
            name,
            closing,
            escaped,
            args: tokens.collect(),
            text: text_of,
        });
        from = full_end;
    }
    tags
}

/// The Liquid tag `{% name args %}` (or `{%- … -%}`) starting at `i`; `{% endname %}` closes
/// `name`.
fn liquid_tag(text: &str, i: usize) -> Option<Tag> {
    let end = find_close(text, i + 2, "%}")?;
    let inner = text[i + 2..end].trim();
    let inner = inner.strip_prefix('-').unwrap_or(inner);
    let inner = inner.strip_suffix('-').unwrap_or(inner).trim();
    // Eleventy separates a shortcode's arguments with commas.
    let mut tokens = tokenize(&commas_as_spaces(inner)).into_iter();
    let Some((None, word)) = tokens.next() else {
        return None;
    };
    if !word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        || !word.starts_with(|c: char| c.is_ascii_alphabetic())
    {
        return None;
    }
    let (closing, name) = match word.strip_prefix("end") {
        Some(name) if !name.is_empty() => (true, name.to_string()),
        _ => (false, word),
    };
    Some(Tag {
        syntax: Syntax::Liquid,
        range: i..end + 2,
        name,
        closing,
        escaped: false,
        args: tokens.collect(),
        text: String::new(),
    })
}

/// `a, "b, c"` -> `a  "b, c"`: commas outside quotes become spaces.
fn commas_as_spaces(s: &str) -> String {
    let mut quote = None;
    s.chars()
        .map(|c| match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                c
            }
            (Some(q), _) if c == q => {
                quote = None;
                c
            }
            (None, ',') => ' ',
            _ => c,
        })
        .collect()
}

/// The Liquid output `{{ expression }}` starting at `i`, when it is plainly Liquid (see the
/// module comment).
fn liquid_output(text: &str, i: usize) -> Option<Tag> {
    let end = find_close(text, i + 2, "}}")?;
    let inner = text[i + 2..end].trim();
    let inner = inner.strip_prefix('-').unwrap_or(inner);
    let inner = inner.strip_suffix('-').unwrap_or(inner).trim();
    let base = inner.split('|').next().unwrap_or_default().trim();
    let quoted = unquote(base).is_some();
    let variable = !base.is_empty()
        && base
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && (["site.", "page.", "include.", "layout.", "jekyll."]
            .iter()
            .any(|p| base.starts_with(p))
            || is_base_url(base));
    if !quoted && !variable {
        return None;
    }
    Some(Tag {
        syntax: Syntax::LiquidOutput,
        range: i..end + 2,
        name: base.to_string(),
        closing: false,
        escaped: false,
        args: Vec::new(),
        text: inner.to_string(),
    })
}

/// The text of a Liquid string literal (`'/a/'`, `"/a/"`).
fn unquote(s: &str) -> Option<&str> {
    ['\'', '"']
        .iter()
        .find_map(|&q| s.strip_prefix(q)?.strip_suffix(q))
}

/// `site.baseurl`, `site.base_url`, `site.url` and their misspellings: the site's prefix,
/// which on this site is its root.
fn is_base_url(variable: &str) -> bool {
    let last = variable.rsplit('.').next().unwrap_or(variable);
    matches!(last, "baseurl" | "base_url" | "baseURL") || variable == "site.url"
}

/// What a Liquid output stands for: a quoted path or the base URL, through the URL filters
/// (`relative_url`, `absolute_url`, `prepend`, `append`); `None` for a variable this site does
/// not have.
/// Whether `tag` outputs a quoted string and nothing else (`{{ "{%include%}" }}`): Liquid's way
/// to show its own braces, which Jekyll and Eleventy evaluate inside code spans too.
pub(crate) fn is_literal_output(tag: &Tag) -> bool {
    tag.syntax == Syntax::LiquidOutput && !tag.escaped && unquote(tag.text.trim()).is_some()
}

fn evaluate_output(expression: &str) -> Option<String> {
    let mut parts = expression.split('|').map(str::trim);
    let base = parts.next()?;
    let value_of = |operand: &str| -> Option<String> {
        let operand = operand.trim();
        match unquote(operand) {
            Some(literal) => Some(literal.to_string()),
            None => is_base_url(operand).then(String::new),
        }
    };
    let mut value = value_of(base)?;
    for filter in parts {
        let (name, argument) = filter
            .split_once(':')
            .map_or((filter, ""), |(n, a)| (n.trim(), a.trim()));
        match name {
            "relative_url" | "absolute_url" | "url" if !value.starts_with('/') => {
                value.insert(0, '/')
            }
            "prepend" => value.insert_str(0, &value_of(argument)?),
            "append" => value.push_str(&value_of(argument)?),
            // Other filters (`escape`, `markdownify`) leave a path as it is.
            _ => {}
        }
    }
    Some(value)
}

/// The start of the closing `>}}` (or `%}}`), skipping quoted strings.
fn find_close(text: &str, from: usize, close: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    let mut quote = None;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'`' => quote = Some(c),
            None if text[i..].starts_with(close) => return Some(i),
            None if c == b'\n' && text[i + 1..].starts_with('\n') => return None,
            None => {}
        }
        i += 1;
    }
    None
}

/// `ref "a.md"`, `alert title="Careful" color=warning` -> (key, value) tokens.
fn tokenize(s: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut key = None;
        let mut value = String::new();
        if c == '"' || c == '`' {
            chars.next();
            value = read_quoted(&mut chars, c);
        } else {
            let mut word = String::new();
            while let Some(&(_, c)) = chars.peek() {
                if c.is_whitespace() || c == '=' {
                    break;
                }
                word.push(c);
                chars.next();
            }
            if chars.peek().map(|&(_, c)| c) == Some('=') {
                chars.next();
                key = Some(word);
                match chars.peek().map(|&(_, c)| c) {
                    Some(q @ ('"' | '`')) => {
                        chars.next();
                        value = read_quoted(&mut chars, q);
                    }
                    _ => {
                        while let Some(&(_, c)) = chars.peek() {
                            if c.is_whitespace() {
                                break;
                            }
                            value.push(c);
                            chars.next();
                        }
                    }
                }
            } else {
                value = word;
            }
        }
        let _ = start;
        out.push((key, value));
    }
    out
}

fn read_quoted(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, quote: char) -> String {
    let mut value = String::new();
    while let Some((_, c)) = chars.next() {
        if c == quote {
            break;
        }
        if c == '\\' && quote == '"' {
            if let Some((_, next)) = chars.next() {
                value.push(next);
            }
            continue;
        }
        value.push(c);
    }
    value
}

/// Names this module knows, for the help of an unknown one.
/// The start of a set of tabs (Docsy's `tabpane`, MDX's `<Tabs>`), closed by `</div>`.
pub(crate) const TABPANE_OPEN: &str = "<div class=\"tabpane\">\n\n";
/// The end of one tab.
pub(crate) const TAB_CLOSE: &str = "\n</section>\n\n";

/// The start of one tab named `header` (Docsy's `tab`, MDX's `<TabItem>`).
pub(crate) fn tab_open(header: &str) -> String {
    format!(
        "<section class=\"tab\" aria-label=\"{}\"><p class=\"tab-title\"><strong>{}</strong></p>\n\n",
        escape_attr(header),
        escape_text(header)
    )
}

pub(crate) const KNOWN: &str = "Hugo's `ref`, `relref`, `figure`, `highlight`, `details`, `youtube`, `vimeo`, Docsy's `alert`, `pageinfo`, `tabpane`, `tab`, `readfile`, `include`, hugo-book's, Hextra's and Relearn's `hint`, `callout`, `notice`, `expand`, `tabs`, and GitBook's `hint`, `tabs`, `embed`, `file`, `code`, `content-ref`";

/// What `tag` is written as; `None` for an unknown shortcode (its tags are dropped).
pub(crate) fn replace(tag: &Tag) -> Option<Replacement> {
    use Replacement::{Block, Inline};
    if tag.escaped {
        return Some(Inline(tag.text.clone()));
    }
    if tag.syntax == Syntax::LiquidOutput {
        return evaluate_output(&tag.text).map(Inline);
    }
    if tag.syntax == Syntax::Liquid {
        let path = tag.arg("path", 0).unwrap_or_default();
        match (tag.name.as_str(), tag.closing) {
            // Jekyll's `link` names a file from the site's root; `post_url` a post's name.
            ("link", false) if path.contains("://") => return Some(Inline(path.to_string())),
            ("link", false) => return Some(Inline(format!("/{}", path.trim_start_matches('/')))),
            ("post_url", false) => return Some(Inline(format!("/_posts/{path}"))),
            // jekyll-toc.
            ("toc", false) => return Some(Block(format!("{}\n", super::prepare::TOC_MARKER))),
            // GitBook's blocks, as its Git Sync writes them.
            // An embedded page or video: a link to it (the site loads nothing from other hosts).
            ("embed", false) if let Some(url) = tag.named("url").filter(|u| !u.is_empty()) => {
                return Some(Block(format!("<{url}>\n\n")));
            }
            ("file", false) if let Some(src) = tag.named("src").filter(|s| !s.is_empty()) => {
                let name = crate::load::rel_path::file_name(src);
                return Some(Block(format!("[{}](<{src}>)\n\n", escape_text(name))));
            }
            ("code", false) => {
                // A figure with or without a title, so that `{% endcode %}` always closes one.
                let caption = tag.named("title").map_or(String::new(), |title| {
                    format!(
                        "<figcaption class=\"code-title\">{}</figcaption>",
                        escape_text(title)
                    )
                });
                return Some(Block(format!("<figure class=\"code-block\">{caption}\n\n")));
            }
            ("code", true) => {
                return Some(Block("\n</figure>\n\n".to_string()));
            }
            // Tags whose content says it all: a content reference is its link, steps and
            // columns are read one after another.
            ("embed" | "file" | "content-ref" | "stepper" | "step" | "columns" | "column", _) => {
                return Some(Inline(String::new()));
            }
            // Eleventy's image shortcode: source (from the project's root), then alternative
            // text.
            ("image", false) => {
                let alt = tag.arg("alt", 1).unwrap_or_default();
                let src = match path.strip_prefix("./") {
                    Some(rest) => format!("/{rest}"),
                    None if path.starts_with(['/', '.']) || path.contains("://") => {
                        path.to_string()
                    }
                    None => format!("/{path}"),
                };
                return Some(Block(format!("![{}](<{src}>)\n", escape_text(alt))));
            }
            _ => {}
        }
    }
    let r = match (tag.name.as_str(), tag.closing) {
        ("ref" | "relref", false) => Inline(tag.arg("path", 0).unwrap_or_default().to_string()),
        ("figure", false) => {
            let src = tag.named("src").unwrap_or_default();
            let alt = tag
                .named("alt")
                .or_else(|| tag.named("caption"))
                .or_else(|| tag.named("title"))
                .unwrap_or_default();
            let mut md = format!("![{}](<{src}>)", escape_text(alt));
            if let Some(caption) = tag
                .named("caption")
                .filter(|c| Some(*c) != tag.named("alt"))
            {
                md.push_str(&format!("\n\n*{}*", escape_text(caption)));
            }
            Block(format!("{md}\n"))
        }
        ("highlight", false) => Block(format!("```{}\n", tag.arg("lang", 0).unwrap_or_default())),
        ("highlight", true) => Block("```\n".to_string()),
        ("details", false) => Block(format!(
            "<details{}><summary>{}</summary>\n\n",
            if tag.named("open").is_some_and(|o| o == "true") {
                " open"
            } else {
                ""
            },
            escape_text(tag.arg("summary", 0).unwrap_or("Details"))
        )),
        ("details", true) => Block("\n</details>\n\n".to_string()),
        ("youtube", false) => {
            let id = tag.arg("id", 0).unwrap_or_default();
            Inline(format!(
                "[YouTube video](https://www.youtube.com/watch?v={id})"
            ))
        }
        ("vimeo", false) => {
            let id = tag.arg("id", 0).unwrap_or_default();
            Inline(format!("[Vimeo video](https://vimeo.com/{id})"))
        }
        ("alert", false) => {
            let color = tag.named("color").unwrap_or("primary");
            let kind = match color {
                "success" => "tip",
                "warning" => "warning",
                "danger" => "caution",
                _ => "note",
            };
            // Docsy names the title; Eleventy and Jekyll alerts pass it first.
            let title = tag
                .arg("title", 0)
                .map(String::from)
                .unwrap_or_else(|| admonitions::default_title(kind));
            Block(admonitions::open(kind, &title))
        }
        // GitBook's `{% hint style="info" %}`, hugo-book's `{{< hint warning >}}`, Hextra's
        // `{{< callout type="info" >}}`, Relearn's `{{% notice tip %}}`.
        ("hint" | "callout" | "notice", false) => {
            let style = tag
                .named("type")
                .or_else(|| tag.arg("style", 0))
                .unwrap_or("info");
            let kind = match style {
                "success" | "tip" => "tip",
                "warning" => "warning",
                "important" => "important",
                "danger" | "error" | "caution" => "caution",
                _ => "note",
            };
            let title = tag
                .arg("title", 1)
                .map(String::from)
                .unwrap_or_else(|| admonitions::default_title(kind));
            Block(admonitions::open(kind, &title))
        }
        // Relearn's and Learn's collapsible block.
        ("expand", false) => Block(format!(
            "<details><summary>{}</summary>\n\n",
            escape_text(tag.arg("title", 0).unwrap_or("Expand me..."))
        )),
        ("expand", true) => Block("\n</details>\n\n".to_string()),
        ("alert" | "pageinfo" | "tabpane" | "tabs" | "hint" | "callout" | "notice", true) => {
            Block("\n</div>\n\n".to_string())
        }
        // GitBook's `{% tabs %}`, hugo-book's and Hextra's `{{< tabs >}}`.
        ("tabs", false) => Block(TABPANE_OPEN.to_string()),
        ("pageinfo", false) => {
            Block("<div class=\"callout callout-note pageinfo\" role=\"note\">\n\n".to_string())
        }
        ("tabpane", false) => Block(TABPANE_OPEN.to_string()),
        ("tab", false) => Block(tab_open(
            tag.arg("header", 0)
                .or_else(|| tag.named("title"))
                .or_else(|| tag.named("name"))
                .unwrap_or("Tab"),
        )),
        ("tab", true) => Block(TAB_CLOSE.to_string()),
        // Closing tags of shortcodes that have none of their own (`{{< /figure >}}`).
        ("ref" | "relref" | "figure" | "youtube" | "vimeo", true) => Inline(String::new()),
        _ => return None,
    };
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_arguments() {
        let tags = find_tags(
            r#"See {{< ref "guide/a.md#x" >}} and {{% alert title="Be \"careful\"" color=warning %}}x{{% /alert %}}"#,
        );
        assert_eq!(tags.len(), 3);
        assert_eq!(tags[0].name, "ref");
        assert_eq!(tags[0].args, vec![(None, "guide/a.md#x".to_string())]);
        assert_eq!(tags[1].named("title"), Some("Be \"careful\""));
        assert_eq!(tags[1].named("color"), Some("warning"));
        assert!(tags[2].closing);
        let escaped = find_tags("{{</* myshortcode */>}}");
        assert!(escaped[0].escaped);
        assert_eq!(
            replace(&escaped[0]),
            Some(Replacement::Inline("{{< myshortcode >}}".to_string()))
        );
    }

    #[test]
    fn theme_callouts_and_tabs_are_read_whichever_theme_wrote_them() {
        let open = |text: &str| match replace(&find_tags(text)[0]) {
            Some(Replacement::Block(html)) => html,
            other => panic!("{text}: {other:?}"),
        };
        // hugo-book, Hextra, Relearn (with a title), GitBook.
        assert!(open("{{< hint warning >}}").contains("callout-warning"));
        assert!(open("{{< callout type=\"error\" >}}").contains("callout-caution"));
        let notice = open("{{% notice tip \"Before you start\" %}}");
        assert!(notice.contains("callout-tip") && notice.contains("Before you start"));
        assert!(open("{% hint style=\"success\" %}").contains("callout-tip"));
        assert!(open("{{< callout emoji=\"💡\" >}}").contains("callout-note"));
        assert_eq!(open("{{< /hint >}}"), "\n</div>\n\n");
        assert_eq!(open("{{< tabs \"install\" >}}"), TABPANE_OPEN);
        assert!(open("{{< tab \"macOS\" >}}").contains("aria-label=\"macOS\""));
        assert!(open("{% tab title=\"Linux\" %}").contains("aria-label=\"Linux\""));
        assert!(open("{{% expand \"Details\" %}}").starts_with("<details><summary>Details"));
    }

    #[test]
    fn not_shortcodes() {
        assert!(find_tags("{{ .Title }} and {{< unclosed").is_empty());
        assert!(find_tags("{{generator:reporting_structure.vp_sales}}").is_empty());
    }

    #[test]
    fn built_ins() {
        let one = |s: &str| replace(&find_tags(s)[0]);
        assert_eq!(
            one(r#"{{< relref "/guide/a" >}}"#),
            Some(Replacement::Inline("/guide/a".into()))
        );
        assert_eq!(
            one("{{< youtube w7Ft2ymGmfc >}}"),
            Some(Replacement::Inline(
                "[YouTube video](https://www.youtube.com/watch?v=w7Ft2ymGmfc)".into()
            ))
        );
        assert!(
            matches!(one(r#"{{< alert color="warning" >}}"#), Some(Replacement::Block(h)) if h.contains("callout-warning") && h.contains(">Warning</p>"))
        );
        assert_eq!(
            one("{{< highlight go >}}"),
            Some(Replacement::Block("```go\n".into()))
        );
        assert_eq!(one("{{< param description >}}"), None);
    }

    #[test]
    fn liquid_tags_and_outputs() {
        let tags = find_tags(
            r#"{% include note.html content="a, b" %} {%- endhighlight -%} {% image "x.png", "A cat" %} {{ site.baseurl }} {{ "/a/" | relative_url }}"#,
        );
        let names: Vec<(&str, bool, Syntax)> = tags
            .iter()
            .map(|t| (t.name.as_str(), t.closing, t.syntax))
            .collect();
        assert_eq!(
            names,
            [
                ("include", false, Syntax::Liquid),
                ("highlight", true, Syntax::Liquid),
                ("image", false, Syntax::Liquid),
                ("site.baseurl", false, Syntax::LiquidOutput),
                ("\"/a/\"", false, Syntax::LiquidOutput),
            ]
        );
        assert_eq!(tags[0].arg("content", 9), Some("a, b"));
        assert_eq!(tags[2].arg("alt", 1), Some("A cat"));
        let one = |s: &str| replace(&find_tags(s)[0]);
        assert_eq!(
            one("{{ site.baseurl }}"),
            Some(Replacement::Inline(String::new()))
        );
        assert_eq!(
            one("{{ 'guide/' | prepend: site.baseurl | absolute_url }}"),
            Some(Replacement::Inline("/guide/".into()))
        );
        assert_eq!(one("{{ page.title }}"), None);
        assert_eq!(
            one("{% link _posts/2024-01-01-hello.md %}"),
            Some(Replacement::Inline("/_posts/2024-01-01-hello.md".into()))
        );
        assert_eq!(
            one(r#"{% link "https://example.org/" %}"#),
            Some(Replacement::Inline("https://example.org/".into()))
        );
        assert_eq!(
            one(r#"{% image "./img/cat.png" "A cat" %}"#),
            Some(Replacement::Block("![A cat](</img/cat.png>)\n".into()))
        );
    }
}
