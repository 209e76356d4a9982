//! The shape of the objects the playground models, as data, and the structural check that a
//! strict API server (`kubectl apply`, `--validate=strict`, the default) makes before anything
//! else: unknown fields, wrong value types. Duplicate keys are reported here too.
//!
//! `Obj` lists every field of an API type, so any other key is an unknown field. `Open` lists
//! the fields the engine reads (their types are checked) but lets others pass, for types too
//! large to list whose content the playground does not use (statuses, volumes...).

use crate::diag::{Diagnostic, Severity};
use crate::util::text::did_you_mean;
use crate::yaml::{Map, Node, Shape, Value};

#[derive(Clone, Copy)]
pub enum Ty {
    Str,
    Int,
    Bool,
    /// A number (int or float), e.g. `terminationGracePeriodSeconds` is int, but quantities are
    /// strings or numbers.
    Quantity,
    IntOrStr,
    /// map[string]string, e.g. labels.
    StrMap,
    Obj(&'static [F]),
    Open(&'static [F]),
    List(&'static Ty),
    /// Anything: not checked.
    Any,
}

/// A field: its JSON name and type.
pub struct F(pub &'static str, pub Ty);

use crate::diag::Code;
use Ty::*;

const STRS: Ty = List(&Str);

pub const OWNER_REF: &[F] = &[
    F("apiVersion", Str),
    F("kind", Str),
    F("name", Str),
    F("uid", Str),
    F("controller", Bool),
    F("blockOwnerDeletion", Bool),
];

pub const METADATA: &[F] = &[
    F("name", Str),
    F("generateName", Str),
    F("namespace", Str),
    F("selfLink", Str),
    F("uid", Str),
    F("resourceVersion", Str),
    F("generation", Int),
    F("creationTimestamp", Any),
    F("deletionTimestamp", Any),
    F("deletionGracePeriodSeconds", Int),
    F("labels", StrMap),
    F("annotations", StrMap),
    F("ownerReferences", List(&Obj(OWNER_REF))),
    F("finalizers", STRS),
    F("managedFields", Any),
];

const SERVICE_PORT: &[F] = &[
    F("name", Str),
    F("protocol", Str),
    F("appProtocol", Str),
    F("port", Int),
    F("targetPort", IntOrStr),
    F("nodePort", Int),
];

const SESSION_AFFINITY_CONFIG: &[F] = &[F("clientIP", Obj(&[F("timeoutSeconds", Int)]))];

pub const SERVICE_SPEC: &[F] = &[
    F("ports", List(&Obj(SERVICE_PORT))),
    F("selector", StrMap),
    F("clusterIP", Str),
    F("clusterIPs", STRS),
    F("type", Str),
    F("externalIPs", STRS),
    F("sessionAffinity", Str),
    F("loadBalancerIP", Str),
    F("loadBalancerSourceRanges", STRS),
    F("externalName", Str),
    F("externalTrafficPolicy", Str),
    F("healthCheckNodePort", Int),
    F("publishNotReadyAddresses", Bool),
    F("sessionAffinityConfig", Obj(SESSION_AFFINITY_CONFIG)),
    F("ipFamilies", STRS),
    F("ipFamilyPolicy", Str),
    F("allocateLoadBalancerNodePorts", Bool),
    F("loadBalancerClass", Str),
    F("internalTrafficPolicy", Str),
    F("trafficDistribution", Str),
];

const LB_INGRESS: &[F] = &[
    F("ip", Str),
    F("hostname", Str),
    F("ipMode", Str),
    F("ports", List(&Obj(&[F("port", Int), F("protocol", Str), F("error", Str)]))),
];

pub const SERVICE_STATUS: &[F] =
    &[F("loadBalancer", Obj(&[F("ingress", List(&Obj(LB_INGRESS)))])), F("conditions", Any)];

const CONTAINER_PORT: &[F] =
    &[F("name", Str), F("hostPort", Int), F("containerPort", Int), F("protocol", Str), F("hostIP", Str)];

const CONTAINER: &[F] = &[
    F("name", Str),
    F("image", Str),
    F("command", STRS),
    F("args", STRS),
    F("workingDir", Str),
    F("ports", List(&Obj(CONTAINER_PORT))),
    F("envFrom", Any),
    F("env", Any),
    F("resources", Any),
    F("resizePolicy", Any),
    F("restartPolicy", Str),
    F("restartPolicyRules", Any),
    F("volumeMounts", Any),
    F("volumeDevices", Any),
    F("livenessProbe", Any),
    F("readinessProbe", Any),
    F("startupProbe", Any),
    F("lifecycle", Any),
    F("terminationMessagePath", Str),
    F("terminationMessagePolicy", Str),
    F("imagePullPolicy", Str),
    F("securityContext", Any),
    F("stdin", Bool),
    F("stdinOnce", Bool),
    F("tty", Bool),
];

pub const POD_SPEC: &[F] = &[
    F("volumes", Any),
    F("initContainers", List(&Obj(CONTAINER))),
    F("containers", List(&Obj(CONTAINER))),
    F("ephemeralContainers", Any),
    F("restartPolicy", Str),
    F("terminationGracePeriodSeconds", Int),
    F("activeDeadlineSeconds", Int),
    F("dnsPolicy", Str),
    F("nodeSelector", StrMap),
    F("serviceAccountName", Str),
    F("serviceAccount", Str),
    F("automountServiceAccountToken", Bool),
    F("nodeName", Str),
    F("hostNetwork", Bool),
    F("hostPID", Bool),
    F("hostIPC", Bool),
    F("shareProcessNamespace", Bool),
    F("securityContext", Any),
    F("imagePullSecrets", Any),
    F("hostname", Str),
    F("subdomain", Str),
    F("affinity", Any),
    F("schedulerName", Str),
    F("tolerations", Any),
    F("hostAliases", Any),
    F("priorityClassName", Str),
    F("priority", Int),
    F("dnsConfig", Any),
    F("readinessGates", Any),
    F("runtimeClassName", Str),
    F("enableServiceLinks", Bool),
    F("preemptionPolicy", Str),
    F("overhead", Any),
    F("topologySpreadConstraints", Any),
    F("setHostnameAsFQDN", Bool),
    F("os", Any),
    F("hostUsers", Bool),
    F("schedulingGates", Any),
    F("resourceClaims", Any),
    F("resources", Any),
];

const POD_CONDITION: &[F] = &[F("type", Str), F("status", Str)];

pub const POD_STATUS: &[F] = &[
    F("phase", Str),
    F("conditions", List(&Open(POD_CONDITION))),
    F("podIP", Str),
    F("podIPs", List(&Obj(&[F("ip", Str)]))),
    F("hostIP", Str),
];

pub const POD_TEMPLATE: &[F] = &[F("metadata", Obj(METADATA)), F("spec", Obj(POD_SPEC))];

const LABEL_SELECTOR: &[F] = &[
    F("matchLabels", StrMap),
    F("matchExpressions", List(&Obj(&[F("key", Str), F("operator", Str), F("values", STRS)]))),
];

pub const DEPLOYMENT_SPEC: &[F] = &[
    F("replicas", Int),
    F("selector", Obj(LABEL_SELECTOR)),
    F("template", Obj(POD_TEMPLATE)),
    F("strategy", Any),
    F("minReadySeconds", Int),
    F("revisionHistoryLimit", Int),
    F("paused", Bool),
    F("progressDeadlineSeconds", Int),
];
pub const REPLICASET_SPEC: &[F] = &[
    F("replicas", Int),
    F("minReadySeconds", Int),
    F("selector", Obj(LABEL_SELECTOR)),
    F("template", Obj(POD_TEMPLATE)),
];
pub const STATEFULSET_SPEC: &[F] = &[
    F("replicas", Int),
    F("selector", Obj(LABEL_SELECTOR)),
    F("template", Obj(POD_TEMPLATE)),
    F("volumeClaimTemplates", Any),
    F("serviceName", Str),
    F("podManagementPolicy", Str),
    F("updateStrategy", Any),
    F("revisionHistoryLimit", Int),
    F("minReadySeconds", Int),
    F("persistentVolumeClaimRetentionPolicy", Any),
    F("ordinals", Any),
];
pub const DAEMONSET_SPEC: &[F] = &[
    F("selector", Obj(LABEL_SELECTOR)),
    F("template", Obj(POD_TEMPLATE)),
    F("updateStrategy", Any),
    F("minReadySeconds", Int),
    F("revisionHistoryLimit", Int),
];

pub const NODE_SPEC: &[F] = &[F("podCIDR", Str), F("podCIDRs", STRS), F("unschedulable", Bool)];
pub const NODE_STATUS: &[F] =
    &[F("addresses", List(&Obj(&[F("type", Str), F("address", Str)]))), F("conditions", List(&Open(POD_CONDITION)))];

const OBJ_REF: &[F] = &[
    F("kind", Str),
    F("namespace", Str),
    F("name", Str),
    F("uid", Str),
    F("apiVersion", Str),
    F("resourceVersion", Str),
    F("fieldPath", Str),
];
const ENDPOINT_ADDRESS: &[F] = &[F("ip", Str), F("hostname", Str), F("nodeName", Str), F("targetRef", Obj(OBJ_REF))];
const ENDPOINT_PORT: &[F] = &[F("name", Str), F("port", Int), F("protocol", Str), F("appProtocol", Str)];
pub const ENDPOINT_SUBSET: &[F] = &[
    F("addresses", List(&Obj(ENDPOINT_ADDRESS))),
    F("notReadyAddresses", List(&Obj(ENDPOINT_ADDRESS))),
    F("ports", List(&Obj(ENDPOINT_PORT))),
];

const HINT: &[F] = &[F("name", Str)];
const SLICE_ENDPOINT: &[F] = &[
    F("addresses", STRS),
    F("conditions", Obj(&[F("ready", Bool), F("serving", Bool), F("terminating", Bool)])),
    F("hostname", Str),
    F("targetRef", Obj(OBJ_REF)),
    F("nodeName", Str),
    F("zone", Str),
    F("hints", Obj(&[F("forZones", List(&Obj(HINT))), F("forNodes", List(&Obj(HINT)))])),
    F("deprecatedTopology", StrMap),
];

/// Top-level fields per kind. `apiVersion`, `kind` and `metadata` are added for all.
pub fn top_level(kind: &str) -> Option<&'static [F]> {
    Some(match kind {
        "Service" => &[F("spec", Obj(SERVICE_SPEC)), F("status", Obj(SERVICE_STATUS))],
        "Pod" => &[F("spec", Obj(POD_SPEC)), F("status", Open(POD_STATUS))],
        "Node" => &[F("spec", Open(NODE_SPEC)), F("status", Open(NODE_STATUS))],
        "Namespace" => &[F("spec", Any), F("status", Any)],
        "Endpoints" => &[F("subsets", List(&Obj(ENDPOINT_SUBSET)))],
        "EndpointSlice" => {
            &[F("addressType", Str), F("endpoints", List(&Obj(SLICE_ENDPOINT))), F("ports", List(&Obj(ENDPOINT_PORT)))]
        }
        "Deployment" => &[F("spec", Obj(DEPLOYMENT_SPEC)), F("status", Any)],
        "ReplicaSet" => &[F("spec", Obj(REPLICASET_SPEC)), F("status", Any)],
        "StatefulSet" => &[F("spec", Obj(STATEFULSET_SPEC)), F("status", Any)],
        "DaemonSet" => &[F("spec", Obj(DAEMONSET_SPEC)), F("status", Any)],
        _ => return None,
    })
}

const COMMON_TOP: &[F] = &[F("apiVersion", Str), F("kind", Str), F("metadata", Obj(METADATA))];

/// A structural finding: the field path, the node it is about, and the diagnostic (without
/// object/source/span, which the caller fills in).
pub struct Finding<'n> {
    pub path: String,
    pub node: Node<'n>,
    pub diag: Diagnostic,
}

/// Checks an object of a modeled kind. Returns the findings; any `Error` means a strict API
/// server would refuse the object.
pub fn check_object<'n>(root: Node<'n>, kind: &str) -> Vec<Finding<'n>> {
    let mut out = Vec::new();
    let Some(fields) = top_level(kind) else { return out };
    let Some(entries) = root.as_map() else { return out };
    // One path for the whole walk, as the keys and indexes it went through: it is written out
    // as text only for a finding (most objects have none).
    let mut path = Path::default();
    check_entries(entries, &[COMMON_TOP, fields], true, &mut path, &mut out);
    out
}

