//! Stage 2: documents applied in file order, as `kubectl apply -f` does.
//!
//! A later document with the same kind, namespace and name as a live earlier one is an
//! **update** of that object, not a second object. There is always at most one live object per
//! identity: when an update is accepted the earlier object is removed from
//! [`Analysis::objects`] (its document stays in the editor, and an info diagnostic
//! `updates-earlier` on the later document says which one it replaced); when the update is
//! refused the later document is marked invalid, the earlier object stays as it was, and an info
//! diagnostic `update-refused` says so. A document whose earlier namesake was itself refused is a
//! plain create.
//!
//! What is checked here, for kinds the engine does not admit elsewhere:
//! * Pods: `spec` may only change container images (`pod-spec-immutable`);
//! * Deployments, ReplicaSets, DaemonSets: `spec.selector` is immutable (`selector-immutable`);
//! * StatefulSets: only replicas, template, update strategy and a few others may change
//!   (`statefulset-spec-immutable`; checked on `selector` and `serviceName`).
//!
//! Services, Endpoints and EndpointSlices are applied by [`crate::service::run`], because
//! whether their update is accepted depends on allocation and validation. This module holds the
//! Service update rules it uses (`BeginUpdate`'s patching of allocated values, clusterIP
//! normalisation, `PrepareForUpdate`'s clean-up on type changes, `ValidateServiceUpdate`), and
//! the shared bookkeeping (`note_update`, `note_refused`, `retire`).
//!
//! Simplification: the update is the later document as written, plus the values the server
//! filled in (clusterIP(s), nodePorts matched by port name, healthCheckNodePort, the IP family
//! policy). kubectl's three-way merge gives the same result for Services except in corner cases
//! (fields the earlier document set and the later one drops are removed here too, as kubectl
//! does, but fields set by someone other than the manifest are not modelled).

use crate::api::{Pod, PodSpec, Service, Workload};
use crate::diag::Code;
use crate::diag::FieldError;
use crate::diag::{Diagnostic, Severity};
use crate::labels::LabelSelector;
use crate::model::{Analysis, Body, Object};
use crate::service::{
    cluster_ip, externally_accessible, hc_node_port, is_headless, needs_cluster_ip, needs_health_check,
    needs_node_port, node_port,
};
use crate::util::json;
use std::collections::{BTreeSet, HashMap};

/// Kinds whose create/update is decided by the service stage.
const DEFERRED: &[&str] = &["Service", "Endpoints", "EndpointSlice"];

/// Runs the stage for every kind but Services, Endpoints and EndpointSlices.
pub fn apply(a: &mut Analysis) {
    let mut live: HashMap<(String, String, String), usize> = HashMap::new();
    let mut retired = Vec::new();
    for idx in 0..a.objects.len() {
        let Some(o) = a.objects.get(idx) else {
            continue;
        };
        if o.simulated || o.name.is_empty() || DEFERRED.contains(&o.kind.as_str()) {
            continue;
        }
        let key = (o.kind.clone(), o.namespace.clone(), o.name.clone());
        let Some(&old) = live.get(&key) else {
            if o.valid {
                live.insert(key, idx);
            }
            continue;
        };
        if !o.valid {
            note_refused(a, idx, old);
            continue;
        }
        let errs = match a.objects.get(old) {
            Some(prev) => update_errors(prev, o),
            None => Vec::new(),
        };
        if errs.is_empty() {
            note_update(a, idx, old);
            retired.push(old);
            live.insert(key, idx);
        } else {
            for e in errs {
                a.emit(idx, e);
            }
            note_refused(a, idx, old);
        }
    }
    retire(a, retired);
}

/// Why the API server refuses replacing `old` with `new` (same kind), for kinds other than
/// Services, Endpoints and EndpointSlices.
fn update_errors(old: &Object, new: &Object) -> Vec<FieldError> {
    match (&old.body, &new.body) {
        (Body::Pod(o), Body::Pod(n)) => pod_update_errors(o, n),
        (Body::Workload(o), Body::Workload(n)) => workload_update_errors(&new.kind, o, n),
        _ => Vec::new(),
    }
}

