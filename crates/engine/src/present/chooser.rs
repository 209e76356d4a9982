//! The Service chooser: a row of buttons for a few Services; for more than [`LIST_ABOVE`], a
//! searchable list with a namespace filter (a dump of a real cluster has hundreds).

use crate::Analysis;

/// With more Services than this the chooser is a searchable list.
pub const LIST_ABOVE: usize = 12;

/// Whether the analysis has enough Services for the searchable list.
pub fn searchable(a: &Analysis) -> bool {
    a.services.len() > LIST_ABOVE
}

/// The namespaces of the Services, sorted, each with how many Services it holds.
pub fn namespaces(a: &Analysis) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for v in &a.services {
        match out.iter_mut().find(|(n, _)| *n == v.namespace) {
            Some((_, c)) => *c += 1,
            None => out.push((v.namespace.clone(), 1)),
        }
    }
    crate::util::sort::sort(&mut out);
    out
}

/// The Services (indices into `a.services`) whose `namespace/name` contains every word of
/// `query` (ignoring case), in `namespace` when one is given; in input order.
pub fn matching(a: &Analysis, query: &str, namespace: Option<&str>) -> Vec<usize> {
    let words: Vec<String> = query.split_whitespace().map(str::to_ascii_lowercase).collect();
    a.services
        .iter()
        .enumerate()
        .filter(|(_, v)| namespace.is_none_or(|ns| v.namespace == ns))
        .filter(|(_, v)| {
            let full = format!("{}/{}", v.namespace, v.name).to_ascii_lowercase();
            words.iter().all(|w| full.contains(w.as_str()))
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing::{analysis, MY_SERVICE};

    fn many(n: usize) -> String {
        (0..n)
            .map(|i| {
                let ns = ["default", "kube-system", "shop"][i % 3];
                format!("apiVersion: v1\nkind: Service\nmetadata: {{name: svc-{i}, namespace: {ns}}}\nspec: {{ports: [{{port: 80}}]}}\n")
            })
            .collect::<Vec<_>>()
            .join("---\n")
    }

    #[test]
    fn a_few_services_keep_the_buttons() {
        assert!(!searchable(&analysis(MY_SERVICE)));
        assert!(!searchable(&analysis(&many(LIST_ABOVE))));
        assert!(searchable(&analysis(&many(LIST_ABOVE + 1))));
    }

    #[test]
    fn search_and_namespace_filter() {
        let a = analysis(&many(30));
        assert_eq!(namespaces(&a), [("default".into(), 10), ("kube-system".into(), 10), ("shop".into(), 10)]);
        let names = |v: Vec<usize>| v.into_iter().map(|i| a.services[i].name.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(matching(&a, "SVC-2", None)),
            [
                "svc-2", "svc-20", "svc-21", "svc-22", "svc-23", "svc-24", "svc-25", "svc-26", "svc-27", "svc-28",
                "svc-29"
            ]
        );
        assert_eq!(names(matching(&a, "svc-2", Some("shop"))), ["svc-2", "svc-20", "svc-23", "svc-26", "svc-29"]);
        assert_eq!(names(matching(&a, "shop 1", None)), ["svc-11", "svc-14", "svc-17"]);
        assert_eq!(matching(&a, "", None).len(), 30);
        assert!(matching(&a, "nothing-like-it", None).is_empty());
    }
}
