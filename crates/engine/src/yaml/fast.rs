//! A fast path for the block-style YAML that `kubectl get -o yaml` and people write: block
//! mappings and sequences, single-line plain and quoted scalars, `{}`/`[]`, and `|`/`|-`
//! literal blocks. It builds exactly the tree (values and spans) that the libyaml path in
//! [`super::libyaml`] builds, several times faster, and gives up (`None`) on anything else —
//! anchors, tags, flow collections with content, multi-line plain scalars, odd indentation,
//! errors — so that libyaml parses (and reports on) the whole document instead.
//!
//! `tests/yaml_fast.rs` checks that both paths agree on every fixture, example and thousands of
//! mangled variants of them.

use super::scalar::resolve_scalar;
use super::{Entry, Node, Pos, Span, Value};

/// Gives up: the libyaml path handles this document.
struct GiveUp;

type R<T> = Result<T, GiveUp>;

#[derive(Clone, Copy)]
struct Line<'a> {
    /// 0-based line number within the chunk.
    no: u32,
    indent: usize,
    /// The text after the indentation, without the line break.
    text: &'a str,
    /// The whole line without the line break.
    full: &'a str,
}

impl Line<'_> {
    /// Blank or comment-only.
    fn is_insignificant(&self) -> bool {
        self.text.trim_end().is_empty() || self.text.starts_with('#')
    }
}

struct P<'a> {
    lines: Vec<Line<'a>>,
    /// Index of the next line to look at.
    i: usize,
    line_offset: u32,
    /// The position just past the end of the chunk (libyaml's stream-end mark).
    eof: Pos,
}

/// Parses one `---`-separated chunk. `Some(docs)` is what the libyaml path would return.
pub(crate) fn parse_chunk(text: &str, line_offset: u32) -> Option<Vec<super::Document>> {
    if text.len() > u32::MAX as usize / 2 || text.contains('\t') || text.contains('\r') || text.starts_with('\u{feff}')
    {
        return None;
    }
    // A last line of spaces or a comment with no newline after it: libyaml ends the blocks still
    // open at the end of that line, not on a new line. Rare (a text being typed); leave it to
    // libyaml.
    let tail = text.rsplit('\n').next().unwrap_or_default();
    if !tail.is_empty() && (tail.bytes().all(|b| b == b' ') || tail.trim_start_matches(' ').starts_with('#')) {
        return None;
    }
    let mut lines = Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count() + 1);
    for (no, full) in text.split('\n').enumerate() {
        let indent = full.len() - full.trim_start_matches(' ').len();
        lines.push(Line { no: no as u32, indent, text: &full[indent..], full });
    }
    // `split('\n')` yields a last empty piece after a final newline; libyaml's end mark is then
    // the start of that (empty) line.
    // libyaml ends the stream on a new line: column 1 of the line after the last text.
    let last = lines.len().saturating_sub(1) as u32;
    let eof_line = if text.ends_with('\n') || text.is_empty() { last } else { last + 1 };
    let mut p = P { lines, i: 0, line_offset, eof: Pos { line: eof_line + line_offset, column: 1 } };
    p.document().ok()
}

fn col_of(line: &str, byte: usize) -> u32 {
    // libyaml counts characters, not bytes.
    let prefix = line.get(..byte).unwrap_or(line);
    if prefix.is_ascii() {
        byte as u32 + 1
    } else {
        prefix.chars().count() as u32 + 1
    }
}

fn is_indicator_start(c: u8) -> bool {
    matches!(c, b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b'|' | b'>' | b'?' | b',' | b'[' | b']' | b'{' | b'}')
}

impl<'a> P<'a> {
    fn pos(&self, line: &Line, byte_in_full: usize) -> Pos {
        Pos { line: line.no + self.line_offset, column: col_of(line.full, byte_in_full) }
    }

    fn skip_insignificant(&mut self) {
        while self.i < self.lines.len() && self.lines[self.i].is_insignificant() {
            self.i += 1;
        }
    }

    /// Where a container that ends before line `i` ends: the next significant line's first
    /// token, or the end of the chunk.
    fn end_mark(&self) -> Pos {
        let mut j = self.i;
        while j < self.lines.len() && self.lines[j].is_insignificant() {
            j += 1;
        }
        match self.lines.get(j) {
            Some(l) if j + 1 < self.lines.len() || !l.full.is_empty() => self.pos(l, l.indent),
            _ => self.eof,
        }
    }

