use super::ViewProps;
use engine::api::{EndpointAddress, EndpointPort, Endpoints, SliceEndpoint};
use engine::model::{EndpointsSource, ManagedBy, ServiceSlice};
use engine::util::ip;
use yew::prelude::*;

/// Rows shown per table before a "show all" button.
const ROWS: usize = 50;

/// What `kubectl get endpoints,endpointslices -o wide` would print for the chosen Service, and
/// each object in detail.
#[function_component(EndpointsPanel)]
pub fn view(props: &ViewProps) -> Html {
    let show_all = use_state(|| false);
    let state = &props.state;
    let a = &state.analysis;
    let Some(v) = state.service() else {
        return html! {
            <section class="card views" aria-label="Endpoints and EndpointSlices">
                <h2>{ "Endpoints and EndpointSlices" }</h2>
                <p class="muted">{ "No valid Service yet: nothing to publish endpoints for." }</p>
            </section>
        };
    };
    let svc = a.objects.get(v.object).and_then(|o| o.service());
    let ty = svc.map_or("ClusterIP", |s| s.spec.type_.as_str());
    let has_selector = svc.is_some_and(|s| s.has_selector());
    let e = &v.endpoints;
    let limit = if *show_all { usize::MAX } else { ROWS };
    let toggle = {
        let show_all = show_all.clone();
        Callback::from(move |_| show_all.set(!*show_all))
    };
    let total_rows = e
        .endpoints
        .as_ref()
        .map_or(0, |ep| ep.subsets.iter().map(|s| s.addresses.len() + s.not_ready_addresses.len()).sum())
        .max(e.slices.iter().map(|s| s.slice.endpoints.len()).max().unwrap_or(0));
    let why_none = if ty == "ExternalName" {
        Some("An ExternalName Service has no endpoints: cluster DNS answers its name with a CNAME, and kube-proxy does nothing for it.")
    } else if !has_selector && e.endpoints.is_none() && e.slices.is_empty() {
        Some("This Service has no selector, so no controller writes its endpoints. Add an Endpoints object (or an EndpointSlice labelled kubernetes.io/service-name) with the same name to send its traffic somewhere.")
    } else {
        None
    };
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
                <pre class="terminal" data-testid="kubectl-endpoints"><span class="prompt">{ "$ " }</span><span class="cmd">{ format!("kubectl get endpoints,endpointslices -n {} -o wide", v.namespace) }</span>{ "\n" }{ kubectl_text(&v.name, e.endpoints.as_ref(), &e.slices) }</pre>
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

/// `kubectl get endpoints,endpointslices -o wide`: kubectl shows the first 3 addresses and "+ N more...".
fn kubectl_text(name: &str, ep: Option<&Endpoints>, slices: &[ServiceSlice]) -> String {
    fn first3(items: Vec<String>) -> String {
        if items.is_empty() {
            return "<none>".into();
        }
        let more = items.len().saturating_sub(3);
        let mut s = items.into_iter().take(3).collect::<Vec<_>>().join(",");
        if more > 0 {
            s.push_str(&format!(" + {more} more..."));
        }
        s
    }
    let mut rows: Vec<[String; 4]> = Vec::new();
    if let Some(ep) = ep {
        let mut addrs = Vec::new();
        for ss in &ep.subsets {
            for ad in &ss.addresses {
                if ss.ports.is_empty() {
                    addrs.push(ad.ip.clone());
                }
                for p in &ss.ports {
                    addrs.push(ip::host_port(&ad.ip, p.port));
                }
            }
        }
        rows.push([format!("endpoints/{name}"), String::new(), String::new(), first3(addrs)]);
    }
    for s in slices {
        let sl = &s.slice;
        let ports = if sl.ports.is_empty() {
            "<unset>".into()
        } else {
            sl.ports.iter().map(|p| p.port.to_string()).collect::<Vec<_>>().join(",")
        };
        let addrs = sl.endpoints.iter().flat_map(|e| e.addresses.iter().cloned()).collect();
        rows.push([
            format!("endpointslice.discovery.k8s.io/{}", sl.metadata.name),
            sl.address_type.clone(),
            ports,
            first3(addrs),
        ]);
    }
    let mut out = String::new();
    let ep_rows: Vec<_> = rows.iter().filter(|r| r[0].starts_with("endpoints/")).collect();
    let sl_rows: Vec<_> = rows.iter().filter(|r| !r[0].starts_with("endpoints/")).collect();
    if !ep_rows.is_empty() {
        let w = ep_rows.iter().map(|r| r[0].len()).max().unwrap_or(0).max(4) + 3;
        out.push_str(&format!("{:w$}{}\n", "NAME", "ENDPOINTS"));
        for r in &ep_rows {
            out.push_str(&format!("{:w$}{}\n", r[0], r[3]));
        }
    }
    if !sl_rows.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        let w0 = sl_rows.iter().map(|r| r[0].len()).max().unwrap_or(0).max(4) + 3;
        let w1 = sl_rows.iter().map(|r| r[1].len()).max().unwrap_or(0).max(11) + 3;
        let w2 = sl_rows.iter().map(|r| r[2].len()).max().unwrap_or(0).max(5) + 3;
        out.push_str(&format!("{:w0$}{:w1$}{:w2$}{}\n", "NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS"));
        for r in &sl_rows {
            out.push_str(&format!("{:w0$}{:w1$}{:w2$}{}\n", r[0], r[1], r[2], r[3]));
        }
    }
    if out.is_empty() {
        out.push_str("No resources found.\n");
    }
    out.trim_end().to_string()
}