/// The fields of a mapping, in one or more lists.
type Fields<'a> = &'a [&'a [F]];

/// One step of a field path: a mapping key, or a list index.
#[derive(Clone, Copy)]
enum Step<'n> {
    Key(&'n str),
    Index(usize),
}

/// The path to the node being checked.
#[derive(Default)]
struct Path<'n>(Vec<Step<'n>>);

impl Path<'_> {
    /// The first `n` steps as text: `spec.ports[0].port`, `metadata.labels[app.kubernetes.io/name]`.
    fn text_of(&self, n: usize) -> String {
        let mut s = String::new();
        for step in &self.0[..n] {
            match *step {
                Step::Key(k) => join(&mut s, k),
                Step::Index(i) => push_index(&mut s, i),
            }
        }
        s
    }

    fn text(&self) -> String {
        self.text_of(self.0.len())
    }
}

fn check_entries<'n>(entries: Map<'n>, fields: Fields, closed: bool, path: &mut Path<'n>, out: &mut Vec<Finding<'n>>) {
    let base = path.0.len();
    // A key's length and last byte, as a bit: only a key whose bit is already set can repeat one.
    let mut seen = 0u64;
    for (i, e) in entries.iter().enumerate() {
        let Some(key) = e.key.as_str() else {
            out.push(Finding {
                path: path.text(),
                node: e.key,
                diag: Diagnostic::new(
                    Severity::Error,
                    Code::WrongType,
                    format!("a field name must be a string, found {}", e.key.type_name()),
                ),
            });
            continue;
        };
        path.0.push(Step::Key(key));
        let bit = 1u64 << ((key.len() * 7 + key.as_bytes().last().map_or(0, |&b| b as usize)) % 64);
        let maybe_repeated = seen & bit != 0;
        seen |= bit;
        if let Some(first) = entries.same_key_before(i).filter(|_| maybe_repeated) {
            out.push(Finding {
                path: path.text(),
                node: e.key,
                diag: Diagnostic::new(
                    Severity::Warning,
                    Code::DuplicateKey,
                    format!(
                        "duplicate key `{key}` (first at line {}): a real cluster silently keeps this last one",
                        first.key.span().start.line
                    ),
                )
                .help("delete one of the two; if both hold something you need, merge them into one"),
            });
        }
        match field(fields, key) {
            Some(f) => check_value(e.value, f.1, path, out),
            None if closed => {
                let diag = unknown_field(key, &path.text_of(base), fields);
                out.push(Finding { path: path.text(), node: e.key, diag })
            }
            None => {}
        }
        path.0.truncate(base);
    }
}

