//! Splitting a stream before parsing: at `---` lines, and a `kind: List` (block YAML, or JSON
//! as `kubectl get -o json` prints it) into its items, so one broken document (or item) does not
//! hide the others and a dump is read in steps.

mod json;

use crate::yaml::bytes::{find2, newlines, newlines_and};
use crate::yaml::{parse_chunk_at, parse_chunk_fast_or_libyaml, Document, Value};
use json::JsonListScan;

/// (first line, text) of each `---`-separated part. The `---` line stays with the part after it.
pub(super) fn split_documents(text: &str) -> Vec<(u32, &str)> {
    let mut scan = DocScan::default();
    while !scan.advance(text, usize::MAX) {}
    scan.docs.into_iter().map(|(line, start, end)| (line, &text[start..end])).collect()
}

/// The index just after the first line end at or after `from + budget` (the text's end if none):
/// where a scan that may look at about `budget` more bytes stops, at a line's start.
fn cut(bytes: &[u8], from: usize, budget: usize) -> usize {
    let end = from.saturating_add(budget);
    if end >= bytes.len() {
        return bytes.len();
    }
    bytes[end..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| end + i + 1)
}

/// [`split_documents`] resumable: the `---` markers after each line break, up to a budget per
/// call (stopping mid-line: a text on one line is scanned in steps too).
#[derive(Clone, Debug)]
struct DocScan {
    /// Where the scan goes on, and the number of the line there.
    pos: usize,
    line: u32,
    /// The document under way: where it starts, its first line.
    start: usize,
    start_line: u32,
    /// (first line, start, end) of each document found.
    docs: Vec<(u32, usize, usize)>,
}

impl Default for DocScan {
    fn default() -> Self {
        DocScan { pos: 0, line: 1, start: 0, start_line: 1, docs: Vec::new() }
    }
}

impl DocScan {
    /// Scans `budget` more bytes; true when the text is done.
    fn advance(&mut self, text: &str, budget: usize) -> bool {
        let bytes = text.as_bytes();
        let is_marker = |at: usize| {
            // The first byte alone rules out almost every line (no call to memcmp).
            bytes.get(at) == Some(&b'-')
                && bytes[at..].starts_with(b"---")
                && bytes.get(at + 3).is_none_or(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
        };
        let (from, limit) = (self.pos, self.pos.saturating_add(budget).min(bytes.len()));
        // Markers start a line after the first.
        let (mut start, mut start_line, mut line) = (self.start, self.start_line, self.line);
        let docs = &mut self.docs;
        newlines(&bytes[from..limit], |nl| {
            let nl = from + nl;
            line += 1;
            if is_marker(nl + 1) {
                docs.push((start_line, start, nl + 1));
                (start, start_line) = (nl + 1, line);
            }
            true
        });
        (self.start, self.start_line, self.line, self.pos) = (start, start_line, line, limit);
        if limit < bytes.len() {
            return false;
        }
        if start < text.len() || self.docs.is_empty() {
            self.docs.push((start_line, start, text.len()));
        }
        true
    }
}

/// A piece of a stream that is read on its own: a `---`-separated document, or one item of a
/// `kind: List` document in the block form `kubectl get -o yaml` prints, or in the JSON form of
/// `-o json`. Splitting a List into its items lets a 24 MB cluster dump be read in small steps
/// (see [`crate::analyze::Analyzer`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    /// Byte range in the stream.
    pub start: usize,
    pub end: usize,
    /// The line the part starts on (1-based), and the characters before it on that line (0
    /// but for an item of a JSON List that does not start its line, as on one line).
    pub first_line: u32,
    pub column: u32,
    /// An item of a block List: it parses as a one-item sequence (`- apiVersion: ...`). An item
    /// of a JSON List is an object from the start of its line (`    {`) to its `}`: it parses
    /// as a document, and is one (`list_item` false).
    pub list_item: bool,
}

/// The parts of `text`, in order. A List is split into its items only when that cannot change
/// what is read: the List's own fields parse cleanly without its items, and no anchor or alias
/// could refer across items; otherwise the List stays one part.
pub fn split_parts(text: &str) -> Vec<Part> {
    let mut s = Splitter::default();
    while !s.step(text, usize::MAX) {}
    s.into_parts()
}

