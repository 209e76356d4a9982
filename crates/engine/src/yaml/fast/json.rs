//! A fast path for JSON text (what `kubectl get -o json` prints, and what people paste):
//! objects, arrays, strings with every JSON escape, numbers, `true`, `false`, `null`. It builds
//! exactly the tree (values and spans) that libyaml builds for the same text, in one pass, and
//! gives up (`None`) on anything that is not plain JSON — comments, YAML's flow extras (plain
//! words, single quotes, trailing commas), tabs or carriage returns outside the root, errors — so
//! that libyaml parses (and reports on) the whole document instead.
//!
//! One deliberate difference: a `\uD83D\uDE00` surrogate pair is the one character it stands
//! for, as kubectl (Go's `encoding/json`) reads it, where libyaml refuses the escape. A lone
//! surrogate is left to libyaml's error.
//!
//! Strings without escapes are ranges of the chunk's text; only the others are rewritten.

use crate::yaml::bytes::string_run_end;
use crate::yaml::libyaml::MAX_DEPTH;
use crate::yaml::scalar::resolve_scalar;
use crate::yaml::tree::{Tag, Tree};
use crate::yaml::{Doc, Document, Pos, Span};
use std::sync::Arc;

/// Gives up: another path handles this document.
struct GiveUp;

type R<T> = Result<T, GiveUp>;

struct P<'a> {
    b: &'a [u8],
    /// The next byte to look at.
    i: usize,
    /// The current line (as reported) and the byte it starts at; the characters before the
    /// chunk on the current line (on its first line only).
    line: u32,
    line_start: usize,
    col0: u32,
    /// Columns count characters: for a text that is not all ASCII, the column of byte `col_at`
    /// of the current line (positions are asked for in the text's order).
    ascii: bool,
    col_at: usize,
    col: u32,
    depth: usize,
    tree: Tree,
    /// Child ids of the collections being read, innermost last.
    scratch: Vec<u32>,
    /// A string being unescaped.
    buf: String,
}

/// Parses one chunk whose first significant byte is `{` or `[`. `Some(docs)` is what the
/// libyaml path would return (but for surrogate pairs, see the module's text).
pub(crate) fn parse_chunk(text: &str, line_offset: u32) -> Option<Vec<Document>> {
    parse_chunk_at(text, line_offset, 0)
}

/// [`parse_chunk`] of a chunk that starts `column_offset` characters into its first line.
pub(crate) fn parse_chunk_at(text: &str, line_offset: u32, column_offset: u32) -> Option<Vec<Document>> {
    let b = text.as_bytes();
    if text.len() > u32::MAX as usize / 2 {
        return None;
    }
    let mut p = P {
        b,
        i: 0,
        line: line_offset,
        line_start: 0,
        col0: column_offset,
        ascii: true,
        col_at: 0,
        col: column_offset,
        depth: 0,
        // Nothing allocated until the text is seen to be JSON (most chunks are block YAML).
        tree: Tree::with_text("", 0),
        scratch: Vec::with_capacity(64),
        buf: String::new(),
    };
    // Outside the root, YAML's block context: only spaces and line breaks (a tab there is
    // libyaml's error), and the `---` that starts a document of a stream.
    if text.starts_with("---") && matches!(b.get(3), None | Some(b' ' | b'\n')) {
        p.i = 3;
    }
    p.space(false).ok()?;
    if !matches!(b.get(p.i), Some(b'{' | b'[')) {
        return None;
    }
    p.ascii = text.is_ascii();
    p.tree = Tree::with_text(text, text.len() / 16 + 4);
    let root = p.value().ok()?;
    p.space(false).ok()?;
    if p.i != b.len() {
        return None; // something after the root: libyaml reports it
    }
    p.tree.fit();
    let tree = Arc::new(p.tree);
    Some(vec![Document { root: Some(Doc::new(tree, root)), error: None, first_line: line_offset }])
}

