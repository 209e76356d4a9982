//! The objects as the API server would store them: the Service (defaulted, allocated) with the
//! fields the API server added highlighted, and the Endpoints / EndpointSlices the controllers
//! (or you) wrote.

use super::ViewProps;
use engine::api::{EndpointAddress, EndpointPort, EndpointSlice, Endpoints, ObjectMeta, ObjectReference};
use engine::model::{EndpointsSource, ManagedBy};
use engine::yaml::{Node, Value};
use yew::prelude::*;

/// A plain YAML tree (the app does not link `yaml_serde`; see [`from_stored`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Y {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Y>),
    Map(Vec<(String, Y)>),
}

impl Y {
    fn get(&self, key: &str) -> Option<&Y> {
        match self {
            Y::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn is_collection(&self) -> bool {
        matches!(self, Y::Seq(s) if !s.is_empty()) || matches!(self, Y::Map(m) if !m.is_empty())
    }
    fn scalar(&self) -> String {
        match self {
            Y::Null => "null".into(),
            Y::Bool(b) => b.to_string(),
            Y::Int(i) => i.to_string(),
            Y::Float(f) => f.to_string(),
            Y::Str(s) => quote(s),
            Y::Seq(_) => "[]".into(),
            Y::Map(_) => "{}".into(),
        }
    }
}

/// One level of a foreign YAML value, as seen through its inherent methods.
pub enum Level<'a, V> {
    Map(Vec<(&'a V, &'a V)>),
    Seq(Vec<&'a V>),
    Leaf(Y),
}

/// Converts a value of a type this crate cannot name (`yaml_serde::Value`, returned by
/// `Object::stored()`) with a closure that opens one level; the closure's argument type is
/// inferred at the call site.
pub fn convert<V, F>(v: &V, open: &F) -> Y
where
    F: for<'a> Fn(&'a V) -> Level<'a, V>,
{
    match open(v) {
        Level::Leaf(y) => y,
        Level::Seq(items) => Y::Seq(items.into_iter().map(|x| convert(x, open)).collect()),
        Level::Map(entries) => Y::Map(
            entries
                .into_iter()
                .map(|(k, x)| {
                    let key = match convert(k, open) {
                        Y::Str(s) => s,
                        other => other.scalar(),
                    };
                    (key, convert(x, open))
                })
                .collect(),
        ),
    }
}

/// `Object::stored()` as a [`Y`] tree.
pub fn stored_of(o: &engine::Object) -> Y {
    let stored = o.stored();
    convert(&stored, &|v| {
        if let Some(m) = v.as_mapping() {
            Level::Map(m.iter().collect())
        } else if let Some(s) = v.as_sequence() {
            Level::Seq(s.iter().collect())
        } else if v.is_null() {
            Level::Leaf(Y::Null)
        } else if let Some(b) = v.as_bool() {
            Level::Leaf(Y::Bool(b))
        } else if let Some(i) = v.as_i64() {
            Level::Leaf(Y::Int(i))
        } else if let Some(f) = v.as_f64() {
            Level::Leaf(Y::Float(f))
        } else if let Some(s) = v.as_str() {
            Level::Leaf(Y::Str(s.to_string()))
        } else {
            Level::Leaf(Y::Str(format!("{v:?}")))
        }
    })
}

/// The input document's tree as a [`Y`].
pub fn from_node<'t>(n: impl Into<Node<'t>>) -> Y {
    match n.into().value() {
        Value::Null => Y::Null,
        Value::Bool(b) => Y::Bool(b),
        Value::Int(i) => Y::Int(i),
        Value::Float(f) => Y::Float(f),
        Value::Str(s) => Y::Str(s.to_string()),
        Value::Seq(items) => Y::Seq(items.iter().map(from_node).collect()),
        Value::Map(entries) => Y::Map(
            entries
                .iter()
                .map(|e| {
                    let k = match e.key.value() {
                        Value::Str(s) => s.to_string(),
                        _ => from_node(e.key).scalar(),
                    };
                    (k, from_node(e.value))
                })
                .collect(),
        ),
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
    if reserved || numeric || special {
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
    } else {
        s.to_string()
    }
}

/// How a stored field compares with what was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Same,
    /// Not in the input: the API server (or a controller) added it.
    Added,
    /// In the input with another value.
    Changed,
}

