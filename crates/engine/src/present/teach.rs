//! Teaching aids beside a Service: where its type sits on the "ClusterIP ⊂ NodePort ⊂
//! LoadBalancer" ladder ([`ladder`]), how one request's port changes on the way to a container
//! ([`port_chains`]), which of a pod's labels the selector reads ([`pod_labels`]), the words the
//! traffic trace uses ([`GLOSSARY`]) and the Kubernetes documentation page for a type or an
//! explaining check ([`type_docs`], [`check_docs`]). Links only: nothing here fetches anything.

use super::pod::PodState;
use crate::api::{IntOrString, Pod};
use crate::diag::Code;
use crate::model::{ObjectId, Protocol, ServicePort, ServiceType};
use crate::{Analysis, ServiceView};

const SERVICE_DOCS: &str = "https://kubernetes.io/docs/concepts/services-networking/service/";
const VIRTUAL_IPS_DOCS: &str = "https://kubernetes.io/docs/reference/networking/virtual-ips/";

/// The documentation of a Service type on kubernetes.io.
pub fn type_docs(t: ServiceType) -> &'static str {
    match t {
        ServiceType::ClusterIp => "https://kubernetes.io/docs/concepts/services-networking/service/#type-clusterip",
        ServiceType::NodePort => "https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport",
        ServiceType::LoadBalancer => "https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer",
        ServiceType::ExternalName => "https://kubernetes.io/docs/concepts/services-networking/service/#externalname",
    }
}

/// The kubernetes.io page that explains what an explaining check (`crate::checks`) is about;
/// None for the other codes.
pub fn check_docs(code: Code) -> Option<&'static str> {
    Some(match code {
        Code::EndpointsTruncated => "https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#endpoints",
        Code::EndpointsSkipMirror | Code::ManualEndpointsOverwritten | Code::EndpointsUnknownService => {
            "https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors"
        }
        Code::SliceMissingServiceName | Code::SliceUnknownService | Code::SliceManagedByController => {
            "https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#management"
        }
        Code::PodOnUnknownNode => "https://kubernetes.io/docs/concepts/architecture/nodes/",
        Code::LocalPolicyDropsOnNodes | Code::NoReadyEndpointsExternal => {
            "https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy"
        }
        Code::InternalLocalDrops => "https://kubernetes.io/docs/reference/networking/virtual-ips/#internal-traffic-policy",
        Code::LoadBalancerPending => type_docs(ServiceType::LoadBalancer),
        Code::ExternalIpIsNodeIp => "https://kubernetes.io/docs/concepts/services-networking/service/#external-ips",
        Code::SessionAffinitySingleEndpoint => "https://kubernetes.io/docs/reference/networking/virtual-ips/#session-affinity",
        Code::ExternalNameIsIp => type_docs(ServiceType::ExternalName),
        Code::SelectsNoPods | Code::SelectsSeveralWorkloads => {
            "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"
        }
        Code::PodsInOtherNamespace => "https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/",
        Code::TargetPortNotExposed => "https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports",
        Code::NoReadyPods => {
            "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-readiness-probes"
        }
        _ => return None,
    })
}

/// Where a Service type stands against the shown one on the ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rung {
    /// The shown Service's type.
    Current,
    /// A smaller type: the shown Service has all it gives too.
    Included,
    /// A larger type: more than the shown Service has.
    Beyond,
    /// Not on the ladder's path (ExternalName, or a rung a setting switches off).
    Apart,
}

/// One type of the ladder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub type_: ServiceType,
    pub rung: Rung,
    /// What this type adds to the one before it.
    pub adds: &'static str,
    pub docs: &'static str,
}

/// "ClusterIP ⊂ NodePort ⊂ LoadBalancer", with ExternalName apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ladder {
    /// ClusterIP, NodePort, LoadBalancer.
    pub steps: Vec<Step>,
    /// ExternalName: a DNS alias, not a rung of the ladder.
    pub external_name: Step,
    /// A note on the shown Service: headless, or a LoadBalancer without node ports.
    pub note: Option<&'static str>,
}

