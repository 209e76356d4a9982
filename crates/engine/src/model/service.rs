//! A Service as the API server stores it, with its enumerated fields parsed: what every stage
//! after admission reads. The same object in the API's own shape (`crate::api::Service`) is kept
//! beside it (see [`ServiceBody`]) for the stored view and for later updates.

use super::{
    IpFamily, IpFamilyPolicy, IpMode, Protocol, ServiceType, SessionAffinity, TrafficDistribution, TrafficPolicy,
};
use crate::api::{self, IntOrString, ObjectMeta};
use crate::labels::Labels;

/// An admitted Service.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub metadata: ObjectMeta,
    pub spec: ServiceSpec,
    pub status: ServiceStatus,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServiceSpec {
    pub type_: ServiceType,
    pub ports: Vec<ServicePort>,
    pub selector: Option<Labels>,
    pub cluster_ip: Option<String>,
    /// `["None"]` for a headless Service; empty for ExternalName.
    pub cluster_ips: Vec<String>,
    pub external_ips: Vec<String>,
    pub session_affinity: SessionAffinity,
    /// `sessionAffinityConfig.clientIP.timeoutSeconds` (set for ClientIP affinity).
    pub affinity_timeout: Option<i64>,
    pub load_balancer_ip: Option<String>,
    pub load_balancer_source_ranges: Vec<String>,
    pub external_name: Option<String>,
    /// Set on externally accessible Services.
    pub external_traffic_policy: Option<TrafficPolicy>,
    pub health_check_node_port: Option<i64>,
    pub publish_not_ready_addresses: bool,
    pub ip_families: Vec<IpFamily>,
    pub ip_family_policy: Option<IpFamilyPolicy>,
    pub allocate_load_balancer_node_ports: Option<bool>,
    pub load_balancer_class: Option<String>,
    /// Unset for ExternalName.
    pub internal_traffic_policy: Option<TrafficPolicy>,
    pub traffic_distribution: Option<TrafficDistribution>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServicePort {
    /// "" when unnamed.
    pub name: String,
    pub protocol: Protocol,
    pub app_protocol: Option<String>,
    pub port: i64,
    /// As defaulted: a number (the port itself when not written) or a container port name.
    pub target_port: IntOrString,
    pub node_port: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceStatus {
    /// `status.loadBalancer.ingress`: the cloud controller's observed state.
    pub ingress: Vec<LoadBalancerIngress>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LoadBalancerIngress {
    pub ip: Option<String>,
    pub hostname: Option<String>,
    pub ip_mode: Option<IpMode>,
}

impl Service {
    /// The admitted form of a Service the API server accepted (defaulted, allocated, validated:
    /// every enumerated value is one the API knows; anything else falls back to the default).
    pub fn admitted(s: &api::Service) -> Service {
        let sp = &s.spec;
        let affinity = sp.session_affinity.as_deref().and_then(SessionAffinity::parse).unwrap_or(SessionAffinity::None);
        Service {
            metadata: s.metadata.clone(),
            spec: ServiceSpec {
                type_: sp.type_.as_deref().and_then(ServiceType::parse).unwrap_or(ServiceType::ClusterIp),
                ports: sp
                    .ports
                    .iter()
                    .map(|p| ServicePort {
                        name: p.name.clone().unwrap_or_default(),
                        protocol: Protocol::or_tcp(p.protocol.as_deref()),
                        app_protocol: p.app_protocol.clone(),
                        port: p.port,
                        target_port: match &p.target_port {
                            None | Some(IntOrString::Int(0)) => IntOrString::Int(p.port),
                            Some(IntOrString::Str(t)) if t.is_empty() => IntOrString::Int(p.port),
                            Some(t) => t.clone(),
                        },
                        node_port: p.node_port.filter(|n| *n != 0),
                    })
                    .collect(),
                selector: sp.selector.clone(),
                cluster_ip: sp.cluster_ip.clone(),
                cluster_ips: sp.cluster_ips.clone(),
                external_ips: sp.external_ips.clone(),
                session_affinity: affinity,
                affinity_timeout: sp
                    .session_affinity_config
                    .as_ref()
                    .and_then(|c| c.client_ip.as_ref())
                    .and_then(|c| c.timeout_seconds)
                    .filter(|_| affinity == SessionAffinity::ClientIp),
                load_balancer_ip: sp.load_balancer_ip.clone(),
                load_balancer_source_ranges: sp.load_balancer_source_ranges.clone(),
                external_name: sp.external_name.clone(),
                external_traffic_policy: sp.external_traffic_policy.as_deref().and_then(TrafficPolicy::parse),
                health_check_node_port: sp.health_check_node_port.filter(|n| *n != 0),
                publish_not_ready_addresses: sp.publish_not_ready_addresses.unwrap_or(false),
                ip_families: sp.ip_families.iter().filter_map(|f| IpFamily::parse(f)).collect(),
                ip_family_policy: sp.ip_family_policy.as_deref().and_then(IpFamilyPolicy::parse),
                allocate_load_balancer_node_ports: sp.allocate_load_balancer_node_ports,
                load_balancer_class: sp.load_balancer_class.clone(),
                internal_traffic_policy: sp.internal_traffic_policy.as_deref().and_then(TrafficPolicy::parse),
                traffic_distribution: sp.traffic_distribution.as_deref().and_then(TrafficDistribution::parse),
            },
            status: ServiceStatus {
                ingress: s
                    .status
                    .load_balancer
                    .ingress
                    .iter()
                    .map(|g| LoadBalancerIngress {
                        ip: g.ip.clone(),
                        hostname: g.hostname.clone(),
                        ip_mode: g.ip_mode.as_deref().and_then(IpMode::parse),
                    })
                    .collect(),
            },
        }
    }

    /// `selector` set and non-empty: the controllers manage this Service's endpoints.
    pub fn has_selector(&self) -> bool {
        self.spec.selector.as_ref().is_some_and(|s| !s.is_empty())
    }

    /// Headless: `clusterIP: None` (no virtual IP; DNS answers with the endpoints).
    pub fn is_headless(&self) -> bool {
        self.spec.cluster_ips.first().map(String::as_str) == Some("None")
            || self.spec.cluster_ip.as_deref() == Some("None")
    }

    /// `ExternallyAccessible`: LoadBalancer, NodePort, or ClusterIP with `externalIPs`.
    pub fn externally_accessible(&self) -> bool {
        match self.spec.type_ {
            ServiceType::LoadBalancer | ServiceType::NodePort => true,
            ServiceType::ClusterIp => !self.spec.external_ips.is_empty(),
            ServiceType::ExternalName => false,
        }
    }

    /// NodePort and LoadBalancer Services open node ports.
    pub fn has_node_ports(&self) -> bool {
        matches!(self.spec.type_, ServiceType::NodePort | ServiceType::LoadBalancer)
    }
}

/// A Service object: the object in the API's shape (as written, then as stored once admitted)
/// and, once the API server admitted it, its parsed form.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceBody {
    pub api: api::Service,
    pub admitted: Option<Service>,
}
