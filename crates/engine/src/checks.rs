//! Stage 9: diagnostics that explain. Each check looks at one valid Service with the pods its
//! selector picked (stage `select`) and says what a user would otherwise have to work out from
//! empty Endpoints: which label is off, which port is wrong, why no pod is ready.
//!
//! Every check is one function with a stable code (documented in `docs/checks.md`), a message
//! and a `help`. All are warnings: the API server accepts these Services, they just do not do
//! what was probably meant.

use crate::api::wellknown::{CONTROLLER_LABELS, LABEL_POD_TEMPLATE_HASH};
use crate::api::{IntOrString, Pod, Service};
use crate::diag::Code;
use crate::diag::{Diagnostic, Severity};
use crate::labels::{Labels, Selector};
use crate::model::{Analysis, Body, Object};
use crate::util::text::did_you_mean;
use crate::yaml::Pos;
use std::collections::{BTreeMap, HashMap};

pub fn run(a: &mut Analysis) {
    let owners = Owners::new(a);
    let any_pods = a.pods().next().is_some();
    let mut found: Vec<(usize, String, Diagnostic)> = Vec::new();
    for v in &a.services {
        let Some(o) = a.objects.get(v.object).filter(|o| o.valid) else { continue };
        let Some(svc) = o.service() else { continue };
        if let Some(d) = external_name_is_ip(svc) {
            found.push((v.object, "spec.externalName".into(), d));
        }
        if svc.type_() == "ExternalName" || !svc.has_selector() {
            continue;
        }
        let selected: Vec<(&Object, &Pod)> = v
            .selected
            .iter()
            .filter_map(|&i| a.objects.get(i))
            .filter(|o| o.valid)
            .filter_map(|o| o.pod().map(|p| (o, p)))
            .collect();
        if any_pods {
            if let Some(d) = selects_no_pods(a, o, svc, &selected) {
                found.push((v.object, "spec.selector".into(), d));
            }
        }
        if let Some(d) = selects_several_workloads(svc, &selected, &owners) {
            found.push((v.object, "spec.selector".into(), d));
        }
        for (i, d) in target_port_not_exposed(svc, &selected) {
            found.push((v.object, format!("spec.ports[{i}].targetPort"), d));
        }
        if let Some(d) = no_ready_pods(a, svc, &selected) {
            found.push((v.object, "spec.selector".into(), d));
        }
    }
    for (obj, field, d) in found {
        a.report(obj, &field, d);
    }
}

// ---------------------------------------------------------------- helpers

/// `key: value` as written in YAML (`key: ""` for the empty value).
fn kv(k: &str, v: &str) -> String {
    if v.is_empty() {
        format!("`{k}: \"\"`")
    } else {
        format!("`{k}: {v}`")
    }
}

fn pods_word(n: usize) -> String {
    format!("{n} {}", if n == 1 { "pod" } else { "pods" })
}

/// "1 pod has" / "3 pods have".
fn pods_have(n: usize) -> String {
    format!("{} {}", pods_word(n), if n == 1 { "has" } else { "have" })
}

/// Up to `max` items joined with ", ", then "and N more".
fn list(items: &[String], max: usize) -> String {
    if items.len() <= max {
        return items.join(", ");
    }
    format!("{} and {} more", items[..max].join(", "), items.len() - max)
}

/// Two different strings that look like the same word: equal but for case, or a likely typo.
fn close(wanted: &str, have: &str) -> bool {
    wanted != have && (wanted.eq_ignore_ascii_case(have) || did_you_mean(wanted, [have]).is_some())
}

// ---------------------------------------------------------------- selects-no-pods

/// One way a pod fails exactly one selector label.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct NearMiss {
    /// The selector label the pod fails.
    key: String,
    value: String,
    /// What the pod has instead: a value under the same key, or a similar key (`None` = absent).
    pod_key: Option<String>,
    pod_value: Option<String>,
    /// The difference looks like a typo or a case slip.
    close: bool,
}