/// [`split_parts`] in steps, for a caller that must not be held long: each [`Splitter::step`]
/// looks at about `budget` bytes of the text (or at one document's start), and the parts are
/// the same whatever the budget.
#[derive(Clone, Debug, Default)]
pub struct Splitter {
    docs: DocScan,
    docs_done: bool,
    /// Documents taken apart so far.
    next_doc: usize,
    /// The List document under way.
    list: Option<Scan>,
    parts: Vec<Part>,
}

impl Splitter {
    /// One step over `text` (the same text every time); true when every part is known.
    pub fn step(&mut self, text: &str, budget: usize) -> bool {
        if !self.docs_done {
            self.docs_done = self.docs.advance(text, budget);
            return self.docs_done && self.next_doc >= self.docs.docs.len();
        }
        let Some(&(first_line, start, end)) = self.docs.docs.get(self.next_doc) else { return true };
        let chunk = &text[start..end];
        let whole = Part { start, end, first_line, column: 0, list_item: false };
        let items = match self.list.as_mut() {
            None => match Scan::start(chunk, first_line) {
                Some(scan) => {
                    self.list = Some(scan);
                    return false;
                }
                None => None,
            },
            Some(scan) => match scan.advance(chunk, first_line, budget) {
                Some(items) => items,
                None => return false,
            },
        };
        let list_item = matches!(self.list.take(), Some(Scan::Block(_)));
        match items {
            Some(items) => self.parts.extend(items.into_iter().map(|(s, e, line, column)| Part {
                start: start + s,
                end: start + e,
                first_line: line,
                column,
                list_item,
            })),
            None => self.parts.push(whole),
        }
        self.next_doc += 1;
        self.next_doc >= self.docs.docs.len()
    }

    /// Bytes of the text looked at so far (the documents' scan; then each document's).
    pub fn scanned(&self) -> usize {
        self.docs.pos
    }

    /// The parts, once [`Splitter::step`] has said they are all known.
    pub fn into_parts(self) -> Vec<Part> {
        self.parts
    }
}

/// Parses one part of `text` (from [`split_parts`]).
pub fn parse_part(text: &str, part: Part) -> Vec<Document> {
    let chunk = text.get(part.start..part.end).unwrap_or_default();
    let mut docs = parse_chunk_at(chunk, part.first_line, part.column);
    for doc in &mut docs {
        doc.first_line = part.first_line;
    }
    docs
}

/// An item of a List document: (start, end, first line, characters before it on that line).
type Item = (usize, usize, u32, u32);

/// The scan of a List document, in either form.
#[derive(Clone, Debug)]
enum Scan {
    Block(ListScan),
    Json(JsonListScan),
}

impl Scan {
    /// None when `chunk` is no List's start. A document starting with `{` is JSON (and not
    /// searched for a block `items:` line).
    fn start(chunk: &str, first_line: u32) -> Option<Scan> {
        match JsonListScan::start(chunk, first_line) {
            Some(scan) => Some(Scan::Json(scan)),
            None => ListScan::start(chunk, first_line).map(Scan::Block),
        }
    }

    /// Scans about `budget` more bytes; the items as (start, end, first line, column), or None,
    /// once known.
    fn advance(&mut self, chunk: &str, first_line: u32, budget: usize) -> Option<Option<Vec<Item>>> {
        match self {
            Scan::Block(s) => s
                .advance(chunk, first_line, budget)
                .map(|items| items.map(|items| items.into_iter().map(|(s, e, line)| (s, e, line, 0)).collect())),
            Scan::Json(s) => s.advance(chunk, first_line, budget),
        }
    }
}

/// The items of a block-form List document as (start, end, first line), relative to the
/// document: a top-level `items:` line followed by `- ` entries at column 0; none when it is not
/// such a List, or when splitting could change the result. Resumable: the lines from `items:`
/// on, up to a budget per call.
#[derive(Clone, Debug)]
struct ListScan {
    /// Where the `items:` line starts.
    at: usize,
    /// The line the scan goes on with: where it starts, its number.
    offset: usize,
    line: u32,
    items: Vec<(usize, usize, u32)>,
    block_end: Option<usize>,
    not_list: bool,
}

impl ListScan {
    /// None when `chunk` has no top-level `items:` line, or anchors before it.
    fn start(chunk: &str, first_line: u32) -> Option<ListScan> {
        // Cheap rejections first: most documents are not Lists.
        let at = if chunk.starts_with("items:") { 0 } else { chunk.find("\nitems:")? + 1 };
        let bytes = chunk.as_bytes();
        if could_hold_anchor_or_alias(&bytes[..at]) {
            return None;
        }
        let line = first_line + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u32;
        Some(ListScan { at, offset: at, line, items: Vec::new(), block_end: None, not_list: false })
    }

