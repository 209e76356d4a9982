//! # `selects-no-pods`
//!
//! *What.* A Service with a selector (not ExternalName) that selects no pod. The message names the
//! nearest miss, in this order:
//! 1. pods that match every selector label but one, where the one differs only in case or by a
//!    likely typo — in the value (`app: myapp` for `app: MyApp`) or in the key (`Tier` for `tier`);
//! 2. pods in another namespace that match the whole selector;
//! 3. pods that match every selector label but one (any other value, or the label is absent);
//! 4. no pods at all in the Service's namespace;
//! 5. a selector key no pod in the namespace carries (with a similar key if there is one);
//! 6. a selector label (key and value) no pod carries, with the values that do occur;
//! 7. every label occurs, but never all on one pod.
//!
//! Not reported when the input holds no pod at all (written, or simulated from a workload): a
//! manifest of Services alone says nothing about the cluster's pods.
//!
//! *Why.* Without selected pods the Service has no endpoints. Its name still resolves (a ClusterIP
//! Service) and connections are then rejected by kube-proxy, so the symptom is far from the cause:
//! selectors compare keys and values exactly, case-sensitively, and only within the Service's
//! namespace.
//!
//! *Example.*
//! ```yaml
//! kind: Service
//! metadata: {name: case-slip}
//! spec: {selector: {app: MyApp}, ports: [{port: 80}]}
//! ---
//! kind: Pod
//! metadata: {name: myapp-1, labels: {app: myapp}}
//! ```
//! → `the selector `app: MyApp` selects no pods, so the Service has no endpoints: 2 pods have
//! `app: myapp`; the selector wants `app: MyApp` (they differ only in case)`.

use crate::checks::words::{close, kv, list, pods_have, pods_word};
use crate::checks::{Pod, Service, Subject};
use crate::diag::Code;
use crate::labels::{set_matches, LabelIndex, Labels};
use crate::model::{Diagnostics, ObjectId};
use crate::util::text::did_you_mean;
use crate::{Analysis, Diagnostic, Object, Severity};
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
pub(super) fn check(s: &Subject, pods: &PodIndex, sink: &mut Diagnostics) {
    if let Some(d) = selects_no_pods(pods, s.object, s.svc, &s.selected) {
        sink.report(s.object, "spec.selector", d);
    }
}

/// The valid pods by namespace and label, made on first use (most Services select pods) and
/// kept for every part of the checks of one analysis (in [`crate::checks::Shared`]).
#[derive(Debug, Default)]
pub(super) struct Pods {
    /// The valid pods, in input order: what the index's numbers stand for.
    pods: Vec<ObjectId>,
    namespaces: BTreeSet<String>,
    index: LabelIndex,
}

/// [`Pods`] of one analysis, made when first needed.
pub(super) struct PodIndex<'a> {
    a: &'a Analysis,
    made: &'a OnceCell<Pods>,
}

impl<'a> PodIndex<'a> {
    /// The index of `a`'s pods in `made` (which must only ever hold those of `a`).
    pub(super) fn new(a: &'a Analysis, made: &'a OnceCell<Pods>) -> Self {
        PodIndex { a, made }
    }

