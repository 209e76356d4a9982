//! YAML (and JSON) text to a tree of [`Node`]s that remember where they came from.
//!
//! The events come from `libyaml-rs`, the same parser `yaml_serde` is built on, so reading with
//! positions costs no extra code in the wasm. Scalars are resolved the way `kubectl` reads them
//! (`sigs.k8s.io/yaml`, i.e. YAML 1.1 through go-yaml v2): `yes`/`on`/`y` are booleans, `0x1F` is
//! an integer, quoted scalars are always strings.
//!
//! A stream is split into documents at `---` lines *before* parsing, so a syntax error in one
//! document costs only that document: the others are still read.

use libyaml_rs as sys;
use std::collections::HashMap;
use std::fmt;
use std::mem::MaybeUninit;

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

/// Splits a stream at `---` lines and parses each document on its own: with the fast path
/// ([`crate::yaml_fast`]) where it applies, otherwise with libyaml.
pub fn parse_stream(text: &str) -> Vec<Document> {
    parse_stream_with(text, true)
}

/// The same as [`parse_stream`] with libyaml only, for testing the fast path against.
#[doc(hidden)]
pub fn parse_stream_libyaml(text: &str) -> Vec<Document> {
    parse_stream_with(text, false)
}

/// Whether the fast path reads every document of `text` (for tests and benchmarks).
#[doc(hidden)]
pub fn fast_path_applies(text: &str) -> bool {
    split_documents(text).into_iter().all(|(line, chunk)| crate::yaml_fast::parse_chunk(chunk, line).is_some())
}

fn parse_stream_with(text: &str, fast: bool) -> Vec<Document> {
    let mut docs = Vec::new();
    for (first_line, chunk) in split_documents(text) {
        let parsed = if fast { parse_chunk_fast_or_libyaml(chunk, first_line) } else { parse_chunk(chunk, first_line) };
        for mut doc in parsed {
            doc.first_line = first_line;
            docs.push(doc);
        }
    }
    docs
}

/// One chunk with the fast path where it applies, otherwise with libyaml.
fn parse_chunk_fast_or_libyaml(chunk: &str, first_line: u32) -> Vec<Document> {
    crate::yaml_fast::parse_chunk(chunk, first_line).unwrap_or_else(|| parse_chunk(chunk, first_line))
}

/// (first line, text) of each `---`-separated part. The `---` line stays with the part after it.
fn split_documents(text: &str) -> Vec<(u32, &str)> {
    let bytes = text.as_bytes();
    let is_marker = |at: usize| {
        bytes[at..].starts_with(b"---") && bytes.get(at + 3).is_none_or(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
    };
    // Markers start a line: the text's start, or just after a newline (found with a fast search).
    let starts =
        (text.starts_with("---").then_some(0)).into_iter().chain(text.match_indices("\n---").map(|(i, _)| i + 1));
    let mut parts = Vec::new();
    let (mut start, mut start_line) = (0usize, 1u32);
    for at in starts.filter(|&at| at > 0 && is_marker(at)) {
        parts.push((start_line, &text[start..at]));
        start_line += bytes[start..at].iter().filter(|&&b| b == b'\n').count() as u32;
        start = at;
    }
    if start < text.len() || parts.is_empty() {
        parts.push((start_line, &text[start..]));
    }
    parts
}

/// A piece of a stream that is read on its own: a `---`-separated document, or one item of a
/// `kind: List` document in the block form `kubectl get -o yaml` prints. Splitting a List into
/// its items lets a 24 MB cluster dump be read in small steps (see [`crate::analyze::Analyzer`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    /// Byte range in the stream.
    pub start: usize,
    pub end: usize,
    /// The line the part starts on (1-based).
    pub first_line: u32,
    /// An item of a List: it parses as a one-item sequence (`- apiVersion: ...`).
    pub list_item: bool,
}

