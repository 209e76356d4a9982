//! The edits: scale, readiness, termination, deletion, traffic policy, type, labels.

use crate::api;
use crate::edit::editor::Editor;
use crate::edit::find::{at, chunk_range, expect_kind, find, find_all, parse_errors};
use crate::edit::text::Text;
use crate::edit::val::Val;
use crate::edit::{Target, DELETION_TIMESTAMP};
use crate::yaml::Node;
/// Sets `spec.replicas` of a Deployment, ReplicaSet or StatefulSet.
pub fn scale(text: &str, target: &Target, replicas: i64) -> Result<String, String> {
    if !matches!(target.kind.as_str(), "Deployment" | "ReplicaSet" | "StatefulSet") {
        return Err(format!("only a Deployment, ReplicaSet or StatefulSet can be scaled, not a {}", target.kind));
    }
    if !(0..=i32::MAX as i64).contains(&replicas) {
        return Err(format!("replicas must be 0 or more, not {replicas}"));
    }
    let out = step(text, target, |ed, root| ed.set_path(root, &["spec", "replicas"], Val::Int(replicas)))?;
    verify(&out, target, |root| at(root, &["spec", "replicas"]).and_then(|n| n.as_i64()) == Some(replicas))
}

/// Sets the Pod's `Ready` condition (`status.conditions[type=Ready].status`) to `"True"` or
/// `"False"`, adding the condition (and `status`) when missing.
pub fn set_pod_ready(text: &str, pod: &Target, ready: bool) -> Result<String, String> {
    expect_kind(pod, "Pod")?;
    let status = Val::Str(if ready { "True" } else { "False" }.into());
    let cond = || Val::Map(vec![("type".into(), Val::Str("Ready".into())), ("status".into(), status.clone())]);
    let out = step(text, pod, |ed, root| match at(root, &["status", "conditions"]) {
        Some(c) if c.as_seq().is_some() => {
            let items = c.as_seq().unwrap_or_default();
            let ready_item = items.iter().rev().find(|i| i.get("type").and_then(|n| n.as_str()) == Some("Ready"));
            match ready_item {
                Some(item) => ed.set_path(item, &["status"], status.clone()),
                None => ed.append_item(c, cond()),
            }
        }
        Some(c) if !c.is_null() => Err(format!("`status.conditions` is a {}, not a list", c.type_name())),
        _ => ed.set_path(root, &["status", "conditions"], Val::Seq(vec![cond()])),
    })?;
    verify(&out, pod, |root| api::decode_pod(root).status.ready == ready)
}

/// Marks a Pod terminating (`metadata.deletionTimestamp` set, as after `kubectl delete pod` while
/// its containers stop) or not (the field removed).
pub fn set_pod_terminating(text: &str, pod: &Target, terminating: bool) -> Result<String, String> {
    expect_kind(pod, "Pod")?;
    let out = if terminating {
        step(text, pod, |ed, root| {
            ed.set_path(root, &["metadata", "deletionTimestamp"], Val::Str(DELETION_TIMESTAMP.into()))
        })?
    } else {
        let mut t = text.to_string();
        // Remove every `deletionTimestamp` key (a duplicate would otherwise take over).
        for _ in 0..8 {
            let found = find(&t, pod)?;
            if at(&found.root, &["metadata", "deletionTimestamp"]).is_none() {
                break;
            }
            t = step(&t, pod, |ed, root| ed.remove_path(root, &["metadata", "deletionTimestamp"]))?;
        }
        t
    };
    verify(&out, pod, |root| api::decode_meta(root).deletion_timestamp.is_some() == terminating)
}

/// Deletes the object: its whole document, or its item of a `kind: List`.
pub fn delete_object(text: &str, target: &Target) -> Result<String, String> {
    let before = find_all(text, target).len();
    let found = find(text, target)?;
    let t = Text::new(text);
    let mut ed = Editor::new(&t, found.json);
    match &found.list {
        Some((items, index)) => ed.remove_item(items.node(), *index)?,
        None => {
            let (start, end) = chunk_range(text, found.first_line).ok_or("cannot find the document in the text")?;
            // Keep comments above the first document (they usually describe the whole file).
            let start = if start == 0 && !text.starts_with("---") {
                t.line_start_at(t.offset(found.root.span().start))
            } else {
                start
            };
            ed.replace(start, end, String::new());
        }
    }
    let out = ed.apply()?;
    if find_all(&out, target).len() + 1 != before || parse_errors(&out) > parse_errors(text) {
        return Err(format!("could not delete {} safely from this text", target.describe()));
    }
    Ok(out)
}

/// Sets a Service's `spec.externalTrafficPolicy` (`Cluster` or `Local`). Going back to
/// `Cluster` also removes a `healthCheckNodePort`, which only a `Local` LoadBalancer may have.
pub fn set_external_traffic_policy(text: &str, service: &Target, policy: &str) -> Result<String, String> {
    expect_kind(service, "Service")?;
    if !matches!(policy, "Cluster" | "Local") {
        return Err(format!("externalTrafficPolicy is Cluster or Local, not {policy:?}"));
    }
    let mut out =
        step(text, service, |ed, root| ed.set_path(root, &["spec", "externalTrafficPolicy"], Val::Str(policy.into())))?;
    if policy == "Cluster" {
        out = remove_if_present(&out, service, &["spec", "healthCheckNodePort"])?;
    }
    verify(&out, service, |root| api::decode_service(root).spec.external_traffic_policy.as_deref() == Some(policy))
}

