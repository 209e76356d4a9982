//! Stage `dns`: what cluster DNS answers — CoreDNS with the `kubernetes` plugin, zone
//! `cluster.local`, TTL 5, `pods insecure` (reference §6, §0.2).
//!
//! [`run`] ([`table`]) builds the [`DnsTable`]: what CoreDNS holds in its cache for every valid Service (kind,
//! cluster IPs, ports, the endpoints it publishes) plus the existing namespaces, and the zone
//! listing [`DnsTable::records`] (the `[dns]` fixture section).
//!
//! [`query`] ([`resolver`], [`coredns`]) answers one question the way CoreDNS does (`plugin/kubernetes/{parse.go,
//! kubernetes.go}`, `plugin/backend_lookup.go`), including its corner cases:
//! * names are matched case-insensitively; a name has at most `_port._proto.svc.ns.svc` or
//!   `endpoint.svc.ns.svc` labels (more ⇒ NXDOMAIN); a namespace that does not exist ⇒ NXDOMAIN;
//!   the apex, `svc`, `pod` and `<ns>.svc` of an existing namespace ⇒ NODATA;
//! * ClusterIP/NodePort/LoadBalancer Services answer with their cluster IPs whether or not they
//!   have endpoints; an SRV query for the bare Service name gets one record per Service port
//!   (named or not) and `_port._proto.<svc>` one per matching named port (target: the Service
//!   name, port: the Service port); endpoint names (`<hostname>.<svc>...`) resolve too (CoreDNS
//!   extension beyond the spec);
//! * headless Services answer from their published endpoints (EndpointSlice `ready`, nil ⇒ true;
//!   `publishNotReadyAddresses` forces it) and are NXDOMAIN without any; SRV records carry the
//!   *endpoint's* port and target the endpoint's name (`hostname`, else the dashed IP);
//! * ExternalName answers a CNAME for the Service name only (a name with port/protocol or
//!   endpoint labels under it is NXDOMAIN: `findServices` skips the Service), NODATA for SRV, and
//!   nothing at all (NXDOMAIN) when the externalName is an IP; a CNAME target inside
//!   `cluster.local` is followed by CoreDNS itself, up to 11 CNAMEs in a chain (a longer chain or
//!   a loop answers nothing), one outside is left to the upstream resolver (not modeled: the
//!   answer stops at the CNAME);
//! * `a-b-c-d.<ns>.pod.cluster.local` answers the IP written in the name (`pods insecure`, as
//!   kubeadm configures CoreDNS) in any existing namespace;
//! * SRV priority is 0 and weight `floor(100 / n)` for `n` matches, as CoreDNS computes it.
//!
//! Relative names go through the client pod's resolver (glibc `res_search`, `ndots:5`, search
//! path `<ns>.svc.cluster.local svc.cluster.local cluster.local`): names with fewer than 5 dots
//! try the search list first, then the name as is; NXDOMAIN and NODATA both move on to the next
//! candidate; the first answer with records wins, else the first NODATA, else NXDOMAIN.
//! Names outside `cluster.local` would be forwarded upstream; the playground answers NXDOMAIN.
//!
//! `default/kubernetes` (10.96.0.1) and `kube-system/kube-dns` (10.96.0.10) exist as in every
//! kubeadm cluster (their addresses are reserved by the `service` stage): they are answered but
//! not listed, unless the input holds them.
//!
//! Not modeled: PTR records, `dns-version` TXT, wildcard queries, endpoints of the built-in
//! Services, non-default plugin options (`ignore empty_service`, `endpoint_pod_names`,
//! `terminating_endpoints`).
//!
//! Headless data comes from `ServiceView::endpoints`: the published addresses from
//! `crate::model::ServiceEndpoints::all`, and each endpoint's ports from the slices it is in,
//! the slice's own ports (`EndpointSliceToEndpoints`), not the Service's: a user-written slice
//! whose ports match no Service port still gets SRV records under its own port names.

mod coredns;
mod explain;
mod resolver;
mod table;

pub use crate::model::{NDOTS, TTL, ZONE};
pub use resolver::query;
pub use table::{dashed, run};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DnsAnswer;
    use crate::model::QType;
    use crate::model::Rcode;
    use crate::Analysis;
    use crate::{analyze, Source};

    const YAML: &str = r#"apiVersion: v1
