//! What Pagefind's HTML parser would read from a page, read here instead.
//!
//! Pagefind turns a page's HTML into its text (with markers where the heading ids and weights
//! are), the text under each id, and the meta, filter and sort values of `data-pagefind-*`
//! attributes; then it splits and stems the words. Its parser is lol_html with a tree of
//! reference-counted nodes, and was the largest CPU cost of a searchable build. The documents
//! handed to it are the `<main>` of pages this build rendered itself, which are regular: closed
//! tags, quoted attributes, no scripts. So [`read`] follows Pagefind's parser step by step
//! (`vendor/pagefind/src/fossick/parser.rs`: the same node statuses, anchors, sentence stops,
//! weights and attribute syntax) over a small tokenizer, and gives Pagefind the result
//! (`PageSource::Parsed`), so that it only splits and stems the words.
//!
//! Anything the tokenizer cannot be sure to read as lol_html does (a comment it cannot close,
//! an end tag that closes another element, SVG, a `noscript`, an unquoted `<`, a
//! `data-pagefind-ignore` value Pagefind would warn about) makes [`read`] give up on the page,
//! and that page's HTML goes to Pagefind's own parser. The records are then the same either
//! way, which the tests check page by page on whole handbooks.

use pagefind::api::{DomParserResult, normalize_text};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Pagefind's elements whose end makes a sentence stop (`parser.rs`, `SENTENCE_SELECTORS`).
const SENTENCE: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section",
];
/// Pagefind's inline elements, which share the anchors of their parent (`INLINE_SELECTORS`).
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i",
    "img", "input", "kbd", "label", "map", "object", "output", "q", "samp", "script", "select",
    "small", "span", "strong", "sub", "sup", "textarea", "time", "tt", "var",
];
/// Pagefind's elements left out of the text (`REMOVE_SELECTORS`).
const REMOVED: &[&str] = &[
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe",
    "template",
];
/// Elements without content or end tag, as lol_html knows them.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];
/// Elements whose content is raw text up to their end tag, which Pagefind leaves out of the
/// text (they are among [`REMOVED`]): read as one text, with no markup in it.
const RAW_TEXT: &[&str] = &["script", "style", "iframe", "noembed", "noframes", "xmp"];
/// Elements whose content is text that counts (`textarea`, `title`), that lol_html may read as
/// raw text or as markup (`noscript`), or that switch the tokenizer into another mode (SVG and
/// MathML, `plaintext`, `template`): pages with them go to Pagefind's parser.
const UNREAD: &[&str] = &[
    "textarea",
    "title",
    "noscript",
    "plaintext",
    "template",
    "svg",
    "math",
];

/// More attributes than any tag of a rendered page has: such a tag goes to Pagefind's parser.
const MAX_ATTRIBUTES: usize = 64;

/// Pagefind's `SENTENCE_CHARS`: a text ending in one of these gets a full stop at a block's end.
static SENTENCE_CHARS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("[\\w'\"\\)\\$\\*]").expect("a valid pattern"));
/// Pagefind's `ATTRIBUTE_MATCH`: `name[attribute]` in a `data-pagefind-meta`-style list.
static ATTRIBUTE_MATCH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("^\\s*(?P<name>[^:\\[\\]]+)\\[(?P<attribute>.+)\\]\\s*$").expect("a valid pattern")
});

