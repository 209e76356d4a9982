//! "Kill pod": one pod of a Deployment or ReplicaSet is deleted and its ReplicaSet replaces it.
//! A real cluster does it in steps the playground lets the user advance, each a text edit:
//!
//! 1. [`kill_pod`]: the pod is terminating (`deletionTimestamp` set: its endpoint is no longer
//!    ready) and the ReplicaSet has created a replacement with a new name, Pending, without an IP.
//! 2. [`KillStep::Started`]: the old pod is gone; the replacement runs on a node with its own IP,
//!    not Ready yet (its readiness probe has not passed).
//! 3. [`KillStep::Ready`]: the replacement is Ready and becomes an endpoint again.
//!
//! The pods the playground simulates for a workload are not in the text, so step 1 writes them
//! (as Pod documents: name, labels, node, containers with their ports, status): from then on the
//! text holds the workload's pods, as a `kubectl get` dump would.

use crate::edit::find::{find_all, parse_errors};
use crate::edit::ops::{delete_object, set_pod_ready, set_pod_terminating, step, verify};
use crate::edit::text::Text;
use crate::edit::val::{append_document, Val};
use crate::edit::{Target, DELETION_TIMESTAMP};
use crate::model::{Kind, ObjectId};
use crate::util::{generated, hash::fnv64, ip};
use crate::{Analysis, Body};

/// A container port to write: name, number, protocol.
pub type PortDoc = (Option<String>, i64, String);

/// A container to write: name, image, ports.
pub type ContainerDoc = (String, Option<String>, Vec<PortDoc>);

/// A pod to write as a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodDoc {
    pub name: String,
    pub namespace: String,
    pub labels: Vec<(String, String)>,
    pub node: Option<String>,
    pub containers: Vec<ContainerDoc>,
    /// None: Pending, no IP.
    pub ip: Option<String>,
    pub ready: bool,
    pub terminating: bool,
}

/// What "Kill pod" writes: the workload's pods (when the text does not hold them yet) and the
/// replacement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KillPlan {
    pub workload: Target,
    pub pod: Target,
    /// Pods to add as documents (the simulated ones; the killed one among them, terminating).
    pub write: Vec<PodDoc>,
    /// The replacement, as step 1 writes it (Pending).
    pub replacement: PodDoc,
    /// The IP it gets in step 2.
    pub replacement_ip: String,
}

/// The steps after [`kill_pod`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KillStep {
    /// The old pod is gone; the replacement runs with `ip`, not Ready.
    Started { old: Target, new: Target, ip: String },
    /// The replacement is Ready.
    Ready { new: Target },
}

