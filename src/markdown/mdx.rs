//! MDX as a Docusaurus docs folder writes it, read without running it: the module lines
//! (`import Tabs from '@theme/Tabs';`, `export const x = …`) and `{/* comments */}` are left
//! out, and JSX components become what handbook shows for them: `<Tabs>`/`<TabItem>` the tabs of
//! Hugo's `tabpane`/`tab`, `<Admonition>` a callout; any other component (a capitalised tag)
//! loses its tags and keeps its content. Lowercase tags (`<details>`, `<summary>`) are HTML and
//! stay as they are.

use super::Notice;
use super::admonitions;
use crate::diagnostic::Code;
use crate::load::foreign::eleventy::string_value;
use std::borrow::Cow;
use std::ops::Range;

/// `body` with its top-level module lines and `{/* … */}` comments turned into spaces (line
/// breaks kept), so that every offset still points at the author's text; code fences untouched.
pub(crate) fn blank_module_lines(body: &str) -> Cow<'_, str> {
    let ranges = hidden_ranges(body);
    if ranges.is_empty() {
        return Cow::Borrowed(body);
    }
    let mut bytes = body.as_bytes().to_vec();
    for r in ranges {
        for b in &mut bytes[r] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Whole characters were replaced (ranges start and end at ASCII), so this cannot fail.
    String::from_utf8(bytes).map_or(Cow::Borrowed(body), Cow::Owned)
}

/// The ranges [`blank_module_lines`] blanks.
fn hidden_ranges(body: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    // Open braces and parentheses of a module statement that goes on to later lines.
    let mut statement_depth: Option<i32> = None;
    let mut comment_from: Option<usize> = None;
    // Module lines follow each other without blank lines between them.
    let mut previous_was_module = false;
    let mut start = 0;
    while start < body.len() {
        let end = body[start..]
            .find('\n')
            .map_or(body.len(), |i| start + i + 1);
        let line = &body[start..end];
        let trimmed = line.trim();
        if let Some(from) = comment_from {
            if let Some(i) = line.find("*/}") {
                ranges.push(from..start + i + 3);
                comment_from = None;
            }
            start = end;
            continue;
        }
        if let Some(depth) = statement_depth {
            ranges.push(start..end);
            let depth = depth + bracket_balance(line);
            statement_depth = (depth > 0).then_some(depth);
            previous_was_module = true;
            start = end;
            continue;
        }
        if let Some((c, n)) = fence {
            let run = trimmed.bytes().take_while(|&b| b == c).count();
            if run >= n && trimmed.bytes().all(|b| b == c) {
                fence = None;
            }
            start = end;
            continue;
        }
        if let Some(c) = trimmed.bytes().next().filter(|&b| b == b'`' || b == b'~') {
            let run = trimmed.bytes().take_while(|&b| b == c).count();
            if run >= 3 {
                fence = Some((c, run));
                start = end;
                continue;
            }
        }
        // ESM is only read unindented at the start of a block: a line of a paragraph that
        // starts with "import" is prose.
        let before = body[..start].strip_suffix('\n').unwrap_or_default();
        let block_start = start == 0
            || previous_was_module
            || before
                .rsplit('\n')
                .next()
                .is_some_and(|l| l.trim().is_empty());
        previous_was_module = false;
        if block_start
            && (line.starts_with("import ")
                || line.starts_with("import{")
                || line.starts_with("export "))
        {
            previous_was_module = true;
            ranges.push(start..end);
            let depth = bracket_balance(line);
            // `import {` … `} from '…'` over several lines.
            statement_depth = (depth > 0).then_some(depth);
            start = end;
            continue;
        }
        let mut at = 0;
        while let Some(i) = line[at..].find("{/*") {
            let from = at + i;
            match line[from..].find("*/}") {
                Some(j) => {
                    ranges.push(start + from..start + from + j + 3);
                    at = from + j + 3;
                }
                None => {
                    comment_from = Some(start + from);
                    break;
                }
            }
        }
        start = end;
    }
    if let Some(from) = comment_from {
        ranges.push(from..body.len());
    }
    ranges
}

/// Opened minus closed braces and parentheses of a line (quotes not read: module lines rarely
/// hold braces in strings).
fn bracket_balance(line: &str) -> i32 {
    line.bytes()
        .map(|b| match b {
            b'{' | b'(' | b'[' => 1,
            b'}' | b')' | b']' => -1,
            _ => 0,
        })
        .sum()
}

