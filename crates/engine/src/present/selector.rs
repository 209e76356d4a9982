//! Selector near-misses: which of a Service's selector terms a pod's labels fail, and how.

use crate::labels::{set_matches, Labels};
use crate::model::ObjectId;
use crate::{Analysis, ServiceView};

/// One selector term a pod's labels do not satisfy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Miss {
    /// The pod has the label, with another value.
    Differs { key: String, want: String, have: String },
    /// The pod has no such label.
    Missing { key: String, want: String },
}

impl std::fmt::Display for Miss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Miss::Differs { key, want, have } => write!(f, "{key}={have} (selector wants {want})"),
            Miss::Missing { key, want } => write!(f, "no label {key} (selector wants {key}={want})"),
        }
    }
}

/// The terms of `selector` (a Service's `spec.selector` map) that `labels` miss, in key order;
/// empty when the selector matches.
pub fn near_misses(selector: &Labels, labels: &Labels) -> Vec<Miss> {
    if set_matches(selector, labels) {
        return Vec::new();
    }
    selector
        .iter()
        .filter_map(|(k, want)| match labels.get(k) {
            Some(have) if have == want => None,
            Some(have) => Some(Miss::Differs { key: k.clone(), want: want.clone(), have: have.clone() }),
            None => Some(Miss::Missing { key: k.clone(), want: want.clone() }),
        })
        .collect()
}

/// The terms of the Service `v`'s selector that the pod `pod` misses (empty when it has none, or
/// `pod` is no pod).
pub fn pod_near_misses(a: &Analysis, v: &ServiceView, pod: ObjectId) -> Vec<Miss> {
    let selector = a.objects.get(v.object).and_then(|o| o.service()).and_then(|s| s.spec.selector.as_ref());
    match (selector, a.objects.get(pod).and_then(|o| o.pod())) {
        (Some(sel), Some(p)) => near_misses(sel, &p.metadata.labels),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing::{analysis, MY_SERVICE};

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn misses_by_value_and_by_absence() {
        let sel = labels(&[("app", "web"), ("tier", "front")]);
        assert!(near_misses(&sel, &labels(&[("app", "web"), ("tier", "front"), ("x", "y")])).is_empty());
        let m = near_misses(&sel, &labels(&[("app", "api")]));
        assert_eq!(
            m.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["app=api (selector wants web)", "no label tier (selector wants tier=front)"]
        );
    }

    #[test]
    fn the_example_pod_that_is_not_selected() {
        let a = analysis(MY_SERVICE);
        let v = &a.services[0];
        let pods: Vec<(String, Vec<String>)> = a
            .pods()
            .map(|(i, o, _)| (o.name.clone(), pod_near_misses(&a, v, i).iter().map(ToString::to_string).collect()))
            .collect();
        assert_eq!(
            pods,
            [
                ("myapp-1".to_string(), vec![]),
                ("myapp-2".to_string(), vec![]),
                ("other-app".to_string(), vec!["app=OtherApp (selector wants MyApp)".to_string()])
            ]
        );
    }
}
