//! The YAML fast path must build exactly what the libyaml path builds (values and spans), or
//! step aside. Checked on every fixture and example, on a generated cluster dump, and on
//! thousands of mangled variants of them.

use engine::yaml::{parse_part, parse_stream, parse_stream_libyaml, split_parts, Doc, Document, Node, Splitter, Value};
use std::path::PathBuf;

mod common;
use common::{files, read, root, yaml_inputs, Rng};

fn same_node(a: Node, b: Node, path: &str) -> Result<(), String> {
    if a.span() != b.span() {
        return Err(format!("{path}: span {:?} vs {:?}", a.span(), b.span()));
    }
    if a.raw() != b.raw() {
        return Err(format!("{path}: raw {:?} vs {:?}", a.raw(), b.raw()));
    }
    match (a.value(), b.value()) {
        (Value::Map(x), Value::Map(y)) => {
            if x.len() != y.len() {
                return Err(format!("{path}: {} vs {} entries", x.len(), y.len()));
            }
            for (i, (ex, ey)) in x.iter().zip(y.iter()).enumerate() {
                same_node(ex.key, ey.key, &format!("{path}{{{i}}}key"))?;
                same_node(ex.value, ey.value, &format!("{path}.{}", ex.key.as_str().unwrap_or("?")))?;
            }
            Ok(())
        }
        (Value::Seq(x), Value::Seq(y)) => {
            if x.len() != y.len() {
                return Err(format!("{path}: {} vs {} items", x.len(), y.len()));
            }
            for (i, (nx, ny)) in x.iter().zip(y.iter()).enumerate() {
                same_node(nx, ny, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Float(x), Value::Float(y)) if x.is_nan() && y.is_nan() => Ok(()),
        (x, y) if x == y => Ok(()),
        (x, y) => Err(format!("{path}: {x:?} vs {y:?}")),
    }
}

fn same(fast: &[Document], slow: &[Document]) -> Result<(), String> {
    if fast.len() != slow.len() {
        return Err(format!("{} vs {} documents", fast.len(), slow.len()));
    }
    for (i, (f, s)) in fast.iter().zip(slow).enumerate() {
        if f.error.is_some() || s.error.is_some() {
            // The fast path never reports errors itself: with an error it must have stepped aside.
            if f.error != s.error {
                return Err(format!("doc {i}: error {:?} vs {:?}", f.error, s.error));
            }
        }
        match (&f.root, &s.root) {
            (Some(a), Some(b)) => same_node(a.node(), b.node(), &format!("doc{i}"))?,
            (None, None) => {}
            _ => return Err(format!("doc {i}: root presence differs")),
        }
    }
    Ok(())
}

fn check(text: &str, what: &str) {
    if let Err(e) = same(&parse_stream(text), &parse_stream_libyaml(text)) {
        panic!("fast and libyaml paths differ on {what}: {e}\n---\n{text}");
    }
    if let Err(e) = same_objects_by_parts(text) {
        panic!("reading by parts differs from reading whole documents on {what}: {e}\n---\n{text}");
    }
    // Split in steps (as the page does, a slice of the text per step): the same parts whatever
    // the budget of a step.
    let whole = split_parts(text);
    for budget in [1, 7, 100, 4096] {
        let mut s = Splitter::default();
        let mut steps = 0;
        while !s.step(text, budget) {
            steps += 1;
            assert!(steps <= 2 * text.len() + 10, "the splitter does not finish on {what}");
        }
        assert_eq!(s.into_parts(), whole, "split in steps of {budget} bytes, {what}\n---\n{text}");
    }
}

/// The nodes the reader makes objects of: a document's root, or each item of a List.
fn object_roots(root: Doc, list_item: bool) -> Vec<Doc> {
    let n = root.node();
    let is_list =
        n.get("kind").and_then(|k| k.as_str()).is_some_and(|k| k.ends_with("List")) && n.get("items").is_some();
    let items = match n.value() {
        Value::Seq(items) if list_item => items,
        Value::Map(_) if is_list => match n.get("items").map(|i| i.value()) {
            Some(Value::Seq(items)) => items,
            _ => return vec![],
        },
        _ => return vec![root.clone()],
    };
    items.iter().filter_map(|i| root.owned(i)).collect()
}

/// Splitting Lists into items ([`split_parts`]) must read the same objects as whole documents,
/// whenever the whole documents read without a syntax error.
fn same_objects_by_parts(text: &str) -> Result<(), String> {
    let whole = parse_stream(text);
    if whole.iter().any(|d| d.error.is_some()) {
        return Ok(());
    }
    let whole: Vec<Doc> = whole.into_iter().filter_map(|d| d.root).flat_map(|r| object_roots(r, false)).collect();
    let mut by_parts = Vec::new();
    for part in split_parts(text) {
        for d in parse_part(text, part) {
            if let Some(e) = d.error {
                return Err(format!("part at line {} has an error the whole text has not: {e}", part.first_line));
            }
            by_parts.extend(d.root.into_iter().flat_map(|r| object_roots(r, part.list_item)));
        }
    }
    if whole.len() != by_parts.len() {
        return Err(format!("{} vs {} objects", whole.len(), by_parts.len()));
    }
    for (i, (w, p)) in whole.iter().zip(&by_parts).enumerate() {
        same_node(w.node(), p.node(), &format!("object{i}"))?;
    }
    Ok(())
}

/// The dumps: generated ones (`bench/gen-dump.py`, with folded values and managed fields) and
/// the live-object corpus (the shapes AKS, EKS, GKE, kind and k3s print).
fn dumps() -> Vec<PathBuf> {
    let mut v = files(&root().join("tests/data"), "yaml");
    v.extend(files(&root().join("tests/corpus/live"), "yaml"));
    v
}

#[test]
fn fixtures_and_examples_agree() {
    for f in yaml_inputs() {
        check(&read(&f), &f.display().to_string());
    }
}

#[test]
fn hand_picked_cases_agree() {
    let cases = [
        "a:\nb: |\n  x\n\n  y\n\nc: |-\n  z\nd:\n- k: 1\n  m:\n  n: \"q\"\n-   k2: v\ne: {}\nf: []\n",
        "---\n",
        "# only\n",
        "a: 1",
        "a: 'it''s'\nb: \"t\\u00e9\\n\"\nc: x # comment\nd: x#y\n\"q k\": 1\n80: http\non: yes\n",
        "k:{\"uid\":\"a\"}:\n  .: {}\n  f:name: {}\n",
        "items:\n- a\n-\n- - nested\n",
        "a:\n  b:\n    c: 1\n  d: 2\ne: 3\n",
        "a: |\n    deeper\n  less\n",
        "a: multi\n  line\n",
        "a: &x 1\nb: *x\n",
        "é: ü\nname: 名前\n",
        "- 1\n- 2\n",
        "a:\n- 1\nb:\n  - 2\n",
        "apiVersion: v1\nitems:\n- kind: Pod\n  a: 1\n\n# c\n- kind: Service\n-\n  kind: x\nkind: List\nmetadata: {}\n",
        "items:\n- a: &x 1\n- b: *x\nkind: List\n",
        "items:\n- a: 1\nitems:\n- b: 2\nkind: List\n",
        "kind: PodList\nitems:\n- a: 1\n- b: [1,\n  2]\n",
        "items:\n- a: 1\nkind: NotAList\n",
        "items:\n  - a: 1\nkind: List\n",
        "a: |+\n  keep\n\n",
        "a: |\n  x\n   \n  y\n",
        "a: [1, 2]\n",
        "a: b: c\n",
        "  indented: doc\n",
        "a: 1\n  b: 2\n",
        "a: \"unclosed\n",
        // Long values folded as go-yaml writes them, and their near misses.
        "a: one two\n  three four\nb: x\n",
        "- --description=proxy auth\n  user geo\n- y\n",
        "a:\n- k: v w\n    x y\n  l: 1\n",
        "a: one\n\n  two\n\n\n  three\nb: 1\n",
        "a: one   \n   two   \n",
        "a: one\n  two: x\n",
        "a: one\n  two #c\n",
        "a: one\n  # c\nb: 1\n",
        "a: one\n  # c\n  two\n",
        "a: one # c\n  two\n",
        "a: 1\n  2\n",
        "a: x\n  - y\n",
        "a: x\n  {y}\n",
        "a: 'it''s a\n  long one'\nb: 'x\n\n  y  \n  z'\n",
        "a: 'x\ny'\n",
        "- 'a\n  b'\n- 'c\n d'\n",
        "a: \"one \\\"two\\\"\n  three\\\n  \\ four\\x41\\u00e9\\t\"\n",
        "a: \"x\\\n\n  y\"\n",
        "a: \"bad \\q escape\"\n",
        "a: \"\\N\\_\\L\\P\\e\\a\\b\\v\\f\\0\\/\\U0001F600\"\n",
        "a: \"x\n  y\n",
        "\"k \\\"q\\\"\": 1\n'k ''s': 2\n",
        "a: |-\n  x\n\n  y\n\nb: |\n   deep\n  \n",
        "a:\n  b: 1\n#",
        "a:\n  - b: 1\n  # end",
    ];
    for c in cases {
        check(c, &format!("{c:?}"));
    }
}

/// What go-yaml writes for long values: the fast path reads it itself (it does not hand the
/// document to libyaml), and agrees with libyaml.
#[test]
fn folded_values_take_the_fast_path() {
    let cases = [
        "a: one two\n  three four\nb: x\n",
        "- --description=proxy auth\n  user geo\n- y\n",
        "a:\n- k: v w\n    x y\n  l: 1\n",
        "a: one\n\n  two\nb: 1\n",
        "a: 'it''s a\n  long one'\nb: 'x\n\n  y  \n  z'\n",
        "a: \"one \\\"two\\\"\n  three\\\n  \\ four\\x41\\u00e9\\t\"\n",
        "\"k \\\"q\\\"\": 1\n'k ''s': 2\n",
        "a: one\n  # c\nb: 1\n",
    ];
    for c in cases {
        check(c, &format!("{c:?}"));
        assert!(engine::yaml::fast_path_applies(c), "the fast path gave up on {c:?}");
    }
}

const PIECES: &[&str] = &[
    "\n", " ", "  ", ":", "- ", "-", "{}", "[]", "\"", "'", "#", "|", "|-", "\n  ", "x: ", "  - a\n", "\n\n", "é", "~",
    "0x1F", "null", "yes",
];

#[test]
fn mangled_inputs_agree() {
    let mut rng = Rng(0xdead_beef_1234_5678);
    let inputs = yaml_inputs().into_iter().map(|f| (f, 60)).chain(dumps().into_iter().map(|f| (f, 12)));
    for (f, mutants) in inputs {
        let text = read(&f);
        for _ in 0..mutants {
            let mut chars: Vec<char> = text.chars().collect();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(chars.len() + 1);
                if rng.below(2) == 0 {
                    let end = (at + rng.below(8)).min(chars.len());
                    chars.drain(at..end);
                } else {
                    let piece = PIECES[rng.below(PIECES.len())];
                    for (k, c) in piece.chars().enumerate() {
                        chars.insert((at + k).min(chars.len()), c);
                    }
                }
            }
            let m: String = chars.into_iter().collect();
            check(&m, &format!("a mangled {}", f.display()));
        }
    }
}

#[test]
fn the_fast_path_reads_examples_and_kubectl_dumps() {
    let mut parts = 0;
    for f in dumps() {
        let dump = read(&f);
        check(&dump, &f.display().to_string());
        // kubectl never writes anchors, but some corpus files do (their generator shares
        // objects): a List holding one is read by libyaml, in one piece.
        let anchored = [": &", ": *", "- &", "- *"].iter().any(|a| dump.contains(a));
        if anchored {
            continue;
        }
        for p in split_parts(&dump) {
            let text = &dump[p.start..p.end];
            assert!(
                engine::yaml::fast_path_applies(text),
                "the fast path gave up on {} line {}",
                f.display(),
                p.first_line
            );
            parts += 1;
        }
        let items = split_parts(&dump).iter().filter(|p| p.list_item).count();
        assert!(items > 10, "{} was not split into its items ({items} item parts)", f.display());
    }
    assert!(parts > 100, "only {parts} parts of dumps without anchors");
    for p in files(&root().join("../../examples"), "yaml") {
        assert!(engine::yaml::fast_path_applies(&read(&p)), "the fast path gave up on {}", p.display());
    }
}

/// A last line of spaces without a newline (found by the mangling test): libyaml ends the
/// blocks still open where those spaces end.
#[test]
fn trailing_spaces_without_newline() {
    for text in ["p:\n  - c: 1\n  ", "p:\n  - c: 1\n   ", "a: 1\n  ", "p:\n  - c: 1\n  \n"] {
        check(text, &format!("{text:?}"));
    }
}
