//! The fast path's scalars: plain values (folded over several lines as go-yaml writes long
//! ones), single- and double-quoted values with libyaml's escapes and folding, `|`/`|-` literal
//! blocks, quoted keys.

use super::{is_indicator_start, may_resolve, trim_spaces_end, GiveUp, Pos, P, R};
use crate::yaml::bytes::find2;
use crate::yaml::scalar::{resolve_scalar, Resolved};
use crate::yaml::tree::Tag;
use crate::yaml::Span;

impl<'a> P<'a, '_> {
    /// A quoted key (one line, quotes included in `text`).
    pub(super) fn quoted_key(&mut self, text: &'a str, span: Span) -> R<u32> {
        let inner = &text[1..text.len() - 1];
        let single = text.starts_with('\'');
        if !(if single { inner.contains('\'') } else { inner.contains('\\') }) {
            let range = self.range(inner);
            return Ok(self.str_node(span, range));
        }
        self.buf.clear();
        unescape_line(inner, single, &mut self.buf)?;
        Ok(self.buf_node(span))
    }

    /// A value written on the current line, starting at byte `col`; `parent` is the column of
    /// the mapping key or sequence dash it belongs to (lines that continue it are indented
    /// more). Advances past it.
    pub(super) fn inline_value(&mut self, col: usize, parent: usize) -> R<u32> {
        let li = self.i;
        let l = self.lines[li];
        let text = &l.full[col..];
        let start = self.pos(li, col);
        let b = text.as_bytes()[0];
        match b {
            b'|' => return self.literal_block(col, parent),
            b'"' | b'\'' => return self.quoted(col, parent),
            b'{' | b'[' => {
                let (close, map) = if b == b'{' { ("{}", true) } else { ("[]", false) };
                if !text.starts_with(close) {
                    return Err(GiveUp);
                }
                let span = Span { start, end: self.pos(li, col + 2) };
                self.after_scalar(li, col + 2)?;
                return Ok(self.tree.collection(span, map, &[]));
            }
            _ => {}
        }
        let tb = text.as_bytes();
        if is_indicator_start(b) || b == b'#' || (b == b'-' && (tb.len() == 1 || tb[1] == b' ')) {
            return Err(GiveUp);
        }
        let (len, commented, colon) = scan_plain(tb);
        if colon {
            return Err(GiveUp);
        }
        let plain = &text[..len];
        // Lines indented more than `parent` continue the scalar (go-yaml folds long values),
        // unless a comment ended it.
        if !commented {
            if let Some(next) = self.continuation(li, parent) {
                return self.folded_plain(plain, start, next, parent);
            }
        }
        let end = self.pos(li, col + len);
        self.i = li + 1; // only spaces or a comment follow
        let tag = if may_resolve(plain) { resolve_scalar(plain, true, None).tag() } else { Tag::Str };
        let range = self.range(plain);
        Ok(self.tree.scalar(Span { start, end }, tag, range, tag != Tag::Str))
    }

    /// The first line after line `li` (past blank ones) when it is indented more than `parent`
    /// and could continue a plain scalar; None when the scalar ends on line `li`.
    fn continuation(&self, li: usize, parent: usize) -> Option<usize> {
        let mut j = li + 1;
        while j < self.lines.len() && self.lines[j].indent == self.lines[j].full.len() {
            j += 1;
        }
        let l = self.lines.get(j)?;
        (l.indent > parent && !l.full[l.indent..].starts_with('#')).then_some(j)
    }

    /// A plain scalar whose first line is `first` and that continues on line `next`: lines
    /// joined by a space (an empty line between them is a newline).
    fn folded_plain(&mut self, first: &str, start: Pos, mut next: usize, parent: usize) -> R<u32> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        buf.push_str(first);
        let mut prev = self.i;
        let end = loop {
            let l = self.lines[next];
            let (len, commented, colon) = scan_plain(l.text().as_bytes());
            if commented || colon {
                self.buf = buf;
                return Err(GiveUp);
            }
            let text = &l.text()[..len];
            match next - prev {
                1 => buf.push(' '),
                n => buf.extend(std::iter::repeat_n('\n', n - 1)),
            }
            buf.push_str(text);
            prev = next;
            match self.continuation(next, parent) {
                Some(n) => next = n,
                None => break self.pos(prev, l.indent + text.len()),
            }
        };
        self.i = prev + 1;
        self.buf = buf;
        if resolve_scalar(&self.buf, true, None) != Resolved::Str {
            return Err(GiveUp);
        }
        Ok(self.buf_node(Span { start, end }))
    }

    /// A single- or double-quoted scalar starting at byte `col` of the current line, on one line
    /// or folded over several (each indented more than `parent`).
    fn quoted(&mut self, col: usize, parent: usize) -> R<u32> {
        let li = self.i;
        let l = self.lines[li];
        let text = &l.full[col..];
        let single = text.starts_with('\'');
        let start = self.pos(li, col);
        if let Some(len) = quoted_len(text) {
            let inner = &text[1..len - 1];
            let end = self.pos(li, col + len);
            let id = if !(if single { inner.contains('\'') } else { inner.contains('\\') }) {
                let range = self.range(inner);
                self.str_node(Span { start, end }, range)
            } else {
                self.buf.clear();
                unescape_line(inner, single, &mut self.buf)?;
                self.buf_node(Span { start, end })
            };
            self.after_scalar(li, col + len)?;
            return Ok(id);
        }
        let (end_li, end_byte) = self.quoted_lines(li, col + 1, single, parent)?;
        let end = self.pos(end_li, end_byte);
        let id = self.buf_node(Span { start, end });
        self.after_scalar(end_li, end_byte)?;
        Ok(id)
    }

    /// The value of a quoted scalar that does not close on line `li` into `buf`, folded as
    /// libyaml folds it; the line and byte just past the closing quote.
    fn quoted_lines(&mut self, mut li: usize, mut at: usize, single: bool, parent: usize) -> R<(usize, usize)> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        let result = loop {
            let line = self.lines[li].full;
            let b = line.as_bytes();
            let mut ws: Option<usize> = None;
            let mut escaped_break = false;
            let mut closed = None;
            while at < b.len() {
                let c = b[at];
                if c == b' ' {
                    ws.get_or_insert(at);
                    at += 1;
                    continue;
                }
                if let Some(w) = ws.take() {
                    buf.push_str(&line[w..at]);
                }
                if single && c == b'\'' {
                    if b.get(at + 1) == Some(&b'\'') {
                        buf.push('\'');
                        at += 2;
                        continue;
                    }
                    closed = Some(at + 1);
                    break;
                }
                if !single && c == b'"' {
                    closed = Some(at + 1);
                    break;
                }
                if !single && c == b'\\' {
                    if at + 1 == b.len() {
                        escaped_break = true;
                        break;
                    }
                    match unescape_one(&line[at + 1..], &mut buf) {
                        Some(n) => at += 1 + n,
                        None => break,
                    }
                    continue;
                }
                let n = line[at..].chars().next().map_or(1, char::len_utf8);
                buf.push_str(&line[at..at + n]);
                at += n;
            }
            if let Some(end) = closed {
                break Ok((li, end));
            }
            if at < b.len() && !escaped_break {
                break Err(GiveUp); // a bad escape
            }
            // The line ends inside the scalar: count the empty lines up to the next text.
            li += 1;
            let mut breaks = 0;
            while li < self.lines.len()
                && !self.is_final_empty(li)
                && self.lines[li].indent == self.lines[li].full.len()
            {
                breaks += 1;
                li += 1;
            }
            if li >= self.lines.len() || self.is_final_empty(li) || self.lines[li].indent <= parent {
                break Err(GiveUp); // unclosed, or a continuation libyaml may read otherwise
            }
            if breaks == 0 && !escaped_break {
                buf.push(' ');
            } else {
                buf.extend(std::iter::repeat_n('\n', breaks));
            }
            at = self.lines[li].indent;
        };
        self.buf = buf;
        result
    }

    /// Only spaces or a comment may follow a scalar on its line; the next significant line must
    /// not be more indented than... anything that could continue it (checked by the callers'
    /// indentation rules). Advances to the next line.
    fn after_scalar(&mut self, li: usize, end: usize) -> R<()> {
        let b = self.lines[li].full.as_bytes();
        let t = super::skip_spaces(b, end);
        if !(t == b.len() || (b[t] == b'#' && t > end)) {
            return Err(GiveUp);
        }
        self.i = li + 1;
        Ok(())
    }

    /// `|` or `|-` and the lines that belong to it.
    fn literal_block(&mut self, col: usize, parent: usize) -> R<u32> {
        let li = self.i;
        let header = self.lines[li].full[col..].trim_end_matches(' ');
        let strip = match header {
            "|" => false,
            "|-" => true,
            _ => return Err(GiveUp),
        };
        let start = self.pos(li, col);
        let first = li + 1;
        // The content indentation: that of the first non-blank line.
        let Some(j) = (first..self.lines.len()).find(|&j| self.lines[j].indent < self.lines[j].full.len()) else {
            return Err(GiveUp);
        };
        let ci = self.lines[j].indent;
        if ci <= parent {
            return Err(GiveUp);
        }
        // Leading blank lines longer than the content indentation are an error in libyaml.
        if self.lines[first..j].iter().any(|x| x.full.len() > ci) {
            return Err(GiveUp);
        }
        let mut out = std::mem::take(&mut self.buf);
        out.clear();
        let mut pending_breaks = 0usize;
        let mut k = first;
        let mut any = false;
        while k < self.lines.len() {
            let line = self.lines[k];
            if self.is_final_empty(k) {
                break;
            }
            let blank = line.indent == line.full.len();
            if blank && line.full.len() <= ci {
                pending_breaks += 1;
                k += 1;
                continue;
            }
            if !blank && line.indent < ci {
                break;
            }
            // A line of text, or a "blank" line with spaces beyond the indentation (content).
            if any {
                out.push('\n');
            }
            out.extend(std::iter::repeat_n('\n', pending_breaks));
            pending_breaks = 0;
            out.push_str(&line.full[ci..]);
            any = true;
            k += 1;
        }
        if !strip && any {
            out.push('\n');
        }
        self.buf = out;
        self.i = k;
        let end = match self.lines.get(k) {
            Some(_) if !self.is_final_empty(k) => Pos { line: k as u32 + self.line_offset, column: 1 },
            _ => self.eof,
        };
        Ok(self.buf_node(Span { start, end }))
    }
}