/// How `labels` fails the one selector label it fails, when it matches all the others.
fn near_miss(selector: &Labels, labels: &Labels) -> Option<NearMiss> {
    let mut failing = selector.iter().filter(|(k, v)| labels.get(*k) != Some(*v));
    let (k, v) = failing.next()?;
    if failing.next().is_some() {
        return None;
    }
    if let Some(have) = labels.get(k) {
        return Some(NearMiss {
            key: k.clone(),
            value: v.clone(),
            pod_key: Some(k.clone()),
            pod_value: Some(have.clone()),
            close: close(v, have),
        });
    }
    // The key is absent: a similar key (`App`, `ap`) with the same or a similar value?
    let similar = labels
        .iter()
        .filter(|(pk, _)| !selector.contains_key(*pk))
        .find(|(pk, pv)| close(k, pk) && (*pv == v || close(v, pv)));
    Some(match similar {
        Some((pk, pv)) => NearMiss {
            key: k.clone(),
            value: v.clone(),
            pod_key: Some(pk.clone()),
            pod_value: Some(pv.clone()),
            close: true,
        },
        None => NearMiss { key: k.clone(), value: v.clone(), pod_key: None, pod_value: None, close: false },
    })
}

/// **selects-no-pods** (warning).
///
/// *What*: a Service with a selector that matches no pod in its namespace; the message names the
/// nearest miss: pods that match all labels but one (a case slip or typo like `app: myapp` for
/// `app: MyApp`, a similar key), matching pods in another namespace, or a selector label no pod
/// has at all.
///
/// *Why*: such a Service has no endpoints. Its cluster IP still resolves in DNS and accepts
/// connections that kube-proxy then rejects, so the symptom ("connection refused") is far from
/// the cause (a label). Skipped when the input holds no pod at all (written or simulated): a
/// manifest of Services alone says nothing about the cluster's pods.
///
/// *Example*: `selector: {app: MyApp}` with pods labelled `app: myapp` → "3 pods have
/// `app: myapp`; the selector wants `app: MyApp`".
fn selects_no_pods(a: &Analysis, o: &Object, svc: &Service, selected: &[(&Object, &Pod)]) -> Option<Diagnostic> {
    if !selected.is_empty() {
        return None;
    }
    let selector = svc.spec.selector.as_ref()?;
    let ns = o.namespace.as_str();
    let sel_text = selector.iter().map(|(k, v)| kv(k, v)).collect::<Vec<_>>().join(", ");
    let in_ns: Vec<&Pod> = a.pods().filter(|(_, po, _)| po.namespace == ns).map(|(_, _, p)| p).collect();
    let elsewhere: BTreeMap<&str, usize> = a
        .pods()
        .filter(|(_, po, p)| po.namespace != ns && selector.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v)))
        .fold(BTreeMap::new(), |mut m, (_, po, _)| {
            *m.entry(po.namespace.as_str()).or_default() += 1;
            m
        });

    // Pods of the namespace that fail exactly one selector label, grouped by how they fail.
    let mut misses: BTreeMap<NearMiss, usize> = BTreeMap::new();
    for p in &in_ns {
        if let Some(m) = near_miss(selector, &p.metadata.labels) {
            // With a one-label selector every pod "fails one label": only typos count then.
            if m.close || selector.len() > 1 {
                *misses.entry(m).or_default() += 1;
            }
        }
    }
    // Most pods first; a typo-like miss before any other.
    let best = |want_close: bool| {
        misses.iter().filter(|(m, _)| m.close == want_close).max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)))
    };

    let (detail, help) = if let Some((m, &n)) = best(true) {
        let have = match (&m.pod_key, &m.pod_value) {
            (Some(k), Some(v)) => kv(k, v),
            _ => String::new(),
        };
        let case = if m.pod_key.as_deref().is_some_and(|k| k.eq_ignore_ascii_case(&m.key))
            && m.pod_value.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(&m.value))
        {
            " (they differ only in case)"
        } else {
            ""
        };
        let rest = if selector.len() > 1 { " and every other selector label" } else { "" };
        (
            format!("{} {have}{rest}; the selector wants {}{case}", pods_have(n), kv(&m.key, &m.value)),
            "label keys and values are compared exactly (case-sensitive): make the selector and the pod labels (in a workload: its pod template) identical"
                .to_string(),
        )
    } else if let Some((other, &n)) = elsewhere.iter().max_by_key(|(_, n)| **n) {
        (
            format!(
                "{} matching the selector {} in namespace `{other}`, but the Service is in `{ns}` and selects pods of its own namespace only",
                pods_word(n),
                if n == 1 { "is" } else { "are" }
            ),
            format!("create the Service in namespace `{other}` (metadata.namespace), or run the pods in `{ns}`"),
        )
    } else if let Some((m, &n)) = best(false) {
        let detail = match &m.pod_value {
            Some(v) => {
                format!(
                    "{} every selector label but {}: {} {}",
                    pods_have(n),
                    kv(&m.key, &m.value),
                    if n == 1 { "it has" } else { "they have" },
                    kv(&m.key, v)
                )
            }
            None => format!(
                "{} every selector label but `{}` (the selector wants {})",
                pods_have(n),
                m.key,
                kv(&m.key, &m.value)
            ),
        };
        (detail, format!("a pod must carry every selector label: fix `{}` on the pods or in the selector, or drop it from the selector", m.key))
    } else if in_ns.is_empty() {
        (
            format!("there are no pods in namespace `{ns}`"),
            format!("run the pods (or a workload) in namespace `{ns}`, or put the Service where the pods are"),
        )
    } else if let Some(k) = selector.keys().find(|k| in_ns.iter().all(|p| !p.metadata.labels.contains_key(*k))) {
        let similar = did_you_mean(k, in_ns.iter().flat_map(|p| p.metadata.labels.keys().map(String::as_str)));
        (
            format!(
                "no pod in namespace `{ns}` has label `{k}`{}",
                similar.map(|s| format!(" (pods have `{s}`)")).unwrap_or_default()
            ),
            format!(
                "add label `{k}` to the pods (in a workload: `spec.template.metadata.labels`), or fix the selector key"
            ),
        )
    } else if let Some((k, v)) =
        selector.iter().find(|(k, v)| in_ns.iter().all(|p| p.metadata.labels.get(*k) != Some(*v)))
    {
        let mut values: Vec<String> =
            in_ns.iter().filter_map(|p| p.metadata.labels.get(k)).map(|v| format!("`{v}`")).collect();
        values.sort();
        values.dedup();
        (
            format!("no pod in namespace `{ns}` has {} (their `{k}` values: {})", kv(k, v), list(&values, 5)),
            format!("set `{k}` in the selector to the value the pods carry, or label the pods `{k}: {v}`"),
        )
    } else {
        (
            format!("each selector label is on some pod in namespace `{ns}`, but no pod has them all at once"),
            "a Service selects pods that carry every selector label: remove the labels that tell the pods apart from the selector".to_string(),
        )
    };
    Some(
        Diagnostic::new(
            Severity::Warning,
            Code::SelectsNoPods,
            format!("the selector {sel_text} selects no pods, so the Service has no endpoints: {detail}"),
        )
        .help(help),
    )
}