/// The field `key` of `fields`.
fn field<'f>(fields: Fields<'f>, key: &str) -> Option<&'f F> {
    for list in fields {
        for f in *list {
            if f.0.len() == key.len() && f.0 == key {
                return Some(f);
            }
        }
    }
    None
}

fn unknown_field(key: &str, parent: &str, fields: Fields) -> Diagnostic {
    let fields = || fields.iter().flat_map(|f| f.iter());
    let where_ = if parent.is_empty() { "at the top level".to_string() } else { format!("in `{parent}`") };
    let mut d = Diagnostic::new(Severity::Error, Code::UnknownField, format!("unknown field `{key}` {where_}"));
    // A typo of a field here?
    if let Some(s) = did_you_mean(key, fields().map(|f| f.0)) {
        return d.help(format!(
            "did you mean `{}`? A strict API server (kubectl's default) rejects the object",
            joined(parent, s)
        ));
    }
    // A field that belongs one level down (e.g. `name` at the top level → `metadata.name`)?
    for f in fields() {
        let inner: &[F] = match f.1 {
            Obj(x) | Open(x) => x,
            _ => continue,
        };
        if inner.iter().any(|g| g.0 == key) {
            let at = joined(&joined(parent, f.0), key);
            d = d.help(format!("did you mean `{at}`? `{key}` belongs under `{}`", joined(parent, f.0)));
            return d;
        }
    }
    let names: Vec<&str> = fields().map(|f| f.0).collect();
    d.help(format!("remove it; the fields allowed here are: {}", names.join(", ")))
}

