//! The details box under the diagram: a node (its facts and kube-proxy's routes there for the
//! focus), a pod (its facts, endpoint and share, and why the selector misses it), an endpoint that
//! is no pod, the Service, or the client.

use super::Detail;
use engine::model::{FrontendKind, SourceKind};
use engine::present::diagram::details::{node_routes, pod_details};
use engine::present::diagram::{percent, Model};
use engine::{Analysis, ServiceView};
use yew::prelude::*;

fn source_words(s: SourceKind) -> &'static str {
    match s {
        SourceKind::Pod => "a pod",
        SourceKind::External => "outside",
        SourceKind::Host => "the node itself",
    }
}

fn node_details(m: &Model, a: &Analysis, v: &ServiceView, name: &str) -> Html {
    let node = a.node(name);
    let lane = m.lanes.iter().find(|l| l.name == name);
    let routes = if node.is_some() { node_routes(v, m, name) } else { Vec::new() };
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
            <ul class="routes-list">
                { for routes.iter().map(|r| html! {
                    <li><strong>{ format!("from {}: ", source_words(r.source)) }</strong>{ &r.text }<div class="muted small">{ &r.rule }</div></li>
                }) }
            </ul>
        }
        </>
    }
}

fn pod_box(m: &Model, a: &Analysis, v: &ServiceView, id: engine::model::ObjectId) -> Html {
    let Some(d) = pod_details(a, v, m, id) else {
        return html! { <h3>{ format!("Pod {}", a.objects.get(id).map(|o| o.name.as_str()).unwrap_or("?")) }</h3> };
    };
    let condition = match d.ready_condition {
        Some(true) => " (Ready condition True)",
        Some(false) => " (Ready condition False)",
        None => " (no Ready condition)",
    };
    html! {
        <>
        <h3>{ format!("Pod {}", d.name) }</h3>
        <dl class="facts compact">
            <dt>{ "Namespace" }</dt><dd>{ &d.namespace }</dd>
            <dt>{ "IP" }</dt><dd><code>{ d.ip.as_deref().unwrap_or("none") }</code></dd>
            <dt>{ "Node" }</dt><dd>{ d.node.clone().unwrap_or_else(|| "not scheduled".into()) }</dd>
            <dt>{ "State" }</dt><dd>{ d.state.map(|s| s.words()).unwrap_or("—") }{ condition }</dd>
            <dt>{ "Labels" }</dt><dd>{ for d.labels.iter().map(|(k, val)| html! { <code class="label">{ format!("{k}={val}") }</code> }) }</dd>
            if let Some((endpoint, share)) = &d.endpoint {
                <dt>{ "Endpoint" }</dt><dd><code>{ endpoint }</code>{ share.map(|s| format!(" — {} of new connections", percent(s))).unwrap_or_default() }</dd>
            }
            if !d.misses.is_empty() {
                <dt>{ "Not selected" }</dt><dd>{ d.misses.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ") }</dd>
            }
        </dl>
        </>
    }
}

pub(super) fn details_box(
    m: &Model,
    a: &Analysis,
    v: &ServiceView,
    d: Detail,
    detail: &UseStateHandle<Option<Detail>>,
) -> Html {
    let close = {
        let detail = detail.clone();
        Callback::from(move |_| detail.set(None))
    };
    let body = match &d {
        Detail::Node(name) => node_details(m, a, v, name),
        Detail::Pod(i) => pod_box(m, a, v, *i),
        Detail::Endpoint(ip) => html! {
            <>
            <h3>{ format!("Endpoint {ip}") }</h3>
            <p class="muted">{ "An endpoint address that is no pod of the input (written by hand in an Endpoints or EndpointSlice object). kube-proxy sends traffic to it all the same." }</p>
            </>
        },
        Detail::Service => {
            let cluster_ip = a.objects.get(v.object).and_then(|o| o.service()).and_then(|s| s.spec.cluster_ip.clone());
            html! {
                <>
                <h3>{ format!("Service {}", v.name) }</h3>
                <dl class="facts compact">
                    <dt>{ "Type" }</dt><dd>{ &m.type_ }</dd>
                    <dt>{ "Cluster IP" }</dt><dd><code>{ cluster_ip.unwrap_or_else(|| "—".into()) }</code></dd>
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
