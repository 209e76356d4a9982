//! What-ifs as text edits. Each takes the manifest text and returns the edited text, or says why
//! it cannot: the editor stays the single source of truth, and its undo history undoes a what-if
//! like any other edit.
//!
//! An edit changes only the bytes it must. Comments, key order, quoting, indentation, line endings
//! and every other document stay as written. Fields are found with the positioned tree
//! ([`crate::yaml`]); new fields follow the style around them (block YAML, or flow/JSON inside
//! `{...}`). Every edit is checked by reading the result again: an input the edit cannot handle
//! safely gives an `Err`, never a broken text.
//!
//! The functions: [`scale`], [`set_pod_ready`], [`set_pod_terminating`], [`delete_object`],
//! [`set_external_traffic_policy`], [`set_service_type`], [`add_labels`], [`expose`]. [`WhatIf`]
//! names one of them with its arguments, and [`suggestions`] lists the ones that make sense for
//! an object of an [`Analysis`].

use crate::api;
use crate::labels::Labels;
use crate::model::Kind;
use crate::model::ObjectId;
use crate::model::{Analysis, Body, Object};
use crate::yaml::{self, Node, Pos, Value};

/// The `deletionTimestamp` a "mark terminating" what-if writes. The engine has no clock, and any
/// set value means "terminating".
pub const DELETION_TIMESTAMP: &str = "2025-01-01T00:00:00Z";

/// One object of the text: kind, namespace (`default` when omitted, `""` for cluster-scoped
/// kinds) and name, as in [`Object`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Target {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl Target {
    pub fn new(kind: &str, namespace: &str, name: &str) -> Self {
        Target { kind: kind.into(), namespace: namespace.into(), name: name.into() }
    }
    pub fn of(o: &Object) -> Self {
        Target::new(o.kind.as_str(), &o.namespace, &o.name)
    }
    fn describe(&self) -> String {
        if self.namespace.is_empty() {
            format!("{} {}", self.kind, self.name)
        } else {
            format!("{} {}/{}", self.kind, self.namespace, self.name)
        }
    }
}

// ============================================================================ the what-ifs

