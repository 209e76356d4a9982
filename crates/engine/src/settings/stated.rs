//! Settings the input states: a kubeadm `ClusterConfiguration` (a document of its own, or the
//! `ClusterConfiguration` key of the `kube-system/kubeadm-config` ConfigMap), a
//! `KubeProxyConfiguration` (its own document, or `config.conf` of `kube-system/kube-proxy`) and
//! a `KubeletConfiguration` (its own document, or `kubelet` of `kube-system/kubelet-config`).

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{Kind, Object, Objects, PortRange, ProxyMode, Setting, SettingSource, Source};
use crate::util::ip::Cidr;
use crate::yaml::{self, Doc, Node, Pos, Span};

/// What the input states, setting by setting (None: it says nothing).
#[derive(Debug, Default)]
pub(crate) struct Stated {
    pub(crate) service_cidrs: Option<Setting<Vec<String>>>,
    pub(crate) pod_cidrs: Option<Setting<Vec<String>>>,
    pub(crate) node_ports: Option<Setting<PortRange>>,
    pub(crate) domain: Option<Setting<String>>,
    pub(crate) minor: Option<Setting<u32>>,
    pub(crate) proxy_mode: Option<Setting<ProxyMode>>,
}

/// A configuration document: its tree, and how to turn its positions into the input's.
struct ConfigDoc<'a> {
    root: Doc,
    /// `ConfigMap/kube-system/kubeadm-config ClusterConfiguration`, or `ClusterConfiguration`.
    document: String,
    object: &'a Object,
    /// For a document embedded in a ConfigMap's block scalar: (the line before its first line,
    /// the column its text starts at); None for an embedded text whose lines cannot be mapped
    /// (a quoted string), where everything points at the ConfigMap key.
    shift: Option<(u32, u32)>,
    /// The ConfigMap key's span, for embedded documents.
    key_span: Span,
}

impl ConfigDoc<'_> {
    fn source(&self, node: Node, field: &str) -> SettingSource {
        let pos = self.pos(node.span().start);
        SettingSource::Stated {
            document: self.document.clone(),
            field: field.to_string(),
            source: self.object.source,
            line: pos.line,
            column: pos.column,
        }
    }

    fn pos(&self, p: Pos) -> Pos {
        match (self.object.kind == Kind::Other("ConfigMap".into()), self.shift) {
            (false, _) => p,
            (true, Some((line, col))) => Pos { line: line + p.line, column: col + p.column - 1 },
            (true, None) => self.key_span.start,
        }
    }

    fn diag(&self, node: Node, d: Diagnostic, field: &str) -> Diagnostic {
        let p = self.pos(node.span().start);
        Diagnostic {
            source: self.object.source,
            span: Span { start: p, end: p },
            object: Some(self.document.clone()),
            field: Some(field.to_string()),
            ..d
        }
    }
}

/// Reads every configuration document of the input.
pub(crate) fn read(objects: &Objects, sources: &[Source], sink: &mut Vec<Diagnostic>) -> Stated {
    let mut st = Stated::default();
    for o in objects.iter() {
        let Kind::Other(kind) = &o.kind else { continue };
        let docs: Vec<ConfigDoc> = match kind.as_str() {
            "ClusterConfiguration" | "KubeProxyConfiguration" | "KubeletConfiguration" => {
                vec![ConfigDoc {
                    root: o.root.clone(),
                    document: kind.clone(),
                    object: o,
                    shift: None,
                    key_span: o.span,
                }]
            }
            "ConfigMap" if o.namespace == "kube-system" => {
                let key = match o.name.as_str() {
                    "kubeadm-config" => "ClusterConfiguration",
                    "kube-proxy" => "config.conf",
                    "kubelet-config" => "kubelet",
                    _ => continue,
                };
                embedded(o, key, sources).into_iter().collect()
            }
            _ => continue,
        };
        for d in docs {
            match d.root.get("kind").and_then(|k| k.as_str()) {
                Some("ClusterConfiguration") => cluster_configuration(&d, &mut st, sink),
                Some("KubeProxyConfiguration") => kube_proxy_configuration(&d, &mut st, sink),
                Some("KubeletConfiguration") => kubelet_configuration(&d, &mut st, sink),
                _ => {}
            }
        }
    }
    st
}

