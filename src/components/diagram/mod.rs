//! The traffic diagram: for the chosen Service and port, how a connection gets from a client to
//! a pod (or is dropped). The engine draws it (`engine::present::diagram::draw`: an SVG element
//! tree, with the traced request of "Send request" over it); [`tree`] turns that into nodes, and
//! a click or Enter on a box is found by its `data-act`. Here: the component and its controls,
//! the details box in [`details`], the request form in [`sender`], Export in [`export`].

mod details;
mod export;
mod sender;
mod tree;

use super::ViewProps;
use crate::components::no_service::no_service;
use crate::components::traffic_callout::traffic_callout;
use engine::model::{FrontendKind, ObjectId, Trace};
use engine::present::diagram::model::NODE_CAP;
use engine::present::diagram::summary::{summary as diagram_summary, Summary};
use engine::present::diagram::{build, draw, layout, Act, Extras, Focus, Mode, Model, Options, TraceShown};
use engine::present::service::port_label;
use engine::present::trace::destination_frontend;
use engine::Analysis;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
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

/// What the details box shows.
#[derive(Clone, Debug, PartialEq)]
enum Detail {
    Node(String),
    Pod(ObjectId),
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

impl Detail {
    /// The box it is about, as the picture names it (`data-act`).
    fn act(&self) -> Act {
        match self {
            Detail::Node(n) => Act::Node(n.clone()),
            Detail::Pod(id) => Act::Pod(id.index()),
            Detail::Endpoint(ip) => Act::Endpoint(ip.clone()),
            Detail::Service => Act::Service,
            Detail::Client => Act::Client,
        }
    }
}

/// The `data-act` of the box an event happened in, if any.
fn act_of(e: &Event) -> Option<Act> {
    let el = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    Act::parse(&el.closest("[data-act]").ok()??.get_attribute("data-act")?)
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
        return no_service(
            state,
            "Traffic diagram",
            "Traffic",
            "No valid Service in the manifest yet: write one (or pick an example) to see where its traffic goes.",
            Some("diagram"),
        );
    };
    let a = state.shown();
    let mut model = build(a, v, &Options { port_idx: *port_idx, focus: (*focus).clone(), show_all_nodes: *show_all });
    let trace = trace_run
        .as_ref()
        .filter(|t| Rc::ptr_eq(&t.analysis, state.shown()) && t.service == state.selected_service)
        .cloned();
    // A traced request is drawn through the frontend it was sent to (a nodePort's listeners, not
    // the load balancer's VIP rules).
    if let Some(f) = trace.as_ref().and_then(|t| destination_frontend(v, &model, &t.destination)) {
        if model.focus.as_ref() != Some(&f) {
            model = build(a, v, &Options { port_idx: *port_idx, focus: Some(f), show_all_nodes: *show_all });
        }
    }
    let geo = layout(&model, *width);

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
    let ports = a.objects.get(v.object).and_then(|o| o.service()).map(|s| s.spec.ports.as_slice()).unwrap_or_default();
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
                        <option value={i.to_string()} selected={i == model.port_idx}>{ port_label(&p.name, p.port, p.protocol) }</option>
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
    let selected = (*detail).as_ref().map(|d| d.act().id());
    let shown = trace.as_ref().map(|t| TraceShown {
        trace: &t.trace,
        source: &t.source,
        destination: &t.destination,
        seq: t.seq,
    });
    let picture = Rc::new(draw(&model, &geo, &Extras { trace: shown, selected: selected.as_deref() }));
    let on_act = {
        let frontends = model.frontends.clone();
        let pods: Vec<ObjectId> = model.lanes.iter().flat_map(|l| &l.pods).filter_map(|p| p.object).collect();
        Callback::from(move |act: Act| match act {
            Act::Focus(i) => {
                if let Some(f) = frontends.get(i) {
                    on_focus.emit(f.clone());
                }
            }
            Act::Client => on_detail.emit(Detail::Client),
            Act::Service => on_detail.emit(Detail::Service),
            Act::Node(n) => on_detail.emit(Detail::Node(n)),
            Act::Endpoint(ip) => on_detail.emit(Detail::Endpoint(ip)),
            Act::Pod(i) => {
                if let Some(id) = pods.iter().find(|id| id.index() == i) {
                    on_detail.emit(Detail::Pod(*id));
                }
            }
        })
    };
    let onclick = {
        let on_act = on_act.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(a) = act_of(&e) {
                on_act.emit(a);
            }
        })
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            if let Some(a) = act_of(&e) {
                e.prevent_default();
                on_act.emit(a);
            }
        }
    });

    // ---------------------------------------------------------------- below
    let summary = summary_text(&model);
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

    let details = (*detail).clone().map(|d| details::details_box(&model, a, v, d, &detail));
    let sender = sender::sender(
        &model,
        v,
        state.shown().clone(),
        state.selected_service,
        &sender::Choices { source: &src_choice, destination: &dst_choice },
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
            { traffic_callout(state, a, v, model.port_idx, model.focus.as_ref()) }
            <div class="dg-canvas" ref={wrap.clone()} {onclick} {onkeydown}><tree::Picture {picture} /></div>
            <div class="dg-under">
                if !matches!(model.mode, Mode::ExternalName { .. }) { { legend } }
                { toggle_nodes }
                <export::Export analysis={a.clone()} service={state.selected_service}
                    options={Options { port_idx: *port_idx, focus: model.focus.clone(), show_all_nodes: *show_all }}
                    name={format!("{}-traffic", v.name)} dark={crate::persist::shows_dark(state.theme)} />
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
fn summary_text(m: &Model) -> Html {
    match diagram_summary(m) {
        Summary::ExternalName { fqdn, target } => html! {
            <>{ "ExternalName: DNS answers " }<code>{ fqdn }</code>{ " with CNAME " }<code>{ target }</code>{ ". No proxy: kube-proxy programs nothing, and clients connect to that host directly." }</>
        },
        Summary::Headless { fqdn } => html! {
            <>{ "Headless: no cluster IP and no proxy. DNS answers " }<code>{ fqdn }</code>{ " with the ready pods' IPs; clients connect to a pod directly." }</>
        },
        Summary::Unproxied(why) => html! { <>{ "No kube-proxy rules: " }{ why }</> },
        Summary::NoFrontends => html! { { "This port has no frontends." } },
        Summary::Proxied { lead, shares } if shares.is_empty() => html! { <>{ lead }</> },
        Summary::Proxied { lead, shares } => html! { <>{ lead }<strong>{ shares.join(" · ") }</strong></> },
    }
}