/// Sets `spec.replicas` of a Deployment, ReplicaSet or StatefulSet.
pub fn scale(text: &str, target: &Target, replicas: i64) -> Result<String, String> {
    if !matches!(target.kind.as_str(), "Deployment" | "ReplicaSet" | "StatefulSet") {
        return Err(format!("only a Deployment, ReplicaSet or StatefulSet can be scaled, not a {}", target.kind));
    }
    if !(0..=i32::MAX as i64).contains(&replicas) {
        return Err(format!("replicas must be 0 or more, not {replicas}"));
    }
    let out = step(text, target, |ed, root| ed.set_path(root, &["spec", "replicas"], Val::Int(replicas)))?;
    verify(&out, target, |root| at(root, &["spec", "replicas"]).and_then(Node::as_i64) == Some(replicas))
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
            let ready_item = items.iter().rev().find(|i| i.get("type").and_then(Node::as_str) == Some("Ready"));
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
        Some((items, index)) => ed.remove_item(items, *index)?,
        None => {
            let (start, end) = chunk_range(text, found.first_line).ok_or("cannot find the document in the text")?;
            // Keep comments above the first document (they usually describe the whole file).
            let start = if start == 0 && !text.starts_with("---") {
                t.line_start_at(t.offset(found.root.span.start))
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
    let svc = api::decode_service(&found.root);
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
            let ports = at(&found.root, &["spec", "ports"]).and_then(Node::as_seq).unwrap_or_default();
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

/// Appends the Service `kubectl expose KIND NAME [--port=P] [--target-port=T]` would create for a
/// Deployment, ReplicaSet or Pod, written as `kubectl expose ... --dry-run=client -o yaml` prints
/// it: named after the object (cut to 63 characters), labelled with the object's labels, selecting
/// its `spec.selector.matchLabels` (a Pod's labels), port `P` (default: the container ports) with
/// the container port's protocol, `targetPort` `T` (default: the port).
pub fn expose(text: &str, target: &Target, port: Option<i64>, target_port: Option<&str>) -> Result<String, String> {
    let found = find(text, target)?;
    let root = &found.root;
    let (selector, spec): (Labels, Option<&Node>) = match target.kind.as_str() {
        "Deployment" | "ReplicaSet" => {
            let sel = api::decode_label_selector(at(root, &["spec", "selector"]));
            let sel = sel.unwrap_or_default();
            if !sel.match_expressions.is_empty() {
                return Err("couldn't retrieve selectors via --selector flag or introspection: couldn't convert expressions to map-based selector format".into());
            }
            (sel.match_labels, at(root, &["spec", "template", "spec"]))
        }
        "Pod" => (api::decode_meta(root).labels, root.get("spec")),
        k => return Err(format!("cannot expose a {k}: kubectl exposes a Deployment, ReplicaSet, Pod or Service")),
    };
    if selector.is_empty() {
        return Err("selector must be specified".into());
    }
    let pod_spec = api::decode_pod_spec(spec);
    // Container port number → protocols (MultiProtocolsForObjectFn).
    let mut protocols: Vec<(i64, Vec<String>)> = Vec::new();
    let mut numbers: Vec<i64> = Vec::new();
    for c in &pod_spec.containers {
        for p in &c.ports {
            numbers.push(p.container_port);
            match protocols.iter_mut().find(|(n, _)| *n == p.container_port) {
                Some((_, ps)) if !ps.contains(&p.protocol) => ps.push(p.protocol.clone()),
                Some(_) => {}
                None => protocols.push((p.container_port, vec![p.protocol.clone()])),
            }
        }
    }
    let ports: Vec<i64> = match port {
        Some(p) => vec![p],
        None if numbers.is_empty() => return Err("couldn't find port via --port flag or introspection".into()),
        None => numbers,
    };
    if let Some(p) = ports.iter().find(|p| !(1..=65535).contains(*p)) {
        return Err(format!("port {p} is not between 1 and 65535"));
    }
    let mut name: String = target.name.clone();
    name.truncate(63);
    let service = Target::new("Service", &target.namespace, &name);
    if !find_all(text, &service).is_empty() {
        return Err(format!("services \"{name}\" already exists"));
    }
    let target_port = target_port.map(str::trim).filter(|t| !t.is_empty()).map(|t| match t.parse::<i64>() {
        Ok(n) => Val::Int(n),
        Err(_) => Val::Str(t.to_string()),
    });
    let mut port_vals = Vec::new();
    for (i, p) in ports.iter().enumerate() {
        let protos = protocols.iter().find(|(n, _)| n == p).map(|(_, ps)| ps.clone()).unwrap_or_default();
        let tp = target_port.clone().unwrap_or(Val::Int(*p));
        let entry = |name: Option<String>, proto: &str| {
            let mut m = Vec::new();
            if let Some(n) = name {
                m.push(("name".to_string(), Val::Str(n)));
            }
            m.push(("port".into(), Val::Int(*p)));
            m.push(("protocol".into(), Val::Str(proto.into())));
            m.push(("targetPort".into(), tp.clone()));
            Val::Map(m)
        };
        let base = (ports.len() > 1).then(|| format!("port-{}", i + 1));
        if protos.len() > 1 {
            for proto in &protos {
                port_vals.push(entry(Some(format!("port-{}-{}", i + 1, proto.to_lowercase())), proto));
            }
        } else {
            port_vals.push(entry(base, protos.first().map(String::as_str).unwrap_or("TCP")));
        }
    }
    let labels = api::decode_meta(root).labels;
    let mut meta = Vec::new();
    if !labels.is_empty() {
        meta.push(("labels".to_string(), Val::Map(labels.into_iter().map(|(k, v)| (k, Val::Str(v))).collect())));
    }
    meta.push(("name".into(), Val::Str(name.clone())));
    if target.namespace != "default" && !target.namespace.is_empty() {
        meta.push(("namespace".into(), Val::Str(target.namespace.clone())));
    }
    let doc = Val::Map(vec![
        ("apiVersion".into(), Val::Str("v1".into())),
        ("kind".into(), Val::Str("Service".into())),
        ("metadata".into(), Val::Map(meta)),
        (
            "spec".into(),
            Val::Map(vec![
                ("ports".into(), Val::IndentlessSeq(port_vals)),
                ("selector".into(), Val::Map(selector.into_iter().map(|(k, v)| (k, Val::Str(v))).collect())),
            ]),
        ),
        ("status".into(), Val::Map(vec![("loadBalancer".into(), Val::Map(Vec::new()))])),
    ]);
    let nl = Text::new(text).nl;
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(nl);
    }
    if !out.trim().is_empty() {
        out.push_str("---");
        out.push_str(nl);
    }
    out.push_str(&doc.document(nl));
    out.push_str(nl);
    if find_all(&out, &service).len() != 1 || parse_errors(&out) > parse_errors(text) {
        return Err(format!("could not add Service {name} safely to this text"));
    }
    Ok(out)
}

/// The `kubectl` command line [`expose`] stands for.
pub fn expose_command(target: &Target, port: Option<i64>, target_port: Option<&str>) -> String {
    let mut s = format!("kubectl expose {} {}", target.kind.to_lowercase(), target.name);
    if target.namespace != "default" && !target.namespace.is_empty() {
        s = format!("kubectl expose -n {} {} {}", target.namespace, target.kind.to_lowercase(), target.name);
    }
    if let Some(p) = port {
        s.push_str(&format!(" --port={p}"));
    }
    if let Some(t) = target_port {
        s.push_str(&format!(" --target-port={t}"));
    }
    s
}

// ============================================================================ WhatIf

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

// ============================================================================ finding objects

struct Found {
    root: Node,
    /// The document is JSON-like (its root is a `{...}` flow mapping): new fields are written as JSON.
    json: bool,
    first_line: u32,
    /// For an item of a `kind: List`: the `items` sequence and the item's index.
    list: Option<(Node, usize)>,
}

fn effective_namespace(kind: &str, raw: &str) -> String {
    match crate::model::Kind::parse(kind).served() {
        Some((_, false)) => String::new(),
        Some((_, true)) if raw.is_empty() => "default".into(),
        _ => raw.to_string(),
    }
}

fn matches(n: &Node, t: &Target) -> bool {
    if n.get("kind").and_then(Node::as_str) != Some(t.kind.as_str()) {
        return false;
    }
    let meta = api::decode_meta(n);
    meta.name == t.name && effective_namespace(&t.kind, &meta.namespace) == t.namespace
}

fn find_all(text: &str, t: &Target) -> Vec<Found> {
    let mut out = Vec::new();
    for doc in yaml::parse_stream(text) {
        if doc.error.is_some() {
            continue;
        }
        let Some(root) = doc.root else { continue };
        let kind = root.get("kind").and_then(Node::as_str).unwrap_or_default();
        let is_list = kind == "List" || (kind.ends_with("List") && root.get("items").is_some());
        if is_list {
            if let Some(items) = root.get("items").filter(|i| i.as_seq().is_some()) {
                for (i, item) in items.as_seq().unwrap_or_default().iter().enumerate() {
                    if matches(item, t) {
                        let json = starts_flow(text, &root);
                        out.push(Found {
                            root: item.clone(),
                            json,
                            first_line: doc.first_line,
                            list: Some((items.clone(), i)),
                        });
                    }
                }
            }
        } else if matches(&root, t) {
            let json = starts_flow(text, &root);
            out.push(Found { root, json, first_line: doc.first_line, list: None });
        }
    }
    out
}

/// The last document (or List item) with this kind, namespace and name: the one `kubectl apply`
/// would leave in place.
fn find(text: &str, t: &Target) -> Result<Found, String> {
    find_all(text, t)
        .pop()
        .ok_or_else(|| format!("{} is not in the text (or its document has a syntax error)", t.describe()))
}

fn starts_flow(text: &str, n: &Node) -> bool {
    let t = Text::new(text);
    matches!(t.char_at(t.offset(n.span.start)), Some('{' | '['))
}

fn parse_errors(text: &str) -> usize {
    yaml::parse_stream(text).iter().filter(|d| d.error.is_some()).count()
}

fn expect_kind(t: &Target, kind: &str) -> Result<(), String> {
    if t.kind == kind {
        Ok(())
    } else {
        Err(format!("this what-if is for a {kind}, not a {}", t.kind))
    }
}

fn at<'n>(n: &'n Node, path: &[&str]) -> Option<&'n Node> {
    path.iter().try_fold(n, |n, k| n.get(k))
}

