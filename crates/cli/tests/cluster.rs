//! `svcplay cluster`: the settings the input implies, with their sources, as text and JSON.

mod common;

use common::svcplay;

#[test]
fn default_example_uses_the_defaults() {
    let o = svcplay(&["cluster", "../../examples/01-my-service.yaml"], None);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let first = o.stdout.lines().next().unwrap_or("");
    assert!(
        first.starts_with("Service CIDRs") && first.contains("10.96.0.0/12") && first.ends_with("default"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("  node-a ip=192.168.1.11 podCIDRs=10.244.1.0/24 zone=zone-a"), "{}", o.stdout);
}

#[test]
fn a_live_dump_infers_its_ranges_and_nodes() {
    let o = svcplay(&["cluster", "--format", "json", "../engine/tests/corpus/live/aks-kubenet-no-nodes.yaml"], None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON");
    assert_eq!(v["serviceCIDRs"]["value"], serde_json::json!(["10.0.0.0/16"]));
    assert_eq!(v["serviceCIDRs"]["source"]["kind"], "inferred");
    assert!(v["serviceCIDRs"]["source"]["from"].as_str().unwrap_or("").contains("default/kubernetes at 10.0.0.1"));
    assert_eq!(v["nodes"]["from"], "pods");
    assert_eq!(v["nodes"]["value"][0]["internalIPs"][0], "10.224.0.4");
    assert_eq!(v["clusterDomain"]["source"]["kind"], "default");
}

#[test]
fn a_kubeadm_configuration_is_stated_with_its_position() {
    let doc = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.34.2\nnetworking:\n  serviceSubnet: 10.0.0.0/16,fd00:10:96::/112\n  dnsDomain: corp.example\n";
    let o = svcplay(&["cluster", "--format", "json", "-"], Some(doc));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON");
    assert_eq!(v["serviceCIDRs"]["value"], serde_json::json!(["10.0.0.0/16", "fd00:10:96::/112"]));
    let s = &v["serviceCIDRs"]["source"];
    assert_eq!(
        (s["kind"].as_str(), s["field"].as_str(), s["line"].as_u64()),
        (Some("stated"), Some("networking.serviceSubnet"), Some(5))
    );
    assert_eq!(v["kubernetesVersion"]["value"], "1.34");
    assert_eq!(v["clusterDomain"]["value"], "corp.example");
    // The other commands analyse with the same settings: DNS answers in the stated domain.
    let svc = "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n";
    let o = svcplay(&["dns", "web.default.svc.corp.example", "-"], Some(&format!("{doc}{svc}")));
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("10.0."), "{}", o.stdout);
}

#[test]
fn a_malformed_setting_exits_1() {
    let doc =
        "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  serviceSubnet: 10.0.0.0/33\n";
    let o = svcplay(&["cluster", "-"], Some(doc));
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stdout.contains("-:4:18: error: `networking.serviceSubnet: 10.0.0.0/33`"), "{}", o.stdout);
}
