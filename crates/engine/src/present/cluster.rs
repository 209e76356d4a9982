//! The Cluster view: every setting of the cluster the analysis models ([`ClusterSettings`]) with
//! its value, where the value comes from (a position in the text, the objects it was inferred
//! from, or the default) and, for what the text does not state, how to state it. A setting the
//! page can change names the [`ClusterSettingEdit`] that writes it into the text.

use crate::edit::ClusterSettingEdit;
use crate::model::{ClusterSettings, IpFamily, Kind, NodesFrom, SettingSource, NEWEST_MINOR, OLDEST_MINOR};
use crate::util::ip::Cidr;
use crate::Analysis;

/// A setting of the Cluster view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterField {
    ServiceCidrs,
    PodCidrs,
    NodePortRange,
    ClusterDomain,
    KubernetesVersion,
    ProxyMode,
    Nodes,
}

impl ClusterField {
    pub const ALL: [ClusterField; 7] = [
        ClusterField::ServiceCidrs,
        ClusterField::PodCidrs,
        ClusterField::NodePortRange,
        ClusterField::ClusterDomain,
        ClusterField::KubernetesVersion,
        ClusterField::ProxyMode,
        ClusterField::Nodes,
    ];

    /// A stable id (element ids, tests).
    pub fn id(self) -> &'static str {
        match self {
            ClusterField::ServiceCidrs => "service-cidrs",
            ClusterField::PodCidrs => "pod-cidrs",
            ClusterField::NodePortRange => "node-port-range",
            ClusterField::ClusterDomain => "cluster-domain",
            ClusterField::KubernetesVersion => "kubernetes-version",
            ClusterField::ProxyMode => "proxy-mode",
            ClusterField::Nodes => "nodes",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ClusterField::ServiceCidrs => "Service CIDRs",
            ClusterField::PodCidrs => "Pod CIDRs",
            ClusterField::NodePortRange => "NodePort range",
            ClusterField::ClusterDomain => "Cluster domain",
            ClusterField::KubernetesVersion => "Kubernetes version",
            ClusterField::ProxyMode => "kube-proxy mode",
            ClusterField::Nodes => "Nodes",
        }
    }

    /// The text edit that states `value` for this setting; None for a setting the page cannot
    /// write (kube-proxy's mode, the nodes).
    pub fn edit(self, value: &str) -> Option<ClusterSettingEdit> {
        // People paste "10.0.0.0/16, fd00::/108": the flag takes no spaces.
        let v: String = value.split(',').map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(",");
        match self {
            ClusterField::ServiceCidrs => Some(ClusterSettingEdit::ServiceCidrs(v)),
            ClusterField::PodCidrs => Some(ClusterSettingEdit::PodCidrs(v)),
            ClusterField::NodePortRange => Some(ClusterSettingEdit::NodePortRange(v.replace(' ', ""))),
            ClusterField::ClusterDomain => {
                Some(ClusterSettingEdit::ClusterDomain(v.trim_end_matches('.').to_ascii_lowercase()))
            }
            ClusterField::KubernetesVersion => {
                let v = v.trim_start_matches('v');
                let full = if v.matches('.').count() == 1 { format!("v{v}.0") } else { format!("v{v}") };
                Some(ClusterSettingEdit::KubernetesVersion(full))
            }
            ClusterField::ProxyMode | ClusterField::Nodes => None,
        }
    }
}

/// One value of a setting, with what it is for (the IP family of a CIDR).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub text: String,
    pub tag: Option<&'static str>,
}

/// One row of the Cluster view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingRow {
    pub field: ClusterField,
    pub values: Vec<Value>,
    /// `stated`, `inferred` or `default`.
    pub kind: &'static str,
    /// Where the value comes from, for people, to follow `kind`: (stated) "in kubeadm-config,
    /// line 12", (inferred) "from the clusterIPs of 14 Services", (default) "as kubeadm sets it".
    pub origin: String,
    /// The 1-based line and column that state it, when the text does.
    pub at: Option<(u32, u32)>,
    /// For a value the text does not state: how to state it.
    pub note: Option<String>,
    /// What the change form starts with (the value as the setting's field writes it); None when
    /// the page cannot change this setting.
    pub input: Option<String>,
    /// The values the setting takes, when they are few (the Kubernetes versions modelled).
    pub choices: Vec<String>,
}