    fn document(&mut self) -> R<Vec<super::Document>> {
        self.skip_insignificant();
        let mut explicit = false;
        if let Some(l) = self.lines.get(self.i) {
            if l.indent == 0 && l.text.starts_with("---") {
                let rest = l.text[3..].trim_start();
                if !(rest.is_empty() || rest.starts_with('#')) {
                    return Err(GiveUp);
                }
                explicit = true;
                self.i += 1;
                self.skip_insignificant();
            } else if l.indent == 0 && (l.text.starts_with('%') || l.text.starts_with("...")) {
                return Err(GiveUp);
            }
        }
        if self.i >= self.lines.len() || (self.i + 1 == self.lines.len() && self.lines[self.i].full.is_empty()) {
            if !explicit {
                return Ok(Vec::new());
            }
            let root =
                Node { value: Value::Null, span: Span { start: self.eof, end: self.eof }, raw: Some(String::new()) };
            return Ok(vec![super::Document { root: Some(root), error: None, first_line: self.line_offset }]);
        }
        let l = self.lines[self.i];
        if l.indent != 0 && !explicit {
            // A document indented as a whole is legal but unusual.
            return Err(GiveUp);
        }
        let root = self.block(l.indent, l.indent)?;
        self.skip_insignificant();
        if self.i < self.lines.len() && !(self.i + 1 == self.lines.len() && self.lines[self.i].full.is_empty()) {
            return Err(GiveUp); // something after the root: libyaml reports it
        }
        Ok(vec![super::Document { root: Some(root), error: None, first_line: self.line_offset }])
    }

    /// A block node starting at the current (significant) line, whose content starts at byte
    /// `col` of the line and whose parent's indentation is below `indent`.
    fn block(&mut self, indent: usize, col: usize) -> R<Node> {
        let l = self.lines[self.i];
        let text = &l.full[col..];
        if text == "-" || text.starts_with("- ") || text.starts_with("-#") {
            self.sequence(indent, col)
        } else {
            self.mapping(col)
        }
    }

    /// A block sequence whose dashes are at byte column `col` (the line's indentation).
    fn sequence(&mut self, _indent: usize, col: usize) -> R<Node> {
        let first = self.lines[self.i];
        let start = self.pos(&first, col);
        let mut items = Vec::new();
        loop {
            self.skip_insignificant();
            let Some(l) = self.lines.get(self.i).copied() else { break };
            if l.indent != col {
                if l.indent > col {
                    return Err(GiveUp);
                }
                break;
            }
            let text = l.text;
            if !(text == "-" || text.starts_with("- ")) {
                break;
            }
            let after = &text[1..];
            let rest = after.trim_start_matches(' ');
            let rest_col = col + 1 + (after.len() - rest.len());
            if rest.is_empty() || rest.starts_with('#') {
                // `-` alone: the item is on the following lines, or null.
                let dash_end = self.pos(&l, col + 1);
                self.i += 1;
                self.skip_insignificant();
                match self.lines.get(self.i).copied() {
                    Some(n) if n.indent > col && !(self.i + 1 == self.lines.len() && n.full.is_empty()) => {
                        items.push(self.block(n.indent, n.indent)?)
                    }
                    _ => items.push(null_at(dash_end)),
                }
            } else if rest.starts_with("- ") || rest == "-" {
                return Err(GiveUp); // `- - x`: nested compact sequence
            } else if find_mapping_colon(rest)?.is_some() {
                items.push(self.mapping(rest_col)?);
            } else {
                items.push(self.inline_value(&l, rest_col, col)?);
            }
        }
        let end = self.end_mark();
        Ok(Node { value: Value::Seq(items), span: Span { start, end }, raw: None })
    }

