use super::ViewProps;
use crate::components::no_service::no_service;
use engine::api::{EndpointPort, Endpoints};
use engine::model::{EndpointsSource, ManagedBy, ServiceSlice};
use engine::present::endpoints::{
    kubectl_command, kubectl_text, no_endpoints, over_capacity, port_text, row_count, slice_rows, subset_len,
    subset_rows, Condition, NoEndpoints, SliceRow,
};
use yew::prelude::*;

/// Rows shown per table before a "show all" button.
const ROWS: usize = 50;

/// What `kubectl get endpoints,endpointslices -o wide` would print for the chosen Service, and
/// each object in detail.
#[function_component(EndpointsPanel)]
pub fn view(props: &ViewProps) -> Html {
    let show_all = use_state(|| false);
    let state = &props.state;
    let a = state.shown();
    let Some(v) = state.service() else {
        return no_service(
            state,
            "Endpoints and EndpointSlices",
            "Endpoints and EndpointSlices",
            "No valid Service yet: nothing to publish endpoints for.",
            None,
        );
    };
    let e = &v.endpoints;
    let limit = if *show_all { usize::MAX } else { ROWS };
    let toggle = {
        let show_all = show_all.clone();
        Callback::from(move |_| show_all.set(!*show_all))
    };
    let total_rows = row_count(v);
    let why_none = no_endpoints(a, v).map(|why| match why {
        NoEndpoints::ExternalName => "An ExternalName Service has no endpoints: cluster DNS answers its name with a CNAME, and kube-proxy does nothing for it.",
        NoEndpoints::NoSelector => "This Service has no selector, so no controller writes its endpoints. Add an Endpoints object (or an EndpointSlice labelled kubernetes.io/service-name) with the same name to send its traffic somewhere.",
    });
    html! {
        <section class="card views endpoints-panel" aria-label="Endpoints and EndpointSlices">
            <h2>{ "Endpoints and EndpointSlices" }</h2>
            if let Some(why) = why_none {
                <p class="callout">{ why }</p>
            } else {
                <p class="muted lead">
                    { match e.endpoints_source {
                        Some(EndpointsSource::User) => "The Service has no selector: the Endpoints object is yours, and the EndpointSlice mirroring controller copies it into EndpointSlices. kube-proxy and DNS read the slices.",
                        _ => "The endpoints and EndpointSlice controllers write these from the pods the selector picks. kube-proxy and DNS read the EndpointSlices; the v1 Endpoints object is the legacy view.",
                    } }
                </p>
                <h3>{ "What kubectl prints" }</h3>
                <pre class="terminal" data-testid="kubectl-endpoints" tabindex="0" aria-label="What kubectl prints"><span class="prompt">{ "$ " }</span><span class="cmd">{ kubectl_command(v) }</span>{ "\n" }{ kubectl_text(v) }</pre>
                <h3>
                    { "Endpoints " }<code>{ &v.name }</code>
                    <span class="sub">{ match e.endpoints_source { Some(EndpointsSource::User) => "written by you", _ => "endpoints controller" } }</span>
                </h3>
                { endpoints_table(e.endpoints.as_ref(), limit) }
                { for e.slices.iter().map(|s| slice_view(s, limit)) }
                if e.slices.is_empty() {
                    <p class="muted">{ "No EndpointSlice: kube-proxy has nothing to send this Service's traffic to." }</p>
                }
                if total_rows > ROWS {
                    <button class="btn" onclick={toggle}>{ if *show_all { "Show fewer rows".to_string() } else { format!("Show all {total_rows} rows") } }</button>
                }
            }
        </section>
    }
}

fn ports_text(ports: &[EndpointPort]) -> Html {
    if ports.is_empty() {
        return html! { <span class="muted">{ "no ports" }</span> };
    }
    html! {
        { for ports.iter().map(|p| html! { <code class="port">{ port_text(p) }</code> }) }
    }
}

