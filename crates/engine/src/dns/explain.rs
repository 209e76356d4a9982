//! Answers explained in plain words: why a name resolves, has no data, or does not exist.

use crate::dns::coredns::{Found, Miss, Name, MAX_CNAME_CHAIN};
use crate::model::{DnsService, DnsServiceKind, DnsTable, QType};
use crate::names;
pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(super) fn svc_ref(s: &DnsService) -> String {
    format!("{}/{}", s.namespace, s.name)
}

pub(super) fn family_of(ips: &[String]) -> &'static str {
    let v4 = ips.iter().any(|i| names::is_ipv4(i));
    let v6 = ips.iter().any(|i| names::is_ipv6(i));
    match (v4, v6) {
        (true, false) => "IPv4",
        (false, true) => "IPv6",
        _ => "dual-stack",
    }
}

/// Why a name has these records (a predicate for "<name>: ...").
pub(super) fn explain_found(t: &DnsTable, q: QType, f: &Found) -> String {
    let zone = t.zone.as_str();
    match &f.node {
        Name::Pod { namespace, ip } => {
            let owner = t.pods.iter().find(|p| p.namespace == *namespace && p.ips.contains(ip));
            format!(
                "a pod-IP name, which CoreDNS (pods insecure, as kubeadm configures it) answers with the IP written in the name, unchecked{}",
                match owner {
                    Some(p) => format!(" (pod {namespace}/{} has that IP)", p.name),
                    None => " (no pod in the input has that IP)".into(),
                }
            )
        }
        Name::Service { svc, port, endpoint } => {
            let Some(s) = t.services.get(*svc) else { return "the name exists".into() };
            match s.kind {
                DnsServiceKind::ExternalName => {
                    let target = s.external_name.clone().unwrap_or_default();
                    let tail = if q == QType::CNAME {
                        String::new()
                    } else if let Some(outside) = &f.cname_upstream {
                        let same = outside.trim_end_matches('.').eq_ignore_ascii_case(target.trim_end_matches('.'));
                        if same {
                            format!("; the addresses of `{target}` come from the upstream resolver, which the playground does not model")
                        } else {
                            format!("; CoreDNS follows `{target}` inside {zone} to `{outside}`, whose addresses come from the upstream resolver, which the playground does not model")
                        }
                    } else {
                        format!("; `{target}` is inside {zone}, so CoreDNS resolves it too")
                    };
                    format!("ExternalName Service {} answers with a CNAME to `{target}`{tail}", svc_ref(s))
                }
                _ if endpoint.is_some() || s.kind == DnsServiceKind::Headless => {
                    let n = f.records.len();
                    let which = match endpoint {
                        Some(h) => {
                            let e = s.endpoints.iter().find(|e| e.hostname == *h);
                            let origin = match e {
                                Some(e) if e.explicit_hostname => format!("the hostname of endpoint {}", e.address),
                                Some(e) => format!("endpoint {}'s address with dashes (it has no hostname)", e.address),
                                None => "an endpoint name".into(),
                            };
                            let pod = e.and_then(|e| e.pod.as_deref()).map(|p| format!(" (pod {p})")).unwrap_or_default();
                            let kind = if s.kind == DnsServiceKind::Headless { "headless Service" } else { "Service" };
                            let ext = if s.kind == DnsServiceKind::Headless { "" } else { "; CoreDNS answers endpoint names of non-headless Services too, beyond the DNS spec" };
                            format!("`{h}` is {origin}{pod} of {kind} {}{ext}", svc_ref(s))
                        }
                        None => format!(
                            "headless Service {} (clusterIP: None) answers with the addresses of its {} instead of a cluster IP",
                            svc_ref(s),
                            plural(s.endpoints.len(), "published endpoint", "published endpoints")
                        ),
                    };
                    match (q, endpoint) {
                        (QType::SRV, None) => format!(
                            "headless Service {} (clusterIP: None) has one SRV record per published endpoint and matching port ({n} here), each with the endpoint's own port and name",
                            svc_ref(s)
                        ),
                        (QType::SRV, Some(_)) => format!("{which}; its SRV records carry the endpoint's own port"),
                        _ => which,
                    }
                }
                _ => match q {
                    QType::SRV => match port {
                        Some((p, proto)) => format!(
                            "port `{p}` ({}) of {} Service {}, so the SRV record carries the Service port with the Service name as target",
                            proto.to_ascii_uppercase(),
                            s.type_,
                            svc_ref(s)
                        ),
                        None => format!(
                            "{} Service {}; an SRV query for a Service name itself gets one record per Service port (named or not), each targeting the Service name",
                            s.type_,
                            svc_ref(s)
                        ),
                    },
                    _ if s.built_in => format!(
                        "{} Service {} answers with its cluster IP (every kubeadm cluster has this Service; it is not in the input)",
                        s.type_,
                        svc_ref(s)
                    ),
                    _ => format!("{} Service {} answers with its cluster IP, whether or not it has ready endpoints", s.type_, svc_ref(s)),
                },
            }
        }
        Name::Namespace(_) | Name::Structural => "the name exists".into(),
    }
}

