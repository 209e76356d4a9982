//! Reusing what the previous analysis read (`Analyzer::with_cache`, `analyze_with_cache`) must
//! give exactly the analysis made from scratch: checked on every fixture, example and dump, over
//! a series of edits like an editor's (a character typed, a line broken or joined, a line
//! deleted, a document moved or copied), each analysed with the cache the previous one left.

use engine::{analyze, analyze_with_cache, Analysis, Analyzer, ReadCache, Source};

mod common;
use common::{files, one_line, read, root, yaml_inputs, Rng};

/// Everything an analysis holds but its DNS indexes (hash maps, printed in any order; the DNS
/// table is made from the objects and Services compared here).
fn fingerprint(a: &Analysis) -> String {
    format!(
        "{:?}\n{:#?}\n{:?}\n{:?}\n{}\n{:?}\n{:?}",
        a.sources,
        a.diagnostics,
        a.cluster,
        a.nodes,
        a.default_nodes(),
        a.services,
        a.objects
    )
}

fn sources(text: &str) -> Vec<Source> {
    vec![Source::new("manifest.yaml", text)]
}

/// One edit of `text`, as a person makes them in an editor.
fn edit(text: &str, rng: &mut Rng) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at_char = |rng: &mut Rng| {
        let mut i = rng.below(text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match rng.below(7) {
        0 => {
            let i = at_char(rng);
            format!("{}x{}", &text[..i], &text[i..])
        }
        1 => {
            let i = at_char(rng);
            format!("{}\n{}", &text[..i], &text[i..])
        }
        2 if !lines.is_empty() => {
            let k = rng.below(lines.len());
            lines.iter().enumerate().filter(|(i, _)| *i != k).map(|(_, l)| *l).collect()
        }
        3 => {
            // A line joined with the next.
            match text.match_indices('\n').nth(rng.below(lines.len().max(1))) {
                Some((i, _)) => format!("{}{}", &text[..i], &text[i + 1..]),
                None => text.to_string(),
            }
        }
        4 => {
            // The first document moved to the end.
            let docs: Vec<&str> = text.split("\n---\n").collect();
            if docs.len() < 2 {
                return format!("\n{text}");
            }
            let mut moved: Vec<&str> = docs[1..].to_vec();
            moved.push(docs[0]);
            moved.join("\n---\n")
        }
        5 => {
            // A document copied to the end (the same text twice).
            let first = text.split("\n---\n").next().unwrap_or_default();
            format!("{text}\n---\n{first}")
        }
        _ => format!("\n\n{text}"),
    }
}

fn check(text: &str, what: &str, edits: usize, rng: &mut Rng) -> usize {
    let mut cache = ReadCache::default();
    let mut reused = 0;
    let mut text = text.to_string();
    for step in 0..=edits {
        let fresh = analyze(&sources(&text));
        let mut z = Analyzer::with_cache(sources(&text), std::mem::take(&mut cache));
        while z.next_step().is_some() {
            z.step();
        }
        reused += z.reused().0;
        let (cached, next) = z.finish_with_cache();
        cache = next;
        let (a, b) = (fingerprint(&fresh), fingerprint(&cached));
        if a != b {
            let at = a.bytes().zip(b.bytes()).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
            let from = at.saturating_sub(300);
            panic!(
                "{what}, edit {step}: the analysis with the cache differs at byte {at}:\n--- fresh\n{}\n--- cached\n{}\n--- text\n{text}",
                &a[from..(at + 300).min(a.len())],
                &b[from..(at + 300).min(b.len())]
            );
        }
        text = edit(&text, rng);
    }
    reused
}

#[test]
fn the_cache_never_changes_an_analysis() {
    let mut rng = Rng(0x5eed_cafe_f00d_0001);
    let mut reused = 0;
    for f in yaml_inputs() {
        reused += check(&read(&f), &f.display().to_string(), 12, &mut rng);
    }
    for f in files(&root().join("tests/data"), "yaml").into_iter().chain(files(&root().join("tests/data"), "json")) {
        reused += check(&read(&f), &f.display().to_string(), 4, &mut rng);
    }
    for f in files(&root().join("tests/data"), "json") {
        reused += check(&one_line(&read(&f)), &format!("{} on one line", f.display()), 4, &mut rng);
    }
    assert!(reused > 1000, "only {reused} documents were taken from the cache");
}

/// Analyses `edited` a step at a time with what `cache` holds (and leaves there what it read), as
/// the page does; the result must equal a fresh analysis. Returns the parts reused, of all, and
/// the analysis.
fn reanalyse(edited: &str, cache: &mut ReadCache) -> ((usize, usize), Analysis) {
    let mut z = Analyzer::with_cache(sources(edited), std::mem::take(cache));
    while z.next_step().is_some() {
        z.step();
    }
    let reused = z.reused();
    let (a, c) = z.finish_with_cache();
    *cache = c;
    assert_eq!(fingerprint(&a), fingerprint(&analyze(&sources(edited))), "{edited:.80}");
    (reused, a)
}

/// A keystroke in one document of many re-reads that document only; a new line above the
/// others moves them without reading them again.
#[test]
fn a_keystroke_rereads_only_its_document() {
    let doc = |i: usize| {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\n  labels: {{app: web}}\nspec:\n  containers:\n  - name: c\n    image: nginx\n")
    };
    let text: Vec<String> = (0..50).map(doc).collect();
    let text = text.join("---\n");
    let mut cache = ReadCache::default();
    let first = analyze_with_cache(&sources(&text), &mut cache);
    assert_eq!(cache.len(), 50);
    for edited in [text.replacen("name: p7\n", "name: p7x\n", 1), text.replacen("name: p7\n", "name: p7\n\n", 1)] {
        let (reused, a) = reanalyse(&edited, &mut cache);
        assert_eq!(reused, (49, 50), "one document changed: {edited:.80}");
        assert_eq!(a.objects.len(), first.objects.len());
    }
}

/// The same in a JSON List (`kubectl get -o json`): each item is read on its own, so a keystroke
/// in one re-reads that item only, and a line added above the others moves them.
#[test]
fn a_keystroke_rereads_only_its_json_item() {
    let item = |i: usize| {
        format!(
            "        {{\n            \"apiVersion\": \"v1\",\n            \"kind\": \"Pod\",\n            \"metadata\": {{\n                \"labels\": {{\n                    \"app\": \"web\"\n                }},\n                \"name\": \"p{i}\"\n            }},\n            \"spec\": {{\n                \"containers\": [\n                    {{\n                        \"image\": \"nginx\",\n                        \"name\": \"c\"\n                    }}\n                ]\n            }}\n        }}"
        )
    };
    let items: Vec<String> = (0..50).map(item).collect();
    let text = format!(
        "{{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n{}\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {{\n        \"resourceVersion\": \"\"\n    }}\n}}\n",
        items.join(",\n")
    );
    let mut cache = ReadCache::default();
    let first = analyze_with_cache(&sources(&text), &mut cache);
    assert_eq!(cache.len(), 50);
    assert_eq!(first.objects.len(), 50);
    let edits = [
        text.replacen("\"name\": \"p7\"", "\"name\": \"p7x\"", 1),
        text.replacen("\"name\": \"p7\"\n", "\"name\": \"p7\"\n\n", 1),
        // A syntax error in the item: the others are still read (from the cache).
        text.replacen("\"name\": \"p7\"\n", "\"name\": \"p7\" \"x\"\n", 1),
    ];
    for edited in edits {
        assert_eq!(reanalyse(&edited, &mut cache).0, (49, 50), "one item changed: {edited:.80}");
    }
}

/// The same in a JSON List on one line (`jq -c`, the API server): an edit that keeps the item's
/// length re-reads that item only. One that changes it moves the items after it along the line:
/// those are read again (a part is reused only at the column it was read at), the ones before
/// it are not.
#[test]
fn a_keystroke_rereads_only_its_item_of_a_one_line_json_list() {
    let item = |i: usize| {
        format!("{{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{{\"labels\":{{\"app\":\"web\"}},\"name\":\"p{i}\"}},\"spec\":{{\"containers\":[{{\"image\":\"nginx\",\"name\":\"c\"}}]}}}}")
    };
    let items: Vec<String> = (0..50).map(item).collect();
    let text = format!(
        "{{\"apiVersion\":\"v1\",\"items\":[{}],\"kind\":\"List\",\"metadata\":{{\"resourceVersion\":\"\"}}}}",
        items.join(",")
    );
    let mut cache = ReadCache::default();
    let first = analyze_with_cache(&sources(&text), &mut cache);
    assert_eq!(cache.len(), 50);
    assert_eq!(first.objects.len(), 50);
    let edits = [
        (text.replacen("\"name\":\"p7\"", "\"name\":\"q7\"", 1), 49),
        (text.replacen("\"name\":\"p7\"", "\"name\":\"p7\" \"x\"", 1), 7),
        (text.replacen("\"name\":\"p7\"", "\"name\":\"p7x\"", 1), 7),
        (text.clone(), 7),
    ];
    for (edited, reused) in edits {
        assert_eq!(reanalyse(&edited, &mut cache).0, (reused, 50), "{edited:.80}");
    }
}
