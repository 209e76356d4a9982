//! [`WhatIf`]: one edit with its arguments, and the ones that make sense for an object.

use crate::edit::{
    add_labels, add_to_selector, delete_object, expose_command_with, expose_with, kill_plan, kill_pod, scale,
    set_external_traffic_policy, set_pod_ready, set_pod_terminating, set_service_type, ExposeFlags, KillPlan, KillStep,
    Target,
};
use crate::model::{Kind, ObjectId};
use crate::{Analysis, Body};
/// One what-if, with its arguments: a button in the app, an edit of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WhatIf {
    Scale {
        target: Target,
        replicas: i64,
    },
    SetReady {
        pod: Target,
        ready: bool,
    },
    SetTerminating {
        pod: Target,
        terminating: bool,
    },
    Delete(Target),
    SetExternalTrafficPolicy {
        service: Target,
        policy: String,
    },
    SetServiceType {
        service: Target,
        type_: String,
    },
    AddLabels {
        target: Target,
        labels: Vec<(String, String)>,
        reason: Option<String>,
    },
    /// `kubectl expose` with its flags.
    Expose {
        target: Target,
        flags: ExposeFlags,
    },
    /// Adds `key: value` (a label of a pod) to the Service's selector.
    AddToSelector {
        service: Target,
        key: String,
        value: String,
    },
    /// Deletes a pod of a Deployment or ReplicaSet: step 1 of its replacement.
    KillPod(Box<KillPlan>),
    /// A later step of a replacement.
    KillStep(KillStep),
}

impl WhatIf {
    /// The object it changes (for `Expose`, the exposed workload).
    pub fn target(&self) -> &Target {
        match self {
            WhatIf::Scale { target, .. }
            | WhatIf::Delete(target)
            | WhatIf::AddLabels { target, .. }
            | WhatIf::Expose { target, .. } => target,
            WhatIf::AddToSelector { service, .. } => service,
            WhatIf::KillPod(plan) => &plan.pod,
            WhatIf::KillStep(KillStep::Started { old, .. }) => old,
            WhatIf::KillStep(KillStep::Ready { new }) => new,
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
            WhatIf::Expose { target, flags } => expose_command_with(target, flags),
            WhatIf::AddToSelector { service, key, value } => {
                format!("Add {key}={value} to {}'s selector", service.name)
            }
            WhatIf::KillPod(plan) => format!("Kill pod {}", plan.pod.name),
            WhatIf::KillStep(step) => step.label(),
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
            WhatIf::Expose { target, flags } => expose_with(text, target, flags),
            WhatIf::AddToSelector { service, key, value } => add_to_selector(text, service, key, value),
            WhatIf::KillPod(plan) => kill_pod(text, plan),
            WhatIf::KillStep(step) => step.apply(text),
        }
    }

    /// The what-if that continues this one, when it is a step of a longer story (a killed pod's
    /// replacement starting, then becoming Ready).
    pub fn next(&self) -> Option<WhatIf> {
        match self {
            WhatIf::KillPod(plan) => Some(WhatIf::KillStep(KillStep::first(plan))),
            WhatIf::KillStep(step) => step.next().map(WhatIf::KillStep),
            _ => None,
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
                // A label of the pod the selector does not use yet: narrows the Service to pods that
                // carry it too.
                if missing.is_empty() {
                    let extra = p.metadata.labels.iter().find(|(k, _)| !sel.contains_key(*k) && !generated_label(k));
                    if let Some((k, v)) = extra {
                        if out.iter().filter(|w| matches!(w, WhatIf::AddToSelector { .. })).count() < 3 {
                            out.push(WhatIf::AddToSelector {
                                service: Target::of(so),
                                key: k.clone(),
                                value: v.clone(),
                            });
                        }
                    }
                }
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
            // Kill one of its pods (the first few), so the user can watch the replacement.
            if matches!(o.kind, Kind::Deployment | Kind::ReplicaSet) {
                let pods = a.pods().filter(|(_, x, _)| x.namespace == o.namespace).map(|(i, _, _)| i);
                for plan in pods.filter_map(|i| kill_plan(a, obj, i)).take(3) {
                    out.push(WhatIf::KillPod(Box::new(plan)));
                }
            }
            if o.kind != Kind::StatefulSet && !exposed && map_selector {
                if let Some(p) = first_port {
                    let flags =
                        ExposeFlags { port: Some(p), target_port: Some(p.to_string()), ..ExposeFlags::default() };
                    out.push(WhatIf::Expose { target: t.clone(), flags });
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

/// Labels controllers write on the pods they create: a selector never needs them.
fn generated_label(key: &str) -> bool {
    matches!(
        key,
        "pod-template-hash"
            | "controller-revision-hash"
            | "statefulset.kubernetes.io/pod-name"
            | "apps.kubernetes.io/pod-index"
    )
}
