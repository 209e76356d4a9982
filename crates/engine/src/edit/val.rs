//! [`Val`]: a value to write, rendered in the style around it (block YAML, or flow/JSON).

use crate::yaml;
#[derive(Clone, Debug)]
pub(super) enum Val {
    Str(String),
    Int(i64),
    Map(Vec<(String, Val)>),
    Seq(Vec<Val>),
    /// A sequence written with its `-` at the key's indentation (as `kubectl -o yaml` does).
    IndentlessSeq(Vec<Val>),
}

/// A string as a YAML scalar: plain when that reads back as the same string, else double-quoted.
pub(super) fn yaml_str(s: &str) -> String {
    let simple = !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'))
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '/' || c == '_')
        && s != "-";
    if simple {
        let reads_back =
            yaml::parse_stream(s).first().and_then(|d| d.root.as_ref()).is_some_and(|n| n.node().as_str() == Some(s));
        if reads_back {
            return s.to_string();
        }
    }
    crate::util::json::quote_plain(s)
}

impl Val {
    pub(super) fn scalar(&self, json: bool) -> Option<String> {
        match self {
            Val::Str(s) if json => Some(crate::util::json::quote_plain(s)),
            Val::Str(s) => Some(yaml_str(s)),
            Val::Int(i) => Some(i.to_string()),
            _ => None,
        }
    }

    pub(super) fn key(k: &str, json: bool) -> String {
        if json {
            crate::util::json::quote_plain(k)
        } else {
            yaml_str(k)
        }
    }

    /// Flow style: `{a: 1, b: [x]}` (JSON when `json`).
    pub(super) fn flow(&self, json: bool) -> String {
        match self {
            Val::Map(m) => {
                let parts: Vec<String> =
                    m.iter().map(|(k, v)| format!("{}: {}", Val::key(k, json), v.flow(json))).collect();
                format!("{{{}}}", parts.join(", "))
            }
            Val::Seq(s) | Val::IndentlessSeq(s) => {
                let parts: Vec<String> = s.iter().map(|v| v.flow(json)).collect();
                format!("[{}]", parts.join(", "))
            }
            v => v.scalar(json).unwrap_or_default(),
        }
    }

    /// What follows `key:` in block style, for a key at column `indent` (0-based).
    pub(super) fn block_value(&self, indent: usize, nl: &str) -> String {
        let pad = |n: usize| " ".repeat(n);
        match self {
            Val::Map(m) if !m.is_empty() => m
                .iter()
                .map(|(k, v)| {
                    format!("{nl}{}{}:{}", pad(indent + 2), Val::key(k, false), v.block_value(indent + 2, nl))
                })
                .collect(),
            Val::Seq(s) if !s.is_empty() => {
                s.iter().map(|v| format!("{nl}{}- {}", pad(indent + 2), v.block_item(indent + 2, nl))).collect()
            }
            Val::IndentlessSeq(s) if !s.is_empty() => {
                s.iter().map(|v| format!("{nl}{}- {}", pad(indent), v.block_item(indent, nl))).collect()
            }
            v => format!(" {}", v.flow(false)),
        }
    }

    /// What follows `- ` in block style, for a dash at column `indent`.
    pub(super) fn block_item(&self, indent: usize, nl: &str) -> String {
        match self {
            Val::Map(m) if !m.is_empty() => {
                let pad = " ".repeat(indent + 2);
                m.iter()
                    .enumerate()
                    .map(|(i, (k, v))| {
                        let lead = if i == 0 { String::new() } else { format!("{nl}{pad}") };
                        format!("{lead}{}:{}", Val::key(k, false), v.block_value(indent + 2, nl))
                    })
                    .collect()
            }
            v => v.flow(false),
        }
    }

    /// A whole document (a mapping) in block style.
    pub(super) fn document(&self, nl: &str) -> String {
        match self {
            Val::Map(m) => m
                .iter()
                .enumerate()
                .map(|(i, (k, v))| {
                    format!("{}{}:{}", if i == 0 { "" } else { nl }, Val::key(k, false), v.block_value(0, nl))
                })
                .collect(),
            v => v.flow(false),
        }
    }
}

/// Appends `doc` to `out` as a new YAML document in the text's line ending `nl`: a line break
/// first when the text does not end with one, a `---` separator unless the text holds nothing
/// yet, and a final line break.
pub(super) fn append_document(out: &mut String, doc: &Val, nl: &str) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(nl);
    }
    if !out.trim().is_empty() {
        out.push_str("---");
        out.push_str(nl);
    }
    out.push_str(&doc.document(nl));
    out.push_str(nl);
}

pub(super) fn nest(path: &[&str], val: Val) -> Val {
    path.iter().rev().fold(val, |v, k| Val::Map(vec![(k.to_string(), v)]))
}
