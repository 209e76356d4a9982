//! The tree: one flat arena per parsed chunk ([`Tree`]), read through small copyable handles
//! ([`Node`]) and owned through [`Doc`]. Scalars are byte ranges into the tree's one text buffer
//! (the chunk itself, then any scalar that had to be rewritten: unescaped, folded, a literal
//! block), collections are ranges of child ids. Parsing allocates a few vectors per document
//! instead of one `String` per scalar and one `Vec` per collection, and dropping a tree frees
//! three buffers, whatever its size.

use super::scalar::{parse_float, parse_int, Resolved};
use std::fmt;
use std::sync::Arc;

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

impl Span {
    /// The same span `lines` lines further down (up for a negative count).
    pub fn shifted(self, lines: i32) -> Span {
        if lines == 0 {
            return self;
        }
        let l = |p: Pos| Pos { line: p.line.saturating_add_signed(lines), column: p.column };
        Span { start: l(self.start), end: l(self.end) }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tag {
    Null,
    False,
    True,
    Int,
    Float,
    Str,
    Seq,
    Map,
}

impl Resolved {
    /// The arena tag (an integer's or a float's value is read again from its text).
    pub(super) fn tag(self) -> Tag {
        match self {
            Resolved::Null => Tag::Null,
            Resolved::Bool(false) => Tag::False,
            Resolved::Bool(true) => Tag::True,
            Resolved::Int(_) => Tag::Int,
            Resolved::Float(_) => Tag::Float,
            Resolved::Str => Tag::Str,
        }
    }
}

/// One node in the arena (28 bytes). For scalars `a..a+b` is a byte range of [`Tree::text`]:
/// the string, or the text as written (an integer's or a float's value is read from it again);
/// for collections it is a range of [`Tree::kids`] (key and value ids alternate in a mapping).
#[derive(Clone, Copy, Debug)]
pub(super) struct Raw {
    pub(super) span: Span,
    pub(super) a: u32,
    pub(super) b: u32,
    pub(super) tag: Tag,
    /// The text is the plain scalar as written, for messages (see [`Node::raw`]).
    pub(super) has_raw: bool,
}

/// The nodes of one parsed chunk.
#[derive(Default)]
pub struct Tree {
    pub(super) nodes: Vec<Raw>,
    pub(super) kids: Vec<u32>,
    pub(super) text: String,
}

impl Tree {
    /// A tree whose text starts with `text`, with room for about `nodes` nodes and as much
    /// rewritten text again: room reserved and never written costs no memory page, and
    /// [`Tree::fit`] gives the rest back once the tree is made, so no buffer is copied to grow.
    pub(super) fn with_text(text: &str, nodes: usize) -> Tree {
        let mut buf = String::with_capacity(2 * text.len());
        buf.push_str(text);
        Tree { nodes: Vec::with_capacity(nodes), kids: Vec::with_capacity(nodes), text: buf }
    }

    /// Gives back the room reserved and not used (in place: nothing is copied). A document
    /// stays in memory as long as its objects, so the room would be lost until then.
    pub(super) fn fit(&mut self) {
        self.nodes.shrink_to_fit();
        self.kids.shrink_to_fit();
        self.text.shrink_to_fit();
    }

    /// Appends `s` to the text buffer; its range there.
    pub(super) fn add_text(&mut self, s: &str) -> (u32, u32) {
        let at = self.text.len() as u32;
        self.text.push_str(s);
        (at, s.len() as u32)
    }

    #[inline(always)]
    pub(super) fn push(&mut self, raw: Raw) -> u32 {
        self.nodes.push(raw);
        (self.nodes.len() - 1) as u32
    }

    /// A scalar whose text is `range` of the buffer.
    #[inline(always)]
    pub(super) fn scalar(&mut self, span: Span, tag: Tag, range: (u32, u32), has_raw: bool) -> u32 {
        self.push(Raw { span, tag, has_raw, a: range.0, b: range.1 })
    }

    /// A sequence (`map` false) or mapping of the child ids `kids`.
    pub(super) fn collection(&mut self, span: Span, map: bool, kids: &[u32]) -> u32 {
        let a = self.kids.len() as u32;
        self.kids.extend_from_slice(kids);
        let tag = if map { Tag::Map } else { Tag::Seq };
        self.push(Raw { span, tag, has_raw: false, a, b: kids.len() as u32 })
    }

    pub(super) fn node(&self, id: u32) -> Node<'_> {
        Node { tree: self, id, shift: 0 }
    }
}

impl fmt::Debug for Tree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tree({} nodes)", self.nodes.len())
    }
}