/// The document held as text under `data.<key>` of a ConfigMap.
fn embedded<'a>(o: &'a Object, key: &str, sources: &[Source]) -> Option<ConfigDoc<'a>> {
    let data = o.root.get("data")?;
    let value = data.get(key)?;
    let text = value.as_str()?;
    let root = yaml::parse_stream(text).into_iter().find_map(|d| d.root)?;
    let outer = sources.get(o.source).map_or("", |s| &*s.text);
    let line_text = |n: u32| outer.lines().nth(n.saturating_sub(1) as usize).unwrap_or("");
    let start = value.span().start;
    let at = line_text(start.line).chars().nth(start.column.saturating_sub(1) as usize);
    // A block scalar (`|`, `>`): the text starts on the next line, at that line's indentation.
    let shift = matches!(at, Some('|' | '>')).then(|| {
        let first =
            (start.line + 1..start.line + 50).find(|n| !line_text(*n).trim().is_empty()).unwrap_or(start.line + 1);
        let indent = line_text(first).len() - line_text(first).trim_start().len();
        (first - 1, indent as u32 + 1)
    });
    Some(ConfigDoc {
        root,
        document: format!("ConfigMap/kube-system/{} {key}", o.name),
        object: o,
        shift,
        key_span: data.key_span(key).unwrap_or(value.span()),
    })
}

fn get<'n>(n: Node<'n>, path: &[&str]) -> Option<Node<'n>> {
    path.iter().try_fold(n, |n, k| n.get(k))
}

fn invalid(d: &ConfigDoc, node: Node, field: &str, message: String, help: &str) -> Diagnostic {
    d.diag(node, Diagnostic::new(Severity::Error, Code::InvalidClusterSetting, message).help(help.to_string()), field)
}

/// A comma-separated list of CIDRs, at most one per family (`--service-cluster-ip-range`,
/// `serviceSubnet`, `podSubnet`, `clusterCIDR`).
fn cidr_list(d: &ConfigDoc, node: Node, field: &str, sink: &mut Vec<Diagnostic>) -> Option<Vec<String>> {
    let text = node.as_str()?;
    let mut out: Vec<Cidr> = Vec::new();
    for part in text.split(',').map(str::trim) {
        let Some(c) = Cidr::parse(part) else {
            sink.push(invalid(
                d,
                node,
                field,
                format!("`{field}: {text}`: {part:?} is not a CIDR"),
                "write a network like 10.96.0.0/12, or an IPv4 and an IPv6 network separated by a comma",
            ));
            return None;
        };
        if out.iter().any(|o| o.v4 == c.v4) {
            sink.push(invalid(
                d,
                node,
                field,
                format!("`{field}: {text}` holds two networks of the same IP family"),
                "give at most one IPv4 and one IPv6 network",
            ));
            return None;
        }
        out.push(c);
    }
    Some(out.iter().map(|c| c.to_string()).collect())
}

/// `30000-32767`.
fn port_range(text: &str) -> Option<PortRange> {
    let (a, b) = text.trim().split_once('-')?;
    let (min, max) = (a.trim().parse::<i64>().ok()?, b.trim().parse::<i64>().ok()?);
    (0 < min && min <= max && max <= 65535).then_some(PortRange { min, max })
}

/// `v1.34.0`, `1.34`, `v1.33.5+k3s1` → 34, 33.
pub(crate) fn minor_of(version: &str) -> Option<u32> {
    let v = version.trim().trim_start_matches('v');
    let mut parts = v.split('.');
    (parts.next()? == "1").then_some(())?;
    let minor: String = parts.next()?.chars().take_while(char::is_ascii_digit).collect();
    minor.parse().ok()
}

/// Records a stated value; a second statement that disagrees is a conflict (the first stays).
fn state<T: PartialEq + std::fmt::Debug>(
    slot: &mut Option<Setting<T>>,
    value: T,
    source: SettingSource,
    what: &str,
    d: &ConfigDoc,
    node: Node,
    sink: &mut Vec<Diagnostic>,
) {
    match slot {
        Some(old) if old.value != value => {
            let msg = format!(
                "{what} is stated twice with different values: {:?} here, {:?} {}",
                value,
                old.value,
                old.source.describe()
            );
            let dg = Diagnostic::new(Severity::Warning, Code::ClusterSettingsConflict, msg)
                .help("make the statements agree; the playground uses the first one");
            let field = match &source {
                SettingSource::Stated { field, .. } => field.clone(),
                _ => String::new(),
            };
            sink.push(d.diag(node, dg, &field));
        }
        Some(_) => {}
        None => *slot = Some(Setting { value, source }),
    }
}

