//! The libyaml event parser (`libyaml-rs`, the parser under `yaml_serde`) building the tree with
//! positions: anchors, aliases (bounded), merge keys, and syntax errors explained. The only
//! `unsafe` code in the engine: a thin, safe wrapper over the C-style API.

use super::scalar::resolve_scalar;
use super::tree::{Raw, Tag, Tree};
use super::{Doc, Document, Pos, Span, SyntaxError};
use libyaml_rs as sys;
use std::collections::HashMap;
use std::mem::MaybeUninit;
use std::sync::Arc;

/// Hard limit on nodes produced by alias expansion, against "billion laughs" input.
pub(super) const MAX_ALIAS_NODES: usize = 100_000;

/// Hard limit on nesting, so a deeply nested input cannot exhaust the stack later on.
pub(super) const MAX_DEPTH: usize = 200;

pub(super) fn parse_chunk(text: &str, line_offset: u32) -> Vec<Document> {
    parse_chunk_at(text, line_offset, 0)
}

/// [`parse_chunk`] of a chunk that starts `column_offset` characters into its first line.
pub(super) fn parse_chunk_at(text: &str, line_offset: u32, column_offset: u32) -> Vec<Document> {
    let mut parser = match EventParser::new(text.as_bytes()) {
        Some(p) => p,
        None => {
            return vec![Document {
                root: None,
                error: Some(SyntaxError {
                    pos: Pos { line: line_offset, column: column_offset + 1 },
                    message: "the YAML parser could not start".into(),
                }),
                first_line: line_offset,
            }]
        }
    };
    let mut b = Builder {
        line_offset,
        column_offset,
        tree: Tree::default(),
        anchors: HashMap::new(),
        alias_nodes: 0,
        stack: Vec::new(),
    };
    // (root, error) of each document; the documents share one tree, made at the end.
    let mut docs: Vec<(Option<u32>, Option<SyntaxError>)> = Vec::new();
    let mut current: Option<u32> = None;
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
                docs.push((None, Some(err)));
                break;
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
                    docs.push((current.take(), None));
                }
                in_doc = false;
            }
            Ev::Alias(name) => {
                let found = b.anchors.get(&name).copied();
                let Some(id) = found else {
                    let err = SyntaxError {
                        pos: b.pos(ev.start),
                        message: format!("unknown alias `*{name}`: define the anchor `&{name}` before using it"),
                    };
                    docs.push((None, Some(err)));
                    break;
                };
                b.alias_nodes += count_nodes(&b.tree, id, MAX_ALIAS_NODES + 1);
                if b.alias_nodes > MAX_ALIAS_NODES {
                    let err = SyntaxError { pos: b.pos(ev.start), message: format!("alias `*{name}` expands to too many nodes; write the values out instead of nesting aliases") };
                    docs.push((None, Some(err)));
                    break;
                }
                b.push_value(id, &mut current);
            }
            Ev::Scalar { anchor, tag, value, plain } => {
                let span = Span { start: b.pos(ev.start), end: b.pos(ev.end) };
                let t = resolve_scalar(&value, plain, tag.as_deref()).tag();
                // The text as written is kept only where messages need it (a plain scalar read
                // as a non-string, and the merge key); a string's text is the string.
                let has_raw = plain && (t != Tag::Str || value == "<<");
                let range = b.tree.add_text(&value);
                let id = b.tree.scalar(span, t, range, has_raw);
                if let Some(a) = anchor {
                    b.anchors.insert(a, id);
                }
                b.push_value(id, &mut current);
            }
            Ev::SequenceStart { anchor } | Ev::MappingStart { anchor } => {
                let is_map = is_map_start;
                if b.stack.len() >= MAX_DEPTH {
                    let err = SyntaxError {
                        pos: b.pos(ev.start),
                        message: format!("nesting deeper than {MAX_DEPTH} levels is not supported"),
                    };
                    docs.push((None, Some(err)));
                    break;
                }
                b.stack.push(Frame { is_map, kids: Vec::new(), start: b.pos(ev.start), anchor, pending_key: None });
            }
            Ev::SequenceEnd | Ev::MappingEnd => {
                if let Some(frame) = b.stack.pop() {
                    let span = Span { start: frame.start, end: b.pos(ev.end) };
                    let id = b.tree.collection(span, frame.is_map, &frame.kids);
                    if let Some(a) = frame.anchor {
                        b.anchors.insert(a, id);
                    }
                    b.push_value(id, &mut current);
                }
            }
        }
    }
    b.tree.fit();
    let tree = Arc::new(b.tree);
    docs.into_iter()
        .map(|(root, error)| Document {
            root: root.map(|id| Doc::new(tree.clone(), id)),
            error,
            first_line: line_offset,
        })
        .collect()
}

