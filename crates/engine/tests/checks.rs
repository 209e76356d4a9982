//! Every explaining check (`engine::checks::CODES`) is held by two fixtures in
//! `tests/fixtures/checks/`: `<code>.yaml`, a manifest on which it fires, and `<code>-ok.yaml`,
//! the closest manifest on which it does not (the fix applied). `tests/fixtures.rs` compares
//! their whole reports with the `.expected` files; this test pins the pairing itself, so no check
//! goes without its fixtures and no fixture there belongs to no check.

use engine::checks::CODES;
use engine::diag::Code;
use engine::{analyze, Diagnostic, Source};
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/checks")
}

/// Files in the folder that are not a check's `<code>` / `<code>-ok` fixture, each with the reason
/// it is kept there anyway. Keep it empty: put other cases in another fixture folder.
const NOT_A_CHECK: &[(&str, &str)] = &[];

/// The diagnostics of one fixture, or why it could not be read.
fn diagnostics(file: &str) -> Result<Vec<Diagnostic>, String> {
    let path = dir().join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let expected = path.with_extension("expected");
    match std::fs::read_to_string(&expected) {
        Ok(e) if e.lines().any(|l| l == "[diagnostics]") => {}
        Ok(_) => return Err(format!("{}: no [diagnostics] section", expected.display())),
        Err(e) => return Err(format!("{}: cannot read: {e}", expected.display())),
    }
    Ok(analyze(&[Source::new(file.to_string(), text)]).diagnostics)
}

fn shown(ds: &[Diagnostic]) -> String {
    ds.iter().map(|d| format!("\n    {} {}: {}", d.severity.as_str(), d.code.as_str(), d.message)).collect()
}

/// The check a fixture file belongs to: `<code>.yaml`, `<code>-ok.yaml` and their `.expected`.
fn owner(file: &str) -> Option<Code> {
    let stem = file.strip_suffix(".yaml").or_else(|| file.strip_suffix(".expected"))?;
    let code = stem.strip_suffix("-ok").unwrap_or(stem);
    CODES.iter().copied().find(|c| c.as_str() == code)
}

#[test]
fn every_check_fires_on_its_fixture_and_not_on_its_ok_fixture() {
    let mut failures = Vec::new();

    for code in CODES {
        let name = code.as_str();
        match diagnostics(&format!("{name}.yaml")) {
            Ok(ds) if ds.iter().any(|d| d.code == code) => {}
            Ok(ds) => failures.push(format!("{name}.yaml does not report {name}; it reports:{}", shown(&ds))),
            Err(e) => failures.push(e),
        }
        match diagnostics(&format!("{name}-ok.yaml")) {
            Ok(ds) => {
                let fired: Vec<Diagnostic> = ds.into_iter().filter(|d| d.code == code).collect();
                if !fired.is_empty() {
                    failures.push(format!("{name}-ok.yaml reports {name}:{}", shown(&fired)));
                }
            }
            Err(e) => failures.push(e),
        }
    }

    let entries = std::fs::read_dir(dir()).unwrap_or_else(|e| panic!("{}: {e}", dir().display()));
    let mut files: Vec<String> = entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    for file in &files {
        if owner(file).is_none() && !NOT_A_CHECK.iter().any(|(f, _)| *f == file.as_str()) {
            failures.push(format!(
                "{file} is not a fixture of a check (`<code>.yaml`, `<code>-ok.yaml` or their `.expected`, with <code> in engine::checks::CODES): rename it, move it to another fixture folder, or list it in NOT_A_CHECK with a reason"
            ));
        }
    }
    for (file, _) in NOT_A_CHECK {
        if !files.iter().any(|f| f.as_str() == *file) {
            failures.push(format!("NOT_A_CHECK lists {file}, which is not in {}", dir().display()));
        }
    }

    assert!(failures.is_empty(), "{} problem(s) with the checks' fixtures:\n{}", failures.len(), failures.join("\n"));
}
