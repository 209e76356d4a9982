//! [`Editor`]: setting, adding and removing fields of one document in place.

use crate::edit::text::Text;
use crate::edit::val::{nest, Val};
use crate::yaml;
use crate::yaml::{Node, Pos, Value};
pub(super) struct Editor<'t, 'a> {
    pub(super) t: &'t Text<'a>,
    pub(super) json: bool,
    /// (start, end, replacement), applied together; never overlapping.
    pub(super) edits: Vec<(usize, usize, String)>,
}

impl<'t, 'a> Editor<'t, 'a> {
    pub(super) fn new(t: &'t Text<'a>, json: bool) -> Self {
        Editor { t, json, edits: Vec::new() }
    }

    pub(super) fn replace(&mut self, start: usize, end: usize, with: String) {
        self.edits.push((start, end.max(start), with));
    }

    pub(super) fn apply(self) -> Result<String, String> {
        let mut edits: Vec<(usize, (usize, usize, String))> = self.edits.into_iter().enumerate().collect();
        // Last first; at one offset, later edits go after earlier ones.
        crate::util::sort::sort_by(&mut edits, |(ia, a), (ib, b)| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(ib.cmp(ia)));
        let mut out = self.t.s.to_string();
        let mut limit = usize::MAX;
        for (_, (start, end, with)) in edits {
            if end > limit || end > out.len() || !out.is_char_boundary(start) || !out.is_char_boundary(end) {
                return Err("the edit could not be placed in this text".into());
            }
            out.replace_range(start..end, &with);
            limit = start;
        }
        Ok(out)
    }

    pub(super) fn is_flow(&self, n: Node) -> bool {
        matches!(self.t.char_at(self.t.offset(n.span().start)), Some('{' | '['))
    }

    /// Where the node's text really ends (a block collection's own end mark is at the next token,
    /// possibly lines later).
    pub(super) fn end(&self, n: Node) -> Pos {
        match n.value() {
            Value::Map(entries) if !self.is_flow(n) => match entries.last() {
                Some(e) => self.end(e.value).max(e.key.span().end),
                None => n.span().start,
            },
            Value::Seq(items) if !self.is_flow(n) => match items.last() {
                Some(i) => self.end(i).max(i.span().start),
                None => n.span().start,
            },
            _ => {
                let e = n.span().end;
                // A block scalar (`|`, `>`) ends at the start of the line after its text.
                if e.column <= 1 && e.line > n.span().start.line {
                    // ... after trailing blank lines: end at the last line with text.
                    let mut line = e.line - 1;
                    while line > n.span().start.line {
                        let ls = self.t.line_starts.get(line as usize - 1).copied().unwrap_or(0);
                        if !self.t.s[ls..self.t.line_end_at(ls)].trim().is_empty() {
                            break;
                        }
                        line -= 1;
                    }
                    Pos { line, column: u32::MAX }
                } else {
                    e
                }
            }
        }
    }

    pub(super) fn line_end_after(&self, n: Node) -> usize {
        self.t.line_end_at(self.t.offset(self.end(n)))
    }

    /// Sets the value at `path` below mapping `m`, creating what is missing.
    pub(super) fn set_path(&mut self, m: Node, path: &[&str], val: Val) -> Result<(), String> {
        let Some((key, rest)) = path.split_first() else { return Err("empty path".into()) };
        let Some(entries) = m.as_map() else {
            return Err(format!("expected a mapping for `{key}`, found a {}", m.type_name()));
        };
        let entry = entries.iter().rev().find(|e| e.key.as_str() == Some(*key));
        match entry {
            None => self.insert_entry(m, key, if rest.is_empty() { val } else { nest(rest, val) }),
            Some(e) if rest.is_empty() => self.replace_value(m, e, val),
            Some(e) => match e.value.value() {
                Value::Map(_) => self.set_path(e.value, rest, val),
                Value::Null => self.replace_value(m, e, nest(rest, val)),
                _ => Err(format!("`{key}` is a {}, not a mapping", e.value.type_name())),
            },
        }
    }

