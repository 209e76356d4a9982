//! The traffic diagram as an SVG element tree, from a [`Model`] and its [`Layout`]: the edges a
//! connection follows (client → way in → node entry → Service → pods), the boxes
//! ([`super::draw_boxes`]) and a traced request ([`super::draw_trace`]) over them. The page
//! turns the tree into its nodes (clicks find what was hit by `data-act`, see [`Act`]), the CLI
//! and the page's Export write it as a file with the theme's colours ([`super::theme`]).

use super::draw_boxes as boxes;
use super::element::Element;
use super::layout::arrival;
use super::model::{percent, Entry, Mode, Model, PodItem};
use super::shapes::{curve, edge, f, find_pod, label, path, spine_x};
pub use super::shapes::{Act, Extras, TraceShown};
use super::Layout;
use crate::model::{FrontendKind, Verdict};

fn marker(id: &'static str, size: &'static str, class: &'static str) -> Element {
    Element::new("marker")
        .attr("id", id)
        .attr("viewBox", "0 0 10 10")
        .attr("refX", "10")
        .attr("refY", "5")
        .attr("markerWidth", size)
        .attr("markerHeight", size)
        .attr("orient", "auto-start-reverse")
        .child(path("M0 0 L10 5 L0 10 z".into(), class))
}

/// The whole picture: headings, lanes, edges, the Service box, the client and the ways in, the
/// lanes' entry boxes, and the traced path on top.
pub fn draw(m: &Model, g: &Layout, x: &Extras) -> Element {
    let (edges, over_edges) = edges(m, g);
    let mut svg = Element::new("svg")
        .class("dg-svg")
        .class(if g.wide { "wide" } else { "narrow" })
        .attr("viewBox", format!("0 0 {} {}", f(g.width), f(g.height)))
        .attr("role", "group")
        .attr("aria-label", format!("Traffic diagram for Service {}", m.name))
        .attr("data-testid", "diagram")
        .attr("preserveAspectRatio", "xMinYMin meet")
        .child(Element::new("defs").children([
            marker("dg-arrow", "7", "arrowhead"),
            marker("dg-arrow-drop", "7", "arrowhead drop"),
            marker("dg-arrow-trace", "6", "arrowhead trace"),
        ]));
    svg.children
        .extend(g.headings.iter().map(|(hx, hy, t)| label(*hx, *hy, t.to_ascii_uppercase(), "t-heading", "middle")));
    svg.children.extend(m.lanes.iter().enumerate().map(|(li, lane)| boxes::lane(m, g, li, lane, x)));
    svg.children.extend(boxes::aggregate(m, g));
    svg.children.push(Element::new("g").class("edges").attr("aria-hidden", "true").children(edges));
    svg.children.extend(boxes::bar(m, g, x));
    svg.children.push(Element::new("g").class("edges").attr("aria-hidden", "true").children(over_edges));
    svg.children.extend(boxes::client(m, g, x));
    svg.children.extend(boxes::fronts(m, g, x));
    svg.children.extend(boxes::outside(m, g));
    // The lanes' entry boxes go above the Service box and edges.
    let fkind = m.focus.as_ref().map(|f| f.kind);
    svg.children.extend(m.lanes.iter().enumerate().filter_map(|(li, lane)| boxes::entry(g, li, lane, fkind, m)));
    if let Some(t) = &x.trace {
        svg.children.push(super::draw_trace::overlay(m, g, t));
    }
    svg
}