fn cluster_configuration(d: &ConfigDoc, st: &mut Stated, sink: &mut Vec<Diagnostic>) {
    let r = d.root.node();
    // apiServer.extraArgs: a map (v1beta3) or a list of {name, value} (v1beta4). kubeadm passes
    // them after its own flags, so they override `networking`.
    let args: Vec<(String, Node, String)> = match get(r, &["apiServer", "extraArgs"]) {
        Some(n) if n.as_map().is_some() => n
            .as_map()
            .unwrap_or_default()
            .iter()
            .filter_map(|e| {
                Some((e.key.as_str()?.to_string(), e.value, format!("apiServer.extraArgs.{}", e.key.as_str()?)))
            })
            .collect(),
        Some(n) => n
            .as_seq()
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                Some((a.get("name")?.as_str()?.to_string(), a.get("value")?, format!("apiServer.extraArgs[{i}].value")))
            })
            .collect(),
        None => Vec::new(),
    };
    for &(ref name, node, ref field) in &args {
        match name.as_str() {
            "service-cluster-ip-range" => {
                if let Some(v) = cidr_list(d, node, field, sink) {
                    state(&mut st.service_cidrs, v, d.source(node, field), "the Service CIDR", d, node, sink);
                }
            }
            "service-node-port-range" => match node.as_str().and_then(port_range) {
                Some(v) => state(&mut st.node_ports, v, d.source(node, field), "the nodePort range", d, node, sink),
                None => sink.push(invalid(
                    d,
                    node,
                    field,
                    format!("`{field}`: {:?} is not a port range", node.as_str().unwrap_or("")),
                    "write it as MIN-MAX, e.g. 30000-32767",
                )),
            },
            _ => {}
        }
    }
    let field = "networking.serviceSubnet";
    if let Some(node) = get(r, &["networking", "serviceSubnet"]) {
        if let Some(v) = cidr_list(d, node, field, sink) {
            state(&mut st.service_cidrs, v, d.source(node, field), "the Service CIDR", d, node, sink);
        }
    }
    let field = "networking.podSubnet";
    if let Some(node) = get(r, &["networking", "podSubnet"]) {
        if let Some(v) = cidr_list(d, node, field, sink) {
            state(&mut st.pod_cidrs, v, d.source(node, field), "the pod CIDR", d, node, sink);
        }
    }
    let field = "networking.dnsDomain";
    if let Some(node) = get(r, &["networking", "dnsDomain"]) {
        domain(d, node, field, st, sink);
    }
    let field = "kubernetesVersion";
    if let Some(node) = r.get(field) {
        minor(d, node, field, st, sink);
    }
}

fn domain(d: &ConfigDoc, node: Node, field: &str, st: &mut Stated, sink: &mut Vec<Diagnostic>) {
    let v = node.as_str().unwrap_or("").trim_end_matches('.').to_ascii_lowercase();
    if crate::names::is_dns1123_subdomain(&v).is_empty() {
        state(&mut st.domain, v, d.source(node, field), "the cluster domain", d, node, sink);
    } else {
        sink.push(invalid(
            d,
            node,
            field,
            format!("`{field}`: {v:?} is not a DNS domain"),
            "write a domain like cluster.local",
        ));
    }
}

fn minor(d: &ConfigDoc, node: Node, field: &str, st: &mut Stated, sink: &mut Vec<Diagnostic>) {
    match node.as_str().and_then(minor_of) {
        Some(v) => state(&mut st.minor, v, d.source(node, field), "the Kubernetes version", d, node, sink),
        None => sink.push(invalid(
            d,
            node,
            field,
            format!("`{field}`: {:?} is not a Kubernetes version", node.as_str().unwrap_or("")),
            "write it like v1.34.2",
        )),
    }
}

fn kube_proxy_configuration(d: &ConfigDoc, st: &mut Stated, sink: &mut Vec<Diagnostic>) {
    let r = d.root.node();
    if let Some(node) = r.get("mode") {
        match node.as_str().and_then(ProxyMode::parse) {
            Some(m) => state(&mut st.proxy_mode, m, d.source(node, "mode"), "kube-proxy's mode", d, node, sink),
            None if node.is_null() => {}
            None => sink.push(invalid(
                d,
                node,
                "mode",
                format!("`mode`: {:?} is not a kube-proxy mode", node.as_str().unwrap_or("")),
                "use iptables, ipvs or nftables (\"\" means iptables)",
            )),
        }
    }
    if let Some(node) = r.get("clusterCIDR").filter(|n| n.as_str().is_some_and(|s| !s.is_empty())) {
        if let Some(v) = cidr_list(d, node, "clusterCIDR", sink) {
            state(&mut st.pod_cidrs, v, d.source(node, "clusterCIDR"), "the pod CIDR", d, node, sink);
        }
    }
}

fn kubelet_configuration(d: &ConfigDoc, st: &mut Stated, sink: &mut Vec<Diagnostic>) {
    if let Some(node) = d.root.get("clusterDomain") {
        domain(d, node, "clusterDomain", st, sink);
    }
}