pub struct Line {
    pub text: String,
    pub mark: Mark,
    pub path: String,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Renders `y` as block YAML (sequences not indented under their key, like kubectl), one
/// [`Line`] per output line, each marked against `input` (None: the whole subtree is added).
pub fn render(y: &Y, input: Option<&Y>, compare: bool) -> Vec<Line> {
    let mut out = Vec::new();
    emit(y, input, compare, 0, "", &mut out, None);
    out
}

fn mark_of(y: &Y, input: Option<&Y>, compare: bool) -> Mark {
    if !compare {
        return Mark::Same;
    }
    match input {
        None => Mark::Added,
        Some(i) if !y.is_collection() && !same_scalar(y, i) => Mark::Changed,
        _ => Mark::Same,
    }
}

fn same_scalar(a: &Y, b: &Y) -> bool {
    match (a, b) {
        (Y::Int(x), Y::Float(y)) | (Y::Float(y), Y::Int(x)) => (*x as f64) == *y,
        (Y::Map(x), Y::Map(y)) => x.is_empty() && y.is_empty(),
        (Y::Seq(x), Y::Seq(y)) => x.is_empty() && y.is_empty(),
        _ => a == b,
    }
}

/// `prefix`: the "- " of a sequence item whose first entry goes on the dash's line.
fn emit(
    y: &Y,
    input: Option<&Y>,
    compare: bool,
    indent: usize,
    path: &str,
    out: &mut Vec<Line>,
    prefix: Option<(usize, Mark)>,
) {
    let pad = " ".repeat(indent);
    match y {
        Y::Map(m) if !m.is_empty() => {
            for (i, (k, v)) in m.iter().enumerate() {
                let child_in = input.and_then(|x| x.get(k));
                let p = join(path, k);
                let mark = mark_of(v, child_in, compare);
                let lead = match (i, prefix) {
                    (0, Some((dash_indent, _))) => format!("{}- ", " ".repeat(dash_indent)),
                    _ => pad.clone(),
                };
                if v.is_collection() {
                    out.push(Line { text: format!("{lead}{}:", quote_key(k)), mark, path: p.clone() });
                    let child_indent = if matches!(v, Y::Seq(_)) { indent } else { indent + 2 };
                    emit(v, child_in, compare, child_indent, &p, out, None);
                } else {
                    out.push(Line { text: format!("{lead}{}: {}", quote_key(k), v.scalar()), mark, path: p });
                }
            }
        }
        Y::Seq(s) if !s.is_empty() => {
            let in_seq = match input {
                Some(Y::Seq(x)) => Some(x),
                _ => None,
            };
            for (i, item) in s.iter().enumerate() {
                let child_in = in_seq.and_then(|x| x.get(i));
                let p = format!("{path}[{i}]");
                let mark = mark_of(item, child_in, compare);
                match item {
                    Y::Map(m) if !m.is_empty() => {
                        emit(item, child_in, compare, indent + 2, &p, out, Some((indent, mark)))
                    }
                    Y::Seq(inner) if !inner.is_empty() => {
                        out.push(Line { text: format!("{pad}-"), mark, path: p.clone() });
                        emit(item, child_in, compare, indent + 2, &p, out, None);
                    }
                    _ => out.push(Line { text: format!("{pad}- {}", item.scalar()), mark, path: p }),
                }
            }
        }
        other => out.push(Line {
            text: format!("{pad}{}", other.scalar()),
            mark: mark_of(other, input, compare),
            path: path.to_string(),
        }),
    }
}

fn quote_key(k: &str) -> String {
    quote(k)
}

/// Paths (outermost only) the stored object has that the input does not, or has differently.
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

// ---------------------------------------------------------------- typed → Y

fn s(v: &str) -> Y {
    Y::Str(v.to_string())
}

fn meta(m: &ObjectMeta) -> Y {
    let mut e = vec![("name".to_string(), s(&m.name))];
    if let Some(g) = &m.generate_name {
        e.push(("generateName".into(), s(g)));
    }
    if !m.namespace.is_empty() {
        e.push(("namespace".into(), s(&m.namespace)));
    }
    if !m.labels.is_empty() {
        e.push(("labels".into(), Y::Map(m.labels.iter().map(|(k, v)| (k.clone(), s(v))).collect())));
    }
    if !m.annotations.is_empty() {
        e.push(("annotations".into(), Y::Map(m.annotations.iter().map(|(k, v)| (k.clone(), s(v))).collect())));
    }
    Y::Map(e)
}

fn reference(r: &ObjectReference) -> Y {
    let mut e = vec![("kind".to_string(), s(&r.kind))];
    if !r.namespace.is_empty() {
        e.push(("namespace".into(), s(&r.namespace)));
    }
    e.push(("name".into(), s(&r.name)));
    Y::Map(e)
}

fn address(a: &EndpointAddress) -> Y {
    let mut e = vec![("ip".to_string(), s(&a.ip))];
    if let Some(h) = &a.hostname {
        e.push(("hostname".into(), s(h)));
    }
    if let Some(n) = &a.node_name {
        e.push(("nodeName".into(), s(n)));
    }
    if let Some(r) = &a.target_ref {
        e.push(("targetRef".into(), reference(r)));
    }
    Y::Map(e)
}

fn port(p: &EndpointPort) -> Y {
    let mut e = Vec::new();
    if let Some(n) = &p.name {
        e.push(("name".to_string(), s(n)));
    }
    e.push(("port".into(), Y::Int(p.port)));
    e.push(("protocol".into(), s(&p.protocol)));
    Y::Map(e)
}

pub fn endpoints_y(ep: &Endpoints) -> Y {
    let subsets = ep
        .subsets
        .iter()
        .map(|ss| {
            let mut e = Vec::new();
            if !ss.addresses.is_empty() {
                e.push(("addresses".to_string(), Y::Seq(ss.addresses.iter().map(address).collect())));
            }
            if !ss.not_ready_addresses.is_empty() {
                e.push(("notReadyAddresses".to_string(), Y::Seq(ss.not_ready_addresses.iter().map(address).collect())));
            }
            if !ss.ports.is_empty() {
                e.push(("ports".to_string(), Y::Seq(ss.ports.iter().map(port).collect())));
            }
            Y::Map(e)
        })
        .collect();
    Y::Map(vec![
        ("apiVersion".into(), s("v1")),
        ("kind".into(), s("Endpoints")),
        ("metadata".into(), meta(&ep.metadata)),
        ("subsets".into(), Y::Seq(subsets)),
    ])
}

pub fn slice_y(sl: &EndpointSlice) -> Y {
    let endpoints = sl
        .endpoints
        .iter()
        .map(|ep| {
            let mut e = vec![("addresses".to_string(), Y::Seq(ep.addresses.iter().map(|a| s(a)).collect()))];
            let c = &ep.conditions;
            let mut conds = Vec::new();
            for (k, v) in [("ready", c.ready), ("serving", c.serving), ("terminating", c.terminating)] {
                if let Some(v) = v {
                    conds.push((k.to_string(), Y::Bool(v)));
                }
            }
            e.push(("conditions".into(), Y::Map(conds)));
            if let Some(h) = &ep.hostname {
                e.push(("hostname".into(), s(h)));
            }
            if let Some(n) = &ep.node_name {
                e.push(("nodeName".into(), s(n)));
            }
            if let Some(r) = &ep.target_ref {
                e.push(("targetRef".into(), reference(r)));
            }
            if let Some(z) = &ep.zone {
                e.push(("zone".into(), s(z)));
            }
            if let Some(h) = &ep.hints {
                let mut hs = Vec::new();
                if !h.for_zones.is_empty() {
                    hs.push((
                        "forZones".to_string(),
                        Y::Seq(h.for_zones.iter().map(|z| Y::Map(vec![("name".into(), s(z))])).collect()),
                    ));
                }
                if !h.for_nodes.is_empty() {
                    hs.push((
                        "forNodes".to_string(),
                        Y::Seq(h.for_nodes.iter().map(|z| Y::Map(vec![("name".into(), s(z))])).collect()),
                    ));
                }
                e.push(("hints".into(), Y::Map(hs)));
            }
            Y::Map(e)
        })
        .collect();
    Y::Map(vec![
        ("apiVersion".into(), s("discovery.k8s.io/v1")),
        ("kind".into(), s("EndpointSlice")),
        ("metadata".into(), meta(&sl.metadata)),
        ("addressType".into(), s(&sl.address_type)),
        ("endpoints".into(), Y::Seq(endpoints)),
        ("ports".into(), Y::Seq(sl.ports.iter().map(port).collect())),
    ])
}

// ---------------------------------------------------------------- view

fn yaml_block(lines: &[Line], label: String) -> Html {
    html! {
        <pre class="yaml" aria-label={label} tabindex="0">
            { for lines.iter().map(|l| {
                let class = match l.mark { Mark::Same => None, Mark::Added => Some("added"), Mark::Changed => Some("changed") };
                let title = match l.mark { Mark::Same => None, Mark::Added => Some(format!("{}: added by the API server", l.path)), Mark::Changed => Some(format!("{}: changed by the API server", l.path)) };
                html! { <span class={classes!("ln", class)} title={title}>{ &l.text }{ "\n" }</span> }
            }) }
        </pre>
    }
}

fn path_chips(paths: &[String], class: &'static str) -> Html {
    html! { <>{ for paths.iter().map(|p| html! { <code class={classes!("path", class)}>{ p }</code> }) }</> }
}

#[function_component(StoredPanel)]
pub fn view(props: &ViewProps) -> Html {
    let state = &props.state;
    let a = &state.analysis;
    let Some(v) = state.service() else {
        return html! {
            <section class="card views" aria-label="Stored object">
                <h2>{ "Stored object" }</h2>
                <p class="muted">{ "No valid Service yet: the API server would store nothing (see Problems)." }</p>
            </section>
        };
    };
    let Some(obj) = a.objects.get(v.object) else { return html! {} };
    let stored = stored_of(obj);
    let input = if obj.simulated { None } else { Some(from_node(&obj.root)) };
    let lines = render(&stored, input.as_ref(), input.is_some());
    let (added, changed) = differences(&lines);
    let e = &v.endpoints;
    let ep_user = e.endpoints_source == Some(EndpointsSource::User);
    html! {
        <section class="card views stored-panel" aria-label="Stored object">
            <h2>{ "Stored object" }</h2>
            <p class="muted lead">{ "What the API server would store for what you wrote: defaults filled in, addresses allocated. This is what " }<code>{ format!("kubectl get service {} -o yaml", v.name) }</code>{ " would show (without uid, timestamps and managedFields)." }</p>
            <div class="diff-summary" data-testid="stored-defaulted">
                if added.is_empty() && changed.is_empty() {
                    <p class="muted">{ "The API server adds nothing to this object." }</p>
                }
                if !added.is_empty() {
                    <p><span class="legend-swatch added" aria-hidden="true"></span><strong>{ "Defaulted / allocated: " }</strong>{ path_chips(&added, "added") }</p>
                }
                if !changed.is_empty() {
                    <p><span class="legend-swatch changed" aria-hidden="true"></span><strong>{ "Changed: " }</strong>{ path_chips(&changed, "changed") }</p>
                }
            </div>
            <h3>{ "Service " }<code>{ &v.name }</code></h3>
            { yaml_block(&lines, format!("Service {} as stored", v.name)) }
            if let Some(ep) = &e.endpoints {
                <details class="stored-more">
                    <summary>
                        { format!("Endpoints {}", ep.metadata.name) }
                        <span class="sub">{ if ep_user { "written by you" } else { "written by the endpoints controller" } }</span>
                    </summary>
                    { endpoints_block(a, ep, ep_user) }
                </details>
            }
            { for e.slices.iter().map(|s| {
                let who = match s.managed_by {
                    ManagedBy::Controller => "written by the EndpointSlice controller",
                    ManagedBy::Mirroring => "written by the EndpointSlice mirroring controller",
                    ManagedBy::User => "written by you",
                };
                let y = slice_y(&s.slice);
                let user_obj = (s.managed_by == ManagedBy::User).then_some(()).and(s.object).and_then(|i| a.objects.get(i));
                let lines = match user_obj {
                    Some(o) => render(&stored_of(o), Some(&from_node(&o.root)), true),
                    None => render(&y, None, false),
                };
                html! {
                    <details class="stored-more">
                        <summary>{ format!("EndpointSlice {}", s.slice.metadata.name) }<span class="sub">{ who }</span></summary>
                        { yaml_block(&lines, format!("EndpointSlice {} as stored", s.slice.metadata.name)) }
                    </details>
                }
            }) }
        </section>
    }
}

fn endpoints_block(a: &engine::Analysis, ep: &Endpoints, user: bool) -> Html {
    let user_obj = user
        .then(|| {
            a.objects.iter().find(|o| {
                o.valid
                    && o.kind == engine::model::Kind::Endpoints
                    && o.name == ep.metadata.name
                    && (o.namespace == ep.metadata.namespace || ep.metadata.namespace.is_empty())
            })
        })
        .flatten();
    let lines = match user_obj {
        Some(o) => render(&stored_of(o), Some(&from_node(&o.root)), true),
        None => render(&endpoints_y(ep), None, false),
    };
    yaml_block(&lines, format!("Endpoints {} as stored", ep.metadata.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> String {
        lines
            .iter()
            .map(|l| {
                format!(
                    "{}{}\n",
                    match l.mark {
                        Mark::Same => "  ",
                        Mark::Added => "+ ",
                        Mark::Changed => "~ ",
                    },
                    l.text
                )
            })
            .collect()
    }

    #[test]
    fn renders_block_yaml_with_marks() {
        let input = Y::Map(vec![
            ("kind".into(), s("Service")),
            ("spec".into(), Y::Map(vec![("ports".into(), Y::Seq(vec![Y::Map(vec![("port".into(), Y::Int(80))])]))])),
        ]);
        let stored = Y::Map(vec![
            ("kind".into(), s("Service")),
            (
                "spec".into(),
                Y::Map(vec![
                    (
                        "ports".into(),
                        Y::Seq(vec![Y::Map(vec![("port".into(), Y::Int(80)), ("protocol".into(), s("TCP"))])]),
                    ),
                    ("type".into(), s("ClusterIP")),
                    ("selector".into(), Y::Map(vec![("app".into(), s("true"))])),
                ]),
            ),
        ]);
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
    fn default_service_shows_defaults() {
        let st = crate::state::State::default();
        let v = st.service().unwrap();
        let o = &st.analysis.objects[v.object];
        let lines = render(&stored_of(o), Some(&from_node(&o.root)), true);
        let t = text(&lines);
        assert!(t.contains("  kind: Service"), "{t}");
        assert!(t.contains("name: my-service"), "{t}");
    }
}
