//! Stage 5: which pods each Service's selector picks (same namespace, every selector label
//! present with an equal value; extra pod labels don't matter).

use crate::model::{Analysis, ServiceView};

pub fn run(a: &mut Analysis) {
    let mut views = Vec::new();
    for (i, o, svc) in a.service_objects() {
        let selected = match &svc.spec.selector {
            Some(sel) if !sel.is_empty() => a
                .pods()
                .filter(|(_, po, pod)| {
                    po.namespace == o.namespace && sel.iter().all(|(k, v)| pod.metadata.labels.get(k) == Some(v))
                })
                .map(|(pi, _, _)| pi)
                .collect(),
            _ => Vec::new(),
        };
        views.push(ServiceView {
            object: i,
            namespace: o.namespace.clone(),
            name: o.name.clone(),
            selected,
            ..Default::default()
        });
    }
    a.services = views;
}
