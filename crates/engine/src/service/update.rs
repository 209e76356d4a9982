//! Service updates: `BeginUpdate`'s patching of allocated values, clusterIP normalisation,
//! `PrepareForUpdate`'s clean-up on type changes, and `ValidateServiceUpdate`.

use crate::api::Service;
use crate::diag::{Code, FieldError};
use crate::service::predicates::{
    cluster_ip, externally_accessible, hc_node_port, is_headless, needs_cluster_ip, needs_health_check,
    needs_node_port, node_port,
};
use crate::util::json;
use crate::util::sort::set;
use std::collections::BTreeSet;
use std::collections::HashMap;
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
        let used_by = |s: &Service| set(s.spec.ports.iter().map(node_port).filter(|n| *n != 0));
        let (old_used, new_used) = (used_by(old), used_by(new));
        let used: BTreeSet<i64> = set(old_used.intersection(&new_used).copied());
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
    let nps = |s: &Service| set(s.spec.ports.iter().map(node_port).filter(|n| *n != 0));
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

/// Dropping the secondary cluster IP or IP family needs `ipFamilyPolicy: SingleStack`.
fn release_requires_single_stack(new: &Service, field: &str, what: &str) -> Option<FieldError> {
    let policy = new.spec.ip_family_policy.as_deref();
    (policy != Some("SingleStack")).then(|| {
        FieldError::invalid(
            Code::ReleaseRequiresSingleStack,
            "spec.ipFamilyPolicy",
            &json::optional(policy),
            &format!("must be set to 'SingleStack' when releasing the secondary {field}"),
        )
        .help(format!("set `ipFamilyPolicy: SingleStack` to drop the second {what}"))
    })
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
            if ips.len() == 1 {
                errs.extend(release_requires_single_stack(new, "clusterIP", "cluster IP"));
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
            if fams.len() == 1 {
                errs.extend(release_requires_single_stack(new, "ipFamily", "IP family"));
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