/// The ladder with the Service `v`'s type marked (None: `v` is no admitted Service of `a`).
pub fn ladder(a: &Analysis, v: &ServiceView) -> Option<Ladder> {
    let svc = a.objects.get(v.object)?.service()?;
    let t = svc.spec.type_;
    let order = [ServiceType::ClusterIp, ServiceType::NodePort, ServiceType::LoadBalancer];
    let at = order.iter().position(|&x| x == t);
    let no_node_ports = t == ServiceType::LoadBalancer && svc.spec.allocate_load_balancer_node_ports == Some(false);
    let steps = order
        .iter()
        .enumerate()
        .map(|(i, &type_)| {
            let rung = match at {
                Some(n) if n == i => Rung::Current,
                Some(_) if no_node_ports && type_ == ServiceType::NodePort => Rung::Apart,
                Some(n) if i < n => Rung::Included,
                _ => Rung::Beyond,
            };
            Step { type_, rung, adds: adds(type_), docs: type_docs(type_) }
        })
        .collect();
    let external_name = Step {
        type_: ServiceType::ExternalName,
        rung: if t == ServiceType::ExternalName { Rung::Current } else { Rung::Apart },
        adds: adds(ServiceType::ExternalName),
        docs: type_docs(ServiceType::ExternalName),
    };
    let note = if t == ServiceType::ExternalName {
        Some("ExternalName is not on the ladder: it is only a DNS name (CNAME) that points elsewhere.")
    } else if svc.is_headless() {
        Some("Headless (clusterIP: None): no virtual IP; DNS answers with the pod IPs themselves.")
    } else if no_node_ports {
        Some("allocateLoadBalancerNodePorts: false: this load balancer sends to the pods directly, without node ports.")
    } else {
        None
    };
    Some(Ladder { steps, external_name, note })
}

fn adds(t: ServiceType) -> &'static str {
    match t {
        ServiceType::ClusterIp => "a virtual IP and DNS name, reachable from inside the cluster",
        ServiceType::NodePort => "+ the same port opened on every node's IP",
        ServiceType::LoadBalancer => "+ an external load balancer that sends to those node ports",
        ServiceType::ExternalName => "a DNS alias (CNAME) only: no virtual IP, no proxying",
    }
}

/// Where one request's port is read or rewritten, from outside in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    /// The field: `nodePort`, `port`, `targetPort`, `containerPort`.
    pub field: &'static str,
    /// Its value, as the Service (or pod) has it.
    pub value: String,
    /// What it means, in this Service.
    pub meaning: String,
}

/// What one container port a Service port reaches, on which pods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodTarget {
    /// The port number traffic arrives at (None: a named targetPort the pods do not define).
    pub container_port: Option<i64>,
    /// The container that declares it, and the port's name there.
    pub container: Option<String>,
    pub port_name: Option<String>,
    /// The pods declare it as a `containerPort` with the Service port's protocol.
    pub declared: bool,
    pub pods: Vec<String>,
}

/// One Service port, from the outside to the container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortChain {
    pub name: String,
    pub protocol: Protocol,
    pub hops: Vec<Hop>,
    /// The selected pods, grouped by the container port they receive on.
    pub targets: Vec<PodTarget>,
}