/// One edit pass on the target's tree.
fn step(
    text: &str,
    target: &Target,
    f: impl FnOnce(&mut Editor, &Node) -> Result<(), String>,
) -> Result<String, String> {
    let found = find(text, target)?;
    let t = Text::new(text);
    let mut ed = Editor::new(&t, found.json);
    f(&mut ed, &found.root)?;
    ed.apply()
}

fn remove_if_present(text: &str, target: &Target, path: &[&str]) -> Result<String, String> {
    let found = find(text, target)?;
    if at(&found.root, path).is_none() {
        return Ok(text.to_string());
    }
    step(text, target, |ed, root| ed.remove_path(root, path))
}

/// Reads the result again: same number of documents read without error, and `check` holds for
/// the target.
fn verify(out: &str, target: &Target, check: impl Fn(&Node) -> bool) -> Result<String, String> {
    let found = find(out, target).map_err(|_| format!("could not edit {} safely in this text", target.describe()))?;
    if !check(&found.root) {
        return Err(format!("could not edit {} safely in this text", target.describe()));
    }
    Ok(out.to_string())
}

/// `(start, end)` byte range of the `---`-separated part that starts on `first_line` (the same
/// split as [`yaml::parse_stream`]: a `---` line belongs to the part after it).
fn chunk_range(text: &str, first_line: u32) -> Option<(usize, usize)> {
    let mut starts: Vec<(u32, usize)> = vec![(1, 0)];
    let mut offset = 0usize;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        let is_marker = l.starts_with("---")
            && l[3..].chars().next().is_none_or(|c| c == ' ' || c == '\t' || c == '\r' || c == '\n');
        if is_marker && offset > starts.last().map_or(0, |s| s.1) {
            starts.push((i as u32 + 1, offset));
        }
        offset += l.len();
    }
    let i = starts.iter().position(|(l, _)| *l == first_line)?;
    let end = starts.get(i + 1).map_or(text.len(), |s| s.1);
    Some((starts[i].1, end))
}

// ============================================================================ the text

struct Text<'a> {
    s: &'a str,
    line_starts: Vec<usize>,
    nl: &'static str,
}

impl<'a> Text<'a> {
    fn new(s: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(s.match_indices('\n').map(|(i, _)| i + 1));
        Text { s, line_starts, nl: if s.contains("\r\n") { "\r\n" } else { "\n" } }
    }

    /// Byte offset of a 1-based line and (character) column, clamped to the line.
    fn offset(&self, p: Pos) -> usize {
        let Some(&ls) = self.line_starts.get(p.line.saturating_sub(1) as usize) else { return self.s.len() };
        let le = self.line_end_at(ls);
        let line = &self.s[ls..le];
        let col = p.column.saturating_sub(1) as usize;
        ls + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
    }

    /// Offset of the line break ending the line that holds `off` (or the end of the text).
    fn line_end_at(&self, off: usize) -> usize {
        let off = off.min(self.s.len());
        match self.s[off..].find('\n') {
            Some(i) => {
                let e = off + i;
                if e > off && self.s.as_bytes()[e - 1] == b'\r' {
                    e - 1
                } else {
                    e
                }
            }
            None => self.s.len(),
        }
    }

    /// Offset just past the line break ending the line that holds `off`.
    fn next_line_start(&self, off: usize) -> usize {
        let off = off.min(self.s.len());
        self.s[off..].find('\n').map_or(self.s.len(), |i| off + i + 1)
    }

    fn line_start_at(&self, off: usize) -> usize {
        let off = off.min(self.s.len());
        self.s[..off].rfind('\n').map_or(0, |i| i + 1)
    }

    fn char_at(&self, off: usize) -> Option<char> {
        self.s.get(off..)?.chars().next()
    }
}

// ============================================================================ values to write

#[derive(Clone, Debug)]
enum Val {
    Str(String),
    Int(i64),
    Map(Vec<(String, Val)>),
    Seq(Vec<Val>),
    /// A sequence written with its `-` at the key's indentation (as `kubectl -o yaml` does).
    IndentlessSeq(Vec<Val>),
}

/// A string as a YAML scalar: plain when that reads back as the same string, else double-quoted.
fn yaml_str(s: &str) -> String {
    let simple = !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'))
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '/' || c == '_')
        && s != "-";
    if simple {
        let reads_back =
            yaml::parse_stream(s).first().and_then(|d| d.root.as_ref()).is_some_and(|n| n.as_str() == Some(s));
        if reads_back {
            return s.to_string();
        }
    }
    crate::util::json::quote_plain(s)
}

impl Val {
    fn scalar(&self, json: bool) -> Option<String> {
        match self {
            Val::Str(s) if json => Some(crate::util::json::quote_plain(s)),
            Val::Str(s) => Some(yaml_str(s)),
            Val::Int(i) => Some(i.to_string()),
            _ => None,
        }
    }

    fn key(k: &str, json: bool) -> String {
        if json {
            crate::util::json::quote_plain(k)
        } else {
            yaml_str(k)
        }
    }

    /// Flow style: `{a: 1, b: [x]}` (JSON when `json`).
    fn flow(&self, json: bool) -> String {
        match self {
            Val::Map(m) => {
                let parts: Vec<String> =
                    m.iter().map(|(k, v)| format!("{}: {}", Val::key(k, json), v.flow(json))).collect();
                format!("{{{}}}", parts.join(", "))
            }
            Val::Seq(s) | Val::IndentlessSeq(s) => {
                let parts: Vec<String> = s.iter().map(|v| v.flow(json)).collect();
                format!("[{}]", parts.join(", "))
            }
            v => v.scalar(json).unwrap_or_default(),
        }
    }