/// The plan for killing `pod`, a pod of the Deployment or ReplicaSet `workload` (None when it is
/// not one of its pods, is terminating already, or has no IP yet).
pub fn kill_plan(a: &Analysis, workload: ObjectId, pod: ObjectId) -> Option<KillPlan> {
    let w = a.objects.get(workload).filter(|o| matches!(o.kind, Kind::Deployment | Kind::ReplicaSet))?;
    let Body::Workload(wl) = &w.body else { return None };
    let selector = wl.selector.as_ref().and_then(|s| s.to_selector().ok())?;
    let killed = a.objects.get(pod)?;
    let kp = killed
        .pod()
        .filter(|p| killed.namespace == w.namespace && selector.matches(&p.metadata.labels) && !p.is_terminating())?;
    let siblings: Vec<(&crate::Object, &crate::api::Pod)> = a
        .pods()
        .filter(|(_, o, p)| o.namespace == w.namespace && selector.matches(&p.metadata.labels))
        .map(|(_, o, p)| (o, p))
        .collect();
    let doc = |o: &crate::Object, p: &crate::api::Pod| PodDoc {
        name: o.name.clone(),
        namespace: o.namespace.clone(),
        labels: p.metadata.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        node: p.spec.node_name.clone(),
        containers: p
            .spec
            .containers
            .iter()
            .map(|c| {
                let ports = c.ports.iter().map(|x| (x.name.clone(), x.container_port, x.protocol.clone())).collect();
                (c.name.clone(), c.image.clone(), ports)
            })
            .collect(),
        ip: p.ip().map(str::to_string),
        ready: p.status.ready,
        terminating: p.is_terminating(),
    };
    let write: Vec<PodDoc> = if killed.simulated {
        siblings
            .iter()
            .filter(|(o, _)| o.simulated)
            .map(|(o, p)| PodDoc { terminating: o.name == killed.name || p.is_terminating(), ..doc(o, p) })
            .collect()
    } else {
        Vec::new()
    };
    // The ReplicaSet's generated name: the killed pod's prefix and a new suffix.
    let prefix = match killed.name.rfind('-') {
        Some(i) if i + 6 == killed.name.len() => &killed.name[..=i],
        _ => return None,
    };
    let taken: Vec<&str> = a.objects.iter().filter(|o| o.kind == Kind::Pod).map(|o| o.name.as_str()).collect();
    let name = (0..100u64)
        .map(|salt| format!("{prefix}{}", generated::suffix(fnv64(format!("{}/{salt}", killed.name).as_bytes()), 5)))
        .find(|n| !taken.contains(&n.as_str()))?;
    // A new IP on the same node's range: the next address no pod holds (IPv4), else the freed one.
    let old_ip = kp.ip()?.to_string();
    let used: Vec<&str> = a.pods().filter_map(|(_, _, p)| p.ip()).collect();
    let replacement_ip = ip::v4_bits(&old_ip)
        .and_then(|b| (1..64u32).map(|d| ip::v4_text(b.wrapping_add(d))).find(|c| !used.contains(&c.as_str())))
        .unwrap_or(old_ip);
    let replacement = PodDoc { name, ip: None, ready: false, terminating: false, ..doc(killed, kp) };
    Some(KillPlan { workload: Target::of(w), pod: Target::of(killed), write, replacement, replacement_ip })
}

fn pod_val(p: &PodDoc) -> Val {
    let mut meta = Vec::new();
    if p.terminating {
        meta.push(("deletionTimestamp".to_string(), Val::Str(DELETION_TIMESTAMP.into())));
    }
    meta.push(("labels".into(), Val::Map(p.labels.iter().map(|(k, v)| (k.clone(), Val::Str(v.clone()))).collect())));
    meta.push(("name".into(), Val::Str(p.name.clone())));
    if p.namespace != "default" {
        meta.push(("namespace".into(), Val::Str(p.namespace.clone())));
    }
    let containers = p
        .containers
        .iter()
        .map(|(name, image, ports)| {
            let mut c = Vec::new();
            if let Some(i) = image {
                c.push(("image".to_string(), Val::Str(i.clone())));
            }
            c.push(("name".into(), Val::Str(name.clone())));
            if !ports.is_empty() {
                let ports = ports
                    .iter()
                    .map(|(n, port, proto)| {
                        let mut m = vec![("containerPort".to_string(), Val::Int(*port))];
                        if let Some(n) = n {
                            m.push(("name".into(), Val::Str(n.clone())));
                        }
                        m.push(("protocol".into(), Val::Str(proto.clone())));
                        Val::Map(m)
                    })
                    .collect();
                c.push(("ports".into(), Val::IndentlessSeq(ports)));
            }
            Val::Map(c)
        })
        .collect();
    let mut spec = vec![("containers".to_string(), Val::IndentlessSeq(containers))];
    if let Some(n) = &p.node {
        spec.push(("nodeName".into(), Val::Str(n.clone())));
    }
    let mut status = Vec::new();
    status.push((
        "conditions".to_string(),
        Val::IndentlessSeq(vec![Val::Map(vec![
            ("status".into(), Val::Str(if p.ready { "True" } else { "False" }.into())),
            ("type".into(), Val::Str("Ready".into())),
        ])]),
    ));
    status.push(("phase".into(), Val::Str(if p.ip.is_some() { "Running" } else { "Pending" }.into())));
    if let Some(ip) = &p.ip {
        status.push(("podIP".into(), Val::Str(ip.clone())));
    }
    Val::Map(vec![
        ("apiVersion".into(), Val::Str("v1".into())),
        ("kind".into(), Val::Str("Pod".into())),
        ("metadata".into(), Val::Map(meta)),
        ("spec".into(), Val::Map(spec)),
        ("status".into(), Val::Map(status)),
    ])
}

