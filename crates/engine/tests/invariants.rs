//! ARCHITECTURE.md's invariants, checked.

use std::path::{Path, PathBuf};

fn engine_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, at any depth, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
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