/// A node of a [`Tree`]: a cheap handle (copy it freely) with the node's value and span.
#[derive(Clone, Copy)]
pub struct Node<'t> {
    tree: &'t Tree,
    id: u32,
    /// Lines added to every span (a tree read at another place in the text, see [`Doc::shifted`]).
    shift: i32,
}

/// A node's value. Strings borrow from the tree.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'t> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'t str),
    Seq(Seq<'t>),
    Map(Map<'t>),
}

/// The kind of value a node holds (read without decoding it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Null,
    Bool,
    Int,
    Float,
    Str,
    Seq,
    Map,
}

/// One `key: value` of a mapping.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'t> {
    pub key: Node<'t>,
    pub value: Node<'t>,
}

/// The items of a sequence.
#[derive(Clone, Copy)]
pub struct Seq<'t> {
    tree: &'t Tree,
    ids: &'t [u32],
    shift: i32,
}

/// The entries of a mapping, in the order written.
#[derive(Clone, Copy)]
pub struct Map<'t> {
    tree: &'t Tree,
    /// Key and value ids, alternating.
    ids: &'t [u32],
    shift: i32,
}

/// An empty tree, for empty sequences and mappings that belong to none.
static EMPTY: Tree = Tree { nodes: Vec::new(), kids: Vec::new(), text: String::new() };

impl Default for Seq<'_> {
    fn default() -> Self {
        Seq { tree: &EMPTY, ids: &[], shift: 0 }
    }
}

impl Default for Map<'_> {
    fn default() -> Self {
        Map { tree: &EMPTY, ids: &[], shift: 0 }
    }
}

impl<'t> Seq<'t> {
    pub fn len(&self) -> usize {
        self.ids.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
    pub fn get(&self, i: usize) -> Option<Node<'t>> {
        self.ids.get(i).map(|&id| Node { tree: self.tree, id, shift: self.shift })
    }
    pub fn first(&self) -> Option<Node<'t>> {
        self.get(0)
    }
    pub fn last(&self) -> Option<Node<'t>> {
        self.ids.len().checked_sub(1).and_then(|i| self.get(i))
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Node<'t>> + ExactSizeIterator + 't {
        let (tree, shift) = (self.tree, self.shift);
        self.ids.iter().map(move |&id| Node { tree, id, shift })
    }
}

impl<'t> Map<'t> {
    pub fn len(&self) -> usize {
        self.ids.len() / 2
    }
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
    pub fn entry(&self, i: usize) -> Option<Entry<'t>> {
        let (tree, shift) = (self.tree, self.shift);
        let k = *self.ids.get(2 * i)?;
        let v = *self.ids.get(2 * i + 1)?;
        Some(Entry { key: Node { tree, id: k, shift }, value: Node { tree, id: v, shift } })
    }
    pub fn first(&self) -> Option<Entry<'t>> {
        self.entry(0)
    }
    pub fn last(&self) -> Option<Entry<'t>> {
        self.len().checked_sub(1).and_then(|i| self.entry(i))
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Entry<'t>> + ExactSizeIterator + 't {
        let (tree, shift) = (self.tree, self.shift);
        self.ids
            .chunks_exact(2)
            .map(move |kv| Entry { key: Node { tree, id: kv[0], shift }, value: Node { tree, id: kv[1], shift } })
    }
    /// The entry of `key` (the last one, as a real cluster keeps the last).
    #[inline]
    pub fn find(&self, key: &str) -> Option<Entry<'t>> {
        let tree = self.tree;
        let mut i = self.ids.len() / 2;
        while i > 0 {
            i -= 1;
            if tree.key_is(self.ids[2 * i], key.as_bytes()) {
                return self.entry(i);
            }
        }
        None
    }
    /// The first entry before entry `i` with the same (string) key.
    pub fn same_key_before(&self, i: usize) -> Option<Entry<'t>> {
        let tree = self.tree;
        let key = tree.str_bytes(*self.ids.get(2 * i)?)?;
        (0..i).find(|&j| tree.key_is(self.ids[2 * j], key)).and_then(|j| self.entry(j))
    }
}

