//! The traffic diagram: for the chosen Service and port, how a connection gets from a client to
//! a pod (or is dropped), drawn as SVG from the engine's routing table, plus "Send request",
//! which animates the engine's trace hop by hop.

use super::ViewProps;
use engine::model::{DropReason, FrontendKind, SourceKind, Verdict};
use engine::model::{Trace, TraceSource, TraceVerdict};
use engine::present::diagram::model::{route_for, NODE_CAP};
use engine::present::diagram::{
    build, layout, percent, Entry, Focus, Lane, Layout, Mode, Model, Options, PodItem, Rect,
};
use engine::util::ip;
use engine::Analysis;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function observeWidth(el, cb) {
  try {
    let last = -1;
    const ro = new ResizeObserver(() => {
      const w = Math.round(el.clientWidth / 8) * 8;
      if (w > 0 && w !== last) { last = w; cb(w); }
    });
    ro.observe(el);
    return ro;
  } catch (e) {
    cb(el.clientWidth || 640);
    return undefined;
  }
}
export function unobserveWidth(ro) { if (ro) ro.disconnect(); }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = observeWidth)]
    fn observe_width(el: &web_sys::Element, cb: &Closure<dyn FnMut(f64)>) -> JsValue;
    #[wasm_bindgen(js_name = unobserveWidth)]
    fn unobserve_width(ro: &JsValue);
}

/// Options offered in "Send request" lists before the rest are left out.
const SOURCE_CAP: usize = 60;

/// What the details box shows.
#[derive(Clone, Debug, PartialEq)]
enum Detail {
    Node(String),
    Pod(engine::model::ObjectId),
    Endpoint(String),
    Service,
    Client,
}

/// A trace made by "Send request", for the analysis it was made on.
#[derive(Clone)]
struct TraceRun {
    analysis: Rc<Analysis>,
    service: usize,
    trace: Trace,
    source: String,
    destination: String,
    seq: u32,
}

impl PartialEq for TraceRun {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &o.analysis) && self.seq == o.seq
    }
}

fn activate(cb: Callback<()>) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let c2 = cb.clone();
    (
        Callback::from(move |_| cb.emit(())),
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                c2.emit(());
            }
        }),
    )
}

