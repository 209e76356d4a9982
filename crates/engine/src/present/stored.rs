//! The objects as the API server would store them, as block YAML with each line marked against
//! what was written: the Service (defaulted, allocated), and the Endpoints and EndpointSlices the
//! controllers (or the user) wrote. One small emitter renders any `yaml_serde::Value`.

use crate::model::{EndpointsSource, Kind, ManagedBy, Object};
use crate::{Analysis, ServiceView};
use yaml_serde::Value;

/// How a stored line compares with what was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Same,
    /// Not in the input: the API server (or a controller) added it.
    Added,
    /// In the input with another value.
    Changed,
}

/// One line of YAML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub mark: Mark,
    /// The field the line is about (`spec.ports[0].protocol`).
    pub path: String,
}

/// One stored object as YAML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredYaml {
    pub name: String,
    pub lines: Vec<Line>,
}

/// The chosen Service's objects as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub service: StoredYaml,
    /// Paths the API server added to the Service (outermost only), and paths it changed.
    pub added: Vec<String>,
    pub changed: Vec<String>,
    /// The v1 Endpoints object and who wrote it.
    pub endpoints: Option<(EndpointsSource, StoredYaml)>,
    /// The EndpointSlices, with who manages each.
    pub slices: Vec<(ManagedBy, StoredYaml)>,
}

/// The Service `v` and its endpoint objects as stored (None: `v` is no object of `a`).
pub fn stored(a: &Analysis, v: &ServiceView) -> Option<Stored> {
    let obj = a.objects.get(v.object)?;
    let service = StoredYaml { name: v.name.clone(), lines: object_lines(obj) };
    let (added, changed) = differences(&service.lines);
    let e = &v.endpoints;
    let endpoints = e.endpoints.as_ref().map(|ep| {
        let source = e.endpoints_source.unwrap_or_default();
        // The user's own object (a Service without selector) is marked against what they wrote.
        let user = e.endpoints_object.filter(|_| source == EndpointsSource::User).and_then(|i| a.objects.get(i));
        let lines = match user {
            Some(o) => object_lines(o),
            None => render(&typed(&Kind::Endpoints, yaml_serde::to_value(ep)), None, false),
        };
        (source, StoredYaml { name: ep.metadata.name.clone(), lines })
    });
    let slices = e
        .slices
        .iter()
        .map(|s| {
            let user = s.object.filter(|_| s.managed_by == ManagedBy::User).and_then(|i| a.objects.get(i));
            let lines = match user {
                Some(o) => object_lines(o),
                None => render(&typed(&Kind::EndpointSlice, yaml_serde::to_value(&s.slice)), None, false),
            };
            (s.managed_by, StoredYaml { name: s.slice.metadata.name.clone(), lines })
        })
        .collect();
    Some(Stored { service, added, changed, endpoints, slices })
}

/// An object as stored, marked against what was written (a simulated object is unmarked).
pub fn object_lines(o: &Object) -> Vec<Line> {
    let input = (!o.simulated).then(|| crate::api::to_value(&o.root));
    render(&o.stored(), input.as_ref(), input.is_some())
}

/// An object the controllers wrote, in the API's shape (`object`, its serialised form): `apiVersion`,
/// `kind`, then its fields.
fn typed(kind: &Kind, object: Result<Value, yaml_serde::Error>) -> Value {
    let mut m = yaml_serde::Mapping::new();
    if let Some((api_version, _)) = kind.served() {
        m.insert(Value::from("apiVersion"), Value::from(api_version));
    }
    m.insert(Value::from("kind"), Value::from(kind.as_str()));
    if let Ok(Value::Mapping(fields)) = object {
        for (k, v) in fields {
            m.insert(k, v);
        }
    }
    Value::Mapping(m)
}

/// Renders `v` as block YAML (sequences not indented under their key, like kubectl), one
/// [`Line`] per output line; with `compare`, each is marked against `input` (None: the whole
/// value is added).
pub fn render(v: &Value, input: Option<&Value>, compare: bool) -> Vec<Line> {
    let mut out = Vec::new();
    emit(v, input, compare, 0, "", &mut out, None);
    out
}

