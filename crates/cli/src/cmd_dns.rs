//! `svcplay dns NAME [A|AAAA|SRV|CNAME] [--from-namespace NS] [--format text|json] [PATH...]`:
//! what a pod in namespace NS (default `default`) gets when it looks NAME up, as CoreDNS in a
//! cluster running the manifests would answer (`engine::dns::query`).
//!
//! The type is the second positional argument when it is one of A, AAAA, SRV, CNAME
//! (case-insensitive; default A); every other positional argument is a PATH.
//!
//! JSON: `{"name", "type", "rcode": "NOERROR|NXDOMAIN", "answers": [...]}`. `name` is the FQDN
//! that answered, with a trailing dot (after the pod's search path, e.g. `my-service` from
//! `default` → `my-service.default.svc.cluster.local.`), not the name as typed: it says which
//! search-path candidate won. For NXDOMAIN it is the candidate that came closest to existing.
//! Answers are `dig +short` lines: `"10.96.0.10"`, CNAME `"target."`, SRV
//! `"priority weight port target."`.
//!
//! Text: the answers one per line (like `dig +short`), then `;; NAME TYPE RCODE` and `;; ` plus
//! the one-sentence explanation.
//!
//! A name CoreDNS forwards to the upstream resolver (outside the cluster zone, e.g. `example.com`)
//! adds `"upstream": "example.com."`: the real answer comes from there and is not modelled; the
//! text says "forwarded upstream".
//!
//! Exit status: 0 NOERROR (with or without answers) or forwarded upstream, 1 NXDOMAIN, 2 usage error.

use crate::args::{print_json, Args, Format};
use crate::{input, UsageError};
use engine::dns::query;
use engine::model::{QType, Rcode};

/// Record types people may ask for that the playground does not answer.
const UNSUPPORTED: &[&str] = &["PTR", "TXT", "MX", "NS", "SOA", "ANY", "AXFR", "CAA", "HTTPS", "SVCB"];

pub fn run(argv: &[String]) -> Result<u8, UsageError> {
    let args = Args::parse(argv, &["--from-namespace"])?;
    let mut positional = args.positional.iter();
    let name = positional.next().ok_or_else(|| UsageError("dns needs a NAME".into()))?;
    if name.trim().is_empty() {
        return Err(UsageError("dns needs a non-empty NAME".into()));
    }
    let mut rest: Vec<String> = positional.cloned().collect();
    let mut qtype = QType::A;
    if let Some(first) = rest.first() {
        if let Some(q) = QType::parse(first) {
            qtype = q;
            rest.remove(0);
        } else if UNSUPPORTED.contains(&first.to_ascii_uppercase().as_str()) && !std::path::Path::new(first).exists() {
            return Err(UsageError(format!("record type `{first}` is not supported: use A, AAAA, SRV or CNAME")));
        }
    }
    let from = args.flag("--from-namespace");
    if from.is_some_and(|ns| ns.trim().is_empty()) {
        return Err(UsageError("--from-namespace needs a namespace name".into()));
    }
    let sources = input::read_sources(&rest)?;
    let a = engine::analyze(&sources);
    let answer = query(&a.dns, name, qtype, from);
    match args.format {
        Format::Json => {
            let mut v = serde_json::json!({
                "name": answer.name,
                "type": answer.qtype.as_str(),
                "rcode": answer.rcode.as_str(),
                "answers": answer.answers(),
            });
            if let Some(up) = &answer.upstream {
                v["upstream"] = serde_json::json!(up);
            }
            print_json(&v)
        }
        Format::Text => {
            for line in answer.answers() {
                println!("{line}");
            }
            match &answer.upstream {
                Some(_) => println!(";; {} {} forwarded upstream (not modelled)", answer.name, answer.qtype),
                None => println!(";; {} {} {}", answer.name, answer.qtype, answer.rcode.as_str()),
            }
            println!(";; {}", answer.explanation);
        }
    }
    Ok(match answer.rcode {
        _ if answer.upstream.is_some() => 0,
        Rcode::NoError => 0,
        Rcode::NxDomain => 1,
    })
}
