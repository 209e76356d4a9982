//! The path of a traced request over the diagram, drawn segment by segment (the page animates
//! them in turn): from where it starts (a client, a pod, a node) through the way in and the node
//! whose rules decide, to the pods it may reach, or to the cross where it is dropped.

use super::element::Element;
use super::layout::{arrival, entry_mark};
use super::model::{percent, Model};
use super::shapes::{curve, f, find_pod, lane_index, line, spine_x, TraceShown};
use super::{Layout, Rect};
use crate::model::{Trace, TracePod, TraceSource, TraceVerdict};
use crate::present::trace::destination_host;

/// The hop-by-hop path of a trace.
pub fn overlay(m: &Model, g: &Layout, t: &TraceShown) -> Element {
    let (segs, branches, cur) = if g.wide { trace_paths_wide(m, g, t) } else { trace_paths_narrow(m, g, t) };
    let tr = t.trace;
    let base = segs.len();
    let step = 0.55;
    let delay = |i: usize| format!("animation-delay:{:.2}s", i as f64 * step);
    let mut out = Element::new("g")
        .class("trace")
        .attr("data-key", t.seq.to_string())
        .attr("aria-hidden", "true")
        .attr("data-testid", "trace-path");
    for (i, d) in segs.into_iter().enumerate() {
        out.children
            .push(Element::new("path").class("trace-seg").attr("d", d).attr("pathLength", "1").attr("style", delay(i)));
    }
    for (d, title) in branches {
        out.children.push(
            Element::new("path")
                .class("trace-seg branch")
                .attr("d", d)
                .attr("pathLength", "1")
                .attr("marker-end", "url(#dg-arrow-trace)")
                .attr("style", delay(base))
                .child(Element::new("title").text(title)),
        );
    }
    if tr.verdict == TraceVerdict::Dropped {
        let (x, y) = cur;
        out.children.push(
            Element::new("g")
                .class("trace-drop")
                .attr("style", delay(base))
                .child(Element::new("circle").attr("cx", f(x)).attr("cy", f(y)).attr("r", "11"))
                .child(line(x - 5.0, y - 5.0, x + 5.0, y + 5.0))
                .child(line(x - 5.0, y + 5.0, x + 5.0, y - 5.0))
                .child(Element::new("title").text(tr.reason.clone().unwrap_or_default())),
        );
    }
    out
}
type TracePaths = (Vec<String>, Vec<(String, String)>, (f64, f64));

/// The node whose kube-proxy rules decide, as a lane index.
fn trace_lane(m: &Model, tr: &Trace) -> Option<usize> {
    tr.hops.iter().find(|x| x.action.decides() && lane_index(m, &x.at).is_some()).and_then(|x| lane_index(m, &x.at))
}

fn find_trace_pod<'a>(m: &Model, g: &'a Layout, p: &TracePod) -> Option<&'a Rect> {
    find_pod(m, g, |x| x.name == p.name && (p.ip.is_empty() || x.ip == p.ip))
        .or_else(|| find_pod(m, g, |x| x.ip == p.ip))
}

fn trace_paths_narrow(m: &Model, g: &Layout, t: &TraceShown) -> TracePaths {
    let tr = t.trace;
    let delivered = tr.verdict.reaches_pods();
    let sx = spine_x(g);
    let mut segs: Vec<String> = Vec::new();
    let src = TraceSource::parse(t.source).ok();
    let (mut cur, mut at_box): ((f64, f64), Option<Rect>) = match &src {
        Some(TraceSource::Pod { name, .. }) => match find_pod(m, g, |p| &p.name == name) {
            Some(r) => (r.left_mid(), None),
            None => (g.client.bottom_mid(), Some(g.client)),
        },
        Some(TraceSource::Host { node }) => match lane_index(m, node) {
            Some(i) => (g.lanes[i].header.left_mid(), None),
            None => (g.client.bottom_mid(), Some(g.client)),
        },
        _ => (g.client.bottom_mid(), Some(g.client)),
    };
    let dst_ip = destination_host(t.destination);
    if let (Some((_, r)), Some(_)) = (g.fronts.iter().find(|(fr, _)| fr.ip == dst_ip), at_box) {
        segs.push(curve(cur, r.top_mid(), false));
        cur = r.bottom_mid();
        at_box = Some(*r);
    }
    let lane = trace_lane(m, tr);
    let entry = lane.and_then(|li| g.lanes[li].entry.map(|e| (li, e)));
    let mut via_bar = false;
    if let Some((li, er)) = entry {
        let (fx, fy) = match at_box {
            Some(b) => b.bottom_mid(),
            None => cur,
        };
        if at_box.is_some() {
            segs.push(format!("M{} {} V{} H{} V{} H{}", f(fx), f(fy), f(fy + 11.0), f(sx), f(er.cy()), f(er.x)));
        } else {
            segs.push(format!("M{} {} H{} V{} H{}", f(fx), f(fy), f(sx), f(er.cy()), f(er.x)));
        }
        // A drop is marked where the entry box shows its ✕, clear of the box's label.
        cur = if delivered { (er.x + 14.0, er.bottom()) } else { (entry_mark(&er).cx(), er.cy()) };
        via_bar = delivered && !m.lanes[li].entry.as_ref().is_some_and(|e| e.specific);
        if via_bar {
            // Back up to the Service box: drawn as the spine from the box.
            cur = g.bar.bottom_mid();
        }
    } else if let Some(b) = at_box {
        segs.push(curve(b.bottom_mid(), g.bar.top_mid(), false));
        cur = g.bar.bottom_mid();
        via_bar = true;
    } else {
        segs.push(format!("M{} {} H{}", f(cur.0), f(cur.1), f(sx)));
        cur = (sx, cur.1);
    }
    let mut branches = Vec::new();
    if delivered {
        for p in &tr.pods {
            let Some(r) = find_trace_pod(m, g, p) else { continue };
            let d = if via_bar {
                format!("M{} {} V{} H{} V{} H{}", f(cur.0), f(cur.1), f(cur.1 + 11.0), f(sx), f(r.cy()), f(r.x))
            } else if (cur.0 - sx).abs() < 1.0 {
                format!("M{} {} V{} H{}", f(sx), f(cur.1), f(r.cy()), f(r.x))
            } else {
                format!("M{} {} V{}", f(cur.0), f(cur.1), f(r.y))
            };
            branches.push((d, format!("{} {}", p.name, percent(p.probability))));
        }
    }
    (segs, branches, cur)
}