    /// A block mapping whose keys start at byte column `col`; its first key is on the current
    /// line (possibly after a `- `).
    fn mapping(&mut self, col: usize) -> R<Node> {
        let first = self.lines[self.i];
        let start = self.pos(&first, col);
        let mut entries = Vec::new();
        let mut first_line = true;
        loop {
            if !first_line {
                self.skip_insignificant();
            }
            let Some(l) = self.lines.get(self.i).copied() else { break };
            if self.i + 1 == self.lines.len() && l.full.is_empty() {
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
                if l.text == "-" || l.text.starts_with("- ") {
                    break; // a sequence at the parent's level
                }
            }
            first_line = false;
            let text = &l.full[at..];
            let Some((key_text, key_len, quoted)) = find_mapping_colon(text)? else { return Err(GiveUp) };
            let key_start = self.pos(&l, at);
            let key_end = self.pos(&l, at + key_len);
            let key_value = if quoted {
                unquote(&text[..key_len])?
            } else {
                if key_text == "<<"
                    || key_text.is_empty()
                    || is_indicator_start(key_text.as_bytes()[0])
                    || key_text.starts_with("- ")
                {
                    return Err(GiveUp);
                }
                key_text.to_string()
            };
            let key = Node { value: Value::Str(key_value), span: Span { start: key_start, end: key_end }, raw: None };
            let key = fix_plain_key(key, quoted);
            // After the key: `:` then the value.
            let colon = at + key_len + text[key_len..].find(':').ok_or(GiveUp)?;
            let after = &l.full[colon + 1..];
            let rest = after.trim_start_matches(' ');
            let rest_col = colon + 1 + (after.len() - rest.len());
            let value = if rest.is_empty() || rest.starts_with('#') {
                let null_pos = self.pos(&l, colon + 1);
                self.i += 1;
                self.skip_insignificant();
                match self.lines.get(self.i).copied() {
                    Some(n) if self.i + 1 == self.lines.len() && n.full.is_empty() => null_at(null_pos),
                    Some(n) if n.indent > at => self.block(n.indent, n.indent)?,
                    Some(n) if n.indent == at && (n.text == "-" || n.text.starts_with("- ")) => {
                        self.sequence(at, at)?
                    }
                    _ => null_at(null_pos),
                }
            } else {
                self.inline_value(&l, rest_col, at)?
            };
            entries.push(Entry { key, value });
        }
        let end = self.end_mark();
        Ok(Node { value: Value::Map(entries), span: Span { start, end }, raw: None })
    }

    /// A value written on the same line, starting at byte `col`; `parent` is the indentation of
    /// the mapping key or sequence dash it belongs to. Advances past it.
    fn inline_value(&mut self, l: &Line<'a>, col: usize, parent: usize) -> R<Node> {
        let text = &l.full[col..];
        let start = self.pos(l, col);
        let b = text.as_bytes()[0];
        if b == b'|' {
            return self.literal_block(l, col, parent);
        }
        let (value, len) = match b {
            b'"' | b'\'' => {
                let len = quoted_len(text)?;
                (Value::Str(unquote(&text[..len])?), len)
            }
            b'{' | b'[' => {
                let close = if b == b'{' { "{}" } else { "[]" };
                if !text.starts_with(close) {
                    return Err(GiveUp);
                }
                let v = if b == b'{' { Value::Map(Vec::new()) } else { Value::Seq(Vec::new()) };
                (v, 2)
            }
            _ => {
                if is_indicator_start(b) || b == b'#' || (b == b'-' && (text == "-" || text.starts_with("- "))) {
                    return Err(GiveUp);
                }
                let len = plain_len(text);
                let plain = &text[..len];
                if plain.contains(": ") || plain.ends_with(':') || plain.contains(" #") {
                    return Err(GiveUp);
                }
                let v = resolve_scalar(plain, true, None);
                let raw = (!matches!(v, Value::Str(_)) || plain == "<<").then(|| plain.to_string());
                let end = self.pos(l, col + len);
                self.after_scalar(l, col + len)?;
                return Ok(Node { value: v, span: Span { start, end }, raw });
            }
        };
        let end = self.pos(l, col + len);
        self.after_scalar(l, col + len)?;
        Ok(Node { value, span: Span { start, end }, raw: None })
    }

    /// Only spaces or a comment may follow a scalar on its line; the next significant line must
    /// not be more indented than... anything that could continue it (checked by the callers'
    /// indentation rules). Advances to the next line.
    fn after_scalar(&mut self, l: &Line, end: usize) -> R<()> {
        let tail = &l.full[end..];
        let t = tail.trim_start_matches(' ');
        if !(t.is_empty() || (t.starts_with('#') && t.len() < tail.len())) {
            return Err(GiveUp);
        }
        self.i += 1;
        Ok(())
    }