fn trunc(s: &str, px: f64, char_px: f64) -> String {
    let max = ((px / char_px).floor() as usize).max(3);
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

fn f(x: f64) -> String {
    format!("{x:.1}")
}

/// A horizontal (wide) or vertical (narrow) S-curve.
fn curve(a: (f64, f64), b: (f64, f64), horizontal: bool) -> String {
    if horizontal {
        let dx = ((b.0 - a.0) / 2.0).abs().max(12.0);
        format!("M{} {} C{} {},{} {},{} {}", f(a.0), f(a.1), f(a.0 + dx), f(a.1), f(b.0 - dx), f(b.1), f(b.0), f(b.1))
    } else {
        let dy = ((b.1 - a.1) / 2.0).abs().max(12.0);
        format!("M{} {} C{} {},{} {},{} {}", f(a.0), f(a.1), f(a.0), f(a.1 + dy), f(b.0), f(b.1 - dy), f(b.0), f(b.1))
    }
}

fn edge(d: String, class: &'static str, title: Option<String>) -> Html {
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

fn label(x: f64, y: f64, text: String, class: &'static str, anchor: &'static str) -> Html {
    html! { <text x={f(x)} y={f(y)} class={class} text-anchor={anchor}>{ text }</text> }
}

fn cross(r: &Rect) -> Html {
    let (cx, cy) = (r.cx(), r.cy());
    let s = (r.h / 2.0 - 3.0).min(10.0);
    html! {
        <g class="cross" aria-hidden="true">
            <line x1={f(cx - s)} y1={f(cy - s)} x2={f(cx + s)} y2={f(cy + s)} />
            <line x1={f(cx - s)} y1={f(cy + s)} x2={f(cx + s)} y2={f(cy - s)} />
        </g>
    }
}

/// A short reason for a drop, for visible text (the full one goes in the title).
fn short_reason(e: &Entry) -> String {
    match (e.verdict, &e.drop) {
        (Verdict::Reject, _) => "REJECT: no endpoints".into(),
        (Verdict::Drop, Some(DropReason::NoLocalEndpoint { .. })) => "DROP: no local pod".into(),
        (Verdict::Drop, Some(DropReason::SourceRange { .. })) => "DROP: source range".into(),
        (Verdict::Drop, _) => "DROP".into(),
        (Verdict::Forward, _) => String::new(),
    }
}

fn source_value(kind: SourceKind, node: &str) -> String {
    match kind {
        SourceKind::External => format!("external@{node}"),
        SourceKind::Host => format!("host:{node}"),
        SourceKind::Pod => String::new(),
    }
}

#[function_component(Diagram)]
pub fn view(props: &ViewProps) -> Html {
    let state = &props.state;
    let port_idx = use_state_eq(|| 0usize);
    let focus = use_state_eq(|| None::<Focus>);
    let show_all = use_state_eq(|| false);
    let detail = use_state_eq(|| None::<Detail>);
    let width = use_state_eq(|| 640.0f64);
    let trace_run = use_state(|| None::<TraceRun>);
    let src_choice = use_state_eq(|| None::<String>);
    let dst_choice = use_state_eq(|| None::<String>);
    let seq = use_mut_ref(|| 0u32);
    let wrap = use_node_ref();

    {
        let wrap = wrap.clone();
        let width = width.clone();
        // Re-subscribe when the canvas appears or goes (no Service ↔ a Service).
        use_effect_with(state.service().is_some(), move |_| {
            let closure = Closure::<dyn FnMut(f64)>::new(move |w: f64| width.set(w));
            let ro = wrap.cast::<web_sys::Element>().map(|el| observe_width(&el, &closure));
            move || {
                if let Some(ro) = ro {
                    unobserve_width(&ro);
                }
                drop(closure);
            }
        });
    }

    let Some(v) = state.service() else {
        return html! {
            <section class="card views diagram" aria-label="Traffic diagram">
                <h2>{ "Traffic" }</h2>
                <p class="muted">{ "No valid Service in the manifest yet: write one (or pick an example) to see where its traffic goes." }</p>
            </section>
        };
    };
    let a = &state.analysis;
    let model = build(a, v, &Options { port_idx: *port_idx, focus: (*focus).clone(), show_all_nodes: *show_all });
    let geo = layout(&model, *width);
    let trace = trace_run
        .as_ref()
        .filter(|t| Rc::ptr_eq(&t.analysis, &state.analysis) && t.service == state.selected_service)
        .cloned();

    // ---------------------------------------------------------------- callbacks
    let on_focus = {
        let focus = focus.clone();
        let src_choice = src_choice.clone();
        let dst_choice = dst_choice.clone();
        let trace_run = trace_run.clone();
        Callback::from(move |f: Focus| {
            focus.set(Some(f));
            src_choice.set(None);
            dst_choice.set(None);
            trace_run.set(None);
        })
    };
    let on_detail = {
        let detail = detail.clone();
        Callback::from(move |d: Detail| detail.set(if *detail == Some(d.clone()) { None } else { Some(d) }))
    };

    // ---------------------------------------------------------------- controls above
    let svc = a.objects.get(v.object).and_then(|o| o.service());
    let ports = svc.map(|s| s.spec.ports.clone()).unwrap_or_default();
    let port_select = if ports.len() > 1 {
        let port_idx = port_idx.clone();
        let focus = focus.clone();
        let trace_run = trace_run.clone();
        let onchange = Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            port_idx.set(sel.value().parse().unwrap_or(0));
            focus.set(None);
            trace_run.set(None);
        });
        html! {
            <label class="ctl">
                <span>{ "Port" }</span>
                <select {onchange} aria-label="Service port">
                    { for ports.iter().enumerate().map(|(i, p)| html! {
                        <option value={i.to_string()} selected={i == model.port_idx}>
                            { format!("{}{}/{}", if p.name.is_empty() { String::new() } else { format!("{} ", p.name) }, p.port, p.protocol) }
                        </option>
                    }) }
                </select>
            </label>
        }
    } else {
        html! {}
    };
    let focus_buttons = if model.frontends.len() > 1 {
        html! {
            <div class="ctl seg" role="group" aria-label="Traffic to">
                <span>{ "Traffic to" }</span>
                { for model.frontends.iter().map(|fr| {
                    let on = model.focus.as_ref() == Some(fr);
                    let cb = on_focus.clone();
                    let fr2 = fr.clone();
                    html! {
                        <button class={classes!("seg-btn", on.then_some("on"))} aria-pressed={on.to_string()}
                            onclick={Callback::from(move |_| cb.emit(fr2.clone()))}>
                            { short_focus(fr) }
                        </button>
                    }
                }) }
            </div>
        }
    } else {
        html! {}
    };

    // ---------------------------------------------------------------- svg
    let svg = draw(&model, &geo, a, trace.as_ref(), &on_focus, &on_detail, (*detail).clone());

    // ---------------------------------------------------------------- below
    let summary = summary(&model);
    let legend = html! {
        <ul class="legend" aria-label="Legend">
            <li><span class="sw ready"></span>{ "selected, Ready" }</li>
            <li><span class="sw not-ready"></span>{ "selected, not Ready" }</li>
            <li><span class="sw terminating"></span>{ "terminating" }</li>
            <li><span class="sw unselected"></span>{ "not selected" }</li>
            <li><span class="sw dropped"></span>{ "dropped / rejected" }</li>
            <li><span class="sw tracepath"></span>{ "traced request" }</li>
        </ul>
    };
    let many = model.aggregate.is_some() || (*show_all && a.nodes.len() > NODE_CAP);
    let toggle_nodes = if many {
        let show_all2 = show_all.clone();
        html! {
            <button class="btn" onclick={Callback::from(move |_| show_all2.set(!*show_all2))}>
                { if *show_all { "Collapse nodes".to_string() } else { format!("Show all {} nodes", a.nodes.len()) } }
            </button>
        }
    } else {
        html! {}
    };

    let details = (*detail).clone().map(|d| details_box(&model, a, v, d, &detail));
    let sender = sender(
        &model,
        a,
        state.analysis.clone(),
        state.selected_service,
        &src_choice,
        &dst_choice,
        &trace_run,
        &seq,
        trace.as_ref(),
    );

    html! {
        <section class="card views diagram" aria-label="Traffic diagram">
            <div class="dg-head">
                <h2>{ "Traffic" }</h2>
                <div class="dg-controls">{ port_select }{ focus_buttons }</div>
            </div>
            <p class="dg-summary" data-testid="diagram-summary">{ summary }</p>
            <div class="dg-canvas" ref={wrap}>{ svg }</div>
            <div class="dg-under">
                if !matches!(model.mode, Mode::ExternalName { .. }) { { legend } }
                { toggle_nodes }
            </div>
            if !model.notes.is_empty() {
                <ul class="dg-notes">{ for model.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
            }
            { details.unwrap_or_default() }
            { sender }
        </section>
    }
}

fn short_focus(f: &Focus) -> String {
    match f.kind {
        FrontendKind::ClusterIP => format!("Cluster IP {}:{}", f.ip, f.port),
        FrontendKind::NodePort => format!("NodePort :{}", f.port),
        FrontendKind::LoadBalancer => format!("Load balancer {}", f.ip),
        FrontendKind::ExternalIP => format!("External IP {}", f.ip),
    }
}

/// One sentence: where new connections to the focused frontend go.
fn summary(m: &Model) -> Html {
    match &m.mode {
        Mode::ExternalName { fqdn, target } => html! {
            <>{ "ExternalName: DNS answers " }<code>{ fqdn }</code>{ " with CNAME " }<code>{ target }</code>{ ". No proxy: kube-proxy programs nothing, and clients connect to that host directly." }</>
        },
        Mode::Headless { fqdn } => html! {
            <>{ "Headless: no cluster IP and no proxy. DNS answers " }<code>{ fqdn }</code>{ " with the ready pods' IPs; clients connect to a pod directly." }</>
        },
        Mode::Unproxied(why) => html! { <>{ "No kube-proxy rules: " }{ why }</> },
        Mode::Proxied => {
            let Some(f) = &m.focus else { return html! { { "This port has no frontends." } } };
            let who = match f.kind {
                FrontendKind::ClusterIP => "From a pod",
                FrontendKind::LoadBalancer => "From an external client through the load balancer",
                _ => "From an external client",
            };
            let shares: Vec<(String, f64)> = m
                .lanes
                .iter()
                .flat_map(|l| l.pods.iter())
                .filter_map(|p| p.share.filter(|s| *s > 0.0).map(|s| (p.name.clone(), s)))
                .collect();
            let mut parts: Vec<String> = if m.share_count <= 6 && shares.len() == m.share_count {
                shares.iter().map(|(n, s)| format!("{n} {}", percent(*s))).collect()
            } else {
                let served = (1.0 - m.dropped_share).max(0.0);
                let (max, min) = m.share_range;
                if (max - min).abs() < 1e-6 {
                    vec![format!("{} spread over {} pods, {} each", percent(served), m.share_count, percent(max))]
                } else {
                    vec![format!(
                        "{} spread over {} pods, {} to {} each",
                        percent(served),
                        m.share_count,
                        percent(min),
                        percent(max)
                    )]
                }
            };
            if m.dropped_share > 0.0005 {
                parts.push(format!("dropped {}", percent(m.dropped_share)));
            }
            let spread = match f.kind {
                FrontendKind::ClusterIP => " (the same from every node)",
                FrontendKind::LoadBalancer => " (spread evenly over the nodes the load balancer uses)",
                _ => " (clients spread evenly over the nodes)",
            };
            let spread = if m
                .lanes
                .iter()
                .any(|l| l.entry.as_ref().is_some_and(|e| e.specific || e.verdict != Verdict::Forward))
            {
                spread
            } else if f.kind == FrontendKind::ClusterIP {
                ""
            } else {
                spread
            };
            if parts.is_empty() {
                html! { <>{ format!("{who} to {}: no pod gets it.", f.label()) }</> }
            } else {
                html! { <>{ format!("{who} to {}{spread}: ", f.label()) }<strong>{ parts.join(" · ") }</strong></> }
            }
        }
    }
}

/// Where a pod or endpoint is drawn.
fn find_pod<'a>(m: &Model, g: &'a Layout, pred: impl Fn(&PodItem) -> bool) -> Option<&'a Rect> {
    for (li, lane) in m.lanes.iter().enumerate() {
        for (pi, p) in lane.pods.iter().enumerate() {
            if pred(p) {
                return g.lanes.get(li).and_then(|lg| lg.pods.get(pi));
            }
        }
    }
    None
}

