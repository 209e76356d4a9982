//! [`Analysis`]: everything the engine found, for the app, the CLI and the tests.

use super::{Kind, Object, ObjectId, Objects};
use crate::api::{NodeInfo, Pod};
use crate::diag::{Diagnostic, Severity};
use crate::model::Service;
use serde::Serialize;

/// Everything the engine found, for the app, the CLI and the tests.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub sources: Vec<String>,
    pub objects: Objects,
    pub diagnostics: Vec<Diagnostic>,
    /// The cluster the input implies: ranges, domain, version, proxy mode, each with its source.
    pub cluster: crate::model::ClusterSettings,
    /// The cluster's nodes (from the input's Nodes, from its pods, or the default three).
    pub nodes: Vec<NodeInfo>,
    /// One entry per valid Service, in input order.
    pub services: Vec<ServiceView>,
    pub dns: crate::model::DnsTable,
}

/// What the playground shows for one Service.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ServiceView {
    /// Index into [`Analysis::objects`].
    #[serde(skip)]
    pub object: ObjectId,
    pub namespace: String,
    pub name: String,
    /// Pods the selector picks (indices into `objects`), in input order.
    #[serde(skip)]
    pub selected: Vec<ObjectId>,
    /// The Endpoints and EndpointSlices the control plane would write (or the user's, mirrored).
    pub endpoints: crate::model::ServiceEndpoints,
    pub routes: crate::model::ServiceRoutes,
}

impl Analysis {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// Objects of a kind that exist for the cluster (valid ones).
    pub fn live<'a>(&'a self, kind: &'a Kind) -> impl Iterator<Item = (ObjectId, &'a Object)> + 'a {
        self.objects.live(kind)
    }

    pub fn pods(&self) -> impl Iterator<Item = (ObjectId, &Object, &Pod)> + '_ {
        self.objects.pods()
    }

    pub fn service_objects(&self) -> impl Iterator<Item = (ObjectId, &Object, &Service)> + '_ {
        self.objects.services()
    }

    pub fn view(&self, namespace: &str, name: &str) -> Option<&ServiceView> {
        self.services.iter().find(|v| v.namespace == namespace && v.name == name)
    }

    /// True when no Node was in the input nor implied by its pods: the default cluster.
    pub fn default_nodes(&self) -> bool {
        self.cluster.nodes.value == crate::model::NodesFrom::Default
    }

    pub fn node(&self, name: &str) -> Option<&NodeInfo> {
        self.nodes.iter().find(|n| n.name == name)
    }
}
