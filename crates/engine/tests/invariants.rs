//! ARCHITECTURE.md's invariants, checked.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn engine_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, at any depth, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    common::files(dir, "rs")
}

/// The names of the dependencies a manifest's `[dependencies]` table lists, in any form
/// (`x = "1"`, `x.workspace = true`, `x = { ... }`).
fn dependency_names(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_deps = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_deps = line == "[dependencies]";
            continue;
        }
        if in_deps && !line.is_empty() && !line.starts_with('#') {
            let key = line.split(['=', '.', ' ']).next().unwrap_or_default();
            names.push(key.trim_matches('"').to_string());
        }
    }
    names
}

#[test]
fn dependency_names_reads_every_form() {
    let m = "[package]\nname = \"x\"\n[dependencies]\nserde.workspace = true\nyew = { version = \"1\" }\n\"gloo\" = \"0.11\"\nweb-sys=\"0.3\"\n[dev-dependencies]\nrand = \"1\"\n";
    assert_eq!(dependency_names(m), ["serde", "yew", "gloo", "web-sys"]);
}

/// The engine never depends on the app, the browser, or anything with a clock or I/O.
#[test]
fn engine_dependencies_are_pure() {
    let manifest = std::fs::read_to_string(engine_dir().join("Cargo.toml")).unwrap();
    let deps = dependency_names(&manifest);
    assert!(!deps.is_empty(), "no [dependencies] read from crates/engine/Cargo.toml");
    for banned in [
        "yew",
        "web-sys",
        "wasm-bindgen",
        "js-sys",
        "gloo",
        "rand",
        "getrandom",
        "chrono",
        "time",
        "tokio",
        "service-playground",
    ] {
        assert!(!deps.iter().any(|d| d == banned), "crates/engine must not depend on `{banned}`");
    }
}

/// No clock, randomness, file, network or process access in the engine's source.
#[test]
fn engine_source_has_no_io_clock_or_randomness() {
    let banned = [
        "std::time",
        "Instant::",
        "SystemTime",
        "std::fs",
        "TcpStream",
        "TcpListener",
        "UdpSocket",
        "std::process",
        "std::env",
        "thread_rng",
        "std::io::stdin",
    ];
    let files = rust_files(&engine_dir().join("src"));
    assert!(files.len() > 10, "only {} source files found", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for b in banned {
            assert!(!text.contains(b), "{} uses `{b}`", path.display());
        }
    }
}

/// `unsafe` appears only in the libyaml event wrapper.
#[test]
fn unsafe_only_in_the_yaml_wrapper() {
    let allowed = Path::new("yaml/libyaml.rs");
    let mut seen = false;
    for path in rust_files(&engine_dir().join("src")) {
        let text = std::fs::read_to_string(&path).unwrap();
        if path.ends_with(allowed) {
            seen = text.contains("unsafe ");
            continue;
        }
        assert!(!text.contains("unsafe "), "{} uses unsafe", path.display());
    }
    assert!(seen, "the YAML wrapper {} was not found (or has no unsafe): update this test", allowed.display());
}

/// Every engine source file has at most 600 lines before its test module.
#[test]
fn engine_files_are_at_most_600_lines_outside_tests() {
    let mut long = Vec::new();
    for path in rust_files(&engine_dir().join("src")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("\n#[cfg(test)]").next().unwrap_or("");
        let lines = code.lines().count();
        if lines > 600 {
            long.push(format!("{} has {lines} lines outside its tests", path.display()));
        }
    }
    assert!(long.is_empty(), "split these by concept:\n{}", long.join("\n"));
}

/// Stages are functions of their inputs: no stage's `run` takes the whole analysis to change it.
/// The stages the pipeline runs in parts have their entry point per part: `proxy::run_one` (one
/// Service), `checks::run_part` (some Services) and `endpoints::Controllers::sync` (one Service).
#[test]
fn stages_do_not_take_the_analysis_mutably() {
    let src = engine_dir().join("src");
    let mut runs = 0;
    for path in rust_files(&src) {
        let text = std::fs::read_to_string(&path).unwrap();
        for entry in ["pub fn run(", "pub fn run_one(", "pub fn run_part(", "pub fn sync("] {
            for sig in text.split(entry).skip(1) {
                let params = sig.split(')').next().unwrap_or("");
                runs += 1;
                assert!(
                    !params.contains("&mut Analysis"),
                    "{}: a stage takes &mut Analysis ({params})",
                    path.display()
                );
            }
        }
    }
    // One per stage of `engine::pipeline::STAGES`.
    assert!(runs >= engine::pipeline::STAGES.len(), "found only {runs} stage entry points: update this test");
}

