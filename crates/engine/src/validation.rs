//! Validation rules the API server applies to every kind the engine admits: object metadata
//! (`ValidateObjectMeta`), names, port numbers and names, protocols.

use crate::api::ObjectMeta;
use crate::diag::{Code, FieldError};
use crate::labels::Labels;
use crate::names;
use crate::util::json;
use crate::util::text::did_you_mean;

pub(crate) const PORT_RANGE_MSG: &str = "must be between 1 and 65535, inclusive";

pub(crate) const PROTOCOLS: &[&str] = &["SCTP", "TCP", "UDP"];

/// Which name rule `metadata.name` follows.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum NameRule {
    /// Services up to Kubernetes 1.35: an RFC 1035 label (must start with a letter).
    Dns1035Label,
    /// Services from 1.36 (`RelaxedServiceNameValidation`, KEP-5311), StatefulSets
    /// (`ValidateStatefulSetName`): an RFC 1123 label (may start with a digit).
    Dns1123Label,
    /// Pods, Endpoints, EndpointSlices, Deployments, ReplicaSets, DaemonSets: a DNS subdomain.
    Dns1123Subdomain,
}

/// A valid name close to `name`, for suggestions.
pub(crate) fn suggest_name(name: &str, rule: NameRule) -> Option<String> {
    let mut s: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || (c == '.' && rule == NameRule::Dns1123Subdomain) { c } else { '-' })
        .collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    let mut s: String = s.trim_matches(['-', '.']).to_string();
    s.truncate(if rule == NameRule::Dns1123Subdomain { 253 } else { 63 });
    let s = s.trim_end_matches(['-', '.']).to_string();
    let ok = match rule {
        NameRule::Dns1035Label => names::is_dns1035_label(&s).is_empty(),
        NameRule::Dns1123Label => names::is_dns1123_label(&s).is_empty(),
        NameRule::Dns1123Subdomain => names::is_dns1123_subdomain(&s).is_empty(),
    };
    (ok && s != name).then_some(s)
}

/// `ValidateLabels` (apimachinery): each key a qualified name, each value a label value; the
/// errors are at `path` (the API server's path of the map), each pointing at its entry in the
/// map as written at `written`.
pub(crate) fn validate_labels(labels: &Labels, path: &str, written: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (k, v) in labels {
        let near = format!("{written}[{k}]");
        for msg in names::is_qualified_name(k) {
            errs.push(
                FieldError::invalid(Code::InvalidLabel, path, &json::quote(k), &msg)
                    .point(near.clone())
                    .help("a label key is `[prefix/]name`: letters, digits, '-', '_', '.', starting and ending with a letter or digit"),
            );
        }
        for msg in names::is_valid_label_value(v) {
            errs.push(
                FieldError::invalid(Code::InvalidLabel, path, &json::quote(v), &msg)
                    .point(near.clone())
                    .help("a label value is at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"),
            );
        }
    }
    errs
}

