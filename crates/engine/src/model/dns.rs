//! The DNS stage's output: the records CoreDNS serves, and the answer to one query.

use serde::Serialize;

/// The cluster domain (kubelet `clusterDomain`, CoreDNS `kubernetes cluster.local ...`).
pub const ZONE: &str = "cluster.local";
/// The TTL of every answer (CoreDNS `kubernetes` plugin default).
pub const TTL: u32 = 5;
/// The pods' resolver `ndots` (kubelet's resolv.conf).
pub const NDOTS: usize = 5;
use std::collections::HashMap;

/// A query type the playground answers.
#[allow(clippy::upper_case_acronyms)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum QType {
    A,
    AAAA,
    SRV,
    CNAME,
}

impl QType {
    pub fn as_str(self) -> &'static str {
        match self {
            QType::A => "A",
            QType::AAAA => "AAAA",
            QType::SRV => "SRV",
            QType::CNAME => "CNAME",
        }
    }
    /// `A`, `aaaa`, `Srv`, ... (case-insensitive).
    pub fn parse(s: &str) -> Option<QType> {
        match s.to_ascii_uppercase().as_str() {
            "A" => Some(QType::A),
            "AAAA" => Some(QType::AAAA),
            "SRV" => Some(QType::SRV),
            "CNAME" => Some(QType::CNAME),
            _ => None,
        }
    }
}

impl std::fmt::Display for QType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The response code. NODATA is `NoError` with no answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Rcode {
    #[serde(rename = "NOERROR")]
    NoError,
    #[serde(rename = "NXDOMAIN")]
    NxDomain,
}

impl Rcode {
    pub fn as_str(self) -> &'static str {
        match self {
            Rcode::NoError => "NOERROR",
            Rcode::NxDomain => "NXDOMAIN",
        }
    }
}

/// The answer to one [`query`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DnsAnswer {
    /// The FQDN that answered (lower case, trailing dot). For NXDOMAIN: the candidate of the
    /// search path that came closest to existing.
    pub name: String,
    #[serde(rename = "type")]
    pub qtype: QType,
    pub rcode: Rcode,
    /// The answer's records. An A/AAAA query answered through a CNAME lists the CNAME first,
    /// then the addresses it resolves to (when CoreDNS resolves it itself). Serialised like
    /// `dig +short` (the CLI's `answers`): A/AAAA `"10.96.0.10"`, CNAME `"target."`, SRV
    /// `"priority weight port target."`.
    #[serde(rename = "answers", serialize_with = "record_data")]
    pub records: Vec<DnsRecord>,
    /// One plain sentence: why this answer.
    pub explanation: String,
    /// The name CoreDNS forwards to the upstream resolver when the cluster's zone has no answer and
    /// the search path ends outside it at a multi-label name (`example.com.`): the real answer
    /// comes from there and is not modelled (`rcode` then says only that the cluster has no
    /// such name). Absent from the JSON when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream: Option<String>,
}

/// One resource record of the zone listing.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct DnsRecord {
    /// Owner name, FQDN with trailing dot.
    pub name: String,
    #[serde(rename = "type")]
    pub rtype: QType,
    /// RDATA as in a zone file (`10.96.0.10`, `target.`, `0 100 80 target.`).
    pub data: String,
}

/// Records as their data only (`dig +short`).
fn record_data<S: serde::Serializer>(records: &[DnsRecord], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(records.iter().map(|r| r.data.as_str()))
}

impl DnsAnswer {
    /// The answer like `dig +short`: each record's data.
    pub fn answers(&self) -> Vec<&str> {
        self.records.iter().map(|r| r.data.as_str()).collect()
    }

    /// The addresses (A and AAAA records).
    pub fn addresses(&self) -> impl Iterator<Item = &str> {
        self.records.iter().filter(|r| matches!(r.rtype, QType::A | QType::AAAA)).map(|r| r.data.as_str())
    }

    /// The CNAME target, without its trailing dot.
    pub fn cname(&self) -> Option<&str> {
        self.records.iter().find(|r| r.rtype == QType::CNAME).map(|r| r.data.trim_end_matches('.'))
    }
}

impl DnsRecord {
    /// Zone-file line: `name. 5 IN A 10.96.0.10`.
    pub fn line(&self) -> String {
        format!("{} {} IN {} {}", self.name, TTL, self.rtype, self.data)
    }
}

/// How CoreDNS sees a Service.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum DnsServiceKind {
    /// ClusterIP, NodePort or LoadBalancer: answers with the cluster IPs.
    #[default]
    ClusterIP,
    /// `clusterIP: None`: answers with the published endpoints.
    Headless,
    /// Answers with a CNAME.
    ExternalName,
}

/// A port as DNS sees it: the Service port (ClusterIP) or the endpoint port (headless).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DnsPort {
    /// "" when unnamed (no `_name._proto` SRV record).
    pub name: String,
    pub protocol: String,
    pub port: i64,
}

/// One endpoint CoreDNS publishes for a Service (its EndpointSlice `ready` condition is true).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DnsEndpoint {
    pub address: String,
    /// The endpoint's DNS label: its `hostname`, else the dashed address (`10-244-1-11`).
    pub hostname: String,
    /// True when `hostname` came from the endpoint's `hostname` field (pod `spec.hostname` with
    /// `spec.subdomain` = the Service name).
    pub explicit_hostname: bool,
    /// The endpoint's ports (empty: the slice has no ports; A records only).
    pub ports: Vec<DnsPort>,
    /// The pod behind the endpoint, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod: Option<String>,
}

/// One valid Service, as CoreDNS caches it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsService {
    pub namespace: String,
    pub name: String,
    pub kind: DnsServiceKind,
    /// `spec.type` (ClusterIP, NodePort, LoadBalancer, ExternalName).
    #[serde(rename = "type")]
    pub type_: super::ServiceType,
    pub cluster_ips: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_name: Option<String>,
    pub ports: Vec<DnsPort>,
    /// Published endpoints (headless A/SRV, and endpoint names of any Service).
    pub endpoints: Vec<DnsEndpoint>,
    /// Endpoints in the slices that are not published (ready false).
    pub unpublished: usize,
    /// A Service every kubeadm cluster has (`default/kubernetes`, `kube-system/kube-dns`) that is
    /// not in the input: answered, but not part of the listing.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub built_in: bool,
    /// Endpoint indices by hostname label.
    #[serde(skip)]
    pub(crate) by_hostname: HashMap<String, Vec<usize>>,
}

/// A pod known from the input, for the pod-IP records of the listing.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DnsPod {
    pub namespace: String,
    pub name: String,
    pub ips: Vec<String>,
}

/// Everything cluster DNS knows.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DnsTable {
    pub zone: String,
    pub ttl: u32,
    /// Namespaces that exist (built-in ones, Namespace objects, namespaces of valid objects).
    pub namespaces: Vec<String>,
    pub services: Vec<DnsService>,
    pub pods: Vec<DnsPod>,
    /// The zone listing: every record of every Service name, `_port._proto` name and endpoint
    /// name of a headless Service, ExternalName CNAMEs and the pod-IP names of known pods; sorted.
    pub records: Vec<DnsRecord>,
    /// Service index by (namespace, name).
    #[serde(skip)]
    pub(crate) by_name: HashMap<(String, String), usize>,
}
