//! `CategorizeEndpoints` (`pkg/proxy/topology.go`): which endpoints one node may use for one
//! Service port (cluster set, local set, topology hints, terminating fallback).

use crate::api::NodeInfo;
use crate::model::SliceEndpointView;
use crate::proxy::Policy;
/// Which endpoints one node may use for one Service port (upstream `CategorizeEndpoints`), as
/// indices into the port's endpoint list.
#[derive(Clone, Default)]
pub(crate) struct Categories {
    pub cluster: Vec<usize>,
    pub cluster_notes: Vec<String>,
    pub local: Vec<usize>,
    pub local_terminating: bool,
    pub has_any: bool,
}

pub(super) fn is_local(ep: &SliceEndpointView, node: &str) -> bool {
    ep.node.as_deref() == Some(node)
}

pub(crate) fn serving_terminating(ep: &SliceEndpointView) -> bool {
    ep.serving && ep.terminating
}

pub(super) fn hinted_for_node(ep: &SliceEndpointView, node: &str) -> bool {
    ep.hints.as_ref().is_some_and(|h| h.for_nodes.iter().any(|n| n == node))
}

pub(super) fn hinted_for_zone(ep: &SliceEndpointView, zone: &str) -> bool {
    ep.hints.as_ref().is_some_and(|h| h.for_zones.iter().any(|z| z == zone))
}

pub(super) enum Topology {
    All,
    SameNode,
    SameZone(String),
}

/// The topology mode for a node (upstream `topologyModeFromHints`; node hints count as enabled,
/// PreferSameNode being on by default from 1.35), and a remark when hints exist but are not used.
pub(super) fn topology_mode(eps: &[&SliceEndpointView], node: &NodeInfo) -> (Topology, Option<String>) {
    let ready: Vec<&SliceEndpointView> = eps.iter().copied().filter(|e| e.ready).collect();
    if ready.is_empty() {
        return (Topology::All, None);
    }
    let zone = node.zone().unwrap_or("");
    let node_hints = |e: &SliceEndpointView| e.hints.as_ref().is_some_and(|h| !h.for_nodes.is_empty());
    let zone_hints = |e: &SliceEndpointView| e.hints.as_ref().is_some_and(|h| !h.for_zones.is_empty());
    if ready.iter().all(|e| node_hints(e)) && ready.iter().any(|e| hinted_for_node(e, &node.name)) {
        return (Topology::SameNode, None);
    }
    if ready.iter().all(|e| zone_hints(e)) {
        if ready.iter().any(|e| hinted_for_zone(e, zone)) {
            return (Topology::SameZone(zone.to_string()), None);
        }
        let why = if zone.is_empty() {
            format!("hints ignored: {} has no zone label", node.name)
        } else {
            format!("hints ignored: no endpoint hinted for zone {zone}")
        };
        return (Topology::All, Some(why));
    }
    if ready.iter().any(|e| zone_hints(e)) {
        return (Topology::All, Some("hints ignored: not every ready endpoint has a zone hint".into()));
    }
    (Topology::All, None)
}

pub(crate) fn categorize(
    eps: &[&SliceEndpointView],
    node: &NodeInfo,
    uses_cluster: bool,
    uses_local: bool,
) -> Categories {
    let mut c = Categories::default();
    if eps.is_empty() {
        return c;
    }
    let pick =
        |f: &dyn Fn(&SliceEndpointView) -> bool| -> Vec<usize> { (0..eps.len()).filter(|&i| f(eps[i])).collect() };
    if uses_cluster {
        let (mode, note) = topology_mode(eps, node);
        c.cluster_notes.extend(note);
        c.cluster = pick(&|e| {
            e.ready
                && match &mode {
                    Topology::All => true,
                    Topology::SameNode => hinted_for_node(e, &node.name),
                    Topology::SameZone(z) => hinted_for_zone(e, z),
                }
        });
        match &mode {
            Topology::SameNode => c.cluster_notes.push(format!("hints for node {}", node.name)),
            Topology::SameZone(z) => c.cluster_notes.push(format!("hints for zone {z}")),
            Topology::All => {}
        }
        if c.cluster.is_empty() {
            c.cluster = pick(&serving_terminating);
            if !c.cluster.is_empty() {
                c.cluster_notes.push("no ready endpoint: terminating endpoints still serving".into());
            }
        }
        c.has_any = !c.cluster.is_empty();
    }
    if !uses_local {
        return c;
    }
    c.has_any |= eps.iter().any(|e| e.ready || serving_terminating(e));
    c.local = pick(&|e| e.ready && is_local(e, &node.name));
    if c.local.is_empty() {
        c.local = pick(&|e| serving_terminating(e) && is_local(e, &node.name));
        c.local_terminating = !c.local.is_empty();
    }
    c
}

/// Everything the rules for one Service port need on every node, for one IP family.
pub(crate) struct PortView<'a> {
    pub eps: Vec<&'a SliceEndpointView>,
    /// Per node, in `Analysis::nodes` order.
    pub cats: Vec<Categories>,
}

impl<'a> PortView<'a> {
    pub(crate) fn new(p: &Policy<'a>, nodes: &[NodeInfo], port_idx: usize, family_of: &str) -> PortView<'a> {
        let eps = p.endpoints(port_idx, family_of);
        let accessible = p.port_externally_accessible(port_idx);
        let uses_cluster = !p.itp_local || accessible;
        let uses_local = p.itp_local || (p.etp_local && accessible);
        let cats = nodes.iter().map(|n| categorize(&eps, n, uses_cluster, uses_local)).collect();
        PortView { eps, cats }
    }
}

/// Nodes (by name) with no local endpoint for some port (that is externally accessible, if
/// `only_external`) which has usable endpoints somewhere.
pub(crate) fn nodes_without_local(
    nodes: &[NodeInfo],
    p: &Policy,
    views: &[PortView],
    only_external: bool,
) -> Vec<String> {
    nodes
        .iter()
        .enumerate()
        .filter(|(n, _)| {
            views.iter().enumerate().any(|(i, pv)| {
                (!only_external || p.port_externally_accessible(i))
                    && pv.cats.get(*n).is_some_and(|c| c.has_any && c.local.is_empty())
            })
        })
        .map(|(_, node)| node.name.clone())
        .collect()
}