/// What Pagefind's parser would produce from `document` (a whole document, starting with its
/// `<html>` element), or `None` when this reader cannot be sure of it. `excluded_classes` are
/// the classes of the index's exclude selectors (`.heading-anchor`).
pub(super) fn read(document: &str, excluded_classes: &[&str]) -> Option<DomParserResult> {
    if !document.starts_with("<html") || document.contains('\0') {
        return None;
    }
    let mut reader = Reader {
        stack: vec![Node::default()],
        excluded_classes,
        filters: BTreeMap::new(),
        sort: BTreeMap::new(),
        meta: BTreeMap::new(),
        default_meta: BTreeMap::new(),
        anchor_content: BTreeMap::new(),
        anchor_titles: BTreeMap::new(),
        language: None,
        has_html_element: false,
        has_old_bundle_reference: false,
        has_default_ui_reference: false,
        anchor_counter: 0,
    };
    let bytes = document.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let Some(lt) = memchr(b'<', &bytes[at..]) else {
            reader.text(&document[at..]);
            break;
        };
        if lt > 0 {
            reader.text(&document[at..at + lt]);
        }
        let start = at + lt;
        let rest = &document[start..];
        at = if let Some(comment) = rest.strip_prefix("<!--") {
            // `<!-->` and `<!--->` end at once, and `--!>` ends a comment too: left to lol_html.
            if comment.starts_with('>') || comment.starts_with("->") {
                return None;
            }
            let end = comment.find("-->")?;
            if comment[..end].contains("--!>") {
                return None;
            }
            start + 4 + end + 3
        } else if let Some(closing) = rest.strip_prefix("</") {
            let (name, len) = tag_name(closing)?;
            let after = closing[len..].trim_start_matches([' ', '\t', '\n', '\r', '\x0c']);
            if !after.starts_with('>') {
                return None;
            }
            reader.end(&name)?;
            start + rest.len() - after.len() + 1
        } else {
            let tag = StartTag::parse(rest)?;
            let len = tag.len;
            let raw_text = RAW_TEXT
                .contains(&tag.name.as_str())
                .then(|| tag.name.clone());
            reader.start(tag)?;
            match raw_text {
                // The content runs to the first `</name`; the end tag is then read as any.
                Some(name) => {
                    let content = &document[start + len..];
                    let end = raw_text_end(content, &name)?;
                    // A script's `<!--` can hide its end tag from the tokenizer.
                    if name == "script" && content[..end].contains("<!--") {
                        return None;
                    }
                    if end > 0 {
                        reader.text(&content[..end]);
                    }
                    start + len + end
                }
                None => start + len,
            }
        };
    }
    reader.finish()
}

/// Where the raw text at the start of `content` ends: at the first `</name` (in any case)
/// followed by a space, `/` or `>`.
fn raw_text_end(content: &str, name: &str) -> Option<usize> {
    let bytes = content.as_bytes();
    let mut at = 0;
    while let Some(found) = content[at..].find("</") {
        let tag = at + found;
        let after = tag + 2 + name.len();
        if bytes
            .get(tag + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && bytes
                .get(after)
                .is_some_and(|b| is_space(*b) || matches!(b, b'/' | b'>'))
        {
            return Some(tag);
        }
        at = tag + 2;
    }
    None
}

/// A start tag: its lowercase name, its attributes (raw values, as lol_html returns them), and
/// its length in the document.
struct StartTag<'a> {
    name: String,
    attributes: Vec<(String, &'a str)>,
    len: usize,
}

impl<'a> StartTag<'a> {
    /// The start tag at the start of `rest` (a `<`), or `None` when it is not one this reader
    /// is sure of.
    fn parse(rest: &'a str) -> Option<Self> {
        let (name, name_len) = tag_name(&rest[1..])?;
        let bytes = rest.as_bytes();
        let mut at = 1 + name_len;
        let mut attributes: Vec<(String, &str)> = Vec::new();
        loop {
            while bytes.get(at).is_some_and(|b| is_space(*b)) {
                at += 1;
            }
            match bytes.get(at)? {
                b'>' => {
                    at += 1;
                    break;
                }
                b'/' => {
                    // `/>` closes only void elements in HTML; elsewhere it is left to lol_html.
                    if bytes.get(at + 1) != Some(&b'>') || !VOID.contains(&name.as_str()) {
                        return None;
                    }
                    at += 2;
                    break;
                }
                _ => {}
            }
            let name_start = at;
            while bytes
                .get(at)
                .is_some_and(|b| !is_space(*b) && !matches!(b, b'=' | b'>' | b'/'))
            {
                if matches!(bytes[at], b'"' | b'\'' | b'<') {
                    return None;
                }
                at += 1;
            }
            let attribute = rest[name_start..at].to_ascii_lowercase();
            while bytes.get(at).is_some_and(|b| is_space(*b)) {
                at += 1;
            }
            let value = if bytes.get(at) == Some(&b'=') {
                at += 1;
                while bytes.get(at).is_some_and(|b| is_space(*b)) {
                    at += 1;
                }
                match bytes.get(at)? {
                    quote @ (b'"' | b'\'') => {
                        let end = at + 1 + memchr(*quote, &bytes[at + 1..])?;
                        let value = &rest[at + 1..end];
                        at = end + 1;
                        value
                    }
                    _ => {
                        let value_start = at;
                        while bytes.get(at).is_some_and(|b| !is_space(*b) && *b != b'>') {
                            if matches!(bytes[at], b'"' | b'\'' | b'<' | b'=' | b'`') {
                                return None;
                            }
                            at += 1;
                        }
                        &rest[value_start..at]
                    }
                }
            } else {
                ""
            };
            // A repeated attribute: which one counts is left to lol_html. (So is a tag with
            // very many attributes, which this check would make slow.)
            if attributes.len() >= MAX_ATTRIBUTES || attributes.iter().any(|(a, _)| *a == attribute)
            {
                return None;
            }
            attributes.push((attribute, value));
        }
        Some(StartTag {
            name,
            attributes,
            len: at,
        })
    }

    /// An attribute's raw value; names compare without case, as in lol_html.
    fn get(&self, name: &str) -> Option<&'a str> {
        self.attributes
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    fn has_class(&self, class: &str) -> bool {
        self.get("class")
            .is_some_and(|classes| classes.split(is_space_char).any(|c| c == class))
    }
}

/// The lowercase tag name at the start of `text` and its length: a letter, then letters,
/// digits and `-`, ended by a space, `/` or `>`.
fn tag_name(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() {
        return None;
    }
    let len = bytes
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))?;
    if !(is_space(bytes[len]) || matches!(bytes[len], b'/' | b'>')) {
        return None;
    }
    Some((text[..len].to_ascii_lowercase(), len))
}