impl Tree {
    /// Whether node `id` is the string `key`.
    #[inline(always)]
    fn key_is(&self, id: u32, key: &[u8]) -> bool {
        let r = &self.nodes[id as usize];
        let text = self.text.as_bytes();
        // The first byte before the whole key: most keys of the same length differ there, and
        // comparing it inline saves a call to `memcmp`.
        r.tag == Tag::Str
            && r.b as usize == key.len()
            && key.first().is_none_or(|k| text.get(r.a as usize) == Some(k))
            && text.get(r.a as usize..(r.a + r.b) as usize) == Some(key)
    }
    /// The bytes of string node `id`.
    fn str_bytes(&self, id: u32) -> Option<&[u8]> {
        let r = &self.nodes[id as usize];
        (r.tag == Tag::Str).then(|| self.text.as_bytes().get(r.a as usize..(r.a + r.b) as usize).unwrap_or_default())
    }
    #[inline(always)]
    fn str_of(&self, r: &Raw) -> &str {
        self.text.get(r.a as usize..(r.a + r.b) as usize).unwrap_or_default()
    }
}

// The accessors below are called from hundreds of places in the decoders: inlined natively (for
// speed), kept out of line in the wasm (each inlined copy adds code to the download).
impl<'t> Node<'t> {
    #[inline(always)]
    fn raw_node(&self) -> &'t Raw {
        &self.tree.nodes[self.id as usize]
    }
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn span(&self) -> Span {
        self.raw_node().span.shifted(self.shift)
    }
    /// What kind of value the node holds (cheaper than [`Node::value`] for numbers).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn shape(&self) -> Shape {
        match self.raw_node().tag {
            Tag::Null => Shape::Null,
            Tag::False | Tag::True => Shape::Bool,
            Tag::Int => Shape::Int,
            Tag::Float => Shape::Float,
            Tag::Str => Shape::Str,
            Tag::Seq => Shape::Seq,
            Tag::Map => Shape::Map,
        }
    }
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn value(&self) -> Value<'t> {
        let r = self.raw_node();
        let (tree, shift) = (self.tree, self.shift);
        match r.tag {
            Tag::Null => Value::Null,
            Tag::False => Value::Bool(false),
            Tag::True => Value::Bool(true),
            Tag::Int => Value::Int(parse_int(tree.str_of(r)).unwrap_or_default()),
            Tag::Float => Value::Float(parse_float(tree.str_of(r)).unwrap_or_default()),
            Tag::Str => Value::Str(tree.str_of(r)),
            Tag::Seq => Value::Seq(Seq { tree, ids: &tree.kids[r.a as usize..(r.a + r.b) as usize], shift }),
            Tag::Map => Value::Map(Map { tree, ids: &tree.kids[r.a as usize..(r.a + r.b) as usize], shift }),
        }
    }
    /// A plain scalar's text as written, when YAML read it as something other than a string
    /// (for messages like "`yes` is a boolean"), and for the merge key `<<`; None otherwise.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn raw(&self) -> Option<&'t str> {
        let r = self.raw_node();
        r.has_raw.then(|| self.tree.str_of(r))
    }
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn as_str(&self) -> Option<&'t str> {
        let r = self.raw_node();
        (r.tag == Tag::Str).then(|| self.tree.str_of(r))
    }
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn as_i64(&self) -> Option<i64> {
        match self.value() {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn as_bool(&self) -> Option<bool> {
        match self.raw_node().tag {
            Tag::True => Some(true),
            Tag::False => Some(false),
            _ => None,
        }
    }
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn as_seq(&self) -> Option<Seq<'t>> {
        match self.value() {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn as_map(&self) -> Option<Map<'t>> {
        match self.value() {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn is_null(&self) -> bool {
        self.raw_node().tag == Tag::Null
    }
    /// The value under `key` in a mapping (the last one, as a real cluster keeps the last).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn get(&self, key: &str) -> Option<Node<'t>> {
        self.as_map()?.find(key).map(|e| e.value)
    }
    /// The span of the key `key` in a mapping.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.as_map()?.find(key).map(|e| e.key.span())
    }
    /// A short name for the node's type, as a person would say it.
    pub fn type_name(&self) -> &'static str {
        match self.raw_node().tag {
            Tag::Null => "null",
            Tag::False | Tag::True => "boolean",
            Tag::Int => "integer",
            Tag::Float => "number",
            Tag::Str => "string",
            Tag::Seq => "list",
            Tag::Map => "mapping",
        }
    }
    /// Whether `other` is this very node (not merely an equal one).
    pub fn same(&self, other: &Node<'_>) -> bool {
        std::ptr::eq(self.tree, other.tree) && self.id == other.id
    }

    /// Follows a field path in API-server form (`spec.ports[0].targetPort`,
    /// `metadata.labels[app]`) as far as it exists. Returns the span of the deepest node reached
    /// and whether the whole path was found. A null value (`selector:`) has no text of its own:
    /// its key's span is returned then.
    pub fn locate(&self, path: &str) -> (Span, bool) {
        let mut node = *self;
        let mut span = self.span();
        for step in path_steps(path) {
            let next = match step {
                Step::Field(f) | Step::Key(f) => node.as_map().and_then(|m| m.find(f)).map(|e| (e.value, Some(e.key))),
                Step::Index(i) => node.as_seq().and_then(|s| s.get(i)).map(|n| (n, None)),
            };
            match next {
                Some((n, key)) => {
                    span = match key {
                        Some(k) if n.is_null() => k.span(),
                        _ => n.span(),
                    };
                    node = n;
                }
                None => return (span, false),
            }
        }
        (span, true)
    }
}