/// Why an existing name has no record of type `q`.
pub(super) fn explain_nodata(t: &DnsTable, q: QType, f: &Found) -> String {
    let zone = t.zone.as_str();
    match &f.node {
        Name::Structural => format!("it is a structural name of the {zone} zone, which holds no records itself"),
        Name::Namespace(ns) => format!("it stands for namespace `{ns}`, which holds no records itself"),
        Name::Pod { ip, .. } => format!("the IP in the name, {ip}, is {}", if names::is_ipv4(ip) { "IPv4 (an A record)" } else { "IPv6 (an AAAA record)" }),
        Name::Service { svc, .. } => match t.services.get(*svc) {
            None => "it has other records".into(),
            Some(s) => match (s.kind, q) {
                (DnsServiceKind::ExternalName, QType::SRV) => {
                    format!("Service {} is an ExternalName Service, and CoreDNS serves no SRV records for those", svc_ref(s))
                }
                (DnsServiceKind::ExternalName, _) => match &f.cname_dead_end {
                    Some(target) if f.cname_cut => format!(
                        "ExternalName Service {} starts a chain of CNAMEs inside the cluster (via `{target}`) that is longer than the {MAX_CNAME_CHAIN} CNAMEs CoreDNS follows, or loops, so CoreDNS drops the whole chain",
                        svc_ref(s)
                    ),
                    Some(target) => format!(
                        "the CNAME target `{target}` of ExternalName Service {} has no {q} record in the cluster, so CoreDNS drops the CNAME too",
                        svc_ref(s)
                    ),
                    None => format!("ExternalName Service {} points at itself", svc_ref(s)),
                },
                (_, QType::CNAME) => format!("Service {} is not an ExternalName Service: it has address records, not a CNAME", svc_ref(s)),
                (_, QType::SRV) => format!("the matching endpoints of Service {} have no ports, so there is nothing for an SRV record to carry", svc_ref(s)),
                (DnsServiceKind::ClusterIP, _) if s.cluster_ips.is_empty() => format!("Service {} has no cluster IP allocated", svc_ref(s)),
                (DnsServiceKind::ClusterIP, _) => format!("the cluster IPs of Service {} are {} only", svc_ref(s), family_of(&s.cluster_ips)),
                (DnsServiceKind::Headless, _) => {
                    let addrs: Vec<String> = s.endpoints.iter().map(|e| e.address.clone()).collect();
                    format!("the endpoint addresses of headless Service {} are {} only", svc_ref(s), family_of(&addrs))
                }
            },
        },
    }
}