// ---------------------------------------------------------------- selects-several-workloads

/// Which workload made a pod.
struct Owners {
    /// Input workloads by (source, position): simulated pods carry their workload's.
    by_position: HashMap<(usize, Pos), String>,
    /// Input workloads with their namespace and selector (they adopt matching pods).
    selectors: Vec<(String, Selector, String)>,
}

impl Owners {
    fn new(a: &Analysis) -> Owners {
        let mut by_position = HashMap::new();
        let mut selectors = Vec::new();
        for o in a.objects.iter().filter(|o| o.valid && !o.simulated) {
            let Body::Workload(w) = &o.body else { continue };
            let name = format!("{}/{}", o.kind, o.name);
            by_position.entry((o.source, o.span.start)).or_insert_with(|| name.clone());
            if let Some(sel) =
                w.selector.as_ref().and_then(|s| s.to_selector().ok()).filter(|s| !s.is_empty() && !s.is_nothing())
            {
                selectors.push((o.namespace.clone(), sel, name));
            }
        }
        Owners { by_position, selectors }
    }

    /// `Kind/name` of the workload that made (or adopted) a pod, when known.
    fn of(&self, o: &Object, p: &Pod) -> Option<String> {
        if o.simulated {
            return self.by_position.get(&(o.source, o.span.start)).cloned();
        }
        if let Some(owner) = controller_reference(o, p) {
            return Some(owner);
        }
        self.selectors
            .iter()
            .find(|(ns, sel, _)| *ns == o.namespace && sel.matches(&p.metadata.labels))
            .map(|(_, _, n)| n.clone())
    }
}

