//! The real-world corpus (`tests/corpus/`): for every live dump (`live/*.yaml`, committed) and
//! every public manifest (`public.tsv`, fetched by `scripts/fetch-corpus.sh` into
//! `target/corpus/`, listed in `target/corpus/paths.tsv`), the engine must give no error a real
//! cluster configured as the input implies would not give, and lose no Service (every Service
//! document in is a Service of the analysis). The live dumps are also compared with
//! `live/expected.json`: stored clusterIPs, families, nodePorts and the v1 Endpoints view.
//!
//! The public files are not in the repository: without `target/corpus/paths.tsv` (or
//! `$SVCPLAY_CORPUS_DIR/paths.tsv`) the public test fails, saying how to fetch them
//! (`scripts/test.sh` runs the fetch before `cargo test`).

use engine::model::{Kind, ServiceType};
use engine::{analyze, Analysis, Severity, Source};
use serde_json::Value;
use std::path::{Path, PathBuf};

mod common;
use common::{assert_none_failed, files, read, root};

/// Services a real API server refuses, per public file (`FINDINGS.md`): (namespace/name, code).
const INVALID_FOR_REAL: &[(&str, &[(&str, &str)])] = &[(
    "external-dns-coredns-groups",
    &[
        ("default/a", "ports-required"),
        ("default/b", "ports-required"),
        ("default/c", "ports-required"),
        ("default/d", "ports-required"),
    ],
)];

fn analyse(path: &Path) -> Analysis {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    analyze(&[Source::new(name, read(path))])
}

/// Every Service document of the input (core v1), as namespace/name.
fn input_services(a: &Analysis) -> Vec<String> {
    let mut v: Vec<String> = a
        .objects
        .iter()
        .filter(|o| o.kind == Kind::Service && !o.simulated)
        .map(|o| format!("{}/{}", o.namespace, o.name))
        .collect();
    v.dedup();
    v
}

/// The general assertions: no error but the allowed ones, no Service lost but the invalid ones.
fn general(id: &str, a: &Analysis, allowed: &[(&str, &str)]) -> Vec<String> {
    let mut failures = Vec::new();
    for d in a.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        let object = d.object.as_deref().unwrap_or("").trim_start_matches("Service/");
        if !allowed.iter().any(|(o, code)| *o == object && *code == d.code.as_str()) {
            failures.push(format!(
                "{id}: error {} at {}:{}: {}",
                d.code,
                d.span.start.line,
                d.span.start.column,
                d.text()
            ));
        }
    }
    for want in input_services(a) {
        let invalid = allowed.iter().any(|(o, _)| *o == want);
        if !invalid && !a.services.iter().any(|v| format!("{}/{}", v.namespace, v.name) == want) {
            failures.push(format!("{id}: Service {want} is lost"));
        }
    }
    failures
}

fn cluster_ips(a: &Analysis, key: &str) -> Vec<String> {
    let (ns, name) = key.split_once('/').unwrap_or(("", key));
    a.service_objects()
        .find(|(_, o, _)| o.namespace == ns && o.name == name)
        .map(|(_, _, s)| s.spec.cluster_ips.clone())
        .unwrap_or_default()
}

