//! What the engine's test files share: the one fixture walker, the one way to read a fixture,
//! and the one bless mechanism (`BLESS=1` rewrites expectations instead of comparing them).
#![allow(dead_code)] // each test file uses part of it

use std::path::{Path, PathBuf};

/// The engine crate's directory.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `*.ext` file under `dir`, at any depth, sorted. A folder that cannot be read, or one
/// with no such file, fails the test.
pub fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    fn walk(d: &Path, ext: &str, out: &mut Vec<PathBuf>) {
        let entries = std::fs::read_dir(d).unwrap_or_else(|e| panic!("{}: cannot read the folder: {e}", d.display()));
        for e in entries {
            let p = e.unwrap_or_else(|e| panic!("{}: {e}", d.display())).path();
            if p.is_dir() {
                walk(&p, ext, out)
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p)
            }
        }
    }
    let mut v = Vec::new();
    walk(dir, ext, &mut v);
    assert!(!v.is_empty(), "no *.{ext} under {}", dir.display());
    v.sort();
    v
}

/// Every fixture (`tests/fixtures/**/*.yaml`) and gallery example (`examples/*.yaml`), sorted.
pub fn yaml_inputs() -> Vec<PathBuf> {
    let mut v = files(&root().join("tests/fixtures"), "yaml");
    v.extend(files(&root().join("../../examples"), "yaml"));
    v
}

/// The text of a fixture; a file that cannot be read fails the test.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()))
}

/// Whether this run rewrites expectations (`BLESS=1`).
pub fn blessing() -> bool {
    std::env::var_os("BLESS").is_some()
}

/// Compares `actual` with the expectation in `expected_path`, or, when blessing, writes it
/// there. A failure message when they differ (or the expectation is missing), naming `what`.
pub fn compare_or_bless(expected_path: &Path, actual: &str, what: &Path) -> Option<String> {
    if blessing() {
        std::fs::write(expected_path, actual)
            .unwrap_or_else(|e| panic!("{}: cannot write: {e}", expected_path.display()));
        return None;
    }
    match std::fs::read_to_string(expected_path) {
        Ok(expected) if expected == actual => None,
        Ok(expected) => Some(format!("{}\n--- expected\n{expected}--- actual\n{actual}", what.display())),
        Err(e) => Some(format!("{}: {e} (run with BLESS=1 to write it, then read it)", expected_path.display())),
    }
}

/// Fails with every message, when there are any, saying how many of how many cases differ.
pub fn assert_none_failed(failures: Vec<String>, cases: usize, what: &str) {
    assert!(failures.is_empty(), "{} of {cases} {what} differ:\n\n{}", failures.len(), failures.join("\n"));
}

/// A tiny deterministic generator (xorshift), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// `text` without the spaces and line breaks outside its strings: JSON on one line, as `jq -c`
/// and the API server print it.
pub fn one_line(text: &str) -> String {
    let (mut out, mut string, mut escape) = (String::with_capacity(text.len()), false, false);
    for c in text.chars() {
        if string {
            (escape, string) = (!escape && c == '\\', escape || c != '"');
        } else if c == '"' {
            string = true;
        } else if c == ' ' || c == '\n' {
            continue;
        }
        out.push(c);
    }
    out
}
