//! How long each engine stage takes on a file (a benchmark that prints figures, never asserts):
//!
//!   cargo run --release -p svcplay-engine --example stages FILE
//!
//! e.g. with `python3 bench/gen-manifest.py pods 1000 > /tmp/pods.yaml`. Runs twice (cold, warm).
use engine::{Analysis, Analyzer, Source};
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
    let t = Instant::now();
    let steps = {
        let mut z = Analyzer::new(sources.to_vec());
        let mut n = 1;
        while !z.step() {
            n += 1;
        }
        n
    };
    println!("Analyzer: {steps} steps, {:.1} ms in all", t.elapsed().as_secs_f64() * 1e3);
    for run in ["cold", "warm"] {
        let mut a = Analysis { sources: vec![sources[0].name.clone()], ..Default::default() };
        let stages: [(&str, fn(&mut Analysis)); 9] = [
            ("apply", engine::apply::apply),
            ("service", engine::service::run),
            ("workloads", engine::workloads::run),
            ("select", engine::select::run),
            ("endpoints", engine::endpoints::run),
            ("dns", engine::dns::run),
            ("proxy", engine::proxy::run),
            ("checks", engine::checks::run),
            ("(drop)", |a| *a = Analysis::default()),
        ];
        let mut t = Instant::now();
        engine::read::read(&mut a, &sources);
        let mut line = format!("{run}: read {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
        let objects = a.objects.len();
        for (name, stage) in stages {
            t = Instant::now();
            stage(&mut a);
            line += &format!(", {name} {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
        }
        println!("{line} ({objects} objects read)");
    }
}
