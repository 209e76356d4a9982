use super::ViewProps;
use yew::prelude::*;

/// Routing table (to be written).
#[function_component(RoutesPanel)]
pub fn view(_props: &ViewProps) -> Html {
    html! {
        <section class="card" aria-label="Routing table">
            <h2>{ "Routing table" }</h2>
            <p class="muted">{ "Coming soon." }</p>
        </section>
    }
}