    pub(super) fn replace_value(&mut self, parent: Node, e: yaml::Entry, val: Val) -> Result<(), String> {
        let v = &e.value;
        let empty_null = v.is_null() && v.raw().unwrap_or("").is_empty();
        if let Some(s) = val.scalar(self.json) {
            return match v.value() {
                Value::Map(_) | Value::Seq(_) => {
                    Err(format!("`{}` is a {}, not a single value", e.key.as_str().unwrap_or("?"), v.type_name()))
                }
                _ if empty_null => {
                    let off = self.t.offset(v.span().start);
                    self.replace(off, off, format!(" {s}"));
                    Ok(())
                }
                _ => {
                    let (a, b) = (self.t.offset(v.span().start), self.t.offset(v.span().end));
                    // Keep the quoting style of the value being replaced.
                    let s = match (self.t.char_at(a), &val) {
                        (Some('\''), Val::Str(x)) if !self.json && !x.contains('\'') && !x.contains('\n') => {
                            format!("'{x}'")
                        }
                        (Some('"'), Val::Str(x)) if !self.json => crate::util::json::quote_plain(x),
                        _ => s,
                    };
                    self.replace(a, b, s);
                    Ok(())
                }
            };
        }
        match (v.value(), val) {
            (Value::Map(_), Val::Map(entries)) => {
                for (k, x) in entries {
                    self.set_path(*v, &[k.as_str()], x)?;
                }
                Ok(())
            }
            (Value::Null, val) => {
                if empty_null && !self.is_flow(parent) && !self.json {
                    let indent = e.key.span().start.column.saturating_sub(1) as usize;
                    let off = self.t.offset(v.span().start);
                    self.replace(off, off, val.block_value(indent, self.t.nl));
                } else if empty_null {
                    let off = self.t.offset(v.span().start);
                    self.replace(off, off, format!(" {}", val.flow(self.json)));
                } else {
                    let (a, b) = (self.t.offset(v.span().start), self.t.offset(v.span().end));
                    self.replace(a, b, val.flow(self.json));
                }
                Ok(())
            }
            _ => Err(format!("`{}` is a {}", e.key.as_str().unwrap_or("?"), v.type_name())),
        }
    }