fn endpoints_table(ep: Option<&Endpoints>, limit: usize) -> Html {
    let Some(ep) = ep else {
        return html! { <p class="muted">{ "No Endpoints object." }</p> };
    };
    let truncated = over_capacity(ep);
    if ep.subsets.is_empty() {
        return html! { <p class="muted">{ "subsets: [] — no pod is a candidate (none selected, or none has an IP)." }</p> };
    }
    html! {
        <>
        if truncated {
            <p class="callout warn">{ "Over capacity: the Endpoints object keeps only 1000 addresses (annotation endpoints.kubernetes.io/over-capacity: truncated). EndpointSlices still list every endpoint." }</p>
        }
        { for ep.subsets.iter().enumerate().map(|(i, ss)| {
            let n = subset_len(ss);
            html! {
                <div class="table-wrap" tabindex="0" role="region" aria-label={format!("Endpoints subsets[{i}]")}>
                    <table class="data">
                        <caption>{ format!("subsets[{i}] · ports ") }{ ports_text(&ss.ports) }</caption>
                        <thead><tr><th>{ "Address" }</th><th>{ "List" }</th><th>{ "Node" }</th><th>{ "Hostname" }</th><th>{ "Target" }</th></tr></thead>
                        <tbody>
                            { for subset_rows(ss).take(limit).map(|r| html! {
                                <tr>
                                    <td><code>{ r.ip }</code></td>
                                    <td>
                                        if r.ready { <span class="cond on">{ "addresses" }</span> }
                                        else { <span class="cond warn">{ "notReadyAddresses" }</span> }
                                    </td>
                                    <td>{ r.node.unwrap_or("—") }</td>
                                    <td>{ r.hostname.unwrap_or("—") }</td>
                                    <td>{ r.target.unwrap_or_else(|| "—".into()) }</td>
                                </tr>
                            }) }
                            if n > limit { <tr><td colspan="5" class="muted">{ format!("… {} more", n - limit) }</td></tr> }
                        </tbody>
                    </table>
                </div>
            }
        }) }
        </>
    }
}

fn cond(c: &Condition) -> Html {
    let class = if c.healthy {
        "on"
    } else if c.name == "terminating" {
        "warn"
    } else {
        "off"
    };
    html! { <span class={classes!("cond", class)} title={c.title()}>{ c.text() }</span> }
}

fn slice_endpoint_row(r: SliceRow) -> Html {
    html! {
        <tr>
            <td>{ for r.addresses.iter().map(|a| html! { <code>{ a }</code> }) }</td>
            <td class="conds">{ for r.conditions.iter().map(cond) }</td>
            <td>{ r.node.unwrap_or("—") }</td>
            <td>{ r.zone.unwrap_or("—") }</td>
            <td>{ r.hints.unwrap_or_else(|| "—".into()) }</td>
            <td>{ r.target.unwrap_or_else(|| "—".into()) }</td>
        </tr>
    }
}

fn slice_view(s: &ServiceSlice, limit: usize) -> Html {
    let sl = &s.slice;
    let who = match s.managed_by {
        ManagedBy::Controller => "EndpointSlice controller",
        ManagedBy::Mirroring => "mirrored from your Endpoints",
        ManagedBy::User => "written by you",
    };
    let n = sl.endpoints.len();
    html! {
        <>
        <h3>{ "EndpointSlice " }<code>{ &sl.metadata.name }</code><span class="sub">{ who }</span></h3>
        <dl class="facts compact">
            <dt>{ "managed-by" }</dt><dd><code>{ s.managed_by.as_str() }</code></dd>
            <dt>{ "addressType" }</dt><dd>{ &sl.address_type }</dd>
            <dt>{ "ports" }</dt><dd>{ ports_text(&sl.ports) }</dd>
        </dl>
        if n == 0 {
            <p class="muted">{ "endpoints: [] — no ready or not-ready pods to list." }</p>
        } else {
            <div class="table-wrap" tabindex="0" role="region" aria-label={format!("EndpointSlice {}", sl.metadata.name)}>
                <table class="data">
                    <thead><tr><th>{ "Addresses" }</th><th>{ "Conditions" }</th><th>{ "Node" }</th><th>{ "Zone" }</th><th>{ "Hints" }</th><th>{ "Target" }</th></tr></thead>
                    <tbody>
                        { for slice_rows(sl).take(limit).map(slice_endpoint_row) }
                        if n > limit { <tr><td colspan="6" class="muted">{ format!("… {} more", n - limit) }</td></tr> }
                    </tbody>
                </table>
            </div>
        }
        </>
    }
}
