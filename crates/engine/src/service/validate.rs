//! `ValidateService` (pkg/apis/core/validation), on the defaulted object, in upstream order.

use crate::api::wellknown::{ANNOTATION_LB_SOURCE_RANGES, ANNOTATION_TOPOLOGY_HINTS, ANNOTATION_TOPOLOGY_MODE};
use crate::api::{IntOrString, Service};
use crate::diag::{Code, FieldError};
use crate::labels::LabelSelector;
use crate::model::ClusterSettings;
use crate::names;
use crate::service::ip_families::validate_cluster_ips_related;
use crate::service::predicates::{
    externally_accessible, hc_node_port, is_headless, needs_health_check, node_port, service_port_target,
};
use crate::util::json;
use crate::validation::{
    protocol_error, unsupported_value, valid_port_num, validate_dns1123_label, validate_meta, validate_qualified_name,
    NameRule, PORT_RANGE_MSG,
};
use std::collections::BTreeSet;
/// `ValidateService` (pkg/apis/core/validation), on the defaulted object, in upstream order.
pub(crate) fn validate_service(svc: &Service, cluster: &ClusterSettings) -> Vec<FieldError> {
    let sp = &svc.spec;
    let ty = svc.type_();
    // KEP-5311 RelaxedServiceNameValidation: beta (on) in 1.36, GA in 1.37.
    let rule = if cluster.at_least(36) { NameRule::Dns1123Label } else { NameRule::Dns1035Label };
    let mut errs = validate_meta(&svc.metadata, rule);
    let ann = &svc.metadata.annotations;
    if let (Some(mode), Some(hints)) = (ann.get(ANNOTATION_TOPOLOGY_MODE), ann.get(ANNOTATION_TOPOLOGY_HINTS)) {
        if mode != hints {
            errs.push(
                FieldError::invalid(
                    Code::TopologyAnnotationMismatch,
                    &format!("metadata.annotations[{ANNOTATION_TOPOLOGY_MODE}]"),
                    &json::quote(mode),
                    &format!("must match annotations[{ANNOTATION_TOPOLOGY_HINTS}] when both are specified"),
                )
                .help(format!("remove the deprecated `{ANNOTATION_TOPOLOGY_HINTS}` annotation")),
            );
        }
    }
    let headless = is_headless(svc);
    if sp.ports.is_empty() && !headless && ty != "ExternalName" {
        errs.push(FieldError::required(Code::PortsRequired, "spec.ports", "").help(
            "add at least one port, e.g. `ports: [{port: 80}]` (only a headless or ExternalName Service may have none)",
        ));
    }
    match ty {
        "LoadBalancer" | "NodePort" if headless => {
            errs.push(
                FieldError::invalid(Code::HeadlessNotAllowed, "spec.clusterIPs[0]", &json::quote("None"), &format!("may not be set to 'None' for {ty} services"))
                    .near("spec.clusterIP")
                    .help(format!("a {ty} Service needs a cluster IP: remove `clusterIP: None`, or use `type: ClusterIP` for a headless Service")),
            );
        }
        "ExternalName" => {
            if !sp.cluster_ips.is_empty() {
                errs.push(
                    FieldError::forbidden(
                        Code::ClusteripNotAllowed,
                        "spec.clusterIPs",
                        "may not be set for ExternalName services",
                    )
                    .near("spec.clusterIP")
                    .help("remove `clusterIP`: an ExternalName Service is only a DNS CNAME and has no address"),
                );
            }
            if !sp.ip_families.is_empty() {
                errs.push(
                    FieldError::forbidden(
                        Code::IpFamiliesNotAllowed,
                        "spec.ipFamilies",
                        "may not be set for ExternalName services",
                    )
                    .help("remove `ipFamilies` from the ExternalName Service"),
                );
            }
            if sp.ip_family_policy.is_some() {
                errs.push(
                    FieldError::forbidden(
                        Code::IpFamilyPolicyNotAllowed,
                        "spec.ipFamilyPolicy",
                        "may not be set for ExternalName services",
                    )
                    .help("remove `ipFamilyPolicy` from the ExternalName Service"),
                );
            }
            let name = sp.external_name.as_deref().unwrap_or("");
            let cname = name.strip_suffix('.').unwrap_or(name);
            if cname.is_empty() {
                errs.push(FieldError::required(Code::ExternalNameRequired, "spec.externalName", "").help(
                    "set `externalName` to the DNS name this Service stands for, e.g. `my.database.example.com`",
                ));
            } else {
                for m in names::is_dns1123_subdomain(cname) {
                    errs.push(
                        FieldError::invalid(Code::InvalidExternalName, "spec.externalName", &json::quote(cname), &m)
                            .help(
                            "`externalName` is a lowercase DNS name such as `db.example.com` (no scheme, port or path)",
                        ),
                    );
                }
            }
        }
        _ => {}
    }
    // Ports.
    let mut names_seen = BTreeSet::new();
    let multi = sp.ports.len() > 1;
    for (i, p) in sp.ports.iter().enumerate() {
        let base = format!("spec.ports[{i}]");
        let name = p.name.as_deref().unwrap_or("");
        if multi && name.is_empty() {
            errs.push(
                FieldError::required(Code::PortNameRequired, &format!("{base}.name"), "")
                    .near(base.clone())
                    .help("a Service with several ports must name each one, e.g. `name: http`"),
            );
        } else if !name.is_empty() {
            errs.extend(validate_dns1123_label(
                Code::InvalidPortName,
                &format!("{base}.name"),
                name,
                "a port name is lowercase letters, digits and '-', e.g. `http` or `metrics`",
            ));
            if !names_seen.insert(name) {
                errs.push(
                    FieldError::duplicate(Code::DuplicatePortName, &format!("{base}.name"), &json::quote(name))
                        .help("give each port a different name"),
                );
            }
        }
        if !valid_port_num(p.port) {
            let help = if p.port == 0 {
                "add `port:` with the port the Service listens on (1-65535)"
            } else {
                "`port` is the Service's own port: a number from 1 to 65535"
            };
            errs.push(
                FieldError::invalid(Code::InvalidPort, &format!("{base}.port"), &p.port.to_string(), PORT_RANGE_MSG)
                    .near(base.clone())
                    .help(help),
            );
        }
        let proto = p.protocol.as_deref().unwrap_or("");
        errs.extend(protocol_error(&format!("{base}.protocol"), proto));
        let tpath = format!("{base}.targetPort");
        match service_port_target(p) {
            IntOrString::Int(t) => {
                if !valid_port_num(t) {
                    let help = if p.port == 0 && t == 0 {
                        "`targetPort` defaults to `port`, which is missing: add `port:` (and `targetPort:` if the pods listen elsewhere)".to_string()
                    } else {
                        "`targetPort` is the pods' port: a number from 1 to 65535 or the name of a container port"
                            .to_string()
                    };
                    errs.push(
                        FieldError::invalid(Code::InvalidTargetPort, &tpath, &t.to_string(), PORT_RANGE_MSG)
                            .near(base.clone())
                            .help(help),
                    );
                }
            }
            IntOrString::Str(s) => {
                for m in names::is_valid_port_name(&s) {
                    let help = if s.trim().parse::<i64>().is_ok() {
                        format!(
                            "remove the quotes (`targetPort: {}`): a quoted number is read as a port name",
                            s.trim()
                        )
                    } else {
                        "a named targetPort must match a container port name: up to 15 lowercase letters, digits and '-', with at least one letter".into()
                    };
                    errs.push(FieldError::invalid(Code::InvalidTargetPort, &tpath, &json::quote(&s), &m).help(help));
                }
            }
        }
        if let Some(ap) = &p.app_protocol {
            errs.extend(validate_qualified_name(
                Code::InvalidAppProtocol,
                &format!("{base}.appProtocol"),
                ap,
                "use a protocol name such as `http`, `https` or `kubernetes.io/h2c`",
            ));
        }
    }
    // Selector.
    if let Some(sel) = &sp.selector {
        for (k, v) in sel {
            let one = LabelSelector {
                match_labels: crate::util::sort::map([(k.clone(), v.clone())]),
                match_expressions: Vec::new(),
            };
            for fe in one.validate() {
                let help = "selector keys are label keys (`[prefix/]name`) and values are label values (at most 63 letters, digits, '-', '_', '.')";
                errs.push(
                    FieldError::raw(Code::InvalidSelector, "spec.selector", fe.message)
                        .point(format!("spec.selector[{k}]"))
                        .help(help),
                );
            }
        }
    }
    // Session affinity.
    match sp.session_affinity.as_deref() {
        None => errs.push(
            FieldError::required(Code::UnsupportedSessionAffinity, "spec.sessionAffinity", "")
                .help("set `sessionAffinity` to `None` or `ClientIP`"),
        ),
        Some("ClientIP") => {
            let t =
                sp.session_affinity_config.as_ref().and_then(|c| c.client_ip.as_ref()).and_then(|c| c.timeout_seconds);
            if let Some(t) = t.filter(|t| *t <= 0 || *t > 86400) {
                errs.push(
                    FieldError::invalid(
                        Code::InvalidSessionAffinityTimeout,
                        "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                        &t.to_string(),
                        "must be greater than 0 and less than 86400",
                    )
                    .help("use a timeout from 1 to 86400 seconds (one day); the default is 10800"),
                );
            }
        }
        Some("None") => {}
        Some(other) => {
            errs.push(unsupported_value(
                Code::UnsupportedSessionAffinity,
                "spec.sessionAffinity",
                other,
                &["ClientIP", "None"],
                "use `ClientIP` for sticky sessions or `None`",
            ));
        }
    }
    errs.extend(validate_cluster_ips_related(svc, cluster));
    for (i, ip) in sp.external_ips.iter().enumerate() {
        let path = format!("spec.externalIPs[{i}]");
        let syntax = names::is_valid_ip(ip);
        let (msgs, help) = if !syntax.is_empty() {
            (syntax, "`externalIPs` holds IP addresses (not host names) that route to the cluster's nodes")
        } else {
            (
                names::validate_non_special_ip(ip),
                "use an address that reaches a node from outside; loopback, link-local and 0.0.0.0 are refused",
            )
        };
        for m in msgs {
            errs.push(FieldError::invalid(Code::InvalidExternalIp, &path, &json::quote(ip), &m).help(help));
        }
    }
    const TYPES: &[&str] = &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    if !TYPES.contains(&ty) {
        errs.push(unsupported_value(
            Code::UnsupportedServiceType,
            "spec.type",
            ty,
            TYPES,
            "use ClusterIP, NodePort, LoadBalancer or ExternalName",
        ));
    }
    if ty == "ClusterIP" {
        for (i, p) in sp.ports.iter().enumerate() {
            if node_port(p) != 0 {
                errs.push(
                    FieldError::forbidden(
                        Code::NodeportNotAllowed,
                        &format!("spec.ports[{i}].nodePort"),
                        "may not be used when `type` is 'ClusterIP'",
                    )
                    .help("set `type: NodePort` (or LoadBalancer) to open a port on every node, or remove `nodePort`"),
                );
            }
        }
    }
    let mut node_ports = BTreeSet::new();
    for (i, p) in sp.ports.iter().enumerate() {
        let np = node_port(p);
        if np == 0 {
            continue;
        }
        if !node_ports.insert((p.protocol.clone(), np)) {
            errs.push(
                FieldError::duplicate(Code::DuplicateNodeport, &format!("spec.ports[{i}].nodePort"), &np.to_string())
                    .help("use a different nodePort for each port of the same protocol"),
            );
        }
    }
    let mut keys = BTreeSet::new();
    for (i, p) in sp.ports.iter().enumerate() {
        let proto = p.protocol.clone().unwrap_or_default();
        if !keys.insert((proto.clone(), p.port)) {
            let v = format!(
                "{{\"Name\":\"\",\"Protocol\":{},\"AppProtocol\":null,\"Port\":{},\"TargetPort\":0,\"NodePort\":0}}",
                json::quote(&proto),
                p.port
            );
            errs.push(FieldError::duplicate(Code::DuplicatePort, &format!("spec.ports[{i}]"), &v).help(format!(
                "port {}/{proto} is listed twice; change the port number or the protocol of one of them",
                p.port
            )));
        }
    }
    if !sp.load_balancer_source_ranges.is_empty() {
        let path = "spec.LoadBalancerSourceRanges";
        if ty != "LoadBalancer" {
            errs.push(
                FieldError::forbidden(Code::SourceRangesNotAllowed, path, "may only be used when `type` is 'LoadBalancer'")
                    .near("spec.loadBalancerSourceRanges")
                    .help("`loadBalancerSourceRanges` only restricts a cloud load balancer: use `type: LoadBalancer` or remove it"),
            );
        }
        for (i, r) in sp.load_balancer_source_ranges.iter().enumerate() {
            let v = r.trim();
            for m in names::is_valid_cidr(v) {
                errs.push(
                    FieldError::invalid(Code::InvalidSourceRange, &format!("{path}[{i}]"), &json::quote(v), &m)
                        .near(format!("spec.loadBalancerSourceRanges[{i}]"))
                        .help("write a CIDR such as `203.0.113.0/24` or `198.51.100.7/32`"),
                );
            }
        }
    } else if let Some(val) = ann.get(ANNOTATION_LB_SOURCE_RANGES) {
        let path = "metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]";
        if ty != "LoadBalancer" {
            errs.push(
                FieldError::forbidden(
                    Code::SourceRangesNotAllowed,
                    path,
                    "may only be used when `type` is 'LoadBalancer'",
                )
                .help("this annotation only restricts a cloud load balancer: use `type: LoadBalancer` or remove it"),
            );
        }
        let val = val.trim();
        if !val.is_empty() {
            for v in val.split(',').map(str::trim) {
                for m in names::is_valid_cidr(v) {
                    errs.push(
                        FieldError::invalid(Code::InvalidSourceRange, path, &json::quote(v), &m)
                            .help("write comma-separated CIDRs such as `203.0.113.0/24,198.51.100.7/32`"),
                    );
                }
            }
        }
    }
    if sp.allocate_load_balancer_node_ports.is_some() && ty != "LoadBalancer" {
        errs.push(
            FieldError::forbidden(
                Code::AllocateLbNodeportsNotAllowed,
                "spec.allocateLoadBalancerNodePorts",
                "may only be used when `type` is 'LoadBalancer'",
            )
            .help("remove `allocateLoadBalancerNodePorts`: it only applies to `type: LoadBalancer`"),
        );
    }
    if let Some(class) = &sp.load_balancer_class {
        if ty == "LoadBalancer" {
            errs.extend(validate_qualified_name(
                Code::InvalidLbClass,
                "spec.loadBalancerClass",
                class,
                "a load balancer class is a qualified name such as `example.com/internal-vip`",
            ));
        } else {
            errs.push(
                FieldError::forbidden(
                    Code::LbClassNotAllowed,
                    "spec.loadBalancerClass",
                    "may only be used when `type` is 'LoadBalancer'",
                )
                .help("remove `loadBalancerClass`: it only applies to `type: LoadBalancer`"),
            );
        }
    }
    // External traffic policy and health check.
    let etp = sp.external_traffic_policy.as_deref();
    if !externally_accessible(svc) {
        if let Some(e) = etp {
            errs.push(
                FieldError::invalid(Code::ExternalTrafficPolicyNotAllowed, "spec.externalTrafficPolicy", &json::quote(e), "may only be set for externally-accessible services")
                    .help("remove `externalTrafficPolicy`: it only applies to NodePort and LoadBalancer Services (or ClusterIP with `externalIPs`)"),
            );
        }
    } else {
        match etp {
            None => errs.push(
                FieldError::required(Code::UnsupportedExternalTrafficPolicy, "spec.externalTrafficPolicy", "")
                    .help("set `externalTrafficPolicy` to `Cluster` or `Local`"),
            ),
            Some("Cluster" | "Local") => {}
            Some(e) => {
                errs.push(unsupported_value(
                    Code::UnsupportedExternalTrafficPolicy,
                    "spec.externalTrafficPolicy",
                    e,
                    &["Cluster", "Local"],
                    "use `Cluster` (any node forwards) or `Local` (only nodes with a ready pod answer)",
                ));
            }
        }
    }
    let hc = hc_node_port(svc);
    if !needs_health_check(svc) {
        if hc != 0 {
            errs.push(
                FieldError::invalid(
                    Code::HealthCheckNodeportNotAllowed,
                    "spec.healthCheckNodePort",
                    &hc.to_string(),
                    "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
                )
                .help("remove `healthCheckNodePort`: only a LoadBalancer with `externalTrafficPolicy: Local` has one"),
            );
        }
    } else if hc == 0 {
        errs.push(
            FieldError::required(Code::InvalidHealthCheckNodeport, "spec.healthCheckNodePort", "")
                .help("leave `healthCheckNodePort` out to get one allocated"),
        );
    } else if !valid_port_num(hc) {
        errs.push(
            FieldError::invalid(
                Code::InvalidHealthCheckNodeport,
                "spec.healthCheckNodePort",
                &hc.to_string(),
                PORT_RANGE_MSG,
            )
            .help("leave `healthCheckNodePort` out to get one allocated"),
        );
    }
    match sp.internal_traffic_policy.as_deref() {
        None if matches!(ty, "NodePort" | "LoadBalancer" | "ClusterIP") => errs.push(
            FieldError::required(Code::UnsupportedInternalTrafficPolicy, "spec.internalTrafficPolicy", "")
                .help("set `internalTrafficPolicy` to `Cluster` or `Local`"),
        ),
        None | Some("Cluster" | "Local") => {}
        Some(v) => {
            errs.push(unsupported_value(
                Code::UnsupportedInternalTrafficPolicy,
                "spec.internalTrafficPolicy",
                v,
                &["Cluster", "Local"],
                "use `Cluster` or `Local` (only endpoints on the client's node)",
            ));
        }
    }
    if let Some(td) = sp.traffic_distribution.as_deref() {
        // PreferSameTrafficDistribution: alpha (off) in 1.33, beta (on) in 1.34, GA in 1.35.
        let all: &[&str] = &["PreferClose", "PreferSameZone", "PreferSameNode"];
        let supported: &[&str] = if cluster.at_least(34) { all } else { &all[..1] };
        if !supported.contains(&td) {
            errs.push(unsupported_value(
                Code::UnsupportedTrafficDistribution,
                "spec.trafficDistribution",
                td,
                supported,
                "use `PreferSameZone` (alias `PreferClose`) or `PreferSameNode`, or remove the field",
            ));
        }
    }
    errs
}
