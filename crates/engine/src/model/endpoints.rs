//! The endpoints stage's output: per Service, the Endpoints and EndpointSlices the control plane
//! (and the user) publish, and per Service port the endpoints consumers read.

use crate::api::{EndpointHints, EndpointSlice, Endpoints};
use serde::Serialize;

/// Who manages an EndpointSlice (its `endpointslice.kubernetes.io/managed-by` label, or the user).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ManagedBy {
    /// `endpointslice-controller.k8s.io`: made from the Service's selector.
    #[default]
    #[serde(rename = "endpointslice-controller.k8s.io")]
    Controller,
    /// `endpointslicemirroring-controller.k8s.io`: mirrored from a user Endpoints object of a
    /// selectorless Service.
    #[serde(rename = "endpointslicemirroring-controller.k8s.io")]
    Mirroring,
    /// Written by the user (in the input), labelled `kubernetes.io/service-name: <svc>`.
    #[serde(rename = "user")]
    User,
}

impl ManagedBy {
    /// The `endpointslice.kubernetes.io/managed-by` value, or `user`.
    pub fn as_str(self) -> &'static str {
        match self {
            ManagedBy::Controller => "endpointslice-controller.k8s.io",
            ManagedBy::Mirroring => "endpointslicemirroring-controller.k8s.io",
            ManagedBy::User => "user",
        }
    }
}

/// Who wrote the v1 Endpoints object.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EndpointsSource {
    /// The endpoints controller (Service with a selector); a user Endpoints is overwritten.
    #[default]
    Controller,
    /// The user's own object (Service without selector).
    User,
}

/// One EndpointSlice that consumers (kube-proxy, DNS) read for a Service.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceSlice {
    pub managed_by: ManagedBy,
    /// Index into `Analysis::objects` of the user's EndpointSlice (User) or Endpoints (Mirroring).
    #[serde(skip)]
    pub object: Option<super::ObjectId>,
    pub slice: EndpointSlice,
}

/// One endpoint of one Service port as kube-proxy and DNS read it from the slices (conditions
/// resolved: nil ready/serving = true, nil terminating = false).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SliceEndpointView {
    /// The endpoint's first address (the one kube-proxy uses).
    pub address: String,
    /// The resolved target port on the endpoint.
    pub port: i64,
    pub ready: bool,
    pub serving: bool,
    pub terminating: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hints: Option<EndpointHints>,
    /// Index into `Analysis::objects` of the pod behind the endpoint, when it is a known pod.
    #[serde(skip)]
    pub pod: Option<super::ObjectId>,
    /// Name of the slice it came from.
    pub slice: String,
    pub managed_by: ManagedBy,
}

/// One Service port and its endpoints.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PortEndpoints {
    /// The Service port name ("" when unnamed).
    pub name: String,
    pub port: i64,
    pub protocol: super::Protocol,
    /// The targetPort as defaulted: a number ("8080") or a container port name ("http").
    pub target: String,
    /// The v1 Endpoints view: `addresses` as "ip:port", sorted.
    pub ready: Vec<String>,
    /// The v1 Endpoints view: `notReadyAddresses` as "ip:port", sorted.
    pub not_ready: Vec<String>,
    /// The EndpointSlice view (what kube-proxy and DNS use): endpoints of every slice of the
    /// Service whose port list has this port's name and protocol, sorted by address then port.
    pub slice_endpoints: Vec<SliceEndpointView>,
}

/// Everything the control plane (and the user) publishes about a Service's backends.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceEndpoints {
    /// The v1 Endpoints object (name = Service name), or None (ExternalName; selectorless
    /// Service without a user Endpoints).
    pub endpoints: Option<Endpoints>,
    /// Who wrote `endpoints`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoints_source: Option<EndpointsSource>,
    /// Every slice read for the Service: controller slices first, then mirrored, then user.
    pub slices: Vec<ServiceSlice>,
    /// Per Service port, in `spec.ports` order.
    pub ports: Vec<PortEndpoints>,
    /// Every endpoint of every slice once, port-agnostic (`port` 0), sorted by address: what
    /// DNS uses for a headless Service's A records (also when it has no ports).
    pub all: Vec<SliceEndpointView>,
    /// The number of addresses when the endpoints controller truncated the v1 Endpoints (over
    /// capacity).
    #[serde(skip)]
    pub over_capacity: Option<usize>,
    /// The user's Endpoints object, for a Service without selector.
    #[serde(skip)]
    pub endpoints_object: Option<super::ObjectId>,
    /// Selected pods the EndpointSlice controller skipped because their Node does not exist.
    #[serde(skip)]
    pub skipped_pods: Vec<super::ObjectId>,
}
