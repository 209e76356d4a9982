//! A fast path for the block-style YAML that `kubectl get -o yaml` and people write: block
//! mappings and sequences, plain and quoted scalars (folded over several lines as go-yaml writes
//! long values), quoted keys, `{}`/`[]`, and `|`/`|-` literal blocks. It builds exactly the tree
//! (values and spans) that the libyaml path in [`super::libyaml`] builds, several times faster,
//! and gives up (`None`) on anything else — anchors, tags, flow collections with content, odd
//! indentation, errors — so that libyaml parses (and reports on) the whole document instead.
//!
//! Scalars written without escapes or folding are ranges of the chunk's text (copied once into
//! the tree); only the others are rewritten into the tree's text buffer.
//!
//! `tests/yaml_fast.rs` checks that both paths agree on every fixture, example, corpus dump and
//! thousands of mangled variants of them.

pub(super) mod json;
mod scalars;

use super::bytes::{find2, leading_spaces, newlines_and};
use super::scalar::{resolve_scalar, Resolved};
use super::tree::{Tag, Tree};
use super::{Doc, Document, Pos, Span};
use scalars::quoted_len;
use std::sync::Arc;

/// Gives up: the libyaml path handles this document.
struct GiveUp;

type R<T> = Result<T, GiveUp>;

#[derive(Clone, Copy)]
struct Line<'a> {
    /// The whole line without the line break.
    full: &'a str,
    indent: usize,
    /// Blank (spaces only) or a comment: skipped between nodes.
    insignificant: bool,
    /// Columns are byte offsets + 1 (libyaml counts characters).
    ascii: bool,
}

impl<'a> Line<'a> {
    /// The text after the indentation.
    #[inline(always)]
    fn text(&self) -> &'a str {
        &self.full[self.indent..]
    }
    #[inline(always)]
    fn is_dash(&self) -> bool {
        let t = &self.full.as_bytes()[self.indent..];
        t.first() == Some(&b'-') && (t.len() == 1 || t[1] == b' ')
    }
}

struct P<'a, 'l> {
    src: &'a str,
    lines: &'l [Line<'a>],
    /// Index of the next line to look at.
    i: usize,
    line_offset: u32,
    /// The position just past the end of the chunk (libyaml's stream-end mark).
    eof: Pos,
    tree: Tree,
    /// Child ids of the collections being read, innermost last.
    scratch: Vec<u32>,
    /// A scalar being rewritten (unescaped, folded).
    buf: String,
}

/// Parses one `---`-separated chunk. `Some(docs)` is what the libyaml path would return.
pub(crate) fn parse_chunk(text: &str, line_offset: u32) -> Option<Vec<Document>> {
    let b = text.as_bytes();
    if text.len() > u32::MAX as usize / 2 || text.starts_with('\u{feff}') {
        return None;
    }
    let mut lines = Vec::with_capacity(text.len() / 24 + 2);
    let all_ascii = text.is_ascii();
    let line = |start: usize, end: usize| {
        let full = text.get(start..end).unwrap_or_default();
        // The spaces from the line's start: they stop at its end (a line break is no space).
        let indent = leading_spaces(b.get(start..).unwrap_or_default()).min(full.len());
        let b = full.as_bytes();
        let insignificant = indent == b.len() || b[indent] == b'#';
        Line { full, indent, insignificant, ascii: all_ascii || full.is_ascii() }
    };
    let mut start = 0;
    // Tabs and carriage returns are left to libyaml.
    let mut plain = true;
    newlines_and(
        b,
        (b'\t', b'\r'),
        |nl| {
            lines.push(line(start, nl));
            start = nl + 1;
            true
        },
        |_| {
            plain = false;
            false
        },
    );
    if !plain {
        return None;
    }
    lines.push(line(start, text.len()));
    // A last line of spaces or a comment with no newline after it: libyaml ends the blocks still
    // open at the end of that line, not on a new line. Rare (a text being typed); leave it to
    // libyaml.
    if lines.last().is_some_and(|l| !l.full.is_empty() && (l.indent == l.full.len() || l.text().starts_with('#'))) {
        return None;
    }
    // `split('\n')` yields a last empty piece after a final newline; libyaml ends the stream on
    // a new line: column 1 of the line after the last text.
    let last = lines.len().saturating_sub(1) as u32;
    let eof_line = if text.ends_with('\n') || text.is_empty() { last } else { last + 1 };
    // About two nodes a line (a key and its value), more in lists of small maps.
    let nodes = lines.len() * 3 + 4;
    let mut p = P {
        src: text,
        lines: &lines,
        i: 0,
        line_offset,
        eof: Pos { line: eof_line + line_offset, column: 1 },
        tree: Tree::with_text(text, nodes),
        scratch: Vec::with_capacity(64),
        buf: String::new(),
    };
    let root = p.document().ok()?;
    p.tree.fit();
    let tree = Arc::new(p.tree);
    Some(
        root.map(|id| Document { root: Some(Doc::new(tree, id)), error: None, first_line: line_offset })
            .into_iter()
            .collect(),
    )
}