/// A plain scalar on the rest of a line: its byte length (up to a comment, trailing spaces
/// excluded), whether a comment follows, and whether it holds `: ` or ends with `:` (then it is
/// no plain scalar).
fn scan_plain(b: &[u8]) -> (usize, bool, bool) {
    let mut colon = false;
    // Only `:` and `#` matter; they are looked for a word at a time.
    let mut from = 0;
    while let Some(i) = find2(b, from, b':', b'#') {
        if b[i] == b'#' && i > 0 && b[i - 1] == b' ' {
            return (trim_spaces_end(b, i), true, colon);
        }
        colon |= b[i] == b':' && (i + 1 == b.len() || b[i + 1] == b' ');
        from = i + 1;
    }
    (trim_spaces_end(b, b.len()), false, colon)
}

/// Byte length of a quoted scalar that closes on this line (quotes included).
pub(super) fn quoted_len(text: &str) -> Option<usize> {
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
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// The value of the inside of a one-line quoted scalar, into `out`.
fn unescape_line(inner: &str, single: bool, out: &mut String) -> R<()> {
    if single {
        out.push_str(&inner.replace("''", "'"));
        return Ok(());
    }
    let mut rest = inner;
    while let Some(k) = rest.find('\\') {
        out.push_str(&rest[..k]);
        let n = unescape_one(&rest[k + 1..], out).ok_or(GiveUp)?;
        rest = &rest[k + 1 + n..];
    }
    out.push_str(rest);
    Ok(())
}

/// The escape after a backslash at the start of `s` (libyaml's set), into `out`; the bytes it
/// took. None for an escape libyaml refuses.
fn unescape_one(s: &str, out: &mut String) -> Option<usize> {
    let e = *s.as_bytes().first()?;
    let c = match e {
        b'0' => '\0',
        b'a' => '\x07',
        b'b' => '\x08',
        b't' => '\t',
        b'n' => '\n',
        b'v' => '\x0b',
        b'f' => '\x0c',
        b'r' => '\r',
        b'e' => '\x1b',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\'' => '\'',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'x' | b'u' | b'U' => {
            let n = match e {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let hex = s.get(1..1 + n)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
            return Some(1 + n);
        }
        _ => return None,
    };
    out.push(c);
    Some(1)
}
