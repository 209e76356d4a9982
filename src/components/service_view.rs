use super::no_service::jump;
use super::service_search::ServiceSearch;

use super::teach::{docs_link, explainer, type_ladder};
use super::ViewProps;
use crate::state::Action;
use engine::model::ServiceType;
use engine::present::chooser::searchable;
use engine::present::pod::PodState;
use engine::present::problems::first_error;
use engine::present::service::{port_text, summary, Address, NoPods};
use engine::present::teach::{self, Mark, PodLabels};
use yew::prelude::*;

/// How many selected pods are named in the header before the rest collapse to a count.
const PODS_SHOWN: usize = 12;

/// The chosen Service, compactly: type, address, ports, selector and the pods it selects.
#[function_component(ServiceViewPanel)]
pub fn service_view(props: &ViewProps) -> Html {
    let a = props.state.shown();
    let selected = props.state.selected_service;
    if a.services.is_empty() {
        return html! {
            <section class="card service-head" aria-label="Service">
                <h2>{ "Service" }</h2>
                <p class="muted" data-testid="selected-pods">
                    if let Some(e) = first_error(&props.state.analysis) {
                        { "No valid Service: the manifest has an error at " }{ jump(&props.state, &e) }{ "." }
                    } else {
                        { "No valid Service in the manifest yet." }
                    }
                </p>
            </section>
        };
    }
    let chooser = if searchable(a) {
        html! { <ServiceSearch state={props.state.clone()} seen={props.seen.clone()} /> }
    } else if a.services.len() > 1 {
        let d = props.state.dispatcher();
        html! {
            <div class="chooser" role="tablist" aria-label="Services">
                { for a.services.iter().enumerate().map(|(i, v)| {
                    let d = d.clone();
                    html! {
                        <button role="tab" aria-selected={(i == selected).to_string()}
                            class={classes!("tab", (i == selected).then_some("active"))}
                            onclick={Callback::from(move |_| d.dispatch(Action::SelectService(i)))}>
                            { format!("{}/{}", v.namespace, v.name) }
                        </button>
                    }
                }) }
            </div>
        }
    } else {
        html! {}
    };
    let Some(v) = a.services.get(selected) else { return html! {} };
    let Some(svc) = summary(a, v) else { return html! {} };
    let address = match svc.address {
        Address::ExternalName(target) => {
            html! { <><span class="k">{ "CNAME" }</span><code>{ target.unwrap_or("—") }</code></> }
        }
        Address::Headless => {
            html! { <><span class="k">{ "Cluster IP" }</span><code>{ "None" }</code><span class="badge soft">{ "headless" }</span></> }
        }
        Address::ClusterIp(ip) => {
            html! { <><span class="k">{ "Cluster IP" }</span><code>{ ip.unwrap_or("not allocated") }</code></> }
        }
    };
    let ports = svc.ports.iter().map(|p| {
        let title = if p.name.is_empty() { "unnamed port".to_string() } else { format!("port \"{}\"", p.name) };
        html! { <code class="port" title={title}>{ if p.name.is_empty() { String::new() } else { format!("{}: ", p.name) } }{ port_text(p) }</code> }
    });
    let pods = &svc.pods;
    let external_name = svc.type_ == ServiceType::ExternalName;
    // Only the pods shown get their labels marked (a 1,000-pod Service shows a dozen).
    let teach::PodLabelsShown { selected: labelled, near, near_total } =
        teach::pod_labels_first(a, v, PODS_SHOWN, NEAR_MISSES_SHOWN);
    let near_hidden = near_total.saturating_sub(near.len());
    let hidden = pods.len().saturating_sub(PODS_SHOWN);
    let plain: Vec<Html> = pods
        .iter()
        .take(if labelled.is_empty() { PODS_SHOWN } else { 0 })
        .map(|p| {
            let ip = p.ip.unwrap_or("no IP");
            let state = state_words(p.state);
            html! {
                <li class={classes!("pod-chip", p.state.class())}
                    title={format!("{} · {ip} · {state}", p.name)}>
                    <span class="dot" aria-hidden="true"></span>
                    <span class="pod-name">{ p.name }</span>
                    <span class="sr-only">{ format!(" {ip}, {state}") }</span>
                </li>
            }
        })
        .collect();
    html! {
        <section class="card service-head" aria-label="Service">
            { chooser }
            <div class="svc-title">
                <h2>
                    <span class="kind">{ "Service" }</span>
                    <span class="svc-name">{ &v.name }</span>
                    <span class="badge" data-testid="type-badge">{ svc.type_.as_str() }</span>
                </h2>
                { docs_link(teach::type_docs(svc.type_), &format!("type {}", svc.type_)) }
                <span class="svc-ns" title="namespace">{ &v.namespace }</span>
            </div>
            <div class="svc-facts">
                <span class="fact">{ address }</span>
                if !svc.ports.is_empty() {
                    <span class="fact"><span class="k">{ "Ports" }</span>{ for ports }</span>
                }
                if !external_name || svc.selector.is_some() {
                <span class="fact">
                    <span class="k">{ "Selector" }</span>
                    if let Some(sel) = svc.selector {
                        { for sel.iter().map(|(k, val)| html! { <code class="label">{ format!("{k}={val}") }</code> }) }
                    } else {
                        <span class="muted">{ "none (endpoints are managed by hand)" }</span>
                    }
                </span>
                }
            </div>
            <div class="svc-pods">
                <span class="k">
                    { format!("Selects {} pod{}", pods.len(), if pods.len() == 1 { "" } else { "s" }) }
                    if !pods.is_empty() { <span class="muted">{ format!(" ({} Ready)", svc.ready) }</span> }
                </span>
                <ul class="pod-chips" data-testid="selected-pods">
                    if pods.is_empty() {
                        <li class="muted">{ match svc.no_pods {
                            NoPods::ExternalName => "none: an ExternalName Service is a DNS alias, it sends nothing to pods.",
                            NoPods::NoMatch => "No pod matches the selector.",
                            NoPods::NoSelector => "No selector: no pods are selected.",
                        } }</li>
                    }
                    { for plain }
                    { for labelled.iter().map(labelled_chip) }
                    if hidden > 0 {
                        <li class="pod-chip more">{ format!("+{hidden} more") }</li>
                    }
                </ul>
            </div>
            if !near.is_empty() {
                <div class="svc-pods near">
                    <span class="k">{ "Not selected, labels differ" }</span>
                    <ul class="pod-chips" data-testid="near-miss-pods">
                        { for near.iter().map(labelled_chip) }
                        if near_hidden > 0 { <li class="pod-chip more">{ format!("+{near_hidden} more") }</li> }
                    </ul>
                </div>
            }
            { teach::ladder(a, v).map(|l| type_ladder(&l)).unwrap_or_default() }
            { explainer(&teach::port_chains(a, v)) }
        </section>
    }
}

