//! The fast paths (block YAML, and JSON) must build exactly what the libyaml path builds (values
//! and spans), or step aside. Checked on every fixture and example, on generated cluster dumps (in
//! YAML and in JSON), and on thousands of mangled variants of them.

use engine::yaml::{parse_part, parse_stream, parse_stream_libyaml, split_parts, Doc, Document, Node, Splitter, Value};
use std::path::PathBuf;

mod common;
use common::{files, one_line, read, root, yaml_inputs, Rng};

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

/// The nodes the reader makes objects of: a document's root, or each item of a List (of a List
/// in an item too, as the reader reads them), or each item of a block List's part.
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
    items.iter().filter_map(|i| root.owned(i)).flat_map(|i| object_roots(i, false)).collect()
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
    v.extend(json_dumps());
    v
}

/// The dumps as `kubectl get -o json` prints them (`bench/gen-dump.py --json`).
fn json_dumps() -> Vec<PathBuf> {
    files(&root().join("tests/data"), "json")
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

/// `piece` into `chars` at `at` (at most their length): one mutation of a text.
fn insert(chars: &mut Vec<char>, at: usize, piece: &str) {
    chars.splice(at..at, piece.chars());
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
                    insert(&mut chars, at, piece);
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
        let items = split_parts(&dump).len();
        assert!(items > 10, "{} was not split into its items ({items} parts)", f.display());
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

/// JSON as kubectl prints it and as people write it: the JSON path reads it itself, and agrees
/// with libyaml.
const JSON_CASES: &[&str] = &[
    "{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Service\",\n    \"metadata\": {\n        \"annotations\": {},\n        \"labels\": {\n            \"app\": \"web\"\n        },\n        \"name\": \"web\"\n    },\n    \"spec\": {\n        \"ports\": [\n            {\n                \"port\": 80,\n                \"targetPort\": \"http\"\n            }\n        ],\n        \"selector\": {\n            \"app\": \"web\"\n        }\n    }\n}\n",
    "{\"kind\": \"Service\", \"spec\": {\"ports\": [{\"port\": 80}]}}",
    "{\"a\": \"q\\\"b\\\\c\\/d\\b\\f\\n\\r\\t e\\u00e9\\u2028\\u0041\\u003c\\u0000\"}\n",
    "{\"名前\": \"ünïcödé ✓ 😀\", \"é\": [\"x\", \"日本\"], \"k\": \"v\"}\n",
    "{\"a\": {}, \"b\": [], \"c\": [{}, []], \"d\": [[[]]], \"e\": {\"f\": {}}, \"g\": [ ], \"h\": { }}\n",
    "[1e3, -0, 1.50, 0, -12, 3.25E-2, 1E+2, 12345678901234567890, 0.0, -1.5e-7, 10]\n",
    "{\"t\": true, \"f\": false, \"n\": null, \"s\": \"null\", \"y\": \"yes\", \"h\": \"0x1F\", \"m\": \"<<\", \"z\": \"~\"}",
    "[]",
    "{}",
    "\n\n  {\"a\": 1}\n\n",
    "    {\n        \"a\": [\n            1,\n            2\n        ]\n    }",
    "{\t\"a\":\t1,\n\t\"b\" :[\t]\t}",
    "{\"a\":1,\"b\":[2,3],\"c\":{\"d\":\"e\"}}",
    "{\"a\": 1, \"a\": 2, \"\": \"empty key\", \"k: v\": \"a: b, c\", \"#\": \"# not a comment\"}",
    "{\"a\"  :  1  ,  \"b\"  :  [  1  ,  2  ]  }",
    "[[[[[[[[[[[[[[[[[[[[\"deep\"]]]]]]]]]]]]]]]]]]]]",
    "{\"a\": \"x\"}\n---\n{\"b\": [1]}\n---\nc: 3\n",
    "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n        {\n            \"kind\": \"Pod\",\n            \"a\": \"é\"\n        },\n        {\n            \"kind\": \"Service\"\n        }\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n",
];

/// JSON that is not plain JSON, or not JSON at all, or what libyaml reads otherwise: the JSON
/// path steps aside, and the result is libyaml's.
const NOT_JSON_CASES: &[&str] = &[
    "{\"a\": 1,}",
    "{a: 1}",
    "{\"a\": 'x'}",
    "{\"a\": 1} # c\n",
    "\t{\"a\": 1}",
    "{\"a\": 1}\t\n",
    "{\"a\": \"\\x41 \\e \\N\"}",
    "{\"a\"\n: 1}",
    "{\"a\": 01}",
    "{\"a\": .5}",
    "{\"a\": 1 2}",
    "{\"a\": [1, 2,]}",
    "{\"a\": \"\\ud800\"}",
    "{\"a\": \"\\udc00\\ud800\"}",
    "{\"a\": \"x\ny\"}",
    "{\"a\": \"x\r\n\"}",
    "{\"a\": 1}\r\n",
    "{\"a\": tru}",
    "{\"a\": True}",
    "{\"a\": -}",
    "{\"a\": 1.}",
    "{\"a\": 1e}",
    "{\"a\": 1}}",
    "{\"a\": [1}",
    "{\"a\": \"\u{85}\u{feff}\u{fffe}\"}",
    "{\"a\": \"\u{7f}\"}",
    "{\"a\":\"b\"\"c\":1}",
    "{\"a\": 1, \"b\": &x 1, \"c\": *x}",
    "{\"a\": !!str 1}",
    "{\"a\"}",
    "[\"a\": 1]",
    "{\"a\": 1}\n...\n",
    "\u{feff}{\"a\": 1}",
    // Line breaks to libyaml (NEL, LS, PS): the line count goes on after them.
    "{\"a\": \"x\u{85}y\",\n\"b\": 1}",
    "{\"a\": \"x\u{2028}y\",\n\"b\": 1}",
    "{\"a\": \"x\u{2029}\",\n\"b\": 1}",
];

#[test]
fn json_agrees_and_takes_the_fast_path() {
    for c in JSON_CASES {
        check(c, &format!("{c:?}"));
        assert!(engine::yaml::fast_path_applies(c), "the JSON path gave up on {c:?}");
    }
    for c in NOT_JSON_CASES {
        check(c, &format!("{c:?}"));
    }
    // Nesting up to libyaml's limit (200) and past it; a key of a thousand characters and more
    // (libyaml takes a key only within 1024 characters of its start).
    for depth in [150, 198, 199, 200, 201, 250] {
        let text = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        check(&text, &format!("{depth} nested arrays"));
        let text = format!("{}1{}", "{\"a\": ".repeat(depth), "}".repeat(depth));
        check(&text, &format!("{depth} nested objects"));
    }
    for len in [990, 1000, 1030, 2000] {
        check(&format!("{{\"{}\": 1}}", "k".repeat(len)), &format!("a key of {len} characters"));
        check(&format!("{{\"{}\": 1}}", "é".repeat(len / 2)), &format!("a key of {} characters", len / 2));
    }
}

/// A surrogate pair stands for one character, as kubectl (Go's `encoding/json`) reads it; libyaml
/// refuses such an escape, so here the JSON path alone decides.
#[test]
fn json_surrogate_pairs_are_one_character() {
    let text = "{\"smile\": \"\\ud83d\\ude00!\", \"k\\uD83D\\uDE00\": [\"\\uDBFF\\uDFFF\"]}";
    let docs = parse_stream(text);
    let root = docs[0].root.as_ref().expect("read by the JSON path");
    assert_eq!(root.get("smile").and_then(|n| n.as_str()), Some("😀!"));
    let (key, value) = root.node().as_map().and_then(|m| m.last()).map(|e| (e.key, e.value)).unwrap();
    assert_eq!(key.as_str(), Some("k😀"));
    assert_eq!(value.as_seq().and_then(|s| s.first()).and_then(|n| n.as_str()), Some("\u{10ffff}"));
    assert_eq!(key.span().end.column, 43, "columns count the escape as written");
    assert!(parse_stream_libyaml(text)[0].error.is_some(), "libyaml has learnt surrogate pairs: drop the special case");
}

/// JSON-shaped pieces: strings, escapes, brackets, separators, numbers, words.
const JSON_PIECES: &[&str] = &[
    "\"",
    "\\",
    "\\u00e9",
    "\\ud83d",
    "\\n",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    " ",
    "\n",
    "\t",
    "1e3",
    "-0",
    "1.50",
    "é",
    "null",
    "true",
    "{}",
    "[]",
    "\"k\": 1, ",
    "# c",
    "'",
    "&a ",
    "*a",
    "\"items\": [",
    "{\n        \"kind\": \"Pod\"\n    },\n",
];

#[test]
fn mangled_json_agrees() {
    let mut rng = Rng(0x7501_a11e_57a1_c0de);
    let inputs = JSON_CASES
        .iter()
        .map(|c| (c.to_string(), "a JSON case", 150))
        .chain(json_dumps().into_iter().map(|f| (read(&f), "a JSON dump", 60)));
    let mut checked = 0;
    for (text, what, mutants) in inputs {
        for _ in 0..mutants {
            let mut chars: Vec<char> = text.chars().collect();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(chars.len() + 1);
                if rng.below(3) == 0 {
                    let end = (at + 1 + rng.below(4)).min(chars.len());
                    chars.drain(at..end);
                } else {
                    let piece = JSON_PIECES[rng.below(JSON_PIECES.len())];
                    insert(&mut chars, at, piece);
                }
            }
            let m: String = chars.into_iter().collect();
            // Surrogate escapes read differently on purpose (see above).
            if !m.contains("\\ud83d") {
                check(&m, &format!("a mangled {what}"));
                checked += 1;
            }
        }
    }
    assert!(checked > 2000, "only {checked} mangled JSON texts");
}

/// A JSON List is read item by item: a broken item costs only itself, and its error is where
/// libyaml finds it in the whole text (line and column of the dump, not of the item).
#[test]
fn a_broken_json_item_costs_only_itself() {
    let item = |name: &str| {
        format!("        {{\n            \"kind\": \"Pod\",\n            \"metadata\": {{\n                \"name\": \"{name}\",\n                \"generation\": 1\n            }}\n        }}")
    };
    let list = |items: &[String]| {
        format!(
            "{{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n{}\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {{\n        \"resourceVersion\": \"\"\n    }}\n}}\n",
            items.join(",\n")
        )
    };
    let good = list(&[item("a"), item("b"), item("c")]);
    check(&good, "a JSON List");
    let parts = split_parts(&good);
    assert_eq!(parts.len(), 3, "not split into its items");
    assert_eq!(parts[1].first_line, 11);
    assert!(good[parts[1].start..parts[1].end].starts_with("        {") && good[..parts[1].end].ends_with('}'));
    let breakages = [
        ("\"name\": \"b\",", "\"name\": \"b\""), // a comma forgotten after a string
        ("\"generation\": 1", "\"generation\": 1,\n\"x\" \"y\""), // after a number, then two strings
        ("\"name\": \"b\",", "\"name\": \"b\\q\","), // an escape JSON has not
        ("\"name\": \"b\",", "\"name\": \"b\" \"c\","),
        ("\"name\": \"b\",", "\"name\" \"b\","),
    ];
    for (from, to) in breakages {
        let broken = list(&[item("a"), item("b").replacen(from, to, 1), item("c")]);
        let parts = split_parts(&broken);
        assert_eq!(parts.len(), 3, "{to:?}: not split into its items");
        let whole_error = parse_stream_libyaml(&broken).remove(0).error.expect("the whole text has an error");
        for (i, part) in parts.iter().enumerate() {
            let docs = parse_part(&broken, *part);
            let error = docs[0].error.clone();
            if i == 1 {
                assert_eq!(error.as_ref(), Some(&whole_error), "{to:?}: the broken item's error");
            } else {
                assert!(error.is_none(), "{to:?}: item {i} is not read: {error:?}");
                let name = docs[0].root.as_ref().and_then(|r| r.node().locate("metadata.name").1.then_some(()));
                assert!(name.is_some(), "{to:?}: item {i} has no name");
            }
        }
    }
}

/// A JSON List on one line is split into its items too, each read at its column (in characters)
/// of the line: the same trees, spans included, as the whole text read at once.
#[test]
fn one_line_json_lists_are_split_at_their_columns() {
    let mut rng = Rng(0x0e11_e11e_c0de_5eed);
    for f in json_dumps() {
        let dump = one_line(&read(&f));
        assert_eq!(dump.lines().count(), 1);
        check(&dump, &format!("{} on one line", f.display()));
        let parts = split_parts(&dump);
        assert!(parts.len() > 10, "{} on one line was not split into its items", f.display());
        for p in &parts {
            assert!(p.first_line == 1 && p.column > 0 && dump[p.start..].starts_with('{'), "{p:?}");
            assert!(engine::yaml::fast_path_applies(&dump[p.start..p.end]), "the fast path gave up on {p:?}");
        }
        // Mangled: what the parts read still agrees with the whole text.
        for _ in 0..20 {
            let mut chars: Vec<char> = dump.chars().collect();
            let at = rng.below(chars.len() + 1);
            let piece = JSON_PIECES[rng.below(JSON_PIECES.len())];
            insert(&mut chars, at, piece);
            let m: String = chars.into_iter().collect();
            check(&m, &format!("a mangled {} on one line", f.display()));
        }
    }
}

/// The same as [`a_broken_json_item_costs_only_itself`] on one line, after text that is not all
/// ASCII (columns count characters, as libyaml's do), and with an item that goes on to a second
/// line: the item after it starts there, at its column.
#[test]
fn a_broken_item_of_a_one_line_json_list_costs_only_itself() {
    let item = |name: &str| format!("{{\"kind\":\"Pod\",\"metadata\":{{\"name\":\"{name}\",\"generation\":1}}}}");
    let list = |items: &[String]| {
        format!(
            "{{\"apiVersion\":\"v1\",\"items\":[{}],\"kind\":\"List\",\"metadata\":{{\"resourceVersion\":\"\"}}}}",
            items.join(",")
        )
    };
    let good = list(&[item("é ✓"), item("b"), item("c")]);
    check(&good, "a JSON List on one line");
    let parts = split_parts(&good);
    assert_eq!(parts.len(), 3, "not split into its items");
    assert_eq!((parts[1].first_line, parts[1].column), (1, good[..parts[1].start].chars().count() as u32));
    assert!(good[parts[1].start..parts[1].end].starts_with('{') && good[..parts[1].end].ends_with('}'));
    let breakages = [
        ("\"name\":\"b\",", "\"name\":\"b\""),
        ("\"generation\":1", "\"generation\":1,\n\"x\" \"y\""),
        ("\"generation\":1", "\"generation\":1\n"), // no error: the next item starts on line 2
        ("\"name\":\"b\",", "\"name\":\"b\\q\","),
        ("\"name\":\"b\",", "\"name\":\"b\" \"c\","),
        ("\"name\":\"b\",", "\"name\" \"b\","),
    ];
    for (from, to) in breakages {
        let broken = list(&[item("é ✓"), item("b").replacen(from, to, 1), item("c")]);
        check(&broken, &format!("{to:?} on one line"));
        let parts = split_parts(&broken);
        assert_eq!(parts.len(), 3, "{to:?}: not split into its items");
        let whole_error = parse_stream_libyaml(&broken).remove(0).error;
        for (i, part) in parts.iter().enumerate() {
            let docs = parse_part(&broken, *part);
            let error = docs[0].error.clone();
            if i == 1 {
                assert_eq!(error, whole_error, "{to:?}: the broken item's error");
            } else {
                assert!(error.is_none(), "{to:?}: item {i} is not read: {error:?}");
                let name = docs[0].root.as_ref().and_then(|r| r.node().locate("metadata.name").1.then_some(()));
                assert!(name.is_some(), "{to:?}: item {i} has no name");
            }
        }
        if to.contains('\n') {
            let column = broken[..parts[2].start].rsplit('\n').next().map(|l| l.chars().count() as u32);
            assert_eq!(
                (parts[2].first_line, Some(parts[2].column)),
                (2, column),
                "{to:?}: the item after a line break"
            );
        }
    }
}
