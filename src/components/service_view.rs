use super::ViewProps;
use crate::state::Action;
use yew::prelude::*;

/// How many selected pods are named in the header before the rest collapse to a count.
const PODS_SHOWN: usize = 12;

/// The chosen Service, compactly: type, address, ports, selector and the pods it selects.
#[function_component(ServiceViewPanel)]
pub fn service_view(props: &ViewProps) -> Html {
    let a = &props.state.analysis;
    let selected = props.state.selected_service;
    if a.services.is_empty() {
        return html! {
            <section class="card service-head" aria-label="Service">
                <h2>{ "Service" }</h2>
                <p class="muted" data-testid="selected-pods">{ "No valid Service in the manifest yet." }</p>
            </section>
        };
    }
    let chooser = if a.services.len() > 1 {
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
    let Some(svc) = a.objects.get(v.object).and_then(|o| o.service()) else { return html! {} };
    let selector = svc.spec.selector.as_ref().filter(|s| !s.is_empty());
    let ty = svc.spec.type_.as_str();
    let address = if ty == "ExternalName" {
        html! { <><span class="k">{ "CNAME" }</span><code>{ svc.spec.external_name.clone().unwrap_or_else(|| "—".into()) }</code></> }
    } else if svc.is_headless() {
        html! { <><span class="k">{ "Cluster IP" }</span><code>{ "None" }</code><span class="badge soft">{ "headless" }</span></> }
    } else {
        html! { <><span class="k">{ "Cluster IP" }</span><code>{ svc.spec.cluster_ip.clone().unwrap_or_else(|| "not allocated".into()) }</code></> }
    };
    let ports = svc.spec.ports.iter().map(|p| {
        let target = p.target_port.to_string();
        let proto = p.protocol.as_str();
        let mut s = format!("{}/{proto} → {target}", p.port);
        if let Some(n) = p.node_port {
            s.push_str(&format!(" · nodePort {n}"));
        }
        let title = if p.name.is_empty() { "unnamed port".to_string() } else { format!("port \"{}\"", p.name) };
        html! { <code class="port" title={title}>{ if p.name.is_empty() { String::new() } else { format!("{}: ", p.name) } }{ s }</code> }
    });
    let pods: Vec<_> = v.selected.iter().filter_map(|&i| a.objects.get(i)).collect();
    let ready_count = pods.iter().filter(|o| o.pod().is_some_and(|p| p.status.ready)).count();
    let hidden = pods.len().saturating_sub(PODS_SHOWN);
    html! {
        <section class="card service-head" aria-label="Service">
            { chooser }
            <div class="svc-title">
                <h2>
                    <span class="kind">{ "Service" }</span>
                    <span class="svc-name">{ &v.name }</span>
                    <span class="badge">{ ty }</span>
                </h2>
                <span class="svc-ns" title="namespace">{ &v.namespace }</span>
            </div>
            <div class="svc-facts">
                <span class="fact">{ address }</span>
                if !svc.spec.ports.is_empty() {
                    <span class="fact"><span class="k">{ "Ports" }</span>{ for ports }</span>
                }
                if ty != "ExternalName" || selector.is_some() {
                <span class="fact">
                    <span class="k">{ "Selector" }</span>
                    if let Some(sel) = selector {
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
                    if !pods.is_empty() { <span class="muted">{ format!(" ({ready_count} Ready)") }</span> }
                </span>
                <ul class="pod-chips" data-testid="selected-pods">
                    if pods.is_empty() {
                        <li class="muted">{ if ty == "ExternalName" { "none: an ExternalName Service is a DNS alias, it sends nothing to pods." } else if selector.is_some() { "No pod matches the selector." } else { "No selector: no pods are selected." } }</li>
                    }
                    { for pods.iter().take(PODS_SHOWN).map(|o| {
                        let pod = o.pod();
                        let ready = pod.is_some_and(|p| p.status.ready);
                        let terminating = pod.is_some_and(|p| p.is_terminating());
                        let ip = pod.and_then(|p| p.ip()).unwrap_or("no IP");
                        let state = if terminating { "terminating" } else if ready { "Ready" } else { "not Ready" };
                        html! {
                            <li class={classes!("pod-chip", if terminating { "terminating" } else if ready { "ready" } else { "not-ready" })}
                                title={format!("{} · {ip} · {state}", o.name)}>
                                <span class="dot" aria-hidden="true"></span>
                                <span class="pod-name">{ &o.name }</span>
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