/// Sets a Service's `spec.type` to `ClusterIP`, `NodePort` or `LoadBalancer`, and removes the
/// fields the new type may not carry (as you would by hand so the API server accepts it):
/// `nodePort`s and `externalTrafficPolicy` when going to ClusterIP, the load-balancer-only fields
/// when leaving LoadBalancer.
pub fn set_service_type(text: &str, service: &Target, ty: &str) -> Result<String, String> {
    expect_kind(service, "Service")?;
    if !matches!(ty, "ClusterIP" | "NodePort" | "LoadBalancer") {
        return Err(format!("the type can be changed to ClusterIP, NodePort or LoadBalancer, not {ty:?}"));
    }
    let found = find(text, service)?;
    let svc = api::decode_service(found.root.node());
    if svc.type_() == "ExternalName" {
        return Err("an ExternalName Service has no ports to expose; write a new Service instead".into());
    }
    if svc.is_headless() && ty != "ClusterIP" {
        return Err(format!("a headless Service (clusterIP: None) cannot be a {ty}"));
    }
    let mut out = text.to_string();
    if svc.spec.type_.is_some() || ty != "ClusterIP" {
        out = step(&out, service, |ed, root| ed.set_path(root, &["spec", "type"], Val::Str(ty.into())))?;
    }
    let mut drop: Vec<&str> = Vec::new();
    if ty != "LoadBalancer" {
        drop.extend([
            "healthCheckNodePort",
            "allocateLoadBalancerNodePorts",
            "loadBalancerClass",
            "loadBalancerSourceRanges",
        ]);
    }
    if ty == "ClusterIP" && svc.spec.external_ips.is_empty() {
        drop.push("externalTrafficPolicy");
    }
    for f in drop {
        out = remove_if_present(&out, service, &["spec", f])?;
    }
    if ty == "ClusterIP" {
        for _ in 0..svc.spec.ports.len() {
            let found = find(&out, service)?;
            let ports = at(&found.root, &["spec", "ports"]).and_then(|n| n.as_seq()).unwrap_or_default();
            let Some(i) = ports.iter().rposition(|p| p.get("nodePort").is_some()) else { break };
            let index = i.to_string();
            out = step(&out, service, |ed, root| {
                let port = at(root, &["spec", "ports"])
                    .and_then(|p| p.as_seq())
                    .and_then(|p| p.get(i))
                    .ok_or("ports changed")?;
                ed.remove_path(port, &["nodePort"])
            })
            .map_err(|e| format!("spec.ports[{index}].nodePort: {e}"))?;
        }
    }
    verify(&out, service, |root| api::decode_service(root).type_() == ty)
}

/// Adds (or changes) labels in the object's `metadata.labels`.
pub fn add_labels(text: &str, target: &Target, labels: &[(String, String)]) -> Result<String, String> {
    if labels.is_empty() {
        return Err("no label to add".into());
    }
    if let Some((k, _)) = labels.iter().find(|(k, _)| k.trim().is_empty()) {
        return Err(format!("a label needs a key (got {k:?})"));
    }
    let map = Val::Map(labels.iter().map(|(k, v)| (k.clone(), Val::Str(v.clone()))).collect());
    let out = step(text, target, |ed, root| ed.set_path(root, &["metadata", "labels"], map.clone()))?;
    verify(&out, target, |root| {
        let got = api::decode_meta(root).labels;
        labels.iter().all(|(k, v)| got.get(k) == Some(v))
    })
}

/// One edit pass on the target's tree.
pub(super) fn step(
    text: &str,
    target: &Target,
    f: impl FnOnce(&mut Editor, Node) -> Result<(), String>,
) -> Result<String, String> {
    let found = find(text, target)?;
    let t = Text::new(text);
    let mut ed = Editor::new(&t, found.json);
    f(&mut ed, found.root.node())?;
    ed.apply()
}

pub(super) fn remove_if_present(text: &str, target: &Target, path: &[&str]) -> Result<String, String> {
    let found = find(text, target)?;
    if at(&found.root, path).is_none() {
        return Ok(text.to_string());
    }
    step(text, target, |ed, root| ed.remove_path(root, path))
}

/// Reads the result again: same number of documents read without error, and `check` holds for
/// the target.
pub(super) fn verify(out: &str, target: &Target, check: impl Fn(Node) -> bool) -> Result<String, String> {
    let found = find(out, target).map_err(|_| format!("could not edit {} safely in this text", target.describe()))?;
    if !check(found.root.node()) {
        return Err(format!("could not edit {} safely in this text", target.describe()));
    }
    Ok(out.to_string())
}

/// Adds `key: value` to a Service's `spec.selector` (writing the selector if it has none): the
/// Service then selects only the pods that also carry that label.
pub fn add_to_selector(text: &str, service: &Target, key: &str, value: &str) -> Result<String, String> {
    expect_kind(service, "Service")?;
    if key.trim().is_empty() {
        return Err("a selector term needs a key".into());
    }
    let map = Val::Map(vec![(key.to_string(), Val::Str(value.to_string()))]);
    let out = step(text, service, |ed, root| ed.set_path(root, &["spec", "selector"], map.clone()))?;
    verify(&out, service, |root| {
        api::decode_service(root).spec.selector.as_ref().and_then(|s| s.get(key)).map(String::as_str) == Some(value)
    })
}