/// The port chains of the Service `v`, one per port (empty for ExternalName: its ports are not
/// used).
pub fn port_chains(a: &Analysis, v: &ServiceView) -> Vec<PortChain> {
    let Some(svc) = a.objects.get(v.object).and_then(|o| o.service()) else { return Vec::new() };
    if svc.spec.type_ == ServiceType::ExternalName {
        return Vec::new();
    }
    let headless = svc.is_headless();
    let ip = svc.spec.cluster_ip.as_deref().filter(|_| !headless);
    let pods: Vec<(&str, &Pod)> = v
        .selected
        .iter()
        .filter_map(|&i| a.objects.get(i))
        .filter_map(|o| o.pod().map(|p| (o.name.as_str(), p)))
        .collect();
    svc.spec
        .ports
        .iter()
        .map(|sp| {
            let mut hops = Vec::new();
            if let Some(n) = sp.node_port {
                hops.push(Hop {
                    field: "nodePort",
                    value: n.to_string(),
                    meaning: format!("opened on every node's IP; kube-proxy sends it on as port {}", sp.port),
                });
            }
            let meaning = match ip {
                Some(ip) => format!("the Service port: clients connect to {ip}:{}", sp.port),
                None if headless => {
                    "the Service port, for DNS (SRV) only: headless traffic goes straight to the pods".into()
                }
                None => "the Service port, on the cluster IP once one is allocated".into(),
            };
            hops.push(Hop { field: "port", value: sp.port.to_string(), meaning });
            let meaning = match &sp.target_port {
                IntOrString::Int(t) if *t == sp.port => format!("the port on the pod: {t}, the same as port"),
                IntOrString::Int(t) => format!("the port on the pod: kube-proxy rewrites {} to {t}", sp.port),
                IntOrString::Str(name) => {
                    format!("a name: each pod's containerPort called \"{name}\" ({}), so pods may differ", sp.protocol)
                }
            };
            hops.push(Hop { field: "targetPort", value: sp.target_port.to_string(), meaning });
            PortChain { name: sp.name.clone(), protocol: sp.protocol, hops, targets: targets(&pods, sp) }
        })
        .collect()
}

/// The selected pods grouped by where the Service port `sp` lands in them.
fn targets(pods: &[(&str, &Pod)], sp: &ServicePort) -> Vec<PodTarget> {
    let mut out: Vec<PodTarget> = Vec::new();
    for (name, pod) in pods {
        let number = crate::endpoints::find_port(pod, sp);
        let sidecars = pod.spec.init_containers.iter().filter(|c| c.restart_policy.as_deref() == Some("Always"));
        let found = number.and_then(|n| {
            pod.spec.containers.iter().chain(sidecars).find_map(|c| {
                c.ports
                    .iter()
                    .find(|p| p.container_port == n && p.protocol == sp.protocol.as_str())
                    .map(|p| (c.name.clone(), p.name.clone()))
            })
        });
        let t = PodTarget {
            container_port: number,
            declared: found.is_some(),
            container: found.as_ref().map(|f| f.0.clone()),
            port_name: found.and_then(|f| f.1),
            pods: Vec::new(),
        };
        // Compared field by field: cloning each group (its pod names too) to compare it made this
        // quadratic in the selected pods (500 pods: 125,000 names copied on every render).
        let same = |x: &PodTarget| {
            (x.container_port, x.declared, &x.container, &x.port_name)
                == (t.container_port, t.declared, &t.container, &t.port_name)
        };
        match out.iter_mut().find(|x| same(x)) {
            Some(x) => x.pods.push(name.to_string()),
            None => out.push(PodTarget { pods: vec![name.to_string()], ..t }),
        }
    }
    out
}

/// A pod label as the selector sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A selector key, with the value it wants.
    Matches,
    /// A selector key with another value (the selector wants `want`).
    Differs { want: String },
    /// Not a key of the selector: it does not matter to this Service.
    Ignored,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Badge {
    pub key: String,
    pub value: String,
    pub mark: Mark,
}

/// A pod of the Service's namespace with its labels marked against the selector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodLabels {
    pub object: ObjectId,
    pub name: String,
    pub state: PodState,
    /// Selector keys first (in key order), then the other labels.
    pub badges: Vec<Badge>,
    /// Selector terms the pod has no label for: `(key, wanted value)`.
    pub missing: Vec<(String, String)>,
}

