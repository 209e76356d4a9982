//! YAML (and JSON) text to a tree of [`Node`]s that remember where they came from.
//!
//! What kubectl and people write (block YAML, JSON) is read by a fast path ([`fast`]); anything else by libyaml
//! (`libyaml-rs`, the same parser `yaml_serde` is built on, so it costs no extra code in the
//! wasm), and the two build the same tree ([`tree`]: one flat arena per document). Scalars are resolved the way `kubectl` reads them
//! (`sigs.k8s.io/yaml`, i.e. YAML 1.1 through go-yaml v2): `yes`/`on`/`y` are booleans, `0x1F` is
//! an integer, quoted scalars are always strings.
//!
//! A stream is split into documents at `---` lines *before* parsing, so a syntax error in one
//! document costs only that document: the others are still read.

mod bytes;
mod fast;
mod libyaml;
mod scalar;
mod split;
mod tree;

pub use split::{parse_part, split_parts, Part, Splitter};
pub use tree::{Doc, Document, Entry, Map, Node, Pos, Seq, Shape, Span, SyntaxError, Tree, Value};

/// Splits a stream at `---` lines and parses each document on its own: with the fast path
/// ([`fast`]) where it applies, otherwise with libyaml.
pub fn parse_stream(text: &str) -> Vec<Document> {
    parse_stream_with(text, true)
}

/// The same as [`parse_stream`] with libyaml only, for testing the fast path against.
#[doc(hidden)]
pub fn parse_stream_libyaml(text: &str) -> Vec<Document> {
    parse_stream_with(text, false)
}

/// Whether the fast path reads every document of `text` (for tests and benchmarks).
#[doc(hidden)]
pub fn fast_path_applies(text: &str) -> bool {
    split::split_documents(text)
        .into_iter()
        .all(|(line, chunk)| fast::json::parse_chunk(chunk, line).is_some() || fast::parse_chunk(chunk, line).is_some())
}

fn parse_stream_with(text: &str, fast: bool) -> Vec<Document> {
    let mut docs = Vec::new();
    for (first_line, chunk) in split::split_documents(text) {
        let parsed =
            if fast { parse_chunk_fast_or_libyaml(chunk, first_line) } else { libyaml::parse_chunk(chunk, first_line) };
        for mut doc in parsed {
            doc.first_line = first_line;
            docs.push(doc);
        }
    }
    docs
}

/// One chunk with a fast path where one applies (JSON's first: it looks at the first significant
/// byte only to step aside), otherwise with libyaml.
fn parse_chunk_fast_or_libyaml(chunk: &str, first_line: u32) -> Vec<Document> {
    fast::json::parse_chunk(chunk, first_line)
        .or_else(|| fast::parse_chunk(chunk, first_line))
        .unwrap_or_else(|| libyaml::parse_chunk(chunk, first_line))
}

/// [`parse_chunk_fast_or_libyaml`] of a chunk that starts `column` characters into its first
/// line (an item of a JSON List on one line: JSON, or libyaml's error).
fn parse_chunk_at(chunk: &str, first_line: u32, column: u32) -> Vec<Document> {
    if column == 0 {
        return parse_chunk_fast_or_libyaml(chunk, first_line);
    }
    fast::json::parse_chunk_at(chunk, first_line, column)
        .unwrap_or_else(|| libyaml::parse_chunk_at(chunk, first_line, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Doc {
        parse_stream(text).remove(0).root.expect("a root")
    }

    #[test]
    fn positions_are_one_based_and_offset_per_document() {
        let docs = parse_stream("a: 1\n---\nb:\n  c: x\n");
        assert_eq!(docs.len(), 2);
        let b = docs[1].root.as_ref().unwrap();
        let (span, found) = b.locate("b.c");
        assert!(found);
        assert_eq!(span.start, Pos { line: 4, column: 6 });
    }

    #[test]
    fn scalars_resolve_like_kubectl() {
        let n = one("a: yes\nb: \"80\"\nc: 80\nd: 0x10\ne: 1.5\nf:\ng: hello\nh: !!str 7\n");
        assert_eq!(n.get("a").unwrap().value(), Value::Bool(true));
        assert_eq!(n.get("b").unwrap().value(), Value::Str("80"));
        assert_eq!(n.get("c").unwrap().value(), Value::Int(80));
        assert_eq!(n.get("d").unwrap().value(), Value::Int(16));
        assert_eq!(n.get("e").unwrap().value(), Value::Float(1.5));
        assert_eq!(n.get("f").unwrap().value(), Value::Null);
        assert_eq!(n.get("g").unwrap().value(), Value::Str("hello"));
        assert_eq!(n.get("h").unwrap().value(), Value::Str("7"));
    }

    #[test]
    fn a_syntax_error_costs_only_its_document() {
        let docs = parse_stream("a: 1\n---\nb: [1,\n---\nc: 3\n");
        assert_eq!(docs.len(), 3);
        assert!(docs[0].error.is_none());
        let e = docs[1].error.as_ref().unwrap();
        assert!(e.pos.line >= 3, "{e}");
        assert!(docs[2].root.as_ref().unwrap().get("c").is_some());
    }

    #[test]
    fn aliases_and_merge_keys() {
        let n = one("base: &b {x: 1, z: 2}\nuse:\n  <<: *b\n  z: 3\n");
        let u = n.get("use").unwrap();
        assert_eq!(u.get("x").unwrap().value(), Value::Int(1));
        assert_eq!(u.get("z").unwrap().value(), Value::Int(3));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut s = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for i in 0..8 {
            let prev = if i == 0 { "a".to_string() } else { format!("l{}", i - 1) };
            s.push_str(&format!(
                "l{i}: &l{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
        }
        let docs = parse_stream(&s);
        assert!(docs[0].error.as_ref().unwrap().message.contains("too many"));
    }

    #[test]
    fn json_is_yaml() {
        let n = one("{\"kind\": \"Service\", \"spec\": {\"ports\": [{\"port\": 80}]}}");
        assert!(n.locate("spec.ports[0].port").1);
    }
}