/// Step 1: writes the plan's pods (the killed one terminating) and the Pending replacement.
pub fn kill_pod(text: &str, plan: &KillPlan) -> Result<String, String> {
    let mut out = text.to_string();
    if plan.write.is_empty() {
        out = set_pod_terminating(&out, &plan.pod, true)?;
    }
    let nl = Text::new(text).nl;
    for p in plan.write.iter().chain([&plan.replacement]) {
        if !find_all(&out, &Target::new("Pod", &p.namespace, &p.name)).is_empty() {
            return Err(format!("pods \"{}\" already exists", p.name));
        }
        append_document(&mut out, &pod_val(p), nl);
    }
    let replacement = Target::new("Pod", &plan.replacement.namespace, &plan.replacement.name);
    if find_all(&out, &replacement).len() != 1 || parse_errors(&out) > parse_errors(text) {
        return Err(format!("could not add Pod {} safely to this text", plan.replacement.name));
    }
    Ok(out)
}

impl KillStep {
    /// The step after [`kill_pod`] with `plan`.
    pub fn first(plan: &KillPlan) -> KillStep {
        KillStep::Started {
            old: plan.pod.clone(),
            new: Target::new("Pod", &plan.replacement.namespace, &plan.replacement.name),
            ip: plan.replacement_ip.clone(),
        }
    }

    /// The step after this one.
    pub fn next(&self) -> Option<KillStep> {
        match self {
            KillStep::Started { new, .. } => Some(KillStep::Ready { new: new.clone() }),
            KillStep::Ready { .. } => None,
        }
    }

    pub fn label(&self) -> String {
        match self {
            KillStep::Started { old, new, ip } => {
                format!("Next: {} is gone, {} runs at {ip} (not Ready yet)", old.name, new.name)
            }
            KillStep::Ready { new } => format!("Next: {} passes its readiness probe (Ready)", new.name),
        }
    }

