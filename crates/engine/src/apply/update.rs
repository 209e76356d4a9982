//! What may change when a later document updates an earlier Pod or workload
//! (`ValidatePodUpdate`, `ValidateDeploymentUpdate` and siblings, the parts about `spec`).

use crate::api::{Pod, PodSpec, Workload};
use crate::diag::{Code, FieldError};
use crate::labels::LabelSelector;
use crate::model::{Body, Kind, Object};

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

pub(crate) fn workload_update_errors(kind: &Kind, old: &Workload, new: &Workload) -> Vec<FieldError> {
    if *kind == Kind::StatefulSet {
        let same_name = old.service_name.as_deref().unwrap_or("") == new.service_name.as_deref().unwrap_or("");
        if old.selector != new.selector || !same_name {
            return vec![FieldError::forbidden(
                Code::StatefulsetSpecImmutable,
                "spec",
                "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
            )
            .point(if same_name { "spec.selector" } else { "spec.serviceName" })
            .help("a StatefulSet's selector and serviceName are fixed: delete it (`kubectl delete statefulset --cascade=orphan`) and create it again")];
        }
        return Vec::new();
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
