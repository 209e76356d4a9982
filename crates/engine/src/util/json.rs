//! JSON text the way Go writes it, for values quoted in API-server messages ("Invalid value:
//! ...") and for JSON the app hands to JavaScript. Serialisation of whole objects goes through
//! serde; this is only for strings and lists of strings inside messages.

/// `s` as a JSON string literal, as Go's `json.Marshal` writes it: `<`, `>`, `&`, U+2028 and
/// U+2029 escaped as `\u00XX`.
pub fn quote(s: &str) -> String {
    write_quoted(s, true)
}

/// `s` as a JSON string literal without HTML escaping (Go's encoder with `SetEscapeHTML(false)`,
/// which is how field errors render a bad value). Also a valid YAML double-quoted scalar.
pub fn quote_plain(s: &str) -> String {
    write_quoted(s, false)
}

/// A list of strings as a JSON array (`json.Marshal`).
pub fn list<S: AsRef<str>>(items: &[S]) -> String {
    join(items, quote)
}

/// A list of strings as a JSON array without HTML escaping.
pub fn list_plain<S: AsRef<str>>(items: &[S]) -> String {
    join(items, quote_plain)
}

/// An optional string as JSON: `null` when absent (a Go pointer field).
pub fn optional(s: Option<&str>) -> String {
    s.map(quote).unwrap_or_else(|| "null".into())
}

fn join<S: AsRef<str>>(items: &[S], one: fn(&str) -> String) -> String {
    let inner: Vec<String> = items.iter().map(|s| one(s.as_ref())).collect();
    format!("[{}]", inner.join(","))
}

fn write_quoted(s: &str, escape_html: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' if escape_html => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_json_escaping() {
        assert_eq!(quote("a\"b\\\n<&>"), r#""a\"b\\\n\u003c\u0026\u003e""#);
        assert_eq!(quote_plain("a\"b\\\n<&>"), r#""a\"b\\\n<&>""#);
        assert_eq!(quote("\u{1}\t"), r#""\u0001\t""#);
        assert_eq!(list(&["a", ""]), r#"["a",""]"#);
        assert_eq!(optional(None), "null");
    }
}