/// The pods the Service `v` selects, then the near misses: pods of its namespace that carry at
/// least one of the selector's keys but are not selected. Empty when the Service has no selector.
pub fn pod_labels(a: &Analysis, v: &ServiceView) -> Vec<PodLabels> {
    let mut shown = pod_labels_first(a, v, usize::MAX, usize::MAX);
    shown.selected.append(&mut shown.near);
    shown.selected
}

/// The first pods of [`pod_labels`], as a page shows them: at most `selected` of the selected
/// ones and `near` of the near misses, with how many near misses there are in all. Only the pods
/// shown get their labels marked (a 1,000-pod Service shows a dozen).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodLabelsShown {
    pub selected: Vec<PodLabels>,
    pub near: Vec<PodLabels>,
    /// Every near miss, shown or not.
    pub near_total: usize,
}

/// See [`PodLabelsShown`].
pub fn pod_labels_first(a: &Analysis, v: &ServiceView, selected_max: usize, near_max: usize) -> PodLabelsShown {
    let mut out = PodLabelsShown::default();
    let Some(sel) = a.objects.get(v.object).and_then(|o| o.service()).and_then(|s| s.spec.selector.as_ref()) else {
        return out;
    };
    if sel.is_empty() {
        return out;
    }
    let chosen: std::collections::BTreeSet<ObjectId> = v.selected.iter().copied().collect();
    for (i, o, p) in a.pods() {
        let selected = chosen.contains(&i);
        if o.namespace != v.namespace || !(selected || sel.keys().any(|k| p.metadata.labels.contains_key(k))) {
            continue;
        }
        if !selected {
            out.near_total += 1;
        }
        let full = if selected { out.selected.len() >= selected_max } else { out.near.len() >= near_max };
        if full {
            continue;
        }
        let mut badges: Vec<Badge> = Vec::new();
        let mut missing = Vec::new();
        for (k, want) in sel.iter() {
            match p.metadata.labels.get(k) {
                Some(have) if have == want => {
                    badges.push(Badge { key: k.clone(), value: have.clone(), mark: Mark::Matches })
                }
                Some(have) => badges.push(Badge {
                    key: k.clone(),
                    value: have.clone(),
                    mark: Mark::Differs { want: want.clone() },
                }),
                None => missing.push((k.clone(), want.clone())),
            }
        }
        for (k, val) in p.metadata.labels.iter().filter(|(k, _)| !sel.contains_key(*k)) {
            badges.push(Badge { key: k.clone(), value: val.clone(), mark: Mark::Ignored });
        }
        let entry = PodLabels { object: i, name: o.name.clone(), state: PodState::of(p, selected), badges, missing };
        if selected {
            out.selected.push(entry);
        } else {
            out.near.push(entry);
        }
    }
    out
}

/// A term the traffic trace uses, explained.
pub struct Term {
    /// The anchor id of the entry (`glossary-dnat`).
    pub id: &'static str,
    pub term: &'static str,
    pub meaning: &'static str,
}

/// The trace's jargon, in the order a request meets it.
pub const GLOSSARY: &[Term] = &[
    Term {
        id: "glossary-vip",
        term: "VIP (virtual IP)",
        meaning: "The Service's cluster IP. No machine owns it: it exists only as packet-rewriting rules \
                  that kube-proxy installs on every node, which is why it cannot be pinged.",
    },
    Term {
        id: "glossary-dnat",
        term: "DNAT",
        meaning: "Destination NAT: the node rewrites where a packet is going, from the Service's IP and \
                  port to one chosen pod's IP and targetPort. Replies are rewritten back on the way out.",
    },
    Term {
        id: "glossary-snat",
        term: "SNAT",
        meaning: "Source NAT: the node rewrites where a packet says it comes from, to the node's own IP, so \
                  the reply comes back through the same node. The pod then sees the node, not the client.",
    },
    Term {
        id: "glossary-masquerade",
        term: "Masquerade",
        meaning: "The form of SNAT kube-proxy uses: the packet takes the address of the interface it \
                  leaves by. It marks packets to masquerade (e.g. external traffic with the Cluster \
                  policy) and rewrites them as they leave the node.",
    },
    Term {
        id: "glossary-chains",
        term: "KUBE-SVC / KUBE-EXT",
        meaning: "The iptables chains kube-proxy writes per Service port: KUBE-SVC-… picks an endpoint \
                  for traffic from inside the cluster; KUBE-EXT-… handles traffic from outside (node \
                  ports, external and load-balancer IPs), applies externalTrafficPolicy, then jumps to \
                  the same endpoints. KUBE-SERVICES and KUBE-NODEPORTS are the entry points.",
    },
    Term {
        id: "glossary-hairpin",
        term: "Hairpin",
        meaning: "A pod reaching itself through its own Service: the packet leaves the pod and is sent \
                  straight back to it. kube-proxy masquerades it so the reply does not skip the rewrite.",
    },
];