/// The parts of `text`, in order. A List is split into its items only when that cannot change
/// what is read: the List's own fields parse cleanly without its items, and no anchor or alias
/// could refer across items; otherwise the List stays one part.
pub fn split_parts(text: &str) -> Vec<Part> {
    let base = text.as_ptr() as usize;
    let mut parts = Vec::new();
    for (first_line, chunk) in split_documents(text) {
        let start = chunk.as_ptr() as usize - base;
        match list_items(chunk, first_line) {
            Some(items) => parts.extend(items.into_iter().map(|(s, e, line)| Part {
                start: start + s,
                end: start + e,
                first_line: line,
                list_item: true,
            })),
            None => parts.push(Part { start, end: start + chunk.len(), first_line, list_item: false }),
        }
    }
    parts
}

/// Parses one part of `text` (from [`split_parts`]).
pub fn parse_part(text: &str, part: Part) -> Vec<Document> {
    let chunk = text.get(part.start..part.end).unwrap_or_default();
    let mut docs = parse_chunk_fast_or_libyaml(chunk, part.first_line);
    for doc in &mut docs {
        doc.first_line = part.first_line;
    }
    docs
}

/// The items of a block-form List document as (start, end, first line), relative to `chunk`:
/// a top-level `items:` line followed by `- ` entries at column 0. None when `chunk` is not
/// such a List, or when splitting could change the result.
fn list_items(chunk: &str, first_line: u32) -> Option<Vec<(usize, usize, u32)>> {
    // Cheap rejections first: most documents are not Lists.
    let at = if chunk.starts_with("items:") { 0 } else { chunk.find("\nitems:")? + 1 };
    if could_hold_anchor_or_alias(chunk.as_bytes()) {
        return None;
    }
    let mut offset = at;
    let mut line = first_line + chunk.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() as u32;
    let mut items: Vec<(usize, usize, u32)> = Vec::new();
    let mut block_end = None;
    for (k, l) in chunk.as_bytes()[at..].split_inclusive(|&b| b == b'\n').enumerate() {
        let mut content = l;
        while let [rest @ .., b'\n' | b'\r' | b' '] = content {
            content = rest;
        }
        if k == 0 {
            if content != b"items:" {
                return None;
            }
        } else if content.starts_with(b"- ") || content == b"-" {
            if let Some(last) = items.last_mut() {
                last.1 = offset;
            }
            items.push((offset, offset, line));
        } else if content.is_empty() || content[0] == b' ' || content[0] == b'#' {
            if items.is_empty() && content.iter().any(|&b| b != b' ') {
                return None; // `items:` with something other than `- ` entries under it
            }
        } else {
            block_end = Some(offset);
            break;
        }
        offset += l.len();
        line += 1;
    }
    let block_end = block_end.unwrap_or(chunk.len());
    if let Some(last) = items.last_mut() {
        last.1 = block_end;
    }
    if items.is_empty() {
        return None;
    }
    // The List's own fields, without the items, must read cleanly as a List.
    let shell = format!("{}items: []\n{}", &chunk[..at], &chunk[block_end..]);
    let docs = parse_chunk_fast_or_libyaml(&shell, first_line);
    let [doc] = docs.as_slice() else { return None };
    let root = doc.root.as_ref().filter(|_| doc.error.is_none())?;
    let Value::Map(entries) = &root.value else { return None };
    let kind = root.get("kind").and_then(|k| k.as_str()).unwrap_or_default();
    let one_items = entries.iter().filter(|e| e.key.as_str() == Some("items")).count() == 1;
    (one_items && kind.ends_with("List")).then_some(items)
}

/// Whether the text may hold an anchor (`&a`) or alias (`*a`): one at a line's start or right
/// after a space, `[`, `{` or `,`. Conservative: a false yes only means a List is read in one piece.
fn could_hold_anchor_or_alias(b: &[u8]) -> bool {
    b.iter()
        .enumerate()
        .any(|(i, &c)| (c == b'&' || c == b'*') && (i == 0 || matches!(b[i - 1], b' ' | b'[' | b'{' | b',' | b'\n')))
}

/// Hard limit on nodes produced by alias expansion, against "billion laughs" input.
const MAX_ALIAS_NODES: usize = 100_000;
/// Hard limit on nesting, so a deeply nested input cannot exhaust the stack later on.
const MAX_DEPTH: usize = 200;

