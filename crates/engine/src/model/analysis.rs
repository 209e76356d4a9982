//! [`Analysis`]: everything the engine found, for the app, the CLI and the tests.

use super::Object;
use crate::api::{NodeInfo, Pod, Service};
use crate::diag::{Diagnostic, Severity};
use serde::Serialize;

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
    pub dns: crate::model::DnsTable,
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
    pub endpoints: crate::model::ServiceEndpoints,
    pub routes: crate::model::ServiceRoutes,
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

    /// Transitional: a field error about object `obj` (see [`super::Diagnostics::field_error`]).
    pub(crate) fn emit(&mut self, obj: usize, e: crate::diag::FieldError) {
        if let Some(o) = self.objects.get_mut(obj) {
            let mut sink = super::Diagnostics::default();
            sink.field_error(o, e);
            self.diagnostics.extend(sink.into_sorted());
        }
    }

    /// Marks an object invalid and reports why (an API-server rejection).
    pub fn reject(&mut self, obj: usize, field: &str, d: Diagnostic) {
        if let Some(o) = self.objects.get_mut(obj) {
            o.valid = false;
        }
        self.report(obj, field, d);
    }
}
