//! One object of the analysis: what the input wrote, where, and whether it exists for the cluster.

use super::{Service, ServiceBody};
use crate::api::{EndpointSlice, Endpoints, NodeInfo, Pod, Workload};
use crate::yaml::{Doc, Span};
use std::rc::Rc;

/// One input text, e.g. the editor's content or a file. The text is shared, not copied: a caller
/// that keeps the text too (the app keeps the editor's text) hands over a clone of its `Rc`.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub text: Rc<str>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<Rc<str>>) -> Self {
        Source { name: name.into(), text: text.into() }
    }
}

/// The kind of an object: the modeled kinds, and any other as written.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Service,
    Pod,
    Node,
    Namespace,
    Endpoints,
    EndpointSlice,
    Deployment,
    ReplicaSet,
    StatefulSet,
    DaemonSet,
    /// A kind the playground does not model (kept as written).
    Other(String),
}

impl Kind {
    pub fn parse(kind: &str) -> Kind {
        match kind {
            "Service" => Kind::Service,
            "Pod" => Kind::Pod,
            "Node" => Kind::Node,
            "Namespace" => Kind::Namespace,
            "Endpoints" => Kind::Endpoints,
            "EndpointSlice" => Kind::EndpointSlice,
            "Deployment" => Kind::Deployment,
            "ReplicaSet" => Kind::ReplicaSet,
            "StatefulSet" => Kind::StatefulSet,
            "DaemonSet" => Kind::DaemonSet,
            other => Kind::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Kind::Service => "Service",
            Kind::Pod => "Pod",
            Kind::Node => "Node",
            Kind::Namespace => "Namespace",
            Kind::Endpoints => "Endpoints",
            Kind::EndpointSlice => "EndpointSlice",
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::StatefulSet => "StatefulSet",
            Kind::DaemonSet => "DaemonSet",
            Kind::Other(k) => k,
        }
    }

    /// The apiVersion a modeled kind is served at, and whether it is namespaced.
    pub fn served(&self) -> Option<(&'static str, bool)> {
        Some(match self {
            Kind::Service | Kind::Pod | Kind::Endpoints => ("v1", true),
            Kind::Node | Kind::Namespace => ("v1", false),
            Kind::EndpointSlice => ("discovery.k8s.io/v1", true),
            Kind::Deployment | Kind::ReplicaSet | Kind::StatefulSet | Kind::DaemonSet => ("apps/v1", true),
            Kind::Other(_) => return None,
        })
    }

    /// A workload: its controller makes pods.
    pub fn is_workload(&self) -> bool {
        matches!(self, Kind::Deployment | Kind::ReplicaSet | Kind::StatefulSet | Kind::DaemonSet)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Which object: its place in [`Objects`], fixed once the API server stages have run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectId(u32);

impl ObjectId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The objects of an analysis, in input order (simulated pods after the rest).
#[derive(Clone, Debug, Default)]
pub struct Objects {
    items: Vec<Object>,
}

impl Objects {
    pub fn push(&mut self, o: Object) -> ObjectId {
        self.items.push(o);
        ObjectId((self.items.len() - 1) as u32)
    }

    pub fn get(&self, id: ObjectId) -> Option<&Object> {
        self.items.get(id.index())
    }

    pub fn get_mut(&mut self, id: ObjectId) -> Option<&mut Object> {
        self.items.get_mut(id.index())
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every object, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Object> {
        self.items.iter()
    }

    /// Every object with its id, in order.
    pub fn with_ids(&self) -> impl Iterator<Item = (ObjectId, &Object)> + '_ {
        self.items.iter().enumerate().map(|(i, o)| (ObjectId(i as u32), o))
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl Iterator<Item = ObjectId> {
        (0..self.items.len() as u32).map(ObjectId)
    }

    /// Objects of a kind that exist for the cluster (valid ones).
    pub fn live<'a>(&'a self, kind: &'a Kind) -> impl Iterator<Item = (ObjectId, &'a Object)> + 'a {
        self.with_ids().filter(move |(_, o)| o.valid && o.kind == *kind)
    }

    /// Valid pods.
    pub fn pods(&self) -> impl Iterator<Item = (ObjectId, &Object, &Pod)> + '_ {
        self.with_ids().filter(|(_, o)| o.valid).filter_map(|(i, o)| o.pod().map(|p| (i, o, p)))
    }

    /// Valid Services.
    pub fn services(&self) -> impl Iterator<Item = (ObjectId, &Object, &Service)> + '_ {
        self.with_ids().filter(|(_, o)| o.valid).filter_map(|(i, o)| o.service().map(|s| (i, o, s)))
    }

    /// Removes the objects `gone` (superseded by later documents). Ids change: only the API
    /// server stages, which run before anything keeps an id, remove objects.
    pub fn remove(&mut self, gone: &std::collections::BTreeSet<ObjectId>) {
        let mut i = 0u32;
        self.items.retain(|_| {
            let keep = !gone.contains(&ObjectId(i));
            i += 1;
            keep
        });
    }
}

/// Ids come from the [`Objects`] they index (an analysis never hands out another's), so indexing
/// by one is in range.
impl std::ops::Index<ObjectId> for Objects {
    type Output = Object;
    fn index(&self, id: ObjectId) -> &Object {
        &self.items[id.index()]
    }
}

impl Extend<Object> for Objects {
    fn extend<T: IntoIterator<Item = Object>>(&mut self, iter: T) {
        self.items.extend(iter);
    }
}

impl<'a> IntoIterator for &'a Objects {
    type Item = &'a Object;
    type IntoIter = std::slice::Iter<'a, Object>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// The typed content of an object of a modeled kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Service(Box<ServiceBody>),
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
    pub kind: Kind,
    pub api_version: String,
    pub namespace: String,
    pub name: String,
    /// Which source and where in it (for simulated objects: the workload that makes them).
    pub source: usize,
    pub span: Span,
    /// The document's tree, for locating field paths. Simulated objects hold their workload's.
    pub root: Doc,
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
    /// The Service as admitted (None before admission, or when the API server refused it).
    pub fn service(&self) -> Option<&Service> {
        match &self.body {
            Body::Service(s) => s.admitted.as_ref(),
            _ => None,
        }
    }
    /// The object as the API server would store it: what was written, with the defaulted and
    /// allocated fields of modeled kinds filled in (for a simulated pod, the typed pod).
    pub fn stored(&self) -> yaml_serde::Value {
        use yaml_serde::Value as V;
        let mut v = if self.simulated { V::Mapping(Default::default()) } else { crate::api::to_value(&self.root) };
        let typed = match &self.body {
            Body::Service(s) => yaml_serde::to_value(&s.api).ok(),
            Body::Pod(p) if self.simulated => yaml_serde::to_value(p).ok(),
            _ => None,
        };
        if let V::Mapping(m) = &mut v {
            m.insert(V::from("apiVersion"), V::from(self.api_version.clone()));
            m.insert(V::from("kind"), V::from(self.kind.as_str()));
            if let Some(V::Mapping(t)) = typed {
                for (k, val) in t {
                    // Keep fields the model does not carry (e.g. metadata.uid) from the input. A
                    // Service's spec is modeled whole (every field of `schema::SERVICE_SPEC`), so
                    // it replaces the written one: fields the API server drops (empty lists and
                    // maps, a config defaulting clears, what a type change wipes) stay dropped.
                    let whole = matches!(self.body, Body::Service(_)) && k.as_str() == Some("spec");
                    match (m.get_mut(&k), val) {
                        (Some(V::Mapping(orig)), V::Mapping(new)) if !whole => {
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
