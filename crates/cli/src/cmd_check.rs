//! `svcplay check`: diagnostics, objects as stored, and each Service's ports and endpoints.

use crate::args::{print_json, Args, Format};
use crate::{input, UsageError};
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
    Ok(u8::from(a.has_errors()))
}

/// The stable JSON contract (README: "svcplay JSON").
pub fn to_json(a: &Analysis) -> Value {
    let objects: Vec<Value> = a
        .objects
        .iter()
        .map(|o| {
            json!({
                "kind": o.kind, "namespace": o.namespace, "name": o.name,
                "valid": o.valid, "simulated": o.simulated,
                "object": serde_json::to_value(o.stored()).unwrap_or(Value::Null),
            })
        })
        .collect();
    let diagnostics: Vec<Value> = a
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "severity": d.severity.as_str(), "code": d.code, "message": d.text(),
                "object": d.object, "field": d.field,
                "file": a.sources.get(d.source).cloned().unwrap_or_default(),
                "line": d.span.start.line, "column": d.span.start.column,
            })
        })
        .collect();
    json!({ "objects": objects, "diagnostics": diagnostics, "services": services_json(a) })
}

fn services_json(a: &Analysis) -> Vec<Value> {
    a.services
        .iter()
        .filter_map(|v| {
            let svc = a.objects.get(v.object)?.service()?;
            let ports: Vec<Value> = svc
                .spec
                .ports
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let ep = v.endpoints.ports.get(i);
                    json!({
                        "name": p.name,
                        "port": p.port,
                        "protocol": p.protocol,
                        "targetPort": p.target_port,
                        "nodePort": p.node_port,
                        "endpoints": {
                            "ready": ep.map(|e| e.ready.clone()).unwrap_or_default(),
                            "notReady": ep.map(|e| e.not_ready.clone()).unwrap_or_default(),
                        },
                    })
                })
                .collect();
            Some(json!({
                "namespace": v.namespace, "name": v.name, "type": svc.spec.type_,
                "clusterIP": svc.spec.cluster_ip, "ports": ports,
            }))
        })
        .collect()
}

fn print_text(a: &Analysis) {
    for d in &a.diagnostics {
        let file = a.sources.get(d.source).map(String::as_str).unwrap_or("-");
        println!("{file}:{}:{}: {}: {}", d.span.start.line, d.span.start.column, d.severity.as_str(), d.text());
    }
    let errors = a.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = a.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    if !a.diagnostics.is_empty() {
        println!();
    }
    for v in &a.services {
        let Some(svc) = a.objects.get(v.object).and_then(|o| o.service()) else { continue };
        let pods: Vec<&str> = v.selected.iter().filter_map(|&i| a.objects.get(i)).map(|o| o.name.as_str()).collect();
        let ip = svc.spec.cluster_ip.as_deref().unwrap_or("-");
        println!("Service {}/{} ({}, clusterIP {ip})", v.namespace, v.name, svc.spec.type_);
        if svc.has_selector() {
            println!(
                "  selects {} pod(s): {}",
                pods.len(),
                if pods.is_empty() { "none".to_string() } else { pods.join(", ") }
            );
        } else {
            println!("  no selector: endpoints are managed by hand");
        }
        for (i, p) in svc.spec.ports.iter().enumerate() {
            let ep = v.endpoints.ports.get(i);
            let ready = ep.map(|e| e.ready.join(" ")).unwrap_or_default();
            let target = p.target_port.to_string();
            println!(
                "  port {}{}/{} -> {target}{}: {}",
                if p.name.is_empty() { String::new() } else { format!("{} ", p.name) },
                p.port,
                p.protocol,
                p.node_port.map(|n| format!(" (nodePort {n})")).unwrap_or_default(),
                if ready.is_empty() { "no ready endpoints".to_string() } else { ready },
            );
        }
    }
    println!("{errors} error(s), {warnings} warning(s), {} object(s)", a.objects.len());
}