/// A JSX tag of a component found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsxTag {
    /// Where the tag is in the line.
    pub range: Range<usize>,
    /// `Tabs`, `TabItem`, `Admonition`, `Foo.Bar`.
    pub name: String,
    /// `</Name>`.
    pub closing: bool,
    /// `<Name />`.
    pub self_closing: bool,
    /// Attributes with a string value (`label="Linux"`, `title={'x'}`); a bare attribute
    /// (`default`) has an empty value; computed values are left out.
    pub attributes: Vec<(String, String)>,
    /// Attributes with a computed value, as written inside the braces (`values={[…]}`).
    pub expressions: Vec<(String, String)>,
}

impl JsxTag {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the tag opens or closes a block that holds Markdown (not `<Foo />`).
    pub(crate) fn is_block(&self) -> bool {
        !self.self_closing
    }
}

/// The components open in a page, for what a tag means in its place: the labels a `<Tabs>`
/// gives its `<TabItem>`s (Docusaurus 1's `values={[{ label: 'Apple', value: 'apple' }]}`).
#[derive(Debug, Default)]
pub(crate) struct Components {
    /// (value, label) of each open `<Tabs>`, innermost last.
    tab_labels: Vec<Vec<(String, String)>>,
}

impl Components {
    /// What handbook writes for a tag: the HTML of a known component, or `None` for one it
    /// does not know (its tag is left out and its content kept).
    pub(crate) fn html_of(&mut self, tag: &JsxTag) -> Option<String> {
        let html = match (tag.name.as_str(), tag.closing) {
            ("Tabs", false) => {
                if !tag.self_closing {
                    self.tab_labels.push(tab_values(tag));
                }
                super::shortcodes::TABPANE_OPEN.to_string()
            }
            ("Tabs", true) => {
                self.tab_labels.pop();
                "\n</div>\n\n".to_string()
            }
            ("Admonition", true) => "\n</div>\n\n".to_string(),
            ("TabItem", false) => {
                let value = tag.attribute("value");
                let from_tabs = self.tab_labels.last().and_then(|labels| {
                    labels
                        .iter()
                        .find(|(v, _)| Some(v.as_str()) == value)
                        .map(|(_, l)| l.as_str())
                });
                let label = tag
                    .attribute("label")
                    .or(from_tabs)
                    .or(value)
                    .filter(|l| !l.is_empty())
                    .unwrap_or("Tab");
                super::shortcodes::tab_open(label)
            }
            ("TabItem", true) => super::shortcodes::TAB_CLOSE.to_string(),
            ("Admonition", false) => {
                let kind = tag.attribute("type").unwrap_or("note");
                let title = tag
                    .attribute("title")
                    .map(String::from)
                    .unwrap_or_else(|| admonitions::default_title(kind));
                admonitions::open(admonitions::kind_of(kind), &title)
            }
            _ => return None,
        };
        Some(html)
    }
}

/// The (value, label) pairs of a `<Tabs values={[{ label: 'A', value: 'a' }, …]}>`.
fn tab_values(tag: &JsxTag) -> Vec<(String, String)> {
    let Some((_, values)) = tag.expressions.iter().find(|(k, _)| k == "values") else {
        return Vec::new();
    };
    let field = |object: &str, key: &str| {
        object
            .match_indices(key)
            .find_map(|(at, _)| string_value(&object[at + key.len()..]))
            .map(String::from)
    };
    values
        .split('}')
        .filter_map(|object| Some((field(object, "value")?, field(object, "label")?)))
        .collect()
}

/// When the line `body[start..line_end]` opens a component tag that closes on a later line
/// (`<Tabs` then its attributes, one a line), the end of that later line. A tag does not span a
/// blank line, nor more than a few lines.
pub(crate) fn tag_end(body: &str, start: usize, line_end: usize) -> Option<usize> {
    let line = &body[start..line_end];
    let open = line.match_indices('<').map(|(i, _)| i).find(|&i| {
        let rest = line[i + 1..].trim_start_matches('/');
        rest.starts_with(|c: char| c.is_ascii_uppercase()) && parse_tag(&line[i..]).is_none()
    })?;
    let mut end = line_end;
    for _ in 0..MAX_TAG_LINES {
        let next = body[end..].find('\n').map_or(body.len(), |i| end + i + 1);
        if next == end || body[end..next].trim().is_empty() {
            return None;
        }
        end = next;
        if parse_tag(&body[start + open..end]).is_some() {
            return Some(end);
        }
    }
    None
}

