use super::ViewProps;
use crate::state::Action;
use yew::prelude::*;

/// The chosen Service: its type, address, ports, and the pods its selector picks.
#[function_component(ServiceViewPanel)]
pub fn service_view(props: &ViewProps) -> Html {
    let a = &props.state.analysis;
    let selected = props.state.selected_service;
    if a.services.is_empty() {
        return html! {
            <section class="card" aria-label="Service">
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
    html! {
        <section class="card service" aria-label="Service">
            { chooser }
            <h2>
                <span class="kind">{ "Service" }</span>{ " " }{ &v.name }
                <span class="badge">{ svc.type_() }</span>
            </h2>
            <dl class="facts">
                <dt>{ "Namespace" }</dt><dd>{ &v.namespace }</dd>
                <dt>{ "Cluster IP" }</dt><dd><code>{ svc.spec.cluster_ip.clone().unwrap_or_else(|| "—".into()) }</code></dd>
                <dt>{ "Selector" }</dt>
                <dd>
                    if let Some(sel) = selector {
                        { for sel.iter().map(|(k, val)| html! { <code class="label">{ format!("{k}={val}") }</code> }) }
                    } else {
                        <span class="muted">{ "none — endpoints are managed by hand" }</span>
                    }
                </dd>
            </dl>
            <h3>{ "Ports" }</h3>
            <table class="ports">
                <thead><tr><th>{ "Name" }</th><th>{ "Port" }</th><th>{ "Target" }</th><th>{ "NodePort" }</th></tr></thead>
                <tbody>
                    { for svc.spec.ports.iter().map(|p| html! {
                        <tr>
                            <td>{ p.name.clone().unwrap_or_else(|| "—".into()) }</td>
                            <td>{ format!("{}/{}", p.port, p.protocol.as_deref().unwrap_or("TCP")) }</td>
                            <td>{ p.target_port.as_ref().map(|t| t.to_string()).unwrap_or_else(|| p.port.to_string()) }</td>
                            <td>{ p.node_port.map(|n| n.to_string()).unwrap_or_else(|| "—".into()) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <h3>{ format!("Selected pods ({})", v.selected.len()) }</h3>
            <ul class="pods" data-testid="selected-pods">
                if v.selected.is_empty() {
                    <li class="muted">{ if selector.is_some() { "No pod matches the selector." } else { "No selector: no pods are selected." } }</li>
                }
                { for v.selected.iter().filter_map(|&i| a.objects.get(i)).map(|o| {
                    let pod = o.pod();
                    let ready = pod.is_some_and(|p| p.status.ready);
                    let ip = pod.and_then(|p| p.ip()).unwrap_or("no IP");
                    html! {
                        <li class={classes!("pod", ready.then_some("ready"))}>
                            <span class="pod-name">{ &o.name }</span>
                            <code>{ ip }</code>
                            <span class="state">{ if ready { "Ready" } else { "not Ready" } }</span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
