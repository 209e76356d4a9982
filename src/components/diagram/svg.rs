//! The diagram's SVG: drawing primitives, and the picture itself — the edges a connection
//! follows (client → way in → node entry → Service → pods), with the boxes ([`super::boxes`]) and
//! the traced path ([`super::trace`]) placed over them.

use super::{activate, boxes, trace, Detail, TraceRun};
use engine::model::{FrontendKind, Verdict};
use engine::present::diagram::layout::arrival;
use engine::present::diagram::{percent, Entry, Focus, Layout, Mode, Model, PodItem, Rect};
use yew::prelude::*;

/// `s` cut to fit `px` at `char_px` per character, with an ellipsis.
pub(super) fn trunc(s: &str, px: f64, char_px: f64) -> String {
    let max = ((px / char_px).floor() as usize).max(3);
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

pub(super) fn f(x: f64) -> String {
    format!("{x:.1}")
}

/// A horizontal (wide) or vertical (narrow) S-curve.
pub(super) fn curve(a: (f64, f64), b: (f64, f64), horizontal: bool) -> String {
    if horizontal {
        let dx = ((b.0 - a.0) / 2.0).abs().max(12.0);
        format!("M{} {} C{} {},{} {},{} {}", f(a.0), f(a.1), f(a.0 + dx), f(a.1), f(b.0 - dx), f(b.1), f(b.0), f(b.1))
    } else {
        let dy = ((b.1 - a.1) / 2.0).abs().max(12.0);
        format!("M{} {} C{} {},{} {},{} {}", f(a.0), f(a.1), f(a.0), f(a.1 + dy), f(b.0), f(b.1 - dy), f(b.0), f(b.1))
    }
}

pub(super) fn edge(d: String, class: &'static str, title: Option<String>) -> Html {
    let marker = match class {
        "edge dropped" | "edge skipped" => "url(#dg-arrow-drop)",
        _ => "url(#dg-arrow)",
    };
    html! {
        <path class={class} d={d} marker-end={marker}>
            if let Some(t) = title { <title>{ t }</title> }
        </path>
    }
}

pub(super) fn label(x: f64, y: f64, text: String, class: &'static str, anchor: &'static str) -> Html {
    html! { <text x={f(x)} y={f(y)} class={class} text-anchor={anchor}>{ text }</text> }
}

pub(super) fn cross(r: &Rect) -> Html {
    let (cx, cy) = (r.cx(), r.cy());
    let s = (r.h / 2.0 - 3.0).min(10.0);
    html! {
        <g class="cross" aria-hidden="true">
            <line x1={f(cx - s)} y1={f(cy - s)} x2={f(cx + s)} y2={f(cy + s)} />
            <line x1={f(cx - s)} y1={f(cy + s)} x2={f(cx + s)} y2={f(cy - s)} />
        </g>
    }
}

/// Where a pod or endpoint is drawn.
pub(super) fn find_pod<'a>(m: &Model, g: &'a Layout, pred: impl Fn(&PodItem) -> bool) -> Option<&'a Rect> {
    for (li, lane) in m.lanes.iter().enumerate() {
        for (pi, p) in lane.pods.iter().enumerate() {
            if pred(p) {
                return g.lanes.get(li).and_then(|lg| lg.pods.get(pi));
            }
        }
    }
    None
}

pub(super) fn lane_index(m: &Model, node: &str) -> Option<usize> {
    m.lanes.iter().position(|l| l.node.is_some() && l.name == node)
}

/// The x of the narrow layout's spine, left of the lanes.
pub(super) fn spine_x(g: &Layout) -> f64 {
    g.lanes.first().map_or(g.bar.x, |l| l.rect.x) - 9.0
}

