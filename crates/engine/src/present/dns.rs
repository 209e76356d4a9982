//! Cluster DNS for one Service: its names and records, the selected pods' own names, names worth
//! trying, and an answer the way `dig` prints it.

use crate::model::{DnsAnswer, DnsRecord, DnsServiceKind, QType, Rcode, TTL};
use crate::{Analysis, ServiceView};

/// What cluster DNS holds for one Service.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceDns<'a> {
    /// `name.namespace.svc.cluster.local.` (lower case, trailing dot).
    pub fqdn: String,
    /// How CoreDNS sees the Service (ClusterIP when it is not in the table).
    pub kind: DnsServiceKind,
    /// The records of the Service's own names (its name, `_port._proto` names, endpoint names).
    pub records: Vec<&'a DnsRecord>,
    /// The pod-IP records (`a-b-c-d.<ns>.pod.cluster.local`) of the pods the Service selects.
    pub pod_records: Vec<&'a DnsRecord>,
    /// Endpoint addresses not published (not ready).
    pub unpublished: usize,
    /// Names worth resolving: the short name, `name.namespace`, the FQDN, a `_port._proto` name
    /// (a named port) and an endpoint's name (headless).
    pub suggestions: Vec<Suggestion>,
}

/// A name worth resolving.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub name: String,
    /// The query type it is meant for (SRV for a `_port._proto` name; None: any).
    pub qtype: Option<QType>,
}

impl Suggestion {
    fn any(name: String) -> Self {
        Suggestion { name, qtype: None }
    }
}

/// The Service's DNS name as written, without the trailing dot, in the cluster's `domain`:
/// `name.namespace.svc.cluster.local`.
pub fn service_name(namespace: &str, name: &str, domain: &str) -> String {
    format!("{name}.{namespace}.svc.{domain}")
}

/// The search list of a pod's resolver in `namespace` (kubelet's resolv.conf), in the cluster's
/// `domain`.
pub fn search_list(namespace: &str, domain: &str) -> [String; 3] {
    [format!("{namespace}.svc.{domain}"), format!("svc.{domain}"), domain.to_string()]
}

/// What cluster DNS holds for the Service `v`.
pub fn service_dns<'a>(a: &'a Analysis, v: &ServiceView) -> ServiceDns<'a> {
    let ns_l = v.namespace.to_ascii_lowercase();
    let name_l = v.name.to_ascii_lowercase();
    let domain = a.cluster.domain();
    let fqdn = format!("{}.", service_name(&ns_l, &name_l, domain));
    let suffix = format!(".{fqdn}");
    let dsvc = a.dns.services.iter().find(|s| s.namespace == ns_l && s.name == name_l);
    let records = a.dns.records.iter().filter(|r| r.name == fqdn || r.name.ends_with(&suffix)).collect();
    let selected_ips: Vec<&str> =
        v.selected.iter().filter_map(|&i| a.objects.get(i)).filter_map(|o| o.pod()).filter_map(|p| p.ip()).collect();
    let pod_suffix = format!(".{ns_l}.pod.{domain}.");
    let pod_records = a
        .dns
        .records
        .iter()
        .filter(|r| r.name.ends_with(&pod_suffix) && selected_ips.contains(&r.data.as_str()))
        .collect();
    let mut suggestions = vec![
        Suggestion::any(v.name.clone()),
        Suggestion::any(format!("{}.{}", v.name, v.namespace)),
        Suggestion::any(fqdn.clone()),
    ];
    if let Some(p) = dsvc.and_then(|d| d.ports.iter().find(|p| !p.name.is_empty())) {
        let name = format!("_{}._{}.{}.{}", p.name, p.protocol.to_ascii_lowercase(), v.name, v.namespace);
        suggestions.push(Suggestion { name, qtype: Some(QType::SRV) });
    }
    if let Some(e) = dsvc.filter(|d| d.kind == DnsServiceKind::Headless).and_then(|d| d.endpoints.first()) {
        suggestions.push(Suggestion::any(format!("{}.{}", e.hostname, service_name(&v.namespace, &v.name, domain))));
    }
    ServiceDns {
        fqdn,
        kind: dsvc.map_or(DnsServiceKind::ClusterIP, |d| d.kind),
        records,
        pod_records,
        unpublished: dsvc.map_or(0, |d| d.unpublished),
        suggestions,
    }
}

/// The outcome of a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerStatus {
    NxDomain,
    /// Outside the cluster zone: CoreDNS forwards it to the upstream resolver (not modelled).
    Forwarded,
    /// NOERROR with no answer.
    NoData,
    NoError,
}