/// HTML's ASCII whitespace, which separates attributes and classes.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn is_space_char(c: char) -> bool {
    c.is_ascii() && is_space(c as u8)
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// Pagefind's `NodeStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Status {
    #[default]
    Indexing,
    /// Its content is not indexed (`data-pagefind-ignore`, an excluded element), but its
    /// filters and meta count.
    Ignored,
    /// Nothing of it counts (`data-pagefind-ignore="all"`).
    Excluded,
    Body,
    /// A `data-pagefind-body` element is inside: only body content counts from here up.
    ParentOfBody,
}

/// An open element, as Pagefind's `DomParsingNode`.
#[derive(Debug, Default)]
struct Node {
    tag: String,
    value: String,
    filter: Option<Vec<String>>,
    sort: Option<Vec<String>>,
    meta: Option<Vec<String>>,
    default_meta: Option<Vec<String>>,
    weight: Option<String>,
    anchor_ids: Option<Vec<String>>,
    status: Status,
}

impl Node {
    /// Pagefind's `get_attribute_pair`: `key:value` as given, or `key` with the element's text.
    fn pair(&self, input: &str) -> Option<(String, String)> {
        match input.split_once(':') {
            Some((key, value)) => Some((key.to_owned(), normalize_text(value))),
            None if self.value.is_empty() => None,
            None => Some((input.to_owned(), normalize_text(&self.value))),
        }
    }
}

struct Reader<'a> {
    /// The open elements; the first is the document's root, never closed.
    stack: Vec<Node>,
    excluded_classes: &'a [&'a str],
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
    meta: BTreeMap<String, String>,
    default_meta: BTreeMap<String, String>,
    anchor_content: BTreeMap<String, String>,
    anchor_titles: BTreeMap<String, String>,
    language: Option<String>,
    has_html_element: bool,
    has_old_bundle_reference: bool,
    has_default_ui_reference: bool,
    anchor_counter: usize,
}

