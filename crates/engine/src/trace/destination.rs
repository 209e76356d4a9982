//! Where a traced connection goes: `IP:PORT` or `NAME:PORT` (resolved as the source pod would),
//! and which Service owns the address.

use crate::trace::source::Src;
use crate::trace::{hop, FrontendKind, Hop, HopAction, Inputs, Policy, Protocol, QType, Rcode, SourceKind};
use crate::{Analysis, ServiceView};
/// Splits `IP:PORT`, `[IPv6]:PORT` or `NAME:PORT`; the port must be 1..65535.
pub fn parse_destination(to: &str) -> Result<(String, i64), String> {
    let to = to.trim();
    let bad = |why: &str| Err(format!("bad destination `{to}`: {why} (expected IP:PORT or NAME:PORT)"));
    let (host, port) = if let Some(rest) = to.strip_prefix('[') {
        match rest.split_once("]:") {
            Some((h, p)) => (h, p),
            None => return bad("an IPv6 address needs the form [ADDRESS]:PORT"),
        }
    } else {
        match to.rsplit_once(':') {
            Some((h, p)) if !h.contains(':') => (h, p),
            Some(_) => return bad("write an IPv6 address as [ADDRESS]:PORT"),
            None => return bad("the port is missing"),
        }
    };
    if host.is_empty() {
        return bad("the address or name is missing");
    }
    match port.parse::<i64>() {
        Ok(p) if (1..=65535).contains(&p) => Ok((host.to_string(), p)),
        _ => bad("the port must be a number from 1 to 65535"),
    }
}

/// `TCP`, `UDP` or `SCTP`, in any case.
pub fn parse_protocol(p: &str) -> Result<Protocol, String> {
    Protocol::parse(&p.trim().to_ascii_uppercase())
        .ok_or_else(|| format!("bad protocol `{p}`: expected TCP, UDP or SCTP"))
}

/// Resolves a name as the source would, with [`crate::dns::query`] (A records): a pod uses the
/// cluster DNS with its namespace's search list; a host or an external client is assumed to ask
/// the cluster DNS for fully qualified names only (it has no cluster search list).
/// What a name resolves to for the trace.
pub(super) enum Resolved {
    /// Addresses to connect to.
    Ips(Vec<String>),
    /// The connection leaves the cluster (a CNAME to an outside host, a name forwarded upstream):
    /// why, in words.
    Leaves(String),
}

pub(super) fn resolve_name(a: &Analysis, name: &str, src: &Src, hops: &mut Vec<Hop>) -> Result<Resolved, String> {
    let lower = name.trim().trim_end_matches('.').to_ascii_lowercase();
    let zone = a.dns.zone.as_str();
    let search = if src.kind == SourceKind::Pod { src.namespace.as_deref() } else { None };
    // A first; a name with IPv6 addresses only is reached through its AAAA records.
    let ask = |q: QType| match search {
        Some(ns) => Some(crate::dns::query(&a.dns, name, q, Some(ns))),
        None if lower.ends_with(&format!(".{zone}")) => Some(crate::dns::query(&a.dns, &format!("{lower}."), q, None)),
        None => None,
    };
    let answer = match ask(QType::A) {
        Some(a4) if a4.addresses().next().is_none() => match ask(QType::AAAA) {
            Some(a6) if a6.addresses().next().is_some() => Some(a6),
            _ => Some(a4),
        },
        other => other,
    };
    let answer = match answer {
        Some(answer) => answer,
        None => {
            return Err(format!(
                "{} does not use the cluster DNS search list: write the full name (e.g. {lower}.default.svc.{zone}) or the IP",
                src.label
            ))
        }
    };
    let via = if search.is_some() { String::new() } else { " (assuming it asks the cluster DNS)".to_string() };
    let ips: Vec<String> = answer.addresses().map(str::to_string).collect();
    let cname = answer.cname().map(str::to_string);
    if let Some(up) = &answer.upstream {
        let why = format!(
            "{name} is not a name in the cluster: CoreDNS forwards {up} to the upstream resolver (not modelled), and the connection leaves the cluster to whatever address it answers, without kube-proxy"
        );
        hops.push(hop("DNS", HopAction::Resolve, answer.explanation.clone()));
        return Ok(Resolved::Leaves(why));
    }
    if answer.rcode != Rcode::NoError || (ips.is_empty() && cname.is_none()) {
        return Err(format!("{name} does not resolve ({}){via}: {}", answer.rcode.as_str(), answer.explanation));
    }
    if ips.is_empty() {
        let target = cname.unwrap_or_default();
        let fqdn = answer.name.trim_end_matches('.');
        hops.push(hop(
            "DNS",
            HopAction::Resolve,
            format!("{fqdn}{via}: CNAME {target} (ExternalName) — the client then resolves {target} with the upstream resolver (not modelled)"),
        ));
        return Ok(Resolved::Leaves(format!(
            "leaves the cluster as CNAME {target}: the client connects to that host directly, without kube-proxy and to no pod of this cluster"
        )));
    }
    let ipv4: Vec<String> = ips.iter().filter(|x| x.parse::<std::net::Ipv4Addr>().is_ok()).cloned().collect();
    let ips = if ipv4.is_empty() { ips } else { ipv4 };
    let fqdn = answer.name.trim_end_matches('.');
    let asked = if fqdn == lower { String::new() } else { format!("{name} → ") };
    let what = match cname {
        Some(c) => format!("CNAME {c} (ExternalName), which gives {}", kind_of(a, &c)),
        None => kind_of(a, fqdn),
    };
    let record = if ips.iter().all(|ip| ip.contains(':')) { "AAAA" } else { "A" };
    hops.push(hop("DNS", HopAction::Resolve, format!("{asked}{fqdn}{via}: {record} {} — {what}", ips.join(", "))));
    Ok(Resolved::Ips(ips))
}