fn parse_chunk(text: &str, line_offset: u32) -> Vec<Document> {
    let mut parser = match EventParser::new(text.as_bytes()) {
        Some(p) => p,
        None => {
            return vec![Document {
                root: None,
                error: Some(SyntaxError {
                    pos: Pos { line: line_offset, column: 1 },
                    message: "the YAML parser could not start".into(),
                }),
                first_line: line_offset,
            }]
        }
    };
    let mut b = Builder { line_offset, anchors: HashMap::new(), alias_nodes: 0, stack: Vec::new() };
    let mut docs = Vec::new();
    let mut current: Option<Node> = None;
    let mut in_doc = false;
    loop {
        let ev = match parser.next() {
            Ok(ev) => ev,
            Err(err) => {
                let context = err.context.as_deref().map(|c| {
                    let at = b.pos(err.context_mark);
                    format!("{c} that starts at line {}, column {}", at.line, at.column)
                });
                let err =
                    SyntaxError { pos: b.pos(err.mark), message: explain_syntax(&err.problem, context.as_deref()) };
                docs.push(Document {
                    root: b.stack.drain(..).next().map(|f| f.into_node()).or(current.take()),
                    error: Some(err),
                    first_line: line_offset,
                });
                return docs;
            }
        };
        let is_map_start = matches!(ev.kind, Ev::MappingStart { .. });
        match ev.kind {
            Ev::StreamStart => {}
            Ev::StreamEnd => break,
            Ev::DocumentStart => {
                in_doc = true;
                current = None;
                b.anchors.clear();
            }
            Ev::DocumentEnd => {
                if in_doc {
                    docs.push(Document { root: current.take(), error: None, first_line: line_offset });
                }
                in_doc = false;
            }
            Ev::Alias(name) => {
                let node = match b.anchors.get(&name) {
                    Some(n) => {
                        b.alias_nodes += count_nodes(n);
                        if b.alias_nodes > MAX_ALIAS_NODES {
                            let err = SyntaxError { pos: b.pos(ev.start), message: format!("alias `*{name}` expands to too many nodes; write the values out instead of nesting aliases") };
                            docs.push(Document { root: None, error: Some(err), first_line: line_offset });
                            return docs;
                        }
                        n.clone()
                    }
                    None => {
                        let err = SyntaxError {
                            pos: b.pos(ev.start),
                            message: format!("unknown alias `*{name}`: define the anchor `&{name}` before using it"),
                        };
                        docs.push(Document { root: None, error: Some(err), first_line: line_offset });
                        return docs;
                    }
                };
                b.push_value(node, &mut current);
            }
            Ev::Scalar { anchor, tag, value, plain } => {
                let span = Span { start: b.pos(ev.start), end: b.pos(ev.end) };
                let v = resolve_scalar(&value, plain, tag.as_deref());
                // The text as written is kept only where messages need it (a plain scalar read
                // as a non-string, and the merge key), not duplicated for every string.
                let raw = (plain && (!matches!(v, Value::Str(_)) || value == "<<")).then_some(value);
                let node = Node { value: v, span, raw };
                if let Some(a) = anchor {
                    b.anchors.insert(a, node.clone());
                }
                b.push_value(node, &mut current);
            }
            Ev::SequenceStart { anchor } | Ev::MappingStart { anchor } => {
                let is_map = is_map_start;
                if b.stack.len() >= MAX_DEPTH {
                    let err = SyntaxError {
                        pos: b.pos(ev.start),
                        message: format!("nesting deeper than {MAX_DEPTH} levels is not supported"),
                    };
                    docs.push(Document { root: None, error: Some(err), first_line: line_offset });
                    return docs;
                }
                b.stack.push(Frame { is_map, items: Vec::new(), start: b.pos(ev.start), anchor, pending_key: None });
            }
            Ev::SequenceEnd | Ev::MappingEnd => {
                if let Some(frame) = b.stack.pop() {
                    let end = b.pos(ev.end);
                    let anchor = frame.anchor.clone();
                    let mut node = frame.into_node();
                    node.span.end = end;
                    if let Some(a) = anchor {
                        b.anchors.insert(a, node.clone());
                    }
                    b.push_value(node, &mut current);
                }
            }
        }
    }
    docs
}