    /// What follows `key:` in block style, for a key at column `indent` (0-based).
    fn block_value(&self, indent: usize, nl: &str) -> String {
        let pad = |n: usize| " ".repeat(n);
        match self {
            Val::Map(m) if !m.is_empty() => m
                .iter()
                .map(|(k, v)| {
                    format!("{nl}{}{}:{}", pad(indent + 2), Val::key(k, false), v.block_value(indent + 2, nl))
                })
                .collect(),
            Val::Seq(s) if !s.is_empty() => {
                s.iter().map(|v| format!("{nl}{}- {}", pad(indent + 2), v.block_item(indent + 2, nl))).collect()
            }
            Val::IndentlessSeq(s) if !s.is_empty() => {
                s.iter().map(|v| format!("{nl}{}- {}", pad(indent), v.block_item(indent, nl))).collect()
            }
            v => format!(" {}", v.flow(false)),
        }
    }

    /// What follows `- ` in block style, for a dash at column `indent`.
    fn block_item(&self, indent: usize, nl: &str) -> String {
        match self {
            Val::Map(m) if !m.is_empty() => {
                let pad = " ".repeat(indent + 2);
                m.iter()
                    .enumerate()
                    .map(|(i, (k, v))| {
                        let lead = if i == 0 { String::new() } else { format!("{nl}{pad}") };
                        format!("{lead}{}:{}", Val::key(k, false), v.block_value(indent + 2, nl))
                    })
                    .collect()
            }
            v => v.flow(false),
        }
    }

    /// A whole document (a mapping) in block style.
    fn document(&self, nl: &str) -> String {
        match self {
            Val::Map(m) => m
                .iter()
                .enumerate()
                .map(|(i, (k, v))| {
                    format!("{}{}:{}", if i == 0 { "" } else { nl }, Val::key(k, false), v.block_value(0, nl))
                })
                .collect(),
            v => v.flow(false),
        }
    }
}

fn nest(path: &[&str], val: Val) -> Val {
    path.iter().rev().fold(val, |v, k| Val::Map(vec![(k.to_string(), v)]))
}

// ============================================================================ the editor

struct Editor<'t, 'a> {
    t: &'t Text<'a>,
    json: bool,
    /// (start, end, replacement), applied together; never overlapping.
    edits: Vec<(usize, usize, String)>,
}

impl<'t, 'a> Editor<'t, 'a> {
    fn new(t: &'t Text<'a>, json: bool) -> Self {
        Editor { t, json, edits: Vec::new() }
    }

    fn replace(&mut self, start: usize, end: usize, with: String) {
        self.edits.push((start, end.max(start), with));
    }

    fn apply(self) -> Result<String, String> {
        let mut edits: Vec<(usize, (usize, usize, String))> = self.edits.into_iter().enumerate().collect();
        // Last first; at one offset, later edits go after earlier ones.
        edits.sort_by(|(ia, a), (ib, b)| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(ib.cmp(ia)));
        let mut out = self.t.s.to_string();
        let mut limit = usize::MAX;
        for (_, (start, end, with)) in edits {
            if end > limit || end > out.len() || !out.is_char_boundary(start) || !out.is_char_boundary(end) {
                return Err("the edit could not be placed in this text".into());
            }
            out.replace_range(start..end, &with);
            limit = start;
        }
        Ok(out)
    }

    fn is_flow(&self, n: &Node) -> bool {
        matches!(self.t.char_at(self.t.offset(n.span.start)), Some('{' | '['))
    }

    /// Where the node's text really ends (a block collection's own end mark is at the next token,
    /// possibly lines later).
    fn end(&self, n: &Node) -> Pos {
        match &n.value {
            Value::Map(entries) if !self.is_flow(n) => match entries.last() {
                Some(e) => self.end(&e.value).max(e.key.span.end),
                None => n.span.start,
            },
            Value::Seq(items) if !self.is_flow(n) => match items.last() {
                Some(i) => self.end(i).max(i.span.start),
                None => n.span.start,
            },
            _ => {
                let e = n.span.end;
                // A block scalar (`|`, `>`) ends at the start of the line after its text.
                if e.column <= 1 && e.line > n.span.start.line {
                    // ... after trailing blank lines: end at the last line with text.
                    let mut line = e.line - 1;
                    while line > n.span.start.line {
                        let ls = self.t.line_starts.get(line as usize - 1).copied().unwrap_or(0);
                        if !self.t.s[ls..self.t.line_end_at(ls)].trim().is_empty() {
                            break;
                        }
                        line -= 1;
                    }
                    Pos { line, column: u32::MAX }
                } else {
                    e
                }
            }
        }
    }

    fn line_end_after(&self, n: &Node) -> usize {
        self.t.line_end_at(self.t.offset(self.end(n)))
    }

    /// Sets the value at `path` below mapping `m`, creating what is missing.
    fn set_path(&mut self, m: &Node, path: &[&str], val: Val) -> Result<(), String> {
        let Some((key, rest)) = path.split_first() else { return Err("empty path".into()) };
        let Some(entries) = m.as_map() else {
            return Err(format!("expected a mapping for `{key}`, found a {}", m.type_name()));
        };
        let entry = entries.iter().rev().find(|e| e.key.as_str() == Some(*key));
        match entry {
            None => self.insert_entry(m, key, if rest.is_empty() { val } else { nest(rest, val) }),
            Some(e) if rest.is_empty() => self.replace_value(m, e, val),
            Some(e) => match &e.value.value {
                Value::Map(_) => self.set_path(&e.value, rest, val),
                Value::Null => self.replace_value(m, e, nest(rest, val)),
                _ => Err(format!("`{key}` is a {}, not a mapping", e.value.type_name())),
            },
        }
    }

