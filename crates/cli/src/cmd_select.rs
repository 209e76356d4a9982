//! `svcplay select -l SELECTOR`: the pods a label selector picks, over all namespaces (like
//! `kubectl get pods -A -l`).

use crate::args::{print_json, Args, Format};
use crate::{input, UsageError};
use engine::labels::Selector;

pub fn run(argv: &[String]) -> Result<u8, UsageError> {
    let args = Args::parse(argv, &["-l", "--selector"])?;
    let text =
        args.flag("-l").or(args.flag("--selector")).ok_or_else(|| UsageError("select needs -l SELECTOR".into()))?;
    let bad = |e: engine::labels::SelectorError| {
        let caret = format!("{}^", " ".repeat(text[..e.position.min(text.len())].chars().count()));
        UsageError(format!("bad selector at column {}: {}\n  {text}\n  {caret}", e.position + 1, e.message))
    };
    // Refused by every release: said before the input is read.
    Selector::parse(text).map_err(bad)?;
    let sources = input::read_sources(&args.positional)?;
    let a = engine::analyze(&sources);
    // Then parsed as the cluster's API server parses `?labelSelector=` (older releases refuse
    // more, docs/versions.md).
    let selector = Selector::parse_for_minor(text, a.cluster.minor()).map_err(bad)?;
    let pods: Vec<(&str, &str)> = a
        .pods()
        .filter(|(_, _, p)| selector.matches(&p.metadata.labels))
        .map(|(_, o, _)| (o.namespace.as_str(), o.name.as_str()))
        .collect();
    match args.format {
        Format::Json => print_json(&serde_json::json!({
            "pods": pods.iter().map(|(ns, n)| serde_json::json!({"namespace": ns, "name": n})).collect::<Vec<_>>()
        })),
        Format::Text => {
            if pods.is_empty() {
                println!("No pods match `{selector}`.");
            }
            for (ns, n) in &pods {
                println!("{ns}/{n}");
            }
        }
    }
    Ok(0)
}