    /// Takes the line `bytes[offset..end]`; false when the items block has ended (or is no
    /// List's).
    fn take(&mut self, bytes: &[u8], offset: usize, end: usize, line: u32) -> bool {
        // Most lines are an item's indented lines: the first byte says they continue it (as
        // below, without trimming the line first).
        if offset < end && bytes.get(offset) == Some(&b' ') && !self.items.is_empty() && offset != self.at {
            return true;
        }
        let mut content = &bytes[offset..end];
        while let [rest @ .., b'\n' | b'\r' | b' '] = content {
            content = rest;
        }
        if offset == self.at {
            self.not_list = content != b"items:";
            return !self.not_list;
        }
        // `- ` starts an item, indented lines and comments continue it, anything else at
        // column 0 ends the block.
        if content.first() == Some(&b'-') && (content.len() == 1 || content[1] == b' ') {
            if let Some(last) = self.items.last_mut() {
                last.1 = offset;
            }
            self.items.push((offset, offset, line));
        } else if content.is_empty() || content[0] == b' ' || content[0] == b'#' {
            if self.items.is_empty() && content.iter().any(|&b| b != b' ') {
                self.not_list = true; // `items:` with something other than `- ` entries under it
                return false;
            }
        } else {
            self.block_end = Some(offset);
            return false;
        }
        true
    }

    /// Scans about `budget` more bytes; the result once the block has been seen to its end.
    fn advance(&mut self, chunk: &str, first_line: u32, budget: usize) -> Option<Option<Vec<(usize, usize, u32)>>> {
        let bytes = chunk.as_bytes();
        let at = self.at;
        let rest = &bytes[at..];
        let from = self.offset - at;
        let limit = cut(rest, from, budget);
        // Anchors and aliases (`&a`, `*a` after a space, `[`, `{`, `,` or at a line's start) could
        // refer across items: such a List is read in one piece. Looked for in the same pass.
        let mut anchored = false;
        let mut go_on = true;
        let (mut offset, mut line) = (self.offset, self.line);
        newlines_and(
            &rest[from..limit],
            (b'&', b'*'),
            |nl| {
                go_on = self.take(bytes, offset, at + from + nl + 1, line);
                offset = at + from + nl + 1;
                line += 1;
                go_on
            },
            |i| {
                let i = from + i;
                anchored = i == 0 || matches!(rest[i - 1], b' ' | b'[' | b'{' | b',' | b'\n');
                !anchored
            },
        );
        (self.offset, self.line) = (offset, line);
        if anchored {
            return Some(None);
        }
        if go_on && limit < rest.len() {
            return None; // more to scan
        }
        if go_on && offset < chunk.len() {
            self.take(bytes, offset, chunk.len(), line);
        }
        Some(self.finish(chunk, first_line))
    }

    fn finish(&mut self, chunk: &str, first_line: u32) -> Option<Vec<(usize, usize, u32)>> {
        if self.not_list {
            return None;
        }
        let bytes = chunk.as_bytes();
        // The text after the items block (usually `kind: List` and `metadata`).
        let block_end = self.block_end.unwrap_or(chunk.len());
        if could_hold_anchor_or_alias(&bytes[block_end..]) {
            return None;
        }
        let mut items = std::mem::take(&mut self.items);
        if let Some(last) = items.last_mut() {
            last.1 = block_end;
        }
        if items.is_empty() {
            return None;
        }
        let shell = format!("{}items: []\n{}", &chunk[..self.at], &chunk[block_end..]);
        reads_as_list(&shell, first_line).then_some(items)
    }
}

/// Whether a List's own fields, its items left out (`shell`), read cleanly as a List: one
/// document, a mapping with one `items` key and a `kind` ending in `List`. Only then may its items
/// be read one by one.
pub(super) fn reads_as_list(shell: &str, first_line: u32) -> bool {
    let docs = parse_chunk_fast_or_libyaml(shell, first_line);
    let [doc] = docs.as_slice() else { return false };
    let Some(root) = doc.root.as_ref().filter(|_| doc.error.is_none()) else { return false };
    let Value::Map(entries) = root.node().value() else { return false };
    let kind = root.get("kind").and_then(|k| k.as_str()).unwrap_or_default();
    let one_items = entries.iter().filter(|e| e.key.as_str() == Some("items")).count() == 1;
    one_items && kind.ends_with("List")
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