    fn get(&self) -> &'a Pods {
        self.made.get_or_init(|| {
            let pods: Vec<(ObjectId, &Object, &Pod)> = self.a.pods().collect();
            let index = LabelIndex::new(pods.iter().map(|(_, o, p)| (o.namespace.as_str(), &p.metadata.labels)));
            let namespaces = crate::util::sort::set(pods.iter().map(|(_, o, _)| o.namespace.clone()));
            Pods { pods: pods.iter().map(|(i, _, _)| *i).collect(), namespaces, index }
        })
    }

    /// The `i`th valid pod, when it is in `namespace`.
    fn pod(&self, p: &Pods, i: u32, namespace: &str) -> Option<(&'a Object, &'a Pod)> {
        let o = self.a.objects.get(*p.pods.get(i as usize)?).filter(|o| o.namespace == namespace)?;
        o.pod().map(|pod| (o, pod))
    }

    /// The valid pods of `namespace`, in input order.
    fn in_namespace(&self, namespace: &str) -> Vec<&'a Pod> {
        let p = self.get();
        p.index.in_namespace(namespace).iter().filter_map(|&i| self.pod(p, i, namespace)).map(|(_, pod)| pod).collect()
    }

    /// The valid pods of each namespace other than `namespace` that `selector` would pick
    /// there, namespace by namespace (sorted), each namespace's in input order.
    fn each_elsewhere<'s>(
        &'s self,
        namespace: &'s str,
        selector: &'s Labels,
    ) -> impl Iterator<Item = (&'a str, impl Iterator<Item = (&'a Object, &'a Pod)> + 's)> + 's {
        let p = self.get();
        p.namespaces.iter().filter(move |ns| *ns != namespace).map(move |ns| {
            let found = p.index.candidates_for_set(ns, selector).iter().filter_map(move |&i| self.pod(p, i, ns));
            (ns.as_str(), found.filter(move |(_, pod)| set_matches(selector, &pod.metadata.labels)))
        })
    }

    /// How many valid pods of each other namespace `selector` would pick there.
    fn elsewhere(&self, namespace: &str, selector: &Labels) -> BTreeMap<&'a str, usize> {
        let mut out = BTreeMap::new();
        for (ns, found) in self.each_elsewhere(namespace, selector) {
            let n = found.count();
            if n > 0 {
                out.insert(ns, n);
            }
        }
        out
    }

    /// The valid pods of namespaces other than `namespace` that `selector` would pick there, by
    /// namespace (sorted), each namespace's in input order.
    pub(super) fn matching_elsewhere(&self, namespace: &str, selector: &Labels) -> Vec<(&'a Object, &'a Pod)> {
        self.each_elsewhere(namespace, selector).flat_map(|(_, found)| found).collect()
    }
}

/// One way a pod fails exactly one selector label.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct NearMiss {
    /// The selector label the pod fails.
    key: String,
    value: String,
    /// What the pod has instead: a value under the same key, or a similar key (`None` = absent).
    pod_key: Option<String>,
    pod_value: Option<String>,
    /// The difference looks like a typo or a case slip.
    close: bool,
}

/// How `labels` fails the one selector label it fails, when it matches all the others.
fn near_miss(selector: &Labels, labels: &Labels) -> Option<NearMiss> {
    let mut failing = selector.iter().filter(|(k, v)| labels.get(*k) != Some(*v));
    let (k, v) = failing.next()?;
    if failing.next().is_some() {
        return None;
    }
    if let Some(have) = labels.get(k) {
        return Some(NearMiss {
            key: k.clone(),
            value: v.clone(),
            pod_key: Some(k.clone()),
            pod_value: Some(have.clone()),
            close: close(v, have),
        });
    }
    // The key is absent: a similar key (`App`, `ap`) with the same or a similar value?
    let similar = labels
        .iter()
        .filter(|(pk, _)| !selector.contains_key(*pk))
        .find(|(pk, pv)| close(k, pk) && (*pv == v || close(v, pv)));
    Some(match similar {
        Some((pk, pv)) => NearMiss {
            key: k.clone(),
            value: v.clone(),
            pod_key: Some(pk.clone()),
            pod_value: Some(pv.clone()),
            close: true,
        },
        None => NearMiss { key: k.clone(), value: v.clone(), pod_key: None, pod_value: None, close: false },
    })
}

