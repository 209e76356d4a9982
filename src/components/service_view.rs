use super::no_service::jump;
use super::service_search::ServiceSearch;
use super::ViewProps;
use crate::state::Action;
use engine::model::ServiceType;
use engine::present::chooser::searchable;
use engine::present::pod::PodState;
use engine::present::problems::first_error;
use engine::present::service::{port_text, summary, Address, NoPods};
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
    let hidden = pods.len().saturating_sub(PODS_SHOWN);
    html! {
        <section class="card service-head" aria-label="Service">
            { chooser }
            <div class="svc-title">
                <h2>
                    <span class="kind">{ "Service" }</span>
                    <span class="svc-name">{ &v.name }</span>
                    <span class="badge">{ svc.type_.as_str() }</span>
                </h2>
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
                    { for pods.iter().take(PODS_SHOWN).map(|p| {
                        let ip = p.ip.unwrap_or("no IP");
                        let state = match p.state {
                            PodState::Terminating => "terminating",
                            PodState::Ready => "Ready",
                            _ => "not Ready",
                        };
                        html! {
                            <li class={classes!("pod-chip", p.state.class())}
                                title={format!("{} · {ip} · {state}", p.name)}>
                                <span class="dot" aria-hidden="true"></span>
                                <span class="pod-name">{ p.name }</span>
                                <span class="sr-only">{ format!(" {ip}, {state}") }</span>
                            </li>
                        }
                    }) }
                    if hidden > 0 {
                        <li class="pod-chip more">{ format!("+{hidden} more") }</li>
                    }
                </ul>
            </div>
        </section>
    }
}
