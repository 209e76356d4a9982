//! The one entry point: [`analyze`]. Sources in, one [`Analysis`] out.
//!
//! Stages, in order (each a module that reads and extends the `Analysis`):
//! 1. `read`: text → documents → objects (structural check, typed decoding);
//! 2. `apply`: documents applied in file order like `kubectl apply -f` (later same-name objects
//!    update earlier ones);
//! 3. `service`: Service defaulting, allocation and validation (API server);
//! 4. `workloads`: workload validation and simulated pods (controllers);
//! 5. `select`: which pods each Service selects;
//! 6. `endpoints`: Endpoints and EndpointSlices (controllers);
//! 7. `dns`: what CoreDNS answers;
//! 8. `proxy`: what kube-proxy programs, per node;
//! 9. `checks`: diagnostics that explain (no endpoints, nearest miss...).

use crate::diag::{Diagnostic, Severity};
use crate::model::*;
use crate::yaml::{Node, Span};
use serde::Serialize;

/// One input text, e.g. the editor's content or a file.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source { name: name.into(), text: text.into() }
    }
}

/// The typed content of an object of a modeled kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Service(Service),
    Pod(Pod),
    Node(NodeInfo),
    Namespace,
    Endpoints(Endpoints),
    EndpointSlice(EndpointSlice),
    Workload(Workload),
    /// A kind the playground does not model: kept, reported once as info.
    Unmodeled,
}

/// One object as the cluster would hold it.
#[derive(Clone, Debug)]
pub struct Object {
    pub kind: String,
    pub api_version: String,
    pub namespace: String,
    pub name: String,
    /// Which source and where in it (for simulated objects: the workload that makes them).
    pub source: usize,
    pub span: Span,
    /// The document's tree, for locating field paths. Simulated objects hold their workload's.
    pub root: Node,
    /// False when the API server would refuse it: it then does not exist for anything downstream.
    pub valid: bool,
    /// Made by the playground (pods of a workload, default nodes), not written by the user.
    pub simulated: bool,
    pub body: Body,
}

impl Object {
    /// `Kind/namespace/name`, or `Kind/name` for cluster-scoped kinds.
    pub fn reference(&self) -> String {
        if self.namespace.is_empty() {
            format!("{}/{}", self.kind, self.name)
        } else {
            format!("{}/{}/{}", self.kind, self.namespace, self.name)
        }
    }
    pub fn service(&self) -> Option<&Service> {
        match &self.body {
            Body::Service(s) => Some(s),
            _ => None,
        }
    }
    /// The object as the API server would store it: what was written, with the defaulted and
    /// allocated fields of modeled kinds filled in (for a simulated pod, the typed pod).
    pub fn stored(&self) -> yaml_serde::Value {
        use yaml_serde::Value as V;
        let mut v = if self.simulated { V::Mapping(Default::default()) } else { crate::model::to_value(&self.root) };
        let typed = match &self.body {
            Body::Service(s) => yaml_serde::to_value(s).ok(),
            Body::Pod(p) if self.simulated => yaml_serde::to_value(p).ok(),
            _ => None,
        };
        if let V::Mapping(m) = &mut v {
            m.insert(V::from("apiVersion"), V::from(self.api_version.clone()));
            m.insert(V::from("kind"), V::from(self.kind.clone()));
            if let Some(V::Mapping(t)) = typed {
                for (k, val) in t {
                    // Keep fields the model does not carry (e.g. metadata.uid) from the input.
                    match (m.get_mut(&k), val) {
                        (Some(V::Mapping(orig)), V::Mapping(new)) => {
                            for (k2, v2) in new {
                                orig.insert(k2, v2);
                            }
                        }
                        (_, val) => {
                            m.insert(k, val);
                        }
                    }
                }
            }
            if !self.namespace.is_empty() {
                if let Some(V::Mapping(meta)) = m.get_mut("metadata") {
                    meta.insert(V::from("namespace"), V::from(self.namespace.clone()));
                }
            }
        }
        v
    }

    pub fn pod(&self) -> Option<&Pod> {
        match &self.body {
            Body::Pod(p) => Some(p),
            _ => None,
        }
    }
}

/// Everything the engine found, for the app, the CLI and the tests.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub sources: Vec<String>,
    pub objects: Vec<Object>,
    pub diagnostics: Vec<Diagnostic>,
    /// The cluster's nodes (from the input, or the default three when the input has none).
    pub nodes: Vec<NodeInfo>,
    /// True when no Node was in the input and the default cluster was assumed.
    pub default_nodes: bool,
    /// One entry per valid Service, in input order.
    pub services: Vec<ServiceView>,
    pub dns: crate::dns::DnsTable,
}