fn lane_index(m: &Model, node: &str) -> Option<usize> {
    m.lanes.iter().position(|l| l.node.is_some() && l.name == node)
}

fn draw(
    m: &Model,
    g: &Layout,
    a: &Analysis,
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
            if horizontal && g.entries {
                let entry_class = |e: &Entry| {
                    if fkind == Some(FrontendKind::LoadBalancer) && !e.lb_sends {
                        "edge skipped"
                    } else if e.verdict == Verdict::Forward {
                        "edge live"
                    } else {
                        "edge dropped"
                    }
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
                    for (li, lane) in m.lanes.iter().enumerate() {
                        let (Some(e), Some(er)) = (&lane.entry, g.lanes[li].entry) else { continue };
                        let title = (!e.lb_sends).then(|| {
                            format!(
                                "the load balancer's health check gets 503 from {}: it sends nothing there",
                                lane.name
                            )
                        });
                        edges.push(edge(format!("M{} {} H{}", f(bus.0), f(er.cy()), f(er.x)), entry_class(e), title));
                    }
                    if let Some(ag) = g.aggregate {
                        edges.push(edge(format!("M{} {} H{}", f(bus.0), f(ag.cy()), f(ag.x)), "edge live", None));
                    }
                } else {
                    for (li, lane) in m.lanes.iter().enumerate() {
                        let (Some(e), Some(er)) = (&lane.entry, g.lanes[li].entry) else { continue };
                        let title = (!e.lb_sends).then(|| {
                            format!(
                                "the load balancer's health check gets 503 from {}: it sends nothing there",
                                lane.name
                            )
                        });
                        edges.push(edge(curve(start_pt, er.left_mid(), true), entry_class(e), title));
                    }
                    if let Some(ag) = g.aggregate {
                        edges.push(edge(curve(start_pt, (ag.x, ag.cy()), true), "edge live", None));
                    }
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
                        let class = if fkind == Some(FrontendKind::LoadBalancer) && !e.lb_sends {
                            "edge skipped"
                        } else if e.verdict == Verdict::Forward {
                            "edge live"
                        } else {
                            "edge dropped"
                        };
                        edges.push(edge(format!("M{} {} H{}", f(sx), f(er.cy()), f(er.x)), class, None));
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
                                    find_pod(m, g, |p| p.port.is_some_and(|pt| format!("{}:{pt}", p.ip) == *k))
                                        .copied()
                                        .unwrap_or(lg.region);
                                over_edges.push(edge(
                                    curve(er.right_mid(), (target.x, target.cy()), true),
                                    "edge live local",
                                    Some(format!("{} → {k}: {}", lane.name, percent(*share))),
                                ));
                            }
                        } else {
                            edges.push(edge(curve(er.right_mid(), (g.bar.x, er.cy()), true), "edge live", None));
                        }
                    }
                }
                let common_share: f64 = lane
                    .pods
                    .iter()
                    .filter(|p| p.port.is_some_and(|pt| m.common.iter().any(|(k, _)| *k == format!("{}:{pt}", p.ip))))
                    .filter_map(|p| p.share)
                    .sum::<f64>()
                    + lane.hidden.2;
                let headless = matches!(m.mode, Mode::Headless { .. });
                let any_common = headless
                    || lane
                        .pods
                        .iter()
                        .any(|p| p.port.is_some_and(|pt| m.common.iter().any(|(k, _)| *k == format!("{}:{pt}", p.ip))));
                if any_common && common_share > 0.0 {
                    let title = Some(format!("{}: {} of new connections", lane.name, percent(common_share)));
                    if horizontal {
                        edges.push(edge(
                            curve((g.bar.right(), lg.region.cy()), (lg.region.x, lg.region.cy()), true),
                            "edge live",
                            title,
                        ));
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
                                curve((g.bar.right(), r.cy()), (r.x, r.cy()), true),
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
        overlays.push(trace_overlay(m, g, t));
    }

    // ---------------------------------------------------------------- boxes
    let client = {
        let (title, sub) = match (&m.mode, fkind) {
            (Mode::Proxied, Some(FrontendKind::ClusterIP)) => ("Client pod", "on any node"),
            (Mode::Proxied, Some(_)) => ("External client", "outside the cluster"),
            (Mode::Unproxied(_), _) => ("Client", ""),
            _ => ("Client pod", "asks cluster DNS"),
        };
        let (onclick, onkeydown) = activate({
            let d = on_detail.clone();
            Callback::from(move |_| d.emit(Detail::Client))
        });
        let r = g.client;
        html! {
            <g class="box client" tabindex="0" role="button" aria-label={format!("{title} {sub}")} {onclick} {onkeydown}>
                <title>{ format!("{title} ({sub})") }</title>
                <rect x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="10" />
                { label(r.cx(), r.y + 23.0, title.to_string(), "t-strong", "middle") }
                { label(r.cx(), r.y + 40.0, sub.to_string(), "t-muted", "middle") }
            </g>
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
        html! {
            <g class={classes!("box", "front", on.then_some("focused"))} tabindex="0" role="button"
                aria-label={format!("{kind} {}:{}{}", fr.ip, fr.port, if on { ", shown" } else { ", show its traffic" })} {onclick} {onkeydown}>
                <title>{ format!("{kind} {}:{} — click to show its traffic", fr.ip, fr.port) }</title>
                <rect x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="8" />
                { label(r.cx(), r.y + 18.0, kind.to_string(), "t-muted", "middle") }
                { label(r.cx(), r.y + 35.0, trunc(&format!("{}:{}", fr.ip, fr.port), r.w - 10.0, 6.6), "t-mono", "middle") }
            </g>
        }
    });
    let bar = draw_bar(m, g, on_detail);
    let lanes =
        m.lanes.iter().enumerate().map(|(li, lane)| draw_lane(m, g, li, lane, a, on_detail, detail.as_ref(), fkind));
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
                <marker id="dg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path class="arrowhead" d="M0 0 L10 5 L0 10 z" />
                </marker>
                <marker id="dg-arrow-drop" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path class="arrowhead drop" d="M0 0 L10 5 L0 10 z" />
                </marker>
                <marker id="dg-arrow-trace" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
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
            { for m.lanes.iter().enumerate().map(|(li, lane)| draw_entry(g, li, lane, fkind, m)) }
            { for overlays }
        </svg>
    }
}