/// The nodes `id` stands for once aliases are expanded, counted up to `limit`.
pub(super) fn count_nodes(tree: &Tree, id: u32, limit: usize) -> usize {
    let r = &tree.nodes[id as usize];
    match r.tag {
        Tag::Seq | Tag::Map => {
            let mut n = 1;
            for &k in &tree.kids[r.a as usize..(r.a + r.b) as usize] {
                n += count_nodes(tree, k, limit);
                if n > limit {
                    break;
                }
            }
            n
        }
        _ => 1,
    }
}

pub(super) struct Builder {
    line_offset: u32,
    /// Characters before the chunk on its first line.
    column_offset: u32,
    tree: Tree,
    anchors: HashMap<String, u32>,
    alias_nodes: usize,
    stack: Vec<Frame>,
}

impl Builder {
    fn pos(&self, m: sys::yaml_mark_t) -> Pos {
        Pos {
            line: (m.line as u32).saturating_add(self.line_offset),
            column: (m.column as u32).saturating_add(if m.line == 0 { self.column_offset + 1 } else { 1 }),
        }
    }
    fn push_value(&mut self, id: u32, current: &mut Option<u32>) {
        let tree = &mut self.tree;
        match self.stack.last_mut() {
            None => *current = Some(id),
            Some(f) if f.is_map => match f.pending_key.take() {
                None => {
                    // Keys are names: a plain `80:` or `on:` key is the text as written.
                    let r = tree.nodes[id as usize];
                    let key =
                        if r.has_raw && matches!(r.tag, Tag::False | Tag::True | Tag::Int | Tag::Float | Tag::Null) {
                            tree.push(Raw { tag: Tag::Str, ..r })
                        } else {
                            id
                        };
                    f.pending_key = Some(key)
                }
                Some(key) => {
                    let k = tree.nodes[key as usize];
                    if k.has_raw && k.tag == Tag::Str && tree.node(key).as_str() == Some("<<") {
                        merge_into(tree, &mut f.kids, id);
                    } else {
                        f.kids.extend([key, id]);
                    }
                }
            },
            Some(f) => f.kids.push(id),
        }
    }
}

/// YAML merge keys (`<<: *base`): entries of the merged mapping(s) that the mapping does not
/// already have are added.
pub(super) fn merge_into(tree: &Tree, kids: &mut Vec<u32>, merged: u32) {
    let maps: Vec<u32> = match tree.nodes[merged as usize].tag {
        Tag::Map => vec![merged],
        Tag::Seq => {
            let r = &tree.nodes[merged as usize];
            tree.kids[r.a as usize..(r.a + r.b) as usize].to_vec()
        }
        _ => return,
    };
    for m in maps {
        let r = &tree.nodes[m as usize];
        if r.tag != Tag::Map {
            continue;
        }
        for kv in tree.kids[r.a as usize..(r.a + r.b) as usize].chunks_exact(2) {
            let key = tree.node(kv[0]).value();
            if !kids.chunks_exact(2).any(|x| tree.node(x[0]).value() == key) {
                kids.extend_from_slice(kv);
            }
        }
    }
}

pub(super) struct Frame {
    is_map: bool,
    /// Child ids (key and value alternating in a mapping).
    kids: Vec<u32>,
    start: Pos,
    anchor: Option<String>,
    pending_key: Option<u32>,
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
