//! The routing table folded for reading: per Service port, each frontend × kind of source, with
//! the nodes on which kube-proxy does the same thing grouped into one row.

use crate::model::{FrontendKind, PortRoutes, Route, RouteEndpoint, SourceKind};
use crate::util::ip;
use crate::util::text::percent;

/// Routes that behave the same on several nodes.
#[derive(Clone, Debug)]
pub struct RouteGroup<'a> {
    pub kind: FrontendKind,
    /// `10.96.0.10:80`, or `<node IP>:30080` for a nodePort.
    pub address: String,
    pub source: SourceKind,
    pub nodes: Vec<&'a str>,
    /// The first node's route (the others differ only in the node's name).
    pub route: &'a Route,
    pub endpoints: &'a [RouteEndpoint],
}

/// Whether two routes do the same (their rule text differing only in the node's name).
fn same(a: &Route, b: &Route) -> bool {
    a.verdict == b.verdict
        && a.snat == b.snat
        && a.notes == b.notes
        && a.set == b.set
        && a.reason == b.reason
        && a.rule.replace(&a.node, "·") == b.rule.replace(&b.node, "·")
}

/// The routes of `pr` from `source` (None: any) on `node` (None: any), folded: one group per
/// frontend address, source and behaviour, in frontend then node order.
pub fn fold<'a>(pr: &'a PortRoutes, source: Option<SourceKind>, node: Option<&str>) -> Vec<RouteGroup<'a>> {
    let mut rows: Vec<RouteGroup<'a>> = Vec::new();
    for fr in &pr.frontends {
        let address = match fr.kind {
            FrontendKind::NodePort => format!("<node IP>:{}", fr.port),
            _ => ip::host_port(&fr.ip, fr.port),
        };
        for r in &fr.routes {
            if source.is_some_and(|s| r.source != s) || node.is_some_and(|n| r.node != n) {
                continue;
            }
            match rows.iter_mut().find(|row| {
                row.kind == fr.kind && row.address == address && row.source == r.source && same(row.route, r)
            }) {
                Some(row) => row.nodes.push(&r.node),
                None => rows.push(RouteGroup {
                    kind: fr.kind,
                    address: address.clone(),
                    source: r.source,
                    nodes: vec![&r.node],
                    route: r,
                    endpoints: pr.endpoints(r),
                }),
            }
        }
    }
    rows
}

/// `every node (3)`, `node-a, node-b`, or `a, b, c, … (7 nodes)`; `total`: the cluster's nodes.
pub fn nodes_text(nodes: &[&str], total: usize) -> String {
    if nodes.len() == total && total > 1 {
        return format!("every node ({total})");
    }
    if nodes.len() > 4 {
        return format!("{}, … ({} nodes)", nodes[..3].join(", "), nodes.len());
    }
    nodes.join(", ")
}

/// For a candidate set shown up to `shown` endpoints: `+N more, X each` for the rest (each new
/// connection picks one endpoint at random, with equal probability).
pub fn more_text(endpoints: &[RouteEndpoint], shown: usize) -> Option<String> {
    let n = endpoints.len();
    (n > shown).then(|| format!("+{} more, {} each", n - shown, percent(1.0 / n as f64)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Verdict;
    use crate::present::testing::{analysis, MY_SERVICE, NODEPORT};

    #[test]
    fn cluster_ip_routes_fold_over_nodes() {
        let a = analysis(MY_SERVICE);
        let pr = &a.services[0].routes.ports[0];
        let rows = fold(pr, None, None);
        let seen: Vec<(SourceKind, usize, Verdict)> =
            rows.iter().map(|r| (r.source, r.nodes.len(), r.route.verdict)).collect();
        assert_eq!(
            seen,
            [
                (SourceKind::Pod, 3, Verdict::Forward),
                (SourceKind::External, 3, Verdict::Forward),
                (SourceKind::Host, 3, Verdict::Forward)
            ]
        );
        assert!(rows[0].address.ends_with(":80"));
        assert_eq!(rows[0].endpoints.len(), 2);
        assert_eq!(nodes_text(&rows[0].nodes, a.nodes.len()), "every node (3)");
        let only = fold(pr, Some(SourceKind::Pod), Some("node-b"));
        assert_eq!(only.len(), 1);
        assert_eq!(only[0].nodes, ["node-b"]);
        assert_eq!(nodes_text(&only[0].nodes, 3), "node-b");
    }

    #[test]
    fn node_ports_are_one_address() {
        let a = analysis(NODEPORT);
        let pr = &a.services[0].routes.ports[0];
        let rows = fold(pr, Some(SourceKind::External), None);
        let np: Vec<&RouteGroup> = rows.iter().filter(|r| r.kind == FrontendKind::NodePort).collect();
        assert_eq!(np.len(), 1, "{rows:?}");
        assert_eq!(np[0].address, "<node IP>:30007");
        assert_eq!(np[0].nodes.len(), 3);
    }

    #[test]
    fn texts() {
        assert_eq!(nodes_text(&["a", "b", "c", "d", "e"], 9), "a, b, c, … (5 nodes)");
        let eps = vec![RouteEndpoint::default(); 10];
        assert_eq!(more_text(&eps, 8).as_deref(), Some("+2 more, 10% each"));
        assert_eq!(more_text(&eps, 10), None);
    }
}
