//! "Send a request": the form (sources and destinations from `engine::present::trace`, chosen
//! first to follow the focus), and the engine's trace of it, hop by hop.

use super::TraceRun;
use engine::present::diagram::{percent, Model};
use engine::present::trace::{choices as offered, destination_for_source, send, verdict_tag};
use engine::{Analysis, ServiceView};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The person's choices of source and destination (None: the default).
pub(super) struct Choices<'a> {
    pub source: &'a UseStateHandle<Option<String>>,
    pub destination: &'a UseStateHandle<Option<String>>,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn sender(
    m: &Model,
    v: &ServiceView,
    analysis: Rc<Analysis>,
    service: usize,
    choices: &Choices,
    trace_run: &UseStateHandle<Option<TraceRun>>,
    seq: &Rc<RefCell<u32>>,
    current: Option<&TraceRun>,
) -> Html {
    let offer = offered(&analysis, v, m);
    let pick = |chosen: &UseStateHandle<Option<String>>, list: &[engine::present::trace::Choice], default: &str| {
        chosen.as_ref().filter(|s| list.iter().any(|c| c.value == **s)).cloned().unwrap_or_else(|| default.to_string())
    };
    let src = pick(choices.source, &offer.sources, &offer.default_source);
    let dst = pick(choices.destination, &offer.destinations, &offer.default_destination);
    let protocol = m.protocol.clone();

    let on_src = {
        let c = choices.source.clone();
        let chosen_dst = choices.destination.clone();
        let (offer, dst) = (offer.clone(), dst.clone());
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let source = s.value();
            // An external client's packets arrive at the node it names: To follows it.
            let to = destination_for_source(&offer, &source, &dst);
            if to != dst {
                chosen_dst.set(Some(to));
            }
            c.set(Some(source));
        })
    };
    let on_dst = {
        let c = choices.destination.clone();
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
            let trace = send(&analysis, &src, &dst, &protocol);
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
        let (tag, tone) = verdict_tag(tr.verdict);
        let pods = tr.verdict.reaches_pods() && !tr.pods.is_empty();
        html! {
            <div class={classes!("trace-result", tone, (tone == "bad").then_some("dropped"))} key={t.seq.to_string()} data-testid="trace-result" data-verdict={tr.verdict.as_str()} aria-live="polite">
                <p class="verdict">
                    <span class="verdict-tag">{ tag }</span>
                    if pods {
                        { tr.pods.iter().map(|p| format!("{} {}:{} ({})", if p.name.is_empty() { "endpoint" } else { &p.name }, p.ip, p.port, percent(p.probability))).collect::<Vec<_>>().join(" · ") }
                    } else {
                        { tr.reason.clone().unwrap_or_default() }
                    }
                </p>
                if pods && tr.reason.is_some() {
                    <p class="verdict-why" data-testid="verdict-why">{ tr.reason.clone().unwrap_or_default() }</p>
                }
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
                        { for offer.sources.iter().map(|c| html! { <option value={c.value.clone()} selected={c.value == src}>{ &c.label }</option> }) }
                    </select>
                </label>
                <label class="ctl">
                    <span>{ "To" }</span>
                    <select onchange={on_dst} aria-label="Destination">
                        { for offer.destinations.iter().map(|c| html! { <option value={c.value.clone()} selected={c.value == dst}>{ &c.label }</option> }) }
                    </select>
                </label>
                <button type="submit" class="btn primary" disabled={src.is_empty() || dst.is_empty()}>{ "Send request" }</button>
            </form>
            { result.unwrap_or_default() }
        </div>
    }
}
