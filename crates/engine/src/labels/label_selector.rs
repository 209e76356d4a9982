//! `metav1.LabelSelector` (workloads' `spec.selector`): `matchLabels` and `matchExpressions`,
//! their validation, and conversion to a [`Selector`].

use crate::labels::{labels_json, Code, FieldError, Labels, Operator, Requirement, Selector};
use crate::names::{is_qualified_name, is_valid_label_value};
use crate::util::json;
/// `metav1.LabelSelector` as found in workloads (`spec.selector` of a Deployment, …): the AND
/// of `matchLabels` (equality) and `matchExpressions`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct LabelSelector {
    /// `matchLabels`: each entry is `key = value`.
    pub match_labels: Labels,
    /// `matchExpressions`.
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

impl LabelSelector {
    /// The selector as the API server prints it in messages (`json.Marshal`: empty fields omitted).
    pub fn to_json(&self) -> String {
        let mut parts = Vec::new();
        if !self.match_labels.is_empty() {
            parts.push(format!("\"matchLabels\":{}", labels_json(&self.match_labels)));
        }
        if !self.match_expressions.is_empty() {
            let exprs: Vec<String> = self
                .match_expressions
                .iter()
                .map(|e| {
                    let values = if e.values.is_empty() {
                        String::new()
                    } else {
                        format!(",\"values\":{}", json::list(&e.values))
                    };
                    format!("{{\"key\":{},\"operator\":{}{values}}}", json::quote(&e.key), json::quote(&e.operator))
                })
                .collect();
            parts.push(format!("\"matchExpressions\":[{}]", exprs.join(",")));
        }
        format!("{{{}}}", parts.join(","))
    }
}

/// One `matchExpressions` entry; `operator` is kept as written so that bad spellings can be
/// reported (`In`, `NotIn`, `Exists`, `DoesNotExist` are the valid ones).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LabelSelectorRequirement {
    /// `key`
    pub key: String,
    /// `operator`
    pub operator: String,
    /// `values`
    pub values: Vec<String>,
}

/// A field error at `path`, relative to the selector (callers set the code and prefix the path).
fn relative(path: String, message: String) -> FieldError {
    FieldError::raw(Code::InvalidSelector, "", message).at(path)
}

fn invalid(path: String, value: &str, detail: &str) -> FieldError {
    relative(path, format!("Invalid value: {}: {detail}", json::quote_plain(value)))
}

impl LabelSelector {
    /// `ValidateLabelSelector`: `matchLabels` keys and values (errors on the plain path
    /// `matchLabels`), then for each expression the operator and the values it needs
    /// (`Required` / `Forbidden` / `Invalid "not a valid selector operator"`), the key, and
    /// each value's syntax (`matchExpressions[i].values[j]`).
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errs = Vec::new();
        for (k, v) in &self.match_labels {
            for msg in is_qualified_name(k) {
                errs.push(invalid("matchLabels".into(), k, &msg));
            }
            for msg in is_valid_label_value(v) {
                errs.push(invalid("matchLabels".into(), v, &msg));
            }
        }
        for (i, expr) in self.match_expressions.iter().enumerate() {
            let base = format!("matchExpressions[{i}]");
            match expr.operator.as_str() {
                "In" | "NotIn" => {
                    if expr.values.is_empty() {
                        errs.push(relative(
                            format!("{base}.values"),
                            "Required value: must be specified when `operator` is 'In' or 'NotIn'".into(),
                        ));
                    }
                }
                "Exists" | "DoesNotExist" => {
                    if !expr.values.is_empty() {
                        errs.push(relative(
                            format!("{base}.values"),
                            "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'".into(),
                        ));
                    }
                }
                other => errs.push(invalid(format!("{base}.operator"), other, "not a valid selector operator")),
            }
            for msg in is_qualified_name(&expr.key) {
                errs.push(invalid(format!("{base}.key"), &expr.key, &msg));
            }
            for (j, value) in expr.values.iter().enumerate() {
                for msg in is_valid_label_value(value) {
                    errs.push(invalid(format!("{base}.values[{j}]"), value, &msg));
                }
            }
        }
        errs
    }

    /// `LabelSelectorAsSelector`: an empty selector (no `matchLabels`, no `matchExpressions`)
    /// is [`Selector::everything`]; otherwise every entry becomes a [`Requirement`] (which
    /// applies the `NewRequirement` rules). The first failure is returned.
    pub fn to_selector(&self) -> Result<Selector, String> {
        if self.match_labels.is_empty() && self.match_expressions.is_empty() {
            return Ok(Selector::everything());
        }
        let mut requirements = Vec::new();
        for (k, v) in &self.match_labels {
            requirements.push(Requirement::new(k.as_str(), Operator::Equals, [v.as_str()])?);
        }
        for expr in &self.match_expressions {
            let operator = match expr.operator.as_str() {
                "In" => Operator::In,
                "NotIn" => Operator::NotIn,
                "Exists" => Operator::Exists,
                "DoesNotExist" => Operator::DoesNotExist,
                other => return Err(format!("{} is not a valid label selector operator", json::quote_plain(other))),
            };
            requirements.push(Requirement::new(expr.key.as_str(), operator, expr.values.iter().map(String::as_str))?);
        }
        Ok(Selector::from_requirements(requirements))
    }
}
