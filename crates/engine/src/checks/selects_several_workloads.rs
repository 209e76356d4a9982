//! # `selects-several-workloads`
//!
//! *What.* The selected pods were made by more than one workload. The owner of a pod is known from
//! the simulated pods (the workload that made them), from `metadata.ownerReferences` (a ReplicaSet
//! `<deploy>-<pod-template-hash>` counts as its Deployment), or from the input workload whose
//! selector matches (adopts) a written pod. Pods of no workload are counted apart and never trigger
//! the warning by themselves. The help names a label that only one workload's pods carry, when
//! there is one.
//!
//! *Why.* Traffic is spread over all selected pods, so each workload gets a share in proportion to its
//! pod count. That is how a canary works when it is meant; when it is not, a too-broad selector
//! (`app: web` on both `web` and `web-admin`) sends users to the wrong program.
//!
//! *Example.* Deployments `web` (2 replicas, `app: web, track: stable`) and `web-canary` (1 replica,
//! `app: web, track: canary`), Service selector `app: web` → `the selector picks pods of 2 workloads:
//! Deployment/web (2 pods), Deployment/web-canary (1 pod); traffic is spread over all of them`, help
//! `... (for example `track: stable` is only on the pods of Deployment/web)`.

use crate::api::wellknown::{CONTROLLER_LABELS, LABEL_POD_TEMPLATE_HASH};
use crate::checks::words::{kv, list, pods_word};
use crate::checks::{Pod, Service, Subject};
use crate::diag::Code;
use crate::labels::Selector;
use crate::model::Diagnostics;
use crate::yaml::Pos;
use crate::{Analysis, Body, Diagnostic, Object, Severity};
use std::collections::HashMap;
pub(super) fn check(s: &Subject, owners: &Owners, sink: &mut Diagnostics) {
    if let Some(d) = selects_several_workloads(s.svc, &s.selected, owners) {
        sink.report(s.object, "spec.selector", d);
    }
}

/// Which workload made a pod.
#[derive(Debug)]
pub(super) struct Owners {
    /// Input workloads by (source, position): simulated pods carry their workload's.
    by_position: HashMap<(usize, Pos), String>,
    /// Input workloads with their namespace and selector (they adopt matching pods).
    selectors: Vec<(String, Selector, String)>,
}

impl Owners {
    pub(super) fn new(a: &Analysis) -> Owners {
        let mut by_position = HashMap::new();
        let mut selectors = Vec::new();
        for o in a.objects.iter().filter(|o| o.valid && !o.simulated) {
            let Body::Workload(w) = &o.body else { continue };
            let name = format!("{}/{}", o.kind, o.name);
            by_position.entry((o.source, o.span.start)).or_insert_with(|| name.clone());
            if let Some(sel) =
                w.selector.as_ref().and_then(|s| s.to_selector().ok()).filter(|s| !s.is_empty() && !s.is_nothing())
            {
                selectors.push((o.namespace.clone(), sel, name));
            }
        }
        Owners { by_position, selectors }
    }

    /// `Kind/name` of the workload that made (or adopted) a pod, when known.
    fn of(&self, o: &Object, p: &Pod) -> Option<String> {
        if o.simulated {
            return self.by_position.get(&(o.source, o.span.start)).cloned();
        }
        if let Some(owner) = controller_reference(o, p) {
            return Some(owner);
        }
        self.selectors
            .iter()
            .find(|(ns, sel, _)| *ns == o.namespace && sel.matches(&p.metadata.labels))
            .map(|(_, _, n)| n.clone())
    }
}

/// The pod's controller from `metadata.ownerReferences` (a ReplicaSet made by a Deployment is
/// reported as the Deployment: `<deploy>-<pod-template-hash>`).
fn controller_reference(o: &Object, p: &Pod) -> Option<String> {
    let refs = o.root.get("metadata")?.get("ownerReferences")?.as_seq()?;
    let r =
        refs.iter().find(|r| r.get("controller").and_then(|c| c.as_bool()) == Some(true)).or_else(|| refs.first())?;
    let kind = r.get("kind")?.as_str()?;
    let name = r.get("name")?.as_str()?;
    if kind == "ReplicaSet" {
        if let Some(deploy) = p
            .metadata
            .labels
            .get(LABEL_POD_TEMPLATE_HASH)
            .and_then(|h| name.strip_suffix(h.as_str()))
            .and_then(|d| d.strip_suffix('-'))
        {
            if !deploy.is_empty() {
                return Some(format!("Deployment/{deploy}"));
            }
        }
    }
    Some(format!("{kind}/{name}"))
}

fn selects_several_workloads(svc: &Service, selected: &[(&Object, &Pod)], owners: &Owners) -> Option<Diagnostic> {
    let mut groups: Vec<(String, Vec<&Pod>)> = Vec::new();
    let mut orphans = 0;
    for (o, p) in selected {
        match owners.of(o, p) {
            Some(w) => match groups.iter_mut().find(|(g, _)| *g == w) {
                Some((_, pods)) => pods.push(p),
                None => groups.push((w, vec![p])),
            },
            None => orphans += 1,
        }
    }
    if groups.len() < 2 {
        return None;
    }
    let names: Vec<String> = groups.iter().map(|(g, pods)| format!("{g} ({})", pods_word(pods.len()))).collect();
    let orphan_note = if orphans > 0 { format!(", plus {} of no workload", pods_word(orphans)) } else { String::new() };
    // A label on all pods of one workload and on none of the others: what the selector could add.
    let selector = svc.spec.selector.clone().unwrap_or_default();
    let distinguishing = groups.iter().enumerate().find_map(|(gi, (g, pods))| {
        let first = pods.first()?;
        first
            .metadata
            .labels
            .iter()
            .filter(|(k, _)| !selector.contains_key(*k) && !CONTROLLER_LABELS.contains(&k.as_str()))
            .find(|(k, v)| {
                pods.iter().all(|p| p.metadata.labels.get(*k) == Some(*v))
                    && groups
                        .iter()
                        .enumerate()
                        .filter(|(oi, _)| *oi != gi)
                        .all(|(_, (_, others))| others.iter().all(|p| p.metadata.labels.get(*k) != Some(*v)))
            })
            .map(|(k, v)| format!(" (for example {} is only on the pods of {g})", kv(k, v)))
    });
    Some(
        Diagnostic::new(
            Severity::Warning,
            Code::SelectsSeveralWorkloads,
            format!(
                "the selector picks pods of {} workloads: {}{orphan_note}; traffic is spread over all of them",
                groups.len(),
                list(&names, 5)
            ),
        )
        .help(format!(
            "fine for a canary; otherwise add a label that only the intended workload's pods carry to the selector{}",
            distinguishing.unwrap_or_default()
        )),
    )
}
