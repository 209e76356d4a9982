//! `svcplay trace`, run as a user would: exit codes (0 reached somewhere, 1 dropped, 2 usage), the JSON
//! contract and the text story. Manifests come on stdin.

mod common;

use common::{svcplay, Out};

fn pod(name: &str, app: &str, node: &str, ip: &str) -> String {
    format!(
        "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, labels: {{app: {app}}}}}\nspec: {{nodeName: {node}, containers: [{{name: c, image: nginx}}]}}\nstatus: {{phase: Running, podIP: {ip}, conditions: [{{type: Ready, status: \"True\"}}]}}\n"
    )
}

/// NodePort 30007, externalTrafficPolicy Local, pods on node-a and node-b; a client pod on node-c.
fn cluster() -> String {
    let mut s = String::from(
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  externalTrafficPolicy: Local\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080, nodePort: 30007}]\n",
    );
    s.push_str(&pod("web-1", "web", "node-a", "10.244.1.10"));
    s.push_str(&pod("web-2", "web", "node-b", "10.244.2.10"));
    s.push_str(&pod("client", "client", "node-c", "10.244.3.100"));
    s
}

fn json(o: &Out) -> serde_json::Value {
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", o.stdout, o.stderr))
}

#[test]
fn delivered_json_contract_and_exit_0() {
    let o = svcplay(
        &["trace", "--from", "pod:default/client", "--to", "web:80", "--format", "json", "-"],
        Some(&cluster()),
    );
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let v = json(&o);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(sorted, ["hops", "pods", "reason", "verdict"]);
    // The keys come in the contract's order.
    let order: Vec<usize> =
        ["\"verdict\"", "\"reason\"", "\"pods\"", "\"hops\""].iter().map(|k| o.stdout.find(k).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{}", o.stdout);
    assert_eq!(v["verdict"], "delivered");
    assert_eq!(v["reason"], serde_json::Value::Null);
    assert_eq!(
        v["pods"],
        serde_json::json!([
            {"namespace": "default", "name": "web-1", "ip": "10.244.1.10", "port": 8080, "probability": 0.5},
            {"namespace": "default", "name": "web-2", "ip": "10.244.2.10", "port": 8080, "probability": 0.5},
        ])
    );
    let hops = v["hops"].as_array().unwrap();
    assert!(hops.iter().all(|h| h["at"].is_string()
        && h["action"].is_string()
        && h["detail"].is_string()
        && h.as_object().unwrap().len() == 3));
    let actions: Vec<&str> = hops.iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["send", "resolve", "route", "kube-proxy", "DNAT", "no SNAT", "deliver"]);
}

#[test]
fn dropped_exits_1_with_the_reason_and_no_pods() {
    let o = svcplay(
        &["trace", "--from", "external@node-c", "--to", "192.168.1.13:30007", "--format", "json"],
        Some(&cluster()),
    );
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let v = json(&o);
    assert_eq!(v["verdict"], "dropped");
    assert_eq!(v["reason"], "node-c has no local endpoint and externalTrafficPolicy is Local");
    assert_eq!(v["pods"], serde_json::json!([]));
    assert_eq!(v["hops"].as_array().unwrap().last().unwrap()["action"], "drop");
}

#[test]
fn external_at_a_node_with_a_local_pod_keeps_the_client_ip() {
    let o = svcplay(&["trace", "--from", "external@node-a", "--to", "192.168.1.11:30007"], Some(&cluster()));
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.starts_with("Trace external@node-a -> 192.168.1.11:30007/TCP\n"), "{}", o.stdout);
    assert!(o.stdout.contains("[no SNAT]: client source IP kept (externalTrafficPolicy Local)"), "{}", o.stdout);
    assert!(o.stdout.contains("Delivered to:\n  default/web-1 10.244.1.10:8080 100%\n"), "{}", o.stdout);
}

#[test]
fn text_story_for_a_drop() {
    let o =
        svcplay(&["trace", "--from=external@node-b", "--to=192.168.1.13:30007", "--protocol", "tcp"], Some(&cluster()));
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("arrives at node-c (not node-b)"), "{}", o.stdout);
    assert!(
        o.stdout.trim_end().ends_with("Dropped: node-c has no local endpoint and externalTrafficPolicy is Local"),
        "{}",
        o.stdout
    );
}