impl AnswerStatus {
    pub fn of(answer: &DnsAnswer) -> AnswerStatus {
        match (answer.rcode, answer.records.is_empty()) {
            _ if answer.upstream.is_some() => AnswerStatus::Forwarded,
            (Rcode::NxDomain, _) => AnswerStatus::NxDomain,
            (Rcode::NoError, true) => AnswerStatus::NoData,
            (Rcode::NoError, false) => AnswerStatus::NoError,
        }
    }
}

/// The answer section as `dig` prints it, one record a line (`name. 5 IN A 10.96.0.10`); "" when
/// there is none.
pub fn dig_text(answer: &DnsAnswer) -> String {
    answer
        .records
        .iter()
        .map(|r| format!("{} {TTL} IN {} {}", answer.name, r.rtype, r.data))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::query;
    use crate::present::testing::{analysis, EXTERNALNAME, HEADLESS, MULTI_PORT, MY_SERVICE};

    #[test]
    fn names_are_in_the_clusters_domain() {
        let text = format!("{MY_SERVICE}---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking: {{dnsDomain: corp.example}}\n");
        let a = analysis(&text);
        let d = service_dns(&a, &a.services[0]);
        assert_eq!(d.fqdn, "my-service.default.svc.corp.example.");
        assert_eq!(d.records.len(), 1, "{:?}", d.records);
        let pods: Vec<&str> = d.pod_records.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(pods, ["10-244-1-11.default.pod.corp.example.", "10-244-2-12.default.pod.corp.example."]);
    }

    #[test]
    fn cluster_ip_service() {
        let a = analysis(MY_SERVICE);
        let d = service_dns(&a, &a.services[0]);
        assert_eq!(d.fqdn, "my-service.default.svc.cluster.local.");
        assert_eq!(d.kind, DnsServiceKind::ClusterIP);
        let lines: Vec<String> = d.records.iter().map(|r| format!("{} {}", r.name, r.rtype)).collect();
        assert_eq!(lines, ["my-service.default.svc.cluster.local. A"]);
        let pods: Vec<&str> = d.pod_records.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(pods, ["10-244-1-11.default.pod.cluster.local.", "10-244-2-12.default.pod.cluster.local."]);
        let names: Vec<&str> = d.suggestions.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["my-service", "my-service.default", "my-service.default.svc.cluster.local."]);
        assert!(d.suggestions.iter().all(|s| s.qtype.is_none()));
        assert_eq!(
            search_list("prod", "cluster.local"),
            ["prod.svc.cluster.local", "svc.cluster.local", "cluster.local"]
        );
    }

    #[test]
    fn named_port_and_headless_suggestions() {
        let a = analysis(MULTI_PORT);
        let d = service_dns(&a, &a.services[0]);
        let srv = &d.suggestions[3];
        assert!(srv.name.starts_with('_') && srv.name.contains("._tcp."), "{:?}", d.suggestions);
        assert_eq!(srv.qtype, Some(QType::SRV));

        let a = analysis(HEADLESS);
        let d = service_dns(&a, &a.services[0]);
        assert_eq!(d.kind, DnsServiceKind::Headless);
        assert_eq!(d.suggestions.last().map(|s| s.name.as_str()), Some("web-0.nginx.default.svc.cluster.local"));
        assert!(d.records.iter().any(|r| r.name == "web-0.nginx.default.svc.cluster.local."), "{:?}", d.records);
    }

    #[test]
    fn answers() {
        let a = analysis(EXTERNALNAME);
        let v = &a.services[0];
        let d = service_dns(&a, v);
        assert_eq!(d.kind, DnsServiceKind::ExternalName);
        let ans = query(&a.dns, &v.name, QType::A, Some(&v.namespace));
        assert_eq!(AnswerStatus::of(&ans), AnswerStatus::NoError);
        assert_eq!(dig_text(&ans), "my-service.prod.svc.cluster.local. 5 IN CNAME my.service.domain.com.");
        let ans = query(&a.dns, "nope", QType::A, Some(&v.namespace));
        assert_eq!(AnswerStatus::of(&ans), AnswerStatus::NxDomain);
        assert_eq!(dig_text(&ans), "");
        let ans = query(&a.dns, &v.name, QType::SRV, Some(&v.namespace));
        assert_eq!(AnswerStatus::of(&ans), AnswerStatus::NoData);
        // A name on the internet is forwarded upstream, not NXDOMAIN; a typo of a Service is.
        let ans = query(&a.dns, "example.com", QType::A, Some("default"));
        assert_eq!(AnswerStatus::of(&ans), AnswerStatus::Forwarded, "{ans:?}");
        assert_eq!(ans.upstream.as_deref(), Some("example.com."));
        assert!(ans.explanation.contains("forwards it to the upstream resolver"), "{}", ans.explanation);
        assert_eq!(AnswerStatus::of(&query(&a.dns, "my-servic", QType::A, Some("prod"))), AnswerStatus::NxDomain);
    }
}
