//! [`ClusterSettings`]: the cluster the analysis models — its Service and pod ranges, nodePort
//! range, DNS domain, Kubernetes version and kube-proxy mode — each with where it comes from
//! ([`SettingSource`]). The `settings` stage works them out (`crate::settings`); every rule that
//! depends on the cluster reads them from here.

use crate::model::IpFamily;
use crate::util::ip::Cidr;
use serde::Serialize;

/// Where a setting's value comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum SettingSource {
    /// Written in the input: the document (e.g. `ConfigMap/kube-system/kubeadm-config
    /// ClusterConfiguration`), the field, and where (source index, 1-based line and column).
    #[serde(rename_all = "camelCase")]
    Stated { document: String, field: String, source: usize, line: u32, column: u32 },
    /// Worked out from the input's objects (`from` says which, e.g. "the clusterIPs of 14
    /// Services").
    Inferred { from: String },
    /// Nothing in the input says: the playground's default (a kubeadm cluster).
    Default,
}

impl SettingSource {
    pub fn is_stated(&self) -> bool {
        matches!(self, SettingSource::Stated { .. })
    }
    pub fn is_default(&self) -> bool {
        matches!(self, SettingSource::Default)
    }
    /// `stated`, `inferred` or `default`.
    pub fn label(&self) -> &'static str {
        match self {
            SettingSource::Stated { .. } => "stated",
            SettingSource::Inferred { .. } => "inferred",
            SettingSource::Default => "default",
        }
    }
    /// One line for people: `stated in ConfigMap/kube-system/kubeadm-config (line 12)`, ...
    pub fn describe(&self) -> String {
        match self {
            SettingSource::Stated { document, field, line, .. } => {
                format!("stated: {document} `{field}` (line {line})")
            }
            SettingSource::Inferred { from } => format!("inferred from {from}"),
            SettingSource::Default => "default".to_string(),
        }
    }
}

/// One setting: its value and where the value comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Setting<T> {
    pub value: T,
    pub source: SettingSource,
}

impl<T> Setting<T> {
    pub fn default_value(value: T) -> Self {
        Setting { value, source: SettingSource::Default }
    }
}

/// kube-proxy's `mode` (`KubeProxyConfiguration.mode`; "" means iptables on Linux).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProxyMode {
    Iptables,
    Ipvs,
    Nftables,
}

impl ProxyMode {
    pub fn parse(s: &str) -> Option<ProxyMode> {
        match s {
            "" | "iptables" => Some(ProxyMode::Iptables),
            "ipvs" => Some(ProxyMode::Ipvs),
            "nftables" => Some(ProxyMode::Nftables),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ProxyMode::Iptables => "iptables",
            ProxyMode::Ipvs => "ipvs",
            ProxyMode::Nftables => "nftables",
        }
    }
}

/// `--service-node-port-range`, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PortRange {
    pub min: i64,
    pub max: i64,
}

impl std::fmt::Display for PortRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.min, self.max)
    }
}

/// Where the cluster's nodes come from: Node objects, the pods' `nodeName` and `hostIP`, or the
/// default three.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum NodesFrom {
    Input,
    Pods,
    Default,
}

/// The newest Kubernetes minor version the playground models (the default).
pub const NEWEST_MINOR: u32 = 37;
/// The oldest minor version whose behaviour the playground models.
pub const OLDEST_MINOR: u32 = 33;
/// kubeadm's default `networking.serviceSubnet`.
pub const DEFAULT_SERVICE_CIDR: &str = "10.96.0.0/12";
/// The IPv6 Service range assumed when the input implies IPv6 but states none (kind's default).
pub const DEFAULT_SERVICE_CIDR_V6: &str = "fd00:10:96::/112";
/// The pod range the playground's nodes take /24s from (flannel's and kind's default).
pub const DEFAULT_POD_CIDR: &str = "10.244.0.0/16";
/// The IPv6 pod range assumed when the input implies IPv6 pods but states none (kind's).
pub const DEFAULT_POD_CIDR_V6: &str = "fd00:10:244::/56";
pub const DEFAULT_NODE_PORTS: PortRange = PortRange { min: 30000, max: 32767 };
pub const DEFAULT_CLUSTER_DOMAIN: &str = "cluster.local";