/// Paths (outermost only) the stored object has that the input does not, and paths it has with
/// another value.
pub fn differences(lines: &[Line]) -> (Vec<String>, Vec<String>) {
    let mut added: Vec<String> = Vec::new();
    let mut changed = Vec::new();
    for l in lines {
        match l.mark {
            Mark::Added => {
                let covered = added.iter().any(|a| {
                    l.path == *a || l.path.starts_with(&format!("{a}.")) || l.path.starts_with(&format!("{a}["))
                });
                if !covered {
                    added.push(l.path.clone());
                }
            }
            Mark::Changed => changed.push(l.path.clone()),
            Mark::Same => {}
        }
    }
    (added, changed)
}

/// A value seen one level deep.
#[derive(PartialEq)]
enum Leaf<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
    Seq(&'a [Value]),
    Map(&'a yaml_serde::Mapping),
}

/// A value one level deep. A tag (the engine's values never carry one) is left out.
fn leaf(v: &Value) -> Leaf<'_> {
    if let Value::Tagged(t) = v {
        leaf(&t.value)
    } else if let Some(m) = v.as_mapping() {
        Leaf::Map(m)
    } else if let Some(s) = v.as_sequence() {
        Leaf::Seq(s)
    } else if v.is_null() {
        Leaf::Null
    } else if let Some(b) = v.as_bool() {
        Leaf::Bool(b)
    } else if let Some(i) = v.as_i64() {
        Leaf::Int(i)
    } else if let Some(f) = v.as_f64() {
        Leaf::Float(f)
    } else {
        Leaf::Str(v.as_str().unwrap_or_default())
    }
}

/// A non-empty sequence or mapping (written on lines of its own).
fn is_collection(v: &Value) -> bool {
    match leaf(v) {
        Leaf::Seq(s) => !s.is_empty(),
        Leaf::Map(m) => !m.is_empty(),
        _ => false,
    }
}

/// A scalar (or empty collection) as plain YAML.
fn scalar(v: &Value) -> String {
    match leaf(v) {
        Leaf::Null => "null".into(),
        Leaf::Bool(b) => b.to_string(),
        Leaf::Int(i) => i.to_string(),
        Leaf::Float(f) => f.to_string(),
        Leaf::Str(s) => quote(s),
        Leaf::Seq(_) => "[]".into(),
        Leaf::Map(_) => "{}".into(),
    }
}

/// A mapping key as text (a non-string key as its plain YAML).
fn key_text(k: &Value) -> String {
    match leaf(k) {
        Leaf::Str(s) => s.to_string(),
        _ => scalar(k),
    }
}

/// The value of `key` in a mapping (the first entry whose key reads as `key`).
fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_mapping()?.iter().find(|(k, _)| key_text(k) == key).map(|(_, x)| x)
}

fn same_scalar(a: &Value, b: &Value) -> bool {
    match (leaf(a), leaf(b)) {
        (Leaf::Int(x), Leaf::Float(y)) | (Leaf::Float(y), Leaf::Int(x)) => (x as f64) == y,
        (Leaf::Map(x), Leaf::Map(y)) => x.is_empty() && y.is_empty(),
        (Leaf::Seq(x), Leaf::Seq(y)) => x.is_empty() && y.is_empty(),
        (Leaf::Map(_) | Leaf::Seq(_), _) | (_, Leaf::Map(_) | Leaf::Seq(_)) => false,
        (x, y) => x == y,
    }
}

fn mark_of(v: &Value, input: Option<&Value>, compare: bool) -> Mark {
    if !compare {
        return Mark::Same;
    }
    match input {
        None => Mark::Added,
        Some(i) if !is_collection(v) && !same_scalar(v, i) => Mark::Changed,
        _ => Mark::Same,
    }
}

