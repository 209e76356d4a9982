//! The tree: [`Node`]s with their [`Span`] in the text, and field paths into them.

use std::fmt;

/// A position in the source text, 1-based.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// A range in the source text. `start` is where the node begins; `end` is just past it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
    /// A plain scalar's text as written, when YAML read it as something other than a string
    /// (for messages like "`yes` is a boolean"); None otherwise.
    pub raw: Option<String>,
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        match self.value {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }
    /// The value under `key` in a mapping (the last one, as a real cluster keeps the last).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.iter().rev().find(|e| e.key.as_str() == Some(key)).map(|e| &e.value)
    }
    /// The span of the key `key` in a mapping.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.as_map()?.iter().rev().find(|e| e.key.as_str() == Some(key)).map(|e| e.key.span)
    }
    /// A short name for the node's type, as a person would say it.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "list",
            Value::Map(_) => "mapping",
        }
    }

    /// Follows a field path in API-server form (`spec.ports[0].targetPort`,
    /// `metadata.labels[app]`) as far as it exists. Returns the deepest node reached and whether
    /// the whole path was found. When `key` is true and the last step is a mapping key, the
    /// span returned is the key's (so "unknown field" points at the key, not its value).
    pub fn locate(&self, path: &str) -> (Span, bool) {
        let mut node = self;
        let mut span = self.span;
        for step in path_steps(path) {
            let next = match step {
                Step::Field(f) | Step::Key(f) => node.get(f).map(|n| (n, node.key_span(f))),
                Step::Index(i) => node.as_seq().and_then(|s| s.get(i)).map(|n| (n, None)),
            };
            match next {
                Some((n, key_span)) => {
                    // Prefer the value's span, but a null value (`selector:`) has no text of its
                    // own: point at the key then.
                    span = match (&n.value, key_span) {
                        (Value::Null, Some(k)) => k,
                        _ => n.span,
                    };
                    node = n;
                }
                None => return (span, false),
            }
        }
        (span, true)
    }
}

enum Step<'a> {
    Field(&'a str),
    Key(&'a str),
    Index(usize),
}

fn path_steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix('[') {
            let close = r.find(']').unwrap_or(r.len());
            let inner = &r[..close];
            match inner.parse::<usize>() {
                Ok(i) => steps.push(Step::Index(i)),
                Err(_) => steps.push(Step::Key(inner)),
            }
            rest = r.get(close + 1..).unwrap_or("");
            continue;
        }
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        steps.push(Step::Field(&rest[..end]));
        rest = &rest[end..];
    }
    steps
}

/// One document of a stream: its root node (None for an empty document) or the syntax error
/// that stopped it.
#[derive(Clone, Debug)]
pub struct Document {
    pub root: Option<Node>,
    pub error: Option<SyntaxError>,
    /// The line the document's text starts on (1-based).
    pub first_line: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.column, self.message)
    }
}
