//! Teaching aids under the Service's head: the "ClusterIP ⊂ NodePort ⊂ LoadBalancer" ladder
//! with the shown type marked, and (folded) the port explainer and the glossary of the trace's
//! words. Everything shown comes from [`engine::present::teach`]; this only lays it out.

use engine::present::teach::{self, Ladder, PortChain, Rung, Step};
use yew::prelude::*;

/// A "Kubernetes docs ↗" link (a new tab; the playground itself fetches nothing).
pub fn docs_link(href: &'static str, what: &str) -> Html {
    html! {
        <a class="docs-link" href={href} target="_blank" rel="noopener noreferrer"
            aria-label={format!("Kubernetes docs: {what} (opens in a new tab)")}>
            { "Kubernetes docs ↗" }
        </a>
    }
}

fn rung(s: &Step) -> Html {
    let class = match s.rung {
        Rung::Current => "current",
        Rung::Included => "included",
        Rung::Beyond => "beyond",
        Rung::Apart => "apart",
    };
    let state = match s.rung {
        Rung::Current => " (this Service)",
        Rung::Included => " (included)",
        _ => "",
    };
    html! {
        <li class={classes!("rung", class)} aria-current={(s.rung == Rung::Current).then_some("true")}>
            <a href={s.docs} target="_blank" rel="noopener noreferrer" class="rung-name"
                title={format!("{}: {} — Kubernetes docs ↗", s.type_, s.adds)}>{ s.type_.as_str() }</a>
            <span class="sr-only">{ state }{ ": " }{ s.adds }</span>
        </li>
    }
}

/// `ClusterIP ⊂ NodePort ⊂ LoadBalancer · ExternalName`, the shown type highlighted. (Plain
/// functions, not components: each component costs the wasm its own copy of yew's machinery.)
pub fn type_ladder(l: &Ladder) -> Html {
    let current = l.steps.iter().chain([&l.external_name]).find(|s| s.rung == Rung::Current);
    html! {
        <div class="type-ladder" data-testid="type-ladder">
            <ol class="ladder" aria-label="Service types: each one includes the one before it">
                { for l.steps.iter().enumerate().map(|(i, s)| html! {
                    <>
                        if i > 0 { <li class="subset" aria-hidden="true">{ "⊂" }</li> }
                        { rung(s) }
                    </>
                }) }
            </ol>
            <ul class="ladder apart" aria-label="Not on the ladder">{ rung(&l.external_name) }</ul>
            if let Some(s) = current {
                <p class="ladder-adds"><strong>{ s.type_.as_str() }</strong>{ ": " }{ s.adds }</p>
            }
            if let Some(n) = l.note { <p class="ladder-note muted">{ n }</p> }
        </div>
    }
}

fn chain(c: &PortChain) -> Html {
    let title = if c.name.is_empty() {
        format!("{} port", c.protocol)
    } else {
        format!("port \"{}\" ({})", c.name, c.protocol)
    };
    html! {
        <li class="port-chain">
            <span class="chain-title">{ title }</span>
            <ol class="port-hops">
                { for c.hops.iter().map(|h| html! {
                    <li class="port-hop">
                        <code class="field">{ h.field }</code>
                        <code class="value">{ &h.value }</code>
                        <span class="meaning">{ &h.meaning }</span>
                    </li>
                }) }
                if c.targets.is_empty() {
                    <li class="port-hop muted"><code class="field">{ "containerPort" }</code>
                        <span class="meaning">{ "no pod selected: nothing to arrive at yet" }</span></li>
                }
                { for c.targets.iter().map(|t| {
                    let value = t.container_port.map_or("—".to_string(), |n| n.to_string());
                    let meaning = match (t.container_port, t.declared) {
                        (None, _) => "no container port with this name and protocol: these pods are not endpoints of this port".to_string(),
                        (Some(_), true) => format!(
                            "declared by container \"{}\"{}",
                            t.container.as_deref().unwrap_or(""),
                            t.port_name.as_ref().map(|n| format!(" as \"{n}\"")).unwrap_or_default()
                        ),
                        (Some(n), false) => format!("no container declares {n}: traffic still goes there, and works only if the program listens on it"),
                    };
                    html! {
                        <li class={classes!("port-hop", "target", (!t.declared).then_some("undeclared"))}>
                            <code class="field">{ "containerPort" }</code>
                            <code class="value">{ value }</code>
                            <span class="meaning">{ meaning }{ " — " }<span class="pods">{ t.pods.join(", ") }</span></span>
                        </li>
                    }
                }) }
            </ol>
        </li>
    }
}

/// port → targetPort → containerPort (and nodePort), with this Service's numbers; then the
/// glossary. Folded by default.
pub fn explainer(chains: &[PortChain]) -> Html {
    html! {
        <details class="teach" data-testid="teach">
            <summary>{ "How the ports connect · words of the trace" }</summary>
            <div class="teach-body">
                <section aria-label="Ports, from the client to the container">
                    <h3>{ "From the client to the container" }
                        { docs_link("https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports", "Service ports") }</h3>
                    if chains.is_empty() {
                        <p class="muted">{ "An ExternalName Service has no ports in use: clients resolve its name and connect to the external host themselves." }</p>
                    }
                    <ul class="port-chains" data-testid="port-chains">{ for chains.iter().map(chain) }</ul>
                </section>
                <section aria-label="Glossary">
                    <h3>{ "Words the trace uses" }{ docs_link(teach::glossary_docs(), "Virtual IPs and Service proxies") }</h3>
                    <dl class="glossary" data-testid="glossary">
                        { for teach::GLOSSARY.iter().map(|t| html! {
                            <>
                                <dt id={t.id}>{ t.term }</dt>
                                <dd>{ t.meaning }</dd>
                            </>
                        }) }
                    </dl>
                </section>
            </div>
        </details>
    }
}
