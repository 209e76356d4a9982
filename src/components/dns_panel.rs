//! Cluster DNS for the chosen Service: its records (A/AAAA, SRV, CNAME, per-endpoint names of a
//! headless Service, the pods' own names) and a "resolve" box answering a name the way CoreDNS
//! would for a pod in a given namespace.

use super::ViewProps;
use crate::components::no_service::no_service;
use engine::dns::query;
use engine::model::{DnsRecord, DnsServiceKind, QType, NDOTS};
use engine::present::dns::{dig_text, search_list, service_dns, AnswerStatus, Suggestion};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const ROWS: usize = 60;

/// Text with `code` spans (the engine's explanations quote names in backticks).
pub fn ticks(text: &str) -> Html {
    html! {
        <>{ for text.split('`').enumerate().map(|(i, part)| if i % 2 == 1 { html! { <code>{ part }</code> } } else { html! { { part } } }) }</>
    }
}

fn record_row(r: &DnsRecord) -> Html {
    html! {
        <tr>
            <td><code>{ &r.name }</code></td>
            <td><span class="rtype">{ r.rtype.as_str() }</span></td>
            <td><code>{ &r.data }</code></td>
        </tr>
    }
}

#[function_component(DnsPanel)]
pub fn view(props: &ViewProps) -> Html {
    let state = &props.state;
    let a = state.shown();
    let qname = use_state(|| None::<String>);
    let qtype = use_state_eq(|| QType::A);
    let from_ns = use_state_eq(|| None::<String>);
    let show_all = use_state_eq(|| false);
    let Some(v) = state.service() else {
        return no_service(
            state,
            "DNS records",
            "DNS",
            "No valid Service yet: cluster DNS has no name to answer.",
            None,
        );
    };
    let d = service_dns(a, v);
    let fqdn = &d.fqdn;
    let svc_records = &d.records;
    let pod_records = &d.pod_records;
    let limit = if *show_all { usize::MAX } else { ROWS };

    let (kind_text, kind_help) = match d.kind {
        DnsServiceKind::ExternalName => (
            "ExternalName",
            "The name is an alias: CoreDNS answers a CNAME to the external name (any query type that allows one); the client then resolves and connects to that host itself. No SRV records, no endpoints.",
        ),
        DnsServiceKind::Headless => (
            "Headless",
            "No cluster IP: the Service name answers one A record per ready endpoint (a client picks one and connects to the pod directly), and every endpoint gets its own name. No ready endpoint means NXDOMAIN.",
        ),
        DnsServiceKind::ClusterIP => (
            "ClusterIP",
            "The Service name answers its cluster IP (whether or not any pod is ready); each named port gets an SRV record. kube-proxy then spreads connections to the IP over the endpoints.",
        ),
    };

    // ---------------------------------------------------------------- resolve box
    let name_now = (*qname).clone().unwrap_or_else(|| v.name.clone());
    let ns_now = (*from_ns).clone().unwrap_or_else(|| v.namespace.clone());
    let answer = query(&a.dns, &name_now, *qtype, Some(&ns_now));
    let on_name = {
        let qname = qname.clone();
        Callback::from(move |e: InputEvent| {
            let i: HtmlInputElement = e.target_unchecked_into();
            qname.set(Some(i.value()));
        })
    };
    let on_type = {
        let qtype = qtype.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            qtype.set(QType::parse(&s.value()).unwrap_or(QType::A));
        })
    };
    let on_ns = {
        let from_ns = from_ns.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            from_ns.set(Some(s.value()));
        })
    };
    let pick = |s: &Suggestion| {
        let qname = qname.clone();
        let qtype = qtype.clone();
        let (text, ask) = (s.name.clone(), s.qtype);
        Callback::from(move |_| {
            qname.set(Some(text.clone()));
            if let Some(q) = ask {
                qtype.set(q);
            }
        })
    };
    let status = match AnswerStatus::of(&answer) {
        AnswerStatus::NxDomain => ("nx", "NXDOMAIN"),
        AnswerStatus::Forwarded => ("upstream", "Forwarded upstream (not modelled)"),
        AnswerStatus::NoData => ("nodata", "NOERROR, no answer (NODATA)"),
        AnswerStatus::NoError => ("ok", "NOERROR"),
    };
    let dig = dig_text(&answer);

    html! {
        <section class="card views dns-panel" aria-label="DNS records">
            <h2>{ "DNS" }<span class="badge">{ kind_text }</span></h2>
            <p class="muted lead">{ kind_help }</p>
            <h3>{ "Records for " }<code>{ fqdn }</code></h3>
            if svc_records.is_empty() {
                <p class="callout warn" data-testid="dns-none">
                    { match d.kind {
                        DnsServiceKind::Headless => "No records: a headless Service with no ready endpoint is NXDOMAIN.",
                        DnsServiceKind::ExternalName => "No record: CoreDNS does not answer an ExternalName that is an IP address (the name is NXDOMAIN).",
                        DnsServiceKind::ClusterIP => "No records (the Service has no cluster IP yet).",
                    } }
                </p>
            } else {
                <div class="table-wrap" tabindex="0" role="region" aria-label="DNS records">
                    <table class="data dns-records" data-testid="dns-records">
                        <thead><tr><th>{ "Name" }</th><th>{ "Type" }</th><th>{ "Data" }</th></tr></thead>
                        <tbody>
                            { for svc_records.iter().take(limit).map(|r| record_row(r)) }
                            if svc_records.len() > limit { <tr><td colspan="3" class="muted">{ format!("… {} more", svc_records.len() - limit) }</td></tr> }
                        </tbody>
                    </table>
                </div>
                if svc_records.len() > ROWS {
                    <button class="btn" onclick={{ let s = show_all.clone(); Callback::from(move |_| s.set(!*s)) }}>{ if *show_all { "Show fewer" } else { "Show all records" } }</button>
                }
            }
            if d.unpublished > 0 {
                <p class="muted small">{ format!("{} endpoint address{} not published: not ready (set publishNotReadyAddresses: true to publish them anyway).", d.unpublished, if d.unpublished == 1 { " is" } else { "es are" }) }</p>
            }
            if !pod_records.is_empty() {
                <h3>{ "The selected pods' own names" }</h3>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Pod DNS records">
                    <table class="data dns-records">
                        <thead><tr><th>{ "Name" }</th><th>{ "Type" }</th><th>{ "Data" }</th></tr></thead>
                        <tbody>{ for pod_records.iter().take(12).map(|r| record_row(r)) }</tbody>
                    </table>
                </div>
            }
            <h3>{ "Resolve" }</h3>
            <p class="muted small">{ format!("As a pod in the chosen namespace asks it: its resolver tries the search list ({}) for names with fewer than {NDOTS} dots, then CoreDNS answers.", search_list(&ns_now, a.cluster.domain()).join(", ")) }</p>
            <form class="resolve" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())} aria-label="Resolve a name">
                <label>{ "Name" }
                    <input name="qname" type="text" value={name_now.clone()} oninput={on_name} spellcheck="false" autocapitalize="off" aria-label="Name to resolve" />
                </label>
                <label>{ "Type" }
                    <select onchange={on_type} aria-label="Query type">
                        { for [QType::A, QType::AAAA, QType::SRV, QType::CNAME].into_iter().map(|q| html! { <option value={q.as_str()} selected={q == *qtype}>{ q.as_str() }</option> }) }
                    </select>
                </label>
                <label>{ "From namespace" }
                    <select onchange={on_ns} aria-label="Client namespace">
                        { for a.dns.namespaces.iter().map(|n| html! { <option value={n.clone()} selected={*n == ns_now}>{ n }</option> }) }
                    </select>
                </label>
            </form>
            <div class="filters">
                <span class="muted small">{ "Try:" }</span>
                { for d.suggestions.iter().map(|s| html! { <button class="seg-btn" onclick={pick(s)}>{ &s.name }</button> }) }
            </div>
            <div class={classes!("answer", status.0)} data-testid="dns-answer" aria-live="polite">
                <p><strong>{ status.1 }</strong>{ " for " }<code>{ &answer.name }</code>{ format!(" ({})", answer.qtype.as_str()) }</p>
                if !dig.is_empty() { <pre>{ dig }</pre> }
                <p class="muted">{ ticks(&answer.explanation) }</p>
            </div>
        </section>
    }
}