/// How many lines a component's tag may span.
const MAX_TAG_LINES: usize = 30;

/// The notice for a component handbook does not know (said once per site, with the count).
pub(crate) fn unknown(tag: &JsxTag, at: usize) -> Notice {
    Notice {
        offset: at,
        code: Code::UnknownShortcode,
        message: format!(
            "unknown MDX component `<{}>`: its tags are left out and its content kept",
            tag.name
        ),
        help: "handbook reads Docusaurus' `<Tabs>`, `<TabItem>` and `<Admonition>`; write the others' content in Markdown or HTML".to_string(),
    }
}

/// The JSX component tags of a line, outside its code spans (`skip`).
pub(crate) fn find_tags(line: &str, skip: &[Range<usize>]) -> Vec<JsxTag> {
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(i) = line[at..].find('<') {
        let from = at + i;
        if let Some(span) = skip.iter().find(|s| s.contains(&from)) {
            at = span.end;
            continue;
        }
        match parse_tag(&line[from..]) {
            Some(mut tag) => {
                tag.range = from..from + tag.range.end;
                at = tag.range.end;
                tags.push(tag);
            }
            None => at = from + 1,
        }
    }
    tags
}

/// The component tag at the start of `text` (its range from 0), if it is one.
fn parse_tag(text: &str) -> Option<JsxTag> {
    let rest = text.strip_prefix('<')?;
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if !rest.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(rest.len());
    let name = rest[..name_len].to_string();
    let mut i = text.len() - rest.len() + name_len;
    let bytes = text.as_bytes();
    let mut attributes = Vec::new();
    let mut expressions = Vec::new();
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => {
                return Some(JsxTag {
                    range: 0..i + 1,
                    name,
                    closing,
                    self_closing: false,
                    attributes,
                    expressions,
                });
            }
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                return Some(JsxTag {
                    range: 0..i + 2,
                    name,
                    closing,
                    self_closing: true,
                    attributes,
                    expressions,
                });
            }
            b'{' => {
                // `{...props}`: skipped.
                i = expression_end(text, i)?;
            }
            _ => {
                let key_len = text[i..]
                    .find(|c: char| {
                        !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':')
                    })
                    .unwrap_or(text.len() - i);
                if key_len == 0 {
                    return None;
                }
                let key = text[i..i + key_len].to_string();
                i += key_len;
                if bytes.get(i) != Some(&b'=') {
                    attributes.push((key, String::new()));
                    continue;
                }
                i += 1;
                match bytes.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let end = text[i + 1..].find(*q as char)? + i + 1;
                        attributes.push((key, text[i + 1..end].to_string()));
                        i = end + 1;
                    }
                    b'{' => {
                        let end = expression_end(text, i)?;
                        let inner = text[i + 1..end - 1].trim();
                        let quoted = inner.len() >= 2
                            && inner.starts_with(['"', '\'', '`'])
                            && inner.ends_with(&inner[..1])
                            && !inner.contains("${");
                        if quoted {
                            attributes.push((key, inner[1..inner.len() - 1].to_string()));
                        } else {
                            expressions.push((key, inner.to_string()));
                        }
                        i = end;
                    }
                    _ => return None,
                }
            }
        }
    }
}

