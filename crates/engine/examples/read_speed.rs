//! The reader's and the selector's speed, as figures (a benchmark: it prints, never asserts).
//!
//!   python3 bench/gen-dump.py > /tmp/dump.yaml
//!   python3 bench/gen-manifest.py pods 1000 > /tmp/pods.yaml
//!   cargo run --profile speed -p svcplay-engine --example read_speed -- /tmp/dump.yaml /tmp/pods.yaml
//!
//! (`--profile speed` is release at opt-level 3; `--release` gives the figures of the size-optimised
//! build the wasm is made with.)
//!
//! Each figure is the median of several runs (the count is printed):
//! - parse: the dump's parts through the fast path (libyaml where it steps aside), and through
//!   libyaml alone, in MB/s;
//! - read: the whole read stage (split, parse, structural check, decode) in MB/s;
//! - drop: dropping the finished analysis of the dump;
//! - select: the select stage on 1,000 Services × 10,000 pods (generated here);
//! - keystroke: re-analysing after a one-character edit, for the default example and for the
//!   pods manifest: from scratch, and with the previous analysis' cache (`engine::analyze_with_cache`).
use engine::pipeline::{Stage, Step};
use engine::yaml::{parse_part, split_parts};
use engine::{Analyzer, Source};
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Median milliseconds of `runs` calls of `f`.
fn time_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    )
}

fn mb_s(bytes: usize, ms: f64) -> f64 {
    bytes as f64 / 1e6 / (ms / 1e3)
}

fn read_file(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("read_speed: cannot read {path}: {e}");
        std::process::exit(2)
    })
}

/// Runs the analyzer's read steps; the analyzer, ready for the stages.
fn read_all(sources: Vec<Source>) -> Analyzer {
    let mut z = Analyzer::new(sources);
    while z.next_step() == Some(Step::Read) {
        z.step();
    }
    z
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dump_path, pods_path] = args.as_slice() else {
        eprintln!("usage: read_speed DUMP.yaml PODS.yaml   (see bench/gen-dump.py, bench/gen-manifest.py)");
        std::process::exit(2);
    };
    let dump = read_file(dump_path);
    let pods = read_file(pods_path);
    let mb = dump.len() as f64 / 1e6;
    println!("dump: {dump_path}, {mb:.1} MB; pods: {pods_path}, {:.2} MB", pods.len() as f64 / 1e6);

    let parts = split_parts(&dump);
    let fast = time_ms(5, || {
        for p in &parts {
            std::hint::black_box(parse_part(&dump, *p));
        }
    });
    let slow = time_ms(3, || {
        std::hint::black_box(engine::yaml::parse_stream_libyaml(&dump));
    });
    println!(
        "parse   fast path {:.0} MB/s ({fast:.0} ms), libyaml {:.0} MB/s ({slow:.0} ms)   [median of 5 / 3]",
        mb_s(dump.len(), fast),
        mb_s(dump.len(), slow)
    );

    let source = Source::new("dump.yaml", dump.clone());
    let read = median(
        (0..5)
            .map(|_| {
                let sources = vec![source.clone()];
                let t = Instant::now();
                let z = std::hint::black_box(read_all(sources));
                let ms = t.elapsed().as_secs_f64() * 1e3;
                drop(z);
                ms
            })
            .collect(),
    );
    println!("read    {:.0} MB/s ({read:.0} ms: split, parse, check, decode)   [median of 5]", mb_s(dump.len(), read));

    let drop_ms = median(
        (0..5)
            .map(|_| {
                let a = Analyzer::new(vec![source.clone()]).finish();
                let t = Instant::now();
                drop(std::hint::black_box(a));
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    );
    println!("drop    {drop_ms:.1} ms (the analysis of the dump)   [median of 5]");

    let many = services_and_pods(1000, 10_000);
    let select = median(
        (0..5)
            .map(|_| {
                let mut z = read_all(vec![Source::new("many.yaml", many.clone())]);
                let mut ms = 0.0;
                while let Some(step) = z.next_step() {
                    let t = Instant::now();
                    z.step();
                    if step == Step::Stage(Stage::Select) {
                        ms = t.elapsed().as_secs_f64() * 1e3;
                        break;
                    }
                }
                ms
            })
            .collect(),
    );
    println!("select  {select:.2} ms (1,000 Services × 10,000 pods)   [median of 5]");

    let default = include_str!("../../../examples/01-my-service.yaml");
    for (name, text) in [("default example", default), ("pods manifest", pods.as_str())] {
        // Two texts that differ from each other in one document: each analysis after the
        // other's is a keystroke.
        let edited = [keystroke(text, 'x'), keystroke(text, 'y')];
        let scratch =
            time_ms(9, || drop(std::hint::black_box(engine::analyze(&[Source::new("m.yaml", edited[0].clone())]))));
        let mut cache = engine::ReadCache::default();
        let mut k = 0;
        let cached = time_ms(9, || {
            k += 1;
            let sources = [Source::new("m.yaml", edited[k % 2].clone())];
            drop(std::hint::black_box(engine::analyze_with_cache(&sources, &mut cache)));
        });
        println!("keystroke {name}: {scratch:.2} ms from scratch, {cached:.2} ms with the cache   [median of 9]");
    }
}

/// `text` with the character `c` typed into its last document (a value gains a letter).
fn keystroke(text: &str, c: char) -> String {
    let at = text.rfind("name: ").map_or(text.len(), |i| i + "name: ".len() + 1);
    let mut s = text.to_string();
    s.insert(at.min(s.len()), c);
    s
}

/// `services` Services over ten namespaces, each selecting `app: a<i>`, and `pods` pods spread
/// over them (with a second label most selectors do not use).
fn services_and_pods(services: usize, pods: usize) -> String {
    let mut s = String::new();
    for i in 0..services {
        s.push_str(&format!(
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s{i}\n  namespace: ns{}\nspec:\n  selector:\n    app: a{i}\n  ports:\n  - port: 80\n",
            i % 10
        ));
    }
    for i in 0..pods {
        let app = i % services;
        s.push_str(&format!(
            "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\n  namespace: ns{}\n  labels:\n    app: a{app}\n    shard: s{}\nspec:\n  nodeName: node-a\n  containers:\n  - name: c\n    image: nginx\nstatus:\n  phase: Running\n  podIP: 10.{}.{}.{}\n  conditions:\n  - type: Ready\n    status: \"True\"\n",
            app % 10,
            i % 4,
            1 + i / 65536,
            (i / 256) % 256,
            i % 256
        ));
    }
    s
}
