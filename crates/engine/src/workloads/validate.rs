//! Workload validation (`ValidateDeploymentSpec` and siblings, reference §2.8): replicas, the
//! selector, and the template labels the selector must match.

use crate::api::Workload;
use crate::diag::{Code, FieldError};
use crate::labels::{LabelSelector, Selector};
use crate::model::Kind;
/// The detail of the "empty selector" error, as each workload validator words it.
pub(crate) fn empty_selector_detail(kind: &Kind) -> &'static str {
    match kind {
        Kind::StatefulSet => "empty selector is not valid for statefulset.",
        Kind::DaemonSet => "empty selector is invalid for daemonset",
        _ => "empty selector is invalid for deployment",
    }
}

/// `ValidateDeploymentSpec` / `ValidateReplicaSetSpec` / `ValidateStatefulSetSpec` /
/// `ValidateDaemonSetSpec`, the parts about replicas, the selector and the template labels.
pub(crate) fn validate_workload_spec(kind: &Kind, w: &Workload) -> Vec<FieldError> {
    if let Some(p) = w.replicas.and_then(|r| replicas_overflow(kind, r)) {
        // The JSON decoder refuses the request before validation runs.
        return vec![p];
    }
    let mut out = Vec::new();
    if let Some(p) = w.replicas.and_then(validate_replicas) {
        out.push(p);
    }
    out.extend(validate_selector(kind, w.selector.as_ref()));
    out.extend(validate_template_labels(kind, w));
    out
}

/// `replicas` is an int32: a larger number does not even decode.
pub(crate) fn replicas_overflow(kind_name: &Kind, replicas: i64) -> Option<FieldError> {
    if i32::try_from(replicas).is_ok() {
        return None;
    }
    Some(FieldError::raw(Code::Int32Overflow, "", format!(
            "{kind_name} in version \"v1\" cannot be handled as a {kind_name}: json: cannot unmarshal number {replicas} into Go struct field {kind_name}Spec.spec.replicas of type int32"
        )).at("spec.replicas".into()).help("`replicas` is a 32-bit integer; use a realistic number"))
}

pub(crate) fn validate_replicas(replicas: i64) -> Option<FieldError> {
    (replicas < 0).then(|| {
        FieldError::raw(
            Code::InvalidReplicas,
            "",
            format!("spec.replicas: Invalid value: {replicas}: must be greater than or equal to 0"),
        )
        .at("spec.replicas".into())
        .help("set `replicas` to 0 or more")
    })
}

pub(crate) fn validate_selector(kind: &Kind, selector: Option<&LabelSelector>) -> Vec<FieldError> {
    let Some(sel) = selector else {
        // DaemonSet validation has no Required check: the nil selector only fails the
        // template-labels match below.
        if *kind == Kind::DaemonSet {
            return Vec::new();
        }
        return vec![FieldError::raw(Code::WorkloadSelector, "", "spec.selector: Required value".into()).at("spec.selector".into()).help("add `selector: {matchLabels: ...}` with the labels of `spec.template.metadata.labels` (apps/v1 does not derive it)")];
    };
    let mut out: Vec<FieldError> = sel
        .validate()
        .into_iter()
        .map(|e| {
            FieldError::raw(Code::WorkloadSelector, "", format!("spec.selector.{}: {}", e.path, e.message))
                .at(format!("spec.selector.{}", e.path))
                .help(selector_error_help(&e.message))
        })
        .collect();
    if sel.match_labels.is_empty() && sel.match_expressions.is_empty() {
        out.push(FieldError::raw(Code::WorkloadSelector, "", format!("spec.selector: Invalid value: {}: {}", sel.to_json(), empty_selector_detail(kind))).at("spec.selector".into()).help("an empty selector would adopt every pod in the namespace; add `matchLabels` with the template's labels"
                    ));
    }
    if sel.to_selector().is_err() {
        let detail = match kind {
            Kind::StatefulSet => String::new(),
            _ => ": invalid label selector".into(),
        };
        if *kind != Kind::DaemonSet {
            out.push(
                FieldError::raw(
                    Code::WorkloadSelector,
                    "",
                    format!("spec.selector: Invalid value: {}{detail}", sel.to_json()),
                )
                .at("spec.selector".into())
                .help("fix the `matchExpressions` entries reported with it"),
            );
        }
    }
    out
}

pub(crate) fn selector_error_help(message: &str) -> String {
    if message.contains("'In' or 'NotIn'") && message.starts_with("Required") {
        "give `In`/`NotIn` at least one value in `values`".into()
    } else if message.contains("'Exists' or 'DoesNotExist'") {
        "remove `values`: `Exists`/`DoesNotExist` only test the key".into()
    } else if message.contains("not a valid selector operator") {
        "use one of `In`, `NotIn`, `Exists`, `DoesNotExist` (case-sensitive)".into()
    } else {
        "label keys must be qualified names and values valid label values".into()
    }
}

/// The template must carry labels the selector matches (`ValidatePodTemplateSpecForReplicaSet`
/// and siblings). Skipped when the selector cannot be converted, and (except for DaemonSets)
/// when it is empty.
pub(crate) fn validate_template_labels(kind: &Kind, w: &Workload) -> Option<FieldError> {
    let selector = match &w.selector {
        Some(s) => s.to_selector().ok()?,
        None => Selector::nothing(),
    };
    if *kind != Kind::DaemonSet && selector.is_empty() {
        return None;
    }
    if selector.matches(&w.template_labels) {
        return None;
    }
    Some(
        FieldError::raw(
            Code::SelectorTemplateMismatch,
            "",
            format!(
                "spec.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`",
                crate::labels::labels_json(&w.template_labels)
            ),
        )
        .at("spec.template.metadata.labels".into())
        .help(format!(
            "the template's labels must satisfy the selector ({}); make them a superset of `matchLabels`",
            if selector.is_nothing() { "none given".to_string() } else { selector.to_string() }
        )),
    )
}
