//! `kubectl expose` as a text edit: the Service it would create, appended to the manifest.

use crate::api;
use crate::edit::find::{at, find, find_all, parse_errors};
use crate::edit::text::Text;
use crate::edit::val::{append_document, Val};
use crate::edit::Target;
use crate::labels::Labels;
use crate::yaml::Node;
/// Appends the Service `kubectl expose KIND NAME [--port=P] [--target-port=T]` would create for a
/// Deployment, ReplicaSet or Pod, written as `kubectl expose ... --dry-run=client -o yaml` prints
/// it: named after the object (cut to 63 characters), labelled with the object's labels, selecting
/// its `spec.selector.matchLabels` (a Pod's labels), port `P` (default: the container ports) with
/// the container port's protocol, `targetPort` `T` (default: the port).
pub fn expose(text: &str, target: &Target, port: Option<i64>, target_port: Option<&str>) -> Result<String, String> {
    let flags = ExposeFlags { port, target_port: target_port.map(str::to_string), ..ExposeFlags::default() };
    expose_with(text, target, &flags)
}

/// The flags of `kubectl expose` the playground models.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExposeFlags {
    /// `--type`: ClusterIP, NodePort or LoadBalancer (None: not written, so ClusterIP).
    pub type_: Option<String>,
    /// `--port` (None: the container ports).
    pub port: Option<i64>,
    /// `--target-port` (None: the port).
    pub target_port: Option<String>,
    /// `--name` (None: the exposed object's name).
    pub name: Option<String>,
}

/// Each flag, the field it sets and what the field is without it.
pub const EXPOSE_FLAGS: [(&str, &str, &str); 4] = [
    ("--name", "metadata.name", "the exposed object's name"),
    ("--type", "spec.type", "not written: ClusterIP"),
    ("--port", "spec.ports[].port", "each containerPort of the pod template"),
    ("--target-port", "spec.ports[].targetPort", "the same number as port"),
];

/// [`expose`] with every modeled flag: the manifest with the new Service appended.
pub fn expose_with(text: &str, target: &Target, flags: &ExposeFlags) -> Result<String, String> {
    let (doc, name) = service_doc(text, target, flags)?;
    let service = Target::new("Service", &target.namespace, &name);
    let nl = Text::new(text).nl;
    let mut out = text.to_string();
    append_document(&mut out, &doc, nl);
    if find_all(&out, &service).len() != 1 || parse_errors(&out) > parse_errors(text) {
        return Err(format!("could not add Service {name} safely to this text"));
    }
    Ok(out)
}

/// One line of the Service `kubectl expose` would write, with the flag that sets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExposeLine {
    pub text: String,
    pub flag: Option<&'static str>,
}

/// The Service [`expose_with`] would add, line by line, each line a flag sets marked with it.
pub fn expose_preview(text: &str, target: &Target, flags: &ExposeFlags) -> Result<Vec<ExposeLine>, String> {
    let (doc, _) = service_doc(text, target, flags)?;
    let mut section = "";
    Ok(doc
        .document("\n")
        .lines()
        .map(|l| {
            if !l.starts_with(' ') {
                section = if l.starts_with("metadata:") {
                    "metadata"
                } else if l.starts_with("spec:") {
                    "spec"
                } else {
                    ""
                };
            }
            let t = l.trim_start().trim_start_matches("- ");
            let flag = match section {
                "metadata" if l.starts_with("  name:") => Some("--name"),
                "spec" if l.starts_with("  type:") => Some("--type"),
                "spec" if t.starts_with("port:") => Some("--port"),
                "spec" if t.starts_with("targetPort:") => Some("--target-port"),
                _ => None,
            };
            ExposeLine { text: l.to_string(), flag }
        })
        .collect())
}

/// The Service document `kubectl expose` writes, and its name.
fn service_doc(text: &str, target: &Target, flags: &ExposeFlags) -> Result<(Val, String), String> {
    let (port, target_port) = (flags.port, flags.target_port.as_deref());
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
    let type_ = flags.type_.as_deref().map(str::trim).filter(|t| !t.is_empty());
    if let Some(t) = type_.filter(|t| !matches!(*t, "ClusterIP" | "NodePort" | "LoadBalancer")) {
        return Err(format!("--type must be ClusterIP, NodePort or LoadBalancer, not {t:?}"));
    }
    let mut name: String = match flags.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => n.to_string(),
        None => target.name.clone(),
    };
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
    let mut spec = vec![
        ("ports".to_string(), Val::IndentlessSeq(port_vals)),
        ("selector".into(), Val::Map(selector.into_iter().map(|(k, v)| (k, Val::Str(v))).collect())),
    ];
    if let Some(t) = type_ {
        spec.push(("type".into(), Val::Str(t.to_string())));
    }
    let doc = Val::Map(vec![
        ("apiVersion".into(), Val::Str("v1".into())),
        ("kind".into(), Val::Str("Service".into())),
        ("metadata".into(), Val::Map(meta)),
        ("spec".into(), Val::Map(spec)),
        ("status".into(), Val::Map(vec![("loadBalancer".into(), Val::Map(Vec::new()))])),
    ]);
    Ok((doc, name))
}

