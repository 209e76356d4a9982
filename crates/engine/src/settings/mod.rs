//! Stage `settings`: the cluster the input implies ([`ClusterSettings`]), each setting with its
//! source. In order: what the input **states** (a kubeadm `ClusterConfiguration`, the
//! `kube-proxy` and `kubelet` configurations, see [`stated`]); what its objects **imply** (the
//! Services' clusterIPs, the Nodes' podCIDRs, the pods' IPs and nodes, see [`infer`]); else the
//! playground's **default** (a kubeadm cluster: 10.96.0.0/12, 10.244.0.0/16, 30000-32767,
//! `cluster.local`, Kubernetes 1.37, iptables, three nodes).
//!
//! Every inferred setting is reported once as Info, saying how to state it. Stated settings win:
//! a Service that contradicts them gets the API server's own error in the `admit` stage.

pub(crate) mod infer;
pub(crate) mod stated;

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{
    Body, ClusterSettings, Diagnostics, NodesFrom, Objects, Setting, SettingSource, Source, NEWEST_MINOR, OLDEST_MINOR,
};

/// The cluster's settings, from the input's configuration documents and objects.
pub fn run(objects: &Objects, sources: &[Source], sink: &mut Diagnostics) -> ClusterSettings {
    let mut found = Vec::new();
    let st = stated::read(objects, sources, &mut found);
    for d in found {
        sink.push(d);
    }
    let mut c = ClusterSettings::default();
    let how =
        "a kubeadm ClusterConfiguration document (apiVersion: kubeadm.k8s.io/v1beta4, kind: ClusterConfiguration)";

    match st.service_cidrs {
        Some(s) => c.service_cidrs = s,
        None => {
            if let Some(i) = infer::service_cidrs(objects) {
                c.service_cidrs = i.setting();
                let v = i.value.join(",");
                let d = Diagnostic::new(
                    Severity::Info,
                    Code::ClusterSettingInferred,
                    format!("the cluster's Service CIDR is taken to be {v}, inferred from {}", i.from),
                )
                .help(format!("to state it, add {how} with `networking: {{serviceSubnet: \"{v}\"}}`"));
                if let Some((o, field)) = i.at {
                    sink.report(o, field, d);
                }
            }
        }
    }
    match st.pod_cidrs {
        Some(s) => c.pod_cidrs = s,
        None => {
            if let Some(i) = infer::pod_cidrs(objects, &c.service_cidrs.value) {
                c.pod_cidrs = i.setting();
                let v = i.value.join(",");
                let d = Diagnostic::new(
                    Severity::Info,
                    Code::ClusterSettingInferred,
                    format!("the cluster's pod CIDR is taken to be {v}, inferred from {}", i.from),
                )
                .help(format!("to state it, add {how} with `networking: {{podSubnet: \"{v}\"}}`"));
                if let Some((o, field)) = i.at {
                    sink.report(o, field, d);
                }
            }
        }
    }
    if let Some(s) = st.node_ports {
        c.node_port_range = s;
    }
    if let Some(s) = st.domain {
        c.cluster_domain = s;
    }
    if let Some(s) = st.proxy_mode {
        c.proxy_mode = s;
    }
    match st.minor {
        Some(mut s) => {
            let written = s.value;
            s.value = written.clamp(OLDEST_MINOR, NEWEST_MINOR);
            if written != s.value {
                if let SettingSource::Stated { source, line, column, document, field } = &s.source {
                    let p = crate::yaml::Pos { line: *line, column: *column };
                    let mut d = Diagnostic::new(Severity::Info, Code::ClusterSettingInferred, format!("Kubernetes 1.{written} is outside the versions the playground models (1.{OLDEST_MINOR} to 1.{NEWEST_MINOR}): modelled as 1.{}", s.value))
                        .help("state a version from 1.33 to 1.37 to model that version's behaviour exactly");
                    d.source = *source;
                    d.span = crate::yaml::Span { start: p, end: p };
                    d.object = Some(document.clone());
                    d.field = Some(field.clone());
                    sink.push(d);
                }
            }
            c.minor_version = s;
        }
        None => {
            if let Some((i, written)) = infer::minor_version(objects) {
                c.minor_version = i.setting();
                let clamped = if written != i.value {
                    format!(" (1.{written} is outside the versions the playground models)")
                } else {
                    String::new()
                };
                let d = Diagnostic::new(
                    Severity::Info,
                    Code::ClusterSettingInferred,
                    format!("the cluster is taken to run Kubernetes 1.{}{clamped}, inferred from {}", i.value, i.from),
                )
                .help(format!("to state it, add {how} with `kubernetesVersion: v1.{}.0`", i.value));
                if let Some((o, field)) = i.at {
                    sink.report(o, field, d);
                }
            }
        }
    }
    c.nodes = nodes(objects, sink);
    c
}

/// Where the nodes come from: the input's Nodes, the pods' nodes, or the default three.
fn nodes(objects: &Objects, sink: &mut Diagnostics) -> Setting<NodesFrom> {
    if let Some(o) = objects.iter().find(|o| o.valid && matches!(o.body, Body::Node(_))) {
        let p = o.root.locate("metadata.name").0.start;
        let count = objects.iter().filter(|o| o.valid && matches!(o.body, Body::Node(_))).count();
        return Setting {
            value: NodesFrom::Input,
            source: SettingSource::Stated {
                document: format!(
                    "{count} Node object{}, the first {}",
                    if count == 1 { "" } else { "s" },
                    o.reference()
                ),
                field: "metadata.name".into(),
                source: o.source,
                line: p.line,
                column: p.column,
            },
        };
    }
    match infer::nodes_from_pods(objects) {
        Some(i) => {
            let d = Diagnostic::new(
                Severity::Info,
                Code::ClusterSettingInferred,
                format!("no Node in the input: the cluster's nodes are inferred from {}", i.from),
            )
            .help("add the Node objects (`kubectl get nodes -o yaml`) to model their zones, readiness and pod CIDRs");
            if let Some((o, field)) = i.at {
                sink.report(o, field, d);
            }
            i.setting()
        }
        None => Setting::default_value(NodesFrom::Default),
    }
}
