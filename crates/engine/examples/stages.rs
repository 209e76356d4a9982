//! How long each engine step takes on a file (a benchmark that prints figures, never asserts):
//!
//!   cargo run --release -p svcplay-engine --example stages FILE
//!
//! e.g. with `python3 bench/gen-manifest.py pods 1000 > /tmp/pods.yaml`. Runs three times (cold,
//! warm, and as the page opens a file: with an empty `engine::ReadCache` to fill, dropped with the
//! result), timing the steps of `engine::Analyzer` by what they do (reading, then each stage of
//! `engine::pipeline::STAGES`) and the longest single step of each, and dropping the result.
//! Then as the page does on a keystroke: with what the previous analysis read (`ReadCache`), on
//! the text with one character removed from its first `app: MyApp` line, and put back (the
//! median of several such keystrokes, each stage's figure on its own).
use engine::pipeline::{Step, STAGES};
use engine::{Analyzer, ReadCache, Source};
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
    let edited = text.find("app: MyApp").map(|at| {
        let end = at + "app: MyApp".len();
        format!("{}{}", &text[..end - 1], &text[end..])
    });
    let mut cache = Some(ReadCache::default());
    let mut keys: Vec<Vec<f64>> = Vec::new();
    let runs =
        ["cold", "warm", "page"].into_iter().chain(std::iter::repeat_n("key", if edited.is_some() { 20 } else { 0 }));
    for (i, run) in runs.enumerate() {
        // Keystrokes: the edited text and the original in turn, each read with the cache.
        let text = if run == "key" && i % 2 == 0 { edited.clone().unwrap_or_default() } else { text.clone() };
        let sources = [Source::new(path.clone(), text)];
        let mut z = match run {
            "cold" | "warm" => Analyzer::new(sources.to_vec()),
            "page" => Analyzer::with_cache(sources.to_vec(), ReadCache::default()),
            _ => Analyzer::with_cache(sources.to_vec(), cache.take().unwrap_or_default()),
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
        let (a, c) = z.finish_with_cache();
        let objects = a.objects.len();
        drop(a);
        if run == "page" {
            drop(c);
        } else {
            cache = Some(c);
        }
        let drop_ms = t.elapsed().as_secs_f64() * 1e3;
        if run == "key" {
            keys.push(ms.iter().copied().chain([drop_ms]).collect());
            continue;
        }
        let parts: Vec<String> = names
            .iter()
            .zip(ms.iter().zip(&longest))
            .map(|(n, (t, l))| format!("{n} {t:.1} ms (step ≤{l:.1})"))
            .collect();
        println!("{run}: {}, (drop) {drop_ms:.1} ms ({steps} steps, {objects} objects)", parts.join(", "));
    }
    if keys.is_empty() {
        return;
    }
    let names: Vec<&str> =
        std::iter::once(Step::Read.name()).chain(STAGES.iter().map(|s| s.name())).chain(["(drop)"]).collect();
    let median = |k: usize| {
        let mut xs: Vec<f64> = keys.iter().map(|r| r[k]).collect();
        xs.sort_by(f64::total_cmp);
        xs[xs.len() / 2]
    };
    let total = {
        let mut xs: Vec<f64> = keys.iter().map(|r| r.iter().sum()).collect();
        xs.sort_by(f64::total_cmp);
        xs[xs.len() / 2]
    };
    let parts: Vec<String> = names.iter().enumerate().map(|(k, n)| format!("{n} {:.2}", median(k))).collect();
    println!("keystroke (cached, median of {}): {total:.1} ms: {} ms", keys.len(), parts.join(", "));
}