/// Appends field `key` to `path`: `.key`, or `[key]` for a key with `.` or `/`.
fn join(path: &mut String, key: &str) {
    if path.is_empty() {
        path.push_str(key);
    } else if key.contains('.') || key.contains('/') {
        path.push('[');
        path.push_str(key);
        path.push(']');
    } else {
        path.push('.');
        path.push_str(key);
    }
}

fn joined(path: &str, key: &str) -> String {
    let mut p = path.to_string();
    join(&mut p, key);
    p
}

/// Appends `[i]` to `path`.
fn push_index(path: &mut String, i: usize) {
    let mut digits = [0u8; 20];
    let (mut n, mut k) = (i, digits.len());
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    path.push('[');
    path.extend(digits[k..].iter().map(|&d| d as char));
    path.push(']');
}

fn check_value<'n>(node: Node<'n>, ty: Ty, path: &mut Path<'n>, out: &mut Vec<Finding<'n>>) {
    if node.is_null() {
        return; // null is "not set" for every field
    }
    let shape = node.shape();
    let ok = match (ty, shape) {
        (Any, _) => true,
        (Str, Shape::Str) | (Int, Shape::Int) | (Bool, Shape::Bool) => true,
        (Quantity, Shape::Str | Shape::Int | Shape::Float) => true,
        (IntOrStr, Shape::Str | Shape::Int) => true,
        (StrMap | Obj(_) | Open(_), Shape::Map) | (List(_), Shape::Seq) => check_inside(node, ty, path, out),
        _ => false,
    };
    if !ok {
        out.push(Finding { path: path.text(), node, diag: type_error(node, ty) });
    }
}

