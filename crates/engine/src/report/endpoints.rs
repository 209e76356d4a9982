//! Fixture sections `[endpoints]` and `[slices]`.

use crate::api::wellknown::ANNOTATION_OVER_CAPACITY;
use crate::api::{EndpointAddress, EndpointPort, SliceEndpoint};
use crate::model::{EndpointsSource, ServiceSlice};
use crate::util::ip;
use crate::Analysis;
/// Fixture-test section `endpoints`: like `kubectl get endpoints` (wide), per Service:
/// `ns/name: ip:port, ...` (or `<none>`), then ` notReady: ...`; `-` when no Endpoints object.
pub(super) fn endpoints_section(a: &Analysis) -> Vec<String> {
    a.services
        .iter()
        .map(|v| {
            let Some(ep) = &v.endpoints.endpoints else {
                return format!("{}/{}: -", v.namespace, v.name);
            };
            let (mut ready, mut not_ready) = (Vec::new(), Vec::new());
            for ss in &ep.subsets {
                collect_subset(&ss.addresses, &ss.ports, &mut ready);
                collect_subset(&ss.not_ready_addresses, &ss.ports, &mut not_ready);
            }
            ip::sort_host_ports(&mut ready);
            ip::sort_host_ports(&mut not_ready);
            let mut line = format!(
                "{}/{}: {}",
                v.namespace,
                v.name,
                if ready.is_empty() { "<none>".into() } else { ready.join(", ") }
            );
            if !not_ready.is_empty() {
                line.push_str(&format!(" notReady: {}", not_ready.join(", ")));
            }
            if v.endpoints.endpoints_source == Some(EndpointsSource::User) {
                line.push_str(" (user)");
            }
            if ep.metadata.annotations.contains_key(ANNOTATION_OVER_CAPACITY) {
                line.push_str(" (truncated)");
            }
            line
        })
        .collect()
}

fn collect_subset(addresses: &[EndpointAddress], ports: &[EndpointPort], out: &mut Vec<String>) {
    for ad in addresses {
        if ports.is_empty() {
            out.push(ad.ip.clone());
        }
        for p in ports {
            out.push(ip::host_port(&ad.ip, p.port));
        }
    }
}

/// Fixture-test section `slices`: one line per slice of each Service.
pub(super) fn slices_section(a: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    for v in &a.services {
        for s in &v.endpoints.slices {
            out.push(slice_line(s));
        }
    }
    out
}

fn slice_line(s: &ServiceSlice) -> String {
    let sl = &s.slice;
    let ports: Vec<String> =
        sl.ports.iter().map(|p| format!("{}:{}/{}", p.name.as_deref().unwrap_or(""), p.port, p.protocol)).collect();
    let endpoints: Vec<String> = sl.endpoints.iter().map(endpoint_text).collect();
    format!(
        "{}/{} {} {} ports=[{}] endpoints=[{}]",
        sl.metadata.namespace,
        sl.metadata.name,
        s.managed_by.as_str(),
        sl.address_type,
        ports.join(" "),
        endpoints.join(", ")
    )
}

/// `10.244.1.2 ready,serving node=node-a zone=zone-a`: the conditions as consumers read them.
fn endpoint_text(ep: &SliceEndpoint) -> String {
    let c = &ep.conditions;
    let mut conds = Vec::new();
    if c.is_ready() {
        conds.push("ready");
    }
    if c.is_serving() {
        conds.push("serving");
    }
    if c.is_terminating() {
        conds.push("terminating");
    }
    let mut parts = vec![ep.addresses.join("+"), if conds.is_empty() { "-".into() } else { conds.join(",") }];
    if let Some(h) = &ep.hostname {
        parts.push(format!("host={h}"));
    }
    if let Some(n) = &ep.node_name {
        parts.push(format!("node={n}"));
    }
    if let Some(z) = &ep.zone {
        parts.push(format!("zone={z}"));
    }
    if let Some(h) = &ep.hints {
        let all: Vec<&str> = h.for_zones.iter().chain(h.for_nodes.iter()).map(|s| s.as_str()).collect();
        parts.push(format!("hints={}", all.join("+")));
    }
    parts.join(" ")
}
