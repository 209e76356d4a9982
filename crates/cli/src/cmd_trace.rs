//! `svcplay trace --from SOURCE --to DEST [--protocol TCP|UDP|SCTP] [--format text|json] [PATH...]`:
//! where one new connection ends up, hop by hop (kube-proxy's rules on the node that handles it).
//!
//! SOURCE: `pod:NAMESPACE/NAME`, `external@NODE` or `host:NODE`. DEST: `IP:PORT` or `NAME:PORT`
//! (a Service name resolved as the source would). Exit status: 0 delivered, 1 dropped, 2 usage
//! (bad SOURCE / DEST / protocol, a source that does not exist, unreadable input).

use crate::args::{Args, Format};
use crate::{input, UsageError};
use engine::model::{Trace, TraceSource, TraceVerdict};
use engine::trace;

const SOURCE_HELP: &str = "pod:NAMESPACE/NAME, external@NODE or host:NODE";

pub fn run(argv: &[String]) -> Result<u8, UsageError> {
    let args = Args::parse(argv, &["--from", "--to", "--protocol"])?;
    let from = args.flag("--from").ok_or_else(|| UsageError(format!("trace needs --from SOURCE ({SOURCE_HELP})")))?;
    let source = TraceSource::parse(from).map_err(UsageError)?;
    let to = args.flag("--to").ok_or_else(|| UsageError("trace needs --to DEST (IP:PORT or NAME:PORT)".into()))?;
    trace::parse_destination(to).map_err(UsageError)?;
    let protocol = trace::parse_protocol(args.flag("--protocol").unwrap_or("TCP")).map_err(UsageError)?;
    let sources = input::read_sources(&args.positional)?;
    let a = engine::analyze(&sources);
    trace::check_source(&a, &source).map_err(|e| UsageError(format!("bad source `{from}`: {e}")))?;
    let t = trace::trace(&a, source.clone(), to, protocol.as_str());
    match args.format {
        Format::Json => println!("{}", to_json(&t)),
        Format::Text => print_text(&source, to, protocol.as_str(), &t),
    }
    // 0 when the connection gets somewhere (a pod, at risk or under a condition, or out of the
    // cluster); 1 when it is dropped.
    Ok(if t.verdict == TraceVerdict::Dropped { 1 } else { 0 })
}

/// The JSON contract, keys in this order: `{"verdict","reason","pods":[{"namespace","name","ip",
/// "port","probability"}],"hops":[{"at","action","detail"}]}` (pretty-printed).
pub fn to_json(t: &Trace) -> String {
    serde_json::to_string_pretty(t).unwrap_or_else(|_| "null".into())
}

fn print_text(source: &TraceSource, to: &str, protocol: &str, t: &Trace) {
    println!("Trace {source} -> {to}/{protocol}");
    for (i, h) in t.hops.iter().enumerate() {
        println!("  {:>2}. {} [{}]: {}", i + 1, h.at, h.action, h.detail);
    }
    match t.verdict {
        TraceVerdict::Delivered if t.pods.is_empty() => {
            println!("Delivered (answered on the node, no pod).")
        }
        TraceVerdict::Delivered => {
            println!("Delivered to:");
            for p in &t.pods {
                let who = if p.name.is_empty() {
                    "(not a known pod)".to_string()
                } else {
                    format!("{}/{}", p.namespace, p.name)
                };
                println!(
                    "  {who} {} {}",
                    engine::util::ip::host_port(&p.ip, p.port),
                    engine::util::text::percent(p.probability)
                );
            }
        }
        TraceVerdict::AtRisk | TraceVerdict::Conditional => {
            let head =
                if t.verdict == TraceVerdict::AtRisk { "Delivered, at risk" } else { "Delivered, conditionally" };
            println!("{head}: {}", t.reason.as_deref().unwrap_or("-"));
            for p in &t.pods {
                println!(
                    "  {}/{} {} {}",
                    p.namespace,
                    p.name,
                    engine::util::ip::host_port(&p.ip, p.port),
                    engine::util::text::percent(p.probability)
                );
            }
        }
        TraceVerdict::LeavesCluster => println!("Leaves the cluster: {}", t.reason.as_deref().unwrap_or("-")),
        TraceVerdict::Dropped => println!("Dropped: {}", t.reason.as_deref().unwrap_or("-")),
    }
}