/// The pod's controller from `metadata.ownerReferences` (a ReplicaSet made by a Deployment is
/// reported as the Deployment: `<deploy>-<pod-template-hash>`).
fn controller_reference(o: &Object, p: &Pod) -> Option<String> {
    let refs = o.root.get("metadata")?.get("ownerReferences")?.as_seq()?;
    let r =
        refs.iter().find(|r| r.get("controller").and_then(|c| c.as_bool()) == Some(true)).or_else(|| refs.first())?;
    let kind = r.get("kind")?.as_str()?;
    let name = r.get("name")?.as_str()?;
    if kind == "ReplicaSet" {
        if let Some(deploy) = p
            .metadata
            .labels
            .get(LABEL_POD_TEMPLATE_HASH)
            .and_then(|h| name.strip_suffix(h.as_str()))
            .and_then(|d| d.strip_suffix('-'))
        {
            if !deploy.is_empty() {
                return Some(format!("Deployment/{deploy}"));
            }
        }
    }
    Some(format!("{kind}/{name}"))
}

/// **selects-several-workloads** (warning).
///
/// *What*: the selected pods were made by more than one workload (Deployment, StatefulSet,
/// DaemonSet, ReplicaSet), known from the simulated pods, `ownerReferences`, or the input
/// workload whose selector adopts a written pod. Pods of no workload are not counted.
///
/// *Why*: traffic is spread over all of them, in proportion to their pod counts. That is how a
/// canary works when meant; when not, a too-broad selector (`app: web` shared by `web` and
/// `web-admin`) sends users to the wrong program.
///
/// *Example*: `selector: {app: web}` over Deployments `web` (3 pods) and `web-canary` (1 pod) →
/// "selects pods of 2 workloads: Deployment/web (3 pods), Deployment/web-canary (1 pod)".
fn selects_several_workloads(svc: &Service, selected: &[(&Object, &Pod)], owners: &Owners) -> Option<Diagnostic> {
    let mut groups: Vec<(String, Vec<&Pod>)> = Vec::new();
    let mut orphans = 0;
    for (o, p) in selected {
        match owners.of(o, p) {
            Some(w) => match groups.iter_mut().find(|(g, _)| *g == w) {
                Some((_, pods)) => pods.push(p),
                None => groups.push((w, vec![p])),
            },
            None => orphans += 1,
        }
    }
    if groups.len() < 2 {
        return None;
    }
    let names: Vec<String> = groups.iter().map(|(g, pods)| format!("{g} ({})", pods_word(pods.len()))).collect();
    let orphan_note = if orphans > 0 { format!(", plus {} of no workload", pods_word(orphans)) } else { String::new() };
    // A label on all pods of one workload and on none of the others: what the selector could add.
    let selector = svc.spec.selector.clone().unwrap_or_default();
    let distinguishing = groups.iter().enumerate().find_map(|(gi, (g, pods))| {
        let first = pods.first()?;
        first
            .metadata
            .labels
            .iter()
            .filter(|(k, _)| !selector.contains_key(*k) && !CONTROLLER_LABELS.contains(&k.as_str()))
            .find(|(k, v)| {
                pods.iter().all(|p| p.metadata.labels.get(*k) == Some(*v))
                    && groups
                        .iter()
                        .enumerate()
                        .filter(|(oi, _)| *oi != gi)
                        .all(|(_, (_, others))| others.iter().all(|p| p.metadata.labels.get(*k) != Some(*v)))
            })
            .map(|(k, v)| format!(" (for example {} is only on the pods of {g})", kv(k, v)))
    });
    Some(
        Diagnostic::new(
            Severity::Warning,
            Code::SelectsSeveralWorkloads,
            format!(
                "the selector picks pods of {} workloads: {}{orphan_note}; traffic is spread over all of them",
                groups.len(),
                list(&names, 5)
            ),
        )
        .help(format!(
            "fine for a canary; otherwise add a label that only the intended workload's pods carry to the selector{}",
            distinguishing.unwrap_or_default()
        )),
    )
}

