//! What may change when a later document updates an earlier Pod or workload
//! (`ValidatePodUpdate`, `ValidateDeploymentUpdate` and siblings, the parts about `spec`).

use crate::api::{Pod, PodSpec, Workload};
use crate::diag::{Code, FieldError};
use crate::labels::LabelSelector;
use crate::model::{Body, Kind, Object};
use crate::util::json;

/// Why the API server refuses replacing `old` with `new` (same kind), for kinds other than
/// Services, Endpoints and EndpointSlices.
pub fn errors(old: &Object, new: &Object) -> Vec<FieldError> {
    match (&old.body, &new.body) {
        (Body::Pod(o), Body::Pod(n)) => pod_update_errors(o, n),
        (Body::Workload(o), Body::Workload(n)) => workload_update_errors(&new.kind, o, n),
        _ => Vec::new(),
    }
}

pub(crate) fn pod_update_errors(old: &Pod, new: &Pod) -> Vec<FieldError> {
    let mask = |s: &PodSpec| {
        let mut s = s.clone();
        for c in s.containers.iter_mut().chain(s.init_containers.iter_mut()) {
            c.image = None;
        }
        s
    };
    let (mut o, mut n) = (mask(&old.spec), mask(&new.spec));
    // The scheduler fills nodeName in; only two explicit, different values are a change.
    if o.node_name.is_none() || n.node_name.is_none() {
        o.node_name = None;
        n.node_name = None;
    }
    if o == n {
        return Vec::new();
    }
    vec![FieldError::forbidden(
        Code::PodSpecImmutable,
        "spec",
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
    )
    .help("a Pod's spec is fixed once created (except images): delete the Pod and create it again, or use a Deployment")]
}

const STATEFULSET_IMMUTABLE_HELP: &str = "a StatefulSet's selector and serviceName are fixed: delete it (`kubectl delete statefulset --cascade=orphan`) and create it again";

pub(crate) fn workload_update_errors(kind: &Kind, old: &Workload, new: &Workload) -> Vec<FieldError> {
    if *kind == Kind::StatefulSet {
        // 1.37 (declarative validation): one "field is immutable" per changed field. Up to 1.36
        // the same updates were refused with one Forbidden error at `spec` (oracle exception
        // history: disagreements/README.md).
        let mut errs = Vec::new();
        if old.selector != new.selector {
            errs.push(
                FieldError::invalid(
                    Code::StatefulsetSpecImmutable,
                    "spec.selector",
                    &new.selector.as_ref().map_or_else(|| "null".into(), LabelSelector::to_json),
                    "field is immutable",
                )
                .help(STATEFULSET_IMMUTABLE_HELP),
            );
        }
        let name = |w: &Workload| w.service_name.clone().unwrap_or_default();
        if name(old) != name(new) {
            errs.push(
                FieldError::invalid(
                    Code::StatefulsetSpecImmutable,
                    "spec.serviceName",
                    &json::quote(&name(new)),
                    "field is immutable",
                )
                .help(STATEFULSET_IMMUTABLE_HELP),
            );
        }
        return errs;
    }
    if old.selector != new.selector {
        return vec![FieldError::invalid(
            Code::SelectorImmutable,
            "spec.selector",
            &new.selector.as_ref().map_or_else(|| "null".into(), LabelSelector::to_json),
            "field is immutable",
        )
        .help(format!(
            "a {kind}'s selector cannot change: keep the old one, or delete the {kind} and create it again"
        ))];
    }
    Vec::new()
}
