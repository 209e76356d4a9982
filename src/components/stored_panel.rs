//! The objects as the API server would store them: the Service (defaulted, allocated) with the
//! fields the API server added highlighted, and the Endpoints / EndpointSlices the controllers
//! (or you) wrote. The YAML and its marks come from `engine::present::stored`.

use super::ViewProps;
use crate::components::no_service::no_service;
use engine::model::{EndpointsSource, ManagedBy};
use engine::present::stored::{stored, Line, Mark};
use yew::prelude::*;

fn yaml_block(lines: &[Line], label: String) -> Html {
    html! {
        <pre class="yaml" aria-label={label} tabindex="0">
            { for lines.iter().map(|l| {
                let class = match l.mark { Mark::Same => None, Mark::Added => Some("added"), Mark::Changed => Some("changed") };
                let title = match l.mark { Mark::Same => None, Mark::Added => Some(format!("{}: added by the API server", l.path)), Mark::Changed => Some(format!("{}: changed by the API server", l.path)) };
                html! { <span class={classes!("ln", class)} title={title}>{ &l.text }{ "\n" }</span> }
            }) }
        </pre>
    }
}

fn path_chips(paths: &[String], class: &'static str) -> Html {
    html! { <>{ for paths.iter().map(|p| html! { <code class={classes!("path", class)}>{ p }</code> }) }</> }
}

#[function_component(StoredPanel)]
pub fn view(props: &ViewProps) -> Html {
    let state = &props.state;
    let a = state.shown();
    let Some(v) = state.service() else {
        return no_service(
            state,
            "Stored object",
            "Stored object",
            "No valid Service yet: the API server would store nothing.",
            None,
        );
    };
    let Some(s) = stored(a, v) else { return html! {} };
    let (added, changed) = (&s.added, &s.changed);
    html! {
        <section class="card views stored-panel" aria-label="Stored object">
            <h2>{ "Stored object" }</h2>
            <p class="muted lead">{ "What the API server would store for what you wrote: defaults filled in, addresses allocated. This is what " }<code>{ format!("kubectl get service {} -o yaml", v.name) }</code>{ " would show (without uid, timestamps and managedFields)." }</p>
            <div class="diff-summary" data-testid="stored-defaulted">
                if added.is_empty() && changed.is_empty() {
                    <p class="muted">{ "The API server adds nothing to this object." }</p>
                }
                if !added.is_empty() {
                    <p><span class="legend-swatch added" aria-hidden="true"></span><strong>{ "Defaulted / allocated: " }</strong>{ path_chips(added, "added") }</p>
                }
                if !changed.is_empty() {
                    <p><span class="legend-swatch changed" aria-hidden="true"></span><strong>{ "Changed: " }</strong>{ path_chips(changed, "changed") }</p>
                }
            </div>
            <h3>{ "Service " }<code>{ &v.name }</code></h3>
            { yaml_block(&s.service.lines, format!("Service {} as stored", v.name)) }
            if let Some((source, ep)) = &s.endpoints {
                <details class="stored-more">
                    <summary>
                        { format!("Endpoints {}", ep.name) }
                        <span class="sub">{ if *source == EndpointsSource::User { "written by you" } else { "written by the endpoints controller" } }</span>
                    </summary>
                    { yaml_block(&ep.lines, format!("Endpoints {} as stored", ep.name)) }
                </details>
            }
            { for s.slices.iter().map(|(managed_by, sl)| {
                let who = match managed_by {
                    ManagedBy::Controller => "written by the EndpointSlice controller",
                    ManagedBy::Mirroring => "written by the EndpointSlice mirroring controller",
                    ManagedBy::User => "written by you",
                };
                html! {
                    <details class="stored-more">
                        <summary>{ format!("EndpointSlice {}", sl.name) }<span class="sub">{ who }</span></summary>
                        { yaml_block(&sl.lines, format!("EndpointSlice {} as stored", sl.name)) }
                    </details>
                }
            }) }
        </section>
    }
}