// ---------------------------------------------------------------- target-port-not-exposed

/// Container ports the Service can target: regular containers and sidecars (restartable init
/// containers), as `FindPort` searches them.
fn declared_ports(p: &Pod) -> impl Iterator<Item = &crate::api::ContainerPort> {
    let sidecars = p.spec.init_containers.iter().filter(|c| c.restart_policy.as_deref() == Some("Always"));
    p.spec.containers.iter().chain(sidecars).flat_map(|c| c.ports.iter())
}

/// **target-port-not-exposed** (warning), per Service port.
///
/// *What*: (1) an int `targetPort` that no selected pod declares as a `containerPort` (with the
/// port's protocol), when the pods declare ports at all; (2) a named `targetPort` that no
/// selected pod (or only some) defines with that name *and* protocol.
///
/// *Why*: (1) traffic still goes to that port — declared ports are informational — so this works
/// only if the program listens there; a mismatch with the declared ports usually means a wrong
/// `targetPort`. (2) a named port is looked up in each pod: a pod without it is not an endpoint
/// of that Service port at all, so the port has no (or fewer) endpoints.
///
/// *Example*: `port: 80, targetPort: 8080` with pods declaring `containerPort: 80` →
/// "targetPort 8080 is not a containerPort of any selected pod (they declare 80/TCP)".
fn target_port_not_exposed(svc: &Service, selected: &[(&Object, &Pod)]) -> Vec<(usize, Diagnostic)> {
    let mut out = Vec::new();
    if selected.is_empty() {
        return out;
    }
    for (i, sp) in svc.spec.ports.iter().enumerate() {
        let protocol = sp.protocol.clone().unwrap_or_else(|| "TCP".into());
        let target = match &sp.target_port {
            None | Some(IntOrString::Int(0)) => IntOrString::Int(sp.port),
            Some(t) => t.clone(),
        };
        match target {
            IntOrString::Int(t) => {
                let mut declared: Vec<(i64, String)> = selected
                    .iter()
                    .flat_map(|(_, p)| declared_ports(p))
                    .map(|c| (c.container_port, c.protocol.clone()))
                    .collect();
                declared.sort();
                declared.dedup();
                if declared.is_empty() || declared.iter().any(|(n, pr)| *n == t && *pr == protocol) {
                    continue;
                }
                let shown: Vec<String> = declared.iter().map(|(n, pr)| format!("{n}/{pr}")).collect();
                let other_proto = declared
                    .iter()
                    .find(|(n, _)| *n == t)
                    .map(|(_, pr)| format!(" ({t} is declared for {pr}, the Service port is {protocol})"))
                    .unwrap_or_default();
                // Declared ports of this protocol that no other Service port targets already.
                let others: Vec<&IntOrString> = svc
                    .spec
                    .ports
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .filter_map(|(_, p)| p.target_port.as_ref())
                    .collect();
                let free: Vec<i64> = selected
                    .iter()
                    .flat_map(|(_, p)| declared_ports(p))
                    .filter(|c| c.protocol == protocol)
                    .filter(|c| {
                        !others.iter().any(|o| match o {
                            IntOrString::Int(n) => *n == c.container_port,
                            IntOrString::Str(name) => c.name.as_deref() == Some(name.as_str()),
                        })
                    })
                    .map(|c| c.container_port)
                    .fold(Vec::new(), |mut v, n| {
                        if !v.contains(&n) {
                            v.push(n);
                        }
                        v
                    });
                let suggestion = if free.contains(&sp.port) && sp.port != t {
                    format!(
                        "; the pods do declare {}/{protocol}, the Service port: did you mean `targetPort: {}`?",
                        sp.port, sp.port
                    )
                } else if free.len() == 1 {
                    format!("; did you mean `targetPort: {}`?", free[0])
                } else {
                    String::new()
                };
                out.push((
                    i,
                    Diagnostic::new(
                        Severity::Warning,
                        Code::TargetPortNotExposed,
                        format!("targetPort {t} is not a containerPort of any selected pod (they declare {}){other_proto}", list(&shown, 6)),
                    )
                    .help(format!(
                        "traffic still goes to port {t} on each pod (declaring container ports is informational), so this works only if the program listens on {t}{suggestion}"
                    )),
                ));
            }
            IntOrString::Str(name) => {
                let missing: Vec<&str> = selected
                    .iter()
                    .filter(|(_, p)| crate::endpoints::find_port(p, sp).is_none())
                    .map(|(o, _)| o.name.as_str())
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                // Hints from the pods that lack the name: the same name with another protocol, or a
                // similar name.
                let lacking: Vec<(String, String)> = selected
                    .iter()
                    .filter(|(o, _)| missing.contains(&o.name.as_str()))
                    .flat_map(|(_, p)| declared_ports(p))
                    .filter_map(|c| c.name.clone().map(|n| (n, c.protocol.clone())))
                    .collect();
                let hint = if let Some((_, pr)) = lacking.iter().find(|(n, pr)| *n == name && *pr != protocol) {
                    format!(" (a port named `{name}` exists with protocol {pr}; the name must match with the Service port's protocol, {protocol})")
                } else if let Some(s) = did_you_mean(
                    &name,
                    lacking.iter().filter(|(n, pr)| *pr == protocol && *n != name).map(|(n, _)| n.as_str()),
                ) {
                    format!(" (did you mean `{s}`?)")
                } else {
                    String::new()
                };
                let message = if missing.len() == selected.len() {
                    format!("no selected pod has a container port named `{name}` with protocol {protocol}, so no pod is an endpoint of this port{hint}")
                } else {
                    let names: Vec<String> = missing.iter().map(|n| n.to_string()).collect();
                    format!(
                        "{} of the {} selected pods {} no container port named `{name}` with protocol {protocol} ({}), so {} not an endpoint of this port{hint}",
                        missing.len(),
                        selected.len(),
                        if missing.len() == 1 { "has" } else { "have" },
                        list(&names, 3),
                        if missing.len() == 1 { "it is" } else { "they are" }
                    )
                };
                out.push((
                    i,
                    Diagnostic::new(Severity::Warning, Code::TargetPortNotExposed, message)
                        .help(format!("name the container port `{name}` (protocol {protocol}) in every selected pod, or use the port number as targetPort")),
                ));
            }
        }
    }
    out
}