/// A node of the cluster, as the Cluster view lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeRow {
    pub name: String,
    /// InternalIPs (one per family); empty when unknown.
    pub ips: Vec<String>,
    pub pod_cidrs: Vec<String>,
    pub zone: String,
    pub ready: bool,
}

/// The Cluster view: the settings in order, then the nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterView {
    pub rows: Vec<SettingRow>,
    pub nodes: Vec<NodeRow>,
}

/// Where the settings the page can change are stated.
const WHERE: &str = "in a kubeadm ClusterConfiguration document (apiVersion: kubeadm.k8s.io/v1beta4)";

/// Everything the Cluster view shows of `a`.
pub fn cluster_view(a: &Analysis) -> ClusterView {
    let c = &a.cluster;
    let rows = ClusterField::ALL
        .into_iter()
        .map(|f| {
            let mut r = row(a, c, f);
            if in_config_map(a) && r.input.take().is_some() {
                // `set_cluster_setting` leaves a ClusterConfiguration held as ConfigMap text alone.
                r.note = r.note.map(|n| {
                    n.replace(WHERE, "in the ClusterConfiguration text of the kube-system/kubeadm-config ConfigMap")
                        .replace(", or change it here.", ".")
                });
            }
            r
        })
        .collect();
    let nodes = a
        .nodes
        .iter()
        .map(|n| NodeRow {
            name: n.name.clone(),
            ips: n.ips(),
            pod_cidrs: n.pod_ranges(),
            zone: n.zone().unwrap_or("—").to_string(),
            ready: n.ready,
        })
        .collect();
    ClusterView { rows, nodes }
}

/// Whether the text's ClusterConfiguration is held in the `kube-system/kubeadm-config`
/// ConfigMap (and none stands on its own): the page does not rewrite text inside a ConfigMap.
fn in_config_map(a: &Analysis) -> bool {
    let objects = || a.objects.iter();
    objects().any(|o| {
        matches!(&o.kind, Kind::Other(k) if k == "ConfigMap")
            && o.namespace == "kube-system"
            && o.name == "kubeadm-config"
    }) && !objects().any(|o| matches!(&o.kind, Kind::Other(k) if k == "ClusterConfiguration"))
}

fn cidr_values(cidrs: &[String]) -> Vec<Value> {
    cidrs
        .iter()
        .map(|t| Value {
            text: t.clone(),
            tag: Cidr::parse(t).map(|c| if c.v4 { IpFamily::IPv4.as_str() } else { IpFamily::IPv6.as_str() }),
        })
        .collect()
}

fn one(text: String) -> Vec<Value> {
    vec![Value { text, tag: None }]
}