/// How many pods the selector narrowly misses are shown (pods of the namespace with one of its keys).
const NEAR_MISSES_SHOWN: usize = 4;

fn state_words(s: PodState) -> &'static str {
    match s {
        PodState::Terminating => "terminating",
        PodState::Ready => "Ready",
        PodState::Unselected => "not selected",
        PodState::NotReady => "not Ready",
    }
}

/// A pod chip with its labels: selector keys marked as matching (✓) or not (✗, with the value the
/// selector wants), missing selector keys struck through, the other labels plain.
fn labelled_chip(p: &PodLabels) -> Html {
    let state = state_words(p.state);
    html! {
        <li class={classes!("pod-chip", "labelled", p.state.class())} data-pod={p.name.clone()}>
            <span class="dot" aria-hidden="true"></span>
            <span class="pod-name">{ &p.name }</span>
            <span class="sr-only">{ format!(", {state}; labels:") }</span>
            <span class="pod-labels">
                { for p.badges.iter().map(|b| {
                    let (class, sign, title) = match &b.mark {
                        Mark::Matches => ("match", "✓", "matches the selector".to_string()),
                        Mark::Differs { want } => ("mismatch", "✗", format!("the selector wants {}={want}", b.key)),
                        Mark::Ignored => ("ignored", "", "not in the selector".to_string()),
                    };
                    html! {
                        <span class={classes!("lbl", class)} title={title.clone()}>
                            if !sign.is_empty() { <span aria-hidden="true">{ sign }</span> }
                            { format!("{}={}", b.key, b.value) }
                            <span class="sr-only">{ format!(" ({title})") }</span>
                        </span>
                    }
                }) }
                { for p.missing.iter().map(|(k, want)| html! {
                    <span class="lbl missing" title={format!("no label {k}: the selector wants {k}={want}")}>
                        <span aria-hidden="true">{ "✗" }</span>{ format!("{k}={want}") }
                        <span class="sr-only">{ " (missing: the pod has no such label)" }</span>
                    </span>
                }) }
            </span>
        </li>
    }
}
