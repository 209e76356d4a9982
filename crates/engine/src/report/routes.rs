//! Fixture section `[routes]`.

use crate::proxy::route_text;
use crate::Analysis;
/// Fixture-test section `routes` (see `report.rs`): one line per Service fact, and per Service
/// port, frontend, node and source.
pub(super) fn section(a: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    for v in &a.services {
        let r = &v.routes;
        let id = format!("{}/{}", v.namespace, v.name);
        if let Some(why) = &r.unproxied {
            out.push(format!("{id}: no kube-proxy rules: {why}"));
            continue;
        }
        for n in &r.notes {
            out.push(format!("{id}: {n}"));
        }
        if let Some(s) = &r.session_affinity {
            out.push(format!(
                "{id}: sessionAffinity ClientIP: a client IP keeps the endpoint it got for {}s after its last new connection",
                s.timeout_seconds
            ));
        }
        if let Some(h) = &r.health_check {
            let nodes: Vec<String> = h
                .nodes
                .iter()
                .map(|n| {
                    if n.status == 200 {
                        format!(
                            "{} 200 ({} local endpoint{})",
                            n.node,
                            n.local_endpoints,
                            if n.local_endpoints == 1 { "" } else { "s" }
                        )
                    } else {
                        format!("{} 503 (no local ready endpoint)", n.node)
                    }
                })
                .collect();
            let port = h.port.map(|p| p.to_string()).unwrap_or_else(|| "(not allocated)".into());
            out.push(format!("{id}: healthCheckNodePort {port}: {}", nodes.join(", ")));
        }
        for pr in &r.ports {
            let head = format!("{id} {}/{}", pr.port, pr.protocol);
            if pr.frontends.is_empty() {
                out.push(format!("{head}: no frontends"));
            }
            for f in &pr.frontends {
                for route in &f.routes {
                    let src = route.source.as_str();
                    out.push(format!(
                        "{head} {} {} from {src}@{}: {}",
                        f.kind.as_str(),
                        crate::util::ip::host_port(&f.ip, f.port),
                        route.node,
                        route_text(route, pr.endpoints(route))
                    ));
                }
            }
        }
    }
    out
}