/// The x of the narrow layout's spine, left of the lanes.
fn spine_x(g: &Layout) -> f64 {
    g.lanes.first().map_or(g.bar.x, |l| l.rect.x) - 9.0
}

fn draw_bar(m: &Model, g: &Layout, on_detail: &Callback<Detail>) -> Html {
    let r = g.bar;
    let (onclick, onkeydown) = activate({
        let d = on_detail.clone();
        Callback::from(move |_| d.emit(Detail::Service))
    });
    let cw = 6.6;
    let lines: Vec<(String, &'static str)> = match &m.mode {
        Mode::Proxied | Mode::Unproxied(_) => {
            let mut l = vec![
                ("Service".to_string(), "t-muted"),
                (trunc(&m.name, r.w - 12.0, 7.2), "t-strong"),
                (trunc(m.cluster_ip.as_deref().unwrap_or("no cluster IP"), r.w - 12.0, cw), "t-mono"),
                (trunc(&format!(":{} → {}", m.port, m.target), r.w - 12.0, cw), "t-mono"),
            ];
            if let Mode::Unproxied(_) = m.mode {
                l.push(("no kube-proxy rules".into(), "t-drop"));
            }
            l
        }
        Mode::Headless { fqdn } => vec![
            ("Cluster DNS".to_string(), "t-muted"),
            (trunc(&m.name, r.w - 12.0, 7.2), "t-strong"),
            (trunc(fqdn, r.w - 12.0, cw), "t-mono"),
            ("A → pod IPs".into(), "t-mono"),
            ("headless: no proxy".into(), "t-muted"),
        ],
        Mode::ExternalName { fqdn, target } => vec![
            ("Cluster DNS".to_string(), "t-muted"),
            (trunc(fqdn, r.w - 12.0, cw), "t-mono"),
            (trunc(&format!("CNAME {target}"), r.w - 12.0, cw), "t-mono"),
            ("no proxy".into(), "t-drop"),
        ],
    };
    let aria = lines.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>().join(", ");
    // Left out when Local-policy edges cross the box (they would run over the words).
    let crossed = m.lanes.iter().any(|l| l.entry.as_ref().is_some_and(|e| e.specific && e.verdict == Verdict::Forward));
    let vertical_note = g.wide && r.h - 84.0 > 200.0 && matches!(m.mode, Mode::Proxied) && !crossed;
    let text_x = if g.wide { r.cx() } else { r.x + 20.0 };
    let anchor = if g.wide { "middle" } else { "start" };
    let (lines_html, h0): (Vec<Html>, f64) = if g.wide {
        (
            lines
                .iter()
                .enumerate()
                .map(|(i, (t, c))| label(text_x, r.y + 20.0 + i as f64 * 17.0, t.clone(), c, anchor))
                .collect(),
            0.0,
        )
    } else {
        // Narrow: two columns of text.
        let half = lines.len().div_ceil(2);
        let col2 = r.x + r.w / 2.0 + 4.0;
        (
            lines
                .iter()
                .enumerate()
                .map(|(i, (t, c))| {
                    let (x, row) = if i < half { (text_x, i) } else { (col2, i - half) };
                    let max = if i < half { r.w / 2.0 - 24.0 } else { r.w / 2.0 - 12.0 };
                    label(x, r.y + 20.0 + row as f64 * 17.0, trunc(t, max, 6.6), c, "start")
                })
                .collect(),
            0.0,
        )
    };
    let _ = h0;
    html! {
        <g class={classes!("box", "svc-bar", matches!(m.mode, Mode::Headless { .. } | Mode::ExternalName { .. }).then_some("dns"), matches!(m.mode, Mode::Unproxied(_)).then_some("unproxied"))}
            tabindex="0" role="button" aria-label={aria.clone()} {onclick} {onkeydown} data-testid="diagram-service">
            <title>{ aria }</title>
            <rect x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="10" />
            { for lines_html }
            if vertical_note {
                <text class="t-muted t-vertical" transform={format!("translate({} {}) rotate(-90)", f(r.cx() + 4.0), f(r.y + 84.0 + (r.h - 84.0) / 2.0))} text-anchor="middle">
                    { "kube-proxy rules on every node" }
                </text>
            }
        </g>
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_lane(
    m: &Model,
    g: &Layout,
    li: usize,
    lane: &Lane,
    a: &Analysis,
    on_detail: &Callback<Detail>,
    detail: Option<&Detail>,
    fkind: Option<FrontendKind>,
) -> Html {
    let lg = &g.lanes[li];
    let r = lg.rect;
    let dropped = lane.entry.as_ref().is_some_and(|e| e.verdict != Verdict::Forward) && g.entries;
    let (onclick, onkeydown) = activate({
        let d = on_detail.clone();
        let name = lane.name.clone();
        Callback::from(move |_| d.emit(Detail::Node(name.clone())))
    });
    let sub = [Some(lane.address.clone()).filter(|s| !s.is_empty()), lane.zone.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let node_label = if lane.node.is_some() {
        format!(
            "Node {}{}{}",
            lane.name,
            if sub.is_empty() { String::new() } else { format!(", {sub}") },
            if lane.ready { "" } else { ", NotReady" }
        )
    } else {
        "Pods and endpoints on no known node".to_string()
    };
    let hr = lg.header;
    let selected_node = detail == Some(&Detail::Node(lane.name.clone()));
    let pods = lane.pods.iter().enumerate().map(|(pi, p)| draw_pod(p, &lg.pods[pi], on_detail, detail, m));
    let more = lg.more.map(|mr| {
        let (n, ready, share) = lane.hidden;
        let text = format!("+{n} more ({ready} ready)");
        let tip = if share > 0.0005 { format!("{text}: {} of new connections", percent(share)) } else { text.clone() };
        html! {
            <g class="pod more" tabindex="0" aria-label={tip.clone()}>
                <title>{ tip }</title>
                <rect x={f(mr.x)} y={f(mr.y)} width={f(mr.w)} height={f(mr.h)} rx="6" />
                { label(mr.x + 10.0, mr.y + 17.0, trunc(&text, mr.w - 50.0, 6.4), "t-muted", "start") }
                if share > 0.0005 { { label(mr.right() - 8.0, mr.y + 17.0, percent(share), "t-share", "end") } }
            </g>
        }
    });
    let _ = (a, fkind);
    html! {
        <g class={classes!("lane", dropped.then_some("dropped"), (!lane.ready && lane.node.is_some()).then_some("node-not-ready"), lane.node.is_none().then_some("elsewhere"))}
            data-node={lane.name.clone()} data-testid="diagram-node">
            <rect class="lane-bg" x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="10" />
            <g class={classes!("node-head", selected_node.then_some("selected"))} tabindex="0" role="button" aria-label={node_label.clone()} {onclick} {onkeydown}>
                <title>{ format!("{node_label} — Enter for details") }</title>
                <rect class="hit" x={f(hr.x - 4.0)} y={f(hr.y - 2.0)} width={f(hr.w + 4.0)} height={f(hr.h + 2.0)} rx="6" />
                <text x={f(hr.x + 2.0)} y={f(hr.y + 13.0)}>
                    <tspan class="t-strong">{ trunc(&lane.name, hr.w - 8.0, 7.4) }</tspan>
                    if let Some(z) = lane.zone.as_ref().filter(|z| (lane.name.len() + z.len() + 1) as f64 * 7.0 < hr.w - 8.0) {
                        <tspan class="t-muted t-small">{ format!(" {z}") }</tspan>
                    }
                </text>
                { label(hr.x + 2.0, hr.y + 29.0, trunc(&if lane.ready || lane.node.is_none() { lane.address.clone() } else { format!("NotReady · {}", lane.address) }, hr.w - 6.0, 6.0), "t-muted t-small", "start") }
            </g>
            { for pods }
            { more.unwrap_or_default() }
        </g>
    }
}

/// The entry box of a lane (nodePort listener / kube-proxy rules for the focus) and its verdict.
fn draw_entry(g: &Layout, li: usize, lane: &Lane, fkind: Option<FrontendKind>, m: &Model) -> Html {
    let (Some(e), Some(r)) = (&lane.entry, g.lanes[li].entry) else { return html! {} };
    let text = match fkind {
        Some(FrontendKind::NodePort) => format!(":{}", m.node_port.unwrap_or(0)),
        Some(FrontendKind::LoadBalancer) => "VIP rules".into(),
        Some(FrontendKind::ExternalIP) => "ext. IP rules".into(),
        _ => "pods here".into(),
    };
    let ok = e.verdict == Verdict::Forward;
    let why = short_reason(e);
    let mut tip = format!("{}: {}", lane.name, e.rule);
    if let Some(rsn) = &e.reason {
        tip.push_str(&format!(" — {rsn}"));
    }
    if !e.lb_sends && fkind == Some(FrontendKind::LoadBalancer) {
        tip.push_str(" — the load balancer's health check fails here (503), so it sends nothing to this node");
    }
    let verdict = if ok {
        let n = e.endpoints.len();
        if e.specific && m.etp_local && fkind != Some(FrontendKind::ClusterIP) {
            format!("→ {n} local pod{}", if n == 1 { "" } else { "s" })
        } else if e.specific {
            format!("→ {n} pod{}", if n == 1 { "" } else { "s" })
        } else {
            "→ Service".into()
        }
    } else {
        why.clone()
    };
    let snat = ok && e.snat;
    let aria = format!(
        "{} entry {text}: {}{}",
        lane.name,
        if ok { verdict.clone() } else { e.reason.clone().unwrap_or(why.clone()) },
        if snat { ", source NATed" } else { "" }
    );
    html! {
        <g class={classes!("entry", if ok { "ok" } else { "drop" }, (!e.lb_sends).then_some("skipped"))} tabindex="0" aria-label={aria} data-testid={if ok { "entry-ok" } else { "entry-dropped" }}>
            <title>{ tip }</title>
            <rect x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="6" />
            { label(r.x + 8.0, r.y + 18.0, text, "t-mono", "start") }
            if !ok { { cross(&Rect::new(r.right() - 24.0, r.y, 22.0, r.h)) } }
            if ok && snat { { label(r.right() - 6.0, r.y + 18.0, "SNAT".to_string(), "t-tag", "end") } }
            if g.wide {
                { label(r.x + 2.0, r.bottom() + 14.0, trunc(&verdict, r.w + 8.0, 6.0), if ok { "t-muted t-small" } else { "t-drop t-small" }, "start") }
            } else {
                { label(r.right() + 8.0, r.y + 17.0, trunc(&verdict, g.lanes[li].rect.right() - r.right() - 16.0, 6.0), if ok { "t-muted t-small" } else { "t-drop t-small" }, "start") }
            }
        </g>
    }
}

fn draw_pod(p: &PodItem, r: &Rect, on_detail: &Callback<Detail>, detail: Option<&Detail>, m: &Model) -> Html {
    let d = match p.object {
        Some(i) => Detail::Pod(i),
        None => Detail::Endpoint(p.ip.clone()),
    };
    let selected = detail == Some(&d);
    let (onclick, onkeydown) = activate({
        let cb = on_detail.clone();
        Callback::from(move |_| cb.emit(d.clone()))
    });
    let share = p.share.filter(|s| *s > 0.0);
    let port = p.port.map(|pt| format!(":{pt}")).unwrap_or_default();
    let aria = format!(
        "Pod {}, {}{port}, {}{}",
        p.name,
        if p.ip.is_empty() { "no IP" } else { &p.ip },
        p.state.words(),
        share
            .map(|s| format!(
                ", {} of new connections to {}",
                percent(s),
                m.focus.as_ref().map(|f| f.label()).unwrap_or_else(|| "the Service".into())
            ))
            .unwrap_or_default()
    );
    let name_w = r.w - if share.is_some() { 58.0 } else { 26.0 };
    html! {
        <g class={classes!("pod", p.state.class(), share.is_some().then_some("gets"), selected.then_some("selected"))} tabindex="0" role="button"
            aria-label={aria.clone()} {onclick} {onkeydown} data-pod={p.name.clone()} data-share={share.map(percent).unwrap_or_default()}>
            <title>{ aria }</title>
            <rect x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="6" />
            <circle class="dot" cx={f(r.x + 11.0)} cy={f(r.cy())} r="4" />
            { label(r.x + 21.0, r.y + 17.0, trunc(&p.name, name_w, 6.7), "t-pod", "start") }
            if let Some(s) = share { { label(r.right() - 7.0, r.y + 17.0, percent(s), "t-share", "end") } }
        </g>
    }
}

/// The hop-by-hop path of a trace, animated segment by segment.
fn trace_overlay(m: &Model, g: &Layout, t: &TraceRun) -> Html {
    let (segs, branches, cur) = if g.wide { trace_paths_wide(m, g, t) } else { trace_paths_narrow(m, g, t) };
    let tr = &t.trace;
    let delivered = tr.verdict == TraceVerdict::Delivered;
    let base = segs.len();
    let step = 0.55;
    let seg_html = segs.iter().enumerate().map(|(i, d)| {
        html! { <path class="trace-seg" d={d.clone()} pathLength="1" style={format!("animation-delay:{:.2}s", i as f64 * step)} /> }
    });
    let branch_html = branches.iter().map(|(d, title)| {
        html! { <path class="trace-seg branch" d={d.clone()} pathLength="1" marker-end="url(#dg-arrow-trace)" style={format!("animation-delay:{:.2}s", base as f64 * step)}><title>{ title.clone() }</title></path> }
    });
    let end_mark = if !delivered {
        let (x, y) = cur;
        html! {
            <g class="trace-drop" style={format!("animation-delay:{:.2}s", base as f64 * step)}>
                <circle cx={f(x)} cy={f(y)} r="11" />
                <line x1={f(x - 5.0)} y1={f(y - 5.0)} x2={f(x + 5.0)} y2={f(y + 5.0)} />
                <line x1={f(x - 5.0)} y1={f(y + 5.0)} x2={f(x + 5.0)} y2={f(y - 5.0)} />
                <title>{ tr.reason.clone().unwrap_or_default() }</title>
            </g>
        }
    } else {
        html! {}
    };
    html! {
        <g class="trace" key={t.seq.to_string()} aria-hidden="true" data-testid="trace-path">
            { for seg_html }
            { for branch_html }
            { end_mark }
        </g>
    }
}

type TracePaths = (Vec<String>, Vec<(String, String)>, (f64, f64));

/// The node whose kube-proxy rules decide, as a lane index.
fn trace_lane(m: &Model, tr: &Trace) -> Option<usize> {
    tr.hops.iter().find(|x| x.action.decides() && lane_index(m, &x.at).is_some()).and_then(|x| lane_index(m, &x.at))
}

fn find_trace_pod<'a>(m: &Model, g: &'a Layout, p: &engine::model::TracePod) -> Option<&'a Rect> {
    find_pod(m, g, |x| x.name == p.name && (p.ip.is_empty() || x.ip == p.ip))
        .or_else(|| find_pod(m, g, |x| x.ip == p.ip))
}

fn trace_paths_narrow(m: &Model, g: &Layout, t: &TraceRun) -> TracePaths {
    let tr = &t.trace;
    let delivered = tr.verdict == TraceVerdict::Delivered;
    let sx = spine_x(g);
    let mut segs: Vec<String> = Vec::new();
    let src = TraceSource::parse(&t.source).ok();
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
    let dst_ip = t
        .destination
        .rsplit_once(':')
        .map(|(x, _)| x.trim_matches(|c| c == '[' || c == ']').to_string())
        .unwrap_or_default();
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
        cur = if delivered { (er.x + 14.0, er.bottom()) } else { (er.cx(), er.cy()) };
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

fn trace_paths_wide(m: &Model, g: &Layout, t: &TraceRun) -> TracePaths {
    let tr = &t.trace;
    let h = g.wide;
    let delivered = tr.verdict == TraceVerdict::Delivered;
    let mut segs: Vec<String> = Vec::new();
    // Where the packet starts; `at_box`: a box of the top row / left columns it leaves from.
    let src = TraceSource::parse(&t.source).ok();
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
    let dst_ip = t
        .destination
        .rsplit_once(':')
        .map(|(x, _)| x.trim_matches(|c| c == '[' || c == ']').to_string())
        .unwrap_or_default();
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
                (er.cx(), er.cy())
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
                branches.push((curve(cur, (r.x, r.cy()), true), format!("{} {}", p.name, percent(p.probability))));
            }
        }
    }
    (segs, branches, cur)
}

