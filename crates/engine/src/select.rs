//! Stage `select`: which pods each Service's selector picks (same namespace, every selector label
//! present with an equal value; extra pod labels don't matter). The pods are looked up through a
//! [`LabelIndex`] (by namespace and label, as informers index them), so each Service looks at the
//! few pods that carry its rarest selector label, not at every pod.

use crate::labels::{set_matches, LabelIndex};
use crate::model::{Objects, ServiceView};

/// One view per valid Service, in input order, with the pods its selector picks.
pub fn run(objects: &Objects) -> Vec<ServiceView> {
    let pods: Vec<_> = objects.pods().collect();
    let index = LabelIndex::new(pods.iter().map(|(_, o, p)| (o.namespace.as_str(), &p.metadata.labels)));
    objects
        .services()
        .map(|(id, o, svc)| {
            let selected = match &svc.spec.selector {
                Some(sel) if !sel.is_empty() => index
                    .candidates_for_set(&o.namespace, sel)
                    .iter()
                    .map(|&i| pods[i as usize])
                    .filter(|(_, po, pod)| po.namespace == o.namespace && set_matches(sel, &pod.metadata.labels))
                    .map(|(pi, _, _)| pi)
                    .collect(),
                _ => Vec::new(),
            };
            ServiceView {
                object: id,
                namespace: o.namespace.clone(),
                name: o.name.clone(),
                selected,
                ..Default::default()
            }
        })
        .collect()
}
