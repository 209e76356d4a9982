//! A JSON `kind: List` document — what `kubectl get -o json` prints — split into its items, as
//! a block List is: each item is a part read as a document. An item starting its line is read
//! from the line's start; one after other text on its line (a List on one line, as `jq -c` or
//! the API server print it) from its `{`, at the column it starts at.

use super::Item;

/// Where the scan is in the List's own fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Before the top-level `"items"` key.
    Before,
    /// After the key, before its `:`.
    Key,
    /// After the `:`, before the `[`.
    Colon,
    /// Inside the items' array.
    Items,
    /// After it.
    After,
}

/// The items of a JSON List document as (start, end, first line, column), relative to the
/// document: a top-level `"items": [` whose entries are objects; none
/// when it is not such a List, or when splitting could change what is read (anything but JSON
/// outside strings: comments, anchors, tags, single quotes). Resumable: a budget per call.
#[derive(Clone, Debug)]
pub(super) struct JsonListScan {
    /// Where the scan goes on, the line there, and whether that line has only spaces so far.
    at: usize,
    line: u32,
    line_start: usize,
    blank: bool,
    /// The characters on the current line before byte `col_at` (counted as far as needed).
    col_at: usize,
    col: u32,
    /// Brackets open.
    depth: u32,
    /// In a string, and after a backslash in it; in a plain scalar.
    string: bool,
    escape: bool,
    plain: bool,
    /// The last byte outside strings that was not whitespace (`"` after a string).
    prev: u8,
    /// Where the string being read starts, when it is a key of the top-level object.
    key: Option<usize>,
    phase: Phase,
    /// The `[` and `]` of the items' array.
    open: usize,
    close: usize,
    items: Vec<Item>,
}

impl JsonListScan {
    /// None when `chunk` does not start (after line breaks and spaces) with `{`.
    pub(super) fn start(chunk: &str, first_line: u32) -> Option<JsonListScan> {
        let b = chunk.as_bytes();
        let at = b.iter().position(|&c| !matches!(c, b' ' | b'\n' | b'\r'))?;
        if b[at] != b'{' {
            return None;
        }
        Some(JsonListScan {
            at: 0,
            line: first_line,
            line_start: 0,
            blank: true,
            col_at: 0,
            col: 0,
            depth: 0,
            string: false,
            escape: false,
            plain: false,
            prev: b'\n',
            key: None,
            phase: Phase::Before,
            open: 0,
            close: 0,
            items: Vec::new(),
        })
    }

    /// Scans about `budget` more bytes; the result once the document has been seen to its end
    /// (or found not to be a List that can be split).
    pub(super) fn advance(&mut self, chunk: &str, first_line: u32, budget: usize) -> Option<Option<Vec<Item>>> {
        let b = chunk.as_bytes();
        let end = self.at.saturating_add(budget).min(b.len());
        for i in self.at..end {
            if !self.take(b, i) {
                return Some(None);
            }
        }
        self.at = end;
        if end < b.len() {
            return None; // more to scan
        }
        Some(self.finish(chunk, first_line))
    }

    /// Takes byte `i`; false when the document cannot be split.
    #[inline]
    fn take(&mut self, b: &[u8], i: usize) -> bool {
        let c = b[i];
        if self.string {
            match c {
                _ if self.escape => self.escape = false,
                b'\\' => self.escape = true,
                b'"' => {
                    self.string = false;
                    self.prev = b'"';
                    if self.key.take().is_some_and(|k| &b[k..=i] == b"\"items\"") && self.phase == Phase::Before {
                        self.phase = Phase::Key;
                    }
                }
                b'\n' | b'\r' => return false, // a YAML string over lines: not JSON
                _ => {}
            }
            return true;
        }
        match c {
            b' ' => return true,
            b'\n' => {
                (self.line, self.line_start, self.blank) = (self.line + 1, i + 1, true);
                (self.col_at, self.col) = (i + 1, 0);
                return true;
            }
            b'\r' => return b.get(i + 1) == Some(&b'\n'),
            _ => {}
        }
        if self.plain {
            // A plain scalar (a number, a word) goes on, over spaces and lines, as libyaml reads
            // it in a flow collection: a quote after `80 ` is part of it (a comma forgotten).
            match c {
                b',' | b'[' | b']' | b'{' | b'}' => self.plain = false,
                b':' if matches!(b.get(i + 1), None | Some(b' ' | b'\n' | b'\r')) => self.plain = false,
                b':' | b'\t' => return false,
                b'#' if matches!(b[i - 1], b' ' | b'\n') => return false, // a comment
                _ => {
                    self.prev = c;
                    self.blank = false;
                    return true;
                }
            }
        }
        // Something significant: after `"items"` only `:` then `[` may come; between the
        // items only commas (so that no text between them goes unread).
        if self.phase == Phase::Items && self.depth == 2 {
            let ok = match c {
                b'{' => matches!(self.prev, b'[' | b','),
                b',' => self.prev == b'}',
                b']' => true,
                _ => false,
            };
            if !ok {
                return false;
            }
        }
        match (self.phase, c) {
            (Phase::Key, b':') if self.depth == 1 => self.phase = Phase::Colon,
            (Phase::Colon, b'[') if self.depth == 1 => {
                self.phase = Phase::Items;
                self.open = i;
            }
            (Phase::Key | Phase::Colon, _) => return false,
            _ => {}
        }
        match c {
            b'"' => {
                self.string = true;
                if self.depth == 1 && matches!(self.prev, b'{' | b',') {
                    self.key = Some(i);
                }
            }
            b'{' | b'[' => {
                self.depth += 1;
                if self.phase == Phase::Items && self.depth == 3 {
                    // An item: an object, from its line's start when it starts the line.
                    if c != b'{' {
                        return false;
                    }
                    if self.blank {
                        self.items.push((self.line_start, i, self.line, 0));
                    } else {
                        self.col += b[self.col_at..i].iter().filter(|&&c| c & 0xc0 != 0x80).count() as u32;
                        self.col_at = i;
                        self.items.push((i, i, self.line, self.col));
                    }
                }
            }
            b'}' | b']' => {
                if self.depth == 0 {
                    return false;
                }
                self.depth -= 1;
                match self.depth {
                    2 if self.phase == Phase::Items => {
                        if let Some(item) = self.items.last_mut() {
                            item.1 = i + 1;
                        }
                    }
                    1 if self.phase == Phase::Items => {
                        self.phase = Phase::After;
                        self.close = i;
                    }
                    _ => {}
                }
            }
            b',' | b':' => {}
            // What JSON's numbers and words start with.
            _ if c.is_ascii_alphanumeric() || c == b'-' => self.plain = true,
            // Comments, anchors, aliases, tags, single quotes, tabs...: not plain JSON.
            _ => return false,
        }
        self.prev = c;
        self.blank = false;
        true
    }

    fn finish(&mut self, chunk: &str, first_line: u32) -> Option<Vec<Item>> {
        if self.phase != Phase::After || self.string || self.items.is_empty() {
            return None;
        }
        let shell = format!("{}{}", &chunk[..self.open + 1], &chunk[self.close..]);
        super::reads_as_list(&shell, first_line).then(|| std::mem::take(&mut self.items))
    }
}
