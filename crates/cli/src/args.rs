//! A small argument parser: flags with values, and positional arguments.

use crate::UsageError;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

pub struct Args {
    pub format: Format,
    /// Values of the command's own flags, by name (e.g. "-l", "--from").
    pub flags: Vec<(String, String)>,
    pub positional: Vec<String>,
}

impl Args {
    /// Parses `argv`; `value_flags` are the flags (besides --format) that take a value.
    pub fn parse(argv: &[String], value_flags: &[&str]) -> Result<Args, UsageError> {
        let mut args = Args { format: Format::Text, flags: Vec::new(), positional: Vec::new() };
        let mut it = argv.iter();
        while let Some(a) = it.next() {
            let (name, inline) = match a.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
                _ => (a.clone(), None),
            };
            if name == "--format" || value_flags.contains(&name.as_str()) {
                let v = match inline {
                    Some(v) => v,
                    None => it.next().cloned().ok_or_else(|| UsageError(format!("{name} needs a value")))?,
                };
                if name == "--format" {
                    args.format = match v.as_str() {
                        "text" => Format::Text,
                        "json" => Format::Json,
                        _ => return Err(UsageError(format!("--format must be text or json, not `{v}`"))),
                    };
                } else {
                    args.flags.push((name, v));
                }
            } else if a.starts_with('-') && a != "-" {
                return Err(UsageError(format!("unknown option `{a}`")));
            } else {
                args.positional.push(a.clone());
            }
        }
        Ok(args)
    }

    pub fn flag(&self, name: &str) -> Option<&str> {
        self.flags.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Prints a JSON value (pretty) to stdout.
pub fn print_json(v: &serde_json::Value) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".into()));
}
