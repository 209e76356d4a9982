//! Fixture tests: every `tests/fixtures/<area>/<case>.yaml` is analysed and compared with
//! `<case>.expected`, which holds the report sections to check (`[diagnostics]`, `[selection]`,
//! `[endpoints]`, ...), each compared exactly. Sections not named are not checked.
//!
//! `BLESS=1 cargo test -p svcplay-engine --test fixtures` rewrites the named sections of every
//! `.expected` (and writes `[diagnostics]` + `[objects]` + `[selection]` for a fixture that has
//! none yet). Read the diff before committing it.
//!
//! `[queries]` is the one section that is not a report section: it answers each `# dns: NAME
//! [TYPE [FROM_NAMESPACE]]` line of the fixture's leading comment (default type A, from
//! namespace `default`) the way `svcplay dns` does, with the rcode, the answers (and the name
//! forwarded upstream, if any) and the explanation.
//!
//! The gallery examples (`/examples/*.yaml`) run here too, so none can rot.

use engine::model::QType;
use engine::{analyze, report, Analysis, Source};
use std::path::Path;

mod common;
use common::{assert_none_failed, compare_or_bless, files, read, root};

fn parse_expected(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            out.push((name.to_string(), Vec::new()));
        } else if let Some(last) = out.last_mut() {
            if !line.is_empty() {
                last.1.push(line.to_string());
            }
        }
    }
    out
}

fn render(sections: &[(String, Vec<String>)]) -> String {
    let mut s = String::new();
    for (name, lines) in sections {
        s.push_str(&format!("[{name}]\n"));
        for l in lines {
            s.push_str(l);
            s.push('\n');
        }
        s.push('\n');
    }
    s
}

/// The `[queries]` section: every `# dns:` line of the leading comment, answered.
fn queries(a: &Analysis, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        let Some(q) = line.strip_prefix("# dns:") else { continue };
        let parts: Vec<&str> = q.split_whitespace().collect();
        let (name, qtype, from) = match parts.as_slice() {
            [name] => (*name, Some(QType::A), None),
            [name, t] => (*name, QType::parse(t), None),
            [name, t, ns] => (*name, QType::parse(t), Some(*ns)),
            _ => ("", None, None),
        };
        out.push(format!("> {}", q.trim()));
        let Some(qtype) = qtype.filter(|_| !name.is_empty()) else {
            out.push("bad query line".into());
            continue;
        };
        let r = engine::dns::query(&a.dns, name, qtype, from);
        let answers = r.answers();
        out.push(format!(
            "{} {} {}{}",
            r.name,
            r.rcode.as_str(),
            if answers.is_empty() { "-".to_string() } else { answers.join(" | ") },
            r.upstream.as_deref().map(|u| format!(" (forwarded upstream: {u})")).unwrap_or_default()
        ));
        out.push(format!("  {}", r.explanation));
    }
    out
}

/// Analyses one fixture and compares it; returns a failure message or None.
fn check(yaml: &Path) -> Option<String> {
    let text = read(yaml);
    let name = yaml.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let a = analyze(&[Source::new(name, text.clone())]);
    let expected_path = yaml.with_extension("expected");
    // A fixture without expectations gets the default sections when blessed; unblessed, the
    // comparison below reports the missing file.
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    let mut wanted = parse_expected(&expected);
    if wanted.is_empty() {
        wanted = ["diagnostics", "objects", "selection"].iter().map(|s| (s.to_string(), Vec::new())).collect();
    }
    // A fixture that asks questions always has its answers compared.
    let asks = text.lines().take_while(|l| l.starts_with('#')).any(|l| l.starts_with("# dns:"));
    if asks && !wanted.iter().any(|(n, _)| n == "queries") {
        wanted.push(("queries".to_string(), Vec::new()));
    }
    let actual: Vec<(String, Vec<String>)> = wanted
        .iter()
        .map(|(n, _)| match n.as_str() {
            "queries" => (n.clone(), queries(&a, &text)),
            _ => (n.clone(), report::section(&a, n).unwrap_or_else(|| vec![format!("<unknown section {n}>")])),
        })
        .collect();
    compare_or_bless(&expected_path, &render(&actual), yaml)
}

fn run_dir(dir: &Path) {
    let files = files(dir, "yaml");
    let failures: Vec<String> = files.iter().filter_map(|f| check(f)).collect();
    assert_none_failed(failures, files.len(), "fixtures");
}

#[test]
fn fixtures() {
    run_dir(&root().join("tests/fixtures"));
}

#[test]
fn examples() {
    run_dir(&root().join("../../examples"));
}
