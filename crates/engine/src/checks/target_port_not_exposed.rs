//! # `target-port-not-exposed`
//!
//! *What.* Per Service port (field `spec.ports[i].targetPort`):
//! * an **int** `targetPort` (or the defaulted one, = `port`) that no selected pod declares as a
//!   `containerPort` with the port's protocol — only when the selected pods declare ports at all. The
//!   help suggests the declared port when the choice is clear (e.g. the Service `port` itself);
//! * a **named** `targetPort` that no selected pod, or only some, define with that name *and* the
//!   port's protocol (containers and sidecars, i.e. init containers with `restartPolicy: Always`).
//!   The message lists the pods without it and points out the same name with another protocol or a
//!   similar name.
//!
//! *Why.* An int targetPort is used as is: declared container ports are informational, so traffic
//! still goes to that port and works only if the program listens there — a mismatch with the
//! declared ports usually means a wrong targetPort. A named targetPort is looked up in each pod by
//! name and protocol (`FindPort`): a pod without it is not an endpoint of that Service port at all.
//!
//! *Example.* `ports: [{port: 80, targetPort: 8080}]` over pods declaring only `containerPort: 80` →
//! `targetPort 8080 is not a containerPort of any selected pod (they declare 80/TCP)`, help `traffic
//! still goes to port 8080 on each pod (declaring container ports is informational), so this works
//! only if the program listens on 8080; the pods do declare 80/TCP, the Service port: did you mean
//! `targetPort: 80`?`. And `targetPort: dns` for a TCP port over pods naming `dns` for UDP → `no
//! selected pod has a container port named `dns` with protocol TCP, so no pod is an endpoint of this
//! port (a port named `dns` exists with protocol UDP; ...)`.

use crate::api::IntOrString;
use crate::checks::words::list;
use crate::checks::{Pod, Service, Subject};
use crate::diag::Code;
use crate::model::Diagnostics;
use crate::util::text::did_you_mean;
use crate::{Diagnostic, Object, Severity};
pub(super) fn check(s: &Subject, sink: &mut Diagnostics) {
    for (i, d) in target_port_not_exposed(s.svc, &s.selected) {
        sink.report(s.object, &format!("spec.ports[{i}].targetPort"), d);
    }
}

/// Container ports the Service can target: regular containers and sidecars (restartable init
/// containers), as `FindPort` searches them.
fn declared_ports(p: &Pod) -> impl Iterator<Item = &crate::api::ContainerPort> {
    let sidecars = p.spec.init_containers.iter().filter(|c| c.restart_policy.as_deref() == Some("Always"));
    p.spec.containers.iter().chain(sidecars).flat_map(|c| c.ports.iter())
}

fn target_port_not_exposed(svc: &Service, selected: &[(&Object, &Pod)]) -> Vec<(usize, Diagnostic)> {
    let mut out = Vec::new();
    if selected.is_empty() {
        return out;
    }
    for (i, sp) in svc.spec.ports.iter().enumerate() {
        let protocol = sp.protocol.as_str();
        match sp.target_port.clone() {
            IntOrString::Int(t) => {
                let mut declared: Vec<(i64, String)> = selected
                    .iter()
                    .flat_map(|(_, p)| declared_ports(p))
                    .map(|c| (c.container_port, c.protocol.clone()))
                    .collect();
                crate::util::sort::sort(&mut declared);
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
                let others: Vec<&IntOrString> =
                    svc.spec.ports.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, p)| &p.target_port).collect();
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
