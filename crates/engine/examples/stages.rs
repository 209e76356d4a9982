//! Prints how long each engine stage takes on a file: `cargo run --release -p svcplay-engine --example stages FILE`.
use engine::*;
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("usage: stages FILE");
    let text = std::fs::read_to_string(&path).expect("read");
    let sources = [Source::new(path, text)];
    let t = Instant::now();
    let z = engine::Analyzer::new(sources.to_vec());
    eprintln!("Analyzer::new {:.1}ms", t.elapsed().as_secs_f64() * 1e3);
    drop(z);
    for _ in 0..2 {
        let mut a = Analysis { sources: vec!["x".into()], ..Default::default() };
        let mut t = Instant::now();
        let mut lap = |name: &str| { eprint!("{name} {:.1}ms  ", t.elapsed().as_secs_f64() * 1e3); t = Instant::now(); };
        engine::read::read(&mut a, &sources); lap("read");
        engine::apply::apply(&mut a); lap("apply");
        engine::service::run(&mut a); lap("service");
        engine::workloads::run(&mut a); lap("workloads");
        engine::select::run(&mut a); lap("select");
        engine::endpoints::run(&mut a); lap("endpoints");
        engine::dns::run(&mut a); lap("dns");
        engine::proxy::run(&mut a); lap("proxy");
        engine::checks::run(&mut a); lap("checks");
        eprintln!("objects {} services {} diags {}", a.objects.len(), a.services.len(), a.diagnostics.len());
    }
}