#[test]
fn pod_ip_is_delivered_without_kube_proxy() {
    let o =
        svcplay(&["trace", "--from", "host:node-b", "--to", "10.244.1.10:8080", "--format", "json"], Some(&cluster()));
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let v = json(&o);
    assert_eq!(v["pods"][0]["name"], "web-1");
    assert!(v["hops"][1]["detail"].as_str().unwrap().contains("no kube-proxy"), "{}", o.stdout);
}

#[test]
fn unknown_address_is_dropped() {
    let o = svcplay(&["trace", "--from", "pod:default/client", "--to", "10.1.2.3:80"], Some(&cluster()));
    assert_eq!(o.code, 1);
    assert!(o.stdout.contains("Dropped: no Service or pod has 10.1.2.3"), "{}", o.stdout);
}

#[test]
fn usage_errors_exit_2_with_a_clear_message() {
    let c = cluster();
    let cases: &[(&[&str], &str)] = &[
        (&["trace", "--to", "web:80"], "trace needs --from SOURCE"),
        (&["trace", "--from", "pod:default/client"], "trace needs --to DEST"),
        (&["trace", "--from", "node-a", "--to", "web:80"], "bad source `node-a`"),
        (&["trace", "--from", "pod:default/client", "--to", "web"], "bad destination `web`: the port is missing"),
        (&["trace", "--from", "pod:default/client", "--to", "web:99999"], "the port must be a number from 1 to 65535"),
        (&["trace", "--from", "pod:default/client", "--to", "web:80", "--protocol", "ICMP"], "bad protocol `ICMP`"),
        (&["trace", "--from", "pod:default/ghost", "--to", "web:80"], "no pod default/ghost in the input"),
        (
            &["trace", "--from", "external@node-z", "--to", "web:80"],
            "no node node-z in the cluster (nodes: node-a, node-b, node-c)",
        ),
        (&["trace", "--from", "pod:default/client", "--to", "web:80", "--frobnicate"], "unknown option"),
    ];
    for (args, msg) in cases {
        let o = svcplay(args, Some(&c));
        assert_eq!(o.code, 2, "{args:?}: {}{}", o.stdout, o.stderr);
        assert!(o.stderr.contains(msg), "{args:?}: {}", o.stderr);
        assert!(o.stdout.is_empty(), "{args:?}: {}", o.stdout);
    }
}

#[test]
fn unreadable_input_exits_2() {
    let o = svcplay(&["trace", "--from", "host:node-a", "--to", "web:80", "no/such/file.yaml"], Some(""));
    assert_eq!(o.code, 2);
}

#[test]
fn ipv6_destination_on_a_dual_stack_dump() {
    let dump = "../engine/tests/corpus/live/kind-dual-stack.yaml";
    let o = svcplay(&["trace", "--from", "pod:demo/echo-7c6b5d4f8-h2vqb", "--to", "[fd00:10:96::2b]:80", dump], None);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("from fd00:10:244:1::6 on kind-worker: new TCP connection to [fd00:10:96::2b]:80"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("  demo/v6only-6d9b8f7c5-pl3rw [fd00:10:244:2::9]:80 100%"), "{}", o.stdout);
}

#[test]
fn truthful_verdicts_in_json() {
    // The cluster IP (web.default resolves it) from outside: reachable only if routed.
    let ip = {
        let o = svcplay(&["dns", "web.default.svc.cluster.local", "--format", "json", "-"], Some(&cluster()));
        json(&o)["answers"][0].as_str().unwrap().to_string()
    };
    let o = svcplay(
        &["trace", "--from", "external@node-a", "--to", &format!("{ip}:80"), "--format", "json", "-"],
        Some(&cluster()),
    );
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let v = json(&o);
    assert_eq!(v["verdict"], "conditional");
    assert!(v["reason"].as_str().unwrap().starts_with("only if your network routes the Service CIDR"), "{v}");
    assert_eq!(v["pods"].as_array().unwrap().len(), 2);
    // A name on the internet, from a pod: leaves the cluster (CoreDNS forwards it upstream).
    let o = svcplay(
        &["trace", "--from", "pod:default/client", "--to", "example.com:443", "--format", "json", "-"],
        Some(&cluster()),
    );
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert_eq!(json(&o)["verdict"], "leaves-cluster");
    let o = svcplay(&["trace", "--from", "pod:default/client", "--to", "example.com:443", "-"], Some(&cluster()));
    assert!(o.stdout.contains("Leaves the cluster: example.com is not a name in the cluster"), "{}", o.stdout);
}
