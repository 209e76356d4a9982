//! A Service's details as the page heads them: type, address, ports, selector, and the pods it
//! selects with their states.

use super::pod::PodState;
use crate::labels::Labels;
use crate::model::{ObjectId, Protocol, ServicePort, ServiceType};
use crate::{Analysis, ServiceView};

/// The Service's address, by kind of Service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Address<'a> {
    /// ExternalName: the CNAME target (None: not written).
    ExternalName(Option<&'a str>),
    /// `clusterIP: None`: no virtual IP.
    Headless,
    /// The allocated cluster IP (None: none yet).
    ClusterIp(Option<&'a str>),
}

/// A Service port as the page writes it: `80/TCP → 9376`, with ` · nodePort 30007` when it has
/// one (the targetPort as defaulted: a number or a container port name).
pub fn port_text(p: &ServicePort) -> String {
    let mut s = format!("{}/{} → {}", p.port, p.protocol, p.target_port);
    if let Some(n) = p.node_port {
        s.push_str(&format!(" · nodePort {n}"));
    }
    s
}

/// `http 80/TCP`, or `80/TCP` when `name` is empty.
pub fn port_label(name: &str, port: i64, protocol: Protocol) -> String {
    if name.is_empty() {
        format!("{port}/{protocol}")
    } else {
        format!("{name} {port}/{protocol}")
    }
}

/// A pod the Service selects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectedPod<'a> {
    pub object: ObjectId,
    pub name: &'a str,
    /// None: the pod has no IP yet.
    pub ip: Option<&'a str>,
    pub state: PodState,
}

/// Why a Service selects no pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoPods {
    /// An ExternalName Service is a DNS alias: it never sends to pods.
    ExternalName,
    /// It has a selector, and no pod matches it.
    NoMatch,
    /// It has no selector: its endpoints are managed by hand.
    NoSelector,
}

/// The Service as the page heads it.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceSummary<'a> {
    pub type_: ServiceType,
    pub address: Address<'a>,
    pub ports: &'a [ServicePort],
    /// The selector (None: none, or an empty one).
    pub selector: Option<&'a Labels>,
    /// The selected pods, in input order.
    pub pods: Vec<SelectedPod<'a>>,
    /// How many of `pods` are Ready (terminating ones included, as their condition says).
    pub ready: usize,
    /// Why `pods` is empty (meaningful only then).
    pub no_pods: NoPods,
}

/// The details of the Service `v` (None: it is not an admitted Service of `a`).
pub fn summary<'a>(a: &'a Analysis, v: &ServiceView) -> Option<ServiceSummary<'a>> {
    let svc = a.objects.get(v.object)?.service()?;
    let spec = &svc.spec;
    let selector = spec.selector.as_ref().filter(|s| !s.is_empty());
    let address = if spec.type_ == ServiceType::ExternalName {
        Address::ExternalName(spec.external_name.as_deref())
    } else if svc.is_headless() {
        Address::Headless
    } else {
        Address::ClusterIp(spec.cluster_ip.as_deref())
    };
    let pods: Vec<SelectedPod> = v
        .selected
        .iter()
        .filter_map(|&i| a.objects.get(i).map(|o| (i, o)))
        .map(|(i, o)| {
            let pod = o.pod();
            SelectedPod {
                object: i,
                name: &o.name,
                ip: pod.and_then(|p| p.ip()),
                state: pod.map_or(PodState::NotReady, |p| PodState::of(p, true)),
            }
        })
        .collect();
    let ready =
        v.selected.iter().filter_map(|&i| a.objects.get(i)).filter(|o| o.pod().is_some_and(|p| p.status.ready)).count();
    let no_pods = if spec.type_ == ServiceType::ExternalName {
        NoPods::ExternalName
    } else if svc.has_selector() {
        NoPods::NoMatch
    } else {
        NoPods::NoSelector
    };
    Some(ServiceSummary { type_: spec.type_, address, ports: &spec.ports, selector, pods, ready, no_pods })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing::{analysis, view, EXTERNALNAME, HEADLESS, MY_SERVICE, NODEPORT, WITHOUT_SELECTOR};

    #[test]
    fn my_service() {
        let a = analysis(MY_SERVICE);
        let s = summary(&a, view(&a, "my-service")).unwrap();
        assert_eq!(s.type_, ServiceType::ClusterIp);
        assert!(matches!(s.address, Address::ClusterIp(Some(ip)) if ip.starts_with("10.")), "{:?}", s.address);
        assert_eq!(s.ports.iter().map(port_text).collect::<Vec<_>>(), ["80/TCP → 9376"]);
        assert_eq!(
            s.selector.map(|l| l.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>()),
            Some(vec!["app=MyApp".to_string()])
        );
        let pods: Vec<(&str, Option<&str>, PodState)> = s.pods.iter().map(|p| (p.name, p.ip, p.state)).collect();
        assert_eq!(
            pods,
            [("myapp-1", Some("10.244.1.11"), PodState::Ready), ("myapp-2", Some("10.244.2.12"), PodState::Ready)]
        );
        assert_eq!(s.ready, 2);
    }

    #[test]
    fn node_port_text() {
        let a = analysis(NODEPORT);
        let s = summary(&a, &a.services[0]).unwrap();
        assert_eq!(s.type_, ServiceType::NodePort);
        assert_eq!(port_text(&s.ports[0]), "80/TCP → 80 · nodePort 30007");
    }

    #[test]
    fn addresses_and_why_no_pods() {
        let a = analysis(EXTERNALNAME);
        let s = summary(&a, &a.services[0]).unwrap();
        assert_eq!(s.address, Address::ExternalName(Some("my.service.domain.com")));
        assert!(s.pods.is_empty());
        assert_eq!(s.no_pods, NoPods::ExternalName);

        let a = analysis(HEADLESS);
        let s = summary(&a, &a.services[0]).unwrap();
        assert_eq!(s.address, Address::Headless);

        let a = analysis(WITHOUT_SELECTOR);
        let s = summary(&a, &a.services[0]).unwrap();
        assert!(s.selector.is_none());
        assert_eq!(s.no_pods, NoPods::NoSelector);
        assert_eq!(port_label("http", 80, Protocol::Udp), "http 80/UDP");
    }
}