/// `ValidateObjectMeta` (name, generateName, namespace, labels, annotations).
pub(crate) fn validate_meta(m: &ObjectMeta, rule: NameRule) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let check = |v: &str| match rule {
        NameRule::Dns1035Label => names::is_dns1035_label(v),
        NameRule::Dns1123Label => names::is_dns1123_label(v),
        NameRule::Dns1123Subdomain => names::is_dns1123_subdomain(v),
    };
    let what = match rule {
        NameRule::Dns1035Label => "a Service name must be lowercase letters, digits and '-', start with a letter and end with a letter or digit (Kubernetes 1.35 and older)",
        NameRule::Dns1123Label => {
            "the name must be at most 63 lowercase letters, digits and '-', and start and end with a letter or digit"
        }
        NameRule::Dns1123Subdomain => {
            "the name must be lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"
        }
    };
    if let Some(g) = m.generate_name.as_deref().filter(|g| !g.is_empty()) {
        // A trailing '-' is fine in a prefix.
        let masked = match g.strip_suffix('-') {
            Some(rest) => format!("{rest}a"),
            None => g.to_string(),
        };
        for msg in check(&masked) {
            errs.push(
                FieldError::invalid(Code::InvalidName, "metadata.generateName", &json::quote(g), &msg).help(what),
            );
        }
    }
    if !m.name.is_empty() {
        for msg in check(&m.name) {
            let help = match suggest_name(&m.name, rule) {
                Some(s) => format!("{what}, e.g. `{s}`"),
                None => what.to_string(),
            };
            errs.push(FieldError::invalid(Code::InvalidName, "metadata.name", &json::quote(&m.name), &msg).help(help));
        }
    }
    for msg in names::is_dns1123_label(&m.namespace) {
        errs.push(
            FieldError::invalid(Code::InvalidNamespace, "metadata.namespace", &json::quote(&m.namespace), &msg)
                .help("a namespace name is lowercase letters, digits and '-', e.g. `team-a`"),
        );
    }
    errs.extend(validate_labels(&m.labels, "metadata.labels", "metadata.labels"));
    let mut total = 0usize;
    for (k, v) in &m.annotations {
        total = total.saturating_add(k.len()).saturating_add(v.len());
        for msg in names::is_qualified_name(&k.to_lowercase()) {
            errs.push(
                FieldError::invalid(Code::InvalidAnnotation, "metadata.annotations", &json::quote(k), &msg)
                    .point(format!("metadata.annotations[{k}]"))
                    .help("an annotation key is `[prefix/]name`, like a label key"),
            );
        }
    }
    if total > 256 * 1024 {
        errs.push(
            FieldError::raw(
                Code::AnnotationsTooLong,
                "metadata.annotations",
                "Too long: may not be more than 262144 bytes".into(),
            )
            .help("annotations may hold 256 KiB in total; move large data to a ConfigMap"),
        );
    }
    errs
}

pub(crate) fn validate_dns1123_label(code: Code, path: &str, v: &str, help: &str) -> Vec<FieldError> {
    names::is_dns1123_label(v)
        .into_iter()
        .map(|m| FieldError::invalid(code, path, &json::quote(v), &m).help(help))
        .collect()
}

pub(crate) fn validate_qualified_name(code: Code, path: &str, v: &str, help: &str) -> Vec<FieldError> {
    names::is_qualified_name(v)
        .into_iter()
        .map(|m| FieldError::invalid(code, path, &json::quote(v), &m).help(help))
        .collect()
}

/// `Unsupported value` for an enumerated field; the help names the supported value the user
/// most likely meant (the values are case-sensitive), or else says `otherwise`.
pub(crate) fn unsupported_value(
    code: Code,
    path: &str,
    value: &str,
    supported: &[&str],
    otherwise: &str,
) -> FieldError {
    let help = match did_you_mean(value, supported.iter().copied()) {
        Some(s) => format!("write `{s}` (the value is case-sensitive)"),
        None => otherwise.to_string(),
    };
    FieldError::unsupported(code, path, value, supported).help(help)
}

/// `protocol` must be TCP, UDP or SCTP, in capitals.
pub(crate) fn protocol_error(path: &str, protocol: &str) -> Option<FieldError> {
    if PROTOCOLS.contains(&protocol) {
        return None;
    }
    let help = match PROTOCOLS.iter().find(|x| x.eq_ignore_ascii_case(protocol)) {
        Some(x) => format!("write it in capitals: `{x}`"),
        None => "use TCP, UDP or SCTP (in capitals)".into(),
    };
    Some(FieldError::unsupported(Code::UnsupportedProtocol, path, protocol, PROTOCOLS).help(help))
}

pub(crate) fn is_int32(v: i64) -> bool {
    i32::try_from(v).is_ok()
}

pub(crate) fn valid_port_num(p: i64) -> bool {
    (1..=65535).contains(&p)
}