fn pod_update_errors(old: &Pod, new: &Pod) -> Vec<FieldError> {
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

fn workload_update_errors(kind: &str, old: &Workload, new: &Workload) -> Vec<FieldError> {
    if kind == "StatefulSet" {
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

// ============================================================================ bookkeeping

/// `line N` (or `line N of <source>` when several sources were given).
fn location(a: &Analysis, idx: usize) -> String {
    let Some(o) = a.objects.get(idx) else {
        return String::new();
    };
    let line = o.span.start.line;
    match a.sources.get(o.source) {
        Some(name) if a.sources.len() > 1 => format!("line {line} of {name}"),
        _ => format!("line {line}"),
    }
}

/// `Kind/namespace/name (line N)`: who holds an allocation, for messages.
pub(crate) fn describe(a: &Analysis, idx: usize) -> String {
    match a.objects.get(idx) {
        Some(o) => format!("{} ({})", o.reference(), location(a, idx)),
        None => String::new(),
    }
}

/// Info on the later document: it updated the object the earlier one created.
pub(crate) fn note_update(a: &mut Analysis, idx: usize, old: usize) {
    let Some(prev) = a.objects.get(old) else {
        return;
    };
    let msg = format!("updates {} defined at {}", prev.reference(), location(a, old));
    let help = if prev.kind == "Service" {
        "kubectl apply applies documents in order, so this one changes the object the earlier one created; values the cluster filled in (clusterIP, nodePorts) are kept"
    } else {
        "kubectl apply applies documents in order, so this one changes the object the earlier one created"
    };
    let d = Diagnostic::new(Severity::Info, Code::UpdatesEarlier, msg).help(help);
    a.report(idx, "metadata.name", d);
}

/// Info on the later document: its update was refused, the earlier object stays.
pub(crate) fn note_refused(a: &mut Analysis, idx: usize, old: usize) {
    let Some(prev) = a.objects.get(old) else {
        return;
    };
    let msg = format!("does not update {} defined at {}: the update is refused", prev.reference(), location(a, old));
    let d = Diagnostic::new(Severity::Info, Code::UpdateRefused, msg)
        .help("the object keeps the earlier document's settings until the errors on this document are fixed");
    a.report(idx, "metadata.name", d);
}

/// Removes superseded objects (indices into `a.objects`). Call before anything stores indices.
pub(crate) fn retire(a: &mut Analysis, idxs: Vec<usize>) {
    if idxs.is_empty() {
        return;
    }
    let gone: BTreeSet<usize> = idxs.into_iter().collect();
    let mut i = 0;
    a.objects.retain(|_| {
        let keep = !gone.contains(&i);
        i += 1;
        keep
    });
}

// ============================================================================ Service updates

/// `patchAllocatedValues` (registry storage): values the server allocated and the new object
/// does not mention are carried over.
pub(crate) fn patch_allocated_values(new: &mut Service, old: &Service) {
    if needs_cluster_ip(old) && needs_cluster_ip(new) {
        if new.spec.cluster_ip.is_none() {
            new.spec.cluster_ip = old.spec.cluster_ip.clone();
        }
        if new.spec.cluster_ips.is_empty() && !old.spec.cluster_ips.is_empty() {
            new.spec.cluster_ips = old.spec.cluster_ips.clone();
        }
    }
    if needs_node_port(old) && needs_node_port(new) {
        let old_used: BTreeSet<i64> = old.spec.ports.iter().map(node_port).filter(|n| *n != 0).collect();
        let new_used: BTreeSet<i64> = new.spec.ports.iter().map(node_port).filter(|n| *n != 0).collect();
        let used: BTreeSet<i64> = old_used.intersection(&new_used).copied().collect();
        let mut by_name: HashMap<&str, i64> = HashMap::new();
        for p in &old.spec.ports {
            by_name.insert(p.name.as_deref().unwrap_or(""), node_port(p));
        }
        for p in &mut new.spec.ports {
            if node_port(p) == 0 {
                let v = by_name.get(p.name.as_deref().unwrap_or("")).copied().unwrap_or(0);
                if v != 0 && !used.contains(&v) {
                    p.node_port = Some(v);
                }
            }
        }
    }
    if needs_health_check(old) && needs_health_check(new) && hc_node_port(new) == 0 && hc_node_port(old) != 0 {
        new.spec.health_check_node_port = old.spec.health_check_node_port;
    }
}

/// `normalizeClusterIPs` for an update.
pub(crate) fn normalize_cluster_ips_update(new: &mut Service, old: &Service) {
    if !old.spec.cluster_ips.is_empty() && new.spec.cluster_ips.is_empty() && cluster_ip(old) == cluster_ip(new) {
        new.spec.cluster_ips = old.spec.cluster_ips.clone();
    }
    if cluster_ip(old) != cluster_ip(new) {
        let same_plural = old.spec.cluster_ips == new.spec.cluster_ips;
        if !cluster_ip(old).is_empty() && cluster_ip(new).is_empty() {
            if same_plural {
                new.spec.cluster_ips.clear();
            }
        } else if same_plural {
            new.spec.cluster_ips = new.spec.cluster_ip.iter().cloned().collect();
        }
    }
}

/// `isMatchingPreferDualStackClusterIPFields`: a PreferDualStack Service whose addresses and
/// families did not change is left alone.
pub(crate) fn matching_prefer_dual_stack(new: &Service, old: &Service) -> bool {
    let Some(policy) = new.spec.ip_family_policy.as_deref() else {
        return false;
    };
    old.type_() == new.type_()
        && matches!(new.type_(), "ClusterIP" | "NodePort" | "LoadBalancer")
        && policy == "PreferDualStack"
        && old.spec.ip_family_policy.as_deref().is_none_or(|p| p == "PreferDualStack")
        && old.spec.cluster_ips == new.spec.cluster_ips
        && old.spec.ip_families == new.spec.ip_families
}

/// `dropTypeDependentFields` (service strategy `PrepareForUpdate`): fields that no longer apply
/// after a type change are wiped, unless the user also changed them.
pub(crate) fn drop_type_dependent_fields(new: &mut Service, old: &Service) {
    if needs_cluster_ip(old) && !needs_cluster_ip(new) {
        if cluster_ip(old) == cluster_ip(new) && old.spec.cluster_ips == new.spec.cluster_ips {
            new.spec.cluster_ip = None;
            new.spec.cluster_ips.clear();
        }
        if old.spec.ip_families == new.spec.ip_families {
            new.spec.ip_families.clear();
        }
        if old.spec.ip_family_policy == new.spec.ip_family_policy {
            new.spec.ip_family_policy = None;
        }
    }
    let nps = |s: &Service| s.spec.ports.iter().map(node_port).filter(|n| *n != 0).collect::<BTreeSet<i64>>();
    if needs_node_port(old) && !needs_node_port(new) && nps(new).is_subset(&nps(old)) {
        for p in &mut new.spec.ports {
            p.node_port = None;
        }
    }
    if needs_health_check(old) && !needs_health_check(new) && hc_node_port(old) == hc_node_port(new) {
        new.spec.health_check_node_port = None;
    }
    if old.type_() == "LoadBalancer" && new.type_() != "LoadBalancer" {
        if let (Some(o), Some(n)) =
            (old.spec.allocate_load_balancer_node_ports, new.spec.allocate_load_balancer_node_ports)
        {
            if o == n {
                new.spec.allocate_load_balancer_node_ports = None;
            }
        }
        if old.spec.load_balancer_class == new.spec.load_balancer_class {
            new.spec.load_balancer_class = None;
        }
    }
    if externally_accessible(old)
        && !externally_accessible(new)
        && old.spec.external_traffic_policy == new.spec.external_traffic_policy
    {
        new.spec.external_traffic_policy = None;
    }
    if new.type_() != "LoadBalancer" {
        new.status.load_balancer.ingress.clear();
    }
}

/// The update-only part of `ValidateServiceUpdate`.
pub(crate) fn validate_service_update(new: &Service, old: &Service) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let ips = &new.spec.cluster_ips;
    let old_ips = &old.spec.cluster_ips;
    let immutable_help = |old_ip: &str| {
        if old_ip == "None" {
            "a headless Service cannot get a cluster IP later (nor the reverse): delete the Service and create it again"
                .to_string()
        } else {
            format!("a Service keeps its cluster IP for life ({old_ip}): remove `clusterIP` to keep it, or delete the Service and create it again to change it")
        }
    };
    let ip_change = |i: usize| {
        let p = format!("spec.clusterIPs[{i}]");
        FieldError::invalid(Code::ClusteripImmutable, &p, &json::list(ips), "may not change once set")
            .near(if i == 0 { "spec.clusterIP".to_string() } else { "spec.clusterIPs".to_string() })
            .help(immutable_help(old_ips.get(i).map(String::as_str).unwrap_or("")))
    };
    let external_name = new.type_() == "ExternalName" || old.type_() == "ExternalName";
    let both_headless = is_headless(old) && is_headless(new);
    if !external_name && !both_headless {
        if old_ips.len() == ips.len() {
            for (i, ip) in old_ips.iter().enumerate() {
                if ips.get(i) != Some(ip) {
                    errs.push(ip_change(i));
                }
            }
        } else if old_ips.len() > ips.len() {
            if ips.is_empty() {
                errs.push(
                    FieldError::invalid(
                        Code::ClusteripImmutable,
                        "spec.clusterIPs[0]",
                        &json::list(ips),
                        "primary clusterIP can not be unset",
                    )
                    .near("spec")
                    .help(immutable_help(old_ips.first().map(String::as_str).unwrap_or(""))),
                );
            }
            if !old_ips.is_empty() && !ips.is_empty() && ips.first() != old_ips.first() {
                errs.push(ip_change(0));
            }
            if ips.len() == 1 && new.spec.ip_family_policy.as_deref() != Some("SingleStack") {
                errs.push(
                    FieldError::invalid(
                        Code::ReleaseRequiresSingleStack,
                        "spec.ipFamilyPolicy",
                        &json::optional(new.spec.ip_family_policy.as_deref()),
                        "must be set to 'SingleStack' when releasing the secondary clusterIP",
                    )
                    .help("set `ipFamilyPolicy: SingleStack` to drop the second cluster IP"),
                );
            }
        } else if !old_ips.is_empty() && ips.first() != old_ips.first() {
            errs.push(ip_change(0));
        }
    }
    // IP families (headless Services may change them).
    let fams = &new.spec.ip_families;
    let old_fams = &old.spec.ip_families;
    if !external_name && is_headless(old) == is_headless(new) && !is_headless(new) {
        let fam_err = |v: String| {
            FieldError::invalid(Code::IpFamilyImmutable, "spec.ipFamilies[0]", &v, "may not change once set")
                .near("spec.ipFamilies")
                .help("a Service keeps its primary IP family: delete it and create it again to change it")
        };
        if old_fams.len() == fams.len() {
            for (i, f) in old_fams.iter().enumerate() {
                if fams.get(i) != Some(f) {
                    errs.push(fam_err(json::list(fams)));
                }
            }
        } else if old_fams.len() > fams.len() {
            if ips.is_empty() {
                errs.push(
                    FieldError::invalid(
                        Code::IpFamilyImmutable,
                        "spec.ipFamilies[0]",
                        &json::list(fams),
                        "primary ipFamily can not be unset",
                    )
                    .near("spec")
                    .help("a Service keeps its primary IP family: remove `ipFamilies` to keep it"),
                );
            }
            if !fams.is_empty() && fams.first() != old_fams.first() {
                errs.push(fam_err(json::list(ips)));
            }
            if fams.len() == 1 && new.spec.ip_family_policy.as_deref() != Some("SingleStack") {
                errs.push(
                    FieldError::invalid(
                        Code::ReleaseRequiresSingleStack,
                        "spec.ipFamilyPolicy",
                        &json::optional(new.spec.ip_family_policy.as_deref()),
                        "must be set to 'SingleStack' when releasing the secondary ipFamily",
                    )
                    .help("set `ipFamilyPolicy: SingleStack` to drop the second IP family"),
                );
            }
        } else if !old_fams.is_empty() && !fams.is_empty() && fams.first() != old_fams.first() {
            errs.push(fam_err(json::list(ips)));
        }
    }
    if old.type_() == "LoadBalancer"
        && new.type_() == "LoadBalancer"
        && old.spec.load_balancer_class != new.spec.load_balancer_class
    {
        errs.push(
            FieldError::invalid(
                Code::LbClassImmutable,
                "spec.loadBalancerClass",
                &json::optional(new.spec.load_balancer_class.as_deref()),
                "may not change once set",
            )
            .near("spec")
            .help("a LoadBalancer Service keeps its loadBalancerClass: delete it and create it again to change it"),
        );
    }
    if needs_health_check(old) && needs_health_check(new) && hc_node_port(old) != hc_node_port(new) {
        errs.push(
            FieldError::forbidden(Code::HealthCheckNodeportImmutable, "spec.healthCheckNodePort", "field is immutable")
                .help(format!(
                    "the health check node port stays {}: remove `healthCheckNodePort` to keep it",
                    hc_node_port(old)
                )),
        );
    }
    errs
}
