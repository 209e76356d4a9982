//! One sentence above the diagram: where new connections to the focused frontend go.

use super::model::{Mode, Model};
use crate::model::{FrontendKind, Verdict};
use crate::util::text::percent;

/// The sentence, in parts the page styles (names as code, the shares in bold).
#[derive(Clone, Debug, PartialEq)]
pub enum Summary {
    /// DNS answers `fqdn` with a CNAME to `target`.
    ExternalName { fqdn: String, target: String },
    /// DNS answers `fqdn` with the ready pods' IPs.
    Headless { fqdn: String },
    /// No kube-proxy rules, and why.
    Unproxied(String),
    /// The chosen port has no frontend.
    NoFrontends,
    /// `lead` ("From a pod to cluster IP 10.96.0.10:80: "), then the shares ("myapp-1 50%"); when
    /// no pod gets anything, `shares` is empty and `lead` says so.
    Proxied { lead: String, shares: Vec<String> },
}

/// Above this many pods with a share, the sentence gives the spread instead of each pod.
const PODS_NAMED: usize = 6;

pub fn summary(m: &Model) -> Summary {
    match &m.mode {
        Mode::ExternalName { fqdn, target } => Summary::ExternalName { fqdn: fqdn.clone(), target: target.clone() },
        Mode::Headless { fqdn } => Summary::Headless { fqdn: fqdn.clone() },
        Mode::Unproxied(why) => Summary::Unproxied(why.clone()),
        Mode::Proxied => {
            let Some(f) = &m.focus else { return Summary::NoFrontends };
            let who = match f.kind {
                FrontendKind::ClusterIP => "From a pod",
                FrontendKind::LoadBalancer => "From an external client through the load balancer",
                _ => "From an external client",
            };
            let named: Vec<(&str, f64)> = m
                .lanes
                .iter()
                .flat_map(|l| l.pods.iter())
                .filter_map(|p| p.share.filter(|s| *s > 0.0).map(|s| (p.name.as_str(), s)))
                .collect();
            let mut parts: Vec<String> = if m.share_count <= PODS_NAMED && named.len() == m.share_count {
                named.iter().map(|(n, s)| format!("{n} {}", percent(*s))).collect()
            } else {
                let served = (1.0 - m.dropped_share).max(0.0);
                let (max, min) = m.share_range;
                if (max - min).abs() < 1e-6 {
                    vec![format!("{} spread over {} pods, {} each", percent(served), m.share_count, percent(max))]
                } else {
                    vec![format!(
                        "{} spread over {} pods, {} to {} each",
                        percent(served),
                        m.share_count,
                        percent(min),
                        percent(max)
                    )]
                }
            };
            if m.dropped_share > 0.0005 {
                parts.push(format!("dropped {}", percent(m.dropped_share)));
            }
            // Whether nodes differ: then the sentence says how clients spread over them.
            let nodes_differ =
                m.lanes.iter().any(|l| l.entry.as_ref().is_some_and(|e| e.specific || e.verdict != Verdict::Forward));
            let spread = match f.kind {
                FrontendKind::ClusterIP if nodes_differ => " (the same from every node)",
                FrontendKind::ClusterIP => "",
                FrontendKind::LoadBalancer => " (spread evenly over the nodes the load balancer uses)",
                _ => " (clients spread evenly over the nodes)",
            };
            if parts.is_empty() {
                Summary::Proxied { lead: format!("{who} to {}: no pod gets it.", f.label()), shares: Vec::new() }
            } else {
                Summary::Proxied { lead: format!("{who} to {}{spread}: ", f.label()), shares: parts }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::diagram::{build, Options};
    use crate::present::testing::{analysis, view, EXTERNALNAME, HEADLESS, LOADBALANCER, MY_SERVICE};

    fn of(text: &str, name: &str) -> Summary {
        let a = analysis(text);
        summary(&build(&a, view(&a, name), &Options { port_idx: 0, focus: None, show_all_nodes: false }))
    }

    #[test]
    fn cluster_ip_names_each_pod() {
        match of(MY_SERVICE, "my-service") {
            Summary::Proxied { lead, shares } => {
                assert!(lead.starts_with("From a pod to cluster IP 10."), "{lead}");
                assert!(lead.ends_with(":80: "), "{lead}");
                assert_eq!(shares, ["myapp-1 50%", "myapp-2 50%"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn load_balancer_with_a_local_policy() {
        match of(LOADBALANCER, "web-local") {
            Summary::Proxied { lead, .. } => {
                assert!(
                    lead.starts_with("From an external client through the load balancer to load balancer "),
                    "{lead}"
                );
                assert!(lead.contains("(spread evenly over the nodes the load balancer uses)"), "{lead}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn dns_only_services() {
        assert_eq!(of(HEADLESS, "nginx"), Summary::Headless { fqdn: "nginx.default.svc.cluster.local".into() });
        assert_eq!(
            of(EXTERNALNAME, "my-service"),
            Summary::ExternalName {
                fqdn: "my-service.prod.svc.cluster.local".into(),
                target: "my.service.domain.com".into()
            }
        );
    }
}