/// The edges under the Service box, and those drawn over it (Local policies bypass it).
fn edges(m: &Model, g: &Layout) -> (Vec<Element>, Vec<Element>) {
    let horizontal = g.wide;
    let mut edges: Vec<Element> = Vec::new();
    let mut over_edges: Vec<Element> = Vec::new();
    let focus = m.focus.clone();
    let fkind = focus.as_ref().map(|f| f.kind);
    match &m.mode {
        Mode::Proxied => {
            let via_front = g.fronts.iter().find(|(fr, _)| Some(fr) == focus.as_ref()).map(|(_, r)| *r);
            if let Some(fr) = via_front {
                let (a1, b1) = if horizontal {
                    (g.client.right_mid(), fr.left_mid())
                } else {
                    (g.client.bottom_mid(), fr.top_mid())
                };
                edges.push(edge(curve(a1, b1, horizontal), "edge live", None));
            }
            let start = via_front.unwrap_or(g.client);
            let start_pt = if horizontal { start.right_mid() } else { start.bottom_mid() };
            let entry_class = |e: &Entry| {
                if fkind == Some(FrontendKind::LoadBalancer) && !e.lb_sends {
                    "edge skipped"
                } else if e.verdict == Verdict::Forward {
                    "edge live"
                } else {
                    "edge dropped"
                }
            };
            if horizontal && g.entries {
                // To each lane's entry: off a bus on the left (compact), or a curve each.
                let to = |(x, y): (f64, f64)| match g.bus {
                    Some(bus) => format!("M{} {} H{}", f(bus.0), f(y), f(x)),
                    None => curve(start_pt, (x, y), true),
                };
                if let Some(bus) = g.bus {
                    let last = g
                        .lanes
                        .iter()
                        .filter_map(|l| l.entry)
                        .map(|r| r.cy())
                        .chain(g.aggregate.map(|r| r.cy()))
                        .fold(bus.1, f64::max);
                    let (sx, sy) = start.bottom_mid();
                    edges.push(path(
                        format!("M{} {} V{} H{} V{}", f(sx), f(sy), f(bus.1), f(bus.0), f(last)),
                        "edge live",
                    ));
                }
                for (li, lane) in m.lanes.iter().enumerate() {
                    let (Some(e), Some(er)) = (&lane.entry, g.lanes[li].entry) else { continue };
                    let title = (!e.lb_sends).then(|| {
                        format!("the load balancer's health check gets 503 from {}: it sends nothing there", lane.name)
                    });
                    edges.push(edge(to(er.left_mid()), entry_class(e), title));
                }
                if let Some(ag) = g.aggregate {
                    edges.push(edge(to((ag.x, ag.cy())), "edge live", None));
                }
            } else if horizontal && g.compact {
                let (cx, cy) = g.client.right_mid();
                edges.push(edge(format!("M{} {} H{} V{}", f(cx), f(cy), f(g.bar.cx()), f(g.bar.y)), "edge live", None));
            } else if horizontal {
                edges.push(edge(curve(start_pt, (g.bar.x, g.client.cy()), true), "edge live", None));
            }
            if !horizontal {
                let from = via_front.unwrap_or(g.client);
                if g.entries {
                    let sx = spine_x(g);
                    let last = g.lanes.iter().filter_map(|l| l.entry).map(|r| r.cy()).fold(from.bottom(), f64::max);
                    let (fx, fy) = from.bottom_mid();
                    edges.push(path(
                        format!("M{} {} V{} H{} V{}", f(fx), f(fy), f(fy + 11.0), f(sx), f(last)),
                        "edge live",
                    ));
                    for (li, lane) in m.lanes.iter().enumerate() {
                        let (Some(e), Some(er)) = (&lane.entry, g.lanes[li].entry) else { continue };
                        edges.push(edge(format!("M{} {} H{}", f(sx), f(er.cy()), f(er.x)), entry_class(e), None));
                    }
                } else {
                    edges.push(edge(curve(from.bottom_mid(), g.bar.top_mid(), false), "edge live", None));
                }
            }
            // Entry → Service, or straight to its own endpoints; Service → lanes.
            for (li, lane) in m.lanes.iter().enumerate() {
                let lg = &g.lanes[li];
                if let (Some(e), Some(er)) = (&lane.entry, lg.entry) {
                    if e.verdict == Verdict::Forward && horizontal {
                        if e.specific {
                            for (k, share) in &e.endpoints {
                                let target =
                                    find_pod(m, g, |p| p.endpoint().as_ref() == Some(k)).copied().unwrap_or(lg.region);
                                over_edges.push(edge(
                                    curve(er.right_mid(), arrival(&target), true),
                                    "edge live local",
                                    Some(format!("{} → {k}: {}", lane.name, percent(*share))),
                                ));
                            }
                        } else {
                            edges.push(edge(curve(er.right_mid(), (g.bar.x, er.cy()), true), "edge live", None));
                        }
                    }
                }
                let in_common = |p: &PodItem| p.endpoint().is_some_and(|e| m.common.iter().any(|(k, _)| *k == e));
                let common_share: f64 =
                    lane.pods.iter().filter(|p| in_common(p)).filter_map(|p| p.share).sum::<f64>() + lane.hidden.2;
                let headless = matches!(m.mode, Mode::Headless { .. });
                let any_common = headless || lane.pods.iter().any(in_common);
                if any_common && common_share > 0.0 {
                    let title = Some(format!("{}: {} of new connections", lane.name, percent(common_share)));
                    if horizontal {
                        // One arrow into each pod that gets new connections, ending on its chip.
                        let gets = |p: &PodItem| (headless || in_common(p)) && p.share.is_some_and(|s| s > 0.0);
                        for (pi, p) in lane.pods.iter().enumerate().filter(|(_, p)| gets(p)) {
                            let (x, y) = arrival(&lg.pods[pi]);
                            edges.push(edge(
                                format!("M{} {} H{}", f(g.bar.right()), f(y), f(x)),
                                "edge live",
                                Some(format!(
                                    "{} on {}: {} of new connections",
                                    p.name,
                                    lane.name,
                                    percent(p.share.unwrap_or(0.0))
                                )),
                            ));
                        }
                        if let (Some(mr), true) = (lg.more, lane.hidden.2 > 0.0) {
                            let (x, y) = arrival(&mr);
                            edges.push(edge(format!("M{} {} H{}", f(g.bar.right()), f(y), f(x)), "edge live", title));
                        }
                    } else if !g.entries {
                        edges.push(edge(
                            format!("M{} {} H{}", f(spine_x(g)), f(lg.rect.y + 18.0), f(lg.rect.x)),
                            "edge live",
                            title,
                        ));
                    }
                }
            }
            if let (Some(ag), Some(agm)) = (g.aggregate, &m.aggregate) {
                if agm.share > 0.0 && horizontal && !g.entries {
                    edges.push(edge(
                        format!("M{} {} V{}", f(g.bar.cx()), f(g.bar.bottom()), f(ag.y)),
                        "edge live",
                        None,
                    ));
                }
            }
        }
        Mode::Headless { .. } => {
            if horizontal && g.compact {
                let (cx, cy) = g.client.right_mid();
                edges.push(edge(format!("M{} {} H{} V{}", f(cx), f(cy), f(g.bar.cx()), f(g.bar.y)), "edge live", None));
            } else if horizontal {
                edges.push(edge(curve(g.client.right_mid(), (g.bar.x, g.client.cy()), true), "edge live", None));
            } else {
                edges.push(edge(curve(g.client.bottom_mid(), g.bar.top_mid(), false), "edge live", None));
            }
            for (li, lane) in m.lanes.iter().enumerate() {
                let lg = &g.lanes[li];
                for (pi, p) in lane.pods.iter().enumerate() {
                    if p.share.is_some() {
                        let r = lg.pods[pi];
                        if horizontal {
                            edges.push(edge(
                                curve((g.bar.right(), r.cy()), arrival(&r), true),
                                "edge live direct",
                                Some(format!("the client connects to {} directly", p.name)),
                            ));
                        } else {
                            edges.push(edge(
                                format!("M{} {} H{}", f(spine_x(g)), f(lg.rect.y + 18.0), f(lg.rect.x)),
                                "edge live direct",
                                None,
                            ));
                            break;
                        }
                    }
                }
            }
        }
        Mode::ExternalName { .. } => {
            if let Some(o) = g.outside {
                if horizontal {
                    edges.push(edge(
                        curve(g.client.right_mid(), g.bar.left_mid(), true),
                        "edge live",
                        Some("1. the client asks DNS".into()),
                    ));
                    edges.push(edge(
                        curve(g.bar.right_mid(), o.left_mid(), true),
                        "edge live direct",
                        Some("2. CNAME: the client connects to that host itself".into()),
                    ));
                } else {
                    edges.push(edge(curve(g.client.bottom_mid(), g.bar.top_mid(), false), "edge live", None));
                    edges.push(edge(curve(g.bar.bottom_mid(), o.top_mid(), false), "edge live direct", None));
                }
            }
        }
        Mode::Unproxied(_) => {}
    }
    if !horizontal && !m.lanes.is_empty() && !g.entries && !matches!(m.mode, Mode::Unproxied(_)) {
        // The spine from the Service box down the left margin.
        let last =
            g.lanes.last().map_or(g.bar.bottom(), |l| l.rect.y + 18.0).max(g.aggregate.map_or(0.0, |r| r.y + 18.0));
        let (bx, by) = g.bar.bottom_mid();
        edges.insert(
            0,
            path(format!("M{} {} V{} H{} V{}", f(bx), f(by), f(by + 11.0), f(spine_x(g)), f(last)), "spine"),
        );
    }
    (edges, over_edges)
}
