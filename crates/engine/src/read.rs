//! Stage 1: text → documents → objects. Syntax errors, documents without `apiVersion`/`kind`,
//! unmodeled kinds, the structural check ([`crate::schema`]) and typed decoding.
//!
//! What each part (a document, or an item of a List) gave can be kept in a [`ReadCache`] and
//! reused by the next analysis for a part with the same text: a keystroke parses only the
//! document it touched (the others are read again from their trees the first time they are
//! reused, then copied).

use crate::api;
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{Body, Diagnostics, Kind, Object, Objects, ServiceBody, Source};
use crate::util::hash;
use crate::yaml::{self, Doc, Node, Span};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

/// Bytes of a source that one step of splitting looks at (about a millisecond).
const SPLIT_STEP: usize = 256 * 1024;

/// Reads sources one part at a time (a document, or an item of a List), so a caller can spread
/// a large input over several steps.
#[derive(Debug, Default)]
pub struct Reader {
    /// Sources split into parts so far, and the splitter of the next (a step splits at most
    /// [`SPLIT_STEP`] bytes: a 24 MB dump is split in a hundred steps, not one).
    split: usize,
    splitter: yaml::Splitter,
    /// How many sources there are.
    sources: usize,
    /// (source index, part), in reading order (of the sources split so far).
    parts: Vec<(usize, yaml::Part)>,
    next: usize,
    /// Bytes in the parts read so far, and in all of them.
    bytes_read: usize,
    bytes: usize,
    unmodeled: BTreeSet<String>,
    /// What an earlier analysis read, and what this one has read; None when not caching.
    cache: Option<(ReadCache, ReadCache)>,
    /// Parts taken from the cache instead of read.
    reused: usize,
}

/// What reading each part of a text gave, by the part's text, for the next analysis: see
/// [`crate::Analyzer::with_cache`]. It holds the parts of one analysis (the last one).
#[derive(Debug, Default)]
pub struct ReadCache {
    /// Documents and List items (read differently), by text.
    parts: [Parts; 2],
}