/// One live dump against `expected.json`.
fn live_dump(path: &Path, expected: &Value) -> Vec<String> {
    let id = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let a = analyse(path);
    let mut failures = general(&id, &a, &[]);
    for d in &a.diagnostics {
        if matches!(d.code.as_str(), "slice-managed-by-controller" | "pod-on-unknown-node" | "slice-unknown-service") {
            failures.push(format!("{id}: {} {}", d.code, d.text()));
        }
    }
    let Some(exp) = expected["dumps"].get(&id) else {
        return vec![format!("{id}: not in live/expected.json")];
    };
    let cidrs: Vec<&str> =
        exp["cluster"]["serviceCIDRs"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    if a.cluster.service_cidrs.value != cidrs {
        failures.push(format!("{id}: Service CIDRs {:?}, expected {cidrs:?}", a.cluster.service_cidrs.value));
    }
    for s in exp["services"].as_array().into_iter().flatten() {
        let key = format!("{}/{}", s["namespace"].as_str().unwrap_or(""), s["name"].as_str().unwrap_or(""));
        let Some((_, _, svc)) = a.service_objects().find(|(_, o, _)| format!("{}/{}", o.namespace, o.name) == key)
        else {
            failures.push(format!("{id}: {key} missing"));
            continue;
        };
        let strs = |v: &Value| -> Vec<String> {
            v.as_array().into_iter().flatten().filter_map(|x| x.as_str().map(String::from)).collect()
        };
        let fams: Vec<String> = svc.spec.ip_families.iter().map(|f| f.as_str().to_string()).collect();
        if svc.spec.cluster_ips != strs(&s["clusterIPs"]) || fams != strs(&s["ipFamilies"]) {
            failures.push(format!(
                "{id}: {key} clusterIPs {:?} {fams:?}, expected {} {}",
                svc.spec.cluster_ips, s["clusterIPs"], s["ipFamilies"]
            ));
        }
        let Some(view) = a.services.iter().find(|v| format!("{}/{}", v.namespace, v.name) == key) else { continue };
        for (i, p) in s["ports"].as_array().into_iter().flatten().enumerate() {
            let np = svc.spec.ports.get(i).and_then(|p| p.node_port);
            if np != p["nodePort"].as_i64() {
                failures.push(format!("{id}: {key} port {i} nodePort {np:?}, expected {}", p["nodePort"]));
            }
            let Some(pe) = view.endpoints.ports.get(i) else { continue };
            let (ready, not_ready) = (strs(&p["endpoints"]["ready"]), strs(&p["endpoints"]["notReady"]));
            if pe.ready != ready || pe.not_ready != not_ready {
                failures.push(format!(
                    "{id}: {key} port {i} endpoints {:?} / {:?}, expected {ready:?} / {not_ready:?}",
                    pe.ready, pe.not_ready
                ));
            }
        }
    }
    failures
}

#[test]
fn live_dumps() {
    let dir = root().join("tests/corpus/live");
    let expected: Value = serde_json::from_str(&read(&dir.join("expected.json"))).expect("live/expected.json is JSON");
    let dumps = files(&dir, "yaml").into_iter().filter(|p| p.parent() == Some(dir.as_path())).collect::<Vec<_>>();
    assert_eq!(dumps.len(), 7, "seven live dumps");
    let failures: Vec<String> = dumps.iter().flat_map(|p| live_dump(p, &expected)).collect();
    assert_none_failed(failures, dumps.len(), "live dump findings");
}

/// `target/corpus/paths.tsv` (or `$SVCPLAY_CORPUS_DIR/paths.tsv`): id → fetched file.
fn public_paths() -> Vec<(String, PathBuf)> {
    let dir =
        std::env::var_os("SVCPLAY_CORPUS_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("../../target/corpus"));
    let tsv = dir.join("paths.tsv");
    let text = std::fs::read_to_string(&tsv).unwrap_or_else(|e| {
        panic!(
            "{}: {e}\nThe public corpus is fetched, not committed: run scripts/fetch-corpus.sh (needs `go` and the Go module proxy), then run the tests again.",
            tsv.display()
        )
    });
    text.lines().filter_map(|l| l.split_once('\t')).map(|(id, p)| (id.to_string(), PathBuf::from(p))).collect()
}

/// Per-file expectations of `FINDINGS.md` beyond the general ones.
fn specific(id: &str, a: &Analysis) -> Vec<String> {
    let mut f = Vec::new();
    let mut want = |ok: bool, what: &str| {
        if !ok {
            f.push(format!("{id}: {what}"));
        }
    };
    match id {
        "k8s-kubernetes-service" => {
            want(cluster_ips(a, "default/kubernetes") == ["10.0.0.1"], "default/kubernetes keeps 10.0.0.1")
        }
        "k8s-service-list" => want(a.services.len() == 2, "two Services from the ServiceList"),
        "k8s-multi-resource-list" => want(a.services.len() == 1, "one Service from the List"),
        "knative-ksvc-helloworld" => {
            want(a.services.is_empty(), "no core Service (a Knative Service is a custom resource)")
        }
        "istio-bookinfo-dualstack" | "istio-helloworld-dual-stack" => {
            for (_, o, s) in a.service_objects() {
                let first_v6 = s.spec.ip_families.first().is_some_and(|f| f.as_str() == "IPv6");
                let ok = s.spec.cluster_ips.len() == 2
                    && s.spec.cluster_ips.first().is_some_and(|ip| ip.contains(':') == first_v6);
                want(ok, &format!("{} has two clusterIPs, the first of ipFamilies[0]", o.name));
            }
        }
        "istio-tcp-echo-ipv6" | "metallb-testsvc-ipv6" => {
            let ok = a
                .service_objects()
                .all(|(_, _, s)| s.spec.cluster_ips.len() == 1 && s.spec.cluster_ips[0].contains(':'));
            want(ok && a.services.len() == 1, "one Service with one IPv6 clusterIP");
        }
        "external-dns-bind9" => {
            let ok = a.service_objects().any(|(_, o, s)| {
                o.name == "bind9-nodeport"
                    && s.spec.type_ == ServiceType::NodePort
                    && s.spec.ports.len() == 2
                    && s.spec.ports.iter().all(|p| p.node_port == Some(30053))
            });
            want(ok, "bind9-nodeport keeps nodePort 30053 on both ports");
        }
        "external-dns-coredns-groups" => {
            let n = a.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            want(n == 4, &format!("exactly 4 errors (ports-required), found {n}"));
        }
        _ => {}
    }
    f
}

#[test]
fn public_manifests() {
    let paths = public_paths();
    assert_eq!(paths.len(), 50, "paths.tsv lists the 50 files of public.tsv");
    let mut failures = Vec::new();
    for (id, path) in &paths {
        let a = analyse(path);
        let allowed = INVALID_FOR_REAL.iter().find(|(i, _)| i == id).map_or(&[][..], |(_, v)| v);
        failures.extend(general(id, &a, allowed));
        failures.extend(specific(id, &a));
    }
    assert_none_failed(failures, paths.len(), "public corpus findings");
}