/// The `kubectl` command line [`expose`] stands for.
pub fn expose_command(target: &Target, port: Option<i64>, target_port: Option<&str>) -> String {
    let flags = ExposeFlags { port, target_port: target_port.map(str::to_string), ..ExposeFlags::default() };
    expose_command_with(target, &flags)
}

/// The `kubectl` command line [`expose_with`] stands for.
pub fn expose_command_with(target: &Target, flags: &ExposeFlags) -> String {
    let (port, target_port) = (flags.port, flags.target_port.as_deref().map(str::trim).filter(|t| !t.is_empty()));
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
    if let Some(t) = flags.type_.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        s.push_str(&format!(" --type={t}"));
    }
    if let Some(n) = flags.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        s.push_str(&format!(" --name={n}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{add_to_selector, suggestions, WhatIf};
    use crate::model::ServiceType;
    use crate::{analyze, Source};

    const DEP: &str = include_str!("../../../../examples/02-nginx-deployment.yaml");

    #[test]
    fn each_flag_sets_its_field() {
        let t = Target::new("Deployment", "default", "nginx-deployment");
        let flags = ExposeFlags {
            type_: Some("NodePort".into()),
            port: Some(8081),
            target_port: Some("80".into()),
            name: Some("web".into()),
        };
        let lines = expose_preview(DEP, &t, &flags).unwrap();
        let marked: Vec<(&str, &str)> = lines.iter().filter_map(|l| l.flag.map(|f| (f, l.text.as_str()))).collect();
        assert_eq!(
            marked,
            [
                ("--name", "  name: web"),
                ("--port", "  - port: 8081"),
                ("--target-port", "    targetPort: 80"),
                ("--type", "  type: NodePort")
            ]
        );
        assert_eq!(
            expose_command_with(&t, &flags),
            "kubectl expose deployment nginx-deployment --port=8081 --target-port=80 --type=NodePort --name=web"
        );
        let out = expose_with(DEP, &t, &flags).unwrap();
        let a = analyze(&[Source::new("t.yaml", out.as_str())]);
        assert!(!a.has_errors(), "{:?}", a.diagnostics);
        let v = a.services.iter().find(|v| v.name == "web").unwrap();
        let svc = a.objects[v.object].service().unwrap();
        assert_eq!(svc.spec.type_, ServiceType::NodePort);
        assert!(svc.spec.ports[0].node_port.is_some(), "the API server allocates the nodePort");
        assert_eq!(v.selected.len(), 3);
        // Without flags the lines are the defaults, still marked with the flag that would set them.
        let plain = expose_preview(DEP, &t, &ExposeFlags::default()).unwrap();
        assert!(plain.iter().any(|l| l.flag == Some("--name") && l.text == "  name: nginx-deployment"));
        assert!(!plain.iter().any(|l| l.flag == Some("--type")));
        // A type kubectl's generator cannot write here.
        let bad = ExposeFlags { type_: Some("ExternalName".into()), ..ExposeFlags::default() };
        assert!(expose_with(DEP, &t, &bad).unwrap_err().contains("--type"));
        // The Service name taken: AlreadyExists.
        let taken = ExposeFlags { name: Some("my-service".into()), ..ExposeFlags::default() };
        assert_eq!(expose_with(DEP, &t, &taken).unwrap_err(), "services \"my-service\" already exists");
    }

    #[test]
    fn adding_a_pod_label_to_the_selector_narrows_it() {
        let text = include_str!("../../../../examples/01-my-service.yaml").replacen(
            "  name: myapp-1\n  labels:\n    app: MyApp\n",
            "  name: myapp-1\n  labels:\n    app: MyApp\n    tier: web\n",
            1,
        );
        let a = analyze(&[Source::new("t.yaml", text.as_str())]);
        let pod = a.objects.with_ids().find(|(_, o)| o.name == "myapp-1").map(|(i, _)| i).unwrap();
        let w = suggestions(&a, pod).into_iter().find(|w| matches!(w, WhatIf::AddToSelector { .. })).unwrap();
        assert_eq!(w.label(), "Add tier=web to my-service's selector");
        let out = w.apply(&text).unwrap();
        assert!(out.contains("  selector:\n    app: MyApp\n    tier: web\n"), "{out}");
        let b = analyze(&[Source::new("t.yaml", out.as_str())]);
        let names: Vec<&str> = b.services[0].selected.iter().map(|&i| b.objects[i].name.as_str()).collect();
        assert_eq!(names, ["myapp-1"]);
        // A Service with no selector gets one; a Pod is no Service.
        let bare = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n";
        let out = add_to_selector(bare, &Target::new("Service", "default", "s"), "app", "x").unwrap();
        assert!(out.ends_with("  selector:\n    app: x\n"), "{out}");
        assert!(add_to_selector(&text, &Target::new("Pod", "default", "myapp-1"), "a", "b").is_err());
    }
}