impl ReadCache {
    /// The number of parts held.
    pub fn len(&self) -> usize {
        self.parts.iter().map(|p| p.len).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Parts by their text, found by a hash of it ([`hash::fast64`]: each part's text is hashed
/// once per analysis, a few milliseconds for a 24 MB dump, where a `HashMap<Box<str>, _>` hashed
/// it with SipHash up to three times, and again whenever the table grew); texts with the same
/// hash are told apart by comparing them.
#[derive(Debug, Default)]
struct Parts {
    by_hash: HashMap<u64, Vec<(Key, Kept)>>,
    len: usize,
}

/// A part's text: a range of its source's text, shared, not copied (a dump's parts are its
/// whole text).
#[derive(Clone, Debug)]
struct Key {
    source: Rc<str>,
    start: usize,
    end: usize,
}

impl Key {
    fn text(&self) -> &str {
        self.source.get(self.start..self.end).unwrap_or_default()
    }
}

impl Parts {
    fn take(&mut self, hash: u64, text: &str) -> Option<(Key, Kept)> {
        let same = self.by_hash.get_mut(&hash)?;
        let i = same.iter().position(|(t, _)| t.text() == text)?;
        self.len -= 1;
        Some(same.swap_remove(i))
    }

    fn get_mut(&mut self, hash: u64, text: &str) -> Option<&mut Kept> {
        self.by_hash.get_mut(&hash)?.iter_mut().find(|(t, _)| t.text() == text).map(|(_, r)| r)
    }

    /// Holds `read` for `text`, in place of what it held for the same text.
    fn insert(&mut self, hash: u64, text: Key, read: Kept) {
        let same = self.by_hash.entry(hash).or_default();
        match same.iter_mut().find(|(t, _)| t.text() == text.text()) {
            Some(slot) => slot.1 = read,
            None => {
                same.push((text, read));
                self.len += 1;
            }
        }
    }

    /// Moves every part into `into`, unless it holds one of the same text.
    fn move_missing(&mut self, into: &mut Parts) {
        for (hash, same) in self.by_hash.drain() {
            // One lookup of the hash per group; each text is compared with those held once.
            let held = into.by_hash.entry(hash).or_default();
            for (text, read) in same {
                if !held.iter().any(|(t, _)| t.text() == text.text()) {
                    held.push((text, read));
                    into.len += 1;
                }
            }
        }
        self.len = 0;
    }
}

/// What the cache keeps of one part: its parse (the trees, shared with its objects, not copied)
/// and, once the part has been reused, what reading it gave. A part read once keeps only its
/// parse, so that reading a large file copies none of its objects; one reused (an editor's
/// unchanged document, after a keystroke) is likely to be reused again, and its objects are
/// kept to be copied instead of read again.
#[derive(Debug)]
struct Kept {
    /// Where it was read: its first line, and the characters before it on that line (see
    /// [`yaml::Part`]); a part is reused only at the same column.
    first_line: u32,
    column: u32,
    docs: Vec<yaml::Document>,
    /// [`PartRead::movable`] of its reading.
    movable: bool,
    read: Option<PartRead>,
}

/// What one part gave: its objects and findings, in order, as read at `first_line`.
#[derive(Clone, Debug, Default)]
struct PartRead {
    first_line: u32,
    objects: Vec<Object>,
    events: Vec<Event>,
}

#[derive(Clone, Debug)]
enum Event {
    Found(Diagnostic),
    /// A kind the playground does not model: reported once per kind, at its first occurrence.
    Unmodeled(String, Diagnostic),
}

impl PartRead {
    fn push(&mut self, d: Diagnostic) {
        self.events.push(Event::Found(d));
    }
    fn reject(&mut self, o: &mut Object, field: &str, d: Diagnostic) {
        let mut sink = Diagnostics::default();
        sink.reject(o, field, d);
        self.events.extend(sink.into_sorted().into_iter().map(Event::Found));
    }
    /// Whether it reads the same at another line: no finding that could name a line in its
    /// message (a syntax error's context, a duplicate key's first place).
    fn movable(&self) -> bool {
        self.events.iter().all(|e| matches!(e, Event::Unmodeled(..)))
    }
}

impl Reader {
    /// A reader of `sources` (the same ones must be given to every [`Reader::read_next`]). It
    /// splits them into parts in its first steps.
    pub fn new(sources: &[Source]) -> Self {
        Reader { sources: sources.len(), ..Reader::default() }
    }

    /// A reader that reuses what `cache` holds for parts of the same text, and keeps what it
    /// reads in a new cache ([`Reader::into_cache`]).
    pub fn with_cache(sources: &[Source], cache: ReadCache) -> Self {
        Reader { cache: Some((cache, ReadCache::default())), ..Reader::new(sources) }
    }

    /// The parts read so far (and those of the earlier cache not needed yet, when not all have
    /// been read), for the next analysis.
    pub fn into_cache(self) -> ReadCache {
        let all_read = self.done();
        let Some((mut prev, mut next)) = self.cache else { return ReadCache::default() };
        if !all_read {
            for (p, n) in prev.parts.iter_mut().zip(&mut next.parts) {
                p.move_missing(n);
            }
        }
        next
    }

    /// Whether every part has been read.
    pub fn done(&self) -> bool {
        self.split >= self.sources && self.next >= self.parts.len()
    }

    /// Bytes read so far and in all (none while the sources are being split).
    pub fn progress(&self) -> (usize, usize) {
        if self.split < self.sources {
            return (0, 1);
        }
        (self.bytes_read, self.bytes)
    }

    /// Parts taken from the cache so far, and parts in all.
    pub fn reused(&self) -> (usize, usize) {
        (self.reused, self.parts.len())
    }

    /// Splits a piece of the sources into parts (the first steps), or reads the next part: its
    /// objects into `objects`, its problems into `sink`; false when everything has been read.
    pub fn read_next(&mut self, sources: &[Source], objects: &mut Objects, sink: &mut Diagnostics) -> bool {
        if self.split < self.sources {
            let text = sources.get(self.split).map_or("", |s| &*s.text);
            if self.splitter.step(text, SPLIT_STEP) {
                let si = self.split;
                let parts = std::mem::take(&mut self.splitter).into_parts();
                self.bytes += parts.iter().map(|p| p.end - p.start).sum::<usize>();
                self.parts.extend(parts.into_iter().map(|p| (si, p)));
                self.split += 1;
            }
            return true;
        }
        let Some(&(si, part)) = self.parts.get(self.next) else { return false };
        self.next += 1;
        self.bytes_read += part.end - part.start;
        let text = sources.get(si).map_or("", |s| &*s.text);
        let Some((prev, next)) = &mut self.cache else {
            let read = read_part(text, part);
            replay(read, 0, si, &mut self.unmodeled, objects, sink);
            return true;
        };
        let chunk = text.get(part.start..part.end).unwrap_or_default();
        let hash = hash::fast64(chunk.as_bytes());
        let (prev, next) = (&mut prev.parts[part.list_item as usize], &mut next.parts[part.list_item as usize]);
        if let Some((key, found)) = prev.take(hash, chunk) {
            next.insert(hash, key, found);
        }
        let reusable = next
            .get_mut(hash, chunk)
            .filter(|k| k.column == part.column && (k.first_line == part.first_line || k.movable));
        let read = match reusable {
            Some(k) => {
                self.reused += 1;
                // Read again from its trees (as it was read: at its first line) the first time.
                k.read.get_or_insert_with(|| read_docs(&k.docs, part.list_item, k.first_line)).clone()
            }
            None => {
                let docs = yaml::parse_part(text, part);
                let r = read_docs(&docs, part.list_item, part.first_line);
                let source = sources.get(si).map_or_else(|| Rc::from(""), |s| s.text.clone());
                let key = Key { source, start: part.start, end: part.end };
                next.insert(
                    hash,
                    key,
                    Kept { first_line: part.first_line, column: part.column, docs, movable: r.movable(), read: None },
                );
                r
            }
        };
        let shift = part.first_line as i64 - read.first_line as i64;
        replay(read, shift as i32, si, &mut self.unmodeled, objects, sink);
        true
    }
}

/// Reads one part of `text`.
fn read_part(text: &str, part: yaml::Part) -> PartRead {
    read_docs(&yaml::parse_part(text, part), part.list_item, part.first_line)
}

/// Reads the documents of one part (an item of a List when `list_item`), parsed at `first_line`.
fn read_docs(docs: &[yaml::Document], list_item: bool, first_line: u32) -> PartRead {
    let mut r = PartRead { first_line, ..Default::default() };
    for doc in docs {
        if let Some(e) = &doc.error {
            let mut d = Diagnostic::new(Severity::Error, Code::YamlSyntax, e.message.clone());
            d.span = Span { start: e.pos, end: e.pos };
            r.push(d);
            continue; // a partial tree would invent objects the user did not finish writing
        }
        let Some(root) = &doc.root else { continue };
        // One item of a List: a one-item sequence.
        match root.node().as_seq().filter(|_| list_item) {
            Some(items) => {
                for item in items.iter().filter_map(|i| root.owned(i)) {
                    read_document(item, &mut r);
                }
            }
            None => read_document(root.clone(), &mut r),
        }
    }
    r
}

/// A part's objects into `objects` and findings into `sink`, as from source `si`, `shift` lines
/// further down than it was read.
fn replay(
    read: PartRead,
    shift: i32,
    si: usize,
    unmodeled: &mut BTreeSet<String>,
    objects: &mut Objects,
    sink: &mut Diagnostics,
) {
    let place = |d: Diagnostic| Diagnostic { source: si, span: d.span.shifted(shift), ..d };
    for e in read.events {
        match e {
            Event::Found(d) => sink.push(place(d)),
            Event::Unmodeled(kind, d) => {
                if unmodeled.insert(kind) {
                    sink.push(place(d));
                }
            }
        }
    }
    for mut o in read.objects {
        o.source = si;
        if shift != 0 {
            o.span = o.span.shifted(shift);
            o.root = o.root.shifted(shift);
        }
        objects.push(o);
    }
}

fn at(span: Span, d: Diagnostic) -> Diagnostic {
    Diagnostic { span, ..d }
}

/// One document (or List item): an object, or a problem.
fn read_document(doc: Doc, r: &mut PartRead) {
    {
        let root = doc.node();
        if root.is_null() {
            return;
        }
        if root.as_map().is_none() {
            let d = Diagnostic::new(
                Severity::Error,
                Code::NotAnObject,
                format!("a document must be a mapping (apiVersion, kind, metadata, ...), found a {}", root.type_name()),
            )
            .help("start the document with `apiVersion:` and `kind:` lines");
            r.push(at(root.span(), d));
            return;
        }
        let kind = root.get("kind").and_then(|k| k.as_str()).unwrap_or_default().to_string();
        let api_version = root.get("apiVersion").and_then(|k| k.as_str()).unwrap_or_default().to_string();
        // `kind: List` (what `kubectl get -o yaml` prints) and typed lists (`ServiceList`).
        if kind == "List" || (kind.ends_with("List") && root.get("items").is_some()) {
            match root.get("items") {
                Some(n) if n.as_seq().is_some() => {
                    for item in n.as_seq().unwrap_or_default().iter().filter_map(|i| doc.owned(i)) {
                        read_document(item, r);
                    }
                }
                Some(n) if !n.is_null() => {
                    let d = Diagnostic::new(
                        Severity::Error,
                        Code::WrongType,
                        format!("`items` must be a list, found a {}", n.type_name()),
                    );
                    r.push(at(n.span(), d));
                }
                _ => {}
            }
            return;
        }
        if kind.is_empty() || api_version.is_empty() {
            let missing: Vec<&str> = [("apiVersion", api_version.is_empty()), ("kind", kind.is_empty())]
                .iter()
                .filter(|(_, m)| *m)
                .map(|(f, _)| *f)
                .collect();
            let guess = guess_kind(root);
            let help = match guess {
                Some((k, v)) => format!("add `apiVersion: {v}` and `kind: {k}` (this looks like a {k})"),
                None => {
                    "every object needs `apiVersion` and `kind`, e.g. `apiVersion: v1` and `kind: Service`".to_string()
                }
            };
            let d = Diagnostic::new(
                Severity::Error,
                Code::MissingKind,
                format!("object is missing `{}`", missing.join("` and `")),
            )
            .help(help);
            let span = Span { start: root.span().start, end: root.span().start };
            r.push(at(span, d));
            return;
        }
        let mut kind = Kind::parse(&kind);
        // A kind of another API group that shares a core kind's name (Knative's
        // `serving.knative.dev/v1` Service) is a custom resource: kept, like any unmodeled kind.
        if kind.served().is_some_and(|(v, _)| is_custom_group(&api_version, v)) {
            kind = Kind::Other(kind.to_string());
        }
        let Some((want_version, namespaced)) = kind.served() else {
            // The cluster configurations the `settings` stage reads are not "unmodeled".
            if !CONFIG_KINDS.contains(&kind.as_str()) {
                let d = Diagnostic::new(Severity::Info, Code::UnmodeledKind, format!("kind `{kind}` is kept but not modeled by the playground"))
                .help("only Services, Pods, workloads, Nodes, Namespaces, Endpoints and EndpointSlices take part in the analysis");
                r.events.push(Event::Unmodeled(kind.to_string(), at(root.locate("kind").0, d)));
            }
            // Only the name and namespace of an unmodeled object are read (its labels and
            // annotations, a `last-applied-configuration` among them, are not).
            let (namespace, name) = name_and_namespace(root);
            r.objects.push(Object {
                kind,
                api_version,
                namespace,
                name,
                source: 0,
                span: root.span(),
                root: doc.clone(),
                valid: true,
                simulated: false,
                body: Body::Unmodeled,
            });
            return;
        };
        let findings: Vec<(String, Span, Diagnostic)> = crate::schema::check_object(root, kind.as_str())
            .into_iter()
            .map(|f| (f.path, f.node.span(), f.diag))
            .collect();
        // The metadata is decoded once, with the body (it is most of a small object's reading:
        // labels, annotations).
        let mut body = match kind {
            Kind::Service => Body::Service(Box::new(ServiceBody { api: api::decode_service(root), admitted: None })),
            Kind::Pod => Body::Pod(api::decode_pod(root)),
            Kind::Node => Body::Node(api::decode_node(root)),
            Kind::Namespace => Body::Namespace,
            Kind::Endpoints => Body::Endpoints(api::decode_endpoints(root)),
            Kind::EndpointSlice => Body::EndpointSlice(api::decode_endpoint_slice(root)),
            _ => Body::Workload(api::decode_workload(root, kind == Kind::DaemonSet)),
        };
        let mut own_meta = None;
        let meta = match &mut body {
            Body::Service(x) => &mut x.api.metadata,
            Body::Pod(x) => &mut x.metadata,
            Body::Endpoints(x) => &mut x.metadata,
            Body::EndpointSlice(x) => &mut x.metadata,
            Body::Workload(x) => &mut x.metadata,
            _ => own_meta.insert(api::decode_meta(root)),
        };
        // The defaulted namespace is kept inside the typed metadata too.
        if namespaced && meta.namespace.is_empty() {
            meta.namespace = "default".into();
        }
        if !namespaced {
            meta.namespace.clear();
        }
        let (namespace, name, unnamed) =
            (meta.namespace.clone(), meta.name.clone(), meta.name.is_empty() && meta.generate_name.is_none());
        let mut o = Object {
            kind: kind.clone(),
            api_version: api_version.clone(),
            namespace,
            name,
            source: 0,
            span: root.span(),
            root: doc.clone(),
            valid: true,
            simulated: false,
            body,
        };
        if api_version != want_version {
            let d = Diagnostic::new(
                Severity::Error,
                Code::ApiVersion,
                format!("no matches for kind \"{kind}\" in version \"{api_version}\""),
            )
            .help(format!("use `apiVersion: {want_version}`"));
            r.reject(&mut o, "apiVersion", d);
        }
        let mut rejected = false;
        for (path, span, mut d) in findings {
            rejected |= d.severity == Severity::Error;
            d.object = Some(o.reference());
            d.field = Some(path);
            d.span = span;
            r.push(d);
        }
        if rejected {
            o.valid = false;
        }
        if unnamed {
            let d =
                Diagnostic::new(Severity::Error, Code::Required, "Required value: name or generateName is required")
                    .help("add `metadata:` with `name: my-name`");
            r.reject(&mut o, "metadata.name", d);
        }
        r.objects.push(o);
    }
}

/// `metadata.namespace` and `metadata.name` (empty when not strings), as [`api::decode_meta`]
/// reads them.
fn name_and_namespace(root: Node) -> (String, String) {
    let m = root.get("metadata");
    let s = |k: &str| m.and_then(|m| m.get(k)).and_then(|n| n.as_str()).unwrap_or_default().to_string();
    (s("namespace"), s("name"))
}

/// Kinds read by the `settings` stage (`crate::settings`), not reported as unmodeled.
const CONFIG_KINDS: &[&str] = &["ClusterConfiguration", "KubeProxyConfiguration", "KubeletConfiguration"];

/// Whether `api_version` names an API group of its own (a domain outside `*.k8s.io`, such as
/// `serving.knative.dev/v1`), not the group `served` (the modeled kind's) nor a misspelling of a
/// built-in group.
fn is_custom_group(api_version: &str, served: &str) -> bool {
    let Some((group, _)) = api_version.split_once('/') else { return false };
    let served_group = served.split_once('/').map_or("", |(g, _)| g);
    group != served_group && group.contains('.') && !group.ends_with(".k8s.io") && group != "k8s.io"
}

/// A document without `kind`: what it probably is, from its fields.
fn guess_kind(root: Node) -> Option<(&'static str, &'static str)> {
    let spec = root.get("spec");
    let has = |k: &str| spec.and_then(|s| s.get(k)).is_some();
    if has("ports") && (has("selector") || has("type") || has("clusterIP")) {
        Some(("Service", "v1"))
    } else if has("containers") {
        Some(("Pod", "v1"))
    } else if has("template") && has("selector") {
        Some(("Deployment", "apps/v1"))
    } else if root.get("subsets").is_some() {
        Some(("Endpoints", "v1"))
    } else if root.get("addressType").is_some() {
        Some(("EndpointSlice", "discovery.k8s.io/v1"))
    } else {
        None
    }
}