/// Why a name does not exist.
pub(super) fn explain_miss(t: &DnsTable, m: &Miss) -> String {
    let zone = t.zone.as_str();
    match m {
        Miss::OutsideZone => format!("the name is outside {zone}; CoreDNS forwards such names to the upstream resolver, which the playground does not model, so it is shown as NXDOMAIN"),
        Miss::NotSvcOrPod { label } => format!("the name is neither under svc.{zone} nor pod.{zone} (`{label}` is where `svc` or `pod` should be), so CoreDNS has no such name"),
        Miss::TooManyLabels => "the name has too many labels: CoreDNS answers at most `_port._proto.service.namespace.svc` and `endpoint.service.namespace.svc`".into(),
        Miss::NoNamespace { namespace, pod } => format!(
            "namespace `{namespace}` does not exist, so no name under `{namespace}.{}.{zone}` does",
            if *pod { "pod" } else { "svc" }
        ),
        Miss::PodNameNotIp { label } => format!("`{label}` is not a dashed IP address like `10-244-1-11`, and names under pod.{zone} must be one"),
        Miss::NoService { namespace, service } | Miss::NoServiceForEndpointForm { namespace, service } => {
            let mut s = format!("there is no Service `{service}` in namespace `{namespace}`");
            let elsewhere: Vec<&str> = t.services.iter().filter(|x| x.name == *service && x.namespace != *namespace).map(|x| x.namespace.as_str()).collect();
            if let Some(other) = elsewhere.first() {
                s.push_str(&format!(" (a Service `{service}` exists in namespace `{other}`: use `{service}.{other}`)"));
            } else if let Some(close) = crate::util::text::did_you_mean(service, t.services.iter().filter(|x| x.namespace == *namespace).map(|x| x.name.as_str())) {
                s.push_str(&format!(" (did you mean `{close}`?)"));
            }
            s
        }
        Miss::ExternalNameIsIp { svc } => match t.services.get(*svc) {
            Some(s) => format!(
                "ExternalName Service {} points at `{}`, an IP address (or nothing), and CoreDNS publishes no record for that; for an IP use a Service without selector and an EndpointSlice",
                svc_ref(s),
                s.external_name.as_deref().unwrap_or("")
            ),
            None => "the name has no record".into(),
        },
        Miss::ExternalNameLabels { svc } => match t.services.get(*svc) {
            Some(s) => format!(
                "ExternalName Service {} has no ports or endpoints in DNS: CoreDNS answers only its own name (a CNAME to `{}`), never a `_port._proto` or endpoint name under it",
                svc_ref(s),
                s.external_name.as_deref().unwrap_or("")
            ),
            None => "the name has no record".into(),
        },
        Miss::NoPort { svc, port, protocol } => match t.services.get(*svc) {
            Some(s) => {
                let named: Vec<String> = s.ports.iter().filter(|p| !p.name.is_empty()).map(|p| format!("{}/{}", p.name, p.protocol)).collect();
                format!(
                    "Service {} has no port named `{port}` with protocol {} ({})",
                    svc_ref(s),
                    protocol.to_ascii_uppercase(),
                    if named.is_empty() { "it has no named ports, and unnamed ports get no SRV names".to_string() } else { format!("its named ports: {}", named.join(", ")) }
                )
            }
            None => "the name has no record".into(),
        },
        Miss::NoEndpoint { svc, endpoint } => match t.services.get(*svc) {
            Some(s) => {
                let hosts: Vec<&str> = s.endpoints.iter().map(|e| e.hostname.as_str()).collect();
                format!(
                    "Service {} has no published endpoint named `{endpoint}` ({})",
                    svc_ref(s),
                    if hosts.is_empty() { "it has no published endpoints".to_string() } else { format!("its endpoint names: {}", hosts.join(", ")) }
                )
            }
            None => "the name has no record".into(),
        },
        Miss::NoReadyEndpoints { svc } => match t.services.get(*svc) {
            Some(s) => format!(
                "headless Service {} has no published (ready) endpoints{}, and a headless Service's name exists only while it has some",
                svc_ref(s),
                if s.unpublished > 0 { format!(" ({} not ready)", plural(s.unpublished, "endpoint is", "endpoints are")) } else { String::new() }
            ),
            None => "the name has no record".into(),
        },
    }
}