/// The kubernetes.io page on how kube-proxy implements Services (the glossary's source of truth).
pub fn glossary_docs() -> &'static str {
    VIRTUAL_IPS_DOCS
}

/// The Service concept page.
pub fn service_docs() -> &'static str {
    SERVICE_DOCS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing::{
        analysis, view, EXTERNALNAME, HEADLESS, LOADBALANCER, MULTI_PORT, MY_SERVICE, NODEPORT,
    };

    fn rungs(l: &Ladder) -> Vec<(ServiceType, Rung)> {
        l.steps.iter().chain([&l.external_name]).map(|s| (s.type_, s.rung)).collect()
    }

    #[test]
    fn the_ladder_marks_the_current_type_and_the_ones_it_contains() {
        use ServiceType::*;
        let a = analysis(MY_SERVICE);
        let l = ladder(&a, view(&a, "my-service")).unwrap();
        assert_eq!(
            rungs(&l),
            [
                (ClusterIp, Rung::Current),
                (NodePort, Rung::Beyond),
                (LoadBalancer, Rung::Beyond),
                (ExternalName, Rung::Apart)
            ]
        );
        assert_eq!(l.note, None);
        let a = analysis(NODEPORT);
        let l = ladder(&a, &a.services[0]).unwrap();
        assert_eq!(
            rungs(&l)[..3],
            [(ClusterIp, Rung::Included), (NodePort, Rung::Current), (LoadBalancer, Rung::Beyond)]
        );
        let a = analysis(LOADBALANCER);
        let l = ladder(&a, &a.services[0]).unwrap();
        assert_eq!(
            rungs(&l)[..3],
            [(ClusterIp, Rung::Included), (NodePort, Rung::Included), (LoadBalancer, Rung::Current)]
        );
        let a = analysis(EXTERNALNAME);
        let l = ladder(&a, &a.services[0]).unwrap();
        assert!(l.steps.iter().all(|s| s.rung == Rung::Beyond));
        assert_eq!(l.external_name.rung, Rung::Current);
        assert!(l.note.unwrap().contains("CNAME"));
        let a = analysis(HEADLESS);
        assert!(ladder(&a, &a.services[0]).unwrap().note.unwrap().starts_with("Headless"));
        assert!(l.steps.iter().all(|s| s.docs.starts_with("https://kubernetes.io/docs/")));
    }

    #[test]
    fn a_load_balancer_without_node_ports_skips_the_node_port_rung() {
        let text = LOADBALANCER
            .replace("  type: LoadBalancer", "  type: LoadBalancer\n  allocateLoadBalancerNodePorts: false");
        let a = analysis(&text);
        let l = ladder(&a, &a.services[0]).unwrap();
        assert_eq!(l.steps[1].rung, Rung::Apart, "{text}");
        assert!(l.note.unwrap().contains("without node ports"));
    }

    #[test]
    fn the_port_chain_of_the_docs_example_names_its_numbers() {
        let a = analysis(MY_SERVICE);
        let v = view(&a, "my-service");
        let c = port_chains(&a, v);
        assert_eq!(c.len(), 1);
        let fields: Vec<(&str, &str)> = c[0].hops.iter().map(|h| (h.field, h.value.as_str())).collect();
        assert_eq!(fields, [("port", "80"), ("targetPort", "9376")]);
        assert!(c[0].hops[1].meaning.contains("rewrites 80 to 9376"), "{:?}", c[0].hops[1]);
        let ip = a.objects[v.object].service().unwrap().spec.cluster_ip.clone().unwrap();
        assert!(c[0].hops[0].meaning.contains(&format!("{ip}:80")));
        assert_eq!(c[0].targets.len(), 1);
        let t = &c[0].targets[0];
        assert_eq!((t.container_port, t.pods.clone()), (Some(9376), vec!["myapp-1".to_string(), "myapp-2".into()]));
    }

    #[test]
    fn node_ports_come_first_and_named_target_ports_resolve_per_pod() {
        let a = analysis(NODEPORT);
        let c = port_chains(&a, &a.services[0]);
        assert_eq!(c[0].hops[0].field, "nodePort");
        assert_eq!(c[0].hops[0].value, "30007");
        let a = analysis(MULTI_PORT);
        for chain in port_chains(&a, &a.services[0]) {
            for t in &chain.targets {
                assert!(t.container_port.is_some() && !t.pods.is_empty(), "{chain:?}");
            }
        }
        let a = analysis(EXTERNALNAME);
        assert!(port_chains(&a, &a.services[0]).is_empty());
    }

    #[test]
    fn a_named_target_port_no_pod_defines_has_no_container_port() {
        let text = MY_SERVICE.replace("targetPort: 9376", "targetPort: web");
        let a = analysis(&text);
        let c = port_chains(&a, view(&a, "my-service"));
        assert!(c[0].hops[1].meaning.contains("called \"web\""));
        assert!(c[0].targets.iter().all(|t| t.container_port.is_none() && !t.declared), "{:?}", c[0].targets);
    }

    #[test]
    fn labels_are_marked_against_the_selector() {
        let a = analysis(MY_SERVICE);
        let pods = pod_labels(&a, view(&a, "my-service"));
        let names: Vec<&str> = pods.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["myapp-1", "myapp-2", "other-app"]);
        assert_eq!(pods[0].badges[0], Badge { key: "app".into(), value: "MyApp".into(), mark: Mark::Matches });
        assert_eq!(pods[2].state, PodState::Unselected);
        assert_eq!(pods[2].badges[0].mark, Mark::Differs { want: "MyApp".into() });
        // A key the pod lacks is listed as missing; a label the selector ignores is marked so.
        let text = MY_SERVICE.replacen("app: MyApp\n", "app: MyApp\n    tier: web\n", 1);
        let a = analysis(&text);
        let pods = pod_labels(&a, view(&a, "my-service"));
        assert!(pods.iter().all(|p| p.state == PodState::Unselected), "{text}");
        assert_eq!(pods[0].missing, [("tier".to_string(), "web".to_string())]);
        let a = analysis(crate::present::testing::WITHOUT_SELECTOR);
        assert!(pod_labels(&a, &a.services[0]).is_empty());
    }

    #[test]
    fn every_check_links_to_kubernetes_docs() {
        for code in crate::checks::CODES {
            let url = check_docs(code).unwrap_or_else(|| panic!("{code:?} has no docs link"));
            assert!(url.starts_with("https://kubernetes.io/docs/"), "{url}");
        }
        assert_eq!(check_docs(Code::ALL[0]).is_some(), crate::checks::CODES.contains(&Code::ALL[0]));
        let ids: std::collections::BTreeSet<&str> = GLOSSARY.iter().map(|t| t.id).collect();
        assert_eq!(ids.len(), GLOSSARY.len());
    }
}
