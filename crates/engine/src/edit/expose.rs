//! `kubectl expose` as a text edit: the Service it would create, appended to the manifest.

use crate::api;
use crate::edit::find::{at, find, find_all, parse_errors};
use crate::edit::text::Text;
use crate::edit::val::Val;
use crate::edit::Target;
use crate::labels::Labels;
use crate::yaml::Node;
/// Appends the Service `kubectl expose KIND NAME [--port=P] [--target-port=T]` would create for a
/// Deployment, ReplicaSet or Pod, written as `kubectl expose ... --dry-run=client -o yaml` prints
/// it: named after the object (cut to 63 characters), labelled with the object's labels, selecting
/// its `spec.selector.matchLabels` (a Pod's labels), port `P` (default: the container ports) with
/// the container port's protocol, `targetPort` `T` (default: the port).
pub fn expose(text: &str, target: &Target, port: Option<i64>, target_port: Option<&str>) -> Result<String, String> {
    let found = find(text, target)?;
    let root = found.root.node();
    let (selector, spec): (Labels, Option<Node>) = match target.kind.as_str() {
        "Deployment" | "ReplicaSet" => {
            let sel = api::decode_label_selector(at(root, &["spec", "selector"]));
            let sel = sel.unwrap_or_default();
            if !sel.match_expressions.is_empty() {
                return Err("couldn't retrieve selectors via --selector flag or introspection: couldn't convert expressions to map-based selector format".into());
            }
            (sel.match_labels, at(root, &["spec", "template", "spec"]))
        }
        "Pod" => (api::decode_meta(root).labels, root.get("spec")),
        k => return Err(format!("cannot expose a {k}: kubectl exposes a Deployment, ReplicaSet, Pod or Service")),
    };
    if selector.is_empty() {
        return Err("selector must be specified".into());
    }
    let pod_spec = api::decode_pod_spec(spec);
    // Container port number → protocols (MultiProtocolsForObjectFn).
    let mut protocols: Vec<(i64, Vec<String>)> = Vec::new();
    let mut numbers: Vec<i64> = Vec::new();
    for c in &pod_spec.containers {
        for p in &c.ports {
            numbers.push(p.container_port);
            match protocols.iter_mut().find(|(n, _)| *n == p.container_port) {
                Some((_, ps)) if !ps.contains(&p.protocol) => ps.push(p.protocol.clone()),
                Some(_) => {}
                None => protocols.push((p.container_port, vec![p.protocol.clone()])),
            }
        }
    }
    let ports: Vec<i64> = match port {
        Some(p) => vec![p],
        None if numbers.is_empty() => return Err("couldn't find port via --port flag or introspection".into()),
        None => numbers,
    };
    if let Some(p) = ports.iter().find(|p| !(1..=65535).contains(*p)) {
        return Err(format!("port {p} is not between 1 and 65535"));
    }
    let mut name: String = target.name.clone();
    name.truncate(63);
    let service = Target::new("Service", &target.namespace, &name);
    if !find_all(text, &service).is_empty() {
        return Err(format!("services \"{name}\" already exists"));
    }
    let target_port = target_port.map(str::trim).filter(|t| !t.is_empty()).map(|t| match t.parse::<i64>() {
        Ok(n) => Val::Int(n),
        Err(_) => Val::Str(t.to_string()),
    });
    let mut port_vals = Vec::new();
    for (i, p) in ports.iter().enumerate() {
        let protos = protocols.iter().find(|(n, _)| n == p).map(|(_, ps)| ps.clone()).unwrap_or_default();
        let tp = target_port.clone().unwrap_or(Val::Int(*p));
        let entry = |name: Option<String>, proto: &str| {
            let mut m = Vec::new();
            if let Some(n) = name {
                m.push(("name".to_string(), Val::Str(n)));
            }
            m.push(("port".into(), Val::Int(*p)));
            m.push(("protocol".into(), Val::Str(proto.into())));
            m.push(("targetPort".into(), tp.clone()));
            Val::Map(m)
        };
        let base = (ports.len() > 1).then(|| format!("port-{}", i + 1));
        if protos.len() > 1 {
            for proto in &protos {
                port_vals.push(entry(Some(format!("port-{}-{}", i + 1, proto.to_lowercase())), proto));
            }
        } else {
            port_vals.push(entry(base, protos.first().map(String::as_str).unwrap_or("TCP")));
        }
    }
    let labels = api::decode_meta(root).labels;
    let mut meta = Vec::new();
    if !labels.is_empty() {
        meta.push(("labels".to_string(), Val::Map(labels.into_iter().map(|(k, v)| (k, Val::Str(v))).collect())));
    }
    meta.push(("name".into(), Val::Str(name.clone())));
    if target.namespace != "default" && !target.namespace.is_empty() {
        meta.push(("namespace".into(), Val::Str(target.namespace.clone())));
    }
    let doc = Val::Map(vec![
        ("apiVersion".into(), Val::Str("v1".into())),
        ("kind".into(), Val::Str("Service".into())),
        ("metadata".into(), Val::Map(meta)),
        (
            "spec".into(),
            Val::Map(vec![
                ("ports".into(), Val::IndentlessSeq(port_vals)),
                ("selector".into(), Val::Map(selector.into_iter().map(|(k, v)| (k, Val::Str(v))).collect())),
            ]),
        ),
        ("status".into(), Val::Map(vec![("loadBalancer".into(), Val::Map(Vec::new()))])),
    ]);
    let nl = Text::new(text).nl;
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(nl);
    }
    if !out.trim().is_empty() {
        out.push_str("---");
        out.push_str(nl);
    }
    out.push_str(&doc.document(nl));
    out.push_str(nl);
    if find_all(&out, &service).len() != 1 || parse_errors(&out) > parse_errors(text) {
        return Err(format!("could not add Service {name} safely to this text"));
    }
    Ok(out)
}

/// The `kubectl` command line [`expose`] stands for.
pub fn expose_command(target: &Target, port: Option<i64>, target_port: Option<&str>) -> String {
    let mut s = format!("kubectl expose {} {}", target.kind.to_lowercase(), target.name);
    if target.namespace != "default" && !target.namespace.is_empty() {
        s = format!("kubectl expose -n {} {} {}", target.namespace, target.kind.to_lowercase(), target.name);
    }
    if let Some(p) = port {
        s.push_str(&format!(" --port={p}"));
    }
    if let Some(t) = target_port {
        s.push_str(&format!(" --target-port={t}"));
    }
    s
}