fn count_nodes(n: &Node) -> usize {
    match &n.value {
        Value::Seq(s) => 1 + s.iter().map(count_nodes).sum::<usize>(),
        Value::Map(m) => 1 + m.iter().map(|e| count_nodes(&e.key) + count_nodes(&e.value)).sum::<usize>(),
        _ => 1,
    }
}

struct Builder {
    line_offset: u32,
    anchors: HashMap<String, Node>,
    alias_nodes: usize,
    stack: Vec<Frame>,
}

impl Builder {
    fn pos(&self, m: sys::yaml_mark_t) -> Pos {
        Pos { line: (m.line as u32).saturating_add(self.line_offset), column: (m.column as u32).saturating_add(1) }
    }
    fn push_value(&mut self, node: Node, current: &mut Option<Node>) {
        match self.stack.last_mut() {
            None => *current = Some(node),
            Some(f) if f.is_map => match f.pending_key.take() {
                None => {
                    // Keys are names: a plain `80:` or `on:` key is the text as written.
                    let mut key = node;
                    if let (Some(raw), Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Null) =
                        (&key.raw, &key.value)
                    {
                        key.value = Value::Str(raw.clone());
                    }
                    f.pending_key = Some(key)
                }
                Some(key) => {
                    if key.as_str() == Some("<<") && key.raw.as_deref() == Some("<<") {
                        merge_into(&mut f.items, node);
                    } else {
                        f.items.push(Item::Entry(Entry { key, value: node }));
                    }
                }
            },
            Some(f) => f.items.push(Item::Node(node)),
        }
    }
}

/// YAML merge keys (`<<: *base`): entries of the merged mapping(s) that the mapping does not
/// already have are added.
fn merge_into(items: &mut Vec<Item>, merged: Node) {
    let maps: Vec<Node> = match merged.value {
        Value::Map(_) => vec![merged],
        Value::Seq(s) => s,
        _ => return,
    };
    for m in maps {
        if let Value::Map(entries) = m.value {
            for e in entries {
                let exists = items.iter().any(|i| matches!(i, Item::Entry(x) if x.key.value == e.key.value));
                if !exists {
                    items.push(Item::Entry(e));
                }
            }
        }
    }
}

enum Item {
    Node(Node),
    Entry(Entry),
}

struct Frame {
    is_map: bool,
    items: Vec<Item>,
    start: Pos,
    anchor: Option<String>,
    pending_key: Option<Node>,
}

impl Frame {
    fn into_node(self) -> Node {
        let span = Span { start: self.start, end: self.start };
        let value = if self.is_map {
            Value::Map(
                self.items.into_iter().filter_map(|i| if let Item::Entry(e) = i { Some(e) } else { None }).collect(),
            )
        } else {
            Value::Seq(
                self.items.into_iter().filter_map(|i| if let Item::Node(n) = i { Some(n) } else { None }).collect(),
            )
        };
        Node { value, span, raw: None }
    }
}

