//! What-ifs as text edits. Each takes the manifest text and returns the edited text, or says why
//! it cannot: the editor stays the single source of truth, and its undo history undoes a what-if
//! like any other edit.
//!
//! An edit changes only the bytes it must. Comments, key order, quoting, indentation, line endings
//! and every other document stay as written. Fields are found with the positioned tree
//! ([`crate::yaml`]); new fields follow the style around them (block YAML, or flow/JSON inside
//! `{...}`). Every edit is checked by reading the result again: an input the edit cannot handle
//! safely gives an `Err`, never a broken text.
//!
//! The functions: [`scale`], [`set_pod_ready`], [`set_pod_terminating`], [`delete_object`],
//! [`set_external_traffic_policy`], [`set_service_type`], [`add_labels`], [`add_to_selector`],
//! [`expose`] / [`expose_with`] (and [`expose_preview`]: the lines each flag sets),
//! [`kill_pod`] and its [`KillStep`]s,
//! [`set_cluster_setting`] (a changed cluster setting, as a `ClusterConfiguration`). [`WhatIf`]
//! names one of them with its arguments, and [`suggestions`] lists the ones that make sense for
//! an object of an [`Analysis`].

mod cluster;
mod editor;
mod expose;
mod find;
mod kill;
mod ops;
mod text;
mod val;
mod whatif;

pub use cluster::{set_cluster_setting, ClusterSettingEdit};
pub use expose::{
    expose, expose_command, expose_command_with, expose_preview, expose_with, ExposeFlags, ExposeLine, EXPOSE_FLAGS,
};
pub use kill::{kill_plan, kill_pod, KillPlan, KillStep, PodDoc};
pub use ops::{
    add_labels, add_to_selector, delete_object, scale, set_external_traffic_policy, set_pod_ready, set_pod_terminating,
    set_service_type,
};
pub use whatif::{suggestions, WhatIf};

use crate::model::Object;

/// The `deletionTimestamp` a "mark terminating" what-if writes. The engine has no clock, and any
/// set value means "terminating".
pub const DELETION_TIMESTAMP: &str = "2025-01-01T00:00:00Z";

/// One object of the text: kind, namespace (`default` when omitted, `""` for cluster-scoped
/// kinds) and name, as in [`Object`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Target {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl Target {
    pub fn new(kind: &str, namespace: &str, name: &str) -> Self {
        Target { kind: kind.into(), namespace: namespace.into(), name: name.into() }
    }
    pub fn of(o: &Object) -> Self {
        Target::new(o.kind.as_str(), &o.namespace, &o.name)
    }
    fn describe(&self) -> String {
        if self.namespace.is_empty() {
            format!("{} {}", self.kind, self.name)
        } else {
            format!("{} {}/{}", self.kind, self.namespace, self.name)
        }
    }
}

// ============================================================================ the what-ifs

// ============================================================================ WhatIf

// ============================================================================ finding objects

// ============================================================================ the text

// ============================================================================ values to write

// ============================================================================ the editor

// ============================================================================ tests

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::find::parse_errors;
    use crate::model::Kind;
    use crate::{analyze, Source};

    const SVC_AND_PODS: &str = "\
# The docs' example.
apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app: MyApp
  ports:
    - protocol: TCP
      port: 80
      targetPort: 9376
---
apiVersion: v1
kind: Pod
metadata:
  name: myapp-1
  labels:
    app: MyApp
spec:
  containers:
    - name: app
      image: x
status:
  phase: Running
  podIP: 10.244.1.11
  conditions:
    - type: Ready
      status: \"True\"  # kubelet says so