    /// `|` or `|-` and the lines that belong to it.
    fn literal_block(&mut self, l: &Line<'a>, col: usize, parent: usize) -> R<Node> {
        let header = l.full[col..].trim_end_matches(' ');
        let strip = match header {
            "|" => false,
            "|-" => true,
            _ => return Err(GiveUp),
        };
        let start = self.pos(l, col);
        self.i += 1;
        let first = self.i;
        // The content indentation: that of the first non-blank line.
        let mut content_indent = None;
        let mut j = first;
        while j < self.lines.len() {
            let line = self.lines[j];
            if !line.full.trim_end_matches(' ').is_empty() {
                content_indent = Some(line.indent);
                break;
            }
            j += 1;
        }
        let Some(ci) = content_indent.filter(|&ci| ci > parent) else { return Err(GiveUp) };
        // Leading blank lines longer than the content indentation are an error in libyaml.
        if self.lines[first..j].iter().any(|x| x.full.len() > ci) {
            return Err(GiveUp);
        }
        let mut out = String::new();
        let mut pending_breaks = 0usize;
        let mut k = first;
        let mut any = false;
        while k < self.lines.len() {
            let line = self.lines[k];
            let blank = line.full.trim_end_matches(' ').is_empty();
            if k + 1 == self.lines.len() && line.full.is_empty() {
                break;
            }
            if blank {
                if line.full.len() > ci {
                    // a "blank" line with spaces beyond the indentation is content
                    for _ in 0..pending_breaks {
                        out.push('\n');
                    }
                    pending_breaks = 0;
                    if any {
                        out.push('\n');
                    }
                    out.push_str(&line.full[ci..]);
                    any = true;
                    k += 1;
                    continue;
                }
                pending_breaks += 1;
                k += 1;
                continue;
            }
            if line.indent < ci {
                break;
            }
            if any {
                out.push('\n');
            }
            for _ in 0..pending_breaks {
                out.push('\n');
            }
            pending_breaks = 0;
            out.push_str(&line.full[ci..]);
            any = true;
            k += 1;
        }
        if !strip && any {
            out.push('\n');
        }
        self.i = k;
        let end = match self.lines.get(k) {
            Some(n) if !(k + 1 == self.lines.len() && n.full.is_empty()) => {
                Pos { line: n.no + self.line_offset, column: 1 }
            }
            _ => self.eof,
        };
        Ok(Node { value: Value::Str(out), span: Span { start, end }, raw: None })
    }
}

fn null_at(p: Pos) -> Node {
    Node { value: Value::Null, span: Span { start: p, end: p }, raw: Some(String::new()) }
}

/// Plain keys that YAML would read as numbers or booleans are kept as the text written (as the
/// libyaml path's builder does).
fn fix_plain_key(key: Node, quoted: bool) -> Node {
    if quoted {
        return key;
    }
    let Value::Str(s) = &key.value else { return key };
    match resolve_scalar(s, true, None) {
        Value::Str(_) => key,
        _ => Node { raw: Some(s.clone()), ..key },
    }
}

/// If `text` starts with a mapping key (`key:` followed by a space or the end), returns the key
/// text (for plain keys), the byte length of the key token, and whether it is quoted.
fn find_mapping_colon(text: &str) -> R<Option<(&str, usize, bool)>> {
    let b = text.as_bytes();
    if b.is_empty() {
        return Ok(None);
    }
    if b[0] == b'"' || b[0] == b'\'' {
        let Ok(len) = quoted_len(text) else { return Ok(None) };
        let after = text[len..].trim_start_matches(' ');
        if after.starts_with(':') && (after.len() == 1 || after.as_bytes()[1] == b' ') {
            return Ok(Some((&text[..len], len, true)));
        }
        return Ok(None);
    }
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b':' if i + 1 == b.len() || b[i + 1] == b' ' => {
                let key = text[..i].trim_end_matches(' ');
                return Ok(Some((key, key.len(), false)));
            }
            b'#' if i > 0 && b[i - 1] == b' ' => return Ok(None),
            _ => {}
        }
        i += 1;
    }
    Ok(None)
}

/// Byte length of a plain scalar on the rest of the line (up to a comment, trailing spaces
/// excluded).
fn plain_len(text: &str) -> usize {
    let b = text.as_bytes();
    let mut end = b.len();
    for i in 1..b.len() {
        if b[i] == b'#' && b[i - 1] == b' ' {
            end = i;
            break;
        }
    }
    text[..end].trim_end_matches(' ').len()
}

/// Byte length of a quoted scalar that closes on this line (quotes included).
fn quoted_len(text: &str) -> R<usize> {
    let b = text.as_bytes();
    let q = b[0];
    let mut i = 1;
    while i < b.len() {
        if q == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            if q == b'\'' && i + 1 < b.len() && b[i + 1] == b'\'' {
                i += 2;
                continue;
            }
            return Ok(i + 1);
        }
        i += 1;
    }
    Err(GiveUp)
}

/// The value of a single-line quoted scalar (quotes included in `text`).
fn unquote(text: &str) -> R<String> {
    let inner = &text[1..text.len() - 1];
    if text.starts_with('\'') {
        return Ok(inner.replace("''", "'"));
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next().ok_or(GiveUp)?;
        match e {
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '/' => out.push('/'),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            ' ' => out.push(' '),
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = chars.by_ref().take(n).collect();
                if hex.len() != n {
                    return Err(GiveUp);
                }
                let v = u32::from_str_radix(&hex, 16).map_err(|_| GiveUp)?;
                out.push(char::from_u32(v).ok_or(GiveUp)?);
            }
            _ => return Err(GiveUp),
        }
    }
    Ok(out)
}
