//! # `manual-endpoints-overwritten`
//!
//! *What.* A hand-written Endpoints object has the name of a Service that has a selector (and
//! is not ExternalName). Reported on the Endpoints' `subsets`.
//!
//! *Why.* The endpoints controller owns the Endpoints object of every Service with a selector:
//! it replaces the written subsets with the selected pods' addresses, and the EndpointSlices
//! come from the selector too. The hand-written addresses never take effect.
//!
//! *Example.* Service `web` with `selector: {app: web}` and `kind: Endpoints`, `name: web`,
//! `subsets: [{addresses: [{ip: 10.0.0.5}], ports: [{port: 80}]}]` → `Endpoints default/web will
//! be overwritten by the endpoints controller: Service default/web has a selector`.

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{Analysis, Diagnostics, Kind, ServiceType};

pub(super) fn check(a: &Analysis, sink: &mut Diagnostics) {
    for (_, o) in a.live(&Kind::Endpoints) {
        let Some((_, _, svc)) = a.service_objects().find(|(_, so, _)| so.namespace == o.namespace && so.name == o.name)
        else {
            continue;
        };
        if svc.has_selector() && svc.spec.type_ != ServiceType::ExternalName {
            let d = Diagnostic::new(
                Severity::Warning,
                Code::ManualEndpointsOverwritten,
                format!("Endpoints {}/{} will be overwritten by the endpoints controller: Service {}/{} has a selector", o.namespace, o.name, o.namespace, o.name),
            )
            .help("remove this Endpoints object, or remove `spec.selector` from the Service to manage its endpoints yourself (they are then mirrored to an EndpointSlice)");
            sink.report(o, "subsets", d);
        }
    }
}