/// The whole picture: headings, lanes, edges, the Service box, the client and the ways in, the
/// lanes' entry boxes, and the traced path on top.
pub(super) fn draw(
    m: &Model,
    g: &Layout,
    trace: Option<&TraceRun>,
    on_focus: &Callback<Focus>,
    on_detail: &Callback<Detail>,
    detail: Option<Detail>,
) -> Html {
    let horizontal = g.wide;
    let mut edges: Vec<Html> = Vec::new();
    // Edges that bypass the Service box (Local policies) are drawn over it.
    let mut over_edges: Vec<Html> = Vec::new();
    let mut overlays: Vec<Html> = Vec::new();
    let focus = m.focus.clone();
    let fkind = focus.as_ref().map(|f| f.kind);

    // ---------------------------------------------------------------- edges
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
                    edges.push(html! { <path class="edge live" d={format!("M{} {} V{} H{} V{}", f(sx), f(sy), f(bus.1), f(bus.0), f(last))} /> });
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
                    edges.push(html! { <path class="edge live" d={format!("M{} {} V{} H{} V{}", f(fx), f(fy), f(fy + 11.0), f(sx), f(last))} /> });
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
        edges.insert(0, html! { <path class="spine" d={format!("M{} {} V{} H{} V{}", f(bx), f(by), f(by + 11.0), f(spine_x(g)), f(last))} /> });
    }

    // ---------------------------------------------------------------- trace overlay
    if let Some(t) = trace {
        overlays.push(trace::overlay(m, g, t));
    }

    // ---------------------------------------------------------------- boxes
    let client = {
        let (title, sub) = engine::present::trace::client_box(m, trace.map(|t| t.source.as_str()));
        let (onclick, onkeydown) = activate({
            let d = on_detail.clone();
            Callback::from(move |_| d.emit(Detail::Client))
        });
        let r = g.client;
        let name = if sub.is_empty() { title.to_string() } else { format!("{title}, {sub}") };
        html! {
            <>
                <g class="box client" tabindex="0" role="button" aria-label={name.clone()} {onclick} {onkeydown}>
                    <title>{ name }</title>
                    <rect x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="10" />
                </g>
                <g class="box-text" aria-hidden="true">
                    { label(r.cx(), r.y + 23.0, title.to_string(), "t-strong", "middle") }
                    { label(r.cx(), r.y + 40.0, sub.to_string(), "t-muted", "middle") }
                </g>
            </>
        }
    };
    let fronts = g.fronts.iter().map(|(fr, r)| {
        let on = focus.as_ref() == Some(fr);
        let (onclick, onkeydown) = activate({
            let cb = on_focus.clone();
            let fr = fr.clone();
            Callback::from(move |_| cb.emit(fr.clone()))
        });
        let kind = if fr.kind == FrontendKind::LoadBalancer { "Load balancer" } else { "External IP" };
        let name = format!("{kind} {}:{}{}", fr.ip, fr.port, if on { ", shown" } else { ", show its traffic" });
        html! {
            <>
                <g class={classes!("box", "front", on.then_some("focused"))} tabindex="0" role="button"
                    aria-label={name.clone()} {onclick} {onkeydown}>
                    <title>{ name }</title>
                    <rect x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="8" />
                </g>
                <g class="box-text" aria-hidden="true">
                    { label(r.cx(), r.y + 18.0, kind.to_string(), "t-muted", "middle") }
                    { label(r.cx(), r.y + 35.0, trunc(&format!("{}:{}", fr.ip, fr.port), r.w - 10.0, 6.6), "t-mono", "middle") }
                </g>
            </>
        }
    });
    let bar = boxes::bar(m, g, on_detail);
    let lanes = m.lanes.iter().enumerate().map(|(li, lane)| boxes::lane(m, g, li, lane, on_detail, detail.as_ref()));
    let aggregate = match (g.aggregate, &m.aggregate) {
        (Some(r), Some(ag)) => {
            let text = format!("+{} more nodes · {} pods", ag.nodes, ag.pods);
            let mut sub = vec![format!("{} selected & Ready", ag.ready)];
            if ag.share > 0.0005 {
                sub.push(format!("{} of new connections", percent(ag.share)));
            }
            if ag.dropped_nodes > 0 {
                sub.push(format!("{} node{} drop it", ag.dropped_nodes, if ag.dropped_nodes == 1 { "" } else { "s" }));
            }
            let sub = sub.join(" · ");
            html! {
                <g class="lane aggregate" tabindex="0" aria-label={format!("{text}: {sub}")}>
                    <title>{ format!("{text}: {sub} — use \"Show all nodes\" to draw them") }</title>
                    <rect x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="10" />
                    { label(r.x + 12.0, r.y + 20.0, trunc(&text, r.w - 20.0, 7.0), "t-strong", "start") }
                    { label(r.x + 12.0, r.y + 37.0, trunc(&sub, r.w - 20.0, 6.0), "t-muted", "start") }
                </g>
            }
        }
        _ => html! {},
    };
    let outside = g.outside.map(|r| {
        let target = match &m.mode {
            Mode::ExternalName { target, .. } => target.clone(),
            _ => String::new(),
        };
        html! {
            <g class="box outside" tabindex="0" aria-label={format!("{target}, outside the cluster")}>
                <title>{ format!("{target}: resolved and reached outside the cluster, no kube-proxy involved") }</title>
                <rect x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="10" />
                { label(r.cx(), r.y + 23.0, trunc(&target, r.w - 12.0, 6.6), "t-mono", "middle") }
                { label(r.cx(), r.y + 41.0, "outside the cluster · no proxy".to_string(), "t-muted", "middle") }
            </g>
        }
    });
    let headings = g.headings.iter().map(|(x, y, t)| label(*x, *y, t.to_string(), "t-heading", "middle"));
    html! {
        <svg class={classes!("dg-svg", if g.wide { "wide" } else { "narrow" })} viewBox={format!("0 0 {} {}", f(g.width), f(g.height))}
            width="100%" role="group" aria-label={format!("Traffic diagram for Service {}", m.name)} data-testid="diagram"
            preserveAspectRatio="xMinYMin meet">
            <defs>
                <marker id="dg-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path class="arrowhead" d="M0 0 L10 5 L0 10 z" />
                </marker>
                <marker id="dg-arrow-drop" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path class="arrowhead drop" d="M0 0 L10 5 L0 10 z" />
                </marker>
                <marker id="dg-arrow-trace" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path class="arrowhead trace" d="M0 0 L10 5 L0 10 z" />
                </marker>
            </defs>
            { for headings }
            { for lanes }
            { aggregate }
            <g class="edges" aria-hidden="true">{ for edges }</g>
            { bar }
            <g class="edges" aria-hidden="true">{ for over_edges }</g>
            { client }
            { for fronts }
            { outside.unwrap_or_default() }
            // The lanes' entry boxes go above the Service box and edges.
            { for m.lanes.iter().enumerate().map(|(li, lane)| boxes::entry(g, li, lane, fkind, m)) }
            { for overlays }
        </svg>
    }
}
