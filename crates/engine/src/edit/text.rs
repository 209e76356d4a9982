//! [`Text`]: the manifest's lines, and positions in it, for edits that change only the bytes
//! they must.

use crate::yaml::Pos;
pub(super) struct Text<'a> {
    pub(super) s: &'a str,
    pub(super) line_starts: Vec<usize>,
    pub(super) nl: &'static str,
}

impl<'a> Text<'a> {
    pub(super) fn new(s: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(s.match_indices('\n').map(|(i, _)| i + 1));
        Text { s, line_starts, nl: if s.contains("\r\n") { "\r\n" } else { "\n" } }
    }

    /// Byte offset of a 1-based line and (character) column, clamped to the line.
    pub(super) fn offset(&self, p: Pos) -> usize {
        let Some(&ls) = self.line_starts.get(p.line.saturating_sub(1) as usize) else { return self.s.len() };
        let le = self.line_end_at(ls);
        let line = &self.s[ls..le];
        let col = p.column.saturating_sub(1) as usize;
        ls + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
    }

    /// Offset of the line break ending the line that holds `off` (or the end of the text).
    pub(super) fn line_end_at(&self, off: usize) -> usize {
        let off = off.min(self.s.len());
        match self.s[off..].find('\n') {
            Some(i) => {
                let e = off + i;
                if e > off && self.s.as_bytes()[e - 1] == b'\r' {
                    e - 1
                } else {
                    e
                }
            }
            None => self.s.len(),
        }
    }

    /// Offset just past the line break ending the line that holds `off`.
    pub(super) fn next_line_start(&self, off: usize) -> usize {
        let off = off.min(self.s.len());
        self.s[off..].find('\n').map_or(self.s.len(), |i| off + i + 1)
    }

    pub(super) fn line_start_at(&self, off: usize) -> usize {
        let off = off.min(self.s.len());
        self.s[..off].rfind('\n').map_or(0, |i| i + 1)
    }

    pub(super) fn char_at(&self, off: usize) -> Option<char> {
        self.s.get(off..)?.chars().next()
    }
}
