//! A plain-text rendering of an [`Analysis`], one section per stage. The fixture tests compare
//! the sections a fixture names; the CLI's text output is built from the same pieces.

mod dns;
mod endpoints;
mod routes;
mod service;
mod stored;

use crate::model::Analysis;

/// Every section name, in order.
pub const SECTIONS: &[&str] =
    &["diagnostics", "objects", "selection", "service", "stored", "endpoints", "slices", "dns", "routes"];

/// The lines of one section, or None for an unknown section name.
pub fn section(a: &Analysis, name: &str) -> Option<Vec<String>> {
    Some(match name {
        "diagnostics" => a
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {} {} {}{}: {}",
                    d.span.start.line,
                    d.span.start.column,
                    d.severity.as_str(),
                    d.code,
                    d.object.as_deref().map(|o| format!("{o} ")).unwrap_or_default(),
                    d.field.as_deref().unwrap_or("-"),
                    d.text()
                )
            })
            .collect(),
        "objects" => a
            .objects
            .iter()
            .map(|o| {
                let mut flags = Vec::new();
                if !o.valid {
                    flags.push("invalid");
                }
                if o.simulated {
                    flags.push("simulated");
                }
                format!(
                    "{}{}",
                    o.reference(),
                    if flags.is_empty() { String::new() } else { format!(" ({})", flags.join(", ")) }
                )
            })
            .collect(),
        "selection" => a
            .services
            .iter()
            .map(|v| {
                let pods: Vec<&str> =
                    v.selected.iter().filter_map(|&i| a.objects.get(i)).map(|o| o.name.as_str()).collect();
                format!(
                    "{}/{}: {}",
                    v.namespace,
                    v.name,
                    if pods.is_empty() { "-".to_string() } else { pods.join(", ") }
                )
            })
            .collect(),
        "service" => service::section(a),
        "stored" => stored::section(a),
        "endpoints" => endpoints::endpoints_section(a),
        "slices" => endpoints::slices_section(a),
        "dns" => dns::section(a),
        "routes" => routes::section(a),
        _ => return None,
    })
}
