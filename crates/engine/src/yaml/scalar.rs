//! Plain scalars resolved as go-yaml v2 (what `kubectl` uses) does: YAML 1.1 booleans, octal and
//! hex integers, floats, nulls.

use super::Value;

/// Resolves a scalar as go-yaml v2 (what `kubectl` uses) does.
pub(super) fn resolve_scalar(text: &str, plain: bool, tag: Option<&str>) -> Value {
    match tag {
        Some("tag:yaml.org,2002:str") => return Value::Str(text.to_string()),
        Some("tag:yaml.org,2002:int") => {
            return parse_int(text).map(Value::Int).unwrap_or_else(|| Value::Str(text.to_string()))
        }
        Some("tag:yaml.org,2002:bool") => {
            return parse_bool(text).map(Value::Bool).unwrap_or_else(|| Value::Str(text.to_string()))
        }
        Some("tag:yaml.org,2002:null") => return Value::Null,
        _ => {}
    }
    if !plain {
        return Value::Str(text.to_string());
    }
    // Dispatch on the first byte: most plain scalars are names, which need no further look.
    match text.as_bytes().first() {
        None => Value::Null,
        Some(b'~' | b'n' | b'N' | b'y' | b'Y' | b'o' | b'O' | b't' | b'T' | b'f' | b'F') if text.len() <= 5 => {
            match text {
                "~" | "null" | "Null" | "NULL" => Value::Null,
                _ => parse_bool(text).map(Value::Bool).unwrap_or_else(|| Value::Str(text.to_string())),
            }
        }
        Some(b'0'..=b'9' | b'-' | b'+' | b'.') => parse_int(text)
            .map(Value::Int)
            .or_else(|| parse_float(text).map(Value::Float))
            .unwrap_or_else(|| Value::Str(text.to_string())),
        Some(_) => Value::Str(text.to_string()),
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
    if digits && shape {
        t.replace('_', "").parse::<f64>().ok()
    } else {
        None
    }
}