/// Double-quotes a string when plain YAML would read it as something else.
fn quote(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let reserved =
        matches!(lower.as_str(), "" | "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n");
    let numeric = s.parse::<f64>().is_ok() || s.starts_with("0x") || s.starts_with("0o");
    let special = s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.chars().any(|c| c.is_control());
    if !(reserved || numeric || special) {
        return s.to_string();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `prefix`: the indent of the "- " of a sequence item whose first entry goes on the dash's line.
fn emit(
    v: &Value,
    input: Option<&Value>,
    compare: bool,
    indent: usize,
    path: &str,
    out: &mut Vec<Line>,
    prefix: Option<usize>,
) {
    let pad = " ".repeat(indent);
    match leaf(v) {
        Leaf::Map(m) if !m.is_empty() => {
            for (i, (k, x)) in m.iter().enumerate() {
                let k = key_text(k);
                let child_in = input.and_then(|y| get(y, &k));
                let p = join(path, &k);
                let mark = mark_of(x, child_in, compare);
                let lead = match (i, prefix) {
                    (0, Some(dash_indent)) => format!("{}- ", " ".repeat(dash_indent)),
                    _ => pad.clone(),
                };
                if is_collection(x) {
                    out.push(Line { text: format!("{lead}{}:", quote(&k)), mark, path: p.clone() });
                    let child_indent = if x.is_sequence() { indent } else { indent + 2 };
                    emit(x, child_in, compare, child_indent, &p, out, None);
                } else {
                    out.push(Line { text: format!("{lead}{}: {}", quote(&k), scalar(x)), mark, path: p });
                }
            }
        }
        Leaf::Seq(items) if !items.is_empty() => {
            let in_seq = input.and_then(Value::as_sequence);
            for (i, item) in items.iter().enumerate() {
                let child_in = in_seq.and_then(|x| x.get(i));
                let p = format!("{path}[{i}]");
                let mark = mark_of(item, child_in, compare);
                match leaf(item) {
                    Leaf::Map(m) if !m.is_empty() => {
                        // The item's first entry carries the dash; its mark is the entry's own.
                        emit(item, child_in, compare, indent + 2, &p, out, Some(indent))
                    }
                    Leaf::Seq(inner) if !inner.is_empty() => {
                        out.push(Line { text: format!("{pad}-"), mark, path: p.clone() });
                        emit(item, child_in, compare, indent + 2, &p, out, None);
                    }
                    _ => out.push(Line { text: format!("{pad}- {}", scalar(item)), mark, path: p }),
                }
            }
        }
        _ => out.push(Line {
            text: format!("{pad}{}", scalar(v)),
            mark: mark_of(v, input, compare),
            path: path.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing::{analysis, view, HEADLESS, MY_SERVICE, WITHOUT_SELECTOR};

    fn text(lines: &[Line]) -> String {
        lines
            .iter()
            .map(|l| {
                let m = match l.mark {
                    Mark::Same => "  ",
                    Mark::Added => "+ ",
                    Mark::Changed => "~ ",
                };
                format!("{m}{}\n", l.text)
            })
            .collect()
    }

    fn yaml(s: &str) -> Value {
        yaml_serde::from_str(s).unwrap()
    }

    #[test]
    fn renders_block_yaml_with_marks() {
        let input = yaml("kind: Service\nspec:\n  ports:\n  - port: 80\n");
        let stored = yaml(
            "kind: Service\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n  type: ClusterIP\n  selector:\n    app: \"true\"\n",
        );
        let lines = render(&stored, Some(&input), true);
        assert_eq!(
            text(&lines),
            "  kind: Service\n  spec:\n    ports:\n    - port: 80\n+     protocol: TCP\n+   type: ClusterIP\n+   selector:\n+     app: \"true\"\n"
        );
        let (added, changed) = differences(&lines);
        assert_eq!(added, ["spec.ports[0].protocol", "spec.type", "spec.selector"]);
        assert!(changed.is_empty());
    }

    #[test]
    fn changed_values_and_scalars() {
        let input = yaml("a: 1\nb: 2.0\nc: [x]\nd: {}\n");
        let stored = yaml("a: 2\nb: 2\nc: [x, y]\nd: {}\ne: [[1], \"yes\", null, '0x1f']\n");
        let lines = render(&stored, Some(&input), true);
        assert_eq!(
            text(&lines),
            "~ a: 2\n  b: 2\n  c:\n  - x\n+ - \"y\"\n  d: {}\n+ e:\n+ -\n+   - 1\n+ - \"yes\"\n+ - null\n+ - \"0x1f\"\n"
        );
        assert_eq!(differences(&lines), (vec!["c[1]".to_string(), "e".to_string()], vec!["a".to_string()]));
    }

    #[test]
    fn default_service_shows_defaults() {
        let a = analysis(MY_SERVICE);
        let s = stored(&a, view(&a, "my-service")).unwrap();
        let t = text(&s.service.lines);
        assert!(t.starts_with("  apiVersion: v1\n  kind: Service\n  metadata:\n    name: my-service\n"), "{t}");
        assert!(t.contains("+   namespace: default\n"), "{t}");
        assert!(t.contains("+   type: ClusterIP\n"), "{t}");
        assert!(s.added.iter().any(|p| p == "spec.sessionAffinity"), "{:?}", s.added);
        assert!(s.added.iter().any(|p| p == "spec.clusterIP"), "{:?}", s.added);
        assert!(s.changed.is_empty(), "{:?}", s.changed);

        // The controllers' objects, in the API's shape, unmarked.
        let (source, ep) = s.endpoints.as_ref().unwrap();
        assert_eq!(*source, EndpointsSource::Controller);
        let t = text(&ep.lines);
        assert!(t.starts_with("  apiVersion: v1\n  kind: Endpoints\n  metadata:\n    name: my-service\n"), "{t}");
        assert!(t.contains("\n  subsets:\n  - addresses:\n    - ip: 10.244.1.11\n      nodeName: node-a\n      targetRef:\n        kind: Pod\n"), "{t}");
        let (managed, slice) = &s.slices[0];
        assert_eq!(*managed, ManagedBy::Controller);
        let t = text(&slice.lines);
        assert!(t.starts_with("  apiVersion: discovery.k8s.io/v1\n  kind: EndpointSlice\n"), "{t}");
        assert!(t.contains("\n  addressType: IPv4\n  endpoints:\n  - addresses:\n    - 10.244.1.11\n    conditions:\n      ready: true\n"), "{t}");
        assert!(t.contains("\n  ports:\n  - name: \"\"\n    port: 9376\n    protocol: TCP\n"), "{t}");
    }

    #[test]
    fn a_users_endpoints_are_marked_against_what_they_wrote() {
        let a = analysis(WITHOUT_SELECTOR);
        let s = stored(&a, &a.services[0]).unwrap();
        let (source, ep) = s.endpoints.as_ref().unwrap();
        assert_eq!(*source, EndpointsSource::User);
        let t = text(&ep.lines);
        assert!(t.contains("+   namespace: default\n"), "{t}");
        assert!(s.slices.iter().all(|(m, _)| *m == ManagedBy::Mirroring), "{:?}", s.slices);
    }

    #[test]
    fn simulated_pods_and_hints() {
        let a = analysis(HEADLESS);
        let pod = a.objects.iter().find(|o| o.simulated && o.kind == Kind::Pod).unwrap();
        assert!(object_lines(pod).iter().all(|l| l.mark == Mark::Same));

        let text = MY_SERVICE.replacen("spec:\n  selector:", "spec:\n  trafficDistribution: PreferClose\n  selector:", 1)
            + "---\napiVersion: v1\nkind: Node\nmetadata: {name: node-a, labels: {topology.kubernetes.io/zone: zone-a}}\n"
            + "---\napiVersion: v1\nkind: Node\nmetadata: {name: node-b, labels: {topology.kubernetes.io/zone: zone-b}}\n";
        let a = analysis(&text);
        let s = stored(&a, &a.services[0]).unwrap();
        let t = super::tests::text(&s.slices[0].1.lines);
        assert!(t.contains("    hints:\n      forZones:\n      - name: zone-a\n"), "{t}");
    }
}