/// The module of a source file: `a/b.rs` and `a/b/mod.rs` are `a::b`, `lib.rs` is the root ("").
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|l| l == "mod" || l == "lib") {
        parts.pop();
    }
    parts.join("::")
}

/// The modules a file's non-test code refers to (`crate::a::b::item`, `super::x`, and
/// `crate::a::{b, c}` groups), resolved to the longest existing module path.
fn references(module: &str, text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let code: String = code.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n");
    let parent = module.rsplit_once("::").map(|(p, _)| p).unwrap_or("");
    let mut paths = Vec::new();
    let ident = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == ':';
    for (prefix, base) in [("crate::", ""), ("super::", parent)] {
        for (i, _) in code.match_indices(prefix) {
            let rest = &code[i + prefix.len()..];
            let path: String = rest.chars().take_while(|&c| ident(c)).collect();
            let path = path.trim_end_matches(':');
            let full = if base.is_empty() { path.to_string() } else { format!("{base}::{path}") };
            paths.push(full.clone());
            if let Some(group) = rest[path.len()..].strip_prefix("::{") {
                for item in group.split('}').next().unwrap_or_default().split(',') {
                    let item = item.trim().split(' ').next().unwrap_or_default();
                    if item.starts_with(|c: char| c.is_ascii_lowercase()) {
                        paths.push(format!("{full}::{item}"));
                    }
                }
            }
        }
    }
    let resolve = |p: &str| {
        let parts: Vec<&str> = p.split("::").collect();
        (1..=parts.len()).rev().map(|k| parts[..k].join("::")).find(|m| modules.contains(m))
    };
    paths.iter().filter_map(|p| resolve(p)).collect()
}

fn contains(outer: &str, inner: &str) -> bool {
    outer.is_empty() || inner == outer || inner.starts_with(&format!("{outer}::"))
}

/// The engine's modules form a DAG: no module depends, directly or through others, on a module
/// that depends on it back, unless one contains the other. Checked per file, and between the
/// top-level modules (the stages and the layers below them).
#[test]
fn no_import_cycles_between_modules() {
    let src = engine_dir().join("src");
    let files = rust_files(&src);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let m = module_of(&src, f);
        let text = std::fs::read_to_string(f).unwrap();
        for n in references(&m, &text, &modules) {
            if !contains(&m, &n) && !contains(&n, &m) {
                edges.entry(m.clone()).or_default().insert(n);
            }
        }
    }
    let top = |m: &str| m.split("::").next().unwrap_or_default().to_string();
    let mut top_edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, ns) in &edges {
        for n in ns {
            if top(m) != top(n) {
                top_edges.entry(top(m)).or_default().insert(top(n));
            }
        }
    }
    assert!(top_edges.get("service").is_some_and(|d| d.contains("model")), "the reference scan found nothing");
    for graph in [&edges, &top_edges] {
        // Every module reachable from m must not reach m back.
        for start in graph.keys() {
            let mut seen = BTreeSet::new();
            let mut todo: Vec<&String> = graph[start].iter().collect();
            while let Some(n) = todo.pop() {
                assert!(n != start, "import cycle through `{start}`: {graph:#?}");
                if seen.insert(n.clone()) {
                    todo.extend(graph.get(n).into_iter().flatten());
                }
            }
        }
    }
}

/// A cluster dump is analysed in small steps (one per List item, then one per stage), with
/// progress that only grows and ends at 1, so the app can keep each slice of work short.
#[test]
fn a_cluster_dump_is_analysed_in_small_steps() {
    let text = std::fs::read_to_string(engine_dir().join("tests/data/kubectl-dump-small.yaml")).unwrap();
    let mut z = engine::Analyzer::new(vec![engine::Source::new("dump.yaml", text.clone())]);
    let (mut steps, mut last) = (0, z.progress());
    assert!(last < 0.01, "progress before any step: {last}");
    while !z.step() {
        steps += 1;
        let p = z.progress();
        assert!(p >= last, "progress went back from {last} to {p}");
        last = p;
    }
    assert_eq!(z.progress(), 1.0);
    let stepped = z.finish();
    let whole = engine::analyze(&[engine::Source::new("dump.yaml", text)]);
    assert_eq!(format!("{:?}", stepped.diagnostics), format!("{:?}", whole.diagnostics));
    let objects = whole.objects.iter().filter(|o| !o.simulated).count();
    assert!(objects > 10 && steps >= objects, "{steps} steps for {objects} objects");
}