#[inline(always)]
fn is_indicator_start(c: u8) -> bool {
    matches!(c, b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b'|' | b'>' | b'?' | b',' | b'[' | b']' | b'{' | b'}')
}

impl<'a> P<'a, '_> {
    #[inline(always)]
    fn pos(&self, li: usize, byte: usize) -> Pos {
        let l = &self.lines[li];
        let column =
            if l.ascii { byte as u32 + 1 } else { l.full.get(..byte).unwrap_or(l.full).chars().count() as u32 + 1 };
        Pos { line: li as u32 + self.line_offset, column }
    }

    /// The range of `s` (a slice of the chunk) in the tree's text, which starts with the chunk.
    #[inline(always)]
    fn range(&self, s: &str) -> (u32, u32) {
        ((s.as_ptr() as usize - self.src.as_ptr() as usize) as u32, s.len() as u32)
    }

    /// Whether line `j` is the empty piece after the chunk's final newline.
    #[inline(always)]
    fn is_final_empty(&self, j: usize) -> bool {
        j + 1 == self.lines.len() && self.lines[j].full.is_empty()
    }

    #[inline(always)]
    fn skip_insignificant(&mut self) {
        while self.i < self.lines.len() && self.lines[self.i].insignificant {
            self.i += 1;
        }
    }

    /// Where a container that ends before line `i` ends: the next significant line's first
    /// token, or the end of the chunk.
    fn end_mark(&self) -> Pos {
        let mut j = self.i;
        while j < self.lines.len() && self.lines[j].insignificant {
            j += 1;
        }
        match self.lines.get(j) {
            Some(l) if j + 1 < self.lines.len() || !l.full.is_empty() => self.pos(j, l.indent),
            _ => self.eof,
        }
    }

    #[inline(always)]
    fn str_node(&mut self, span: Span, range: (u32, u32)) -> u32 {
        self.tree.scalar(span, Tag::Str, range, false)
    }

    #[inline(always)]
    fn null_at(&mut self, p: Pos) -> u32 {
        self.tree.scalar(Span { start: p, end: p }, Tag::Null, (0, 0), true)
    }

    /// The rewritten scalar in `buf` as a string node.
    fn buf_node(&mut self, span: Span) -> u32 {
        let range = self.tree.add_text(&self.buf);
        self.str_node(span, range)
    }

    fn document(&mut self) -> R<Option<u32>> {
        self.skip_insignificant();
        let mut explicit = false;
        if let Some(l) = self.lines.get(self.i) {
            let t = l.text();
            if l.indent == 0 && t.starts_with("---") {
                let rest = t[3..].trim_start();
                if !(rest.is_empty() || rest.starts_with('#')) {
                    return Err(GiveUp);
                }
                explicit = true;
                self.i += 1;
                self.skip_insignificant();
            } else if l.indent == 0 && (t.starts_with('%') || t.starts_with("...")) {
                return Err(GiveUp);
            }
        }
        if self.i >= self.lines.len() || self.is_final_empty(self.i) {
            return Ok(explicit.then(|| self.null_at(self.eof)));
        }
        let l = self.lines[self.i];
        if l.indent != 0 && !explicit {
            // A document indented as a whole is legal but unusual.
            return Err(GiveUp);
        }
        let root = self.block(l.indent)?;
        self.skip_insignificant();
        if self.i < self.lines.len() && !self.is_final_empty(self.i) {
            return Err(GiveUp); // something after the root: libyaml reports it
        }
        Ok(Some(root))
    }

    /// A block node starting at the current (significant) line, whose content starts at byte
    /// `col` of the line.
    fn block(&mut self, col: usize) -> R<u32> {
        let t = &self.lines[self.i].full.as_bytes()[col..];
        if t.first() == Some(&b'-') && (t.len() == 1 || t[1] == b' ' || t[1] == b'#') {
            self.sequence(col)
        } else {
            self.mapping(col)
        }
    }

    /// A block sequence whose dashes are at byte column `col` (the line's indentation).
    fn sequence(&mut self, col: usize) -> R<u32> {
        let start = self.pos(self.i, col);
        let mark = self.scratch.len();
        loop {
            self.skip_insignificant();
            let Some(l) = self.lines.get(self.i).copied() else { break };
            if l.indent != col {
                if l.indent > col {
                    return Err(GiveUp);
                }
                break;
            }
            if !l.is_dash() {
                break;
            }
            let b = l.full.as_bytes();
            let rest_col = skip_spaces(b, col + 1);
            let rest = &l.full[rest_col..];
            let item = if rest.is_empty() || b[rest_col] == b'#' {
                // `-` alone: the item is on the following lines, or null.
                let dash_end = self.pos(self.i, col + 1);
                self.i += 1;
                self.skip_insignificant();
                match self.lines.get(self.i).copied() {
                    Some(n) if n.indent > col && !self.is_final_empty(self.i) => self.block(n.indent)?,
                    _ => self.null_at(dash_end),
                }
            } else if b[rest_col] == b'-' && (rest.len() == 1 || b[rest_col + 1] == b' ') {
                return Err(GiveUp); // `- - x`: nested compact sequence
            } else if find_mapping_colon(rest).is_some() {
                self.mapping(rest_col)?
            } else {
                self.inline_value(rest_col, col)?
            };
            self.scratch.push(item);
        }
        let span = Span { start, end: self.end_mark() };
        let id = self.tree.collection(span, false, &self.scratch[mark..]);
        self.scratch.truncate(mark);
        Ok(id)
    }

    /// A block mapping whose keys start at byte column `col`; its first key is on the current
    /// line (possibly after a `- `).
    fn mapping(&mut self, col: usize) -> R<u32> {
        let start = self.pos(self.i, col);
        let mark = self.scratch.len();
        let mut first_line = true;
        loop {
            if !first_line {
                self.skip_insignificant();
            }
            let Some(l) = self.lines.get(self.i).copied() else { break };
            if self.is_final_empty(self.i) {
                break;
            }
            let at = if first_line { col } else { l.indent };
            if !first_line {
                if l.indent < col {
                    break;
                }
                if l.indent > col {
                    return Err(GiveUp); // a continuation line or bad indentation
                }
                if l.is_dash() {
                    break; // a sequence at the parent's level
                }
            }
            first_line = false;
            let li = self.i;
            let text = &l.full[at..];
            let Some(KeyAt { len: key_len, colon, quoted }) = find_mapping_colon(text) else { return Err(GiveUp) };
            let key_text = &text[..key_len];
            let key_span = Span { start: self.pos(li, at), end: self.pos(li, at + key_len) };
            let key = if quoted {
                self.quoted_key(key_text, key_span)?
            } else {
                let b = key_text.as_bytes();
                if b.is_empty() || b == b"<<" || is_indicator_start(b[0]) || (b[0] == b'-' && b.get(1) == Some(&b' ')) {
                    return Err(GiveUp);
                }
                // Plain keys that YAML would read as numbers or booleans are kept as the text
                // written (as the libyaml path's builder does).
                let has_raw = may_resolve(key_text) && resolve_scalar(key_text, true, None) != Resolved::Str;
                let range = self.range(key_text);
                self.tree.scalar(key_span, Tag::Str, range, has_raw)
            };
            // After the key: `:` then the value.
            let colon = at + colon;
            let b = l.full.as_bytes();
            let rest_col = skip_spaces(b, colon + 1);
            let value = if rest_col == b.len() || b[rest_col] == b'#' {
                let null_pos = self.pos(li, colon + 1);
                self.i += 1;
                self.skip_insignificant();
                match self.lines.get(self.i).copied() {
                    Some(_) if self.is_final_empty(self.i) => self.null_at(null_pos),
                    Some(n) if n.indent > at => self.block(n.indent)?,
                    Some(n) if n.indent == at && n.is_dash() => self.sequence(at)?,
                    _ => self.null_at(null_pos),
                }
            } else {
                self.inline_value(rest_col, at)?
            };
            self.scratch.extend([key, value]);
        }
        let span = Span { start, end: self.end_mark() };
        let id = self.tree.collection(span, true, &self.scratch[mark..]);
        self.scratch.truncate(mark);
        Ok(id)
    }
}