/// The end (past its `}`) of the `{…}` expression starting at `start`.
fn expression_end(text: &str, start: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in text[start..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(start + i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_lines_and_comments_are_blanked_in_place() {
        let body = "import Tabs from '@theme/Tabs';\nimport {\n  A,\n  B,\n} from './x';\nexport const meta = { a: 1 };\n\n# Title {/* hidden */}\n\n```js\nimport x from 'y';\n{/* code */}\n```\n\n  import is prose here\nText\nimport is prose too\n{/* one\ntwo */}\nend\n";
        let blanked = blank_module_lines(body);
        assert_eq!(blanked.len(), body.len());
        assert_eq!(blanked.lines().count(), body.lines().count());
        let kept: Vec<&str> = blanked
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(
            kept,
            [
                "# Title",
                "```js",
                "import x from 'y';",
                "{/* code */}",
                "```",
                "import is prose here",
                "Text",
                "import is prose too",
                "end"
            ]
        );
    }

    #[test]
    fn component_tags_and_their_attributes() {
        let line = "<TabItem value=\"linux\" label={'Linux'} default> and `<Code>` and <Foo.Bar {...p} /></Tabs>";
        let spans = super::super::prepare::code_spans(line);
        assert_eq!(spans.len(), 1);
        let tags = find_tags(line, &spans);
        let names: Vec<(&str, bool, bool)> = tags
            .iter()
            .map(|t| (t.name.as_str(), t.closing, t.self_closing))
            .collect();
        assert_eq!(
            names,
            [
                ("TabItem", false, false),
                ("Foo.Bar", false, true),
                ("Tabs", true, false)
            ]
        );
        assert_eq!(tags[0].attribute("label"), Some("Linux"));
        assert_eq!(tags[0].attribute("value"), Some("linux"));
        assert_eq!(tags[0].attribute("default"), Some(""));
        assert!(find_tags("a < b and <div> and x<3", &[]).is_empty());
        assert!(find_tags("<Unclosed attr=\"x\"", &[]).is_empty());
    }

    /// `body` rendered as a page of a Docusaurus docs folder.
    fn render_mdx(body: &str) -> crate::markdown::Rendered<()> {
        crate::markdown::render_with(
            body,
            None,
            &crate::markdown::MdxHost,
            crate::markdown::RenderOptions::default(),
            |_| (None, ()),
        )
    }

    #[test]
    fn an_mdx_page_renders_as_docusaurus_shows_it() {
        let body = "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n{/* not shown */}\n\n<Tabs>\n  <TabItem value=\"apt\" label=\"Debian\">\n    Run `apt`:\n\n    ```sh\n    apt install x\n    ```\n  </TabItem>\n</Tabs>\n\n<Admonition type=\"warning\">\n  Careful.\n</Admonition>\n\n<Badge>new</Badge> text\n";
        let r = render_mdx(body);
        let html = &r.html;
        assert!(!html.contains("import"), "{html}");
        assert!(!html.contains("not shown"), "{html}");
        assert!(html.contains("<div class=\"tabpane\">"), "{html}");
        assert!(html.contains("<strong>Debian</strong>"), "{html}");
        // The content's indent is the component's, not an indented code block.
        assert!(html.contains("<p>Run <code>apt</code>:</p>"), "{html}");
        assert!(html.contains("language-sh"), "{html}");
        assert!(html.contains("callout-warning"), "{html}");
        assert!(html.contains("<p>Careful.</p>"), "{html}");
        assert!(html.contains("<p>new text</p>"), "{html}");
        assert!(!html.contains("Badge"), "{html}");
        let unknown: Vec<usize> = r
            .notices
            .iter()
            .filter(|n| n.code == Code::UnknownShortcode)
            .map(|n| n.offset)
            .collect();
        // One notice, at the author's `<Badge>`.
        assert_eq!(unknown, [body.find("<Badge>").unwrap()], "{:?}", r.notices);
    }

    #[test]
    fn a_tag_over_several_lines_and_tabs_with_values() {
        let body = "<Tabs\n  defaultValue=\"apple\"\n  values={[\n    {label: 'Apple', value: 'apple'},\n    {label: 'Orange', value: 'orange'},\n  ]}>\n<TabItem value=\"orange\">\n\nAn orange.\n\n</TabItem>\n</Tabs>\n";
        assert_eq!(tag_end(body, 0, 6), Some(body.find("<TabItem").unwrap()));
        assert_eq!(tag_end("<Tabs\n\n>", 0, 6), None);
        let r = render_mdx(body);
        assert!(r.html.contains("<strong>Orange</strong>"), "{}", r.html);
        assert!(r.html.contains("<p>An orange.</p>"), "{}", r.html);
        assert!(!r.html.contains("defaultValue"), "{}", r.html);
        assert!(r.notices.is_empty(), "{:?}", r.notices);
    }

    #[test]
    fn known_components_become_handbook_html() {
        let tag = |line: &str| find_tags(line, &[]).remove(0);
        let mut components = Components::default();
        let mut html_of = |t: &JsxTag| components.html_of(t);
        assert_eq!(
            html_of(&tag("<TabItem value=\"mac\">")).unwrap(),
            super::super::shortcodes::tab_open("mac")
        );
        let callout = html_of(&tag("<Admonition type=\"tip\" title=\"Try this\">")).unwrap();
        assert!(callout.contains("callout-tip"), "{callout}");
        assert!(callout.contains("Try this"), "{callout}");
        assert!(
            html_of(&tag("<Tabs groupId=\"os\">"))
                .unwrap()
                .contains("tabpane")
        );
        assert_eq!(html_of(&tag("<Highlight color=\"red\">")), None);
    }
}