/// Resolves a scalar as go-yaml v2 (what `kubectl` uses) does.
pub(crate) fn resolve_scalar(text: &str, plain: bool, tag: Option<&str>) -> Value {
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

fn parse_bool(t: &str) -> Option<bool> {
    match t {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => Some(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn parse_int(t: &str) -> Option<i64> {
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
        _ => (false, &t[..]),
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

fn parse_float(t: &str) -> Option<f64> {
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

/// Turns libyaml's terse problem text into a sentence that says what to do.
fn explain_syntax(problem: &str, context: Option<&str>) -> String {
    let hint = match problem {
        "did not find expected key" => "check the indentation: a key here lines up with no mapping above it",
        "mapping values are not allowed in this context" => {
            "a `key: value` appears where a plain value was expected; check the indentation, or quote a value that contains `: `"
        }
        "found character that cannot start any token" => "tabs cannot indent YAML, and `@` or `` ` `` cannot start a plain value: use spaces, or quote the value",
        "did not find expected '-' indicator" => "list items under the same key must line up",
        "found undefined tag handle" => "the `!tag` is not defined; remove it",
        "could not find expected ':'" => "a key is missing its `:`, or a multi-line value needs quotes",
        "found unexpected end of stream" => "a quote or bracket is not closed",
        "did not find expected node content" => "a value is missing here",
        "block sequence entries are not allowed in this context" => "a `- item` list starts on the same line as its key; move it to the next line",
        _ => "",
    };
    let mut msg = String::from("YAML syntax error: ");
    msg.push_str(problem);
    if let Some(c) = context {
        msg.push_str(" (");
        msg.push_str(c);
        msg.push(')');
    }
    if !hint.is_empty() {
        msg.push_str(". ");
        msg.push_str(hint);
    }
    msg
}

// ---- the only unsafe code in the engine: a thin, safe wrapper over libyaml's event parser ----

struct RawError {
    problem: String,
    context: Option<String>,
    context_mark: sys::yaml_mark_t,
    mark: sys::yaml_mark_t,
}

enum Ev {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias(String),
    Scalar { anchor: Option<String>, tag: Option<String>, value: String, plain: bool },
    SequenceStart { anchor: Option<String> },
    SequenceEnd,
    MappingStart { anchor: Option<String> },
    MappingEnd,
}

struct Event {
    kind: Ev,
    start: sys::yaml_mark_t,
    end: sys::yaml_mark_t,
}

struct EventParser<'a> {
    // Boxed so the parser struct never moves after initialisation; it borrows `_input`.
    parser: Box<MaybeUninit<sys::yaml_parser_t>>,
    _input: &'a [u8],
    done: bool,
}

impl<'a> EventParser<'a> {
    fn new(input: &'a [u8]) -> Option<Self> {
        let mut parser: Box<MaybeUninit<sys::yaml_parser_t>> = Box::new(MaybeUninit::uninit());
        // SAFETY: libyaml initialises the struct in place; we only use it after success. The
        // input slice outlives the parser (lifetime 'a) and is never mutated.
        unsafe {
            if sys::yaml_parser_initialize(parser.as_mut_ptr()).fail {
                return None;
            }
            sys::yaml_parser_set_encoding(parser.as_mut_ptr(), sys::YAML_UTF8_ENCODING);
            sys::yaml_parser_set_input_string(parser.as_mut_ptr(), input.as_ptr(), input.len() as u64);
        }
        Some(EventParser { parser, _input: input, done: false })
    }

    fn next(&mut self) -> Result<Event, RawError> {
        if self.done {
            return Ok(Event { kind: Ev::StreamEnd, start: zero_mark(), end: zero_mark() });
        }
        let mut event = MaybeUninit::<sys::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised in `new`; on success libyaml fills `event`, which we
        // read and then free with yaml_event_delete exactly once. Pointers inside the event are
        // valid until then; we copy what we need.
        unsafe {
            let p = self.parser.as_mut_ptr();
            let pr = &*p;
            if pr.error != sys::YAML_NO_ERROR || sys::yaml_parser_parse(p, event.as_mut_ptr()).fail {
                self.done = true;
                return Err(RawError {
                    problem: cstr_lossy(pr.problem as *const u8).unwrap_or_else(|| "invalid YAML".into()),
                    context: cstr_lossy(pr.context as *const u8),
                    context_mark: pr.context_mark,
                    mark: pr.problem_mark,
                });
            }
            let e = event.as_mut_ptr();
            let kind = match (*e).type_ {
                sys::YAML_STREAM_START_EVENT => Ev::StreamStart,
                sys::YAML_STREAM_END_EVENT => Ev::StreamEnd,
                sys::YAML_DOCUMENT_START_EVENT => Ev::DocumentStart,
                sys::YAML_DOCUMENT_END_EVENT => Ev::DocumentEnd,
                sys::YAML_ALIAS_EVENT => Ev::Alias(cstr_lossy((*e).data.alias.anchor).unwrap_or_default()),
                sys::YAML_SCALAR_EVENT => {
                    let s = (*e).data.scalar;
                    let bytes = std::slice::from_raw_parts(s.value, s.length as usize);
                    Ev::Scalar {
                        anchor: cstr_lossy(s.anchor),
                        tag: cstr_lossy(s.tag),
                        value: String::from_utf8_lossy(bytes).into_owned(),
                        plain: s.style == sys::YAML_PLAIN_SCALAR_STYLE,
                    }
                }
                sys::YAML_SEQUENCE_START_EVENT => {
                    Ev::SequenceStart { anchor: cstr_lossy((*e).data.sequence_start.anchor) }
                }
                sys::YAML_SEQUENCE_END_EVENT => Ev::SequenceEnd,
                sys::YAML_MAPPING_START_EVENT => {
                    Ev::MappingStart { anchor: cstr_lossy((*e).data.mapping_start.anchor) }
                }
                sys::YAML_MAPPING_END_EVENT => Ev::MappingEnd,
                _ => Ev::StreamEnd,
            };
            let (start, end) = ((*e).start_mark, (*e).end_mark);
            sys::yaml_event_delete(e);
            if matches!(kind, Ev::StreamEnd) {
                self.done = true;
            }
            Ok(Event { kind, start, end })
        }
    }
}

impl Drop for EventParser<'_> {
    fn drop(&mut self) {
        // SAFETY: initialised in `new` (a failed init never constructs an EventParser).
        unsafe { sys::yaml_parser_delete(self.parser.as_mut_ptr()) }
    }
}

fn zero_mark() -> sys::yaml_mark_t {
    // SAFETY: yaml_mark_t is three integers; all-zero is a valid value.
    unsafe { std::mem::zeroed() }
}

/// SAFETY: `p` is null or a NUL-terminated string owned by libyaml.
unsafe fn cstr_lossy(p: *const u8) -> Option<String> {
    if p.is_null() {
        return None;
    }
    let c = std::ffi::CStr::from_ptr(p as *const std::ffi::c_char);
    Some(c.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        parse_stream(text).remove(0).root.expect("a root")
    }

    #[test]
    fn positions_are_one_based_and_offset_per_document() {
        let docs = parse_stream("a: 1\n---\nb:\n  c: x\n");
        assert_eq!(docs.len(), 2);
        let b = docs[1].root.as_ref().unwrap();
        let (span, found) = b.locate("b.c");
        assert!(found);
        assert_eq!(span.start, Pos { line: 4, column: 6 });
    }

    #[test]
    fn scalars_resolve_like_kubectl() {
        let n = one("a: yes\nb: \"80\"\nc: 80\nd: 0x10\ne: 1.5\nf:\ng: hello\nh: !!str 7\n");
        assert_eq!(n.get("a").unwrap().value, Value::Bool(true));
        assert_eq!(n.get("b").unwrap().value, Value::Str("80".into()));
        assert_eq!(n.get("c").unwrap().value, Value::Int(80));
        assert_eq!(n.get("d").unwrap().value, Value::Int(16));
        assert_eq!(n.get("e").unwrap().value, Value::Float(1.5));
        assert_eq!(n.get("f").unwrap().value, Value::Null);
        assert_eq!(n.get("g").unwrap().value, Value::Str("hello".into()));
        assert_eq!(n.get("h").unwrap().value, Value::Str("7".into()));
    }

    #[test]
    fn a_syntax_error_costs_only_its_document() {
        let docs = parse_stream("a: 1\n---\nb: [1,\n---\nc: 3\n");
        assert_eq!(docs.len(), 3);
        assert!(docs[0].error.is_none());
        let e = docs[1].error.as_ref().unwrap();
        assert!(e.pos.line >= 3, "{e}");
        assert!(docs[2].root.as_ref().unwrap().get("c").is_some());
    }

    #[test]
    fn aliases_and_merge_keys() {
        let n = one("base: &b {x: 1, z: 2}\nuse:\n  <<: *b\n  z: 3\n");
        let u = n.get("use").unwrap();
        assert_eq!(u.get("x").unwrap().value, Value::Int(1));
        assert_eq!(u.get("z").unwrap().value, Value::Int(3));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut s = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for i in 0..8 {
            let prev = if i == 0 { "a".to_string() } else { format!("l{}", i - 1) };
            s.push_str(&format!(
                "l{i}: &l{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
        }
        let docs = parse_stream(&s);
        assert!(docs[0].error.as_ref().unwrap().message.contains("too many"));
    }

    #[test]
    fn json_is_yaml() {
        let n = one("{\"kind\": \"Service\", \"spec\": {\"ports\": [{\"port\": 80}]}}");
        assert_eq!(n.locate("spec.ports[0].port").1, true);
    }
}