fn details_box(
    m: &Model,
    a: &Analysis,
    v: &engine::ServiceView,
    d: Detail,
    detail: &UseStateHandle<Option<Detail>>,
) -> Html {
    let close = {
        let detail = detail.clone();
        Callback::from(move |_| detail.set(None))
    };
    let body = match &d {
        Detail::Node(name) => {
            let node = a.node(name);
            let lane = m.lanes.iter().find(|l| &l.name == name);
            let routes: Vec<Html> = match &m.focus {
                Some(fo) if node.is_some() => SourceKind::ALL
                    .iter()
                    .filter_map(|s| route_for(v, m.port_idx, fo, name, *s).map(|r| (s, r)))
                    .map(|(s, (r, eps))| {
                        html! { <li><strong>{ format!("from {}: ", match s { SourceKind::Pod => "a pod", SourceKind::External => "outside", SourceKind::Host => "the node itself" }) }</strong>{ engine::proxy::route_text(r, eps).trim_start_matches("-> ").to_string() }<div class="muted small">{ &r.rule }</div></li> }
                    })
                    .collect(),
                _ => Vec::new(),
            };
            html! {
                <>
                <h3>{ format!("Node {name}") }</h3>
                if let Some(n) = node {
                    <dl class="facts compact">
                        <dt>{ "Address" }</dt><dd><code>{ n.internal_ip.clone().unwrap_or_else(|| "—".into()) }</code></dd>
                        <dt>{ "Zone" }</dt><dd>{ n.zone().unwrap_or("—") }</dd>
                        <dt>{ "Pod CIDR" }</dt><dd><code>{ n.pod_cidr.clone().unwrap_or_else(|| "—".into()) }</code></dd>
                        <dt>{ "Ready" }</dt><dd>{ if n.ready { "yes" } else { "no (NotReady)" } }</dd>
                        if let Some(h) = lane.and_then(|l| l.health) {
                            <dt>{ "Health check" }</dt><dd>{ if h == 200 { "200: has a local ready pod" } else { "503: no local ready pod (the load balancer skips this node)" } }</dd>
                        }
                    </dl>
                } else {
                    <p class="muted">{ "Pods here name no node of the cluster, or have none yet." }</p>
                }
                if !routes.is_empty() {
                    <p class="muted small">{ format!("kube-proxy on {name}, for {}:", m.focus.as_ref().map(|f| f.label()).unwrap_or_default()) }</p>
                    <ul class="routes-list">{ for routes }</ul>
                }
                </>
            }
        }
        Detail::Pod(i) => {
            let o = a.objects.get(*i);
            let pod = o.and_then(|o| o.pod());
            let item = m.lanes.iter().flat_map(|l| l.pods.iter()).find(|p| p.object == Some(*i));
            let selector = a
                .objects
                .get(v.object)
                .and_then(|o| o.service())
                .and_then(|s| s.spec.selector.clone())
                .unwrap_or_default();
            let mismatches: Vec<String> = pod
                .map(|p| {
                    selector
                        .iter()
                        .filter(|(k, val)| p.metadata.labels.get(*k) != Some(*val))
                        .map(|(k, val)| match p.metadata.labels.get(k) {
                            Some(have) => format!("{k}={have} (selector wants {val})"),
                            None => format!("no label {k} (selector wants {k}={val})"),
                        })
                        .collect()
                })
                .unwrap_or_default();
            html! {
                <>
                <h3>{ format!("Pod {}", o.map(|o| o.name.as_str()).unwrap_or("?")) }</h3>
                if let (Some(o), Some(p)) = (o, pod) {
                    <dl class="facts compact">
                        <dt>{ "Namespace" }</dt><dd>{ &o.namespace }</dd>
                        <dt>{ "IP" }</dt><dd><code>{ p.ip().unwrap_or("none") }</code></dd>
                        <dt>{ "Node" }</dt><dd>{ p.spec.node_name.clone().unwrap_or_else(|| "not scheduled".into()) }</dd>
                        <dt>{ "State" }</dt><dd>{ item.map(|i| i.state.words()).unwrap_or("—") }{ if p.status.ready { " (Ready condition True)" } else if p.status.has_ready_condition { " (Ready condition False)" } else { " (no Ready condition)" } }</dd>
                        <dt>{ "Labels" }</dt><dd>{ for p.metadata.labels.iter().map(|(k, val)| html! { <code class="label">{ format!("{k}={val}") }</code> }) }</dd>
                        if let Some(it) = item.filter(|i| i.port.is_some()) {
                            <dt>{ "Endpoint" }</dt><dd><code>{ format!("{}:{}", it.ip, it.port.unwrap_or(0)) }</code>{ it.share.map(|s| format!(" — {} of new connections", percent(s))).unwrap_or_default() }</dd>
                        }
                        if !mismatches.is_empty() {
                            <dt>{ "Not selected" }</dt><dd>{ mismatches.join("; ") }</dd>
                        }
                    </dl>
                }
                </>
            }
        }
        Detail::Endpoint(ip) => html! {
            <>
            <h3>{ format!("Endpoint {ip}") }</h3>
            <p class="muted">{ "An endpoint address that is no pod of the input (written by hand in an Endpoints or EndpointSlice object). kube-proxy sends traffic to it all the same." }</p>
            </>
        },
        Detail::Service => {
            let svc = a.objects.get(v.object).and_then(|o| o.service());
            html! {
                <>
                <h3>{ format!("Service {}", v.name) }</h3>
                <dl class="facts compact">
                    <dt>{ "Type" }</dt><dd>{ &m.type_ }</dd>
                    <dt>{ "Cluster IP" }</dt><dd><code>{ svc.and_then(|s| s.spec.cluster_ip.clone()).unwrap_or_else(|| "—".into()) }</code></dd>
                    <dt>{ "Port" }</dt><dd><code>{ format!("{}/{} → {}", m.port, m.protocol, m.target) }</code>{ m.node_port.map(|n| format!(" · nodePort {n}")).unwrap_or_default() }</dd>
                    <dt>{ "externalTrafficPolicy" }</dt><dd>{ if m.etp_local { "Local" } else { "Cluster" } }</dd>
                    <dt>{ "internalTrafficPolicy" }</dt><dd>{ if m.itp_local { "Local" } else { "Cluster" } }</dd>
                    <dt>{ "Selected pods" }</dt><dd>{ format!("{} ({} Ready)", m.selected, m.selected_ready) }</dd>
                </dl>
                if let Some(why) = &v.routes.unproxied { <p class="muted">{ why }</p> }
                </>
            }
        }
        Detail::Client => html! {
            <>
            <h3>{ "Client" }</h3>
            <p class="muted">{ match m.focus.as_ref().map(|f| f.kind) {
                Some(FrontendKind::ClusterIP) => "A pod anywhere in the cluster. Its packet to the cluster IP is caught by kube-proxy's rules on its own node and sent (DNAT) to one of the endpoints.",
                Some(_) => "A client outside the cluster. Its packet reaches a node (directly, or through the load balancer), and kube-proxy on that node decides where it goes.",
                None => "Whoever connects to the Service's name.",
            } }</p>
            </>
        },
    };
    html! {
        <div class="dg-details" role="region" aria-label="Details" data-testid="diagram-details">
            <button class="close link" onclick={close} aria-label="Close details">{ "✕" }</button>
            { body }
        </div>
    }
}

