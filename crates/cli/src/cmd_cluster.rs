//! `svcplay cluster`: the cluster the input implies — Service and pod CIDRs, nodePort range,
//! DNS domain, Kubernetes version, kube-proxy mode and nodes — each with its source (stated in
//! a configuration document, inferred from the objects, or the default). Every other command
//! analyses the input with the same settings.

use crate::args::{print_json, Args, Format};
use crate::{input, UsageError};
use engine::model::{NodesFrom, SettingSource};
use engine::{Analysis, Severity};
use serde_json::{json, Value};

pub fn run(argv: &[String]) -> Result<u8, UsageError> {
    let args = Args::parse(argv, &[])?;
    let sources = input::read_sources(&args.positional)?;
    let a = engine::analyze(&sources);
    match args.format {
        Format::Json => print_json(&to_json(&a)),
        Format::Text => print_text(&a),
    }
    // Exit 1 when a configuration document states something malformed.
    let bad =
        a.diagnostics.iter().any(|d| d.severity == Severity::Error && d.code.as_str() == "invalid-cluster-setting");
    Ok(u8::from(bad))
}

fn source_json(a: &Analysis, s: &SettingSource) -> Value {
    match s {
        SettingSource::Stated { document, field, source, line, column } => json!({
            "kind": "stated", "document": document, "field": field,
            "file": a.sources.get(*source).cloned().unwrap_or_default(), "line": line, "column": column,
        }),
        SettingSource::Inferred { from } => json!({ "kind": "inferred", "from": from }),
        SettingSource::Default => json!({ "kind": "default" }),
    }
}

/// The JSON contract (README: "svcplay cluster").
pub fn to_json(a: &Analysis) -> Value {
    let c = &a.cluster;
    let nodes: Vec<Value> = a
        .nodes
        .iter()
        .map(|n| {
            json!({ "name": n.name, "internalIPs": n.ips(), "podCIDRs": n.pod_ranges(), "zone": n.zone(), "ready": n.ready })
        })
        .collect();
    let from = match c.nodes.value {
        NodesFrom::Input => "input",
        NodesFrom::Pods => "pods",
        NodesFrom::Default => "default",
    };
    json!({
        "serviceCIDRs": { "value": c.service_cidrs.value, "source": source_json(a, &c.service_cidrs.source) },
        "podCIDRs": { "value": c.pod_cidrs.value, "source": source_json(a, &c.pod_cidrs.source) },
        "nodePortRange": { "value": c.node_port_range.value.to_string(), "source": source_json(a, &c.node_port_range.source) },
        "clusterDomain": { "value": c.cluster_domain.value, "source": source_json(a, &c.cluster_domain.source) },
        "kubernetesVersion": { "value": format!("1.{}", c.minor()), "source": source_json(a, &c.minor_version.source) },
        "proxyMode": { "value": c.proxy_mode.value.as_str(), "source": source_json(a, &c.proxy_mode.source) },
        "nodes": { "value": nodes, "from": from, "source": source_json(a, &c.nodes.source) },
    })
}

fn source_text(a: &Analysis, s: &SettingSource) -> String {
    match s {
        SettingSource::Stated { document, field, source, line, column } => format!(
            "stated: {document} `{field}` ({}:{line}:{column})",
            a.sources.get(*source).map(String::as_str).unwrap_or("-")
        ),
        other => other.describe(),
    }
}

fn print_text(a: &Analysis) {
    let c = &a.cluster;
    let row = |name: &str, value: String, s: &SettingSource| println!("{name:<18} {value:<34} {}", source_text(a, s));
    row("Service CIDRs", c.service_cidrs.value.join(","), &c.service_cidrs.source);
    row("Pod CIDRs", c.pod_cidrs.value.join(","), &c.pod_cidrs.source);
    row("NodePort range", c.node_port_range.value.to_string(), &c.node_port_range.source);
    row("Cluster domain", c.cluster_domain.value.clone(), &c.cluster_domain.source);
    row("Kubernetes", format!("1.{}", c.minor()), &c.minor_version.source);
    row("kube-proxy mode", c.proxy_mode.value.as_str().to_string(), &c.proxy_mode.source);
    row("Nodes", a.nodes.len().to_string(), &c.nodes.source);
    for n in &a.nodes {
        let (ips, pod_cidrs) = (n.ips(), n.pod_ranges());
        println!(
            "  {} ip={} podCIDRs={} zone={}{}",
            n.name,
            if ips.is_empty() { "-".to_string() } else { ips.join(",") },
            if pod_cidrs.is_empty() { "-".to_string() } else { pod_cidrs.join(",") },
            n.zone().unwrap_or("-"),
            if n.ready { "" } else { " NotReady" }
        );
    }
    for d in a.diagnostics.iter().filter(|d| {
        matches!(d.code.as_str(), "cluster-setting-inferred" | "cluster-settings-conflict" | "invalid-cluster-setting")
    }) {
        println!(
            "{}:{}:{}: {}: {}",
            a.sources.get(d.source).map(String::as_str).unwrap_or("-"),
            d.span.start.line,
            d.span.start.column,
            d.severity.as_str(),
            d.text()
        );
    }
}
