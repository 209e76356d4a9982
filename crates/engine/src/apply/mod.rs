//! Stage `apply`: documents applied in file order, as `kubectl apply -f` does.
//!
//! A later document with the same kind, namespace and name as a live earlier one is an
//! **update** of that object, not a second object. There is always at most one live object per
//! identity: when an update is accepted the earlier object is removed (its document stays in
//! the editor, and an info diagnostic `updates-earlier` on the later document says which one it
//! replaced); when the update is refused the later document is marked invalid, the earlier
//! object stays as it was, and an info diagnostic `update-refused` says so. A document whose
//! earlier namesake was itself refused is a plain create. The [`Ledger`] keeps this account,
//! for this stage and for the admission of Services, Endpoints and EndpointSlices
//! (`crate::service`), whose updates depend on allocation and validation.
//!
//! First, for every kind: an object in a namespace that does not exist while the input declares
//! Namespaces is refused, as NamespaceLifecycle admission does ([`namespaces`]).
//!
//! What is checked here, for kinds the engine does not admit elsewhere, on create and update
//! ([`validate`]):
//! * Pods: `metadata` (`ValidateObjectMeta`: name, namespace, labels, annotations); the Pod spec
//!   is read as observed state and not validated;
//! * Deployments, ReplicaSets, DaemonSets, StatefulSets: `metadata`, the template's labels, and
//!   the spec rules of `crate::workloads` (replicas, selector, template labels the selector
//!   must match);
//!
//! and on update only ([`update`]):
//! * Pods: `spec` may only change container images (`pod-spec-immutable`);
//! * Deployments, ReplicaSets, DaemonSets: `spec.selector` is immutable (`selector-immutable`);
//! * StatefulSets: only replicas, template, update strategy and a few others may change
//!   (`statefulset-spec-immutable`; checked on `selector` and `serviceName`).
//!
//! Simplification: the update is the later document as written, plus the values the server
//! filled in (see `crate::service::update`). kubectl's three-way merge gives the same result
//! except in corner cases (fields set by someone other than the manifest are not modelled).

mod ledger;
mod namespaces;
mod update;
mod validate;

pub(crate) use ledger::Ledger;

use crate::model::{Diagnostics, Kind, Objects};

/// Applies every document of a kind other than Service, Endpoints and EndpointSlice: each is
/// validated as the API server validates a create or an update ([`validate`], [`update`]);
/// accepted updates replace earlier objects, refused documents do not exist (and a refused
/// create leaves nothing for a later document of the same name to update).
pub fn run(mut objects: Objects, sources: &[String], sink: &mut Diagnostics) -> Objects {
    // Every kind, Services included (their admission skips what is refused here).
    namespaces::refuse_missing(&mut objects, sink);
    let mut ledger = Ledger::new(sources);
    for id in objects.ids().collect::<Vec<_>>() {
        let Some(o) = objects.get(id) else { continue };
        if o.simulated || matches!(o.kind, Kind::Service | Kind::Endpoints | Kind::EndpointSlice) {
            continue;
        }
        let Some(old) = ledger.open(&objects, id, sink) else { continue };
        let mut errors = validate::errors(o);
        if let Some(prev) = old.and_then(|old| objects.get(old)) {
            errors.extend(update::errors(prev, o));
        }
        if errors.is_empty() {
            ledger.accepted(&objects, id, old, sink);
            continue;
        }
        if let Some(o) = objects.get_mut(id) {
            for e in errors {
                sink.field_error(o, e);
            }
        }
        if let Some(old) = old {
            ledger.refused(&objects, id, old, sink);
        }
    }
    ledger.finish(&mut objects);
    objects
}
