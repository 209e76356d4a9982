//! Stage `select`: which pods each Service's selector picks (same namespace, every selector label
//! present with an equal value; extra pod labels don't matter).

use crate::labels::set_matches;
use crate::model::{Objects, ServiceView};

/// One view per valid Service, in input order, with the pods its selector picks.
pub fn run(objects: &Objects) -> Vec<ServiceView> {
    objects
        .services()
        .map(|(id, o, svc)| {
            let selected = match &svc.spec.selector {
                Some(sel) if !sel.is_empty() => objects
                    .pods()
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