fn row(a: &Analysis, c: &ClusterSettings, field: ClusterField) -> SettingRow {
    let (values, source, input, how) = match field {
        ClusterField::ServiceCidrs => (
            cidr_values(&c.service_cidrs.value),
            &c.service_cidrs.source,
            Some(c.service_cidrs_text()),
            format!("State it as networking.serviceSubnet (one CIDR per IP family, comma-separated) {WHERE}"),
        ),
        ClusterField::PodCidrs => (
            cidr_values(&c.pod_cidrs.value),
            &c.pod_cidrs.source,
            Some(c.pod_cidrs.value.join(",")),
            format!("State it as networking.podSubnet {WHERE}"),
        ),
        ClusterField::NodePortRange => (
            one(c.node_port_range.value.to_string()),
            &c.node_port_range.source,
            Some(c.node_port_range.value.to_string()),
            format!("State it as the service-node-port-range entry of apiServer.extraArgs {WHERE}"),
        ),
        ClusterField::ClusterDomain => (
            one(c.domain().to_string()),
            &c.cluster_domain.source,
            Some(c.domain().to_string()),
            format!("State it as networking.dnsDomain (the kubelets' clusterDomain) {WHERE}"),
        ),
        ClusterField::KubernetesVersion => (
            one(format!("1.{}", c.minor())),
            &c.minor_version.source,
            Some(format!("1.{}", c.minor())),
            format!("State it as kubernetesVersion (v1.{OLDEST_MINOR} to v1.{NEWEST_MINOR} are modelled) {WHERE}"),
        ),
        ClusterField::ProxyMode => (
            one(c.proxy_mode.value.as_str().to_string()),
            &c.proxy_mode.source,
            None,
            "State it as mode (iptables, ipvs or nftables) in a KubeProxyConfiguration document (apiVersion: kubeproxy.config.k8s.io/v1alpha1) or the kube-system/kube-proxy ConfigMap".to_string(),
        ),
        ClusterField::Nodes => {
            let names: Vec<&str> = a.nodes.iter().map(|n| n.name.as_str()).collect();
            let shown = if names.len() > 4 {
                format!("{}, … ({} more)", names[..3].join(", "), names.len() - 3)
            } else {
                names.join(", ")
            };
            let count = format!("{} node{}", names.len(), if names.len() == 1 { "" } else { "s" });
            let text = if names.is_empty() { count } else { format!("{count}: {shown}") };
            let how = match c.nodes.value {
                NodesFrom::Default => "The playground's three nodes (one per zone) stand in for the cluster's: add the Node objects (kubectl get nodes -o yaml) to model yours",
                _ => "Add the Node objects (kubectl get nodes -o yaml) to model their zones, readiness and pod CIDRs",
            };
            (one(text), &c.nodes.source, None, how.to_string())
        }
    };
    let choices = if field == ClusterField::KubernetesVersion {
        (OLDEST_MINOR..=NEWEST_MINOR).rev().map(|m| format!("1.{m}")).collect()
    } else {
        Vec::new()
    };
    let (origin, at) = origin(field, source);
    SettingRow {
        field,
        values,
        kind: source.label(),
        origin,
        at,
        note: (!source.is_stated()).then(|| {
            if input.is_some() {
                format!("{how}, or change it here.")
            } else {
                format!("{how}.")
            }
        }),
        input,
        choices,
    }
}

/// The short name of a configuration document: `kubeadm-config` for the ConfigMap that holds it.
fn document_name(document: &str) -> &str {
    match document.strip_prefix("ConfigMap/") {
        Some(rest) => rest.split(' ').next().unwrap_or(rest).rsplit('/').next().unwrap_or(rest),
        None => document,
    }
}

