//! ARCHITECTURE.md's invariants, checked.

use std::path::Path;

fn engine_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The engine never depends on the app, the browser, or anything with a clock or I/O.
#[test]
fn engine_dependencies_are_pure() {
    let manifest = std::fs::read_to_string(engine_dir().join("Cargo.toml")).unwrap();
    let deps = manifest.split("[dependencies]").nth(1).unwrap_or_default();
    let deps = deps.split("\n[").next().unwrap_or_default();
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
        assert!(
            !deps.lines().any(|l| l.trim_start().starts_with(&format!("{banned} "))
                || l.trim_start().starts_with(&format!("{banned}="))),
            "crates/engine must not depend on `{banned}`"
        );
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
    for entry in std::fs::read_dir(engine_dir().join("src")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for b in banned {
            assert!(!text.contains(b), "{} uses `{b}`", path.display());
        }
    }
}

/// `unsafe` appears only in the YAML event wrapper.
#[test]
fn unsafe_only_in_the_yaml_wrapper() {
    for entry in std::fs::read_dir(engine_dir().join("src")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == "yaml.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("unsafe "), "{} uses unsafe", path.display());
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
