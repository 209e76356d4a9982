use super::ViewProps;
use yew::prelude::*;

/// DNS records (to be written).
#[function_component(DnsPanel)]
pub fn view(_props: &ViewProps) -> Html {
    html! {
        <section class="card" aria-label="DNS records">
            <h2>{ "DNS records" }</h2>
            <p class="muted">{ "Coming soon." }</p>
        </section>
    }
}