fn ports_text(ports: &[EndpointPort]) -> Html {
    if ports.is_empty() {
        return html! { <span class="muted">{ "no ports" }</span> };
    }
    html! {
        { for ports.iter().map(|p| {
            let name = p.name.as_deref().filter(|n| !n.is_empty());
            html! { <code class="port">{ name.map(|n| format!("{n}: ")).unwrap_or_default() }{ format!("{}/{}", p.port, p.protocol) }</code> }
        }) }
    }
}

fn target_text(ad: &EndpointAddress) -> String {
    ad.target_ref.as_ref().map(|r| format!("{}/{}", r.kind, r.name)).unwrap_or_else(|| "—".into())
}

fn endpoints_table(ep: Option<&Endpoints>, limit: usize) -> Html {
    let Some(ep) = ep else {
        return html! { <p class="muted">{ "No Endpoints object." }</p> };
    };
    let truncated = ep.metadata.annotations.contains_key("endpoints.kubernetes.io/over-capacity");
    if ep.subsets.is_empty() {
        return html! { <p class="muted">{ "subsets: [] — no pod is a candidate (none selected, or none has an IP)." }</p> };
    }
    html! {
        <>
        if truncated {
            <p class="callout warn">{ "Over capacity: the Endpoints object keeps only 1000 addresses (annotation endpoints.kubernetes.io/over-capacity: truncated). EndpointSlices still list every endpoint." }</p>
        }
        { for ep.subsets.iter().enumerate().map(|(i, ss)| {
            let rows = ss.addresses.iter().map(|a| (a, true)).chain(ss.not_ready_addresses.iter().map(|a| (a, false)));
            let n = ss.addresses.len() + ss.not_ready_addresses.len();
            html! {
                <div class="table-wrap">
                    <table class="data">
                        <caption>{ format!("subsets[{i}] · ports ") }{ ports_text(&ss.ports) }</caption>
                        <thead><tr><th>{ "Address" }</th><th>{ "List" }</th><th>{ "Node" }</th><th>{ "Hostname" }</th><th>{ "Target" }</th></tr></thead>
                        <tbody>
                            { for rows.take(limit).map(|(ad, ready)| html! {
                                <tr>
                                    <td><code>{ &ad.ip }</code></td>
                                    <td>
                                        if ready { <span class="cond on">{ "addresses" }</span> }
                                        else { <span class="cond warn">{ "notReadyAddresses" }</span> }
                                    </td>
                                    <td>{ ad.node_name.clone().unwrap_or_else(|| "—".into()) }</td>
                                    <td>{ ad.hostname.clone().unwrap_or_else(|| "—".into()) }</td>
                                    <td>{ target_text(ad) }</td>
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

fn cond(label: &'static str, value: Option<bool>, good_when: bool) -> Html {
    let on = value.unwrap_or(label != "terminating");
    let class = if on == good_when {
        "on"
    } else if label == "terminating" {
        "warn"
    } else {
        "off"
    };
    let title = match value {
        None => format!("{label}: not set (read as {on})"),
        Some(v) => format!("{label}: {v}"),
    };
    html! { <span class={classes!("cond", class)} title={title}>{ if on { label.to_string() } else { format!("not {label}") } }</span> }
}

fn slice_endpoint_row(e: &SliceEndpoint) -> Html {
    let c = &e.conditions;
    let hints = e.hints.as_ref().map(|h| {
        let mut parts: Vec<String> = h.for_zones.iter().map(|z| format!("zone {z}")).collect();
        parts.extend(h.for_nodes.iter().map(|n| format!("node {n}")));
        parts.join(", ")
    });
    html! {
        <tr>
            <td>{ for e.addresses.iter().map(|a| html! { <code>{ a }</code> }) }</td>
            <td class="conds">
                { cond("ready", c.ready, true) }
                { cond("serving", c.serving, true) }
                if c.is_terminating() { { cond("terminating", c.terminating, false) } }
            </td>
            <td>{ e.node_name.clone().unwrap_or_else(|| "—".into()) }</td>
            <td>{ e.zone.clone().unwrap_or_else(|| "—".into()) }</td>
            <td>{ hints.filter(|h| !h.is_empty()).unwrap_or_else(|| "—".into()) }</td>
            <td>{ e.target_ref.as_ref().map(|r| format!("{}/{}", r.kind, r.name)).or_else(|| e.hostname.clone()).unwrap_or_else(|| "—".into()) }</td>
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
            <div class="table-wrap">
                <table class="data">
                    <thead><tr><th>{ "Addresses" }</th><th>{ "Conditions" }</th><th>{ "Node" }</th><th>{ "Zone" }</th><th>{ "Hints" }</th><th>{ "Target" }</th></tr></thead>
                    <tbody>
                        { for sl.endpoints.iter().take(limit).map(slice_endpoint_row) }
                        if n > limit { <tr><td colspan="6" class="muted">{ format!("… {} more", n - limit) }</td></tr> }
                    </tbody>
                </table>
            </div>
        }
        </>
    }
}
