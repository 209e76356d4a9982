//! [`WhatIf`]: one edit with its arguments, and the ones that make sense for an object.

use crate::edit::{
    add_labels, delete_object, expose, expose_command, scale, set_external_traffic_policy, set_pod_ready,
    set_pod_terminating, set_service_type, Target,
};
use crate::model::{Kind, ObjectId};
use crate::{Analysis, Body};
/// One what-if, with its arguments: a button in the app, an edit of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WhatIf {
    Scale { target: Target, replicas: i64 },
    SetReady { pod: Target, ready: bool },
    SetTerminating { pod: Target, terminating: bool },
    Delete(Target),
    SetExternalTrafficPolicy { service: Target, policy: String },
    SetServiceType { service: Target, type_: String },
    AddLabels { target: Target, labels: Vec<(String, String)>, reason: Option<String> },
    Expose { target: Target, port: Option<i64>, target_port: Option<String> },
}

impl WhatIf {
    /// The object it changes (for `Expose`, the exposed workload).
    pub fn target(&self) -> &Target {
        match self {
            WhatIf::Scale { target, .. }
            | WhatIf::Delete(target)
            | WhatIf::AddLabels { target, .. }
            | WhatIf::Expose { target, .. } => target,
            WhatIf::SetReady { pod, .. } | WhatIf::SetTerminating { pod, .. } => pod,
            WhatIf::SetExternalTrafficPolicy { service, .. } | WhatIf::SetServiceType { service, .. } => service,
        }
    }

    /// A short imperative sentence for a button.
    pub fn label(&self) -> String {
        match self {
            WhatIf::Scale { target, replicas } => {
                format!("Scale {} to {replicas} replica{}", target.name, if *replicas == 1 { "" } else { "s" })
            }
            WhatIf::SetReady { pod, ready: true } => format!("Mark {} Ready", pod.name),
            WhatIf::SetReady { pod, ready: false } => format!("Mark {} not Ready", pod.name),
            WhatIf::SetTerminating { pod, terminating: true } => format!("Mark {} terminating", pod.name),
            WhatIf::SetTerminating { pod, terminating: false } => format!("Stop {} terminating", pod.name),
            WhatIf::Delete(t) => format!("Delete {} {}", t.kind, t.name),
            WhatIf::SetExternalTrafficPolicy { service, policy } => {
                format!("Set {} externalTrafficPolicy: {policy}", service.name)
            }
            WhatIf::SetServiceType { service, type_ } => format!("Make {} a {type_} Service", service.name),
            WhatIf::AddLabels { target, labels, reason } => {
                let l: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
                match reason {
                    Some(r) => format!("Label {} {} ({r})", target.name, l.join(",")),
                    None => format!("Label {} {}", target.name, l.join(",")),
                }
            }
            WhatIf::Expose { target, port, target_port } => expose_command(target, *port, target_port.as_deref()),
        }
    }

    pub fn apply(&self, text: &str) -> Result<String, String> {
        match self {
            WhatIf::Scale { target, replicas } => scale(text, target, *replicas),
            WhatIf::SetReady { pod, ready } => set_pod_ready(text, pod, *ready),
            WhatIf::SetTerminating { pod, terminating } => set_pod_terminating(text, pod, *terminating),
            WhatIf::Delete(t) => delete_object(text, t),
            WhatIf::SetExternalTrafficPolicy { service, policy } => set_external_traffic_policy(text, service, policy),
            WhatIf::SetServiceType { service, type_ } => set_service_type(text, service, type_),
            WhatIf::AddLabels { target, labels, .. } => add_labels(text, target, labels),
            WhatIf::Expose { target, port, target_port } => expose(text, target, *port, target_port.as_deref()),
        }
    }
}

/// The what-ifs that make sense for `a.objects[obj]` (none for simulated objects: they are not
/// in the text; scale their workload instead).
pub fn suggestions(a: &Analysis, obj: ObjectId) -> Vec<WhatIf> {
    let Some(o) = a.objects.get(obj).filter(|o| !o.simulated) else { return Vec::new() };
    let t = Target::of(o);
    let mut out = Vec::new();
    match &o.body {
        Body::Pod(p) => {
            out.push(WhatIf::SetReady { pod: t.clone(), ready: !p.status.ready });
            out.push(WhatIf::SetTerminating { pod: t.clone(), terminating: !p.is_terminating() });
            // Labels that would make a Service of the namespace select this pod.
            for (_, so, svc) in a.service_objects() {
                let Some(sel) = svc.spec.selector.as_ref().filter(|s| !s.is_empty()) else { continue };
                if so.namespace != o.namespace {
                    continue;
                }
                let missing: Vec<(String, String)> = sel
                    .iter()
                    .filter(|(k, v)| p.metadata.labels.get(*k) != Some(*v))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                if !missing.is_empty() && out.iter().filter(|w| matches!(w, WhatIf::AddLabels { .. })).count() < 3 {
                    out.push(WhatIf::AddLabels {
                        target: t.clone(),
                        labels: missing,
                        reason: Some(format!("so {} selects it", so.name)),
                    });
                }
            }
        }
        Body::Workload(w) if matches!(o.kind.as_str(), "Deployment" | "ReplicaSet" | "StatefulSet") => {
            let n = w.replicas.unwrap_or(1);
            out.push(WhatIf::Scale { target: t.clone(), replicas: n + 1 });
            if n > 0 {
                out.push(WhatIf::Scale { target: t.clone(), replicas: n - 1 });
            }
            if n > 1 {
                out.push(WhatIf::Scale { target: t.clone(), replicas: 0 });
            }
            let exposed =
                a.objects.iter().any(|x| x.kind == Kind::Service && x.namespace == o.namespace && x.name == o.name);
            let first_port =
                w.template_spec.containers.iter().flat_map(|c| c.ports.iter()).next().map(|p| p.container_port);
            let map_selector =
                w.selector.as_ref().is_some_and(|s| s.match_expressions.is_empty() && !s.match_labels.is_empty());
            if o.kind != Kind::StatefulSet && !exposed && map_selector {
                if let Some(p) = first_port {
                    out.push(WhatIf::Expose { target: t.clone(), port: Some(p), target_port: Some(p.to_string()) });
                }
            }
        }
        Body::Service(svc) => {
            let svc = &svc.api;
            let ty = svc.type_();
            let external =
                matches!(ty, "NodePort" | "LoadBalancer") || (ty == "ClusterIP" && !svc.spec.external_ips.is_empty());
            if external {
                let now = svc.spec.external_traffic_policy.as_deref().unwrap_or("Cluster");
                let policy = if now == "Local" { "Cluster" } else { "Local" };
                out.push(WhatIf::SetExternalTrafficPolicy { service: t.clone(), policy: policy.into() });
            }
            if ty != "ExternalName" && !svc.is_headless() {
                for other in ["ClusterIP", "NodePort", "LoadBalancer"] {
                    if other != ty {
                        out.push(WhatIf::SetServiceType { service: t.clone(), type_: other.into() });
                    }
                }
            }
        }
        _ => {}
    }
    out.push(WhatIf::Delete(t));
    out
}