// ---------------------------------------------------------------- no-ready-pods

/// Why a selected pod does not receive traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unready {
    Finished,
    NoStatus,
    NoIp,
    Terminating,
    NotReady,
    NoReadyCondition,
    UnknownNode,
}

impl Unready {
    /// "2 are terminating", "1 has no IP yet", ...
    fn counted(self, n: usize) -> String {
        let one = n == 1;
        let (is, has) = if one { ("is", "has") } else { ("are", "have") };
        match self {
            Unready::Finished => format!("{n} {have} finished (phase Succeeded or Failed)", have = has),
            Unready::NoStatus => format!("{n} {has} no status (so no IP and no Ready condition)"),
            Unready::NoIp => format!("{n} {has} no IP yet"),
            Unready::Terminating => format!("{n} {is} terminating"),
            Unready::NotReady => format!("{n} {is} not Ready (Ready condition not True)"),
            Unready::NoReadyCondition => format!("{n} {has} no Ready condition"),
            Unready::UnknownNode => format!("{n} {is} on a node that does not exist"),
        }
    }
}

/// Why a selected pod does not receive traffic (None: it does).
fn unready_reason(a: &Analysis, p: &Pod, publish: bool) -> Option<Unready> {
    if p.is_terminal() {
        return Some(Unready::Finished);
    }
    if p.status.phase.is_none() && p.ip().is_none() && !p.status.has_ready_condition {
        return Some(Unready::NoStatus);
    }
    if p.ip().is_none() {
        return Some(Unready::NoIp);
    }
    if publish {
        return None;
    }
    if p.is_terminating() {
        return Some(Unready::Terminating);
    }
    if !p.status.ready {
        return Some(if p.status.has_ready_condition { Unready::NotReady } else { Unready::NoReadyCondition });
    }
    if let Some(node) = p.spec.node_name.as_deref() {
        if a.node(node).is_none() {
            return Some(Unready::UnknownNode);
        }
    }
    None
}