/// The inside of a mapping or list that has the shape `ty` wants.
fn check_inside<'n>(node: Node<'n>, ty: Ty, path: &mut Path<'n>, out: &mut Vec<Finding<'n>>) -> bool {
    match (ty, node.value()) {
        (StrMap, Value::Map(entries)) => {
            for e in entries.iter() {
                let key = e.key.as_str().unwrap_or_default();
                if (key == "matchLabels" || key == "matchExpressions") && path.text().ends_with("spec.selector") {
                    out.push(Finding { path: path.text(), node: e.key, diag: not_label_selector(key, e.value) });
                    continue;
                }
                if e.value.shape() != Shape::Str {
                    let child = format!("{}[{key}]", path.text());
                    out.push(Finding { path: child, node: e.value, diag: type_error(e.value, Str) });
                }
            }
            true
        }
        (Obj(fields), Value::Map(entries)) | (Open(fields), Value::Map(entries)) => {
            check_entries(entries, &[fields], matches!(ty, Obj(_)), path, out);
            true
        }
        (List(item), Value::Seq(items)) => {
            let base = path.0.len();
            for (i, it) in items.iter().enumerate() {
                path.0.push(Step::Index(i));
                check_value(it, *item, path, out);
                path.0.truncate(base);
            }
            true
        }
        _ => false,
    }
}

