//! Fixture section `[stored]`: the `spec` of each admitted Service as `svcplay check --format
//! json` prints it in `objects[].object` (what the API server would store), one line each.

use crate::model::{Analysis, Kind};
use crate::util::json;
use yaml_serde::Value;

/// One line per valid Service, in input order: `Service/ns/name: {spec as compact JSON}`.
pub(super) fn section(a: &Analysis) -> Vec<String> {
    a.objects
        .iter()
        .filter(|o| o.valid && o.kind == Kind::Service && o.service().is_some())
        .map(|o| {
            let stored = o.stored();
            let spec = stored.get("spec").map(compact).unwrap_or_else(|| "-".into());
            format!("{}: {spec}", o.reference())
        })
        .collect()
}

/// `v` as one line of JSON, map keys sorted (as `serde_json` prints them).
fn compact(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => json::quote_plain(s),
        Value::Sequence(items) => format!("[{}]", items.iter().map(compact).collect::<Vec<_>>().join(",")),
        Value::Mapping(m) => {
            let mut entries: Vec<(String, String)> = m
                .iter()
                .map(|(k, v)| (k.as_str().map(json::quote_plain).unwrap_or_else(|| compact(k)), compact(v)))
                .collect();
            crate::util::sort::sort(&mut entries);
            format!("{{{}}}", entries.iter().map(|(k, v)| format!("{k}:{v}")).collect::<Vec<_>>().join(","))
        }
        Value::Tagged(t) => compact(&t.value),
    }
}