/// The cluster the analysis models.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterSettings {
    /// Service CIDRs, one per IP family, the primary (default) family first.
    #[serde(rename = "serviceCIDRs")]
    pub service_cidrs: Setting<Vec<String>>,
    /// Pod CIDRs (the cluster's `--cluster-cidr`), one per family, the primary first.
    #[serde(rename = "podCIDRs")]
    pub pod_cidrs: Setting<Vec<String>>,
    pub node_port_range: Setting<PortRange>,
    pub cluster_domain: Setting<String>,
    /// The Kubernetes minor version (`1.<minor>`).
    pub minor_version: Setting<u32>,
    pub proxy_mode: Setting<ProxyMode>,
    /// Where the nodes come from (the nodes themselves are `Analysis::nodes`).
    pub nodes: Setting<NodesFrom>,
}

impl Default for ClusterSettings {
    fn default() -> Self {
        ClusterSettings {
            service_cidrs: Setting::default_value(vec![DEFAULT_SERVICE_CIDR.to_string()]),
            pod_cidrs: Setting::default_value(vec![DEFAULT_POD_CIDR.to_string()]),
            node_port_range: Setting::default_value(DEFAULT_NODE_PORTS),
            cluster_domain: Setting::default_value(DEFAULT_CLUSTER_DOMAIN.to_string()),
            minor_version: Setting::default_value(NEWEST_MINOR),
            proxy_mode: Setting::default_value(ProxyMode::Iptables),
            nodes: Setting::default_value(NodesFrom::Default),
        }
    }
}

impl ClusterSettings {
    /// The IP families Services can have, the primary first.
    pub fn families(&self) -> Vec<IpFamily> {
        let mut out = Vec::new();
        for c in self.service_cidrs.value.iter().filter_map(|c| Cidr::parse(c)) {
            let f = if c.v4 { IpFamily::IPv4 } else { IpFamily::IPv6 };
            if !out.contains(&f) {
                out.push(f);
            }
        }
        if out.is_empty() {
            out.push(IpFamily::IPv4);
        }
        out
    }

    /// The family Services get when they ask for none.
    pub fn primary_family(&self) -> IpFamily {
        self.families().first().copied().unwrap_or(IpFamily::IPv4)
    }

    pub fn has_family(&self, f: IpFamily) -> bool {
        self.families().contains(&f)
    }

    pub fn dual_stack(&self) -> bool {
        self.families().len() > 1
    }

    /// The Service CIDR of a family.
    pub fn service_cidr(&self, f: IpFamily) -> Option<Cidr> {
        family_cidr(&self.service_cidrs.value, f)
    }

    /// The Service CIDR text of a family.
    pub fn service_cidr_text(&self, f: IpFamily) -> Option<&str> {
        self.service_cidrs
            .value
            .iter()
            .map(String::as_str)
            .find(|c| Cidr::parse(c).is_some_and(|c| c.v4 == (f == IpFamily::IPv4)))
    }

    /// The pod CIDR of a family.
    pub fn pod_cidr(&self, f: IpFamily) -> Option<Cidr> {
        family_cidr(&self.pod_cidrs.value, f)
    }

    /// `default/kubernetes`' clusterIP: the first address of the primary Service CIDR.
    pub fn kubernetes_ip(&self) -> Option<String> {
        self.service_cidr(self.primary_family()).and_then(|c| c.nth(1))
    }

    /// `kube-system/kube-dns`' clusterIP: the tenth address of the primary Service CIDR
    /// (kubeadm's choice).
    pub fn dns_ip(&self) -> Option<String> {
        self.service_cidr(self.primary_family()).and_then(|c| c.nth(10))
    }

    pub fn domain(&self) -> &str {
        &self.cluster_domain.value
    }

    pub fn minor(&self) -> u32 {
        self.minor_version.value
    }

    /// Whether the cluster runs Kubernetes 1.`minor` or newer.
    pub fn at_least(&self, minor: u32) -> bool {
        self.minor() >= minor
    }

    /// The Service CIDRs as text, comma-separated (as `--service-cluster-ip-range` writes them).
    pub fn service_cidrs_text(&self) -> String {
        self.service_cidrs.value.join(",")
    }
}

fn family_cidr(cidrs: &[String], f: IpFamily) -> Option<Cidr> {
    cidrs.iter().filter_map(|c| Cidr::parse(c)).find(|c| c.v4 == (f == IpFamily::IPv4))
}