impl Reader<'_> {
    fn current(&mut self) -> &mut Node {
        self.stack
            .last_mut()
            .expect("the root node is never closed")
    }

    /// Text: the current element's, and that of each anchor it is in. Text outside the
    /// `<html>` element is not read (Pagefind reads text inside its root selector, `html`).
    fn text(&mut self, text: &str) {
        if self.stack.len() == 1 {
            return;
        }
        let node = self.stack.last_mut().expect("the root node");
        node.value.push_str(text);
        if !matches!(node.status, Status::Ignored | Status::Excluded)
            && let Some(anchor_ids) = &node.anchor_ids
        {
            for id in anchor_ids {
                match self.anchor_content.get_mut(id) {
                    Some(content) => content.push_str(text),
                    None => {
                        self.anchor_content.insert(id.clone(), text.to_string());
                    }
                }
            }
        }
    }

    /// A start tag: Pagefind's element handler for `html, html *`, then its exclusions.
    fn start(&mut self, el: StartTag<'_>) -> Option<()> {
        let tag = el.name.as_str();
        if UNREAD.contains(&tag) || (self.stack.len() == 1 && tag != "html") {
            return None;
        }
        if tag == "html" {
            self.has_html_element = true;
            if let Some(lang) = el.get("lang") {
                self.language = Some(lang.to_lowercase());
            }
        }
        if tag == "script"
            && let Some(src) = el.get("src")
        {
            self.has_old_bundle_reference |=
                src.starts_with("_pagefind") || src.contains("/_pagefind");
            self.has_default_ui_reference |=
                src.contains("pagefind-ui.js") || src.contains("pagefind-modular-ui.js");
        }
        if tag == "link"
            && let Some(href) = el.get("href")
        {
            self.has_old_bundle_reference |=
                href.starts_with("_pagefind") || href.contains("/_pagefind");
            self.has_default_ui_reference |=
                href.contains("pagefind-ui.css") || href.contains("pagefind-modular-ui.css");
        }

        let explicit_ignore = match el.get("data-pagefind-ignore") {
            None => None,
            Some(value) => match value.to_ascii_lowercase().as_str() {
                "" | "index" | "true" => Some(Status::Ignored),
                "all" => Some(Status::Excluded),
                // Pagefind warns about the value: its parser reads this page, and says so.
                _ => return None,
            },
        };
        let status = if el.get("data-pagefind-body").is_some() {
            Status::Body
        } else {
            explicit_ignore.unwrap_or(Status::Indexing)
        };
        let weight = el.get("data-pagefind-weight").map(str::to_string);
        let filter = el.get("data-pagefind-filter").map(|a| attr_list(a, &el));
        let element_id = el.get("id").map(|id| {
            id.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
        });
        let title = el
            .get("data-pagefind-title")
            .map(normalize_text)
            .filter(|t| !t.is_empty());
        let meta = el.get("data-pagefind-meta").map(|a| attr_list(a, &el));
        let default_meta = el
            .get("data-pagefind-default-meta")
            .map(|a| attr_list(a, &el));
        let sort = el.get("data-pagefind-sort").map(|a| attr_list(a, &el));
        let index_attrs = el.get("data-pagefind-index-attrs").map(|a| {
            a.split(',')
                .map(|a| a.trim().to_string())
                .collect::<Vec<_>>()
        });

        let mut anchor_id = None;
        if status != Status::Excluded
            && status != Status::Ignored
            && let Some(element_id) = element_id
        {
            let counter = self.anchor_counter;
            let parent = self.current();
            // No anchor outside the body once a body was found.
            if !(parent.status == Status::ParentOfBody && status != Status::Body) {
                parent.value.push_str(&format!(
                    " ___PAGEFIND_ANCHOR___{tag}:{counter}:{element_id} "
                ));
                anchor_id = Some(format!("{counter}:{element_id}"));
                self.anchor_counter += 1;
            }
        }
        if let (Some(anchor_id), Some(title)) = (&anchor_id, title) {
            self.anchor_titles.insert(anchor_id.clone(), title);
        }
        if status != Status::Excluded {
            if let Some(attrs) = index_attrs {
                for attr in attrs {
                    let mut value = el.get(attr.trim()).unwrap_or_default().to_string();
                    if ends_a_sentence(&value) {
                        value.push('.');
                    }
                    let parent = self.current();
                    parent.value.push(' ');
                    parent.value.push_str(&value);
                    parent.value.push(' ');
                }
            }
            if tag == "br" {
                self.current().value.push(' ');
            }
        }

        let parent = self.current();
        let mut anchor_ids = match &parent.anchor_ids {
            Some(ids) if INLINE.contains(&tag) => Some(ids.clone()),
            _ => None,
        };
        if let Some(id) = anchor_id {
            anchor_ids.get_or_insert_with(Vec::new).push(id);
        }
        let node = Node {
            tag: el.name.clone(),
            value: String::new(),
            filter,
            sort,
            meta,
            default_meta,
            weight,
            anchor_ids,
            status: if parent.status == Status::Excluded {
                Status::Excluded
            } else {
                status
            },
        };
        let excluded =
            REMOVED.contains(&tag) || self.excluded_classes.iter().any(|c| el.has_class(c));
        if VOID.contains(&tag) {
            // No end tag: the element ends here, as lol_html's handler for elements that
            // cannot have content does.
            if node.status != Status::Excluded {
                self.attributes(&node);
                if tag == "img"
                    && !self.meta.contains_key("auto_image")
                    && (self.meta.contains_key("auto_title") || self.meta.contains_key("title"))
                    && let Some(src) = el.get("src")
                {
                    self.meta.insert("auto_image".into(), normalize_text(src));
                    if let Some(alt) = el.get("alt") {
                        self.meta
                            .insert("auto_image_alt".into(), normalize_text(alt));
                    }
                }
            }
            // The exclusion then applies to the node that is current: the parent.
            if excluded {
                self.current().status = Status::Ignored;
            }
        } else {
            self.stack.push(node);
            if excluded {
                self.current().status = Status::Ignored;
            }
        }
        Some(())
    }

    /// The filters, sort keys and meta an ending element gives.
    fn attributes(&mut self, node: &Node) {
        for filter in node.filter.iter().flatten() {
            if let Some((key, value)) = node.pair(filter) {
                self.filters
                    .entry(key)
                    .or_default()
                    .push(normalize_text(&value));
            }
        }
        for sort in node.sort.iter().flatten() {
            if let Some((key, value)) = node.pair(sort) {
                self.sort.insert(key, value);
            }
        }
        for meta in node.meta.iter().flatten() {
            if let Some((key, value)) = node.pair(meta) {
                self.meta.insert(key, value);
            }
        }
        for meta in node.default_meta.iter().flatten() {
            if let Some((key, value)) = node.pair(meta) {
                self.default_meta.insert(key, value);
            }
        }
    }

    /// An end tag: Pagefind's end tag handler. Only the current element may end.
    fn end(&mut self, name: &str) -> Option<()> {
        if self.stack.len() < 2 || self.stack.last()?.tag != name {
            return None;
        }
        let mut node = self.stack.pop()?;
        if node.status == Status::Excluded {
            return Some(());
        }
        self.attributes(&node);
        if name == "h1" && !self.meta.contains_key("auto_title") && !node.value.trim().is_empty() {
            self.meta
                .insert("auto_title".into(), normalize_text(&node.value));
        }
        if node.status == Status::Ignored {
            return Some(());
        }
        if SENTENCE.contains(&name) {
            node.value.insert(0, ' ');
            if ends_a_sentence(&node.value) {
                node.value.push('.');
            }
            node.value.push(' ');
        }
        let auto_weight = match name {
            "h1" => Some("7"),
            "h2" => Some("6"),
            "h3" => Some("5"),
            "h4" => Some("4"),
            "h5" => Some("3"),
            "h6" => Some("2"),
            _ => None,
        };
        if let Some(weight) = &node.weight {
            node.value = [
                " ___PAGEFIND_WEIGHT___",
                weight,
                " ",
                &node.value,
                " ___END_PAGEFIND_WEIGHT___ ",
            ]
            .concat();
        } else if let Some(weight) = auto_weight {
            node.value = [
                " ___PAGEFIND_AUTO_WEIGHT___",
                weight,
                " ",
                &node.value,
                " ___END_PAGEFIND_WEIGHT___ ",
            ]
            .concat();
        }
        let parent = self.current();
        let in_body = matches!(node.status, Status::Body | Status::ParentOfBody);
        if parent.status == Status::ParentOfBody && !in_body {
            return Some(());
        }
        match node.status {
            Status::Ignored | Status::Excluded => {}
            Status::Indexing => parent.value.push_str(&node.value),
            Status::Body | Status::ParentOfBody => {
                if parent.status != Status::ParentOfBody {
                    parent.value.clear();
                }
                parent.value.push_str(&node.value);
                parent.status = Status::ParentOfBody;
            }
        }
        Some(())
    }

    /// Pagefind's `wrap`, for a document whose every element was closed.
    fn finish(mut self) -> Option<DomParserResult> {
        if self.stack.len() != 1 {
            return None;
        }
        let root = self.stack.pop()?;
        if let Some(image) = self.meta.remove("auto_image") {
            let alt = self.meta.remove("auto_image_alt").unwrap_or_default();
            if !self.meta.contains_key("image") {
                self.meta.insert("image".into(), image);
                self.meta.insert("image_alt".into(), alt);
            }
        }
        if let Some(title) = self.meta.remove("auto_title")
            && !self.meta.contains_key("title")
        {
            self.meta.insert("title".into(), title);
        }
        let mut meta = self.default_meta;
        meta.extend(self.meta);
        Some(DomParserResult {
            digest: normalize_text(&root.value),
            filters: self.filters,
            sort: self.sort,
            meta,
            anchor_content: self.anchor_content,
            anchor_titles: self.anchor_titles,
            has_custom_body: root.status == Status::ParentOfBody,
            force_inclusion: false,
            has_html_element: self.has_html_element,
            has_old_bundle_reference: self.has_old_bundle_reference,
            has_default_ui_reference: self.has_default_ui_reference,
            language: self
                .language
                .filter(|lang| !lang.is_empty())
                .unwrap_or_else(|| "unknown".into()),
        })
    }
}

