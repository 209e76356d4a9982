//! A changed cluster setting as a text edit: the `ClusterConfiguration` document of the text gets
//! the new value (its `apiServer.extraArgs` entry too, when one states the setting there), or a
//! new `ClusterConfiguration` document is appended (`kubeadm.k8s.io/v1beta4`).

use crate::edit::editor::Editor;
use crate::edit::find::{at, find_all, parse_errors};
use crate::edit::text::Text;
use crate::edit::val::{append_document, Val};
use crate::edit::Target;
use crate::yaml::Node;

/// A setting a kubeadm `ClusterConfiguration` states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClusterSettingEdit {
    /// `networking.serviceSubnet` (and `--service-cluster-ip-range`): one CIDR per family,
    /// comma-separated.
    ServiceCidrs(String),
    /// `networking.podSubnet`.
    PodCidrs(String),
    /// `--service-node-port-range`, e.g. `30000-32767`.
    NodePortRange(String),
    /// `networking.dnsDomain`.
    ClusterDomain(String),
    /// `kubernetesVersion`, e.g. `v1.34.0`.
    KubernetesVersion(String),
}

impl ClusterSettingEdit {
    /// The field of `ClusterConfiguration`, and the kube-apiserver flag that overrides it.
    fn field(&self) -> (&'static [&'static str], Option<&'static str>, &str) {
        match self {
            ClusterSettingEdit::ServiceCidrs(v) => {
                (&["networking", "serviceSubnet"], Some("service-cluster-ip-range"), v)
            }
            ClusterSettingEdit::PodCidrs(v) => (&["networking", "podSubnet"], None, v),
            ClusterSettingEdit::NodePortRange(v) => (&[], Some("service-node-port-range"), v),
            ClusterSettingEdit::ClusterDomain(v) => (&["networking", "dnsDomain"], None, v),
            ClusterSettingEdit::KubernetesVersion(v) => (&["kubernetesVersion"], None, v),
        }
    }
}

/// Writes `setting` into the text's `ClusterConfiguration` document, or appends one.
pub fn set_cluster_setting(text: &str, setting: &ClusterSettingEdit) -> Result<String, String> {
    let (path, flag, value) = setting.field();
    let value = value.trim();
    if value.is_empty() {
        return Err("the new value is empty".into());
    }
    let target = Target::new("ClusterConfiguration", "", "");
    let out = match find_all(text, &target).pop() {
        Some(found) => {
            let t = Text::new(text);
            let mut ed = Editor::new(&t, found.json);
            let root = found.root.node();
            let args = at(root, &["apiServer", "extraArgs"]);
            let in_args = flag.and_then(|f| args.map(|a| (f, a)));
            match in_args {
                // v1beta3: a map of flags.
                Some((f, a)) if a.as_map().is_some() && a.get(f).is_some() => {
                    ed.set_path(a, &[f], Val::Str(value.into()))?
                }
                // v1beta4: a list of {name, value}.
                Some((f, a)) if a.as_seq().is_some_and(|s| s.iter().any(|i| is_arg(i, f))) => {
                    let item = a.as_seq().unwrap_or_default().iter().rev().find(|i| is_arg(*i, f));
                    if let Some(item) = item {
                        ed.set_path(item, &["value"], Val::Str(value.into()))?;
                    }
                }
                _ if !path.is_empty() => ed.set_path(root, path, Val::Str(value.into()))?,
                Some((f, a)) if a.as_map().is_some() => ed.set_path(a, &[f], Val::Str(value.into()))?,
                Some((f, a)) if a.as_seq().is_some() => ed.append_item(a, arg(f, value))?,
                _ => {
                    let f = flag.unwrap_or_default();
                    ed.set_path(root, &["apiServer", "extraArgs"], Val::IndentlessSeq(vec![arg(f, value)]))?
                }
            }
            ed.apply()?
        }
        None => {
            if text.contains("ClusterConfiguration: |") || text.contains("\"ClusterConfiguration\":") {
                return Err("the cluster settings are stated in the kube-system/kubeadm-config ConfigMap: edit its ClusterConfiguration text".into());
            }
            let body = match (path.is_empty(), flag) {
                (true, Some(f)) => {
                    vec![(
                        "apiServer".to_string(),
                        Val::Map(vec![("extraArgs".into(), Val::IndentlessSeq(vec![arg(f, value)]))]),
                    )]
                }
                _ => nest(path, value),
            };
            let mut doc = vec![
                ("apiVersion".to_string(), Val::Str("kubeadm.k8s.io/v1beta4".into())),
                ("kind".to_string(), Val::Str("ClusterConfiguration".into())),
            ];
            doc.extend(body);
            let nl = Text::new(text).nl;
            let mut out = text.to_string();
            append_document(&mut out, &Val::Map(doc), nl);
            out
        }
    };
    // Read it again: the settings stage must now state the new value, and nothing broke.
    if parse_errors(&out) > parse_errors(text) {
        return Err("could not edit the ClusterConfiguration safely in this text".into());
    }
    let a = crate::analyze(&[crate::model::Source::new("edit", out.clone())]);
    let c = &a.cluster;
    let stated = match setting {
        ClusterSettingEdit::ServiceCidrs(_) => c.service_cidrs.source.is_stated(),
        ClusterSettingEdit::PodCidrs(_) => c.pod_cidrs.source.is_stated(),
        ClusterSettingEdit::NodePortRange(_) => c.node_port_range.source.is_stated(),
        ClusterSettingEdit::ClusterDomain(_) => c.cluster_domain.source.is_stated(),
        ClusterSettingEdit::KubernetesVersion(_) => c.minor_version.source.is_stated(),
    };
    if !stated {
        return Err(format!("{value:?} is not a valid value for this setting"));
    }
    Ok(out)
}

