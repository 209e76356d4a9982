use super::ViewProps;
use yew::prelude::*;

/// Traffic diagram (to be written).
#[function_component(Diagram)]
pub fn view(_props: &ViewProps) -> Html {
    html! {
        <section class="card" aria-label="Traffic diagram">
            <h2>{ "Traffic diagram" }</h2>
            <p class="muted">{ "Coming soon." }</p>
        </section>
    }
}