/// What the playground shows for one Service.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ServiceView {
    /// Index into [`Analysis::objects`].
    #[serde(skip)]
    pub object: usize,
    pub namespace: String,
    pub name: String,
    /// Pods the selector picks (indices into `objects`), in input order.
    #[serde(skip)]
    pub selected: Vec<usize>,
    /// The Endpoints and EndpointSlices the control plane would write (or the user's, mirrored).
    pub endpoints: crate::endpoints::ServiceEndpoints,
    pub routes: crate::proxy::ServiceRoutes,
}

impl Analysis {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// Objects of a kind that exist for the cluster (valid ones).
    pub fn live(&self, kind: &'static str) -> impl Iterator<Item = (usize, &Object)> + '_ {
        self.objects.iter().enumerate().filter(move |(_, o)| o.valid && o.kind == kind)
    }

    pub fn pods(&self) -> impl Iterator<Item = (usize, &Object, &Pod)> + '_ {
        self.objects.iter().enumerate().filter(|(_, o)| o.valid).filter_map(|(i, o)| o.pod().map(|p| (i, o, p)))
    }

    pub fn service_objects(&self) -> impl Iterator<Item = (usize, &Object, &Service)> + '_ {
        self.objects.iter().enumerate().filter(|(_, o)| o.valid).filter_map(|(i, o)| o.service().map(|s| (i, o, s)))
    }

    pub fn view(&self, namespace: &str, name: &str) -> Option<&ServiceView> {
        self.services.iter().find(|v| v.namespace == namespace && v.name == name)
    }

    pub fn node(&self, name: &str) -> Option<&NodeInfo> {
        self.nodes.iter().find(|n| n.name == name)
    }

    /// Reports a finding about object `obj` at `field` (API-server path, "" for the whole
    /// object). The position is where that field is written, or its nearest written ancestor.
    pub fn report(&mut self, obj: usize, field: &str, mut d: Diagnostic) {
        if let Some(o) = self.objects.get(obj) {
            d.object = Some(o.reference());
            d.source = o.source;
            if o.simulated {
                d.span = o.span;
            } else {
                d.span = if field.is_empty() { o.root.locate("kind").0 } else { o.root.locate(field).0 };
            }
        }
        if !field.is_empty() {
            d.field = Some(field.to_string());
        }
        self.diagnostics.push(d);
    }

    /// Marks an object invalid and reports why (an API-server rejection).
    pub fn reject(&mut self, obj: usize, field: &str, d: Diagnostic) {
        if let Some(o) = self.objects.get_mut(obj) {
            o.valid = false;
        }
        self.report(obj, field, d);
    }
}

/// Reads all sources and works out what a cluster would do with them. Never panics; anything
/// wrong with the input is in [`Analysis::diagnostics`].
pub fn analyze(sources: &[Source]) -> Analysis {
    Analyzer::new(sources.to_vec()).finish()
}

/// The stages after reading, in order (see the module docs).
const STAGES: [fn(&mut Analysis); 9] = [
    crate::apply::apply,
    crate::service::run,
    crate::workloads::run,
    crate::select::run,
    crate::endpoints::run,
    crate::dns::run,
    crate::proxy::run,
    crate::checks::run,
    sort_diagnostics,
];

fn sort_diagnostics(a: &mut Analysis) {
    a.diagnostics.sort_by(|x, y| (x.source, x.span.start, x.severity).cmp(&(y.source, y.span.start, y.severity)));
}

/// [`analyze`] in steps: each [`Analyzer::step`] reads one document (or one item of a List) or
/// runs one later stage, so a caller with a clock can spread a large input over many short
/// slices of time and stay responsive. The result is the same as [`analyze`]'s.
#[derive(Debug)]
pub struct Analyzer {
    sources: Vec<Source>,
    reader: crate::read::Reader,
    /// Stages run so far (after reading).
    stage: usize,
    a: Analysis,
}

impl Analyzer {
    pub fn new(sources: Vec<Source>) -> Self {
        let reader = crate::read::Reader::new(&sources);
        let a = Analysis { sources: sources.iter().map(|s| s.name.clone()).collect(), ..Default::default() };
        Analyzer { sources, reader, stage: 0, a }
    }

    /// Does one step of work; true when there is nothing left to do.
    pub fn step(&mut self) -> bool {
        if self.reader.read_next(&mut self.a, &self.sources) {
            return false;
        }
        match STAGES.get(self.stage) {
            Some(run) => {
                run(&mut self.a);
                self.stage += 1;
                self.stage == STAGES.len()
            }
            None => true,
        }
    }

    /// How far along it is, from 0 to 1 (reading counts for most of it).
    pub fn progress(&self) -> f64 {
        let (done, total) = self.reader.progress();
        let read = if total == 0 { 1.0 } else { done as f64 / total as f64 };
        0.7 * read + 0.3 * self.stage as f64 / STAGES.len() as f64
    }

    /// Runs the remaining steps and returns the analysis.
    pub fn finish(mut self) -> Analysis {
        while !self.step() {}
        self.a
    }
}
