//! The `svcplay` binary, run as a user would: exit codes, text lines, the JSON contract.

mod common;

use common::svcplay;

/// The default example (each gallery example is a cluster of its own: merged, they collide).
const DEFAULT: &str = "../../examples/01-my-service.yaml";

#[test]
fn check_default_example_is_clean() {
    let o = svcplay(&["check", DEFAULT], None);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("Service default/my-service"), "{}", o.stdout);
    assert!(o.stdout.contains("selects 2 pod(s): myapp-1, myapp-2"), "{}", o.stdout);
    assert!(!o.stdout.contains(": error:"), "{}", o.stdout);
}

#[test]
fn every_gallery_example_checks_without_errors() {
    for e in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples")).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "yaml") {
            let o = svcplay(&["check", p.to_str().unwrap()], None);
            assert_eq!(o.code, 0, "{}: {}{}", p.display(), o.stdout, o.stderr);
        }
    }
}

#[test]
fn check_reports_file_line_column_and_exits_1() {
    let o = svcplay(&["check", "tests/data/bad.yaml"], None);
    assert_eq!(o.code, 1);
    assert!(o.stdout.contains("tests/data/bad.yaml:6:3: error: unknown field `selecter`"), "{}", o.stdout);
}

#[test]
fn check_reads_stdin() {
    let o = svcplay(
        &["check", "-"],
        Some("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: \"80\"}]}\n"),
    );
    assert_eq!(o.code, 1);
    assert!(o.stdout.lines().any(|l| l.starts_with("-:4:") && l.contains(": error: ")), "{}", o.stdout);
}

#[test]
fn unreadable_input_and_usage_errors_exit_2() {
    assert_eq!(svcplay(&["check", "no/such/file.yaml"], None).code, 2);
    assert_eq!(svcplay(&["frobnicate"], None).code, 2);
    assert_eq!(svcplay(&["check", "--format", "xml"], None).code, 2);
    assert_eq!(svcplay(&[], None).code, 2);
}

#[test]
fn check_json_contract() {
    let o = svcplay(&["check", "--format", "json", "tests/data/bad.yaml", DEFAULT], None);
    assert_eq!(o.code, 1);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("valid JSON");
    let diags = v["diagnostics"].as_array().unwrap();
    let d = diags.iter().find(|d| d["severity"] == "error").expect("an error");
    for key in ["severity", "code", "message", "object", "field", "file", "line", "column"] {
        assert!(d.get(key).is_some(), "diagnostic lacks {key}: {d}");
    }
    assert_eq!(d["severity"], "error");
    assert_eq!(d["field"], "spec.selecter");
    assert_eq!(d["object"], "Service/default/web");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(6), Some(3)));
    let objects = v["objects"].as_array().unwrap();
    let web = objects.iter().find(|o| o["name"] == "web").unwrap();
    assert_eq!(web["valid"], false);
    let svc = objects.iter().find(|o| o["name"] == "my-service").unwrap();
    assert_eq!(svc["object"]["kind"], "Service");
    assert_eq!(svc["object"]["metadata"]["namespace"], "default");
    let services = v["services"].as_array().unwrap();
    let my = services.iter().find(|s| s["name"] == "my-service").unwrap();
    for key in ["namespace", "name", "type", "clusterIP", "ports"] {
        assert!(my.get(key).is_some(), "service lacks {key}");
    }
    let port = &my["ports"][0];
    assert_eq!(port["port"], 80);
    assert_eq!(port["targetPort"], 9376);
    assert_eq!(port["endpoints"]["ready"], serde_json::json!(["10.244.1.11:9376", "10.244.2.12:9376"]));
    assert!(my["clusterIP"].as_str().is_some_and(|ip| ip.starts_with("10.")), "{my}");
    for key in ["name", "protocol", "nodePort", "endpoints"] {
        assert!(port.get(key).is_some(), "port lacks {key}");
    }
}

#[test]
fn select_like_kubectl_get_pods_l() {
    let o = svcplay(&["select", "-l", "app in (MyApp, OtherApp),app!=OtherApp", "--format", "json", DEFAULT], None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let names: Vec<&str> = v["pods"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"myapp-1") && names.contains(&"myapp-2") && !names.contains(&"other-app"), "{names:?}");
}

#[test]
fn a_bad_selector_is_a_usage_error_with_its_position() {
    let o = svcplay(&["select", "-l", "app in (a b)", DEFAULT], None);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("bad selector at column"), "{}", o.stderr);
    assert!(o.stderr.contains('^'), "{}", o.stderr);
}
