//! The routing table: what kube-proxy programs for the chosen Service — per port, each frontend
//! (cluster IP, nodePort, load-balancer VIP, external IP) × node × kind of source → verdict,
//! endpoints with probabilities, SNAT — and the health-check node port per node. Rows that are
//! the same on every node are folded into one.

use super::ViewProps;
use crate::components::no_service::no_service;
use engine::model::{Route, RouteEndpoint, SourceKind, Verdict};
use engine::present::routes::{fold, more_text, nodes_text};
use engine::present::service::port_label;
use engine::util::text::percent;
use yew::prelude::*;

/// Rows drawn before "show all".
const ROWS: usize = 60;

fn source_words(s: SourceKind) -> &'static str {
    match s {
        SourceKind::Pod => "a pod",
        SourceKind::External => "outside",
        SourceKind::Host => "the node itself",
    }
}

fn endpoints_cell(r: &Route, endpoints: &[RouteEndpoint]) -> Html {
    if r.verdict != Verdict::Forward {
        return html! { <span class="muted">{ r.reason_text().unwrap_or_default() }</span> };
    }
    html! {
        <>
        { for endpoints.iter().take(8).map(|e| html! {
            <span class="prob" title={format!("{}:{}{}", e.address, e.port, if e.terminating { " (terminating, still serving)" } else { "" })}>
                <span class="bar" style={format!("width:{:.1}rem", (e.probability * 3.0).max(0.15))}></span>
                <code>{ e.pod.clone().unwrap_or_else(|| format!("{}:{}", e.address, e.port)) }</code>
                { percent(e.probability) }
                if e.terminating { <span class="pill">{ "terminating" }</span> }
            </span>
        }) }
        if let Some(more) = more_text(endpoints, 8) { <span class="muted">{ more }</span> }
        </>
    }
}

