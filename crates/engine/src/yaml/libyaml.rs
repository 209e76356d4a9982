//! The libyaml event parser (`libyaml-rs`, the parser under `yaml_serde`) building the tree with
//! positions: anchors, aliases (bounded), merge keys, and syntax errors explained. The only
//! `unsafe` code in the engine: a thin, safe wrapper over the C-style API.

use super::scalar::resolve_scalar;
use super::{Document, Entry, Node, Pos, Span, SyntaxError, Value};
use libyaml_rs as sys;
use std::collections::HashMap;
use std::mem::MaybeUninit;

/// Hard limit on nodes produced by alias expansion, against "billion laughs" input.
pub(super) const MAX_ALIAS_NODES: usize = 100_000;

/// Hard limit on nesting, so a deeply nested input cannot exhaust the stack later on.
pub(super) const MAX_DEPTH: usize = 200;

pub(super) fn parse_chunk(text: &str, line_offset: u32) -> Vec<Document> {
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

pub(super) fn count_nodes(n: &Node) -> usize {
    match &n.value {
        Value::Seq(s) => 1 + s.iter().map(count_nodes).sum::<usize>(),
        Value::Map(m) => 1 + m.iter().map(|e| count_nodes(&e.key) + count_nodes(&e.value)).sum::<usize>(),
        _ => 1,
    }
}

pub(super) struct Builder {
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
pub(super) fn merge_into(items: &mut Vec<Item>, merged: Node) {
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

pub(super) enum Item {
    Node(Node),
    Entry(Entry),
}

pub(super) struct Frame {
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

/// Turns libyaml's terse problem text into a sentence that says what to do.
pub(super) fn explain_syntax(problem: &str, context: Option<&str>) -> String {
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

pub(super) struct RawError {
    problem: String,
    context: Option<String>,
    context_mark: sys::yaml_mark_t,
    mark: sys::yaml_mark_t,
}

pub(super) enum Ev {
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

pub(super) struct Event {
    kind: Ev,
    start: sys::yaml_mark_t,
    end: sys::yaml_mark_t,
}

pub(super) struct EventParser<'a> {
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

pub(super) fn zero_mark() -> sys::yaml_mark_t {
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
