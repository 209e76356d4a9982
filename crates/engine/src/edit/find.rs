//! Finding an object's document in the text, by kind, namespace and name.

use crate::edit::text::Text;
use crate::edit::Target;
use crate::yaml::{Doc, Node};
use crate::{api, yaml};
pub(super) struct Found {
    pub(super) root: Doc,
    /// The document is JSON-like (its root is a `{...}` flow mapping): new fields are written as JSON.
    pub(super) json: bool,
    pub(super) first_line: u32,
    /// For an item of a `kind: List`: the `items` sequence and the item's index.
    pub(super) list: Option<(Doc, usize)>,
}

pub(super) fn effective_namespace(kind: &str, raw: &str) -> String {
    match crate::model::Kind::parse(kind).served() {
        Some((_, false)) => String::new(),
        Some((_, true)) if raw.is_empty() => "default".into(),
        _ => raw.to_string(),
    }
}

pub(super) fn matches(n: Node, t: &Target) -> bool {
    if n.get("kind").and_then(|n| n.as_str()) != Some(t.kind.as_str()) {
        return false;
    }
    let meta = api::decode_meta(n);
    meta.name == t.name && effective_namespace(&t.kind, &meta.namespace) == t.namespace
}

pub(super) fn find_all(text: &str, t: &Target) -> Vec<Found> {
    let mut out = Vec::new();
    for doc in yaml::parse_stream(text) {
        if doc.error.is_some() {
            continue;
        }
        let Some(root) = doc.root else { continue };
        let kind = root.get("kind").and_then(|n| n.as_str()).unwrap_or_default();
        let is_list = kind == "List" || (kind.ends_with("List") && root.get("items").is_some());
        if is_list {
            if let Some(items) = root.get("items").filter(|i| i.as_seq().is_some()) {
                for (i, item) in items.as_seq().unwrap_or_default().iter().enumerate() {
                    if matches(item, t) {
                        let json = starts_flow(text, root.node());
                        let (Some(item), Some(items)) = (root.owned(item), root.owned(items)) else { continue };
                        out.push(Found { root: item, json, first_line: doc.first_line, list: Some((items, i)) });
                    }
                }
            }
        } else if matches(root.node(), t) {
            let json = starts_flow(text, root.node());
            out.push(Found { root, json, first_line: doc.first_line, list: None });
        }
    }
    out
}

/// The last document (or List item) with this kind, namespace and name: the one `kubectl apply`
/// would leave in place.
pub(super) fn find(text: &str, t: &Target) -> Result<Found, String> {
    find_all(text, t)
        .pop()
        .ok_or_else(|| format!("{} is not in the text (or its document has a syntax error)", t.describe()))
}

pub(super) fn starts_flow(text: &str, n: Node) -> bool {
    let t = Text::new(text);
    matches!(t.char_at(t.offset(n.span().start)), Some('{' | '['))
}

pub(super) fn parse_errors(text: &str) -> usize {
    yaml::parse_stream(text).iter().filter(|d| d.error.is_some()).count()
}

pub(super) fn expect_kind(t: &Target, kind: &str) -> Result<(), String> {
    if t.kind == kind {
        Ok(())
    } else {
        Err(format!("this what-if is for a {kind}, not a {}", t.kind))
    }
}

pub(super) fn at<'n>(n: impl Into<Node<'n>>, path: &[&str]) -> Option<Node<'n>> {
    path.iter().try_fold(n.into(), |n, k| n.get(k))
}

/// `(start, end)` byte range of the `---`-separated part that starts on `first_line` (the same
/// split as [`yaml::parse_stream`]: a `---` line belongs to the part after it).
pub(super) fn chunk_range(text: &str, first_line: u32) -> Option<(usize, usize)> {
    let mut starts: Vec<(u32, usize)> = vec![(1, 0)];
    let mut offset = 0usize;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        let is_marker = l.starts_with("---")
            && l[3..].chars().next().is_none_or(|c| c == ' ' || c == '\t' || c == '\r' || c == '\n');
        if is_marker && offset > starts.last().map_or(0, |s| s.1) {
            starts.push((i as u32 + 1, offset));
        }
        offset += l.len();
    }
    let i = starts.iter().position(|(l, _)| *l == first_line)?;
    let end = starts.get(i + 1).map_or(text.len(), |s| s.1);
    Some((starts[i].1, end))
}