#[allow(clippy::too_many_arguments)]
fn sender(
    m: &Model,
    a: &Analysis,
    analysis: Rc<Analysis>,
    service: usize,
    src_choice: &UseStateHandle<Option<String>>,
    dst_choice: &UseStateHandle<Option<String>>,
    trace_run: &UseStateHandle<Option<TraceRun>>,
    seq: &Rc<std::cell::RefCell<u32>>,
    current: Option<&TraceRun>,
) -> Html {
    // Sources: external client at each node, pods, host networks.
    let mut sources: Vec<(String, String)> = Vec::new();
    for n in a.nodes.iter().take(SOURCE_CAP / 3) {
        sources.push((source_value(SourceKind::External, &n.name), format!("External client → {}", n.name)));
    }
    let mut pods: Vec<(String, String)> = a
        .pods()
        .filter(|(_, _, p)| p.ip().is_some() && p.spec.node_name.is_some())
        .take(SOURCE_CAP)
        .map(|(_, o, p)| {
            (
                format!("pod:{}/{}", o.namespace, o.name),
                format!("Pod {}/{} ({})", o.namespace, o.name, p.spec.node_name.as_deref().unwrap_or("?")),
            )
        })
        .collect();
    sources.append(&mut pods);
    for n in a.nodes.iter().take(SOURCE_CAP / 3) {
        sources.push((source_value(SourceKind::Host, &n.name), format!("Host network of {}", n.name)));
    }
    // Destinations: the frontends of the port, then the Service's DNS name.
    let mut dests: Vec<(String, String)> = Vec::new();
    let v = &a.services[service.min(a.services.len().saturating_sub(1))];
    if let Some(pr) = v.routes.ports.get(m.port_idx) {
        for fr in pr.frontends.iter().take(SOURCE_CAP) {
            let hp = ip::host_port(&fr.ip, fr.port);
            let what = match fr.kind {
                FrontendKind::ClusterIP => "cluster IP".to_string(),
                FrontendKind::NodePort => format!("nodePort on {}", fr.node.as_deref().unwrap_or("?")),
                FrontendKind::LoadBalancer => "load balancer".into(),
                FrontendKind::ExternalIP => "external IP".into(),
            };
            dests.push((hp.clone(), format!("{hp} ({what})")));
        }
    }
    if m.port > 0 || !matches!(m.mode, Mode::Proxied) {
        let port = if m.port > 0 { m.port } else { 80 };
        let name = format!("{}.{}.svc.{}:{port}", m.name, m.namespace, engine::model::ZONE);
        dests.push((name.clone(), format!("{name} (DNS name)")));
    }
    // Defaults follow the focus.
    let default_src = match m.focus.as_ref().map(|f| f.kind) {
        Some(FrontendKind::ClusterIP) | None => sources
            .iter()
            .find(|(k, _)| {
                k.starts_with("pod:")
                    && !m
                        .lanes
                        .iter()
                        .flat_map(|l| l.pods.iter())
                        .any(|p| p.share.is_some() && k.ends_with(&format!("/{}", p.name)))
            })
            .or_else(|| sources.iter().find(|(k, _)| k.starts_with("pod:")))
            .or(sources.first())
            .map(|x| x.0.clone()),
        Some(_) => sources.first().map(|x| x.0.clone()),
    }
    .unwrap_or_default();
    let default_dst = match &m.focus {
        Some(fo) if fo.kind == FrontendKind::NodePort => dests
            .iter()
            .find(|(k, l)| l.contains("nodePort") && k.ends_with(&format!(":{}", fo.port)))
            .map(|x| x.0.clone()),
        Some(fo) => dests
            .iter()
            .find(|(k, _)| k.trim_start_matches('[').starts_with(&fo.ip) && k.ends_with(&format!(":{}", fo.port)))
            .map(|x| x.0.clone()),
        None => None,
    }
    .or_else(|| dests.first().map(|x| x.0.clone()))
    .unwrap_or_default();
    let src = src_choice.as_ref().filter(|s| sources.iter().any(|(k, _)| k == *s)).cloned().unwrap_or(default_src);
    let dst = dst_choice.as_ref().filter(|s| dests.iter().any(|(k, _)| k == *s)).cloned().unwrap_or(default_dst);
    let protocol = m.protocol.clone();

    let on_src = {
        let c = src_choice.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            c.set(Some(s.value()));
        })
    };
    let on_dst = {
        let c = dst_choice.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            c.set(Some(s.value()));
        })
    };
    let on_send = {
        let trace_run = trace_run.clone();
        let seq = seq.clone();
        let (src, dst) = (src.clone(), dst.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let trace = match TraceSource::parse(&src) {
                Ok(from) => engine::trace::trace(&analysis, from, &dst, &protocol),
                Err(why) => {
                    Trace { verdict: TraceVerdict::Dropped, reason: Some(why), pods: Vec::new(), hops: Vec::new() }
                }
            };
            let mut n = seq.borrow_mut();
            *n = n.wrapping_add(1);
            trace_run.set(Some(TraceRun {
                analysis: analysis.clone(),
                service,
                trace,
                source: src.clone(),
                destination: dst.clone(),
                seq: *n,
            }));
        })
    };
    let result = current.map(|t| {
        let tr = &t.trace;
        let ok = tr.verdict == TraceVerdict::Delivered;
        html! {
            <div class={classes!("trace-result", if ok { "ok" } else { "dropped" })} key={t.seq.to_string()} data-testid="trace-result" aria-live="polite">
                <p class="verdict">
                    <span class="verdict-tag">{ if ok { "Delivered" } else { "Dropped" } }</span>
                    if ok {
                        { tr.pods.iter().map(|p| format!("{} {}:{} ({})", if p.name.is_empty() { "endpoint" } else { &p.name }, p.ip, p.port, percent(p.probability))).collect::<Vec<_>>().join(" · ") }
                    } else {
                        { tr.reason.clone().unwrap_or_default() }
                    }
                </p>
                <ol class="hops" data-testid="trace-hops">
                    { for tr.hops.iter().enumerate().map(|(i, h)| html! {
                        <li class={classes!("hop", format!("act-{}", h.action.as_str().replace(' ', "-").to_ascii_lowercase()))} style={format!("animation-delay:{:.2}s", i as f64 * 0.35)}>
                            <span class="hop-at">{ &h.at }</span>
                            <span class="hop-action">{ h.action.as_str() }</span>
                            <span class="hop-detail">{ &h.detail }</span>
                        </li>
                    }) }
                </ol>
            </div>
        }
    });
    html! {
        <div class="sender">
            <form class="send-form" onsubmit={on_send} aria-label="Send a request">
                <h3>{ "Send a request" }</h3>
                <label class="ctl">
                    <span>{ "From" }</span>
                    <select onchange={on_src} aria-label="Source">
                        { for sources.iter().map(|(k, l)| html! { <option value={k.clone()} selected={*k == src}>{ l }</option> }) }
                    </select>
                </label>
                <label class="ctl">
                    <span>{ "To" }</span>
                    <select onchange={on_dst} aria-label="Destination">
                        { for dests.iter().map(|(k, l)| html! { <option value={k.clone()} selected={*k == dst}>{ l }</option> }) }
                    </select>
                </label>
                <button type="submit" class="btn primary" disabled={src.is_empty() || dst.is_empty()}>{ "Send request" }</button>
            </form>
            { result.unwrap_or_default() }
        </div>
    }
}