kind: Service
metadata: {name: my-service}
spec:
  clusterIP: 10.96.0.20
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}, {name: dns, protocol: UDP, port: 53}]
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: pg, port: 5432, targetPort: 15432}]
---
apiVersion: v1
kind: Service
metadata: {name: empty}
spec:
  clusterIP: None
  selector: {app: nothing}
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: prod}
spec: {type: ExternalName, externalName: my.service.domain.com}
---
apiVersion: v1
kind: Service
metadata: {name: alias}
spec: {type: ExternalName, externalName: my-service.default.svc.cluster.local}
---
apiVersion: v1
kind: Service
metadata: {name: loop-a}
spec: {type: ExternalName, externalName: loop-b.default.svc.cluster.local}
---
apiVersion: v1
kind: Service
metadata: {name: loop-b}
spec: {type: ExternalName, externalName: loop-a.default.svc.cluster.local}
---
apiVersion: v1
kind: Service
metadata: {name: by-ip}
spec: {type: ExternalName, externalName: 192.0.2.1}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec: {nodeName: node-a, containers: [{name: c, ports: [{containerPort: 8080}]}]}
status: {phase: Running, podIP: 10.244.1.11, conditions: [{type: Ready, status: "True"}]}
"#;

    fn db_pod(i: usize) -> String {
        format!(
            "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: db-{i}, labels: {{app: db}}}}\nspec: {{nodeName: node-a, hostname: db-{i}, subdomain: db, containers: [{{name: c, ports: [{{name: pg, containerPort: 15432}}]}}]}}\nstatus: {{phase: Running, podIP: 10.244.1.{}, conditions: [{{type: Ready, status: \"True\"}}]}}\n",
            20 + i
        )
    }

    fn analysis() -> Analysis {
        let text = format!("{YAML}{}{}{}", db_pod(0), db_pod(1), db_pod(2));
        analyze(&[Source::new("t.yaml", text)])
    }

    fn q(a: &Analysis, name: &str, t: QType, ns: Option<&str>) -> DnsAnswer {
        query(&a.dns, name, t, ns)
    }

    #[test]
    fn short_names_expand_with_the_search_path() {
        let a = analysis();
        for name in [
            "my-service",
            "my-service.default",
            "my-service.default.svc",
            "my-service.default.svc.cluster.local",
            "my-service.default.svc.cluster.local.",
            "MY-Service.Default",
        ] {
            let r = q(&a, name, QType::A, None);
            assert_eq!(r.rcode, Rcode::NoError, "{name}: {r:?}");
            assert_eq!(r.answers(), vec!["10.96.0.20"], "{name}");
            assert_eq!(r.name, "my-service.default.svc.cluster.local.", "{name}");
        }
        let other = q(&a, "my-service", QType::A, Some("prod"));
        assert_eq!(other.rcode, Rcode::NxDomain, "{other:?}");
        assert!(other.explanation.contains("namespace `prod`"), "{}", other.explanation);
        assert_eq!(q(&a, "my-service.default", QType::A, Some("prod")).answers(), vec!["10.96.0.20"]);
        let k = q(&a, "kubernetes.default", QType::A, Some("prod"));
        assert_eq!(k.answers(), vec!["10.96.0.1"], "{k:?}");
        assert!(k.explanation.contains("not in the input"), "{}", k.explanation);
        assert_eq!(
            q(&a, "_dns._udp.kube-dns.kube-system", QType::SRV, None).answers(),
            vec!["0 100 53 kube-dns.kube-system.svc.cluster.local."]
        );
        // The absolute name is not searched.
        assert_eq!(q(&a, "my-service.", QType::A, None).rcode, Rcode::NxDomain);
    }

    #[test]
    fn nodata_when_the_name_exists_but_not_the_type() {
        let a = analysis();
        for (name, t) in [
            ("my-service", QType::AAAA),
            ("my-service", QType::CNAME),
            ("default.svc.cluster.local", QType::A),
            ("svc.cluster.local", QType::A),
            ("cluster.local", QType::A),
            ("ext.prod", QType::SRV),
        ] {
            let r = q(&a, name, t, None);
            assert_eq!((r.rcode, r.answers().len()), (Rcode::NoError, 0), "{name} {t}: {r:?}");
            assert!(r.explanation.contains("NODATA"), "{}", r.explanation);
        }
    }

    #[test]
    fn srv_records() {
        let a = analysis();
        assert_eq!(
            q(&a, "_http._tcp.my-service", QType::SRV, None).answers(),
            vec!["0 100 80 my-service.default.svc.cluster.local."]
        );
        assert_eq!(
            q(&a, "_DNS._UDP.my-service", QType::SRV, None).answers(),
            vec!["0 100 53 my-service.default.svc.cluster.local."]
        );
        // The bare name: one record per port.
        assert_eq!(q(&a, "my-service", QType::SRV, None).answers().len(), 2);
        // No wildcard labels.
        assert_eq!(q(&a, "_*._*.my-service", QType::SRV, None).rcode, Rcode::NxDomain);
        let missing = q(&a, "_https._tcp.my-service", QType::SRV, None);
        assert_eq!(missing.rcode, Rcode::NxDomain);
        assert!(missing.explanation.contains("http/TCP"), "{}", missing.explanation);
        // Headless: the endpoint (target) port and the endpoint names, weight 100/3.
        assert_eq!(
            q(&a, "_pg._tcp.db", QType::SRV, None).answers(),
            vec![
                "0 33 15432 db-0.db.default.svc.cluster.local.",
                "0 33 15432 db-1.db.default.svc.cluster.local.",
                "0 33 15432 db-2.db.default.svc.cluster.local."
            ]
        );
    }

    #[test]
    fn headless_names() {
        let a = analysis();
        assert_eq!(q(&a, "db", QType::A, None).answers(), vec!["10.244.1.20", "10.244.1.21", "10.244.1.22"]);
        assert_eq!(q(&a, "db-1.db", QType::A, None).answers(), vec!["10.244.1.21"]);
        assert_eq!(q(&a, "db-7.db", QType::A, None).rcode, Rcode::NxDomain);
        // A ClusterIP Service's endpoints have names too (CoreDNS), the dashed IP here.
        assert_eq!(q(&a, "10-244-1-11.my-service", QType::A, None).answers(), vec!["10.244.1.11"]);
        let empty = q(&a, "empty", QType::A, None);
        assert_eq!(empty.rcode, Rcode::NxDomain);
        assert!(empty.explanation.contains("no published"), "{}", empty.explanation);
    }

    #[test]
    fn external_names() {
        let a = analysis();
        assert_eq!(q(&a, "ext.prod", QType::CNAME, None).answers(), vec!["my.service.domain.com."]);
        assert_eq!(q(&a, "ext", QType::A, Some("prod")).answers(), vec!["my.service.domain.com."]);
        // Inside the zone, CoreDNS follows the CNAME itself.
        assert_eq!(
            q(&a, "alias", QType::A, None).answers(),
            vec!["my-service.default.svc.cluster.local.", "10.96.0.20"]
        );
        let ip = q(&a, "by-ip", QType::A, None);
        assert_eq!(ip.rcode, Rcode::NxDomain);
        assert!(ip.explanation.contains("IP address"), "{}", ip.explanation);
        // A CNAME loop ends (NODATA), it does not hang.
        assert_eq!(q(&a, "loop-a", QType::A, None).answers(), Vec::<&str>::new());
    }

    #[test]
    fn pod_names() {
        let a = analysis();
        let r = q(&a, "10-244-1-11.default.pod.cluster.local", QType::A, None);
        assert_eq!(r.answers(), vec!["10.244.1.11"]);
        assert!(r.explanation.contains("web-1"), "{}", r.explanation);
        assert_eq!(q(&a, "1-2-3-4.default.pod", QType::A, None).answers(), vec!["1.2.3.4"]);
        assert_eq!(q(&a, "1-2-3-4.nope.pod.cluster.local", QType::A, None).rcode, Rcode::NxDomain);
        assert_eq!(q(&a, "web-1.default.pod.cluster.local", QType::A, None).rcode, Rcode::NxDomain);
        assert_eq!(q(&a, "fd00--1.default.pod.cluster.local", QType::AAAA, None).answers(), vec!["fd00::1"]);
    }

    #[test]
    fn odd_names_never_panic() {
        let a = analysis();
        let long = "a".repeat(300);
        for name in [
            "",
            ".",
            "..",
            "a..b",
            " ",
            "名前",
            "é.default.svc.cluster.local",
            &long,
            "*.default.svc.cluster.local",
            "_._.my-service",
            "x.y.z.my-service.default.svc.cluster.local",
            "-",
        ] {
            for t in [QType::A, QType::AAAA, QType::SRV, QType::CNAME] {
                let r = q(&a, name, t, Some("ümlaut"));
                assert!(!r.explanation.is_empty());
                assert!(r.name.ends_with('.'));
            }
        }
    }

    #[test]
    fn the_listing_answers_its_own_names() {
        let a = analysis();
        assert!(!a.dns.records.is_empty());
        for r in &a.dns.records {
            let ans = q(&a, &r.name, r.rtype, None);
            assert!(ans.answers().contains(&r.data.as_str()), "{} {}: {:?}", r.name, r.rtype, ans);
        }
        let lines = crate::report::section(&a, "dns").unwrap_or_default();
        assert!(lines.contains(&"my-service.default.svc.cluster.local. 5 IN A 10.96.0.20".to_string()), "{lines:#?}");
        assert!(
            lines.contains(&"ext.prod.svc.cluster.local. 5 IN CNAME my.service.domain.com.".to_string()),
            "{lines:#?}"
        );
        assert!(!lines.iter().any(|l| l.starts_with("by-ip.") || l.contains("kube-dns")), "{lines:#?}");
    }
}
