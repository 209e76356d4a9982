//! # `pod-on-unknown-node`
//!
//! *What.* A pod that is not finished is bound (`spec.nodeName`) to a Node the cluster does not
//! have, or has an IP but no `spec.nodeName`; also any pod the EndpointSlice controller skipped
//! for a Service because its Node does not exist. Reported on the pod's `spec.nodeName`, naming
//! the Services concerned and the closest existing node.
//!
//! *Why.* The EndpointSlice controller skips pods whose Node it cannot find (unless the Service
//! publishes not-ready addresses), so kube-proxy and DNS never send traffic to them, while the
//! legacy Endpoints object still lists them. In a real cluster such a pod would not run, and
//! the pod garbage collector deletes it.
//!
//! *Example.* Nodes node-a, node-b, node-c and a pod `web-1` with `nodeName: node-d` selected by
//! Service `web` → `pod default/web-1 is bound to Node "node-d", which does not exist: the
//! EndpointSlice controller skips it for Service default/web, so kube-proxy and DNS do not use
//! it (the legacy Endpoints still lists it)`.

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{Analysis, Diagnostics, ObjectId};
use crate::util::text::did_you_mean;
use std::collections::BTreeMap;

pub(super) fn check(a: &Analysis, sink: &mut Diagnostics) {
    let node_names: Vec<&str> = a.nodes.iter().map(|n| n.name.as_str()).collect();
    let nodes = node_names.join(", ");
    // The Services for which the EndpointSlice controller skipped each pod, each named once (a
    // large input has many pods per Service).
    let mut skipped: BTreeMap<ObjectId, Vec<&str>> = BTreeMap::new();
    let names: Vec<String> = a.services.iter().map(|v| format!("{}/{}", v.namespace, v.name)).collect();
    for (v, name) in a.services.iter().zip(&names) {
        for &id in &v.endpoints.skipped_pods {
            skipped.entry(id).or_default().push(name);
        }
    }
    // The help for each missing node name, made once: many pods share a node (a generated or
    // copied manifest binds hundreds of pods to a few nodes).
    let mut helps: BTreeMap<&str, String> = BTreeMap::new();
    let no_node_help = format!("set `spec.nodeName` to one of the cluster's nodes ({nodes})");
    for (i, o, pod) in a.pods() {
        let node = pod.spec.node_name.as_deref().filter(|n| !n.is_empty());
        let services = skipped.get(&i);
        let missing = node.is_some_and(|n| !node_names.contains(&n));
        if (!missing || pod.is_terminal()) && services.is_none() {
            continue;
        }
        let effect = match services {
            Some(s) => format!("the EndpointSlice controller skips it for Service {}, so kube-proxy and DNS do not use it (the legacy Endpoints still lists it)", s.join(", ")),
            None => "a pod bound to a missing node never runs, and the EndpointSlice controller would skip it".into(),
        };
        let (message, help) = match node {
            Some(n) => {
                let help = helps.entry(n).or_insert_with(|| {
                    let hint = match did_you_mean(n, node_names.iter().copied()) {
                        Some(s) => format!("did you mean `nodeName: {s}`? "),
                        None => String::new(),
                    };
                    format!("{hint}use one of the cluster's nodes ({nodes}) or add a Node named {n}; a real cluster's pod garbage collector also deletes such pods")
                });
                (
                    format!("pod {}/{} is bound to Node \"{n}\", which does not exist: {effect}", o.namespace, o.name),
                    help.clone(),
                )
            }
            None => (
                format!("pod {}/{} has an IP but no `spec.nodeName`: {effect}", o.namespace, o.name),
                no_node_help.clone(),
            ),
        };
        sink.report(o, "spec.nodeName", Diagnostic::new(Severity::Warning, Code::PodOnUnknownNode, message).help(help));
    }
}