---
apiVersion: v1
kind: Pod
metadata: {name: bare}
";

    fn pod(name: &str) -> Target {
        Target::new("Pod", "default", name)
    }
    fn svc(name: &str) -> Target {
        Target::new("Service", "default", name)
    }
    fn analysis(text: &str) -> crate::Analysis {
        analyze(&[Source::new("t.yaml", text)])
    }
    /// The lines that differ, as (-old, +new).
    fn diff(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
        let al: Vec<&str> = a.lines().collect();
        let bl: Vec<&str> = b.lines().collect();
        let mut p = 0;
        while p < al.len() && p < bl.len() && al[p] == bl[p] {
            p += 1;
        }
        let mut s = 0;
        while s < al.len() - p && s < bl.len() - p && al[al.len() - 1 - s] == bl[bl.len() - 1 - s] {
            s += 1;
        }
        (
            al[p..al.len() - s].iter().map(|x| x.to_string()).collect(),
            bl[p..bl.len() - s].iter().map(|x| x.to_string()).collect(),
        )
    }

    #[test]
    fn not_ready_changes_only_the_condition_value_and_keeps_the_comment() {
        let out = set_pod_ready(SVC_AND_PODS, &pod("myapp-1"), false).unwrap();
        assert_eq!(
            diff(SVC_AND_PODS, &out),
            (
                vec!["      status: \"True\"  # kubelet says so".into()],
                vec!["      status: \"False\"  # kubelet says so".into()]
            )
        );
        let a = analysis(&out);
        assert!(a.pods().any(|(_, o, p)| o.name == "myapp-1" && !p.status.ready));
    }

    #[test]
    fn ready_adds_status_when_missing_in_flow_metadata_documents() {
        let out = set_pod_ready(SVC_AND_PODS, &pod("bare"), true).unwrap();
        assert!(
            out.ends_with(
                "metadata: {name: bare}\nstatus:\n  conditions:\n    - type: Ready\n      status: \"True\"\n"
            ),
            "{out}"
        );
        // And back: only the value changes.
        let back = set_pod_ready(&out, &pod("bare"), false).unwrap();
        assert_eq!(diff(&out, &back).1, vec!["      status: \"False\"".to_string()]);
    }

    #[test]
    fn ready_appends_a_condition_to_an_existing_list() {
        let text = "kind: Pod\napiVersion: v1\nmetadata:\n  name: p\nstatus:\n  conditions:\n  - type: PodScheduled\n    status: \"True\"\n";
        let out = set_pod_ready(text, &pod("p"), true).unwrap();
        assert_eq!(out, format!("{text}  - type: Ready\n    status: \"True\"\n"));
    }

    #[test]
    fn ready_inside_json() {
        let text = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}, "status": {"conditions": [{"type": "Ready", "status": "False"}]}}"#;
        let out = set_pod_ready(text, &pod("j"), true).unwrap();
        assert_eq!(out, text.replace("\"False\"", "\"True\""));
        let text2 = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}}"#;
        let out2 = set_pod_ready(text2, &pod("j"), true).unwrap();
        assert_eq!(
            out2,
            r#"{"status": {"conditions": [{"type": "Ready", "status": "True"}]}, "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}}"#
        );
    }

    #[test]
    fn terminating_adds_and_removes_the_deletion_timestamp() {
        let on = set_pod_terminating(SVC_AND_PODS, &pod("myapp-1"), true).unwrap();
        assert_eq!(diff(SVC_AND_PODS, &on).1, vec!["  deletionTimestamp: \"2025-01-01T00:00:00Z\"".to_string()]);
        assert!(analysis(&on).pods().any(|(_, o, p)| o.name == "myapp-1" && p.is_terminating()));
        let off = set_pod_terminating(&on, &pod("myapp-1"), false).unwrap();
        assert_eq!(off, SVC_AND_PODS);
    }

    #[test]
    fn removing_the_first_key_of_a_list_item_keeps_the_item() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort\n  ports:\n    - nodePort: 30007\n      port: 80\n";
        let out = set_service_type(text, &svc("s"), "ClusterIP").unwrap();
        assert_eq!(
            out,
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: ClusterIP\n  ports:\n    - port: 80\n"
        );
    }

    #[test]
    fn scale_replaces_or_adds_replicas() {
        let dep = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2 # two\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]\n";
        let out = scale(dep, &Target::new("Deployment", "default", "web"), 5).unwrap();
        assert_eq!(out, dep.replace("replicas: 2 # two", "replicas: 5 # two"));
        let no = dep.replace("  replicas: 2 # two\n", "");
        let out = scale(&no, &Target::new("Deployment", "default", "web"), 3).unwrap();
        assert!(out.ends_with("ports: [{containerPort: 80}]}]\n  replicas: 3\n"), "{out}");
        assert_eq!(analysis(&out).objects.iter().filter(|o| o.kind == Kind::Pod).count(), 3);
        assert!(scale(dep, &Target::new("Deployment", "default", "web"), -1).is_err());
        assert!(scale(dep, &Target::new("Deployment", "default", "nope"), 1).unwrap_err().contains("not in the text"));
    }

    #[test]
    fn scale_in_a_namespace_and_with_crlf() {
        let dep = "apiVersion: apps/v1\r\nkind: StatefulSet\r\nmetadata:\r\n  name: db\r\n  namespace: prod\r\nspec:\r\n  serviceName: db\r\n";
        let out = scale(dep, &Target::new("StatefulSet", "prod", "db"), 2).unwrap();
        assert_eq!(out, format!("{dep}  replicas: 2\r\n").replace("db\r\n  replicas", "db\r\n  replicas"));
        assert!(scale(dep, &Target::new("StatefulSet", "default", "db"), 2).is_err());
    }

    #[test]
    fn non_ascii_columns_are_characters() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: {note: \"héllo wörld\"}\n  labels: {a: \"é\", b: c}\n";
        let out = add_labels(text, &pod("p"), &[("b".into(), "d".into())]).unwrap();
        assert_eq!(out, text.replace("b: c", "b: d"));
    }

    #[test]
    fn labels_are_added_to_block_flow_and_missing_maps() {
        let out = add_labels(
            SVC_AND_PODS,
            &pod("myapp-1"),
            &[("tier".into(), "web".into()), ("version".into(), "1.0".into())],
        )
        .unwrap();
        assert_eq!(diff(SVC_AND_PODS, &out).1, vec!["    tier: web".to_string(), "    version: \"1.0\"".to_string()]);
        let out = add_labels(SVC_AND_PODS, &pod("bare"), &[("app".into(), "MyApp".into())]).unwrap();
        assert!(out.contains("metadata: {labels: {app: MyApp}, name: bare}"), "{out}");
        let a = analysis(&out);
        assert_eq!(
            a.services[0]
                .selected
                .iter()
                .filter_map(|&i| a.objects.get(i))
                .map(|o| o.name.as_str())
                .collect::<Vec<_>>(),
            ["myapp-1", "bare"]
        );
        let empty = "kind: Pod\napiVersion: v1\nmetadata:\n  name: e\n  labels:\nspec: {}\n";
        let out = add_labels(empty, &pod("e"), &[("app".into(), "x".into())]).unwrap();
        assert_eq!(out, "kind: Pod\napiVersion: v1\nmetadata:\n  name: e\n  labels:\n    app: x\nspec: {}\n");
    }

    #[test]
    fn delete_removes_one_document_and_keeps_the_file_comment() {
        let out = delete_object(SVC_AND_PODS, &pod("myapp-1")).unwrap();
        assert!(!out.contains("myapp-1") && out.contains("my-service") && out.contains("bare"));
        assert_eq!(out.matches("\n---\n").count(), 1);
        let out = delete_object(SVC_AND_PODS, &svc("my-service")).unwrap();
        assert!(out.starts_with("# The docs' example.\n---\napiVersion: v1\nkind: Pod"), "{out}");
        let out = delete_object(SVC_AND_PODS, &pod("bare")).unwrap();
        assert!(out.ends_with("status: \"True\"  # kubelet says so\n"), "{out}");
        assert!(analysis(&out).diagnostics.iter().all(|d| d.severity != crate::Severity::Error));
    }

    #[test]
    fn delete_an_item_of_a_list() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: b\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: c\nmetadata: {}\n";
        let b = delete_object(text, &pod("b")).unwrap();
        assert_eq!(b, text.replace("- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: b\n", ""));
        let c = delete_object(text, &pod("c")).unwrap();
        assert_eq!(c, text.replace("\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: c", ""));
        let json = r#"{"kind": "List", "apiVersion": "v1", "items": [{"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "a"}}, {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "b"}}]}"#;
        let out = delete_object(json, &pod("b")).unwrap();
        assert_eq!(
            out,
            r#"{"kind": "List", "apiVersion": "v1", "items": [{"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "a"}}]}"#
        );
        let out = delete_object(json, &pod("a")).unwrap();
        assert_eq!(
            out,
            r#"{"kind": "List", "apiVersion": "v1", "items": [{"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "b"}}]}"#
        );
    }

    #[test]
    fn external_traffic_policy_flips_and_drops_the_health_check_port() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: lb\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 32000\n  selector: {app: x}\n  ports: [{port: 80}]\n";
        let out = set_external_traffic_policy(text, &svc("lb"), "Cluster").unwrap();
        assert_eq!(out, text.replace("Local\n  healthCheckNodePort: 32000\n", "Cluster\n"));
        let back = set_external_traffic_policy(&out, &svc("lb"), "Local").unwrap();
        assert_eq!(back, out.replace("Cluster", "Local"));
        let plain = text.replace("  externalTrafficPolicy: Local\n  healthCheckNodePort: 32000\n", "");
        let out = set_external_traffic_policy(&plain, &svc("lb"), "Local").unwrap();
        assert!(out.ends_with("ports: [{port: 80}]\n  externalTrafficPolicy: Local\n"), "{out}");
    }

    #[test]
    fn type_changes_keep_the_service_valid() {
        let a = analysis(SVC_AND_PODS);
        assert!(!a.has_errors(), "{:?}", a.diagnostics);
        let np = set_service_type(SVC_AND_PODS, &svc("my-service"), "NodePort").unwrap();
        assert_eq!(diff(SVC_AND_PODS, &np).1, vec!["  type: NodePort".to_string()]);
        let lb = set_service_type(&np, &svc("my-service"), "LoadBalancer").unwrap();
        let local = set_external_traffic_policy(&lb, &svc("my-service"), "Local").unwrap();
        let back = set_service_type(&local, &svc("my-service"), "ClusterIP").unwrap();
        assert!(!back.contains("externalTrafficPolicy") && back.contains("type: ClusterIP"), "{back}");
        let a = analysis(&back);
        assert!(!a.has_errors(), "{:?}", a.diagnostics);
        let headless = SVC_AND_PODS.replace("spec:\n  selector:", "spec:\n  clusterIP: None\n  selector:");
        assert!(set_service_type(&headless, &svc("my-service"), "NodePort").is_err());
    }

    #[test]
    fn expose_writes_what_kubectl_writes() {
        let dep = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx\n  labels:\n    app: nginx\nspec:\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n        - name: nginx\n          image: nginx\n          ports:\n            - containerPort: 80\n";
        let t = Target::new("Deployment", "default", "nginx");
        let out = expose(dep, &t, Some(8080), Some("80")).unwrap();
        assert_eq!(
            &out[dep.len()..],
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: nginx\n  name: nginx\nspec:\n  ports:\n  - port: 8080\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: nginx\nstatus:\n  loadBalancer: {}\n"
        );
        assert_eq!(
            expose_command(&t, Some(8080), Some("80")),
            "kubectl expose deployment nginx --port=8080 --target-port=80"
        );
        let a = analysis(&out);
        assert!(!a.has_errors(), "{:?}", a.diagnostics);
        assert_eq!(a.services.len(), 1);
        assert_eq!(a.services[0].selected.len(), 1, "the simulated pod");
        // Without --port: the container port, targetPort = port.
        let out = expose(dep, &t, None, None).unwrap();
        assert!(out.contains("  - port: 80\n    protocol: TCP\n    targetPort: 80\n"));
        // Twice: kubectl's AlreadyExists.
        assert_eq!(expose(&out, &t, None, None).unwrap_err(), "services \"nginx\" already exists");
        let no_ports = dep.replace("          ports:\n            - containerPort: 80\n", "");
        assert_eq!(
            expose(&no_ports, &t, None, None).unwrap_err(),
            "couldn't find port via --port flag or introspection"
        );
    }

    #[test]
    fn suggestions_apply_cleanly_to_the_default_example() {
        let text = include_str!("../../../../examples/01-my-service.yaml");
        let a = analysis(text);
        let mut n = 0;
        for (i, o) in a.objects.with_ids() {
            for w in suggestions(&a, i) {
                let out = w.apply(text).unwrap_or_else(|e| panic!("{}: {e}", w.label()));
                assert_ne!(out, text, "{}", w.label());
                assert_eq!(parse_errors(&out), 0, "{}", w.label());
                n += 1;
                let _ = o;
            }
        }
        assert!(n >= 10, "{n} suggestions");
        let other = a.objects.with_ids().find(|(_, o)| o.name == "other-app").map(|(i, _)| i).unwrap();
        let label = suggestions(&a, other).into_iter().find(|w| matches!(w, WhatIf::AddLabels { .. })).unwrap();
        assert_eq!(label.label(), "Label other-app app=MyApp (so my-service selects it)");
        let out = label.apply(text).unwrap();
        let b = analysis(&out);
        assert_eq!(b.services[0].selected.len(), 3);
    }

    #[test]
    fn never_panics_on_odd_input() {
        let texts = [
            "",
            "---\n",
            "kind: Pod\nmetadata:\n  name: p\nstatus: 5\n",
            "kind: Pod\nmetadata: [1]\n",
            "kind: Pod\napiVersion: v1\nmetadata:\n  name: p\nstatus:\n  conditions: {a: 1}\n",
            "kind: Pod\napiVersion: v1\nmetadata:\n  name: p\n  labels: 3\n",
            "kind: Pod\nmetadata: {name: p}\nstatus: {conditions: []}\n",
            "kind: Pod\nmetadata:\n  name: p\nnotes: |\n  multi\n  line\n",
            "kind: Pod\nmetadata:\n  name: p\n  labels: &l {a: b}\nx: *l\n",
        ];
        for t in texts {
            let p = pod("p");
            for r in [
                set_pod_ready(t, &p, true),
                set_pod_terminating(t, &p, true),
                add_labels(t, &p, &[("k".into(), "v".into())]),
                delete_object(t, &p),
                expose(t, &p, Some(80), None),
            ]
            .into_iter()
            .flatten()
            {
                assert!(parse_errors(&r) <= parse_errors(t), "{t:?} -> {r:?}");
            }
        }
        let ok = set_pod_ready("kind: Pod\nmetadata: {name: p}\nstatus: {conditions: []}\n", &pod("p"), true).unwrap();
        assert_eq!(ok, "kind: Pod\nmetadata: {name: p}\nstatus: {conditions: [{type: Ready, status: \"True\"}]}\n");
        let ml = set_pod_terminating(
            "kind: Pod\nmetadata:\n  name: p\n  description: |\n    multi\n    line\n\nspec: {}\n",
            &pod("p"),
            true,
        )
        .unwrap();
        assert_eq!(ml, "kind: Pod\nmetadata:\n  name: p\n  description: |\n    multi\n    line\n  deletionTimestamp: \"2025-01-01T00:00:00Z\"\n\nspec: {}\n");
    }

    #[test]
    fn kubectl_get_output_is_edited_in_place() {
        let text = "\
apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    creationTimestamp: \"2024-05-01T10:00:00Z\"
    labels:
      app: web
    name: web-1
    namespace: shop
  spec:
    containers:
    - image: nginx
      name: nginx
  status:
    conditions:
    - lastProbeTime: null
      lastTransitionTime: \"2024-05-01T10:00:05Z\"
      status: \"True\"
      type: Ready
    phase: Running
    podIP: 10.244.1.5
kind: List
metadata:
  resourceVersion: \"\"
";
        let p = Target::new("Pod", "shop", "web-1");
        let out = set_pod_ready(text, &p, false).unwrap();
        assert_eq!(diff(text, &out).1, vec!["      status: \"False\"".to_string()]);
        let out = add_labels(&out, &p, &[("tier".into(), "frontend".into())]).unwrap();
        assert!(out.contains("    labels:\n      app: web\n      tier: frontend\n    name: web-1\n"), "{out}");
        let out = set_pod_terminating(&out, &p, true).unwrap();
        assert!(out.contains("    namespace: shop\n    deletionTimestamp: \"2025-01-01T00:00:00Z\"\n  spec:"), "{out}");
        let gone = delete_object(&out, &p).unwrap();
        assert_eq!(gone, "apiVersion: v1\nitems:\nkind: List\nmetadata:\n  resourceVersion: \"\"\n");
        assert_eq!(parse_errors(&gone), 0);
    }
}
