use super::ViewProps;
use yew::prelude::*;

/// Endpoints and EndpointSlices (to be written).
#[function_component(EndpointsPanel)]
pub fn view(_props: &ViewProps) -> Html {
    html! {
        <section class="card" aria-label="Endpoints and EndpointSlices">
            <h2>{ "Endpoints and EndpointSlices" }</h2>
            <p class="muted">{ "Coming soon." }</p>
        </section>
    }
}
