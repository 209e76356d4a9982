//! Reading PATH arguments: files, directories (recursively, *.yaml|*.yml|*.json, sorted) and
//! `-` for stdin.

use crate::UsageError;
use engine::Source;
use std::io::Read;
use std::path::{Path, PathBuf};

pub fn read_sources(paths: &[String]) -> Result<Vec<Source>, UsageError> {
    if paths.is_empty() {
        return Ok(vec![stdin()?]);
    }
    let mut out = Vec::new();
    for p in paths {
        if p == "-" {
            out.push(stdin()?);
            continue;
        }
        let path = Path::new(p);
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files).map_err(|e| UsageError(format!("cannot read directory {p}: {e}")))?;
            files.sort();
            for f in files {
                out.push(file(&f)?);
            }
        } else {
            out.push(file(path)?);
        }
    }
    Ok(out)
}

fn stdin() -> Result<Source, UsageError> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| UsageError(format!("cannot read stdin: {e}")))?;
    Ok(Source::new("-", text))
}

fn file(path: &Path) -> Result<Source, UsageError> {
    let bytes = std::fs::read(path).map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))?;
    let text = String::from_utf8(bytes).map_err(|_| UsageError(format!("{} is not UTF-8 text", path.display())))?;
    Ok(Source::new(path.display().to_string(), text))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml" || x == "json") {
            out.push(p);
        }
    }
    Ok(())
}