impl P<'_> {
    /// The position of byte `at` (never before one asked for earlier).
    #[inline]
    fn pos(&mut self, at: usize) -> Pos {
        let column = if self.ascii {
            (at - self.line_start) as u32 + self.col0 + 1
        } else {
            self.col += self.b[self.col_at..at].iter().filter(|&&c| c & 0xc0 != 0x80).count() as u32;
            self.col_at = at;
            self.col + 1
        };
        Pos { line: self.line, column }
    }

    /// Skips whitespace: spaces and line breaks, and tabs where `tabs` (inside the root).
    #[inline]
    fn space(&mut self, tabs: bool) -> R<()> {
        while let Some(&c) = self.b.get(self.i) {
            // Indentation, eight spaces at a time.
            if c == b' ' && self.b.get(self.i..self.i + 8) == Some(b"        ") {
                self.i += 8;
                continue;
            }
            match c {
                b' ' => {}
                b'\t' if tabs => {}
                b'\n' => {
                    self.line += 1;
                    (self.line_start, self.col_at, self.col, self.col0) = (self.i + 1, self.i + 1, 0, 0);
                }
                b'\t' | b'\r' => return Err(GiveUp),
                _ => return Ok(()),
            }
            self.i += 1;
        }
        Ok(())
    }

    /// The byte at `i` (after whitespace), which must be there.
    #[inline]
    fn peek(&mut self) -> R<u8> {
        self.space(true)?;
        self.b.get(self.i).copied().ok_or(GiveUp)
    }

    fn value(&mut self) -> R<u32> {
        match self.peek()? {
            b'{' => self.collection(true),
            b'[' => self.collection(false),
            b'"' => self.string(),
            _ => self.word(),
        }
    }

    /// An object (`map`) or an array, at its opening bracket.
    fn collection(&mut self, map: bool) -> R<u32> {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            return Err(GiveUp); // libyaml's error
        }
        let start = self.pos(self.i);
        self.i += 1;
        let close = if map { b'}' } else { b']' };
        let mark = self.scratch.len();
        if self.peek()? != close {
            loop {
                if map {
                    if self.peek()? != b'"' {
                        return Err(GiveUp);
                    }
                    let (key_at, key_line) = (self.i, self.line);
                    let key = self.string()?;
                    // libyaml takes a key (a "simple key") only when its `:` is on the same
                    // line, at most 1024 characters after its start.
                    if self.peek()? != b':' || self.line != key_line || self.i - key_at > 1000 {
                        return Err(GiveUp);
                    }
                    self.i += 1;
                    self.scratch.push(key);
                }
                let v = self.value()?;
                self.scratch.push(v);
                match self.peek()? {
                    b',' => self.i += 1,
                    c if c == close => break,
                    _ => return Err(GiveUp),
                }
            }
        }
        self.i += 1;
        let span = Span { start, end: self.pos(self.i) };
        let id = self.tree.collection(span, map, &self.scratch[mark..]);
        self.scratch.truncate(mark);
        self.depth -= 1;
        Ok(id)
    }

    /// A string, at its opening quote.
    fn string(&mut self) -> R<u32> {
        let open = self.i;
        let start = self.pos(open);
        let b = self.b;
        let mut i = open + 1;
        let mut escaped = false;
        self.buf.clear();
        // Once an escape has been seen, the bytes before `copied` are in `buf`.
        let mut copied = i;
        loop {
            i = string_run_end(b, i);
            let c = *b.get(i).ok_or(GiveUp)?;
            match c {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.buf.push_str(text(&b[copied..i]));
                    i += 1 + self.escape(i + 1)?;
                    copied = i;
                }
                // Control characters (libyaml folds line breaks; JSON has none in a string).
                0..=0x1f | 0x7f => return Err(GiveUp),
                0x80.. => i += printable_char(&b[i..])?,
                _ => i += 1, // not reached: the run ends at one of the above
            }
        }
        self.i = i + 1;
        let span = Span { start, end: self.pos(self.i) };
        let range = if escaped {
            self.buf.push_str(text(&b[copied..i]));
            self.tree.add_text(&self.buf)
        } else {
            (open as u32 + 1, (i - open - 1) as u32)
        };
        Ok(self.tree.scalar(span, Tag::Str, range, false))
    }

    /// The escape after the backslash at `at`, into `buf`; the bytes it took.
    fn escape(&mut self, at: usize) -> R<usize> {
        let c = match *self.b.get(at).ok_or(GiveUp)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\x08',
            b'f' => '\x0c',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4(at + 1)?;
                let (code, took) = match hi {
                    0xd800..=0xdbff if self.b.get(at + 5..at + 7) == Some(b"\\u") => {
                        let lo = self.hex4(at + 7)?;
                        if !(0xdc00..=0xdfff).contains(&lo) {
                            return Err(GiveUp);
                        }
                        (0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00), 11)
                    }
                    _ => (hi, 5),
                };
                self.buf.push(char::from_u32(code).ok_or(GiveUp)?); // a lone surrogate is not
                return Ok(took);
            }
            _ => return Err(GiveUp), // YAML's other escapes, or none
        };
        self.buf.push(c);
        Ok(1)
    }

    /// The four hex digits at `at`.
    fn hex4(&self, at: usize) -> R<u32> {
        let h = self.b.get(at..at + 4).ok_or(GiveUp)?;
        if !h.iter().all(u8::is_ascii_hexdigit) {
            return Err(GiveUp);
        }
        u32::from_str_radix(text(h), 16).map_err(|_| GiveUp)
    }

    /// A number, `true`, `false` or `null`: a plain scalar, resolved as YAML resolves it.
    fn word(&mut self) -> R<u32> {
        let b = self.b;
        let from = self.i;
        let end = match b[from] {
            b'-' | b'0'..=b'9' => number_end(b, from).ok_or(GiveUp)?,
            _ => {
                let w = [&b"true"[..], b"false", b"null"].into_iter().find(|w| b[from..].starts_with(w));
                from + w.ok_or(GiveUp)?.len()
            }
        };
        // A plain scalar goes on up to a flow indicator or whitespace.
        if !matches!(b.get(end), None | Some(b' ' | b'\t' | b'\n' | b',' | b']' | b'}')) {
            return Err(GiveUp);
        }
        let start = self.pos(from);
        self.i = end;
        let span = Span { start, end: self.pos(end) };
        let word = text(&b[from..end]);
        let tag = resolve_scalar(word, true, None).tag();
        Ok(self.tree.scalar(span, tag, (from as u32, (end - from) as u32), tag != Tag::Str))
    }
}