/// Whether a block's text ends in a character after which Pagefind adds a full stop.
fn ends_a_sentence(text: &str) -> bool {
    match text.chars().last() {
        None => false,
        Some(c) if c.is_ascii() => {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '"' | ')' | '$' | '*')
        }
        Some(c) => SENTENCE_CHARS.is_match(c.encode_utf8(&mut [0; 4])),
    }
}

/// Pagefind's `parse_attr_string`: a `data-pagefind-meta`-style list (`a, b[attr], c:literal`),
/// with `name[attr]` taking the value of the element's attribute.
fn attr_list(input: &str, el: &StartTag<'_>) -> Vec<String> {
    if let Some((attrs, literal)) = input.split_once(':') {
        let mut attrs = attr_list(attrs, el);
        if let Some(last) = attrs.last_mut() {
            last.push(':');
            last.push_str(literal);
        }
        return attrs;
    }
    input
        .split(',')
        .map(|chunk| {
            let chunk = chunk.trim();
            match ATTRIBUTE_MATCH.captures(chunk) {
                Some(found) => format!(
                    "{}:{}",
                    &found["name"],
                    el.get(&found["attribute"]).unwrap_or_default()
                ),
                None => chunk.to_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(main: &str) -> String {
        format!("<html lang=\"en\"><body><main id=\"main\">{main}</main></body></html>")
    }

    #[test]
    fn a_rendered_page_becomes_text_with_pagefinds_markers() {
        let read = read(
            &page(
                "<h1 data-pagefind-meta=\"title\">Title</h1><div data-pagefind-body>\
                 <span data-pagefind-filter=\"kind:page\"></span><p>Some &amp; text</p>\
                 <h2 id=\"next\">Next <a class=\"heading-anchor\" href=\"#next\">#</a></h2></div>",
            ),
            &["heading-anchor"],
        )
        .expect("read here");
        assert_eq!(
            read.digest,
            "Some & text. ___PAGEFIND_ANCHOR___h2:1:next ___PAGEFIND_AUTO_WEIGHT___6 Next ___END_PAGEFIND_WEIGHT___"
        );
        assert_eq!(read.anchor_content["1:next"], "Next ");
        assert_eq!(read.meta["title"], "Title");
        assert_eq!(read.filters["kind"], ["page"]);
        assert!(read.has_custom_body && read.has_html_element);
        assert_eq!(read.language, "en");
    }

    #[test]
    fn what_lol_html_might_read_otherwise_is_left_to_pagefind() {
        let many = format!(
            "<p {}>x</p>",
            (0..100)
                .map(|i| format!("a{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        for main in [
            "<p>Unclosed",
            "<p>Crossed <b>tags</p></b>",
            "<div/>",
            "</br>",
            "<p>a < b</p>",
            "<script><!-- <script></script> --></script>",
            "<style>never closed",
            "<svg><path/></svg>",
            "<!--> odd -->",
            "<!-- never closed",
            "<p class=\"a\" class=\"b\">x</p>",
            "<p data-pagefind-ignore=\"bogus\">x</p>",
            "<my_tag>x</my_tag>",
            "<p title=a\"b>x</p>",
            many.as_str(),
        ] {
            assert!(read(&page(main), &[]).is_none(), "{main}");
        }
        assert!(read("<!doctype html><html><body></body></html>", &[]).is_none());
        assert!(read("<html><body>\0</body></html>", &[]).is_none());
    }
}
