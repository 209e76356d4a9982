//! IP families: `initIPFamilyFields` (storage/alloc.go) and
//! `ValidateServiceClusterIPsRelatedFields` (core validation).

use crate::api::Service;
use crate::diag::{Code, FieldError};
use crate::model::{ClusterSettings, IpFamily};
use crate::names;
use crate::service::predicates::{cluster_ip, is_headless, selector_empty};
use crate::util::json;
use crate::validation::unsupported_value;
use std::collections::BTreeSet;
pub(crate) fn family_of(ip: &str) -> &'static str {
    if names::is_ipv4(ip) {
        "IPv4"
    } else if names::is_ipv6(ip) {
        "IPv6"
    } else {
        "unknown"
    }
}

/// What the cluster's Service families are, for help texts: `10.96.0.0/12 (default)`.
fn ranges(cluster: &ClusterSettings) -> String {
    format!("{}, {}", cluster.service_cidrs_text(), cluster.service_cidrs.source.describe())
}

/// `initIPFamilyFields` (storage/alloc.go): the families the cluster's Service CIDRs allow
/// (`serviceIPAllocatorsByFamily`), the primary family as the default.
pub(crate) fn init_ip_family_fields(
    svc: &mut Service,
    old: Option<&Service>,
    cluster: &ClusterSettings,
) -> Result<(), Vec<FieldError>> {
    let configured = |f: &str| IpFamily::parse(f).is_some_and(|f| cluster.has_family(f));
    let primary = cluster.primary_family().as_str();
    let single = if cluster.dual_stack() { "dual-stack" } else { "single-stack" };
    if svc.type_() == "ExternalName" {
        return Ok(());
    }
    let inherited = svc.spec.ip_family_policy.is_none() && old.is_some_and(|o| o.spec.ip_family_policy.is_some());
    if svc.spec.ip_family_policy.is_none() {
        svc.spec.ip_family_policy = Some(if let Some(p) = old.and_then(|o| o.spec.ip_family_policy.clone()) {
            p
        } else if cluster_ip(svc) == "None" && selector_empty(svc) {
            "RequireDualStack".into()
        } else {
            "SingleStack".into()
        });
    }
    let errs = validate_cluster_ips_related(svc, cluster);
    if !errs.is_empty() {
        return Err(errs);
    }
    let policy = svc.spec.ip_family_policy.clone().unwrap_or_default();
    let mut el = Vec::new();
    if let Some(old) = old {
        if policy == "SingleStack" {
            if old.spec.cluster_ips == svc.spec.cluster_ips
                && cluster_ip(old) == cluster_ip(svc)
                && svc.spec.cluster_ips.len() > 1
            {
                svc.spec.cluster_ips.truncate(1);
            }
            if old.spec.ip_families == svc.spec.ip_families && svc.spec.ip_families.len() > 1 {
                svc.spec.ip_families.truncate(1);
            }
        } else {
            let pol = json::optional(svc.spec.ip_family_policy.as_deref());
            if !svc.spec.cluster_ips.is_empty() && svc.spec.cluster_ips.len() < old.spec.cluster_ips.len() {
                el.push(
                    FieldError::invalid(
                        Code::ReleaseRequiresSingleStack,
                        "spec.ipFamilyPolicy",
                        &pol,
                        "must be 'SingleStack' to release the secondary cluster IP",
                    )
                    .help("set `ipFamilyPolicy: SingleStack` to drop the second cluster IP"),
                );
            }
            if !svc.spec.ip_families.is_empty() && svc.spec.ip_families.len() < old.spec.ip_families.len() {
                el.push(
                    FieldError::invalid(
                        Code::ReleaseRequiresSingleStack,
                        "spec.ipFamilyPolicy",
                        &pol,
                        "must be 'SingleStack' to release the secondary IP family",
                    )
                    .help("set `ipFamilyPolicy: SingleStack` to drop the second IP family"),
                );
            }
        }
    }
    let pol = json::optional(svc.spec.ip_family_policy.as_deref());
    if policy == "SingleStack" {
        if svc.spec.cluster_ips.len() == 2 {
            el.push(
                FieldError::invalid(
                    Code::IpFamilyPolicySingleStack,
                    "spec.ipFamilyPolicy",
                    &pol,
                    "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
                )
                .near("spec")
                .help("give one cluster IP, or set `ipFamilyPolicy: PreferDualStack` for two"),
            );
        }
        if svc.spec.ip_families.len() == 2 {
            el.push(
                FieldError::invalid(
                    Code::IpFamilyPolicySingleStack,
                    "spec.ipFamilyPolicy",
                    &pol,
                    "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
                )
                .near("spec.ipFamilies")
                .help("list one IP family, or set `ipFamilyPolicy: PreferDualStack` for two"),
            );
        }
    }
    for i in 0..svc.spec.cluster_ips.len() {
        let Some(ip) = svc.spec.cluster_ips.get(i).cloned() else {
            break;
        };
        if ip == "None" {
            break;
        }
        if i >= svc.spec.ip_families.len() {
            let fam = family_of(&ip);
            if !configured(fam) {
                el.push(
                    FieldError::invalid(
                        Code::IpFamilyNotConfigured,
                        &format!("spec.clusterIPs[{i}]"),
                        &json::list(&svc.spec.cluster_ips),
                        &format!("{fam} is not configured on this cluster"),
                    )
                    .near(if i == 0 { "spec.clusterIP" } else { "spec.clusterIPs" })
                    .help(format!(
                        "this cluster's Service CIDRs are {}; use a {primary} address or leave it out",
                        ranges(cluster)
                    )),
                );
            } else {
                svc.spec.ip_families.push(fam.into());
            }
        }
    }
    if !el.is_empty() {
        return Err(el);
    }
    // Headless + selectorless: anything goes; the other family is added unless SingleStack.
    if cluster_ip(svc) == "None" && selector_empty(svc) {
        if svc.spec.ip_families.is_empty() {
            svc.spec.ip_families.push(primary.into());
        }
        if svc.spec.ip_families.len() < 2 && policy != "SingleStack" {
            let other = if svc.spec.ip_families.first().map(String::as_str) == Some("IPv4") { "IPv6" } else { "IPv4" };
            svc.spec.ip_families.push(other.into());
        }
        return Ok(());
    }
    if policy == "RequireDualStack" && !cluster.dual_stack() {
        el.push(
            FieldError::invalid(Code::DualStackNotConfigured, "spec.ipFamilyPolicy", &pol, "this cluster is not configured for dual-stack services")
                .near("spec")
                .help(if inherited {
                    format!("the policy RequireDualStack is kept from the existing object and this cluster is {single} ({}): set `ipFamilyPolicy: SingleStack`", ranges(cluster))
                } else {
                    format!("this cluster is {single} ({}): use `ipFamilyPolicy: SingleStack` or `PreferDualStack`", ranges(cluster))
                }),
        );
    }
    for (i, fam) in svc.spec.ip_families.iter().enumerate() {
        if !configured(fam) {
            el.push(
                FieldError::invalid(
                    Code::IpFamilyNotConfigured,
                    &format!("spec.ipFamilies[{i}]"),
                    &json::quote(fam),
                    "not configured on this cluster",
                )
                .help(format!(
                    "this cluster's Service CIDRs are {}: use `ipFamilies: [{primary}]` or leave the field out",
                    ranges(cluster)
                )),
            );
        }
    }
    if !el.is_empty() {
        return Err(el);
    }
    if svc.spec.ip_families.is_empty() {
        svc.spec.ip_families.push(primary.into());
    }
    // Looking for dual-stack on a dual-stack cluster: the other family is appended.
    if policy != "SingleStack" && svc.spec.ip_families.len() == 1 && cluster.dual_stack() {
        let other = if svc.spec.ip_families.first().map(String::as_str) == Some("IPv4") { "IPv6" } else { "IPv4" };
        svc.spec.ip_families.push(other.into());
    }
    Ok(())
}