fn trace_paths_wide(m: &Model, g: &Layout, t: &TraceShown) -> TracePaths {
    let tr = t.trace;
    let h = g.wide;
    let delivered = tr.verdict.reaches_pods();
    let mut segs: Vec<String> = Vec::new();
    // Where the packet starts; `at_box`: a box of the top row / left columns it leaves from.
    let src = TraceSource::parse(t.source).ok();
    let (mut cur, mut at_box): ((f64, f64), Option<Rect>) = match &src {
        Some(TraceSource::Pod { name, .. }) => match find_pod(m, g, |p| &p.name == name) {
            Some(r) => (if h { (r.x, r.cy()) } else { r.top_mid() }, None),
            None => (if h { g.client.right_mid() } else { g.client.bottom_mid() }, Some(g.client)),
        },
        Some(TraceSource::Host { node }) => match lane_index(m, node) {
            Some(i) => (g.lanes[i].header.right_mid(), None),
            None => (if h { g.client.right_mid() } else { g.client.bottom_mid() }, Some(g.client)),
        },
        _ => (if h { g.client.right_mid() } else { g.client.bottom_mid() }, Some(g.client)),
    };
    // The way in, if the destination is a load balancer or an external IP.
    let dst_ip = destination_host(t.destination);
    if let Some((_, r)) = g.fronts.iter().find(|(fr, _)| fr.ip == dst_ip) {
        if at_box.is_some() {
            segs.push(curve(cur, if h { r.left_mid() } else { r.top_mid() }, h));
            cur = if h { r.right_mid() } else { r.bottom_mid() };
            at_box = Some(*r);
        }
    }
    // The node whose rules decide.
    let lane = trace_lane(m, tr);
    let mut through_bar = delivered;
    let mut in_bar = false;
    if let Some(li) = lane {
        let lg = &g.lanes[li];
        let specific = m.lanes[li].entry.as_ref().is_some_and(|e| e.specific);
        if let Some(er) = lg.entry {
            let target = if h { er.left_mid() } else { er.top_mid() };
            match (g.bus, at_box) {
                (Some(bus), Some(b)) if h => {
                    let (sx, sy) = b.bottom_mid();
                    segs.push(format!("M{} {} V{} H{} V{} H{}", f(sx), f(sy), f(bus.1), f(bus.0), f(er.cy()), f(er.x)));
                }
                _ => segs.push(curve(cur, target, h)),
            }
            cur = if delivered {
                if h {
                    er.right_mid()
                } else {
                    er.bottom_mid()
                }
            } else {
                (entry_mark(&er).cx(), er.cy())
            };
            if specific {
                through_bar = false;
            }
        } else if h && at_box.is_none() && cur.0 > g.bar.right() {
            // A pod right of the Service box: into the box from its right side.
            let p = (g.bar.right(), cur.1.clamp(g.bar.y + 10.0, g.bar.bottom() - 10.0));
            segs.push(format!("M{} {} L{} {}", f(cur.0), f(cur.1), f(p.0), f(p.1)));
            cur = p;
            through_bar = false;
            in_bar = true;
        }
    }
    if lane.is_none() && h && at_box.is_none() && cur.0 > g.bar.right() {
        // A pod right of the DNS / Service box asks it first.
        let p = (g.bar.right(), cur.1.clamp(g.bar.y + 10.0, g.bar.bottom() - 10.0));
        segs.push(format!("M{} {} L{} {}", f(cur.0), f(cur.1), f(p.0), f(p.1)));
        cur = p;
        in_bar = true;
    }
    if through_bar && !in_bar {
        if h {
            let y = cur.1.clamp(g.bar.y + 10.0, g.bar.bottom() - 10.0);
            match (g.compact, at_box) {
                (true, Some(b))
                    if lane.is_none() || g.lanes.get(lane.unwrap_or(0)).is_some_and(|l| l.entry.is_none()) =>
                {
                    let (cx, cy) = b.right_mid();
                    segs.push(format!("M{} {} H{} V{}", f(cx), f(cy), f(g.bar.cx()), f(g.bar.y + 40.0)));
                    cur = (g.bar.right(), g.bar.y + 40.0);
                }
                _ => {
                    segs.push(curve(cur, (g.bar.x, y), true));
                    segs.push(format!("M{} {} L{} {}", f(g.bar.x), f(y), f(g.bar.right()), f(y)));
                    cur = (g.bar.right(), y);
                }
            }
        } else {
            segs.push(curve(cur, g.bar.top_mid(), false));
            cur = (g.bar.x + 6.0, g.bar.bottom());
        }
    }
    let mut branches: Vec<(String, String)> = Vec::new();
    if delivered {
        for p in &tr.pods {
            if let Some(r) = find_trace_pod(m, g, p) {
                branches.push((curve(cur, arrival(r), true), format!("{} {}", p.name, percent(p.probability))));
            }
        }
    }
    (segs, branches, cur)
}
