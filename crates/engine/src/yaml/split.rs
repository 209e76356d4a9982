//! Splitting a stream before parsing: at `---` lines, and a block-form `kind: List` into its
//! items, so one broken document (or item) does not hide the others and a dump is read in steps.

use crate::yaml::bytes::{find2, newlines, newlines_and};
use crate::yaml::{parse_chunk_fast_or_libyaml, Document, Value};
/// (first line, text) of each `---`-separated part. The `---` line stays with the part after it.
pub(super) fn split_documents(text: &str) -> Vec<(u32, &str)> {
    let bytes = text.as_bytes();
    let is_marker = |at: usize| {
        bytes[at..].starts_with(b"---") && bytes.get(at + 3).is_none_or(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
    };
    // Markers start a line after the first.
    let mut parts = Vec::new();
    let (mut start, mut start_line, mut line) = (0usize, 1u32, 1u32);
    newlines(bytes, |nl| {
        line += 1;
        if is_marker(nl + 1) {
            parts.push((start_line, &text[start..nl + 1]));
            (start, start_line) = (nl + 1, line);
        }
        true
    });
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
    if could_hold_anchor_or_alias(&chunk.as_bytes()[..at]) {
        return None;
    }
    let bytes = chunk.as_bytes();
    let mut line = first_line + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u32;
    let mut items: Vec<(usize, usize, u32)> = Vec::new();
    let mut block_end = None;
    let mut not_list = false;
    let mut offset = at;
    // Each line from `items:` on: `- ` starts an item, indented lines and comments continue it,
    // anything else at column 0 ends the block.
    let mut take = |offset: usize, end: usize, line: u32| -> bool {
        let mut content = &bytes[offset..end];
        while let [rest @ .., b'\n' | b'\r' | b' '] = content {
            content = rest;
        }
        if offset == at {
            not_list = content != b"items:";
            return !not_list;
        }
        if content.first() == Some(&b'-') && (content.len() == 1 || content[1] == b' ') {
            if let Some(last) = items.last_mut() {
                last.1 = offset;
            }
            items.push((offset, offset, line));
        } else if content.is_empty() || content[0] == b' ' || content[0] == b'#' {
            if items.is_empty() && content.iter().any(|&b| b != b' ') {
                not_list = true; // `items:` with something other than `- ` entries under it
                return false;
            }
        } else {
            block_end = Some(offset);
            return false;
        }
        true
    };
    let mut go_on = true;
    // Anchors and aliases (`&a`, `*a` after a space, `[`, `{`, `,` or at a line's start) could
    // refer across items: such a List is read in one piece. Looked for in the same pass.
    let mut anchored = false;
    let rest = &bytes[at..];
    newlines_and(
        rest,
        (b'&', b'*'),
        |nl| {
            go_on = take(offset, at + nl + 1, line);
            offset = at + nl + 1;
            line += 1;
            go_on
        },
        |i| {
            anchored = i == 0 || matches!(rest[i - 1], b' ' | b'[' | b'{' | b',' | b'\n');
            !anchored
        },
    );
    if anchored {
        return None;
    }
    if go_on && offset < chunk.len() {
        take(offset, chunk.len(), line);
    }
    if not_list {
        return None;
    }
    // The text after the items block (usually `kind: List` and `metadata`).
    if could_hold_anchor_or_alias(&bytes[block_end.unwrap_or(chunk.len())..]) {
        return None;
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
    let Value::Map(entries) = root.node().value() else { return None };
    let kind = root.get("kind").and_then(|k| k.as_str()).unwrap_or_default();
    let one_items = entries.iter().filter(|e| e.key.as_str() == Some("items")).count() == 1;
    (one_items && kind.ends_with("List")).then_some(items)
}

/// Whether the text may hold an anchor (`&a`) or alias (`*a`): one at a line's start or right
/// after a space, `[`, `{` or `,`. Conservative: a false yes only means a List is read in one piece.
pub(super) fn could_hold_anchor_or_alias(b: &[u8]) -> bool {
    let mut from = 0;
    while let Some(i) = find2(b, from, b'&', b'*') {
        if i == 0 || matches!(b[i - 1], b' ' | b'[' | b'{' | b',' | b'\n') {
            return true;
        }
        from = i + 1;
    }
    false
}