impl PartialEq for Seq<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a.value() == b.value())
    }
}

impl PartialEq for Map<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .zip(other.iter())
                .all(|(a, b)| a.key.value() == b.key.value() && a.value.value() == b.value.value())
    }
}

impl fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.span();
        write!(f, "{:?}@{}:{}", self.value(), s.start.line, s.start.column)
    }
}

impl fmt::Debug for Seq<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl fmt::Debug for Map<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter().map(|e| (e.key, e.value))).finish()
    }
}

/// An owned node: a shared [`Tree`] and a node in it (a document's root, an item of a List).
/// Cloning is cheap.
#[derive(Clone)]
pub struct Doc {
    tree: Arc<Tree>,
    id: u32,
    shift: i32,
}

impl Doc {
    pub(super) fn new(tree: Arc<Tree>, id: u32) -> Doc {
        Doc { tree, id, shift: 0 }
    }
    pub fn node(&self) -> Node<'_> {
        Node { tree: &self.tree, id: self.id, shift: self.shift }
    }
    /// `n`, a node of this document's tree, owned. None for a node of another tree.
    pub fn owned(&self, n: Node<'_>) -> Option<Doc> {
        std::ptr::eq(&*self.tree, n.tree).then(|| Doc { tree: self.tree.clone(), id: n.id, shift: n.shift })
    }
    /// The same document read `lines` lines further down in a text (up for a negative count).
    pub fn shifted(&self, lines: i32) -> Doc {
        Doc { tree: self.tree.clone(), id: self.id, shift: self.shift + lines }
    }
    pub fn span(&self) -> Span {
        self.node().span()
    }
    pub fn get(&self, key: &str) -> Option<Node<'_>> {
        self.node().get(key)
    }
    pub fn locate(&self, path: &str) -> (Span, bool) {
        self.node().locate(path)
    }
}

impl<'a> From<&'a Doc> for Node<'a> {
    fn from(d: &'a Doc) -> Node<'a> {
        d.node()
    }
}

impl<'t> From<&Node<'t>> for Node<'t> {
    fn from(n: &Node<'t>) -> Node<'t> {
        *n
    }
}

impl fmt::Debug for Doc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.node().fmt(f)
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
    pub root: Option<Doc>,
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
