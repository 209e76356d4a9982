//! Plain scalars resolved as go-yaml v2 (what `kubectl` uses) does: YAML 1.1 booleans, octal and
//! hex integers, floats, nulls.

/// What a scalar's text reads as; `Str` means the text itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str,
}

/// Resolves a scalar as go-yaml v2 (what `kubectl` uses) does.
pub(super) fn resolve_scalar(text: &str, plain: bool, tag: Option<&str>) -> Resolved {
    match tag {
        Some("tag:yaml.org,2002:str") => return Resolved::Str,
        Some("tag:yaml.org,2002:int") => return parse_int(text).map(Resolved::Int).unwrap_or(Resolved::Str),
        Some("tag:yaml.org,2002:bool") => return parse_bool(text).map(Resolved::Bool).unwrap_or(Resolved::Str),
        Some("tag:yaml.org,2002:null") => return Resolved::Null,
        _ => {}
    }
    if !plain {
        return Resolved::Str;
    }
    // Dispatch on the first byte: most plain scalars are names, which need no further look.
    match text.as_bytes().first() {
        None => Resolved::Null,
        Some(b'~' | b'n' | b'N' | b'y' | b'Y' | b'o' | b'O' | b't' | b'T' | b'f' | b'F') if text.len() <= 5 => {
            word(text.as_bytes())
        }
        Some(b'0'..=b'9' | b'-' | b'+' | b'.') => parse_int(text)
            .map(Resolved::Int)
            .or_else(|| parse_float(text).map(Resolved::Float))
            .unwrap_or(Resolved::Str),
        Some(_) => Resolved::Str,
    }
}

/// The bytes of a word of at most 8 bytes, as one number (to compare with [`W`] constants
/// without a string comparison per candidate).
const fn pack(b: &[u8]) -> u64 {
    let mut w = 0u64;
    let mut i = 0;
    while i < b.len() && i < 8 {
        w = (w << 8) | b[i] as u64;
        i += 1;
    }
    w | (b.len() as u64) << 56
}

struct W;

impl W {
    const TILDE: u64 = pack(b"~");
    const NULL: [u64; 3] = [pack(b"null"), pack(b"Null"), pack(b"NULL")];
    const TRUE: [u64; 11] = [
        pack(b"y"),
        pack(b"Y"),
        pack(b"yes"),
        pack(b"Yes"),
        pack(b"YES"),
        pack(b"on"),
        pack(b"On"),
        pack(b"ON"),
        pack(b"true"),
        pack(b"True"),
        pack(b"TRUE"),
    ];
    const FALSE: [u64; 11] = [
        pack(b"n"),
        pack(b"N"),
        pack(b"no"),
        pack(b"No"),
        pack(b"NO"),
        pack(b"off"),
        pack(b"Off"),
        pack(b"OFF"),
        pack(b"false"),
        pack(b"False"),
        pack(b"FALSE"),
    ];
}

/// A short plain word: null, a YAML 1.1 boolean, or a string.
fn word(b: &[u8]) -> Resolved {
    let w = pack(b);
    if w == W::TILDE || W::NULL.contains(&w) {
        Resolved::Null
    } else if W::TRUE.contains(&w) {
        Resolved::Bool(true)
    } else if W::FALSE.contains(&w) {
        Resolved::Bool(false)
    } else {
        Resolved::Str
    }
}

pub(super) fn parse_bool(t: &str) -> Option<bool> {
    match t {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => Some(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

pub(super) fn parse_int(t: &str) -> Option<i64> {
    let owned;
    let t = if t.contains('_') {
        owned = t.replace('_', "");
        owned.as_str()
    } else {
        t
    };
    let (neg, body) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if body.is_empty() {
        return None;
    }
    let v = if let Some(h) = body.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()?
    } else if let Some(b) = body.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()?
    } else if let Some(o) = body.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()?
    } else if body.len() > 1 && body.starts_with('0') {
        i64::from_str_radix(&body[1..], 8).ok()?
    } else if body.bytes().all(|c| c.is_ascii_digit()) {
        body.parse::<i64>().ok()?
    } else {
        return None;
    };
    Some(if neg { -v } else { v })
}

pub(super) fn parse_float(t: &str) -> Option<f64> {
    match t {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let b = t.as_bytes();
    let digits = b.iter().any(|c| c.is_ascii_digit());
    let shape = b.iter().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'+' | b'e' | b'E' | b'_'));
    if digits && shape && t.contains('_') {
        t.replace('_', "").parse::<f64>().ok()
    } else if digits && shape {
        t.parse::<f64>().ok()
    } else {
        None
    }
}