fn selects_no_pods(pods: &PodIndex, o: &Object, svc: &Service, selected: &[(&Object, &Pod)]) -> Option<Diagnostic> {
    if !selected.is_empty() {
        return None;
    }
    let selector = svc.spec.selector.as_ref()?;
    let ns = o.namespace.as_str();
    let sel_text = selector.iter().map(|(k, v)| kv(k, v)).collect::<Vec<_>>().join(", ");
    let in_ns = pods.in_namespace(ns);
    let elsewhere = pods.elsewhere(ns, selector);

    // Pods of the namespace that fail exactly one selector label, grouped by how they fail.
    let mut misses: BTreeMap<NearMiss, usize> = BTreeMap::new();
    for p in &in_ns {
        if let Some(m) = near_miss(selector, &p.metadata.labels) {
            // With a one-label selector every pod "fails one label": only typos count then.
            if m.close || selector.len() > 1 {
                *misses.entry(m).or_default() += 1;
            }
        }
    }
    // Most pods first; a typo-like miss before any other.
    let best = |want_close: bool| {
        misses.iter().filter(|(m, _)| m.close == want_close).max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)))
    };

    let (detail, help) = if let Some((m, &n)) = best(true) {
        let have = match (&m.pod_key, &m.pod_value) {
            (Some(k), Some(v)) => kv(k, v),
            _ => String::new(),
        };
        let case = if m.pod_key.as_deref().is_some_and(|k| k.eq_ignore_ascii_case(&m.key))
            && m.pod_value.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(&m.value))
        {
            " (they differ only in case)"
        } else {
            ""
        };
        let rest = if selector.len() > 1 { " and every other selector label" } else { "" };
        (
            format!("{} {have}{rest}; the selector wants {}{case}", pods_have(n), kv(&m.key, &m.value)),
            "label keys and values are compared exactly (case-sensitive): make the selector and the pod labels (in a workload: its pod template) identical"
                .to_string(),
        )
    } else if let Some((other, &n)) = elsewhere.iter().max_by_key(|(_, n)| **n) {
        (
            format!(
                "{} matching the selector {} in namespace `{other}`, but the Service is in `{ns}` and selects pods of its own namespace only",
                pods_word(n),
                if n == 1 { "is" } else { "are" }
            ),
            format!("create the Service in namespace `{other}` (metadata.namespace), or run the pods in `{ns}`"),
        )
    } else if let Some((m, &n)) = best(false) {
        let detail = match &m.pod_value {
            Some(v) => {
                format!(
                    "{} every selector label but {}: {} {}",
                    pods_have(n),
                    kv(&m.key, &m.value),
                    if n == 1 { "it has" } else { "they have" },
                    kv(&m.key, v)
                )
            }
            None => format!(
                "{} every selector label but `{}` (the selector wants {})",
                pods_have(n),
                m.key,
                kv(&m.key, &m.value)
            ),
        };
        (detail, format!("a pod must carry every selector label: fix `{}` on the pods or in the selector, or drop it from the selector", m.key))
    } else if in_ns.is_empty() {
        (
            format!("there are no pods in namespace `{ns}`"),
            format!("run the pods (or a workload) in namespace `{ns}`, or put the Service where the pods are"),
        )
    } else if let Some(k) = selector.keys().find(|k| in_ns.iter().all(|p| !p.metadata.labels.contains_key(*k))) {
        let similar = did_you_mean(k, in_ns.iter().flat_map(|p| p.metadata.labels.keys().map(String::as_str)));
        (
            format!(
                "no pod in namespace `{ns}` has label `{k}`{}",
                similar.map(|s| format!(" (pods have `{s}`)")).unwrap_or_default()
            ),
            format!(
                "add label `{k}` to the pods (in a workload: `spec.template.metadata.labels`), or fix the selector key"
            ),
        )
    } else if let Some((k, v)) =
        selector.iter().find(|(k, v)| in_ns.iter().all(|p| p.metadata.labels.get(*k) != Some(*v)))
    {
        let mut values: Vec<String> =
            in_ns.iter().filter_map(|p| p.metadata.labels.get(k)).map(|v| format!("`{v}`")).collect();
        crate::util::sort::sort(&mut values);
        values.dedup();
        (
            format!("no pod in namespace `{ns}` has {} (their `{k}` values: {})", kv(k, v), list(&values, 5)),
            format!("set `{k}` in the selector to the value the pods carry, or label the pods `{k}: {v}`"),
        )
    } else {
        (
            format!("each selector label is on some pod in namespace `{ns}`, but no pod has them all at once"),
            "a Service selects pods that carry every selector label: remove the labels that tell the pods apart from the selector".to_string(),
        )
    };
    Some(
        Diagnostic::new(
            Severity::Warning,
            Code::SelectsNoPods,
            format!("the selector {sel_text} selects no pods, so the Service has no endpoints: {detail}"),
        )
        .help(help),
    )
}