fn is_arg(item: Node, flag: &str) -> bool {
    item.get("name").and_then(|n| n.as_str()) == Some(flag)
}

fn arg(flag: &str, value: &str) -> Val {
    Val::Map(vec![("name".into(), Val::Str(flag.into())), ("value".into(), Val::Str(value.into()))])
}

fn nest(path: &[&str], value: &str) -> Vec<(String, Val)> {
    match path {
        [] => Vec::new(),
        [last] => vec![(last.to_string(), Val::Str(value.into()))],
        [first, rest @ ..] => vec![(first.to_string(), Val::Map(nest(rest, value)))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SettingSource;

    const SVC: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n";

    #[test]
    fn appends_a_cluster_configuration() {
        let out = set_cluster_setting(SVC, &ClusterSettingEdit::ServiceCidrs("10.0.0.0/16".into())).unwrap();
        assert!(out.starts_with(SVC), "{out}");
        assert!(out.ends_with("---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  serviceSubnet: 10.0.0.0/16\n"), "{out}");
        let a = crate::analyze(&[crate::model::Source::new("t", out)]);
        assert_eq!(a.cluster.service_cidrs.value, ["10.0.0.0/16"]);
        assert!(matches!(a.cluster.service_cidrs.source, SettingSource::Stated { line: 9, .. }));
        let np = set_cluster_setting(SVC, &ClusterSettingEdit::NodePortRange("20000-22767".into())).unwrap();
        assert!(
            np.contains("apiServer:\n  extraArgs:\n  - name: service-node-port-range\n    value: 20000-22767\n"),
            "{np}"
        );
    }

    #[test]
    fn updates_the_existing_document_and_its_overriding_flag() {
        let text = format!("{SVC}---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration # ours\nnetworking:\n  podSubnet: 10.244.0.0/16\napiServer:\n  extraArgs:\n  - name: service-cluster-ip-range\n    value: 10.96.0.0/12\n");
        let out =
            set_cluster_setting(&text, &ClusterSettingEdit::ServiceCidrs("10.0.0.0/16,fd00::/112".into())).unwrap();
        assert!(out.contains("# ours") && out.contains("value: \"10.0.0.0/16,fd00::/112\""), "{out}");
        let out = set_cluster_setting(&out, &ClusterSettingEdit::ClusterDomain("corp.example".into())).unwrap();
        assert!(out.contains("  podSubnet: 10.244.0.0/16\n  dnsDomain: corp.example\n"), "{out}");
        let a = crate::analyze(&[crate::model::Source::new("t", out)]);
        assert_eq!(a.cluster.service_cidrs.value, ["10.0.0.0/16", "fd00::/112"]);
        assert_eq!(a.cluster.domain(), "corp.example");
    }

    #[test]
    fn refuses_a_malformed_value() {
        assert!(set_cluster_setting(SVC, &ClusterSettingEdit::ServiceCidrs("10.0.0.0/33".into())).is_err());
        assert!(set_cluster_setting(SVC, &ClusterSettingEdit::KubernetesVersion("latest".into())).is_err());
    }
}