    fn replace_value(&mut self, parent: &Node, e: &yaml::Entry, val: Val) -> Result<(), String> {
        let v = &e.value;
        let empty_null = v.is_null() && v.raw.as_deref().unwrap_or("").is_empty();
        if let Some(s) = val.scalar(self.json) {
            return match &v.value {
                Value::Map(_) | Value::Seq(_) => {
                    Err(format!("`{}` is a {}, not a single value", e.key.as_str().unwrap_or("?"), v.type_name()))
                }
                _ if empty_null => {
                    let off = self.t.offset(v.span.start);
                    self.replace(off, off, format!(" {s}"));
                    Ok(())
                }
                _ => {
                    let (a, b) = (self.t.offset(v.span.start), self.t.offset(v.span.end));
                    // Keep the quoting style of the value being replaced.
                    let s = match (self.t.char_at(a), &val) {
                        (Some('\''), Val::Str(x)) if !self.json && !x.contains('\'') && !x.contains('\n') => {
                            format!("'{x}'")
                        }
                        (Some('"'), Val::Str(x)) if !self.json => crate::util::json::quote_plain(x),
                        _ => s,
                    };
                    self.replace(a, b, s);
                    Ok(())
                }
            };
        }
        match (&v.value, val) {
            (Value::Map(_), Val::Map(entries)) => {
                for (k, x) in entries {
                    self.set_path(v, &[k.as_str()], x)?;
                }
                Ok(())
            }
            (Value::Null, val) => {
                if empty_null && !self.is_flow(parent) && !self.json {
                    let indent = e.key.span.start.column.saturating_sub(1) as usize;
                    let off = self.t.offset(v.span.start);
                    self.replace(off, off, val.block_value(indent, self.t.nl));
                } else if empty_null {
                    let off = self.t.offset(v.span.start);
                    self.replace(off, off, format!(" {}", val.flow(self.json)));
                } else {
                    let (a, b) = (self.t.offset(v.span.start), self.t.offset(v.span.end));
                    self.replace(a, b, val.flow(self.json));
                }
                Ok(())
            }
            _ => Err(format!("`{}` is a {}", e.key.as_str().unwrap_or("?"), v.type_name())),
        }
    }

    fn insert_entry(&mut self, m: &Node, key: &str, val: Val) -> Result<(), String> {
        let entries = m.as_map().unwrap_or_default();
        if self.is_flow(m) || self.json {
            let open = self.t.offset(m.span.start);
            if self.t.char_at(open) != Some('{') {
                return Err("expected `{`".into());
            }
            let sep = if entries.is_empty() { "" } else { ", " };
            self.replace(open + 1, open + 1, format!("{}: {}{sep}", Val::key(key, self.json), val.flow(self.json)));
            return Ok(());
        }
        let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
            return Err("empty block mapping".into());
        };
        let indent = first.key.span.start.column.saturating_sub(1) as usize;
        let last_end = self.end(&last.value).max(last.key.span.end);
        let off = self.t.line_end_at(self.t.offset(last_end));
        let nl = self.t.nl;
        self.replace(
            off,
            off,
            format!("{nl}{}{}:{}", " ".repeat(indent), Val::key(key, false), val.block_value(indent, nl)),
        );
        Ok(())
    }

    fn append_item(&mut self, seq: &Node, val: Val) -> Result<(), String> {
        let items = seq.as_seq().unwrap_or_default();
        if self.is_flow(seq) {
            match items.last() {
                Some(last) => {
                    let off = self.t.offset(self.end(last));
                    self.replace(off, off, format!(", {}", val.flow(self.json)));
                }
                None => {
                    let close = self.t.offset(seq.span.end).saturating_sub(1);
                    if self.t.char_at(close) != Some(']') {
                        return Err("expected `]`".into());
                    }
                    self.replace(close, close, val.flow(self.json));
                }
            }
            return Ok(());
        }
        let dash = self.t.offset(seq.span.start);
        let Some(last) = items.last() else { return Err("empty block list".into()) };
        if self.t.char_at(dash) != Some('-') {
            return Err("expected `-`".into());
        }
        let indent = seq.span.start.column.saturating_sub(1) as usize;
        let off = self.line_end_after(last);
        let nl = self.t.nl;
        self.replace(off, off, format!("{nl}{}- {}", " ".repeat(indent), val.block_item(indent, nl)));
        Ok(())
    }

    /// Removes the entry at `path` below mapping `m` (the last one, if the key repeats).
    fn remove_path(&mut self, m: &Node, path: &[&str]) -> Result<(), String> {
        let Some((key, rest)) = path.split_first() else { return Err("empty path".into()) };
        let entries = m.as_map().ok_or("expected a mapping")?;
        let Some(i) = entries.iter().rposition(|e| e.key.as_str() == Some(*key)) else { return Ok(()) };
        if !rest.is_empty() {
            return self.remove_path(&entries[i].value, rest);
        }
        let e = &entries[i];
        let t = self.t;
        if i + 1 < entries.len() {
            // Up to the next key: it then starts where this one did (also after a `- `).
            let (a, b) = (t.offset(e.key.span.start), t.offset(entries[i + 1].key.span.start));
            self.replace(a, b, String::new());
        } else if i > 0 {
            let prev = &entries[i - 1];
            let prev_end = self.end(&prev.value).max(prev.key.span.end);
            let a = if self.is_flow(m) { t.offset(prev_end) } else { t.line_end_at(t.offset(prev_end)) };
            let end = self.end(&e.value).max(e.key.span.end);
            let b = if self.is_flow(m) { t.offset(end) } else { t.line_end_at(t.offset(end)) };
            self.replace(a, b, String::new());
        } else {
            let end = self.end(&e.value).max(e.key.span.end);
            let (a, b) = (t.offset(e.key.span.start), t.offset(end));
            self.replace(a, b, if self.is_flow(m) { String::new() } else { "{}".into() });
        }
        Ok(())
    }

    /// Removes item `i` of a sequence.
    fn remove_item(&mut self, seq: &Node, i: usize) -> Result<(), String> {
        let items = seq.as_seq().ok_or("expected a list")?;
        let item = items.get(i).ok_or("no such item")?;
        let t = self.t;
        if self.is_flow(seq) {
            if i + 1 < items.len() {
                self.replace(t.offset(item.span.start), t.offset(items[i + 1].span.start), String::new());
            } else if i > 0 {
                self.replace(t.offset(self.end(&items[i - 1])), t.offset(self.end(item)), String::new());
            } else {
                self.replace(t.offset(item.span.start), t.offset(self.end(item)), String::new());
            }
            return Ok(());
        }
        let dash_line = |n: &Node| -> Result<usize, String> {
            let start = t.offset(n.span.start);
            let before = t.s[..start].trim_end();
            if !before.ends_with('-') {
                return Err("expected `-` before a list item".into());
            }
            let dash = before.len() - 1;
            let ls = t.line_start_at(dash);
            if !t.s[ls..dash].trim().is_empty() {
                return Err("a list item must start its line".into());
            }
            Ok(ls)
        };
        let start = dash_line(item)?;
        if i + 1 < items.len() {
            let next = dash_line(&items[i + 1])?;
            self.replace(start, next, String::new());
        } else if i > 0 {
            self.replace(self.line_end_after(&items[i - 1]), self.line_end_after(item), String::new());
        } else {
            self.replace(start, t.next_line_start(t.offset(self.end(item))), String::new());
        }
        Ok(())
    }
}

