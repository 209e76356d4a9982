//! # `pods-in-other-namespace`
//!
//! *What.* A Service that selects pods, while pods in *other* namespaces match its whole selector
//! too: they are not selected, and the note says why. Reported on the selector, as info. (When
//! the Service selects nothing at all, `selects-no-pods` names those pods instead.) Not reported
//! for pods read from a cluster (`metadata.uid`, ...): in a dump, the same app in several
//! namespaces is deliberate.
//!
//! *Why.* A Service's selector is evaluated in the Service's own namespace only (the endpoints
//! controller lists pods with the Service's namespace). A pod written into another namespace,
//! often by a stray `namespace:` line or a `kubectl apply -n`, silently drops out of the Service,
//! and of the traffic diagram.
//!
//! *Example.* Service `web` in `default` selecting `app: web`, pods `web-1` in `default` and
//! `web-2` in `shop`, both `app: web` → `1 pod in namespace shop (web-2) matches the selector
//! app=web but is not selected: a Service selects pods of its own namespace (default) only`.

use crate::checks::selects_no_pods::PodIndex;
use crate::checks::words::list;
use crate::checks::Subject;
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::Diagnostics;
use std::collections::BTreeMap;

pub(super) fn check(s: &Subject, pods: &PodIndex, sink: &mut Diagnostics) {
    if s.selected.is_empty() {
        return;
    }
    let ns = s.object.namespace.as_str();
    let Some(selector) = s.svc.spec.selector.as_ref().filter(|l| !l.is_empty()) else { return };
    let mut others: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    // The pods index (by namespace and label) finds the few candidates: testing every pod
    // against every Service is seconds on a large dump.
    for (o, _) in pods.matching_elsewhere(ns, selector) {
        if !crate::api::is_live(o.root.node()) {
            others.entry(o.namespace.as_str()).or_default().push(o.name.clone());
        }
    }
    for (other, pods) in others {
        let n = pods.len();
        let shown = list(&pods, 3);
        let wanted: Vec<String> = selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let d = Diagnostic::new(
            Severity::Info,
            Code::PodsInOtherNamespace,
            format!(
                "{n} {} in namespace {other} ({shown}) {} the selector {} but {} not selected: a Service selects pods of its own namespace ({ns}) only",
                if n == 1 { "pod" } else { "pods" },
                if n == 1 { "matches" } else { "match" },
                wanted.join(","),
                if n == 1 { "is" } else { "are" },
            ),
        )
        .help(format!(
            "to serve them, move them to namespace {ns} (their `metadata.namespace`), or create a Service in namespace {other}"
        ));
        sink.report(s.object, "spec.selector", d);
    }
}