    pub(super) fn insert_entry(&mut self, m: Node, key: &str, val: Val) -> Result<(), String> {
        let entries = m.as_map().unwrap_or_default();
        if self.is_flow(m) || self.json {
            let open = self.t.offset(m.span().start);
            if self.t.char_at(open) != Some('{') {
                return Err("expected `{`".into());
            }
            let sep = if entries.is_empty() { "" } else { ", " };
            self.replace(open + 1, open + 1, format!("{}: {}{sep}", Val::key(key, self.json), val.flow(self.json)));
            return Ok(());
        }
        let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
            return Err("empty block mapping".into());
        };
        let indent = first.key.span().start.column.saturating_sub(1) as usize;
        let last_end = self.end(last.value).max(last.key.span().end);
        let off = self.t.line_end_at(self.t.offset(last_end));
        let nl = self.t.nl;
        self.replace(
            off,
            off,
            format!("{nl}{}{}:{}", " ".repeat(indent), Val::key(key, false), val.block_value(indent, nl)),
        );
        Ok(())
    }

    pub(super) fn append_item(&mut self, seq: Node, val: Val) -> Result<(), String> {
        let items = seq.as_seq().unwrap_or_default();
        if self.is_flow(seq) {
            match items.last() {
                Some(last) => {
                    let off = self.t.offset(self.end(last));
                    self.replace(off, off, format!(", {}", val.flow(self.json)));
                }
                None => {
                    let close = self.t.offset(seq.span().end).saturating_sub(1);
                    if self.t.char_at(close) != Some(']') {
                        return Err("expected `]`".into());
                    }
                    self.replace(close, close, val.flow(self.json));
                }
            }
            return Ok(());
        }
        let dash = self.t.offset(seq.span().start);
        let Some(last) = items.last() else { return Err("empty block list".into()) };
        if self.t.char_at(dash) != Some('-') {
            return Err("expected `-`".into());
        }
        let indent = seq.span().start.column.saturating_sub(1) as usize;
        let off = self.line_end_after(last);
        let nl = self.t.nl;
        self.replace(off, off, format!("{nl}{}- {}", " ".repeat(indent), val.block_item(indent, nl)));
        Ok(())
    }

    /// Removes the entry at `path` below mapping `m` (the last one, if the key repeats).
    pub(super) fn remove_path(&mut self, m: Node, path: &[&str]) -> Result<(), String> {
        let Some((key, rest)) = path.split_first() else { return Err("empty path".into()) };
        let entries = m.as_map().ok_or("expected a mapping")?;
        let Some(i) = entries.iter().rposition(|e| e.key.as_str() == Some(*key)) else { return Ok(()) };
        if !rest.is_empty() {
            let Some(e) = entries.entry(i) else { return Ok(()) };
            return self.remove_path(e.value, rest);
        }
        let Some(e) = entries.entry(i) else { return Ok(()) };
        let t = self.t;
        if i + 1 < entries.len() {
            // Up to the next key: it then starts where this one did (also after a `- `).
            let (a, b) = (
                t.offset(e.key.span().start),
                t.offset(entries.entry(i + 1).map_or(e.key.span(), |n| n.key.span()).start),
            );
            self.replace(a, b, String::new());
        } else if i > 0 {
            let Some(prev) = entries.entry(i - 1) else { return Ok(()) };
            let prev_end = self.end(prev.value).max(prev.key.span().end);
            let a = if self.is_flow(m) { t.offset(prev_end) } else { t.line_end_at(t.offset(prev_end)) };
            let end = self.end(e.value).max(e.key.span().end);
            let b = if self.is_flow(m) { t.offset(end) } else { t.line_end_at(t.offset(end)) };
            self.replace(a, b, String::new());
        } else {
            let end = self.end(e.value).max(e.key.span().end);
            let (a, b) = (t.offset(e.key.span().start), t.offset(end));
            self.replace(a, b, if self.is_flow(m) { String::new() } else { "{}".into() });
        }
        Ok(())
    }

    /// Removes item `i` of a sequence.
    pub(super) fn remove_item(&mut self, seq: Node, i: usize) -> Result<(), String> {
        let items = seq.as_seq().ok_or("expected a list")?;
        let item = items.get(i).ok_or("no such item")?;
        let t = self.t;
        if self.is_flow(seq) {
            if i + 1 < items.len() {
                let next = items.get(i + 1).map_or(item.span(), |n| n.span());
                self.replace(t.offset(item.span().start), t.offset(next.start), String::new());
            } else if let Some(prev) = items.get(i.wrapping_sub(1)) {
                self.replace(t.offset(self.end(prev)), t.offset(self.end(item)), String::new());
            } else {
                self.replace(t.offset(item.span().start), t.offset(self.end(item)), String::new());
            }
            return Ok(());
        }
        let dash_line = |n: Node| -> Result<usize, String> {
            let start = t.offset(n.span().start);
            let before = t.s[..start].trim_end();
            if !before.ends_with('-') {
                return Err("expected `-` before a list item".into());
            }
            let dash = before.len() - 1;
            let ls = t.line_start_at(dash);
            if !t.s[ls..dash].trim().is_empty() {
                return Err("a list item must start its line".into());
            }
            Ok(ls)
        };
        let start = dash_line(item)?;
        if let Some(next) = items.get(i + 1) {
            let next = dash_line(next)?;
            self.replace(start, next, String::new());
        } else if let Some(prev) = items.get(i.wrapping_sub(1)) {
            self.replace(self.line_end_after(prev), self.line_end_after(item), String::new());
        } else {
            self.replace(start, t.next_line_start(t.offset(self.end(item))), String::new());
        }
        Ok(())
    }
}