/// Whether a plain scalar may read as something other than a string: most start with a letter
/// no null, boolean or number starts with.
#[inline(always)]
pub(super) fn may_resolve(s: &str) -> bool {
    !matches!(
        s.as_bytes().first(),
        Some(
            b'a'..=b'e'
            | b'g'..=b'm'
            | b'p'..=b's'
            | b'u'..=b'x'
            | b'z'
            | b'A'..=b'E'
            | b'G'..=b'M'
            | b'P'..=b'S'
            | b'U'..=b'X'
            | b'Z'
            | b'/',
        )
    )
}

/// A mapping key at the start of a line's text (`key:` followed by a space or the line's end).
struct KeyAt {
    /// Byte length of the key token (quotes included).
    len: usize,
    /// Byte offset of the `:`.
    colon: usize,
    quoted: bool,
}

/// The mapping key `text` starts with, if it does.
fn find_mapping_colon(text: &str) -> Option<KeyAt> {
    let b = text.as_bytes();
    match *b.first()? {
        b'"' | b'\'' => {
            let len = quoted_len(text)?;
            let c = skip_spaces(b, len);
            let ok = b.get(c) == Some(&b':') && (c + 1 == b.len() || b[c + 1] == b' ');
            ok.then_some(KeyAt { len, colon: c, quoted: true })
        }
        _ => {
            let mut from = 0;
            while let Some(i) = find2(b, from, b':', b'#') {
                if b[i] == b':' && (i + 1 == b.len() || b[i + 1] == b' ') {
                    return Some(KeyAt { len: trim_spaces_end(b, i), colon: i, quoted: false });
                }
                if b[i] == b'#' && i > 0 && b[i - 1] == b' ' {
                    return None;
                }
                from = i + 1;
            }
            None
        }
    }
}

/// The first byte at or after `i` that is not a space (`b.len()` if none).
#[inline(always)]
fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    i
}

/// `end` moved back over the spaces before it.
#[inline(always)]
pub(super) fn trim_spaces_end(b: &[u8], mut end: usize) -> usize {
    while end > 0 && b[end - 1] == b' ' {
        end -= 1;
    }
    end
}
