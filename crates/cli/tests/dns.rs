//! `svcplay dns`, run as a user would: answers, the JSON contract, exit codes.

mod common;

use common::{svcplay, Out};

fn json(o: &Out) -> serde_json::Value {
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", o.stdout, o.stderr))
}

const EXAMPLES: &str = "../../examples";

const MANIFEST: &str = r#"
apiVersion: v1
kind: Service
metadata: {name: my-service}
spec:
  clusterIP: 10.96.0.20
  selector: {app: MyApp}
  ports: [{name: http, port: 80, targetPort: 9376}]
---
apiVersion: v1
kind: Service
metadata: {name: my-external, namespace: prod}
spec: {type: ExternalName, externalName: my.service.domain.com}
---
apiVersion: v1
kind: Pod
metadata: {name: myapp-1, labels: {app: MyApp}}
spec: {nodeName: node-a, containers: [{name: app}]}
status: {phase: Running, podIP: 10.244.1.11, conditions: [{type: Ready, status: "True"}]}
"#;

#[test]
fn a_short_name_resolves_to_the_cluster_ip() {
    let o = svcplay(&["dns", "my-service", "--format", "json", "-"], Some(MANIFEST));
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let v = json(&o);
    assert_eq!(
        v,
        serde_json::json!({"name": "my-service.default.svc.cluster.local.", "type": "A", "rcode": "NOERROR", "answers": ["10.96.0.20"]})
    );
}

#[test]
fn text_output_is_dig_short_plus_why() {
    let o = svcplay(&["dns", "my-service.default.svc.cluster.local"], Some(MANIFEST));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines.first(), Some(&"10.96.0.20"), "{}", o.stdout);
    assert!(lines.contains(&";; my-service.default.svc.cluster.local. A NOERROR"), "{}", o.stdout);
    assert!(lines.last().is_some_and(|l| l.starts_with(";; ") && l.contains("cluster IP")), "{}", o.stdout);
}

#[test]
fn external_name_is_a_cname() {
    let o = svcplay(&["dns", "my-external", "CNAME", "--from-namespace", "prod", "--format=json"], Some(MANIFEST));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v = json(&o);
    assert_eq!(v["name"], "my-external.prod.svc.cluster.local.");
    assert_eq!(v["type"], "CNAME");
    assert_eq!(v["answers"], serde_json::json!(["my.service.domain.com."]));
}

#[test]
fn srv_for_a_named_port() {
    let o = svcplay(&["dns", "_http._tcp.my-service", "srv", "--format", "json"], Some(MANIFEST));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(json(&o)["answers"], serde_json::json!(["0 100 80 my-service.default.svc.cluster.local."]));
}

#[test]
fn nxdomain_exits_1_and_nodata_exits_0() {
    let o = svcplay(&["dns", "no-such-service", "--format", "json"], Some(MANIFEST));
    assert_eq!(o.code, 1, "{}", o.stdout);
    let v = json(&o);
    assert_eq!(v["rcode"], "NXDOMAIN");
    assert_eq!(v["answers"], serde_json::json!([]));
    // From another namespace the short name is not found either.
    assert_eq!(svcplay(&["dns", "my-service", "--from-namespace", "prod"], Some(MANIFEST)).code, 1);
    let nodata = svcplay(&["dns", "my-service", "AAAA", "--format", "json"], Some(MANIFEST));
    assert_eq!(nodata.code, 0);
    assert_eq!(json(&nodata)["rcode"], "NOERROR");
    assert_eq!(json(&nodata)["answers"], serde_json::json!([]));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(svcplay(&["dns"], None).code, 2);
    assert_eq!(svcplay(&["dns", "my-service", "PTR"], None).code, 2);
    assert_eq!(svcplay(&["dns", "my-service", "--from-namespace"], None).code, 2);
    assert_eq!(svcplay(&["dns", "my-service", "--format", "yaml"], None).code, 2);
    assert_eq!(svcplay(&["dns", "my-service", "no/such/file.yaml"], None).code, 2);
}

#[test]
fn examples_my_service_and_external_name() {
    let o = svcplay(&["dns", "my-service", "--format", "json", EXAMPLES], None);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let v = json(&o);
    assert_eq!(v["name"], "my-service.default.svc.cluster.local.");
    let ip = v["answers"][0].as_str().unwrap_or_default();
    assert!(ip.starts_with("10."), "{v}");
    // The same address `svcplay check` reports as the clusterIP.
    let check = json(&svcplay(&["check", "--format", "json", EXAMPLES], None));
    let svc = check["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "my-service" && s["namespace"] == "default")
        .cloned()
        .unwrap();
    assert_eq!(svc["clusterIP"].as_str(), Some(ip));

    let o = svcplay(&["dns", "my-service.prod", "CNAME", "--format", "json", EXAMPLES], None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(json(&o)["answers"], serde_json::json!(["my.service.domain.com."]));
}

#[test]
fn examples_headless_statefulset_pod_names() {
    let o = svcplay(&["dns", "web-0.nginx", "--format", "json", EXAMPLES], None);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let v = json(&o);
    assert_eq!(v["name"], "web-0.nginx.default.svc.cluster.local.");
    assert_eq!(v["answers"].as_array().map(|a| a.len()), Some(1), "{v}");
    // Alone, the example's headless Service answers with its StatefulSet's 3 pods (with the
    // whole gallery, other examples' `app: nginx` pods join it).
    let all =
        json(&svcplay(&["dns", "nginx", "--format", "json", "../../examples/08-headless-statefulset.yaml"], None));
    assert_eq!(all["answers"].as_array().map(|a| a.len()), Some(3), "{all}");
    let one = json(&svcplay(
        &["dns", "web-0.nginx", "--format", "json", "../../examples/08-headless-statefulset.yaml"],
        None,
    ));
    assert!(all["answers"].as_array().unwrap().contains(&one["answers"][0]), "{one} {all}");
    let srv = json(&svcplay(
        &["dns", "_web._tcp.nginx", "SRV", "--format", "json", "../../examples/08-headless-statefulset.yaml"],
        None,
    ));
    let targets: Vec<&str> = srv["answers"].as_array().unwrap().iter().filter_map(|a| a.as_str()).collect();
    assert!(targets.iter().any(|t| t.ends_with(" web-0.nginx.default.svc.cluster.local.")), "{targets:?}");
}