// ============================================================================ tests

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Source};

    const SVC_AND_PODS: &str = "\
# The docs' example.
apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app: MyApp
  ports:
    - protocol: TCP
      port: 80
      targetPort: 9376
---
apiVersion: v1
kind: Pod
metadata:
  name: myapp-1
  labels:
    app: MyApp
spec:
  containers:
    - name: app
      image: x
status:
  phase: Running
  podIP: 10.244.1.11
  conditions:
    - type: Ready
      status: \"True\"  # kubelet says so
---
apiVersion: v1
kind: Pod
metadata: {name: bare}
";

    fn pod(name: &str) -> Target {
        Target::new("Pod", "default", name)
    }
    fn svc(name: &str) -> Target {
        Target::new("Service", "default", name)
    }
    fn analysis(text: &str) -> crate::Analysis {
        analyze(&[Source::new("t.yaml", text)])
    }
    /// The lines that differ, as (-old, +new).
    fn diff(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
        let al: Vec<&str> = a.lines().collect();
        let bl: Vec<&str> = b.lines().collect();
        let mut p = 0;
        while p < al.len() && p < bl.len() && al[p] == bl[p] {
            p += 1;
        }
        let mut s = 0;
        while s < al.len() - p && s < bl.len() - p && al[al.len() - 1 - s] == bl[bl.len() - 1 - s] {
            s += 1;
        }
        (
            al[p..al.len() - s].iter().map(|x| x.to_string()).collect(),
            bl[p..bl.len() - s].iter().map(|x| x.to_string()).collect(),
        )
    }

    #[test]
    fn not_ready_changes_only_the_condition_value_and_keeps_the_comment() {
        let out = set_pod_ready(SVC_AND_PODS, &pod("myapp-1"), false).unwrap();
        assert_eq!(
            diff(SVC_AND_PODS, &out),
            (
                vec!["      status: \"True\"  # kubelet says so".into()],
                vec!["      status: \"False\"  # kubelet says so".into()]
            )
        );
        let a = analysis(&out);
        assert!(a.pods().any(|(_, o, p)| o.name == "myapp-1" && !p.status.ready));
    }

    #[test]
    fn ready_adds_status_when_missing_in_flow_metadata_documents() {
        let out = set_pod_ready(SVC_AND_PODS, &pod("bare"), true).unwrap();
        assert!(
            out.ends_with(
                "metadata: {name: bare}\nstatus:\n  conditions:\n    - type: Ready\n      status: \"True\"\n"
            ),
            "{out}"
        );
        // And back: only the value changes.
        let back = set_pod_ready(&out, &pod("bare"), false).unwrap();
        assert_eq!(diff(&out, &back).1, vec!["      status: \"False\"".to_string()]);
    }

    #[test]
    fn ready_appends_a_condition_to_an_existing_list() {
        let text = "kind: Pod\napiVersion: v1\nmetadata:\n  name: p\nstatus:\n  conditions:\n  - type: PodScheduled\n    status: \"True\"\n";
        let out = set_pod_ready(text, &pod("p"), true).unwrap();
        assert_eq!(out, format!("{text}  - type: Ready\n    status: \"True\"\n"));
    }

    #[test]
    fn ready_inside_json() {
        let text = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}, "status": {"conditions": [{"type": "Ready", "status": "False"}]}}"#;
        let out = set_pod_ready(text, &pod("j"), true).unwrap();
        assert_eq!(out, text.replace("\"False\"", "\"True\""));
        let text2 = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}}"#;
        let out2 = set_pod_ready(text2, &pod("j"), true).unwrap();
        assert_eq!(
            out2,
            r#"{"status": {"conditions": [{"type": "Ready", "status": "True"}]}, "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}}"#
        );
    }

    #[test]
    fn terminating_adds_and_removes_the_deletion_timestamp() {
        let on = set_pod_terminating(SVC_AND_PODS, &pod("myapp-1"), true).unwrap();
        assert_eq!(diff(SVC_AND_PODS, &on).1, vec!["  deletionTimestamp: \"2025-01-01T00:00:00Z\"".to_string()]);
        assert!(analysis(&on).pods().any(|(_, o, p)| o.name == "myapp-1" && p.is_terminating()));
        let off = set_pod_terminating(&on, &pod("myapp-1"), false).unwrap();
        assert_eq!(off, SVC_AND_PODS);
    }

    #[test]
    fn removing_the_first_key_of_a_list_item_keeps_the_item() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort\n  ports:\n    - nodePort: 30007\n      port: 80\n";
        let out = set_service_type(text, &svc("s"), "ClusterIP").unwrap();
        assert_eq!(
            out,
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: ClusterIP\n  ports:\n    - port: 80\n"
        );
    }

    #[test]
    fn scale_replaces_or_adds_replicas() {
        let dep = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2 # two\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]\n";
        let out = scale(dep, &Target::new("Deployment", "default", "web"), 5).unwrap();
        assert_eq!(out, dep.replace("replicas: 2 # two", "replicas: 5 # two"));
        let no = dep.replace("  replicas: 2 # two\n", "");
        let out = scale(&no, &Target::new("Deployment", "default", "web"), 3).unwrap();
        assert!(out.ends_with("ports: [{containerPort: 80}]}]\n  replicas: 3\n"), "{out}");
        assert_eq!(analysis(&out).objects.iter().filter(|o| o.kind == Kind::Pod).count(), 3);
        assert!(scale(dep, &Target::new("Deployment", "default", "web"), -1).is_err());
        assert!(scale(dep, &Target::new("Deployment", "default", "nope"), 1).unwrap_err().contains("not in the text"));
    }

    #[test]
    fn scale_in_a_namespace_and_with_crlf() {
        let dep = "apiVersion: apps/v1\r\nkind: StatefulSet\r\nmetadata:\r\n  name: db\r\n  namespace: prod\r\nspec:\r\n  serviceName: db\r\n";
        let out = scale(dep, &Target::new("StatefulSet", "prod", "db"), 2).unwrap();
        assert_eq!(out, format!("{dep}  replicas: 2\r\n").replace("db\r\n  replicas", "db\r\n  replicas"));
        assert!(scale(dep, &Target::new("StatefulSet", "default", "db"), 2).is_err());
    }

    #[test]
    fn non_ascii_columns_are_characters() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: {note: \"héllo wörld\"}\n  labels: {a: \"é\", b: c}\n";
        let out = add_labels(text, &pod("p"), &[("b".into(), "d".into())]).unwrap();
        assert_eq!(out, text.replace("b: c", "b: d"));
    }

    #[test]
    fn labels_are_added_to_block_flow_and_missing_maps() {
        let out = add_labels(
            SVC_AND_PODS,
            &pod("myapp-1"),
            &[("tier".into(), "web".into()), ("version".into(), "1.0".into())],
        )
        .unwrap();
        assert_eq!(diff(SVC_AND_PODS, &out).1, vec!["    tier: web".to_string(), "    version: \"1.0\"".to_string()]);
        let out = add_labels(SVC_AND_PODS, &pod("bare"), &[("app".into(), "MyApp".into())]).unwrap();
        assert!(out.contains("metadata: {labels: {app: MyApp}, name: bare}"), "{out}");
        let a = analysis(&out);
        assert_eq!(
            a.services[0]
                .selected
                .iter()
                .filter_map(|&i| a.objects.get(i))
                .map(|o| o.name.as_str())
                .collect::<Vec<_>>(),
            ["myapp-1", "bare"]
        );
        let empty = "kind: Pod\napiVersion: v1\nmetadata:\n  name: e\n  labels:\nspec: {}\n";
        let out = add_labels(empty, &pod("e"), &[("app".into(), "x".into())]).unwrap();
        assert_eq!(out, "kind: Pod\napiVersion: v1\nmetadata:\n  name: e\n  labels:\n    app: x\nspec: {}\n");
    }

    #[test]
    fn delete_removes_one_document_and_keeps_the_file_comment() {
        let out = delete_object(SVC_AND_PODS, &pod("myapp-1")).unwrap();
        assert!(!out.contains("myapp-1") && out.contains("my-service") && out.contains("bare"));
        assert_eq!(out.matches("\n---\n").count(), 1);
        let out = delete_object(SVC_AND_PODS, &svc("my-service")).unwrap();
        assert!(out.starts_with("# The docs' example.\n---\napiVersion: v1\nkind: Pod"), "{out}");
        let out = delete_object(SVC_AND_PODS, &pod("bare")).unwrap();
        assert!(out.ends_with("status: \"True\"  # kubelet says so\n"), "{out}");
        assert!(analysis(&out).diagnostics.iter().all(|d| d.severity != crate::Severity::Error));
    }

    #[test]
    fn delete_an_item_of_a_list() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: b\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: c\nmetadata: {}\n";
        let b = delete_object(text, &pod("b")).unwrap();
        assert_eq!(b, text.replace("- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: b\n", ""));
        let c = delete_object(text, &pod("c")).unwrap();
        assert_eq!(c, text.replace("\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: c", ""));
        let json = r#"{"kind": "List", "apiVersion": "v1", "items": [{"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "a"}}, {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "b"}}]}"#;
        let out = delete_object(json, &pod("b")).unwrap();
        assert_eq!(
            out,
            r#"{"kind": "List", "apiVersion": "v1", "items": [{"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "a"}}]}"#
        );
        let out = delete_object(json, &pod("a")).unwrap();
        assert_eq!(
            out,
            r#"{"kind": "List", "apiVersion": "v1", "items": [{"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "b"}}]}"#
        );
    }

    #[test]
    fn external_traffic_policy_flips_and_drops_the_health_check_port() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: lb\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 32000\n  selector: {app: x}\n  ports: [{port: 80}]\n";
        let out = set_external_traffic_policy(text, &svc("lb"), "Cluster").unwrap();
        assert_eq!(out, text.replace("Local\n  healthCheckNodePort: 32000\n", "Cluster\n"));
        let back = set_external_traffic_policy(&out, &svc("lb"), "Local").unwrap();
        assert_eq!(back, out.replace("Cluster", "Local"));
        let plain = text.replace("  externalTrafficPolicy: Local\n  healthCheckNodePort: 32000\n", "");
        let out = set_external_traffic_policy(&plain, &svc("lb"), "Local").unwrap();
        assert!(out.ends_with("ports: [{port: 80}]\n  externalTrafficPolicy: Local\n"), "{out}");
    }

    #[test]
    fn type_changes_keep_the_service_valid() {
        let a = analysis(SVC_AND_PODS);
        assert!(!a.has_errors(), "{:?}", a.diagnostics);
        let np = set_service_type(SVC_AND_PODS, &svc("my-service"), "NodePort").unwrap();
        assert_eq!(diff(SVC_AND_PODS, &np).1, vec!["  type: NodePort".to_string()]);
        let lb = set_service_type(&np, &svc("my-service"), "LoadBalancer").unwrap();
        let local = set_external_traffic_policy(&lb, &svc("my-service"), "Local").unwrap();
        let back = set_service_type(&local, &svc("my-service"), "ClusterIP").unwrap();
        assert!(!back.contains("externalTrafficPolicy") && back.contains("type: ClusterIP"), "{back}");
        let a = analysis(&back);
        assert!(!a.has_errors(), "{:?}", a.diagnostics);
        let headless = SVC_AND_PODS.replace("spec:\n  selector:", "spec:\n  clusterIP: None\n  selector:");
        assert!(set_service_type(&headless, &svc("my-service"), "NodePort").is_err());
    }

    #[test]
    fn expose_writes_what_kubectl_writes() {
        let dep = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx\n  labels:\n    app: nginx\nspec:\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n        - name: nginx\n          image: nginx\n          ports:\n            - containerPort: 80\n";
        let t = Target::new("Deployment", "default", "nginx");
        let out = expose(dep, &t, Some(8080), Some("80")).unwrap();
        assert_eq!(
            &out[dep.len()..],
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: nginx\n  name: nginx\nspec:\n  ports:\n  - port: 8080\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: nginx\nstatus:\n  loadBalancer: {}\n"
        );
        assert_eq!(
            expose_command(&t, Some(8080), Some("80")),
            "kubectl expose deployment nginx --port=8080 --target-port=80"
        );
        let a = analysis(&out);
        assert!(!a.has_errors(), "{:?}", a.diagnostics);
        assert_eq!(a.services.len(), 1);
        assert_eq!(a.services[0].selected.len(), 1, "the simulated pod");
        // Without --port: the container port, targetPort = port.
        let out = expose(dep, &t, None, None).unwrap();
        assert!(out.contains("  - port: 80\n    protocol: TCP\n    targetPort: 80\n"));
        // Twice: kubectl's AlreadyExists.
        assert_eq!(expose(&out, &t, None, None).unwrap_err(), "services \"nginx\" already exists");
        let no_ports = dep.replace("          ports:\n            - containerPort: 80\n", "");
        assert_eq!(
            expose(&no_ports, &t, None, None).unwrap_err(),
            "couldn't find port via --port flag or introspection"
        );
    }

    #[test]
    fn suggestions_apply_cleanly_to_the_default_example() {
        let text = include_str!("../../../examples/01-my-service.yaml");
        let a = analysis(text);
        let mut n = 0;
        for (i, o) in a.objects.with_ids() {
            for w in suggestions(&a, i) {
                let out = w.apply(text).unwrap_or_else(|e| panic!("{}: {e}", w.label()));
                assert_ne!(out, text, "{}", w.label());
                assert_eq!(parse_errors(&out), 0, "{}", w.label());
                n += 1;
                let _ = o;
            }
        }
        assert!(n >= 10, "{n} suggestions");
        let other = a.objects.with_ids().find(|(_, o)| o.name == "other-app").map(|(i, _)| i).unwrap();
        let label = suggestions(&a, other).into_iter().find(|w| matches!(w, WhatIf::AddLabels { .. })).unwrap();
        assert_eq!(label.label(), "Label other-app app=MyApp (so my-service selects it)");
        let out = label.apply(text).unwrap();
        let b = analysis(&out);
        assert_eq!(b.services[0].selected.len(), 3);
    }

    #[test]
    fn never_panics_on_odd_input() {
        let texts = [
            "",
            "---\n",
            "kind: Pod\nmetadata:\n  name: p\nstatus: 5\n",
            "kind: Pod\nmetadata: [1]\n",
            "kind: Pod\napiVersion: v1\nmetadata:\n  name: p\nstatus:\n  conditions: {a: 1}\n",
            "kind: Pod\napiVersion: v1\nmetadata:\n  name: p\n  labels: 3\n",
            "kind: Pod\nmetadata: {name: p}\nstatus: {conditions: []}\n",
            "kind: Pod\nmetadata:\n  name: p\nnotes: |\n  multi\n  line\n",
            "kind: Pod\nmetadata:\n  name: p\n  labels: &l {a: b}\nx: *l\n",
        ];
        for t in texts {
            let p = pod("p");
            for r in [
                set_pod_ready(t, &p, true),
                set_pod_terminating(t, &p, true),
                add_labels(t, &p, &[("k".into(), "v".into())]),
                delete_object(t, &p),
                expose(t, &p, Some(80), None),
            ]
            .into_iter()
            .flatten()
            {
                assert!(parse_errors(&r) <= parse_errors(t), "{t:?} -> {r:?}");
            }
        }
        let ok = set_pod_ready("kind: Pod\nmetadata: {name: p}\nstatus: {conditions: []}\n", &pod("p"), true).unwrap();
        assert_eq!(ok, "kind: Pod\nmetadata: {name: p}\nstatus: {conditions: [{type: Ready, status: \"True\"}]}\n");
        let ml = set_pod_terminating(
            "kind: Pod\nmetadata:\n  name: p\n  description: |\n    multi\n    line\n\nspec: {}\n",
            &pod("p"),
            true,
        )
        .unwrap();
        assert_eq!(ml, "kind: Pod\nmetadata:\n  name: p\n  description: |\n    multi\n    line\n  deletionTimestamp: \"2025-01-01T00:00:00Z\"\n\nspec: {}\n");
    }

    #[test]
    fn kubectl_get_output_is_edited_in_place() {
        let text = "\
apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    creationTimestamp: \"2024-05-01T10:00:00Z\"
    labels:
      app: web
    name: web-1
    namespace: shop
  spec:
    containers:
    - image: nginx
      name: nginx
  status:
    conditions:
    - lastProbeTime: null
      lastTransitionTime: \"2024-05-01T10:00:05Z\"
      status: \"True\"
      type: Ready
    phase: Running
    podIP: 10.244.1.5
kind: List
metadata:
  resourceVersion: \"\"
";
        let p = Target::new("Pod", "shop", "web-1");
        let out = set_pod_ready(text, &p, false).unwrap();
        assert_eq!(diff(text, &out).1, vec!["      status: \"False\"".to_string()]);
        let out = add_labels(&out, &p, &[("tier".into(), "frontend".into())]).unwrap();
        assert!(out.contains("    labels:\n      app: web\n      tier: frontend\n    name: web-1\n"), "{out}");
        let out = set_pod_terminating(&out, &p, true).unwrap();
        assert!(out.contains("    namespace: shop\n    deletionTimestamp: \"2025-01-01T00:00:00Z\"\n  spec:"), "{out}");
        let gone = delete_object(&out, &p).unwrap();
        assert_eq!(gone, "apiVersion: v1\nitems:\nkind: List\nmetadata:\n  resourceVersion: \"\"\n");
        assert_eq!(parse_errors(&gone), 0);
    }
}
