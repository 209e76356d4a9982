use super::{editor::Editor, problems::Problems, service_view::ServiceViewPanel};
use crate::state::{Action, State};
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let on_edit = {
        let state = state.dispatcher();
        Callback::from(move |text: String| state.dispatch(Action::Edit(text)))
    };
    let on_select = {
        let state = state.dispatcher();
        Callback::from(move |i: usize| state.dispatch(Action::SelectService(i)))
    };
    let a = state.analysis.clone();
    html! {
        <div class="app">
            <header class="topbar">
                <h1>{ "Service Playground" }</h1>
                <p class="tagline">{ "Write Kubernetes Services, Pods and workloads; see what a cluster would do with them." }</p>
            </header>
            <main class="layout">
                <section class="pane editor-pane" aria-label="Editor">
                    <Editor text={state.text.clone()} on_edit={on_edit} />
                </section>
                <section class="pane results-pane" aria-label="Results">
                    <ServiceViewPanel analysis={a.clone()} selected={state.selected_service} on_select={on_select} />
                    <Problems analysis={a} />
                </section>
            </main>
        </div>
    }
}