fn origin(field: ClusterField, source: &SettingSource) -> (String, Option<(u32, u32)>) {
    match source {
        SettingSource::Stated { document, line, column, .. } if field == ClusterField::Nodes => {
            (format!("by {document}, line {line}"), Some((*line, *column)))
        }
        SettingSource::Stated { document, line, column, .. } => {
            (format!("in {}, line {line}", document_name(document)), Some((*line, *column)))
        }
        SettingSource::Inferred { from } => (format!("from {from}"), None),
        SettingSource::Default if field == ClusterField::Nodes => ("the playground's stand-ins".into(), None),
        SettingSource::Default => ("as kubeadm sets it".into(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing::{analysis, MY_SERVICE};

    fn row_of(v: &ClusterView, f: ClusterField) -> &SettingRow {
        v.rows.iter().find(|r| r.field == f).unwrap()
    }

    #[test]
    fn the_default_example_shows_the_defaults_and_how_to_state_them() {
        let v = cluster_view(&analysis(MY_SERVICE));
        assert_eq!(v.rows.len(), ClusterField::ALL.len());
        let s = row_of(&v, ClusterField::ServiceCidrs);
        assert_eq!(s.note.as_deref(), Some("State it as networking.serviceSubnet (one CIDR per IP family, comma-separated) in a kubeadm ClusterConfiguration document (apiVersion: kubeadm.k8s.io/v1beta4), or change it here."));
        assert_eq!(s.values, [Value { text: "10.96.0.0/12".into(), tag: Some("IPv4") }]);
        assert_eq!((s.kind, s.origin.as_str(), s.at), ("default", "as kubeadm sets it", None));
        assert!(s.note.as_deref().unwrap().contains("networking.serviceSubnet"), "{s:?}");
        assert!(s.note.as_deref().unwrap().ends_with("or change it here."));
        assert_eq!(s.input.as_deref(), Some("10.96.0.0/12"));
        let d = row_of(&v, ClusterField::ClusterDomain);
        assert_eq!(d.values[0].text, "cluster.local");
        let k = row_of(&v, ClusterField::KubernetesVersion);
        assert_eq!(k.choices.first().map(String::as_str), Some("1.37"));
        assert_eq!(k.choices.last().map(String::as_str), Some("1.33"));
        let p = row_of(&v, ClusterField::ProxyMode);
        assert!(p.input.is_none() && p.note.as_deref().unwrap().contains("KubeProxyConfiguration"));
        let n = row_of(&v, ClusterField::Nodes);
        assert_eq!(n.values[0].text, "3 nodes: node-a, node-b, node-c");
        assert_eq!(v.nodes.len(), 3);
    }

    #[test]
    fn a_stated_setting_points_at_its_line() {
        let text = format!(
            "{MY_SERVICE}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: kubeadm-config, namespace: kube-system}}\ndata:\n  ClusterConfiguration: |\n    kind: ClusterConfiguration\n    networking:\n      serviceSubnet: 10.0.0.0/16,fd00::/108\n      dnsDomain: corp.example\n"
        );
        let line = text.lines().position(|l| l.contains("serviceSubnet")).unwrap() as u32 + 1;
        let v = cluster_view(&analysis(&text));
        let s = row_of(&v, ClusterField::ServiceCidrs);
        assert_eq!(s.kind, "stated");
        assert_eq!(s.origin, format!("in kubeadm-config, line {line}"));
        assert_eq!(s.at.map(|p| p.0), Some(line));
        assert_eq!(s.values.iter().map(|v| v.tag).collect::<Vec<_>>(), [Some("IPv4"), Some("IPv6")]);
        assert!(s.note.is_none());
        assert_eq!(row_of(&v, ClusterField::ClusterDomain).values[0].text, "corp.example");
        // Settings held as ConfigMap text are changed there, by hand: no Change offered.
        assert!(v.rows.iter().all(|r| r.input.is_none()), "{v:?}");
        let np = row_of(&v, ClusterField::NodePortRange);
        assert_eq!(
            np.note.as_deref(),
            Some("State it as the service-node-port-range entry of apiServer.extraArgs in the ClusterConfiguration text of the kube-system/kubeadm-config ConfigMap.")
        );
    }

    #[test]
    fn inferred_settings_say_from_what() {
        let text = "apiVersion: v1\nkind: Service\nmetadata: {name: a, uid: u1}\nspec: {clusterIP: 10.0.171.239, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: a}}\nspec: {nodeName: aks-1, containers: [{name: c, image: i}]}\nstatus: {hostIP: 10.224.0.4, podIP: 10.244.3.7}\n";
        let v = cluster_view(&analysis(text));
        let s = row_of(&v, ClusterField::ServiceCidrs);
        assert_eq!(s.kind, "inferred");
        assert!(s.origin.starts_with("from the clusterIPs of 1 Service"), "{}", s.origin);
        assert!(s.note.is_some());
        let n = row_of(&v, ClusterField::Nodes);
        assert_eq!((n.kind, n.values[0].text.as_str()), ("inferred", "1 node: aks-1"));
        assert_eq!(v.nodes[0].ips, ["10.224.0.4"]);
    }

    #[test]
    fn edits_write_the_fields_value() {
        assert_eq!(
            ClusterField::ServiceCidrs.edit(" 10.0.0.0/16, fd00::/108 "),
            Some(ClusterSettingEdit::ServiceCidrs("10.0.0.0/16,fd00::/108".into()))
        );
        assert_eq!(
            ClusterField::KubernetesVersion.edit("1.34"),
            Some(ClusterSettingEdit::KubernetesVersion("v1.34.0".into()))
        );
        assert_eq!(
            ClusterField::ClusterDomain.edit("Corp.Example."),
            Some(ClusterSettingEdit::ClusterDomain("corp.example".into()))
        );
        assert_eq!(ClusterField::ProxyMode.edit("ipvs"), None);
        // Every editable row's own input, written back, states the same value.
        let v = cluster_view(&analysis(MY_SERVICE));
        for r in v.rows.iter().filter(|r| r.input.is_some()) {
            let e = r.field.edit(r.input.as_deref().unwrap()).unwrap();
            let out = crate::edit::set_cluster_setting(MY_SERVICE, &e).unwrap();
            let after = cluster_view(&analysis(&out));
            let r2 = row_of(&after, r.field);
            assert_eq!((r2.kind, &r2.values), ("stated", &r.values), "{:?}", r.field);
        }
    }
}
