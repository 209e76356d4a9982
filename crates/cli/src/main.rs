//! `svcplay`: the Service Playground engine on the command line.
//!
//! ```text
//! svcplay check [--format text|json] [PATH...]
//! svcplay cluster [--format text|json] [PATH...]
//! svcplay select -l SELECTOR [--format text|json] [PATH...]
//! svcplay dns NAME [A|AAAA|SRV|CNAME] [--from-namespace NS] [--format text|json] [PATH...]
//! svcplay trace --from SOURCE --to DEST [--protocol TCP|UDP|SCTP] [--format text|json] [PATH...]
//! svcplay diagram [--service NS/NAME] [--port N] [--frontend KIND[:IP]] [--theme light|dark] [--width PX] [PATH...] > out.svg
//! ```
//! PATH is a file, a directory (searched for *.yaml, *.yml, *.json) or `-` for stdin (the
//! default). Exit status: 0 fine, 1 the manifests have errors (check) or the answer is negative,
//! 2 usage error or unreadable input.

mod args;
mod cmd_check;
mod cmd_cluster;
mod cmd_diagram;
mod cmd_dns;
mod cmd_select;
mod cmd_trace;
mod input;

use std::process::ExitCode;

const USAGE: &str = "usage:
  svcplay check  [--format text|json] [PATH...]
  svcplay cluster [--format text|json] [PATH...]
  svcplay select -l SELECTOR [--format text|json] [PATH...]
  svcplay dns    NAME [A|AAAA|SRV|CNAME] [--from-namespace NS] [--format text|json] [PATH...]
  svcplay trace  --from SOURCE --to DEST [--protocol TCP|UDP|SCTP] [--format text|json] [PATH...]
  svcplay diagram [--service NS/NAME] [--port N] [--frontend KIND[:IP]] [--theme light|dark] [--width PX] [PATH...] > out.svg

PATH: files, directories (searched for *.yaml, *.yml, *.json) or - for stdin (the default).
Exit status: 0 ok, 1 errors found, 2 usage error or unreadable input.";

/// A failure that ends the command with exit status 2.
pub struct UsageError(pub String);

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let result = match argv.first().map(String::as_str) {
        Some("check") => cmd_check::run(&argv[1..]),
        Some("cluster") => cmd_cluster::run(&argv[1..]),
        Some("select") => cmd_select::run(&argv[1..]),
        Some("dns") => cmd_dns::run(&argv[1..]),
        Some("trace") => cmd_trace::run(&argv[1..]),
        Some("diagram") => cmd_diagram::run(&argv[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(0)
        }
        Some(other) => Err(UsageError(format!("unknown command `{other}`"))),
        None => Err(UsageError("a command is required".into())),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(UsageError(msg)) => {
            eprintln!("svcplay: {msg}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
