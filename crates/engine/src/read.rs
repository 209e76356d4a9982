//! Stage 1: text → documents → objects. Syntax errors, documents without `apiVersion`/`kind`,
//! unmodeled kinds, the structural check ([`crate::schema`]) and typed decoding.

use crate::api;
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{Body, Diagnostics, Kind, Object, Objects, ServiceBody, Source};
use crate::yaml::{self, Node, Span};
use std::collections::BTreeSet;

/// Reads sources one part at a time (a document, or an item of a List), so a caller can spread
/// a large input over several steps.
#[derive(Debug, Default)]
pub struct Reader {
    /// (source index, part), in reading order.
    parts: Vec<(usize, yaml::Part)>,
    next: usize,
    /// Bytes in the parts read so far, and in all of them.
    bytes_read: usize,
    bytes: usize,
    unmodeled: BTreeSet<String>,
}

impl Reader {
    pub fn new(sources: &[Source]) -> Self {
        let parts: Vec<(usize, yaml::Part)> = sources
            .iter()
            .enumerate()
            .flat_map(|(si, s)| yaml::split_parts(&s.text).into_iter().map(move |p| (si, p)))
            .collect();
        let bytes = parts.iter().map(|(_, p)| p.end - p.start).sum();
        Reader { parts, next: 0, bytes_read: 0, bytes, unmodeled: BTreeSet::new() }
    }

    /// Whether every part has been read.
    pub fn done(&self) -> bool {
        self.next >= self.parts.len()
    }

    /// Bytes read so far and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.bytes_read, self.bytes)
    }

    /// Reads the next part: its objects into `objects`, its problems into `sink`; false when
    /// everything has been read.
    pub fn read_next(&mut self, sources: &[Source], objects: &mut Objects, sink: &mut Diagnostics) -> bool {
        let Some(&(si, part)) = self.parts.get(self.next) else { return false };
        self.next += 1;
        self.bytes_read += part.end - part.start;
        let text = sources.get(si).map_or("", |s| s.text.as_str());
        for doc in yaml::parse_part(text, part) {
            if let Some(e) = &doc.error {
                let mut d = Diagnostic::new(Severity::Error, Code::YamlSyntax, e.message.clone());
                d.source = si;
                d.span = Span { start: e.pos, end: e.pos };
                sink.push(d);
                continue; // a partial tree would invent objects the user did not finish writing
            }
            match doc.root {
                // One item of a List: a one-item sequence.
                Some(Node { value: yaml::Value::Seq(items), .. }) if part.list_item => {
                    for item in items {
                        self.read_document(si, item, objects, sink);
                    }
                }
                Some(root) => self.read_document(si, root, objects, sink),
                None => {}
            }
        }
        true
    }
}

fn at(source: usize, span: Span, d: Diagnostic) -> Diagnostic {
    Diagnostic { source, span, ..d }
}

impl Reader {
    /// One document (or List item): an object of `objects`, or a problem in `sink`.
    fn read_document(&mut self, si: usize, root: Node, objects: &mut Objects, sink: &mut Diagnostics) {
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
            sink.push(at(si, root.span, d));
            return;
        }
        let kind = root.get("kind").and_then(|k| k.as_str()).unwrap_or_default().to_string();
        let api_version = root.get("apiVersion").and_then(|k| k.as_str()).unwrap_or_default().to_string();
        // `kind: List` (what `kubectl get -o yaml` prints) and typed lists (`ServiceList`).
        if kind == "List" || (kind.ends_with("List") && root.get("items").is_some()) {
            // Move the items out rather than copying them: a cluster dump is mostly items.
            let items = match root.value {
                yaml::Value::Map(entries) => {
                    entries.into_iter().rev().find(|e| e.key.as_str() == Some("items")).map(|e| e.value)
                }
                _ => None,
            };
            match items {
                Some(Node { value: yaml::Value::Seq(items), .. }) => {
                    for item in items {
                        self.read_document(si, item, objects, sink);
                    }
                }
                Some(n) if !n.is_null() => {
                    let d = Diagnostic::new(
                        Severity::Error,
                        Code::WrongType,
                        format!("`items` must be a list, found a {}", n.type_name()),
                    );
                    sink.push(at(si, n.span, d));
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
            let guess = guess_kind(&root);
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
            let span = Span { start: root.span.start, end: root.span.start };
            sink.push(at(si, span, d));
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
            let read_by_settings = CONFIG_KINDS.contains(&kind.as_str());
            if !read_by_settings && self.unmodeled.insert(kind.to_string()) {
                let d = Diagnostic::new(Severity::Info, Code::UnmodeledKind, format!("kind `{kind}` is kept but not modeled by the playground"))
                .help("only Services, Pods, workloads, Nodes, Namespaces, Endpoints and EndpointSlices take part in the analysis");
                sink.push(at(si, root.locate("kind").0, d));
            }
            let meta = api::decode_meta(&root);
            objects.push(Object {
                kind,
                api_version,
                namespace: meta.namespace,
                name: meta.name,
                source: si,
                span: root.span,
                root,
                valid: true,
                simulated: false,
                body: Body::Unmodeled,
            });
            return;
        };
        let mut meta = api::decode_meta(&root);
        if namespaced && meta.namespace.is_empty() {
            meta.namespace = "default".into();
        }
        if !namespaced {
            meta.namespace.clear();
        }
        let findings: Vec<(String, Span, Diagnostic)> = crate::schema::check_object(&root, kind.as_str())
            .into_iter()
            .map(|f| (f.path, f.node.span, f.diag))
            .collect();
        let body = match kind {
            Kind::Service => Body::Service(Box::new(ServiceBody { api: api::decode_service(&root), admitted: None })),
            Kind::Pod => Body::Pod(api::decode_pod(&root)),
            Kind::Node => Body::Node(api::decode_node(&root)),
            Kind::Namespace => Body::Namespace,
            Kind::Endpoints => Body::Endpoints(api::decode_endpoints(&root)),
            Kind::EndpointSlice => Body::EndpointSlice(api::decode_endpoint_slice(&root)),
            _ => Body::Workload(api::decode_workload(&root, kind == Kind::DaemonSet)),
        };
        let mut o = Object {
            kind: kind.clone(),
            api_version: api_version.clone(),
            namespace: meta.namespace.clone(),
            name: meta.name.clone(),
            source: si,
            span: root.span,
            root,
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
            sink.reject(&mut o, "apiVersion", d);
        }
        let mut rejected = false;
        for (path, span, mut d) in findings {
            rejected |= d.severity == Severity::Error;
            d.object = Some(o.reference());
            d.field = Some(path);
            d.source = si;
            d.span = span;
            sink.push(d);
        }
        if rejected {
            o.valid = false;
        }
        if meta.name.is_empty() && meta.generate_name.is_none() {
            let d =
                Diagnostic::new(Severity::Error, Code::Required, "Required value: name or generateName is required")
                    .help("add `metadata:` with `name: my-name`");
            sink.reject(&mut o, "metadata.name", d);
        }
        // Keep the defaulted namespace inside the typed metadata too.
        match &mut o.body {
            Body::Service(x) => x.api.metadata.namespace = meta.namespace,
            Body::Pod(x) => x.metadata.namespace = meta.namespace,
            Body::Endpoints(x) => x.metadata.namespace = meta.namespace,
            Body::EndpointSlice(x) => x.metadata.namespace = meta.namespace,
            Body::Workload(x) => x.metadata.namespace = meta.namespace,
            _ => {}
        }
        objects.push(o);
    }
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
fn guess_kind(root: &Node) -> Option<(&'static str, &'static str)> {
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