/// The end of the JSON number at `from`: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`.
fn number_end(b: &[u8], from: usize) -> Option<usize> {
    let digits = |i: usize| i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = from + usize::from(b[from] == b'-');
    match b.get(i)? {
        b'0' => i += 1,
        b'1'..=b'9' => i = digits(i),
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        let d = digits(i + 1);
        if d == i + 1 {
            return None;
        }
        i = d;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let d = digits(i);
        if d == i {
            return None;
        }
        i = d;
    }
    Some(i)
}

/// The byte length of the character `b` starts with, when libyaml reads it as one character of
/// a string: not a C1 control, nor U+FFFE or U+FFFF (it refuses them), nor NEL, U+2028 or U+2029
/// (line breaks to it), nor U+FEFF (a byte order mark) — those are left to it.
fn printable_char(b: &[u8]) -> R<usize> {
    let n = match b[0] {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    };
    let c = std::str::from_utf8(b.get(..n).ok_or(GiveUp)?).ok().and_then(|s| s.chars().next()).ok_or(GiveUp)?;
    match c {
        '\u{a0}'..='\u{2027}' | '\u{202a}'..='\u{d7ff}' | '\u{e000}'..='\u{fefe}' | '\u{ff00}'..='\u{fffd}' => Ok(n),
        '\u{10000}'.. => Ok(n),
        _ => Err(GiveUp),
    }
}

/// ASCII or whole characters of the chunk (cut at quotes, backslashes and character starts).
#[inline]
fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or_default()
}
