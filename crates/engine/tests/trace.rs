//! Trace tests, as data: every `tests/trace/<case>.yaml` is a manifest whose leading comment
//! lines `# trace: SOURCE DEST [PROTOCOL]` name the traces to run; `<case>.expected` holds each
//! trace rendered (verdict, reason, pods with shares, hops), compared exactly.
//!
//! `BLESS=1 cargo test -p svcplay-engine --test trace` rewrites the `.expected` files (read the
//! diff).

use engine::model::{Trace, TraceSource};
use engine::trace::trace;
use engine::{analyze, Source};
use std::path::Path;

mod common;
use common::{assert_none_failed, compare_or_bless, files, read, root};

/// One trace as stable text.
fn render(query: &str, t: &Trace) -> String {
    let mut s = format!("> {query}\n");
    s.push_str(&format!("verdict: {}\n", serde_json::to_value(t.verdict).unwrap().as_str().unwrap()));
    if let Some(r) = &t.reason {
        s.push_str(&format!("reason: {r}\n"));
    }
    for p in &t.pods {
        s.push_str(&format!(
            "pod: {}/{} {}:{} {}\n",
            p.namespace,
            p.name,
            p.ip,
            p.port,
            engine::util::text::percent(p.probability)
        ));
    }
    for h in &t.hops {
        s.push_str(&format!("hop: {} [{}] {}\n", h.at, h.action, h.detail));
    }
    s
}

/// Runs every `# trace:` query of one case; returns a failure message or None.
fn check(yaml: &Path) -> Option<String> {
    let text = read(yaml);
    let name = yaml.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let a = analyze(&[Source::new(name, text.clone())]);
    let mut actual = String::new();
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        let Some(q) = line.strip_prefix("# trace:") else {
            continue;
        };
        let parts: Vec<&str> = q.split_whitespace().collect();
        let rendered = match parts.as_slice() {
            [from, to, rest @ ..] if rest.len() <= 1 => match TraceSource::parse(from) {
                Ok(src) => render(q.trim(), &trace(&a, src, to, rest.first().copied().unwrap_or("TCP"))),
                Err(e) => format!("> {}\nsource error: {e}\n", q.trim()),
            },
            _ => format!("> {}\nbad query line\n", q.trim()),
        };
        actual.push_str(&rendered);
        actual.push('\n');
    }
    assert!(!actual.is_empty(), "{} has no `# trace:` line", yaml.display());
    compare_or_bless(&yaml.with_extension("expected"), &actual, yaml)
}

#[test]
fn traces() {
    let cases = files(&root().join("tests/trace"), "yaml");
    let failures: Vec<String> = cases.iter().filter_map(|f| check(f)).collect();
    assert_none_failed(failures, cases.len(), "trace cases");
}

/// Every trace over every case input, with odd sources and destinations, never panics.
#[test]
fn traces_never_panic() {
    let mut inputs = files(&root().join("tests/trace"), "yaml");
    inputs.extend(files(&root().join("tests/fixtures/proxy"), "yaml"));
    let dests = [
        "10.96.0.1:443",
        "web:80",
        "web.default.svc.cluster.local.:80",
        "192.168.1.11:30007",
        "1.2.3.4:1",
        "x:65535",
        ":",
        "[::1]:80",
        "...:80",
        "a..b:80",
    ];
    for p in inputs {
        let a = analyze(&[Source::new("x", read(&p))]);
        let mut sources: Vec<TraceSource> = a
            .pods()
            .map(|(_, o, _)| TraceSource::Pod { namespace: o.namespace.clone(), name: o.name.clone() })
            .collect();
        for n in &a.nodes {
            sources.push(TraceSource::External { node: n.name.clone() });
            sources.push(TraceSource::Host { node: n.name.clone() });
        }
        sources.push(TraceSource::Host { node: "nowhere".into() });
        let mut to: Vec<String> = dests.iter().map(|d| d.to_string()).collect();
        for v in &a.services {
            to.push(format!("{}.{}:80", v.name, v.namespace));
        }
        for s in &sources {
            for d in &to {
                for proto in ["TCP", "udp", "bogus"] {
                    let _ = trace(&a, s.clone(), d, proto);
                }
            }
        }
    }
}
