//! Splitting a stream before parsing: at `---` lines, and a block-form `kind: List` into its
//! items, so one broken document (or item) does not hide the others and a dump is read in steps.

use crate::yaml::{parse_chunk_fast_or_libyaml, Document, Value};
/// (first line, text) of each `---`-separated part. The `---` line stays with the part after it.
pub(super) fn split_documents(text: &str) -> Vec<(u32, &str)> {
    let bytes = text.as_bytes();
    let is_marker = |at: usize| {
        bytes[at..].starts_with(b"---") && bytes.get(at + 3).is_none_or(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
    };
    // Markers start a line: the text's start, or just after a newline (found with a fast search).
    let starts =
        (text.starts_with("---").then_some(0)).into_iter().chain(text.match_indices("\n---").map(|(i, _)| i + 1));
    let mut parts = Vec::new();
    let (mut start, mut start_line) = (0usize, 1u32);
    for at in starts.filter(|&at| at > 0 && is_marker(at)) {
        parts.push((start_line, &text[start..at]));
        start_line += bytes[start..at].iter().filter(|&&b| b == b'\n').count() as u32;
        start = at;
    }
    if start < text.len() || parts.is_empty() {
        parts.push((start_line, &text[start..]));
    }
    parts
}

/// A piece of a stream that is read on its own: a `---`-separated document, or one item of a
/// `kind: List` document in the block form `kubectl get -o yaml` prints. Splitting a List into
/// its items lets a 24 MB cluster dump be read in small steps (see [`crate::analyze::Analyzer`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    /// Byte range in the stream.
    pub start: usize,
    pub end: usize,
    /// The line the part starts on (1-based).
    pub first_line: u32,
    /// An item of a List: it parses as a one-item sequence (`- apiVersion: ...`).
    pub list_item: bool,
}

/// The parts of `text`, in order. A List is split into its items only when that cannot change
/// what is read: the List's own fields parse cleanly without its items, and no anchor or alias
/// could refer across items; otherwise the List stays one part.
pub fn split_parts(text: &str) -> Vec<Part> {
    let base = text.as_ptr() as usize;
    let mut parts = Vec::new();
    for (first_line, chunk) in split_documents(text) {
        let start = chunk.as_ptr() as usize - base;
        match list_items(chunk, first_line) {
            Some(items) => parts.extend(items.into_iter().map(|(s, e, line)| Part {
                start: start + s,
                end: start + e,
                first_line: line,
                list_item: true,
            })),
            None => parts.push(Part { start, end: start + chunk.len(), first_line, list_item: false }),
        }
    }
    parts
}

/// Parses one part of `text` (from [`split_parts`]).
pub fn parse_part(text: &str, part: Part) -> Vec<Document> {
    let chunk = text.get(part.start..part.end).unwrap_or_default();
    let mut docs = parse_chunk_fast_or_libyaml(chunk, part.first_line);
    for doc in &mut docs {
        doc.first_line = part.first_line;
    }
    docs
}

/// The items of a block-form List document as (start, end, first line), relative to `chunk`:
/// a top-level `items:` line followed by `- ` entries at column 0. None when `chunk` is not
/// such a List, or when splitting could change the result.
pub(super) fn list_items(chunk: &str, first_line: u32) -> Option<Vec<(usize, usize, u32)>> {
    // Cheap rejections first: most documents are not Lists.
    let at = if chunk.starts_with("items:") { 0 } else { chunk.find("\nitems:")? + 1 };
    if could_hold_anchor_or_alias(chunk.as_bytes()) {
        return None;
    }
    let mut offset = at;
    let first = first_line + chunk.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() as u32;
    let mut items: Vec<(usize, usize, u32)> = Vec::new();
    let mut block_end = None;
    for (k, l) in chunk.as_bytes()[at..].split_inclusive(|&b| b == b'\n').enumerate() {
        let line = first + k as u32;
        let mut content = l;
        while let [rest @ .., b'\n' | b'\r' | b' '] = content {
            content = rest;
        }
        if k == 0 {
            if content != b"items:" {
                return None;
            }
        } else if content.starts_with(b"- ") || content == b"-" {
            if let Some(last) = items.last_mut() {
                last.1 = offset;
            }
            items.push((offset, offset, line));
        } else if content.is_empty() || content[0] == b' ' || content[0] == b'#' {
            if items.is_empty() && content.iter().any(|&b| b != b' ') {
                return None; // `items:` with something other than `- ` entries under it
            }
        } else {
            block_end = Some(offset);
            break;
        }
        offset += l.len();
    }
    let block_end = block_end.unwrap_or(chunk.len());
    if let Some(last) = items.last_mut() {
        last.1 = block_end;
    }
    if items.is_empty() {
        return None;
    }
    // The List's own fields, without the items, must read cleanly as a List.
    let shell = format!("{}items: []\n{}", &chunk[..at], &chunk[block_end..]);
    let docs = parse_chunk_fast_or_libyaml(&shell, first_line);
    let [doc] = docs.as_slice() else { return None };
    let root = doc.root.as_ref().filter(|_| doc.error.is_none())?;
    let Value::Map(entries) = &root.value else { return None };
    let kind = root.get("kind").and_then(|k| k.as_str()).unwrap_or_default();
    let one_items = entries.iter().filter(|e| e.key.as_str() == Some("items")).count() == 1;
    (one_items && kind.ends_with("List")).then_some(items)
}

/// Whether the text may hold an anchor (`&a`) or alias (`*a`): one at a line's start or right
/// after a space, `[`, `{` or `,`. Conservative: a false yes only means a List is read in one piece.
pub(super) fn could_hold_anchor_or_alias(b: &[u8]) -> bool {
    b.iter()
        .enumerate()
        .any(|(i, &c)| (c == b'&' || c == b'*') && (i == 0 || matches!(b[i - 1], b' ' | b'[' | b'{' | b',' | b'\n')))
}