    pub fn apply(&self, text: &str) -> Result<String, String> {
        match self {
            KillStep::Started { old, new, ip } => {
                let out = delete_object(text, old)?;
                let out = step(&out, new, |ed, root| {
                    ed.set_path(
                        root,
                        &["status"],
                        Val::Map(vec![
                            ("phase".into(), Val::Str("Running".into())),
                            ("podIP".into(), Val::Str(ip.clone())),
                        ]),
                    )
                })?;
                verify(&out, new, |root| crate::api::decode_pod(root).status.pod_ip.as_deref() == Some(ip.as_str()))
            }
            KillStep::Ready { new } => set_pod_ready(text, new, true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{suggestions, WhatIf};
    use crate::present::pod::PodState;
    use crate::{analyze, Source};

    const NGINX: &str = include_str!("../../../../examples/02-nginx-deployment.yaml");

    fn analysis(text: &str) -> Analysis {
        analyze(&[Source::new("t.yaml", text)])
    }

    /// (pod name, state) of the Service's selected pods, and how many are Ready (not terminating).
    fn pods(text: &str) -> (Vec<(String, PodState)>, usize) {
        let a = analysis(text);
        assert!(!a.has_errors(), "{:?}\n{text}", a.diagnostics);
        let v = &a.services[0];
        let pods: Vec<(String, PodState)> = v
            .selected
            .iter()
            .map(|&i| (a.objects[i].name.clone(), PodState::of(a.objects[i].pod().unwrap(), true)))
            .collect();
        let ready = pods.iter().filter(|(_, s)| *s == PodState::Ready).count();
        (pods, ready)
    }

    #[test]
    fn killing_a_deployment_pod_replaces_it_in_three_steps() {
        let a = analysis(NGINX);
        let dep = a.objects.with_ids().find(|(_, o)| o.kind == Kind::Deployment).map(|(i, _)| i).unwrap();
        let kill =
            suggestions(&a, dep).into_iter().find(|w| matches!(w, WhatIf::KillPod(_))).expect("a Kill pod what-if");
        let WhatIf::KillPod(plan) = &kill else { unreachable!() };
        let (before, _) = pods(NGINX);
        assert_eq!(before.len(), 3);
        assert_eq!(kill.label(), format!("Kill pod {}", before[0].0));
        let new = plan.replacement.name.clone();
        let rs = &before[0].0[..before[0].0.len() - 5];
        assert!(new.starts_with(rs) && new.len() == before[0].0.len() && new != before[0].0, "{new}");

        // 1: the pod is terminating, the replacement Pending without an IP.
        let t1 = kill.apply(NGINX).unwrap();
        let (p, ready) = pods(&t1);
        assert_eq!(p.len(), 4, "{t1}");
        assert_eq!(p.iter().find(|(n, _)| *n == before[0].0).unwrap().1, PodState::Terminating);
        assert_eq!(p.iter().find(|(n, _)| *n == new).unwrap().1, PodState::NotReady);
        assert_eq!(ready, 2);
        let a1 = analysis(&t1);
        assert!(a1.objects.iter().find(|o| o.name == new).unwrap().pod().unwrap().ip().is_none());

        // 2: the old pod is gone; the replacement has an IP of its own, not Ready.
        let step2 = kill.next().unwrap();
        let t2 = step2.apply(&t1).unwrap();
        let (p, ready) = pods(&t2);
        assert_eq!(p.len(), 3);
        assert!(!p.iter().any(|(n, _)| *n == before[0].0));
        assert_eq!(ready, 2);
        let a2 = analysis(&t2);
        let ip = a2.objects.iter().find(|o| o.name == new).unwrap().pod().unwrap().ip().unwrap().to_string();
        assert!(a2.pods().filter(|(_, _, p)| p.ip() == Some(ip.as_str())).count() == 1, "{ip} is unique");

        // 3: Ready, an endpoint again; and that is the last step.
        let step3 = step2.next().unwrap();
        let t3 = step3.apply(&t2).unwrap();
        let (p, ready) = pods(&t3);
        assert_eq!((p.len(), ready), (3, 3));
        assert!(step3.next().is_none());
        // The text still starts with what the user wrote.
        assert!(t3.starts_with(NGINX));
    }

    #[test]
    fn a_written_pod_of_a_deployment_is_marked_terminating_not_rewritten() {
        let text = format!(
            "{NGINX}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx-deployment-abc12-xyz98\n  labels:\n    app: nginx\nspec:\n  nodeName: node-a\n  containers:\n    - name: nginx\n      image: nginx\n      ports:\n        - containerPort: 80\nstatus:\n  phase: Running\n  podIP: 10.244.1.20\n  conditions:\n    - type: Ready\n      status: \"True\"\n"
        );
        let a = analysis(&text);
        let dep = a.objects.with_ids().find(|(_, o)| o.kind == Kind::Deployment).map(|(i, _)| i).unwrap();
        let pod = a.objects.with_ids().find(|(_, o)| o.name == "nginx-deployment-abc12-xyz98").map(|(i, _)| i).unwrap();
        let plan = kill_plan(&a, dep, pod).unwrap();
        assert!(plan.write.is_empty());
        let out = kill_pod(&text, &plan).unwrap();
        assert!(out.contains("deletionTimestamp"));
        assert_eq!(out.matches("kind: Pod").count(), 2);
        assert_ne!(plan.replacement_ip, "10.244.1.20");
        // Not a pod of the Deployment: no plan.
        let other = format!("{text}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: lone\n  labels:\n    app: x\n");
        let a = analysis(&other);
        let lone = a.objects.with_ids().find(|(_, o)| o.name == "lone").map(|(i, _)| i).unwrap();
        assert!(kill_plan(&a, dep, lone).is_none());
    }
}
