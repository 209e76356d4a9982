//! Byte searches eight bytes at a time (a word of the text at once, no dependency): the reader
//! looks for rare bytes (`\t`, `\r`, `&`, `*`) over megabytes of text before parsing it.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;
const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The bytes of an 8-byte chunk as one word: one load (the size-optimised build calls a
/// function doing eight bounds-checked byte loads unless told to inline this).
#[inline(always)]
fn word(c: &[u8]) -> u64 {
    u64::from_le_bytes(<[u8; 8]>::try_from(c).unwrap_or_default())
}

/// Whether any byte of the word `w` is `c`.
#[inline(always)]
fn has_byte(w: u64, c: u8) -> bool {
    let x = w ^ (ONES * c as u64);
    x.wrapping_sub(ONES) & !x & HIGHS != 0
}

/// The high bit of each byte of `w` that is `c` (exact: no carry crosses bytes).
#[inline(always)]
fn bytes_equal(w: u64, c: u8) -> u64 {
    let x = w ^ (ONES * c as u64);
    !(((x & LOWS) + LOWS) | x | LOWS)
}

/// Calls `f` with the index of every `\n` in `b`, in order, until it returns false.
#[inline]
pub(super) fn newlines(b: &[u8], f: impl FnMut(usize) -> bool) {
    scan::<false>(b, (0, 0), f, |_| true);
}

/// [`newlines`], also calling `g` with the index of every `x.0` or `x.1` byte (rare ones, they
/// are looked for a word at a time), until either returns false.
#[inline]
pub(super) fn newlines_and(b: &[u8], x: (u8, u8), f: impl FnMut(usize) -> bool, g: impl FnMut(usize) -> bool) {
    scan::<true>(b, x, f, g);
}

#[inline]
fn scan<const SPECIAL: bool>(
    b: &[u8],
    x: (u8, u8),
    mut f: impl FnMut(usize) -> bool,
    mut g: impl FnMut(usize) -> bool,
) {
    let mut chunks = b.chunks_exact(8);
    let mut i = 0;
    for c in &mut chunks {
        let w = word(c);
        if SPECIAL && (has_byte(w, x.0) || has_byte(w, x.1)) {
            for (k, &c) in c.iter().enumerate() {
                if (c == x.0 || c == x.1) && !g(i + k) {
                    return;
                }
            }
        }
        let mut m = bytes_equal(w, b'\n');
        while m != 0 {
            if !f(i + (m.trailing_zeros() / 8) as usize) {
                return;
            }
            m &= m - 1;
        }
        i += 8;
    }
    for (k, &c) in chunks.remainder().iter().enumerate() {
        if SPECIAL && (c == x.0 || c == x.1) && !g(i + k) {
            return;
        }
        if c == b'\n' && !f(i + k) {
            return;
        }
    }
}

/// The first index at or after `from` of a byte a JSON string holds only escaped or as part of
/// a longer character: `"`, `\\`, a control character, DEL or a non-ASCII byte (`b.len()` if
/// none). Most strings are a few words of plain ASCII.
pub(super) fn string_run_end(b: &[u8], from: usize) -> usize {
    let Some(rest) = b.get(from..) else { return b.len() };
    let mut chunks = rest.chunks_exact(8);
    let mut i = 0;
    for c in &mut chunks {
        let w = word(c);
        // A byte below 0x20 (or a false alarm, looked at below), or at or above 0x7f.
        let low = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
        let high = (w.wrapping_add(ONES)) | w;
        if has_byte(w, b'"') || has_byte(w, b'\\') || low != 0 || high & HIGHS != 0 {
            break;
        }
        i += 8;
    }
    let stop = |c: &u8| matches!(c, b'"' | b'\\' | 0..=0x1f | 0x7f..);
    from + i + rest[i..].iter().position(stop).unwrap_or(rest.len() - i)
}

/// The number of spaces `b` starts with (a line's indentation, when `b` runs from the line's
/// start: a line break is no space), eight bytes at a time.
#[inline(always)]
pub(super) fn leading_spaces(b: &[u8]) -> usize {
    let mut i = 0;
    while let Some(c) = b.get(i..i + 8) {
        let x = word(c) ^ (ONES * b' ' as u64);
        if x != 0 {
            return i + (x.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + b[i..].iter().take_while(|&&c| c == b' ').count()
}

/// The first index at or after `from` of a byte that is `x` or `y`.
pub(super) fn find2(b: &[u8], from: usize, x: u8, y: u8) -> Option<usize> {
    let rest = b.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut i = 0;
    for c in &mut chunks {
        let w = word(c);
        // The exact bytes, so the first one's index comes from the word (no byte loop after).
        let m = bytes_equal(w, x) | bytes_equal(w, y);
        if m != 0 {
            return Some(from + i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    chunks.remainder().iter().position(|&c| c == x || c == y).map(|k| from + i + k)
}

#[cfg(test)]
mod tests {
    use super::{find2, leading_spaces, newlines, string_run_end};

    #[test]
    fn counts_leading_spaces() {
        for n in 0..20 {
            for tail in ["", "x", "\n  ", "- a: b", "\u{e9}        "] {
                let text = format!("{}{tail}", " ".repeat(n));
                assert_eq!(leading_spaces(text.as_bytes()), n, "{text:?}");
            }
        }
    }

    #[test]
    fn finds_every_newline() {
        for text in [
            "",
            "\n",
            "a\nb\n\n\ncdefghijklmnopq\nrstuvwxyz\n",
            "\u{e9}\n\u{1F600}\nxxxxxxxx\n",
            "no newline here at all",
        ] {
            let mut got = Vec::new();
            newlines(text.as_bytes(), |i| {
                got.push(i);
                true
            });
            let want: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
            assert_eq!(got, want, "{text:?}");
        }
        let mut first = Vec::new();
        newlines(b"a\nb\nc\n", |i| {
            first.push(i);
            false
        });
        assert_eq!(first, [1]);
    }

    #[test]
    fn finds_the_first_of_two_bytes_anywhere() {
        let text = b"abcdefghijklmnopqrstuvwxyz&0123456789*";
        for from in 0..text.len() {
            let want = text.iter().skip(from).position(|&c| c == b'&' || c == b'*').map(|k| from + k);
            assert_eq!(find2(text, from, b'&', b'*'), want, "from {from}");
        }
        assert_eq!(find2(b"", 0, b'a', b'b'), None);
        assert_eq!(find2(b"xyz", 5, b'a', b'b'), None);
        assert_eq!(find2(&[0xff; 20], 0, 0x7f, 0xfe), None);
    }

    #[test]
    fn finds_where_a_plain_string_run_ends() {
        let stop = |c: u8| c == b'"' || c == b'\\' || !(0x20..0x7f).contains(&c);
        let mut text: Vec<u8> = b"abcdefghijklmnop qrstuvwxyz ~}|{ 0123456789 ABCDEFGH".to_vec();
        for (at, c) in [(3, b'"'), (11, b'\\'), (20, b'\t'), (29, 0x7f), (37, 0x1f), (45, 0xc3), (50, 0xff), (51, 0)] {
            text[at] = c;
        }
        for from in 0..=text.len() {
            let want = text.iter().skip(from).position(|&c| stop(c)).map_or(text.len(), |k| from + k);
            assert_eq!(string_run_end(&text, from), want, "from {from}");
        }
        assert_eq!(string_run_end(b" !#$%&'()*+,-./:;<=>?@[]^_`{|}~", 0), 31);
        assert_eq!(string_run_end(b"", 0), 0);
        assert_eq!(string_run_end(b"ab", 5), 2);
    }
}