/// `matchLabels:` / `matchExpressions:` in a Service's (or ReplicationController's) selector,
/// which is a plain `map[string]string`, not a `LabelSelector`.
fn not_label_selector(key: &str, value: Node) -> Diagnostic {
    let d = Diagnostic::new(
        Severity::Error,
        Code::SelectorNotLabelSelector,
        format!("`{key}` is not allowed here: a Service's `spec.selector` is a plain map of labels (key: value), not a LabelSelector like a Deployment's"),
    );
    let labels: Vec<String> = match value.value() {
        Value::Map(entries) => {
            entries.iter().filter_map(|e| Some(format!("{}: {}", e.key.as_str()?, e.value.as_str()?))).collect()
        }
        _ => Vec::new(),
    };
    d.help(if key == "matchLabels" && !labels.is_empty() {
        format!(
            "write the labels directly under `selector:`, without `matchLabels:` — `selector: {{{}}}`",
            labels.join(", ")
        )
    } else if key == "matchLabels" {
        "write the labels directly under `selector:`, without `matchLabels:`".to_string()
    } else {
        "a Service selects by exact labels only (no In, NotIn, Exists): write them directly under `selector:`"
            .to_string()
    })
}

fn ty_name(ty: Ty) -> &'static str {
    match ty {
        Str => "a string",
        Int => "an integer",
        Bool => "a boolean (true or false)",
        Quantity => "a number or a quantity string",
        IntOrStr => "an integer or a port name",
        StrMap => "a mapping of strings to strings",
        Obj(_) | Open(_) => "a mapping",
        List(_) => "a list",
        Any => "anything",
    }
}

fn type_error(node: Node, want: Ty) -> Diagnostic {
    let raw = node.raw().unwrap_or_default();
    let found = match node.value() {
        Value::Str(s) => format!("the string \"{s}\""),
        Value::Int(_) | Value::Float(_) => format!("the number {raw}"),
        Value::Bool(_) => format!("the boolean `{raw}`"),
        _ => format!("a {}", node.type_name()),
    };
    let mut d = Diagnostic::new(Severity::Error, Code::WrongType, format!("expected {}, found {found}", ty_name(want)));
    let help = match (node.value(), want) {
        (Value::Str(s), Int) if s.trim().parse::<i64>().is_ok() => {
            format!("remove the quotes: `{}` (a quoted number is a string)", s.trim())
        }
        (Value::Bool(_), Str) => format!("YAML reads `{raw}` as a boolean; quote it: \"{raw}\""),
        (Value::Int(_) | Value::Float(_), Str) => format!("YAML reads `{raw}` as a number; quote it: \"{raw}\""),
        (Value::Str(_), Bool) => "write true or false without quotes".to_string(),
        (Value::Map(_), List(_)) => "start each item with `- `".to_string(),
        (_, List(_)) => "write a list: one `- item` per line".to_string(),
        _ => String::from("the object cannot be decoded until this is fixed"),
    };
    d = d.help(help);
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_stream;

    fn findings(text: &str, kind: &str) -> Vec<(String, String)> {
        let root = parse_stream(text).remove(0).root.unwrap();
        check_object(root.node(), kind).into_iter().map(|f| (f.path, f.diag.text())).collect()
    }

    #[test]
    fn typo_and_misplaced_fields() {
        let f = findings("kind: Service\nname: x\nspec:\n  selecter: {a: b}\n", "Service");
        assert!(f.iter().any(|(p, t)| p == "name" && t.contains("metadata.name")), "{f:?}");
        assert!(f.iter().any(|(p, t)| p == "spec.selecter" && t.contains("spec.selector")), "{f:?}");
    }

    #[test]
    fn wrong_types() {
        let f = findings(
            "kind: Service\nmetadata:\n  labels:\n    on: yes\nspec:\n  ports:\n  - port: \"80\"\n",
            "Service",
        );
        assert!(f.iter().any(|(p, t)| p == "spec.ports[0].port" && t.contains("remove the quotes")), "{f:?}");
        assert!(f.iter().any(|(p, t)| p == "metadata.labels[on]" && t.contains("quote it")), "{f:?}");
    }
}
