//! The engine never panics on any input: every fixture and example, cut and mangled in many
//! deterministic ways, goes through `analyze`.

use engine::{analyze, Source};
use std::path::Path;

mod common;
use common::{read, yaml_inputs, Rng};

const PIECES: &[&str] = &[
    "\n",
    " ",
    "  ",
    ":",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    "&a ",
    "*a",
    "<<: ",
    "---\n",
    "\t",
    "0",
    "-1",
    "99999999999999999999",
    "None",
    "null",
    "~",
    "yes",
    "é",
    "名",
    "port: ",
    "targetPort: ",
    "selector:",
    "kind: Service\n",
    "type: NodePort",
    "nodePort: 30000",
    "clusterIP: None",
    "replicas: 100000",
    "apiVersion: v1\n",
    "!!str ",
    "%YAML 1.1\n",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 => {
                let end = (at + rng.below(20)).min(chars.len());
                chars.drain(at..end);
            }
            1 => {
                let piece = PIECES[rng.below(PIECES.len())];
                for (k, c) in piece.chars().enumerate() {
                    chars.insert((at + k).min(chars.len()), c);
                }
            }
            _ => chars.truncate(at),
        }
    }
    chars.into_iter().collect()
}

#[test]
fn mangled_inputs_never_panic() {
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    let files = yaml_inputs();
    assert!(!files.is_empty());
    for f in &files {
        let text = read(f);
        for _ in 0..40 {
            let m = mutate(&text, &mut rng);
            let r = std::panic::catch_unwind(|| analyze(&[Source::new("m.yaml", m.clone())]));
            assert!(r.is_ok(), "analyze panicked on a mutation of {}:\n{m}", f.display());
        }
    }
}

#[test]
fn every_prefix_of_the_default_example_is_handled() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/01-my-service.yaml"))
        .unwrap();
    for (i, _) in text.char_indices() {
        let _ = analyze(&[Source::new("p.yaml", &text[..i])]);
    }
}