/// **no-ready-pods** (warning).
///
/// *What*: the selector picks pods, but none of them can receive traffic: not Ready (Ready
/// condition missing or not True), terminating, without IP, finished, or bound to a Node that
/// does not exist (the EndpointSlice controller skips those). The message counts each reason.
/// With `publishNotReadyAddresses: true` only "no IP" and "finished" count.
///
/// *Why*: the Service then has endpoints only under `notReadyAddresses` (or none), kube-proxy
/// has nothing to send to, and a headless Service's name does not resolve. A pod written
/// without `status` is not Ready: in a real cluster the kubelet writes it.
///
/// *Example*: two pods with `conditions: [{type: Ready, status: "False"}]` → "selects 2 pods
/// but none can receive traffic: 2 with Ready condition not True".
fn no_ready_pods(a: &Analysis, svc: &Service, selected: &[(&Object, &Pod)]) -> Option<Diagnostic> {
    if selected.is_empty() {
        return None;
    }
    let publish = svc.spec.publish_not_ready_addresses == Some(true);
    let mut reasons: Vec<(Unready, usize)> = Vec::new();
    for (_, p) in selected {
        let r = unready_reason(a, p, publish)?;
        match reasons.iter_mut().find(|(x, _)| *x == r) {
            Some((_, n)) => *n += 1,
            None => reasons.push((r, 1)),
        }
    }
    reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
    let breakdown: Vec<String> = reasons.iter().map(|(r, n)| r.counted(*n)).collect();
    let help = match reasons.first().map(|(r, _)| *r) {
        Some(Unready::NoStatus | Unready::NoReadyCondition) => {
            "a pod written without `status` is not Ready (the kubelet writes it in a real cluster): add `status: {phase: Running, podIP: ..., conditions: [{type: Ready, status: \"True\"}]}` to model a running pod, or use a workload"
        }
        Some(Unready::Terminating) => "terminating pods are not Ready: while no Ready endpoint exists kube-proxy still sends new connections to the ones that are serving, until they go; wait for their replacements, or check why those are not Ready",
        Some(Unready::UnknownNode) => "add the Node to the input (or fix `spec.nodeName`): the EndpointSlice controller skips pods on unknown nodes",
        Some(Unready::NoIp) => "pods get an IP when they are scheduled and started: give them `status.podIP`, or check why they are Pending",
        Some(Unready::Finished) => "finished pods never serve again: the Service needs running pods",
        _ => "a Service sends traffic only to Ready pods: fix the readiness probe, or set `publishNotReadyAddresses: true` if clients must reach unready pods (peer discovery)",
    };
    Some(
        Diagnostic::new(
            Severity::Warning,
            Code::NoReadyPods,
            format!(
                "the Service selects {} but none can receive traffic: {}",
                pods_word(selected.len()),
                breakdown.join(", ")
            ),
        )
        .help(help),
    )
}

// ---------------------------------------------------------------- external-name-is-ip

/// **external-name-is-ip** (warning).
///
/// *What*: an ExternalName Service whose `externalName` is an IP address.
///
/// *Why*: the API server accepts it (an IPv4 address is a valid DNS subdomain), but CoreDNS
/// publishes no record for it: the Service name is NXDOMAIN, and no proxy rule exists either.
///
/// *Example*: `type: ExternalName, externalName: 192.0.2.10` → "externalName 192.0.2.10 is an IP
/// address: cluster DNS publishes no record for this Service".
fn external_name_is_ip(svc: &Service) -> Option<Diagnostic> {
    if svc.type_() != "ExternalName" {
        return None;
    }
    let name = svc.spec.external_name.as_deref()?.trim_end_matches('.');
    if name.is_empty() || !crate::names::is_valid_ip(name).is_empty() {
        return None;
    }
    Some(
        Diagnostic::new(
            Severity::Warning,
            Code::ExternalNameIsIp,
            format!("externalName {name} is an IP address: cluster DNS publishes no record for this Service (its name is NXDOMAIN) and kube-proxy ignores ExternalName Services"),
        )
        .help(format!(
            "for a fixed IP use a Service without selector (type ClusterIP) plus an EndpointSlice with address {name}, labelled `kubernetes.io/service-name: {}`",
            svc.metadata.name
        )),
    )
}
