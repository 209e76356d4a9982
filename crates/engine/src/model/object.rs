//! One object of the analysis: what the input wrote, where, and whether it exists for the cluster.

use crate::api::{EndpointSlice, Endpoints, NodeInfo, Pod, Service, Workload};
use crate::yaml::{Node, Span};

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
        let mut v = if self.simulated { V::Mapping(Default::default()) } else { crate::api::to_value(&self.root) };
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