/// What an A answer for `fqdn` is, in words.
pub(super) fn kind_of(a: &Analysis, fqdn: &str) -> String {
    let labels: Vec<&str> = fqdn.trim_end_matches('.').split('.').collect();
    let svc = match labels.as_slice() {
        [svc, ns, "svc", "cluster", "local"] => a.services.iter().find(|v| v.namespace == *ns && v.name == *svc),
        [_, svc, ns, "svc", "cluster", "local"] => {
            return match a.services.iter().find(|v| v.namespace == *ns && v.name == *svc) {
                Some(_) => {
                    format!("the address of one endpoint of Service {ns}/{svc} (no kube-proxy)")
                }
                None => "an endpoint address".into(),
            }
        }
        [_, _, "pod", "cluster", "local"] => return "a pod address (the name spells the IP)".into(),
        _ => None,
    };
    match svc.and_then(|v| a.objects.get(v.object)).and_then(|o| o.service()) {
        Some(s) if s.is_headless() => "headless Service: the ready pod IPs themselves (no kube-proxy)".into(),
        Some(_) => "the Service's cluster IP".into(),
        None => "an address".into(),
    }
}

/// Everything that owns an address, in the order kube-proxy's KUBE-SERVICES matches.
pub(super) enum Owner<'a> {
    Frontend {
        view: &'a ServiceView,
        port_idx: usize,
        kind: FrontendKind,
    },
    /// The address owns no such port.
    WrongPort(String),
    /// An ingress address with ipMode Proxy (the load balancer forwards to a nodePort).
    ProxyIngress {
        view: &'a ServiceView,
        port_idx: usize,
    },
}

pub(super) fn port_index(a: &Analysis, v: &ServiceView, port: i64, proto: Protocol, node_port: bool) -> Option<usize> {
    let p = Policy::new(&Inputs::of(a), v)?;
    p.svc.spec.ports.iter().enumerate().position(|(i, sp)| {
        p.protocol(i) == proto && if node_port { p.node_port(i) == Some(port) } else { sp.port == port }
    })
}

pub(super) fn service_owner<'a>(a: &'a Analysis, ip: &str, port: i64, proto: Protocol) -> Option<Owner<'a>> {
    let mut wrong = None;
    for v in &a.services {
        let Some(p) = Policy::new(&Inputs::of(a), v) else { continue };
        if p.unproxied().is_some() {
            continue;
        }
        let id = format!("{}/{}", v.namespace, v.name);
        let kinds = [
            (FrontendKind::ClusterIP, &p.cluster_ips, "the cluster IP"),
            (FrontendKind::ExternalIP, &p.external_ips, "an external IP"),
            (FrontendKind::LoadBalancer, &p.lb_vips, "the load-balancer IP"),
        ];
        for (kind, ips, words) in kinds {
            if ips.iter().any(|x| x == ip) {
                match port_index(a, v, port, proto, false) {
                    Some(port_idx) => return Some(Owner::Frontend { view: v, port_idx, kind }),
                    None => {
                        wrong.get_or_insert_with(|| {
                            format!(
                                "{ip} is {words} of Service {id}, which has no port {port}/{proto}: kube-proxy only forwards the Service's ports"
                            )
                        });
                    }
                }
            }
        }
        if p.lb_proxy_ips.iter().any(|x| x == ip) {
            match port_index(a, v, port, proto, false) {
                Some(port_idx) => return Some(Owner::ProxyIngress { view: v, port_idx }),
                None => {
                    wrong.get_or_insert_with(|| {
                        format!("{ip} is the load balancer of Service {id}, which has no port {port}/{proto}")
                    });
                }
            }
        }
    }
    wrong.map(Owner::WrongPort)
}
