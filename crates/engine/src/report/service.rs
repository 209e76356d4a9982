//! Fixture section `[service]`: each admitted Service as stored, one line per field group.

use crate::api::ServicePort;
use crate::model::{Analysis, Body};
use crate::service::predicates::{node_port, service_port_target};
fn port_text(p: &ServicePort) -> String {
    let mut s = String::new();
    if let Some(n) = p.name.as_deref().filter(|n| !n.is_empty()) {
        s.push_str(n);
        s.push(' ');
    }
    s.push_str(&format!("{}/{}->{}", p.port, p.protocol.as_deref().unwrap_or("TCP"), service_port_target(p)));
    if node_port(p) != 0 {
        s.push_str(&format!(" nodePort={}", node_port(p)));
    }
    if let Some(ap) = &p.app_protocol {
        s.push_str(&format!(" appProtocol={ap}"));
    }
    s
}

/// One line per valid Service, in input order, with its stored (defaulted, allocated) fields.
pub(super) fn section(a: &Analysis) -> Vec<String> {
    a.objects
        .iter()
        .filter(|o| o.valid)
        .filter_map(|o| match &o.body {
            Body::Service(b) if b.admitted.is_some() => Some((o, &b.api)),
            _ => None,
        })
        .map(|(o, svc)| {
            let sp = &svc.spec;
            let mut f = vec![format!("{}/{}", o.namespace, o.name), format!("type={}", svc.type_())];
            if let Some(n) = &sp.external_name {
                f.push(format!("externalName={n}"));
            }
            if let Some(ip) = &sp.cluster_ip {
                f.push(format!("clusterIP={ip}"));
            }
            if sp.cluster_ips.len() > 1 {
                f.push(format!("clusterIPs={}", sp.cluster_ips.join(",")));
            }
            let ports: Vec<String> = sp.ports.iter().map(port_text).collect();
            f.push(format!("ports=[{}]", ports.join(", ")));
            match sp.session_affinity.as_deref() {
                Some("ClientIP") => {
                    let t = sp
                        .session_affinity_config
                        .as_ref()
                        .and_then(|c| c.client_ip.as_ref())
                        .and_then(|c| c.timeout_seconds)
                        .unwrap_or(0);
                    f.push(format!("sessionAffinity=ClientIP(timeoutSeconds={t})"));
                }
                Some(x) => f.push(format!("sessionAffinity={x}")),
                None => {}
            }
            let opt = |k: &str, v: &Option<String>| v.as_ref().map(|v| format!("{k}={v}"));
            f.extend(opt("externalTrafficPolicy", &sp.external_traffic_policy));
            f.extend(opt("internalTrafficPolicy", &sp.internal_traffic_policy));
            if !sp.ip_families.is_empty() {
                f.push(format!("ipFamilies={}", sp.ip_families.join(",")));
            }
            f.extend(opt("ipFamilyPolicy", &sp.ip_family_policy));
            if let Some(h) = sp.health_check_node_port {
                f.push(format!("healthCheckNodePort={h}"));
            }
            if !sp.external_ips.is_empty() {
                f.push(format!("externalIPs=[{}]", sp.external_ips.join(", ")));
            }
            f.extend(opt("loadBalancerIP", &sp.load_balancer_ip));
            if !sp.load_balancer_source_ranges.is_empty() {
                f.push(format!("loadBalancerSourceRanges=[{}]", sp.load_balancer_source_ranges.join(", ")));
            }
            f.extend(opt("loadBalancerClass", &sp.load_balancer_class));
            if let Some(b) = sp.allocate_load_balancer_node_ports {
                f.push(format!("allocateLoadBalancerNodePorts={b}"));
            }
            f.extend(opt("trafficDistribution", &sp.traffic_distribution));
            if sp.publish_not_ready_addresses == Some(true) {
                f.push("publishNotReadyAddresses=true".into());
            }
            let ingress: Vec<String> = svc
                .status
                .load_balancer
                .ingress
                .iter()
                .map(|i| match (&i.ip, &i.hostname, &i.ip_mode) {
                    (Some(ip), _, Some(m)) => format!("{ip}({m})"),
                    (Some(ip), _, None) => ip.clone(),
                    (None, Some(h), _) => h.clone(),
                    _ => "-".into(),
                })
                .collect();
            if !ingress.is_empty() {
                f.push(format!("ingress=[{}]", ingress.join(", ")));
            }
            f.join(" ")
        })
        .collect()
}
