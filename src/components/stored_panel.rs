use super::ViewProps;
use yew::prelude::*;

/// Stored object (to be written).
#[function_component(StoredPanel)]
pub fn view(_props: &ViewProps) -> Html {
    html! {
        <section class="card" aria-label="Stored object">
            <h2>{ "Stored object" }</h2>
            <p class="muted">{ "Coming soon." }</p>
        </section>
    }
}