#[function_component(RoutesPanel)]
pub fn view(props: &ViewProps) -> Html {
    // None: any source.
    let filter = use_state_eq(|| None::<SourceKind>);
    let node_filter = use_state_eq(String::new);
    let show_all = use_state_eq(|| false);
    let state = &props.state;
    let a = state.shown();
    let Some(v) = state.service() else {
        return no_service(
            state,
            "Routing table",
            "Routing table",
            "No valid Service yet: kube-proxy has nothing to program.",
            None,
        );
    };
    let r = &v.routes;
    if let Some(why) = &r.unproxied {
        return html! {
            <section class="card views routes-panel" aria-label="Routing table">
                <h2>{ "Routing table" }</h2>
                <p class="callout" data-testid="routes-unproxied">{ "kube-proxy programs nothing for this Service: " }{ why }</p>
            </section>
        };
    }
    let total_nodes = a.nodes.len();
    let on_source = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            filter.set(SourceKind::ALL.into_iter().find(|k| k.as_str() == s.value()));
        })
    };
    let on_node = {
        let node_filter = node_filter.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            node_filter.set(s.value());
        })
    };
    let limit = if *show_all { usize::MAX } else { ROWS };
    let mut hidden_rows = 0usize;
    let ports = r.ports.iter().map(|pr| {
        let rows = fold(pr, *filter, Some(node_filter.as_str()).filter(|n| !n.is_empty()));
        hidden_rows += rows.len().saturating_sub(limit);
        html! {
            <>
            <h3>
                { format!("Port {}", port_label(&pr.name, pr.port, pr.protocol)) }
                if let Some(np) = pr.node_port { <span class="sub">{ format!("nodePort {np}") }</span> }
            </h3>
            if rows.is_empty() {
                <p class="muted">{ "No frontends for this port (no cluster IP yet?)." }</p>
            } else {
                <div class="table-wrap" tabindex="0" role="region" aria-label="What kube-proxy does">
                    <table class="data routes" data-testid="routes-table">
                        <thead><tr><th>{ "Traffic" }</th><th>{ "What kube-proxy does" }</th></tr></thead>
                        <tbody>
                            { for rows.iter().take(limit).enumerate().map(|(i, row)| {
                                let rt = row.route;
                                let verdict = rt.verdict.as_str();
                                let first = i == 0 || rows[i - 1].address != row.address || rows[i - 1].kind != row.kind;
                                html! {
                                    <>
                                    if first {
                                        <tr class="group"><th colspan="2"><span class="pill">{ row.kind.words() }</span>{ " " }<code>{ &row.address }</code></th></tr>
                                    }
                                    <tr class={classes!((rt.verdict != Verdict::Forward).then_some("dropped"))}>
                                        <td class="traffic-cell">
                                            <strong>{ format!("from {}", source_words(row.source)) }</strong>
                                            <div class="muted small">{ format!("on {}", nodes_text(&row.nodes, total_nodes)) }</div>
                                        </td>
                                        <td>
                                            <div class="does">
                                                <span class={classes!("verdict-cell", verdict.to_ascii_lowercase())}>{ verdict }</span>
                                                { endpoints_cell(rt, row.endpoints) }
                                                if rt.verdict == Verdict::Forward {
                                                    <span class={classes!("pill", if rt.snat { "snat" } else { "keep" })} title={rt.snat_reason.clone()}>{ if rt.snat { "source NATed to the node" } else { "source IP kept" } }</span>
                                                }
                                            </div>
                                            <div class="muted small">{ &rt.rule }</div>
                                            if !rt.notes.is_empty() { <div class="small">{ rt.notes.join("; ") }</div> }
                                        </td>
                                    </tr>
                                    </>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            </>
        }
    }).collect::<Vec<Html>>();
    html! {
        <section class="card views routes-panel" aria-label="Routing table">
            <h2>{ "Routing table" }</h2>
            <p class="muted lead">{ "What kube-proxy programs on every node (iptables / nftables mode): for each way in, each node and each kind of source, where a new connection goes. Rows that are the same on several nodes are folded." }</p>
            if !r.notes.is_empty() || r.session_affinity.is_some() {
                <ul class="dg-notes">
                    { for r.notes.iter().map(|n| html! { <li>{ n }</li> }) }
                    if let Some(s) = &r.session_affinity {
                        <li>{ format!("sessionAffinity ClientIP: after its first connection, a client IP keeps its endpoint while less than {}s pass between its new connections.", s.timeout_seconds) }</li>
                    }
                </ul>
            }
            <div class="filters">
                <label class="ctl"><span>{ "From" }</span>
                    <select onchange={on_source} aria-label="Filter by source">
                        <option value="all" selected={filter.is_none()}>{ "any source" }</option>
                        <option value="pod" selected={*filter == Some(SourceKind::Pod)}>{ "a pod" }</option>
                        <option value="external" selected={*filter == Some(SourceKind::External)}>{ "outside the cluster" }</option>
                        <option value="host" selected={*filter == Some(SourceKind::Host)}>{ "the node itself (host network)" }</option>
                    </select>
                </label>
                <label class="ctl"><span>{ "Node" }</span>
                    <select onchange={on_node} aria-label="Filter by node">
                        <option value="" selected={node_filter.is_empty()}>{ "every node" }</option>
                        { for a.nodes.iter().map(|n| html! { <option value={n.name.clone()} selected={*node_filter == n.name}>{ &n.name }</option> }) }
                    </select>
                </label>
            </div>
            { for ports }
            if hidden_rows > 0 || *show_all {
                <button class="btn" onclick={{ let s = show_all.clone(); Callback::from(move |_| s.set(!*s)) }}>
                    { if *show_all { "Show fewer rows".to_string() } else { format!("Show {hidden_rows} more rows") } }
                </button>
            }
            if let Some(h) = &r.health_check {
                <h3>{ "Health check node port" }<span class="sub">{ h.port.map(|p| format!("healthCheckNodePort {p}")).unwrap_or_else(|| "not allocated".into()) }</span></h3>
                <p class="muted small">{ "With externalTrafficPolicy: Local, kube-proxy answers the load balancer's health check on every node: 200 when the node has a ready pod of the Service, 503 otherwise — so the load balancer only sends to nodes that can serve locally." }</p>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Health check answers">
                    <table class="data" data-testid="health-table">
                        <thead><tr><th>{ "Node" }</th><th>{ "Answer" }</th><th>{ "Local ready endpoints" }</th></tr></thead>
                        <tbody>
                            { for h.nodes.iter().map(|n| html! {
                                <tr class={classes!((n.status != 200).then_some("dropped"))}>
                                    <td>{ &n.node }</td>
                                    <td class={classes!("verdict-cell", if n.status == 200 { "forward" } else { "drop" })}>{ if n.status == 200 { "200 OK" } else { "503" } }</td>
                                    <td>{ n.local_endpoints }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}
