//! How long each engine step takes on a file (a benchmark that prints figures, never asserts):
//!
//!   cargo run --release -p svcplay-engine --example stages FILE
//!
//! e.g. with `python3 bench/gen-manifest.py pods 1000 > /tmp/pods.yaml`. Runs three times (cold,
//! warm, and as the page opens a file: with an empty `engine::ReadCache` to fill), timing the steps of `engine::Analyzer` by what they do (reading, then each stage of
//! `engine::pipeline::STAGES`) and the longest single step of each, and dropping the result.
use engine::pipeline::{Step, STAGES};
use engine::{Analyzer, Source};
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: stages FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("stages: cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let sources = [Source::new(path, text)];
    for run in ["cold", "warm", "page"] {
        let mut z = match run {
            "page" => Analyzer::with_cache(sources.to_vec(), engine::ReadCache::default()),
            _ => Analyzer::new(sources.to_vec()),
        };
        let names: Vec<&str> = std::iter::once(Step::Read.name()).chain(STAGES.iter().map(|s| s.name())).collect();
        let mut ms = vec![0.0; names.len()];
        // The longest single step of each kind: what a page running one step between two time
        // checks may be held for.
        let mut longest = vec![0.0f64; names.len()];
        let mut steps = 0;
        while let Some(step) = z.next_step() {
            let t = Instant::now();
            z.step();
            let slot = names.iter().position(|n| *n == step.name()).unwrap_or(0);
            let took = t.elapsed().as_secs_f64() * 1e3;
            ms[slot] += took;
            longest[slot] = longest[slot].max(took);
            steps += 1;
        }
        let t = Instant::now();
        let (a, cache) = z.finish_with_cache();
        let objects = a.objects.len();
        drop(a);
        drop(cache);
        let drop_ms = t.elapsed().as_secs_f64() * 1e3;
        let parts: Vec<String> = names
            .iter()
            .zip(ms.iter().zip(&longest))
            .map(|(n, (t, l))| format!("{n} {t:.1} ms (step ≤{l:.1})"))
            .collect();
        println!("{run}: {}, (drop) {drop_ms:.1} ms ({steps} steps, {objects} objects)", parts.join(", "));
    }
}