/// `ValidateServiceClusterIPsRelatedFields`.
pub(crate) fn validate_cluster_ips_related(svc: &Service, cluster: &ClusterSettings) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if svc.type_() == "ExternalName" {
        return errs;
    }
    let ips = &svc.spec.cluster_ips;
    let ips_json = json::list(ips);
    let fams = &svc.spec.ip_families;
    if let Some(ip) = svc.spec.cluster_ip.as_deref() {
        if ips.is_empty() {
            errs.push(
                FieldError::required(Code::ClusteripsMismatch, "spec.clusterIPs", "")
                    .help("list the clusterIP first in `clusterIPs`"),
            );
        } else if ips.first().map(String::as_str) != Some(ip) {
            errs.push(
                FieldError::invalid(
                    Code::ClusteripsMismatch,
                    "spec.clusterIPs",
                    &ips_json,
                    "first value must match `clusterIP`",
                )
                .help(format!("make `clusterIPs[0]` equal to `clusterIP` ({ip}), or drop `clusterIPs`")),
            );
        }
    } else if !ips.is_empty() {
        errs.push(
            FieldError::invalid(
                Code::ClusteripsMismatch,
                "spec.clusterIPs",
                &ips_json,
                "must be empty when `clusterIP` is not specified",
            )
            .help("set `clusterIP` to the first value of `clusterIPs` too (or use only `clusterIP`)"),
        );
    }
    let mut seen = BTreeSet::new();
    for (i, fam) in fams.iter().enumerate() {
        let path = format!("spec.ipFamilies[{i}]");
        if fam != "IPv4" && fam != "IPv6" {
            errs.push(unsupported_value(Code::UnsupportedIpFamily, &path, fam, &["IPv4", "IPv6"], "use IPv4 or IPv6"));
        }
        if !seen.insert(fam.as_str()) {
            errs.push(
                FieldError::duplicate(Code::DuplicateIpFamily, &path, &json::quote(fam))
                    .help("list each IP family once"),
            );
        }
    }
    if let Some(p) = svc.spec.ip_family_policy.as_deref() {
        const POLICIES: &[&str] = &["PreferDualStack", "RequireDualStack", "SingleStack"];
        if !POLICIES.contains(&p) {
            errs.push(unsupported_value(
                Code::UnsupportedIpFamilyPolicy,
                "spec.ipFamilyPolicy",
                p,
                POLICIES,
                "use SingleStack, PreferDualStack or RequireDualStack",
            ));
        }
    }
    let mut has_invalid = false;
    for (i, ip) in ips.iter().enumerate() {
        if i == 0 && ip == "None" {
            if ips.len() > 1 {
                has_invalid = true;
                errs.push(
                    FieldError::invalid(
                        Code::ClusteripNoneNotAlone,
                        "spec.clusterIPs",
                        &ips_json,
                        "'None' must be the first and only value",
                    )
                    .help("a headless Service has `clusterIP: None` and no addresses"),
                );
            }
            continue;
        }
        let msgs = names::is_valid_ip(ip);
        has_invalid |= !msgs.is_empty();
        for m in msgs {
            let help = if ip.eq_ignore_ascii_case("none") {
                "write `None` with a capital N for a headless Service".to_string()
            } else {
                format!(
                    "use an address inside {}, `None` for a headless Service, or leave it out to get one allocated",
                    cluster.service_cidrs_text()
                )
            };
            errs.push(
                FieldError::invalid(Code::InvalidClusterIp, &format!("spec.clusterIPs[{i}]"), &json::quote(ip), &m)
                    .near(if i == 0 { "spec.clusterIP" } else { "spec.clusterIPs" })
                    .help(help),
            );
        }
    }
    if ips.len() > 2 {
        errs.push(
            FieldError::invalid(Code::TooManyClusterIps, "spec.clusterIPs", &ips_json, "may only hold up to 2 values")
                .help("give at most one IPv4 and one IPv6 address"),
        );
    }
    if has_invalid {
        return errs;
    }
    if ips.len() > 1 {
        let v4 = ips.iter().filter(|ip| names::is_ipv4(ip)).count();
        let v6 = ips.iter().filter(|ip| names::is_ipv6(ip)).count();
        if !(v4 > 0 && v6 > 0 && v4 + v6 == ips.len()) || ips.len() > 2 {
            errs.push(
                FieldError::invalid(
                    Code::ClusterIpsSameFamily,
                    "spec.clusterIPs",
                    &ips_json,
                    "may specify no more than one IP for each IP family",
                )
                .help("give at most one IPv4 and one IPv6 address"),
            );
        }
    }
    if !is_headless(svc) && !ips.is_empty() && !fams.is_empty() {
        for (i, ip) in ips.iter().enumerate() {
            let Some(fam) = fams.get(i) else { break };
            let wrong = (fam == "IPv4" && names::is_ipv6(ip)) || (fam == "IPv6" && !names::is_ipv6(ip));
            if wrong {
                errs.push(
                    FieldError::invalid(
                        Code::ClusterIpFamilyMismatch,
                        &format!("spec.clusterIPs[{i}]"),
                        &json::quote(ip),
                        &format!("expected an {fam} value as indicated by `ipFamilies[{i}]`"),
                    )
                    .near(if i == 0 { "spec.clusterIP" } else { "spec.clusterIPs" })
                    .help("make the address and `ipFamilies` agree"),
                );
            }
        }
    }
    errs
}
